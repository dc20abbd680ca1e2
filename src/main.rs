//! The `interview-advisor` binary: parses the command line, runs it, and turns errors
//! into one clear message and a documented exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use interview_advisor::app::{self, Streams};
use interview_advisor::cli::Cli;
use interview_advisor::error::{Error, exit};
use interview_advisor::text::escaped;

fn main() -> ExitCode {
    // A bug must not show the user a Rust backtrace: one line, and exit code 1.
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(std::io::stderr(), "{}", internal_error_line(info));
    }));
    guarded(run)
}

/// Runs `body`; a panic in it becomes exit code 1 (the hook has said what happened).
fn guarded(body: impl FnOnce() -> ExitCode) -> ExitCode {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body))
        .unwrap_or_else(|_| ExitCode::from(exit::INTERNAL))
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

fn run() -> ExitCode {
    // A closed standard output swallows what is written to it without a word, and the
    // next file opened would take its place: refuse to start instead.
    if !stdout_is_open() {
        report(&Error::Io {
            action: "cannot write",
            path: "<stdout>".into(),
            source: std::io::Error::other(
                "standard output is closed; run again with it open (`> /dev/null` discards it)",
            ),
        });
        return ExitCode::from(exit::IO);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return command_line_error(&error),
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut streams = Streams {
        out: &mut stdout.lock(),
        err: &mut stderr.lock(),
        out_is_terminal: std::io::stdout().is_terminal(),
        err_is_terminal: std::io::stderr().is_terminal(),
    };
    match app::run(&cli, &mut streams) {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`| head -1`) is the reader's choice, not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(exit::OK)
        }
        Err(error) => {
            let code = error.exit_code();
            report(&error);
            ExitCode::from(code)
        }
    }
}

/// `--help` and `--version` print to standard output and exit 0, unless the text cannot be
/// written (a full disk); other command-line errors go to standard error with exit code 2.
fn command_line_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if !matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        error.exit();
    }
    match error.print().and_then(|()| std::io::stdout().flush()) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(source) if source.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(exit::OK),
        Err(source) => {
            report(&Error::Io {
                action: "cannot write",
                path: "<stdout>".into(),
                source,
            });
            ExitCode::from(exit::IO)
        }
    }
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

fn report(error: &Error) {
    let mut stderr = std::io::stderr().lock();
    match error {
        Error::Invalid(problems) => {
            for problem in problems {
                let _ = writeln!(stderr, "error: {problem}");
            }
            if problems.len() > 1 {
                let _ = writeln!(stderr, "error: {} problems found", problems.len());
            }
        }
        Error::Interrupted => {
            let _ = writeln!(stderr, "{error}");
        }
        other => {
            // Each line of the message, with what could act on a terminal shown escaped.
            let text = other.to_string();
            let lines: Vec<_> = text.split('\n').map(escaped).collect();
            let _ = writeln!(stderr, "error: {}", lines.join("\n"));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::process::ExitCode;

    use super::{guarded, internal_error_line};

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
        assert_eq!(code, ExitCode::from(1));
        let line = line.lock().map(|l| l.clone()).unwrap_or_default();
        assert!(
            line.starts_with("internal error: boom (at src/main.rs:"),
            "{line}"
        );
        assert!(line.ends_with("; please report it"), "{line}");
    }
}
