//! Pictures of a graph: DOT made for looking at, laid out by Graphviz (or, for small graphs
//! without Graphviz, by the pure-Rust `layout-rs`).
//!
//! A paper–entity graph has two ranks, so hierarchical `dot` draws it as a long strip;
//! force-directed `sfdp` (big graphs) and `neato` (small ones) with overlap removal give
//! readable pictures. Nodes are coloured by kind (the legend says which colour is which);
//! entities grow with the number of papers using them; only the best-connected entities are
//! labelled (`labels`), the rest carry their name as a tooltip (SVG); papers are small grey
//! boxes, labelled with a shortened title when there are few of them.

mod graphviz;

pub use graphviz::{
    BUILTIN_MAX_NODES, Engine, RenderError, format_of, graphviz_program, render_builtin,
    render_graphviz,
};

use crate::export::dot::{escape, style};
use crate::graph::{KnowledgeGraph, NodeData};
use std::fmt::Write as _;

/// Graphviz layout engines worth using here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `sfdp` above 150 nodes, `neato` below.
    Auto,
    /// Scalable force-directed placement: big graphs.
    Sfdp,
    /// Spring model: small graphs.
    Neato,
    /// Force-directed (slower than sfdp).
    Fdp,
    /// Hierarchical: long strips for paper–entity graphs, useful for tiny ones.
    Dot,
    /// Circular.
    Circo,
    /// Radial, around the first node (an ego graph's centre comes first).
    Twopi,
}

/// Graphs above this many nodes get `sfdp` in [`Layout::Auto`].
pub const SFDP_ABOVE: usize = 150;

impl Layout {
    /// The engine name Graphviz knows (`-K`), resolving `Auto` for a graph of `nodes` nodes.
    pub fn engine_name(self, nodes: usize) -> &'static str {
        match self {
            Layout::Auto if nodes > SFDP_ABOVE => "sfdp",
            Layout::Auto => "neato",
            Layout::Sfdp => "sfdp",
            Layout::Neato => "neato",
            Layout::Fdp => "fdp",
            Layout::Dot => "dot",
            Layout::Circo => "circo",
            Layout::Twopi => "twopi",
        }
    }
}

/// How to draw.
#[derive(Debug, Clone)]
pub struct Style {
    /// Label the entities with the most papers, this many of them.
    pub labels: usize,
    /// Label papers (shortened titles) when the picture has at most this many papers.
    pub paper_labels_up_to: usize,
    /// A title above the legend.
    pub title: Option<String>,
    /// The longer side of the picture, at most, in pixels (96 per inch for SVG and PDF).
    pub max_pixels: u32,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            labels: 40,
            paper_labels_up_to: 40,
            title: None,
            max_pixels: 1600,
        }
    }
}

/// Kinds in legend order.
const KINDS: [&str; 6] = ["paper", "model", "dataset", "method", "metric", "task"];

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Escapes text for an HTML-like Graphviz label.
fn html(text: &str) -> String {
    crate::export::xml::escape(text).into_owned()
}

