//! GraphML (`graph.graphml`), for yEd, Cytoscape desktop, igraph, networkx and Gephi.
//!
//! Key ids are descriptive (`kind`, `year`), never `d0`, `d1`, …: Gephi maps some numbered
//! ids to built-in properties (a node key `d3` becomes the label, an edge key `d7` too).
//! Integers are declared `int` and the weight `double`, so readers keep their types. The
//! graph is directed (paper → entity). Text is escaped by [`super::xml::escape`].

use super::Exporter;
use super::xml::{escape, node_attributes};
use crate::graph::KnowledgeGraph;
use std::io::Write;

/// The GraphML exporter.
pub struct GraphmlExporter;

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="paper_id" for="node" attr.name="paper_id" attr.type="string"/>
  <key id="year" for="node" attr.name="year" attr.type="int"/>
  <key id="authors" for="node" attr.name="authors" attr.type="string"/>
  <key id="url" for="node" attr.name="url" attr.type="string"/>
  <key id="aliases" for="node" attr.name="aliases" attr.type="string"/>
  <key id="papers" for="node" attr.name="papers" attr.type="int"/>
  <key id="degree" for="node" attr.name="degree" attr.type="int"/>
  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="mentions" for="edge" attr.name="mentions" attr.type="int"/>
  <key id="confidence" for="edge" attr.name="confidence" attr.type="double"/>
  <key id="evidence" for="edge" attr.name="evidence" attr.type="string"/>
  <graph id="paperkg" edgedefault="{EDGES}">
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
        out.write_all(HEADER.replace("{EDGES}", edges).as_bytes())?;
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
            data(out, "relation", edge.relation.as_str())?;
            data(out, "weight", &format!("{:.1}", f64::from(edge.mentions)))?;
            data(out, "mentions", &edge.mentions.to_string())?;
            if edge.relation.is_link() {
                data(out, "confidence", &edge.confidence.to_string())?;
            }
            if let Some(ev) = &edge.evidence {
                data(out, "evidence", &ev.sentence)?;
            }
            writeln!(out, "    </edge>")?;
        }
        writeln!(out, "  </graph>")?;
        writeln!(out, "</graphml>")
    }
}
