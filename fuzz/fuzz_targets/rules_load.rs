//! Loading and validating a rule set from any text: an error is fine, a panic, a hang or
//! unbounded memory is not. A rule set that loads is also scored once, to reach the engine.
#![no_main]

use interview_advisor::engine::{Answers, assess};
use interview_advisor::rules::RuleSet;
use interview_advisor::source::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rules) = RuleSet::parse(&Source::from_text("fuzz.yaml", text)) else {
        return;
    };
    // Every question answered with its first step, then the defaults.
    let mut answers = Answers::empty(rules.questions.len());
    for (index, question) in rules.questions.iter().enumerate() {
        answers.set(index, question.answer_steps().first().copied());
    }
    answers.drop_unasked(&rules);
    answers.fill_defaults(&rules);
    let _ = assess(&rules, &answers);
});
