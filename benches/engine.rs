//! `cargo bench`: the figures behind the README's Performance section. Loading and
//! validating the built-in rules (from the build script's JSON, and from the YAML),
//! assessing one answer set (scores only, without and with the what-if list), the
//! stability of a verdict against the weights, rendering one letter, and auditing the
//! built-in rules and generated 24- and 40-question ones (examples/gen_rules.rs), and one
//! line of `batch` output both ways (hand-written and serde_json). The batch throughput and
//! whole-process figures come from `bench/batch.sh`.

// A failed `expect` here means the built-in rules or the sample answers are broken.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use interview_advisor::app::batch::JsonLineWriter;
use interview_advisor::engine::audit::audit;
use interview_advisor::engine::{Answers, Engine};
use interview_advisor::letter::{self, Details};
use interview_advisor::report::AssessmentJson;
use interview_advisor::rules::{BUILTIN_NAME, BUILTIN_RULES, RuleSet};
use interview_advisor::source::Source;

/// The generator of large rule sets, shared with `cargo run --example gen_rules`.
#[path = "../examples/gen_rules.rs"]
mod gen_rules;

/// A typical answer set: keen, but cannot make the proposed time.
const SAMPLE: &[(&str, &str)] = &[
    ("reason", "schedule_conflict"),
    ("interest", "4"),
    ("already_confirmed", "true"),
    ("referred", "false"),
    ("future_contact", "medium"),
    ("days_until_interview", "5"),
    ("company_growth", "4"),
    ("revisit_later", "true"),
    ("goal_alignment", "3"),
    ("other_options", "some"),
];

/// An answer set no hard rule decides, so every weight has its break-even points worked
/// out: unsure, keen enough, a fair fit, nothing else on the table.
const UNDECIDED: &[(&str, &str)] = &[
    ("reason", "unsure"),
    ("interest", "4"),
    ("already_confirmed", "false"),
    ("referred", "false"),
    ("future_contact", "low"),
    ("days_until_interview", "9"),
    ("company_growth", "3"),
    ("revisit_later", "true"),
    ("goal_alignment", "4"),
    ("other_options", "none"),
];

fn sample(rules: &RuleSet) -> Answers {
    answers_of(rules, SAMPLE)
}

fn answers_of(rules: &RuleSet, given: &[(&str, &str)]) -> Answers {
    let mut answers = Answers::empty(rules.questions.len());
    for (id, text) in given {
        let index = rules.question_index(id).expect("a built-in question");
        let code = rules.questions[index]
            .parse_answer(text)
            .expect("a valid answer");
        answers.set(index, Some(code));
    }
    answers.drop_unasked(rules);
    answers.fill_defaults(rules);
    answers
}

