//! Extraction throughput on one core: `cargo run --release --example bench_extract [N]`.
//!
//! Runs the full extraction pipeline (all layers and per-paper resolution, no graph, no I/O)
//! over N abstracts (default 20,000) cycled from the sample corpus, on the calling thread only,
//! five times, and prints the median and best abstracts per second, MB/s of title+abstract
//! text, and peak memory.

use paperkg::extract::{Document, Extractors, resolve};
use paperkg::input::{self, Corpus};
use std::time::Instant;

/// The allocator the `paperkg` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).map_or(Ok(20_000), |s| s.parse())?;
    let mut corpus = Corpus::new();
    for file in input::expand_inputs(&["examples/hf-papers".into()])? {
        for record in input::read_papers(&file)? {
            corpus.push(record?);
        }
    }
    let papers = &corpus.papers;

    let t = Instant::now();
    let extractors = Extractors::new()?;
    let build = t.elapsed();

    // Warm up once over the corpus, then time N papers.
    for p in papers {
        std::hint::black_box(extractors.extract(p));
    }
    // Five timed rounds; the median is the figure to quote (a shared VM's clock is noisy).
    let mut rounds = Vec::new();
    let (mut bytes, mut links) = (0usize, 0usize);
    for _ in 0..5 {
        bytes = 0;
        links = 0;
        let t = Instant::now();
        for p in papers.iter().cycle().take(n) {
            bytes += p.title.len() + p.abstract_text.len();
            links += std::hint::black_box(extractors.extract(p)).len();
        }
        rounds.push(t.elapsed().as_secs_f64());
    }
    rounds.sort_by(f64::total_cmp);
    let (best, median) = (rounds[0], rounds[2]);
    println!(
        "lexicon: {} entries, matcher built in {:.0} ms",
        extractors.lexicon().len(),
        build.as_secs_f64() * 1e3
    );
    println!(
        "extracted {n} abstracts ({:.1} MB, {links} links) per round, 5 rounds, one thread",
        bytes as f64 / 1e6
    );
    println!(
        "throughput: median {:.0} abstracts/s ({:.1} MB/s), best {:.0} abstracts/s",
        n as f64 / median,
        bytes as f64 / 1e6 / median,
        n as f64 / best
    );
    // Where one round's time goes: each layer timed over the whole round, then resolution.
    let mut layer_secs = vec![0.0f64; extractors.layers().len() + 1];
    for p in papers.iter().cycle().take(n) {
        let mut doc = Document::new(&p.title, &p.abstract_text);
        for (i, layer) in extractors.layers().iter().enumerate() {
            let t = Instant::now();
            layer.extract(&mut doc);
            layer_secs[i] += t.elapsed().as_secs_f64();
        }
        let t = Instant::now();
        std::hint::black_box(resolve::resolve(&doc, extractors.lexicon()));
        *layer_secs
            .last_mut()
            .expect("one slot per layer and resolve") += t.elapsed().as_secs_f64();
    }
    let total: f64 = layer_secs.iter().sum();
    let names = extractors
        .layers()
        .iter()
        .map(|l| l.name())
        .chain(["resolve"]);
    for (name, secs) in names.zip(&layer_secs) {
        println!(
            "  {name:<14} {:>6.2} us/abstract {:>5.1}%",
            secs / n as f64 * 1e6,
            secs / total * 100.0
        );
    }
    if let Some(mb) = peak_rss_mb() {
        println!("peak RSS: {mb:.0} MB");
    }
    Ok(())
}
