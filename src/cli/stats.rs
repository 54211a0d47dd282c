//! `paperkg stats`: what a graph.json holds.

use super::Ui;
use anyhow::Result;
use clap::Args;
use paperkg::EntityKind;
use paperkg::export::json;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// The graph.json that `paperkg build` wrote.
    #[arg(value_name = "GRAPH")]
    graph: PathBuf,
    /// How many entities to list per kind.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Print one JSON object: counts, and per kind its entities count and top entities (id,
    /// name, papers).
    #[arg(long)]
    json: bool,
}

/// The entities of one kind as (papers, name, id), most papers first, ties by id.
fn ranked(graph: &paperkg::KnowledgeGraph, kind: EntityKind) -> Vec<(usize, &str, &str)> {
    let mut ranked: Vec<(usize, &str, &str)> = graph
        .nodes()
        .filter(|(_, n)| n.entity().is_some_and(|e| e.kind == kind))
        .map(|(i, n)| (graph.degree(i), n.label(), n.id.as_str()))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(b.2)));
    ranked
}

pub fn run(args: StatsArgs, _ui: &Ui) -> Result<super::ExitStatus> {
    let graph = json::read_path(&args.graph)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let kinds: serde_json::Map<String, serde_json::Value> = EntityKind::ALL
            .iter()
            .map(|&kind| {
                let ranked = ranked(&graph, kind);
                let top: Vec<serde_json::Value> = ranked
                    .iter()
                    .take(args.top)
                    .map(|(papers, name, id)| serde_json::json!({"id": id, "name": name, "papers": papers}))
                    .collect();
                (
                    kind.as_str().to_owned(),
                    serde_json::json!({"entities": ranked.len(), "top": top}),
                )
            })
            .collect();
        let doc = serde_json::json!({
            "graph": args.graph.display().to_string(),
            "papers": graph.paper_count(),
            "entities": graph.node_count() - graph.paper_count(),
            "links": graph.edge_count(),
            "kinds": kinds,
        });
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(super::ExitStatus::Success);
    }
    writeln!(out, "{}", args.graph.display())?;
    writeln!(
        out,
        "  {} papers, {} entities, {} links",
        graph.paper_count(),
        graph.node_count() - graph.paper_count(),
        graph.edge_count()
    )?;
    for kind in EntityKind::ALL {
        let ranked = ranked(&graph, kind);
        writeln!(out, "\n{kind}: {} entities", ranked.len())?;
        let width = ranked
            .iter()
            .take(args.top)
            .map(|r| r.1.chars().count())
            .max()
            .unwrap_or(0);
        for (papers, label, _) in ranked.iter().take(args.top) {
            writeln!(
                out,
                "  {label:<width$}  {papers:>5} paper{}",
                if *papers == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(super::ExitStatus::Success)
}
