//! `letter`: write the message to send (text, JSON or an eml draft) with its politeness
//! checklist, and `letter list`. Also the hand-off from `advise`.

mod hand_off;
mod write;

use super::{Streams, rules_for, warn, write_out};
use crate::cli::{Cli, LetterArgs, LetterCommand, LetterFormat};
use crate::engine::{Answers, AnswersFile, Resolved, assess_without_what_if, resolve};
use crate::error::{Diagnostic, Error, Result, exit};
use crate::interview::{self, TerminalPrompter};
use crate::letter::{self, DETAILS, Details};
use crate::output::refuse_existing;
use crate::report::Style;
use crate::rules::{Outcome, RuleSet, Stage};
use crate::source::Source;
use write::{DetailAsker, Request, terminal_asker, write_letter};

pub(crate) use hand_off::{HandOff, hand_off};

/// Runs `letter` and `letter list`.
pub(super) fn letter(
    cli: &Cli,
    args: &LetterArgs,
    style: Style,
    streams: &mut Streams,
) -> anyhow::Result<u8> {
    let rules = rules_for(cli)?;
    if let Some(LetterCommand::List) = args.command {
        write_out(streams, &list(rules, style))?;
        return Ok(exit::OK);
    }
    check_letter_args(rules, args)?;
    if let Some(out) = &args.out {
        // Refuse before asking for any detail, so nothing is typed in vain.
        refuse_existing(out, args.force)?;
        super::check_folder_writable(out)?;
    }
    let stdin_is_data = args
        .answers
        .as_deref()
        .is_some_and(|path| path.as_os_str() == "-");
    let can_ask = !args.no_input && !stdin_is_data && terminal_asker().is_some();
    let (source, file) = match &args.answers {
        Some(path) => {
            let source = Source::read(path)?;
            let file = AnswersFile::parse(&source)?;
            (source, file)
        }
        None => (
            Source::from_text("<no answers file>", ""),
            AnswersFile::default(),
        ),
    };
    let resolved = resolve(rules, &file, &source, args.answers.is_some() && !can_ask)?;
    for warning in &resolved.warnings {
        warn(streams, warning);
    }
    let rules = super::priorities::for_person(rules, Some((&file.weights, &source)))?;
    let mut details = read_details(&file, &source, streams)?;
    set_details(&mut details, &args.set)?;
    let mut answers = resolved.answers;
    let recommendation = recommendation_for(rules, args, &mut answers, can_ask)?;
    let mut asker = if can_ask { terminal_asker() } else { None };
    let request = Request {
        kind: args.kind.as_deref(),
        format: args.format,
        out: args.out.as_deref(),
        force: args.force,
        add_details: &match &args.answers {
            Some(_) => format!(
                "under `details:` in {} or with --set KEY=VALUE",
                source.name
            ),
            None => "with --set KEY=VALUE".to_string(),
        },
        checklist_color: streams.err_color(cli),
        wrap: streams
            .out_is_terminal
            .then(|| super::output_width(true))
            .flatten(),
        edit: args.edit,
        copy: args.copy,
        open: args.open,
        dated: names_the_day(rules, &resolved.counted),
    };
    write_letter(
        rules,
        recommendation,
        &answers,
        &mut details,
        &request,
        asker.as_mut().map(|a| a.as_mut() as &mut dyn DetailAsker),
        streams,
    )?;
    Ok(exit::OK)
}

/// Refuses, before anything is read, a `letter` with nothing to write from or an unknown
/// `--kind`.
fn check_letter_args(rules: &RuleSet, args: &LetterArgs) -> anyhow::Result<()> {
    if args.answers.is_none() && args.kind.is_none() {
        return Err(Error::Usage(
            "letter needs --answers FILE, or --kind ID for a letter by name (see `letter list`)"
                .to_string(),
        )
        .into());
    }
    if let Some(kind) = args.kind.as_deref()
        && !rules.letters.iter().any(|l| l.id == kind)
    {
        let ids = rules.letters.iter().map(|l| l.id.as_str());
        return Err(Error::Usage(format!(
            "--kind {kind}: unknown letter `{kind}`; {} (`letter list` shows them all)",
            crate::text::did_you_mean(kind, ids.clone()).unwrap_or_else(|| format!(
                "the letters are: {}",
                ids.collect::<Vec<_>>().join(", ")
            ))
        ))
        .into());
    }
    Ok(())
}

/// Adds the `--set KEY=VALUE` details, each checked as a detail in a file is.
fn set_details(details: &mut Details, set: &[(String, String)]) -> anyhow::Result<()> {
    for (key, value) in set {
        if letter::detail(key).is_none() {
            return Err(Error::Usage(format!(
                "--set {key}=...: unknown detail `{key}`; {}",
                crate::text::did_you_mean(key, DETAILS.iter().map(|d| d.name))
                    .unwrap_or_else(|| format!("the details are: {}", detail_names()))
            ))
            .into());
        }
        if let Some(problem) = letter::detail_problem(key, value) {
            return Err(
                Error::invalid(Diagnostic::new(format!("--set {key}=...: {problem}"))).into(),
            );
        }
        details.insert(key.clone(), value.clone());
    }
    Ok(())
}

