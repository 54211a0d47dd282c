//! Projections: the paper–paper graph (two papers linked when they share entities) and the
//! entity–entity graph (two entities linked when the same papers use them), as ordinary
//! [`KnowledgeGraph`]s, so every exporter writes them and Gephi opens them.

use super::Index;
use crate::extract::EntityKind;
use crate::graph::{Edge, KnowledgeGraph, Relation};
use rustc_hash::FxHashMap;

/// What to project onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Onto {
    /// Papers, linked by shared entities.
    Papers,
    /// Entities, linked by shared papers.
    Entities,
}

/// Projection options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only entities of these kinds count (paper projection) or appear (entity projection).
    pub kinds: Option<Vec<EntityKind>>,
    /// Keep links of at least this weight (number of shared entities or papers); at least 1.
    pub min_weight: u32,
    /// Leave out entities used by more than this many papers (0 = no limit): hubs such as
    /// "accuracy" link nearly every pair of papers and make the projection quadratic.
    pub max_papers: usize,
}

/// How many node pairs the projection would count before `min_weight` drops any: the sum of
/// n(n − 1)/2 over the shared entities (or papers). Its memory grows with this; a hub entity
/// used by 20,000 papers alone makes 200 million. Cheap to compute: no pair is built.
pub fn estimate(ix: &Index<'_>, onto: Onto, opts: &Options) -> u64 {
    let (_, sets) = connectors(ix, onto, opts);
    sets.iter()
        .map(|s| {
            let n = s.len() as u64;
            n * n.saturating_sub(1) / 2
        })
        .sum()
}

/// The projected side's nodes, and the member sets (node numbers on that side) each shared
/// entity or paper makes.
fn connectors(
    ix: &Index<'_>,
    onto: Onto,
    opts: &Options,
) -> (Vec<petgraph::graph::NodeIndex>, Vec<Vec<u32>>) {
    let counts_entity = |e: u32| {
        opts.kinds.as_ref().is_none_or(|k| k.contains(&ix.kind(e)))
            && (opts.max_papers == 0 || ix.entity_papers[e as usize].len() <= opts.max_papers)
    };
    // Members (node numbers on the projected side) of each "connector" set.
    match onto {
        Onto::Papers => (
            ix.papers.clone(),
            (0..ix.entities.len() as u32)
                .filter(|&e| counts_entity(e))
                .map(|e| ix.entity_papers[e as usize].clone())
                .collect(),
        ),
        Onto::Entities => {
            let keep: Vec<u32> = (0..ix.entities.len() as u32)
                .filter(|&e| counts_entity(e))
                .collect();
            let mut pos = vec![u32::MAX; ix.entities.len()];
            for (k, &e) in keep.iter().enumerate() {
                pos[e as usize] = k as u32;
            }
            let sets = ix
                .paper_entities
                .iter()
                .map(|es| {
                    es.iter()
                        .filter(|&&e| pos[e as usize] != u32::MAX)
                        .map(|&e| pos[e as usize])
                        .collect()
                })
                .collect();
            (
                keep.iter().map(|&e| ix.entities[e as usize]).collect(),
                sets,
            )
        }
    }
}

/// The projection. Links run from the lower to the higher node; `mentions` holds the weight
/// and the relation is `shares` or `co_used` (the graph is undirected: see
/// [`KnowledgeGraph::is_directed`]). Check [`estimate`] first on a large graph.
pub fn project(ix: &Index<'_>, onto: Onto, opts: &Options) -> KnowledgeGraph {
    let (nodes, sets) = connectors(ix, onto, opts);
    let mut weight: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for set in &sets {
        for (k, &a) in set.iter().enumerate() {
            for &b in &set[k + 1..] {
                *weight.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
    }
    let mut out = KnowledgeGraph::new();
    let idx: Vec<_> = nodes
        .iter()
        .map(|&i| out.add_node(ix.graph.node(i).clone()))
        .collect();
    let mut links: Vec<((u32, u32), u32)> = weight
        .into_iter()
        .filter(|&(_, w)| w >= opts.min_weight.max(1))
        .collect();
    links.sort_unstable();
    let relation = match onto {
        Onto::Papers => Relation::Shares,
        Onto::Entities => Relation::CoUsed,
    };
    for ((a, b), w) in links {
        out.add_edge(
            idx[a as usize],
            idx[b as usize],
            Edge {
                relation,
                mentions: w,
                confidence: Default::default(),
                evidence: None,
            },
        );
    }
    // Papers or entities left without links stay: they are part of the corpus.
    out
}
