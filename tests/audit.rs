//! `rules audit` through the real binary: the built-in rules pass and the report shows the
//! combination count; sure mistakes (an override that can never apply or never decides, a
//! question that never matters) fail with exit 65 and are named. Fixtures are in
//! `tests/fixtures/audit/`.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

mod common;

use common::advisor;
use interview_advisor::engine::audit::audit;
use interview_advisor::rules::{Outcome, RuleSet};

fn run(args: &[&str]) -> (i32, String, String) {
    common::run(advisor().args(args))
}

#[test]
fn the_built_in_rules_pass_the_audit_and_the_report_counts_every_combination() {
    let (code, stdout, stderr) = run(&["rules", "audit"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // reason 7 × interest 5 × confirmed 2 × referred 2 × future_contact 3 × days 3 bands ×
    // growth 5 × revisit 2 × goals 5 × other options 3.
    assert!(
        stdout.contains("189,000 combinations of answers to 10 questions"),
        "{stdout}"
    );
    for heading in ["decline", "offer_taken", "proceed_confirm", "Close calls"] {
        assert!(stdout.contains(heading), "no {heading} in\n{stdout}");
    }
    assert!(stdout.contains("Findings: 0 mistakes"), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn an_override_that_no_answers_can_meet_fails_the_audit_by_name() {
    let (code, stdout, stderr) = run(&[
        "rules",
        "audit",
        "tests/fixtures/audit/unreachable-override.yaml",
    ]);
    assert_eq!(code, 65, "{stdout}{stderr}");
    assert_eq!(
        stderr,
        "error: tests/fixtures/audit/unreachable-override.yaml: override \
         `reschedule_the_move` can never apply: no combination of answers meets its `when` \
         (remember that a question is unanswered where its own `when` does not hold)\n"
    );
    assert!(stdout.contains("Findings: 1 mistake"), "{stdout}");
}

#[test]
fn an_override_always_preceded_by_another_is_named_with_the_one_that_decides() {
    let (code, _, stderr) = run(&[
        "rules",
        "audit",
        "tests/fixtures/audit/shadowed-override.yaml",
    ]);
    assert_eq!(code, 65);
    assert!(
        stderr.contains(
            "override `when_moving` never decides: whenever it holds, `moving_out` holds \
             too and comes first"
        ),
        "{stderr}"
    );
}

#[test]
fn a_question_whose_answer_never_changes_the_outcome_is_reported() {
    let (code, stdout, stderr) =
        run(&["rules", "audit", "tests/fixtures/audit/idle-question.yaml"]);
    assert_eq!(code, 65);
    assert!(
        stderr.contains("question `weather` never changes the recommendation"),
        "{stderr}"
    );
    assert!(
        stdout.contains("Questions that never change the recommendation: weather."),
        "{stdout}"
    );
}

#[test]
fn the_audit_counts_the_same_on_one_thread_as_on_several() {
    let rules = RuleSet::builtin().expect("the built-in rules are valid");
    let one = audit(&rules, 1);
    let four = audit(&rules, 4);
    assert_eq!(one, four);
    assert_eq!(one.combinations, 189_000);
    assert_eq!(one.outcomes.iter().sum::<u64>(), one.combinations);
    // Every outcome is recommended somewhere, and every reply letter chosen.
    for outcome in Outcome::ALL {
        assert!(
            one.outcomes[outcome.index()] > 0,
            "{outcome} never recommended"
        );
    }
}
