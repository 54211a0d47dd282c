//! The streaming pipeline: inputs in, every paper's links out, in bounded memory.
//!
//! [`Pipeline`] reads the inputs in batches and extracts each batch on the thread pool while
//! the next one is read; an abstract is freed as soon as its paper is extracted, so memory
//! holds the papers' metadata and their links, never the corpus text. [`Loaded::build`]
//! then makes the graph. This is what `paperkg build` and `paperkg extract` run; the command
//! line only turns [`Event`]s into progress bars and warnings.
//!
//! ```
//! use paperkg::{Extractors, graph, pipeline::{Event, Pipeline}};
//!
//! let extractors = Extractors::new()?;
//! let mut warnings = Vec::new();
//! let loaded = Pipeline::new(&extractors)
//!     .input("examples/hf-papers")
//!     .on_event(|event| {
//!         if let Event::Skipped(problem) = event {
//!             warnings.push(problem.to_string());
//!         }
//!     })
//!     .run()?;
//! assert!(loaded.corpus.len() > 300 && warnings.is_empty());
//! let built = loaded.build(&graph::BuildOptions::default())?;
//! assert!(built.graph.edge_count() > 1000);
//! # Ok::<(), paperkg::Error>(())
//! ```
//!
//! # What is skipped
//!
//! A bad record (broken JSON, a title without an abstract, …) is reported as an
//! [`Event::Skipped`] naming its file and line, and reading goes on. So is a file that cannot
//! be used at all — it cannot be opened or decompressed, its format cannot be told, it is
//! empty, or it holds no record — named with line 0. With [`Pipeline::strict`] the first
//! problem stops the run instead ([`Error::BadRecord`]).

use crate::error::{Error, Result};
use crate::extract::Extractors;
use crate::graph::{self, BuildOptions, Built, LinkTable};
use crate::incremental::Saved;
use crate::input::{self, Corpus, InputFormat, RecordError};
use std::path::PathBuf;

/// What happens while the pipeline reads, for progress bars and warnings.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// The inputs are expanded: this many files will be read.
    Files(usize),
    /// A file is about to be read.
    File(&'a std::path::Path),
    /// Records read so far (papers and skipped records), every 1,024 records.
    Records(usize),
    /// A record or a whole file was skipped (line 0 for a file), and why.
    Skipped(&'a RecordError),
}

/// The streaming pipeline's options; [`Pipeline::run`] reads and extracts.
pub struct Pipeline<'a> {
    extractors: &'a Extractors,
    inputs: Vec<PathBuf>,
    format: Option<InputFormat>,
    strict: bool,
    batch: usize,
    base: Saved,
    on_event: Box<dyn FnMut(Event<'_>) + 'a>,
}

/// What the pipeline read and extracted.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The distinct papers, their abstracts freed (earlier build's papers first, when
    /// appending).
    pub corpus: Corpus,
    /// Every paper's links: `links.links(i)` belongs to `corpus.papers[i]`, whatever the
    /// thread count.
    pub links: LinkTable,
    /// Whether `corpus.papers[i]` had an abstract when it was extracted (what
    /// [`crate::incremental`] saves).
    pub had_abstract: Vec<bool>,
    /// Records read (papers, before duplicates were merged).
    pub records: usize,
    /// Bad records skipped.
    pub skipped: usize,
    /// Files read.
    pub files: usize,
    /// Files skipped whole (also counted in no other number).
    pub files_skipped: usize,
}

impl Loaded {
    /// How many papers were extracted without an abstract (from their title alone: their
    /// records had an empty abstract, and no later record of them brought one).
    pub fn without_abstract(&self) -> usize {
        self.had_abstract.iter().filter(|&&had| !had).count()
    }

    /// Whether anything was skipped (a record or a file).
    pub fn skipped_any(&self) -> bool {
        self.skipped > 0 || self.files_skipped > 0
    }

    /// The graph of what was read: entities resolved across the corpus (see
    /// [`graph::build_table_with`]).
    pub fn build(self, options: &BuildOptions<'_>) -> Result<Built> {
        graph::build_table_with(self.corpus.papers, self.links, options)
    }
}

impl<'a> Pipeline<'a> {
    /// A pipeline extracting with `extractors`; add inputs with [`Pipeline::input`].
    pub fn new(extractors: &'a Extractors) -> Self {
        Pipeline {
            extractors,
            inputs: Vec::new(),
            format: None,
            strict: false,
            batch: 8192,
            base: Saved::default(),
            on_event: Box::new(|_| {}),
        }
    }

