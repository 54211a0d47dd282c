//! Measuring extraction against gold links.
//!
//! This is the reference scorer (`shared/eval/score.py`) in Rust, rule for rule, so that
//! `paperkg eval` and the scorer print the same numbers: typed micro-F1 over (paper, entity)
//! links; a prediction matches a gold entity of the same paper when any of its names (name
//! and mentions) has the same key as any gold name or alias (NFKC, case-folded, `+` spelled
//! `plus`, other non-alphanumerics dropped, a trailing `s` dropped) and its kind is the gold
//! kind or one of its `alt_kinds`; matching is one-to-one, so a second prediction of an
//! already matched entity is a false positive; optional gold entities count neither way.

use crate::error::{Error, Result};
use crate::extract::{EntityKind, normalize::entity_key};
use serde::Deserialize;
use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;

/// One gold entity.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    /// Its kind.
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// Other names in this paper.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `introduced` or `used`.
    #[serde(default = "used")]
    pub role: String,
    /// Other acceptable kinds.
    #[serde(default)]
    pub alt_kinds: Vec<String>,
    /// Borderline: neither missed nor wrongly predicted.
    #[serde(default)]
    pub optional: bool,
}

fn used() -> String {
    "used".into()
}

/// One gold paper.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldPaper {
    /// The paper id.
    pub id: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Abstract.
    #[serde(default, rename = "abstract")]
    pub abstract_text: String,
    /// Gold entities.
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
}

impl GoldPaper {
    /// The paper as a reader would give it (its text cleaned as input is).
    pub fn paper(&self) -> crate::Paper {
        crate::Paper {
            id: self.id.clone(),
            title: crate::paper::clean_text(&self.title),
            abstract_text: crate::paper::clean_text(&self.abstract_text),
            year: None,
            authors: Vec::new(),
            url: None,
            source: Default::default(),
        }
    }
}

/// One predicted entity (the shape `paperkg extract` prints).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Predicted {
    /// Its kind.
    #[serde(default)]
    pub kind: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Surface forms seen.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// `introduced` or `used`, if given.
    #[serde(default)]
    pub role: Option<String>,
    /// How sure the extractor was, if it said.
    #[serde(default)]
    pub confidence: Option<f64>,
}

/// One paper's predictions.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct PredictedPaper {
    /// The paper id.
    pub id: serde_json::Value,
    /// Its entities.
    #[serde(default)]
    pub entities: Vec<Predicted>,
}

/// True positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Matched predictions.
    pub tp: usize,
    /// Unmatched or duplicate predictions.
    pub fp: usize,
    /// Missed gold entities.
    pub fn_: usize,
}

impl Counts {
    /// Precision, recall and F1 (0 where undefined).
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = if self.tp + self.fp > 0 {
            self.tp as f64 / (self.tp + self.fp) as f64
        } else {
            0.0
        };
        let r = if self.tp + self.fn_ > 0 {
            self.tp as f64 / (self.tp + self.fn_) as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }

    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// A scoring error for the error listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCase {
    /// Paper id.
    pub paper: String,
    /// `FP` or `FN`.
    pub what: &'static str,
    /// Kind.
    pub kind: String,
    /// Name.
    pub name: String,
}

/// The scores of a prediction set.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Number of gold papers.
    pub papers: usize,
    /// Per kind, in [`EntityKind::ALL`] order.
    pub kinds: Vec<(EntityKind, Counts)>,
    /// All kinds together (typed).
    pub all: Counts,
    /// Ignoring kinds.
    pub untyped: Counts,
    /// Introduced entities only, ignoring kinds.
    pub introduced: Counts,
    /// Correct roles among matched links, and matched links with a role.
    pub roles: (usize, usize),
    /// FPs and FNs in gold order.
    pub errors: Vec<ErrorCase>,
}

/// The scorer's key of a name (see the module docs).
pub fn score_key(name: &str) -> String {
    entity_key(name)
}

fn keys<'a>(names: impl IntoIterator<Item = &'a String>) -> HashSet<String> {
    names
        .into_iter()
        .map(|n| score_key(n))
        .filter(|k| !k.is_empty())
        .collect()
}

