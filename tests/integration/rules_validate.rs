//! `interview-advisor rules validate`: every kind of problem a rule set can have, each
//! with a small bad rules file under `tests/fixtures/rules/`, run through the real binary.
//! The messages and their `FILE:LINE:COLUMN` places are asserted exactly: they are what a user
//! sees, and the line must point at the node that is wrong.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use std::path::Path;

use crate::common;

use common::{advisor, run};

const FIXTURES: &str = "tests/fixtures/rules";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// Runs `rules validate` on a fixture and checks it fails with exit code 65 and exactly
/// these problems (each `LINE:COLUMN: message`, or `: message` for a whole-file problem).
fn assert_problems(name: &str, problems: &[&str]) {
    let path = fixture(name);
    let (code, stdout, stderr) = run(advisor().args(["rules", "validate", &path]));
    let mut expected: String = problems
        .iter()
        .map(|problem| {
            if problem.starts_with(':') {
                format!("error: {path}{problem}\n")
            } else {
                format!("error: {path}:{problem}\n")
            }
        })
        .collect();
    if problems.len() > 1 {
        expected.push_str(&format!("error: {} problems found\n", problems.len()));
    }
    assert_eq!(
        common::error_lines(&stderr),
        expected,
        "stderr of `rules validate {path}`"
    );
    assert_eq!(stdout, "", "stdout of `rules validate {path}`");
    assert_eq!(code, 65, "exit code of `rules validate {path}`");
}

/// The text of a fixture from `line` and `column` (both 1-based) to the end of that line: what
/// a reported place points at, to show it is the node that is wrong.
fn text_at(name: &str, line: usize, column: usize) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture(name)))
        .expect("the fixture exists");
    let line = text.lines().nth(line - 1).unwrap_or_default();
    line.chars().skip(column - 1).collect()
}

// ----- The rule sets that must validate -----

/// How many overrides `rules/default.yaml` holds (they are being tuned, so not hard-coded).
fn default_override_count() -> usize {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default.yaml"))
            .expect("rules/default.yaml exists");
    let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("rules/default.yaml parses");
    value
        .get("overrides")
        .and_then(serde_yaml::Value::as_sequence)
        .map_or(0, Vec::len)
}

#[test]
fn the_built_in_rule_set_validates() {
    let (code, stdout, stderr) = run(advisor().args(["rules", "validate"]));
    assert_eq!(
        stdout,
        format!(
            "ok: <built-in rules>: 4 considerations, 16 questions, {} overrides\n",
            default_override_count()
        )
    );
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
}

#[test]
fn the_default_rules_file_validates() {
    let (code, stdout, stderr) = run(advisor().args(["rules", "validate", "rules/default.yaml"]));
    assert_eq!(
        stdout,
        format!(
            "ok: rules/default.yaml: 4 considerations, 16 questions, {} overrides\n",
            default_override_count()
        )
    );
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
}

// ----- YAML syntax and type errors: FILE:LINE:COLUMN: message -----

#[test]
fn a_syntax_error_is_placed_where_yaml_stops_reading() {
    assert_problems(
        "syntax-error.yaml",
        &["4:22: a `: ` inside a value starts a new key here; put the value in quotes"],
    );
    assert_eq!(text_at("syntax-error.yaml", 4, 22), ": why you hesitate");
}

#[test]
fn an_unclosed_quote_names_the_line_where_it_opened() {
    assert_problems(
        "syntax-error-unclosed-quote.yaml",
        &[
            "12:13: the quoted text that starts here has no closing quote (or its next line \
             is not indented); close the quote",
        ],
    );
    assert_eq!(
        text_at("syntax-error-unclosed-quote.yaml", 12, 13),
        "\"Are you interested?"
    );
}

#[test]
fn a_value_of_the_wrong_type_says_what_was_expected() {
    assert_problems(
        "wrong-type.yaml",
        &["6:13: considerations[0].weight: invalid type: string \"heavy\", expected a number"],
    );
    assert_eq!(text_at("wrong-type.yaml", 6, 13), "heavy");
}

#[test]
fn a_misspelt_field_is_an_error_not_ignored() {
    assert_problems(
        "unknown-field-wieght.yaml",
        &["6:5: considerations[0]: unknown field `wieght`, \
           expected one of `id`, `title`, `description`, `weight`"],
    );
    assert_eq!(text_at("unknown-field-wieght.yaml", 6, 5), "wieght: 1");
}

