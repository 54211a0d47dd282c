//! Names that are near another entity's name: a misspelling of it, or it narrowed by a
//! qualifier that does not make a different entity. Pure functions on names; the corpus-level
//! decisions (which entities exist, how often, in which papers) are [`super::build`]'s.

/// Units of a granularity qualifier: `word-level language modeling` is language modeling done
/// on words, not another task. Not `document` or `paragraph`: document-level relation
/// extraction and document-level translation are research problems of their own.
const LEVEL_UNITS: &[&str] = &[
    "word",
    "character",
    "char",
    "byte",
    "token",
    "subword",
    "sentence",
    "pixel",
    "patch",
    "frame",
];

/// Adjectives that call an entity the ordinary one (`vanilla Transformer`, `standard
/// dropout`). Not `classical` (classical planning is a field of its own). `online` is one
/// only before a learning task (`online reinforcement learning` is reinforcement learning
/// from interaction, its usual setting), never before an algorithm or another problem
/// (online gradient descent, online convex optimization); `offline` never is (offline
/// reinforcement learning is a research problem of its own).
const SETTINGS: &[&str] = &[
    "standard",
    "vanilla",
    "conventional",
    "traditional",
    "plain",
    "naive",
];

/// What a technique is applied to (`model pruning`, `LLM quantization`, `DNN architecture
/// pruning`): only stripped from methods that end in one of [`TECHNIQUES`], where the rest
/// is the technique itself (`model predictive control`, `neural radiance fields` and
/// `network alignment` are not a technique applied to a model).
const OBJECTS: &[&str] = &[
    "model",
    "models",
    "network",
    "networks",
    "neural",
    "dnn",
    "dnns",
    "llm",
    "llms",
    "architecture",
];

/// Techniques applied to a whole model, the last word of a method whose front may name what
/// it is applied to.
const TECHNIQUES: &[&str] = &[
    "pruning",
    "quantization",
    "quantisation",
    "compression",
    "distillation",
    "sparsification",
    "editing",
    "merging",
    "ensembling",
    "unlearning",
    "watermarking",
];

/// How many words the qualifier at the start of `words` takes (0: none).
fn qualifier_len(words: &[&str], objects: bool, online: bool) -> usize {
    let Some(first) = words.first() else {
        return 0;
    };
    let first = first.to_lowercase();
    if let Some(unit) = first.strip_suffix("-level")
        && LEVEL_UNITS.contains(&unit)
    {
        return 1;
    }
    let second = words.get(1).map(|w| w.to_lowercase());
    if LEVEL_UNITS.contains(&first.as_str()) && second.as_deref() == Some("level") {
        return 2;
    }
    if first == "large-scale" || first == "small-scale" {
        return 1;
    }
    if (first == "large" || first == "small") && second.as_deref() == Some("scale") {
        return 2;
    }
    if SETTINGS.contains(&first.as_str()) || (online && first == "online") {
        return 1;
    }
    if objects && OBJECTS.contains(&first.as_str()) {
        return 1;
    }
    0
}

/// The names left after each qualifier stripped from the front of `name`, broadest last:
/// `DNN architecture pruning` → `architecture pruning`, `pruning`. Empty when `name` does
/// not start with a qualifier. At least one word is always left. `method`: the name is a
/// method's, whose front may name what a technique is applied to; else a task's.
pub(crate) fn broader_names(name: &str, method: bool) -> Vec<&str> {
    let last = name
        .split_whitespace()
        .next_back()
        .map(str::to_lowercase)
        .unwrap_or_default();
    let objects = method && TECHNIQUES.contains(&last.as_str());
    let online = !method && last == "learning";
    let mut out = Vec::new();
    let mut rest = name.trim();
    for _ in 0..4 {
        let words: Vec<&str> = rest.split_whitespace().collect();
        let n = qualifier_len(&words, objects, online);
        if n == 0 || n >= words.len() {
            break;
        }
        // The rest of the name as written, after the qualifier's words.
        let mut tail = rest;
        for w in &words[..n] {
            tail = tail.trim_start().strip_prefix(w).unwrap_or(tail);
        }
        rest = tail.trim_start();
        out.push(rest);
    }
    out
}

