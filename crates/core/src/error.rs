//! The library's error type: what went wrong, where, and the exit code it maps to.

use std::fmt;
use std::path::PathBuf;

use crate::text::{escaped, shown_path};

/// Exit codes, as documented in the README.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// An internal error: a bug.
    pub const INTERNAL: u8 = 1;
    /// The command line was wrong.
    pub const USAGE: u8 = 2;
    /// A rules file, answers file or detail is invalid.
    pub const DATA: u8 = 65;
    /// A file could not be read or written.
    pub const IO: u8 = 74;
    /// The user stopped the program (Esc, Ctrl-C, Ctrl-D).
    pub const INTERRUPTED: u8 = 130;
}

/// One problem found in a file, with the place it was found when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file (or `<stdin>`, or `<built-in rules>`).
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
    /// The text of line [`Diagnostic::line`] of the file, to show under the message with
    /// a caret at the column (see [`Diagnostic::excerpt`]).
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A problem with no known place.
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            file: None,
            line: None,
            column: None,
            message: message.into(),
            source_line: None,
        }
    }

    /// The same problem, placed in `file`.
    pub fn in_file(mut self, file: &str) -> Self {
        self.file = Some(file.to_string());
        self
    }

    /// The same problem, placed at a line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The same problem, quoting its line of `text` (the whole file) for
    /// [`Diagnostic::excerpt`].
    pub fn quoting(mut self, text: &str) -> Self {
        self.source_line = self
            .line
            .and_then(|line| text.split('\n').nth(line.checked_sub(1)?))
            .map(|line| line.strip_suffix('\r').unwrap_or(line).to_string());
        self
    }

    /// The quoted line and a caret under the column, as compilers show them:
    ///
    /// ```text
    ///  6 |     weight: heavy
    ///    |             ^
    /// ```
    ///
    /// Characters that could act on a terminal are shown escaped (the caret counts them
    /// as shown); a long line is cut to a window around the column. `None` without a
    /// quoted line or a column.
    pub fn excerpt(&self) -> Option<String> {
        const BEFORE: usize = 50;
        const WIDTH: usize = 100;
        let (text, line, column) = (self.source_line.as_ref()?, self.line?, self.column?);
        let chars: Vec<char> = text.chars().collect();
        let at = (column - 1).min(chars.len());
        let start = if chars.len() <= WIDTH {
            0
        } else {
            at.saturating_sub(BEFORE)
                .min(chars.len().saturating_sub(WIDTH))
        };
        let end = chars.len().min(start + WIDTH);
        let cut = |from: usize, to: usize| {
            escaped(&chars[from..to].iter().collect::<String>()).into_owned()
        };
        let lead = if start > 0 { "…" } else { "" };
        let tail = if end < chars.len() { "…" } else { "" };
        let shown = format!("{lead}{}{tail}", cut(start, end));
        let offset = lead.chars().count() + cut(start, at).chars().count();
        let number = line.to_string();
        let gutter = " ".repeat(number.len());
        Some(format!(
            " {number} | {shown}\n {gutter} | {}^",
            " ".repeat(offset)
        ))
    }
}

/// A diagnostic is one line, whatever the file's name and the text it quotes hold: their
/// characters that could act on a terminal are shown escaped.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}:", escaped(file))?;
            if let Some(line) = self.line {
                write!(f, "{line}:")?;
                if let Some(column) = self.column {
                    write!(f, "{column}:")?;
                }
            }
            write!(f, " ")?;
        }
        f.write_str(&escaped(&self.message))
    }
}

/// Everything that can go wrong, grouped by what the user must do about it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{}: {action}: {}", shown_path(path), describe_io(source))]
    Io {
        /// What was being done ("cannot read", "cannot write").
        action: &'static str,
        /// The file (or `<stdin>`, `<stdout>`).
        path: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
    /// Input data is invalid; every problem found is listed.
    #[error("{}", render_problems(.0))]
    Invalid(Vec<Diagnostic>),
    /// The user stopped the program.
    #[error("interrupted: no file of yours was written")]
    Interrupted,
    /// A bug: something that should not happen did.
    #[error("internal error: {0}; please report it")]
    Internal(String),
}

impl Error {
    /// One invalid-data problem.
    pub fn invalid(diagnostic: Diagnostic) -> Self {
        Error::Invalid(vec![diagnostic])
    }

    /// The exit code this error maps to.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::Io { .. } => exit::IO,
            Error::Invalid(_) => exit::DATA,
            Error::Interrupted => exit::INTERRUPTED,
            Error::Internal(_) => exit::INTERNAL,
        }
    }
}

fn render_problems(problems: &[Diagnostic]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// An I/O error in plain words, without the OS error number.
pub fn describe_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or folder".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::AlreadyExists => {
            "the file already exists (use --force to replace it)".to_string()
        }
        ErrorKind::IsADirectory => "it is a folder, not a file".to_string(),
        ErrorKind::NotADirectory => "part of the path is a file, not a folder".to_string(),
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        ErrorKind::StorageFull => "the disk is full".to_string(),
        ErrorKind::FileTooLarge => {
            "the file would be larger than this process may write (see `ulimit -f`)".to_string()
        }
        ErrorKind::InvalidFilename => "the file name is not valid (too long?)".to_string(),
        _ => {
            let text = error.to_string();
            let text = match text.find(" (os error") {
                Some(end) => text[..end].to_string(),
                None => text,
            };
            // "Permission denied" reads as the middle of a sentence here.
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, line: usize, column: usize) -> Option<String> {
        Diagnostic::new("m")
            .in_file("f")
            .at(line, column)
            .quoting(text)
            .excerpt()
    }

    #[test]
    fn the_excerpt_quotes_the_line_with_a_caret_under_the_column() {
        let text = "a: 1\r\nweight: heavy\r\n";
        assert_eq!(
            excerpt(text, 2, 9).as_deref(),
            Some(" 2 | weight: heavy\n   |         ^")
        );
        // No line, no column, or a line past the end: no excerpt.
        assert_eq!(excerpt(text, 9, 1), None);
        assert_eq!(Diagnostic::new("m").excerpt(), None);
    }

    #[test]
    fn the_excerpt_escapes_what_could_act_on_a_terminal_and_the_caret_follows() {
        let text = "\tk: \u{1b}[2J x\n";
        assert_eq!(
            excerpt(text, 1, 10).as_deref(),
            Some(" 1 | \\tk: \\u{1b}[2J x\n   |                ^")
        );
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_column() {
        let text = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let shown = excerpt(&text, 1, 301).unwrap_or_default();
        let (quoted, caret) = shown.split_once('\n').unwrap_or_default();
        assert!(
            quoted.starts_with(" 1 | …") && quoted.ends_with('…'),
            "{quoted}"
        );
        let at = caret.chars().count() - 1;
        assert_eq!(quoted.chars().nth(at), Some('X'), "{shown}");
    }
}
