//! Extraction: one paper's title and abstract in, the entities it names out.
//!
//! The work is done in layers, each in its own file and each testable alone. Every layer reads
//! a [`Document`] and adds [`Mention`]s (or abbreviation pairs) to it:
//!
//! 1. [`dictionary`]: the curated lexicon, matched word by word through a segment trie;
//! 2. [`abbreviation`]: `long form (SHORT)` definitions, which both find new entities and tie
//!    an acronym to its long form;
//! 3. [`pattern`]: rules for names the lexicon lacks (the title's `Name: …` prefix);
//! 4. [`typing`]: gives a kind to mentions found without one, from head words, and drops the
//!    ones it cannot type;
//! 5. [`junk`]: drops what sits inside links and e-mail addresses, and bare quantities;
//! 6. [`resolve`]: merges the mentions of one paper into entities (one per canonical key) and
//!    decides each entity's role.
//!
//! Resolution across papers (one node per entity in the whole corpus) belongs to
//! [`crate::graph`]. This module never touches files or the graph.

pub mod abbreviation;
pub mod confidence;
pub mod dictionary;
pub mod junk;
pub mod lexicon;
pub mod normalize;
pub mod pattern;
pub mod phrase;
pub mod resolve;
pub mod typing;
pub mod variant;
pub mod words;

use crate::paper::Paper;
use serde::{Deserialize, Serialize};

pub use lexicon::Lexicon;
pub use normalize::{entity_key, sense_key};

/// The kinds of entity paperkg links papers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A named trained model or model family (BERT, GPT-4, ResNet-50).
    Model,
    /// A named dataset, corpus or benchmark (ImageNet, SQuAD, MMLU).
    Dataset,
    /// A technique, algorithm or architecture family (dropout, LoRA, Transformer).
    Method,
    /// An evaluation measure (BLEU, accuracy, FID).
    Metric,
    /// A research problem (object detection, machine translation).
    Task,
}

impl EntityKind {
    /// All kinds, in display order.
    pub const ALL: [EntityKind; 5] = [
        EntityKind::Model,
        EntityKind::Dataset,
        EntityKind::Method,
        EntityKind::Metric,
        EntityKind::Task,
    ];

    /// The kind's lower-case name, as used in ids and files.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Model => "model",
            EntityKind::Dataset => "dataset",
            EntityKind::Method => "method",
            EntityKind::Metric => "metric",
            EntityKind::Task => "task",
        }
    }

    /// Parses a kind name (`model`, `dataset`, `method`, `metric`, `task`).
    pub fn parse(s: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Whether the paper brings the entity into the world or uses an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The paper proposes, presents or releases it (title prefix, "we propose X").
    Introduced,
    /// The paper uses, evaluates on or discusses it.
    Used,
}

impl Role {
    /// `introduced` or `used`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Introduced => "introduced",
            Role::Used => "used",
        }
    }
}

/// Which part of the paper a span points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The title.
    Title,
    /// The abstract.
    Abstract,
}

impl Field {
    /// `title` or `abstract`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Abstract => "abstract",
        }
    }

    /// The field's index in per-field arrays: title 0, abstract 1.
    fn slot(self) -> usize {
        match self {
            Field::Title => 0,
            Field::Abstract => 1,
        }
    }
}

/// A byte range in the title or the abstract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Title or abstract.
    pub field: Field,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// The rule that produced a mention, kept so that every link can say why it exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Rule {
    /// A lexicon entry matched.
    Lexicon,
    /// A lexicon name with a version, size, year or variant written after it (`LLaMA-13B`).
    Variant,
    /// A `long form (SHORT)` definition.
    Abbreviation,
    /// The title's `Name: …` prefix.
    TitlePrefix,
    /// The title's leading noun phrase, named again in the abstract ("Memory Layers at Scale").
    TitleName,
    /// A coined name in a "we propose / introduce / present …" sentence.
    Proposal,
    /// "the X dataset / benchmark / corpus".
    DatasetPhrase,
    /// A noun phrase typed by its head word.
    Phrase,
    /// A known task or method with modifiers before it ("dense human pose estimation").
    Narrowed,
    /// A model-shaped coined name (`…Net`, `…Former`).
    ModelName,
    /// A coined name listed with a known dataset ("on KITTI and FooDrive").
    Coordination,
}

