//! Pattern layer: names the lexicon does not know, found by the shape of the text.
//!
//! So far one rule: the title's `Name: what it is` prefix (`CURL: Contrastive Unsupervised
//! Representations…`), the most common way a paper names what it introduces. The name's uses
//! in the abstract are mentions of the same entity.

use super::dictionary::is_word_bounded;
use super::{Document, Extractor, Field, Mention, Role, Rule, Span};

/// Finds the `Name:` prefix of a title.
#[derive(Debug, Default)]
pub struct TitlePrefixExtractor;

impl TitlePrefixExtractor {
    /// The layer.
    pub fn new() -> Self {
        TitlePrefixExtractor
    }
}

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
];

/// The byte range of the title's name prefix, if it has one: at most four words and 40
/// bytes before the first `: `, holding a capital letter or digit, not a genre word.
pub fn title_prefix(title: &str) -> Option<(usize, usize)> {
    let colon = title.find(": ")?;
    let raw = &title[..colon];
    let start = raw.len() - raw.trim_start().len();
    let name = raw.trim();
    if name.is_empty() || name.len() > 40 || name.split_whitespace().count() > 4 {
        return None;
    }
    if !name.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return None;
    }
    if NOT_NAMES.contains(&name.to_lowercase().as_str()) {
        return None;
    }
    Some((start, start + name.len()))
}

impl Extractor for TitlePrefixExtractor {
    fn name(&self) -> &'static str {
        "title-prefix"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        let Some((start, end)) = title_prefix(doc.title) else {
            return;
        };
        let name = &doc.title[start..end];
        doc.mentions.push(Mention {
            kind: None,
            surface: name.to_owned(),
            span: Span {
                field: Field::Title,
                start,
                end,
            },
            role: Role::Introduced,
            rule: Rule::TitlePrefix,
            entry: None,
        });
        let text = doc.abstract_text;
        let mut at = 0;
        while let Some(i) = text[at..].find(name).map(|i| i + at) {
            at = i + name.len();
            if is_word_bounded(text, i, at) {
                doc.mentions.push(Mention {
                    kind: None,
                    surface: name.to_owned(),
                    span: Span {
                        field: Field::Abstract,
                        start: i,
                        end: at,
                    },
                    role: Role::Introduced,
                    rule: Rule::TitlePrefix,
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

    fn prefix(title: &str) -> Option<&str> {
        title_prefix(title).map(|(s, e)| &title[s..e])
    }

    #[test]
    fn names_before_the_colon() {
        assert_eq!(
            prefix("CURL: Contrastive Unsupervised Representations"),
            Some("CURL")
        );
        assert_eq!(
            prefix("AST-Probe: Recovering abstract syntax trees"),
            Some("AST-Probe")
        );
        assert_eq!(
            prefix("Tutel: Adaptive Mixture-of-Experts at Scale"),
            Some("Tutel")
        );
    }

    #[test]
    fn not_names() {
        assert_eq!(prefix("Survey: deep models"), None);
        assert_eq!(
            prefix("Why the loss goes down and what it means for scaling laws today: a study"),
            None
        );
        assert_eq!(prefix("No colon here"), None);
        assert_eq!(prefix("lowercase thing: x"), None);
    }
}
