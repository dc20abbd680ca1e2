//! Parsing an answers file (YAML or JSON) of any text, checking it against the built-in
//! rule set and assessing it: an error is fine, a panic, a hang or unbounded memory is not.
#![no_main]

use std::sync::OnceLock;

use interview_advisor::engine::{AnswersFile, assess, resolve};
use interview_advisor::rules::RuleSet;
use interview_advisor::source::Source;
use libfuzzer_sys::fuzz_target;

fn rules() -> Option<&'static RuleSet> {
    static RULES: OnceLock<Option<RuleSet>> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().ok()).as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Some(rules) = rules() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Source::from_text("fuzz.yaml", text);
    let Ok(file) = AnswersFile::parse(&source) else {
        return;
    };
    let _ = file.details(&source);
    for require_all in [false, true] {
        if let Ok(mut resolved) = resolve(rules, &file, &source, require_all) {
            resolved.answers.fill_defaults(rules);
            let _ = assess(rules, &resolved.answers);
        }
    }
});
