//! `paperkg query` and `paperkg project`: questions asked of a graph.json.

use super::Ui;
use super::args::{FormatArg, KindArg, formats, path_list, style};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use paperkg::export::{self, json};
use paperkg::graph::select::find_node;
use paperkg::query::{self, Index, Table};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct QueryArgs {
    /// The graph.json that `paperkg build` wrote.
    #[arg(value_name = "GRAPH")]
    graph: PathBuf,
    #[command(subcommand)]
    question: Question,
    /// Print JSON (an array of objects) instead of a table.
    #[arg(long, global = true, conflicts_with = "csv")]
    json: bool,
    /// Print CSV instead of a table.
    #[arg(long, global = true)]
    csv: bool,
}

/// How `cooccur --with NAME` ranks partners.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum RankArg {
    /// Papers using both.
    Count,
    /// Normalised pointwise mutual information.
    Npmi,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum ByArg {
    Papers,
    Pagerank,
}

#[derive(Subcommand, Debug)]
enum Question {
    /// Entities used by at least N papers, with those papers.
    Shared {
        /// Only entities of this kind.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Only entities at least N papers use.
        #[arg(long, default_value_t = 2, value_name = "N")]
        min_papers: usize,
        /// At most N entities, most shared first.
        #[arg(long, default_value_t = 20, value_name = "N")]
        top: usize,
    },
    /// Papers ranked by what they share with PAPER (rarer shared entities weigh more).
    Related {
        /// A paper id, title or unique title prefix.
        paper: String,
        /// Only shared entities of this kind count.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// At most N papers.
        #[arg(long, default_value_t = 10, value_name = "N")]
        top: usize,
    },
    /// One entity: kind, aliases, papers introducing and using it, what it is used with.
    Entity {
        /// An id, name or alias (case and punctuation ignored).
        name: String,
        /// List at most N entities it is used with.
        #[arg(long, default_value_t = 10, value_name = "N")]
        top: usize,
    },
    /// Entity pairs used by the same papers, ranked by association (NPMI); or, with `--with
    /// NAME`, what is used together with one entity.
    Cooccur {
        /// The kind of the first entity of each pair (with `--with NAME`: of the partners
        /// listed, any kind if not given).
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// A kind (model, dataset, method, metric, task): pairs of `--kind` and this kind.
        /// Anything else is an entity (id, name or alias): what is used with it.
        #[arg(long, value_name = "KIND|ENTITY")]
        with: String,
        /// With `--with NAME`, rank partners by shared papers (`count`) or by association
        /// beyond chance (`npmi`).
        #[arg(long, value_enum, default_value_t = RankArg::Count)]
        by: RankArg,
        /// Only pairs used together by at least N papers.
        #[arg(long, default_value_t = 2, value_name = "N")]
        min_papers: usize,
        /// At most N rows.
        #[arg(long, default_value_t = 20, value_name = "N")]
        top: usize,
    },
    /// The most central entities, by papers or PageRank.
    Top {
        /// Only entities of this kind.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Rank by the papers using an entity, or by PageRank over the whole graph.
        #[arg(long, value_enum, default_value_t = ByArg::Papers)]
        by: ByArg,
        /// At most N entities.
        #[arg(long, default_value_t = 20, value_name = "N")]
        top: usize,
    },
    /// The shortest chain of links between two papers or entities.
    Path {
        /// A paper or entity: id, name, alias or title.
        from: String,
        /// Another paper or entity.
        to: String,
    },
    /// Groups of papers sharing rare entities (label propagation, deterministic).
    Communities {
        /// Only groups of at least N papers.
        #[arg(long, default_value_t = 3, value_name = "N")]
        min_size: usize,
        /// At most N groups, largest first.
        #[arg(long, default_value_t = 20, value_name = "N")]
        top: usize,
    },
}

