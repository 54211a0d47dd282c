//! Everything about one entity: kind, aliases, the papers that introduce and use it, and the
//! entities it is used with most.

use super::{Index, Table};
use crate::graph::Relation;
use petgraph::Direction;
use petgraph::visit::EdgeRef;
use serde_json::json;

/// One entity, as a two-column table (field, value).
pub fn entity(ix: &Index<'_>, e: u32, top: usize) -> Table {
    let node = ix.entities[e as usize];
    let data = ix.graph.node(node).entity().expect("an entity");
    let (mut introduced, mut used) = (Vec::new(), Vec::new());
    let mut edges: Vec<_> = ix
        .graph
        .petgraph()
        .edges_directed(node, Direction::Incoming)
        .collect();
    edges.sort_by_key(|r| r.source());
    for r in edges {
        let paper = ix.graph.node(r.source());
        let item = json!({ "id": paper.id, "name": paper.label() });
        if r.weight().relation == Relation::Introduces {
            introduced.push(item);
        } else {
            used.push(item);
        }
    }
    // Co-occurring entities: how many of this entity's papers each other entity appears in.
    let mut count = vec![0u32; ix.entities.len()];
    for &p in &ix.entity_papers[e as usize] {
        for &other in &ix.paper_entities[p as usize] {
            if other != e {
                count[other as usize] += 1;
            }
        }
    }
    let mut with: Vec<u32> = (0..ix.entities.len() as u32)
        .filter(|&o| count[o as usize] > 0)
        .collect();
    with.sort_by(|&a, &b| {
        count[b as usize]
            .cmp(&count[a as usize])
            .then_with(|| ix.entity_name(a).cmp(ix.entity_name(b)))
    });
    with.truncate(top);
    let mut t = Table::new(&["field", "value"]);
    t.vertical = true;
    t.push(vec![json!("id"), json!(ix.graph.node(node).id)]);
    t.push(vec![json!("name"), json!(data.name)]);
    t.push(vec![json!("kind"), json!(data.kind.as_str())]);
    t.push(vec![json!("aliases"), json!(data.aliases)]);
    t.push(vec![
        json!("papers"),
        json!(ix.entity_papers[e as usize].len()),
    ]);
    t.push(vec![json!("introduced_by"), json!(introduced)]);
    t.push(vec![json!("used_by"), json!(used)]);
    t.push(vec![
        json!("used_with"),
        json!(
            with.iter()
                .map(|&o| json!({
                    "id": ix.graph.node(ix.entities[o as usize]).id,
                    "name": ix.entity_name(o),
                    "papers": count[o as usize],
                }))
                .collect::<Vec<_>>()
        ),
    ]);
    t
}
