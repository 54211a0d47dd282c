//! The interactive explorer: `graph.html`, one self-contained file that opens offline in any
//! browser (no network request of any kind, from `file://` too).
//!
//! The page is our own viewer (`explorer.html` and `explorer.js` beside this file, embedded at
//! compile time) plus the graph as JSON in a `<script type="application/json">` element, with
//! `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026` so that no text from a paper can
//! end the element. The viewer inserts every string as text, never as HTML.
//!
//! Positions come from [`crate::layout`] (deterministic, so the file is too). Up to
//! [`FULL_NODES`] nodes and [`FULL_EDGES`] edges the page draws the whole graph. Above that it
//! draws an overview: the [`OVERVIEW_ENTITIES`] entities most papers use (at least two
//! papers), linked by co-occurrence (each to the ten it shares most papers with); every paper
//! is still in the file (title, year, links, no evidence sentences) and is drawn with its
//! entities when it is selected.
//!
//! Data layout (`v: 1`): `papers` `[id, title, year|null]`; `entities` `[id, name, kind,
//! papers, aliases]`; `links[p]` a flat list `entity, relation, evidence` per link of paper
//! `p` (evidence an index into `evidence`, or -1); `nodes` `[ref, x, y]` (ref `p` for paper
//! `p`, `papers.length + e` for entity `e`); `edges` a flat list of node pairs with `weights`.

use super::Exporter;
use crate::graph::{KnowledgeGraph, NodeData, Relation};
use crate::layout;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::io::Write;

/// Most nodes drawn whole.
pub const FULL_NODES: usize = 5_000;
/// Most edges drawn whole.
pub const FULL_EDGES: usize = 20_000;
/// Entities drawn in the overview of a larger graph.
pub const OVERVIEW_ENTITIES: usize = 2_000;

const TEMPLATE: &str = include_str!("explorer.html");
const SCRIPT: &str = include_str!("explorer.js");

/// The HTML exporter (with [`Options::default`]).
pub struct HtmlExporter;

/// Where the whole graph stops being drawn.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Most nodes drawn whole ([`FULL_NODES`]).
    pub full_nodes: usize,
    /// Most edges drawn whole ([`FULL_EDGES`]).
    pub full_edges: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            full_nodes: FULL_NODES,
            full_edges: FULL_EDGES,
        }
    }
}

/// Writes the page for `graph`.
pub fn write_page(
    graph: &KnowledgeGraph,
    options: &Options,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (before, after) = TEMPLATE
        .split_once("__DATA__")
        .expect("the template has a data marker");
    let (after, tail) = after
        .split_once("__SCRIPT__")
        .expect("the template has a script marker");
    out.write_all(before.as_bytes())?;
    serde_json::to_writer(ScriptSafe(out), &data(graph, options))?;
    out.write_all(after.as_bytes())?;
    out.write_all(SCRIPT.as_bytes())?;
    out.write_all(tail.as_bytes())
}

