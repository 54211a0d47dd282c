//! The library's one error type.
//!
//! Setup problems (a missing file, an unreadable directory, an output that cannot be written)
//! are `Error`s and stop the run. Problems with a single record are not errors: readers report
//! them as [`RecordError`]s and go on with the next record. Both live here, so the readers
//! depend on this module and never the other way round.

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
    /// The inputs named no file (an empty directory, say).
    #[error("no input files found in {}", .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    NoInput(Vec<PathBuf>),
    /// Reading or writing a file failed. The message includes the underlying error, which
    /// is therefore not also given as [`std::error::Error::source`] (a report printing the
    /// chain would say it twice).
    #[error("{}: {error}", path.display())]
    Io {
        /// The file being read or written.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
    /// The first bad record of a strict run.
    #[error("{0}")]
    BadRecord(RecordError),
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
            error: source,
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

/// A record that could not be read: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The input file (`-` for standard input).
    pub path: PathBuf,
    /// 1-based line of the record (0 when the problem is with the file as a whole).
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        }
    }
}

impl std::error::Error for RecordError {}
