//! The letter-template part of the rule-set format: the details a template may use, the
//! environment templates are compiled in, and the checks a rule set's templates pass
//! when it is loaded. Rendering is the `letter` module's; this is what both it and the
//! validator need, so the rule set does not depend on the letters built from it.

use std::collections::BTreeSet;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use super::raw::RawLetter;
use crate::node_path;
use crate::source::NodePath;

/// A detail a letter may use: the person's and the invitation's particulars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetailSpec {
    /// The name in templates, answers files and `--set`.
    pub name: &'static str,
    /// What to ask for, in words.
    pub label: &'static str,
    /// Whether a letter that uses it needs it (an optional one is only used when known).
    pub required: bool,
}

/// Every detail, in the order they are asked for and listed.
pub const DETAILS: &[DetailSpec] = &[
    DetailSpec {
        name: "interviewer_name",
        label: "the interviewer's name, as you would greet them",
        required: true,
    },
    DetailSpec {
        name: "company",
        label: "the company's name",
        required: true,
    },
    DetailSpec {
        name: "position",
        label: "the position you were invited for",
        required: true,
    },
    DetailSpec {
        name: "your_name",
        label: "your name, to sign with",
        required: true,
    },
    DetailSpec {
        name: "availability",
        label: "when you could interview instead, e.g. Tuesday or Thursday afternoon next week",
        required: true,
    },
    DetailSpec {
        name: "interviewer_email",
        label: "the interviewer's email address, for the To: line of an eml draft",
        required: false,
    },
    DetailSpec {
        name: "your_email",
        label: "your email address, for the From: line of an eml draft",
        required: false,
    },
];

/// The detail with this name.
pub fn detail(name: &str) -> Option<&'static DetailSpec> {
    DETAILS.iter().find(|d| d.name == name)
}

/// A detail longer than this many characters is refused: it is not a name, a company or
/// a time, and most likely pasted by mistake.
pub const MAX_DETAIL_CHARS: usize = 500;

/// What is wrong with a detail's value, in words, or `None` when it can go in a letter.
/// A detail is one line of text of at most [`MAX_DETAIL_CHARS`] characters (in any script,
/// with any symbols; `{{ }}` is printed as written), and an email detail is an address.
pub fn detail_problem(name: &str, value: &str) -> Option<String> {
    let value = value.trim();
    let chars = value.chars().count();
    if chars > MAX_DETAIL_CHARS {
        return Some(format!(
            "detail `{name}` is {chars} characters long; a detail is at most \
             {MAX_DETAIL_CHARS}: is it the right text?"
        ));
    }
    if value.chars().any(char::is_control) {
        return Some(format!(
            "detail `{name}` must be one line of text, without line breaks or control characters"
        ));
    }
    let is_email = name.ends_with("_email");
    let looks_like_address = value
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains('@'))
        && !value.contains(char::is_whitespace)
        && !value.contains(['<', '>', '"', ',', ';']);
    if is_email && !value.is_empty() && !looks_like_address {
        return Some(format!(
            "detail `{name}` must be an email address, such as dana@example.com"
        ));
    }
    None
}

/// How much work one template may do (a guard against runaway loops in a rules file).
const FUEL: u64 = 50_000;

/// The environment every letter template is compiled in: strict about undefined values,
/// no escaping, a fuel limit, and `{% %}` lines that leave nothing behind.
pub(crate) fn environment<'source>() -> Environment<'source> {
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

/// Checks every letter's templates: each must compile and use only known details and
/// `answers.<question id>`. Returns (node path, line within the template, message).
pub(super) fn template_problems(
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