fn benches(c: &mut Criterion) {
    let rules = RuleSet::builtin().expect("the built-in rules are valid");
    let answers = sample(&rules);
    let engine = Engine::new(&rules);

    c.bench_function("load and validate the built-in rules", |b| {
        b.iter(|| RuleSet::builtin().expect("valid"))
    });
    // The same rule set read from its YAML with every check: what `builtin` would cost
    // without the JSON the build script writes (the README's Performance section).
    c.bench_function("load and validate the built-in rules from YAML", |b| {
        b.iter(|| {
            RuleSet::parse(&Source::from_text(BUILTIN_NAME, black_box(BUILTIN_RULES)))
                .expect("valid")
        })
    });
    // A large rule set (examples/gen_rules.rs, 300 questions, about 90 KB): how reading a
    // file grows with its size.
    let big = gen_rules::rule_set_yaml(300);
    c.bench_function("load and validate a generated 300-question rule set", |b| {
        b.iter(|| {
            RuleSet::parse(&Source::from_text("generated", black_box(big.as_str()))).expect("valid")
        })
    });
    c.bench_function("compile the engine", |b| {
        b.iter(|| Engine::new(black_box(&rules)))
    });
    c.bench_function("score one answer set (tally)", |b| {
        b.iter(|| engine.tally(black_box(answers.as_slice())))
    });
    c.bench_function("assess one answer set without what-if", |b| {
        b.iter(|| engine.assess_without_what_if(black_box(answers.as_slice())))
    });
    c.bench_function("assess one answer set with what-if", |b| {
        b.iter(|| engine.assess(black_box(answers.as_slice())))
    });

    // Stability: what it adds to an assessment. `assess` (with what-if) computes the
    // whole `Engine::stability`; every assessment's reasons name the nearest bound
    // (`Engine::steadiness`). Measured on answers no hard rule decides, the slow case.
    let undecided = answers_of(&rules, UNDECIDED);
    let tally = engine.tally(undecided.as_slice());
    assert!(
        tally.decided_by.is_none(),
        "no hard rule decides the sample"
    );
    c.bench_function("stability of every weight (Engine::stability)", |b| {
        b.iter(|| engine.stability(black_box(undecided.as_slice())))
    });
    c.bench_function("nearest bound for the reasons (Engine::steadiness)", |b| {
        b.iter(|| {
            engine.steadiness(
                black_box(undecided.as_slice()),
                None,
                tally.totals,
                tally.by_points,
            )
        })
    });
    c.bench_function("assess the undecided answer set without what-if", |b| {
        b.iter(|| engine.assess_without_what_if(black_box(undecided.as_slice())))
    });

    let mut details = Details::new();
    for (key, value) in [
        ("interviewer_name", "Dana Lee"),
        ("company", "Acme Analytics"),
        ("position", "Data Analyst"),
        ("your_name", "Sam Park"),
        ("availability", "Tuesday or Thursday afternoon next week"),
    ] {
        details.insert(key.to_string(), value.to_string());
    }
    let recommendation = engine.tally(answers.as_slice()).recommendation;
    let chosen = letter::choose(&rules, recommendation, &answers).expect("a letter fits");
    c.bench_function("render one letter", |b| {
        b.iter(|| letter::render(&rules, chosen, black_box(&answers), &details).expect("renders"))
    });
}

fn audit_bench(c: &mut Criterion) {
    let rules = RuleSet::builtin().expect("the built-in rules are valid");
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.bench_function("audit the built-in rules", |b| {
        b.iter(|| audit(black_box(&rules)).expect("audited"))
    });
    // Generated rule sets (examples/gen_rules.rs): 24 questions (3.8e11 combinations) and
    // 40 questions (4.9e19).
    for questions in [24, 40] {
        let text = gen_rules::rule_set_yaml(questions);
        let rules = RuleSet::parse(&Source::from_text("generated", text)).expect("valid");
        group.bench_function(
            format!("audit a generated {questions}-question rule set"),
            |b| b.iter(|| audit(black_box(&rules)).expect("audited")),
        );
    }
    group.finish();
}

/// One line of `batch` output, the common case (no weights of its own, no what-if): the
/// hand-written line writer against serde_json writing the same `AssessmentJson`, side by
/// side on the same assessments. The writer stays only while it is needed for the batch
/// throughput target (see src/app/batch/writer.rs).
fn batch_line_bench(c: &mut Criterion) {
    let rules = RuleSet::builtin().expect("the built-in rules are valid");
    let engine = Engine::new(&rules);
    let writer = JsonLineWriter::new(&rules);
    let mut group = c.benchmark_group("batch line");
    for (name, given) in [("sample", SAMPLE), ("undecided", UNDECIDED)] {
        let answers = answers_of(&rules, given);
        let assessment = engine.assess_without_what_if(answers.as_slice());
        let mut out = Vec::with_capacity(4096);
        group.bench_function(format!("hand-written writer, {name}"), |b| {
            b.iter(|| {
                out.clear();
                writer.write(black_box(&assessment), &mut out);
                out.len()
            })
        });
        group.bench_function(format!("serde_json, {name}"), |b| {
            b.iter(|| {
                out.clear();
                let json = AssessmentJson::new(&rules, black_box(&assessment), false);
                serde_json::to_writer(&mut out, &json).expect("writes to memory");
                out.len()
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = engine;
    // Short runs: the figures are stable to a few percent well within a second each.
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = benches, audit_bench, batch_line_bench
}
criterion_main!(engine);
