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
        interview-advisor letter --answers my-answers.yaml\n  \
        interview-advisor compare acme.yaml globex.yaml\n  \
        interview-advisor rules validate my-rules.yaml",
    propagate_version = true
)]
pub struct Cli {
    /// Use this rule set. Without it: $INTERVIEW_ADVISOR_RULES, then `rules.yaml` in your
    /// config folder, then the built-in rule set (`rules path` says which is in use).
    #[arg(long, global = true, value_name = "PATH")]
    pub rules: Option<PathBuf>,

    /// When to use colour: auto (a terminal and NO_COLOR unset), always or never.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,

    /// Show ids (of hard rules, questions) beside the names people read.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,

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
    #[command(after_help = "Examples:\n  \
        interview-advisor compare acme.yaml globex.yaml\n  \
        interview-advisor compare acme.yaml globex.yaml --format json\n\n\
        Rows are sorted by how strongly going to the interview leads. The last column names \
        the hard rule that decided, or says the points did.")]
    Compare {
        /// Answers files, one per invitation.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,

        /// How to print the comparison: table, json or markdown.
        #[arg(long, value_name = "FORMAT", default_value = "table")]
        format: ReportFormat,
    },

    /// Write the message to send: a decline, a request to reschedule or a confirmation.
    #[command(after_help = "Examples:\n  \
        interview-advisor letter --answers answers.yaml\n  \
        interview-advisor letter --answers answers.yaml --set company=Acme\n  \
        interview-advisor letter --answers answers.yaml --kind follow_up_after_declining\n  \
        interview-advisor letter --answers answers.yaml --format eml --out decline.eml\n  \
        interview-advisor letter list\n\n\
        Details: interviewer_name, company, position, your_name, availability, and optionally \
        interviewer_email and your_email (for the To: and From: lines of an eml draft). They \
        come from the answers file's `details:`, from --set, or are asked for on a terminal.")]
    Letter(LetterArgs),

    /// Score many answer sets: JSON Lines in, one assessment per line out, in order.
    #[command(after_help = "Examples:\n  \
        interview-advisor batch answers.jsonl > assessments.jsonl\n  \
        interview-advisor batch --what-if answers.jsonl\n  \
        cat answers.jsonl | interview-advisor batch\n\n\
        Each input line is one JSON object in the shape of an answers file, \
        {\"answers\": {...}, \"details\": {...}} (details are optional and only checked), \
        with every scored question answered. Each output line holds the fields of \
        `advise --format json`, without `what_if` unless --what-if is given. A line that \
        cannot be scored gives {\"line\": N, \"error\": \"...\", \"errors\": [...]} \
        and the other lines go on; the exit code is then 65. Blank lines are skipped, and \
        a line longer than 64 KiB is refused.")]
    Batch(BatchArgs),

    /// Say which considerations matter most to you, two at a time, and get your own weights.
    #[command(after_help = "Examples:\n  \
        interview-advisor priorities\n  \
        interview-advisor priorities --save ~/.config/interview-advisor/weights.yaml\n  \
        printf '1\\n2\\n3\\n' | interview-advisor priorities --format json\n\n\
        Each question compares two considerations: pick the one that matters more to you, \
        or \"about the same\". Pairs that follow from earlier answers are not asked. The \
        weights are printed, and with --save written as a `weights:` map: use it as \
        weights.yaml in the config folder (the default for every answers file without \
        weights of its own) or copy it into an answers file. On a pipe, answer with the \
        option numbers, one a line.")]
    Priorities(PrioritiesArgs),

    /// Check, show and test rule sets.
    #[command(subcommand)]
    Rules(RulesCommand),

    /// Serve the advisor as a web page and a JSON API (nothing is stored).
    #[command(after_help = "Examples:\n  \
        interview-advisor serve\n  \
        interview-advisor serve --port 9000 --open\n  \
        interview-advisor serve --bind 0.0.0.0\n\n\
        The page is at http://127.0.0.1:8765/ and the API under /api/v1/ (its OpenAPI \
        document is /api/v1/openapi.json). The service has no login: it listens on this \
        computer only unless --bind names another address. Ctrl-C stops it.")]
    Serve(ServeArgs),

    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "Examples:\n  \
        interview-advisor completions bash > ~/.local/share/bash-completion/completions/interview-advisor\n  \
        interview-advisor completions zsh > ~/.zfunc/_interview-advisor\n  \
        interview-advisor completions fish > ~/.config/fish/completions/interview-advisor.fish")]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff).
    #[command(after_help = "Examples:\n  \
        interview-advisor man | man -l -\n  \
        interview-advisor man > ~/.local/share/man/man1/interview-advisor.1")]
    Man,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on. Anything but a loopback address makes the advisor
    /// reachable from other computers, without a login.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,

    /// The port to listen on (0 picks a free one).
    #[arg(long, value_name = "N", default_value_t = 8765)]
    pub port: u16,

    /// Open the page in the default web browser once the service listens.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// JSON Lines of answers; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Add the what-if list to each assessment (slower).
    #[arg(long)]
    pub what_if: bool,

    /// Add the weights and, per consideration, how far its weight can move before the
    /// recommendation changes.
    #[arg(long)]
    pub stability: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct LetterArgs {
    #[command(subcommand)]
    pub command: Option<LetterCommand>,

    /// Read answers and details from this YAML or JSON file; `-` reads standard input.
    /// Without it, --kind names the letter, and the answers it reads are asked for on a
    /// terminal (or taken from their defaults).
    #[arg(long, value_name = "FILE", required_unless_present = "kind")]
    pub answers: Option<PathBuf>,

    /// Write this letter instead of the one the advice picks (see `letter list`).
    #[arg(long, value_name = "ID")]
    pub kind: Option<String>,

    /// Set a detail, overriding the answers file (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub set: Vec<(String, String)>,

    /// How to print the letter: text (Subject line, blank line, body), json, or eml (a
    /// draft for a mail client).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: LetterFormat,

    /// Write the letter to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace the --out file if it exists.
    #[arg(long)]
    pub force: bool,

    /// Never ask: a missing detail is an error.
    #[arg(long)]
    pub no_input: bool,

    /// Open the letter in your editor ($VISUAL or $EDITOR) first, and use what you save.
    #[arg(long)]
    pub edit: bool,

    /// Also put the letter on the clipboard (the system's, or the terminal's by OSC 52).
    #[arg(long)]
    pub copy: bool,

    /// Also hand the letter to your mail program as a new message (a mailto: link).
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Subcommand)]
pub enum LetterCommand {
    /// List every letter with its outcome, channel and when it is used.
    #[command(after_help = "Example:\n  interview-advisor letter list")]
    List,
}