impl Rule {
    /// The rule's name in diagnostics.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Lexicon => "lexicon",
            Rule::Variant => "variant",
            Rule::Abbreviation => "abbreviation",
            Rule::TitlePrefix => "title-prefix",
            Rule::TitleName => "title-name",
            Rule::Proposal => "proposal",
            Rule::DatasetPhrase => "dataset-phrase",
            Rule::Phrase => "phrase",
            Rule::Narrowed => "narrowed",
            Rule::ModelName => "model-name",
            Rule::Coordination => "coordination",
        }
    }
}

/// One place where the text names an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The entity's kind; `None` until the typing layer decides.
    pub kind: Option<EntityKind>,
    /// The text as written.
    pub surface: String,
    /// Where it is.
    pub span: Span,
    /// Introduced or used.
    pub role: Role,
    /// Which layer found it.
    pub rule: Rule,
    /// The lexicon entry it matched, if any.
    pub entry: Option<u32>,
}

/// An acronym and its long form as defined in the text, e.g. `knowledge distillation (KD)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    /// The short form (`KD`).
    pub short: String,
    /// The long form (`knowledge distillation`).
    pub long: String,
}

/// The working state of one paper while the layers run.
#[derive(Debug)]
pub struct Document<'a> {
    /// The title.
    pub title: &'a str,
    /// The abstract.
    pub abstract_text: &'a str,
    /// Mentions found so far.
    pub mentions: Vec<Mention>,
    /// Abbreviation definitions found so far.
    pub abbreviations: Vec<Abbreviation>,
    /// The noun phrases that proposal sentences make their object ("we propose *homologous
    /// recognition*, …"): byte ranges in the abstract, found by [`pattern::ProposalExtractor`].
    pub proposal_objects: Vec<(usize, usize)>,
    /// ASCII-lower-cased copies of the title and abstract, made once for every layer that
    /// matches word lists (byte offsets are those of the originals).
    lower: [String; 2],
    /// Byte offsets of the full stops (`.`, `!`, `?`) that end the abstract's sentences,
    /// found on first use.
    stops: std::cell::OnceCell<Vec<usize>>,
    /// The words of the title and abstract ([`words::word_spans`]), found on first use.
    words: [std::cell::OnceCell<Vec<(usize, usize)>>; 2],
}

impl<'a> Document<'a> {
    /// A document with no mentions yet.
    pub fn new(title: &'a str, abstract_text: &'a str) -> Self {
        Document {
            title,
            abstract_text,
            mentions: Vec::new(),
            abbreviations: Vec::new(),
            proposal_objects: Vec::new(),
            lower: [
                title.to_ascii_lowercase(),
                abstract_text.to_ascii_lowercase(),
            ],
            stops: std::cell::OnceCell::new(),
            words: Default::default(),
        }
    }

    /// The byte ranges of a field's words (runs of letters and digits), in order.
    pub fn words(&self, field: Field) -> &[(usize, usize)] {
        self.words[field.slot()].get_or_init(|| words::word_spans(self.text(field)))
    }

    /// The ASCII-lower-cased text of a field: same length and byte offsets as
    /// [`Document::text`], only `A`–`Z` changed.
    pub fn lower(&self, field: Field) -> &str {
        &self.lower[field.slot()]
    }

    /// The text of a field.
    pub fn text(&self, field: Field) -> &'a str {
        match field {
            Field::Title => self.title,
            Field::Abstract => self.abstract_text,
        }
    }

    /// The byte ranges of the abstract's sentences, in order.
    pub fn sentences(&self) -> Vec<(usize, usize)> {
        let len = self.abstract_text.len();
        let mut out = Vec::new();
        let mut start = 0;
        for &i in self.stops() {
            out.push((start, i + 1));
            start = i + 2;
        }
        if start < len {
            out.push((start, len));
        }
        out
    }

    /// The offsets of the abstract's sentence-ending stops, in order.
    fn stops(&self) -> &[usize] {
        self.stops.get_or_init(|| {
            let bytes = self.abstract_text.as_bytes();
            memchr::memchr3_iter(b'.', b'!', b'?', bytes)
                .filter(|&i| ends_sentence(bytes, i))
                .collect()
        })
    }

    /// The sentence around a span (the whole title for title spans), trimmed.
    pub fn sentence(&self, span: Span) -> &'a str {
        let text = self.text(span.field);
        if span.field == Field::Title {
            return text;
        }
        // From just after the last stop before the span to just after (keeping) the first
        // stop at or past its end.
        let stops = self.stops();
        let span_start = span.start.min(text.len());
        let before = stops.partition_point(|&i| i < span_start);
        let start = before.checked_sub(1).map_or(0, |k| stops[k] + 1);
        let after = stops.partition_point(|&i| i < span.end.min(text.len()));
        let end = stops.get(after).map_or(text.len(), |&i| i + 1);
        // Spans come from char boundaries; the scan moved over ASCII only at its ends.
        let start = (start..=span.start)
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(span.start);
        let end = (end..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        text[start..end].trim()
    }
}

