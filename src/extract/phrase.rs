//! Phrase layer: established terms the lexicon lacks, found as noun phrases with a telling
//! head word.
//!
//! About a third of the entities papers name are ordinary noun phrases in no list
//! ("incremental layer-wise training", "multi-layer depth estimation", "memory replay"). Their
//! head word says what they are: `… training`, `… attention`, `… autoencoder` are methods;
//! `… estimation`, `… reasoning`, `… generation` are tasks; `… speedup`, `… error` are
//! metrics. The chunker is deliberately simple: a phrase is a run of words between function
//! words, verbs and punctuation; its last word is the head; leading evaluative adjectives
//! ("novel", "efficient") are dropped; one-word phrases are left to the lexicon.

use super::words::WordMap;
use super::{Document, EntityKind, Extractor, Field, Mention, Role, Rule, Span};
use std::sync::LazyLock;

/// Finds typed noun phrases.
#[derive(Debug, Default)]
pub struct PhraseExtractor {
    modifiers: Modifiers,
}

/// The words the field uses to modify a name: every word but the last of the lexicon's
/// multi-word names and aliases (`sequence` of "sequence labeling", `few-shot`, `visual`).
/// A phrase's modifiers must be such words, hyphenated compounds or coined names, so that
/// "*stronger* visual reasoning" and "*two* machine translation" lose their first word.
#[derive(Debug, Default)]
pub struct Modifiers(rustc_hash::FxHashSet<Box<[u8]>>);

impl Modifiers {
    /// The modifier words of a lexicon's names (lower case).
    pub fn of(lexicon: &super::Lexicon) -> Self {
        let mut set = rustc_hash::FxHashSet::default();
        for e in lexicon.entries() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let lower = name.to_ascii_lowercase();
                let words: Vec<&str> = lower
                    .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
                    .filter(|w| !w.is_empty())
                    .collect();
                if let Some((_, init)) = words.split_last() {
                    for w in init {
                        set.insert(w.as_bytes().into());
                    }
                }
            }
        }
        Modifiers(set)
    }

    /// Whether a (lower-case) word may modify a phrase: a word of the field's names, a
    /// hyphenated compound, a number-and-letters name (`3d`), or any word when no lexicon
    /// is given.
    fn allows(&self, word: &[u8]) -> bool {
        self.0.is_empty()
            || word.contains(&b'-')
            || word.iter().any(u8::is_ascii_digit)
            || self.0.contains(word)
    }
}

impl PhraseExtractor {
    /// The layer, with the modifier words of `lexicon`.
    pub fn new(lexicon: &super::Lexicon) -> Self {
        PhraseExtractor {
            modifiers: Modifiers::of(lexicon),
        }
    }
}

/// Head words and the kind they give a phrase (singular, lower case).
const HEADS: &[(&str, EntityKind)] = &[
    ("attention", EntityKind::Method),
    ("learning", EntityKind::Method),
    ("backpropagation", EntityKind::Method),
    ("probing", EntityKind::Method),
    ("masking", EntityKind::Method),
    ("autoencoder", EntityKind::Method),
    ("quantization", EntityKind::Method),
    ("perceptron", EntityKind::Method),
    ("decoding", EntityKind::Method),
    ("descent", EntityKind::Method),
    ("pruning", EntityKind::Method),
    ("convolution", EntityKind::Method),
    ("distillation", EntityKind::Method),
    ("regularization", EntityKind::Method),
    ("normalization", EntityKind::Method),
    ("augmentation", EntityKind::Method),
    ("tuning", EntityKind::Method),
    ("replay", EntityKind::Method),
    ("injection", EntityKind::Method),
    ("transformer", EntityKind::Method),
    ("prompting", EntityKind::Method),
    ("isolation", EntityKind::Method),
    ("merging", EntityKind::Method),
    ("steering", EntityKind::Method),
    ("guidance", EntityKind::Method),
    ("initialization", EntityKind::Method),
    ("caching", EntityKind::Method),
    ("routing", EntityKind::Method),
    ("sampling", EntityKind::Method),
    ("matching", EntityKind::Method),
    ("splatting", EntityKind::Method),
    ("inversion", EntityKind::Method),
    ("reasoning", EntityKind::Task),
    ("modeling", EntityKind::Task),
    ("modelling", EntityKind::Task),
    ("estimation", EntityKind::Task),
    ("reconstruction", EntityKind::Task),
    ("prediction", EntityKind::Task),
    ("synthesis", EntityKind::Task),
    ("generation", EntityKind::Task),
    ("forgetting", EntityKind::Task),
    ("classification", EntityKind::Task),
    ("detection", EntityKind::Task),
    ("segmentation", EntityKind::Task),
    ("recognition", EntityKind::Task),
    ("translation", EntityKind::Task),
    ("retrieval", EntityKind::Task),
    ("answering", EntityKind::Task),
    ("summarization", EntityKind::Task),
    ("tagging", EntityKind::Task),
    ("parsing", EntityKind::Task),
    ("tracking", EntityKind::Task),
    ("captioning", EntityKind::Task),
    ("animation", EntityKind::Task),
    ("forecasting", EntityKind::Task),
    ("localization", EntityKind::Task),
    ("transfer", EntityKind::Task),
    ("editing", EntityKind::Task),
    ("restoration", EntityKind::Task),
    ("enhancement", EntityKind::Task),
    ("inpainting", EntityKind::Task),
    ("completion", EntityKind::Task),
    ("grounding", EntityKind::Task),
    ("navigation", EntityKind::Task),
    ("speedup", EntityKind::Metric),
    ("latency", EntityKind::Metric),
];

