//! The guided questionnaire: which question comes next, going back, and the review
//! screen. The asking itself goes through the [`Prompter`] trait, so the flow can be
//! driven by a terminal ([`TerminalPrompter`]), by lines on a pipe ([`LinePrompter`]) or
//! by a script in tests.

mod lines;
pub mod priorities;
mod terminal;
pub mod way;

pub use lines::LinePrompter;
pub use terminal::TerminalPrompter;

use crate::engine::Answers;
use crate::error::{Diagnostic, Error, Result};
use crate::letter;
use crate::rules::{Code, Condition, Outcome, Question, QuestionKind, RuleSet};

/// One question to put to the person.
#[derive(Debug, Clone)]
pub struct Ask<'a> {
    /// The question's index in the rule set.
    pub index: usize,
    /// The question itself.
    pub question: &'a Question,
    /// 1-based position among the questions on the way.
    pub position: usize,
    /// How many questions are on the way: the most there can be, whatever the answers not
    /// given yet, so that the total never grows as the person answers.
    pub total: usize,
    /// Whether `total` may still change (shrink) with answers not given yet.
    pub total_is_estimate: bool,
    /// The consideration's title, or "Your message" for questions that shape the letter.
    pub section: &'a str,
    /// The answer to preselect: the current one; for a question that only shapes the
    /// letter, its default. A question that can change the verdict is never preselected
    /// before it is answered.
    pub current: Option<Code>,
    /// Whether the person may go back to the previous question.
    pub can_go_back: bool,
}

impl Ask<'_> {
    /// `3/12 · Reputation`, or `1/about 12 · Motivation` while the total may change.
    pub fn progress(&self) -> String {
        let about = if self.total_is_estimate { "about " } else { "" };
        format!(
            "{}/{about}{} \u{b7} {}",
            self.position, self.total, self.section
        )
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
    /// The question, in a few words.
    pub label: String,
    /// The answer given, as shown to the user.
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

    /// Told the answers after each answer given, so that they can be kept (a draft to
    /// resume from); by default, nothing is done.
    fn answered(&mut self, _answers: &Answers) -> Result<()> {
        Ok(())
    }

    /// Told that the answers so far settle the recommendation at `outcome`, whatever the
    /// `left` questions still open say; returns whether to go to the result without them.
    /// By default the questions go on (answers read from a pipe stay in step).
    fn settled(&mut self, _outcome: Outcome, _left: usize) -> Result<bool> {
        Ok(false)
    }
}

/// The section title of questions that only shape the letter.
const MESSAGE_SECTION: &str = "Your message";

/// Which questions can change the verdict: those that score, those a hard rule reads,
/// the one that says how soon the interview is, and those whose answer decides whether
/// such a question is asked. The others only
/// shape the letter, and are asked after the verdict (see [`run_for_letter`]).
pub fn verdict_questions(rules: &RuleSet) -> Vec<bool> {
    let mut matters: Vec<bool> = rules.questions.iter().map(Question::is_scored).collect();
    // How soon the interview is decides how to answer (a call, the same day), so it is
    // asked before the verdict too.
    if let Some(slot) = rules.urgency.and_then(|u| matters.get_mut(u.question)) {
        *slot = true;
    }
    for rule in &rules.overrides {
        for index in rule.when.questions() {
            if let Some(slot) = matters.get_mut(index) {
                *slot = true;
            }
        }
    }
    // A question whose `when` reads another makes that one matter too; repeat until
    // nothing changes (chains of conditions are short).
    loop {
        let mut changed = false;
        for (index, question) in rules.questions.iter().enumerate() {
            if !matters[index] {
                continue;
            }
            for read in question.when.iter().flat_map(|w| w.questions()) {
                if let Some(slot) = matters.get_mut(read)
                    && !*slot
                {
                    *slot = true;
                    changed = true;
                }
            }
        }
        if !changed {
            return matters;
        }
    }
}