/// Whether the byte at `i` ends a sentence: `.`, `!` or `?`, a space, then a capital or digit
/// ("e.g. the" does not end one).
fn ends_sentence(bytes: &[u8], i: usize) -> bool {
    i + 2 < bytes.len()
        && matches!(bytes[i], b'.' | b'!' | b'?')
        && bytes[i + 1] == b' '
        && (bytes[i + 2].is_ascii_uppercase() || bytes[i + 2].is_ascii_digit())
}

/// One extraction layer.
pub trait Extractor: Send + Sync {
    /// The layer's name, for diagnostics.
    fn name(&self) -> &'static str;
    /// Adds what the layer finds to the document.
    fn extract(&self, doc: &mut Document<'_>);
}

/// Where a link's evidence comes from: the first sentence that named the entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Title or abstract.
    pub field: Field,
    /// The sentence (the whole title for title mentions).
    ///
    /// Shared: the links of one paper that cite the same sentence hold one copy of it.
    pub sentence: std::sync::Arc<str>,
    /// Byte offset of the mention in the field (`u32`: a graph holds millions of these, and
    /// no title or abstract is 4 GiB long).
    pub start: u32,
    /// Byte offset one past the mention's end.
    pub end: u32,
}

impl Evidence {
    /// A byte offset as stored in [`Evidence`]; offsets past 4 GiB are clamped.
    pub fn offset(n: usize) -> u32 {
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// How sure a link is, in [0, 1], kept in thousandths so that it compares, hashes and prints
/// the same everywhere (see [`confidence`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Confidence(u16);

impl Confidence {
    /// Certain: links made before confidence existed, and links a user's data asserts.
    pub const CERTAIN: Confidence = Confidence(1000);

    /// A probability, rounded to thousandths and clamped to [0, 1] (`NaN` is 0).
    pub fn new(p: f32) -> Confidence {
        let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        Confidence((p * 1000.0).round() as u16)
    }

    /// From thousandths (clamped to 1000).
    pub fn from_thousandths(t: u16) -> Confidence {
        Confidence(t.min(1000))
    }

    /// In thousandths, 0..=1000.
    pub fn thousandths(self) -> u16 {
        self.0
    }

    /// As a probability.
    pub fn value(self) -> f64 {
        f64::from(self.0) / 1000.0
    }
}

impl Default for Confidence {
    fn default() -> Self {
        Confidence::CERTAIN
    }
}

impl std::fmt::Display for Confidence {
    /// Three decimals at most, no trailing zeros: `0.85`, `1`, `0.007`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, frac) = (self.0 / 1000, self.0 % 1000);
        if frac == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{frac:03}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

impl Serialize for Confidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.value())
    }
}

impl<'de> Deserialize<'de> for Confidence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(|p| Confidence::new(p as f32))
    }
}

/// One entity of one paper, after resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityLink {
    /// The entity's kind.
    pub kind: EntityKind,
    /// Its canonical name (the lexicon's, else the best surface form).
    pub name: String,
    /// Distinct surface forms seen in this paper, in order of appearance.
    pub mentions: Vec<String>,
    /// Other names the entity is known by (lexicon aliases and defined acronyms/long forms).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Introduced or used.
    pub role: Role,
    /// How many times the paper names it.
    pub count: u32,
    /// How likely the link is right ([`confidence`]); certain for links read from data made
    /// before confidence existed.
    #[serde(default)]
    pub confidence: Confidence,
    /// The first sentence naming it.
    pub evidence: Evidence,
    /// The rule of the first mention (for diagnostics).
    #[serde(skip)]
    pub rule: Option<Rule>,
    /// How the link was found: what its confidence was computed from (absent on links
    /// read back from files).
    #[serde(skip)]
    pub facts: Option<confidence::LinkFacts>,
    /// Every other name merged into this entity in this paper, and why.
    #[serde(skip)]
    pub merges: Vec<Merge>,
}

