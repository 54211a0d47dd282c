//! Writes a synthetic corpus as JSON Lines: `cargo run --release --example gen_corpus N OUT.jsonl [SEED]`.
//!
//! N papers made from the sample corpus (see `examples/common/corpus.rs`): unique ids and
//! titles, abstracts recombined from the sample's sentences, deterministic for a seed
//! (default 7). For benchmarks at 10k, 100k or 1M papers; write it to a temporary directory,
//! not into the repository.

#[path = "common/corpus.rs"]
mod corpus;

use std::io::BufWriter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen_corpus N OUT.jsonl [SEED]";
    let n: usize = args.next().ok_or(usage)?.parse()?;
    let out = args.next().ok_or(usage)?;
    let seed: u64 = args.next().map_or(Ok(7), |s| s.parse())?;
    let base = corpus::sample();
    let w = BufWriter::new(std::fs::File::create(&out)?);
    let bytes = corpus::write_jsonl(&base, n, seed, w)?;
    eprintln!("wrote {n} papers ({:.1} MB) to {out}", bytes as f64 / 1e6);
    Ok(())
}
