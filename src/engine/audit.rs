//! The rule-set audit: every combination of answers to the questions that decide the
//! recommendation, walked exhaustively, with what the rule set does with each. Pure: the
//! command prints the report.
//!
//! What is walked: the scored questions, the questions overrides read, and the questions
//! their `when`s read (the *deciding* questions), each over its answer steps (a number
//! question by band) and only where its `when` holds. For letters, the questions that
//! letters' `when`s read (such as `share_reason`) are walked too, for each combination;
//! every other question takes its default.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Answers, Engine, Tally, settle};
use crate::rules::{Code, Outcome, RuleSet, Stage};

/// How one override fared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverrideUse {
    /// Combinations where its condition holds.
    pub fires: u64,
    /// Combinations where it is the first to hold: it decides.
    pub decides: u64,
    /// Combinations where it decides an outcome other than the points would give.
    pub changes: u64,
    /// Overrides (indexes) that decided where this one held but did not decide.
    pub shadowed_by: Vec<usize>,
}

/// How one letter fared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterUse {
    /// Answer sets (with the letter-only answers) for which it is the chosen reply.
    pub chosen: u64,
}

/// Two overrides with different outcomes that can hold together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The override checked first (it wins), and the other.
    pub first: usize,
    pub second: usize,
    /// Combinations where both hold.
    pub together: u64,
}

/// A finding of the audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// A sure mistake (the command fails), rather than something worth a look.
    pub mistake: bool,
    pub message: String,
}

/// Everything the audit found.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditReport {
    /// Indexes of the deciding questions walked, in order.
    pub walked: Vec<usize>,
    /// Indexes of the questions walked for letters only.
    pub letter_questions: Vec<usize>,
    /// Combinations of answers to the deciding questions.
    pub combinations: u64,
    /// Combinations per recommended outcome, by [`Outcome::index`].
    pub outcomes: [u64; 3],
    /// Combinations the points alone would give each outcome (before overrides).
    pub by_points: [u64; 3],
    /// Per override, in priority order.
    pub overrides: Vec<OverrideUse>,
    /// Combinations where no override decides and the lead is under `confidence.leaning`.
    pub close_calls: u64,
    /// Combinations where two or more outcomes tie for the top total.
    pub ties: u64,
    /// Per question: combinations where it is asked (0 for questions not walked).
    pub asked: Vec<u64>,
    /// Per question: whether changing its answer alone ever changes the recommendation.
    pub matters: Vec<bool>,
    /// Pairs of overrides with different outcomes that hold together.
    pub conflicts: Vec<Conflict>,
    /// Answer sets the letters were chosen over: combinations times letter-only answers.
    pub letter_combinations: u64,
    /// Per letter.
    pub letters: Vec<LetterUse>,
    /// Per outcome: answer sets recommending it for which no reply letter fits.
    pub no_letter: [u64; 3],
}

/// Walks every combination and reports; uses up to `threads` threads (at least one).
pub fn audit(rules: &RuleSet, threads: usize) -> AuditReport {
    let engine = Engine::new(rules);
    let plan = Plan::new(rules);
    let tasks = plan.tasks(threads.max(1) * 8);
    let next = AtomicUsize::new(0);
    let workers = threads.clamp(1, tasks.len().max(1));
    let run = || {
        let mut walker = Walker::new(&engine, &plan);
        loop {
            let task = next.fetch_add(1, Ordering::Relaxed);
            let Some((position, prefix)) = tasks.get(task) else {
                break;
            };
            walker.answers.copy_from_slice(prefix);
            walker.walk(*position);
        }
        walker.stats
    };
    let parts: Vec<Stats> = if workers == 1 {
        vec![run()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers).map(|_| scope.spawn(run)).collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    };
    let mut total = Stats::new(rules);
    for part in parts {
        total.merge(part);
    }
    total.report(rules, plan)
}

/// What is walked, and how.
struct Plan<'r> {
    rules: &'r RuleSet,
    /// Per question: its role in the walk.
    role: Vec<Role>,
    /// Per question: its answer steps (empty for fixed questions).
    steps: Vec<Vec<Code>>,
    walked: Vec<usize>,
    letter_questions: Vec<usize>,
    /// Whether any reply letter exists (else letters are not walked).
    replies: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Walked in every combination: it may change the recommendation.
    Deciding,
    /// Walked for letters only.
    Letter,
    /// Takes its default (when asked).
    Fixed,
}

