//! Embeds the rule-set test cases of `rules/cases/` into the binary, so `rules test`
//! works from any folder; and writes the built-in rule set as JSON, which starts up faster
//! than its YAML (see the README's Performance section), and stops the build if
//! `rules/default.yaml` cannot be read as YAML.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The repository root, which holds `rules/`: two folders above this crate's own.
fn repo_root() -> PathBuf {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    Path::new(&manifest).join("..").join("..")
}

fn main() {
    builtin_rules_json();
    let root = repo_root();
    let dir = root.join("rules").join("cases");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".yaml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("&[\n");
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push(']');
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(error) = std::fs::write(Path::new(&out).join("builtin_cases.rs"), code) {
        println!("cargo:warning=cannot write the list of built-in cases: {error}");
        std::process::exit(1);
    }
}

/// Writes `rules/default.yaml` as JSON to `builtin_rules.json`, which the binary reads at
/// start-up. A file that does not parse as YAML, or holds what JSON cannot (a tag, a map
/// key that is a list), stops the build with its place, `file:line:col: message`: the
/// binary never starts without its rule set. The rule set's own checks (ids, conditions,
/// templates) run in the tests, which compare this JSON with the fully checked YAML.
fn builtin_rules_json() {
    // Messages name the file as the repository does; cargo reads the full path.
    let shown = Path::new("rules/default.yaml");
    let full = repo_root().join(shown);
    println!("cargo:rerun-if-changed={}", full.display());
    let path = shown;
    let text = std::fs::read_to_string(&full)
        .unwrap_or_else(|error| fail(&format!("{}: cannot read: {error}", path.display())));
    let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|error| {
        let place = error
            .location()
            .map(|at| format!("{}:{}:{}", path.display(), at.line(), at.column()))
            .unwrap_or_else(|| path.display().to_string());
        fail(&format!("{place}: {error}"))
    });
    let json = to_json(value).unwrap_or_else(|| {
        fail(&format!(
            "{}: holds a YAML tag or a map key that is not text, a number or a boolean; \
             the built-in rules must be plain data",
            path.display()
        ))
    });
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(error) = std::fs::write(Path::new(&out).join("builtin_rules.json"), json.to_string())
    {
        fail(&format!("cannot write the built-in rules as JSON: {error}"));
    }
}

/// Stops the build with one message, shown by cargo under the build script's output.
fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

/// The YAML value as JSON; map keys that are numbers or booleans become their text (as
/// serde_json reads them back into number-keyed maps). `None` for what JSON cannot hold.
fn to_json(value: serde_yaml::Value) -> Option<serde_json::Value> {
    use serde_yaml::Value;
    Some(match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(b),
        Value::Number(n) => serde_json::to_value(&n).ok()?,
        Value::String(s) => serde_json::Value::String(s),
        Value::Sequence(items) => {
            serde_json::Value::Array(items.into_iter().map(to_json).collect::<Option<Vec<_>>>()?)
        }
        Value::Mapping(map) => {
            let mut object = serde_json::Map::new();
            for (key, value) in map {
                let key = match key {
                    Value::String(s) => s,
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return None,
                };
                object.insert(key, to_json(value)?);
            }
            serde_json::Value::Object(object)
        }
        Value::Tagged(_) => return None,
    })
}
