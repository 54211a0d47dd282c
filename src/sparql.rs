//! SPARQL over a graph: its RDF view ([`crate::export::rdf`]) loaded into an in-memory
//! oxigraph store, and saved queries with parameters.
//!
//! Parameters keep a query runnable anywhere: a parameter is a variable given a default by a
//! one-variable `VALUES ?name { "default" }` block, which every SPARQL 1.1 engine runs as is;
//! `--param name=value` replaces the block's contents with the given value (a string
//! literal, or an IRI when written `<…>`).

use crate::error::{Error, Result};
use crate::export::{Exporter, rdf};
use crate::graph::KnowledgeGraph;
use crate::query::Table;
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use serde_json::json;

/// A store holding the graph's RDF view.
pub fn load(graph: &KnowledgeGraph) -> Result<Store> {
    let mut nt = Vec::new();
    rdf::NTRIPLES
        .write_file(graph, "graph.nt", &mut nt)
        .map_err(|e| Error::Query(format!("writing the RDF view: {e}")))?;
    let store = Store::new().map_err(|e| Error::Query(e.to_string()))?;
    store
        .bulk_loader()
        .load_from_reader(RdfFormat::NTriples, nt.as_slice())
        .map_err(|e| Error::Query(format!("loading the RDF view: {e}")))?;
    Ok(store)
}

/// `query` with each `(name, value)` parameter substituted into its `VALUES ?name { … }`
/// block.
///
/// A value can only ever be one term: an IRI when written `<…>` and valid by SPARQL's
/// `IRIREF` rule (no spaces, controls or `<>"{}|^`\` inside), else a string literal with
/// every quote, backslash and control character escaped. The blocks are found in the query
/// as written, before any value goes in, so no value can move another parameter.
pub fn bind(query: &str, params: &[(String, String)]) -> Result<String> {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (name, value) in params {
        let head = format!("VALUES ?{name} {{");
        let Some(start) = query.find(&head) else {
            return Err(Error::Query(format!(
                "the query has no parameter {name:?} (a line `VALUES ?{name} {{ … }}`)"
            )));
        };
        if edits.iter().any(|e| e.0 == start + head.len()) {
            return Err(Error::Query(format!("parameter {name:?} given twice")));
        }
        let body = start + head.len();
        let end = body
            + query[body..]
                .find('}')
                .ok_or_else(|| Error::Query(format!("unclosed VALUES block for ?{name}")))?;
        edits.push((body, end, term(name, value)?));
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = query.to_owned();
    for (body, end, term) in edits {
        out.replace_range(body..end, &format!(" {term} "));
    }
    Ok(out)
}

/// A parameter value as one SPARQL term.
fn term(name: &str, value: &str) -> Result<String> {
    if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        let bad = iri.chars().find(|&c| {
            c <= ' ' || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\')
        });
        return match bad {
            None => Ok(value.to_owned()),
            Some(c) => Err(Error::Query(format!(
                "--param {name}: {value:?} is not an IRI ({c:?} cannot occur inside <…>)"
            ))),
        };
    }
    Ok(format!("\"{}\"", rdf::escape_literal(value)))
}

