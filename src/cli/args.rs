//! The argument types several subcommands share: inputs, lexicon options, output formats,
//! entity kinds and table styles. Each subcommand's module holds only its own arguments.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use paperkg::EntityKind;
use paperkg::export::Format;
use paperkg::input::InputFormat;
use paperkg::query::table::Style;
use std::path::PathBuf;

/// Input options shared by `build` and `extract`.
#[derive(Args, Debug)]
pub struct InputArgs {
    /// Input files or directories (`-` for standard input). Formats: Hugging Face papers-page
    /// dumps (.txt), JSON Lines (.jsonl), JSON arrays (.json), CSV/TSV with a header; `.gz`
    /// is decompressed. Directories are read recursively in sorted order.
    #[arg(required = true, value_name = "INPUT")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Read every input as this format instead of guessing from extension and content.
    #[arg(long, value_enum)]
    pub(crate) input_format: Option<InputFormatArg>,
    /// Stop at the first bad record instead of skipping it.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Papers per extraction batch while reading (the output does not depend on it; small
    /// values are for tests).
    #[arg(long, hide = true, default_value_t = 8192, value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) batch: u32,
    /// The longest line a papers-page dump or JSON Lines file may hold (bytes; K, M, G
    /// suffixes): a longer one is reported with its line number and skipped, in bounded memory.
    #[arg(long, default_value = "16M", value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_record_size: usize,
}

/// `16M`, `512K`, `1G` or a plain number of bytes.
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, scale) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1usize << 10),
        Some((i, 'm' | 'M')) => (&t[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?} is not a size (a number of bytes, or with K, M or G)"))
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub(crate) enum InputFormatArg {
    /// Hugging Face papers-page text dump.
    Hf,
    /// JSON Lines.
    Jsonl,
    /// JSON array (or one object).
    Json,
    /// CSV with a header.
    Csv,
    /// TSV with a header.
    Tsv,
    /// RIS (Zotero, Mendeley, EndNote, Scopus).
    Ris,
    /// Web of Science plain text (savedrecs.txt).
    Wos,
    /// BibTeX / BibLaTeX.
    Bib,
}

impl From<InputFormatArg> for InputFormat {
    fn from(f: InputFormatArg) -> InputFormat {
        match f {
            InputFormatArg::Hf => InputFormat::HfDump,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Json => InputFormat::Json,
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Tsv => InputFormat::Tsv,
            InputFormatArg::Ris => InputFormat::Ris,
            InputFormatArg::Wos => InputFormat::Wos,
            InputFormatArg::Bib => InputFormat::Bib,
        }
    }
}

/// Lexicon options shared by `build`, `extract` and `eval`.
#[derive(Args, Debug, Default)]
pub struct LexiconArgs {
    /// Your own lexicon entries, added to the built-in ones: a TSV file of `kind<TAB>name<TAB>
    /// aliases` (aliases separated by `|`; an optional fourth column of flags: `cs` to match
    /// one-word forms only as written). An entry replaces any built-in entry that shares one
    /// of its names, so you can also retype or rename entities.
    #[arg(long, value_name = "FILE")]
    pub(crate) lexicon: Option<PathBuf>,
    /// Names never to extract, one per line (`#` starts a comment), however they are found.
    #[arg(long, value_name = "FILE")]
    pub(crate) stoplist: Option<PathBuf>,
    /// Drop links less sure than this (a probability, 0 to 1). Every link carries a
    /// confidence calibrated on the gold sets: links at 0.8 were right about 80% of the time.
    /// The default keeps every link; `paperkg eval` shows what each threshold costs and gains
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    pub(crate) min_confidence: Option<f32>,
    /// Your corrections to how entities are resolved across papers: a TSV file of actions
    /// (`merge A B`, `rename A NAME`, `retype A KIND`, `drop A`, tab-separated; see the
    /// README's "Resolution" section). `paperkg entities GRAPH --suspects` suggests lines.
    #[arg(long, value_name = "FILE")]
    pub(crate) thesaurus: Option<PathBuf>,
}

/// A probability in [0, 1].
fn parse_probability(s: &str) -> Result<f32, String> {
    let p: f32 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number (expected a probability such as 0.5)"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{s} is not between 0 and 1"))
    }
}

