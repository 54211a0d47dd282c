//! How sure a link is: a probability from the evidence that produced it.
//!
//! Each link ([`super::EntityLink`]) carries the facts of how it was found ([`LinkFacts`]):
//! which rule found its most trusted mention (a lexicon name, a defined acronym, a title name,
//! a coined name after "we propose", a typed noun phrase…), its kind, how often and where the
//! paper names it, whether the lexicon knows it and how (hand-curated, imported, generic,
//! needing context), and the shape of its name. A logistic model over these facts turns them
//! into a confidence in [0, 1].
//!
//! The model's weights are data (`confidence.tsv`, shipped in the crate), fitted by
//! `examples/train_confidence.rs` on the gold sets in `tests/data/` and checked there by
//! cross-validation: links at confidence *c* were right about *c* of the time on papers the
//! model had not seen (the README's reliability table). The same file holds the default
//! threshold below which links are dropped ([`Scorer::threshold`]).

use super::{EntityKind, Rule};
use crate::error::{Error, Result};

/// The facts about one link that its confidence is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkFacts {
    /// The rule of the link's most trusted mention.
    pub rule: Rule,
    /// The link's kind.
    pub kind: EntityKind,
    /// How many times the paper names it.
    pub count: u32,
    /// How many distinct written forms.
    pub surfaces: u32,
    /// How many distinct rules found its mentions.
    pub rules: u32,
    /// Named in the title.
    pub in_title: bool,
    /// Named in the abstract.
    pub in_abstract: bool,
    /// An acronym definition in the paper joins it (`long form (SHORT)`).
    pub defined: bool,
    /// The paper introduces it.
    pub introduced: bool,
    /// A lexicon entry names it.
    pub lexicon: bool,
    /// … from the hand-curated list.
    pub curated: bool,
    /// … flagged generic (a ubiquitous class).
    pub generic: bool,
    /// … flagged as needing dataset context.
    pub needs_context: bool,
    /// Words in its name.
    pub words: u32,
    /// Its name holds a digit, an inner capital or a run of capitals.
    pub coined: bool,
    /// Its name is all lower case.
    pub lowercase: bool,
}

/// The names of the features, in the order of [`features`]. They are the keys of
/// `confidence.tsv`.
pub fn feature_names() -> Vec<String> {
    let mut names = vec!["bias".to_owned()];
    for r in RULES {
        names.push(format!("rule={}", r.as_str()));
    }
    for k in EntityKind::ALL {
        names.push(format!("kind={}", k.as_str()));
    }
    for r in RULES {
        for k in EntityKind::ALL {
            names.push(format!("rule={}&kind={}", r.as_str(), k.as_str()));
        }
    }
    for n in SCALARS {
        names.push((*n).to_owned());
    }
    names
}

/// Every rule, in feature order.
const RULES: [Rule; 11] = [
    Rule::Lexicon,
    Rule::Variant,
    Rule::Abbreviation,
    Rule::TitlePrefix,
    Rule::TitleName,
    Rule::Proposal,
    Rule::DatasetPhrase,
    Rule::Phrase,
    Rule::ModelName,
    Rule::Coordination,
    Rule::Narrowed,
];

/// The features that are not one-hot, in order.
const SCALARS: &[&str] = &[
    "log_count",
    "several_surfaces",
    "several_rules",
    "in_title",
    "in_title_and_abstract",
    "defined",
    "introduced",
    "lexicon",
    "curated",
    "generic",
    "needs_context",
    "words=1",
    "words=2",
    "words=3",
    "words>=4",
    "coined",
    "lowercase",
];

/// The feature vector of a link, in the order of [`feature_names`].
pub fn features(f: &LinkFacts) -> Vec<f32> {
    let (ones, scalars) = sparse(f);
    let mut v = vec![0.0f32; SCALAR_BASE + SCALARS.len()];
    for i in ones {
        v[i] = 1.0;
    }
    v[SCALAR_BASE..].copy_from_slice(&scalars);
    v
}

/// Where the scalar features start in the vector.
const SCALAR_BASE: usize =
    1 + RULES.len() + EntityKind::ALL.len() + RULES.len() * EntityKind::ALL.len();

/// A link's features without the vector: the indexes of its one-hot features (bias, rule,
/// kind, rule × kind) and its scalar features, in order.
fn sparse(f: &LinkFacts) -> ([usize; 4], [f32; SCALARS.len()]) {
    let n_rules = RULES.len();
    let n_kinds = EntityKind::ALL.len();
    let r = RULES.iter().position(|&x| x == f.rule).unwrap_or(0);
    let k = EntityKind::ALL
        .iter()
        .position(|&x| x == f.kind)
        .unwrap_or(0);
    let ones = [
        0,
        1 + r,
        1 + n_rules + k,
        1 + n_rules + n_kinds + r * n_kinds + k,
    ];
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    let scalars = [
        (1.0 + f.count as f32).ln(),
        flag(f.surfaces > 1),
        flag(f.rules > 1),
        flag(f.in_title),
        flag(f.in_title && f.in_abstract),
        flag(f.defined),
        flag(f.introduced),
        flag(f.lexicon),
        flag(f.curated),
        flag(f.generic),
        flag(f.needs_context),
        flag(f.words <= 1),
        flag(f.words == 2),
        flag(f.words == 3),
        flag(f.words >= 4),
        flag(f.coined),
        flag(f.lowercase),
    ];
    (ones, scalars)
}

