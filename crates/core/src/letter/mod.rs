//! Letters: choosing the message that fits a recommendation and the answers, rendering
//! it from the rule set's templates, checking it against the politeness checklist, and
//! building an `.eml` draft. Pure: no terminal I/O.

mod checklist;
mod claims;
mod eml;
mod mailto;
mod template;

use std::collections::BTreeMap;

pub use checklist::{Check, SendBy, Step, checklist, is_short_notice, send_by};
pub use claims::{ClaimFinding, MAX_COMBINATIONS, answers_text, check_claims};
pub use eml::build_eml;
pub use mailto::mailto;
pub use template::{addressee, answers_read, claims_read, greeting};

// The details a letter may use are part of the rule-set format, so they are defined with it.
pub use crate::rules::template::{DETAILS, DetailSpec, MAX_DETAIL_CHARS, detail, detail_problem};

use crate::engine::Answers;
use crate::error::{Diagnostic, Error};
use crate::rules::Stage;
use crate::rules::{Channel, Letter, Outcome, RuleSet};

/// A subject longer than this many characters is cut off by many mail clients.
pub const MAX_SUBJECT_CHARS: usize = 60;
/// A letter longer than this many words is no longer short.
pub const MAX_BODY_WORDS: usize = 150;

/// Details by name. Blank values count as missing.
pub type Details = BTreeMap<String, String>;

/// A rendered letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The letter's id.
    pub kind: String,
    /// The letter's title in the rule set.
    pub title: String,
    /// Email or phone.
    pub channel: Channel,
    /// One line.
    pub subject: String,
    /// Paragraphs separated by one blank line, ending with a newline.
    pub body: String,
}

impl Rendered {
    /// The number of words in the body.
    pub fn body_words(&self) -> usize {
        self.body.split_whitespace().count()
    }

    /// Where the letter is longer than a short message should be, in words for a warning.
    pub fn length_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let chars = self.subject.chars().count();
        if chars > MAX_SUBJECT_CHARS {
            problems.push(format!(
                "the subject has {chars} characters; mail clients may cut it after {MAX_SUBJECT_CHARS}"
            ));
        }
        let words = self.body_words();
        if words > MAX_BODY_WORDS {
            problems.push(format!(
                "the body has {words} words; a short message stays under {MAX_BODY_WORDS}"
            ));
        }
        problems
    }

    /// `Subject: ...`, a blank line, then the body.
    pub fn to_text(&self) -> String {
        format!("Subject: {}\n\n{}", self.subject, self.body)
    }
}

/// What can go wrong choosing or rendering a letter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LetterError {
    /// No letter serves the outcome with these answers.
    #[error(
        "the rule set has no letter for `{outcome}` with these answers; \
         pick one with --kind (see `letter list`)"
    )]
    NoneFits {
        /// The outcome a letter was wanted for.
        outcome: Outcome,
    },
    /// `--kind` names no letter.
    #[error("unknown letter `{kind}`; the letters are: {known}")]
    UnknownKind {
        /// The id given.
        kind: String,
        /// The letters' ids, comma-separated.
        known: String,
    },
    /// The letter uses details that were not given; all of them are listed.
    #[error(
        "missing {} for the letter `{letter}`: {}",
        if missing.len() == 1 { "detail" } else { "details" },
        missing.join(", ")
    )]
    MissingDetails {
        /// The letter's id.
        letter: String,
        /// The missing details' names, in the order of [`DETAILS`].
        missing: Vec<&'static str>,
    },
    /// A template failed to render.
    #[error("letter `{letter}`: {message}")]
    Template {
        /// The letter's id.
        letter: String,
        /// Which template, its line, and what is wrong.
        message: String,
    },
    /// A later letter was asked for, but the answers do not support it.
    #[error(
        "the letter \u{201c}{title}\u{201d} ({letter}) does not fit your answers: it is \
         written only when {needs}; change that answer, or pick another letter (see `letter \
         list`)"
    )]
    DoesNotFit {
        /// The letter's id.
        letter: String,
        /// The letter's title.
        title: String,
        /// Its condition, in words.
        needs: String,
    },
    /// An `.eml` was asked for a phone script.
    #[error(
        "letter `{letter}` is a phone script, which has no eml form; use --format text or json{}",
        follow_with.as_ref().map(|id| format!(
            ", or --kind {id} --format eml for the email to send after the call"
        )).unwrap_or_default()
    )]
    NoEmlForm {
        /// The phone script's id.
        letter: String,
        /// The email letter to send after the call, if the rule set names one.
        follow_with: Option<String>,
    },
    /// The mail builder failed.
    #[error("cannot build the eml message: {0}")]
    Eml(String),
}

impl From<LetterError> for Error {
    fn from(error: LetterError) -> Self {
        match error {
            LetterError::UnknownKind { .. } | LetterError::NoEmlForm { .. } => {
                Error::Usage(error.to_string())
            }
            LetterError::Eml(_) => Error::Internal(error.to_string()),
            LetterError::NoneFits { .. }
            | LetterError::DoesNotFit { .. }
            | LetterError::MissingDetails { .. }
            | LetterError::Template { .. } => Error::invalid(Diagnostic::new(error.to_string())),
        }
    }
}

/// The reply letter for a recommendation and these answers ([`RuleSet::reply_letter`]).
pub fn choose(rules: &RuleSet, outcome: Outcome, answers: &Answers) -> Result<usize, LetterError> {
    rules
        .reply_letter(outcome, answers.as_slice())
        .ok_or(LetterError::NoneFits { outcome })
}

