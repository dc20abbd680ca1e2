//! A prompter for terminals, drawn on standard error: select lists for choices, scales
//! and yes/no (arrow keys or number keys), a line editor for numbers and details, and a
//! review screen. The same keys work on every question: `?` shows the help, Shift-Tab
//! goes back, Esc leaves.

use std::io::Write;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};

use super::{Ask, Prompter, Reply, ReviewChoice, ReviewLine};
use crate::error::{Error, Result};
use crate::rules::{Code, Outcome, QuestionKind};
use crate::text::{capitalised, wrap};

/// Asks on the terminal. Esc, Ctrl-C and Ctrl-D leave with [`Error::Interrupted`].
#[derive(Debug, Default)]
pub struct TerminalPrompter;

/// The key that goes back, as named in the hint line.
const BACK_KEY: &str = "Shift-Tab back";

/// Raw mode for as long as it lives, so a key is read as it is pressed.
struct RawMode;

impl RawMode {
    fn on() -> Result<RawMode> {
        terminal::enable_raw_mode().map_err(terminal_error)?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

fn terminal_error(source: std::io::Error) -> Error {
    Error::Io {
        action: "cannot use the terminal",
        path: "<terminal>".into(),
        source,
    }
}

/// The terminal's width in columns (80 when it cannot be told).
pub fn width() -> usize {
    match terminal::size() {
        Ok((columns, _)) if columns > 0 => usize::from(columns).max(20),
        _ => 80,
    }
}

/// What a key does, read the same way at every prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    Enter,
    Back,
    Quit,
    Backspace,
    Delete,
    /// Ctrl-U: delete to the start of the line.
    KillStart,
    /// Ctrl-K: delete to the end of the line.
    KillEnd,
    /// Ctrl-W: delete the word before the cursor.
    KillWord,
    Char(char),
    Other,
}

fn read_key() -> Result<Key> {
    loop {
        let event = event::read().map_err(terminal_error)?;
        let Event::Key(KeyEvent {
            code,
            modifiers,
            kind,
            ..
        }) = event
        else {
            // A resize redraws at the next key; other events are ignored.
            continue;
        };
        if kind == KeyEventKind::Release {
            continue;
        }
        let control = modifiers.contains(KeyModifiers::CONTROL);
        return Ok(match code {
            KeyCode::Char('c' | 'd') if control => Key::Quit,
            KeyCode::Char('a') if control => Key::Home,
            KeyCode::Char('e') if control => Key::End,
            KeyCode::Char('b') if control => Key::Left,
            KeyCode::Char('f') if control => Key::Right,
            KeyCode::Char('p') if control => Key::Up,
            KeyCode::Char('n') if control => Key::Down,
            KeyCode::Char('u') if control => Key::KillStart,
            KeyCode::Char('k') if control => Key::KillEnd,
            KeyCode::Char('w') if control => Key::KillWord,
            KeyCode::Char('h') if control => Key::Backspace,
            KeyCode::Char('m' | 'j') if control => Key::Enter,
            KeyCode::Char(_) if control => Key::Other,
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::Enter => Key::Enter,
            KeyCode::BackTab => Key::Back,
            KeyCode::Esc => Key::Quit,
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Delete => Key::Delete,
            _ => Key::Other,
        });
    }
}

/// The lines of one prompt on the screen, redrawn in place after each key.
struct Frame {
    /// How far below the frame's first line the cursor was left.
    cursor_row: usize,
}

impl Frame {
    fn new() -> Frame {
        Frame { cursor_row: 0 }
    }

    /// Replaces what was drawn with `lines`; with `cursor`, leaves the cursor at that
    /// (row, column) of the frame, else after the last line.
    fn draw(&mut self, lines: &[String], cursor: Option<(usize, usize)>) -> Result<()> {
        let mut err = std::io::stderr();
        self.clear(&mut err)?;
        let text = lines.join("\r\n");
        err.write_all(text.as_bytes()).map_err(terminal_error)?;
        let last = lines.len().saturating_sub(1);
        self.cursor_row = last;
        if let Some((row, column)) = cursor {
            if last > row {
                queue!(err, cursor::MoveUp((last - row) as u16)).map_err(terminal_error)?;
            }
            queue!(err, cursor::MoveToColumn(column as u16)).map_err(terminal_error)?;
            self.cursor_row = row;
        }
        err.flush().map_err(terminal_error)
    }

    fn clear(&mut self, err: &mut std::io::Stderr) -> Result<()> {
        queue!(err, cursor::MoveToColumn(0)).map_err(terminal_error)?;
        if self.cursor_row > 0 {
            queue!(err, cursor::MoveUp(self.cursor_row as u16)).map_err(terminal_error)?;
        }
        queue!(err, terminal::Clear(terminal::ClearType::FromCursorDown))
            .map_err(terminal_error)?;
        self.cursor_row = 0;
        Ok(())
    }

