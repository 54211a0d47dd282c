//! GEXF 1.3 (`graph.gexf`), Gephi's native format.
//!
//! Typed attributes (GEXF 1.3 schema types): nodes carry `kind`, `paper_id`, `year`
//! (integer, only where known), `authors` and `aliases` (`|`-joined), `url`, `papers` (for an
//! entity, the number of papers linking to it) and `degree`; edges carry `relation`,
//! `mentions`, `confidence` (a double, paper → entity links only) and the first `evidence`
//! sentence, and their `weight` is the mention count. The
//! graph is directed (paper → entity). Nodes are coloured by kind and sized by degree with the
//! `viz` extension, so Gephi shows them sensibly before any layout. Text is escaped by
//! [`super::xml::escape`]. The file is written as it is generated.

use super::Exporter;
use super::xml::{escape, node_attributes, rgb};
use crate::graph::KnowledgeGraph;
use std::io::Write;

/// The GEXF exporter.
pub struct GexfExporter;

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
  <meta>
    <creator>paperkg</creator>
    <description>Papers and the models, datasets, methods, metrics and tasks they name</description>
  </meta>
  <graph mode="static" defaultedgetype="{EDGES}">
    <attributes class="node">
      <attribute id="kind" title="kind" type="string"/>
      <attribute id="paper_id" title="paper_id" type="string"/>
      <attribute id="year" title="year" type="integer"/>
      <attribute id="authors" title="authors" type="string"/>
      <attribute id="url" title="url" type="string"/>
      <attribute id="aliases" title="aliases" type="string"/>
      <attribute id="papers" title="papers" type="integer"/>
      <attribute id="degree" title="degree" type="integer"/>
    </attributes>
    <attributes class="edge">
      <attribute id="relation" title="relation" type="string"/>
      <attribute id="mentions" title="mentions" type="integer"/>
      <attribute id="confidence" title="confidence" type="double"/>
      <attribute id="evidence" title="evidence" type="string"/>
    </attributes>
"#;

/// The size Gephi draws a node with, growing with the square root of its degree.
pub fn node_size(degree: usize) -> f64 {
    4.0 + 3.0 * (degree as f64).sqrt()
}

impl Exporter for GexfExporter {
    fn files(&self) -> &'static [&'static str] {
        &["graph.gexf"]
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
        writeln!(out, "    <nodes count=\"{}\">", graph.node_count())?;
        for (i, node) in graph.nodes() {
            let degree = graph.degree(i);
            writeln!(
                out,
                "      <node id=\"{}\" label=\"{}\">",
                escape(&node.id),
                escape(node.label())
            )?;
            writeln!(out, "        <attvalues>")?;
            for (key, v) in node_attributes(graph, i) {
                writeln!(
                    out,
                    "          <attvalue for=\"{key}\" value=\"{}\"/>",
                    escape(&v)
                )?;
            }
            writeln!(out, "        </attvalues>")?;
            let (r, g, b) = rgb(super::dot::style(node.kind_str()).0);
            writeln!(out, "        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>")?;
            writeln!(
                out,
                "        <viz:size value=\"{:.1}\"/>",
                node_size(degree)
            )?;
            writeln!(out, "      </node>")?;
        }
        writeln!(out, "    </nodes>")?;
        writeln!(out, "    <edges count=\"{}\">", graph.edge_count())?;
        for (n, (from, to, edge)) in graph.edges().enumerate() {
            writeln!(
                out,
                "      <edge id=\"e{n}\" source=\"{}\" target=\"{}\" weight=\"{:.1}\">",
                escape(&from.id),
                escape(&to.id),
                f64::from(edge.mentions)
            )?;
            writeln!(out, "        <attvalues>")?;
            writeln!(
                out,
                "          <attvalue for=\"relation\" value=\"{}\"/>",
                edge.relation.as_str()
            )?;
            writeln!(
                out,
                "          <attvalue for=\"mentions\" value=\"{}\"/>",
                edge.mentions
            )?;
            if edge.relation.is_link() {
                writeln!(
                    out,
                    "          <attvalue for=\"confidence\" value=\"{}\"/>",
                    edge.confidence
                )?;
            }
            if let Some(ev) = &edge.evidence {
                writeln!(
                    out,
                    "          <attvalue for=\"evidence\" value=\"{}\"/>",
                    escape(&ev.sentence)
                )?;
            }
            writeln!(out, "        </attvalues>")?;
            writeln!(out, "      </edge>")?;
        }
        writeln!(out, "    </edges>")?;
        writeln!(out, "  </graph>")?;
        writeln!(out, "</gexf>")
    }
}
