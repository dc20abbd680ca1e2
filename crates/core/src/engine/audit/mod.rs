//! The rule-set audit: what the rule set does with every combination of answers to the
//! questions that decide the recommendation, counted exactly and without visiting each
//! combination. Pure: the command prints the report.
//!
//! What is counted: the *deciding* questions (the scored ones, the ones overrides read, and
//! the ones their `when`s read), each over its answer steps (a number question by band) and
//! only where its `when` holds. For letters, the questions that reply letters' `when`s read
//! (such as `share_reason`) are walked too; every other question takes its default.
//!
//! How: a recommendation depends on the totals only through two differences, postpone −
//! decline and proceed − decline, and each scored question adds its own share to both. The
//! deciding questions that some condition reads (an override, a question's `when`, or a
//! reply letter, since the audit says which letter is chosen) are *walked*: each of their
//! combinations is visited. Every other deciding question is *free*: nothing reads it but
//! the sum. For each walked combination, the free questions asked add independent shares,
//! so a table of how many of their combinations reach each pair of differences, built one
//! question at a time (`dist`), answers every count with a few sums per row. Shares are
//! exact integers on a common decimal grid (`grid`); counts are u128.
//!
//! The work is estimated before it starts: a rule set whose walk, table or work would
//! exceed the limits below is refused with the figure and what to change.

mod dist;
mod findings;
mod grid;
mod plan;
mod refusal;
mod regions;
mod walk;

pub use findings::{Finding, Severity, count, findings, summarise};
pub use grid::{MAX_DECIMALS, Unfit};
pub use refusal::Refusal;

use grid::Grid;
use plan::Plan;
use walk::Walker;

use crate::rules::RuleSet;

/// The most combinations of walked answers (times the letter-only answers) the audit visits.
pub const MAX_WALK: u128 = 2_000_000;

/// The most cells of a table of the free questions' sums (16 bytes each).
pub const MAX_CELLS: u128 = 2_000_000;

/// The most elementary steps the audit may take, as estimated before it starts.
pub const MAX_WORK: u128 = 4_000_000_000;

/// Findings of one kind past this many are summarised in one line.
pub const FIRST_FEW: usize = 5;

/// How one override fared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverrideUse {
    /// Combinations where its condition holds.
    pub fires: u128,
    /// Combinations where it is the first to hold: it decides.
    pub decides: u128,
    /// Combinations where it decides an outcome other than the points would give.
    pub changes: u128,
    /// Overrides (indexes) that decided where this one held but did not decide.
    pub shadowed_by: Vec<usize>,
}

/// How one letter fared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterUse {
    /// Answer sets (with the letter-only answers) for which it is the chosen reply.
    pub chosen: u128,
}

/// Two overrides with different outcomes that can hold together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The override checked first (it wins), and the other.
    pub first: usize,
    /// The override checked second (index into the rule set's overrides).
    pub second: usize,
    /// Combinations where both hold.
    pub together: u128,
}

/// Everything the audit found.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditReport {
    /// Indexes of the deciding questions, in order.
    pub walked: Vec<usize>,
    /// Indexes of the questions walked for letters only.
    pub letter_questions: Vec<usize>,
    /// Combinations of answers to the deciding questions.
    pub combinations: u128,
    /// Combinations per recommended outcome, by [`Outcome::index`](crate::rules::Outcome::index).
    pub outcomes: [u128; 3],
    /// Combinations the points alone would give each outcome (before overrides).
    pub by_points: [u128; 3],
    /// Per override, in priority order.
    pub overrides: Vec<OverrideUse>,
    /// Combinations where no override decides and the lead is under `confidence.leaning`.
    pub close_calls: u128,
    /// Combinations where two or more outcomes tie for the top total.
    pub ties: u128,
    /// Per question: combinations where it is asked (0 for questions not deciding).
    pub asked: Vec<u128>,
    /// Per question: whether changing its answer alone ever changes the recommendation.
    pub matters: Vec<bool>,
    /// Pairs of overrides with different outcomes that hold together.
    pub conflicts: Vec<Conflict>,
    /// Answer sets the letters were chosen over: combinations times letter-only answers.
    pub letter_combinations: u128,
    /// Per letter.
    pub letters: Vec<LetterUse>,
    /// Per outcome: answer sets recommending it for which no reply letter fits.
    pub no_letter: [u128; 3],
}

/// Counts what `rules` does with every combination of deciding answers, or refuses (before
/// any long work) when the rule set is beyond the limits.
pub fn audit(rules: &RuleSet) -> Result<AuditReport, Refusal> {
    let plan = Plan::new(rules);
    let grid = Grid::new(rules).map_err(Refusal::Unfit)?;
    plan.check(rules, &grid)?;
    let mut walker = Walker::new(rules, &plan, &grid);
    walker.walk(0);
    walker.free_questions_matter();
    Ok(walker.report())
}
