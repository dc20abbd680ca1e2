//! The real terminal prompts, driven through a pseudo-terminal: the keys a person uses
//! (arrows, number keys, `?`, Shift-Tab, line-edit keys, Esc, Ctrl-C) and what each does.
#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::path::Path;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

pub(crate) const DOWN: &str = "\x1b[B";
pub(crate) const SHIFT_TAB: &str = "\x1b[Z";
pub(crate) const ENTER: &str = "\r";
const CTRL_U: &str = "\x15";
/// Generous, for a slow shared machine; the test ends as soon as the text appears.
const TIMEOUT_MS: u64 = 20_000;

/// The advisor in a pseudo-terminal, with its settings and state in `home`.
pub(crate) fn spawn_in(home: &Path, args: &[&str]) -> PtySession {
    let mut command = common::advisor_process();
    command
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    spawn_command(command, Some(TIMEOUT_MS)).expect("the advisor starts in a pseudo-terminal")
}

/// Waits until a prompt is drawn and reads keys: its hint line ends with this.
fn wait_for_keys(session: &mut PtySession) {
    session.exp_string("Esc quit]").expect("the key hint");
}

/// Waits for a prompt and sends keys to it.
pub(crate) fn keys(session: &mut PtySession, prompt: &str, keys: &str) {
    session.exp_string(prompt).expect(prompt);
    wait_for_keys(session);
    press(session, keys);
}

/// Sends keys now (the session buffers what it sends until flushed).
fn press(session: &mut PtySession, keys: &str) {
    session.send(keys).expect("send keys");
    session.flush().expect("flush");
}

pub(crate) fn exit_code(session: &mut PtySession) -> i32 {
    session.exp_eof().expect("the advisor ends");
    match session.process().wait().expect("exit status") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("the advisor did not exit normally: {other:?}"),
    }
}

/// Answers the last question ("A few" other options); when the flow first says the answers
/// settle it, chooses to answer the rest anyway.
fn answer_the_last_question(session: &mut PtySession) {
    use rexpect::reader::ReadUntil;
    let (_, found) = session
        .exp_any(vec![
            ReadUntil::String("settle it".to_string()),
            ReadUntil::String("other promising options".to_string()),
        ])
        .expect("the next question, or the line that says it is settled");
    if found == "settle it" {
        wait_for_keys(session);
        press(session, "a");
        keys(session, "other promising options", "2");
    } else {
        // The question is shown: read up to its key hint, as `keys` would.
        wait_for_keys(session);
        press(session, "2");
    }
}

/// Answers the ten questions for a keen candidate who cannot make the proposed time.
fn answer_all(session: &mut PtySession) {
    // Option 6, by its number key: "I cannot make the proposed time".
    keys(session, "main thing making you hesitate", "6");
    // A scale starts in the middle (3): two rows down is 5.
    keys(
        session,
        "How interested are you",
        &format!("{DOWN}{DOWN}{ENTER}"),
    );
    keys(session, "already confirmed", "y");
    keys(session, "refer you", "n");
    keys(session, "cross paths", "2");
    keys(session, "In how many days", &format!("4{ENTER}"));
    keys(session, "company's future", "4");
    keys(session, "work there some day", "y");
    keys(session, "where you want your career to go", "4");
    answer_the_last_question(session);
}

#[test]
fn number_keys_and_arrows_lead_to_a_recommendation() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut session = spawn_in(home.path(), &["advise"]);
    answer_all(&mut session);
    keys(&mut session, "Change an answer, or go on", ENTER);
    keys(&mut session, "Set your own priorities?", "n");
    session
        .exp_string("Recommendation: POSTPONE")
        .expect("the recommendation is shown");
    session
        .exp_string("Write the message")
        .expect("the hand-off");
    press(&mut session, "n");
    assert_eq!(exit_code(&mut session), 0);
}

#[test]
fn back_then_forward_shows_the_skipped_question_with_its_answer() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut session = spawn_in(home.path(), &["advise"]);
    keys(&mut session, "main thing making you hesitate", "6");
    keys(&mut session, "How interested are you", "5");
    keys(&mut session, "already confirmed", "y");
    keys(&mut session, "refer you", "n");
    keys(&mut session, "cross paths", "2");
    keys(&mut session, "In how many days", &format!("4{ENTER}"));
    // At question 7, back to 6, back again to 5, and choose there.
    keys(&mut session, "company's future", SHIFT_TAB);
    keys(&mut session, "In how many days", SHIFT_TAB);
    keys(&mut session, "cross paths", "3");
    // Question 6 comes next, with its answer kept in the field.
    // (The pseudo-terminal is read byte by byte, so the tests look for ASCII text.)
    session.exp_string("6/10").expect("question 6 again");
    session.exp_string("> 4").expect("the kept answer");
    wait_for_keys(&mut session);
    press(&mut session, ENTER);
    session.exp_string("7/10").expect("then question 7");
    wait_for_keys(&mut session);
    session.send_control('c').expect("ctrl-c");
    assert_eq!(exit_code(&mut session), 130);
}

