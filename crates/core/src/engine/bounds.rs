//! Whether the answers given so far already settle the recommendation: the hard rules
//! that can still fire, and the least and most points the open questions can add.

use crate::rules::{Code, Condition, Outcome, RuleSet};

/// What a hard rule does with the answers so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fires {
    Yes,
    No,
    /// It reads an open question.
    Maybe,
}

fn fires(when: &Condition, answers: &[Option<Code>], open: &[usize]) -> Fires {
    if when.questions().iter().any(|q| open.contains(q)) {
        Fires::Maybe
    } else if when.holds(answers) {
        Fires::Yes
    } else {
        Fires::No
    }
}

/// The recommendation, if no answers to the `open` questions (left unanswered included)
/// can change it; `None` when they still can. `answers` holds the answers so far.
///
/// A hard rule that already holds decides, unless one checked before it may still fire
/// for another outcome. Otherwise, an outcome is settled when, for every other outcome,
/// even the open answers least in its favour keep it ahead: for each open question, the
/// smallest difference its answers (or no answer) can make.
pub fn settled(rules: &RuleSet, answers: &[Option<Code>], open: &[usize]) -> Option<Outcome> {
    let mut maybe: Vec<Outcome> = Vec::new();
    for rule in &rules.overrides {
        match fires(&rule.when, answers, open) {
            Fires::Yes => {
                return maybe
                    .iter()
                    .all(|&o| o == rule.outcome)
                    .then_some(rule.outcome);
            }
            Fires::Maybe => maybe.push(rule.outcome),
            Fires::No => {}
        }
    }
    let mut known = answers.to_vec();
    for &q in open {
        if let Some(slot) = known.get_mut(q) {
            *slot = None;
        }
    }
    let totals = super::Engine::new(rules).score(&known).totals;
    let weighted = |q: usize, code: Code| -> [f64; 3] {
        let question = &rules.questions[q];
        let weight = question
            .consideration
            .and_then(|c| rules.considerations.get(c))
            .map_or(0.0, |c| c.weight);
        question
            .points(code)
            .map_or([0.0; 3], |p| p.map(|v| v * weight))
    };
    let sure = |winner: Outcome, other: Outcome| -> bool {
        let (w, o) = (winner.index(), other.index());
        let mut least = totals[w] - totals[o];
        for &q in open {
            let Some(question) = rules.questions.get(q) else {
                continue;
            };
            if !question.is_scored() {
                continue;
            }
            // No answer (a question skipped or not asked) adds nothing.
            let worst = question
                .answer_steps()
                .into_iter()
                .map(|code| {
                    let p = weighted(q, code);
                    p[w] - p[o]
                })
                .fold(0.0_f64, f64::min);
            least += worst;
        }
        // A tie goes by the tie order, so only a clear lead is sure.
        least > 1e-9
    };
    Outcome::ALL.into_iter().find(|&winner| {
        maybe.iter().all(|&o| o == winner)
            && Outcome::ALL
                .into_iter()
                .filter(|&o| o != winner)
                .all(|o| sure(winner, o))
    })
}
