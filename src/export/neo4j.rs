//! Neo4j bulk import (`neo4j/`): `nodes.csv` and `relationships.csv` in the header format of
//! `neo4j-admin database import full`, plus `import.cypher`, a `LOAD CSV` script that loads
//! the same two files into a running database.
//!
//! Nodes: `id:ID`, `:LABEL` (`Paper`, or `Entity|Model`, `Entity|Dataset`, …), `name`, then
//! the attribute table's node attributes with typed headers (`year:int`,
//! `authors:string[]`, …). Relationships: `:START_ID`, `:END_ID`, `:TYPE` (the relation:
//! `INTRODUCES`, `USES`, `EVALUATES_ON`, `MEASURES`, `ADDRESSES`; `SHARES`, `CO_USED` in
//! projections), then the edge attributes (`weight:double`, `mentions:int`, …). Arrays and
//! multiple labels are `|`-separated (a `|` inside an item is written `¦`), so the import needs
//! `--array-delimiter='|'` (`;` is common inside author lists). Line breaks in text become
//! spaces (multi-line fields slow the importer down badly); quotes are doubled as RFC 4180
//! says; nothing else is changed (no spreadsheet-formula prefixes: this is not for
//! spreadsheets).

use super::Exporter;
use super::schema::{self, Value};
use crate::graph::{KnowledgeGraph, Relation};
use std::borrow::Cow;
use std::io::Write;

/// The Neo4j exporter.
pub struct Neo4jExporter;

/// The node header: `id:ID`, `:LABEL`, `name`, then the schema's node attributes typed.
fn node_header() -> Vec<String> {
    ["id:ID", ":LABEL", "name"]
        .into_iter()
        .map(str::to_owned)
        .chain(
            schema::NODE
                .iter()
                .map(|a| format!("{}{}", a.name, a.ty.neo4j())),
        )
        .collect()
}

/// The edge attributes a relationship carries as properties (`relation` is its `:TYPE`).
fn rel_attributes() -> impl Iterator<Item = &'static schema::Attribute> {
    schema::EDGE.iter().filter(|a| a.name != "relation")
}

/// The relationship header: `:START_ID`, `:END_ID`, `:TYPE`, then the edge attributes typed.
fn rel_header() -> Vec<String> {
    [":START_ID", ":END_ID", ":TYPE"]
        .into_iter()
        .map(str::to_owned)
        .chain(rel_attributes().map(|a| format!("{}{}", a.name, a.ty.neo4j())))
        .collect()
}

/// A cell: text on one line, lists `|`-joined with each item on one line.
fn cell(values: &[(&'static str, Value<'_>)], name: &str) -> String {
    match values.iter().find(|(n, _)| *n == name) {
        Some((_, Value::Text(s))) => one_line(s).into_owned(),
        Some((_, Value::List(items))) => join(items),
        Some((_, v)) => v.flat(),
        None => String::new(),
    }
}

/// Cypher that sets `var.<attribute>` from a `LOAD CSV` row for each attribute, converting
/// each type back.
fn cypher_sets<'a>(
    var: &str,
    attrs: impl Iterator<Item = &'a schema::Attribute>,
    separator: &str,
) -> String {
    attrs
        .map(|a| {
            let col = format!("row.`{}{}`", a.name, a.ty.neo4j());
            let value = match a.ty {
                schema::Type::Text => col,
                schema::Type::Integer => format!("toInteger({col})"),
                schema::Type::Double => format!("toFloat({col})"),
                schema::Type::List => {
                    format!("CASE WHEN {col} IS NULL THEN null ELSE split({col}, '|') END")
                }
            };
            format!("{var}.{} = {value}", a.name)
        })
        .collect::<Vec<_>>()
        .join(separator)
}

/// The LOAD CSV script, its property lists generated from the attribute table.
fn import_cypher() -> String {
    let rel_sets = cypher_sets("r", rel_attributes(), ", ");
    let rels: String = Relation::ALL
        .iter()
        .map(|&r| {
            let t = rel_type(r);
            format!(
                "  FOREACH (_ IN CASE WHEN row.`:TYPE` = '{t}' THEN [1] ELSE [] END |\n    MERGE (a)-[r:{t}]->(b) SET {rel_sets})\n"
            )
        })
        .collect();
    IMPORT_CYPHER
        .replace(
            "{NODE_SETS}",
            &cypher_sets("n", schema::NODE.iter(), ",\n      "),
        )
        .replace("{RELATIONSHIPS}", &rels)
}

/// The relationship type of a relation.
pub fn rel_type(r: Relation) -> &'static str {
    match r {
        Relation::Introduces => "INTRODUCES",
        Relation::Uses => "USES",
        Relation::EvaluatesOn => "EVALUATES_ON",
        Relation::Measures => "MEASURES",
        Relation::Addresses => "ADDRESSES",
        Relation::Shares => "SHARES",
        Relation::CoUsed => "CO_USED",
    }
}

