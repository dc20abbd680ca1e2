//! The Markdown form of an assessment, for notes and issue trackers.

use std::fmt::Write as _;

use super::{advice, confidence_detail, notable_what_ifs, round, rule_name};
use crate::engine::Assessment;
use crate::rules::{Outcome, RuleSet};
use crate::text::capitalised;

fn number(value: f64) -> String {
    format!("{:+.1}", round(value))
}

/// Escapes the characters that would break a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The assessment as Markdown: the table, then the recommendation and its explanation.
pub fn assessment_markdown(rules: &RuleSet, assessment: &Assessment) -> String {
    let winner = assessment.recommendation;
    let mut out = String::new();
    let _ = writeln!(out, "## Recommendation: {winner}\n");
    let _ = write!(out, "| Consideration | Weight |");
    for outcome in Outcome::ALL {
        if outcome == winner {
            let _ = write!(out, " **{}** \u{2714} |", outcome.title());
        } else {
            let _ = write!(out, " {} |", outcome.title());
        }
    }
    let _ = writeln!(out, "\n|---|---:|---:|---:|---:|");
    for score in &assessment.considerations {
        let Some(c) = rules.considerations.get(score.consideration) else {
            continue;
        };
        let _ = write!(out, "| {} | {} |", cell(&c.title), super::weight_cell(c));
        for outcome in Outcome::ALL {
            let _ = write!(out, " {} |", number(score.scores[outcome.index()]));
        }
        let _ = writeln!(out);
    }
    let _ = write!(out, "| **Weighted total** | |");
    for outcome in Outcome::ALL {
        let _ = write!(out, " **{}** |", number(assessment.scores[outcome.index()]));
    }
    let _ = writeln!(out, "\n");
    let _ = writeln!(
        out,
        "**{}**: {}.\n",
        winner.as_str().to_uppercase(),
        advice(winner)
    );
    let _ = writeln!(
        out,
        "Confidence: {} ({}).\n",
        assessment.confidence.as_str(),
        confidence_detail(rules, assessment)
    );
    if !assessment.overrides.is_empty() {
        let _ = writeln!(out, "### Hard rules that apply\n");
        for (position, &i) in assessment.overrides.iter().enumerate() {
            if let Some(rule) = rules.overrides.get(i) {
                let _ = writeln!(
                    out,
                    "- {} \u{2192} {}{}: {}",
                    capitalised(&rule_name(rule)),
                    rule.outcome.title().to_lowercase(),
                    if position == 0 {
                        " (decides)"
                    } else {
                        " (outranked)"
                    },
                    rule.because.trim()
                );
            }
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "### Why\n");
    for reason in &assessment.reasons {
        out.push_str("- ");
        let _ = reason.write_sentence(&mut out, rules);
        out.push('\n');
    }
    let _ = writeln!(out, "\n### What would change this\n");
    if assessment.what_if.is_empty() {
        let _ = writeln!(
            out,
            "No single change of answer would change this recommendation."
        );
    }
    for change in notable_what_ifs(assessment) {
        let _ = writeln!(out, "- {}", change.sentence(rules));
    }
    out
}

/// The rule set's reminders for this advice, as a Markdown section; empty when none.
pub fn reminders_markdown(texts: &[&str]) -> String {
    let mut out = String::new();
    if texts.is_empty() {
        return out;
    }
    out.push_str("\n### Before you reply\n\n");
    for text in texts {
        out.push_str("- ");
        out.push_str(text.trim());
        out.push('\n');
    }
    out
}

/// The `compare` table as Markdown: a row per invitation, with the hard rule that decided.
pub fn compare_markdown(rules: &RuleSet, rows: &[(String, Assessment, String)]) -> String {
    let mut out = String::from(
        "| Invitation | Decline | Postpone | Proceed | Advice | Confidence | Decided by | Holds while |\n\
         |---|---:|---:|---:|---|---|---|---|\n",
    );
    for (label, assessment, steadiness) in rows {
        let _ = write!(out, "| {} |", cell(label));
        for outcome in Outcome::ALL {
            let value = number(assessment.scores[outcome.index()]);
            if outcome == assessment.recommendation {
                let _ = write!(out, " **{value}** |");
            } else {
                let _ = write!(out, " {value} |");
            }
        }
        let decided_by = assessment
            .overrides
            .first()
            .and_then(|&i| rules.overrides.get(i))
            .map_or_else(|| "the points".to_string(), rule_name);
        let _ = writeln!(
            out,
            " {} | {} | {} | {} |",
            assessment.recommendation.title(),
            assessment.confidence.as_str(),
            cell(&decided_by),
            cell(steadiness)
        );
    }
    out
}
