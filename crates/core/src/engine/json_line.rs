//! One line of a batch: a JSON object in the answers-file shape (`{"answers": {...},
//! "details": {...}}`), read straight into answer codes. No YAML and no intermediate
//! values: each answer is handed, as it is read, to the checks every answers file goes
//! through (see [`super::answers`]).

use std::borrow::Cow;
use std::fmt;

use serde::Deserializer as _;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::answers::{
    Given, answer_code, date_code, dated_question, missing_message, same_thing, settle_answers,
    unknown_question,
};
use super::weights::{Weights, check_weight, unknown_consideration};
use crate::rules::{Code, RuleSet};

/// Reads batch lines against one rule set, reusing its buffers from line to line.
#[derive(Debug)]
pub struct LineReader<'r> {
    rules: &'r RuleSet,
    /// Which questions the current line has answered, to refuse a repeated key.
    seen: Vec<u8>,
    /// The current line's own `weights:`, if it has any.
    weights: Option<Weights>,
}

/// What reading a line found wrong: every problem, in the order met.
pub type LineProblems = Vec<String>;

impl<'r> LineReader<'r> {
    /// A reader for lines answering `rules`' questions.
    pub fn new(rules: &'r RuleSet) -> Self {
        LineReader {
            rules,
            seen: vec![0; rules.questions.len()],
            weights: None,
        }
    }

    /// The personal weights of the line read last, when it gave any.
    pub fn weights(&self) -> Option<&Weights> {
        self.weights.as_ref().filter(|w| !w.is_empty())
    }

    /// Reads `line` into `answers` (one slot per question), drops the answers to questions
    /// that are not asked (calling `ignored` with each), fills defaults, and checks that
    /// every asked question is answered. On success `answers` is ready to assess.
    pub fn read(
        &mut self,
        line: &str,
        answers: &mut [Option<Code>],
        mut ignored: impl FnMut(usize),
    ) -> Result<(), LineProblems> {
        answers.fill(None);
        self.seen.fill(0);
        self.weights = None;
        let mut problems = Vec::new();
        let mut json = serde_json::Deserializer::from_str(line);
        let read = json
            .deserialize_map(LineVisitor {
                rules: self.rules,
                answers: &mut *answers,
                seen: &mut self.seen,
                weights: &mut self.weights,
                problems: &mut problems,
            })
            .and_then(|()| json.end());
        if let Err(error) = read {
            problems.push(json_problem(&error));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let missing = settle_answers(self.rules, answers, true, &mut ignored);
        if missing.is_empty() {
            Ok(())
        } else {
            Err(vec![missing_message(self.rules, &missing)])
        }
    }
}

/// A JSON syntax or shape error, without serde_json's "at line 1" (a batch line is one line).
fn json_problem(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" at line ") {
        Some(cut) => {
            let column = text[cut..]
                .split_once(" column ")
                .map(|(_, column)| column.to_string());
            let mut message = text[..cut].to_string();
            if let Some(column) = column {
                message.push_str(&format!(" (at column {column})"));
            }
            message
        }
        None => text,
    };
    if error.is_syntax() || error.is_eof() {
        format!("invalid JSON: {text}")
    } else {
        text
    }
}

const FIELDS: &[&str] = &["name", "answers", "details", "expect", "weights"];

struct LineVisitor<'a> {
    rules: &'a RuleSet,
    answers: &'a mut [Option<Code>],
    seen: &'a mut [u8],
    weights: &'a mut Option<Weights>,
    problems: &'a mut Vec<String>,
}

