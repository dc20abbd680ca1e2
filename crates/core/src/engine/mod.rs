//! The scoring engine: from a rule set and a set of answers to a recommendation, its
//! confidence, the reasons behind it and what would change it. Pure: no I/O.

mod answers;
pub mod audit;
mod bounds;
pub mod cases;
mod clock;
mod compiled;
mod explain;
mod json_line;
mod stability;
mod tradeoffs;
mod weights;

pub use answers::{AnswersFile, Resolved, ignored_message, resolve};
pub use bounds::settled;
pub use clock::{now, today};
pub use compiled::{Engine, Tally, runner_up, settle};
pub use explain::{MAX_REASONS, Reason, Reasons, Tenths, WhatIf};
pub use json_line::{LineProblems, LineReader};
pub use stability::{Stability, Steadiness, WeightRange, weight_text};
pub use tradeoffs::{Known, Pair, Preference, Tradeoffs};
pub use weights::{Weights, check_weight, unknown_consideration};

use crate::rules::{Code, Outcome, Points, RuleSet};

/// Answers indexed like the rule set's questions; `None` is unanswered (or not asked).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answers {
    values: Vec<Option<Code>>,
}

impl Answers {
    /// No answers yet, for a rule set with `len` questions.
    pub fn empty(len: usize) -> Self {
        Answers {
            values: vec![None; len],
        }
    }

    /// The answer to question `index`.
    pub fn get(&self, index: usize) -> Option<Code> {
        self.values.get(index).copied().flatten()
    }

    /// Sets (or clears) the answer to question `index`.
    pub fn set(&mut self, index: usize, code: Option<Code>) {
        if let Some(slot) = self.values.get_mut(index) {
            *slot = code;
        }
    }

    /// The answers as a slice, for evaluating conditions.
    pub fn as_slice(&self) -> &[Option<Code>] {
        &self.values
    }

    /// The answers as a slice to change in place.
    pub(crate) fn as_mut_slice(&mut self) -> &mut [Option<Code>] {
        &mut self.values
    }

    /// Clears the answers to questions that are not asked given the earlier answers (an
    /// unanswered question counting as its default), and returns the indexes it cleared.
    pub fn drop_unasked(&mut self, rules: &RuleSet) -> Vec<usize> {
        let mut dropped = Vec::new();
        drop_unasked(rules, &mut self.values, |index| dropped.push(index));
        dropped
    }

    /// The questions that are asked, have no answer and no default, in order.
    pub fn missing(&self, rules: &RuleSet) -> Vec<usize> {
        (0..rules.questions.len())
            .filter(|&i| {
                self.get(i).is_none()
                    && rules.questions[i].default.is_none()
                    && rules.is_asked(i, &self.values)
            })
            .collect()
    }

    /// Gives each asked, unanswered question that has a default its default, in order.
    pub fn fill_defaults(&mut self, rules: &RuleSet) {
        fill_defaults(rules, &mut self.values);
    }
}

/// Settles answers in place, in question order: clears the answers to questions that
/// are not asked given the answers before them (calling `dropped` with each), and gives
/// each asked, unanswered question its default. A `when` reads only earlier questions,
/// which are settled by the time it is checked, so an unanswered question counts as its
/// default when deciding what is asked (a file that leaves `stay_in_touch` out, default
/// yes, keeps its `job_alerts` answer). The one rule for what is asked and what a default
/// fills: [`settle`], [`Answers::drop_unasked`] and `resolve` all come here.
pub(crate) fn settle_with(
    rules: &RuleSet,
    answers: &mut [Option<Code>],
    mut dropped: impl FnMut(usize),
) {
    for index in 0..answers.len().min(rules.questions.len()) {
        if !rules.is_asked(index, answers) {
            if answers[index].take().is_some() {
                dropped(index);
            }
        } else if answers[index].is_none() {
            answers[index] = rules.questions[index].default;
        }
    }
}

/// Clears the answers to questions that are not asked, deciding what is asked as
/// [`settle_with`] does (unanswered questions count as their defaults) but leaving
/// unanswered questions unanswered. Calls `dropped` with each cleared index.
fn drop_unasked(rules: &RuleSet, answers: &mut [Option<Code>], mut dropped: impl FnMut(usize)) {
    let mut view = answers.to_vec();
    settle_with(rules, &mut view, |index| {
        answers[index] = None;
        dropped(index);
    });
}

