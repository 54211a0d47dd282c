//! GEXF 1.3 (`graph.gexf`), Gephi's native format.
//!
//! Typed attributes (GEXF 1.3 schema types) from the attribute table of [`super::schema`];
//! an edge's `weight` is GEXF's own edge attribute. The graph is directed (paper → entity)
//! except for a projection. Nodes are coloured by kind and sized by degree with the
//! `viz` extension, so Gephi shows them sensibly before any layout. Text is escaped by
//! [`super::xml::escape`]. The file is written as it is generated.

use super::Exporter;
use super::schema;
use super::xml::{edge_attributes, escape, node_attributes, rgb};
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
{ATTRIBUTES}"#;

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
        let mut attributes = String::new();
        for (class, attrs) in [("node", &schema::NODE), ("edge", &schema::EDGE)] {
            attributes.push_str(&format!("    <attributes class=\"{class}\">\n"));
            // GEXF gives an edge its weight natively.
            for a in attrs.iter().filter(|a| a.name != "weight") {
                attributes.push_str(&format!(
                    "      <attribute id=\"{0}\" title=\"{0}\" type=\"{1}\"/>\n",
                    a.name,
                    a.ty.gexf()
                ));
            }
            attributes.push_str("    </attributes>\n");
        }
        out.write_all(
            HEADER
                .replace("{ATTRIBUTES}", &attributes)
                .replace("{EDGES}", edges)
                .as_bytes(),
        )?;
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
            for (key, v) in edge_attributes(edge) {
                if key != "weight" {
                    writeln!(
                        out,
                        "          <attvalue for=\"{key}\" value=\"{}\"/>",
                        escape(&v)
                    )?;
                }
            }
            writeln!(out, "        </attvalues>")?;
            writeln!(out, "      </edge>")?;
        }
        writeln!(out, "    </edges>")?;
        writeln!(out, "  </graph>")?;
        writeln!(out, "</gexf>")
    }
}
