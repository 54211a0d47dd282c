//! Line splitting shared by the line-oriented readers: counts lines, drops a leading UTF-8 byte
//! order mark, ends a line at `\n`, `\r\n` or a lone `\r` (old Mac files), and reports invalid
//! UTF-8 and over-long lines per line instead of failing the file. Memory is bounded: a line
//! longer than the record limit ([`super::max_record_bytes`]) is skipped as it is read, never
//! held.

use std::io::BufRead;

/// One line of input, or why it could not be decoded.
pub(crate) struct Line {
    /// 1-based line number.
    pub number: u64,
    /// The line without its terminator, or a message saying why it is not text.
    pub text: Result<String, String>,
}

pub(crate) struct Lines<R> {
    reader: R,
    number: u64,
    buf: Vec<u8>,
    done: bool,
    /// The last line ended with `\r`: a `\n` right after it belongs to it.
    after_cr: bool,
    limit: usize,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Self {
        Lines {
            reader,
            number: 0,
            buf: Vec::new(),
            done: false,
            after_cr: false,
            limit: super::max_record_bytes(),
        }
    }

    /// Reads up to the next line end into `buf` (at most `limit` bytes kept). Returns whether
    /// anything was read, and whether the line was longer than the limit.
    fn read_line(&mut self) -> std::io::Result<(bool, bool)> {
        let (mut any, mut too_long) = (false, false);
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok((any, too_long));
            }
            if self.after_cr {
                self.after_cr = false;
                if chunk[0] == b'\n' {
                    self.reader.consume(1);
                    continue;
                }
            }
            any = true;
            match memchr::memchr2(b'\n', b'\r', chunk) {
                Some(i) => {
                    let keep = i.min(self.limit.saturating_sub(self.buf.len()));
                    self.buf.extend_from_slice(&chunk[..keep]);
                    too_long |= keep < i;
                    self.after_cr = chunk[i] == b'\r';
                    self.reader.consume(i + 1);
                    return Ok((true, too_long));
                }
                None => {
                    let n = chunk.len();
                    let keep = n.min(self.limit.saturating_sub(self.buf.len()));
                    self.buf.extend_from_slice(&chunk[..keep]);
                    too_long |= keep < n;
                    self.reader.consume(n);
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.done {
            return None;
        }
        self.buf.clear();
        match self.read_line() {
            Ok((false, _)) => {
                self.done = true;
                None
            }
            Ok((true, too_long)) => {
                self.number += 1;
                if too_long {
                    self.buf = Vec::new(); // give the limit's worth of memory back
                    return Some(Line {
                        number: self.number,
                        text: Err(format!(
                            "line longer than the record limit of {} bytes; skipped (raise it \
                             with --max-record-size)",
                            self.limit
                        )),
                    });
                }
                let mut bytes: &[u8] = &self.buf;
                if self.number == 1 {
                    bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                }
                let text = match std::str::from_utf8(bytes) {
                    Ok(s) => Ok(s.to_owned()),
                    Err(e) => Err(format!(
                        "invalid UTF-8 at byte {} of the line",
                        e.valid_up_to() + 1
                    )),
                };
                Some(Line {
                    number: self.number,
                    text,
                })
            }
            Err(e) => {
                // A read error (e.g. a corrupt .gz stream) ends the file; report it on the
                // line after the last one read.
                self.done = true;
                self.number += 1;
                Some(Line {
                    number: self.number,
                    text: Err(format!("read error: {e}")),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Vec<(u64, Result<String, String>)> {
        // A tiny buffer, so line ends fall across reads.
        Lines::new(std::io::BufReader::with_capacity(3, bytes))
            .map(|l| (l.number, l.text))
            .collect()
    }

    #[test]
    fn every_line_end_ends_a_line() {
        let got = lines(b"\xEF\xBB\xBFa\r\nb\rc\nd\r\re");
        let want: Vec<(u64, Result<String, String>)> = vec![
            (1, Ok("a".into())),
            (2, Ok("b".into())),
            (3, Ok("c".into())),
            (4, Ok("d".into())),
            (5, Ok(String::new())),
            (6, Ok("e".into())),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn an_over_long_line_is_skipped_and_reading_goes_on() {
        let mut r = Lines::new(std::io::BufReader::with_capacity(
            4,
            &b"short\nxxxxxxxxxxxxxxxxxxxx\nok\n"[..],
        ));
        r.limit = 10;
        let got: Vec<_> = r.map(|l| (l.number, l.text.is_ok())).collect();
        assert_eq!(got, [(1, true), (2, false), (3, true)]);
    }
}
