//! The questionnaire's flow, driven by a scripted prompter: order, skipping, going back,
//! the review screen and leaving.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::VecDeque;

use interview_advisor::engine::Answers;
use interview_advisor::error::Error;
use interview_advisor::interview::{self, Ask, Prompter, Reply, ReviewChoice, ReviewLine};
use interview_advisor::rules::{Code, RuleSet};

/// One scripted step: what the person does at the next prompt.
#[derive(Debug, Clone)]
enum Step {
    /// Answer the question with this id, with this value (as written in an answers file).
    Answer(&'static str, &'static str),
    /// Go back from the question with this id.
    Back(&'static str),
    /// Leave at the question with this id.
    Cancel(&'static str),
    /// Input ends at the question with this id.
    End(&'static str),
    /// Confirm the review screen.
    Confirm,
    /// At the review screen, change the question with this id.
    Change(&'static str),
}

struct Script<'r> {
    rules: &'r RuleSet,
    steps: VecDeque<Step>,
    /// Every prompt shown: question ids, or `review`.
    shown: Vec<String>,
    /// The answer preselected at each question prompt.
    preselected: Vec<Option<Code>>,
    /// Progress lines shown.
    progress: Vec<String>,
    /// The last review screen.
    review: Vec<ReviewLine>,
}

impl<'r> Script<'r> {
    fn new(rules: &'r RuleSet, steps: &[Step]) -> Self {
        Script {
            rules,
            steps: steps.iter().cloned().collect(),
            shown: Vec::new(),
            preselected: Vec::new(),
            progress: Vec::new(),
            review: Vec::new(),
        }
    }
}

impl Prompter for Script<'_> {
    fn ask(&mut self, ask: &Ask) -> interview_advisor::error::Result<Reply> {
        let id = ask.question.id.as_str();
        self.shown.push(id.to_string());
        self.preselected.push(ask.current);
        self.progress.push(ask.progress());
        let step = self.steps.pop_front().expect("the script ran out of steps");
        match step {
            Step::Answer(want, value) => {
                assert_eq!(id, want, "asked {id}, the script expected {want}");
                Ok(Reply::Answer(
                    ask.question.parse_answer(value).expect("valid"),
                ))
            }
            Step::Back(want) => {
                assert_eq!(id, want);
                assert!(ask.can_go_back, "going back was not offered at {id}");
                Ok(Reply::Back)
            }
            Step::Cancel(want) => {
                assert_eq!(id, want);
                Err(Error::Interrupted)
            }
            Step::End(want) => {
                assert_eq!(id, want);
                Ok(Reply::EndOfInput)
            }
            other => panic!("asked {id}, but the script's next step is {other:?}"),
        }
    }

    fn review(&mut self, lines: &[ReviewLine]) -> interview_advisor::error::Result<ReviewChoice> {
        self.shown.push("review".to_string());
        self.review = lines.to_vec();
        match self.steps.pop_front().expect("the script ran out of steps") {
            Step::Confirm => Ok(ReviewChoice::Confirm),
            Step::Change(id) => Ok(ReviewChoice::Change(
                self.rules.question_index(id).expect("known question"),
            )),
            other => panic!("the review screen was shown, but the script's next step is {other:?}"),
        }
    }
}

fn rules() -> RuleSet {
    RuleSet::builtin().expect("the built-in rules load")
}

/// Answers to every question of the built-in rule set, in order, for a keen candidate who
/// keeps the door open.
const FULL: &[(&str, &str)] = &[
    ("reason", "schedule_conflict"),
    ("interest", "5"),
    ("already_confirmed", "yes"),
    ("referred", "no"),
    ("future_contact", "medium"),
    ("days_until_interview", "4"),
    ("company_growth", "4"),
    ("revisit_later", "yes"),
    ("goal_alignment", "4"),
    ("other_options", "some"),
    ("share_reason", "yes"),
    ("stay_in_touch", "yes"),
    ("job_alerts", "no"),
];

fn answer_steps(pairs: &[(&'static str, &'static str)]) -> Vec<Step> {
    pairs
        .iter()
        .map(|(id, value)| Step::Answer(id, value))
        .collect()
}

fn value(rules: &RuleSet, answers: &Answers, id: &str) -> Option<String> {
    let index = rules.question_index(id).expect("known question");
    answers
        .get(index)
        .map(|code| rules.questions[index].value_text(code))
}

#[test]
fn asks_every_question_in_rule_set_order_then_shows_the_review() {
    let rules = rules();
    let mut steps = answer_steps(FULL);
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    let mut expected: Vec<String> = FULL.iter().map(|(id, _)| id.to_string()).collect();
    expected.push("review".to_string());
    assert_eq!(script.shown, expected);
    assert_eq!(script.progress[0], "1/12 \u{b7} Motivation");
    assert_eq!(script.progress[5], "6/12 \u{b7} Reputation");
    // Once `stay_in_touch` is yes, `job_alerts` is asked too.
    assert_eq!(script.progress[12], "13/13 \u{b7} Your message");
    assert_eq!(script.review.len(), 13);
    assert_eq!(
        value(&rules, &answers, "days_until_interview").as_deref(),
        Some("4")
    );
}

#[test]
fn skips_a_question_whose_condition_does_not_hold() {
    let rules = rules();
    let mut pairs: Vec<(&str, &str)> = FULL[..11].to_vec();
    pairs.push(("stay_in_touch", "no"));
    let mut steps = answer_steps(&pairs);
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    assert!(!script.shown.iter().any(|id| id == "job_alerts"));
    assert_eq!(script.review.len(), 12);
    assert_eq!(value(&rules, &answers, "job_alerts"), None);
}

#[test]
fn going_back_preselects_the_earlier_answer_and_keeps_later_ones() {
    let rules = rules();
    let mut steps = answer_steps(&FULL[..3]);
    steps.push(Step::Back("referred"));
    steps.push(Step::Back("already_confirmed"));
    steps.push(Step::Answer("interest", "3"));
    // `already_confirmed` keeps its answer and is not asked again.
    steps.extend(answer_steps(&FULL[3..]));
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    assert_eq!(
        &script.shown[..6],
        [
            "reason",
            "interest",
            "already_confirmed",
            "referred",
            "already_confirmed",
            "interest"
        ]
    );
    assert_eq!(script.shown[6], "referred");
    // The earlier answers were preselected when going back.
    let interest = rules.question_index("interest").expect("known");
    assert_eq!(script.preselected[5], Some(5));
    assert_eq!(answers.get(interest), Some(3));
    assert_eq!(
        value(&rules, &answers, "already_confirmed").as_deref(),
        Some("true")
    );
}

#[test]
fn going_back_to_a_question_that_changes_a_condition_asks_only_the_new_question() {
    let rules = rules();
    let mut pairs: Vec<(&str, &str)> = FULL[..11].to_vec();
    pairs.push(("stay_in_touch", "no"));
    let mut steps = answer_steps(&pairs);
    // At the review, change `stay_in_touch` to yes: only `job_alerts` is new.
    steps.push(Step::Change("stay_in_touch"));
    steps.push(Step::Answer("stay_in_touch", "yes"));
    steps.push(Step::Answer("job_alerts", "yes"));
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    let after_review: Vec<&str> = script.shown[13..].iter().map(String::as_str).collect();
    assert_eq!(after_review, ["stay_in_touch", "job_alerts", "review"]);
    assert_eq!(
        value(&rules, &answers, "job_alerts").as_deref(),
        Some("true")
    );
}

#[test]
fn the_review_screen_can_change_an_answer_and_returns_to_the_review() {
    let rules = rules();
    let mut steps = answer_steps(FULL);
    steps.push(Step::Change("interest"));
    steps.push(Step::Answer("interest", "2"));
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    assert_eq!(script.shown.iter().filter(|s| *s == "review").count(), 2);
    assert_eq!(value(&rules, &answers, "interest").as_deref(), Some("2"));
    let line = script
        .review
        .iter()
        .find(|l| l.label == "interest in the role")
        .expect("interest is reviewed");
    assert_eq!(line.answer, "2 of 5");
}

#[test]
fn answers_given_beforehand_are_not_asked() {
    let rules = rules();
    let mut answers = Answers::empty(rules.questions.len());
    for (id, value) in &FULL[..10] {
        let index = rules.question_index(id).expect("known");
        answers.set(
            index,
            Some(rules.questions[index].parse_answer(value).expect("valid")),
        );
    }
    let mut steps = answer_steps(&FULL[10..]);
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    assert_eq!(
        script.shown,
        ["share_reason", "stay_in_touch", "job_alerts", "review"]
    );
}

#[test]
fn leaving_at_a_prompt_ends_the_questionnaire_as_interrupted() {
    let rules = rules();
    let mut steps = answer_steps(&FULL[..2]);
    steps.push(Step::Cancel("already_confirmed"));
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    let error = interview::run(&rules, &mut answers, &mut script).expect_err("cancelled");
    assert!(matches!(error, Error::Interrupted), "{error:?}");
    assert_eq!(error.exit_code(), 130);
}

#[test]
fn end_of_input_names_every_unanswered_question() {
    let rules = rules();
    let mut steps = answer_steps(&FULL[..8]);
    steps.push(Step::End("goal_alignment"));
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    let error = interview::run(&rules, &mut answers, &mut script).expect_err("ended");
    assert_eq!(error.exit_code(), 65);
    assert_eq!(
        error.to_string(),
        "<stdin>: input ended before every question was answered; unanswered: goal_alignment, other_options"
    );
}
