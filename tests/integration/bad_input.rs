//! The bad-input corpus: rule files, answers files, details and command lines that people
//! and rule authors get wrong, each run through the real binary in a fresh working folder.
//! Every row states the exit code and the exact first line of stderr (what is wrong, and
//! where: file, line and column, or the detail or question), and every row checks that the
//! folder gained no file, that an error printed nothing on stdout, that no control
//! character (but line breaks) reached either stream, and that the run stayed within a
//! memory bound and did not hang. Large and binary inputs are made here, at run time.
//!
//! How fast each row is refused is a figure, not a test (the machines that run the tests
//! are shared): every row prints `bad-input time: NAME MS` to the test's output, and
//! `bench/bad_input.sh` runs the corpus on a release build and lists the slowest rows.
//!
//! Rows marked "fuzz:" are regressions found by `fuzz/smoke.sh`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common;

use assert_cmd::Command;

/// A hang guard: a run still going after this long is killed and the row fails. It is
/// far above the time any row takes (see `bench/bad_input.sh` for those figures), so a
/// busy machine does not fail it; an endless loop or a runaway expansion does.
const HANG_GUARD: Duration = Duration::from_secs(20);
/// The address space each run may use (`ulimit -v`, in KiB): a run that grows past it fails.
const MEMORY_LIMIT_KIB: u64 = 512 * 1024;

/// A small, valid rule set whose lines the rule cases below refer to.
const RULES: &str = "\
version: 1
considerations:
  - id: motivation
    title: Motivation
    description: Why you hesitate.
    weight: 1
questions:
  - id: interest
    consideration: motivation
    type: scale
    label: interest
    prompt: How interested are you?
    help: Interest matters.
    min: 1
    max: 5
    scale:
      1: { decline: 2 }
      5: { proceed: 2 }
  - id: days
    consideration: motivation
    type: number
    label: days
    prompt: In how many days?
    help: Sooner is harder.
    min: 0
    max: 365
    bands:
      - { min: 0, max: 7, label: soon, points: { postpone: 1 } }
      - { min: 8, max: 365, label: later, points: { proceed: 1 } }
overrides:
  - id: keen
    when: { interest: 5 }
    outcome: proceed
    because: You are keen.
";

/// A complete answers file for the built-in rule set, with every detail a letter needs.
const ANSWERS: &str = "\
answers:
  reason: accepted_offer
  interest: 2
  already_confirmed: false
  referred: false
  future_contact: medium
  days_until_interview: 5
  company_growth: 3
  revisit_later: true
  goal_alignment: 2
  other_options: many
  share_reason: true
  stay_in_touch: true
  job_alerts: false
details:
  company: Acme Analytics
  position: Data Analyst
  interviewer_name: Dana Lee
  your_name: Sam Park
";

/// One row of the corpus.
struct Case {
    /// The command line, run in a fresh folder holding `files`.
    args: Vec<String>,
    /// Files to put in the folder first: name and bytes (a name ending in `/` is a folder).
    files: Vec<(&'static str, Vec<u8>)>,
    /// Standard input, when given.
    stdin: Option<Vec<u8>>,
    /// The expected exit code.
    code: i32,
    /// The first line of stderr; a trailing `…` means "starts with".
    first_line: String,
    /// For a run that succeeds: text stdout must contain.
    stdout_has: Option<String>,
    /// For the questionnaire, whose questions come first on stderr: a line stderr must
    /// end with, instead of a first line.
    stderr_line: Option<String>,
}

impl Case {
    fn new(args: &[&str]) -> Case {
        Case {
            args: args.iter().map(ToString::to_string).collect(),
            files: Vec::new(),
            stdin: None,
            code: 65,
            first_line: String::new(),
            stdout_has: None,
            stderr_line: None,
        }
    }

    fn file(mut self, name: &'static str, contents: impl Into<Vec<u8>>) -> Case {
        self.files.push((name, contents.into()));
        self
    }

    fn stdin(mut self, contents: impl Into<Vec<u8>>) -> Case {
        self.stdin = Some(contents.into());
        self
    }

    fn fails(mut self, code: i32, first_line: &str) -> Case {
        self.code = code;
        self.first_line = first_line.to_string();
        self
    }

    /// Fails with `code`, and one line of stderr ends with `line`.
    fn fails_at_the_end(mut self, code: i32, line: &str) -> Case {
        self.code = code;
        self.stderr_line = Some(line.to_string());
        self
    }

    fn succeeds(mut self, stdout_has: &str) -> Case {
        self.code = 0;
        self.stdout_has = Some(stdout_has.to_string());
        self
    }

    fn run(self, name: &str) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, contents) in &self.files {
            match name.strip_suffix('/') {
                Some(folder) => std::fs::create_dir(dir.path().join(folder)).expect("make folder"),
                None => std::fs::write(dir.path().join(name), contents).expect("write input"),
            }
        }
        let before = listing(dir.path());
        // `ulimit -v` bounds the run's memory; exec keeps the exit status the advisor's own.
        let mut shell = common::process("sh");
        shell
            .arg("-c")
            .arg(format!(
                "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
            ))
            .arg(common::BIN)
            .args(&self.args)
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1772409600");
        let mut command = Command::from_std(shell);
        command.timeout(HANG_GUARD);
        command.write_stdin(self.stdin.clone().unwrap_or_default());
        let started = Instant::now();
        let output = command.output().expect("the advisor runs");
        let took = started.elapsed();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let what = format!("{:?}\nstderr:\n{stderr}", self.args);
        assert_eq!(output.status.code(), Some(self.code), "exit code of {what}");
        // Nothing from the input acts on the terminal: no control character but line breaks.
        for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "a control character on {stream} of {what}"
            );
        }
        assert!(took < HANG_GUARD, "{what} was stopped after {took:?}");
        eprintln!("bad-input time: {name} {}", took.as_millis());
        let first = stderr.lines().next().unwrap_or_default();
        if !self.first_line.is_empty() {
            match self.first_line.strip_suffix('…') {
                Some(prefix) => assert!(first.starts_with(prefix), "first line of {what}"),
                None => assert_eq!(first, self.first_line, "first line of {what}"),
            }
        }
        if let Some(line) = &self.stderr_line {
            assert!(
                stderr.lines().any(|l| l.ends_with(line.as_str())),
                "stderr of {what}"
            );
        }
        match &self.stdout_has {
            Some(text) => assert!(stdout.contains(text.as_str()), "{what}\nstdout:\n{stdout}"),
            None => assert_eq!(stdout, "", "an error prints nothing on stdout: {what}"),
        }
        assert_eq!(listing(dir.path()), before, "no file was written: {what}");
    }
}

