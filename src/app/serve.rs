//! `serve`: runs the web service with the commands' own code behind it, so the API
//! answers exactly what `advise`, `letter` and `compare` print.

use std::sync::Arc;

use super::advise::advise_json;
use super::letter::letter_json;
use super::priorities;
use super::{CompareInput, Streams, compare_text, rules_for};
use crate::cli::{Cli, ReportFormat, ServeArgs};
use crate::engine::AnswersFile;
use crate::error::{Result, exit};
use crate::report::Style;
use crate::rules::RuleSet;
use crate::serve::{Advisor, Options, SharedAdvisor};
use crate::source::Source;

/// The name an answers file sent to the service goes by in messages.
const BODY_NAME: &str = "request body";

/// The advisor behind the service: the commands' code over one rule set.
struct Commands {
    rules: &'static RuleSet,
}

impl Advisor for Commands {
    fn rules(&self) -> &RuleSet {
        self.rules
    }

    fn assess(&self, answers_file: &str) -> Result<String> {
        let source = Source::from_text(BODY_NAME, answers_file);
        advise_json(self.rules, &source)
    }

    fn letter(&self, answers_file: &str, kind: Option<&str>) -> Result<String> {
        letter_json(
            self.rules,
            &Source::from_text(BODY_NAME, answers_file),
            kind,
        )
    }

    fn compare(&self, answers_files: &[String]) -> Result<String> {
        let inputs = answers_files.iter().enumerate().map(|(i, text)| {
            let name = format!("answers file {}", i + 1);
            CompareInput {
                shown: name.clone(),
                file: name.clone(),
                source: Ok(Source::from_text(name, text.as_str())),
            }
        });
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut streams = Streams {
            out: &mut out,
            err: &mut err,
            out_is_terminal: false,
            err_is_terminal: false,
        };
        let rules = self.rules;
        let weigh = |file: &AnswersFile, source: &Source| {
            priorities::with_file_weights(rules, &file.weights, source)
        };
        compare_text(
            rules,
            inputs,
            ReportFormat::Json,
            Style::default(),
            &mut streams,
            &weigh,
        )
    }
}

/// The service's advisor over `rules`: what the `serve` command runs, and what tests drive.
pub fn advisor(rules: &'static RuleSet) -> SharedAdvisor {
    Arc::new(Commands { rules })
}

/// Runs `serve` until Ctrl-C or SIGTERM; where it listens and the access lines go to
/// standard error.
pub(super) fn serve(cli: &Cli, args: &ServeArgs, streams: &mut Streams) -> anyhow::Result<u8> {
    let rules = rules_for(cli)?;
    let options = Options {
        bind: args.bind,
        port: args.port,
        open: args.open,
    };
    crate::serve::run(advisor(rules), options, streams.err)?;
    Ok(exit::OK)
}
