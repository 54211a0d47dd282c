//! Versions, sizes, years and variants written after a known name.
//!
//! Papers name a specific member of a known family by writing something after the family's
//! name: `Qwen2.5-7B-Base`, `LLaMA-13B`, `Qwen 0.5B`, `Gemini 2.1`, `YouTube-RVOS`,
//! `PASCAL VOC 2011`, `WMT'14`, `WMT 2014 English-to-German`, `BERT-large`. Cut at the known
//! part, the mention would link the paper to the family and lose the member, and two members
//! named in one paper would become one entity. Distinct versions, sizes and variants are
//! distinct entities (the annotation guidelines), so the dictionary layer extends a hit of a
//! model, dataset or coined method over such a suffix, and the extended text becomes a name of
//! its own.
//!
//! What extends a name:
//! * a hyphen or underscore and a token that holds a digit, starts with a capital, or is one of
//!   the size and release words (`base`, `large`, `instruct`, `chat`…): `-7B`, `-Video`,
//!   `-v2`, `-large`; never an adjective (`-based`, `-Style`, `-like`, `-free`…) or a token
//!   that is itself a known name (`BERT-CRF` is two entities);
//! * a space and a parameter count (`7B`, `0.5B`, `125M`) or a dotted or `v` version (`2.1`,
//!   `v3`) after a model;
//! * a space and a year (`2011`), or an apostrophe and a two-digit year (`'14`), after a
//!   dataset; then a language pair (`English-German`, `English-to-French`) after a dataset.

use super::EntityKind;

/// Words that follow a hyphen to make an adjective or a relation, not a variant
/// (`BERT-based`, `ImageNet-pretrained`, `GPT-4-Style`), compared case-insensitively.
const NOT_VARIANTS: &[&str] = &[
    "based",
    "like",
    "style",
    "level",
    "free",
    "aware",
    "specific",
    "driven",
    "guided",
    "generated",
    "pretrained",
    "pre",
    "trained",
    "only",
    "scale",
    "sized",
    "size",
    "wise",
    "type",
    "inspired",
    "powered",
    "enhanced",
    "augmented",
    "conditioned",
    "derived",
    "related",
    "oriented",
    "compatible",
    "friendly",
    "centric",
    "agnostic",
    "dependent",
    "independent",
    "native",
    "equivalent",
    "class",
    "family",
    "series",
    "labeled",
    "labelled",
    "annotated",
    "tuned",
    "finetuned",
    "fine",
    "initialized",
    "as",
    "and",
    "or",
    "to",
    "vs",
    "in",
    "on",
    "of",
    "the",
    "with",
    "level",
    "sized",
    "supervised",
    "distilled",
    "aligned",
    "assisted",
    "backed",
    "scored",
    "judged",
    "graded",
    "produced",
    "written",
    "translated",
    "sourced",
    "synthesized",
    "created",
    "collected",
];

/// Lower-case words after a hyphen that name a size or release of a model (`BERT-base`,
/// `T5-large`, `Llama-2-chat`).
const RELEASE_WORDS: &[&str] = &[
    "base", "large", "small", "tiny", "mini", "medium", "huge", "giant", "xl", "xxl", "instruct",
    "chat", "turbo", "preview", "pro", "lite", "flash", "ultra", "nano", "plus", "max", "coder",
    "math", "vision", "code", "distill", "uncased", "cased", "it",
];

/// Languages of a translation pair after a dataset name (`WMT 2014 English-German`).
const LANGUAGES: &[&str] = &[
    "English",
    "German",
    "French",
    "Romanian",
    "Russian",
    "Chinese",
    "Japanese",
    "Czech",
    "Finnish",
    "Turkish",
    "Spanish",
    "Italian",
    "Portuguese",
    "Dutch",
    "Arabic",
    "Korean",
    "Vietnamese",
    "Hindi",
    "Estonian",
    "Latvian",
    "Lithuanian",
    "Kazakh",
    "Gujarati",
    "Polish",
    "Hungarian",
    "Swedish",
    "Ukrainian",
    "Hebrew",
    "Indonesian",
    "Thai",
    "Persian",
    "Nepali",
    "Sinhala",
    "Khmer",
    "Pashto",
    "Tamil",
    "Bengali",
    "Urdu",
];

/// The end of the run of letters, digits and dots at `at` (a trailing dot excluded).
fn token_end(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
        i += 1;
    }
    while i > at && bytes[i - 1] == b'.' {
        i -= 1;
    }
    i
}

