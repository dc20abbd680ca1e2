//! Checks on the source itself, run with the other tests (and so in CI):
//! - no panic that user data can reach: outside tests, `src/` has no `unwrap()`, `expect(`,
//!   `panic!`, `unreachable!`, `todo!` or `unimplemented!` unless the line, or the line
//!   above it, says why it `cannot fail` (clippy's `unwrap_used` and `expect_used`, denied
//!   in CI, say the same for the first two); and its tests use `expect` with a reason
//!   rather than `unwrap()`;
//! - privacy: the advisor never opens a network connection. No networking crate is in
//!   `Cargo.lock`, and `src/` uses no socket;
//! - the tests never read the settings of the person running them: every process a test
//!   starts is built by `tests/common`, which empties its environment;
//! - the modules form one-way layers along the pipeline (rules, engine, letter, report,
//!   the command line): none uses a module above it, so there is no import circle.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every `.rs` file under `src/`.
fn sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut todo = vec![Path::new(ROOT).join("src")];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).expect("list src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The lines of a file before its `#[cfg(test)]` module, numbered from 1.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    all_lines(path)
        .into_iter()
        .take_while(|(_, line)| line.trim() != "#[cfg(test)]")
        .collect()
}

/// Every line of a file, numbered from 1.
fn all_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).expect("read source");
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.to_string()))
        .collect()
}

#[test]
fn no_unjustified_panic_in_the_source() {
    const PANICKY: [&str; 6] = [
        "unwrap()",
        "expect(",
        "panic!(",
        "unreachable!(",
        "todo!(",
        "unimplemented!(",
    ];
    let mut found = Vec::new();
    for path in sources() {
        // `unwrap()` is not used in tests either (they say what they `expect`), so that
        // `grep -rn 'unwrap()' src/` finds only justified lines.
        let lines = all_lines(&path);
        let tests_start = code_lines(&path).len();
        for (index, (number, line)) in lines.iter().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let checked: &[&str] = if index < tests_start {
                &PANICKY
            } else {
                &PANICKY[..1]
            };
            let Some(what) = checked.iter().find(|p| code.contains(*p)) else {
                continue;
            };
            let above = index
                .checked_sub(1)
                .and_then(|i| lines.get(i))
                .map_or("", |(_, l)| l.as_str());
            if !(line.contains("cannot fail") || above.contains("cannot fail")) {
                found.push(format!(
                    "{}:{number}: `{what}` without a `cannot fail` comment: {}",
                    path.strip_prefix(ROOT).unwrap_or(&path).display(),
                    line.trim()
                ));
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn no_networking_crate_is_linked() {
    // (`mio` is in the lock too: the terminal library reads keys with it, not sockets; the
    // next test checks that nothing in src/ opens one.)
    const NETWORK: [&str; 13] = [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "attohttpc",
        "native-tls",
        "openssl",
        "rustls",
        "h2",
        "tokio",
        "socket2",
    ];
    let lock = std::fs::read_to_string(Path::new(ROOT).join("Cargo.lock")).expect("Cargo.lock");
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|line| line.strip_prefix("name = \""))
        .filter_map(|rest| rest.strip_suffix('"'))
        .collect();
    let linked: Vec<&&str> = NETWORK.iter().filter(|n| names.contains(n)).collect();
    assert!(
        linked.is_empty(),
        "networking crates in Cargo.lock: {linked:?}"
    );
}

#[test]
fn the_source_opens_no_socket() {
    const SOCKETS: [&str; 6] = [
        "std::net",
        "TcpStream",
        "TcpListener",
        "UdpSocket",
        "ToSocketAddrs",
        "UnixStream",
    ];
    let mut found = Vec::new();
    for path in sources() {
        for (number, line) in code_lines(&path) {
            if let Some(what) = SOCKETS.iter().find(|s| line.contains(*s)) {
                found.push(format!(
                    "{}:{number}: {what}",
                    path.strip_prefix(ROOT).unwrap_or(&path).display()
                ));
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn every_test_process_is_built_in_a_clean_environment() {
    const OWN_BUILDERS: [&str; 3] = ["Command::new(", "cargo_bin(", "CARGO_BIN_EXE"];
    let mut found = Vec::new();
    let tests = Path::new(ROOT).join("tests");
    for entry in std::fs::read_dir(&tests).expect("list tests").flatten() {
        let path = entry.path();
        // This file names what it looks for.
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with(file!()) {
            continue;
        }
        for (number, line) in all_lines(&path) {
            if let Some(what) = OWN_BUILDERS.iter().find(|b| line.contains(*b)) {
                found.push(format!(
                    "{}:{number}: `{what}`: use `common::advisor()` or `common::process()`",
                    path.strip_prefix(ROOT).unwrap_or(&path).display()
                ));
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

/// The crate's top-level modules in pipeline order: each may use only modules of a lower
/// rank (the shared text, error and file modules at the bottom, the command line on top).
const LAYERS: &[(&str, u8)] = &[
    ("text", 0),
    ("cli", 0),
    ("error", 1),
    ("source", 2),
    ("output", 2),
    ("rules", 3),
    ("engine", 4),
    ("letter", 5),
    ("report", 6),
    ("interview", 6),
    ("app", 7),
];

/// The top-level module a file of `src/` belongs to (`None` for the crate root and `main`).
fn layer_of(path: &Path) -> Option<&'static str> {
    let relative = path.strip_prefix(Path::new(ROOT).join("src")).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    LAYERS.iter().map(|(n, _)| *n).find(|n| *n == name)
}

/// The top-level modules a line names as `crate::module`, also inside `crate::{a, b::c}`.
fn modules_named(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in line.match_indices("crate::") {
        let rest = &line[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or("");
            names.extend(
                group
                    .split(',')
                    .map(|part| part.trim().split("::").next().unwrap_or("").to_string()),
            );
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    names
}

#[test]
fn each_module_uses_only_modules_below_it_in_the_pipeline() {
    let rank = |name: &str| LAYERS.iter().find(|(n, _)| *n == name).map(|(_, r)| *r);
    let mut found = Vec::new();
    for path in sources() {
        let Some(module) = layer_of(&path) else {
            continue;
        };
        for (number, line) in code_lines(&path) {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for used in modules_named(&line) {
                // Items at the crate root (the `node_path!` macro) are not modules.
                let src = Path::new(ROOT).join("src");
                let is_module =
                    src.join(format!("{used}.rs")).is_file() || src.join(&used).is_dir();
                if used == module || !is_module {
                    continue;
                }
                match (rank(module), rank(&used)) {
                    (Some(own), Some(other)) if other < own => {}
                    (_, None) => found.push(format!(
                        "{}:{number}: `crate::{used}` is not in the list of layers; add it to \
                         LAYERS in {}",
                        path.strip_prefix(ROOT).unwrap_or(&path).display(),
                        file!()
                    )),
                    _ => found.push(format!(
                        "{}:{number}: `{module}` uses `crate::{used}`, which is not below it \
                         in the pipeline; move the shared part down to the lower module",
                        path.strip_prefix(ROOT).unwrap_or(&path).display()
                    )),
                }
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}
