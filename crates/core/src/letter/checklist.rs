//! The politeness checklist: the five steps of a polite decline (respond promptly, thank
//! them, state the decision plainly, give a brief reason or none by choice, leave the door
//! open), each checked against the words of the rendered letter, with the rule set's claims
//! saying which words give a reason or keep the door open; then the rule set's reminders.

use jiff::ToSpan;
use jiff::civil::Date;

use super::Rendered;
use crate::engine::Answers;
use crate::rules::{Channel, ClaimStep, Outcome, RuleSet, Stage};

/// A step of a polite decline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Answer soon, well before the interview.
    RespondPromptly,
    /// Thank them for the invitation and their time.
    Gratitude,
    /// Say plainly what you decided.
    ClearDecision,
    /// Give a short reason, if you are comfortable with one.
    BriefReason,
    /// Leave room to meet again later.
    DoorLeftOpen,
    /// A reply that goes ahead: no answer is owed (the note says why).
    NoReplyNeeded,
    /// Something to do besides sending the letter.
    Reminder,
}

impl Step {
    /// The id used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Step::RespondPromptly => "respond_promptly",
            Step::Gratitude => "gratitude",
            Step::ClearDecision => "clear_decision",
            Step::BriefReason => "brief_reason",
            Step::DoorLeftOpen => "door_left_open",
            Step::NoReplyNeeded => "no_reply_needed",
            Step::Reminder => "reminder",
        }
    }

    /// The step in words.
    pub fn label(self) -> &'static str {
        match self {
            Step::RespondPromptly => "respond promptly",
            Step::Gratitude => "gratitude",
            Step::ClearDecision => "clear decision",
            Step::BriefReason => "brief reason",
            Step::DoorLeftOpen => "door left open",
            Step::NoReplyNeeded => "no reply needed",
            Step::Reminder => "to do",
        }
    }
}

/// One step, ticked or flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The step checked.
    pub step: Step,
    /// Whether the letter takes it.
    pub ok: bool,
    /// For a tick, a detail worth knowing (may be empty); for a flag, what is missing.
    pub note: String,
}

/// The day to send the message by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendBy {
    /// The last day to send it.
    pub date: Date,
    /// Days from today to the interview, when known.
    pub days_until_interview: Option<i64>,
}

impl SendBy {
    /// "today, Monday 12 May: the interview is in 2 days", or "by ..." for a later day.
    pub fn describe(&self, today: Date) -> String {
        let day = self.date.strftime("%A %-d %B").to_string();
        let when = match self.days_until_interview {
            Some(0) => "the interview is today".to_string(),
            Some(1) => "the interview is tomorrow".to_string(),
            Some(days) => format!("the interview is in {days} days"),
            None => return format!("send it as soon as you can, by {day}"),
        };
        if self.date <= today {
            format!("send it today, {day}: {when}")
        } else {
            format!("send it by {day}, within a day: {when}")
        }
    }
}

/// The day to send by: today when the interview is within the rule set's short notice,
/// otherwise within a day.
pub fn send_by(rules: &RuleSet, answers: &Answers, today: Date) -> SendBy {
    let days = rules.urgency.and_then(|u| answers.get(u.question));
    let date = if is_short_notice(rules, answers) {
        today
    } else {
        today.checked_add(1.day()).unwrap_or(today)
    };
    SendBy {
        date,
        days_until_interview: days,
    }
}

/// Whether the interview is so close that the answer goes out today, with a call first.
pub fn is_short_notice(rules: &RuleSet, answers: &Answers) -> bool {
    rules.urgency.is_some_and(|u| {
        answers
            .get(u.question)
            .is_some_and(|days| days <= u.short_notice)
    })
}

/// Words that show each step, in lower case.
const THANKS: &[&str] = &["thank", "grateful", "appreciate"];
const DECLINE: &[&str] = &[
    "decline",
    "withdraw",
    "not take up",
    "not be attending",
    "not attend",
    "not go ahead",
    "not to go ahead",
    "not be going ahead",
    "step back",
];
const POSTPONE: &[&str] = &[
    "reschedule",
    "another time",
    "different time",
    "new time",
    "move the interview",
    "another day",
    "later date",
    "a little later",
];

