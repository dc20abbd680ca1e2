//! Focused tests of the scoring engine on small rule sets written in the test: how ties
//! are broken, how overrides decide, the confidence word, and the what-if list.

// A failed `expect` here is a broken test setup, and says which.
#![allow(clippy::expect_used)]

use interview_advisor::engine::{self, Answers, Assessment, Confidence, WhatIf};
use interview_advisor::rules::{Code, Outcome, RuleSet};
use interview_advisor::source::Source;

fn rules(yaml: &str) -> RuleSet {
    RuleSet::parse(&Source::from_text("test.yaml", yaml))
        .unwrap_or_else(|e| panic!("the test rules are invalid: {e}"))
}

/// Answers given as `(question id, answer text)`, with defaults filled.
fn answer(rules: &RuleSet, given: &[(&str, &str)]) -> Answers {
    let mut answers = Answers::empty(rules.questions.len());
    for (id, text) in given {
        let index = rules.question_index(id).expect("a known question");
        let code = rules.questions[index]
            .parse_answer(text)
            .expect("a valid answer");
        answers.set(index, Some(code));
    }
    answers.drop_unasked(rules);
    answers.fill_defaults(rules);
    answers
}

fn assess(rules: &RuleSet, given: &[(&str, &str)]) -> Assessment {
    engine::assess(rules, &answer(rules, given))
}

fn override_ids(rules: &RuleSet, assessment: &Assessment) -> Vec<String> {
    assessment
        .overrides
        .iter()
        .map(|&i| rules.overrides[i].id.clone())
        .collect()
}

/// One consideration and one choice question `pick` whose options score as given.
fn one_choice(options: &str) -> String {
    format!(
        r#"
confidence: {{ clear: 3.0, leaning: 1.0 }}
considerations:
  - {{ id: main, title: Main, description: The only one., weight: 1.0 }}
questions:
  - id: pick
    consideration: main
    type: choice
    label: pick
    prompt: Pick one.
    help: It decides.
    options:
{options}
"#
    )
}

#[test]
fn ties_go_to_postpone_then_proceed_then_decline_and_are_reported() {
    let rules = rules(&one_choice(
        r#"
      - { value: all_three, label: all three, points: { decline: 1, postpone: 1, proceed: 1 } }
      - { value: proceed_decline, label: p d, points: { decline: 2, postpone: 0, proceed: 2 } }
      - { value: postpone_decline, label: pp d, points: { decline: 1.5, postpone: 1.5 } }
      - { value: no_tie, label: none, points: { decline: 3, postpone: 2.5, proceed: 2.5 } }
"#,
    ));
    use Outcome::{Decline, Postpone, Proceed};
    let expectations = [
        (
            "all_three",
            Postpone,
            vec![Postpone, Proceed, Decline],
            [1.0, 1.0, 1.0],
        ),
        (
            "proceed_decline",
            Proceed,
            vec![Proceed, Decline],
            [2.0, 0.0, 2.0],
        ),
        (
            "postpone_decline",
            Postpone,
            vec![Postpone, Decline],
            [1.5, 1.5, 0.0],
        ),
        ("no_tie", Decline, vec![], [3.0, 2.5, 2.5]),
    ];
    for (pick, recommendation, tied, scores) in expectations {
        let assessment = assess(&rules, &[("pick", pick)]);
        assert_eq!(assessment.recommendation, recommendation, "{pick}");
        assert_eq!(assessment.tied, tied, "{pick}");
        assert_eq!(assessment.scores, scores, "{pick}");
    }
    // A tie is explained in the reasons.
    let assessment = assess(&rules, &[("pick", "proceed_decline")]);
    assert_eq!(
        assessment.reasons[0].sentence(&rules),
        "Proceed and decline are tied at 2.0 points; a tie goes to proceed, the option that \
         closes fewest doors."
    );
}

