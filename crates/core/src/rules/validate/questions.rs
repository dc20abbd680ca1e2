//! The considerations, the questions (ids, kinds, conditions, defaults, date keys) and the
//! urgency section that names one of them.

use std::collections::HashMap;

use super::conditions::{Scope, compile_condition};
use super::kinds::check_kind;
use super::{At, Problems, check_id, known, short_number, value_text};
use crate::rules::raw::{RawQuestion, RawRuleSet};
use crate::rules::{
    Code, Consideration, MAX_WEIGHT, Question, QuestionKind, Urgency, WeightSource,
};
use crate::source::Value;

/// The questions compiled, with what conditions need to read them.
pub(super) struct Checked<'r> {
    pub(super) questions: Vec<Question>,
    /// Question ids to indexes (the first question of a repeated id).
    pub(super) ids: HashMap<&'r str, usize>,
    /// Per question: false when its own min/max is missing or wrong (already reported).
    pub(super) ranges_ok: Vec<bool>,
}

/// The considerations: ids and weights. Returns them with their ids' indexes.
pub(super) fn check_considerations<'r>(
    raw: &'r RawRuleSet,
    problems: &mut Problems,
) -> (Vec<Consideration>, HashMap<&'r str, usize>) {
    let mut consideration_ids = HashMap::new();
    let mut considerations = Vec::new();
    let list = At::top("considerations");
    for (i, c) in raw.considerations.iter().enumerate() {
        let path = list.index(i);
        check_id(&c.id, "consideration", &path, problems);
        if consideration_ids.insert(c.id.as_str(), i).is_some() {
            problems.add(
                &path.key("id"),
                format!("duplicate consideration id `{}`", c.id),
            );
        }
        if !(0.0..=MAX_WEIGHT).contains(&c.weight) {
            problems.add(
                &path.key("weight"),
                format!(
                    "consideration `{}`: weight must be a number from 0 to {MAX_WEIGHT}, found {}",
                    c.id,
                    short_number(c.weight)
                ),
            );
        }
        considerations.push(Consideration {
            id: c.id.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            weight: c.weight,
            source: WeightSource::Rules,
        });
    }
    (considerations, consideration_ids)
}

/// The questions, in order: each `when` may read only the questions before it.
pub(super) fn check_questions<'r>(
    raw: &'r RawRuleSet,
    consideration_ids: &HashMap<&'r str, usize>,
    problems: &mut Problems,
) -> Checked<'r> {
    let mut checked = Checked {
        questions: Vec::new(),
        ids: HashMap::new(),
        ranges_ok: Vec::new(),
    };
    let mut used_considerations = vec![false; raw.considerations.len()];
    for i in 0..raw.questions.len() {
        let (question, range_ok) = check_question(raw, i, consideration_ids, &checked, problems);
        if let Some(c) = question.consideration {
            used_considerations[c] = true;
        }
        checked.ids.entry(raw.questions[i].id.as_str()).or_insert(i);
        checked.questions.push(question);
        checked.ranges_ok.push(range_ok);
    }
    for (i, q) in raw.questions.iter().enumerate() {
        let Some(date) = &q.date else {
            continue;
        };
        let clash =
            raw.questions.iter().enumerate().find(|(j, other)| {
                other.id == *date || (*j < i && other.date.as_ref() == Some(date))
            });
        if let Some((_, other)) = clash {
            problems.add(
                &At::top("questions").index(i).key("date"),
                format!(
                    "question `{}`: the date key `{date}` is already used by question `{}`",
                    q.id, other.id
                ),
            );
        }
    }
    for (i, used) in used_considerations.iter().enumerate() {
        if !used && consideration_ids.get(raw.considerations[i].id.as_str()) == Some(&i) {
            problems.add(
                &At::top("considerations").index(i).key("id"),
                format!(
                    "consideration `{}` has no question; add a question with \
                     `consideration: {}` or remove it",
                    raw.considerations[i].id, raw.considerations[i].id
                ),
            );
        }
    }
    checked
}