/// How `letter` prints the letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LetterFormat {
    /// `Subject: ...`, a blank line, the body; the politeness checklist goes to stderr.
    Text,
    /// One JSON object with kind, channel, subject, body and the checklist.
    Json,
    /// An RFC 5322 message that a mail client opens as a draft.
    Eml,
}

/// Reads `KEY=VALUE` for --set.
fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        // An empty value would silently blank the detail the answers file gives.
        Some((key, value)) if !key.trim().is_empty() && value.trim().is_empty() => Err(format!(
            "`{text}` gives `{}` an empty value; give one, such as {}=Acme, or leave --set out",
            key.trim(),
            key.trim()
        )),
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_string(), value.to_string()))
        }
        _ => Err(format!(
            "expected KEY=VALUE, such as company=Acme, but found `{text}`"
        )),
    }
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

    /// Go on with the questionnaire left unfinished (Esc, Ctrl-C): its answers are kept
    /// as a draft in your state folder until it is done.
    #[arg(long, conflicts_with_all = ["answers", "no_input"])]
    pub resume: bool,

    /// Open the answers of --answers on the review screen, to change any before the result.
    #[arg(long, requires = "answers", conflicts_with = "no_input")]
    pub review: bool,

    /// How to print the result.
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: ReportFormat,

    /// After the advice, write the message to send (details from the answers file; with
    /// --no-input or on a pipe, a missing one is an error).
    #[arg(long)]
    pub letter: bool,
}

/// How `rules audit` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// Tables and findings, for people.
    Text,
    /// One JSON object with exact counts, for programs.
    Json,
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

    /// Print the JSON Schema of the rules-file format, for editors.
    #[command(after_help = "Examples:\n  \
        interview-advisor rules schema > rules.schema.json\n\n\
        Start a rules file with `# yaml-language-server: $schema=rules.schema.json` and editors \
        with a YAML language server check and complete it.")]
    Schema,

    /// Write a copy of the built-in rule set to start your own from.
    #[command(after_help = "Examples:\n  \
        interview-advisor rules init my-rules.yaml\n  \
        interview-advisor rules init ~/.config/interview-advisor/rules.yaml\n  \
        interview-advisor --rules my-rules.yaml rules test")]
    Init {
        /// Where to write it.
        path: PathBuf,

        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },

    /// Count what the rule set does with every combination of answers, and report it.
    #[command(after_help = "Examples:\n  \
        interview-advisor rules audit\n  \
        interview-advisor rules audit my-rules.yaml --format json\n\n\
        Reports the number of combinations of answers to the scored questions (number \
        questions by band, questions skipped when their `when` does not hold), each \
        outcome's share, how often each override fires and decides and each letter is \
        chosen, close calls and ties, questions that never change the recommendation, and \
        overrides that conflict. Counts are exact, however large. Exits 65 when it finds a \
        sure mistake (an override that never decides, a letter never chosen, a question \
        that never matters), or when the rule set is beyond what it can count, saying why.")]
    Audit {
        /// The rules file (default: --rules, or the built-in rule set).
        path: Option<PathBuf>,

        /// How to print the report.
        #[arg(long, value_name = "FORMAT", default_value = "text")]
        format: AuditFormat,
    },

    /// Print which rule set is in use, and why.
    #[command(after_help = "Example:\n  interview-advisor rules path")]
    Path,
}

#[derive(Debug, Args)]
pub struct PrioritiesArgs {
    /// Write the weights to this file, as a `weights:` map (YAML).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Replace the --save file if it exists.
    #[arg(long)]
    pub force: bool,

    /// How to print the weights.
    #[arg(long, value_enum, default_value_t = PrioritiesFormat::Text)]
    pub format: PrioritiesFormat,
}

/// The output formats of `priorities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrioritiesFormat {
    Text,
    Json,
}