#[test]
fn a_key_repeated_in_a_points_map_is_an_error_not_the_last_one_wins() {
    assert_problems(
        "duplicate-points-key.yaml",
        &["14:24: questions[0].yes: duplicate key `proceed`; a key may appear only once in a map"],
    );
    assert_eq!(text_at("duplicate-points-key.yaml", 14, 24), "proceed: 5 }");
}

// ----- Empty files and rule sets -----

#[test]
fn an_empty_file_is_refused() {
    assert_problems("empty.yaml", &[": the file is empty"]);
}

#[test]
fn an_empty_rule_set_is_refused() {
    assert_problems(
        "empty-rule-set.yaml",
        &[": the rule set is empty: it needs at least one consideration and one question"],
    );
}

#[test]
fn a_rule_set_without_considerations_is_refused() {
    assert_problems(
        "no-considerations.yaml",
        &[
            "2:1: the rule set has no considerations, so no answer can score; add at least one \
           under `considerations:` and give questions a `consideration:`",
        ],
    );
}

// ----- Duplicate ids -----

#[test]
fn a_duplicate_consideration_id_points_at_the_second() {
    assert_problems(
        "duplicate-consideration-id.yaml",
        &["7:5: duplicate consideration id `motivation`"],
    );
    assert_eq!(
        text_at("duplicate-consideration-id.yaml", 7, 5),
        "id: motivation"
    );
}

#[test]
fn a_duplicate_question_id_points_at_the_second() {
    assert_problems(
        "duplicate-question-id.yaml",
        &["15:5: duplicate question id `interest`"],
    );
    assert_eq!(text_at("duplicate-question-id.yaml", 15, 5), "id: interest");
}

#[test]
fn a_duplicate_option_value_points_at_the_second() {
    assert_problems(
        "duplicate-option-value.yaml",
        &["21:9: question `reason`: duplicate option value `unsure`"],
    );
    assert_eq!(
        text_at("duplicate-option-value.yaml", 21, 9),
        "value: unsure"
    );
}

#[test]
fn a_duplicate_override_id_points_at_the_second() {
    assert_problems(
        "duplicate-override-id.yaml",
        &["20:5: duplicate override id `keen`"],
    );
    assert_eq!(text_at("duplicate-override-id.yaml", 20, 5), "id: keen");
}

// ----- References -----

#[test]
fn an_unknown_consideration_names_the_known_ones() {
    assert_problems(
        "unknown-consideration.yaml",
        &["16:5: question `keen`: unknown consideration `motivaton`; \
           known considerations: motivation"],
    );
    assert_eq!(
        text_at("unknown-consideration.yaml", 16, 5),
        "consideration: motivaton"
    );
}

#[test]
fn an_override_with_an_unknown_outcome_names_the_outcomes() {
    assert_problems(
        "override-unknown-outcome.yaml",
        &["18:5: override `keen`: unknown outcome `reschedule`; \
           the outcomes are decline, postpone, proceed"],
    );
    assert_eq!(
        text_at("override-unknown-outcome.yaml", 18, 5),
        "outcome: reschedule"
    );
}

#[test]
fn an_override_testing_an_unknown_value_names_the_allowed_values() {
    assert_problems(
        "override-unknown-value.yaml",
        &[
            "23:13: override `taken`: `new_job` is not a valid answer to `reason`; \
           expected one of accepted_offer, unsure",
        ],
    );
    assert_eq!(
        text_at("override-unknown-value.yaml", 23, 13),
        "reason: new_job }"
    );
}

#[test]
fn an_override_testing_a_mistyped_question_names_the_one_meant() {
    assert_problems(
        "override-unknown-question.yaml",
        &[
            "17:13: override `keen`: unknown question `intrest` in condition; \
           did you mean `interest`?",
        ],
    );
    assert_eq!(
        text_at("override-unknown-question.yaml", 17, 13),
        "intrest: true }"
    );
}

#[test]
fn a_when_testing_an_unknown_value_names_the_allowed_values() {
    assert_problems(
        "when-unknown-value.yaml",
        &[
            "27:13: question `keen`: `bored` is not a valid answer to `reason`; \
           expected one of lost_interest, unsure",
        ],
    );
    assert_eq!(
        text_at("when-unknown-value.yaml", 27, 13),
        "reason: [unsure, bored] }"
    );
}

#[test]
fn a_when_testing_an_unknown_question_names_the_known_ids() {
    assert_problems(
        "when-unknown-question.yaml",
        &[
            "21:13: question `keen`: unknown question `mood` in condition; \
           known questions: interest",
        ],
    );
    assert_eq!(
        text_at("when-unknown-question.yaml", 21, 13),
        "mood: good }"
    );
}

