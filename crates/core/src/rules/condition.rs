//! Conditions over answers (`when` on questions and letters, and overrides), compiled once
//! to predicates over indexed answers.

use super::{Code, Question, QuestionKind};

/// A compiled condition. Question references are indexes into the rule set's questions;
/// an unanswered question makes any test on it false.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The answer's code is one of the set bits (choice options, or 0/1 for no/yes).
    OneOf {
        /// The question's index.
        question: usize,
        /// Bit `code` is set for each accepted answer code.
        mask: u64,
    },
    /// The answer lies in `min..=max` (scale and number questions).
    Range {
        /// The question's index.
        question: usize,
        /// The lowest accepted answer.
        min: i64,
        /// The highest accepted answer.
        max: i64,
    },
    /// Every part holds.
    All(Vec<Condition>),
    /// At least one part holds.
    Any(Vec<Condition>),
    /// The part does not hold.
    Not(Box<Condition>),
}

impl Condition {
    /// Whether the condition holds for these answers (indexed by question).
    pub fn holds(&self, answers: &[Option<Code>]) -> bool {
        match self {
            Condition::OneOf { question, mask } => match answers.get(*question) {
                Some(Some(code)) => (0..64).contains(code) && mask & (1u64 << code) != 0,
                _ => false,
            },
            Condition::Range { question, min, max } => match answers.get(*question) {
                Some(Some(code)) => min <= code && code <= max,
                _ => false,
            },
            Condition::All(parts) => parts.iter().all(|p| p.holds(answers)),
            Condition::Any(parts) => parts.iter().any(|p| p.holds(answers)),
            Condition::Not(part) => !part.holds(answers),
        }
    }

    /// The questions this condition reads, each once, in index order.
    pub fn questions(&self) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect_questions(&mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn collect_questions(&self, out: &mut Vec<usize>) {
        match self {
            Condition::OneOf { question, .. } | Condition::Range { question, .. } => {
                out.push(*question)
            }
            Condition::All(parts) | Condition::Any(parts) => {
                for part in parts {
                    part.collect_questions(out);
                }
            }
            Condition::Not(part) => part.collect_questions(out),
        }
    }

    /// How many tests the condition makes: more tests means more specific.
    pub fn specificity(&self) -> usize {
        match self {
            Condition::OneOf { .. } | Condition::Range { .. } => 1,
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().map(Condition::specificity).sum()
            }
            Condition::Not(part) => part.specificity(),
        }
    }

    /// The condition in words for a person, by the questions' labels and the answers'
    /// labels, such as "“keep the door open” is yes" or "“main reason for hesitating” is
    /// “I have accepted another offer” or “My current employer made me an offer to stay”".
    pub fn describe(&self, questions: &[Question]) -> String {
        let label = |q: usize| {
            questions.get(q).map_or_else(
                || "?".to_string(),
                |q| format!("\u{201c}{}\u{201d}", q.label),
            )
        };
        match self {
            Condition::OneOf { question, mask } => {
                let values: Vec<String> = (0..64)
                    .filter(|bit| mask & (1u64 << bit) != 0)
                    .map(|code| match questions.get(*question) {
                        Some(q) if matches!(q.kind, QuestionKind::YesNo { .. }) => {
                            if code == 0 { "no" } else { "yes" }.to_string()
                        }
                        Some(q) if matches!(q.kind, QuestionKind::Choice { .. }) => {
                            format!("\u{201c}{}\u{201d}", q.answer_label(code))
                        }
                        Some(q) => q.answer_label(code),
                        None => code.to_string(),
                    })
                    .collect();
                match values.as_slice() {
                    [one] => format!("{} is {one}", label(*question)),
                    [rest @ .., last] => {
                        format!("{} is {} or {last}", label(*question), rest.join(", "))
                    }
                    [] => format!("{} has no answer it accepts", label(*question)),
                }
            }
            Condition::Range { question, min, max } if min == max => {
                format!("{} is {min}", label(*question))
            }
            Condition::Range { question, min, max } => {
                // An open end reads as "at least" or "at most".
                let (lowest, highest) = match questions.get(*question).map(|q| &q.kind) {
                    Some(
                        QuestionKind::Scale { min, max, .. }
                        | QuestionKind::Number { min, max, .. },
                    ) => (*min, *max),
                    _ => (i64::MIN, i64::MAX),
                };
                match (min <= &lowest, max >= &highest) {
                    (true, false) => format!("{} is at most {max}", label(*question)),
                    (false, true) => format!("{} is at least {min}", label(*question)),
                    _ => format!("{} is from {min} to {max}", label(*question)),
                }
            }
            Condition::All(parts) => join(parts, questions, " and "),
            Condition::Any(parts) => join(parts, questions, " or "),
            Condition::Not(part) => format!("not ({})", part.describe(questions)),
        }
    }
}

fn join(parts: &[Condition], questions: &[Question], word: &str) -> String {
    let texts: Vec<String> = parts
        .iter()
        .map(|p| match p {
            Condition::All(_) | Condition::Any(_) => format!("({})", p.describe(questions)),
            _ => p.describe(questions),
        })
        .collect();
    texts.join(word)
}
