//! The command line, end to end.

use super::util::{build_sample, dev_gold, paperkg, read_json, sample_corpus};
use predicates::prelude::*;
use std::fs;

#[test]
fn build_writes_the_three_exports_of_398_papers() {
    let dir = tempfile::tempdir().unwrap();
    paperkg()
        .arg("build")
        .arg(sample_corpus())
        .arg("-o")
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "read 409 records from 3 files: 398 papers (11 duplicates merged, 0 bad records skipped)",
        ))
        .stderr(predicate::str::contains("wrote "));
    for f in ["graph.json", "nodes.csv", "edges.csv", "graph.dot"] {
        assert!(dir.path().join(f).is_file(), "{f} missing");
    }
    let graph = read_json(&dir.path().join("graph.json"));
    let nodes = graph["nodes"].as_array().unwrap();
    let papers = nodes.iter().filter(|n| n["kind"] == "paper").count();
    assert_eq!(papers, 398);
    // Every kind of entity is present on this corpus, and every edge joins known nodes.
    for kind in ["model", "dataset", "method", "metric", "task"] {
        assert!(nodes.iter().any(|n| n["kind"] == kind), "no {kind} node");
    }
    let ids: std::collections::HashSet<&str> =
        nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    for e in graph["edges"].as_array().unwrap() {
        assert!(ids.contains(e["source"].as_str().unwrap()));
        assert!(ids.contains(e["target"].as_str().unwrap()));
        assert!(e["source"].as_str().unwrap().starts_with("paper:"));
    }
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let a = build_sample(&["-j", "1", "--format", "all"]);
    let b = build_sample(&["-j", "4", "--format", "all"]);
    let c = build_sample(&["-j", "2", "--batch", "7", "--format", "all"]);
    for f in [
        "graph.json",
        "nodes.csv",
        "edges.csv",
        "graph.dot",
        "graph.gexf",
        "graph.graphml",
        "graph.cyjs",
        "graph.ttl",
        "graph.nt",
        "neo4j/nodes.csv",
        "neo4j/relationships.csv",
        "neo4j/import.cypher",
        "graph.html",
    ] {
        let x = fs::read(a.path().join(f)).unwrap();
        for other in [&b, &c] {
            let y = fs::read(other.path().join(f)).unwrap();
            assert!(x == y, "{f} differs between runs");
        }
    }
}

#[test]
fn format_flag_limits_the_files() {
    let dir = build_sample(&["--format", "dot"]);
    assert!(dir.path().join("graph.dot").is_file());
    assert!(!dir.path().join("graph.json").exists());
}

#[test]
fn extract_prints_one_scorer_line_per_gold_paper() {
    let out = paperkg().arg("extract").arg(dev_gold()).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 120);
    assert_eq!(lines[0]["id"], "001-228");
    let curl = lines[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "CURL")
        .expect("the title prefix CURL is extracted");
    assert_eq!(curl["role"], "introduced");
    assert!(
        curl["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "CURL")
    );
}

#[test]
fn stats_summarises_a_graph() {
    let dir = build_sample(&["--format", "json"]);
    paperkg()
        .arg("stats")
        .arg(dir.path().join("graph.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("398 papers"))
        .stdout(predicate::str::contains("method:"));
}

#[test]
fn missing_input_is_an_error_naming_it() {
    paperkg()
        .args(["build", "no/such/file.jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/file.jsonl: no such file or directory",
        ));
}

#[test]
fn bad_records_are_skipped_with_file_and_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("papers.jsonl");
    fs::write(
        &input,
        "{\"id\":\"a\",\"title\":\"Alpha\",\"abstract\":\"We use BERT on ImageNet.\"}\n{oops\n{\"id\":\"b\",\"title\":\"Beta\",\"abstract\":\"We use GPT-2.\"}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    paperkg()
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("papers.jsonl:2: not valid JSON"))
        .stderr(predicate::str::contains(
            "2 papers (0 duplicates merged, 1 bad records skipped)",
        ));
    let graph = read_json(&out.join("graph.json"));
    let ids: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "paper")
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["paper:a", "paper:b"]);
}

