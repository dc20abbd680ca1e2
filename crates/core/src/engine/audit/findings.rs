//! What the audit's counts mean for a rule set author: sure mistakes and notes, with
//! repeats of a kind summarised.

use std::collections::HashMap;

use super::{AuditReport, FIRST_FEW};
use crate::rules::{Outcome, Override, RuleSet, Stage};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// A sure mistake: the command fails.
    Mistake,
    /// Something worth a look.
    Note,
}

impl Severity {
    /// The word used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Mistake => "mistake",
            Severity::Note => "note",
        }
    }
}

/// A finding of the audit, or of another check of the rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// A mistake (the command fails) or a note.
    pub severity: Severity,
    /// What findings like this one are, in the plural ("hard rules that never decide"):
    /// repeats of a kind are summarised under it.
    pub kind: &'static str,
    /// The finding in a sentence.
    pub message: String,
    /// How many findings it stands for: more than one for the line that summarises repeats.
    pub count: usize,
}

impl Finding {
    /// A sure mistake.
    pub fn mistake(kind: &'static str, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Mistake,
            kind,
            message: message.into(),
            count: 1,
        }
    }

    /// Something worth a look.
    pub fn note(kind: &'static str, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Note,
            kind,
            message: message.into(),
            count: 1,
        }
    }

    /// Whether it is a sure mistake.
    pub fn is_mistake(&self) -> bool {
        self.severity == Severity::Mistake
    }
}

impl AuditReport {
    /// What the audit itself found, sure mistakes first; [`findings`] adds the other
    /// checks and summarises repeats.
    pub fn findings(&self, rules: &RuleSet) -> Vec<Finding> {
        let mut mistakes = Vec::new();
        let mut notes = Vec::new();
        self.override_findings(rules, &mut mistakes, &mut notes);
        notes.extend(self.conflict_notes(rules));
        if !self.letters.is_empty() && self.letter_combinations > 0 {
            self.letter_findings(rules, &mut mistakes, &mut notes);
        }
        self.question_findings(rules, &mut mistakes);
        mistakes.extend(notes);
        mistakes
    }

    /// Overrides that never apply, never decide, or never change the recommendation.
    fn override_findings(
        &self,
        rules: &RuleSet,
        mistakes: &mut Vec<Finding>,
        notes: &mut Vec<Finding>,
    ) {
        let id_list = |indexes: &[usize]| {
            let mut ids: Vec<String> = indexes
                .iter()
                .take(FIRST_FEW)
                .filter_map(|&i| rules.overrides.get(i))
                .map(named)
                .collect();
            if indexes.len() > FIRST_FEW {
                ids.push(format!("{} more", indexes.len() - FIRST_FEW));
            }
            ids.join(", ")
        };
        for (rule, usage) in rules.overrides.iter().zip(&self.overrides) {
            if usage.fires == 0 {
                mistakes.push(Finding::mistake(
                    "hard rules that can never apply",
                    format!(
                        "the hard rule {} can never apply: no combination of answers meets \
                         its `when` (remember that a question is unanswered where its own \
                         `when` does not hold)",
                        named(rule)
                    ),
                ));
            } else if usage.decides == 0 {
                mistakes.push(Finding::mistake(
                    "hard rules that never decide",
                    format!(
                        "the hard rule {} never decides: whenever it holds, {} holds too \
                         and comes first; raise its priority or remove it",
                        named(rule),
                        id_list(&usage.shadowed_by)
                    ),
                ));
            } else if usage.changes == 0 {
                notes.push(Finding::note(
                    "hard rules that never change the recommendation",
                    format!(
                        "the hard rule {} never changes the recommendation: the points \
                         already give {} wherever it decides",
                        named(rule),
                        rule.outcome
                    ),
                ));
            }
        }
    }

    /// Pairs of overrides with different outcomes that hold together: the first few, then
    /// a count of the rest.
    fn conflict_notes(&self, rules: &RuleSet) -> Vec<Finding> {
        let mut notes = Vec::new();
        // Only the first few are written out: there may be millions.
        let kind = "pairs of hard rules with different outcomes that hold together";
        for conflict in self.conflicts.iter().take(FIRST_FEW) {
            let (a, b) = (
                &rules.overrides[conflict.first],
                &rules.overrides[conflict.second],
            );
            let order = if a.priority == b.priority {
                "they have the same priority, so the order in the file decides"
            } else {
                "the higher priority wins"
            };
            notes.push(Finding::note(
                kind,
                format!(
                    "the hard rules \u{201c}{}\u{201d} ({}, {}) and \u{201c}{}\u{201d} ({}, {}) \
                     both hold in {} combinations; {order}, giving {}",
                    a.title,
                    a.id,
                    a.outcome,
                    b.title,
                    b.id,
                    b.outcome,
                    count(conflict.together),
                    a.outcome
                ),
            ));
        }
        if self.conflicts.len() > FIRST_FEW {
            let more = self.conflicts.len() - FIRST_FEW;
            let mut summary = Finding::note(kind, more_message(more, kind));
            summary.count = more;
            notes.push(summary);
        }
        notes
    }

