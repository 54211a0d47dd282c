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

/// The kinds of paper id that [`Corpus`](crate::input::Corpus) tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdScheme {
    /// An arXiv identifier (`2401.10000`, `hep-th/9901001`), version dropped.
    Arxiv,
    /// A DOI (`10.1234/abc`), lower case.
    Doi,
    /// Any other id a record gives.
    Other,
}

/// The scheme of an id as [`canonical_id`] leaves it.
pub fn id_scheme(id: &str) -> IdScheme {
    if is_arxiv(id) {
        IdScheme::Arxiv
    } else if is_doi(id) {
        IdScheme::Doi
    } else {
        IdScheme::Other
    }
}

/// A record's id in the one form the corpus compares: arXiv ids lose their `arXiv:` prefix
/// and version (`2401.10000v2` → `2401.10000`); an arXiv or doi.org address becomes the id
/// it names, returned as the paper's url too; arXiv's own DOIs (`10.48550/arXiv.2401.10000`)
/// become the arXiv id; other DOIs are lower-cased (DOIs ignore case). Anything else is
/// kept as given (trimmed), except that a control character inside it becomes its Unicode
/// control picture (a tab → `␉`; C0 controls one to one, C1 controls U+FFFD), so ids stay
/// distinct and no format can fold one into a space (XML attribute values, DOT) or a line
/// break.
pub fn canonical_id(raw: &str) -> (String, Option<String>) {
    let raw = raw.trim();
    let pictured: String;
    let raw = if raw.chars().any(|c| c.is_control()) {
        pictured = raw
            .chars()
            .map(|c| match c as u32 {
                n @ 0..0x20 => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
                0x7f => '\u{2421}',
                0x80..0xa0 => '\u{FFFD}',
                _ => c,
            })
            .collect();
        pictured.as_str()
    } else {
        raw
    };
    let lower = raw.to_ascii_lowercase();
    let after_host = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
        .map(|rest| rest.strip_prefix("www.").unwrap_or(rest));
    if let Some(rest) = after_host {
        let arxiv = ["arxiv.org/abs/", "arxiv.org/pdf/", "export.arxiv.org/abs/"]
            .iter()
            .find_map(|p| rest.strip_prefix(p));
        if let Some(tail) = arxiv {
            // The original spelling: old-style ids keep their archive's case (`math.AG`).
            let start = raw.len() - tail.len();
            let tail = raw[start..].trim_end_matches('/');
            let tail = tail.strip_suffix(".pdf").unwrap_or(tail);
            let id = strip_arxiv_version(tail);
            if is_arxiv(id) {
                return (id.to_owned(), Some(raw.to_owned()));
            }
        }
        for p in ["doi.org/", "dx.doi.org/"] {
            if let Some(tail) = rest.strip_prefix(p) {
                let (id, _) = canonical_id(tail);
                if id_scheme(&id) != IdScheme::Other {
                    return (id, Some(raw.to_owned()));
                }
            }
        }
        return (raw.to_owned(), None);
    }
    if let Some(tail) = lower.strip_prefix("10.48550/arxiv.") {
        let id = strip_arxiv_version(&raw[raw.len() - tail.len()..]);
        if is_arxiv(id) {
            return (id.to_owned(), None);
        }
    }
    if is_doi(raw) {
        return (lower, None);
    }
    if let Some(tail) = lower.strip_prefix("doi:")
        && is_doi(tail.trim())
    {
        return (tail.trim().to_owned(), None);
    }
    let bare = if lower.starts_with("arxiv:") {
        &raw[6..]
    } else {
        raw
    };
    let id = strip_arxiv_version(bare.trim());
    if is_arxiv(id) {
        return (id.to_owned(), None);
    }
    (raw.to_owned(), None)
}

/// `2401.10000v3` → `2401.10000`; anything else unchanged.
fn strip_arxiv_version(id: &str) -> &str {
    match id.rfind('v') {
        Some(v)
            if v > 0
                && id.len() > v + 1
                && id[v + 1..].bytes().all(|b| b.is_ascii_digit())
                && is_arxiv(&id[..v]) =>
        {
            &id[..v]
        }
        _ => id,
    }
}

/// A new-style (`YYMM.NNNN[N]`) or old-style (`archive[.XX]/YYMMNNN`) arXiv id, no version.
fn is_arxiv(id: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some((yymm, n)) = id.split_once('.')
        && yymm.len() == 4
        && digits(yymm)
        && (n.len() == 4 || n.len() == 5)
        && digits(n)
    {
        return true;
    }
    if let Some((archive, n)) = id.split_once('/') {
        let name = archive.split('.').next().unwrap_or("");
        return n.len() == 7
            && digits(n)
            && !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    }
    false
}

/// `10.<registrant>/<suffix>`.
fn is_doi(id: &str) -> bool {
    id.strip_prefix("10.")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(registrant, suffix)| {
            registrant.len() >= 4
                && registrant.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && !suffix.is_empty()
                && !suffix.contains(char::is_whitespace)
        })
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

pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
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
    fn ids_take_one_form_per_paper() {
        let url = |s: &str| Some(s.to_owned());
        for (raw, id, address) in [
            ("2401.10000", "2401.10000", None),
            ("2401.10000v2", "2401.10000", None),
            (" arXiv:2401.10000v1 ", "2401.10000", None),
            (
                "http://arxiv.org/abs/2401.10000v1",
                "2401.10000",
                url("http://arxiv.org/abs/2401.10000v1"),
            ),
            (
                "https://arxiv.org/pdf/2401.10000v3.pdf",
                "2401.10000",
                url("https://arxiv.org/pdf/2401.10000v3.pdf"),
            ),
            ("hep-th/9901001v2", "hep-th/9901001", None),
            ("math.AG/0601001", "math.AG/0601001", None),
            ("10.48550/arXiv.2401.10000", "2401.10000", None),
            ("10.1145/3292500.3330701", "10.1145/3292500.3330701", None),
            ("10.1007/ABC-123", "10.1007/abc-123", None),
            ("doi:10.1007/ABC", "10.1007/abc", None),
            (
                "https://doi.org/10.1007/ABC",
                "10.1007/abc",
                url("https://doi.org/10.1007/ABC"),
            ),
            ("001-228", "001-228", None),
            ("https://example.org/p/1", "https://example.org/p/1", None),
            ("v2", "v2", None),
            ("tab\tid", "tab\u{2409}id", None),
            ("nul\0", "nul\u{2400}", None),
        ] {
            assert_eq!(canonical_id(raw), (id.to_owned(), address), "{raw}");
        }
        assert_eq!(id_scheme("2401.10000"), IdScheme::Arxiv);
        assert_eq!(id_scheme("10.1007/abc"), IdScheme::Doi);
        assert_eq!(id_scheme("a1"), IdScheme::Other);
    }

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