/// Question `i`, given the questions before it; with whether its range is valid.
fn check_question(
    raw: &RawRuleSet,
    i: usize,
    consideration_ids: &HashMap<&str, usize>,
    before: &Checked<'_>,
    problems: &mut Problems,
) -> (Question, bool) {
    let q = &raw.questions[i];
    let list = At::top("questions");
    let path = list.index(i);
    check_id(&q.id, "question", &path, problems);
    if before.ids.contains_key(q.id.as_str()) {
        problems.add(&path.key("id"), format!("duplicate question id `{}`", q.id));
    }
    let consideration = q.consideration.as_ref().and_then(|id| {
        let found = consideration_ids.get(id.as_str()).copied();
        if found.is_none() {
            problems.add(
                &path.key("consideration"),
                format!(
                    "question `{}`: unknown consideration `{}`; {}",
                    q.id,
                    id,
                    known("considerations", consideration_ids.keys().copied())
                ),
            );
        }
        found
    });
    // A question naming an unknown consideration counts as scored, so that the one mistake
    // is reported once (not again as "points that never count").
    let (kind, range_ok) = check_kind(q, q.consideration.is_some(), &path, problems);
    let when = q.when.as_ref().and_then(|when| {
        let scope = Scope {
            questions: &before.questions,
            ids: &before.ids,
            range_ok: &before.ranges_ok,
            asking: Some((&q.id, raw.questions.iter().map(|r| r.id.as_str()).collect())),
        };
        compile_condition(
            when,
            &scope,
            &path.key("when"),
            &format!("question `{}`", q.id),
            problems,
        )
    });
    let mut question = Question {
        id: q.id.clone(),
        consideration,
        label: q.label.clone(),
        prompt: q.prompt.clone(),
        help: q.help.clone(),
        actionable: q.actionable,
        when,
        default: None,
        date: q.date.clone(),
        kind,
    };
    if let Some(default) = &q.default {
        question.default = check_default(q, &question, default, &path, problems);
    }
    if let Some(date) = &q.date {
        check_date(q, &question, date, &path, problems);
    }
    (question, range_ok)
}

/// The default answer of `q`, compiled as `question`: a scored question's default gives no
/// points.
fn check_default(
    q: &RawQuestion,
    question: &Question,
    default: &Value,
    path: &At<'_>,
    problems: &mut Problems,
) -> Option<Code> {
    match value_text(default).map(|t| question.parse_answer(&t)) {
        Some(Ok(code)) => {
            // A scored question may have a default only when that answer gives no
            // points: leaving it out must never move a score.
            let moves = question
                .points(code)
                .is_some_and(|p| p.iter().any(|v| *v != 0.0));
            if question.is_scored() && moves {
                problems.add(
                    &path.key("default"),
                    format!(
                        "question `{}`: a scored question's default must be an answer \
                         that gives no points, so that leaving it out never moves a \
                         score; give that answer no points, or remove the default",
                        q.id
                    ),
                );
            }
            Some(code)
        }
        Some(Err(message)) => {
            problems.add(&path.key("default"), message);
            None
        }
        None => {
            problems.add(
                &path.key("default"),
                format!("question `{}`: the default must be a single value", q.id),
            );
            None
        }
    }
}

/// The date key of `q`: an id-like name, on a number question (of days).
fn check_date(
    q: &RawQuestion,
    question: &Question,
    date: &str,
    path: &At<'_>,
    problems: &mut Problems,
) {
    let valid = date.starts_with(|c: char| c.is_ascii_lowercase())
        && date.len() <= 64
        && date
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        problems.add(
            &path.key("date"),
            format!(
                "question `{}`: the date key `{date}` must start with a lowercase \
                 letter and use only lowercase letters, digits and `_` (at most 64)",
                q.id
            ),
        );
    }
    if !matches!(question.kind, QuestionKind::Number { .. }) {
        problems.add(
            &path.key("date"),
            format!(
                "question `{}`: only a number question (of days) may take a date",
                q.id
            ),
        );
    }
}

/// The urgency section: a number question and a number of days.
pub(super) fn check_urgency(
    raw: &RawRuleSet,
    questions: &[Question],
    ids: &HashMap<&str, usize>,
    problems: &mut Problems,
) -> Option<Urgency> {
    let urgency = raw.urgency.as_ref()?;
    let at = At::top("urgency");
    if urgency.short_notice < 0 {
        problems.add(
            &at.key("short_notice"),
            "urgency: `short_notice` must be a number of days, 0 or more",
        );
    }
    match ids.get(urgency.days.as_str()) {
        Some(&index) if matches!(questions[index].kind, QuestionKind::Number { .. }) => {
            Some(Urgency {
                question: index,
                short_notice: urgency.short_notice.max(0),
            })
        }
        Some(_) => {
            problems.add(
                &at.key("days"),
                format!(
                    "urgency: `days` must name a number question, and `{}` is not one",
                    urgency.days
                ),
            );
            None
        }
        None => {
            problems.add(
                &at.key("days"),
                format!(
                    "urgency: `days` names an unknown question `{}`; {}",
                    urgency.days,
                    known("questions", ids.keys().copied())
                ),
            );
            None
        }
    }
}