impl<'de> Visitor<'de> for LineVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut fields_seen = [false; FIELDS.len()];
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let Some(field) = FIELDS.iter().position(|f| **f == *key) else {
                return Err(de::Error::unknown_field(&key, FIELDS));
            };
            if std::mem::replace(&mut fields_seen[field], true) {
                self.problems.push(format!(
                    "duplicate key `{key}`; a key may appear only once in a map"
                ));
            }
            match FIELDS[field] {
                "answers" => map.next_value_seed(AnswersSeed {
                    rules: self.rules,
                    answers: &mut *self.answers,
                    seen: &mut *self.seen,
                    problems: &mut *self.problems,
                })?,
                "details" => map.next_value_seed(DetailsSeed {
                    problems: &mut *self.problems,
                })?,
                "weights" => map.next_value_seed(WeightsSeed {
                    rules: self.rules,
                    weights: self
                        .weights
                        .insert(Weights::none(self.rules.considerations.len())),
                    problems: &mut *self.problems,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct AnswersSeed<'a> {
    rules: &'a RuleSet,
    answers: &'a mut [Option<Code>],
    seen: &'a mut [u8],
    problems: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for AnswersSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnswersSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of answers by question id")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Answers usually come in the rule set's order: the question after the last one
        // found is tried first.
        let mut next = 0;
        while let Some(id) = map.next_key::<Key<'de>>()? {
            let questions = &self.rules.questions;
            let found = match questions.get(next) {
                Some(question) if question.id == *id => Some(next),
                _ => questions.iter().position(|q| q.id == *id),
            };
            // A question of days may be answered by a date, under its own key, as in an
            // answers file.
            let by_date = found
                .is_none()
                .then(|| dated_question(self.rules, &id))
                .flatten();
            let Some(index) = found.or(by_date) else {
                self.problems.push(unknown_question(self.rules, &id));
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let value = map.next_value::<Scalar<'de>>()?.0;
            // How the question was answered: 1 under its id, 2 by a date under its date key.
            let how = 1 + u8::from(by_date.is_some());
            match std::mem::replace(&mut self.seen[index], how) {
                0 => {}
                before if before == how => {
                    self.problems.push(format!(
                        "answers: duplicate key `{id}`; a key may appear only once in a map"
                    ));
                    continue;
                }
                _ => {
                    let question = &questions[index];
                    let key = question.date.as_deref().unwrap_or(question.id.as_str());
                    self.problems.push(same_thing(key, &question.id));
                    continue;
                }
            }
            next = index + 1;
            let code = if by_date.is_some() {
                date_code(self.rules, index, &value)
            } else {
                answer_code(self.rules, index, &value)
            };
            match code {
                Ok(code) => self.answers[index] = Some(code),
                Err(message) => self.problems.push(message),
            }
        }
        Ok(())
    }
}

/// A map key, borrowed from the line unless it holds an escape. (serde's own `Cow<str>`
/// always copies, which cost a line an allocation per key.)
struct Key<'a>(Cow<'a, str>);

impl std::ops::Deref for Key<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text key")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_string())))
    }

    fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

/// A JSON value read as a [`Given`] answer.
struct Scalar<'a>(Given<'a>);

impl<'de> de::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer")
    }

    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Given::Null))
    }

    fn visit_none<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Given::Null))
    }

    fn visit_bool<E>(self, value: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Given::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Given::Int(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar(i64::try_from(value).map_or_else(
            |_| Given::Text(Cow::Owned(value.to_string())),
            Given::Int,
        )))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Given::Float(value)))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Given::Text(Cow::Borrowed(value))))
    }

    fn visit_str<E>(self, value: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Given::Text(Cow::Owned(value.to_string()))))
    }

    fn visit_string<E>(self, value: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar(Given::Text(Cow::Owned(value))))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar(Given::Compound))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar(Given::Compound))
    }
}

struct WeightsSeed<'a> {
    rules: &'a RuleSet,
    weights: &'a mut Weights,
    problems: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for WeightsSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for WeightsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of weights by consideration id")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(id) = map.next_key::<Key<'de>>()? {
            let value = map.next_value::<Scalar<'de>>()?;
            let Some(index) = self.rules.considerations.iter().position(|c| c.id == *id) else {
                self.problems.push(format!(
                    "weights: {}",
                    unknown_consideration(self.rules, &id)
                ));
                continue;
            };
            let weight = match value.0 {
                Given::Int(n) => n as f64,
                Given::Float(x) => x,
                // A whole number past 64 bits signed: far past any weight allowed.
                Given::Text(text) if text.bytes().all(|b| b.is_ascii_digit()) => f64::INFINITY,
                _ => {
                    self.problems.push(format!(
                        "weights: the weight of `{id}` must be a number, such as 1.5"
                    ));
                    continue;
                }
            };
            match check_weight(&id, weight) {
                Ok(()) => self.weights.set(index, Some(weight)),
                Err(message) => self.problems.push(format!("weights: {message}")),
            }
        }
        Ok(())
    }
}

struct DetailsSeed<'a> {
    problems: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for DetailsSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DetailsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of details")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Details only shape letters, which batch does not write: they are checked, not kept.
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if let Given::Compound = map.next_value::<Scalar<'de>>()?.0 {
                self.problems.push(format!(
                    "detail `{key}` must be plain text, such as `{key}: Sam Park`"
                ));
            }
        }
        Ok(())
    }
}
