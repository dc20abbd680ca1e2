//! Semantic validation: turns a [`RawRuleSet`] into a [`RuleSet`], or reports every problem
//! found, each placed at the line and column of the node it concerns.

mod conditions;
mod kinds;
mod letters;
mod overrides;
mod questions;

use super::raw::RawRuleSet;
use super::{ConfidenceThresholds, Outcome, RuleSet};
use crate::error::{Diagnostic, Error, Result};
use crate::source::{NodePath, Seg, Source, Value};
use conditions::Scope;

/// A problem found, with the path of the node it concerns.
struct Problem {
    path: NodePath,
    message: String,
    /// For a problem inside a multi-line text (a letter template): the line within it.
    text_line: Option<usize>,
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, at: &At<'_>, message: impl Into<String>) {
        self.0.push(Problem {
            path: at.path(),
            message: message.into(),
            text_line: None,
        });
    }

    /// A problem at line `text_line` (from 1) of the text at `path`.
    fn add_in_text(&mut self, path: NodePath, text_line: usize, message: impl Into<String>) {
        self.0.push(Problem {
            path,
            message: message.into(),
            text_line: Some(text_line),
        });
    }
}

/// Compiles a rule set already known to be valid (the built-in one, whose templates and
/// everything else the full check passes under `cargo test`), skipping the letter-template
/// check, the slowest part. `None` if any problem is found: then the caller runs
/// [`compile`] on the source, for placed messages.
pub(super) fn compile_trusted(raw: RawRuleSet, name: &str) -> Option<RuleSet> {
    let mut problems = Problems::default();
    let rules = check(raw, name, &mut problems, false);
    problems.0.is_empty().then_some(rules)
}

/// Checks the raw rule set and compiles it, or returns every problem together.
pub(super) fn compile(raw: RawRuleSet, source: &Source) -> Result<RuleSet> {
    let mut problems = Problems::default();
    let rules = check(raw, &source.name, &mut problems, true);
    if problems.0.is_empty() {
        return Ok(rules);
    }
    let positions = source.positions();
    let mut diagnostics: Vec<(usize, Diagnostic)> = problems
        .0
        .into_iter()
        .enumerate()
        .map(|(order, problem)| {
            let diagnostic = Diagnostic::new(problem.message).in_file(&source.name);
            let diagnostic = match (positions.find(&problem.path), problem.text_line) {
                (Some((line, _)), Some(text_line)) => Diagnostic {
                    line: Some(line_in_text(&source.text, line, text_line)),
                    ..diagnostic
                },
                (Some((line, column)), None) => diagnostic.at(line, column).quoting(&source.text),
                (None, _) => diagnostic,
            };
            (order, diagnostic)
        })
        .collect();
    // Report in file order; problems at the same place keep the order they were found in.
    diagnostics.sort_by_key(|(order, d)| (d.line.unwrap_or(0), d.column.unwrap_or(0), *order));
    Err(Error::Invalid(
        diagnostics.into_iter().map(|(_, d)| d).collect(),
    ))
}

/// The file line of line `text_line` of a text whose key is on `key_line`: a block scalar
/// (`body: |`) starts on the next line, a plain or quoted one on the key's line.
fn line_in_text(text: &str, key_line: usize, text_line: usize) -> usize {
    let block = text
        .lines()
        .nth(key_line.saturating_sub(1))
        .and_then(|line| line.split_once(':'))
        .is_some_and(|(_, value)| value.trim_start().starts_with(['|', '>']));
    if block {
        key_line + text_line
    } else {
        key_line + text_line.saturating_sub(1)
    }
}

/// Checks the raw rule set and compiles it, adding every problem found to `problems`.
fn check(raw: RawRuleSet, name: &str, problems: &mut Problems, templates: bool) -> RuleSet {
    check_version_and_size(&raw, problems);
    let confidence = check_confidence(&raw, problems);
    let (considerations, consideration_ids) = questions::check_considerations(&raw, problems);
    let checked = questions::check_questions(&raw, &consideration_ids, problems);
    let all_questions = Scope {
        questions: &checked.questions,
        ids: &checked.ids,
        range_ok: &checked.ranges_ok,
        asking: None,
    };
    let overrides = overrides::check_overrides(&raw, &all_questions, problems);
    let letters = letters::check_letters(&raw, &all_questions, problems);
    let claims = letters::check_claims(&raw, &all_questions, problems);
    let reminders = letters::check_reminders(&raw, &all_questions, problems);
    let urgency = questions::check_urgency(&raw, &checked.questions, &checked.ids, problems);
    if templates {
        let ids: Vec<&str> = checked.questions.iter().map(|q| q.id.as_str()).collect();
        let claim_ids: Vec<&str> = raw.claims.iter().map(|c| c.id.as_str()).collect();
        for (path, line, message) in
            super::template::template_problems(&raw.letters, &ids, &claim_ids)
        {
            problems.add_in_text(path, line, message);
        }
    }

    RuleSet {
        name: name.to_string(),
        considerations,
        questions: checked.questions,
        overrides,
        letters,
        claims,
        reminders,
        urgency,
        confidence,
        raw,
    }
}