/// The recommendation the letter is for: the assessment of the answers (asked for on a
/// terminal when some are missing), or, for a letter by name without answers, the
/// letter's own first outcome once the answers it reads are given.
fn recommendation_for(
    rules: &RuleSet,
    args: &LetterArgs,
    answers: &mut Answers,
    can_ask: bool,
) -> anyhow::Result<Outcome> {
    let recommendation = match (&args.answers, args.kind.as_deref()) {
        (None, Some(kind)) => {
            // A letter by name: only the answers it reads matter; on a terminal they are
            // asked, otherwise their defaults stand in.
            let index = letter::find(rules, kind).map_err(Error::from)?;
            let read = interview::questions_read(rules, index);
            if can_ask {
                interview::run_questions(rules, answers, &read, &mut TerminalPrompter)?;
            }
            answers.fill_defaults(rules);
            // The questions by their labels, with the ids an answers file gives them by.
            let missing: Vec<String> = read
                .iter()
                .filter(|&&i| answers.get(i).is_none() && rules.is_asked(i, answers.as_slice()))
                .map(|&i| {
                    let question = &rules.questions[i];
                    format!("\u{201c}{}\u{201d} ({})", question.label, question.id)
                })
                .collect();
            if !missing.is_empty() {
                return Err(Error::invalid(Diagnostic::new(format!(
                    "the letter \u{201c}{}\u{201d} ({kind}) reads the answers to: {}; give \
                     them with --answers FILE, or run `letter` on a terminal to be asked",
                    rules.letters[index].title,
                    missing.join(", ")
                )))
                .into());
            }
            let letter = &rules.letters[index];
            letter.outcomes.first().copied().unwrap_or(Outcome::Proceed)
        }
        _ => {
            if can_ask && !answers.missing(rules).is_empty() {
                interview::run(rules, answers, &mut TerminalPrompter)?;
            }
            answers.fill_defaults(rules);
            assess_without_what_if(rules, answers).recommendation
        }
    };
    Ok(recommendation)
}

/// Reads an answers file's answers for a letter: every question answered (or defaulted).
fn read_answers(
    rules: &RuleSet,
    source: &Source,
    streams: &mut Streams,
) -> Result<(AnswersFile, Resolved)> {
    let file = AnswersFile::parse(source)?;
    let resolved = resolve(rules, &file, source, true)?;
    for warning in &resolved.warnings {
        warn(streams, warning);
    }
    Ok((file, resolved))
}

/// Reads an answers file's details; one that no letter uses is a warning.
fn read_details(file: &AnswersFile, source: &Source, streams: &mut Streams) -> Result<Details> {
    let details = file.details(source)?;
    for name in details.keys() {
        if letter::detail(name).is_none() {
            warn(
                streams,
                &format!(
                    "{}: detail `{name}` is not used by any letter; the details are: {}",
                    source.name,
                    detail_names()
                ),
            );
        }
    }
    Ok(details)
}

/// What `letter --answers FILE --no-input --format json [--kind KIND]` prints for this
/// answers file, weighed by the file's own weights only.
pub(crate) fn letter_json(rules: &RuleSet, source: &Source, kind: Option<&str>) -> Result<String> {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut streams = Streams {
        out: &mut out,
        err: &mut err,
        out_is_terminal: false,
        err_is_terminal: false,
    };
    let (file, resolved) = read_answers(rules, source, &mut streams)?;
    let rules = super::priorities::with_file_weights(rules, &file.weights, source)?;
    let mut details = read_details(&file, source, &mut streams)?;
    let assessment = assess_without_what_if(&rules, &resolved.answers);
    let request = Request {
        kind,
        format: LetterFormat::Json,
        out: None,
        force: false,
        add_details: "under `details` in the request",
        checklist_color: false,
        wrap: None,
        edit: false,
        copy: false,
        open: false,
        dated: names_the_day(&rules, &resolved.counted),
    };
    write_letter(
        &rules,
        assessment.recommendation,
        &resolved.answers,
        &mut details,
        &request,
        None,
        &mut streams,
    )
    .map_err(|error| {
        // Written to memory, with no editor, clipboard or file: the error is the core's
        // own, kept as it is for the service to answer with.
        error
            .downcast::<Error>()
            .unwrap_or_else(|other| Error::Internal(super::described(&other)))
    })?;
    String::from_utf8(out).map_err(|_| Error::Internal("the letter is not UTF-8 text".into()))
}

/// Whether letters may name the interview's day: not when the file gave its question of
/// how soon the interview is (`counted`) as a number of days.
pub(crate) fn names_the_day(rules: &RuleSet, counted: &[usize]) -> bool {
    rules
        .urgency
        .is_none_or(|urgency| !counted.contains(&urgency.question))
}

fn detail_names() -> String {
    DETAILS
        .iter()
        .map(|d| d.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every letter with its outcome, channel and when it is used.
fn list(rules: &RuleSet, style: Style) -> String {
    let mut table = style.table();
    table.set_header(vec!["Id", "For", "Channel", "Used when", "What it is"]);
    for letter in &rules.letters {
        let outcomes: Vec<&str> = letter.outcomes.iter().map(|o| o.as_str()).collect();
        let served = match letter.stage {
            Stage::Reply => outcomes.join(", "),
            Stage::After => format!("after {}", outcomes.join(", ")),
        };
        let when = match (letter.stage, &letter.when) {
            (Stage::After, _) => "on request (--kind)".to_string(),
            (Stage::Reply, Some(when)) => when.describe(&rules.questions),
            (Stage::Reply, None) => "otherwise (fallback)".to_string(),
        };
        let mut what = letter.title.clone();
        if let Some(next) = letter.follow_with.and_then(|i| rules.letters.get(i)) {
            what.push_str(&format!("; then the email `{}`", next.id));
        }
        table.add_row(vec![
            letter.id.clone(),
            served,
            letter.channel.as_str().to_string(),
            when,
            what,
        ]);
    }
    format!(
        "{}\n{} letters\n",
        style.render_blocks(table),
        rules.letters.len()
    )
}
