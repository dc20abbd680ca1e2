//! A question's kind: a choice's options, a scale's range and points, yes/no points, a
//! number's bands; and the fields that do not apply to it.

use std::collections::{BTreeMap, HashMap};

use super::{At, Problems, short_number};
use crate::rules::raw::{RawPoints, RawQuestion, RawQuestionType};
use crate::rules::{Band, ChoiceOption, MAX_POINTS, Outcome, Points, QuestionKind};

/// At most this many options per choice question (they are bits of a 64-bit mask).
const MAX_OPTIONS: usize = 64;
/// At most this many points on a scale.
const MAX_SCALE_POINTS: u64 = 101;

/// A one-step range standing in for a wrong one (already reported), so checking can go on.
fn stand_in_range(min: i64) -> (i64, i64, bool) {
    let min = min.min(i64::MAX - 1);
    (min, min + 1, false)
}

fn compile_points(raw: &RawPoints, owner: &str, path: &At<'_>, problems: &mut Problems) -> Points {
    let mut points = [0.0; 3];
    for (key, value) in raw {
        let at = path.key(key);
        match key.parse::<Outcome>() {
            Ok(outcome) => {
                if value.abs() <= MAX_POINTS {
                    points[outcome.index()] = *value;
                } else {
                    problems.add(
                        &at,
                        format!(
                            "{owner}: points must be finite numbers between -{MAX_POINTS} and \
                             {MAX_POINTS}, found {}",
                            short_number(*value)
                        ),
                    );
                }
            }
            Err(message) => problems.add(&at, format!("{owner}: {message}")),
        }
    }
    points
}

fn misplaced(q: &RawQuestion, path: &At<'_>, problems: &mut Problems) {
    let present = [
        ("options", q.options.is_some()),
        ("min", q.min.is_some()),
        ("max", q.max.is_some()),
        ("min_label", q.min_label.is_some()),
        ("max_label", q.max_label.is_some()),
        ("scale", q.scale.is_some()),
        ("yes", q.yes.is_some()),
        ("no", q.no.is_some()),
        ("bands", q.bands.is_some()),
    ];
    let allowed: &[&str] = match q.kind {
        RawQuestionType::Choice => &["options"],
        RawQuestionType::Scale => &["min", "max", "min_label", "max_label", "scale"],
        RawQuestionType::YesNo => &["yes", "no"],
        RawQuestionType::Number => &["min", "max", "bands"],
    };
    let type_name = type_name(q.kind);
    for (field, is_present) in present {
        if is_present && !allowed.contains(&field) {
            problems.add(
                &path.key(field),
                format!(
                    "question `{}`: `{field}` does not apply to a {type_name} question",
                    q.id
                ),
            );
        }
    }
}

fn type_name(kind: RawQuestionType) -> &'static str {
    match kind {
        RawQuestionType::Choice => "choice",
        RawQuestionType::Scale => "scale",
        RawQuestionType::YesNo => "yes_no",
        RawQuestionType::Number => "number",
    }
}

fn required<T: Copy>(
    value: Option<T>,
    field: &str,
    q: &RawQuestion,
    path: &At<'_>,
    problems: &mut Problems,
) -> Option<T> {
    if value.is_none() {
        problems.add(
            path,
            format!(
                "question `{}`: a {} question needs `{field}`",
                q.id,
                type_name(q.kind)
            ),
        );
    }
    value
}

/// Checks the fields of `q`'s kind and compiles it; with whether its range (for a scale or
/// number question) is valid. `scored`: whether the question has a consideration.
pub(super) fn check_kind(
    q: &RawQuestion,
    scored: bool,
    path: &At<'_>,
    problems: &mut Problems,
) -> (QuestionKind, bool) {
    misplaced(q, path, problems);
    let kind = KindCheck {
        q,
        scored,
        owner: format!("question `{}`", q.id),
    };
    match q.kind {
        RawQuestionType::Choice => choice(&kind, path, problems),
        RawQuestionType::Scale => scale(&kind, path, problems),
        RawQuestionType::YesNo => yes_no(&kind, path, problems),
        RawQuestionType::Number => number(&kind, path, problems),
    }
}

