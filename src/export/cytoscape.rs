//! Cytoscape JSON (`graph.cyjs`): the `{"data": …, "elements": {"nodes": […], "edges": […]}}`
//! document that Cytoscape desktop imports and `cytoscape({elements})` in Cytoscape.js loads.
//!
//! Each element's `data` holds the same attributes as the node-link JSON (`id`, `kind`,
//! `label`, …); edges get ids `e0`, `e1`, … in graph order. Written one element at a time.

use super::Exporter;
use super::json::{edge_json, node_json};
use crate::graph::KnowledgeGraph;
use serde::Serialize;
use std::io::Write;

/// The Cytoscape JSON exporter.
pub struct CytoscapeExporter;

#[derive(Serialize)]
struct Element<T> {
    data: T,
}

#[derive(Serialize)]
struct EdgeData<'a> {
    id: String,
    #[serde(flatten)]
    edge: super::json::JsonEdge<'a>,
}

impl Exporter for CytoscapeExporter {
    fn files(&self) -> &'static [&'static str] {
        &["graph.cyjs"]
    }

    fn write_file(
        &self,
        graph: &KnowledgeGraph,
        _file: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        out.write_all(b"{\"data\":{\"name\":\"paperkg\"},\n\"elements\":{\"nodes\":[")?;
        for (n, (i, node)) in graph.nodes().enumerate() {
            out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            let data = node_json(graph, i, node);
            serde_json::to_writer(&mut *out, &Element { data })?;
        }
        out.write_all(b"\n],\n\"edges\":[")?;
        for (n, (from, to, edge)) in graph.edges().enumerate() {
            out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            let data = EdgeData {
                id: format!("e{n}"),
                edge: edge_json(from, to, edge),
            };
            serde_json::to_writer(&mut *out, &Element { data })?;
        }
        out.write_all(b"\n]}}\n")?;
        Ok(())
    }
}
