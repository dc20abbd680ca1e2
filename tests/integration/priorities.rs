//! Your own priorities through the real binary: personal weights in an answers file or in
//! `weights.yaml` in the config folder, used by advise, letter, compare and batch; their
//! errors; and how stable a verdict is against the weights.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use common::run;
use serde_json::{Value, json};

const FAIR_FIT: &str = "tests/fixtures/weights/unsure-fair-fit.yaml";
const REPUTATION_FIRST: &str = "tests/fixtures/weights/reputation-first.yaml";

/// The binary with a config folder of its own (empty unless the test fills it).
fn advisor(config: &Path) -> Command {
    let mut command = common::advisor();
    command
        .env("XDG_CONFIG_HOME", config)
        .env("HOME", config)
        .env_remove("COLUMNS");
    command
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Writes `weights.yaml` into the config folder `config`.
fn config_weights(config: &Path, text: &str) {
    let dir = config.join("interview-advisor");
    std::fs::create_dir_all(&dir).expect("the config folder is made");
    std::fs::write(dir.join("weights.yaml"), text).expect("weights.yaml is written");
}

fn advise_json(config: &Path, path: &str) -> Value {
    let (code, out, err) = run(advisor(config).args([
        "advise",
        "--no-input",
        "--format",
        "json",
        "--answers",
        path,
    ]));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("advise prints JSON")
}

/// An answers file in a temporary folder: the fair fit's answers plus `extra` lines.
fn answers_with(dir: &Path, extra: &str) -> String {
    let text = std::fs::read_to_string(FAIR_FIT).expect("the fixture exists");
    let path = dir.join("answers.yaml");
    std::fs::write(&path, format!("{text}{extra}")).expect("the answers file is written");
    path.display().to_string()
}

#[test]
fn personal_weights_change_the_verdict_and_the_table_marks_them_as_yours() {
    let config = temp();
    let without = advise_json(config.path(), FAIR_FIT);
    assert_eq!(without["recommendation"], "proceed");
    let with = advise_json(config.path(), REPUTATION_FIRST);
    assert_eq!(with["recommendation"], "postpone");
    assert_eq!(
        with["weights"],
        json!([
            {"id": "motivation", "weight": 1.5, "source": "rules"},
            {"id": "reputation", "weight": 7.0, "source": "personal"},
            {"id": "growth", "weight": 20.0, "source": "personal"},
            {"id": "goals", "weight": 1.25, "source": "rules"},
        ])
    );
    assert_eq!(with["considerations"][1]["weight"], 7.0);

    let (code, table, err) =
        run(advisor(config.path()).args(["advise", "--no-input", "--answers", REPUTATION_FIRST]));
    assert_eq!(code, 0, "{err}");
    assert!(
        table.contains("│ Reputation     ┆  ×7 (yours) ┆"),
        "{table}"
    );
    assert!(
        table.contains("│ Growth         ┆ ×20 (yours) ┆"),
        "{table}"
    );
    assert!(
        table.contains("│ Motivation     ┆        ×1.5 ┆"),
        "{table}"
    );
}

#[test]
fn an_unknown_consideration_is_a_located_error_with_a_suggestion() {
    let dir = temp();
    let path = answers_with(dir.path(), "weights:\n  reputaton: 2\n");
    let (code, out, err) =
        run(advisor(dir.path()).args(["advise", "--no-input", "--answers", &path]));
    assert_eq!(code, 65);
    assert_eq!(out, "");
    assert_eq!(
        common::error_lines(&err),
        format!(
            "error: {path}:20:3: unknown consideration `reputaton`; did you mean `reputation`?\n"
        )
    );
}

#[test]
fn a_weight_that_is_not_a_number_from_0_to_a_million_is_a_located_error() {
    let dir = temp();
    let cases = [
        (
            "motivation: -1",
            "weight of `motivation` must be a number from 0 to 1000000, such as `motivation: 1.5`; found -1",
        ),
        (
            "goals: .inf",
            "weight of `goals` must be a number from 0 to 1000000, such as `goals: 1.5`; found inf",
        ),
        (
            "growth: lots",
            "a weight is a number, such as 1.5, not the text `lots`",
        ),
        (
            "growth: [1, 2]",
            "a weight must be a single number, such as 1.5",
        ),
    ];
    for (line, message) in cases {
        let path = answers_with(dir.path(), &format!("weights:\n  {line}\n"));
        let (code, _, err) =
            run(advisor(dir.path()).args(["advise", "--no-input", "--answers", &path]));
        assert_eq!(code, 65, "{line}");
        assert_eq!(
            common::error_lines(&err),
            format!("error: {path}:20:3: {message}\n"),
            "{line}"
        );
    }
}

#[test]
fn weights_yaml_in_the_config_folder_is_the_default_when_the_file_has_none() {
    let config = temp();
    config_weights(config.path(), "weights:\n  reputation: 7\n  growth: 20\n");
    let json = advise_json(config.path(), FAIR_FIT);
    assert_eq!(json["recommendation"], "postpone");
    assert_eq!(json["weights"][1]["source"], "personal");

    // A file with weights of its own uses only those.
    let path = answers_with(config.path(), "weights:\n  goals: 1.25\n");
    let json = advise_json(config.path(), &path);
    assert_eq!(json["recommendation"], "proceed");
    assert_eq!(
        json["weights"][1],
        json!({"id": "reputation", "weight": 1.0, "source": "rules"})
    );
    assert_eq!(json["weights"][3]["source"], "personal");
}

#[test]
fn a_bad_weights_yaml_is_a_located_error() {
    let config = temp();
    config_weights(config.path(), "weights:\n  growht: 2\n");
    let (code, _, err) =
        run(advisor(config.path()).args(["advise", "--no-input", "--answers", FAIR_FIT]));
    assert_eq!(code, 65);
    let file = config.path().join("interview-advisor").join("weights.yaml");
    assert_eq!(
        common::error_lines(&err),
        format!(
            "error: {}:2:3: unknown consideration `growht`; did you mean `growth`?\n",
            file.display()
        )
    );
}

#[test]
fn the_letter_follows_the_personal_verdict() {
    let config = temp();
    let kind = |path: &str| {
        let (code, out, err) = run(advisor(config.path()).args([
            "letter",
            "--no-input",
            "--format",
            "json",
            "--answers",
            path,
        ]));
        assert_eq!(code, 0, "{err}");
        let json: Value = serde_json::from_str(&out).expect("letter prints JSON");
        json["kind"].as_str().expect("a kind").to_string()
    };
    assert_eq!(kind(FAIR_FIT), "proceed_confirm");
    // Someone who can attend but is unsure asks for a few days, not for another slot.
    assert_eq!(kind(REPUTATION_FIRST), "postpone_time_to_decide");
}

#[test]
fn compare_uses_each_files_weights_and_says_how_far_each_verdict_holds() {
    let config = temp();
    let (code, out, err) = run(advisor(config.path()).args([
        "compare",
        FAIR_FIT,
        REPUTATION_FIRST,
        "rules/cases/schedule-conflict-keen.yaml",
    ]));
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().filter(|l| l.contains("Acme")).collect();
    assert_eq!(rows.len(), 3, "{out}");
    assert!(out.contains("Holds while"), "{out}");
    let fair = rows
        .iter()
        .find(|r| r.contains("Proceed"))
        .expect("the fair fit");
    assert!(fair.contains("growth ≤ ×13.5"), "{fair}");
    let personal = rows
        .iter()
        .find(|r| r.contains("leaning"))
        .expect("the personal one");
    assert!(personal.contains("Postpone"), "{personal}");
    assert!(personal.contains("goals ≤ ×2.333"), "{personal}");
    let decided = rows
        .iter()
        .find(|r| r.contains("hard rule"))
        .expect("the hard rule");
    assert!(decided.contains("any weights (hard rule)"), "{decided}");
}

#[test]
fn a_batch_line_may_carry_its_own_weights() {
    let config = temp();
    let answers = r#""answers": {"reason": "unsure", "interest": 4, "already_confirmed": false, "referred": false, "future_contact": "low", "days_until_interview": 9, "company_growth": 3, "revisit_later": true, "goal_alignment": 4, "other_options": "none"}"#;
    let input = format!(
        "{{{answers}}}\n{{{answers}, \"weights\": {{\"reputation\": 7, \"growth\": 20}}}}\n{{{answers}, \"weights\": {{\"reputaton\": 7, \"goals\": -1}}}}\n"
    );
    let (code, out, _) = run(advisor(config.path()).arg("batch").write_stdin(input));
    assert_eq!(code, 65);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines[0]["recommendation"], "proceed");
    assert_eq!(lines[0].get("weights"), None);
    assert_eq!(lines[1]["recommendation"], "postpone");
    assert_eq!(lines[1]["weights"][1]["source"], "personal");
    assert_eq!(
        lines[2]["errors"],
        json!([
            "weights: unknown consideration `reputaton`; did you mean `reputation`?",
            "weights: weight of `goals` must be a number from 0 to 1000000, such as `goals: 1.5`; found -1",
        ])
    );
}