#[test]
fn question_mark_shows_the_help_on_a_list_and_on_a_number_field() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut session = spawn_in(home.path(), &["advise"]);
    keys(&mut session, "main thing making you hesitate", "?");
    session
        .exp_string("Naming the real reason")
        .expect("the help of a list");
    wait_for_keys(&mut session);
    press(&mut session, "6");
    keys(&mut session, "How interested are you", "5");
    keys(&mut session, "already confirmed", "y");
    keys(&mut session, "refer you", "n");
    keys(&mut session, "cross paths", "2");
    keys(&mut session, "In how many days", "?");
    session
        .exp_string("The sooner the interview")
        .expect("the help of a number field");
    session.send_control('c').expect("ctrl-c");
    assert_eq!(exit_code(&mut session), 130);
}

#[test]
fn ctrl_u_clears_the_number_field() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut session = spawn_in(home.path(), &["advise", "--format", "json"]);
    keys(&mut session, "main thing making you hesitate", "6");
    keys(&mut session, "How interested are you", "5");
    keys(&mut session, "already confirmed", "y");
    keys(&mut session, "refer you", "n");
    keys(&mut session, "cross paths", "2");
    // 99, cleared, then 1: the field shows 1, not "99u1" or 991. Each step waits for the
    // screen, so keys that arrive together on a busy machine cannot hide a step.
    keys(&mut session, "In how many days", "99");
    session.exp_string("> 99\r").expect("typed");
    press(&mut session, &format!("{CTRL_U}1"));
    session.exp_string("> 1\r").expect("cleared, then 1");
    press(&mut session, ENTER);
    // 1 was taken: the next question is drawn and reads keys (Ctrl-C there is Esc's
    // twin; sent while the screen changes, the terminal itself would stop the process).
    keys(&mut session, "company's future", "");
    session.send_control('c').expect("ctrl-c");
    assert_eq!(exit_code(&mut session), 130);
}

#[test]
fn enter_alone_on_a_yes_no_question_chooses_nothing() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut session = spawn_in(home.path(), &["advise"]);
    keys(&mut session, "main thing making you hesitate", "6");
    keys(&mut session, "How interested are you", "5");
    keys(&mut session, "already confirmed", ENTER);
    session
        .exp_string("Choose an answer first")
        .expect("no answer was preselected");
    session.send_control('c').expect("ctrl-c");
    assert_eq!(exit_code(&mut session), 130);
}

#[test]
fn ctrl_c_during_the_questions_exits_130_and_saves_nothing() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("answers.yaml");
    let saved_arg = saved.to_string_lossy().into_owned();
    let mut session = spawn_in(home.path(), &["advise", "--save", &saved_arg]);
    keys(&mut session, "main thing making you hesitate", "1");
    keys(
        &mut session,
        "Have you formally accepted the other offer",
        "",
    );
    session.send_control('c').expect("ctrl-c");
    session
        .exp_string("interrupted: no file of yours was written")
        .expect("a short message");
    assert_eq!(exit_code(&mut session), 130);
    assert!(!saved.exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}

#[test]
fn escape_during_the_questions_exits_130() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut session = spawn_in(home.path(), &["advise"]);
    keys(&mut session, "main thing making you hesitate", "\x1b");
    assert_eq!(exit_code(&mut session), 130);
}

#[test]
fn escape_at_the_offer_of_a_message_means_no_and_keeps_the_saved_answers() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("answers.yaml");
    let saved_arg = saved.to_string_lossy().into_owned();
    let mut session = spawn_in(home.path(), &["advise", "--save", &saved_arg]);
    answer_all(&mut session);
    keys(&mut session, "Change an answer, or go on", ENTER);
    keys(&mut session, "Set your own priorities?", "n");
    session
        .exp_string("Recommendation: POSTPONE")
        .expect("the recommendation");
    session
        .exp_string("Write the message to send now?")
        .expect("the offer");
    session.exp_string("Esc no]").expect("its key hint");
    press(&mut session, "\x1b");
    assert_eq!(exit_code(&mut session), 0);
    let text = std::fs::read_to_string(&saved).expect("the answers were saved");
    assert!(text.contains("reason: schedule_conflict"), "{text}");
}

