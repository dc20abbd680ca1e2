//! What the tests that run the real binary share: the command, set up alike, and its
//! result as text. Each test file uses part of it.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]
// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::process::Output;

use assert_cmd::Command;

/// The binary, run from the crate root with the built-in rule set and no colour.
pub fn advisor() -> Command {
    let mut command = Command::cargo_bin("interview-advisor").expect("the binary is built");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("INTERVIEW_ADVISOR_RULES")
        .env("NO_COLOR", "1");
    command
}

/// Runs `command`: its exit code, standard output and standard error.
pub fn run(command: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("the binary runs");
    (
        status.code().expect("the binary exits with a code"),
        String::from_utf8(stdout).expect("stdout is UTF-8"),
        String::from_utf8(stderr).expect("stderr is UTF-8"),
    )
}
