//! A prompter for pipes: asks on stderr and reads one answer per line.

use std::io::{BufRead, Write};

use super::{Ask, Prompter, Reply, ReviewChoice, ReviewLine};
use crate::error::{Diagnostic, Error, Result};
use crate::rules::{Code, QuestionKind};

/// The longest answer line read; longer lines are refused rather than held in memory.
const MAX_LINE_BYTES: usize = 4096;

/// Reads answers line by line: an option's number or value, `y`/`n`, or a number. An
/// empty line keeps the preselected answer when there is one.
pub struct LinePrompter<R, W> {
    input: R,
    output: W,
    line_number: usize,
}

impl<R: BufRead, W: Write> LinePrompter<R, W> {
    /// Reads answers from `input` and writes the questions to `output`.
    pub fn new(input: R, output: W) -> Self {
        LinePrompter {
            input,
            output,
            line_number: 0,
        }
    }

    fn read_line(&mut self) -> Result<Option<String>> {
        let mut bytes = Vec::new();
        let read = std::io::Read::take(&mut self.input, MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut bytes)
            .map_err(|source| Error::Io {
                action: "cannot read",
                path: "<stdin>".into(),
                source,
            })?;
        if read == 0 {
            return Ok(None);
        }
        self.line_number += 1;
        let refused = if bytes.len() > MAX_LINE_BYTES {
            "the line is too long"
        } else {
            match String::from_utf8(bytes) {
                Ok(text) => return Ok(Some(text.trim().to_string())),
                Err(_) => "the line is not valid UTF-8",
            }
        };
        // The line is not echoed; end the prompt's line so the error starts on its own.
        let _ = writeln!(self.output);
        Err(self.refuse(refused))
    }

    fn refuse(&self, message: impl Into<String>) -> Error {
        Error::invalid(Diagnostic {
            file: Some("<stdin>".to_string()),
            line: Some(self.line_number),
            column: None,
            message: message.into(),
            source_line: None,
        })
    }
}

/// Reads one line of input as an answer to the question, if it is one.
fn parse_line(ask: &Ask, text: &str) -> Option<Code> {
    let question = ask.question;
    if text.is_empty() {
        return ask.current;
    }
    if let (QuestionKind::Choice { options }, Ok(number)) = (&question.kind, text.parse::<usize>())
    {
        return (1..=options.len())
            .contains(&number)
            .then(|| number as Code - 1);
    }
    question.parse_answer_on(text, crate::engine::today()).ok()
}

impl<R: BufRead, W: Write> Prompter for LinePrompter<R, W> {
    fn ask(&mut self, ask: &Ask) -> Result<Reply> {
        let question = ask.question;
        let mut text = format!("[{}] {}\n", ask.progress(), question.prompt);
        match &question.kind {
            QuestionKind::Choice { options } => {
                for (i, option) in options.iter().enumerate() {
                    text.push_str(&format!(
                        "  {}) {} [{}]\n",
                        i + 1,
                        option.label,
                        option.value
                    ));
                }
            }
            QuestionKind::Scale {
                min,
                max,
                min_label,
                max_label,
                ..
            } => text.push_str(&format!(
                "  {min} = {min_label} \u{2026} {max} = {max_label}\n"
            )),
            QuestionKind::YesNo { .. } => text.push_str("  y = yes, n = no\n"),
            QuestionKind::Number { min, max, .. } if question.date.is_some() => text.push_str(
                &format!("  a date (YYYY-MM-DD), or a whole number of days from {min} to {max}\n"),
            ),
            QuestionKind::Number { min, max, .. } => {
                text.push_str(&format!("  a whole number from {min} to {max}\n"))
            }
        }
        if let Some(current) = ask.current {
            text.push_str(&format!(
                "  (empty line: {})\n",
                question.answer_label(current)
            ));
        }
        text.push_str("> ");
        let _ = self.output.write_all(text.as_bytes());
        let _ = self.output.flush();
        let Some(line) = self.read_line()? else {
            let _ = writeln!(self.output);
            return Ok(Reply::EndOfInput);
        };
        // Piped input is not echoed; show it so the transcript reads as a conversation.
        let _ = writeln!(self.output, "{}", crate::text::escaped(&line));
        match parse_line(ask, &line) {
            Some(code) => Ok(Reply::Answer(code)),
            None => {
                let allowed = match &question.kind {
                    QuestionKind::Choice { options } => format!(
                        "an option number from 1 to {} or {}",
                        options.len(),
                        question.allowed()
                    ),
                    _ => question.allowed(),
                };
                Err(self.refuse(format!(
                    "`{}` is not a valid answer to `{}` ({}); expected {allowed}",
                    line, question.id, question.prompt
                )))
            }
        }
    }

    fn review(&mut self, _lines: &[ReviewLine]) -> Result<ReviewChoice> {
        Ok(ReviewChoice::Confirm)
    }
}