struct Match<'p> {
    tp: Vec<&'p Predicted>,
    fp: Vec<&'p Predicted>,
    fn_: Vec<usize>,
    matches: Vec<(&'p Predicted, usize)>,
}

fn match_paper<'p>(gold: &[&GoldEntity], pred: &[&'p Predicted], typed: bool) -> Match<'p> {
    let g: Vec<(HashSet<String>, Vec<&str>)> = gold
        .iter()
        .map(|e| {
            let names = keys(std::iter::once(&e.name).chain(&e.aliases));
            let kinds = std::iter::once(e.kind.as_str())
                .chain(e.alt_kinds.iter().map(String::as_str))
                .collect();
            (names, kinds)
        })
        .collect();
    let mut used = vec![false; g.len()];
    let mut out = Match {
        tp: vec![],
        fp: vec![],
        fn_: vec![],
        matches: vec![],
    };
    for p in pred {
        let pk = keys(std::iter::once(&p.name).chain(&p.mentions));
        let mut hit = None;
        for want_unused in [true, false] {
            hit = g.iter().enumerate().position(|(i, (gk, kinds))| {
                used[i] != want_unused
                    && !gk.is_disjoint(&pk)
                    && (!typed || kinds.contains(&p.kind.as_str()))
            });
            if hit.is_some() {
                break;
            }
        }
        match hit {
            None => out.fp.push(p),
            Some(i) if gold[i].optional => used[i] = true,
            Some(i) if used[i] => out.fp.push(p),
            Some(i) => {
                used[i] = true;
                out.tp.push(p);
                out.matches.push((p, i));
            }
        }
    }
    out.fn_ = (0..g.len())
        .filter(|&i| !used[i] && !gold[i].optional)
        .collect();
    out
}

/// The predictions at least `min` sure (a prediction without a confidence is certain).
pub fn at_confidence(pred: &[PredictedPaper], min: f64) -> Vec<PredictedPaper> {
    pred.iter()
        .map(|p| PredictedPaper {
            id: p.id.clone(),
            entities: p
                .entities
                .iter()
                .filter(|e| e.confidence.unwrap_or(1.0) >= min)
                .cloned()
                .collect(),
        })
        .collect()
}

/// What the scorer makes of each prediction of one paper, in order: `Some(true)` matched a
/// gold entity, `Some(false)` a false positive (unmatched, or a second match of one entity),
/// `None` matched an optional gold entity (counted neither way). Typed, as the scores are.
pub fn label(gold: &GoldPaper, pred: &[Predicted]) -> Vec<Option<bool>> {
    let gents: Vec<&GoldEntity> = gold.entities.iter().collect();
    let pents: Vec<&Predicted> = pred.iter().collect();
    let m = match_paper(&gents, &pents, true);
    pents
        .iter()
        .map(|p| {
            if m.tp.iter().any(|t| std::ptr::eq(*t, *p)) {
                Some(true)
            } else if m.fp.iter().any(|f| std::ptr::eq(*f, *p)) {
                Some(false)
            } else {
                None
            }
        })
        .collect()
}

