//! The rule set: considerations, questions with their points, overrides and letters,
//! loaded from YAML, validated, and compiled to an index-based form the engine reads.

mod condition;
mod question;
// schemars turns doc comments into the descriptions in rules.schema.json; the raw types'
// fields are the YAML keys themselves, which that file and the README describe.
#[allow(missing_docs)]
pub mod raw;
pub mod schema;
pub(crate) mod template;
mod validate;

use std::fmt;
use std::path::Path;
use std::str::FromStr;

pub use condition::Condition;
pub use question::{Band, ChoiceOption, Question, QuestionKind};

use crate::error::Result;
use crate::source::Source;

/// The built-in rule set, embedded at compile time.
pub const BUILTIN_RULES: &str = include_str!("../../../../rules/default.yaml");

/// The built-in rule set as JSON, written by the build script from `rules/default.yaml`
/// (the build stops if that does not parse as YAML).
const BUILTIN_RULES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_rules.json"));

/// The name the built-in rule set goes by in messages.
pub const BUILTIN_NAME: &str = "<built-in rules>";

/// A course of action the advisor can recommend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Say no to the interview.
    Decline,
    /// Ask to reschedule, or for time.
    Postpone,
    /// Go to the interview.
    Proceed,
}

impl Outcome {
    /// All outcomes, in table order.
    pub const ALL: [Outcome; 3] = [Outcome::Decline, Outcome::Postpone, Outcome::Proceed];

    /// The order ties are broken in: the first of the tied outcomes here wins. Postponing keeps
    /// every door open, and going keeps more open than declining.
    pub const TIE_ORDER: [Outcome; 3] = [Outcome::Postpone, Outcome::Proceed, Outcome::Decline];

    /// The id used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Decline => "decline",
            Outcome::Postpone => "postpone",
            Outcome::Proceed => "proceed",
        }
    }

    /// The outcome's position in [`Outcome::ALL`] and in [`Points`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// A title for tables.
    pub fn title(self) -> &'static str {
        match self {
            Outcome::Decline => "Decline",
            Outcome::Postpone => "Postpone",
            Outcome::Proceed => "Proceed",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Outcome {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        Outcome::ALL
            .into_iter()
            .find(|outcome| outcome.as_str() == text)
            .ok_or_else(|| {
                format!("unknown outcome `{text}`; the outcomes are decline, postpone, proceed")
            })
    }
}

/// The largest points one answer may give an outcome, either way.
pub const MAX_POINTS: f64 = 1e6;

/// The largest weight a consideration may have. With points bounded too, and a file
/// holding at most [`crate::source::MAX_VALUES`] values, every weighted total, sum and
/// difference the engine works out stays far inside the finite range.
pub const MAX_WEIGHT: f64 = 1e6;

/// Points for each outcome, indexed by [`Outcome::index`].
pub type Points = [f64; 3];

/// An answer in compiled form: a choice's option index, 0 (no) or 1 (yes), or the number itself.
pub type Code = i64;

/// A validated, compiled rule set.
// Each field holds the rules-file key of the same name; the README (Your own rules) and
// rules.schema.json say what each means.
#[allow(missing_docs)]
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Where it came from, for messages.
    pub name: String,
    pub considerations: Vec<Consideration>,
    pub questions: Vec<Question>,
    /// Overrides in the order they are checked (highest priority first).
    pub overrides: Vec<Override>,
    pub letters: Vec<Letter>,
    /// The facts letters may state, with the answers that support each.
    pub claims: Vec<Claim>,
    /// Things to do besides sending the letter.
    pub reminders: Vec<Reminder>,
    /// How soon the interview is, when the rule set says which question gives it.
    pub urgency: Option<Urgency>,
    pub confidence: ConfidenceThresholds,
    /// The file as written, for `rules show` and the schema.
    pub raw: raw::RawRuleSet,
}

/// How big a lead must be to be called clear or leaning.
// Each field holds the rules-file key of the same name; the README (Your own rules) and
// rules.schema.json say what each means.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConfidenceThresholds {
    pub clear: f64,
    pub leaning: f64,
}

