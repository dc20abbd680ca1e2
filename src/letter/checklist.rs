//! The politeness checklist: the five steps of a polite decline (respond promptly, thank
//! them, state the decision plainly, give a brief reason or none by choice, leave the door
//! open), each checked against the words of the rendered letter.

use jiff::ToSpan;
use jiff::civil::Date;

use super::Rendered;
use crate::engine::Answers;
use crate::rules::{Channel, Outcome, RuleSet, Stage};

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

/// The question whose answer says how soon the interview is.
const DAYS_QUESTION: &str = "days_until_interview";
/// Interviews this close get an answer today, and a declined one a phone call too.
pub const SHORT_NOTICE_DAYS: i64 = 2;

/// The day to send by: today when the interview is at most two days away, otherwise
/// within a day.
pub fn send_by(rules: &RuleSet, answers: &Answers, today: Date) -> SendBy {
    let days = rules
        .question_index(DAYS_QUESTION)
        .and_then(|i| answers.get(i));
    let date = match days {
        Some(days) if days <= SHORT_NOTICE_DAYS => today,
        _ => today.checked_add(1.day()).unwrap_or(today),
    };
    SendBy {
        date,
        days_until_interview: days,
    }
}

/// Words that show each step, in lower case.
const THANKS: &[&str] = &["thank", "grateful", "appreciate"];
const DECLINE: &[&str] = &[
    "decline",
    "withdraw",
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
];
const DOOR: &[&str] = &[
    "in touch",
    "future",
    "keep me in mind",
    "paths cross",
    "stay connected",
    "look forward",
    "hear about",
];
/// Words that give the time itself as the reason, which is reason enough to reschedule.
const SCHEDULE: &[&str] = &["proposed time", "schedule", "cannot make", "clash"];
/// Words that show a reason, by the `reason` answer; `None` for any reason.
fn reason_words(reason: Option<&str>) -> &'static [&'static str] {
    match reason {
        Some("accepted_offer") => &["offer", "accepted", "another role", "another position"],
        Some("counter_offer") => &["current role", "current employer", "current position"],
        Some("personal_change") => &["personal", "circumstances", "relocat", "family"],
        Some("values_mismatch" | "lost_interest") => &["fit", "match", "direction"],
        Some("schedule_conflict") => SCHEDULE,
        _ => &["because", "due to", "as i have", "since i"],
    }
}

fn mentions(text: &str, words: &[&str]) -> bool {
    words.iter().any(|word| text.contains(word))
}

/// Checks a reply that declines or postpones against the five steps. `parts` are the
/// letter and the email that follows it, if any. Letters that confirm attendance or
/// follow an earlier message get no checklist.
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
    if letter.stage != Stage::Reply || outcome == Outcome::Proceed {
        return Vec::new();
    }
    let text = parts
        .iter()
        .map(|p| format!("{}\n{}", p.subject, p.body))
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase()
        .replace('\u{2019}', "'");
    let answer = |id: &str| {
        rules.question_index(id).and_then(|i| {
            answers
                .get(i)
                .map(|code| rules.questions[i].value_text(code))
        })
    };
    let check = |step, ok, note: &str| Check {
        step,
        ok,
        note: note.to_string(),
    };

    // Respond promptly: when it is close, an email alone may be read too late.
    let send_by = send_by(rules, answers, today);
    let short_notice = send_by
        .days_until_interview
        .is_some_and(|d| d <= SHORT_NOTICE_DAYS);
    let calls = parts.iter().any(|p| p.channel == Channel::Phone);
    let phone_letter = rules.letters.iter().find(|l| {
        l.channel == Channel::Phone && l.stage == Stage::Reply && l.outcomes.contains(&outcome)
    });
    let prompt = match phone_letter {
        Some(phone) if short_notice && !calls => check(
            Step::RespondPromptly,
            false,
            &format!(
                "{}; an email may be read too late, so call as well (letter --kind {})",
                send_by.describe(today),
                phone.id
            ),
        ),
        _ => check(Step::RespondPromptly, true, &send_by.describe(today)),
    };

    let gratitude = if mentions(&text, THANKS) {
        check(Step::Gratitude, true, "")
    } else {
        check(
            Step::Gratitude,
            false,
            "add a line thanking them for the invitation and their time",
        )
    };

    let (decision_words, decision_missing) = match outcome {
        Outcome::Postpone => (
            POSTPONE,
            "ask plainly to move the interview to another time",
        ),
        _ => (DECLINE, "say plainly that you are declining the interview"),
    };
    let decision = if mentions(&text, decision_words) {
        check(Step::ClearDecision, true, "")
    } else {
        check(Step::ClearDecision, false, decision_missing)
    };

    let reason = if answer("share_reason").as_deref() == Some("false") {
        check(
            Step::BriefReason,
            true,
            "none given, by your choice (share_reason: false)",
        )
    } else if mentions(&text, reason_words(answer("reason").as_deref()))
        || (outcome == Outcome::Postpone && mentions(&text, SCHEDULE))
    {
        check(Step::BriefReason, true, "")
    } else {
        check(
            Step::BriefReason,
            false,
            "add one short sentence with your reason, or answer share_reason: false to give none",
        )
    };

    let door = if mentions(&text, DOOR) {
        check(Step::DoorLeftOpen, true, "")
    } else if answer("stay_in_touch").as_deref() == Some("false") {
        check(
            Step::DoorLeftOpen,
            false,
            "you chose not to (stay_in_touch: false); a line wishing them well with \
             the future still leaves a good last impression",
        )
    } else {
        check(
            Step::DoorLeftOpen,
            false,
            "add a line offering to stay in touch",
        )
    };

    vec![prompt, gratitude, decision, reason, door]
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
