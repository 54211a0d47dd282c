//! [`LinkTable`]: every paper's links, held compactly between extraction and the graph.
//!
//! A large corpus has millions of links but only thousands (at most a few million) distinct
//! names, so a link's names are stored as `u32` ids into one [`Interner`] for the whole
//! corpus, its mentions, aliases and merges as runs in one shared pool, and its evidence as
//! the paper's shared sentence plus a `u32` span. A link takes 40 bytes plus its sentence,
//! where an [`EntityLink`] takes about 300 in separate allocations; the graph build then
//! resolves entities across papers on the ids instead of hashing strings.

use crate::extract::{Confidence, EntityKind, EntityLink, Evidence, Field, Merge, MergeRule, Role};
use crate::hash::str_hash as hash;
use std::sync::Arc;

/// Strings numbered densely in the order they were first seen.
#[derive(Debug, Default, Clone)]
pub(crate) struct Interner {
    strs: Vec<Box<str>>,
    table: hashbrown::HashTable<u32>,
}

impl Interner {
    /// The id of `s`, numbering it if it is new.
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        let strs = &self.strs;
        let entry = self.table.entry(
            hash(s),
            |&i| &*strs[i as usize] == s,
            |&i| hash(&strs[i as usize]),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(e) => *e.get(),
            hashbrown::hash_table::Entry::Vacant(e) => {
                let id = u32::try_from(self.strs.len()).expect("fewer than 2^32 distinct names");
                e.insert(id);
                self.strs.push(s.into());
                id
            }
        }
    }

    /// The id of `s`, if it has one.
    pub(crate) fn find(&self, s: &str) -> Option<u32> {
        self.table
            .find(hash(s), |&i| &*self.strs[i as usize] == s)
            .copied()
    }

    /// The string with id `id`.
    pub(crate) fn get(&self, id: u32) -> &str {
        &self.strs[id as usize]
    }

    /// How many strings there are.
    pub(crate) fn len(&self) -> usize {
        self.strs.len()
    }
}

/// `pool` value of a link whose only mention is its name, with no aliases and no merges
/// (most links): nothing is stored in the pool for it.
const PLAIN: u32 = u32::MAX;

/// One link, packed. Its names are [`Interner`] ids; `pool` is [`PLAIN`] or the start of its
/// run in [`LinkTable::pool`]: the number of mentions, aliases and merges, then the mention
/// ids, the alias ids, and a (name id, rule code) pair per merge.
#[derive(Debug, Clone)]
pub(crate) struct Packed {
    pub(crate) sentence: Arc<str>,
    pub(crate) name: u32,
    pool: u32,
    start: u32,
    end: u32,
    /// Mentions in the paper, saturating at 65,535 (a real abstract has far fewer): with
    /// the confidence in thousandths, the link stays 40 bytes.
    count: u16,
    pub(crate) confidence: Confidence,
    pub(crate) kind: EntityKind,
    pub(crate) role: Role,
    field: Field,
}

impl Packed {
    /// How many times the paper names the entity.
    pub(crate) fn count(&self) -> u32 {
        u32::from(self.count)
    }

    /// The link's evidence (sharing its sentence).
    pub(crate) fn evidence(&self) -> Evidence {
        Evidence {
            field: self.field,
            sentence: self.sentence.clone(),
            start: self.start,
            end: self.end,
        }
    }
}

/// Every paper's links: `links(i)` belongs to paper `i`. Papers can be given their links in
/// any order (and again, which replaces them); a paper never given any has none.
#[derive(Debug, Default, Clone)]
pub struct LinkTable {
    pub(crate) names: Interner,
    /// The links in chunks of about [`CHUNK`], so that the graph build can free them as it
    /// goes (see [`LinkTable::release`]).
    chunks: Vec<Vec<Packed>>,
    papers: Vec<Locator>,
    pool: Vec<u32>,
}

/// Where a paper's links are: `chunks[chunk][start..start + len]`.
#[derive(Debug, Default, Clone, Copy)]
struct Locator {
    chunk: u32,
    start: u32,
    len: u32,
}

/// Links per chunk (2.6 MB of them).
const CHUNK: usize = 1 << 16;

fn rule_code(rule: MergeRule) -> u32 {
    match rule {
        MergeRule::Variant => 0,
        MergeRule::LexiconAlias => 1,
        MergeRule::Abbreviation => 2,
        MergeRule::CorpusAlias => 3,
        MergeRule::Modifier => 4,
        MergeRule::Retyped => 5,
        MergeRule::Thesaurus => 6,
        MergeRule::KeptApart => 7,
        MergeRule::Misspelling => 8,
        MergeRule::Narrowed => 9,
    }
}

