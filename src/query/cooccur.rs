//! Which entities of one kind are used together with which of another? Pairs are ranked by
//! normalised pointwise mutual information (NPMI, −1…1): how much more often two entities
//! appear in the same papers than chance would say, so a hub used everywhere ("accuracy")
//! does not top every list just by being common. [`with_entity`] asks the question for one
//! entity: what is used with ImageNet?

use super::{Index, Table};
use crate::extract::EntityKind;
use rustc_hash::FxHashMap;
use serde_json::json;

/// Pairs (a of `kind`, b of `with`) used together by at least `min_papers` papers, by NPMI
/// then count. At most `top`.
pub fn cooccur(
    ix: &Index<'_>,
    kind: EntityKind,
    with: EntityKind,
    min_papers: usize,
    top: usize,
) -> Table {
    let mut pairs: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for ents in &ix.paper_entities {
        for &a in ents.iter().filter(|&&a| ix.kind(a) == kind) {
            for &b in ents.iter().filter(|&&b| ix.kind(b) == with && b != a) {
                // Same kind on both sides: count each unordered pair once.
                if kind == with && b < a {
                    continue;
                }
                *pairs.entry((a, b)).or_default() += 1;
            }
        }
    }
    let n = ix.papers.len().max(1) as f64;
    let mut rows: Vec<(f64, u32, u32, u32)> = pairs
        .into_iter()
        .filter(|&(_, c)| c as usize >= min_papers.max(1))
        .map(|((a, b), c)| {
            (
                npmi(
                    c,
                    ix.entity_papers[a as usize].len(),
                    ix.entity_papers[b as usize].len(),
                    n,
                ),
                c,
                a,
                b,
            )
        })
        .collect();
    rows.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| y.1.cmp(&x.1))
            .then_with(|| ix.entity_name(x.2).cmp(ix.entity_name(y.2)))
            .then_with(|| ix.entity_name(x.3).cmp(ix.entity_name(y.3)))
    });
    rows.truncate(top);
    let mut t = Table::new(&[kind.as_str(), with.as_str(), "papers", "npmi"]);
    for (score, c, a, b) in rows {
        t.push(vec![
            json!(ix.entity_name(a)),
            json!(ix.entity_name(b)),
            json!(c),
            json!((score * 1000.0).round() / 1000.0),
        ]);
    }
    t
}

/// How [`with_entity`] ranks partners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rank {
    /// By how many papers use both.
    Count,
    /// By NPMI (association beyond chance), then count.
    Npmi,
}

/// What is used together with entity `e`: every other entity (of `kind`, if given) that at
/// least `min_papers` of its papers also use, with the count and NPMI; at most `top`.
pub fn with_entity(
    ix: &Index<'_>,
    e: u32,
    kind: Option<EntityKind>,
    rank: Rank,
    min_papers: usize,
    top: usize,
) -> Table {
    let mut count: FxHashMap<u32, u32> = FxHashMap::default();
    for &p in &ix.entity_papers[e as usize] {
        for &o in &ix.paper_entities[p as usize] {
            if o != e && kind.is_none_or(|k| ix.kind(o) == k) {
                *count.entry(o).or_default() += 1;
            }
        }
    }
    let n = ix.papers.len().max(1) as f64;
    let own = ix.entity_papers[e as usize].len();
    let mut rows: Vec<(u32, u32, f64)> = count
        .into_iter()
        .filter(|&(_, c)| c as usize >= min_papers.max(1))
        .map(|(o, c)| (o, c, npmi(c, own, ix.entity_papers[o as usize].len(), n)))
        .collect();
    rows.sort_by(|x, y| {
        let by_count = y.1.cmp(&x.1);
        let by_npmi = y.2.total_cmp(&x.2);
        match rank {
            Rank::Count => by_count.then(by_npmi),
            Rank::Npmi => by_npmi.then(by_count),
        }
        .then_with(|| ix.entity_name(x.0).cmp(ix.entity_name(y.0)))
    });
    rows.truncate(top);
    let mut t = Table::new(&["entity", "id", "kind", "papers", "npmi"]);
    for (o, c, score) in rows {
        t.push(vec![
            json!(ix.entity_name(o)),
            json!(ix.graph.node(ix.entities[o as usize]).id),
            json!(ix.kind(o).as_str()),
            json!(c),
            json!((score * 1000.0).round() / 1000.0),
        ]);
    }
    t
}

/// NPMI of two events seen together `both` times, apart `a` and `b` times, in `n` trials.
pub fn npmi(both: u32, a: usize, b: usize, n: f64) -> f64 {
    let p_ab = f64::from(both) / n;
    let (p_a, p_b) = (a as f64 / n, b as f64 / n);
    if p_ab >= 1.0 {
        return 1.0;
    }
    (p_ab / (p_a * p_b)).ln() / -p_ab.ln()
}
