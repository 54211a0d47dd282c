//! Building the graph, and resolving entities across papers.
//!
//! Within a paper, [`crate::extract::resolve`] has already merged mentions into entities.
//! Across papers, two links are the same entity when they have the same kind and the same
//! [`entity_key`] of their names, or when one's name is a defined alias of exactly one other
//! entity of that kind (`SAE` where another paper wrote `sparse autoencoders (SAEs)`). An alias
//! claimed by two different entities is ambiguous and joins nothing.

use super::links::{self, Interner, LinkTable, Packed};
use super::near;
use super::{Edge, EntityNode, KnowledgeGraph, Node, NodeData, PaperNode, Relation};
use crate::extract::normalize::slug;
use crate::extract::{EntityKind, EntityLink, Extractors, MergeRule, Role, sense_key};
use crate::paper::Paper;
use crate::thesaurus::{Action, EntityRef, Entry, Thesaurus};
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

/// Each paper's links as the graph resolves them across the corpus (and the thesaurus
/// corrects them): every link takes its entity node's kind and name, links of one paper that
/// became one node are one link (mentions, aliases and counts together; introduced if either
/// was), and a link the thesaurus drops is gone. What `paperkg extract` prints, so that its
/// names are the graph's node names. `links[i]` belongs to `papers[i]`.
pub fn resolve_links(
    papers: &[Paper],
    links: Vec<Vec<EntityLink>>,
    thesaurus: Option<&Thesaurus>,
) -> crate::Result<Vec<Vec<EntityLink>>> {
    let mut table = LinkTable::new();
    for l in &links {
        table.push(l.clone());
    }
    let options = BuildOptions {
        thesaurus,
        link_nodes: true,
        ..BuildOptions::default()
    };
    let built = build_table_with(papers.to_vec(), table, &options)?;
    let mut nodes = built.link_nodes.into_iter();
    Ok(links
        .into_iter()
        .map(|paper_links| {
            let mut out: Vec<(NodeIndex, EntityLink)> = Vec::with_capacity(paper_links.len());
            for mut link in paper_links {
                let Some(node) = nodes.next().flatten() else {
                    continue;
                };
                let entity = built.graph.node(node).entity().expect("an entity node");
                if !link.mentions.contains(&link.name) {
                    link.mentions.insert(0, link.name.clone());
                }
                match out.iter_mut().find(|(n, _)| *n == node) {
                    Some((_, first)) => {
                        for m in link.mentions {
                            if !first.mentions.contains(&m) {
                                first.mentions.push(m);
                            }
                        }
                        for a in link.aliases {
                            if !first.aliases.contains(&a) {
                                first.aliases.push(a);
                            }
                        }
                        first.count = first.count.saturating_add(link.count);
                        first.confidence = first.confidence.max(link.confidence);
                        if link.role == Role::Introduced {
                            first.role = Role::Introduced;
                        }
                    }
                    None => {
                        link.kind = entity.kind;
                        link.name = entity.name.clone();
                        out.push((node, link));
                    }
                }
            }
            out.into_iter().map(|(_, l)| l).collect()
        })
        .collect())
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
    /// The paper where the merge happened (empty for what concerns the whole corpus:
    /// thesaurus actions and entities kept apart).
    pub paper: String,
    /// Why, in words, where the rule alone does not say it.
    pub note: String,
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
    table: LinkTable,
    merge_log: bool,
) -> (KnowledgeGraph, Vec<MergeRecord>) {
    let options = BuildOptions {
        merge_log,
        ..BuildOptions::default()
    };
    let built = build_table_with(papers, table, &options).expect("no thesaurus, no error");
    (built.graph, built.merges)
}

/// How [`build_table_with`] resolves entities and what it returns besides the graph.
#[derive(Debug, Default, Clone, Copy)]
pub struct BuildOptions<'a> {
    /// Gather the merge log.
    pub merge_log: bool,
    /// The user's corrections, applied after the automatic resolution.
    pub thesaurus: Option<&'a Thesaurus>,
    /// Return every link's entity node ([`Built::link_nodes`]).
    pub link_nodes: bool,
}

/// What [`build_table_with`] returns.
#[derive(Debug)]
pub struct Built {
    /// The graph.
    pub graph: KnowledgeGraph,
    /// Every merge, retyping, thesaurus action and kept-apart pair (with
    /// [`BuildOptions::merge_log`]).
    pub merges: Vec<MergeRecord>,
    /// With [`BuildOptions::link_nodes`]: each link's entity node, papers in order and each
    /// paper's links in order; `None` for a link the thesaurus dropped.
    pub link_nodes: Vec<Option<NodeIndex>>,
}

/// Whether a name is an acronym in capitals (`SAM`, `MAE`, `SFT-2`): such a name may stand
/// for different things in different papers, so it never joins an entity of another kind.
fn is_capital_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (2..=8).contains(&letters)
        && name.chars().count() <= 10
        && name
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '&'))
}

/// A tiny union-find over entity numbers; the smaller number stays the root.
struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut i: u32) -> u32 {
        while self.0[i as usize] != i {
            let up = self.0[self.0[i as usize] as usize];
            self.0[i as usize] = up;
            i = up;
        }
        i
    }

    fn union(&mut self, a: u32, b: u32) -> u32 {
        let (a, b) = (self.find(a), self.find(b));
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        self.0[hi as usize] = lo;
        lo
    }
}

/// What is known of a group of identities when near names are joined.
#[derive(Clone, Copy, Default)]
struct Totals {
    links: u32,
    weight: u64,
    introduced: bool,
}

impl Totals {
    /// How well attested the group is: links, then the weight of their confidence.
    fn evidence(self) -> (u32, u64) {
        (self.links, self.weight)
    }
}

/// Joins whole groups of identities into others after the first pass of resolution (near
/// names, the thesaurus), keeping what the name and the merge log of each group need: its
/// members, and which of them may name it (a joined group's names become aliases of the
/// group it joined).
struct Merger {
    /// The members of every group of more than one identity, by root.
    members: FxHashMap<u32, Vec<u32>>,
    /// Identities whose names no longer name their group.
    demoted: FxHashSet<u32>,
    /// Each group's totals, by root (kept by the near-name pass only).
    totals: FxHashMap<u32, Totals>,
}

impl Merger {
    fn new(uf: &mut UnionFind, n: u32) -> Merger {
        let mut members: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for e in 0..n {
            let root = uf.find(e);
            if root != e {
                members.entry(root).or_insert_with(|| vec![root]).push(e);
            }
        }
        Merger {
            members,
            demoted: FxHashSet::default(),
            totals: FxHashMap::default(),
        }
    }

