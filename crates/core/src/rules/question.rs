//! A question of the rule set: its kind (choice, scale, yes/no, number), how each answer
//! scores, and reading and writing its answers.

use std::fmt;

use super::{Code, Condition, Points};

/// A question and how its answers score.
// Each field holds the rules-file key of the same name; the README (Your own rules) and
// rules.schema.json say what each means.
#[allow(missing_docs)]
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    /// Index into [`RuleSet::considerations`](super::RuleSet::considerations); `None` for questions that only shape the letter.
    pub consideration: Option<usize>,
    pub label: String,
    pub prompt: String,
    pub help: String,
    /// Whether the answer is the person's to change, rather than a fact.
    pub actionable: bool,
    /// Ask only when this holds.
    pub when: Option<Condition>,
    /// The answer assumed when none is given.
    pub default: Option<Code>,
    /// For a number of days from today: the answers-file key that gives it as a date.
    pub date: Option<String>,
    pub kind: QuestionKind,
}

/// The kind of answer a question takes, with its scoring.
// Each field holds the rules-file key of the same name; the README (Your own rules) and
// rules.schema.json say what each means.
#[allow(missing_docs)]
#[derive(Debug, Clone)]
pub enum QuestionKind {
    /// One of named options.
    Choice { options: Vec<ChoiceOption> },
    /// A whole number from `min` to `max`; `points[v - min]` scores the value `v`.
    Scale {
        min: i64,
        max: i64,
        min_label: String,
        max_label: String,
        points: Vec<Points>,
    },
    /// Yes or no.
    YesNo { no: Points, yes: Points },
    /// A whole number from `min` to `max`, scored by bands.
    Number {
        min: i64,
        max: i64,
        bands: Vec<Band>,
    },
}

/// One option of a choice question.
// Each field holds the rules-file key of the same name; the README (Your own rules) and
// rules.schema.json say what each means.
#[allow(missing_docs)]
#[derive(Debug, Clone)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
    pub points: Points,
}

/// The values `min..=max` of a number question, which score alike.
// Each field holds the rules-file key of the same name; the README (Your own rules) and
// rules.schema.json say what each means.
#[allow(missing_docs)]
#[derive(Debug, Clone)]
pub struct Band {
    pub min: i64,
    pub max: i64,
    pub label: String,
    pub points: Points,
}

impl Question {
    /// Whether the answer to this question counts towards the scores.
    pub fn is_scored(&self) -> bool {
        self.consideration.is_some()
    }

    /// The points an answer gives, if it is a valid answer.
    pub fn points(&self, code: Code) -> Option<&Points> {
        match &self.kind {
            QuestionKind::Choice { options } => usize::try_from(code)
                .ok()
                .and_then(|i| options.get(i))
                .map(|o| &o.points),
            QuestionKind::Scale { min, points, .. } => {
                let offset = code.checked_sub(*min).and_then(|d| usize::try_from(d).ok());
                offset.and_then(|i| points.get(i))
            }
            QuestionKind::YesNo { no, yes } => match code {
                0 => Some(no),
                1 => Some(yes),
                _ => None,
            },
            QuestionKind::Number { bands, .. } => bands
                .iter()
                .find(|b| b.min <= code && code <= b.max)
                .map(|b| &b.points),
        }
    }

