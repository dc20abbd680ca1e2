//! Conditions (`when`): which questions they may read and what they test.

use std::collections::HashMap;

use super::{At, Problems, known, value_text};
use crate::rules::raw::RawCondition;
use crate::rules::{Condition, Question, QuestionKind};
use crate::source::Value;

/// Conditions nest at most this deep.
const MAX_CONDITION_DEPTH: usize = 32;

/// The questions a condition may read.
pub(super) struct Scope<'a> {
    /// Questions compiled so far.
    pub(super) questions: &'a [Question],
    pub(super) ids: &'a HashMap<&'a str, usize>,
    /// Per question: whether its range is valid (see `check_kind`).
    pub(super) range_ok: &'a [bool],
    /// For a question's `when`: its own id, and every question id in file order, so that a
    /// reference to itself or a later question gets a precise message.
    pub(super) asking: Option<(&'a str, Vec<&'a str>)>,
}

pub(super) fn compile_condition(
    raw: &RawCondition,
    scope: &Scope,
    path: &At<'_>,
    owner: &str,
    problems: &mut Problems,
) -> Option<Condition> {
    let before = problems.0.len();
    let condition = compile_node(raw, scope, path, owner, 0, problems);
    if problems.0.len() > before {
        None
    } else {
        condition
    }
}

fn compile_node(
    raw: &RawCondition,
    scope: &Scope,
    path: &At<'_>,
    owner: &str,
    depth: usize,
    problems: &mut Problems,
) -> Option<Condition> {
    if depth > MAX_CONDITION_DEPTH {
        problems.add(
            path,
            format!("{owner}: the condition nests more than {MAX_CONDITION_DEPTH} levels deep"),
        );
        return None;
    }
    let Value::Mapping(map) = raw else {
        problems.add(
            path,
            format!(
                "{owner}: a condition must be a map such as `{{ reason: accepted_offer }}`, \
                 with `any`, `all` or `not` to combine"
            ),
        );
        return None;
    };
    if map.is_empty() {
        problems.add(path, format!("{owner}: the condition is empty"));
        return None;
    }
    let mut parts = Vec::new();
    for (key, value) in map {
        let Some(key) = key.as_str() else {
            problems.add(
                path,
                format!("{owner}: a condition's keys must be question ids or any/all/not"),
            );
            continue;
        };
        let at = path.key(key);
        match key {
            "any" | "all" => {
                let Value::Sequence(items) = value else {
                    problems.add(&at, format!("{owner}: `{key}` takes a list of conditions"));
                    continue;
                };
                if items.is_empty() {
                    problems.add(&at, format!("{owner}: `{key}` has an empty list"));
                    continue;
                }
                let compiled: Vec<Condition> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| {
                        compile_node(item, scope, &at.index(i), owner, depth + 1, problems)
                    })
                    .collect();
                parts.push(if key == "any" {
                    Condition::Any(compiled)
                } else {
                    Condition::All(compiled)
                });
            }
            "not" => {
                if let Some(inner) = compile_node(value, scope, &at, owner, depth + 1, problems) {
                    parts.push(Condition::Not(Box::new(inner)));
                }
            }
            id => {
                if let Some(test) = compile_test(id, value, scope, &at, owner, problems) {
                    parts.push(test);
                }
            }
        }
    }
    if parts.len() == 1 {
        parts.pop()
    } else {
        Some(Condition::All(parts))
    }
}

