//! The README never lies: every command in a `console` block is run, in order, in one
//! scratch folder, and its output must be what the README shows.
//!
//! A block line `$ COMMAND` is a command; the lines after it, up to the next command or the
//! end of the block, are its standard output (or its standard error when it fails). A
//! trailing `# exits N` says the command is expected to exit with N.
//!
//! Run with `README_UPDATE=1` to write the actual outputs into README.md instead.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::path::{Path, PathBuf};

struct Example {
    /// Index of the `$ ` line in the README's lines.
    line: usize,
    command: String,
    exit: i32,
    /// The lines shown after the command.
    shown: Vec<String>,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    for (index, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_console = line == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            let (command, exit) = match command.rsplit_once("# exits ") {
                Some((command, code)) => (
                    command.trim_end().to_string(),
                    code.trim().parse().expect("a number after `# exits`"),
                ),
                None => (command.to_string(), 0),
            };
            examples.push(Example {
                line: index,
                command,
                exit,
                shown: Vec::new(),
            });
        } else if let Some(example) = examples.last_mut() {
            example.shown.push(line.to_string());
        }
    }
    examples
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch folder where `rules/` and `tests/` are the repository's.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["rules", "tests"] {
        std::os::unix::fs::symlink(root().join(name), dir.path().join(name)).expect("symlink");
    }
    std::fs::create_dir(dir.path().join("config")).expect("config dir");
    std::fs::create_dir(dir.path().join("home")).expect("home dir");
    dir
}

fn run(example: &Example, dir: &Path) -> (i32, String) {
    let bin = PathBuf::from(common::BIN);
    let path = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = common::process("bash")
        .arg("-c")
        .arg(&example.command)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("HOME", dir.join("home"))
        .output()
        .expect("bash runs");
    let code = output.status.code().unwrap_or(-1);
    let text = if code == 0 {
        output.stdout
    } else {
        output.stderr
    };
    (code, String::from_utf8_lossy(&text).into_owned())
}

#[cfg(unix)]
#[test]
fn every_console_example_in_the_readme_prints_what_it_shows() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let examples = examples(&readme);
    assert!(
        examples.len() >= 8,
        "the README should show its commands ({} found)",
        examples.len()
    );
    let dir = scratch();
    let update = std::env::var_os("README_UPDATE").is_some();
    let mut lines: Vec<String> = readme.lines().map(str::to_string).collect();
    let mut failures = Vec::new();
    // Replace from the end so earlier line numbers stay valid.
    let mut replacements = Vec::new();
    for example in &examples {
        let (code, output) = run(example, dir.path());
        let actual: Vec<String> = output.lines().map(str::to_string).collect();
        if code != example.exit {
            failures.push(format!(
                "README.md:{}: `{}` exited {code}, expected {}:\n{output}",
                example.line + 1,
                example.command,
                example.exit
            ));
        } else if actual != example.shown {
            failures.push(format!(
                "README.md:{}: `{}` printed\n{}\nbut the README shows\n{}",
                example.line + 1,
                example.command,
                actual.join("\n"),
                example.shown.join("\n")
            ));
        }
        replacements.push((example.line, example.shown.len(), actual));
    }
    if update {
        for (line, shown, actual) in replacements.into_iter().rev() {
            lines.splice(line + 1..line + 1 + shown, actual);
        }
        std::fs::write(&path, lines.join("\n") + "\n").expect("write README.md");
        return;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
