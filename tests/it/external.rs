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
