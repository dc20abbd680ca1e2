//! `letter`: write the message to send (text, JSON or an eml draft) with its politeness
//! checklist, and `letter list`. Also the hand-off from `advise`.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Context;
use serde_json::json;

use super::deliver::{self, Message};
use super::{Streams, rules_for, warn, write_out};
use crate::cli::{Cli, LetterArgs, LetterCommand, LetterFormat};
use crate::engine::{Answers, AnswersFile, Resolved, assess_without_what_if, resolve};
use crate::error::{Diagnostic, Error, Result, exit};
use crate::interview::{self, TerminalPrompter};
use crate::letter::{
    self, Check, DETAILS, DetailSpec, Details, LetterError, Rendered, checklist, send_by,
};
use crate::output::{refuse_existing, write_atomic};
use crate::report::Style;
use crate::rules::{Channel, Outcome, RuleSet, Stage};
use crate::source::Source;

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

/// What to write and where.
pub(crate) struct Request<'a> {
    /// A letter id, instead of the one the advice picks.
    pub kind: Option<&'a str>,
    pub format: LetterFormat,
    pub out: Option<&'a Path>,
    pub force: bool,
    /// How to give a missing detail, for the error that lists them ("under `details:` in ...").
    pub add_details: &'a str,
    /// Colour the checklist (it goes to standard error).
    pub checklist_color: bool,
    /// Wrap a text letter to this width (on a terminal only).
    pub wrap: Option<usize>,
    /// Open the letter in the person's editor before it is written.
    pub edit: bool,
    /// Put the letter on the clipboard too.
    pub copy: bool,
    /// Hand the letter to the mail program too.
    pub open: bool,
    /// Whether the letter may name the day of the interview: its answer was a date, or
    /// was given at the prompt, rather than a count of days in a file.
    pub dated: bool,
}

/// Asks for the details a letter needs. The questionnaire's prompter may stand in for the
/// simple line prompt here.
pub trait DetailAsker {
    /// Asks for one detail; a blank answer is `None`.
    fn ask_detail(&mut self, detail: &DetailSpec) -> Result<Option<String>>;
}

/// The questionnaire's terminal prompter, when standard input and standard error are a
/// terminal.
pub fn terminal_asker() -> Option<Box<dyn DetailAsker>> {
    (std::io::stdin().is_terminal() && std::io::stderr().is_terminal())
        .then(|| Box::new(TerminalPrompter) as Box<dyn DetailAsker>)
}

