//! `rules audit`: walk every combination of answers and report; a sure mistake fails the
//! command with exit code 65, naming it.

use std::path::Path;

use super::{Streams, load_rules, rules_choice, write_out};
use crate::cli::Cli;
use crate::engine::audit::audit as walk;
use crate::error::{Diagnostic, Error, Result, exit};
use crate::report;

pub(super) fn audit(cli: &Cli, path: Option<&Path>, streams: &mut Streams) -> Result<u8> {
    let rules = match path {
        Some(path) => load_rules(Some(path))?,
        None => load_rules(rules_choice(cli).path.as_deref())?,
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let report = walk(&rules, threads);
    let findings = report.findings(&rules);
    write_out(streams, &report::audit_text(&rules, &report, &findings))?;
    let mistakes: Vec<Diagnostic> = findings
        .iter()
        .filter(|f| f.mistake)
        .map(|f| Diagnostic::new(f.message.clone()).in_file(&rules.name))
        .collect();
    if mistakes.is_empty() {
        Ok(exit::OK)
    } else {
        Err(Error::Invalid(mistakes))
    }
}
