//! Text keys: the normalisations that decide when two names are the same entity, and the
//! slugs that become node ids.

use unicode_normalization::UnicodeNormalization;

/// The matching key of a name: NFKC, case-folded, `+` spelled `plus`, every other
/// non-alphanumeric character dropped, and a trailing plural `s` dropped (for keys longer than
/// three characters). `GPT-2`, `GPT2` and `gpt 2` share a key; `GPT-2` and `GPT-4` do not;
/// `SAEs` and `SAE` do.
///
/// This is the rule of the evaluation's reference scorer, so that "the same entity" means the
/// same thing to the resolver and to the measurement.
pub fn entity_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    if name.is_ascii() {
        // NFKC leaves ASCII unchanged; skipping it is the hot path.
        for b in name.bytes() {
            if b == b'+' {
                out.push_str("plus");
            } else if b.is_ascii_alphanumeric() {
                out.push(b.to_ascii_lowercase() as char);
            }
        }
        if out.len() > 3 && out.ends_with('s') {
            out.pop();
        }
        return out;
    }
    for c in name.nfkc() {
        if c == '+' {
            out.push_str("plus");
        } else if c == 'ß' || c == 'ẞ' {
            // Python's casefold() maps ß to "ss"; to_lowercase() keeps it.
            out.push_str("ss");
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    if out.chars().count() > 3 && out.ends_with('s') {
        out.pop();
    }
    out
}

/// American spellings of British word endings, for [`sense_key`]: the lexicon matches both
/// spellings of its own names, and this folds the rest (`modelling` → `modeling`,
/// `normalisation` → `normalization`, `behaviour` → `behavior`).
const AMERICAN_ENDINGS: &[(&str, &str)] = &[
    ("elling", "eling"),
    ("elled", "eled"),
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("yse", "yze"),
    ("aviour", "avior"),
    ("aviours", "aviors"),
    ("ighbour", "ighbor"),
    ("ighbours", "ighbors"),
    ("ighbourhood", "ighborhood"),
    ("olour", "olor"),
    ("entre", "enter"),
];

/// Phrases that name one thing two ways, folded to one spelling by [`sense_key`].
const SAME_SENSE: &[(&str, &str)] = &[("caption generation", "captioning")];

/// Whether `text` ends with `suffix`, ASCII case folded.
fn ends_with_folded(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Whether [`sense_key`] could differ from [`entity_key`] for this name: a glued acronym, a
/// word with a British ending, or a [`SAME_SENSE`] phrase at the end.
fn needs_folding(name: &str) -> bool {
    name.ends_with(')')
        || name
            .split(|c: char| !c.is_alphanumeric() && c != '×')
            .any(|w| square_side(w).is_some())
        || SAME_SENSE
            .iter()
            .any(|(phrase, ..)| ends_with_folded(name, phrase))
        || name.split(|c: char| !c.is_alphanumeric()).any(|w| {
            w.len() > 5
                && AMERICAN_ENDINGS
                    .iter()
                    .any(|(from, _)| ends_with_folded(w, from))
        })
}

/// Where a word that ends in a square size (`Imagenet32x32`, `64×64`) would end if the size
/// were written once (`Imagenet32`, `64`): the byte length of the word up to the end of the
/// first number; `None` for any other word (`3x4`, `x32`).
fn square_side(word: &str) -> Option<usize> {
    let (head, tail) = word.rsplit_once(['x', 'X', '×'])?;
    let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0 && tail == &head[head.len() - digits..]).then_some(head.len())
}

/// The key under which two names are one entity: [`entity_key`] after folding what only
/// spells a name differently: British endings to American ones, a glued acronym in
/// parentheses ("visual question answering (VQA)"), and [`SAME_SENSE`] phrases. Used to group
/// names, within a paper and across a corpus; the evaluation keeps [`entity_key`].
pub fn sense_key(name: &str) -> String {
    let trimmed = name.trim();
    // Most names have nothing to fold: their plain key, without splitting words.
    if !needs_folding(trimmed) {
        return entity_key(trimmed);
    }
    // "X (ACR)": the acronym is another name of X, not part of it.
    let name = match trimmed.strip_suffix(')').and_then(|t| t.rsplit_once(" (")) {
        Some((outer, inner))
            if !outer.trim().is_empty()
                && !inner.contains(['(', ' '])
                && inner.len() <= 12
                && inner.chars().filter(|c| c.is_uppercase()).count() >= 2 =>
        {
            outer
        }
        _ => trimmed,
    };
    let mut words: Vec<String> = Vec::new();
    for word in name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == '/')
        .filter(|w| !w.is_empty())
    {
        let mut w = word.to_lowercase();
        if w.is_ascii()
            && w.len() > 5
            && let Some((from, to)) = AMERICAN_ENDINGS.iter().find(|(from, _)| {
                w.strip_suffix(from).is_some_and(|stem| {
                    // Bare "-ise" is left alone (`noise`, `precise`); `ell` needs a stem
                    // that is not itself an `e` word.
                    stem.len() >= 2 && !(from.starts_with("ell") && stem.ends_with('e'))
                })
            })
        {
            w.truncate(w.len() - from.len());
            w.push_str(to);
        }
        if let Some(side) = square_side(&w) {
            w.truncate(side);
        }
        words.push(w);
    }
    let mut joined = words.join(" ");
    for (from, to) in SAME_SENSE {
        if let Some(stem) = joined.strip_suffix(from)
            && (stem.is_empty() || stem.ends_with(' '))
        {
            joined = format!("{stem}{to}");
        }
    }
    entity_key(&joined)
}

