//! interview-advisor: decide whether to go to an interview you are unsure about, and
//! write the message to send.
//!
//! The pipeline runs one way: a [`rules::RuleSet`] (loaded from YAML and validated) and
//! a set of [`engine::Answers`] go into [`engine::assess`]; the [`engine::Assessment`] is
//! rendered by [`report`], and [`letter`] picks and renders the message to send. The
//! crate-level example of `interview_advisor_core` walks through it.
//!
//! - The core, pure and without terminal I/O, is the `interview-advisor-core` crate
//!   (`crates/core/`), re-exported here: [`rules`], [`engine`], [`letter`], with
//!   [`source`] (reading YAML with positions) and [`error`].
//! - The outside world: [`app`] (running a command, with the clap definitions and the
//!   atomic file writes as private modules beside it), [`interview`] (the questionnaire
//!   and its prompters) and [`report`] (tables, JSON, Markdown).

#![deny(missing_docs)]

pub use interview_advisor_core::{engine, error, letter, rules, source};
// English helpers and terminal-safe text, shared with the core; not part of this crate's API.
use interview_advisor_core::text;

pub mod app;
mod cli;
pub mod interview;
mod output;
pub mod report;
pub mod serve;
