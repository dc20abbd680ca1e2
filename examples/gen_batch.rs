//! Writes N lines of batch input (JSON Lines of answers files) for the built-in rule set,
//! with varied, valid answers: `cargo run --release --example gen_batch -- 1000000 > in.jsonl`.
//! Deterministic: the same N gives the same file.

use std::io::{BufWriter, Write};

use interview_advisor::rules::{QuestionKind, RuleSet};

/// A small, fast pseudo-random sequence (xorshift64*): enough to vary answers.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) % n.max(1)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let lines: u64 = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => 1_000_000,
    };
    let rules = RuleSet::builtin()?;
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut answers = vec![None; rules.questions.len()];
    let mut line = String::with_capacity(512);
    for n in 0..lines {
        line.clear();
        line.push_str("{\"answers\":{");
        answers.fill(None);
        let mut first = true;
        for (index, question) in rules.questions.iter().enumerate() {
            if !rules.is_asked(index, &answers) {
                continue;
            }
            let (code, text) = match &question.kind {
                QuestionKind::Choice { options } => {
                    let i = random.below(options.len() as u64) as usize;
                    (i as i64, format!("\"{}\"", options[i].value))
                }
                QuestionKind::YesNo { .. } => {
                    let yes = random.below(2) == 1;
                    (i64::from(yes), yes.to_string())
                }
                QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. } => {
                    let span = (max - min + 1) as u64;
                    // Number questions: mostly soon, sometimes far off.
                    let span = if matches!(question.kind, QuestionKind::Number { .. }) {
                        span.min(if random.below(4) == 0 { span } else { 15 })
                    } else {
                        span
                    };
                    let value = min + random.below(span) as i64;
                    (value, value.to_string())
                }
            };
            answers[index] = Some(code);
            if !first {
                line.push(',');
            }
            first = false;
            line.push('"');
            line.push_str(&question.id);
            line.push_str("\":");
            line.push_str(&text);
        }
        line.push_str("},\"details\":{\"company\":\"Company ");
        line.push_str(&(n % 9973).to_string());
        line.push_str("\",\"position\":\"Data Analyst\",\"your_name\":\"Sam Park\"}}\n");
        out.write_all(line.as_bytes())?;
    }
    out.flush()?;
    Ok(())
}
