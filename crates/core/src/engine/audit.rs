//! The rule-set audit: what the rule set does with every combination of answers to the
//! questions that decide the recommendation, counted exactly and without visiting each
//! combination. Pure: the command prints the report.
//!
//! What is counted: the *deciding* questions (the scored ones, the ones overrides read, and
//! the ones their `when`s read), each over its answer steps (a number question by band) and
//! only where its `when` holds. For letters, the questions that reply letters' `when`s read
//! (such as `share_reason`) are walked too; every other question takes its default.
//!
//! How: a recommendation depends on the totals only through two differences, postpone −
//! decline and proceed − decline, and each scored question adds its own share to both. The
//! deciding questions that some condition reads (an override, a question's `when`, or a
//! reply letter, since the audit says which letter is chosen) are *walked*: each of their
//! combinations is visited. Every other deciding question is *free*: nothing reads it but
//! the sum. For each walked combination, the free questions asked add independent shares,
//! so a table of how many of their combinations reach each pair of differences, built one
//! question at a time (`dist`), answers every count with a few sums per row. Shares are
//! exact integers on a common decimal grid (`grid`); counts are u128.
//!
//! The work is estimated before it starts: a rule set whose walk, table or work would
//! exceed the limits below is refused with the figure and what to change.

mod dist;
mod grid;

use std::collections::HashMap;
use std::fmt;

use dist::{Dist, Prefix, span};
use grid::Grid;
pub use grid::{MAX_DECIMALS, Unfit};

use super::{Answers, settle};
use crate::rules::{Code, Outcome, RuleSet, Stage};

/// The most combinations of walked answers (times the letter-only answers) the audit visits.
pub const MAX_WALK: u128 = 2_000_000;

/// The most cells of a table of the free questions' sums (16 bytes each).
pub const MAX_CELLS: u128 = 2_000_000;

/// The most elementary steps the audit may take, as estimated before it starts.
pub const MAX_WORK: u128 = 4_000_000_000;

/// Findings of one kind past this many are summarised in one line.
pub const FIRST_FEW: usize = 5;

/// How one override fared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverrideUse {
    /// Combinations where its condition holds.
    pub fires: u128,
    /// Combinations where it is the first to hold: it decides.
    pub decides: u128,
    /// Combinations where it decides an outcome other than the points would give.
    pub changes: u128,
    /// Overrides (indexes) that decided where this one held but did not decide.
    pub shadowed_by: Vec<usize>,
}

/// How one letter fared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterUse {
    /// Answer sets (with the letter-only answers) for which it is the chosen reply.
    pub chosen: u128,
}

/// Two overrides with different outcomes that can hold together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The override checked first (it wins), and the other.
    pub first: usize,
    /// The override checked second (index into the rule set's overrides).
    pub second: usize,
    /// Combinations where both hold.
    pub together: u128,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// A sure mistake: the command fails.
    Mistake,
    /// Something worth a look.
    Note,
}

impl Severity {
    /// The word used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Mistake => "mistake",
            Severity::Note => "note",
        }
    }
}

/// A finding of the audit, or of another check of the rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// A mistake (the command fails) or a note.
    pub severity: Severity,
    /// What findings like this one are, in the plural ("overrides that never decide"):
    /// repeats of a kind are summarised under it.
    pub kind: &'static str,
    /// The finding in a sentence.
    pub message: String,
    /// How many findings it stands for: more than one for the line that summarises repeats.
    pub count: usize,
}

impl Finding {
    /// A sure mistake.
    pub fn mistake(kind: &'static str, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Mistake,
            kind,
            message: message.into(),
            count: 1,
        }
    }

    /// Something worth a look.
    pub fn note(kind: &'static str, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Note,
            kind,
            message: message.into(),
            count: 1,
        }
    }

    /// Whether it is a sure mistake.
    pub fn is_mistake(&self) -> bool {
        self.severity == Severity::Mistake
    }
}

