//! The attributes every graph file carries: one table, read by each writer and by the test
//! that reads each format back, and printed in the README ("Attributes").
//!
//! Formats name some of them their own way: Gephi's CSV columns `Id`, `Label`, `Source`,
//! `Target`, `Weight`; Neo4j's `id:ID`, `name` and typed headers (`year:int`); RDF predicates
//! ([`Attribute::rdf`]). DOT carries only what a drawing needs (kind, label, papers).

use crate::extract::Confidence;
use crate::graph::{Edge, KnowledgeGraph, NodeData};
use petgraph::graph::NodeIndex;

/// Which nodes or edges carry an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    /// Every node.
    Node,
    /// Paper nodes (where the value is known).
    Paper,
    /// Entity nodes.
    Entity,
    /// Every edge.
    Edge,
    /// Paper → entity links (not projection edges).
    Link,
    /// Edges with an evidence sentence (paper → entity links).
    Evidence,
}

/// An attribute's value type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// Text.
    Text,
    /// A whole number.
    Integer,
    /// A number with a fraction (written with a decimal point).
    Double,
    /// A list of texts: a JSON array, `|`-joined in flat formats, one triple each in RDF.
    List,
}

impl Type {
    /// The GraphML `attr.type`.
    pub fn graphml(self) -> &'static str {
        match self {
            Type::Text | Type::List => "string",
            Type::Integer => "int",
            Type::Double => "double",
        }
    }

    /// The GEXF attribute `type`.
    pub fn gexf(self) -> &'static str {
        match self {
            Type::Text | Type::List => "string",
            Type::Integer => "integer",
            Type::Double => "double",
        }
    }

    /// The Neo4j import header suffix.
    pub fn neo4j(self) -> &'static str {
        match self {
            Type::Text => "",
            Type::Integer => ":int",
            Type::Double => ":double",
            Type::List => ":string[]",
        }
    }
}

/// One attribute.
#[derive(Debug, Clone, Copy)]
pub struct Attribute {
    /// Its name (the JSON key, CSV column, GEXF/GraphML attribute).
    pub name: &'static str,
    /// What carries it.
    pub on: On,
    /// Its type.
    pub ty: Type,
    /// The RDF predicate naming it (a `pkg:` local name unless it has a prefix).
    pub rdf: &'static str,
    /// What it means, for the README.
    pub about: &'static str,
}

const fn attr(
    name: &'static str,
    on: On,
    ty: Type,
    rdf: &'static str,
    about: &'static str,
) -> Attribute {
    Attribute {
        name,
        on,
        ty,
        rdf,
        about,
    }
}

/// Node attributes after `id` and `label`, in file order.
pub const NODE: [Attribute; 8] = [
    attr(
        "kind",
        On::Node,
        Type::Text,
        "kind",
        "`paper`, `model`, `dataset`, `method`, `metric` or `task`",
    ),
    attr(
        "paper_id",
        On::Paper,
        Type::Text,
        "paperId",
        "the paper's id in the input (arXiv id, DOI, or one made from the title)",
    ),
    attr(
        "year",
        On::Paper,
        Type::Integer,
        "year",
        "publication year, when the input gives one",
    ),
    attr(
        "authors",
        On::Paper,
        Type::List,
        "dcterms:creator",
        "author names, when the input gives them",
    ),
    attr(
        "url",
        On::Paper,
        Type::Text,
        "url",
        "the paper's address, when the input gives one",
    ),
    attr(
        "aliases",
        On::Entity,
        Type::List,
        "skos:altLabel",
        "other names the corpus uses for the entity",
    ),
    attr(
        "papers",
        On::Entity,
        Type::Integer,
        "papers",
        "how many papers of the corpus link to the entity (kept in a projection or a selection)",
    ),
    attr(
        "degree",
        On::Node,
        Type::Integer,
        "degree",
        "how many edges the node has in this file",
    ),
];

/// Edge attributes after `source` and `target`, in file order.
pub const EDGE: [Attribute; 8] = [
    attr(
        "relation",
        On::Edge,
        Type::Text,
        "(the predicate)",
        "`introduces`, `uses`, `evaluates_on`, `measures`, `addresses`; `shares`/`co_used` in projections",
    ),
    attr(
        "weight",
        On::Edge,
        Type::Double,
        "weight",
        "`mentions` as a double, under the name Gephi, networkx and Neo4j GDS read as an edge weight",
    ),
    attr(
        "mentions",
        On::Edge,
        Type::Integer,
        "mentionCount",
        "times the paper names the entity; in a projection, the entities (or papers) shared",
    ),
    attr(
        "confidence",
        On::Link,
        Type::Double,
        "confidence",
        "probability that the link is right (see \"Confidence\")",
    ),
    attr(
        "evidence",
        On::Evidence,
        Type::Text,
        "evidence",
        "the first sentence naming the entity (the title, for a title mention)",
    ),
    attr(
        "evidence_field",
        On::Evidence,
        Type::Text,
        "evidenceField",
        "`title` or `abstract`: where that mention is",
    ),
    attr(
        "evidence_start",
        On::Evidence,
        Type::Integer,
        "evidenceStart",
        "byte offset of the mention in that field",
    ),
    attr(
        "evidence_end",
        On::Evidence,
        Type::Integer,
        "evidenceEnd",
        "byte offset one past the mention's end",
    ),
];