/// Text on one line: each line break (`\r\n`, `\n`, `\r`) becomes a space.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(['\n', '\r']) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", " ").replace(['\n', '\r'], " "))
}

/// A list cell: items on one line, joined with `|`, the array delimiter of the import. The
/// importer has no escape for it, so a `|` inside an item becomes `¦` (U+00A6): otherwise an
/// author "Normal | Pipe" would come back as two.
fn join(items: &[String]) -> String {
    items
        .iter()
        .map(|s| one_line(s).replace('|', "\u{a6}"))
        .collect::<Vec<_>>()
        .join("|")
}

fn label(kind: &str) -> &'static str {
    match kind {
        "paper" => "Paper",
        "model" => "Entity|Model",
        "dataset" => "Entity|Dataset",
        "method" => "Entity|Method",
        "metric" => "Entity|Metric",
        "task" => "Entity|Task",
        _ => "Entity",
    }
}

const IMPORT_CYPHER: &str = r#"// paperkg graph → a running Neo4j (5.23 or later; 202x releases), with LOAD CSV.
// Copy nodes.csv and relationships.csv into the database's import directory, then run
//   cypher-shell -u neo4j -p <password> -f import.cypher
// (the statements use CALL … IN TRANSACTIONS, so run them as auto-commit queries; in
// Neo4j Browser, prefix each with :auto). For an empty database, the offline importer is
// faster:
//   neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv \
//     --array-delimiter='|' --id-type=string neo4j
// On Neo4j before 5.23, write `CALL { WITH row … }` instead of `CALL (row) { … }`.

CREATE CONSTRAINT paperkg_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
CALL (row) {
  MERGE (n:Node {id: row.`id:ID`})
  SET n.name = row.name,
      {NODE_SETS}
  FOREACH (_ IN CASE WHEN row.kind = 'paper' THEN [1] ELSE [] END | SET n:Paper)
  FOREACH (_ IN CASE WHEN row.kind <> 'paper' THEN [1] ELSE [] END | SET n:Entity)
  FOREACH (_ IN CASE WHEN row.kind = 'model' THEN [1] ELSE [] END | SET n:Model)
  FOREACH (_ IN CASE WHEN row.kind = 'dataset' THEN [1] ELSE [] END | SET n:Dataset)
  FOREACH (_ IN CASE WHEN row.kind = 'method' THEN [1] ELSE [] END | SET n:Method)
  FOREACH (_ IN CASE WHEN row.kind = 'metric' THEN [1] ELSE [] END | SET n:Metric)
  FOREACH (_ IN CASE WHEN row.kind = 'task' THEN [1] ELSE [] END | SET n:Task)
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
CALL (row) {
  MATCH (a:Node {id: row.`:START_ID`}), (b:Node {id: row.`:END_ID`})
{RELATIONSHIPS}} IN TRANSACTIONS OF 10000 ROWS;
"#;

impl Exporter for Neo4jExporter {
    fn files(&self) -> &'static [&'static str] {
        &[
            "neo4j/nodes.csv",
            "neo4j/relationships.csv",
            "neo4j/import.cypher",
        ]
    }

    fn write_file(
        &self,
        graph: &KnowledgeGraph,
        file: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        if file.ends_with(".cypher") {
            return out.write_all(import_cypher().as_bytes());
        }
        let mut w = csv::WriterBuilder::new().from_writer(out);
        if file.ends_with("relationships.csv") {
            w.write_record(rel_header())?;
            for (from, to, edge) in graph.edges() {
                let values = schema::edge_values(edge);
                w.write_field(&*one_line(&from.id))?;
                w.write_field(&*one_line(&to.id))?;
                w.write_field(rel_type(edge.relation))?;
                for a in rel_attributes() {
                    w.write_field(cell(&values, a.name))?;
                }
                w.write_record(None::<&[u8]>)?;
            }
        } else {
            w.write_record(node_header())?;
            for (i, node) in graph.nodes() {
                let values = schema::node_values(graph, i);
                w.write_field(&*one_line(&node.id))?;
                w.write_field(label(node.kind_str()))?;
                w.write_field(&*one_line(node.label()))?;
                for a in schema::NODE.iter() {
                    w.write_field(cell(&values, a.name))?;
                }
                w.write_record(None::<&[u8]>)?;
            }
        }
        w.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pipe_inside_an_item_does_not_split_it() {
        let items = ["Normal | Pipe".to_owned(), "Two\nLines".to_owned()];
        assert_eq!(super::join(&items), "Normal \u{a6} Pipe|Two Lines");
        assert_eq!(super::join(&items).split('|').count(), items.len());
    }
}
