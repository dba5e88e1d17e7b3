//! JSON Lines: one dossier a line, read as a stream with bounded memory.

use std::fmt;
use std::io::{self, BufRead};

use crate::issue::{DataErrors, Decoded, Location};
use crate::plan::Decoder;

/// Longest line accepted by default ([`crate::MAX_DOSSIER_BYTES`], 8 MiB): a longer one is
/// reported and skipped, so that memory stays bounded whatever the input.
pub const DEFAULT_MAX_LINE: usize = crate::MAX_DOSSIER_BYTES;

/// Reads the records of a JSON Lines stream: see [`jsonl_records`].
pub struct JsonLines<R> {
    reader: R,
    buf: Vec<u8>,
    line: u64,
    max_line: usize,
    done: bool,
}

/// One line of a JSON Lines stream (without its line ending).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonLine<'a> {
    /// Its line number in the stream, from 1.
    pub number: u64,
    pub bytes: &'a [u8],
}

/// A line, owned (what the [`Iterator`] yields).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonLineBuf {
    pub number: u64,
    pub bytes: Vec<u8>,
}

#[derive(Debug)]
pub enum JsonLinesError {
    /// Reading failed: the stream ends here.
    Io(io::Error),
    /// Line `line` is longer than the limit; it was skipped and reading goes on.
    TooLong { line: u64, max: usize },
}

impl fmt::Display for JsonLinesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonLinesError::Io(e) => write!(f, "cannot read the input: {e}"),
            JsonLinesError::TooLong { line, max } => {
                write!(f, "line {line} is longer than {max} bytes")
            }
        }
    }
}

impl std::error::Error for JsonLinesError {}

/// The records of a JSON Lines stream: each non-blank line with its number (blank lines are
/// skipped; `\n` and `\r\n` endings; a last line without ending counts). Streaming: one line in
/// memory at a time, at most `DEFAULT_MAX_LINE` bytes (see [`JsonLines::max_line`]).
///
/// [`JsonLines::next_line`] lends the line without copying it; the [`Iterator`] gives owned
/// lines.
pub fn jsonl_records<R: BufRead>(reader: R) -> JsonLines<R> {
    JsonLines {
        reader,
        buf: Vec::new(),
        line: 0,
        max_line: DEFAULT_MAX_LINE,
        done: false,
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

impl<R: BufRead> JsonLines<R> {
    /// Sets the longest line accepted, in bytes.
    pub fn max_line(mut self, max: usize) -> Self {
        self.max_line = max;
        self
    }

    /// The next non-blank line, or `None` at the end of the stream.
    pub fn next_line(&mut self) -> Option<Result<JsonLine<'_>, JsonLinesError>> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            self.line += 1;
            let mut too_long = false;
            let mut ended = false;
            loop {
                let chunk = match self.reader.fill_buf() {
                    Ok(chunk) => chunk,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.done = true;
                        return Some(Err(JsonLinesError::Io(e)));
                    }
                };
                if chunk.is_empty() {
                    self.done = true;
                    break;
                }
                let (take, found) = match memchr::memchr(b'\n', chunk) {
                    Some(p) => (p, true),
                    None => (chunk.len(), false),
                };
                if !too_long {
                    if self.buf.len() + take > self.max_line {
                        too_long = true;
                        self.buf.clear();
                    } else {
                        self.buf.extend_from_slice(&chunk[..take]);
                    }
                }
                self.reader.consume(take + usize::from(found));
                if found {
                    ended = true;
                    break;
                }
            }
            if too_long {
                return Some(Err(JsonLinesError::TooLong {
                    line: self.line,
                    max: self.max_line,
                }));
            }
            if !ended && self.buf.is_empty() {
                return None;
            }
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
            if is_blank(&self.buf) {
                continue;
            }
            return Some(Ok(JsonLine {
                number: self.line,
                bytes: &self.buf,
            }));
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<JsonLineBuf, JsonLinesError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_line().map(|r| {
            r.map(|l| JsonLineBuf {
                number: l.number,
                bytes: l.bytes.to_vec(),
            })
        })
    }
}

impl JsonLine<'_> {
    /// Decodes this line; issue locations are in the stream (the line's number, and the column
    /// in the line).
    pub fn decode(&self, decoder: &Decoder) -> Result<Decoded, DataErrors> {
        let number = usize::try_from(self.number).unwrap_or(usize::MAX);
        let fix = |loc: &mut Option<Location>| {
            *loc = Some(Location {
                line: number,
                column: loc.map_or(1, |l| l.column),
            });
        };
        match decoder.decode_json(self.bytes) {
            Ok(mut d) => {
                d.warnings.iter_mut().for_each(|w| fix(&mut w.location));
                Ok(d)
            }
            Err(mut e) => {
                e.errors.iter_mut().for_each(|w| fix(&mut w.location));
                e.warnings.iter_mut().for_each(|w| fix(&mut w.location));
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<Result<(u64, String), String>> {
        let mut reader = jsonl_records(io::BufReader::with_capacity(4, input)).max_line(max);
        let mut out = Vec::new();
        while let Some(r) = reader.next_line() {
            out.push(
                r.map(|l| (l.number, String::from_utf8_lossy(l.bytes).into_owned()))
                    .map_err(|e| e.to_string()),
            );
        }
        out
    }

    #[test]
    fn splits_lines() {
        let got = lines(b"{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{\"c\":3}", 100);
        assert_eq!(
            got,
            vec![
                Ok((1, "{\"a\":1}".to_owned())),
                Ok((4, "{\"b\":2}".to_owned())),
                Ok((5, "{\"c\":3}".to_owned())),
            ]
        );
        assert_eq!(lines(b"", 100), vec![]);
        assert_eq!(lines(b"\n\n", 100), vec![]);
        assert_eq!(lines(b"x\n", 100), vec![Ok((1, "x".to_owned()))]);
    }

    #[test]
    fn long_lines_are_skipped() {
        let got = lines(b"short\nthis line is long\nok\n", 8);
        assert_eq!(
            got,
            vec![
                Ok((1, "short".to_owned())),
                Err("line 2 is longer than 8 bytes".to_owned()),
                Ok((3, "ok".to_owned())),
            ]
        );
    }

    #[test]
    fn iterator_owns_lines() {
        let all: Vec<_> = jsonl_records(&b"1\n2\n"[..])
            .map(|r| r.map(|l| l.number).ok())
            .collect();
        assert_eq!(all, vec![Some(1), Some(2)]);
    }
}
