//! Letters: every built-in letter as a snapshot, every combination of the answers a
//! letter reads rendered cleanly and within the limits, choosing, details given as data,
//! the eml draft read back by an independent parser, and the `letter` command itself.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common;

use assert_cmd::Command;
use interview_advisor::engine::Answers;
use interview_advisor::letter::{
    self, DETAILS, Details, LetterError, MAX_BODY_WORDS, MAX_SUBJECT_CHARS, Rendered,
};
use interview_advisor::rules::{Channel, Outcome, RuleSet, Stage};
use predicates::prelude::*;

const FIXTURES: &str = "tests/fixtures/letters";

/// A fixed time (2025-05-12, a Monday, 08:00 UTC) so dates in the output are stable.
const EPOCH: &str = "1747036800";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// The binary in a clean environment, on the fixed date.
fn advisor() -> Command {
    let mut command = common::advisor();
    command.env("SOURCE_DATE_EPOCH", EPOCH);
    command
}

fn builtin() -> RuleSet {
    RuleSet::builtin().unwrap_or_else(|e| panic!("the built-in rule set is invalid: {e}"))
}

/// The one set of details every letter is rendered with.
fn details() -> Details {
    [
        ("interviewer_name", "Dana Lee"),
        ("company", "Acme"),
        ("position", "Data Analyst"),
        ("your_name", "Sam Park"),
        ("availability", "Tuesday or Thursday afternoon next week"),
        (
            "change_reason",
            "I have since learned more about the team, and the role matters more to me than I first thought",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Answers to every question, by id and value as in an answers file.
fn answers(rules: &RuleSet, values: &[(&str, &str)]) -> Answers {
    let mut answers = Answers::empty(rules.questions.len());
    for (id, value) in values {
        let index = rules
            .question_index(id)
            .unwrap_or_else(|| panic!("no question `{id}`"));
        let code = rules.questions[index]
            .parse_answer(value)
            .unwrap_or_else(|e| panic!("{e}"));
        answers.set(index, Some(code));
    }
    answers.drop_unasked(rules);
    answers.fill_defaults(rules);
    answers
}

/// A complete, ordinary set of answers that the combinations start from.
const BASELINE: &[(&str, &str)] = &[
    ("reason", "accepted_offer"),
    ("interest", "2"),
    ("already_confirmed", "false"),
    ("referred", "false"),
    ("future_contact", "medium"),
    ("days_until_interview", "9"),
    ("company_growth", "3"),
    ("revisit_later", "true"),
    ("goal_alignment", "2"),
    ("other_options", "some"),
    ("share_reason", "true"),
    ("stay_in_touch", "true"),
    ("job_alerts", "true"),
];

/// Every combination of the answers to `questions` (one value per scoring step, and
/// no answer for a question that may not be asked), the others as in [`BASELINE`].
fn combinations(rules: &RuleSet, questions: &[usize]) -> Vec<Answers> {
    let base = answers(rules, BASELINE);
    let mut sets: Vec<Vec<Option<i64>>> = vec![base.as_slice().to_vec()];
    for &index in questions {
        let question = &rules.questions[index];
        let mut values: Vec<Option<i64>> = question.answer_steps().into_iter().map(Some).collect();
        if question.when.is_some() {
            values.push(None);
        }
        sets = sets
            .into_iter()
            .flat_map(|set| {
                values.iter().map(move |&value| {
                    let mut set = set.clone();
                    set[index] = value;
                    set
                })
            })
            .collect();
    }
    let mut seen = BTreeSet::new();
    sets.into_iter()
        .filter_map(|set| {
            let mut answers = Answers::empty(rules.questions.len());
            for (index, value) in set.into_iter().enumerate() {
                answers.set(index, value);
            }
            answers.drop_unasked(rules);
            answers.fill_defaults(rules);
            seen.insert(answers.as_slice().to_vec()).then_some(answers)
        })
        .collect()
}

/// The questions a letter reads: in its `when`, in its templates, and in the conditions of
/// the claims its templates test.
fn questions_read(rules: &RuleSet, index: usize) -> Vec<usize> {
    let letter = &rules.letters[index];
    let mut read: BTreeSet<usize> = letter
        .when
        .as_ref()
        .map(|w| w.questions().into_iter().collect())
        .unwrap_or_default();
    // Validation has checked that every id read is a question's or a claim's.
    read.extend(
        letter::answers_read(letter)
            .iter()
            .filter_map(|id| rules.question_index(id)),
    );
    for id in letter::claims_read(letter) {
        if let Some(claim) = rules.claims.iter().find(|c| c.id == id) {
            read.extend(claim.when.questions());
        }
    }
    read.into_iter().collect()
}

/// Everything a finished letter must be, with `context` in every failure message.
fn assert_finished(rendered: &Rendered, context: &str) {
    let all = format!("{}\n{}", rendered.subject, rendered.body);
    for syntax in ["{{", "}}", "{%", "%}", "{#", "#}"] {
        assert!(
            !all.contains(syntax),
            "{context}: template syntax left:\n{all}"
        );
    }
    for detail in DETAILS {
        let placeholder = format!("[{}]", detail.name);
        assert!(
            !all.contains(&placeholder),
            "{context}: {placeholder} left:\n{all}"
        );
    }
    for bad in ["  ", " .", " ,", "..", ",.", "\n\n\n", " \n", "\t"] {
        assert!(!all.contains(bad), "{context}: {bad:?} in:\n{all}");
    }
    assert!(
        !rendered.body.starts_with(char::is_whitespace),
        "{context}: the body starts with a blank:\n{all}"
    );
    assert!(rendered.body.ends_with(".\n") || rendered.body.ends_with("Sam Park\n"));
    assert!(!rendered.subject.is_empty(), "{context}: no subject");
    let chars = rendered.subject.chars().count();
    assert!(
        chars <= MAX_SUBJECT_CHARS,
        "{context}: the subject has {chars} characters: {}",
        rendered.subject
    );
    let words = rendered.body_words();
    assert!(
        words <= MAX_BODY_WORDS,
        "{context}: the body has {words} words:\n{}",
        rendered.body
    );
    if rendered.channel == Channel::Email {
        assert!(
            rendered.body.starts_with("Dear Dana Lee,\n\n"),
            "{context}:\n{all}"
        );
        assert!(rendered.body.ends_with("\nSam Park\n"), "{context}:\n{all}");
        assert!(
            rendered.body.to_lowercase().contains("thank"),
            "{context}: no thanks:\n{all}"
        );
    }
}

#[test]
fn the_built_in_rule_set_has_every_letter_the_advisor_promises() {
    let rules = builtin();
    let ids: Vec<&str> = rules.letters.iter().map(|l| l.id.as_str()).collect();
    for id in [
        "decline_no_reason",
        "decline_other_opportunity",
        "decline_personal",
        "decline_not_right_fit",
        "postpone_reschedule",
        "proceed_confirm",
        "decline_by_phone",
        "decline_call_confirmation",
        "postpone_by_phone",
        "postpone_call_confirmation",
        "postpone_time_to_decide",
        "proceed_note",
        "follow_up_after_declining",
        "withdraw_confirmed",
        "change_of_mind",
        "future_roles",
    ] {
        assert!(ids.contains(&id), "no letter `{id}` in {ids:?}");
    }
    let phone = &rules.letters[letter::find(&rules, "decline_by_phone").expect("found")];
    assert_eq!(phone.channel, Channel::Phone);
    let follow = phone
        .follow_with
        .expect("a phone script is followed by an email");
    assert_eq!(rules.letters[follow].channel, Channel::Email);
}

#[test]
fn every_letter_matches_its_snapshot() {
    let rules = builtin();
    let people = realistic_people(&rules);
    for (index, letter) in rules.letters.iter().enumerate() {
        // The first built-in case whose advice leads to the letter (as the reply, the email
        // after a call, or a later letter that fits); else the first combination of the
        // answers the letter's condition reads for which it applies, the rest as in the
        // baseline.
        let from_case = people.iter().find_map(|(_, answers, _)| {
            let recommendation =
                interview_advisor::engine::assess_without_what_if(&rules, answers).recommendation;
            let reply = letter::choose(&rules, recommendation, answers).ok()?;
            let leads_here = reply == index
                || rules.letters[reply].follow_with == Some(index)
                || (letter.stage == Stage::After
                    && letter.outcomes.contains(&recommendation)
                    && letter.when.is_some()
                    && letter.applies(answers.as_slice()));
            leads_here.then(|| answers.clone())
        });
        let answers = from_case.unwrap_or_else(|| {
            let read = letter
                .when
                .as_ref()
                .map(|w| w.questions())
                .unwrap_or_default();
            combinations(&rules, &read)
                .into_iter()
                .find(|a| letter.applies(a.as_slice()))
                .expect("some answers select the letter")
        });
        let rendered = letter::render(&rules, index, &answers, &details()).expect("renders");
        insta::assert_snapshot!(letter.id.as_str(), rendered.to_text());
    }
}

#[test]
fn every_combination_of_the_answers_a_letter_reads_renders_a_finished_letter() {
    let rules = builtin();
    let mut rendered_count = 0;
    for (index, letter) in rules.letters.iter().enumerate() {
        let read = questions_read(&rules, index);
        for answers in combinations(&rules, &read) {
            // A later letter whose `when` does not hold is refused (tested below).
            if !letter.applies(answers.as_slice()) {
                continue;
            }
            let context = format!("letter `{}` with {:?}", letter.id, answers.as_slice());
            let rendered = letter::render(&rules, index, &answers, &details())
                .unwrap_or_else(|e| panic!("{context}: {e}"));
            assert_finished(&rendered, &context);
            rendered_count += 1;
        }
    }
    assert!(rendered_count > 100, "only {rendered_count} renders");
}

#[test]
fn the_chosen_letter_is_finished_for_every_outcome_and_combination_of_answers() {
    let rules = builtin();
    let read: BTreeSet<usize> = (0..rules.letters.len())
        .flat_map(|i| questions_read(&rules, i))
        .collect();
    let read: Vec<usize> = read.into_iter().collect();
    for answers in combinations(&rules, &read) {
        for outcome in Outcome::ALL {
            let context = format!("{outcome} with {:?}", answers.as_slice());
            let index = letter::choose(&rules, outcome, &answers)
                .unwrap_or_else(|e| panic!("{context}: {e}"));
            let letter = &rules.letters[index];
            assert_eq!(letter.stage, Stage::Reply, "{context}");
            assert!(letter.outcomes.contains(&outcome), "{context}");
            let rendered = letter::render(&rules, index, &answers, &details())
                .unwrap_or_else(|e| panic!("{context}: {e}"));
            assert_finished(&rendered, &format!("{context}: `{}`", letter.id));
        }
    }
}

#[test]
fn letters_stay_within_the_word_and_subject_limits_with_long_details() {
    let rules = builtin();
    let mut details = details();
    // A long but ordinary position title and company name still fit the subject.
    details.insert("position".into(), "Senior Data Analyst".into());
    details.insert("company".into(), "Acme Analytics".into());
    for (index, letter) in rules.letters.iter().enumerate() {
        let answers = answers(&rules, BASELINE);
        let rendered = letter::render(&rules, index, &answers, &details).expect("renders");
        assert!(
            rendered.subject.chars().count() <= MAX_SUBJECT_CHARS,
            "`{}`: {}",
            letter.id,
            rendered.subject
        );
        assert!(rendered.body_words() <= MAX_BODY_WORDS, "`{}`", letter.id);
        assert!(rendered.length_problems().is_empty(), "`{}`", letter.id);
    }
}

#[test]
fn share_reason_false_gives_no_reason_and_the_door_lines_follow_the_answers() {
    let rules = builtin();
    let with = |values: &[(&str, &str)]| {
        let mut all: Vec<(&str, &str)> = BASELINE.to_vec();
        all.retain(|(id, _)| !values.iter().any(|(v, _)| v == id));
        all.extend_from_slice(values);
        let answers = answers(&rules, &all);
        let index = letter::choose(&rules, Outcome::Decline, &answers).expect("chosen");
        letter::render(&rules, index, &answers, &details()).expect("renders")
    };
    let reason = with(&[("share_reason", "true")]);
    assert_eq!(reason.kind, "decline_other_opportunity");
    assert!(
        reason.body.contains("accepted an offer elsewhere"),
        "{}",
        reason.body
    );
    assert!(reason.body.contains("stay in touch"), "{}", reason.body);
    assert!(reason.body.contains("future openings"), "{}", reason.body);

    let silent = with(&[("share_reason", "false"), ("stay_in_touch", "false")]);
    assert_eq!(silent.kind, "decline_no_reason");
    assert!(!silent.body.contains("offer"), "{}", silent.body);
    assert!(!silent.body.contains("in touch"), "{}", silent.body);
    assert!(!silent.body.contains("future"), "{}", silent.body);
}

#[test]
fn the_most_specific_letter_wins_and_the_first_listed_breaks_a_tie() {
    let rules = RuleSet::load(Path::new(&fixture("choosing.yaml"))).expect("valid");
    let pick = |outcome, values: &[(&str, &str)]| {
        let index = letter::choose(&rules, outcome, &answers(&rules, values)).expect("chosen");
        rules.letters[index].id.clone()
    };
    let gone = [("reason", "gone"), ("share_reason", "true")];
    assert_eq!(pick(Outcome::Decline, &gone), "by_reason_and_share");
    let gone_silent = [("reason", "gone"), ("share_reason", "false")];
    assert_eq!(pick(Outcome::Decline, &gone_silent), "by_reason");
    let busy = [("reason", "busy"), ("share_reason", "true")];
    assert_eq!(pick(Outcome::Decline, &busy), "general");
    // Both postpone letters make one test: the first listed wins.
    assert_eq!(pick(Outcome::Postpone, &busy), "tie_first");
    // `after` letters are never chosen, so proceed has no letter.
    assert_eq!(
        letter::choose(&rules, Outcome::Proceed, &answers(&rules, &busy)),
        Err(LetterError::NoneFits {
            outcome: Outcome::Proceed
        })
    );
}

#[test]
fn a_missing_detail_is_reported_with_every_other_missing_one() {
    let rules = builtin();
    let answers = answers(&rules, BASELINE);
    let index = letter::find(&rules, "postpone_reschedule").expect("found");
    let mut details = details();
    details.remove("company");
    details.remove("availability");
    details.insert("your_name".into(), "   ".into());
    assert_eq!(
        letter::render(&rules, index, &answers, &details),
        Err(LetterError::MissingDetails {
            letter: "postpone_reschedule".into(),
            missing: vec!["company", "your_name", "availability"],
        })
    );
    // A letter asks only for what it uses: no decline needs the availability.
    let decline = letter::choose(&rules, Outcome::Decline, &answers).expect("chosen");
    let mut details = self::details();
    details.remove("availability");
    assert!(letter::render(&rules, decline, &answers, &details).is_ok());
}

#[test]
fn details_are_printed_as_written_never_evaluated() {
    let rules = builtin();
    let answers = answers(&rules, BASELINE);
    let mut details = details();
    details.insert("interviewer_name".into(), "{{ answers.reason }}".into());
    details.insert("company".into(), "{% if true %}Evil{% endif %} Corp".into());
    details.insert("your_name".into(), "{# hidden #}Sam".into());
    for (index, letter) in rules.letters.iter().enumerate() {
        let rendered = letter::render(&rules, index, &answers, &details).expect("renders");
        if letter.channel == Channel::Email {
            assert!(
                rendered.body.starts_with("Dear {{ answers.reason }},"),
                "{}",
                rendered.body
            );
            assert!(
                rendered.body.ends_with("{# hidden #}Sam\n"),
                "{}",
                rendered.body
            );
        }
        let all = format!("{}{}", rendered.subject, rendered.body);
        assert!(
            !all.contains("accepted_offer"),
            "`{}` evaluated a detail",
            letter.id
        );
        if all.contains("Corp") {
            assert!(all.contains("{% if true %}Evil{% endif %} Corp"), "{all}");
        }
    }
}

#[test]
fn the_eml_draft_reads_back_with_an_independent_parser() {
    let rules = builtin();
    let answers = answers(&rules, BASELINE);
    let mut details = details();
    details.insert("your_name".into(), "Zoë Ørsted".into());
    details.insert("interviewer_email".into(), "dana.lee@acme.example".into());
    details.insert("your_email".into(), "zoe@example.org".into());
    let index = letter::find(&rules, "withdraw_confirmed").expect("found");
    let rendered = letter::render(&rules, index, &answers, &details).expect("renders");
    let eml = letter::build_eml(&rendered, &details, 1_747_036_800, None).expect("builds");

    let message = mail_parser::MessageParser::default()
        .parse(&eml)
        .expect("parses");
    assert_eq!(message.subject(), Some(rendered.subject.as_str()));
    let to = message.to().and_then(|a| a.first()).expect("a To line");
    assert_eq!(to.name(), Some("Dana Lee"));
    assert_eq!(to.address(), Some("dana.lee@acme.example"));
    let from = message.from().and_then(|a| a.first()).expect("a From line");
    assert_eq!(from.name(), Some("Zoë Ørsted"));
    assert_eq!(from.address(), Some("zoe@example.org"));
    assert_eq!(
        message.date().map(|d| d.to_rfc3339()),
        Some("2025-05-12T08:00:00Z".to_string())
    );
    assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
    let body = message
        .body_text(0)
        .expect("a text body")
        .replace("\r\n", "\n");
    assert_eq!(body, rendered.body);
    assert!(body.ends_with("Zoë Ørsted\n"));
}

#[test]
fn without_an_email_address_the_draft_has_no_to_line_and_a_phone_script_has_no_draft() {
    let rules = builtin();
    let answers = answers(&rules, BASELINE);
    let index = letter::find(&rules, "decline_no_reason").expect("found");
    let rendered = letter::render(&rules, index, &answers, &details()).expect("renders");
    let eml = letter::build_eml(&rendered, &details(), 0, None).expect("builds");
    let message = mail_parser::MessageParser::default()
        .parse(&eml)
        .expect("parses");
    assert!(message.to().is_none());
    assert!(message.from().is_none());

    let phone = letter::find(&rules, "decline_by_phone").expect("found");
    let script = letter::render(&rules, phone, &answers, &details()).expect("renders");
    let error = letter::build_eml(&script, &details(), 0, Some("decline_call_confirmation"))
        .expect_err("no eml for a call");
    assert!(error.to_string().contains("phone script"), "{error}");
}

// The command line.

#[test]
fn a_decline_case_with_details_on_the_command_line_prints_a_finished_letter() {
    advisor()
        .args(["letter", "--answers", &fixture("offer-taken.yaml")])
        .args([
            "--set",
            "interviewer_name=Dana Lee",
            "--set",
            "company=Acme",
        ])
        .args([
            "--set",
            "position=Data Analyst",
            "--set",
            "your_name=Sam Park",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Subject: Data Analyst interview: declining with thanks\n\nDear Dana Lee,\n\n\
             Thank you for your interest in my application for the Data Analyst position at \
             Acme. I have recently accepted an offer elsewhere, so I will not take up the \
             interview.\n",
        ))
        .stdout(predicate::str::ends_with("Best regards,\nSam Park\n"))
        .stderr(predicate::str::contains(
            "Politeness checklist:\n  \u{2714} respond promptly: send it by Tuesday 13 May, \
             within a day: the interview is in 9 days\n  \u{2714} gratitude\n",
        ));
}

#[test]
fn letter_list_shows_every_letter_with_its_outcome_channel_and_condition() {
    let assert = advisor().args(["letter", "list"]).assert().success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8");
    let rules = builtin();
    assert!(rules.letters.len() >= 11);
    for letter in &rules.letters {
        assert!(
            out.contains(&letter.id),
            "{} is not listed:\n{out}",
            letter.id
        );
    }
    assert!(
        out.contains(&format!("{} letters", rules.letters.len())),
        "{out}"
    );
    assert!(out.contains("after decline"), "{out}");
    assert!(out.contains("phone"), "{out}");
    assert!(out.contains("on request (--kind)"), "{out}");
    assert!(out.contains("otherwise (fallback)"), "{out}");
    // When a letter is used, in the questions' labels and the answers' words.
    assert!(
        out.contains("\u{201c}interview already confirmed\u{201d} is yes"),
        "{out}"
    );
    assert!(!out.contains("already_confirmed"), "{out}");
}

#[test]
fn a_missing_detail_is_a_one_line_error_listing_every_missing_one() {
    advisor()
        .args(["letter", "--answers", &fixture("offer-taken.yaml")])
        .args(["--set", "company=Acme", "--no-input"])
        .assert()
        .code(65)
        .stdout("")
        .stderr(format!(
            "error: missing details for the letter \u{201c}Decline because you took another \
             offer or are staying where you are\u{201d}: position, your_name; add them under `details:` in {} or with --set KEY=VALUE\n",
            fixture("offer-taken.yaml")
        ));
}

#[test]
fn set_without_an_equals_sign_is_a_usage_error_naming_the_argument() {
    advisor()
        .args([
            "letter",
            "--answers",
            &fixture("offer-taken.yaml"),
            "--set",
            "company",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'company' for '--set <KEY=VALUE>'",
        ));
}

#[test]
fn an_unknown_detail_in_set_is_a_usage_error_listing_the_details() {
    advisor()
        .args([
            "letter",
            "--answers",
            &fixture("offer-taken.yaml"),
            "--set",
            "signature=x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown detail `signature`; the details are: interviewer_name, company,",
        ));
}

#[test]
fn kind_forces_a_letter_and_warns_when_it_is_not_for_the_advice() {
    advisor()
        .args([
            "letter",
            "--answers",
            &fixture("offer-taken-with-details.yaml"),
        ])
        .args(["--kind", "proceed_confirm"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Subject: Data Analyst interview: confirming my place\n",
        ))
        .stderr(predicate::str::contains(
            "warning: the advice is to decline, but `proceed_confirm` is a letter for proceed",
        ));
    advisor()
        .args([
            "letter",
            "--answers",
            &fixture("offer-taken-with-details.yaml"),
        ])
        .args(["--kind", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown letter `nope`; the letters are: decline_by_phone,",
        ));
}

#[test]
fn an_interview_tomorrow_gets_a_phone_script_then_the_email() {
    advisor()
        .args(["letter", "--answers", &fixture("confirmed-tomorrow.yaml")])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Subject: Call Dana Lee about the Data Analyst interview\n",
        ))
        .stdout(predicate::str::contains(
            "\n--- After the call, send this email ---\n\n\
             Subject: Data Analyst interview: confirming my call\n\nDear Dana Lee,\n",
        ))
        .stderr(predicate::str::contains(
            "\u{2714} respond promptly: call first, then send the email today, Monday 12 May: the \
             interview is tomorrow",
        ));
}

#[test]
fn an_email_alone_for_an_interview_tomorrow_is_flagged() {
    advisor()
        .args(["letter", "--answers", &fixture("confirmed-tomorrow.yaml")])
        .args(["--kind", "decline_no_reason"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "\u{2718} respond promptly: send it today, Monday 12 May: the interview is \
             tomorrow; an email may be read too late, so call as well (letter --kind \
             decline_by_phone)",
        ));
}

#[test]
fn json_gives_the_letter_and_the_checklist() {
    let assert = advisor()
        .args(["letter", "--answers", &fixture("cannot-make-it.yaml")])
        .args([
            "--set",
            "availability=Monday or Wednesday morning",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stderr("");
    let value: serde_json::Value =
        serde_json::from_slice(&assert.get_output().stdout).expect("JSON");
    assert_eq!(value["kind"], "postpone_reschedule");
    assert_eq!(value["channel"], "email");
    assert_eq!(value["recommendation"], "postpone");
    assert_eq!(
        value["subject"],
        "Data Analyst interview: request to reschedule"
    );
    let body = value["body"].as_str().expect("a body");
    assert!(
        body.contains("I am free Monday or Wednesday morning."),
        "{body}"
    );
    assert_eq!(value["send_by"], "2025-05-13");
    let steps: Vec<&str> = value["checklist"]
        .as_array()
        .expect("a checklist")
        .iter()
        .map(|c| c["step"].as_str().expect("a step"))
        .collect();
    assert_eq!(
        steps,
        [
            "respond_promptly",
            "gratitude",
            "clear_decision",
            "brief_reason",
            "door_left_open"
        ]
    );
    assert!(
        value["checklist"]
            .as_array()
            .expect("a checklist")
            .iter()
            .all(|c| c["ok"] == true)
    );
}

#[test]
fn out_writes_the_letter_and_refuses_to_replace_it_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("letter.txt");
    let out_arg = out.to_str().expect("UTF-8 path");
    let run = |extra: &[&str]| {
        let mut command = advisor();
        command
            .args([
                "letter",
                "--answers",
                &fixture("offer-taken-with-details.yaml"),
            ])
            .args(["--out", out_arg])
            .args(extra);
        command.assert()
    };
    run(&[]).success().stdout("");
    let first = std::fs::read_to_string(&out).expect("written");
    assert!(first.starts_with("Subject: "), "{first}");

    run(&["--kind", "follow_up_after_declining"])
        .code(74)
        .stderr(predicate::str::contains("already exists (use --force"));
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), first);

    run(&["--kind", "follow_up_after_declining", "--force"]).success();
    let second = std::fs::read_to_string(&out).expect("replaced");
    assert!(
        second.starts_with("Subject: Thank you, and keeping in touch\n"),
        "{second}"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "a temporary file was left: {names:?}");
}

