//! interview-advisor: decide whether to go to an interview you are unsure about, and
//! write the message to send.
//!
//! The pipeline runs one way: a [`rules::RuleSet`] (loaded from YAML and validated) and
//! a set of [`engine::Answers`] go into [`engine::assess`], whose [`engine::Assessment`]
//! the command line renders. The core (`rules`, `engine`) does no terminal I/O.

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
