//! The process around a command: the standard streams, a panic turned into one line, and
//! an error turned into its message on standard error and its exit code.

use std::io::{IsTerminal, Write};

use anyhow::Context;
use clap::Parser;

use super::Streams;
use crate::cli::Cli;
use crate::error::{Error, describe_io, exit};
use crate::letter::LetterError;
use crate::text::escaped;

/// Runs `body` with panics turned into one line on standard error (what, where in the
/// source, and to report it) and exit code 1, instead of a Rust backtrace.
pub fn catching_panics(body: impl FnOnce() -> anyhow::Result<u8>) -> anyhow::Result<u8> {
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(std::io::stderr(), "{}", internal_error_line(info));
    }));
    guarded(body)
}

/// The command line, parsed. `--help` and `--version` print to standard output and end the
/// process with 0 (an error when the text cannot be written, such as a full disk); other
/// command-line mistakes are printed by clap, with exit code 2. A closed standard output is
/// refused before anything else.
pub fn parse_command_line() -> anyhow::Result<Cli> {
    // A closed standard output swallows what is written to it without a word, and the
    // next file opened would take its place: refuse to start instead.
    if !stdout_is_open() {
        return Err(std::io::Error::other(
            "standard output is closed; run again with it open (`> /dev/null` discards it)",
        ))
        .context("<stdout>: cannot write");
    }
    let error = match Cli::try_parse() {
        Ok(cli) => return Ok(cli),
        Err(error) => error,
    };
    use clap::error::ErrorKind;
    if !matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        error.exit();
    }
    error
        .print()
        .and_then(|()| std::io::stdout().flush())
        .context("<stdout>: cannot write")?;
    std::process::exit(exit::OK.into())
}

/// Runs the command line with the process's standard streams and returns the exit code.
pub fn run_on_standard_streams(cli: &Cli) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut streams = Streams {
        out: &mut stdout.lock(),
        err: &mut stderr.lock(),
        out_is_terminal: std::io::stdout().is_terminal(),
        err_is_terminal: std::io::stderr().is_terminal(),
    };
    super::run(cli, &mut streams)
}

/// Whether standard output was open when the program started. The standard library puts
/// `/dev/null`, opened for reading and writing, in place of a standard stream that was
/// closed, so that output to it would vanish without a word; a shell's `> /dev/null` opens
/// it for writing only. (Known on Linux; elsewhere it is taken as open.)
fn stdout_is_open() -> bool {
    #[cfg(target_os = "linux")]
    {
        const ACCESS_MODE: u32 = 0o3;
        const READ_WRITE: u32 = 0o2;
        let is_dev_null = std::fs::read_link("/proc/self/fd/1")
            .is_ok_and(|target| target == std::path::Path::new("/dev/null"));
        if !is_dev_null {
            return true;
        }
        let flags = std::fs::read_to_string("/proc/self/fdinfo/1")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|line| line.strip_prefix("flags:"))
                    .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
            });
        flags.is_none_or(|flags| flags & ACCESS_MODE != READ_WRITE)
    }
    #[cfg(not(target_os = "linux"))]
    true
}

/// Prints `error` on standard error and returns its exit code.
pub fn report(error: &anyhow::Error) -> u8 {
    report_to(error, &mut std::io::stderr().lock())
}

/// Runs `body`; a panic in it becomes exit code 1 (the hook has said what happened).
fn guarded(body: impl FnOnce() -> anyhow::Result<u8>) -> anyhow::Result<u8> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or(Ok(exit::INTERNAL))
}

/// What the user sees when the advisor panics: what, where in the source, and what to do.
fn internal_error_line(info: &std::panic::PanicHookInfo) -> String {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unexpected failure");
    let place = info
        .location()
        .map(|l| format!(" (at {}:{})", l.file(), l.line()))
        .unwrap_or_default();
    format!("internal error: {what}{place}; please report it")
}

/// The exit code of an error: the library's own kind (a letter's error as the library
/// sorts it), else 74 for an input/output error (given its context by the app layer),
/// else 1. A closed pipe (`| head -1`) is the reader's choice, not an error: 0.
fn exit_code(error: &anyhow::Error) -> u8 {
    for cause in error.chain() {
        if let Some(letter) = cause.downcast_ref::<LetterError>() {
            return Error::from(letter.clone()).exit_code();
        }
        if let Some(error) = cause.downcast_ref::<Error>() {
            return match error {
                Error::Io { source, .. } if is_closed_pipe(source) => exit::OK,
                other => other.exit_code(),
            };
        }
        if let Some(source) = cause.downcast_ref::<std::io::Error>() {
            return if is_closed_pipe(source) {
                exit::OK
            } else {
                exit::IO
            };
        }
    }
    exit::INTERNAL
}

fn is_closed_pipe(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::BrokenPipe
}

