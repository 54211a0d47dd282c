//! Groups of papers that share rare entities: label propagation over the paper–paper
//! projection, weighted by the IDF of what two papers share.
//!
//! Deterministic: labels move over the paper–entity graph in rounds (entities take their
//! papers' majority label, papers the label of highest IDF weight among their entities; ties
//! go to the smallest label) until nothing changes, at most 50 rounds. The projection is
//! never built. Entities used by more than 2% of the papers (at least
//! 5, at most 500 papers) are left out: broad ones ("Transformer", "accuracy") join everything and
//! would pull every paper into one group, while the specific ones (a dataset, a model
//! family, a niche method) are what a research community shares.

use super::{Index, Table};
use rustc_hash::FxHashMap;
use serde_json::json;

/// Community label per paper number.
///
/// Labels travel over the bipartite graph, never through the projection: each round every
/// (useful) entity takes the label most of its papers carry, then every paper takes the
/// label of highest total IDF among its entities (keeping its own on a tie). A round costs
/// one pass over the links.
pub fn label_propagation(ix: &Index<'_>) -> Vec<u32> {
    let np = ix.papers.len();
    let cap = (np / 50).clamp(5, 500);
    let useful: Vec<bool> = ix
        .entity_papers
        .iter()
        .map(|ps| ps.len() >= 2 && ps.len() <= cap)
        .collect();
    let mut label: Vec<u32> = (0..np as u32).collect();
    let mut entity_label = vec![u32::MAX; ix.entities.len()];
    let mut count: FxHashMap<u32, u32> = FxHashMap::default();
    let mut score: FxHashMap<u32, f64> = FxHashMap::default();
    for _ in 0..50 {
        for (e, papers) in ix.entity_papers.iter().enumerate() {
            if !useful[e] {
                continue;
            }
            count.clear();
            for &p in papers {
                *count.entry(label[p as usize]).or_default() += 1;
            }
            entity_label[e] = count
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map_or(u32::MAX, |(&l, _)| l);
        }
        let mut changed = false;
        for (p, entities) in ix.paper_entities.iter().enumerate() {
            score.clear();
            for &e in entities {
                if useful[e as usize] {
                    *score.entry(entity_label[e as usize]).or_default() += ix.idf[e as usize];
                }
            }
            let Some((&best, &best_score)) = score
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
            else {
                continue;
            };
            let mine = label[p];
            if best != mine && score.get(&mine).is_none_or(|&s| s < best_score) {
                label[p] = best;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    label
}

/// Communities of at least `min_size` papers, largest first, each with its most shared
/// entities and some titles. At most `top`.
pub fn communities(ix: &Index<'_>, min_size: usize, top: usize) -> Table {
    let label = label_propagation(ix);
    let mut groups: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (p, &l) in label.iter().enumerate() {
        groups.entry(l).or_default().push(p as u32);
    }
    let mut groups: Vec<Vec<u32>> = groups
        .into_values()
        .filter(|g| g.len() >= min_size.max(2))
        .collect();
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a[0].cmp(&b[0])));
    groups.truncate(top);
    let mut t = Table::new(&["community", "papers", "top_entities", "paper_ids", "titles"])
        .with_script_only(&["paper_ids"]);
    for (k, g) in groups.iter().enumerate() {
        // Entities by how many of the group's papers use them, rarer ones first on ties.
        let mut count: FxHashMap<u32, u32> = FxHashMap::default();
        for &p in g {
            for &e in &ix.paper_entities[p as usize] {
                *count.entry(e).or_default() += 1;
            }
        }
        let mut ents: Vec<(u32, u32)> = count.into_iter().filter(|&(_, c)| c >= 2).collect();
        ents.sort_by(|a, b| {
            (f64::from(b.1) * ix.idf[b.0 as usize])
                .total_cmp(&(f64::from(a.1) * ix.idf[a.0 as usize]))
                .then_with(|| ix.entity_name(a.0).cmp(ix.entity_name(b.0)))
        });
        ents.truncate(8);
        t.push(vec![
            json!(k + 1),
            json!(g.len()),
            json!(
                ents.iter()
                    .map(|&(e, c)| json!({
                        "id": ix.graph.node(ix.entities[e as usize]).id,
                        "name": ix.entity_name(e),
                        "papers": c,
                    }))
                    .collect::<Vec<_>>()
            ),
            json!(g.iter().map(|&p| ix.paper_id(p)).collect::<Vec<_>>()),
            json!(g.iter().map(|&p| ix.title(p)).collect::<Vec<_>>()),
        ]);
    }
    t
}
