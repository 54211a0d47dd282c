//! The unit of input: one paper's title and abstract, with what else its record tells.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One paper, as a reader yields it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paper {
    /// The record's own id where it has one (arXiv id, DOI, …), else an id derived from the
    /// normalised title (see [`title_id`]), so the same title gets the same id on every run.
    pub id: String,
    /// The title, whitespace collapsed.
    pub title: String,
    /// The abstract, whitespace collapsed.
    #[serde(rename = "abstract")]
    pub abstract_text: String,
    /// Publication (or last update) year, where the record gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Author names, where the record gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// A link to the paper, where the record gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where the record came from.
    #[serde(skip)]
    pub source: Source,
}

/// The file and line a record started on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// The input file (`-` for standard input).
    pub path: PathBuf,
    /// 1-based line number of the record's first line.
    pub line: u64,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)
    }
}

/// Collapses runs of whitespace (including newlines and tabs) to single spaces and trims;
/// turns LaTeX markup into the text it stands for ([`crate::latex::strip_latex`]); and joins a
/// word broken after a hyphen at a line end ("few-\nshot" → "few-shot").
pub fn clean_text(s: &str) -> String {
    let s = crate::latex::strip_latex(s);
    if is_clean(s.as_bytes()) {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        out.push_str(&rest[..end]);
        let gap_end = rest[end..]
            .find(|c: char| !c.is_whitespace())
            .map_or(rest.len(), |i| end + i);
        let gap = &rest[end..gap_end];
        rest = &rest[gap_end..];
        if rest.is_empty() {
            break;
        }
        // "few-\nshot": a hyphen ending a line, a lower-case word starting the next one.
        let broken = gap.contains('\n')
            && out.ends_with('-')
            && out[..out.len() - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            && rest.chars().next().is_some_and(char::is_lowercase)
            && !rest.starts_with("and ")
            && !rest.starts_with("or ");
        if !broken {
            out.push(' ');
        }
    }
    out
}

/// Whether [`clean_text`] would leave `s` as it is: no whitespace but single spaces between
/// other characters. Besides ASCII, the whitespace characters are U+0085, U+00A0, U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000, found here by their UTF-8 bytes.
fn is_clean(s: &[u8]) -> bool {
    if s.first() == Some(&b' ') || s.last() == Some(&b' ') {
        return false;
    }
    let mut space = false;
    for (i, &b) in s.iter().enumerate() {
        let next = |k: usize| s.get(i + k).copied().unwrap_or(0);
        let white = match b {
            b' ' if space => return false,
            b' ' => {
                space = true;
                continue;
            }
            b'\t'..=b'\r' => true,
            0xc2 => matches!(next(1), 0x85 | 0xa0),
            0xe1 => next(1) == 0x9a && next(2) == 0x80,
            0xe2 => match next(1) {
                0x80 => matches!(next(2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf),
                0x81 => next(2) == 0x9f,
                _ => false,
            },
            0xe3 => next(1) == 0x80 && next(2) == 0x80,
            _ => false,
        };
        if white {
            return false;
        }
        space = false;
    }
    true
}

/// The normalised form of a title used to spot the same paper twice: lower case, every run of
/// non-alphanumeric characters turned into one space.
pub fn normalize_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut gap = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// A stable, readable id for a paper that has none: the title's first words as a slug plus
/// eight hex digits of an FNV-1a hash of the normalised title, e.g.
/// `sparse-autoencoders-find-highly-interpretable-4f1c9a2e`.
///
/// FNV-1a is used because it is fixed by its definition: unlike `std`'s hasher it gives the
/// same value on every platform, Rust version and run.
pub fn title_id(title: &str) -> String {
    let norm = normalize_title(title);
    let hash = fnv1a64(norm.as_bytes());
    let mut slug = String::new();
    for word in norm.split(' ') {
        let word: String = word.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if word.is_empty() {
            continue;
        }
        if !slug.is_empty() && slug.len() + word.len() + 1 > 40 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
        if slug.len() >= 40 {
            slug.truncate(40);
            break;
        }
    }
    if slug.is_empty() {
        slug.push_str("untitled");
    }
    format!("{slug}-{:08x}", (hash >> 32) as u32 ^ hash as u32)
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = Fnv1a::new();
    h.write(bytes);
    h.finish()
}

/// FNV-1a (64 bits) fed piece by piece: a hash fixed by its definition, the same on every
/// platform, Rust version and run (unlike `std`'s hashers, whose `Hash` impls also write
/// native-endian lengths).
pub(crate) struct Fnv1a(u64);

impl Fnv1a {
    pub(crate) fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// A string with its length first, so that `("ab", "c")` and `("a", "bc")` differ.
    pub(crate) fn write_str(&mut self, s: &str) {
        self.write(&(s.len() as u64).to_le_bytes());
        self.write(s.as_bytes());
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_ids_are_stable_and_ignore_case_and_punctuation() {
        let a = title_id("Sparse Autoencoders Find Highly Interpretable Features");
        let b = title_id("sparse autoencoders: find highly-interpretable features!");
        assert_eq!(a, b);
        // Pinned so that a change of hash or slug rule is noticed: ids are public.
        assert_eq!(a, "sparse-autoencoders-find-highly-6ec6993c");
        assert_ne!(
            a,
            title_id("Sparse Autoencoders Find Interpretable Features")
        );
    }

    #[test]
    fn title_id_of_non_latin_or_empty_title() {
        assert!(title_id("").starts_with("untitled-"));
        assert!(title_id("深度学习").starts_with("untitled-"));
    }

    #[test]
    fn clean_text_joins_words_broken_at_a_line_end_and_reads_latex() {
        assert_eq!(clean_text("few-\nshot learning"), "few-shot learning");
        assert_eq!(clean_text("few- shot"), "few- shot");
        assert_eq!(
            clean_text("pre-\nand post-training"),
            "pre- and post-training"
        );
        assert_eq!(
            clean_text("\\textsc{LaDeCo}:\n a  method"),
            "LaDeCo: a method"
        );
    }

    #[test]
    fn clean_text_collapses_whitespace() {
        assert_eq!(clean_text("  a\tb\n\nc  "), "a b c");
        assert_eq!(clean_text("a\u{a0}b\u{3000}c\u{2009}d"), "a b c d");
        assert_eq!(clean_text("already clean ±1 °C"), "already clean ±1 °C");
    }

    /// The slow way, by definition.
    fn collapsed(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn clean_text_knows_every_whitespace_character() {
        // Every character up to U+FFFF between two letters: the fast path must see exactly
        // the characters `split_whitespace` splits on.
        // (A backslash starts LaTeX markup, which `clean_text` also reads.)
        for c in (0..=0xffff)
            .filter_map(char::from_u32)
            .filter(|&c| c != '\\')
        {
            let s = format!("a{c}b");
            assert_eq!(clean_text(&s), collapsed(&s), "U+{:04X}", c as u32);
        }
    }

    proptest::proptest! {
        #[test]
        fn clean_text_fast_path_agrees_with_the_definition(
            s in "[ a\t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{202f}\u{3000}é±中]{0,12}"
        ) {
            proptest::prop_assert_eq!(clean_text(&s), collapsed(&s));
        }
    }
}