impl LexiconArgs {
    /// The thesaurus the options name, read and checked.
    pub(crate) fn thesaurus(&self) -> Result<Option<paperkg::thesaurus::Thesaurus>> {
        self.thesaurus
            .as_deref()
            .map(paperkg::thesaurus::Thesaurus::read)
            .transpose()
            .map_err(Into::into)
    }

    /// The extraction pipeline these options describe.
    pub(crate) fn extractors(&self) -> Result<paperkg::Extractors> {
        let ex = self.lexicon_extractors()?;
        Ok(match self.min_confidence {
            Some(p) => ex.with_min_confidence(p),
            None => ex,
        })
    }

    /// The pipeline of the lexicon and stop list options.
    pub(crate) fn lexicon_extractors(&self) -> Result<paperkg::Extractors> {
        if self.lexicon.is_none() && self.stoplist.is_none() {
            return Ok(paperkg::Extractors::new()?);
        }
        let user = match &self.lexicon {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the lexicon {}", path.display()))?;
                let lex = paperkg::extract::Lexicon::parse(&text)
                    .with_context(|| format!("{}: not a lexicon file", path.display()))?;
                Some(lex)
            }
            None => None,
        };
        let stop: Vec<String> = match &self.stoplist {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the stop list {}", path.display()))?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect(),
            None => Vec::new(),
        };
        Ok(paperkg::Extractors::with_user(user.as_ref(), &stop)?)
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormatArg {
    /// networkx node-link JSON: graph.json (read by `stats`, `render` and later commands).
    Json,
    /// Gephi spreadsheet CSVs: nodes.csv and edges.csv.
    Csv,
    /// Graphviz DOT: graph.dot.
    Dot,
    /// GEXF 1.3, Gephi's native format: graph.gexf.
    Gexf,
    /// GraphML (yEd, Cytoscape, igraph, networkx): graph.graphml.
    Graphml,
    /// Cytoscape JSON: graph.cyjs.
    Cytoscape,
    /// Neo4j bulk import: neo4j/nodes.csv, neo4j/relationships.csv, neo4j/import.cypher.
    Neo4j,
    /// RDF Turtle: graph.ttl (see `paperkg sparql`).
    Turtle,
    /// RDF N-Triples: graph.nt.
    Ntriples,
    /// The interactive explorer: graph.html, one page that opens offline in any browser.
    Html,
    /// Every format above.
    All,
}

/// The formats a `--format` list stands for, in writing order, each once.
pub(crate) fn formats(args: &[FormatArg]) -> Vec<Format> {
    let mut formats: Vec<Format> = args.iter().flat_map(|f| f.formats()).collect();
    formats.sort();
    formats.dedup();
    formats
}

impl FormatArg {
    /// The formats this argument stands for.
    pub(crate) fn formats(self) -> Vec<Format> {
        match self {
            FormatArg::Json => vec![Format::Json],
            FormatArg::Csv => vec![Format::Csv],
            FormatArg::Dot => vec![Format::Dot],
            FormatArg::Gexf => vec![Format::Gexf],
            FormatArg::Graphml => vec![Format::Graphml],
            FormatArg::Cytoscape => vec![Format::Cytoscape],
            FormatArg::Neo4j => vec![Format::Neo4j],
            FormatArg::Turtle => vec![Format::Turtle],
            FormatArg::Ntriples => vec![Format::Ntriples],
            FormatArg::Html => vec![Format::Html],
            FormatArg::All => Format::ALL.to_vec(),
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KindArg {
    Model,
    Dataset,
    Method,
    Metric,
    Task,
}

impl KindArg {
    pub(crate) fn kind(self) -> EntityKind {
        match self {
            KindArg::Model => EntityKind::Model,
            KindArg::Dataset => EntityKind::Dataset,
            KindArg::Method => EntityKind::Method,
            KindArg::Metric => EntityKind::Metric,
            KindArg::Task => EntityKind::Task,
        }
    }
}

/// The table style the `--json` / `--csv` flags ask for (text when neither).
pub(crate) fn style(json: bool, csv: bool) -> Style {
    if json {
        Style::Json
    } else if csv {
        Style::Csv
    } else {
        Style::Text
    }
}

/// Paths for a message: `a, b, c`.
pub(crate) fn path_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
