//! `batch` through the real binary: JSON Lines of answers in, one assessment per line out,
//! in input order, each equal to what `advise --format json` prints for the same answers
//! plus the line's `warnings`; a bad line gives an error object with its line number (exit
//! 65) while the others are still scored; `--what-if` adds the what-if list; standard error
//! gets one summary.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use crate::common;

use common::advisor;
use serde_json::Value;

/// Runs `batch` with `args` on `input`: exit code, output lines parsed, stderr.
fn batch(args: &[&str], input: &str) -> (i32, Vec<Value>, String) {
    let output = advisor()
        .arg("batch")
        .args(args)
        .write_stdin(input)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let lines = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each output line is one JSON object"))
        .collect();
    (
        output.status.code().expect("an exit code"),
        lines,
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

/// The line without its `warnings`, which must be an empty list.
fn without_warnings(line: &Value) -> Value {
    let mut line = line.clone();
    let object = line.as_object_mut().expect("an object");
    assert_eq!(
        object.remove("warnings"),
        Some(serde_json::json!([])),
        "{object:?}"
    );
    line
}

/// Some built-in test cases, as one-line JSON answers files.
fn case_lines() -> Vec<(String, String)> {
    [
        "schedule-conflict-keen",
        "accepted-offer-no-interest",
        "unsure-strong-fit-confirmed",
        "personal-change-relocating",
    ]
    .iter()
    .map(|name| {
        let path = format!("{}/rules/cases/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the case exists");
        let mut case: serde_json::Map<String, Value> =
            serde_yaml::from_str(&text).expect("the case is YAML");
        case.remove("name");
        case.remove("expect");
        (path, Value::Object(case).to_string())
    })
    .collect()
}

/// What `advise --answers PATH --format json` prints.
fn advise_json(path: &str) -> Value {
    let output = advisor()
        .args([
            "advise",
            "--no-input",
            "--format",
            "json",
            "--answers",
            path,
        ])
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "advise failed for {path}");
    serde_json::from_slice(&output.stdout).expect("advise prints JSON")
}

#[test]
fn each_line_is_assessed_in_order_with_the_fields_of_advise_json() {
    let cases = case_lines();
    let input: String = cases.iter().map(|(_, line)| format!("{line}\n")).collect();
    let (code, lines, stderr) = batch(&[], &input);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines.len(), cases.len());
    for ((path, _), line) in cases.iter().zip(&lines) {
        let mut expected = advise_json(path);
        let object = expected.as_object_mut().expect("an object");
        for field in ["what_if", "weights", "stability"] {
            object.remove(field);
        }
        assert_eq!(&without_warnings(line), &expected, "for {path}");
    }
}

#[test]
fn with_stability_and_what_if_each_line_is_what_advise_prints() {
    let cases = case_lines();
    let input: String = cases.iter().map(|(_, line)| format!("{line}\n")).collect();
    let (code, lines, stderr) = batch(&["--what-if", "--stability"], &input);
    assert_eq!(code, 0, "{stderr}");
    for ((path, _), line) in cases.iter().zip(&lines) {
        assert_eq!(&without_warnings(line), &advise_json(path), "for {path}");
        assert_eq!(line["stability"].as_array().map(Vec::len), Some(4));
    }
}

#[test]
fn with_what_if_each_line_has_the_what_if_list_of_advise() {
    let cases = case_lines();
    let input: String = cases.iter().map(|(_, line)| format!("{line}\n")).collect();
    let (code, lines, _) = batch(&["--what-if"], &input);
    assert_eq!(code, 0);
    for ((path, _), line) in cases.iter().zip(&lines) {
        let mut expected = advise_json(path);
        let object = expected.as_object_mut().expect("an object");
        for field in ["weights", "stability"] {
            object.remove(field);
        }
        assert_eq!(&without_warnings(line), &expected, "for {path}");
        assert!(line["what_if"].is_array());
    }
}

#[test]
fn a_bad_line_gives_an_error_object_with_its_line_number_and_the_rest_are_scored() {
    let cases = case_lines();
    let input = format!(
        "{}\n{{\"answers\": {{\"intrest\": 3}}}}\n\n{}\nnot json\n",
        cases[0].1, cases[1].1
    );
    let (code, lines, stderr) = batch(&[], &input);
    assert_eq!(code, 65);
    assert_eq!(
        lines.len(),
        4,
        "a blank line is skipped, every other gives one line"
    );
    assert_eq!(lines[0]["recommendation"], "postpone");
    assert_eq!(
        lines[1],
        serde_json::json!({
            "line": 2,
            "error": "unknown question `intrest`; did you mean `interest`?",
            "errors": ["unknown question `intrest`; did you mean `interest`?"],
            "warnings": [],
        })
    );
    assert_eq!(lines[2]["recommendation"], "decline");
    assert_eq!(lines[3]["line"], 5);
    assert!(
        lines[3]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("invalid JSON:")),
        "{}",
        lines[3]
    );
    assert_eq!(
        stderr,
        "error: <stdin>: 2 lines could not be scored; see the objects with an \"error\" \
         field in the output\n"
    );
}

#[test]
fn a_bad_answer_gets_the_same_message_as_in_an_answers_file() {
    let line = r#"{"answers": {"reason": "bored", "interest": 9, "referred": null}}"#;
    let (code, lines, _) = batch(&["-"], &format!("{line}\n"));
    assert_eq!(code, 65);
    assert_eq!(
        lines[0]["errors"],
        serde_json::json!([
            "`bored` is not a valid answer to `reason`; expected one of accepted_offer, \
             counter_offer, values_mismatch, personal_change, lost_interest, \
             schedule_conflict, unsure",
            "`9` is not a valid answer to `interest`; expected a whole number from 1 to 5",
            "`referred` has no answer; expected yes or no (true/false)",
        ])
    );
}

