//! Running a parsed command line: loads what it needs, calls the core, and writes the
//! results to the given streams (data to `out`, warnings to `err`).

mod advise;
mod audit;
pub mod batch;
mod deliver;
mod letter;
pub mod priorities;
mod process;
mod serve;
mod shell;

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::{Cli, ColorChoice, Command, ReportFormat, RulesCommand};
use crate::engine::cases::{BUILTIN_CASES, CaseOutcome, run_case};
use crate::engine::{AnswersFile, Assessment, Engine, assess_without_what_if, resolve};
use crate::error::{Error, Result, exit};
use crate::report::{self, Style};
use crate::rules::{BUILTIN_NAME, BUILTIN_RULES, Outcome, RuleSet};
use crate::source::Source;
use crate::text::{escaped, shown_path};

pub use process::{
    catching_panics, described, is_interrupted, parse_command_line, report, run_on_standard_streams,
};
pub use serve::advisor;

/// The streams a command writes to.
pub struct Streams<'a> {
    /// Data: tables, JSON, letters.
    pub out: &'a mut dyn Write,
    /// Warnings and progress.
    pub err: &'a mut dyn Write,
    /// Whether `out` is a terminal.
    pub out_is_terminal: bool,
    /// Whether `err` is a terminal.
    pub err_is_terminal: bool,
}

impl Streams<'_> {
    /// Whether to colour what goes to `err`, by the same rule as `out`.
    pub fn err_color(&self, cli: &Cli) -> bool {
        use_color(cli.color, self.err_is_terminal)
    }
}

/// Runs the command and returns its exit code. The library's errors keep their kind (and
/// exit code); the app layer's own input/output errors carry what it was doing as context.
pub fn run(cli: &Cli, streams: &mut Streams) -> anyhow::Result<u8> {
    let style = Style {
        color: use_color(cli.color, streams.out_is_terminal),
        width: output_width(streams.out_is_terminal),
        verbose: cli.verbose,
    };
    match &cli.command {
        Command::Advise(args) => advise::advise(cli, args, style, streams),
        Command::Compare { files, format } => compare(cli, files, *format, style, streams),
        Command::Batch(args) => batch::batch(cli, args, streams),
        Command::Priorities(args) => priorities::priorities(cli, args, streams),
        Command::Letter(args) => letter::letter(cli, args, style, streams),
        Command::Rules(command) => rules_command(cli, command, style, streams),
        Command::Completions { shell } => shell::completions(*shell, rules_for(cli)?, streams),
        Command::Man => shell::man_page(rules_for(cli)?, streams),
        Command::Serve(args) => serve::serve(cli, args, streams),
    }
}

/// The width to fit text output to: `COLUMNS` when set, else the terminal's width when
/// standard output is one; `None` (no wrapping) for a pipe or file.
pub fn output_width(is_terminal: bool) -> Option<usize> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|text| text.trim().parse::<usize>().ok())
        .filter(|&n| n > 0);
    columns.or_else(|| {
        is_terminal
            .then(crossterm::terminal::size)
            .and_then(Result::ok)
            .map(|(columns, _)| usize::from(columns))
            .filter(|&n| n > 0)
    })
}

/// Whether to colour: `auto` means a terminal and `NO_COLOR` unset (or empty).
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// The environment variable naming a rule set.
pub const RULES_ENV: &str = "INTERVIEW_ADVISOR_RULES";

/// Which rule set is in use, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesChoice {
    /// The rules file, or `None` for the built-in rule set.
    pub path: Option<PathBuf>,
    /// Why this one, in words.
    pub reason: String,
}

/// The personal rule set's place: `rules.yaml` in the platform's config folder
/// (`$XDG_CONFIG_HOME/interview-advisor/` or `~/.config/interview-advisor/` on Linux).
pub fn config_rules_path() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("interview-advisor").join("rules.yaml"))
}

