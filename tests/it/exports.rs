//! Every export format read back and compared with the graph it came from.
//!
//! `graph.json` is the reference (its own round trip through the in-memory graph is a unit
//! test); GEXF and GraphML are read with quick-xml, Cytoscape JSON with serde, the Gephi and
//! Neo4j CSVs with the csv crate. Node ids, kinds, labels, edge endpoints, relations, weights,
//! confidences and evidence must all come back, for the sample corpus and for a fixture of hostile text.

use super::util::{paperkg, sample_corpus};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::path::Path;

/// What every format must carry: nodes by id (kind, label), edges in order.
#[derive(Debug, PartialEq)]
struct Summary {
    nodes: BTreeMap<String, (String, String)>,
    edges: Vec<EdgeRow>,
}

#[derive(Debug, PartialEq)]
struct EdgeRow {
    source: String,
    target: String,
    relation: String,
    weight: f64,
    /// As the formats print it (`0.875`); empty where an edge has none.
    confidence: String,
    evidence: String,
}

/// A confidence read as a JSON number, printed the way the text formats write it.
fn confidence_of(v: &serde_json::Value) -> String {
    v.as_f64()
        .map(|x| paperkg::extract::Confidence::new(x as f32).to_string())
        .unwrap_or_default()
}

fn reference(dir: &Path) -> Summary {
    let graph = paperkg::export::json::read_path(&dir.join("graph.json")).unwrap();
    Summary {
        nodes: graph
            .nodes()
            .map(|(_, n)| {
                (
                    n.id.clone(),
                    (n.kind_str().to_owned(), n.label().to_owned()),
                )
            })
            .collect(),
        edges: graph
            .edges()
            .map(|(s, t, e)| EdgeRow {
                source: s.id.clone(),
                target: t.id.clone(),
                relation: e.relation.as_str().to_owned(),
                weight: f64::from(e.mentions),
                confidence: if e.relation.is_link() {
                    e.confidence.to_string()
                } else {
                    String::new()
                },
                evidence: e
                    .evidence
                    .as_ref()
                    .map(|e| e.sentence.to_string())
                    .unwrap_or_default(),
            })
            .collect(),
    }
}

/// The documented XML mapping: C0 controls other than tab, LF and CR become control pictures.
fn xml_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap(),
            c => c,
        })
        .collect()
}

fn unescape(raw: &[u8]) -> String {
    let s = std::str::from_utf8(raw).unwrap();
    quick_xml::escape::unescape(s).unwrap().into_owned()
}

/// Attributes of a start or empty element.
fn attrs(e: &quick_xml::events::BytesStart<'_>) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.unwrap();
            (
                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                unescape(&a.value),
            )
        })
        .collect()
}

/// A GEXF or GraphML file as a list of elements: (name, attributes, text content), with
/// attvalue/data children folded into their node or edge.
fn read_xml_graph(path: &Path, graphml: bool) -> Summary {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut nodes = BTreeMap::new();
    let mut edges = Vec::new();
    // The element being read (node or edge) and its collected values.
    let mut current: Option<(bool, BTreeMap<String, String>)> = None;
    let mut data_key: Option<String> = None;
    let mut data_text = String::new();
    loop {
        let event = reader.read_event().unwrap();
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_vec();
                let a = attrs(e);
                match name.as_slice() {
                    b"node" => current = Some((true, a)),
                    b"edge" => current = Some((false, a)),
                    b"attvalue" => {
                        if let Some((_, m)) = current.as_mut() {
                            m.insert(a["for"].clone(), a["value"].clone());
                        }
                    }
                    b"data" => {
                        data_key = Some(a["key"].clone());
                        data_text.clear();
                    }
                    _ => {}
                }
                if matches!(event, Event::Start(_)) || !matches!(name.as_slice(), b"node" | b"edge")
                {
                    continue;
                }
                finish(&mut current, &mut nodes, &mut edges, graphml);
            }
            Event::Text(t) if data_key.is_some() => {
                data_text.push_str(&t.decode().unwrap());
            }
            Event::GeneralRef(r) if data_key.is_some() => {
                let name = r.decode().unwrap();
                data_text.push_str(&unescape(format!("&{name};").as_bytes()));
            }
            Event::End(e) => match e.name().as_ref() {
                b"data" => {
                    if let (Some(k), Some((_, m))) = (data_key.take(), current.as_mut()) {
                        m.insert(k, std::mem::take(&mut data_text));
                    }
                }
                b"node" | b"edge" => finish(&mut current, &mut nodes, &mut edges, graphml),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Summary { nodes, edges }
}

fn finish(
    current: &mut Option<(bool, BTreeMap<String, String>)>,
    nodes: &mut BTreeMap<String, (String, String)>,
    edges: &mut Vec<EdgeRow>,
    graphml: bool,
) {
    let Some((is_node, m)) = current.take() else {
        return;
    };
    let get = |k: &str| m.get(k).cloned().unwrap_or_default();
    if is_node {
        nodes.insert(get("id"), (get("kind"), get("label")));
    } else {
        let weight = if graphml {
            get("weight")
        } else {
            m["weight"].clone()
        };
        edges.push(EdgeRow {
            source: get("source"),
            target: get("target"),
            relation: get("relation"),
            weight: weight.parse().unwrap(),
            confidence: get("confidence"),
            evidence: get("evidence"),
        });
    }
}

fn read_cytoscape(path: &Path) -> Summary {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let els = &doc["elements"];
    Summary {
        nodes: els["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                let d = &n["data"];
                (s(&d["id"]), (s(&d["kind"]), s(&d["label"])))
            })
            .collect(),
        edges: els["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let d = &e["data"];
                EdgeRow {
                    source: s(&d["source"]),
                    target: s(&d["target"]),
                    relation: s(&d["relation"]),
                    weight: d["weight"].as_f64().unwrap(),
                    confidence: confidence_of(&d["confidence"]),
                    evidence: s(&d["evidence"]),
                }
            })
            .collect(),
    }
}

