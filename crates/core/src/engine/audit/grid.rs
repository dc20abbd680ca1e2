//! The audit's exact integer grid: every question's share of the two differences
//! (postpone − decline, proceed − decline), points times weight, as whole numbers.
//!
//! Points and weights are decimals as written (a value is read back as the shortest decimal
//! that gives the same number, so `0.75` is 75/100). Every share is written over one common
//! power of ten and then divided by the greatest common divisor of all shares, which keeps
//! the tables small. A value with more than [`MAX_DECIMALS`] decimal places, or too large to
//! be held exactly, is refused with its place: the audit never rounds.

use crate::rules::{Code, Points, QuestionKind, RuleSet};

/// The most decimal places a point, weight or threshold may have for the audit.
pub const MAX_DECIMALS: u32 = 9;

/// A value the grid cannot hold exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Unfit {
    /// Where it is, such as "the weight of consideration `growth`".
    pub place: String,
    /// The value itself.
    pub value: f64,
}

/// The shares of each question's answers, on the grid.
#[derive(Debug, Clone)]
pub(super) struct Grid {
    /// Per question: the share of each of its answer steps (empty if it is not scored).
    steps: Vec<Vec<(Code, (i64, i64))>>,
    /// Per question: its default's share, if scored and it has one.
    defaults: Vec<Option<(Code, (i64, i64))>>,
    /// A lead (in grid units) below this is a close call.
    pub close_below: i64,
}