    /// A member of the group of `root` whose names may name it.
    fn namer(&self, root: u32) -> u32 {
        self.members
            .get(&root)
            .and_then(|m| m.iter().find(|e| !self.demoted.contains(e)))
            .copied()
            .unwrap_or(root)
    }

    /// Joins the group of `weak` into the group of `strong`, which keeps its kind and its
    /// name; `weak`'s members record `rule` (the thesaurus's replaces any earlier rule).
    /// The new root, or `None` when they are one group already.
    fn join(
        &mut self,
        uf: &mut UnionFind,
        why: &mut [Option<MergeRule>],
        kinds: &mut FxHashMap<u32, EntityKind>,
        weak: u32,
        strong: u32,
        rule: MergeRule,
    ) -> Option<u32> {
        let (rw, rs) = (uf.find(weak), uf.find(strong));
        if rw == rs {
            return None;
        }
        let kind = kinds[&rs];
        let mut joined = self.members.remove(&rw).unwrap_or_else(|| vec![rw]);
        for &m in &joined {
            self.demoted.insert(m);
            if rule == MergeRule::Thesaurus {
                why[m as usize] = Some(rule);
            } else {
                why[m as usize].get_or_insert(rule);
            }
        }
        joined.extend(self.members.remove(&rs).unwrap_or_else(|| vec![rs]));
        let root = uf.union(rw, rs);
        self.members.insert(root, joined);
        kinds.insert(root, kind);
        if let (Some(tw), Some(ts)) = (self.totals.get(&rw).copied(), self.totals.get(&rs).copied())
        {
            self.totals.insert(
                root,
                Totals {
                    links: tw.links + ts.links,
                    weight: tw.weight + ts.weight,
                    introduced: tw.introduced || ts.introduced,
                },
            );
        }
        Some(root)
    }
}

