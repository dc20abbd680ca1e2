//! Rendering letter templates: the variables a template sees, and the text it gives.
//! The environment and the load-time checks are the rule set's (`rules::template`).
//!
//! A template sees the details as plain variables (`{{ company }}`), the greeting worked out
//! from the interviewer's name (`{{ greeting }}`, `{{ addressee }}`), the claims by id
//! (`claims.keen`: true when the claim's condition holds), and the answers under `answers.`
//! by question id: a choice as its value, yes/no as a boolean, a scale or number as a
//! number, and an unanswered question as none.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use minijinja::Environment;
use minijinja::value::{Enumerator, Object, Value};

use super::{DETAILS, Details, LetterError, Rendered};
use crate::engine::Answers;
use crate::rules::template::{environment, size_problem};
use crate::rules::{Letter, QuestionKind, RuleSet};

/// Titles that go before a family name in a greeting ("Dear Dr Grant").
const TITLES: &[&str] = &[
    "dr",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "sir",
    "dame",
];

/// Whom a letter addresses: "Dana Lee", "Dr Grant" for "Dr Alan Grant", or, without a
/// name, the hiring team.
pub fn addressee(name: Option<&str>) -> String {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return "the hiring team".to_string();
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [title, .., last]
            if words.len() >= 3
                && TITLES.contains(&title.trim_end_matches('.').to_lowercase().as_str()) =>
        {
            format!("{} {last}", title.trim_end_matches('.'))
        }
        _ => words.join(" "),
    }
}

/// The opening of a letter, without its comma: "Dear Dana Lee", "Dear Dr Grant", or
/// "Dear Hiring Team" when no name is known.
pub fn greeting(name: Option<&str>) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(_) => format!("Dear {}", addressee(name)),
        None => "Dear Hiring Team".to_string(),
    }
}

/// The variables of a template: details, `answers`, `claims`, and a record of the details
/// it asked for that were missing.
#[derive(Debug)]
struct Root {
    details: BTreeMap<&'static str, String>,
    /// The day of the interview, when known.
    day: Option<jiff::civil::Date>,
    answers: Value,
    claims: Value,
    missing: Mutex<BTreeSet<&'static str>>,
}

impl Object for Root {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        let name = || self.details.get("interviewer_name").map(String::as_str);
        match key {
            "answers" => return Some(self.answers.clone()),
            "claims" => return Some(self.claims.clone()),
            "greeting" => return Some(Value::from(greeting(name()))),
            "addressee" => return Some(Value::from(addressee(name()))),
            // Undefined when the day is not known: a template tests it with `is defined`.
            "interview_day" => {
                return self
                    .day
                    .map(|day| Value::from(day.strftime("%A %-d %B").to_string()));
            }
            "interview_weekday" => {
                return self
                    .day
                    .map(|day| Value::from(day.strftime("%A").to_string()));
            }
            _ => {}
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

/// The claims as template values: each id, true when its condition holds.
fn claims_value(rules: &RuleSet, answers: &Answers) -> Value {
    let map: BTreeMap<String, Value> = rules
        .claims
        .iter()
        .map(|c| (c.id.clone(), Value::from(c.when.holds(answers.as_slice()))))
        .collect();
    Value::from(map)
}

/// Renders a letter, naming the interview's `day` where the template does; every missing
/// detail it uses is reported together.
pub(super) fn render(
    rules: &RuleSet,
    letter: &Letter,
    answers: &Answers,
    details: &Details,
    day: Option<jiff::civil::Date>,
) -> Result<Rendered, LetterError> {
    let env = environment();
    render_in(&env, None, rules, letter, answers, details, day)
}

/// Letters compiled once, to render many times (the claim check renders thousands).
pub(crate) struct Compiled<'r> {
    env: Environment<'r>,
    /// Per letter: whether both its templates compiled.
    ok: Vec<bool>,
}

impl<'r> Compiled<'r> {
    /// Compiles every letter of `rules`.
    pub(crate) fn new(rules: &'r RuleSet) -> Self {
        let mut env = environment();
        let ok = rules
            .letters
            .iter()
            .map(|letter| {
                let subject = env
                    .add_template_owned(format!("{}.subject", letter.id), letter.subject.as_str());
                let body =
                    env.add_template_owned(format!("{}.body", letter.id), letter.body.as_str());
                subject.is_ok() && body.is_ok()
            })
            .collect();
        Compiled { env, ok }
    }

    /// Renders letter `index` of `rules` (the rule set this was compiled from).
    pub(crate) fn render(
        &self,
        rules: &RuleSet,
        index: usize,
        answers: &Answers,
        details: &Details,
    ) -> Result<Rendered, LetterError> {
        let letter = letter_at(rules, index)?;
        if !self.ok.get(index).copied().unwrap_or(false) {
            return render(rules, letter, answers, details, None);
        }
        render_in(&self.env, Some(()), rules, letter, answers, details, None)
    }
}

/// Letter `index` of `rules`, or the error that names the missing index.
pub(super) fn letter_at(rules: &RuleSet, index: usize) -> Result<&Letter, LetterError> {
    rules
        .letters
        .get(index)
        .ok_or_else(|| LetterError::Template {
            letter: index.to_string(),
            message: "no such letter".to_string(),
        })
}

/// Renders with `env`; with `compiled`, the letter's templates are already in it by name.
fn render_in(
    env: &Environment<'_>,
    compiled: Option<()>,
    rules: &RuleSet,
    letter: &Letter,
    answers: &Answers,
    details: &Details,
    day: Option<jiff::civil::Date>,
) -> Result<Rendered, LetterError> {
    let root = Arc::new(Root {
        day,
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
        claims: claims_value(rules, answers),
        missing: Mutex::new(BTreeSet::new()),
    });
    let names = [
        format!("{}.subject", letter.id),
        format!("{}.body", letter.id),
    ];
    let run = |name: &str, field, source: &str| {
        let rendered = match compiled {
            Some(()) => env
                .get_template(name)
                .and_then(|t| t.render(Value::from_dyn_object(root.clone()))),
            None => render_one(env, name, source, &root),
        };
        rendered.map_err(|error| LetterError::Template {
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

fn render_one(
    env: &Environment<'_>,
    name: &str,
    source: &str,
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
    read_under(letter, "answers.")
}

/// The claim ids a letter's templates read under `claims.`, sorted.
pub fn claims_read(letter: &Letter) -> Vec<String> {
    read_under(letter, "claims.")
}

fn read_under(letter: &Letter, prefix: &str) -> Vec<String> {
    let env = environment();
    let mut ids = BTreeSet::new();
    for source in [&letter.subject, &letter.body] {
        if size_problem(source).is_some() {
            continue;
        }
        if let Ok(template) = env.template_from_str(source) {
            for name in template.undeclared_variables(true) {
                if let Some(id) = name.strip_prefix(prefix) {
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