/// The version, and a rule set with nothing to score.
fn check_version_and_size(raw: &RawRuleSet, problems: &mut Problems) {
    if raw.version != 1 {
        problems.add(
            &At::top("version"),
            format!(
                "unsupported version {}; this advisor reads version 1",
                raw.version
            ),
        );
    }
    if raw.considerations.is_empty() && raw.questions.is_empty() {
        problems.add(
            &At::Root,
            "the rule set is empty: it needs at least one consideration and one question",
        );
    } else if raw.considerations.is_empty() {
        // Without a consideration no answer scores, and every outcome would tie.
        problems.add(
            &At::top("questions"),
            "the rule set has no considerations, so no answer can score; add at least one \
             under `considerations:` and give questions a `consideration:`",
        );
    }
}

/// The confidence thresholds: finite, not negative, `leaning` not above `clear`.
fn check_confidence(raw: &RawRuleSet, problems: &mut Problems) -> ConfidenceThresholds {
    let confidence = ConfidenceThresholds {
        clear: raw.confidence.clear,
        leaning: raw.confidence.leaning,
    };
    for (field, value) in [("clear", confidence.clear), ("leaning", confidence.leaning)] {
        if !value.is_finite() || value < 0.0 {
            problems.add(
                &At::top("confidence").key(field),
                format!("confidence.{field} must be a finite number of at least 0"),
            );
        }
    }
    if confidence.leaning > confidence.clear {
        problems.add(
            &At::top("confidence"),
            format!(
                "confidence.leaning ({}) must not be above confidence.clear ({})",
                confidence.leaning, confidence.clear
            ),
        );
    }
    confidence
}

/// Where a node is: a chain of steps back to the root, built on the stack as the check goes
/// down the rule set, and written out as a [`NodePath`] only for a problem found there. (A
/// valid rule set, such as the built-in one at every start, then costs no allocation here.)
#[derive(Clone, Copy)]
enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    /// A map key that is a number (a scale's value).
    Number(&'a At<'a>, i64),
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    /// The top-level key `key`.
    fn top(key: &'a str) -> At<'a> {
        At::Key(&At::Root, key)
    }

    fn key(&'a self, key: &'a str) -> At<'a> {
        At::Key(self, key)
    }

    fn number(&'a self, key: i64) -> At<'a> {
        At::Number(self, key)
    }

    fn index(&'a self, index: usize) -> At<'a> {
        At::Index(self, index)
    }

    fn path(&self) -> NodePath {
        let (parent, last) = match self {
            At::Root => return NodePath::new(),
            At::Key(parent, key) => (parent, Seg::Key((*key).to_string())),
            At::Number(parent, key) => (parent, Seg::Key(key.to_string())),
            At::Index(parent, index) => (parent, Seg::Index(*index)),
        };
        let mut path = parent.path();
        path.push(last);
        path
    }
}

fn known<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let mut ids: Vec<&str> = ids.collect();
    if ids.is_empty() {
        return format!("there are no {what}");
    }
    ids.sort_unstable();
    format!("known {what}: {}", ids.join(", "))
}

fn check_id(id: &str, what: &str, path: &At<'_>, problems: &mut Problems) {
    let valid = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && id.starts_with(|c: char| c.is_ascii_lowercase());
    if !valid {
        problems.add(
            &path.key("id"),
            format!(
                "{what} id `{id}` must start with a lowercase letter and use only \
                 lowercase letters, digits and `_` (at most 64)"
            ),
        );
    }
}

fn parse_outcome(
    text: &str,
    owner: &str,
    path: &At<'_>,
    problems: &mut Problems,
) -> Option<Outcome> {
    match text.parse() {
        Ok(outcome) => Some(outcome),
        Err(message) => {
            problems.add(path, format!("{owner}: {message}"));
            None
        }
    }
}

fn short_number(value: f64) -> String {
    if value.is_finite() && value.abs() >= 1e15 {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

/// A plain scalar as text, for parsing as an answer.
fn value_text(value: &Value) -> Option<String> {
    value.scalar_text()
}
