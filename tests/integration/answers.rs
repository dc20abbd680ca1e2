//! Answers files through the real binary: `advise --answers FILE` (YAML, JSON or standard
//! input), the errors a user gets for a bad file, the report formats, and `compare`.
//! Fixtures are in `tests/fixtures/answers/`. Scores are not asserted here: the rule set's
//! points may change, and its own test cases (`rules test`) pin the outcomes.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use std::path::Path;

use crate::common;

use common::{advisor, run};
use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/answers";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture(name)))
        .expect("the fixture exists")
}

/// `advise --no-input --answers FIXTURE` with extra arguments.
fn advise(name: &str, extra: &[&str]) -> (i32, String, String) {
    let path = fixture(name);
    run(advisor()
        .args(["advise", "--no-input", "--answers", &path])
        .args(extra))
}

/// Checks a run failed with exit code 65, nothing on stdout, and exactly these error lines
/// (each placed one followed by its excerpt).
fn assert_invalid((code, stdout, stderr): (i32, String, String), lines: &[String]) {
    let mut expected: String = lines.iter().map(|l| format!("error: {l}\n")).collect();
    if lines.len() > 1 {
        expected.push_str(&format!("error: {} problems found\n", lines.len()));
    }
    assert_eq!(common::error_lines(&stderr), expected);
    assert_eq!(stdout, "");
    assert_eq!(code, 65);
}

/// The text of a fixture from `line` and `column` (1-based) to the end of that line.
fn text_at(name: &str, line: usize, column: usize) -> String {
    let text = read_fixture(name);
    let line = text.lines().nth(line - 1).unwrap_or_default();
    line.chars().skip(column - 1).collect()
}

// ----- Errors in an answers file -----

#[test]
fn unknown_question_id_names_the_closest_known_id() {
    let path = fixture("unknown-question.yaml");
    assert_invalid(
        advise("unknown-question.yaml", &[]),
        &[format!(
            "{path}:4:3: unknown question `intrest`; did you mean `interest`?"
        )],
    );
    assert_eq!(text_at("unknown-question.yaml", 4, 3), "intrest: 4");
}

#[test]
fn unknown_question_id_in_a_json_file_is_placed_too() {
    let path = fixture("unknown-question.json");
    assert_invalid(
        advise("unknown-question.json", &[]),
        &[format!(
            "{path}:4:5: unknown question `intrest`; did you mean `interest`?"
        )],
    );
    assert_eq!(text_at("unknown-question.json", 4, 5), "\"intrest\": 4");
}

#[test]
fn a_question_answered_twice_is_placed_at_the_second_answer() {
    let path = fixture("duplicate-answer.yaml");
    assert_invalid(
        advise("duplicate-answer.yaml", &[]),
        &[format!(
            "{path}:5:3: answers: duplicate key `interest`; a key may appear only once in a map"
        )],
    );
    assert_eq!(text_at("duplicate-answer.yaml", 5, 3), "interest: 2");
}

#[test]
fn an_invalid_choice_lists_the_allowed_values() {
    let path = fixture("invalid-choice.yaml");
    assert_invalid(
        advise("invalid-choice.yaml", &[]),
        &[format!(
            "{path}:3:11: `bored` is not a valid answer to `reason`; expected one of \
             accepted_offer, counter_offer, values_mismatch, personal_change, lost_interest, \
             schedule_conflict, unsure"
        )],
    );
    assert_eq!(text_at("invalid-choice.yaml", 3, 3), "reason: bored");
}

#[test]
fn out_of_range_scale_and_number_answers_name_the_range() {
    let path = fixture("out-of-range.yaml");
    assert_invalid(
        advise("out-of-range.yaml", &[]),
        &[
            format!(
                "{path}:4:13: `7` is not a valid answer to `interest`; \
                 expected a whole number from 1 to 5"
            ),
            format!(
                "{path}:8:25: `400` is not a valid answer to `days_until_interview`; \
                 expected a whole number from 0 to 365"
            ),
        ],
    );
    assert_eq!(text_at("out-of-range.yaml", 4, 3), "interest: 7");
    assert_eq!(
        text_at("out-of-range.yaml", 8, 3),
        "days_until_interview: 400"
    );
}

