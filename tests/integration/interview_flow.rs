//! The questionnaire's flow, driven by a scripted prompter: order, skipping, going back,
//! the review screen and leaving.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::VecDeque;

use interview_advisor::engine::Answers;
use interview_advisor::error::Error;
use interview_advisor::interview::{self, Ask, Prompter, Reply, ReviewChoice, ReviewLine};
use interview_advisor::rules::{Code, Outcome, QuestionKind, RuleSet};

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
    /// Told the answers settle it: go to the result (true) or answer the rest (false).
    Settled(bool),
}

struct Script<'r> {
    rules: &'r RuleSet,
    steps: VecDeque<Step>,
    /// Every prompt shown: question ids, `review`, or `settled` (when the script had a
    /// step for it).
    shown: Vec<String>,
    /// The answer preselected at each question prompt.
    preselected: Vec<Option<Code>>,
    /// Progress lines shown.
    progress: Vec<String>,
    /// The last review screen.
    review: Vec<ReviewLine>,
    /// Each time the flow said the answers settle it: the outcome, the questions left, and
    /// the answers at that point.
    settled: Vec<(Outcome, usize, Answers)>,
    /// The answers as they stood after each answer.
    last: Option<Answers>,
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
            settled: Vec::new(),
            last: None,
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

    fn answered(&mut self, answers: &Answers) -> interview_advisor::error::Result<()> {
        self.last = Some(answers.clone());
        Ok(())
    }

    fn settled(&mut self, outcome: Outcome, left: usize) -> interview_advisor::error::Result<bool> {
        let answers = self.last.clone().expect("told after an answer");
        self.settled.push((outcome, left, answers));
        // A script without a step for it answers the rest.
        match self.steps.front() {
            Some(Step::Settled(go)) => {
                let go = *go;
                self.steps.pop_front();
                self.shown.push("settled".to_string());
                Ok(go)
            }
            _ => Ok(false),
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

/// Answers to every question that can change the verdict, in order, for a keen
/// candidate who cannot make the proposed time.
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

fn code(rules: &RuleSet, id: &str, value: &str) -> Code {
    rules
        .question(id)
        .expect("known question")
        .parse_answer(value)
        .expect("valid")
}

/// The questions asked for the verdict, as the flow sees them: those of [`FULL`].
fn verdict_ids(rules: &RuleSet) -> Vec<String> {
    let verdict = interview::verdict_questions(rules);
    rules
        .questions
        .iter()
        .zip(verdict)
        .filter(|(_, matters)| *matters)
        .map(|(q, _)| q.id.clone())
        .collect()
}

#[test]
fn asks_the_verdict_questions_in_rule_set_order_then_shows_the_review() {
    let rules = rules();
    let mut steps = answer_steps(FULL);
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    let mut expected: Vec<String> = FULL.iter().map(|(id, _)| id.to_string()).collect();
    expected.push("review".to_string());
    assert_eq!(script.shown, expected);
    // Until the reason is known, the total is the most there can be (another offer brings
    // in whether it is signed, and whether you could attend); a clash settles it at 10.
    assert_eq!(script.progress[0], "1/about 12 \u{b7} Motivation");
    assert_eq!(script.progress[1], "2/10 \u{b7} Motivation");
    assert_eq!(script.progress[4], "5/10 \u{b7} Reputation");
    // How soon the interview is shapes the message (a call when it is close).
    assert_eq!(script.progress[5], "6/10 \u{b7} Your message");
    assert_eq!(script.progress[9], "10/10 \u{b7} Goals");
    assert_eq!(script.review.len(), 10);
    // The questions that only shape the letter are left for after the verdict.
    assert_eq!(value(&rules, &answers, "share_reason"), None);
    assert_eq!(
        value(&rules, &answers, "days_until_interview").as_deref(),
        Some("4")
    );
}

#[test]
fn the_questions_asked_for_the_verdict_come_from_the_rule_set() {
    let rules = rules();
    let ids = verdict_ids(&rules);
    // Every scored question and every question a hard rule reads; none that only shapes
    // the letter.
    for (index, question) in rules.questions.iter().enumerate() {
        let read_by_a_rule = rules
            .overrides
            .iter()
            .any(|o| o.when.questions().contains(&index));
        if question.is_scored() || read_by_a_rule {
            assert!(ids.contains(&question.id), "{}", question.id);
        }
    }
    let letter_only: Vec<&str> = rules
        .questions
        .iter()
        .filter(|q| !ids.contains(&q.id))
        .map(|q| q.id.as_str())
        .collect();
    assert!(letter_only.contains(&"share_reason"), "{letter_only:?}");
    assert!(letter_only.contains(&"job_alerts"), "{letter_only:?}");
}

#[test]
fn back_then_forward_never_skips_a_question() {
    // Answer 1-6, go back at 7 to 6, back again to 5, answer 5: the next is 6 (with its
    // answer kept), then 7.
    let rules = rules();
    let mut steps = answer_steps(&FULL[..6]);
    steps.push(Step::Back("company_growth"));
    steps.push(Step::Back("days_until_interview"));
    steps.push(Step::Answer("future_contact", "high"));
    steps.extend(answer_steps(&FULL[5..]));
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    assert_eq!(
        &script.shown[5..11],
        [
            "days_until_interview",
            "company_growth",
            "days_until_interview",
            "future_contact",
            "days_until_interview",
            "company_growth"
        ]
    );
    // Going back and forth showed the kept answers preselected.
    assert_eq!(
        script.preselected[7],
        Some(code(&rules, "days_until_interview", "4"))
    );
    assert_eq!(
        script.preselected[8],
        Some(code(&rules, "future_contact", "medium"))
    );
    assert_eq!(
        script.preselected[9],
        Some(code(&rules, "days_until_interview", "4"))
    );
    assert_eq!(
        value(&rules, &answers, "future_contact").as_deref(),
        Some("high")
    );
    assert_eq!(script.review.len(), 10);
}

#[test]
fn walking_back_to_the_first_question_and_forward_again_keeps_every_answer() {
    // From every question, walk back to the first one, then forward again re-giving the
    // preselected answers: the order is the same each way and no answer is lost.
    let rules = rules();
    for stop in 1..FULL.len() {
        let mut steps = answer_steps(&FULL[..stop]);
        for back in (1..=stop).rev() {
            steps.push(Step::Back(FULL[back].0));
        }
        steps.extend(answer_steps(FULL));
        steps.push(Step::Confirm);
        let mut script = Script::new(&rules, &steps);
        let mut answers = Answers::empty(rules.questions.len());
        interview::run(&rules, &mut answers, &mut script).expect("completes");
        let mut expected: Vec<&str> = FULL[..=stop].iter().map(|(id, _)| *id).collect();
        expected.extend(FULL[..stop].iter().rev().map(|(id, _)| *id));
        expected.extend(FULL[1..].iter().map(|(id, _)| *id));
        expected.push("review");
        assert_eq!(script.shown, expected, "walking back from question {stop}");
        // On the way back and forward again, each answered question showed its answer.
        let mut asked_before = std::collections::HashSet::new();
        for (shown, preselected) in script.shown.iter().zip(&script.preselected) {
            if asked_before.contains(shown) && shown.as_str() != FULL[stop].0 {
                let (_, value) = FULL.iter().find(|(id, _)| id == shown).expect("known");
                assert_eq!(*preselected, Some(code(&rules, shown, value)), "{shown}");
            }
            asked_before.insert(shown.clone());
        }
        for (id, value) in FULL {
            assert_eq!(
                answers.get(rules.question_index(id).expect("known")),
                Some(code(&rules, id, value)),
                "{id}"
            );
        }
    }
}

#[test]
fn the_first_question_offers_no_way_back() {
    let rules = rules();
    struct First(bool);
    impl Prompter for First {
        fn ask(&mut self, ask: &Ask) -> interview_advisor::error::Result<Reply> {
            self.0 = ask.can_go_back;
            Err(Error::Interrupted)
        }
        fn review(&mut self, _: &[ReviewLine]) -> interview_advisor::error::Result<ReviewChoice> {
            Ok(ReviewChoice::Confirm)
        }
    }
    let mut first = First(true);
    let mut answers = Answers::empty(rules.questions.len());
    let _ = interview::run(&rules, &mut answers, &mut first);
    assert!(!first.0);
}

#[test]
fn a_verdict_question_is_never_preselected_before_it_is_answered() {
    let rules = rules();
    let mut steps = answer_steps(FULL);
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    assert!(
        script.preselected.iter().all(Option::is_none),
        "{:?}",
        script.preselected
    );
}

#[test]
fn the_counter_total_does_not_change_after_the_first_answer() {
    let rules = rules();
    let mut steps = answer_steps(FULL);
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    let totals: Vec<&str> = script
        .progress
        .iter()
        .map(|p| {
            p.split(' ')
                .next()
                .and_then(|n| n.split('/').nth(1))
                .unwrap_or("")
        })
        .collect();
    // Once the reason is known (it decides whether `can_attend` is asked), the total holds.
    assert!(
        totals[1..].iter().all(|t| *t == totals[1]),
        "{:?}",
        script.progress
    );
}

/// Answers every question the same plain way (the reason as given), and keeps each
/// prompt's counter.
struct Counter {
    reason: Code,
    progress: Vec<(usize, usize, bool)>,
}

impl Prompter for Counter {
    fn ask(&mut self, ask: &Ask) -> interview_advisor::error::Result<Reply> {
        self.progress
            .push((ask.position, ask.total, ask.total_is_estimate));
        let code = if ask.position == 1 {
            self.reason
        } else {
            // The first answer each question accepts.
            (0..400)
                .find(|&c| ask.question.accepts(c))
                .expect("some answer")
        };
        Ok(Reply::Answer(code))
    }

    fn review(&mut self, _lines: &[ReviewLine]) -> interview_advisor::error::Result<ReviewChoice> {
        Ok(ReviewChoice::Confirm)
    }
}

#[test]
fn the_counter_total_never_grows_and_is_firm_once_it_is_sure_whatever_the_reason() {
    let rules = rules();
    let reason = rules.question_index("reason").expect("reason");
    let QuestionKind::Choice { options } = &rules.questions[reason].kind else {
        panic!("reason is a choice");
    };
    for (code, option) in options.iter().enumerate() {
        let mut counter = Counter {
            reason: code as Code,
            progress: Vec::new(),
        };
        let mut answers = Answers::empty(rules.questions.len());
        interview::run(&rules, &mut answers, &mut counter).expect("completes");
        let asked = counter.progress.len();
        let totals: Vec<usize> = counter.progress.iter().map(|p| p.1).collect();
        assert!(
            totals.windows(2).all(|w| w[1] <= w[0]),
            "{}: the total grew: {:?}",
            option.value,
            counter.progress
        );
        // The last total is what was asked; a firm total never changes after.
        assert_eq!(*totals.last().expect("asked"), asked, "{}", option.value);
        if let Some(firm) = counter.progress.iter().position(|p| !p.2) {
            assert!(
                totals[firm..].iter().all(|&t| t == asked),
                "{}: {:?}",
                option.value,
                counter.progress
            );
        }
        assert_eq!(counter.progress[0].1, 12, "{}", option.value);
        assert!(counter.progress[0].2, "the first total is an estimate");
        assert!(
            counter.progress[1..].iter().all(|p| !p.2),
            "{}: the reason settles what is asked: {:?}",
            option.value,
            counter.progress
        );
    }
}

#[test]
fn a_changed_answer_at_the_review_asks_only_the_questions_it_brings_in() {
    let rules = rules();
    let mut steps = answer_steps(FULL);
    steps.push(Step::Change("interest"));
    steps.push(Step::Answer("interest", "2"));
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    assert_eq!(&script.shown[10..], ["review", "interest", "review"]);
    assert_eq!(value(&rules, &answers, "interest").as_deref(), Some("2"));
    let line = script
        .review
        .iter()
        .find(|l| l.label == "interest in the role")
        .expect("interest is reviewed");
    assert_eq!(line.answer, "2 of 5");
}

#[test]
fn going_back_from_a_question_changed_at_the_review_returns_to_the_review() {
    let rules = rules();
    let mut steps = answer_steps(FULL);
    steps.push(Step::Change("referred"));
    steps.push(Step::Back("referred"));
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    assert_eq!(&script.shown[10..], ["review", "referred", "review"]);
    assert_eq!(
        value(&rules, &answers, "referred").as_deref(),
        Some("false")
    );
}

#[test]
fn answers_given_beforehand_are_not_asked() {
    let rules = rules();
    let mut answers = Answers::empty(rules.questions.len());
    for (id, value) in &FULL[..8] {
        let index = rules.question_index(id).expect("known");
        answers.set(index, Some(code(&rules, id, value)));
    }
    let mut steps = answer_steps(&FULL[8..]);
    steps.push(Step::Confirm);
    let mut script = Script::new(&rules, &steps);
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    assert_eq!(script.shown, ["goal_alignment", "other_options", "review"]);
    assert_eq!(script.progress[0], "1/2 \u{b7} Goals");
}

/// The answers of [`FULL`], given beforehand.
fn full_answers(rules: &RuleSet) -> Answers {
    let mut answers = Answers::empty(rules.questions.len());
    for (id, value) in FULL {
        let index = rules.question_index(id).expect("known");
        answers.set(index, Some(code(rules, id, value)));
    }
    answers
}

#[test]
fn after_the_verdict_only_the_questions_the_chosen_letter_reads_are_asked() {
    // The reschedule request reads `share_reason` only.
    let rules = rules();
    let mut answers = full_answers(&rules);
    let mut script = Script::new(&rules, &[Step::Answer("share_reason", "no")]);
    interview::run_for_letter(&rules, &mut answers, Outcome::Postpone, &mut script)
        .expect("completes");
    assert_eq!(script.shown, ["share_reason"]);
    assert_eq!(script.progress[0], "1/1 \u{b7} Your message");
    // Not an answer the person gave: left to its default.
    assert_eq!(value(&rules, &answers, "stay_in_touch"), None);
}

#[test]
fn an_answer_after_the_verdict_can_bring_in_what_the_next_letter_reads() {
    // Declining with a reason the letter may give: `share_reason` chooses between letters,
    // and the decline without a reason then reads `stay_in_touch` and `job_alerts`.
    let rules = rules();
    let mut answers = full_answers(&rules);
    let reason = rules.question_index("reason").expect("known");
    answers.set(reason, Some(code(&rules, "reason", "lost_interest")));
    let confirmed = rules.question_index("already_confirmed").expect("known");
    answers.set(confirmed, Some(0));
    let steps = [
        Step::Answer("share_reason", "no"),
        Step::Answer("stay_in_touch", "yes"),
        Step::Back("job_alerts"),
        Step::Answer("stay_in_touch", "yes"),
        Step::Answer("job_alerts", "yes"),
    ];
    let mut script = Script::new(&rules, &steps);
    interview::run_for_letter(&rules, &mut answers, Outcome::Decline, &mut script)
        .expect("completes");
    assert_eq!(
        script.shown,
        [
            "share_reason",
            "stay_in_touch",
            "job_alerts",
            "stay_in_touch",
            "job_alerts"
        ]
    );
    // The questions about the message are preselected with their defaults.
    assert_eq!(script.preselected[0], Some(1));
    assert_eq!(
        value(&rules, &answers, "job_alerts").as_deref(),
        Some("true")
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

/// Every combination of answers to the `open` questions (each one's answer steps, or no
/// answer), on top of `answers`: the recommendation is the same for all of them.
fn assert_every_completion_gives(
    rules: &RuleSet,
    answers: &Answers,
    open: &[usize],
    want: Outcome,
) {
    fn walk(
        rules: &RuleSet,
        answers: &mut Answers,
        open: &[usize],
        want: Outcome,
        count: &mut u64,
    ) {
        let Some((&first, rest)) = open.split_first() else {
            *count += 1;
            let got = interview_advisor::engine::assess_without_what_if(rules, answers);
            assert_eq!(got.recommendation, want, "{answers:?}");
            return;
        };
        let mut choices: Vec<Option<Code>> = vec![None];
        choices.extend(rules.questions[first].answer_steps().into_iter().map(Some));
        for code in choices {
            answers.set(first, code);
            walk(rules, answers, rest, want, count);
        }
        answers.set(first, None);
    }
    let mut count = 0;
    walk(rules, &mut answers.clone(), open, want, &mut count);
    assert!(count > 1, "{count}");
}

#[test]
fn when_the_answers_settle_it_the_flow_says_so_and_may_go_to_the_result() {
    // An offer formally accepted settles it, whatever the rest says (checked below by
    // trying every combination of the scored questions left).
    let rules = rules();
    let steps = [
        Step::Answer("reason", "accepted_offer"),
        Step::Answer("offer_signed", "yes"),
        Step::Settled(true),
        Step::Confirm,
    ];
    let mut script = Script::new(&rules, &steps);
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    assert_eq!(
        script.shown,
        ["reason", "offer_signed", "settled", "review"]
    );
    let (outcome, left, at) = script.settled[0].clone();
    let verdict = interview::verdict_questions(&rules);
    let open: Vec<usize> = (0..rules.questions.len())
        .filter(|&i| verdict[i] && at.get(i).is_none() && rules.is_asked(i, at.as_slice()))
        .collect();
    assert_eq!(left, open.len());
    let scored: Vec<usize> = open
        .iter()
        .copied()
        .filter(|&i| rules.questions[i].is_scored())
        .take(6)
        .collect();
    assert_every_completion_gives(&rules, &at, &scored, outcome);
    // The questions left stay unanswered.
    assert_eq!(value(&rules, &answers, "interest"), None);
}

#[test]
fn the_person_may_answer_the_rest_anyway_and_is_told_once() {
    // Answers every question with its first answer, and answers the rest when told.
    struct Everything {
        settled: usize,
        reviewed: usize,
    }
    impl Prompter for Everything {
        fn ask(&mut self, ask: &Ask) -> interview_advisor::error::Result<Reply> {
            // The first option (an offer taken), yes to every yes/no, the lowest number.
            let steps = ask.question.answer_steps();
            let pick = if steps == [0, 1] { 1 } else { steps[0] };
            Ok(Reply::Answer(ask.current.unwrap_or(pick)))
        }
        fn review(
            &mut self,
            lines: &[ReviewLine],
        ) -> interview_advisor::error::Result<ReviewChoice> {
            self.reviewed = lines.len();
            Ok(ReviewChoice::Confirm)
        }
        fn settled(&mut self, _: Outcome, _: usize) -> interview_advisor::error::Result<bool> {
            self.settled += 1;
            Ok(false)
        }
    }
    let rules = rules();
    let mut everything = Everything {
        settled: 0,
        reviewed: 0,
    };
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut everything).expect("completes");
    // The first answers (an offer taken, formally) settle it; told once, every question
    // is still asked.
    assert_eq!(everything.settled, 1);
    let verdict = interview::verdict_questions(&rules);
    let asked = (0..rules.questions.len())
        .filter(|&i| verdict[i] && rules.is_asked(i, answers.as_slice()))
        .count();
    assert_eq!(everything.reviewed, asked);
    assert!(asked > 5);
}

#[test]
fn nothing_is_cut_short_while_the_answers_left_can_still_change_it() {
    // A keen candidate who cannot make the time: every answer could still tip it, until
    // the last ones; whenever the flow says it is settled, every completion agrees.
    let rules = rules();
    let mut steps = Vec::new();
    for pair in FULL {
        steps.push(Step::Answer(pair.0, pair.1));
        steps.push(Step::Settled(false));
    }
    // Only the steps the flow uses are taken: drop the unused Settled steps as we go.
    struct Lenient<'r>(Script<'r>);
    impl Prompter for Lenient<'_> {
        fn ask(&mut self, ask: &Ask) -> interview_advisor::error::Result<Reply> {
            while matches!(self.0.steps.front(), Some(Step::Settled(_))) {
                self.0.steps.pop_front();
            }
            self.0.ask(ask)
        }
        fn review(
            &mut self,
            lines: &[ReviewLine],
        ) -> interview_advisor::error::Result<ReviewChoice> {
            self.0.steps.clear();
            self.0.steps.push_back(Step::Confirm);
            self.0.review(lines)
        }
        fn answered(&mut self, answers: &Answers) -> interview_advisor::error::Result<()> {
            self.0.answered(answers)
        }
        fn settled(
            &mut self,
            outcome: Outcome,
            left: usize,
        ) -> interview_advisor::error::Result<bool> {
            self.0.settled(outcome, left)
        }
    }
    let mut script = Lenient(Script::new(&rules, &steps));
    let mut answers = Answers::empty(rules.questions.len());
    interview::run(&rules, &mut answers, &mut script).expect("completes");
    let verdict = interview::verdict_questions(&rules);
    for (outcome, _, at) in &script.0.settled {
        let open: Vec<usize> = (0..rules.questions.len())
            .filter(|&i| verdict[i] && at.get(i).is_none())
            .collect();
        assert_every_completion_gives(&rules, at, &open, *outcome);
    }
    // Not settled after the first answer: the keenness still decides.
    assert_ne!(script.0.shown[1], "settled");
}
