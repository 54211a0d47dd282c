//! Incremental builds: `build --incremental` saves the links, `build --append` adds papers to
//! them, and the result is byte for byte what one build of all the inputs gives.

use super::util::{paperkg, read_json, sample_corpus};
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The first inputs. `a1` names SCC bare, which `B` defines later; `a2` defines ZRB, which `B`
/// names bare twice (so the entity's name changes to ZRB); `a3` has no abstract until `B`;
/// `a6` has none until `C`; `a2` is read twice.
const A: &str = r#"{"id":"a1","title":"SCC: A Sparse Dictionary Learning Method","abstract":"We apply SCC to the activations of GPT-2.","year":"2023"}
{"id":"a2","title":"Striped Riddles","abstract":"We build a zebra riddle benchmark (ZRB) of striped riddles and report accuracy."}
{"id":"a3","title":"Distilling Vision Transformers","abstract":""}
{"id":"a4","title":"GPT2 Scaling Laws","abstract":"We study GPT2 on WikiText-103 with perplexity."}
{"id":"a2","title":"Striped Riddles","abstract":"A second copy.","authors":["Ada Lovelace"]}
{"id":"a6","title":"HeronNet: A Convolutional Model for Riddles","abstract":""}
"#;

/// Added to `A`: a duplicate of `a3` with its abstract, a duplicate of `a4` (by title) with a
/// year and a url, and the papers that define SCC and name ZRB bare.
const B: &str = r#"{"id":"b1","title":"Steering GPT-2","abstract":"We steer GPT-2 with sparse autoencoders (SAEs) and evaluate on the ZRB benchmark."}
{"id":"a3","title":"Distilling Vision Transformers","abstract":"We apply knowledge distillation to ViT on ImageNet and report top-1 accuracy.","authors":["Grace Hopper"],"year":"2022"}
{"id":"b2","title":"Riddles at Scale","abstract":"Large models still fail on the ZRB benchmark; an SAE helps."}
{"title":"GPT2 scaling laws","abstract":"Another record of a4.","year":"2021","url":"https://example.org/a4"}
{"id":"b4","title":"Crosscoders","abstract":"We train sparse crosscoders (SCCs) on GPT-2 activations."}
"#;

/// Added to `A` and `B`: the abstract `a6` lacked, and a paper that never gets one.
const C: &str = r#"{"id":"a6","title":"HeronNet: A Convolutional Model for Riddles","abstract":"We train HeronNet on the ZRB benchmark and compare it with ResNet-50."}
{"id":"c1","title":"SCC-2: Sparse Dictionary Learning at Scale","abstract":"We scale sparse crosscoders to Llama-2-7B."}
{"id":"c2","title":"A Title Without Abstract","abstract":""}
"#;

/// A temporary directory holding the three inputs as `a.jsonl`, `b.jsonl` and `c.jsonl`.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("a.jsonl", A), ("b.jsonl", B), ("c.jsonl", C)] {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Runs `paperkg build ARGS` in `dir` (arguments split at spaces) and expects success;
/// returns what it said on stderr.
fn build(dir: &Path, args: &str) -> String {
    let out = paperkg()
        .current_dir(dir)
        .arg("build")
        .args(args.split_whitespace())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "build {args} failed:\n{stderr}");
    stderr
}

/// Runs `paperkg build ARGS` in `dir` and expects it to fail with exit status 2 and a message
/// containing each of `said`.
fn build_fails(dir: &Path, args: &str, said: &[&str]) {
    let mut assert = paperkg()
        .current_dir(dir)
        .arg("build")
        .args(args.split_whitespace())
        .assert()
        .code(2);
    for s in said {
        assert = assert.stderr(predicate::str::contains(*s));
    }
}

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts that two directories hold the same files with the same bytes.
fn assert_same_files(expected: &Path, actual: &Path) {
    let (x, y) = (files(expected), files(actual));
    assert_eq!(
        x.keys().collect::<Vec<_>>(),
        y.keys().collect::<Vec<_>>(),
        "different files"
    );
    for (name, bytes) in &x {
        assert!(
            *bytes == y[name],
            "{} differs:\n--- full build\n{}\n--- incremental\n{}",
            name.display(),
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&y[name])
        );
    }
}

