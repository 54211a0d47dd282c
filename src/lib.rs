//! paperkg turns paper titles and abstracts into a knowledge graph: papers linked to the
//! models, datasets, methods, metrics and tasks they introduce or use.
//!
//! The pipeline runs one way: [`input`] readers yield [`Paper`]s, [`extract`] finds the
//! entities each names, [`graph`] links papers to shared entities, and [`export`] writes the
//! graph for other tools. [`incremental`] saves each paper's links so that a later run can
//! add papers without extracting the old ones again.
//!
//! ```
//! use paperkg::{export, extract::Extractors, graph, input};
//!
//! let mut corpus = input::Corpus::new();
//! for record in input::read_papers("examples/hf-papers/002_317656314b5a0411.txt")? {
//!     corpus.push(record?);
//! }
//! let extractors = Extractors::new()?;
//! let graph = graph::build(&corpus.papers, &extractors);
//! let mut dot = Vec::new();
//! export::write(&graph, export::Format::Dot, &mut dot)?;
//! assert!(graph.paper_count() > 40);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

pub mod calibrate;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
mod hash;
pub mod incremental;
pub mod input;
pub mod latex;
pub mod layout;
pub mod paper;
pub mod pipeline;
pub mod query;
pub mod render;
#[cfg(feature = "sparql")]
pub mod sparql;
pub mod thesaurus;

pub use error::{Error, Result};
pub use extract::{EntityKind, Extractors, Role};
pub use graph::KnowledgeGraph;
pub use paper::Paper;

/// The README's Rust examples, compiled and run as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The plural ending for a count: `""` for one, `"s"` otherwise ("1 paper", "2 papers").
pub(crate) fn plural<N: PartialEq + From<u8>>(n: N) -> &'static str {
    if n == N::from(1) { "" } else { "s" }
}
