//! The shortest chain of links between two papers or entities.

use super::{Index, Table};
use petgraph::graph::NodeIndex;
use serde_json::json;
use std::collections::VecDeque;

/// The shortest path from `a` to `b` over links in either direction (breadth-first, lowest
/// node index first, so the answer is stable), as one row per step; `None` if unconnected.
pub fn path(ix: &Index<'_>, a: NodeIndex, b: NodeIndex) -> Option<Table> {
    let g = ix.graph.petgraph();
    let mut prev: Vec<Option<NodeIndex>> = vec![None; g.node_count()];
    let mut seen = vec![false; g.node_count()];
    seen[a.index()] = true;
    let mut queue = VecDeque::from([a]);
    while let Some(i) = queue.pop_front() {
        if i == b {
            break;
        }
        let mut next: Vec<NodeIndex> = g.neighbors_undirected(i).collect();
        next.sort();
        for j in next {
            if !seen[j.index()] {
                seen[j.index()] = true;
                prev[j.index()] = Some(i);
                queue.push_back(j);
            }
        }
    }
    if !seen[b.index()] {
        return None;
    }
    let mut chain = vec![b];
    while let Some(p) = prev[chain.last().expect("non-empty").index()] {
        chain.push(p);
    }
    chain.reverse();
    let mut t = Table::new(&["step", "kind", "name", "link"]);
    for (k, &i) in chain.iter().enumerate() {
        let link = chain.get(k + 1).map_or(String::new(), |&j| {
            let e = g
                .find_edge(i, j)
                .or_else(|| g.find_edge(j, i))
                .expect("adjacent");
            let rel = g[e].relation.as_str();
            if g.find_edge(i, j).is_some() {
                format!("{rel} →")
            } else {
                format!("← {rel}")
            }
        });
        let node = ix.graph.node(i);
        t.push(vec![
            json!(k),
            json!(node.kind_str()),
            json!(node.label()),
            json!(link),
        ]);
    }
    Some(t)
}
