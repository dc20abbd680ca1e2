//! What the letters and the advice around them say: the letters themselves, the claims a
//! letter may make, and the reminders that close the advice.

use std::collections::HashMap;

use super::conditions::{Scope, compile_condition};
use super::{At, Problems, check_id, known, parse_outcome};
use crate::rules::raw::RawRuleSet;
use crate::rules::{Channel, Claim, Letter, Outcome, Reminder};

/// The letters: ids, outcomes, channel, conditions, and the letter each one leads to.
pub(super) fn check_letters(
    raw: &RawRuleSet,
    all_questions: &Scope<'_>,
    problems: &mut Problems,
) -> Vec<Letter> {
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
        let when = l
            .when
            .as_ref()
            .and_then(|w| compile_condition(w, all_questions, &path.key("when"), &owner, problems));
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
    letters
}

/// The claims: ids, what each says, the answers that support it and the phrases that state it.
pub(super) fn check_claims(raw: &RawRuleSet, scope: &Scope, problems: &mut Problems) -> Vec<Claim> {
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
pub(super) fn check_reminders(
    raw: &RawRuleSet,
    scope: &Scope,
    problems: &mut Problems,
) -> Vec<Reminder> {
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
