//! Typing layer: a kind for every mention the earlier layers found without one.
//!
//! Lexicon hits already carry their entry's kind. For the rest the cues are, in order: the
//! mention's own head word (`…Net`, `…BERT` → model; `…Bench` → dataset; `… learning` →
//! method; `… detection` → task; `… rate` → metric); for a title prefix, what the rest of the
//! title says it is (`X: A Benchmark for …` → dataset); and otherwise the kind most
//! introduced names have, method. A mention whose text is a generic word is dropped.

use super::{Document, EntityKind, Extractor, Field, Rule};

/// Assigns kinds from head words and context.
#[derive(Debug, Default)]
pub struct Typer;

impl Typer {
    /// The layer.
    pub fn new() -> Self {
        Typer
    }
}

const DATASET_HEADS: &[&str] = &[
    "dataset",
    "data set",
    "corpus",
    "benchmark",
    "bench",
    "suite",
    "treebank",
    "collection",
];
const METRIC_HEADS: &[&str] = &[
    "score",
    "rate",
    "accuracy",
    "error",
    "distance",
    "ratio",
    "divergence",
    "metric",
    "index",
    "precision",
    "recall",
];
const TASK_HEADS: &[&str] = &[
    "detection",
    "recognition",
    "segmentation",
    "classification",
    "translation",
    "generation",
    "estimation",
    "answering",
    "summarization",
    "summarisation",
    "retrieval",
    "parsing",
    "tracking",
    "prediction",
    "synthesis",
    "captioning",
    "reasoning",
    "modeling",
    "modelling",
    "understanding",
    "forecasting",
    "reconstruction",
    "completion",
    "unlearning",
];
const METHOD_HEADS: &[&str] = &[
    "learning",
    "distillation",
    "attention",
    "optimization",
    "optimisation",
    "descent",
    "tuning",
    "training",
    "search",
    "sampling",
    "decoding",
    "encoding",
    "embedding",
    "regularization",
    "normalization",
    "pruning",
    "quantization",
    "augmentation",
    "autoencoder",
    "mechanism",
    "algorithm",
    "layer",
    "unit",
    "function",
    "prompting",
    "network",
    "networks",
    "convolution",
    "transformer",
    "probing",
    "masking",
    "adaptation",
];
/// Suffixes of coined model names (lower case).
pub(crate) const MODEL_SUFFIXES: &[&str] = &["net", "bert", "gpt", "former", "llama", "vit", "gan"];
/// Words that are never entities on their own.
const GENERIC: &[&str] = &[
    "model",
    "models",
    "method",
    "methods",
    "approach",
    "framework",
    "algorithm",
    "system",
    "network",
    "architecture",
    "data",
    "dataset",
    "benchmark",
    "training",
    "performance",
];

/// The head lists in the order they are tried: a name matching several takes the first.
const HEAD_LISTS: [(&[&str], EntityKind); 4] = [
    (DATASET_HEADS, EntityKind::Dataset),
    (TASK_HEADS, EntityKind::Task),
    (METRIC_HEADS, EntityKind::Metric),
    (METHOD_HEADS, EntityKind::Method),
];

/// The head lists as lookups: one-word heads by word, with the rank of the first list that
/// has them; multi-word heads (matched as endings of the whole name) with their rank.
struct Heads {
    words: rustc_hash::FxHashMap<&'static str, usize>,
    phrases: Vec<(&'static str, usize)>,
}

static HEADS: std::sync::LazyLock<Heads> = std::sync::LazyLock::new(|| {
    let mut heads = Heads {
        words: Default::default(),
        phrases: Vec::new(),
    };
    for (rank, (list, _)) in HEAD_LISTS.iter().enumerate() {
        for &h in *list {
            if h.contains(' ') {
                heads.phrases.push((h, rank));
            } else {
                heads.words.entry(h).or_insert(rank);
            }
        }
    }
    heads
});

/// The kind a name's own words point to, if any.
pub fn kind_from_head(name: &str) -> Option<EntityKind> {
    let lower = name.to_lowercase();
    let last = lower
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .unwrap_or("");
    let last_singular = last.strip_suffix('s').unwrap_or(last);
    // The first list with the last word, its singular, or a multi-word head ending the name;
    // a last word ending in "bench" counts as a dataset head.
    let heads = &*HEADS;
    let rank = [last, last_singular]
        .iter()
        .filter_map(|w| heads.words.get(w).copied())
        .chain(
            heads
                .phrases
                .iter()
                .filter(|(h, _)| lower.ends_with(h))
                .map(|&(_, rank)| rank),
        )
        .chain(last.ends_with("bench").then_some(0))
        // "metanetwork", "hypernetworks": a network is a method.
        .chain(last_singular.ends_with("network").then_some(3))
        .min();
    if let Some(rank) = rank {
        return Some(HEAD_LISTS[rank].1);
    }
    // Coined model names: CamelCase words ending in a model suffix (ResNet, PALBERT, MiniViT).
    let word = name.split_whitespace().last().unwrap_or("");
    // A plural (`PointNets`) has the suffix of its singular.
    let word = word
        .strip_suffix('s')
        .filter(|w| w.len() > 3)
        .unwrap_or(word);
    let word_lower = word.to_lowercase();
    if word.chars().any(char::is_uppercase)
        && MODEL_SUFFIXES
            .iter()
            .any(|s| word_lower.ends_with(s) && word_lower.len() > s.len())
    {
        return Some(EntityKind::Model);
    }
    None
}

/// The kind the rest of a title gives its `Name:` prefix.
pub(crate) fn kind_from_title_rest(rest: &str) -> Option<EntityKind> {
    let lower = rest.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let is = |t: &str, w: &str| t == w || t.strip_suffix('s') == Some(w);
    let has = |list: &[&str]| words.iter().any(|t| list.iter().any(|w| is(t, w)));
    // A benchmark anywhere ("X: A Benchmark for …", "… Dataset and …"), or a rest that opens
    // with evaluating ("X: Benchmarking LLMs on …").
    if has(&[
        "benchmark",
        "dataset",
        "corpus",
        "suite",
        "testbed",
        "resource",
        "database",
        "collection",
    ]) || words.first().is_some_and(|w| {
        [
            "benchmarking",
            "evaluating",
            "assessing",
            "diagnosing",
            "measuring",
        ]
        .contains(w)
    }) {
        return Some(EntityKind::Dataset);
    }
    // A model only when the rest's own noun phrase says so ("X: An Ultra-Small Language
    // Model"); "X: Outlier Channels in Recurrent Large Language Models" is about models, and
    // X is a method.
    let stops = [
        "for", "of", "with", "in", "on", "via", "to", "through", "by", "using", "from", "towards",
        "and", "that", "is", "are",
    ];
    let first_np: Vec<&str> = words
        .iter()
        .copied()
        .skip_while(|w| ["a", "an", "the"].contains(w))
        .take_while(|w| !stops.contains(w))
        .collect();
    let names_model = first_np.iter().any(|t| {
        ["model", "llm", "transformer", "network"]
            .iter()
            .any(|w| is(t, w))
    });
    let names_method = first_np.iter().any(|t| {
        ["method", "approach", "technique", "algorithm", "framework"]
            .iter()
            .any(|w| is(t, w))
    });
    (names_model && !names_method).then_some(EntityKind::Model)
}

impl Extractor for Typer {
    fn name(&self) -> &'static str {
        "typing"
    }

