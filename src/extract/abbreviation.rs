//! Abbreviation layer: `long form (SHORT)` and `SHORT (long form)` definitions.
//!
//! The long form is found the Schwartz–Hearst way: walk the short form's characters from the
//! end and find each, right to left, in the words before the parenthesis; the first character
//! must start a word. A definition does two things: it ties the acronym to its long form (one
//! entity, two names), and it finds entities the lexicon lacks. Later uses of the short form
//! anywhere in the paper are mentions of the same entity.

use super::dictionary::is_word_bounded;
use super::lexicon::Lexicon;
use super::{Abbreviation, Document, Extractor, Field, Mention, Role, Rule, Span};
use std::sync::Arc;

/// Finds `long form (SHORT)` definitions.
pub struct AbbreviationExtractor {
    lexicon: Arc<Lexicon>,
}

impl AbbreviationExtractor {
    /// A layer that types definitions through `lexicon` where it knows the long or short form.
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        AbbreviationExtractor { lexicon }
    }
}

impl AbbreviationExtractor {
    /// Whether a paper's definition `long (short)` means the lexicon entry `e` that the
    /// acronym names. When the entry has a long form of its own, the two must share most of
    /// their words ("hierarchical label expansion (HLE)" is not Humanity's Last Exam; "vision
    /// transformers (ViTs)" is the Vision Transformer); when it has none, the long form's head
    /// word must not point to another kind ("grouped-query attention (GQA)" is not the GQA
    /// dataset).
    fn same_sense(&self, e: u32, short: &str, long: &str) -> bool {
        let entry = self.lexicon.entry(e);
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let w = w.to_lowercase();
                    match w.strip_suffix('s') {
                        Some(stem) if stem.len() > 2 => stem.to_owned(),
                        _ => w,
                    }
                })
                .filter(|w| !SKIPPABLE.contains(&w.as_str()))
                .collect()
        };
        let ours = words(long);
        let theirs: Vec<Vec<String>> = std::iter::once(&entry.name)
            .chain(&entry.aliases)
            .filter(|n| n.split_whitespace().count() >= 2 || n.len() > short.len() + 3)
            .map(|n| words(n))
            .filter(|w| w.len() >= 2)
            .collect();
        if theirs.is_empty() {
            let head = super::typing::kind_from_head(long);
            return head.is_none() || head == Some(entry.kind);
        }
        theirs.iter().any(|t| {
            let shared = ours.iter().filter(|w| t.contains(w)).count();
            2 * shared >= ours.len().min(t.len())
        })
    }
}

