//! Reviewing a graph's entities: the list, and the suspects — likely duplicates and likely
//! junk — each with its evidence and the thesaurus line that accepts it.
//!
//! The loop: `paperkg entities GRAPH --suspects`, copy the lines you agree with into a
//! thesaurus file, build again with `--thesaurus FILE` (see [`crate::thesaurus`]).

use super::{Index, Table};
use crate::extract::normalize::initials;
use crate::extract::{EntityKind, sense_key};
use petgraph::Direction;
use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::json;

/// Every entity (of one kind, if given): id, kind, name, papers, aliases, and the mean and
/// highest confidence of its links. Most papers first, then by name.
pub fn entities(ix: &Index<'_>, kind: Option<EntityKind>) -> Table {
    let mut t = Table::new(&[
        "id",
        "kind",
        "name",
        "papers",
        "aliases",
        "mean_confidence",
        "max_confidence",
    ]);
    let mut order: Vec<u32> = (0..ix.entities.len() as u32)
        .filter(|&e| kind.is_none_or(|k| ix.kind(e) == k))
        .collect();
    order.sort_by(|&a, &b| {
        ix.entity_papers[b as usize]
            .len()
            .cmp(&ix.entity_papers[a as usize].len())
            .then_with(|| ix.entity_name(a).cmp(ix.entity_name(b)))
    });
    for e in order {
        let node = ix.graph.node(ix.entities[e as usize]);
        let data = node.entity().expect("an entity");
        let (mean, max) = confidence(ix, e);
        t.push(vec![
            json!(node.id),
            json!(data.kind.as_str()),
            json!(data.name),
            json!(ix.entity_papers[e as usize].len()),
            json!(data.aliases),
            json!(round3(mean)),
            json!(round3(max)),
        ]);
    }
    t
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The mean and highest confidence of an entity's links.
fn confidence(ix: &Index<'_>, e: u32) -> (f64, f64) {
    let (mut sum, mut max, mut n) = (0.0, 0.0f64, 0usize);
    for r in ix
        .graph
        .petgraph()
        .edges_directed(ix.entities[e as usize], Direction::Incoming)
    {
        let c = r.weight().confidence.value();
        sum += c;
        max = max.max(c);
        n += 1;
    }
    (if n == 0 { 0.0 } else { sum / n as f64 }, max)
}

/// Why an entity is suspect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// One name under two kinds.
    TwoKinds,
    /// An acronym and the long form it spells are two nodes.
    AcronymOfLongForm,
    /// Names one or two letters apart (not in their numbers).
    Spelling,
    /// Two entities share an alias.
    SharedAlias,
    /// A very long phrase.
    LongPhrase,
    /// A phrase that starts with a verb or a preposition.
    VerbLed,
    /// Every link is weak.
    Weak,
}

impl Reason {
    /// The reason's name in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::TwoKinds => "same name, two kinds",
            Reason::AcronymOfLongForm => "acronym of another entity",
            Reason::Spelling => "spelling variant",
            Reason::SharedAlias => "shared alias",
            Reason::LongPhrase => "long phrase",
            Reason::VerbLed => "verb-led fragment",
            Reason::Weak => "weak links only",
        }
    }

    /// Whether the suspect is a likely duplicate (else likely junk).
    pub fn is_duplicate(self) -> bool {
        self < Reason::LongPhrase
    }
}

/// One suspect: what, why, and the thesaurus line that accepts it.
#[derive(Debug, Clone, PartialEq)]
pub struct Suspect {
    /// Why.
    pub reason: Reason,
    /// The entity the line acts on (node id).
    pub entity: String,
    /// The other entity, for a duplicate (node id).
    pub other: Option<String>,
    /// The evidence, in words.
    pub evidence: String,
    /// The thesaurus line that accepts the suggestion.
    pub line: String,
    /// Papers involved (for ranking).
    pub papers: usize,
}

