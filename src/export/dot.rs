//! Graphviz DOT (`graph.dot`): streamed by the exporter; [`to_dot`] gives the same graph as
//! graphviz-rust's data model for programs that want to change it before printing.
//!
//! Every id is quoted: an unquoted `paper:1234` is node `paper` with port `1234` to Graphviz,
//! which would silently merge all papers into one node. graphviz-rust prints quoted ids as
//! given without escaping them, so [`escape`] does it. Node shape and colour follow the kind;
//! paper labels are shortened (the full title is the tooltip) so pictures stay legible.

use super::Exporter;
use crate::graph::{KnowledgeGraph, NodeData};
use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Vertex,
};
use std::io::Write;

/// The DOT exporter.
pub struct DotExporter;

/// Longest paper label, in characters, before it is cut with `…`.
const PAPER_LABEL_CHARS: usize = 40;

/// Escapes text for a double-quoted DOT string and wraps it in quotes: `\` and `"` are
/// backslash-escaped, line breaks become `\n` (a centred line break in a label), and other
/// control characters, which Graphviz rejects, become spaces; U+FFFE and U+FFFF, which an SVG
/// (XML) cannot hold, become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    write_escaped(&mut out, text).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("escaping keeps UTF-8 whole")
}

/// Writes [`escape`]`(text)` to `out` without building it first: runs of ordinary bytes are
/// copied as they are.
pub fn write_escaped(out: &mut (impl Write + ?Sized), text: &str) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    out.write_all(b"\"")?;
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // What replaces bytes[i..i + len], if it is special.
        let (with, len): (&[u8], usize) = match b {
            b'\\' => (b"\\\\", 1),
            b'"' => (b"\\\"", 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => (b"", 1),
            b'\r' | b'\n' => (b"\\n", 1),
            0..0x20 | 0x7f => (b" ", 1),
            // U+0080–U+009F, the C1 controls.
            0xc2 if bytes.get(i + 1).is_some_and(|&n| n < 0xa0) => (b" ", 2),
            // U+FFFE and U+FFFF, which XML (an SVG from Graphviz) cannot hold: U+FFFD.
            0xef if bytes.get(i + 1) == Some(&0xbf)
                && bytes.get(i + 2).is_some_and(|&n| n == 0xbe || n == 0xbf) =>
            {
                ("\u{FFFD}".as_bytes(), 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.write_all(&bytes[run..i])?;
        out.write_all(with)?;
        i += len;
        run = i;
    }
    out.write_all(&bytes[run..])?;
    out.write_all(b"\"")
}

/// Fill colour and shape per kind (a colour-blind-safe palette).
pub fn style(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "paper" => ("#d9d9d9", "box"),
        "model" => ("#4e79a7", "ellipse"),
        "dataset" => ("#f28e2b", "cylinder"),
        "method" => ("#59a14f", "ellipse"),
        "metric" => ("#e15759", "diamond"),
        "task" => ("#b07aa1", "hexagon"),
        _ => ("#ffffff", "ellipse"),
    }
}

fn id(text: &str) -> Id {
    Id::Escaped(escape(text))
}

fn plain(text: &str) -> Id {
    Id::Plain(text.to_owned())
}

fn attr(key: &str, value: Id) -> Attribute {
    Attribute(plain(key), value)
}

fn short_label(title: &str) -> std::borrow::Cow<'_, str> {
    if title.len() <= PAPER_LABEL_CHARS || title.chars().count() <= PAPER_LABEL_CHARS {
        return title.into();
    }
    let cut: String = title.chars().take(PAPER_LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end()).into()
}