/// Every path under `dir`, relative to it.
fn listing(dir: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(next) = todo.pop() {
        for entry in std::fs::read_dir(&next).expect("list").flatten() {
            let path = entry.path();
            names.insert(
                path.strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string(),
            );
            if path.is_dir() {
                todo.push(path);
            }
        }
    }
    names
}

/// `rules validate input.yaml` on `contents`.
fn rules(contents: impl Into<Vec<u8>>) -> Case {
    Case::new(&["rules", "validate", "input.yaml"]).file("input.yaml", contents)
}

/// [`RULES`] with `old` replaced by `new` (which must be there).
fn rules_with(old: &str, new: &str) -> String {
    assert!(RULES.contains(old), "{old}");
    RULES.replacen(old, new, 1)
}

/// [`RULES`] with one letter whose body's second line (line 43 of the file) is `line`.
fn rules_with_letter(line: &str) -> String {
    format!(
        "{RULES}letters:\n  - id: note\n    title: Note\n    outcomes: [decline]\n    \
         channel: email\n    subject: Hello {{{{ company }}}}\n    body: |\n      \
         Dear {{{{ interviewer_name }}}},\n      {line}\n"
    )
}

/// `advise --no-input --answers input.yaml --save saved.yaml` on `contents`: on an error,
/// nothing may be saved.
fn answers(contents: impl Into<Vec<u8>>) -> Case {
    Case::new(&[
        "advise",
        "--no-input",
        "--answers",
        "input.yaml",
        "--save",
        "saved.yaml",
    ])
    .file("input.yaml", contents)
}

/// [`ANSWERS`] with `old` replaced by `new` (which must be there).
fn answers_with(old: &str, new: &str) -> String {
    assert!(ANSWERS.contains(old), "{old}");
    ANSWERS.replacen(old, new, 1)
}

/// `letter --no-input --answers answers.yaml` with [`ANSWERS`] and these extra arguments.
fn letter(extra: &[&str]) -> Case {
    let mut case = Case::new(&["letter", "--no-input", "--answers", "answers.yaml"])
        .file("answers.yaml", ANSWERS);
    case.args.extend(extra.iter().map(ToString::to_string));
    case
}

/// YAML nested `depth` levels deep in flow style: `[[[...]]]`.
fn nested_flow(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// YAML nested `depth` levels deep in block style, under `key:` at `indent` spaces.
fn nested_block(indent: usize, depth: usize) -> String {
    (0..depth)
        .map(|level| format!("{}k{level}:\n", " ".repeat(indent + 2 * level)))
        .collect::<String>()
        + &" ".repeat(indent + 2 * depth)
        + "end: 1\n"
}

/// A billion laughs: ten levels of nine aliases each, `indent` spaces in, under a map.
fn alias_bomb(indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut text = format!("{pad}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let aliases = vec![format!("*l{}", level - 1); 9].join(", ");
        text.push_str(&format!("{pad}l{level}: &l{level} [{aliases}]\n"));
    }
    text
}

/// A text just over the 1 MiB limit, valid YAML throughout.
fn over_the_size_limit() -> String {
    let mut text = String::from("# padding\n");
    while text.len() <= 1024 * 1024 {
        text.push_str("# a comment line that only takes up room in the file\n");
    }
    text
}

/// The start of a PNG image: binary, and not UTF-8 from its first byte.
fn binary_garbage() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..=255u8).cycle().take(4096));
    bytes
}

/// `text` with each `é` written as the single Latin-1 byte 0xE9, which is not UTF-8.
fn latin1(text: &str) -> Vec<u8> {
    text.split('\u{e9}')
        .map(|part| part.as_bytes().to_vec())
        .collect::<Vec<_>>()
        .join(&0xe9)
}

/// `text` with a byte-order mark and CRLF line endings, as Windows editors save it.
fn windows(text: &str) -> Vec<u8> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(text.replace('\n', "\r\n").into_bytes());
    bytes
}

const LONG_NAME_CHARS: usize = 10_000;

macro_rules! corpus {
    ($($name:ident => $case:expr;)*) => {
        $(
            #[test]
            fn $name() {
                $case.run(stringify!($name));
            }
        )*

        /// The names of every row, to count them.
        const ROWS: &[&str] = &[$(stringify!($name)),*];
    };
}

#[test]
fn the_corpus_has_at_least_fifty_rows() {
    assert!(ROWS.len() >= 50, "{} rows", ROWS.len());
}

