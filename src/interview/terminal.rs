//! A prompter for terminals, built on inquire: select lists for choices, scales and
//! yes/no, a checked text field for numbers, and a review screen.

use std::fmt;
use std::io::Write;

use inquire::error::InquireError;
use inquire::validator::Validation;
use inquire::{Select, Text};

use super::{Ask, Prompter, Reply, ReviewChoice, ReviewLine};
use crate::error::{Error, Result};
use crate::rules::{Code, QuestionKind};
use crate::text::capitalised;

/// Asks on the terminal. Esc, Ctrl-C and Ctrl-D leave with [`Error::Interrupted`].
#[derive(Debug, Default)]
pub struct TerminalPrompter;

/// An entry of a select list.
#[derive(Debug, Clone)]
enum Entry {
    Answer(Code, String),
    Help,
    Back,
    Confirm,
    Change(usize, String),
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Answer(_, label) | Entry::Change(_, label) => f.write_str(label),
            Entry::Help => f.write_str("? Why does this matter?"),
            Entry::Back => f.write_str("\u{2190} Back to the previous question"),
            Entry::Confirm => f.write_str("\u{2714} These are right: show the recommendation"),
        }
    }
}

fn map_error(error: InquireError) -> Error {
    match error {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => Error::Interrupted,
        InquireError::IO(source) => Error::Io {
            action: "cannot use the terminal",
            path: "<terminal>".into(),
            source,
        },
        other => Error::Internal(format!("the terminal prompt failed: {other}")),
    }
}

/// How a chosen entry is echoed after the prompt closes.
fn echo(entry: inquire::list_option::ListOption<&Entry>) -> String {
    match entry.value {
        Entry::Help => "(help)".to_string(),
        Entry::Back => "(back)".to_string(),
        other => other.to_string(),
    }
}

fn show_help(text: &str) {
    let mut stderr = std::io::stderr();
    let _ = writeln!(stderr, "  \u{2139} {}", text.trim());
}

const KEYS: &str = "\u{2191}\u{2193} move \u{b7} Enter choose \u{b7} Esc quit";

impl Prompter for TerminalPrompter {
    fn ask(&mut self, ask: &Ask) -> Result<Reply> {
        let question = ask.question;
        let _ = writeln!(std::io::stderr(), "\n{}", ask.progress());
        loop {
            let answers: Vec<Entry> = match &question.kind {
                QuestionKind::Choice { options } => options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| Entry::Answer(i as Code, o.label.clone()))
                    .collect(),
                QuestionKind::Scale {
                    min,
                    max,
                    min_label,
                    max_label,
                    ..
                } => (*min..=*max)
                    .map(|v| {
                        let label = if v == *min {
                            format!("{v} \u{2013} {min_label}")
                        } else if v == *max {
                            format!("{v} \u{2013} {max_label}")
                        } else {
                            v.to_string()
                        };
                        Entry::Answer(v, label)
                    })
                    .collect(),
                QuestionKind::YesNo { .. } => vec![
                    Entry::Answer(1, "Yes".to_string()),
                    Entry::Answer(0, "No".to_string()),
                ],
                QuestionKind::Number { min, max, .. } => {
                    return ask_number(ask, *min, *max);
                }
            };
            let start = ask
                .current
                .and_then(|c| {
                    answers
                        .iter()
                        .position(|e| matches!(e, Entry::Answer(code, _) if *code == c))
                })
                .unwrap_or(0);
            let mut entries = answers;
            entries.push(Entry::Help);
            if ask.can_go_back {
                entries.push(Entry::Back);
            }
            let choice = Select::new(&question.prompt, entries)
                .with_help_message(KEYS)
                .with_formatter(&echo)
                .with_starting_cursor(start)
                .without_filtering()
                .with_page_size(12)
                .prompt()
                .map_err(map_error)?;
            match choice {
                Entry::Answer(code, _) => return Ok(Reply::Answer(code)),
                Entry::Back => return Ok(Reply::Back),
                Entry::Help => show_help(&question.help),
                Entry::Confirm | Entry::Change(..) => {}
            }
        }
    }

    fn review(&mut self, lines: &[ReviewLine]) -> Result<ReviewChoice> {
        let _ = writeln!(std::io::stderr(), "\nReview your answers");
        let width = lines
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(0);
        let mut entries = vec![Entry::Confirm];
        entries.extend(lines.iter().map(|l| {
            let pad = width.saturating_sub(l.label.chars().count());
            Entry::Change(
                l.index,
                format!("{}{}  {}", capitalised(&l.label), " ".repeat(pad), l.answer),
            )
        }));
        let choice = Select::new("Change an answer, or go on:", entries)
            .with_help_message(KEYS)
            .without_filtering()
            .with_page_size(16)
            .prompt()
            .map_err(map_error)?;
        Ok(match choice {
            Entry::Change(index, _) => ReviewChoice::Change(index),
            _ => ReviewChoice::Confirm,
        })
    }
}

impl TerminalPrompter {
    /// Asks for a line of text (a detail such as a name); a blank answer is `None`.
    /// `problem` says what is wrong with an entry, and the person is asked again.
    pub fn ask_text(
        &mut self,
        label: &str,
        problem: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<String>> {
        let text = Text::new(&format!("{}:", capitalised(label)))
            .with_help_message("Enter to go on \u{b7} blank to skip \u{b7} Esc quit")
            .with_validator(move |input: &str| {
                Ok(match problem(input) {
                    Some(message) => Validation::Invalid(message.into()),
                    None => Validation::Valid,
                })
            })
            .prompt()
            .map_err(map_error)?;
        let text = text.trim();
        Ok((!text.is_empty()).then(|| text.to_string()))
    }

    /// Asks a yes/no question whose default is yes.
    pub fn confirm(&mut self, question: &str) -> Result<bool> {
        inquire::Confirm::new(question)
            .with_default(true)
            .prompt()
            .map_err(map_error)
    }
}

fn ask_number(ask: &Ask, min: i64, max: i64) -> Result<Reply> {
    let question = ask.question;
    let back = ask.can_go_back;
    let hint = if back {
        format!("{min}\u{2013}{max} \u{b7} ? help \u{b7} < back \u{b7} Esc quit")
    } else {
        format!("{min}\u{2013}{max} \u{b7} ? help \u{b7} Esc quit")
    };
    let default = ask.current.map(|c| c.to_string());
    loop {
        let message = question.prompt.clone();
        let mut prompt =
            Text::new(&message)
                .with_help_message(&hint)
                .with_validator(move |input: &str| {
                    let input = input.trim();
                    if input == "?" || (back && input == "<") {
                        return Ok(Validation::Valid);
                    }
                    match input.parse::<i64>() {
                        Ok(n) if (min..=max).contains(&n) => Ok(Validation::Valid),
                        _ => Ok(Validation::Invalid(
                            format!("Enter a whole number from {min} to {max}").into(),
                        )),
                    }
                });
        if let Some(default) = &default {
            prompt = prompt.with_default(default);
        }
        let text = prompt.prompt().map_err(map_error)?;
        match text.trim() {
            "?" => show_help(&question.help),
            "<" => return Ok(Reply::Back),
            number => {
                return number.parse::<i64>().map(Reply::Answer).map_err(|_| {
                    Error::Internal("the number prompt let through a non-number".into())
                });
            }
        }
    }
}
