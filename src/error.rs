//! The library's one error type.
//!
//! Setup problems (a missing file, an unreadable directory, an output that cannot be written)
//! are `Error`s and stop the run. Problems with a single record are not errors: readers report
//! them as [`crate::input::RecordError`] and go on with the next record.

use std::path::PathBuf;

/// Everything that can stop a paperkg run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input path does not exist.
    #[error("{}: no such file or directory", path.display())]
    NotFound {
        /// The path as the user gave it.
        path: PathBuf,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file being read or written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The first bad record of a strict run.
    #[error("{0}")]
    BadRecord(crate::input::RecordError),
    /// A file could not be understood as a whole (for example a graph file that is not a
    /// paperkg graph).
    #[error("{}: {message}", path.display())]
    Format {
        /// The offending file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The built-in lexicon failed to load (a bug in the shipped data).
    #[error("lexicon: {0}")]
    Lexicon(String),
    /// A thesaurus has bad, contradictory or unmatched lines (each named `file:line: …`).
    #[error("{0}")]
    Thesaurus(String),
    /// A SPARQL query could not be prepared or run.
    #[error("sparql: {0}")]
    Query(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The error for a file that could not be opened: [`Error::NotFound`] when it does not
    /// exist, so the message says so plainly.
    pub(crate) fn open(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound { path: path.into() }
        } else {
            Error::io(path, source)
        }
    }
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
