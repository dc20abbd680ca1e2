//! Every output format checked whole: the advice as a table, Markdown and JSON; a
//! comparison in the same three; the audit as text and JSON; a letter as JSON and as an
//! eml draft; the rule set shown as tables; the list of letters. Each run's output is a
//! named snapshot, so any change to what a person sees shows up as a difference to review.
//!
//! Three answers files from the rule set's own cases give one of each outcome: decline,
//! postpone and proceed.

use crate::common;

use assert_cmd::Command;

/// Declines: the interview is tomorrow and the interest is gone.
const DECLINE: &str = "rules/cases/decline-tomorrow-no-reason.yaml";
/// Postpones: another offer is pending and the decision needs a few days.
const POSTPONE: &str = "rules/cases/offer-pending-torn.yaml";
/// Proceeds: unsure, but the interview is two weeks away and there is no other option.
const PROCEED: &str = "rules/cases/unsure-two-weeks-away.yaml";

/// The three answers files with the name each snapshot uses for it.
const CASES: [(&str, &str); 3] = [
    ("decline", DECLINE),
    ("postpone", POSTPONE),
    ("proceed", PROCEED),
];

/// A fixed time (2025-05-12, a Monday, 08:00 UTC), so send-by dates are stable.
const EPOCH: &str = "1747036800";

/// The binary in a clean environment with a fixed width, no colour and a fixed date.
fn advisor(args: &[&str]) -> Command {
    let mut command = common::advisor();
    command
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("--color")
        .arg("never")
        .args(args);
    command
}

/// Runs the command, which must succeed, and gives its standard output followed by its
/// standard error (under a marker) when there is any, so both are checked.
fn output(args: &[&str]) -> String {
    let (code, stdout, stderr) = common::run(&mut advisor(args));
    assert_eq!(code, 0, "`{}` failed:\n{stderr}", args.join(" "));
    if stderr.is_empty() {
        stdout
    } else {
        format!("{stdout}--- stderr ---\n{stderr}")
    }
}

/// The output with the header lines that name the moment of writing (`Date:` and
/// `Message-ID:`, before the first blank line) replaced, so the snapshot checks everything
/// else.
fn without_time(text: &str) -> String {
    let mut in_header = true;
    let mut out = String::new();
    for line in text.lines() {
        in_header = in_header && !line.is_empty();
        let line = match line {
            _ if in_header && line.starts_with("Date: ") => "Date: [date]",
            _ if in_header && line.starts_with("Message-ID: ") => "Message-ID: [message id]",
            _ => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn advise_table() {
    for (name, file) in CASES {
        let text = output(&["advise", "--answers", file]);
        insta::assert_snapshot!(format!("advise_table_{name}"), text);
    }
}

#[test]
fn advise_markdown() {
    for (name, file) in CASES {
        let text = output(&["advise", "--answers", file, "--format", "markdown"]);
        insta::assert_snapshot!(format!("advise_markdown_{name}"), text);
    }
}

#[test]
fn advise_json() {
    for (name, file) in CASES {
        let text = output(&["advise", "--answers", file, "--format", "json"]);
        insta::assert_snapshot!(format!("advise_json_{name}"), text);
    }
}

#[test]
fn compare_table() {
    let text = output(&["compare", DECLINE, POSTPONE, PROCEED]);
    insta::assert_snapshot!("compare_table", text);
}

#[test]
fn compare_json() {
    let text = output(&["compare", DECLINE, POSTPONE, PROCEED, "--format", "json"]);
    insta::assert_snapshot!("compare_json", text);
}

#[test]
fn compare_markdown() {
    let text = output(&[
        "compare", DECLINE, POSTPONE, PROCEED, "--format", "markdown",
    ]);
    insta::assert_snapshot!("compare_markdown", text);
}

#[test]
fn rules_audit_text() {
    insta::assert_snapshot!("rules_audit_text", output(&["rules", "audit"]));
}

#[test]
fn rules_audit_json() {
    let text = output(&["rules", "audit", "--format", "json"]);
    insta::assert_snapshot!("rules_audit_json", text);
}

#[test]
fn letter_json() {
    for (name, file) in CASES {
        let text = output(&["letter", "--answers", file, "--format", "json"]);
        insta::assert_snapshot!(format!("letter_json_{name}"), without_time(&text));
    }
}

/// The decline case's letter is a phone script, which has no eml form: its draft is the
/// email that confirms the call, and asking for the script as eml is refused with advice.
#[test]
fn letter_eml() {
    for (name, file) in CASES {
        let mut args = vec!["letter", "--answers", file, "--format", "eml"];
        if file == DECLINE {
            args.extend(["--kind", "decline_call_confirmation"]);
        }
        let text = output(&args);
        insta::assert_snapshot!(format!("letter_eml_{name}"), without_time(&text));
    }
    let (code, stdout, stderr) = common::run(&mut advisor(&[
        "letter",
        "--answers",
        DECLINE,
        "--format",
        "eml",
    ]));
    let text = format!("exit code {code}\n--- stdout ---\n{stdout}--- stderr ---\n{stderr}");
    insta::assert_snapshot!("letter_eml_phone_script_refused", text);
}

#[test]
fn rules_show() {
    insta::assert_snapshot!("rules_show", output(&["rules", "show"]));
}

#[test]
fn letter_list() {
    insta::assert_snapshot!("letter_list", output(&["letter", "list"]));
}

/// The redaction touches only the two header lines that name the moment of writing.
#[test]
fn only_time_lines_are_redacted() {
    let text = "Message-ID: <1.2@x>\nDate: Mon, 12 May 2025\nSubject: Date: kept\n\nDate: body\n";
    assert_eq!(
        without_time(text),
        "Message-ID: [message id]\nDate: [date]\nSubject: Date: kept\n\nDate: body\n"
    );
}