/// A key consideration: a row of the comparison table.
// Each field holds the rules-file key of the same name; the README (Your own rules) and
// rules.schema.json say what each means.
#[allow(missing_docs)]
#[derive(Debug, Clone)]
pub struct Consideration {
    pub id: String,
    pub title: String,
    pub description: String,
    pub weight: f64,
    /// Whose weight `weight` is: the rule set's, or one a person set for themselves.
    pub source: WeightSource,
}

/// Where a consideration's weight comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeightSource {
    /// The rule set's own weight.
    #[default]
    Rules,
    /// A person's own weight (an answers file's `weights:`, or `weights.yaml`).
    Personal,
}

impl WeightSource {
    /// The word written in JSON: `rules` or `personal`.
    pub fn as_str(self) -> &'static str {
        match self {
            WeightSource::Rules => "rules",
            WeightSource::Personal => "personal",
        }
    }
}

/// A hard rule: when its condition holds, it decides the outcome.
// Each field holds the rules-file key of the same name; the README (Your own rules) and
// rules.schema.json say what each means.
#[allow(missing_docs)]
#[derive(Debug, Clone)]
pub struct Override {
    pub id: String,
    pub when: Condition,
    pub outcome: Outcome,
    pub priority: i64,
    /// The rule's name for people: its `title`, or its id in words.
    pub title: String,
    pub because: String,
}

/// A message template.
// Each field holds the rules-file key of the same name; the README (Your own rules) and
// rules.schema.json say what each means.
#[allow(missing_docs)]
#[derive(Debug, Clone)]
pub struct Letter {
    pub id: String,
    pub title: String,
    /// For a reply, the recommendations it serves; for an `after` letter, the outcome of the
    /// message it follows.
    pub outcomes: Vec<Outcome>,
    pub stage: Stage,
    pub channel: Channel,
    /// Use the letter only when this holds.
    pub when: Option<Condition>,
    /// For a phone script: the email to send after the call (an index into the letters).
    pub follow_with: Option<usize>,
    /// A word to the person shown beside the letter, not part of it.
    pub note: Option<String>,
    pub subject: String,
    pub body: String,
}

/// When a letter is written.
pub use raw::RawStage as Stage;

/// The checklist step that stating a claim shows.
pub use raw::RawClaimStep as ClaimStep;

/// A fact a letter may state about the person, and the answers that support it.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The id templates read it by (`claims.<id>`).
    pub id: String,
    /// The claim in a few words.
    pub says: String,
    /// The answers that support it.
    pub when: Condition,
    /// Words that state it in a rendered letter, in lower case.
    pub phrases: Vec<String>,
    /// The checklist step it shows, if any.
    pub step: Option<ClaimStep>,
    /// The outcomes whose letters the step counts for (empty: all).
    pub outcomes: Vec<Outcome>,
}

impl Claim {
    /// Whether the claim counts for the checklist step of a letter for `outcome`.
    pub fn counts_for(&self, outcome: Outcome) -> bool {
        self.outcomes.is_empty() || self.outcomes.contains(&outcome)
    }

    /// Whether a rendered text (in lower case) states the claim.
    pub fn stated_in(&self, lower_text: &str) -> bool {
        self.phrases.iter().any(|p| lower_text.contains(p.as_str()))
    }
}

/// Something to do besides sending the letter.
#[derive(Debug, Clone)]
pub struct Reminder {
    /// Its id.
    pub id: String,
    /// The recommendations it applies to.
    pub outcomes: Vec<Outcome>,
    /// Shown only when this holds.
    pub when: Option<Condition>,
    /// What to do, in a sentence.
    pub text: String,
}

/// How soon the interview is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Urgency {
    /// Index of the number question that gives the days until the interview.
    pub question: usize,
    /// At most this many days away is short notice.
    pub short_notice: i64,
}

/// How a letter is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Written and sent.
    Email,
    /// Talking points for a call.
    Phone,
}

impl Channel {
    /// The id used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Phone => "phone",
        }
    }
}

impl Letter {
    /// How specific the letter's condition is: the number of tests it makes (0 without one).
    pub fn specificity(&self) -> usize {
        self.when.as_ref().map_or(0, Condition::specificity)
    }

