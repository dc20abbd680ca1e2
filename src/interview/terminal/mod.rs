//! A prompter for terminals, drawn on standard error: select lists for choices, scales
//! and yes/no (arrow keys or number keys), a line editor for numbers and details, and a
//! review screen. The same keys work on every question: `?` shows the help, Shift-Tab
//! goes back, Esc leaves.

mod entries;
mod line;
mod screen;

use super::{Ask, Prompter, Reply, ReviewChoice, ReviewLine};
use crate::error::{Error, Result};
use crate::rules::{Outcome, QuestionKind};
use crate::text::capitalised;
use entries::{entries, entry_for_key, list_hint, start_cursor};
use line::{ask_number, edit_line};
use screen::{Frame, Key, RawMode, read_key, wrapped};

pub use screen::width;

/// Asks on the terminal. Esc, Ctrl-C and Ctrl-D leave with [`Error::Interrupted`].
#[derive(Debug, Default)]
pub struct TerminalPrompter;

/// The key that goes back, as named in the hint line.
const BACK_KEY: &str = "Shift-Tab back";

impl Prompter for TerminalPrompter {
    #[allow(
        clippy::too_many_lines,
        reason = "the key loop of one prompt: each key's effect on the one selection, side by side"
    )]
    fn ask(&mut self, ask: &Ask) -> Result<Reply> {
        let question = ask.question;
        let Some(entries) = entries(&question.kind) else {
            let QuestionKind::Number { min, max, .. } = question.kind else {
                return Err(Error::Internal("a question with no answers".into()));
            };
            return ask_number(ask, min, max);
        };
        let width = width();
        let _raw = RawMode::on()?;
        let mut frame = Frame::new();
        let mut cursor = start_cursor(&question.kind, &entries, ask.current);
        let mut show_help = false;
        let mut note: Option<String> = None;
        let number_width = entries.len().to_string().len();
        loop {
            let mut lines = vec![ask.progress()];
            lines.extend(wrapped(&question.prompt, width, "? "));
            for (i, entry) in entries.iter().enumerate() {
                let mark = if cursor == Some(i) { "\u{276f}" } else { " " };
                let numbered = !matches!(question.kind, QuestionKind::Scale { .. });
                let number = if numbered && entries.len() <= 9 {
                    format!("{:>number_width$}) ", i + 1)
                } else {
                    String::new()
                };
                lines.extend(wrapped(&entry.label, width, &format!("{mark} {number}")));
            }
            if show_help {
                lines.extend(wrapped(&question.help, width, "  \u{2139} "));
            }
            if let Some(note) = &note {
                lines.extend(wrapped(note, width, "  "));
            }
            lines.extend(wrapped(
                &format!(
                    "[{}]",
                    list_hint(&question.kind, entries.len(), ask.can_go_back)
                ),
                width,
                "",
            ));
            frame.draw(&lines, None)?;
            note = None;
            let chosen = match read_key()? {
                Key::Up => {
                    cursor = Some(cursor.map_or(entries.len() - 1, |c| {
                        (c + entries.len() - 1) % entries.len()
                    }));
                    None
                }
                Key::Down => {
                    cursor = Some(cursor.map_or(0, |c| (c + 1) % entries.len()));
                    None
                }
                Key::Home => {
                    cursor = Some(0);
                    None
                }
                Key::End => {
                    cursor = Some(entries.len() - 1);
                    None
                }
                Key::Enter => match cursor {
                    Some(c) => Some(c),
                    None => {
                        note = Some("Choose an answer first: move with \u{2191}\u{2193}, or press its number.".into());
                        None
                    }
                },
                Key::Char('?') => {
                    show_help = !show_help;
                    None
                }
                Key::Char(c) => {
                    let chosen = entry_for_key(&question.kind, &entries, c);
                    if chosen.is_none() {
                        note = Some(format!("`{c}` is not an answer here."));
                    }
                    chosen
                }
                Key::Back if ask.can_go_back => {
                    frame.finish(&[])?;
                    return Ok(Reply::Back);
                }
                Key::Back => {
                    note = Some("This is the first question.".into());
                    None
                }
                Key::Quit => {
                    frame.finish(&[])?;
                    return Err(Error::Interrupted);
                }
                _ => None,
            };
            if let Some(index) = chosen {
                let entry = &entries[index];
                let mut summary = vec![ask.progress()];
                summary.extend(wrapped(
                    &format!("{} \u{b7} {}", question.prompt, entry.label),
                    width,
                    "\u{2714} ",
                ));
                frame.finish(&summary)?;
                return Ok(Reply::Answer(entry.code));
            }
        }
    }

    fn settled(&mut self, outcome: Outcome, left: usize) -> Result<bool> {
        let width = width();
        let _raw = RawMode::on()?;
        let mut frame = Frame::new();
        let rest = if left == 1 {
            "the one question left says".to_string()
        } else {
            format!("the {left} questions left say")
        };
        let mut lines = wrapped(
            &format!(
                "Your answers so far settle it: {}, whatever {rest}.",
                outcome.title().to_lowercase()
            ),
            width,
            "\u{2139} ",
        );
        lines.extend(wrapped(
            "[Enter see the result \u{b7} a answer them anyway \u{b7} Esc quit]",
            width,
            "",
        ));
        loop {
            frame.draw(&lines, None)?;
            match read_key()? {
                Key::Enter => {
                    frame.finish(&lines[..lines.len() - 1])?;
                    return Ok(true);
                }
                Key::Char('a' | 'A') => {
                    frame.finish(&[])?;
                    return Ok(false);
                }
                Key::Quit => {
                    frame.finish(&[])?;
                    return Err(Error::Interrupted);
                }
                _ => {}
            }
        }
    }

    fn review(&mut self, lines: &[ReviewLine]) -> Result<ReviewChoice> {
        let width = width();
        let label_width = lines
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(0);
        let answer_width = lines
            .iter()
            .map(|l| l.answer.chars().count())
            .max()
            .unwrap_or(0);
        // Two aligned columns when they fit, else one "Label: answer" per line.
        let columns = label_width + answer_width + 6 <= width;
        let mut items = vec!["These are right: show the recommendation".to_string()];
        items.extend(lines.iter().map(|l| {
            if columns {
                let pad = label_width.saturating_sub(l.label.chars().count());
                format!("{}{}  {}", capitalised(&l.label), " ".repeat(pad), l.answer)
            } else {
                format!("{}: {}", capitalised(&l.label), l.answer)
            }
        }));
        let _raw = RawMode::on()?;
        let mut frame = Frame::new();
        let mut cursor = 0usize;
        loop {
            let mut screen = vec![String::new(), "Review your answers".to_string()];
            screen.extend(wrapped("Change an answer, or go on:", width, "? "));
            for (i, item) in items.iter().enumerate() {
                let mark = if cursor == i { "\u{276f} " } else { "  " };
                screen.extend(wrapped(item, width, mark));
            }
            screen.extend(wrapped(
                "[\u{2191}\u{2193} move \u{b7} Enter choose \u{b7} Esc quit]",
                width,
                "",
            ));
            frame.draw(&screen, None)?;
            match read_key()? {
                Key::Up => cursor = (cursor + items.len() - 1) % items.len(),
                Key::Down => cursor = (cursor + 1) % items.len(),
                Key::Home => cursor = 0,
                Key::End => cursor = items.len() - 1,
                Key::Enter => {
                    frame.finish(&[])?;
                    return Ok(match cursor.checked_sub(1).and_then(|i| lines.get(i)) {
                        Some(line) => ReviewChoice::Change(line.index),
                        None => ReviewChoice::Confirm,
                    });
                }
                Key::Quit => {
                    frame.finish(&[])?;
                    return Err(Error::Interrupted);
                }
                _ => {}
            }
        }
    }
}

