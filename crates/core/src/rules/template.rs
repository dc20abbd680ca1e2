//! The letter-template part of the rule-set format: the details a template may use, the
//! environment templates are compiled in, and the checks a rule set's templates pass
//! when it is loaded. Rendering is the `letter` module's; this is what both it and the
//! validator need, so the rule set does not depend on the letters built from it.

use std::collections::BTreeSet;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use super::raw::RawLetter;
use crate::node_path;
use crate::source::NodePath;
use crate::text::capitalised;

/// A detail a letter may use: the person's and the invitation's particulars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetailSpec {
    /// The name in templates, answers files and `--set`.
    pub name: &'static str,
    /// What to ask for, in words.
    pub label: &'static str,
    /// Whether a letter that uses it needs it (an optional one is only used when known).
    pub required: bool,
}

/// Every detail, in the order they are asked for and listed.
pub const DETAILS: &[DetailSpec] = &[
    DetailSpec {
        name: "interviewer_name",
        label: "the interviewer's name, as you would greet them (without it: Dear Hiring Team)",
        required: false,
    },
    DetailSpec {
        name: "company",
        label: "the company's name",
        required: true,
    },
    DetailSpec {
        name: "position",
        label: "the position you were invited for",
        required: true,
    },
    DetailSpec {
        name: "your_name",
        label: "your name, to sign with",
        required: true,
    },
    DetailSpec {
        name: "availability",
        label: "when you could interview instead, e.g. Tuesday or Thursday afternoon next week",
        required: true,
    },
    DetailSpec {
        name: "change_reason",
        label: "what changed your mind, in one honest sentence",
        required: true,
    },
    DetailSpec {
        name: "referrer_name",
        label: "the name of the person who referred you",
        required: false,
    },
    DetailSpec {
        name: "interviewer_email",
        label: "the interviewer's email address, for the To: line of an eml draft",
        required: false,
    },
    DetailSpec {
        name: "your_email",
        label: "your email address, for the From: line of an eml draft",
        required: false,
    },
];

/// Variables a template may use besides the details, `answers` and `claims`: the greeting
/// ("Dear Dana Lee", "Dear Dr Grant", "Dear Hiring Team") and whom it addresses; and, only
/// when the day of the interview is known, that day ("Thursday 10 December") and its
/// weekday ("Thursday"), which a template tests with `is defined`.
pub const COMPUTED: &[&str] = &[
    "greeting",
    "addressee",
    "interview_day",
    "interview_weekday",
];

/// The detail with this name.
pub fn detail(name: &str) -> Option<&'static DetailSpec> {
    DETAILS.iter().find(|d| d.name == name)
}

/// A detail longer than this many characters is refused: it is not a name, a company or
/// a time, and most likely pasted by mistake.
pub const MAX_DETAIL_CHARS: usize = 500;

/// What is wrong with a detail's value, in words, or `None` when it can go in a letter.
/// A detail is one line of text of at most [`MAX_DETAIL_CHARS`] characters (in any script,
/// with any symbols; `{{ }}` is printed as written), and an email detail is an address.
pub fn detail_problem(name: &str, value: &str) -> Option<String> {
    let value = value.trim();
    let chars = value.chars().count();
    if chars > MAX_DETAIL_CHARS {
        return Some(format!(
            "detail `{name}` is {chars} characters long; a detail is at most \
             {MAX_DETAIL_CHARS}: is it the right text?"
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
    {
        return Some(format!(
            "detail `{name}` must be one line of text, without line breaks or control characters"
        ));
    }
    let is_email = name.ends_with("_email");
    let looks_like_address = value
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains('@'))
        && !value.contains(char::is_whitespace)
        && !value.contains(['<', '>', '"', ',', ';']);
    if is_email && !value.is_empty() && !looks_like_address {
        return Some(format!(
            "detail `{name}` must be an email address, such as dana@example.com"
        ));
    }
    None
}

/// How much work one template may do (a guard against runaway loops in a rules file).
const FUEL: u64 = 50_000;

/// A template longer than this is refused before it is parsed: a letter is far shorter.
pub const MAX_TEMPLATE_BYTES: usize = 32 * 1024;

/// Words, numbers, strings and signs one `{{ ... }}` or `{% ... %}` tag may hold. The
/// template parser and compiler follow a chain of operators, filters or attribute lookups
/// by recursion, so a chain thousands of links long would overflow the stack, which
/// cannot be caught; the longest tag of a real letter holds about a hundred.
pub const MAX_TAG_TOKENS: usize = 300;

/// How deeply brackets may nest inside a tag, and blocks (`{% if %}`, `{% for %}`, ...)
/// inside each other.
pub const MAX_TEMPLATE_NESTING: usize = 32;

/// The environment every letter template is compiled in: strict about undefined values,
/// no escaping, a fuel limit, and `{% %}` lines that leave nothing behind.
pub(crate) fn environment<'source>() -> Environment<'source> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_fuel(Some(FUEL));
    env.add_filter("sentence", sentence);
    let mut syntax = minijinja::syntax::SyntaxConfig::builder();
    // A line holding only a `{% ... %}` tag leaves nothing behind.
    syntax.trim_blocks(true).lstrip_blocks(true);
    if let Ok(syntax) = syntax.build() {
        env.set_syntax(syntax);
    }
    env
}

/// The `sentence` filter: text a person typed, as one sentence of a letter. It starts with
/// a capital and ends with one full stop (a `?` or `!` of its own is kept), so "the offer
/// fell through" and "The offer fell through." both read "The offer fell through."
fn sentence(text: String) -> String {
    let trimmed = text.trim().trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        return String::new();
    }
    let mut out = capitalised(trimmed);
    if !out.ends_with(['?', '!']) {
        out.push('.');
    }
    out
}