/// Words that end a phrase: determiners, prepositions, conjunctions, pronouns, auxiliaries and
/// common verbs, quantifiers.
const BOUNDARY: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "our",
    "his",
    "her",
    "and",
    "or",
    "but",
    "nor",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "without",
    "by",
    "from",
    "into",
    "onto",
    "over",
    "under",
    "via",
    "as",
    "than",
    "between",
    "through",
    "across",
    "within",
    "about",
    "against",
    "after",
    "before",
    "during",
    "while",
    "where",
    "when",
    "which",
    "who",
    "whose",
    "what",
    "how",
    "why",
    "whether",
    "if",
    "then",
    "thus",
    "we",
    "it",
    "they",
    "them",
    "us",
    "you",
    "i",
    "one",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "can",
    "could",
    "may",
    "might",
    "will",
    "would",
    "shall",
    "should",
    "must",
    "not",
    "no",
    "each",
    "every",
    "all",
    "both",
    "some",
    "any",
    "such",
    "other",
    "another",
    "more",
    "most",
    "less",
    "least",
    "much",
    "many",
    "few",
    "several",
    "various",
    "also",
    "only",
    "even",
    "still",
    "yet",
    "very",
    "show",
    "shows",
    "showed",
    "shown",
    "propose",
    "proposes",
    "proposed",
    "present",
    "presents",
    "introduce",
    "introduces",
    "use",
    "uses",
    "used",
    "using",
    "achieve",
    "achieves",
    "improve",
    "improves",
    "enable",
    "enables",
    "require",
    "requires",
    "based",
    "called",
    "named",
    "make",
    "makes",
    "allow",
    "allows",
    "leads",
    "lead",
    "perform",
    "performs",
    "outperform",
    "outperforms",
    "demonstrate",
    "demonstrates",
    "study",
    "studies",
    "via",
    "i.e",
    "e.g",
    "etc",
    "here",
    "there",
    "so",
    "however",
    "further",
    "first",
    "second",
    "new",
    "novel",
    "existing",
    "proposed",
    "recent",
    "previous",
    "prior",
    "standard",
    "simple",
    "efficient",
    "effective",
    "traditional",
    "conventional",
    "popular",
    "common",
    "typical",
    "modern",
    "current",
    "state-of-the-art",
    "strong",
    "better",
    "improved",
    "large",
    "scale",
    "small",
    "high",
    "low",
    "good",
    "robust",
    "general",
    "specific",
    "different",
    "same",
    "similar",
    "key",
    "main",
    "certain",
    "particular",
    "significant",
    "additional",
    "extensive",
    "comprehensive",
    "powerful",
    "promising",
    "challenging",
    "important",
    "widely",
    "well",
    "single",
    "multiple",
    "entire",
    "whole",
    "full",
    "overall",
    "final",
    "accurate",
    "consistent",
    "coherent",
    "limited",
    "strict",
    "given",
    "default",
    "critical",
    "alternative",
    "realistic",
    "surprising",
    "lightweight",
    "deeper",
    "shallow",
    "earlier",
    "later",
    "late",
    "middle",
    "intermediate",
    "subsequent",
    "adjacent",
    "nearby",
    "neighbouring",
    "neighboring",
    "high-quality",
    "real-world",
    "human-like",
    "precise",
    "informative",
    "output",
    "input",
    "like",
    "unlike",
    "including",
    "towards",
    "toward",
    "beyond",
    "require",
    "requiring",
    "caused",
    "made",
    "aids",
    "avoids",
    "resist",
];

