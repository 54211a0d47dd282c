//! Gephi spreadsheet CSVs: `nodes.csv` and `edges.csv`.
//!
//! Gephi's conventions (see its "Import CSV Data" docs): the node table has `Id` and `Label`,
//! the edge table `Source`, `Target`, `Type` and `Weight`; every other column becomes an
//! attribute. Gephi guesses column types from the first rows, so extra headers are snake_case
//! (spaces can flip its delimiter detection), weights always carry a decimal point (`2.0`) and
//! unknown values are left empty. Isolated nodes are kept. Text cells that a spreadsheet would
//! read as a formula are prefixed with `'` (see [`super::neutralize_formula`]); lists (aliases,
//! authors) are joined with `|`.

use super::schema::{self, Value};
use super::{Exporter, neutralize_formula};
use crate::graph::KnowledgeGraph;
use std::io::Write;

/// The Gephi CSV exporter.
pub struct CsvExporter;

/// Gephi's column for a schema attribute: `Weight` is the one Gephi reads as edge weight.
fn column(name: &'static str) -> &'static str {
    if name == "weight" { "Weight" } else { name }
}

/// A cell: text a spreadsheet could take for a formula is neutralised.
fn cell(values: &[(&'static str, Value<'_>)], name: &str) -> String {
    match values.iter().find(|(n, _)| *n == name) {
        Some((_, v @ (Value::Text(_) | Value::List(_)))) => {
            neutralize_formula(&v.flat()).into_owned()
        }
        Some((_, v)) => v.flat(),
        None => String::new(),
    }
}

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
            let header = ["Source", "Target", "Type"]
                .into_iter()
                .chain(schema::EDGE.iter().map(|a| column(a.name)));
            w.write_record(header)?;
            // Gephi's edge type: a projection's symmetric links are undirected.
            let edge_type = if graph.is_directed() {
                "Directed"
            } else {
                "Undirected"
            };
            for (from, to, edge) in graph.edges() {
                let values = schema::edge_values(edge);
                w.write_field(&from.id)?;
                w.write_field(&to.id)?;
                w.write_field(edge_type)?;
                for a in schema::EDGE {
                    w.write_field(cell(&values, a.name))?;
                }
                w.write_record(None::<&[u8]>)?;
            }
        } else {
            let header = ["Id", "Label"]
                .into_iter()
                .chain(schema::NODE.iter().map(|a| a.name));
            w.write_record(header)?;
            for (i, node) in graph.nodes() {
                let values = schema::node_values(graph, i);
                w.write_field(&node.id)?;
                w.write_field(&*neutralize_formula(node.label()))?;
                for a in schema::NODE {
                    w.write_field(cell(&values, a.name))?;
                }
                w.write_record(None::<&[u8]>)?;
            }
        }
        w.flush()?;
        Ok(())
    }
}
