//! Letter templates: the minijinja environment (strict about undefined values, no
//! escaping), the variables a template sees, rendering, and checking templates when a
//! rule set is loaded.
//!
//! A template sees the details as plain variables (`{{ company }}`) and the answers under
//! `answers.` by question id: a choice as its value (`answers.reason == "accepted_offer"`),
//! yes/no as a boolean, a scale or number as a number, and an unanswered question as none.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use minijinja::value::{Enumerator, Object, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use super::{DETAILS, Details, LetterError, Rendered};
use crate::engine::Answers;
use crate::node_path;
use crate::rules::raw::RawLetter;
use crate::rules::{Letter, QuestionKind, RuleSet};
use crate::source::NodePath;

/// How much work one template may do (a guard against runaway loops in a rules file).
const FUEL: u64 = 50_000;

fn environment<'source>() -> Environment<'source> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_fuel(Some(FUEL));
    let mut syntax = minijinja::syntax::SyntaxConfig::builder();
    // A line holding only a `{% ... %}` tag leaves nothing behind.
    syntax.trim_blocks(true).lstrip_blocks(true);
    if let Ok(syntax) = syntax.build() {
        env.set_syntax(syntax);
    }
    env
}

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

/// Checks every letter's templates: each must compile and use only known details and
/// `answers.<question id>`. Returns (node path, line within the template, message).
pub(crate) fn template_problems(
    letters: &[RawLetter],
    question_ids: &[&str],
) -> Vec<(NodePath, usize, String)> {
    let env = environment();
    let globals: BTreeSet<String> = env.globals().map(|(name, _)| name.to_string()).collect();
    let mut problems = Vec::new();
    for (i, letter) in letters.iter().enumerate() {
        for (field, source) in [("subject", &letter.subject), ("body", &letter.body)] {
            let path = node_path!["letters", i, field];
            if field == "body" && source.trim().is_empty() {
                problems.push((
                    path,
                    1,
                    format!("letter `{}`: the body is empty", letter.id),
                ));
                continue;
            }
            let template = match env.template_from_named_str(field, source) {
                Ok(template) => template,
                Err(error) => {
                    problems.push((
                        path,
                        error.line().unwrap_or(1),
                        format!(
                            "letter `{}`: the {field} does not compile: {}",
                            letter.id,
                            error.detail().unwrap_or("syntax error")
                        ),
                    ));
                    continue;
                }
            };
            let mut names: Vec<String> = template.undeclared_variables(true).into_iter().collect();
            names.sort();
            for name in names {
                let top = name.split('.').next().unwrap_or(&name);
                let message = if top == "answers" {
                    match name.split('.').nth(1) {
                        Some(id) if !question_ids.contains(&id) => format!(
                            "letter `{}`: the {field} uses `answers.{id}`, but there is no \
                             question `{id}`; the questions are: {}",
                            letter.id,
                            question_ids.join(", ")
                        ),
                        _ => continue,
                    }
                } else if DETAILS.iter().any(|d| d.name == top) || globals.contains(top) {
                    continue;
                } else {
                    format!(
                        "letter `{}`: the {field} uses `{top}`, which is not a detail; the \
                         details are: {}; answers are read as `answers.<question id>`",
                        letter.id,
                        DETAILS
                            .iter()
                            .map(|d| d.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                problems.push((path.clone(), line_of(source, &name), message));
            }
        }
    }
    problems
}

/// The line (from 1) where `name` first appears in `source`.
fn line_of(source: &str, name: &str) -> usize {
    source
        .lines()
        .position(|line| line.contains(name))
        .map_or(1, |i| i + 1)
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

    #[test]
    fn unknown_variables_and_syntax_errors_are_reported_at_their_line() {
        let letter = |body: &str| RawLetter {
            id: "x".into(),
            title: "X".into(),
            outcomes: vec!["decline".into()],
            stage: Default::default(),
            channel: "email".into(),
            when: None,
            follow_with: None,
            subject: "Hello {{ company }}".into(),
            body: body.into(),
        };
        let problems = template_problems(
            &[
                letter("Dear {{ interviewer_name }},\n\n{{ compnay }}\n"),
                letter("Line one\n{% if answers.nope %}x{% endif %}\n"),
                letter("a\nb\n{% if %}\n"),
            ],
            &["reason"],
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(problems[0].1, 3);
        assert!(problems[0].2.contains("`compnay`, which is not a detail"));
        assert_eq!(problems[1].1, 2);
        assert!(problems[1].2.contains("no question `nope`"));
        assert_eq!(problems[2].1, 3);
        assert!(problems[2].2.contains("does not compile"));
    }
}
