//! Tagged reference exports: RIS (`.ris`: Zotero, Mendeley, EndNote, Scopus) and Web of
//! Science plain text (`savedrecs.txt`).
//!
//! Both are records of lines that start with a two-character tag:
//!
//! * RIS: `TY  - JOUR` opens a record, `TAG  - value` lines follow, `ER  -` closes it; a line
//!   without a tag continues the previous field. Title `TI`/`T1`, abstract `AB`/`N2`, authors
//!   `AU`/`A1` (one per line), year `PY`/`Y1`/`DA` (`2020/05/01/`), DOI `DO`, URL `UR`.
//! * Web of Science: a file header (`FN …`, `VR …`), then records of `TAG value` lines whose
//!   continuation lines are indented, each closed by `ER`; `EF` ends the file. Title `TI`,
//!   abstract `AB`, authors `AU` (one per line), year `PY`, DOI `DI`, accession number `UT`.
//!
//! The paper's id is its DOI, else the record's own id (RIS `ID`, WoS `UT`), else one made from
//! the title. A record cut off by the end of the file is read as if closed there. Memory is
//! bounded by the record limit: a record longer than it is reported and skipped.

use super::lines::Lines;
use super::record::Fields;
use super::{RecordError, RecordResult};
use crate::paper::Source;
use std::io::BufRead;
use std::path::PathBuf;

/// Which tagged format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Ris,
    WebOfScience,
}

pub(crate) struct TaggedReader<R> {
    lines: Lines<R>,
    path: PathBuf,
    dialect: Dialect,
    done: bool,
    /// The record being read (kept across calls: a record opened without the previous one
    /// closed starts here).
    pending: Pending,
    /// The pending record is past the limit or has an unreadable line: it will be skipped.
    spoilt: bool,
}

/// One record being read: its fields as tag → values, where it started, and its size.
#[derive(Default)]
struct Pending {
    start: u64,
    fields: Vec<(String, String)>,
    bytes: usize,
    open: bool,
}

impl<R: BufRead> TaggedReader<R> {
    pub fn new(reader: R, path: PathBuf, dialect: Dialect) -> Self {
        TaggedReader {
            lines: Lines::new(reader),
            path,
            dialect,
            done: false,
            pending: Pending::default(),
            spoilt: false,
        }
    }

    /// The pending record, closed: its paper, or why it is skipped.
    fn close(&mut self) -> RecordResult {
        let pending = std::mem::take(&mut self.pending);
        if std::mem::take(&mut self.spoilt) {
            return Err(self.error(
                pending.start,
                format!(
                    "record longer than the record limit of {} bytes, or with an unreadable \
                     line; skipped",
                    super::max_record_bytes()
                ),
            ));
        }
        self.finish(pending)
    }

    fn error(&self, line: u64, message: impl Into<String>) -> RecordError {
        RecordError {
            path: self.path.clone(),
            line,
            message: message.into(),
        }
    }

    /// Splits a line into its tag and value, if it has a tag.
    fn tag<'a>(&self, line: &'a str) -> Option<(&'a str, &'a str)> {
        let tag = line.get(..2)?;
        if !tag
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            || !tag.as_bytes()[0].is_ascii_uppercase()
        {
            return None;
        }
        let rest = &line[2..];
        match self.dialect {
            // `TY  - JOUR`; some writers leave out the space after the hyphen, or the value.
            Dialect::Ris => {
                let rest = rest.strip_prefix("  -")?;
                Some((tag, rest.strip_prefix(' ').unwrap_or(rest).trim_end()))
            }
            // `TI Title`, or a bare `ER` / `EF`.
            Dialect::WebOfScience => {
                if rest.is_empty() {
                    Some((tag, ""))
                } else {
                    rest.strip_prefix(' ').map(|v| (tag, v.trim_end()))
                }
            }
        }
    }

    fn finish(&self, pending: Pending) -> RecordResult {
        let get = |names: &[&str]| -> Option<String> {
            names.iter().find_map(|n| {
                pending
                    .fields
                    .iter()
                    .find(|(t, v)| t == n && !v.trim().is_empty())
                    .map(|(_, v)| v.clone())
            })
        };
        let all = |names: &[&str]| -> Vec<String> {
            pending
                .fields
                .iter()
                .filter(|(t, v)| names.contains(&t.as_str()) && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_owned())
                .collect()
        };
        let fields = match self.dialect {
            Dialect::Ris => Fields {
                id: get(&["DO"]).or_else(|| get(&["ID"])),
                title: get(&["TI", "T1", "CT", "BT"]),
                abstract_text: get(&["AB", "N2"]),
                year: get(&["PY", "Y1", "DA"]).map(|y| y.replace('/', "-")),
                authors: all(&["AU", "A1"]),
                url: get(&["UR", "L2"]),
            },
            Dialect::WebOfScience => Fields {
                id: get(&["DI"]).or_else(|| get(&["UT"])),
                title: get(&["TI"]),
                abstract_text: get(&["AB"]),
                year: get(&["PY"]),
                // Full names (`AF`) when the record has them, else the short ones (`AU`).
                authors: Some(all(&["AF"]))
                    .filter(|a| !a.is_empty())
                    .unwrap_or_else(|| all(&["AU"])),
                url: None,
            },
        };
        fields
            .into_paper(Source {
                path: self.path.clone(),
                line: pending.start,
            })
            .map_err(|message| self.error(pending.start, message))
    }
}

