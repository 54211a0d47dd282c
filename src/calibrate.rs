//! Fitting and checking the confidence model ([`crate::extract::confidence`]) on gold links.
//!
//! Every link the extractor proposes for the gold papers, with no confidence threshold, is
//! labelled by the reference scorer's rules ([`crate::eval::label`]: right, wrong, or matching
//! an optional gold entity, which is left out). A logistic model with an L2 penalty is fitted
//! on the link facts by Newton's method. Cross-validation by paper gives every link a
//! confidence from a model fitted without its paper ([`Calibration::out_of_fold`]): the
//! honest numbers (reliability, P/R/F1 by threshold) come from those. The shipped model is
//! the one fitted on all papers ([`Calibration::scorer`]).
//!
//! `examples/train_confidence.rs` prints the report and writes `src/extract/confidence.tsv`;
//! a test checks that the shipped file is what fitting gives today.

use crate::Extractors;
use crate::eval::{self, GoldPaper, Predicted, PredictedPaper};
use crate::extract::confidence::{self, Scorer};

/// The L2 penalties tried; the one with the best out-of-fold log-loss is used.
pub const PENALTIES: [f64; 5] = [0.3, 1.0, 3.0, 10.0, 30.0];
/// Cross-validation folds.
pub const FOLDS: usize = 5;
/// A threshold must beat no threshold by this much mean F1 to become the default: a smaller
/// gain is noise on a few hundred papers and would only cost recall elsewhere.
pub const THRESHOLD_MARGIN: f64 = 0.002;

/// One candidate link.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Which gold set, and which paper in it.
    pub set: usize,
    /// The paper's index in its set.
    pub paper: usize,
    /// The link's features ([`confidence::features`]).
    pub x: Vec<f64>,
    /// Right or wrong; `None` for links matching an optional gold entity.
    pub y: Option<bool>,
    /// The link as `paperkg extract` prints it.
    pub pred: Predicted,
}

/// The labelled candidate links of gold sets, extracted with every link kept.
pub fn samples(sets: &[Vec<GoldPaper>], extractors: &Extractors) -> Vec<Sample> {
    let mut out = Vec::new();
    for (set, gold) in sets.iter().enumerate() {
        for (paper, g) in gold.iter().enumerate() {
            let links = extractors.extract(&g.paper());
            let preds: Vec<Predicted> = links
                .iter()
                .map(|l| Predicted {
                    kind: l.kind.as_str().to_owned(),
                    name: l.name.clone(),
                    mentions: l.mentions.clone(),
                    role: Some(l.role.as_str().to_owned()),
                    confidence: None,
                })
                .collect();
            let labels = eval::label(g, &preds);
            for ((link, pred), y) in links.iter().zip(preds).zip(labels) {
                let Some(facts) = link.facts.as_ref() else {
                    continue;
                };
                out.push(Sample {
                    set,
                    paper,
                    x: confidence::features(facts)
                        .into_iter()
                        .map(f64::from)
                        .collect(),
                    y,
                    pred,
                });
            }
        }
    }
    out
}

/// The fold of a sample: fixed, by paper, after a multiplicative hash so that neighbouring
/// papers spread over folds.
pub fn fold(s: &Sample) -> usize {
    ((s.paper as u64 * 0x9e37_79b9 + s.set as u64) % 1_000_003) as usize % FOLDS
}

/// Precision, recall and F1.
pub type Prf = (f64, f64, f64);

/// What fitting on gold sets gives.
#[derive(Debug, Clone)]
pub struct Calibration {
    /// The labelled candidate links.
    pub samples: Vec<Sample>,
    /// Out-of-fold log-loss for each penalty of [`PENALTIES`].
    pub losses: Vec<(f64, f64)>,
    /// The chosen L2 penalty.
    pub penalty: f64,
    /// Each sample's confidence from the model fitted without its paper's fold.
    pub out_of_fold: Vec<f64>,
    /// Typed micro P/R/F1 of each set by threshold, from the out-of-fold confidences.
    pub by_threshold: Vec<(f64, Vec<Prf>)>,
    /// The default threshold (see [`THRESHOLD_MARGIN`]).
    pub threshold: f64,
    /// The model fitted on every sample, with that threshold.
    pub scorer: Scorer,
}

