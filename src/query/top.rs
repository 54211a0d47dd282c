//! The most central entities: by number of papers, or by PageRank over the paper–entity
//! graph (a sparse power iteration; petgraph's `page_rank` is quadratic in the node count).

use super::{Index, Table};
use crate::extract::EntityKind;
use serde_json::json;

/// How to rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// Papers using the entity.
    Papers,
    /// PageRank on the undirected paper–entity graph.
    PageRank,
}

/// PageRank of every node of the undirected paper–entity graph, indexed like the graph's
/// nodes: damping 0.85, dangling mass spread evenly, until the L1 change is below 1e-10 or
/// after 100 rounds. Linear in edges per round.
pub fn pagerank(ix: &Index<'_>) -> Vec<f64> {
    let g = ix.graph.petgraph();
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let adj: Vec<Vec<usize>> = g
        .node_indices()
        .map(|i| g.neighbors_undirected(i).map(|j| j.index()).collect())
        .collect();
    let d = 0.85;
    let mut pr = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..100 {
        let dangling: f64 = (0..n).filter(|&i| adj[i].is_empty()).map(|i| pr[i]).sum();
        let base = (1.0 - d) / n as f64 + d * dangling / n as f64;
        next.iter_mut().for_each(|x| *x = base);
        for (i, nbrs) in adj.iter().enumerate() {
            if nbrs.is_empty() {
                continue;
            }
            let share = d * pr[i] / nbrs.len() as f64;
            for &j in nbrs {
                next[j] += share;
            }
        }
        let change: f64 = pr.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut pr, &mut next);
        if change < 1e-10 {
            break;
        }
    }
    pr
}

/// The `top` entities (of `kind`, if given) by `by`; ties by name.
pub fn top(ix: &Index<'_>, kind: Option<EntityKind>, by: By, top: usize) -> Table {
    let pr = match by {
        By::PageRank => pagerank(ix),
        By::Papers => Vec::new(),
    };
    let score = |e: u32| match by {
        By::Papers => ix.entity_papers[e as usize].len() as f64,
        By::PageRank => pr[ix.entities[e as usize].index()],
    };
    let mut found: Vec<u32> = (0..ix.entities.len() as u32)
        .filter(|&e| kind.is_none_or(|k| ix.kind(e) == k))
        .collect();
    found.sort_by(|&a, &b| {
        score(b)
            .total_cmp(&score(a))
            .then_with(|| ix.entity_name(a).cmp(ix.entity_name(b)))
    });
    found.truncate(top);
    let mut t = Table::new(&["rank", "id", "entity", "kind", "papers", "pagerank"])
        .with_script_only(&["id"]);
    for (rank, e) in found.into_iter().enumerate() {
        t.push(vec![
            json!(rank + 1),
            json!(ix.graph.node(ix.entities[e as usize]).id),
            json!(ix.entity_name(e)),
            json!(ix.kind(e).as_str()),
            json!(ix.entity_papers[e as usize].len()),
            match by {
                By::PageRank => json!((score(e) * 1e6).round() / 1e6),
                By::Papers => json!(null),
            },
        ]);
    }
    t
}
