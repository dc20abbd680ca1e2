//! Properties of the scoring engine over random valid answer sets for the built-in rules:
//! the same answers always give the same assessment, raising points never lowers a total,
//! what-if items are ordered and real, and every outcome can be recommended.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use std::sync::OnceLock;

use interview_advisor::engine::{self, Answers};
use interview_advisor::rules::{Code, Outcome, QuestionKind, RuleSet};
use proptest::prelude::*;
use proptest::sample::{Index, select};

fn builtin() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("the built-in rules are valid"))
}

/// The smallest and largest code a question accepts.
fn code_range(kind: &QuestionKind) -> (Code, Code) {
    match kind {
        QuestionKind::Choice { options } => (0, options.len() as Code - 1),
        QuestionKind::YesNo { .. } => (0, 1),
        QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. } => {
            (*min, *max)
        }
    }
}

/// A valid answer set: each question gets one of its scoring steps or any value in range,
/// then answers to questions that are not asked are dropped and defaults fill the rest.
fn answers_for(rules: &'static RuleSet) -> impl Strategy<Value = Answers> {
    let per_question: Vec<BoxedStrategy<Code>> = rules
        .questions
        .iter()
        .map(|q| {
            let (min, max) = code_range(&q.kind);
            prop_oneof![select(q.answer_steps()), min..=max].boxed()
        })
        .collect();
    per_question.prop_map(move |codes| {
        let mut answers = Answers::empty(rules.questions.len());
        for (index, code) in codes.into_iter().enumerate() {
            answers.set(index, Some(code));
        }
        answers.drop_unasked(rules);
        answers.fill_defaults(rules);
        answers
    })
}

/// How many points slots (options, scale values, bands, yes and no) a question has.
fn slots(kind: &QuestionKind) -> usize {
    match kind {
        QuestionKind::Choice { options } => options.len(),
        QuestionKind::Scale { points, .. } => points.len(),
        QuestionKind::YesNo { .. } => 2,
        QuestionKind::Number { bands, .. } => bands.len(),
    }
}

/// Adds `amount` to one outcome's points in slot `slot` of a question.
fn raise(kind: &mut QuestionKind, slot: usize, outcome: Outcome, amount: f64) {
    let o = outcome.index();
    match kind {
        QuestionKind::Choice { options } => options[slot].points[o] += amount,
        QuestionKind::Scale { points, .. } => points[slot][o] += amount,
        QuestionKind::YesNo { no, yes } => {
            if slot == 0 {
                no[o] += amount;
            } else {
                yes[o] += amount;
            }
        }
        QuestionKind::Number { bands, .. } => bands[slot].points[o] += amount,
    }
}

