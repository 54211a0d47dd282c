//! Dictionary layer: every lexicon name found in the title and abstract.
//!
//! Lexicon names start and end at word boundaries, so the matcher works on words, not bytes:
//! the lexicon is a trie whose edges are *segments*, a word together with the separators
//! before it (`gpt`, `-4o`; `sparse`, ` autoencoder`; a trailing `+` or `++` as in `DCN+`).
//! At each word start the trie is walked one segment at a time, each step one hash lookup of
//! `(state, segment)`; ordinary words ("results", "propose") fail at the first lookup. Compared
//! with walking a byte automaton of the whole lexicon this touches a few cache lines per word
//! instead of one per byte. The longest pattern that passes its checks wins: the exact case for
//! case-sensitive patterns (`BERT`, `GLUE`, `Adam`), some inner capital for names written with
//! one (`ComplEx` is not the word "complex"), and the plural ending a pattern accepts (`SAEs`).
//! The trie is built once and shared by all threads.

use super::lexicon::{Lexicon, Plural};
use super::{Document, EntityKind, Extractor, Field, Mention, Role, Rule, Span};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Finds lexicon names in text.
pub struct DictionaryExtractor {
    lexicon: Arc<Lexicon>,
    trie: SegmentTrie,
    patterns: Vec<PatternInfo>,
}

/// The lexicon's lower-cased patterns as a trie over segments.
///
/// Edges live in one hash map keyed by a 64-bit hash of `(parent, segment)`, and states are
/// 8 bytes each, so a walk touches little memory (cache misses, not instructions, are what a
/// dictionary lookup costs). A bit filter of 32 KB (two bits per edge) stays in the L1 cache
/// and turns away most words that start no pattern before the map is touched.
///
/// A text segment is taken for an edge when their 64-bit hashes agree: with about 50,000
/// edges the chance that a given lookup meets a false match is below 10^-14, so a billion
/// abstracts would expect well under one wrong hit. Two *edges* whose hashes collide are
/// detected when the trie is built and kept apart by exact key.
#[derive(Default)]
struct SegmentTrie {
    /// State 0 is the root.
    states: Vec<State>,
    /// Patterns by state, each with the length of the plural ending its path adds (0, or 1
    /// for `s`, 2 for `es`): `states[s].start` indexes this.
    matches: Vec<(u32, u8)>,
    edges: FxHashMap<u64, u32>,
    /// Edges whose hash collides with another edge's (in practice none), by exact key.
    collided: FxHashMap<(u32, Box<[u8]>), u32>,
    filter: Box<[u64]>,
}

#[derive(Default, Clone, Copy)]
struct State {
    /// Patterns that end here: `matches[start..start + len]`, in pattern order.
    start: u32,
    len: u16,
    /// Some edge out of this state is a trailing separator run (`+` of `DCN+`).
    trailing: bool,
}

/// Bits in the edge filter: 2^18 bits = 32 KB.
const FILTER_BITS: u32 = 18;
/// Marks an edge hash shared by two edges: look in `collided`.
const COLLIDED: u32 = u32::MAX;

/// A 64-bit hash of an edge (FxHash-style: multiply-rotate over 8-byte words).
#[inline]
fn edge_hash(state: u32, segment: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = (u64::from(state) ^ 0x9e37_79b9).wrapping_mul(K);
    let mut chunks = segment.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8-byte chunk"));
        h = (h.rotate_left(26) ^ w).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // Assembled in a register: a small copy into a stack buffer and an 8-byte load
        // back stalls on store forwarding.
        let w = rest
            .iter()
            .rev()
            .fold(0u64, |w, &b| (w << 8) | u64::from(b));
        h = (h.rotate_left(26) ^ w).wrapping_mul(K);
    }
    // The length, so `ab` + padding differs from `ab\0`; then fold high bits down.
    h = (h.rotate_left(26) ^ segment.len() as u64).wrapping_mul(K);
    h ^ (h >> 32)
}

#[inline]
fn filter_bits(h: u64) -> (usize, usize) {
    let mask = (1u64 << FILTER_BITS) - 1;
    ((h & mask) as usize, ((h >> 40) & mask) as usize)
}