impl EntityLink {
    /// A link found by something other than paperkg's extractors (your own model, a
    /// spreadsheet of annotations): `kind` and `name`, named once, used, certain, its evidence
    /// `sentence` of `field` (the whole sentence as the span). Set the other fields as needed,
    /// then build a graph with [`crate::graph::build_from_links`]:
    ///
    /// ```
    /// use paperkg::extract::{EntityKind, EntityLink, Field};
    /// use paperkg::Paper;
    ///
    /// let paper = Paper {
    ///     id: "p1".into(),
    ///     title: "Sparse autoencoders find features".into(),
    ///     abstract_text: "We train sparse autoencoders (SAEs) on GPT-2.".into(),
    ///     year: Some(2024),
    ///     authors: vec![],
    ///     url: None,
    ///     source: Default::default(),
    /// };
    /// let sentence = "We train sparse autoencoders (SAEs) on GPT-2.";
    /// let mut sae = EntityLink::new(EntityKind::Method, "sparse autoencoder", Field::Abstract, sentence);
    /// sae.aliases = vec!["SAEs".into()];
    /// let gpt2 = EntityLink::new(EntityKind::Model, "GPT-2", Field::Abstract, sentence);
    /// let graph = paperkg::graph::build_from_links(&[paper], &[vec![sae, gpt2]]);
    /// assert_eq!(graph.paper_count(), 1);
    /// assert_eq!(graph.node_count(), 3);
    /// ```
    pub fn new(kind: EntityKind, name: &str, field: Field, sentence: &str) -> EntityLink {
        EntityLink {
            kind,
            name: name.to_owned(),
            mentions: vec![name.to_owned()],
            aliases: Vec::new(),
            role: Role::Used,
            count: 1,
            confidence: Confidence::default(),
            evidence: Evidence {
                field,
                sentence: sentence.into(),
                start: 0,
                end: Evidence::offset(sentence.len()),
            },
            rule: None,
            facts: None,
            merges: Vec::new(),
        }
    }
}

/// Why two names became one entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MergeRule {
    /// Same key: only case, hyphens, spaces or a plural `s` differ (`GPT2` / `GPT-2`).
    Variant,
    /// Both names belong to one lexicon entry (`ViT` / `Vision Transformer`).
    LexiconAlias,
    /// An acronym defined in the paper: `long form (SHORT)`.
    Abbreviation,
    /// Across papers: the name is an acronym or alias another paper defined for the entity.
    CorpusAlias,
    /// The name adds or drops modifiers of the entity's name, with the same head ("semantic
    /// image segmentation" for semantic segmentation).
    Modifier,
    /// Across papers: the same name under another kind joined the entity, which takes the
    /// kind with the most evidence.
    Retyped,
    /// Across papers: a proper name one lower-case letter short of another entity's name
    /// (`ImagNet-1k` for ImageNet-1K), found in fewer papers; it joins the better attested.
    Misspelling,
    /// Across papers: a name that only adds a qualifier which does not make another entity
    /// (`word-level language modeling`, `online reinforcement learning`, `model pruning`) to
    /// an entity other papers name; it joins that entity where its paper does not name both.
    Narrowed,
    /// A line of the user's thesaurus (merge, rename, retype or drop).
    Thesaurus,
    /// Not a merge: two entities that share a name or an acronym were kept apart.
    KeptApart,
}

impl MergeRule {
    /// The rule's name in the merge log.
    pub fn as_str(self) -> &'static str {
        match self {
            MergeRule::Variant => "variant",
            MergeRule::LexiconAlias => "lexicon-alias",
            MergeRule::Abbreviation => "abbreviation",
            MergeRule::CorpusAlias => "corpus-alias",
            MergeRule::Modifier => "modifier",
            MergeRule::Retyped => "retyped",
            MergeRule::Misspelling => "misspelling",
            MergeRule::Narrowed => "narrowed",
            MergeRule::Thesaurus => "thesaurus",
            MergeRule::KeptApart => "kept-apart",
        }
    }
}

/// A name merged into an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// The name as written.
    pub name: String,
    /// Why it was merged.
    pub rule: MergeRule,
}

