//! Resolution across papers on the sample corpus, the thesaurus, and the review commands.

use super::util::{
    build_sample, dev_gold, dev2_gold, paperkg, read_json, require_tool, sample_corpus,
};
use paperkg::Extractors;
use paperkg::eval::{self, GoldPaper};
use paperkg::extract::sense_key;
use predicates::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// An entity node of a graph.json: (id, kind, name, aliases).
type EntityNode = (String, String, String, Vec<String>);

/// Entity nodes of a graph.json.
fn entity_nodes(graph: &serde_json::Value) -> Vec<EntityNode> {
    graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] != "paper")
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_owned(),
                n["kind"].as_str().unwrap().to_owned(),
                n["label"].as_str().unwrap().to_owned(),
                n["aliases"]
                    .as_array()
                    .map(|a| a.iter().map(|x| x.as_str().unwrap().to_owned()).collect())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

fn is_capital_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (2..=8).contains(&letters)
        && name
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '&'))
}

#[test]
fn sample_graph_has_one_node_per_name_acronym_and_kind() {
    let dir = build_sample(&["--format", "json"]);
    let graph = read_json(&dir.path().join("graph.json"));
    let nodes = entity_nodes(&graph);
    // No two nodes share a name's key (spelling, plural, hyphens, case, a glued "(ACR)", or a
    // kind), except an acronym in capitals under two kinds, which may name two things.
    let mut by_key: BTreeMap<String, Vec<&EntityNode>> = BTreeMap::new();
    for n in &nodes {
        by_key.entry(sense_key(&n.2)).or_default().push(n);
    }
    for (key, same) in &by_key {
        assert!(
            same.len() == 1 || is_capital_acronym(&same[0].2),
            "{key}: {:?}",
            same.iter().map(|n| &n.0).collect::<Vec<_>>()
        );
    }
    // Every alias (an acronym defined in some paper, another spelling) that is also a node's
    // name belongs to that node, unless several nodes claim the alias (two senses of one
    // acronym) or the kinds differ for an acronym in capitals.
    let mut claimed: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for n in &nodes {
        for a in &n.3 {
            claimed.entry(sense_key(a)).or_default().insert(&n.0);
        }
    }
    for n in &nodes {
        for a in &n.3 {
            let k = sense_key(a);
            let Some(others) = by_key.get(&k) else {
                continue;
            };
            for o in others {
                if o.0 == n.0 || claimed[&k].len() > 1 || (is_capital_acronym(a) && o.1 != n.1) {
                    continue;
                }
                panic!("{a:?} is an alias of {} and the name of {}", n.0, o.0);
            }
        }
    }
    // No node joins distinct versions: two of its names with the same letters whose numbers
    // are not one within the other (GPT-2 / GPT-4, ModelNet10 / ModelNet40; CUB-2011 for
    // CUB-200-2011 is fine), sizes (7B / 13B) aside.
    let runs = |s: &str| -> (String, Vec<String>) {
        let k = sense_key(s);
        let letters: String = k.chars().filter(|c| !c.is_ascii_digit()).collect();
        let digits = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect();
        (letters, digits)
    };
    let within = |x: &[String], y: &[String]| x.iter().all(|r| y.contains(r));
    let sized = |s: &str| {
        let l = s.to_lowercase();
        l.ends_with('b') || l.ends_with('m')
    };
    for n in &nodes {
        let names: Vec<&String> = std::iter::once(&n.2).chain(&n.3).collect();
        for a in &names {
            for b in &names {
                let ((la, da), (lb, db)) = (runs(a), runs(b));
                if la == lb
                    && !da.is_empty()
                    && !db.is_empty()
                    && !within(&da, &db)
                    && !within(&db, &da)
                    && !sized(a)
                    && !sized(b)
                {
                    panic!("{} joins {a:?} and {b:?}", n.0);
                }
            }
        }
    }
    // No proper name is left beside its own misspelling: two nodes of one kind whose names
    // (letters and digits, seven or more) differ by one lower-case letter between two others,
    // the rarer in at most two papers.
    let papers: BTreeMap<&str, u64> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n["papers"].as_u64()?)))
        .collect();
    let plain = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    for a in &nodes {
        for b in &nodes {
            let (la, lb) = (plain(&a.2), plain(&b.2));
            if a.1 != b.1 || la.chars().count() != lb.chars().count() + 1 || lb.chars().count() < 7
            {
                continue;
            }
            let ca: Vec<char> = la.chars().collect();
            let slip = (1..ca.len() - 1).any(|i| {
                ca[i].is_ascii_lowercase()
                    && ca[i - 1].is_ascii_lowercase()
                    && ca[..i]
                        .iter()
                        .chain(&ca[i + 1..])
                        .collect::<String>()
                        .eq_ignore_ascii_case(&lb)
            });
            let rarer = papers[a.0.as_str()].min(papers[b.0.as_str()]);
            assert!(
                !(slip && rarer <= 2),
                "{} and {} are one slip apart",
                a.0,
                b.0
            );
        }
    }
}

