//! Build a knowledge graph from the sample corpus with the library, as `paperkg build` does.
//!
//! Run it with `cargo run --example build_graph`; it prints a short report and writes
//! `output/example/graph.json`.

use paperkg::EntityKind;
use paperkg::export::{self, Format};
use paperkg::extract::Extractors;
use paperkg::graph::BuildOptions;
use paperkg::pipeline::{Event, Pipeline};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // # Extractors
    //
    // `Extractors` holds the lexicon automaton and the rule layers; build it once and share it
    // (it is `Sync`).
    let extractors = Extractors::new()?;

    // # Reading and extracting
    //
    // The pipeline walks the inputs (files, directories in sorted order, `-` for stdin), reads
    // each file's records as a stream, and extracts batches of papers on the thread pool while
    // the next batch is read, freeing each abstract once it is extracted. A bad record or an
    // unusable file is an `Event::Skipped` naming the file and line, and reading goes on;
    // `Event::Records` is there for a progress bar.
    let loaded = Pipeline::new(&extractors)
        .input("examples/hf-papers")
        .on_event(|event| match event {
            Event::Skipped(problem) => eprintln!("skipped {problem}"),
            Event::Records(n) => eprint!("\rread {n} records"),
            _ => {}
        })
        .run()?;
    eprintln!();
    // Papers seen twice (same id, else same normalised title) are merged.
    println!(
        "{} papers ({} duplicates merged, {} bad records skipped)",
        loaded.corpus.len(),
        loaded.corpus.duplicates,
        loaded.skipped
    );

    // One paper's links, as the extractors found them (before resolution across papers).
    let first = &loaded.corpus.papers[0];
    println!("\n{}", first.title);
    for link in loaded.links.links(0) {
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
    // `build` resolves entities across the corpus (an acronym defined in one paper joins its
    // long form everywhere, spelling variants join, one kind per entity) and links papers to
    // them; the same input always gives the same graph, node for node. `BuildOptions` takes
    // a thesaurus of your corrections and asks for the merge log.
    let built = loaded.build(&BuildOptions {
        merge_log: true,
        ..BuildOptions::default()
    })?;
    let graph = built.graph;
    println!(
        "\n{} nodes, {} edges, {} merges logged",
        graph.node_count(),
        graph.edge_count(),
        built.merges.len()
    );

    // # Asking the graph something
    //
    // The petgraph graph is there for algorithms; here, the datasets most papers share.
    let mut datasets: Vec<(u32, &str)> = graph
        .nodes()
        .filter_map(|(_, n)| n.entity().filter(|e| e.kind == EntityKind::Dataset))
        .map(|e| (e.papers, e.name.as_str()))
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
