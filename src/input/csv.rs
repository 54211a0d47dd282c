//! CSV and TSV files with a header row naming (at least) the abstract column.
//!
//! Column names are matched case-insensitively: `abstract` (or `summary`); optional `title`,
//! `id`, `year` (or a date column), `authors`, `url`. A header without an abstract column
//! makes the whole file one error; a short row costs only that row.

use super::record::{
    ABSTRACT_KEYS, AUTHOR_KEYS, Fields, ID_KEYS, TITLE_KEYS, URL_KEYS, YEAR_KEYS, split_authors,
};
use super::{RecordError, RecordResult};
use crate::paper::Source;
use std::io::BufRead;
use std::path::PathBuf;

pub(crate) struct CsvReader<R> {
    reader: csv::Reader<Limited<R>>,
    budget: std::sync::Arc<Budget>,
    path: PathBuf,
    columns: Option<Columns>,
    record: csv::ByteRecord,
    done: bool,
}

struct Columns {
    title: Option<usize>,
    abstract_text: usize,
    id: Option<usize>,
    year: Option<usize>,
    authors: Option<usize>,
    url: Option<usize>,
    width: usize,
}

/// How many bytes the current row may still take, shared by the reader and its input.
struct Budget {
    used: std::sync::atomic::AtomicUsize,
    tripped: std::sync::atomic::AtomicBool,
    limit: usize,
}

/// The CSV reader's input, cut off at the record limit: once a row has taken
/// [`super::max_record_bytes`], the rest of its line is discarded as it is read (so memory
/// stays bounded) and the row is reported as too long. The csv crate reads ahead, so the
/// count is exact to within its buffer (8 KB).
struct Limited<R> {
    inner: R,
    budget: std::sync::Arc<Budget>,
    skipping: bool,
    /// Whether an odd number of `"` has gone by since the start of the input (read or
    /// skipped), and whether the csv parser has been given an odd number (it is inside a
    /// quoted field).
    odd_quotes: bool,
    passed_odd: bool,
}

impl<R: BufRead> std::io::Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::sync::atomic::Ordering::Relaxed;
        loop {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() || buf.is_empty() {
                return Ok(0);
            }
            if self.skipping {
                // Up to the next line end outside quotes: the row's end, even when a quoted
                // field spans lines (quotes come in pairs in CSV, so at a row's end the
                // count since the start of the input is even).
                let mut end = None;
                for (i, &b) in chunk.iter().enumerate() {
                    match b {
                        b'"' => self.odd_quotes = !self.odd_quotes,
                        b'\n' if !self.odd_quotes => {
                            end = Some(i);
                            break;
                        }
                        _ => {}
                    }
                }
                match end {
                    Some(i) => {
                        // The line end stays, to end the cut row; if the parser was left
                        // inside a quoted field, a closing quote goes first.
                        self.inner.consume(i);
                        self.skipping = false;
                        self.budget.used.store(0, Relaxed);
                        if self.passed_odd {
                            self.passed_odd = false;
                            buf[0] = b'"';
                            return Ok(1);
                        }
                    }
                    None => {
                        let n = chunk.len();
                        self.inner.consume(n);
                    }
                }
                continue;
            }
            let room = self
                .budget
                .limit
                .saturating_sub(self.budget.used.load(Relaxed));
            if room == 0 {
                self.budget.tripped.store(true, Relaxed);
                self.skipping = true;
                continue;
            }
            let n = chunk.len().min(buf.len()).min(room);
            buf[..n].copy_from_slice(&chunk[..n]);
            if memchr::memchr_iter(b'"', &chunk[..n]).count() % 2 == 1 {
                self.odd_quotes = !self.odd_quotes;
                self.passed_odd = !self.passed_odd;
            }
            self.inner.consume(n);
            self.budget.used.fetch_add(n, Relaxed);
            return Ok(n);
        }
    }
}

impl<R: BufRead> CsvReader<R> {
    pub fn new(reader: R, path: PathBuf, delimiter: u8) -> Self {
        let budget = std::sync::Arc::new(Budget {
            used: Default::default(),
            tripped: Default::default(),
            limit: super::max_record_bytes(),
        });
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(Limited {
                inner: reader,
                budget: budget.clone(),
                skipping: false,
                odd_quotes: false,
                passed_odd: false,
            });
        CsvReader {
            reader,
            budget,
            path,
            columns: None,
            record: csv::ByteRecord::new(),
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

    fn read_header(&mut self) -> Result<Option<Columns>, RecordError> {
        let mut header = csv::ByteRecord::new();
        match self.reader.read_byte_record(&mut header) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => return Err(self.error(1, format!("cannot read the header: {e}"))),
        }
        let names: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, field)| {
                let mut s = String::from_utf8_lossy(field).trim().to_ascii_lowercase();
                if i == 0 {
                    s = s.trim_start_matches('\u{feff}').to_owned();
                }
                s
            })
            .collect();
        let find = |keys: &[&str]| keys.iter().find_map(|k| names.iter().position(|n| n == k));
        let Some(abstract_text) = find(ABSTRACT_KEYS) else {
            return Err(self.error(
                1,
                format!(
                    "the header has no abstract column (found: {}); file skipped",
                    names.join(", ")
                ),
            ));
        };
        Ok(Some(Columns {
            title: find(TITLE_KEYS),
            abstract_text,
            id: find(ID_KEYS),
            year: find(YEAR_KEYS),
            authors: find(AUTHOR_KEYS),
            url: find(URL_KEYS),
            width: names.len(),
        }))
    }
}

