//! Acting on the letter: `--edit` uses what the editor saved, `--copy` puts it on the
//! clipboard, `--open` hands a `mailto:` link to the desktop's opener; each says clearly
//! when it cannot.
#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::path::Path;

use predicates::prelude::*;

const ANSWERS: &str = "tests/fixtures/answers/valid.yaml";

/// A folder of stand-in programs that record what they were given in `dir`.
fn programs(dir: &Path) -> String {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    for (name, script) in [
        (
            "wl-copy",
            format!("#!/bin/sh\ncat > '{}'\n", dir.join("clipboard").display()),
        ),
        (
            "xdg-open",
            format!(
                "#!/bin/sh\nprintf %s \"$1\" > '{}'\n",
                dir.join("opened").display()
            ),
        ),
    ] {
        let path = bin.join(name);
        std::fs::write(&path, script).expect("write");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("mode");
    }
    format!("{}:/usr/bin:/bin", bin.display())
}

fn letter(args: &[&str]) -> assert_cmd::Command {
    let mut command = common::advisor();
    command
        .args(["letter", "--answers", ANSWERS, "--kind", "proceed_confirm"])
        .args(args);
    command
}

#[test]
fn edit_writes_what_the_editor_saved() {
    letter(&["--edit"])
        .env("PATH", "/usr/bin:/bin")
        .env("EDITOR", "sed -i s/Dear/Hello/")
        .assert()
        .success()
        .stdout(predicate::str::contains("\nHello Dana Lee,\n"))
        .stdout(predicate::str::contains("Dear").not());
}

#[test]
fn edit_without_an_editor_says_how_to_set_one() {
    letter(&["--edit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("set VISUAL or EDITOR"));
}

#[test]
fn copy_puts_the_letter_on_the_system_clipboard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let assert = letter(&["--copy"])
        .env("PATH", programs(dir.path()))
        .env("WAYLAND_DISPLAY", "wayland-0")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Copied the letter to the clipboard (with wl-copy).",
        ));
    let copied = std::fs::read_to_string(dir.path().join("clipboard")).expect("copied");
    assert_eq!(copied.as_bytes(), assert.get_output().stdout.as_slice());
}

#[test]
fn copy_without_a_clipboard_or_a_terminal_says_what_is_missing() {
    letter(&["--copy"])
        .env("PATH", "/nonexistent")
        .assert()
        .code(74)
        .stderr(predicate::str::contains("no clipboard program"));
}

#[test]
fn open_hands_a_percent_encoded_mailto_link_to_the_opener() {
    let dir = tempfile::tempdir().expect("temp dir");
    letter(&["--open", "--set", "interviewer_email=dana.lee@acme.example"])
        .env("PATH", programs(dir.path()))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "in your mail program (with xdg-open)",
        ));
    let url = std::fs::read_to_string(dir.path().join("opened")).expect("opened");
    assert!(
        url.starts_with(
            "mailto:dana.lee@acme.example?subject=Data%20Analyst%20interview%3A%20confirming%20my%20place&body=Dear%20Dana%20Lee%2C%0D%0A%0D%0AThank%20you"
        ),
        "{url}"
    );
    assert!(!url.contains(' ') && !url.contains('\n'), "{url}");
}

#[test]
fn open_without_an_opener_says_so_and_gives_the_link() {
    letter(&["--open"])
        .env("PATH", "/nonexistent")
        .assert()
        .code(74)
        .stderr(predicate::str::contains("no program here that opens links"))
        .stderr(predicate::str::contains(
            "mailto:?subject=Data%20Analyst%20interview%3A%20confirming",
        ));
}