#[test]
fn eml_output_opens_as_a_draft_addressed_to_the_interviewer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("decline.eml");
    advisor()
        .args([
            "letter",
            "--answers",
            &fixture("offer-taken-with-details.yaml"),
        ])
        .args([
            "--format",
            "eml",
            "--out",
            out.to_str().expect("UTF-8 path"),
        ])
        .assert()
        .success();
    let eml = std::fs::read(&out).expect("written");
    let message = mail_parser::MessageParser::default()
        .parse(&eml)
        .expect("parses");
    assert_eq!(
        message.subject(),
        Some("Data Analyst interview: declining with thanks")
    );
    let to = message.to().and_then(|a| a.first()).expect("a To line");
    assert_eq!(to.address(), Some("dana.lee@acme.example"));
    assert!(message.date().is_some());
    let body = message.body_text(0).expect("a body").replace("\r\n", "\n");
    assert!(body.starts_with("Dear Dana Lee,\n\n"), "{body}");
    assert!(body.ends_with("Zoë Ørsted\n"), "{body}");
}

#[test]
fn a_phone_script_has_no_eml_form_and_says_which_email_to_write_instead() {
    advisor()
        .args(["letter", "--answers", &fixture("confirmed-tomorrow.yaml")])
        .args(["--format", "eml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: letter `decline_by_phone` is a phone script, which has no eml form; use \
             --format text or json, or --kind decline_call_confirmation --format eml for the \
             email to send after the call\n",
        );
}

#[test]
fn a_detail_given_with_set_is_printed_as_written() {
    advisor()
        .args([
            "letter",
            "--answers",
            &fixture("offer-taken-with-details.yaml"),
        ])
        .args(["--set", "interviewer_name={{ your_name }} {% raw %}"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Dear {{ your_name }} {% raw %},\n",
        ));
}

#[test]
fn advise_with_letter_prints_the_assessment_then_the_letter() {
    advisor()
        .args([
            "advise",
            "--answers",
            &fixture("offer-taken-with-details.yaml"),
        ])
        .args(["--letter", "--no-input"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Recommendation: DECLINE"))
        .stdout(predicate::str::contains(
            "\n\nSubject: Data Analyst interview: declining with thanks\n\nDear Dana Lee,\n",
        ))
        .stdout(predicate::str::ends_with("Best regards,\nZoë Ørsted\n"));
    advisor()
        .args(["advise", "--answers", &fixture("offer-taken.yaml")])
        .args(["--letter", "--no-input"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "error: missing details for the letter \u{201c}Decline because you took another \
             offer or are staying where you are\u{201d}: company, position, your_name;",
        ));
}

#[test]
fn template_problems_are_reported_with_the_letter_and_its_line() {
    let path = fixture("template-problems.yaml");
    advisor()
        .args(["rules", "validate", &path])
        .assert()
        .code(65)
        .stderr(predicate::str::contains(format!(
            "error: {path}:25: letter `unclosed_tag`: the body does not compile: unexpected \
             end of input, expected end of block\n"
        )))
        .stderr(predicate::str::contains(format!(
            "error: {path}:30: letter `misspelt_detail`: the subject uses `compnay`, which is \
             not a detail;"
        )))
        .stderr(predicate::str::contains(format!(
            "error: {path}:43: letter `unknown_answer`: the body uses `answers.intrest`, but \
             there is no question `intrest`; the questions are: reason\n"
        )))
        .stderr(predicate::str::contains(format!(
            "error: {path}:50:5: letter `phone_without_email`: `follow_with` names an unknown \
             letter `no_such_letter`;"
        )))
        .stderr(predicate::str::contains("error: 4 problems found"));
}

#[test]
fn the_chosen_reply_passes_the_politeness_checklist_when_the_answers_allow_it() {
    let rules = builtin();
    let today = jiff::civil::date(2025, 5, 12);
    let read: BTreeSet<usize> = (0..rules.letters.len())
        .flat_map(|i| questions_read(&rules, i))
        .collect();
    let read: Vec<usize> = read.into_iter().collect();
    for answers in combinations(&rules, &read) {
        for outcome in [Outcome::Decline, Outcome::Postpone] {
            let index = letter::choose(&rules, outcome, &answers).expect("chosen");
            let main = letter::render(&rules, index, &answers, &details()).expect("renders");
            let follow = rules.letters[index]
                .follow_with
                .map(|i| letter::render(&rules, i, &answers, &details()).expect("renders"));
            let parts: Vec<&Rendered> = std::iter::once(&main).chain(follow.as_ref()).collect();
            let checks = letter::checklist(&rules, index, outcome, &parts, &answers, today);
            // The five steps, then any reminders (things still to do, so never ticked).
            assert!(checks.len() >= 5);
            for check in checks.iter().filter(|c| c.step != letter::Step::Reminder) {
                assert!(
                    check.ok,
                    "`{}` for {outcome} with {}: {} flagged: {}",
                    main.kind,
                    letter::answers_text(&rules, &answers),
                    check.step.label(),
                    check.note
                );
            }
        }
    }
}

#[test]
fn the_checklist_flags_what_a_bare_letter_leaves_out() {
    let rules = RuleSet::load(Path::new(&fixture("choosing.yaml"))).expect("valid");
    let answers = answers(&rules, &[("reason", "busy"), ("share_reason", "true")]);
    let index = letter::find(&rules, "general").expect("found");
    let bare = letter::render(&rules, index, &answers, &details()).expect("renders");
    let today = jiff::civil::date(2025, 5, 12);
    let checks = letter::checklist(&rules, index, Outcome::Decline, &[&bare], &answers, today);
    // The rule set has no claims, so no reason and no offer to keep in touch is owed.
    let flags: Vec<(&str, &str)> = checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| (c.step.id(), c.note.as_str()))
        .collect();
    assert_eq!(
        flags,
        [
            (
                "gratitude",
                "add a line thanking them for the invitation and their time"
            ),
            (
                "clear_decision",
                "say plainly that you are declining the interview"
            ),
        ]
    );
    // A letter that follows an earlier message gets no checklist.
    let later = letter::find(&rules, "later").expect("found");
    assert!(
        letter::checklist(&rules, later, Outcome::Decline, &[&bare], &answers, today).is_empty()
    );
}

// ---------------------------------------------------------------------------------------
// Truth and wording: every sentence true to the answers, and easy to read.
// ---------------------------------------------------------------------------------------

/// Details as a person gives them, with a referrer and a reason for a change of mind.
fn full_details() -> Details {
    let mut details = details();
    details.insert("referrer_name".to_string(), "Kim Ode".to_string());
    details
}

/// A random, complete, settled answer set: any valid code for every question.
fn random_answers(rules: &'static RuleSet) -> impl proptest::strategy::Strategy<Value = Answers> {
    use proptest::prelude::*;
    let per_question: Vec<BoxedStrategy<i64>> = rules
        .questions
        .iter()
        .map(|q| {
            let steps = q.answer_steps();
            let (min, max) = match &q.kind {
                interview_advisor::rules::QuestionKind::Choice { options } => {
                    (0, options.len() as i64 - 1)
                }
                interview_advisor::rules::QuestionKind::YesNo { .. } => (0, 1),
                interview_advisor::rules::QuestionKind::Scale { min, max, .. }
                | interview_advisor::rules::QuestionKind::Number { min, max, .. } => (*min, *max),
            };
            prop_oneof![proptest::sample::select(steps), min..=max].boxed()
        })
        .collect();
    per_question.prop_map(move |codes| {
        let mut answers = Answers::empty(rules.questions.len());
        for (index, code) in codes.into_iter().enumerate() {
            answers.set(index, Some(code));
        }
        answers.drop_unasked(rules);
        answers.fill_defaults(rules);
        answers
    })
}

fn static_builtin() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(builtin)
}

/// The claims a text states (found by their phrases) that these answers do not support.
fn unsupported_claims(rules: &RuleSet, text: &str, answers: &Answers) -> Vec<String> {
    let lower = text.to_lowercase();
    rules
        .claims
        .iter()
        .filter(|c| c.stated_in(&lower) && !c.when.holds(answers.as_slice()))
        .map(|c| format!("{} ({})", c.id, c.says))
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    #[test]
    fn the_chosen_letter_states_only_what_the_answers_support(
        answers in random_answers(static_builtin())
    ) {
        let rules = static_builtin();
        let assessment = interview_advisor::engine::assess_without_what_if(rules, &answers);
        let index = letter::choose(rules, assessment.recommendation, &answers)
            .expect("every recommendation has a reply letter");
        let mut texts = vec![letter::render(rules, index, &answers, &full_details())
            .expect("the chosen letter renders")];
        if let Some(next) = rules.letters[index].follow_with {
            texts.push(letter::render(rules, next, &answers, &full_details())
                .expect("the follow-up email renders"));
        }
        for rendered in &texts {
            let text = rendered.to_text();
            let wrong = unsupported_claims(rules, &text, &answers);
            proptest::prop_assert!(
                wrong.is_empty(),
                "`{}` states {:?} for {}:\n{}",
                rendered.kind,
                wrong,
                letter::answers_text(rules, &answers),
                text
            );
        }
        // Feasibility first: someone who cannot attend is never told to go.
        let cannot_attend = rules
            .claims
            .iter()
            .find(|c| c.id == "cannot_attend")
            .expect("the built-in rules have the claim");
        if cannot_attend.when.holds(answers.as_slice()) {
            proptest::prop_assert_ne!(assessment.recommendation, Outcome::Proceed);
        }
    }
}

#[test]
fn the_built_in_letters_pass_the_claim_check() {
    let rules = builtin();
    let findings = letter::check_claims(&rules);
    assert!(
        findings.is_empty(),
        "{}",
        findings
            .iter()
            .map(|f| f.message())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_claim_check_names_the_letter_the_claim_and_a_counter_example() {
    let rules = RuleSet::load(Path::new(&fixture("unsupported-claim.yaml")))
        .unwrap_or_else(|e| panic!("the fixture loads: {e}"));
    let messages: Vec<String> = letter::check_claims(&rules)
        .iter()
        .map(|f| f.message())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with(
            "letter `reschedule` states the claim `keen` (\u{201c}I am keen on the role\u{201d}) \
             where the answers do not support it, for example interest: 1;"
        ),
        "{}",
        messages[0]
    );
    // The audit fails on it, naming the same.
    let output = advisor()
        .args(["rules", "audit", &fixture("unsupported-claim.yaml")])
        .output()
        .unwrap_or_else(|e| panic!("the binary runs: {e}"));
    assert_eq!(output.status.code(), Some(65));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("letter `reschedule` states the claim `keen`"),
        "{stderr}"
    );
}

/// The answers of every built-in case, with its details filled in where it left some out.
fn realistic_people(rules: &RuleSet) -> Vec<(String, Answers, Details)> {
    use interview_advisor::engine::cases::BUILTIN_CASES;
    use interview_advisor::engine::{AnswersFile, resolve};
    use interview_advisor::source::Source;
    BUILTIN_CASES
        .iter()
        .map(|&(file, text)| {
            let source = Source::from_text(file, text);
            let parsed = AnswersFile::parse(&source).unwrap_or_else(|e| panic!("{file}: {e}"));
            let resolved =
                resolve(rules, &parsed, &source, true).unwrap_or_else(|e| panic!("{file}: {e}"));
            let mut details = full_details();
            details.remove("interviewer_name");
            details.extend(
                parsed
                    .details(&source)
                    .unwrap_or_else(|e| panic!("{file}: {e}")),
            );
            (file.to_string(), resolved.answers, details)
        })
        .collect()
}

/// The day an interview is on, for the letters that name it: Thursday 10 December 2026.
fn interview_day() -> jiff::civil::Date {
    jiff::civil::date(2026, 12, 10)
}

/// Every letter that fits each realistic person, rendered without the interview's day and
/// with it: (who, rendered).
fn every_letter_for_realistic_people() -> Vec<(String, Rendered)> {
    let rules = builtin();
    let mut out = Vec::new();
    for (who, answers, details) in realistic_people(&rules) {
        for index in 0..rules.letters.len() {
            for day in [None, Some(interview_day())] {
                match letter::render_dated(&rules, index, &answers, &details, day) {
                    Ok(rendered) => out.push((who.clone(), rendered)),
                    Err(LetterError::DoesNotFit { .. }) => {}
                    Err(other) => panic!("{who}: {other}"),
                }
            }
        }
    }
    out
}

#[test]
fn the_interview_day_only_adds_the_day_where_a_letter_mentions_the_interview() {
    let rules = builtin();
    let mut named = 0;
    for (who, answers, details) in realistic_people(&rules) {
        for index in 0..rules.letters.len() {
            let (Ok(plain), Ok(dated)) = (
                letter::render(&rules, index, &answers, &details),
                letter::render_dated(&rules, index, &answers, &details, Some(interview_day())),
            ) else {
                continue;
            };
            let text = dated.to_text();
            named += usize::from(text.contains("Thursday"));
            // Without the words that name the day, the letter reads as it did.
            let without = text
                .replace(" on Thursday 10 December", "")
                .replace(" than Thursday 10 December", "")
                .replace("about Thursday's ", "about the ");
            assert_eq!(without, plain.to_text(), "{who} / {}", dated.kind);
        }
    }
    // Every reply and the emails after a call name the day for some realistic person.
    assert!(named > 20, "the day is named in {named} letters");
}

/// Syllables in a word, by vowel groups, less a silent final e: close enough for a
/// reading-ease score.
fn syllables(word: &str) -> usize {
    let word: String = word
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_lowercase();
    if word.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let chars: Vec<char> = word.chars().collect();
    let mut count = 0;
    let mut previous = false;
    for &c in &chars {
        let is = vowel(c);
        if is && !previous {
            count += 1;
        }
        previous = is;
    }
    let n = chars.len();
    if n > 2 && chars[n - 1] == 'e' && !vowel(chars[n - 2]) && chars[n - 2] != 'l' && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// Flesch reading ease: 206.835 - 1.015 (words per sentence) - 84.6 (syllables per word).
/// Sentences end at `.`, `?`, `!`, `:` or a line break (each line of a phone script and
/// the greeting and sign-off are sentences of their own).
fn flesch(text: &str) -> f64 {
    let mut sentences = 0usize;
    let mut words = 0usize;
    let mut syllable_count = 0usize;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        for sentence in line.split(['.', '?', '!', ':']).filter(|s| {
            s.split_whitespace()
                .any(|w| w.chars().any(char::is_alphabetic))
        }) {
            sentences += 1;
            for word in sentence
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
            {
                words += 1;
                syllable_count += syllables(word);
            }
        }
    }
    let sentences = sentences.max(1) as f64;
    let words = words.max(1) as f64;
    206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count as f64 / words)
}