/// The layers, in order, with the lexicon they share. Build once; use from many threads.
pub struct Extractors {
    lexicon: std::sync::Arc<Lexicon>,
    layers: Vec<Box<dyn Extractor>>,
    /// Keys of names never to output, whichever layer finds them (a user's stop list).
    stop: rustc_hash::FxHashSet<String>,
    /// Gives each link its confidence.
    scorer: confidence::Scorer,
    /// Links less sure than this are dropped.
    min_confidence: Confidence,
}

/// Umbrella terms that would link every paper to every other (the annotation guidelines'
/// "what is not an entity"): never output, whichever layer finds them.
const UMBRELLA: &[&str] = &[
    "deep learning",
    "machine learning",
    "artificial intelligence",
    "AI",
    "neural network",
    "neural net",
    "deep neural network",
    "DNN",
    "deep network",
    "deep model",
    "deep learning model",
    "machine learning model",
    "neural model",
    "neural network model",
    "model",
    "algorithm",
    "approach",
    "framework",
    "architecture",
    "method",
    "technique",
    "data",
    "training",
    "performance",
    "state of the art",
    "experiment",
    "natural language processing",
    "NLP",
    "computer vision",
];

/// The keys of [`UMBRELLA`].
pub(crate) static UMBRELLA_KEYS: std::sync::LazyLock<rustc_hash::FxHashSet<String>> =
    std::sync::LazyLock::new(|| UMBRELLA.iter().map(|s| entity_key(s)).collect());

/// Whether a link is an umbrella term: by its name, or an acronym defined by one (`Deep
/// Learning (DL)`, `Machine Learning (ML)`).
fn is_umbrella(link: &EntityLink) -> bool {
    let acronym = |s: &str| {
        s.chars().count() <= 8
            && s.chars().filter(|c| c.is_uppercase()).count() >= 2
            && !s.chars().any(char::is_whitespace)
    };
    UMBRELLA_KEYS.contains(&entity_key(&link.name))
        || (acronym(&link.name)
            && link
                .mentions
                .iter()
                .chain(&link.aliases)
                .any(|m| UMBRELLA_KEYS.contains(&entity_key(m))))
}

impl Extractors {
    /// The standard pipeline over the built-in lexicon.
    pub fn new() -> crate::Result<Self> {
        let lexicon = std::sync::Arc::new(Lexicon::builtin()?);
        Ok(Self::with_lexicon(lexicon))
    }

    /// The standard pipeline over a given lexicon.
    pub fn with_lexicon(lexicon: std::sync::Arc<Lexicon>) -> Self {
        let layers: Vec<Box<dyn Extractor>> = vec![
            Box::new(dictionary::DictionaryExtractor::new(lexicon.clone())),
            Box::new(abbreviation::AbbreviationExtractor::new(lexicon.clone())),
            Box::new(pattern::TitlePrefixExtractor::new()),
            Box::new(pattern::TitleNameExtractor::new(lexicon.clone())),
            Box::new(pattern::ProposalExtractor::new(lexicon.clone())),
            Box::new(pattern::DatasetPhraseExtractor::new()),
            Box::new(pattern::ModelNameExtractor::new(lexicon.clone())),
            Box::new(phrase::PhraseExtractor::new(&lexicon)),
            Box::new(typing::Typer::new()),
            Box::new(pattern::CoordinationExtractor::new(lexicon.clone())),
            Box::new(junk::JunkFilter::new()),
        ];
        let scorer = confidence::Scorer::builtin().expect("the built-in confidence model is valid");
        let min_confidence = Confidence::new(scorer.threshold());
        Extractors {
            lexicon,
            layers,
            stop: Default::default(),
            scorer,
            min_confidence,
        }
    }

    /// The same pipeline keeping only links at least `min` sure (0 keeps every link; the
    /// default is the shipped model's threshold, [`confidence::Scorer::threshold`]).
    pub fn with_min_confidence(mut self, min: f32) -> Self {
        self.min_confidence = Confidence::new(min);
        self
    }

    /// The same pipeline with another confidence model (see [`confidence`]).
    pub fn with_scorer(mut self, scorer: confidence::Scorer) -> Self {
        self.min_confidence = Confidence::new(scorer.threshold());
        self.scorer = scorer;
        self
    }

