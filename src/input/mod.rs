//! Readers: files in, [`Paper`]s out.
//!
//! Each reader is an iterator over records, so a million-line file is never held in memory at
//! once. A record that cannot be read becomes a [`RecordError`] naming its file and line, and the
//! iterator goes on with the next record; whether that is fatal (`--strict`) is the caller's
//! choice. Files that cannot be opened at all are [`Error`]s.
//!
//! Formats ([`InputFormat`]) are chosen from the file extension, else sniffed from the first
//! bytes; `.gz` files are decompressed on the fly. Directories are walked in sorted order, and
//! `-` is standard input. Merging papers that appear twice is [`Corpus`]'s job, not the
//! readers'.

mod bibtex;
mod csv;
mod hf;
mod json;
mod lines;
mod record;
mod tagged;

use crate::error::{Error, Result};
use crate::paper::{Paper, normalize_title};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The default [`max_record_bytes`]: 16 MiB, far above any real title and abstract.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

static RECORD_LIMIT: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(MAX_RECORD_BYTES);

/// The longest line the line-oriented readers (papers-page dumps, JSON Lines) keep: a longer
/// one is reported and skipped as it is read, so memory stays bounded on any input.
pub fn max_record_bytes() -> usize {
    RECORD_LIMIT.load(std::sync::atomic::Ordering::Relaxed)
}

/// Sets [`max_record_bytes`] for readers opened from now on (`--max-record-size`).
pub fn set_max_record_bytes(bytes: usize) {
    RECORD_LIMIT.store(bytes.max(1), std::sync::atomic::Ordering::Relaxed);
}

/// The input formats paperkg reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputFormat {
    /// A Hugging Face papers-page text dump: a title line, then an abstract line, repeated;
    /// page chrome ("Subscribe", "Daily Papers", dates…) is skipped.
    HfDump,
    /// JSON Lines: one JSON object per line.
    Jsonl,
    /// A JSON array of objects (a single object is read as one record).
    Json,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// RIS (Zotero, Mendeley, EndNote, Scopus exports): `TY  -` … `ER  -` records.
    Ris,
    /// Web of Science plain-text export (`savedrecs.txt`): `PT` … `ER` records.
    Wos,
    /// BibTeX / BibLaTeX (`.bib`).
    Bib,
}

