//! The JSON form of an assessment: the stable fields documented in the README.

use serde::Serialize;
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
    tied: Vec<&'static str>,
    considerations: Vec<ConsiderationJson<'a>>,
    overrides: Vec<OverrideJson<'a>>,
    reasons: Vec<String>,
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
            tied: assessment.tied.iter().map(|o| o.as_str()).collect(),
            considerations,
            overrides,
            reasons: assessment.reasons.sentences(rules),
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

/// Writes [`AssessmentJson`] without the what-if list as one line of JSON, byte for byte
/// what serde_json writes for it, several times faster: the parts that come from the rule
/// set (consideration and override fields) are written out once, when it is built, and
/// scores take a short path for numbers rounded to thousandths.
#[derive(Debug, Clone)]
pub struct JsonLineWriter<'r> {
    /// The rule set the reason sentences are written from.
    rules: &'r RuleSet,
    /// Per consideration: `{"id":...,"title":...,"weight":...,"scores":`.
    considerations: Vec<Vec<u8>>,
    /// Per override: `{"id":...,"outcome":...,"because":...,"decided":`.
    overrides: Vec<Vec<u8>>,
}

impl<'r> JsonLineWriter<'r> {
    /// Prepares the fixed parts for `rules`.
    pub fn new(rules: &'r RuleSet) -> Self {
        let considerations = rules
            .considerations
            .iter()
            .map(|c| {
                let mut out = b"{\"id\":".to_vec();
                push_json_str(&mut out, &c.id);
                out.extend_from_slice(b",\"title\":");
                push_json_str(&mut out, &c.title);
                out.extend_from_slice(b",\"weight\":");
                push_serde(&mut out, &c.weight);
                out.extend_from_slice(b",\"scores\":");
                out
            })
            .collect();
        let overrides = rules
            .overrides
            .iter()
            .map(|o| {
                let mut out = b"{\"id\":".to_vec();
                push_json_str(&mut out, &o.id);
                out.extend_from_slice(b",\"outcome\":\"");
                out.extend_from_slice(o.outcome.as_str().as_bytes());
                out.extend_from_slice(b"\",\"because\":");
                push_json_str(&mut out, o.because.trim());
                out.extend_from_slice(b",\"decided\":");
                out
            })
            .collect();
        JsonLineWriter {
            rules,
            considerations,
            overrides,
        }
    }

    /// Appends the assessment (without `what_if`) to `out`, with no newline.
    pub fn write(&self, assessment: &Assessment, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"recommendation\":\"");
        out.extend_from_slice(assessment.recommendation.as_str().as_bytes());
        out.extend_from_slice(b"\",\"confidence\":\"");
        out.extend_from_slice(assessment.confidence.as_str().as_bytes());
        out.extend_from_slice(b"\",\"scores\":");
        push_scores(out, &assessment.scores);
        out.extend_from_slice(b",\"margin\":");
        push_rounded(out, assessment.margin);
        out.extend_from_slice(b",\"tied\":[");
        for (i, outcome) in assessment.tied.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(outcome.as_str().as_bytes());
            out.push(b'"');
        }
        out.extend_from_slice(b"],\"considerations\":[");
        let mut first = true;
        for c in &assessment.considerations {
            let Some(prefix) = self.considerations.get(c.consideration) else {
                continue;
            };
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            out.extend_from_slice(prefix);
            push_scores(out, &c.scores);
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"overrides\":[");
        let mut first = true;
        for (position, &i) in assessment.overrides.iter().enumerate() {
            let Some(prefix) = self.overrides.get(i) else {
                continue;
            };
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            out.extend_from_slice(prefix);
            out.extend_from_slice(if position == 0 { b"true}" } else { b"false}" });
        }
        out.extend_from_slice(b"],\"reasons\":[");
        for (i, reason) in assessment.reasons.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_reason(out, reason, self.rules);
        }
        out.extend_from_slice(b"]}");
    }
}

fn push_scores(out: &mut Vec<u8>, points: &Points) {
    out.extend_from_slice(b"{\"decline\":");
    push_rounded(out, points[Outcome::Decline.index()]);
    out.extend_from_slice(b",\"postpone\":");
    push_rounded(out, points[Outcome::Postpone.index()]);
    out.extend_from_slice(b",\"proceed\":");
    push_rounded(out, points[Outcome::Proceed.index()]);
    out.push(b'}');
}

/// Appends what serde_json writes for `value`.
fn push_serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing plain values to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}