/// The rule set to use: `--rules`, else `$INTERVIEW_ADVISOR_RULES`, else `rules.yaml` in the
/// config folder when it exists, else the built-in one.
pub fn rules_choice(cli: &Cli) -> RulesChoice {
    if let Some(path) = &cli.rules {
        return RulesChoice {
            path: Some(path.clone()),
            reason: "given with --rules".to_string(),
        };
    }
    if let Some(path) = std::env::var_os(RULES_ENV).filter(|v| !v.is_empty()) {
        return RulesChoice {
            path: Some(PathBuf::from(path)),
            reason: format!("named by the {RULES_ENV} environment variable"),
        };
    }
    let config = config_rules_path();
    if let Some(path) = config.as_ref().filter(|p| p.is_file()) {
        return RulesChoice {
            path: Some(path.clone()),
            reason: "found in your config folder".to_string(),
        };
    }
    RulesChoice {
        path: None,
        reason: match config {
            Some(config) => format!("no --rules, no {RULES_ENV}, and no {}", shown_path(&config)),
            None => format!("no --rules and no {RULES_ENV}"),
        },
    }
}

/// The rule set chosen by [`rules_choice`], loaded and validated.
pub fn rules_for(cli: &Cli) -> Result<&'static RuleSet> {
    let rules = load_rules(rules_choice(cli).path.as_deref())?;
    // A command uses one rule set until the process exits: it is kept rather than freed,
    // which spares a short run the work of freeing each of its strings on the way out.
    Ok(Box::leak(Box::new(rules)))
}

/// The rule set in use: `path`, else the built-in one.
pub fn load_rules(path: Option<&Path>) -> Result<RuleSet> {
    match path {
        Some(path) => RuleSet::load(path),
        None => RuleSet::builtin(),
    }
}

/// Checks that a file can be written at `path`, by creating (and removing) a temporary
/// file beside it, so that a missing or read-only folder is reported before any question
/// is asked rather than after.
pub fn check_folder_writable(path: &Path) -> anyhow::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".interview-advisor-check")
        .tempfile_in(folder)
        .map(drop)
        .with_context(|| format!("{}: cannot write", shown_path(path)))
}

fn write_out(streams: &mut Streams, text: &str) -> anyhow::Result<()> {
    streams
        .out
        .write_all(text.as_bytes())
        .and_then(|()| streams.out.flush())
        .context("<stdout>: cannot write")
}

fn warn(streams: &mut Streams, text: &str) {
    let _ = writeln!(streams.err, "warning: {}", escaped(text));
}

/// An assessment in the requested format.
pub fn render(
    rules: &RuleSet,
    assessment: &Assessment,
    format: ReportFormat,
    style: Style,
) -> String {
    match format {
        ReportFormat::Table => report::assessment_text(rules, assessment, style),
        ReportFormat::Markdown => report::assessment_markdown(rules, assessment),
        ReportFormat::Json => {
            let value = report::assessment_json(rules, assessment);
            format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
            )
        }
    }
}

fn compare(
    cli: &Cli,
    files: &[PathBuf],
    format: ReportFormat,
    style: Style,
    streams: &mut Streams,
) -> anyhow::Result<u8> {
    let rules = rules_for(cli)?;
    let inputs = files.iter().map(|path| CompareInput {
        shown: shown_path(path),
        file: path.display().to_string(),
        source: Source::read(path),
    });
    let weigh = |file: &AnswersFile, source: &Source| {
        priorities::for_person(rules, Some((&file.weights, source))).map(Cow::Borrowed)
    };
    let text = compare_text(rules, inputs, format, style, streams, &weigh)?;
    write_out(streams, &text)?;
    Ok(exit::OK)
}

/// One answers file for [`compare_text`].
pub(crate) struct CompareInput {
    /// Its name as shown in a table, when the details give no company or position.
    pub shown: String,
    /// Its name in JSON.
    pub file: String,
    /// The file, or why it could not be read.
    pub source: Result<Source>,
}