/// The (merged name id, rule) pairs of a link's merges as [`LinkTable::names_of`] gives them.
pub(crate) fn merges(raw: &[u32]) -> impl Iterator<Item = (u32, MergeRule)> + '_ {
    raw.chunks_exact(2).map(|pair| (pair[0], rule_of(pair[1])))
}

fn rule_of(code: u32) -> MergeRule {
    match code {
        0 => MergeRule::Variant,
        1 => MergeRule::LexiconAlias,
        2 => MergeRule::Abbreviation,
        3 => MergeRule::CorpusAlias,
        5 => MergeRule::Retyped,
        6 => MergeRule::Thesaurus,
        7 => MergeRule::KeptApart,
        8 => MergeRule::Misspelling,
        9 => MergeRule::Narrowed,
        _ => MergeRule::Modifier,
    }
}

impl LinkTable {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of papers the table covers (those given links, and all before them).
    pub fn len(&self) -> usize {
        self.papers.len()
    }

    /// Whether the table covers no paper.
    pub fn is_empty(&self) -> bool {
        self.papers.is_empty()
    }

    /// Number of links stored (of every paper).
    pub fn link_count(&self) -> usize {
        self.papers.iter().map(|l| l.len as usize).sum()
    }

    /// Makes the table cover at least `papers` papers (the new ones without links).
    pub fn cover(&mut self, papers: usize) {
        if self.papers.len() < papers {
            self.papers.resize(papers, Locator::default());
        }
    }

    /// Appends the links of the next paper.
    pub fn push(&mut self, links: Vec<EntityLink>) {
        let paper = self.papers.len();
        self.set(paper, links);
    }

    /// Gives paper `paper` these links, replacing any it had.
    pub fn set(&mut self, paper: usize, links: Vec<EntityLink>) {
        self.cover(paper + 1);
        if self
            .chunks
            .last()
            .is_none_or(|c| !c.is_empty() && c.len() + links.len() > CHUNK)
        {
            self.chunks.push(Vec::with_capacity(CHUNK.max(links.len())));
        }
        let chunk = self.chunks.len() - 1;
        let locator = Locator {
            chunk: u32::try_from(chunk).expect("fewer than 2^32 chunks"),
            start: u32::try_from(self.chunks[chunk].len()).expect("chunks hold < 2^32 links"),
            len: u32::try_from(links.len()).expect("fewer than 2^32 links in one paper"),
        };
        for link in links {
            let packed = self.pack(link);
            self.chunks[chunk].push(packed);
        }
        self.papers[paper] = locator;
    }

    /// How many links of the papers' current ones each chunk holds, for [`LinkTable::release`].
    pub(crate) fn chunk_uses(&self) -> Vec<u32> {
        let mut uses = vec![0; self.chunks.len()];
        for l in &self.papers {
            if l.len > 0 {
                uses[l.chunk as usize] += l.len;
            }
        }
        uses
    }

    /// Says that paper `paper`'s links are no longer needed: a chunk whose links are all
    /// released (by `uses`, from [`LinkTable::chunk_uses`]) is freed.
    pub(crate) fn release(&mut self, paper: usize, uses: &mut [u32]) {
        if let Some(&l) = self.papers.get(paper).filter(|l| l.len > 0) {
            let left = &mut uses[l.chunk as usize];
            *left -= l.len;
            if *left == 0 {
                self.chunks[l.chunk as usize] = Vec::new();
            }
        }
    }

    fn pack(&mut self, link: EntityLink) -> Packed {
        let name = self.names.intern(&link.name);
        let plain = link.aliases.is_empty()
            && link.merges.is_empty()
            && link.mentions.len() == 1
            && link.mentions[0] == link.name;
        let pool = if plain {
            PLAIN
        } else {
            let at = u32::try_from(self.pool.len()).expect("fewer than 2^32 pooled names");
            let len = |n: usize| u32::try_from(n).expect("fewer than 2^32 names per link");
            self.pool.extend([
                len(link.mentions.len()),
                len(link.aliases.len()),
                len(link.merges.len()),
            ]);
            for s in link.mentions.iter().chain(&link.aliases) {
                let id = self.names.intern(s);
                self.pool.push(id);
            }
            for m in &link.merges {
                let id = self.names.intern(&m.name);
                self.pool.extend([id, rule_code(m.rule)]);
            }
            at
        };
        Packed {
            sentence: link.evidence.sentence,
            name,
            pool,
            count: u16::try_from(link.count).unwrap_or(u16::MAX),
            confidence: link.confidence,
            start: link.evidence.start,
            end: link.evidence.end,
            kind: link.kind,
            role: link.role,
            field: link.evidence.field,
        }
    }