    /// Adds an input: a file, a directory (walked recursively in sorted order) or `-` for
    /// standard input.
    pub fn input(mut self, path: impl Into<PathBuf>) -> Self {
        self.inputs.push(path.into());
        self
    }

    /// Adds several inputs.
    pub fn inputs(mut self, paths: impl IntoIterator<Item = impl Into<PathBuf>>) -> Self {
        self.inputs.extend(paths.into_iter().map(Into::into));
        self
    }

    /// Reads every file in this format instead of telling it from the name and content.
    pub fn input_format(mut self, format: Option<InputFormat>) -> Self {
        self.format = format;
        self
    }

    /// Stops at the first bad record or unusable file instead of skipping it.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Papers per extraction batch (at least 1; default 8,192). The output does not depend
    /// on it; smaller batches hold less text in memory.
    pub fn batch(mut self, papers: usize) -> Self {
        self.batch = papers.max(1);
        self
    }

    /// Continues an earlier build: its papers come first and keep their links, and the inputs
    /// are read as if they followed the earlier build's inputs. A saved paper extracted
    /// without an abstract is extracted again only if a new record brings one.
    pub fn append_to(mut self, saved: Saved) -> Self {
        self.base = saved;
        self
    }

    /// Calls `f` with each [`Event`], on the calling thread.
    pub fn on_event(mut self, f: impl FnMut(Event<'_>) + 'a) -> Self {
        self.on_event = Box::new(f);
        self
    }

    /// Reads every input and extracts the papers while reading.
    ///
    /// A paper read without an abstract waits until the end, since a later duplicate record
    /// may bring one (see [`Corpus::push`]).
    ///
    /// # Errors
    /// An input path that does not exist, no input file at all, or (with
    /// [`Pipeline::strict`]) the first problem.
    pub fn run(self) -> Result<Loaded> {
        let Pipeline {
            extractors,
            inputs,
            format,
            strict,
            batch,
            base,
            mut on_event,
        } = self;
        let Saved {
            corpus,
            links,
            mut had_abstract,
        } = base;
        let (files, walk_problems) = input::expand_inputs_reporting(&inputs)?;
        for problem in &walk_problems {
            if strict {
                return Err(Error::BadRecord(problem.clone()));
            }
            on_event(Event::Skipped(problem));
        }
        if files.is_empty() {
            return Err(Error::NoInput(inputs));
        }
        on_event(Event::Files(files.len()));
        // Saved papers without an abstract; papers read so far without one; how many papers
        // earlier batches (or the saved build) covered.
        let waiting: Vec<usize> = (0..corpus.len()).filter(|&i| !had_abstract[i]).collect();
        let mut deferred: Vec<usize> = Vec::new();
        let mut seen = corpus.len();
        // Each batch is extracted on the thread pool while the next one is read: the batch's
        // texts move into a job (the abstracts leave the corpus there and then), and so does
        // the link table, which the job fills in and hands back. One job at a time.
        let (mut loaded, links) = std::thread::scope(|scope| -> Result<(Loaded, LinkTable)> {
            let mut table = Some(links);
            let mut running: Option<std::thread::ScopedJoinHandle<'_, LinkTable>> = None;
            let mut extract = |corpus: &mut Corpus, last: bool| -> LinkTable {
                had_abstract.resize(corpus.len(), false);
                let mut todo = if last {
                    std::mem::take(&mut deferred)
                } else {
                    Vec::new()
                };
                if last {
                    let papers = &corpus.papers;
                    todo.extend(
                        waiting
                            .iter()
                            .filter(|&&i| !papers[i].abstract_text.is_empty()),
                    );
                }
                for i in seen..corpus.len() {
                    if last || !corpus.papers[i].abstract_text.is_empty() {
                        todo.push(i);
                    } else {
                        deferred.push(i);
                    }
                }
                seen = corpus.len();
                let job: Vec<(usize, String, String)> = todo
                    .into_iter()
                    .map(|i| {
                        let paper = &mut corpus.papers[i];
                        had_abstract[i] = !paper.abstract_text.is_empty();
                        let text = std::mem::take(&mut paper.abstract_text);
                        (i, paper.title.clone(), text)
                    })
                    .collect();
                let mut links = match running.take() {
                    Some(previous) => join(previous),
                    None => table.take().expect("the table is here when no job runs"),
                };
                links.cover(corpus.len());
                if last {
                    extract_job(job, extractors, links)
                } else {
                    running = Some(scope.spawn(move || extract_job(job, extractors, links)));
                    LinkTable::new()
                }
            };
            let mut loaded = read_all(
                &files,
                format,
                strict,
                batch,
                corpus,
                &mut *on_event,
                |corpus| {
                    extract(corpus, false);
                },
            )?;
            let links = extract(&mut loaded.corpus, true);
            loaded.files_skipped += walk_problems.len();
            Ok((loaded, links))
        })?;
        // Reading is over: the duplicate indexes can go. Duplicates read after a paper was
        // extracted may have brought an abstract back.
        loaded.corpus.seal();
        for paper in &mut loaded.corpus.papers {
            paper.abstract_text = String::new();
        }
        loaded.links = links;
        loaded.had_abstract = had_abstract;
        Ok(loaded)
    }
}

/// Reads every file into `corpus`, reporting (or, when `strict`, stopping at) bad records
/// and unusable files, and calls `batch` on the corpus each time `every` more papers have
/// been added (not at the end).
fn read_all(
    files: &[PathBuf],
    format: Option<InputFormat>,
    strict: bool,
    every: usize,
    mut corpus: Corpus,
    on_event: &mut dyn FnMut(Event<'_>),
    mut batch: impl FnMut(&mut Corpus),
) -> Result<Loaded> {
    let mut loaded = Loaded {
        files: files.len(),
        ..Loaded::default()
    };
    let problem = |err: RecordError, on_event: &mut dyn FnMut(Event<'_>)| -> Result<()> {
        if strict {
            return Err(Error::BadRecord(err));
        }
        on_event(Event::Skipped(&err));
        Ok(())
    };
    for file in files {
        on_event(Event::File(file));
        let reader = match input::open(file, format) {
            Ok(reader) => reader,
            Err(e) => {
                loaded.files_skipped += 1;
                problem(file_problem(file, e), on_event)?;
                continue;
            }
        };
        let (mut papers, mut bad) = (0usize, 0usize);
        for record in reader {
            match record {
                Ok(paper) => {
                    papers += 1;
                    loaded.records += 1;
                    if corpus.push(paper) && corpus.len().is_multiple_of(every) {
                        batch(&mut corpus);
                    }
                }
                Err(err) => {
                    bad += 1;
                    loaded.skipped += 1;
                    problem(err, on_event)?;
                }
            }
            if (loaded.records + loaded.skipped).is_multiple_of(1024) {
                on_event(Event::Records(loaded.records + loaded.skipped));
            }
        }
        if papers == 0 && bad == 0 {
            loaded.files_skipped += 1;
            let err = RecordError {
                path: file.clone(),
                line: 0,
                message: "no records: the file is empty or holds only page chrome; skipped".into(),
            };
            problem(err, on_event)?;
        }
    }
    on_event(Event::Records(loaded.records + loaded.skipped));
    loaded.corpus = corpus;
    Ok(loaded)
}

/// A file that could not be opened, as a problem naming it.
fn file_problem(file: &std::path::Path, e: Error) -> RecordError {
    let message = match e {
        Error::Io { error, .. } => format!("cannot be read: {error}; skipped"),
        Error::Format { message, .. } => format!("{message}; skipped"),
        other => format!("{other}; skipped"),
    };
    RecordError {
        path: file.to_path_buf(),
        line: 0,
        message,
    }
}

/// Extracts a batch of `(paper index, title, abstract)` in parallel and stores the links in
/// `table`, which it hands back.
fn extract_job(
    job: Vec<(usize, String, String)>,
    extractors: &Extractors,
    mut table: LinkTable,
) -> LinkTable {
    use rayon::prelude::*;
    let done: Vec<_> = job
        .into_par_iter()
        .with_min_len(64)
        .map(|(i, title, text)| (i, extractors.extract_text(&title, &text)))
        .collect();
    for (i, links) in done {
        table.set(i, links);
    }
    table
}

/// The result of a batch extracted on another thread (a panic there is passed on).
fn join(handle: std::thread::ScopedJoinHandle<'_, LinkTable>) -> LinkTable {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