    /// Reply letters never chosen, and outcomes some answers recommend with no reply.
    fn letter_findings(
        &self,
        rules: &RuleSet,
        mistakes: &mut Vec<Finding>,
        notes: &mut Vec<Finding>,
    ) {
        for (letter, usage) in rules.letters.iter().zip(&self.letters) {
            if letter.stage == Stage::Reply && usage.chosen == 0 {
                mistakes.push(Finding::mistake(
                    "letters never chosen",
                    format!(
                        "the letter \u{201c}{}\u{201d} ({}) is never chosen: for every \
                         combination of answers another reply fits better, or its `when` \
                         never holds when {} is recommended",
                        letter.title,
                        letter.id,
                        letter
                            .outcomes
                            .iter()
                            .map(|o| o.as_str())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                ));
            }
        }
        for outcome in Outcome::ALL {
            let none = self.no_letter[outcome.index()];
            if none > 0 {
                notes.push(Finding::note(
                    "outcomes without a reply letter",
                    format!(
                        "no reply letter fits {} answer sets that recommend {outcome}; \
                         `letter` then asks for --kind",
                        count(none)
                    ),
                ));
            }
        }
    }

    /// Deciding questions never asked, or whose answer never changes the recommendation.
    fn question_findings(&self, rules: &RuleSet, mistakes: &mut Vec<Finding>) {
        for &q in &self.walked {
            let question = &rules.questions[q];
            if self.asked[q] == 0 {
                mistakes.push(Finding::mistake(
                    "questions never asked",
                    format!(
                        "the question \u{201c}{}\u{201d} ({}) is never asked: its `when` \
                         never holds",
                        question.label, question.id
                    ),
                ));
            } else if !self.matters[q] && question.is_scored() {
                mistakes.push(Finding::mistake(
                    "questions that never change the recommendation",
                    format!(
                        "the question \u{201c}{}\u{201d} ({}) never changes the \
                         recommendation: no change to its answer alone changes the outcome, \
                         in any combination",
                        question.label, question.id
                    ),
                ));
            }
        }
    }
}

/// A hard rule as a finding names it: its title, then its id to find it in the file.
fn named(rule: &Override) -> String {
    format!("\u{201c}{}\u{201d} ({})", rule.title, rule.id)
}

/// Everything `rules audit` reports: the audit's findings, then those of the other checks
/// of the rule set, sure mistakes first, with repeats of a kind summarised.
pub fn findings(rules: &RuleSet, report: &AuditReport, more: Vec<Finding>) -> Vec<Finding> {
    let mut found = report.findings(rules);
    // Other checks of the rule set (such as the letters' claims) add their findings here.
    found.extend(more);
    summarise(found)
}

/// Keeps the first [`FIRST_FEW`] findings of each kind, in order, and puts one line with
/// the count of the rest (of the same severity) after them. Mistakes come first.
pub fn summarise(findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen: HashMap<(&'static str, bool), usize> = HashMap::new();
    let mut kept = Vec::new();
    let mut order = Vec::new();
    for finding in findings {
        let key = (finding.kind, finding.is_mistake());
        let times = seen.entry(key).or_insert(0);
        if *times == 0 {
            order.push(key);
        }
        // A finding that already stands for several (a summary) is counted, not kept.
        if finding.count == 1 && *times < FIRST_FEW {
            kept.push(finding);
            *times += 1;
        } else {
            *times += finding.count;
        }
    }
    for (kind, mistake) in order {
        let more = seen[&(kind, mistake)].saturating_sub(FIRST_FEW);
        if more > 0 {
            let message = more_message(more, kind);
            let at = kept
                .iter()
                .rposition(|f| f.kind == kind && f.is_mistake() == mistake)
                .map_or(kept.len(), |i| i + 1);
            let summary = if mistake {
                Finding::mistake(kind, message)
            } else {
                Finding::note(kind, message)
            };
            kept.insert(
                at,
                Finding {
                    count: more,
                    ..summary
                },
            );
        }
    }
    kept.sort_by_key(|f| !f.is_mistake());
    kept
}

/// A count with thousands separators: 189,000.
pub fn count(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The line that stands for the findings of `kind` (a plural) left out after the first
/// few: "... and 3 more pairs that clash", or "... and 1 more like these".
fn more_message(more: usize, kind: &str) -> String {
    if more == 1 {
        "... and 1 more like these".to_string()
    } else {
        format!("... and {} more {kind}", count(more as u128))
    }
}

#[cfg(test)]
mod tests {
    use super::{Finding, count, summarise};

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(189_000), "189,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(
            count(u128::MAX),
            "340,282,366,920,938,463,463,374,607,431,768,211,455"
        );
    }

    #[test]
    fn repeated_findings_keep_the_first_few_then_a_count() {
        let mut found: Vec<Finding> = (0..8)
            .map(|i| Finding::note("pairs that clash", format!("clash {i}")))
            .collect();
        found.push(Finding::mistake("letters never chosen", "letter `x`"));
        let messages: Vec<String> = summarise(found).into_iter().map(|f| f.message).collect();
        assert_eq!(
            messages,
            [
                "letter `x`",
                "clash 0",
                "clash 1",
                "clash 2",
                "clash 3",
                "clash 4",
                "... and 3 more pairs that clash"
            ]
        );
    }
}