impl TerminalPrompter {
    /// Asks for a line of text (a detail such as a name); a blank answer is `None`.
    /// `problem` says what is wrong with an entry, and the person is asked again.
    pub fn ask_text(
        &mut self,
        label: &str,
        hint: &str,
        problem: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<String>> {
        let prompt = format!("{}:", capitalised(label));
        let text = edit_line(None, &prompt, hint, None, "", &|text| problem(text.trim()))?;
        let text = text.trim();
        Ok((!text.is_empty()).then(|| text.to_string()))
    }

    /// Offers a few things to do; Esc, Ctrl-C and Ctrl-D choose none (`None`).
    pub fn choose(&mut self, question: &str, options: &[&str]) -> Result<Option<usize>> {
        let width = width();
        let _raw = RawMode::on()?;
        let mut frame = Frame::new();
        let mut cursor = 0usize;
        loop {
            let mut lines = wrapped(question, width, "? ");
            for (i, option) in options.iter().enumerate() {
                let mark = if cursor == i { "\u{276f}" } else { " " };
                lines.extend(wrapped(option, width, &format!("{mark} {}) ", i + 1)));
            }
            lines.extend(wrapped(
                &format!(
                    "[\u{2191}\u{2193} Enter, or 1-{} \u{b7} Esc done]",
                    options.len()
                ),
                width,
                "",
            ));
            frame.draw(&lines, None)?;
            let chosen = match read_key()? {
                Key::Up => {
                    cursor = (cursor + options.len() - 1) % options.len();
                    None
                }
                Key::Down => {
                    cursor = (cursor + 1) % options.len();
                    None
                }
                Key::Enter => Some(cursor),
                Key::Char(c) => c
                    .to_digit(10)
                    .map(|d| d as usize)
                    .filter(|d| (1..=options.len()).contains(d))
                    .map(|d| d - 1),
                Key::Quit => {
                    frame.finish(&[])?;
                    return Ok(None);
                }
                _ => None,
            };
            if let Some(index) = chosen {
                frame.finish(&wrapped(
                    &format!("{question} {}", options[index]),
                    width,
                    "\u{2714} ",
                ))?;
                return Ok(Some(index));
            }
        }
    }

    /// Asks a yes/no question whose default is yes. Esc, Ctrl-C and Ctrl-D mean no: this
    /// is asked only of steps the person may leave out.
    pub fn confirm(&mut self, question: &str) -> Result<bool> {
        let width = width();
        let _raw = RawMode::on()?;
        let mut frame = Frame::new();
        let mut lines = wrapped(&format!("{question} (Y/n)"), width, "? ");
        lines.push("[y yes \u{b7} n or Esc no]".to_string());
        loop {
            frame.draw(&lines, None)?;
            let yes = match read_key()? {
                Key::Enter | Key::Char('y' | 'Y') => true,
                Key::Char('n' | 'N') | Key::Quit => false,
                _ => continue,
            };
            let answer = if yes { "yes" } else { "no" };
            frame.finish(&wrapped(
                &format!("{question} {answer}"),
                width,
                "\u{2714} ",
            ))?;
            return Ok(yes);
        }
    }
}
