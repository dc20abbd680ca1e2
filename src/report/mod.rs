//! Rendering an assessment for people and programs: the comparison table, JSON and
//! Markdown, plus the tables of `rules show` and `compare`.

mod audit;
mod json;
mod markdown;
mod table;

pub use audit::{audit_json, audit_text};
pub use json::{AssessmentJson, answer_json, assessment_json};
pub use markdown::{assessment_markdown, compare_markdown, reminders_markdown};
pub use table::{
    Style, assessment_text, compare_table, condition_text, reminders_text, rules_tables,
};

use crate::engine::{Assessment, WhatIf, runner_up};
use crate::rules::{Consideration, Outcome, Override, RuleSet, WeightSource};

/// How many what-if changes the text and Markdown reports list.
pub const WHAT_IF_SHOWN: usize = 5;

/// The what-if changes worth listing for a person: the smallest change of each question,
/// in the engine's order (smallest first), at most [`WHAT_IF_SHOWN`].
pub fn notable_what_ifs(assessment: &Assessment) -> Vec<&WhatIf> {
    let mut seen = Vec::new();
    assessment
        .what_if
        .iter()
        .filter(|change| {
            let first = !seen.contains(&change.question);
            seen.push(change.question);
            first
        })
        .take(WHAT_IF_SHOWN)
        .collect()
}

/// The recommendation as an instruction.
pub fn advice(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Decline => "decline the interview, politely and soon",
        Outcome::Postpone => "ask to reschedule, or for a little more time",
        Outcome::Proceed => "go to the interview",
    }
}

/// "leads postpone by 2.5 points", or how a hard rule decided.
pub fn confidence_detail(rules: &RuleSet, assessment: &Assessment) -> String {
    let winner = assessment.recommendation;
    let (runner_up, _) = runner_up(&assessment.scores, winner);
    let decided_by = assessment
        .overrides
        .first()
        .and_then(|&i| rules.overrides.get(i));
    match decided_by {
        Some(rule) => format!("a hard rule decides: {}", rule_name(rule)),
        None if assessment.tied.len() > 1 => format!(
            "a tie with {}, broken in favour of {winner}",
            assessment
                .tied
                .iter()
                .filter(|&&o| o != winner)
                .map(|o| o.as_str())
                .collect::<Vec<_>>()
                .join(" and ")
        ),
        None => format!("leads {runner_up} by {:.1} points", assessment.margin),
    }
}

/// A hard rule's name for people: its title, or its id in words
/// (`keen_but_cannot_make_it` reads "keen but cannot make it"). The id itself stays in
/// JSON and in `--verbose` output.
pub fn rule_name(rule: &Override) -> String {
    rule.title.clone()
}

/// Rounds a score for display and JSON, so that 0.1 + 0.2 shows as 0.3.
pub fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// A consideration's weight for the Weight column: `×1.5`, or `×2 (yours)` for a weight
/// the person set.
pub fn weight_cell(consideration: &Consideration) -> String {
    match consideration.source {
        WeightSource::Rules => format!("\u{d7}{}", consideration.weight),
        WeightSource::Personal => format!("\u{d7}{} (yours)", consideration.weight),
    }
}
