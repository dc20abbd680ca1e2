//! What a web form carries from step to step: the answers, the letter details and the
//! personal priorities, in hidden fields with a prefix each, read back and checked on
//! every request (the service keeps no state).

use serde_json::{Map, Value, json};

use crate::engine::Answers;
use crate::letter::Details;
use crate::report::answer_json;
use crate::rules::RuleSet;

/// The fields of a submitted form, in order.
pub(super) type Fields = Vec<(String, String)>;

/// The prefix of a hidden field that carries an answer (`a.interest`).
const ANSWER: &str = "a.";
/// The prefix of a field that carries a letter detail (`d.company`).
const DETAIL: &str = "d.";
/// The prefix of a field that carries a personal priority (`w.reputation=more`).
const PRIORITY: &str = "w.";

/// How much a consideration counts for the person, against the rule set's weight.
#[derive(Debug)]
pub(super) struct Level {
    /// The form's value.
    value: &'static str,
    /// What the person reads.
    label: &'static str,
    /// The factor on the rule set's weight.
    factor: f64,
}

/// The levels a person may choose on the review page, as on the terminal's priorities a
/// simpler way: less, as usual, or more than the rule set weighs it.
static LEVELS: [Level; 3] = [
    Level {
        value: "less",
        label: "Counts less for me",
        factor: 0.5,
    },
    Level {
        value: "usual",
        label: "As the advisor weighs it",
        factor: 1.0,
    },
    Level {
        value: "more",
        label: "Counts more for me",
        factor: 2.0,
    },
];

/// The person's priorities other than the usual level, by consideration id.
pub(super) type Priorities = std::collections::BTreeMap<String, &'static Level>;

pub(super) fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The answers carried by the form's hidden fields.
pub(super) fn read_answers(rules: &RuleSet, fields: &Fields) -> Result<Answers, String> {
    let mut answers = Answers::empty(rules.questions.len());
    for (name, value) in fields {
        let Some(id) = name.strip_prefix(ANSWER) else {
            continue;
        };
        let index = rules
            .question_index(id)
            .ok_or_else(|| format!("the form carries an answer to `{id}`, which is no question of this advisor; start again"))?;
        let code = rules.questions[index].parse_answer(value)?;
        answers.set(index, Some(code));
    }
    Ok(answers)
}

/// The letter details typed into the form; blank ones are left out.
pub(super) fn read_details(fields: &Fields) -> Details {
    fields
        .iter()
        .filter_map(|(name, value)| {
            let name = name.strip_prefix(DETAIL)?;
            let value = value.trim();
            (!value.is_empty()).then(|| (name.to_string(), value.to_string()))
        })
        .collect()
}

/// The hidden fields that carry the answers, details and priorities to the next step.
pub(super) fn hidden_fields(
    rules: &RuleSet,
    answers: &Answers,
    details: &Details,
    priorities: &Priorities,
) -> Vec<Value> {
    let answers = rules.questions.iter().enumerate().filter_map(|(index, question)| {
        let code = answers.get(index)?;
        Some(json!({ "name": format!("{ANSWER}{}", question.id), "value": question.value_text(code) }))
    });
    let details = details
        .iter()
        .map(|(name, value)| json!({ "name": format!("{DETAIL}{name}"), "value": value }));
    let priorities = priorities
        .iter()
        .map(|(id, level)| json!({ "name": format!("{PRIORITY}{id}"), "value": level.value }));
    answers.chain(details).chain(priorities).collect()
}

/// The personal priorities the form carries: a level other than the usual one, by
/// consideration id.
pub(super) fn read_priorities(rules: &RuleSet, fields: &Fields) -> Result<Priorities, String> {
    let mut priorities = Priorities::new();
    for (name, value) in fields {
        let Some(id) = name.strip_prefix(PRIORITY) else {
            continue;
        };
        if !rules.considerations.iter().any(|c| c.id == id) {
            return Err(format!(
                "the form carries a priority for `{id}`, which is no consideration of this \
                 advisor; start again"
            ));
        }
        let Some(level) = LEVELS.iter().find(|l| l.value == value) else {
            return Err(format!(
                "the priority of `{id}` must be one of {}; start again",
                LEVELS
                    .iter()
                    .map(|l| l.value)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        };
        if level.value == "usual" {
            priorities.remove(id);
        } else {
            priorities.insert(id.to_string(), level);
        }
    }
    Ok(priorities)
}

/// One choice of level per consideration, for the review page.
pub(super) fn priority_fields(rules: &RuleSet, priorities: &Priorities) -> Vec<Value> {
    rules
        .considerations
        .iter()
        .map(|c| {
            let chosen = priorities.get(&c.id).map_or("usual", |l| l.value);
            json!({
                "id": c.id,
                "title": c.title,
                "description": c.description,
                "levels": LEVELS.iter().map(|l| json!({
                    "value": l.value,
                    "label": l.label,
                    "selected": l.value == chosen,
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// The answers file, as JSON text, that the advisor reads; a priority becomes the
/// person's own weight for that consideration (`weights:`), the rule set's weight times
/// the level's factor.
pub(super) fn answers_file(
    rules: &RuleSet,
    answers: &Answers,
    details: &Details,
    priorities: &Priorities,
) -> String {
    let weights: Map<String, Value> = rules
        .considerations
        .iter()
        .filter_map(|c| {
            let level = priorities.get(&c.id)?;
            Some((c.id.clone(), json!(c.weight * level.factor)))
        })
        .collect();
    let answers: Map<String, Value> = rules
        .questions
        .iter()
        .enumerate()
        .filter_map(|(index, question)| {
            answers
                .get(index)
                .map(|code| (question.id.clone(), answer_json(question, code)))
        })
        .collect();
    json!({ "answers": answers, "details": details, "weights": weights }).to_string()
}
