//! One attribute table (`paperkg::export::schema`, printed in the README): every data format
//! carries each attribute under its documented name, with the value graph.json holds.

use super::util::build_sample;
use paperkg::export::schema::{self, On};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::path::Path;

/// Attributes by name, values as flat text (lists `|`-joined, whitespace collapsed).
type Attrs = BTreeMap<String, String>;

/// A file's nodes (by id) and edges (by "source target"), each with its attributes.
#[derive(Debug, Default, PartialEq)]
struct Table {
    nodes: BTreeMap<String, Attrs>,
    edges: BTreeMap<String, Attrs>,
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => squash(s),
        serde_json::Value::Array(items) => {
            items.iter().map(json_value).collect::<Vec<_>>().join("|")
        }
        serde_json::Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap();
            if x.fract() == 0.0 {
                format!("{x:.1}")
            } else {
                x.to_string()
            }
        }
        other => other.to_string(),
    }
}

/// graph.json (`elements` holds the cyjs layout, where each element sits under `data`).
fn read_json(path: &Path, cyjs: bool) -> Table {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (nodes, edges) = if cyjs {
        (&doc["elements"]["nodes"], &doc["elements"]["edges"])
    } else {
        (&doc["nodes"], &doc["edges"])
    };
    let object = |v: &serde_json::Value| -> Attrs {
        let v = if cyjs { &v["data"] } else { v };
        v.as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), json_value(v)))
            .collect()
    };
    let mut t = Table::default();
    for n in nodes.as_array().unwrap() {
        let mut a = object(n);
        t.nodes.insert(a.remove("id").unwrap(), a);
    }
    for e in edges.as_array().unwrap() {
        let mut a = object(e);
        a.remove("id"); // cyjs edge ids
        let key = format!(
            "{} {}",
            a.remove("source").unwrap(),
            a.remove("target").unwrap()
        );
        t.edges.insert(key, a);
    }
    t
}

/// A CSV file's rows as attributes, empty cells left out, headers renamed by `rename`.
fn read_csv(path: &Path, rename: impl Fn(&str) -> String) -> Vec<Attrs> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(&rename).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .zip(rec.unwrap().iter())
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.clone(), squash(v)))
                .collect()
        })
        .collect()
}

fn table_from_rows(nodes: Vec<Attrs>, edges: Vec<Attrs>) -> Table {
    let mut t = Table::default();
    for mut a in nodes {
        t.nodes.insert(a.remove("id").unwrap(), a);
    }
    for mut a in edges {
        let key = format!(
            "{} {}",
            a.remove("source").unwrap(),
            a.remove("target").unwrap()
        );
        t.edges.insert(key, a);
    }
    t
}

fn read_gephi_csv(dir: &Path) -> Table {
    let rename = |h: &str| match h {
        "Id" => "id".to_owned(),
        "Label" => "label".to_owned(),
        "Source" => "source".to_owned(),
        "Target" => "target".to_owned(),
        "Weight" => "weight".to_owned(),
        h => h.to_owned(),
    };
    let nodes = read_csv(&dir.join("nodes.csv"), rename);
    let mut edges = read_csv(&dir.join("edges.csv"), rename);
    for e in &mut edges {
        assert_eq!(e.remove("Type").as_deref(), Some("Directed"));
    }
    // A spreadsheet-formula guard may prefix text with `'`; the sample corpus has none.
    table_from_rows(nodes, edges)
}

