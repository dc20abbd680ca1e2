//! The web app, without any script needed: the questionnaire one question at a time (with
//! help, Back and a review), the result, and the letter. It keeps no state: every form
//! carries the answers so far in hidden fields, and each step is worked out from them by
//! the same questionnaire logic the terminal uses.

use axum::Form;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::problem::Problem;
use super::router::AppState;
use crate::engine::Answers;
use crate::error::Error;
use crate::interview::{review_lines, verdict_order, verdict_total, way};
use crate::letter::{DETAILS, Details, Rendered};
use crate::report::answer_json;
use crate::rules::{Channel, Outcome, QuestionKind, RuleSet};

/// The fields of a submitted form, in order.
type Fields = Vec<(String, String)>;

/// The prefix of a hidden field that carries an answer (`a.interest`).
const ANSWER: &str = "a.";
/// The prefix of a field that carries a letter detail (`d.company`).
const DETAIL: &str = "d.";
/// The prefix of a field that carries a personal priority (`w.reputation=more`).
const PRIORITY: &str = "w.";

/// How much a consideration counts for the person, against the rule set's weight.
#[derive(Debug)]
struct Level {
    /// The form's value.
    value: &'static str,
    /// What the person reads.
    label: &'static str,
    /// The factor on the rule set's weight.
    factor: f64,
}

/// The levels a person may choose on the review page, as on the terminal's priorities a
/// simpler way: less, as usual, or more than the rule set weighs it.
static LEVELS: [Level; 3] = [
    Level {
        value: "less",
        label: "Counts less for me",
        factor: 0.5,
    },
    Level {
        value: "usual",
        label: "As the advisor weighs it",
        factor: 1.0,
    },
    Level {
        value: "more",
        label: "Counts more for me",
        factor: 2.0,
    },
];

/// The person's priorities other than the usual level, by consideration id.
type Priorities = std::collections::BTreeMap<String, &'static Level>;

/// `GET /`: what the advisor does, and the button that starts.
pub async fn start(State(state): State<AppState>) -> Response {
    let rules = state.advisor.rules();
    page(
        &state,
        StatusCode::OK,
        "start.html",
        json!({ "questions": verdict_total(rules, &Answers::empty(rules.questions.len())).0 }),
    )
}

/// `POST /step`: one step of the questionnaire. `go` says which: `next` (answer the
/// question `q` and go on), `back`, `change` (to the question named by its value after a
/// colon) or `advise` (the result, once every question is answered).
pub async fn step(State(state): State<AppState>, Form(fields): Form<Fields>) -> Response {
    let rules = state.advisor.rules();
    let mut answers = match read_answers(rules, &fields) {
        Ok(answers) => answers,
        Err(message) => return bad_form(&state, &message),
    };
    let priorities = match read_priorities(rules, &fields) {
        Ok(priorities) => priorities,
        Err(message) => return bad_form(&state, &message),
    };
    let current = field(&fields, "q").and_then(|id| rules.question_index(id));
    let given = current.and_then(|index| {
        field(&fields, "answer").map(|text| (index, rules.questions[index].parse_answer(text)))
    });
    let go = field(&fields, "go").unwrap_or("next");
    if let Some(id) = go.strip_prefix("change:") {
        return match rules.question_index(id) {
            Some(index) => question_page(&state, &answers, &priorities, index, None),
            None => bad_form(&state, &format!("there is no question `{id}` to change")),
        };
    }
    match go {
        "back" => {
            if let Some((index, Ok(code))) = given {
                answers.set(index, Some(code));
            }
            answers.drop_unasked(rules);
            let order = verdict_order(rules, &answers);
            let previous = match current {
                Some(index) => way::before(&order, index),
                None => order.last().copied(),
            };
            match previous {
                Some(index) => question_page(&state, &answers, &priorities, index, None),
                None => start(State(state)).await,
            }
        }
        "advise" => match first_unanswered(rules, &answers) {
            Some(index) => question_page(&state, &answers, &priorities, index, None),
            None => result_page(&state, &answers, &priorities, &read_details(&fields), None),
        },
        _ => {
            if let Some(index) = current {
                match given {
                    Some((_, Ok(code))) => answers.set(index, Some(code)),
                    Some((_, Err(message))) => {
                        return question_page(&state, &answers, &priorities, index, Some(message));
                    }
                    None => {
                        return question_page(
                            &state,
                            &answers,
                            &priorities,
                            index,
                            Some("Choose an answer to go on.".to_string()),
                        );
                    }
                }
            }
            answers.drop_unasked(rules);
            // By position, as the terminal walks: the question after this one, else
            // whatever is still unanswered, else the review.
            let order = verdict_order(rules, &answers);
            let after = current.and_then(|index| way::after(&order, index));
            match after.or_else(|| first_unanswered(rules, &answers)) {
                Some(index) => question_page(&state, &answers, &priorities, index, None),
                None => review_page(&state, &answers, &priorities),
            }
        }
    }
}