/// Like [`build_table`], with a thesaurus and the link → node map on request. Fails only on
/// thesaurus lines that match no entity or several (every such line is named).
pub fn build_table_with(
    papers: Vec<Paper>,
    mut table: LinkTable,
    options: &BuildOptions<'_>,
) -> crate::Result<Built> {
    let merge_log = options.merge_log;
    let names = std::mem::take(&mut table.names);
    let names = &names;
    // The key of every name, interned (a key is shared by the spellings of one name).
    let mut keys = Interner::default();
    let key_of: Vec<u32> = (0..names.len())
        .map(|i| keys.intern(&sense_key(names.get(i as u32))))
        .collect();
    let empty_key = keys.intern("");
    let all_links = || (0..papers.len()).flat_map(|p| table.packed(p));

    // 1. Aliases that point at exactly one entity of their kind (None: claimed by two), and
    // across kinds. The claims are kept for the merge log's kept-apart lines.
    let mut alias_of: FxHashMap<Ident, Option<Ident>> = FxHashMap::default();
    let mut any_kind_alias: FxHashMap<u32, Option<Ident>> = FxHashMap::default();
    let mut claims: FxHashMap<Ident, Vec<Ident>> = FxHashMap::default();
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
            any_kind_alias
                .entry(key)
                .and_modify(|v| {
                    if *v != Some(id) {
                        *v = None;
                    }
                })
                .or_insert(Some(id));
            if merge_log {
                let c = claims.entry(alias).or_default();
                if !c.contains(&id) {
                    c.push(id);
                }
            }
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

    // 2. Per identity: names by frequency (first seen wins ties), every other name seen, and
    // the weight of evidence for its kind (the links' confidence). `ident_of` holds each
    // link's identity number, in paper order.
    struct Acc {
        ident: Ident,
        names: Vec<(u32, usize)>,
        aliases: Vec<u32>,
        weight: u64,
        links: u32,
        introduced: bool,
    }
    let mut accs: Vec<Acc> = Vec::new();
    let mut by_ident: FxHashMap<Ident, u32> = FxHashMap::default();
    let mut name_slot: FxHashMap<(u32, u32), usize> = FxHashMap::default();
    let mut seen_alias: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut ident_of: Vec<u32> = Vec::with_capacity(table.link_count());
    for link in all_links() {
        let id = identity(link);
        let e = *by_ident.entry(id).or_insert_with(|| {
            accs.push(Acc {
                ident: id,
                names: Vec::new(),
                aliases: Vec::new(),
                weight: 0,
                links: 0,
                introduced: false,
            });
            (accs.len() - 1) as u32
        });
        ident_of.push(e);
        let acc = &mut accs[e as usize];
        acc.weight += u64::from(link.confidence.thousandths());
        acc.links += 1;
        acc.introduced |= link.role == Role::Introduced;
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
    let best_name = |acc: &Acc| -> u32 {
        let mut best = &acc.names[0];
        for n in &acc.names {
            if n.1 > best.1 {
                best = n;
            }
        }
        best.0
    };
    let kind_of = |id: Ident| EntityKind::ALL[(id >> 32) as usize];

    // 3. One entity, one kind: the same name under several kinds, or a name that another
    // kind's entity defined as its alias, is one entity, unless the name is an acronym in
    // capitals (which may stand for different things).
    let mut uf = UnionFind((0..accs.len() as u32).collect());
    let mut why: Vec<Option<MergeRule>> = vec![None; accs.len()];
    let mut kept_apart: Vec<(u32, u32, &'static str)> = Vec::new();
    {
        let mut by_key: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for (e, acc) in accs.iter().enumerate() {
            by_key.entry(acc.ident as u32).or_default().push(e as u32);
        }
        for (e, acc) in accs.iter().enumerate() {
            let e = e as u32;
            let same_key = &by_key[&(acc.ident as u32)];
            let acronym = is_capital_acronym(names.get(best_name(acc)));
            if same_key.len() > 1 && same_key[0] != e {
                if acronym {
                    kept_apart.push((
                        same_key[0],
                        e,
                        "an acronym in capitals under two kinds may name two things",
                    ));
                } else {
                    uf.union(same_key[0], e);
                    why[e as usize] = Some(MergeRule::Retyped);
                }
            }
            if let Some(Some(target)) = any_kind_alias.get(&(acc.ident as u32))
                && kind_of(*target) != kind_of(acc.ident)
                && let Some(&t) = by_ident.get(target)
            {
                if acronym {
                    kept_apart.push((
                        t,
                        e,
                        "an acronym in capitals is not joined to an entity of another kind",
                    ));
                } else if uf.find(t) != uf.find(e) {
                    uf.union(t, e);
                    why[e as usize].get_or_insert(MergeRule::CorpusAlias);
                }
            }
        }
    }
    // Each group's kind: the one with the most evidence (then the most papers, then the
    // first kind in display order).
    let group_kind = |uf: &mut UnionFind, accs: &[Acc]| -> FxHashMap<u32, EntityKind> {
        let mut weights: FxHashMap<u32, [(u64, u32); 5]> = FxHashMap::default();
        for (e, acc) in accs.iter().enumerate() {
            let root = uf.find(e as u32);
            let w = &mut weights.entry(root).or_insert([(0, 0); 5])[(acc.ident >> 32) as usize];
            w.0 += acc.weight;
            w.1 += acc.links;
        }
        weights
            .into_iter()
            .map(|(root, w)| {
                let mut best = 0;
                for k in 1..5 {
                    if w[k] > w[best] {
                        best = k;
                    }
                }
                (root, EntityKind::ALL[best])
            })
            .collect()
    };
    let mut kinds = group_kind(&mut uf, &accs);

    // 3b. Near names: a misspelt proper name joins the better attested spelling, and a name
    // narrowed by a qualifier that makes no other entity joins the entity other papers name
    // (not where its own paper names both). Only within one kind; the better attested side
    // names the group (the joined side's entities are `demoted`: their names become aliases).
    let mut merger = Merger::new(&mut uf, accs.len() as u32);
    {
        for (e, acc) in accs.iter().enumerate() {
            let t = merger.totals.entry(uf.find(e as u32)).or_default();
            t.links += acc.links;
            t.weight += acc.weight;
            t.introduced |= acc.introduced;
        }
        let totals = |merger: &Merger, uf: &mut UnionFind, e: u32| merger.totals[&uf.find(e)];
        // Misspellings: proper names one lower-case letter apart, the rarer in at most two
        // links (a spelling three papers write is a name of its own) and introduced by no
        // paper (SpaBERT is not SpanBERT misspelt). Equal attestation says nothing of which
        // is the slip: such pairs stay apart. Pairs are joined best attested first, so the
        // outcome does not depend on the order of the papers.
        let mut index: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut spellings: Vec<(u32, String)> = Vec::new();
        for (e, acc) in accs.iter().enumerate() {
            if let Some(s) = near::spelling(names.get(best_name(acc))) {
                index
                    .entry(near::spelling_key(&s))
                    .or_default()
                    .push(e as u32);
                spellings.push((e as u32, s));
            }
        }
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (long, s) in &spellings {
            for key in near::slips(s) {
                for &short in index.get(&key).map_or(&[][..], Vec::as_slice) {
                    let (rl, rs) = (uf.find(*long), uf.find(short));
                    if rl == rs || kinds[&rl] != kinds[&rs] {
                        continue;
                    }
                    match merger.totals[&rl]
                        .evidence()
                        .cmp(&merger.totals[&rs].evidence())
                    {
                        std::cmp::Ordering::Greater => pairs.push((short, *long)),
                        std::cmp::Ordering::Less => pairs.push((*long, short)),
                        std::cmp::Ordering::Equal => {}
                    }
                }
            }
        }
        drop((index, spellings));
        let name_of = |e: u32| names.get(best_name(&accs[e as usize]));
        pairs.sort_by(|&(wa, sa), &(wb, sb)| {
            let (ta, tb) = (totals(&merger, &mut uf, sa), totals(&merger, &mut uf, sb));
            tb.evidence()
                .cmp(&ta.evidence())
                .then_with(|| name_of(sa).cmp(name_of(sb)))
                .then_with(|| name_of(wa).cmp(name_of(wb)))
        });
        for (weak, strong) in pairs {
            let t = totals(&merger, &mut uf, weak);
            if t.links <= 2 && !t.introduced {
                merger.join(
                    &mut uf,
                    &mut why,
                    &mut kinds,
                    weak,
                    strong,
                    MergeRule::Misspelling,
                );
            }
        }

        // Narrowed names: tasks and methods no paper introduces, in at most two links and
        // in no more than the broader entity (the most specific broader name that exists).
        let mut narrowed: Vec<(u32, u32)> = Vec::new();
        for (e, acc) in accs.iter().enumerate() {
            let e = e as u32;
            let root = uf.find(e);
            let kind = kinds[&root];
            let t = merger.totals[&root];
            if t.introduced || !matches!(kind, EntityKind::Task | EntityKind::Method) || t.links > 2
            {
                continue;
            }
            let name = names.get(best_name(acc));
            let head = near::broader_names(name, kind == EntityKind::Method)
                .into_iter()
                .filter_map(|broader| keys.find(&sense_key(broader)))
                .find_map(|key| {
                    EntityKind::ALL.iter().find_map(|&k| {
                        let &h = by_ident.get(&ident(k, key))?;
                        let rh = uf.find(h);
                        (rh != root && kinds[&rh] == kind && merger.totals[&rh].links >= t.links)
                            .then_some(h)
                    })
                });
            if let Some(h) = head {
                narrowed.push((e, h));
            }
        }
        if !narrowed.is_empty() {
            // The papers of each narrowed name's group, and every entity of those papers.
            let roots: FxHashSet<u32> = narrowed.iter().map(|&(e, _)| uf.find(e)).collect();
            let mut papers_of: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
            let mut link = 0;
            for p in 0..papers.len() as u32 {
                for _ in table.packed(p as usize) {
                    let root = uf.find(ident_of[link]);
                    if roots.contains(&root) {
                        papers_of.entry(root).or_default().push(p);
                    }
                    link += 1;
                }
            }
            let wanted: FxHashSet<u32> = papers_of.values().flatten().copied().collect();
            let mut in_paper: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
            let mut link = 0;
            for p in 0..papers.len() as u32 {
                for _ in table.packed(p as usize) {
                    if wanted.contains(&p) {
                        in_paper.entry(p).or_default().push(ident_of[link]);
                    }
                    link += 1;
                }
            }
            let mut narrowed: Vec<(u32, u32, u32)> = narrowed
                .into_iter()
                .map(|(e, h)| (e, h, uf.find(e)))
                .collect();
            narrowed.sort_by(|a, b| {
                name_of(a.0)
                    .cmp(name_of(b.0))
                    .then_with(|| name_of(a.1).cmp(name_of(b.1)))
            });
            for (e, h, root) in narrowed {
                let rh = uf.find(h);
                let both = papers_of[&root]
                    .iter()
                    .any(|p| in_paper[p].iter().any(|&a| uf.find(a) == rh));
                if !both {
                    merger.join(&mut uf, &mut why, &mut kinds, e, h, MergeRule::Narrowed);
                }
            }
        }
    }

    // 4. The thesaurus: merges first, then renames and retypes, then drops.
    let mut forced_name: FxHashMap<u32, String> = FxHashMap::default();
    let mut forced_kind: FxHashMap<u32, EntityKind> = FxHashMap::default();
    let mut dropped: FxHashSet<u32> = FxHashSet::default();
    let mut actions: Vec<(u32, String, String)> = Vec::new();
    if let Some(thesaurus) = options.thesaurus {
        // Group roots by the keys of their names, then of their other names. The entities
        // under each key are indexed once, so a long thesaurus costs no scan of every entity
        // per line.
        let mut errors = Vec::new();
        let mut named_by: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        let mut aliased_by: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        let index = |by: &mut FxHashMap<u32, Vec<u32>>, name: u32, e: u32| {
            let list = by.entry(key_of[name as usize]).or_default();
            if list.last() != Some(&e) {
                list.push(e);
            }
        };
        for (e, acc) in accs.iter().enumerate() {
            for &(n, _) in &acc.names {
                index(&mut named_by, n, e as u32);
            }
            for &a in &acc.aliases {
                index(&mut aliased_by, a, e as u32);
            }
        }
        let find =
            |uf: &mut UnionFind, kinds: &FxHashMap<u32, EntityKind>, r: &EntityRef| -> Vec<u32> {
                let Some(key) = keys.find(&r.key) else {
                    return Vec::new();
                };
                // In entity order, each root once, of the kind asked for.
                let roots = |uf: &mut UnionFind, list: Option<&Vec<u32>>| {
                    let mut out: Vec<u32> = Vec::new();
                    for &e in list.into_iter().flatten() {
                        let root = uf.find(e);
                        if r.kind.is_none_or(|k| kinds[&root] == k) && !out.contains(&root) {
                            out.push(root);
                        }
                    }
                    out
                };
                let by_name = roots(uf, named_by.get(&key));
                if by_name.is_empty() {
                    roots(uf, aliased_by.get(&key))
                } else {
                    by_name
                }
            };
        // The first few entities a reference matches, with their links, counted in one pass.
        const LISTED: usize = 8;
        let describe = |uf: &mut UnionFind, kinds: &FxHashMap<u32, EntityKind>, roots: &[u32]| {
            let listed = &roots[..roots.len().min(LISTED)];
            let mut links: FxHashMap<u32, u32> = listed.iter().map(|&r| (r, 0)).collect();
            for e in 0..accs.len() as u32 {
                if let Some(n) = links.get_mut(&uf.find(e)) {
                    *n += accs[e as usize].links;
                }
            }
            let mut list = listed
                .iter()
                .map(|&r| {
                    let n = links[&r];
                    format!(
                        "{}:{} ({n} link{})",
                        kinds[&r].as_str(),
                        names.get(best_name(&accs[r as usize])),
                        crate::plural(n)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            if roots.len() > LISTED {
                list.push_str(&format!(" and {} more", roots.len() - LISTED));
            }
            list
        };
        let one = |uf: &mut UnionFind,
                   kinds: &FxHashMap<u32, EntityKind>,
                   entry: &Entry,
                   r: &EntityRef,
                   errors: &mut Vec<String>|
         -> Option<u32> {
            let found = find(uf, kinds, r);
            match found.len() {
                0 => {
                    errors.push(thesaurus.at(entry, &format!("`{r}` matches no entity")));
                    None
                }
                1 => Some(found[0]),
                // Past a hundred errors the list is left out: each costs a pass over the
                // entities, and no one reads that far.
                n if errors.len() >= 100 => {
                    errors.push(thesaurus.at(
                        entry,
                        &format!("`{r}` matches {n} entities; name one by its kind:name"),
                    ));
                    None
                }
                _ => {
                    let list = describe(uf, kinds, &found);
                    errors.push(thesaurus.at(
                        entry,
                        &format!(
                            "`{r}` matches several entities: {list}; name one by its kind:name"
                        ),
                    ));
                    None
                }
            }
        };
        for entry in &thesaurus.entries {
            if let Action::Merge(into) = &entry.action {
                let (Some(a), Some(b)) = (
                    one(&mut uf, &kinds, entry, &entry.entity, &mut errors),
                    one(&mut uf, &kinds, entry, into, &mut errors),
                ) else {
                    continue;
                };
                let Some(root) =
                    merger.join(&mut uf, &mut why, &mut kinds, a, b, MergeRule::Thesaurus)
                else {
                    continue;
                };
                actions.push((
                    root,
                    names.get(best_name(&accs[a as usize])).to_owned(),
                    entry.text(),
                ));
            }
        }
        for entry in &thesaurus.entries {
            let action = &entry.action;
            if matches!(action, Action::Merge(_)) {
                continue;
            }
            let Some(root) = one(&mut uf, &kinds, entry, &entry.entity, &mut errors) else {
                continue;
            };
            let old = names
                .get(best_name(&accs[merger.namer(root) as usize]))
                .to_owned();
            match action {
                Action::Rename(name) => {
                    forced_name.insert(root, name.clone());
                }
                Action::Retype(kind) => {
                    forced_kind.insert(root, *kind);
                }
                Action::Drop => {
                    dropped.insert(root);
                }
                Action::Merge(_) => unreachable!("merges are applied above"),
            }
            actions.push((root, old, entry.text()));
        }
        if !errors.is_empty() {
            return Err(crate::Error::Thesaurus(errors.join("\n")));
        }
        // Retypes name final groups (merges came first), one kind each (contradictions are
        // parse errors), so the order does not matter.
        for (&root, &kind) in &forced_kind {
            kinds.insert(root, kind);
        }
    }

    // 5. Groups become entities: the name the thesaurus gives, else the most frequent name of
    // the merge target or the group; every other name seen is an alias.
    let roots: Vec<u32> = (0..accs.len() as u32).map(|e| uf.find(e)).collect();
    let mut group_of_root: FxHashMap<u32, u32> = FxHashMap::default();
    struct Group {
        kind: EntityKind,
        name: String,
        key: String,
        aliases: Vec<u32>,
        dropped: bool,
    }
    let mut groups: Vec<Group> = Vec::new();
    // How often each name is written in the group, and whether an entity that may name the
    // group writes it.
    let mut counts: Vec<FxHashMap<u32, (usize, bool)>> = Vec::new();
    for (e, &root) in roots.iter().enumerate() {
        let g = *group_of_root.entry(root).or_insert_with(|| {
            groups.push(Group {
                kind: kinds[&root],
                name: String::new(),
                key: String::new(),
                aliases: Vec::new(),
                dropped: dropped.contains(&root),
            });
            counts.push(FxHashMap::default());
            (groups.len() - 1) as u32
        });
        let acc = &accs[e];
        let namer = !merger.demoted.contains(&(e as u32));
        for &(n, c) in &acc.names {
            let count = counts[g as usize].entry(n).or_insert((0, false));
            count.0 += c;
            count.1 |= namer;
        }
        let group = &mut groups[g as usize];
        for &a in acc.names.iter().map(|(n, _)| n).chain(&acc.aliases) {
            if !group.aliases.contains(&a) {
                group.aliases.push(a);
            }
        }
    }
    for (&root, &g) in &group_of_root {
        let group = &mut groups[g as usize];
        group.name = match forced_name.get(&root) {
            Some(name) => name.clone(),
            None => {
                // The most frequent name over the group that its undemoted entities write
                // (the names of a group joined into another are aliases), first seen on ties.
                let mut best: Option<(u32, usize)> = None;
                for &n in &group.aliases {
                    if let Some(&(c, true)) = counts[g as usize].get(&n)
                        && best.is_none_or(|(_, b)| c > b)
                    {
                        best = Some((n, c));
                    }
                }
                names.get(best.expect("a group has a name").0).to_owned()
            }
        };
        group.key = sense_key(&group.name);
    }
    drop(counts);

    // Readable ids, unique: `kind:slug`, with `-2`, `-3` … on a clash, in (kind, key) order.
    let mut order: Vec<u32> = (0..groups.len() as u32)
        .filter(|&g| !groups[g as usize].dropped)
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&groups[a as usize], &groups[b as usize]);
        a.kind
            .cmp(&b.kind)
            .then_with(|| a.key.cmp(&b.key))
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut taken: HashSet<String> = HashSet::new();
    let mut entities: Vec<(u32, Node)> = Vec::with_capacity(order.len());
    for &g in &order {
        let group = &groups[g as usize];
        let base = format!("{}:{}", group.kind.as_str(), slug(&group.name));
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        // Spellings that differ only in case are one alias (the first seen).
        let mut seen: FxHashSet<String> = FxHashSet::default();
        seen.insert(group.name.to_lowercase());
        let aliases = group
            .aliases
            .iter()
            .map(|&a| names.get(a))
            .filter(|a| seen.insert(a.to_lowercase()))
            .map(str::to_owned)
            .collect();
        entities.push((
            g,
            Node {
                id,
                data: NodeData::Entity(EntityNode {
                    kind: group.kind,
                    name: group.name.clone(),
                    aliases,
                    papers: 0,
                }),
            },
        ));
    }
    drop(taken);
    entities.sort_by(|(_, a), (_, b)| {
        let ka = a.entity().map(|e| e.kind);
        let kb = b.entity().map(|e| e.kind);
        ka.cmp(&kb).then_with(|| a.id.cmp(&b.id))
    });

    // 6. Nodes: papers in input order, then entities; then one edge per paper–entity pair.
    let paper_count = papers.len();
    let mut graph = KnowledgeGraph::with_capacity(paper_count + entities.len(), ident_of.len());
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
    let mut node_of = vec![None; groups.len()];
    for (g, node) in entities {
        node_of[g as usize] = Some(graph.add_node(node));
    }
    let group_of = |e: u32| group_of_root[&roots[e as usize]];
    let mut log = Vec::new();
    if merge_log {
        let entity_id = |g: u32, graph: &KnowledgeGraph| match node_of[g as usize] {
            Some(n) => graph.node(n).id.clone(),
            None => {
                let group = &groups[g as usize];
                format!("{}:{}", group.kind.as_str(), slug(&group.name))
            }
        };
        for (root, old, line) in &actions {
            let g = group_of_root[&uf.find(*root)];
            log.push(MergeRecord {
                entity: entity_id(g, &graph),
                canonical: groups[g as usize].name.clone(),
                merged: old.clone(),
                rule: MergeRule::Thesaurus,
                paper: String::new(),
                note: if groups[g as usize].dropped {
                    format!("dropped by `{}`", line.replace('\t', " "))
                } else {
                    format!("`{}`", line.replace('\t', " "))
                },
            });
        }
        for &(a, b, reason) in &kept_apart {
            let (ga, gb) = (group_of(a), group_of(b));
            if ga == gb {
                continue;
            }
            log.push(MergeRecord {
                entity: entity_id(ga, &graph),
                canonical: groups[ga as usize].name.clone(),
                merged: format!(
                    "{}:{}",
                    groups[gb as usize].kind.as_str(),
                    groups[gb as usize].name
                ),
                rule: MergeRule::KeptApart,
                paper: String::new(),
                note: reason.to_owned(),
            });
        }
        // Acronyms two entities define: a bare use joins neither.
        let mut ambiguous: Vec<(&Ident, &Vec<Ident>)> =
            claims.iter().filter(|(_, c)| c.len() > 1).collect();
        ambiguous.sort_by_key(|(id, _)| (**id >> 32, keys.get(**id as u32)));
        for (alias, claimers) in ambiguous {
            let senses: Vec<u32> = claimers
                .iter()
                .filter_map(|c| by_ident.get(c))
                .map(|&c| group_of(c))
                .collect();
            let Some(&first) = senses.first() else {
                continue;
            };
            // The acronym as some paper wrote it.
            let key = *alias as u32;
            let acronym = accs
                .iter()
                .flat_map(|a| a.aliases.iter().copied())
                .find(|&n| key_of[n as usize] == key)
                .map_or("", |n| names.get(n));
            let bare = by_ident.get(alias).map(|&b| group_of(b));
            let g = bare.unwrap_or(first);
            let others: Vec<String> = senses
                .iter()
                .filter(|&&s| s != g)
                .map(|&s| groups[s as usize].name.clone())
                .collect();
            log.push(MergeRecord {
                entity: entity_id(g, &graph),
                canonical: groups[g as usize].name.clone(),
                merged: others.join(" | "),
                rule: MergeRule::KeptApart,
                paper: String::new(),
                note: format!(
                    "papers define {acronym} for {} different entities; {}",
                    senses.len(),
                    if bare.is_some() {
                        "where it stands alone it joins none of them"
                    } else {
                        "each paper's own definition decides"
                    }
                ),
            });
        }
    }
    let mut link_nodes = Vec::new();
    let mut next = ident_of.iter();
    // The links are freed chunk by chunk as their edges are made, so that links and edges
    // are not both held in full.
    let mut uses = table.chunk_uses();
    for (p, paper) in paper_nodes.iter().enumerate() {
        let mut edges: Vec<(NodeIndex, Edge, Role)> = Vec::new();
        for link in table.packed(p) {
            let e = *next.next().expect("one entity per link");
            let g = group_of(e);
            let Some(target) = node_of[g as usize] else {
                if options.link_nodes {
                    link_nodes.push(None);
                }
                continue;
            };
            if options.link_nodes {
                link_nodes.push(Some(target));
            }
            let kind = groups[g as usize].kind;
            if merge_log {
                let node = graph.node(target);
                let canonical = node.label();
                let paper_id = graph.node(*paper).paper().map_or("", |p| &p.paper_id);
                let mut record = |merged: &str, rule: MergeRule, note: String| {
                    log.push(MergeRecord {
                        entity: node.id.clone(),
                        canonical: canonical.to_owned(),
                        merged: merged.to_owned(),
                        rule,
                        paper: paper_id.to_owned(),
                        note,
                    });
                };
                let name = names.get(link.name);
                if name != canonical || link.kind != kind {
                    let rule = match why[e as usize] {
                        Some(rule) => rule,
                        None if link.kind != kind => MergeRule::Retyped,
                        None if accs[e as usize].ident as u32 == key_of[link.name as usize] => {
                            MergeRule::Variant
                        }
                        None => MergeRule::CorpusAlias,
                    };
                    let note = if link.kind != kind {
                        format!(
                            "written as a {}; the entity is a {}",
                            link.kind.as_str(),
                            kind.as_str()
                        )
                    } else {
                        String::new()
                    };
                    record(name, rule, note);
                }
                for (m, rule) in links::merges(table.names_of(link).2) {
                    let m = names.get(m);
                    if m != canonical {
                        record(m, rule, String::new());
                    }
                }
            }
            match edges.iter_mut().find(|(t, ..)| *t == target) {
                Some((_, edge, role)) => {
                    edge.mentions = edge.mentions.saturating_add(link.count());
                    edge.confidence = edge.confidence.max(link.confidence);
                    if link.role == Role::Introduced {
                        *role = Role::Introduced;
                        edge.relation = Relation::for_link(kind, *role);
                    }
                }
                None => edges.push((
                    target,
                    Edge {
                        relation: Relation::for_link(kind, link.role),
                        mentions: link.count(),
                        confidence: link.confidence,
                        evidence: Some(link.evidence()),
                    },
                    link.role,
                )),
            }
        }
        for (target, edge, ..) in edges {
            graph.add_edge(*paper, target, edge);
        }
        table.release(p, &mut uses);
    }
    graph.count_papers();
    Ok(Built {
        graph,
        merges: log,
        link_nodes,
    })
}

/// Papers and links for tests of what is built from links.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::Paper;
    use crate::extract::{EntityKind, EntityLink, Field};

    /// A paper with an id and a title made from it, nothing else.
    pub(crate) fn paper(id: &str) -> Paper {
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

    /// A used link named once, with these aliases, certain.
    pub(crate) fn link(kind: EntityKind, name: &str, aliases: &[&str]) -> EntityLink {
        let mut l = EntityLink::new(kind, name, Field::Abstract, "s");
        l.aliases = aliases.iter().map(|s| s.to_string()).collect();
        l
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{link, paper};
    use super::*;

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

    fn entity_names(g: &KnowledgeGraph) -> Vec<String> {
        g.nodes()
            .filter_map(|(_, n)| {
                n.entity()
                    .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
            })
            .collect()
    }

    fn build_with(links: Vec<Vec<EntityLink>>, thesaurus: Option<&str>) -> crate::Result<Built> {
        let papers: Vec<Paper> = (0..links.len()).map(|i| paper(&format!("p{i}"))).collect();
        let mut table = LinkTable::new();
        for l in links {
            table.push(l);
        }
        let t = thesaurus
            .map(|t| Thesaurus::parse(std::path::Path::new("t.tsv"), t))
            .transpose()?;
        let options = BuildOptions {
            merge_log: true,
            thesaurus: t.as_ref(),
            link_nodes: true,
        };
        build_table_with(papers, table, &options)
    }

    #[test]
    fn spelling_variants_are_one_entity_and_versions_stay_apart() {
        use EntityKind::*;
        let links = vec![
            vec![
                link(Task, "probabilistic modelling", &[]),
                link(Model, "GPT-2", &[]),
                link(Dataset, "ModelNet10", &[]),
                link(Dataset, "PASCAL VOC 2007", &[]),
            ],
            vec![
                link(Task, "Probabilistic Modeling", &[]),
                link(Model, "GPT-4", &[]),
                link(Dataset, "ModelNet40", &[]),
                link(Dataset, "PASCAL VOC 2012", &[]),
                link(Task, "visual question answering (VQA)", &[]),
            ],
            vec![link(Task, "visual question answering", &["VQA"])],
        ];
        let g = build_with(links, None).unwrap().graph;
        assert_eq!(g.entity_count(Task), 2, "{:?}", entity_names(&g));
        assert_eq!(g.entity_count(Model), 2);
        assert_eq!(g.entity_count(Dataset), 4);
    }

    #[test]
    fn a_misspelling_joins_the_better_attested_name_and_near_versions_stay_apart() {
        use EntityKind::*;
        let mut typo = link(Dataset, "ImagNet-1k", &[]);
        typo.confidence = crate::extract::Confidence::new(0.5);
        let links = vec![
            vec![typo, link(Model, "ResNeXt-50", &[])],
            vec![
                link(Dataset, "ImageNet-1K", &[]),
                link(Model, "ResNet50", &[]),
                link(Dataset, "CIFAR-10", &[]),
            ],
            // A spelling three papers write is a name of its own.
            vec![link(Dataset, "MedMNIST2D", &[])],
            vec![link(Dataset, "MedMNIST2D", &[])],
            vec![link(Dataset, "MedMNIST2D", &[])],
            vec![link(Dataset, "MedMNISTe2D", &[])],
            vec![link(Dataset, "MedMNISTe2D", &[])],
            vec![link(Dataset, "MedMNISTe2D", &[])],
        ];
        let built = build_with(links, None).unwrap();
        assert_eq!(
            entity_names(&built.graph),
            [
                "model:ResNet50",
                "model:ResNeXt-50",
                "dataset:CIFAR-10",
                "dataset:ImageNet-1K",
                "dataset:MedMNIST2D",
                "dataset:MedMNISTe2D"
            ]
        );
        let merge = built
            .merges
            .iter()
            .find(|m| m.rule == MergeRule::Misspelling)
            .expect("logged");
        assert_eq!(
            (
                merge.merged.as_str(),
                merge.canonical.as_str(),
                merge.paper.as_str()
            ),
            ("ImagNet-1k", "ImageNet-1K", "p0")
        );
    }

    #[test]
    fn a_misspelling_is_decided_by_the_whole_groups_and_not_by_paper_order() {
        use EntityKind::*;
        let mut spabert = link(Model, "SpaBERT", &[]);
        spabert.role = Role::Introduced;
        let links = vec![
            // The better attested group is two kinds of one entity; its first member (the
            // group's root) writes the rarer spelling, which must not name the group.
            vec![link(Model, "Imagenet-1K", &[])],
            vec![link(Dataset, "ImageNet-1K", &[])],
            vec![link(Dataset, "ImageNet-1K", &[])],
            vec![link(Dataset, "ImagNet-1k", &[])],
            // A name a paper introduces is no slip of a near one.
            vec![spabert],
            vec![link(Model, "SpanBERT", &[])],
            vec![link(Model, "SpanBERT", &[])],
            // As well attested as each other: nothing tells which is the slip.
            vec![link(Dataset, "MedMNIST2D", &[])],
            vec![link(Dataset, "MedMNISTe2D", &[])],
        ];
        let names = |links: Vec<Vec<EntityLink>>| {
            let mut names = entity_names(&build_with(links, None).unwrap().graph);
            names.sort();
            names
        };
        let forward = names(links.clone());
        assert_eq!(
            forward,
            [
                "dataset:ImageNet-1K",
                "dataset:MedMNIST2D",
                "dataset:MedMNISTe2D",
                "model:SpaBERT",
                "model:SpanBERT"
            ]
        );
        let mut reversed = links;
        reversed.reverse();
        assert_eq!(names(reversed), forward);
        // Every member of the joined group is logged, with the rule that joined it.
        let mut unsure = link(Model, "ImagNet-1k", &[]);
        unsure.confidence = crate::extract::Confidence::new(0.3);
        let built = build_with(
            vec![
                vec![link(Dataset, "ImageNet-1K", &[])],
                vec![link(Dataset, "ImageNet-1K", &[])],
                vec![link(Dataset, "ImageNet-1K", &[])],
                vec![unsure],
                vec![link(Dataset, "ImagNet-1k", &[])],
            ],
            None,
        )
        .unwrap();
        let rules: Vec<(&str, MergeRule)> = built
            .merges
            .iter()
            .map(|m| (m.paper.as_str(), m.rule))
            .collect();
        assert_eq!(
            rules,
            [("p3", MergeRule::Misspelling), ("p4", MergeRule::Retyped)]
        );
    }

    #[test]
    fn a_narrowed_name_joins_the_broader_entity_unless_its_paper_names_both() {
        use EntityKind::*;
        let mut introduced = link(Method, "model pruning", &[]);
        introduced.role = Role::Introduced;
        let links = vec![
            vec![link(Task, "reinforcement learning", &["RL"])],
            vec![link(Task, "reinforcement learning", &[])],
            vec![
                link(Task, "online reinforcement learning", &[]),
                link(Task, "word-level language modeling", &[]),
            ],
            // Offline RL is a problem of its own.
            vec![link(Task, "offline reinforcement learning", &[])],
            // Both in one paper: two entities there, so two nodes.
            vec![
                link(Task, "language modeling", &[]),
                link(Task, "character-level language modeling", &[]),
            ],
            vec![
                link(Method, "pruning", &[]),
                link(Method, "DNN architecture pruning", &[]),
            ],
            vec![link(Method, "DNN architecture pruning", &[])],
            vec![introduced],
        ];
        let built = build_with(links, None).unwrap();
        let names = entity_names(&built.graph);
        assert_eq!(
            names,
            [
                "method:DNN architecture pruning",
                "method:model pruning",
                "method:pruning",
                "task:character-level language modeling",
                "task:language modeling",
                "task:offline reinforcement learning",
                "task:reinforcement learning",
            ],
            "{names:?}"
        );
        let narrowed: Vec<(&str, &str)> = built
            .merges
            .iter()
            .filter(|m| m.rule == MergeRule::Narrowed)
            .map(|m| (m.merged.as_str(), m.canonical.as_str()))
            .collect();
        assert_eq!(
            narrowed,
            [
                ("online reinforcement learning", "reinforcement learning"),
                ("word-level language modeling", "language modeling"),
            ]
        );
        // The papers of the whole group count: one of them names both.
        let mut unsure = link(Method, "word-level language modeling", &[]);
        unsure.confidence = crate::extract::Confidence::new(0.3);
        let built = build_with(
            vec![
                vec![link(Task, "language modeling", &[])],
                vec![link(Task, "language modeling", &[])],
                vec![link(Task, "word-level language modeling", &[])],
                vec![unsure, link(Task, "language modeling", &[])],
            ],
            None,
        )
        .unwrap();
        assert_eq!(built.graph.entity_count(Task), 2);
        // extract names the links as the graph does, and keeps what the paper wrote.
        let papers: Vec<Paper> = (0..3).map(|i| paper(&format!("p{i}"))).collect();
        let links = vec![
            vec![link(Task, "reinforcement learning", &[])],
            vec![link(Task, "reinforcement learning", &[])],
            vec![link(Task, "online reinforcement learning", &[])],
        ];
        let resolved = resolve_links(&papers, links, None).unwrap();
        assert_eq!(resolved[2][0].name, "reinforcement learning");
        assert!(
            resolved[2][0]
                .mentions
                .contains(&"online reinforcement learning".to_owned())
        );
    }

    proptest::proptest! {
        /// Near names on any text: no panic, every link lands on a node, the build is the same
        /// twice, and a name never joins an entity of another kind by these rules.
        #[test]
        fn near_names_never_panic_and_are_deterministic(
            corpus in proptest::collection::vec(
                proptest::collection::vec(
                    (0usize..5, "(online |word-level |model |LLM |vanilla |Imag|[A-Za-zé×]{0,3})?(e?Net-1[kK]|reinforcement learning|pruning|32x32|[A-Za-z0-9 é×-]{1,9})"),
                    0..4,
                ),
                1..6,
            )
        ) {
            let links: Vec<Vec<EntityLink>> = corpus
                .iter()
                .map(|paper| {
                    paper
                        .iter()
                        .map(|(k, name)| link(EntityKind::ALL[*k], name, &[]))
                        .collect()
                })
                .collect();
            let a = build_with(links.clone(), None).unwrap();
            let b = build_with(links, None).unwrap();
            proptest::prop_assert_eq!(entity_names(&a.graph), entity_names(&b.graph));
            proptest::prop_assert!(a.link_nodes.iter().all(Option::is_some));
            for m in &a.merges {
                if matches!(m.rule, MergeRule::Misspelling | MergeRule::Narrowed) {
                    let kind = m.entity.split(':').next().unwrap();
                    let merged_kind = corpus
                        .iter()
                        .flatten()
                        .filter(|(_, n)| *n == m.merged)
                        .map(|(k, _)| EntityKind::ALL[*k].as_str());
                    proptest::prop_assert!(merged_kind.clone().any(|k| k == kind), "{m:?}");
                }
            }
        }
    }

    #[test]
    fn one_entity_one_kind_by_the_weight_of_evidence() {
        use EntityKind::*;
        let mut weak = link(Model, "Transformer", &[]);
        weak.confidence = crate::extract::Confidence::new(0.3);
        let links = vec![
            vec![link(Method, "Transformer", &[])],
            vec![link(Method, "transformers", &[])],
            vec![weak],
        ];
        let built = build_with(links, None).unwrap();
        assert_eq!(entity_names(&built.graph), ["method:Transformer"]);
        assert!(
            built
                .merges
                .iter()
                .any(|m| m.rule == MergeRule::Retyped && m.note.contains("written as a model")),
            "{:?}",
            built.merges
        );
        // Every edge follows the entity's kind: a model link would be `uses` too, so check
        // with a dataset retyped to a task instead.
        let links = vec![
            vec![link(Task, "Atari games", &[])],
            vec![link(Task, "Atari games", &[])],
            vec![link(Dataset, "Atari games", &[])],
        ];
        let g = build_with(links, None).unwrap().graph;
        assert_eq!(entity_names(&g), ["task:Atari games"]);
        assert!(g.edges().all(|(_, _, e)| e.relation == Relation::Addresses));
    }

    #[test]
    fn capital_acronyms_are_not_joined_across_kinds() {
        use EntityKind::*;
        // MAE the metric and MAE the method; SAM the model and SAM defined as an optimiser.
        let links = vec![
            vec![link(Metric, "MAE", &[])],
            vec![link(Method, "MAE", &[])],
            vec![link(Method, "sharpness-aware minimization", &["SAM"])],
            vec![link(Model, "SAM", &[])],
            // A coined name written in mixed case is one thing whatever it was typed as.
            vec![link(Method, "video masked autoencoder", &["VideoMAE"])],
            vec![link(Model, "VideoMAE", &[])],
        ];
        let built = build_with(links, None).unwrap();
        let names = entity_names(&built.graph);
        for want in [
            "metric:MAE",
            "method:MAE",
            "model:SAM",
            "method:sharpness-aware minimization",
        ] {
            assert!(
                names.iter().any(|n| n == want),
                "{want} missing from {names:?}"
            );
        }
        assert_eq!(
            names
                .iter()
                .filter(|n| n.contains("VideoMAE") || n.contains("video masked"))
                .count(),
            1,
            "{names:?}"
        );
        let apart: Vec<&MergeRecord> = built
            .merges
            .iter()
            .filter(|m| m.rule == MergeRule::KeptApart)
            .collect();
        assert!(apart.len() >= 2, "{apart:?}");
    }

    #[test]
    fn thesaurus_merges_renames_retypes_and_drops() {
        use EntityKind::*;
        let links = || {
            vec![
                vec![
                    link(Method, "LLMs", &[]),
                    link(Method, "out-of-distribution", &["OOD"]),
                    link(Method, "vector quantizer", &[]),
                ],
                vec![
                    link(Method, "large language model", &[]),
                    link(Method, "vector quantization", &[]),
                    link(Task, "ARC-AGI", &[]),
                ],
            ]
        };
        let t = "# fixes\nmerge\tLLMs\tlarge language models\nmerge\tvector quantizer\tvector quantization\nretype\tARC-AGI\tdataset\ndrop\tmethod:out-of-distribution\nrename\tlarge language model\tLLM\n";
        let built = build_with(links(), Some(t)).unwrap();
        let names = entity_names(&built.graph);
        assert_eq!(
            names,
            [
                "dataset:ARC-AGI",
                "method:LLM",
                "method:vector quantization"
            ],
            "{names:?}"
        );
        // Both papers link to the merged node; the dropped link is gone.
        assert_eq!(built.graph.edge_count(), 5);
        assert_eq!(built.link_nodes.iter().filter(|n| n.is_none()).count(), 1);
        let actions = built
            .merges
            .iter()
            .filter(|m| m.rule == MergeRule::Thesaurus && m.paper.is_empty())
            .count();
        assert_eq!(actions, 5, "{:?}", built.merges);
    }

    #[test]
    fn thesaurus_lines_that_match_nothing_or_several_are_errors() {
        use EntityKind::*;
        let links = vec![
            vec![link(Method, "supervised fine-tuning", &["SFT"])],
            vec![link(Method, "spatial feature transform", &["SFT"])],
        ];
        let err = build_with(
            links.clone(),
            Some("drop\tno such thing\nretype\tSFT\ttask\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("t.tsv:1: `no such thing` matches no entity"),
            "{err}"
        );
        assert!(
            err.contains("t.tsv:2: `SFT` matches several entities"),
            "{err}"
        );
        assert!(
            err.contains("method:supervised fine-tuning (1 link)"),
            "{err}"
        );
        // The full name picks one.
        build_with(
            links.clone(),
            Some("retype\tsupervised fine-tuning\ttask\n"),
        )
        .unwrap();
        // A name many entities answer to lists the first eight; past a hundred errors the
        // list is left out.
        let many: Vec<_> = (0..10)
            .map(|i| vec![link(Method, &format!("sense number {i}"), &["SN"])])
            .collect();
        let err = build_with(many, Some("drop\tSN\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(" and 2 more; name one by its kind:name"),
            "{err}"
        );
        let text: String = (0..100).map(|i| format!("drop\tnothing {i}\n")).collect();
        let err = build_with(links, Some(&(text + "drop\tSFT\n")))
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("t.tsv:101: `SFT` matches 2 entities; name one by its kind:name"),
            "{err}"
        );
    }
}