/// Why the audit would not run.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A point, weight or threshold the exact grid cannot hold.
    Unfit(Unfit),
    /// Too many combinations of the questions that conditions read.
    Walk {
        /// How many there are.
        combinations: u128,
        /// The questions' ids.
        questions: Vec<String>,
    },
    /// The free questions' sums spread too wide.
    Table {
        /// Columns the table would need.
        width: u128,
        /// Rows the table would need.
        height: u128,
    },
    /// Too much work in all.
    Work {
        /// The steps the count would take.
        steps: u128,
    },
    /// More combinations than 128 bits can count.
    Overflow,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Unfit(Unfit { place, value }) => write!(
                f,
                "the audit counts exactly, on a grid of decimals, and cannot hold {place} \
                 ({value}): use at most {MAX_DECIMALS} decimal places and smaller numbers"
            ),
            Refusal::Walk {
                combinations,
                questions,
            } => write!(
                f,
                "the audit would visit up to {} combinations of answers to the {} questions \
                 that overrides, `when` conditions and letters read ({}), more than its limit \
                 of {}; read fewer questions (or questions with fewer answers) in those \
                 conditions",
                count(*combinations),
                questions.len(),
                questions.join(", "),
                count(MAX_WALK)
            ),
            Refusal::Table { width, height } => write!(
                f,
                "the points of the questions no condition reads add up to sums over a {} by {} \
                 grid ({} cells), more than the audit's limit of {}; use smaller points or \
                 weights, or fewer decimal places",
                count(*width),
                count(*height),
                count(width.saturating_mul(*height)),
                count(MAX_CELLS)
            ),
            Refusal::Work { steps } => write!(
                f,
                "the audit would take about {} steps, more than its limit of {}; read fewer \
                 questions in overrides and `when` conditions, or use smaller points",
                count(*steps),
                count(MAX_WORK)
            ),
            Refusal::Overflow => f.write_str(
                "the rule set has more combinations of answers than the audit can count \
                 (2^128); use fewer questions",
            ),
        }
    }
}

/// Everything the audit found.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditReport {
    /// Indexes of the deciding questions, in order.
    pub walked: Vec<usize>,
    /// Indexes of the questions walked for letters only.
    pub letter_questions: Vec<usize>,
    /// Combinations of answers to the deciding questions.
    pub combinations: u128,
    /// Combinations per recommended outcome, by [`Outcome::index`].
    pub outcomes: [u128; 3],
    /// Combinations the points alone would give each outcome (before overrides).
    pub by_points: [u128; 3],
    /// Per override, in priority order.
    pub overrides: Vec<OverrideUse>,
    /// Combinations where no override decides and the lead is under `confidence.leaning`.
    pub close_calls: u128,
    /// Combinations where two or more outcomes tie for the top total.
    pub ties: u128,
    /// Per question: combinations where it is asked (0 for questions not deciding).
    pub asked: Vec<u128>,
    /// Per question: whether changing its answer alone ever changes the recommendation.
    pub matters: Vec<bool>,
    /// Pairs of overrides with different outcomes that hold together.
    pub conflicts: Vec<Conflict>,
    /// Answer sets the letters were chosen over: combinations times letter-only answers.
    pub letter_combinations: u128,
    /// Per letter.
    pub letters: Vec<LetterUse>,
    /// Per outcome: answer sets recommending it for which no reply letter fits.
    pub no_letter: [u128; 3],
}

/// Counts what `rules` does with every combination of deciding answers, or refuses (before
/// any long work) when the rule set is beyond the limits.
pub fn audit(rules: &RuleSet) -> Result<AuditReport, Refusal> {
    let plan = Plan::new(rules);
    let grid = Grid::new(rules).map_err(Refusal::Unfit)?;
    plan.check(rules, &grid)?;
    let mut walker = Walker::new(rules, &plan, &grid);
    walker.walk(0);
    walker.free_questions_matter();
    Ok(walker.report())
}

/// Which questions play which part.
struct Plan {
    /// The deciding questions, in order.
    walked: Vec<usize>,
    /// The deciding questions a condition reads, in order: visited answer by answer.
    enumerated: Vec<usize>,
    /// The other deciding questions: counted through the tables.
    free: Vec<usize>,
    /// Questions walked for letters only.
    letter_questions: Vec<usize>,
    /// Per question: its answer steps (empty for questions neither deciding nor for letters).
    steps: Vec<Vec<Code>>,
    /// Whether any reply letter exists (else letters are not walked).
    replies: bool,
}

