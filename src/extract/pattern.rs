//! Pattern layer: names the lexicon does not know, found by the shape of the text.
//!
//! * The title's `Name: what it is` prefix (`CURL: Contrastive Unsupervised
//!   Representations…`), the most common way a paper names what it introduces; `A and B: …`
//!   names two.
//! * Coined names (`LaDeCo`, `PINOCCHIO`, `D-LAYERS`) right after "we propose / introduce /
//!   present …" or "called / named / dubbed …": introduced by the paper.
//! * "the X dataset / benchmark / corpus": X is a dataset.
//! * Model-shaped names anywhere (`EnhanceNet`, `DenseFormer`, `PALBERT`): a coined word
//!   ending in a model-family suffix.
//!
//! Each name's other uses in the title and abstract are mentions of the same entity. Kinds are
//! left to the typing layer, which reads the words around the name.

use super::dictionary::is_word_bounded;
use super::lexicon::Lexicon;
use super::{Document, EntityKind, Extractor, Field, Mention, Role, Rule, Span};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::{Arc, LazyLock};

/// Title prefixes that announce a genre, not a name.
const NOT_NAMES: &[&str] = &[
    "survey",
    "review",
    "position",
    "tutorial",
    "perspective",
    "commentary",
    "correction",
    "erratum",
    "editorial",
    "preprint",
    "note",
    "technical report",
    "report",
    "opinion",
    "abstract",
    "introduction",
    "overview",
    "case study",
    "short paper",
    "demo",
    "keynote",
];

/// Small words that do not occur inside a product-like name but do in a phrase title
/// ("Faith and Fate", "Layer by Layer", "From LLMs to Actions").
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "by", "for", "with", "from", "in", "on", "at", "is",
    "are", "be", "as", "via", "beyond", "towards", "toward", "into", "over", "under", "not", "no",
    "do", "does", "what", "why", "how", "when", "which", "who", "can", "your", "you", "we", "our",
    "up", "down", "out", "off", "all", "that", "this", "its", "it", "vs", "versus",
];

/// A token shaped like a coined name: an inner capital (`LaDeCo`, `ResNet`), a digit with a
/// letter (`S5`, `D3Net`), or three or more capitals (`CLAW`, `PINOCCHIO`, `D-LAYERS`).
pub fn is_coined(token: &str) -> bool {
    // `405B`, `2D`, `4K`: sizes and dimensions, not names.
    if super::junk::is_quantity(token) {
        return false;
    }
    // One pass: letters, capitals, lower-case letters, digits, a capital after a lower-case
    // letter.
    let (mut letters, mut upper, mut lower) = (0usize, 0usize, 0usize);
    let (mut digit, mut inner_upper, mut prev_lower) = (false, false, false);
    for c in token.chars() {
        if c.is_ascii() {
            let b = c as u8;
            digit |= b.is_ascii_digit();
            if b.is_ascii_uppercase() {
                letters += 1;
                upper += 1;
                inner_upper |= prev_lower;
            } else if b.is_ascii_lowercase() {
                letters += 1;
                lower += 1;
            }
            prev_lower = b.is_ascii_lowercase();
        } else {
            letters += usize::from(c.is_alphabetic());
            let is_upper = c.is_uppercase();
            upper += usize::from(is_upper);
            lower += usize::from(c.is_lowercase());
            inner_upper |= is_upper && prev_lower;
            prev_lower = c.is_lowercase();
        }
    }
    letters > 0 && (inner_upper || (digit && upper > 0) || (upper >= 3 && lower <= 1))
}

/// Whether `word` is one of `list`, ignoring ASCII case (no allocation).
fn one_of(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether a title prefix reads like a name rather than a phrase.
fn is_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || name.len() > 40 || words.len() > 4 {
        return false;
    }
    if !name.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    if NOT_NAMES.contains(&name.to_lowercase().as_str()) {
        return false;
    }
    if words
        .iter()
        .any(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
    {
        return false;
    }
    // One word is a name (`Tutel`, `CURL`); several ordinary capitalised words are a phrase
    // ("Unfair Alignment") unless one of them is coined ("MRKL Systems", "4Real-Video-V2").
    words.len() == 1 || words.iter().any(|w| is_coined(w))
}

/// The byte ranges of the names in the title's `Name:` prefix: one, or two joined by "and"
/// or "&" (`TS-LSTM and Temporal-Inception: …`).
pub fn title_prefix_names(title: &str) -> Vec<(usize, usize)> {
    let Some(colon) = title.find(": ") else {
        return Vec::new();
    };
    let raw = &title[..colon];
    let trim = |s: usize, e: usize| {
        let t = &title[s..e];
        let lead = t.len() - t.trim_start().len();
        (s + lead, s + lead + t.trim().len())
    };
    let whole = trim(0, raw.len());
    if is_name(&title[whole.0..whole.1]) {
        return vec![whole];
    }
    for sep in [" and ", " & "] {
        if let Some(i) = raw.find(sep) {
            let (a, b) = (trim(0, i), trim(i + sep.len(), raw.len()));
            let (na, nb) = (&title[a.0..a.1], &title[b.0..b.1]);
            if is_name(na) && is_name(nb) && (is_coined(na) || is_coined(nb)) {
                return vec![a, b];
            }
        }
    }
    Vec::new()
}

/// Adds a mention for every other word-bounded use of `name` in the title and abstract.
fn add_uses(doc: &mut Document<'_>, name: &str, role: Role, rule: Rule, except: Span) {
    for field in [Field::Title, Field::Abstract] {
        let text = doc.text(field);
        for i in memchr::memmem::find_iter(text.as_bytes(), name.as_bytes()) {
            let at = i + name.len();
            let span = Span {
                field,
                start: i,
                end: at,
            };
            let taken = doc
                .mentions
                .iter()
                .any(|m| m.span.field == field && m.span.start < at && i < m.span.end);
            if span != except && !taken && is_word_bounded(text, i, at) {
                doc.mentions.push(Mention {
                    kind: None,
                    surface: name.to_owned(),
                    span,
                    role,
                    rule,
                    entry: None,
                });
            }
        }
    }
}

/// Finds the `Name:` prefix of a title.
#[derive(Debug, Default)]
pub struct TitlePrefixExtractor;

impl TitlePrefixExtractor {
    /// The layer.
    pub fn new() -> Self {
        TitlePrefixExtractor
    }
}

impl Extractor for TitlePrefixExtractor {
    fn name(&self) -> &'static str {
        "title-prefix"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        // A title that is one known name and nothing else ("HyperNetworks") is about
        // introducing it.
        let whole = doc.title.trim_end_matches(['.', '?', '!']);
        if let Some(m) = doc.mentions.iter_mut().find(|m| {
            m.span.field == Field::Title && m.span.start == 0 && m.span.end == whole.len()
        }) {
            m.role = Role::Introduced;
        }
        for (start, end) in title_prefix_names(doc.title) {
            let name = &doc.title[start..end];
            let span = Span {
                field: Field::Title,
                start,
                end,
            };
            // A dictionary hit that is the whole prefix ("BERT: Pre-training …") keeps its
            // lexicon entry and becomes introduced. A known name with a suffix ("SMAC-R1:
            // …") is a new member the paper introduces: its kind comes from the title, not
            // from the family's, so the variant mentions become title-prefix mentions.
            if let Some(m) = doc.mentions.iter_mut().find(|m| m.span == span) {
                m.role = Role::Introduced;
                if m.rule != Rule::Variant {
                    continue;
                }
            }
            let variant = |m: &Mention| m.rule == Rule::Variant && m.surface == name;
            if doc.mentions.iter().any(|m| m.span == span) {
                for m in doc.mentions.iter_mut().filter(|m| variant(m)) {
                    m.rule = Rule::TitlePrefix;
                    m.kind = None;
                    m.role = Role::Introduced;
                }
                continue;
            }
            doc.mentions.push(Mention {
                kind: None,
                surface: name.to_owned(),
                span,
                role: Role::Introduced,
                rule: Rule::TitlePrefix,
                entry: None,
            });
            add_uses(doc, name, Role::Introduced, Rule::TitlePrefix, span);
        }
        doc.mentions.sort_by_key(|m| m.span);
    }
}

