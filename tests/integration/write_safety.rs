//! Nothing is ever lost: every file the advisor writes (`advise --save`, `letter --out`,
//! `rules init`) goes to a temporary file in the same folder and is renamed into place; an
//! existing file is replaced only with `--force`; an error or Ctrl-C part-way leaves neither
//! a partial file nor a temporary one; a folder that cannot be written to is a clear error
//! with exit code 74; and what is saved is readable by its owner only.
//!
//! Tests run as root in CI, where permission bits do not stop reading or writing: a path
//! whose parent is a regular file stands in for "cannot write there" everywhere, and the
//! permission-bit tests check the real refusal when not root and the root behaviour (the
//! file is read or written) when root.
#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ANSWERS: &str = "\
answers:
  reason: accepted_offer
  interest: 2
  already_confirmed: false
  referred: false
  future_contact: medium
  days_until_interview: 5
  company_growth: 3
  revisit_later: true
  goal_alignment: 2
  other_options: many
details:
  company: Acme Analytics
  position: Data Analyst
  interviewer_name: Dana Lee
  your_name: Sam Park
";

/// The three ways the advisor writes a file, each writing to `target`.
#[derive(Debug, Clone, Copy)]
enum Writer {
    Save,
    Out,
    Init,
}

const WRITERS: [Writer; 3] = [Writer::Save, Writer::Out, Writer::Init];

impl Writer {
    fn args(self, target: &str) -> Vec<String> {
        let args: Vec<&str> = match self {
            Writer::Save => vec![
                "advise",
                "--no-input",
                "--answers",
                "answers.yaml",
                "--save",
            ],
            Writer::Out => vec!["letter", "--no-input", "--answers", "answers.yaml", "--out"],
            Writer::Init => vec!["rules", "init"],
        };
        args.into_iter()
            .map(String::from)
            .chain([target.to_string()])
            .collect()
    }

    /// The permission bits of what it writes.
    fn mode(self) -> u32 {
        match self {
            Writer::Save | Writer::Out => 0o600,
            // A copy of the built-in rules holds nothing personal, and is meant to be shared.
            Writer::Init => 0o644,
        }
    }
}

/// A fresh folder holding `answers.yaml`.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("answers.yaml"), ANSWERS).expect("answers");
    dir
}

fn command(dir: &Path, args: &[String]) -> Command {
    let mut command = common::advisor_process();
    command.args(args).current_dir(dir).stdin(Stdio::null());
    command
}

fn run(dir: &Path, args: &[String]) -> (i32, String) {
    let Output { status, stderr, .. } = command(dir, args).output().expect("runs");
    (
        status.code().expect("an exit code"),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// The names in `dir`, not recursing.
fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(ToString::to_string).collect()
}

fn is_root() -> bool {
    // A file with no permission bits can still be opened by root.
    let dir = tempfile::tempdir().expect("temp dir");
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "x").expect("probe");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::read(&probe).is_ok()
}

#[test]
fn each_writer_writes_the_file_whole_with_no_temporary_file_left() {
    for writer in WRITERS {
        let dir = folder();
        let (code, stderr) = run(dir.path(), &writer.args("written.txt"));
        assert_eq!(code, 0, "{writer:?}: {stderr}");
        assert_eq!(
            names(dir.path()),
            set(&["answers.yaml", "written.txt"]),
            "{writer:?}"
        );
        let mode = std::fs::metadata(dir.path().join("written.txt"))
            .expect("written")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, writer.mode(), "{writer:?}");
    }
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    for writer in WRITERS {
        let dir = folder();
        let target = dir.path().join("existing.txt");
        std::fs::write(&target, "keep me\n").expect("existing");
        let (code, stderr) = run(dir.path(), &writer.args("existing.txt"));
        assert_eq!(code, 74, "{writer:?}");
        assert_eq!(
            stderr.lines().next(),
            Some(
                "error: existing.txt: cannot write: the file already exists (use --force to replace it)"
            ),
            "{writer:?}"
        );
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "keep me\n");

        let mut forced = writer.args("existing.txt");
        forced.push("--force".to_string());
        let (code, stderr) = run(dir.path(), &forced);
        assert_eq!(code, 0, "{writer:?}: {stderr}");
        assert_ne!(std::fs::read_to_string(&target).expect("read"), "keep me\n");
        assert_eq!(
            names(dir.path()),
            set(&["answers.yaml", "existing.txt"]),
            "{writer:?}"
        );
    }
}

#[test]
fn an_error_part_way_leaves_no_partial_or_temporary_file() {
    // The temporary file is written, then renaming it over a folder fails.
    for writer in WRITERS {
        let dir = folder();
        std::fs::create_dir(dir.path().join("taken")).expect("folder");
        let mut args = writer.args("taken");
        args.push("--force".to_string());
        let (code, stderr) = run(dir.path(), &args);
        assert_eq!(code, 74, "{writer:?}");
        assert_eq!(
            stderr.lines().next(),
            Some("error: taken: cannot write: it is a folder, not a file"),
            "{writer:?}"
        );
        assert_eq!(
            names(dir.path()),
            set(&["answers.yaml", "taken"]),
            "{writer:?}"
        );
        assert!(names(&dir.path().join("taken")).is_empty(), "{writer:?}");
    }
}

