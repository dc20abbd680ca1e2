//! The trade-off questions of `priorities`: "which matters more to you, A or B?", asked
//! through the same [`Prompter`] as the questionnaire (select lists on a terminal,
//! numbered choices on a pipe), with Back and a review screen. Which pair comes next and
//! what the answers imply is [`Tradeoffs`]' business.

use super::{Ask, Prompter, Reply, ReviewChoice, ReviewLine};
use crate::engine::{Pair, Preference, Tradeoffs};
use crate::error::{Diagnostic, Error, Result};
use crate::rules::{ChoiceOption, Code, Consideration, Question, QuestionKind, RuleSet};

/// The section title shown with each trade-off question.
const SECTION: &str = "Your priorities";

/// The codes of the three options of a trade-off question, in the order shown.
const FIRST: Code = 0;
const SAME: Code = 1;
const SECOND: Code = 2;

/// A consideration's description as a phrase inside a sentence: without its full stop,
/// its first letter in lower case ("How your choice lands ..." → "how your choice
/// lands ...").
fn phrase(consideration: &Consideration) -> String {
    let text = consideration.description.trim().trim_end_matches('.');
    let text = if text.is_empty() {
        consideration.title.as_str()
    } else {
        text
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if !chars.clone().next().is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

/// A trade-off question as a choice question the prompters know how to ask.
pub fn pair_question(rules: &RuleSet, pair: Pair) -> Option<Question> {
    let a = rules.considerations.get(pair.first)?;
    let b = rules.considerations.get(pair.second)?;
    let option = |c: &Consideration| ChoiceOption {
        value: c.id.clone(),
        label: c.title.clone(),
        points: [0.0; 3],
    };
    Some(Question {
        id: format!("{}_or_{}", a.id, b.id),
        consideration: None,
        label: format!("{} or {}", a.title, b.title),
        prompt: format!(
            "Which matters more to you with this invitation: {}, or {}?",
            phrase(a),
            phrase(b)
        ),
        help: "Say which of the two should count for more when the advice weighs your \
               answers, for this invitation as you see it. There is no right answer; \
               pairs that follow from your earlier answers are not asked."
            .to_string(),
        actionable: false,
        when: None,
        default: None,
        date: None,
        kind: QuestionKind::Choice {
            options: vec![
                option(a),
                ChoiceOption {
                    value: "same".to_string(),
                    label: "About the same".to_string(),
                    points: [0.0; 3],
                },
                option(b),
            ],
        },
    })
}

fn preference(code: Code) -> Option<Preference> {
    match code {
        FIRST => Some(Preference::First),
        SAME => Some(Preference::Same),
        SECOND => Some(Preference::Second),
        _ => None,
    }
}

fn code(preference: Preference) -> Code {
    match preference {
        Preference::First => FIRST,
        Preference::Same => SAME,
        Preference::Second => SECOND,
    }
}

/// An answer in words, for the review screen: "Reputation", or "about the same".
fn answer_words(rules: &RuleSet, pair: Pair, preference: Preference) -> String {
    let title = |i: usize| rules.considerations.get(i).map_or("", |c| c.title.as_str());
    match preference {
        Preference::First => format!("{} matters more", title(pair.first)),
        Preference::Same => "about the same".to_string(),
        Preference::Second => format!("{} matters more", title(pair.second)),
    }
}

/// Where the trade-off questions are.
enum At {
    /// Asking the next open pair.
    Next,
    /// Asking answer `position` again, picked at the review screen.
    Change(usize),
    /// Showing the review screen.
    Review,
}

/// Asks trade-off questions until every pair is answered or follows from the answers,
/// then shows the review screen until the person confirms. Back takes back the last
/// answer (or, when changing an answer, returns to the review).
#[allow(
    clippy::too_many_lines,
    reason = "the trade-off questionnaire's state machine: one loop over the next pair, a change and the review"
)]
pub fn run(rules: &RuleSet, prompter: &mut dyn Prompter) -> Result<Tradeoffs> {
    let mut tradeoffs = Tradeoffs::new(rules.considerations.len());
    let mut at = At::Next;
    loop {
        let (pair, changing) = match at {
            At::Next => match tradeoffs.next() {
                Some(pair) => (pair, None),
                None => {
                    at = At::Review;
                    continue;
                }
            },
            At::Change(position) => match tradeoffs.answers().get(position) {
                Some(&(pair, _)) => (pair, Some(position)),
                None => {
                    at = At::Review;
                    continue;
                }
            },
            At::Review => {
                let lines: Vec<ReviewLine> = tradeoffs
                    .answers()
                    .iter()
                    .enumerate()
                    .map(|(index, &(pair, preference))| ReviewLine {
                        index,
                        label: pair_question(rules, pair)
                            .map(|q| q.label)
                            .unwrap_or_default(),
                        answer: answer_words(rules, pair, preference),
                    })
                    .collect();
                if lines.is_empty() {
                    return Ok(tradeoffs);
                }
                at = match prompter.review(&lines)? {
                    ReviewChoice::Confirm => return Ok(tradeoffs),
                    ReviewChoice::Change(position) => At::Change(position),
                };
                continue;
            }
        };
        let Some(question) = pair_question(rules, pair) else {
            return Err(Error::Internal(
                "a trade-off question names a consideration the rule set lacks".to_string(),
            ));
        };
        let answered = tradeoffs.answers().len();
        let ask = Ask {
            index: changing.unwrap_or(answered),
            question: &question,
            position: changing.map_or(answered + 1, |p| p + 1),
            total: answered + tradeoffs.open().max(1),
            total_is_estimate: tradeoffs.open() > 1,
            section: SECTION,
            current: changing
                .and_then(|p| tradeoffs.answers().get(p))
                .map(|&(_, preference)| code(preference)),
            can_go_back: changing.is_some() || answered > 0,
        };
        match prompter.ask(&ask)? {
            Reply::Answer(answer) => {
                let Some(preference) = preference(answer) else {
                    return Err(Error::Internal(format!(
                        "the prompter gave an invalid answer {answer} to `{}`",
                        question.id
                    )));
                };
                match changing {
                    Some(position) => {
                        tradeoffs.change(position, preference);
                        // Pairs the change reopened are asked, then the review again.
                        at = if tradeoffs.next().is_some() {
                            At::Next
                        } else {
                            At::Review
                        };
                    }
                    None => {
                        tradeoffs.answer(pair, preference);
                        at = At::Next;
                    }
                }
            }
            Reply::Back => {
                if changing.is_some() {
                    at = At::Review;
                } else {
                    tradeoffs.back();
                    at = At::Next;
                }
            }
            Reply::EndOfInput => {
                return Err(Error::invalid(
                    Diagnostic::new(format!(
                        "input ended before every trade-off question was answered; \
                         unanswered: {}; give one answer a line (1, 2 or 3)",
                        question.id
                    ))
                    .in_file("<stdin>"),
                ));
            }
        }
    }
}