fn compile_test(
    id: &str,
    value: &Value,
    scope: &Scope,
    path: &At<'_>,
    owner: &str,
    problems: &mut Problems,
) -> Option<Condition> {
    let Some(&index) = scope.ids.get(id) else {
        let message = match &scope.asking {
            Some((own, _)) if *own == id => {
                format!("question `{own}`: its `when` depends on itself")
            }
            Some((own, all)) if all.contains(&id) => format!(
                "question `{own}`: its `when` depends on `{id}`, which is asked later; \
                 a condition may only read earlier questions"
            ),
            _ => format!(
                "{owner}: unknown question `{id}` in condition; {}",
                crate::text::did_you_mean(id, scope.ids.keys().copied())
                    .unwrap_or_else(|| known("questions", scope.ids.keys().copied()))
            ),
        };
        problems.add(path, message);
        return None;
    };
    let question = scope.questions.get(index)?;
    if !scope.range_ok.get(index).copied().unwrap_or(true) {
        // The question's own range is missing or wrong, and reported there; testing against
        // the stand-in range would only report that one mistake again here.
        return None;
    }
    match &question.kind {
        QuestionKind::Choice { .. } | QuestionKind::YesNo { .. } => {
            option_test(question, index, id, value, path, owner, problems)
        }
        QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. } => {
            range_test((*min, *max), index, id, value, path, owner, problems)
        }
    }
}

/// A test of a choice or yes/no question: one answer or a list of them.
fn option_test(
    question: &Question,
    index: usize,
    id: &str,
    value: &Value,
    path: &At<'_>,
    owner: &str,
    problems: &mut Problems,
) -> Option<Condition> {
    let values: Vec<&Value> = match value {
        Value::Sequence(items) if !items.is_empty() => items.iter().collect(),
        Value::Sequence(_) => {
            problems.add(path, format!("{owner}: `{id}` has an empty list"));
            return None;
        }
        other => vec![other],
    };
    let mut mask = 0u64;
    for v in values {
        match value_text(v).map(|text| question.parse_answer(&text)) {
            // A code past 63 is an option beyond MAX_OPTIONS, reported at `options`.
            Some(Ok(code)) => {
                let bit = u32::try_from(code).ok().and_then(|c| 1u64.checked_shl(c));
                mask |= bit.unwrap_or(0);
            }
            Some(Err(message)) => problems.add(path, format!("{owner}: {message}")),
            None => problems.add(
                path,
                format!("{owner}: `{id}` expects {}", question.allowed()),
            ),
        }
    }
    Some(Condition::OneOf {
        question: index,
        mask,
    })
}

/// A test of a scale or number question: a value, a list of values, or `{ min, max }`.
fn range_test(
    (lo, hi): (i64, i64),
    index: usize,
    id: &str,
    value: &Value,
    path: &At<'_>,
    owner: &str,
    problems: &mut Problems,
) -> Option<Condition> {
    let bound = |v: &Value| -> Option<i64> { v.as_i64().filter(|n| (lo..=hi).contains(n)) };
    let out_of_range =
        || format!("{owner}: `{id}` expects whole numbers from {lo} to {hi}, or {{ min, max }}");
    match value {
        Value::Mapping(range) => {
            let mut from = lo;
            let mut to = hi;
            for (k, v) in range {
                match (k.as_str(), bound(v)) {
                    (Some("min"), Some(n)) => from = n,
                    (Some("max"), Some(n)) => to = n,
                    (Some("min" | "max"), None) => {
                        problems.add(path, out_of_range());
                        return None;
                    }
                    _ => {
                        problems.add(path, format!("{owner}: a range takes only `min` and `max`"));
                        return None;
                    }
                }
            }
            if from > to {
                problems.add(
                    path,
                    format!("{owner}: the range {from}..{to} for `{id}` is empty"),
                );
                return None;
            }
            Some(Condition::Range {
                question: index,
                min: from,
                max: to,
            })
        }
        Value::Sequence(items) if !items.is_empty() => {
            let mut parts = Vec::new();
            for item in items {
                match bound(item) {
                    Some(n) => parts.push(Condition::Range {
                        question: index,
                        min: n,
                        max: n,
                    }),
                    None => {
                        problems.add(path, out_of_range());
                        return None;
                    }
                }
            }
            Some(Condition::Any(parts))
        }
        other => match bound(other) {
            Some(n) => Some(Condition::Range {
                question: index,
                min: n,
                max: n,
            }),
            None => {
                problems.add(path, out_of_range());
                None
            }
        },
    }
}
