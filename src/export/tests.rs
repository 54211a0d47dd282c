//! Exporter snapshots on a three-paper fixture whose text holds everything that needs
//! escaping somewhere: `"`, `\`, `<`, `&`, a newline, a DOT port lookalike (`paper:1234`) and a
//! spreadsheet formula.

use super::Format;
use crate::extract::{EntityKind, EntityLink, Evidence, Field, Role};
use crate::graph::{KnowledgeGraph, build_from_links};
use crate::paper::Paper;

fn paper(id: &str, title: &str) -> Paper {
    Paper {
        id: id.into(),
        title: title.into(),
        abstract_text: String::new(),
        year: Some(2024),
        authors: vec!["A. Author".into(), "B. Author".into()],
        url: None,
        source: Default::default(),
    }
}

fn link(kind: EntityKind, name: &str, role: Role, count: u32, sentence: &str) -> EntityLink {
    EntityLink {
        kind,
        name: name.into(),
        mentions: vec![name.into()],
        aliases: vec![],
        role,
        count,
        // A confidence that is not a round number, to see it written in every format.
        confidence: crate::extract::Confidence::new(0.875),
        evidence: Evidence {
            field: Field::Abstract,
            sentence: sentence.into(),
            start: 0,
            end: name.len() as u32,
        },
        rule: None,
        facts: None,
        merges: vec![],
    }
}

/// The fixture graph.
pub(crate) fn fixture() -> KnowledgeGraph {
    let papers = [
        paper("1234", "Quoting \"BERT\" with a back\\slash: <tags> & more"),
        paper("2", "Two lines\nabout paper:1234"),
        paper("3", "=HYPERLINK(\"x\") and a {brace}; done"),
    ];
    let links = vec![
        vec![
            link(
                EntityKind::Model,
                "BERT",
                Role::Used,
                2,
                "We fine-tune \"BERT\" <base>.",
            ),
            link(
                EntityKind::Dataset,
                "SQuAD",
                Role::Used,
                1,
                "On SQuAD & more.",
            ),
        ],
        vec![link(
            EntityKind::Model,
            "BERT",
            Role::Used,
            1,
            "BERT\\again",
        )],
        vec![link(
            EntityKind::Method,
            "=cmd",
            Role::Introduced,
            3,
            "-1 is =cmd's score",
        )],
    ];
    build_from_links(&papers, &links)
}

fn render(format: Format, file: &str) -> String {
    let mut out = Vec::new();
    format
        .exporter()
        .write_file(&fixture(), file, &mut out)
        .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(render(Format::Json, "graph.json"));
}

#[test]
fn csv_nodes_snapshot() {
    insta::assert_snapshot!(render(Format::Csv, "nodes.csv"));
}

#[test]
fn csv_edges_snapshot() {
    insta::assert_snapshot!(render(Format::Csv, "edges.csv"));
}

#[test]
fn dot_snapshot() {
    insta::assert_snapshot!(render(Format::Dot, "graph.dot"));
}

#[test]
fn gexf_snapshot() {
    insta::assert_snapshot!(render(Format::Gexf, "graph.gexf"));
}

#[test]
fn graphml_snapshot() {
    insta::assert_snapshot!(render(Format::Graphml, "graph.graphml"));
}

#[test]
fn cytoscape_snapshot() {
    insta::assert_snapshot!(render(Format::Cytoscape, "graph.cyjs"));
}

#[test]
fn neo4j_snapshots() {
    insta::assert_snapshot!("neo4j_nodes", render(Format::Neo4j, "neo4j/nodes.csv"));
    insta::assert_snapshot!(
        "neo4j_relationships",
        render(Format::Neo4j, "neo4j/relationships.csv")
    );
}

#[test]
fn json_reads_back_into_the_same_graph() {
    let graph = fixture();
    let text = render(Format::Json, "graph.json");
    let back = super::json::read(text.as_bytes(), std::path::Path::new("t.json")).unwrap();
    let a: Vec<_> = graph.nodes().map(|(_, n)| n.clone()).collect();
    let b: Vec<_> = back.nodes().map(|(_, n)| n.clone()).collect();
    assert_eq!(a, b);
    let a: Vec<_> = graph
        .edges()
        .map(|(s, t, e)| (s.id.clone(), t.id.clone(), e.clone()))
        .collect();
    let b: Vec<_> = back
        .edges()
        .map(|(s, t, e)| (s.id.clone(), t.id.clone(), e.clone()))
        .collect();
    assert_eq!(a, b);
}