    /// The packed links of paper `paper` (none for a paper past the end).
    pub(crate) fn packed(&self, paper: usize) -> &[Packed] {
        match self.papers.get(paper) {
            Some(l) if l.len > 0 => {
                &self.chunks[l.chunk as usize][l.start as usize..(l.start + l.len) as usize]
            }
            _ => &[],
        }
    }

    /// The sentence of the first of paper `paper`'s links whose evidence is in the title (the
    /// title itself), if one is.
    pub(crate) fn title_sentence(&self, paper: usize) -> Option<&Arc<str>> {
        self.packed(paper)
            .iter()
            .find(|l| l.field == Field::Title)
            .map(|l| &l.sentence)
    }

    /// A link's mention ids, alias ids and merges (as [`merges`] reads them).
    pub(crate) fn names_of<'a>(&'a self, link: &'a Packed) -> (&'a [u32], &'a [u32], &'a [u32]) {
        if link.pool == PLAIN {
            return (std::slice::from_ref(&link.name), &[], &[]);
        }
        let at = link.pool as usize;
        let [m, a, g] = [0, 1, 2].map(|k| self.pool[at + k] as usize);
        let ids = &self.pool[at + 3..];
        (&ids[..m], &ids[m..m + a], &ids[m + a..m + a + 2 * g])
    }

    /// The links of paper `paper`, as extracted.
    pub fn links(&self, paper: usize) -> Vec<EntityLink> {
        self.packed(paper)
            .iter()
            .map(|link| {
                let (mentions, aliases, merges) = self.names_of(link);
                let strings = |ids: &[u32]| -> Vec<String> {
                    ids.iter().map(|&i| self.names.get(i).to_owned()).collect()
                };
                EntityLink {
                    kind: link.kind,
                    name: self.names.get(link.name).to_owned(),
                    mentions: strings(mentions),
                    aliases: strings(aliases),
                    role: link.role,
                    count: link.count(),
                    confidence: link.confidence,
                    evidence: link.evidence(),
                    rule: None,
                    facts: None,
                    merges: self::merges(merges)
                        .map(|(name, rule)| Merge {
                            name: self.names.get(name).to_owned(),
                            rule,
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

impl FromIterator<Vec<EntityLink>> for LinkTable {
    fn from_iter<I: IntoIterator<Item = Vec<EntityLink>>>(iter: I) -> Self {
        let mut table = LinkTable::new();
        for links in iter {
            table.push(links);
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractors;
    use crate::paper::Paper;

    #[test]
    fn links_come_back_as_they_went_in() {
        let ex = Extractors::new().unwrap();
        let papers = crate::input::read_papers("examples/hf-papers/002_317656314b5a0411.txt")
            .unwrap()
            .collect::<Result<Vec<Paper>, _>>()
            .unwrap();
        let links: Vec<Vec<EntityLink>> = papers.iter().map(|p| ex.extract(p)).collect();
        assert!(links.iter().flatten().any(|l| !l.merges.is_empty()));
        assert!(links.iter().flatten().any(|l| !l.aliases.is_empty()));
        // Out of order, with a paper replaced: the table keeps the last links given.
        let mut table = LinkTable::new();
        for (i, l) in links.iter().enumerate().rev() {
            table.set(i, l.clone());
        }
        table.set(1, links[0].clone());
        table.set(1, links[1].clone());
        assert_eq!(table.len(), links.len());
        for (i, expected) in links.iter().enumerate() {
            let mut expected = expected.clone();
            // The table keeps what the graph and files need, not the diagnostics.
            expected.iter_mut().for_each(|l| {
                l.rule = None;
                l.facts = None;
            });
            assert_eq!(table.links(i), expected, "paper {i}");
        }
        assert!(table.links(links.len()).is_empty());
        assert_eq!(
            table.link_count(),
            links.iter().map(Vec::len).sum::<usize>()
        );
    }

    #[test]
    fn interner_numbers_first_come_first() {
        let mut names = Interner::default();
        let ids: Vec<u32> = ["b", "a", "b", "", "a"]
            .iter()
            .map(|s| names.intern(s))
            .collect();
        assert_eq!(ids, [0, 1, 0, 2, 1]);
        assert_eq!(names.get(1), "a");
        assert_eq!(names.len(), 3);
    }
}
