//! What the tests that run the real binary share: the command, set up alike, and its
//! result as text.
//!
//! Every run of the binary starts from an empty environment, so no setting of the person
//! running the tests (a personal rule set in the config folder, `INTERVIEW_ADVISOR_RULES`,
//! `NO_COLOR`, `COLUMNS`, an editor, a fixed date) can change a result. A test that needs
//! one of them sets it on the command it builds.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;

/// The built binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_interview-advisor");

/// The binary, run from the crate root in a clean environment (see [`clean`]).
pub fn advisor() -> Command {
    Command::from_std(advisor_process())
}

/// The binary as a plain process, for tests that drive it themselves (a pseudo-terminal,
/// signals); the same clean environment as [`advisor`].
pub fn advisor_process() -> std::process::Command {
    process(BIN)
}

/// Any program (a shell that runs the binary, for instance) in the clean environment.
pub fn process(program: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
    let mut command = std::process::Command::new(program);
    clean(&mut command);
    command
}

/// Empties `command`'s environment and gives it folders of its own: home, config, state,
/// data and cache point into one empty scratch folder of the test binary. Only `PATH` is
/// kept, so that shells find their tools. The working folder is the crate root.
pub fn clean(command: &mut std::process::Command) -> &mut std::process::Command {
    let scratch = scratch();
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", scratch.join("home"))
        .env("XDG_CONFIG_HOME", scratch.join("config"))
        .env("XDG_STATE_HOME", scratch.join("state"))
        .env("XDG_DATA_HOME", scratch.join("data"))
        .env("XDG_CACHE_HOME", scratch.join("cache"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
}

/// The scratch folder of this test binary, under the build's temporary folder. Nothing
/// the binary runs in these tests writes there; it is made once and kept between runs.
fn scratch() -> &'static Path {
    static SCRATCH: OnceLock<PathBuf> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("clean-env")
            .join(env!("CARGO_CRATE_NAME"));
        for name in ["home", "config", "state", "data", "cache"] {
            std::fs::create_dir_all(dir.join(name)).expect("a scratch folder");
        }
        dir
    })
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

/// The `error:` lines of `stderr`, once every placed error is checked to be followed by
/// its line of the file and a caret (` 4 |   intrest: 4` then `   |   ^`).
pub fn error_lines(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut errors = String::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        assert!(
            line.starts_with("error: "),
            "not an error line: {line:?} in\n{stderr}"
        );
        errors.push_str(line);
        errors.push('\n');
        index += 1;
        let placed = line
            .split(": ")
            .nth(1)
            .is_some_and(|place| place.matches(':').count() == 2);
        if placed {
            let (quoted, caret) = (lines.get(index), lines.get(index + 1));
            let number = line.split(':').nth(2).unwrap_or_default();
            assert!(
                quoted.is_some_and(|q| q.starts_with(&format!(" {number} | "))),
                "no quoted line after {line:?} in\n{stderr}"
            );
            assert!(
                caret.is_some_and(|c| c.trim_start().starts_with('|') && c.ends_with('^')),
                "no caret after {line:?} in\n{stderr}"
            );
            index += 2;
        }
    }
    errors
}
