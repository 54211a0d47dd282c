//! The HTML explorer (`--format html`) driven in headless Chromium by tests/explorer.js, as a
//! person uses it: it loads with no console error and no network request, searching
//! "ImageNet" and pressing Enter lists its papers, clicking a paper lists its entities, the
//! URL fragment brings a selection back, the kind filter hides nodes, and a hostile title is
//! shown as text and runs nothing.

use super::util::{build_sample, missing_with, paperkg, read_json};
use serde_json::Value;
use std::path::Path;

/// `node tests/explorer.js ARGS`, its JSON answer; `None` (skipped) without Node.js,
/// puppeteer-core or Chromium.
fn drive(args: &[&str]) -> Option<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let node_path = root.join("target/npm/node_modules");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = Path::new(&chromium).exists()
        && std::process::Command::new("node")
            .env("NODE_PATH", &node_path)
            .args(["-e", "require('puppeteer-core')"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready
        && !missing_with(
            "Chromium with Node.js and puppeteer-core (target/npm)",
            "`bash .ci/setup` installs them",
        )
    {
        return None;
    }
    let out = std::process::Command::new("node")
        .env("NODE_PATH", &node_path)
        .arg(root.join("tests/explorer.js"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "explorer.js {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn the_explorer_searches_selects_and_filters_the_sample_graph() {
    let dir = build_sample(&["--format", "json,html"]);
    let html = dir.path().join("graph.html");
    let Some(seen) = drive(&["check", html.to_str().unwrap(), "ImageNet"]) else {
        return;
    };
    let graph = read_json(&dir.path().join("graph.json"));
    let nodes = graph["nodes"].as_array().unwrap();
    let imagenet = nodes
        .iter()
        .find(|n| n["id"] == "dataset:imagenet")
        .expect("the sample graph has ImageNet");
    let entities = nodes.iter().filter(|n| n["kind"] != "paper").count();

    assert_eq!(seen["errors"], serde_json::json!([]), "{seen}");
    assert_eq!(seen["requests"], serde_json::json!([]), "{seen}");
    assert_eq!(seen["drawn"].as_u64().unwrap() as usize, nodes.len());
    assert!(seen["inkedPixels"].as_u64().unwrap() > 5_000, "{seen}");
    // Search + Enter selects ImageNet and lists every paper using it.
    assert_eq!(seen["entity"]["heading"], "ImageNet");
    assert_eq!(seen["selected"], "dataset:imagenet");
    let listed: u64 = seen["entity"]["lists"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(listed, imagenet["papers"].as_u64().unwrap(), "{seen}");
    assert_eq!(seen["hashAfterEntity"], "#e=dataset%3Aimagenet");
    // Clicking a paper lists its entities and related papers.
    assert_eq!(seen["paper"]["showing"], "paper");
    assert!(
        seen["paper"]["lists"]["entities"].as_u64().unwrap() >= 1,
        "{seen}"
    );
    assert!(seen["hashAfterPaper"].as_str().unwrap().starts_with("#p="));
    // The fragment brings the entity back.
    assert_eq!(seen["fromHash"], seen["entity"]);
    // Shift+Enter on COCO: the papers that use both, as graph.json has them.
    let papers_of = |id: &str| -> std::collections::BTreeSet<String> {
        graph["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["target"] == id)
            .map(|e| e["source"].as_str().unwrap().to_owned())
            .collect()
    };
    let both = papers_of("dataset:imagenet")
        .intersection(&papers_of("dataset:coco"))
        .count();
    assert!(both > 0, "the sample has papers using ImageNet and COCO");
    assert_eq!(
        seen["shared"]["lists"]["both"].as_u64().unwrap() as usize,
        both,
        "{seen}"
    );
    assert_eq!(
        seen["hashAfterShared"],
        "#e=dataset%3Aimagenet&and=dataset%3Acoco"
    );
    // Unticking "paper" hides exactly the papers.
    assert_eq!(
        seen["visibleBefore"].as_u64().unwrap() as usize,
        nodes.len()
    );
    assert_eq!(
        seen["visibleWithoutPapers"].as_u64().unwrap() as usize,
        entities
    );
}

/// Past the size bound the page draws an overview of the most used entities, and a paper
/// selected from a list is drawn on demand with its entities.
#[test]
fn a_large_graph_opens_as_an_overview_and_draws_papers_on_demand() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    let mut text = String::new();
    for i in 0..3_000 {
        text.push_str(&serde_json::json!({
            "id": format!("s{i}"),
            "title": format!("Study {i} of a model"),
            "abstract": format!("We propose Zeta{i}Net, a model trained on ImageNet and evaluated with accuracy. We compare it with BERT and ResNet-50 on COCO."),
        }).to_string());
        text.push('\n');
    }
    std::fs::write(&input, text).unwrap();
    paperkg()
        .arg("build")
        .arg(&input)
        .args(["--format", "json,html", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let graph = read_json(&dir.path().join("graph.json"));
    let nodes = graph["nodes"].as_array().unwrap().len();
    assert!(nodes > paperkg::export::html::FULL_NODES, "{nodes} nodes");
    let html = dir.path().join("graph.html");
    let Some(seen) = drive(&["check", html.to_str().unwrap(), "ImageNet"]) else {
        return;
    };
    assert_eq!(seen["errors"], serde_json::json!([]), "{seen}");
    assert_eq!(seen["requests"], serde_json::json!([]), "{seen}");
    assert!(
        seen["status"].as_str().unwrap().contains("overview"),
        "{seen}"
    );
    let drawn = seen["drawn"].as_u64().unwrap() as usize;
    assert!(
        drawn <= paperkg::export::html::OVERVIEW_ENTITIES && drawn < nodes,
        "{seen}"
    );
    assert_eq!(seen["entity"]["heading"], "ImageNet");
    // The paper clicked in ImageNet's list is drawn, with its entities listed.
    assert_eq!(seen["paper"]["showing"], "paper");
    assert!(
        seen["paper"]["lists"]["entities"].as_u64().unwrap() >= 3,
        "{seen}"
    );
    assert_eq!(
        seen["drawnAfterPaper"].as_u64().unwrap() as usize,
        drawn + 1,
        "{seen}"
    );
}

#[test]
fn hostile_titles_are_shown_as_text_and_run_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hostile.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id":"x1","title":"<img src=x onerror=alert(1)> on ImageNet","abstract":"We train BERT <b>bold</b> </script><script>window.__pwned=true</script> on ImageNet."}"#,
            "\n",
            r#"{"id":"x2","title":"</script><script>alert(2)</script> & friends","abstract":"We fine-tune BERT on SQuAD and report F1 <!-- comment -->."}"#,
            "\n"
        ),
    )
    .unwrap();
    paperkg()
        .arg("build")
        .arg(&input)
        .args(["--format", "html", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let html = dir.path().join("graph.html");
    let Some(seen) = drive(&["hostile", html.to_str().unwrap(), "img src"]) else {
        return;
    };
    assert_eq!(
        seen["heading"], "<img src=x onerror=alert(1)> on ImageNet",
        "{seen}"
    );
    assert_eq!(seen["images"], 0, "{seen}");
    assert_eq!(
        seen["scripts"], 2,
        "only the page's own two script elements: {seen}"
    );
    assert_eq!(seen["dialogs"], serde_json::json!([]), "{seen}");
    assert_eq!(seen["flag"], false, "{seen}");
    assert_eq!(seen["errors"], serde_json::json!([]), "{seen}");
    assert_eq!(seen["requests"], serde_json::json!([]), "{seen}");
    let text = seen["resultsText"].as_str().unwrap();
    assert!(
        text.contains("<b>bold</b>"),
        "evidence shown as text: {text}"
    );
}
