//! `advise` without a terminal: answers piped one per line, pre-filled from a file, and
//! saved with `--save`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use common::advisor;
use predicates::prelude::*;

/// One line per question of the built-in rule set that can change the verdict, in order
/// (option numbers, y/n, numbers), then lines for the questions about the message, which
/// are not read without --letter.
const LINES: &str = "6\n5\ny\nn\n2\n4\n4\ny\n4\n2\ny\ny\nn\n";

/// The same answers as an answers file.
const FILE: &str = "answers:
  reason: schedule_conflict
  interest: 5
  already_confirmed: true
  referred: false
  future_contact: medium
  days_until_interview: 4
  company_growth: 4
  revisit_later: true
  goal_alignment: 4
  other_options: some
  share_reason: true
  stay_in_touch: true
  job_alerts: false
";

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("stdout is JSON")
}

#[test]
fn piped_answers_give_the_same_result_as_the_answers_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("answers.yaml");
    std::fs::write(&file, FILE).expect("write");
    let from_file = advisor()
        .args(["advise", "--format", "json", "--answers"])
        .arg(&file)
        .assert()
        .success();
    let piped = advisor()
        .args(["advise", "--format", "json"])
        .write_stdin(LINES)
        .assert()
        .success()
        .stderr(predicate::str::contains("[1/about 12 \u{b7} Motivation]"));
    let from_file = json_of(&from_file.get_output().stdout);
    assert_eq!(json_of(&piped.get_output().stdout), from_file);
    assert_eq!(from_file["recommendation"], "postpone");
}

#[test]
fn options_can_be_given_by_value_as_well_as_by_number() {
    let lines = LINES.replacen("6\n", "schedule_conflict\n", 1);
    advisor()
        .args(["advise", "--format", "json"])
        .write_stdin(lines)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"recommendation\": \"postpone\""));
}

#[test]
fn a_bad_line_names_the_question_and_the_allowed_answers() {
    advisor()
        .arg("advise")
        .write_stdin("6\n5\nmaybe\n")
        .assert()
        .code(65)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: <stdin>:3: `maybe` is not a valid answer to `already_confirmed` \
             (Have you already confirmed that you will attend?); expected yes or no (true/false)",
        ));
}

#[test]
fn an_option_number_out_of_range_is_refused() {
    advisor()
        .arg("advise")
        .write_stdin("9\n")
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "expected an option number from 1 to 7 or one of accepted_offer,",
        ));
}

#[test]
fn input_that_ends_early_names_the_unanswered_questions() {
    advisor()
        .arg("advise")
        .write_stdin("6\n5\ny\n")
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "error: <stdin>: input ended before every question was answered; unanswered: \
             referred, future_contact, days_until_interview, company_growth, revisit_later, \
             goal_alignment, other_options",
        ));
}

#[test]
fn an_answers_file_prefills_and_only_the_missing_questions_are_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("partial.yaml");
    std::fs::write(
        &file,
        "answers:\n  reason: schedule_conflict\n  interest: 5\n",
    )
    .expect("write");
    let assert = advisor()
        .args(["advise", "--format", "json", "--answers"])
        .arg(&file)
        .write_stdin("y\nn\n2\n4\n4\ny\n4\n2\ny\ny\nn\n")
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(!stderr.contains("What is the main thing"), "{stderr}");
    assert!(
        stderr.contains("[1/8 \u{b7} Reputation] Have you already confirmed"),
        "{stderr}"
    );
    assert_eq!(
        json_of(&assert.get_output().stdout)["recommendation"],
        "postpone"
    );
}

#[test]
fn no_input_with_a_partial_file_lists_every_missing_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("partial.yaml");
    std::fs::write(&file, "answers:\n  reason: unsure\n").expect("write");
    advisor()
        .args(["advise", "--no-input", "--answers"])
        .arg(&file)
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "missing 9 answers: interest, already_confirmed, referred, future_contact, \
             days_until_interview, company_growth, revisit_later, goal_alignment, other_options",
        ));
}

