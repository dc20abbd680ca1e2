//! Which questions the audit walks answer by answer, which it counts through the tables of
//! sums, and which it walks for letters only; and the estimate of the work, checked against
//! the limits before it starts.

use super::dist::span;
use super::grid::Grid;
use super::{MAX_CELLS, MAX_WALK, MAX_WORK, Refusal};
use crate::rules::{Code, RuleSet, Stage};

/// Which questions play which part.
pub(super) struct Plan {
    /// The deciding questions, in order.
    pub(super) walked: Vec<usize>,
    /// The deciding questions a condition reads, in order: visited answer by answer.
    pub(super) enumerated: Vec<usize>,
    /// The other deciding questions: counted through the tables.
    pub(super) free: Vec<usize>,
    /// Questions walked for letters only.
    pub(super) letter_questions: Vec<usize>,
    /// Per question: its answer steps (empty for questions neither deciding nor for letters).
    pub(super) steps: Vec<Vec<Code>>,
    /// Whether any reply letter exists (else letters are not walked).
    pub(super) replies: bool,
}

impl Plan {
    pub(super) fn new(rules: &RuleSet) -> Self {
        let count = rules.questions.len();
        let mark = |marked: &mut [bool], questions: Vec<usize>| {
            for q in questions {
                if let Some(slot) = marked.get_mut(q) {
                    *slot = true;
                }
            }
        };
        let mut read_by_override = vec![false; count];
        for rule in &rules.overrides {
            mark(&mut read_by_override, rule.when.questions());
        }
        let mut deciding: Vec<bool> = rules.questions.iter().map(|q| q.is_scored()).collect();
        for (slot, read) in deciding.iter_mut().zip(&read_by_override) {
            *slot |= read;
        }
        close_over_when(rules, &mut deciding);
        let replies = rules.letters.iter().any(|l| l.stage == Stage::Reply);
        let mut for_letters = vec![false; count];
        if replies {
            for letter in rules.letters.iter().filter(|l| l.stage == Stage::Reply) {
                mark(
                    &mut for_letters,
                    letter.when.iter().flat_map(|w| w.questions()).collect(),
                );
            }
            close_over_when(rules, &mut for_letters);
        }
        // A condition reads it: an override, a reply letter, or the `when` of a question
        // that is counted or walked for letters.
        let mut read = read_by_override;
        for (slot, letters) in read.iter_mut().zip(&for_letters) {
            *slot |= letters;
        }
        for (index, question) in rules.questions.iter().enumerate() {
            if deciding[index] || for_letters[index] {
                mark(
                    &mut read,
                    question.when.iter().flat_map(|w| w.questions()).collect(),
                );
            }
        }
        let walked: Vec<usize> = (0..count).filter(|&i| deciding[i]).collect();
        let steps = rules
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                if deciding[i] || for_letters[i] {
                    q.answer_steps()
                } else {
                    Vec::new()
                }
            })
            .collect();
        Plan {
            enumerated: walked.iter().copied().filter(|&i| read[i]).collect(),
            free: walked.iter().copied().filter(|&i| !read[i]).collect(),
            walked,
            letter_questions: (0..count)
                .filter(|&i| for_letters[i] && !deciding[i])
                .collect(),
            steps,
            replies,
        }
    }

    /// Refuses, before any long work, a rule set beyond the limits.
    pub(super) fn check(&self, rules: &RuleSet, grid: &Grid) -> Result<(), Refusal> {
        let product = |questions: &[usize]| {
            questions.iter().try_fold(1u128, |product, &q| {
                product.checked_mul(self.steps[q].len().max(1) as u128)
            })
        };
        let walk = product(&self.enumerated).ok_or(Refusal::Overflow)?;
        let letters = product(&self.letter_questions).ok_or(Refusal::Overflow)?;
        product(&self.walked).ok_or(Refusal::Overflow)?;
        let visits = walk.saturating_mul(if self.replies { letters } else { 1 });
        if visits > MAX_WALK {
            return Err(Refusal::Walk {
                combinations: visits,
                questions: self
                    .enumerated
                    .iter()
                    .chain(if self.replies {
                        &self.letter_questions[..]
                    } else {
                        &[]
                    })
                    .map(|&q| rules.questions[q].id.clone())
                    .collect(),
            });
        }
        let (mut width, mut height) = (1u128, 1u128);
        let mut add_work = 0u128;
        for &q in &self.free {
            let steps: Vec<(i64, i64)> = grid.steps(q).collect();
            let (min_x, max_x, min_y, max_y) = span(&steps);
            width += (max_x - min_x) as u128;
            height += (max_y - min_y) as u128;
            add_work = add_work.saturating_add(
                width
                    .saturating_mul(height)
                    .saturating_mul(steps.len() as u128),
            );
        }
        if width.saturating_mul(height) > MAX_CELLS {
            return Err(Refusal::Table { width, height });
        }
        // Per walked combination: a few sums per row of the table, per other answer of a
        // walked question (what matters), and per pair of overrides; per free question, a
        // table built and taken apart, and a pass over the walked combinations.
        let alternatives: u128 = self
            .enumerated
            .iter()
            .map(|&q| self.steps[q].len() as u128)
            .sum();
        let overrides = rules.overrides.len() as u128;
        let per_visit = width
            .saturating_mul(alternatives + 4)
            .saturating_add(overrides.saturating_mul(overrides))
            .saturating_add(if self.replies {
                letters.saturating_mul(rules.letters.len() as u128 * 3)
            } else {
                0
            });
        let free_steps: u128 = self.free.iter().map(|&q| self.steps[q].len() as u128).sum();
        let steps = walk
            .saturating_mul(per_visit)
            .saturating_add(add_work.saturating_mul(2))
            .saturating_add(walk.saturating_mul(width).saturating_mul(free_steps));
        if steps > MAX_WORK {
            return Err(Refusal::Work { steps });
        }
        Ok(())
    }
}

/// Marks every question that a marked question's `when` reads, until nothing changes.
fn close_over_when(rules: &RuleSet, marked: &mut [bool]) {
    // A `when` reads only earlier questions, so one pass from the end reaches them all.
    for index in (0..rules.questions.len()).rev() {
        if !marked[index] {
            continue;
        }
        for q in rules.questions[index]
            .when
            .iter()
            .flat_map(|w| w.questions())
        {
            if let Some(slot) = marked.get_mut(q) {
                *slot = true;
            }
        }
    }
}
