//! `batch`: JSON Lines of answers in, one assessment per line out, in input order, each
//! with the line's `warnings`. Streams: one line is held at a time, so memory stays flat
//! however long the input is. Standard error gets one summary at the end.

use std::fs::File;
use std::io::{BufRead, BufReader, ErrorKind};
use std::path::Path;

use anyhow::Context;

use serde::Serialize;

use super::{Streams, rules_for};
use crate::cli::{BatchArgs, Cli};
use crate::engine::{Engine, LineReader, ignored_message};
use crate::error::exit;
use crate::report::{AssessmentJson, JsonLineWriter};
use crate::text::shown_path;

/// A line longer than this is refused (and skipped) rather than read into memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// A line still without a newline after this many bytes ends the batch: the input is not
/// JSON Lines (or never ends, like `/dev/zero`).
pub const MAX_SKIP_BYTES: u64 = 16 * 1024 * 1024;

/// Output is handed on in pieces of about this size.
const OUT_BUFFER: usize = 64 * 1024;

/// The object written for a line that cannot be scored.
#[derive(Serialize)]
struct LineError<'a> {
    line: u64,
    /// The first problem.
    error: &'a str,
    /// Every problem, the first included.
    errors: &'a [String],
    /// Always empty: a line that is not scored has nothing ignored.
    warnings: [&'a str; 0],
}

/// What [`read_line`] found.
enum Read {
    /// A whole line (without its newline) is in the buffer.
    Line,
    /// The line was longer than the limit; it has been skipped.
    TooLong,
    /// The line ran past [`MAX_SKIP_BYTES`] without a newline: reading stops.
    Endless,
    /// The input is exhausted.
    End,
}

pub(super) fn batch(cli: &Cli, args: &BatchArgs, streams: &mut Streams) -> anyhow::Result<u8> {
    let rules = rules_for(cli)?;
    let engine = Engine::new(rules);
    let from_stdin = args.input.as_deref().is_none_or(|p| p == Path::new("-"));
    let name = if from_stdin {
        "<stdin>".to_string()
    } else {
        args.input.as_deref().map_or_else(String::new, shown_path)
    };
    let stdin = std::io::stdin();
    let mut input: Box<dyn BufRead> = match &args.input {
        Some(path) if !from_stdin => {
            let file = File::open(path).with_context(|| format!("{name}: cannot read"))?;
            Box::new(BufReader::with_capacity(64 * 1024, file))
        }
        _ => Box::new(stdin.lock()),
    };
    let cannot_read = || format!("{name}: cannot read");
    let cannot_write = "<stdout>: cannot write";

    // Lines are written straight into one buffer, handed to the output 64 KiB at a time.
    let out = &mut *streams.out;
    let mut pending: Vec<u8> = Vec::with_capacity(OUT_BUFFER + 64 * 1024);
    let mut reader = LineReader::new(rules);
    let writer = JsonLineWriter::new(rules);
    let mut answers = vec![None; rules.questions.len()];
    let mut ignored = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut buffer = Vec::with_capacity(1024);
    let mut number = 0u64;
    let mut failed = 0u64;
    let mut warned = 0u64;
    let mut endless = false;
    // Where the output closed (`| head`), if it did: the lines after it are not read.
    let mut closed_after = None;
    loop {
        let read = read_line(&mut input, &mut buffer, MAX_LINE_BYTES).with_context(cannot_read)?;
        number += 1;
        let outcome = match read {
            Read::End => break,
            Read::TooLong => Err(vec![format!(
                "the line is longer than {} KiB; one line holds one answers object",
                MAX_LINE_BYTES / 1024
            )]),
            Read::Endless => {
                endless = true;
                Err(vec![format!(
                    "the line runs on for more than {} MiB without a newline; batch reads \
                     JSON Lines, one answers object per line, so reading stops here",
                    MAX_SKIP_BYTES / (1024 * 1024)
                )])
            }
            Read::Line => {
                // A byte-order mark may start the input, as it may start an answers file.
                let text = if number == 1 {
                    buffer
                        .strip_prefix("\u{feff}".as_bytes())
                        .unwrap_or(&buffer)
                } else {
                    &buffer
                };
                match std::str::from_utf8(text) {
                    Err(_) => Err(vec!["the line is not valid UTF-8 text".to_string()]),
                    Ok(text) if text.trim().is_empty() => continue,
                    Ok(text) => {
                        ignored.clear();
                        reader.read(text, &mut answers, |index| ignored.push(index))
                    }
                }
            }
        };
        warnings.clear();
        match outcome {
            Ok(()) => {
                warnings.extend(ignored.iter().map(|&index| ignored_message(rules, index)));
                warned += u64::from(!warnings.is_empty());
                if reader.weights().is_some() || args.what_if || args.stability {
                    // A line with its own weights is assessed with its own copy of the rules.
                    let personal = reader.weights().map(|w| w.apply(rules));
                    let rules = personal.as_ref().unwrap_or(rules);
                    let own;
                    let engine = if personal.is_some() {
                        own = Engine::new(rules);
                        &own
                    } else {
                        &engine
                    };
                    let assessment = if args.what_if {
                        engine.assess(&answers)
                    } else {
                        engine.assess_without_what_if(&answers)
                    };
                    let mut json = AssessmentJson::new(rules, &assessment, args.what_if);
                    if args.stability || personal.is_some() {
                        json = json.with_weights(rules);
                    }
                    let stability;
                    if args.stability {
                        stability = engine.stability(&answers);
                        json = json.with_stability(rules, &stability);
                    }
                    push_json(&mut pending, &json);
                } else {
                    let assessment = engine.assess_without_what_if(&answers);
                    writer.write(&assessment, &mut pending);
                }
                with_warnings(&mut pending, &warnings);
            }
            Err(problems) => {
                failed += 1;
                let error = LineError {
                    line: number,
                    error: problems.first().map_or("", String::as_str),
                    errors: &problems,
                    warnings: [],
                };
                push_json(&mut pending, &error);
            }
        }
        pending.push(b'\n');
        if pending.len() >= OUT_BUFFER {
            match out.write_all(&pending) {
                Err(error) if error.kind() == ErrorKind::BrokenPipe => {
                    closed_after = Some(number);
                    break;
                }
                written => written.context(cannot_write)?,
            }
            pending.clear();
        }
        if endless {
            break;
        }
    }
    if closed_after.is_none() {
        match out.write_all(&pending).and_then(|()| out.flush()) {
            Err(error) if error.kind() == ErrorKind::BrokenPipe => closed_after = Some(number),
            written => written.context(cannot_write)?,
        }
    }
    if warned > 0 {
        let _ = writeln!(
            streams.err,
            "warning: {name}: {warned} {} answers that were ignored; see \"warnings\" in \
             the output",
            if warned == 1 {
                "line has"
            } else {
                "lines have"
            }
        );
    }
    if failed == 0 {
        return Ok(exit::OK);
    }
    let closed = closed_after.map_or_else(String::new, |n| {
        format!(" (the output closed by line {n}; the lines after it were not read)")
    });
    let _ = writeln!(
        streams.err,
        "error: {name}: {failed} {} could not be scored; see the objects with an \"error\" \
         field in the output{closed}",
        if failed == 1 { "line" } else { "lines" }
    );
    Ok(exit::DATA)
}

