//! The core of interview-advisor: the rule-set model, answers, scoring, explanations and
//! letters. Pure: no terminal I/O, no command line; the `interview-advisor` crate wraps it.
//!
//! The pipeline runs one way: a [`rules::RuleSet`] (loaded from YAML and validated) and
//! a set of [`engine::Answers`] go into [`engine::assess`]; the [`engine::Assessment`]
//! holds the recommendation, its reasons and what would change it, and [`letter`] picks
//! and renders the message to send:
//!
//! ```
//! use interview_advisor_core::engine::{AnswersFile, assess, resolve};
//! use interview_advisor_core::letter::{self, Details};
//! use interview_advisor_core::rules::{Outcome, RuleSet};
//! use interview_advisor_core::source::Source;
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
//! # Ok::<(), interview_advisor_core::error::Error>(())
//! ```
//!
//! The modules, lowest first: [`source`] (reading YAML with positions), [`error`],
//! [`text`] (English helpers and terminal-safe text), [`rules`], [`engine`], [`letter`].

#![deny(missing_docs)]

pub mod engine;
pub mod error;
pub mod letter;
pub mod rules;
pub mod source;
pub mod text;
