//! Answers files: reading them, and checking every answer against the rule set. The
//! checks here are the only ones: an answers file (YAML or JSON) and a batch line (read by
//! [`super::LineReader`]) hand each answer to [`answer_code`] as a [`Given`], and settle
//! the result with [`settle_answers`].

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Answers;
use crate::error::{Diagnostic, Error, Result};
use crate::rules::{Code, Outcome, QuestionKind, RuleSet};
use crate::source::{Mapping, Seg, Source, Value};

/// An answers file as written: `answers:` by question id and `details:` for the letter.
/// A rule-set test case is an answers file with a `name` and an `expect` section.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    /// A test case's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Answers by question id.
    #[serde(default)]
    pub answers: Mapping,
    /// The person's own weights by consideration id, replacing the rule set's
    /// (see [`super::Weights`]).
    #[serde(default, skip_serializing_if = "Mapping::is_empty")]
    pub weights: Mapping,
    /// Details for the letter (`company`, `your_name`, ...).
    #[serde(default, skip_serializing_if = "Mapping::is_empty")]
    pub details: Mapping,
    /// A test case's expected result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expectation>,
}

/// What a rule-set test case expects.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub recommendation: String,
    /// The id of the override expected to decide, if any.
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    pub override_id: Option<String>,
    /// The id of the reply letter expected to be chosen, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<String>,
}

impl AnswersFile {
    /// Parses an answers file (YAML or JSON).
    pub fn parse(source: &Source) -> Result<AnswersFile> {
        source.parse()
    }