/// Finds what a title names as the paper's contribution without a colon: its leading noun
/// phrase ("**Memory Layers** at Scale", "**Key-Value Memory Networks** for Directly Reading
/// Documents", "**HyperNetworks**"), when the phrase names a method or model (its head word
/// says so, or it holds a coined word), the lexicon does not know it (a known method in a
/// title, "Graph Attention Networks for Traffic Forecasting", is used, not introduced) and the
/// abstract names it again, or defines an acronym for it.
pub struct TitleNameExtractor {
    lexicon: Arc<Lexicon>,
}

impl TitleNameExtractor {
    /// A layer that leaves names the lexicon knows alone.
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        TitleNameExtractor { lexicon }
    }
}

/// Words that end a title's leading noun phrase.
const TITLE_NP_STOPS: &[&str] = &[
    "for", "in", "with", "via", "on", "of", "to", "from", "using", "by", "towards", "toward", "as",
    "is", "are", "at", "and", "or", "through", "without", "beyond", "under", "over", "into",
    "meets", "made", "can", "do", "does", "improves", "learns", "enables", "that",
];

/// Head words of a title phrase that names a method or model, besides those of
/// [`super::typing::kind_from_head`].
const TITLE_HEADS: &[&str] = &[
    "reader",
    "readers",
    "encoder",
    "encoders",
    "decoder",
    "decoders",
    "machine",
    "machines",
    "module",
    "modules",
    "memory",
    "memories",
    "lstm",
    "lstms",
    "rnn",
    "rnns",
    "cnn",
    "cnns",
    "gan",
    "gans",
    "tree",
    "trees",
    "forest",
    "forests",
    "head",
    "heads",
    "inversion",
    "aggregation",
    "connectivity",
    "diffusion",
];

/// The title's leading noun phrase: its byte range, if the title opens with one of two to
/// five capitalised or hyphenated words (one coined word alone counts too: "HyperNetworks").
pub fn title_lead_phrase(title: &str) -> Option<(usize, usize)> {
    let words = super::words::word_spans(title);
    let first = &title[..words.first()?.1];
    // Titles opening with an article, a question word or a gerund are sentences, not names.
    let lower = first.to_ascii_lowercase();
    if FUNCTION_WORDS.contains(&lower.as_str()) || lower.ends_with("ing") {
        return None;
    }
    let (start, end, count) = title_phrase_from(title, &words, 0)?;
    // "EPT-1.5 Technical Report", "X System Card": the name is what the report is about.
    let mut phrase = &title[start..end];
    let mut count = count;
    for genre in [
        " Technical Report",
        " Tech Report",
        " Report",
        " System Card",
        " Model Card",
    ] {
        if phrase.len() > genre.len() && phrase.ends_with(genre) && end == title.len() {
            phrase = &phrase[..phrase.len() - genre.len()];
            count = phrase.split_whitespace().count();
            break;
        }
    }
    (count >= 2 || is_coined(phrase)).then_some((start, start + phrase.len()))
}

/// The capitalised noun phrases a title names as its means ("Disentanglement via **Latent
/// Quantization**", "Augmenting Self-attention with **Persistent Memory**"): two to five
/// words after "via", "with", "using", "through" or "by" (an article skipped), each starting
/// with a capital or a digit.
pub fn title_means_phrases(title: &str) -> Vec<(usize, usize)> {
    let words = super::words::word_spans(title);
    let mut out = Vec::new();
    for (i, &(s, e)) in words.iter().enumerate() {
        if !one_of(&["via", "with", "using", "through", "by"], &title[s..e]) {
            continue;
        }
        let mut k = i + 1;
        if words
            .get(k)
            .is_some_and(|&(a, b)| one_of(&["a", "an", "the"], &title[a..b]))
        {
            k += 1;
        }
        let Some(&(a, _)) = words.get(k) else {
            continue;
        };
        if !title[a..].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
            continue;
        }
        if let Some((start, end, count)) = title_phrase_from(title, &words, k) {
            if count >= 2
                && title[start..end].split_whitespace().all(|w| {
                    w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '"')
                })
            {
                out.push((start, end));
            }
        }
    }
    out
}

/// The noun phrase of a title that starts at word `first`: words joined by single spaces
/// (or hyphens, or points between digits) up to a stop word; its range and word count, if
/// it has at most five words.
fn title_phrase_from(
    title: &str,
    words: &[(usize, usize)],
    first: usize,
) -> Option<(usize, usize, usize)> {
    let bytes = title.as_bytes();
    let start = words.get(first)?.0;
    let mut end = start;
    let mut count = 0;
    for (i, &(s, e)) in words.iter().enumerate().skip(first) {
        // Words joined by a hyphen are one ("Key-Value"), and so are digits joined by a
        // point ("EPT-1.5").
        let joined = i > first
            && s == words[i - 1].1 + 1
            && (bytes[s - 1] == b'-'
                || (bytes[s - 1] == b'.'
                    && bytes[s].is_ascii_digit()
                    && bytes[s - 2].is_ascii_digit()));
        let gap = &title[end..s];
        if i > first && !joined && gap != " " {
            break;
        }
        let word = &title[s..e];
        if one_of(TITLE_NP_STOPS, word) {
            break;
        }
        if !joined {
            count += 1;
        }
        end = e;
    }
    (end > start && count <= 5).then_some((start, end, count))
}

impl Extractor for TitleNameExtractor {
    fn name(&self) -> &'static str {
        "title-name"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        // The `Name:` prefix rule has spoken for the leading phrase of titles with a colon.
        let prefixed =
            doc.title.contains(": ") || doc.mentions.iter().any(|m| m.rule == Rule::TitlePrefix);
        let candidates: Vec<(usize, usize)> = title_lead_phrase(doc.title)
            .filter(|_| !prefixed)
            .into_iter()
            .chain(title_means_phrases(doc.title))
            .collect();
        for (start, end) in candidates {
            self.introduce_title_phrase(doc, start, end);
        }
        doc.mentions.sort_by_key(|m| m.span);
    }
}

