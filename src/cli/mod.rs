//! The command line: clap types, one file per subcommand, and what they share (reading inputs
//! with progress and warnings, exit statuses). Only this module prints.

mod build;
mod entities;
mod eval;
mod extract;
mod query;
mod render;
mod sparql;
mod stats;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use paperkg::graph::LinkTable;
use paperkg::incremental::Saved;
use paperkg::input::{self, Corpus, InputFormat};
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn paper titles and abstracts into a knowledge graph of the models, datasets, methods,
/// metrics and tasks they name.
#[derive(Parser, Debug)]
#[command(name = "paperkg", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Hide progress bars.
    #[arg(long, global = true)]
    no_progress: bool,
    /// Print only warnings and errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the knowledge graph from papers and write it (graph.json, nodes.csv + edges.csv,
    /// graph.dot), or add papers to a graph built before (--append).
    Build(build::BuildArgs),
    /// Print each paper's entities as JSON Lines, without building a graph.
    Extract(extract::ExtractArgs),
    /// Summarise a graph.json: counts per kind, the entities most papers share.
    Stats(stats::StatsArgs),
    /// Score extraction against gold links: precision, recall and F1 per kind.
    Eval(eval::EvalArgs),
    /// Ask a graph.json a question: shared, related, entity, cooccur, top, path, communities.
    Query(query::QueryArgs),
    /// List a graph.json's entities, or (--suspects) the likely duplicates and junk among
    /// them with ready thesaurus lines.
    Entities(entities::EntitiesArgs),
    /// Write the paper–paper or entity–entity projection of a graph.json.
    Project(query::ProjectArgs),
    /// Run a SPARQL query (a file, e.g. from queries/) over a graph.json.
    Sparql(sparql::SparqlArgs),
    /// Write a graph.json in other formats (gexf, graphml, turtle, …).
    Export(sparql::ExportArgs),
    /// Draw a graph.json (or a selection of it) as SVG, PNG or PDF.
    Render(render::RenderArgs),
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything read and written.
    Success,
    /// Done, but some records were skipped.
    Skipped,
    /// Nothing usable, or a usage error.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        match s {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Skipped => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// Parses the command line and runs the subcommand.
pub fn run() -> Result<ExitStatus> {
    let cli = Cli::parse();
    let ui = Ui {
        progress: !cli.no_progress,
        quiet: cli.quiet,
    };
    match cli.command {
        Command::Build(args) => build::run(args, &ui),
        Command::Extract(args) => extract::run(args, &ui),
        Command::Stats(args) => stats::run(args, &ui),
        Command::Eval(args) => eval::run(args, &ui),
        Command::Render(args) => render::run(args, &ui),
        Command::Query(args) => query::run(args, &ui),
        Command::Entities(args) => entities::run(args, &ui),
        Command::Sparql(args) => sparql::run(args, &ui),
        Command::Export(args) => sparql::run_export(args, &ui),
        Command::Project(args) => query::run_project(args, &ui),
    }
}

/// Output settings shared by the subcommands.
pub struct Ui {
    progress: bool,
    quiet: bool,
}

impl Ui {
    /// A progress bar on stderr (hidden when stderr is not a terminal or progress is off).
    fn bar(&self, len: Option<u64>, what: &str) -> ProgressBar {
        if !self.progress || self.quiet {
            return ProgressBar::hidden();
        }
        let bar = match len {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr())
                .with_style(
                ProgressStyle::with_template(
                    "{msg:>10} [{elapsed_precise}] {wide_bar} {pos}/{len} ({per_sec}, eta {eta})",
                )
                .expect("valid template"),
            ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{msg:>10} {spinner} {pos} records ({per_sec})")
                    .expect("valid template"),
            ),
        };
        bar.set_message(what.to_owned());
        bar
    }

    fn info(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            say(format_args!("{msg}"));
        }
    }
}

