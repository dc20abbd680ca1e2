//! Personal weights: how much each consideration counts for one person, in place of the
//! rule set's weights. Read from an answers file's `weights:` or a `weights.yaml`, checked
//! against the rule set, and applied by making that person's copy of the rule set, so
//! every command (scores, reasons, letters, reports) sees the same weights.

use super::answers::{key_in, placed, unknown_name};
use crate::error::{Error, Result};
use crate::rules::{MAX_WEIGHT, RuleSet, WeightSource};
use crate::source::{Mapping, Source, Value};

/// A person's own weights, one slot per consideration of a rule set; an empty slot keeps
/// the rule set's weight.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Weights {
    values: Vec<Option<f64>>,
}

impl Weights {
    /// No personal weights, for a rule set with `len` considerations.
    pub fn none(len: usize) -> Self {
        Weights {
            values: vec![None; len],
        }
    }

    /// Whether no consideration has a personal weight.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }

    /// The personal weight of consideration `index`, if any.
    pub fn get(&self, index: usize) -> Option<f64> {
        self.values.get(index).copied().flatten()
    }

    /// Sets (or clears) the personal weight of consideration `index`.
    pub fn set(&mut self, index: usize, weight: Option<f64>) {
        if let Some(slot) = self.values.get_mut(index) {
            *slot = weight;
        }
    }

    /// Reads the `weights:` map of `source` (an answers file or a `weights.yaml`): every
    /// unknown consideration and bad number is reported, each at its line and column.
    pub fn read(rules: &RuleSet, mapping: &Mapping, source: &Source) -> Result<Weights> {
        let mut weights = Weights::none(rules.considerations.len());
        let mut problems = Vec::new();
        for (key, value) in mapping {
            let Some(id) = key.as_str() else {
                let text = key.scalar_text().unwrap_or_default();
                problems.push(placed(
                    source,
                    &key_in("weights", text.trim()),
                    "a consideration id under `weights:` must be text, such as `reputation`",
                ));
                continue;
            };
            let at = key_in("weights", id);
            let Some(index) = rules.considerations.iter().position(|c| c.id == id) else {
                problems.push(placed(source, &at, unknown_consideration(rules, id)));
                continue;
            };
            match weight_value(value).and_then(|w| check_weight(id, w).map(|()| w)) {
                Ok(weight) => weights.set(index, Some(weight)),
                Err(message) => problems.push(placed(source, &at, message)),
            }
        }
        if problems.is_empty() {
            Ok(weights)
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// `rules` as this person weighs it: a copy whose considerations carry the personal
    /// weights (marked [`WeightSource::Personal`]) where there are any.
    pub fn apply(&self, rules: &RuleSet) -> RuleSet {
        let mut personal = rules.clone();
        for (index, consideration) in personal.considerations.iter_mut().enumerate() {
            if let Some(weight) = self.get(index) {
                consideration.weight = weight;
                consideration.source = WeightSource::Personal;
            }
        }
        personal
    }

    /// The weights as a `weights:` map by consideration id, in rule-set order.
    pub fn to_mapping(&self, rules: &RuleSet) -> Mapping {
        let mut mapping = Mapping::new();
        for (index, consideration) in rules.considerations.iter().enumerate() {
            if let Some(weight) = self.get(index) {
                mapping.insert(Value::String(consideration.id.clone()), weight_yaml(weight));
            }
        }
        mapping
    }
}

/// A weight as YAML: a whole number without a decimal point, else the number.
fn weight_yaml(weight: f64) -> Value {
    if weight.fract() == 0.0 && weight.abs() < 1e15 {
        Value::from(weight as i64)
    } else {
        Value::from(weight)
    }
}

/// "unknown consideration `reputaton`; did you mean `reputation`?"
pub fn unknown_consideration(rules: &RuleSet, id: &str) -> String {
    unknown_name(
        "consideration",
        "considerations",
        id,
        rules.considerations.iter().map(|c| c.id.as_str()),
    )
}

/// Why `weight` cannot be the weight of consideration `id`, if it cannot: the bounds of a
/// rule set's own weights.
pub fn check_weight(id: &str, weight: f64) -> std::result::Result<(), String> {
    if !(0.0..=MAX_WEIGHT).contains(&weight) {
        Err(format!(
            "weight of `{id}` must be a number from 0 to {MAX_WEIGHT}, such as `{id}: 1.5`; found {weight}"
        ))
    } else {
        Ok(())
    }
}

/// The number a value holds, or why it is not a weight.
fn weight_value(value: &Value) -> std::result::Result<f64, String> {
    match value {
        Value::Number(n) => Ok(n.as_f64()),
        Value::String(text) => Err(format!(
            "a weight is a number, such as 1.5, not the text `{}`",
            text.escape_debug()
        )),
        Value::Null => Err("a weight is missing: give a number, such as 1.5".to_string()),
        _ => Err("a weight must be a single number, such as 1.5".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_WEIGHT, check_weight};

    #[test]
    fn weights_outside_zero_to_the_maximum_are_refused() {
        for bad in [-0.5, f64::NAN, f64::INFINITY, MAX_WEIGHT + 1.0] {
            assert!(check_weight("goals", bad).is_err(), "{bad} passed");
        }
        for good in [0.0, 0.25, 1.0, MAX_WEIGHT] {
            assert_eq!(check_weight("goals", good), Ok(()), "{good} refused");
        }
    }
}
