//! Exports: the graph as files other tools open.
//!
//! One file per format behind one small trait, [`Exporter`]; every exporter writes to an
//! `impl Write` and never prints. [`write_dir`] writes a set of formats into a directory
//! atomically: each file goes to a temporary file beside its target and is renamed into place
//! only when complete, so an interrupted run leaves the previous files intact.
//!
//! Text from papers is escaped for each format by its exporter: JSON by serde, CSV by the csv
//! crate plus spreadsheet-formula neutralising, DOT by [`dot::escape`], GEXF and GraphML by
//! [`xml::escape`]; the Neo4j CSVs put text on one line.

pub mod csv;
pub mod cytoscape;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod json;
pub mod neo4j;
pub mod rdf;
pub mod schema;
pub mod xml;

use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Format {
    /// networkx node-link JSON (`graph.json`); the file later commands read.
    Json,
    /// Gephi spreadsheet CSVs (`nodes.csv`, `edges.csv`).
    Csv,
    /// Graphviz DOT (`graph.dot`).
    Dot,
    /// GEXF 1.3 (`graph.gexf`), Gephi's native format.
    Gexf,
    /// GraphML (`graph.graphml`).
    Graphml,
    /// Cytoscape JSON (`graph.cyjs`).
    Cytoscape,
    /// Neo4j bulk-import CSVs and a LOAD CSV script (`neo4j/`).
    Neo4j,
    /// RDF Turtle (`graph.ttl`).
    Turtle,
    /// RDF N-Triples (`graph.nt`).
    Ntriples,
    /// The interactive explorer (`graph.html`): one self-contained page.
    Html,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 10] = [
        Format::Json,
        Format::Csv,
        Format::Dot,
        Format::Gexf,
        Format::Graphml,
        Format::Cytoscape,
        Format::Neo4j,
        Format::Turtle,
        Format::Ntriples,
        Format::Html,
    ];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Dot => "dot",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Cytoscape => "cytoscape",
            Format::Neo4j => "neo4j",
            Format::Turtle => "turtle",
            Format::Ntriples => "ntriples",
            Format::Html => "html",
        }
    }

    /// The exporter for this format.
    pub fn exporter(self) -> &'static dyn Exporter {
        match self {
            Format::Json => &json::JsonExporter,
            Format::Csv => &csv::CsvExporter,
            Format::Dot => &dot::DotExporter,
            Format::Gexf => &gexf::GexfExporter,
            Format::Graphml => &graphml::GraphmlExporter,
            Format::Cytoscape => &cytoscape::CytoscapeExporter,
            Format::Neo4j => &neo4j::Neo4jExporter,
            Format::Turtle => &rdf::TURTLE,
            Format::Ntriples => &rdf::NTRIPLES,
            Format::Html => &html::HtmlExporter,
        }
    }
}

/// Writes a graph in one format.
pub trait Exporter: Sync {
    /// The files this format consists of, relative to the output directory.
    fn files(&self) -> &'static [&'static str];

    /// Writes file `file` (one of [`Exporter::files`]).
    fn write_file(
        &self,
        graph: &KnowledgeGraph,
        file: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()>;
}

/// Writes a single-file format (JSON, DOT) to a stream.
///
/// For multi-file formats (CSV) this writes the first file (`nodes.csv`); use
/// [`Exporter::write_file`] for the others, or [`write_dir`].
pub fn write(graph: &KnowledgeGraph, format: Format, out: impl Write) -> Result<()> {
    let exporter = format.exporter();
    let mut out = BufWriter::new(out);
    exporter
        .write_file(graph, exporter.files()[0], &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("<stream>", e))
}

/// Writes every file of `formats` into `dir` (created if missing), all or nothing: each file
/// is written to a temporary file beside its target, and only when every one is complete are
/// they renamed into place (the window left for a mix of old and new is those renames).
/// Returns the paths written, in order.
///
/// A lock on `dir/.paperkg.lock` (an OS file lock, released when the process ends, however
/// it ends) refuses a second writer to the same directory; temporary files a killed run left
/// there are removed first.
pub fn write_dir(graph: &KnowledgeGraph, formats: &[Format], dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let lock = DirLock::acquire(dir)?;
    write_dir_locked(&lock, graph, formats, Vec::new())
}

