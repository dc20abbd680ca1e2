//! The walk over the questions that conditions read, counting at each combination what the
//! points, the overrides and the letters do with every answer to the free questions.

use std::collections::HashMap;

use super::dist::{Dist, Prefix};
use super::grid::Grid;
use super::plan::Plan;
use super::regions::{Side, differs, regions};
use super::{AuditReport, Conflict, LetterUse, OverrideUse};
use crate::engine::{Answers, settle};
use crate::rules::{Code, Outcome, RuleSet};

/// The tables of the free questions' sums, one per set of free questions asked.
struct Tables {
    index: HashMap<Vec<usize>, usize>,
    tables: Vec<Prefix>,
    totals: Vec<u128>,
}

impl Tables {
    fn get(&mut self, grid: &Grid, questions: &[usize]) -> usize {
        if let Some(&id) = self.index.get(questions) {
            return id;
        }
        let table = Prefix::new(build(grid, questions));
        self.totals.push(table.total());
        self.tables.push(table);
        self.index.insert(questions.to_vec(), self.tables.len() - 1);
        self.tables.len() - 1
    }
}

fn build(grid: &Grid, questions: &[usize]) -> Dist {
    questions.iter().fold(Dist::unit(), |dist, &q| {
        dist.add(&grid.steps(q).collect::<Vec<_>>())
    })
}

/// The walk over the enumerated questions, with everything counted so far.
pub(super) struct Walker<'a> {
    rules: &'a RuleSet,
    plan: &'a Plan,
    grid: &'a Grid,
    answers: Vec<Option<Code>>,
    tables: Tables,
    /// Walked combinations no override decides, by table: their offsets.
    undecided: HashMap<usize, Vec<(i64, i64)>>,
    letter_answers: Answers,
    fired: Vec<usize>,
    report: AuditReport,
    /// Per override: the deciders seen when it held without deciding.
    shadowed_by: Vec<Vec<bool>>,
    /// Per pair of overrides with different outcomes: combinations where both hold.
    together: HashMap<(usize, usize), u128>,
}

impl<'a> Walker<'a> {
    pub(super) fn new(rules: &'a RuleSet, plan: &'a Plan, grid: &'a Grid) -> Self {
        let count = rules.questions.len();
        let n = rules.overrides.len();
        Walker {
            rules,
            plan,
            grid,
            answers: vec![None; count],
            tables: Tables {
                index: HashMap::new(),
                tables: Vec::new(),
                totals: Vec::new(),
            },
            undecided: HashMap::new(),
            letter_answers: Answers::empty(count),
            fired: Vec::with_capacity(n),
            report: AuditReport {
                walked: plan.walked.clone(),
                letter_questions: plan.letter_questions.clone(),
                combinations: 0,
                outcomes: [0; 3],
                by_points: [0; 3],
                overrides: vec![OverrideUse::default(); n],
                close_calls: 0,
                ties: 0,
                asked: vec![0; count],
                matters: vec![false; count],
                conflicts: Vec::new(),
                letter_combinations: 0,
                letters: vec![LetterUse::default(); rules.letters.len()],
                no_letter: [0; 3],
            },
            shadowed_by: vec![Vec::new(); n],
            together: HashMap::new(),
        }
    }

    /// Walks the enumerated questions from `enumerated[position]` on.
    pub(super) fn walk(&mut self, position: usize) {
        let Some(&question) = self.plan.enumerated.get(position) else {
            self.leaf();
            return;
        };
        if self.rules.is_asked(question, &self.answers) {
            for step in 0..self.plan.steps[question].len() {
                self.answers[question] = Some(self.plan.steps[question][step]);
                self.walk(position + 1);
            }
            self.answers[question] = None;
        } else {
            self.walk(position + 1);
        }
    }

    /// The walked questions' shares, the deciding override and the free questions asked,
    /// for these answers.
    fn place(&self, answers: &[Option<Code>]) -> ((i64, i64), Option<usize>, Vec<usize>) {
        let (mut x, mut y) = (0, 0);
        for &q in &self.plan.enumerated {
            let (dx, dy) = self.grid.share(q, answers[q]);
            x += dx;
            y += dy;
        }
        let decided = self
            .rules
            .overrides
            .iter()
            .position(|o| o.when.holds(answers));
        let free = self
            .plan
            .free
            .iter()
            .copied()
            .filter(|&q| self.rules.is_asked(q, answers))
            .collect();
        ((x, y), decided, free)
    }

