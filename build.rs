//! Embeds the rule-set test cases of `rules/cases/` into the binary, so `rules test`
//! works from any folder; and writes the built-in rule set as JSON, which starts up faster
//! than its YAML.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    builtin_rules_json();
    let dir = Path::new("rules/cases");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".yaml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let mut code = String::from("&[\n");
    for name in &names {
        let path = Path::new(&root).join(dir).join(name);
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

/// Writes `rules/default.yaml` as JSON to `builtin_rules.json`. The binary reads it with
/// serde_json (and falls back to the YAML, with its checks and placed messages, if it is
/// empty or fails to load): a YAML file that does not parse gives an empty file here.
fn builtin_rules_json() {
    let path = Path::new("rules/default.yaml");
    println!("cargo:rerun-if-changed={}", path.display());
    let json = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_yaml::from_str::<serde_yaml::Value>(&text).ok())
        .and_then(to_json)
        .map(|value| value.to_string())
        .unwrap_or_default();
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(error) = std::fs::write(Path::new(&out).join("builtin_rules.json"), json) {
        println!("cargo:warning=cannot write the built-in rules as JSON: {error}");
        std::process::exit(1);
    }
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
