//! The command line: clap definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Decide whether to go to an interview you are unsure about, and write the message to send.
#[derive(Debug, Parser)]
#[command(
    name = "interview-advisor",
    version,
    about,
    long_about = "Decide whether to go to an interview you are unsure about.\n\n\
        A short questionnaire weighs your answers against a rule set of key considerations \
        (motivation, reputation, growth, goals), recommends decline, postpone or proceed, \
        shows the scored comparison and explains why.",
    after_help = "Examples:\n  \
        interview-advisor advise\n  \
        interview-advisor advise --answers my-answers.yaml --format json\n  \
        interview-advisor compare acme.yaml globex.yaml\n  \
        interview-advisor rules validate my-rules.yaml",
    propagate_version = true
)]
pub struct Cli {
    /// Use this rule set instead of the built-in one.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "INTERVIEW_ADVISOR_RULES"
    )]
    pub rules: Option<PathBuf>,

    /// When to use colour: auto (a terminal and NO_COLOR unset), always or never.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ask the questions (or read them from a file) and recommend what to do.
    #[command(after_help = "Examples:\n  \
        interview-advisor advise\n  \
        interview-advisor advise --answers answers.yaml\n  \
        interview-advisor advise --answers answers.yaml --format json\n  \
        cat answers.json | interview-advisor advise --answers - --no-input")]
    Advise(AdviseArgs),

    /// Score several answers files (several invitations) side by side.
    #[command(after_help = "Example:\n  interview-advisor compare acme.yaml globex.yaml")]
    Compare {
        /// Answers files, one per invitation.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },

    /// Check, show and test rule sets.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Debug, Args)]
pub struct AdviseArgs {
    /// Read answers (and details) from this YAML or JSON file; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// Write the answers (and details) to this file, to reuse with --answers.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Replace the --save file if it exists.
    #[arg(long)]
    pub force: bool,

    /// Never ask: every answer must come from --answers.
    #[arg(long)]
    pub no_input: bool,

    /// How to print the result.
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: ReportFormat,
}

/// How `advise` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// The comparison table and explanation, for people.
    Table,
    /// One JSON object, for programs.
    Json,
    /// Markdown, for notes.
    Markdown,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check a rule set and report every problem with its line and column.
    #[command(after_help = "Examples:\n  \
        interview-advisor rules validate\n  \
        interview-advisor rules validate my-rules.yaml")]
    Validate {
        /// The rules file (default: --rules, or the built-in rule set).
        path: Option<PathBuf>,
    },

    /// Show the rule set as tables: considerations, questions with points, overrides.
    #[command(after_help = "Example:\n  interview-advisor rules show")]
    Show,

    /// Run the rule set's test cases and report each as PASS or FAIL.
    #[command(after_help = "Examples:\n  \
        interview-advisor rules test\n  \
        interview-advisor rules test my-rules.yaml --cases my-cases/")]
    Test {
        /// The rules file (default: --rules, or the built-in rule set).
        path: Option<PathBuf>,

        /// A case file or a folder of them (default: `cases/` beside the rules file, or the
        /// built-in cases).
        #[arg(long, value_name = "PATH")]
        cases: Option<PathBuf>,
    },
}
