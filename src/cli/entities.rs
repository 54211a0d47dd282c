//! `paperkg entities`: review a graph's entities, and the suspects worth a thesaurus line.

use super::Ui;
use super::args::{KindArg, style};
use anyhow::Result;
use clap::Args;
use paperkg::export::json;
use paperkg::query::{Index, review};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct EntitiesArgs {
    /// The graph.json that `paperkg build` wrote.
    #[arg(value_name = "GRAPH")]
    graph: PathBuf,
    /// Only entities of this kind.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// List likely duplicates (an acronym and its long form, spelling variants, one name
    /// under two kinds, a shared alias) and likely junk (long phrases, verb-led fragments,
    /// weak links only), each with its evidence and a thesaurus line that accepts it.
    #[arg(long)]
    suspects: bool,
    /// How many rows to print (0: all).
    #[arg(long, default_value_t = 0, value_name = "N")]
    top: usize,
    /// Print JSON (an array of objects).
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV with a header.
    #[arg(long)]
    csv: bool,
}

pub fn run(args: EntitiesArgs, _ui: &Ui) -> Result<super::ExitStatus> {
    let graph = json::read_path(&args.graph)?;
    let ix = Index::new(&graph);
    let top = if args.top == 0 { usize::MAX } else { args.top };
    let mut table = if args.suspects {
        review::suspects_table(&ix, top)
    } else {
        review::entities(&ix, args.kind.map(KindArg::kind))
    };
    if args.suspects {
        if let Some(k) = args.kind {
            let prefix = format!("{}:", k.kind().as_str());
            let col = table
                .columns
                .iter()
                .position(|c| c == "entity")
                .expect("entity column");
            table
                .rows
                .retain(|r| r[col].as_str().is_some_and(|id| id.starts_with(&prefix)));
        }
    } else {
        table.rows.truncate(top);
    }
    let stdout = std::io::stdout();
    table.write(style(args.json, args.csv), &mut stdout.lock())?;
    Ok(super::ExitStatus::Success)
}
