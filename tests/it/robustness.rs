//! Bad input: every broken file gives a clear message naming the file and line, the good
//! records around it still make it into the graph, and the exit status says what happened
//! (0 clean, 1 done with skipped records, 2 nothing usable or usage error).

use super::util::paperkg;
use std::path::Path;

const GOOD: &str =
    r#"{"id":"a1","title":"Alpha on ImageNet","abstract":"We train ResNet-50 on ImageNet."}"#;

fn good(id: &str, title: &str) -> String {
    GOOD.replace("a1", id).replace("Alpha", title)
}

/// Runs `build` on one file; returns (exit code, stderr, papers in graph.json if written).
fn build(dir: &Path, name: &str, content: &[u8]) -> (i32, String, Option<usize>) {
    let input = dir.join(name);
    std::fs::write(&input, content).unwrap();
    let out = dir.join(format!("out-{name}"));
    let result = paperkg()
        .arg("build")
        .arg(&input)
        .args(["--format", "json", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    let papers = std::fs::read_to_string(out.join("graph.json"))
        .ok()
        .map(|t| {
            let v: serde_json::Value = serde_json::from_str(&t).unwrap();
            v["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["kind"] == "paper")
                .count()
        });
    (
        result.status.code().unwrap(),
        String::from_utf8_lossy(&result.stderr).into_owned(),
        papers,
    )
}

#[test]
fn broken_records_are_skipped_and_named_and_the_rest_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: Vec<(&str, Vec<u8>, &str, usize)> = vec![
        (
            "midbad.jsonl",
            format!("{}\n{{\"id\": broken\n{}\n", good("a1", "Alpha"), good("a2", "Beta")).into(),
            "midbad.jsonl:2: not valid JSON",
            2,
        ),
        (
            "array.json",
            format!("[{}, 5, {}]", good("a1", "Alpha"), good("a3", "Gamma")).into(),
            "array.json:1: expected a JSON object, found a number",
            2,
        ),
        (
            "ragged.csv",
            b"id,title,abstract\n1,T one,We use BERT.\n2,T two\n3,T three,We use GPT-4.\n".to_vec(),
            "ragged.csv:3: row has 2 fields but the header has 3",
            2,
        ),
        (
            "unclosed.csv",
            b"id,title,abstract\n1,T one,We use BERT.\n2,\"T two,\"unclosed\n3,T three,We use GPT-4.\n"
                .to_vec(),
            "unclosed.csv:3:",
            2,
        ),
        (
            "utf8.jsonl",
            [
                good("a1", "Alpha").as_bytes(),
                b"\n{\"id\":\"x\",\"title\":\"bad \xff\xfe bytes\",\"abstract\":\"x\"}\n",
            ]
            .concat(),
            "utf8.jsonl:2: invalid UTF-8",
            1,
        ),
    ];
    for (name, content, message, papers) in cases {
        let (code, stderr, got) = build(d, name, &content);
        assert_eq!(code, 1, "{name}: {stderr}");
        assert!(stderr.contains(message), "{name}: {stderr}");
        assert_eq!(got, Some(papers), "{name}");
    }
}

#[test]
fn a_huge_broken_line_is_skipped_without_losing_its_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let mut content = good("a1", "Alpha").into_bytes();
    content.extend_from_slice(b"\n{\"id\":\"huge\",\"title\":\"");
    content.extend(std::iter::repeat_n(b'x', 20 << 20));
    content.extend_from_slice(b"\n");
    content.extend_from_slice(good("a2", "Beta").as_bytes());
    content.push(b'\n');
    let (code, stderr, papers) = build(dir.path(), "huge.jsonl", &content);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("huge.jsonl:2:"), "{stderr}");
    assert_eq!(papers, Some(2));
}

#[test]
fn clean_variants_read_without_complaint() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bom = [
        b"\xef\xbb\xbf".as_slice(),
        good("a1", "Alpha").as_bytes(),
        b"\n",
    ]
    .concat();
    let crlf = format!("{}\r\n{}\r\n", good("a1", "Alpha"), good("a2", "Beta"));
    for (name, content, papers) in [
        ("bom.jsonl", bom, 1),
        ("crlf.jsonl", crlf.into_bytes(), 2),
        // An unknown extension: the content decides.
        (
            "papers.xyz",
            format!("{}\n", good("a1", "Alpha")).into_bytes(),
            1,
        ),
    ] {
        let (code, stderr, got) = build(d, name, &content);
        assert_eq!((code, got), (0, Some(papers)), "{name}: {stderr}");
        assert!(!stderr.contains("warning"), "{name}: {stderr}");
    }
}