/// The first question on the way that has no answer yet.
fn first_unanswered(rules: &RuleSet, answers: &Answers) -> Option<usize> {
    way::first_unanswered(&verdict_order(rules, answers), answers)
}

/// `POST /letter`: the letter for the answers and the details given on the result page.
pub async fn letter(State(state): State<AppState>, Form(fields): Form<Fields>) -> Response {
    let rules = state.advisor.rules();
    let answers = match read_answers(rules, &fields) {
        Ok(answers) => answers,
        Err(message) => return bad_form(&state, &message),
    };
    let priorities = match read_priorities(rules, &fields) {
        Ok(priorities) => priorities,
        Err(message) => return bad_form(&state, &message),
    };
    let details = read_details(&fields);
    let file = answers_file(rules, &answers, &details, &priorities);
    let written = state
        .advisor
        .letter(&file, None)
        .and_then(|text| parse_json(&text));
    let letter = match written {
        Ok(letter) => letter,
        Err(Error::Invalid(problems)) => {
            let message = problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            return result_page(&state, &answers, &priorities, &details, Some(message));
        }
        Err(error) => return Problem::from_error(&error, None).into_response(),
    };
    let subject = letter["subject"].as_str().unwrap_or_default();
    let body = letter["body"].as_str().unwrap_or_default();
    let to = details.get("interviewer_email").map_or("", String::as_str);
    let is_email = letter["channel"] == "email";
    page(
        &state,
        StatusCode::OK,
        "letter.html",
        json!({
            "letter": letter,
            "is_email": is_email,
            "mailto": mailto(to, subject, body),
            "follow_mailto": letter["follow_with"]["body"].as_str().map(|follow_body| {
                mailto(to, letter["follow_with"]["subject"].as_str().unwrap_or_default(), follow_body)
            }),
            "hidden": hidden_fields(rules, &answers, &details, &priorities),
        }),
    )
}

/// `POST /letter.eml`: the letter as edited on the page, as an email draft to download.
pub async fn eml(State(state): State<AppState>, Form(fields): Form<Fields>) -> Response {
    let rules = state.advisor.rules();
    let answers = match read_answers(rules, &fields) {
        Ok(answers) => answers,
        Err(message) => return bad_form(&state, &message),
    };
    let priorities = match read_priorities(rules, &fields) {
        Ok(priorities) => priorities,
        Err(message) => return bad_form(&state, &message),
    };
    let details = read_details(&fields);
    let file = answers_file(rules, &answers, &details, &priorities);
    let letter = match state
        .advisor
        .letter(&file, None)
        .and_then(|text| parse_json(&text))
    {
        Ok(letter) => letter,
        Err(error) => return Problem::from_error(&error, None).into_response(),
    };
    let kind = letter["kind"].as_str().unwrap_or_default();
    let Some(chosen) = rules.letters.iter().find(|l| l.id == kind) else {
        return Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "the letter vanished")
            .into_response();
    };
    // The text as the person edited it, with the line ends of a text file.
    let edited = |name: &str, fallback: &str| {
        field(&fields, name)
            .map_or(fallback, str::trim_end)
            .replace("\r\n", "\n")
    };
    let mut body = edited("body", letter["body"].as_str().unwrap_or_default());
    body.push('\n');
    let rendered = Rendered {
        kind: chosen.id.clone(),
        title: chosen.title.clone(),
        channel: chosen.channel,
        subject: edited("subject", letter["subject"].as_str().unwrap_or_default())
            .replace('\n', " "),
        body,
    };
    if rendered.channel == Channel::Phone {
        return bad_form(
            &state,
            "this letter is a call, not an email; there is no draft to download",
        );
    }
    match crate::letter::build_eml(
        &rendered,
        &details,
        jiff::Timestamp::now().as_second(),
        None,
    ) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "message/rfc822"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"interview-letter.eml\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => Problem::from_error(&error.into(), None).into_response(),
    }
}

