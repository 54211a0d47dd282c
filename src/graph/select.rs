//! Subgraphs for pictures and focused exports: by kind, by how many papers share an entity,
//! the top entities, or the neighbourhood of one node.

use super::{KnowledgeGraph, NodeData};
use crate::extract::EntityKind;
use crate::extract::normalize::{initials, sense_key};
use petgraph::graph::NodeIndex;
use std::collections::VecDeque;

/// Which part of a graph to keep. The default keeps everything.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Keep only entities of these kinds (papers stay when they link to a kept entity).
    pub kinds: Option<Vec<EntityKind>>,
    /// Keep only entities linked from at least this many papers.
    pub min_papers: usize,
    /// Keep only the N entities with the most papers (ties broken by id).
    pub top: Option<usize>,
    /// Start from this node's neighbourhood: matched by id, canonical name, alias or title.
    pub ego: Option<String>,
    /// How many links away from the ego node to go (default 2: a paper, its entities, and
    /// the other papers using them).
    pub depth: usize,
}

/// Why a selection failed.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    /// The ego name matched nothing.
    #[error("no paper or entity matches {name:?}{}", suggest(.suggestions))]
    NoMatch {
        /// The name given.
        name: String,
        /// Close names, best first.
        suggestions: Vec<String>,
    },
    /// An entity was asked for and the name is a paper's.
    #[error(
        "{name:?} is a paper ({id}), not an entity; `query GRAPH related {id:?}` lists the papers sharing its entities, `render GRAPH --ego {id:?}` draws them"
    )]
    IsPaper {
        /// The name given.
        name: String,
        /// The paper's node id.
        id: String,
    },
    /// The ego name matched several nodes.
    #[error("{name:?} matches several nodes: {}; give one of these ids", .candidates.join(", "))]
    Ambiguous {
        /// The name given.
        name: String,
        /// The ids it matched.
        candidates: Vec<String>,
    },
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
}

/// The node a user means by `name`: an exact id; else a node whose canonical name, alias or
/// title has the same key (case, spaces and punctuation ignored); else a unique paper title
/// or entity name starting with it.
pub fn find_node(graph: &KnowledgeGraph, name: &str) -> Result<NodeIndex, SelectError> {
    find_node_where(graph, name, |_| true)
}

/// [`find_node`] among the nodes `accept` lets through (only papers, say).
pub fn find_node_where(
    graph: &KnowledgeGraph,
    name: &str,
    accept: impl Fn(&super::Node) -> bool,
) -> Result<NodeIndex, SelectError> {
    if let Some(i) = graph.find(name).filter(|&i| accept(graph.node(i))) {
        return Ok(i);
    }
    let key = sense_key(name);
    // Each accepted node with the keys of its names, computed once for all three passes.
    let all: Vec<(NodeIndex, Vec<String>)> = graph
        .nodes()
        .filter(|(_, n)| accept(n))
        .map(|(i, node)| {
            let mut keys = vec![sense_key(node.label())];
            if let NodeData::Entity(e) = &node.data {
                keys.extend(e.aliases.iter().map(|a| sense_key(a)));
            }
            (i, keys)
        })
        .collect();
    let matching = |test: &dyn Fn(&str) -> bool| -> Vec<NodeIndex> {
        all.iter()
            .filter(|(_, keys)| !key.is_empty() && keys.iter().any(|k| test(k)))
            .map(|(i, _)| *i)
            .collect()
    };
    let pick = |found: Vec<NodeIndex>| match found.len() {
        0 => None,
        1 => Some(Ok(found[0])),
        _ => Some(Err(SelectError::Ambiguous {
            name: name.to_owned(),
            candidates: found
                .iter()
                .take(8)
                .map(|&i| {
                    let node = graph.node(i);
                    match node.entity() {
                        Some(e) => {
                            let papers = graph
                                .petgraph()
                                .edges_directed(i, petgraph::Direction::Incoming)
                                .count();
                            format!(
                                "{} ({}, {papers} paper{})",
                                node.id,
                                e.name,
                                crate::plural(papers)
                            )
                        }
                        None => node.id.clone(),
                    }
                })
                .collect(),
        })),
    };
    // A node's own name first: an alias another entity also has does not make it ambiguous.
    let named: Vec<NodeIndex> = all
        .iter()
        .filter(|(_, keys)| !key.is_empty() && keys[0] == key)
        .map(|(i, _)| *i)
        .collect();
    if let Some(r) = pick(named) {
        return r;
    }
    if let Some(r) = pick(matching(&|k| k == key)) {
        return r;
    }
    if let Some(r) = pick(matching(&|k| k.starts_with(&key))) {
        return r;
    }
    // Suggestions: what an acronym spells first ("KD" → knowledge distillation), then names
    // within a few edits of the key, then names containing it.
    let mut scored: Vec<(usize, String)> = Vec::new();
    if (2..=6).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphabetic()) {
        for (i, _) in &all {
            let label = graph.node(*i).label();
            if initials(label) == key && label.split_whitespace().count() >= 2 {
                scored.push((0, label.to_owned()));
            }
        }
    }
    for (i, keys) in &all {
        let best = keys
            .iter()
            .map(|n| {
                if !key.is_empty() && n.contains(&key) {
                    1
                } else {
                    edit_distance(&key, n) + 1
                }
            })
            .min()
            .unwrap_or(usize::MAX);
        if best <= (key.chars().count() / 4).max(2) + 1 {
            scored.push((best, graph.node(*i).label().to_owned()));
        }
    }
    scored.sort();
    let mut suggestions: Vec<String> = Vec::new();
    for (_, label) in scored {
        if !suggestions.contains(&label) {
            suggestions.push(label);
        }
        if suggestions.len() == 5 {
            break;
        }
    }
    Err(SelectError::NoMatch {
        name: name.to_owned(),
        suggestions,
    })
}

