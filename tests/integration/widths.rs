//! Every table and paragraph fits the width it is given, down to 60 columns, and wraps at
//! word boundaries: no word of the full-width output is cut. A letter sent to a pipe is
//! left as written.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::collections::BTreeSet;

/// Runs the binary with `COLUMNS` set (or not) and returns standard output.
fn output(columns: Option<usize>, args: &[&str]) -> String {
    let mut command = common::advisor();
    if let Some(columns) = columns {
        command.env("COLUMNS", columns.to_string());
    }
    let assert = command.args(args).assert().success();
    String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8")
}

/// The words of a text, without table borders and the punctuation a layout adds.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| c.is_whitespace() || "│┆╞═╪╡┌┐└┘─┬┴├┤┼╭╮╰╯".contains(c))
        .map(|w| w.trim_end_matches([':', '\u{b7}']).to_string())
        .filter(|w| !w.is_empty() && w != "\u{b7}")
        .collect()
}

/// The output fits `columns`, and every word of the unwrapped output is in it whole.
fn assert_fits(args: &[&str], columns: usize) {
    let narrow = output(Some(columns), args);
    for line in narrow.lines() {
        assert!(
            line.chars().count() <= columns,
            "`{}` at {columns} columns: a line of {} characters:\n{line}\n\n{narrow}",
            args.join(" "),
            line.chars().count()
        );
    }
    let wide = words(&output(None, args));
    let fitted = words(&narrow);
    let missing: Vec<&String> = wide.difference(&fitted).collect();
    assert!(
        missing.is_empty(),
        "`{}` at {columns} columns cut these words: {missing:?}\n\n{narrow}",
        args.join(" ")
    );
}

const ANSWERS: &str = "tests/fixtures/answers/valid.yaml";
const OTHER: &str = "rules/cases/accepted-offer-no-interest.yaml";

#[test]
fn the_advise_report_fits_60_and_120_columns() {
    for columns in [60, 120] {
        assert_fits(&["advise", "--answers", ANSWERS, "--no-input"], columns);
    }
}

#[test]
fn the_compare_table_fits_60_and_120_columns() {
    for columns in [60, 120] {
        assert_fits(&["compare", ANSWERS, OTHER], columns);
    }
}

#[test]
fn rules_show_fits_60_and_120_columns() {
    for columns in [60, 120] {
        assert_fits(&["rules", "show"], columns);
    }
}

#[test]
fn letter_list_fits_60_and_120_columns() {
    for columns in [60, 120] {
        assert_fits(&["letter", "list"], columns);
    }
}

#[test]
fn rules_audit_fits_60_and_120_columns() {
    for columns in [60, 120] {
        assert_fits(&["rules", "audit"], columns);
    }
}

#[test]
fn rules_test_and_validate_fit_60_and_120_columns() {
    for columns in [60, 120] {
        assert_fits(&["rules", "test"], columns);
        assert_fits(&["rules", "validate"], columns);
    }
}

#[test]
fn a_letter_to_a_pipe_is_not_wrapped() {
    let args = [
        "letter",
        "--answers",
        ANSWERS,
        "--no-input",
        "--set",
        "availability=Monday morning or any time on Tuesday afternoon",
    ];
    let narrow = output(Some(60), &args);
    assert_eq!(narrow, output(None, &args));
    assert!(
        narrow.lines().any(|line| line.chars().count() > 60),
        "the letter has long paragraphs, kept on one line each:\n{narrow}"
    );
}
