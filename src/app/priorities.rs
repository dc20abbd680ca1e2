//! Your own priorities: personal weights from an answers file or `weights.yaml` in the
//! config folder, applied to the rule set for every command that assesses.

use std::path::PathBuf;

use serde::Deserialize;
use serde_yaml::Mapping;

use super::config_rules_path;
use crate::engine::{Assessment, Reason, Weights};
use crate::error::Result;
use crate::rules::RuleSet;
use crate::source::Source;

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
    let file: WeightsFile = source.parse_json_first()?;
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