/// Verbs common in abstracts, and prepositions and adverbs the list above lacks: a phrase never
/// runs across them ("we *conduct* probing", "*among* masked image modeling", "*include*
/// contrastive learning"). Only forms that are never nouns or adjectives in a name.
const VERBS: &[&str] = &[
    "among",
    "amongst",
    "upon",
    "despite",
    "unless",
    "until",
    "since",
    "whereas",
    "although",
    "though",
    "because",
    "via",
    "per",
    "versus",
    "vs",
    "along",
    "around",
    "behind",
    "below",
    "above",
    "besides",
    "except",
    "inside",
    "outside",
    "toward",
    "onto",
    "underlying",
    "include",
    "includes",
    "included",
    "conduct",
    "conducts",
    "conducted",
    "investigate",
    "investigates",
    "investigated",
    "explore",
    "explores",
    "explored",
    "examine",
    "examines",
    "examined",
    "analyze",
    "analyzes",
    "analyzed",
    "analyse",
    "analyses",
    "analysed",
    "evaluate",
    "evaluates",
    "evaluated",
    "develop",
    "develops",
    "developed",
    "design",
    "designs",
    "designed",
    "apply",
    "applies",
    "applied",
    "combine",
    "combines",
    "combined",
    "leverage",
    "leverages",
    "leveraged",
    "exploit",
    "exploits",
    "exploited",
    "employ",
    "employs",
    "employed",
    "adopt",
    "adopts",
    "adopted",
    "integrate",
    "integrates",
    "integrated",
    "incorporate",
    "incorporates",
    "incorporated",
    "introduce",
    "introduced",
    "presented",
    "provide",
    "provides",
    "provided",
    "offer",
    "offers",
    "offered",
    "obtain",
    "obtains",
    "obtained",
    "yield",
    "yields",
    "yielded",
    "reach",
    "reaches",
    "reached",
    "surpass",
    "surpasses",
    "surpassed",
    "exceed",
    "exceeds",
    "exceeded",
    "reduce",
    "reduces",
    "reduced",
    "increase",
    "increases",
    "increased",
    "enhance",
    "enhances",
    "boost",
    "boosts",
    "boosted",
    "address",
    "addresses",
    "addressed",
    "tackle",
    "tackles",
    "tackled",
    "solve",
    "solves",
    "solved",
    "consider",
    "considers",
    "considered",
    "focus",
    "focuses",
    "focused",
    "rely",
    "relies",
    "relied",
    "remain",
    "remains",
    "remained",
    "become",
    "becomes",
    "became",
    "seem",
    "seems",
    "appear",
    "appears",
    "suggest",
    "suggests",
    "suggested",
    "indicate",
    "indicates",
    "indicated",
    "reveal",
    "reveals",
    "revealed",
    "find",
    "finds",
    "found",
    "observe",
    "observes",
    "observed",
    "argue",
    "argues",
    "argued",
    "claim",
    "claims",
    "believe",
    "believes",
    "aim",
    "aims",
    "aimed",
    "seek",
    "seeks",
    "attempt",
    "attempts",
    "try",
    "tries",
    "tried",
    "help",
    "helps",
    "helped",
    "support",
    "supports",
    "supported",
    "involve",
    "involves",
    "involved",
    "contain",
    "contains",
    "contained",
    "consist",
    "consists",
    "comprise",
    "comprises",
    "cover",
    "covers",
    "covered",
    "span",
    "spans",
    "spanning",
    "take",
    "takes",
    "took",
    "taken",
    "give",
    "gives",
    "gave",
    "given",
    "get",
    "gets",
    "got",
    "keep",
    "keeps",
    "kept",
    "let",
    "lets",
    "need",
    "needs",
    "needed",
    "want",
    "wants",
    "call",
    "calls",
    "suffer",
    "suffers",
    "suffered",
    "struggle",
    "struggles",
    "fail",
    "fails",
    "failed",
    "lack",
    "lacks",
    "lacked",
    "outperformed",
    "achieved",
    "enabled",
    "required",
    "demonstrated",
    "showed",
    "showing",
    "shown",
    "allowing",
    "enabling",
    "making",
    "leading",
    "resulting",
    "compared",
    "compare",
    "compares",
    "comparing",
    "train",
    "trains",
    "trained",
    "learn",
    "learns",
    "learned",
    "learnt",
    "predict",
    "predicts",
    "predicted",
    "generate",
    "generates",
    "generated",
    "produce",
    "produces",
    "produced",
    "capture",
    "captures",
    "captured",
    "extract",
    "extracts",
    "extracted",
    "model",
    "models",
    "modeled",
    "modelled",
    "mitigate",
    "mitigates",
    "mitigated",
    "alleviate",
    "alleviates",
    "alleviated",
    "prevent",
    "prevents",
    "prevented",
    "avoid",
    "avoided",
    "ensure",
    "ensures",
    "ensured",
    "guarantee",
    "guarantees",
    "maintain",
    "maintains",
    "maintained",
    "preserve",
    "preserves",
    "preserved",
    "release",
    "releases",
    "released",
    "perform",
    "performed",
    "facilitate",
    "facilitates",
    "facilitated",
    "agnostic",
    "specific",
    "aware",
    "free",
    "driven",
    "oriented",
    "dependent",
    "independent",
    "respectively",
    "simultaneously",
    "effectively",
    "efficiently",
    "up",
    "down",
    "out",
    "off",
    "laborious",
    "time-consuming",
    "inaccurate",
    "expensive",
    "costly",
    "tedious",
    "naive",
    "major",
    "minor",
    "crucial",
    "essential",
    "fundamental",
    "foundational",
    "basic",
    "advanced",
    "sophisticated",
    "complex",
    "complicated",
    "difficult",
    "hard",
    "easy",
    "superior",
    "inferior",
    "poor",
    "excellent",
    "outstanding",
    "remarkable",
    "impressive",
    "notable",
    "substantial",
    "considerable",
    "massive",
    "huge",
    "vast",
    "tremendous",
    "unprecedented",
    "practical",
    "reliable",
    "unreliable",
    "scalable",
    "flexible",
    "versatile",
    "universal",
    "holistic",
    "systematic",
    "thorough",
    "rigorous",
    "careful",
    "detailed",
    "extremely",
    "highly",
    "largely",
    "mostly",
    "merely",
    "solely",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "s",
    "research",
    "researchers",
    "practitioners",
    "community",
    "vanilla",
    "plain",
    "original",
    "classic",
    "classical",
    "canonical",
    "naive",
];

