//! The page templates and assets, built into the binary from `web/`: nothing is fetched
//! from elsewhere, so the page works offline.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// Every template, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../web/templates/base.html")),
    (
        "hidden.html",
        include_str!("../../web/templates/hidden.html"),
    ),
    ("start.html", include_str!("../../web/templates/start.html")),
    (
        "question.html",
        include_str!("../../web/templates/question.html"),
    ),
    (
        "review.html",
        include_str!("../../web/templates/review.html"),
    ),
    (
        "result.html",
        include_str!("../../web/templates/result.html"),
    ),
    (
        "letter.html",
        include_str!("../../web/templates/letter.html"),
    ),
    (
        "problem.html",
        include_str!("../../web/templates/problem.html"),
    ),
];

/// The style sheet.
const STYLE: &str = include_str!("../../web/assets/style.css");

/// The small script for the extras (Copy, and keeping the mail link in step with edits).
const SCRIPT: &str = include_str!("../../web/assets/app.js");

/// The templates, loaded once. Names ending in `.html` are HTML-escaped; an undefined value
/// is an error rather than an empty string.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Loads every template.
    pub fn new() -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        for (name, text) in TEMPLATES {
            // The templates are part of the binary; one that does not parse fails the
            // tests (every page is rendered there), and here it would show as a 500.
            let _ = env.add_template(name, text);
        }
        Templates { env }
    }

    /// Renders the template `name`; the error names the template, line and problem.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, String> {
        self.env
            .get_template(name)
            .and_then(|template| template.render(minijinja::value::Serde(context)))
            .map_err(|error| {
                let mut message = format!("page template {name}: {error}");
                let mut cause = std::error::Error::source(&error);
                while let Some(inner) = cause {
                    message.push_str(&format!(": {inner}"));
                    cause = inner.source();
                }
                message
            })
    }
}

impl Default for Templates {
    fn default() -> Self {
        Templates::new()
    }
}

/// `GET /assets/style.css`.
pub async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

/// `GET /assets/app.js`.
pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            // Assets hold no answers, and change only with the binary.
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        text,
    )
        .into_response()
}
