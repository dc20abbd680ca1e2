//! Why the audit would not run: the limits it checks before any long work.

use std::fmt;

use super::grid::Unfit;
use super::{MAX_CELLS, MAX_DECIMALS, MAX_WALK, MAX_WORK, count};

/// Why the audit would not run.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A point, weight or threshold the exact grid cannot hold.
    Unfit(Unfit),
    /// Too many combinations of the questions that conditions read.
    Walk {
        /// How many there are.
        combinations: u128,
        /// The questions' ids.
        questions: Vec<String>,
    },
    /// The free questions' sums spread too wide.
    Table {
        /// Columns the table would need.
        width: u128,
        /// Rows the table would need.
        height: u128,
    },
    /// Too much work in all.
    Work {
        /// The steps the count would take.
        steps: u128,
    },
    /// More combinations than 128 bits can count.
    Overflow,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Unfit(Unfit { place, value }) => write!(
                f,
                "the audit counts exactly, on a grid of decimals, and cannot hold {place} \
                 ({value}): use at most {MAX_DECIMALS} decimal places and smaller numbers"
            ),
            Refusal::Walk {
                combinations,
                questions,
            } => write!(
                f,
                "the audit would visit up to {} combinations of answers to the {} questions \
                 that overrides, `when` conditions and letters read ({}), more than its limit \
                 of {}; read fewer questions (or questions with fewer answers) in those \
                 conditions",
                count(*combinations),
                questions.len(),
                questions.join(", "),
                count(MAX_WALK)
            ),
            Refusal::Table { width, height } => write!(
                f,
                "the points of the questions no condition reads add up to sums over a {} by {} \
                 grid ({} cells), more than the audit's limit of {}; use smaller points or \
                 weights, or fewer decimal places",
                count(*width),
                count(*height),
                count(width.saturating_mul(*height)),
                count(MAX_CELLS)
            ),
            Refusal::Work { steps } => write!(
                f,
                "the audit would take about {} steps, more than its limit of {}; read fewer \
                 questions in overrides and `when` conditions, or use smaller points",
                count(*steps),
                count(MAX_WORK)
            ),
            Refusal::Overflow => f.write_str(
                "the rule set has more combinations of answers than the audit can count \
                 (2^128); use fewer questions",
            ),
        }
    }
}
