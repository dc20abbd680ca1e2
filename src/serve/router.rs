//! The routes, and the layers every request passes through: the access line, security
//! headers, JSON errors, a header limit, a cap on requests in flight, a timeout and a
//! body limit.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use super::problem::{self, MAX_BODY_BYTES};
use super::templates::Templates;
use super::{SharedAdvisor, api, pages, templates};

/// The most requests handled at once; more wait their turn (within the timeout).
pub const MAX_IN_FLIGHT: usize = 256;

/// How long a request may take, from its headers to the end of the response.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The Content-Security-Policy of every response: only this service's own styles, script
/// and forms; no frames, no plugins, nothing from elsewhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; \
     script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The advisor that does the work.
    pub advisor: SharedAdvisor,
    /// The page templates, loaded once.
    pub templates: Arc<Templates>,
}

/// Where the access lines go: one line per request, without bodies or query strings. The
/// lines travel over a channel to whoever prints them (the thread that owns the terminal).
#[derive(Clone)]
pub struct AccessLog {
    sink: Option<Sender<String>>,
}

impl AccessLog {
    /// A log whose lines arrive on the returned receiver.
    pub fn channel() -> (Self, Receiver<String>) {
        let (sender, receiver) = std::sync::mpsc::channel();
        (AccessLog { sink: Some(sender) }, receiver)
    }

    /// A log that drops every line.
    pub fn discard() -> Self {
        AccessLog { sink: None }
    }

    /// Sends one line.
    pub fn line(&self, text: &str) {
        if let Some(sink) = &self.sink {
            let _ = sink.send(text.to_string());
        }
    }
}

/// The service: every route with its layers.
pub fn router(advisor: SharedAdvisor, log: AccessLog) -> Router {
    let state = AppState {
        advisor,
        templates: Arc::new(Templates::new()),
    };
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(pages::start))
        .route("/step", post(pages::step))
        .route("/letter", post(pages::letter))
        .route("/letter.eml", post(pages::eml))
        .route("/assets/style.css", get(templates::style))
        .route("/assets/app.js", get(templates::script))
        .route("/healthz", get(api::health))
        .route("/api/v1/assess", post(api::assess))
        .route("/api/v1/letter", post(api::letter))
        .route("/api/v1/compare", post(api::compare))
        .route("/api/v1/rules", get(api::rules))
        .route("/api/v1/openapi.json", get(api::openapi))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(GlobalConcurrencyLimitLayer::new(MAX_IN_FLIGHT))
        .layer(middleware::from_fn(problem::header_limit))
        .layer(middleware::from_fn(problem::json_errors))
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        // Answers and letters are private: no cache keeps them.
        .layer(header(header::CACHE_CONTROL, "no-store"))
        .layer(middleware::from_fn_with_state(log, access_line))
}

/// Writes `2026-12-02T08:00:00Z POST /api/v1/assess 200 0.4ms` after each request.
async fn access_line(State(log): State<AccessLog>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // The path only: a query string could carry answers.
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    log.line(&format!(
        "{} {method} {} {} {:.1}ms",
        jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .unwrap_or_default(),
        // A parsed URI holds no control characters.
        path,
        response.status().as_u16(),
        elapsed.as_secs_f64() * 1000.0
    ));
    response
}
