//! Explanations: the reasons behind a recommendation and the single-answer changes that
//! would change it.

use std::fmt;

use super::stability::Steadiness;
use super::{Engine, Score};
use crate::rules::{Code, Outcome, Points, QuestionKind, RuleSet};
use crate::text::write_capitalised;

/// How many answers are named as the main reasons for the winner.
const TOP_REASONS: usize = 3;

/// One answer change that would change the recommendation.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIf {
    /// Index into the rule set's questions.
    pub question: usize,
    /// The current answer.
    pub from: Code,
    /// The answer that would change the recommendation.
    pub to: Code,
    /// The recommendation it would give.
    pub recommendation: Outcome,
    /// How big a change it is: steps on a scale, bands of a number, 1 for a choice or yes/no.
    pub distance: i64,
    /// Whether the person can make the change (the question is marked `actionable` in the
    /// rule set: how keen they are, confirming, timing), rather than a change of fact.
    pub actionable: bool,
}

impl WhatIf {
    /// The change as a sentence a person reads.
    pub fn sentence(&self, rules: &RuleSet) -> String {
        let Some(question) = rules.questions.get(self.question) else {
            return String::new();
        };
        format!(
            "If {} were {} instead of {}, the recommendation would be {} ({}).",
            question.label,
            quoted(&question.answer_label(self.to), &question.kind),
            quoted(&question.answer_label(self.from), &question.kind),
            self.recommendation,
            if self.actionable {
                "a change you can make"
            } else {
                "a change of fact"
            }
        )
    }
}

fn quoted(label: &str, kind: &QuestionKind) -> String {
    match kind {
        QuestionKind::Choice { .. } => format!("\u{201c}{label}\u{201d}"),
        _ => label.to_string(),
    }
}

/// A number written with one decimal, exactly as `format!("{:.1}", x)` writes it, without
/// that format's slow exact path for the values scores take.
#[derive(Debug, Clone, Copy)]
pub struct Tenths(pub f64);

impl Tenths {
    /// The number as a sign and a count of tenths, when `x * 10` is exact: `x * 10` is
    /// `8x + 2x`, and when that sum is exact (its rounding error, found exactly by Fast2Sum,
    /// is zero), rounding it half-to-even is exactly what `{:.1}` does with the decimal
    /// expansion of `x`.
    fn exact(self) -> Option<(bool, u64)> {
        let x = self.0;
        let tenths = x * 10.0;
        let error = 2.0 * x - (tenths - 8.0 * x);
        if tenths.is_finite() && error == 0.0 && tenths.abs() < 1e15 {
            // In range, so the conversion is exact.
            Some((x.is_sign_negative(), tenths.round_ties_even().abs() as u64))
        } else {
            None
        }
    }

    /// Writes the number to `out`.
    pub fn write_to(self, out: &mut impl fmt::Write) -> fmt::Result {
        match self.exact() {
            Some((negative, tenths)) => {
                if negative {
                    out.write_char('-')?;
                }
                out.write_str(itoa::Buffer::new().format(tenths / 10))?;
                out.write_char('.')?;
                out.write_char(char::from(b'0' + (tenths % 10) as u8))
            }
            None => write!(out, "{:.1}", self.0),
        }
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

/// Why the recommendation is what it is, as data: numbers and indexes only. The sentence a
/// person reads is written when rendering, with [`Reason::sentence`] or
/// [`Reason::write_sentence`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// The hard rule (index into the rule set's overrides) that decided.
    Override {
        /// Index into the rule set's overrides.
        rule: usize,
    },
    /// Outcomes tied for the top total: bit `o.index()` is set for each; the tie goes to
    /// the first of them in [`Outcome::TIE_ORDER`].
    Tie {
        /// One bit per tied outcome.
        tied: u8,
        /// The total they share.
        points: f64,
    },
    /// An answer that favours the winner: question index, its answer, by how much it leads
    /// the best other outcome, and the weighted points it gives each outcome (its part of
    /// its consideration's row in the table).
    Favours {
        /// The question's index.
        question: usize,
        /// The answer given.
        code: Code,
        /// The outcome it favours.
        outcome: Outcome,
        /// Its weighted points for that outcome over the best other.
        lead: f64,
        /// Its weighted points for each outcome, by [`Outcome::index`].
        points: Points,
    },
    /// A losing outcome had more points, but a hard rule came first.
    Outranked {
        /// The outcome with more points.
        loser: Outcome,
        /// Its total.
        points: f64,
        /// The recommended outcome's total.
        winner_points: f64,
    },
    /// The answer that held a losing outcome back most, and by how much.
    HeldBack {
        /// The outcome held back.
        loser: Outcome,
        /// The recommended outcome.
        winner: Outcome,
        /// The question's index.
        question: usize,
        /// The answer given.
        code: Code,
        /// How many weighted points that answer put between them.
        gap: f64,
    },
    /// How far one weight could move before the recommendation changed.
    Steady(Steadiness),
}

impl Reason {
    /// The reason as a sentence a person reads.
    pub fn sentence(&self, rules: &RuleSet) -> String {
        let mut out = String::with_capacity(96);
        // Writing to a String cannot fail.
        let _ = self.write_sentence(&mut out, rules);
        out
    }

