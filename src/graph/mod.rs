//! The knowledge graph: papers and entities as petgraph nodes, paper → entity links as edges.
//!
//! [`KnowledgeGraph`] wraps a `petgraph::Graph<Node, Edge, Directed, u32>` plus an index from
//! readable node id (`paper:2310.01234`, `dataset:imagenet`) to node. Node order is
//! deterministic: papers in input order, then entities sorted by kind and id, so the same input
//! gives the same graph and the same exported bytes. Building (and the resolution of entities
//! across papers) lives in [`build`]; writing files is [`crate::export`]'s job.

mod build;
mod links;
mod near;
pub mod select;

#[cfg(test)]
pub(crate) use build::fixtures;
pub use build::{
    BuildOptions, Built, MergeRecord, build, build_from_links, build_owned, build_table,
    build_table_with, build_with_merge_log, resolve_links,
};
pub use links::LinkTable;

use crate::extract::{Confidence, EntityKind, Evidence};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

/// A paper node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperNode {
    /// The paper's id in its input (`2310.01234`, or a title-derived id).
    pub paper_id: String,
    /// The title.
    pub title: std::sync::Arc<str>,
    /// Year, where known.
    pub year: Option<i32>,
    /// Authors, where known.
    pub authors: Vec<String>,
    /// Link, where known.
    pub url: Option<String>,
}

/// An entity node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityNode {
    /// Its kind.
    pub kind: EntityKind,
    /// Its canonical name.
    pub name: String,
    /// Other names seen for it across the corpus.
    pub aliases: Vec<String>,
    /// How many papers of the corpus link to it, set by [`KnowledgeGraph::count_papers`]
    /// (which `build` calls); a projection or a selection keeps the corpus's count.
    pub papers: u32,
}

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeData {
    /// A paper.
    Paper(PaperNode),
    /// A model, dataset, method, metric or task.
    Entity(EntityNode),
}

/// A node: its readable id and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Stable, readable id: `paper:<id>` or `<kind>:<slug>`.
    pub id: String,
    /// Paper or entity.
    pub data: NodeData,
}

impl Node {
    /// `paper` or the entity's kind.
    pub fn kind_str(&self) -> &'static str {
        match &self.data {
            NodeData::Paper(_) => "paper",
            NodeData::Entity(e) => e.kind.as_str(),
        }
    }

    /// The title of a paper (its id when it has no title), the name of an entity.
    pub fn label(&self) -> &str {
        match &self.data {
            NodeData::Paper(p) if p.title.is_empty() => &p.paper_id,
            NodeData::Paper(p) => &p.title,
            NodeData::Entity(e) => &e.name,
        }
    }

    /// The entity, if this is one.
    pub fn entity(&self) -> Option<&EntityNode> {
        match &self.data {
            NodeData::Entity(e) => Some(e),
            NodeData::Paper(_) => None,
        }
    }

    /// The paper, if this is one.
    pub fn paper(&self) -> Option<&PaperNode> {
        match &self.data {
            NodeData::Paper(p) => Some(p),
            NodeData::Entity(_) => None,
        }
    }
}

/// How a paper relates to an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The paper proposes or releases the entity.
    Introduces,
    /// The paper uses a model or method.
    Uses,
    /// The paper evaluates on a dataset.
    EvaluatesOn,
    /// The paper reports a metric.
    Measures,
    /// The paper works on a task.
    Addresses,
    /// Paper–paper projection: the two papers share entities (weight = how many).
    Shares,
    /// Entity–entity projection: the two entities are used by the same papers (weight = how
    /// many).
    CoUsed,
}

impl Relation {
    /// Every relation, links first.
    pub const ALL: [Relation; 7] = [
        Relation::Introduces,
        Relation::Uses,
        Relation::EvaluatesOn,
        Relation::Measures,
        Relation::Addresses,
        Relation::Shares,
        Relation::CoUsed,
    ];

    /// Whether the edge joins a paper to an entity (not a projection's).
    pub fn is_link(self) -> bool {
        !matches!(self, Relation::Shares | Relation::CoUsed)
    }

    /// The relation's name in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Introduces => "introduces",
            Relation::Uses => "uses",
            Relation::EvaluatesOn => "evaluates_on",
            Relation::Measures => "measures",
            Relation::Addresses => "addresses",
            Relation::Shares => "shares",
            Relation::CoUsed => "co_used",
        }
    }

    /// Parses a relation name.
    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The relation a role gives a link to an entity of `kind`.
    pub fn for_link(kind: EntityKind, role: crate::extract::Role) -> Relation {
        match (role, kind) {
            (crate::extract::Role::Introduced, _) => Relation::Introduces,
            (_, EntityKind::Dataset) => Relation::EvaluatesOn,
            (_, EntityKind::Metric) => Relation::Measures,
            (_, EntityKind::Task) => Relation::Addresses,
            (_, EntityKind::Model | EntityKind::Method) => Relation::Uses,
        }
    }
}

