//! Building the graph, and resolving entities across papers.
//!
//! Within a paper, [`crate::extract::resolve`] has already merged mentions into entities.
//! Across papers, two links are the same entity when they have the same kind and the same
//! [`entity_key`] of their names, or when one's name is a defined alias of exactly one other
//! entity of that kind (`SAE` where another paper wrote `sparse autoencoders (SAEs)`). An alias
//! claimed by two different entities is ambiguous and joins nothing.

use super::{Edge, EntityNode, KnowledgeGraph, Node, NodeData, PaperNode, Relation};
use crate::extract::normalize::slug;
use crate::extract::{EntityKind, EntityLink, Extractors, MergeRule, Role, entity_key};
use crate::paper::Paper;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Extracts every paper's entities (in parallel) and builds the graph.
pub fn build(papers: &[Paper], extractors: &Extractors) -> KnowledgeGraph {
    let links: Vec<Vec<EntityLink>> = papers.par_iter().map(|p| extractors.extract(p)).collect();
    build_owned(papers.to_vec(), links, false).0
}

type Identity = (EntityKind, String);

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

/// Like [`build_with_merge_log`], taking the papers and links by value: each paper's metadata
/// moves into its node and each link's evidence into its edge, and a paper's links are freed
/// once its edges exist, so a large corpus is not held twice. The merge log is only gathered
/// when `merge_log` is set (empty otherwise).
pub fn build_owned(
    papers: Vec<Paper>,
    links: Vec<Vec<EntityLink>>,
    merge_log: bool,
) -> (KnowledgeGraph, Vec<MergeRecord>) {
    // 1. Aliases that point at exactly one entity of their kind.
    let mut alias_of: HashMap<Identity, Option<Identity>> = HashMap::new();
    for link in links.iter().flatten() {
        let id = (link.kind, entity_key(&link.name));
        for alias in &link.aliases {
            let key = (link.kind, entity_key(alias));
            if key == id || key.1.is_empty() {
                continue;
            }
            alias_of
                .entry(key)
                .and_modify(|v| {
                    if v.as_ref() != Some(&id) {
                        *v = None; // claimed by two entities: ambiguous
                    }
                })
                .or_insert_with(|| Some(id.clone()));
        }
    }
    // A link's identity: its own key, followed through unambiguous aliases (a few steps at
    // most, so that a cycle of aliases cannot loop).
    let identity = |link: &EntityLink| -> Identity {
        let mut id = (link.kind, entity_key(&link.name));
        for _ in 0..4 {
            match alias_of.get(&id) {
                Some(Some(target)) if *target != id => id = target.clone(),
                _ => break,
            }
        }
        id
    };

    // 2. Per identity: names by frequency (first seen wins ties) and every other name seen.
    struct Acc {
        names: Vec<(String, usize)>,
        aliases: Vec<String>,
    }
    let mut accs: BTreeMap<Identity, Acc> = BTreeMap::new();
    for link in links.iter().flatten() {
        let acc = accs.entry(identity(link)).or_insert_with(|| Acc {
            names: Vec::new(),
            aliases: Vec::new(),
        });
        match acc.names.iter_mut().find(|(n, _)| *n == link.name) {
            Some((_, c)) => *c += 1,
            None => acc.names.push((link.name.clone(), 1)),
        }
        for a in link.mentions.iter().chain(&link.aliases) {
            if !acc.aliases.contains(a) {
                acc.aliases.push(a.clone());
            }
        }
    }

    // 3. Readable ids, unique: `kind:slug`, with `-2`, `-3` … on a clash, in identity order.
    let mut ids: HashMap<Identity, String> = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut entities: Vec<Node> = Vec::with_capacity(accs.len());
    for (ident, acc) in &accs {
        let mut best = &acc.names[0];
        for n in &acc.names {
            if n.1 > best.1 {
                best = n;
            }
        }
        let name = best.0.clone();
        let base = format!("{}:{}", ident.0.as_str(), slug(&name));
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        ids.insert(ident.clone(), id.clone());
        let aliases = acc
            .aliases
            .iter()
            .filter(|a| **a != name)
            .cloned()
            .collect();
        entities.push(Node {
            id,
            data: NodeData::Entity(EntityNode {
                kind: ident.0,
                name,
                aliases,
            }),
        });
    }
    entities.sort_by(|a, b| {
        let ka = a.entity().map(|e| e.kind);
        let kb = b.entity().map(|e| e.kind);
        ka.cmp(&kb).then_with(|| a.id.cmp(&b.id))
    });

    // 4. Nodes: papers in input order, then entities; then one edge per paper–entity pair.
    let link_count = links.iter().map(Vec::len).sum();
    let mut graph = KnowledgeGraph::with_capacity(papers.len() + entities.len(), link_count);
    let paper_nodes: Vec<_> = papers
        .into_iter()
        .map(|p| {
            graph.add_node(Node {
                id: format!("paper:{}", p.id),
                data: NodeData::Paper(PaperNode {
                    paper_id: p.id,
                    title: p.title,
                    year: p.year,
                    authors: p.authors,
                    url: p.url,
                }),
            })
        })
        .collect();
    for node in entities {
        graph.add_node(node);
    }
    let mut log = Vec::new();
    for (paper, paper_links) in paper_nodes.iter().zip(links) {
        let mut edges: Vec<(petgraph::graph::NodeIndex, Edge, EntityKind, Role)> = Vec::new();
        for link in paper_links {
            let ident = identity(&link);
            let node_id = &ids[&ident];
            let target = graph.find(node_id).expect("every identity has a node");
            if merge_log {
                let canonical = graph.node(target).label();
                let paper_id = graph.node(*paper).paper().map_or("", |p| &p.paper_id);
                let mut record = |merged: &str, rule: MergeRule| {
                    log.push(MergeRecord {
                        entity: node_id.clone(),
                        canonical: canonical.to_owned(),
                        merged: merged.to_owned(),
                        rule,
                        paper: paper_id.to_owned(),
                    });
                };
                if link.name != canonical {
                    let rule = if ident.1 == entity_key(&link.name) {
                        MergeRule::Variant
                    } else {
                        MergeRule::CorpusAlias
                    };
                    record(&link.name, rule);
                }
                for m in &link.merges {
                    if m.name != canonical {
                        record(&m.name, m.rule);
                    }
                }
            }
            match edges.iter_mut().find(|(t, ..)| *t == target) {
                Some((_, edge, kind, role)) => {
                    edge.mentions += link.count;
                    if link.role == Role::Introduced {
                        *role = Role::Introduced;
                        edge.relation = Relation::for_link(*kind, *role);
                    }
                }
                None => edges.push((
                    target,
                    Edge {
                        relation: Relation::for_link(link.kind, link.role),
                        mentions: link.count,
                        evidence: Some(link.evidence),
                    },
                    link.kind,
                    link.role,
                )),
            }
        }
        for (target, edge, ..) in edges {
            graph.add_edge(*paper, target, edge);
        }
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
            evidence: Evidence {
                field: Field::Abstract,
                sentence: "s".into(),
                start: 0,
                end: 1,
            },
            rule: None,
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
