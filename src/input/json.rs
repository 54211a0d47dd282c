//! JSON Lines and JSON arrays of paper records.
//!
//! The array reader does not parse the whole document: it scans the top-level array byte by
//! byte, cuts out one element at a time and parses only that, so memory stays at one record
//! and a broken element costs only itself.

use super::lines::Lines;
use super::record::fields_from_json;
use super::{RecordError, RecordResult};
use crate::paper::Source;
use serde_json::Value;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

fn record_from_value(value: Value, path: &Path, line: u64) -> RecordResult {
    let err = |message: String| RecordError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let Value::Object(obj) = value else {
        return Err(err(format!(
            "expected a JSON object, found {}",
            kind_of(&value)
        )));
    };
    fields_from_json(&obj)
        .into_paper(Source {
            path: path.to_path_buf(),
            line,
        })
        .map_err(err)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One JSON object per line; blank lines are skipped.
pub(crate) struct JsonLinesReader<R> {
    lines: Lines<R>,
    path: PathBuf,
}

impl<R: BufRead> JsonLinesReader<R> {
    pub fn new(reader: R, path: PathBuf) -> Self {
        JsonLinesReader {
            lines: Lines::new(reader),
            path,
        }
    }
}

impl<R: BufRead> Iterator for JsonLinesReader<R> {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        loop {
            let line = self.lines.next()?;
            let err = |message: String| RecordError {
                path: self.path.clone(),
                line: line.number,
                message,
            };
            let text = match line.text {
                Ok(t) => t,
                Err(message) => return Some(Err(err(message))),
            };
            if text.trim().is_empty() {
                continue;
            }
            return Some(match serde_json::from_str::<Value>(&text) {
                Ok(value) => record_from_value(value, &self.path, line.number),
                Err(e) => Err(err(format!("not valid JSON: {e}"))),
            });
        }
    }
}

/// A top-level JSON array of objects, or a single object.
pub(crate) struct JsonArrayReader<R> {
    reader: R,
    path: PathBuf,
    line: u64,
    state: ArrayState,
    buf: Vec<u8>,
}

#[derive(PartialEq)]
enum ArrayState {
    Start,
    InArray,
    Done,
}

impl<R: BufRead> JsonArrayReader<R> {
    pub fn new(reader: R, path: PathBuf) -> Self {
        JsonArrayReader {
            reader,
            path,
            line: 1,
            state: ArrayState::Start,
            buf: Vec::new(),
        }
    }

    fn error(&self, line: u64, message: impl Into<String>) -> RecordError {
        RecordError {
            path: self.path.clone(),
            line,
            message: message.into(),
        }
    }

    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        Ok(self.reader.fill_buf()?.first().copied())
    }

    fn bump(&mut self) {
        if let Ok(Some(b)) = self.peek() {
            if b == b'\n' {
                self.line += 1;
            }
            self.reader.consume(1);
        }
    }

    /// Skips whitespace and a leading byte order mark.
    fn skip_ws(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.bump(),
                Some(0xEF) if self.state == ArrayState::Start => {
                    // A UTF-8 BOM is three bytes: EF BB BF.
                    for _ in 0..3 {
                        self.reader.consume(1);
                    }
                }
                other => return Ok(other),
            }
        }
    }

    /// Reads one JSON value (object, array, string or scalar) into `self.buf`, tracking
    /// nesting and strings so commas inside them do not end it. A value longer than the
    /// record limit is read to its end but not kept; the result says so (`true`).
    fn read_value(&mut self) -> std::io::Result<bool> {
        self.buf.clear();
        let limit = super::max_record_bytes();
        let mut too_long = false;
        let mut keep = |buf: &mut Vec<u8>, b: u8| {
            if buf.len() < limit {
                buf.push(b);
            } else {
                too_long = true;
            }
        };
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        while let Some(b) = self.peek()? {
            if in_string {
                keep(&mut self.buf, b);
                self.bump();
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => break,
                b'}' | b']' => depth -= 1,
                b',' if depth == 0 => break,
                _ => {}
            }
            keep(&mut self.buf, b);
            self.bump();
        }
        if too_long {
            self.buf = Vec::new();
        }
        Ok(too_long)
    }
}