impl InputFormat {
    /// All formats, in the order `--input-format` lists them.
    pub const ALL: [InputFormat; 8] = [
        InputFormat::HfDump,
        InputFormat::Jsonl,
        InputFormat::Json,
        InputFormat::Csv,
        InputFormat::Tsv,
        InputFormat::Ris,
        InputFormat::Wos,
        InputFormat::Bib,
    ];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::HfDump => "hf",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Json => "json",
            InputFormat::Csv => "csv",
            InputFormat::Tsv => "tsv",
            InputFormat::Ris => "ris",
            InputFormat::Wos => "wos",
            InputFormat::Bib => "bib",
        }
    }

    /// The format a file extension stands for (`txt`, `jsonl`, `ndjson`, `json`, `csv`, `tsv`).
    pub fn from_extension(ext: &str) -> Option<InputFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" => Some(InputFormat::HfDump),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            "json" => Some(InputFormat::Json),
            "csv" => Some(InputFormat::Csv),
            "tsv" | "tab" => Some(InputFormat::Tsv),
            "ris" => Some(InputFormat::Ris),
            "bib" | "bibtex" => Some(InputFormat::Bib),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of a file; `None` when they look like none
    /// of them (a Markdown or HTML file, say).
    ///
    /// JSON and JSON Lines start with `[` or `{`; CSV and TSV have a header naming an
    /// `abstract` column; a papers-page dump has the page's chrome ("Subscribe", "Daily
    /// Papers", …) or starts with a title line followed by an abstract line of 30 words or
    /// more, with no Markdown or HTML markup before it.
    pub fn sniff(head: &[u8]) -> Option<InputFormat> {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let text = String::from_utf8_lossy(head);
        let trimmed = text.trim_start();
        if trimmed.starts_with('[') {
            return Some(InputFormat::Json);
        }
        if trimmed.starts_with('{') {
            // One object per line is JSON Lines; an object spread over lines is plain JSON.
            let first_line = trimmed.lines().next().unwrap_or("");
            return Some(
                if serde_json::from_str::<serde_json::Value>(first_line).is_ok() {
                    InputFormat::Jsonl
                } else {
                    InputFormat::Json
                },
            );
        }
        let first = trimmed.lines().next().unwrap_or("");
        // A .bib: its first entry (`@article{…`) among the first lines, comments before it.
        if trimmed
            .lines()
            .take(24)
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('%'))
            .is_some_and(|l| {
                let l = l.trim_start();
                l.starts_with('@')
                    && l[1..].starts_with(|c: char| c.is_ascii_alphabetic())
                    && l.contains(['{', '('])
            })
        {
            return Some(InputFormat::Bib);
        }
        if first.starts_with("TY  -") {
            return Some(InputFormat::Ris);
        }
        if first.starts_with("FN ") || first.starts_with("PT ") {
            let second = trimmed.lines().nth(1).unwrap_or("");
            if first.starts_with("PT ") || second.starts_with("VR ") {
                return Some(InputFormat::Wos);
            }
        }
        let header = first.to_ascii_lowercase();
        if header.contains("abstract") {
            if header.contains('\t') {
                return Some(InputFormat::Tsv);
            }
            if header.contains(',') {
                return Some(InputFormat::Csv);
            }
        }
        let lines: Vec<&str> = trimmed
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(24)
            .collect();
        if lines.iter().any(|l| hf::is_chrome(l)) {
            return Some(InputFormat::HfDump);
        }
        let markup = |l: &str| {
            l.starts_with(['#', '<', '|', '>', '*', '-', '=', '`']) || l.starts_with("---")
        };
        match lines.as_slice() {
            [title, abstract_text, ..]
                if !markup(title)
                    && !markup(abstract_text)
                    && abstract_text.split_whitespace().count() >= 30 =>
            {
                Some(InputFormat::HfDump)
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for InputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

pub use crate::error::RecordError;

/// What a reader yields: a paper, or the reason a record was skipped.
pub type RecordResult = std::result::Result<Paper, RecordError>;

/// An iterator over the records of one input.
pub type Records = Box<dyn Iterator<Item = RecordResult> + Send>;

/// Opens one file (or `-` for standard input) and returns an iterator over its records.
///
/// `format` overrides the extension and content sniffing.
pub fn read_papers(path: impl AsRef<Path>) -> Result<Records> {
    open(path.as_ref(), None)
}

/// Why `bytes` (the start of a file, or all of it) are no text paperkg can read: UTF-16 (by
/// its byte-order mark) or binary data (a NUL byte). `None` for text.
pub(crate) fn not_text(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        Some("UTF-16 text: convert it to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)")
    } else if bytes.contains(&0) {
        Some("binary data (NUL bytes), not text")
    } else {
        None
    }
}

/// Like [`read_papers`], with an optional forced format.
pub fn open(path: &Path, format: Option<InputFormat>) -> Result<Records> {
    let display = path.to_path_buf();
    let (raw, name): (Box<dyn Read + Send>, PathBuf) = if path.as_os_str() == "-" {
        (Box::new(io::stdin()), PathBuf::from("-"))
    } else {
        let file = File::open(path).map_err(|e| Error::open(&display, e))?;
        (Box::new(file), display.clone())
    };
    // Gzip is recognised by its magic bytes (also on standard input, or under another name).
    let mut compressed = BufReader::with_capacity(1 << 16, raw);
    let head = compressed.fill_buf().map_err(|e| Error::io(&display, e))?;
    let gz = head.starts_with(&[0x1f, 0x8b]);
    if has_extension(path, "gz") && !gz {
        return Err(Error::Format {
            path: display,
            message: if head.is_empty() {
                "empty file".into()
            } else {
                "not a gzip file, though its name ends in .gz".into()
            },
        });
    }
    let raw: Box<dyn Read + Send> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(compressed))
    } else {
        Box::new(compressed)
    };
    let mut reader = BufReader::with_capacity(1 << 16, raw);
    // Text it cannot read is refused whole, with what to do about it.
    let head = reader.fill_buf().map_err(|e| Error::io(&display, e))?;
    if let Some(why) = not_text(&head[..head.len().min(8192)]) {
        return Err(Error::Format {
            path: display,
            message: why.into(),
        });
    }
    // A `.txt` may be a papers-page dump or a Web of Science export (`savedrecs.txt`).
    let by_name = format_from_name(path).map(|f| match f {
        InputFormat::HfDump if InputFormat::sniff(head) == Some(InputFormat::Wos) => {
            InputFormat::Wos
        }
        f => f,
    });
    let format = match format.or(by_name) {
        Some(f) => f,
        None => {
            let head = reader.fill_buf().map_err(|e| Error::io(&display, e))?;
            if head.is_empty() {
                return Err(Error::Format {
                    path: display,
                    message: "empty file".into(),
                });
            }
            InputFormat::sniff(head).ok_or_else(|| Error::Format {
                path: display.clone(),
                message: "cannot tell its format: not JSON, JSON Lines, CSV or TSV with an \
                          `abstract` column, nor a papers-page dump (name it with \
                          --input-format, or give it a known extension)"
                    .into(),
            })?
        }
    };
    Ok(from_reader(Box::new(reader), format, name))
}