/// The yes/no question before the result: whether to set one's own priorities.
pub fn offer_question() -> Question {
    Question {
        id: "own_priorities".to_string(),
        consideration: None,
        label: "set your own priorities".to_string(),
        prompt: "Set your own priorities? A few questions on which considerations matter \
                 most to you; the advice then weighs your answers that way."
            .to_string(),
        help: "The rule set decides how much each consideration counts. If they matter \
               differently to you, answer a few questions comparing them two at a time."
            .to_string(),
        actionable: false,
        when: None,
        default: Some(0),
        date: None,
        kind: QuestionKind::YesNo {
            no: [0.0; 3],
            yes: [0.0; 3],
        },
    }
}

/// Offers the trade-off questions before the result; `None` when the person declines
/// (or input ends at the offer).
pub fn offer(rules: &RuleSet, prompter: &mut dyn Prompter) -> Result<Option<Tradeoffs>> {
    let question = offer_question();
    let ask = Ask {
        index: 0,
        question: &question,
        position: 1,
        total: 1,
        total_is_estimate: false,
        section: SECTION,
        current: question.default,
        can_go_back: false,
    };
    match prompter.ask(&ask)? {
        Reply::Answer(1) => run(rules, prompter).map(Some),
        Reply::Answer(_) | Reply::Back | Reply::EndOfInput => Ok(None),
    }
}
