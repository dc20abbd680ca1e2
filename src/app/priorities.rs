//! Your own priorities: `priorities` (trade-off questions that give personal weights),
//! and personal weights from an answers file or `weights.yaml` in the config folder,
//! applied to the rule set for every command that assesses.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;

use serde::Deserialize;

use super::{Streams, config_rules_path, rules_for, write_out};
use crate::cli::{Cli, PrioritiesArgs, PrioritiesFormat};
use crate::engine::{Assessment, Reason, Tradeoffs, Weights, weight_text};
use crate::error::{Error, Result, exit};
use crate::interview::{self, LinePrompter, Prompter, TerminalPrompter};
use crate::output::{refuse_existing, write_atomic};
use crate::rules::RuleSet;
use crate::source::{Mapping, Source};

/// The first lines of a saved weights file.
const SAVED_HEADER: &str = "# Your own priorities, from `interview-advisor priorities`. Use this file as\n\
# weights.yaml in the config folder, or copy the `weights:` map into an answers file.\n";

/// `priorities`: asks the trade-off questions, then prints (and with `--save` writes) the
/// weights they give.
pub(super) fn priorities(
    cli: &Cli,
    args: &PrioritiesArgs,
    streams: &mut Streams,
) -> anyhow::Result<u8> {
    let rules = rules_for(cli)?;
    if let Some(save) = &args.save {
        // Refuse before asking anything, so no answers are given in vain.
        refuse_existing(save, args.force)?;
    }
    let tradeoffs = {
        let mut prompter = prompter();
        interview::priorities::run(rules, prompter.as_mut())?
    };
    let weights = weights_from(rules, &tradeoffs);
    if let Some(save) = &args.save {
        let mut file = Mapping::new();
        file.insert("weights".into(), weights.to_mapping(rules).into());
        let yaml = serde_yaml::to_string(&file)
            .map_err(|e| Error::Internal(format!("cannot write weights as YAML: {e}")))?;
        write_atomic(
            save,
            format!("{SAVED_HEADER}{yaml}").as_bytes(),
            args.force,
            true,
        )?;
        let _ = writeln!(
            streams.err,
            "Saved your weights to {}",
            crate::text::shown_path(save)
        );
    }
    let text = match args.format {
        PrioritiesFormat::Json => {
            let map: serde_json::Map<String, serde_json::Value> = rules
                .considerations
                .iter()
                .enumerate()
                .filter_map(|(i, c)| Some((c.id.clone(), weights.get(i)?.into())))
                .collect();
            let value = serde_json::json!({ "weights": map });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
            )
        }
        PrioritiesFormat::Text => weights_text(rules, &weights, args.save.is_some()),
    };
    write_out(streams, &text)?;
    Ok(exit::OK)
}

/// The person's weights from their trade-off answers, one for every consideration.
pub fn weights_from(rules: &RuleSet, tradeoffs: &Tradeoffs) -> Weights {
    let mut weights = Weights::none(rules.considerations.len());
    for (index, weight) in tradeoffs.weights(rules).into_iter().enumerate() {
        weights.set(index, Some(weight));
    }
    weights
}

/// The weights as a short list beside the rule set's, and how to use them.
fn weights_text(rules: &RuleSet, weights: &Weights, saved: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Your priorities:");
    let width = rules
        .considerations
        .iter()
        .map(|c| c.title.chars().count())
        .max()
        .unwrap_or(0);
    for (index, c) in rules.considerations.iter().enumerate() {
        let weight = weights.get(index).unwrap_or(c.weight);
        let _ = writeln!(
            out,
            "  {:<width$}  \u{d7}{:<6} (the rule set: \u{d7}{})",
            c.title,
            weight_text(weight),
            weight_text(c.weight),
        );
    }
    if !saved {
        let _ = writeln!(
            out,
            "\nTo use them, put them under `weights:` in an answers file, or save them as your \
             default with --save {}",
            config_weights_path()
                .map_or("weights.yaml".to_string(), |p| crate::text::shown_path(&p))
        );
    }
    out
}

