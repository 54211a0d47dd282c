//! Text that is not prose, and names that are not names.
//!
//! Abstracts end with links to code and data (`https://github.com/IBM/foo`,
//! `huggingface.co/datasets/…`) and sometimes an e-mail address; the organisation and user
//! names in them (`IBM`, a GitHub handle) are not entities the paper uses. And a bare size or
//! dimension (`1B`, `405B`, `2D`, `4K`, `8x`) is a setting, never an entity. The last layer
//! drops mentions of both kinds, whichever layer found them; [`is_quantity`] also keeps the
//! name-shape rules from taking a quantity for a coined name.

use super::{Document, Extractor, Field};

/// Drops mentions inside links and e-mail addresses, and bare quantities.
#[derive(Debug, Default)]
pub struct JunkFilter;

impl JunkFilter {
    /// The layer.
    pub fn new() -> Self {
        JunkFilter
    }
}

/// Top-level domains that mark a bare host name (`github.com/…`, `example.org`).
const TLDS: &[&str] = &[
    ".com", ".org", ".io", ".ai", ".co", ".net", ".edu", ".dev", ".app", ".me", ".info", ".gov",
    ".ac", ".uk", ".de", ".cn", ".fr", ".jp",
];

/// The byte ranges of the links and e-mail addresses in `text`: whitespace-separated tokens
/// that start with a scheme or `www.`, hold an `@` between name characters and a dot after
/// it, or hold a host name (a known top-level domain followed by `/` or the token's end).
/// Trailing punctuation (`.`, `,`, `)`) is not part of the range.
pub fn link_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    // The end of the last token looked at: each token is read once.
    let mut seen = 0;
    // Only the tokens around a `/`, an `@`, or a dot inside a word (`github.com`) can be
    // links; sentence ends ("word. Next") are passed over at once.
    for at in memchr::memchr3_iter(b'/', b'@', b'.', bytes) {
        if at < seen {
            continue;
        }
        if bytes[at] == b'.'
            && !(at > 0
                && bytes[at - 1].is_ascii_alphanumeric()
                && bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic))
        {
            continue;
        }
        let start = bytes[..at]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |i| i + 1);
        let token_end = bytes[at..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |i| at + i);
        seen = token_end;
        let mut end = token_end;
        while end > start && matches!(bytes[end - 1], b'.' | b',' | b';' | b':' | b')' | b']') {
            end -= 1;
        }
        let mut from = start;
        while from < end && matches!(bytes[from], b'(' | b'[' | b'<' | b'"' | b'\'') {
            from += 1;
        }
        if from < end && is_link(&text[from..end]) {
            out.push((from, end));
        }
    }
    out
}

/// Whether a token is a link, a host name or an e-mail address.
fn is_link(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return true;
    }
    if let Some(at) = lower.find('@') {
        let (user, host) = (&lower[..at], &lower[at + 1..]);
        if !user.is_empty() && host.contains('.') && !host.ends_with('.') {
            return true;
        }
    }
    // A host with a path (`github.com/IBM/x`), or a bare host written in lower case
    // (`example.org`; `TaskMatrix.AI` is a name).
    let bare_ok = token == lower;
    TLDS.iter().any(|tld| {
        lower.match_indices(tld).any(|(i, _)| {
            let after = &lower[i + tld.len()..];
            i > 0 && ((after.is_empty() && bare_ok) || after.starts_with('/'))
        })
    })
}

/// A bare size, count or dimension: digits (with a decimal point) and at most a unit —
/// `1B`, `405B`, `7b`, `2D`, `3d`, `4K`, `8x`, `1080p`, `10k`, `16GB`, `100M`, `32x32`.
pub fn is_quantity(token: &str) -> bool {
    let t = token.trim();
    let digits = t
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    if digits == 0 || !t.as_bytes()[0].is_ascii_digit() {
        return false;
    }
    let unit = &t[digits..];
    const UNITS: &[&str] = &[
        "", "b", "m", "k", "t", "g", "d", "x", "p", "gb", "mb", "kb", "tb", "hz", "khz", "ms", "s",
        "px", "fps", "bit", "bits", "%",
    ];
    let lower = unit.to_ascii_lowercase();
    if UNITS.contains(&lower.as_str()) {
        return true;
    }
    // `32x32`, `224x224`: a resolution.
    lower
        .strip_prefix('x')
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
}

impl Extractor for JunkFilter {
    fn name(&self) -> &'static str {
        "junk"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        let links = [
            link_ranges(doc.text(Field::Title)),
            link_ranges(doc.text(Field::Abstract)),
        ];
        doc.mentions.retain(|m| {
            let in_link = links[m.span.field.slot()]
                .iter()
                .any(|&(s, e)| m.span.start < e && s < m.span.end);
            !in_link && !is_quantity(&m.surface)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<&str> {
        link_ranges(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn links_hosts_and_addresses() {
        assert_eq!(
            links(
                "Code: https://github.com/IBM/foo. Data at huggingface.co/datasets/x, mail a.b@uni.edu."
            ),
            [
                "https://github.com/IBM/foo",
                "huggingface.co/datasets/x",
                "a.b@uni.edu"
            ]
        );
        assert_eq!(links("(see www.example.org)"), ["www.example.org"]);
        assert_eq!(links("github.com/user/repo"), ["github.com/user/repo"]);
        // A product name shaped like a host is a name.
        assert!(links("We present TaskMatrix.AI and Character.AI.").is_empty());
        // Not links: ratios, versions, "e.g.", an @K metric.
        assert!(links("top-1/top-5 accuracy, v1.2, e.g. BERT, Pass@K and 3/4 of it.").is_empty());
    }

    #[test]
    fn quantities() {
        for q in [
            "1B", "405B", "7b", "2D", "3d", "4K", "8x", "1080p", "16GB", "0.5B", "32x32", "100",
        ] {
            assert!(is_quantity(q), "{q}");
        }
        for n in [
            "GPT-4", "S5", "D3Net", "3DGS", "4Real", "T5", "2D-TAN", "B2",
        ] {
            assert!(!is_quantity(n), "{n}");
        }
    }

    #[test]
    fn the_layer_drops_link_words_and_sizes() {
        let ex = crate::extract::Extractors::new().unwrap();
        let names: Vec<String> = ex
            .extract_text(
                "A title",
                "We fine-tune BERT with 1B tokens in 2D. Code: https://github.com/IBM/BERT-kit.",
            )
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert!(names.contains(&"BERT".to_owned()), "{names:?}");
        for junk in ["IBM", "1B", "2D", "BERT-kit"] {
            assert!(!names.iter().any(|n| n == junk), "{junk} in {names:?}");
        }
    }
}
