//! Rendering letter templates: the variables a template sees, and the text it gives.
//! The environment and the load-time checks are the rule set's (`rules::template`).
//!
//! A template sees the details as plain variables (`{{ company }}`) and the answers under
//! `answers.` by question id: a choice as its value (`answers.reason == "accepted_offer"`),
//! yes/no as a boolean, a scale or number as a number, and an unanswered question as none.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use minijinja::Environment;
use minijinja::value::{Enumerator, Object, Value};

use super::{DETAILS, Details, LetterError, Rendered};
use crate::engine::Answers;
use crate::rules::template::{environment, size_problem};
use crate::rules::{Letter, QuestionKind, RuleSet};

/// The variables of a template: details, `answers`, and a record of the details it asked
/// for that were missing.
#[derive(Debug)]
struct Root {
    details: BTreeMap<&'static str, String>,
    answers: Value,
    missing: Mutex<BTreeSet<&'static str>>,
}

impl Object for Root {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        if key == "answers" {
            return Some(self.answers.clone());
        }
        let spec = DETAILS.iter().find(|d| d.name == key)?;
        match self.details.get(spec.name) {
            Some(value) => Some(Value::from(value.as_str())),
            None if spec.required => {
                if let Ok(mut missing) = self.missing.lock() {
                    missing.insert(spec.name);
                }
                // Stands in so that rendering can go on and find every missing detail.
                Some(Value::from(format!("[{}]", spec.name)))
            }
            // An optional detail is undefined: a template tests it with `is defined`.
            None => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::NonEnumerable
    }
}

/// The answers as template values, by question id.
fn answers_value(rules: &RuleSet, answers: &Answers) -> Value {
    let map: BTreeMap<String, Value> = rules
        .questions
        .iter()
        .enumerate()
        .map(|(index, question)| {
            let value = match (answers.get(index), &question.kind) {
                (None, _) => Value::from(()),
                (Some(code), QuestionKind::YesNo { .. }) => Value::from(code != 0),
                (Some(code), QuestionKind::Choice { .. }) => Value::from(question.value_text(code)),
                (Some(code), QuestionKind::Scale { .. } | QuestionKind::Number { .. }) => {
                    Value::from(code)
                }
            };
            (question.id.clone(), value)
        })
        .collect();
    Value::from(map)
}

/// Renders a letter; every missing detail it uses is reported together.
pub(super) fn render(
    rules: &RuleSet,
    letter: &Letter,
    answers: &Answers,
    details: &Details,
) -> Result<Rendered, LetterError> {
    let root = Arc::new(Root {
        details: DETAILS
            .iter()
            .filter_map(|d| {
                details
                    .get(d.name)
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (d.name, v.trim().to_string()))
            })
            .collect(),
        answers: answers_value(rules, answers),
        missing: Mutex::new(BTreeSet::new()),
    });
    let names = [
        format!("{}.subject", letter.id),
        format!("{}.body", letter.id),
    ];
    let env = environment();
    let run = |name, field, source| {
        render_one(&env, name, source, &root).map_err(|error| LetterError::Template {
            letter: letter.id.clone(),
            message: describe(field, &error),
        })
    };
    let subject = run(&names[0], "subject", &letter.subject);
    let body = run(&names[1], "body", &letter.body);
    let missing: Vec<&'static str> = root
        .missing
        .lock()
        .map(|m| {
            DETAILS
                .iter()
                .map(|d| d.name)
                .filter(|n| m.contains(n))
                .collect()
        })
        .unwrap_or_default();
    if !missing.is_empty() {
        return Err(LetterError::MissingDetails {
            letter: letter.id.clone(),
            missing,
        });
    }
    Ok(Rendered {
        kind: letter.id.clone(),
        title: letter.title.clone(),
        channel: letter.channel,
        subject: subject?.split_whitespace().collect::<Vec<_>>().join(" "),
        body: tidy(&body?),
    })
}

fn render_one<'s>(
    env: &Environment<'s>,
    name: &'s str,
    source: &'s str,
    root: &Arc<Root>,
) -> Result<String, minijinja::Error> {
    if let Some((_, problem)) = size_problem(source) {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::SyntaxError,
            problem,
        ));
    }
    env.template_from_named_str(name, source)?
        .render(Value::from_dyn_object(root.clone()))
}

/// A template error in one line: the field, the line within it and what is wrong.
fn describe(field: &str, error: &minijinja::Error) -> String {
    let what = match error.detail() {
        Some(detail) => format!("{}: {detail}", error.kind()),
        None => error.kind().to_string(),
    };
    match error.line() {
        Some(line) => format!("the {field} template, line {line}: {what}"),
        None => format!("the {field} template: {what}"),
    }
}

/// Paragraphs as a reader expects them: no spaces at line ends, one blank line between
/// paragraphs, none at the start or end, and a final newline.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The question ids a letter's templates read under `answers.`, sorted.
pub fn answers_read(letter: &Letter) -> Vec<String> {
    let env = environment();
    let mut ids = BTreeSet::new();
    for source in [&letter.subject, &letter.body] {
        if size_problem(source).is_some() {
            continue;
        }
        if let Ok(template) = env.template_from_str(source) {
            for name in template.undeclared_variables(true) {
                if let Some(id) = name.strip_prefix("answers.") {
                    ids.insert(id.split('.').next().unwrap_or(id).to_string());
                }
            }
        }
    }
    ids.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_keeps_one_blank_line_between_paragraphs() {
        assert_eq!(
            tidy("\n\nDear Dana,  \n\n\n\nThanks.\n\n"),
            "Dear Dana,\n\nThanks.\n"
        );
    }
}
