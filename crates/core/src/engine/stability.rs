//! How stable a recommendation is: for each consideration, how far its weight can move,
//! the others fixed, before the recommendation changes.
//!
//! Each outcome's total is linear in each weight, `total(w) = total + (w - weight) *
//! points`, so the weight at which the winner's lead over another outcome reaches zero is
//! found in closed form. The winner is the engine's own (its tie order applied), so at
//! the current weight the winner holds; a lead that shrinks as the weight grows gives an
//! upper bound, one that shrinks as it falls a lower bound. A hard rule that decides does
//! not read the weights at all, so then no weight changes the recommendation.

use std::fmt;

use super::compiled::top_on_points;
use super::{Engine, Score};
use crate::rules::{Code, Outcome, Points, RuleSet};

/// Two leads' rates closer than this count as equal: the weight does not move the lead.
const RATE_EPSILON: f64 = 1e-12;

/// The weights of one consideration that keep the recommendation, the others fixed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightRange {
    /// Index into the rule set's considerations.
    pub consideration: usize,
    /// Its weight now.
    pub weight: f64,
    /// Below this weight the recommendation changes; `None` when no weight down to 0 does.
    pub min: Option<f64>,
    /// Above this weight the recommendation changes; `None` when no weight does.
    pub max: Option<f64>,
}

/// The stability of one recommendation against every consideration's weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Stability {
    /// The hard rule (index into the rule set's overrides) that decided, if one did: then
    /// no weight changes the recommendation, and every range is unbounded.
    pub decided_by: Option<usize>,
    /// One range per consideration, in rule-set order.
    pub ranges: Vec<WeightRange>,
}

/// The nearest change of one weight that would change the recommendation, in short: what
/// the explanation says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Steadiness {
    /// A hard rule decided (index into the rule set's overrides): weights cannot change it.
    HardRule {
        /// Index into the rule set's overrides.
        rule: usize,
    },
    /// No single weight, however it moves, changes the recommendation.
    AnyWeight,
    /// The nearest bound: the recommendation changes when consideration's weight goes
    /// past `bound` (above it when `above`, else below it).
    Until {
        /// Index into the rule set's considerations.
        consideration: usize,
        /// Its weight now.
        weight: f64,
        /// The weight at which the recommendation changes.
        bound: f64,
        /// Whether the change lies above the weight now (else below it).
        above: bool,
    },
}

impl Engine<'_> {
    /// For each consideration, the interval of its weight (the others fixed) over which the
    /// recommendation for these settled answers stays the same.
    pub fn stability(&self, answers: &[Option<Code>]) -> Stability {
        let tally = self.tally(answers);
        let mut ranges = Vec::with_capacity(self.rules().considerations.len());
        let decided_by = tally.decided_by;
        self.for_each_range(
            answers,
            decided_by,
            tally.totals,
            tally.by_points,
            |range| {
                ranges.push(range);
            },
        );
        Stability { decided_by, ranges }
    }

    /// The nearest weight change that changes the recommendation, given the answers' totals
    /// and the engine's winner on points (`by_points`), or the hard rule that decided.
    pub fn steadiness(
        &self,
        answers: &[Option<Code>],
        decided_by: Option<usize>,
        totals: Points,
        by_points: Outcome,
    ) -> Steadiness {
        if let Some(rule) = decided_by {
            return Steadiness::HardRule { rule };
        }
        let mut nearest = Steadiness::AnyWeight;
        let mut distance = f64::INFINITY;
        self.for_each_range(answers, None, totals, by_points, |range| {
            let sides = [(range.max, true), (range.min, false)];
            for (bound, above) in sides {
                let Some(bound) = bound else { continue };
                let gap = (bound - range.weight).abs();
                if gap < distance {
                    distance = gap;
                    nearest = Steadiness::Until {
                        consideration: range.consideration,
                        weight: range.weight,
                        bound,
                        above,
                    };
                }
            }
        });
        nearest
    }

    fn for_each_range(
        &self,
        answers: &[Option<Code>],
        decided_by: Option<usize>,
        totals: Points,
        winner: Outcome,
        mut each: impl FnMut(WeightRange),
    ) {
        let w = winner.index();
        self.for_each_consideration(answers, |consideration, weight, points| {
            let mut range = WeightRange {
                consideration,
                weight,
                min: None,
                max: None,
            };
            if decided_by.is_none() {
                let (mut low, mut high) = (f64::NEG_INFINITY, f64::INFINITY);
                for other in Outcome::ALL.into_iter().filter(|&o| o != winner) {
                    let o = other.index();
                    // The lead at weight `x` is `lead + (x - weight) * rate`.
                    let lead = totals[w] - totals[o];
                    let rate = points[w] - points[o];
                    if rate.abs() < RATE_EPSILON {
                        continue;
                    }
                    let even = weight - lead / rate;
                    if rate > 0.0 {
                        low = low.max(even);
                    } else {
                        high = high.min(even);
                    }
                }
                // The winner holds from the lower bound up; whether it holds at a weight
                // of 0 (where a bound of exactly 0 is a tie) is the engine's own call.
                let at_zero: Points = std::array::from_fn(|o| totals[o] - weight * points[o]);
                let holds_at_zero = top_on_points(&at_zero).0 == winner;
                // A lead within the engine's tie tolerance can put the break-even a hair
                // past the current weight; the current weight is inside by definition.
                range.min = (!holds_at_zero).then_some(low.clamp(0.0, weight));
                range.max = high.is_finite().then_some(high.max(weight));
            }
            each(range);
        });
    }
}