impl<R: BufRead> Iterator for TaggedReader<R> {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        if self.done {
            return None;
        }
        let limit = super::max_record_bytes();
        while let Some(line) = self.lines.next() {
            let text = match line.text {
                Ok(t) => t,
                Err(e) => {
                    if self.pending.open {
                        // The record cannot be trusted without this line.
                        self.spoilt = true;
                        continue;
                    }
                    return Some(Err(self.error(line.number, e)));
                }
            };
            let tagged = self.tag(&text);
            match (self.dialect, tagged) {
                (Dialect::Ris, Some(("TY", _))) | (Dialect::WebOfScience, Some(("PT", _))) => {
                    // A record opened before the previous one closed (`ER` missing): the
                    // previous one is read as closed here.
                    let previous = self.pending.open.then(|| self.close());
                    self.pending = Pending {
                        open: true,
                        start: line.number,
                        ..Pending::default()
                    };
                    if let Some(result) = previous {
                        return Some(result);
                    }
                }
                (_, Some(("ER", _))) => {
                    if self.pending.open {
                        return Some(self.close());
                    }
                }
                (Dialect::WebOfScience, Some(("EF", _))) => break,
                (_, Some((tag, value))) => {
                    // Fields outside a record (a WoS file header, stray RIS lines) are not
                    // part of any paper.
                    if !self.pending.open {
                        continue;
                    }
                    self.pending.bytes += value.len();
                    if self.pending.bytes > limit {
                        self.spoilt = true;
                    } else {
                        self.pending.fields.push((tag.to_owned(), value.to_owned()));
                    }
                }
                (_, None) => {
                    // A continuation line: a new author for author fields (one per line),
                    // else more of the previous field.
                    let value = text.trim();
                    if !self.pending.open || value.is_empty() {
                        continue;
                    }
                    self.pending.bytes += value.len() + 1;
                    if self.pending.bytes > limit {
                        self.spoilt = true;
                        continue;
                    }
                    if let Some((tag, last)) = self.pending.fields.last_mut() {
                        if matches!(tag.as_str(), "AU" | "AF" | "A1") {
                            let tag = tag.clone();
                            self.pending.fields.push((tag, value.to_owned()));
                        } else {
                            last.push(' ');
                            last.push_str(value);
                        }
                    }
                }
            }
        }
        self.done = true;
        // A record cut off by the end of the file is read as if closed there.
        self.pending.open.then(|| self.close())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paper::Paper;

    fn read(text: &str, dialect: Dialect) -> Vec<RecordResult> {
        TaggedReader::new(
            std::io::BufReader::new(text.as_bytes()),
            "t".into(),
            dialect,
        )
        .collect()
    }

    const RIS: &str = "TY  - JOUR\r\nTI  - Deep Residual Learning\r\nAU  - He, Kaiming\nAU  - Zhang, Xiangyu\nPY  - 2016///\nAB  - We train ResNet-50\non ImageNet.\nDO  - 10.1109/CVPR.2016.90\nER  - \n\nTY  - CONF\nT1  - Attention Is All You Need\nN2  - We propose the Transformer.\nY1  - 2017/12/04/\nUR  - https://arxiv.org/abs/1706.03762\n";

