//! `interview_date` in an answers file: a date instead of a day count, read as the days
//! from today, asked for at the prompt, and saved as a date so that a saved file does not
//! go stale.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use predicates::prelude::*;

/// Noon on Wednesday 2 December 2026, UTC.
const TODAY: &str = "1796212800";

fn answers(days: &str) -> String {
    format!(
        "answers:\n  reason: schedule_conflict\n  interest: 5\n  already_confirmed: true\n  \
         referred: false\n  future_contact: medium\n  {days}\n  company_growth: 4\n  \
         revisit_later: true\n  goal_alignment: 4\n  other_options: some\n"
    )
}

fn advise_json(file_text: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("answers.yaml");
    std::fs::write(&file, file_text).expect("write");
    let output = common::advisor()
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(["advise", "--no-input", "--format", "json", "--answers"])
        .arg(&file)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_date_counts_as_the_days_from_today() {
    for (date, days) in [("2026-12-04", 2), ("2026-12-02", 0), ("2026-12-10", 8)] {
        let by_date = advise_json(&answers(&format!("interview_date: {date}")));
        let by_days = advise_json(&answers(&format!("days_until_interview: {days}")));
        assert_eq!(by_date.0, 0, "{}", by_date.2);
        assert_eq!(by_date.1, by_days.1, "{date} is {days} days away");
    }
}

#[test]
fn a_date_and_a_day_count_together_are_refused() {
    let text = answers("interview_date: 2026-12-10\n  days_until_interview: 8");
    let (code, _, err) = advise_json(&text);
    assert_eq!(code, 65);
    assert!(
        err.contains("`interview_date` and `days_until_interview` say the same thing; give one of them, not both"),
        "{err}"
    );
}

#[test]
fn a_past_or_malformed_date_says_what_is_wrong() {
    let (code, _, err) = advise_json(&answers("interview_date: 2026-11-30"));
    assert_eq!(code, 65);
    assert!(
        err.contains("answers.yaml:7:19: the date 2026-11-30 for `interview_date` has passed (today is 2026-12-02)"),
        "{err}"
    );
    let (code, _, err) = advise_json(&answers("interview_date: next tuesday"));
    assert_eq!(code, 65);
    assert!(
        err.contains("must be a date written as year-month-day"),
        "{err}"
    );
}

#[test]
fn the_questionnaire_takes_a_date_and_saves_the_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("saved.yaml");
    common::advisor()
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(["advise", "--format", "json", "--save"])
        .arg(&saved)
        .write_stdin("6\n5\ny\nn\n2\n2026-12-10\n4\ny\n4\n2\n")
        .assert()
        .success()
        .stderr(predicate::str::contains("a date (YYYY-MM-DD)"));
    let text = std::fs::read_to_string(&saved).expect("saved");
    assert!(text.contains("interview_date: 2026-12-10"), "{text}");
    assert!(!text.contains("days_until_interview"), "{text}");

    // A day count typed at the prompt is saved as its date too.
    let again = dir.path().join("again.yaml");
    common::advisor()
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(["advise", "--format", "json", "--save"])
        .arg(&again)
        .write_stdin("6\n5\ny\nn\n2\n3\n4\ny\n4\n2\n")
        .assert()
        .success();
    let text = std::fs::read_to_string(&again).expect("saved");
    assert!(text.contains("interview_date: 2026-12-05"), "{text}");
}

#[test]
fn only_a_number_question_may_take_a_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("rules.yaml");
    let builtin = std::fs::read_to_string("rules/default.yaml").expect("built-in rules");
    let wrong = builtin.replacen(
        "    label: interest in the role\n",
        "    label: interest in the role\n    date: interest_date\n",
        1,
    );
    assert_ne!(wrong, builtin);
    std::fs::write(&rules, wrong).expect("write");
    common::advisor()
        .args(["rules", "validate"])
        .arg(&rules)
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "question `interest`: only a number question (of days) may take a date",
        ));
}

/// A letter for `answers` (a schedule clash, so a request to reschedule or a call), as
/// `letter --no-input` prints it on Wednesday 2 December 2026.
fn letter_text(days: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("answers.yaml");
    std::fs::write(
        &file,
        format!(
            "{}details:\n  company: Acme\n  position: Data Analyst\n  interviewer_name: Dana \
             Lee\n  your_name: Sam Park\n  availability: Monday morning\n",
            answers(days)
        ),
    )
    .expect("write");
    let output = common::advisor()
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(["letter", "--no-input", "--answers"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn a_letter_names_the_day_of_an_interview_given_as_a_date() {
    let text = letter_text("interview_date: 2026-12-10");
    assert!(
        text.contains("Could we move the interview on Thursday 10 December to another time?"),
        "{text}"
    );
}

#[test]
fn a_count_of_days_leaves_the_letter_as_it_was() {
    let text = letter_text("days_until_interview: 8");
    assert!(
        text.contains("Could we move the interview to another time?"),
        "{text}"
    );
    assert!(!text.contains("December"), "{text}");
}

#[test]
fn a_phone_script_for_tomorrow_says_which_day_it_is_about() {
    let text = letter_text("interview_date: 2026-12-03");
    assert!(
        text.starts_with("Subject: Call Dana Lee about Thursday's Data Analyst interview\n"),
        "{text}"
    );
    assert!(
        text.contains("invited to interview for the Data Analyst role on Thursday 3 December."),
        "{text}"
    );
}

/// A batch line of [`answers`] with `days`, run on Wednesday 2 December 2026.
fn batch_line(days: &str) -> (i32, String) {
    let yaml: serde_yaml::Value = serde_yaml::from_str(&answers(days)).expect("YAML");
    let line = serde_json::to_string(&yaml).expect("JSON");
    let output = common::advisor()
        .env("SOURCE_DATE_EPOCH", TODAY)
        .arg("batch")
        .write_stdin(format!("{line}\n"))
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn a_batch_line_takes_a_date_as_an_answers_file_does() {
    let (code, by_date) = batch_line("interview_date: \"2026-12-10\"");
    assert_eq!(code, 0, "{by_date}");
    assert_eq!(by_date, batch_line("days_until_interview: 8").1);
    let (code, both) = batch_line("interview_date: \"2026-12-10\"\n  days_until_interview: 8");
    assert_eq!(code, 65);
    assert!(
        both.contains(
            "`interview_date` and `days_until_interview` say the same thing; give one of \
             them, not both"
        ),
        "{both}"
    );
    let (code, past) = batch_line("interview_date: \"2026-11-30\"");
    assert_eq!(code, 65);
    assert!(past.contains("has passed"), "{past}");
}