// ----- Conditions -----

#[test]
fn a_condition_that_does_not_parse_shows_the_form_to_use() {
    assert_problems(
        "condition-does-not-parse.yaml",
        &["17:5: override `keen`: a condition must be a map such as \
           `{ reason: accepted_offer }`, with `any`, `all` or `not` to combine"],
    );
    assert_eq!(
        text_at("condition-does-not-parse.yaml", 17, 5),
        "when: interest is true"
    );
}

#[test]
fn a_when_that_depends_on_a_later_question_is_refused() {
    assert_problems(
        "when-depends-on-later-question.yaml",
        &[
            "14:13: question `interest`: its `when` depends on `referred`, which is asked later; \
           a condition may only read earlier questions",
        ],
    );
    assert_eq!(
        text_at("when-depends-on-later-question.yaml", 14, 13),
        "referred: true }"
    );
}

#[test]
fn a_when_that_depends_on_its_own_question_is_refused() {
    assert_problems(
        "when-depends-on-itself.yaml",
        &["14:13: question `interest`: its `when` depends on itself"],
    );
    assert_eq!(
        text_at("when-depends-on-itself.yaml", 14, 13),
        "interest: true }"
    );
}

// ----- Questions and points -----

#[test]
fn a_scale_whose_minimum_is_not_below_its_maximum_is_reported_once() {
    assert_problems(
        "scale-min-not-below-max.yaml",
        &["15:5: question `interest`: the scale's min (5) must be below its max (1)"],
    );
    assert_eq!(text_at("scale-min-not-below-max.yaml", 15, 5), "min: 5");
}

#[test]
fn points_that_are_not_finite_numbers_are_refused() {
    assert_problems(
        "points-not-finite.yaml",
        &[
            "14:12: question `interest`: points must be finite numbers between -1000000 and \
             1000000, found NaN",
            "15:11: question `interest`: points must be finite numbers between -1000000 and \
             1000000, found inf",
        ],
    );
    assert_eq!(text_at("points-not-finite.yaml", 14, 12), "proceed: .nan }");
    assert_eq!(text_at("points-not-finite.yaml", 15, 11), "decline: .inf }");
}

#[test]
fn a_choice_question_without_options_is_refused() {
    assert_problems(
        "choice-without-options.yaml",
        &["14:5: question `reason`: a choice question needs at least one option"],
    );
    assert_eq!(text_at("choice-without-options.yaml", 14, 5), "options: []");
}

#[test]
fn a_consideration_without_a_question_is_refused() {
    assert_problems(
        "consideration-without-question.yaml",
        &[
            "7:5: consideration `growth` has no question; add a question with \
           `consideration: growth` or remove it",
        ],
    );
    assert_eq!(
        text_at("consideration-without-question.yaml", 7, 5),
        "id: growth"
    );
}

// ----- Every problem in one run -----

#[test]
fn many_problems_are_all_reported_in_one_run_in_file_order() {
    assert_problems(
        "many-problems.yaml",
        &[
            "7:5: consideration `growth` has no question; add a question with \
             `consideration: growth` or remove it",
            "18:5: question `interest`: the scale's min (5) must be below its max (1)",
            "22:5: duplicate question id `interest`",
            "28:13: question `interest`: its `when` depends on `referred`, which is asked later; \
             a condition may only read earlier questions",
            "29:12: question `interest`: points must be finite numbers between -1000000 and \
             1000000, found NaN",
            "31:5: question `referred`: unknown consideration `goals`; \
             known considerations: growth, motivation",
            "43:5: question `reason`: a choice question needs at least one option",
            "46:13: override `keen`: `maybe` is not a valid answer to `referred`; \
             expected yes or no (true/false)",
            "47:5: override `keen`: unknown outcome `go`; \
             the outcomes are decline, postpone, proceed",
            "49:5: duplicate override id `keen`",
            "50:13: override `keen`: unknown question `reson` in condition; \
             did you mean `reason`?",
        ],
    );
}

// ----- Files that cannot be read -----

#[test]
fn a_missing_file_exits_74_naming_the_path() {
    let (code, stdout, stderr) = run(advisor().args(["rules", "validate", "no/such/rules.yaml"]));
    assert_eq!(
        stderr,
        "error: no/such/rules.yaml: cannot read: no such file or folder\n"
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 74);
}

#[test]
fn a_folder_exits_74_naming_the_path() {
    let (code, stdout, stderr) = run(advisor().args(["rules", "validate", FIXTURES]));
    assert_eq!(
        stderr,
        format!("error: {FIXTURES}: cannot read: it is a folder, not a file\n")
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 74);
}