/// [`write_dir`] into the directory `lock` holds, with other files of the same run already
/// written to temporaries ([`stage`]: a links file, a merge log) renamed into place with the
/// graph's files, after them, and only if they all succeeded.
pub fn write_dir_locked(
    lock: &DirLock,
    graph: &KnowledgeGraph,
    formats: &[Format],
    staged: Vec<Staged>,
) -> Result<Vec<PathBuf>> {
    use rayon::prelude::*;
    let dir = lock.dir.as_path();
    let files: Vec<(Format, &'static str)> = formats
        .iter()
        .flat_map(|&format| format.exporter().files().iter().map(move |&f| (format, f)))
        .collect();
    // Subdirectories (neo4j/) first: a path blocked by a file fails here, before anything.
    for &(_, file) in &files {
        if let Some(parent) = dir.join(file).parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            // The directory itself was cleaned when it was locked; a subdirectory is cleaned
            // here, unless a staged file of this run waits in it.
            if parent != dir && !staged.iter().any(|s| s.path.parent() == Some(parent)) {
                remove_stale_temporaries(parent);
            }
        }
    }
    // Files are independent: they are written in parallel, each by one thread (a large
    // graph's JSON, CSV and DOT take about as long each).
    let written: Vec<Result<Staged>> = files
        .par_iter()
        .with_max_len(1)
        .map(|&(format, file)| {
            stage(&dir.join(file), |out| {
                format.exporter().write_file(graph, file, out)
            })
        })
        .collect();
    // Any failure drops every temporary (deleting it) and leaves the directory as it was.
    let written: Vec<Staged> = written.into_iter().collect::<Result<_>>()?;
    written
        .into_iter()
        .chain(staged)
        .map(|Staged { path, tmp }| {
            tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
            Ok(path)
        })
        .collect()
}

/// A file written to a temporary beside its target, waiting to be renamed into place
/// (deleted if dropped).
pub struct Staged {
    /// Where it goes.
    pub path: PathBuf,
    tmp: tempfile::TempPath,
}

/// Writes what will become `path` to a temporary beside it; [`write_dir_locked`] renames it
/// into place with the rest of the run.
pub fn stage(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged> {
    Ok(Staged {
        path: path.to_path_buf(),
        tmp: write_temporary(path, write)?,
    })
}

/// An exclusive lock on an output directory, held while it is written (released when
/// dropped, or when the process ends however it ends).
pub struct DirLock {
    dir: PathBuf,
    _file: std::fs::File,
}

impl DirLock {
    /// Locks `dir` (created if missing) for this run: refused while another run holds it;
    /// temporaries a killed run left there are removed.
    pub fn acquire(dir: &Path) -> Result<DirLock> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(".paperkg.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {
                remove_stale_temporaries(dir);
                Ok(DirLock {
                    dir: dir.to_path_buf(),
                    _file: file,
                })
            }
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Format {
                path: dir.to_path_buf(),
                message: "another paperkg is writing to this directory; wait for it to \
                          finish, or write elsewhere with -o"
                    .into(),
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }
}

/// Removes the `.paperkg-*.tmp` files a killed run left in `dir` (only ever called with the
/// directory locked, so none of them is being written).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".paperkg-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes a file through a temporary file in the same directory and renames it into place.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let tmp = write_temporary(path, write)?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Writes what will become `path` to a temporary file beside it (deleted if dropped).
fn write_temporary(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<tempfile::TempPath> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".paperkg-").suffix(".tmp");
    // A temporary file is private (0600); the finished export is an ordinary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = BufWriter::with_capacity(1 << 16, tmp);
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(path, e))?;
    let tmp = out
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    Ok(tmp.into_temp_path())
}

/// Makes a CSV cell safe to open in a spreadsheet: a cell starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return would be read as a formula, so it gets a leading `'` (the
/// convention spreadsheets themselves use for "text").
pub fn neutralize_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) use tests::fixture as tests_fixture;
