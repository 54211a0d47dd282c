//! The Hugging Face papers-page dump: the text a browser copies from the daily-papers page.
//!
//! A title line, then an abstract line, repeated; blank lines may separate them. The page's
//! chrome comes along and is skipped: "Get trending papers in your email inbox…", "Subscribe"
//! (alone, or glued to the first title as in `SubscribeSingle layer…`), "new", "Daily Papers",
//! "byAK and the research community", and date lines such as "Sep 17".
//!
//! Pairing is checked as well as it can be without a model of the text: a "title" that reads
//! like an abstract, or an "abstract" that reads like a title, is reported and the reader
//! resynchronises on it instead of shifting every later pair by one line.

use super::lines::Lines;
use super::{RecordError, RecordResult};
use crate::paper::{Paper, Source, clean_text, title_id};
use std::io::BufRead;
use std::path::PathBuf;

pub(crate) struct HfDumpReader<R> {
    lines: Lines<R>,
    path: PathBuf,
    /// A title waiting for its abstract: line number and text.
    pending: Option<(u64, String)>,
    /// A line read ahead that must be handled before the next one.
    queued: Option<(u64, String)>,
    done: bool,
}

impl<R: BufRead> HfDumpReader<R> {
    pub fn new(reader: R, path: PathBuf) -> Self {
        HfDumpReader {
            lines: Lines::new(reader),
            path,
            pending: None,
            queued: None,
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
}

/// Page chrome lines, compared after trimming.
pub(super) fn is_chrome(line: &str) -> bool {
    matches!(
        line,
        "Subscribe" | "new" | "Daily Papers" | "byAK and the research community"
    ) || line.starts_with("Get trending papers")
        || is_date_line(line)
}

/// `Sep 17`, `September 17`, `Sep 17, 2025`.
fn is_date_line(line: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut words = line.split_whitespace();
    let (Some(month), Some(day)) = (words.next(), words.next()) else {
        return false;
    };
    let month = month.to_ascii_lowercase();
    // ASCII letters first: only then is byte 3 a character boundary.
    let is_month = month.chars().all(|c| c.is_ascii_alphabetic())
        && month.len() >= 3
        && MONTHS.contains(&&month[..3]);
    let day = day.trim_end_matches(',');
    let is_day = !day.is_empty() && day.len() <= 2 && day.chars().all(|c| c.is_ascii_digit());
    let rest: Vec<&str> = words.collect();
    let is_year = match rest.as_slice() {
        [] => true,
        [y] => y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()),
        _ => false,
    };
    is_month && is_day && is_year
}

/// The page glues "Subscribe" to the first title: `SubscribeSingle layer tiny Co$^4$ …`.
fn strip_subscribe(line: &str) -> &str {
    match line.strip_prefix("Subscribe") {
        Some(rest) if rest.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) => rest,
        _ => line,
    }
}

/// A line too long and too sentence-like to be a title.
fn reads_like_abstract(line: &str) -> bool {
    line.len() > 400 && line.matches(". ").count() >= 2
}

/// A line too short and unpunctuated to be an abstract.
fn reads_like_title(line: &str) -> bool {
    line.split_whitespace().count() < 25 && !line.trim_end().ends_with(['.', '!', '?', ')'])
}

