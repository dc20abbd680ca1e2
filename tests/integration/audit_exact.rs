//! The audit's counts are exact: over many small generated rule sets (yes/no, scale, choice
//! and number questions, scored or not, with `when` conditions, overrides and reply
//! letters), the report equals what a plain walk over every combination finds. The plain
//! walk lives here, as the oracle, and nowhere in the program.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use std::fmt::Write as _;

use interview_advisor::engine::audit::{AuditReport, Conflict, LetterUse, OverrideUse, audit};
use interview_advisor::engine::{Answers, Engine, settle};
use interview_advisor::rules::{Code, Outcome, RuleSet, Stage};
use interview_advisor::source::Source;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// The oracle: every combination of answers to the deciding questions, one by one.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Deciding,
    Letter,
    Fixed,
}

fn close_over_when(rules: &RuleSet, marked: &mut [bool]) {
    for index in (0..rules.questions.len()).rev() {
        if marked[index] {
            for q in rules.questions[index]
                .when
                .iter()
                .flat_map(|w| w.questions())
            {
                marked[q] = true;
            }
        }
    }
}

struct Oracle<'a> {
    rules: &'a RuleSet,
    engine: Engine<'a>,
    role: Vec<Role>,
    steps: Vec<Vec<Code>>,
    walked: Vec<usize>,
    replies: bool,
    answers: Vec<Option<Code>>,
    letter_answers: Answers,
    report: AuditReport,
    shadowed: Vec<Vec<bool>>,
    together: Vec<u128>,
}