impl Plan {
    fn new(rules: &RuleSet) -> Self {
        let count = rules.questions.len();
        let mark = |marked: &mut [bool], questions: Vec<usize>| {
            for q in questions {
                if let Some(slot) = marked.get_mut(q) {
                    *slot = true;
                }
            }
        };
        let mut read_by_override = vec![false; count];
        for rule in &rules.overrides {
            mark(&mut read_by_override, rule.when.questions());
        }
        let mut deciding: Vec<bool> = rules.questions.iter().map(|q| q.is_scored()).collect();
        for (slot, read) in deciding.iter_mut().zip(&read_by_override) {
            *slot |= read;
        }
        close_over_when(rules, &mut deciding);
        let replies = rules.letters.iter().any(|l| l.stage == Stage::Reply);
        let mut for_letters = vec![false; count];
        if replies {
            for letter in rules.letters.iter().filter(|l| l.stage == Stage::Reply) {
                mark(
                    &mut for_letters,
                    letter.when.iter().flat_map(|w| w.questions()).collect(),
                );
            }
            close_over_when(rules, &mut for_letters);
        }
        // A condition reads it: an override, a reply letter, or the `when` of a question
        // that is counted or walked for letters.
        let mut read = read_by_override;
        for (slot, letters) in read.iter_mut().zip(&for_letters) {
            *slot |= letters;
        }
        for (index, question) in rules.questions.iter().enumerate() {
            if deciding[index] || for_letters[index] {
                mark(
                    &mut read,
                    question.when.iter().flat_map(|w| w.questions()).collect(),
                );
            }
        }
        let walked: Vec<usize> = (0..count).filter(|&i| deciding[i]).collect();
        let steps = rules
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                if deciding[i] || for_letters[i] {
                    q.answer_steps()
                } else {
                    Vec::new()
                }
            })
            .collect();
        Plan {
            enumerated: walked.iter().copied().filter(|&i| read[i]).collect(),
            free: walked.iter().copied().filter(|&i| !read[i]).collect(),
            walked,
            letter_questions: (0..count)
                .filter(|&i| for_letters[i] && !deciding[i])
                .collect(),
            steps,
            replies,
        }
    }

    /// Refuses, before any long work, a rule set beyond the limits.
    fn check(&self, rules: &RuleSet, grid: &Grid) -> Result<(), Refusal> {
        let product = |questions: &[usize]| {
            questions.iter().try_fold(1u128, |product, &q| {
                product.checked_mul(self.steps[q].len().max(1) as u128)
            })
        };
        let walk = product(&self.enumerated).ok_or(Refusal::Overflow)?;
        let letters = product(&self.letter_questions).ok_or(Refusal::Overflow)?;
        product(&self.walked).ok_or(Refusal::Overflow)?;
        let visits = walk.saturating_mul(if self.replies { letters } else { 1 });
        if visits > MAX_WALK {
            return Err(Refusal::Walk {
                combinations: visits,
                questions: self
                    .enumerated
                    .iter()
                    .chain(if self.replies {
                        &self.letter_questions[..]
                    } else {
                        &[]
                    })
                    .map(|&q| rules.questions[q].id.clone())
                    .collect(),
            });
        }
        let (mut width, mut height) = (1u128, 1u128);
        let mut add_work = 0u128;
        for &q in &self.free {
            let steps: Vec<(i64, i64)> = grid.steps(q).collect();
            let (min_x, max_x, min_y, max_y) = span(&steps);
            width += (max_x - min_x) as u128;
            height += (max_y - min_y) as u128;
            add_work = add_work.saturating_add(
                width
                    .saturating_mul(height)
                    .saturating_mul(steps.len() as u128),
            );
        }
        if width.saturating_mul(height) > MAX_CELLS {
            return Err(Refusal::Table { width, height });
        }
        // Per walked combination: a few sums per row of the table, per other answer of a
        // walked question (what matters), and per pair of overrides; per free question, a
        // table built and taken apart, and a pass over the walked combinations.
        let alternatives: u128 = self
            .enumerated
            .iter()
            .map(|&q| self.steps[q].len() as u128)
            .sum();
        let overrides = rules.overrides.len() as u128;
        let per_visit = width
            .saturating_mul(alternatives + 4)
            .saturating_add(overrides.saturating_mul(overrides))
            .saturating_add(if self.replies {
                letters.saturating_mul(rules.letters.len() as u128 * 3)
            } else {
                0
            });
        let free_steps: u128 = self.free.iter().map(|&q| self.steps[q].len() as u128).sum();
        let steps = walk
            .saturating_mul(per_visit)
            .saturating_add(add_work.saturating_mul(2))
            .saturating_add(walk.saturating_mul(width).saturating_mul(free_steps));
        if steps > MAX_WORK {
            return Err(Refusal::Work { steps });
        }
        Ok(())
    }
}