#[test]
fn streamed_dot_is_what_graphviz_rust_prints() {
    use graphviz_rust::printer::{DotPrinter, PrinterContext};
    let printed = super::dot::to_dot(&fixture()).print(&mut PrinterContext::default());
    assert_eq!(render(Format::Dot, "graph.dot"), format!("{printed}\n"));
}

#[test]
fn dot_parses_back_with_every_node_distinct() {
    let text = render(Format::Dot, "graph.dot");
    let parsed = graphviz_rust::parse(&text).expect("graphviz-rust parses our DOT");
    let graphviz_rust::dot_structures::Graph::DiGraph { stmts, .. } = parsed else {
        panic!("expected a digraph");
    };
    let nodes = stmts
        .iter()
        .filter(|s| matches!(s, graphviz_rust::dot_structures::Stmt::Node(_)))
        .count();
    assert_eq!(nodes, fixture().node_count());
}

#[test]
fn csv_neutralises_formulas_and_keeps_text() {
    let nodes = render(Format::Csv, "nodes.csv");
    let mut rd = csv::Reader::from_reader(nodes.as_bytes());
    let labels: Vec<String> = rd.records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert!(labels.contains(&"'=HYPERLINK(\"x\") and a {brace}; done".to_owned()));
    assert!(labels.contains(&"Two lines\nabout paper:1234".to_owned()));
}

#[test]
fn dot_escape() {
    assert_eq!(
        super::dot::escape("a\"b\\c\nd\u{7}"),
        "\"a\\\"b\\\\c\\nd \""
    );
    assert_eq!(super::dot::escape("x\r\ny\rz\u{85}é"), "\"x\\ny\\nz é\"");
}

/// DOT escaping by its definition, one character at a time.
fn dot_escaped_by_chars(text: &str) -> String {
    let mut out = String::from('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest::proptest! {
    #[test]
    fn dot_escape_agrees_with_the_definition(
        text in "[a\"\\\\\r\n\t\u{0}\u{7f}\u{80}\u{9f}\u{a0}\u{fffe}\u{ffff}é中😀]{0,16}"
    ) {
        proptest::prop_assert_eq!(super::dot::escape(&text), dot_escaped_by_chars(&text));
    }
}

#[test]
fn write_dir_writes_every_file_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let written = super::write_dir(&fixture(), &Format::ALL, dir.path()).unwrap();
    let names: Vec<_> = written
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(dir.path()).unwrap();
            rel.to_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "graph.json",
            "nodes.csv",
            "edges.csv",
            "graph.dot",
            "graph.gexf",
            "graph.graphml",
            "graph.cyjs",
            "neo4j/nodes.csv",
            "neo4j/relationships.csv",
            "neo4j/import.cypher",
            "graph.ttl",
            "graph.nt",
            "graph.html"
        ]
    );
    // No temporary files left behind, in the directory or in neo4j/.
    let list = |d: &std::path::Path| {
        let mut entries: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        entries.sort();
        entries
    };
    assert_eq!(
        list(dir.path()),
        [
            ".paperkg.lock",
            "edges.csv",
            "graph.cyjs",
            "graph.dot",
            "graph.gexf",
            "graph.graphml",
            "graph.html",
            "graph.json",
            "graph.nt",
            "graph.ttl",
            "neo4j",
            "nodes.csv"
        ]
    );
    assert_eq!(
        list(&dir.path().join("neo4j")),
        ["import.cypher", "nodes.csv", "relationships.csv"]
    );
}

#[test]
fn failed_write_leaves_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.json");
    std::fs::write(&path, "previous").unwrap();
    let result = super::write_atomic(&path, |out| {
        out.write_all(b"half a fi")?;
        Err(std::io::Error::other("disk full"))
    });
    assert!(result.is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