#[test]
fn a_yes_no_answer_that_is_neither_says_what_is_accepted() {
    let path = fixture("invalid-yes-no.yaml");
    assert_invalid(
        advise("invalid-yes-no.yaml", &[]),
        &[format!(
            "{path}:5:22: `maybe` is not a valid answer to `already_confirmed`; \
             expected yes or no (true/false)"
        )],
    );
}

#[test]
fn yes_no_accepts_the_words_yes_and_no() {
    let (code, stdout, stderr) = advise("yes-no-words.yaml", &["--format", "json"]);
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).expect("the output is JSON");
    assert!(report["recommendation"].is_string(), "{report}");
}

#[test]
fn yes_no_accepts_true_and_false() {
    let (code, _, stderr) = advise("valid.yaml", &[]);
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
}

#[test]
fn missing_answers_list_every_missing_question() {
    let path = fixture("missing-answers.yaml");
    assert_invalid(
        advise("missing-answers.yaml", &[]),
        &[format!(
            "{path}: missing 8 answers: already_confirmed, referred, future_contact, \
             days_until_interview, company_growth, revisit_later, goal_alignment, \
             other_options; add them under `answers:`"
        )],
    );
}

#[test]
fn an_answer_to_a_question_not_asked_is_ignored_with_a_warning() {
    let path = fixture("unasked-answer.yaml");
    let (code, stdout, stderr) = advise("unasked-answer.yaml", &["--format", "json"]);
    assert_eq!(
        stderr,
        format!(
            "warning: {path}: the answer to `job_alerts` is ignored: \
             that question is not asked with these answers\n"
        )
    );
    assert_eq!(code, 0);
    serde_json::from_str::<Value>(&stdout).expect("the report is still printed");
}

#[test]
fn a_missing_answers_file_exits_74_naming_it() {
    let (code, stdout, stderr) =
        run(advisor().args(["advise", "--no-input", "--answers", "no/such/answers.yaml"]));
    assert_eq!(
        stderr,
        "error: no/such/answers.yaml: cannot read: no such file or folder\n"
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 74);
}

// ----- Where answers come from -----

#[test]
fn a_json_answers_file_works() {
    let (code, stdout, stderr) = advise("valid.json", &["--format", "json"]);
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).expect("the output is JSON");
    assert!(report["recommendation"].is_string(), "{report}");
}

#[test]
fn answers_dash_reads_standard_input() {
    let (code, stdout, stderr) = run(advisor()
        .args(["advise", "--answers", "-", "--format", "json"])
        .write_stdin(read_fixture("valid.json")));
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).expect("the output is JSON");
    assert!(report["recommendation"].is_string(), "{report}");
}

#[test]
fn errors_in_standard_input_are_placed_in_stdin() {
    let (code, stdout, stderr) = run(advisor()
        .args(["advise", "--answers", "-"])
        .write_stdin(read_fixture("unknown-question.yaml")));
    assert_eq!(
        stderr,
        "error: <stdin>:4:3: unknown question `intrest`; did you mean `interest`?\n \
         4 |   intrest: 4\n   \
           |   ^\n"
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 65);
}

#[test]
fn the_same_answers_give_the_same_report_from_a_file_and_from_standard_input() {
    let (_, from_file, _) = advise("valid.yaml", &["--format", "json"]);
    let (_, from_stdin, _) = run(advisor()
        .args(["advise", "--answers", "-", "--format", "json"])
        .write_stdin(read_fixture("valid.yaml")));
    assert_eq!(from_file, from_stdin);
}

// ----- Report formats -----