/// The question page for question `index`.
fn question_page(
    state: &AppState,
    answers: &Answers,
    priorities: &Priorities,
    index: usize,
    error: Option<String>,
) -> Response {
    let rules = state.advisor.rules();
    let question = &rules.questions[index];
    let order = verdict_order(rules, answers);
    let position = way::position(&order, index);
    let section = question
        .consideration
        .and_then(|c| rules.considerations.get(c))
        .map_or("Your message", |c| c.title.as_str());
    // A scored question starts with nothing chosen; one that only shapes the letter
    // starts at its default, as on the terminal.
    let current = answers
        .get(index)
        .or(if question.is_scored() {
            None
        } else {
            question.default
        })
        .map(|code| question.value_text(code));
    let option = |value: String, label: String| {
        let checked = current.as_deref() == Some(value.as_str());
        json!({ "value": value, "label": label, "checked": checked })
    };
    let (kind, options, min, max) = match &question.kind {
        QuestionKind::Choice { options } => (
            "choice",
            options
                .iter()
                .map(|o| option(o.value.clone(), o.label.clone()))
                .collect(),
            None,
            None,
        ),
        QuestionKind::YesNo { .. } => (
            "choice",
            vec![
                option("true".into(), "Yes".into()),
                option("false".into(), "No".into()),
            ],
            None,
            None,
        ),
        QuestionKind::Scale { min, max, .. } => (
            "scale",
            (*min..=*max)
                .map(|v| option(v.to_string(), question.answer_label(v)))
                .collect(),
            Some(*min),
            Some(*max),
        ),
        QuestionKind::Number { min, max, .. } => ("number", Vec::new(), Some(*min), Some(*max)),
    };
    let mut others = answers.clone();
    others.set(index, None);
    // The most questions there can be, as on the terminal: it never grows as answers come in.
    let (total, estimate) = verdict_total(rules, answers);
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    page(
        state,
        status,
        "question.html",
        json!({
            "q": {
                "id": question.id,
                "prompt": question.prompt,
                "help": question.help,
                "section": section,
                "position": position,
                "total": total.max(order.len()),
                "estimate": estimate,
                "kind": kind,
                "options": options,
                "min": min,
                "max": max,
                "value": current,
            },
            "can_go_back": position > 1,
            "error": error,
            "hidden": hidden_fields(rules, &others, &Details::new(), priorities),
        }),
    )
}

/// Every answer, each with a button to change it, and the button to see the advice.
fn review_page(state: &AppState, answers: &Answers, priorities: &Priorities) -> Response {
    let rules = state.advisor.rules();
    let lines: Vec<Value> = review_lines(rules, answers)
        .into_iter()
        .map(|line| {
            json!({
                "id": rules.questions[line.index].id,
                "label": crate::text::capitalised(&line.label),
                "answer": line.answer,
            })
        })
        .collect();
    page(
        state,
        StatusCode::OK,
        "review.html",
        json!({
            "lines": lines,
            // The priorities go in their own fields on this page, not hidden ones.
            "hidden": hidden_fields(rules, answers, &Details::new(), &Priorities::new()),
            "priorities": priority_fields(rules, priorities),
        }),
    )
}