impl<'r> Plan<'r> {
    fn new(rules: &'r RuleSet) -> Self {
        let count = rules.questions.len();
        let mut deciding = vec![false; count];
        for (i, question) in rules.questions.iter().enumerate() {
            deciding[i] = question.is_scored();
        }
        for rule in &rules.overrides {
            for q in rule.when.questions() {
                if let Some(slot) = deciding.get_mut(q) {
                    *slot = true;
                }
            }
        }
        close_over_when(rules, &mut deciding);
        let replies = rules.letters.iter().any(|l| l.stage == Stage::Reply);
        let mut for_letters = vec![false; count];
        if replies {
            for letter in rules.letters.iter().filter(|l| l.stage == Stage::Reply) {
                for q in letter.when.iter().flat_map(|w| w.questions()) {
                    if let Some(slot) = for_letters.get_mut(q) {
                        *slot = true;
                    }
                }
            }
            close_over_when(rules, &mut for_letters);
        }
        let role: Vec<Role> = (0..count)
            .map(|i| {
                if deciding[i] {
                    Role::Deciding
                } else if for_letters[i] {
                    Role::Letter
                } else {
                    Role::Fixed
                }
            })
            .collect();
        let steps = rules
            .questions
            .iter()
            .zip(&role)
            .map(|(q, r)| match r {
                Role::Fixed => Vec::new(),
                _ => q.answer_steps(),
            })
            .collect();
        Plan {
            rules,
            walked: (0..count).filter(|&i| role[i] == Role::Deciding).collect(),
            letter_questions: (0..count).filter(|&i| role[i] == Role::Letter).collect(),
            role,
            steps,
            replies,
        }
    }

