//! The dataset-phrase rule: "the X dataset / benchmark / corpus".

use super::*;

/// Head words of a dataset phrase.
pub(super) const DATASET_HEADS: &[&str] = &["dataset", "benchmark", "corpus", "suite", "testbed"];
/// SIMD substring searchers for the head words, built once.
pub(super) static DATASET_FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> =
    LazyLock::new(|| {
        DATASET_HEADS
            .iter()
            .map(|h| memchr::memmem::Finder::new(h.as_bytes()))
            .collect()
    });
/// Words that may open a dataset phrase.
pub(super) const DATASET_DETERMINERS: &[&str] = &["the", "a", "our", "new", "novel"];

pub(super) fn is_name_byte(b: u8) -> bool {
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
                    kind: Some(crate::extract::EntityKind::Dataset),
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