#[derive(Serialize)]
struct Data<'a> {
    v: u32,
    mode: &'static str,
    title: &'a str,
    kinds: [&'static str; 6],
    colors: [&'static str; 6],
    rels: Vec<&'static str>,
    papers: Vec<(&'a str, &'a str, Option<i32>)>,
    entities: Vec<(&'a str, &'a str, u8, u32, &'a [String])>,
    links: Vec<Vec<i64>>,
    evidence: Vec<&'a str>,
    nodes: Vec<(u32, f32, f32)>,
    edges: Vec<u32>,
    weights: Vec<u32>,
}

const KINDS: [&str; 6] = ["paper", "model", "dataset", "method", "metric", "task"];

fn kind_index(kind: &str) -> u8 {
    KINDS.iter().position(|k| *k == kind).unwrap_or(0) as u8
}

/// Rounds a coordinate to a tenth, which is all a screen needs, to keep the file small.
fn round(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

fn data<'a>(graph: &'a KnowledgeGraph, options: &Options) -> Data<'a> {
    let pg = graph.petgraph();
    // Papers and entities, numbered in graph order.
    let mut paper_of = vec![u32::MAX; pg.node_count()];
    let mut entity_of = vec![u32::MAX; pg.node_count()];
    let mut papers = Vec::new();
    let mut entities = Vec::new();
    for (i, node) in graph.nodes() {
        match &node.data {
            NodeData::Paper(p) => {
                paper_of[i.index()] = papers.len() as u32;
                papers.push((p.paper_id.as_str(), &*p.title, p.year));
            }
            NodeData::Entity(e) => {
                entity_of[i.index()] = entities.len() as u32;
                entities.push((
                    node.id.as_str(),
                    e.name.as_str(),
                    kind_index(e.kind.as_str()),
                    e.papers,
                    &e.aliases[..],
                ));
            }
        }
    }
    let full = graph.node_count() <= options.full_nodes && graph.edge_count() <= options.full_edges;
    // Links per paper, evidence sentences shared by index.
    let mut links: Vec<Vec<i64>> = vec![Vec::new(); papers.len()];
    let mut evidence: Vec<&str> = Vec::new();
    let mut sentence_of: FxHashMap<&str, i64> = FxHashMap::default();
    let rel_index = |r: Relation| Relation::ALL.iter().position(|&x| x == r).unwrap_or(0) as i64;
    for e in pg.edge_indices() {
        let (a, b) = pg.edge_endpoints(e).expect("an edge of the graph");
        let edge = &pg[e];
        let (pa, eb) = (paper_of[a.index()], entity_of[b.index()]);
        if edge.relation.is_link() && pa != u32::MAX && eb != u32::MAX {
            let ev = match (&edge.evidence, full) {
                (Some(ev), true) => *sentence_of.entry(&ev.sentence).or_insert_with(|| {
                    evidence.push(&ev.sentence);
                    evidence.len() as i64 - 1
                }),
                _ => -1,
            };
            links[pa as usize].extend([i64::from(eb), rel_index(edge.relation), ev]);
        }
    }
    let p_count = papers.len() as u32;
    // Node refs: paper p → p, entity e → papers + e.
    let node_ref = |i: usize| -> u32 {
        if paper_of[i] != u32::MAX {
            paper_of[i]
        } else {
            p_count + entity_of[i]
        }
    };
    let (refs, edges): (Vec<u32>, Vec<(u32, u32, u32)>) = if full {
        let refs: Vec<u32> = (0..pg.node_count()).map(node_ref).collect();
        let mut edges: Vec<(u32, u32, u32)> = Vec::with_capacity(pg.edge_count());
        for e in pg.edge_indices() {
            let (a, b) = pg.edge_endpoints(e).expect("an edge of the graph");
            edges.push((a.index() as u32, b.index() as u32, pg[e].mentions));
        }
        (refs, edges)
    } else {
        overview(&entities, &links, p_count)
    };
    let input = layout::Input {
        keys: refs
            .iter()
            .map(|&r| {
                if r < p_count {
                    format!("paper:{}", papers[r as usize].0)
                } else {
                    entities[(r - p_count) as usize].0.to_owned()
                }
            })
            .collect(),
        edges: edges.iter().map(|&(a, b, _)| (a, b, 1.0)).collect(),
    };
    let settings = layout::Settings {
        iterations: if refs.len() > 2_000 { 150 } else { 300 },
        ..layout::Settings::default()
    };
    let pos = layout::layout(&input, &settings);
    let nodes = refs
        .iter()
        .zip(&pos)
        .map(|(&r, &(x, y))| (r, round(x), round(y)))
        .collect();
    Data {
        v: 1,
        mode: if full { "full" } else { "overview" },
        title: "paperkg",
        kinds: KINDS,
        rels: Relation::ALL.iter().map(|r| r.as_str()).collect(),
        papers,
        entities,
        links,
        evidence,
        nodes,
        edges: edges.iter().flat_map(|&(a, b, _)| [a, b]).collect(),
        weights: edges.iter().map(|&(_, _, w)| w).collect(),
        colors: KINDS.map(|k| super::dot::style(k).0),
    }
}

/// The overview of a large graph: the most used entities (node numbers into the drawn list)
/// and co-occurrence edges between them, each entity keeping its ten strongest.
fn overview(
    entities: &[(&str, &str, u8, u32, &[String])],
    links: &[Vec<i64>],
    p_count: u32,
) -> (Vec<u32>, Vec<(u32, u32, u32)>) {
    let mut ranked: Vec<u32> = (0..entities.len() as u32)
        .filter(|&e| entities[e as usize].3 >= 2)
        .collect();
    ranked.sort_by(|&a, &b| {
        entities[b as usize]
            .3
            .cmp(&entities[a as usize].3)
            .then(a.cmp(&b))
    });
    ranked.truncate(OVERVIEW_ENTITIES);
    ranked.sort_unstable();
    let mut slot = vec![u32::MAX; entities.len()];
    for (k, &e) in ranked.iter().enumerate() {
        slot[e as usize] = k as u32;
    }
    let mut count: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for l in links {
        let mut kept: Vec<u32> = l
            .chunks(3)
            .map(|c| slot[c[0] as usize])
            .filter(|&s| s != u32::MAX)
            .collect();
        kept.sort_unstable();
        kept.dedup();
        for (i, &a) in kept.iter().enumerate() {
            for &b in &kept[i + 1..] {
                *count.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<((u32, u32), u32)> = count.into_iter().collect();
    pairs.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let mut degree = vec![0u32; ranked.len()];
    let mut edges = Vec::new();
    for ((a, b), w) in pairs {
        if degree[a as usize] < 10 || degree[b as usize] < 10 {
            degree[a as usize] += 1;
            degree[b as usize] += 1;
            edges.push((a, b, w));
        }
    }
    edges.sort_unstable();
    (ranked.iter().map(|&e| p_count + e).collect(), edges)
}

/// Writes JSON bytes with `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`: they can only
/// occur inside JSON strings, where the escapes mean the same, and then nothing in the data
/// can close the `<script>` element that holds it.
struct ScriptSafe<'a>(&'a mut dyn Write);

impl Write for ScriptSafe<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut start = 0;
        for (i, &b) in buf.iter().enumerate() {
            let escape: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            self.0.write_all(&buf[start..i])?;
            self.0.write_all(escape)?;
            start = i + 1;
        }
        self.0.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Exporter for HtmlExporter {
    fn files(&self) -> &'static [&'static str] {
        &["graph.html"]
    }

    fn write_file(
        &self,
        graph: &KnowledgeGraph,
        _file: &str,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        write_page(graph, &Options::default(), out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_close_its_script_element() {
        let mut out = Vec::new();
        ScriptSafe(&mut out)
            .write_all(br#"{"t":"</script><script>alert(1)</script> & <!--"}"#)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script> & <!--");
    }
}
