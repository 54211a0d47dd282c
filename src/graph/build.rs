//! Building the graph, and resolving entities across papers.
//!
//! Within a paper, [`crate::extract::resolve`] has already merged mentions into entities.
//! Across papers, two links are the same entity when they have the same kind and the same
//! [`entity_key`] of their names, or when one's name is a defined alias of exactly one other
//! entity of that kind (`SAE` where another paper wrote `sparse autoencoders (SAEs)`). An alias
//! claimed by two different entities is ambiguous and joins nothing.

use super::links::{self, Interner, LinkTable, Packed};
use super::{Edge, EntityNode, KnowledgeGraph, Node, NodeData, PaperNode, Relation};
use crate::extract::normalize::slug;
use crate::extract::{EntityKind, EntityLink, Extractors, MergeRule, Role, entity_key};
use crate::paper::Paper;
use petgraph::graph::NodeIndex;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;

/// Extracts every paper's entities (in parallel) and builds the graph.
pub fn build(papers: &[Paper], extractors: &Extractors) -> KnowledgeGraph {
    let links: Vec<Vec<EntityLink>> = papers.par_iter().map(|p| extractors.extract(p)).collect();
    build_owned(papers.to_vec(), links, false).0
}

/// Builds the graph from papers and their already extracted links (`links[i]` belongs to
/// `papers[i]`).
pub fn build_from_links(papers: &[Paper], links: &[Vec<EntityLink>]) -> KnowledgeGraph {
    build_owned(papers.to_vec(), links.to_vec(), false).0
}

/// One name merged into an entity node, for the merge log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRecord {
    /// The entity's node id.
    pub entity: String,
    /// The entity's canonical name.
    pub canonical: String,
    /// The name that was merged into it.
    pub merged: String,
    /// Why.
    pub rule: MergeRule,
    /// The paper where the merge happened.
    pub paper: String,
}

/// Like [`build_from_links`], also returning every merge of a written name into an entity:
/// within papers (variants, lexicon aliases, defined acronyms) and across papers (names
/// spelled differently, acronyms defined elsewhere). In paper order; deterministic.
pub fn build_with_merge_log(
    papers: &[Paper],
    links: &[Vec<EntityLink>],
) -> (KnowledgeGraph, Vec<MergeRecord>) {
    build_owned(papers.to_vec(), links.to_vec(), true)
}

/// Like [`build_with_merge_log`], taking the papers and links by value (see
/// [`build_table`]).
pub fn build_owned(
    papers: Vec<Paper>,
    links: Vec<Vec<EntityLink>>,
    merge_log: bool,
) -> (KnowledgeGraph, Vec<MergeRecord>) {
    build_table(papers, links.into_iter().collect(), merge_log)
}

/// An entity's identity across papers: its kind and the interned [`entity_key`] of its name,
/// as one number (kind in the high half).
type Ident = u64;

fn ident(kind: EntityKind, key: u32) -> Ident {
    (kind as u64) << 32 | u64::from(key)
}

