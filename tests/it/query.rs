//! `paperkg query` and `paperkg project` on the sample graph: each question answers with
//! real, non-empty results in all three output styles.

use super::util::{build_sample, paperkg};
use std::path::Path;

fn query(graph: &Path, args: &[&str]) -> String {
    let out = paperkg()
        .arg("query")
        .arg(graph)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(graph: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut a = args.to_vec();
    a.push("--json");
    serde_json::from_str::<serde_json::Value>(&query(graph, &a))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn every_question_answers_on_the_sample_graph() {
    let dir = build_sample(&["--format", "json"]);
    let g = dir.path().join("graph.json");

    let shared = json(&g, &["shared", "--kind", "dataset", "--top", "3"]);
    assert_eq!(shared[0]["entity"], "ImageNet");
    assert_eq!(shared[0]["id"], "dataset:imagenet");
    assert_eq!(
        shared[0]["paper_ids"].as_array().unwrap().len(),
        shared[0]["titles"].as_array().unwrap().len()
    );
    assert!(shared[0]["papers"].as_u64().unwrap() >= 15);
    assert_eq!(
        shared[0]["titles"].as_array().unwrap().len() as u64,
        shared[0]["papers"].as_u64().unwrap()
    );

    // By unique title prefix; the closest paper shares rare entities with it.
    let related = json(&g, &["related", "MiniViT: Compressing", "--top", "3"]);
    assert_eq!(related.len(), 3);
    assert!(related[0]["score"].as_f64().unwrap() >= related[2]["score"].as_f64().unwrap());
    assert!(!related[0]["shared"].as_array().unwrap().is_empty());
    assert!(related[0]["id"].as_str().unwrap().starts_with("paper:"));

    // An alias finds its entity's one node.
    let entity = query(&g, &["entity", "imagenet ilsvrc-2012"]);
    assert!(entity.contains("id: dataset:imagenet-1k\n"), "{entity}");
    assert!(entity.contains("used_by: "));
    // As JSON, one object with snake_case keys, ids and numbers as numbers.
    let record: serde_json::Value =
        serde_json::from_str(&query(&g, &["entity", "imagenet", "--json"])).unwrap();
    assert_eq!(record["id"], "dataset:imagenet");
    assert!(record["papers"].is_u64());
    assert!(
        record["used_by"][0]["id"]
            .as_str()
            .unwrap()
            .starts_with("paper:")
    );
    assert!(record["used_with"][0]["papers"].is_u64());

    let cooccur = json(&g, &["cooccur", "--kind", "method", "--with", "dataset"]);
    assert!(!cooccur.is_empty());
    assert!(cooccur.iter().all(|r| r["papers"].as_u64().unwrap() >= 2));

    let top = json(
        &g,
        &["top", "--kind", "model", "--by", "pagerank", "--top", "5"],
    );
    assert_eq!(top.len(), 5);
    assert!(top[0]["pagerank"].as_f64().unwrap() >= top[4]["pagerank"].as_f64().unwrap());

    let path = json(&g, &["path", "ImageNet", "GPT-4"]);
    assert_eq!(path.first().unwrap()["name"], "ImageNet");
    assert_eq!(path.last().unwrap()["name"], "GPT-4");

    let communities = json(&g, &["communities", "--top", "5"]);
    assert_eq!(communities.len(), 5);
    let sizes: Vec<u64> = communities
        .iter()
        .map(|c| c["papers"].as_u64().unwrap())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]));
    // No single community swallows the corpus.
    assert!(sizes[0] < 200, "{sizes:?}");
    let first = &communities[0];
    assert!(first.get("top entities").is_none());
    assert!(first["top_entities"][0]["id"].is_string());
    assert!(first["top_entities"][0]["papers"].is_u64());
    assert_eq!(
        first["paper_ids"].as_array().unwrap().len() as u64,
        sizes[0]
    );

    let csv = query(&g, &["shared", "--top", "2", "--csv"]);
    assert!(
        csv.starts_with("id,entity,kind,papers,paper_ids,titles\n"),
        "{csv}"
    );
    let text = query(&g, &["shared", "--top", "2"]);
    assert!(text.lines().nth(1).unwrap().starts_with("---"));
}

