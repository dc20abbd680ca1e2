//! Semantic validation: turns a [`RawRuleSet`] into a [`RuleSet`], or reports every problem
//! found, each placed at the line and column of the node it concerns.

use std::collections::{BTreeMap, HashMap};

use serde_yaml::Value;

use super::raw::{RawCondition, RawPoints, RawQuestion, RawQuestionType, RawRuleSet};
use super::{
    Band, Channel, ChoiceOption, Claim, Condition, ConfidenceThresholds, Consideration, Letter,
    MAX_POINTS, MAX_WEIGHT, Outcome, Override, Points, Question, QuestionKind, Reminder, RuleSet,
    Urgency, WeightSource,
};
use crate::error::{Diagnostic, Error, Result};
use crate::source::{NodePath, Seg, Source};

/// At most this many options per choice question (they are bits of a 64-bit mask).
const MAX_OPTIONS: usize = 64;
/// At most this many points on a scale.
const MAX_SCALE_POINTS: u64 = 101;
/// Conditions nest at most this deep.
const MAX_CONDITION_DEPTH: usize = 32;

/// A problem found, with the path of the node it concerns.
struct Problem {
    path: NodePath,
    message: String,
    /// For a problem inside a multi-line text (a letter template): the line within it.
    text_line: Option<usize>,
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, at: &At<'_>, message: impl Into<String>) {
        self.0.push(Problem {
            path: at.path(),
            message: message.into(),
            text_line: None,
        });
    }

    /// A problem at line `text_line` (from 1) of the text at `path`.
    fn add_in_text(&mut self, path: NodePath, text_line: usize, message: impl Into<String>) {
        self.0.push(Problem {
            path,
            message: message.into(),
            text_line: Some(text_line),
        });
    }
}

/// Compiles a rule set already known to be valid (the built-in one, whose templates and
/// everything else the full check passes under `cargo test`), skipping the letter-template
/// check, the slowest part. `None` if any problem is found: then the caller runs
/// [`compile`] on the source, for placed messages.
pub(super) fn compile_trusted(raw: RawRuleSet, name: &str) -> Option<RuleSet> {
    let mut problems = Problems::default();
    let rules = check(raw, name, &mut problems, false);
    problems.0.is_empty().then_some(rules)
}

/// Checks the raw rule set and compiles it, or returns every problem together.
pub(super) fn compile(raw: RawRuleSet, source: &Source) -> Result<RuleSet> {
    let mut problems = Problems::default();
    let rules = check(raw, &source.name, &mut problems, true);
    if problems.0.is_empty() {
        return Ok(rules);
    }
    let positions = source.positions();
    let mut diagnostics: Vec<(usize, Diagnostic)> = problems
        .0
        .into_iter()
        .enumerate()
        .map(|(order, problem)| {
            let diagnostic = Diagnostic::new(problem.message).in_file(&source.name);
            let diagnostic = match (positions.find(&problem.path), problem.text_line) {
                (Some((line, _)), Some(text_line)) => Diagnostic {
                    line: Some(line_in_text(&source.text, line, text_line)),
                    ..diagnostic
                },
                (Some((line, column)), None) => diagnostic.at(line, column),
                (None, _) => diagnostic,
            };
            (order, diagnostic)
        })
        .collect();
    // Report in file order; problems at the same place keep the order they were found in.
    diagnostics.sort_by_key(|(order, d)| (d.line.unwrap_or(0), d.column.unwrap_or(0), *order));
    Err(Error::Invalid(
        diagnostics.into_iter().map(|(_, d)| d).collect(),
    ))
}

/// The file line of line `text_line` of a text whose key is on `key_line`: a block scalar
/// (`body: |`) starts on the next line, a plain or quoted one on the key's line.
fn line_in_text(text: &str, key_line: usize, text_line: usize) -> usize {
    let block = text
        .lines()
        .nth(key_line.saturating_sub(1))
        .and_then(|line| line.split_once(':'))
        .is_some_and(|(_, value)| value.trim_start().starts_with(['|', '>']));
    if block {
        key_line + text_line
    } else {
        key_line + text_line.saturating_sub(1)
    }
}

