//! The JSON form of an assessment: the stable fields documented in the README.

use serde::{Serialize, Serializer};
use serde_json::{Value, json};

use super::round;
use crate::engine::{Assessment, Reason, Stability};
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
    let mut json = AssessmentJson::new(rules, assessment, true).with_weights(rules);
    if let Some(stability) = &assessment.stability {
        json = json.with_stability(rules, stability);
    }
    // Serialising these plain fields to a `Value` cannot fail; `Null` would show if it did.
    serde_json::to_value(json).unwrap_or(Value::Null)
}

/// A weight bound to six decimals: exact enough to act on, without float noise.
fn round_weight(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
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
    tied: Tied<'a>,
    considerations: Considerations<'a>,
    overrides: Overrides<'a>,
    reasons: Sentences<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    what_if: Option<Vec<WhatIfJson<'a>>>,
    /// Each consideration's weight and whose it is (see [`AssessmentJson::with_weights`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    weights: Option<Vec<WeightJson<'a>>>,
    /// How far each weight can move (see [`AssessmentJson::with_stability`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    stability: Option<Vec<StabilityJson<'a>>>,
}

#[derive(Serialize)]
struct WeightJson<'a> {
    id: &'a str,
    weight: f64,
    source: &'static str,
}

#[derive(Serialize)]
struct StabilityJson<'a> {
    id: &'a str,
    weight: f64,
    min: Option<f64>,
    max: Option<f64>,
    /// The hard rule that decided, when one did: then no weight changes the recommendation.
    #[serde(skip_serializing_if = "Option::is_none")]
    decided_by: Option<&'a str>,
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
    /// Whether the person can make the change, rather than a change of fact.
    actionable: bool,
    sentence: String,
}

impl<'a> AssessmentJson<'a> {
    /// The JSON fields of `assessment`; `what_if` says whether to include the what-if list.
    pub fn new(rules: &'a RuleSet, assessment: &'a Assessment, what_if: bool) -> Self {
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
                        actionable: w.actionable,
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
            tied: Tied(&assessment.tied),
            considerations: Considerations { rules, assessment },
            overrides: Overrides { rules, assessment },
            reasons: Sentences { rules, assessment },
            what_if,
            weights: None,
            stability: None,
        }
    }

    /// Adds `weights`: each consideration's weight and its source, `rules` or `personal`.
    pub fn with_weights(mut self, rules: &'a RuleSet) -> Self {
        self.weights = Some(
            rules
                .considerations
                .iter()
                .map(|c| WeightJson {
                    id: &c.id,
                    weight: c.weight,
                    source: c.source.as_str(),
                })
                .collect(),
        );
        self
    }

    /// Adds `stability`: per consideration, the interval of its weight that keeps the
    /// recommendation (`null` for an unbounded side).
    pub fn with_stability(mut self, rules: &'a RuleSet, stability: &Stability) -> Self {
        let decided_by = stability
            .decided_by
            .and_then(|i| rules.overrides.get(i))
            .map(|o| o.id.as_str());
        self.stability = Some(
            stability
                .ranges
                .iter()
                .filter_map(|r| {
                    Some(StabilityJson {
                        id: &rules.considerations.get(r.consideration)?.id,
                        weight: r.weight,
                        min: r.min.map(round_weight),
                        max: r.max.map(round_weight),
                        decided_by,
                    })
                })
                .collect(),
        );
        self
    }
}

// The lists of an assessment, written straight from it as they are serialised: one line of
// `batch` allocates nothing for them, and `advise --format json` writes the same bytes.

/// The outcomes tied for the top total.
struct Tied<'a>(&'a [Outcome]);

impl Serialize for Tied<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|o| o.as_str()))
    }
}

/// Each consideration's title, weight and share of the scores.
struct Considerations<'a> {
    rules: &'a RuleSet,
    assessment: &'a Assessment,
}

impl Serialize for Considerations<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rules = self.rules;
        serializer.collect_seq(self.assessment.considerations.iter().filter_map(|c| {
            let consideration = rules.considerations.get(c.consideration)?;
            Some(ConsiderationJson {
                id: &consideration.id,
                title: &consideration.title,
                weight: consideration.weight,
                scores: Scores::new(&c.scores),
            })
        }))
    }
}

/// The overrides that hold, the deciding one first.
struct Overrides<'a> {
    rules: &'a RuleSet,
    assessment: &'a Assessment,
}

impl Serialize for Overrides<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rules = self.rules;
        let holding = self.assessment.overrides.iter().enumerate();
        serializer.collect_seq(holding.filter_map(|(position, &i)| {
            let rule = rules.overrides.get(i)?;
            Some(OverrideJson {
                id: &rule.id,
                outcome: rule.outcome.as_str(),
                because: rule.because.trim(),
                decided: position == 0,
            })
        }))
    }
}

/// The reasons as sentences, each written into the JSON string as it is made.
struct Sentences<'a> {
    rules: &'a RuleSet,
    assessment: &'a Assessment,
}

impl Serialize for Sentences<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rules = self.rules;
        serializer.collect_seq(
            self.assessment
                .reasons
                .iter()
                .map(|reason| Sentence { reason, rules }),
        )
    }
}

/// One reason as a sentence.
struct Sentence<'a> {
    reason: &'a Reason,
    rules: &'a RuleSet,
}

impl Serialize for Sentence<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl std::fmt::Display for Sentence<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.reason.write_sentence(f, self.rules)
    }
}
