//! Dictionary layer: every lexicon name found in the title and abstract.
//!
//! One Aho–Corasick automaton (ASCII case-insensitive) holds every surface pattern of the
//! lexicon and is built once and shared by all threads. Names start at word starts, so the
//! automaton is walked anchored at each word start rather than run over every byte: a few
//! steps per word, and no hit inside a word ("n ImageNet" in "on ImageNet") can hide the real
//! one. Every pattern that ends along the walk is a candidate; the longest one that passes its
//! checks wins: the word boundary after it, the exact case for case-sensitive patterns
//! (`BERT`, `GLUE`, `Adam`), and some capital for names written with inner capitals
//! (`ComplEx` is not the word "complex").

use super::lexicon::{Lexicon, Plural};
use super::{Document, Extractor, Field, Mention, Role, Rule, Span};
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use rustc_hash::FxHashSet;
use std::sync::Arc;

/// States this close to the root get a full 256-entry transition table: every walk passes
/// through them, and a table lookup beats searching sparse transitions.
const DENSE_DEPTH: usize = 3;

/// Finds lexicon names in text.
pub struct DictionaryExtractor {
    lexicon: Arc<Lexicon>,
    nfa: Option<NFA>,
    patterns: Vec<PatternInfo>,
    /// The first word of every pattern, lower-cased (with the plural ending of one-word
    /// patterns): a walk can only succeed at a word that is one of them. About two words in
    /// three ("results", "propose", …) are skipped with one hash lookup instead of a walk.
    first_words: FxHashSet<Box<[u8]>>,
}

