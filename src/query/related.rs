//! Which papers share the most with this one? Shared entities weigh by their inverse
//! document frequency, so two papers that both use a rare dataset count as closer than two
//! that both mention "accuracy".

use super::{Index, Table};
use crate::extract::EntityKind;
use serde_json::json;

/// Papers ranked by the summed IDF of the entities (of `kind`, if given) they share with
/// `paper`; ties by id. At most `top`.
pub fn related(ix: &Index<'_>, paper: u32, kind: Option<EntityKind>, top: usize) -> Table {
    let mine: Vec<u32> = ix.paper_entities[paper as usize]
        .iter()
        .copied()
        .filter(|&e| kind.is_none_or(|k| ix.kind(e) == k))
        .collect();
    // Accumulate over the papers of each of my entities: touches only papers that share.
    let mut score = vec![0.0f64; ix.papers.len()];
    let mut shared: Vec<Vec<u32>> = vec![Vec::new(); ix.papers.len()];
    for &e in &mine {
        for &p in &ix.entity_papers[e as usize] {
            if p != paper {
                score[p as usize] += ix.idf[e as usize];
                shared[p as usize].push(e);
            }
        }
    }
    let mut ranked: Vec<u32> = (0..ix.papers.len() as u32)
        .filter(|&p| !shared[p as usize].is_empty())
        .collect();
    ranked.sort_by(|&a, &b| {
        score[b as usize]
            .total_cmp(&score[a as usize])
            .then_with(|| ix.paper_id(a).cmp(ix.paper_id(b)))
    });
    ranked.truncate(top);
    let mut t = Table::new(&["rank", "id", "paper", "score", "shared"]).with_script_only(&["id"]);
    for (rank, p) in ranked.into_iter().enumerate() {
        let mut names: Vec<u32> = shared[p as usize].clone();
        // Rarest first: those say most about why the papers are close.
        names.sort_by(|&a, &b| ix.idf[b as usize].total_cmp(&ix.idf[a as usize]));
        t.push(vec![
            json!(rank + 1),
            json!(ix.paper_id(p)),
            json!(ix.title(p)),
            json!((score[p as usize] * 1000.0).round() / 1000.0),
            json!(names.iter().map(|&e| ix.entity_name(e)).collect::<Vec<_>>()),
        ]);
    }
    t
}
