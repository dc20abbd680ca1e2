//! Rule-set test cases: answers files with a `name` and an `expect` section, checked
//! against the recommendation the engine gives.

use super::{AnswersFile, Weights, assess_without_what_if, resolve};
use crate::error::Result;
use crate::rules::{Outcome, RuleSet};
use crate::source::Source;

/// The test cases built into the binary, from `rules/cases/`: (file name, text).
pub const BUILTIN_CASES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_cases.rs"));

/// How one case went.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    /// The case's name (its file name when it has none).
    pub name: String,
    /// `None` when it passed; otherwise what went wrong.
    pub failure: Option<String>,
}

impl CaseOutcome {
    /// `PASS name` or `FAIL name: why`.
    pub fn line(&self) -> String {
        match &self.failure {
            None => format!("PASS {}", self.name),
            Some(why) => format!("FAIL {}: {}", self.name, why),
        }
    }
}

/// Runs one case against a rule set. A case that cannot be read or lacks `expect` fails.
pub fn run_case(rules: &RuleSet, source: &Source) -> CaseOutcome {
    let file_name = std::path::Path::new(&source.name)
        .file_stem()
        .map_or_else(|| source.name.clone(), |s| s.to_string_lossy().into_owned());
    match check_case(rules, source) {
        Ok((name, failure)) => CaseOutcome {
            name: name.unwrap_or(file_name),
            failure,
        },
        Err(error) => CaseOutcome {
            name: file_name,
            failure: Some(error.to_string().replace('\n', "; ")),
        },
    }
}

fn check_case(rules: &RuleSet, source: &Source) -> Result<(Option<String>, Option<String>)> {
    let file = AnswersFile::parse(source)?;
    let resolved = resolve(rules, &file, source, true)?;
    // A case with its own `weights:` is checked as that person weighs things.
    let personal;
    let rules = if file.weights.is_empty() {
        rules
    } else {
        personal = Weights::read(rules, &file.weights, source)?.apply(rules);
        &personal
    };
    let assessment = assess_without_what_if(rules, &resolved.answers);
    let Some(expect) = &file.expect else {
        return Ok((
            file.name,
            Some("the case has no `expect:` section with the expected recommendation".into()),
        ));
    };
    let scores = Outcome::ALL
        .iter()
        .map(|o| format!("{o} {:.1}", assessment.scores[o.index()]))
        .collect::<Vec<_>>()
        .join(", ");
    let expected: Outcome = match expect.recommendation.parse() {
        Ok(outcome) => outcome,
        Err(message) => return Ok((file.name, Some(message))),
    };
    let decided_by = assessment
        .overrides
        .first()
        .and_then(|&i| rules.overrides.get(i))
        .map(|o| o.id.as_str());
    let failure = if assessment.recommendation != expected {
        Some(format!(
            "expected {expected}, got {} ({scores})",
            assessment.recommendation
        ))
    } else {
        match (&expect.override_id, decided_by) {
            (Some(want), got) if Some(want.as_str()) != got => Some(format!(
                "expected override `{want}` to decide, got {} ({scores})",
                got.map_or("no override".to_string(), |g| format!("`{g}`"))
            )),
            _ => match &expect.letter {
                Some(want) => {
                    let chosen = rules
                        .reply_letter(expected, resolved.answers.as_slice())
                        .and_then(|i| rules.letters.get(i))
                        .map(|l| l.id.as_str());
                    (chosen != Some(want.as_str())).then(|| {
                        format!(
                            "expected the letter `{want}`, got {}",
                            chosen.map_or("no letter".to_string(), |c| format!("`{c}`"))
                        )
                    })
                }
                None => None,
            },
        }
    };
    Ok((file.name, failure))
}