    /// Replaces the frame with its summary and ends the line.
    fn finish(mut self, lines: &[String]) -> Result<()> {
        let mut err = std::io::stderr();
        self.clear(&mut err)?;
        if lines.is_empty() {
            return err.flush().map_err(terminal_error);
        }
        let mut text = lines.join("\r\n");
        text.push_str("\r\n");
        err.write_all(text.as_bytes()).map_err(terminal_error)?;
        err.flush().map_err(terminal_error)
    }
}

/// Wraps the text to `width`: the first line starts with `head`, the others are indented
/// as far.
fn wrapped(text: &str, width: usize, head: &str) -> Vec<String> {
    let indent = " ".repeat(head.chars().count());
    wrap(text, width.saturating_sub(indent.len() + 1).max(10))
        .into_iter()
        .enumerate()
        .map(|(i, line)| format!("{}{line}", if i == 0 { head } else { &indent }))
        .collect()
}

/// One entry of a select list.
struct Entry {
    code: Code,
    label: String,
}

/// The entries of a choice, scale or yes/no question; `None` for a number question.
fn entries(kind: &QuestionKind) -> Option<Vec<Entry>> {
    Some(match kind {
        QuestionKind::Choice { options } => options
            .iter()
            .enumerate()
            .map(|(i, o)| Entry {
                code: i as Code,
                label: o.label.clone(),
            })
            .collect(),
        QuestionKind::Scale {
            min,
            max,
            min_label,
            max_label,
            ..
        } => (*min..=*max)
            .map(|v| Entry {
                code: v,
                label: if v == *min {
                    format!("{v} \u{2013} {min_label}")
                } else if v == *max {
                    format!("{v} \u{2013} {max_label}")
                } else {
                    v.to_string()
                },
            })
            .collect(),
        QuestionKind::YesNo { .. } => vec![
            Entry {
                code: 1,
                label: "Yes".to_string(),
            },
            Entry {
                code: 0,
                label: "No".to_string(),
            },
        ],
        QuestionKind::Number { .. } => return None,
    })
}

/// Where the cursor starts in a list: on the current answer; for a scale without one, in
/// the middle; otherwise on nothing, so that Enter alone chooses nothing.
fn start_cursor(kind: &QuestionKind, entries: &[Entry], current: Option<Code>) -> Option<usize> {
    if let Some(current) = current {
        return entries.iter().position(|e| e.code == current);
    }
    match kind {
        QuestionKind::Scale { .. } => Some(entries.len() / 2),
        _ => None,
    }
}

/// The entry a typed key chooses: a number key (1 to 9), or y/n on a yes/no question.
fn entry_for_key(kind: &QuestionKind, entries: &[Entry], c: char) -> Option<usize> {
    if let QuestionKind::YesNo { .. } = kind {
        match c.to_ascii_lowercase() {
            'y' => return entries.iter().position(|e| e.code == 1),
            'n' => return entries.iter().position(|e| e.code == 0),
            _ => {}
        }
    }
    let digit = c.to_digit(10)?;
    if let QuestionKind::Scale { .. } = kind {
        // A scale's entries are its numbers.
        return entries.iter().position(|e| e.code == Code::from(digit));
    }
    let digit = digit as usize;
    (1..=entries.len().min(9))
        .contains(&digit)
        .then(|| digit - 1)
}

/// The hint line of a list.
fn list_hint(kind: &QuestionKind, count: usize, can_go_back: bool) -> String {
    let mut parts = vec![match kind {
        QuestionKind::YesNo { .. } => "\u{2191}\u{2193} Enter, y or n".to_string(),
        QuestionKind::Scale { min, max, .. } if *max <= 9 => {
            format!("\u{2191}\u{2193} Enter, or {min}-{max}")
        }
        _ if count <= 9 => format!("\u{2191}\u{2193} Enter, or 1-{count}"),
        _ => "\u{2191}\u{2193} Enter".to_string(),
    }];
    parts.push("? help".to_string());
    if can_go_back {
        parts.push(BACK_KEY.to_string());
    }
    parts.push("Esc quit".to_string());
    parts.join(" \u{b7} ")
}

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

/// Reads a line with the usual editing keys. `?` alone shows `help` (when there is one);
/// Enter accepts the line once `problem` finds nothing wrong with it. Shift-Tab returns
/// `None` from the caller's point of view: it is reported as the text `\u{0}back`.
fn edit_line(
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
const BACK_MARK: &str = "\u{0}back";

fn ask_number(ask: &Ask, min: i64, max: i64) -> Result<Reply> {
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