#[test]
fn the_first_fired_override_decides_and_every_fired_one_is_reported() {
    let rules = rules(
        r#"
considerations:
  - { id: main, title: Main, description: The only one., weight: 2.0 }
questions:
  - id: keen
    consideration: main
    type: yes_no
    label: keen
    prompt: Keen?
    help: It matters.
    yes: { proceed: 2.5 }
    no: { decline: 1 }
  - id: late
    consideration: main
    type: yes_no
    label: late
    prompt: Late?
    help: It matters.
    yes: {}
    no: {}
overrides:
  - id: low
    when: { keen: true }
    outcome: postpone
    priority: 1
    because: Low priority.
  - id: never
    when: { keen: false }
    outcome: proceed
    priority: 50
    because: Does not hold here.
  - id: high
    when: { keen: true, late: true }
    outcome: decline
    priority: 10
    because: High priority.
  - id: also_high
    when: { keen: true }
    outcome: proceed
    priority: 10
    because: Same priority as high, later in the file.
"#,
    );
    // Checked highest priority first; equal priorities keep file order.
    let order: Vec<&str> = rules.overrides.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(order, ["never", "high", "also_high", "low"]);

    let both = assess(&rules, &[("keen", "yes"), ("late", "yes")]);
    assert_eq!(both.recommendation, Outcome::Decline);
    assert_eq!(override_ids(&rules, &both), ["high", "also_high", "low"]);
    assert_eq!(both.scores, [0.0, 0.0, 5.0]);
    // The margin is negative: the hard rule picked an outcome with fewer points.
    assert_eq!(both.margin, -5.0);
    assert_eq!(both.confidence, Confidence::Clear);
    assert_eq!(
        both.reasons[0].sentence(&rules),
        "A hard rule decided this (high): High priority."
    );

    let one = assess(&rules, &[("keen", "yes"), ("late", "no")]);
    assert_eq!(one.recommendation, Outcome::Proceed);
    assert_eq!(override_ids(&rules, &one), ["also_high", "low"]);

    let none_on_top = assess(&rules, &[("keen", "no"), ("late", "yes")]);
    assert_eq!(none_on_top.recommendation, Outcome::Proceed);
    assert_eq!(override_ids(&rules, &none_on_top), ["never"]);
    assert_eq!(none_on_top.scores, [2.0, 0.0, 0.0]);
}

#[test]
fn no_override_fires_when_its_condition_fails() {
    let rules = rules(
        r#"
considerations:
  - { id: main, title: Main, description: The only one., weight: 1.0 }
questions:
  - id: keen
    consideration: main
    type: yes_no
    label: keen
    prompt: Keen?
    help: It matters.
    yes: { proceed: 2 }
    no: { decline: 2 }
overrides:
  - id: keen_goes
    when: { keen: true }
    outcome: postpone
    because: Only when keen.
"#,
    );
    let assessment = assess(&rules, &[("keen", "no")]);
    assert_eq!(assessment.recommendation, Outcome::Decline);
    assert!(assessment.overrides.is_empty());
}

#[test]
fn the_confidence_word_follows_the_thresholds_of_the_rule_set() {
    // clear: 3.0, leaning: 1.0; `pick` decides the lead of proceed over the runner-up.
    let mut rules = rules(&one_choice(
        r#"
      - { value: lead_0_5, label: a, points: { proceed: 0.5 } }
      - { value: lead_1, label: b, points: { proceed: 1 } }
      - { value: lead_2_5, label: c, points: { proceed: 3.5, postpone: 1 } }
      - { value: lead_3, label: d, points: { proceed: 3 } }
      - { value: lead_5, label: e, points: { proceed: 5, decline: -1 } }
"#,
    ));
    let expectations = [
        ("lead_0_5", 0.5, Confidence::CloseCall, "close call"),
        ("lead_1", 1.0, Confidence::Leaning, "leaning"),
        ("lead_2_5", 2.5, Confidence::Leaning, "leaning"),
        ("lead_3", 3.0, Confidence::Clear, "clear"),
        ("lead_5", 5.0, Confidence::Clear, "clear"),
    ];
    for (pick, margin, confidence, word) in expectations {
        let assessment = assess(&rules, &[("pick", pick)]);
        assert_eq!(assessment.recommendation, Outcome::Proceed, "{pick}");
        assert_eq!(assessment.margin, margin, "{pick}");
        assert_eq!(assessment.confidence, confidence, "{pick}");
        assert_eq!(assessment.confidence.as_str(), word, "{pick}");
    }

    // Other thresholds, other words: the engine reads them from the rule set.
    rules.confidence.clear = 6.0;
    rules.confidence.leaning = 2.5;
    let words: Vec<Confidence> = ["lead_1", "lead_2_5", "lead_3", "lead_5"]
        .iter()
        .map(|pick| assess(&rules, &[("pick", pick)]).confidence)
        .collect();
    assert_eq!(
        words,
        [
            Confidence::CloseCall,
            Confidence::Leaning,
            Confidence::Leaning,
            Confidence::Leaning
        ]
    );
}

const WHAT_IF_RULES: &str = r#"
considerations:
  - { id: main, title: Main, description: The only one., weight: 1.0 }
questions:
  - id: interest
    consideration: main
    type: scale
    label: interest
    prompt: How keen?
    help: It matters.
    min: 1
    max: 5
    min_label: none
    max_label: very
    scale:
      1: { decline: 4 }
      2: { decline: 2 }
      3: {}
      4: { proceed: 2 }
      5: { proceed: 4 }
  - id: reason
    consideration: main
    type: choice
    label: reason
    prompt: Why?
    help: It matters.
    options:
      - { value: unsure, label: not sure, points: { proceed: 1 } }
      - { value: clash, label: a clash, points: { postpone: 3 } }
  - id: days
    consideration: main
    type: number
    label: days
    prompt: How many days?
    help: It matters.
    min: 0
    max: 30
    bands:
      - { min: 0, max: 2, label: soon, points: { decline: 3 } }
      - { min: 3, max: 7, label: this week, points: {} }
      - { min: 8, max: 30, label: later, points: {} }
