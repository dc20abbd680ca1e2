//! The rule-set file as written: serde types that mirror `rules/default.yaml`.
//!
//! These types accept any well-formed file; the validator (behind
//! [`super::RuleSet::parse`]) turns them into a checked, index-based [`super::RuleSet`] or
//! reports every problem it finds.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::schema::{ChannelSchema, ConditionSchema, OutcomeSchema, PointsSchema, ScalarSchema};

/// Points one answer gives each outcome (`decline`, `postpone`, `proceed`); a missing outcome gets 0.
pub type RawPoints = BTreeMap<String, f64>;

/// A condition over earlier answers, in the form described in the README
/// (a map: all must hold; `any`, `all`, `not` combine; a list means "one of";
/// `{min, max}` bounds a scale or number).
pub type RawCondition = crate::source::Value;

/// The whole rules file.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "interview-advisor rules file")]
pub struct RawRuleSet {
    /// Format version; 1 is the only one so far.
    #[serde(default = "default_version")]
    pub version: u32,
    /// Confidence thresholds: how big the lead must be to be called clear or leaning.
    #[serde(default)]
    pub confidence: RawConfidence,
    /// The key considerations: the rows of the comparison table.
    #[serde(default)]
    pub considerations: Vec<RawConsideration>,
    /// The questions, in the order they are asked.
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
    /// Hard rules that decide the outcome whatever the points say.
    #[serde(default)]
    pub overrides: Vec<RawOverride>,
    /// How soon the interview is: the question that says it, and what counts as short notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<RawUrgency>,
    /// The facts a letter may state about the person, each with the answers that support it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<RawClaim>,
    /// Things to do besides sending the letter, shown with its checklist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<RawReminder>,
    /// The messages the advisor can write.
    #[serde(default)]
    pub letters: Vec<RawLetter>,
}

/// How soon the interview is.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawUrgency {
    /// The id of the number question that gives the days until the interview.
    pub days: String,
    /// An interview at most this many days away is short notice: answer the same day, and
    /// call before writing.
    pub short_notice: i64,
}

/// A fact a letter may state, and the answers that support it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawClaim {
    pub id: String,
    /// The claim in a few words, for messages.
    pub says: String,
    /// The answers that support the claim; templates read it as `claims.<id>`.
    #[schemars(with = "ConditionSchema")]
    pub when: RawCondition,
    /// Words that state the claim in a rendered letter (any case), for `rules audit`.
    pub phrases: Vec<String>,
    /// The checklist step that stating the claim shows, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<RawClaimStep>,
    /// For the checklist: the outcomes whose letters the step counts for (all when left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<OutcomeSchema>")]
    pub outcomes: Vec<String>,
}

/// A checklist step a claim can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RawClaimStep {
    /// A brief reason for the answer.
    BriefReason,
    /// An offer to stay in touch.
    DoorLeftOpen,
}

/// Something to do besides sending the letter.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReminder {
    pub id: String,
    /// The recommendations it applies to.
    #[schemars(with = "Vec<OutcomeSchema>")]
    pub outcomes: Vec<String>,
    /// Show it only when this holds.
    #[serde(default)]
    #[schemars(with = "Option<ConditionSchema>")]
    pub when: Option<RawCondition>,
    /// What to do, in a sentence.
    pub text: String,
}

fn default_version() -> u32 {
    1
}

/// Thresholds for the confidence word, in weighted points of lead over the runner-up.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawConfidence {
    /// A lead of at least this much is `clear`.
    pub clear: f64,
    /// A lead of at least this much (and less than `clear`) is `leaning`; below it, a `close call`.
    pub leaning: f64,
}

impl Default for RawConfidence {
    fn default() -> Self {
        RawConfidence {
            clear: 4.0,
            leaning: 1.5,
        }
    }
}

/// One key consideration.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawConsideration {
    pub id: String,
    pub title: String,
    pub description: String,
    pub weight: f64,
}

/// The kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RawQuestionType {
    /// One of a list of named options.
    Choice,
    /// A whole number on a short scale, such as 1 to 5.
    Scale,
    /// Yes or no.
    YesNo,
    /// A whole number in a range, scored by bands.
    Number,
}