#[test]
fn stability_gives_each_weights_interval_and_the_nearest_bound_in_words() {
    let config = temp();
    let json = advise_json(config.path(), FAIR_FIT);
    assert_eq!(
        json["stability"],
        json!([
            {"id": "motivation", "weight": 1.5, "min": null, "max": null},
            {"id": "reputation", "weight": 1.0, "min": null, "max": null},
            {"id": "growth", "weight": 0.75, "min": null, "max": 13.5},
            {"id": "goals", "weight": 1.25, "min": null, "max": null},
        ])
    );
    let reasons = json["reasons"].as_array().expect("reasons");
    assert_eq!(
        reasons.last(),
        Some(&json!(
            "This holds unless growth counted for more than ×13.5; now ×0.75."
        ))
    );
}

#[test]
fn when_a_hard_rule_decides_stability_says_no_weight_changes_it() {
    let config = temp();
    let json = advise_json(config.path(), "rules/cases/schedule-conflict-keen.yaml");
    for entry in json["stability"].as_array().expect("stability") {
        assert_eq!(entry["min"], Value::Null);
        assert_eq!(entry["max"], Value::Null);
        assert_eq!(entry["decided_by"], "keen_but_cannot_make_it");
    }
    let reasons = json["reasons"].as_array().expect("reasons");
    assert_eq!(
        reasons.last(),
        Some(&json!(
            "No change in how much each consideration counts could change this: the hard rule decides."
        ))
    );
}

