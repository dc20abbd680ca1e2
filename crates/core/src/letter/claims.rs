//! The claim check: every letter, rendered for every combination of the answers that its
//! choice, its templates and the rule set's claims read, may state a claim (found by the
//! claim's phrases) only where the claim's `when` holds. `rules audit` reports what it
//! finds; the walk is bounded up front and refused, with the numbers, when too large.

use std::collections::HashMap;

use super::{DETAILS, Details, template::Compiled};
use crate::engine::Answers;
use crate::rules::{Code, Condition, QuestionKind, RuleSet};

/// The most answer combinations walked for one letter.
pub const MAX_COMBINATIONS: u128 = 2_000_000;

/// What the claim check found for one letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimFinding {
    /// The letter states a claim that these answers do not support.
    Unsupported {
        /// The letter's id.
        letter: String,
        /// The claim's id.
        claim: String,
        /// What the claim says.
        says: String,
        /// The answers, as `id: value` pairs, in question order.
        answers: String,
    },
    /// The letter does not render for these answers.
    DoesNotRender {
        /// The letter's id.
        letter: String,
        /// The answers, as `id: value` pairs.
        answers: String,
        /// What went wrong.
        message: String,
    },
    /// The letter reads too many questions to walk every combination.
    TooLarge {
        /// The letter's id.
        letter: String,
        /// How many questions it and the claims read.
        questions: usize,
        /// How many combinations of their answers there are.
        combinations: u128,
    },
}

impl ClaimFinding {
    /// The finding in one sentence, naming the letter, the claim and the answers.
    pub fn message(&self) -> String {
        match self {
            ClaimFinding::Unsupported {
                letter,
                claim,
                says,
                answers,
            } => format!(
                "letter `{letter}` states the claim `{claim}` (\u{201c}{says}\u{201d}) where the \
                 answers do not support it, for example {answers}; write it inside \
                 `{{% if claims.{claim} %}}`"
            ),
            ClaimFinding::DoesNotRender {
                letter,
                answers,
                message,
            } => format!("letter `{letter}` does not render for {answers}: {message}"),
            ClaimFinding::TooLarge {
                letter,
                questions,
                combinations,
            } => format!(
                "the claims of letter `{letter}` were not checked: it and the claims read \
                 {questions} questions with {combinations} combinations of answers, more than \
                 the {MAX_COMBINATIONS} the check walks; let the letter and the claims read \
                 fewer questions"
            ),
        }
    }
}

