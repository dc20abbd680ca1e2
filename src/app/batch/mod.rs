//! `batch`: JSON Lines of answers in, one assessment per line out, in input order, each
//! with the line's `warnings`. Streams: one line is held at a time, so memory stays flat
//! however long the input is. Standard error gets one summary at the end.
//!
//! The parts: `input` reads the lines (with the limits below), the shared answers reader
//! of the core turns each into answers with the checks every answers file goes through,
//! `line` assesses it and writes its JSON (`writer` for the common case), and `batch`
//! runs the lines and sums up.

mod input;
mod line;
mod writer;

use std::io::ErrorKind;

use anyhow::Context;

use super::{Streams, rules_for};
use crate::cli::{BatchArgs, Cli};
use crate::engine::{Engine, LineReader, ignored_message};
use crate::error::exit;
use input::{Input, Read};
use line::{LineOptions, push_error, push_json_line};

pub use writer::JsonLineWriter;

/// Output is handed on in pieces of about this size.
const OUT_BUFFER: usize = 64 * 1024;

/// What the lines came to, for the summary on standard error.
#[derive(Default)]
struct Tally {
    /// Lines that could not be scored.
    failed: u64,
    /// Lines with answers that were ignored.
    warned: u64,
    /// Where the output closed (`| head`), if it did: the lines after it are not read.
    closed_after: Option<u64>,
}

pub(super) fn batch(cli: &Cli, args: &BatchArgs, streams: &mut Streams) -> anyhow::Result<u8> {
    let rules = rules_for(cli)?;
    let engine = Engine::new(rules);
    let mut input = Input::open(args.input.as_deref())?;
    let cannot_write = "<stdout>: cannot write";
    let options = LineOptions {
        what_if: args.what_if,
        stability: args.stability,
    };

    // Lines are written straight into one buffer, handed to the output 64 KiB at a time.
    let out = &mut *streams.out;
    let mut pending: Vec<u8> = Vec::with_capacity(OUT_BUFFER + 64 * 1024);
    let mut reader = LineReader::new(rules);
    let writer = JsonLineWriter::new(rules);
    let mut answers = vec![None; rules.questions.len()];
    let mut ignored = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut tally = Tally::default();
    let mut number = 0u64;
    loop {
        let read = input.next_line()?;
        number += 1;
        let (outcome, last) = match read {
            Read::End => break,
            Read::Problem { message, last } => (Err(vec![message]), last),
            Read::Blank => continue,
            Read::Line(text) => {
                ignored.clear();
                let read = reader.read(text, &mut answers, |index| ignored.push(index));
                (read, false)
            }
        };
        match outcome {
            Ok(()) => {
                warnings.clear();
                warnings.extend(ignored.iter().map(|&index| ignored_message(rules, index)));
                tally.warned += u64::from(!warnings.is_empty());
                let personal = reader.weights().map(|w| w.apply(rules));
                push_json_line(
                    &mut pending,
                    personal.as_ref().unwrap_or(rules),
                    personal.is_none().then_some((&engine, &writer)),
                    &answers,
                    options,
                    &warnings,
                );
            }
            Err(problems) => {
                tally.failed += 1;
                push_error(&mut pending, number, &problems);
            }
        }
        pending.push(b'\n');
        if pending.len() >= OUT_BUFFER {
            match out.write_all(&pending) {
                Err(error) if error.kind() == ErrorKind::BrokenPipe => {
                    tally.closed_after = Some(number);
                    break;
                }
                written => written.context(cannot_write)?,
            }
            pending.clear();
        }
        if last {
            break;
        }
    }
    if tally.closed_after.is_none() {
        match out.write_all(&pending).and_then(|()| out.flush()) {
            Err(error) if error.kind() == ErrorKind::BrokenPipe => {
                tally.closed_after = Some(number);
            }
            written => written.context(cannot_write)?,
        }
    }
    Ok(summary(&tally, input.name(), streams))
}

/// Writes the summary to standard error and returns the exit code.
fn summary(tally: &Tally, name: &str, streams: &mut Streams) -> u8 {
    if tally.warned > 0 {
        let _ = writeln!(
            streams.err,
            "warning: {name}: {} {} answers that were ignored; see \"warnings\" in \
             the output",
            tally.warned,
            if tally.warned == 1 {
                "line has"
            } else {
                "lines have"
            }
        );
    }
    if tally.failed == 0 {
        return exit::OK;
    }
    let closed = tally.closed_after.map_or_else(String::new, |n| {
        format!(" (the output closed by line {n}; the lines after it were not read)")
    });
    let _ = writeln!(
        streams.err,
        "error: {name}: {} {} could not be scored; see the objects with an \"error\" \
         field in the output{closed}",
        tally.failed,
        if tally.failed == 1 { "line" } else { "lines" }
    );
    exit::DATA
}