/// What a pattern needs beyond matching case-insensitively.
struct PatternInfo {
    entry: u32,
    /// The pattern text, for case-sensitive patterns.
    exact: Option<Box<str>>,
    /// Written with inner capitals: the match may not be all lower case or Title case.
    camel: bool,
    /// The plural ending also accepted after the pattern.
    plural: Plural,
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
    /// Builds the automaton for a lexicon.
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        let patterns = lexicon.patterns();
        // The automaton holds ASCII-lower-cased patterns and walks an ASCII-lower-cased copy
        // of the text: half the transitions of a case-insensitive automaton. Case rules are
        // checked against the original text.
        let texts: Vec<String> = patterns
            .iter()
            .map(|p| p.text.to_ascii_lowercase())
            .collect();
        let nfa = (!texts.is_empty()).then(|| {
            NFA::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .prefilter(false)
                .dense_depth(DENSE_DEPTH)
                .build(&texts)
                .expect("lexicon patterns fit in an automaton")
        });
        let mut first_words: FxHashSet<Box<[u8]>> = FxHashSet::default();
        for (t, p) in texts.iter().zip(&patterns) {
            let word = first_word(t.as_bytes());
            first_words.insert(word.into());
            if word.len() == t.len() {
                let ending: &[u8] = match p.plural {
                    Plural::None => continue,
                    Plural::S => b"s",
                    Plural::Es => b"es",
                };
                first_words.insert([word, ending].concat().into());
            }
        }
        let patterns = patterns
            .iter()
            .map(|p| PatternInfo {
                entry: p.entry,
                exact: p.case_sensitive.then(|| p.text.clone().into_boxed_str()),
                camel: has_inner_capital(&p.text),
                plural: p.plural,
            })
            .collect();
        DictionaryExtractor {
            lexicon,
            nfa,
            patterns,
            first_words,
        }
    }

    /// The lexicon behind the automaton.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// All word-bounded, non-overlapping hits in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(nfa) = &self.nfa else {
            return Vec::new();
        };
        let lower = text.to_ascii_lowercase();
        let mut hits = Vec::new();
        let bytes = text.as_bytes();
        let mut prev_alnum = false;
        let mut next = 0;
        let mut at = 0;
        while at < bytes.len() {
            // Bytes for ASCII, whole characters only where the text is not ASCII.
            let (alnum, width) = if bytes[at].is_ascii() {
                (bytes[at].is_ascii_alphanumeric(), 1)
            } else {
                let c = text[at..].chars().next().expect("at is a char boundary");
                (c.is_alphanumeric(), c.len_utf8())
            };
            let word_start = alnum && !prev_alnum;
            prev_alnum = alnum;
            let here = at;
            at += width;
            if !word_start || here < next {
                continue;
            }
            let at = here;
            // Words with non-ASCII bytes (`naïve`, `BERT»`) are always walked.
            let word = first_word(&lower.as_bytes()[at..]);
            if word.is_ascii() && !self.first_words.contains(word) {
                continue;
            }
            if let Some((entry, end)) = self.longest_at(nfa, text, &lower, at) {
                hits.push(Hit {
                    start: at,
                    end,
                    entry,
                });
                next = end;
            }
        }
        hits
    }

    /// The longest valid hit that starts exactly at `at`: walks the automaton anchored until
    /// it dies, checking each pattern that ends on the way.
    fn longest_at(&self, nfa: &NFA, text: &str, lower: &str, at: usize) -> Option<(u32, usize)> {
        let bytes = lower.as_bytes();
        let mut sid = nfa.start_state(Anchored::Yes).ok()?;
        let mut best = None;
        for (i, &b) in bytes[at..].iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if !nfa.is_special(sid) {
                continue;
            }
            if nfa.is_dead(sid) {
                break;
            }
            if !nfa.is_match(sid) {
                continue;
            }
            let end = at + i + 1;
            if !text.is_char_boundary(end) {
                continue;
            }
            let found = &text[at..end];
            let bounded = is_word_bounded(text, at, end);
            // A state's matches can include shorter patterns that end here but start later
            // (suffixes reached through failure links); only those spanning the walk count.
            for k in 0..nfa.match_len(sid) {
                let pid = nfa.match_pattern(sid, k);
                if nfa.pattern_len(pid) != end - at {
                    continue;
                }
                let info = &self.patterns[pid.as_usize()];
                // The hit ends at a word boundary, or right after an accepted plural ending.
                let hit_end = if bounded {
                    end
                } else {
                    match plural_end(text, at, end, info) {
                        Some(e) => e,
                        None => continue,
                    }
                };
                let case_ok = match &info.exact {
                    Some(exact) => **exact == *found,
                    // An ordinary word has at most its first letter capitalised; a camel-case
                    // name needs another capital to count (`LLama` yes, `Complex` no).
                    None => !info.camel || found.chars().skip(1).any(char::is_uppercase),
                };
                if case_ok {
                    best = Some((info.entry, hit_end));
                    break;
                }
            }
        }
        best
    }
}

/// The leading run of bytes up to the first ASCII non-alphanumeric byte (non-ASCII bytes stay
/// in the word: the walk decides for those).
fn first_word(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .position(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
        .unwrap_or(bytes.len());
    &bytes[..end]
}

/// Where a hit ends when the pattern is followed by its plural ending (`-s`, or `-es`), then
/// a word boundary. Case-sensitive patterns (acronyms) take a lower-case `s` only: `SAEs`.
fn plural_end(text: &str, at: usize, end: usize, info: &PatternInfo) -> Option<usize> {
    let rest = &text.as_bytes()[end..];
    let len = match (info.plural, rest) {
        (Plural::S, [b's', ..]) => 1,
        (Plural::S, [b'S', ..]) if info.exact.is_none() => 1,
        (Plural::Es, [b'e', b's', ..]) => 2,
        (Plural::Es, [b'E', b'S', ..]) if info.exact.is_none() => 2,
        _ => return None,
    };
    is_word_bounded(text, at, end + len).then_some(end + len)
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
    fn non_ascii_neighbours_are_letters() {
        assert!(surfaces("éBERT").is_empty());
        assert_eq!(surfaces("«BERT»"), ["BERT"]);
    }
}