/// Records of one format from any buffered reader (`name` is used in messages): what
/// [`open`] does once it has chosen the format. Useful for in-memory input.
pub fn from_reader(reader: Box<dyn BufRead + Send>, format: InputFormat, name: PathBuf) -> Records {
    match format {
        InputFormat::HfDump => Box::new(hf::HfDumpReader::new(reader, name)),
        InputFormat::Jsonl => Box::new(json::JsonLinesReader::new(reader, name)),
        InputFormat::Json => Box::new(json::JsonArrayReader::new(reader, name)),
        InputFormat::Csv => Box::new(csv::CsvReader::new(reader, name, b',')),
        InputFormat::Tsv => Box::new(csv::CsvReader::new(reader, name, b'\t')),
        InputFormat::Ris => Box::new(tagged::TaggedReader::new(
            reader,
            name,
            tagged::Dialect::Ris,
        )),
        InputFormat::Wos => Box::new(tagged::TaggedReader::new(
            reader,
            name,
            tagged::Dialect::WebOfScience,
        )),
        InputFormat::Bib => Box::new(bibtex::BibReader::new(reader, name)),
    }
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The format named by a path's extension, looking through a `.gz` suffix.
fn format_from_name(path: &Path) -> Option<InputFormat> {
    let inner = if has_extension(path, "gz") {
        Path::new(path.file_stem()?)
    } else {
        path
    };
    InputFormat::from_extension(inner.extension()?.to_str()?)
}

/// Expands the command line's inputs into files: files are kept as given, directories are
/// walked recursively in sorted order (hidden entries skipped, only files with a known
/// extension kept), `-` stays standard input. Problems inside a directory are ignored here;
/// [`expand_inputs_reporting`] returns them.
pub fn expand_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    expand_inputs_reporting(paths).map(|(files, _)| files)
}

/// [`expand_inputs`], with what could not be walked: an unreadable subdirectory, a dangling
/// symbolic link, a link that leads back into a directory already walked (each directory is
/// read once, however many links lead to it). Each is named, with line 0.
///
/// # Errors
/// An input path given on the command line that does not exist or cannot be read.
pub fn expand_inputs_reporting(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<RecordError>)> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(path.clone());
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| Error::open(path, e))?;
        if meta.is_dir() {
            std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
            walk(path, &meta, &mut seen, &mut out, &mut problems);
        } else {
            out.push(path.clone());
        }
    }
    Ok((out, problems))
}

/// A directory's identity: device and inode where there are such, else its canonical path.
#[derive(PartialEq)]
enum DirKey {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn dir_key(dir: &Path, meta: &std::fs::Metadata) -> DirKey {
    #[cfg(unix)]
    {
        let _ = dir;
        use std::os::unix::fs::MetadataExt;
        DirKey::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        DirKey::Path(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()))
    }
}

