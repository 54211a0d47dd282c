//! A synthetic corpus made from the sample corpus, for benchmarks: unique ids and titles,
//! abstracts recombined from the sample's sentences (each keeps its base paper's first
//! sentence, usually the one saying what the paper proposes, then 3–7 sentences drawn from
//! any paper), so the entity mix and the degree distribution stay realistic. Deterministic
//! for a seed.

use paperkg::input::{self, Corpus};
use paperkg::paper::Paper;

/// The sample corpus's papers.
pub fn sample() -> Vec<Paper> {
    let mut corpus = Corpus::new();
    for file in input::expand_inputs(&["examples/hf-papers".into()]).expect("examples/hf-papers") {
        for record in input::read_papers(&file).expect("readable sample") {
            corpus.push(record.expect("clean sample"));
        }
    }
    corpus.papers
}

/// xorshift64*: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

/// Sentences of an abstract (split after `. ` followed by a capital).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut start = 0;
    for i in 1..b.len().saturating_sub(1) {
        if b[i - 1] == b'.' && b[i] == b' ' && b[i + 1].is_ascii_uppercase() {
            out.push(text[start..i].trim());
            start = i + 1;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// Generated papers number `start` to `start + n - 1` (each chunk of a big corpus gets its
/// own `seed`).
pub fn generate(base: &[Paper], start: usize, n: usize, seed: u64) -> Vec<Paper> {
    let split: Vec<Vec<&str>> = base.iter().map(|p| sentences(&p.abstract_text)).collect();
    let pool: Vec<&str> = split.iter().flatten().copied().collect();
    let mut rng = Rng::new(seed);
    (start..start + n)
        .map(|i| {
            let b = rng.below(base.len());
            let mut text = String::from(split[b].first().copied().unwrap_or_default());
            for _ in 0..3 + rng.below(5) {
                text.push(' ');
                text.push_str(pool[rng.below(pool.len())]);
            }
            Paper {
                id: format!("gen-{i}"),
                title: format!("{} (variant {i})", base[b].title),
                abstract_text: text,
                year: Some(2015 + (i % 11) as i32),
                authors: Vec::new(),
                url: None,
                source: Default::default(),
            }
        })
        .collect()
}

/// Writes `n` generated papers as JSON Lines (`id`, `title`, `abstract`, `year`) and returns
/// the bytes written. In chunks of 10,000, each with its own seed, so a million papers never
/// sit in memory at once and every writer of a corpus writes the same file for a seed.
#[allow(dead_code)] // not every example that includes this module writes corpora
pub fn write_jsonl(
    base: &[Paper],
    n: usize,
    seed: u64,
    mut out: impl std::io::Write,
) -> std::io::Result<u64> {
    let chunk = 10_000;
    let mut written = 0;
    let mut bytes = 0u64;
    while written < n {
        let take = chunk.min(n - written);
        let seed = seed.wrapping_add(written as u64);
        for p in generate(base, written, take, seed) {
            let line = serde_json::json!({
                "id": p.id,
                "title": p.title,
                "abstract": p.abstract_text,
                "year": p.year,
            })
            .to_string();
            bytes += line.len() as u64 + 1;
            writeln!(out, "{line}")?;
        }
        written += take;
    }
    out.flush()?;
    Ok(bytes)
}