/// Fits the model on gold sets (labelled through `extractors`, which must keep every link)
/// and measures it by cross-validation.
pub fn calibrate(sets: &[Vec<GoldPaper>], extractors: &Extractors) -> Calibration {
    let samples = samples(sets, extractors);
    let mut losses = Vec::new();
    let mut best: Option<(f64, f64, Vec<f64>)> = None;
    for penalty in PENALTIES {
        let oof = out_of_fold(&samples, penalty);
        let loss = log_loss(&samples, &oof);
        losses.push((penalty, loss));
        if best.as_ref().is_none_or(|b| loss < b.0) {
            best = Some((loss, penalty, oof));
        }
    }
    let (_, penalty, out_of_fold) = best.expect("penalties tried");
    let by_threshold: Vec<(f64, Vec<Prf>)> = (0..=19)
        .map(|i| {
            let t = f64::from(i) * 0.05;
            let scores = sets
                .iter()
                .enumerate()
                .map(|(set, gold)| {
                    let mut pred: Vec<PredictedPaper> = gold
                        .iter()
                        .map(|g| PredictedPaper {
                            id: serde_json::Value::String(g.id.clone()),
                            entities: Vec::new(),
                        })
                        .collect();
                    for (s, &p) in samples.iter().zip(&out_of_fold) {
                        if s.set == set && p >= t {
                            pred[s.paper].entities.push(s.pred.clone());
                        }
                    }
                    eval::score(gold, &pred).all.prf()
                })
                .collect();
            (t, scores)
        })
        .collect();
    let mean =
        |scores: &[Prf]| scores.iter().map(|s| s.2).sum::<f64>() / scores.len().max(1) as f64;
    let best_mean = by_threshold
        .iter()
        .map(|(_, s)| mean(s))
        .fold(f64::MIN, f64::max);
    let threshold = by_threshold
        .iter()
        .find(|(_, s)| mean(s) >= best_mean - THRESHOLD_MARGIN)
        .map_or(0.0, |(t, _)| *t);
    let all: Vec<&Sample> = samples.iter().collect();
    let weights = fit(&all, penalty);
    let scorer = Scorer::new(
        weights.iter().map(|&w| w as f32).collect(),
        threshold as f32,
    );
    Calibration {
        samples,
        losses,
        penalty,
        out_of_fold,
        by_threshold,
        threshold,
        scorer,
    }
}

impl Calibration {
    /// Reliability bins of width 0.1 over the out-of-fold confidences of labelled links:
    /// (lower bound, links, mean confidence, share right). Empty bins are left out.
    pub fn reliability(&self) -> Vec<(f64, usize, f64, f64)> {
        let mut out = Vec::new();
        for b in 0..10 {
            let (lo, hi) = (f64::from(b) / 10.0, f64::from(b + 1) / 10.0);
            let in_bin: Vec<(f64, bool)> = self
                .samples
                .iter()
                .zip(&self.out_of_fold)
                .filter_map(|(s, &p)| s.y.map(|y| (p, y)))
                .filter(|&(p, _)| p >= lo && (p < hi || b == 9))
                .collect();
            if in_bin.is_empty() {
                continue;
            }
            let n = in_bin.len() as f64;
            let mean = in_bin.iter().map(|x| x.0).sum::<f64>() / n;
            let right = in_bin.iter().filter(|x| x.1).count() as f64 / n;
            out.push((lo, in_bin.len(), mean, right));
        }
        out
    }

    /// Expected calibration error: the links-weighted mean gap between mean confidence and
    /// share right over the reliability bins.
    pub fn expected_calibration_error(&self) -> f64 {
        let bins = self.reliability();
        let total: usize = bins.iter().map(|b| b.1).sum();
        bins.iter()
            .map(|&(_, n, mean, right)| n as f64 * (mean - right).abs())
            .sum::<f64>()
            / total.max(1) as f64
    }
}

