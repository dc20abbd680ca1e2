//! `advise`: gather the answers (file, questionnaire or both), save them if asked, and
//! print the assessment.

use std::io::IsTerminal;
use std::path::Path;

use super::letter::{self, HandOff};
use super::priorities;
use super::{Streams, render, rules_for, warn, write_out};
use crate::cli::{AdviseArgs, Cli, ReportFormat};
use crate::engine::{Answers, AnswersFile, assess, resolve};
use crate::error::{Error, Result, exit};
use crate::interview::{self, LinePrompter, Prompter, TerminalPrompter};
use crate::letter::Details;
use crate::output::{refuse_existing, write_atomic};
use crate::report::Style;
use crate::rules::RuleSet;
use crate::source::Source;

/// The first line of a saved answers file.
const SAVED_HEADER: &str = "# Answers saved by interview-advisor. Reuse them with: interview-advisor advise --answers FILE\n";

pub(super) fn advise(
    cli: &Cli,
    args: &AdviseArgs,
    style: Style,
    streams: &mut Streams,
) -> Result<u8> {
    let rules = rules_for(cli)?;
    if let Some(save) = &args.save {
        // Refuse before asking anything, so no answers are typed in vain.
        refuse_existing(save, args.force)?;
        super::check_folder_writable(save)?;
    }
    let stdin_is_data = args.answers.as_deref() == Some(Path::new("-"));
    let may_ask = !args.no_input && !stdin_is_data;
    if args.answers.is_none() && !may_ask {
        return Err(Error::Usage(
            "--no-input needs --answers FILE: without a file there is nothing to answer from"
                .to_string(),
        ));
    }

    if args.letter && args.format == ReportFormat::Json {
        return Err(Error::Usage(
            "--letter prints the letter as text after the report, so it does not go with \
             --format json; use `letter --format json` for the letter as JSON"
                .to_string(),
        ));
    }
    let (mut answers, details, weights, rules) = match &args.answers {
        Some(path) => {
            let source = Source::read(path)?;
            let file = AnswersFile::parse(&source)?;
            // Check the file's details now, so a bad one is reported before any question.
            let details = file.details(&source)?;
            let resolved = resolve(rules, &file, &source, !may_ask)?;
            for warning in &resolved.warnings {
                warn(streams, warning);
            }
            let rules = priorities::for_person(rules, Some((&file.weights, &source)))?;
            (resolved.answers, details, file.weights, rules)
        }
        None => (
            Answers::empty(rules.questions.len()),
            Details::new(),
            serde_yaml::Mapping::new(),
            priorities::for_person(rules, None)?,
        ),
    };

    if may_ask && (args.answers.is_none() || !answers.missing(rules).is_empty()) {
        ask(rules, &mut answers)?;
    }
    let mut filled = answers.clone();
    filled.fill_defaults(rules);
    let mut details = details;

    let save = |answers: &Answers, details: &Details, replace: bool, streams: &mut Streams| {
        let Some(path) = &args.save else {
            return Ok(());
        };
        let mut saved = AnswersFile::from_answers(rules, answers, details);
        // The file's own weights are kept; a default from the config folder is not copied.
        saved.weights = weights.clone();
        let text = saved.to_saved_text(SAVED_HEADER, path)?;
        write_atomic(path, text.as_bytes(), args.force || replace, true)?;
        let _ = writeln!(
            streams.err,
            "Saved your answers to {}",
            crate::text::shown_path(path)
        );
        Ok::<(), Error>(())
    };
    save(&filled, &details, false, streams)?;

    let assessment = assess(rules, &filled);
    write_out(streams, &render(rules, &assessment, args.format, style))?;

    // The message to send: on request, or offered on a terminal.
    let offer = may_ask && streams.out_is_terminal && args.format == ReportFormat::Table;
    if args.letter || offer {
        let add_details = match &args.answers {
            Some(path) => format!("under `details:` in {}", path.display()),
            None => "under `details:` in an answers file (--save writes one)".to_string(),
        };
        let how = HandOff {
            add_details: &add_details,
            offer: !args.letter,
            no_input: !may_ask,
            checklist_color: streams.err_color(cli),
        };
        let before = (answers.clone(), details.clone());
        letter::hand_off(
            rules,
            assessment.recommendation,
            &mut answers,
            &mut details,
            &how,
            streams,
        )?;
        // What was typed for the letter is kept with the answers.
        if (answers.clone(), details.clone()) != before {
            let mut filled = answers.clone();
            filled.fill_defaults(rules);
            save(&filled, &details, true, streams)?;
        }
    }
    Ok(exit::OK)
}

/// Runs the questionnaire on the terminal, or line by line when standard input is a pipe.
fn ask(rules: &RuleSet, answers: &mut Answers) -> Result<()> {
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal() && std::io::stderr().is_terminal();
    let mut prompter: Box<dyn Prompter> = if terminal {
        Box::new(TerminalPrompter)
    } else {
        Box::new(LinePrompter::new(stdin.lock(), std::io::stderr()))
    };
    interview::run(rules, answers, prompter.as_mut())
}
