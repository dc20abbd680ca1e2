//! `compare` in its three formats, with the hard rule that decided; people read names,
//! and ids stay in JSON and `--verbose`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

const ANSWERS: &str = "tests/fixtures/answers/valid.yaml";
const OTHER: &str = "rules/cases/accepted-offer-no-interest.yaml";

fn stdout(args: &[&str]) -> String {
    let assert = common::advisor().args(args).assert().success();
    String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8")
}

#[test]
fn compare_json_lists_each_invitation_with_the_rule_that_decided() {
    let text = stdout(&["compare", "--format", "json", ANSWERS, OTHER]);
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let items = value["invitations"].as_array().expect("a list");
    assert_eq!(items.len(), 2);
    // Sorted by how strongly going leads: the keen candidate first.
    assert_eq!(items[0]["file"], ANSWERS);
    assert_eq!(items[0]["recommendation"], "postpone");
    assert_eq!(items[0]["decided_by"], "keen_but_cannot_make_it");
    assert_eq!(items[1]["recommendation"], "decline");
    assert_eq!(items[1]["decided_by"], "offer_taken_interest_gone");
    assert_eq!(
        items[1]["label"],
        "Northwind Logistics \u{2013} Operations Analyst"
    );
    assert!(items[0]["scores"]["postpone"].is_number());
}

#[test]
fn compare_markdown_is_a_table_with_a_decided_by_column() {
    let text = stdout(&["compare", "--format", "markdown", ANSWERS, OTHER]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "| Invitation | Decline | Postpone | Proceed | Advice | Confidence | Decided by | Holds while |"
    );
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[3].contains("| Decline | clear | another offer taken, little interest left |"),
        "{text}"
    );
}

#[test]
fn the_compare_table_names_the_deciding_rule_in_words() {
    let text = stdout(&["compare", ANSWERS, OTHER]);
    assert!(text.contains("Decided by"), "{text}");
    assert!(text.contains("keen, but the time is wrong"), "{text}");
    assert!(!text.contains("keen_but_cannot_make_it"), "{text}");
}

#[test]
fn the_report_names_hard_rules_in_words_and_verbose_adds_the_id() {
    let args = ["advise", "--answers", ANSWERS, "--no-input"];
    let text = stdout(&args);
    let confidence = text
        .lines()
        .find(|l| l.starts_with("Confidence:"))
        .expect("a confidence line");
    assert_eq!(
        confidence,
        "Confidence: clear (a hard rule decides: keen, but the time is wrong)."
    );
    assert!(
        text.contains("  - Keen, but the time is wrong \u{2192} postpone (decides)"),
        "{text}"
    );
    let verbose = stdout(&["--verbose", "advise", "--answers", ANSWERS, "--no-input"]);
    assert!(
        verbose.contains("keen, but the time is wrong [keen_but_cannot_make_it]"),
        "{verbose}"
    );
}
