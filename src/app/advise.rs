//! `advise`: gather the answers (file, questionnaire or both), save them if asked, and
//! print the assessment.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::letter::{self, HandOff};
use super::priorities;
use super::{Streams, render, rules_for, warn, write_out};
use crate::cli::{AdviseArgs, Cli, ReportFormat};
use crate::engine::{Answers, AnswersFile, Assessment, Resolved, assess, resolve};
use crate::error::{Error, Result, exit};
use crate::interview::{self, LinePrompter, Prompter, TerminalPrompter};
use crate::letter::Details;
use crate::output::{refuse_existing, write_atomic};
use crate::report::Style;
use crate::rules::RuleSet;
use crate::source::Source;
use crate::text::{escaped, shown_path};

/// The first line of a saved answers file.
const SAVED_HEADER: &str = "# Answers saved by interview-advisor. Reuse them with: interview-advisor advise --answers FILE\n";

pub(super) fn advise(
    cli: &Cli,
    args: &AdviseArgs,
    style: Style,
    streams: &mut Streams,
) -> anyhow::Result<u8> {
    let rules = rules_for(cli)?;
    if let Some(save) = &args.save {
        // Refuse before asking anything, so no answers are typed in vain.
        refuse_existing(save, args.force)?;
        super::check_folder_writable(save)?;
    }
    let stdin_is_data = args.answers.as_deref() == Some(Path::new("-"));
    let may_ask = !args.no_input && !stdin_is_data;
    check_advise_args(args, may_ask)?;
    let draft = draft_path();
    let answers_path = answers_path(args, draft.as_deref(), may_ask, streams)?;
    let base = rules;
    // Whether letters may name the interview's day (not for a count of days in the file).
    let mut dated = true;
    let (mut answers, details, mut weights, mut rules) = match &answers_path {
        Some(path) => {
            let source = Source::read(path)?;
            let (file, resolved, details) = read_answers_file(rules, &source, !may_ask)?;
            for warning in &resolved.warnings {
                warn(streams, warning);
            }
            dated = letter::names_the_day(rules, &resolved.counted);
            let rules = priorities::for_person(rules, Some((&file.weights, &source)))?;
            (resolved.answers, details, file.weights, rules)
        }
        None => (
            Answers::empty(rules.questions.len()),
            Details::new(),
            crate::source::Mapping::new(),
            priorities::for_person(rules, None)?,
        ),
    };

    if may_ask
        && (answers_path.is_none()
            || args.resume
            || args.review
            || !answers.missing(rules).is_empty())
    {
        let draft = DraftKeeper {
            rules,
            path: draft.as_deref(),
            details: &details,
            weights: &weights,
            written: args.resume,
            failed: false,
        };
        ask_with_draft(&mut answers, draft, streams)?;
        if let Some(own) = priorities::offer_on_terminal(base)? {
            weights = own.to_mapping(base);
            rules = priorities::personalised(base, &own);
        }
    }
    let mut filled = answers.clone();
    filled.fill_defaults(rules);
    let mut details = details;

    let save = |answers: &Answers, details: &Details, replace: bool, streams: &mut Streams| {
        let Some(path) = &args.save else {
            return Ok(());
        };
        let mut saved = AnswersFile::from_answers(rules, answers, details);
        // The file's own weights are kept; a default from the config folder is not copied.
        saved.weights = weights.clone();
        let text = saved.to_saved_text(SAVED_HEADER, path)?;
        write_atomic(path, text.as_bytes(), args.force || replace, true)?;
        let _ = writeln!(
            streams.err,
            "Saved your answers to {}",
            crate::text::shown_path(path)
        );
        Ok::<(), anyhow::Error>(())
    };
    save(&filled, &details, false, streams)?;

    let assessment = assess(rules, &filled);
    write_out(
        streams,
        &report_with_reminders(rules, &assessment, &filled, args.format, style),
    )?;

    // The message to send: on request, or offered on a terminal.
    let offer = may_ask && streams.out_is_terminal && args.format == ReportFormat::Table;
    if args.letter || offer {
        let before = (answers.clone(), details.clone());
        let how = HandOff {
            add_details: &add_details_hint(args.answers.as_deref()),
            offer: !args.letter,
            no_input: !may_ask,
            checklist_color: streams.err_color(cli),
            dated,
        };
        letter::hand_off(
            rules,
            assessment.recommendation,
            &mut answers,
            &mut details,
            &how,
            streams,
        )?;
        // What was typed for the letter is kept with the answers.
        if (answers.clone(), details.clone()) != before {
            let mut filled = answers.clone();
            filled.fill_defaults(rules);
            save(&filled, &details, true, streams)?;
        }
    }
    Ok(exit::OK)
}