/// The prompter for the trade-off questions: select lists on a terminal, numbered
/// choices read line by line from a pipe.
fn prompter() -> Box<dyn Prompter> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() && std::io::stderr().is_terminal() {
        Box::new(TerminalPrompter)
    } else {
        Box::new(LinePrompter::new(stdin.lock(), std::io::stderr()))
    }
}

/// Before the result of the questionnaire on a terminal: offers the trade-off questions,
/// and returns the weights they give when the person takes the offer. On a pipe nothing is
/// offered, so piped answers mean what they meant before.
pub fn offer_on_terminal(rules: &RuleSet) -> Result<Option<Weights>> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Ok(None);
    }
    let mut prompter = prompter();
    let tradeoffs = interview::priorities::offer(rules, prompter.as_mut())?;
    Ok(tradeoffs.map(|t| weights_from(rules, &t)))
}

/// The file of personal default weights: `weights.yaml` beside the personal rule set in
/// the config folder.
pub fn config_weights_path() -> Option<PathBuf> {
    config_rules_path().and_then(|rules| rules.parent().map(|dir| dir.join("weights.yaml")))
}

/// A `weights.yaml`: the `weights:` map of an answers file, alone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightsFile {
    #[serde(default)]
    weights: Mapping,
}

/// The personal default weights from `weights.yaml` in the config folder (none when the
/// file does not exist).
pub fn default_weights(rules: &RuleSet) -> Result<Weights> {
    let Some(path) = config_weights_path().filter(|p| p.is_file()) else {
        return Ok(Weights::none(rules.considerations.len()));
    };
    let source = Source::read(&path)?;
    let file: WeightsFile = source.parse()?;
    Weights::read(rules, &file.weights, &source)
}

/// The weights of one person: the answers file's own `weights:` when it has any (with the
/// file, to place a problem), else the default from the config folder.
pub fn weights_for(rules: &RuleSet, file: Option<(&Mapping, &Source)>) -> Result<Weights> {
    match file {
        Some((weights, source)) if !weights.is_empty() => Weights::read(rules, weights, source),
        _ => default_weights(rules),
    }
}

/// `rules` as this person weighs it (see [`weights_for`]); the rule set itself when there
/// are no personal weights. Like the rule set, a command keeps it until it exits.
pub fn for_person(
    rules: &'static RuleSet,
    file: Option<(&Mapping, &Source)>,
) -> Result<&'static RuleSet> {
    let weights = weights_for(rules, file)?;
    Ok(personalised(rules, &weights))
}

/// `rules` as weighed by an answers file's own `weights:` only (the config folder's default
/// is one person's, not every user's of a service), owned rather than kept until exit.
pub fn with_file_weights<'a>(
    rules: &'a RuleSet,
    weights: &Mapping,
    source: &Source,
) -> Result<Cow<'a, RuleSet>> {
    if weights.is_empty() {
        return Ok(Cow::Borrowed(rules));
    }
    let weights = Weights::read(rules, weights, source)?;
    Ok(if weights.is_empty() {
        Cow::Borrowed(rules)
    } else {
        Cow::Owned(weights.apply(rules))
    })
}

/// `rules` with `weights` applied, kept until the command exits.
pub fn personalised(rules: &'static RuleSet, weights: &Weights) -> &'static RuleSet {
    if weights.is_empty() {
        rules
    } else {
        Box::leak(Box::new(weights.apply(rules)))
    }
}

/// How far the weights could move before this recommendation changed, in a few words
/// (what the explanation says, shortened for a table cell).
pub fn steadiness_words(rules: &RuleSet, assessment: &Assessment) -> String {
    assessment
        .reasons
        .iter()
        .find_map(|reason| match reason {
            Reason::Steady(steadiness) => Some(steadiness.short(rules)),
            _ => None,
        })
        .unwrap_or_default()
}