impl<R: BufRead> Iterator for JsonArrayReader<R> {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        let io_err = |s: &Self, e: std::io::Error| s.error(s.line, format!("read error: {e}"));
        loop {
            match self.state {
                ArrayState::Done => return None,
                ArrayState::Start => match self.skip_ws() {
                    Err(e) => {
                        self.state = ArrayState::Done;
                        return Some(Err(io_err(self, e)));
                    }
                    Ok(None) => {
                        self.state = ArrayState::Done;
                        return None;
                    }
                    Ok(Some(b'[')) => {
                        self.bump();
                        self.state = ArrayState::InArray;
                    }
                    Ok(Some(_)) => {
                        // A single object (or garbage): parse the rest of the file as one value.
                        self.state = ArrayState::Done;
                        let line = self.line;
                        let mut rest = Vec::new();
                        let limit = super::max_record_bytes();
                        if let Err(e) = (&mut self.reader)
                            .take(limit as u64 + 1)
                            .read_to_end(&mut rest)
                        {
                            return Some(Err(io_err(self, e)));
                        }
                        if rest.len() > limit {
                            return Some(Err(self.error(
                                line,
                                format!(
                                    "the JSON value is longer than the record limit of {limit} \
                                     bytes; skipped (raise it with --max-record-size)"
                                ),
                            )));
                        }
                        return Some(match serde_json::from_slice::<Value>(&rest) {
                            Ok(v) => record_from_value(v, &self.path, line),
                            Err(e) => Err(self.error(line, format!("not valid JSON: {e}"))),
                        });
                    }
                },
                ArrayState::InArray => {
                    match self.skip_ws() {
                        Err(e) => {
                            self.state = ArrayState::Done;
                            return Some(Err(io_err(self, e)));
                        }
                        Ok(None) => {
                            self.state = ArrayState::Done;
                            return Some(Err(self.error(
                                self.line,
                                "unexpected end of file: the JSON array is not closed",
                            )));
                        }
                        Ok(Some(b']')) => {
                            self.bump();
                            self.state = ArrayState::Done;
                            // Anything but whitespace after the array is reported, not
                            // dropped silently (a second array, a stray record).
                            return match self.skip_ws() {
                                Ok(Some(_)) => Some(Err(self.error(
                                    self.line,
                                    "text after the JSON array's closing `]`; ignored",
                                ))),
                                _ => None,
                            };
                        }
                        Ok(Some(b',')) => {
                            self.bump();
                            continue;
                        }
                        Ok(Some(_)) => {}
                    }
                    let line = self.line;
                    match self.read_value() {
                        Err(e) => {
                            self.state = ArrayState::Done;
                            return Some(Err(io_err(self, e)));
                        }
                        Ok(true) => {
                            return Some(Err(self.error(
                                line,
                                format!(
                                    "element longer than the record limit of {} bytes; \
                                     skipped (raise it with --max-record-size)",
                                    super::max_record_bytes()
                                ),
                            )));
                        }
                        Ok(false) => {}
                    }
                    return Some(match serde_json::from_slice::<Value>(&self.buf) {
                        Ok(v) => record_from_value(v, &self.path, line),
                        Err(e) => Err(self.error(line, format!("not valid JSON: {e}"))),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<RecordResult> {
        JsonLinesReader::new(text.as_bytes(), PathBuf::from("t.jsonl")).collect()
    }

    fn array(text: &str) -> Vec<RecordResult> {
        JsonArrayReader::new(text.as_bytes(), PathBuf::from("t.json")).collect()
    }

    #[test]
    fn jsonl_keeps_ids_and_reports_bad_lines() {
        let text = "{\"id\":\"1\",\"title\":\"A\",\"abstract\":\"x\"}\n\n{broken\n{\"id\":2,\"title\":\"B\",\"abstract\":\"y\",\"update_date\":\"2021-03-04\",\"authors\":\"P. Q and R. S\"}\r\n";
        let out = lines(text);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().unwrap().id, "1");
        let err = out[1].as_ref().unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.to_string().starts_with("t.jsonl:3: not valid JSON"),
            "{err}"
        );
        let b = out[2].as_ref().unwrap();
        assert_eq!((b.id.as_str(), b.year), ("2", Some(2021)));
        assert_eq!(b.authors, ["P. Q", "R. S"]);
    }

    #[test]
    fn a_record_without_a_title_is_a_paper_and_one_with_neither_is_bad() {
        let out = lines(
            "{\"id\":\"x1\",\"abstract\":\"We train BERT.\"}\n{\"abstract\":\"We train GPT-2.\"}\n{\"title\":\"\",\"abstract\":\" \"}\n{\"year\":2020}\n",
        );
        let a = out[0].as_ref().unwrap();
        assert_eq!((a.id.as_str(), a.title.as_str()), ("x1", ""));
        assert_eq!(a.abstract_text, "We train BERT.");
        let b = out[1].as_ref().unwrap();
        assert_eq!(b.id, crate::paper::title_id("We train GPT-2."));
        assert!(b.id.starts_with("we-train-gpt-2-"), "{}", b.id);
        for i in [2, 3] {
            let err = out[i].as_ref().unwrap_err();
            assert!(
                err.message.contains("neither a title nor an abstract"),
                "{err}"
            );
            assert_eq!(err.line, i as u64 + 1);
        }
    }

    #[test]
    fn jsonl_missing_abstract_is_a_bad_record() {
        let out = lines("{\"title\":\"A\"}\n");
        assert!(
            out[0]
                .as_ref()
                .unwrap_err()
                .message
                .contains("no \"abstract\"")
        );
    }

    #[test]
    fn text_after_the_array_is_reported() {
        let out = array("[{\"title\":\"A\",\"abstract\":\"a\"}]\n\n{\"title\":\"B\"}\n");
        assert_eq!(out.len(), 2);
        assert!(out[0].is_ok());
        let err = out[1].as_ref().unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("after the JSON array"), "{err}");
        assert_eq!(array("[]\n  \n").len(), 0);
    }

    #[test]
    fn array_streams_elements_and_skips_non_objects() {
        let text = "\u{feff}[\n {\"title\":\"A, with comma\",\"abstract\":\"has ] and } inside \\\" quote\"},\n 42,\n {\"title\":\"B\",\"abstract\":\"b\",\"x\":[1,{\"y\":2}]}\n]\n";
        let out = array(text);
        assert_eq!(out.len(), 3);
        assert_eq!(
            out[0].as_ref().unwrap().abstract_text,
            "has ] and } inside \" quote"
        );
        let err = out[1].as_ref().unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.message
                .contains("expected a JSON object, found a number")
        );
        assert_eq!(out[2].as_ref().unwrap().title, "B");
    }

    #[test]
    fn unclosed_array_is_reported_after_good_records() {
        let out = array("[{\"title\":\"A\",\"abstract\":\"a\"},");
        assert!(out[0].is_ok());
        assert!(out[1].as_ref().unwrap_err().message.contains("not closed"));
    }

    #[test]
    fn single_object_file() {
        let out = array("{\"title\":\"A\",\n\"abstract\":\"a\"}");
        assert_eq!(out.len(), 1);
        assert!(out[0].is_ok());
    }
}
