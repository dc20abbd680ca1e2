//! The web app in a real browser: headless Chromium, driven over WebDriver, answers the
//! questionnaire (going Back once), sees the recommendation and gets the letter.
//!
//! It needs `chromium` and `chromedriver` (Debian: `apt-get install chromium
//! chromium-driver`). Without them it says clearly that it skipped, except under
//! `CI=true`, where a missing browser is a failure.

// A failed `expect` in a test is the test's failure, with its reason.
#![allow(clippy::expect_used)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// A child process that is stopped when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The first of `names` found on `PATH`.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium and its driver, or `None` after saying why the test skips (a failure under
/// `CI=true`).
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = on_path(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = on_path(&["chromedriver"]);
    match (chromium, driver) {
        (Some(chromium), Some(driver)) => Some((chromium, driver)),
        (chromium, driver) => {
            let missing = [
                chromium.is_none().then_some("chromium"),
                driver.is_none().then_some("chromedriver"),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" and ");
            let message = format!(
                "the browser test needs {missing} on PATH (Debian: apt-get install chromium \
                 chromium-driver)"
            );
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{message}; under CI=true it must run"
            );
            eprintln!("SKIPPED: {message}");
            None
        }
    }
}

/// A free port on the loopback interface.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|socket| socket.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// Starts `serve` on a free port and returns it with the page's address.
fn start_service() -> (Running, String) {
    let mut child = common::advisor_process()
        .args(["serve", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the service starts");
    let stderr = child.stderr.take().expect("its standard error");
    let running = Running(child);
    let mut first = String::new();
    BufReader::new(stderr)
        .read_line(&mut first)
        .expect("the service says where it listens");
    let url = first
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    (running, url)
}

/// Starts chromedriver and waits until it listens.
fn start_driver(driver: &Path) -> (Running, String) {
    let port = free_port();
    let child = common::process(driver)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let running = Running(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen within 20 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (running, format!("http://127.0.0.1:{port}"))
}

/// A headless Chromium session with a fresh profile.
async fn session(chromium: &Path, driver: &str, profile: &Path) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver)
        .await
        .expect("a WebDriver session")
}

/// The answer the test gives to a question, by id; any other question gets its first
/// option.
fn answer_for(id: &str) -> Option<&'static str> {
    Some(match id {
        "reason" => "schedule_conflict",
        "interest" => "5",
        "already_confirmed" => "false",
        "referred" => "true",
        "future_contact" => "high",
        "days_until_interview" => "6",
        "company_growth" => "4",
        "revisit_later" => "true",
        "goal_alignment" => "5",
        "other_options" => "some",
        _ => return None,
    })
}

/// The id of the question on the page, or `None` when the page asks none.
async fn question_id(client: &Client) -> Option<String> {
    let field = client.find(Locator::Css("input[name=q]")).await.ok()?;
    field.prop("value").await.ok().flatten()
}

/// Answers the question on the page (without pressing Next).
async fn answer(client: &Client, id: &str) {
    if let Ok(number) = client.find(Locator::Css("input[type=number]")).await {
        number.clear().await.expect("the number field clears");
        number
            .send_keys(answer_for(id).unwrap_or("1"))
            .await
            .expect("a number is typed");
        return;
    }
    let radio = match answer_for(id) {
        Some(value) => format!("input[name=answer][value=\"{value}\"]"),
        None => "input[name=answer]".to_string(),
    };
    client
        .find(Locator::Css(&radio))
        .await
        .unwrap_or_else(|e| panic!("no option {radio} for `{id}`: {e}"))
        .click()
        .await
        .expect("the option is chosen");
}

