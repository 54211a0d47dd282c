//! Incremental builds: the links file, which lets a later run add papers to a graph without
//! extracting the earlier ones again.
//!
//! A graph cannot be extended from `graph.json` alone: entities are resolved across papers (an
//! acronym defined in one paper joins the bare acronym in another, an entity is named by its
//! most frequent name), so new papers can merge or rename nodes that already exist. What new
//! papers do not change is each old paper's own extraction, its [`EntityLink`]s. [`write()`]
//! stores them, one JSON line per paper in corpus order after a header line naming the
//! paperkg version and the extractors' [fingerprint](Extractors::fingerprint); [`read`] gives
//! them back as a [`Corpus`] with its links, after checking that the extractors about to add
//! to them are the same. Building the graph from the old links and the new ones then gives
//! the graph one run over all the inputs would have given.
//!
//! ```text
//! {"paperkg_links":1,"version":"0.1.0","lexicon":"1f4c…","papers":2}
//! {"id":"a1","title":"Sparse Autoencoders …","year":2023,"had_abstract":true,"links":[{"kind":"method","name":"sparse autoencoders","mentions":["sparse autoencoders","SAEs"],"aliases":["SAEs"],"role":"introduced","count":3,"evidence":{"field":"abstract","sentence":"…","start":10,"end":29},"merges":[{"name":"SAEs","rule":"abbreviation"}]}]}
//! {"id":"b7","title":"…","had_abstract":false,"links":[]}
//! ```
//!
//! A paper's line holds its metadata (not its abstract, which is not needed again), whether it
//! had an abstract when it was extracted, and its links with the merges behind them (for the
//! merge log). Reading the new inputs and extracting them is the caller's job (`paperkg build
//! --append`), and so is the one case where an old paper is extracted again: it had no
//! abstract, and a new record of the same paper brings one ([`Saved::had_abstract`]), just as
//! one run would have waited for that record.

use crate::error::{Error, Result};
use crate::extract::{Confidence, EntityKind, EntityLink, Evidence, Extractors, Merge, Role};
use crate::graph::LinkTable;
use crate::input::Corpus;
use crate::paper::Paper;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The links file's name in an output directory.
pub const FILE_NAME: &str = "paperkg-links.jsonl";

/// The version of the file's layout this paperkg reads and writes.
const FORMAT: u32 = 1;

/// The links file of an output directory.
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// What an incremental build saved: its papers and their links, ready to be extended.
#[derive(Debug, Default)]
pub struct Saved {
    /// The papers, in the order they were first read, without their abstracts.
    pub corpus: Corpus,
    /// Each paper's links: `links.links(i)` belongs to `corpus.papers[i]`.
    pub links: LinkTable,
    /// Whether `corpus.papers[i]` had an abstract when it was extracted. One that had none was
    /// extracted from its title alone; a later record of it that has an abstract calls for
    /// extracting it again.
    pub had_abstract: Vec<bool>,
}

/// The first line: which paperkg and which extractors made the links, and how many papers
/// follow (so that a file cut short at a line end is noticed).
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    paperkg_links: u32,
    version: Cow<'a, str>,
    lexicon: Cow<'a, str>,
    papers: usize,
}

/// One paper's line. Borrowed when written, owned when read.
#[derive(Serialize, Deserialize)]
struct PaperLine<'a> {
    id: Cow<'a, str>,
    title: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(default, skip_serializing_if = "<[String]>::is_empty")]
    authors: Cow<'a, [String]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<Cow<'a, str>>,
    had_abstract: bool,
    links: Vec<LinkLine<'a>>,
}

/// One link: [`EntityLink`]'s fields, with the merges its own serialisation leaves out. (Its
/// diagnostic `rule` is not kept: nothing built from links reads it.)
#[derive(Serialize, Deserialize)]
struct LinkLine<'a> {
    kind: EntityKind,
    name: Cow<'a, str>,
    mentions: Cow<'a, [String]>,
    #[serde(default, skip_serializing_if = "<[String]>::is_empty")]
    aliases: Cow<'a, [String]>,
    role: Role,
    count: u32,
    /// Absent in files written before links had a confidence: certain.
    #[serde(default)]
    confidence: Confidence,
    evidence: Cow<'a, Evidence>,
    #[serde(default, skip_serializing_if = "<[Merge]>::is_empty")]
    merges: Cow<'a, [Merge]>,
}