fn walk(
    dir: &Path,
    meta: &std::fs::Metadata,
    seen: &mut Vec<DirKey>,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<RecordError>,
) {
    let problem = |path: &Path, message: String| RecordError {
        path: path.to_path_buf(),
        line: 0,
        message,
    };
    let key = dir_key(dir, meta);
    if seen.contains(&key) {
        problems.push(problem(
            dir,
            "leads back to a directory already read (a symbolic link loop?); skipped".into(),
        ));
        return;
    }
    seen.push(key);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(problem(dir, format!("cannot be read: {e}; skipped")));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for path in entries {
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, &m, seen, out, problems),
            Ok(_) => {
                if format_from_name(&path).is_some() {
                    out.push(path);
                }
            }
            Err(e) => {
                let dangling = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink());
                let message = if dangling {
                    "is a symbolic link to nothing; skipped".to_owned()
                } else {
                    format!("cannot be read: {e}; skipped")
                };
                problems.push(problem(&path, message));
            }
        }
    }
}

/// Whether two papers with the same title are nonetheless two papers: both records gave an
/// id of the same scheme (two arXiv ids, two DOIs, two ids of another kind) and the ids
/// differ. An arXiv id and a DOI, or a given id and none, do not tell papers apart.
fn distinct_ids(a: &Paper, b: &Paper) -> bool {
    use crate::paper::{id_scheme, title_id};
    let given = |p: &Paper| p.id != title_id(&p.title);
    a.id != b.id && given(a) && given(b) && id_scheme(&a.id) == id_scheme(&b.id)
}

/// The papers of a run, with duplicates merged.
///
/// A paper is a duplicate when its id, or else its normalised title (if it has one), was seen
/// before — unless both records give different ids of the same scheme (see
/// [`crate::paper::canonical_id`]: `2401.10000v2` and `2401.10000` are one id). The first
/// occurrence is kept; fields it lacks (year, authors, url) are filled from
/// the later one.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Distinct papers in first-seen order.
    pub papers: Vec<Paper>,
    /// How many records were merged into an earlier paper.
    pub duplicates: usize,
    /// Papers by id and by normalised title: (hash of the key, paper index). Only hashes
    /// are kept, compared with the papers' own fields on a match, so a million papers cost
    /// 32 MB here rather than a copy of every id and title.
    by_id: hashbrown::HashTable<(u64, u32)>,
    by_title: hashbrown::HashTable<(u64, u32)>,
}

impl Corpus {
    /// An empty corpus.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a paper; returns `false` when it was merged into one seen before.
    pub fn push(&mut self, paper: Paper) -> bool {
        let title_key = normalize_title(&paper.title);
        let (id_hash, title_hash) = (
            crate::hash::str_hash(&paper.id),
            crate::hash::str_hash(&title_key),
        );
        let papers = &self.papers;
        let seen = self
            .by_id
            .find(id_hash, |&(h, i)| {
                h == id_hash && papers[i as usize].id == paper.id
            })
            .or_else(|| {
                // Papers without a title are told apart by id alone (theirs comes from the
                // abstract when the record has none).
                if title_key.is_empty() {
                    return None;
                }
                self.by_title.find(title_hash, |&(h, i)| {
                    let kept = &papers[i as usize];
                    h == title_hash
                        && normalize_title(&kept.title) == title_key
                        && !distinct_ids(kept, &paper)
                })
            })
            .map(|&(_, i)| i as usize);
        if let Some(i) = seen {
            self.duplicates += 1;
            let kept = &mut self.papers[i];
            if kept.year.is_none() {
                kept.year = paper.year;
            }
            if kept.authors.is_empty() {
                kept.authors = paper.authors;
            }
            if kept.url.is_none() {
                kept.url = paper.url;
            }
            if kept.abstract_text.is_empty() {
                kept.abstract_text = paper.abstract_text;
            }
            return false;
        }
        let i = u32::try_from(self.papers.len()).expect("fewer than 2^32 papers");
        self.by_id.insert_unique(id_hash, (id_hash, i), |&(h, _)| h);
        if !title_key.is_empty() {
            self.by_title
                .insert_unique(title_hash, (title_hash, i), |&(h, _)| h);
        }
        self.papers.push(paper);
        true
    }

