//! Writing the letter: the details it still needs, rendering it and the email that
//! follows, its JSON or eml form, where it goes, and its checklist.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Context;
use serde_json::json;

use crate::app::deliver::{self, Message};
use crate::app::{Streams, warn};
use crate::cli::LetterFormat;
use crate::engine::{Answers, now};
use crate::error::{Diagnostic, Error, Result};
use crate::interview::TerminalPrompter;
use crate::letter::{self, Check, DetailSpec, Details, LetterError, Rendered, checklist, send_by};
use crate::output::write_atomic;
use crate::rules::{Channel, Outcome, RuleSet, Stage};

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
pub(super) fn copy_letter(written: &Written, streams: &mut Streams) -> anyhow::Result<()> {
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
pub(super) fn open_letter(
    written: &Written,
    details: &Details,
    streams: &mut Streams,
) -> anyhow::Result<()> {
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
    let to = details.get("interviewer_email").map_or("", String::as_str);
    let program = deliver::open(&letter::mailto(to, &email.subject, &email.body))?;
    let _ = writeln!(
        streams.err,
        "Opened the email `{}` in your mail program (with {program}){}.",
        email.kind,
        if to.trim().is_empty() {
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
