//! The readers on the sample corpus and the gold file.

use super::util::{dev_gold, sample_corpus};
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