/// A term as a table cell: node IRIs as node ids, other IRIs in full, literals as their
/// value (integers as numbers).
fn cell(term: &Term) -> serde_json::Value {
    match term {
        Term::NamedNode(n) => match n.as_str().strip_prefix(rdf::DATA) {
            Some(id) => json!(percent_decode(id)),
            None => json!(n.as_str()),
        },
        Term::BlankNode(b) => json!(format!("_:{}", b.as_str())),
        Term::Literal(l) => {
            let dt = l.datatype().as_str();
            if dt.ends_with("#integer") || dt.ends_with("#long") || dt.ends_with("#int") {
                l.value()
                    .parse::<i64>()
                    .map_or(json!(l.value()), |i| json!(i))
            } else if dt.ends_with("#decimal") || dt.ends_with("#double") {
                l.value()
                    .parse::<f64>()
                    .map_or(json!(l.value()), |f| json!(f))
            } else {
                json!(l.value())
            }
        }
        #[allow(unreachable_patterns)]
        other => json!(other.to_string()),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Well-known prefixes a query may forget to declare, and their namespaces.
const KNOWN_PREFIXES: &[(&str, &str)] = &[
    ("pkg", crate::export::rdf::VOCAB),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// A parser's message made readable: an undeclared prefix is named with the line that
/// declares it, and a list of expected characters is cut short.
fn explain(query: &str, message: &str) -> String {
    let declared: Vec<String> = query
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let rest = l
                .get(..6)
                .filter(|p| p.eq_ignore_ascii_case("prefix"))
                .map(|_| &l[6..])?;
            Some(rest.trim_start().split(':').next()?.trim().to_owned())
        })
        .collect();
    // Prefixed names outside IRIs, strings and comments.
    let mut used: Vec<String> = Vec::new();
    for line in query.lines() {
        let line = line.split('#').next().unwrap_or("");
        let (mut in_iri, mut in_str) = (false, false);
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '<' if !in_str => in_iri = true,
                '>' if in_iri => in_iri = false,
                '"' | '\'' if !in_iri => in_str = !in_str,
                _ if !in_iri
                    && !in_str
                    && c.is_ascii_alphabetic()
                    && (i == 0
                        || !(chars[i - 1].is_alphanumeric()
                            || matches!(chars[i - 1], '?' | '$' | '_' | '-' | ':'))) =>
                {
                    let start = i;
                    while i < chars.len()
                        && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-'))
                    {
                        i += 1;
                    }
                    if chars.get(i) == Some(&':') {
                        let name: String = chars[start..i].iter().collect();
                        if !used.contains(&name) {
                            used.push(name);
                        }
                    }
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
    let missing: Vec<&String> = used.iter().filter(|u| !declared.contains(u)).collect();
    if let Some(p) = missing.first() {
        let hint = KNOWN_PREFIXES
            .iter()
            .find(|(k, _)| k == p)
            .map(|(k, ns)| format!(": add `PREFIX {k}: <{ns}>` at the top"))
            .unwrap_or_else(|| format!(": declare it with `PREFIX {p}: <…>`"));
        return format!("the prefix `{p}:` is used but not declared{hint}");
    }
    match message.find("expected one of") {
        Some(at) if message.len() > at + 120 => {
            format!(
                "{} (the query does not parse there)",
                message[..at].trim_end_matches([' ', ':'])
            )
        }
        _ => message.to_owned(),
    }
}

/// Runs a query on a store and returns its rows as a table (see [`run_limited`]).
pub fn run(store: &Store, query: &str) -> Result<Table> {
    run_limited(store, query, usize::MAX).map(|(table, _)| table)
}

/// Runs a query and keeps at most `max_rows` rows: solutions are produced one at a time, so a
/// query that would give millions (a cross product) stops there instead of filling memory.
/// Returns the table and whether rows were left out.
pub fn run_limited(store: &Store, query: &str, max_rows: usize) -> Result<(Table, bool)> {
    let results = store
        .query(query)
        .map_err(|e| Error::Query(explain(query, &e.to_string())))?;
    match results {
        QueryResults::Solutions(solutions) => {
            let vars: Vec<String> = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_owned())
                .collect();
            let mut table = Table::new(&vars.iter().map(String::as_str).collect::<Vec<_>>());
            for solution in solutions {
                if table.rows.len() == max_rows {
                    return Ok((table, true));
                }
                let solution = solution.map_err(|e| Error::Query(e.to_string()))?;
                table.push(
                    vars.iter()
                        .map(|v| solution.get(v.as_str()).map_or(json!(null), cell))
                        .collect(),
                );
            }
            Ok((table, false))
        }
        QueryResults::Boolean(b) => {
            let mut table = Table::new(&["answer"]);
            table.push(vec![json!(b)]);
            Ok((table, false))
        }
        QueryResults::Graph(triples) => {
            let mut table = Table::new(&["subject", "predicate", "object"]);
            for t in triples {
                if table.rows.len() == max_rows {
                    return Ok((table, true));
                }
                let t = t.map_err(|e| Error::Query(e.to_string()))?;
                table.push(vec![
                    cell(&Term::from(t.subject)),
                    json!(t.predicate.as_str()),
                    cell(&t.object),
                ]);
            }
            Ok((table, false))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests_fixture;

    #[test]
    fn parse_errors_name_an_undeclared_prefix() {
        let msg = explain(
            "SELECT ?p WHERE { ?p a pkg:Paper }",
            "error at 1:25: expected one of …",
        );
        assert!(msg.contains("`pkg:` is used but not declared"), "{msg}");
        assert!(msg.contains(crate::export::rdf::VOCAB), "{msg}");
        let ok = "PREFIX pkg: <x#>\nSELECT ?p WHERE { ?p a pkg:Paper . ?p <http://a/b:c> \"d:e\" }";
        assert!(!explain(ok, "boom").contains("not declared"));
        let long = format!("error at 1:3: expected one of {}", "['a'..'z'] ".repeat(40));
        assert_eq!(
            explain("SELEC", &long),
            "error at 1:3 (the query does not parse there)"
        );
    }

    #[test]
    fn parameters_replace_values_blocks() {
        let q = "SELECT ?x WHERE { VALUES ?name { \"ImageNet\" } ?x ?p ?name }";
        let b = bind(q, &[("name".into(), "CIFAR \"10\"".into())]).unwrap();
        assert_eq!(
            b,
            "SELECT ?x WHERE { VALUES ?name { \"CIFAR \\\"10\\\"\" } ?x ?p ?name }"
        );
        assert!(bind(q, &[("other".into(), "x".into())]).is_err());
    }

    #[test]
    fn a_parameter_is_one_term_whatever_its_value() {
        let q = "SELECT * WHERE { VALUES ?a { \"x\" } VALUES ?b { \"y\" } ?s ?p ?a }";
        // Not IRIs: refused, not spliced in.
        for v in [
            "<http://x>UNDEF<http://y>",
            "<a b>",
            "<x>} ?s ?p ?o {<y>",
            "<x\\y>",
        ] {
            let err = bind(q, &[("a".into(), v.into())]).unwrap_err();
            assert!(err.to_string().contains("is not an IRI"), "{v}: {err}");
        }
        assert_eq!(
            bind(q, &[("a".into(), "<http://x/y#z>".into())]).unwrap(),
            "SELECT * WHERE { VALUES ?a { <http://x/y#z> } VALUES ?b { \"y\" } ?s ?p ?a }"
        );
        // Literals are escaped; a value that names another block does not move it.
        let b = bind(
            q,
            &[
                ("a".into(), "\" } VALUES ?b { \"evil".into()),
                ("b".into(), "ok".into()),
            ],
        )
        .unwrap();
        assert_eq!(
            b,
            "SELECT * WHERE { VALUES ?a { \"\\\" } VALUES ?b { \\\"evil\" } VALUES ?b { \"ok\" } ?s ?p ?a }"
        );
        parses(&b);
    }

    /// The bound query parses, with the first block holding exactly one literal.
    fn parses(q: &str) {
        let store = oxigraph::store::Store::new().unwrap();
        assert!(run(&store, q).is_ok(), "{q}");
    }

    #[test]
    fn the_rdf_view_answers_queries_and_keeps_text() {
        let store = load(&tests_fixture()).unwrap();
        let t = run(
            &store,
            "PREFIX pkg: <https://paperkg.github.io/vocab#>
             PREFIX dcterms: <http://purl.org/dc/terms/>
             SELECT ?paper ?title WHERE { ?paper pkg:uses ?m ; dcterms:title ?title .
               ?m a pkg:Model } ORDER BY ?paper",
        )
        .unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][0], json!("paper:1234"));
        assert_eq!(
            t.rows[0][1],
            json!("Quoting \"BERT\" with a back\\slash: <tags> & more")
        );
        assert_eq!(t.rows[1][1], json!("Two lines\nabout paper:1234"));
    }
}
