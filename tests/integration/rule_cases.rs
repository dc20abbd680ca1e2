//! The rule-set test cases of `rules/cases/` under `cargo test`: every case must pass
//! against the built-in rules, and together the cases must cover the rule set (every
//! reason, every outcome, every override, some close calls, and the situations the
//! letters need).

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use interview_advisor::engine::cases::{BUILTIN_CASES, run_case};
use interview_advisor::engine::{
    AnswersFile, Assessment, Confidence, assess_without_what_if, resolve,
};
use interview_advisor::rules::{Outcome, QuestionKind, RuleSet};
use interview_advisor::source::Source;

fn builtin() -> RuleSet {
    RuleSet::builtin().expect("the built-in rules are valid")
}

/// One case, read and assessed.
struct Case {
    file: &'static str,
    file_data: AnswersFile,
    details: BTreeMap<String, String>,
    assessment: Assessment,
    answers: interview_advisor::engine::Answers,
}

fn read_cases(rules: &RuleSet) -> Vec<Case> {
    BUILTIN_CASES
        .iter()
        .map(|&(file, text)| {
            let source = Source::from_text(file, text);
            let file_data = AnswersFile::parse(&source)
                .unwrap_or_else(|e| panic!("{file} is not an answers file: {e}"));
            let resolved = resolve(rules, &file_data, &source, true)
                .unwrap_or_else(|e| panic!("{file} has invalid answers: {e}"));
            let details = file_data
                .details(&source)
                .unwrap_or_else(|e| panic!("{file} has invalid details: {e}"));
            Case {
                file,
                assessment: assess_without_what_if(rules, &resolved.answers),
                answers: resolved.answers,
                file_data,
                details,
            }
        })
        .collect()
}

fn expected(case: &Case) -> Outcome {
    case.file_data
        .expected_outcome()
        .unwrap_or_else(|| panic!("{} has no `expect:` section", case.file))
        .unwrap_or_else(|e| panic!("{}: {e}", case.file))
}

#[test]
fn every_builtin_case_passes_against_the_builtin_rules() {
    let rules = builtin();
    assert!(
        BUILTIN_CASES.len() >= 18,
        "expected at least 18 cases in rules/cases, found {}",
        BUILTIN_CASES.len()
    );
    let failures: Vec<String> = BUILTIN_CASES
        .iter()
        .map(|&(file, text)| run_case(&rules, &Source::from_text(file, text)))
        .filter(|outcome| outcome.failure.is_some())
        .map(|outcome| outcome.line())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        BUILTIN_CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn case_files_are_kebab_case_and_names_are_distinct() {
    let mut names = BTreeSet::new();
    for &(file, text) in BUILTIN_CASES {
        let stem = file.strip_suffix(".yaml").unwrap_or(file);
        assert!(
            !stem.is_empty()
                && stem.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "{file} is not a kebab-case .yaml name"
        );
        let file_data =
            AnswersFile::parse(&Source::from_text(file, text)).expect("the case parses");
        let name = file_data
            .name
            .unwrap_or_else(|| panic!("{file} has no `name:`"));
        assert!(names.insert(name.clone()), "two cases are named `{name}`");
    }
}

#[test]
fn every_reason_value_appears_in_some_case() {
    let rules = builtin();
    let index = rules
        .question_index("reason")
        .expect("the rules ask `reason`");
    let QuestionKind::Choice { options } = &rules.questions[index].kind else {
        panic!("`reason` is not a choice");
    };
    let seen: BTreeSet<i64> = read_cases(&rules)
        .iter()
        .filter_map(|case| case.answers.get(index))
        .collect();
    let missing: Vec<&str> = options
        .iter()
        .enumerate()
        .filter(|(code, _)| !seen.contains(&(*code as i64)))
        .map(|(_, option)| option.value.as_str())
        .collect();
    assert!(missing.is_empty(), "no case answers reason: {missing:?}");
}

#[test]
fn every_outcome_is_expected_at_least_three_times() {
    let rules = builtin();
    let cases = read_cases(&rules);
    for outcome in Outcome::ALL {
        let count = cases.iter().filter(|c| expected(c) == outcome).count();
        assert!(
            count >= 3,
            "{outcome} is expected by {count} cases; at least 3 are needed"
        );
    }
}

#[test]
fn every_override_decides_some_case() {
    let rules = builtin();
    let decided: BTreeSet<&str> = read_cases(&rules)
        .iter()
        .filter_map(|case| case.assessment.overrides.first())
        .map(|&i| rules.overrides[i].id.as_str())
        .collect();
    let never: Vec<&str> = rules
        .overrides
        .iter()
        .map(|o| o.id.as_str())
        .filter(|id| !decided.contains(id))
        .collect();
    assert!(never.is_empty(), "no case is decided by: {never:?}");
}

#[test]
fn at_least_two_cases_are_close_calls() {
    let rules = builtin();
    let close: Vec<&str> = read_cases(&rules)
        .iter()
        .filter(|case| case.assessment.confidence == Confidence::CloseCall)
        .map(|case| case.file)
        .collect();
    assert!(
        close.len() >= 2,
        "only {} close calls among the cases: {close:?}",
        close.len()
    );
}

#[test]
fn cases_cover_the_declines_the_letters_need() {
    let rules = builtin();
    let days = rules
        .question_index("days_until_interview")
        .expect("the rules ask `days_until_interview`");
    let confirmed = rules
        .question_index("already_confirmed")
        .expect("the rules ask `already_confirmed`");
    let cases = read_cases(&rules);
    let declines: Vec<&Case> = cases
        .iter()
        .filter(|c| expected(c) == Outcome::Decline)
        .collect();
    assert!(
        declines
            .iter()
            .any(|c| matches!(c.answers.get(days), Some(0..=2))),
        "no decline case has the interview within two days"
    );
    assert!(
        declines.iter().any(|c| c.answers.get(confirmed) == Some(1)),
        "no decline case has the interview already confirmed"
    );
}

#[test]
fn every_case_gives_the_details_a_letter_needs() {
    let rules = builtin();
    let mut problems = Vec::new();
    for case in read_cases(&rules) {
        // Without `interviewer_name` a letter greets the hiring team.
        let mut needed = vec!["company", "position", "your_name"];
        if expected(&case) == Outcome::Postpone {
            needed.push("availability");
        }
        for key in needed {
            if case.details.get(key).is_none_or(|v| v.trim().is_empty()) {
                problems.push(format!("{}: no `{key}` under details", case.file));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