/// One question. Which fields apply depends on `type`; validation says which are missing or out of place.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: String,
    /// The consideration it scores under; absent for questions that only shape the letter.
    #[serde(default)]
    pub consideration: Option<String>,
    #[serde(rename = "type")]
    pub kind: RawQuestionType,
    /// A short name used in tables and sentences ("interest in the role").
    pub label: String,
    /// The question as a person reads it.
    pub prompt: String,
    /// Why the question matters.
    pub help: String,
    /// Whether the answer is the person's to change (how keen they are, confirming, timing),
    /// rather than a fact; what-if lists such changes first.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub actionable: bool,
    /// Ask only when this holds over earlier answers.
    #[serde(default)]
    #[schemars(with = "Option<ConditionSchema>")]
    pub when: Option<RawCondition>,
    /// The answer assumed when none is given (only for questions that are not scored).
    #[serde(default)]
    #[schemars(with = "Option<ScalarSchema>")]
    pub default: Option<crate::source::Value>,
    /// Choice: the options.
    #[serde(default)]
    pub options: Option<Vec<RawOption>>,
    /// Number: a key under which an answers file may give the answer as a date
    /// (`2026-12-10`) instead, counted in days from today (such as `interview_date` for
    /// the days until the interview). The questionnaire then takes a date too, and saves
    /// the date, so that a saved file does not go stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Scale or number: the smallest allowed answer.
    #[serde(default)]
    pub min: Option<i64>,
    /// Scale or number: the largest allowed answer.
    #[serde(default)]
    pub max: Option<i64>,
    /// Scale: what the smallest value means.
    #[serde(default)]
    pub min_label: Option<String>,
    /// Scale: what the largest value means.
    #[serde(default)]
    pub max_label: Option<String>,
    /// Scale: points for each value, keyed by the value.
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<i64, PointsSchema>>")]
    pub scale: Option<BTreeMap<i64, RawPoints>>,
    /// Yes/no: points for a yes.
    #[serde(default)]
    #[schemars(with = "Option<PointsSchema>")]
    pub yes: Option<RawPoints>,
    /// Yes/no: points for a no.
    #[serde(default)]
    #[schemars(with = "Option<PointsSchema>")]
    pub no: Option<RawPoints>,
    /// Number: bands of values that score alike.
    #[serde(default)]
    pub bands: Option<Vec<RawBand>>,
}

/// One option of a choice question.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub value: String,
    pub label: String,
    #[serde(default)]
    #[schemars(with = "PointsSchema")]
    pub points: RawPoints,
}

/// A band of a number question: the values from `min` to `max` (inclusive) score alike.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub min: i64,
    pub max: i64,
    pub label: String,
    #[serde(default)]
    #[schemars(with = "PointsSchema")]
    pub points: RawPoints,
}

/// A hard rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOverride {
    pub id: String,
    #[schemars(with = "ConditionSchema")]
    pub when: RawCondition,
    #[schemars(with = "OutcomeSchema")]
    pub outcome: String,
    /// Higher priorities are checked first; equal priorities keep file order.
    #[serde(default)]
    pub priority: i64,
    /// A few words that name the rule for people (in tables and reasons); without it, the
    /// id is shown in words.
    #[serde(default)]
    pub title: Option<String>,
    /// The sentence shown when the rule fires.
    pub because: String,
}

/// A message template: a letter (or a phone script) and when to write it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLetter {
    pub id: String,
    pub title: String,
    /// The outcomes this letter serves: for a `reply`, the recommendations it answers; for
    /// an `after` letter, the outcome of the message sent before it.
    #[schemars(with = "Vec<OutcomeSchema>")]
    pub outcomes: Vec<String>,
    /// `reply` (the default): the message that answers the invitation, chosen from the
    /// recommendation and the answers. `after`: a later message (a follow-up), written only
    /// when asked for by id.
    #[serde(default)]
    pub stage: RawStage,
    /// `email` or `phone`.
    #[schemars(with = "ChannelSchema")]
    pub channel: String,
    /// Use this letter only when the condition holds over the answers.
    #[serde(default)]
    #[schemars(with = "Option<ConditionSchema>")]
    pub when: Option<RawCondition>,
    /// For a phone script: the id of the email to send after the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_with: Option<String>,
    /// A word to the person shown beside the letter, not part of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The subject line (for a phone script, its heading): a template.
    #[serde(default)]
    pub subject: String,
    /// The text: a template.
    pub body: String,
}

/// When a letter is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RawStage {
    /// Answers the invitation now.
    #[default]
    Reply,
    /// Follows an earlier message.
    After,
}