#[test]
fn escape_while_the_letter_asks_for_details_keeps_the_advice_and_exits_0() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/answers/valid.yaml"
    );
    let mut session = spawn_in(home.path(), &["advise", "--answers", file]);
    session
        .exp_string("Write the message")
        .expect("the hand-off");
    session.exp_string("Esc no]").expect("its key hint");
    press(&mut session, "y");
    keys(&mut session, "brief reason", "y");
    session
        .exp_string("When you could interview instead")
        .expect("asks for the availability");
    session.exp_string("Esc to stop]").expect("its key hint");
    press(&mut session, "\x1b");
    session
        .exp_string("No message written")
        .expect("says no letter was written");
    assert_eq!(exit_code(&mut session), 0);
}

#[test]
fn the_letter_asks_only_what_it_reads_and_save_keeps_the_typed_details() {
    // The file has every answer and detail but the availability a reschedule needs.
    let home = tempfile::tempdir().expect("temp dir");
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("answers.yaml");
    let saved_arg = saved.to_string_lossy().into_owned();
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/answers/valid.yaml"
    );
    let mut session = spawn_in(
        home.path(),
        &["advise", "--answers", file, "--save", &saved_arg],
    );
    session
        .exp_string("Recommendation: POSTPONE")
        .expect("the recommendation");
    session
        .exp_string("Write the message")
        .expect("the hand-off");
    session.exp_string("Esc no]").expect("its key hint");
    press(&mut session, "y");
    // The reschedule request reads whether to give a reason, and nothing else.
    keys(&mut session, "brief reason", "n");
    session
        .exp_string("When you could interview instead")
        .expect("asks for the availability");
    session.exp_string("Esc to stop]").expect("its key hint");
    // A blank entry is asked again, and so is one that cannot go in a letter.
    press(&mut session, ENTER);
    session
        .exp_string("The letter needs this")
        .expect("a blank is asked again");
    press(&mut session, &format!("{}\r", "x".repeat(600)));
    session
        .exp_string("at most 500")
        .expect("the entry is refused");
    press(&mut session, CTRL_U);
    press(&mut session, "Monday at 10\r");
    session
        .exp_string("Subject: ")
        .expect("the letter is written");
    session.exp_string("Monday at 10").expect("with the detail");
    // Then what to do with it: copy it (there is no clipboard program here, so through
    // the terminal), then leave.
    session.exp_string("What next?").expect("the actions");
    session.exp_string("Esc done]").expect("its key hint");
    press(&mut session, "2");
    session
        .exp_string("Copied the letter")
        .expect("the letter was copied");
    session.exp_string("Esc done]").expect("the actions again");
    press(&mut session, "\x1b");
    assert_eq!(exit_code(&mut session), 0);
    let text = std::fs::read_to_string(&saved).expect("saved");
    assert!(text.contains("availability: Monday at 10"), "{text}");
    assert!(text.contains("share_reason: false"), "{text}");
}

#[test]
fn a_letter_on_a_60_column_terminal_is_wrapped_at_spaces() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/answers/valid.yaml"
    );
    let mut command = common::advisor_process();
    command
        .args(["letter", "--answers", file, "--kind", "proceed_confirm"])
        .env("HOME", home.path())
        .env("COLUMNS", "60")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session =
        spawn_command(command, Some(TIMEOUT_MS)).expect("the advisor starts in a pseudo-terminal");
    session.exp_string("Subject:").expect("the letter");
    let rest = session.exp_eof().expect("the advisor ends");
    // The pseudo-terminal gives bytes one by one as characters; count the bytes of UTF-8.
    let bytes: Vec<u8> = rest.chars().map(|c| c as u32 as u8).collect();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body: Vec<&str> = text.lines().collect();
    assert!(body.len() > 8, "{text}");
    for line in &body {
        assert!(line.trim_end().chars().count() <= 60, "{line:?}\n{text}");
    }
    // The first paragraph is longer than 60 characters, so it was broken, at a space.
    assert!(
        body.iter()
            .any(|l| l.trim_end() == "Thank you for inviting me to interview for the Data Analyst"),
        "{text}"
    );
}

