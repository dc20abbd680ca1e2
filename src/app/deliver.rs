//! Acting on a written letter: editing it in the person's editor, putting it on the
//! clipboard, and handing it to the mail program as a `mailto:` link.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::error::{Diagnostic, Error};
use crate::text::shown_path;

/// A letter as text: the subject and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

impl Message {
    /// Reads `Subject: ...`, a blank line, then the body; without a subject line, all of
    /// it is the body.
    pub fn parse(text: &str) -> Message {
        let text = text.trim_start_matches('\u{feff}');
        match text.split_once('\n') {
            Some((first, rest)) if first.starts_with("Subject:") => Message {
                subject: first["Subject:".len()..].trim().to_string(),
                body: rest.trim_start_matches(['\r', '\n']).to_string(),
            },
            _ => Message {
                subject: String::new(),
                body: text.to_string(),
            },
        }
    }
}

/// The editor the person chose: `$VISUAL`, else `$EDITOR`.
fn editor() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|value| value.trim().to_string())
        .find(|value| !value.is_empty())
}

/// Opens `text` in the person's editor and returns what they saved. The text lives in a
/// private temporary file while it is edited, and is removed afterwards.
pub fn edit(text: &str) -> Result<String> {
    let Some(editor) = editor() else {
        return Err(Error::Usage(
            "--edit needs an editor: set VISUAL or EDITOR (for example EDITOR=nano)".to_string(),
        )
        .into());
    };
    let mut file = tempfile::Builder::new()
        .prefix("interview-advisor-letter-")
        .suffix(".txt")
        .tempfile()
        .with_context(|| {
            format!(
                "{}: cannot create a file to edit the letter in",
                shown_path(&std::env::temp_dir())
            )
        })?;
    let path = file.path().to_path_buf();
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .with_context(|| format!("{}: cannot write", shown_path(&path)))?;
    // The editor setting may hold arguments (`code --wait`), as shells read it.
    let status = shell_command(&format!("{editor} \"$1\""), &path)
        .status()
        .with_context(|| format!("{}: cannot start the editor for", shown_path(&path)))?;
    if !status.success() {
        return Err(std::io::Error::other(format!(
            "`{editor}` ended with {status}"
        )))
        .with_context(|| {
            format!(
                "{}: the editor failed; the letter is unchanged",
                shown_path(&path)
            )
        });
    }
    let edited = std::fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read the edited letter", shown_path(&path)))?;
    if edited.trim().is_empty() {
        return Err(Error::invalid(Diagnostic::new(
            "the letter is empty after editing; nothing was written",
        ))
        .into());
    }
    Ok(edited)
}

#[cfg(unix)]
fn shell_command(script: &str, argument: &Path) -> Command {
    let mut command = Command::new("sh");
    command.arg("-c").arg(script).arg("sh").arg(argument);
    command
}

#[cfg(not(unix))]
fn shell_command(script: &str, argument: &Path) -> Command {
    let mut command = Command::new("cmd");
    command
        .arg("/C")
        .arg(script.replace("\"$1\"", &format!("\"{}\"", argument.display())));
    command
}

/// The program `name` on the `PATH`, if there is one.
fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_program(candidate))
}

#[cfg(unix)]
fn is_program(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_program(path: &Path) -> bool {
    path.is_file() || path.with_extension("exe").is_file()
}

/// Feeds `text` to `program args...` on its standard input; true when it succeeded.
fn pipe_to(program: &Path, args: &[&str], text: &str) -> bool {
    let Ok(mut child) = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    let written = child
        .stdin
        .take()
        .is_some_and(|mut stdin| stdin.write_all(text.as_bytes()).is_ok());
    child.wait().is_ok_and(|status| status.success()) && written
}

/// Where the letter went when copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copied {
    /// To the system clipboard, with this program.
    Clipboard(String),
    /// To the terminal's clipboard, by an OSC 52 escape sequence.
    Terminal,
}

/// Puts `text` on the clipboard: the system clipboard where a clipboard program works
/// (wl-copy, xclip, xsel, pbcopy, clip.exe), else the terminal's (OSC 52) when
/// `terminal` is given, else an error that says what is missing.
pub fn copy(text: &str, terminal: Option<&mut dyn Write>) -> Result<Copied> {
    let graphical =
        std::env::var_os("WAYLAND_DISPLAY").is_some() || std::env::var_os("DISPLAY").is_some();
    let programs: &[(&str, &[&str], bool)] = &[
        ("wl-copy", &[], true),
        ("xclip", &["-selection", "clipboard"], true),
        ("xsel", &["--clipboard", "--input"], true),
        ("pbcopy", &[], false),
        ("clip.exe", &[], false),
    ];
    for (name, args, needs_display) in programs {
        if *needs_display && !graphical {
            continue;
        }
        if let Some(program) = find_program(name)
            && pipe_to(&program, args, text)
        {
            return Ok(Copied::Clipboard((*name).to_string()));
        }
    }
    match terminal {
        Some(out) => {
            write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()))
                .and_then(|()| out.flush())
                .context("<terminal>: cannot write to")?;
            Ok(Copied::Terminal)
        }
        None => Err(std::io::Error::other(
            "no clipboard program (wl-copy, xclip, xsel, pbcopy) works here, and there is \
             no terminal to copy through; install one, or use --out FILE",
        ))
        .context("<clipboard>: cannot copy the letter"),
    }
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Hands `url` to the desktop's opener (xdg-open, open, or start); returns its name, or
/// an error that says there is none.
pub fn open(url: &str) -> Result<String> {
    let openers: &[(&str, &[&str])] = if cfg!(windows) {
        &[("cmd", &["/C", "start", ""])]
    } else if cfg!(target_os = "macos") {
        &[("open", &[])]
    } else {
        &[("xdg-open", &[]), ("gio", &["open"])]
    };
    for (name, args) in openers {
        let Some(program) = find_program(name).or_else(|| cfg!(windows).then(|| name.into()))
        else {
            continue;
        };
        let started = Command::new(program)
            .args(*args)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if started.is_ok_and(|status| status.success()) {
            return Ok((*name).to_string());
        }
    }
    Err(std::io::Error::other(format!(
        "there is no program here that opens links (xdg-open, open, start); \
         the link is: {url}"
    )))
    .context("<mailto link>: cannot open the mail program")
}

#[cfg(test)]
mod tests {
    use super::{Message, base64};

    #[test]
    fn base64_matches_the_standard_examples() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_subject_line_and_the_body_come_apart() {
        let message = Message::parse("Subject: Re: a & b\n\nDear Dana,\nThanks?\n");
        assert_eq!(message.subject, "Re: a & b");
        assert_eq!(message.body, "Dear Dana,\nThanks?\n");
    }

    #[test]
    fn a_text_without_a_subject_line_is_all_body() {
        let message = Message::parse("Hello\n");
        assert_eq!(message.subject, "");
        assert_eq!(message.body, "Hello\n");
        assert_eq!(Message::parse("Subject: S\n\nB\n").body, "B\n");
    }
}
