//! The web app, without any script needed: the questionnaire one question at a time (with
//! help, Back and a review), the result, and the letter. It keeps no state: every form
//! carries the answers so far in hidden fields, and each step is worked out from them by
//! the same questionnaire logic the terminal uses.

use axum::Form;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::form::{
    Fields, Priorities, answers_file, field, hidden_fields, priority_fields, read_answers,
    read_details, read_priorities,
};
use super::problem::Problem;
use super::router::AppState;
use crate::engine::Answers;
use crate::error::Error;
use crate::interview::{review_lines, verdict_order, verdict_total, way};
use crate::letter::{DETAILS, Details, Rendered, mailto};
use crate::rules::{Channel, Outcome, QuestionKind, RuleSet};

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

fn parse_json(text: &str) -> crate::error::Result<Value> {
    serde_json::from_str(text).map_err(|error| {
        Error::Internal(format!(
            "the advisor wrote JSON that does not parse: {error}"
        ))
    })
}
