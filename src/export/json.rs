//! networkx node-link JSON (`graph.json`), written and read.
//!
//! The layout is what `networkx.node_link_graph(data, edges="edges")` reads (networkx ≥ 3.4;
//! 3.6's default): `directed`, `multigraph`, `graph`, `nodes` (each with `id`, `label` and the
//! node attributes of [`super::schema`]) and `edges` (each with `source`, `target` and the edge
//! attributes). It is also the file every later paperkg command reads,
//! so it holds everything the graph holds. Nodes and edges are written one at a time, so the
//! whole text is never in memory.

use super::Exporter;
use crate::error::{Error, Result};
use crate::extract::{Confidence, EntityKind, Evidence, Field};
use crate::graph::{Edge, EntityNode, KnowledgeGraph, Node, NodeData, PaperNode, Relation};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::{Read, Write};
use std::path::Path;

/// The node-link exporter.
pub struct JsonExporter;

#[derive(Serialize, Deserialize)]
struct GraphAttrs {
    name: String,
    generator: String,
}

#[derive(Serialize, Deserialize)]
pub(super) struct JsonNode<'a> {
    id: Cow<'a, str>,
    kind: Cow<'a, str>,
    label: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paper_id: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    authors: Option<Cow<'a, [String]>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aliases: Option<Cow<'a, [String]>>,
    /// Number of papers linked to an entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    papers: Option<u32>,
    /// Absent in files written before nodes had one (recounted on reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    degree: Option<u32>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct JsonEdge<'a> {
    source: Cow<'a, str>,
    target: Cow<'a, str>,
    relation: Relation,
    weight: f64,
    mentions: u32,
    /// Paper → entity links only; absent in files written before links had one (certain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    confidence: Option<Confidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    evidence: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    evidence_field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    evidence_start: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    evidence_end: Option<u32>,
    /// Files written before the attribute table had `[start, end]` here; read, never written.
    #[serde(default, skip_serializing)]
    evidence_span: Option<[u32; 2]>,
}

#[derive(Deserialize)]
struct JsonGraph {
    #[serde(default)]
    nodes: Vec<JsonNode<'static>>,
    #[serde(default)]
    edges: Vec<JsonEdge<'static>>,
}

pub(super) fn node_json<'a>(
    graph: &KnowledgeGraph,
    i: petgraph::graph::NodeIndex,
    node: &'a Node,
) -> JsonNode<'a> {
    let mut out = JsonNode {
        id: Cow::Borrowed(&node.id),
        kind: Cow::Borrowed(node.kind_str()),
        label: Cow::Borrowed(node.label()),
        paper_id: None,
        year: None,
        authors: None,
        url: None,
        aliases: None,
        papers: None,
        degree: Some(u32::try_from(graph.degree(i)).unwrap_or(u32::MAX)),
    };
    match &node.data {
        NodeData::Paper(p) => {
            out.paper_id = Some(Cow::Borrowed(&p.paper_id));
            out.year = p.year;
            out.authors = (!p.authors.is_empty()).then_some(Cow::Borrowed(&p.authors[..]));
            out.url = p.url.as_deref().map(Cow::Borrowed);
        }
        NodeData::Entity(e) => {
            out.aliases = Some(Cow::Borrowed(&e.aliases[..]));
            out.papers = Some(e.papers);
        }
    }
    out
}

impl Exporter for JsonExporter {
    fn files(&self) -> &'static [&'static str] {
        &["graph.json"]
    }

    fn write_file(
        &self,
        graph: &KnowledgeGraph,
        _file: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let attrs = GraphAttrs {
            name: "paperkg".into(),
            generator: concat!("paperkg ", env!("CARGO_PKG_VERSION")).into(),
        };
        out.write_all(if graph.is_directed() {
            b"{\"directed\":true,\"multigraph\":false,\"graph\":"
        } else {
            b"{\"directed\":false,\"multigraph\":false,\"graph\":"
        })?;
        serde_json::to_writer(&mut *out, &attrs)?;
        out.write_all(b",\n\"nodes\":[")?;
        for (n, (i, node)) in graph.nodes().enumerate() {
            out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &node_json(graph, i, node))?;
        }
        out.write_all(b"\n],\n\"edges\":[")?;
        for (n, (from, to, edge)) in graph.edges().enumerate() {
            out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &edge_json(from, to, edge))?;
        }
        out.write_all(b"\n]}\n")?;
        Ok(())
    }
}