    /// Whether the letter applies to these answers.
    pub fn applies(&self, answers: &[Option<Code>]) -> bool {
        self.when.as_ref().is_none_or(|when| when.holds(answers))
    }
}

impl RuleSet {
    /// The reminders for a recommendation of `outcome` whose condition holds for
    /// `answers` (indexed like the questions): things to do besides sending the letter.
    pub fn reminders_for<'a>(
        &'a self,
        outcome: Outcome,
        answers: &'a [Option<Code>],
    ) -> impl Iterator<Item = &'a Reminder> + 'a {
        self.reminders.iter().filter(move |r| {
            r.outcomes.contains(&outcome) && r.when.as_ref().is_none_or(|w| w.holds(answers))
        })
    }

    /// The built-in rule set.
    ///
    /// Every command loads it, so it loads fast: from the JSON the build script wrote, without
    /// the letter-template check (tests check that this gives the same rule set as
    /// [`RuleSet::parse`] on the YAML, which does every check). If the JSON does not compile
    /// to a valid rule set, the YAML is loaded with every check, so the problems are reported
    /// with their places in `rules/default.yaml`.
    ///
    /// ```
    /// use interview_advisor_core::rules::RuleSet;
    ///
    /// let rules = RuleSet::builtin()?;
    /// assert!(rules.question("reason").is_some());
    /// # Ok::<(), interview_advisor_core::error::Error>(())
    /// ```
    pub fn builtin() -> Result<RuleSet> {
        serde_json::from_str::<raw::RawRuleSet>(BUILTIN_RULES_JSON)
            .ok()
            .and_then(|raw| validate::compile_trusted(raw, BUILTIN_NAME))
            .map_or_else(
                || Self::parse(&Source::from_text(BUILTIN_NAME, BUILTIN_RULES)),
                Ok,
            )
    }

    /// Reads, parses and validates a rules file.
    pub fn load(path: &Path) -> Result<RuleSet> {
        Self::parse(&Source::read(path)?)
    }

    /// Parses and validates rules held in memory, reporting every problem together, each
    /// placed in the text (`file:line:col: message`).
    ///
    /// ```
    /// use interview_advisor_core::rules::RuleSet;
    /// use interview_advisor_core::source::Source;
    ///
    /// // A consideration is a map of fields, not a bare name.
    /// let source = Source::from_text("mine.yaml", "considerations: [motivation]\n");
    /// let error = RuleSet::parse(&source).unwrap_err();
    /// assert!(error.to_string().starts_with("mine.yaml:1:18: considerations[0]"), "{error}");
    /// ```
    pub fn parse(source: &Source) -> Result<RuleSet> {
        let raw: raw::RawRuleSet = source.parse()?;
        validate::compile(raw, source)
    }

    /// The index of the question with this id.
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The reply letter for an outcome and these answers: among the letters at the `reply`
    /// stage that serve the outcome and whose `when` holds, the most specific (the one whose
    /// condition makes the most tests); between equally specific ones, the first listed.
    /// `None` when no letter fits.
    pub fn reply_letter(&self, outcome: Outcome, answers: &[Option<Code>]) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (index, letter) in self.letters.iter().enumerate() {
            if letter.stage != Stage::Reply
                || !letter.outcomes.contains(&outcome)
                || !letter.applies(answers)
            {
                continue;
            }
            let specificity = letter.specificity();
            if best.is_none_or(|(_, top)| specificity > top) {
                best = Some((index, specificity));
            }
        }
        best.map(|(index, _)| index)
    }

    /// Whether question `index` is asked, given the answers so far.
    pub fn is_asked(&self, index: usize, answers: &[Option<Code>]) -> bool {
        self.questions[index]
            .when
            .as_ref()
            .is_none_or(|when| when.holds(answers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_built_in_rules_equal_the_fully_checked_yaml() {
        let fast = RuleSet::builtin().expect("the built-in rules load");
        let checked = RuleSet::parse(&Source::from_text(BUILTIN_NAME, BUILTIN_RULES))
            .expect("the built-in rules pass every check");
        assert!(
            !BUILTIN_RULES_JSON.is_empty(),
            "the build script wrote no JSON"
        );
        assert_eq!(format!("{fast:?}"), format!("{checked:?}"));
    }
}