fn read_neo4j(dir: &Path) -> Table {
    // `year:int` → `year`; `id:ID`, `name`, `:START_ID`, `:END_ID`, `:TYPE` → schema names.
    let rename = |h: &str| match h {
        "id:ID" => "id".to_owned(),
        "name" => "label".to_owned(),
        ":START_ID" => "source".to_owned(),
        ":END_ID" => "target".to_owned(),
        ":TYPE" => "relation".to_owned(),
        ":LABEL" => ":LABEL".to_owned(),
        h => h.split(':').next().unwrap().to_owned(),
    };
    let mut nodes = read_csv(&dir.join("neo4j/nodes.csv"), rename);
    for n in &mut nodes {
        n.remove(":LABEL");
    }
    let mut edges = read_csv(&dir.join("neo4j/relationships.csv"), rename);
    for e in &mut edges {
        let r = e.get_mut("relation").unwrap();
        *r = r.to_lowercase();
    }
    table_from_rows(nodes, edges)
}

/// GEXF (attvalues; the label and the weight are attributes of the element) or GraphML.
fn read_xml(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut t = Table::default();
    let mut current: Option<(bool, Attrs)> = None;
    let mut data_key: Option<String> = None;
    let mut data_text = String::new();
    let finish = |current: &mut Option<(bool, Attrs)>, t: &mut Table| {
        let Some((is_node, mut a)) = current.take() else {
            return;
        };
        if is_node {
            let id = a.remove("node-id").unwrap();
            t.nodes.insert(id, a);
        } else {
            a.remove("id");
            let key = format!(
                "{} {}",
                a.remove("source").unwrap(),
                a.remove("target").unwrap()
            );
            t.edges.insert(key, a);
        }
    };
    loop {
        let event = reader.read_event().unwrap();
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_vec();
                let mut a: Attrs = e
                    .attributes()
                    .map(|x| {
                        let x = x.unwrap();
                        (
                            String::from_utf8(x.key.as_ref().to_vec()).unwrap(),
                            squash(
                                &quick_xml::escape::unescape(
                                    std::str::from_utf8(&x.value).unwrap(),
                                )
                                .unwrap(),
                            ),
                        )
                    })
                    .collect();
                match name.as_slice() {
                    b"node" | b"edge" => {
                        let is_node = name == b"node";
                        if is_node {
                            let id = a.remove("id").unwrap();
                            a.insert("node-id".into(), id);
                        }
                        current = Some((is_node, a));
                        if matches!(event, Event::Empty(_)) {
                            finish(&mut current, &mut t);
                        }
                    }
                    b"attvalue" => {
                        if let Some((_, m)) = current.as_mut() {
                            let v = a.remove("value").unwrap();
                            if !v.is_empty() {
                                m.insert(a.remove("for").unwrap(), v);
                            }
                        }
                    }
                    b"data" => {
                        data_key = Some(a.remove("key").unwrap());
                        data_text.clear();
                        if matches!(event, Event::Empty(_)) {
                            data_key = None;
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(x) if data_key.is_some() => data_text.push_str(&x.decode().unwrap()),
            Event::GeneralRef(r) if data_key.is_some() => {
                let name = r.decode().unwrap();
                let s = quick_xml::escape::unescape(&format!("&{name};"))
                    .unwrap()
                    .into_owned();
                data_text.push_str(&s);
            }
            Event::End(e) => match e.name().as_ref() {
                b"data" => {
                    if let (Some(k), Some((_, m))) = (data_key.take(), current.as_mut()) {
                        let v = squash(&std::mem::take(&mut data_text));
                        if !v.is_empty() {
                            m.insert(k, v);
                        }
                    }
                }
                b"node" | b"edge" => finish(&mut current, &mut t),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    t
}

/// graph.json as the other formats write it: empty lists are blank cells, and a weight is
/// always a double (`2.0`).
fn as_flat(json: &Table) -> Table {
    let strip = |a: &Attrs| -> Attrs {
        a.iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    Table {
        nodes: json
            .nodes
            .iter()
            .map(|(k, a)| (k.clone(), strip(a)))
            .collect(),
        edges: json
            .edges
            .iter()
            .map(|(k, a)| (k.clone(), strip(a)))
            .collect(),
    }
}

/// The attribute names the schema gives a paper node, an entity node and an evidenced link.
fn documented(on: &[On], attrs: &[schema::Attribute]) -> Vec<&'static str> {
    attrs
        .iter()
        .filter(|a| on.contains(&a.on))
        .map(|a| a.name)
        .collect()
}

#[test]
fn every_format_carries_the_documented_attributes_with_the_same_values() {
    let dir = build_sample(&["--format", "all"]);
    let dir = dir.path();
    let json = read_json(&dir.join("graph.json"), false);

    // graph.json has exactly the documented names: on every entity, every paper (year,
    // authors and url only where the input gives them), every evidenced link.
    let mut seen_paper: Vec<&str> = Vec::new();
    for (id, a) in &json.nodes {
        let keys: Vec<&str> = a.keys().map(String::as_str).collect();
        let mut want = vec!["label"];
        if id.starts_with("paper:") {
            want.extend(documented(&[On::Node, On::Paper], &schema::NODE));
            want.retain(|k| !matches!(*k, "year" | "authors" | "url") || keys.contains(k));
            seen_paper.extend(keys.iter().copied());
        } else {
            want.extend(documented(&[On::Node, On::Entity], &schema::NODE));
        }
        want.sort_unstable();
        assert_eq!(keys, want, "attributes of {id}");
    }
    assert!(seen_paper.contains(&"paper_id") && seen_paper.contains(&"degree"));
    for (key, a) in &json.edges {
        let keys: Vec<&str> = a.keys().map(String::as_str).collect();
        let mut want = documented(&[On::Edge, On::Link, On::Evidence], &schema::EDGE);
        want.sort_unstable();
        assert_eq!(keys, want, "attributes of edge {key}");
    }
    // Numbers are numbers: degree and papers agree with the edges.
    for (id, a) in &json.nodes {
        let degree = json
            .edges
            .keys()
            .filter(|k| k.split(' ').any(|end| end == id))
            .count();
        assert_eq!(a["degree"], degree.to_string(), "degree of {id}");
        if !id.starts_with("paper:") {
            assert_eq!(a["papers"], a["degree"], "papers of {id}");
        }
    }

    // Every other format: the same nodes and edges with the same attributes and values.
    let flat = as_flat(&json);
    let cyjs = read_json(&dir.join("graph.cyjs"), true);
    assert_eq!(cyjs, json, "graph.cyjs");
    assert_eq!(read_gephi_csv(dir), flat, "nodes.csv / edges.csv");
    assert_eq!(read_neo4j(dir), flat, "neo4j/");
    assert_eq!(read_xml(&dir.join("graph.graphml")), flat, "graph.graphml");
    // GEXF holds the label and the weight on the element; they are read the same way.
    assert_eq!(read_xml(&dir.join("graph.gexf")), flat, "graph.gexf");

    // RDF: each attribute under its predicate.
    let nt = std::fs::read_to_string(dir.join("graph.nt")).unwrap();
    for a in schema::NODE.iter().chain(schema::EDGE.iter()) {
        if a.name == "relation" {
            continue;
        }
        let iri = match a.rdf.split_once(':') {
            Some(("dcterms", l)) => format!("<http://purl.org/dc/terms/{l}>"),
            Some(("skos", l)) => format!("<http://www.w3.org/2004/02/skos/core#{l}>"),
            _ => format!("<https://paperkg.github.io/vocab#{}>", a.rdf),
        };
        // Optional paper attributes the sample corpus does not have are not looked for.
        let present = json
            .nodes
            .values()
            .chain(json.edges.values())
            .any(|x| x.get(a.name).is_some_and(|v| !v.is_empty()));
        assert_eq!(
            nt.contains(&format!(" {iri} ")),
            present,
            "{} as {iri} in graph.nt",
            a.name
        );
    }
}

#[test]
fn the_readme_documents_the_attribute_table() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = schema::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md must hold the attribute table as paperkg::export::schema::markdown_table() prints it:\n{table}"
    );
}
