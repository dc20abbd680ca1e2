//! The integration tests, built as one test binary: one link step instead of one per
//! file, and one run of the test harness. Each module is the tests of one area; `common`
//! holds the command builder they share. Fixtures are in `tests/fixtures/`, snapshots in
//! `tests/integration/snapshots/`, and the failure seeds proptest saves in
//! `tests/proptest-regressions/MODULE.txt`.
//!
//! Run one area with a filter on its module: `cargo test --test integration letters::`.

mod common;

mod advise_pipe;
mod answers;
mod audit;
mod audit_exact;
mod bad_input;
mod batch;
mod cli;
mod compare_and_names;
mod deliver;
mod engine;
mod interview_date;
mod interview_flow;
mod letters;
mod priorities;
mod priorities_terminal;
mod properties;
mod readme;
mod rule_cases;
mod rules_validate;
mod serve_api;
mod serve_browser;
mod serve_process;
mod snapshots_formats;
mod source_checks;
mod suggestions;
mod terminal;
mod tradeoffs;
mod widths;
mod write_safety;