"#;

#[test]
fn what_if_lists_the_changes_a_person_can_make_before_changes_of_fact() {
    let yaml = WHAT_IF_RULES.replace("  - id: days\n", "  - id: days\n    actionable: true\n");
    let rules = rules(&yaml);
    let assessment = assess(
        &rules,
        &[("interest", "3"), ("reason", "unsure"), ("days", "10")],
    );
    let order: Vec<(usize, bool)> = assessment
        .what_if
        .iter()
        .map(|w| (w.question, w.actionable))
        .collect();
    // The days change (two bands away) comes before the one-step changes of fact.
    assert_eq!(order, [(2, true), (0, false), (1, false), (0, false)]);
    assert!(
        assessment.what_if[0]
            .sentence(&rules)
            .ends_with("the recommendation would be decline (a change you can make).")
    );
}

#[test]
fn what_if_items_come_smallest_change_first() {
    let rules = rules(WHAT_IF_RULES);
    // Totals: decline 0, postpone 0, proceed 1.
    let assessment = assess(
        &rules,
        &[("interest", "3"), ("reason", "unsure"), ("days", "10")],
    );
    assert_eq!(assessment.recommendation, Outcome::Proceed);
    let item = |question: usize, from: Code, to: Code, recommendation, distance| WhatIf {
        question,
        from,
        to,
        recommendation,
        distance,
        actionable: false,
    };
    assert_eq!(
        assessment.what_if,
        [
            // One step: interest 2, or the other reason.
            item(0, 3, 2, Outcome::Decline, 1),
            item(1, 0, 1, Outcome::Postpone, 1),
            // Two steps: interest 1, or two bands sooner (the nearest day of that band).
            item(0, 3, 1, Outcome::Decline, 2),
            item(2, 10, 2, Outcome::Decline, 2),
        ]
    );
    assert_eq!(
        assessment.what_if[2].sentence(&rules),
        "If interest were 1 of 5 (none) instead of 3 of 5, the recommendation would be decline \
         (a change of fact)."
    );
}

#[test]
fn every_what_if_item_really_changes_the_recommendation() {
    let rules = rules(WHAT_IF_RULES);
    let mut checked = 0;
    for interest in ["1", "2", "3", "4", "5"] {
        for reason in ["unsure", "clash"] {
            for days in ["0", "5", "20"] {
                let given = [("interest", interest), ("reason", reason), ("days", days)];
                let answers = answer(&rules, &given);
                let assessment = engine::assess(&rules, &answers);
                for item in &assessment.what_if {
                    let mut changed = answers.clone();
                    changed.set(item.question, Some(item.to));
                    let now = engine::score(&rules, &changed).recommendation;
                    assert_eq!(now, item.recommendation, "{given:?} {item:?}");
                    assert_ne!(now, assessment.recommendation, "{given:?} {item:?}");
                    checked += 1;
                }
            }
        }
    }
    // Counted by hand over the 30 answer sets: every single-answer change that changes the
    // recommendation is listed, so the loop checks exactly this many items.
    assert_eq!(checked, 104);
}

/// What is asked is decided one way everywhere: an unanswered question counts as its
/// default. The built-in `job_alerts` is asked only when `stay_in_touch` is yes, and
/// `stay_in_touch` defaults to yes, so a `job_alerts` answer without a `stay_in_touch`
/// answer is kept by the questionnaire's drop, by `settle` (what-if and the audit) and by
/// an answers file alike.
#[test]
fn an_unanswered_question_counts_as_its_default_when_deciding_what_is_asked() {
    let rules = RuleSet::builtin().expect("the built-in rules load");
    let alerts = rules
        .question_index("job_alerts")
        .expect("a known question");
    let stay = rules
        .question_index("stay_in_touch")
        .expect("a known question");
    let yes = rules.questions[alerts]
        .parse_answer("yes")
        .expect("a valid answer");

    let mut dropped = Answers::empty(rules.questions.len());
    dropped.set(alerts, Some(yes));
    assert_eq!(dropped.drop_unasked(&rules), Vec::<usize>::new());
    assert_eq!(dropped.get(alerts), Some(yes));
    assert_eq!(dropped.get(stay), None, "dropping fills nothing");

    let mut settled = vec![None; rules.questions.len()];
    settled[alerts] = Some(yes);
    engine::settle(&rules, &mut settled);
    assert_eq!(settled[alerts], Some(yes));
    assert_eq!(settled[stay], rules.questions[stay].default);

    let source = Source::from_text("answers.yaml", "answers:\n  job_alerts: yes\n");
    let file = engine::AnswersFile::parse(&source).expect("a readable answers file");
    let resolved = engine::resolve(&rules, &file, &source, false).expect("valid answers");
    assert_eq!(resolved.answers.get(alerts), Some(yes));
    assert!(resolved.warnings.is_empty(), "{:?}", resolved.warnings);
}
