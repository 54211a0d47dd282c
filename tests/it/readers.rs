//! The readers on the sample corpus and the gold file.

use super::util::{dev_gold, paperkg, sample_corpus};
use paperkg::input::{self, Corpus};

fn count(file: &str) -> (usize, usize) {
    let path = sample_corpus().join(file);
    let mut ok = 0;
    let mut bad = 0;
    for r in input::read_papers(&path).unwrap() {
        match r {
            Ok(_) => ok += 1,
            Err(e) => {
                eprintln!("{e}");
                bad += 1
            }
        }
    }
    (ok, bad)
}

#[test]
fn each_seed_file_pairs_every_title_with_its_abstract() {
    assert_eq!(count("000_149ee73d7e3a7f4f.txt"), (119, 0));
    assert_eq!(count("001_ece2e350db807fc4.txt"), (239, 0));
    assert_eq!(count("002_317656314b5a0411.txt"), (51, 0));
}

#[test]
fn sample_corpus_has_398_distinct_papers_after_11_merges() {
    let files = input::expand_inputs(&[sample_corpus()]).unwrap();
    assert_eq!(files.len(), 3);
    let mut corpus = Corpus::new();
    for file in files {
        for r in input::read_papers(&file).unwrap() {
            corpus.push(r.unwrap());
        }
    }
    assert_eq!(corpus.len(), 398);
    assert_eq!(corpus.duplicates, 11);
    let first = &corpus.papers[0];
    assert_eq!(
        first.title,
        "Single layer tiny Co^4 outpaces GPT-2 and GPT-BERT"
    );
    assert!(
        first
            .abstract_text
            .starts_with("We show that a tiny Co^4 machine")
    );
    // No page chrome became a paper.
    for p in &corpus.papers {
        assert!(
            !p.title.starts_with("Get trending") && p.title != "Daily Papers",
            "{}",
            p.title
        );
        assert!(!p.title.starts_with("Subscribe"), "{}", p.title);
    }
}

#[test]
fn gold_file_reads_as_120_papers_with_their_ids() {
    let papers: Vec<_> = input::read_papers(dev_gold())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(papers.len(), 120);
    assert_eq!(papers[0].id, "001-228");
    assert!(papers[0].title.starts_with("CURL:"));
}

/// Reference-manager and bibliographic-database exports (issue 20): RIS, Web of Science
/// plain text (named `.txt`, told from a papers-page dump by its header) and a Scopus CSV, read
/// together with no warning; Scopus's "[No abstract available]" is a title-only paper.
#[test]
fn ris_web_of_science_and_scopus_exports_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("zotero.ris"),
        "TY  - JOUR\nTI  - Deep Residual Learning\nAU  - He, Kaiming\nPY  - 2016///\nAB  - We train ResNet-50 on ImageNet.\nDO  - 10.1109/CVPR.2016.90\nER  - \n\nTY  - CONF\nTI  - Attention Is All You Need\nAB  - We propose the Transformer\n  and evaluate on WMT 2014.\nPY  - 2017\nER  - \n",
    )
    .unwrap();
    std::fs::write(
        d.join("savedrecs.txt"),
        "\u{feff}FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Devlin, J\n   Chang, MW\nTI BERT: Pre-training of Deep Bidirectional Transformers\nAB We fine-tune BERT on SQuAD and GLUE.\nPY 2019\nUT WOS:000000000000001\nER\n\nPT J\nAU Kingma, DP\nTI Adam: A Method for Stochastic Optimization\nAB We introduce Adam, an optimizer, and test it on MNIST.\nPY 2015\nER\n\nEF\n",
    )
    .unwrap();
    std::fs::write(
        d.join("scopus.csv"),
        "\u{feff}\"Authors\",\"Title\",\"Year\",\"Source title\",\"DOI\",\"Abstract\"\n\"Tan M.; Le Q.\",\"EfficientNet: Rethinking Model Scaling\",\"2019\",\"ICML\",\"10.5555/efficientnet\",\"We scale EfficientNet-B7 on ImageNet.\"\n\"Doe J.\",\"A Title Only Paper on BERT\",\"2020\",\"X\",\"10.5555/notitle\",\"[No abstract available]\"\n",
    )
    .unwrap();
    let out = paperkg()
        .current_dir(d)
        .args([
            "build",
            "zotero.ris",
            "savedrecs.txt",
            "scopus.csv",
            "--format",
            "json",
            "-o",
            "out",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(stderr.contains(": 6 papers"), "{stderr}");
    assert!(stderr.contains("1 with an empty abstract"), "{stderr}");
    let graph = d.join("out/graph.json");
    let titles = super::util::paper_attr(&graph, "label");
    assert!(
        titles
            .iter()
            .any(|t| t == "BERT: Pre-training of Deep Bidirectional Transformers"),
        "{titles:?}"
    );
    let ids = super::util::paper_attr(&graph, "paper_id");
    assert!(
        ids.iter().any(|i| i == "10.1109/cvpr.2016.90")
            && ids.iter().any(|i| i == "WOS:000000000000001"),
        "{ids:?}"
    );
}

/// A .bib file (issue 20): entries read with their fields, a broken entry reported with its
/// line and the rest still read.
#[test]
fn bibtex_files_are_read_entry_by_entry() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("library.bib"),
        "@string{nips = {NeurIPS}}\n@inproceedings{a, title = {{BERT} on {SQuAD}: a Study f{\\\"u}r Readers}, abstract = {We fine-tune BERT on SQuAD \\& report F1.}, author = {Devlin, Jacob}, booktitle = nips, year = 2019, doi = {10.5555/ABC}}\n@article{broken, title = {Unclosed, abstract = {x}\n@article{c, title = \"Adam\", abstract = \"We introduce Adam and test it on MNIST.\", eprint = {1412.6980}, date = {2014-12-22}}\n",
    )
    .unwrap();
    let out = paperkg()
        .current_dir(d)
        .args(["build", "library.bib", "--format", "json", "-o", "out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("library.bib:3:"), "{stderr}");
    assert!(stderr.contains(": 2 papers"), "{stderr}");
    let graph = d.join("out/graph.json");
    let papers: Vec<(String, String)> = super::util::paper_attr(&graph, "paper_id")
        .into_iter()
        .zip(super::util::paper_attr(&graph, "label"))
        .collect();
    assert_eq!(
        papers,
        [
            (
                "10.5555/abc".to_owned(),
                "BERT on SQuAD: a Study für Readers".to_owned()
            ),
            ("1412.6980".to_owned(), "Adam".to_owned())
        ]
    );
}

/// A 10 MB field: read under the default record limit, skipped (and the next record read)
/// under a smaller one.
#[test]
fn a_ten_megabyte_field_is_read_or_skipped_by_the_record_limit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let huge = "word ".repeat(2_000_000);
    std::fs::write(
        d.join("big.ris"),
        format!("TY  - JOUR\nTI  - Huge\nAB  - {huge}\nER  - \nTY  - JOUR\nTI  - Small\nAB  - We use BERT.\nER  - \n"),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        paperkg()
            .current_dir(d)
            .args(["extract", "big.ris"])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    let out = run(&["--max-record-size", "1M"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("big.ris:1: record longer than the record limit"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("\"title\":\"Small\"") && !stdout.contains("Huge"),
        "{stdout}"
    );
}
