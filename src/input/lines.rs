//! Line splitting shared by the line-oriented readers: counts lines, drops a leading UTF-8 byte
//! order mark and trailing `\r`, and reports invalid UTF-8 per line instead of failing the file.

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
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Self {
        Lines {
            reader,
            number: 0,
            buf: Vec::new(),
            done: false,
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
        match self.reader.read_until(b'\n', &mut self.buf) {
            Ok(0) => {
                self.done = true;
                None
            }
            Ok(_) => {
                self.number += 1;
                let mut bytes: &[u8] = &self.buf;
                if self.number == 1 {
                    bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                }
                bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
                bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
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
