//! The command line as a shell user meets it: help, version, completions, man page,
//! colour, closed pipes, the rules schema, and where the rule set comes from.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use crate::common;

use assert_cmd::Command;
use common::{BIN, advisor, process};
use predicates::prelude::*;

/// The binary in a clean environment whose config folder is `config`.
fn with_config(config: &Path) -> Command {
    let mut command = advisor();
    command.env("XDG_CONFIG_HOME", config);
    command
}

fn config_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

const CASE: &str = "rules/cases/schedule-conflict-keen.yaml";

#[test]
fn every_command_has_help_with_an_example() {
    let commands: &[&[&str]] = &[
        &[],
        &["advise"],
        &["compare"],
        &["letter"],
        &["rules"],
        &["rules", "validate"],
        &["rules", "show"],
        &["rules", "test"],
        &["rules", "schema"],
        &["rules", "init"],
        &["rules", "path"],
        &["completions"],
        &["man"],
    ];
    for args in commands {
        let mut command = advisor();
        command.args(*args).arg("--help");
        let assert = command.assert().success();
        let help = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        if args.len() == 1 && args[0] == "rules" {
            // A group of subcommands lists them instead.
            assert!(help.contains("validate"), "{help}");
            continue;
        }
        assert!(
            help.contains("Example"),
            "`{} --help` has no example:\n{help}",
            args.join(" ")
        );
    }
}

#[test]
fn version_prints_the_package_version() {
    advisor()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("interview-advisor {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_exist_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        advisor()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("interview-advisor"));
    }
    advisor().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn bash_completions_source_without_error() {
    let dir = config_dir();
    let script = dir.path().join("completions.bash");
    let output = process(BIN)
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    std::fs::write(&script, &output.stdout).expect("write");
    let status = process("bash")
        .arg("-c")
        .arg(format!(
            "set -e; source '{}'; complete -p interview-advisor",
            script.display()
        ))
        .output()
        .expect("bash runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn man_prints_a_roff_page() {
    advisor()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".TH INTERVIEW\\-ADVISOR 1 "))
        .stdout(predicate::str::contains(".SH NAME"));
}