    fn extract(&self, doc: &mut Document<'_>) {
        let title = doc.title;
        let abstract_text = doc.abstract_text;
        let abbreviations = doc.abbreviations.clone();
        for m in doc.mentions.iter_mut().filter(|m| m.kind.is_none()) {
            // An acronym takes its long form's head word.
            let long = abbreviations
                .iter()
                .find(|a| m.surface.trim_end_matches('s') == a.short.trim_end_matches('s'))
                .map(|a| a.long.as_str());
            let head = kind_from_head(long.unwrap_or(&m.surface)).or_else(|| {
                if long.is_some() {
                    kind_from_head(&m.surface)
                } else {
                    None
                }
            });
            let context = if m.rule == Rule::TitlePrefix && m.span.field == Field::Title {
                kind_from_title_rest(&title[m.span.end..])
            } else if m.rule == Rule::Proposal {
                // "We introduce KiloGram, a resource of …", "D-LAYERS, a new dataset".
                let text = if m.span.field == Field::Title {
                    title
                } else {
                    abstract_text
                };
                let after = &text[m.span.end..];
                let window: String = after
                    .split_whitespace()
                    .take(8)
                    .collect::<Vec<_>>()
                    .join(" ");
                kind_from_title_rest(&window)
            } else {
                None
            };
            m.kind = Some(head.or(context).unwrap_or(EntityKind::Method));
        }
        // Title-prefix mentions in the abstract follow their title mention's kind.
        let prefix_kind = doc
            .mentions
            .iter()
            .find(|m| m.rule == Rule::TitlePrefix && m.span.field == Field::Title)
            .and_then(|m| m.kind);
        if let Some(kind) = prefix_kind {
            for m in doc
                .mentions
                .iter_mut()
                .filter(|m| m.rule == Rule::TitlePrefix)
            {
                m.kind = Some(kind);
            }
        }
        doc.mentions
            .retain(|m| !GENERIC.iter().any(|g| g.eq_ignore_ascii_case(&m.surface)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_words() {
        assert_eq!(
            kind_from_head("knowledge distillation"),
            Some(EntityKind::Method)
        );
        assert_eq!(kind_from_head("Object Detection"), Some(EntityKind::Task));
        assert_eq!(kind_from_head("word error rate"), Some(EntityKind::Metric));
        assert_eq!(kind_from_head("MathBench"), Some(EntityKind::Dataset));
        assert_eq!(kind_from_head("PALBERT"), Some(EntityKind::Model));
        assert_eq!(kind_from_head("MiniViT"), Some(EntityKind::Model));
        assert_eq!(kind_from_head("Tutel"), None);
        assert_eq!(
            kind_from_head("Graph Metanetworks"),
            Some(EntityKind::Method)
        );
    }

    #[test]
    fn title_context() {
        assert_eq!(
            kind_from_title_rest(": A Benchmark for Long Context"),
            Some(EntityKind::Dataset)
        );
        assert_eq!(
            kind_from_title_rest(": An Ultra-Small Language Model"),
            Some(EntityKind::Model)
        );
        assert_eq!(
            kind_from_title_rest(": Adaptive Mixture-of-Experts at Scale"),
            None
        );
        assert_eq!(
            kind_from_title_rest(": Outlier Channels in Recurrent Large Language Models"),
            None
        );
        assert_eq!(
            kind_from_title_rest(": Benchmarking LLMs on Linguistic Reasoning"),
            Some(EntityKind::Dataset)
        );
    }
}