#[test]
fn json_output_has_every_documented_field() {
    let (code, stdout, stderr) = advise("valid.yaml", &["--format", "json"]);
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).expect("the output is JSON");
    let outcomes = ["decline", "postpone", "proceed"];

    let recommendation = report["recommendation"].as_str().expect("recommendation");
    assert!(outcomes.contains(&recommendation), "{recommendation}");
    for outcome in outcomes {
        assert!(report["scores"][outcome].is_number(), "scores.{outcome}");
    }
    assert!(report["margin"].is_number(), "margin");

    let considerations = report["considerations"]
        .as_array()
        .expect("considerations is a list");
    let ids: Vec<&str> = considerations
        .iter()
        .map(|c| c["id"].as_str().expect("a consideration has an id"))
        .collect();
    assert_eq!(ids, ["motivation", "reputation", "growth", "goals"]);
    for consideration in considerations {
        for outcome in outcomes {
            assert!(
                consideration["scores"][outcome].is_number(),
                "considerations[].scores.{outcome}"
            );
        }
    }

    for fired in report["overrides"].as_array().expect("overrides is a list") {
        assert!(fired["id"].is_string(), "overrides[].id");
        let outcome = fired["outcome"].as_str().expect("overrides[].outcome");
        assert!(outcomes.contains(&outcome), "{outcome}");
        assert!(fired["because"].is_string(), "overrides[].because");
    }

    let reasons = report["reasons"].as_array().expect("reasons is a list");
    assert!(!reasons.is_empty(), "there is at least one reason");
    assert!(
        reasons.iter().all(Value::is_string),
        "reasons are sentences"
    );

    for item in report["what_if"].as_array().expect("what_if is a list") {
        assert!(item["question"].is_string(), "what_if[].question");
        assert!(!item["to"].is_null(), "what_if[].to");
        let outcome = item["recommendation"]
            .as_str()
            .expect("what_if[].recommendation");
        assert!(outcomes.contains(&outcome), "{outcome}");
    }
}

#[test]
fn markdown_output_is_a_markdown_table() {
    let (code, stdout, stderr) = advise("valid.yaml", &["--format", "markdown"]);
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("| Consideration |"))
        .unwrap_or_else(|| panic!("a table header in:\n{stdout}"));
    assert!(
        lines[header + 1].starts_with("|---|"),
        "a separator row follows the header: {}",
        lines[header + 1]
    );
    for title in ["Motivation", "Reputation", "Growth", "Goals"] {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("| {title} |"))),
            "a row for {title} in:\n{stdout}"
        );
    }
    // Every row of the table has the same number of cells as the header.
    let cells = |line: &str| line.matches('|').count();
    for line in lines[header..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .skip(1)
    {
        assert_eq!(cells(line), cells(lines[header]), "{line}");
    }
}

// ----- compare -----

#[test]
fn compare_prints_one_row_per_file_labelled_company_and_position() {
    let (code, stdout, stderr) = run(advisor().args([
        "compare",
        &fixture("compare-acme.yaml"),
        &fixture("valid.json"),
        &fixture("yes-no-words.yaml"),
    ]));
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
    for label in [
        "Acme Analytics \u{2013} Data Analyst",
        "Initech \u{2013} Support Engineer",
        "Globex \u{2013} Analyst",
    ] {
        let rows = stdout.lines().filter(|l| l.contains(label)).count();
        assert_eq!(rows, 1, "one row for {label} in:\n{stdout}");
    }
    let rows = stdout.lines().filter(|l| l.contains('\u{2013}')).count();
    assert_eq!(rows, 3, "one row per file in:\n{stdout}");
}

#[test]
fn compare_with_a_bad_file_exits_65_naming_it() {
    let path = fixture("invalid-choice.yaml");
    let (code, stdout, stderr) = run(advisor().args(["compare", &fixture("valid.yaml"), &path]));
    assert_eq!(
        common::error_lines(&stderr),
        format!(
            "error: {path}:3:11: `bored` is not a valid answer to `reason`; expected one of \
             accepted_offer, counter_offer, values_mismatch, personal_change, lost_interest, \
             schedule_conflict, unsure\n"
        )
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 65);
}