/// Appends `value` as JSON.
fn push_json<T: Serialize>(line: &mut Vec<u8>, value: &T) {
    // Writing plain values to memory cannot fail.
    let _ = serde_json::to_writer(&mut *line, value);
}

/// Adds the `warnings` field to the JSON object that ends `line`.
fn with_warnings(line: &mut Vec<u8>, warnings: &[String]) {
    if line.last() == Some(&b'}') {
        line.pop();
        line.extend_from_slice(b",\"warnings\":");
        push_json(line, &warnings);
        line.push(b'}');
    }
}

/// Reads the next line into `buffer` (without its `\n` or `\r\n`), holding at most `max`
/// bytes: a longer line is read past and reported as [`Read::TooLong`].
fn read_line(input: &mut dyn BufRead, buffer: &mut Vec<u8>, max: usize) -> std::io::Result<Read> {
    buffer.clear();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let read = std::io::Read::take(&mut *input, limit).read_until(b'\n', buffer)?;
    if read == 0 {
        return Ok(Read::End);
    }
    if buffer.last() == Some(&b'\n') {
        buffer.pop();
    } else if buffer.len() > max {
        buffer.clear();
        let skipped = std::io::Read::take(&mut *input, MAX_SKIP_BYTES).skip_until(b'\n')?;
        let ended = skipped > 0 && skipped < MAX_SKIP_BYTES as usize;
        return Ok(if ended || input.fill_buf()?.is_empty() {
            Read::TooLong
        } else {
            Read::Endless
        });
    }
    if buffer.last() == Some(&b'\r') {
        buffer.pop();
    }
    Ok(Read::Line)
}

#[cfg(test)]
mod tests {
    use super::{Read, read_line};

    fn lines(text: &str, max: usize) -> Vec<String> {
        let mut input = text.as_bytes();
        let mut buffer = Vec::new();
        let mut out = Vec::new();
        loop {
            match read_line(&mut input, &mut buffer, max).expect("reading from memory") {
                Read::End => return out,
                Read::TooLong => out.push("<too long>".to_string()),
                Read::Endless => out.push("<endless>".to_string()),
                Read::Line => {
                    out.push(String::from_utf8(buffer.clone()).expect("UTF-8 test input"))
                }
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