impl<R: BufRead> Iterator for HfDumpReader<R> {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        loop {
            let (number, text) = match self.queued.take() {
                Some(q) => q,
                None => {
                    if self.done {
                        return None;
                    }
                    match self.lines.next() {
                        Some(line) => match line.text {
                            Ok(text) => (line.number, text),
                            Err(message) => {
                                // An undecodable line takes its pair with it.
                                let err = match self.pending.take() {
                                    Some((t, _)) => self.error(
                                        line.number,
                                        format!("{message}; skipped the paper titled at line {t}"),
                                    ),
                                    None => self.error(line.number, message),
                                };
                                return Some(Err(err));
                            }
                        },
                        None => {
                            self.done = true;
                            let (t, title) = self.pending.take()?;
                            return Some(Err(self.error(
                                t,
                                format!(
                                    "title without an abstract at end of file: {:?}",
                                    short(&title)
                                ),
                            )));
                        }
                    }
                }
            };
            let trimmed = text.trim();
            if trimmed.is_empty() || is_chrome(trimmed) {
                continue;
            }
            match self.pending.take() {
                None => {
                    let title = strip_subscribe(trimmed);
                    if reads_like_abstract(title) {
                        return Some(Err(self.error(
                            number,
                            "expected a title line but found what reads like an abstract; skipped",
                        )));
                    }
                    self.pending = Some((number, title.to_owned()));
                }
                Some((t, title)) => {
                    if reads_like_title(trimmed) && !reads_like_title(&title) {
                        // The pending "title" was probably an orphan abstract; this line starts
                        // a new pair.
                        self.queued = Some((number, text));
                        return Some(Err(self.error(
                            t,
                            "expected a title line but found what reads like an abstract; skipped",
                        )));
                    }
                    if reads_like_title(trimmed) && reads_like_title(&title) {
                        // Two title-like lines in a row: the first lost its abstract.
                        self.queued = Some((number, text));
                        return Some(Err(self.error(
                            t,
                            format!("title without an abstract: {:?}", short(&title)),
                        )));
                    }
                    let title = clean_text(&title);
                    return Some(Ok(Paper {
                        id: title_id(&title),
                        title,
                        abstract_text: clean_text(trimmed),
                        year: None,
                        authors: Vec::new(),
                        url: None,
                        source: Source {
                            path: self.path.clone(),
                            line: t,
                        },
                    }));
                }
            }
        }
    }
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<RecordResult> {
        HfDumpReader::new(text.as_bytes(), PathBuf::from("t.txt")).collect()
    }

    const ABSTRACT_A: &str =
        "We study things in depth. We find that they work. This is a long enough abstract.";
    const ABSTRACT_B: &str =
        "Another abstract follows here. It has sentences. They end with periods.";

    #[test]
    fn a_date_like_line_with_non_ascii_letters_is_no_date() {
        // Found by the fuzzer: a byte-order mark inside the "month" once split a character.
        assert!(!is_date_line("ZZ\u{feff}5 8"));
        assert!(!is_date_line("Déc 17"));
        assert!(is_date_line("Dec 17, 2025"));
    }

    #[test]
    fn chrome_and_glued_subscribe_are_skipped() {
        let text = format!(
            "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribeSingle layer tiny Co$^4$ outpaces GPT-2\n{ABSTRACT_A}\nSecond Title\n{ABSTRACT_B}\n"
        );
        let papers: Vec<Paper> = read(&text).into_iter().map(Result::unwrap).collect();
        assert_eq!(papers.len(), 2);
        // LaTeX math in a title reads as text.
        assert_eq!(papers[0].title, "Single layer tiny Co^4 outpaces GPT-2");
        assert_eq!(papers[0].source.line, 3);
        assert_eq!(papers[1].title, "Second Title");
    }

    #[test]
    fn blank_line_variant_with_page_header() {
        let text = format!(
            "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\nSep 17\n\nDecomposing The Dark Matter of Sparse Autoencoders\n\n{ABSTRACT_A}\n\nOther\n\n{ABSTRACT_B}\n"
        );
        let papers: Vec<Paper> = read(&text).into_iter().map(Result::unwrap).collect();
        assert_eq!(papers.len(), 2);
        assert_eq!(
            papers[0].title,
            "Decomposing The Dark Matter of Sparse Autoencoders"
        );
        assert_eq!(papers[0].source.line, 13);
    }

    #[test]
    fn odd_line_count_reports_the_orphan_title() {
        let text = format!("Title One\n{ABSTRACT_A}\nOrphan Title\n");
        let out = read(&text);
        assert_eq!(out.len(), 2);
        assert!(out[0].is_ok());
        let err = out[1].as_ref().unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("without an abstract"), "{err}");
    }

    #[test]
    fn missing_abstract_in_the_middle_does_not_shift_later_pairs() {
        let text = format!("Title One\nTitle Two\n{ABSTRACT_B}\nTitle Three\n{ABSTRACT_A}\n");
        let out = read(&text);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().unwrap_err().line, 1);
        assert_eq!(out[1].as_ref().unwrap().title, "Title Two");
        assert_eq!(out[2].as_ref().unwrap().title, "Title Three");
    }

    #[test]
    fn invalid_utf8_skips_only_its_pair() {
        let mut bytes = format!("Title One\n{ABSTRACT_A}\nBad Title\n").into_bytes();
        bytes.extend_from_slice(b"abstract with \xff byte.\n");
        bytes.extend_from_slice(format!("Title Three\n{ABSTRACT_B}\n").as_bytes());
        let out: Vec<RecordResult> =
            HfDumpReader::new(&bytes[..], PathBuf::from("t.txt")).collect();
        let ok: Vec<&str> = out
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|p| p.title.as_str())
            .collect();
        assert_eq!(ok, ["Title One", "Title Three"]);
        let err = out.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("invalid UTF-8"), "{err}");
    }

    #[test]
    fn date_lines() {
        assert!(is_date_line("Sep 17"));
        assert!(is_date_line("September 7, 2025"));
        assert!(!is_date_line("Mamba 2"));
        assert!(!is_date_line("Sep 17 is a title"));
    }
}