impl DetailAsker for TerminalPrompter {
    fn ask_detail(&mut self, detail: &DetailSpec) -> Result<Option<String>> {
        let name = detail.name;
        let required = detail.required;
        let hint = if required {
            "Enter to go on \u{b7} Esc to stop"
        } else {
            "Enter to go on \u{b7} blank to leave it out \u{b7} Esc to stop"
        };
        self.ask_text(detail.label, hint, &move |text| {
            if required && text.is_empty() {
                return Some("The letter needs this; type it, or press Esc to stop.".to_string());
            }
            letter::detail_problem(name, text)
        })
    }
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

use crate::engine::now;

/// Picks, renders and writes the letter with its checklist. Missing details are asked for
/// with `asker`, or, without one, are an error that lists them all.
pub(crate) fn write_letter(
    rules: &RuleSet,
    recommendation: Outcome,
    answers: &Answers,
    details: &mut Details,
    request: &Request,
    asker: Option<&mut dyn DetailAsker>,
    streams: &mut Streams,
) -> anyhow::Result<Written> {
    let index = match request.kind {
        Some(kind) => letter::find(rules, kind).map_err(Error::from)?,
        None => letter::choose(rules, recommendation, answers).map_err(Error::from)?,
    };
    let chosen = &rules.letters[index];
    let follow_id = chosen.follow_with.map(|i| rules.letters[i].id.clone());
    if request.format == LetterFormat::Eml && chosen.channel == Channel::Phone {
        return Err(Error::from(LetterError::NoEmlForm {
            letter: chosen.id.clone(),
            follow_with: follow_id,
        })
        .into());
    }
    if !chosen.outcomes.contains(&recommendation) {
        let served: Vec<&str> = chosen.outcomes.iter().map(|o| o.as_str()).collect();
        warn(
            streams,
            &format!(
                "the advice is to {recommendation}, but `{}` is a letter for {}; writing it as asked",
                chosen.id,
                served.join(" or ")
            ),
        );
    }

    gather_details(rules, index, answers, details, request, asker, streams)?;

    let (today, timestamp) = now();
    let day = request
        .dated
        .then(|| letter::interview_day(rules, answers, today))
        .flatten();
    let (main, follow) =
        render_parts(rules, index, (answers, details, day), request.edit, streams)?;

    let outcome = letter::outcome_for(chosen, recommendation);
    let parts: Vec<&Rendered> = std::iter::once(&main).chain(follow.as_ref()).collect();
    let checks = checklist(rules, index, outcome, &parts, answers, today);
    let bytes = match request.format {
        LetterFormat::Text => {
            let text = text(&main, follow.as_ref());
            // On a terminal the letter is wrapped to fit; to a pipe or a file it is left
            // as written, for a mail program to flow.
            match request.wrap.filter(|_| request.out.is_none()) {
                Some(width) => crate::text::wrap(&text, width).join("\n").into_bytes(),
                None => text.into_bytes(),
            }
        }
        LetterFormat::Json => written_json(
            rules,
            chosen,
            (recommendation, outcome),
            (&main, follow.as_ref()),
            &checks,
            answers,
            today,
        ),
        LetterFormat::Eml => letter::build_eml(&main, details, timestamp, follow_id.as_deref())
            .map_err(Error::from)?,
    };
    deliver_bytes(&bytes, &main.kind, request, streams)?;
    if request.format != LetterFormat::Json && !checks.is_empty() {
        let _ = write!(
            streams.err,
            "{}",
            checklist_text(&checks, request.checklist_color, request.wrap)
        );
    }
    let written = Written { main, follow };
    if request.copy {
        copy_letter(&written, streams)?;
    }
    if request.open {
        open_letter(&written, details, streams)?;
    }
    Ok(written)
}

/// Asks for the details the letter at `index` still needs, with `asker` when there is
/// one; an error listing them all when some are still missing.
fn gather_details(
    rules: &RuleSet,
    index: usize,
    answers: &Answers,
    details: &mut Details,
    request: &Request,
    asker: Option<&mut dyn DetailAsker>,
    streams: &mut Streams,
) -> anyhow::Result<()> {
    let chosen = &rules.letters[index];
    let mut missing =
        letter::missing_details(rules, index, answers, details).map_err(Error::from)?;
    if let (false, Some(asker)) = (missing.is_empty(), asker) {
        let _ = writeln!(
            streams.err,
            "\u{201c}{}\u{201d} needs a few details.",
            chosen.title
        );
        for name in &missing {
            let Some(spec) = letter::detail(name) else {
                continue;
            };
            if let Some(value) = asker.ask_detail(spec)? {
                details.insert(spec.name.to_string(), value);
            }
        }
        missing = letter::missing_details(rules, index, answers, details).map_err(Error::from)?;
    }
    if !missing.is_empty() {
        return Err(Error::invalid(Diagnostic::new(format!(
            "missing {} for the letter \u{201c}{}\u{201d}: {}; add {} {}",
            if missing.len() == 1 {
                "detail"
            } else {
                "details"
            },
            chosen.title,
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" },
            request.add_details,
        )))
        .into());
    }
    Ok(())
}

/// Renders the letter at `index` (edited first, when asked) and the letter it leads to,
/// with the answers, the details and the interview's day when the letter may name it,
/// warning about parts too long for their channel.
fn render_parts(
    rules: &RuleSet,
    index: usize,
    (answers, details, day): (&Answers, &Details, Option<jiff::civil::Date>),
    edit: bool,
    streams: &mut Streams,
) -> anyhow::Result<(Rendered, Option<Rendered>)> {
    let chosen = &rules.letters[index];
    let mut main =
        letter::render_dated(rules, index, answers, details, day).map_err(Error::from)?;
    if edit {
        let edited = Message::parse(&deliver::edit(&main.to_text())?);
        main.subject = edited.subject;
        main.body = edited.body;
        if !main.body.ends_with('\n') {
            main.body.push('\n');
        }
    }
    let follow = match chosen.follow_with {
        Some(next) => {
            Some(letter::render_dated(rules, next, answers, details, day).map_err(Error::from)?)
        }
        None => None,
    };
    for part in std::iter::once(&main).chain(follow.as_ref()) {
        for problem in part.length_problems() {
            warn(streams, &format!("letter `{}`: {problem}", part.kind));
        }
    }
    Ok((main, follow))
}

/// The letter, its follow-up and its checklist as the JSON of `--format json`.
fn written_json(
    rules: &RuleSet,
    chosen: &crate::rules::Letter,
    (recommendation, outcome): (Outcome, Outcome),
    (main, follow): (&Rendered, Option<&Rendered>),
    checks: &[Check],
    answers: &Answers,
    today: jiff::civil::Date,
) -> Vec<u8> {
    let send_by = send_by(rules, answers, today);
    let value = json!({
        "kind": main.kind,
        "title": main.title,
        "channel": main.channel.as_str(),
        "stage": stage_name(chosen.stage),
        "outcome": outcome.as_str(),
        "recommendation": recommendation.as_str(),
        "subject": main.subject,
        "body": main.body,
        "send_by": send_by.date.to_string(),
        "checklist": checks.iter().map(|c| json!({
            "step": c.step.id(),
            "ok": c.ok,
            "note": c.note,
        })).collect::<Vec<_>>(),
        "follow_with": follow.as_ref().map(|f| json!({
            "kind": f.kind,
            "title": f.title,
            "channel": f.channel.as_str(),
            "subject": f.subject,
            "body": f.body,
        })),
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
    )
    .into_bytes()
}

/// Writes the letter's bytes to `--out` (whole or not at all) or to standard output.
fn deliver_bytes(
    bytes: &[u8],
    kind: &str,
    request: &Request,
    streams: &mut Streams,
) -> anyhow::Result<()> {
    match request.out {
        Some(path) => {
            // A letter holds names and the decision: private, like saved answers.
            write_atomic(path, bytes, request.force, true)?;
            let _ = writeln!(
                streams.err,
                "Wrote the letter `{}` to {}",
                kind,
                crate::text::shown_path(path)
            );
        }
        None => {
            streams
                .out
                .write_all(bytes)
                .and_then(|()| streams.out.flush())
                .context("<stdout>: cannot write")?;
        }
    }
    Ok(())
}

/// A letter as written, for acting on it afterwards.
pub(crate) struct Written {
    pub main: Rendered,
    pub follow: Option<Rendered>,
}

/// Puts the letter on the clipboard and says where it went.
fn copy_letter(written: &Written, streams: &mut Streams) -> anyhow::Result<()> {
    let text = text(&written.main, written.follow.as_ref());
    let mut stderr = std::io::stderr();
    let terminal = streams
        .err_is_terminal
        .then_some(&mut stderr as &mut dyn std::io::Write);
    match deliver::copy(&text, terminal)? {
        deliver::Copied::Clipboard(program) => {
            let _ = writeln!(
                streams.err,
                "Copied the letter to the clipboard (with {program})."
            );
        }
        deliver::Copied::Terminal => {
            let _ = writeln!(
                streams.err,
                "Copied the letter through the terminal (OSC 52); paste it where you write \
                 the email. (Some terminals turn this off.)"
            );
        }
    }
    Ok(())
}

/// Hands the letter to the mail program as a `mailto:` link and says so.
fn open_letter(written: &Written, details: &Details, streams: &mut Streams) -> anyhow::Result<()> {
    let email = match written.main.channel {
        Channel::Email => &written.main,
        Channel::Phone => match &written.follow {
            Some(follow) => follow,
            None => {
                return Err(Error::Usage(format!(
                    "`{}` is a phone script: there is no email to open",
                    written.main.kind
                ))
                .into());
            }
        },
    };
    let message = Message {
        subject: email.subject.clone(),
        body: email.body.clone(),
    };
    let to = details
        .get("interviewer_email")
        .map(String::as_str)
        .filter(|t| !t.trim().is_empty());
    let program = deliver::open(&deliver::mailto(to, &message))?;
    let _ = writeln!(
        streams.err,
        "Opened the email `{}` in your mail program (with {program}){}.",
        email.kind,
        if to.is_none() {
            "; add the address there (or interviewer_email under `details:`)"
        } else {
            ""
        }
    );
    Ok(())
}

/// The letter as text: `Subject: ...`, a blank line, the body; then the email that
/// follows a call, if any.
fn text(main: &Rendered, follow: Option<&Rendered>) -> String {
    let mut text = main.to_text();
    if let Some(follow) = follow {
        text.push_str("\n--- After the call, send this email ---\n\n");
        text.push_str(&follow.to_text());
    }
    text
}

/// The checklist for stderr: a heading, then one ticked or flagged line per step.
fn checklist_text(checks: &[Check], color: bool, width: Option<usize>) -> String {
    let mut out = String::from("\nPoliteness checklist:\n");
    for check in checks {
        let mark = match (check.ok, color) {
            (true, false) => "\u{2714}".to_string(),
            (false, false) => "\u{2718}".to_string(),
            (true, true) => "\x1b[32m\u{2714}\x1b[0m".to_string(),
            (false, true) => "\x1b[31m\u{2718}\x1b[0m".to_string(),
        };
        let line = if check.note.is_empty() {
            check.step.label().to_string()
        } else {
            format!("{}: {}", check.step.label(), check.note)
        };
        let lines = match width {
            Some(width) => crate::text::wrap(&line, width.saturating_sub(4).max(20)),
            None => vec![line],
        };
        for (i, text) in lines.iter().enumerate() {
            if i == 0 {
                out.push_str(&format!("  {mark} {text}\n"));
            } else {
                out.push_str(&format!("    {text}\n"));
            }
        }
    }
    out
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Reply => "reply",
        Stage::After => "after",
    }
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

/// How `advise` hands over to the letter.
pub(crate) struct HandOff<'a> {
    /// How to give a missing detail ("under `details:` in answers.yaml").
    pub add_details: &'a str,
    /// Ask first whether to write the letter (on a terminal only).
    pub offer: bool,
    /// Never ask: a missing detail is an error.
    pub no_input: bool,
    /// Colour the checklist (it goes to standard error).
    pub checklist_color: bool,
    /// Whether the letter may name the day of the interview (see [`Request::dated`]).
    pub dated: bool,
}

/// After `advise`: writes the letter for the recommendation. With `offer`, first asks
/// whether to, on a terminal. On a terminal, the questions that only shape the chosen
/// letter are asked now, then its missing details; otherwise a missing detail is an
/// error. `answers` and `details` keep what was typed, for saving. Leaving at any of
/// these prompts (Esc, Ctrl-C) writes no letter and is not an error: the advice stands.
pub(crate) fn hand_off(
    rules: &RuleSet,
    recommendation: Outcome,
    answers: &mut Answers,
    details: &mut Details,
    how: &HandOff,
    streams: &mut Streams,
) -> anyhow::Result<()> {
    let terminal = !how.no_input && terminal_asker().is_some();
    let result = (|| {
        let mut prompter = TerminalPrompter;
        if how.offer && (!terminal || !prompter.confirm("Write the message to send now?")?) {
            return Ok(());
        }
        if terminal {
            interview::run_for_letter(rules, answers, recommendation, &mut prompter)?;
        }
        let mut filled = answers.clone();
        filled.fill_defaults(rules);
        write_out(streams, "\n")?;
        let request = Request {
            kind: None,
            format: LetterFormat::Text,
            out: None,
            force: false,
            add_details: how.add_details,
            checklist_color: how.checklist_color,
            wrap: streams
                .out_is_terminal
                .then(|| super::output_width(true))
                .flatten(),
            edit: false,
            copy: false,
            open: false,
            dated: how.dated,
        };
        let mut written = write_letter(
            rules,
            recommendation,
            &filled,
            details,
            &request,
            terminal.then_some(&mut prompter as &mut dyn DetailAsker),
            streams,
        )?;
        if !(terminal && streams.out_is_terminal) {
            return Ok(());
        }
        // What to do with the letter, until the person is done.
        let actions = [
            "Done",
            "Copy it to the clipboard",
            "Open it in your mail program",
            "Edit it",
        ];
        loop {
            let done = match prompter.choose("What next?", &actions)? {
                None | Some(0) => return Ok(()),
                Some(1) => copy_letter(&written, streams),
                Some(2) => open_letter(&written, details, streams),
                _ => {
                    write_out(streams, "\n")?;
                    let again = Request {
                        edit: true,
                        ..request
                    };
                    write_letter(
                        rules,
                        recommendation,
                        &filled,
                        details,
                        &again,
                        None,
                        streams,
                    )
                    .map(|edited| written = edited)
                }
            };
            if let Err(error) = done {
                let _ = writeln!(
                    streams.err,
                    "{}",
                    crate::text::escaped(&super::described(&error))
                );
            }
        }
    })();
    match result {
        Err(error) if super::is_interrupted(&error) => {
            let _ = writeln!(streams.err, "No message written; the advice above stands.");
            Ok(())
        }
        other => other,
    }
}
