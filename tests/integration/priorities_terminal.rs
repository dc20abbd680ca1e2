//! `priorities` and the questionnaire's offer of it on a real terminal, driven through a
//! pseudo-terminal: select lists answered by number keys, Back, the review screen.
#![cfg(unix)]
#![allow(clippy::expect_used)]

use crate::terminal::{DOWN, ENTER, SHIFT_TAB, exit_code, keys, spawn_in};

#[test]
fn priorities_on_a_terminal_goes_back_and_reviews() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut session = spawn_in(home.path(), &["priorities", "--format", "json"]);
    keys(&mut session, "1/about 6", "1");
    keys(&mut session, "2/about 6", "2");
    // Back from the third question to the second, and answer it otherwise.
    keys(&mut session, "3/about 5", SHIFT_TAB);
    keys(&mut session, "2/about 6", "3");
    // Motivation over reputation, growth over reputation; now goals over growth.
    keys(&mut session, "3/about 6", "3");
    // Motivation against growth is still open; about the same settles the rest.
    keys(&mut session, "4/about 5", "2");
    // The review lists the four answers; change the first.
    session
        .exp_string("Change an answer, or go on")
        .expect("the review");
    keys(
        &mut session,
        "Growth matters more",
        &format!("{DOWN}{ENTER}"),
    );
    // Reputation over motivation now: motivation against growth follows, and is dropped.
    keys(&mut session, "1/", "3");
    keys(&mut session, "Change an answer, or go on", ENTER);
    // Goals over growth over reputation over motivation.
    for line in [
        "\"motivation\": 0.45",
        "\"reputation\": 0.9",
        "\"growth\": 1.35",
        "\"goals\": 1.8",
    ] {
        session.exp_string(line).expect(line);
    }
    assert_eq!(exit_code(&mut session), 0);
}

#[test]
fn the_questionnaire_offers_own_priorities_before_the_result() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/weights/unsure-fair-fit.yaml"
    );
    // One answer missing, so the questionnaire runs and then offers the priorities.
    let dir = tempfile::tempdir().expect("temp dir");
    let partial = dir.path().join("partial.yaml");
    let text = std::fs::read_to_string(file).expect("the fixture exists");
    std::fs::write(&partial, text.replace("  other_options: none\n", ""))
        .expect("the partial file is written");
    let partial = partial.to_string_lossy().into_owned();
    let mut session = spawn_in(home.path(), &["advise", "--answers", &partial]);
    // The file predates `can_attend`: on a terminal it is asked, like any verdict question.
    keys(&mut session, "Could you attend at the proposed time", "y");
    keys(&mut session, "other promising options", "1");
    keys(&mut session, "Change an answer, or go on", ENTER);
    session
        .exp_string("Set your own priorities?")
        .expect("the offer");
    session.exp_string("Esc quit]").expect("its key hint");
    session.send("y").expect("send keys");
    session.flush().expect("flush");
    // Everything about the same: three questions settle all six pairs.
    keys(&mut session, "1/about 6", "2");
    keys(&mut session, "2/about 6", "2");
    keys(&mut session, "3/", "2");
    keys(&mut session, "Change an answer, or go on", ENTER);
    session
        .exp_string("(yours)")
        .expect("the table marks the weights as the person's own");
    session.exp_string("Recommendation:").expect("the result");
    session
        .exp_string("Write the message")
        .expect("the hand-off");
    session.send("n").expect("send keys");
    session.flush().expect("flush");
    assert_eq!(exit_code(&mut session), 0);
}