/// Whether the answer `code` scores from slot `slot` of a question.
fn answer_in_slot(kind: &QuestionKind, slot: usize, code: Code) -> bool {
    match kind {
        QuestionKind::Choice { .. } | QuestionKind::YesNo { .. } => code == slot as Code,
        QuestionKind::Scale { min, .. } => code - min == slot as Code,
        QuestionKind::Number { bands, .. } => bands[slot].min <= code && code <= bands[slot].max,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_same_answers_always_give_the_same_assessment(answers in answers_for(builtin())) {
        let rules = builtin();
        let first = engine::assess(rules, &answers);
        let second = engine::assess(rules, &answers);
        prop_assert_eq!(&first, &second);
        // A copy of the rule set judges alike.
        let copy = rules.clone();
        prop_assert_eq!(&first, &engine::assess(&copy, &answers));
    }

    #[test]
    fn raising_an_outcomes_points_never_lowers_its_total(
        answers in answers_for(builtin()),
        question in any::<Index>(),
        slot in any::<Index>(),
        outcome in select(Outcome::ALL.to_vec()),
        amount in 0.5f64..10.0,
    ) {
        let rules = builtin();
        let scored: Vec<usize> = (0..rules.questions.len())
            .filter(|&i| rules.questions[i].is_scored())
            .collect();
        let q = *question.get(&scored);
        let slot = slot.index(slots(&rules.questions[q].kind));
        let mut raised = rules.clone();
        raise(&mut raised.questions[q].kind, slot, outcome, amount);

        let before = engine::score(rules, &answers);
        let after = engine::score(&raised, &answers);
        let o = outcome.index();
        prop_assert!(
            after.totals[o] >= before.totals[o] - 1e-9,
            "{} fell from {} to {}", outcome, before.totals[o], after.totals[o]
        );

        // Exactly: the total rises by the weighted amount when the answer scores from the
        // raised slot, and nothing else moves.
        let consideration = rules.questions[q].consideration.expect("a scored question");
        let weight = rules.considerations[consideration].weight;
        let hit = answers
            .get(q)
            .is_some_and(|code| answer_in_slot(&rules.questions[q].kind, slot, code));
        let expected_rise = if hit { amount * weight } else { 0.0 };
        prop_assert!(
            (after.totals[o] - before.totals[o] - expected_rise).abs() < 1e-9,
            "{} rose by {}, expected {}", outcome, after.totals[o] - before.totals[o], expected_rise
        );
        for other in Outcome::ALL.into_iter().filter(|&x| x != outcome) {
            prop_assert_eq!(after.totals[other.index()], before.totals[other.index()]);
        }
    }

    #[test]
    fn what_if_items_come_actionable_then_smallest_first_and_each_changes_the_recommendation(
        answers in answers_for(builtin()),
    ) {
        let rules = builtin();
        let assessment = engine::assess(rules, &answers);
        // Changes the person can make come first; within each kind, smallest first.
        for pair in assessment.what_if.windows(2) {
            let key = |w: &engine::WhatIf| (!w.actionable, w.distance);
            prop_assert!(key(&pair[0]) <= key(&pair[1]), "{:?} before {:?}", pair[0], pair[1]);
            prop_assert_eq!(
                pair[0].actionable,
                rules.questions[pair[0].question].actionable
            );
        }
        for item in &assessment.what_if {
            prop_assert_eq!(answers.get(item.question), Some(item.from));
            prop_assert_ne!(item.from, item.to);
            let mut changed = answers.clone();
            changed.set(item.question, Some(item.to));
            changed.drop_unasked(rules);
            changed.fill_defaults(rules);
            let now = engine::score(rules, &changed).recommendation;
            prop_assert_eq!(now, item.recommendation);
            prop_assert_ne!(now, assessment.recommendation);
        }
    }
}

/// Every combination of scoring steps of the scored questions of `rules`, in order, until
/// `visit` returns false.
fn for_each_step_combination(rules: &RuleSet, mut visit: impl FnMut(&Answers) -> bool) {
    let scored: Vec<(usize, Vec<Code>)> = rules
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.is_scored())
        .map(|(i, q)| (i, q.answer_steps()))
        .collect();
    let mut position = vec![0usize; scored.len()];
    loop {
        let mut answers = Answers::empty(rules.questions.len());
        for ((index, steps), &at) in scored.iter().zip(&position) {
            answers.set(*index, Some(steps[at]));
        }
        answers.drop_unasked(rules);
        answers.fill_defaults(rules);
        if !visit(&answers) {
            return;
        }
        // Next combination, like an odometer.
        let mut digit = 0;
        loop {
            if digit == position.len() {
                return;
            }
            position[digit] += 1;
            if position[digit] < scored[digit].1.len() {
                break;
            }
            position[digit] = 0;
            digit += 1;
        }
    }
}

#[test]
fn every_outcome_is_recommended_for_some_answers_by_the_default_rules() {
    let rules = builtin();
    let mut seen = [false; 3];
    let mut seen_by_points = [false; 3];
    for_each_step_combination(rules, |answers| {
        let score = engine::score(rules, answers);
        seen[score.recommendation.index()] = true;
        if score.fired.is_empty() {
            seen_by_points[score.recommendation.index()] = true;
        }
        !(seen.iter().all(|&s| s) && seen_by_points.iter().all(|&s| s))
    });
    for outcome in Outcome::ALL {
        assert!(seen[outcome.index()], "no answers lead to {outcome}");
        assert!(
            seen_by_points[outcome.index()],
            "no answers lead to {outcome} on points alone, without a hard rule"
        );
    }
}

/// The recommendation with consideration `k` weighted `weight`, the rest of `rules` as is.
fn recommendation_with(rules: &RuleSet, answers: &Answers, k: usize, weight: f64) -> Outcome {
    let mut moved = rules.clone();
    moved.considerations[k].weight = weight;
    engine::score(&moved, answers).recommendation
}