impl AbbreviationExtractor {
    /// The lexicon entry of `short` named by `long` plus one word starting with `letter`
    /// (`self-supervised` + *learning* for `SSL`), among the acronym's senses; `None` unless
    /// exactly one qualifies.
    fn completed_sense(&self, short: &str, long: &str, letter: char) -> Option<u32> {
        let candidates: Vec<u32> = match self.lexicon.senses(short) {
            Some(senses) => senses.to_vec(),
            None => self.lexicon.lookup(short).into_iter().collect(),
        };
        let long_key = super::normalize::entity_key(long);
        let completes = |name: &str| {
            name.trim().rsplit_once(' ').is_some_and(|(rest, last)| {
                last.chars()
                    .next()
                    .is_some_and(|c| c.eq_ignore_ascii_case(&letter))
                    && super::normalize::entity_key(rest) == long_key
            })
        };
        let mut found = candidates.into_iter().filter(|&e| {
            let entry = self.lexicon.entry(e);
            std::iter::once(&entry.name)
                .chain(&entry.aliases)
                .any(|n| completes(n))
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }
}

/// A definition found in one text: byte ranges of the short and the long form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Definition {
    /// The short form's range.
    pub short: (usize, usize),
    /// The long form's range.
    pub long: (usize, usize),
    /// The acronym's last letter when the long form leaves out the word it stands for:
    /// `self-supervised (SSL)`, where the L is for *learning*. Such a definition only counts
    /// where the lexicon knows a sense of the acronym named by the long form and one word
    /// starting with that letter.
    pub elided: Option<char>,
}

/// A plausible short form: 2–10 characters, one or two words, starting with a letter or digit,
/// with at least one capital letter.
fn is_short_form(s: &str) -> bool {
    let n = s.chars().count();
    (2..=10).contains(&n)
        && s.split_whitespace().count() <= 2
        && s.chars().next().is_some_and(char::is_alphanumeric)
        && s.chars().any(char::is_uppercase)
        && s.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Finds the start (byte offset into `candidate`) of the long form of `short` at the end of
/// `candidate`, Schwartz–Hearst style.
pub fn long_form_start(short: &str, candidate: &str) -> Option<usize> {
    let s: Vec<char> = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let l: Vec<(usize, char)> = candidate
        .char_indices()
        .map(|(i, c)| (i, c.to_lowercase().next().unwrap_or(c)))
        .collect();
    if s.is_empty() || l.is_empty() {
        return None;
    }
    let mut si = s.len();
    let mut li = l.len();
    while si > 0 {
        let c = s[si - 1];
        loop {
            if li == 0 {
                return None;
            }
            li -= 1;
            let at_word_start = li == 0 || !l[li - 1].1.is_alphanumeric();
            if l[li].1 == c && (si > 1 || at_word_start) {
                break;
            }
        }
        si -= 1;
    }
    Some(l[li].0)
}

/// Words a long form may hold without a letter in the acronym ("Contrastive Unsupervised
/// Representations *for* Reinforcement Learning").
const SKIPPABLE: &[&str] = &[
    "of", "the", "and", "for", "to", "in", "on", "with", "a", "an", "via", "by", "at", "from",
];

/// Finds the start of the long form of `short` at the end of `candidate` by word initials:
/// every word of the long form gives the acronym a prefix of itself (`Low-Rank Adaptation`
/// → L·o, R, A for `LoRA`), small function words may give nothing, and the first word gives
/// the acronym's first letter. Words are split at hyphens too, so `self-supervised learning`
/// gives `SSL` where a character-by-character search would settle for `supervised learning`.
/// `None` when the initials do not spell the acronym (then [`long_form_start`] decides).
pub fn initials_start(short: &str, candidate: &str) -> Option<usize> {
    let letters: Vec<char> = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    // A plural acronym (`SAEs`) spells its singular.
    let letters = match (letters.last(), short.ends_with('s')) {
        (Some('s'), true) if short.len() > 2 => &letters[..letters.len() - 1],
        _ => &letters[..],
    };
    let words: Vec<(usize, Vec<char>)> = super::words::word_spans(candidate)
        .into_iter()
        .map(|(s, e)| {
            (
                s,
                candidate[s..e]
                    .chars()
                    .flat_map(char::to_lowercase)
                    .collect(),
            )
        })
        .collect();
    if letters.is_empty() || words.is_empty() || words.len() > 2 * letters.len() + 2 {
        return None;
    }
    // match_from(w, n): the long form's start if words[..=w] can spell letters[..n] with
    // words[w] the last word used.
    fn spell(words: &[(usize, Vec<char>)], w: usize, letters: &[char]) -> Option<usize> {
        let word = &words[w].1;
        let skippable = SKIPPABLE.iter().any(|s| s.chars().eq(word.iter().copied()));
        // This word gives a prefix of itself to the end of `letters`; the shortest long
        // form wins, but it never starts with a small word ("Out-of-Context Reasoning" for
        // `OCR`, not "of-Context Reasoning").
        for k in (1..=word.len().min(letters.len())).rev() {
            if word[..k] != letters[letters.len() - k..] {
                continue;
            }
            let rest = &letters[..letters.len() - k];
            if rest.is_empty() {
                if skippable {
                    continue;
                }
                return Some(words[w].0);
            }
            if w > 0
                && let Some(start) = spell(words, w - 1, rest)
            {
                return Some(start);
            }
        }
        // Or gives nothing, if it is a small word inside the long form.
        if skippable && w > 0 {
            return spell(words, w - 1, letters);
        }
        None
    }
    spell(&words, words.len() - 1, letters)
}

/// The words before byte `end` of `text` that can hold a long form: at most
/// `min(n + 5, 2n)` words for a short form of `n` characters, not crossing a sentence end,
/// semicolon or another parenthesis.
fn candidate_window(text: &str, end: usize, short_len: usize) -> usize {
    let max_words = (short_len + 5).min(short_len * 2);
    let head = &text[..end];
    let mut start = end;
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in head.char_indices().rev() {
        if matches!(c, ';' | '(' | ')' | '[' | ']' | ':' | ',' | '—')
            || (c == '.' && !in_word && i + 1 < end)
        {
            break;
        }
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words >= max_words {
                    break;
                }
            }
        } else {
            in_word = true;
        }
        start = i;
    }
    start
}