#[test]
fn piped_output_and_no_color_have_no_escape_codes() {
    // Output to a pipe (as in tests) is not a terminal.
    advisor()
        .args(["advise", "--answers", CASE])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
    advisor()
        .env("NO_COLOR", "1")
        .args(["rules", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn color_always_colours_even_a_pipe() {
    advisor()
        .args(["--color", "always", "advise", "--answers", CASE])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}["));
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    let output = process("bash")
        .arg("-c")
        .arg(format!(
            "'{BIN}' rules show | head -1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\""
        ))
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("status=0"), "{stdout}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn help_and_version_to_a_full_disk_are_exit_code_74() {
    for args in [
        &["--help"][..],
        &["--version"],
        &["advise", "--help"],
        &["rules", "show"],
    ] {
        let output = process("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" > /dev/full")
            .arg(BIN)
            .args(args)
            .output()
            .expect("sh runs");
        assert_eq!(output.status.code(), Some(74), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "error: <stdout>: cannot write: the disk is full\n",
            "{args:?}"
        );
    }
}

#[test]
fn every_report_to_a_full_disk_names_standard_output_and_is_exit_code_74() {
    for args in [
        &["advise", "--answers", "tests/fixtures/answers/valid.yaml"][..],
        &[
            "compare",
            "tests/fixtures/answers/valid.yaml",
            "tests/fixtures/answers/compare-acme.yaml",
        ],
        &["rules", "audit"],
        &["rules", "schema"],
        &["letter", "list"],
        &[
            "letter",
            "--answers",
            "tests/fixtures/letters/offer-taken-with-details.yaml",
        ],
    ] {
        let output = process("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" > /dev/full")
            .arg(BIN)
            .args(args)
            .output()
            .expect("sh runs");
        assert_eq!(output.status.code(), Some(74), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "error: <stdout>: cannot write: the disk is full\n",
            "{args:?}"
        );
    }
}

#[test]
fn a_closed_standard_output_is_exit_code_74_and_a_discarded_one_is_not() {
    for args in [&["--help"][..], &["rules", "show"], &["rules", "path"]] {
        let closed = process("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" >&-")
            .arg(BIN)
            .args(args)
            .output()
            .expect("sh runs");
        assert_eq!(closed.status.code(), Some(74), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&closed.stderr),
            "error: <stdout>: cannot write: standard output is closed; run again with it open \
             (`> /dev/null` discards it)\n",
            "{args:?}"
        );
        let discarded = process("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" > /dev/null")
            .arg(BIN)
            .args(args)
            .output()
            .expect("sh runs");
        assert_eq!(discarded.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn errors_go_to_stderr_and_data_to_stdout() {
    advisor()
        .args(["advise", "--answers", "no-such-file.yaml"])
        .assert()
        .code(74)
        .stdout("")
        .stderr("error: no-such-file.yaml: cannot read: no such file or folder\n");
}

#[test]
fn rules_schema_equals_the_shipped_schema() {
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/rules.schema.json"),
    )
    .expect("rules/rules.schema.json is shipped");
    advisor()
        .args(["rules", "schema"])
        .assert()
        .success()
        .stdout(shipped);
}

/// A YAML value as JSON, with map keys as strings (as a YAML language server sees them).
fn yaml_to_json(value: serde_yaml::Value) -> serde_json::Value {
    use serde_yaml::Value;
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(b),
        Value::Number(n) => serde_json::to_value(&n).expect("a number"),
        Value::String(s) => serde_json::Value::String(s),
        Value::Sequence(items) => items.into_iter().map(yaml_to_json).collect(),
        Value::Mapping(map) => map
            .into_iter()
            .map(|(k, v)| {
                let key = match k {
                    Value::String(s) => s,
                    other => serde_yaml::to_string(&other)
                        .expect("a key")
                        .trim()
                        .to_string(),
                };
                (key, yaml_to_json(v))
            })
            .collect(),
        Value::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn schema_validator() -> jsonschema::Validator {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("rules/rules.schema.json")).expect("schema"),
    )
    .expect("the schema is JSON");
    jsonschema::draft7::new(&schema).expect("a valid draft-07 schema")
}

#[test]
fn the_default_rules_validate_against_the_shipped_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("rules/default.yaml")).expect("default rules");
    assert!(
        text.starts_with("# yaml-language-server: $schema=rules.schema.json\n"),
        "rules/default.yaml must point editors at the schema"
    );
    let rules = yaml_to_json(serde_yaml::from_str(&text).expect("YAML"));
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(&rules)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_schema_rejects_a_misspelt_field_and_an_unknown_outcome() {
    let bad = yaml_to_json(
        serde_yaml::from_str(
            "considerations:\n  - id: a\n    title: A\n    description: d\n    wieght: 1\n\
             overrides:\n  - id: o\n    when: { a: 1 }\n    outcome: maybe\n    because: x\n",
        )
        .expect("YAML"),
    );
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(&bad)
        .map(|e| e.instance_path().to_string())
        .collect();
    assert!(
        errors.iter().any(|p| p == "/considerations/0"),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|p| p == "/overrides/0/outcome"),
        "{errors:?}"
    );
}

#[test]
fn rules_init_writes_a_copy_that_passes_the_tests_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.yaml");
    advisor()
        .args(["rules", "init"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let copy = std::fs::read_to_string(&path).expect("written");
    assert_eq!(
        copy,
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default.yaml"))
            .expect("default")
    );
    advisor()
        .arg("--rules")
        .arg(&path)
        .args(["rules", "test"])
        .assert()
        .success()
        .stdout(predicate::str::contains(" passed, 0 failed\n"));
    advisor()
        .args(["rules", "init"])
        .arg(&path)
        .assert()
        .code(74)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn rules_path_names_the_rule_set_in_use_and_why() {
    let config = config_dir();
    with_config(config.path())
        .args(["rules", "path"])
        .assert()
        .success()
        .stdout("<built-in rules>\n")
        .stderr(predicate::str::contains(
            "no --rules, no INTERVIEW_ADVISOR_RULES",
        ));

    // A rule set in the config folder is picked up...
    let personal = config.path().join("interview-advisor").join("rules.yaml");
    std::fs::create_dir_all(personal.parent().expect("parent")).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default.yaml"),
        &personal,
    )
    .expect("copy");
    with_config(config.path())
        .args(["rules", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", personal.display()))
        .stderr(predicate::str::contains("found in your config folder"));

    // ...but the environment variable wins over it, and --rules over both.
    with_config(config.path())
        .env("INTERVIEW_ADVISOR_RULES", "from-env.yaml")
        .args(["rules", "path"])
        .assert()
        .success()
        .stdout("from-env.yaml\n")
        .stderr(predicate::str::contains(
            "INTERVIEW_ADVISOR_RULES environment variable",
        ));
    with_config(config.path())
        .env("INTERVIEW_ADVISOR_RULES", "from-env.yaml")
        .args(["--rules", "given.yaml", "rules", "path"])
        .assert()
        .success()
        .stdout("given.yaml\n")
        .stderr(predicate::str::contains("given with --rules"));
}

#[test]
fn a_broken_rule_set_in_the_config_folder_is_reported_with_its_path() {
    let config = config_dir();
    let personal = config.path().join("interview-advisor").join("rules.yaml");
    std::fs::create_dir_all(personal.parent().expect("parent")).expect("mkdir");
    std::fs::write(&personal, "considerations: [\n").expect("write");
    with_config(config.path())
        .args(["advise", "--answers", CASE])
        .assert()
        .code(65)
        .stderr(predicate::str::contains(personal.display().to_string()));
}

#[test]
fn the_letter_checklist_follows_the_colour_choice() {
    advisor()
        .args(["letter", "--answers", CASE])
        .assert()
        .success()
        .stderr(predicate::str::contains("Politeness checklist"))
        .stderr(predicate::str::contains("\u{1b}[").not());
    advisor()
        .args(["--color", "always", "letter", "--answers", CASE])
        .assert()
        .success()
        .stderr(predicate::str::contains("\u{1b}[32m\u{2714}"));
}