/// Writes what the user sees for `error` to `err` and returns the exit code. Each
/// problem of invalid data is a line of its own; an input/output error reads as its
/// context then the failure in plain words (`answers.yaml: cannot read: no such file`).
fn report_to(error: &anyhow::Error, err: &mut dyn Write) -> u8 {
    let code = exit_code(error);
    if code == exit::OK {
        return code;
    }
    let _ = match error.downcast_ref::<Error>() {
        Some(Error::Invalid(problems)) => {
            for problem in problems {
                let _ = writeln!(err, "error: {problem}");
                if let Some(excerpt) = problem.excerpt() {
                    let _ = writeln!(err, "{excerpt}");
                }
            }
            if problems.len() > 1 {
                let _ = writeln!(err, "error: {} problems found", problems.len());
            }
            Ok(())
        }
        Some(Error::Interrupted) => writeln!(err, "{}", Error::Interrupted),
        Some(other) => writeln!(err, "error: {}", shown(&other.to_string())),
        None => writeln!(err, "error: {}", shown(&described(error))),
    };
    code
}

/// An error with its context, as one line: each layer of context, then the cause, an
/// input/output failure in plain words (`answers.yaml: cannot read: no such file`).
pub fn described(error: &anyhow::Error) -> String {
    let parts: Vec<String> = error
        .chain()
        .map(|cause| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => describe_io(io),
            None => cause.to_string(),
        })
        .collect();
    parts.join(": ")
}

/// Whether `error` is the person stopping the program (Ctrl-C, Esc), at any depth.
pub fn is_interrupted(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|cause| matches!(cause.downcast_ref::<Error>(), Some(Error::Interrupted)))
}

/// Each line of a message, with what could act on a terminal shown escaped.
fn shown(text: &str) -> String {
    text.split('\n').map(escaped).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use anyhow::Context;

    use super::*;
    use crate::error::Diagnostic;

    fn reported(error: anyhow::Error) -> (u8, String) {
        let mut err = Vec::new();
        let code = report_to(&error, &mut err);
        (code, String::from_utf8_lossy(&err).into_owned())
    }

    #[test]
    fn a_panic_is_one_line_and_exit_code_1() {
        let line = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let seen = std::sync::Arc::clone(&line);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Ok(mut seen) = seen.lock() {
                *seen = internal_error_line(info);
            }
        }));
        let code = guarded(|| panic!("boom"));
        std::panic::set_hook(previous);
        assert_eq!(code.ok(), Some(1));
        let line = line.lock().map(|l| l.clone()).unwrap_or_default();
        assert!(
            line.starts_with("internal error: boom (at src/app/process.rs:"),
            "{line}"
        );
        assert!(line.ends_with("; please report it"), "{line}");
    }

    #[test]
    fn a_letter_error_keeps_its_exit_code_without_a_conversion() {
        let unknown = LetterError::UnknownKind {
            kind: "x".into(),
            known: "a, b".into(),
        };
        let (code, text) = reported(anyhow::Error::from(unknown.clone()));
        assert_eq!(code, exit::USAGE);
        assert_eq!(text, format!("error: {unknown}\n"));
        let missing = LetterError::MissingDetails {
            letter: "l".into(),
            missing: vec!["company"],
        };
        let wrapped = anyhow::Error::from(missing).context("writing the letter");
        assert_eq!(reported(wrapped).0, exit::DATA);
    }

    #[test]
    fn an_io_error_with_context_is_exit_code_74_in_plain_words() {
        let failed: Result<(), std::io::Error> = Err(std::io::ErrorKind::NotFound.into());
        let error = failed.context("cases: cannot read").unwrap_err();
        assert_eq!(
            reported(error),
            (
                74,
                "error: cases: cannot read: no such file or folder\n".to_string()
            )
        );
    }

    #[test]
    fn a_closed_pipe_is_success_and_prints_nothing() {
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert_eq!(reported(anyhow::Error::new(pipe)), (0, String::new()));
        let typed = Error::Io {
            action: "cannot write",
            path: "<stdout>".into(),
            source: std::io::ErrorKind::BrokenPipe.into(),
        };
        assert_eq!(reported(typed.into()), (0, String::new()));
    }

    #[test]
    fn the_library_errors_keep_their_codes_and_lines() {
        let two = Error::Invalid(vec![
            Diagnostic::new("first").in_file("a.yaml").at(1, 2),
            Diagnostic::new("second"),
        ]);
        assert_eq!(
            reported(two.into()),
            (
                65,
                "error: a.yaml:1:2: first\nerror: second\nerror: 2 problems found\n".to_string()
            )
        );
        assert_eq!(
            reported(Error::Usage("no such thing".into()).into()),
            (2, "error: no such thing\n".to_string())
        );
        assert_eq!(
            reported(Error::Interrupted.into()),
            (
                130,
                "interrupted: no file of yours was written\n".to_string()
            )
        );
        assert_eq!(
            reported(Error::Internal("odd".into()).into()),
            (
                1,
                "error: internal error: odd; please report it\n".to_string()
            )
        );
        assert_eq!(
            reported(anyhow::anyhow!("odd")),
            (1, "error: odd\n".to_string())
        );
    }
}