/// What the checks of one question's kind share.
struct KindCheck<'q> {
    q: &'q RawQuestion,
    /// Whether the question has a consideration, so that its points count.
    scored: bool,
    /// "question `id`", to start messages with.
    owner: String,
}

impl KindCheck<'_> {
    /// Points given to a question without a consideration would never count.
    fn unscored_points(&self, points: &Points, at: &At<'_>, problems: &mut Problems) {
        if !self.scored && points.iter().any(|p| *p != 0.0) {
            problems.add(
                at,
                format!(
                    "question `{}` has no consideration, so its points would never count; \
                     remove them or give the question a consideration",
                    self.q.id
                ),
            );
        }
    }
}

/// A choice question: its options, each with a value and points.
fn choice(kind: &KindCheck<'_>, path: &At<'_>, problems: &mut Problems) -> (QuestionKind, bool) {
    let (q, owner) = (kind.q, kind.owner.as_str());
    let unscored_points = |points: &Points, at: &At<'_>, problems: &mut Problems| {
        kind.unscored_points(points, at, problems)
    };
    let raw_options = q.options.as_deref().unwrap_or_default();
    if raw_options.is_empty() {
        problems.add(
            &path.key("options"),
            format!(
                "question `{}`: a choice question needs at least one option",
                q.id
            ),
        );
    }
    if raw_options.len() > MAX_OPTIONS {
        problems.add(
            &path.key("options"),
            format!("question `{}`: at most {MAX_OPTIONS} options", q.id),
        );
    }
    let mut seen = HashMap::new();
    let mut options = Vec::new();
    let options_at = path.key("options");
    for (j, o) in raw_options.iter().enumerate() {
        let at = options_at.index(j);
        if seen.insert(o.value.as_str(), j).is_some() {
            problems.add(
                &at.key("value"),
                format!("question `{}`: duplicate option value `{}`", q.id, o.value),
            );
        }
        if o.value.trim().is_empty() {
            problems.add(
                &at.key("value"),
                format!("question `{}`: an option value must not be empty", q.id),
            );
        }
        let points = compile_points(&o.points, owner, &at.key("points"), problems);
        unscored_points(&points, &at.key("points"), problems);
        options.push(ChoiceOption {
            value: o.value.clone(),
            label: o.label.clone(),
            points,
        });
    }
    (QuestionKind::Choice { options }, true)
}

/// A scale question: its range, and the points of its values.
fn scale(kind: &KindCheck<'_>, path: &At<'_>, problems: &mut Problems) -> (QuestionKind, bool) {
    let (q, scored, owner) = (kind.q, kind.scored, kind.owner.as_str());
    let unscored_points = |points: &Points, at: &At<'_>, problems: &mut Problems| {
        kind.unscored_points(points, at, problems)
    };
    let min = required(q.min, "min", q, path, problems).unwrap_or(1);
    let max = required(q.max, "max", q, path, problems).unwrap_or(min.saturating_add(1));
    // When the range itself is wrong, its points are not checked against it: that
    // would only repeat the one mistake as several.
    let (min, max, range_ok) = if min >= max && q.max.is_some() {
        problems.add(
            &path.key("min"),
            format!(
                "question `{}`: the scale's min ({min}) must be below its max ({max})",
                q.id
            ),
        );
        stand_in_range(min)
    } else if max.abs_diff(min) >= MAX_SCALE_POINTS {
        problems.add(
            &path.key("max"),
            format!(
                "question `{}`: a scale has at most {MAX_SCALE_POINTS} points; \
                 use a number question with bands instead",
                q.id
            ),
        );
        stand_in_range(min)
    } else {
        (min, max, q.min.is_some() && q.max.is_some())
    };
    // At most MAX_SCALE_POINTS values: the range was checked just above.
    let values = usize::try_from(max.abs_diff(min)).map_or(0, |d| d.saturating_add(1));
    let mut points = vec![[0.0; 3]; values];
    let raw_scale = q.scale.as_ref();
    if scored && raw_scale.is_none_or(BTreeMap::is_empty) {
        problems.add(
            &path.key("scale"),
            format!(
                "question `{}`: a scored scale question needs `scale` points for its values",
                q.id
            ),
        );
    }
    let scale_at = path.key("scale");
    for (value, raw_points) in raw_scale.into_iter().flatten() {
        let at = scale_at.number(*value);
        let compiled = compile_points(raw_points, owner, &at, problems);
        unscored_points(&compiled, &at, problems);
        let slot = usize::try_from(value.abs_diff(min))
            .ok()
            .filter(|_| (min..=max).contains(value))
            .and_then(|i| points.get_mut(i));
        if let Some(slot) = slot {
            *slot = compiled;
        } else if range_ok {
            problems.add(
                &at,
                format!(
                    "question `{}`: scale point {value} is outside {min}..{max}",
                    q.id
                ),
            );
        }
    }
    (
        QuestionKind::Scale {
            min,
            max,
            min_label: q.min_label.clone().unwrap_or_else(|| min.to_string()),
            max_label: q.max_label.clone().unwrap_or_else(|| max.to_string()),
            points,
        },
        range_ok,
    )
}

