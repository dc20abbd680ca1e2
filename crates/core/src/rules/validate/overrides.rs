//! The overrides: hard rules that decide the outcome whatever the points say.

use std::collections::HashMap;

use super::conditions::{Scope, compile_condition};
use super::{At, Problems, check_id, parse_outcome};
use crate::rules::Override;
use crate::rules::raw::RawRuleSet;

/// The overrides, highest priority first.
pub(super) fn check_overrides(
    raw: &RawRuleSet,
    all_questions: &Scope<'_>,
    problems: &mut Problems,
) -> Vec<Override> {
    let mut override_ids = HashMap::new();
    let mut overrides = Vec::new();
    let list = At::top("overrides");
    for (i, o) in raw.overrides.iter().enumerate() {
        let path = list.index(i);
        check_id(&o.id, "override", &path, problems);
        if override_ids.insert(o.id.as_str(), i).is_some() {
            problems.add(&path.key("id"), format!("duplicate override id `{}`", o.id));
        }
        let owner = format!("override `{}`", o.id);
        let outcome = parse_outcome(&o.outcome, &owner, &path.key("outcome"), problems);
        let when = compile_condition(&o.when, all_questions, &path.key("when"), &owner, problems);
        if o.because.trim().is_empty() {
            problems.add(
                &path.key("because"),
                format!(
                    "override `{}`: `because` must say why the rule decides",
                    o.id
                ),
            );
        }
        if o.title.as_deref().is_some_and(|t| t.contains(['\n', '\r'])) {
            problems.add(
                &path.key("title"),
                format!("override `{}`: the title must fit on one line", o.id),
            );
        }
        if let (Some(outcome), Some(when)) = (outcome, when) {
            overrides.push(Override {
                id: o.id.clone(),
                when,
                outcome,
                priority: o.priority,
                title: match o.title.as_deref().map(str::trim) {
                    Some(title) if !title.is_empty() => title.to_string(),
                    _ => o.id.replace(['_', '-'], " "),
                },
                because: o.because.clone(),
            });
        }
    }
    // Highest priority first; the sort is stable, so equal priorities keep file order.
    overrides.sort_by_key(|o| std::cmp::Reverse(o.priority));
    overrides
}
