//! The select lists of choice, scale and yes/no questions: their entries, where the cursor
//! starts, the number keys and the hint under the list.

use super::BACK_KEY;
use crate::rules::{Code, QuestionKind};

/// One entry of a select list.
pub(super) struct Entry {
    pub(super) code: Code,
    pub(super) label: String,
}

/// The entries of a choice, scale or yes/no question; `None` for a number question.
pub(super) fn entries(kind: &QuestionKind) -> Option<Vec<Entry>> {
    Some(match kind {
        QuestionKind::Choice { options } => options
            .iter()
            .enumerate()
            .map(|(i, o)| Entry {
                code: i as Code,
                label: o.label.clone(),
            })
            .collect(),
        QuestionKind::Scale {
            min,
            max,
            min_label,
            max_label,
            ..
        } => (*min..=*max)
            .map(|v| Entry {
                code: v,
                label: if v == *min {
                    format!("{v} \u{2013} {min_label}")
                } else if v == *max {
                    format!("{v} \u{2013} {max_label}")
                } else {
                    v.to_string()
                },
            })
            .collect(),
        QuestionKind::YesNo { .. } => vec![
            Entry {
                code: 1,
                label: "Yes".to_string(),
            },
            Entry {
                code: 0,
                label: "No".to_string(),
            },
        ],
        QuestionKind::Number { .. } => return None,
    })
}

/// Where the cursor starts in a list: on the current answer; for a scale without one, in
/// the middle; otherwise on nothing, so that Enter alone chooses nothing.
pub(super) fn start_cursor(
    kind: &QuestionKind,
    entries: &[Entry],
    current: Option<Code>,
) -> Option<usize> {
    if let Some(current) = current {
        return entries.iter().position(|e| e.code == current);
    }
    match kind {
        QuestionKind::Scale { .. } => Some(entries.len() / 2),
        _ => None,
    }
}

/// The entry a typed key chooses: a number key (1 to 9), or y/n on a yes/no question.
pub(super) fn entry_for_key(kind: &QuestionKind, entries: &[Entry], c: char) -> Option<usize> {
    if let QuestionKind::YesNo { .. } = kind {
        match c.to_ascii_lowercase() {
            'y' => return entries.iter().position(|e| e.code == 1),
            'n' => return entries.iter().position(|e| e.code == 0),
            _ => {}
        }
    }
    let digit = c.to_digit(10)?;
    if let QuestionKind::Scale { .. } = kind {
        // A scale's entries are its numbers.
        return entries.iter().position(|e| e.code == Code::from(digit));
    }
    let digit = digit as usize;
    (1..=entries.len().min(9))
        .contains(&digit)
        .then(|| digit - 1)
}

/// The hint line of a list.
pub(super) fn list_hint(kind: &QuestionKind, count: usize, can_go_back: bool) -> String {
    let mut parts = vec![match kind {
        QuestionKind::YesNo { .. } => "\u{2191}\u{2193} Enter, y or n".to_string(),
        QuestionKind::Scale { min, max, .. } if *max <= 9 => {
            format!("\u{2191}\u{2193} Enter, or {min}-{max}")
        }
        _ if count <= 9 => format!("\u{2191}\u{2193} Enter, or 1-{count}"),
        _ => "\u{2191}\u{2193} Enter".to_string(),
    }];
    parts.push("? help".to_string());
    if can_go_back {
        parts.push(BACK_KEY.to_string());
    }
    parts.push("Esc quit".to_string());
    parts.join(" \u{b7} ")
}