/// The fingerprint as written in the header.
fn fingerprint(extractors: &Extractors) -> String {
    format!("{:016x}", extractors.fingerprint())
}

/// Writes the links file: the header, then one line per paper.
///
/// # Panics
/// If `papers`, `links` and `had_abstract` differ in length.
pub fn write(
    out: &mut dyn Write,
    extractors: &Extractors,
    papers: &[Paper],
    links: &LinkTable,
    had_abstract: &[bool],
) -> std::io::Result<()> {
    assert!(
        papers.len() == links.len() && papers.len() == had_abstract.len(),
        "one list of links and one abstract flag per paper"
    );
    let header = Header {
        paperkg_links: FORMAT,
        version: Cow::Borrowed(env!("CARGO_PKG_VERSION")),
        lexicon: Cow::Owned(fingerprint(extractors)),
        papers: papers.len(),
    };
    serde_json::to_writer(&mut *out, &header)?;
    out.write_all(b"\n")?;
    for (i, (paper, &had_abstract)) in papers.iter().zip(had_abstract).enumerate() {
        let links = links.links(i);
        let line = PaperLine {
            id: Cow::Borrowed(&paper.id),
            title: Cow::Borrowed(&paper.title),
            year: paper.year,
            authors: Cow::Borrowed(&paper.authors),
            url: paper.url.as_deref().map(Cow::Borrowed),
            had_abstract,
            links: links
                .iter()
                .map(|l| LinkLine {
                    kind: l.kind,
                    name: Cow::Borrowed(&l.name),
                    mentions: Cow::Borrowed(&l.mentions),
                    aliases: Cow::Borrowed(&l.aliases),
                    role: l.role,
                    count: l.count,
                    confidence: l.confidence,
                    evidence: Cow::Borrowed(&l.evidence),
                    merges: Cow::Borrowed(&l.merges),
                })
                .collect(),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes the links file to `path` atomically (see [`crate::export::write_atomic`]).
pub fn write_file(
    path: &Path,
    extractors: &Extractors,
    papers: &[Paper],
    links: &LinkTable,
    had_abstract: &[bool],
) -> Result<()> {
    crate::export::write_atomic(path, |out| {
        write(out, extractors, papers, links, had_abstract)
    })
}

/// Reads the links file at `path`, which `extractors` are about to extend.
///
/// A missing file is [`Error::NotFound`]. A file written by another paperkg version or with
/// other extractors (a different lexicon or stop list), or one that is damaged, is
/// [`Error::Format`], naming the line where there is one.
pub fn read(path: &Path, extractors: &Extractors) -> Result<Saved> {
    let file = std::fs::File::open(path).map_err(|e| Error::open(path, e))?;
    read_from(
        std::io::BufReader::with_capacity(1 << 16, file),
        path,
        extractors,
    )
}

/// Like [`read`], from any buffered reader (`path` is only used in messages).
pub fn read_from(reader: impl BufRead, path: &Path, extractors: &Extractors) -> Result<Saved> {
    let err = |line: usize, message: String| Error::Format {
        path: path.to_path_buf(),
        message: if line == 0 {
            message
        } else {
            format!("line {line}: {message}")
        },
    };
    let mut lines = reader.split(b'\n');
    let first = match lines.next() {
        Some(line) => line.map_err(|e| Error::io(path, e))?,
        None => return Err(err(0, "empty file, not a paperkg links file".into())),
    };
    let header: Header = serde_json::from_slice(&first)
        .map_err(|e| err(1, format!("not a paperkg links file ({e})")))?;
    check_header(&header, extractors).map_err(|m| err(1, m))?;

    let mut saved = Saved::default();
    for (n, line) in lines.enumerate() {
        let number = n + 2;
        let line = line.map_err(|e| Error::io(path, e))?;
        let paper: PaperLine =
            serde_json::from_slice(&line).map_err(|e| err(number, e.to_string()))?;
        let (paper, links, had_abstract) = owned(paper);
        let id = paper.id.clone();
        if !saved.corpus.push(paper) {
            return Err(err(
                number,
                format!("paper {id:?} is already on an earlier line"),
            ));
        }
        saved.links.push(links);
        saved.had_abstract.push(had_abstract);
    }
    if saved.corpus.len() != header.papers {
        return Err(err(
            0,
            format!(
                "holds {} papers but its header says {}: the file is incomplete",
                saved.corpus.len(),
                header.papers
            ),
        ));
    }
    Ok(saved)
}

/// Why links with this header cannot be extended by `extractors`, if they cannot.
fn check_header(header: &Header, extractors: &Extractors) -> std::result::Result<(), String> {
    let rebuild = "build again from all the inputs with --incremental (without --append)";
    if header.paperkg_links != FORMAT {
        return Err(format!(
            "links file format {}, but this paperkg reads format {FORMAT}; {rebuild}",
            header.paperkg_links
        ));
    }
    let version = env!("CARGO_PKG_VERSION");
    if header.version != version {
        return Err(format!(
            "written by paperkg {}, but this is paperkg {version}, which may extract \
             differently; {rebuild}",
            header.version
        ));
    }
    let lexicon = fingerprint(extractors);
    if header.lexicon != lexicon {
        return Err(format!(
            "written with another lexicon or stop list (fingerprint {}, this run {lexicon}); \
             append with the same --lexicon and --stoplist as the build that wrote it, or \
             {rebuild}",
            header.lexicon
        ));
    }
    Ok(())
}

/// A read line as a paper (without abstract), its links and its abstract flag. The links of
/// one paper that cite the same sentence share it again, as they did when extracted.
fn owned(line: PaperLine<'_>) -> (Paper, Vec<EntityLink>, bool) {
    let paper = Paper {
        id: line.id.into_owned(),
        title: line.title.into_owned(),
        abstract_text: String::new(),
        year: line.year,
        authors: line.authors.into_owned(),
        url: line.url.map(Cow::into_owned),
        source: Default::default(),
    };
    let mut sentences: Vec<Arc<str>> = Vec::new();
    let links = line
        .links
        .into_iter()
        .map(|l| {
            let mut evidence = l.evidence.into_owned();
            match sentences.iter().find(|s| **s == evidence.sentence) {
                Some(s) => evidence.sentence = s.clone(),
                None => sentences.push(evidence.sentence.clone()),
            }
            EntityLink {
                kind: l.kind,
                name: l.name.into_owned(),
                mentions: l.mentions.into_owned(),
                aliases: l.aliases.into_owned(),
                role: l.role,
                count: l.count,
                confidence: l.confidence,
                evidence,
                rule: None,
                facts: None,
                merges: l.merges.into_owned(),
            }
        })
        .collect();
    (paper, links, line.had_abstract)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extractors() -> Extractors {
        Extractors::default()
    }

    fn papers() -> Vec<Paper> {
        let mut corpus = Corpus::new();
        for (id, title, abs, year) in [
            (
                "a1",
                "Sparse Autoencoders Find Features",
                "We train sparse autoencoders (SAEs) on GPT-2. SAEs find features.",
                Some(2023),
            ),
            ("b2", "A Title Alone", "", None),
            (
                "c3",
                "Another \"quoted\"\nstudy",
                "We evaluate on ImageNet.",
                None,
            ),
        ] {
            corpus.push(Paper {
                id: id.into(),
                title: title.into(),
                abstract_text: abs.into(),
                year,
                authors: vec!["Ada".into()],
                url: None,
                source: Default::default(),
            });
        }
        corpus.papers
    }

    fn saved_bytes() -> (Vec<Paper>, Vec<Vec<EntityLink>>, Vec<u8>) {
        let ex = extractors();
        let papers = papers();
        let links: Vec<Vec<EntityLink>> = papers.iter().map(|p| ex.extract(p)).collect();
        let flags: Vec<bool> = papers.iter().map(|p| !p.abstract_text.is_empty()).collect();
        let mut out = Vec::new();
        let table: LinkTable = links.iter().cloned().collect();
        write(&mut out, &ex, &papers, &table, &flags).unwrap();
        (papers, links, out)
    }

    #[test]
    fn links_survive_a_round_trip_with_their_merges() {
        let (papers, links, bytes) = saved_bytes();
        assert!(
            links[0].iter().any(|l| !l.merges.is_empty()),
            "the fixture should merge SAEs into sparse autoencoders"
        );
        let saved = read_from(&bytes[..], Path::new("x.jsonl"), &extractors()).unwrap();
        assert_eq!(saved.had_abstract, [true, false, true]);
        assert_eq!(saved.corpus.len(), 3);
        for (old, new) in papers.iter().zip(&saved.corpus.papers) {
            assert_eq!(
                (&old.id, &old.title, old.year),
                (&new.id, &new.title, new.year)
            );
            assert_eq!(old.authors, new.authors);
            assert!(new.abstract_text.is_empty());
        }
        let without_rule = |ls: &[EntityLink]| -> Vec<EntityLink> {
            ls.iter()
                .map(|l| EntityLink {
                    rule: None,
                    facts: None,
                    ..l.clone()
                })
                .collect()
        };
        assert_eq!(saved.links.len(), links.len());
        for (i, old) in links.iter().enumerate() {
            assert_eq!(without_rule(old), saved.links.links(i));
        }
        // Written again, the same bytes.
        let mut again = Vec::new();
        write(
            &mut again,
            &extractors(),
            &saved.corpus.papers,
            &saved.links,
            &saved.had_abstract,
        )
        .unwrap();
        assert_eq!(bytes, again);
    }

    #[test]
    fn the_header_comes_first_and_names_version_and_fingerprint() {
        let (_, _, bytes) = saved_bytes();
        let text = String::from_utf8(bytes).unwrap();
        let header = text.lines().next().unwrap();
        assert_eq!(
            header,
            format!(
                "{{\"paperkg_links\":1,\"version\":\"{}\",\"lexicon\":\"{:016x}\",\"papers\":3}}",
                env!("CARGO_PKG_VERSION"),
                extractors().fingerprint()
            )
        );
        assert_eq!(text.lines().count(), 4);
    }

    #[test]
    fn other_extractors_are_refused() {
        let (_, _, bytes) = saved_bytes();
        let other = Extractors::with_user(None, &["ImageNet".into()]).unwrap();
        let err = read_from(&bytes[..], Path::new("x.jsonl"), &other)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("x.jsonl: line 1: written with another lexicon"),
            "{err}"
        );
    }

    #[test]
    fn damage_is_reported_with_its_line() {
        let (_, _, bytes) = saved_bytes();
        let text = String::from_utf8(bytes).unwrap();
        let read = |s: &str| {
            read_from(s.as_bytes(), Path::new("x.jsonl"), &extractors())
                .unwrap_err()
                .to_string()
        };
        let lines: Vec<&str> = text.lines().collect();
        let broken = format!("{}\n{}\n{{oops\n{}\n", lines[0], lines[1], lines[3]);
        assert!(
            read(&broken).starts_with("x.jsonl: line 3: "),
            "{}",
            read(&broken)
        );
        let short = format!("{}\n{}\n", lines[0], lines[1]);
        assert!(
            read(&short).contains("the file is incomplete"),
            "{}",
            read(&short)
        );
        let twice = format!("{}\n{}\n{}\n{}\n", lines[0], lines[1], lines[1], lines[3]);
        assert!(
            read(&twice).contains("line 3: paper \"a1\" is already"),
            "{}",
            read(&twice)
        );
        assert!(read("{\"nodes\":[]}\n").contains("line 1: not a paperkg links file"));
        assert!(read("").contains("empty file"));
    }
}
