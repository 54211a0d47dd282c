//! Dictionary layer: every lexicon name found in the title and abstract.
//!
//! One Aho–Corasick automaton (leftmost-longest) holds the case-insensitive patterns and a
//! second one the case-sensitive ones; both are built once and shared by all threads. The
//! automaton knows nothing of words, so each hit is checked for word boundaries, and overlapping
//! hits from the two automata are settled leftmost-longest.

use super::lexicon::Lexicon;
use super::{Document, Extractor, Field, Mention, Role, Rule, Span};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use std::sync::Arc;

/// Finds lexicon names in text.
pub struct DictionaryExtractor {
    lexicon: Arc<Lexicon>,
    folded: Option<(AhoCorasick, Vec<(u32, bool)>)>,
    exact: Option<(AhoCorasick, Vec<(u32, bool)>)>,
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
    /// Builds the automata for a lexicon.
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        let patterns = lexicon.patterns();
        let build = |case_sensitive: bool| {
            let (texts, entries): (Vec<&str>, Vec<(u32, bool)>) = patterns
                .iter()
                .filter(|p| p.case_sensitive == case_sensitive)
                .map(|p| (p.text.as_str(), (p.entry, has_inner_capital(&p.text))))
                .unzip();
            if texts.is_empty() {
                return None;
            }
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(!case_sensitive)
                .build(&texts)
                .expect("lexicon patterns fit in an automaton");
            Some((ac, entries))
        };
        DictionaryExtractor {
            folded: build(false),
            exact: build(true),
            lexicon,
        }
    }

    /// The lexicon behind the automata.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// All word-bounded, non-overlapping hits in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (ac, entries) in [&self.folded, &self.exact].into_iter().flatten() {
            // Not `find_iter`: a leftmost-longest hit that fails the word-boundary check
            // ("n ImageNet" inside "on ImageNet") would hide the valid hit that starts one
            // character later, so the search resumes right after the rejected hit's start.
            let mut at = 0;
            while at < text.len() {
                let Some(m) = ac.find(Input::new(text).span(at..text.len())) else {
                    break;
                };
                let (entry, camel) = entries[m.pattern().as_usize()];
                let found = &text[m.start()..m.end()];
                // A name written with inner capitals (`ComplEx`, `MuTual`, `ImageNet`) is
                // matched in any case but not as an ordinary word (`complex`, `Mutual`).
                let cased =
                    !camel || has_inner_capital(found) || !found.chars().any(char::is_lowercase);
                if cased && is_word_bounded(text, m.start(), m.end()) {
                    hits.push(Hit {
                        start: m.start(),
                        end: m.end(),
                        entry,
                    });
                    at = m.end();
                } else {
                    at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        // Leftmost first, longest first at the same start; then drop overlaps.
        hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
        for hit in hits {
            if out.last().is_none_or(|last| hit.start >= last.end) {
                out.push(hit);
            }
        }
        out
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
            for hit in self.find(text) {
                let entry = self.lexicon.entry(hit.entry);
                doc.mentions.push(Mention {
                    kind: Some(entry.kind),
                    surface: text[hit.start..hit.end].to_owned(),
                    span: Span {
                        field,
                        start: hit.start,
                        end: hit.end,
                    },
                    role: Role::Used,
                    rule: Rule::Lexicon,
                    entry: Some(hit.entry),
                });
            }
        }
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
        let lex = Lexicon::parse("model\tComplEx\t\t\t\ndataset\tImageNet\t\t\t\n").unwrap();
        let ex = DictionaryExtractor::new(Arc::new(lex));
        let text = "A complex Complex model on ImageNet and IMAGENET, not imagenet.";
        let hits: Vec<&str> = ex
            .find(text)
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(hits, ["ImageNet", "IMAGENET"]);
    }

    #[test]
    fn non_ascii_neighbours_are_letters() {
        assert!(surfaces("éBERT").is_empty());
        assert_eq!(surfaces("«BERT»"), ["BERT"]);
    }
}