/// How `compare` weighs one file: the rule set with that person's weights.
pub(crate) type Weigh<'r> = dyn Fn(&AnswersFile, &Source) -> Result<Cow<'r, RuleSet>> + 'r;

/// What `compare` prints: every answers file scored (each weighed by `weigh`), the most
/// favourable to going first. Every invalid file is reported, not just the first.
pub(crate) fn compare_text<'r>(
    rules: &'r RuleSet,
    inputs: impl IntoIterator<Item = CompareInput>,
    format: ReportFormat,
    style: Style,
    streams: &mut Streams,
    weigh: &Weigh<'r>,
) -> Result<String> {
    let mut rows = Vec::new();
    let mut paths = Vec::new();
    // Each invitation's rule set as its answers file weighs it.
    let mut weighed = Vec::new();
    let mut problems = Vec::new();
    for input in inputs {
        let scored = (|| -> Result<(String, Assessment, String, Cow<'r, RuleSet>)> {
            let source = input.source?;
            let file = AnswersFile::parse(&source)?;
            let resolved = resolve(rules, &file, &source, true)?;
            for warning in &resolved.warnings {
                warn(streams, warning);
            }
            let details = file.details(&source)?;
            let label = match (details.get("company"), details.get("position")) {
                (Some(company), Some(position)) => format!("{company} \u{2013} {position}"),
                (Some(company), None) => company.clone(),
                (None, Some(position)) => position.clone(),
                (None, None) => input.shown.clone(),
            };
            let rules = weigh(&file, &source)?;
            let mut assessment = assess_without_what_if(&rules, &resolved.answers);
            assessment.stability = Some(Engine::new(&rules).stability(resolved.answers.as_slice()));
            let steadiness = priorities::steadiness_words(&rules, &assessment);
            Ok((label, assessment, steadiness, rules))
        })();
        match scored {
            Ok((label, assessment, steadiness, rules)) => {
                rows.push((label, assessment, steadiness));
                paths.push(input.file);
                weighed.push(rules);
            }
            Err(Error::Invalid(mut list)) => problems.append(&mut list),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let lead = |a: &Assessment| {
        let s = a.scores;
        s[Outcome::Proceed.index()] - s[Outcome::Decline.index()].max(s[Outcome::Postpone.index()])
    };
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| lead(&rows[b].1).total_cmp(&lead(&rows[a].1)));
    Ok(match format {
        ReportFormat::Table => {
            let sorted: Vec<(String, Assessment, String)> =
                order.iter().map(|&i| rows[i].clone()).collect();
            report::compare_table(rules, &sorted, style)
        }
        ReportFormat::Markdown => {
            let sorted: Vec<(String, Assessment, String)> =
                order.iter().map(|&i| rows[i].clone()).collect();
            report::compare_markdown(rules, &sorted)
        }
        ReportFormat::Json => {
            let items: Vec<serde_json::Value> = order
                .iter()
                .map(|&i| {
                    let (label, assessment, _) = &rows[i];
                    let mut value = report::assessment_json(&weighed[i], assessment);
                    if let Some(object) = value.as_object_mut() {
                        object.insert("file".into(), paths[i].clone().into());
                        object.insert("label".into(), label.clone().into());
                        let decided_by = assessment
                            .overrides
                            .first()
                            .and_then(|&o| rules.overrides.get(o))
                            .map(|rule| rule.id.clone());
                        object.insert("decided_by".into(), decided_by.into());
                    }
                    value
                })
                .collect();
            let value = serde_json::json!({ "invitations": items });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
            )
        }
    })
}