/// Marks every question that a marked question's `when` reads, until nothing changes.
fn close_over_when(rules: &RuleSet, marked: &mut [bool]) {
    // A `when` reads only earlier questions, so one pass from the end reaches them all.
    for index in (0..rules.questions.len()).rev() {
        if !marked[index] {
            continue;
        }
        for q in rules.questions[index]
            .when
            .iter()
            .flat_map(|w| w.questions())
        {
            if let Some(slot) = marked.get_mut(q) {
                *slot = true;
            }
        }
    }
}

/// One side of a comparison of recommendations over a table: the offsets added to the
/// table's sums, or the override that decides whatever they are.
#[derive(Debug, Clone, Copy)]
struct Side {
    x: i64,
    y: i64,
    decided: Option<Outcome>,
}

impl Side {
    /// For the row `x` of a table: the recommendation is `low` for table `y` up to the
    /// returned bound, `high` above it.
    fn row(self, x: i64) -> (i64, Outcome, Outcome) {
        if let Some(outcome) = self.decided {
            return (i64::MAX, outcome, outcome);
        }
        // On points: postpone leads (or ties) when postpone − decline is at least 0 and at
        // least proceed − decline; else proceed when proceed − decline is at least 0; else
        // decline. Ties go postpone, proceed, decline, as in `Outcome::TIE_ORDER`.
        let a = x + self.x;
        if a >= 0 {
            (a - self.y, Outcome::Postpone, Outcome::Proceed)
        } else {
            (-1 - self.y, Outcome::Decline, Outcome::Proceed)
        }
    }
}

/// Whether some combination counted in `table` gets a different recommendation on one side
/// than on the other.
fn differs(table: &Prefix, one: Side, two: Side) -> bool {
    if let (Some(a), Some(b)) = (one.decided, two.decided) {
        return a != b && table.total() > 0;
    }
    table.xs().any(|x| {
        let (u1, low1, high1) = one.row(x);
        let (u2, low2, high2) = two.row(x);
        let (lo, hi) = (u1.min(u2), u1.max(u2));
        let middle = if u1 < u2 {
            (high1, low2)
        } else {
            (low1, high2)
        };
        (low1 != low2 && table.count(x, i64::MIN, lo) > 0)
            || (lo < hi && middle.0 != middle.1 && table.count(x, lo.saturating_add(1), hi) > 0)
            || (high1 != high2 && table.count(x, hi.saturating_add(1), i64::MAX) > 0)
    })
}

/// What the points alone give over a table, offset by the walked questions' shares.
#[derive(Debug, Default)]
struct Regions {
    by_points: [u128; 3],
    ties: u128,
    close: u128,
}

