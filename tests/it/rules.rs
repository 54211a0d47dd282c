//! Focused behaviour of each extraction rule with the shipped lexicon.

use paperkg::extract::{EntityLink, Extractors};
use paperkg::{EntityKind, Paper, graph};
use std::sync::LazyLock;

static EX: LazyLock<Extractors> = LazyLock::new(|| Extractors::new().unwrap());

fn paper(id: &str, title: &str, abs: &str) -> Paper {
    Paper {
        id: id.into(),
        title: title.into(),
        abstract_text: abs.into(),
        year: None,
        authors: vec![],
        url: None,
        source: Default::default(),
    }
}

fn links(title: &str, abs: &str) -> Vec<EntityLink> {
    EX.extract(&paper("p", title, abs))
}

fn names(title: &str, abs: &str) -> Vec<(EntityKind, String)> {
    links(title, abs)
        .into_iter()
        .map(|l| (l.kind, l.name))
        .collect()
}

#[test]
fn umbrella_words_are_not_entities() {
    let got = names(
        "A Study",
        "We use deep learning and deep neural networks to train a model with a new framework. \
         Our approach improves performance over the state of the art in experiments on data.",
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn versions_stay_distinct_and_spellings_merge() {
    let papers = [
        paper("a", "A", "We compare GPT-2 with GPT-4."),
        paper("b", "B", "We fine-tune GPT2 and Llama 2."),
        paper("c", "C", "We evaluate Llama-2-7B and Llama 3."),
    ];
    let g = graph::build(&papers, &EX);
    let models: Vec<&str> = g
        .nodes()
        .filter(|(_, n)| n.entity().is_some_and(|e| e.kind == EntityKind::Model))
        .map(|(_, n)| n.label())
        .collect();
    for want in ["GPT-2", "GPT-4", "Llama 2", "Llama 3"] {
        assert!(models.contains(&want), "{want} missing from {models:?}");
    }
    assert_eq!(models.len(), 4, "{models:?}");
    let gpt2 = g.find("model:gpt-2").unwrap();
    assert_eq!(
        g.degree(gpt2),
        2,
        "GPT-2 and GPT2 are one node linked to papers a and b"
    );
}

#[test]
fn acronym_definitions_merge_and_type() {
    let got = links(
        "A Title",
        "Sparse autoencoders (SAEs) decompose activations. We train SAEs on GPT-2. \
         Knowledge distillation (KD) helps.",
    );
    let sae = got
        .iter()
        .find(|l| l.mentions.iter().any(|m| m == "SAEs"))
        .unwrap();
    assert_eq!(sae.kind, EntityKind::Method);
    assert!(
        sae.mentions.iter().any(|m| m == "Sparse autoencoders"),
        "{:?}",
        sae.mentions
    );
    assert_eq!(sae.count, 3);
    let kd = got
        .iter()
        .find(|l| l.name == "knowledge distillation")
        .unwrap();
    assert!(kd.mentions.iter().any(|m| m == "KD"));
}

#[test]
fn a_paper_definition_overrides_the_lexicon_reading_of_an_acronym() {
    // GQA is also a dataset; here the paper defines it as an attention method.
    let got = names(
        "A Title",
        "We use grouped-query attention (GQA) for speed. GQA halves memory.",
    );
    assert!(got.iter().any(|(k, _)| *k == EntityKind::Method), "{got:?}");
    assert!(
        !got.iter()
            .any(|(k, n)| *k == EntityKind::Dataset && n == "GQA"),
        "{got:?}"
    );
}

#[test]
fn title_prefix_and_proposals_are_introduced() {
    let got = links(
        "ZetaNet: Fast Vision with Zeta Layers",
        "We propose ZetaNet, a convolutional network. We also release the ZetaBench benchmark. \
         ZetaNet beats ResNet-50 on ImageNet.",
    );
    let find = |n: &str| {
        got.iter()
            .find(|l| l.name == n)
            .unwrap_or_else(|| panic!("{n} in {got:?}"))
    };
    assert_eq!(find("ZetaNet").role.as_str(), "introduced");
    assert_eq!(find("ZetaNet").kind, EntityKind::Model);
    assert_eq!(find("ZetaBench").kind, EntityKind::Dataset);
    assert_eq!(find("ZetaBench").role.as_str(), "introduced");
    assert_eq!(find("ResNet-50").role.as_str(), "used");
    assert_eq!(find("ImageNet").kind, EntityKind::Dataset);
}

#[test]
fn metric_and_task_phrases() {
    let got = names(
        "A Title",
        "We report top-1 accuracy, F1 score and word error rate on speech recognition and \
         monocular depth estimation, with a 3x speedup.",
    );
    for (kind, name) in [
        (EntityKind::Metric, "top-1 accuracy"),
        (EntityKind::Metric, "word error rate"),
        (EntityKind::Task, "speech recognition"),
        (EntityKind::Task, "monocular depth estimation"),
        (EntityKind::Metric, "speedup"),
    ] {
        assert!(
            got.iter()
                .any(|(k, n)| *k == kind && n.eq_ignore_ascii_case(name)),
            "{kind} {name} missing from {got:?}"
        );
    }
}