#[test]
fn extract_names_entities_as_build_names_nodes() {
    let dir = build_sample(&["--format", "json"]);
    let graph = read_json(&dir.path().join("graph.json"));
    let nodes: BTreeSet<(String, String)> = entity_nodes(&graph)
        .into_iter()
        .map(|n| (n.1, n.2))
        .collect();
    let out = paperkg()
        .arg("extract")
        .arg(sample_corpus())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut links = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for e in v["entities"].as_array().unwrap() {
            let node = (
                e["kind"].as_str().unwrap().to_owned(),
                e["name"].as_str().unwrap().to_owned(),
            );
            assert!(nodes.contains(&node), "{node:?} is not a node of the graph");
            links += 1;
        }
    }
    assert_eq!(links, graph["edges"].as_array().unwrap().len());
}

/// Resolution across papers on both gold sets: the library's B-cubed equals the reference
/// script's, and meets issue 16's target of 0.99 on each (measured: dev 0.9910, dev2 0.9911).
#[test]
fn resolution_across_papers_on_both_gold_sets() {
    let script = super::util::shared_file("eval/resolution.py");
    for (gold_path, floor) in [(dev_gold(), 0.99), (dev2_gold(), 0.99)] {
        let gold: Vec<GoldPaper> = eval::read_jsonl(&gold_path).unwrap();
        let pred = eval::predict(&gold, &Extractors::new().unwrap());
        let res = eval::resolution(&gold, &pred);
        assert!(
            res.f1 >= floor,
            "{}: {} < {floor}",
            gold_path.display(),
            res.f1
        );
        let Some(script) = script.as_ref() else {
            continue;
        };
        if !require_tool("python3", &["--version"]) {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        let pred_path = tmp.path().join("pred.jsonl");
        let lines: Vec<String> = pred
            .iter()
            .map(|p| serde_json::to_string(p).unwrap())
            .collect();
        fs::write(&pred_path, lines.join("\n")).unwrap();
        let out = std::process::Command::new("python3")
            .arg(script)
            .arg(&gold_path)
            .arg(&pred_path)
            .arg("--json")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(v["f1"].as_f64().unwrap(), res.f1, "{}", gold_path.display());
        assert_eq!(v["p"].as_f64().unwrap(), res.precision);
        assert_eq!(v["r"].as_f64().unwrap(), res.recall);
        assert_eq!(v["links"].as_u64().unwrap() as usize, res.links);
        assert_eq!(
            v["split_entities"].as_u64().unwrap() as usize,
            res.splits.len()
        );
    }
}

const THESAURUS: &str = "# sample corrections\n\
merge\tmethod:spatial feature transform\tmethod:supervised fine-tuning\n\
retype\tTransformer\tmodel\n\
rename\tlarge language model\tLLM\n\
drop\tmethod:out-of-distribution\n";

#[test]
fn thesaurus_actions_reach_the_graph_and_the_merge_log() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("thesaurus.tsv");
    fs::write(&t, THESAURUS).unwrap();
    let log = dir.path().join("merges.tsv");
    paperkg()
        .arg("build")
        .arg(sample_corpus())
        .args(["-o"])
        .arg(dir.path())
        .args(["--format", "json", "--thesaurus"])
        .arg(&t)
        .arg("--merge-log")
        .arg(&log)
        .assert()
        .success();
    let graph = read_json(&dir.path().join("graph.json"));
    let ids: BTreeSet<String> = entity_nodes(&graph).into_iter().map(|n| n.0).collect();
    assert!(ids.contains("model:transformer"));
    assert!(ids.contains("method:llm"));
    assert!(!ids.contains("method:spatial-feature-transform"));
    assert!(!ids.contains("method:out-of-distribution"));
    let log = fs::read_to_string(&log).unwrap();
    assert_eq!(
        log.lines()
            .filter(|l| l.contains("\tthesaurus\t\t"))
            .count(),
        4,
        "{log}"
    );
    // extract applies it too.
    let out = paperkg()
        .arg("extract")
        .arg(sample_corpus())
        .arg("--thesaurus")
        .arg(&t)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(r#""kind":"model","name":"Transformer""#));
    assert!(!text.contains(r#""name":"out-of-distribution""#));
}

#[test]
fn append_with_a_thesaurus_gives_the_graph_of_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("thesaurus.tsv");
    fs::write(&t, THESAURUS).unwrap();
    let files: Vec<_> = fs::read_dir(sample_corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "txt" || e == "jsonl" || e == "json")
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(files.len() >= 2, "{files:?}");
    let run = |args: Vec<std::ffi::OsString>| {
        paperkg()
            .arg("build")
            .args(args)
            .arg("--thesaurus")
            .arg(&t)
            .assert()
            .success();
    };
    let os = |s: &str| std::ffi::OsString::from(s);
    let full = dir.path().join("full");
    let inc = dir.path().join("inc");
    let mut args: Vec<std::ffi::OsString> =
        files.iter().map(|f| f.clone().into_os_string()).collect();
    args.extend([
        os("-o"),
        full.clone().into_os_string(),
        os("--format"),
        os("json"),
    ]);
    run(args);
    run(vec![
        files[0].clone().into_os_string(),
        os("-o"),
        inc.clone().into_os_string(),
        os("--incremental"),
    ]);
    let mut args = vec![os("--append"), inc.clone().into_os_string()];
    args.extend(files[1..].iter().map(|f| f.clone().into_os_string()));
    args.extend([os("--format"), os("json")]);
    run(args);
    assert_eq!(
        fs::read(full.join("graph.json")).unwrap(),
        fs::read(inc.join("graph.json")).unwrap()
    );
}

#[test]
fn thesaurus_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tsv");
    // Builds the sample corpus with `text` as the thesaurus; expects exit 2 and each message.
    let fails = |text: &str, said: &[&str]| {
        fs::write(&bad, text).unwrap();
        let mut assert = paperkg()
            .arg("build")
            .arg(sample_corpus())
            .arg("-o")
            .arg(dir.path().join("out"))
            .arg("--thesaurus")
            .arg(&bad)
            .assert()
            .code(2);
        for s in said {
            assert = assert.stderr(predicate::str::contains(*s));
        }
    };
    fails(
        "merge\tSFT\tsupervised fine-tuning\ndrop\tno such entity at all\nretype\tBERT\tgadget\n",
        &["bad.tsv:3: `gadget` is not a kind"],
    );
    fails(
        "merge\tSFT\tsupervised fine-tuning\ndrop\tno such entity at all\n",
        &[
            "bad.tsv:1: `SFT` matches several entities",
            "bad.tsv:2: `no such entity at all` matches no entity",
        ],
    );
    assert!(!dir.path().join("out/graph.json").exists());
}

#[test]
fn entities_and_suspects_for_review() {
    let dir = build_sample(&["--format", "json"]);
    let graph = dir.path().join("graph.json");
    let out = paperkg()
        .arg("entities")
        .arg(&graph)
        .arg("--json")
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), entity_nodes(&read_json(&graph)).len());
    assert_eq!(rows[0]["name"], "Transformer");
    assert!(rows[0]["papers"].as_u64().unwrap() > 50);
    let out = paperkg()
        .arg("entities")
        .arg(&graph)
        .args(["--suspects", "--csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("reason,entity,other,papers,evidence,thesaurus")
    );
    assert!(text.contains("shared alias"), "{text}");
    // Every suggested line is a thesaurus line the build accepts (when taken alone).
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut checked = 0;
    for row in reader.records().take(5) {
        let row = row.unwrap();
        let t = dir.path().join("one.tsv");
        fs::write(&t, format!("{}\n", &row[5])).unwrap();
        paperkg()
            .arg("build")
            .arg(sample_corpus())
            .arg("-o")
            .arg(dir.path().join("again"))
            .args(["--format", "json", "--thesaurus"])
            .arg(&t)
            .assert()
            .success();
        checked += 1;
    }
    assert_eq!(checked, 5);
}

#[test]
fn query_entity_lists_the_nodes_an_ambiguous_name_matches() {
    let dir = build_sample(&["--format", "json"]);
    let graph = dir.path().join("graph.json");
    paperkg()
        .arg("query")
        .arg(&graph)
        .args(["entity", "SFT"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "method:supervised-fine-tuning (supervised fine-tuning, 2 papers)",
        ))
        .stderr(predicate::str::contains(
            "method:spatial-feature-transform (spatial feature transform, 1 paper)",
        ));
    // An alias of one node resolves to it.
    paperkg()
        .arg("query")
        .arg(&graph)
        .args(["entity", "LLMs"])
        .assert()
        .success()
        .stdout(predicate::str::contains("large language model"));
}

#[test]
fn the_readme_thesaurus_example_parses() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("# thesaurus.tsv")
        .expect("the README shows a thesaurus");
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let t = paperkg::thesaurus::Thesaurus::parse(Path::new("README.md"), block).unwrap();
    assert_eq!(t.entries.len(), 4);
}
