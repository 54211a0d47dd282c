//! `paperkg render`: a picture of a graph.json, or of the part of it you select.

use super::Ui;
use super::args::KindArg;
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use paperkg::export::{json, write_atomic};
use paperkg::graph::KnowledgeGraph;
use paperkg::graph::select::{Selection, select};
use paperkg::render::{self, Engine, Layout, Style};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The graph.json that `paperkg build` wrote.
    #[arg(value_name = "GRAPH")]
    graph: PathBuf,
    /// The picture to write: .svg, .png or .pdf.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    #[command(flatten)]
    picture: PictureArgs,
}

/// Selection and drawing options, shared with `build --render`.
#[derive(Args, Debug, Clone)]
pub struct PictureArgs {
    /// Only entities of these kinds (comma-separated), and the papers linked to them.
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    kinds: Vec<KindArg>,
    /// Only entities shared by at least N papers, and those papers.
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_papers: usize,
    /// Only the N entities with the most papers, and their papers.
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Only the neighbourhood of this paper or entity (id, name, alias or title).
    #[arg(long, value_name = "NAME")]
    ego: Option<String>,
    /// How many links away from --ego to go.
    #[arg(long, default_value_t = 2, value_name = "D")]
    depth: usize,
    /// Label this many entities, those with the most papers (the others get tooltips).
    #[arg(long, default_value_t = 40, value_name = "N")]
    labels: usize,
    /// Layout: auto is sfdp above 150 nodes and neato below.
    #[arg(long, value_enum, default_value_t = LayoutArg::Auto)]
    layout: LayoutArg,
    /// Who draws: Graphviz, or the built-in engine (SVG only, up to 150 nodes, no Graphviz
    /// needed).
    #[arg(long, value_enum, default_value_t = EngineArg::Graphviz)]
    engine: EngineArg,
    /// Give up on Graphviz after this many seconds.
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    timeout: u64,
    /// A title above the legend.
    #[arg(long)]
    title: Option<String>,
    /// The picture's longer side, at most, in pixels.
    #[arg(long, default_value_t = 1600, value_name = "PX")]
    max_pixels: u32,
    /// Draw only the selected entities, linked when papers use both (no paper nodes): the
    /// picture of a large graph.
    #[arg(long)]
    entities_only: bool,
    /// Refuse a selection of more than N nodes before laying it out (a layout of tens of
    /// thousands of nodes takes minutes and shows nothing readable).
    #[arg(long, default_value_t = 5_000, value_name = "N")]
    max_nodes: usize,
}

impl Default for PictureArgs {
    fn default() -> Self {
        PictureArgs {
            kinds: Vec::new(),
            min_papers: 1,
            top: None,
            ego: None,
            depth: 2,
            labels: 40,
            layout: LayoutArg::Auto,
            engine: EngineArg::Graphviz,
            entities_only: false,
            max_nodes: 5_000,
            timeout: 60,
            title: None,
            max_pixels: 1600,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum LayoutArg {
    Auto,
    Sfdp,
    Neato,
    Fdp,
    Dot,
    Circo,
    Twopi,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum EngineArg {
    Graphviz,
    Builtin,
}

pub fn run(args: RenderArgs, ui: &Ui) -> Result<super::ExitStatus> {
    let graph = json::read_path(&args.graph)?;
    draw(&graph, &args.picture, &args.output, ui)?;
    Ok(super::ExitStatus::Success)
}

/// Selects, lays out and writes one picture; returns the number of nodes drawn.
pub fn draw(graph: &KnowledgeGraph, opts: &PictureArgs, output: &Path, ui: &Ui) -> Result<usize> {
    let start = Instant::now();
    let Some(format) = render::format_of(output) else {
        bail!(
            "{}: the picture must end in .svg, .png or .pdf",
            output.display()
        );
    };
    if output.is_dir() {
        bail!("{}: is a directory; -o takes a file name", output.display());
    }
    let selection = Selection {
        kinds: (!opts.kinds.is_empty()).then(|| opts.kinds.iter().map(|k| k.kind()).collect()),
        min_papers: opts.min_papers,
        top: opts.top,
        ego: opts.ego.clone(),
        depth: opts.depth,
    };
    let mut sub = select(graph, &selection)?;
    if opts.entities_only {
        // The selection's entities, linked by the papers they share.
        let ix = paperkg::query::Index::new(&sub);
        sub = paperkg::query::project::project(
            &ix,
            paperkg::query::project::Onto::Entities,
            &Default::default(),
        );
    }
    if sub.node_count() == 0 {
        bail!("the selection is empty: nothing to draw (loosen --min-papers, --top or --kinds)");
    }
    if sub.node_count() > opts.max_nodes {
        bail!(
            "the selection has {} nodes ({} papers), more than --max-nodes {}: a picture that \
             large is neither readable nor quick to lay out. Draw the top entities alone with \
             --entities-only --top 200, or one neighbourhood with --ego NAME (or raise \
             --max-nodes; for the whole graph, `--format html` explores it interactively)",
            sub.node_count(),
            sub.paper_count(),
            opts.max_nodes
        );
    }
    let style = Style {
        labels: opts.labels,
        title: opts.title.clone(),
        max_pixels: opts.max_pixels,
        ..Style::default()
    };
    let layout = match opts.layout {
        LayoutArg::Auto => Layout::Auto,
        LayoutArg::Sfdp => Layout::Sfdp,
        LayoutArg::Neato => Layout::Neato,
        LayoutArg::Fdp => Layout::Fdp,
        LayoutArg::Dot => Layout::Dot,
        LayoutArg::Circo => Layout::Circo,
        LayoutArg::Twopi => Layout::Twopi,
    };
    let engine = match opts.engine {
        EngineArg::Graphviz => Engine::Graphviz,
        EngineArg::Builtin => Engine::Builtin,
    };
    let (bytes, how) = match engine {
        Engine::Graphviz => {
            let name = layout.engine_name(sub.node_count());
            let dot = render::picture_dot(&sub, &style);
            let bytes =
                render::render_graphviz(&dot, name, format, Duration::from_secs(opts.timeout))?;
            (bytes, name.to_owned())
        }
        Engine::Builtin => {
            if format != "svg" {
                bail!(
                    "{}: the built-in engine writes SVG only; use a .svg name or Graphviz",
                    output.display()
                );
            }
            let dot = render::builtin_dot(&sub);
            let svg = render::render_builtin(&dot, sub.node_count())?;
            (svg.into_bytes(), "built-in layout".to_owned())
        }
    };
    write_atomic(output, |out| out.write_all(&bytes))
        .with_context(|| format!("cannot write {}", output.display()))?;
    ui.info(format!(
        "drew {} papers, {} entities, {} links with {how} into {} ({} KB) in {:.2?}",
        sub.paper_count(),
        sub.node_count() - sub.paper_count(),
        sub.edge_count(),
        output.display(),
        bytes.len().div_ceil(1024),
        start.elapsed()
    ));
    Ok(sub.node_count())
}
