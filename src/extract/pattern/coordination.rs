//! The coordination rule: names listed together with a known dataset are datasets too.

use super::*;

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
pub(super) fn list_items(text: &str, from: usize) -> Vec<(usize, usize)> {
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
pub(super) const LIST_SEPARATORS: [&str; 6] = [", and ", ", or ", ", ", " and ", " or ", " vs. "];

/// The name tokens listed with the name at `start..end` of `text`: walking right and left
/// through list separators (", X", " and X", "X, "), up to four items each way.
pub(super) fn list_neighbours(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
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
