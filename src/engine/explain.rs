//! Explanations: the reasons behind a recommendation and the single-answer changes that
//! would change it.

use std::fmt::{self, Write as _};

use super::{Engine, Score};
use crate::rules::{Code, Outcome, QuestionKind, RuleSet};

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
}

impl WhatIf {
    /// The change as a sentence a person reads.
    pub fn sentence(&self, rules: &RuleSet) -> String {
        let Some(question) = rules.questions.get(self.question) else {
            return String::new();
        };
        format!(
            "If {} were {} instead of {}, the recommendation would be {}.",
            question.label,
            quoted(&question.answer_label(self.to), &question.kind),
            quoted(&question.answer_label(self.from), &question.kind),
            self.recommendation
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

    /// Appends the number to `out`.
    pub fn push_to(self, out: &mut String) {
        match self.exact() {
            Some((negative, tenths)) => {
                if negative {
                    out.push('-');
                }
                push_digits(out, tenths / 10);
                out.push('.');
                out.push(char::from(b'0' + (tenths % 10) as u8));
            }
            None => {
                // Writing to a String cannot fail.
                let _ = write!(out, "{:.1}", self.0);
            }
        }
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::with_capacity(8);
        Tenths(self.0).push_to(&mut text);
        f.write_str(&text)
    }
}

/// Appends the decimal digits of `n`.
fn push_digits(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Writes `text` with its first letter in upper case.
fn push_capitalised(out: &mut String, text: &str) {
    let mut chars = text.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// Sentences: the hard rule that decided (if any), a tie (if any), the answers that did the
/// most for the winner, and for each other outcome the answer that held it back most.
pub(super) fn reasons(engine: &Engine, answers: &[Option<Code>], score: &Score) -> Vec<String> {
    let rules = engine.rules();
    let code_of = |i: usize| answers.get(i).copied().flatten().unwrap_or_default();
    let winner = score.recommendation;
    let w = winner.index();
    let mut reasons = Vec::with_capacity(2 + TOP_REASONS + 2);
    // Writing to a String cannot fail: the `fmt::Result`s below are always Ok.
    if let Some(rule) = score.fired.first().and_then(|&i| rules.overrides.get(i)) {
        let mut sentence = String::with_capacity(40 + rule.because.len());
        let _ = write!(
            sentence,
            "A hard rule decided this ({}): {}",
            rule.id,
            rule.because.trim()
        );
        reasons.push(sentence);
    }
    if let Some(first) = score.tied.first() {
        let names: Vec<&str> = score.tied.iter().map(|o| o.as_str()).collect();
        let mut sentence = String::new();
        push_capitalised(&mut sentence, &names.join(" and "));
        let _ = write!(
            sentence,
            " are tied at {} points; a tie goes to {}, the option that closes fewest doors.",
            Tenths(score.totals[first.index()]),
            first
        );
        reasons.push(sentence);
    }

    // The answers that favour the winner most: by lead, then question order.
    let mut leads: [Option<(f64, usize)>; TOP_REASONS] = [None; TOP_REASONS];
    engine.for_each_weighted(answers, |i, points| {
        let best_other = Outcome::ALL
            .into_iter()
            .filter(|&o| o != winner)
            .map(|o| points[o.index()])
            .fold(f64::NEG_INFINITY, f64::max);
        let lead = points[w] - best_other;
        if lead <= 1e-9 {
            return;
        }
        let ahead = |(other, j): (f64, usize)| other > lead || (other == lead && j < i);
        let Some(at) = leads.iter().position(|slot| !slot.is_some_and(ahead)) else {
            return;
        };
        leads[at..].rotate_right(1);
        leads[at] = Some((lead, i));
    });
    for (lead, i) in leads.into_iter().flatten() {
        let question = &rules.questions[i];
        let mut sentence = String::with_capacity(96);
        push_capitalised(&mut sentence, &question.label);
        sentence.push_str(": ");
        let _ = question.write_answer_label(code_of(i), &mut sentence);
        sentence.push_str(" (favours ");
        sentence.push_str(winner.as_str());
        sentence.push_str(" by ");
        Tenths(lead).push_to(&mut sentence);
        sentence.push_str(" points).");
        reasons.push(sentence);
    }

    for loser in Outcome::ALL.into_iter().filter(|&o| o != winner) {
        let l = loser.index();
        if score.totals[l] > score.totals[w] {
            let mut sentence = String::with_capacity(80);
            push_capitalised(&mut sentence, loser.as_str());
            let _ = write!(
                sentence,
                " had more points ({} against {}), but the hard rule comes first.",
                Tenths(score.totals[l]),
                Tenths(score.totals[w])
            );
            reasons.push(sentence);
            continue;
        }
        // The answer that held it back most: the biggest gap, then the first question.
        let mut worst: Option<(f64, usize)> = None;
        engine.for_each_weighted(answers, |i, p| {
            let gap = p[w] - p[l];
            let better = worst.is_none_or(|(top, j)| gap > top || (gap == top && i < j));
            if gap > 1e-9 && better {
                worst = Some((gap, i));
            }
        });
        if let Some((gap, i)) = worst {
            let question = &rules.questions[i];
            let mut sentence = String::with_capacity(120);
            push_capitalised(&mut sentence, loser.as_str());
            let _ = write!(
                sentence,
                " fell behind mostly because of {}: ",
                question.label
            );
            let _ = question.write_answer_label(code_of(i), &mut sentence);
            let _ = write!(sentence, " ({} points less than {winner}).", Tenths(gap));
            reasons.push(sentence);
        }
    }
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