/// Builds the graph from papers and the [`LinkTable`] of their links (paper `i`'s links are
/// `table.links(i)`; links the table holds for papers past the end of `papers` are ignored):
/// each paper's metadata moves into its node and each link's sentence into its edge.
/// Entities are resolved across papers on interned ids. The merge log is only gathered when
/// `merge_log` is set (empty otherwise).
pub fn build_table(
    papers: Vec<Paper>,
    mut table: LinkTable,
    merge_log: bool,
) -> (KnowledgeGraph, Vec<MergeRecord>) {
    let names = std::mem::take(&mut table.names);
    let names = &names;
    // The key of every name, interned (a key is shared by the spellings of one name).
    let mut keys = Interner::default();
    let key_of: Vec<u32> = (0..names.len())
        .map(|i| keys.intern(&entity_key(names.get(i as u32))))
        .collect();
    let empty_key = keys.intern("");
    let all_links = || (0..papers.len()).flat_map(|p| table.packed(p));

    // 1. Aliases that point at exactly one entity of their kind (None: claimed by two).
    let mut alias_of: FxHashMap<Ident, Option<Ident>> = FxHashMap::default();
    for link in all_links() {
        let id = ident(link.kind, key_of[link.name as usize]);
        for &alias in table.names_of(link).1 {
            let key = key_of[alias as usize];
            let alias = ident(link.kind, key);
            if alias == id || key == empty_key {
                continue;
            }
            alias_of
                .entry(alias)
                .and_modify(|v| {
                    if *v != Some(id) {
                        *v = None;
                    }
                })
                .or_insert(Some(id));
        }
    }
    // A link's identity: its own key, followed through unambiguous aliases (a few steps at
    // most, so that a cycle of aliases cannot loop).
    let identity = |link: &Packed| -> Ident {
        let mut id = ident(link.kind, key_of[link.name as usize]);
        for _ in 0..4 {
            match alias_of.get(&id) {
                Some(Some(target)) if *target != id => id = *target,
                _ => break,
            }
        }
        id
    };

    // 2. Per entity: names by frequency (first seen wins ties) and every other name seen,
    // in paper order. `entity_of` holds each link's entity, in paper order too.
    struct Acc {
        ident: Ident,
        names: Vec<(u32, usize)>,
        aliases: Vec<u32>,
    }
    let mut accs: Vec<Acc> = Vec::new();
    let mut by_ident: FxHashMap<Ident, u32> = FxHashMap::default();
    // (entity, name) → the name's place in the entity's `names`; (entity, name) pairs already
    // in its `aliases`. Hashed, so that an entity written many ways costs no scans.
    let mut name_slot: FxHashMap<(u32, u32), usize> = FxHashMap::default();
    let mut seen_alias: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut entity_of: Vec<u32> = Vec::with_capacity(table.link_count());
    for link in all_links() {
        let id = identity(link);
        let e = *by_ident.entry(id).or_insert_with(|| {
            accs.push(Acc {
                ident: id,
                names: Vec::new(),
                aliases: Vec::new(),
            });
            (accs.len() - 1) as u32
        });
        entity_of.push(e);
        let acc = &mut accs[e as usize];
        match name_slot.entry((e, link.name)) {
            std::collections::hash_map::Entry::Occupied(slot) => acc.names[*slot.get()].1 += 1,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(acc.names.len());
                acc.names.push((link.name, 1));
            }
        }
        let (mentions, aliases, _) = table.names_of(link);
        for &a in mentions.iter().chain(aliases) {
            if seen_alias.insert((e, a)) {
                acc.aliases.push(a);
            }
        }
    }
    drop((name_slot, seen_alias));

    // 3. Readable ids, unique: `kind:slug`, with `-2`, `-3` … on a clash, in identity order
    // (kind, then key).
    let mut order: Vec<u32> = (0..accs.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (accs[a as usize].ident, accs[b as usize].ident);
        (a >> 32)
            .cmp(&(b >> 32))
            .then_with(|| keys.get(a as u32).cmp(keys.get(b as u32)))
    });
    let mut taken: HashSet<String> = HashSet::new();
    let mut entities: Vec<(u32, Node)> = Vec::with_capacity(accs.len());
    for &e in &order {
        let acc = &accs[e as usize];
        let mut best = &acc.names[0];
        for n in &acc.names {
            if n.1 > best.1 {
                best = n;
            }
        }
        let kind = EntityKind::ALL[(acc.ident >> 32) as usize];
        let name = names.get(best.0).to_owned();
        let base = format!("{}:{}", kind.as_str(), slug(&name));
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let aliases = acc
            .aliases
            .iter()
            .map(|&a| names.get(a))
            .filter(|a| *a != name)
            .map(str::to_owned)
            .collect();
        entities.push((
            e,
            Node {
                id,
                data: NodeData::Entity(EntityNode {
                    kind,
                    name,
                    aliases,
                }),
            },
        ));
    }
    drop(taken);
    drop(accs);
    entities.sort_by(|(_, a), (_, b)| {
        let ka = a.entity().map(|e| e.kind);
        let kb = b.entity().map(|e| e.kind);
        ka.cmp(&kb).then_with(|| a.id.cmp(&b.id))
    });

    // 4. Nodes: papers in input order, then entities; then one edge per paper–entity pair.
    let paper_count = papers.len();
    let mut graph = KnowledgeGraph::with_capacity(paper_count + entities.len(), entity_of.len());
    let paper_nodes: Vec<_> = papers
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            // A title that is some link's evidence is held once, by the node and the edges.
            let title = match table.title_sentence(i) {
                Some(sentence) if **sentence == *p.title => sentence.clone(),
                _ => p.title.into(),
            };
            graph.add_node(Node {
                id: format!("paper:{}", p.id),
                data: NodeData::Paper(PaperNode {
                    paper_id: p.id,
                    title,
                    year: p.year,
                    authors: p.authors,
                    url: p.url,
                }),
            })
        })
        .collect();
    let mut node_of = vec![NodeIndex::end(); entities.len()];
    for (e, node) in entities {
        node_of[e as usize] = graph.add_node(node);
    }
    let mut log = Vec::new();
    let mut next = entity_of.iter();
    // The links are freed chunk by chunk as their edges are made, so that links and edges
    // are not both held in full.
    let mut uses = table.chunk_uses();
    for (p, paper) in paper_nodes.iter().enumerate() {
        let mut edges: Vec<(NodeIndex, Edge, EntityKind, Role)> = Vec::new();
        for link in table.packed(p) {
            let e = *next.next().expect("one entity per link");
            let target = node_of[e as usize];
            if merge_log {
                let node = graph.node(target);
                let canonical = node.label();
                let paper_id = graph.node(*paper).paper().map_or("", |p| &p.paper_id);
                let mut record = |merged: &str, rule: MergeRule| {
                    log.push(MergeRecord {
                        entity: node.id.clone(),
                        canonical: canonical.to_owned(),
                        merged: merged.to_owned(),
                        rule,
                        paper: paper_id.to_owned(),
                    });
                };
                let name = names.get(link.name);
                if name != canonical {
                    let rule = if identity(link) as u32 == key_of[link.name as usize] {
                        MergeRule::Variant
                    } else {
                        MergeRule::CorpusAlias
                    };
                    record(name, rule);
                }
                for (m, rule) in links::merges(table.names_of(link).2) {
                    let m = names.get(m);
                    if m != canonical {
                        record(m, rule);
                    }
                }
            }
            match edges.iter_mut().find(|(t, ..)| *t == target) {
                Some((_, edge, kind, role)) => {
                    edge.mentions = edge.mentions.saturating_add(link.count());
                    edge.confidence = edge.confidence.max(link.confidence);
                    if link.role == Role::Introduced {
                        *role = Role::Introduced;
                        edge.relation = Relation::for_link(*kind, *role);
                    }
                }
                None => edges.push((
                    target,
                    Edge {
                        relation: Relation::for_link(link.kind, link.role),
                        mentions: link.count(),
                        confidence: link.confidence,
                        evidence: Some(link.evidence()),
                    },
                    link.kind,
                    link.role,
                )),
            }
        }
        for (target, edge, ..) in edges {
            graph.add_edge(*paper, target, edge);
        }
        table.release(p, &mut uses);
    }
    (graph, log)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Evidence, Field};

    fn paper(id: &str) -> Paper {
        Paper {
            id: id.into(),
            title: format!("Title {id}"),
            abstract_text: String::new(),
            year: None,
            authors: vec![],
            url: None,
            source: Default::default(),
        }
    }

    fn link(kind: EntityKind, name: &str, aliases: &[&str]) -> EntityLink {
        EntityLink {
            kind,
            name: name.into(),
            mentions: vec![name.into()],
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            role: Role::Used,
            count: 1,
            confidence: Default::default(),
            evidence: Evidence {
                field: Field::Abstract,
                sentence: "s".into(),
                start: 0,
                end: 1,
            },
            rule: None,
            facts: None,
            merges: vec![],
        }
    }

    #[test]
    fn shared_entities_become_one_node_and_aliases_resolve() {
        let papers = [paper("a"), paper("b"), paper("c")];
        let links = vec![
            vec![link(EntityKind::Method, "sparse autoencoders", &["SAEs"])],
            vec![
                link(EntityKind::Method, "SAE", &[]),
                link(EntityKind::Dataset, "ImageNet", &[]),
            ],
            vec![link(EntityKind::Dataset, "imagenet", &[])],
        ];
        let g = build_from_links(&papers, &links);
        assert_eq!(g.paper_count(), 3);
        assert_eq!(g.entity_count(EntityKind::Method), 1);
        assert_eq!(g.entity_count(EntityKind::Dataset), 1);
        assert_eq!(g.edge_count(), 4);
        let ids: Vec<&str> = g.nodes().map(|(_, n)| n.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "paper:a",
                "paper:b",
                "paper:c",
                "dataset:imagenet",
                "method:sparse-autoencoders"
            ]
        );
    }

    #[test]
    fn merge_log_names_the_rule() {
        let papers = [paper("a"), paper("b")];
        let links = vec![
            vec![link(EntityKind::Method, "sparse autoencoders", &["SAEs"])],
            vec![
                link(EntityKind::Method, "SAE", &[]),
                link(EntityKind::Method, "Sparse Autoencoder", &[]),
            ],
        ];
        let (_, log) = build_with_merge_log(&papers, &links);
        let rows: Vec<(&str, &str, &str, &str)> = log
            .iter()
            .map(|r| {
                (
                    r.entity.as_str(),
                    r.merged.as_str(),
                    r.rule.as_str(),
                    r.paper.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("method:sparse-autoencoders", "SAE", "corpus-alias", "b"),
                (
                    "method:sparse-autoencoders",
                    "Sparse Autoencoder",
                    "variant",
                    "b"
                ),
            ]
        );
    }

    #[test]
    fn ambiguous_alias_joins_nothing() {
        let papers = [paper("a"), paper("b"), paper("c")];
        let links = vec![
            vec![link(EntityKind::Method, "sparse autoencoder", &["SAE"])],
            vec![link(EntityKind::Method, "stacked autoencoder", &["SAE"])],
            vec![link(EntityKind::Method, "SAE", &[])],
        ];
        let g = build_from_links(&papers, &links);
        assert_eq!(g.entity_count(EntityKind::Method), 3);
    }

    #[test]
    fn most_frequent_name_wins_and_other_spellings_become_aliases() {
        let papers = [paper("a"), paper("b"), paper("c")];
        let links = vec![
            vec![link(EntityKind::Model, "GPT2", &[])],
            vec![link(EntityKind::Model, "GPT-2", &[])],
            vec![link(EntityKind::Model, "GPT-2", &[])],
        ];
        let g = build_from_links(&papers, &links);
        let (_, node) = g.nodes().nth(3).unwrap();
        assert_eq!(node.id, "model:gpt-2");
        assert_eq!(node.entity().unwrap().aliases, ["GPT2"]);
    }
}