impl SegmentTrie {
    /// Builds the trie of `texts` (lower-cased patterns), each also spelled with the plural
    /// ending it accepts, so a plural costs no extra lookup.
    fn build(texts: &[String], plurals: &[Plural]) -> Self {
        let mut trie = SegmentTrie {
            states: vec![State::default()],
            filter: vec![0u64; 1 << (FILTER_BITS - 6)].into_boxed_slice(),
            ..Default::default()
        };
        let mut matches: Vec<Vec<(u32, u8)>> = vec![Vec::new()];
        // Each state's parent and incoming segment, to separate colliding edges.
        let mut origin: Vec<(u32, Box<[u8]>)> = vec![(0, Box::default())];
        let spellings = texts
            .iter()
            .zip(plurals)
            .enumerate()
            .flat_map(|(pid, (text, plural))| {
                // A plural ending goes on a final letter or digit, never on a separator.
                let ending = match plural {
                    Plural::S => "s",
                    Plural::Es => "es",
                    Plural::None => "",
                };
                let ends_in_word = text.chars().next_back().is_some_and(char::is_alphanumeric);
                let plural = (!ending.is_empty() && ends_in_word)
                    .then(|| (pid, format!("{text}{ending}"), ending.len() as u8));
                std::iter::once((pid, text.clone(), 0u8)).chain(plural)
            });
        for (pid, text, strip) in spellings {
            // Matching starts at word starts: a pattern that does not begin with a letter or
            // digit could never match.
            let words = super::words::word_spans(&text);
            let Some(&(0, _)) = words.first() else {
                continue;
            };
            // Segments end at each word's end, and at the end of a trailing separator run
            // (`DCN+`), which marks its state.
            let last_end = words.last().map_or(0, |w| w.1);
            let ends = words
                .iter()
                .map(|w| (w.1, false))
                .chain((last_end < text.len()).then_some((text.len(), true)));
            let mut state = 0u32;
            let mut pos = 0;
            for (seg_end, trailing) in ends {
                if trailing {
                    trie.states[state as usize].trailing = true;
                }
                let segment = &text.as_bytes()[pos..seg_end];
                state = match trie.step_exact(&origin, state, segment) {
                    Some(next) => next,
                    None => {
                        let next = trie.states.len() as u32;
                        trie.states.push(State::default());
                        matches.push(Vec::new());
                        origin.push((state, segment.into()));
                        trie.insert(&origin, state, segment, next);
                        next
                    }
                };
                pos = seg_end;
            }
            matches[state as usize].push((pid as u32, strip));
        }
        for (state, mut m) in trie.states.iter_mut().zip(matches) {
            // The whole word first, then the shorter ending: `-s` before `-es`.
            m.sort_by_key(|&(pid, strip)| (strip, pid));
            state.start = trie.matches.len() as u32;
            // More than 65,535 patterns with one lower-cased text cannot occur: patterns
            // are deduplicated by text and case-sensitivity.
            state.len = u16::try_from(m.len()).unwrap_or(u16::MAX);
            trie.matches.extend(m.iter().take(usize::from(state.len)));
        }
        trie
    }

    /// Like `step`, but confirming the segment (used while building).
    fn step_exact(&self, origin: &[(u32, Box<[u8]>)], state: u32, segment: &[u8]) -> Option<u32> {
        let next = self.step(state, segment)?;
        let (parent, seg) = &origin[next as usize];
        (*parent == state && **seg == *segment).then_some(next)
    }

    fn insert(&mut self, origin: &[(u32, Box<[u8]>)], parent: u32, segment: &[u8], child: u32) {
        let h = edge_hash(parent, segment);
        let (a, b) = filter_bits(h);
        self.filter[a / 64] |= 1 << (a % 64);
        self.filter[b / 64] |= 1 << (b % 64);
        match self.edges.get(&h).copied() {
            None => {
                self.edges.insert(h, child);
            }
            Some(COLLIDED) => {
                self.collided.insert((parent, segment.into()), child);
            }
            Some(other) => {
                // Move the earlier edge aside too, so the shared hash always means "look
                // by exact key".
                self.collided.insert(origin[other as usize].clone(), other);
                self.collided.insert((parent, segment.into()), child);
                self.edges.insert(h, COLLIDED);
            }
        }
    }

