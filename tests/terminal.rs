//! The real terminal prompts, driven through a pseudo-terminal: arrow keys and Enter
//! lead to a recommendation, and Ctrl-C leaves with exit code 130 and nothing written.
#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
/// Generous, for a slow shared machine; the test ends as soon as the text appears.
const TIMEOUT_MS: u64 = 20_000;

fn spawn(args: &[&str]) -> PtySession {
    let mut command = common::advisor_process();
    command.args(args).env("NO_COLOR", "1").env("TERM", "xterm");
    spawn_command(command, Some(TIMEOUT_MS)).expect("the advisor starts in a pseudo-terminal")
}

/// Waits for a prompt, moves down `downs` rows and presses Enter.
fn choose(session: &mut PtySession, prompt: &str, downs: usize) {
    session.exp_string(prompt).expect(prompt);
    // The key hint is drawn last: once it is there, the prompt reads keys.
    session.exp_string("Esc quit]").expect("the key hint");
    for _ in 0..downs {
        session.send(DOWN).expect("send down");
    }
    session.send(ENTER).expect("send enter");
    session.flush().expect("flush");
}

#[test]
fn arrow_keys_and_enter_lead_to_a_recommendation() {
    let mut session = spawn(&["advise"]);
    // "I cannot make the proposed time" is the sixth option.
    choose(&mut session, "main thing making you hesitate", 5);
    // Interest: 5 (very keen).
    choose(&mut session, "How interested are you", 4);
    // Confirmed: yes; referred: no; cross paths: possibly.
    choose(&mut session, "already confirmed", 0);
    choose(&mut session, "refer you", 1);
    choose(&mut session, "cross paths", 1);
    session
        .exp_string("In how many days")
        .expect("number prompt");
    session.exp_string("Esc quit]").expect("the key hint");
    session.send("4").expect("type");
    session.send(ENTER).expect("enter");
    session.flush().expect("flush");
    choose(&mut session, "company's future", 3);
    choose(&mut session, "work there some day", 0);
    choose(&mut session, "where you want your career to go", 3);
    choose(&mut session, "other promising options", 1);
    choose(&mut session, "brief reason", 0);
    choose(&mut session, "keep the door open", 0);
    // The default, no, is preselected.
    choose(&mut session, "keep you in mind", 0);
    choose(&mut session, "Change an answer, or go on", 0);
    session
        .exp_string("Recommendation: POSTPONE")
        .expect("the recommendation is shown");
    // Decline the offer to write the message now.
    session
        .exp_string("Write the message")
        .expect("the hand-off");
    session.send("n\r").expect("no letter");
    session.flush().expect("flush");
    session.exp_eof().expect("the advisor ends");
    let status = session.process().wait().expect("exit status");
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_and_saves_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("answers.yaml");
    let saved_arg = saved.to_string_lossy().into_owned();
    let mut session = spawn(&["advise", "--save", &saved_arg]);
    choose(&mut session, "main thing making you hesitate", 0);
    session
        .exp_string("How interested are you")
        .expect("second prompt");
    session.send_control('c').expect("ctrl-c");
    session
        .exp_string("interrupted: nothing was saved")
        .expect("a short message");
    session.exp_eof().expect("the advisor ends");
    let status = session.process().wait().expect("exit status");
    assert!(matches!(status, WaitStatus::Exited(_, 130)), "{status:?}");
    assert!(!saved.exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}

#[test]
fn escape_at_a_prompt_exits_130() {
    let mut session = spawn(&["advise"]);
    session
        .exp_string("main thing making you hesitate")
        .expect("first prompt");
    session.send("\x1b").expect("escape");
    session.flush().expect("flush");
    session.exp_eof().expect("the advisor ends");
    let status = session.process().wait().expect("exit status");
    assert!(matches!(status, WaitStatus::Exited(_, 130)), "{status:?}");
}

#[test]
fn after_the_recommendation_the_advisor_writes_the_message_asking_only_missing_details() {
    // The file has every detail but the availability a reschedule request needs.
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/answers/valid.yaml"
    );
    let mut session = spawn(&["advise", "--answers", file]);
    session
        .exp_string("Recommendation: POSTPONE")
        .expect("the recommendation");
    session
        .exp_string("Write the message")
        .expect("the hand-off");
    session.send("y\r").expect("yes");
    session.flush().expect("flush");
    session
        .exp_string("When you could interview instead")
        .expect("asks for the availability");
    session.exp_string("Esc quit]").expect("the key hint");
    // A detail that cannot go in a letter is refused at the prompt, which asks again.
    session
        .send(&format!("{}\r", "x".repeat(600)))
        .expect("type");
    session.flush().expect("flush");
    session
        .exp_string("at most 500")
        .expect("the entry is refused");
    for _ in 0..600 {
        session.send("\x7f").expect("backspace");
    }
    session.send("Monday at 10\r").expect("type");
    session.flush().expect("flush");
    session
        .exp_string("Subject: ")
        .expect("the letter is written");
    session.exp_string("Monday at 10").expect("with the detail");
    session.exp_eof().expect("the advisor ends");
    let status = session.process().wait().expect("exit status");
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
}