#[test]
fn the_syllable_counter_and_the_reading_score_behave_like_the_formula() {
    assert_eq!(syllables("cat"), 1);
    assert_eq!(syllables("interview"), 3);
    assert_eq!(syllables("position"), 3);
    assert_eq!(syllables("time"), 1);
    assert_eq!(syllables("opportunity"), 5);
    // Short words in short sentences read easily; long ones do not.
    assert!(flesch("The cat sat on the mat. It was glad.") > 90.0);
    assert!(
        flesch(
            "Notwithstanding organisational considerations, institutional \
             responsibilities necessitate comprehensive reconsideration."
        ) < 0.0
    );
}

#[test]
fn every_letter_reads_easily_for_every_realistic_person() {
    let mut hard = Vec::new();
    for (who, rendered) in every_letter_for_realistic_people() {
        let score = flesch(&rendered.body);
        if score < 60.0 {
            hard.push(format!(
                "{who} / {}: {score:.1}\n{}",
                rendered.kind, rendered.body
            ));
        }
    }
    assert!(
        hard.is_empty(),
        "Flesch reading ease under 60:\n{}",
        hard.join("\n")
    );
}

/// The style problems a careful reader (or a prose linter) would flag in a letter.
fn prose_problems(rendered: &Rendered) -> Vec<String> {
    let text = rendered.to_text();
    let lower = text.to_lowercase();
    let mut problems = Vec::new();
    let words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    for pair in words.windows(2) {
        if pair[0] == pair[1] {
            problems.push(format!("doubled word `{}`", pair[0]));
        }
    }
    for phrase in [
        "very unique",
        "most unique",
        "very much welcome",
        "my decision",
        "these times",
        "none of them",
        "each of them",
    ] {
        if lower.contains(phrase) {
            problems.push(format!("`{phrase}`"));
        }
    }
    let apologies = lower.matches("sorry").count() + lower.matches("apologi").count();
    if apologies > 1 {
        problems.push(format!("{apologies} apologies"));
    }
    for sentence in lower.split(['.', '?', '!', '\n']) {
        if sentence.matches("decided").count() > 1 || sentence.matches("decide").count() > 1 {
            problems.push(format!("`decide` twice in one sentence: {sentence}"));
        }
    }
    problems
}