impl TitleNameExtractor {
    /// Makes `title[start..end]` an introduced name if it passes the checks of the type docs.
    fn introduce_title_phrase(&self, doc: &mut Document<'_>, start: usize, end: usize) {
        let name = &doc.title[start..end];
        let last = name
            .rsplit([' ', '-'])
            .next()
            .unwrap_or(name)
            .to_ascii_lowercase();
        let headed = matches!(
            super::typing::kind_from_head(name),
            Some(EntityKind::Method | EntityKind::Model)
        ) || TITLE_HEADS.contains(&last.as_str());
        let coined = name
            .split([' ', '-'])
            .any(|w| is_coined(w) && self.lexicon.lookup(w).is_none());
        if !(headed || coined) || self.lexicon.lookup(name).is_some() {
            return;
        }
        let key = super::normalize::entity_key(name);
        if super::UMBRELLA_KEYS.contains(&key) {
            return;
        }
        // The abstract names it again (any case, singular or plural), or defines an acronym
        // for it.
        let lower_name = name.to_ascii_lowercase();
        let singular = lower_name.strip_suffix('s').unwrap_or(&lower_name);
        let abstract_lower = doc.lower[Field::Abstract.slot()].as_str();
        let again =
            memchr::memmem::find_iter(abstract_lower.as_bytes(), singular.as_bytes()).any(|i| {
                is_word_bounded(abstract_lower, i, i + singular.len()) || {
                    let e = i + singular.len();
                    abstract_lower.as_bytes().get(e) == Some(&b's')
                        && is_word_bounded(abstract_lower, i, e + 1)
                }
            });
        let defined = doc
            .abbreviations
            .iter()
            .any(|a| super::normalize::entity_key(&a.long) == key);
        // A longer name the abstract defines ("Progressive Volume Distillation with Active
        // Learning (PVD-AL)") is the contribution; the definition speaks for it.
        let longer = doc.abbreviations.iter().any(|a| {
            let long = a.long.to_ascii_lowercase();
            long.len() > lower_name.len() && long.contains(lower_name.as_str())
        });
        if longer {
            return;
        }
        if !(again || defined) {
            return;
        }
        let span = Span {
            field: Field::Title,
            start,
            end,
        };
        // A shorter mention inside the phrase ("Memory" of "Memory Layers") gives way.
        doc.mentions.retain(|m| {
            !(m.span.field == Field::Title && m.span.start < end && start < m.span.end)
        });
        doc.mentions.push(Mention {
            kind: None,
            surface: name.to_owned(),
            span,
            role: Role::Introduced,
            rule: Rule::TitleName,
            entry: None,
        });
        // Its uses in the abstract, written in any case.
        let text = doc.abstract_text;
        let mut uses = Vec::new();
        for i in memchr::memmem::find_iter(abstract_lower.as_bytes(), singular.as_bytes()) {
            let mut e = i + singular.len();
            if abstract_lower.as_bytes().get(e) == Some(&b's') && !is_word_bounded(text, i, e) {
                e += 1;
            }
            // Not inside a longer name found already ("structurally-aware adaptive pruning
            // (SAAP)" holds "adaptive pruning").
            let inside = doc.mentions.iter().any(|m| {
                m.span.field == Field::Abstract
                    && m.span.start <= i
                    && e <= m.span.end
                    && m.span.end - m.span.start > e - i
            });
            if is_word_bounded(text, i, e) && !inside {
                uses.push((i, e));
            }
        }
        for (i, e) in uses {
            doc.mentions.retain(|m| {
                !(m.span.field == Field::Abstract && m.span.start < e && i < m.span.end)
            });
            doc.mentions.push(Mention {
                kind: None,
                surface: text[i..e].to_owned(),
                span: Span {
                    field: Field::Abstract,
                    start: i,
                    end: e,
                },
                role: Role::Introduced,
                rule: Rule::TitleName,
                entry: None,
            });
        }
        doc.mentions.sort_by_key(|m| m.span);
    }
}

/// Verbs that introduce what a paper contributes, in their inflected forms.
const PROPOSAL_VERBS: &[&str] = &[
    "propose",
    "introduce",
    "present",
    "develop",
    "design",
    "release",
    "build",
    "construct",
    "create",
    "curate",
    "collect",
    "contribute",
    "offer",
    "devise",
];
/// Verbs that name something just described: no subject needed.
const NAMING_VERBS: &[&str] = &["called", "named", "dubbed", "termed", "coined"];
/// Subjects a proposal verb needs before it (within 40 bytes, same clause).
const SUBJECTS: &[&str] = &["we", "this paper", "this work", "this study", "here"];

/// One case-insensitive automaton over every verb form; the pattern index says which list.
static VERBS: LazyLock<(AhoCorasick, usize)> = LazyLock::new(|| {
    let mut forms: Vec<String> = Vec::new();
    for v in PROPOSAL_VERBS {
        forms.push(v.to_string());
        forms.push(format!("{v}s"));
        match v.strip_suffix('e') {
            Some(stem) => {
                forms.push(format!("{v}d"));
                forms.push(format!("{stem}ing"));
            }
            None => {
                forms.push(format!("{v}ed"));
                forms.push(format!("{v}ing"));
            }
        }
    }
    let split = forms.len();
    forms.extend(NAMING_VERBS.iter().map(|v| v.to_string()));
    // Case-sensitive over lower-cased text: a small case-sensitive set runs on the SIMD
    // (Teddy) searcher, much faster than a case-insensitive automaton.
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&forms)
        .expect("verb forms build");
    (ac, split)
});

/// Where the object of a proposal starts in `sentence` ("We propose | LaDeCo, …", "a method
/// called | X"), if the sentence has one.
pub fn proposal_object_start(sentence: &str) -> Option<usize> {
    let lower = sentence.to_ascii_lowercase();
    object_start(sentence, &lower, &verb_matches(sentence, &lower))
}

/// A proposal or naming verb: byte range and whether it is a naming verb ("called").
#[derive(Clone, Copy)]
struct Verb {
    start: usize,
    end: usize,
    naming: bool,
}

/// The whole-word verbs of `text` (given its ASCII-lower-cased copy), in order.
fn verb_matches(text: &str, lower: &str) -> Vec<Verb> {
    let (ac, split) = &*VERBS;
    ac.find_iter(lower)
        .filter(|m| is_word_bounded(text, m.start(), m.end()))
        .map(|m| Verb {
            start: m.start(),
            end: m.end(),
            naming: m.pattern().as_usize() >= *split,
        })
        .collect()
}

/// [`proposal_object_start`] given the sentence's lower-cased copy and its verbs (offsets
/// relative to the sentence).
fn object_start(sentence: &str, lower: &str, verbs: &[Verb]) -> Option<usize> {
    object_starts(sentence, lower, verbs).first().copied()
}