/// Checks the raw rule set and compiles it, adding every problem found to `problems`.
fn check(raw: RawRuleSet, name: &str, problems: &mut Problems, templates: bool) -> RuleSet {
    if raw.version != 1 {
        problems.add(
            &At::top("version"),
            format!(
                "unsupported version {}; this advisor reads version 1",
                raw.version
            ),
        );
    }
    if raw.considerations.is_empty() && raw.questions.is_empty() {
        problems.add(
            &At::Root,
            "the rule set is empty: it needs at least one consideration and one question",
        );
    } else if raw.considerations.is_empty() {
        // Without a consideration no answer scores, and every outcome would tie.
        problems.add(
            &At::top("questions"),
            "the rule set has no considerations, so no answer can score; add at least one \
             under `considerations:` and give questions a `consideration:`",
        );
    }

    let confidence = ConfidenceThresholds {
        clear: raw.confidence.clear,
        leaning: raw.confidence.leaning,
    };
    for (field, value) in [("clear", confidence.clear), ("leaning", confidence.leaning)] {
        if !value.is_finite() || value < 0.0 {
            problems.add(
                &At::top("confidence").key(field),
                format!("confidence.{field} must be a finite number of at least 0"),
            );
        }
    }
    if confidence.leaning > confidence.clear {
        problems.add(
            &At::top("confidence"),
            format!(
                "confidence.leaning ({}) must not be above confidence.clear ({})",
                confidence.leaning, confidence.clear
            ),
        );
    }

    // Considerations.
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

    // Questions, in order: each `when` may read only the questions before it.
    let mut question_ids: HashMap<&str, usize> = HashMap::new();
    let mut questions: Vec<Question> = Vec::new();
    // Per question: false when its own min/max is missing or wrong (already reported).
    let mut ranges_ok: Vec<bool> = Vec::new();
    let mut used_considerations = vec![false; raw.considerations.len()];
    let list = At::top("questions");
    for (i, q) in raw.questions.iter().enumerate() {
        let path = list.index(i);
        check_id(&q.id, "question", &path, problems);
        if question_ids.contains_key(q.id.as_str()) {
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
        if let Some(c) = consideration {
            used_considerations[c] = true;
        }
        // A question naming an unknown consideration counts as scored, so that the one mistake
        // is reported once (not again as "points that never count").
        let (kind, range_ok) = check_kind(q, q.consideration.is_some(), &path, problems);
        let when = q.when.as_ref().and_then(|when| {
            let scope = Scope {
                questions: &questions,
                ids: &question_ids,
                range_ok: &ranges_ok,
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
                    question.default = Some(code);
                }
                Some(Err(message)) => problems.add(&path.key("default"), message),
                None => problems.add(
                    &path.key("default"),
                    format!("question `{}`: the default must be a single value", q.id),
                ),
            }
        }
        if let Some(date) = &q.date {
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
        question_ids.entry(q.id.as_str()).or_insert(i);
        questions.push(question);
        ranges_ok.push(range_ok);
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

    let all_questions = Scope {
        questions: &questions,
        ids: &question_ids,
        range_ok: &ranges_ok,
        asking: None,
    };

    // Overrides.
    let mut override_ids = HashMap::new();
    let mut overrides = Vec::new();
    let list = At::top("overrides");
    for (i, o) in raw.overrides.iter().enumerate() {
        let path = list.index(i);
        check_id(&o.id, "override", &path, problems);
        if override_ids.insert(o.id.as_str(), i).is_some() {
            problems.add(&path.key("id"), format!("duplicate override id `{}`", o.id));
        }
        let owner = format!("override `{}`", o.id);
        let outcome = parse_outcome(&o.outcome, &owner, &path.key("outcome"), problems);
        let when = compile_condition(&o.when, &all_questions, &path.key("when"), &owner, problems);
        if o.because.trim().is_empty() {
            problems.add(
                &path.key("because"),
                format!(
                    "override `{}`: `because` must say why the rule decides",
                    o.id
                ),
            );
        }
        if o.title.as_deref().is_some_and(|t| t.contains(['\n', '\r'])) {
            problems.add(
                &path.key("title"),
                format!("override `{}`: the title must fit on one line", o.id),
            );
        }
        if let (Some(outcome), Some(when)) = (outcome, when) {
            overrides.push(Override {
                id: o.id.clone(),
                when,
                outcome,
                priority: o.priority,
                title: match o.title.as_deref().map(str::trim) {
                    Some(title) if !title.is_empty() => title.to_string(),
                    _ => o.id.replace(['_', '-'], " "),
                },
                because: o.because.clone(),
            });
        }
    }
    // Highest priority first; the sort is stable, so equal priorities keep file order.
    overrides.sort_by_key(|o| std::cmp::Reverse(o.priority));

    // Letters.
    let mut letter_ids = HashMap::new();
    let mut letters = Vec::new();
    let list = At::top("letters");
    for (i, l) in raw.letters.iter().enumerate() {
        let path = list.index(i);
        check_id(&l.id, "letter", &path, problems);
        if letter_ids.insert(l.id.as_str(), i).is_some() {
            problems.add(&path.key("id"), format!("duplicate letter id `{}`", l.id));
        }
        let owner = format!("letter `{}`", l.id);
        let outcomes_at = path.key("outcomes");
        let outcomes: Vec<Outcome> = l
            .outcomes
            .iter()
            .enumerate()
            .filter_map(|(j, o)| parse_outcome(o, &owner, &outcomes_at.index(j), problems))
            .collect();
        if l.outcomes.is_empty() {
            problems.add(
                &path.key("outcomes"),
                format!("{owner}: `outcomes` needs at least one of decline, postpone, proceed"),
            );
        }
        let channel = match l.channel.as_str() {
            "email" => Channel::Email,
            "phone" => Channel::Phone,
            other => {
                problems.add(
                    &path.key("channel"),
                    format!("{owner}: unknown channel `{other}`; use email or phone"),
                );
                Channel::Email
            }
        };
        let when = l.when.as_ref().and_then(|w| {
            compile_condition(w, &all_questions, &path.key("when"), &owner, problems)
        });
        if l.note.as_ref().is_some_and(|n| n.trim().is_empty()) {
            problems.add(
                &path.key("note"),
                format!("{owner}: `note` is empty; say something or leave it out"),
            );
        }
        letters.push(Letter {
            id: l.id.clone(),
            title: l.title.clone(),
            outcomes,
            stage: l.stage,
            channel,
            when,
            follow_with: None,
            note: l.note.as_ref().map(|n| n.trim().to_string()),
            subject: l.subject.clone(),
            body: l.body.clone(),
        });
    }
    for (i, l) in raw.letters.iter().enumerate() {
        let Some(next) = &l.follow_with else { continue };
        let letter = list.index(i);
        let at = letter.key("follow_with");
        match letter_ids.get(next.as_str()) {
            Some(&j) if letters[j].channel == Channel::Email && j != i => {
                letters[i].follow_with = Some(j);
            }
            Some(_) => problems.add(
                &at,
                format!(
                    "letter `{}`: `follow_with` must name an email letter, and `{next}` is not one",
                    l.id
                ),
            ),
            None => problems.add(
                &at,
                format!(
                    "letter `{}`: `follow_with` names an unknown letter `{next}`; {}",
                    l.id,
                    known("letters", letter_ids.keys().copied())
                ),
            ),
        }
    }
    let claims = check_claims(&raw, &all_questions, problems);
    let reminders = check_reminders(&raw, &all_questions, problems);
    let urgency = check_urgency(&raw, &questions, &question_ids, problems);
    if templates {
        let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
        let claim_ids: Vec<&str> = raw.claims.iter().map(|c| c.id.as_str()).collect();
        for (path, line, message) in
            super::template::template_problems(&raw.letters, &ids, &claim_ids)
        {
            problems.add_in_text(path, line, message);
        }
    }

    RuleSet {
        name: name.to_string(),
        considerations,
        questions,
        overrides,
        letters,
        claims,
        reminders,
        urgency,
        confidence,
        raw,
    }
}

/// The claims: ids, what each says, the answers that support it and the phrases that state it.
fn check_claims(raw: &RawRuleSet, scope: &Scope, problems: &mut Problems) -> Vec<Claim> {
    let mut ids = HashMap::new();
    let mut claims = Vec::new();
    let list = At::top("claims");
    for (i, c) in raw.claims.iter().enumerate() {
        let path = list.index(i);
        check_id(&c.id, "claim", &path, problems);
        if ids.insert(c.id.as_str(), i).is_some() {
            problems.add(&path.key("id"), format!("duplicate claim id `{}`", c.id));
        }
        let owner = format!("claim `{}`", c.id);
        if c.says.trim().is_empty() {
            problems.add(
                &path.key("says"),
                format!("{owner}: `says` must say the claim"),
            );
        }
        if c.phrases.is_empty() {
            problems.add(
                &path.key("phrases"),
                format!(
                    "{owner}: `phrases` needs at least one phrase that states the claim, so \
                     `rules audit` can find it in a letter"
                ),
            );
        }
        let phrases_at = path.key("phrases");
        for (j, phrase) in c.phrases.iter().enumerate() {
            if phrase.trim().is_empty() {
                problems.add(
                    &phrases_at.index(j),
                    format!("{owner}: a phrase must not be empty"),
                );
            }
        }
        let outcomes_at = path.key("outcomes");
        let outcomes: Vec<Outcome> = c
            .outcomes
            .iter()
            .enumerate()
            .filter_map(|(j, o)| parse_outcome(o, &owner, &outcomes_at.index(j), problems))
            .collect();
        let when = compile_condition(&c.when, scope, &path.key("when"), &owner, problems);
        if let Some(when) = when {
            claims.push(Claim {
                outcomes,
                id: c.id.clone(),
                says: c.says.trim().to_string(),
                when,
                phrases: c
                    .phrases
                    .iter()
                    .map(|p| p.trim().to_lowercase())
                    .filter(|p| !p.is_empty())
                    .collect(),
                step: c.step,
            });
        }
    }
    claims
}

/// The reminders: ids, outcomes, conditions and text.
fn check_reminders(raw: &RawRuleSet, scope: &Scope, problems: &mut Problems) -> Vec<Reminder> {
    let mut ids = HashMap::new();
    let mut reminders = Vec::new();
    let list = At::top("reminders");
    for (i, r) in raw.reminders.iter().enumerate() {
        let path = list.index(i);
        check_id(&r.id, "reminder", &path, problems);
        if ids.insert(r.id.as_str(), i).is_some() {
            problems.add(&path.key("id"), format!("duplicate reminder id `{}`", r.id));
        }
        let owner = format!("reminder `{}`", r.id);
        let outcomes_at = path.key("outcomes");
        let outcomes: Vec<Outcome> = r
            .outcomes
            .iter()
            .enumerate()
            .filter_map(|(j, o)| parse_outcome(o, &owner, &outcomes_at.index(j), problems))
            .collect();
        if r.outcomes.is_empty() {
            problems.add(
                &outcomes_at,
                format!("{owner}: `outcomes` needs at least one of decline, postpone, proceed"),
            );
        }
        if r.text.trim().is_empty() {
            problems.add(&path.key("text"), format!("{owner}: `text` is empty"));
        }
        let when = match &r.when {
            Some(w) => match compile_condition(w, scope, &path.key("when"), &owner, problems) {
                Some(when) => Some(when),
                None => continue,
            },
            None => None,
        };
        reminders.push(Reminder {
            id: r.id.clone(),
            outcomes,
            when,
            text: r.text.trim().to_string(),
        });
    }
    reminders
}

/// The urgency section: a number question and a number of days.
fn check_urgency(
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

/// A one-step range standing in for a wrong one (already reported), so checking can go on.
fn stand_in_range(min: i64) -> (i64, i64, bool) {
    let min = min.min(i64::MAX - 1);
    (min, min + 1, false)
}

/// Where a node is: a chain of steps back to the root, built on the stack as the check goes
/// down the rule set, and written out as a [`NodePath`] only for a problem found there. (A
/// valid rule set, such as the built-in one at every start, then costs no allocation here.)
#[derive(Clone, Copy)]
enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    /// A map key that is a number (a scale's value).
    Number(&'a At<'a>, i64),
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    /// The top-level key `key`.
    fn top(key: &'a str) -> At<'a> {
        At::Key(&At::Root, key)
    }

    fn key(&'a self, key: &'a str) -> At<'a> {
        At::Key(self, key)
    }

    fn number(&'a self, key: i64) -> At<'a> {
        At::Number(self, key)
    }

    fn index(&'a self, index: usize) -> At<'a> {
        At::Index(self, index)
    }

    fn path(&self) -> NodePath {
        let (parent, last) = match self {
            At::Root => return NodePath::new(),
            At::Key(parent, key) => (parent, Seg::Key((*key).to_string())),
            At::Number(parent, key) => (parent, Seg::Key(key.to_string())),
            At::Index(parent, index) => (parent, Seg::Index(*index)),
        };
        let mut path = parent.path();
        path.push(last);
        path
    }
}

fn known<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let mut ids: Vec<&str> = ids.collect();
    if ids.is_empty() {
        return format!("there are no {what}");
    }
    ids.sort_unstable();
    format!("known {what}: {}", ids.join(", "))
}

fn check_id(id: &str, what: &str, path: &At<'_>, problems: &mut Problems) {
    let valid = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && id.starts_with(|c: char| c.is_ascii_lowercase());
    if !valid {
        problems.add(
            &path.key("id"),
            format!(
                "{what} id `{id}` must start with a lowercase letter and use only \
                 lowercase letters, digits and `_` (at most 64)"
            ),
        );
    }
}

fn parse_outcome(
    text: &str,
    owner: &str,
    path: &At<'_>,
    problems: &mut Problems,
) -> Option<Outcome> {
    match text.parse() {
        Ok(outcome) => Some(outcome),
        Err(message) => {
            problems.add(path, format!("{owner}: {message}"));
            None
        }
    }
}

fn compile_points(raw: &RawPoints, owner: &str, path: &At<'_>, problems: &mut Problems) -> Points {
    let mut points = [0.0; 3];
    for (key, value) in raw {
        let at = path.key(key);
        match key.parse::<Outcome>() {
            Ok(outcome) => {
                if value.abs() <= MAX_POINTS {
                    points[outcome.index()] = *value;
                } else {
                    problems.add(
                        &at,
                        format!(
                            "{owner}: points must be finite numbers between -{MAX_POINTS} and \
                             {MAX_POINTS}, found {}",
                            short_number(*value)
                        ),
                    );
                }
            }
            Err(message) => problems.add(&at, format!("{owner}: {message}")),
        }
    }
    points
}

/// A number as a person reads it: `1.7e308` rather than its 309 digits.
fn short_number(value: f64) -> String {
    if value.is_finite() && value.abs() >= 1e15 {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

fn misplaced(q: &RawQuestion, path: &At<'_>, problems: &mut Problems) {
    let present = [
        ("options", q.options.is_some()),
        ("min", q.min.is_some()),
        ("max", q.max.is_some()),
        ("min_label", q.min_label.is_some()),
        ("max_label", q.max_label.is_some()),
        ("scale", q.scale.is_some()),
        ("yes", q.yes.is_some()),
        ("no", q.no.is_some()),
        ("bands", q.bands.is_some()),
    ];
    let allowed: &[&str] = match q.kind {
        RawQuestionType::Choice => &["options"],
        RawQuestionType::Scale => &["min", "max", "min_label", "max_label", "scale"],
        RawQuestionType::YesNo => &["yes", "no"],
        RawQuestionType::Number => &["min", "max", "bands"],
    };
    let type_name = type_name(q.kind);
    for (field, is_present) in present {
        if is_present && !allowed.contains(&field) {
            problems.add(
                &path.key(field),
                format!(
                    "question `{}`: `{field}` does not apply to a {type_name} question",
                    q.id
                ),
            );
        }
    }
}

fn type_name(kind: RawQuestionType) -> &'static str {
    match kind {
        RawQuestionType::Choice => "choice",
        RawQuestionType::Scale => "scale",
        RawQuestionType::YesNo => "yes_no",
        RawQuestionType::Number => "number",
    }
}

fn required<T: Copy>(
    value: Option<T>,
    field: &str,
    q: &RawQuestion,
    path: &At<'_>,
    problems: &mut Problems,
) -> Option<T> {
    if value.is_none() {
        problems.add(
            path,
            format!(
                "question `{}`: a {} question needs `{field}`",
                q.id,
                type_name(q.kind)
            ),
        );
    }
    value
}

fn check_kind(
    q: &RawQuestion,
    scored: bool,
    path: &At<'_>,
    problems: &mut Problems,
) -> (QuestionKind, bool) {
    misplaced(q, path, problems);
    let owner = format!("question `{}`", q.id);
    let unscored_points = |points: &Points, at: &At<'_>, problems: &mut Problems| {
        if !scored && points.iter().any(|p| *p != 0.0) {
            problems.add(
                at,
                format!(
                    "question `{}` has no consideration, so its points would never count; \
                     remove them or give the question a consideration",
                    q.id
                ),
            );
        }
    };
    match q.kind {
        RawQuestionType::Choice => {
            let raw_options = q.options.as_deref().unwrap_or_default();
            if raw_options.is_empty() {
                problems.add(
                    &path.key("options"),
                    format!(
                        "question `{}`: a choice question needs at least one option",
                        q.id
                    ),
                );
            }
            if raw_options.len() > MAX_OPTIONS {
                problems.add(
                    &path.key("options"),
                    format!("question `{}`: at most {MAX_OPTIONS} options", q.id),
                );
            }
            let mut seen = HashMap::new();
            let mut options = Vec::new();
            let options_at = path.key("options");
            for (j, o) in raw_options.iter().enumerate() {
                let at = options_at.index(j);
                if seen.insert(o.value.as_str(), j).is_some() {
                    problems.add(
                        &at.key("value"),
                        format!("question `{}`: duplicate option value `{}`", q.id, o.value),
                    );
                }
                if o.value.trim().is_empty() {
                    problems.add(
                        &at.key("value"),
                        format!("question `{}`: an option value must not be empty", q.id),
                    );
                }
                let points = compile_points(&o.points, &owner, &at.key("points"), problems);
                unscored_points(&points, &at.key("points"), problems);
                options.push(ChoiceOption {
                    value: o.value.clone(),
                    label: o.label.clone(),
                    points,
                });
            }
            (QuestionKind::Choice { options }, true)
        }
        RawQuestionType::Scale => {
            let min = required(q.min, "min", q, path, problems).unwrap_or(1);
            let max = required(q.max, "max", q, path, problems).unwrap_or(min.saturating_add(1));
            // When the range itself is wrong, its points are not checked against it: that
            // would only repeat the one mistake as several.
            let (min, max, range_ok) = if min >= max && q.max.is_some() {
                problems.add(
                    &path.key("min"),
                    format!(
                        "question `{}`: the scale's min ({min}) must be below its max ({max})",
                        q.id
                    ),
                );
                stand_in_range(min)
            } else if max.abs_diff(min) >= MAX_SCALE_POINTS {
                problems.add(
                    &path.key("max"),
                    format!(
                        "question `{}`: a scale has at most {MAX_SCALE_POINTS} points; \
                         use a number question with bands instead",
                        q.id
                    ),
                );
                stand_in_range(min)
            } else {
                (min, max, q.min.is_some() && q.max.is_some())
            };
            // At most MAX_SCALE_POINTS values: the range was checked just above.
            let values = usize::try_from(max.abs_diff(min)).map_or(0, |d| d.saturating_add(1));
            let mut points = vec![[0.0; 3]; values];
            let raw_scale = q.scale.as_ref();
            if scored && raw_scale.is_none_or(BTreeMap::is_empty) {
                problems.add(
                    &path.key("scale"),
                    format!(
                        "question `{}`: a scored scale question needs `scale` points for its values",
                        q.id
                    ),
                );
            }
            let scale_at = path.key("scale");
            for (value, raw_points) in raw_scale.into_iter().flatten() {
                let at = scale_at.number(*value);
                let compiled = compile_points(raw_points, &owner, &at, problems);
                unscored_points(&compiled, &at, problems);
                let slot = usize::try_from(value.abs_diff(min))
                    .ok()
                    .filter(|_| (min..=max).contains(value))
                    .and_then(|i| points.get_mut(i));
                if let Some(slot) = slot {
                    *slot = compiled;
                } else if range_ok {
                    problems.add(
                        &at,
                        format!(
                            "question `{}`: scale point {value} is outside {min}..{max}",
                            q.id
                        ),
                    );
                }
            }
            (
                QuestionKind::Scale {
                    min,
                    max,
                    min_label: q.min_label.clone().unwrap_or_else(|| min.to_string()),
                    max_label: q.max_label.clone().unwrap_or_else(|| max.to_string()),
                    points,
                },
                range_ok,
            )
        }
        RawQuestionType::YesNo => {
            let none = RawPoints::new();
            let yes = compile_points(
                q.yes.as_ref().unwrap_or(&none),
                &owner,
                &path.key("yes"),
                problems,
            );
            let no = compile_points(
                q.no.as_ref().unwrap_or(&none),
                &owner,
                &path.key("no"),
                problems,
            );
            unscored_points(&yes, &path.key("yes"), problems);
            unscored_points(&no, &path.key("no"), problems);
            (QuestionKind::YesNo { no, yes }, true)
        }
        RawQuestionType::Number => {
            let min = required(q.min, "min", q, path, problems).unwrap_or(0);
            let max = required(q.max, "max", q, path, problems).unwrap_or(min.saturating_add(1));
            let (min, max, range_ok) = if min >= max && q.max.is_some() {
                problems.add(
                    &path.key("min"),
                    format!(
                        "question `{}`: the minimum ({min}) must be below the maximum ({max})",
                        q.id
                    ),
                );
                stand_in_range(min)
            } else {
                (min, max, q.min.is_some() && q.max.is_some())
            };
            let raw_bands = q.bands.as_deref().unwrap_or_default();
            if scored && raw_bands.is_empty() {
                problems.add(
                    &path.key("bands"),
                    format!(
                        "question `{}`: a scored number question needs `bands`",
                        q.id
                    ),
                );
            }
            let mut bands = Vec::new();
            let mut next = min;
            let mut last = min;
            let bands_at = path.key("bands");
            for (j, b) in raw_bands.iter().enumerate() {
                let at = bands_at.index(j);
                let points = compile_points(&b.points, &owner, &at.key("points"), problems);
                unscored_points(&points, &at.key("points"), problems);
                if b.min > b.max {
                    problems.add(
                        &at,
                        format!(
                            "question `{}`: band {}..{} has its min above its max",
                            q.id, b.min, b.max
                        ),
                    );
                } else if range_ok && b.min != next {
                    problems.add(
                        &at,
                        format!(
                            "question `{}`: band {}..{} should start at {next}; bands must \
                             cover {min}..{max} in order, without gaps or overlaps",
                            q.id, b.min, b.max
                        ),
                    );
                }
                next = b.max.saturating_add(1);
                last = b.max;
                bands.push(Band {
                    min: b.min,
                    max: b.max,
                    label: b.label.clone(),
                    points,
                });
            }
            if range_ok && !raw_bands.is_empty() && last != max {
                let answers = if last < max { "go up to" } else { "stop at" };
                problems.add(
                    &path.key("bands"),
                    format!(
                        "question `{}`: the last band ends at {last}, but answers {answers} {max}",
                        q.id,
                    ),
                );
            }
            (QuestionKind::Number { min, max, bands }, range_ok)
        }
    }
}

/// A plain scalar as text, for parsing as an answer.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// The questions a condition may read.
struct Scope<'a> {
    /// Questions compiled so far.
    questions: &'a [Question],
    ids: &'a HashMap<&'a str, usize>,
    /// Per question: whether its range is valid (see `check_kind`).
    range_ok: &'a [bool],
    /// For a question's `when`: its own id, and every question id in file order, so that a
    /// reference to itself or a later question gets a precise message.
    asking: Option<(&'a str, Vec<&'a str>)>,
}

fn compile_condition(
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
        QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. } => {
            let (lo, hi) = (*min, *max);
            let bound = |v: &Value| -> Option<i64> { v.as_i64().filter(|n| (lo..=hi).contains(n)) };
            let out_of_range = || {
                format!(
                    "{owner}: `{id}` expects whole numbers from {lo} to {hi}, or {{ min, max }}"
                )
            };
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
                                problems.add(
                                    path,
                                    format!("{owner}: a range takes only `min` and `max`"),
                                );
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
    }
}