    /// Starting points for the walk: prefixes of the deciding answers, at least `wanted` of
    /// them when there are that many, each with the position its walk goes on from.
    fn tasks(&self, wanted: usize) -> Vec<(usize, Vec<Option<Code>>)> {
        let empty = vec![None; self.rules.questions.len()];
        let mut tasks = vec![(0usize, empty)];
        let mut depth = 0;
        while tasks.len() < wanted && depth < self.walked.len() {
            let question = self.walked[depth];
            let mut next = Vec::with_capacity(tasks.len() * 4);
            for (_, prefix) in tasks {
                if self.rules.is_asked(question, &prefix) {
                    for &code in &self.steps[question] {
                        let mut answers = prefix.clone();
                        answers[question] = Some(code);
                        next.push((depth + 1, answers));
                    }
                } else {
                    next.push((depth + 1, prefix));
                }
            }
            tasks = next;
            depth += 1;
        }
        tasks
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

/// Counts gathered by one thread.
struct Stats {
    combinations: u64,
    outcomes: [u64; 3],
    by_points: [u64; 3],
    fires: Vec<u64>,
    decides: Vec<u64>,
    changes: Vec<u64>,
    /// Per override: the deciders seen when it held without deciding.
    shadowed_by: Vec<Vec<bool>>,
    /// `together[a * n + b]` for a < b: both held.
    together: Vec<u64>,
    close_calls: u64,
    ties: u64,
    asked: Vec<u64>,
    matters: Vec<bool>,
    letter_combinations: u64,
    chosen: Vec<u64>,
    no_letter: [u64; 3],
}

impl Stats {
    fn new(rules: &RuleSet) -> Self {
        let n = rules.overrides.len();
        Stats {
            combinations: 0,
            outcomes: [0; 3],
            by_points: [0; 3],
            fires: vec![0; n],
            decides: vec![0; n],
            changes: vec![0; n],
            shadowed_by: vec![vec![false; n]; n],
            together: vec![0; n * n],
            close_calls: 0,
            ties: 0,
            asked: vec![0; rules.questions.len()],
            matters: vec![false; rules.questions.len()],
            letter_combinations: 0,
            chosen: vec![0; rules.letters.len()],
            no_letter: [0; 3],
        }
    }

    fn merge(&mut self, other: Stats) {
        fn add(a: &mut [u64], b: &[u64]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.combinations += other.combinations;
        add(&mut self.outcomes, &other.outcomes);
        add(&mut self.by_points, &other.by_points);
        add(&mut self.fires, &other.fires);
        add(&mut self.decides, &other.decides);
        add(&mut self.changes, &other.changes);
        for (mine, theirs) in self.shadowed_by.iter_mut().zip(&other.shadowed_by) {
            for (x, y) in mine.iter_mut().zip(theirs) {
                *x |= y;
            }
        }
        add(&mut self.together, &other.together);
        self.close_calls += other.close_calls;
        self.ties += other.ties;
        add(&mut self.asked, &other.asked);
        for (x, y) in self.matters.iter_mut().zip(&other.matters) {
            *x |= y;
        }
        self.letter_combinations += other.letter_combinations;
        add(&mut self.chosen, &other.chosen);
        add(&mut self.no_letter, &other.no_letter);
    }

    fn report(self, rules: &RuleSet, plan: Plan) -> AuditReport {
        let n = rules.overrides.len();
        let overrides = (0..n)
            .map(|i| OverrideUse {
                fires: self.fires[i],
                decides: self.decides[i],
                changes: self.changes[i],
                shadowed_by: (0..n).filter(|&j| self.shadowed_by[i][j]).collect(),
            })
            .collect();
        let mut conflicts = Vec::new();
        for first in 0..n {
            for second in first + 1..n {
                let together = self.together[first * n + second];
                if together > 0 && rules.overrides[first].outcome != rules.overrides[second].outcome
                {
                    conflicts.push(Conflict {
                        first,
                        second,
                        together,
                    });
                }
            }
        }
        AuditReport {
            walked: plan.walked,
            letter_questions: plan.letter_questions,
            combinations: self.combinations,
            outcomes: self.outcomes,
            by_points: self.by_points,
            overrides,
            close_calls: self.close_calls,
            ties: self.ties,
            asked: self.asked,
            matters: self.matters,
            conflicts,
            letter_combinations: self.letter_combinations,
            letters: self
                .chosen
                .iter()
                .map(|&chosen| LetterUse { chosen })
                .collect(),
            no_letter: self.no_letter,
        }
    }
}

/// One thread's walk.
struct Walker<'a, 'r> {
    engine: &'a Engine<'r>,
    plan: &'a Plan<'r>,
    answers: Vec<Option<Code>>,
    trial: Vec<Option<Code>>,
    fired: Vec<usize>,
    letter_answers: Answers,
    stats: Stats,
    /// How many deciding questions are known to matter (to stop looking when all do).
    mattering: usize,
}

impl<'a, 'r> Walker<'a, 'r> {
    fn new(engine: &'a Engine<'r>, plan: &'a Plan<'r>) -> Self {
        let rules = engine.rules();
        let count = rules.questions.len();
        Walker {
            engine,
            plan,
            answers: vec![None; count],
            trial: vec![None; count],
            fired: Vec::with_capacity(rules.overrides.len()),
            letter_answers: Answers::empty(count),
            stats: Stats::new(rules),
            mattering: 0,
        }
    }

    /// Walks the deciding questions from `walked[position]` on.
    fn walk(&mut self, position: usize) {
        let Some(&question) = self.plan.walked.get(position) else {
            self.leaf();
            return;
        };
        if self.plan.rules.is_asked(question, &self.answers) {
            for step in 0..self.plan.steps[question].len() {
                self.answers[question] = Some(self.plan.steps[question][step]);
                self.walk(position + 1);
            }
            self.answers[question] = None;
        } else {
            self.answers[question] = None;
            self.walk(position + 1);
        }
    }

    /// One combination of the deciding answers.
    fn leaf(&mut self) {
        let rules = self.plan.rules;
        let tally = self.engine.tally(&self.answers);
        let stats = &mut self.stats;
        stats.combinations += 1;
        stats.outcomes[tally.recommendation.index()] += 1;
        stats.by_points[tally.by_points.index()] += 1;
        if tally.tied_count() > 1 {
            stats.ties += 1;
        }
        if tally.decided_by.is_none() && tally.margin() < rules.confidence.leaning {
            stats.close_calls += 1;
        }
        for &q in &self.plan.walked {
            if self.answers[q].is_some() {
                stats.asked[q] += 1;
            }
        }
        self.count_overrides(&tally);
        if self.mattering < self.plan.walked.len() {
            self.check_what_matters(tally.recommendation);
        }
        if self.plan.replies {
            // Every slot of `letter_answers` is set on the way down.
            self.walk_letters(0, tally.recommendation);
        }
    }

    fn count_overrides(&mut self, tally: &Tally) {
        let rules = self.plan.rules;
        self.fired.clear();
        for (i, rule) in rules.overrides.iter().enumerate() {
            if rule.when.holds(&self.answers) {
                self.fired.push(i);
            }
        }
        let n = rules.overrides.len();
        let stats = &mut self.stats;
        for (position, &i) in self.fired.iter().enumerate() {
            stats.fires[i] += 1;
            if position == 0 {
                stats.decides[i] += 1;
                if rules.overrides[i].outcome != tally.by_points {
                    stats.changes[i] += 1;
                }
            } else {
                stats.shadowed_by[i][self.fired[0]] = true;
            }
            for &j in &self.fired[position + 1..] {
                stats.together[i * n + j] += 1;
            }
        }
    }

    /// Marks the deciding questions whose answer alone, changed, changes the recommendation.
    fn check_what_matters(&mut self, current: Outcome) {
        let rules = self.plan.rules;
        for &q in &self.plan.walked {
            if self.stats.matters[q] {
                continue;
            }
            let Some(from) = self.answers[q] else {
                continue;
            };
            for &to in &self.plan.steps[q] {
                if to == from {
                    continue;
                }
                self.trial.copy_from_slice(&self.answers);
                self.trial[q] = Some(to);
                settle(rules, &mut self.trial);
                if self.engine.tally(&self.trial).recommendation != current {
                    self.stats.matters[q] = true;
                    self.mattering += 1;
                    break;
                }
            }
        }
    }

    /// Walks the letter-only and fixed questions from `index` on, choosing a letter at
    /// the end of each path.
    fn walk_letters(&mut self, index: usize, outcome: Outcome) {
        let rules = self.plan.rules;
        let Some(role) = self.plan.role.get(index) else {
            self.stats.letter_combinations += 1;
            match rules.reply_letter(outcome, self.letter_answers.as_slice()) {
                Some(chosen) => self.stats.chosen[chosen] += 1,
                None => self.stats.no_letter[outcome.index()] += 1,
            }
            return;
        };
        match role {
            Role::Deciding => {
                self.letter_answers.set(index, self.answers[index]);
                self.walk_letters(index + 1, outcome);
            }
            Role::Fixed => {
                let asked = rules.is_asked(index, self.letter_answers.as_slice());
                let default = rules.questions[index].default;
                self.letter_answers
                    .set(index, if asked { default } else { None });
                self.walk_letters(index + 1, outcome);
            }
            Role::Letter => {
                if rules.is_asked(index, self.letter_answers.as_slice()) {
                    for step in 0..self.plan.steps[index].len() {
                        self.letter_answers
                            .set(index, Some(self.plan.steps[index][step]));
                        self.walk_letters(index + 1, outcome);
                    }
                } else {
                    self.letter_answers.set(index, None);
                    self.walk_letters(index + 1, outcome);
                }
            }
        }
    }
}

impl AuditReport {
    /// What the audit found: sure mistakes first, then what is worth a look.
    pub fn findings(&self, rules: &RuleSet) -> Vec<Finding> {
        let mut mistakes = Vec::new();
        let mut notes = Vec::new();
        let id_list = |indexes: &[usize]| {
            indexes
                .iter()
                .filter_map(|&i| rules.overrides.get(i))
                .map(|o| format!("`{}`", o.id))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (rule, usage) in rules.overrides.iter().zip(&self.overrides) {
            if usage.fires == 0 {
                mistakes.push(format!(
                    "override `{}` can never apply: no combination of answers meets its `when` \
                     (remember that a question is unanswered where its own `when` does not hold)",
                    rule.id
                ));
            } else if usage.decides == 0 {
                mistakes.push(format!(
                    "override `{}` never decides: whenever it holds, {} holds too and comes \
                     first; raise its priority or remove it",
                    rule.id,
                    id_list(&usage.shadowed_by)
                ));
            } else if usage.changes == 0 {
                notes.push(format!(
                    "override `{}` never changes the recommendation: the points already give \
                     {} wherever it decides",
                    rule.id, rule.outcome
                ));
            }
        }
        for conflict in &self.conflicts {
            let (a, b) = (
                &rules.overrides[conflict.first],
                &rules.overrides[conflict.second],
            );
            let order = if a.priority == b.priority {
                "they have the same priority, so the order in the file decides"
            } else {
                "the higher priority wins"
            };
            notes.push(format!(
                "overrides `{}` ({}) and `{}` ({}) both hold in {} combinations; {order}, \
                 giving {}",
                a.id,
                a.outcome,
                b.id,
                b.outcome,
                count(conflict.together),
                a.outcome
            ));
        }
        if !self.letters.is_empty() && self.letter_combinations > 0 {
            for (letter, usage) in rules.letters.iter().zip(&self.letters) {
                if letter.stage == Stage::Reply && usage.chosen == 0 {
                    mistakes.push(format!(
                        "letter `{}` is never chosen: for every combination of answers another \
                         reply fits better, or its `when` never holds when {} is recommended",
                        letter.id,
                        letter
                            .outcomes
                            .iter()
                            .map(|o| o.as_str())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ));
                }
            }
            for outcome in Outcome::ALL {
                let none = self.no_letter[outcome.index()];
                if none > 0 {
                    notes.push(format!(
                        "no reply letter fits {} answer sets that recommend {outcome}; \
                         `letter` then asks for --kind",
                        count(none)
                    ));
                }
            }
        }
        for &q in &self.walked {
            let question = &rules.questions[q];
            if self.asked[q] == 0 {
                mistakes.push(format!(
                    "question `{}` is never asked: its `when` never holds",
                    question.id
                ));
            } else if !self.matters[q] && question.is_scored() {
                mistakes.push(format!(
                    "question `{}` never changes the recommendation: no change to its answer \
                     alone changes the outcome, in any combination",
                    question.id
                ));
            }
        }
        mistakes
            .into_iter()
            .map(|message| Finding {
                mistake: true,
                message,
            })
            .chain(notes.into_iter().map(|message| Finding {
                mistake: false,
                message,
            }))
            .collect()
    }
}

/// A count with thousands separators: 189,000.
pub fn count(n: u64) -> String {
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
    use super::count;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(189_000), "189,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