fn regions(table: &Prefix, cx: i64, cy: i64, close_below: i64) -> Regions {
    let mut found = Regions::default();
    let t = close_below;
    for x in table.xs() {
        let a = x + cx;
        // Bounds on the table's y for a bound on b = y + cy.
        let at = |b: i64| b.saturating_sub(cy);
        let rows = |lo: i64, hi: i64| table.count(x, at(lo), at(hi));
        let (low, bound) = if a >= 0 {
            (Outcome::Postpone, a)
        } else {
            (Outcome::Decline, -1)
        };
        found.by_points[low.index()] += rows(i64::MIN, bound);
        found.by_points[Outcome::Proceed.index()] += rows(bound.saturating_add(1), i64::MAX);
        found.ties += match a.cmp(&0) {
            std::cmp::Ordering::Greater => rows(a, a),
            std::cmp::Ordering::Equal => rows(i64::MIN, 0),
            std::cmp::Ordering::Less => rows(0, 0),
        };
        if t > 0 {
            // The lead is the top total minus the second: with the three totals 0, a and b,
            // it is under t for b within t of max(0, a), and for every b below both when
            // 0 and a are themselves within t.
            let top = a.max(0);
            let below = if a.abs() < t {
                i64::MIN
            } else {
                top.saturating_sub(t).saturating_add(1)
            };
            found.close += rows(below, top.saturating_add(t).saturating_sub(1));
        }
    }
    found
}

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
struct Walker<'a> {
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
    fn new(rules: &'a RuleSet, plan: &'a Plan, grid: &'a Grid) -> Self {
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
    fn walk(&mut self, position: usize) {
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
    fn free_questions_matter(&mut self) {
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

    fn report(mut self) -> AuditReport {
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

impl AuditReport {
    /// What the audit itself found, sure mistakes first; [`findings`] adds the other
    /// checks and summarises repeats.
    pub fn findings(&self, rules: &RuleSet) -> Vec<Finding> {
        let mut mistakes = Vec::new();
        let mut notes = Vec::new();
        let id_list = |indexes: &[usize]| {
            let mut ids: Vec<String> = indexes
                .iter()
                .take(FIRST_FEW)
                .filter_map(|&i| rules.overrides.get(i))
                .map(|o| format!("`{}`", o.id))
                .collect();
            if indexes.len() > FIRST_FEW {
                ids.push(format!("{} more", indexes.len() - FIRST_FEW));
            }
            ids.join(", ")
        };
        for (rule, usage) in rules.overrides.iter().zip(&self.overrides) {
            if usage.fires == 0 {
                mistakes.push(Finding::mistake(
                    "overrides that can never apply",
                    format!(
                        "override `{}` can never apply: no combination of answers meets its \
                         `when` (remember that a question is unanswered where its own `when` \
                         does not hold)",
                        rule.id
                    ),
                ));
            } else if usage.decides == 0 {
                mistakes.push(Finding::mistake(
                    "overrides that never decide",
                    format!(
                        "override `{}` never decides: whenever it holds, {} holds too and \
                         comes first; raise its priority or remove it",
                        rule.id,
                        id_list(&usage.shadowed_by)
                    ),
                ));
            } else if usage.changes == 0 {
                notes.push(Finding::note(
                    "overrides that never change the recommendation",
                    format!(
                        "override `{}` never changes the recommendation: the points already \
                         give {} wherever it decides",
                        rule.id, rule.outcome
                    ),
                ));
            }
        }
        // Only the first few are written out: there may be millions.
        let kind = "pairs of overrides with different outcomes that hold together";
        if self.conflicts.len() > FIRST_FEW {
            let more = self.conflicts.len() - FIRST_FEW;
            let mut summary =
                Finding::note(kind, format!("... and {} more {kind}", count(more as u128)));
            summary.count = more;
            notes.push(summary);
        }
        let at = notes
            .len()
            .saturating_sub(usize::from(self.conflicts.len() > FIRST_FEW));
        for conflict in self.conflicts.iter().take(FIRST_FEW).rev() {
            let (a, b) = (
                &rules.overrides[conflict.first],
                &rules.overrides[conflict.second],
            );
            let order = if a.priority == b.priority {
                "they have the same priority, so the order in the file decides"
            } else {
                "the higher priority wins"
            };
            notes.insert(
                at,
                Finding::note(
                    kind,
                    format!(
                        "overrides `{}` ({}) and `{}` ({}) both hold in {} combinations; {order}, \
                     giving {}",
                        a.id,
                        a.outcome,
                        b.id,
                        b.outcome,
                        count(conflict.together),
                        a.outcome
                    ),
                ),
            );
        }
        if !self.letters.is_empty() && self.letter_combinations > 0 {
            for (letter, usage) in rules.letters.iter().zip(&self.letters) {
                if letter.stage == Stage::Reply && usage.chosen == 0 {
                    mistakes.push(Finding::mistake(
                        "letters never chosen",
                        format!(
                            "letter `{}` is never chosen: for every combination of answers \
                             another reply fits better, or its `when` never holds when {} is \
                             recommended",
                            letter.id,
                            letter
                                .outcomes
                                .iter()
                                .map(|o| o.as_str())
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                    ));
                }
            }
            for outcome in Outcome::ALL {
                let none = self.no_letter[outcome.index()];
                if none > 0 {
                    notes.push(Finding::note(
                        "outcomes without a reply letter",
                        format!(
                            "no reply letter fits {} answer sets that recommend {outcome}; \
                             `letter` then asks for --kind",
                            count(none)
                        ),
                    ));
                }
            }
        }
        for &q in &self.walked {
            let question = &rules.questions[q];
            if self.asked[q] == 0 {
                mistakes.push(Finding::mistake(
                    "questions never asked",
                    format!(
                        "question `{}` is never asked: its `when` never holds",
                        question.id
                    ),
                ));
            } else if !self.matters[q] && question.is_scored() {
                mistakes.push(Finding::mistake(
                    "questions that never change the recommendation",
                    format!(
                        "question `{}` never changes the recommendation: no change to its \
                         answer alone changes the outcome, in any combination",
                        question.id
                    ),
                ));
            }
        }
        mistakes.extend(notes);
        mistakes
    }
}

/// Everything `rules audit` reports: the audit's findings, then those of the other checks
/// of the rule set, sure mistakes first, with repeats of a kind summarised.
pub fn findings(rules: &RuleSet, report: &AuditReport, more: Vec<Finding>) -> Vec<Finding> {
    let mut found = report.findings(rules);
    // Other checks of the rule set (such as the letters' claims) add their findings here.
    found.extend(more);
    summarise(found)
}

/// Keeps the first [`FIRST_FEW`] findings of each kind, in order, and puts one line with
/// the count of the rest (of the same severity) after them. Mistakes come first.
pub fn summarise(findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen: HashMap<(&'static str, bool), usize> = HashMap::new();
    let mut kept = Vec::new();
    let mut order = Vec::new();
    for finding in findings {
        let key = (finding.kind, finding.is_mistake());
        let times = seen.entry(key).or_insert(0);
        if *times == 0 {
            order.push(key);
        }
        // A finding that already stands for several (a summary) is counted, not kept.
        if finding.count == 1 && *times < FIRST_FEW {
            kept.push(finding);
            *times += 1;
        } else {
            *times += finding.count;
        }
    }
    for (kind, mistake) in order {
        let more = seen[&(kind, mistake)].saturating_sub(FIRST_FEW);
        if more > 0 {
            let message = format!("... and {} more {kind}", count(more as u128));
            let at = kept
                .iter()
                .rposition(|f| f.kind == kind && f.is_mistake() == mistake)
                .map_or(kept.len(), |i| i + 1);
            let summary = if mistake {
                Finding::mistake(kind, message)
            } else {
                Finding::note(kind, message)
            };
            kept.insert(
                at,
                Finding {
                    count: more,
                    ..summary
                },
            );
        }
    }
    kept.sort_by_key(|f| !f.is_mistake());
    kept
}

/// A count with thousands separators: 189,000.
pub fn count(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Finding, count, summarise};

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(189_000), "189,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(
            count(u128::MAX),
            "340,282,366,920,938,463,463,374,607,431,768,211,455"
        );
    }

    #[test]
    fn repeated_findings_keep_the_first_few_then_a_count() {
        let mut found: Vec<Finding> = (0..8)
            .map(|i| Finding::note("pairs that clash", format!("clash {i}")))
            .collect();
        found.push(Finding::mistake("letters never chosen", "letter `x`"));
        let messages: Vec<String> = summarise(found).into_iter().map(|f| f.message).collect();
        assert_eq!(
            messages,
            [
                "letter `x`",
                "clash 0",
                "clash 1",
                "clash 2",
                "clash 3",
                "clash 4",
                "... and 3 more pairs that clash"
            ]
        );
    }
}
