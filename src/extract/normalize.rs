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
    fn slugs() {
        assert_eq!(slug("GPT-4o"), "gpt-4o");
        assert_eq!(slug("ViT-B/16"), "vit-b-16");
        assert_eq!(slug("C++"), "c-plus-plus");
        assert_eq!(slug("knowledge distillation"), "knowledge-distillation");
        assert_eq!(slug("!!"), "x");
    }
}
