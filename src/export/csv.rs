//! Gephi spreadsheet CSVs: `nodes.csv` and `edges.csv`.
//!
//! Gephi's conventions (see its "Import CSV Data" docs): the node table has `Id` and `Label`,
//! the edge table `Source`, `Target`, `Type` and `Weight`; every other column becomes an
//! attribute. Gephi guesses column types from the first rows, so extra headers are snake_case
//! (spaces can flip its delimiter detection), weights always carry a decimal point (`2.0`) and
//! unknown values are left empty. Isolated nodes are kept. Text cells that a spreadsheet would
//! read as a formula are prefixed with `'` (see [`super::neutralize_formula`]); lists (aliases,
//! authors) are joined with `|`.

use super::{Exporter, neutralize_formula};
use crate::graph::{KnowledgeGraph, NodeData};
use std::io::Write;

/// The Gephi CSV exporter.
pub struct CsvExporter;

const NODE_HEADER: [&str; 9] = [
    "Id", "Label", "kind", "paper_id", "year", "authors", "url", "aliases", "degree",
];
const EDGE_HEADER: [&str; 8] = [
    "Source",
    "Target",
    "Type",
    "Weight",
    "relation",
    "mentions",
    "confidence",
    "evidence",
];

impl Exporter for CsvExporter {
    fn files(&self) -> &'static [&'static str] {
        &["nodes.csv", "edges.csv"]
    }

    fn write_file(
        &self,
        graph: &KnowledgeGraph,
        file: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let mut w = csv::WriterBuilder::new().from_writer(out);
        if file == "edges.csv" {
            w.write_record(EDGE_HEADER)?;
            // Gephi's edge type: a projection's symmetric links are undirected.
            let edge_type = if graph.is_directed() {
                "Directed"
            } else {
                "Undirected"
            };
            // Reused for every row. The weight is the mention count with a decimal point,
            // as `{:.1}` would print it (a count is a whole number).
            let (mut weight, mut mentions, mut confidence) =
                (String::new(), String::new(), String::new());
            for (from, to, edge) in graph.edges() {
                use std::fmt::Write as _;
                weight.clear();
                mentions.clear();
                confidence.clear();
                let _ = write!(weight, "{}.0", edge.mentions);
                let _ = write!(mentions, "{}", edge.mentions);
                // Paper → entity links only; empty on projection edges.
                if edge.relation.is_link() {
                    let _ = write!(confidence, "{}", edge.confidence);
                }
                let evidence = edge.evidence.as_ref().map_or("", |e| &*e.sentence);
                w.write_record([
                    from.id.as_str(),
                    to.id.as_str(),
                    edge_type,
                    &weight,
                    edge.relation.as_str(),
                    &mentions,
                    &confidence,
                    &neutralize_formula(evidence),
                ])?;
            }
        } else {
            w.write_record(NODE_HEADER)?;
            for (i, node) in graph.nodes() {
                let degree = graph.degree(i).to_string();
                let (paper_id, year, authors, url, aliases) = match &node.data {
                    NodeData::Paper(p) => (
                        p.paper_id.clone(),
                        p.year.map(|y| y.to_string()).unwrap_or_default(),
                        p.authors.join("|"),
                        p.url.clone().unwrap_or_default(),
                        String::new(),
                    ),
                    NodeData::Entity(e) => (
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        e.aliases.join("|"),
                    ),
                };
                w.write_record([
                    node.id.as_str(),
                    &neutralize_formula(node.label()),
                    node.kind_str(),
                    &neutralize_formula(&paper_id),
                    &year,
                    &neutralize_formula(&authors),
                    &neutralize_formula(&url),
                    &neutralize_formula(&aliases),
                    &degree,
                ])?;
            }
        }
        w.flush()?;
        Ok(())
    }
}
