//! Extraction and every exporter on arbitrary text: a title and an abstract from the fuzzer's
//! bytes (split at the first NUL), extracted, built into a graph, written in every format;
//! the node-link JSON must read back into a graph with the same nodes and edges.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paperkg::export::{Exporter, Format, json};
use paperkg::extract::Extractors;
use paperkg::graph::build_from_links;
use paperkg::paper::{Paper, clean_text};
use std::sync::LazyLock;

static EXTRACTORS: LazyLock<Extractors> = LazyLock::new(Extractors::default);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (title, abstract_text) = text.split_once('\0').unwrap_or((&text, ""));
    let paper = Paper {
        id: "fuzz".into(),
        title: clean_text(title),
        abstract_text: clean_text(abstract_text),
        year: None,
        authors: Vec::new(),
        url: None,
        source: Default::default(),
    };
    let links = vec![EXTRACTORS.extract(&paper)];
    let graph = build_from_links(std::slice::from_ref(&paper), &links);
    for format in Format::ALL {
        let exporter: &dyn Exporter = format.exporter();
        for file in exporter.files() {
            let mut out = Vec::new();
            exporter
                .write_file(&graph, file, &mut out)
                .expect("writing to memory");
        }
    }
    let mut out = Vec::new();
    Format::Json
        .exporter()
        .write_file(&graph, "graph.json", &mut out)
        .unwrap();
    let back = json::read(out.as_slice(), std::path::Path::new("fuzz.json")).expect("reads back");
    assert_eq!(back.node_count(), graph.node_count());
    assert_eq!(back.edge_count(), graph.edge_count());
});
