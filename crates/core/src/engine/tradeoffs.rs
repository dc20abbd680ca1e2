//! Your own priorities from pairwise trade-off questions: "which matters more to you, A
//! or B?", with "about the same". Pure: which pair to ask next, what the answers imply,
//! and the weights they give.
//!
//! In the spirit of PAPRIKA, a pair whose answer already follows from earlier answers
//! (A over B and B over C give A over C) is not asked. Only pairs on which the answers so
//! far say nothing are asked, so no answer can contradict the others: the answers always
//! describe one ranking of the considerations, ties allowed. The weights follow from
//! that ranking (see [`Tradeoffs::weights`]) and reproduce every stated preference.

use crate::rules::RuleSet;

/// One answer to a trade-off question between considerations `first` and `second`
/// (indexes into the rule set's considerations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preference {
    /// The first matters more.
    First,
    /// About the same.
    Same,
    /// The second matters more.
    Second,
}

/// A trade-off question: which of two considerations matters more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    /// The consideration named first (index into the rule set's considerations).
    pub first: usize,
    /// The consideration named second.
    pub second: usize,
}

/// What the answers so far say about two considerations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// Nothing yet: the pair is still to be asked.
    Open,
    /// The first matters more.
    First,
    /// About the same.
    Same,
    /// The second matters more.
    Second,
}

/// The trade-off answers given so far, in order, for a rule set with `count`
/// considerations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tradeoffs {
    count: usize,
    answers: Vec<(Pair, Preference)>,
}

/// "At least as important" and "more important" between every two considerations,
/// following the answers through every chain.
struct Closure {
    count: usize,
    /// `at_least[a * count + b]`: a matters at least as much as b.
    at_least: Vec<bool>,
    /// `more[a * count + b]`: a matters more than b.
    more: Vec<bool>,
}

impl Closure {
    fn new(count: usize, answers: &[(Pair, Preference)]) -> Self {
        let mut closure = Closure {
            count,
            at_least: vec![false; count * count],
            more: vec![false; count * count],
        };
        for i in 0..count {
            closure.at_least[i * count + i] = true;
        }
        for &(pair, preference) in answers {
            let (a, b) = (pair.first, pair.second);
            if a >= count || b >= count {
                continue;
            }
            match preference {
                Preference::First => closure.set(a, b, true),
                Preference::Second => closure.set(b, a, true),
                Preference::Same => {
                    closure.set(a, b, false);
                    closure.set(b, a, false);
                }
            }
        }
        // Every chain: a path is "more" when any of its steps is.
        for k in 0..count {
            for i in 0..count {
                for j in 0..count {
                    let (ik, kj) = (i * count + k, k * count + j);
                    if closure.at_least[ik] && closure.at_least[kj] {
                        closure.at_least[i * count + j] = true;
                        if closure.more[ik] || closure.more[kj] {
                            closure.more[i * count + j] = true;
                        }
                    }
                }
            }
        }
        closure
    }

    fn set(&mut self, a: usize, b: usize, more: bool) {
        self.at_least[a * self.count + b] = true;
        if more {
            self.more[a * self.count + b] = true;
        }
    }

    fn known(&self, a: usize, b: usize) -> Known {
        let n = self.count;
        if self.more[a * n + b] {
            Known::First
        } else if self.more[b * n + a] {
            Known::Second
        } else if self.at_least[a * n + b] || self.at_least[b * n + a] {
            Known::Same
        } else {
            Known::Open
        }
    }
}

impl Tradeoffs {
    /// No answers yet, for a rule set with `count` considerations.
    pub fn new(count: usize) -> Self {
        Tradeoffs {
            count,
            answers: Vec::new(),
        }
    }

    /// Every pair, in the order they are considered for asking: neighbours in the rule
    /// set first (so that a consistent ranking is found with few questions), then pairs
    /// further apart.
    pub fn pairs(count: usize) -> Vec<Pair> {
        (1..count)
            .flat_map(|gap| {
                (0..count - gap).map(move |first| Pair {
                    first,
                    second: first + gap,
                })
            })
            .collect()
    }

    /// The answers given, in order.
    pub fn answers(&self) -> &[(Pair, Preference)] {
        &self.answers
    }

    /// What the answers say about `pair`.
    pub fn known(&self, pair: Pair) -> Known {
        Closure::new(self.count, &self.answers).known(pair.first, pair.second)
    }

    /// The next pair to ask: the first on which the answers so far say nothing.
    pub fn next(&self) -> Option<Pair> {
        let closure = Closure::new(self.count, &self.answers);
        Tradeoffs::pairs(self.count)
            .into_iter()
            .find(|p| closure.known(p.first, p.second) == Known::Open)
    }

    /// How many pairs are still open.
    pub fn open(&self) -> usize {
        let closure = Closure::new(self.count, &self.answers);
        Tradeoffs::pairs(self.count)
            .into_iter()
            .filter(|p| closure.known(p.first, p.second) == Known::Open)
            .count()
    }