/// A yes/no question: the points of each answer.
fn yes_no(kind: &KindCheck<'_>, path: &At<'_>, problems: &mut Problems) -> (QuestionKind, bool) {
    let (q, owner) = (kind.q, kind.owner.as_str());
    let unscored_points = |points: &Points, at: &At<'_>, problems: &mut Problems| {
        kind.unscored_points(points, at, problems)
    };
    let none = RawPoints::new();
    let yes = compile_points(
        q.yes.as_ref().unwrap_or(&none),
        owner,
        &path.key("yes"),
        problems,
    );
    let no = compile_points(
        q.no.as_ref().unwrap_or(&none),
        owner,
        &path.key("no"),
        problems,
    );
    unscored_points(&yes, &path.key("yes"), problems);
    unscored_points(&no, &path.key("no"), problems);
    (QuestionKind::YesNo { no, yes }, true)
}

/// A number question: its range, and the bands that cover it in order.
fn number(kind: &KindCheck<'_>, path: &At<'_>, problems: &mut Problems) -> (QuestionKind, bool) {
    let (q, scored, owner) = (kind.q, kind.scored, kind.owner.as_str());
    let unscored_points = |points: &Points, at: &At<'_>, problems: &mut Problems| {
        kind.unscored_points(points, at, problems)
    };
    let min = required(q.min, "min", q, path, problems).unwrap_or(0);
    let max = required(q.max, "max", q, path, problems).unwrap_or(min.saturating_add(1));
    let (min, max, range_ok) = if min >= max && q.max.is_some() {
        problems.add(
            &path.key("min"),
            format!(
                "question `{}`: the minimum ({min}) must be below the maximum ({max})",
                q.id
            ),
        );
        stand_in_range(min)
    } else {
        (min, max, q.min.is_some() && q.max.is_some())
    };
    let raw_bands = q.bands.as_deref().unwrap_or_default();
    if scored && raw_bands.is_empty() {
        problems.add(
            &path.key("bands"),
            format!(
                "question `{}`: a scored number question needs `bands`",
                q.id
            ),
        );
    }
    let mut bands = Vec::new();
    let mut next = min;
    let mut last = min;
    let bands_at = path.key("bands");
    for (j, b) in raw_bands.iter().enumerate() {
        let at = bands_at.index(j);
        let points = compile_points(&b.points, owner, &at.key("points"), problems);
        unscored_points(&points, &at.key("points"), problems);
        if b.min > b.max {
            problems.add(
                &at,
                format!(
                    "question `{}`: band {}..{} has its min above its max",
                    q.id, b.min, b.max
                ),
            );
        } else if range_ok && b.min != next {
            problems.add(
                &at,
                format!(
                    "question `{}`: band {}..{} should start at {next}; bands must \
                     cover {min}..{max} in order, without gaps or overlaps",
                    q.id, b.min, b.max
                ),
            );
        }
        next = b.max.saturating_add(1);
        last = b.max;
        bands.push(Band {
            min: b.min,
            max: b.max,
            label: b.label.clone(),
            points,
        });
    }
    if range_ok && !raw_bands.is_empty() && last != max {
        let answers = if last < max { "go up to" } else { "stop at" };
        problems.add(
            &path.key("bands"),
            format!(
                "question `{}`: the last band ends at {last}, but answers {answers} {max}",
                q.id,
            ),
        );
    }
    (QuestionKind::Number { min, max, bands }, range_ok)
}