    /// Whether `code` is a valid answer to this question.
    pub fn accepts(&self, code: Code) -> bool {
        match &self.kind {
            QuestionKind::Choice { options } => (0..options.len() as Code).contains(&code),
            QuestionKind::YesNo { .. } => code == 0 || code == 1,
            QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. } => {
                (*min..=*max).contains(&code)
            }
        }
    }

    /// Every answer this question accepts, one per scoring step (a number question gives
    /// one representative value per band: its lowest).
    pub fn answer_steps(&self) -> Vec<Code> {
        match &self.kind {
            QuestionKind::Choice { options } => (0..options.len() as Code).collect(),
            QuestionKind::Scale { min, max, .. } => (*min..=*max).collect(),
            QuestionKind::YesNo { .. } => vec![0, 1],
            QuestionKind::Number { min, max, bands } => {
                if bands.is_empty() {
                    vec![*min, *max]
                } else {
                    bands.iter().map(|b| b.min).collect()
                }
            }
        }
    }

    /// The answer as written in an answers file (`accepted_offer`, `true`, `4`).
    pub fn value_text(&self, code: Code) -> String {
        match &self.kind {
            QuestionKind::Choice { options } => usize::try_from(code)
                .ok()
                .and_then(|i| options.get(i))
                .map_or_else(|| code.to_string(), |o| o.value.clone()),
            QuestionKind::YesNo { .. } => (code != 0).to_string(),
            QuestionKind::Scale { .. } | QuestionKind::Number { .. } => code.to_string(),
        }
    }

    /// The answer in words for a person (`I have accepted another offer`, `yes`, `4 of 5`).
    pub fn answer_label(&self, code: Code) -> String {
        let mut label = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_answer_label(code, &mut label);
        label
    }

    /// Writes [`Question::answer_label`] to `out`, without building a String first.
    pub fn write_answer_label(&self, code: Code, out: &mut impl fmt::Write) -> fmt::Result {
        match &self.kind {
            QuestionKind::Choice { options } => {
                match usize::try_from(code).ok().and_then(|i| options.get(i)) {
                    Some(option) => out.write_str(&option.label),
                    None => write!(out, "{code}"),
                }
            }
            QuestionKind::YesNo { .. } => out.write_str(if code != 0 { "yes" } else { "no" }),
            QuestionKind::Scale {
                min,
                max,
                min_label,
                max_label,
                ..
            } => {
                // Written piece by piece: `write!` costs a batch line a noticeable share.
                out.write_str(itoa::Buffer::new().format(code))?;
                out.write_str(" of ")?;
                out.write_str(itoa::Buffer::new().format(*max))?;
                let label = if code == *min {
                    min_label
                } else if code == *max {
                    max_label
                } else {
                    return Ok(());
                };
                out.write_str(" (")?;
                out.write_str(label)?;
                out.write_char(')')
            }
            QuestionKind::Number { .. } => out.write_str(itoa::Buffer::new().format(code)),
        }
    }

    /// The allowed answers, in words, for error messages.
    pub fn allowed(&self) -> String {
        match &self.kind {
            QuestionKind::Choice { options } => {
                let values: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
                format!("one of {}", values.join(", "))
            }
            QuestionKind::Scale { min, max, .. } => format!("a whole number from {min} to {max}"),
            QuestionKind::YesNo { .. } => "yes or no (true/false)".to_string(),
            QuestionKind::Number { min, max, .. } => {
                format!("a whole number from {min} to {max}")
            }
        }
    }

    /// Like [`Question::parse_answer`], but a question with a `date` key also takes a date
    /// (`2026-12-10`), counted in days from `today`.
    pub fn parse_answer_on(
        &self,
        text: &str,
        today: jiff::civil::Date,
    ) -> std::result::Result<Code, String> {
        match text.trim().parse::<jiff::civil::Date>() {
            Ok(date) if self.date.is_some() => self.days_until(date, today),
            _ => self.parse_answer(text),
        }
    }

    /// The answer for `date`: the days from `today` until it, checked against the range.
    pub fn days_until(
        &self,
        date: jiff::civil::Date,
        today: jiff::civil::Date,
    ) -> std::result::Result<Code, String> {
        let days = date
            .since(today)
            .map(|span| i64::from(span.get_days()))
            .map_err(|error| format!("cannot count the days to {date}: {error}"))?;
        let (min, max) = match &self.kind {
            QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. } => {
                (*min, *max)
            }
            _ => (Code::MIN, Code::MAX),
        };
        let key = self.date.as_deref().unwrap_or(self.id.as_str());
        if days < min.max(0) {
            Err(format!(
                "the date {date} for `{key}` has passed (today is {today}); give a date from \
                 today on"
            ))
        } else if days > max {
            Err(format!(
                "the date {date} for `{key}` is {days} days away, more than the {max} allowed"
            ))
        } else if days < min {
            Err(format!(
                "the date {date} for `{key}` is too soon: at least {min} days from today"
            ))
        } else {
            Ok(days)
        }
    }

    /// The date `code` days after `today`, for a question with a `date` key.
    pub fn date_of(&self, code: Code, today: jiff::civil::Date) -> Option<jiff::civil::Date> {
        self.date.as_ref()?;
        today
            .checked_add(jiff::Span::new().try_days(code).ok()?)
            .ok()
    }

    /// Reads an answer given as text (`accepted_offer`, `yes`, `4`); the error says what is allowed.
    pub fn parse_answer(&self, text: &str) -> std::result::Result<Code, String> {
        let text = text.trim();
        let refuse = || {
            let mut message = format!(
                "`{}` is not a valid answer to `{}`; expected {}",
                text,
                self.id,
                self.allowed()
            );
            if let QuestionKind::Choice { options } = &self.kind
                && let Some(suggestion) =
                    crate::text::did_you_mean(text, options.iter().map(|o| o.value.as_str()))
            {
                message.push_str("; ");
                message.push_str(&suggestion);
            }
            message
        };
        match &self.kind {
            QuestionKind::Choice { options } => options
                .iter()
                .position(|o| o.value == text)
                .map(|i| i as Code)
                .ok_or_else(refuse),
            QuestionKind::YesNo { .. } => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" => Ok(1),
                "false" | "no" | "n" => Ok(0),
                _ => Err(refuse()),
            },
            QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. } => {
                match text.parse::<i64>() {
                    Ok(value) if (*min..=*max).contains(&value) => Ok(value),
                    _ => Err(refuse()),
                }
            }
        }
    }
}