/// Appends `round(value)` as serde_json writes it. A value rounded to thousandths is the
/// double nearest to `k / 1000`, whose shortest form is those digits: so for moderate
/// sizes it is written from `k` directly (`7.0`, `-6.75`, `11.125`, `-0.0`).
fn push_rounded(out: &mut Vec<u8>, value: f64) {
    let scaled = value * 1000.0;
    if scaled.is_nan() || scaled.abs() >= 1e12 {
        push_serde(out, &round(value));
        return;
    }
    // `scaled.round()`, without the library call: in range, so the conversions are exact.
    let whole = scaled.abs() as u64;
    let k = whole + u64::from(scaled.abs() - whole as f64 >= 0.5);
    if scaled.is_sign_negative() {
        out.push(b'-');
    }
    push_digits(out, k / 1000);
    out.push(b'.');
    let mut fraction = k % 1000;
    if fraction == 0 {
        out.push(b'0');
        return;
    }
    let mut width = 3;
    while fraction.is_multiple_of(10) {
        fraction /= 10;
        width -= 1;
    }
    let mut digits = [b'0'; 3];
    for slot in digits[..width].iter_mut().rev() {
        *slot = b'0' + (fraction % 10) as u8;
        fraction /= 10;
    }
    out.extend_from_slice(&digits[..width]);
}

/// Appends the decimal digits of `n`.
fn push_digits(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Collects UTF-8 text in a byte buffer.
struct Bytes<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// Appends the reason's sentence as a JSON string, escaped as serde_json escapes it:
/// written straight into `out`, then escaped in the rare case it needs it.
fn push_reason(out: &mut Vec<u8>, reason: &Reason, rules: &RuleSet) {
    out.push(b'"');
    let start = out.len();
    // Writing to a Vec cannot fail.
    let _ = reason.write_sentence(&mut Bytes(out), rules);
    if needs_escape(&out[start..]) {
        // Only text was written, so the bytes are UTF-8; the lossy path never replaces.
        let text = String::from_utf8_lossy(&out[start..]).into_owned();
        out.truncate(start - 1);
        push_serde(out, &text);
    } else {
        out.push(b'"');
    }
}

/// Whether JSON needs some of these bytes escaped.
fn needs_escape(bytes: &[u8]) -> bool {
    // No early exit, so the check runs many bytes at a time.
    bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it.
fn push_json_str(out: &mut Vec<u8>, text: &str) {
    if !needs_escape(text.as_bytes()) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        push_serde(out, text);
    }
}

#[cfg(test)]
mod tests {
    use super::{AssessmentJson, JsonLineWriter, push_json_str, push_rounded};
    use crate::engine::{Answers, Engine};
    use crate::rules::RuleSet;

    #[test]
    fn rounded_numbers_are_written_as_serde_json_writes_them() {
        let mut values: Vec<f64> = (-20000..=20000).map(|i| f64::from(i) * 0.000_37).collect();
        values.extend([
            0.0, -0.0, -0.0004, 0.0005, 1e-3, 123456.789, 9.999_5, 1e13, -1e300,
        ]);
        for value in values {
            let mut fast = Vec::new();
            push_rounded(&mut fast, value);
            let slow = serde_json::to_string(&super::round(value)).expect("a number serializes");
            assert_eq!(
                String::from_utf8(fast).expect("UTF-8"),
                slow,
                "for {value:?}"
            );
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "plain",
            "a \"quote\"",
            "back\\slash",
            "tab\there",
            "é\u{7f}\u{1}",
        ] {
            let mut fast = Vec::new();
            push_json_str(&mut fast, text);
            assert_eq!(
                String::from_utf8(fast).expect("UTF-8"),
                serde_json::to_string(text).expect("a string serializes")
            );
        }
    }

    #[test]
    fn the_line_writer_writes_what_serde_json_writes_for_every_built_in_step_combination() {
        let rules = RuleSet::builtin().expect("the built-in rules load");
        let engine = Engine::new(&rules);
        let writer = JsonLineWriter::new(&rules);
        let steps: Vec<Vec<i64>> = rules.questions.iter().map(|q| q.answer_steps()).collect();
        // A spread of combinations: each question's steps cycled at a different pace.
        for n in 0..3000usize {
            let mut answers = Answers::empty(rules.questions.len());
            for (i, s) in steps.iter().enumerate() {
                answers.set(i, Some(s[(n / (i + 1) + n * i) % s.len()]));
            }
            answers.drop_unasked(&rules);
            answers.fill_defaults(&rules);
            let assessment = engine.assess_without_what_if(answers.as_slice());
            let mut fast = Vec::new();
            writer.write(&assessment, &mut fast);
            let slow = serde_json::to_string(&AssessmentJson::new(&rules, &assessment, false))
                .expect("an assessment serializes");
            assert_eq!(String::from_utf8(fast).expect("UTF-8"), slow);
        }
    }
}
