//! The proposal rule: coined names introduced by "we propose / introduce / present …" or
//! "called / named / dubbed …".

use super::*;

/// Verbs that introduce what a paper contributes, in their inflected forms.
pub(super) const PROPOSAL_VERBS: &[&str] = &[
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
pub(super) const NAMING_VERBS: &[&str] = &["called", "named", "dubbed", "termed", "coined"];
/// Subjects a proposal verb needs before it (within 40 bytes, same clause).
pub(super) const SUBJECTS: &[&str] = &["we", "this paper", "this work", "this study", "here"];

/// One case-insensitive automaton over every verb form; the pattern index says which list.
pub(super) static VERBS: LazyLock<(AhoCorasick, usize)> = LazyLock::new(|| {
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
pub(super) struct Verb {
    start: usize,
    end: usize,
    naming: bool,
}

/// The whole-word verbs of `text` (given its ASCII-lower-cased copy), in order.
pub(super) fn verb_matches(text: &str, lower: &str) -> Vec<Verb> {
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
pub(super) fn object_start(sentence: &str, lower: &str, verbs: &[Verb]) -> Option<usize> {
    object_starts(sentence, lower, verbs).first().copied()
}

/// Where the objects of every proposal verb of `sentence` start: verbs with a subject shortly
/// before them ("we propose", "this paper introduces"), naming verbs ("called"), verbs
/// coordinated with an accepted one ("we build on X and introduce Y") and gerunds after "by"
/// or "in" ("… by introducing Y").
pub(super) fn object_starts(sentence: &str, lower: &str, verbs: &[Verb]) -> Vec<usize> {
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

/// Words that open a proposal's object without being part of the name ("we propose *a
/// novel* …").
pub(super) const LEAD_WORDS: &[&str] = &[
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
pub(super) const NP_STOPS: &[&str] = &[
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
pub(super) const NAMING_WORDS: &[&str] = &[
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
pub(super) const OBJECT_WINDOW: usize = 90;

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
                    let described = slots.first().filter(|s0| s0.1 <= start).and_then(|s0| {
                        crate::extract::typing::kind_from_title_rest(&text[s0.0..s0.1])
                    });
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
                                crate::extract::normalize::entity_key(&a.short),
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
                        let key = crate::extract::normalize::entity_key(&m.surface);
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
                            .contains(&crate::extract::normalize::entity_key(&m.surface));
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