#[test]
fn batch_stability_adds_weights_and_stability_to_each_line() {
    let config = temp();
    let text = std::fs::read_to_string(FAIR_FIT).expect("the fixture exists");
    let file: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let line = serde_json::to_string(
        &json!({"answers": serde_json::to_value(&file["answers"]).expect("JSON")}),
    )
    .expect("a line");
    let (code, out, err) = run(advisor(config.path())
        .args(["batch", "--stability"])
        .write_stdin(format!("{line}\n")));
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(out.trim()).expect("a JSON line");
    assert_eq!(
        json["stability"],
        advise_json(config.path(), FAIR_FIT)["stability"]
    );
    assert_eq!(json["weights"][0]["source"], "rules");
}

/// `priorities` with `input` piped in, in a config folder of its own.
fn priorities(config: &Path, args: &[&str], input: &str) -> (i32, String, String) {
    run(advisor(config)
        .arg("priorities")
        .args(args)
        .write_stdin(input.to_string()))
}

#[test]
fn priorities_on_a_pipe_asks_open_pairs_only_and_prints_the_weights_as_json() {
    let config = temp();
    // Motivation over reputation, reputation about the same as growth, goals over growth:
    // two pairs follow from these, and motivation against goals is asked last.
    let (code, out, err) = priorities(config.path(), &["--format", "json"], "1\n2\n3\n1\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        serde_json::from_str::<Value>(&out).expect("JSON"),
        json!({"weights": {"motivation": 1.8, "reputation": 0.68, "growth": 0.68, "goals": 1.35}})
    );
    assert_eq!(
        err.matches("Which matters more to you with this invitation")
            .count(),
        4
    );
    assert!(
        err.contains(
            "[1/about 6 · Your priorities] Which matters more to you with this invitation: why \
         you are thinking of saying no, and how much the role still draws you, or how your \
         choice lands with the people involved and the relationships you keep?\n  \
         1) Motivation [motivation]\n  2) About the same [same]\n  3) Reputation [reputation]\n"
        ),
        "{err}"
    );
}