    /// Frees the indexes that spot duplicates: after this, [`Corpus::push`] no longer sees
    /// the papers already pushed. For when reading is over.
    pub fn seal(&mut self) {
        self.by_id = Default::default();
        self.by_title = Default::default();
    }

    /// Number of distinct papers.
    pub fn len(&self) -> usize {
        self.papers.len()
    }

    /// Whether no paper was added.
    pub fn is_empty(&self) -> bool {
        self.papers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::{Corpus, InputFormat};

    /// The corpus of JSON Lines records.
    fn corpus(jsonl: &str) -> Corpus {
        let reader = super::from_reader(
            Box::new(std::io::Cursor::new(jsonl.to_owned())),
            InputFormat::Jsonl,
            "t.jsonl".into(),
        );
        let mut corpus = Corpus::new();
        for record in reader {
            corpus.push(record.unwrap());
        }
        corpus
    }

    #[test]
    fn one_paper_per_real_paper_whatever_its_ids() {
        let rec = |id: &str, title: &str| {
            let id = if id.is_empty() {
                String::new()
            } else {
                format!("\"id\":\"{id}\",")
            };
            format!("{{{id}\"title\":\"{title}\",\"abstract\":\"We use BERT.\"}}\n")
        };
        let ids = |c: &Corpus| c.papers.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        // Versions of one arXiv paper, its address, its arXiv DOI: one paper.
        let c = corpus(
            &[
                rec("2401.10000v1", "Alpha"),
                rec("2401.10000v2", "Alpha (revised)"),
                rec("http://arxiv.org/abs/2401.10000v3", "Alpha"),
                rec("10.48550/arXiv.2401.10000", "Alpha"),
            ]
            .concat(),
        );
        assert_eq!((ids(&c), c.duplicates), (vec!["2401.10000".to_owned()], 3));
        assert_eq!(
            c.papers[0].url.as_deref(),
            Some("http://arxiv.org/abs/2401.10000v3")
        );
        // The same title under an arXiv id and a DOI, or with and without an id: one paper.
        let c = corpus(
            &[
                rec("2401.20000", "Beta"),
                rec("10.1/x.y", "Beta"),
                rec("", "beta"),
            ]
            .concat(),
        );
        assert_eq!(ids(&c), ["2401.20000"]);
        // Two different ids of one scheme with the same title: two papers.
        for (a, b) in [
            ("10.1000/a", "10.1000/b"),
            ("a1", "b7"),
            ("2401.1", "2401.2"),
        ] {
            let c = corpus(&[rec(a, "Gamma"), rec(b, "Gamma")].concat());
            assert_eq!(c.len(), 2, "{a} {b}");
        }
    }

    #[test]
    fn sniffing_names_a_format_only_when_the_content_shows_one() {
        let abstract_text = "We present a method that does many things well and evaluate it on \
            several benchmarks, where it improves on strong baselines by a wide margin while \
            using fewer parameters and less compute than any of them.";
        let cases: [(&str, Option<InputFormat>); 8] = [
            ("[{\"title\":\"A\"}]", Some(InputFormat::Json)),
            ("{\"title\":\"A\"}\n", Some(InputFormat::Jsonl)),
            ("{\n  \"title\": \"A\"\n}", Some(InputFormat::Json)),
            ("title,abstract\nA,b\n", Some(InputFormat::Csv)),
            ("Subscribe\n\nDaily Papers\n", Some(InputFormat::HfDump)),
            (
                &format!("A Title\n{abstract_text}\n"),
                Some(InputFormat::HfDump),
            ),
            (&format!("# Notes\n{abstract_text}\n"), None),
            ("<html><body>x</body></html>", None),
        ];
        for (text, want) in cases {
            assert_eq!(InputFormat::sniff(text.as_bytes()), want, "{text:?}");
        }
    }
}