#[test]
fn strict_stops_at_the_first_bad_record() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("papers.jsonl");
    fs::write(&input, "{oops\n").unwrap();
    paperkg()
        .arg("build")
        .arg(&input)
        .arg("--strict")
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("papers.jsonl:1: not valid JSON"));
    assert!(!dir.path().join("out/graph.json").exists());
}

#[test]
fn standard_input_and_forced_format() {
    paperkg()
        .args(["extract", "--input-format", "csv", "-"])
        .write_stdin("title,abstract\nA study,We evaluate ResNet-50 on ImageNet.\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"name\":\"ResNet-50\""))
        .stdout(predicate::str::contains("\"name\":\"ImageNet\""));
}

#[test]
fn a_duplicate_read_later_can_still_supply_a_missing_abstract() {
    // Papers are extracted while reading (here after every paper); one without an abstract
    // waits for the end, so the duplicate on line 3 still gives it entities.
    let out = paperkg()
        .args(["extract", "--batch", "1", "--input-format", "jsonl", "-"])
        .write_stdin(concat!(
            "{\"id\":\"a1\",\"title\":\"A study of things\",\"abstract\":\"\"}\n",
            "{\"id\":\"b2\",\"title\":\"Other work\",\"abstract\":\"We use BERT.\"}\n",
            "{\"id\":\"a1\",\"title\":\"A study of things\",\"abstract\":\"We train on ImageNet.\"}\n",
        ))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains("\"id\":\"a1\"") && lines[0].contains("\"name\":\"ImageNet\""));
    assert!(lines[1].contains("\"id\":\"b2\"") && lines[1].contains("\"name\":\"BERT\""));
}

#[test]
fn output_pointing_at_a_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f");
    fs::write(&file, "x").unwrap();
    paperkg()
        .arg("build")
        .arg(sample_corpus())
        .arg("-o")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a file"));
}

#[test]
fn user_lexicon_and_stop_list_change_what_is_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let lexicon = dir.path().join("mine.tsv");
    fs::write(
        &lexicon,
        "# my lab's names\ndataset\tZebraSet\tZebra-Set|ZS-1\nmodel\tResNet-50\tRN50\n",
    )
    .unwrap();
    let stop = dir.path().join("stop.txt");
    fs::write(&stop, "# never these\nImageNet\n").unwrap();
    let input = "title,abstract\nA study,We train ResNet-50 on ImageNet and on ZS-1.\n";
    let out = paperkg()
        .args(["extract", "--input-format", "csv", "-", "--lexicon"])
        .arg(&lexicon)
        .arg("--stoplist")
        .arg(&stop)
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<(&str, &str)> = line["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["name"].as_str().unwrap()))
        .collect();
    assert!(names.contains(&("dataset", "ZebraSet")), "{names:?}");
    assert!(names.contains(&("model", "ResNet-50")), "{names:?}");
    assert!(!names.iter().any(|(_, n)| *n == "ImageNet"), "{names:?}");
}

#[test]
fn bad_user_lexicon_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let lexicon = dir.path().join("bad.tsv");
    fs::write(&lexicon, "dataset\tFine\ngadget\tThing\n").unwrap();
    paperkg()
        .args(["extract", "--input-format", "csv", "-", "--lexicon"])
        .arg(&lexicon)
        .write_stdin("title,abstract\nA,B\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.tsv"))
        .stderr(predicate::str::contains("line 2: unknown kind \"gadget\""));
}

