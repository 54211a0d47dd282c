//! `paperkg sparql` (a saved SPARQL query over a graph.json) and `paperkg export` (a
//! graph.json into other formats).

use super::Ui;
use super::args::{FormatArg, formats, path_list, style};
use anyhow::{Context, Result, bail};
use clap::Args;
use paperkg::export::{self, json};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct SparqlArgs {
    /// The graph.json that `paperkg build` wrote.
    #[arg(value_name = "GRAPH")]
    graph: PathBuf,
    /// The SPARQL 1.1 query file (see queries/).
    #[arg(value_name = "QUERY.rq")]
    query: PathBuf,
    /// Set a parameter: the query's `VALUES ?name { … }` block gets this value.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Print JSON (an array of objects).
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV.
    #[arg(long)]
    csv: bool,
    /// Keep at most N rows (0 = all); the rest are left out with a warning, so that a query
    /// that multiplies the graph with itself cannot fill memory.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    max_rows: usize,
    /// Stop a query still running after SECS seconds (0 = never), with an error.
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    timeout: u64,
}

#[cfg(feature = "sparql")]
pub fn run(args: SparqlArgs, ui: &Ui) -> Result<super::ExitStatus> {
    let text = std::fs::read_to_string(&args.query)
        .with_context(|| format!("cannot read the query {}", args.query.display()))?;
    let params: Vec<(String, String)> = args
        .params
        .iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                Ok((k.trim().trim_start_matches('?').to_owned(), v.to_owned()))
            }
            _ => bail!("--param {p:?}: expected NAME=VALUE"),
        })
        .collect::<Result<_>>()?;
    let query = paperkg::sparql::bind(&text, &params)
        .with_context(|| format!("{}", args.query.display()))?;
    let graph = json::read_path(&args.graph)?;
    let start = std::time::Instant::now();
    let store = paperkg::sparql::load(&graph)?;
    let loaded = start.elapsed();
    if args.timeout > 0 {
        // The embedded engine cannot be interrupted; past the time limit the process ends.
        let (secs, file) = (args.timeout, args.query.display().to_string());
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(secs));
            super::say(format_args!(
                "paperkg: error: {file}: the query was still running after --timeout {secs} s; \
                 stopped (narrow it, add a LIMIT, or raise --timeout)"
            ));
            std::process::exit(2);
        });
    }
    let max_rows = if args.max_rows == 0 {
        usize::MAX
    } else {
        args.max_rows
    };
    let (table, truncated) = paperkg::sparql::run_limited(&store, &query, max_rows)
        .with_context(|| format!("{}", args.query.display()))?;
    if truncated {
        super::say(format_args!(
            "paperkg: warning: {}: stopped at --max-rows {} rows; the query has more",
            args.query.display(),
            args.max_rows
        ));
    }
    ui.info(format!(
        "{} rows (loaded in {:.2?}, queried in {:.2?})",
        table.rows.len(),
        loaded,
        start.elapsed() - loaded
    ));
    let style = style(args.json, args.csv);
    table.write(style, &mut std::io::stdout().lock())?;
    Ok(super::ExitStatus::Success)
}

#[cfg(not(feature = "sparql"))]
pub fn run(_args: SparqlArgs, _ui: &Ui) -> Result<super::ExitStatus> {
    bail!(
        "this paperkg was built without the `sparql` feature; rebuild with default features, or load `--format turtle` into a SPARQL store"
    )
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The graph.json that `paperkg build` wrote.
    #[arg(value_name = "GRAPH")]
    graph: PathBuf,
    /// Output directory.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(short, long, value_enum, value_delimiter = ',', required = true)]
    format: Vec<FormatArg>,
}

pub fn run_export(args: ExportArgs, ui: &Ui) -> Result<super::ExitStatus> {
    if args.output.is_file() {
        bail!("{}: is a file; -o takes a directory", args.output.display());
    }
    let graph = json::read_path(&args.graph)?;
    let formats = formats(&args.format);
    let written = export::write_dir(&graph, &formats, &args.output)
        .with_context(|| format!("cannot write to {}", args.output.display()))?;
    ui.info(format!("wrote {}", path_list(&written)));
    Ok(super::ExitStatus::Success)
}