/// What the explanation says about the weights, for a score the engine made.
pub(super) fn steadiness(engine: &Engine, answers: &[Option<Code>], score: &Score) -> Steadiness {
    // Without a deciding hard rule, the recommendation is the winner on points.
    engine.steadiness(
        answers,
        score.fired.first().copied(),
        score.totals,
        score.recommendation,
    )
}

impl Steadiness {
    /// The steadiness as a sentence a person reads.
    pub fn sentence(&self, rules: &RuleSet) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_sentence(&mut out, rules);
        out
    }

    /// Writes [`Steadiness::sentence`] to `out`.
    pub fn write_sentence(&self, out: &mut impl fmt::Write, rules: &RuleSet) -> fmt::Result {
        match *self {
            Steadiness::HardRule { .. } => out.write_str(
                "No change in how much each consideration counts could change this: the hard \
                 rule decides.",
            ),
            Steadiness::AnyWeight => out.write_str(
                "This holds however much any one consideration counted, the others as they are.",
            ),
            Steadiness::Until {
                consideration,
                weight,
                bound,
                above,
            } => {
                let Some(consideration) = rules.considerations.get(consideration) else {
                    return Ok(());
                };
                out.write_str("This holds unless ")?;
                write_lower_first(out, &consideration.title)?;
                out.write_str(if above {
                    " counted for more than \u{d7}"
                } else {
                    " counted for less than \u{d7}"
                })?;
                out.write_str(&weight_text(bound))?;
                out.write_str("; now \u{d7}")?;
                out.write_str(&weight_text(weight))?;
                out.write_char('.')
            }
        }
    }

    /// A few words for a table cell, saying while what it holds: `reputation ≤ ×4.125`,
    /// `any weights`, `any weights (hard rule)`.
    pub fn short(&self, rules: &RuleSet) -> String {
        match *self {
            Steadiness::HardRule { .. } => "any weights (hard rule)".to_string(),
            Steadiness::AnyWeight => "any weights".to_string(),
            Steadiness::Until {
                consideration,
                bound,
                above,
                ..
            } => {
                let id = rules
                    .considerations
                    .get(consideration)
                    .map_or("", |c| c.id.as_str());
                let sign = if above { '\u{2264}' } else { '\u{2265}' };
                format!("{id} {sign} \u{d7}{}", weight_text(bound))
            }
        }
    }
}

/// A weight as people read it: at most three decimals, no trailing zeros (`2.346`, `1`).
pub fn weight_text(weight: f64) -> String {
    // The shortest form that reads back as the weight is quick to write; when it has at
    // most three decimals and the weight is far below 2^43 (so it lies within a millionth
    // of that form), rounding to three decimals gives the same digits. Every sentence of a
    // batch line with a steady verdict writes two weights.
    if weight.abs() < 1e9 {
        let shortest = weight.to_string();
        let decimals = shortest.split_once('.').map_or(0, |(_, d)| d.len());
        if decimals <= 3 && !shortest.contains('e') {
            return if shortest == "-0" {
                "0".to_string()
            } else {
                shortest
            };
        }
    }
    let text = format!("{weight:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A title with its first letter in lower case, to sit inside a sentence ("Reputation"
/// becomes "reputation"); a title starting with two capitals (an acronym) is kept.
fn write_lower_first(out: &mut impl fmt::Write, title: &str) -> fmt::Result {
    let mut chars = title.chars();
    let (Some(first), second) = (chars.next(), chars.clone().next()) else {
        return Ok(());
    };
    if second.is_some_and(char::is_uppercase) {
        return out.write_str(title);
    }
    for lower in first.to_lowercase() {
        out.write_char(lower)?;
    }
    out.write_str(chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::weight_text;

    #[test]
    fn weights_are_written_with_at_most_two_decimals() {
        assert_eq!(weight_text(1.0), "1");
        assert_eq!(weight_text(0.75), "0.75");
        assert_eq!(weight_text(2.3456), "2.346");
        assert_eq!(weight_text(0.125), "0.125");
        assert_eq!(weight_text(1.5), "1.5");
        assert_eq!(weight_text(0.0), "0");
        assert_eq!(weight_text(-0.0), "0");
        assert_eq!(weight_text(1e12), "1000000000000");
    }

    #[test]
    fn the_quick_form_is_what_rounding_to_three_decimals_writes() {
        for thousandths in -100_000..=100_000 {
            for weight in [
                f64::from(thousandths) / 1000.0,
                f64::from(thousandths) * 0.37,
            ] {
                let slow = format!("{weight:.3}");
                let slow = slow.trim_end_matches('0').trim_end_matches('.');
                let slow = if slow == "-0" { "0" } else { slow };
                assert_eq!(weight_text(weight), slow, "for {weight:?}");
            }
        }
    }
}