pub fn run(args: QueryArgs, _ui: &Ui) -> Result<super::ExitStatus> {
    let graph = json::read_path(&args.graph)?;
    let ix = Index::new(&graph);
    let kind = |k: Option<KindArg>| k.map(KindArg::kind);
    let table: Table = match args.question {
        Question::Shared {
            kind: k,
            min_papers,
            top,
        } => query::shared::shared(&ix, kind(k), min_papers, top),
        Question::Related {
            paper,
            kind: k,
            top,
        } => {
            let p = ix.find_paper(&paper)?;
            query::related::related(&ix, p, kind(k), top)
        }
        Question::Entity { name, top } => {
            let e = ix.find_entity(&name)?;
            query::entity::entity(&ix, e, top)
        }
        Question::Cooccur {
            kind: k,
            with,
            by,
            min_papers,
            top,
        } => match paperkg::EntityKind::parse(&with.to_ascii_lowercase()) {
            Some(with_kind) => {
                let Some(k) = k else {
                    bail!(
                        "pairs of kinds need both: --kind KIND --with {with} (or --with an entity name)"
                    )
                };
                query::cooccur::cooccur(&ix, k.kind(), with_kind, min_papers, top)
            }
            None => {
                let e = ix.find_entity(&with)?;
                let rank = match by {
                    RankArg::Count => query::cooccur::Rank::Count,
                    RankArg::Npmi => query::cooccur::Rank::Npmi,
                };
                query::cooccur::with_entity(&ix, e, kind(k), rank, min_papers, top)
            }
        },
        Question::Top { kind: k, by, top } => {
            let by = match by {
                ByArg::Papers => query::top::By::Papers,
                ByArg::Pagerank => query::top::By::PageRank,
            };
            query::top::top(&ix, kind(k), by, top)
        }
        Question::Path { from, to } => {
            let a = find_node(&graph, &from)?;
            let b = find_node(&graph, &to)?;
            match query::path::path(&ix, a, b) {
                Some(t) => t,
                None => bail!("{from:?} and {to:?} are not connected"),
            }
        }
        Question::Communities { min_size, top } => {
            query::communities::communities(&ix, min_size, top)
        }
    };
    let style = style(args.json, args.csv);
    let stdout = std::io::stdout();
    table.write(style, &mut stdout.lock())?;
    Ok(super::ExitStatus::Success)
}

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("onto").required(true).multiple(false))]
pub struct ProjectArgs {
    /// The graph.json that `paperkg build` wrote.
    #[arg(value_name = "GRAPH")]
    graph: PathBuf,
    /// Project onto papers: two papers are linked when they share entities.
    #[arg(long, group = "onto")]
    papers: bool,
    /// Project onto entities: two entities are linked when papers use both.
    #[arg(long, group = "onto")]
    entities: bool,
    /// Only entities of these kinds count (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    kind: Vec<KindArg>,
    /// Keep links of at least this weight (shared entities or papers).
    #[arg(long, default_value_t = 1, value_name = "W")]
    min_weight: u32,
    /// Leave out entities used by more than N papers (0 = keep all): hubs link nearly every
    /// pair.
    #[arg(long, default_value_t = 0, value_name = "N")]
    max_papers: usize,
    /// Refuse when the projection would count more than N node pairs (0 = no limit): its
    /// memory grows with them (about 30 bytes each). The refusal says how many and what
    /// shrinks them.
    #[arg(long, default_value_t = 20_000_000, value_name = "N")]
    max_pairs: u64,
    /// Output directory.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(short, long, value_enum, value_delimiter = ',', default_values_t = [FormatArg::Json, FormatArg::Csv, FormatArg::Gexf])]
    format: Vec<FormatArg>,
}

pub fn run_project(args: ProjectArgs, ui: &Ui) -> Result<super::ExitStatus> {
    if args.output.is_file() {
        bail!("{}: is a file; -o takes a directory", args.output.display());
    }
    let graph = json::read_path(&args.graph)?;
    let ix = Index::new(&graph);
    let onto = if args.papers {
        query::project::Onto::Papers
    } else {
        query::project::Onto::Entities
    };
    let opts = query::project::Options {
        kinds: (!args.kind.is_empty()).then(|| args.kind.iter().map(|k| k.kind()).collect()),
        min_weight: args.min_weight,
        max_papers: args.max_papers,
    };
    let pairs = query::project::estimate(&ix, onto, &opts);
    if args.max_pairs > 0 && pairs > args.max_pairs {
        bail!(
            "this projection would count {pairs} node pairs (about {} MB), more than \
             --max-pairs {}. Leave out hub entities with --max-papers N (e.g. 1000), keep \
             some kinds with --kind, or raise --max-pairs",
            pairs.saturating_mul(30) / 1_000_000,
            args.max_pairs
        );
    }
    let projected = query::project::project(&ix, onto, &opts);
    let formats = formats(&args.format);
    let written = export::write_dir(&projected, &formats, &args.output)
        .with_context(|| format!("cannot write to {}", args.output.display()))?;
    ui.info(format!(
        "{} nodes, {} links; wrote {}",
        projected.node_count(),
        projected.edge_count(),
        path_list(&written)
    ));
    Ok(super::ExitStatus::Success)
}