corpus! {
    // ----- Rule files -----
    rules_malformed_yaml_is_placed =>
        rules(rules_with("    when: { interest: 5 }", "    when: { interest: [5 }"))
            .fails(65, "error: input.yaml:32:26: a list in `[ ]` is not closed: a `,` or `]` was expected here");
    rules_wrong_type_names_the_field_and_the_type =>
        rules(rules_with("    weight: 1", "    weight: heavy"))
            .fails(65, "error: input.yaml:6:13: considerations[0].weight: invalid type: string \"heavy\", expected a number");
    rules_list_where_a_map_belongs =>
        rules(rules_with("considerations:\n", "considerations: motivation\nx:\n"))
            .fails(65, "error: input.yaml:2:17: considerations: invalid type: string \"motivation\", expected a list");
    rules_unknown_field_lists_the_known_ones =>
        rules(rules_with("    weight: 1", "    wieght: 1"))
            .fails(65, "error: input.yaml:6:5: considerations[0]: unknown field `wieght`, expected one of `id`, `title`, `description`, `weight`");
    rules_duplicate_key_is_placed_at_the_repeat =>
        rules(rules_with("    label: interest\n", "    label: interest\n    label: keen\n"))
            .fails(65, "error: input.yaml:12:5: questions[0]: duplicate key `label`; a key may appear only once in a map");
    rules_duplicate_points_key =>
        rules(rules_with("1: { decline: 2 }", "1: { decline: 2, decline: 3 }"))
            .fails(65, "error: input.yaml:17:24: questions[0].scale.1: duplicate key `decline`; a key may appear only once in a map");
    rules_two_documents =>
        rules(format!("{RULES}---\nversion: 1\n"))
            .fails(65, "error: input.yaml:35:1: a second YAML document starts here (after a `---` line); a file holds one document: remove the `---` line or split the file");
    rules_alias_bomb_is_refused_at_the_alias =>
        rules(rules_with("    when: { interest: 5 }", &format!("    when:\n      all:\n        - &a0 {{ interest: 5 }}\n{}",
            (1..10).map(|i| format!("        - &a{i} {{ all: [{}] }}\n", vec![format!("*a{}", i - 1); 9].join(", "))).collect::<String>())))
            .fails(65, "error: input.yaml:39:38: the file expands too many aliases (`*name`); write the values out");
    rules_alias_that_contains_itself =>
        rules(rules_with("    when: { interest: 5 }", "    when: &w { any: [*w] }"))
            .fails(65, "error: input.yaml:32:22: an alias (`*name`) here refers to a value that contains it");
    rules_nesting_200_deep_in_flow_style =>
        rules(rules_with("    when: { interest: 5 }", &format!("    when: {}", nested_flow(200))))
            .fails(65, "error: input.yaml:32:136: the file nests too deeply (more than 128 levels)");
    rules_nesting_200_deep_in_block_style =>
        rules(rules_with("    when: { interest: 5 }\n", &format!("    when:\n{}", nested_block(6, 200))))
            .fails(65, "error: input.yaml:158:261: the file nests too deeply (more than 128 levels)");
    rules_over_the_size_limit =>
        rules(over_the_size_limit())
            .fails(65, "error: input.yaml: the file is larger than the 1 MiB limit; is it the right file?");
    rules_binary_garbage =>
        rules(binary_garbage())
            .fails(65, "error: input.yaml:1:1: the file is not valid UTF-8 text; save it as UTF-8 and try again");
    rules_invalid_utf8_is_placed =>
        rules(latin1(&rules_with("    title: Motivation", "    title: Motivation caf\u{e9}")))
            .fails(65, "error: input.yaml:4:26: the file is not valid UTF-8 text; save it as UTF-8 and try again");
    rules_empty_file =>
        rules("")
            .fails(65, "error: input.yaml: the file is empty");
    rules_only_comments =>
        rules("# my rules\n# to do\n")
            .fails(65, "error: input.yaml: the file holds only comments; it has no data");
    rules_byte_order_mark_and_crlf_are_accepted =>
        Case::new(&["rules", "validate", "input.yaml"]).file("input.yaml", windows(RULES))
            .succeeds("ok: input.yaml: 1 considerations, 2 questions, 1 overrides");
    rules_nan_points =>
        rules(rules_with("1: { decline: 2 }", "1: { decline: .nan }"))
            .fails(65, "error: input.yaml:17:12: question `interest`: points must be finite numbers between -1000000 and 1000000, found NaN");
    rules_infinite_points =>
        rules(rules_with("1: { decline: 2 }", "1: { decline: -.inf }"))
            .fails(65, "error: input.yaml:17:12: question `interest`: points must be finite numbers between -1000000 and 1000000, found -inf");
    rules_weight_whose_totals_would_be_infinite =>
        rules(rules_with("    weight: 1", "    weight: 1.7e308"))
            .fails(65, "error: input.yaml:6:5: consideration `motivation`: weight must be a number from 0 to 1000000, found 1.7e308");
    rules_weight_just_over_the_bound =>
        rules(rules_with("    weight: 1", "    weight: 1000000.5"))
            .fails(65, "error: input.yaml:6:5: consideration `motivation`: weight must be a number from 0 to 1000000, found 1000000.5");
    rules_points_finite_but_huge =>
        rules(rules_with("1: { decline: 2 }", "1: { decline: -1.7e308 }"))
            .fails(65, "error: input.yaml:17:12: question `interest`: points must be finite numbers between -1000000 and 1000000, found -1.7e308");
    rules_points_too_large_for_a_number =>
        rules(rules_with("1: { decline: 2 }", "1: { decline: 1e400 }"))
            .fails(65, "error: input.yaml:17:21: questions[0].scale.1.decline: the number 1e400 is too large");
    rules_whole_number_too_large =>
        rules(rules_with("    max: 5", "    max: 99999999999999999999"))
            .fails(65, "error: input.yaml:15:10: questions[0].max: the number 99999999999999999999 is too large");
    rules_fractional_bound =>
        rules(rules_with("    max: 5", "    max: 4.5"))
            .fails(65, "error: input.yaml:15:10: questions[0].max: invalid type: floating point `4.5`, expected a whole number");
    rules_version_out_of_range =>
        rules(rules_with("version: 1", "version: -1"))
            .fails(65, "error: input.yaml:1:10: version: the number -1 is out of range; expected a whole number from 0 to 4294967295");
    rules_scale_over_the_whole_number_range =>
        rules(rules_with("    min: 1\n    max: 5", "    min: -9223372036854775808\n    max: 9223372036854775807"))
            .fails(65, "error: input.yaml:15:5: question `interest`: a scale has at most 101 points; use a number question with bands instead");
    rules_largest_minimum_without_maximum =>
        rules(rules_with("    min: 1\n    max: 5\n", "    min: 9223372036854775807\n"))
            .fails(65, "error: input.yaml:8:5: question `interest`: a scale question needs `max`");
    rules_band_past_the_maximum =>
        rules(rules_with("{ min: 8, max: 365,", "{ min: 8, max: 9223372036854775807,"))
            .fails(65, "error: input.yaml:27:5: question `days`: the last band ends at 9223372036854775807, but answers stop at 365");
    rules_more_options_than_a_condition_can_hold =>
        rules(rules_with("questions:\n", &format!(
            "questions:\n  - id: many\n    type: choice\n    label: many\n    prompt: Which?\n    help: Many.\n    options:\n{}",
            (0..70).map(|i| format!("      - {{ value: o{i}, label: O{i} }}\n")).collect::<String>()))
            .replace("    when: { interest: 5 }", "    when: { many: o69, interest: 5 }"))
            .fails(65, "error: input.yaml:13:5: question `many`: at most 64 options");
    rules_letter_with_a_long_chain_of_operators =>
        rules(rules_with_letter(&format!("{{{{ company{} }}}}", " ~ company".repeat(3_000))))
            .fails(65, "error: input.yaml:43: letter `note`: the body cannot be read: a tag holds more than 300 words and signs; split it up");
    rules_letter_with_a_long_chain_of_filters =>
        rules(rules_with_letter(&format!("{{{{ company{} }}}}", "|trim".repeat(5_000))))
            .fails(65, "error: input.yaml:43: letter `note`: the body cannot be read: a tag holds more than 300 words and signs; split it up");
    rules_letter_with_a_long_chain_of_attribute_lookups =>
        rules(rules_with_letter(&format!("{{{{ answers{} }}}}", ".a".repeat(10_000))))
            .fails(65, "error: input.yaml:43: letter `note`: the body cannot be read: a tag holds more than 300 words and signs; split it up");
    rules_letter_blocks_nested_40_deep =>
        rules(rules_with_letter(&format!("{}x{}", "{% if company %}".repeat(40), "{% endif %}".repeat(40))))
            .fails(65, "error: input.yaml:43: letter `note`: the body cannot be read: blocks nest more than 32 deep");
    rules_letter_brackets_nested_40_deep =>
        rules(rules_with_letter(&format!("{{{{ {}company{} }}}}", "(".repeat(40), ")".repeat(40))))
            .fails(65, "error: input.yaml:43: letter `note`: the body cannot be read: brackets nest more than 32 deep in a tag");
    rules_letter_template_over_the_length_limit =>
        rules(rules_with_letter(&format!("{{{{ company{} }}}}", "|trim".repeat(50_000))))
            .fails(65, "error: input.yaml:42: letter `note`: the body cannot be read: the template is 250043 bytes long; a template is at most 32768");
    advise_with_a_rule_set_whose_letter_is_one_long_chain =>
        Case::new(&["--rules", "rules.yaml", "advise", "--no-input", "--answers", "answers.yaml"])
            .file("rules.yaml", rules_with_letter(&format!("{{{{ company{} }}}}", " ~ company".repeat(50_000))))
            .file("answers.yaml", "answers:\n  interest: 5\n  days: 3\n")
            .fails(65, "error: rules.yaml:42: letter `note`: the body cannot be read: the template is 500043 bytes long; a template is at most 32768");
    rules_one_large_string_aliased_many_times =>
        rules(rules_with("    description: Why you hesitate.", &format!("    description: &d \"{}\"\n    x: [{}]", "y".repeat(200_000), vec!["*d"; 100].join(", "))))
            .fails(65, "error: input.yaml:6:85: the file's aliases (`*name`) make it larger than 4 MiB written out; write the values out, or shorten them");
    rules_control_character_in_a_title =>
        rules(rules_with("    title: Motivation", "    title: Moti\u{7}vation"))
            .fails(65, "error: input.yaml:4:16: the file holds the control character U+0007, which a YAML or JSON file may not hold; is it the right file?");
    rules_title_with_a_terminal_escape_in_quotes =>
        rules(rules_with("    title: Motivation", "    title: \"Moti\\x1b[2Jvation\""))
            .fails(65, "error: input.yaml:4:12: this text holds the control character U+001B (written as an escape); text may hold tabs and line breaks, but no other control characters");
    rules_file_is_a_list =>
        rules("- version: 1\n- questions: []\n")
            .fails(65, "error: input.yaml:1:1: invalid type: list, expected a map of fields");
    rules_directory =>
        Case::new(&["--rules", ".", "rules", "show"])
            .fails(74, "error: .: cannot read: it is a folder, not a file");
    rules_missing_file =>
        Case::new(&["--rules", "nowhere.yaml", "rules", "show"])
            .fails(74, "error: nowhere.yaml: cannot read: no such file or folder");
    rules_unreadable_path_through_a_file =>
        Case::new(&["--rules", "plain.txt/rules.yaml", "rules", "show"]).file("plain.txt", "x")
            .fails(74, "error: plain.txt/rules.yaml: cannot read: part of the path is a file, not a folder");

    // ----- Answers files -----
    answers_malformed_yaml =>
        answers("answers:\n  reason: \"accepted_offer\n  interest: 2\n")
            .fails(65, "error: input.yaml:2:11: the quoted text that starts here has no closing quote (or its next line is not indented); close the quote");
    answers_indented_with_a_tab =>
        answers("answers:\n\treason: accepted_offer\n")
            .fails(65, "error: input.yaml:2:2: a tab indents this line; indent with spaces");
    answers_a_colon_inside_a_value =>
        answers("details:\n  company: Acme: Analytics\n")
            .fails(65, "error: input.yaml:2:16: a `: ` inside a value starts a new key here; put the value in quotes");
    answers_wrong_type =>
        answers("answers: yes\n")
            .fails(65, "error: input.yaml:1:10: answers: invalid type: string \"yes\", expected a map");
    answers_unknown_field =>
        answers("answer:\n  reason: accepted_offer\n")
            .fails(65, "error: input.yaml:1:1: unknown field `answer`, expected one of `name`, `answers`, `weights`, `details`, `expect`");
    answers_unknown_question_suggests_the_closest =>
        answers(answers_with("  interest: 2", "  intrest: 2"))
            .fails(65, "error: input.yaml:3:3: unknown question `intrest`; did you mean `interest`?");
    answers_duplicate_key =>
        answers(answers_with("  interest: 2\n", "  interest: 2\n  interest: 4\n"))
            .fails(65, "error: input.yaml:4:3: answers: duplicate key `interest`; a key may appear only once in a map");
    answers_two_documents =>
        answers(format!("{ANSWERS}---\n{ANSWERS}"))
            .fails(65, "error: input.yaml:20:1: a second YAML document starts here (after a `---` line); a file holds one document: remove the `---` line or split the file");
    answers_alias_bomb =>
        answers(format!("answers:\n{}", alias_bomb(2)))
            .fails(65, "error: input.yaml:7:12: the file expands too many aliases (`*name`); write the values out");
    answers_alias_bomb_in_details =>
        answers(format!("{ANSWERS}{}", alias_bomb(2)))
            .fails(65, "error: input.yaml:25:12: the file expands too many aliases (`*name`); write the values out");
    answers_one_large_string_aliased_many_times =>
        answers(format!("details:\n  company: &a \"{}\"\n  l: [{}]\n", "x".repeat(100_000), vec!["*a"; 3_000].join(", ")))
            .fails(65, "error: input.yaml:3:167: the file's aliases (`*name`) make it larger than 4 MiB written out; write the values out, or shorten them");
    answers_json_with_60000_details =>
        answers(format!("{{\"answers\": {{}}, \"details\": {{{}}}}}", (0..60_000).map(|i| format!("\"d{i}\": \"x\"")).collect::<Vec<_>>().join(", ")))
            .fails(65, "error: input.yaml:1:138886: the file holds more than 20000 values; is it the right file?");
    answers_json_deep_and_wide =>
        answers(format!("{{\"answers\": {{\"interest\": {}0{}}}}}", format!("[{},", vec!["0"; 1_000].join(",")).repeat(120), "]".repeat(120)))
            .fails(65, "error: input.yaml:1:39998: the file holds more than 20000 values; is it the right file?");
    answers_json_nested_200_deep =>
        answers(format!("{{\"answers\": {{\"interest\": {}}}}}", nested_flow(200)))
            .fails(65, "error: input.yaml:1:152: the file nests too deeply (more than 128 levels)");
    answers_nul_byte_inside_a_value =>
        answers(answers_with("  company: Acme Analytics", "  company: Acme\0Analytics"))
            .fails(65, "error: input.yaml:16:16: the file holds the control character U+0000, which a YAML or JSON file may not hold; is it the right file?");
    answers_nul_byte_at_the_start =>
        answers(format!("\0{ANSWERS}"))
            .fails(65, "error: input.yaml:1:1: the file holds the control character U+0000, which a YAML or JSON file may not hold; is it the right file?");
    answers_nul_byte_in_json =>
        answers("{\"answers\": {\"interest\": 2}, \"details\": {\"company\": \"Ac\0me\"}}")
            .fails(65, "error: input.yaml:1:56: the file holds the control character U+0000, which a YAML or JSON file may not hold; is it the right file?");
    answers_nesting_200_deep =>
        answers(answers_with("  interest: 2", &format!("  interest: {}", nested_flow(200))))
            .fails(65, "error: input.yaml:3:139: the file nests too deeply (more than 128 levels)");
    answers_nesting_100000_deep_is_refused_quickly =>
        answers(format!("answers:\n  reason: {}\n", nested_flow(100_000)))
            .fails(65, "error: input.yaml:2:266: the file nests too deeply (more than 128 levels)");
    answers_with_more_values_than_the_limit =>
        answers(format!("answers:\n  interest: [{}]\n", vec!["0"; 20_000].join(", ")))
            .fails(65, "error: input.yaml:2:59999: the file holds more than 20000 values; is it the right file?");
    answers_over_the_size_limit =>
        answers(over_the_size_limit())
            .fails(65, "error: input.yaml: the file is larger than the 1 MiB limit; is it the right file?");
    answers_binary_garbage =>
        answers(binary_garbage())
            .fails(65, "error: input.yaml:1:1: the file is not valid UTF-8 text; save it as UTF-8 and try again");
    answers_invalid_utf8 =>
        answers([b"answers:\n  reason: accepted_offer\ndetails:\n  company: Ac".as_slice(), b"\xffme\n"].concat())
            .fails(65, "error: input.yaml:4:14: the file is not valid UTF-8 text; save it as UTF-8 and try again");
    answers_empty_file =>
        answers("\n  \n")
            .fails(65, "error: input.yaml: the file is empty");
    answers_byte_order_mark_and_crlf_are_accepted =>
        Case::new(&["advise", "--no-input", "--answers", "input.yaml", "--format", "json"])
            .file("input.yaml", windows(ANSWERS))
            .succeeds("\"recommendation\": \"decline\"");
    answers_nan =>
        answers(answers_with("  interest: 2", "  interest: .nan"))
            .fails(65, "error: input.yaml:3:13: `.nan` is not a valid answer to `interest`; expected a whole number from 1 to 5");
    answers_infinite =>
        answers(answers_with("  interest: 2", "  interest: -.inf"))
            .fails(65, "error: input.yaml:3:13: `-.inf` is not a valid answer to `interest`; expected a whole number from 1 to 5");
    answers_number_too_large_for_a_float =>
        answers(answers_with("  days_until_interview: 5", "  days_until_interview: 1e400"))
            .fails(65, "error: input.yaml:7:25: `1e400` is not a valid answer to `days_until_interview`; expected a whole number from 0 to 365");
    answers_number_too_large_for_a_whole_number =>
        answers(answers_with("  days_until_interview: 5", "  days_until_interview: 99999999999999999999999"))
            .fails(65, "error: input.yaml:7:25: answers.days_until_interview: the number 99999999999999999999999 is too large");
    answers_smallest_whole_number =>
        answers(answers_with("  days_until_interview: 5", "  days_until_interview: -9223372036854775808"))
            .fails(65, "error: input.yaml:7:25: `-9223372036854775808` is not a valid answer to `days_until_interview`; expected a whole number from 0 to 365");
    answers_negative_days =>
        answers(answers_with("  days_until_interview: 5", "  days_until_interview: -3"))
            .fails(65, "error: input.yaml:7:25: `-3` is not a valid answer to `days_until_interview`; expected a whole number from 0 to 365");
    answers_fractional_days =>
        answers(answers_with("  days_until_interview: 5", "  days_until_interview: 2.5"))
            .fails(65, "error: input.yaml:7:25: `2.5` is not a valid answer to `days_until_interview`; expected a whole number from 0 to 365");
    answers_a_list_as_an_answer =>
        answers(answers_with("  interest: 2", "  interest: [2, 3]"))
            .fails(65, "error: input.yaml:3:3: `interest` must be a single value; expected a whole number from 1 to 5");
    answers_file_is_a_list =>
        answers("- reason: accepted_offer\n- interest: 2\n")
            .fails(65, "error: input.yaml:1:1: invalid type: list, expected a map of fields");
    answers_a_question_id_that_is_not_text =>
        answers(answers_with("  interest: 2", "  ? [interest]\n  : 2"))
            .fails(65, "error: input.yaml:3:5: a question id under `answers:` must be text, such as `interest`");
    answers_detail_that_is_a_map =>
        answers(answers_with("  company: Acme Analytics", "  company: { name: Acme }"))
            .fails(65, "error: input.yaml:16:14: detail `company` must be plain text, such as `company: Sam Park`");
    answers_details_that_are_a_list =>
        answers("answers: {}\ndetails: [Acme, Dana]\n")
            .fails(65, "error: input.yaml:2:10: details: invalid type: list, expected a map");
    answers_detail_10000_characters_long =>
        answers(answers_with("  your_name: Sam Park", &format!("  your_name: {}", "S".repeat(LONG_NAME_CHARS))))
            .fails(65, "error: input.yaml:19:14: detail `your_name` is 10000 characters long; a detail is at most 500: is it the right text?");
    answers_detail_with_a_line_break =>
        answers(answers_with("  company: Acme Analytics", "  company: \"Acme\\nBcc: someone@example.com\""))
            .fails(65, "error: input.yaml:16:12: detail `company` must be one line of text, without line breaks or control characters");
    answers_detail_email_that_is_not_an_address =>
        answers(answers_with("  company: Acme Analytics", "  company: Acme Analytics\n  interviewer_email: Dana Lee"))
            .fails(65, "error: input.yaml:17:22: detail `interviewer_email` must be an email address, such as dana@example.com");
    answers_details_that_yaml_would_read_as_numbers_are_kept_as_written =>
        Case::new(&["letter", "--no-input", "--answers", "answers.yaml"])
            .file("answers.yaml", answers_with("  company: Acme Analytics\n  position: Data Analyst", "  company: 0x1F\n  position: 3.10"))
            .succeeds("for the 3.10 position at 0x1F.");
    answers_details_that_yaml_would_read_as_true_and_null_are_kept_as_written =>
        Case::new(&["letter", "--no-input", "--answers", "answers.yaml"])
            .file("answers.yaml", answers_with("  interviewer_name: Dana Lee\n  your_name: Sam Park", "  interviewer_name: True\n  your_name: Null"))
            .succeeds("Dear True,\n");
    answers_detail_that_is_an_alias_of_a_number =>
        answers(answers_with("  days_until_interview: 5", "  days_until_interview: &d 5").replace("  your_name: Sam Park", "  your_name: *d"))
            .fails(65, "error: input.yaml:19:3: detail `your_name` is read as `5`, not as text; put the text in quotes, such as `your_name: \"5\"`");
    save_refuses_a_file_the_advisor_would_not_read_back =>
        answers(format!("{ANSWERS}  note0: &a \"{}\"\n{}", "z".repeat(490), (1..2_200).map(|i| format!("  note{i}: *a\n")).collect::<String>()))
            .fails(65, "error: saved.yaml: the answers would make a file of 1.1 MiB, over the 1 MiB an answers file may hold; nothing was saved: give fewer or shorter details");
    answers_detail_with_a_terminal_escape_in_quotes =>
        answers(answers_with("  company: Acme Analytics", "  company: \"\\e]0;owned\\a\""))
            .fails(65, "error: input.yaml:16:12: this text holds the control character U+001B (written as an escape); text may hold tabs and line breaks, but no other control characters");
    answers_json_detail_with_a_terminal_escape =>
        answers("{\"answers\": {\"interest\": 2}, \"details\": {\"your_name\": \"Sam\\u001b[2J\"}}")
            .fails(65, "error: input.yaml:1:55: this text holds the control character U+001B (written as an escape); text may hold tabs and line breaks, but no other control characters");
    answers_question_id_that_fakes_a_second_line =>
        answers("answers:\n  \"x\\nerror: all is well\": 2\n")
            .fails(65, "error: input.yaml:2:3: unknown question `x\\nerror: all is well`; the questions are: reason, offer_signed, change_lasting, can_attend, interest, already_confirmed, referred, future_contact, days_until_interview, company_growth, revisit_later, goal_alignment, other_options, share_reason, stay_in_touch, job_alerts");
    answers_value_with_a_reordering_mark =>
        answers(answers_with("  reason: accepted_offer", "  reason: \"accepted\\u202Eoffer\""))
            .fails(65, "error: input.yaml:2:11: `accepted\\u{202e}offer` is not a valid answer to `reason`; expected one of accepted_offer, counter_offer, values_mismatch, personal_change, lost_interest, schedule_conflict, unsure; did you mean `accepted_offer`?");
    answers_detail_with_a_line_separator =>
        answers(answers_with("  company: Acme Analytics", "  company: \"Acme\\u2028Bcc: someone\""))
            .fails(65, "error: input.yaml:16:12: detail `company` must be one line of text, without line breaks or control characters");
    answers_file_name_with_a_terminal_escape =>
        Case::new(&["advise", "--no-input", "--answers", "\u{1b}]0;owned\u{7}.yaml"])
            .fails(74, "error: \\u{1b}]0;owned\\u{7}.yaml: cannot read: no such file or folder");
    answers_directory =>
        answers("").fails(74, "error: .: cannot read: it is a folder, not a file")
            .args_replace("input.yaml", ".");
    answers_missing_file =>
        Case::new(&["advise", "--no-input", "--answers", "gone.yaml"])
            .fails(74, "error: gone.yaml: cannot read: no such file or folder");
    answers_unreadable_path_through_a_file =>
        Case::new(&["advise", "--no-input", "--answers", "plain.txt/answers.yaml"]).file("plain.txt", "x")
            .fails(74, "error: plain.txt/answers.yaml: cannot read: part of the path is a file, not a folder");
    answers_on_standard_input_as_a_list =>
        Case::new(&["advise", "--answers", "-", "--save", "saved.yaml"]).stdin("- 1\n- 2\n")
            .fails(65, "error: <stdin>:1:1: invalid type: list, expected a map of fields");
    answers_on_standard_input_over_the_size_limit =>
        Case::new(&["advise", "--answers", "-"]).stdin(over_the_size_limit())
            .fails(65, "error: <stdin>: the file is larger than the 1 MiB limit; is it the right file?");
    answers_malformed_json =>
        answers("{\"answers\": {\"reason\": \"accepted_offer\"}\n")
            .fails(65, "error: input.yaml:2:1: a map in `{ }` is not closed: a `,` or `}` was expected here");
    compare_names_the_bad_file =>
        Case::new(&["compare", "good.yaml", "bad.yaml"]).file("good.yaml", ANSWERS)
            .file("bad.yaml", answers_with("  interest: 2", "  interest: 9"))
            .fails(65, "error: bad.yaml:3:13: `9` is not a valid answer to `interest`; expected a whole number from 1 to 5");

    // ----- Details given on the command line, and what letters do with them -----
    set_without_equals =>
        letter(&["--set", "company"])
            .fails(2, "error: invalid value 'company' for '--set <KEY=VALUE>': expected KEY=VALUE, such as company=Acme, but found `company`");
    set_without_a_name =>
        letter(&["--set", "=Acme"])
            .fails(2, "error: invalid value '=Acme' for '--set <KEY=VALUE>': expected KEY=VALUE, such as company=Acme, but found `=Acme`");
    set_with_an_empty_value =>
        letter(&["--set", "company="])
            .fails(2, "error: invalid value 'company=' for '--set <KEY=VALUE>': `company=` gives `company` an empty value; give one, such as company=Acme, or leave --set out");
    set_an_unknown_detail =>
        letter(&["--set", "compnay=Acme"])
            .fails(2, "error: --set compnay=...: unknown detail `compnay`; did you mean `company`?");
    set_a_name_10000_characters_long =>
        letter(&["--set", &format!("your_name={}", "x".repeat(LONG_NAME_CHARS)), "--out", "letter.txt"])
            .fails(65, "error: --set your_name=...: detail `your_name` is 10000 characters long; a detail is at most 500: is it the right text?");
    set_a_name_with_a_line_break =>
        letter(&["--set", "your_name=Sam\nBcc: someone@example.com", "--out", "letter.txt"])
            .fails(65, "error: --set your_name=...: detail `your_name` must be one line of text, without line breaks or control characters");
    set_a_name_with_a_terminal_escape =>
        letter(&["--set", "your_name=Sam\u{1b}[2J", "--out", "letter.txt"])
            .fails(65, "error: --set your_name=...: detail `your_name` must be one line of text, without line breaks or control characters");
    set_a_right_to_left_name =>
        letter(&["--set", "interviewer_name=\u{5d3}\u{5e0}\u{5d4} \u{5dc}\u{5d5}\u{5d9}", "--set", "your_name=\u{644}\u{64a}\u{644}\u{649} \u{62d}\u{633}\u{646}"])
            .succeeds("Dear \u{5d3}\u{5e0}\u{5d4} \u{5dc}\u{5d5}\u{5d9},");
    set_a_name_with_emoji =>
        letter(&["--set", "your_name=Sam \u{1f642}\u{1f3f3}\u{fe0f}\u{200d}\u{1f308}"])
            .succeeds("\nSam \u{1f642}\u{1f3f3}\u{fe0f}\u{200d}\u{1f308}\n");
    set_template_syntax_is_printed_as_written =>
        letter(&["--set", "company={{ your_name }} {% for x in range(9) %}x{% endfor %} {# c #}"])
            .succeeds("at {{ your_name }} {% for x in range(9) %}x{% endfor %} {# c #}.");
    set_template_syntax_from_the_file_is_printed_as_written =>
        Case::new(&["letter", "--no-input", "--answers", "answers.yaml"])
            .file("answers.yaml", answers_with("  your_name: Sam Park", "  your_name: \"{{ 7 * 7 }}{{ company }}\""))
            .succeeds("\n{{ 7 * 7 }}{{ company }}\n");
    letter_out_through_a_file_is_refused =>
        letter(&["--out", "plain.txt/letter.txt"]).file("plain.txt", "x")
            .fails(74, "error: plain.txt/letter.txt: cannot write: part of the path is a file, not a folder");
    letter_unknown_kind =>
        letter(&["--kind", "decline_politely", "--out", "letter.txt"])
            .fails(2, "error: --kind decline_politely: unknown letter `decline_politely`; the letters are: …");

    // ----- Answers typed into the questionnaire through a pipe -----
    questionnaire_binary_garbage =>
        Case::new(&["advise", "--save", "saved.yaml"]).stdin(binary_garbage())
            .fails_at_the_end(65, "error: <stdin>:1: the line is not valid UTF-8");
    questionnaire_a_line_of_100000_characters =>
        Case::new(&["advise", "--save", "saved.yaml"]).stdin("x".repeat(100_000))
            .fails_at_the_end(65, "error: <stdin>:1: the line is too long");
    questionnaire_input_ends_early =>
        Case::new(&["advise", "--save", "saved.yaml"]).stdin("1\n")
            .fails_at_the_end(65, "error: <stdin>: input ended before every question was answered; unanswered: offer_signed, can_attend, interest, already_confirmed, referred, future_contact, days_until_interview, company_growth, revisit_later, goal_alignment, other_options");
    questionnaire_a_typed_terminal_escape_is_shown_escaped =>
        Case::new(&["advise", "--save", "saved.yaml"]).stdin("\u{1b}[2J\u{1b}]0;owned\u{7}\n")
            .fails_at_the_end(65, "error: <stdin>:1: `\\u{1b}[2J\\u{1b}]0;owned\\u{7}` is not a valid answer to `reason` (What is the main thing making you hesitate about this interview?); expected an option number from 1 to 7 or one of accepted_offer, counter_offer, values_mismatch, personal_change, lost_interest, schedule_conflict, unsure");
    questionnaire_endless_wrong_answers_stop_at_the_first =>
        Case::new(&["advise", "--save", "saved.yaml"]).stdin("y\n".repeat(100_000))
            .fails_at_the_end(65, "expected an option number from 1 to 7 or one of accepted_offer, counter_offer, values_mismatch, personal_change, lost_interest, schedule_conflict, unsure");

    // ----- Command lines -----
    unknown_command =>
        Case::new(&["advice"])
            .fails(2, "error: unrecognized subcommand 'advice'");
    unknown_format =>
        Case::new(&["advise", "--format", "xml"])
            .fails(2, "error: invalid value 'xml' for '--format <FORMAT>'");
    no_input_without_answers =>
        Case::new(&["advise", "--no-input", "--save", "saved.yaml"])
            .fails(2, "error: --no-input needs --answers FILE: without a file there is nothing to answer from");
    save_into_a_path_through_a_file =>
        answers(ANSWERS).args_replace("saved.yaml", "plain.txt/saved.yaml").file("plain.txt", "x")
            .fails(74, "error: plain.txt/saved.yaml: cannot write: part of the path is a file, not a folder");
    save_over_a_folder_even_with_force =>
        Case::new(&["advise", "--no-input", "--answers", "input.yaml", "--save", "folder", "--force"])
            .file("input.yaml", ANSWERS).file("folder/", "")
            .fails(74, "error: folder: cannot write: it is a folder, not a file");
    rules_init_over_an_existing_file =>
        Case::new(&["rules", "init", "mine.yaml"]).file("mine.yaml", "keep me\n")
            .fails(74, "error: mine.yaml: cannot write: the file already exists (use --force to replace it)");
}

impl Case {
    /// The same case with one argument replaced.
    fn args_replace(mut self, old: &str, new: &str) -> Case {
        for arg in &mut self.args {
            if arg == old {
                *arg = new.to_string();
            }
        }
        self
    }
}
