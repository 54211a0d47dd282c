//! The HTML explorer's benchmark: `cargo run --release --example bench_explorer`.
//!
//! Builds graphs of generated corpora (the sample corpus recombined, `common/corpus.rs`) and
//! writes their `graph.html`:
//!
//! * whole graphs drawn at about 1k, 5k and 20k nodes (the 20k one forced past the default
//!   bound, to see what the viewer does there), and
//! * the default pages of 10k- and 100k-paper builds (an overview of the top entities),
//!
//! then loads each in headless Chromium (`tests/explorer.js bench`: Node.js with
//! puppeteer-core in target/npm, `/usr/bin/chromium`) and reports the file size, the time to
//! write it, the time until the page is ready, and the frame time while panning (median and
//! 95th percentile of 60 synchronous redraws). Without Node.js or Chromium it reports sizes
//! and write times only.

#[path = "common/corpus.rs"]
mod corpus;

use paperkg::export::html::{self, Options};
use paperkg::{Extractors, graph};
use std::path::Path;
use std::time::Instant;

struct Case {
    name: String,
    papers: usize,
    options: Options,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root)?;
    let base = corpus::sample();
    let extractors = Extractors::new()?;
    let whole = Options {
        full_nodes: usize::MAX,
        full_edges: usize::MAX,
    };
    let cases = [
        Case {
            name: "~1k nodes, whole".into(),
            papers: 250,
            options: whole,
        },
        Case {
            name: "~5k nodes, whole".into(),
            papers: 4_000,
            options: whole,
        },
        Case {
            name: "~20k nodes, whole".into(),
            papers: 19_000,
            options: whole,
        },
        Case {
            name: "10k papers, default".into(),
            papers: 10_000,
            options: Options::default(),
        },
        Case {
            name: "100k papers, default".into(),
            papers: 100_000,
            options: Options::default(),
        },
    ];
    let dir = tempfile::tempdir()?;
    let mut rows = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let papers = corpus::generate(&base, 0, case.papers, 7);
        let g = graph::build(&papers, &extractors);
        let path = dir.path().join(format!("case{i}.html"));
        let t = Instant::now();
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        html::write_page(&g, &case.options, &mut out)?;
        std::io::Write::flush(&mut out)?;
        let write_s = t.elapsed().as_secs_f64();
        let size = std::fs::metadata(&path)?.len();
        eprintln!(
            "{}: {} nodes, {} edges, {:.1} MB, written in {write_s:.2} s",
            case.name,
            g.node_count(),
            g.edge_count(),
            size as f64 / 1e6
        );
        rows.push((
            case.name.clone(),
            g.node_count(),
            g.edge_count(),
            size,
            write_s,
            path,
        ));
    }
    let files: Vec<&str> = rows.iter().map(|r| r.5.to_str().unwrap()).collect();
    let browser = std::process::Command::new("node")
        .env("NODE_PATH", root.join("target/npm/node_modules"))
        .arg(root.join("tests/explorer.js"))
        .arg("bench")
        .args(&files)
        .output();
    let measured: Vec<serde_json::Value> = match browser {
        Ok(out) if out.status.success() => serde_json::from_slice(&out.stdout)?,
        Ok(out) => {
            eprintln!(
                "browser part skipped: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Vec::new()
        }
        Err(e) => {
            eprintln!("browser part skipped: node: {e}");
            Vec::new()
        }
    };
    println!(
        "| graph | nodes | edges | drawn | graph.html | write | ready in | frame (median / p95) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (i, (name, nodes, edges, size, write_s, _)) in rows.iter().enumerate() {
        let m = measured.get(i);
        let get = |k: &str| m.and_then(|m| m[k].as_f64());
        println!(
            "| {name} | {nodes} | {edges} | {} | {:.1} MB | {write_s:.2} s | {} | {} |",
            get("drawn").map_or("–".into(), |d| format!("{d:.0}")),
            *size as f64 / 1e6,
            get("loadMs").map_or("–".into(), |t| format!("{:.2} s", t / 1000.0)),
            match (get("frameMedianMs"), get("frameP95Ms")) {
                (Some(a), Some(b)) => format!("{a:.1} / {b:.1} ms"),
                _ => "–".into(),
            }
        );
    }
    Ok(())
}
