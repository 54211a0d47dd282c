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
//! * Names listed with a known dataset ("on KITTI and FooDrive") are datasets too.
//!
//! One file per rule (`title`, `proposal`, `dataset`, `model_name`, `coordination`); the
//! helpers they share (what a coined word looks like, name tokens, adding a name's other uses)
//! are here. Each name's other uses in the title and abstract are mentions of the same
//! entity. Kinds are left to the typing layer, which reads the words around the name.

use super::dictionary::is_word_bounded;
use super::lexicon::Lexicon;
use super::{Document, EntityKind, Extractor, Field, Mention, Role, Rule, Span};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::{Arc, LazyLock};

mod coordination;
mod dataset;
mod model_name;
mod proposal;
mod title;

pub use coordination::*;
pub use dataset::*;
pub use model_name::*;
pub use proposal::*;
pub use title::*;

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
pub(super) fn one_of(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Adds a mention for every other word-bounded use of `name` in the title and abstract.
pub(super) fn add_uses(doc: &mut Document<'_>, name: &str, role: Role, rule: Rule, except: Span) {
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

/// A byte that can be part of a name token: a letter, digit, `-`, `+` or `.`.
pub(super) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')
}

/// Name-like tokens in `text[from..to]`: runs of letters, digits, `-`, `+` and `.` that start
/// with a letter or digit, without trailing `-` or `.`, at least two bytes long.
pub(super) fn name_tokens(text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
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

/// The keys ([`crate::extract::normalize::entity_key`]) of every run of one to six words of a title,
/// to ask whether the title names something.
pub(super) fn title_keys(title: &str) -> Vec<String> {
    let words = crate::extract::words::word_spans(title);
    let mut out = Vec::new();
    for i in 0..words.len() {
        for j in i..words.len().min(i + 6) {
            out.push(crate::extract::normalize::entity_key(
                &title[words[i].0..words[j].1],
            ));
        }
    }
    out
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