/// Where a missing detail of the letter goes: the answers file given, or one `--save`
/// writes.
fn add_details_hint(answers: Option<&Path>) -> String {
    match answers {
        Some(path) => format!("under `details:` in {}", crate::text::shown_path(path)),
        None => "under `details:` in an answers file (--save writes one)".to_string(),
    }
}

/// Runs the questionnaire, keeping its answers in a private draft as it goes: when it is
/// interrupted, the draft stays for `--resume`; when it ends, the draft goes.
fn ask_with_draft(
    answers: &mut Answers,
    mut keeper: DraftKeeper<'_>,
    streams: &mut Streams,
) -> anyhow::Result<()> {
    match ask(keeper.rules, answers, &mut keeper) {
        Ok(()) => {
            keeper.remove();
            Ok(())
        }
        Err(Error::Interrupted) if keeper.written => {
            let _ = writeln!(
                streams.err,
                "(Your answers so far are kept in a private draft, not in any file of \
                 yours: `interview-advisor advise --resume` goes on from there.)"
            );
            Err(Error::Interrupted.into())
        }
        Err(other) => Err(other.into()),
    }
}

/// Refuses flags that do not go together, before anything is asked.
fn check_advise_args(args: &AdviseArgs, may_ask: bool) -> anyhow::Result<()> {
    if args.answers.is_none() && !may_ask {
        return Err(Error::Usage(
            "--no-input needs --answers FILE: without a file there is nothing to answer from"
                .to_string(),
        )
        .into());
    }

    if args.letter && args.format == ReportFormat::Json {
        return Err(Error::Usage(
            "--letter prints the letter as text after the report, so it does not go with \
             --format json; use `letter --format json` for the letter as JSON"
                .to_string(),
        )
        .into());
    }
    Ok(())
}

/// The answers file to start from: the one given, or with `--resume` the unfinished
/// questionnaire's draft (`draft`). Says so when a draft is kept and a new one starts.
fn answers_path(
    args: &AdviseArgs,
    draft: Option<&Path>,
    may_ask: bool,
    streams: &mut Streams,
) -> anyhow::Result<Option<PathBuf>> {
    let path = if args.resume {
        let path = draft
            .map(Path::to_path_buf)
            .filter(|p| p.is_file())
            .ok_or_else(|| {
                Error::Usage(
                    "there is no questionnaire to resume: none was left unfinished; start one \
                 with `interview-advisor advise`"
                        .to_string(),
                )
            })?;
        Some(path)
    } else {
        if may_ask && args.answers.is_none() && draft.is_some_and(Path::is_file) {
            let _ = writeln!(
                streams.err,
                "(An unfinished questionnaire is kept: `interview-advisor advise --resume` \
                 goes on with it. Answering here replaces it.)"
            );
        }
        args.answers.clone()
    };
    Ok(path)
}

/// The report in `format`, with what to do besides the letter (tell a referrer, say): part
/// of the advice itself.
fn report_with_reminders(
    rules: &RuleSet,
    assessment: &Assessment,
    filled: &Answers,
    format: ReportFormat,
    style: Style,
) -> String {
    let mut report = render(rules, assessment, format, style);
    // What to do besides the letter (tell a referrer, say): part of the advice itself.
    let reminders: Vec<&str> = rules
        .reminders_for(assessment.recommendation, filled.as_slice())
        .map(|r| r.text.as_str())
        .collect();
    match format {
        ReportFormat::Table => report.push_str(&crate::report::reminders_text(&reminders, style)),
        ReportFormat::Markdown => report.push_str(&crate::report::reminders_markdown(&reminders)),
        ReportFormat::Json => {}
    }
    report
}

/// Reads and checks an answers file as `advise` does: its details first, so a bad one is
/// reported before any question, then its answers (with `require_all`, an unanswered
/// question without a default is an error).
pub(crate) fn read_answers_file(
    rules: &RuleSet,
    source: &Source,
    require_all: bool,
) -> Result<(AnswersFile, Resolved, Details)> {
    let file = AnswersFile::parse(source)?;
    let details = file.details(source)?;
    let resolved = resolve(rules, &file, source, require_all)?;
    Ok((file, resolved, details))
}

