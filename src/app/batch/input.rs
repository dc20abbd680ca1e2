//! The lines of a batch: read one at a time from a file or standard input, each at most
//! [`MAX_LINE_BYTES`], as UTF-8 text.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::Context;

use crate::text::shown_path;

/// A line longer than this is refused (and skipped) rather than read into memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// A line still without a newline after this many bytes ends the batch: the input is not
/// JSON Lines (or never ends, like `/dev/zero`).
pub const MAX_SKIP_BYTES: u64 = 16 * 1024 * 1024;

/// Where the lines come from.
pub(super) struct Input {
    /// The file's name, or `<stdin>`, for messages.
    name: String,
    reader: Box<dyn BufRead>,
    /// The current line.
    buffer: Vec<u8>,
    /// Lines read so far.
    lines: u64,
}

/// The next line of the input.
pub(super) enum Read<'a> {
    /// A line of text (without its newline).
    Line(&'a str),
    /// A line with nothing but white space: skipped.
    Blank,
    /// A line that cannot be read as text; `last` when reading stops after it.
    Problem { message: String, last: bool },
    /// The input is exhausted.
    End,
}

impl Input {
    /// Opens the file at `path`, or standard input for `None` or `-`.
    pub(super) fn open(path: Option<&Path>) -> anyhow::Result<Input> {
        let name = match path {
            Some(path) if path != Path::new("-") => shown_path(path),
            _ => "<stdin>".to_string(),
        };
        let reader: Box<dyn BufRead> = match path {
            Some(path) if path != Path::new("-") => {
                let file = File::open(path).with_context(|| format!("{name}: cannot read"))?;
                Box::new(BufReader::with_capacity(64 * 1024, file))
            }
            _ => Box::new(std::io::stdin().lock()),
        };
        Ok(Input {
            name,
            reader,
            buffer: Vec::with_capacity(1024),
            lines: 0,
        })
    }

    /// The input's name for messages: the file's, or `<stdin>`.
    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// Reads the next line.
    pub(super) fn next_line(&mut self) -> anyhow::Result<Read<'_>> {
        let read = read_line(&mut self.reader, &mut self.buffer, MAX_LINE_BYTES)
            .with_context(|| format!("{}: cannot read", self.name))?;
        self.lines += 1;
        Ok(match read {
            Raw::End => Read::End,
            Raw::TooLong => Read::Problem {
                message: format!(
                    "the line is longer than {} KiB; one line holds one answers object",
                    MAX_LINE_BYTES / 1024
                ),
                last: false,
            },
            Raw::Endless => Read::Problem {
                message: format!(
                    "the line runs on for more than {} MiB without a newline; batch reads \
                     JSON Lines, one answers object per line, so reading stops here",
                    MAX_SKIP_BYTES / (1024 * 1024)
                ),
                last: true,
            },
            Raw::Line => {
                // A byte-order mark may start the input, as it may start an answers file.
                let bytes = if self.lines == 1 {
                    self.buffer
                        .strip_prefix("\u{feff}".as_bytes())
                        .unwrap_or(&self.buffer)
                } else {
                    &self.buffer
                };
                match std::str::from_utf8(bytes) {
                    Err(_) => Read::Problem {
                        message: "the line is not valid UTF-8 text".to_string(),
                        last: false,
                    },
                    Ok(text) if text.trim().is_empty() => Read::Blank,
                    Ok(text) => Read::Line(text),
                }
            }
        })
    }
}

/// What [`read_line`] found.
enum Raw {
    /// A whole line (without its newline) is in the buffer.
    Line,
    /// The line was longer than the limit; it has been skipped.
    TooLong,
    /// The line ran past [`MAX_SKIP_BYTES`] without a newline: reading stops.
    Endless,
    /// The input is exhausted.
    End,
}
/// Reads the next line into `buffer` (without its `\n` or `\r\n`), holding at most `max`
/// bytes: a longer line is read past and reported as [`Raw::TooLong`].
fn read_line(input: &mut dyn BufRead, buffer: &mut Vec<u8>, max: usize) -> std::io::Result<Raw> {
    buffer.clear();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let read = std::io::Read::take(&mut *input, limit).read_until(b'\n', buffer)?;
    if read == 0 {
        return Ok(Raw::End);
    }
    if buffer.last() == Some(&b'\n') {
        buffer.pop();
    } else if buffer.len() > max {
        buffer.clear();
        let skipped = std::io::Read::take(&mut *input, MAX_SKIP_BYTES).skip_until(b'\n')?;
        let ended = skipped > 0 && skipped < MAX_SKIP_BYTES as usize;
        return Ok(if ended || input.fill_buf()?.is_empty() {
            Raw::TooLong
        } else {
            Raw::Endless
        });
    }
    if buffer.last() == Some(&b'\r') {
        buffer.pop();
    }
    Ok(Raw::Line)
}

#[cfg(test)]
mod tests {
    use super::{Raw, read_line};

    fn lines(text: &str, max: usize) -> Vec<String> {
        let mut input = text.as_bytes();
        let mut buffer = Vec::new();
        let mut out = Vec::new();
        loop {
            match read_line(&mut input, &mut buffer, max).expect("reading from memory") {
                Raw::End => return out,
                Raw::TooLong => out.push("<too long>".to_string()),
                Raw::Endless => out.push("<endless>".to_string()),
                Raw::Line => out.push(String::from_utf8(buffer.clone()).expect("UTF-8 test input")),
            }
        }
    }

    #[test]
    fn lines_are_split_on_newlines_and_long_ones_are_skipped_whole() {
        assert_eq!(lines("a\r\nbb\n\nccc", 10), ["a", "bb", "", "ccc"]);
        assert_eq!(
            lines("short\nfar too long\nok\n", 5),
            ["short", "<too long>", "ok"]
        );
        assert!(lines("", 5).is_empty());
    }
}