    #[test]
    fn ris_records_with_continuations_and_a_missing_last_er() {
        let out = read(RIS, Dialect::Ris);
        assert_eq!(out.len(), 2);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.title, "Deep Residual Learning");
        assert_eq!(a.abstract_text, "We train ResNet-50 on ImageNet.");
        assert_eq!(a.authors, ["He, Kaiming", "Zhang, Xiangyu"]);
        assert_eq!(
            (a.year, a.id.as_str()),
            (Some(2016), "10.1109/cvpr.2016.90")
        );
        let b = out[1].as_ref().unwrap();
        assert_eq!(
            (b.title.as_str(), b.year),
            ("Attention Is All You Need", Some(2017))
        );
        assert_eq!(b.url.as_deref(), Some("https://arxiv.org/abs/1706.03762"));
    }

    #[test]
    fn ris_record_without_its_er_is_closed_by_the_next() {
        let text =
            "TY  - JOUR\nTI  - One\nAB  - First.\nTY  - JOUR\nTI  - Two\nAB  - Second.\nER  - \n";
        let titles: Vec<String> = read(text, Dialect::Ris)
            .into_iter()
            .map(|r| r.unwrap().title)
            .collect();
        assert_eq!(titles, ["One", "Two"]);
    }

    const WOS: &str = "\u{feff}FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU He, K\n   Zhang, X\nAF He, Kaiming\n   Zhang, Xiangyu\nTI Deep Residual Learning for Image\n   Recognition\nAB We train ResNet-50 on ImageNet.\nPY 2016\nDI 10.1109/CVPR.2016.90\nUT WOS:000400012300077\nER\n\nPT J\nAU Vaswani, A\nTI Attention Is All You Need\nAB We propose the Transformer.\nPY 2017\nUT WOS:000452649406008\nER\n\nEF\n";

    #[test]
    fn web_of_science_records() {
        let out = read(WOS, Dialect::WebOfScience);
        assert_eq!(
            out.len(),
            2,
            "{:?}",
            out.iter().map(|r| r.as_ref().err()).collect::<Vec<_>>()
        );
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.title, "Deep Residual Learning for Image Recognition");
        assert_eq!(a.authors, ["He, Kaiming", "Zhang, Xiangyu"]);
        assert_eq!(
            (a.year, a.id.as_str()),
            (Some(2016), "10.1109/cvpr.2016.90")
        );
        let b = out[1].as_ref().unwrap();
        assert_eq!(
            (b.authors.clone(), b.id.as_str()),
            (vec!["Vaswani, A".to_owned()], "WOS:000452649406008")
        );
        assert_eq!(sniffed(WOS), Some(super::super::InputFormat::Wos));
        assert_eq!(sniffed(RIS), Some(super::super::InputFormat::Ris));
    }

    #[test]
    fn fuzzer_input_makes_no_empty_paper() {
        let bytes = b"\xc2\xb5\xa7\nTq\n5\t\t$.\x01\xa7\x02\n.\nh\xc2\xb5\xa7\n*\xc2$\0\0\0\n\\=\0\x02\n.\n\\\xc2\xa7\n*\xc2\xb70\0\nc\\\xc2\xa7\n*\xc2\xb70\0\nc\0\n\nc@\xa7\n*\0\xc2h\xc2\xb5\xa7\n*\xc2$\0\0";
        for dialect in [Dialect::Ris, Dialect::WebOfScience] {
            let reader =
                TaggedReader::new(std::io::BufReader::new(&bytes[..]), "f".into(), dialect);
            for p in reader.flatten() {
                assert!(!p.title.is_empty() || !p.abstract_text.is_empty(), "{p:?}");
            }
        }
    }

    fn sniffed(text: &str) -> Option<super::super::InputFormat> {
        super::super::InputFormat::sniff(text.as_bytes())
    }

    #[test]
    fn a_record_without_an_abstract_field_is_bad_and_the_next_is_read() {
        let text =
            "TY  - JOUR\nTI  - No abstract\nER  - \nTY  - JOUR\nTI  - Fine\nAB  - Text.\nER  - \n";
        let out = read(text, Dialect::Ris);
        assert!(
            out[0]
                .as_ref()
                .unwrap_err()
                .message
                .contains("no \"abstract\"")
        );
        assert_eq!(out[0].as_ref().unwrap_err().line, 1);
        assert_eq!(out[1].as_ref().unwrap().title, "Fine");
    }

    /// What a reference manager would write for `p`.
    fn write(p: &Paper, dialect: Dialect) -> String {
        let mut out = String::new();
        match dialect {
            Dialect::Ris => {
                out.push_str("TY  - JOUR\n");
                out.push_str(&format!("TI  - {}\n", p.title));
                for a in &p.authors {
                    out.push_str(&format!("AU  - {a}\n"));
                }
                out.push_str(&format!(
                    "PY  - {}///\nAB  - {}\nER  - \n",
                    p.year.unwrap(),
                    p.abstract_text
                ));
            }
            Dialect::WebOfScience => {
                out.push_str("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n");
                for (i, a) in p.authors.iter().enumerate() {
                    out.push_str(if i == 0 { "AF " } else { "   " });
                    out.push_str(a);
                    out.push('\n');
                }
                out.push_str(&format!(
                    "TI {}\nAB {}\nPY {}\nER\nEF\n",
                    p.title,
                    p.abstract_text,
                    p.year.unwrap()
                ));
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn a_record_written_and_read_back_is_the_same_paper(
            title in "[A-Za-z][A-Za-z0-9 ,:()-]{0,40}[A-Za-z0-9]",
            abstract_text in "[A-Za-z][A-Za-z0-9 ,.;()-]{0,80}[a-z.]",
            authors in proptest::collection::vec("[A-Z][a-z]{1,8}, [A-Z][a-z]{0,6}", 0..4),
            year in 1990i32..2030,
        ) {
            let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let p = Paper {
                id: String::new(),
                title: squash(&title),
                abstract_text: squash(&abstract_text),
                year: Some(year),
                authors,
                url: None,
                source: Default::default(),
            };
            for dialect in [Dialect::Ris, Dialect::WebOfScience] {
                let got = read(&write(&p, dialect), dialect);
                proptest::prop_assert_eq!(got.len(), 1);
                let got = got[0].as_ref().unwrap();
                proptest::prop_assert_eq!(&got.title, &p.title);
                proptest::prop_assert_eq!(&got.abstract_text, &p.abstract_text);
                proptest::prop_assert_eq!(&got.authors, &p.authors);
                proptest::prop_assert_eq!(got.year, p.year);
            }
        }
    }
}