/// What `advise --answers FILE --no-input --format json` prints for this answers file,
/// weighed by the file's own weights only (see [`priorities::with_file_weights`]).
pub(crate) fn advise_json(rules: &RuleSet, source: &Source) -> Result<String> {
    let (file, resolved, _details) = read_answers_file(rules, source, true)?;
    let rules = priorities::with_file_weights(rules, &file.weights, source)?;
    let mut filled = resolved.answers;
    filled.fill_defaults(&rules);
    let assessment = assess(&rules, &filled);
    Ok(render(
        &rules,
        &assessment,
        ReportFormat::Json,
        Style::default(),
    ))
}

/// The first line of a draft.
const DRAFT_HEADER: &str = "# An unfinished questionnaire of interview-advisor. Go on with: interview-advisor advise --resume\n";

/// Where an unfinished questionnaire is kept: `draft.yaml` in the platform's state folder
/// (`$XDG_STATE_HOME/interview-advisor/` or `~/.local/state/interview-advisor/` on Linux).
pub fn draft_path() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|dir| dir.join("interview-advisor").join("draft.yaml"))
}

/// Keeps the answers given so far in the draft after each answer, readable by its owner
/// only, and removes it once the questionnaire is done.
struct DraftKeeper<'a> {
    rules: &'a RuleSet,
    path: Option<&'a Path>,
    details: &'a Details,
    weights: &'a crate::source::Mapping,
    /// Whether the draft holds this questionnaire's answers.
    written: bool,
    /// Whether keeping it failed (said once; the questions go on).
    failed: bool,
}

impl DraftKeeper<'_> {
    fn keep(&self, answers: &Answers) -> anyhow::Result<()> {
        let Some(path) = self.path else {
            return Ok(());
        };
        if let Some(folder) = path.parent() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder
                .create(folder)
                .with_context(|| format!("{}: cannot create", shown_path(folder)))?;
        }
        let mut file = AnswersFile::from_answers(self.rules, answers, self.details);
        file.weights = self.weights.clone();
        let text = file.to_saved_text(DRAFT_HEADER, path)?;
        write_atomic(path, text.as_bytes(), true, true)
    }

    fn remove(&self) {
        if let Some(path) = self.path.filter(|_| self.written) {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Prompter for DraftKeeper<'_> {
    fn ask(&mut self, _: &interview::Ask) -> Result<interview::Reply> {
        Err(Error::Internal("the draft keeper does not ask".into()))
    }

    fn review(&mut self, _: &[interview::ReviewLine]) -> Result<interview::ReviewChoice> {
        Err(Error::Internal("the draft keeper does not ask".into()))
    }

    fn answered(&mut self, answers: &Answers) -> Result<()> {
        if self.failed {
            return Ok(());
        }
        match self.keep(answers) {
            Ok(()) => self.written = true,
            // Ctrl-C while the draft was written: the person wants to leave, so leave (the
            // write was finished or undone first).
            Err(error) if super::is_interrupted(&error) => return Err(Error::Interrupted),
            Err(error) => {
                self.failed = true;
                let _ = std::io::Write::write_fmt(
                    &mut std::io::stderr(),
                    format_args!(
                        "warning: cannot keep a draft of your answers ({}); the questions go on\n",
                        escaped(&super::described(&error))
                    ),
                );
            }
        }
        Ok(())
    }
}

/// A prompter that asks with `asker` and tells `keeper` of each answer.
struct Kept<'a, 'b> {
    asker: &'a mut dyn Prompter,
    keeper: &'a mut DraftKeeper<'b>,
}

impl Prompter for Kept<'_, '_> {
    fn ask(&mut self, ask: &interview::Ask) -> Result<interview::Reply> {
        self.asker.ask(ask)
    }

    fn review(&mut self, lines: &[interview::ReviewLine]) -> Result<interview::ReviewChoice> {
        self.asker.review(lines)
    }

    fn answered(&mut self, answers: &Answers) -> Result<()> {
        self.keeper.answered(answers)
    }

    fn settled(&mut self, outcome: crate::rules::Outcome, left: usize) -> Result<bool> {
        self.asker.settled(outcome, left)
    }
}

/// Runs the questionnaire on the terminal, or line by line when standard input is a pipe,
/// keeping a draft as it goes.
fn ask(rules: &RuleSet, answers: &mut Answers, keeper: &mut DraftKeeper<'_>) -> Result<()> {
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal() && std::io::stderr().is_terminal();
    let mut asker: Box<dyn Prompter> = if terminal {
        Box::new(TerminalPrompter)
    } else {
        // Answers on a pipe come from a script, which can run again: no draft.
        keeper.path = None;
        Box::new(LinePrompter::new(stdin.lock(), std::io::stderr()))
    };
    let mut kept = Kept {
        asker: asker.as_mut(),
        keeper,
    };
    interview::run(rules, answers, &mut kept)
}