/// Where the objects of every proposal verb of `sentence` start: verbs with a subject shortly
/// before them ("we propose", "this paper introduces"), naming verbs ("called"), verbs
/// coordinated with an accepted one ("we build on X and introduce Y") and gerunds after "by"
/// or "in" ("… by introducing Y").
fn object_starts(sentence: &str, lower: &str, verbs: &[Verb]) -> Vec<usize> {
    let mut out = Vec::new();
    for m in verbs {
        if m.naming {
            out.push(m.end);
            continue;
        }
        let before = lower[..m.start].trim_end();
        let coordinated = !out.is_empty() && (before.ends_with(" and") || before.ends_with(','));
        let gerund = lower[m.start..m.end].ends_with("ing")
            && (before.ends_with(" by") || before.ends_with(" in"));
        // A subject shortly before the verb, with no clause break in between.
        let from = sentence[..m.start]
            .char_indices()
            .rev()
            .take_while(|&(i, c)| m.start - i <= 45 && c != '.' && c != ';')
            .last()
            .map_or(m.start, |(i, _)| i);
        let window = &lower[from..m.start];
        let has_subject = SUBJECTS.iter().any(|subj| {
            window.match_indices(subj).any(|(i, _)| {
                is_word_bounded(window, i, i + subj.len())
                    && m.start - (from + i + subj.len()) <= 40
            })
        });
        if has_subject || coordinated || gerund {
            out.push(m.end);
        }
    }
    out
}

/// A byte that can be part of a name token: a letter, digit, `-`, `+` or `.`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')
}

/// Name-like tokens in `text[from..to]`: runs of letters, digits, `-`, `+` and `.` that start
/// with a letter or digit, without trailing `-` or `.`, at least two bytes long.
fn name_tokens(text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < to && is_token_byte(bytes[i]) {
            i += 1;
        }
        let mut end = i;
        while end > start && matches!(bytes[end - 1], b'-' | b'.') {
            end -= 1;
        }
        if end - start >= 2 {
            out.push((start, end));
        }
    }
    out
}

/// Words that open a proposal's object without being part of the name ("we propose *a
/// novel* …").
const LEAD_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "our",
    "this",
    "new",
    "novel",
    "simple",
    "general",
    "unified",
    "generic",
    "first",
    "efficient",
    "effective",
    "lightweight",
    "powerful",
    "principled",
    "scalable",
    "flexible",
    "robust",
    "fast",
    "two",
    "three",
    "several",
    "family",
    "set",
    "class",
    "suite",
    "of",
    "called",
    "named",
    "dubbed",
    "termed",
    "coined",
    "namely",
];

/// Words that end the object's first noun phrase ("a method *for* …", "X *that* …").
const NP_STOPS: &[&str] = &[
    "for",
    "to",
    "that",
    "which",
    "who",
    "with",
    "in",
    "on",
    "of",
    "by",
    "via",
    "using",
    "based",
    "where",
    "whose",
    "and",
    "or",
    "than",
    "as",
    "from",
    "into",
    "through",
    "across",
    "over",
    "under",
    "is",
    "are",
    "was",
    "were",
    "can",
    "will",
    "to",
    "while",
    "without",
    "at",
    "leveraging",
    "built",
    "trained",
    "designed",
];

/// Words that introduce the name of what was just described ("a dataset *called* X").
const NAMING_WORDS: &[&str] = &[
    "called", "named", "dubbed", "termed", "coined", "namely", "denoted", "referred", "known",
];

/// Where a proposal's object may name something, in `text[from..to]`: the first noun phrase
/// after the verb (its lead words skipped: "we propose *a novel* **LayerNet**"), and the
/// appositive right after it ("a layered framework, **LaDeCo**, that …", "a benchmark called
/// **KiloGram**", "graph attention networks (**GATs**)"). A name deeper in the sentence ("…
/// for the problem of pose estimation from a single RGB image") is not the object.
pub fn object_slots(text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let word_at = |i: usize| {
        let mut j = i;
        while j < to
            && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'-' | b'\'' | b'+' | b'.'))
        {
            j += 1;
        }
        while j > i && matches!(bytes[j - 1], b'.' | b'-') {
            j -= 1;
        }
        j
    };
    // Spaces and quotation marks (`“`, `”`, `"`).
    let skip_space = |mut i: usize| {
        loop {
            if i < to && matches!(bytes[i], b' ' | b'"') {
                i += 1;
            } else if text[i.min(to)..to].starts_with(['\u{201c}', '\u{201d}']) {
                i += 3;
            } else {
                return i;
            }
        }
    };
    // Lead words.
    let mut i = skip_space(from);
    loop {
        let j = word_at(i);
        if j == i || !one_of(LEAD_WORDS, &text[i..j]) {
            break;
        }
        i = skip_space(j);
    }
    let np_start = i;
    // The noun phrase: words up to a stop word or punctuation.
    let mut np_end = np_start;
    loop {
        let j = word_at(i);
        if j == i || one_of(NP_STOPS, &text[i..j]) {
            break;
        }
        np_end = j;
        i = skip_space(j);
    }
    let mut slots = vec![(np_start, np_end.max(np_start + 1).min(to.max(np_start + 1)))];
    // The appositive after it.
    let mut k = skip_space(np_end);
    let sep = matches!(bytes.get(k), Some(b',' | b'(' | b':'));
    if sep {
        k = skip_space(k + 1);
    }
    let j = word_at(k);
    if j > k && one_of(NAMING_WORDS, &text[k..j]) {
        k = skip_space(j);
    } else if !sep {
        return slots;
    }
    // "denoted as X", "referred to as X", "known as X".
    for filler in ["to", "as"] {
        let j = word_at(k);
        if text[k..j].eq_ignore_ascii_case(filler) {
            k = skip_space(j);
        }
    }
    let j = word_at(k);
    if one_of(&["the", "a", "an"], &text[k..j]) {
        k = skip_space(j);
    }
    let mut end = k;
    loop {
        let j = word_at(end);
        if j == end || one_of(NP_STOPS, &text[end..j]) {
            break;
        }
        end = skip_space(j);
    }
    if end > k {
        slots.push((k, end));
    }
    slots
}

/// The keys ([`super::normalize::entity_key`]) of every run of one to six words of a title,
/// to ask whether the title names something.
fn title_keys(title: &str) -> Vec<String> {
    let words = super::words::word_spans(title);
    let mut out = Vec::new();
    for i in 0..words.len() {
        for j in i..words.len().min(i + 6) {
            out.push(super::normalize::entity_key(&title[words[i].0..words[j].1]));
        }
    }
    out
}

/// Coined names introduced in "we propose …" sentences.
pub struct ProposalExtractor {
    lexicon: Arc<Lexicon>,
}

impl ProposalExtractor {
    /// A layer that leaves names the lexicon knows to the dictionary.
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        ProposalExtractor { lexicon }
    }
}

/// How far after the proposal verb a name still counts as its object, in bytes.
const OBJECT_WINDOW: usize = 90;