fn enumerate(rules: &RuleSet) -> AuditReport {
    let count = rules.questions.len();
    let mut deciding: Vec<bool> = rules.questions.iter().map(|q| q.is_scored()).collect();
    for rule in &rules.overrides {
        for q in rule.when.questions() {
            deciding[q] = true;
        }
    }
    close_over_when(rules, &mut deciding);
    let replies = rules.letters.iter().any(|l| l.stage == Stage::Reply);
    let mut for_letters = vec![false; count];
    for letter in rules.letters.iter().filter(|l| l.stage == Stage::Reply) {
        for q in letter.when.iter().flat_map(|w| w.questions()) {
            for_letters[q] = true;
        }
    }
    close_over_when(rules, &mut for_letters);
    let role: Vec<Role> = (0..count)
        .map(|i| match (deciding[i], for_letters[i]) {
            (true, _) => Role::Deciding,
            (false, true) => Role::Letter,
            _ => Role::Fixed,
        })
        .collect();
    let n = rules.overrides.len();
    let walked: Vec<usize> = (0..count).filter(|&i| role[i] == Role::Deciding).collect();
    let mut oracle = Oracle {
        rules,
        engine: Engine::new(rules),
        steps: rules.questions.iter().map(|q| q.answer_steps()).collect(),
        role,
        replies,
        answers: vec![None; count],
        letter_answers: Answers::empty(count),
        report: AuditReport {
            walked: walked.clone(),
            letter_questions: (0..count)
                .filter(|&i| for_letters[i] && !deciding[i])
                .collect(),
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
        walked,
        shadowed: vec![vec![false; n]; n],
        together: vec![0; n * n],
    };
    oracle.walk(0);
    for (i, usage) in oracle.report.overrides.iter_mut().enumerate() {
        usage.shadowed_by = (0..n).filter(|&j| oracle.shadowed[i][j]).collect();
    }
    for first in 0..n {
        for second in first + 1..n {
            let together = oracle.together[first * n + second];
            if together > 0 && rules.overrides[first].outcome != rules.overrides[second].outcome {
                oracle.report.conflicts.push(Conflict {
                    first,
                    second,
                    together,
                });
            }
        }
    }
    oracle.report
}

impl Oracle<'_> {
    fn walk(&mut self, position: usize) {
        let Some(&q) = self.walked.get(position) else {
            self.leaf();
            return;
        };
        if self.rules.is_asked(q, &self.answers) {
            for step in self.steps[q].clone() {
                self.answers[q] = Some(step);
                self.walk(position + 1);
            }
            self.answers[q] = None;
        } else {
            self.walk(position + 1);
        }
    }

    fn leaf(&mut self) {
        let rules = self.rules;
        let tally = self.engine.tally(&self.answers);
        let report = &mut self.report;
        report.combinations += 1;
        report.outcomes[tally.recommendation.index()] += 1;
        report.by_points[tally.by_points.index()] += 1;
        if tally.tied_count() > 1 {
            report.ties += 1;
        }
        if tally.decided_by.is_none() && tally.margin() < rules.confidence.leaning {
            report.close_calls += 1;
        }
        for &q in &self.walked {
            if self.answers[q].is_some() {
                report.asked[q] += 1;
            }
        }
        let fired: Vec<usize> = (0..rules.overrides.len())
            .filter(|&i| rules.overrides[i].when.holds(&self.answers))
            .collect();
        let n = rules.overrides.len();
        for (position, &i) in fired.iter().enumerate() {
            report.overrides[i].fires += 1;
            if position == 0 {
                report.overrides[i].decides += 1;
                if rules.overrides[i].outcome != tally.by_points {
                    report.overrides[i].changes += 1;
                }
            } else {
                self.shadowed[i][fired[0]] = true;
            }
            for &j in &fired[position + 1..] {
                self.together[i * n + j] += 1;
            }
        }
        for &q in &self.walked {
            let Some(from) = self.answers[q] else {
                continue;
            };
            for &to in &self.steps[q] {
                let mut trial = self.answers.clone();
                trial[q] = Some(to);
                settle(rules, &mut trial);
                if to != from && self.engine.tally(&trial).recommendation != tally.recommendation {
                    self.report.matters[q] = true;
                }
            }
        }
        if self.replies {
            self.walk_letters(0, tally.recommendation);
        }
    }

    fn walk_letters(&mut self, index: usize, outcome: Outcome) {
        let rules = self.rules;
        let Some(&role) = self.role.get(index) else {
            self.report.letter_combinations += 1;
            match rules.reply_letter(outcome, self.letter_answers.as_slice()) {
                Some(chosen) => self.report.letters[chosen].chosen += 1,
                None => self.report.no_letter[outcome.index()] += 1,
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
                    for step in self.steps[index].clone() {
                        self.letter_answers.set(index, Some(step));
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

// ---------------------------------------------------------------------------------------
// Small rule sets, written as YAML and loaded like any rules file.

/// A test on one question, resolved against the question it lands on.
#[derive(Debug, Clone)]
struct Atom {
    question: usize,
    pick: u8,
    low: bool,
}

#[derive(Debug, Clone)]
enum Cond {
    Atom(Atom),
    All(Vec<Atom>),
    Any(Vec<Atom>),
    Not(Atom),
}

#[derive(Debug, Clone)]
struct QuestionSpec {
    kind: u8,
    size: u8,
    scored: bool,
    consideration: usize,
    points: Vec<[i8; 3]>,
    when: Option<Cond>,
    default: Option<u8>,
}

#[derive(Debug, Clone)]
struct Spec {
    weights: Vec<u8>,
    leaning: u8,
    questions: Vec<QuestionSpec>,
    overrides: Vec<(Cond, u8, u8)>,
    letters: Vec<(u8, Option<Cond>)>,
}

const WEIGHTS: [&str; 6] = ["0.5", "1", "1.5", "2", "0.25", "0.75"];
const LEANINGS: [&str; 5] = ["0", "0.5", "1", "1.5", "2.5"];
const OUTCOMES: [&str; 3] = ["decline", "postpone", "proceed"];

fn atom() -> impl Strategy<Value = Atom> {
    (0usize..64, any::<u8>(), any::<bool>()).prop_map(|(question, pick, low)| Atom {
        question,
        pick,
        low,
    })
}

fn cond() -> impl Strategy<Value = Cond> {
    prop_oneof![
        4 => atom().prop_map(Cond::Atom),
        2 => prop::collection::vec(atom(), 2..=3).prop_map(Cond::All),
        2 => prop::collection::vec(atom(), 2..=3).prop_map(Cond::Any),
        1 => atom().prop_map(Cond::Not),
    ]
}

fn question() -> impl Strategy<Value = QuestionSpec> {
    (
        0u8..4,
        2u8..=4,
        prop::bool::weighted(0.8),
        0usize..3,
        prop::collection::vec(prop::array::uniform3(-3i8..=4), 4),
        prop::option::weighted(0.3, cond()),
        prop::option::of(any::<u8>()),
    )
        .prop_map(
            |(kind, size, scored, consideration, points, when, default)| QuestionSpec {
                kind,
                size,
                scored,
                consideration,
                points,
                when,
                default,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(0u8..6, 1..=3),
        0u8..5,
        prop::collection::vec(question(), 1..=6),
        prop::collection::vec((cond(), 0u8..3, 0u8..4), 0..=3),
        prop::collection::vec((1u8..8, prop::option::weighted(0.6, cond())), 0..=3),
    )
        .prop_map(|(weights, leaning, questions, overrides, letters)| Spec {
            weights,
            leaning,
            questions,
            overrides,
            letters,
        })
}

/// Points in halves: `{ decline: 1.5, proceed: -1 }`.
fn points(p: [i8; 3]) -> String {
    let parts: Vec<String> = OUTCOMES
        .iter()
        .zip(p)
        .filter(|(_, v)| *v != 0)
        .map(|(o, v)| format!("{o}: {}", f64::from(v) / 2.0))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// A question's kind as written, and the number of answers it has.
fn answers_of(q: &QuestionSpec) -> usize {
    match q.kind {
        0 => 2,
        1 | 2 => q.size as usize,
        _ => 10,
    }
}

fn atom_text(spec: &Spec, atom: &Atom, before: usize) -> String {
    let index = atom.question % before;
    let q = &spec.questions[index];
    let id = format!("q{index}");
    let pick = atom.pick as usize;
    match q.kind {
        0 => format!("{id}: {}", pick.is_multiple_of(2)),
        1 => {
            let options: Vec<String> = (0..q.size as usize)
                .filter(|i| (pick >> i) & 1 == 1)
                .map(|i| format!("o{i}"))
                .collect();
            let options = if options.is_empty() {
                vec!["o0".to_string()]
            } else {
                options
            };
            format!("{id}: [{}]", options.join(", "))
        }
        2 => {
            let bound = 1 + pick % q.size as usize;
            format!(
                "{id}: {{ {}: {bound} }}",
                if atom.low { "max" } else { "min" }
            )
        }
        _ => {
            let bound = pick % 10;
            format!(
                "{id}: {{ {}: {bound} }}",
                if atom.low { "max" } else { "min" }
            )
        }
    }
}

fn cond_text(spec: &Spec, cond: &Cond, before: usize) -> String {
    let map = |a: &Atom| format!("{{ {} }}", atom_text(spec, a, before));
    match cond {
        Cond::Atom(a) => map(a),
        Cond::All(atoms) => format!(
            "{{ all: [{}] }}",
            atoms.iter().map(map).collect::<Vec<_>>().join(", ")
        ),
        Cond::Any(atoms) => format!(
            "{{ any: [{}] }}",
            atoms.iter().map(map).collect::<Vec<_>>().join(", ")
        ),
        Cond::Not(a) => format!("{{ not: {} }}", map(a)),
    }
}

#[allow(
    clippy::too_many_lines,
    reason = "writes one generated rule set as YAML, section by section"
)]
fn yaml(spec: &Spec) -> String {
    let considerations = spec.weights.len().min(spec.questions.len());
    let mut out = String::new();
    let leaning = LEANINGS[spec.leaning as usize];
    let _ = writeln!(
        out,
        "version: 1\nconfidence: {{ clear: 3, leaning: {leaning} }}\nconsiderations:"
    );
    for (i, w) in spec.weights.iter().take(considerations).enumerate() {
        let _ = writeln!(
            out,
            "  - {{ id: c{i}, title: C, description: D, weight: {} }}",
            WEIGHTS[*w as usize]
        );
    }
    let _ = writeln!(out, "questions:");
    for (i, q) in spec.questions.iter().enumerate() {
        // The first questions carry every consideration, so that each has one.
        let consideration = if i < considerations {
            Some(i)
        } else if q.scored {
            Some(q.consideration % considerations)
        } else {
            None
        };
        let mut line = format!("  - {{ id: q{i}, label: L, prompt: P, help: H");
        if let Some(c) = consideration {
            let _ = write!(line, ", consideration: c{c}");
        }
        if let (Some(when), true) = (&q.when, i > 0) {
            let _ = write!(line, ", when: {}", cond_text(spec, when, i));
        }
        if let (None, Some(d)) = (consideration, q.default) {
            let default = match q.kind {
                0 => d.is_multiple_of(2).to_string(),
                1 => format!("o{}", d % q.size),
                2 => (1 + d % q.size).to_string(),
                _ => (d % 10).to_string(),
            };
            let _ = write!(line, ", default: {default}");
        }
        // A question without a consideration gives no points.
        let p = |k: usize| match consideration {
            Some(_) => points(q.points[k % q.points.len()]),
            None => "{}".to_string(),
        };
        match q.kind {
            0 => {
                let _ = write!(line, ", type: yes_no, yes: {}, no: {}", p(0), p(1));
            }
            1 => {
                let options: Vec<String> = (0..q.size as usize)
                    .map(|k| format!("{{ value: o{k}, label: O, points: {} }}", p(k)))
                    .collect();
                let _ = write!(line, ", type: choice, options: [{}]", options.join(", "));
            }
            2 => {
                let scale: Vec<String> = (1..=q.size as usize)
                    .map(|k| format!("{k}: {}", p(k)))
                    .collect();
                let _ = write!(
                    line,
                    ", type: scale, min: 1, max: {}, min_label: low, max_label: high, \
                     scale: {{ {} }}",
                    q.size,
                    scale.join(", ")
                );
            }
            _ => {
                // Bands of 0..=9 cut after the first `size - 1` of 2, 5 and 7.
                let cuts: Vec<u8> = [2u8, 5, 7].into_iter().take(q.size as usize - 1).collect();
                let mut bands = Vec::new();
                let mut start = 0;
                for (k, cut) in cuts.iter().chain([9u8].iter()).enumerate() {
                    bands.push(format!(
                        "{{ min: {start}, max: {cut}, label: B, points: {} }}",
                        p(k)
                    ));
                    start = cut + 1;
                }
                let _ = write!(
                    line,
                    ", type: number, min: 0, max: 9, bands: [{}]",
                    bands.join(", ")
                );
            }
        }
        let _ = writeln!(out, "{line} }}");
    }
    let all = spec.questions.len();
    if !spec.overrides.is_empty() {
        let _ = writeln!(out, "overrides:");
    }
    for (i, (when, outcome, priority)) in spec.overrides.iter().enumerate() {
        let _ = writeln!(
            out,
            "  - {{ id: r{i}, when: {}, outcome: {}, priority: {priority}, because: B }}",
            cond_text(spec, when, all),
            OUTCOMES[*outcome as usize]
        );
    }
    if !spec.letters.is_empty() {
        let _ = writeln!(out, "letters:");
    }
    for (i, (outcomes, when)) in spec.letters.iter().enumerate() {
        let serves: Vec<&str> = (0..3)
            .filter(|k| (outcomes >> k) & 1 == 1)
            .map(|k| OUTCOMES[k])
            .collect();
        let when = when
            .as_ref()
            .map(|w| format!(", when: {}", cond_text(spec, w, all)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  - {{ id: l{i}, title: T, outcomes: [{}], channel: email{when}, subject: S, \
             body: Hello. }}",
            serves.join(", ")
        );
    }
    out
}

fn answers_in(spec: &Spec) -> usize {
    spec.questions.iter().map(answers_of).product()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_counted_audit_equals_a_walk_over_every_combination(spec in spec()) {
        prop_assume!(answers_in(&spec) <= 20_000);
        let text = yaml(&spec);
        let rules = match RuleSet::parse(&Source::from_text("generated.yaml", text.clone())) {
            Ok(rules) => rules,
            Err(error) => panic!("the generated rule set is invalid: {error}\n{text}"),
        };
        let counted = audit(&rules).expect("a small rule set is audited");
        let walked = enumerate(&rules);
        prop_assert_eq!(counted, walked, "{}", text);
    }
}

#[test]
fn the_built_in_rules_count_as_a_walk_over_every_combination_does() {
    let rules = RuleSet::builtin().expect("the built-in rules are valid");
    let counted = audit(&rules).expect("the built-in rules are audited");
    assert_eq!(counted.combinations, 153_000);
    assert_eq!(counted, enumerate(&rules));
}
