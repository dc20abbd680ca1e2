//! One line of output: the assessment of a line's answers as JSON (the same object as
//! `advise --format json`, without `what_if` unless asked), with the line's `warnings`; or
//! the line's problems.

use serde::Serialize;

use super::writer::JsonLineWriter;
use crate::engine::Engine;
use crate::report::AssessmentJson;
use crate::rules::{Code, RuleSet};

/// What the command line asked each line's object to hold.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineOptions {
    /// The what-if list.
    pub(super) what_if: bool,
    /// The weights and how far each can move.
    pub(super) stability: bool,
}

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

/// Appends the assessment of `answers` (settled and checked) under `rules`. `shared` is the
/// batch's own engine and line writer, built once, for a line without weights of its own; a line with its own
/// weights (`rules` is then its personal copy) gets an engine of its own, and its object
/// says which weights were used.
pub(super) fn push_json_line(
    out: &mut Vec<u8>,
    rules: &RuleSet,
    shared: Option<(&Engine, &JsonLineWriter)>,
    answers: &[Option<Code>],
    options: LineOptions,
    warnings: &[String],
) {
    if let Some((engine, writer)) = shared
        && !options.what_if
        && !options.stability
    {
        // The common case, written by hand for speed (see the writer).
        writer.write(&engine.assess_without_what_if(answers), out);
        with_warnings(out, warnings);
        return;
    }
    let personal = shared.is_none();
    let own;
    let engine = match shared {
        Some((engine, _)) => engine,
        None => {
            own = Engine::new(rules);
            &own
        }
    };
    let assessment = if options.what_if {
        engine.assess(answers)
    } else {
        engine.assess_without_what_if(answers)
    };
    let mut json = AssessmentJson::new(rules, &assessment, options.what_if);
    if options.stability || personal {
        json = json.with_weights(rules);
    }
    let stability;
    if options.stability {
        stability = engine.stability(answers);
        json = json.with_stability(rules, &stability);
    }
    push_json(out, &json);
    with_warnings(out, warnings);
}

/// Appends the object of a line that cannot be scored: its number and its problems.
pub(super) fn push_error(out: &mut Vec<u8>, line: u64, problems: &[String]) {
    let error = LineError {
        line,
        error: problems.first().map_or("", String::as_str),
        errors: problems,
        warnings: [],
    };
    push_json(out, &error);
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
