//! Query speed on a big graph: `cargo run --release --example bench_query [N]`.
//!
//! Generates N papers (default 100,000) from the sample corpus, extracts and builds the
//! graph, writes and reloads its graph.json (what every `paperkg query` does first), then
//! times each built-in question, the review of its entities (`entities --suspects`), a
//! projection and a saved SPARQL query. Because a generated corpus repeats the sample's
//! entities, the review is also timed on a graph of N/2 papers with two entities each, all
//! names distinct (made-up words, acronyms and their long forms). Prints one line per step.

#[path = "common/corpus.rs"]
mod corpus;

use paperkg::export::{self, Format};
use paperkg::extract::Extractors;
use paperkg::graph;
use paperkg::query::{self, Index};
use rayon::prelude::*;
use std::time::Instant;

fn time<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    println!("{label:<44} {:>9.3} s", t.elapsed().as_secs_f64());
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).map_or(Ok(100_000), |s| s.parse())?;
    let papers = corpus::generate(&corpus::sample(), 0, n, 7);
    let extractors = Extractors::new()?;
    let links: Vec<_> = time(&format!("extract {n} papers (all cores)"), || {
        papers.par_iter().map(|p| extractors.extract(p)).collect()
    });
    let built = time("build the graph", || {
        graph::build_from_links(&papers, &links)
    });
    drop(links);
    let dir = tempfile::tempdir()?;
    time("write graph.json", || {
        export::write_dir(&built, &[Format::Json], dir.path())
    })?;
    drop(built);
    let g = time("load graph.json", || {
        export::json::read_path(&dir.path().join("graph.json"))
    })?;
    println!(
        "graph: {} papers, {} entities, {} links",
        g.paper_count(),
        g.node_count() - g.paper_count(),
        g.edge_count()
    );
    let ix = time("index (adjacency lists, IDF)", || Index::new(&g));
    use paperkg::EntityKind::*;
    time("query shared --kind dataset", || {
        query::shared::shared(&ix, Some(Dataset), 2, 20)
    });
    time("query related <paper 0>", || {
        query::related::related(&ix, 0, None, 10)
    });
    let imagenet = ix.find_entity("ImageNet")?;
    time("query entity ImageNet", || {
        query::entity::entity(&ix, imagenet, 10)
    });
    time("query cooccur --kind method --with dataset", || {
        query::cooccur::cooccur(&ix, Method, Dataset, 2, 20)
    });
    time("query top --by papers", || {
        query::top::top(&ix, None, query::top::By::Papers, 20)
    });
    time("query top --by pagerank", || {
        query::top::top(&ix, None, query::top::By::PageRank, 20)
    });
    let a = paperkg::graph::select::find_node(&g, "ImageNet")?;
    let b = paperkg::graph::select::find_node(&g, "GPT-4")?;
    time("query path ImageNet GPT-4", || query::path::path(&ix, a, b));
    time("query communities", || {
        query::communities::communities(&ix, 3, 20)
    });
    let s = time("entities --suspects", || query::review::suspects(&ix));
    println!("  {} suspects", s.len());
    {
        let many = many_entities(n / 2);
        let mix = Index::new(&many);
        println!(
            "graph of made-up names: {} papers, {} entities",
            many.paper_count(),
            many.node_count() - many.paper_count()
        );
        let s = time("entities --suspects (made-up names)", || {
            query::review::suspects(&mix)
        });
        println!("  {} suspects", s.len());
    }
    let p = time("project --papers --kind dataset --max-papers 1000", || {
        query::project::project(
            &ix,
            query::project::Onto::Papers,
            &query::project::Options {
                kinds: Some(vec![Dataset]),
                min_weight: 1,
                max_papers: 1000,
            },
        )
    });
    println!(
        "  projection: {} nodes, {} links",
        p.node_count(),
        p.edge_count()
    );
    #[cfg(feature = "sparql")]
    {
        let store = time("sparql: load the RDF view", || paperkg::sparql::load(&g))?;
        let q = std::fs::read_to_string("queries/shared-datasets.rq")?;
        time("sparql: queries/shared-datasets.rq", || {
            paperkg::sparql::run(&store, &q)
        })?;
        let q = std::fs::read_to_string("queries/methods-with-dataset.rq")?;
        time("sparql: queries/methods-with-dataset.rq", || {
            paperkg::sparql::run(&store, &q)
        })?;
    }
    if let Some(mb) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
    {
        println!("peak RSS: {}", mb.trim_start_matches("VmHWM:").trim());
    }
    Ok(())
}

/// A graph of `n` papers with two entities each, every name made up: a word of syllables
/// (model and dataset names), three such words (a method, its acronym as an alias for half
/// of them) or an acronym of four capitals. Deterministic.
fn many_entities(n: usize) -> paperkg::KnowledgeGraph {
    use paperkg::extract::{EntityKind, EntityLink, Field};
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ne", "ra", "tu", "vi", "so", "de", "ga", "pe", "zu", "bo", "fi", "ha",
        "jo", "xe", "wu", "qi", "ye", "ce", "ny", "th", "sh",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % m
    };
    let mut word = |k: usize| -> String { (0..k).map(|_| SYLLABLES[next(24)]).collect() };
    let papers: Vec<paperkg::Paper> = (0..n)
        .map(|i| paperkg::Paper {
            id: format!("p{i}"),
            title: format!("Paper {i}"),
            abstract_text: String::new(),
            year: None,
            authors: vec![],
            url: None,
            source: Default::default(),
        })
        .collect();
    let links: Vec<Vec<EntityLink>> = (0..n)
        .map(|i| {
            (0..2)
                .map(|j| {
                    let (kind, name, aliases) = match (i * 2 + j) % 4 {
                        0 => (EntityKind::Model, word(3) + "Net", vec![]),
                        1 => (EntityKind::Dataset, word(4), vec![]),
                        2 => {
                            let words = [word(2), word(3), word(2)];
                            let acronym: String =
                                words.iter().map(|w| w[..1].to_uppercase()).collect();
                            let aliases = if i % 2 == 0 { vec![acronym] } else { vec![] };
                            (EntityKind::Method, words.join(" "), aliases)
                        }
                        _ => (EntityKind::Method, word(2).to_uppercase(), vec![]),
                    };
                    let mut link = EntityLink::new(kind, &name, Field::Title, "s");
                    link.aliases = aliases;
                    link
                })
                .collect()
        })
        .collect();
    graph::build_from_links(&papers, &links)
}
