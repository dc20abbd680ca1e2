//! The compiled engine: a rule set's scoring laid out as flat tables over answer codes, so
//! that scoring one set of answers is a sum of table lookups and a few bit tests, with no
//! string lookups and no allocation.
//!
//! [`RuleSet`] keeps its public, editable model (questions with their points, conditions
//! already compiled to indexes); an [`Engine`] is built from it in one pass and borrows it.
//! It is not cached inside the rule set, because a cached table would silently go stale if
//! the model were edited after loading.

use super::explain::{self, WhatIf};
use super::{Assessment, Confidence, ConsiderationScore, Score};
use crate::rules::{Code, Outcome, Points, QuestionKind, RuleSet};

/// A scored question's place in the flat tables.
#[derive(Debug, Clone, Copy)]
struct ScoredQuestion {
    /// Index into the rule set's questions.
    question: usize,
    lookup: Lookup,
}

/// How an answer code finds its row of points.
#[derive(Debug, Clone, Copy)]
enum Lookup {
    /// Codes `min..min + len` map to rows `base..base + len` (choices, yes/no, scales).
    Dense { min: Code, len: usize, base: usize },
    /// A number question: rows `start..end` of [`Engine::bands`] and of the points.
    Bands { start: usize, end: usize },
}

/// The scored questions of one consideration.
#[derive(Debug, Clone, Copy)]
struct Group {
    weight: f64,
    /// Range of [`Engine::scored`].
    start: usize,
    end: usize,
}

/// A rule set compiled for fast scoring. Build it once with [`Engine::new`] and assess
/// as many answer sets with it as needed; it is `Sync`, so threads can share it.
#[derive(Debug, Clone)]
pub struct Engine<'r> {
    rules: &'r RuleSet,
    /// One group per consideration, in consideration order.
    groups: Vec<Group>,
    /// Scored questions, grouped by consideration, in question order within a group.
    scored: Vec<ScoredQuestion>,
    /// For each question, its position in `scored`, if scored.
    scored_at: Vec<Option<usize>>,
    /// Unweighted points, one row per answer code (or band).
    points: Vec<Points>,
    /// For [`Lookup::Bands`]: the `min..=max` of the band of the matching row of `points`.
    bands: Vec<(Code, Code)>,
}

/// The scores alone, without explanations: what batch scoring, what-if and the audit need.
/// A plain value: computing it allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tally {
    /// The recommendation: the deciding override's outcome, else the top total.
    pub recommendation: Outcome,
    /// The outcome the points alone recommend (ties broken by [`Outcome::TIE_ORDER`]).
    pub by_points: Outcome,
    /// Weighted totals per outcome.
    pub totals: Points,
    /// The first override (in priority order) whose condition holds: it decides.
    pub decided_by: Option<usize>,
    /// Bit `o.index()` is set for each outcome tied for the top total.
    pub top: u8,
}

impl Tally {
    /// How many outcomes share the top total (1 unless there is a tie).
    pub fn tied_count(&self) -> u32 {
        self.top.count_ones()
    }

    /// The recommended total minus the best other total.
    pub fn margin(&self) -> f64 {
        runner_up(&self.totals, self.recommendation).1
    }
}

/// The runner-up to `winner`: the outcome with the best other total (the first in
/// [`Outcome::ALL`] among equal totals), and `winner`'s lead over it, which is negative
/// when an override recommends an outcome the points put behind.
pub fn runner_up(totals: &Points, winner: Outcome) -> (Outcome, f64) {
    let mut best = (winner, f64::NEG_INFINITY);
    for outcome in Outcome::ALL {
        let total = totals[outcome.index()];
        if outcome != winner && (best.0 == winner || total > best.1) {
            best = (outcome, total);
        }
    }
    (best.0, totals[winner.index()] - best.1)
}

/// Two totals this close count as equal.
const TIE_EPSILON: f64 = 1e-9;

impl<'r> Engine<'r> {
    /// Compiles `rules` to flat tables.
    pub fn new(rules: &'r RuleSet) -> Self {
        let mut by_consideration: Vec<Vec<usize>> = vec![Vec::new(); rules.considerations.len()];
        for (index, question) in rules.questions.iter().enumerate() {
            if let Some(list) = question
                .consideration
                .and_then(|c| by_consideration.get_mut(c))
            {
                list.push(index);
            }
        }
        let mut engine = Engine {
            rules,
            groups: Vec::with_capacity(rules.considerations.len()),
            scored: Vec::new(),
            scored_at: vec![None; rules.questions.len()],
            points: Vec::new(),
            bands: Vec::new(),
        };
        for (consideration, members) in rules.considerations.iter().zip(&by_consideration) {
            let start = engine.scored.len();
            for &index in members {
                let lookup = engine.compile_points(&rules.questions[index].kind);
                engine.scored_at[index] = Some(engine.scored.len());
                engine.scored.push(ScoredQuestion {
                    question: index,
                    lookup,
                });
            }
            engine.groups.push(Group {
                weight: consideration.weight,
                start,
                end: engine.scored.len(),
            });
        }
        engine
    }