impl<R: BufRead> Iterator for CsvReader<R> {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        if self.done {
            return None;
        }
        if self.columns.is_none() {
            match self.read_header() {
                Ok(Some(c)) => self.columns = Some(c),
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        loop {
            use std::sync::atomic::Ordering::Relaxed;
            let mut record = std::mem::take(&mut self.record);
            self.budget.used.store(0, Relaxed);
            let read = self.reader.read_byte_record(&mut record);
            let line = record.position().map_or(0, |p| p.line());
            if self.budget.tripped.swap(false, Relaxed) {
                // Give the row's memory back, and report it.
                self.record = csv::ByteRecord::new();
                return Some(Err(self.error(
                    line,
                    format!(
                        "row longer than the record limit of {} bytes; skipped (raise it with \
                         --max-record-size)",
                        self.budget.limit
                    ),
                )));
            }
            let result = match read {
                Ok(false) => {
                    self.done = true;
                    None
                }
                Err(e) => {
                    let line = e.position().map_or(line, |p| p.line());
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        self.done = true;
                    }
                    Some(Err(self.error(line, format!("malformed row: {e}"))))
                }
                Ok(true) if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) => {
                    self.record = record;
                    continue;
                }
                Ok(true) => Some(self.row(&record, line)),
            };
            self.record = record;
            return result;
        }
    }
}

impl<R: BufRead> CsvReader<R> {
    fn row(&self, record: &csv::ByteRecord, line: u64) -> RecordResult {
        let columns = self.columns.as_ref().expect("header read before rows");
        let needed = columns.title.unwrap_or(0).max(columns.abstract_text) + 1;
        if record.len() < needed {
            return Err(self.error(
                line,
                format!(
                    "row has {} fields but the header has {}; skipped",
                    record.len(),
                    columns.width
                ),
            ));
        }
        let text = |i: Option<usize>| -> Result<Option<String>, RecordError> {
            let Some(field) = i.and_then(|i| record.get(i)) else {
                return Ok(None);
            };
            String::from_utf8(field.to_vec()).map(Some).map_err(|e| {
                self.error(
                    line,
                    format!("invalid UTF-8 in field {}: {e}", i.unwrap_or(0) + 1),
                )
            })
        };
        let fields = Fields {
            id: text(columns.id)?,
            title: text(columns.title)?,
            abstract_text: text(Some(columns.abstract_text))?,
            year: text(columns.year)?,
            authors: text(columns.authors)?
                .map(|a| split_authors(&a))
                .unwrap_or_default(),
            url: text(columns.url)?,
        };
        fields
            .into_paper(Source {
                path: self.path.clone(),
                line,
            })
            .map_err(|m| self.error(line, m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, delimiter: u8) -> Vec<RecordResult> {
        CsvReader::new(text.as_bytes(), PathBuf::from("t.csv"), delimiter).collect()
    }

    #[test]
    fn header_is_case_insensitive_and_optional_columns_are_read() {
        let out = read(
            "ID,Title,Abstract,Year,Authors\n7,\"A, quoted\",\"multi\nline\",2020,X and Y\n",
            b',',
        );
        let p = out[0].as_ref().unwrap();
        assert_eq!(
            (p.id.as_str(), p.title.as_str(), p.abstract_text.as_str()),
            ("7", "A, quoted", "multi line")
        );
        assert_eq!(p.year, Some(2020));
        assert_eq!(p.authors, ["X", "Y"]);
    }

    #[test]
    fn ragged_row_is_skipped_with_its_line() {
        let out = read("title\tabstract\nA\ta\nB\nC\tc\n", b'\t');
        assert_eq!(out.len(), 3);
        assert!(out[0].is_ok() && out[2].is_ok());
        let err = out[1].as_ref().unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.message.contains("1 fields but the header has 2"),
            "{err}"
        );
    }

    #[test]
    fn missing_abstract_column_is_one_error_for_the_file() {
        let out = read("title,year\nA,2020\n", b',');
        assert_eq!(out.len(), 1);
        let err = out[0].as_ref().unwrap_err();
        assert!(err.message.contains("no abstract column"), "{err}");
    }

    #[test]
    fn an_abstract_column_is_enough() {
        let out = read("abstract,id\nWe train BERT.,\n,p2\n", b',');
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.title, "");
        assert_eq!(a.id, crate::paper::title_id("We train BERT."));
        let err = out[1].as_ref().unwrap_err();
        assert!(
            err.message.contains("neither a title nor an abstract"),
            "{err}"
        );
        // An empty title cell with an abstract is a paper too.
        let out = read("title,abstract\n,We train BERT.\n", b',');
        assert_eq!(out[0].as_ref().unwrap().abstract_text, "We train BERT.");
    }

    #[test]
    fn ids_default_to_title_ids() {
        let out = read("title,abstract\nSame Title,a\n", b',');
        assert_eq!(
            out[0].as_ref().unwrap().id,
            crate::paper::title_id("same title")
        );
    }
}
