//! The JSON form of an assessment: the stable fields documented in the README.

use serde::Serialize;
use serde_json::{Value, json};

use super::round;
use crate::engine::Assessment;
use crate::rules::{Code, Outcome, Points, Question, QuestionKind, RuleSet};

/// An answer as it is written in an answers file: text, true/false or a number.
pub fn answer_json(question: &Question, code: Code) -> Value {
    match question.kind {
        QuestionKind::Choice { .. } => Value::String(question.value_text(code)),
        QuestionKind::YesNo { .. } => Value::Bool(code != 0),
        QuestionKind::Scale { .. } | QuestionKind::Number { .. } => json!(code),
    }
}

/// The assessment as one JSON object.
pub fn assessment_json(rules: &RuleSet, assessment: &Assessment) -> Value {
    // Serialising these plain fields to a `Value` cannot fail; `Null` would show if it did.
    serde_json::to_value(AssessmentJson::new(rules, assessment, true)).unwrap_or(Value::Null)
}

/// The fields of [`assessment_json`], serialisable straight to a writer (one line per
/// assessment in `batch`) without building a `Value` first. Without `what_if`, the
/// `what_if` field is left out.
#[derive(Serialize)]
pub struct AssessmentJson<'a> {
    recommendation: &'static str,
    confidence: &'static str,
    scores: Scores,
    margin: f64,
    tied: Vec<&'static str>,
    considerations: Vec<ConsiderationJson<'a>>,
    overrides: Vec<OverrideJson<'a>>,
    reasons: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    what_if: Option<Vec<WhatIfJson<'a>>>,
}

#[derive(Serialize)]
struct Scores {
    decline: f64,
    postpone: f64,
    proceed: f64,
}

impl Scores {
    fn new(points: &Points) -> Self {
        Scores {
            decline: round(points[Outcome::Decline.index()]),
            postpone: round(points[Outcome::Postpone.index()]),
            proceed: round(points[Outcome::Proceed.index()]),
        }
    }
}

#[derive(Serialize)]
struct ConsiderationJson<'a> {
    id: &'a str,
    title: &'a str,
    weight: f64,
    scores: Scores,
}

#[derive(Serialize)]
struct OverrideJson<'a> {
    id: &'a str,
    outcome: &'static str,
    because: &'a str,
    decided: bool,
}

#[derive(Serialize)]
struct WhatIfJson<'a> {
    question: &'a str,
    from: Value,
    to: Value,
    recommendation: &'static str,
    sentence: String,
}

impl<'a> AssessmentJson<'a> {
    /// The JSON fields of `assessment`; `what_if` says whether to include the what-if list.
    pub fn new(rules: &'a RuleSet, assessment: &'a Assessment, what_if: bool) -> Self {
        let considerations = assessment
            .considerations
            .iter()
            .filter_map(|c| {
                let consideration = rules.considerations.get(c.consideration)?;
                Some(ConsiderationJson {
                    id: &consideration.id,
                    title: &consideration.title,
                    weight: consideration.weight,
                    scores: Scores::new(&c.scores),
                })
            })
            .collect();
        let overrides = assessment
            .overrides
            .iter()
            .enumerate()
            .filter_map(|(position, &i)| {
                let rule = rules.overrides.get(i)?;
                Some(OverrideJson {
                    id: &rule.id,
                    outcome: rule.outcome.as_str(),
                    because: rule.because.trim(),
                    decided: position == 0,
                })
            })
            .collect();
        let what_if = what_if.then(|| {
            assessment
                .what_if
                .iter()
                .filter_map(|w| {
                    let question = rules.questions.get(w.question)?;
                    Some(WhatIfJson {
                        question: &question.id,
                        from: answer_json(question, w.from),
                        to: answer_json(question, w.to),
                        recommendation: w.recommendation.as_str(),
                        sentence: w.sentence(rules),
                    })
                })
                .collect()
        });
        AssessmentJson {
            recommendation: assessment.recommendation.as_str(),
            confidence: assessment.confidence.as_str(),
            scores: Scores::new(&assessment.scores),
            margin: round(assessment.margin),
            tied: assessment.tied.iter().map(|o| o.as_str()).collect(),
            considerations,
            overrides,
            reasons: &assessment.reasons,
            what_if,
        }
    }
}