#[test]
fn nothing_usable_is_exit_2_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let chrome = b"Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe\n".to_vec();
    for (name, content, message) in [
        ("empty.jsonl", Vec::new(), "no papers could be read from"),
        (
            "corrupt.jsonl.gz",
            b"garbage, not gzip".to_vec(),
            "not a gzip file",
        ),
        (
            "noabs.csv",
            b"id,title\n1,T one\n".to_vec(),
            "no abstract column",
        ),
        ("chrome.txt", chrome, "no papers could be read from"),
    ] {
        let (code, stderr, _) = build(d, name, &content);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stderr.contains(message), "{name}: {stderr}");
        assert!(stderr.contains(name), "{name}: {stderr}");
    }
}

#[test]
fn an_odd_line_out_in_a_text_dump_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    // Title/abstract pairs, then a title with no abstract.
    let text = "First paper on ImageNet\nWe train ResNet-50 on ImageNet and report accuracy.\nSecond paper\nWe fine-tune BERT on GLUE.\nA dangling title\n";
    let (code, stderr, papers) = build(dir.path(), "dump.txt", text.as_bytes());
    assert_eq!(papers, Some(2), "{stderr}");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("dump.txt:5"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn unreadable_files_in_a_directory_are_named_and_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(inputs.join("a.jsonl"), format!("{}\n", good("a1", "Alpha"))).unwrap();
    let locked = inputs.join("b.jsonl");
    std::fs::write(&locked, format!("{}\n", good("a2", "Beta"))).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop reads, nothing to test.
        eprintln!("skipping: this user can read a 000 file (root)");
        return;
    }
    let out = dir.path().join("out");
    paperkg()
        .arg("build")
        .arg(&inputs)
        .args(["--format", "json", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("b.jsonl"));
    assert!(out.join("graph.json").is_file());
}

/// One policy for files (README, "Input handling"): a file that cannot be used is reported
/// with the reason and skipped, the rest is built, and the exit status is 1.
#[test]
fn unusable_files_are_reported_and_skipped_and_the_rest_is_built() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.jsonl"), good("g1", "Good") + "\n").unwrap();
    std::fs::write(d.join("corrupt.jsonl.gz"), b"garbage, not gzip").unwrap();
    std::fs::write(d.join("empty.jsonl"), b"").unwrap();
    std::fs::write(
        d.join("notes.md"),
        "# Notes\n\nSome *Markdown* about papers.\n\n- a list\n",
    )
    .unwrap();
    // A gzip stream cut short: the records before the cut are read.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..200 {
        writeln!(gz, "{}", good(&format!("t{i}"), &format!("Title {i}"))).unwrap();
    }
    let full = gz.finish().unwrap();
    std::fs::write(d.join("cut.jsonl.gz"), &full[..full.len() / 2]).unwrap();
    let out = paperkg()
        .current_dir(d)
        .args([
            "build",
            "good.jsonl",
            "corrupt.jsonl.gz",
            "empty.jsonl",
            "notes.md",
            "cut.jsonl.gz",
            "--format",
            "json",
            "-o",
            "out",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for said in [
        "corrupt.jsonl.gz: not a gzip file",
        "empty.jsonl: no records",
        "notes.md: cannot tell its format",
        "cut.jsonl.gz:",
        "3 unusable files skipped",
    ] {
        assert!(stderr.contains(said), "{said:?} not in:\n{stderr}");
    }
    let papers = super::util::paper_attr(&d.join("out/graph.json"), "id");
    assert!(papers.iter().any(|p| p == "paper:g1"), "{papers:?}");
    assert!(
        papers.len() > 10 && papers.len() < 201,
        "the cut stream's first records: {}",
        papers.len()
    );
}

/// A record whose abstract is empty is a paper read from its title (the summary counts
/// them); a record without an abstract field is a bad record.
#[test]
fn an_empty_abstract_is_a_title_only_paper_and_a_missing_one_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr, papers) = build(
        dir.path(),
        "a.jsonl",
        b"{\"id\":\"e1\",\"title\":\"ResNet on ImageNet\",\"abstract\":\"\"}\n",
    );
    assert_eq!((code, papers), (0, Some(1)), "{stderr}");
    assert!(
        stderr.contains("1 with an empty abstract, read from the title alone"),
        "{stderr}"
    );
    let (code, stderr, _) = build(
        dir.path(),
        "b.jsonl",
        b"{\"id\":\"e1\",\"title\":\"ResNet on ImageNet\"}\n",
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("b.jsonl:1: record has no \"abstract\""),
        "{stderr}"
    );
}