// The write-pause hook exists only in builds with debug assertions (see `output::PAUSE_ENV`).
#[cfg(debug_assertions)]
#[test]
fn ctrl_c_or_quit_part_way_leaves_no_partial_or_temporary_file() {
    for (writer, signal) in WRITERS
        .into_iter()
        .flat_map(|writer| [(writer, "-INT"), (writer, "-QUIT")])
    {
        let dir = folder();
        let child = command(dir.path(), &writer.args("written.txt"))
            // The write waits this long between the temporary file and the rename.
            .env("INTERVIEW_ADVISOR_TEST_WRITE_PAUSE_MS", "1500")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        // Wait until the temporary file is there: the write is under way.
        let started = Instant::now();
        while !names(dir.path()).iter().any(|n| n.ends_with(".tmp")) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{writer:?}: no temporary file appeared"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let killed = common::process("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let output = child.wait_with_output().expect("ends");
        assert_eq!(output.status.code(), Some(130), "{writer:?} {signal}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr).lines().last(),
            Some("interrupted: no file of yours was written"),
            "{writer:?} {signal}"
        );
        assert_eq!(
            names(dir.path()),
            set(&["answers.yaml"]),
            "{writer:?} {signal}"
        );
    }
}

#[test]
fn force_replaces_only_a_regular_file() {
    for writer in WRITERS {
        let dir = folder();
        let made = common::process("mkfifo")
            .arg(dir.path().join("pipe"))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        std::os::unix::fs::symlink("/dev/null", dir.path().join("null")).expect("symlink");
        for (target, kind) in [("pipe", "a named pipe"), ("null", "a device")] {
            let mut args = writer.args(target);
            args.push("--force".to_string());
            let (code, stderr) = run(dir.path(), &args);
            assert_eq!(code, 74, "{writer:?} {target}");
            assert_eq!(
                stderr.lines().next(),
                Some(
                    format!(
                        "error: {target}: cannot write: it is {kind}, not a regular file; only a \
                         regular file is replaced"
                    )
                    .as_str()
                ),
                "{writer:?}"
            );
        }
        let pipe = std::fs::symlink_metadata(dir.path().join("pipe")).expect("pipe");
        assert!(!pipe.is_file(), "{writer:?}: the pipe was replaced");
        let null = std::fs::symlink_metadata(dir.path().join("null")).expect("link");
        assert!(
            null.file_type().is_symlink(),
            "{writer:?}: the link was replaced"
        );
        assert_eq!(names(dir.path()), set(&["answers.yaml", "null", "pipe"]));
    }
}

#[test]
fn a_file_size_limit_fails_the_write_and_leaves_no_temporary_file() {
    for writer in WRITERS {
        let dir = folder();
        let output = common::process("sh")
            .arg("-c")
            .arg("ulimit -f 0 && exec \"$0\" \"$@\"")
            .arg(common::BIN)
            .args(writer.args("written.txt"))
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(74), "{writer:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr).lines().next(),
            Some(
                "error: written.txt: cannot write: the file would be larger than this process \
                 may write (see `ulimit -f`)"
            ),
            "{writer:?}"
        );
        assert_eq!(names(dir.path()), set(&["answers.yaml"]), "{writer:?}");
    }
}

#[test]
fn a_folder_that_cannot_be_written_to_is_exit_code_74() {
    // Works as root too: the parent of the target is a regular file.
    for writer in WRITERS {
        let dir = folder();
        std::fs::write(dir.path().join("plain.txt"), "x").expect("file");
        let (code, stderr) = run(dir.path(), &writer.args("plain.txt/written.txt"));
        assert_eq!(code, 74, "{writer:?}");
        assert_eq!(
            stderr.lines().next(),
            Some(
                "error: plain.txt/written.txt: cannot write: part of the path is a file, not a folder"
            ),
            "{writer:?}"
        );
        assert_eq!(
            names(dir.path()),
            set(&["answers.yaml", "plain.txt"]),
            "{writer:?}"
        );
    }
}

#[test]
fn a_read_only_folder_is_exit_code_74_except_for_root() {
    let root = is_root();
    for writer in WRITERS {
        let dir = folder();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).expect("folder");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        let (code, stderr) = run(dir.path(), &writer.args("locked/written.txt"));
        let written = names(&locked);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        if root {
            // Root writes into a read-only folder: the write must then be whole and clean.
            assert_eq!(code, 0, "{writer:?} as root: {stderr}");
            assert_eq!(written, set(&["written.txt"]), "{writer:?} as root");
        } else {
            assert_eq!(code, 74, "{writer:?}");
            assert_eq!(
                stderr.lines().next(),
                Some("error: locked/written.txt: cannot write: permission denied"),
                "{writer:?}"
            );
            assert!(written.is_empty(), "{writer:?}: {written:?}");
        }
    }
}

#[test]
fn an_unreadable_answers_file_is_exit_code_74_except_for_root() {
    let dir = folder();
    let answers = dir.path().join("answers.yaml");
    std::fs::set_permissions(&answers, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let (code, stderr) = run(dir.path(), &Writer::Save.args("saved.yaml")[..4]);
    if is_root() {
        assert_eq!(code, 0, "as root the file is read: {stderr}");
    } else {
        assert_eq!(code, 74);
        assert_eq!(
            stderr.lines().next(),
            Some("error: answers.yaml: cannot read: permission denied")
        );
    }
    assert_eq!(names(dir.path()), set(&["answers.yaml"]));
}

#[test]
fn letter_out_refuses_an_existing_file_before_reading_anything_else() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("letter.txt");
    std::fs::write(&out, "keep me").expect("write");
    // The answers file does not exist: the existing --out file is reported first.
    common::advisor()
        .current_dir(dir.path())
        .args(["letter", "--answers", "no-such-answers.yaml", "--out"])
        .arg(&out)
        .assert()
        .code(74)
        .stderr(predicates::str::contains(
            "already exists (use --force to replace it)",
        ));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep me");
}