#[test]
fn compare_reports_the_problems_of_every_bad_file_together() {
    let unknown = fixture("unknown-question.yaml");
    let range = fixture("out-of-range.yaml");
    let (code, stdout, stderr) =
        run(advisor().args(["compare", &unknown, &fixture("valid.yaml"), &range]));
    assert_eq!(
        common::error_lines(&stderr),
        format!(
            "error: {unknown}:4:3: unknown question `intrest`; did you mean `interest`?\n\
             error: {range}:4:13: `7` is not a valid answer to `interest`; \
             expected a whole number from 1 to 5\n\
             error: {range}:8:25: `400` is not a valid answer to `days_until_interview`; \
             expected a whole number from 0 to 365\n\
             error: 3 problems found\n"
        )
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 65);
}

#[test]
fn compare_with_a_missing_file_exits_74_naming_it() {
    let (code, _, stderr) =
        run(advisor().args(["compare", &fixture("valid.yaml"), "no/such/answers.yaml"]));
    assert_eq!(
        stderr,
        "error: no/such/answers.yaml: cannot read: no such file or folder\n"
    );
    assert_eq!(code, 74);
}

#[test]
fn compare_without_files_is_a_usage_error() {
    let (code, _, stderr) = run(advisor().arg("compare"));
    assert!(
        stderr.starts_with("error: the following required arguments were not provided"),
        "{stderr}"
    );
    assert_eq!(code, 2);
}

#[test]
fn an_answer_asked_because_of_an_earlier_default_is_kept() {
    // `job_alerts` is asked when `stay_in_touch` is yes, which is its default.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("answers.yaml");
    std::fs::write(
        &file,
        "answers:\n  reason: unsure\n  interest: 3\n  already_confirmed: false\n  referred: false\n  \
         future_contact: low\n  days_until_interview: 5\n  company_growth: 3\n  revisit_later: true\n  \
         goal_alignment: 3\n  other_options: some\n  job_alerts: true\n",
    )
    .expect("write");
    let (code, _, stderr) = run(advisor()
        .args(["advise", "--no-input", "--answers"])
        .arg(&file));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn a_json_answers_file_gives_the_report_of_its_yaml_form() {
    let json = read_fixture("valid.json");
    let value: serde_yaml::Value = serde_json::from_str(&json).expect("the fixture is JSON");
    let yaml = serde_yaml::to_string(&value).expect("it can be written as YAML");
    assert!(
        !yaml.trim_start().starts_with('{'),
        "the YAML form is not JSON"
    );
    let from_stdin = |text: &str| {
        run(advisor()
            .args(["advise", "--answers", "-", "--format", "json"])
            .write_stdin(text.to_string()))
    };
    let (code, from_json, stderr) = from_stdin(&json);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let (code, from_yaml, stderr) = from_stdin(&yaml);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(from_json, from_yaml);
}

#[test]
fn a_key_repeated_in_a_json_answers_file_is_refused_at_the_repeat() {
    let cases = [
        (
            r#"{"answers": {"interest": 4, "interest": 5}}"#,
            "<stdin>:1:29: answers: duplicate key `interest`; a key may appear only once in a map",
        ),
        (
            r#"{"answers": {"interest": 4}, "details": {"company": "A", "company": "B"}}"#,
            "<stdin>:1:58: details: duplicate key `company`; a key may appear only once in a map",
        ),
        (
            r#"{"answers": {"interest": 4}, "answers": {}}"#,
            "<stdin>:1:30: duplicate key `answers`; a key may appear only once in a map",
        ),
    ];
    for (text, error) in cases {
        assert_invalid(
            run(advisor()
                .args(["advise", "--no-input", "--answers", "-"])
                .write_stdin(text)),
            &[error.to_string()],
        );
    }
}

#[test]
fn the_advice_says_to_tell_the_person_who_referred_you_and_only_then() {
    let referred = advisor()
        .args([
            "advise",
            "--no-input",
            "--answers",
            "rules/cases/lost-interest-but-referred.yaml",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&referred.stdout);
    assert!(
        text.ends_with(
            "\nBefore you reply:\n  - Someone referred you: tell them what you decided, in your \
             own words, before the company does.\n"
        ),
        "{text}"
    );
    let not_referred = advisor()
        .args([
            "advise",
            "--no-input",
            "--answers",
            "rules/cases/accepted-offer-no-interest.yaml",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&not_referred.stdout);
    assert!(!text.contains("Before you reply"), "{text}");
}