/// Whether the text at `at` continues a word (a letter or digit, or a non-ASCII letter).
fn glued(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// The token right after the separator at `at`, and where it ends, unless it is empty or
/// glued to what follows.
fn token_after(text: &str, at: usize) -> Option<(usize, &str)> {
    let start = at + 1;
    let end = token_end(text.as_bytes(), start);
    (end > start && !glued(text, end)).then(|| (end, &text[start..end]))
}

/// A parameter count: `7B`, `0.5B`, `125M`, `1.3b`, `70b`.
fn is_size(token: &str) -> bool {
    let Some(digits) = token.strip_suffix(['B', 'M', 'b', 'm', 'K', 'T']) else {
        return false;
    };
    !digits.is_empty()
        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// A version: `2.1`, `3.5`, `v2`, `V3.1`.
fn is_version(token: &str) -> bool {
    let rest = token.strip_prefix(['v', 'V']).unwrap_or(token);
    let dotted = token.len() > rest.len() || rest.contains('.');
    dotted
        && !rest.is_empty()
        && rest.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// A year of a dataset's edition: 1980–2039.
fn is_year(token: &str) -> bool {
    token.len() == 4
        && token.bytes().all(|b| b.is_ascii_digit())
        && matches!(&token[..2], "19" | "20")
}

/// The end of the name that starts a known name of `kind` ending at `end`, extended over the
/// versions, sizes, years and variants written after it; `end` itself when nothing follows.
/// `known` says whether a token is a known name of its own (it then starts a new entity).
pub fn extend(text: &str, end: usize, kind: EntityKind, known: impl Fn(&str) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut end = end;
    // A few suffixes at most: `Qwen2.5-7B-Base`, `WMT 2014 English-to-German`.
    for _ in 0..4 {
        let Some(&sep) = bytes.get(end) else { break };
        let next = match sep {
            // `v2` + `.5`: a version the lexicon knows only in part.
            b'.' if bytes[end - 1].is_ascii_digit()
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) =>
            {
                let e = token_end(bytes, end + 1);
                (!glued(text, e)).then_some(e)
            }
            b'-' | b'_' => hyphen_suffix(text, end, kind, &known),
            b' ' => space_suffix(text, end, kind),
            b'\'' => year_suffix(text, end, 1, kind),
            _ if text[end..].starts_with('\u{2019}') => year_suffix(text, end, 3, kind),
            _ => None,
        };
        match next {
            Some(e) => end = e,
            None => break,
        }
    }
    end
}

/// `-7B`, `-Video`, `-large`: the end of the hyphen suffix at `at`, if it makes a variant.
fn hyphen_suffix(
    text: &str,
    at: usize,
    kind: EntityKind,
    known: &impl Fn(&str) -> bool,
) -> Option<usize> {
    let (end, token) = token_after(text, at)?;
    let lower = token.to_ascii_lowercase();
    if NOT_VARIANTS.contains(&lower.as_str()) {
        return None;
    }
    let digit = token.bytes().any(|b| b.is_ascii_digit());
    let capital = token.bytes().next().is_some_and(|b| b.is_ascii_uppercase());
    let release = kind == EntityKind::Model && RELEASE_WORDS.contains(&lower.as_str());
    // "English-German" after a dataset is a language pair, handled below.
    let language = LANGUAGES.contains(&token);
    if !(digit || capital || release) || language {
        return None;
    }
    // `BERT-CRF`, `CNN-LSTM`: two known names, two entities.
    if !digit && known(token) {
        return None;
    }
    Some(end)
}

/// ` 7B`, ` 2.1` after a model; ` 2011` and ` English-to-German` after a dataset.
fn space_suffix(text: &str, at: usize, kind: EntityKind) -> Option<usize> {
    let (end, token) = token_after(text, at)?;
    let start = at + 1;
    match kind {
        EntityKind::Model if is_size(token) || is_version(token) => Some(end),
        EntityKind::Dataset if is_year(token) => Some(end),
        EntityKind::Dataset => language_pair(text, start),
        _ => None,
    }
}

/// `English-German`, `English-to-French`, `En-De` is not matched (too short to be sure).
fn language_pair(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let first = LANGUAGES.iter().find(|l| rest.starts_with(**l))?;
    let after = &rest[first.len()..];
    let after_sep = after
        .strip_prefix("-to-")
        .or_else(|| after.strip_prefix('-'))
        .or_else(|| after.strip_prefix('\u{2192}'))?;
    let second = LANGUAGES.iter().find(|l| after_sep.starts_with(**l))?;
    let end = at + (rest.len() - after_sep.len()) + second.len();
    (!glued(text, end)).then_some(end)
}

/// `'14`, `’00` after a dataset: `sep_len` is the apostrophe's length in bytes.
fn year_suffix(text: &str, at: usize, sep_len: usize, kind: EntityKind) -> Option<usize> {
    if kind != EntityKind::Dataset {
        return None;
    }
    let bytes = text.as_bytes();
    let start = at + sep_len;
    let digits = bytes
        .get(start..start + 2)
        .filter(|d| d.iter().all(u8::is_ascii_digit))?;
    let end = start + digits.len();
    (!glued(text, end)).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The extended name after `base`, where the text starts with `base`.
    fn ext(text: &str, base: &str, kind: EntityKind) -> String {
        assert!(text.starts_with(base));
        let known = |t: &str| matches!(t, "CRF" | "LSTM" | "BERT");
        text[..extend(text, base.len(), kind, known)].to_owned()
    }

    #[test]
    fn model_sizes_versions_and_releases() {
        use EntityKind::Model;
        assert_eq!(
            ext("Qwen2.5-7B-Base LLM", "Qwen2.5", Model),
            "Qwen2.5-7B-Base"
        );
        assert_eq!(ext("LLaMA-13B, and", "LLaMA", Model), "LLaMA-13B");
        assert_eq!(ext("Qwen 0.5B and", "Qwen", Model), "Qwen 0.5B");
        assert_eq!(ext("Gemini 2.1 is", "Gemini", Model), "Gemini 2.1");
        assert_eq!(
            ext("DeepSeek-Coder-v2.5-236B.", "DeepSeek-Coder", Model),
            "DeepSeek-Coder-v2.5-236B"
        );
        assert_eq!(ext("BERT-large model", "BERT", Model), "BERT-large");
        assert_eq!(ext("Llama-2-chat", "Llama-2", Model), "Llama-2-chat");
        assert_eq!(ext("SAM-Video.", "SAM", Model), "SAM-Video");
    }

    #[test]
    fn adjectives_relations_and_other_names_do_not_extend() {
        use EntityKind::Model;
        for (text, base) in [
            ("BERT-based encoders", "BERT"),
            ("GPT-4-Based Judges", "GPT-4"),
            ("BERT-CRF tagger", "BERT"),
            ("RoBERTa-LSTM", "RoBERTa"),
            ("T5-style", "T5"),
            ("GPT-2 2 times", "GPT-2"),
            ("GPT-2 in 2019", "GPT-2"),
            ("BERT-ish", "BERT"),
        ] {
            assert_eq!(ext(text, base, Model), base, "{text}");
        }
    }

    #[test]
    fn dataset_years_variants_and_language_pairs() {
        use EntityKind::Dataset;
        assert_eq!(
            ext("PASCAL VOC 2011 test", "PASCAL VOC", Dataset),
            "PASCAL VOC 2011"
        );
        assert_eq!(
            ext("WMT'14 English-German", "WMT", Dataset),
            "WMT'14 English-German"
        );
        assert_eq!(ext("WMT\u{2019}14 data", "WMT", Dataset), "WMT\u{2019}14");
        assert_eq!(
            ext(
                "WMT 2014 English-to-French translation task",
                "WMT",
                Dataset
            ),
            "WMT 2014 English-to-French"
        );
        assert_eq!(ext("YouTube-RVOS and", "YouTube", Dataset), "YouTube-RVOS");
        assert_eq!(ext("FB15K-237-N,", "FB15K", Dataset), "FB15K-237-N");
        assert_eq!(ext("TREC-CAR benchmark", "TREC", Dataset), "TREC-CAR");
        // Sizes and versions are model suffixes; a model takes no year.
        assert_eq!(ext("ImageNet 7B", "ImageNet", Dataset), "ImageNet");
        assert_eq!(ext("GPT-2 2019", "GPT-2", EntityKind::Model), "GPT-2");
        assert_eq!(ext("COCO-style boxes", "COCO", Dataset), "COCO");
        assert_eq!(ext("ImageNet-pretrained", "ImageNet", Dataset), "ImageNet");
    }

    #[test]
    fn suffix_tokens() {
        assert!(is_size("7B") && is_size("0.5B") && is_size("125M") && is_size("70b"));
        assert!(!is_size("B") && !is_size("x7B") && !is_size("7"));
        assert!(is_version("2.1") && is_version("v3") && is_version("V3.1"));
        assert!(!is_version("2") && !is_version("v") && !is_version("va"));
        assert!(is_year("2011") && !is_year("1011") && !is_year("201"));
    }
}