    /// Links less sure than this are dropped.
    pub fn min_confidence(&self) -> Confidence {
        self.min_confidence
    }

    /// The model that gives links their confidence.
    pub fn scorer(&self) -> &confidence::Scorer {
        &self.scorer
    }

    /// The standard pipeline over the built-in lexicon changed by a user's lexicon and stop
    /// list (see [`Lexicon::with_overrides`]); stopped names are also dropped when a rule,
    /// not the lexicon, finds them.
    pub fn with_user(user: Option<&Lexicon>, stop: &[String]) -> crate::Result<Self> {
        let base = Lexicon::builtin()?;
        let lexicon = base.with_overrides(user, stop);
        let mut ex = Self::with_lexicon(std::sync::Arc::new(lexicon));
        ex.stop = stop
            .iter()
            .map(|s| entity_key(s))
            .filter(|k| !k.is_empty())
            .collect();
        Ok(ex)
    }

    /// The lexicon the layers share.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// A hash of what decides this pipeline's output besides the code: the effective lexicon
    /// (built-in entries changed by a user's) and the stop list. Stable across runs and
    /// machines, so that stored links can be checked against the extractors about to add to
    /// them (see [`crate::incremental`]).
    pub fn fingerprint(&self) -> u64 {
        let mut stop: Vec<&String> = self.stop.iter().collect();
        stop.sort();
        let mut h = crate::paper::Fnv1a::new();
        h.write(&self.lexicon.fingerprint().to_le_bytes());
        h.write_str(&self.scorer.to_tsv());
        h.write(&self.min_confidence.thousandths().to_le_bytes());
        h.write(&(stop.len() as u64).to_le_bytes());
        for key in stop {
            h.write_str(key);
        }
        h.finish()
    }

    /// The layers in the order they run (for per-layer profiling).
    pub fn layers(&self) -> &[Box<dyn Extractor>] {
        &self.layers
    }

    /// Runs every layer over a title and abstract and returns the raw document.
    pub fn document<'a>(&self, title: &'a str, abstract_text: &'a str) -> Document<'a> {
        let mut doc = Document::new(title, abstract_text);
        for layer in &self.layers {
            layer.extract(&mut doc);
        }
        doc
    }

    /// The resolved entities of one paper.
    pub fn extract(&self, paper: &Paper) -> Vec<EntityLink> {
        self.extract_text(&paper.title, &paper.abstract_text)
    }

    /// The resolved entities of a title and abstract.
    pub fn extract_text(&self, title: &str, abstract_text: &str) -> Vec<EntityLink> {
        let doc = self.document(title, abstract_text);
        let mut links = resolve::resolve(&doc, &self.lexicon);
        links.retain_mut(|l| {
            if let Some(facts) = &l.facts {
                l.confidence = Confidence::new(self.scorer.confidence(facts));
            }
            l.confidence >= self.min_confidence && !is_umbrella(l)
        });
        if !self.stop.is_empty() {
            links.retain(|l| {
                !self.stop.contains(&entity_key(&l.name))
                    && !l
                        .mentions
                        .iter()
                        .any(|m| self.stop.contains(&entity_key(m)))
            });
        }
        links
    }
}

impl Default for Extractors {
    /// The standard pipeline over the built-in lexicon.
    ///
    /// # Panics
    /// Only if the lexicon shipped inside the crate is malformed, which the test suite rules
    /// out.
    fn default() -> Self {
        Extractors::new().expect("the built-in lexicon is valid")
    }
}