/// An attribute value.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// Text.
    Text(&'a str),
    /// A whole number.
    Integer(i64),
    /// A count written as a double (`2.0`).
    Double(u32),
    /// A confidence (`0.85`).
    Confidence(Confidence),
    /// A list of texts.
    List(&'a [String]),
}

impl Value<'_> {
    /// The value as one cell of a flat format: lists `|`-joined, doubles with a decimal point.
    pub fn flat(&self) -> String {
        match self {
            Value::Text(s) => (*s).to_owned(),
            Value::Integer(n) => n.to_string(),
            Value::Double(n) => format!("{n}.0"),
            Value::Confidence(c) => c.to_string(),
            Value::List(items) => items.join("|"),
        }
    }
}

/// A node's attribute values after `id` and `label`, present ones only, in [`NODE`] order.
pub fn node_values(graph: &KnowledgeGraph, i: NodeIndex) -> Vec<(&'static str, Value<'_>)> {
    let node = graph.node(i);
    let mut out = vec![("kind", Value::Text(node.kind_str()))];
    match &node.data {
        NodeData::Paper(p) => {
            out.push(("paper_id", Value::Text(&p.paper_id)));
            if let Some(y) = p.year {
                out.push(("year", Value::Integer(i64::from(y))));
            }
            if !p.authors.is_empty() {
                out.push(("authors", Value::List(&p.authors)));
            }
            if let Some(url) = &p.url {
                out.push(("url", Value::Text(url)));
            }
        }
        NodeData::Entity(e) => {
            out.push(("aliases", Value::List(&e.aliases)));
            out.push(("papers", Value::Integer(i64::from(e.papers))));
        }
    }
    out.push(("degree", Value::Integer(graph.degree(i) as i64)));
    out
}

/// An edge's attribute values after `source` and `target`, present ones only, in [`EDGE`]
/// order.
pub fn edge_values(edge: &Edge) -> Vec<(&'static str, Value<'_>)> {
    let mut out = vec![
        ("relation", Value::Text(edge.relation.as_str())),
        ("weight", Value::Double(edge.mentions)),
        ("mentions", Value::Integer(i64::from(edge.mentions))),
    ];
    if edge.relation.is_link() {
        out.push(("confidence", Value::Confidence(edge.confidence)));
    }
    if let Some(ev) = &edge.evidence {
        out.push(("evidence", Value::Text(&ev.sentence)));
        out.push(("evidence_field", Value::Text(ev.field.as_str())));
        out.push(("evidence_start", Value::Integer(i64::from(ev.start))));
        out.push(("evidence_end", Value::Integer(i64::from(ev.end))));
    }
    out
}

/// The README's attribute table (Markdown), generated from [`NODE`] and [`EDGE`]; a test
/// checks the README holds it.
pub fn markdown_table() -> String {
    let on = |o: On| match o {
        On::Node => "every node",
        On::Paper => "papers",
        On::Entity => "entities",
        On::Edge => "every edge",
        On::Link => "paper → entity links",
        On::Evidence => "links with evidence",
    };
    let ty = |t: Type| match t {
        Type::Text => "text",
        Type::Integer => "integer",
        Type::Double => "double",
        Type::List => "list",
    };
    let mut out =
        String::from("| attribute | on | type | RDF | meaning |\n|---|---|---|---|---|\n");
    out.push_str(
        "| `id` | every node | text | (the node's IRI) | `paper:<id>` or `<kind>:<slug>` |\n",
    );
    out.push_str(
        "| `label` | every node | text | `rdfs:label` | the title or the entity's name |\n",
    );
    for a in NODE {
        out.push_str(&row(a, on(a.on), ty(a.ty)));
    }
    out.push_str(
        "| `source`, `target` | every edge | text | `pkg:source`, `pkg:target` | node ids (paper → entity) |\n",
    );
    for a in EDGE {
        out.push_str(&row(a, on(a.on), ty(a.ty)));
    }
    out
}

fn row(a: Attribute, on: &str, ty: &str) -> String {
    let rdf = if a.rdf.starts_with('(') {
        a.rdf.to_owned()
    } else if a.rdf.contains(':') {
        format!("`{}`", a.rdf)
    } else {
        format!("`pkg:{}`", a.rdf)
    };
    format!("| `{}` | {on} | {ty} | {rdf} | {} |\n", a.name, a.about)
}
