//! RDF: Turtle (`graph.ttl`) and N-Triples (`graph.nt`), for SPARQL stores (the embedded one
//! behind `paperkg sparql`, or Jena Fuseki, QLever, GraphDB, …).
//!
//! Vocabulary (`pkg:` = `https://paperkg.github.io/vocab#`; nodes are
//! `https://paperkg.github.io/id/<node id, percent-encoded>`):
//!
//! * papers: `a pkg:Paper`; `dcterms:title` and `rdfs:label` (the title);
//! * entities: `a pkg:Entity` and `a pkg:Model|Dataset|Method|Metric|Task`; `rdfs:label` and
//!   `skos:prefLabel` (the canonical name);
//! * then every node attribute of the attribute table ([`super::schema`]) under its
//!   predicate: `pkg:kind`, `pkg:paperId`, `pkg:year`, `dcterms:creator` (one literal per
//!   author), `pkg:url`, `skos:altLabel` (one per alias), `pkg:papers`, `pkg:degree`;
//! * links: `<paper> pkg:introduces|uses|evaluatesOn|measures|addresses <entity>` and, for all
//!   of these, `<paper> pkg:mentions <entity>`; projections use `pkg:shares` and `pkg:coUsed`;
//! * each link also as a blank node with `pkg:source`, `pkg:target` and the edge attributes:
//!   `pkg:weight` (an `xsd:decimal`), `pkg:mentionCount`, `pkg:confidence` (an
//!   `xsd:decimal`, paper → entity links), `pkg:evidence` (the first sentence naming the
//!   entity), `pkg:evidenceField`, `pkg:evidenceStart`, `pkg:evidenceEnd`.
//!
//! Literals escape `"`, `\`, and every control character (`\n`, `\r`, `\t`, or `\uXXXX`), so
//! text comes back exactly.

use super::Exporter;
use super::schema::{self, Value};
use crate::graph::{KnowledgeGraph, NodeData, Relation};
use std::io::Write;

/// The full IRI of an attribute's predicate.
fn predicate(attrs: &[schema::Attribute], name: &str) -> String {
    let local = attrs
        .iter()
        .find(|a| a.name == name)
        .map_or(name, |a| a.rdf);
    match local.split_once(':') {
        Some(("dcterms", l)) => format!("{DCT}{l}"),
        Some(("skos", l)) => format!("{SKOS}{l}"),
        _ => format!("{VOCAB}{local}"),
    }
}

/// The vocabulary namespace.
pub const VOCAB: &str = "https://paperkg.github.io/vocab#";
/// The namespace of node IRIs.
pub const DATA: &str = "https://paperkg.github.io/id/";

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const DCT: &str = "http://purl.org/dc/terms/";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";

/// Turtle or N-Triples.
pub struct RdfExporter {
    turtle: bool,
}

/// The Turtle exporter.
pub const TURTLE: RdfExporter = RdfExporter { turtle: true };
/// The N-Triples exporter.
pub const NTRIPLES: RdfExporter = RdfExporter { turtle: false };

/// An RDF term.
enum Term<'a> {
    Iri(String),
    Blank(String),
    Str(&'a str),
    Int(i64),
    /// A confidence, as an `xsd:decimal`.
    Decimal(crate::extract::Confidence),
    /// A count written as a decimal (`2.0`): the weight.
    Count(u32),
}

