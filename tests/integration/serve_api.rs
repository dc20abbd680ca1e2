//! The HTTP service in-process: every endpoint, every error status, the headers every
//! response carries, and the pages' forms, sent through the router with `oneshot`.

// A failed `expect` in a test is the test's failure, with its reason.
#![allow(clippy::expect_used)]

use crate::common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use interview_advisor::rules::RuleSet;
use interview_advisor::serve::router::AccessLog;
use serde_json::{Value, json};
use tower::ServiceExt;

const VALID: &str = include_str!("../fixtures/answers/valid.json");

fn rules() -> &'static RuleSet {
    Box::leak(Box::new(
        RuleSet::builtin().expect("the built-in rules load"),
    ))
}

fn app() -> Router {
    interview_advisor::serve::router(
        interview_advisor::app::advisor(rules()),
        AccessLog::discard(),
    )
}

/// The response's status, headers and body as text.
async fn send(request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("the body is read");
    (
        status,
        headers,
        String::from_utf8(bytes.to_vec()).expect("the body is UTF-8"),
    )
}

fn post_json(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .expect("a valid request")
}

fn get(path: &str) -> Request<Body> {
    Request::get(path)
        .body(Body::empty())
        .expect("a valid request")
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// What the binary prints for `args` with the answers file `text`.
fn binary_output(args: &[&str], text: &str) -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("answers.json");
    std::fs::write(&path, text).expect("the answers file is written");
    let mut command = common::advisor();
    command
        .args(args)
        .arg("--answers")
        .arg(&path)
        .arg("--no-input");
    let (code, stdout, stderr) = common::run(&mut command);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

#[tokio::test]
async fn healthz_says_ok() {
    let (status, headers, body) = send(get("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(json_of(&body), json!({"status": "ok"}));
}

#[tokio::test]
async fn assess_answers_exactly_what_advise_format_json_prints() {
    let (status, headers, body) = send(post_json("/api/v1/assess", VALID)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(body, binary_output(&["advise", "--format", "json"], VALID));
    assert_eq!(json_of(&body)["recommendation"], "decline");
}

#[tokio::test]
async fn assess_takes_a_charset_in_the_content_type() {
    let request = Request::post("/api/v1/assess")
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(Body::from(VALID))
        .expect("a valid request");
    let (status, _, body) = send(request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn letter_answers_exactly_what_letter_format_json_prints() {
    let mut file = json_of(VALID);
    file["details"]["interviewer_name"] = json!("Dana Lee");
    file["details"]["your_name"] = json!("Sam Park");
    let text = file.to_string();
    let (status, _, body) = send(post_json("/api/v1/letter", text.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, binary_output(&["letter", "--format", "json"], &text));
    let letter = json_of(&body);
    assert!(
        letter["body"]
            .as_str()
            .expect("a body")
            .contains("Dana Lee")
    );
}

#[tokio::test]
async fn letter_with_a_kind_writes_that_letter() {
    let mut file = json_of(VALID);
    file["details"]["interviewer_name"] = json!("Dana Lee");
    file["details"]["your_name"] = json!("Sam Park");
    let without_kind = file.to_string();
    file["kind"] = json!("decline_no_reason");
    let (status, _, body) = send(post_json("/api/v1/letter", file.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(json_of(&body)["kind"], "decline_no_reason");
    assert_eq!(
        body,
        binary_output(
            &["letter", "--format", "json", "--kind", "decline_no_reason"],
            &without_kind
        )
    );
}

#[tokio::test]
async fn letter_without_a_needed_detail_names_it() {
    let (status, _, body) = send(post_json("/api/v1/letter", VALID)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let error = json_of(&body)["error"]
        .as_str()
        .expect("an error")
        .to_string();
    assert!(error.contains("your_name"), "{error}");
    assert!(error.contains("under `details` in the request"), "{error}");
}

#[tokio::test]
async fn letter_with_an_unknown_kind_is_400() {
    let mut file = json_of(VALID);
    file["kind"] = json!("no_such_letter");
    let (status, _, body) = send(post_json("/api/v1/letter", file.to_string())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        json_of(&body)["error"]
            .as_str()
            .expect("an error")
            .contains("no_such_letter")
    );
    file["kind"] = json!(3);
    let (status, _, body) = send(post_json("/api/v1/letter", file.to_string())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&body)["path"], "kind");
}

#[tokio::test]
async fn compare_scores_each_file_most_favourable_to_going_first() {
    let keen = include_str!("../fixtures/answers/compare-acme.yaml");
    let keen: Value = serde_yaml::from_str(keen).expect("the fixture is YAML");
    let body = json!([json_of(VALID), keen]).to_string();
    let (status, _, body) = send(post_json("/api/v1/compare", body)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let result = json_of(&body);
    let labels: Vec<&str> = result["invitations"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| i["label"].as_str().expect("a label"))
        .collect();
    assert_eq!(
        labels,
        [
            "Acme Analytics \u{2013} Data Analyst",
            "Initech \u{2013} Support Engineer"
        ]
    );
    // The fields of `compare --format json`: an assessment with its file and label.
    assert_eq!(result["invitations"][1]["recommendation"], "decline");
    assert_eq!(result["invitations"][1]["file"], "answers file 1");
}

#[tokio::test]
async fn compare_names_the_file_with_a_problem() {
    let body = json!([json_of(VALID), {"answers": {"reason": "bored"}}]).to_string();
    let (status, _, body) = send(post_json("/api/v1/compare", body)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let error = json_of(&body)["error"]
        .as_str()
        .expect("an error")
        .to_string();
    assert!(
        error.contains("`bored` is not a valid answer to `reason`"),
        "{error}"
    );
    let (status, _, _) = send(post_json("/api/v1/compare", "{}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = send(post_json("/api/v1/compare", "[]")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn rules_lists_every_question_with_its_options_and_help() {
    let (status, _, body) = send(get("/api/v1/rules")).await;
    assert_eq!(status, StatusCode::OK);
    let listed = json_of(&body);
    let rules = rules();
    let questions = listed["questions"].as_array().expect("a list");
    assert_eq!(questions.len(), rules.questions.len());
    let reason = questions
        .iter()
        .find(|q| q["id"] == "reason")
        .expect("the reason question");
    assert_eq!(reason["type"], "choice");
    assert!(!reason["help"].as_str().expect("help").is_empty());
    let values: Vec<&str> = reason["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|o| o["value"].as_str().expect("a value"))
        .collect();
    assert!(values.contains(&"schedule_conflict"), "{values:?}");
    let interest = questions
        .iter()
        .find(|q| q["id"] == "interest")
        .expect("interest");
    assert_eq!(
        (interest["min"].clone(), interest["max"].clone()),
        (json!(1), json!(5))
    );
    assert_eq!(
        listed["outcomes"],
        json!(["decline", "postpone", "proceed"])
    );
}

#[tokio::test]
async fn every_path_of_the_openapi_document_is_served_with_its_methods() {
    let (status, _, body) = send(get("/api/v1/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    let document = json_of(&body);
    assert!(
        document["openapi"]
            .as_str()
            .expect("a version")
            .starts_with("3.")
    );
    let paths = document["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), 6, "{:?}", paths.keys().collect::<Vec<_>>());
    for (path, operations) in paths {
        for method in operations.as_object().expect("operations").keys() {
            let request = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(if method == "post" { VALID } else { "" }))
                .expect("a valid request");
            let (status, _, body) = send(request).await;
            assert!(
                status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
                "{method} {path}: {status} {body}"
            );
        }
    }
}

#[tokio::test]
async fn an_invalid_answer_is_400_naming_the_question() {
    let mut file = json_of(VALID);
    file["answers"]["interest"] = json!(9);
    let (status, _, body) = send(post_json("/api/v1/assess", file.to_string())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let problem = json_of(&body);
    assert_eq!(problem["question"], "interest");
    assert_eq!(problem["path"], "answers.interest");
    assert!(
        problem["error"]
            .as_str()
            .expect("an error")
            .contains("a whole number from 1 to 5"),
        "{problem}"
    );
}

#[tokio::test]
async fn an_unknown_question_is_400_naming_it() {
    let (status, _, body) = send(post_json(
        "/api/v1/assess",
        r#"{"answers": {"intrest": 3}}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let problem = json_of(&body);
    assert_eq!(problem["question"], "intrest");
    assert!(
        problem["error"]
            .as_str()
            .expect("an error")
            .contains("did you mean `interest`")
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_400_with_its_place() {
    let (status, _, body) = send(post_json(
        "/api/v1/assess",
        "{\"answers\": {\n  \"interest\": }",
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let problem = json_of(&body);
    assert!(
        problem["line"].is_u64() && problem["column"].is_u64(),
        "{problem}"
    );
    let (status, _, body) = send(post_json("/api/v1/letter", "[1, 2")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        json_of(&body)["error"]
            .as_str()
            .expect("an error")
            .contains("not valid JSON")
    );
    let (status, _, body) = send(post_json("/api/v1/assess", vec![0xff_u8, 0xfe])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        json_of(&body)["error"]
            .as_str()
            .expect("an error")
            .contains("UTF-8")
    );
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_413() {
    let big = format!(
        "{{\"answers\": {{}}, \"pad\": \"{}\"}}",
        "x".repeat(1024 * 1024)
    );
    let (status, _, body) = send(post_json("/api/v1/assess", big.clone())).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        json_of(&body)["error"]
            .as_str()
            .expect("an error")
            .contains("1 MiB")
    );
    // Without a length given up front, the limit still holds as the body streams in.
    let chunks = big
        .into_bytes()
        .chunks(64 * 1024)
        .map(|c| Ok::<_, std::io::Error>(axum::body::Bytes::copy_from_slice(c)))
        .collect::<Vec<_>>();
    let streamed = Body::from_stream(futures_util::stream::iter(chunks));
    let (status, _, body) = send(post_json("/api/v1/assess", streamed)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(json_of(&body)["error"].is_string());
}

#[tokio::test]
async fn a_body_that_is_not_declared_json_is_415() {
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request = Request::post("/api/v1/assess");
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let (status, headers, body) =
            send(request.body(Body::from(VALID)).expect("a request")).await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        assert!(
            json_of(&body)["error"]
                .as_str()
                .expect("an error")
                .contains("application/json")
        );
    }
}

#[tokio::test]
async fn an_unknown_path_is_404_as_json() {
    let (status, headers, body) = send(get("/api/v2/assess")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert!(
        json_of(&body)["error"]
            .as_str()
            .expect("an error")
            .contains("/api/v2/assess")
    );
}

#[tokio::test]
async fn a_wrong_method_is_405_as_json() {
    let (status, headers, body) = send(get("/api/v1/assess")).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert!(headers.contains_key(header::ALLOW));
    assert!(
        json_of(&body)["error"]
            .as_str()
            .expect("an error")
            .contains("GET is not allowed on /api/v1/assess")
    );
}

#[tokio::test]
async fn oversized_headers_are_431_as_json() {
    let request = Request::get("/healthz")
        .header("x-padding", "y".repeat(20 * 1024))
        .body(Body::empty())
        .expect("a request");
    let (status, _, body) = send(request).await;
    assert_eq!(status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert!(json_of(&body)["error"].is_string());
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    for request in [
        get("/"),
        get("/healthz"),
        get("/nowhere"),
        post_json("/api/v1/assess", "{"),
        get("/assets/style.css"),
    ] {
        let (_, headers, _) = send(request).await;
        let csp = headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("text");
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe"), "{csp}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    }
}

#[tokio::test]
async fn the_access_line_has_method_path_and_status_but_no_body_or_query() {
    let (log, lines) = AccessLog::channel();
    let app = interview_advisor::serve::router(interview_advisor::app::advisor(rules()), log);
    let request = Request::post("/api/v1/assess?name=secret")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(VALID))
        .expect("a request");
    let response = app.oneshot(request).await.expect("an answer");
    assert_eq!(response.status(), StatusCode::OK);
    let line = lines.try_recv().expect("one access line");
    assert!(line.contains(" POST /api/v1/assess 200 "), "{line}");
    assert!(
        !line.contains("secret") && !line.contains("Initech"),
        "{line}"
    );
    assert!(lines.try_recv().is_err(), "one line per request");
}

/// The answers of `valid.json` as the page's hidden fields carry them.
fn answer_fields() -> String {
    let file = json_of(VALID);
    file["answers"]
        .as_object()
        .expect("answers")
        .iter()
        .map(|(id, value)| {
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            format!("a.{id}={text}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn post_form(path: &str, body: String) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("a valid request")
}

#[tokio::test]
async fn the_start_page_is_html_with_its_own_assets_only() {
    let (status, headers, body) = send(get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .expect("text")
            .starts_with("text/html")
    );
    assert!(
        body.contains("<form method=\"post\" action=\"/step\">"),
        "{body}"
    );
    assert!(
        !body.contains("http://") && !body.contains("https://"),
        "nothing from elsewhere"
    );
    for asset in ["/assets/style.css", "/assets/app.js"] {
        let (status, _, text) = send(get(asset)).await;
        assert_eq!(status, StatusCode::OK, "{asset}");
        assert!(!text.is_empty());
    }
}

#[tokio::test]
async fn a_step_without_an_answer_asks_again_and_back_keeps_the_answers() {
    let (status, _, body) = send(post_form("/step", "q=interest&go=next".into())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Choose an answer to go on."), "{body}");
    // Back from the second question returns to the first with its answer chosen.
    let (status, _, body) = send(post_form(
        "/step",
        "a.reason=schedule_conflict&q=interest&answer=4&go=back".into(),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("name=\"q\" value=\"reason\""), "{body}");
    assert!(
        body.contains("value=\"schedule_conflict\" required\n  checked"),
        "{body}"
    );
    assert!(body.contains("name=\"a.interest\" value=\"4\""), "{body}");
}

#[tokio::test]
async fn a_form_with_an_unknown_or_invalid_answer_is_a_400_page() {
    let (status, _, body) = send(post_form("/step", "a.intrest=3&go=next".into())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("`intrest`"), "{body}");
    let (status, _, body) = send(post_form("/step", "a.interest=9&go=next".into())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("a whole number from 1 to 5"), "{body}");
}

/// The value of the first `attribute="..."` after `after` in `page`.
fn value_after<'a>(page: &'a str, after: &str, attribute: &str) -> Option<&'a str> {
    let rest = &page[page.find(after)? + after.len()..];
    let rest = &rest[rest.find(attribute)? + attribute.len()..];
    rest.split('"').next()
}

#[tokio::test]
async fn every_answer_leads_to_the_review_then_the_advice() {
    // The file's answers, then the first option of any question the rule set adds.
    let mut fields = answer_fields();
    let mut steps = 0;
    let body = loop {
        let (status, _, body) = send(post_form("/step", format!("{fields}&go=next"))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let Some(id) = value_after(&body, "name=\"q\"", "value=\"") else {
            break body;
        };
        let value = value_after(&body, "name=\"answer\"", "value=\"").expect("an option");
        fields.push_str(&format!("&a.{id}={value}"));
        steps += 1;
        assert!(steps < 20, "the questionnaire does not end");
    };
    assert!(body.contains("Check your answers"), "{body}");
    let (status, _, body) = send(post_form("/step", format!("{fields}&go=advise"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("class=\"verdict verdict-decline\""), "{body}");
    assert!(body.contains("<table class=\"scores\""), "{body}");
}

/// The total of a question page's counter ("Question 2 of about 12"), and whether it says
/// "about".
fn counter_total(page: &str) -> (usize, bool) {
    let line = page
        .split("id=\"progress\">")
        .nth(1)
        .and_then(|rest| rest.split('\u{b7}').next())
        .expect("a progress line");
    let total = line.split(" of ").nth(1).expect("a total");
    let estimate = total.starts_with("about ");
    let number = total.trim_start_matches("about ").trim();
    (number.parse().expect("a number"), estimate)
}

#[tokio::test]
async fn the_web_counter_total_never_grows_and_says_about_until_it_is_sure() {
    // An empty form starts the questions; each answer is the first option offered.
    let (status, _, mut body) = send(post_form("/step", "go=next".to_string())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut fields = String::new();
    let mut totals = Vec::new();
    while let Some(id) = value_after(&body, "name=\"q\"", "value=\"") {
        totals.push(counter_total(&body));
        let value = if body.contains("type=\"number\"") {
            "9"
        } else {
            value_after(&body, "name=\"answer\"", "value=\"").expect("an option")
        };
        fields.push_str(&format!("&a.{id}={value}"));
        let (status, _, next) = send(post_form(
            "/step",
            format!("q={id}&answer={value}{fields}&go=next"),
        ))
        .await;
        assert_eq!(status, StatusCode::OK, "{next}");
        body = next;
        assert!(totals.len() < 20, "the questionnaire does not end");
    }
    assert!(totals[0].1, "the first total is an estimate: {totals:?}");
    assert!(
        totals.windows(2).all(|w| w[1].0 <= w[0].0),
        "the total grew: {totals:?}"
    );
    assert_eq!(totals.last().map(|t| t.0), Some(totals.len()), "{totals:?}");
}

/// The weight shown for a consideration in the result page's table.
fn weight_shown(page: &str, title: &str) -> f64 {
    page.split(&format!("{title}</th><td class=\"weight\">"))
        .nth(1)
        .and_then(|rest| rest.split("</td>").next())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or_else(|| panic!("no weight for {title} in\n{page}"))
}

#[tokio::test]
async fn the_review_offers_priorities_and_a_chosen_one_weighs_the_advice_and_stays() {
    let rules = rules();
    // Every question answered: the file's answers, then the first option of any other.
    let mut fields = answer_fields();
    let review = loop {
        let (status, _, body) = send(post_form("/step", format!("{fields}&go=next"))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let Some(id) = value_after(&body, "name=\"q\"", "value=\"") else {
            break body;
        };
        let value = value_after(&body, "name=\"answer\"", "value=\"").expect("an option");
        fields.push_str(&format!("&a.{id}={value}"));
    };
    assert!(review.contains("Check your answers"), "{review}");
    for consideration in &rules.considerations {
        assert!(
            review.contains(&format!("name=\"w.{}\"", consideration.id)),
            "no priority for {} in\n{review}",
            consideration.id
        );
    }
    let first = &rules.considerations[0];
    let (_, _, usual) = send(post_form("/step", format!("{fields}&go=advise"))).await;
    let (status, _, more) = send(post_form(
        "/step",
        format!("{fields}&w.{}=more&go=advise", first.id),
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{more}");
    assert_eq!(weight_shown(&usual, &first.title), first.weight);
    assert_eq!(weight_shown(&more, &first.title), first.weight * 2.0);
    // The priority goes on with the answers, to the letter.
    assert!(
        more.contains(&format!("name=\"w.{}\" value=\"more\"", first.id)),
        "{more}"
    );
    let (status, _, bad) = send(post_form(
        "/step",
        format!("{fields}&w.{}=hugely&go=advise", first.id),
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert!(bad.contains("must be one of less, usual, more"), "{bad}");
}

#[tokio::test]
async fn what_a_person_typed_is_escaped_on_the_page() {
    let form = format!(
        "{}&d.company=%3Cscript%3Ealert(1)%3C%2Fscript%3E&d.position=Analyst&d.interviewer_name=Dana&d.your_name=Sam",
        answer_fields()
    );
    let (status, _, body) = send(post_form("/letter", form)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(!body.contains("<script>alert"), "{body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "{body}"
    );
}

#[tokio::test]
async fn a_letter_without_its_details_returns_to_the_form_saying_which() {
    let (status, _, body) = send(post_form("/letter", answer_fields())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("role=\"alert\""), "{body}");
    assert!(body.contains("your_name"), "{body}");
}

#[tokio::test]
async fn the_eml_download_is_an_attachment_with_the_text_as_edited() {
    let form = format!(
        "{}&d.company=Initech&d.position=Analyst&d.interviewer_name=Dana&d.your_name=Sam\
         &d.interviewer_email=dana%40initech.example&subject=My+subject&body=Edited+by+hand.",
        answer_fields()
    );
    let (status, headers, body) = send(post_form("/letter.eml", form)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers[header::CONTENT_TYPE], "message/rfc822");
    assert!(
        headers[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("text")
            .starts_with("attachment;")
    );
    let message = mail_parser::MessageParser::default()
        .parse(body.as_bytes())
        .expect("an email");
    assert_eq!(message.subject(), Some("My subject"));
    assert!(
        message
            .body_text(0)
            .expect("a text part")
            .contains("Edited by hand.")
    );
}
