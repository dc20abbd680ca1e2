//! Errors as JSON: `{"error": "..."}` with, where known, the `question` or `path` the
//! problem concerns, and the status that says whose fault it is.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::error::{Diagnostic, Error};
use crate::source::{Seg, Source};

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// An error response.
#[derive(Debug)]
pub struct Problem {
    /// The response's status.
    pub status: StatusCode,
    /// The JSON object sent: `error`, and `question`, `path`, `line`, `column` when known.
    pub body: Map<String, Value>,
}

impl Problem {
    /// A problem with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        let mut body = Map::new();
        body.insert("error".into(), Value::String(message.into()));
        Problem { status, body }
    }

    /// The problem an advisor error is, for a request whose body was `body`: invalid data
    /// is the client's (400) and names the question or path when it can be found; a
    /// failure of the advisor itself is the server's (500).
    pub fn from_error(error: &Error, body: Option<&str>) -> Self {
        match error {
            Error::Invalid(problems) => {
                let items: Vec<Map<String, Value>> =
                    problems.iter().map(|p| describe(p, body)).collect();
                let mut first = items.first().cloned().unwrap_or_default();
                if items.len() > 1 {
                    first.insert(
                        "errors".into(),
                        Value::Array(items.into_iter().map(Value::Object).collect()),
                    );
                }
                if !first.contains_key("error") {
                    first.insert("error".into(), Value::String(error.to_string()));
                }
                Problem {
                    status: StatusCode::BAD_REQUEST,
                    body: first,
                }
            }
            Error::Usage(message) => Problem::new(StatusCode::BAD_REQUEST, message.clone()),
            Error::Io { .. } | Error::Interrupted | Error::Internal(_) => Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the advisor failed: {error}"),
            ),
        }
    }

    /// Adds a field to the body.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.body.insert(key.into(), value.into());
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        (self.status, Json(Value::Object(self.body))).into_response()
    }
}

/// One problem as JSON: its message, the question or path it concerns, and its line and
/// column in the request body.
fn describe(problem: &Diagnostic, body: Option<&str>) -> Map<String, Value> {
    let mut item = Map::new();
    item.insert("error".into(), Value::String(problem.message.clone()));
    if let (Some(line), Some(column)) = (problem.line, problem.column) {
        if let Some(path) = body.and_then(|text| path_at(text, line, column)) {
            if let [section, id] = path.as_slice()
                && section == "answers"
            {
                item.insert("question".into(), Value::String(id.clone()));
            }
            item.insert("path".into(), Value::String(path.join(".")));
        }
        item.insert("line".into(), json!(line));
        item.insert("column".into(), json!(column));
    }
    item
}

/// The path (`answers.interest`) of the node of a JSON or YAML body at a line and column:
/// the deepest of the top two levels of keys whose key or value starts there.
fn path_at(text: &str, line: usize, column: usize) -> Option<Vec<String>> {
    let source = Source::from_text("request body", text);
    let value: Value = serde_json::from_str(text).ok()?;
    let positions = source.positions();
    let at = |path: &[String]| {
        let segs: Vec<Seg> = path.iter().map(|k| Seg::Key(k.clone())).collect();
        // A problem with a key is placed at the key, one with a value at the value.
        let place = Some((line, column));
        positions.find(&segs) == place || positions.find_value(&segs) == place
    };
    let mut found = None;
    for (key, inner) in value.as_object()? {
        let outer = vec![key.clone()];
        if at(&outer) {
            found = Some(outer.clone());
        }
        for inner_key in inner.as_object().into_iter().flat_map(|m| m.keys()) {
            let path = vec![key.clone(), inner_key.clone()];
            if at(&path) {
                return Some(path);
            }
        }
    }
    found
}

/// Turns every error response that is neither JSON nor a page (from routing, the limits and
/// the timeout) into a JSON problem that says what to do.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response.headers().get(header::CONTENT_TYPE);
    let described = content_type.is_some_and(|value| {
        let value = value.to_str().unwrap_or_default();
        value.starts_with("application/json") || value.starts_with("text/html")
    });
    if described {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut problem = Problem::new(status, message_for(status, &method, &path, allow.as_ref()));
    if let Some(allow) = allow.as_ref().and_then(|v| v.to_str().ok()) {
        problem = problem.with("allow", allow);
    }
    let mut response = problem.into_response();
    if let Some(allow) = allow {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    response
}

pub(crate) fn message_for(
    status: StatusCode,
    method: &Method,
    path: &str,
    allow: Option<&HeaderValue>,
) -> String {
    match status {
        StatusCode::NOT_FOUND => format!(
            "nothing at {path}; the page is at / and the API under /api/v1/ \
             (see /api/v1/openapi.json)"
        ),
        StatusCode::METHOD_NOT_ALLOWED => match allow.and_then(|v| v.to_str().ok()) {
            Some(allowed) if !allowed.is_empty() => {
                format!("{method} is not allowed on {path}; use {allowed}")
            }
            _ => {
                format!("{method} is not allowed on {path}; /api/v1/openapi.json lists the methods")
            }
        },
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "the request body is larger than {} MiB; send a smaller answers file",
            MAX_BODY_BYTES / (1024 * 1024)
        ),
        StatusCode::REQUEST_TIMEOUT => {
            "the request took too long to arrive or to answer; try again".to_string()
        }
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => format!(
            "the request headers are larger than {} KiB; send fewer or shorter headers",
            MAX_HEADER_BYTES / 1024
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "send the body as JSON with `Content-Type: application/json`".to_string()
        }
        StatusCode::BAD_REQUEST => "the request could not be read; check its body".to_string(),
        other => format!(
            "{} {}",
            other.as_u16(),
            other.canonical_reason().unwrap_or("error")
        ),
    }
}

/// The most bytes of request headers (names and values) accepted.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Refuses requests whose headers are larger than [`MAX_HEADER_BYTES`] (431).
pub async fn header_limit(request: Request, next: Next) -> Response {
    let size: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if size > MAX_HEADER_BYTES {
        return StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE.into_response();
    }
    next.run(request).await
}