/// Out-of-fold confidences: each sample scored by a model fitted on the other folds.
fn out_of_fold(samples: &[Sample], penalty: f64) -> Vec<f64> {
    let mut oof = vec![0.0; samples.len()];
    for k in 0..FOLDS {
        let train: Vec<&Sample> = samples.iter().filter(|s| fold(s) != k).collect();
        let w = fit(&train, penalty);
        for (i, s) in samples.iter().enumerate() {
            if fold(s) == k {
                oof[i] = sigmoid(dot(&w, &s.x));
            }
        }
    }
    oof
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn log_loss(samples: &[Sample], p: &[f64]) -> f64 {
    let mut sum = 0.0;
    let mut n = 0.0;
    for (s, &p) in samples.iter().zip(p) {
        if let Some(y) = s.y {
            let p = p.clamp(1e-6, 1.0 - 1e-6);
            sum -= if y { p.ln() } else { (1.0 - p).ln() };
            n += 1.0;
        }
    }
    sum / f64::max(n, 1.0)
}

/// L2-penalised logistic regression by Newton's method (the bias is not penalised).
pub fn fit(samples: &[&Sample], penalty: f64) -> Vec<f64> {
    let d = samples.first().map_or(0, |s| s.x.len());
    let mut w = vec![0.0; d];
    for _ in 0..50 {
        let mut grad = vec![0.0; d];
        let mut hess = vec![vec![0.0; d]; d];
        for s in samples {
            let Some(y) = s.y else { continue };
            let p = sigmoid(dot(&w, &s.x));
            let r = p - if y { 1.0 } else { 0.0 };
            let v = p * (1.0 - p);
            for (i, &xi) in s.x.iter().enumerate() {
                if xi == 0.0 {
                    continue;
                }
                grad[i] += r * xi;
                for (h, &xj) in hess[i].iter_mut().zip(&s.x) {
                    if xj != 0.0 {
                        *h += v * xi * xj;
                    }
                }
            }
        }
        for i in 1..d {
            grad[i] += penalty * w[i];
            hess[i][i] += penalty;
        }
        // A feature no sample has: keep the system solvable.
        for (i, row) in hess.iter_mut().enumerate() {
            row[i] += 1e-9;
        }
        let step = solve(hess, grad);
        let mut change: f64 = 0.0;
        for i in 0..d {
            w[i] -= step[i];
            change = change.max(step[i].abs());
        }
        if change < 1e-8 {
            break;
        }
    }
    w
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for c in 0..n {
        let p = (c..n)
            .max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))
            .expect("rows left");
        a.swap(c, p);
        b.swap(c, p);
        let pivot = a[c][c];
        for r in c + 1..n {
            let f = a[r][c] / pivot;
            if f != 0.0 {
                let (top, bottom) = a.split_at_mut(r);
                for (x, &p) in bottom[0][c..].iter_mut().zip(&top[c][c..]) {
                    *x -= f * p;
                }
                b[r] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        let s: f64 = (r + 1..n).map(|k| a[r][k] * x[k]).sum();
        x[r] = (b[r] - s) / a[r][r];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(x: Vec<f64>, y: bool) -> Sample {
        Sample {
            set: 0,
            paper: 0,
            x,
            y: Some(y),
            pred: Predicted {
                kind: "model".into(),
                name: "x".into(),
                mentions: vec![],
                role: None,
                confidence: None,
            },
        }
    }

    #[test]
    fn the_fit_recovers_a_separating_feature() {
        // bias, feature: the feature on means right 9 times in 10, off right 1 in 10.
        let mut samples = Vec::new();
        for i in 0..100 {
            samples.push(sample(vec![1.0, 1.0], i % 10 != 0));
            samples.push(sample(vec![1.0, 0.0], i % 10 == 0));
        }
        let refs: Vec<&Sample> = samples.iter().collect();
        let w = fit(&refs, 0.0);
        let p_on = sigmoid(w[0] + w[1]);
        let p_off = sigmoid(w[0]);
        assert!((p_on - 0.9).abs() < 1e-3, "{p_on}");
        assert!((p_off - 0.1).abs() < 1e-3, "{p_off}");
    }

    #[test]
    fn solve_solves() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]);
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
    }
}
