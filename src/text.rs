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

#[cfg(test)]
mod tests {
    use super::capitalised;

    #[test]
    fn capitalises_the_first_letter_only() {
        assert_eq!(capitalised("interest in the role"), "Interest in the role");
        assert_eq!(capitalised("élan"), "Élan");
        assert_eq!(capitalised(""), "");
    }
}