/// Presses the button and waits for the page it leads to.
async fn press(client: &Client, css: &str) {
    // A mark on the current page, gone once the next page has loaded.
    client
        .execute("window.stillTheOldPage = true;", vec![])
        .await
        .expect("the page runs a script");
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no button {css}: {e}"))
        .click()
        .await
        .expect("the button is pressed");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let old = client
            .execute(
                "return document.readyState !== 'complete' || window.stillTheOldPage === true;",
                vec![],
            )
            .await
            .map(|value| value != json!(false))
            .unwrap_or(true);
        if !old {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no new page within 20 s after {css}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn heading(client: &Client) -> String {
    client
        .find(Locator::Css("h1"))
        .await
        .expect("a heading")
        .text()
        .await
        .expect("its text")
}

/// Saves a screenshot of the page, at desktop width and at a phone's, for a person to
/// look at (they are not compared).
async fn screenshots(client: &Client, name: &str) {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&folder).expect("the screenshot folder");
    for (width, label) in [(1280, "desktop"), (390, "phone")] {
        client
            .set_window_size(width, 1400)
            .await
            .expect("the window resizes");
        let png = client.screenshot().await.expect("a screenshot");
        std::fs::write(folder.join(format!("{name}-{label}.png")), png).expect("it is saved");
    }
    client
        .set_window_size(1280, 900)
        .await
        .expect("the window resizes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(
    clippy::too_many_lines,
    reason = "one person's whole visit, step by step, in one browser session"
)]
async fn a_person_answers_goes_back_sees_the_advice_and_gets_the_letter() {
    let Some((chromium, driver)) = browser() else {
        return;
    };
    let (_service, url) = start_service();
    let (_driver, driver_url) = start_driver(&driver);
    let profile = tempfile::tempdir().expect("a fresh browser profile");
    let client = session(&chromium, &driver_url, profile.path()).await;

    client.goto(&url).await.expect("the page opens");
    screenshots(&client, "1-start").await;
    press(&client, "button.primary").await;

    // The questionnaire, one question at a time; Back once, from the second question.
    let mut given = serde_json::Map::new();
    let mut went_back = false;
    let mut asked = 0;
    while let Some(id) = question_id(&client).await {
        asked += 1;
        assert!(asked < 40, "the questionnaire does not end");
        if asked == 1 {
            screenshots(&client, "2-question").await;
        }
        answer(&client, &id).await;
        if asked == 2 && !went_back {
            press(&client, "button[value=back]").await;
            went_back = true;
            let back_at = question_id(&client).await.expect("a question after Back");
            assert_eq!(back_at, "reason", "Back returns to the first question");
            let checked = client
                .find(Locator::Css("input[name=answer]:checked"))
                .await
                .expect("the first answer is still chosen");
            assert_eq!(
                checked.prop("value").await.expect("its value").as_deref(),
                answer_for("reason")
            );
            press(&client, "button[value=next]").await;
            assert_eq!(question_id(&client).await.as_deref(), Some(id.as_str()));
            asked -= 1;
            continue;
        }
        let value = client
            .find(Locator::Css(
                "input[name=answer]:checked, input[type=number]",
            ))
            .await
            .expect("an answer")
            .prop("value")
            .await
            .expect("its value")
            .unwrap_or_default();
        given.insert(id.clone(), json!(value));
        press(&client, "button[value=next]").await;
    }
    assert!(went_back, "the test went back once");

    assert_eq!(heading(&client).await, "Check your answers");
    screenshots(&client, "3-review").await;
    press(&client, "button[value=advise]").await;

    // The advice the page shows is the core's for the same answers.
    let rules: &'static _ = Box::leak(Box::new(
        interview_advisor::rules::RuleSet::builtin().expect("the built-in rules"),
    ));
    let answers: serde_json::Map<String, serde_json::Value> = given
        .into_iter()
        .map(|(id, value)| {
            let text = value.as_str().unwrap_or_default().to_string();
            let value = text
                .parse::<i64>()
                .map(|n| json!(n))
                .or_else(|_| text.parse::<bool>().map(|b| json!(b)))
                .unwrap_or(json!(text));
            (id, value)
        })
        .collect();
    let expected = interview_advisor::app::advisor(rules)
        .assess(&json!({ "answers": answers }).to_string())
        .expect("the answers are complete");
    let expected: serde_json::Value = serde_json::from_str(&expected).expect("JSON");
    let recommendation = expected["recommendation"].as_str().expect("an outcome");
    let verdict = client
        .find(Locator::Css("h1 .verdict"))
        .await
        .expect("the verdict")
        .text()
        .await
        .expect("its text");
    assert_eq!(verdict.to_lowercase(), recommendation);
    let table = client
        .find(Locator::Css("table.scores"))
        .await
        .expect("the comparison table")
        .text()
        .await
        .expect("its text");
    for title in ["Decline", "Postpone", "Proceed", "Total"] {
        assert!(table.contains(title), "{table}");
    }
    screenshots(&client, "4-advice").await;

    for (name, value) in [
        ("company", "Acme Analytics"),
        ("position", "Data Analyst"),
        ("interviewer_name", "Dana Lee"),
        ("interviewer_email", "dana@acme.example"),
        ("your_name", "Sam Park"),
        ("availability", "Tuesday or Thursday afternoon next week"),
    ] {
        client
            .find(Locator::Css(&format!("input[name=\"d.{name}\"]")))
            .await
            .unwrap_or_else(|e| panic!("no field for {name}: {e}"))
            .send_keys(value)
            .await
            .expect("the detail is typed");
    }
    press(&client, "form.details button.primary").await;

    assert_eq!(heading(&client).await, "Your message");
    let body = client
        .find(Locator::Css("textarea#body"))
        .await
        .expect("the letter's text box")
        .prop("value")
        .await
        .expect("its text")
        .unwrap_or_default();
    assert!(body.contains("Dana Lee"), "{body}");
    assert!(body.contains("Sam Park"), "{body}");
    let mailto = client
        .find(Locator::Css("a#mailto"))
        .await
        .expect("the mail link")
        .attr("href")
        .await
        .expect("its address")
        .unwrap_or_default();
    assert!(
        mailto.starts_with("mailto:dana@acme.example?subject="),
        "{mailto}"
    );
    let copy = client
        .find(Locator::Css("button#copy"))
        .await
        .expect("the Copy button");
    assert!(
        copy.is_displayed().await.expect("shown or not"),
        "the script shows the Copy button"
    );
    client
        .find(Locator::Css("button#eml"))
        .await
        .expect("the Download .eml button");
    screenshots(&client, "5-letter").await;
    client.close().await.expect("the session ends");
}