    fn compile_points(&mut self, kind: &QuestionKind) -> Lookup {
        let base = self.points.len();
        match kind {
            QuestionKind::Choice { options } => {
                self.points.extend(options.iter().map(|o| o.points));
                Lookup::Dense {
                    min: 0,
                    len: options.len(),
                    base,
                }
            }
            QuestionKind::YesNo { no, yes } => {
                self.points.extend([*no, *yes]);
                Lookup::Dense {
                    min: 0,
                    len: 2,
                    base,
                }
            }
            QuestionKind::Scale { min, points, .. } => {
                self.points.extend(points.iter().copied());
                Lookup::Dense {
                    min: *min,
                    len: points.len(),
                    base,
                }
            }
            QuestionKind::Number { bands, .. } => {
                // Rows of `points` and `bands` stay aligned: pad `bands` to `points`' length.
                self.bands.resize(base, (0, -1));
                for band in bands {
                    self.points.push(band.points);
                    self.bands.push((band.min, band.max));
                }
                Lookup::Bands {
                    start: base,
                    end: self.points.len(),
                }
            }
        }
    }

    /// The rule set this engine was compiled from.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// The unweighted points the answer `code` gives through `lookup`, if valid.
    #[inline]
    fn row(&self, lookup: Lookup, code: Code) -> Option<&Points> {
        match lookup {
            Lookup::Dense { min, len, base } => {
                let offset = usize::try_from(code.wrapping_sub(min)).ok()?;
                if offset < len {
                    self.points.get(base + offset)
                } else {
                    None
                }
            }
            Lookup::Bands { start, end } => (start..end)
                .find(|&row| {
                    let (min, max) = self.bands[row];
                    min <= code && code <= max
                })
                .and_then(|row| self.points.get(row)),
        }
    }

    /// Calls `each(question, weighted points)` for every answered, scored question (in
    /// consideration order, not question order).
    #[inline]
    pub fn for_each_weighted(&self, answers: &[Option<Code>], mut each: impl FnMut(usize, Points)) {
        for group in &self.groups {
            for scored in &self.scored[group.start..group.end] {
                let Some(Some(code)) = answers.get(scored.question) else {
                    continue;
                };
                if let Some(points) = self.row(scored.lookup, *code) {
                    each(scored.question, points.map(|p| p * group.weight));
                }
            }
        }
    }

    /// The unweighted points of one consideration's answered questions, added up.
    #[inline]
    fn group_sum(&self, group: &Group, answers: &[Option<Code>]) -> Points {
        let mut sum = [0.0; 3];
        for scored in &self.scored[group.start..group.end] {
            let Some(Some(code)) = answers.get(scored.question) else {
                continue;
            };
            if let Some(points) = self.row(scored.lookup, *code) {
                sum[0] += points[0];
                sum[1] += points[1];
                sum[2] += points[2];
            }
        }
        sum
    }

    /// Calls `each(consideration, weight, unweighted points)` for every consideration, in
    /// order: the points before its weight multiplies them.
    #[inline]
    pub fn for_each_consideration(
        &self,
        answers: &[Option<Code>],
        mut each: impl FnMut(usize, f64, Points),
    ) {
        for (index, group) in self.groups.iter().enumerate() {
            each(index, group.weight, self.group_sum(group, answers));
        }
    }

    /// Adds up the weighted totals, calling `each` with each consideration's weighted
    /// points, in consideration order.
    #[inline]
    fn totals_with(&self, answers: &[Option<Code>], mut each: impl FnMut(Points)) -> Points {
        let mut totals = [0.0; 3];
        for group in &self.groups {
            let mut sum = self.group_sum(group, answers);
            for (s, t) in sum.iter_mut().zip(totals.iter_mut()) {
                *s *= group.weight;
                *t += *s;
            }
            each(sum);
        }
        totals
    }

    /// Scores answers (indexed by question, settled: see [`settle`]) without explanations.
    #[inline]
    pub fn tally(&self, answers: &[Option<Code>]) -> Tally {
        let totals = self.totals_with(answers, |_| {});
        let decided_by = self
            .rules
            .overrides
            .iter()
            .position(|o| o.when.holds(answers));
        tally_from(self, totals, decided_by)
    }

    /// Scores answers: the same result as [`super::score`], with every fired override.
    pub fn score(&self, answers: &[Option<Code>]) -> Score {
        let mut considerations = Vec::with_capacity(self.groups.len());
        let totals = self.totals_with(answers, |sum| considerations.push(sum));
        self.score_from(answers, totals, considerations)
    }

