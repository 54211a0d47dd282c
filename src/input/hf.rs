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
    /// Reading a single-paper page (after its `arxiv:` line).
    single: Option<Single>,
}

/// A single-paper page: `arxiv:ID`, the title, `Published on …`, `Authors:` and names,
/// `Abstract`, a one-sentence summary, `AI-generated summary`, then the real abstract.
struct Single {
    line: u64,
    id: String,
    title: Option<String>,
    /// Seen `Abstract`; seen `AI-generated summary`.
    in_abstract: bool,
    after_summary: bool,
    /// Lines after `Abstract` (the summary, or the abstract on a page without a summary).
    text: Vec<String>,
}

impl<R: BufRead> HfDumpReader<R> {
    pub fn new(reader: R, path: PathBuf) -> Self {
        HfDumpReader {
            lines: Lines::new(reader),
            path,
            pending: None,
            queued: None,
            done: false,
            single: None,
        }
    }

    /// Handles a line of a single-paper page; returns the paper when the page is complete.
    fn single_line(&mut self, line: &str) -> Option<RecordResult> {
        let page = self.single.as_mut()?;
        if page.title.is_none() {
            page.title = Some(line.to_owned());
            return None;
        }
        if !page.in_abstract {
            // `Authors:`, names, bare commas: nothing to keep until `Abstract`.
            if line == "Abstract" {
                page.in_abstract = true;
            }
            return None;
        }
        if line == "AI-generated summary" {
            page.after_summary = true;
            page.text.clear();
            return None;
        }
        page.text.push(line.to_owned());
        if !page.after_summary {
            return None;
        }
        // The real abstract is one paragraph: the page is done.
        self.finish_single()
    }

    /// The single-paper page read so far as a paper, or why it is not one.
    fn finish_single(&mut self) -> Option<RecordResult> {
        let page = self.single.take()?;
        let title = clean_text(page.title.as_deref().unwrap_or(""));
        let abstract_text = clean_text(&page.text.join(" "));
        if title.is_empty() || abstract_text.is_empty() {
            return Some(Err(self.error(
                page.line,
                "a single-paper page without its title or abstract; skipped",
            )));
        }
        Some(Ok(Paper {
            id: page.id,
            title,
            abstract_text,
            year: None,
            authors: Vec::new(),
            url: None,
            source: Source {
                path: self.path.clone(),
                line: page.line,
            },
        }))
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
        "Subscribe" | "new" | "Daily Papers" | "byAK and the research community" | "Papers" | "·"
    ) || line.starts_with("Get trending papers")
        || is_date_line(line)
        || is_author_count(line)
        || line.starts_with("Published on ")
}

/// `• 8 authors` under each paper of the list page with authors and dates.
fn is_author_count(line: &str) -> bool {
    line.strip_prefix('•').is_some_and(|rest| {
        let mut words = rest.split_whitespace();
        matches!(
            (words.next(), words.next(), words.next()),
            (Some(n), Some("authors" | "author"), None) if n.bytes().all(|b| b.is_ascii_digit())
        )
    })
}

/// The arXiv id of a single-paper page's `arxiv:2605.02149` line.
fn arxiv_line(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("arxiv:")
        .or_else(|| line.strip_prefix("arXiv:"))?;
    let (id, _) = crate::paper::canonical_id(rest);
    (crate::paper::id_scheme(&id) == crate::paper::IdScheme::Arxiv).then_some(id)
}

