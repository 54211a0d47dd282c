//! Neo4j bulk import (`neo4j/`): `nodes.csv` and `relationships.csv` in the header format of
//! `neo4j-admin database import full`, plus `import.cypher`, a `LOAD CSV` script that loads
//! the same two files into a running database.
//!
//! Nodes: `id:ID`, `:LABEL` (`Paper`, or `Entity|Model`, `Entity|Dataset`, …), `name`,
//! `kind`, `paper_id`, `year:int`, `authors:string[]`, `url`, `aliases:string[]`,
//! `papers:int`, `degree:int`. Relationships: `:START_ID`, `:END_ID`, `:TYPE` (`INTRODUCES`,
//! `USES`, `EVALUATES_ON`, `MEASURES`, `ADDRESSES`), `weight:double`, `mentions:int`,
//! `confidence:double`, `evidence`. Arrays and multiple labels are `|`-separated, so the import needs
//! `--array-delimiter='|'` (`;` is common inside author lists). Line breaks in text become
//! spaces (multi-line fields slow the importer down badly); quotes are doubled as RFC 4180
//! says; nothing else is changed (no spreadsheet-formula prefixes: this is not for
//! spreadsheets).

use super::Exporter;
use crate::graph::{KnowledgeGraph, NodeData, Relation};
use std::borrow::Cow;
use std::io::Write;

/// The Neo4j exporter.
pub struct Neo4jExporter;

const NODE_HEADER: [&str; 11] = [
    "id:ID",
    ":LABEL",
    "name",
    "kind",
    "paper_id",
    "year:int",
    "authors:string[]",
    "url",
    "aliases:string[]",
    "papers:int",
    "degree:int",
];
const REL_HEADER: [&str; 7] = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "weight:double",
    "mentions:int",
    "confidence:double",
    "evidence",
];

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

fn join(items: &[String]) -> String {
    items
        .iter()
        .map(|s| one_line(s))
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
      n.kind = row.kind,
      n.paper_id = row.paper_id,
      n.year = toInteger(row.`year:int`),
      n.authors = CASE WHEN row.`authors:string[]` IS NULL THEN null ELSE split(row.`authors:string[]`, '|') END,
      n.url = row.url,
      n.aliases = CASE WHEN row.`aliases:string[]` IS NULL THEN null ELSE split(row.`aliases:string[]`, '|') END,
      n.papers = toInteger(row.`papers:int`),
      n.degree = toInteger(row.`degree:int`)
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
  FOREACH (_ IN CASE WHEN row.`:TYPE` = 'INTRODUCES' THEN [1] ELSE [] END |
    MERGE (a)-[r:INTRODUCES]->(b) SET r.weight = toFloat(row.`weight:double`), r.mentions = toInteger(row.`mentions:int`), r.confidence = toFloat(row.`confidence:double`), r.evidence = row.evidence)
  FOREACH (_ IN CASE WHEN row.`:TYPE` = 'USES' THEN [1] ELSE [] END |
    MERGE (a)-[r:USES]->(b) SET r.weight = toFloat(row.`weight:double`), r.mentions = toInteger(row.`mentions:int`), r.confidence = toFloat(row.`confidence:double`), r.evidence = row.evidence)
  FOREACH (_ IN CASE WHEN row.`:TYPE` = 'EVALUATES_ON' THEN [1] ELSE [] END |
    MERGE (a)-[r:EVALUATES_ON]->(b) SET r.weight = toFloat(row.`weight:double`), r.mentions = toInteger(row.`mentions:int`), r.confidence = toFloat(row.`confidence:double`), r.evidence = row.evidence)
  FOREACH (_ IN CASE WHEN row.`:TYPE` = 'MEASURES' THEN [1] ELSE [] END |
    MERGE (a)-[r:MEASURES]->(b) SET r.weight = toFloat(row.`weight:double`), r.mentions = toInteger(row.`mentions:int`), r.confidence = toFloat(row.`confidence:double`), r.evidence = row.evidence)
  FOREACH (_ IN CASE WHEN row.`:TYPE` = 'ADDRESSES' THEN [1] ELSE [] END |
    MERGE (a)-[r:ADDRESSES]->(b) SET r.weight = toFloat(row.`weight:double`), r.mentions = toInteger(row.`mentions:int`), r.confidence = toFloat(row.`confidence:double`), r.evidence = row.evidence)
} IN TRANSACTIONS OF 10000 ROWS;
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
            return out.write_all(IMPORT_CYPHER.as_bytes());
        }
        let mut w = csv::WriterBuilder::new().from_writer(out);
        if file.ends_with("relationships.csv") {
            w.write_record(REL_HEADER)?;
            for (from, to, edge) in graph.edges() {
                let evidence = edge.evidence.as_ref().map_or("", |e| &*e.sentence);
                w.write_record([
                    from.id.as_str(),
                    to.id.as_str(),
                    rel_type(edge.relation),
                    &format!("{:.1}", f64::from(edge.mentions)),
                    &edge.mentions.to_string(),
                    &if edge.relation.is_link() {
                        edge.confidence.to_string()
                    } else {
                        String::new()
                    },
                    &one_line(evidence),
                ])?;
            }
        } else {
            w.write_record(NODE_HEADER)?;
            for (i, node) in graph.nodes() {
                let degree = graph.degree(i).to_string();
                let empty = String::new();
                let (paper_id, year, authors, url, aliases, papers) = match &node.data {
                    NodeData::Paper(p) => (
                        p.paper_id.as_str(),
                        p.year.map(|y| y.to_string()).unwrap_or_default(),
                        join(&p.authors),
                        p.url.as_deref().unwrap_or(""),
                        empty.clone(),
                        empty.clone(),
                    ),
                    NodeData::Entity(e) => (
                        "",
                        empty.clone(),
                        empty.clone(),
                        "",
                        join(&e.aliases),
                        degree.clone(),
                    ),
                };
                w.write_record([
                    &*one_line(&node.id),
                    label(node.kind_str()),
                    &one_line(node.label()),
                    node.kind_str(),
                    &one_line(paper_id),
                    &year,
                    &authors,
                    &one_line(url),
                    &aliases,
                    &papers,
                    &degree,
                ])?;
            }
        }
        w.flush()?;
        Ok(())
    }
}