#[test]
fn a_line_with_unanswered_questions_names_them() {
    let (code, lines, _) = batch(&[], "{\"answers\": {\"reason\": \"unsure\"}}\n");
    assert_eq!(code, 65);
    let error = lines[0]["error"].as_str().expect("an error");
    assert!(
        error.starts_with("missing 9 answers: interest, already_confirmed,"),
        "{error}"
    );
}

#[test]
fn a_line_longer_than_the_limit_is_refused_and_the_next_is_scored() {
    let cases = case_lines();
    let long = format!(
        "{{\"answers\": {{}}, \"details\": {{\"company\": \"{}\"}}}}",
        "x".repeat(70 * 1024)
    );
    let (code, lines, _) = batch(&[], &format!("{long}\n{}\n", cases[0].1));
    assert_eq!(code, 65);
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(
        lines[0]["error"],
        "the line is longer than 64 KiB; one line holds one answers object"
    );
    assert_eq!(lines[1]["recommendation"], "postpone");
}

#[test]
fn an_input_file_that_does_not_exist_is_an_input_output_error() {
    let output = advisor()
        .args(["batch", "no-such-file.jsonl"])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(74));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: no-such-file.jsonl: cannot read: no such file or folder\n"
    );
}

#[test]
fn an_input_that_opens_but_cannot_be_read_names_the_file() {
    // A folder opens like a file; reading it is what fails.
    let output = advisor()
        .args(["batch", "tests/fixtures"])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(74));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: tests/fixtures: cannot read: it is a folder, not a file\n"
    );
}

#[test]
fn output_to_a_full_disk_names_standard_output() {
    use std::io::Write;
    let (_, line) = &case_lines()[0];
    let mut child = common::advisor_process()
        .arg("batch")
        .stdin(std::process::Stdio::piped())
        .stdout(std::fs::File::create("/dev/full").expect("/dev/full opens"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "{line}").expect("the line is written");
    drop(stdin);
    let output = child.wait_with_output().expect("the binary ends");
    assert_eq!(output.status.code(), Some(74));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: <stdout>: cannot write: the disk is full\n"
    );
}

#[test]
fn keys_written_with_escapes_read_as_the_same_keys() {
    let (_, line) = &case_lines()[0];
    // `\u0065` is `e`: every key of the line, in the answers and at the top, with an escape.
    let escaped = line
        .replace("\"answers\"", "\"answ\\u0065rs\"")
        .replace("\"interest\"", "\"int\\u0065rest\"")
        .replace("\"reason\"", "\"r\\u0065ason\"");
    assert_ne!(&escaped, line, "the line has the keys replaced");
    let (code, plain, stderr) = batch(&[], &format!("{line}\n"));
    assert_eq!(code, 0, "{stderr}");
    let (code, lines, stderr) = batch(&[], &format!("{escaped}\n"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines, plain);
}

#[test]
fn an_ignored_answer_is_a_warning_in_its_own_line_and_stderr_gets_one_summary() {
    let (_, line) = &case_lines()[0];
    // `job_alerts` is asked only when `stay_in_touch` is yes.
    let ignoring = line.replace(
        "\"answers\":{",
        "\"answers\":{\"stay_in_touch\":false,\"job_alerts\":true,",
    );
    assert_ne!(&ignoring, line);
    let input = format!("{ignoring}\n{line}\n{ignoring}\n");
    let (code, lines, stderr) = batch(&[], &input);
    assert_eq!(code, 0, "{stderr}");
    let ignored = serde_json::json!([
        "the answer to `job_alerts` is ignored: that question is not asked with these answers"
    ]);
    assert_eq!(lines[0]["warnings"], ignored);
    assert_eq!(lines[1]["warnings"], serde_json::json!([]));
    assert_eq!(lines[2]["warnings"], ignored);
    assert_eq!(
        stderr,
        "warning: <stdin>: 2 lines have answers that were ignored; see \"warnings\" in the \
         output\n"
    );
}

#[test]
fn a_byte_order_mark_before_the_first_line_is_read_past() {
    let (_, line) = &case_lines()[0];
    let (code, lines, stderr) = batch(&[], &format!("\u{feff}{line}\n{line}\n"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], lines[1]);
}

#[test]
fn endless_input_without_a_newline_stops_with_an_error_for_its_line() {
    let output = advisor()
        .args(["batch", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(65));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let line: Value = serde_json::from_str(stdout.trim_end()).expect("one error object");
    assert_eq!(line["line"], 1);
    assert_eq!(
        line["error"],
        "the line runs on for more than 16 MiB without a newline; batch reads JSON Lines, one \
         answers object per line, so reading stops here"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: /dev/zero: 1 line could not be scored; see the objects with an \"error\" \
         field in the output\n"
    );
}

#[test]
fn failed_lines_still_fail_the_run_when_the_reader_closes_the_output_early() {
    let (_, line) = &case_lines()[0];
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.jsonl");
    // A bad line, then far more output than a pipe holds.
    let text = format!("not json\n{}", format!("{line}\n").repeat(5_000));
    std::fs::write(&input, text).expect("input written");
    let output = common::process("bash")
        .arg("-c")
        .arg(r#""$0" batch "$1" | head -n 2 > /dev/null; echo "${PIPESTATUS[0]}""#)
        .arg(common::BIN)
        .arg(&input)
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(String::from_utf8_lossy(&output.stdout), "65\n", "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: {}: 1 line could not be scored; see the objects with an \"error\" field in \
             the output (the output closed by line ",
            input.display()
        )),
        "{stderr}"
    );
}