/// For tests: the names a pipeline over the lexicon `tsv` extracts from an abstract (under
/// the title "A title").
#[cfg(test)]
pub(crate) fn names_with(tsv: &str) -> impl Fn(&str) -> Vec<String> {
    let ex = Extractors::with_lexicon(std::sync::Arc::new(Lexicon::parse(tsv).unwrap()));
    move |abs: &str| {
        ex.extract_text("A title", abs)
            .into_iter()
            .map(|l| l.name)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_follows_the_lexicon_and_stop_list_only() {
        let plain = Extractors::new().unwrap().fingerprint();
        assert_eq!(plain, Extractors::new().unwrap().fingerprint());
        assert_eq!(
            plain,
            Extractors::with_user(None, &[]).unwrap().fingerprint()
        );
        let stop = |names: &[&str]| {
            let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
            Extractors::with_user(None, &names).unwrap().fingerprint()
        };
        let zebra = stop(&["ZebraNet"]);
        assert_ne!(plain, zebra, "a stop list the lexicon does not know");
        assert_eq!(
            stop(&["ZebraNet", "ImageNet"]),
            stop(&["ImageNet", "ZebraNet"])
        );
        let user = Lexicon::parse("dataset\tZebraSet\t\t\t\n").unwrap();
        let with_user = Extractors::with_user(Some(&user), &[])
            .unwrap()
            .fingerprint();
        assert_ne!(plain, with_user);
    }

    /// Names in the shipped lexicon, as extracted from one abstract.
    fn builtin_names(abs: &str) -> Vec<(String, String)> {
        Extractors::new()
            .unwrap()
            .extract_text("A title", abs)
            .into_iter()
            .map(|l| (l.kind.to_string(), l.name))
            .collect()
    }

    #[test]
    fn common_words_and_other_versions_are_not_greedy_aliases() {
        let got = builtin_names("Trained on 30 billion words, it gains from distillation.");
        assert!(got.is_empty(), "{got:?}");
        let got = builtin_names("We evaluate on ModelNet10 and MOT20.");
        let names: Vec<&str> = got.iter().map(|(_, n)| n.as_str()).collect();
        assert!(
            !names.contains(&"ModelNet40") && !names.contains(&"MOT17"),
            "{got:?}"
        );
        // An ambiguous acronym the paper does not define is not linked: MAE is a masked
        // autoencoder or a mean absolute error.
        let got = builtin_names("The MAE pre-trained encoder transfers well.");
        assert!(!got.iter().any(|(_, n)| n == "MAE"), "{got:?}");
    }

    #[test]
    fn umbrella_terms_are_never_entities() {
        let got = builtin_names(
            "Deep neural networks (DNNs) and machine learning models advance artificial intelligence.",
        );
        assert!(got.is_empty(), "{got:?}");
        // Nor an acronym they define.
        let got = builtin_names(
            "Deep Learning (DL) and Machine Learning (ML) help. We apply DL and ML models to MRI.",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn confidences_round_print_and_parse_the_same_everywhere() {
        assert_eq!(Confidence::new(0.8754).to_string(), "0.875");
        assert_eq!(Confidence::new(0.5).to_string(), "0.5");
        assert_eq!(Confidence::new(1.7).to_string(), "1");
        assert_eq!(Confidence::new(-3.0).to_string(), "0");
        assert_eq!(Confidence::new(f32::NAN).to_string(), "0");
        assert_eq!(Confidence::new(0.007).to_string(), "0.007");
        let json = serde_json::to_string(&Confidence::new(0.35)).unwrap();
        assert_eq!(json, "0.35");
        assert_eq!(
            serde_json::from_str::<Confidence>(&json).unwrap(),
            Confidence::new(0.35)
        );
        assert_eq!(Confidence::default(), Confidence::CERTAIN);
    }

    #[test]
    fn every_link_has_a_confidence_and_the_threshold_drops_weaker_ones() {
        let at = |min: f32| Extractors::new().unwrap().with_min_confidence(min);
        let abs = "We fine-tune BERT on SQuAD and study abstract reasoning over long contexts.";
        let all = at(0.0).extract_text("A title", abs);
        assert!(all.len() >= 3, "{all:?}");
        assert!(all.iter().all(|l| l.confidence < Confidence::CERTAIN));
        let cut = all.iter().map(|l| l.confidence).max().unwrap();
        let strict = at(cut.value() as f32).extract_text("A title", abs);
        assert!(!strict.is_empty() && strict.len() < all.len());
        assert!(strict.iter().all(|l| l.confidence >= cut));
    }

    #[test]
    fn merge_rules_serialise_as_their_merge_log_names() {
        for rule in [
            MergeRule::Variant,
            MergeRule::LexiconAlias,
            MergeRule::Abbreviation,
            MergeRule::CorpusAlias,
            MergeRule::Modifier,
            MergeRule::Retyped,
            MergeRule::Misspelling,
            MergeRule::Narrowed,
            MergeRule::Thesaurus,
            MergeRule::KeptApart,
        ] {
            let json = serde_json::to_string(&rule).unwrap();
            assert_eq!(json, format!("\"{}\"", rule.as_str()));
            assert_eq!(serde_json::from_str::<MergeRule>(&json).unwrap(), rule);
        }
    }
}
