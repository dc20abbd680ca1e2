//! `rules audit` through the real binary: the built-in rules pass and the report shows the
//! combination count; sure mistakes (an override that can never apply or never decides, a
//! question that never matters) fail with exit 65 and are named. Fixtures are in
//! `tests/fixtures/audit/`.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use crate::common;

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
    // 17 answers to reason and the questions asked after it (accepted_offer and
    // personal_change 4 each, with offer_signed or change_lasting and can_attend; the four
    // other reasons but a clash 2 each, with can_attend; a clash 1) × interest 5 ×
    // confirmed 2 × referred 2 × future_contact 3 × growth 5 × revisit 2 × goals 5 × other
    // options 3. How soon the interview is only shapes the letter.
    assert!(
        stdout.contains("153,000 combinations of answers to 12 questions"),
        "{stdout}"
    );
    for heading in [
        "Decline",
        "Another offer taken",
        "Confirm that you will attend",
        "Close calls",
        "days until the interview",
    ] {
        assert!(stdout.contains(heading), "no {heading} in\n{stdout}");
    }
    // Ids are for --verbose (and for findings, which point into the file).
    for id in [
        "proceed_confirm",
        "days_until_interview",
        "[keen_but_cannot_make_it]",
    ] {
        assert!(!stdout.contains(id), "{id} in\n{stdout}");
    }
    assert!(stdout.contains("Findings: 0 mistakes"), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn verbose_adds_the_ids_beside_the_titles_and_labels() {
    let (code, stdout, stderr) = run(&["--verbose", "rules", "audit"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    for shown in [
        "Keen, but the time is wrong [keen_but_cannot_make_it]",
        "Confirm that you will attend [proceed_confirm]",
        "days until the interview [days_until_interview]",
    ] {
        assert!(stdout.contains(shown), "no {shown} in\n{stdout}");
    }
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
        "error: tests/fixtures/audit/unreachable-override.yaml: the hard rule \
         \u{201c}reschedule the move\u{201d} (reschedule_the_move) can never apply: no \
         combination of answers meets its `when` (remember that a question is unanswered \
         where its own `when` does not hold)\n"
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
            "the hard rule \u{201c}when moving\u{201d} (when_moving) never decides: \
             whenever it holds, \u{201c}moving out\u{201d} (moving_out) holds too and comes \
             first"
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
        stderr.contains(
            "the question \u{201c}the weather\u{201d} (weather) never changes the \
             recommendation"
        ),
        "{stderr}"
    );
    assert!(
        stdout.contains("Questions that never change the recommendation: the weather."),
        "{stdout}"
    );
}

#[test]
fn every_outcome_is_recommended_somewhere_by_the_built_in_rules() {
    let rules = RuleSet::builtin().expect("the built-in rules are valid");
    let report = audit(&rules).expect("audited");
    assert_eq!(report.combinations, 153_000);
    assert_eq!(report.outcomes.iter().sum::<u128>(), report.combinations);
    for outcome in Outcome::ALL {
        assert!(
            report.outcomes[outcome.index()] > 0,
            "{outcome} never recommended"
        );
    }
}

/// The generator of large rule sets, shared with `cargo run --example gen_rules`.
#[path = "../../examples/gen_rules.rs"]
mod gen_rules;

/// Writes `text` as `rules.yaml` in a new temporary folder, returning both.
fn rules_file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("rules.yaml");
    std::fs::write(&path, text).expect("rules file written");
    let path = path.display().to_string();
    (dir, path)
}

/// A rule set of `count` scored yes/no questions, then `overrides` as written.
fn yes_no_rules(count: usize, overrides: &str) -> String {
    let mut text = String::from(
        "version: 1\nconsiderations:\n  - { id: main, title: Main, description: D, weight: 1 }\n\
         questions:\n",
    );
    for i in 0..count {
        let points = ["decline", "postpone", "proceed"][i % 3];
        text.push_str(&format!(
            "  - {{ id: q{i}, consideration: main, type: yes_no, label: L, prompt: P, help: H, \
             yes: {{ {points}: {} }}, no: {{}} }}\n",
            1 + i % 4
        ));
    }
    text.push_str(overrides);
    text
}

#[test]
fn the_json_report_has_every_contract_field_with_exact_counts() {
    let (code, stdout, stderr) = run(&["rules", "audit", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON object");
    assert_eq!(json["combinations"], 153_000);
    for field in ["outcomes", "by_points"] {
        let sum: u64 = Outcome::ALL
            .iter()
            .map(|o| {
                json[field][o.as_str()]
                    .as_u64()
                    .expect("a count per outcome")
            })
            .sum();
        assert_eq!(sum, 153_000, "{field}");
    }
    assert!(json["ties"].as_u64().is_some() && json["close_calls"].as_u64().is_some());
    let offer = &json["overrides"][1];
    assert_eq!(offer["id"], "offer_taken");
    // Wherever `offer_taken_interest_gone` holds, `offer_taken` holds too, and comes second.
    assert_eq!(
        offer["fires"].as_u64().expect("fires") - offer["decides"].as_u64().expect("decides"),
        json["overrides"][0]["decides"].as_u64().expect("decides")
    );
    assert!(offer["changes"].as_u64().is_some());
    let reason = &json["questions"][0];
    assert_eq!(
        (reason["id"].as_str(), reason["matters"].as_bool()),
        (Some("reason"), Some(true))
    );
    let letters = json["letters"].as_array().expect("letters");
    assert!(
        letters
            .iter()
            .any(|l| l["id"] == "proceed_confirm" && l["chosen"].as_u64() > Some(0))
    );
    let findings = json["findings"].as_array().expect("findings");
    assert!(
        findings.iter().all(|f| f["severity"] == "note"),
        "{findings:?}"
    );
}

#[test]
fn counts_beyond_64_bits_are_printed_exactly_in_text_and_json() {
    let text = gen_rules::rule_set_yaml(40);
    let rules = RuleSet::parse(&interview_advisor::source::Source::from_text(
        "big",
        text.clone(),
    ))
    .expect("the generated rule set is valid");
    // Worked out here another way: the only `when`s read `reason`, so for each reason the
    // combinations are the product of the answer steps of the questions it asks.
    let reason = rules.question_index("reason").expect("a reason question");
    let mut expected = 0u128;
    for code in rules.questions[reason].answer_steps() {
        let mut answers = vec![None; rules.questions.len()];
        answers[reason] = Some(code);
        let mut product = 1u128;
        for (index, question) in rules.questions.iter().enumerate() {
            if question.is_scored() && index != reason && rules.is_asked(index, &answers) {
                product *= question.answer_steps().len() as u128;
            }
        }
        expected += product;
    }
    assert!(expected > u128::from(u64::MAX), "{expected}");
    let (_dir, path) = rules_file(&text);
    let (code, stdout, stderr) = run(&["rules", "audit", &path, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("\"combinations\": {expected},")),
        "{stdout}"
    );
    let (_, stdout, _) = run(&["rules", "audit", &path]);
    let digits: String = stdout
        .lines()
        .nth(1)
        .and_then(|line| line.split(' ').next())
        .expect("the combinations line")
        .replace(',', "");
    assert_eq!(digits, expected.to_string());
}

#[test]
fn thirty_independent_questions_are_counted_not_walked() {
    let (_dir, path) = rules_file(&yes_no_rules(30, ""));
    let (code, stdout, stderr) = run(&["rules", "audit", &path]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("1,073,741,824 combinations of answers to 30 questions"),
        "{stdout}"
    );
}

#[test]
fn too_many_combinations_of_questions_that_conditions_read_are_refused_up_front() {
    let any: Vec<String> = (0..22).map(|i| format!("{{ q{i}: true }}")).collect();
    let overrides = format!(
        "overrides:\n  - {{ id: any_yes, when: {{ any: [{}] }}, outcome: proceed, because: B }}\n",
        any.join(", ")
    );
    let (_dir, path) = rules_file(&yes_no_rules(22, &overrides));
    let (code, stdout, stderr) = run(&["rules", "audit", &path]);
    assert_eq!(code, 65, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.starts_with(&format!(
            "error: {path}: the audit would visit up to 4,194,304 combinations of answers to \
             the 22 questions that overrides, `when` conditions and letters read (q0, q1,"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("more than its limit of 2,000,000; read fewer questions"),
        "{stderr}"
    );
}

#[test]
fn repeated_findings_are_summarised_after_the_first_few() {
    // Twenty overrides on the same condition: the first decides, the nineteen others never
    // do, and each decline clashes with each proceed (100 pairs).
    let mut overrides = String::from("overrides:\n");
    for i in 0..20 {
        let outcome = if i % 2 == 0 { "decline" } else { "proceed" };
        overrides.push_str(&format!(
            "  - {{ id: r{i}, when: {{ q0: true }}, outcome: {outcome}, because: B }}\n"
        ));
    }
    let (_dir, path) = rules_file(&yes_no_rules(3, &overrides));
    let (code, stdout, stderr) = run(&["rules", "audit", &path]);
    assert_eq!(code, 65, "{stdout}{stderr}");
    // Nineteen overrides that never decide, and `q1`, which never matters (whenever `q0` is
    // no, `q2` alone decides).
    assert!(
        stdout.contains("Findings: 20 mistakes, 100 to look at."),
        "{stdout}"
    );
    assert!(
        stdout.contains("  error: ... and 14 more hard rules that never decide\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  note:  ... and 95 more pairs of hard rules with different outcomes that hold \
             together\n"
        ),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!(
            "error: {path}: ... and 14 more hard rules that never decide\n"
        )),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 8, "{stderr}");
    let (_, json, _) = run(&["rules", "audit", &path, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("one JSON object");
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 13);
    assert_eq!(findings[6]["severity"], "mistake");
    assert_eq!(findings[7]["severity"], "note");
}
