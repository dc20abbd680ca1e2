//! Properties of the trade-off questions of `priorities`: whatever the person answers,
//! the weights derived reproduce every preference they stated, and for answers that
//! follow one ranking (ties allowed), every preference of that ranking.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use interview_advisor::engine::{Pair, Preference, Tradeoffs};
use interview_advisor::rules::{Consideration, RuleSet, WeightSource};
use proptest::prelude::*;

/// The built-in rules with `count` considerations (extra ones copied from the first).
fn rules_with(count: usize) -> RuleSet {
    let mut rules = RuleSet::builtin().expect("the built-in rules are valid");
    rules.considerations.truncate(count);
    while rules.considerations.len() < count {
        let n = rules.considerations.len();
        rules.considerations.push(Consideration {
            id: format!("extra_{n}"),
            title: format!("Extra {n}"),
            description: String::new(),
            weight: 0.5 + n as f64 / 4.0,
            source: WeightSource::Rules,
        });
    }
    rules
}

/// Whether `weights` order `a` and `b` as `preference` says.
fn reproduces(weights: &[f64], pair: Pair, preference: Preference) -> bool {
    let (a, b) = (weights[pair.first], weights[pair.second]);
    match preference {
        Preference::First => a > b,
        Preference::Same => a == b,
        Preference::Second => a < b,
    }
}

fn preference_of(code: u8) -> Preference {
    match code % 3 {
        0 => Preference::First,
        1 => Preference::Same,
        _ => Preference::Second,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn answers_that_follow_one_ranking_give_weights_that_reproduce_it(
        ranks in proptest::collection::vec(0u8..4, 2..8),
    ) {
        let count = ranks.len();
        let rules = rules_with(count);
        let mut tradeoffs = Tradeoffs::new(count);
        let mut asked = 0;
        while let Some(pair) = tradeoffs.next() {
            let (a, b) = (ranks[pair.first], ranks[pair.second]);
            let preference = match a.cmp(&b) {
                std::cmp::Ordering::Greater => Preference::First,
                std::cmp::Ordering::Equal => Preference::Same,
                std::cmp::Ordering::Less => Preference::Second,
            };
            tradeoffs.answer(pair, preference);
            asked += 1;
            prop_assert!(asked <= count * (count - 1) / 2, "more questions than pairs");
        }
        let weights = tradeoffs.weights(&rules);
        prop_assert_eq!(weights.len(), count);
        for a in 0..count {
            prop_assert!(weights[a].is_finite() && weights[a] > 0.0, "{:?}", weights);
            for b in 0..count {
                let expected = ranks[a].cmp(&ranks[b]);
                let got = weights[a].partial_cmp(&weights[b]).expect("finite weights");
                prop_assert_eq!(got, expected, "ranks {:?} gave weights {:?}", ranks, weights);
            }
        }
    }

    #[test]
    fn any_answers_with_changes_give_weights_that_reproduce_every_stated_preference(
        count in 2usize..7,
        replies in proptest::collection::vec(any::<u8>(), 40),
        changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    ) {
        let rules = rules_with(count);
        let mut tradeoffs = Tradeoffs::new(count);
        let mut replies = replies.into_iter().cycle();
        let mut finish = |t: &mut Tradeoffs| {
            while let Some(pair) = t.next() {
                t.answer(pair, preference_of(replies.next().unwrap_or(0)));
            }
        };
        finish(&mut tradeoffs);
        for (position, reply) in changes {
            let len = tradeoffs.answers().len();
            if len > 0 {
                tradeoffs.change(position.index(len), preference_of(reply));
                finish(&mut tradeoffs);
            }
        }
        prop_assert_eq!(tradeoffs.next(), None);
        let weights = tradeoffs.weights(&rules);
        for &(pair, preference) in tradeoffs.answers() {
            prop_assert!(
                reproduces(&weights, pair, preference),
                "{:?} {:?} not reproduced by {:?}", pair, preference, weights
            );
        }
        // Every pair is settled, one way or another, by the answers.
        for pair in Tradeoffs::pairs(count) {
            prop_assert_ne!(tradeoffs.known(pair), interview_advisor::engine::Known::Open);
        }
    }
}

#[test]
fn weights_keep_the_rule_sets_average() {
    let rules = rules_with(4);
    let mut tradeoffs = Tradeoffs::new(4);
    while let Some(pair) = tradeoffs.next() {
        tradeoffs.answer(pair, Preference::Same);
    }
    let average = rules.considerations.iter().map(|c| c.weight).sum::<f64>() / 4.0;
    let weights = tradeoffs.weights(&rules);
    assert_eq!(weights, vec![(average * 100.0).round() / 100.0; 4]);
    // All about the same takes three questions, not six.
    assert_eq!(tradeoffs.answers().len(), 3);
}