/// DOT text for a picture of `graph`.
pub fn picture_dot(graph: &KnowledgeGraph, style_opts: &Style) -> String {
    let mut out = String::with_capacity(256 + graph.node_count() * 160);
    let papers = graph.paper_count();
    // Entities ranked by papers (ties by id): the first `labels` get a label.
    let mut ranked: Vec<(usize, &str, usize)> = graph
        .nodes()
        .filter(|(_, n)| n.entity().is_some())
        .map(|(i, n)| (graph.degree(i), n.id.as_str(), i.index()))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut labelled = vec![false; graph.node_count()];
    for &(_, _, i) in ranked.iter().take(style_opts.labels) {
        labelled[i] = true;
    }
    let present: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| graph.nodes().any(|(_, n)| n.kind_str() == *k))
        .collect();

    out.push_str("digraph paperkg {\n");
    let inches = f64::from(style_opts.max_pixels.max(96)) / 96.0;
    let _ = writeln!(
        out,
        "  graph [overlap=prism, overlap_scaling=-4, sep=\"+6\", splines=false, outputorder=edgesfirst, bgcolor=white, pad=0.3, size=\"{inches:.2},{inches:.2}\", fontname=\"Helvetica\", labelloc=t, labeljust=l];"
    );
    // Big graphs are scaled down to fit the picture; the legend grows to stay legible.
    let grow = ((graph.node_count() as f64) / 150.0).sqrt().clamp(1.0, 3.0);
    let (title_pt, text_pt, swatch) = (18.0 * grow, 13.0 * grow, 14.0 * grow);
    out.push_str(
        "  node [style=filled, fontname=\"Helvetica\", penwidth=0.6, color=\"#444444\"];\n",
    );
    out.push_str("  edge [arrowhead=none, color=\"#8c8c8c66\", penwidth=0.7];\n");
    // The legend: one coloured swatch per kind in the picture, with the node and edge counts.
    let mut legend = String::from("<<table border=\"0\" cellborder=\"0\" cellspacing=\"0\">");
    if let Some(t) = &style_opts.title {
        let _ = write!(
            legend,
            "<tr><td align=\"left\"><font point-size=\"{title_pt:.0}\"><b>{}</b></font></td></tr>",
            html(t)
        );
    }
    // The swatches sit in a table of their own, so a long title does not stretch them.
    legend.push_str(
        "<tr><td align=\"left\"><table border=\"0\" cellborder=\"0\" cellspacing=\"3\"><tr>",
    );
    for k in &present {
        let count = graph.nodes().filter(|(_, n)| n.kind_str() == *k).count();
        let _ = write!(
            legend,
            "<td bgcolor=\"{}\" width=\"{swatch:.0}\" height=\"{swatch:.0}\" fixedsize=\"true\"> </td><td align=\"left\"><font point-size=\"{text_pt:.0}\">{k} ({count})</font></td>",
            style(k).0
        );
    }
    legend.push_str("</tr></table></td></tr></table>>");
    let _ = writeln!(out, "  label={legend};");

    for (i, node) in graph.nodes() {
        let degree = graph.degree(i);
        let (fill, _) = style(node.kind_str());
        match &node.data {
            NodeData::Paper(p) => {
                let label = if papers <= style_opts.paper_labels_up_to {
                    escape(&shorten(&p.title, 28))
                } else {
                    "\"\"".to_owned()
                };
                let _ = writeln!(
                    out,
                    "  {} [shape=box, width=0.12, height=0.12, fixedsize={}, fontsize=9, fillcolor=\"{fill}\", label={label}, tooltip={}];",
                    escape(&node.id),
                    papers > style_opts.paper_labels_up_to,
                    escape(&p.title),
                );
            }
            NodeData::Entity(e) => {
                let size = 0.14 + 0.09 * (degree as f64).sqrt();
                let tooltip = format!(
                    "{} ({}, {degree} paper{})",
                    e.name,
                    e.kind.as_str(),
                    crate::plural(degree)
                );
                if labelled[i.index()] {
                    let font = (10.0 + 3.0 * (degree as f64).sqrt()).min(30.0);
                    let font_colour = if e.kind.as_str() == "model" {
                        "#ffffff"
                    } else {
                        "#111111"
                    };
                    let _ = writeln!(
                        out,
                        "  {} [shape=ellipse, margin=\"0.04,0.02\", fontsize={font:.0}, fontcolor=\"{font_colour}\", fillcolor=\"{fill}\", label={}, tooltip={}];",
                        escape(&node.id),
                        escape(&shorten(&e.name, 32)),
                        escape(&tooltip),
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "  {} [shape=circle, fixedsize=true, width={size:.2}, fillcolor=\"{fill}\", label=\"\", tooltip={}];",
                        escape(&node.id),
                        escape(&tooltip),
                    );
                }
            }
        }
    }
    for (from, to, _) in graph.edges() {
        let _ = writeln!(out, "  {} -> {};", escape(&from.id), escape(&to.id));
    }
    out.push_str("}\n");
    out
}

/// Plain DOT for the built-in layout engine, which knows fewer attributes.
pub fn builtin_dot(graph: &KnowledgeGraph) -> String {
    let mut out = String::from("digraph paperkg {\n");
    for (_, node) in graph.nodes() {
        let (fill, _) = style(node.kind_str());
        let (shape, label) = match &node.data {
            NodeData::Paper(p) => ("box", shorten(&p.title, 24)),
            NodeData::Entity(e) => ("ellipse", shorten(&e.name, 24)),
        };
        let _ = writeln!(
            out,
            "  {} [shape={shape}, style=filled, fillcolor=\"{fill}\", fontsize=11, label={}];",
            escape(&node.id),
            escape(&label)
        );
    }
    for (from, to, _) in graph.edges() {
        let _ = writeln!(out, "  {} -> {};", escape(&from.id), escape(&to.id));
    }
    out.push_str("}\n");
    out
}