/// Checks every bound of the stability of `answers` under `rules` by perturbation: a
/// weight just inside a bound keeps the recommendation, one just outside changes it, and
/// an unbounded side keeps it however far the weight goes.
fn check_stability(rules: &RuleSet, answers: &Answers) -> Result<(), String> {
    let current = engine::score(rules, answers).recommendation;
    let stability = engine::Engine::new(rules).stability(answers.as_slice());
    if stability.ranges.len() != rules.considerations.len() {
        return Err(format!("{} ranges", stability.ranges.len()));
    }
    for range in &stability.ranges {
        let k = range.consideration;
        let w = rules.considerations[k].weight;
        if range.weight != w {
            return Err(format!(
                "range of {k} says weight {}, not {w}",
                range.weight
            ));
        }
        let keeps = |x: f64| recommendation_with(rules, answers, k, x) == current;
        let step = |b: f64| 1e-6 * b.max(1.0);
        if stability.decided_by.is_some() && (range.min.is_some() || range.max.is_some()) {
            return Err(format!("a hard rule decides, yet {k} has bounds {range:?}"));
        }
        match range.max {
            Some(b) => {
                if b < w {
                    return Err(format!("max {b} below the weight {w} of {k}"));
                }
                if !keeps((b - step(b)).max(w)) {
                    return Err(format!("just below max {b} of {k} changes it"));
                }
                if keeps(b + step(b)) {
                    return Err(format!("just above max {b} of {k} keeps it"));
                }
            }
            None => {
                for far in [w + 1.0, w * 10.0 + 10.0, 1000.0, 1e6] {
                    if !keeps(far) {
                        return Err(format!("no max for {k}, yet weight {far} changes it"));
                    }
                }
            }
        }
        match range.min {
            Some(b) => {
                if b > w || b < 0.0 {
                    return Err(format!("min {b} of {k} not in [0, {w}]"));
                }
                if !keeps((b + step(b)).min(w)) {
                    return Err(format!("just above min {b} of {k} changes it"));
                }
                // Just below, or at 0 for a bound that close to it (a tie at 0 lost).
                if keeps((b - step(b)).max(0.0)) {
                    return Err(format!("just below min {b} of {k} keeps it"));
                }
            }
            None => {
                for low in [0.0, w / 2.0] {
                    if !keeps(low) {
                        return Err(format!("no min for {k}, yet weight {low} changes it"));
                    }
                }
            }
        }
    }
    Ok(())
}

#[test]
fn stability_bounds_hold_by_perturbation_for_every_built_in_case() {
    use interview_advisor::engine::cases::BUILTIN_CASES;
    use interview_advisor::engine::{AnswersFile, resolve};
    use interview_advisor::source::Source;
    let rules = builtin();
    let mut bounded = 0;
    for (name, text) in BUILTIN_CASES {
        let source = Source::from_text(*name, *text);
        let file = AnswersFile::parse(&source).expect("a built-in case parses");
        let answers = resolve(rules, &file, &source, true)
            .expect("a built-in case resolves")
            .answers;
        if let Err(why) = check_stability(rules, &answers) {
            panic!("{name}: {why}");
        }
        let stability = engine::Engine::new(rules).stability(answers.as_slice());
        bounded += stability
            .ranges
            .iter()
            .filter(|r| r.min.is_some() || r.max.is_some())
            .count();
    }
    // The check above is not vacuous: some cases do hang on a weight.
    assert!(bounded > 0, "no built-in case has a bounded weight");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn stability_bounds_hold_by_perturbation_for_random_answers_and_weights(
        answers in answers_for(builtin()),
        weights in proptest::collection::vec(
            prop_oneof![select(vec![0.0, 0.5, 1.0, 2.0]), 0.0f64..5.0],
            4,
        ),
        personal in any::<bool>(),
    ) {
        let mut rules = builtin().clone();
        if personal {
            for (c, w) in rules.considerations.iter_mut().zip(&weights) {
                c.weight = *w;
            }
        }
        if let Err(why) = check_stability(&rules, &answers) {
            return Err(TestCaseError::fail(why));
        }
    }
}
