//! `rules audit`: count what the rule set does with every combination of answers and
//! report it as text or JSON; a sure mistake fails the command with exit code 65, naming it,
//! and so does a rule set beyond the audit's limits.

use std::path::Path;

use super::{Streams, load_rules, rules_choice, write_out};
use crate::cli::{AuditFormat, Cli};
use crate::engine::audit::{Finding, audit as count_all, findings};
use crate::error::{Diagnostic, Error, exit};
use crate::letter::check_claims;
use crate::report::{self, Style};

pub(super) fn audit(
    cli: &Cli,
    path: Option<&Path>,
    format: AuditFormat,
    style: Style,
    streams: &mut Streams,
) -> anyhow::Result<u8> {
    let rules = match path {
        Some(path) => load_rules(Some(path))?,
        None => load_rules(rules_choice(cli).path.as_deref())?,
    };
    let report = count_all(&rules).map_err(|refusal| {
        Error::invalid(Diagnostic::new(refusal.to_string()).in_file(&rules.name))
    })?;
    // The letters' claims are checked by rendering them, which is the letter module's.
    let claims = check_claims(&rules)
        .iter()
        .map(|f| {
            Finding::mistake(
                "letters that state what the answers do not support",
                f.message(),
            )
        })
        .collect();
    let findings = findings(&rules, &report, claims);
    let text = match format {
        AuditFormat::Text => report::audit_text(&rules, &report, &findings, style),
        AuditFormat::Json => report::audit_json(&rules, &report, &findings),
    };
    write_out(streams, &text)?;
    let mistakes: Vec<Diagnostic> = findings
        .iter()
        .filter(|f| f.is_mistake())
        .map(|f| Diagnostic::new(f.message.clone()).in_file(&rules.name))
        .collect();
    if mistakes.is_empty() {
        Ok(exit::OK)
    } else {
        Err(Error::Invalid(mistakes).into())
    }
}