#[test]
fn append_writes_the_bytes_of_a_full_build() {
    let tmp = workdir();
    let dir = tmp.path();
    build(
        dir,
        "a.jsonl b.jsonl --format all --merge-log full/merges.tsv --incremental -o full",
    );
    build(dir, "a.jsonl --incremental -o inc");
    // Batches of one paper: the record that brings a3's abstract comes batches after a3.
    let said = build(
        dir,
        "--append inc b.jsonl --format all --merge-log inc/merges.tsv --batch 1",
    );
    assert!(
        said.contains("appending to inc: 5 papers saved by an earlier build"),
        "{said}"
    );
    assert!(
        said.contains("read 5 records from 1 file: 3 new papers, 8 in all (2 duplicates merged"),
        "{said}"
    );
    assert_same_files(&dir.join("full"), &dir.join("inc"));

    // The fixture does what it is meant to: resolution across the old and new papers, a
    // name that changes, an abstract and metadata that arrive late.
    let log = fs::read_to_string(dir.join("full/merges.tsv")).unwrap();
    for row in [
        "dataset:zrb\tZRB\tzebra riddle benchmark\tvariant\ta2",
        "method:scc\tSCC\tsparse crosscoders\tvariant\tb4",
    ] {
        assert!(log.contains(row), "no merge {row:?} in\n{log}");
    }
    let graph = read_json(&dir.join("full/graph.json"));
    assert!(has_edge(
        &graph,
        "paper:a3",
        "method:knowledge-distillation"
    ));
    let a4 = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "paper:a4")
        .unwrap();
    assert_eq!(a4["year"], 2021);
    assert_eq!(a4["url"], "https://example.org/a4");

    // --incremental adds the links file and changes nothing else.
    build(
        dir,
        "a.jsonl b.jsonl --format all --merge-log plain/merges.tsv -o plain",
    );
    fs::remove_file(dir.join("full/paperkg-links.jsonl")).unwrap();
    assert_same_files(&dir.join("full"), &dir.join("plain"));
}

fn has_edge(graph: &serde_json::Value, source: &str, target: &str) -> bool {
    graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["source"] == source && e["target"] == target)
}

#[test]
fn appends_chain_like_one_build() {
    let tmp = workdir();
    let dir = tmp.path();
    build(
        dir,
        "a.jsonl b.jsonl c.jsonl --format all --merge-log full/merges.tsv --incremental -o full",
    );
    build(dir, "a.jsonl --incremental -o inc -j 1");
    build(dir, "--append inc b.jsonl");
    build(
        dir,
        "--append inc c.jsonl --format all --merge-log inc/merges.tsv",
    );
    assert_same_files(&dir.join("full"), &dir.join("inc"));
    // a6 waited two appends for its abstract.
    let graph = read_json(&dir.join("inc/graph.json"));
    assert!(has_edge(&graph, "paper:a6", "model:resnet-50"));
}

#[test]
fn append_to_another_directory_leaves_the_first_alone() {
    let tmp = workdir();
    let dir = tmp.path();
    build(dir, "a.jsonl --incremental -o first");
    let before = files(&dir.join("first"));
    build(dir, "--append first b.jsonl -o second");
    assert!(before == files(&dir.join("first")), "first changed");
    build(dir, "a.jsonl b.jsonl --incremental -o full");
    assert_same_files(&dir.join("full"), &dir.join("second"));
}

