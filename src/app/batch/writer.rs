//! The line of a batch's common case (no weights of its own, no what-if, no stability),
//! written by hand rather than through serde_json, for speed. It writes byte for byte what
//! serde_json writes for [`AssessmentJson`](crate::report::AssessmentJson) (a test below
//! checks it over thousands of answer sets), and nothing else uses it.
//!
//! Why it is kept: written through serde_json, the same line costs about twice the
//! instructions, and `batch` falls well below its throughput target of 500,000 lines a
//! second on one core. Measured on 2 December 2026, side by side on the same 1,000,000-line
//! input from `examples/gen_batch.rs`, release binaries pinned to one core:
//!
//! | | instructions a line (callgrind, 20,000 lines) | user CPU, 1,000,000 lines | one line's JSON (criterion) |
//! |---|---|---|---|
//! | this writer | 23,300 | 1.74-2.15 s | 0.49-0.63 µs |
//! | serde_json, borrowed structs (`AssessmentJson`) | 45,300 | 2.99-4.02 s | 1.75-2.14 µs |
//!
//! With serde_json, a line's CPU time alone (about 3 µs) leaves `batch` near 330,000 lines
//! a second at best. The criterion column comes from
//! `cargo bench --bench engine -- "batch line"`, which times writing one line both ways.
//! Where the difference comes from, as far as the two paths read: serde_json escapes every
//! string byte by byte and formats every float in general, while this writer writes the
//! rule set's fixed text once, escaped, when it is built, and scores from their
//! thousandths.

use serde::Serialize;

use crate::engine::{Assessment, Reason};
use crate::report::round;
use crate::rules::{Outcome, Points, RuleSet};

/// Writes [`AssessmentJson`](crate::report::AssessmentJson) without the what-if list as
/// one line of JSON, byte for byte what serde_json writes for it, about three times faster:
/// the parts that come from the rule set (consideration and override fields) are written
/// out once, when it is built, and scores take a short path for numbers rounded to
/// thousandths.
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
    use super::{JsonLineWriter, push_json_str, push_rounded};
    use crate::engine::{Answers, Engine};
    use crate::report::AssessmentJson;
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
            let slow =
                serde_json::to_string(&crate::report::round(value)).expect("a number serializes");
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
