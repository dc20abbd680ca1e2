//! The `rules audit` report as JSON: the counts as exact integers, and the findings.

use serde::Serialize;

use crate::engine::audit::{AuditReport, Finding};
use crate::rules::{Outcome, RuleSet};

/// Counts per outcome, keyed by outcome id.
#[derive(Serialize)]
struct ByOutcome {
    decline: u128,
    postpone: u128,
    proceed: u128,
}

impl ByOutcome {
    fn new(counts: [u128; 3]) -> Self {
        ByOutcome {
            decline: counts[Outcome::Decline.index()],
            postpone: counts[Outcome::Postpone.index()],
            proceed: counts[Outcome::Proceed.index()],
        }
    }
}

#[derive(Serialize)]
struct OverrideJson<'a> {
    id: &'a str,
    fires: u128,
    decides: u128,
    changes: u128,
}

#[derive(Serialize)]
struct QuestionJson<'a> {
    id: &'a str,
    matters: bool,
}

#[derive(Serialize)]
struct LetterJson<'a> {
    id: &'a str,
    /// 0 for letters written only on request.
    chosen: u128,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    severity: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct AuditJson<'a> {
    combinations: u128,
    outcomes: ByOutcome,
    by_points: ByOutcome,
    ties: u128,
    close_calls: u128,
    overrides: Vec<OverrideJson<'a>>,
    questions: Vec<QuestionJson<'a>>,
    letters: Vec<LetterJson<'a>>,
    findings: Vec<FindingJson<'a>>,
}

/// The report as one JSON object (ending with a newline), every count an exact integer.
pub fn audit_json(rules: &RuleSet, report: &AuditReport, findings: &[Finding]) -> String {
    let json = AuditJson {
        combinations: report.combinations,
        outcomes: ByOutcome::new(report.outcomes),
        by_points: ByOutcome::new(report.by_points),
        ties: report.ties,
        close_calls: report.close_calls,
        overrides: rules
            .overrides
            .iter()
            .zip(&report.overrides)
            .map(|(rule, usage)| OverrideJson {
                id: &rule.id,
                fires: usage.fires,
                decides: usage.decides,
                changes: usage.changes,
            })
            .collect(),
        questions: rules
            .questions
            .iter()
            .zip(&report.matters)
            .map(|(question, &matters)| QuestionJson {
                id: &question.id,
                matters,
            })
            .collect(),
        letters: rules
            .letters
            .iter()
            .zip(&report.letters)
            .map(|(letter, usage)| LetterJson {
                id: &letter.id,
                chosen: usage.chosen,
            })
            .collect(),
        findings: findings
            .iter()
            .map(|f| FindingJson {
                severity: f.severity.as_str(),
                message: &f.message,
            })
            .collect(),
    };
    // Serialising plain structs of numbers and text cannot fail.
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    text
}