/// Words after which a participle is an adjective ("of masked autoencoders").
const ARTICLES_AND_PREPOSITIONS: &[&[u8]] = &[
    b"a", b"an", b"the", b"of", b"with", b"via", b"using", b"by", b"for", b"from", b"in", b"on",
    b"through", b"and", b"or", b"as", b"to",
];

/// Words after which the next word is a verb, not part of a noun phrase.
const VERB_CUES: &[&str] = &[
    "to", "we", "they", "it", "can", "could", "may", "might", "will", "would", "should", "must",
    "which", "that", "who", "also", "not", "often", "models", "methods",
];

/// Heads that only make an entity with a modifier that is itself technical; these
/// modifiers make a phrase too vague to be a name.
const VAGUE_MODIFIERS: &[&str] = &[
    "deep",
    "neural",
    "machine",
    "model",
    "models",
    "data",
    "training",
    "test",
    "task",
    "downstream",
    "human",
    "top",
    "higher",
    "lower",
    "better",
    "worse",
    "best",
    "total",
    "average",
    "overall",
    "final",
    "fast",
    "faster",
    "slow",
    "slower",
];

/// Generic nouns that may follow a phrase's head without changing what it names.
const TRAILERS: &[&str] = &[
    "task",
    "tasks",
    "problem",
    "problems",
    "setting",
    "settings",
    "framework",
    "frameworks",
    "approach",
    "approaches",
    "method",
    "methods",
    "technique",
    "techniques",
    "paradigm",
    "paradigms",
    "strategy",
    "strategies",
    "scheme",
    "schemes",
    "pipeline",
    "pipelines",
    "capability",
    "capabilities",
    "ability",
    "abilities",
    "benchmark",
    "benchmarks",
    "performance",
    "algorithm",
    "algorithms",
    "objective",
    "objectives",
    "system",
    "systems",
    "nature",
    "property",
    "properties",
];