#[test]
fn leaving_keeps_a_private_draft_that_resume_goes_on_with_and_then_removes() {
    let home = tempfile::tempdir().expect("temp dir");
    let draft = home
        .path()
        .join("state")
        .join("interview-advisor")
        .join("draft.yaml");
    let mut session = spawn_in(home.path(), &["advise"]);
    keys(&mut session, "main thing making you hesitate", "6");
    keys(&mut session, "How interested are you", "5");
    keys(&mut session, "already confirmed", "\x1b");
    session
        .exp_string("advise --resume")
        .expect("says how to go on");
    assert_eq!(exit_code(&mut session), 130);
    let text = std::fs::read_to_string(&draft).expect("a draft is kept");
    assert!(text.contains("reason: schedule_conflict"), "{text}");
    assert!(text.contains("interest: 5"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&draft)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the draft is private");
    }

    // Resuming asks only what is left, starting where the person stopped.
    let mut session = spawn_in(home.path(), &["advise", "--resume"]);
    session.exp_string("1/8").expect("eight questions are left");
    keys(&mut session, "already confirmed", "y");
    keys(&mut session, "refer you", "n");
    keys(&mut session, "cross paths", "2");
    keys(&mut session, "In how many days", &format!("4{ENTER}"));
    keys(&mut session, "company's future", "4");
    keys(&mut session, "work there some day", "y");
    keys(&mut session, "where you want your career to go", "4");
    answer_the_last_question(&mut session);
    keys(&mut session, "Change an answer, or go on", ENTER);
    keys(&mut session, "Set your own priorities?", "n");
    session
        .exp_string("Recommendation: POSTPONE")
        .expect("the recommendation");
    session
        .exp_string("Esc no]")
        .expect("the offer of a letter");
    press(&mut session, "n");
    assert_eq!(exit_code(&mut session), 0);
    assert!(!draft.exists(), "the draft is removed once done");
}

#[test]
fn review_opens_saved_answers_on_the_review_screen() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/answers/valid.yaml"
    );
    let mut session = spawn_in(home.path(), &["advise", "--answers", file, "--review"]);
    // Change the interest from 5 to 1 at the review screen.
    keys(
        &mut session,
        "Change an answer, or go on",
        &format!("{DOWN}{DOWN}{ENTER}"),
    );
    keys(&mut session, "How interested are you", "1");
    session
        .exp_string("1 of 5 (none at all)")
        .expect("the changed answer is reviewed");
    wait_for_keys(&mut session);
    press(&mut session, ENTER);
    keys(&mut session, "Set your own priorities?", "n");
    session
        .exp_string("Recommendation: ")
        .expect("the recommendation");
    session
        .exp_string("Esc no]")
        .expect("the offer of a letter");
    press(&mut session, "n");
    assert_eq!(exit_code(&mut session), 0);
}

#[test]
fn a_letter_by_name_asks_on_a_terminal_only_the_answers_it_reads() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut session = spawn_in(
        home.path(),
        &[
            "letter",
            "--kind",
            "postpone_reschedule",
            "--set",
            "interviewer_name=Dana Lee",
            "--set",
            "company=Acme",
            "--set",
            "position=Analyst",
            "--set",
            "your_name=Sam Park",
            "--set",
            "availability=Monday",
        ],
    );
    // The reason decides which of the letter's claims can hold, and so what else it reads:
    // up to seven questions; a clash settles it at five.
    session
        .exp_string("1/about 7")
        .expect("about seven questions");
    keys(&mut session, "main thing making you hesitate", "6");
    session.exp_string("2/5 ").expect("five questions in all");
    keys(&mut session, "How interested are you", "5");
    keys(&mut session, "already confirmed", "y");
    keys(&mut session, "In how many days", &format!("5{ENTER}"));
    keys(&mut session, "brief reason", "y");
    session
        .exp_string("Subject: Analyst interview: request to reschedule")
        .expect("the letter");
    session
        .exp_string("I am sorry to ask for a change after confirming")
        .expect("written with the answers given");
    assert_eq!(exit_code(&mut session), 0);
}

#[test]
fn when_the_answers_settle_it_one_line_says_so_and_enter_goes_to_the_result() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut session = spawn_in(home.path(), &["advise"]);
    // An offer taken: a hard rule decides, whatever else is said.
    keys(&mut session, "main thing making you hesitate", "1");
    keys(&mut session, "formally accepted the other offer", "y");
    session
        .exp_string("Your answers so far settle it: decline, whatever the")
        .expect("the one line");
    session.exp_string("Esc quit]").expect("its key hint");
    press(&mut session, ENTER);
    keys(&mut session, "Change an answer, or go on", ENTER);
    keys(&mut session, "Set your own priorities?", "n");
    session
        .exp_string("Recommendation: DECLINE")
        .expect("the result");
    session
        .exp_string("Esc no]")
        .expect("the offer of a letter");
    press(&mut session, "n");
    assert_eq!(exit_code(&mut session), 0);
}