    /// Writes [`Reason::sentence`] to `out`, without building a String first.
    #[allow(
        clippy::too_many_lines,
        reason = "one arm per kind of reason, each writing its sentence straight to `out`: the match is the list of sentences"
    )]
    pub fn write_sentence(&self, out: &mut impl fmt::Write, rules: &RuleSet) -> fmt::Result {
        match *self {
            Reason::Override { rule } => {
                let Some(rule) = rules.overrides.get(rule) else {
                    return Ok(());
                };
                out.write_str("A hard rule decided this (")?;
                out.write_str(&rule.title)?;
                out.write_str("): ")?;
                out.write_str(rule.because.trim())
            }
            Reason::Tie { tied, points } => {
                let mut first = None;
                for outcome in Outcome::TIE_ORDER {
                    if tied & (1 << outcome.index()) == 0 {
                        continue;
                    }
                    if first.is_none() {
                        write_capitalised(out, outcome.as_str())?;
                        first = Some(outcome);
                    } else {
                        out.write_str(" and ")?;
                        out.write_str(outcome.as_str())?;
                    }
                }
                let Some(first) = first else {
                    return Ok(());
                };
                out.write_str(" are tied at ")?;
                Tenths(points).write_to(out)?;
                out.write_str(" points; a tie goes to ")?;
                out.write_str(first.as_str())?;
                out.write_str(", the option that closes fewest doors.")
            }
            Reason::Favours {
                question,
                code,
                outcome,
                points,
                ..
            } => {
                let Some(question) = rules.questions.get(question) else {
                    return Ok(());
                };
                write_capitalised(out, &question.label)?;
                out.write_str(": ")?;
                question.write_answer_label(code, out)?;
                out.write_str(" (")?;
                if let Some(row) = question
                    .consideration
                    .and_then(|c| rules.considerations.get(c))
                {
                    out.write_str(&row.title)?;
                    out.write_str(" row: ")?;
                }
                let order = std::iter::once(outcome)
                    .chain(Outcome::ALL.into_iter().filter(|&o| o != outcome));
                for (i, o) in order.enumerate() {
                    if i > 0 {
                        out.write_str(", ")?;
                    }
                    out.write_str(o.as_str())?;
                    out.write_char(' ')?;
                    // Written as the table writes it: a sign, except for zero.
                    let value = points[o.index()];
                    if value.abs() < 0.05 {
                        out.write_str("0.0")?;
                    } else {
                        if value > 0.0 {
                            out.write_char('+')?;
                        }
                        Tenths(value).write_to(out)?;
                    }
                }
                out.write_str(").")
            }
            Reason::Outranked {
                loser,
                points,
                winner_points,
            } => {
                write_capitalised(out, loser.as_str())?;
                out.write_str(" had more points (")?;
                Tenths(points).write_to(out)?;
                out.write_str(" against ")?;
                Tenths(winner_points).write_to(out)?;
                out.write_str("), but the hard rule comes first.")
            }
            Reason::HeldBack {
                loser,
                winner,
                question,
                code,
                gap,
            } => {
                let Some(question) = rules.questions.get(question) else {
                    return Ok(());
                };
                write_capitalised(out, loser.as_str())?;
                out.write_str(" fell behind mostly because of ")?;
                out.write_str(&question.label)?;
                out.write_str(": ")?;
                question.write_answer_label(code, out)?;
                out.write_str(" (")?;
                Tenths(gap).write_to(out)?;
                out.write_str(" points less than ")?;
                out.write_str(winner.as_str())?;
                out.write_str(").")
            }
            Reason::Steady(steadiness) => steadiness.write_sentence(out, rules),
        }
    }
}

/// The most reasons an assessment gives: a hard rule, a tie, the top answers, one per
/// losing outcome, and how far the weights could move.
pub const MAX_REASONS: usize = 2 + TOP_REASONS + Outcome::ALL.len() - 1 + 1;

/// The reasons of an assessment, in the order they are shown: a fixed-size list, so that
/// computing them allocates nothing. Use it as a slice of [`Reason`].
#[derive(Clone, Copy)]
pub struct Reasons {
    items: [Reason; MAX_REASONS],
    len: usize,
}

impl Reasons {
    /// No reasons.
    pub fn new() -> Self {
        Reasons {
            items: [Reason::Override { rule: 0 }; MAX_REASONS],
            len: 0,
        }
    }

    /// Adds a reason; beyond [`MAX_REASONS`] (which the engine never reaches) it is dropped.
    pub fn push(&mut self, reason: Reason) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = reason;
            self.len += 1;
        }
    }

    /// The reasons as sentences a person reads.
    pub fn sentences(&self, rules: &RuleSet) -> Vec<String> {
        self.iter().map(|r| r.sentence(rules)).collect()
    }
}

impl Default for Reasons {
    fn default() -> Self {
        Reasons::new()
    }
}

