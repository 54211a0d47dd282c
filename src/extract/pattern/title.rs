//! The title rules: its `Name: what it is` prefix, its leading noun phrase, and the phrases
//! it names as its means.

use super::*;

/// Title prefixes that announce a genre, not a name.
pub(super) const NOT_NAMES: &[&str] = &[
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
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "by", "for", "with", "from", "in", "on", "at", "is",
    "are", "be", "as", "via", "beyond", "towards", "toward", "into", "over", "under", "not", "no",
    "do", "does", "what", "why", "how", "when", "which", "who", "can", "your", "you", "we", "our",
    "up", "down", "out", "off", "all", "that", "this", "its", "it", "vs", "versus",
];

/// Whether a title prefix reads like a name rather than a phrase.
pub(super) fn is_name(name: &str) -> bool {
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
pub(super) const TITLE_NP_STOPS: &[&str] = &[
    "for", "in", "with", "via", "on", "of", "to", "from", "using", "by", "towards", "toward", "as",
    "is", "are", "at", "and", "or", "through", "without", "beyond", "under", "over", "into",
    "meets", "made", "can", "do", "does", "improves", "learns", "enables", "that",
];

/// Head words of a title phrase that names a method or model, besides those of
/// [`crate::extract::typing::kind_from_head`].
pub(super) const TITLE_HEADS: &[&str] = &[
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
    let words = crate::extract::words::word_spans(title);
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
    let words = crate::extract::words::word_spans(title);
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
        if let Some((start, end, count)) = title_phrase_from(title, &words, k)
            && count >= 2
            && title[start..end].split_whitespace().all(|w| {
                w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '"')
            })
        {
            out.push((start, end));
        }
    }
    out
}

/// The noun phrase of a title that starts at word `first`: words joined by single spaces
/// (or hyphens, or points between digits) up to a stop word; its range and word count, if
/// it has at most five words.
pub(super) fn title_phrase_from(
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
            crate::extract::typing::kind_from_head(name),
            Some(EntityKind::Method | EntityKind::Model)
        ) || TITLE_HEADS.contains(&last.as_str());
        let coined = name
            .split([' ', '-'])
            .any(|w| is_coined(w) && self.lexicon.lookup(w).is_none());
        if !(headed || coined) || self.lexicon.lookup(name).is_some() {
            return;
        }
        let key = crate::extract::normalize::entity_key(name);
        if crate::extract::UMBRELLA_KEYS.contains(&key) {
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
            .any(|a| crate::extract::normalize::entity_key(&a.long) == key);
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