/// Words that start a fragment rather than a name.
const FRAGMENT_STARTS: &[&str] = &[
    "using",
    "improving",
    "enabling",
    "achieving",
    "leveraging",
    "making",
    "providing",
    "reducing",
    "increasing",
    "allowing",
    "based",
    "via",
    "towards",
    "toward",
    "without",
    "with",
    "for",
    "from",
    "into",
    "of",
    "to",
    "and",
    "or",
    "by",
    "we",
    "our",
    "this",
    "these",
    "that",
    "which",
    "can",
    "is",
    "are",
    "be",
    "show",
    "shows",
    "propose",
    "proposes",
];

/// Whether a name is an acronym in capitals (`VQA`, `LLMs`).
fn is_acronym(name: &str) -> bool {
    let core = name.strip_suffix('s').unwrap_or(name);
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    (2..=8).contains(&letters) && core.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Hashes of every string made from `c` by deleting at most `k` (1 or 2) of its characters,
/// `c` itself included, without repeats.
fn deletions(c: &[char], k: usize) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let hash = |skip: [usize; 2]| {
        let mut h = rustc_hash::FxHasher::default();
        for (i, ch) in c.iter().enumerate() {
            if !skip.contains(&i) {
                ch.hash(&mut h);
            }
        }
        // The length of the string left, so that strings of different lengths differ more.
        (c.len() - skip.iter().filter(|&&i| i < c.len()).count()).hash(&mut h);
        h.finish()
    };
    let none = usize::MAX;
    let mut out = vec![hash([none, none])];
    for i in 0..c.len() {
        out.push(hash([i, none]));
        if k >= 2 {
            for j in i + 1..c.len() {
                out.push(hash([i, j]));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Levenshtein distance up to `limit` (anything above comes back as `limit + 1`).
fn edits(a: &[char], b: &[char], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        if cur.iter().min().copied().unwrap_or(0) > limit {
            return limit + 1;
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Likely duplicates and likely junk among a graph's entities, duplicates first, each group
/// by the papers involved (most first), then by name. Deterministic.
pub fn suspects(ix: &Index<'_>) -> Vec<Suspect> {
    let n = ix.entities.len();
    let id = |e: u32| ix.graph.node(ix.entities[e as usize]).id.clone();
    let name = |e: u32| ix.entity_name(e);
    let papers = |e: u32| ix.entity_papers[e as usize].len();
    let thesaurus_ref = |e: u32| format!("{}:{}", ix.kind(e).as_str(), name(e));
    let keys: Vec<String> = (0..n as u32).map(|e| sense_key(name(e))).collect();
    let mut out: Vec<Suspect> = Vec::new();
    // The smaller entity joins the larger one.
    let merge = |out: &mut Vec<Suspect>, a: u32, b: u32, reason: Reason, evidence: String| {
        let (from, into) = if (papers(a), name(b)) > (papers(b), name(a)) {
            (b, a)
        } else {
            (a, b)
        };
        out.push(Suspect {
            reason,
            entity: id(from),
            other: Some(id(into)),
            evidence,
            line: format!("merge\t{}\t{}", thesaurus_ref(from), thesaurus_ref(into)),
            papers: papers(from) + papers(into),
        });
    };

    // Same key under two kinds.
    let mut by_key: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for e in 0..n as u32 {
        by_key.entry(keys[e as usize].as_str()).or_default().push(e);
    }
    let mut groups: Vec<&Vec<u32>> = by_key.values().filter(|v| v.len() > 1).collect();
    groups.sort();
    for g in groups {
        for &b in &g[1..] {
            let a = g[0];
            merge(
                &mut out,
                a,
                b,
                Reason::TwoKinds,
                format!(
                    "\"{}\" is a {} in {} paper{} and a {} in {}",
                    name(a),
                    ix.kind(a).as_str(),
                    papers(a),
                    crate::plural(papers(a)),
                    ix.kind(b).as_str(),
                    papers(b)
                ),
            );
        }
    }

    // Who has each alias (by sense key, other than its own name's), in entity order.
    let aliases = |e: u32| {
        &ix.graph
            .node(ix.entities[e as usize])
            .entity()
            .expect("entity")
            .aliases
    };
    let mut alias_owner: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    for e in 0..n as u32 {
        for a in aliases(e) {
            let k = sense_key(a);
            if k.is_empty() || k == keys[e as usize] {
                continue;
            }
            let owners = alias_owner.entry(k).or_default();
            if owners.last() != Some(&e) {
                owners.push(e);
            }
        }
    }

    // An acronym whose letters are another entity's initials, or that the other entity has
    // as an alias.
    let mut by_initials: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    for e in 0..n as u32 {
        // A long form is words ("vision-language model"), not one coined name (D-LAYERS).
        if name(e).split_whitespace().count() >= 2 {
            by_initials.entry(initials(name(e))).or_default().push(e);
        }
    }
    for a in 0..n as u32 {
        if !is_acronym(name(a)) {
            continue;
        }
        let letters: String = name(a)
            .strip_suffix('s')
            .unwrap_or(name(a))
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        // An acronym its papers define (it has a long form of its own among its aliases:
        // "Bongard Problems" for BPs) is not another entity's that happens to have the same
        // initials (binary perceptron); only an alias the other entity shares says otherwise.
        let defined = aliases(a).iter().any(|x| {
            x.split(|c: char| c.is_whitespace() || c == '-').count() >= 2 && initials(x) == letters
        });
        let mut longs: Vec<u32> = if defined {
            Vec::new()
        } else {
            by_initials.get(&letters).cloned().unwrap_or_default()
        };
        if let Some(owners) = alias_owner.get(&keys[a as usize]) {
            longs.extend(owners.iter().copied().filter(|&b| b != a));
        }
        longs.sort_unstable();
        longs.dedup();
        match longs.as_slice() {
            // The acronym joins its long form, whichever has more papers.
            [b] => out.push(Suspect {
                reason: Reason::AcronymOfLongForm,
                entity: id(a),
                other: Some(id(*b)),
                evidence: format!("\"{}\" spells \"{}\"", name(a), name(*b)),
                line: format!("merge\t{}\t{}", thesaurus_ref(a), thesaurus_ref(*b)),
                papers: papers(a) + papers(*b),
            }),
            [] => {}
            several => out.push(Suspect {
                reason: Reason::AcronymOfLongForm,
                entity: id(a),
                other: None,
                evidence: format!(
                    "\"{}\" could stand for {}; merge it into the one it means",
                    name(a),
                    several
                        .iter()
                        .map(|&b| format!("\"{}\"", name(b)))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
                line: format!("merge\t{}\t{}", thesaurus_ref(a), thesaurus_ref(several[0])),
                papers: papers(a),
            }),
        }
    }

    // Spelling variants: same kind, long names one or two letters apart, same digits. A letter
    // added at either end is another name (k-sparse autoencoder), so only names with the same
    // first two and last letters are compared: names are put in blocks by those and their
    // digits. Within a block, two names at most k edits apart both become one string when k
    // letters at most are deleted from each, so only names sharing such a deletion (hashed)
    // are compared: time grows with the pairs found, not with the square of the block.
    let chars: Vec<Vec<char>> = keys.iter().map(|k| k.chars().collect()).collect();
    let limit = |len: usize| if len >= 12 { 2 } else { 1 };
    let mut blocks: FxHashMap<(EntityKind, [char; 3], String), Vec<u32>> = FxHashMap::default();
    for e in 0..n as u32 {
        let c = &chars[e as usize];
        if c.len() < 7 {
            continue;
        }
        let digits: String = c.iter().filter(|c| c.is_ascii_digit()).collect();
        blocks
            .entry((ix.kind(e), [c[0], c[1], c[c.len() - 1]], digits))
            .or_default()
            .push(e);
    }
    let mut blocks: Vec<Vec<u32>> = blocks.into_values().filter(|b| b.len() > 1).collect();
    blocks.sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for block in blocks {
        let mut by_deletion: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        for &e in &block {
            let c = &chars[e as usize];
            for h in deletions(c, limit(c.len())) {
                by_deletion.entry(h).or_default().push(e);
            }
        }
        // In order of length, then entity: the shorter name is said first.
        let order = |e: u32| (chars[e as usize].len(), e);
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        for same in by_deletion.values() {
            for (i, &a) in same.iter().enumerate() {
                for &b in &same[i + 1..] {
                    candidates.push(if order(a) <= order(b) { (a, b) } else { (b, a) });
                }
            }
        }
        candidates.sort_unstable_by_key(|&(a, b)| (order(a), b));
        candidates.dedup();
        for (a, b) in candidates {
            let k = limit(chars[a as usize].len());
            if edits(&chars[a as usize], &chars[b as usize], k) <= k {
                pairs.push((a, b));
            }
        }
    }
    for (a, b) in pairs {
        merge(
            &mut out,
            a,
            b,
            Reason::Spelling,
            format!(
                "\"{}\" and \"{}\" differ by a letter or two",
                name(a),
                name(b)
            ),
        );
    }

    // Shared aliases (between entities not already paired above).
    let mut shared: Vec<(&String, &Vec<u32>)> =
        alias_owner.iter().filter(|(_, v)| v.len() > 1).collect();
    shared.sort();
    let mut paired: FxHashSet<(String, String)> = out
        .iter()
        .filter_map(|s| {
            let other = s.other.clone()?;
            Some(if s.entity < other {
                (s.entity.clone(), other)
            } else {
                (other, s.entity.clone())
            })
        })
        .collect();
    for (alias, owners) in shared {
        let a = owners[0];
        for &b in &owners[1..] {
            let (ia, ib) = (id(a), id(b));
            // One row a pair, however many aliases they share.
            if !paired.insert(if ia < ib { (ia, ib) } else { (ib, ia) }) {
                continue;
            }
            let written = aliases(a)
                .iter()
                .find(|x| sense_key(x) == *alias)
                .cloned()
                .unwrap_or_default();
            merge(
                &mut out,
                a,
                b,
                Reason::SharedAlias,
                format!(
                    "both are called \"{written}\" somewhere (two senses of one acronym stay apart: check before merging)"
                ),
            );
        }
    }

    // Junk.
    for e in 0..n as u32 {
        let nm = name(e);
        let words: Vec<&str> = nm.split_whitespace().collect();
        let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
        let (reason, evidence) = if words.len() >= 6 {
            (Reason::LongPhrase, format!("{} words", words.len()))
        } else if words.len() >= 2 && FRAGMENT_STARTS.contains(&first.as_str()) {
            (Reason::VerbLed, format!("starts with \"{}\"", words[0]))
        } else {
            let (_, max) = confidence(ix, e);
            if max < 0.5 {
                (
                    Reason::Weak,
                    format!("its strongest link has confidence {max:.2}"),
                )
            } else {
                continue;
            }
        };
        out.push(Suspect {
            reason,
            entity: id(e),
            other: None,
            evidence,
            line: format!("drop\t{}", thesaurus_ref(e)),
            papers: papers(e),
        });
    }

    out.sort_by(|a, b| {
        b.reason
            .is_duplicate()
            .cmp(&a.reason.is_duplicate())
            .then_with(|| b.papers.cmp(&a.papers))
            .then_with(|| a.reason.cmp(&b.reason))
            .then_with(|| a.entity.cmp(&b.entity))
            .then_with(|| a.other.cmp(&b.other))
    });
    out
}

/// [`suspects`] as a table: reason, entity, other, papers, evidence, thesaurus line.
pub fn suspects_table(ix: &Index<'_>, top: usize) -> Table {
    let mut t = Table::new(&[
        "reason",
        "entity",
        "other",
        "papers",
        "evidence",
        "thesaurus",
    ]);
    for s in suspects(ix).into_iter().take(top) {
        t.push(vec![
            json!(s.reason.as_str()),
            json!(s.entity),
            json!(s.other.unwrap_or_default()),
            json!(s.papers),
            json!(s.evidence),
            json!(s.line),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::EntityLink;
    use crate::graph::build_from_links;
    use crate::graph::fixtures::paper;
    use crate::paper::Paper;

    fn link(kind: EntityKind, name: &str, aliases: &[&str], confidence: f32) -> EntityLink {
        let mut l = crate::graph::fixtures::link(kind, name, aliases);
        l.confidence = crate::extract::Confidence::new(confidence);
        l
    }

    #[test]
    fn names_k_edits_apart_share_a_deletion() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        let share = |a: &str, b: &str, k: usize| {
            let (da, db) = (deletions(&c(a), k), deletions(&c(b), k));
            da.iter().any(|h| db.contains(h))
        };
        assert!(share("imagenet", "imagnet", 1)); // a letter left out
        assert!(share("imagenet", "imagemet", 1)); // one replaced
        assert!(share("wassersteindistance", "wassersteindistnace", 2)); // two swapped
        assert!(!share("imagenet", "imaginary", 1));
        // 1 + n + n(n-1)/2 strings, fewer where letters repeat.
        assert_eq!(deletions(&c("abcd"), 2).len(), 1 + 4 + 6);
        assert_eq!(deletions(&c("aab"), 1).len(), 1 + 2);
    }

    #[test]
    fn suspects_name_duplicates_and_junk_with_a_thesaurus_line() {
        use EntityKind::*;
        let links = vec![
            vec![
                link(Method, "vision-language model", &[], 0.9),
                link(Model, "SAM", &[], 0.9),
                link(
                    Method,
                    "supervised fine-tuning",
                    &["SFT", "the fine transform"],
                    0.9,
                ),
                link(Method, "binary perceptron", &[], 0.9),
            ],
            vec![
                link(Method, "VLMs", &[], 0.9),
                link(Method, "SAM", &[], 0.9),
                link(
                    Method,
                    "spatial feature transform",
                    &["SFT", "the fine transform"],
                    0.9,
                ),
                link(Metric, "Wasserstein distance", &[], 0.9),
                link(Method, "sparse autoencoder", &[], 0.9),
                link(Method, "k-sparse autoencoder", &[], 0.9),
                link(Task, "BPs", &["Bongard Problems"], 0.9),
            ],
            vec![
                link(Metric, "Wasserstien distance", &[], 0.9),
                link(Task, "using the proposed loss", &[], 0.9),
                link(
                    Method,
                    "a very long phrase that names nothing much",
                    &[],
                    0.9,
                ),
                link(Metric, "odd score", &[], 0.2),
            ],
        ];
        let papers: Vec<Paper> = (0..3).map(|i| paper(&format!("p{i}"))).collect();
        let g = build_from_links(&papers, &links);
        let ix = Index::new(&g);
        let s = suspects(&ix);
        let find = |reason: Reason| s.iter().filter(|x| x.reason == reason).collect::<Vec<_>>();
        let acr = find(Reason::AcronymOfLongForm);
        assert!(
            acr.iter()
                .any(|x| x.line == "merge\tmethod:VLMs\tmethod:vision-language model"),
            "{s:?}"
        );
        // BPs has its own long form: binary perceptron's initials do not make it a suspect.
        assert!(!acr.iter().any(|x| x.entity == "task:bps"), "{s:?}");
        assert!(
            !s.iter()
                .any(|x| x.reason == Reason::Spelling && x.evidence.contains("k-sparse")),
            "{s:?}"
        );
        assert_eq!(find(Reason::TwoKinds).len(), 1, "{s:?}");
        assert!(
            find(Reason::TwoKinds)[0]
                .evidence
                .contains(" in 1 paper and a "),
            "{s:?}"
        );
        // One row for the pair, though it shares two aliases.
        let shared = find(Reason::SharedAlias);
        assert_eq!(shared.len(), 1, "{s:?}");
        assert!(shared[0].evidence.contains("SFT"), "{s:?}");
        assert_eq!(find(Reason::Spelling).len(), 1, "{s:?}");
        assert_eq!(
            find(Reason::VerbLed)[0].line,
            "drop\ttask:using the proposed loss"
        );
        assert_eq!(find(Reason::LongPhrase).len(), 1);
        assert_eq!(find(Reason::Weak)[0].line, "drop\tmetric:odd score");
        // Duplicates come before junk.
        let first_junk = s.iter().position(|x| !x.reason.is_duplicate()).unwrap();
        assert!(s[first_junk..].iter().all(|x| !x.reason.is_duplicate()));
        // Every line parses as a thesaurus line.
        let text: String = s.iter().map(|x| format!("{}\n", x.line)).collect();
        let parsed = crate::thesaurus::Thesaurus::parse(std::path::Path::new("s"), &text);
        assert!(parsed.is_ok() || parsed.unwrap_err().to_string().contains("contradicts"));
        // And the list of entities has every node.
        assert_eq!(entities(&ix, None).rows.len(), ix.entities.len());
    }
}