pub(super) fn edge_json<'a>(from: &'a Node, to: &'a Node, edge: &'a Edge) -> JsonEdge<'a> {
    JsonEdge {
        source: Cow::Borrowed(&from.id),
        target: Cow::Borrowed(&to.id),
        relation: edge.relation,
        weight: f64::from(edge.mentions),
        mentions: edge.mentions,
        confidence: edge.relation.is_link().then_some(edge.confidence),
        evidence: edge.evidence.as_ref().map(|e| Cow::Borrowed(&*e.sentence)),
        evidence_field: edge.evidence.as_ref().map(|e| e.field),
        evidence_start: edge.evidence.as_ref().map(|e| e.start),
        evidence_end: edge.evidence.as_ref().map(|e| e.end),
        evidence_span: None,
    }
}

/// Reads a graph written by [`JsonExporter`] (`path` is only used in error messages).
pub fn read(reader: impl Read, path: &Path) -> Result<KnowledgeGraph> {
    let err = |message: String| Error::Format {
        path: path.to_path_buf(),
        message,
    };
    let data: JsonGraph = serde_json::from_reader(std::io::BufReader::new(reader))
        .map_err(|e| err(format!("not a paperkg graph.json: {e}")))?;
    // `directed` is false only for a projection (symmetric `shares` / `co_used` links),
    // which reads back like any other graph.
    let mut graph = KnowledgeGraph::new();
    // Files written before entities carried `papers`: count them from the links.
    let mut recount = false;
    for n in data.nodes {
        let node_data = if n.kind == "paper" {
            NodeData::Paper(PaperNode {
                paper_id: n.paper_id.map_or_else(
                    || n.id.trim_start_matches("paper:").to_owned(),
                    Cow::into_owned,
                ),
                title: n.label.into(),
                year: n.year,
                authors: n.authors.map(Cow::into_owned).unwrap_or_default(),
                url: n.url.map(Cow::into_owned),
            })
        } else {
            let kind = EntityKind::parse(&n.kind)
                .ok_or_else(|| err(format!("node {:?} has unknown kind {:?}", n.id, n.kind)))?;
            NodeData::Entity(EntityNode {
                kind,
                name: n.label.into_owned(),
                aliases: n.aliases.map(Cow::into_owned).unwrap_or_default(),
                papers: n.papers.unwrap_or_else(|| {
                    recount = true;
                    0
                }),
            })
        };
        if graph.find(&n.id).is_some() {
            return Err(err(format!("node id {:?} occurs twice", n.id)));
        }
        graph.add_node(Node {
            id: n.id.into_owned(),
            data: node_data,
        });
    }
    for e in data.edges {
        let from = graph
            .find(&e.source)
            .ok_or_else(|| err(format!("edge source {:?} is not a node", e.source)))?;
        let to = graph
            .find(&e.target)
            .ok_or_else(|| err(format!("edge target {:?} is not a node", e.target)))?;
        if from == to {
            return Err(err(format!(
                "edge {:?} → {:?} is a self-loop",
                e.source, e.target
            )));
        }
        // A paper → entity link must join a paper to an entity; projections' own relations
        // join papers (`shares`) or entities (`co_used`).
        let (fp, tp) = (
            graph.node(from).paper().is_some(),
            graph.node(to).paper().is_some(),
        );
        let fits = match e.relation {
            Relation::Shares => fp && tp,
            Relation::CoUsed => !fp && !tp,
            _ => fp && !tp,
        };
        if !fits {
            return Err(err(format!(
                "edge {:?} → {:?}: a `{}` edge joins {}",
                e.source,
                e.target,
                e.relation.as_str(),
                match e.relation {
                    Relation::Shares => "two papers",
                    Relation::CoUsed => "two entities",
                    _ => "a paper to an entity",
                }
            )));
        }
        let span = match (e.evidence_start, e.evidence_end) {
            (Some(start), Some(end)) => Some([start, end]),
            _ => e.evidence_span,
        };
        let evidence = match (e.evidence, e.evidence_field, span) {
            (Some(sentence), Some(field), Some([start, end])) => Some(Evidence {
                field,
                sentence: sentence.into(),
                start,
                end,
            }),
            _ => None,
        };
        graph.add_edge(
            from,
            to,
            Edge {
                relation: e.relation,
                mentions: e.mentions,
                confidence: e.confidence.unwrap_or_default(),
                evidence,
            },
        );
    }
    if recount {
        graph.count_papers();
    }
    Ok(graph)
}

/// Reads a graph.json file.
pub fn read_path(path: &Path) -> Result<KnowledgeGraph> {
    let file = std::fs::File::open(path).map_err(|e| Error::open(path, e))?;
    read(file, path)
}
