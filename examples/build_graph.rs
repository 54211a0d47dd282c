//! Build a knowledge graph from the sample corpus with the library, step by step.
//!
//! Run it with `cargo run --example build_graph`; it prints a short report and writes
//! `output/example/graph.json`.

use paperkg::export::{self, Format};
use paperkg::extract::Extractors;
use paperkg::input::{self, Corpus};
use paperkg::{EntityKind, graph};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // # Reading papers
    //
    // `expand_inputs` turns files and directories into a sorted list of files; each reader is
    // an iterator of records, so files are never loaded whole. A record that cannot be read is
    // an `Err` naming its file and line: we report it and go on, as the command line does.
    let files = input::expand_inputs(&["examples/hf-papers".into()])?;
    let mut corpus = Corpus::new();
    for file in &files {
        for record in input::read_papers(file)? {
            match record {
                Ok(paper) => {
                    corpus.push(paper);
                }
                Err(bad) => eprintln!("skipped {bad}"),
            }
        }
    }
    // `Corpus` merges papers seen twice (same id, else same normalised title).
    println!(
        "{} papers ({} duplicates merged)",
        corpus.len(),
        corpus.duplicates
    );

    // # Extracting entities
    //
    // `Extractors` holds the lexicon automaton and the rule layers; build it once and share it
    // (it is `Sync`). `extract` gives one paper's resolved entities with their evidence.
    let extractors = Extractors::new()?;
    let first = &corpus.papers[0];
    println!("\n{}", first.title);
    for link in extractors.extract(first) {
        println!(
            "  {:<8} {:<24} {:<10} {:?}",
            link.kind,
            link.name,
            link.role.as_str(),
            link.mentions
        );
    }

    // # Building the graph
    //
    // `graph::build` extracts every paper in parallel and links papers to shared entities;
    // the same input always gives the same graph, node for node.
    let graph = graph::build(&corpus.papers, &extractors);
    println!(
        "\n{} nodes, {} edges",
        graph.node_count(),
        graph.edge_count()
    );

    // # Asking the graph something
    //
    // The petgraph graph is there for algorithms; here, the datasets most papers share.
    let mut datasets: Vec<(usize, &str)> = graph
        .nodes()
        .filter(|(_, n)| n.entity().is_some_and(|e| e.kind == EntityKind::Dataset))
        .map(|(i, n)| (graph.degree(i), n.label()))
        .collect();
    datasets.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    println!("most shared datasets:");
    for (papers, name) in datasets.iter().take(5) {
        println!("  {name}: {papers} papers");
    }

    // # Writing it out
    //
    // `write_dir` writes each file atomically; `export::write` streams one format anywhere.
    let written = export::write_dir(&graph, &[Format::Json], Path::new("output/example"))?;
    println!("\nwrote {}", written[0].display());
    Ok(())
}