/// A node's IRI: the data namespace plus its id, with every byte outside `A-Za-z0-9-._~:`
/// percent-encoded.
pub fn node_iri(id: &str) -> String {
    let mut out = String::with_capacity(DATA.len() + id.len());
    out.push_str(DATA);
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A string literal's body, escaped for Turtle and N-Triples.
pub fn escape_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn relation_iri(r: Relation) -> String {
    let local = match r {
        Relation::Introduces => "introduces",
        Relation::Uses => "uses",
        Relation::EvaluatesOn => "evaluatesOn",
        Relation::Measures => "measures",
        Relation::Addresses => "addresses",
        Relation::Shares => "shares",
        Relation::CoUsed => "coUsed",
    };
    format!("{VOCAB}{local}")
}

fn class_iri(kind: &str) -> String {
    let mut c = kind.to_owned();
    if let Some(f) = c.get_mut(0..1) {
        f.make_ascii_uppercase();
    }
    format!("{VOCAB}{c}")
}

impl RdfExporter {
    fn term(&self, t: &Term<'_>) -> String {
        match t {
            Term::Iri(iri) => self.iri(iri),
            Term::Blank(b) => format!("_:{b}"),
            Term::Str(s) => format!("\"{}\"", escape_literal(s)),
            Term::Int(i) if self.turtle => i.to_string(),
            Term::Int(i) => format!("\"{i}\"^^<{XSD_INTEGER}>"),
            Term::Decimal(c) => format!("\"{c}\"^^<{XSD_DECIMAL}>"),
            Term::Count(n) => format!("\"{n}.0\"^^<{XSD_DECIMAL}>"),
        }
    }

    /// An IRI, abbreviated with the Turtle prefixes where that is safe.
    fn iri(&self, iri: &str) -> String {
        if self.turtle {
            for (prefix, ns) in [
                ("pkg", VOCAB),
                ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
                ("dcterms", DCT),
                ("skos", SKOS),
            ] {
                if let Some(local) = iri.strip_prefix(ns)
                    && !local.is_empty()
                    && local.bytes().all(|b| b.is_ascii_alphanumeric())
                {
                    return format!("{prefix}:{local}");
                }
            }
            if iri == RDF_TYPE {
                return "a".to_owned();
            }
        }
        format!("<{iri}>")
    }

    /// The triples of one attribute value: one per item for a list.
    fn values(
        &self,
        out: &mut dyn Write,
        s: &Term<'_>,
        p: &str,
        value: &Value<'_>,
    ) -> std::io::Result<()> {
        match *value {
            Value::Text(t) => self.triple(out, s, p, &Term::Str(t)),
            Value::Integer(n) => self.triple(out, s, p, &Term::Int(n)),
            Value::Double(n) => self.triple(out, s, p, &Term::Count(n)),
            Value::Confidence(c) => self.triple(out, s, p, &Term::Decimal(c)),
            Value::List(items) => {
                for item in items {
                    self.triple(out, s, p, &Term::Str(item))?;
                }
                Ok(())
            }
        }
    }

    fn triple(
        &self,
        out: &mut dyn Write,
        s: &Term<'_>,
        p: &str,
        o: &Term<'_>,
    ) -> std::io::Result<()> {
        writeln!(out, "{} {} {} .", self.term(s), self.iri(p), self.term(o))
    }
}

impl Exporter for RdfExporter {
    fn files(&self) -> &'static [&'static str] {
        if self.turtle {
            &["graph.ttl"]
        } else {
            &["graph.nt"]
        }
    }

    fn write_file(
        &self,
        graph: &KnowledgeGraph,
        _file: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        if self.turtle {
            writeln!(out, "@prefix pkg: <{VOCAB}> .")?;
            writeln!(
                out,
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."
            )?;
            writeln!(out, "@prefix dcterms: <{DCT}> .")?;
            writeln!(out, "@prefix skos: <{SKOS}> .")?;
            writeln!(out)?;
        }
        let vocab = |local: &str| format!("{VOCAB}{local}");
        for (i, node) in graph.nodes() {
            let s = Term::Iri(node_iri(&node.id));
            match &node.data {
                NodeData::Paper(p) => {
                    self.triple(out, &s, RDF_TYPE, &Term::Iri(vocab("Paper")))?;
                    if !p.title.is_empty() {
                        self.triple(out, &s, &format!("{DCT}title"), &Term::Str(&p.title))?;
                    }
                }
                NodeData::Entity(e) => {
                    self.triple(out, &s, RDF_TYPE, &Term::Iri(vocab("Entity")))?;
                    self.triple(out, &s, RDF_TYPE, &Term::Iri(class_iri(e.kind.as_str())))?;
                    self.triple(out, &s, &format!("{SKOS}prefLabel"), &Term::Str(&e.name))?;
                }
            }
            self.triple(out, &s, RDFS_LABEL, &Term::Str(node.label()))?;
            for (name, value) in schema::node_values(graph, i) {
                self.values(out, &s, &predicate(&schema::NODE, name), &value)?;
            }
        }
        for (n, (from, to, edge)) in graph.edges().enumerate() {
            let s = Term::Iri(node_iri(&from.id));
            let o = Term::Iri(node_iri(&to.id));
            self.triple(out, &s, &relation_iri(edge.relation), &o)?;
            if !matches!(edge.relation, Relation::Shares | Relation::CoUsed) {
                self.triple(out, &s, &vocab("mentions"), &o)?;
            }
            // The link's own node: untyped and without its relation (the direct predicate
            // says it), since every triple costs load time in a store.
            let link = Term::Blank(format!("l{n}"));
            self.triple(out, &link, &vocab("source"), &s)?;
            self.triple(out, &link, &vocab("target"), &o)?;
            for (name, value) in schema::edge_values(edge) {
                if name != "relation" {
                    self.values(out, &link, &predicate(&schema::EDGE, name), &value)?;
                }
            }
        }
        Ok(())
    }
}
