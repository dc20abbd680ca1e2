//! Text reports: the scored comparison table with its explanation, the `compare` table and
//! the `rules show` tables, drawn with comfy-table.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
};

use super::{advice, confidence_detail, notable_what_ifs, round, rule_name};
use crate::engine::Assessment;
use crate::rules::{Outcome, Override, Points, QuestionKind, RuleSet};
use crate::text::{capitalised, wrap};

/// How text output looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use colour and bold (escape codes).
    pub color: bool,
    /// Fit tables and paragraphs to this many columns; `None`: do not wrap.
    pub width: Option<usize>,
    /// Show the ids of hard rules beside their names.
    pub verbose: bool,
}

/// The narrowest width tables and paragraphs are fitted to.
pub const MIN_WIDTH: usize = 40;

impl Style {
    /// A table in the house style, fitted to the width.
    pub fn table(self) -> Table {
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        match self.width {
            Some(width) => {
                table
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(u16::try_from(width.max(MIN_WIDTH)).unwrap_or(u16::MAX));
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
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

    /// The table as text, fitted to the width: as a table when every column can be as
    /// wide as its longest word, else as one block per row (`Header: value` lines,
    /// wrapped at spaces), so that no word is cut.
    pub fn render(self, table: Table) -> String {
        self.render_as(table, false)
    }

    /// The table as text fitted to the width, always as one block per row (`Header: value`
    /// lines): for tables of long sentences, which read badly in narrow columns. Without a
    /// width, as a table.
    pub fn render_blocks(self, table: Table) -> String {
        self.render_as(table, true)
    }

    fn render_as(self, mut table: Table, blocks: bool) -> String {
        let Some(width) = self.width.map(|w| w.max(MIN_WIDTH)) else {
            return table.to_string();
        };
        let header: Vec<String> = table
            .header()
            .map(|row| row.cell_iter().map(|c| c.content()).collect())
            .unwrap_or_default();
        let rows: Vec<Vec<String>> = table
            .row_iter()
            .map(|row| row.cell_iter().map(|c| c.content()).collect())
            .collect();
        let longest_word = |column: usize| {
            std::iter::once(&header)
                .chain(&rows)
                .filter_map(|row| row.get(column))
                .flat_map(|text| text.split_whitespace())
                .map(|word| word.chars().count())
                .max()
                .unwrap_or(0)
        };
        let bounds: Vec<usize> = (0..table.column_count()).map(longest_word).collect();
        // Each column takes its text, one space either side and a border.
        let least = bounds.iter().map(|b| b + 3).sum::<usize>() + 1;
        if !blocks && least <= width {
            for (index, bound) in bounds.iter().enumerate() {
                if let Some(column) = table.column_mut(index) {
                    column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                        // The constraint counts the padding too.
                        u16::try_from(*bound + 2).unwrap_or(u16::MAX),
                    )));
                }
            }
            let text = table.to_string();
            if text.lines().all(|line| visible_width(line) <= width) {
                return text;
            }
        }
        let mut out = String::new();
        for row in &rows {
            let Some((first, rest)) = row.split_first() else {
                continue;
            };
            // A row with an empty first cell goes on with the block above.
            if !first.trim().is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                let name = header.first().map_or("", String::as_str);
                self.paragraph(
                    &mut out,
                    "",
                    &self.bold(&format!("{name}: {}", first.trim())),
                );
            }
            let fields: Vec<String> = rest
                .iter()
                .zip(header.iter().skip(1))
                .filter(|(value, _)| !value.trim().is_empty())
                .map(|(value, name)| {
                    format!(
                        "{name}: {}",
                        value.split_whitespace().collect::<Vec<_>>().join(" ")
                    )
                })
                .collect();
            if !fields.is_empty() {
                self.paragraph(&mut out, "  ", &fields.join(" \u{b7} "));
            }
        }
        out.truncate(out.trim_end().len());
        out
    }

    /// Writes a paragraph: `head` on the first line, the rest indented as far, wrapped at
    /// spaces to the width.
    pub fn paragraph(self, out: &mut String, head: &str, text: &str) {
        match self.width {
            Some(width) => {
                let indent = " ".repeat(head.chars().count());
                let room = width.max(MIN_WIDTH).saturating_sub(indent.len());
                for (i, line) in wrap(text, room).iter().enumerate() {
                    out.push_str(if i == 0 { head } else { &indent });
                    out.push_str(line);
                    out.push('\n');
                }
            }
            None => {
                out.push_str(head);
                out.push_str(text);
                out.push('\n');
            }
        }
    }

    /// A hard rule's name, with its id when verbose.
    pub(super) fn rule(self, rule: &Override) -> String {
        if self.verbose {
            format!("{} [{}]", rule_name(rule), rule.id)
        } else {
            rule_name(rule)
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

/// The columns a line takes on screen: its characters, without colour escapes.
fn visible_width(line: &str) -> usize {
    let mut width = 0;
    let mut escape = false;
    for c in line.chars() {
        match (escape, c) {
            (false, '\x1b') => escape = true,
            (true, 'm') => escape = false,
            (true, _) => {}
            (false, _) => width += 1,
        }
    }
    width
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

/// The rule set's reminders for this advice (for instance, to tell the person who referred
/// you), as a section after the report; empty when there are none.
pub fn reminders_text(texts: &[&str], style: Style) -> String {
    let mut out = String::new();
    if texts.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n{}", style.bold("Before you reply:"));
    for text in texts {
        style.paragraph(&mut out, "  - ", text.trim());
    }
    out
}

/// The full text report: table, recommendation, confidence, hard rules, reasons, what-if.
pub fn assessment_text(rules: &RuleSet, assessment: &Assessment, style: Style) -> String {
    let mut out = String::new();
    let winner = assessment.recommendation;
    let _ = writeln!(
        out,
        "{}",
        style.render(comparison_table(rules, assessment, style))
    );
    let _ = writeln!(out);
    style.paragraph(
        &mut out,
        "",
        &format!(
            "{} {}. {}.",
            style.bold("Recommendation:"),
            style.bold(&winner.as_str().to_uppercase()),
            capitalised(advice(winner))
        ),
    );
    let detail = match assessment
        .overrides
        .first()
        .and_then(|&i| rules.overrides.get(i))
    {
        Some(rule) => format!("a hard rule decides: {}", style.rule(rule)),
        None => confidence_detail(rules, assessment),
    };
    style.paragraph(
        &mut out,
        "",
        &format!("Confidence: {} ({detail}).", assessment.confidence.as_str()),
    );
    if !assessment.overrides.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", style.bold("Hard rules that apply:"));
        for (position, &i) in assessment.overrides.iter().enumerate() {
            if let Some(rule) = rules.overrides.get(i) {
                style.paragraph(
                    &mut out,
                    "  - ",
                    &format!(
                        "{} \u{2192} {}{}",
                        capitalised(&style.rule(rule)),
                        rule.outcome.title().to_lowercase(),
                        if position == 0 {
                            " (decides)"
                        } else {
                            " (outranked)"
                        }
                    ),
                );
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.bold("Why:"));
    for reason in &assessment.reasons {
        let mut sentence = String::new();
        let _ = reason.write_sentence(&mut sentence, rules);
        style.paragraph(&mut out, "  - ", &sentence);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.bold("What would change this:"));
    if assessment.what_if.is_empty() {
        style.paragraph(
            &mut out,
            "  ",
            "No single change of answer would change this recommendation.",
        );
    }
    let shown = notable_what_ifs(assessment);
    for change in &shown {
        style.paragraph(&mut out, "  - ", &change.sentence(rules));
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

/// The `compare` table: a row per invitation, in the order given. Each row: the
/// invitation, its assessment, and how far the weights could move (a few words); the
/// table adds the hard rule that decided, if one did.
pub fn compare_table(
    rules: &RuleSet,
    rows: &[(String, Assessment, String)],
    style: Style,
) -> String {
    let mut table = style.table();
    table.set_header(vec![
        "Invitation",
        "Decline",
        "Postpone",
        "Proceed",
        "Advice",
        "Confidence",
        "Decided by",
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
        cells.push(Cell::new(assessment.recommendation.title()));
        cells.push(Cell::new(assessment.confidence.as_str()));
        let decided_by = assessment
            .overrides
            .first()
            .and_then(|&i| rules.overrides.get(i))
            .map_or_else(|| "the points".to_string(), |rule| style.rule(rule));
        cells.push(Cell::new(decided_by));
        cells.push(Cell::new(steadiness));
        table.add_row(cells);
    }
    right_align(&mut table, 1);
    for index in [4, 5, 6, 7] {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Left);
        }
    }
    format!("{}\n", style.render(table))
}

fn points_text(points: &Points) -> [String; 3] {
    points.map(number)
}

/// The rule set at a glance: considerations, questions with their points, overrides.
#[allow(
    clippy::too_many_lines,
    reason = "the tables of `rules show` one after the other, each block building one table"
)]
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
    let _ = writeln!(out, "{}\n", style.render(table));

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
    let _ = writeln!(out, "{}\n", style.render(table));

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
        let _ = writeln!(out, "{}", style.render(table));
    }
    out
}

/// A condition in its compact YAML flow form, `{ reason: accepted_offer, interest: { max: 2 } }`.
pub fn condition_text(value: &crate::source::Value) -> String {
    use crate::source::Value;
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
    }
}
