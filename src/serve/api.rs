//! The JSON API: each handler reads the request, hands it to the [`Advisor`](super::Advisor)
//! and turns the result, or the error, into a response.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::problem::{Problem, message_for};
use super::router::AppState;
use crate::letter::DETAILS;
use crate::rules::{Outcome, QuestionKind, RuleSet};

/// The OpenAPI 3 document of this API, written by hand next to the handlers.
pub const OPENAPI: &str = include_str!("openapi.json");

/// A request body that is JSON text: the wrong content type is 415, a body over the limit
/// 413, and bytes that are not UTF-8 400.
pub struct JsonText(pub String);

impl<S: Send + Sync> FromRequest<S> for JsonText {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let mime = content_type.split(';').next().unwrap_or_default().trim();
        let is_json = mime.eq_ignore_ascii_case("application/json")
            || (mime.starts_with("application/") && mime.ends_with("+json"));
        if !is_json {
            let given = if mime.is_empty() {
                "no Content-Type".to_string()
            } else {
                format!("Content-Type `{mime}`")
            };
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "the body was sent with {given}; send JSON with `Content-Type: application/json`"
                ),
            ));
        }
        let method = request.method().clone();
        let path = request.uri().path().to_string();
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                let status = rejection.status();
                Problem::new(status, message_for(status, &method, &path, None))
            })?;
        String::from_utf8(bytes.into())
            .map(JsonText)
            .map_err(|error| {
                Problem::new(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "the body is not valid UTF-8 (at byte {}); send JSON text",
                        error.utf8_error().valid_up_to()
                    ),
                )
            })
    }
}

/// A JSON response of text the advisor already wrote.
fn json_text(text: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// `GET /healthz`: the service is up.
pub async fn health() -> Response {
    json_text("{\"status\":\"ok\"}\n".to_string())
}

/// `POST /api/v1/assess`: the body is an answers file; the response is what
/// `advise --format json` prints for it.
pub async fn assess(State(state): State<AppState>, JsonText(body): JsonText) -> Response {
    match state.advisor.assess(&body) {
        Ok(text) => json_text(text),
        Err(error) => Problem::from_error(&error, Some(&body)).into_response(),
    }
}

/// `POST /api/v1/letter`: the body is an answers file with details and an optional `kind`;
/// the response is what `letter --format json` prints.
pub async fn letter(State(state): State<AppState>, JsonText(body): JsonText) -> Response {
    let mut object = match object_body(
        &body,
        "an answers file with `answers`, `details` and an optional `kind`",
    ) {
        Ok(object) => object,
        Err(problem) => return problem.into_response(),
    };
    let kind = match object.remove("kind") {
        None | Some(Value::Null) => None,
        Some(Value::String(kind)) => Some(kind),
        Some(_) => {
            return Problem::new(
                StatusCode::BAD_REQUEST,
                "`kind` must be a letter id such as `decline_politely`; see `letters` in GET /api/v1/rules",
            )
            .with("path", "kind")
            .into_response();
        }
    };
    let file = pretty(&Value::Object(object));
    match state.advisor.letter(&file, kind.as_deref()) {
        Ok(text) => json_text(text),
        Err(error) => Problem::from_error(&error, Some(&file)).into_response(),
    }
}

/// `POST /api/v1/compare`: the body is a list of answers files; the response scores them
/// side by side.
pub async fn compare(State(state): State<AppState>, JsonText(body): JsonText) -> Response {
    let files = match serde_json::from_str::<Value>(&body) {
        Ok(Value::Array(files)) if !files.is_empty() => files,
        Ok(_) => {
            return Problem::new(
                StatusCode::BAD_REQUEST,
                "the body must be a non-empty list of answers files: [{\"answers\": {...}}, ...]",
            )
            .into_response();
        }
        Err(error) => return syntax_problem(&error).into_response(),
    };
    let texts: Vec<String> = files.iter().map(pretty).collect();
    match state.advisor.compare(&texts) {
        Ok(text) => json_text(text),
        Err(error) => Problem::from_error(&error, None).into_response(),
    }
}

/// `GET /api/v1/rules`: the questions with their options and help, the considerations,
/// the outcomes, the letter details and the letters, to build forms from.
pub async fn rules(State(state): State<AppState>) -> Response {
    json_text(pretty(&rules_json(state.advisor.rules())))
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Response {
    json_text(OPENAPI.to_string())
}

/// The body as a JSON object, or the problem with it.
fn object_body(body: &str, expected: &str) -> Result<Map<String, Value>, Problem> {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(Problem::new(
            StatusCode::BAD_REQUEST,
            format!("the body must be a JSON object: {expected}"),
        )),
        Err(error) => Err(syntax_problem(&error)),
    }
}

fn syntax_problem(error: &serde_json::Error) -> Problem {
    Problem::new(
        StatusCode::BAD_REQUEST,
        format!("the body is not valid JSON: {error}"),
    )
    .with("line", error.line())
    .with("column", error.column())
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// The rule set as the form-building JSON of `GET /api/v1/rules`.
pub fn rules_json(rules: &RuleSet) -> Value {
    let questions: Vec<Value> = rules
        .questions
        .iter()
        .enumerate()
        .map(|(index, question)| {
            let mut item = json!({
                "id": question.id,
                "consideration": question
                    .consideration
                    .and_then(|c| rules.considerations.get(c))
                    .map(|c| c.id.as_str()),
                "label": question.label,
                "prompt": question.prompt,
                "help": question.help,
            });
            let extra = match &question.kind {
                QuestionKind::Choice { options } => json!({
                    "type": "choice",
                    "options": options
                        .iter()
                        .map(|o| json!({"value": o.value, "label": o.label}))
                        .collect::<Vec<_>>(),
                }),
                QuestionKind::Scale {
                    min,
                    max,
                    min_label,
                    max_label,
                    ..
                } => json!({
                    "type": "scale", "min": min, "max": max,
                    "min_label": min_label, "max_label": max_label,
                }),
                QuestionKind::YesNo { .. } => json!({"type": "yes_no"}),
                QuestionKind::Number { min, max, .. } => {
                    json!({"type": "number", "min": min, "max": max})
                }
            };
            if let (Value::Object(item), Value::Object(extra)) = (&mut item, extra) {
                item.extend(extra);
                item.insert(
                    "default".into(),
                    question.default.map_or(Value::Null, |code| {
                        crate::report::answer_json(question, code)
                    }),
                );
                let when = rules
                    .raw
                    .questions
                    .get(index)
                    .and_then(|raw| raw.when.as_ref())
                    .and_then(|when| serde_json::to_value(when).ok());
                item.insert("when".into(), when.unwrap_or(Value::Null));
            }
            item
        })
        .collect();
    json!({
        "name": rules.name,
        "outcomes": Outcome::ALL.iter().map(|o| o.as_str()).collect::<Vec<_>>(),
        "considerations": rules.considerations.iter().map(|c| json!({
            "id": c.id, "title": c.title, "description": c.description, "weight": c.weight,
        })).collect::<Vec<_>>(),
        "questions": questions,
        "details": DETAILS.iter().map(|d| json!({
            "name": d.name, "label": d.label, "required": d.required,
        })).collect::<Vec<_>>(),
        "letters": rules.letters.iter().map(|l| json!({
            "id": l.id, "title": l.title, "channel": l.channel.as_str(),
            "outcomes": l.outcomes.iter().map(|o| o.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