#[test]
fn no_letter_has_a_style_problem_for_any_realistic_person() {
    let mut found = Vec::new();
    for (who, rendered) in every_letter_for_realistic_people() {
        for problem in prose_problems(&rendered) {
            found.push(format!("{who} / {}: {problem}", rendered.kind));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_style_check_catches_each_problem_it_looks_for() {
    let letter = |body: &str| Rendered {
        kind: "x".into(),
        title: "x".into(),
        channel: Channel::Email,
        subject: "Data Analyst interview: my decision".into(),
        body: body.into(),
    };
    let problems = prose_problems(&letter(
        "I am sorry. I have decided, so I have decided to to go. I apologise. These times suit.\n",
    ));
    for expected in [
        "doubled word `to`",
        "`my decision`",
        "2 apologies",
        "decide` twice",
        "`these times`",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected} not in {problems:?}"
        );
    }
}

#[test]
fn a_titled_name_is_greeted_by_title_and_family_name_and_no_name_by_the_team() {
    assert_eq!(letter::greeting(Some("Dr Alan Grant")), "Dear Dr Grant");
    assert_eq!(letter::greeting(Some("Dr. Alan Grant")), "Dear Dr Grant");
    assert_eq!(letter::greeting(Some("Dr Grant")), "Dear Dr Grant");
    assert_eq!(letter::greeting(Some("Dana Lee")), "Dear Dana Lee");
    assert_eq!(letter::greeting(None), "Dear Hiring Team");
    assert_eq!(letter::greeting(Some("  ")), "Dear Hiring Team");
    assert_eq!(letter::addressee(None), "the hiring team");
    let rules = builtin();
    let answers = answers(&rules, BASELINE);
    let mut details = details();
    details.remove("interviewer_name");
    let index =
        letter::choose(&rules, Outcome::Decline, &answers).unwrap_or_else(|e| panic!("{e}"));
    let rendered =
        letter::render(&rules, index, &answers, &details).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        rendered.body.starts_with("Dear Hiring Team,\n\n"),
        "{}",
        rendered.body
    );
}

#[test]
fn a_follow_up_for_someone_who_wants_no_contact_is_refused_saying_why() {
    let output = advisor()
        .args([
            "letter",
            "--answers",
            "rules/cases/values-clash-no-contact.yaml",
            "--kind",
            "follow_up_after_declining",
        ])
        .output()
        .unwrap_or_else(|e| panic!("the binary runs: {e}"));
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(output.stdout, b"");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "the letter \u{201c}Follow up after declining, to keep the relationship \
             warm\u{201d} (follow_up_after_declining) does not fit your answers: it is written \
             only when \u{201c}keep the door open\u{201d} is yes"
        ),
        "{stderr}"
    );
}

#[test]
fn a_referred_person_is_reminded_to_tell_their_referrer() {
    let output = advisor()
        .args([
            "letter",
            "--answers",
            "rules/cases/referred-clash-keen.yaml",
            "--format",
            "json",
        ])
        .output()
        .unwrap_or_else(|e| panic!("the binary runs: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("\"step\": \"reminder\""), "{stdout}");
    assert!(
        stdout.contains("Someone referred you: tell them"),
        "{stdout}"
    );
}
