//! Fits the confidence model (`src/extract/confidence.tsv`) and prints how it measures.
//!
//! ```sh
//! cargo run --release --example train_confidence            # report only
//! cargo run --release --example train_confidence -- --write # … and write the model
//! ```
//!
//! Fitting and cross-validation are [`paperkg::calibrate`]'s; this prints the out-of-fold
//! reliability table and P/R/F1 of dev and dev2 by threshold (the README's tables), and with
//! `--write` writes the model fitted on all 240 gold papers. Run it after any change to the
//! extraction rules or the lexicon: a test fails while the shipped model is stale.

use paperkg::Extractors;
use paperkg::calibrate;
use paperkg::eval::{self, GoldPaper};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let write = std::env::args().any(|a| a == "--write");
    let sets = ["tests/data/dev.jsonl", "tests/data/dev2.jsonl"];
    let golds: Vec<Vec<GoldPaper>> = sets
        .iter()
        .map(|p| eval::read_jsonl(std::path::Path::new(p)))
        .collect::<Result<_, _>>()?;
    let cal = calibrate::calibrate(&golds, &Extractors::new()?.with_min_confidence(0.0));
    let labelled = cal.samples.iter().filter(|s| s.y.is_some()).count();
    let right = cal.samples.iter().filter(|s| s.y == Some(true)).count();
    println!(
        "{} candidate links on {} papers: {labelled} labelled ({right} right), {} matching optional gold",
        cal.samples.len(),
        golds.iter().map(Vec::len).sum::<usize>(),
        cal.samples.len() - labelled
    );
    for (penalty, loss) in &cal.losses {
        println!("L2 penalty {penalty:>5}: out-of-fold log-loss {loss:.4}");
    }
    println!("chosen L2 penalty: {}\n", cal.penalty);

    println!("Reliability (out-of-fold; links matching optional gold left out):\n");
    println!("| confidence | links | mean confidence | right |");
    println!("|---|---:|---:|---:|");
    for (lo, n, mean, right) in cal.reliability() {
        println!("| {lo:.1}–{:.1} | {n} | {mean:.2} | {right:.2} |", lo + 0.1);
    }
    println!(
        "\nexpected calibration error: {:.3}\n",
        cal.expected_calibration_error()
    );

    println!(
        "Out-of-fold scores by threshold (typed micro P/R/F1, the reference scorer's rules):\n"
    );
    println!("| threshold | dev P | dev R | dev F1 | dev2 P | dev2 R | dev2 F1 |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for (t, scores) in &cal.by_threshold {
        let cells: Vec<String> = scores
            .iter()
            .map(|(p, r, f)| format!("{p:.3} | {r:.3} | {f:.3}"))
            .collect();
        println!("| {t:.2} | {} |", cells.join(" | "));
    }
    println!("\ndefault threshold: {:.2}", cal.threshold);

    if write {
        let path = "src/extract/confidence.tsv";
        let header = format!(
            "# paperkg confidence model: logistic weights over the link facts, written by\n\
             # examples/train_confidence.rs (paperkg::calibrate; L2 penalty {}, fitted on\n\
             # tests/data/dev.jsonl and dev2.jsonl; threshold = the lowest within {} of the best\n\
             # mean F1 of the two sets in {}-fold cross-validation).\n",
            cal.penalty,
            calibrate::THRESHOLD_MARGIN,
            calibrate::FOLDS
        );
        std::fs::write(path, header + &cal.scorer.to_tsv())?;
        println!("wrote {path}");
    } else {
        println!("(run with --write to write src/extract/confidence.tsv)");
    }
    Ok(())
}