#[test]
fn a_file_over_one_mebibyte_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("huge.yaml");
    // Invalid YAML at the very start: had it been parsed, the message would be a syntax error.
    let mut text = String::from("considerations: [\n");
    while text.len() <= 1024 * 1024 {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(&path, text).expect("the file is written");
    let (code, stdout, stderr) = run(advisor().arg("rules").arg("validate").arg(&path));
    assert_eq!(
        stderr,
        format!(
            "error: {}: the file is larger than the 1 MiB limit; is it the right file?\n",
            path.display()
        )
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 65);
}

#[test]
fn a_file_of_exactly_one_mebibyte_is_read() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("padded.yaml");
    let rules =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default.yaml"))
            .expect("rules/default.yaml exists");
    let mut text = rules;
    while text.len() < 1024 * 1024 {
        text.push('\n');
    }
    assert_eq!(text.len(), 1024 * 1024);
    std::fs::write(&path, text).expect("the file is written");
    let (code, stdout, stderr) = run(advisor().arg("rules").arg("validate").arg(&path));
    assert_eq!(stderr, "");
    assert!(stdout.starts_with("ok: "), "stdout: {stdout}");
    assert_eq!(code, 0);
}

// ----- Choosing the rule set -----

#[test]
fn the_rules_flag_selects_the_rule_set_to_validate() {
    let path = fixture("empty-rule-set.yaml");
    let (code, _, stderr) = run(advisor().args(["--rules", &path, "rules", "validate"]));
    assert_eq!(
        stderr,
        format!(
            "error: {path}: the rule set is empty: it needs at least one consideration \
             and one question\n"
        )
    );
    assert_eq!(code, 65);

    let (code, stdout, _) =
        run(advisor().args(["rules", "validate", "--rules", "rules/default.yaml"]));
    assert!(
        stdout.starts_with("ok: rules/default.yaml: 4 considerations, 16 questions, "),
        "stdout: {stdout}"
    );
    assert_eq!(code, 0);
}

#[test]
fn the_environment_variable_selects_the_rule_set_to_validate() {
    let path = fixture("duplicate-question-id.yaml");
    let (code, stdout, stderr) = run(advisor()
        .env("INTERVIEW_ADVISOR_RULES", &path)
        .args(["rules", "validate"]));
    assert_eq!(
        common::error_lines(&stderr),
        format!("error: {path}:15:5: duplicate question id `interest`\n")
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 65);
}

#[test]
fn a_path_argument_wins_over_the_environment_variable() {
    let (code, stdout, _) = run(advisor()
        .env(
            "INTERVIEW_ADVISOR_RULES",
            fixture("duplicate-question-id.yaml"),
        )
        .args(["rules", "validate", "rules/default.yaml"]));
    assert!(
        stdout.starts_with("ok: rules/default.yaml: "),
        "stdout: {stdout}"
    );
    assert_eq!(code, 0);
}

#[test]
fn a_bad_rule_set_from_the_environment_stops_advise_with_65() {
    let path = fixture("unknown-consideration.yaml");
    let (code, stdout, stderr) = run(advisor().env("INTERVIEW_ADVISOR_RULES", &path).args([
        "advise",
        "--answers",
        "tests/fixtures/answers/valid.yaml",
    ]));
    assert_eq!(
        common::error_lines(&stderr),
        format!(
            "error: {path}:16:5: question `keen`: unknown consideration `motivaton`; \
             known considerations: motivation\n"
        )
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 65);
}

// ----- Usage errors -----

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    let (code, stdout, stderr) = run(advisor().args(["rules", "frobnicate"]));
    assert!(
        stderr.starts_with("error: unrecognized subcommand 'frobnicate'"),
        "stderr: {stderr}"
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 2);
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let (code, stdout, stderr) = run(advisor().args(["rules", "validate", "--strict"]));
    assert!(
        stderr.starts_with("error: unexpected argument '--strict' found"),
        "stderr: {stderr}"
    );
    assert_eq!(stdout, "");
    assert_eq!(code, 2);
}

#[test]
fn two_paths_are_a_usage_error() {
    let (code, _, stderr) = run(advisor().args([
        "rules",
        "validate",
        "rules/default.yaml",
        "rules/default.yaml",
    ]));
    assert!(
        stderr.starts_with("error: unexpected argument 'rules/default.yaml' found"),
        "stderr: {stderr}"
    );
    assert_eq!(code, 2);
}