#[test]
fn merge_log_lists_merges_with_their_rules() {
    let dir = build_sample(&["--format", "json"]);
    let log = dir.path().join("merges.tsv");
    paperkg()
        .arg("build")
        .arg(sample_corpus())
        .arg("-o")
        .arg(dir.path())
        .arg("--merge-log")
        .arg(&log)
        .assert()
        .success();
    let text = fs::read_to_string(&log).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("entity\tcanonical\tmerged\trule\tpaper\tnote")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 6));
    for rule in ["variant", "lexicon-alias", "abbreviation"] {
        assert!(rows.iter().any(|r| r[3] == rule), "no {rule} merge");
    }
    // An acronym defined in the text is merged with its long form.
    assert!(
        rows.iter()
            .any(|r| r[1] == "sparse autoencoder" && r[2] == "SAEs"),
        "SAEs not merged into sparse autoencoder"
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("paperkg"))
        .args(["--no-progress", "extract"])
        .arg(sample_corpus())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe closes while paperkg is still writing.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with("{\"id\":"));
    assert!(out.status.success(), "exit {:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_closed_stderr_is_not_a_panic() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    // One good record and many that each get a warning.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    let mut text = String::from(r#"{"id":"ok","title":"T","abstract":"We use BERT."}"#);
    text.push('\n');
    for i in 0..20_000 {
        text.push_str(&format!(
            "{{\"id\":\"b{i}\",\"title\":\"No abstract {i}\"}}\n"
        ));
    }
    fs::write(&input, text).unwrap();
    for command in ["extract", "build"] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("paperkg"))
            .args(["--no-progress", command])
            .arg(&input)
            .args(if command == "build" {
                vec!["-o".into(), dir.path().join("out").into_os_string()]
            } else {
                vec![]
            })
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is dropped: stderr closes while paperkg still has warnings to give.
        let status = child.wait().unwrap();
        assert!(first.contains("warning"), "{first}");
        assert_eq!(status.code(), Some(1), "{command}: {status:?}");
    }
}

#[test]
fn an_abstracts_only_corpus_builds_papers_labelled_by_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("abstracts.csv");
    fs::write(
        &input,
        "id,abstract\n\
         p1,We fine-tune BERT on SQuAD and report F1.\n\
         ,We train ResNet-50 on ImageNet with knowledge distillation.\n\
         p3,\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    paperkg()
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "abstracts.csv:4: record has neither a title nor an abstract",
        ))
        .stderr(predicate::str::contains("2 papers"));
    let graph = read_json(&out.join("graph.json"));
    let nodes = graph["nodes"].as_array().unwrap();
    let papers: Vec<&serde_json::Value> = nodes.iter().filter(|n| n["kind"] == "paper").collect();
    assert_eq!(papers.len(), 2);
    assert_eq!(papers[0]["label"], "p1");
    let second = papers[1]["paper_id"].as_str().unwrap();
    assert!(second.starts_with("we-train-resnet-50-"), "{second}");
    assert_eq!(papers[1]["label"], second);
    let names: Vec<&str> = nodes
        .iter()
        .filter(|n| n["kind"] != "paper")
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    for want in ["BERT", "SQuAD", "ImageNet", "ResNet-50"] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
}

#[test]
fn min_confidence_drops_weaker_links_and_eval_shows_the_thresholds() {
    let count = |extra: &[&str]| -> (usize, f64) {
        let out = paperkg()
            .arg("extract")
            .arg(dev_gold())
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success());
        let mut n = 0;
        let mut lowest = 1.0f64;
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            for e in v["entities"].as_array().unwrap() {
                n += 1;
                lowest = lowest.min(e["confidence"].as_f64().unwrap());
            }
        }
        (n, lowest)
    };
    let (all, lowest) = count(&[]);
    let (strict, strict_lowest) = count(&["--min-confidence", "0.9"]);
    assert!(strict > 0 && strict < all, "{strict} of {all}");
    assert!(
        lowest < 0.9 && strict_lowest >= 0.9,
        "{lowest} {strict_lowest}"
    );
    paperkg()
        .args(["extract", "--min-confidence", "1.5"])
        .arg(dev_gold())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1.5 is not between 0 and 1"));
    let out = paperkg()
        .args(["eval", "--thresholds", "--gold"])
        .arg(dev_gold())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("min-confidence"))
        .collect();
    assert_eq!(table.len(), 9, "{text}");
    assert!(table[1].trim_start().starts_with("0.0"), "{text}");
    assert!(table[8].trim_start().starts_with("0.9"), "{text}");
}