/// The letters an acronym would take from a long form, lower case: each word's first letter
/// or digit, and each hyphenated part's (`vision-language model` → `vlm`).
pub fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A readable id fragment: lower case, runs of other characters turned into single hyphens,
/// `+` spelled `plus` (`GPT-4o` → `gpt-4o`, `C++` → `c-plus-plus`, `ViT-B/16` → `vit-b-16`).
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.nfkc() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if c == '+' {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str("plus");
            gap = true;
        } else {
            gap = true;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_scorer() {
        assert_eq!(entity_key("GPT-2"), entity_key("gpt2"));
        assert_ne!(entity_key("GPT-2"), entity_key("GPT-4"));
        assert_eq!(entity_key("SAEs"), "sae");
        assert_eq!(
            entity_key("sparse autoencoders"),
            entity_key("Sparse Autoencoder")
        );
        assert_eq!(entity_key("C++"), "cplusplu"); // the scorer drops a trailing s here too
        assert_eq!(entity_key("bus"), "bus"); // three letters: no plural stripping
        assert_eq!(entity_key("ＢＥＲＴ"), "bert"); // NFKC folds full-width letters
    }

    #[test]
    fn sense_keys_fold_spellings_and_glued_acronyms() {
        for (a, b) in [
            ("Imagenet32x32", "ImageNet-32"),
            ("ImageNet 64×64", "ImageNet-64"),
            ("probabilistic modelling", "probabilistic modeling"),
            ("feature normalisation", "feature normalization"),
            ("agent behaviour", "agent behavior"),
            (
                "visual question answering (VQA)",
                "visual question answering",
            ),
            ("music caption generation", "music captioning"),
            ("Normalizing Flows", "normalizing flow"),
            ("data labelling", "data labeling"),
        ] {
            assert_eq!(sense_key(a), sense_key(b), "{a} / {b}");
        }
        for (a, b) in [
            ("GPT-2", "GPT-4"),
            ("ModelNet10", "ModelNet40"),
            ("noise", "noize"),
            ("f(x)", "f"),
            ("ImageNet 32x64", "ImageNet 32"),
            ("Go 19x19", "Go"),
        ] {
            assert_ne!(sense_key(a), sense_key(b), "{a} / {b}");
        }
        assert_eq!(sense_key("GPT-2"), entity_key("GPT-2"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("GPT-4o"), "gpt-4o");
        assert_eq!(slug("ViT-B/16"), "vit-b-16");
        assert_eq!(slug("C++"), "c-plus-plus");
        assert_eq!(slug("knowledge distillation"), "knowledge-distillation");
        assert_eq!(slug("!!"), "x");
    }
}