/// The questions letter `index` (and the email that follows it) reads: in its `when`, in
/// its text under `answers.`, and in the conditions of the claims its text tests; in
/// rule-set order.
pub fn questions_read(rules: &RuleSet, index: usize) -> Vec<usize> {
    let mut read = Vec::new();
    let follow = rules.letters.get(index).and_then(|l| l.follow_with);
    for letter in std::iter::once(index)
        .chain(follow)
        .filter_map(|i| rules.letters.get(i))
    {
        read.extend(letter.when.iter().flat_map(|w| w.questions()));
        read.extend(
            answers_read(letter)
                .iter()
                .filter_map(|id| rules.question_index(id)),
        );
        for id in claims_read(letter) {
            if let Some(claim) = rules.claims.iter().find(|c| c.id == id) {
                read.extend(claim.when.questions());
            }
        }
    }
    read.sort_unstable();
    read.dedup();
    read
}

/// The letter with this id.
pub fn find(rules: &RuleSet, kind: &str) -> Result<usize, LetterError> {
    rules
        .letters
        .iter()
        .position(|l| l.id == kind)
        .ok_or_else(|| LetterError::UnknownKind {
            kind: kind.to_string(),
            known: rules
                .letters
                .iter()
                .map(|l| l.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// The outcome a letter is written for: the recommendation when it serves it, else its first.
pub fn outcome_for(letter: &Letter, recommendation: Outcome) -> Outcome {
    if letter.outcomes.contains(&recommendation) {
        recommendation
    } else {
        letter.outcomes.first().copied().unwrap_or(recommendation)
    }
}

/// Renders letter `index` with these answers and details. A detail the letter uses but
/// that is missing (or blank) is an error that lists every such detail; a detail's value
/// is printed as written, never read as a template. A later letter (a follow-up) whose
/// `when` does not hold is refused, saying what it needs: it would state something the
/// answers do not support.
///
/// ```
/// use interview_advisor_core::engine::Answers;
/// use interview_advisor_core::letter::{self, Details, LetterError};
/// use interview_advisor_core::rules::{Outcome, RuleSet};
///
/// let rules = RuleSet::builtin()?;
/// let answers = Answers::empty(rules.questions.len());
/// let chosen = letter::choose(&rules, Outcome::Decline, &answers)?;
/// let mut details = Details::new();
/// details.insert("company".into(), "Acme Analytics".into());
/// // Every detail the letter uses and that is missing is named at once.
/// match letter::render(&rules, chosen, &answers, &details) {
///     Err(LetterError::MissingDetails { missing, .. }) => assert!(missing.contains(&"your_name")),
///     other => panic!("{other:?}"),
/// }
/// details.insert("your_name".into(), "Sam Park".into());
/// details.insert("position".into(), "Data Analyst".into());
/// details.insert("interviewer_name".into(), "Dana Lee".into());
/// let message = letter::render(&rules, chosen, &answers, &details)?;
/// assert!(message.body.contains("Sam Park"));
/// # Ok::<(), interview_advisor_core::error::Error>(())
/// ```
pub fn render(
    rules: &RuleSet,
    index: usize,
    answers: &Answers,
    details: &Details,
) -> Result<Rendered, LetterError> {
    render_dated(rules, index, answers, details, None)
}

/// Renders letter `index` as [`render`] does, and with the day of the interview, when it
/// is known, for the templates that name it (`interview_day`, `interview_weekday`).
pub fn render_dated(
    rules: &RuleSet,
    index: usize,
    answers: &Answers,
    details: &Details,
    day: Option<jiff::civil::Date>,
) -> Result<Rendered, LetterError> {
    let letter = template::letter_at(rules, index)?;
    if letter.stage == Stage::After
        && let Some(when) = &letter.when
        && !when.holds(answers.as_slice())
    {
        return Err(LetterError::DoesNotFit {
            letter: letter.id.clone(),
            title: letter.title.clone(),
            needs: when.describe(&rules.questions),
        });
    }
    template::render(rules, letter, answers, details, day)
}

/// The day of the interview, counted from `today` by the answer to the rule set's question
/// of how soon it is, when that question takes a date.
pub fn interview_day(
    rules: &RuleSet,
    answers: &Answers,
    today: jiff::civil::Date,
) -> Option<jiff::civil::Date> {
    let question = rules.urgency?.question;
    rules
        .questions
        .get(question)?
        .date_of(answers.get(question)?, today)
}

/// The details letter `index` (and the email that follows it) uses and that are missing,
/// in the order of [`DETAILS`].
pub fn missing_details(
    rules: &RuleSet,
    index: usize,
    answers: &Answers,
    details: &Details,
) -> Result<Vec<&'static str>, LetterError> {
    let mut missing: Vec<&'static str> = Vec::new();
    let follow = rules.letters.get(index).and_then(|l| l.follow_with);
    for part in std::iter::once(index).chain(follow) {
        match render(rules, part, answers, details) {
            Ok(_) => {}
            Err(LetterError::MissingDetails { missing: some, .. }) => missing.extend(some),
            Err(other) => return Err(other),
        }
    }
    Ok(DETAILS
        .iter()
        .map(|d| d.name)
        .filter(|name| missing.contains(name))
        .collect())
}