/// A paper → entity link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// How the paper relates to the entity.
    pub relation: Relation,
    /// How many times the paper names it.
    pub mentions: u32,
    /// How likely a paper → entity link is right (the highest of the paper's links it
    /// joins); certain on projection edges, where it means nothing and is not written.
    pub confidence: Confidence,
    /// The first sentence naming it, where known.
    pub evidence: Option<Evidence>,
}

/// Papers, entities and the links between them.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: DiGraph<Node, Edge, u32>,
    /// Node indexes by the hash of their id (compared with the node's own id on a match),
    /// so ids are not stored twice.
    index: hashbrown::HashTable<u32>,
}

impl KnowledgeGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty graph with room for `nodes` nodes and `edges` edges.
    pub fn with_capacity(nodes: usize, edges: usize) -> Self {
        KnowledgeGraph {
            graph: DiGraph::with_capacity(nodes, edges),
            index: hashbrown::HashTable::with_capacity(nodes),
        }
    }

    /// Adds a node, or returns the existing node with the same id.
    pub fn add_node(&mut self, node: Node) -> NodeIndex {
        let hash = crate::hash::str_hash(&node.id);
        let graph = &self.graph;
        let entry = self.index.entry(
            hash,
            |&i| graph[NodeIndex::new(i as usize)].id == node.id,
            |&i| crate::hash::str_hash(&graph[NodeIndex::new(i as usize)].id),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(e) => NodeIndex::new(*e.get() as usize),
            hashbrown::hash_table::Entry::Vacant(e) => {
                let i = u32::try_from(graph.node_count()).expect("fewer than 2^32 nodes");
                e.insert(i);
                self.graph.add_node(node)
            }
        }
    }

    /// Adds an edge (callers ensure one edge per paper–entity pair).
    pub fn add_edge(&mut self, from: NodeIndex, to: NodeIndex, edge: Edge) -> EdgeIndex {
        self.graph.add_edge(from, to, edge)
    }

    /// The underlying petgraph graph, for algorithms.
    pub fn petgraph(&self) -> &DiGraph<Node, Edge, u32> {
        &self.graph
    }

    /// The node with a given id.
    pub fn find(&self, id: &str) -> Option<NodeIndex> {
        self.index
            .find(crate::hash::str_hash(id), |&i| {
                self.graph[NodeIndex::new(i as usize)].id == id
            })
            .map(|&i| NodeIndex::new(i as usize))
    }

    /// A node by index.
    pub fn node(&self, i: NodeIndex) -> &Node {
        &self.graph[i]
    }

    /// Nodes in order.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> {
        self.graph.node_indices().map(move |i| (i, &self.graph[i]))
    }

    /// Edges in order: (source, target, edge).
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.graph
            .edge_references()
            .map(move |e| (&self.graph[e.source()], &self.graph[e.target()], e.weight()))
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Number of paper nodes.
    pub fn paper_count(&self) -> usize {
        self.graph
            .node_weights()
            .filter(|n| n.paper().is_some())
            .count()
    }

    /// Number of entity nodes of one kind.
    pub fn entity_count(&self, kind: EntityKind) -> usize {
        self.graph
            .node_weights()
            .filter(|n| n.entity().is_some_and(|e| e.kind == kind))
            .count()
    }

    /// The graph restricted to the nodes `keep` accepts (in the same order) and the edges
    /// between them.
    pub fn subgraph(&self, keep: impl Fn(NodeIndex) -> bool) -> KnowledgeGraph {
        let mut out = KnowledgeGraph::new();
        let mut map = vec![None; self.graph.node_count()];
        for i in self.graph.node_indices() {
            if keep(i) {
                map[i.index()] = Some(out.add_node(self.graph[i].clone()));
            }
        }
        for e in self.graph.edge_references() {
            if let (Some(a), Some(b)) = (map[e.source().index()], map[e.target().index()]) {
                out.add_edge(a, b, e.weight().clone());
            }
        }
        out
    }

    /// Whether the graph's links have a direction: paper → entity links do; a projection's
    /// links (`shares`, `co_used`) are symmetric, so a graph made only of them is undirected
    /// and every exporter writes it so. An empty graph counts as directed.
    pub fn is_directed(&self) -> bool {
        self.graph.edge_count() == 0 || self.graph.edge_weights().any(|e| e.relation.is_link())
    }

    /// Sets each entity's [`EntityNode::papers`] to the number of papers linked to it.
    pub fn count_papers(&mut self) {
        let counts: Vec<(NodeIndex, u32)> = self
            .graph
            .node_indices()
            .filter(|&i| self.graph[i].entity().is_some())
            .map(|i| {
                let n = self
                    .graph
                    .neighbors_undirected(i)
                    .filter(|&j| self.graph[j].paper().is_some())
                    .count();
                (i, u32::try_from(n).unwrap_or(u32::MAX))
            })
            .collect();
        for (i, n) in counts {
            if let NodeData::Entity(e) = &mut self.graph[i].data {
                e.papers = n;
            }
        }
    }

    /// The degree of a node (links in and out).
    pub fn degree(&self, i: NodeIndex) -> usize {
        self.graph.neighbors_undirected(i).count()
    }
}