/// Scores predictions against gold. Papers missing from `pred` predict nothing; predicted
/// papers not in the gold are ignored.
pub fn score(gold: &[GoldPaper], pred: &[PredictedPaper]) -> Report {
    let by_id: std::collections::HashMap<String, &PredictedPaper> =
        pred.iter().map(|p| (id_string(&p.id), p)).collect();
    let mut per: Vec<(EntityKind, Counts)> = EntityKind::ALL
        .iter()
        .map(|&k| (k, Counts::default()))
        .collect();
    let mut report = Report {
        papers: gold.len(),
        ..Report::default()
    };
    for g in gold {
        let pents: Vec<&Predicted> = by_id
            .get(&g.id)
            .map_or(Vec::new(), |p| p.entities.iter().collect());
        let gents: Vec<&GoldEntity> = g.entities.iter().collect();
        let m = match_paper(&gents, &pents, true);
        let slot = |per: &mut Vec<(EntityKind, Counts)>, kind: &str| {
            EntityKind::parse(kind).map(|k| {
                per.iter_mut()
                    .position(|(x, _)| *x == k)
                    .expect("all kinds")
            })
        };
        for p in &m.tp {
            if let Some(i) = slot(&mut per, &p.kind) {
                per[i].1.tp += 1;
            }
        }
        for p in &m.fp {
            if let Some(i) = slot(&mut per, &p.kind) {
                per[i].1.fp += 1;
            }
        }
        for &i in &m.fn_ {
            if let Some(s) = slot(&mut per, &gents[i].kind) {
                per[s].1.fn_ += 1;
            }
        }
        for (p, i) in &m.matches {
            if let Some(role) = &p.role {
                report.roles.1 += 1;
                if *role == gents[*i].role {
                    report.roles.0 += 1;
                }
            }
        }
        let gi: Vec<&GoldEntity> = gents
            .iter()
            .copied()
            .filter(|e| e.role == "introduced")
            .collect();
        let pi: Vec<&Predicted> = pents
            .iter()
            .copied()
            .filter(|p| p.role.as_deref() == Some("introduced"))
            .collect();
        let im = match_paper(&gi, &pi, false);
        report.introduced.add(Counts {
            tp: im.tp.len(),
            fp: im.fp.len(),
            fn_: im.fn_.len(),
        });
        let um = match_paper(&gents, &pents, false);
        report.untyped.add(Counts {
            tp: um.tp.len(),
            fp: um.fp.len(),
            fn_: um.fn_.len(),
        });
        for p in &m.fp {
            report.errors.push(ErrorCase {
                paper: g.id.clone(),
                what: "FP",
                kind: p.kind.clone(),
                name: p.name.clone(),
            });
        }
        for &i in &m.fn_ {
            report.errors.push(ErrorCase {
                paper: g.id.clone(),
                what: "FN",
                kind: gents[i].kind.clone(),
                name: gents[i].name.clone(),
            });
        }
    }
    for (_, c) in &per {
        report.all.add(*c);
    }
    report.kinds = per;
    report
}

fn id_string(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Report {
    /// The report as the reference scorer prints it (without the error listing).
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<10}{:>6}{:>6}{:>6}{:>8}{:>8}{:>8}\n",
            "kind", "tp", "fp", "fn", "P", "R", "F1"
        );
        let rows = self.kinds.iter().map(|(k, c)| (k.as_str(), *c)).chain([
            ("ALL", self.all),
            ("untyped", self.untyped),
            ("introduced", self.introduced),
        ]);
        for (name, c) in rows {
            let (p, r, f) = c.prf();
            out.push_str(&format!(
                "{name:<10}{:>6}{:>6}{:>6}{p:>8.3}{r:>8.3}{f:>8.3}\n",
                c.tp, c.fp, c.fn_
            ));
        }
        if self.roles.1 > 0 {
            out.push_str(&format!(
                "role accuracy on matched links: {:.3} ({} links)\n",
                self.roles.0 as f64 / self.roles.1 as f64,
                self.roles.1
            ));
        }
        out
    }

    /// The last line the reference scorer prints.
    pub fn summary_line(&self) -> String {
        format!("typed micro F1: {:.4}", self.all.prf().2)
    }
}

/// Extracts the gold papers' own titles and abstracts and returns the predictions in the
/// shape the scorer reads.
pub fn predict(gold: &[GoldPaper], extractors: &crate::Extractors) -> Vec<PredictedPaper> {
    predict_with(gold, extractors, None).expect("no thesaurus, no error")
}

/// Like [`predict`], with the user's thesaurus applied to the resolution across the gold
/// papers (as `paperkg extract --thesaurus` does).
pub fn predict_with(
    gold: &[GoldPaper],
    extractors: &crate::Extractors,
    thesaurus: Option<&crate::thesaurus::Thesaurus>,
) -> Result<Vec<PredictedPaper>> {
    let papers: Vec<crate::Paper> = gold.iter().map(GoldPaper::paper).collect();
    let links: Vec<Vec<crate::extract::EntityLink>> =
        papers.iter().map(|p| extractors.extract(p)).collect();
    // Entities named as the graph names its nodes, as `paperkg extract` prints them.
    let resolved = crate::graph::resolve_links(&papers, links, thesaurus)?;
    Ok(gold
        .iter()
        .zip(resolved)
        .map(|(g, links)| PredictedPaper {
            id: serde_json::Value::String(g.id.clone()),
            entities: links
                .into_iter()
                .map(|l| Predicted {
                    kind: l.kind.as_str().to_owned(),
                    name: l.name,
                    mentions: l.mentions,
                    role: Some(l.role.as_str().to_owned()),
                    confidence: Some(l.confidence.value()),
                })
                .collect(),
        })
        .collect())
}