/// The scored comparison, the reasons and what would change the advice, and the form for
/// the letter's details.
fn result_page(
    state: &AppState,
    answers: &Answers,
    priorities: &Priorities,
    details: &Details,
    error: Option<String>,
) -> Response {
    let rules = state.advisor.rules();
    let file = answers_file(rules, answers, &Details::new(), priorities);
    let report = match state
        .advisor
        .assess(&file)
        .and_then(|text| parse_json(&text))
    {
        Ok(report) => report,
        Err(error) => return Problem::from_error(&error, None).into_response(),
    };
    let recommendation: Option<Outcome> = report["recommendation"]
        .as_str()
        .and_then(|r| r.parse().ok());
    // As the text report lists them: the smallest change of each question, smallest first.
    let mut seen = Vec::new();
    let what_if: Vec<Value> = report["what_if"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|change| {
            let first = !seen.contains(&&change["question"]);
            seen.push(&change["question"]);
            first
        })
        .filter_map(|change| {
            let question = rules.question(change["question"].as_str()?)?;
            let words = |value: &Value| {
                let text = match value {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                question
                    .parse_answer(&text)
                    .map_or(text, |code| question.answer_label(code))
            };
            Some(json!({
                "label": crate::text::capitalised(&question.label),
                "from": words(&change["from"]),
                "to": words(&change["to"]),
                "recommendation": change["recommendation"],
            }))
        })
        .take(crate::report::WHAT_IF_SHOWN)
        .collect();
    let titles: Map<String, Value> = rules
        .considerations
        .iter()
        .map(|c| (c.id.clone(), Value::String(c.title.clone())))
        .collect();
    let detail_fields: Vec<Value> = DETAILS
        .iter()
        .map(|d| {
            json!({
                "name": d.name,
                "label": crate::text::capitalised(d.label),
                "value": details.get(d.name),
                "email": d.name.ends_with("_email"),
            })
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    page(
        state,
        status,
        "result.html",
        json!({
            "report": report,
            "advice": recommendation.map(crate::report::advice),
            "outcomes": Outcome::ALL.iter().map(|o| json!({"id": o.as_str(), "title": o.title()})).collect::<Vec<_>>(),
            "titles": titles,
            "what_if": what_if,
            "details": detail_fields,
            "error": error,
            "hidden": hidden_fields(rules, answers, &Details::new(), priorities),
        }),
    )
}

/// A page for a form that could not be read.
fn bad_form(state: &AppState, message: &str) -> Response {
    page(
        state,
        StatusCode::BAD_REQUEST,
        "problem.html",
        json!({ "message": message }),
    )
}

/// Renders a page; a template that fails is the server's fault.
fn page(state: &AppState, status: StatusCode, name: &str, context: Value) -> Response {
    match state.templates.render(name, context) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(message) => Problem::new(StatusCode::INTERNAL_SERVER_ERROR, message).into_response(),
    }
}

fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The answers carried by the form's hidden fields.
fn read_answers(rules: &RuleSet, fields: &Fields) -> Result<Answers, String> {
    let mut answers = Answers::empty(rules.questions.len());
    for (name, value) in fields {
        let Some(id) = name.strip_prefix(ANSWER) else {
            continue;
        };
        let index = rules
            .question_index(id)
            .ok_or_else(|| format!("the form carries an answer to `{id}`, which is no question of this advisor; start again"))?;
        let code = rules.questions[index].parse_answer(value)?;
        answers.set(index, Some(code));
    }
    Ok(answers)
}

/// The letter details typed into the form; blank ones are left out.
fn read_details(fields: &Fields) -> Details {
    fields
        .iter()
        .filter_map(|(name, value)| {
            let name = name.strip_prefix(DETAIL)?;
            let value = value.trim();
            (!value.is_empty()).then(|| (name.to_string(), value.to_string()))
        })
        .collect()
}

/// The hidden fields that carry the answers, details and priorities to the next step.
fn hidden_fields(
    rules: &RuleSet,
    answers: &Answers,
    details: &Details,
    priorities: &Priorities,
) -> Vec<Value> {
    let answers = rules.questions.iter().enumerate().filter_map(|(index, question)| {
        let code = answers.get(index)?;
        Some(json!({ "name": format!("{ANSWER}{}", question.id), "value": question.value_text(code) }))
    });
    let details = details
        .iter()
        .map(|(name, value)| json!({ "name": format!("{DETAIL}{name}"), "value": value }));
    let priorities = priorities
        .iter()
        .map(|(id, level)| json!({ "name": format!("{PRIORITY}{id}"), "value": level.value }));
    answers.chain(details).chain(priorities).collect()
}

/// The personal priorities the form carries: a level other than the usual one, by
/// consideration id.
fn read_priorities(rules: &RuleSet, fields: &Fields) -> Result<Priorities, String> {
    let mut priorities = Priorities::new();
    for (name, value) in fields {
        let Some(id) = name.strip_prefix(PRIORITY) else {
            continue;
        };
        if !rules.considerations.iter().any(|c| c.id == id) {
            return Err(format!(
                "the form carries a priority for `{id}`, which is no consideration of this \
                 advisor; start again"
            ));
        }
        let Some(level) = LEVELS.iter().find(|l| l.value == value) else {
            return Err(format!(
                "the priority of `{id}` must be one of {}; start again",
                LEVELS
                    .iter()
                    .map(|l| l.value)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        };
        if level.value == "usual" {
            priorities.remove(id);
        } else {
            priorities.insert(id.to_string(), level);
        }
    }
    Ok(priorities)
}

/// One choice of level per consideration, for the review page.
fn priority_fields(rules: &RuleSet, priorities: &Priorities) -> Vec<Value> {
    rules
        .considerations
        .iter()
        .map(|c| {
            let chosen = priorities.get(&c.id).map_or("usual", |l| l.value);
            json!({
                "id": c.id,
                "title": c.title,
                "description": c.description,
                "levels": LEVELS.iter().map(|l| json!({
                    "value": l.value,
                    "label": l.label,
                    "selected": l.value == chosen,
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// The answers file, as JSON text, that the advisor reads; a priority becomes the
/// person's own weight for that consideration (`weights:`), the rule set's weight times
/// the level's factor.
fn answers_file(
    rules: &RuleSet,
    answers: &Answers,
    details: &Details,
    priorities: &Priorities,
) -> String {
    let weights: Map<String, Value> = rules
        .considerations
        .iter()
        .filter_map(|c| {
            let level = priorities.get(&c.id)?;
            Some((c.id.clone(), json!(c.weight * level.factor)))
        })
        .collect();
    let answers: Map<String, Value> = rules
        .questions
        .iter()
        .enumerate()
        .filter_map(|(index, question)| {
            answers
                .get(index)
                .map(|code| (question.id.clone(), answer_json(question, code)))
        })
        .collect();
    json!({ "answers": answers, "details": details, "weights": weights }).to_string()
}

fn parse_json(text: &str) -> crate::error::Result<Value> {
    serde_json::from_str(text).map_err(|error| {
        Error::Internal(format!(
            "the advisor wrote JSON that does not parse: {error}"
        ))
    })
}

/// A `mailto:` link that opens a new message in the mail app (RFC 6068).
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        percent_encode(to.trim()),
        percent_encode(subject),
        percent_encode(&body)
    )
}

/// Percent-encodes everything but the unreserved characters of RFC 3986 (and `@` in an
/// address, which mail apps expect as it is).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                out.push(byte as char);
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mailto;

    #[test]
    fn mailto_encodes_spaces_line_ends_and_reserved_characters() {
        assert_eq!(
            mailto("dana@acme.example", "Re: a & b", "Hi,\nthanks?"),
            "mailto:dana@acme.example?subject=Re%3A%20a%20%26%20b&body=Hi%2C%0D%0Athanks%3F"
        );
    }
}
