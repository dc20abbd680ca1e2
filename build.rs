//! Embeds the rule-set test cases of `rules/cases/` into the binary, so `rules test`
//! works from any folder.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
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
