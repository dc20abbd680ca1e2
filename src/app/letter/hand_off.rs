//! The hand-off from `advise`: offering the letter on a terminal, asking the questions
//! that only shape it, then writing it.

use super::write::{DetailAsker, Request, copy_letter, open_letter, terminal_asker, write_letter};
use crate::app::{Streams, write_out};
use crate::cli::LetterFormat;
use crate::engine::Answers;
use crate::interview::{self, TerminalPrompter};
use crate::letter::Details;
use crate::rules::{Outcome, RuleSet};

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
                .then(|| crate::app::output_width(true))
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
                    crate::text::escaped(&crate::app::described(&error))
                );
            }
        }
    })();
    match result {
        Err(error) if crate::app::is_interrupted(&error) => {
            let _ = writeln!(streams.err, "No message written; the advice above stands.");
            Ok(())
        }
        other => other,
    }
}
