//! A letter template of any text, in an otherwise valid rule set. Loading the rule set runs
//! the template checks and, for a template within their bounds, the template parser: the
//! seeds in `fuzz/seeds/letter_template` are long chains of operators, filters and lookups
//! and deeply nested brackets and blocks. A template that loads is rendered too. An error
//! is fine; a panic, a stack overflow, a hang or unbounded memory is not.
#![no_main]

use interview_advisor::engine::Answers;
use interview_advisor::letter::{self, DETAILS, Details};
use interview_advisor::rules::RuleSet;
use interview_advisor::source::Source;
use libfuzzer_sys::fuzz_target;

/// A small valid rule set whose last letter's body is left open for the template.
const RULES: &str = "\
version: 1
considerations:
  - id: motivation
    title: Motivation
    description: Why you hesitate.
    weight: 1
questions:
  - id: interest
    consideration: motivation
    type: scale
    label: interest
    prompt: How interested are you?
    help: Interest matters.
    min: 1
    max: 5
    scale:
      1: { decline: 2 }
      5: { proceed: 2 }
  - id: days
    consideration: motivation
    type: number
    label: days
    prompt: In how many days?
    help: Sooner is harder.
    min: 0
    max: 365
    bands:
      - { min: 0, max: 7, label: soon, points: { postpone: 1 } }
      - { min: 8, max: 365, label: later, points: { proceed: 1 } }
overrides:
  - id: keen
    when: { interest: 5 }
    outcome: proceed
    because: You are keen.
letters:
  - id: note
    title: Note
    outcomes: [decline]
    channel: email
    subject: Hello {{ company }}
    body: \"";

/// `text` as the inside of a YAML double-quoted string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(template) = std::str::from_utf8(data) else {
        return;
    };
    let text = format!("{RULES}{}\"\n", quoted(template));
    let Ok(rules) = RuleSet::parse(&Source::from_text("fuzz.yaml", text)) else {
        return;
    };
    let mut answers = Answers::empty(rules.questions.len());
    for (index, question) in rules.questions.iter().enumerate() {
        answers.set(index, question.answer_steps().first().copied());
    }
    let details: Details = DETAILS
        .iter()
        .map(|spec| (spec.name.to_string(), "Sam".to_string()))
        .collect();
    for index in 0..rules.letters.len() {
        let _ = letter::render(&rules, index, &answers, &details);
    }
});