    /// One combination of the enumerated answers, with every combination of the free ones.
    fn leaf(&mut self) {
        let ((cx, cy), decided, free) = self.place(&self.answers);
        let id = self.tables.get(self.grid, &free);
        let table = &self.tables.tables[id];
        let total = self.tables.totals[id];
        let found = regions(table, cx, cy, self.grid.close_below);
        let report = &mut self.report;
        report.combinations += total;
        for (sum, part) in report.by_points.iter_mut().zip(found.by_points) {
            *sum += part;
        }
        report.ties += found.ties;
        let mut recommended = [0u128; 3];
        match decided {
            Some(i) => {
                let outcome = self.rules.overrides[i].outcome;
                recommended[outcome.index()] = total;
                report.overrides[i].changes += total - found.by_points[outcome.index()];
            }
            None => {
                recommended = found.by_points;
                report.close_calls += found.close;
                self.undecided.entry(id).or_default().push((cx, cy));
            }
        }
        for (sum, part) in report.outcomes.iter_mut().zip(recommended) {
            *sum += part;
        }
        for &q in &self.plan.enumerated {
            if self.answers[q].is_some() {
                report.asked[q] += total;
            }
        }
        for &q in &free {
            report.asked[q] += total;
        }
        self.count_overrides(total);
        if self.plan.replies {
            for &q in &self.plan.walked {
                self.letter_answers.set(q, self.answers[q]);
            }
            self.walk_letters(0, total, recommended);
        }
        self.enumerated_questions_matter(id, (cx, cy), decided, &free);
    }

    fn count_overrides(&mut self, total: u128) {
        let rules = self.rules;
        self.fired.clear();
        for (i, rule) in rules.overrides.iter().enumerate() {
            if rule.when.holds(&self.answers) {
                self.fired.push(i);
            }
        }
        let Some(&first) = self.fired.first() else {
            return;
        };
        self.report.overrides[first].decides += total;
        for (position, &i) in self.fired.iter().enumerate() {
            self.report.overrides[i].fires += total;
            if position > 0 {
                let shadowed = &mut self.shadowed_by[i];
                if shadowed.is_empty() {
                    shadowed.resize(rules.overrides.len(), false);
                }
                shadowed[first] = true;
            }
            for &j in &self.fired[position + 1..] {
                if rules.overrides[i].outcome != rules.overrides[j].outcome {
                    *self.together.entry((i, j)).or_default() += total;
                }
            }
        }
    }

    /// Walks the letter-only questions from `letter_questions[position]` on, choosing a
    /// letter at the end of each path for each outcome recommended.
    fn walk_letters(&mut self, position: usize, total: u128, recommended: [u128; 3]) {
        let rules = self.rules;
        let Some(&question) = self.plan.letter_questions.get(position) else {
            self.report.letter_combinations += total;
            for outcome in Outcome::ALL {
                let times = recommended[outcome.index()];
                if times == 0 {
                    continue;
                }
                match rules.reply_letter(outcome, self.letter_answers.as_slice()) {
                    Some(chosen) => self.report.letters[chosen].chosen += times,
                    None => self.report.no_letter[outcome.index()] += times,
                }
            }
            return;
        };
        if rules.is_asked(question, self.letter_answers.as_slice()) {
            for step in 0..self.plan.steps[question].len() {
                self.letter_answers
                    .set(question, Some(self.plan.steps[question][step]));
                self.walk_letters(position + 1, total, recommended);
            }
        } else {
            self.letter_answers.set(question, None);
            self.walk_letters(position + 1, total, recommended);
        }
    }

