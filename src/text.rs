//! Small pieces of English shared by the reports, the explanations and the prompts.

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
    use super::{capitalised, wrap};

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
