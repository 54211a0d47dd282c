//! BibTeX and BibLaTeX (`.bib`: Zotero, Mendeley, Google Scholar, arXiv), read one entry at a
//! time.
//!
//! The grammar (braces and quotes, `#` concatenation, `@string` abbreviations, LaTeX accents
//! and escapes such as `{\"o}`, `\&`, `{{BERT}}`) is the `biblatex` crate's. This reader only
//! cuts the file into entries — each starts at a line whose first non-blank character is `@` —
//! and parses each alone, with the `@string` definitions seen so far in front, so memory holds
//! one entry (at most the record limit), never the file, and a broken entry costs only itself.
//!
//! Fields: `title`, `abstract`, `author` ("Given Family"), `year` (else `date`), the id from
//! `doi`, else an arXiv `eprint`, else the title; `url`. `@comment` and `@preamble` are skipped.

use super::lines::Lines;
use super::record::Fields;
use super::{RecordError, RecordResult};
use crate::paper::Source;
use biblatex::{Bibliography, ChunksExt};
use std::io::BufRead;
use std::path::PathBuf;

pub(crate) struct BibReader<R> {
    lines: Lines<R>,
    path: PathBuf,
    /// The `@string` entries seen so far, prepended to every entry parsed.
    strings: String,
    /// The entry being gathered: first line and text.
    entry: Option<(u64, String)>,
    spoilt: bool,
    /// Parsed entries not yet returned (an entry chunk may hold several).
    ready: std::collections::VecDeque<RecordResult>,
    done: bool,
}

impl<R: BufRead> BibReader<R> {
    pub fn new(reader: R, path: PathBuf) -> Self {
        BibReader {
            lines: Lines::new(reader),
            path,
            strings: String::new(),
            entry: None,
            spoilt: false,
            ready: Default::default(),
            done: false,
        }
    }

    fn error(&self, line: u64, message: impl Into<String>) -> RecordError {
        RecordError {
            path: self.path.clone(),
            line,
            message: message.into(),
        }
    }

    /// Parses the gathered entry into `ready`.
    fn flush(&mut self) {
        let Some((line, text)) = self.entry.take() else {
            return;
        };
        if std::mem::take(&mut self.spoilt) {
            let err = self.error(
                line,
                format!(
                    "entry longer than the record limit of {} bytes, or with an unreadable \
                     line; skipped",
                    super::max_record_bytes()
                ),
            );
            self.ready.push_back(Err(err));
            return;
        }
        let kind = text
            .trim_start()
            .trim_start_matches('@')
            .split(['{', '(', ' '])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match kind.as_str() {
            "comment" | "preamble" => return,
            "string" => {
                // Kept only if it parses, so that one bad abbreviation cannot spoil the rest.
                let candidate = format!("{}{text}\n", self.strings);
                if Bibliography::parse(&candidate).is_ok() {
                    self.strings = candidate;
                } else {
                    let err = self.error(line, "a bad @string definition; ignored");
                    self.ready.push_back(Err(err));
                }
                return;
            }
            _ => {}
        }
        let source = format!("{}{text}", self.strings);
        match Bibliography::parse(&source) {
            Ok(bib) => {
                for entry in bib.iter() {
                    let result = self.paper(entry, line);
                    self.ready.push_back(result);
                }
            }
            Err(e) => {
                let err = self.error(
                    line,
                    format!("not a BibTeX entry this reader can parse: {e}; skipped"),
                );
                self.ready.push_back(Err(err));
            }
        }
    }