/// A line of the flattened list layout: `<upvotes> <title> <abstract> N authors · <date> <n>`.
fn is_flattened_entry(line: &str) -> bool {
    let Some((head, tail)) = line.rsplit_once(" · ") else {
        return false;
    };
    let upvotes = head
        .split(' ')
        .next()
        .is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()));
    let authors = head.ends_with(" authors") || head.ends_with(" author");
    let mut tail_words = tail.split_whitespace();
    let last_is_number = tail
        .split_whitespace()
        .last()
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()));
    let dated = tail_words
        .next()
        .is_some_and(|m| m.len() >= 3 && m.is_ascii());
    upvotes && authors && last_is_number && dated && head.len() > 100
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
                            if self.single.is_some() {
                                return self.finish_single();
                            }
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
            if let Some(id) = arxiv_line(trimmed) {
                // A single-paper page starts; a page before it ends.
                let previous = self.finish_single();
                self.pending = None;
                self.single = Some(Single {
                    line: number,
                    id,
                    title: None,
                    in_abstract: false,
                    after_summary: false,
                    text: Vec::new(),
                });
                if previous.is_some() {
                    return previous;
                }
                continue;
            }
            if self.single.is_some() {
                if let Some(result) = self.single_line(trimmed) {
                    return Some(result);
                }
                continue;
            }
            if is_flattened_entry(trimmed) {
                return Some(Err(self.error(
                    number,
                    "a line of the flattened papers-list layout (upvotes, title and abstract run \
                     together, authors, date): its title cannot be told from its abstract \
                     reliably; skipped (copy the page again with its line breaks)",
                )));
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
                    let abstract_text = clean_text(trimmed);
                    if title.is_empty() || abstract_text.is_empty() {
                        // Found by the fuzzer: a line of markup only (`{\x0b\`) cleans to
                        // nothing, and a paper needs a title and an abstract here.
                        return Some(Err(self.error(
                            t,
                            "a title or abstract with no text once its markup is removed; skipped",
                        )));
                    }
                    return Some(Ok(Paper {
                        id: title_id(&title),
                        title,
                        abstract_text,
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
    fn list_page_with_authors_and_dates_reads_without_warnings() {
        let text = format!(
            "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\nDec 22, 2025\n\nFirst Title\n\n{ABSTRACT_A}\n\n  • 8 authors\n\n·\n\nDec 22, 2025\n\nSecond Title\n\n{ABSTRACT_B}\n\n  • 1 author\n·\nDec 21, 2025\n"
        );
        let out = read(&text);
        assert_eq!(out.len(), 2, "{out:?}");
        let titles: Vec<String> = out.into_iter().map(|r| r.unwrap().title).collect();
        assert_eq!(titles, ["First Title", "Second Title"]);
    }

    #[test]
    fn single_paper_page_gives_one_paper_with_its_arxiv_id() {
        let text = format!(
            "Papers\narxiv:2605.02149\nA Single Paper Title\nPublished on May 4\nAuthors:\nAda Lovelace\n,\nAlan Turing\nAbstract\nA one-sentence summary written by a model.\nAI-generated summary\n{ABSTRACT_A}\n"
        );
        let out = read(&text);
        assert_eq!(out.len(), 1, "{out:?}");
        let p = out[0].as_ref().unwrap();
        assert_eq!(p.id, "2605.02149");
        assert_eq!(p.title, "A Single Paper Title");
        assert!(
            p.abstract_text.starts_with(&ABSTRACT_A[..20]),
            "{}",
            p.abstract_text
        );
    }

    #[test]
    fn flattened_list_lines_are_reported_never_made_into_papers() {
        let line = format!("42 Some Title Here {ABSTRACT_A} 5 authors · Dec 22, 2025 3");
        let out = read(&format!("{line}\n{line}\n"));
        assert_eq!(out.len(), 2);
        for r in &out {
            assert!(
                r.as_ref()
                    .unwrap_err()
                    .message
                    .contains("flattened papers-list layout")
            );
        }
    }

    #[test]
    fn fuzzer_inputs_make_no_empty_paper() {
        for bytes in [
            &b"\"\n\n\xe7\xac\x9a\n{\x0b\\\n\\?\n"[..],
            &b"\xc2\xb5\xa7\nTq\n5\t\t$.\x01\xa7\x02\n.\nh\xc2\xb5\xa7\n*\xc2$\0\0\0\n\\=\0\x02\n.\n"[..],
        ] {
            let reader = HfDumpReader::new(std::io::BufReader::new(bytes), "f".into());
            for p in reader.flatten() {
                assert!(!p.title.is_empty() && !p.abstract_text.is_empty(), "{p:?}");
            }
        }
    }

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
