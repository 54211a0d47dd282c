//! `paperkg eval`: precision, recall and F1 of extraction against gold links.

use super::Ui;
use super::args::LexiconArgs;
use anyhow::Result;
use clap::Args;
use paperkg::eval::{self, GoldPaper, PredictedPaper};
use std::io::Write;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold links, one paper a line (the format of tests/data/dev.jsonl).
    #[arg(long, value_name = "GOLD.jsonl")]
    gold: PathBuf,
    /// Predictions to score (`paperkg extract` output). Without it, paperkg extracts from the
    /// gold file's own titles and abstracts.
    #[arg(value_name = "PRED.jsonl")]
    pred: Option<PathBuf>,
    /// List up to N false positives and false negatives.
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
    /// Print the scores as one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Also print precision, recall and F1 at confidence thresholds 0.3–0.9 (links under a
    /// threshold dropped), to choose a `--min-confidence`.
    #[arg(long)]
    thresholds: bool,
    /// Also score how entities are resolved across papers (B-cubed over matched links, as
    /// the reference resolution.py does), listing up to `--errors` splits and merges.
    #[arg(long)]
    resolution: bool,
    #[command(flatten)]
    lexicon: LexiconArgs,
}

pub fn run(args: EvalArgs, _ui: &Ui) -> Result<super::ExitStatus> {
    let gold: Vec<GoldPaper> = eval::read_jsonl(&args.gold)?;
    let pred: Vec<PredictedPaper> = match &args.pred {
        Some(path) => eval::read_jsonl(path)?,
        None => eval::predict_with(
            &gold,
            &args.lexicon.extractors()?,
            args.lexicon.thesaurus()?.as_ref(),
        )?,
    };
    let report = eval::score(&gold, &pred);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        // The scorer's `--json` shape, keys in its order.
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        let rows = report
            .kinds
            .iter()
            .map(|(k, c)| (k.as_str(), *c))
            .chain([
                ("ALL", report.all),
                ("untyped", report.untyped),
                ("introduced", report.introduced),
            ])
            .map(|(k, c)| {
                let (p, r, f) = c.prf();
                (
                    k,
                    KindScore {
                        tp: c.tp,
                        fp: c.fp,
                        fn_: c.fn_,
                        p: round(p),
                        r: round(r),
                        f1: round(f),
                    },
                )
            })
            .collect();
        let role_accuracy =
            (report.roles.1 > 0).then(|| round(report.roles.0 as f64 / report.roles.1 as f64));
        let doc = JsonReport {
            papers: report.papers,
            kinds: Ordered(rows),
            role_accuracy,
        };
        serde_json::to_writer(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.table())?;
        for e in report.errors.iter().take(args.errors) {
            writeln!(out, "   {} {} {} {}", e.paper, e.what, e.kind, e.name)?;
        }
    }
    writeln!(out, "{}", report.summary_line())?;
    if args.thresholds {
        let rows: Vec<Threshold> = THRESHOLDS
            .iter()
            .map(|&t| {
                let kept = eval::at_confidence(&pred, t);
                let links = kept.iter().map(|p| p.entities.len()).sum();
                let (p, r, f1) = eval::score(&gold, &kept).all.prf();
                Threshold {
                    min_confidence: t,
                    links,
                    p,
                    r,
                    f1,
                }
            })
            .collect();
        if args.json {
            serde_json::to_writer(&mut out, &serde_json::json!({ "thresholds": rows }))?;
            writeln!(out)?;
        } else {
            writeln!(out, "\nmin-confidence  links       P       R      F1")?;
            for t in &rows {
                writeln!(
                    out,
                    "{:>14.1}{:>7}{:>8.3}{:>8.3}{:>8.3}",
                    t.min_confidence, t.links, t.p, t.r, t.f1
                )?;
            }
        }
    }
    if args.resolution {
        let res = eval::resolution(&gold, &pred);
        if args.json {
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({ "resolution": {
                    "links": res.links,
                    "entities": res.entities,
                    "split_entities": res.splits.len(),
                    "merged_nodes": res.merges.len(),
                    "p": res.precision,
                    "r": res.recall,
                    "f1": res.f1,
                }}),
            )?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "\n{} gold entities in >= 2 papers, {} matched links",
                res.entities, res.links
            )?;
            writeln!(
                out,
                "split over several nodes: {}; nodes holding several entities: {}",
                res.splits.len(),
                res.merges.len()
            )?;
            for s in res.splits.iter().take(args.errors) {
                let list: Vec<String> = s
                    .nodes
                    .iter()
                    .map(|(k, name, c)| format!("{k}:{name} x{c}"))
                    .collect();
                writeln!(
                    out,
                    "  split  {} ({} links): {}",
                    s.gold,
                    s.links,
                    list.join(", ")
                )?;
            }
            for m in res.merges.iter().take(args.errors) {
                let list: Vec<String> = m.golds.iter().map(|(g, c)| format!("{g} x{c}")).collect();
                writeln!(
                    out,
                    "  merged {}:{} ({} links): {}",
                    m.kind,
                    m.name,
                    m.links,
                    list.join(", ")
                )?;
            }
            writeln!(out, "B-cubed P {:.3} R {:.3}", res.precision, res.recall)?;
            writeln!(out, "resolution F1: {:.4}", res.f1)?;
        }
    }
    Ok(super::ExitStatus::Success)
}

/// The thresholds `--thresholds` reports.
const THRESHOLDS: [f64; 8] = [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

#[derive(serde::Serialize)]
struct Threshold {
    min_confidence: f64,
    links: usize,
    p: f64,
    r: f64,
    f1: f64,
}

#[derive(serde::Serialize)]
struct KindScore {
    tp: usize,
    fp: usize,
    #[serde(rename = "fn")]
    fn_: usize,
    p: f64,
    r: f64,
    f1: f64,
}

#[derive(serde::Serialize)]
struct JsonReport {
    papers: usize,
    kinds: Ordered,
    role_accuracy: Option<f64>,
}

/// A JSON object whose keys keep their order.
struct Ordered(Vec<(&'static str, KindScore)>);

impl serde::Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