/// What the chunker knows about a word: bit flags, and a head kind in the high bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct WordInfo(u8);

impl WordInfo {
    const BOUNDARY: u8 = 1;
    const VAGUE: u8 = 2;
    const VERB_CUE: u8 = 4;
    const TRAILER: u8 = 8;

    fn is(self, flag: u8) -> bool {
        self.0 & flag != 0
    }

    fn head(self) -> Option<EntityKind> {
        match self.0 >> 4 {
            0 => None,
            k => Some(EntityKind::ALL[usize::from(k - 1)]),
        }
    }
}

/// The word lists as one table, so a word costs one lookup.
fn word_table() -> WordMap<WordInfo> {
    let kind_bits = |kind: EntityKind| {
        let k = EntityKind::ALL
            .iter()
            .position(|&x| x == kind)
            .expect("a kind");
        (k as u8 + 1) << 4
    };
    let entries = BOUNDARY
        .iter()
        .chain(VERBS)
        .map(|&w| (w, WordInfo(WordInfo::BOUNDARY)))
        .chain(
            VAGUE_MODIFIERS
                .iter()
                .map(|&w| (w, WordInfo(WordInfo::VAGUE))),
        )
        .chain(VERB_CUES.iter().map(|&w| (w, WordInfo(WordInfo::VERB_CUE))))
        .chain(TRAILERS.iter().map(|&w| (w, WordInfo(WordInfo::TRAILER))))
        .chain(HEADS.iter().map(|&(w, k)| (w, WordInfo(kind_bits(k)))));
    WordMap::new(entries, |a, b| WordInfo(a.0 | b.0))
}

static WORDS: LazyLock<WordMap<WordInfo>> = LazyLock::new(word_table);

/// The information of a (lower-case) word.
#[inline]
fn info(word: &[u8]) -> WordInfo {
    WORDS.get_bytes(word).unwrap_or_default()
}

/// The kind a (lower-case) head word gives, trying its singular too.
fn head_kind(lower: &[u8]) -> Option<EntityKind> {
    if let Some(k) = info(lower).head() {
        return Some(k);
    }
    let singular = lower
        .strip_suffix(b"s")
        .filter(|s| s.len() > 3 && !s.ends_with(b"s"))?;
    info(singular).head()
}

/// Word tokens with byte offsets, from the text's words (runs of letters and digits): words
/// joined by one hyphen or apostrophe make one token ("state-of-the-art", "model's").
fn tokens(text: &str, words: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(words.len());
    for &(start, end) in words {
        match out.last_mut() {
            Some(last) if start == last.1 + 1 && matches!(bytes[last.1], b'-' | b'\'') => {
                last.1 = end;
            }
            _ => out.push((start, end)),
        }
    }
    out
}

/// The phrases of one text: (start, end, kind).
///
/// One pass of the chunker over the whole text; only runs of words that end in a head word
/// become phrases.
pub fn phrases(text: &str) -> Vec<(usize, usize, EntityKind)> {
    let words = super::words::word_spans(text);
    phrases_in(
        text,
        &text.to_ascii_lowercase(),
        &words,
        &Modifiers::default(),
        &[],
    )
}