    /// The rest of [`Engine::score`], given the totals and the considerations' points.
    fn score_from(
        &self,
        answers: &[Option<Code>],
        totals: Points,
        considerations: Vec<Points>,
    ) -> Score {
        let fired: Vec<usize> = self
            .rules
            .overrides
            .iter()
            .enumerate()
            .filter(|(_, o)| o.when.holds(answers))
            .map(|(i, _)| i)
            .collect();
        let tally = tally_from(self, totals, fired.first().copied());
        let tied = if tally.tied_count() > 1 {
            Outcome::TIE_ORDER
                .into_iter()
                .filter(|o| tally.top & (1 << o.index()) != 0)
                .collect()
        } else {
            Vec::new()
        };
        Score {
            recommendation: tally.recommendation,
            totals,
            considerations,
            fired,
            tied,
        }
    }

    /// The confidence for a recommendation decided (or not) by an override, with this margin.
    pub fn confidence(&self, decided: bool, margin: f64) -> Confidence {
        if decided || margin >= self.rules.confidence.clear {
            Confidence::Clear
        } else if margin >= self.rules.confidence.leaning {
            Confidence::Leaning
        } else {
            Confidence::CloseCall
        }
    }

    /// Assesses settled answers: recommendation, confidence and reasons, without what-if.
    pub fn assess_without_what_if(&self, answers: &[Option<Code>]) -> Assessment {
        // The considerations' points go straight into the result, not through `Score`.
        let mut considerations = Vec::with_capacity(self.groups.len());
        let totals = self.totals_with(answers, |scores| {
            considerations.push(ConsiderationScore {
                consideration: considerations.len(),
                scores,
            });
        });
        let score = self.score_from(answers, totals, Vec::new());
        let winner = score.recommendation;
        let (_, margin) = runner_up(&score.totals, winner);
        let confidence = self.confidence(!score.fired.is_empty(), margin);
        let reasons = explain::reasons(self, answers, &score);
        Assessment {
            recommendation: winner,
            scores: score.totals,
            margin,
            confidence,
            considerations,
            overrides: score.fired,
            tied: score.tied,
            reasons,
            what_if: Vec::new(),
            stability: None,
        }
    }

    /// Assesses settled answers, with the what-if list and the stability.
    pub fn assess(&self, answers: &[Option<Code>]) -> Assessment {
        let mut assessment = self.assess_without_what_if(answers);
        assessment.what_if = self.what_if(answers, assessment.recommendation);
        assessment.stability = Some(self.stability(answers));
        assessment
    }

    /// The single-answer changes that change the recommendation from `current`: those the
    /// person can make first, then changes of fact, smallest change first in each.
    pub fn what_if(&self, answers: &[Option<Code>], current: Outcome) -> Vec<WhatIf> {
        let mut changes = Vec::new();
        let mut trial = answers.to_vec();
        for (index, question) in self.rules.questions.iter().enumerate() {
            let Some(Some(from)) = answers.get(index).copied() else {
                continue;
            };
            explain::for_each_alternative(&question.kind, from, |to, distance| {
                trial.copy_from_slice(answers);
                trial[index] = Some(to);
                settle(self.rules, &mut trial);
                let recommendation = self.tally(&trial).recommendation;
                if recommendation != current {
                    changes.push(WhatIf {
                        question: index,
                        from,
                        to,
                        recommendation,
                        distance,
                        actionable: question.actionable,
                    });
                }
            });
        }
        // Changes the person can make come first, then changes of fact; smallest first.
        changes.sort_by_key(|c| (!c.actionable, c.distance, c.question, c.to));
        changes
    }
}

/// The outcome the points alone recommend, and the outcomes tied for the top total (bit
/// `o.index()` set for each): totals this close count as equal, and a tie goes to the
/// first tied outcome in [`Outcome::TIE_ORDER`].
pub(super) fn top_on_points(totals: &Points) -> (Outcome, u8) {
    let best = totals[0].max(totals[1]).max(totals[2]);
    let mut top = 0u8;
    let mut by_points = None;
    for outcome in Outcome::TIE_ORDER {
        if (totals[outcome.index()] - best).abs() < TIE_EPSILON {
            top |= 1 << outcome.index();
            by_points.get_or_insert(outcome);
        }
    }
    // The best total is itself within the tolerance of itself, unless a total is NaN,
    // which validation rules out (points and weights are finite); fall back to the tie order.
    (by_points.unwrap_or(Outcome::TIE_ORDER[0]), top)
}

fn tally_from(engine: &Engine, totals: Points, decided_by: Option<usize>) -> Tally {
    let (by_points, top) = top_on_points(&totals);
    let recommendation = decided_by
        .and_then(|i| engine.rules.overrides.get(i))
        .map_or(by_points, |o| o.outcome);
    Tally {
        recommendation,
        by_points,
        totals,
        decided_by,
        top,
    }
}

/// Clears the answers to questions that are not asked given the earlier answers, then
/// gives each asked, unanswered question with a default its default, in place: the same
/// rule as [`super::Answers::drop_unasked`] then [`super::Answers::fill_defaults`].
pub fn settle(rules: &RuleSet, answers: &mut [Option<Code>]) {
    super::settle_with(rules, answers, |_| {});
}