/// The shipped model.
pub const BUILTIN_TSV: &str = include_str!("confidence.tsv");

/// A logistic model over [`features`], and the default threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorer {
    weights: Vec<f32>,
    threshold: f32,
}

impl Scorer {
    /// The model shipped in the crate.
    pub fn builtin() -> Result<Scorer> {
        Scorer::parse(BUILTIN_TSV)
    }

    /// A model from its weights (in [`feature_names`] order) and threshold.
    pub fn new(weights: Vec<f32>, threshold: f32) -> Scorer {
        Scorer { weights, threshold }
    }

    /// Parses `name<TAB>weight` lines (`#` comments), plus one `threshold<TAB>value` line.
    /// Features the file does not name weigh nothing; a name that is no feature is an error.
    pub fn parse(tsv: &str) -> Result<Scorer> {
        let names = feature_names();
        let mut weights = vec![0.0f32; names.len()];
        let mut threshold = 0.0;
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || Error::Lexicon(format!("confidence model line {}: {line:?}", n + 1));
            let (name, value) = line.split_once('\t').ok_or_else(bad)?;
            let value: f32 = value.trim().parse().map_err(|_| bad())?;
            if name == "threshold" {
                threshold = value;
            } else {
                let i = names.iter().position(|x| x == name).ok_or_else(bad)?;
                weights[i] = value;
            }
        }
        Ok(Scorer { weights, threshold })
    }

    /// The model as `parse` reads it: the threshold, then every feature with its weight.
    pub fn to_tsv(&self) -> String {
        let mut out = format!("threshold\t{:.3}\n", self.threshold);
        for (name, w) in feature_names().iter().zip(&self.weights) {
            out.push_str(&format!("{name}\t{w:.4}\n"));
        }
        out
    }

    /// The weights, in [`feature_names`] order.
    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    /// The confidence below which links are dropped by default.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// The probability that a link with these facts is right.
    pub fn confidence(&self, facts: &LinkFacts) -> f32 {
        // The dot product of `features(facts)` and the weights, without the vector.
        let (ones, scalars) = sparse(facts);
        let w = |i: usize| self.weights.get(i).copied().unwrap_or(0.0);
        let z: f32 = ones.iter().map(|&i| w(i)).sum::<f32>()
            + scalars
                .iter()
                .enumerate()
                .map(|(j, x)| x * w(SCALAR_BASE + j))
                .sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(rule: Rule, kind: EntityKind) -> LinkFacts {
        LinkFacts {
            rule,
            kind,
            count: 1,
            surfaces: 1,
            rules: 1,
            in_title: false,
            in_abstract: true,
            defined: false,
            introduced: false,
            lexicon: rule == Rule::Lexicon,
            curated: false,
            generic: false,
            needs_context: false,
            words: 2,
            coined: false,
            lowercase: true,
        }
    }

    #[test]
    fn features_line_up_with_their_names() {
        let f = features(&facts(Rule::Phrase, EntityKind::Task));
        let names = feature_names();
        assert_eq!(f.len(), names.len());
        let on: Vec<&str> = names
            .iter()
            .zip(&f)
            .filter(|(_, v)| **v != 0.0)
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(
            on,
            [
                "bias",
                "rule=phrase",
                "kind=task",
                "rule=phrase&kind=task",
                "log_count",
                "words=2",
                "lowercase"
            ]
        );
    }

    #[test]
    fn the_sparse_dot_product_is_the_dense_one() {
        let s = Scorer::builtin().unwrap();
        for (rule, kind) in [
            (Rule::Phrase, EntityKind::Task),
            (Rule::Lexicon, EntityKind::Model),
            (Rule::Narrowed, EntityKind::Metric),
        ] {
            let f = facts(rule, kind);
            let z: f32 = features(&f)
                .iter()
                .zip(s.weights())
                .map(|(a, b)| a * b)
                .sum();
            let dense = 1.0 / (1.0 + (-z).exp());
            assert!((s.confidence(&f) - dense).abs() < 1e-6);
        }
    }

    #[test]
    fn the_builtin_model_parses_and_ranks_evidence() {
        let s = Scorer::builtin().unwrap();
        assert!((0.0..1.0).contains(&s.threshold()));
        let mut lexicon = facts(Rule::Lexicon, EntityKind::Dataset);
        lexicon.curated = true;
        lexicon.coined = true;
        lexicon.lowercase = false;
        let phrase = facts(Rule::Phrase, EntityKind::Task);
        assert!(s.confidence(&lexicon) > s.confidence(&phrase));
        let round = Scorer::parse(&s.to_tsv()).unwrap();
        for (a, b) in round.weights().iter().zip(s.weights()) {
            assert!((a - b).abs() < 1e-4);
        }
        assert!(Scorer::parse("nonsense\t1\n").is_err());
    }
}
