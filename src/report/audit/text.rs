//! The `rules audit` report as text: combinations, outcome shares, overrides, letters,
//! close calls and ties, questions, conflicts, and the findings.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, Table};

use crate::engine::audit::{AuditReport, Finding, count};
use crate::report::Style;
use crate::rules::{Outcome, RuleSet, Stage};
use crate::text::capitalised;

fn right_align(table: &mut Table, from: usize) {
    let columns = table.column_count();
    for index in from..columns {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// `part` as a percentage of `whole`, with one decimal.
fn share(part: u128, whole: u128) -> String {
    if whole == 0 {
        return "-".to_string();
    }
    // Tenths of a percent, rounded half up, in exact integers.
    let tenths = (part.saturating_mul(2000) / whole).div_ceil(2);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// The report as text, ending with the findings, fitted to the style's width. Questions,
/// hard rules and letters go by their labels and titles; `--verbose` adds their ids.
#[allow(
    clippy::too_many_lines,
    reason = "the report's sections in the order they are printed, each a short block over the same counts and width"
)]
pub fn audit_text(
    rules: &RuleSet,
    report: &AuditReport,
    findings: &[Finding],
    style: Style,
) -> String {
    let mut out = String::new();
    let labels = |indexes: &[usize]| {
        indexes
            .iter()
            .map(|&i| {
                let question = &rules.questions[i];
                if style.verbose {
                    format!("{} [{}]", question.label, question.id)
                } else {
                    question.label.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let total = report.combinations;
    style.paragraph(&mut out, "", &format!("Audit of {}", rules.name));
    style.paragraph(
        &mut out,
        "",
        &format!(
            "{} combinations of answers to {} questions ({}); number questions by band, \
             questions skipped where their `when` does not hold.",
            count(total),
            report.walked.len(),
            labels(&report.walked)
        ),
    );
    out.push('\n');

    let mut outcomes = style.table();
    outcomes.set_header(vec!["Outcome", "Recommended", "Share", "On points alone"]);
    for outcome in Outcome::ALL {
        let i = outcome.index();
        outcomes.add_row(vec![
            outcome.title().to_string(),
            count(report.outcomes[i]),
            share(report.outcomes[i], total),
            share(report.by_points[i], total),
        ]);
    }
    right_align(&mut outcomes, 1);
    let _ = writeln!(out, "{}", style.render(outcomes));
    style.paragraph(
        &mut out,
        "",
        &format!(
            "Close calls (no hard rule, lead under {}): {} ({}); exact ties: {} ({}).",
            rules.confidence.leaning,
            count(report.close_calls),
            share(report.close_calls, total),
            count(report.ties),
            share(report.ties, total)
        ),
    );
    out.push('\n');

    if !rules.overrides.is_empty() {
        let mut overrides = style.table();
        overrides.set_header(vec![
            "Hard rule",
            "Outcome",
            "Holds",
            "Decides",
            "Changes outcome",
        ]);
        for (rule, usage) in rules.overrides.iter().zip(&report.overrides) {
            overrides.add_row(vec![
                capitalised(&style.rule(rule)),
                rule.outcome.title().to_string(),
                format!("{} ({})", count(usage.fires), share(usage.fires, total)),
                format!("{} ({})", count(usage.decides), share(usage.decides, total)),
                format!("{} ({})", count(usage.changes), share(usage.changes, total)),
            ]);
        }
        right_align(&mut overrides, 2);
        style.paragraph(&mut out, "", "Hard rules, in the order they are checked:");
        let _ = writeln!(out, "{}\n", style.render(overrides));
    }

    if report.letter_combinations > 0 {
        let letters_total = report.letter_combinations;
        let mut letters = style.table();
        letters.set_header(vec!["Letter", "For", "Chosen", "Share"]);
        for (letter, usage) in rules.letters.iter().zip(&report.letters) {
            let outcomes = letter
                .outcomes
                .iter()
                .map(|o| o.title())
                .collect::<Vec<_>>()
                .join(", ");
            let (chosen, part) = if letter.stage == Stage::Reply {
                (count(usage.chosen), share(usage.chosen, letters_total))
            } else {
                ("on request".to_string(), "-".to_string())
            };
            let name = if style.verbose {
                format!("{} [{}]", letter.title, letter.id)
            } else {
                letter.title.clone()
            };
            letters.add_row(vec![name, outcomes, chosen, part]);
        }
        right_align(&mut letters, 2);
        let over = if report.letter_questions.is_empty() {
            String::new()
        } else {
            format!(
                ", with every answer to {}",
                labels(&report.letter_questions)
            )
        };
        style.paragraph(
            &mut out,
            "",
            &format!("Letters, over {} answer sets{over}:", count(letters_total)),
        );
        let _ = writeln!(out, "{}\n", style.render(letters));
    }

    let idle: Vec<usize> = report
        .walked
        .iter()
        .copied()
        .filter(|&q| !report.matters[q] && rules.questions[q].is_scored())
        .collect();
    if idle.is_empty() {
        style.paragraph(
            &mut out,
            "",
            "Every scored question changes the recommendation for some answers.",
        );
    } else {
        style.paragraph(
            &mut out,
            "",
            &format!(
                "Questions that never change the recommendation: {}.",
                labels(&idle)
            ),
        );
    }
    if report.conflicts.is_empty() {
        style.paragraph(
            &mut out,
            "",
            "No two hard rules with different outcomes hold together.",
        );
    }

    let mistakes: usize = findings
        .iter()
        .filter(|f| f.is_mistake())
        .map(|f| f.count)
        .sum();
    let notes: usize = findings
        .iter()
        .filter(|f| !f.is_mistake())
        .map(|f| f.count)
        .sum();
    out.push('\n');
    if findings.is_empty() {
        style.paragraph(&mut out, "", "No findings.");
    } else {
        style.paragraph(
            &mut out,
            "",
            &format!(
                "Findings: {mistakes} {}, {} to look at.",
                if mistakes == 1 { "mistake" } else { "mistakes" },
                notes
            ),
        );
        for finding in findings {
            let head = if finding.is_mistake() {
                "  error: "
            } else {
                "  note:  "
            };
            style.paragraph(&mut out, head, &finding.message);
        }
    }
    out
}
