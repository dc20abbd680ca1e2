//! The JSON form of an assessment: the stable fields documented in the README.

use serde_json::{Value, json};

use super::round;
use crate::engine::Assessment;
use crate::rules::{Code, Outcome, Points, Question, QuestionKind, RuleSet};

fn scores(points: &Points) -> Value {
    json!({
        "decline": round(points[Outcome::Decline.index()]),
        "postpone": round(points[Outcome::Postpone.index()]),
        "proceed": round(points[Outcome::Proceed.index()]),
    })
}

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
    let considerations: Vec<Value> = assessment
        .considerations
        .iter()
        .filter_map(|c| {
            let consideration = rules.considerations.get(c.consideration)?;
            Some(json!({
                "id": consideration.id,
                "title": consideration.title,
                "weight": consideration.weight,
                "scores": scores(&c.scores),
            }))
        })
        .collect();
    let overrides: Vec<Value> = assessment
        .overrides
        .iter()
        .enumerate()
        .filter_map(|(position, &i)| {
            let rule = rules.overrides.get(i)?;
            Some(json!({
                "id": rule.id,
                "outcome": rule.outcome.as_str(),
                "because": rule.because.trim(),
                "decided": position == 0,
            }))
        })
        .collect();
    let what_if: Vec<Value> = assessment
        .what_if
        .iter()
        .filter_map(|w| {
            let question = rules.questions.get(w.question)?;
            Some(json!({
                "question": question.id,
                "from": answer_json(question, w.from),
                "to": answer_json(question, w.to),
                "recommendation": w.recommendation.as_str(),
                "sentence": w.sentence(rules),
            }))
        })
        .collect();
    json!({
        "recommendation": assessment.recommendation.as_str(),
        "confidence": assessment.confidence.as_str(),
        "scores": scores(&assessment.scores),
        "margin": round(assessment.margin),
        "tied": assessment.tied.iter().map(|o| o.as_str()).collect::<Vec<_>>(),
        "considerations": considerations,
        "overrides": overrides,
        "reasons": assessment.reasons,
        "what_if": what_if,
    })
}