impl Extractor for ProposalExtractor {
    fn name(&self) -> &'static str {
        "proposal"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        let text = doc.abstract_text;
        let mut found: Vec<(Span, String, Option<EntityKind>)> = Vec::new();
        // One pass for the verbs over the whole abstract; only sentences holding one are
        // looked at closely.
        // Whole words only: "present" inside "representation" is no proposal.
        // The field itself, not `doc.lower()`: the borrow must leave `doc.mentions` free.
        let lower = doc.lower[Field::Abstract.slot()].as_str();
        let verbs = verb_matches(text, lower);
        if verbs.is_empty() {
            self.introduce_title_definitions(doc);
            return;
        }
        let mut in_sentence: Vec<Verb> = Vec::new();
        // The keys of the title's word runs, made only if a known name heads an object.
        let title = doc.title;
        let title_phrases = std::cell::OnceCell::new();
        for (s, e) in doc.sentences() {
            // Verbs never span a sentence break, so the sentence's own verbs are those of
            // the whole text that fall inside it.
            in_sentence.clear();
            in_sentence.extend(
                verbs
                    .iter()
                    .filter(|v| s <= v.start && v.end <= e)
                    .map(|v| Verb {
                        start: v.start - s,
                        end: v.end - s,
                        naming: v.naming,
                    }),
            );
            if in_sentence.is_empty() {
                continue;
            }
            for object in object_starts(&text[s..e], &lower[s..e], &in_sentence) {
                let from = s + object;
                let to = (from + OBJECT_WINDOW).min(e);
                let to = (to..=e).find(|&i| text.is_char_boundary(i)).unwrap_or(e);
                let slots = object_slots(text, from, to);
                if let Some(&(a, b)) = slots.first().filter(|s| s.1 > s.0) {
                    doc.proposal_objects.push((a, b));
                }
                let in_slot = |i: usize| slots.iter().any(|&(a, b)| a <= i && i < b);
                for (start, end) in name_tokens(text, from, to) {
                    let name = &text[start..end];
                    if !in_slot(start)
                        || !is_coined(name)
                        || !is_word_bounded(text, start, end)
                        || self.lexicon.lookup(name).is_some()
                    {
                        continue;
                    }
                    // Plural acronyms of known things ("LLMs") are not new names.
                    if name.ends_with('s') && self.lexicon.lookup(&name[..name.len() - 1]).is_some()
                    {
                        continue;
                    }
                    // A name in the appositive takes the kind the noun phrase before it
                    // says ("a large-scale dataset, CompCars"; "a new benchmark called X").
                    let described = slots
                        .first()
                        .filter(|s0| s0.1 <= start)
                        .and_then(|s0| super::typing::kind_from_title_rest(&text[s0.0..s0.1]));
                    found.push((
                        Span {
                            field: Field::Abstract,
                            start,
                            end,
                        },
                        name.to_owned(),
                        described,
                    ));
                    break;
                }
                // A definition whose long form heads the object ("we propose Transformer
                // with residual value (ResFormer)"): its acronym is what is introduced, and a
                // known name inside the long form is not.
                let mut defined_here: Vec<(String, (usize, usize))> = Vec::new();
                for a in &doc.abbreviations {
                    if let Some(i) = text[from..to].find(a.long.as_str()) {
                        let at = from + i;
                        if slots.iter().any(|s| s.0 == at) {
                            defined_here.push((
                                super::normalize::entity_key(&a.short),
                                (at, at + a.long.len()),
                            ));
                        }
                    }
                }
                for m in doc.mentions.iter_mut() {
                    if m.span.field != Field::Abstract {
                        continue;
                    }
                    if !defined_here.is_empty() {
                        let key = super::normalize::entity_key(&m.surface);
                        if defined_here.iter().any(|(k, _)| *k == key) {
                            m.role = Role::Introduced;
                            continue;
                        }
                    }
                    let in_window = m.span.start >= from && m.span.start < to;
                    let inside_long = defined_here.iter().any(|&(_, (a, b))| {
                        a <= m.span.start && m.span.end <= b && m.span.end - m.span.start < b - a
                    });
                    if !in_window || inside_long {
                        continue;
                    }
                    // A definition of a new name anywhere in the object ("we propose to predict
                    // tokens from coarse to fine (CTF)"); a known name only where the object
                    // names it.
                    if !(in_slot(m.span.start)
                        || (m.rule == Rule::Abbreviation && m.entry.is_none()))
                    {
                        continue;
                    }
                    // Acronym definitions in the object position name what the paper brings
                    // ("we present graph attention networks (GATs)"), unless the long form is a
                    // known entity written deeper in the phrase ("a pruning method for large
                    // language models (LLMs)").
                    let heads = slots.iter().any(|s| s.0 == m.span.start);
                    let defined = m.rule == Rule::Abbreviation && (m.entry.is_none() || heads);
                    // A known name heading the object is introduced when the title names it too
                    // ("Graph Attention Networks" … "we present graph attention networks").
                    let titled = heads
                        && title_phrases
                            .get_or_init(|| title_keys(title))
                            .contains(&super::normalize::entity_key(&m.surface));
                    if defined || titled {
                        m.role = Role::Introduced;
                    }
                }
            }
        }
        for (span, name, described) in found {
            if doc.mentions.iter().any(|m| {
                m.span.field == span.field && m.span.start < span.end && span.start < m.span.end
            }) {
                // Already found by an earlier layer (e.g. an acronym definition): introduce it.
                for m in doc
                    .mentions
                    .iter_mut()
                    .filter(|m| m.span == span && m.entry.is_none())
                {
                    m.role = Role::Introduced;
                    m.kind = m.kind.or(described);
                }
                continue;
            }
            doc.mentions.push(Mention {
                kind: described,
                surface: name.clone(),
                span,
                role: Role::Introduced,
                rule: Rule::Proposal,
                entry: None,
            });
            add_uses(doc, &name, Role::Introduced, Rule::Proposal, span);
            if described.is_some() {
                for m in doc
                    .mentions
                    .iter_mut()
                    .filter(|m| m.rule == Rule::Proposal && m.surface == name)
                {
                    m.kind = described;
                }
            }
        }
        self.introduce_title_definitions(doc);
        doc.mentions.sort_by_key(|m| m.span);
    }
}

impl ProposalExtractor {
    /// Acronyms defined in the title name what the paper introduces.
    fn introduce_title_definitions(&self, doc: &mut Document<'_>) {
        for m in doc.mentions.iter_mut() {
            if m.rule == Rule::Abbreviation && m.span.field == Field::Title {
                m.role = Role::Introduced;
            }
        }
    }
}

/// Head words of a dataset phrase.
const DATASET_HEADS: &[&str] = &["dataset", "benchmark", "corpus", "suite", "testbed"];
/// SIMD substring searchers for the head words, built once.
static DATASET_FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
    DATASET_HEADS
        .iter()
        .map(|h| memchr::memmem::Finder::new(h.as_bytes()))
        .collect()
});
/// Words that may open a dataset phrase.
const DATASET_DETERMINERS: &[&str] = &["the", "a", "our", "new", "novel"];

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'+')
}