/// All definitions in `text`.
pub fn find_definitions(text: &str) -> Vec<Definition> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|i| i + from) {
        from = open + 1;
        let Some(close) = text[open + 1..].find(')').map(|i| i + open + 1) else {
            break;
        };
        let inner_raw = &text[open + 1..close];
        // "(SHORT; …)" and "(SHORT, …)": the short form is the first item.
        let inner = inner_raw.split([';', ',']).next().unwrap_or("").trim();
        let inner_start = open + 1 + inner_raw.find(inner).unwrap_or(0);
        // The text before the parenthesis, without trailing spaces.
        let before_end = text[..open].trim_end().len();
        if before_end == 0 {
            continue;
        }
        if is_short_form(inner) {
            let window = candidate_window(
                text,
                before_end,
                inner.chars().filter(|c| c.is_alphanumeric()).count(),
            );
            let candidate = &text[window..before_end];
            let mut elided = None;
            let start = initials_start(inner, candidate)
                .or_else(|| long_form_start(inner, candidate))
                .or_else(|| {
                    // An acronym in capitals whose last word the text leaves out.
                    let last = inner.chars().last()?;
                    if inner.chars().count() < 3 || !inner.chars().all(|c| c.is_ascii_uppercase()) {
                        return None;
                    }
                    elided = Some(last);
                    initials_start(&inner[..inner.len() - 1], candidate)
                });
            if let Some(rel) = start {
                let long = (window + rel, before_end);
                let long_text = &text[long.0..long.1];
                if long_text.len() > inner.len()
                    && super::words::word_spans(long_text).len() >= 2.min(inner.len())
                    && !long_text.contains(inner)
                {
                    out.push(Definition {
                        short: (inner_start, inner_start + inner.len()),
                        long,
                        elided,
                    });
                }
            }
        } else if inner.split_whitespace().count() >= 2 {
            // SHORT (long form): the word right before the parenthesis.
            let word_start = text[..before_end]
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |i| i + 1);
            let short = &text[word_start..before_end];
            if is_short_form(short) && long_form_start(short, inner) == Some(0) {
                out.push(Definition {
                    short: (word_start, before_end),
                    long: (inner_start, inner_start + inner.len()),
                    elided: None,
                });
            }
        }
    }
    out
}