/// Gives each asked, unanswered question that has a default its default, in order. Shared
/// by [`Answers::fill_defaults`] and [`settle`].
fn fill_defaults(rules: &RuleSet, answers: &mut [Option<Code>]) {
    for index in 0..answers.len().min(rules.questions.len()) {
        if answers[index].is_none() && rules.is_asked(index, answers) {
            answers[index] = rules.questions[index].default;
        }
    }
}

/// How sure the advisor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// The lead is at least the rule set's `confidence.clear`, or a hard rule decided.
    Clear,
    /// The lead is at least `confidence.leaning`.
    Leaning,
    /// The lead is smaller than that.
    CloseCall,
}

impl Confidence {
    /// The word shown to the user and written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Clear => "clear",
            Confidence::Leaning => "leaning",
            Confidence::CloseCall => "close call",
        }
    }
}

/// The weighted points of one consideration.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsiderationScore {
    /// Index into the rule set's considerations.
    pub consideration: usize,
    /// Weighted points per outcome.
    pub scores: Points,
}

/// The scores alone: what batch scoring and what-if need.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// The outcome recommended: the top total, or the outcome of the first override that holds.
    pub recommendation: Outcome,
    /// Weighted totals per outcome.
    pub totals: Points,
    /// Weighted points per consideration, in rule-set order.
    pub considerations: Vec<Points>,
    /// Indexes into the rule set's (priority-ordered) overrides whose condition holds.
    pub fired: Vec<usize>,
    /// The outcomes tied for the top total, when more than one (before overrides).
    pub tied: Vec<Outcome>,
}

/// Everything the advisor concludes from one set of answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The outcome recommended.
    pub recommendation: Outcome,
    /// Weighted totals per outcome, indexed by [`Outcome::index`].
    pub scores: Points,
    /// The recommended outcome's total minus the best other total (negative when a hard
    /// rule picked an outcome with fewer points).
    pub margin: f64,
    /// How clear the recommendation is.
    pub confidence: Confidence,
    /// Each consideration's weighted points, in rule-set order.
    pub considerations: Vec<ConsiderationScore>,
    /// Fired overrides (indexes into the rule set's overrides), in the order checked; the
    /// first decided.
    pub overrides: Vec<usize>,
    /// The outcomes tied for the top total, when more than one; ties go to the first of
    /// them in [`Outcome::TIE_ORDER`].
    pub tied: Vec<Outcome>,
    /// Why this outcome, and what held the others back, as data; [`Reason::sentence`]
    /// (or [`Reasons::sentences`]) writes them as sentences.
    pub reasons: Reasons,
    /// Single-answer changes that change the recommendation, smallest change first.
    pub what_if: Vec<WhatIf>,
    /// How far each weight could move before the recommendation changed (filled by
    /// [`Engine::assess`], with the what-if list; see [`Engine::stability`]).
    pub stability: Option<Stability>,
}

/// Scores answers: totals, fired overrides and the recommendation, without explanations.
/// To score many answer sets, build an [`Engine`] once and use [`Engine::tally`].
pub fn score(rules: &RuleSet, answers: &Answers) -> Score {
    Engine::new(rules).score(answers.as_slice())
}

/// Assesses answers: the recommendation, its confidence, the reasons and the what-if list.
///
/// ```
/// use interview_advisor_core::engine::{AnswersFile, assess, resolve};
/// use interview_advisor_core::rules::{Outcome, RuleSet};
/// use interview_advisor_core::source::Source;
///
/// let rules = RuleSet::builtin()?;
/// let text = "answers:\n  reason: accepted_offer\n  interest: 1\n  already_confirmed: false\n  \
///     referred: false\n  future_contact: low\n  days_until_interview: 10\n  \
///     company_growth: 2\n  revisit_later: false\n  goal_alignment: 1\n  other_options: many\n";
/// let source = Source::from_text("answers.yaml", text);
/// let answers = resolve(&rules, &AnswersFile::parse(&source)?, &source, true)?.answers;
/// let assessment = assess(&rules, &answers);
/// assert_eq!(assessment.recommendation, Outcome::Decline);
/// assert!(assessment.margin > 0.0);
/// # Ok::<(), interview_advisor_core::error::Error>(())
/// ```
pub fn assess(rules: &RuleSet, answers: &Answers) -> Assessment {
    Engine::new(rules).assess(answers.as_slice())
}

/// Like [`assess`], without the what-if list (which is the expensive part).
pub fn assess_without_what_if(rules: &RuleSet, answers: &Answers) -> Assessment {
    Engine::new(rules).assess_without_what_if(answers.as_slice())
}