    fn paper(&self, entry: &biblatex::Entry, line: u64) -> RecordResult {
        let text = |name: &str| -> Option<String> {
            entry
                .get(name)
                .map(|c| c.format_verbatim())
                .filter(|s| !s.trim().is_empty())
        };
        let eprint = text("eprint").filter(|e| {
            let (id, _) = crate::paper::canonical_id(e);
            crate::paper::id_scheme(&id) == crate::paper::IdScheme::Arxiv
        });
        let authors = entry
            .author()
            .map(|people| {
                people
                    .iter()
                    .map(|p| {
                        let given = p.given_name.trim();
                        if given.is_empty() {
                            p.name.clone()
                        } else {
                            format!("{given} {}", p.name)
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let fields = Fields {
            id: text("doi").or(eprint),
            title: text("title"),
            abstract_text: text("abstract"),
            year: text("year").or_else(|| text("date")),
            authors,
            url: text("url"),
        };
        fields
            .into_paper(Source {
                path: self.path.clone(),
                line,
            })
            .map_err(|message| {
                self.error(
                    line,
                    format!("@{}{{{}}}: {message}", entry.entry_type, entry.key),
                )
            })
    }
}

impl<R: BufRead> Iterator for BibReader<R> {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        loop {
            if let Some(r) = self.ready.pop_front() {
                return Some(r);
            }
            if self.done {
                return None;
            }
            let Some(line) = self.lines.next() else {
                self.done = true;
                self.flush();
                continue;
            };
            let text = match line.text {
                Ok(t) => t,
                Err(message) => {
                    if self.entry.is_some() {
                        self.spoilt = true;
                        continue;
                    }
                    return Some(Err(self.error(line.number, message)));
                }
            };
            if text.trim_start().starts_with('@') {
                self.flush();
                self.entry = Some((line.number, String::new()));
            }
            let limit = super::max_record_bytes();
            if let Some((_, entry)) = self.entry.as_mut() {
                if entry.len() + text.len() > limit {
                    self.spoilt = true;
                } else if !self.spoilt {
                    entry.push_str(&text);
                    entry.push('\n');
                }
            }
            // Text outside any entry is a comment in BibTeX.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paper::Paper;

    fn read(text: &str) -> Vec<RecordResult> {
        BibReader::new(std::io::BufReader::new(text.as_bytes()), "t.bib".into()).collect()
    }

    const BIB: &str = r#"% exported by a reference manager
@string{cvpr = "Proc. CVPR"}
@comment{ignored {entirely}}
@inproceedings{he2016,
  title = {Deep {Residual} Learning f{\"o}r \& {{BERT}}},
  author = {He, Kaiming and Zhang, Xiangyu},
  booktitle = cvpr,
  year = 2016,
  abstract = {We train {ResNet-50} on ImageNet.},
  doi = {10.1109/CVPR.2016.90}
}

@misc{vaswani2017,
  title = "Attention Is All You Need",
  author = "Vaswani, Ashish",
  eprint = {1706.03762v5}, archivePrefix = {arXiv},
  date = {2017-06-12},
  abstract = "We propose the Transformer."
}
@article{broken, title = {Unbalanced {braces}, abstract = {x}
@article{ok, title = {After the broken one}, abstract = {Still read.}, year = {2020}}
"#;

    #[test]
    fn entries_fields_accents_strings_and_a_broken_entry() {
        let out = read(BIB);
        let papers: Vec<&Paper> = out.iter().filter_map(|r| r.as_ref().ok()).collect();
        let errors: Vec<&RecordError> = out.iter().filter_map(|r| r.as_ref().err()).collect();
        assert_eq!(papers.len(), 3, "{errors:?}");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 20);
        let a = papers[0];
        assert_eq!(a.title, "Deep Residual Learning för & BERT");
        assert_eq!(a.abstract_text, "We train ResNet-50 on ImageNet.");
        assert_eq!(a.authors, ["Kaiming He", "Xiangyu Zhang"]);
        assert_eq!(
            (a.year, a.id.as_str()),
            (Some(2016), "10.1109/cvpr.2016.90")
        );
        let b = papers[1];
        assert_eq!((b.id.as_str(), b.year), ("1706.03762", Some(2017)));
        assert_eq!(papers[2].title, "After the broken one");
    }

    proptest::proptest! {
        #[test]
        fn an_entry_written_and_read_back_is_the_same_paper(
            // No `-`: TeX reads `--` as an en dash, as it should.
            title in "[A-Za-z][A-Za-z0-9 ,:()]{0,40}[A-Za-z0-9]",
            abstract_text in "[A-Za-z][A-Za-z0-9 ,.;()]{0,80}[a-z.]",
            authors in proptest::collection::vec(("[A-Z][a-z]{1,8}", "[A-Z][a-z]{1,8}"), 0..4),
            year in 1990i32..2030,
        ) {
            let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let (title, abstract_text) = (squash(&title), squash(&abstract_text));
            let author = authors
                .iter()
                .map(|(given, family)| format!("{family}, {given}"))
                .collect::<Vec<_>>()
                .join(" and ");
            let mut bib = format!("@article{{k,\n  title = {{{title}}},\n  abstract = {{{abstract_text}}},\n  year = {year},\n");
            if !authors.is_empty() {
                bib.push_str(&format!("  author = {{{author}}},\n"));
            }
            bib.push_str("}\n");
            let got = read(&bib);
            proptest::prop_assert_eq!(got.len(), 1);
            let got = got[0].as_ref().unwrap();
            proptest::prop_assert_eq!(&got.title, &title);
            proptest::prop_assert_eq!(&got.abstract_text, &abstract_text);
            let want: Vec<String> = authors.iter().map(|(g, f)| format!("{g} {f}")).collect();
            proptest::prop_assert_eq!(&got.authors, &want);
            proptest::prop_assert_eq!(got.year, Some(year));
        }
    }
}
