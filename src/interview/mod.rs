//! The guided questionnaire: which question comes next, going back, and the review
//! screen. The asking itself goes through the [`Prompter`] trait, so the flow can be
//! driven by a terminal ([`TerminalPrompter`]), by lines on a pipe ([`LinePrompter`]) or
//! by a script in tests.

mod lines;
mod terminal;

pub use lines::LinePrompter;
pub use terminal::TerminalPrompter;

use crate::engine::Answers;
use crate::error::{Diagnostic, Error, Result};
use crate::rules::{Code, Question, RuleSet};

/// One question to put to the person.
#[derive(Debug, Clone)]
pub struct Ask<'a> {
    /// The question's index in the rule set.
    pub index: usize,
    pub question: &'a Question,
    /// 1-based position among the questions asked with the current answers.
    pub position: usize,
    /// How many questions are asked with the current answers.
    pub total: usize,
    /// The consideration's title, or "Your message" for questions that shape the letter.
    pub section: &'a str,
    /// The answer to preselect: the current one, or the question's default.
    pub current: Option<Code>,
    /// Whether the person may go back to the previous question.
    pub can_go_back: bool,
}

impl Ask<'_> {
    /// `3/12 · Reputation`.
    pub fn progress(&self) -> String {
        format!("{}/{} \u{b7} {}", self.position, self.total, self.section)
    }
}

/// What the person did at a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// Gave this answer.
    Answer(Code),
    /// Asked to go back to the previous question.
    Back,
    /// Input ended (a pipe closed) before an answer.
    EndOfInput,
}

/// One line of the review screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLine {
    /// The question's index in the rule set.
    pub index: usize,
    pub label: String,
    pub answer: String,
}

/// What the person did at the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewChoice {
    /// The answers are right: go on to the recommendation.
    Confirm,
    /// Change the answer to this question (an index into the rule set).
    Change(usize),
}

/// Asks questions. Errors end the questionnaire: [`Error::Interrupted`] when the person
/// leaves (Esc, Ctrl-C, Ctrl-D), [`Error::Invalid`] for an answer that cannot be used.
pub trait Prompter {
    /// Asks one question.
    fn ask(&mut self, ask: &Ask) -> Result<Reply>;

    /// Shows every answer and lets the person confirm or pick one to change.
    fn review(&mut self, lines: &[ReviewLine]) -> Result<ReviewChoice>;
}

/// The section title of questions that only shape the letter.
const MESSAGE_SECTION: &str = "Your message";

/// The questions asked with these answers, in order.
fn asked(rules: &RuleSet, answers: &Answers) -> Vec<usize> {
    (0..rules.questions.len())
        .filter(|&i| rules.is_asked(i, answers.as_slice()))
        .collect()
}

/// Runs the questionnaire until every asked question has an answer and the person has
/// confirmed them at the review screen. Answers already present (from `--answers`) are
/// kept and not asked again; going back keeps later answers, and a changed answer asks
/// only the questions it newly brings in.
pub fn run(rules: &RuleSet, answers: &mut Answers, prompter: &mut dyn Prompter) -> Result<()> {
    let mut history: Vec<usize> = Vec::new();
    let mut forced: Option<usize> = None;
    loop {
        answers.drop_unasked(rules);
        let next = forced.or_else(|| {
            (0..rules.questions.len())
                .find(|&i| answers.get(i).is_none() && rules.is_asked(i, answers.as_slice()))
        });
        let Some(index) = next else {
            let lines = review_lines(rules, answers);
            match prompter.review(&lines)? {
                ReviewChoice::Confirm => return Ok(()),
                ReviewChoice::Change(index) if index < rules.questions.len() => {
                    history.clear();
                    forced = Some(index);
                }
                ReviewChoice::Change(_) => {}
            }
            continue;
        };
        let question = &rules.questions[index];
        let order = asked(rules, answers);
        let ask = Ask {
            index,
            question,
            position: order
                .iter()
                .position(|&i| i == index)
                .map_or(order.len(), |p| p + 1),
            total: order.len(),
            section: question
                .consideration
                .and_then(|c| rules.considerations.get(c))
                .map_or(MESSAGE_SECTION, |c| c.title.as_str()),
            current: answers.get(index).or(question.default),
            can_go_back: !history.is_empty(),
        };
        match prompter.ask(&ask)? {
            Reply::Answer(code) => {
                if !question.accepts(code) {
                    return Err(Error::Internal(format!(
                        "the prompter gave an invalid answer {code} to `{}`",
                        question.id
                    )));
                }
                answers.set(index, Some(code));
                history.push(index);
                forced = None;
            }
            Reply::Back => {
                // Going back from a question changed at the review screen returns to it.
                forced = history.pop();
            }
            Reply::EndOfInput => {
                let mut missing = vec![index];
                missing.extend(answers.missing(rules).into_iter().filter(|&i| i != index));
                let ids: Vec<&str> = missing
                    .iter()
                    .map(|&i| rules.questions[i].id.as_str())
                    .collect();
                return Err(Error::invalid(
                    Diagnostic::new(format!(
                        "input ended before every question was answered; unanswered: {}",
                        ids.join(", ")
                    ))
                    .in_file("<stdin>"),
                ));
            }
        }
    }
}

/// Every asked question with its answer in words, for the review screen.
pub fn review_lines(rules: &RuleSet, answers: &Answers) -> Vec<ReviewLine> {
    asked(rules, answers)
        .into_iter()
        .filter_map(|index| {
            let question = rules.questions.get(index)?;
            let code = answers.get(index)?;
            Some(ReviewLine {
                index,
                label: question.label.clone(),
                answer: question.answer_label(code),
            })
        })
        .collect()
}
