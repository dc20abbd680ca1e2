//! Typed answers: the line editor (numbers, details, free text) and number questions.

use super::BACK_KEY;
use super::screen::{Frame, Key, RawMode, read_key, width, wrapped};
use crate::error::{Error, Result};
use crate::interview::{Ask, Reply};

/// Reads a line with the usual editing keys. `?` alone shows `help` (when there is one);
/// Enter accepts the line once `problem` finds nothing wrong with it. Shift-Tab returns
/// `None` from the caller's point of view: it is reported as the text `\u{0}back`.
pub(super) fn edit_line(
    progress: Option<&str>,
    prompt: &str,
    hint: &str,
    help: Option<&str>,
    start: &str,
    problem: &dyn Fn(&str) -> Option<String>,
) -> Result<String> {
    let width = width();
    let _raw = RawMode::on()?;
    let mut frame = Frame::new();
    let mut text: Vec<char> = start.chars().collect();
    let mut at = text.len();
    let mut show_help = false;
    let mut note: Option<String> = None;
    loop {
        let mut lines: Vec<String> = progress.iter().map(|p| p.to_string()).collect();
        lines.extend(wrapped(prompt, width, "? "));
        // The line being edited scrolls sideways when it is wider than the terminal.
        let room = width.saturating_sub(3).max(10);
        let first = at.saturating_sub(room.saturating_sub(1));
        let shown: String = text[first..].iter().take(room).collect();
        let input_row = lines.len();
        lines.push(format!("> {shown}"));
        if show_help && let Some(help) = help {
            lines.extend(wrapped(help, width, "  \u{2139} "));
        }
        if let Some(note) = &note {
            lines.extend(wrapped(note, width, "  "));
        }
        lines.extend(wrapped(&format!("[{hint}]"), width, ""));
        frame.draw(&lines, Some((input_row, 2 + at - first)))?;
        note = None;
        match read_key()? {
            Key::Char('?') if help.is_some() && text.is_empty() => show_help = !show_help,
            Key::Char(c) => {
                text.insert(at, c);
                at += 1;
            }
            Key::Backspace if at > 0 => {
                at -= 1;
                text.remove(at);
            }
            Key::Delete if at < text.len() => {
                text.remove(at);
            }
            Key::Left => at = at.saturating_sub(1),
            Key::Right => at = (at + 1).min(text.len()),
            Key::Home => at = 0,
            Key::End => at = text.len(),
            Key::KillStart => {
                text.drain(..at);
                at = 0;
            }
            Key::KillEnd => text.truncate(at),
            Key::KillWord => {
                let mut start = at;
                while start > 0 && text[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !text[start - 1].is_whitespace() {
                    start -= 1;
                }
                text.drain(start..at);
                at = start;
            }
            Key::Enter => {
                let line: String = text.iter().collect();
                match problem(&line) {
                    Some(message) => note = Some(message),
                    None => {
                        let mut summary: Vec<String> =
                            progress.iter().map(|p| p.to_string()).collect();
                        summary.extend(wrapped(
                            &format!("{prompt} \u{b7} {}", line.trim()),
                            width,
                            "\u{2714} ",
                        ));
                        frame.finish(&summary)?;
                        return Ok(line);
                    }
                }
            }
            Key::Back if hint.contains(BACK_KEY) => {
                frame.finish(&[])?;
                return Ok(BACK_MARK.to_string());
            }
            Key::Quit => {
                frame.finish(&[])?;
                return Err(Error::Interrupted);
            }
            _ => {}
        }
    }
}

/// What [`edit_line`] returns when the person goes back (no typed line holds it).
pub(super) const BACK_MARK: &str = "\u{0}back";

pub(super) fn ask_number(ask: &Ask, min: i64, max: i64) -> Result<Reply> {
    let question = ask.question;
    let mut hint = if question.date.is_some() {
        format!("date or {min}\u{2013}{max} days \u{b7} ? help")
    } else {
        format!("{min}\u{2013}{max} \u{b7} Enter ok \u{b7} ? help")
    };
    if ask.can_go_back {
        hint.push_str(&format!(" \u{b7} {BACK_KEY}"));
    }
    hint.push_str(" \u{b7} Esc quit");
    let start = ask.current.map(|c| c.to_string()).unwrap_or_default();
    let progress = ask.progress();
    let today = crate::engine::today();
    let problem = move |input: &str| match question.parse_answer_on(input, today) {
        Ok(_) => None,
        Err(_) if input.trim().parse::<jiff::civil::Date>().is_ok() => {
            question.parse_answer_on(input, today).err()
        }
        Err(_) if question.date.is_some() => Some(format!(
            "Enter a date such as {} or a whole number of days from {min} to {max}.",
            today
        )),
        Err(_) => Some(format!("Enter a whole number from {min} to {max}.")),
    };
    let line = edit_line(
        Some(&progress),
        &question.prompt,
        &hint,
        Some(&question.help),
        &start,
        &problem,
    )?;
    if line == BACK_MARK {
        return Ok(Reply::Back);
    }
    question
        .parse_answer_on(&line, today)
        .map(Reply::Answer)
        .map_err(|_| Error::Internal("the number prompt let through a non-number".into()))
}
