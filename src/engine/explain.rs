//! Explanations: the reasons behind a recommendation and the single-answer changes that
//! would change it.

use super::{Engine, Score};
use crate::rules::{Code, Outcome, QuestionKind, RuleSet};
use crate::text::capitalised;

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

/// Sentences: the hard rule that decided (if any), a tie (if any), the answers that did the
/// most for the winner, and for each other outcome the answer that held it back most.
pub(super) fn reasons(engine: &Engine, answers: &[Option<Code>], score: &Score) -> Vec<String> {
    let rules = engine.rules();
    let weighted = |i: usize| engine.weighted(answers, i);
    let code_of = |i: usize| answers.get(i).copied().flatten().unwrap_or_default();
    let winner = score.recommendation;
    let w = winner.index();
    let mut reasons = Vec::new();
    if let Some(rule) = score.fired.first().and_then(|&i| rules.overrides.get(i)) {
        reasons.push(format!(
            "A hard rule decided this ({}): {}",
            rule.id,
            rule.because.trim()
        ));
    }
    if !score.tied.is_empty() {
        let names: Vec<&str> = score.tied.iter().map(|o| o.as_str()).collect();
        reasons.push(format!(
            "{} are tied at {:.1} points; a tie goes to {}, the option that closes fewest doors.",
            capitalised(&names.join(" and ")),
            score.totals[score.tied[0].index()],
            score.tied[0]
        ));
    }

    let mut leads: Vec<(f64, usize)> = (0..rules.questions.len())
        .filter_map(|i| {
            let points = weighted(i)?;
            let best_other = Outcome::ALL
                .into_iter()
                .filter(|&o| o != winner)
                .map(|o| points[o.index()])
                .fold(f64::NEG_INFINITY, f64::max);
            Some((points[w] - best_other, i))
        })
        .filter(|(lead, _)| *lead > 1e-9)
        .collect();
    leads.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (lead, i) in leads.into_iter().take(TOP_REASONS) {
        let question = &rules.questions[i];
        let code = code_of(i);
        reasons.push(format!(
            "{}: {} (favours {} by {:.1} points).",
            capitalised(&question.label),
            question.answer_label(code),
            winner,
            lead
        ));
    }

    for loser in Outcome::ALL.into_iter().filter(|&o| o != winner) {
        let l = loser.index();
        if score.totals[l] > score.totals[w] {
            reasons.push(format!(
                "{} had more points ({:.1} against {:.1}), but the hard rule comes first.",
                capitalised(loser.as_str()),
                score.totals[l],
                score.totals[w]
            ));
            continue;
        }
        let worst = (0..rules.questions.len())
            .filter_map(|i| weighted(i).map(|p| (p[w] - p[l], i)))
            .filter(|(gap, _)| *gap > 1e-9)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((gap, i)) = worst {
            let question = &rules.questions[i];
            let code = code_of(i);
            reasons.push(format!(
                "{} fell behind mostly because of {}: {} ({:.1} points less than {}).",
                capitalised(loser.as_str()),
                question.label,
                question.answer_label(code),
                gap,
                winner
            ));
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