/// How well entities are resolved across papers: B-cubed over the links matched to gold
/// entities, as the reference `resolution.py` computes it (one node per real entity).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    /// Gold entities linked from at least two papers.
    pub entities: usize,
    /// Matched links of those entities.
    pub links: usize,
    /// B-cubed precision (low: different entities share a node), rounded to 4 places.
    pub precision: f64,
    /// B-cubed recall (low: one entity is split over nodes), rounded to 4 places.
    pub recall: f64,
    /// B-cubed F1, rounded to 4 places.
    pub f1: f64,
    /// Gold entities split over several nodes, most links first.
    pub splits: Vec<Split>,
    /// Nodes holding several gold entities, most links first.
    pub merges: Vec<MergedNode>,
}

/// A gold entity whose links went to several nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// The gold entity's key.
    pub gold: String,
    /// Its matched links.
    pub links: usize,
    /// The nodes they went to: (kind, name, links), most first.
    pub nodes: Vec<(String, String, usize)>,
}

/// A node whose links belong to several gold entities.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedNode {
    /// The node's kind.
    pub kind: String,
    /// The node's name.
    pub name: String,
    /// Its matched links.
    pub links: usize,
    /// The gold entities: (key, links), most first.
    pub golds: Vec<(String, usize)>,
}

/// Scores resolution across papers: each paper's predictions are matched to its gold
/// entities (untyped, optional ones included, the first unmatched gold entity sharing a key),
/// a gold entity's identity is the key of its canonical name and a node's is its (kind,
/// name); B-cubed over the gold entities linked from two papers or more.
pub fn resolution(gold: &[GoldPaper], pred: &[PredictedPaper]) -> Resolution {
    let by_id: std::collections::HashMap<String, &PredictedPaper> =
        pred.iter().map(|p| (id_string(&p.id), p)).collect();
    // (paper, gold key, node)
    let mut links: Vec<(usize, String, (String, String))> = Vec::new();
    for (pi, g) in gold.iter().enumerate() {
        let gents: Vec<(HashSet<String>, String)> = g
            .entities
            .iter()
            .map(|e| {
                (
                    keys(std::iter::once(&e.name).chain(&e.aliases)),
                    score_key(&e.name),
                )
            })
            .collect();
        let mut used = vec![false; gents.len()];
        for p in by_id.get(&g.id).map_or(&[][..], |p| &p.entities[..]) {
            let pk = keys(std::iter::once(&p.name).chain(&p.mentions));
            if let Some(i) = (0..gents.len()).find(|&i| !used[i] && !pk.is_disjoint(&gents[i].0)) {
                used[i] = true;
                links.push((pi, gents[i].1.clone(), (p.kind.clone(), p.name.clone())));
            }
        }
    }
    // Only gold entities of two papers or more.
    let mut papers_of: std::collections::HashMap<&str, HashSet<usize>> = Default::default();
    for (p, gk, _) in &links {
        papers_of.entry(gk.as_str()).or_default().insert(*p);
    }
    let keep: Vec<usize> = (0..links.len())
        .filter(|&i| papers_of[links[i].1.as_str()].len() >= 2)
        .collect();
    let links: Vec<&(usize, String, (String, String))> = keep.iter().map(|&i| &links[i]).collect();
    let mut by_gold: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let mut by_node: std::collections::BTreeMap<&(String, String), Vec<usize>> = Default::default();
    for (i, (_, gk, node)) in links.iter().enumerate() {
        by_gold.entry(gk.as_str()).or_default().push(i);
        by_node.entry(node).or_default().push(i);
    }
    let (mut p, mut r) = (0.0, 0.0);
    for (_, gk, node) in &links {
        let in_node = &by_node[node];
        let same = in_node.iter().filter(|&&j| links[j].1 == *gk).count() as f64;
        p += same / in_node.len() as f64;
        r += same / by_gold[gk.as_str()].len() as f64;
    }
    let n = links.len();
    let (p, r) = if n > 0 {
        (p / n as f64, r / n as f64)
    } else {
        (0.0, 0.0)
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let count_by = |idxs: &[usize], f: &dyn Fn(usize) -> String| {
        let mut c: std::collections::BTreeMap<String, usize> = Default::default();
        for &i in idxs {
            *c.entry(f(i)).or_default() += 1;
        }
        let mut v: Vec<(String, usize)> = c.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    let mut splits = Vec::new();
    for (gk, idxs) in &by_gold {
        let nodes = count_by(idxs, &|i| format!("{}\t{}", links[i].2.0, links[i].2.1));
        if nodes.len() > 1 {
            let nodes = nodes
                .into_iter()
                .map(|(k, c)| {
                    let (kind, name) = k.split_once('\t').expect("joined above");
                    (kind.to_owned(), name.to_owned(), c)
                })
                .collect();
            splits.push(Split {
                gold: (*gk).to_owned(),
                links: idxs.len(),
                nodes,
            });
        }
    }
    splits.sort_by(|a, b| b.links.cmp(&a.links).then_with(|| b.gold.cmp(&a.gold)));
    let mut merges = Vec::new();
    for (node, idxs) in &by_node {
        let golds = count_by(idxs, &|i| links[i].1.clone());
        if golds.len() > 1 {
            merges.push(MergedNode {
                kind: node.0.clone(),
                name: node.1.clone(),
                links: idxs.len(),
                golds,
            });
        }
    }
    merges.sort_by(|a, b| {
        b.links
            .cmp(&a.links)
            .then_with(|| (&b.kind, &b.name).cmp(&(&a.kind, &a.name)))
    });
    Resolution {
        entities: by_gold.len(),
        links: n,
        precision: round(p),
        recall: round(r),
        f1: round(f),
        splits,
        merges,
    }
}

/// Reads a JSON Lines file of gold papers or predictions; blank lines are skipped and a bad
/// line is an error naming it.
pub fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let file = std::fs::File::open(path).map_err(|e| Error::open(path, e))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).map_err(|e| Error::Format {
            path: path.to_path_buf(),
            message: format!("line {}: {e}", n + 1),
        })?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(json: &str) -> GoldPaper {
        serde_json::from_str(json).unwrap()
    }

    fn pred(json: &str) -> PredictedPaper {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn duplicates_optional_alt_kinds_and_introduced() {
        let g = [gold(
            r#"{"id":"p","entities":[
                {"kind":"method","name":"knowledge distillation","aliases":["KD"]},
                {"kind":"method","name":"Co4","aliases":["Co^4"],"role":"introduced","alt_kinds":["model"]},
                {"kind":"method","name":"large language model","aliases":["LLM"],"optional":true},
                {"kind":"dataset","name":"BabyLM"}]}"#,
        )];
        let p = [pred(
            r#"{"id":"p","entities":[
                {"kind":"method","name":"KD","mentions":["KD"],"role":"used"},
                {"kind":"method","name":"knowledge distillation","role":"used"},
                {"kind":"model","name":"Co$^4$","mentions":["Co^4"],"role":"introduced"},
                {"kind":"method","name":"LLMs","role":"used"},
                {"kind":"metric","name":"BLEU","role":"used"}]}"#,
        )];
        let r = score(&g, &p);
        // KD: tp; second KD: duplicate fp; Co4 via alt kind: tp; LLM optional: ignored;
        // BLEU: fp; BabyLM: fn.
        assert_eq!(
            r.all,
            Counts {
                tp: 2,
                fp: 2,
                fn_: 1
            }
        );
        assert_eq!(
            r.introduced,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(r.roles, (2, 2));
        assert_eq!(r.summary_line(), "typed micro F1: 0.5714");
    }

    #[test]
    fn missing_papers_predict_nothing() {
        let g = [gold(
            r#"{"id":"p","entities":[{"kind":"task","name":"object detection"}]}"#,
        )];
        let r = score(&g, &[]);
        assert_eq!(
            r.all,
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
    }
}