    /// The state reached from `state` over `segment` (always inlined: its call frame cost
    /// a fifth of a step).
    #[inline(always)]
    fn step(&self, state: u32, segment: &[u8]) -> Option<u32> {
        let h = edge_hash(state, segment);
        let (a, b) = filter_bits(h);
        if self.filter[a / 64] & (1 << (a % 64)) == 0 || self.filter[b / 64] & (1 << (b % 64)) == 0
        {
            return None;
        }
        match self.edges.get(&h).copied()? {
            COLLIDED => self.collided.get(&(state, segment.into())).copied(),
            next => Some(next),
        }
    }
}

/// What a pattern needs beyond matching case-insensitively.
struct PatternInfo {
    entry: u32,
    /// The pattern text, for case-sensitive patterns.
    exact: Option<Box<str>>,
    /// Written with inner capitals: the match may not be all lower case or Title case.
    camel: bool,
}

/// A dictionary hit: byte range and lexicon entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Lexicon entry.
    pub entry: u32,
}

impl DictionaryExtractor {
    /// Builds the trie for a lexicon.
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        let patterns = lexicon.patterns();
        // The trie holds ASCII-lower-cased patterns and walks an ASCII-lower-cased copy of
        // the text; case rules are checked against the original text.
        let texts: Vec<String> = patterns
            .iter()
            .map(|p| p.text.to_ascii_lowercase())
            .collect();
        let plurals: Vec<Plural> = patterns.iter().map(|p| p.plural).collect();
        let trie = SegmentTrie::build(&texts, &plurals);
        let patterns = patterns
            .iter()
            .map(|p| PatternInfo {
                entry: p.entry,
                exact: p.case_sensitive.then(|| p.text.clone().into_boxed_str()),
                camel: has_inner_capital(&p.text),
            })
            .collect();
        DictionaryExtractor {
            lexicon,
            trie,
            patterns,
        }
    }

    /// The lexicon behind the trie.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// All word-bounded, non-overlapping hits in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let words = super::words::word_spans(text);
        self.find_in(text, &text.to_ascii_lowercase(), &words)
    }

    /// [`DictionaryExtractor::find`] given the text's ASCII-lower-cased copy and its words
    /// too.
    fn find_in(&self, text: &str, lower: &str, words: &[(usize, usize)]) -> Vec<Hit> {
        let mut hits = Vec::new();
        if self.trie.edges.is_empty() {
            return hits;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < words.len() {
            let word_start = words[i].0;
            // Inside a hyphenated compound ("EPIC-Kitchens", "non-Transformer") a word is
            // part of a longer name, not a name of its own.
            let glued = word_start >= 2
                && bytes[word_start - 1] == b'-'
                && bytes[word_start - 2].is_ascii_alphanumeric();
            if glued {
                i += 1;
                continue;
            }
            match self.longest_at(text, lower, words, i) {
                Some((entry, end, last)) => {
                    hits.push(Hit {
                        start: word_start,
                        end,
                        entry,
                    });
                    // A hit ends at a word end or inside the separators after it.
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        hits
    }

    /// The longest valid hit that starts at word `first`: its entry, end, and last word.
    fn longest_at(
        &self,
        text: &str,
        lower: &str,
        words: &[(usize, usize)],
        first: usize,
    ) -> Option<(u32, usize, usize)> {
        let bytes = lower.as_bytes();
        let at = words[first].0;
        let mut best = None;
        let mut state = 0u32;
        let mut pos = at;
        for j in first.. {
            // Past the last word, the separators up to the end of the text.
            let (word_start, word_end) = words.get(j).copied().unwrap_or((text.len(), text.len()));
            // Patterns ending in separators (`DCN+`, `C++`): any prefix of the separator run
            // that is not glued to the next word.
            if self.trie.states[state as usize].trailing {
                for cut in pos + 1..=word_start {
                    if cut == word_start && word_end > word_start {
                        break;
                    }
                    if let Some(next) = self.trie.step(state, &bytes[pos..cut])
                        && let Some(entry) = self.accept(next, text, at, cut)
                    {
                        best = Some((entry, cut, j - 1));
                    }
                }
            }
            if j == words.len() {
                break;
            }
            let segment = &bytes[pos..word_end];
            match self.trie.step(state, segment) {
                Some(next) => {
                    // Plural spellings are paths of their own (`autoencoders`, `SAEs`).
                    if let Some(entry) = self.accept(next, text, at, word_end) {
                        best = Some((entry, word_end, j));
                    }
                    state = next;
                    pos = word_end;
                }
                None => break,
            }
        }
        best
    }

    /// The first pattern ending in `state` that accepts `text[at..end]`: its case rule holds
    /// for the name, and a plural ending is written in a case the pattern allows.
    fn accept(&self, state: u32, text: &str, at: usize, end: usize) -> Option<u32> {
        let s = self.trie.states[state as usize];
        let start = s.start as usize;
        self.trie.matches[start..start + usize::from(s.len)]
            .iter()
            .find(|&&(pid, strip)| {
                let info = &self.patterns[pid as usize];
                let stem_end = end - usize::from(strip);
                let found = &text[at..stem_end];
                let plural_ok = match &text.as_bytes()[stem_end..end] {
                    [] | b"s" | b"es" => true,
                    // `SAES`, not `BERTS` for a case-sensitive pattern.
                    b"S" | b"ES" => info.exact.is_none(),
                    _ => false,
                };
                plural_ok
                    && match &info.exact {
                        Some(exact) => **exact == *found,
                        // An ordinary word has at most its first letter capitalised; a
                        // camel-case name needs another capital to count (`LLama` yes,
                        // `Complex` no).
                        None => !info.camel || found.chars().skip(1).any(char::is_uppercase),
                    }
            })
            .map(|&(pid, _)| self.patterns[pid as usize].entry)
    }
}

/// Whether a word has a capital right after a lower-case letter (`ImageNet`, `ComplEx`).
pub fn has_inner_capital(text: &str) -> bool {
    let mut prev_lower = false;
    for c in text.chars() {
        if c.is_uppercase() && prev_lower {
            return true;
        }
        prev_lower = c.is_lowercase();
    }
    false
}

/// The characters around `text[start..end]` are not letters or digits.
pub fn is_word_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

impl Extractor for DictionaryExtractor {
    fn name(&self) -> &'static str {
        "dictionary"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        for field in [Field::Title, Field::Abstract] {
            let text = doc.text(field);
            // The end of the last mention: a name extended over a suffix may swallow the
            // next hit (`BERT-large` where `large` …), which then goes.
            let mut taken = 0;
            for hit in self.find_in(text, doc.lower(field), doc.words(field)) {
                if hit.start < taken {
                    continue;
                }
                let entry = self.lexicon.entry(hit.entry);
                let end = self.variant_end(text, &hit);
                let (surface_end, entry_id, rule) = if end > hit.end {
                    (end, None, Rule::Variant)
                } else {
                    (hit.end, Some(hit.entry), Rule::Lexicon)
                };
                taken = surface_end;
                doc.mentions.push(Mention {
                    kind: Some(entry.kind),
                    surface: text[hit.start..surface_end].to_owned(),
                    span: Span {
                        field,
                        start: hit.start,
                        end: surface_end,
                    },
                    role: Role::Used,
                    rule,
                    entry: entry_id,
                });
            }
        }
        self.settle_ambiguous(doc);
        self.settle_context(doc);
        drop_idioms(doc);
        self.expand_ellipses(doc);
    }
}

/// Known names that are also common English words in set phrases, and the words around
/// them that make the phrase: "deserves further attention", "attracted attention", "pay
/// attention to" are not the attention mechanism.
const IDIOMS: &[(&str, &[&str], &[&str])] = &[
    (
        "attention",
        &[
            "further",
            "much",
            "little",
            "more",
            "less",
            "increasing",
            "growing",
            "significant",
            "considerable",
            "great",
            "greater",
            "widespread",
            "particular",
            "special",
            "close",
            "careful",
            "scant",
            "wide",
            "broad",
            "substantial",
            "pay",
            "pays",
            "paid",
            "paying",
            "draw",
            "draws",
            "drawn",
            "drew",
            "attract",
            "attracts",
            "attracted",
            "attracting",
            "receive",
            "receives",
            "received",
            "gain",
            "gains",
            "gained",
            "deserve",
            "deserves",
            "deserved",
            "garnered",
            "garner",
            "call",
            "brought",
            "bring",
            "devoted",
            "devote",
            "research",
            "public",
            "increased",
            "renewed",
            "surging",
            "tremendous",
            "enormous",
            "extensive",
            "limited",
            "insufficient",
            "less",
            "no",
            "any",
            "some",
            "our",
            "their",
        ],
        &["to"],
    ),
    (
        // Numeric precision ("arbitrary precision", "mixed precision", "8-bit precision",
        // "lower precision operations") is not the metric.
        "precision",
        &[
            "arbitrary",
            "high",
            "higher",
            "low",
            "lower",
            "mixed",
            "full",
            "half",
            "single",
            "double",
            "numerical",
            "numeric",
            "reduced",
            "fixed",
            "machine",
            "finite",
            "infinite",
            "bit",
            "point",
            "float",
            "fp16",
            "fp32",
            "bf16",
            "int8",
        ],
        &[
            "operations",
            "arithmetic",
            "format",
            "formats",
            "weights",
            "computation",
            "computations",
            "floating",
            "training",
            "inference",
            "representation",
            "representations",
        ],
    ),
    (
        // "sensitivity to noise", "this sensitivity" describe a property, not the measure.
        "sensitivity",
        &[
            "this", "such", "its", "their", "limited", "high", "low", "higher", "lower",
        ],
        &["to", "analysis", "analyses"],
    ),
];

/// Drops lexicon hits that are a common word used in one of its set phrases ([`IDIOMS`]).
fn drop_idioms(doc: &mut Document<'_>) {
    let texts = [doc.title, doc.abstract_text];
    doc.mentions.retain(|m| {
        if m.rule != Rule::Lexicon {
            return true;
        }
        let Some((_, before, after)) = IDIOMS
            .iter()
            .find(|(w, ..)| m.surface.eq_ignore_ascii_case(w))
        else {
            return true;
        };
        let text = texts[m.span.field.slot()];
        let prev = text[..m.span.start]
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let next = text[m.span.end..]
            .trim_start()
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        !(before.contains(&prev.as_str()) || after.contains(&next.as_str()))
    });
}

/// Words after a name that say it is a dataset ("the Reddit corpus", "Wine data").
const DATASET_NOUNS: &[&str] = &[
    "dataset",
    "datasets",
    "data",
    "benchmark",
    "benchmarks",
    "corpus",
    "corpora",
    "collection",
    "split",
    "splits",
    "challenge",
    "leaderboard",
    "suite",
    "testbed",
    "environment",
    "environments",
    "tasks",
    "database",
];
/// Words before a name that say it is a dataset ("results on Kinetics", "trained on Reddit").
const DATASET_PREPOSITIONS: &[&str] = &["on", "across", "over", "from"];

/// Whether the words around `text[start..end]` say it is a dataset: a dataset noun after it,
/// or one of [`DATASET_PREPOSITIONS`] right before it.
pub fn dataset_context(text: &str, start: usize, end: usize) -> bool {
    let after = text[end..].trim_start_matches([' ', '-']);
    let next: String = after
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if DATASET_NOUNS.contains(&next.as_str()) {
        return true;
    }
    let before = text[..start].trim_end();
    let prev: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .flat_map(char::to_lowercase)
        .collect();
    DATASET_PREPOSITIONS.contains(&prev.as_str())
}

impl DictionaryExtractor {
    /// Coordinated modifiers share the rest of a known name: "recurrent or convolutional
    /// neural networks" names the recurrent neural network too, "image and video generation"
    /// image generation. A word (or two, "2D, 3D and …") joined by "and", "or" or a comma
    /// right before a known name of two or more words, whose substitution for the name's
    /// first word gives another known name of the same kind, is a mention of that name
    /// (its span is the word; its text, the full name).
    fn expand_ellipses(&self, doc: &mut Document<'_>) {
        let mut added = Vec::new();
        for m in &doc.mentions {
            let Some(e) = m.entry else { continue };
            let kind = self.lexicon.entry(e).kind;
            let text = doc.text(m.span.field);
            let surface = &text[m.span.start..m.span.end];
            let Some(first_end) = surface.find(' ') else {
                continue;
            };
            let rest = &surface[first_end..];
            let mut at = m.span.start;
            for _ in 0..2 {
                let before = &text[..at];
                let Some(sep) = [" or ", " and ", ", or ", ", and ", ", "]
                    .iter()
                    .find(|s| before.ends_with(**s))
                else {
                    break;
                };
                let word_end = at - sep.len();
                let word_start = text[..word_end]
                    .rfind(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .map_or(0, |i| i + 1);
                if word_start == word_end {
                    break;
                }
                let word = &text[word_start..word_end];
                let candidate = format!("{word}{rest}");
                match self.lexicon.lookup(&candidate) {
                    Some(o) if o != e && self.lexicon.entry(o).kind == kind => {
                        added.push(Mention {
                            kind: Some(kind),
                            surface: candidate,
                            span: Span {
                                field: m.span.field,
                                start: word_start,
                                end: word_end,
                            },
                            role: Role::Used,
                            rule: Rule::Lexicon,
                            entry: Some(o),
                        });
                    }
                    _ => break,
                }
                at = word_start;
            }
        }
        if added.is_empty() {
            return;
        }
        added.retain(|a| {
            !doc.mentions.iter().any(|m| {
                m.span.field == a.span.field
                    && m.span.start < a.span.end
                    && a.span.start < m.span.end
            })
        });
        doc.mentions.extend(added);
        doc.mentions.sort_by_key(|m| m.span);
    }

    /// Bare acronyms with several senses (`SAM`, `SSL`, `GA`) take the sense the paper names
    /// in full elsewhere (a lexicon hit of one of the senses' other names); with none named,
    /// they are dropped here (a definition `long form (SAM)` is read by the abbreviation
    /// layer, which then links every use).
    fn settle_ambiguous(&self, doc: &mut Document<'_>) {
        let ambiguous = |m: &Mention| {
            if m.rule != Rule::Lexicon {
                return None;
            }
            let bare = m.surface.strip_suffix('s').unwrap_or(&m.surface);
            self.lexicon
                .senses(bare)
                .or_else(|| self.lexicon.senses(&m.surface))
        };
        if !doc.mentions.iter().any(|m| ambiguous(m).is_some()) {
            return;
        }
        let resolved: Vec<Option<Option<u32>>> = doc
            .mentions
            .iter()
            .map(|m| {
                let senses = ambiguous(m)?;
                let named = doc.mentions.iter().find_map(|o| {
                    let e = o.entry?;
                    (senses.contains(&e) && ambiguous(o).is_none()).then_some(e)
                });
                Some(named)
            })
            .collect();
        let mut i = 0;
        doc.mentions.retain_mut(|m| {
            let r = resolved[i];
            i += 1;
            match r {
                None => true,
                Some(None) => false,
                Some(Some(e)) => {
                    m.entry = Some(e);
                    m.kind = Some(self.lexicon.entry(e).kind);
                    true
                }
            }
        });
    }

    /// Names that are datasets only in context (`Reddit`, `Kinetics`, `Wine`) stay when the
    /// words around them say so ([`dataset_context`]) or when they stand in a list with a
    /// dataset that needs no context ("BlogCatalog, Flickr and YouTube"); the rest go.
    fn settle_context(&self, doc: &mut Document<'_>) {
        let needs = |m: &Mention| {
            m.rule == Rule::Lexicon && m.entry.is_some_and(|e| self.lexicon.entry(e).needs_context)
        };
        if !doc.mentions.iter().any(needs) {
            return;
        }
        let listed = |m: &Mention| {
            let text = doc.text(m.span.field);
            doc.mentions.iter().any(|o| {
                if o.span.field != m.span.field || o.kind != Some(EntityKind::Dataset) || needs(o) {
                    return false;
                }
                let (a, b) = if o.span.end <= m.span.start {
                    (o.span.end, m.span.start)
                } else if m.span.end <= o.span.start {
                    (m.span.end, o.span.start)
                } else {
                    return false;
                };
                matches!(
                    text[a..b].trim(),
                    "," | "and" | ", and" | "or" | ", or" | "/" | "&"
                )
            })
        };
        let keep: Vec<bool> = doc
            .mentions
            .iter()
            .map(|m| {
                !needs(m)
                    || dataset_context(doc.text(m.span.field), m.span.start, m.span.end)
                    || listed(m)
            })
            .collect();
        let mut i = 0;
        doc.mentions.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }

    /// Where the name of a hit ends once the version, size, year or variant written after it
    /// is taken in ([`super::variant`]): models, datasets and coined method names (`LoRA-FA`)
    /// have members; generic terms (`attention-based`) do not.
    fn variant_end(&self, text: &str, hit: &Hit) -> usize {
        let entry = self.lexicon.entry(hit.entry);
        let coined = super::pattern::is_coined(&text[hit.start..hit.end]);
        let kind = match entry.kind {
            EntityKind::Model | EntityKind::Dataset => entry.kind,
            EntityKind::Method if coined => EntityKind::Model,
            _ => return hit.end,
        };
        super::variant::extend(text, hit.end, kind, |t| self.lexicon.lookup(t).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extractor() -> DictionaryExtractor {
        let lex = Lexicon::parse(
            "model\tBERT\t\t\t\nmodel\tGPT-4\t\t\t\nmodel\tGPT-4o\t\t\t\nmethod\tsparse autoencoder\tSAE\t\t\nmethod\tattention\t\t\t\n",
        )
        .unwrap();
        DictionaryExtractor::new(Arc::new(lex))
    }

    fn surfaces(text: &str) -> Vec<&str> {
        extractor()
            .find(text)
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect()
    }

    #[test]
    fn word_boundaries_and_longest_match() {
        assert_eq!(
            surfaces("RoBERTa beats BERT and GPT-4o beats GPT-4."),
            ["BERT", "GPT-4o", "GPT-4"]
        );
    }

    #[test]
    fn case_rules_and_plurals() {
        // "bert" is not BERT; plural SAEs and "Sparse Autoencoders" match.
        assert_eq!(
            surfaces("bert. Sparse Autoencoders (SAEs) use Attention."),
            ["Sparse Autoencoders", "SAEs", "Attention"]
        );
    }

    #[test]
    fn a_rejected_hit_does_not_hide_the_next_one() {
        let lex = Lexicon::parse("dataset\tN-ImageNet\t\t\t\ndataset\tImageNet\t\t\t\n").unwrap();
        let ex = DictionaryExtractor::new(Arc::new(lex));
        let text = "We train on ImageNet.";
        let hits: Vec<&str> = ex
            .find(text)
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(hits, ["ImageNet"]);
    }

    #[test]
    fn camel_case_names_do_not_match_ordinary_words() {
        let lex =
            Lexicon::parse("model\tComplEx\t\t\t\ndataset\tImageNet\t\t\t\nmodel\tLLaMA\t\t\t\n")
                .unwrap();
        let ex = DictionaryExtractor::new(Arc::new(lex));
        let text = "A complex Complex model on ImageNet and IMAGENET, not imagenet or Imagenet; LLama, not llama.";
        let hits: Vec<&str> = ex
            .find(text)
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(hits, ["ImageNet", "IMAGENET", "LLama"]);
    }

    #[test]
    fn plural_endings_follow_the_pattern_and_its_case() {
        let lex =
            Lexicon::parse("method\tsparse autoencoder\tSAE\t\t\nmethod\tsearch approach\t\t\t\n")
                .unwrap();
        let ex = DictionaryExtractor::new(Arc::new(lex));
        let text = "Sparse autoencoders, SAEs, SAES and search approaches; not SAEx.";
        let hits: Vec<&str> = ex
            .find(text)
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(hits, ["Sparse autoencoders", "SAEs", "search approaches"]);
    }

    #[test]
    fn names_ending_in_separators() {
        let lex = Lexicon::parse(
            "model\tDCN+\t\t\t\nmodel\tBiDAF++\t\t\t\nmodel\tDeepLab v3+\t\t\t\nmodel\tDCN\t\t\t\n",
        )
        .unwrap();
        let ex = DictionaryExtractor::new(Arc::new(lex));
        let text = "DCN+, BiDAF++ and DeepLab v3+ beat DCN+x and BiDAF+.";
        let hits: Vec<&str> = ex
            .find(text)
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        // `DCN+x`: the `+` is glued to a word, so only `DCN` matches.
        assert_eq!(hits, ["DCN+", "BiDAF++", "DeepLab v3+", "DCN"]);
    }

    #[test]
    fn ambiguous_acronyms_need_a_sense_named_in_full() {
        let lex = Lexicon::parse(
            "model\tSegment Anything Model\tSAM\tambiguous:SAM\t\nmethod\tsharpness-aware minimization\t\tambiguous:SAM\t\n",
        )
        .unwrap();
        let ex = crate::extract::Extractors::with_lexicon(Arc::new(lex));
        let names = |abs: &str| -> Vec<(String, Vec<String>)> {
            ex.extract_text("A title", abs)
                .into_iter()
                .map(|l| (l.name, l.mentions))
                .collect()
        };
        assert!(names("We fine-tune SAM on scans.").is_empty());
        assert_eq!(
            names("We train with sharpness-aware minimization. SAM helps."),
            [(
                "sharpness-aware minimization".to_owned(),
                vec!["sharpness-aware minimization".to_owned(), "SAM".to_owned()]
            )]
        );
        let defined = names("We use the Segment Anything Model (SAM). SAM works.");
        assert_eq!(defined.len(), 1, "{defined:?}");
        assert_eq!(defined[0].0, "Segment Anything Model");
    }

    #[test]
    fn names_that_are_also_words_need_dataset_context() {
        let names = crate::extract::names_with(
            "dataset\tReddit\t\tcontext\t\ndataset\tFlickr\t\tcontext\t\ndataset\tBlogCatalog\t\t\t\n",
        );
        assert!(names("People love Reddit and Flickr today.").is_empty());
        assert_eq!(names("We use the Reddit dataset."), ["Reddit"]);
        assert_eq!(names("Results on Reddit improve."), ["Reddit"]);
        assert_eq!(
            names("Networks such as BlogCatalog, Flickr improve."),
            ["BlogCatalog", "Flickr"]
        );
    }

    #[test]
    fn coordinated_modifiers_share_the_rest_of_a_known_name() {
        let names = crate::extract::names_with(
            "method\trecurrent neural network\tRNN\t\t\nmethod\tconvolutional neural network\tCNN\t\t\ntask\timage generation\t\t\t\ntask\tvideo generation\t\t\t\n",
        );
        assert_eq!(
            names("Models use recurrent or convolutional neural networks."),
            ["recurrent neural network", "convolutional neural network"]
        );
        assert_eq!(
            names("We study image and video generation."),
            ["image generation", "video generation"]
        );
        // No known name made by the substitution: nothing added.
        assert_eq!(
            names("We study fast and video generation."),
            ["video generation"]
        );
    }

    #[test]
    fn attention_in_a_set_phrase_is_not_the_mechanism() {
        let lex = Lexicon::parse("method\tattention mechanism\tattention\t\t\n").unwrap();
        let ex = crate::extract::Extractors::with_lexicon(Arc::new(lex));
        let n = |abs: &str| ex.extract_text("A title", abs).len();
        assert_eq!(n("This question deserves further attention."), 0);
        assert_eq!(
            n("Little attention is paid to X. We pay attention to Y."),
            0
        );
        assert_eq!(n("We replace attention with a linear map."), 1);
    }

    #[test]
    fn numeric_precision_and_a_property_called_sensitivity_are_not_metrics() {
        let lex = Lexicon::parse("metric\tprecision\t\t\t\nmetric\tsensitivity\t\t\t\n").unwrap();
        let ex = crate::extract::Extractors::with_lexicon(Arc::new(lex));
        let n = |abs: &str| ex.extract_text("A title", abs).len();
        assert_eq!(n("It approximates any map to arbitrary precision."), 0);
        assert_eq!(
            n("Training in mixed precision with 8-bit precision weights."),
            0
        );
        assert_eq!(n("It lowers the cost of high precision operations."), 0);
        assert_eq!(n("The model has limited sensitivity to input noise."), 0);
        assert_eq!(n("We report precision and sensitivity on the test set."), 2);
    }

    #[test]
    fn non_ascii_neighbours_are_letters() {
        assert!(surfaces("éBERT").is_empty());
        assert_eq!(surfaces("«BERT»"), ["BERT"]);
    }
}
