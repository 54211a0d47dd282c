//! The model-name rule: coined words ending in a model-family suffix (`EnhanceNet`,
//! `DenseFormer`, `PALBERT`), anywhere in the text.

use super::*;

/// The name tokens (as [`name_tokens`] cuts them) that end in a model-family suffix and hold a
/// capital letter (every coined name does; see [`is_coined`]).
///
/// The scan jumps from capital to capital and looks only at the tokens around them.
pub(super) fn model_suffix_tokens(text: &str, lower: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(k) = bytes[i..].iter().position(u8::is_ascii_uppercase) {
        let mut run_start = i + k;
        while run_start > i && is_token_byte(bytes[run_start - 1]) {
            run_start -= 1;
        }
        i += k;
        while i < bytes.len() && is_token_byte(bytes[i]) {
            i += 1;
        }
        // A trailing '-' or '.' is not part of the name.
        let mut end = i;
        while end > run_start && matches!(bytes[end - 1], b'-' | b'.') {
            end -= 1;
        }
        let word = &lower.as_bytes()[run_start..end];
        if !crate::extract::typing::MODEL_SUFFIXES
            .iter()
            .any(|s| word.ends_with(s.as_bytes()))
        {
            continue;
        }
        let mut start = run_start;
        while start < end && !bytes[start].is_ascii_alphanumeric() {
            start += 1;
        }
        if end - start >= 2 {
            out.push((start, end));
        }
    }
    out
}

/// Model-shaped coined names the lexicon lacks: `…Net`, `…Former`, `…BERT`, `…GPT`, `…GAN`.
pub struct ModelNameExtractor {
    lexicon: Arc<Lexicon>,
}

impl ModelNameExtractor {
    /// A layer that leaves names the lexicon knows to the dictionary.
    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        ModelNameExtractor { lexicon }
    }
}

impl Extractor for ModelNameExtractor {
    fn name(&self) -> &'static str {
        "model-name"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        for field in [Field::Title, Field::Abstract] {
            let text = doc.text(field);
            for (start, end) in model_suffix_tokens(text, doc.lower(field)) {
                let name = &text[start..end];
                if !is_coined(name)
                    || crate::extract::typing::kind_from_head(name)
                        != Some(crate::extract::EntityKind::Model)
                    || !is_word_bounded(text, start, end)
                    || self.lexicon.lookup(name).is_some()
                {
                    continue;
                }
                let taken = doc
                    .mentions
                    .iter()
                    .any(|m| m.span.field == field && m.span.start < end && start < m.span.end);
                if taken {
                    continue;
                }
                doc.mentions.push(Mention {
                    kind: Some(crate::extract::EntityKind::Model),
                    surface: name.to_owned(),
                    span: Span { field, start, end },
                    role: Role::Used,
                    rule: Rule::ModelName,
                    entry: None,
                });
            }
        }
        doc.mentions.sort_by_key(|m| m.span);
    }
}
