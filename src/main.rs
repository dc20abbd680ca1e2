//! The `interview-advisor` binary: parses the command line, runs it, and exits with the
//! documented code (0 ok, 1 internal, 2 usage, 65 invalid data, 74 I/O, 130 interrupted).

use std::process::ExitCode;

use interview_advisor::app;

fn main() -> ExitCode {
    let outcome = app::catching_panics(|| {
        let cli = app::parse_command_line()?;
        app::run_on_standard_streams(&cli)
    });
    ExitCode::from(outcome.unwrap_or_else(|error| app::report(&error)))
}