/// Writes a line to stderr, ignoring failure: a closed stderr (`paperkg … 2>&1 | head`) is
/// no reason to stop, and `eprintln!` would panic on it.
pub(crate) fn say(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Input options shared by `build` and `extract`.
#[derive(Args, Debug)]
pub struct InputArgs {
    /// Input files or directories (`-` for standard input). Formats: Hugging Face papers-page
    /// dumps (.txt), JSON Lines (.jsonl), JSON arrays (.json), CSV/TSV with a header; `.gz`
    /// is decompressed. Directories are read recursively in sorted order.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Read every input as this format instead of guessing from extension and content.
    #[arg(long, value_enum)]
    input_format: Option<InputFormatArg>,
    /// Stop at the first bad record instead of skipping it.
    #[arg(long)]
    strict: bool,
    /// Papers per extraction batch while reading (the output does not depend on it; small
    /// values are for tests).
    #[arg(long, hide = true, default_value_t = 8192, value_parser = clap::value_parser!(u32).range(1..))]
    batch: u32,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
enum InputFormatArg {
    /// Hugging Face papers-page text dump.
    Hf,
    /// JSON Lines.
    Jsonl,
    /// JSON array (or one object).
    Json,
    /// CSV with a header.
    Csv,
    /// TSV with a header.
    Tsv,
}

impl From<InputFormatArg> for InputFormat {
    fn from(f: InputFormatArg) -> InputFormat {
        match f {
            InputFormatArg::Hf => InputFormat::HfDump,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Json => InputFormat::Json,
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Tsv => InputFormat::Tsv,
        }
    }
}

/// Lexicon options shared by `build`, `extract` and `eval`.
#[derive(Args, Debug, Default)]
pub struct LexiconArgs {
    /// Your own lexicon entries, added to the built-in ones: a TSV file of `kind<TAB>name<TAB>
    /// aliases` (aliases separated by `|`; an optional fourth column of flags: `cs` to match
    /// one-word forms only as written). An entry replaces any built-in entry that shares one
    /// of its names, so you can also retype or rename entities.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Names never to extract, one per line (`#` starts a comment), however they are found.
    #[arg(long, value_name = "FILE")]
    stoplist: Option<PathBuf>,
    /// Drop links less sure than this (a probability, 0 to 1). Every link carries a
    /// confidence calibrated on the gold sets: links at 0.8 were right about 80% of the time.
    /// The default keeps every link; `paperkg eval` shows what each threshold costs and gains
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    min_confidence: Option<f32>,
    /// Your corrections to how entities are resolved across papers: a TSV file of actions
    /// (`merge A B`, `rename A NAME`, `retype A KIND`, `drop A`, tab-separated; see the
    /// README's "Resolution" section). `paperkg entities GRAPH --suspects` suggests lines.
    #[arg(long, value_name = "FILE")]
    thesaurus: Option<PathBuf>,
}

/// A probability in [0, 1].
fn parse_probability(s: &str) -> Result<f32, String> {
    let p: f32 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number (expected a probability such as 0.5)"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{s} is not between 0 and 1"))
    }
}

impl LexiconArgs {
    /// The thesaurus the options name, read and checked.
    fn thesaurus(&self) -> Result<Option<paperkg::thesaurus::Thesaurus>> {
        self.thesaurus
            .as_deref()
            .map(paperkg::thesaurus::Thesaurus::read)
            .transpose()
            .map_err(Into::into)
    }

    /// The extraction pipeline these options describe.
    fn extractors(&self) -> Result<paperkg::Extractors> {
        let ex = self.lexicon_extractors()?;
        Ok(match self.min_confidence {
            Some(p) => ex.with_min_confidence(p),
            None => ex,
        })
    }

    /// The pipeline of the lexicon and stop list options.
    fn lexicon_extractors(&self) -> Result<paperkg::Extractors> {
        if self.lexicon.is_none() && self.stoplist.is_none() {
            return Ok(paperkg::Extractors::new()?);
        }
        let user = match &self.lexicon {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the lexicon {}", path.display()))?;
                let lex = paperkg::extract::Lexicon::parse(&text)
                    .with_context(|| format!("{}: not a lexicon file", path.display()))?;
                Some(lex)
            }
            None => None,
        };
        let stop: Vec<String> = match &self.stoplist {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the stop list {}", path.display()))?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect(),
            None => Vec::new(),
        };
        Ok(paperkg::Extractors::with_user(user.as_ref(), &stop)?)
    }
}