impl Extractor for AbbreviationExtractor {
    fn name(&self) -> &'static str {
        "abbreviation"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        for field in [Field::Title, Field::Abstract] {
            let text = doc.text(field);
            for def in find_definitions(text) {
                let short = &text[def.short.0..def.short.1];
                let long = &text[def.long.0..def.long.1];
                if doc.abbreviations.iter().any(|a| a.short == short) {
                    continue;
                }
                // A long form without the acronym's last word stands for the one sense of the
                // acronym that adds such a word to it, or for nothing.
                let completed = match def.elided {
                    Some(letter) => match self.completed_sense(short, long, letter) {
                        Some(e) => Some(e),
                        None => continue,
                    },
                    None => None,
                };
                doc.abbreviations.push(Abbreviation {
                    short: short.to_owned(),
                    long: long.to_owned(),
                });
                // The paper's own definition decides what the acronym means here: `GQA` defined
                // as "grouped-query attention" is not the GQA dataset, so dictionary hits of
                // the short form take the definition's reading.
                // When the long form is unknown, the lexicon's reading of the short form stands
                // unless the long form's head word says it is another kind of thing.
                let entry = completed.or_else(|| self.lexicon.lookup(long)).or_else(|| {
                    let e = self.lexicon.lookup(short)?;
                    self.same_sense(e, short, long).then_some(e)
                });
                let kind = entry.map(|e| self.lexicon.entry(e).kind);
                for m in doc.mentions.iter_mut() {
                    let same = m.surface == short || m.surface.strip_suffix('s') == Some(short);
                    if same && m.rule == Rule::Lexicon && m.entry != entry {
                        m.entry = entry;
                        m.kind = kind;
                        m.rule = Rule::Abbreviation;
                    }
                }
                let covered = |doc: &Document<'_>, f: Field, s: usize, e: usize| {
                    doc.mentions
                        .iter()
                        .any(|m| m.span.field == f && m.span.start <= s && e <= m.span.end)
                };
                if !covered(doc, field, def.long.0, def.long.1) {
                    doc.mentions.push(Mention {
                        kind,
                        surface: long.to_owned(),
                        span: Span {
                            field,
                            start: def.long.0,
                            end: def.long.1,
                        },
                        role: Role::Used,
                        rule: Rule::Abbreviation,
                        entry,
                    });
                }
                // Every use of the short form, in title and abstract.
                for f in [Field::Title, Field::Abstract] {
                    let t = doc.text(f);
                    for i in memchr::memmem::find_iter(t.as_bytes(), short.as_bytes()) {
                        let end = short_end(t, i + short.len());
                        if is_word_bounded(t, i, end) && !covered(doc, f, i, end) {
                            doc.mentions.push(Mention {
                                kind,
                                surface: t[i..end].to_owned(),
                                span: Span {
                                    field: f,
                                    start: i,
                                    end,
                                },
                                role: Role::Used,
                                rule: Rule::Abbreviation,
                                entry,
                            });
                        }
                    }
                }
            }
        }
        doc.mentions.sort_by_key(|m| m.span);
    }
}