/// Where the questionnaire is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Asking this question on the way through.
    Walk(usize),
    /// Asking this question, picked at the review screen.
    Change(usize),
    /// Showing the review screen.
    Review,
}

/// The questions of one walk: those in scope, in rule-set order, that are asked with the
/// current answers.
fn order(rules: &RuleSet, in_scope: &[bool], answers: &Answers) -> Vec<usize> {
    (0..rules.questions.len())
        .filter(|&i| in_scope[i] && rules.is_asked(i, answers.as_slice()))
        .collect()
}

/// The questions that can change the verdict and are asked with these answers, in the
/// order the questionnaire walks them.
pub fn verdict_order(rules: &RuleSet, answers: &Answers) -> Vec<usize> {
    order(rules, &verdict_questions(rules), answers)
}

/// The total to show beside the questions that can change the verdict, with these answers:
/// the most there can be, and whether it may still shrink (see [`Ask::total`]).
pub fn verdict_total(rules: &RuleSet, answers: &Answers) -> (usize, bool) {
    let (least, most) = total_bounds(rules, &verdict_questions(rules), answers);
    (most, least != most)
}

/// At most this many ways of answering the open questions are tried to bound the total;
/// beyond it, the total is the count with the answers so far.
const MOST_TRIED: usize = 4096;

/// The fewest and the most questions the walk can have, over every way the questions not
/// answered yet that decide what is asked could be answered. The most is shown as the
/// total, so that it never grows as answers come in (an answer can only rule questions
/// out); it is firm when the two are equal.
fn total_bounds(rules: &RuleSet, in_scope: &[bool], answers: &Answers) -> (usize, usize) {
    let now = order(rules, in_scope, answers).len();
    // The unanswered questions read by the `when` of a question in scope, and the ones
    // those read in turn (they decide whether the first are asked).
    let mut open: Vec<usize> = Vec::new();
    let mut reading: Vec<usize> = (0..rules.questions.len())
        .filter(|&i| in_scope[i])
        .collect();
    while let Some(index) = reading.pop() {
        for read in rules.questions[index]
            .when
            .iter()
            .flat_map(|w| w.questions())
        {
            if answers.get(read).is_none() && !open.contains(&read) {
                open.push(read);
                reading.push(read);
            }
        }
    }
    let choices: Vec<Vec<Code>> = open.iter().map(|&q| telling_answers(rules, q)).collect();
    let ways = choices
        .iter()
        .try_fold(1usize, |ways, c| ways.checked_mul(c.len().max(1)));
    if open.is_empty() || ways.is_none_or(|w| w > MOST_TRIED) {
        return (now, now);
    }
    let (mut least, mut most) = (usize::MAX, 0);
    let mut pick = vec![0usize; open.len()];
    loop {
        let mut trial = answers.clone();
        for ((&question, options), &at) in open.iter().zip(&choices).zip(&pick) {
            trial.set(question, options.get(at).copied());
        }
        trial.drop_unasked(rules);
        let count = order(rules, in_scope, &trial).len();
        least = least.min(count);
        most = most.max(count);
        // The next way of answering, as an odometer turns.
        let mut digit = 0;
        loop {
            let Some(slot) = pick.get_mut(digit) else {
                return (least, most);
            };
            *slot += 1;
            if *slot < choices[digit].len() {
                break;
            }
            *slot = 0;
            digit += 1;
        }
    }
}