/// Whether a template is too large for the parser to be given it safely: too long, a tag
/// with too many tokens, or brackets or blocks nested too deeply. The line (from 1) and
/// what is wrong. Reads the text once, without recursion.
#[allow(
    clippy::too_many_lines,
    reason = "one pass over the text without recursion, its state (line, depth, tokens) held in locals across the loop"
)]
pub(crate) fn size_problem(source: &str) -> Option<(usize, String)> {
    if source.len() > MAX_TEMPLATE_BYTES {
        return Some((
            1,
            format!(
                "the template is {} bytes long; a template is at most {MAX_TEMPLATE_BYTES}",
                source.len()
            ),
        ));
    }
    let bytes = source.as_bytes();
    let line_at = |index: usize| bytes[..index].iter().filter(|&&b| b == b'\n').count() + 1;
    let mut blocks = 0usize;
    let mut i = 0;
    while i + 1 < bytes.len() {
        let opener = &bytes[i..i + 2];
        if opener == b"{#" {
            // A comment: skipped whole.
            i = source[i + 2..]
                .find("#}")
                .map_or(bytes.len(), |end| i + 2 + end + 2);
            continue;
        }
        if opener != b"{{" && opener != b"{%" {
            i += 1;
            continue;
        }
        let start = i;
        let closer: &[u8] = if opener == b"{{" { b"}}" } else { b"%}" };
        let mut tokens = 0usize;
        let mut depth = 0usize;
        let mut first_word: Option<&str> = None;
        let mut assigns = false;
        i += 2;
        while i < bytes.len() && !bytes[i..].starts_with(closer) {
            let byte = bytes[i];
            if byte.is_ascii_whitespace() || byte == b'-' && bytes[i + 1..].starts_with(closer) {
                i += 1;
                continue;
            }
            tokens += 1;
            if tokens > MAX_TAG_TOKENS {
                return Some((
                    line_at(start),
                    format!("a tag holds more than {MAX_TAG_TOKENS} words and signs; split it up"),
                ));
            }
            match byte {
                b'"' | b'\'' => {
                    // A string, which may hold brackets and the closing signs.
                    i += 1;
                    while i < bytes.len() && bytes[i] != byte {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_TEMPLATE_NESTING {
                        return Some((
                            line_at(i),
                            format!("brackets nest more than {MAX_TEMPLATE_NESTING} deep in a tag"),
                        ));
                    }
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    i += 1;
                }
                _ if byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80 => {
                    let from = i;
                    while i < bytes.len()
                        && (bytes[i].is_ascii_alphanumeric()
                            || bytes[i] == b'_'
                            || bytes[i] >= 0x80)
                    {
                        i += 1;
                    }
                    first_word.get_or_insert(&source[from..i]);
                }
                _ => {
                    assigns |= byte == b'=' && bytes.get(i + 1) != Some(&b'=');
                    i += 1;
                }
            }
        }
        i += 2;
        if opener != b"{%" {
            continue;
        }
        match first_word.unwrap_or_default() {
            word if word.starts_with("end") => blocks = blocks.saturating_sub(1),
            "raw" => {
                // Raw text up to `{% endraw %}` is not read as tags.
                let rest = &source[i.min(source.len())..];
                i += rest.find("endraw").map_or(rest.len(), |end| end);
            }
            "if" | "for" | "macro" | "call" | "filter" | "with" | "autoescape" | "block" => {
                blocks += 1;
            }
            "set" if !assigns => blocks += 1,
            _ => {}
        }
        if blocks > MAX_TEMPLATE_NESTING {
            return Some((
                line_at(start),
                format!("blocks nest more than {MAX_TEMPLATE_NESTING} deep"),
            ));
        }
    }
    None
}

/// Checks every letter's templates: each must compile and use only known details and
/// `answers.<question id>`. Returns (node path, line within the template, message).
pub(super) fn template_problems(
    letters: &[RawLetter],
    question_ids: &[&str],
    claim_ids: &[&str],
) -> Vec<(NodePath, usize, String)> {
    let env = environment();
    let globals: BTreeSet<String> = env.globals().map(|(name, _)| name.to_string()).collect();
    let mut problems = Vec::new();
    for (i, letter) in letters.iter().enumerate() {
        for (field, source) in [("subject", &letter.subject), ("body", &letter.body)] {
            let path = node_path!["letters", i, field];
            if field == "body" && source.trim().is_empty() {
                problems.push((
                    path,
                    1,
                    format!("letter `{}`: the body is empty", letter.id),
                ));
                continue;
            }
            if let Some((line, problem)) = size_problem(source) {
                problems.push((
                    path,
                    line,
                    format!(
                        "letter `{}`: the {field} cannot be read: {problem}",
                        letter.id
                    ),
                ));
                continue;
            }
            let template = match env.template_from_named_str(field, source) {
                Ok(template) => template,
                Err(error) => {
                    problems.push((
                        path,
                        error.line().unwrap_or(1),
                        format!(
                            "letter `{}`: the {field} does not compile: {}",
                            letter.id,
                            error.detail().unwrap_or("syntax error")
                        ),
                    ));
                    continue;
                }
            };
            let mut names: Vec<String> = template.undeclared_variables(true).into_iter().collect();
            names.sort();
            for name in names {
                let top = name.split('.').next().unwrap_or(&name);
                let message = if top == "answers" {
                    match name.split('.').nth(1) {
                        Some(id) if !question_ids.contains(&id) => format!(
                            "letter `{}`: the {field} uses `answers.{id}`, but there is no \
                             question `{id}`; the questions are: {}",
                            letter.id,
                            question_ids.join(", ")
                        ),
                        _ => continue,
                    }
                } else if top == "claims" {
                    match name.split('.').nth(1) {
                        Some(id) if !claim_ids.contains(&id) => format!(
                            "letter `{}`: the {field} uses `claims.{id}`, but there is no \
                             claim `{id}`; the claims are: {}",
                            letter.id,
                            claim_ids.join(", ")
                        ),
                        _ => continue,
                    }
                } else if DETAILS.iter().any(|d| d.name == top)
                    || COMPUTED.contains(&top)
                    || globals.contains(top)
                {
                    continue;
                } else {
                    format!(
                        "letter `{}`: the {field} uses `{top}`, which is not a detail; the \
                         details are: {}; answers are read as `answers.<question id>`",
                        letter.id,
                        DETAILS
                            .iter()
                            .map(|d| d.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                problems.push((path.clone(), line_of(source, &name), message));
            }
        }
    }
    problems
}

/// The line (from 1) where `name` first appears in `source`.
fn line_of(source: &str, name: &str) -> usize {
    source
        .lines()
        .position(|line| line.contains(name))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_chains_and_deep_nesting_are_refused_before_the_parser_at_their_line() {
        let chain = |link: &str, n: usize| format!("{{{{ company{} }}}}", link.repeat(n));
        for link in [" ~ company", "|trim", ".x", " + 1", " and x"] {
            let text = format!("Dear you,\n\n{}\n", chain(link, 2_000));
            let (line, message) = size_problem(&text).expect("refused");
            assert_eq!(line, 3, "{link}");
            assert!(
                message.contains("more than 300 words and signs"),
                "{message}"
            );
        }
        // Closing signs inside a string do not end the tag early.
        let text = format!("{{{{ '}}}}' ~ \"%}}\" {} }}}}", " ~ x".repeat(200));
        assert!(size_problem(&text).is_some());
        let deep_brackets = format!("a\n{{{{ {}1{} }}}}", "(".repeat(40), ")".repeat(40));
        assert_eq!(
            size_problem(&deep_brackets),
            Some((2, "brackets nest more than 32 deep in a tag".to_string()))
        );
        let deep_blocks = format!("{}x{}", "{% if a %}\n".repeat(40), "{% endif %}".repeat(40));
        assert_eq!(
            size_problem(&deep_blocks),
            Some((33, "blocks nest more than 32 deep".to_string()))
        );
        let long = "word ".repeat(10_000);
        assert!(size_problem(&long).is_some_and(|(_, m)| m.contains("50000 bytes long")));
        // Comments and raw text are not tags; blocks that close do not add up.
        let fine = format!(
            "{{# {} #}}{{% raw %}}{}{{% endraw %}}{}",
            "{{ x ~ x }}".repeat(500),
            "{{ x ~ x }}".repeat(500),
            "{% if a %}x{% endif %}".repeat(500)
        );
        assert_eq!(size_problem(&fine), None);
    }

    #[test]
    fn the_largest_template_within_the_bounds_compiles_on_a_small_stack() {
        // Every bound at its limit at once: blocks and brackets nested as deep as allowed,
        // and tags as long as allowed, each one chain of operators.
        let links = (MAX_TAG_TOKENS - 2 * MAX_TEMPLATE_NESTING - 2) / 2;
        let expression = format!(
            "{}company{}{}",
            "(".repeat(MAX_TEMPLATE_NESTING),
            " ~ company".repeat(links),
            ")".repeat(MAX_TEMPLATE_NESTING)
        );
        let mut body = String::new();
        for _ in 0..MAX_TEMPLATE_NESTING {
            body.push_str("{% if answers.reason %}\n");
        }
        while body.len() + expression.len() + 12 * MAX_TEMPLATE_NESTING + 10 < MAX_TEMPLATE_BYTES {
            body.push_str(&format!("{{{{ {expression} }}}}\n"));
        }
        body.push_str(&"{% endif %}".repeat(MAX_TEMPLATE_NESTING));
        assert_eq!(size_problem(&body), None);
        let letter = RawLetter {
            id: "x".into(),
            title: "X".into(),
            outcomes: vec!["decline".into()],
            stage: Default::default(),
            channel: "email".into(),
            when: None,
            follow_with: None,
            note: None,
            subject: "Hello".into(),
            body,
        };
        // A thread with a quarter of the main thread's stack.
        let problems = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || template_problems(&[letter], &["reason"], &[]))
            .expect("a thread")
            .join()
            .expect("no overflow");
        assert_eq!(problems, Vec::new());
    }

    #[test]
    fn unknown_variables_and_syntax_errors_are_reported_at_their_line() {
        let letter = |body: &str| RawLetter {
            id: "x".into(),
            title: "X".into(),
            outcomes: vec!["decline".into()],
            stage: Default::default(),
            channel: "email".into(),
            when: None,
            follow_with: None,
            note: None,
            subject: "Hello {{ company }}".into(),
            body: body.into(),
        };
        let problems = template_problems(
            &[
                letter("Dear {{ interviewer_name }},\n\n{{ compnay }}\n"),
                letter("Line one\n{% if answers.nope %}x{% endif %}\n"),
                letter("a\nb\n{% if %}\n"),
            ],
            &["reason"],
            &[],
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(problems[0].1, 3);
        assert!(problems[0].2.contains("`compnay`, which is not a detail"));
        assert_eq!(problems[1].1, 2);
        assert!(problems[1].2.contains("no question `nope`"));
        assert_eq!(problems[2].1, 3);
        assert!(problems[2].2.contains("does not compile"));
    }
}

#[cfg(test)]
mod sentence_tests {
    use super::sentence;

    #[test]
    fn typed_text_becomes_one_capitalised_sentence() {
        assert_eq!(
            sentence("the offer fell through".into()),
            "The offer fell through."
        );
        assert_eq!(
            sentence(" The offer fell through. ".into()),
            "The offer fell through."
        );
        assert_eq!(sentence("could we talk?".into()), "Could we talk?");
        assert_eq!(sentence("élan returned..".into()), "Élan returned.");
        assert_eq!(sentence("  ".into()), "");
    }
}