/// Checks every letter's claims; at most one finding per letter and claim, and letters in
/// rule-set order.
pub fn check_claims(rules: &RuleSet) -> Vec<ClaimFinding> {
    let compiled = Compiled::new(rules);
    let details: Details = DETAILS
        .iter()
        .map(|d| {
            let value = if d.name.ends_with("_email") {
                "someone@example.com".to_string()
            } else {
                format!("[{}]", d.name)
            };
            (d.name.to_string(), value)
        })
        .collect();
    let claim_questions: Vec<usize> = rules
        .claims
        .iter()
        .flat_map(|c| c.when.questions())
        .collect();
    let mut findings = Vec::new();
    for (index, letter) in rules.letters.iter().enumerate() {
        // The text depends only on the answers the templates read and the claims they test.
        let answers_read: Vec<usize> = super::answers_read(letter)
            .iter()
            .filter_map(|id| rules.question_index(id))
            .collect();
        let claims_read: Vec<usize> = super::claims_read(letter)
            .iter()
            .filter_map(|id| rules.claims.iter().position(|c| &c.id == id))
            .collect();
        let mut walked = vec![false; rules.questions.len()];
        let when_read = letter.when.iter().flat_map(|w| w.questions());
        for q in when_read
            .chain(answers_read.iter().copied())
            .chain(claim_questions.iter().copied())
        {
            walked[q] = true;
        }
        close_over_when(rules, &mut walked);

        let steps: Vec<Vec<Code>> = (0..rules.questions.len())
            .map(|q| {
                if walked[q] {
                    steps(rules, q)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let combinations = steps
            .iter()
            .filter(|s| !s.is_empty())
            .fold(1u128, |n, s| n.saturating_mul(s.len() as u128));
        if combinations > MAX_COMBINATIONS {
            findings.push(ClaimFinding::TooLarge {
                letter: letter.id.clone(),
                questions: walked.iter().filter(|w| **w).count(),
                combinations,
            });
            continue;
        }
        let mut walk = Walk {
            rules,
            compiled: &compiled,
            index,
            details: &details,
            steps: &steps,
            answers_read: &answers_read,
            claims_read: &claims_read,
            answers: Answers::empty(rules.questions.len()),
            cache: HashMap::new(),
            reported: vec![false; rules.claims.len()],
            findings: Vec::new(),
        };
        walk.walk(0);
        findings.extend(walk.findings);
    }
    findings
}

/// The answers to try for question `q`: every answer of a choice, yes/no or scale; for a
/// number, each band's lowest value and every bound a condition of the rule set tests.
fn steps(rules: &RuleSet, q: usize) -> Vec<Code> {
    let question = &rules.questions[q];
    let mut steps = question.answer_steps();
    if let QuestionKind::Number { min, max, .. } = question.kind {
        let mut bounds = Vec::new();
        let conditions = rules
            .letters
            .iter()
            .filter_map(|l| l.when.as_ref())
            .chain(rules.claims.iter().map(|c| &c.when))
            .chain(rules.questions.iter().filter_map(|q| q.when.as_ref()));
        for condition in conditions {
            collect_bounds(condition, q, &mut bounds);
        }
        steps.extend(
            bounds
                .into_iter()
                .flat_map(|b| [b.saturating_sub(1), b, b.saturating_add(1)])
                .filter(|v| (min..=max).contains(v)),
        );
        steps.sort_unstable();
        steps.dedup();
    }
    steps
}

fn collect_bounds(condition: &Condition, q: usize, out: &mut Vec<Code>) {
    match condition {
        Condition::Range { question, min, max } if *question == q => out.extend([*min, *max]),
        Condition::All(parts) | Condition::Any(parts) => {
            for part in parts {
                collect_bounds(part, q, out);
            }
        }
        Condition::Not(part) => collect_bounds(part, q, out),
        _ => {}
    }
}

/// Marks the questions that the `when`s of marked questions read, until nothing changes.
fn close_over_when(rules: &RuleSet, marked: &mut [bool]) {
    loop {
        let mut changed = false;
        for (q, question) in rules.questions.iter().enumerate() {
            if !marked[q] {
                continue;
            }
            for read in question.when.iter().flat_map(|w| w.questions()) {
                if !marked[read] {
                    marked[read] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            return;
        }
    }
}

/// One letter's walk over the answer combinations.
struct Walk<'a> {
    rules: &'a RuleSet,
    compiled: &'a Compiled<'a>,
    index: usize,
    details: &'a Details,
    /// Per question: the answers to try (empty: the default, where asked).
    steps: &'a [Vec<Code>],
    /// The questions the templates read under `answers.`.
    answers_read: &'a [usize],
    /// The claims the templates test under `claims.`.
    claims_read: &'a [usize],
    answers: Answers,
    /// The claims the rendered text states, by what the text depends on (the answers read,
    /// then each claim tested, 1 when it holds); `Err` when it did not render.
    cache: HashMap<Vec<Option<Code>>, Result<Vec<usize>, String>>,
    /// Per claim: already reported for this letter.
    reported: Vec<bool>,
    findings: Vec<ClaimFinding>,
}

impl Walk<'_> {
    fn walk(&mut self, q: usize) {
        if q == self.rules.questions.len() {
            self.leaf();
            return;
        }
        if !self.rules.is_asked(q, self.answers.as_slice()) {
            self.answers.set(q, None);
            self.walk(q + 1);
            return;
        }
        if self.steps[q].is_empty() {
            self.answers.set(q, self.rules.questions[q].default);
            self.walk(q + 1);
            return;
        }
        for i in 0..self.steps[q].len() {
            self.answers.set(q, Some(self.steps[q][i]));
            self.walk(q + 1);
        }
        self.answers.set(q, None);
    }

    fn leaf(&mut self) {
        let rules = self.rules;
        let letter = &rules.letters[self.index];
        if !letter.applies(self.answers.as_slice()) {
            return;
        }
        let key: Vec<Option<Code>> = self
            .answers_read
            .iter()
            .map(|&q| self.answers.get(q))
            .chain(self.claims_read.iter().map(|&c| {
                Some(Code::from(
                    rules.claims[c].when.holds(self.answers.as_slice()),
                ))
            }))
            .collect();
        let stated = match self.cache.get(&key) {
            Some(stated) => stated.clone(),
            None => {
                let stated = self
                    .compiled
                    .render(rules, self.index, &self.answers, self.details)
                    .map(|r| {
                        let text = format!("{}\n{}", r.subject, r.body).to_lowercase();
                        (0..rules.claims.len())
                            .filter(|&c| rules.claims[c].stated_in(&text))
                            .collect()
                    })
                    .map_err(|e| e.to_string());
                self.cache.insert(key, stated.clone());
                stated
            }
        };
        let stated = match stated {
            Ok(stated) => stated,
            Err(message) => {
                if !self
                    .findings
                    .iter()
                    .any(|f| matches!(f, ClaimFinding::DoesNotRender { .. }))
                {
                    self.findings.push(ClaimFinding::DoesNotRender {
                        letter: letter.id.clone(),
                        answers: answers_text(rules, &self.answers),
                        message,
                    });
                }
                return;
            }
        };
        for c in stated {
            let claim = &rules.claims[c];
            if self.reported[c] || claim.when.holds(self.answers.as_slice()) {
                continue;
            }
            self.reported[c] = true;
            self.findings.push(ClaimFinding::Unsupported {
                letter: letter.id.clone(),
                claim: claim.id.clone(),
                says: claim.says.clone(),
                answers: answers_text(rules, &self.answers),
            });
        }
    }
}

/// The answers given, as `id: value` pairs in question order.
pub fn answers_text(rules: &RuleSet, answers: &Answers) -> String {
    rules
        .questions
        .iter()
        .enumerate()
        .filter_map(|(i, q)| {
            answers
                .get(i)
                .map(|code| format!("{}: {}", q.id, q.value_text(code)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
