//! Writes a synthetic corpus as JSON Lines: `cargo run --release --example gen_corpus N OUT.jsonl [SEED]`.
//!
//! N papers made from the sample corpus (see `examples/common/corpus.rs`): unique ids and
//! titles, abstracts recombined from the sample's sentences, deterministic for a seed
//! (default 7). For benchmarks at 10k, 100k or 1M papers; write it to a temporary directory,
//! not into the repository.

#[path = "common/corpus.rs"]
mod corpus;

use std::io::{BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen_corpus N OUT.jsonl [SEED]";
    let n: usize = args.next().ok_or(usage)?.parse()?;
    let out = args.next().ok_or(usage)?;
    let seed: u64 = args.next().map_or(Ok(7), |s| s.parse())?;
    let base = corpus::sample();
    let mut w = BufWriter::new(std::fs::File::create(&out)?);
    // In chunks, so a million papers never sit in memory at once.
    let chunk = 10_000;
    let mut written = 0;
    let mut bytes = 0usize;
    while written < n {
        let take = chunk.min(n - written);
        let seed = seed.wrapping_add(written as u64);
        for p in corpus::generate(&base, written, take, seed) {
            let line = serde_json::json!({
                "id": p.id,
                "title": p.title,
                "abstract": p.abstract_text,
                "year": p.year,
            })
            .to_string();
            bytes += line.len() + 1;
            writeln!(w, "{line}")?;
        }
        written += take;
    }
    w.flush()?;
    eprintln!("wrote {n} papers ({:.1} MB) to {out}", bytes as f64 / 1e6);
    Ok(())
}