fn rules_command(
    cli: &Cli,
    command: &RulesCommand,
    style: Style,
    streams: &mut Streams,
) -> anyhow::Result<u8> {
    match command {
        RulesCommand::Audit { path, format } => {
            Ok(audit::audit(cli, path.as_deref(), *format, style, streams)?)
        }
        RulesCommand::Validate { path } => {
            let chosen = rules_choice(cli).path;
            let path = path.as_deref().or(chosen.as_deref());
            let rules = load_rules(path)?;
            let name = path.map_or(BUILTIN_NAME.to_string(), shown_path);
            let mut text = String::new();
            style.paragraph(
                &mut text,
                "ok: ",
                &format!(
                    "{name}: {} considerations, {} questions, {} overrides",
                    rules.considerations.len(),
                    rules.questions.len(),
                    rules.overrides.len()
                ),
            );
            write_out(streams, &text)?;
            Ok(exit::OK)
        }
        RulesCommand::Show => {
            let rules = rules_for(cli)?;
            write_out(streams, &report::rules_tables(rules, style))?;
            Ok(exit::OK)
        }
        RulesCommand::Test { path, cases } => {
            let chosen = rules_choice(cli).path;
            let rules_path = path.as_deref().or(chosen.as_deref());
            let rules = load_rules(rules_path)?;
            let sources = case_sources(rules_path, cases.as_deref())?;
            if sources.is_empty() {
                return Err(Error::Usage(
                    "no test cases found; give a case file or folder with --cases".to_string(),
                )
                .into());
            }
            let results: Vec<CaseOutcome> = sources.iter().map(|s| run_case(&rules, s)).collect();
            let mut text = String::new();
            for result in &results {
                // The rest of a long line goes under the case's name, past PASS or FAIL.
                let line = escaped(&result.line()).into_owned();
                let (head, rest) = line.split_at(line.find(' ').map_or(0, |at| at + 1));
                style.paragraph(&mut text, head, rest);
            }
            let failed = results.iter().filter(|r| r.failure.is_some()).count();
            text.push_str(&format!(
                "{} passed, {failed} failed\n",
                results.len() - failed
            ));
            write_out(streams, &text)?;
            Ok(if failed == 0 { exit::OK } else { exit::DATA })
        }
        RulesCommand::Schema => {
            write_out(streams, &crate::rules::schema::rules_schema_json())?;
            Ok(exit::OK)
        }
        RulesCommand::Init { path, force } => {
            crate::output::write_atomic(path, BUILTIN_RULES.as_bytes(), *force, false)?;
            let _ = writeln!(
                streams.err,
                "Wrote a copy of the built-in rule set to {}. Edit it, then check it with:\n  \
                 interview-advisor --rules {} rules test",
                shown_path(path),
                shown_path(path)
            );
            Ok(exit::OK)
        }
        RulesCommand::Path => {
            let choice = rules_choice(cli);
            let name = choice
                .path
                .as_ref()
                .map_or(BUILTIN_NAME.to_string(), |p| shown_path(p));
            write_out(streams, &format!("{name}\n"))?;
            let _ = writeln!(streams.err, "({})", choice.reason);
            Ok(exit::OK)
        }
    }
}

/// The test cases to run: `--cases`, else `cases/` beside the rules file, else the built-in ones.
fn case_sources(rules_path: Option<&Path>, cases: Option<&Path>) -> anyhow::Result<Vec<Source>> {
    let beside = rules_path
        .and_then(Path::parent)
        .map(|dir| dir.join("cases"))
        .filter(|dir| dir.is_dir());
    let Some(dir) = cases.map(Path::to_path_buf).or(beside) else {
        return Ok(BUILTIN_CASES
            .iter()
            .map(|(name, text)| Source::from_text(format!("rules/cases/{name}"), *text))
            .collect());
    };
    if !dir.is_dir() {
        return Ok(vec![Source::read(&dir)?]);
    }
    let entries =
        std::fs::read_dir(&dir).with_context(|| format!("{}: cannot read", shown_path(&dir)))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    paths.sort();
    Ok(paths
        .iter()
        .map(|p| Source::read(p))
        .collect::<Result<_>>()?)
}