/// What reading the inputs gave.
pub struct Loaded {
    corpus: Corpus,
    /// `links.links(i)` belongs to `corpus.papers[i]`.
    links: LinkTable,
    /// Whether `corpus.papers[i]` had an abstract when it was extracted.
    had_abstract: Vec<bool>,
    records: usize,
    skipped: usize,
    files: usize,
}

/// Reads every input into `corpus` (empty, or the papers of a saved build), warning about (or,
/// with `--strict`, stopping at) bad records, and calls `batch` on the corpus each time `every`
/// more papers have been added (not at the end).
fn load_with(
    args: &InputArgs,
    ui: &Ui,
    every: usize,
    mut corpus: Corpus,
    mut batch: impl FnMut(&mut Corpus),
) -> Result<Loaded> {
    let files = input::expand_inputs(&args.inputs)?;
    if files.is_empty() {
        anyhow::bail!("no input files found in {}", display_list(&args.inputs));
    }
    let bar = ui.bar(None, "reading");
    let (mut records, mut skipped) = (0usize, 0usize);
    for file in &files {
        let reader = input::open(file, args.input_format.map(Into::into))?;
        for (n, record) in reader.enumerate() {
            match record {
                Ok(paper) => {
                    records += 1;
                    if corpus.push(paper) && corpus.len() % every == 0 {
                        batch(&mut corpus);
                    }
                }
                Err(err) => {
                    if args.strict {
                        bar.finish_and_clear();
                        return Err(paperkg::Error::BadRecord(err))
                            .context("stopping at the first bad record (--strict)");
                    }
                    skipped += 1;
                    bar.suspend(|| say(format_args!("paperkg: warning: {err}")));
                }
            }
            if n % 1024 == 0 {
                bar.set_position((records + skipped) as u64);
            }
        }
    }
    bar.finish_and_clear();
    Ok(Loaded {
        corpus,
        links: LinkTable::new(),
        had_abstract: Vec::new(),
        records,
        skipped,
        files: files.len(),
    })
}

fn display_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Configures rayon's global pool (0 = one thread per core).
fn set_threads(threads: usize) -> Result<()> {
    if threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("cannot configure the thread pool")?;
    }
    Ok(())
}

/// Reads every input and extracts the papers while reading, in batches, freeing each abstract
/// once it is extracted: memory holds the papers' metadata and their links, never the whole
/// corpus text. `links.links(i)` belongs to `corpus.papers[i]`, whatever the thread count.
///
/// A paper read without an abstract waits until the end, since a later duplicate record may
/// bring one (see [`Corpus::push`]).
///
/// `base` is what an earlier build saved (empty for a fresh build): its papers come first and
/// keep their links, and the inputs are read as if they followed the earlier build's inputs.
/// A saved paper extracted without an abstract is extracted again only if a new record brought
/// one (a single run would have waited for that record too); otherwise its links stand.
fn load_and_extract(
    args: &InputArgs,
    extractors: &paperkg::Extractors,
    ui: &Ui,
    base: Saved,
) -> Result<Loaded> {
    let Saved {
        corpus,
        links,
        mut had_abstract,
    } = base;
    // Saved papers without an abstract; papers read so far without one; how many papers
    // earlier batches (or the saved build) covered.
    let waiting: Vec<usize> = (0..corpus.len()).filter(|&i| !had_abstract[i]).collect();
    let mut deferred: Vec<usize> = Vec::new();
    let mut seen = corpus.len();
    // Each batch is extracted on the thread pool while the next one is read: the batch's
    // texts move into a job (the abstracts leave the corpus there and then), and so does the
    // link table, which the job fills in and hands back. One job at a time.
    let batch = args.batch as usize;
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
        let mut loaded = load_with(args, ui, batch, corpus, |corpus| {
            extract(corpus, false);
        })?;
        let links = extract(&mut loaded.corpus, true);
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

/// Extracts a batch of `(paper index, title, abstract)` in parallel and stores the links in
/// `table`, which it hands back.
fn extract_job(
    job: Vec<(usize, String, String)>,
    extractors: &paperkg::Extractors,
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

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
