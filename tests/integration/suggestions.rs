//! "Did you mean" for a mistyped answer value, letter id, detail name or condition key.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use predicates::prelude::*;

const ANSWERS: &str = "tests/fixtures/answers/valid.yaml";

#[test]
fn a_mistyped_answer_value_is_matched_to_the_option_meant() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("typo.yaml");
    std::fs::write(&file, "answers:\n  reason: acepted_offer\n").expect("write");
    common::advisor()
        .args(["advise", "--no-input", "--answers"])
        .arg(&file)
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "`acepted_offer` is not a valid answer to `reason`",
        ))
        .stderr(predicate::str::contains("did you mean `accepted_offer`?"));
}

#[test]
fn a_mistyped_letter_kind_is_matched_to_the_letter_meant() {
    common::advisor()
        .args(["letter", "--answers", ANSWERS, "--kind", "decline_by_phon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown letter `decline_by_phon`; did you mean `decline_by_phone`?",
        ));
}

#[test]
fn a_mistyped_set_key_is_matched_to_the_detail_meant() {
    common::advisor()
        .args(["letter", "--answers", ANSWERS, "--set", "compny=Acme"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown detail `compny`; did you mean `company`?",
        ));
}

#[test]
fn a_mistyped_condition_key_in_a_rules_file_is_matched_to_the_question_meant() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("rules.yaml");
    let builtin = std::fs::read_to_string("rules/default.yaml").expect("built-in rules");
    let mistyped = builtin.replacen(
        "when: { stay_in_touch: true }",
        "when: { stay_in_tuch: true }",
        1,
    );
    assert_ne!(
        mistyped, builtin,
        "the rules file has the condition to mistype"
    );
    std::fs::write(&rules, mistyped).expect("write");
    common::advisor()
        .args(["rules", "validate"])
        .arg(&rules)
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "unknown question `stay_in_tuch` in condition; did you mean `stay_in_touch`?",
        ));
}

#[test]
fn a_letter_by_name_that_reads_no_answer_needs_no_answers_file() {
    common::advisor()
        .args([
            "letter",
            "--kind",
            "follow_up_after_declining",
            "--set",
            "interviewer_name=Dana Lee",
            "--set",
            "company=Acme",
            "--set",
            "position=Analyst",
            "--set",
            "your_name=Sam Park",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Subject: Thank you, and keeping in touch\n",
        ));
}

#[test]
fn a_letter_by_name_that_reads_answers_lists_them_when_it_cannot_ask() {
    common::advisor()
        .args(["letter", "--kind", "postpone_reschedule", "--no-input"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "the letter \u{201c}Ask to reschedule because you cannot attend, offering your \
             availability\u{201d} (postpone_reschedule) reads the answers to: \u{201c}main \
             reason for hesitating\u{201d} (reason), \u{201c}interest in the role\u{201d} \
             (interest), \u{201c}interview already confirmed\u{201d} (already_confirmed), \
             \u{201c}days until the interview\u{201d} (days_until_interview); give them with \
             --answers FILE",
        ));
}

#[test]
fn letter_without_answers_or_kind_is_a_usage_error() {
    common::advisor()
        .arg("letter")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--answers"));
}

#[test]
fn completions_offer_the_letter_ids_for_kind() {
    for shell in ["bash", "zsh", "fish"] {
        let assert = common::advisor()
            .args(["completions", shell])
            .assert()
            .success();
        let script = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        for id in [
            "decline_by_phone",
            "follow_up_after_declining",
            "proceed_confirm",
        ] {
            assert!(script.contains(id), "{shell} completion lacks {id}");
        }
    }
}