    /// The details as text, keyed by name; the error names the detail that is not plain text.
    pub fn details(&self, source: &Source) -> Result<BTreeMap<String, String>> {
        let mut details = BTreeMap::new();
        let mut problems = Vec::new();
        for (key, value) in &self.details {
            let Some(key) = key.as_str() else {
                problems.push(placed(
                    source,
                    &key_in("details", &scalar_text(key).unwrap_or_default()),
                    "a detail's name must be text, such as `company`",
                ));
                continue;
            };
            let at = key_in("details", key);
            // A detail is text as written: YAML would read `0x1F` as 31, `3.10` as 3.1 and
            // `True` as true.
            // `~` and nothing at all are YAML's ways to leave a value out.
            let as_written = match value {
                Value::Bool(_) | Value::Number(_) | Value::Null => {
                    match source.positions().plain_text(&at) {
                        Some("~") => Some(String::new()),
                        written => written.map(str::to_string),
                    }
                }
                _ => scalar_text(value),
            };
            match as_written {
                Some(text) => match crate::rules::template::detail_problem(key, &text) {
                    None => {
                        details.insert(key.to_string(), text);
                    }
                    Some(problem) => problems.push(placed_value(source, &at, problem)),
                },
                None if matches!(value, Value::Bool(_) | Value::Number(_) | Value::Null) => {
                    problems.push(placed(
                        source,
                        &at,
                        match scalar_text(value) {
                            Some(read) => format!(
                                "detail `{key}` is read as `{read}`, not as text; put the text \
                                 in quotes, such as `{key}: \"{read}\"`"
                            ),
                            None => format!(
                                "detail `{key}` is read as nothing, not as text; put the text \
                                 in quotes"
                            ),
                        },
                    ));
                }
                None => problems.push(placed(
                    source,
                    &at,
                    format!("detail `{key}` must be plain text, such as `{key}: Sam Park`"),
                )),
            }
        }
        if problems.is_empty() {
            Ok(details)
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// An answers file holding `answers` (every answered question, in rule-set order) and
    /// the given details, as text.
    pub fn from_answers(
        rules: &RuleSet,
        answers: &Answers,
        details: &BTreeMap<String, String>,
    ) -> Self {
        let details = details
            .iter()
            .map(|(name, text)| (Value::from(name.as_str()), Value::from(text.as_str())))
            .collect();
        let mut mapping = Mapping::new();
        for (index, question) in rules.questions.iter().enumerate() {
            let Some(code) = answers.get(index) else {
                continue;
            };
            // A number of days is kept as the date it counts to, so the file does not go
            // stale as the days pass.
            if let (Some(key), Some(date)) =
                (&question.date, question.date_of(code, super::today()))
            {
                mapping.insert(Value::String(key.clone()), Value::String(date.to_string()));
                continue;
            }
            let value = match question.kind {
                QuestionKind::Choice { .. } => Value::String(question.value_text(code)),
                QuestionKind::YesNo { .. } => Value::Bool(code != 0),
                QuestionKind::Scale { .. } | QuestionKind::Number { .. } => Value::from(code),
            };
            mapping.insert(Value::String(question.id.clone()), value);
        }
        AnswersFile {
            name: None,
            answers: mapping,
            weights: Mapping::new(),
            details,
            expect: None,
        }
    }

    /// The file as YAML text that [`AnswersFile::parse`] reads back.
    pub fn to_yaml(&self) -> Result<String> {
        serde_yaml::to_string(self)
            .map_err(|error| Error::Internal(format!("cannot write answers as YAML: {error}")))
    }

    /// The text to save at `path`: `header`, then the file as YAML, once it is known that
    /// the advisor reads it back (a file that would be refused is never written).
    pub fn to_saved_text(&self, header: &str, path: &std::path::Path) -> Result<String> {
        let text = format!("{header}{}", self.to_yaml()?);
        let name = path.display().to_string();
        if text.len() as u64 > crate::source::MAX_FILE_BYTES {
            return Err(Error::invalid(
                Diagnostic::new(format!(
                    "the answers would make a file of {:.1} MiB, over the {} MiB an answers \
                     file may hold; nothing was saved: give fewer or shorter details",
                    text.len() as f64 / (1024.0 * 1024.0),
                    crate::source::MAX_FILE_BYTES / (1024 * 1024)
                ))
                .in_file(&name),
            ));
        }
        let read_back = Source::from_text(name, text.as_str());
        AnswersFile::parse(&read_back)
            .and_then(|file| file.details(&read_back))
            .map_err(|error| {
                Error::Internal(format!("the answers to save would not read back: {error}"))
            })?;
        Ok(text)
    }

    /// The expected outcome of a test case, checked.
    pub fn expected_outcome(&self) -> Option<std::result::Result<Outcome, String>> {
        self.expect.as_ref().map(|e| e.recommendation.parse())
    }
}

/// Answers checked against a rule set, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Every answer, checked; defaults filled in where asked for.
    pub answers: Answers,
    /// Things worth telling the user that do not stop the run.
    pub warnings: Vec<String>,
    /// The questions of days (those with a `date` key) answered with a count of days
    /// rather than a date: a count says how far away the interview is, not on which day,
    /// so letters do not name the day for them.
    pub counted: Vec<usize>,
}

fn scalar_text(value: &Value) -> Option<String> {
    value.scalar_text()
}

/// The path of `key` in the top-level map `section`.
pub(super) fn key_in(section: &str, key: &str) -> [Seg; 2] {
    [Seg::Key(section.into()), Seg::Key(key.into())]
}

/// A problem in `source`, placed at the node at `path` (or its nearest known ancestor).
pub(super) fn placed(source: &Source, path: &[Seg], message: impl Into<String>) -> Diagnostic {
    place_at(source, source.positions().find(path), message)
}

/// A problem with the value at `path`, placed at the value itself when it is written
/// there (the `7` of `interest: 7`), else as [`placed`].
fn placed_value(source: &Source, path: &[Seg], message: impl Into<String>) -> Diagnostic {
    place_at(source, source.positions().find_value(path), message)
}

fn place_at(
    source: &Source,
    place: Option<(usize, usize)>,
    message: impl Into<String>,
) -> Diagnostic {
    match place {
        Some((line, column)) => source.placed(message, line, column),
        None => Diagnostic::new(message).in_file(&source.name),
    }
}

/// An answer as a file gives it, as far as checking it needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Given<'a> {
    /// `null`, `~` or nothing.
    Null,
    Bool(bool),
    /// A whole number that fits 64 bits.
    Int(i64),
    /// Any other number, in a JSON line.
    Float(f64),
    Text(Cow<'a, str>),
    /// A list or a map.
    Compound,
}

impl<'a> Given<'a> {
    /// A YAML (or JSON, read as YAML) value.
    pub(crate) fn from_yaml(value: &'a Value) -> Self {
        match value {
            Value::Null => Given::Null,
            Value::Bool(b) => Given::Bool(*b),
            // Any other number is checked as YAML writes it (`3.5`, `.inf`).
            Value::Number(n) => n
                .as_i64()
                .map_or_else(|| Given::Text(Cow::Owned(n.to_string())), Given::Int),
            Value::String(text) => Given::Text(Cow::Borrowed(text)),
            Value::Sequence(_) | Value::Mapping(_) => Given::Compound,
        }
    }
}

/// The code for `given` as the answer to question `index`, or what is wrong with it.
pub(crate) fn answer_code(rules: &RuleSet, index: usize, given: &Given) -> Result<Code, String> {
    let question = &rules.questions[index];
    match (&question.kind, given) {
        (QuestionKind::YesNo { .. }, Given::Bool(yes)) => Ok(Code::from(*yes)),
        (
            QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. },
            Given::Int(n),
        ) if (*min..=*max).contains(n) => Ok(*n),
        (_, Given::Text(text)) => question.parse_answer(text),
        (_, Given::Bool(b)) => question.parse_answer(&b.to_string()),
        (_, Given::Int(n)) => question.parse_answer(&n.to_string()),
        (_, Given::Float(x)) => question.parse_answer(
            &serde_json::Number::from_f64(*x).map_or_else(|| x.to_string(), |n| n.to_string()),
        ),
        (_, Given::Null) => Err(format!(
            "`{}` has no answer; expected {}",
            question.id,
            question.allowed()
        )),
        (_, Given::Compound) => Err(format!(
            "`{}` must be a single value; expected {}",
            question.id,
            question.allowed()
        )),
    }
}