/// The part of `graph` that `sel` asks for. Nodes keep their order; a paper is kept when it
/// links to a kept entity (or is the ego node itself).
pub fn select(graph: &KnowledgeGraph, sel: &Selection) -> Result<KnowledgeGraph, SelectError> {
    let n = graph.node_count();
    let pg = graph.petgraph();
    // 1. The neighbourhood, if asked for.
    let mut keep = vec![true; n];
    let mut ego = None;
    if let Some(name) = &sel.ego {
        let start = find_node(graph, name)?;
        ego = Some(start);
        keep = vec![false; n];
        let mut queue = VecDeque::from([(start, 0usize)]);
        keep[start.index()] = true;
        while let Some((i, d)) = queue.pop_front() {
            if d == sel.depth {
                continue;
            }
            let mut next: Vec<NodeIndex> = pg.neighbors_undirected(i).collect();
            next.sort();
            for j in next {
                if !keep[j.index()] {
                    keep[j.index()] = true;
                    queue.push_back((j, d + 1));
                }
            }
        }
    }
    // 2. Entities by kind and paper count (within the neighbourhood).
    let papers_of = |i: NodeIndex| {
        pg.neighbors_undirected(i)
            .filter(|&j| keep[j.index()])
            .count()
    };
    let mut entities: Vec<(usize, NodeIndex)> = Vec::new();
    for (i, node) in graph.nodes() {
        let Some(e) = node.entity() else { continue };
        if !keep[i.index()] {
            continue;
        }
        let kind_ok = sel.kinds.as_ref().is_none_or(|k| k.contains(&e.kind));
        let count = papers_of(i);
        if kind_ok && count >= sel.min_papers.max(1) || Some(i) == ego {
            entities.push((count, i));
        }
    }
    if let Some(top) = sel.top {
        entities.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| graph.node(a.1).id.cmp(&graph.node(b.1).id))
        });
        entities.truncate(top);
    }
    let mut kept = vec![false; n];
    for &(_, i) in &entities {
        kept[i.index()] = true;
    }
    // 3. Papers linked to a kept entity.
    for (i, node) in graph.nodes() {
        if node.paper().is_some()
            && keep[i.index()]
            && (Some(i) == ego || pg.neighbors_undirected(i).any(|j| kept[j.index()]))
        {
            kept[i.index()] = true;
        }
    }
    Ok(graph.subgraph(|i| kept[i.index()]))
}

/// Levenshtein distance between two strings, by characters (early exit is not needed at the
/// sizes of names).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests_fixture;

    #[test]
    fn finds_nodes_by_id_name_alias_and_prefix() {
        let g = tests_fixture();
        let id = |i: NodeIndex| g.node(i).id.clone();
        assert_eq!(id(find_node(&g, "model:bert").unwrap()), "model:bert");
        assert_eq!(id(find_node(&g, "bert").unwrap()), "model:bert");
        assert_eq!(id(find_node(&g, "S.Q.u.A.D").unwrap()), "dataset:squad");
        assert_eq!(id(find_node(&g, "two lines").unwrap()), "paper:2");
        match find_node(&g, "SQuAAD") {
            Err(SelectError::NoMatch { suggestions, .. }) => assert_eq!(suggestions, ["SQuAD"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn selections() {
        let g = tests_fixture();
        let ids = |g: &KnowledgeGraph| g.nodes().map(|(_, n)| n.id.clone()).collect::<Vec<_>>();
        // BERT is the only entity two papers share.
        let shared = select(
            &g,
            &Selection {
                min_papers: 2,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&shared), ["paper:1234", "paper:2", "model:bert"]);
        assert_eq!(shared.edge_count(), 2);
        let datasets = select(
            &g,
            &Selection {
                kinds: Some(vec![EntityKind::Dataset]),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&datasets), ["paper:1234", "dataset:squad"]);
        let top = select(
            &g,
            &Selection {
                top: Some(1),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&top), ["paper:1234", "paper:2", "model:bert"]);
        // Paper 2's neighbourhood: its entity, then the other paper using it.
        let ego = |depth| {
            select(
                &g,
                &Selection {
                    ego: Some("paper:2".into()),
                    depth,
                    ..Default::default()
                },
            )
            .unwrap()
        };
        assert_eq!(ids(&ego(1)), ["paper:2", "model:bert"]);
        assert_eq!(ids(&ego(2)), ["paper:1234", "paper:2", "model:bert"]);
    }
}