/// `x` as an exact decimal `digits / 10^places`, if it has at most [`MAX_DECIMALS`] places
/// and fits 30 digits.
fn decimal(x: f64) -> Option<(i128, u32)> {
    if !x.is_finite() {
        return None;
    }
    // `Display` writes the shortest decimal that reads back as `x`, never in exponent form.
    let text = format!("{}", x.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let places = u32::try_from(fraction.len()).ok()?;
    if places > MAX_DECIMALS || whole.len() + fraction.len() > 30 {
        return None;
    }
    let digits: i128 = format!("{whole}{fraction}").parse().ok()?;
    Some((if x < 0.0 { -digits } else { digits }, places))
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Every total must stay far inside i64, so that sums and offsets never overflow.
const REACH_LIMIT: i128 = (i64::MAX / 8) as i128;

/// The most decimal places of any point a scored question (one with `raw` points) can give.
fn point_places(rules: &RuleSet, raw: &[Option<Raw>]) -> Result<u32, Unfit> {
    let mut point_places = 0;
    for (question, _) in rules.questions.iter().zip(raw).filter(|(_, r)| r.is_some()) {
        for points in every_points(&question.kind) {
            for value in points {
                let (_, places) = decimal(value).ok_or_else(|| Unfit {
                    place: format!("a point of question `{}`", question.id),
                    value,
                })?;
                point_places = point_places.max(places);
            }
        }
    }
    Ok(point_places)
}

/// Refuses shares whose largest sum, divided by `divisor`, would not stay far inside i64;
/// `scale` turns grid units back into points for the message.
fn check_reach(
    shares: &[Vec<(Code, (i128, i128))>],
    divisor: i128,
    scale: i128,
) -> Result<(), Unfit> {
    let mut reach = 0i128;
    for question in shares {
        let largest = question
            .iter()
            .map(|(_, (x, y))| x.abs().max(y.abs()) / divisor)
            .max()
            .unwrap_or(0);
        reach = reach.saturating_add(largest);
    }
    if reach > REACH_LIMIT {
        return Err(Unfit {
            place: "the sum of the largest points times weights".to_string(),
            value: reach as f64 * divisor as f64 / scale as f64,
        });
    }
    Ok(())
}

/// The lead on the grid under which a verdict is a close call: lead < leaning, that is
/// lead_on_grid * divisor / scale < digits / 10^places.
fn close_below(leaning: f64, scale: i128, divisor: i128) -> Result<i64, Unfit> {
    if leaning <= 0.0 {
        return Ok(0);
    }
    let unfit = || Unfit {
        place: "the `confidence.leaning` threshold".to_string(),
        value: leaning,
    };
    let (digits, places) = decimal(leaning).ok_or_else(unfit)?;
    let numerator = digits.checked_mul(scale).ok_or_else(unfit)?;
    let denominator = divisor.checked_mul(10i128.pow(places)).ok_or_else(unfit)?;
    let ceiling = (numerator + denominator - 1) / denominator;
    i64::try_from(ceiling.min(REACH_LIMIT)).map_err(|_| unfit())
}

/// A scored question's points for each of its steps and its default, before the grid.
struct Raw {
    steps: Vec<(Code, Points)>,
    default: Option<(Code, Points)>,
}

impl Grid {
    /// Puts the scored questions of `rules` on the grid, or says which value does not fit.
    pub fn new(rules: &RuleSet) -> Result<Grid, Unfit> {
        let raw: Vec<Option<Raw>> = rules
            .questions
            .iter()
            .map(|question| {
                question.consideration?;
                let with_points = |code: Code| question.points(code).map(|p| (code, *p));
                Some(Raw {
                    steps: question
                        .answer_steps()
                        .into_iter()
                        .map(|code| with_points(code).unwrap_or((code, [0.0; 3])))
                        .collect(),
                    default: question.default.and_then(with_points),
                })
            })
            .collect();

        // The common number of decimal places: of every point a scored question can give, and
        // of every weight.
        let point_places = point_places(rules, &raw)?;
        let mut weight_places = 0;
        let mut weights = Vec::with_capacity(rules.considerations.len());
        for consideration in &rules.considerations {
            let (digits, places) = decimal(consideration.weight).ok_or_else(|| Unfit {
                place: format!("the weight of consideration `{}`", consideration.id),
                value: consideration.weight,
            })?;
            weight_places = weight_places.max(places);
            weights.push((digits, places));
        }
        let point_scale = 10i128.pow(point_places);
        let to_whole = |value: f64, place: &dyn Fn() -> String| -> Result<i128, Unfit> {
            let unfit = || Unfit {
                place: place(),
                value,
            };
            let (digits, places) = decimal(value).ok_or_else(unfit)?;
            digits
                .checked_mul(10i128.pow(point_places - places))
                .ok_or_else(unfit)
        };
        let mut shares: Vec<Vec<(Code, (i128, i128))>> = vec![Vec::new(); rules.questions.len()];
        let mut default_shares: Vec<Option<(Code, (i128, i128))>> =
            vec![None; rules.questions.len()];
        let mut divisor = 0i128;
        for (index, (question, raw)) in rules.questions.iter().zip(&raw).enumerate() {
            let (Some(raw), Some(consideration)) = (raw, question.consideration) else {
                continue;
            };
            let (weight_digits, places) = weights[consideration];
            let weight = weight_digits * 10i128.pow(weight_places - places);
            let place = || format!("the points of question `{}` times its weight", question.id);
            let share = |points: &Points| -> Result<(i128, i128), Unfit> {
                let unfit = |value| Unfit {
                    place: place(),
                    value,
                };
                let [decline, postpone, proceed] = [
                    to_whole(points[0], &place)?,
                    to_whole(points[1], &place)?,
                    to_whole(points[2], &place)?,
                ];
                let x = (postpone - decline)
                    .checked_mul(weight)
                    .ok_or_else(|| unfit(points[1]))?;
                let y = (proceed - decline)
                    .checked_mul(weight)
                    .ok_or_else(|| unfit(points[2]))?;
                Ok((x, y))
            };
            for (code, points) in &raw.steps {
                let (x, y) = share(points)?;
                divisor = gcd(gcd(divisor, x), y);
                shares[index].push((*code, (x, y)));
            }
            if let Some((code, points)) = &raw.default {
                let (x, y) = share(points)?;
                divisor = gcd(gcd(divisor, x), y);
                default_shares[index] = Some((*code, (x, y)));
            }
        }
        let divisor = divisor.max(1);
        let scale = point_scale * 10i128.pow(weight_places);
        check_reach(&shares, divisor, scale)?;
        let narrow = |(x, y): (i128, i128)| ((x / divisor) as i64, (y / divisor) as i64);

        let close_below = close_below(rules.confidence.leaning, scale, divisor)?;
        Ok(Grid {
            steps: shares
                .into_iter()
                .map(|q| {
                    q.into_iter()
                        .map(|(code, share)| (code, narrow(share)))
                        .collect()
                })
                .collect(),
            defaults: default_shares
                .into_iter()
                .map(|d| d.map(|(code, share)| (code, narrow(share))))
                .collect(),
            close_below,
        })
    }

    /// The shares of question `index`'s answer steps, in step order (empty if not scored).
    pub fn steps(&self, index: usize) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.steps[index].iter().map(|(_, share)| *share)
    }

    /// The share of answering `code` to question `index`: (0, 0) if unscored or unanswered.
    /// `code` is one of its answer steps or its default.
    pub fn share(&self, index: usize, code: Option<Code>) -> (i64, i64) {
        let Some(code) = code else {
            return (0, 0);
        };
        self.steps[index]
            .iter()
            .chain(self.defaults[index].iter())
            .find(|(c, _)| *c == code)
            .map_or((0, 0), |(_, share)| *share)
    }
}

/// Every set of points a question's answers can give.
fn every_points(kind: &QuestionKind) -> Vec<Points> {
    match kind {
        QuestionKind::Choice { options } => options.iter().map(|o| o.points).collect(),
        QuestionKind::Scale { points, .. } => points.clone(),
        QuestionKind::YesNo { no, yes } => vec![*no, *yes],
        QuestionKind::Number { bands, .. } => bands.iter().map(|b| b.points).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimals_are_read_as_written() {
        assert_eq!(decimal(0.75), Some((75, 2)));
        assert_eq!(decimal(-1.5), Some((-15, 1)));
        assert_eq!(decimal(3.0), Some((3, 0)));
        assert_eq!(decimal(0.1), Some((1, 1)));
        assert_eq!(decimal(1e-12), None);
        assert_eq!(decimal(1.7e308), None);
        assert_eq!(decimal(f64::NAN), None);
    }
}