/// Checks a reply that declines or postpones against the five steps, then adds the rule
/// set's reminders that apply. `parts` are the letter and the email that follows it, if
/// any. A reply that goes ahead gets its note instead (such as "no reply is needed"); a
/// later letter gets no checklist.
#[allow(
    clippy::too_many_lines,
    reason = "the five steps checked in the order the letter should take them, one short block each"
)]
pub fn checklist(
    rules: &RuleSet,
    index: usize,
    outcome: Outcome,
    parts: &[&Rendered],
    answers: &Answers,
    today: Date,
) -> Vec<Check> {
    let Some(letter) = rules.letters.get(index) else {
        return Vec::new();
    };
    if letter.stage != Stage::Reply {
        return Vec::new();
    }
    let check = |step, ok, note: &str| Check {
        step,
        ok,
        note: note.to_string(),
    };
    let mut checks = Vec::new();
    if outcome == Outcome::Proceed {
        if let Some(note) = &letter.note {
            checks.push(check(Step::NoReplyNeeded, true, note));
        }
        checks.extend(reminders(rules, outcome, answers));
        return checks;
    }
    let text = parts
        .iter()
        .map(|p| format!("{}\n{}", p.subject, p.body))
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase()
        .replace('\u{2019}', "'");
    let holds = |claim: &crate::rules::Claim| {
        claim.counts_for(outcome) && claim.when.holds(answers.as_slice())
    };
    let stated = |step: ClaimStep| {
        rules
            .claims
            .iter()
            .any(|c| c.step == Some(step) && holds(c) && c.stated_in(&text))
    };
    let supported: Vec<&str> = rules
        .claims
        .iter()
        .filter(|c| c.step == Some(ClaimStep::BriefReason) && holds(c))
        .map(|c| c.says.as_str())
        .collect();
    let door_supported = rules
        .claims
        .iter()
        .any(|c| c.step == Some(ClaimStep::DoorLeftOpen) && holds(c));

    // Respond promptly: when it is close, call first; an email alone may be read too late.
    let send_by = send_by(rules, answers, today);
    let short_notice = is_short_notice(rules, answers);
    let calls = parts.iter().any(|p| p.channel == Channel::Phone);
    let phone_letter = rules.letters.iter().find(|l| {
        l.channel == Channel::Phone && l.stage == Stage::Reply && l.outcomes.contains(&outcome)
    });
    checks.push(match phone_letter {
        _ if calls => check(
            Step::RespondPromptly,
            true,
            &format!(
                "call first, then send the email {}",
                send_by.describe(today).replacen("send it ", "", 1)
            ),
        ),
        Some(phone) if short_notice => check(
            Step::RespondPromptly,
            false,
            &format!(
                "{}; an email may be read too late, so call as well (letter --kind {})",
                send_by.describe(today),
                phone.id
            ),
        ),
        _ => check(Step::RespondPromptly, true, &send_by.describe(today)),
    });

    checks.push(if mentions(&text, THANKS) {
        check(Step::Gratitude, true, "")
    } else {
        check(
            Step::Gratitude,
            false,
            "add a line thanking them for the invitation and their time",
        )
    });

    let (decision_words, decision_missing) = match outcome {
        Outcome::Postpone => (
            POSTPONE,
            "ask plainly to move the interview to another time",
        ),
        _ => (DECLINE, "say plainly that you are declining the interview"),
    };
    checks.push(if mentions(&text, decision_words) {
        check(Step::ClearDecision, true, "")
    } else {
        check(Step::ClearDecision, false, decision_missing)
    });

    checks.push(if stated(ClaimStep::BriefReason) {
        check(Step::BriefReason, true, "")
    } else if supported.is_empty() {
        check(
            Step::BriefReason,
            true,
            "none given: your answers leave no reason to state, or ask for none",
        )
    } else {
        check(
            Step::BriefReason,
            false,
            &format!(
                "add one short sentence with your reason, such as: {}",
                supported.join("; ")
            ),
        )
    });

    checks.push(if stated(ClaimStep::DoorLeftOpen) {
        check(Step::DoorLeftOpen, true, "")
    } else if outcome == Outcome::Postpone {
        check(
            Step::DoorLeftOpen,
            true,
            "asking for another time keeps it open",
        )
    } else if door_supported {
        check(
            Step::DoorLeftOpen,
            false,
            "add a line offering to stay in touch",
        )
    } else {
        check(
            Step::DoorLeftOpen,
            true,
            "not offered, as your answers ask; wishing them well still leaves a good last \
             impression",
        )
    });

    checks.extend(reminders(rules, outcome, answers));
    checks
}

/// The rule set's reminders for this outcome whose condition holds, as checks to do.
fn reminders<'a>(
    rules: &'a RuleSet,
    outcome: Outcome,
    answers: &'a Answers,
) -> impl Iterator<Item = Check> + 'a {
    rules
        .reminders_for(outcome, answers.as_slice())
        .map(|r| Check {
            step: Step::Reminder,
            ok: false,
            note: r.text.clone(),
        })
}

fn mentions(text: &str, words: &[&str]) -> bool {
    words.iter().any(|word| text.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_by_is_today_for_an_interview_within_two_days_and_tomorrow_otherwise() {
        let today = jiff::civil::date(2025, 5, 12);
        let near = SendBy {
            date: today,
            days_until_interview: Some(2),
        };
        assert_eq!(
            near.describe(today),
            "send it today, Monday 12 May: the interview is in 2 days"
        );
        let far = SendBy {
            date: jiff::civil::date(2025, 5, 13),
            days_until_interview: Some(10),
        };
        assert_eq!(
            far.describe(today),
            "send it by Tuesday 13 May, within a day: the interview is in 10 days"
        );
    }
}