/// Ids that differ only by a control character stay two papers in every format (issue 19).
#[test]
fn ids_differing_by_a_control_character_stay_distinct_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("ids.jsonl"),
        concat!(
            r#"{"id":"tab\tid","title":"One on ImageNet","abstract":"We train ResNet-50 on ImageNet."}"#,
            "\n",
            r#"{"id":"tab id","title":"Two on COCO","abstract":"We train ResNet-50 on COCO."}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = paperkg()
        .current_dir(d)
        .args(["build", "ids.jsonl", "--format", "all", "-o", "out"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |f: &str| std::fs::read_to_string(d.join("out").join(f)).unwrap();
    let distinct = |ids: Vec<String>| {
        let n = ids.len();
        let set: std::collections::BTreeSet<_> = ids.into_iter().collect();
        assert_eq!(set.len(), n, "{set:?}");
        n
    };
    // Neo4j :ID column.
    let neo: Vec<String> = read("neo4j/nodes.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .filter(|id| id.starts_with("paper:"))
        .collect();
    assert_eq!(distinct(neo), 2);
    // GraphML and GEXF node ids, as an XML parser normalises attribute values.
    for f in ["graph.graphml", "graph.gexf"] {
        let text = read(f);
        let ids: Vec<String> = text
            .match_indices("<node id=\"")
            .map(|(i, m)| {
                let rest = &text[i + m.len()..];
                let raw = &rest[..rest.find('"').unwrap()];
                quick_xml::escape::unescape(raw)
                    .unwrap()
                    .replace(['\t', '\n', '\r'], " ")
            })
            .filter(|id| id.starts_with("paper:"))
            .collect();
        assert_eq!(distinct(ids), 2, "{f}");
    }
    // DOT node ids.
    let dot = read("graph.dot");
    let ids: Vec<String> = dot
        .lines()
        .filter(|l| !l.contains(" -> "))
        .filter_map(|l| l.trim_start().strip_prefix("\"paper:"))
        .map(|l| l[..l.find('"').unwrap()].to_owned())
        .collect();
    assert_eq!(distinct(ids), 2);
}

/// A graph.json whose shape is wrong is refused with the offending element named.
#[test]
fn a_misshapen_graph_is_refused_with_the_element_named() {
    let dir = tempfile::tempdir().unwrap();
    let node = |id: &str, kind: &str| format!(r#"{{"id":"{id}","kind":"{kind}","label":"{id}"}}"#);
    let edge = |s: &str, t: &str, r: &str| {
        format!(r#"{{"source":"{s}","target":"{t}","relation":"{r}","weight":1.0,"mentions":1}}"#)
    };
    let graph = |nodes: &[String], edges: &[String]| {
        format!(
            r#"{{"directed":true,"multigraph":false,"graph":{{}},"nodes":[{}],"edges":[{}]}}"#,
            nodes.join(","),
            edges.join(",")
        )
    };
    let (p, m, d) = (
        node("paper:1", "paper"),
        node("model:bert", "model"),
        node("dataset:squad", "dataset"),
    );
    for (name, text, said) in [
        (
            "dup.json",
            graph(&[p.clone(), m.clone(), m.clone()], &[]),
            "node id \"model:bert\" occurs twice",
        ),
        (
            "loop.json",
            graph(
                &[p.clone(), m.clone()],
                &[edge("model:bert", "model:bert", "uses")],
            ),
            "self-loop",
        ),
        (
            "e2e.json",
            graph(
                &[p.clone(), m.clone(), d.clone()],
                &[edge("model:bert", "dataset:squad", "uses")],
            ),
            "a `uses` edge joins a paper to an entity",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        paperkg()
            .arg("stats")
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(name))
            .stderr(predicates::str::contains(said));
    }
}

/// An absurd thread count is capped with a warning, not attempted.
#[test]
fn a_huge_thread_count_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr, papers) = {
        let input = dir.path().join("a.jsonl");
        std::fs::write(&input, good("j1", "Jay") + "\n").unwrap();
        let out = paperkg()
            .arg("build")
            .arg(&input)
            .args(["-j", "100000", "--format", "json", "-o"])
            .arg(dir.path().join("out"))
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            dir.path().join("out/graph.json").is_file(),
        )
    };
    assert_eq!((code, papers), (Some(0), true), "{stderr}");
    assert!(
        stderr.contains("-j 100000 is more than 4 threads per core"),
        "{stderr}"
    );
}

/// A directory with symbolic links back to itself is read once, and a dangling link or an
/// unreadable subdirectory is named and skipped (issue 19).
#[cfg(unix)]
#[test]
fn link_loops_dangling_links_and_unreadable_directories_are_named_and_skipped() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("corpus");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("good.jsonl"), good("g1", "Good") + "\n").unwrap();
    for name in ["a", "b", "loop"] {
        symlink(".", d.join(name)).unwrap();
    }
    symlink("nowhere.jsonl", d.join("dead.jsonl")).unwrap();
    let locked = d.join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("hidden.jsonl"), good("h1", "Hidden") + "\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads it anyway; then there is nothing to skip.
    let unreadable = std::fs::read_dir(&locked).is_err();
    let out = paperkg()
        .arg("build")
        .arg(&d)
        .args(["--format", "json", "-o"])
        .arg(dir.path().join("out"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("leads back to a directory already read"),
        "{stderr}"
    );
    assert!(
        stderr.contains("dead.jsonl: is a symbolic link to nothing"),
        "{stderr}"
    );
    if unreadable {
        assert!(stderr.contains("locked: cannot be read"), "{stderr}");
    }
    // good.jsonl was read once: no duplicates merged.
    assert!(stderr.contains("(0 duplicates merged"), "{stderr}");
}

/// A projection too large for memory is refused before it is built, with the estimate and
/// what shrinks it; --max-papers shrinks it (issue 19).
#[test]
fn an_oversized_projection_is_refused_with_advice() {
    let dir = super::util::build_sample(&["--format", "json"]);
    let g = dir.path().join("graph.json");
    let out = paperkg()
        .args(["project", "--papers", "--max-pairs", "5000", "-o"])
        .arg(dir.path().join("p"))
        .arg(&g)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("node pairs") && stderr.contains("--max-papers"),
        "{stderr}"
    );
    assert!(!dir.path().join("p").exists());
    paperkg()
        .args([
            "project",
            "--papers",
            "--max-pairs",
            "5000",
            "--max-papers",
            "5",
            "-o",
        ])
        .arg(dir.path().join("p"))
        .arg(&g)
        .assert()
        .success();
}

