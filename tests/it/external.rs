//! The exports in the tools that consume them: networkx reads graph.json, Graphviz renders
//! graph.dot.

use super::util::{build_sample, read_json, require_tool};
use std::process::Command;

#[test]
fn networkx_loads_graph_json_with_the_same_counts() {
    if !require_tool("python3", &["-c", "import networkx"]) {
        return;
    }
    let dir = build_sample(&["--format", "json"]);
    let path = dir.path().join("graph.json");
    let graph = read_json(&path);
    let script = r#"
import json, sys
import networkx as nx
data = json.load(open(sys.argv[1], encoding="utf-8"))
g = nx.node_link_graph(data, edges="edges")
kinds = {}
for _, attrs in g.nodes(data=True):
    kinds[attrs["kind"]] = kinds.get(attrs["kind"], 0) + 1
print(g.number_of_nodes(), g.number_of_edges(), int(g.is_directed()), kinds["paper"])
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = String::from_utf8(out.stdout).unwrap();
    let want = format!(
        "{} {} 1 398",
        graph["nodes"].as_array().unwrap().len(),
        graph["edges"].as_array().unwrap().len()
    );
    assert_eq!(got.trim(), want);
}

#[test]
fn graphviz_renders_graph_dot_without_warnings() {
    if !require_tool("dot", &["-V"]) {
        return;
    }
    let dir = build_sample(&["--format", "dot"]);
    let dot = dir.path().join("graph.dot");
    for (engine, extra) in [("dot", vec![]), ("sfdp", vec!["-Goverlap=prism"])] {
        let svg = dir.path().join(format!("{engine}.svg"));
        let out = Command::new(engine)
            .args(extra)
            .arg("-Tsvg")
            .arg(&dot)
            .arg("-o")
            .arg(&svg)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{engine}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{engine} warned: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&svg).unwrap();
        // One SVG node group per graph node: nothing was merged through a port-like id.
        let groups = text.matches("class=\"node\"").count();
        let nodes = std::fs::read_to_string(&dot)
            .unwrap()
            .lines()
            .filter(|l| l.contains("[kind="))
            .count();
        assert_eq!(groups, nodes, "{engine}");
    }
}

/// The sample graph and the hostile-text fixture, built in every format.
fn build_all() -> Vec<tempfile::TempDir> {
    let hostile = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile.jsonl");
    let dir = tempfile::tempdir().unwrap();
    super::util::paperkg()
        .arg("build")
        .arg(&hostile)
        .args(["--format", "all", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    vec![build_sample(&["--format", "all"]), dir]
}

#[test]
fn gexf_validates_against_the_gexf_1_3_schema() {
    if !require_tool("xmllint", &["--version"]) {
        return;
    }
    let xsd = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/gexf-1.3/gexf.xsd");
    for dir in build_all() {
        let gexf = dir.path().join("graph.gexf");
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(&gexf)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.contains("validates"), "{stderr}");
        // The schema does not check that attvalues name declared attributes; do it here.
        let text = std::fs::read_to_string(&gexf).unwrap();
        let declared: Vec<&str> = text
            .split("<attribute id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        for used in text.split("<attvalue for=\"").skip(1) {
            let key = &used[..used.find('"').unwrap()];
            assert!(declared.contains(&key), "undeclared attribute {key}");
        }
    }
}

#[test]
fn networkx_reads_gexf_and_graphml_with_types() {
    if !require_tool("python3", &["-c", "import networkx"]) {
        return;
    }
    let script = r#"
import json, sys
import networkx as nx
d = sys.argv[1]
ref = nx.node_link_graph(json.load(open(d + "/graph.json", encoding="utf-8")), edges="edges")
for g in (nx.read_gexf(d + "/graph.gexf"), nx.read_graphml(d + "/graph.graphml")):
    assert g.is_directed()
    assert set(g.nodes) == set(ref.nodes), "node ids differ"
    assert set(g.edges) == set(ref.edges), "edges differ"
    for n, a in g.nodes(data=True):
        r = ref.nodes[n]
        assert a["kind"] == r["kind"], n
        assert a["label"] == r["label"].translate({c: 0x2400 + c for c in range(32) if c not in (9, 10, 13)}), n
        assert isinstance(a["degree"], int), a
        if "year" in r:
            assert a["year"] == r["year"] and isinstance(a["year"], int), a
        if r["kind"] != "paper":
            assert a["papers"] == r["papers"] and isinstance(a["papers"], int), a
    for s, t, a in g.edges(data=True):
        r = ref.edges[s, t]
        assert a["relation"] == r["relation"]
        assert isinstance(a["weight"], float) and a["weight"] == r["weight"], a
        assert isinstance(a["mentions"], int) and a["mentions"] == r["mentions"], a
print("ok", ref.number_of_nodes(), ref.number_of_edges())
"#;
    for dir in build_all() {
        let out = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok "));
    }
}

/// Where `.ci/run` installs the cytoscape npm package (`npm install --prefix target/npm
/// cytoscape@3`).
fn cytoscape_node_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/npm/node_modules")
}

#[test]
fn cytoscape_js_loads_graph_cyjs_headless() {
    let node_path = cytoscape_node_path();
    let probe = Command::new("node")
        .env("NODE_PATH", &node_path)
        .args(["-e", "require('cytoscape')"])
        .output();
    if !probe.is_ok_and(|o| o.status.success())
        && !super::util::missing("Node.js with the cytoscape package (target/npm)")
    {
        return;
    }
    let script = r#"
const fs = require('fs');
const cytoscape = require('cytoscape');
const doc = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const cy = cytoscape({ headless: true, elements: doc.elements });
const kinds = {};
cy.nodes().forEach(n => { kinds[n.data('kind')] = (kinds[n.data('kind')] || 0) + 1; });
let bad = 0;
cy.edges().forEach(e => { if (e.source().empty() || e.target().empty()) bad++; });
console.log(cy.nodes().length, cy.edges().length, bad, kinds.paper);
"#;
    for dir in build_all() {
        let graph = read_json(&dir.path().join("graph.json"));
        let out = Command::new("node")
            .env("NODE_PATH", &node_path)
            .arg("-e")
            .arg(script)
            .arg(dir.path().join("graph.cyjs"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let papers = graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "paper")
            .count();
        let want = format!(
            "{} {} 0 {papers}",
            graph["nodes"].as_array().unwrap().len(),
            graph["edges"].as_array().unwrap().len()
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), want);
    }
}

#[test]
fn graphviz_renders_hostile_text_and_csv_parses() {
    if !require_tool("dot", &["-V"]) {
        return;
    }
    let dirs = build_all();
    let dir = dirs.last().expect("the hostile fixture");
    let out = Command::new("dot")
        .arg("-Tsvg")
        .arg(dir.path().join("graph.dot"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).unwrap();
    let nodes = read_json(&dir.path().join("graph.json"))["nodes"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(svg.matches("class=\"node\"").count(), nodes);
    // The Gephi CSVs parse, formula prefixes neutralised.
    let mut r = csv::Reader::from_path(dir.path().join("nodes.csv")).unwrap();
    let labels: Vec<String> = r.records().map(|x| x.unwrap()[1].to_owned()).collect();
    assert_eq!(labels.len(), nodes);
    assert!(
        labels.iter().any(|l| l.starts_with("'=HYPERLINK")),
        "{labels:?}"
    );
    assert!(!labels.iter().any(|l| l.starts_with(['=', '+', '-', '@'])));
}
