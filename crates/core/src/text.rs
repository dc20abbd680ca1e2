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
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = write_capitalised(&mut out, text);
    out
}

/// Writes `text` with its first letter in upper case, as [`capitalised`] returns it.
pub fn write_capitalised(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut chars = text.chars();
    if let Some(first) = chars.next() {
        for upper in first.to_uppercase() {
            out.write_char(upper)?;
        }
        out.write_str(chars.as_str())?;
    }
    Ok(())
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
            // Colour escapes take no room on the screen.
            let shown = visible_len(&word);
            if length > 0 && length + 1 + shown > width {
                lines.push(std::mem::take(&mut line));
                length = 0;
            }
            while visible_len(&word) > width && !word.contains(&'\x1b') {
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
            length += visible_len(&word);
        }
        lines.push(line);
    }
    lines
}

/// The characters of `word` that take room on the screen: all but `ESC [ ... m` colour
/// escapes.
fn visible_len(word: &[char]) -> usize {
    let mut count = 0;
    let mut escape = false;
    for &c in word {
        match (escape, c) {
            (false, '\x1b') => escape = true,
            (true, 'm') => escape = false,
            (true, _) => {}
            (false, _) => count += 1,
        }
    }
    count
}

/// The names among `known` close enough to `name` to be what was meant (a typo or two),
/// closest first, at most three.
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut close: Vec<(usize, &str)> = known
        .into_iter()
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 3))
        .collect();
    close.sort();
    close.dedup();
    close.into_iter().take(3).map(|(_, k)| k).collect()
}

/// "did you mean `interest`?" for the names close to `name`, if any.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let close: Vec<String> = closest(name, known)
        .into_iter()
        .map(|k| format!("`{k}`"))
        .collect();
    (!close.is_empty()).then(|| format!("did you mean {}?", close.join(" or ")))
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(previous + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{capitalised, closest, did_you_mean, edit_distance, escaped, wrap};

    #[test]
    fn suggests_the_close_names_closest_first() {
        let known = ["interest", "referred", "reason", "revisit_later"];
        assert_eq!(closest("intrest", known), ["interest"]);
        assert_eq!(closest("reasn", known), ["reason"]);
        assert!(closest("company", known).is_empty());
        assert_eq!(
            did_you_mean("acepted_offer", ["accepted_offer", "counter_offer"]).as_deref(),
            Some("did you mean `accepted_offer`?")
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("intrest", "interest"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

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
        // Colour escapes take no room.
        assert_eq!(
            wrap("\x1b[1mbold\x1b[0m word here", 14),
            ["\x1b[1mbold\x1b[0m word here"]
        );
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