/// The problem of a question of days answered twice: as a date under `key`, and under its
/// own `id`.
pub(crate) fn same_thing(key: &str, id: &str) -> String {
    format!("`{key}` and `{id}` say the same thing; give one of them, not both")
}

/// The question a date under `key` answers: the question of days whose `date` key it is.
pub(crate) fn dated_question(rules: &RuleSet, key: &str) -> Option<usize> {
    rules
        .questions
        .iter()
        .position(|q| q.date.as_deref() == Some(key))
}

/// The answer to question `index` (a number of days) given as a date under its `date`
/// key: the days from today until that date.
pub(crate) fn date_code(rules: &RuleSet, index: usize, given: &Given) -> Result<Code, String> {
    let question = &rules.questions[index];
    let key = question.date.as_deref().unwrap_or(question.id.as_str());
    match given {
        Given::Text(text) => match text.trim().parse::<jiff::civil::Date>() {
            Ok(date) => question.days_until(date, super::today()),
            Err(_) => Err(format!(
                "`{key}` must be a date written as year-month-day, such as 2026-12-10; found \
                 `{}`",
                text.trim()
            )),
        },
        _ => Err(format!(
            "`{key}` must be a date written as year-month-day, such as 2026-12-10"
        )),
    }
}

/// Drops the answers to questions that are not asked, calling `ignored` with each (an
/// unanswered question counts as its default when deciding what is asked). When `fill`,
/// also gives each asked, unanswered question its default and returns the questions still
/// unanswered; otherwise leaves them for the questionnaire and returns none. One rule
/// with [`super::settle`]: both are [`super::settle_with`].
pub(crate) fn settle_answers(
    rules: &RuleSet,
    answers: &mut [Option<Code>],
    fill: bool,
    ignored: impl FnMut(usize),
) -> Vec<usize> {
    if !fill {
        super::drop_unasked(rules, answers, ignored);
        return Vec::new();
    }
    super::settle_with(rules, answers, ignored);
    (0..answers.len().min(rules.questions.len()))
        .filter(|&index| answers[index].is_none() && rules.is_asked(index, answers))
        .collect()
}