/// A proper name's spelling for comparing misspellings: its letters and digits, case kept.
/// `None` for a name too short or too plain for a one-letter slip to be told from another
/// word: fewer than seven letters and digits, or no capital after the first character and
/// no digit (`ImageNet-1K`, `Reformer2` qualify; `sparse coding`, `BERT` do not).
pub(crate) fn spelling(name: &str) -> Option<String> {
    let chars: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
    let proper =
        chars.chars().skip(1).any(char::is_uppercase) || chars.chars().any(|c| c.is_ascii_digit());
    (chars.chars().count() >= 7 && proper).then_some(chars)
}

/// The key of a spelling for the misspelling index: case-folded.
pub(crate) fn spelling_key(spelling: &str) -> String {
    spelling.to_lowercase()
}

/// The keys of `spelling` with one letter left out, where leaving it out is a plausible slip:
/// a lower-case ASCII letter right after another (`ImageNet` → `ImagNet`), never a capital
/// or a digit (`ResNeXt` is not `ResNet` misspelt, nor `GPT-4` `GPT-40`).
pub(crate) fn slips(spelling: &str) -> Vec<String> {
    let chars: Vec<char> = spelling.chars().collect();
    let mut out = Vec::new();
    for i in 1..chars.len() {
        if chars[i].is_ascii_lowercase() && chars[i - 1].is_ascii_lowercase() {
            // A doubled letter gives the same key either way: once is enough.
            if i + 1 < chars.len() && chars[i + 1] == chars[i] {
                continue;
            }
            let key: String = chars[..i]
                .iter()
                .chain(&chars[i + 1..])
                .collect::<String>()
                .to_lowercase();
            if !out.contains(&key) {
                out.push(key);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_are_stripped_from_the_front_only() {
        assert_eq!(
            broader_names("word-level language modeling", false),
            ["language modeling"]
        );
        assert_eq!(
            broader_names("byte level text classification", false),
            ["text classification"]
        );
        assert_eq!(broader_names("model quantization", true), ["quantization"]);
        assert_eq!(
            broader_names("online reinforcement learning", false),
            ["reinforcement learning"]
        );
        assert!(broader_names("online reinforcement learning", true).is_empty());
        assert!(broader_names("online convex optimization", false).is_empty());
        assert_eq!(
            broader_names("DNN architecture pruning", true),
            ["architecture pruning", "pruning"]
        );
        assert!(broader_names("DNN architecture pruning", false).is_empty());
        assert_eq!(
            broader_names("large-scale vanilla Transformer", false),
            ["vanilla Transformer", "Transformer"]
        );
        // Not qualifiers, or nothing left.
        for name in [
            "offline reinforcement learning",
            "online gradient descent",
            "classical planning",
            "document-level relation extraction",
            "model predictive control",
            "neural radiance fields",
            "network alignment",
            "semantic segmentation",
            "multi-head attention",
            "online",
            "word-level",
            "language modeling with online data",
        ] {
            assert!(broader_names(name, true).is_empty(), "{name}");
        }
    }

    #[test]
    fn slips_drop_one_lower_case_letter_of_a_proper_name() {
        let s = spelling("ImageNet-1K").unwrap();
        assert_eq!(s, "ImageNet1K");
        assert!(slips(&s).contains(&spelling_key(&spelling("ImagNet-1k").unwrap())));
        // A capital or a digit is not a slip; plain or short names are not compared.
        let resnext = spelling("ResNeXt-50").unwrap();
        assert!(!slips(&resnext).contains(&spelling_key("ResNet50")));
        assert_eq!(spelling("sparse coding"), None);
        assert_eq!(spelling("BERT"), None);
        assert_eq!(spelling("Reformer"), None);
        assert!(spelling("Reformer2").is_some());
        // A doubled letter gives one key.
        assert_eq!(
            slips("Llamma7B").iter().filter(|k| *k == "llama7b").count(),
            1
        );
    }
}