/// The DOT graph as graphviz-rust structures.
pub fn to_dot(graph: &KnowledgeGraph) -> Graph {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("overlap", plain("false")),
            attr("outputorder", plain("edgesfirst")),
            attr("fontname", id("Helvetica")),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", plain("filled")),
            attr("fontname", id("Helvetica")),
            attr("fontsize", plain("10")),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr("color", id("#00000055"))])),
    ];
    for (_, node) in graph.nodes() {
        let (fill, shape) = style(node.kind_str());
        let mut attributes = vec![
            attr("kind", plain(node.kind_str())),
            attr("shape", plain(shape)),
            attr("fillcolor", id(fill)),
        ];
        match &node.data {
            NodeData::Paper(_) => {
                attributes.push(attr("label", id(&short_label(node.label()))));
                attributes.push(attr("tooltip", id(node.label())));
            }
            NodeData::Entity(e) => {
                attributes.push(attr("label", id(&e.name)));
                if e.kind.as_str() == "model" {
                    attributes.push(attr("fontcolor", id("#ffffff")));
                }
                attributes.push(attr("papers", plain(&e.papers.to_string())));
            }
        }
        stmts.push(Stmt::Node(DotNode {
            id: NodeId(id(&node.id), None),
            attributes,
        }));
    }
    for (from, to, edge) in graph.edges() {
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(id(&from.id), None)),
                Vertex::N(NodeId(id(&to.id), None)),
            ),
            attributes: {
                let mut a = vec![
                    attr("relation", plain(edge.relation.as_str())),
                    attr("weight", plain(&edge.mentions.to_string())),
                ];
                if edge.relation.is_link() {
                    a.push(attr("confidence", plain(&edge.confidence.to_string())));
                }
                a
            },
        }));
    }
    Graph::DiGraph {
        id: plain("paperkg"),
        strict: false,
        stmts,
    }
}

impl Exporter for DotExporter {
    fn files(&self) -> &'static [&'static str] {
        &["graph.dot"]
    }

    /// Streams the DOT text one statement at a time (the same text graphviz-rust prints for
    /// [`to_dot`], which a test checks), so a million-node graph is never held as one string.
    fn write_file(
        &self,
        graph: &KnowledgeGraph,
        _file: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let directed = graph.is_directed();
        writeln!(
            out,
            "{} paperkg {{",
            if directed { "digraph" } else { "graph" }
        )?;
        writeln!(
            out,
            "  graph[overlap=false outputorder=edgesfirst fontname=\"Helvetica\"]"
        )?;
        writeln!(
            out,
            "  node[style=filled fontname=\"Helvetica\" fontsize=10]"
        )?;
        writeln!(out, "  edge[color=\"#00000055\"]")?;
        for (_, node) in graph.nodes() {
            let (fill, shape) = style(node.kind_str());
            out.write_all(b"  ")?;
            write_escaped(out, &node.id)?;
            write!(out, "[kind={} shape={shape} fillcolor=", node.kind_str())?;
            write_escaped(out, fill)?;
            match &node.data {
                NodeData::Paper(_) => {
                    out.write_all(b" label=")?;
                    write_escaped(out, &short_label(node.label()))?;
                    out.write_all(b" tooltip=")?;
                    write_escaped(out, node.label())?;
                }
                NodeData::Entity(e) => {
                    out.write_all(b" label=")?;
                    write_escaped(out, &e.name)?;
                    if e.kind.as_str() == "model" {
                        out.write_all(b" fontcolor=")?;
                        write_escaped(out, "#ffffff")?;
                    }
                    write!(out, " papers={}", e.papers)?;
                }
            }
            out.write_all(b"]\n")?;
        }
        for (from, to, edge) in graph.edges() {
            out.write_all(b"  ")?;
            write_escaped(out, &from.id)?;
            out.write_all(if directed { b" -> " } else { b" -- " })?;
            write_escaped(out, &to.id)?;
            write!(
                out,
                " [relation={} weight={}",
                edge.relation.as_str(),
                edge.mentions
            )?;
            if edge.relation.is_link() {
                write!(out, " confidence={}", edge.confidence)?;
            }
            writeln!(out, "]")?;
        }
        writeln!(out, "}}")
    }
}