/// Inputs that used to eat memory or lose records (issue 19, parts 1 and 4): an endless
/// binary stream is refused at once, an over-long line is skipped in bounded memory, old-Mac
/// line ends split records, UTF-16 is named, and gzip on standard input is read.
#[test]
fn endless_long_odd_and_compressed_inputs() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.jsonl"), good("g1", "Good") + "\n").unwrap();
    let cr: Vec<String> = (0..3)
        .map(|i| good(&format!("c{i}"), &format!("Cr{i}")))
        .collect();
    std::fs::write(d.join("mac.jsonl"), cr.join("\r")).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in good("u1", "Wide").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(d.join("wide.jsonl"), utf16).unwrap();
    std::fs::write(
        d.join("long.jsonl"),
        format!(
            "{}\n{}\n",
            good("l0", &"Long".repeat(100)),
            good("l1", "Short")
        ),
    )
    .unwrap();
    let mut args = vec!["good.jsonl", "mac.jsonl", "wide.jsonl", "long.jsonl"];
    if cfg!(unix) {
        args.push("/dev/zero");
    }
    let out = paperkg()
        .current_dir(d)
        .arg("build")
        .args(&args)
        .args(["--max-record-size", "300", "--format", "json", "-o", "out"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for said in [
        "wide.jsonl: UTF-16 text: convert it to UTF-8",
        "long.jsonl:1: line longer than the record limit of 300 bytes",
    ] {
        assert!(stderr.contains(said), "{said:?} not in {stderr}");
    }
    if cfg!(unix) {
        assert!(stderr.contains("/dev/zero: binary data"), "{stderr}");
    }
    let mut ids = super::util::paper_attr(&d.join("out/graph.json"), "id");
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["paper:c0", "paper:c1", "paper:c2", "paper:g1", "paper:l1"]
    );

    // Gzip on standard input.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    writeln!(gz, "{}", good("z1", "Zipped")).unwrap();
    paperkg()
        .current_dir(d)
        .args(["extract", "--input-format", "jsonl", "-"])
        .write_stdin(gz.finish().unwrap())
        .assert()
        .success()
        .stdout(predicates::str::contains("\"id\":\"z1\""));
}

