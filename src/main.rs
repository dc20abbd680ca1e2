//! The `interview-advisor` binary: parses the command line, runs it, and turns errors
//! into one clear message and a documented exit code.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use interview_advisor::app::{self, Streams};
use interview_advisor::cli::Cli;
use interview_advisor::error::{Error, exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
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

fn report(error: &Error) {
    let mut stderr = std::io::stderr().lock();
    use std::io::Write;
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
            let _ = writeln!(stderr, "error: {other}");
        }
    }
}
