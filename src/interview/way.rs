//! Steps along the questions on the way (the order [`super::verdict_order`] gives): the
//! one place both the terminal questionnaire and the web pages decide where Back and an
//! answer lead, and where a question stands.

use crate::engine::Answers;

/// The question on the way before `index`: where Back goes.
pub fn before(order: &[usize], index: usize) -> Option<usize> {
    order.iter().rev().find(|&&i| i < index).copied()
}

/// The question on the way after `index`: where an answer goes on to.
pub fn after(order: &[usize], index: usize) -> Option<usize> {
    order.iter().find(|&&i| i > index).copied()
}

/// The first question on the way that has no answer yet.
pub fn first_unanswered(order: &[usize], answers: &Answers) -> Option<usize> {
    order.iter().find(|&&i| answers.get(i).is_none()).copied()
}

/// Where `index` stands on the way, counted from 1 ("question 3 of 9"); one past the end
/// when it is not on the way.
pub fn position(order: &[usize], index: usize) -> usize {
    order
        .iter()
        .position(|&i| i == index)
        .map_or(order.len(), |p| p + 1)
}
