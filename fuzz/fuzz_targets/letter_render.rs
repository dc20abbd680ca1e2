//! Rendering every letter of the built-in rule set with arbitrary answers and arbitrary
//! details (any text, any script, template syntax, control characters), then its checklist
//! and its eml draft: an error is fine, a panic is not, and a detail is never evaluated as
//! a template.
#![no_main]

use std::sync::OnceLock;

use interview_advisor::engine::Answers;
use interview_advisor::letter::{self, DETAILS, Details};
use interview_advisor::rules::{Outcome, RuleSet};
use libfuzzer_sys::fuzz_target;

fn rules() -> Option<&'static RuleSet> {
    static RULES: OnceLock<Option<RuleSet>> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().ok()).as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Some(rules) = rules() else {
        return;
    };
    // One byte per question picks an answer (or none); the rest is the details, one per
    // line, in the order of DETAILS.
    let split = rules.questions.len().min(data.len());
    let (picks, rest) = data.split_at(split);
    let mut answers = Answers::empty(rules.questions.len());
    for (index, (question, pick)) in rules.questions.iter().zip(picks).enumerate() {
        let steps = question.answer_steps();
        let code = match usize::from(*pick) {
            0 => None,
            n => steps.get((n - 1) % steps.len().max(1)).copied(),
        };
        answers.set(index, code);
    }
    let text = String::from_utf8_lossy(rest);
    let details: Details = DETAILS
        .iter()
        .zip(text.split('\n'))
        .map(|(spec, value)| (spec.name.to_string(), value.to_string()))
        .collect();
    let today = jiff::civil::date(2026, 3, 2);
    for index in 0..rules.letters.len() {
        let Ok(rendered) = letter::render(rules, index, &answers, &details) else {
            continue;
        };
        // Rendering only substitutes: with each detail replaced by a marker, then the
        // markers by the details, the letter is the same. So a detail holding `{{ }}` or
        // `{% %}` comes out as written, never evaluated. (Kept to details that the
        // renderer's whitespace tidying and `trim(" .")` leave alone.)
        let plain = |v: &String| {
            !v.is_empty()
                && !v.contains(|c: char| c.is_whitespace() || c.is_control())
                && !v.starts_with('.')
                && !v.ends_with('.')
                && !v.contains(['\u{e000}', '\u{e001}'])
        };
        if details.values().all(plain) {
            let markers: Details = details
                .keys()
                .enumerate()
                .map(|(i, name)| (name.clone(), format!("\u{e000}{i}\u{e001}")))
                .collect();
            if let Ok(marked) = letter::render(rules, index, &answers, &markers) {
                let mut subject = marked.subject.clone();
                let mut body = marked.body.clone();
                for (name, marker) in &markers {
                    let value = &details[name];
                    subject = subject.replace(marker.as_str(), value);
                    body = body.replace(marker.as_str(), value);
                }
                assert_eq!(subject, rendered.subject);
                assert_eq!(body, rendered.body);
            }
        }
        let _ = rendered.length_problems();
        let outcome = rules.letters[index]
            .outcomes
            .first()
            .copied()
            .unwrap_or(Outcome::Decline);
        let _ = letter::checklist(rules, index, outcome, &[&rendered], &answers, today);
        let _ = letter::send_by(rules, &answers, today);
        let _ = letter::build_eml(&rendered, &details, 1_700_000_000, None);
    }
});
