//! Text reports: the scored comparison table with its explanation, the `compare` table and
//! the `rules show` tables, drawn with comfy-table.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use super::{advice, confidence_detail, notable_what_ifs, round};
use crate::engine::Assessment;
use crate::rules::{Outcome, Points, QuestionKind, RuleSet};
use crate::text::capitalised;

/// How text output looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use colour and bold (escape codes).
    pub color: bool,
}

impl Style {
    fn table(self) -> Table {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table
    }

    fn winner_cell(self, text: String) -> Cell {
        let cell = Cell::new(text).add_attribute(Attribute::Bold);
        if self.color {
            cell.fg(Color::Green)
        } else {
            cell
        }
    }

    fn bold(self, text: &str) -> String {
        if self.color {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn number(value: f64) -> String {
    let value = round(value);
    if value == 0.0 {
        "0.0".to_string()
    } else {
        format!("{value:+.1}")
    }
}

fn right_align(table: &mut Table, from: usize) {
    let count = table.column_count();
    for index in from..count {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// The scored comparison table: a row per consideration and the weighted total, a column
/// per outcome, the winning column marked.
fn comparison_table(rules: &RuleSet, assessment: &Assessment, style: Style) -> Table {
    let winner = assessment.recommendation;
    let mut table = style.table();
    let mut header = vec![Cell::new("Consideration"), Cell::new("Weight")];
    for outcome in Outcome::ALL {
        header.push(if outcome == winner {
            style.winner_cell(format!("{} \u{2714}", outcome.title()))
        } else {
            Cell::new(outcome.title())
        });
    }
    table.set_header(header);
    let row = |title: &str, weight: String, scores: &Points| {
        let mut cells = vec![Cell::new(title), Cell::new(weight)];
        for outcome in Outcome::ALL {
            let text = number(scores[outcome.index()]);
            cells.push(if outcome == winner {
                style.winner_cell(text)
            } else {
                Cell::new(text)
            });
        }
        cells
    };
    for score in &assessment.considerations {
        if let Some(c) = rules.considerations.get(score.consideration) {
            table.add_row(row(&c.title, super::weight_cell(c), &score.scores));
        }
    }
    let mut total = row("Weighted total", String::new(), &assessment.scores);
    total[0] = Cell::new("Weighted total").add_attribute(Attribute::Bold);
    table.add_row(total);
    right_align(&mut table, 1);
    table
}

/// The full text report: table, recommendation, confidence, hard rules, reasons, what-if.
pub fn assessment_text(rules: &RuleSet, assessment: &Assessment, style: Style) -> String {
    let mut out = String::new();
    let winner = assessment.recommendation;
    let _ = writeln!(out, "{}", comparison_table(rules, assessment, style));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} {}. {}.",
        style.bold("Recommendation:"),
        style.bold(&winner.as_str().to_uppercase()),
        capitalised(advice(winner))
    );
    let _ = writeln!(
        out,
        "Confidence: {} ({}).",
        assessment.confidence.as_str(),
        confidence_detail(rules, assessment)
    );
    if !assessment.overrides.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", style.bold("Hard rules that apply:"));
        for (position, &i) in assessment.overrides.iter().enumerate() {
            if let Some(rule) = rules.overrides.get(i) {
                let _ = writeln!(
                    out,
                    "  - {} \u{2192} {}{}",
                    rule.id,
                    rule.outcome,
                    if position == 0 {
                        " (decides)"
                    } else {
                        " (outranked)"
                    }
                );
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.bold("Why:"));
    for reason in &assessment.reasons {
        out.push_str("  - ");
        let _ = reason.write_sentence(&mut out, rules);
        out.push('\n');
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.bold("What would change this:"));
    if assessment.what_if.is_empty() {
        let _ = writeln!(
            out,
            "  No single change of answer would change this recommendation."
        );
    }
    let shown = notable_what_ifs(assessment);
    for change in &shown {
        let _ = writeln!(out, "  - {}", change.sentence(rules));
    }
    if assessment.what_if.len() > shown.len() {
        let _ = writeln!(
            out,
            "  ({} more in --format json)",
            assessment.what_if.len() - shown.len()
        );
    }
    out
}

/// The `compare` table: a row per invitation, sorted by how strongly `proceed` leads.
/// Each row: the invitation, its assessment, and how far the weights could move (a few
/// words).
pub fn compare_table(rows: &[(String, Assessment, String)], style: Style) -> String {
    let mut table = style.table();
    table.set_header(vec![
        "Invitation",
        "Decline",
        "Postpone",
        "Proceed",
        "Recommendation",
        "Confidence",
        "Holds while",
    ]);
    for (label, assessment, steadiness) in rows {
        let mut cells = vec![Cell::new(label)];
        for outcome in Outcome::ALL {
            let text = number(assessment.scores[outcome.index()]);
            cells.push(if outcome == assessment.recommendation {
                style.winner_cell(text)
            } else {
                Cell::new(text)
            });
        }
        cells.push(Cell::new(assessment.recommendation.as_str()));
        cells.push(Cell::new(assessment.confidence.as_str()));
        cells.push(Cell::new(steadiness));
        table.add_row(cells);
    }
    right_align(&mut table, 1);
    for index in [4, 5, 6] {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Left);
        }
    }
    format!("{table}\n")
}

fn points_text(points: &Points) -> [String; 3] {
    points.map(number)
}

/// The rule set at a glance: considerations, questions with their points, overrides.
pub fn rules_tables(rules: &RuleSet, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.bold(&format!("Rule set: {}", rules.name)));
    let _ = writeln!(out);

    let _ = writeln!(out, "{}", style.bold("Considerations"));
    let mut table = style.table();
    table.set_header(vec!["Id", "Title", "Weight", "Description"]);
    for c in &rules.considerations {
        table.add_row(vec![
            c.id.clone(),
            c.title.clone(),
            c.weight.to_string(),
            c.description.clone(),
        ]);
    }
    let _ = writeln!(out, "{table}\n");

    let _ = writeln!(out, "{}", style.bold("Questions and points"));
    let mut table = style.table();
    table.set_header(vec![
        "Question",
        "Type",
        "Consideration",
        "Answer",
        "Decline",
        "Postpone",
        "Proceed",
        "Asked when",
    ]);
    for q in &rules.questions {
        let consideration = q
            .consideration
            .and_then(|c| rules.considerations.get(c))
            .map_or("(letter only)".to_string(), |c| c.id.clone());
        let when = q
            .when
            .as_ref()
            .and_then(|_| {
                rules
                    .raw
                    .questions
                    .iter()
                    .find(|r| r.id == q.id)
                    .and_then(|r| r.when.as_ref())
            })
            .map_or(String::new(), condition_text);
        let (kind, answers): (&str, Vec<(String, Points)>) = match &q.kind {
            QuestionKind::Choice { options } => (
                "choice",
                options
                    .iter()
                    .map(|o| (o.value.clone(), o.points))
                    .collect(),
            ),
            QuestionKind::Scale { min, points, .. } => (
                "scale",
                points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| ((min + i as i64).to_string(), *p))
                    .collect(),
            ),
            QuestionKind::YesNo { no, yes } => (
                "yes/no",
                vec![("yes".to_string(), *yes), ("no".to_string(), *no)],
            ),
            QuestionKind::Number { min, max, bands } => (
                "number",
                if bands.is_empty() {
                    vec![(format!("{min}..{max}"), [0.0; 3])]
                } else {
                    bands
                        .iter()
                        .map(|b| (format!("{}..{}", b.min, b.max), b.points))
                        .collect()
                },
            ),
        };
        for (row, (answer, points)) in answers.iter().enumerate() {
            let [d, p, r] = points_text(points);
            let first = row == 0;
            table.add_row(vec![
                if first { q.id.clone() } else { String::new() },
                if first {
                    kind.to_string()
                } else {
                    String::new()
                },
                if first {
                    consideration.clone()
                } else {
                    String::new()
                },
                answer.clone(),
                d,
                p,
                r,
                if first { when.clone() } else { String::new() },
            ]);
        }
    }
    for index in 4..7 {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let _ = writeln!(out, "{table}\n");

    let _ = writeln!(out, "{}", style.bold("Overrides (checked in this order)"));
    if rules.overrides.is_empty() {
        let _ = writeln!(out, "(none)");
    } else {
        let mut table = style.table();
        table.set_header(vec!["Priority", "Id", "When", "Outcome", "Because"]);
        for o in &rules.overrides {
            let when = rules
                .raw
                .overrides
                .iter()
                .find(|r| r.id == o.id)
                .map_or(String::new(), |r| condition_text(&r.when));
            table.add_row(vec![
                o.priority.to_string(),
                o.id.clone(),
                when,
                o.outcome.to_string(),
                o.because.trim().to_string(),
            ]);
        }
        let _ = writeln!(out, "{table}");
    }
    out
}

/// A condition in its compact YAML flow form, `{ reason: accepted_offer, interest: { max: 2 } }`.
pub fn condition_text(value: &serde_yaml::Value) -> String {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", condition_text(k), condition_text(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        Value::Sequence(items) => {
            let parts: Vec<String> = items.iter().map(condition_text).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".to_string(),
        Value::Tagged(t) => condition_text(&t.value),
    }
}
