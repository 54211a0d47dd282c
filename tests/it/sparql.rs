//! Every saved query in queries/ runs on the sample graph and gives real, non-empty answers.

use super::util::{build_sample, paperkg};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn query_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("queries")
        .join(name)
}

fn run(graph: &Path, name: &str, params: &[&str]) -> Vec<Value> {
    let mut cmd = paperkg();
    cmd.arg("sparql")
        .arg(graph)
        .arg(query_file(name))
        .arg("--json");
    for p in params {
        cmd.args(["--param", p]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap().clone();
    assert!(!rows.is_empty(), "{name} {params:?}: no rows");
    rows
}

#[test]
fn saved_queries_answer_on_the_sample_graph() {
    let dir = build_sample(&["--format", "json"]);
    let g = dir.path().join("graph.json");

    let shared = run(&g, "shared-datasets.rq", &[]);
    assert_eq!(shared[0]["dataset"], "ImageNet");
    assert!(shared[0]["papers"].as_i64().unwrap() >= shared[1]["papers"].as_i64().unwrap());

    let sharing = run(&g, "papers-sharing-dataset-and-method.rq", &[]);
    assert!(
        sharing
            .iter()
            .all(|r| r["datasets"].as_str().unwrap().contains("ImageNet"))
    );
    assert!(
        sharing
            .iter()
            .all(|r| !r["methods"].as_str().unwrap().is_empty())
    );

    let with_imagenet = run(&g, "methods-with-dataset.rq", &[]);
    let with_cifar = run(&g, "methods-with-dataset.rq", &["dataset=cifar-10"]);
    assert_ne!(
        with_imagenet, with_cifar,
        "the parameter changes the answer"
    );

    let introduced = run(&g, "models-introduced-and-evaluated-on.rq", &[]);
    assert!(introduced.iter().all(|r| r["benchmarkName"] == "ImageNet"));

    let pairs = run(&g, "co-used-method-pairs.rq", &[]);
    assert!(pairs.iter().all(|r| r["papers"].as_i64().unwrap() >= 2));

    let aliases = run(&g, "entity-aliases.rq", &["entity=ImageNet-1k"]);
    assert_eq!(aliases[0]["name"], "ImageNet");
    assert!(aliases.len() >= 2, "{aliases:?}");
}

#[test]
fn unknown_parameters_are_an_error() {
    let dir = build_sample(&["--format", "json"]);
    paperkg()
        .arg("sparql")
        .arg(dir.path().join("graph.json"))
        .arg(query_file("shared-datasets.rq"))
        .args(["--param", "nope=1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no parameter \"nope\""));
}

#[test]
fn every_saved_query_says_what_it_answers() {
    for entry in std::fs::read_dir(query_file("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rq") {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut lines = text.lines();
            assert!(
                lines.next().unwrap().starts_with("# "),
                "{}",
                path.display()
            );
            assert!(
                lines.next().unwrap().starts_with("# Parameters:"),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn hostile_titles_come_back_exactly_through_rdf() {
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile.jsonl");
    let dir = tempfile::tempdir().unwrap();
    paperkg()
        .arg("build")
        .arg(&hostile)
        .args(["--format", "json,turtle,ntriples", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let q = dir.path().join("titles.rq");
    std::fs::write(
        &q,
        "PREFIX dcterms: <http://purl.org/dc/terms/>\nSELECT ?t WHERE { ?p dcterms:title ?t } ORDER BY ?t\n",
    )
    .unwrap();
    let out = paperkg()
        .arg("sparql")
        .arg(dir.path().join("graph.json"))
        .arg(&q)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut got: Vec<String> = rows
        .iter()
        .map(|r| r["t"].as_str().unwrap().to_owned())
        .collect();
    let graph = paperkg::export::json::read_path(&dir.path().join("graph.json")).unwrap();
    let mut want: Vec<String> = graph
        .nodes()
        .filter(|(_, n)| n.paper().is_some())
        .map(|(_, n)| n.label().to_owned())
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert!(dir.path().join("graph.ttl").is_file() && dir.path().join("graph.nt").is_file());
}