/// The names in "the X dataset", "a new X Y benchmark", "our X datasets": one to three
/// capitalised (or digit-led) tokens between a determiner and a dataset head word, found by
/// walking back from each head word (no regex: this runs on every abstract).
pub fn dataset_phrases(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (head, finder) in DATASET_HEADS.iter().zip(DATASET_FINDERS.iter()) {
        for i in finder.find_iter(bytes) {
            // The head is a whole word, perhaps plural.
            let mut after = i + head.len();
            if bytes.get(after) == Some(&b's') {
                after += 1;
            }
            if bytes
                .get(after)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            {
                continue;
            }
            let mut names: Vec<(usize, usize)> = Vec::new();
            let mut at = i;
            loop {
                // Whitespace before every token.
                let mut te = at;
                while te > 0 && bytes[te - 1].is_ascii_whitespace() {
                    te -= 1;
                }
                if te == at || te == 0 {
                    break;
                }
                let mut ts = te;
                while ts > 0 && is_name_byte(bytes[ts - 1]) {
                    ts -= 1;
                }
                if ts == te || (ts > 0 && bytes[ts - 1].is_ascii_alphanumeric()) {
                    break;
                }
                let first = bytes[ts];
                if (first.is_ascii_uppercase() || first.is_ascii_digit()) && names.len() < 3 {
                    names.push((ts, te));
                    at = ts;
                    continue;
                }
                if !names.is_empty() && DATASET_DETERMINERS.contains(&&text[ts..te]) {
                    out.push((names[names.len() - 1].0, names[0].1));
                }
                break;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// "the X dataset / benchmark / corpus".
#[derive(Debug, Default)]
pub struct DatasetPhraseExtractor;

impl DatasetPhraseExtractor {
    /// The layer.
    pub fn new() -> Self {
        DatasetPhraseExtractor
    }
}

impl Extractor for DatasetPhraseExtractor {
    fn name(&self) -> &'static str {
        "dataset-phrase"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        for field in [Field::Title, Field::Abstract] {
            let text = doc.text(field);
            for (start, end) in dataset_phrases(text) {
                let name = &text[start..end];
                if !name.split_whitespace().any(is_coined) {
                    continue;
                }
                let span = Span { field, start, end };
                let overlaps =
                    |x: &Mention| x.span.field == field && x.span.start < end && start < x.span.end;
                // A lexicon name inside the phrase is a dataset already known; leave it.
                if doc
                    .mentions
                    .iter()
                    .any(|x| overlaps(x) && x.entry.is_some())
                {
                    continue;
                }
                // Introduced when a proposal sentence introduced the name (that mention is
                // about to be replaced by this one).
                let role = if doc
                    .mentions
                    .iter()
                    .any(|x| x.surface == name && x.role == Role::Introduced)
                {
                    Role::Introduced
                } else {
                    Role::Used
                };
                doc.mentions
                    .retain(|x| !overlaps(x) || x.rule == Rule::Abbreviation);
                doc.mentions.push(Mention {
                    kind: Some(super::EntityKind::Dataset),
                    surface: name.to_owned(),
                    span,
                    role,
                    rule: Rule::DatasetPhrase,
                    entry: None,
                });
            }
        }
        doc.mentions.sort_by_key(|m| m.span);
    }
}

/// The name tokens (as [`name_tokens`] cuts them) that end in a model-family suffix and hold a
/// capital letter (every coined name does; see [`is_coined`]).
///
/// The scan jumps from capital to capital and looks only at the tokens around them.
fn model_suffix_tokens(text: &str, lower: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(k) = bytes[i..].iter().position(u8::is_ascii_uppercase) {
        let mut run_start = i + k;
        while run_start > i && is_token_byte(bytes[run_start - 1]) {
            run_start -= 1;
        }
        i += k;
        while i < bytes.len() && is_token_byte(bytes[i]) {
            i += 1;
        }
        // A trailing '-' or '.' is not part of the name.
        let mut end = i;
        while end > run_start && matches!(bytes[end - 1], b'-' | b'.') {
            end -= 1;
        }
        let word = &lower.as_bytes()[run_start..end];
        if !super::typing::MODEL_SUFFIXES
            .iter()
            .any(|s| word.ends_with(s.as_bytes()))
        {
            continue;
        }
        let mut start = run_start;
        while start < end && !bytes[start].is_ascii_alphanumeric() {
            start += 1;
        }
        if end - start >= 2 {
            out.push((start, end));
        }
    }
    out
}

/// Model-shaped coined names the lexicon lacks: `…Net`, `…Former`, `…BERT`, `…GPT`, `…GAN`.
pub struct ModelNameExtractor {
    lexicon: Arc<Lexicon>,
}

impl ModelNameExtractor {
    /// A layer that leaves names the lexicon knows to the dictionary.
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        ModelNameExtractor { lexicon }
    }
}

impl Extractor for ModelNameExtractor {
    fn name(&self) -> &'static str {
        "model-name"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        for field in [Field::Title, Field::Abstract] {
            let text = doc.text(field);
            for (start, end) in model_suffix_tokens(text, doc.lower(field)) {
                let name = &text[start..end];
                if !is_coined(name)
                    || super::typing::kind_from_head(name) != Some(super::EntityKind::Model)
                    || !is_word_bounded(text, start, end)
                    || self.lexicon.lookup(name).is_some()
                {
                    continue;
                }
                let taken = doc
                    .mentions
                    .iter()
                    .any(|m| m.span.field == field && m.span.start < end && start < m.span.end);
                if taken {
                    continue;
                }
                doc.mentions.push(Mention {
                    kind: Some(super::EntityKind::Model),
                    surface: name.to_owned(),
                    span: Span { field, start, end },
                    role: Role::Used,
                    rule: Rule::ModelName,
                    entry: None,
                });
            }
        }
        doc.mentions.sort_by_key(|m| m.span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefix(title: &str) -> Vec<&str> {
        title_prefix_names(title)
            .into_iter()
            .map(|(s, e)| &title[s..e])
            .collect()
    }

    #[test]
    fn names_before_the_colon() {
        assert_eq!(
            prefix("CURL: Contrastive Unsupervised Representations"),
            ["CURL"]
        );
        assert_eq!(
            prefix("AST-Probe: Recovering abstract syntax trees"),
            ["AST-Probe"]
        );
        assert_eq!(
            prefix("Tutel: Adaptive Mixture-of-Experts at Scale"),
            ["Tutel"]
        );
        assert_eq!(
            prefix("MRKL Systems: A modular architecture"),
            ["MRKL Systems"]
        );
        assert_eq!(
            prefix("TS-LSTM and Temporal-Inception: Exploiting dynamics"),
            ["TS-LSTM", "Temporal-Inception"]
        );
    }

    #[test]
    fn leading_noun_phrases_of_titles() {
        let lead = |t: &'static str| title_lead_phrase(t).map(|(s, e)| &t[s..e]);
        assert_eq!(lead("Memory Layers at Scale"), Some("Memory Layers"));
        assert_eq!(
            lead("Key-Value Memory Networks for Directly Reading Documents"),
            Some("Key-Value Memory Networks")
        );
        assert_eq!(lead("HyperNetworks"), Some("HyperNetworks"));
        assert_eq!(lead("EPT-1.5 Technical Report"), Some("EPT-1.5"));
        for t in [
            "Exploring Concept Depth in Models",
            "The All Convolutional Net",
            "Transformers",
            "On the Limits of Attention",
        ] {
            assert_eq!(lead(t), None, "{t}");
        }
    }

    #[test]
    fn a_title_that_is_one_known_name_introduces_it() {
        let ex = crate::extract::Extractors::with_lexicon(Arc::new(
            Lexicon::parse("method\thypernetwork\t\t\t\n").unwrap(),
        ));
        let roles = |title: &str| -> Vec<Role> {
            ex.extract_text(title, "A hypernetwork generates weights.")
                .into_iter()
                .map(|l| l.role)
                .collect()
        };
        assert_eq!(roles("HyperNetworks"), [Role::Introduced]);
        assert_eq!(roles("HyperNetworks for Vision"), [Role::Used]);
    }

    #[test]
    fn means_phrases_of_titles() {
        let means = |t: &'static str| -> Vec<&str> {
            title_means_phrases(t)
                .into_iter()
                .map(|(s, e)| &t[s..e])
                .collect()
        };
        assert_eq!(
            means("Disentanglement via Latent Quantization"),
            ["Latent Quantization"]
        );
        assert_eq!(
            means("Augmenting Self-attention with Persistent Memory"),
            ["Persistent Memory"]
        );
        assert_eq!(means("Learning with a Few Labels"), ["Few Labels"]);
        assert!(means("Learning with noisy labels").is_empty());
        assert!(
            means("Trained by Hand").is_empty(),
            "one word is not a phrase"
        );
    }

    #[test]
    fn a_title_phrase_named_again_in_the_abstract_is_introduced() {
        let ex = crate::extract::Extractors::with_lexicon(Arc::new(
            Lexicon::parse("method\tgraph attention network\tGAT\t\t\n").unwrap(),
        ));
        let intro = |title: &str, abs: &str| -> Vec<String> {
            ex.extract_text(title, abs)
                .into_iter()
                .filter(|l| l.role == Role::Introduced)
                .map(|l| l.name)
                .collect()
        };
        assert_eq!(
            intro(
                "Memory Layers at Scale",
                "Memory layers add a trainable lookup."
            ),
            ["Memory Layers"]
        );
        // Not named again: no evidence it is the contribution.
        assert!(intro("Memory Layers at Scale", "We scale lookups.").is_empty());
        // A known method in a title is used, not introduced.
        assert!(
            intro(
                "Graph Attention Networks for Traffic Forecasting",
                "Graph attention networks forecast traffic."
            )
            .is_empty()
        );
    }

    #[test]
    fn phrases_and_genres_are_not_names() {
        for title in [
            "Survey: deep models",
            "Faith and Fate: Limits of Transformers",
            "Layer by Layer: Uncovering hidden representations",
            "From LLMs to Actions: Latent codes",
            "Exploring Concept Depth: How models learn",
            "Transformers are Deep Optimizers: a view",
            "lowercase thing: x",
            "No colon here",
        ] {
            assert!(prefix(title).is_empty(), "{title}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_one_pass_coined_test_is_the_definition(token in "[a-zA-Z0-9ÉéßΣσ.+-]{0,10}") {
            let slow = |token: &str| {
                if crate::extract::junk::is_quantity(token) {
                    return false;
                }
                let letters = token.chars().filter(|c| c.is_alphabetic()).count();
                let inner_upper = token.char_indices().any(|(i, c)| {
                    i > 0
                        && c.is_uppercase()
                        && token[..i].chars().last().is_some_and(|p| p.is_lowercase())
                });
                let digit = token.chars().any(|c| c.is_ascii_digit());
                let upper = token.chars().filter(|c| c.is_uppercase()).count();
                let lower = token.chars().filter(|c| c.is_lowercase()).count();
                letters > 0 && (inner_upper || (digit && upper > 0) || (upper >= 3 && lower <= 1))
            };
            proptest::prop_assert_eq!(is_coined(&token), slow(&token));
        }
    }

    #[test]
    fn coined_tokens() {
        for t in [
            "LaDeCo",
            "ReEF",
            "MindSkip",
            "PINOCCHIO",
            "D-LAYERS",
            "S5",
            "D3Net",
            "CLAW",
        ] {
            assert!(is_coined(t), "{t}");
        }
        for t in ["Apollo", "The", "we", "2024", "Transformer", "A"] {
            assert!(!is_coined(t), "{t}");
        }
    }

    fn doc_mentions(title: &str, abs: &str) -> Vec<(String, String, &'static str)> {
        let ex = crate::extract::Extractors::with_lexicon(Arc::new(
            Lexicon::parse("model\tBERT\t\t\t\n").unwrap(),
        ));
        let doc = ex.document(title, abs);
        doc.mentions
            .iter()
            .map(|m| {
                (
                    m.surface.clone(),
                    m.kind.map_or("-".into(), |k| k.to_string()),
                    m.role.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn proposal_sentences_introduce_coined_names() {
        let got = doc_mentions(
            "A title",
            "Layouts are hard. We propose LaDeCo, a layered approach built on BERT. LaDeCo wins.",
        );
        assert!(
            got.contains(&("LaDeCo".into(), "method".into(), "introduced")),
            "{got:?}"
        );
        assert_eq!(got.iter().filter(|m| m.0 == "LaDeCo").count(), 2);
        assert!(got.contains(&("BERT".into(), "model".into(), "used")));
    }

    #[test]
    fn proposal_objects() {
        fn at(s: &str) -> Option<&str> {
            proposal_object_start(s).map(|i| &s[i..])
        }
        assert_eq!(
            at("In this work, we propose LaDeCo for layouts."),
            Some(" LaDeCo for layouts.")
        );
        assert_eq!(
            at("Here we present a benchmark called KiloGram."),
            Some(" a benchmark called KiloGram.")
        );
        assert_eq!(at("A model called Koala."), Some(" Koala."));
        assert_eq!(at("Prior work proposed many methods."), None);
        assert_eq!(at("We study X; others proposed Y."), None);
    }

    #[test]
    fn model_shaped_names() {
        let got = doc_mentions(
            "A title",
            "Compared with EnhanceNet and DenseFormer, our network is faster than Internet users.",
        );
        assert!(
            got.contains(&("EnhanceNet".into(), "model".into(), "used")),
            "{got:?}"
        );
        assert!(
            got.contains(&("DenseFormer".into(), "model".into(), "used")),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|m| m.0 == "Internet" || m.0 == "network"),
            "{got:?}"
        );
    }

    #[test]
    fn dataset_phrases() {
        let got = doc_mentions(
            "A title",
            "We evaluate on the KiloGram dataset and the new LayeredDepth benchmark.",
        );
        assert!(
            got.iter().any(|m| m.0 == "KiloGram" && m.1 == "dataset"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|m| m.0 == "LayeredDepth" && m.1 == "dataset"),
            "{got:?}"
        );
    }
}

/// Names listed together with a known dataset are datasets too: "on KITTI and FooDrive",
/// "across ImageNet, NewSet-1k, and BarBench". The list follows `on`, `across` or `over`;
/// its items are coined names (inner capitals, digits with capitals, or acronyms) joined by
/// commas and "and"/"or"; at least one item must already be a dataset mention, and an item
/// the lexicon knows as something else stays what it is.
pub struct CoordinationExtractor {
    lexicon: Arc<Lexicon>,
}

impl CoordinationExtractor {
    /// The layer (runs after typing, so list members' kinds are known).
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        CoordinationExtractor { lexicon }
    }
}

/// The items of a list starting at `from`: (start, end) of each name token, stopping at the
/// first token that is neither a name nor a list separator.
fn list_items(text: &str, from: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut at = from;
    loop {
        let start = at;
        let mut end = at;
        while end < bytes.len() && is_token_byte(bytes[end]) {
            end += 1;
        }
        while end > start && matches!(bytes[end - 1], b'-' | b'.') {
            end -= 1;
        }
        if end == start || !text.is_char_boundary(end) {
            break;
        }
        items.push((start, end));
        // Separators: ", ", " and ", ", and ", " or ", ", or ".
        let rest = &text[end..];
        let sep = [", and ", ", or ", ", ", " and ", " or "]
            .iter()
            .find(|s| rest.starts_with(**s));
        match sep {
            Some(s) => at = end + s.len(),
            None => break,
        }
    }
    items
}

impl Extractor for CoordinationExtractor {
    fn name(&self) -> &'static str {
        "coordination"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        self.models_listed_with_models(doc);
        let text = doc.abstract_text;
        // Nothing to anchor a list without a dataset in the abstract.
        let has_dataset = doc
            .mentions
            .iter()
            .any(|m| m.span.field == Field::Abstract && m.kind == Some(EntityKind::Dataset));
        if !has_dataset {
            return;
        }
        let mut added: Vec<(Span, String)> = Vec::new();
        for cue in [" on ", " across ", " over "] {
            for i in memchr::memmem::find_iter(text.as_bytes(), cue.as_bytes()) {
                let from = i + cue.len();
                // A list of names starts with a capital or a digit.
                if !text
                    .as_bytes()
                    .get(from)
                    .is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                {
                    continue;
                }
                let items = list_items(text, from);
                if items.len() < 2 {
                    continue;
                }
                let mention_at = |s: usize, e: usize| {
                    doc.mentions.iter().find(|m| {
                        m.span.field == Field::Abstract && m.span.start == s && m.span.end == e
                    })
                };
                let anchored = items.iter().any(|&(s, e)| {
                    mention_at(s, e).is_some_and(|m| m.kind == Some(EntityKind::Dataset))
                });
                if !anchored {
                    continue;
                }
                for &(s, e) in &items {
                    let name = &text[s..e];
                    let covered = doc.mentions.iter().any(|m| {
                        m.span.field == Field::Abstract && m.span.start < e && s < m.span.end
                    });
                    if covered
                        || !is_coined(name)
                        || name.chars().filter(|c| c.is_alphabetic()).count() < 2
                        || self.lexicon.lookup(name).is_some()
                        || added.iter().any(|(sp, _)| sp.start == s)
                    {
                        continue;
                    }
                    added.push((
                        Span {
                            field: Field::Abstract,
                            start: s,
                            end: e,
                        },
                        name.to_owned(),
                    ));
                }
            }
        }
        if added.is_empty() {
            return;
        }
        for (span, name) in added {
            doc.mentions.push(Mention {
                kind: Some(EntityKind::Dataset),
                surface: name,
                span,
                role: Role::Used,
                rule: Rule::Coordination,
                entry: None,
            });
        }
        doc.mentions.sort_by_key(|m| m.span);
    }
}

/// Separators between the items of a list, longest first.
const LIST_SEPARATORS: [&str; 6] = [", and ", ", or ", ", ", " and ", " or ", " vs. "];

/// The name tokens listed with the name at `start..end` of `text`: walking right and left
/// through list separators (", X", " and X", "X, "), up to four items each way.
fn list_neighbours(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = end;
    for _ in 0..4 {
        let Some(sep) = LIST_SEPARATORS.iter().find(|s| text[at..].starts_with(**s)) else {
            break;
        };
        let s = at + sep.len();
        let mut e = s;
        while e < bytes.len() && is_token_byte(bytes[e]) {
            e += 1;
        }
        while e > s && matches!(bytes[e - 1], b'-' | b'.') {
            e -= 1;
        }
        if e == s || !text.is_char_boundary(e) {
            break;
        }
        out.push((s, e));
        at = e;
    }
    let mut at = start;
    for _ in 0..4 {
        let Some(sep) = LIST_SEPARATORS.iter().find(|s| text[..at].ends_with(**s)) else {
            break;
        };
        let e = at - sep.len();
        let mut s = e;
        while s > 0 && is_token_byte(bytes[s - 1]) {
            s -= 1;
        }
        if s == e || !text.is_char_boundary(s) {
            break;
        }
        out.push((s, e));
        at = s;
    }
    out
}

impl CoordinationExtractor {
    /// Coined names listed with a known model are models too ("compared with DenseFormer and
    /// NeuTRENO", "GPT-4, Claude-X and FooLM").
    fn models_listed_with_models(&self, doc: &mut Document<'_>) {
        let text = doc.abstract_text;
        let anchors: Vec<(usize, usize)> = doc
            .mentions
            .iter()
            .filter(|m| {
                m.span.field == Field::Abstract
                    && m.kind == Some(EntityKind::Model)
                    && matches!(m.rule, Rule::Lexicon | Rule::Variant)
            })
            .map(|m| (m.span.start, m.span.end))
            .collect();
        let mut added: Vec<(usize, usize)> = Vec::new();
        for (start, end) in anchors {
            for (s, e) in list_neighbours(text, start, end) {
                let name = &text[s..e];
                let covered = doc
                    .mentions
                    .iter()
                    .any(|m| m.span.field == Field::Abstract && m.span.start < e && s < m.span.end);
                if covered
                    || !is_coined(name)
                    || name.chars().filter(|c| c.is_alphabetic()).count() < 2
                    || self.lexicon.lookup(name).is_some()
                    || added.contains(&(s, e))
                {
                    continue;
                }
                added.push((s, e));
            }
        }
        for (start, end) in added {
            doc.mentions.push(Mention {
                kind: Some(EntityKind::Model),
                surface: text[start..end].to_owned(),
                span: Span {
                    field: Field::Abstract,
                    start,
                    end,
                },
                role: Role::Used,
                rule: Rule::Coordination,
                entry: None,
            });
        }
        doc.mentions.sort_by_key(|m| m.span);
    }
}

#[cfg(test)]
mod coordination_tests {
    use crate::extract::Extractors;

    fn datasets(text: &str) -> Vec<String> {
        let ex = Extractors::new().unwrap();
        let paper = crate::paper::Paper {
            id: "t".into(),
            title: "T".into(),
            abstract_text: text.into(),
            year: None,
            authors: vec![],
            url: None,
            source: Default::default(),
        };
        ex.extract(&paper)
            .into_iter()
            .filter(|l| l.kind == crate::extract::EntityKind::Dataset)
            .map(|l| l.name)
            .collect()
    }

    #[test]
    fn coined_names_listed_with_a_known_model_are_models() {
        let ex = Extractors::new().unwrap();
        let models: Vec<String> = ex
            .extract_text(
                "T",
                "Our method beats BERT, NeuTRENO and ZorbaLM, and improves SQuAD and FooSet.",
            )
            .into_iter()
            .filter(|l| l.kind == crate::extract::EntityKind::Model)
            .map(|l| l.name)
            .collect();
        assert!(models.contains(&"NeuTRENO".to_owned()), "{models:?}");
        assert!(models.contains(&"ZorbaLM".to_owned()), "{models:?}");
        assert!(!models.contains(&"FooSet".to_owned()), "{models:?}");
    }

    #[test]
    fn names_listed_with_a_known_dataset_are_datasets() {
        let found = datasets("We report results on KITTI, FooDrive and BarScenes3D.");
        assert!(found.contains(&"FooDrive".to_owned()), "{found:?}");
        assert!(found.contains(&"BarScenes3D".to_owned()), "{found:?}");
        // Without a known dataset in the list, nothing is inferred.
        assert!(datasets("We report results on FooDrive and BarScenes3D.").is_empty());
        // Numbers are not names.
        assert!(!datasets("Results on KITTI and 4K.").contains(&"4K".to_owned()));
    }
}