/// Answers to question `index` that between them meet every test the rule set's `when`
/// conditions make of it: every option of a choice or yes/no, every value of a scale, and
/// for a number the ends of its range and either side of each bound a condition names.
fn telling_answers(rules: &RuleSet, index: usize) -> Vec<Code> {
    let question = &rules.questions[index];
    let mut codes: Vec<Code> = match &question.kind {
        QuestionKind::Choice { options } => (0..options.len() as Code).collect(),
        QuestionKind::YesNo { .. } => vec![0, 1],
        QuestionKind::Scale { min, max, .. } => (*min..=*max).collect(),
        QuestionKind::Number { min, max, .. } => {
            let mut codes = vec![*min, *max];
            for when in rules.questions.iter().filter_map(|q| q.when.as_ref()) {
                bounds_named(when, index, &mut codes);
            }
            codes
        }
    };
    codes.retain(|&code| question.accepts(code));
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Adds the values either side of each bound `condition` sets on question `index`.
fn bounds_named(condition: &Condition, index: usize, out: &mut Vec<Code>) {
    match condition {
        Condition::Range { question, min, max } if *question == index => {
            out.extend([min.saturating_sub(1), *min, *max, max.saturating_add(1)]);
        }
        Condition::OneOf { question, mask } if *question == index => {
            out.extend((0..64).filter(|bit| mask & (1u64 << bit) != 0));
        }
        Condition::All(parts) | Condition::Any(parts) => {
            for part in parts {
                bounds_named(part, index, out);
            }
        }
        Condition::Not(part) => bounds_named(part, index, out),
        Condition::Range { .. } | Condition::OneOf { .. } => {}
    }
}

/// Runs the questionnaire: asks every question that can change the verdict and has no
/// answer yet, then shows the review screen until the person confirms. Answers already
/// present (from `--answers`) are kept and not asked again.
///
/// The walk is by position: Back goes to the question before the current one and the
/// next answer goes on to the question after it, so no question is skipped, and going
/// back keeps every answer (shown preselected). A changed answer that brings in a new
/// question asks it on the way; one picked at the review screen asks only the questions
/// it newly brings in, then returns to the review.
pub fn run(rules: &RuleSet, answers: &mut Answers, prompter: &mut dyn Prompter) -> Result<()> {
    let verdict = verdict_questions(rules);
    let in_scope: Vec<bool> = (0..rules.questions.len())
        .map(|i| verdict[i] && answers.get(i).is_none())
        .collect();
    walk(rules, answers, &in_scope, prompter, true)
}

/// After the verdict, asks the questions that only shape the letter and that the letter
/// chosen for `recommendation` reads (in its `when` or its text), one at a time: an
/// answer can change which letter is chosen, and so what else is asked. Questions
/// answered beforehand are not asked again. There is no review screen; going back works
/// as in [`run`].
pub fn run_for_letter(
    rules: &RuleSet,
    answers: &mut Answers,
    recommendation: Outcome,
    prompter: &mut dyn Prompter,
) -> Result<()> {
    let verdict = verdict_questions(rules);
    let given: Vec<bool> = (0..rules.questions.len())
        .map(|i| answers.get(i).is_some())
        .collect();
    let mut in_scope = vec![false; rules.questions.len()];
    loop {
        let mut view = answers.clone();
        view.fill_defaults(rules);
        let Ok(chosen) = letter::choose(rules, recommendation, &view) else {
            return Ok(());
        };
        let wanted = questions_read(rules, chosen)
            .into_iter()
            .filter(|&i| !verdict[i] && !given[i] && !in_scope[i])
            .find(|&i| rules.is_asked(i, view.as_slice()));
        let Some(next) = wanted else {
            // Everything the chosen letter reads is answered: ask what is in scope.
            return walk(rules, answers, &in_scope, prompter, false);
        };
        in_scope[next] = true;
    }
}

/// Asks the questions `indexes` that have no answer yet (and are asked with the answers
/// so far), by position, without a review screen: for a letter asked for by name.
pub fn run_questions(
    rules: &RuleSet,
    answers: &mut Answers,
    indexes: &[usize],
    prompter: &mut dyn Prompter,
) -> Result<()> {
    let in_scope: Vec<bool> = (0..rules.questions.len())
        .map(|i| indexes.contains(&i) && answers.get(i).is_none())
        .collect();
    walk(rules, answers, &in_scope, prompter, false)
}

/// The questions letter `index` (and the email that follows it) reads (in its `when`, its
/// text, and the claims its text tests), in rule-set order.
pub fn questions_read(rules: &RuleSet, index: usize) -> Vec<usize> {
    letter::questions_read(rules, index)
}

/// Asks the questions in scope by position, then (with `review`) shows the review screen.
#[allow(
    clippy::too_many_lines,
    reason = "the questionnaire's state machine: one loop over where the person is (a question, a change, the review), its moves side by side"
)]
fn walk(
    rules: &RuleSet,
    answers: &mut Answers,
    in_scope: &[bool],
    prompter: &mut dyn Prompter,
    review: bool,
) -> Result<()> {
    let first = way::first_unanswered(&order(rules, in_scope, answers), answers);
    let mut at = first.map_or(At::Review, At::Walk);
    // The questions are cut short at most once, when the answers settle the verdict.
    let mut offered = false;
    loop {
        answers.drop_unasked(rules);
        let (index, changing) = match at {
            At::Walk(index) => (index, false),
            At::Change(index) => (index, true),
            At::Review => {
                if !review {
                    return Ok(());
                }
                let lines = review_lines(rules, answers);
                at = match prompter.review(&lines)? {
                    ReviewChoice::Confirm => return Ok(()),
                    ReviewChoice::Change(index) if index < rules.questions.len() => {
                        At::Change(index)
                    }
                    ReviewChoice::Change(_) => At::Review,
                };
                continue;
            }
        };
        let question = &rules.questions[index];
        let on_the_way = order(rules, in_scope, answers);
        let previous = way::before(&on_the_way, index);
        let (least, most) = total_bounds(rules, in_scope, answers);
        let ask = Ask {
            index,
            question,
            position: way::position(&on_the_way, index),
            total: most.max(on_the_way.len()),
            total_is_estimate: least != most,
            section: question
                .consideration
                .and_then(|c| rules.considerations.get(c))
                .map_or(MESSAGE_SECTION, |c| c.title.as_str()),
            current: answers.get(index).or_else(|| {
                if question.is_scored() {
                    None
                } else {
                    question.default
                }
            }),
            can_go_back: changing || previous.is_some(),
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
                answers.drop_unasked(rules);
                prompter.answered(answers)?;
                let on_the_way = order(rules, in_scope, answers);
                let after = if changing {
                    None
                } else {
                    way::after(&on_the_way, index)
                };
                // Past the end (or after a change): whatever is still unanswered.
                let unanswered = || way::first_unanswered(&on_the_way, answers);
                at = match (after, changing) {
                    (Some(next), _) => At::Walk(next),
                    (None, true) => unanswered().map_or(At::Review, At::Change),
                    (None, false) => unanswered().map_or(At::Review, At::Walk),
                };
                if review && !changing && !offered {
                    let open: Vec<usize> = on_the_way
                        .iter()
                        .copied()
                        .filter(|&i| answers.get(i).is_none())
                        .collect();
                    if let Some(outcome) = (!open.is_empty())
                        .then(|| crate::engine::settled(rules, answers.as_slice(), &open))
                        .flatten()
                    {
                        offered = true;
                        if prompter.settled(outcome, open.len())? {
                            at = At::Review;
                        }
                    }
                }
            }
            Reply::Back => {
                at = match (changing, previous) {
                    (true, _) => At::Review,
                    (false, Some(previous)) => At::Walk(previous),
                    (false, None) => At::Walk(index),
                };
            }
            Reply::EndOfInput => {
                let mut missing = vec![index];
                missing.extend(
                    order(rules, in_scope, answers)
                        .into_iter()
                        .filter(|&i| i != index && answers.get(i).is_none()),
                );
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
    (0..rules.questions.len())
        .filter(|&i| rules.is_asked(i, answers.as_slice()))
        .filter_map(|index| {
            let question = rules.questions.get(index)?;
            let code = answers.get(index)?;
            let mut answer = question.answer_label(code);
            if let Some(date) = question.date_of(code, crate::engine::today()) {
                answer.push_str(&format!(" ({})", date.strftime("%A %-d %B")));
            }
            Some(ReviewLine {
                index,
                label: question.label.clone(),
                answer,
            })
        })
        .collect()
}