#[test]
fn saved_links_are_used_as_saved() {
    // Old papers with an abstract are not extracted again: a count changed in the links file
    // shows in the next graph.
    let tmp = workdir();
    let dir = tmp.path();
    build(dir, "a.jsonl --incremental -o inc");
    let links = dir.join("inc/paperkg-links.jsonl");
    let text = fs::read_to_string(&links).unwrap();
    let saved = r#""name":"WikiText-103","mentions":["WikiText-103"],"role":"used","count":1"#;
    assert!(text.contains(saved), "{text}");
    let changed = saved.replace("\"count\":1", "\"count\":7");
    fs::write(&links, text.replace(saved, &changed)).unwrap();
    build(dir, "--append inc b.jsonl");
    let graph = read_json(&dir.join("inc/graph.json"));
    let edge = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "paper:a4" && e["target"] == "dataset:wikitext-103")
        .unwrap();
    assert_eq!(edge["mentions"], 7);
}

#[test]
fn append_without_a_links_file_says_how_to_make_one() {
    let tmp = workdir();
    let dir = tmp.path();
    build(dir, "a.jsonl -o out");
    build_fails(
        dir,
        "--append out b.jsonl",
        &[
            "cannot append to out: it has no paperkg-links.jsonl (build it once with --incremental, then append)",
        ],
    );
    build_fails(
        dir,
        "--append a.jsonl b.jsonl",
        &["a.jsonl: is a file; --append takes the output directory of an earlier build"],
    );
}

#[test]
fn a_build_without_incremental_removes_the_links_it_replaces() {
    // Otherwise a later --append would extend the graph before this one.
    let tmp = workdir();
    let dir = tmp.path();
    build(dir, "a.jsonl --incremental -o out");
    let said = build(dir, "b.jsonl -o out");
    assert!(said.contains("removed out/paperkg-links.jsonl"), "{said}");
    assert!(!dir.join("out/paperkg-links.jsonl").exists());
}

#[test]
fn append_with_another_lexicon_or_stop_list_is_refused() {
    let tmp = workdir();
    let dir = tmp.path();
    fs::write(dir.join("mine.tsv"), "dataset\tZebraSet\tZS-1\n").unwrap();
    fs::write(dir.join("stop.txt"), "ImageNet\n").unwrap();
    build(dir, "a.jsonl --incremental -o out --lexicon mine.tsv");
    for other in ["", "--lexicon mine.tsv --stoplist stop.txt"] {
        build_fails(
            dir,
            &format!("--append out b.jsonl {other}"),
            &[
                "cannot append to out: out/paperkg-links.jsonl: line 1: written with another \
                 lexicon or stop list",
                "append with the same --lexicon and --stoplist",
            ],
        );
    }
    // The same lexicon is accepted.
    build(dir, "--append out b.jsonl --lexicon mine.tsv");
}

#[test]
fn a_corrupt_links_line_is_named() {
    let tmp = workdir();
    let dir = tmp.path();
    build(dir, "a.jsonl --incremental -o out");
    let links = dir.join("out/paperkg-links.jsonl");
    let text = fs::read_to_string(&links).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[2] = &lines[2][..lines[2].len() / 2];
    fs::write(&links, lines.join("\n") + "\n").unwrap();
    build_fails(
        dir,
        "--append out b.jsonl",
        &["cannot append to out: out/paperkg-links.jsonl: line 3: EOF while parsing"],
    );
}

#[test]
fn build_help_explains_incremental_builds() {
    paperkg()
        .args(["build", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--incremental"))
        .stdout(predicate::str::contains("--append <DIR>"))
        .stdout(predicate::str::contains(
            "[default: output, or the --append directory]",
        ));
}

#[test]
fn append_on_the_sample_corpus_matches_a_full_build() {
    // Directories are read in sorted order: the first file, then the other two, is the order
    // of a build of the whole directory.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut parts: Vec<PathBuf> = fs::read_dir(sample_corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    parts.sort();
    let run = |inputs: &[PathBuf], args: &str| {
        paperkg()
            .current_dir(dir)
            .arg("build")
            .args(inputs)
            .args(args.split_whitespace())
            .assert()
            .success();
    };
    run(&[sample_corpus()], "--incremental --format all -o full");
    run(&parts[..1], "--incremental -o inc");
    run(&parts[1..], "--append inc --format all");
    assert_same_files(&dir.join("full"), &dir.join("inc"));
}