    /// Marks the enumerated questions whose answer alone, changed here, changes the
    /// recommendation for some answers to the free questions.
    fn enumerated_questions_matter(
        &mut self,
        id: usize,
        (cx, cy): (i64, i64),
        decided: Option<usize>,
        free: &[usize],
    ) {
        let rules = self.rules;
        let outcome = |d: Option<usize>| d.map(|i| rules.overrides[i].outcome);
        let here = Side {
            x: cx,
            y: cy,
            decided: outcome(decided),
        };
        let mut trial = Vec::with_capacity(self.answers.len());
        for &q in &self.plan.enumerated {
            let Some(from) = self.answers[q] else {
                continue;
            };
            if self.report.matters[q] {
                continue;
            }
            for &to in &self.plan.steps[q] {
                if to == from {
                    continue;
                }
                trial.clear();
                trial.extend_from_slice(&self.answers);
                trial[q] = Some(to);
                settle(rules, &mut trial);
                let ((x, y), decided_there, free_there) = self.place(&trial);
                // Free questions asked only there take their default.
                let (mut ax, mut ay) = (0, 0);
                for &f in free_there.iter().filter(|f| !free.contains(f)) {
                    let (dx, dy) = self.grid.share(f, rules.questions[f].default);
                    ax += dx;
                    ay += dy;
                }
                let there = Side {
                    x: x + ax,
                    y: y + ay,
                    decided: outcome(decided_there),
                };
                let dropped: Vec<usize> = free
                    .iter()
                    .copied()
                    .filter(|f| !free_there.contains(f))
                    .collect();
                let changes = if dropped.is_empty() {
                    differs(&self.tables.tables[id], here, there)
                } else {
                    // Questions asked here only: each of their sums, over the table of the
                    // questions asked on both sides.
                    let common: Vec<usize> = free
                        .iter()
                        .copied()
                        .filter(|f| free_there.contains(f))
                        .collect();
                    let common = self.tables.get(self.grid, &common);
                    let table = &self.tables.tables[common];
                    build(self.grid, &dropped).support().any(|((ux, uy), _)| {
                        let shifted = Side {
                            x: here.x + ux,
                            y: here.y + uy,
                            ..here
                        };
                        differs(table, shifted, there)
                    })
                };
                if changes {
                    self.report.matters[q] = true;
                    break;
                }
            }
        }
    }

    /// Marks the free questions whose answer alone changes the recommendation somewhere:
    /// for each table, the table without the question, against its answers' shares.
    pub(super) fn free_questions_matter(&mut self) {
        let keys: Vec<(Vec<usize>, usize)> = self
            .tables
            .index
            .iter()
            .map(|(k, &id)| (k.clone(), id))
            .collect();
        for (questions, id) in keys {
            let Some(offsets) = self.undecided.get_mut(&id) else {
                continue;
            };
            offsets.sort_unstable();
            offsets.dedup();
            for &q in &questions {
                if self.report.matters[q] {
                    continue;
                }
                let steps: Vec<(i64, i64)> = self.grid.steps(q).collect();
                if steps.windows(2).all(|pair| pair[0] == pair[1]) {
                    continue;
                }
                let rest = Prefix::new(Dist::remove(&self.tables.tables[id], &steps));
                // If some answer to the others gives two neighbouring answers of this one
                // different recommendations, it matters.
                let matters = offsets.iter().any(|&(cx, cy)| {
                    steps.windows(2).any(|pair| {
                        let side = |(dx, dy): (i64, i64)| Side {
                            x: cx + dx,
                            y: cy + dy,
                            decided: None,
                        };
                        differs(&rest, side(pair[0]), side(pair[1]))
                    })
                });
                self.report.matters[q] = matters;
            }
        }
    }

    pub(super) fn report(mut self) -> AuditReport {
        let n = self.rules.overrides.len();
        for (usage, shadowed) in self.report.overrides.iter_mut().zip(&self.shadowed_by) {
            usage.shadowed_by = (0..shadowed.len()).filter(|&j| shadowed[j]).collect();
        }
        let mut conflicts: Vec<Conflict> = self
            .together
            .into_iter()
            .map(|((first, second), together)| Conflict {
                first,
                second,
                together,
            })
            .collect();
        conflicts.sort_by_key(|c| (c.first, c.second));
        debug_assert!(conflicts.iter().all(|c| c.second < n));
        self.report.conflicts = conflicts;
        self.report
    }
}
