//! The terminal itself: raw mode, its width, the keys as they are pressed, and the frame
//! the prompter redraws in place.

use std::io::Write;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};

use crate::error::{Error, Result};
use crate::text::wrap;

/// Raw mode for as long as it lives, so a key is read as it is pressed.
pub(super) struct RawMode;

impl RawMode {
    pub(super) fn on() -> Result<RawMode> {
        terminal::enable_raw_mode().map_err(terminal_error)?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

pub(super) fn terminal_error(source: std::io::Error) -> Error {
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
pub(super) enum Key {
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

pub(super) fn read_key() -> Result<Key> {
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
pub(super) struct Frame {
    /// How far below the frame's first line the cursor was left.
    pub(super) cursor_row: usize,
}

impl Frame {
    pub(super) fn new() -> Frame {
        Frame { cursor_row: 0 }
    }

    /// Replaces what was drawn with `lines`; with `cursor`, leaves the cursor at that
    /// (row, column) of the frame, else after the last line.
    pub(super) fn draw(&mut self, lines: &[String], cursor: Option<(usize, usize)>) -> Result<()> {
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

    pub(super) fn clear(&mut self, err: &mut std::io::Stderr) -> Result<()> {
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
    pub(super) fn finish(mut self, lines: &[String]) -> Result<()> {
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
pub(super) fn wrapped(text: &str, width: usize, head: &str) -> Vec<String> {
    let indent = " ".repeat(head.chars().count());
    wrap(text, width.saturating_sub(indent.len() + 1).max(10))
        .into_iter()
        .enumerate()
        .map(|(i, line)| format!("{}{line}", if i == 0 { head } else { &indent }))
        .collect()
}