/// Extends a short-form hit over a plural `s` (`SAEs`).
fn short_end(text: &str, end: usize) -> usize {
    if text[end..].starts_with('s') && is_word_bounded(text, end - 1, end + 1) {
        end + 1
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn pairs(text: &str) -> Vec<(&str, &str)> {
        find_definitions(text)
            .into_iter()
            .map(|d| (&text[d.short.0..d.short.1], &text[d.long.0..d.long.1]))
            .collect()
    }

    #[test]
    fn long_form_then_short() {
        assert_eq!(
            pairs("We use knowledge distillation (KD) and Multi-Head Attention (MHA) here."),
            [
                ("KD", "knowledge distillation"),
                ("MHA", "Multi-Head Attention")
            ]
        );
    }

    #[test]
    fn skips_words_not_in_the_acronym() {
        assert_eq!(
            pairs("Recent work on sparse autoencoders (SAEs) is promising."),
            [("SAEs", "sparse autoencoders")]
        );
        assert_eq!(
            pairs("a new method called Low-Rank Adaptation (LoRA)"),
            [("LoRA", "Low-Rank Adaptation")]
        );
    }

    #[test]
    fn short_then_long() {
        assert_eq!(
            pairs("We train a ViT (vision transformer) model."),
            [("ViT", "vision transformer")]
        );
    }

    #[test]
    fn long_forms_stop_at_commas() {
        assert_eq!(
            pairs("across modalities, vision transformers (ViT) win"),
            [("ViT", "vision transformers")]
        );
    }

    #[test]
    fn rejects_non_definitions() {
        assert!(pairs("the results (see Table 2) and GPT-2 (124M, 12 layers)").is_empty());
        assert!(pairs("O(N^2) cost (N tokens)").is_empty());
    }

    #[test]
    fn word_initials_win_over_letters_inside_words() {
        assert_eq!(
            pairs("We use self-supervised learning (SSL) here."),
            [("SSL", "self-supervised learning")]
        );
        assert_eq!(
            pairs("a Generative Pre-trained Transformer (GPT) model"),
            [("GPT", "Generative Pre-trained Transformer")]
        );
        assert_eq!(
            initials_start("SAEs", "sparse autoencoders"),
            None,
            "not spelled by initials: left to the letter search"
        );
        assert_eq!(initials_start("LoRA", "with Low-Rank Adaptation"), Some(5));
        assert_eq!(initials_start("CoT", "chain of thought"), Some(0));
        assert_eq!(
            pairs("out-of-context reasoning (OCR) is"),
            [("OCR", "out-of-context reasoning")]
        );
        assert_eq!(
            pairs("the overestimation of out-of-distribution (OOD) actions"),
            [("OOD", "out-of-distribution")]
        );
        assert_eq!(initials_start("XYZ", "nothing here"), None);
    }

    #[test]
    fn a_papers_definition_wins_over_another_sense_in_the_lexicon() {
        let lex = Lexicon::parse(
            "dataset\tHumanity's Last Exam\tHLE\t\t\nmodel\tVision Transformer\tViT\t\t\ndataset\tGQA\t\t\t\n",
        )
        .unwrap();
        let ex = crate::extract::Extractors::with_lexicon(Arc::new(lex));
        let links = |abs: &str| -> Vec<(String, String)> {
            ex.extract_text("A title", abs)
                .into_iter()
                .map(|l| (l.kind.to_string(), l.name))
                .collect()
        };
        let hle = links("We study hierarchical label expansion (HLE). HLE is hard.");
        assert!(
            hle.iter().all(|(_, n)| n != "Humanity's Last Exam"),
            "{hle:?}"
        );
        assert!(hle.iter().any(|(_, n)| n == "hierarchical label expansion"));
        // The same sense in other words keeps the lexicon's entity.
        assert_eq!(
            links("We train vision transformers (ViTs) here."),
            [("model".to_owned(), "Vision Transformer".to_owned())]
        );
        // No long form in the lexicon: the head word decides ("attention" is no dataset).
        let gqa = links("We use grouped-query attention (GQA).");
        assert_eq!(
            gqa,
            [("method".to_owned(), "grouped-query attention".to_owned())]
        );
    }

    #[test]
    fn a_long_form_without_its_last_word_names_the_sense_that_adds_it() {
        let lex = Lexicon::parse(
            "method\tself-supervised learning\t\tambiguous:SSL\t\n\
             method\tsemi-supervised learning\t\tambiguous:SSL\t\n\
             task\tsound source localization\t\tambiguous:SSL\t\n",
        )
        .unwrap();
        let ex = crate::extract::Extractors::with_lexicon(Arc::new(lex));
        let links = |abs: &str| -> Vec<(String, Vec<String>)> {
            ex.extract_text("A title", abs)
                .into_iter()
                .map(|l| (l.name, l.mentions))
                .collect()
        };
        let ssl =
            links("While self-supervised (SSL) audio representations help, SSL-based models lag.");
        assert_eq!(ssl.len(), 1, "{ssl:?}");
        assert_eq!(ssl[0].0, "self-supervised learning");
        assert!(ssl[0].1.contains(&"SSL".to_owned()), "{ssl:?}");
        // No sense adds one word to the long form: no definition, no entity from it.
        let none = links("We use contrastive (CTL) objectives.");
        assert!(none.iter().all(|(n, _)| n != "contrastive"), "{none:?}");
    }

    #[test]
    fn schwartz_hearst_core() {
        assert_eq!(long_form_start("HMM", "a hidden markov model"), Some(2));
        assert_eq!(long_form_start("XYZ", "nothing here"), None);
    }
}