#[test]
fn bad_names_get_suggestions_and_exit_2() {
    let dir = build_sample(&["--format", "json"]);
    paperkg()
        .arg("query")
        .arg(dir.path().join("graph.json"))
        .args(["entity", "ImagNet"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean ImageNet"));
}

#[test]
fn projections_write_every_format() {
    let dir = build_sample(&["--format", "json"]);
    let out = dir.path().join("papers");
    paperkg()
        .arg("project")
        .arg(dir.path().join("graph.json"))
        .args([
            "--papers",
            "--kind",
            "dataset,model",
            "--format",
            "all",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let graph = paperkg::export::json::read_path(&out.join("graph.json")).unwrap();
    assert_eq!(graph.paper_count(), graph.node_count());
    assert!(graph.edge_count() > 50, "{}", graph.edge_count());
    assert!(
        graph
            .edges()
            .all(|(_, _, e)| e.relation.as_str() == "shares")
    );
    for f in [
        "graph.gexf",
        "graph.graphml",
        "nodes.csv",
        "neo4j/relationships.csv",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // Symmetric links are undirected in every format that says.
    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    assert!(read("graph.json").starts_with(r#"{"directed":false"#));
    assert!(
        read("edges.csv")
            .lines()
            .skip(1)
            .all(|l| l.split(',').nth(2) == Some("Undirected"))
    );
    assert!(read("graph.gexf").contains(r#"defaultedgetype="undirected""#));
    assert!(read("graph.graphml").contains(r#"edgedefault="undirected""#));
    let dot = read("graph.dot");
    assert!(dot.starts_with("graph paperkg {") && dot.contains(" -- ") && !dot.contains(" -> "));
    // The main graph stays directed.
    assert!(
        std::fs::read_to_string(dir.path().join("graph.json"))
            .unwrap()
            .starts_with(r#"{"directed":true"#)
    );
    if super::util::require_tool("python3", &["-c", "import networkx"]) {
        let script = "import json, sys, networkx as nx\n\
            g = nx.node_link_graph(json.load(open(sys.argv[1])), edges='edges')\n\
            h = nx.read_gexf(sys.argv[2]); k = nx.read_graphml(sys.argv[3])\n\
            print(type(g).__name__, type(h).__name__, type(k).__name__)";
        let res = std::process::Command::new("python3")
            .args(["-c", script])
            .arg(out.join("graph.json"))
            .arg(out.join("graph.gexf"))
            .arg(out.join("graph.graphml"))
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&res.stdout).trim(),
            "Graph Graph Graph"
        );
    }
    let ents = dir.path().join("entities");
    paperkg()
        .arg("project")
        .arg(dir.path().join("graph.json"))
        .args(["--entities", "--min-weight", "2", "-o"])
        .arg(&ents)
        .assert()
        .success();
    let graph = paperkg::export::json::read_path(&ents.join("graph.json")).unwrap();
    assert_eq!(graph.paper_count(), 0);
    assert!(graph.edges().all(|(_, _, e)| e.mentions >= 2));
}

#[test]
fn cooccur_with_one_entity_counts_its_papers() {
    let dir = build_sample(&["--format", "json"]);
    let graph_path = dir.path().join("graph.json");
    let out = paperkg()
        .arg("query")
        .arg(&graph_path)
        .args(["cooccur", "--with", "ImageNet", "--top", "50", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    // Counts from the graph file itself: papers linking to both ImageNet and the partner.
    let graph = super::util::read_json(&graph_path);
    let papers_of = |id: &str| -> std::collections::BTreeSet<String> {
        graph["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["target"] == id)
            .map(|e| e["source"].as_str().unwrap().to_owned())
            .collect()
    };
    let imagenet = papers_of("dataset:imagenet");
    let mut last = u64::MAX;
    for r in rows {
        let n = r["papers"].as_u64().unwrap();
        assert!(n <= last, "not ranked by count");
        last = n;
        let both = papers_of(r["id"].as_str().unwrap())
            .intersection(&imagenet)
            .count();
        assert_eq!(both as u64, n, "{r}");
    }
    // A kind after --with still asks for pairs of kinds, and needs --kind.
    paperkg()
        .arg("query")
        .arg(&graph_path)
        .args(["cooccur", "--with", "dataset"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--kind KIND --with dataset"));
}

#[test]
fn messages_say_what_to_do() {
    let dir = build_sample(&["--format", "json"]);
    let g = dir.path().join("graph.json");
    // A projection needs one of its two sides, and says so.
    paperkg()
        .arg("project")
        .arg(&g)
        .arg("-o")
        .arg(dir.path().join("p"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("<--papers|--entities>"));
    // An acronym is answered with what it spells.
    paperkg()
        .arg("query")
        .arg(&g)
        .args(["entity", "KD"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("knowledge distillation"));
    // A paper's title where an entity is expected says it is a paper.
    paperkg()
        .arg("query")
        .arg(&g)
        .args([
            "entity",
            "VideoMAE V2: Scaling Video Masked Autoencoders with Dual Masking",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is a paper (paper:"));
    // Every option of `query shared` is explained.
    let help = paperkg()
        .args(["help", "query", "shared"])
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for (flag, words) in [
        ("--kind", "Only entities of this kind"),
        ("--min-papers", "at least N papers"),
        ("--top", "At most N"),
    ] {
        let line = help.lines().find(|l| l.contains(flag)).unwrap_or_default();
        assert!(line.contains(words), "{flag}: {line:?}");
    }
    // A query using an undeclared prefix is told which.
    let rq = dir.path().join("q.rq");
    std::fs::write(&rq, "SELECT ?p WHERE { ?p a pkg:Paper }\n").unwrap();
    paperkg()
        .arg("sparql")
        .arg(&g)
        .arg(&rq)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("`pkg:` is used but not declared"));
}

#[test]
fn stats_as_json_has_counts_and_ids() {
    let dir = build_sample(&["--format", "json"]);
    let out = paperkg()
        .arg("stats")
        .arg(dir.path().join("graph.json"))
        .args(["--json", "--top", "2"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["papers"], 398);
    let kinds = v["kinds"].as_object().unwrap();
    assert_eq!(kinds.len(), 5);
    let total: u64 = kinds
        .values()
        .map(|k| k["entities"].as_u64().unwrap())
        .sum();
    assert_eq!(total, v["entities"].as_u64().unwrap());
    assert_eq!(v["kinds"]["dataset"]["top"][0]["id"], "dataset:imagenet");
    assert_eq!(v["kinds"]["dataset"]["top"].as_array().unwrap().len(), 2);
}