/// The warning for an answer that is dropped because its question (at `index` in
/// `rules.questions`) is not asked with the other answers: `resolve` gives it for an
/// answers file, and `batch` for each line, so both word it the same.
pub fn ignored_message(rules: &RuleSet, index: usize) -> String {
    format!(
        "the answer to `{}` is ignored: that question is not asked with these answers",
        rules.questions[index].id
    )
}

/// Checks every answer of `file` against `rules`: unknown questions, invalid values and,
/// when `require_all`, unanswered questions are errors, all reported together. Answers
/// to questions that are not asked are dropped with a warning. When `require_all`,
/// defaults fill the unanswered questions that have one; otherwise they are left for the
/// questionnaire to ask.
pub fn resolve(
    rules: &RuleSet,
    file: &AnswersFile,
    source: &Source,
    require_all: bool,
) -> Result<Resolved> {
    let mut answers = Answers::empty(rules.questions.len());
    let mut problems = Vec::new();
    let mut counted = Vec::new();
    for (key, value) in &file.answers {
        let Some(id) = key.as_str() else {
            problems.push(placed(
                source,
                &key_in("answers", &scalar_text(key).unwrap_or_default()),
                "a question id under `answers:` must be text, such as `interest`",
            ));
            continue;
        };
        let at = key_in("answers", id);
        // A question of days may be answered by a date, under its own key.
        let by_date = dated_question(rules, id);
        let Some(index) = rules.question_index(id).or(by_date) else {
            problems.push(placed(source, &at, unknown_question(rules, id)));
            continue;
        };
        if by_date.is_some() {
            let question = &rules.questions[index];
            if file.answers.contains_key(question.id.as_str()) {
                problems.push(placed(source, &at, same_thing(id, &question.id)));
                continue;
            }
            match date_code(rules, index, &Given::from_yaml(value)) {
                Ok(code) => answers.set(index, Some(code)),
                Err(message) => problems.push(placed_value(source, &at, message)),
            }
            continue;
        }
        match answer_code(rules, index, &Given::from_yaml(value)) {
            Ok(code) => {
                answers.set(index, Some(code));
                if rules.questions[index].date.is_some() {
                    counted.push(index);
                }
            }
            Err(message) => problems.push(placed_value(source, &at, message)),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }

    let mut ignored = Vec::new();
    let missing = settle_answers(rules, answers.as_mut_slice(), require_all, |index| {
        ignored.push(index)
    });
    let warnings = ignored
        .into_iter()
        .map(|index| format!("{}: {}", source.name, ignored_message(rules, index)))
        .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(
            Diagnostic::new(missing_message(rules, &missing)).in_file(&source.name),
        ));
    }
    Ok(Resolved {
        answers,
        warnings,
        counted,
    })
}

/// "missing 2 answers: interest, referred; add them under `answers:`".
pub(crate) fn missing_message(rules: &RuleSet, missing: &[usize]) -> String {
    let ids: Vec<&str> = missing
        .iter()
        .filter_map(|&i| rules.questions.get(i))
        .map(|q| q.id.as_str())
        .collect();
    format!(
        "missing {} {}: {}; add {} under `answers:`",
        ids.len(),
        if ids.len() == 1 { "answer" } else { "answers" },
        ids.join(", "),
        if ids.len() == 1 { "it" } else { "them" },
    )
}

/// "unknown question `intrest`; did you mean `interest`?", or the list of known ids.
pub(crate) fn unknown_question(rules: &RuleSet, id: &str) -> String {
    unknown_name(
        "question",
        "questions",
        id,
        rules.questions.iter().map(|q| q.id.as_str()),
    )
}

/// "unknown `kind` `id`; did you mean ...?" with the closest of `known`, or the list of
/// them all when none is close.
pub(crate) fn unknown_name<'a>(
    kind: &str,
    kinds: &str,
    id: &str,
    known: impl Iterator<Item = &'a str> + Clone,
) -> String {
    match crate::text::did_you_mean(id, known.clone()) {
        Some(suggestion) => format!("unknown {kind} `{id}`; {suggestion}"),
        None => {
            let ids: Vec<&str> = known.collect();
            format!("unknown {kind} `{id}`; the {kinds} are: {}", ids.join(", "))
        }
    }
}