fn read_neo4j(dir: &Path) -> Summary {
    let mut nodes = BTreeMap::new();
    let mut r = csv::Reader::from_path(dir.join("neo4j/nodes.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (id, label, name, kind) = (col("id:ID"), col(":LABEL"), col("name"), col("kind"));
    for row in r.records() {
        let row = row.unwrap();
        let want_label = if &row[kind] == "paper" {
            "Paper"
        } else {
            "Entity|"
        };
        assert!(row[label].starts_with(want_label), "{:?}", &row);
        nodes.insert(
            row[id].to_owned(),
            (row[kind].to_owned(), row[name].to_owned()),
        );
    }
    let mut edges = Vec::new();
    let mut r = csv::Reader::from_path(dir.join("neo4j/relationships.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    assert_eq!(
        &h.iter().take(3).collect::<Vec<_>>(),
        &[":START_ID", ":END_ID", ":TYPE"]
    );
    let (weight, confidence, evidence) = (
        col("weight:double"),
        col("confidence:double"),
        col("evidence"),
    );
    for row in r.records() {
        let row = row.unwrap();
        edges.push(EdgeRow {
            source: row[0].to_owned(),
            target: row[1].to_owned(),
            relation: row[2].to_lowercase(),
            weight: row[weight].parse().unwrap(),
            confidence: row[confidence].to_owned(),
            evidence: row[evidence].to_owned(),
        });
    }
    Summary { nodes, edges }
}

fn read_gephi_csv(dir: &Path) -> Summary {
    let mut nodes = BTreeMap::new();
    let mut r = csv::Reader::from_path(dir.join("nodes.csv")).unwrap();
    for row in r.records() {
        let row = row.unwrap();
        nodes.insert(row[0].to_owned(), (row[2].to_owned(), row[1].to_owned()));
    }
    let mut edges = Vec::new();
    let mut r = csv::Reader::from_path(dir.join("edges.csv")).unwrap();
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (relation, weight, confidence, evidence) = (
        col("relation"),
        col("Weight"),
        col("confidence"),
        col("evidence"),
    );
    for row in r.records() {
        let row = row.unwrap();
        assert_eq!(&row[2], "Directed");
        edges.push(EdgeRow {
            source: row[0].to_owned(),
            target: row[1].to_owned(),
            relation: row[relation].to_owned(),
            weight: row[weight].parse().unwrap(),
            confidence: row[confidence].to_owned(),
            evidence: row[evidence].to_owned(),
        });
    }
    Summary { nodes, edges }
}

/// The reference with a text mapping applied to every label and evidence sentence.
fn mapped(s: &Summary, f: impl Fn(&str) -> String) -> Summary {
    Summary {
        nodes: s
            .nodes
            .iter()
            .map(|(id, (k, l))| (f(id), (k.clone(), f(l))))
            .collect(),
        edges: s
            .edges
            .iter()
            .map(|e| EdgeRow {
                source: f(&e.source),
                target: f(&e.target),
                relation: e.relation.clone(),
                weight: e.weight,
                confidence: e.confidence.clone(),
                evidence: f(&e.evidence),
            })
            .collect(),
    }
}

fn check_all_formats(input: &Path) {
    let dir = tempfile::tempdir().unwrap();
    paperkg()
        .arg("build")
        .arg(input)
        .args(["--format", "all", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let want = reference(dir.path());
    assert!(!want.nodes.is_empty() && !want.edges.is_empty());
    // Fresh links carry the model's confidence, never a blank or a certain one.
    assert!(
        want.edges
            .iter()
            .all(|e| !e.confidence.is_empty() && e.confidence != "1"),
        "{:?}",
        want.edges.first()
    );
    check_formats_against(dir.path(), &want);
}

/// Every format in `dir` carries what graph.json (`want`) carries.
fn check_formats_against(dir: &Path, want: &Summary) {
    let want = Summary {
        nodes: want.nodes.clone(),
        edges: want
            .edges
            .iter()
            .map(|e| EdgeRow {
                source: e.source.clone(),
                target: e.target.clone(),
                relation: e.relation.clone(),
                weight: e.weight,
                confidence: e.confidence.clone(),
                evidence: e.evidence.clone(),
            })
            .collect(),
    };
    // DOT: Graphviz's grammar (graphviz-rust's parser) reads it, one node statement per node.
    let dot = std::fs::read_to_string(dir.join("graph.dot")).unwrap();
    let parsed = graphviz_rust::parse(&dot).expect("graph.dot parses");
    let graphviz_rust::dot_structures::Graph::DiGraph { stmts, .. } = parsed else {
        panic!("graph.dot is not a digraph");
    };
    let dot_nodes = stmts
        .iter()
        .filter(|s| matches!(s, graphviz_rust::dot_structures::Stmt::Node(_)))
        .count();
    assert_eq!(dot_nodes, want.nodes.len());
    assert_eq!(read_cytoscape(&dir.join("graph.cyjs")), want);
    let want_xml = mapped(&want, xml_text);
    assert_eq!(read_xml_graph(&dir.join("graph.gexf"), false), want_xml);
    assert_eq!(read_xml_graph(&dir.join("graph.graphml"), true), want_xml);
    // Gephi CSV: labels and evidence with spreadsheet formulas neutralised (ids are ours and
    // never start with a formula character).
    let neutral = |s: &str| paperkg::export::neutralize_formula(s).into_owned();
    assert_eq!(read_gephi_csv(dir), mapped(&want, neutral));
    let one_line = |s: &str| s.replace("\r\n", " ").replace(['\n', '\r'], " ");
    assert_eq!(read_neo4j(dir), mapped(&want, one_line));
    let cypher = std::fs::read_to_string(dir.join("neo4j/import.cypher")).unwrap();
    assert!(cypher.contains("LOAD CSV WITH HEADERS FROM 'file:///nodes.csv'"));
}

#[test]
fn every_format_round_trips_the_sample_graph() {
    check_all_formats(&sample_corpus());
}

#[test]
fn every_format_round_trips_hostile_text() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile.jsonl");
    check_all_formats(&input);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text with everything: any Unicode (controls included), plus the characters formats
    /// escape, plus names the extractors find so that entities and edges exist.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            any::<String>(),
            Just("\"".to_owned()),
            Just("\\".to_owned()),
            Just("<script>&amp;]]>-->".to_owned()),
            Just("=HYPERLINK(\"x\")".to_owned()),
            Just("paper:1234 {a}; b".to_owned()),
            Just("\u{202e}\u{1F600}e\u{301}\0\u{1}\t\r\n".to_owned()),
            Just(" We train BERT on ImageNet and report accuracy. ".to_owned()),
        ];
        proptest::collection::vec(piece, 1..6).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Arbitrary papers: every exporter's output reads back into the same graph.
        #[test]
        fn arbitrary_papers_survive_every_format(
            papers in proptest::collection::vec((text(), text()), 1..4)
        ) {
            let dir = tempfile::tempdir().unwrap();
            let input = dir.path().join("in.jsonl");
            let mut lines = String::new();
            for (i, (title, abstract_text)) in papers.iter().enumerate() {
                let record = serde_json::json!({
                    "id": format!("p{i}"),
                    "title": format!("T{i} {title}"),
                    "abstract": format!("{abstract_text} We train BERT on ImageNet."),
                });
                lines.push_str(&record.to_string());
                lines.push('\n');
            }
            std::fs::write(&input, lines).unwrap();
            let out = dir.path().join("out");
            let result = paperkg()
                .arg("build")
                .arg(&input)
                .args(["--format", "all", "-o"])
                .arg(&out)
                .output()
                .unwrap();
            prop_assert!(result.status.code() == Some(0), "{}", String::from_utf8_lossy(&result.stderr));
            let want = reference(&out);
            prop_assert_eq!(want.nodes.values().filter(|(k, _)| k == "paper").count(), papers.len());
            check_formats_against(&out, &want);
        }
    }
}