impl std::ops::Deref for Reasons {
    type Target = [Reason];

    fn deref(&self) -> &[Reason] {
        &self.items[..self.len]
    }
}

impl PartialEq for Reasons {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Reasons {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Reasons {
    type Item = &'a Reason;
    type IntoIter = std::slice::Iter<'a, Reason>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The reasons: the hard rule that decided (if any), a tie (if any), the answers that did
/// the most for the winner, and for each other outcome the answer that held it back most.
/// One pass over the answers; numbers and indexes only, no text.
pub(super) fn reasons(engine: &Engine, answers: &[Option<Code>], score: &Score) -> Reasons {
    let code_of = |i: usize| answers.get(i).copied().flatten().unwrap_or_default();
    let winner = score.recommendation;
    let w = winner.index();
    let mut reasons = Reasons::new();
    if let Some(&rule) = score.fired.first() {
        reasons.push(Reason::Override { rule });
    }
    if let Some(first) = score.tied.first() {
        let tied = score.tied.iter().fold(0u8, |bits, o| bits | 1 << o.index());
        reasons.push(Reason::Tie {
            tied,
            points: score.totals[first.index()],
        });
    }

    // In one pass: the answers that favour the winner most (by lead, then question order),
    // and for each other outcome the answer that held it back most (the biggest gap, then
    // the first question).
    let mut leads: [Option<(f64, usize, Points)>; TOP_REASONS] = [None; TOP_REASONS];
    let mut worst: [Option<(f64, usize)>; 3] = [None; 3];
    engine.for_each_weighted(answers, |i, points| {
        let mut best_other = f64::NEG_INFINITY;
        for (l, slot) in worst.iter_mut().enumerate() {
            if l == w {
                continue;
            }
            best_other = best_other.max(points[l]);
            let gap = points[w] - points[l];
            let better = slot.is_none_or(|(top, j)| gap > top || (gap == top && i < j));
            if gap > 1e-9 && better {
                *slot = Some((gap, i));
            }
        }
        let lead = points[w] - best_other;
        if lead <= 1e-9 {
            return;
        }
        let ahead = |(other, j, _): (f64, usize, Points)| other > lead || (other == lead && j < i);
        let Some(at) = leads.iter().position(|slot| !slot.is_some_and(ahead)) else {
            return;
        };
        leads[at..].rotate_right(1);
        leads[at] = Some((lead, i, points));
    });
    for (lead, i, points) in leads.into_iter().flatten() {
        reasons.push(Reason::Favours {
            question: i,
            code: code_of(i),
            outcome: winner,
            lead,
            points,
        });
    }

    for loser in Outcome::ALL.into_iter().filter(|&o| o != winner) {
        let l = loser.index();
        if score.totals[l] > score.totals[w] {
            reasons.push(Reason::Outranked {
                loser,
                points: score.totals[l],
                winner_points: score.totals[w],
            });
        } else if let Some((gap, i)) = worst[l] {
            reasons.push(Reason::HeldBack {
                loser,
                winner,
                question: i,
                code: code_of(i),
                gap,
            });
        }
    }
    reasons.push(Reason::Steady(super::stability::steadiness(
        engine, answers, score,
    )));
    reasons
}

/// Calls `visit(to, distance)` for every other answer to a question, with how far it is
/// from `from`, in order. A number question offers, for each other band, the value of that
/// band nearest to `from`.
pub(super) fn for_each_alternative(
    kind: &QuestionKind,
    from: Code,
    mut visit: impl FnMut(Code, i64),
) {
    match kind {
        QuestionKind::Choice { options } => {
            for to in (0..options.len() as Code).filter(|&c| c != from) {
                visit(to, 1);
            }
        }
        QuestionKind::YesNo { .. } => visit(1 - from.clamp(0, 1), 1),
        QuestionKind::Scale { min, max, .. } => {
            for to in (*min..=*max).filter(|&v| v != from) {
                visit(to, (to - from).abs());
            }
        }
        QuestionKind::Number { bands, .. } => {
            let Some(current) = bands.iter().position(|b| b.min <= from && from <= b.max) else {
                return;
            };
            for (i, band) in bands.iter().enumerate().filter(|&(i, _)| i != current) {
                let nearest = if band.max < from { band.max } else { band.min };
                visit(nearest, (i as i64 - current as i64).abs());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Tenths;

    #[test]
    fn tenths_writes_what_the_standard_one_decimal_format_writes() {
        let mut values: Vec<f64> = (-4000..=4000).map(|i| f64::from(i) / 64.0).collect();
        values.extend((-2000..=2000).map(|i| f64::from(i) * 0.1));
        values.extend((-300..=300).map(|i| f64::from(i) * 0.375 * 1.25));
        values.extend([
            0.25,
            0.35,
            0.05,
            -0.05,
            -0.0,
            0.0,
            1e20,
            -1e300,
            f64::NAN,
            f64::INFINITY,
        ]);
        for x in values {
            assert_eq!(Tenths(x).to_string(), format!("{x:.1}"), "for {x:?}");
        }
    }
}