#[test]
fn no_input_without_a_file_is_a_usage_error() {
    advisor()
        .args(["advise", "--no-input"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-input needs --answers FILE"));
}

#[test]
fn save_then_answers_reproduces_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("saved.yaml");
    // Noon on 2 December 2026: four days on is Sunday 6 December.
    let first = advisor()
        .env("SOURCE_DATE_EPOCH", "1796212800")
        .args(["advise", "--format", "json", "--save"])
        .arg(&saved)
        .write_stdin(LINES)
        .assert()
        .success();
    let again = advisor()
        .env("SOURCE_DATE_EPOCH", "1796212800")
        .args(["advise", "--format", "json", "--no-input", "--answers"])
        .arg(&saved)
        .assert()
        .success();
    assert_eq!(
        json_of(&first.get_output().stdout),
        json_of(&again.get_output().stdout)
    );
    let text = std::fs::read_to_string(&saved).expect("saved");
    assert!(text.contains("  reason: schedule_conflict\n"), "{text}");
    // The day count is saved as the date it counts to.
    assert!(text.contains("  interview_date: 2026-12-06\n"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "saved answers are private");
    }
}

#[test]
fn save_keeps_the_details_of_the_answers_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.yaml");
    std::fs::write(
        &input,
        "answers:\n  reason: unsure\ndetails:\n  company: Acme Analytics\n  your_name: Sam Park\n",
    )
    .expect("write");
    let saved = dir.path().join("saved.yaml");
    advisor()
        .args(["advise", "--answers"])
        .arg(&input)
        .arg("--save")
        .arg(&saved)
        .write_stdin("y\n4\nn\nn\n1\n10\n3\ny\n3\n1\ny\nn\n")
        .assert()
        .success();
    let text = std::fs::read_to_string(&saved).expect("saved");
    assert!(
        text.contains("details:\n  company: Acme Analytics\n  your_name: Sam Park\n"),
        "{text}"
    );
}

#[test]
fn details_are_saved_as_written_and_read_back_as_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.yaml");
    let details = "details:\n  company: 0x1F\n  position: 3.10\n  interviewer_name: Null\n  \
                   your_name: True\n  availability: 10\n";
    std::fs::write(&input, FILE.to_string() + details).expect("write");
    let saved = dir.path().join("saved.yaml");
    advisor()
        .args(["advise", "--no-input", "--answers"])
        .arg(&input)
        .arg("--save")
        .arg(&saved)
        .assert()
        .success();
    let text = std::fs::read_to_string(&saved).expect("saved");
    assert!(
        text.contains(
            "details:\n  availability: '10'\n  company: '0x1F'\n  interviewer_name: 'Null'\n  \
             position: '3.10'\n  your_name: 'True'\n"
        ),
        "{text}"
    );
    advisor()
        .args(["letter", "--no-input", "--answers"])
        .arg(&saved)
        .assert()
        .success()
        .stdout(predicate::str::contains("Dear Null,\n"))
        .stdout(predicate::str::contains("3.10 position at 0x1F"))
        .stdout(predicate::str::contains("\nTrue\n"));
}

#[test]
fn save_refuses_to_replace_a_file_before_asking_anything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("saved.yaml");
    std::fs::write(&saved, "keep me").expect("write");
    advisor()
        .args(["advise", "--save"])
        .arg(&saved)
        .write_stdin(LINES)
        .assert()
        .code(74)
        .stderr(predicate::str::contains(
            "already exists (use --force to replace it)",
        ))
        .stderr(predicate::str::contains("What is the main thing").not());
    assert_eq!(std::fs::read_to_string(&saved).expect("read"), "keep me");
    advisor()
        .args(["advise", "--force", "--save"])
        .arg(&saved)
        .write_stdin(LINES)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&saved)
            .expect("read")
            .contains("answers:")
    );
}

#[test]
fn a_failed_run_leaves_no_saved_or_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("saved.yaml");
    advisor()
        .args(["advise", "--save"])
        .arg(&saved)
        .write_stdin("6\n5\n")
        .assert()
        .code(65);
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn save_into_a_missing_folder_fails_before_the_first_question() {
    let dir = tempfile::tempdir().expect("temp dir");
    let save = dir.path().join("no-such-folder").join("answers.yaml");
    let assert = advisor()
        .args(["advise", "--save"])
        .arg(&save)
        .write_stdin(LINES)
        .assert()
        .code(74);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("no-such-folder"), "{stderr}");
    // Not one question was asked.
    assert!(!stderr.contains("What is the main thing"), "{stderr}");
}

#[test]
fn letter_out_into_a_missing_folder_fails_before_anything_is_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("missing").join("letter.txt");
    let answers = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/answers/valid.yaml"
    );
    advisor()
        .args(["letter", "--answers", answers, "--out"])
        .arg(&out)
        .assert()
        .code(74)
        .stdout("")
        .stderr(predicate::str::contains("missing"));
}

#[test]
fn resume_without_an_unfinished_questionnaire_says_so() {
    let state = tempfile::tempdir().expect("temp dir");
    advisor()
        .args(["advise", "--resume"])
        .env("XDG_STATE_HOME", state.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no questionnaire to resume",
        ));
}