/// [`phrases`] given the text's ASCII-lower-cased copy and its words too.
fn phrases_in(
    text: &str,
    folded: &str,
    words: &[(usize, usize)],
    modifiers: &Modifiers,
    named: &[(usize, usize)],
) -> Vec<(usize, usize, EntityKind)> {
    let starts_sentence = |s: usize| {
        let before = text[..s].trim_end();
        before.is_empty() || before.ends_with(['.', '!', '?', ':'])
    };
    let toks = tokens(text, words);
    // ASCII lower-casing keeps byte offsets, so tokens are slices of one lower-cased copy
    // (the word lists are ASCII; other letters never match them anyway).
    let lower: Vec<&[u8]> = toks
        .iter()
        .map(|&(s, e)| &folded.as_bytes()[s..e])
        .collect();
    let mut out = Vec::new();
    // Runs: consecutive content words joined only by a single space.
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, out: &mut Vec<(usize, usize, EntityKind)>| {
        // Words after the head that do not change what the phrase names ("sequence modeling
        // *tasks*", "contrastive learning *framework*") or that are the verb after it
        // ("sequence modeling *evolved*"): at most two, and never the whole run.
        let mut cut = 0;
        while cut < 2 && run.len() > cut + 1 {
            let w = lower[run[run.len() - 1 - cut]];
            let verb = w.len() > 4 && w.ends_with(b"ed") && !w.contains(&b'-');
            if head_kind(w).is_some() || !(info(w).is(WordInfo::TRAILER) || verb) {
                break;
            }
            cut += 1;
        }
        run.truncate(run.len() - cut);
        if let Some(&last) = run.last() {
            let he = toks[last].1;
            if let Some(kind) = head_kind(lower[last]) {
                let take = run.len().min(4);
                let mut first = run.len() - take;
                // After "to", a subject pronoun or a modal, the run's first word is a verb
                // ("to facilitate reasoning", "we decode predictions").
                if first == 0 && run[0] > 0 && info(lower[run[0] - 1]).is(WordInfo::VERB_CUE) {
                    first = 1;
                }
                // A participle after an article or a preposition, or opening a sentence, is
                // an adjective ("using *stacked* autoencoders", "*Masked* modeling works").
                let adjective_slot = run[0] == 0 || starts_sentence(toks[run[0]].0) || {
                    let prev = lower[run[0] - 1];
                    ARTICLES_AND_PREPOSITIONS.contains(&prev)
                };
                while first < run.len() - 1 {
                    let w = lower[run[first]];
                    // A leading gerund or participle is the verb before the phrase
                    // ("addressing catastrophic forgetting", "demonstrated … reconstruction").
                    let participle = w.ends_with(b"ed") && first == 0 && adjective_slot;
                    let verb_like = !w.contains(&b'-')
                        && (w.ends_with(b"ing") || w.ends_with(b"ed"))
                        && !participle;
                    if verb_like || info(w).is(WordInfo::VAGUE) || w.iter().all(u8::is_ascii_digit)
                    {
                        first += 1;
                    } else {
                        break;
                    }
                }
                // A modifier the field never uses in a name ends what comes before it,
                // unless the paper names the phrase as what it proposes ("we propose
                // homologous recognition").
                let proposed = run
                    .get(first)
                    .is_some_and(|&i| named.iter().any(|&(a, b)| a <= toks[i].0 && he <= b));
                if let Some(n) = (first..run.len() - 1)
                    .rev()
                    .find(|&n| !proposed && !modifiers.allows(lower[run[n]]))
                {
                    first = n + 1;
                }
                // Ordinary words must be lower case: a capitalised phrase is a sentence start
                // or a title's Title Case, where the chunker cannot tell name from prose.
                // The first word may be capitalised at the start of a sentence.
                // A capitalised modifier before a lower-case head is a proper adjective
                // ("Hebbian learning", "Bayesian optimization"), not Title Case.
                let head_lower = text[toks[last].0..he]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_uppercase());
                let lower_case = run[first..].iter().enumerate().all(|(n, &i)| {
                    let w = &text[toks[i].0..toks[i].1];
                    w.chars().next().is_some_and(|c| !c.is_uppercase())
                        || super::pattern::is_coined(w)
                        || (n == 0 && starts_sentence(toks[i].0))
                        || (head_lower && i != last)
                });
                if run.len() - first >= 2 && lower_case {
                    out.push((toks[run[first]].0, he, kind));
                }
            }
        }
        run.clear();
    };
    for (i, &(s, _)) in toks.iter().enumerate() {
        let w = lower[i];
        let joined = i > 0 && {
            let gap = toks[i - 1].1;
            s == gap + 1 && text.as_bytes()[gap] == b' '
        };
        if !joined {
            flush(&mut run, &mut out);
        }
        // Quantities ("5x", "10k", "124m") end a phrase; names with digits ("3D") do not.
        // So do counts joined to a noun ("13-layer", "7-billion-parameter").
        let quantity = w.first().is_some_and(u8::is_ascii_digit)
            && (w.iter().all(|&c| {
                c.is_ascii_digit() || matches!(c, b'x' | b'k' | b'm' | b'b' | b'g' | b'%')
            }) || w
                .iter()
                .position(|&c| c == b'-')
                .is_some_and(|h| w[..h].iter().all(u8::is_ascii_digit)));
        let boundary =
            info(w).is(WordInfo::BOUNDARY) || (w.ends_with(b"ly") && w.len() > 4) || quantity;
        if boundary {
            flush(&mut run, &mut out);
        } else {
            run.push(i);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Whether a phrase `start..end` is a narrower name for the mention `m` inside it: `m` is a
/// lexicon task or method (not a coined name) that ends the phrase.
fn narrows(m: &Mention, start: usize, end: usize) -> bool {
    m.rule == Rule::Lexicon
        && matches!(m.kind, Some(EntityKind::Task | EntityKind::Method))
        && m.span.end == end
        && m.span.start > start
        && !super::pattern::is_coined(&m.surface)
}

impl Extractor for PhraseExtractor {
    fn name(&self) -> &'static str {
        "phrase"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        // Phrases and the one known name each narrows, if any.
        let mut found: Vec<(Span, EntityKind, Option<usize>)> = Vec::new();
        for field in [Field::Title, Field::Abstract] {
            let text = doc.text(field);
            let named: &[(usize, usize)] = match field {
                Field::Abstract => &doc.proposal_objects,
                Field::Title => &[],
            };
            for (start, end, kind) in phrases_in(
                text,
                doc.lower(field),
                doc.words(field),
                &self.modifiers,
                named,
            ) {
                let mut overlapping = doc.mentions.iter().enumerate().filter(|(_, m)| {
                    m.span.field == field && m.span.start < end && start < m.span.end
                });
                let narrowed = match (overlapping.next(), overlapping.next()) {
                    (None, _) => None,
                    // A known task or method with modifiers before it names a narrower one
                    // ("dense human pose estimation", "cross-layer attention").
                    (Some((i, m)), None) if narrows(m, start, end) => Some(i),
                    _ => continue,
                };
                found.push((Span { field, start, end }, kind, narrowed));
            }
        }
        // A narrower name is an entity of its own, unless the paper also writes the known
        // name bare: then the two are one entity written two ways ("autoencoders … a vanilla
        // autoencoder").
        let narrowed: Vec<usize> = found.iter().filter_map(|f| f.2).collect();
        let bare_entries: Vec<u32> = doc
            .mentions
            .iter()
            .enumerate()
            .filter(|(i, _)| !narrowed.contains(i))
            .filter_map(|(_, m)| m.entry)
            .collect();
        let mut new = Vec::with_capacity(found.len());
        for (span, kind, narrows) in found {
            // The phrase a proposal sentence makes its object is what the paper introduces.
            let role = if span.field == Field::Abstract
                && doc
                    .proposal_objects
                    .iter()
                    .any(|&(a, b)| a == span.start && span.end <= b)
            {
                Role::Introduced
            } else {
                Role::Used
            };
            let surface = doc.text(span.field)[span.start..span.end].to_owned();
            let (kind, entry) = match narrows {
                None => (kind, None),
                Some(i) => {
                    let known = &doc.mentions[i];
                    let entry = known.entry.filter(|e| bare_entries.contains(e));
                    (known.kind.unwrap_or(kind), entry)
                }
            };
            new.push(Mention {
                kind: Some(kind),
                surface,
                span,
                role,
                rule: if narrows.is_some() {
                    Rule::Narrowed
                } else {
                    Rule::Phrase
                },
                entry,
            });
        }
        let mut i = 0;
        doc.mentions.retain(|_| {
            i += 1;
            !narrowed.contains(&(i - 1))
        });
        doc.mentions.extend(new);
        doc.mentions.sort_by_key(|m| m.span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, EntityKind)> {
        phrases(text)
            .into_iter()
            .map(|(s, e, k)| (&text[s..e], k))
            .collect()
    }

    #[test]
    fn the_word_table_keeps_every_list() {
        for &(w, kind) in HEADS {
            assert_eq!(head_kind(w.as_bytes()), Some(kind), "{w}");
        }
        assert!(
            BOUNDARY
                .iter()
                .all(|w| info(w.as_bytes()).is(WordInfo::BOUNDARY))
        );
        assert!(
            VAGUE_MODIFIERS
                .iter()
                .all(|w| info(w.as_bytes()).is(WordInfo::VAGUE))
        );
        assert!(
            VERB_CUES
                .iter()
                .all(|w| info(w.as_bytes()).is(WordInfo::VERB_CUE))
        );
        // "models" is both a verb cue and a vague modifier; plurals find their head.
        assert!(info(b"models").is(WordInfo::VAGUE) && info(b"models").is(WordInfo::VERB_CUE));
        assert_eq!(head_kind(b"detections"), Some(EntityKind::Task));
        assert_eq!(info(b"unlisted"), WordInfo::default());
    }

    #[test]
    fn typed_phrases_by_head_word() {
        assert_eq!(
            found("We study incremental layer-wise pruning and multi-layer depth estimation."),
            [
                ("incremental layer-wise pruning", EntityKind::Method),
                ("multi-layer depth estimation", EntityKind::Task)
            ]
        );
        assert_eq!(found("It reduces the memory replay cost."), []);
        assert_eq!(
            found("a 2.5x inference speedup"),
            [("inference speedup", EntityKind::Metric)]
        );
        assert_eq!(
            found("by addressing catastrophic forgetting"),
            [("catastrophic forgetting", EntityKind::Task)]
        );
        assert_eq!(
            found("needed to facilitate abstract reasoning"),
            [("abstract reasoning", EntityKind::Task)]
        );
    }

    #[test]
    fn a_sentence_may_start_with_the_phrase() {
        assert_eq!(
            found("It works. Sequence modeling is hard."),
            [("Sequence modeling", EntityKind::Task)]
        );
        // Title Case in the middle of a sentence is not read as a phrase.
        assert!(found("We study Sequence Modeling today.").is_empty());
    }

    #[test]
    fn verbs_prepositions_and_evaluative_words_end_phrases() {
        assert_eq!(
            found("we conduct probing among contrastive representation learning"),
            [("contrastive representation learning", EntityKind::Method)]
        );
        assert_eq!(
            found("avoids laborious hyper-parameter tuning in a 13-layer transformer"),
            [("hyper-parameter tuning", EntityKind::Method)]
        );
        assert_eq!(
            found("Scaling up end-to-end speech recognition"),
            [("end-to-end speech recognition", EntityKind::Task)]
        );
        // "large scale" says how big, not which problem.
        assert_eq!(
            found("we tackle very large scale music modeling tasks"),
            [("music modeling", EntityKind::Task)]
        );
    }

    fn links(title: &str, abs: &str) -> Vec<(String, Vec<String>)> {
        let lex = crate::extract::Lexicon::parse(
            "task\tpose estimation\t\t\t\nmethod\tautoencoder\t\t\t\nmethod\tattention\t\t\t\n\
             task\tdense retrieval\t\t\t\ntask\thuman activity recognition\t\t\t\n\
             method\tvanilla transformer\t\t\t\n",
        )
        .unwrap();
        crate::extract::Extractors::with_lexicon(std::sync::Arc::new(lex))
            .extract_text(title, abs)
            .into_iter()
            .map(|l| (l.name, l.mentions))
            .collect()
    }

    #[test]
    fn modifiers_narrow_a_known_name() {
        // Written only with its modifiers, the narrower name is the entity …
        assert_eq!(
            links("T", "We study dense human pose estimation in the wild."),
            [(
                "dense human pose estimation".to_owned(),
                vec!["dense human pose estimation".to_owned()]
            )]
        );
        // … written bare too, it is one entity written two ways.
        assert_eq!(
            links(
                "T",
                "Autoencoders are simple. We train a dense autoencoder."
            ),
            [(
                "autoencoder".to_owned(),
                vec!["Autoencoders".to_owned(), "dense autoencoder".to_owned()]
            )]
        );
    }

    #[test]
    fn modifiers_the_field_never_uses_in_a_name_are_dropped() {
        let lex = crate::extract::Lexicon::parse(
            "task\tabstract reasoning\t\t\t\ntask\tvisual question answering\t\t\t\n",
        )
        .unwrap();
        let modifiers = Modifiers::of(&lex);
        let text = "It shows stronger visual reasoning and cross-modal abstract reasoning.";
        let words = crate::extract::words::word_spans(text);
        let got: Vec<&str> = phrases_in(text, &text.to_ascii_lowercase(), &words, &modifiers, &[])
            .into_iter()
            .map(|(s, e, _)| &text[s..e])
            .collect();
        assert_eq!(got, ["visual reasoning", "cross-modal abstract reasoning"]);
    }

    #[test]
    fn trailing_generic_nouns_and_verbs_do_not_hide_the_head() {
        assert_eq!(
            found("strong on sequence modeling tasks. Sequence modeling evolved quickly."),
            [
                ("sequence modeling", EntityKind::Task),
                ("Sequence modeling", EntityKind::Task)
            ]
        );
    }

    #[test]
    fn vague_and_single_words_are_not_entities() {
        assert!(found("This improves deep learning and accuracy.").is_empty());
        assert!(found("Our novel training is simple.").is_empty());
    }
}