#[test]
fn priorities_save_writes_a_weights_file_that_becomes_the_default() {
    let config = temp();
    let dir = config.path().join("interview-advisor");
    std::fs::create_dir_all(&dir).expect("the config folder is made");
    let file = dir.join("weights.yaml");
    let save = file.display().to_string();
    // Reputation matters most, then goals; motivation and growth least, alike.
    let (code, out, err) = priorities(config.path(), &["--save", &save], "3\n1\n3\n2\n1\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Your priorities:\n  Motivation  ×"),
        "{out}"
    );
    assert!(
        err.contains(&format!("Saved your weights to {save}")),
        "{err}"
    );
    let text = std::fs::read_to_string(&file).expect("the weights file is written");
    assert!(text.starts_with("# Your own priorities"), "{text}");
    let json = advise_json(config.path(), FAIR_FIT);
    let weight = |i: usize| json["weights"][i]["weight"].as_f64().expect("a weight");
    assert!(
        json["weights"]
            .as_array()
            .expect("weights")
            .iter()
            .all(|w| w["source"] == "personal")
    );
    assert!(
        weight(1) > weight(3) && weight(3) > weight(0) && weight(0) == weight(2),
        "{json}"
    );

    // An existing file is not replaced without --force, and nothing is asked.
    let (code, _, err) = priorities(config.path(), &["--save", &save], "");
    assert_eq!(code, 74, "{err}");
    assert!(!err.contains("Which matters more"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).expect("still there"), text);
    let (code, _, err) = priorities(config.path(), &["--save", &save, "--force"], "2\n2\n2\n");
    assert_eq!(code, 0, "{err}");
    assert_ne!(std::fs::read_to_string(&file).expect("replaced"), text);
}

#[test]
fn priorities_with_input_ending_early_or_a_bad_answer_fails_with_65() {
    let config = temp();
    let (code, out, err) = priorities(config.path(), &[], "1\n");
    assert_eq!(code, 65);
    assert_eq!(out, "");
    assert!(
        err.ends_with(
            "error: <stdin>: input ended before every trade-off question was answered; \
         unanswered: reputation_or_growth; give one answer a line (1, 2 or 3)\n"
        ),
        "{err}"
    );
    let (code, _, err) = priorities(config.path(), &[], "7\n");
    assert_eq!(code, 65);
    assert!(
        err.contains("error: <stdin>:1: `7` is not a valid answer to `motivation_or_reputation`"),
        "{err}"
    );
}

#[test]
fn compare_as_json_gives_each_invitation_its_own_weights_and_stability() {
    let config = temp();
    let (code, out, err) = run(advisor(config.path()).args([
        "compare",
        "--format",
        "json",
        FAIR_FIT,
        REPUTATION_FIRST,
    ]));
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).expect("JSON");
    let by_file = |file: &str| {
        json["invitations"]
            .as_array()
            .expect("invitations")
            .iter()
            .find(|i| i["file"] == file)
            .cloned()
            .expect("the invitation")
    };
    let personal = by_file(REPUTATION_FIRST);
    assert_eq!(
        personal["weights"][1],
        json!({"id": "reputation", "weight": 7.0, "source": "personal"})
    );
    assert_eq!(
        personal["stability"][2],
        json!({"id": "growth", "weight": 20.0, "min": 13.5, "max": null})
    );
    let fair = by_file(FAIR_FIT);
    assert_eq!(fair["weights"][1]["source"], "rules");
    assert_eq!(fair["stability"][2]["max"], 13.5);
}

#[test]
fn advise_save_keeps_the_files_own_weights() {
    let config = temp();
    let saved = config.path().join("saved.yaml");
    let saved_arg = saved.display().to_string();
    let (code, _, err) = run(advisor(config.path()).args([
        "advise",
        "--no-input",
        "--answers",
        REPUTATION_FIRST,
        "--save",
        &saved_arg,
    ]));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&saved).expect("the answers are saved");
    assert!(
        text.contains("weights:\n  reputation: 7\n  growth: 20\n"),
        "{text}"
    );
    let json = advise_json(config.path(), &saved_arg);
    assert_eq!(json["recommendation"], "postpone");
}
