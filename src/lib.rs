//! interview-advisor: decide whether to go to an interview you are unsure about, and
//! write the message to send.
//!
//! The pipeline runs one way: a [`rules::RuleSet`] (loaded from YAML and validated) and
//! a set of [`engine::Answers`] go into [`engine::assess`]; the [`engine::Assessment`] is
//! rendered by [`report`], and [`letter`] picks and renders the message to send:
//!
//! ```
//! use interview_advisor::engine::{AnswersFile, assess, resolve};
//! use interview_advisor::letter::{self, Details};
//! use interview_advisor::rules::{Outcome, RuleSet};
//! use interview_advisor::source::Source;
//!
//! let rules = RuleSet::builtin()?;
//! let source = Source::from_text(
//!     "answers.yaml",
//!     "answers:\n  reason: schedule_conflict\n  interest: 5\n  already_confirmed: true\n  \
//!      referred: false\n  future_contact: medium\n  days_until_interview: 4\n  \
//!      company_growth: 4\n  revisit_later: true\n  goal_alignment: 4\n  other_options: some\n",
//! );
//! let file = AnswersFile::parse(&source)?;
//! let answers = resolve(&rules, &file, &source, true)?.answers;
//! let assessment = assess(&rules, &answers);
//! assert_eq!(assessment.recommendation, Outcome::Postpone);
//!
//! let chosen = letter::choose(&rules, assessment.recommendation, &answers)?;
//! let details: Details = [
//!     ("interviewer_name", "Dana Lee"),
//!     ("company", "Acme Analytics"),
//!     ("position", "Data Analyst"),
//!     ("your_name", "Sam Park"),
//!     ("availability", "Tuesday or Thursday afternoon next week"),
//! ]
//! .into_iter()
//! .map(|(name, value)| (name.to_string(), value.to_string()))
//! .collect();
//! let message = letter::render(&rules, chosen, &answers, &details)?;
//! assert!(message.body.contains("Tuesday or Thursday afternoon next week"));
//! # Ok::<(), interview_advisor::error::Error>(())
//! ```
//!
//! - The core, pure and without terminal I/O: [`rules`], [`engine`], [`letter`], with
//!   [`source`] (reading YAML with positions) and [`error`].
//! - The outside world: [`app`] (running a command, with the clap definitions and the
//!   atomic file writes as private modules beside it), [`interview`] (the questionnaire
//!   and its prompters) and [`report`] (tables, JSON, Markdown).

#![deny(missing_docs)]

pub mod app;
mod cli;
pub mod engine;
pub mod error;
pub mod interview;
pub mod letter;
mod output;
pub mod report;
pub mod rules;
pub mod serve;
pub mod source;
mod text;
