//! Which entities do at least N papers share, and which papers are they?

use super::{Index, Table};
use crate::extract::EntityKind;
use serde_json::json;

/// Entities used by at least `min_papers` papers (of `kind`, if given), most shared first
/// (ties by name), at most `top` of them.
pub fn shared(ix: &Index<'_>, kind: Option<EntityKind>, min_papers: usize, top: usize) -> Table {
    let mut found: Vec<u32> = (0..ix.entities.len() as u32)
        .filter(|&e| kind.is_none_or(|k| ix.kind(e) == k))
        .filter(|&e| ix.entity_papers[e as usize].len() >= min_papers.max(1))
        .collect();
    found.sort_by(|&a, &b| {
        ix.entity_papers[b as usize]
            .len()
            .cmp(&ix.entity_papers[a as usize].len())
            .then_with(|| ix.entity_name(a).cmp(ix.entity_name(b)))
    });
    found.truncate(top);
    let mut t = Table::new(&["id", "entity", "kind", "papers", "paper_ids", "titles"])
        .with_script_only(&["id", "paper_ids"]);
    for e in found {
        let papers = &ix.entity_papers[e as usize];
        t.push(vec![
            json!(ix.graph.node(ix.entities[e as usize]).id),
            json!(ix.entity_name(e)),
            json!(ix.kind(e).as_str()),
            json!(papers.len()),
            json!(papers.iter().map(|&p| ix.paper_id(p)).collect::<Vec<_>>()),
            json!(papers.iter().map(|&p| ix.title(p)).collect::<Vec<_>>()),
        ]);
    }
    t
}
