//! The command line: clap types, one file per subcommand, and what they share (reading inputs
//! with progress and warnings, exit statuses). Only this module prints.

mod args;
mod build;
mod entities;
mod eval;
mod extract;
mod query;
mod render;
mod sparql;
mod stats;

use anyhow::{Context, Result};
use args::InputArgs;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use paperkg::incremental::Saved;
use paperkg::pipeline::{Event, Loaded, Pipeline};
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

/// Reads and extracts the inputs with the library's [`Pipeline`], drawing a progress bar and
/// printing each skipped record or file as a warning. `base` is what an earlier build saved
/// (empty for a fresh build).
fn load_and_extract(
    args: &InputArgs,
    extractors: &paperkg::Extractors,
    ui: &Ui,
    base: Saved,
) -> Result<Loaded> {
    paperkg::input::set_max_record_bytes(args.max_record_size);
    let bar = ui.bar(None, "reading");
    let loaded = Pipeline::new(extractors)
        .inputs(&args.inputs)
        .input_format(args.input_format.map(Into::into))
        .strict(args.strict)
        .batch(args.batch as usize)
        .append_to(base)
        .on_event(|event| match event {
            Event::Records(n) => bar.set_position(n as u64),
            Event::Skipped(problem) => {
                bar.suspend(|| say(format_args!("paperkg: warning: {problem}")));
            }
            _ => {}
        })
        .run();
    bar.finish_and_clear();
    match loaded {
        Err(paperkg::Error::BadRecord(err)) => {
            Err(paperkg::Error::BadRecord(err)).context("stopping at the first problem (--strict)")
        }
        other => Ok(other?),
    }
}

/// Configures rayon's global pool (0 = one thread per core).
/// More threads than this many per core only cost memory and start-up (a `-j 100000` would
/// try to start a hundred thousand threads).
const THREADS_PER_CORE: usize = 4;

fn set_threads(threads: usize) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores * THREADS_PER_CORE;
    let threads = if threads > cap {
        say(format_args!(
            "paperkg: warning: -j {threads} is more than {THREADS_PER_CORE} threads per core; \
             using {cap} ({cores} cores)"
        ));
        cap
    } else {
        threads
    };
    if threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("cannot configure the thread pool")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