    /// Records an answer to `pair`. An answer to a pair that is not open is ignored: it
    /// already follows from the others.
    pub fn answer(&mut self, pair: Pair, preference: Preference) {
        if pair.first < self.count && pair.second < self.count && self.known(pair) == Known::Open {
            self.answers.push((pair, preference));
        }
    }

    /// Takes back the last answer.
    pub fn back(&mut self) -> Option<(Pair, Preference)> {
        self.answers.pop()
    }

    /// Changes answer `position` (of [`Tradeoffs::answers`]). The answers after it are
    /// kept where their pair is still open, and dropped where it now follows from the
    /// others; pairs that become open are asked next.
    pub fn change(&mut self, position: usize, preference: Preference) {
        if position >= self.answers.len() {
            return;
        }
        let later = self.answers.split_off(position + 1);
        self.answers[position].1 = preference;
        for (pair, preference) in later {
            self.answer(pair, preference);
        }
    }

    /// The weights the answers give, one per consideration, on the scale of `rules`'
    /// weights: each consideration scores 1 for every other that matters less to the
    /// person and 1/2 for every one that matters about the same (a pair not answered
    /// counts as about the same); its weight is 1 + that score, scaled so that the
    /// average weight is the rule set's average weight. A consideration that matters more
    /// than another scores at least 1 more, so it gets the larger weight; two that matter
    /// about the same get the same weight.
    pub fn weights(&self, rules: &RuleSet) -> Vec<f64> {
        let n = self.count;
        if n == 0 {
            return Vec::new();
        }
        let closure = Closure::new(n, &self.answers);
        let scores: Vec<f64> = (0..n)
            .map(|i| {
                (0..n)
                    .filter(|&j| j != i)
                    .map(|j| match closure.known(i, j) {
                        Known::First => 1.0,
                        Known::Same | Known::Open => 0.5,
                        Known::Second => 0.0,
                    })
                    .sum::<f64>()
                    + 1.0
            })
            .collect();
        let rules_mean = rules.considerations.iter().map(|c| c.weight).sum::<f64>() / n as f64;
        let scale = if rules_mean > 0.0 { rules_mean } else { 1.0 };
        let scores_mean = scores.iter().sum::<f64>() / n as f64;
        let exact: Vec<f64> = scores.iter().map(|s| scale * s / scores_mean).collect();
        // Two decimals read well and save well; keep them unless rounding would make two
        // different weights equal.
        let rounded: Vec<f64> = exact.iter().map(|w| (w * 100.0).round() / 100.0).collect();
        let keeps_order =
            (0..n).all(|i| (0..n).all(|j| scores[i] <= scores[j] || rounded[i] > rounded[j]));
        if keeps_order { rounded } else { exact }
    }
}

#[cfg(test)]
mod tests {
    use super::{Known, Pair, Preference, Tradeoffs};

    #[test]
    fn pairs_come_neighbours_first() {
        let pairs: Vec<(usize, usize)> = Tradeoffs::pairs(4)
            .into_iter()
            .map(|p| (p.first, p.second))
            .collect();
        assert_eq!(pairs, [(0, 1), (1, 2), (2, 3), (0, 2), (1, 3), (0, 3)]);
    }

    #[test]
    fn a_pair_that_follows_from_a_chain_is_not_asked() {
        let mut t = Tradeoffs::new(4);
        t.answer(
            Pair {
                first: 0,
                second: 1,
            },
            Preference::First,
        );
        t.answer(
            Pair {
                first: 1,
                second: 2,
            },
            Preference::Same,
        );
        t.answer(
            Pair {
                first: 2,
                second: 3,
            },
            Preference::First,
        );
        // 0 > 1 ~ 2 > 3: everything follows.
        assert_eq!(t.next(), None);
        assert_eq!(
            t.known(Pair {
                first: 0,
                second: 3
            }),
            Known::First
        );
        assert_eq!(
            t.known(Pair {
                first: 1,
                second: 3
            }),
            Known::First
        );
        assert_eq!(
            t.known(Pair {
                first: 0,
                second: 2
            }),
            Known::First
        );
    }

    #[test]
    fn changing_an_answer_drops_later_ones_that_now_follow_and_reopens_pairs() {
        let mut t = Tradeoffs::new(3);
        t.answer(
            Pair {
                first: 0,
                second: 1,
            },
            Preference::Second,
        );
        t.answer(
            Pair {
                first: 1,
                second: 2,
            },
            Preference::Second,
        );
        // 2 > 1 > 0: done.
        assert_eq!(t.next(), None);
        t.change(0, Preference::First);
        // 0 > 1 and 2 > 1 say nothing of 0 against 2.
        assert_eq!(t.answers().len(), 2);
        assert_eq!(
            t.next(),
            Some(Pair {
                first: 0,
                second: 2
            })
        );
    }
}
