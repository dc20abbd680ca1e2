//! interview-advisor: decide whether to go to an interview you are unsure about, and
//! write the message to send.
//!
//! The pipeline runs one way: a [`rules::RuleSet`] (loaded from YAML and validated) and
//! a set of [`engine::Answers`] go into [`engine::assess`]; the [`engine::Assessment`] is
//! rendered by [`report`], and [`letter`] picks and renders the message to send.
//!
//! - The core, pure and without terminal I/O: [`rules`], [`engine`], [`letter`], with
//!   [`source`] (reading YAML with positions) and [`error`].
//! - The outside world: [`cli`] (the clap definitions), [`app`] (running a command),
//!   [`interview`] (the questionnaire and its prompters), [`report`] (tables, JSON,
//!   Markdown) and [`output`] (atomic file writes).

pub mod app;
pub mod cli;
pub mod engine;
pub mod error;
pub mod interview;
pub mod letter;
pub mod output;
pub mod report;
pub mod rules;
pub mod source;
pub mod text;