/// The files of one run replace the old ones all together or not at all (issue 19, part 2):
/// a blocked path, a write that fails half-way (a file-size limit, as a full disk would),
/// a second writer, and the temporaries a killed run leaves behind.
#[cfg(unix)]
#[test]
fn outputs_are_replaced_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.jsonl"), good("a1", "Alpha") + "\n").unwrap();
    let out = d.join("out");
    // The graph's files, and the links file and merge log a build also writes.
    const FILES: [&str; 6] = [
        "graph.json",
        "nodes.csv",
        "edges.csv",
        "graph.gexf",
        "paperkg-links.jsonl",
        "merges.tsv",
    ];
    let old = |out: &Path| {
        std::fs::create_dir_all(out).unwrap();
        for f in FILES {
            std::fs::write(out.join(f), "OLD").unwrap();
        }
    };
    let untouched = |out: &Path| {
        for f in FILES {
            assert_eq!(std::fs::read_to_string(out.join(f)).unwrap(), "OLD", "{f}");
        }
        let tmp: Vec<_> = std::fs::read_dir(out)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(tmp.is_empty(), "{tmp:?}");
    };

    // A file where the neo4j/ directory must go.
    old(&out);
    std::fs::write(out.join("neo4j"), "a file").unwrap();
    let run = paperkg()
        .current_dir(d)
        .args([
            "build",
            "in.jsonl",
            "--format",
            "all",
            "-o",
            "out",
            "--incremental",
        ])
        .args(["--merge-log", "out/merges.tsv"])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    untouched(&out);
    std::fs::remove_file(out.join("neo4j")).unwrap();

    // Writes fail past 20 KB (RLIMIT_FSIZE, its signal ignored): the sample graph's larger
    // files cannot be written, the small ones can; none may replace an old file.
    let bin = assert_cmd::cargo::cargo_bin("paperkg");
    let sample = super::util::sample_corpus();
    let run = std::process::Command::new("sh")
        .current_dir(d)
        .args(["-c", "trap '' XFSZ; ulimit -f 40; exec \"$0\" \"$@\""])
        .arg(&bin)
        .args(["--no-progress", "build"])
        .arg(&sample)
        .args(["--format", "all", "-o", "out", "--incremental"])
        .args(["--merge-log", "out/merges.tsv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    // The OS error is said once, not once per layer.
    assert_eq!(stderr.matches("(os error").count(), 1, "{stderr}");
    untouched(&out);

    // A second writer is refused while the first holds the directory.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".paperkg.lock"))
        .unwrap();
    lock.lock().unwrap();
    paperkg()
        .current_dir(d)
        .args(["build", "in.jsonl", "--format", "json", "-o", "out"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("another paperkg is writing"));
    untouched(&out);
    drop(lock);

    // Temporaries of a killed run are cleaned by the next run, which then succeeds.
    std::fs::create_dir_all(out.join("neo4j")).unwrap();
    std::fs::write(out.join(".paperkg-killed.tmp"), "x".repeat(1000)).unwrap();
    std::fs::write(out.join("neo4j/.paperkg-killed.tmp"), "x").unwrap();
    paperkg()
        .current_dir(d)
        .args(["build", "in.jsonl", "--format", "all", "-o", "out"])
        .assert()
        .success();
    assert!(!out.join(".paperkg-killed.tmp").exists());
    assert!(!out.join("neo4j/.paperkg-killed.tmp").exists());
    assert_ne!(
        std::fs::read_to_string(out.join("graph.json")).unwrap(),
        "OLD"
    );
}

/// A JSON array element, or a whole JSON document, over the record limit is skipped in
/// bounded memory and reading goes on (issue 19, part 1).
#[test]
fn oversized_json_values_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let big = good("b", "Big").replace("We train", &"x".repeat(2000));
    std::fs::write(
        d.join("arr.json"),
        format!("[{},{},{}]", good("a", "A"), big, good("c", "C")),
    )
    .unwrap();
    std::fs::write(d.join("one.json"), &big).unwrap();
    let out = paperkg()
        .current_dir(d)
        .args(["extract", "arr.json", "one.json", "--max-record-size", "1K"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("arr.json:1: element longer than the record limit of 1024 bytes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("one.json:1: the JSON value is longer than the record limit"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let ids: Vec<&str> = stdout.lines().map(|l| &l[7..8]).collect();
    assert_eq!(ids, ["a", "c"], "{stdout}");
}

/// A CSV row over the record limit is skipped in bounded memory; the rows around it are read.
#[test]
fn an_oversized_csv_row_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let long = "x".repeat(50_000);
    std::fs::write(
        d.join("t.csv"),
        format!(
            "id,title,abstract\na,Alpha,We use BERT.\nb,Beta,\"{long}\nstill {long}\"\nc,Gamma,We use GPT-2.\n"
        ),
    )
    .unwrap();
    let out = paperkg()
        .current_dir(d)
        .args(["extract", "t.csv", "--max-record-size", "16K"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("row longer than the record limit of 16384 bytes"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("\"id\":\"a\"") && stdout.contains("\"id\":\"c\""),
        "{stdout}\n{stderr}"
    );
    assert!(!stdout.contains("\"id\":\"b\""), "{stdout}");
}
