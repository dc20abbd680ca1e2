//! Small pieces of English shared by the reports, the explanations and the prompts, and
//! the one way text from the user's files and command line is made safe for a terminal.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is: a control character (which can move the
/// cursor, clear the screen or set the window title), a line or paragraph separator, or a
/// mark that reorders the text around it.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with every character that could act on a terminal written as an escape
/// (`\n`, `\r`, `\t`, or `\u{1b}`), so that it shows what it holds and does nothing.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path as it is shown in a message: its characters that could act on a terminal escaped.
pub fn shown_path(path: &std::path::Path) -> String {
    escaped(&path.display().to_string()).into_owned()
}

/// The text with its first letter in upper case ("interest in the role" → "Interest in
/// the role").
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text broken into lines of at most `width` characters, at spaces; a word longer
/// than a line is cut. Each line break of the text (`\n`) starts a new line, and a blank
/// line is kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut length = 0;
        for word in paragraph.split_whitespace() {
            let mut word: Vec<char> = word.chars().collect();
            if length > 0 && length + 1 + word.len() > width {
                lines.push(std::mem::take(&mut line));
                length = 0;
            }
            while word.len() > width {
                let rest = word.split_off(width);
                if length > 0 {
                    lines.push(std::mem::take(&mut line));
                }
                lines.push(word.into_iter().collect());
                length = 0;
                word = rest;
            }
            if length > 0 {
                line.push(' ');
                length += 1;
            }
            line.extend(word.iter());
            length += word.len();
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{capitalised, escaped, wrap};

    #[test]
    fn control_characters_and_reordering_marks_are_escaped() {
        let plain = "Acme Analytics \u{5d3}\u{5e0}\u{5d4} \u{1f642}";
        assert_eq!(escaped(plain), plain);
        assert_eq!(
            escaped("a\u{1b}]0;owned\u{7}b\rc\nd\te\u{9b}f"),
            "a\\u{1b}]0;owned\\u{7}b\\rc\\nd\\te\\u{9b}f"
        );
        assert_eq!(
            escaped("x\u{2028}y\u{202e}z\u{2066}"),
            "x\\u{2028}y\\u{202e}z\\u{2066}"
        );
    }

    #[test]
    fn wraps_at_spaces_and_cuts_only_words_longer_than_a_line() {
        assert_eq!(
            wrap("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
        assert_eq!(wrap("abcdefghijkl xy", 5), ["abcde", "fghij", "kl xy"]);
        assert_eq!(wrap("one\n\ntwo", 20), ["one", "", "two"]);
        for line in wrap("a fairly long sentence that must fit in twelve", 12) {
            assert!(line.chars().count() <= 12, "{line}");
        }
    }

    #[test]
    fn capitalises_the_first_letter_only() {
        assert_eq!(capitalised("interest in the role"), "Interest in the role");
        assert_eq!(capitalised("élan"), "Élan");
        assert_eq!(capitalised(""), "");
    }
}
