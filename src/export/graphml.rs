//! GraphML (`graph.graphml`), for yEd, Cytoscape desktop, igraph, networkx and Gephi.
//!
//! Key ids are descriptive (`kind`, `year`), never `d0`, `d1`, …: Gephi maps some numbered
//! ids to built-in properties (a node key `d3` becomes the label, an edge key `d7` too).
//! Integers are declared `int` and the weight `double`, so readers keep their types. The
//! graph is directed (paper → entity). Text is escaped by [`super::xml::escape`].

use super::Exporter;
use super::schema;
use super::xml::{edge_attributes, escape, node_attributes};
use crate::graph::KnowledgeGraph;
use std::io::Write;

/// The GraphML exporter.
pub struct GraphmlExporter;

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
{KEYS}  <graph id="paperkg" edgedefault="{EDGES}">
"#;

impl Exporter for GraphmlExporter {
    fn files(&self) -> &'static [&'static str] {
        &["graph.graphml"]
    }

    fn write_file(
        &self,
        graph: &KnowledgeGraph,
        _file: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let edges = if graph.is_directed() {
            "directed"
        } else {
            "undirected"
        };
        let mut keys = String::new();
        for (class, attrs) in [("node", &schema::NODE), ("edge", &schema::EDGE)] {
            for a in attrs.iter() {
                keys.push_str(&format!(
                    "  <key id=\"{0}\" for=\"{class}\" attr.name=\"{0}\" attr.type=\"{1}\"/>\n",
                    a.name,
                    a.ty.graphml()
                ));
            }
        }
        out.write_all(
            HEADER
                .replace("{KEYS}", &keys)
                .replace("{EDGES}", edges)
                .as_bytes(),
        )?;
        let data = |out: &mut dyn Write, key: &str, v: &str| {
            writeln!(out, "      <data key=\"{key}\">{}</data>", escape(v))
        };
        for (i, node) in graph.nodes() {
            writeln!(out, "    <node id=\"{}\">", escape(&node.id))?;
            data(out, "label", node.label())?;
            for (key, v) in node_attributes(graph, i) {
                data(out, key, &v)?;
            }
            writeln!(out, "    </node>")?;
        }
        for (n, (from, to, edge)) in graph.edges().enumerate() {
            writeln!(
                out,
                "    <edge id=\"e{n}\" source=\"{}\" target=\"{}\">",
                escape(&from.id),
                escape(&to.id)
            )?;
            for (key, v) in edge_attributes(edge) {
                data(out, key, &v)?;
            }
            writeln!(out, "    </edge>")?;
        }
        writeln!(out, "  </graph>")?;
        writeln!(out, "</graphml>")
    }
}
