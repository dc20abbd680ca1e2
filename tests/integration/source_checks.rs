//! Checks on the source itself, run with the other tests (and so in CI). "The source" is
//! `src/` (the command-line crate) and `crates/core/src/` (the core library).
//! - no panic that user data can reach: outside tests, the source has no `unwrap()`, `expect(`,
//!   `panic!`, `unreachable!`, `todo!` or `unimplemented!` unless the line, or the line
//!   above it, says why it `cannot fail` (clippy's `unwrap_used` and `expect_used`, denied
//!   in CI, say the same for the first two); and its tests use `expect` with a reason
//!   rather than `unwrap()`;
//! - privacy: the advisor never connects out. No network client is a dependency of the
//!   binary or of the core; only `serve` (in `src/serve/`) listens, and nothing in the
//!   source opens a connection to anywhere;
//! - the tests never read the settings of the person running them: every process a test
//!   starts is built by `tests/integration/common`, which empties its environment;
//! - the modules form one-way layers along the pipeline (rules, engine, letter, report,
//!   the command line): none uses a module above it, so there is no import circle; and the
//!   core crate holds only the core modules and never names the outer ones.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The core library crate's folder, relative to the root.
const CORE: &str = "crates/core";

/// The source folders: the command-line crate's and the core crate's.
fn source_dirs() -> [PathBuf; 2] {
    [
        Path::new(ROOT).join("src"),
        Path::new(ROOT).join(CORE).join("src"),
    ]
}

/// Every `.rs` file under `src/` and `crates/core/src/`.
fn sources() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = source_dirs().iter().flat_map(|d| rust_files(d)).collect();
    files.sort();
    files
}

/// Every `.rs` file under `root`, at any depth, sorted.
fn rust_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).expect("list a folder").flatten() {
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

/// The names of the crates the binary depends on (not the dev-dependencies): the keys of
/// every `[dependencies]` table of the root's and the core's Cargo.toml, including
/// per-target ones (`serde.workspace = true` counts as `serde`).
fn binary_dependencies() -> Vec<String> {
    let mut names = Vec::new();
    for manifest in [
        Path::new(ROOT).join("Cargo.toml"),
        Path::new(ROOT).join(CORE).join("Cargo.toml"),
    ] {
        let manifest = std::fs::read_to_string(&manifest).expect("Cargo.toml");
        names.extend(dependencies_in(&manifest));
    }
    names
}

/// The keys of every `[dependencies]` table of one manifest.
fn dependencies_in(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]"
                || (line.starts_with("[target.") && line.ends_with(".dependencies]"));
        } else if in_dependencies
            && !line.starts_with('#')
            && let Some((name, _)) = line.split_once('=')
        {
            let name = name.trim();
            names.push(name.strip_suffix(".workspace").unwrap_or(name).to_string());
        }
    }
    names
}

#[test]
fn no_network_client_is_a_dependency_of_the_binary() {
    const CLIENTS: [&str; 12] = [
        "reqwest",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "attohttpc",
        "hyper-util",
        "native-tls",
        "openssl",
        "rustls",
        "fantoccini",
        "socket2",
    ];
    let names = binary_dependencies();
    assert!(
        names.contains(&"serde".to_string()),
        "the parser found {names:?}"
    );
    let clients: Vec<&String> = names
        .iter()
        .filter(|n| CLIENTS.contains(&n.as_str()))
        .collect();
    assert!(
        clients.is_empty(),
        "network clients among the dependencies: {clients:?}"
    );
}

#[test]
fn the_core_depends_on_no_command_line_terminal_or_http_crate() {
    const OUTER: [&str; 13] = [
        "clap",
        "clap_complete",
        "clap_mangen",
        "inquire",
        "crossterm",
        "comfy-table",
        "anyhow",
        "tempfile",
        "dirs",
        "axum",
        "tokio",
        "tower",
        "tower-http",
    ];
    let manifest = std::fs::read_to_string(Path::new(ROOT).join(CORE).join("Cargo.toml"))
        .expect("the core's Cargo.toml");
    let names = dependencies_in(&manifest);
    assert!(
        names.contains(&"serde".to_string()),
        "the parser found {names:?}"
    );
    let outer: Vec<&String> = names
        .iter()
        .filter(|n| OUTER.contains(&n.as_str()))
        .collect();
    assert!(
        outer.is_empty(),
        "the core depends on crates of the outer layers: {outer:?}"
    );
}

/// The first of `names` that `line` uses, if any.
fn uses<'a>(line: &str, names: &[&'a str]) -> Option<&'a str> {
    names.iter().find(|name| line.contains(**name)).copied()
}

#[test]
fn only_the_service_uses_sockets_and_nothing_connects_out() {
    // Only src/serve/ may listen; nothing anywhere may connect.
    const SOCKETS: [&str; 10] = [
        "std::net::Tcp",
        "std::net::Udp",
        "TcpStream",
        "TcpListener",
        "UdpSocket",
        "UnixStream",
        "tokio::net",
        "axum",
        "hyper",
        "tower",
    ];
    const CONNECTS: [&str; 5] = [
        "connect(",
        "TcpStream::",
        "UdpSocket",
        "ToSocketAddrs",
        "UnixStream",
    ];
    let service = Path::new(ROOT).join("src").join("serve");
    let mut found = Vec::new();
    let mut listens = false;
    for path in sources() {
        let in_service = path.starts_with(&service);
        for (number, line) in code_lines(&path) {
            let refused = if in_service {
                listens |= line.contains("TcpListener::bind");
                uses(&line, &CONNECTS)
            } else {
                uses(&line, &SOCKETS).or_else(|| uses(&line, &CONNECTS))
            };
            if let Some(what) = refused {
                found.push(format!(
                    "{}:{number}: {what}",
                    path.strip_prefix(ROOT).unwrap_or(&path).display()
                ));
            }
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
    assert!(
        listens,
        "the check looked at src/serve/ and found no listener"
    );
}

#[test]
fn every_test_process_is_built_in_a_clean_environment() {
    const OWN_BUILDERS: [&str; 3] = ["Command::new(", "cargo_bin(", "CARGO_BIN_EXE"];
    let mut found = Vec::new();
    // The shared builder is the one place that starts processes itself.
    let common = Path::new(ROOT).join("tests/integration/common");
    for path in rust_files(&Path::new(ROOT).join("tests")) {
        // This file names what it looks for.
        if path.starts_with(&common) || path.ends_with(file!()) {
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

/// Cargo builds only the one integration-test binary (`autotests = false`), so a test file
/// left at the top of `tests/`, or one in `tests/integration/` that `main.rs` does not
/// declare, would be compiled by nobody and its tests would never run.
#[test]
fn every_test_file_is_a_module_of_the_test_binary() {
    let tests = Path::new(ROOT).join("tests");
    let integration = tests.join("integration");
    let main = std::fs::read_to_string(integration.join("main.rs")).expect("read main.rs");
    let declared: Vec<&str> = main
        .lines()
        .filter_map(|line| line.strip_prefix("mod ")?.strip_suffix(';'))
        .collect();
    let mut stray = Vec::new();
    for path in rust_files(&tests) {
        let module = path
            .strip_prefix(&integration)
            .ok()
            .and_then(|inside| inside.components().next())
            .map(|first| first.as_os_str().to_string_lossy().into_owned());
        let known = match module
            .as_deref()
            .map(|m| m.strip_suffix(".rs").unwrap_or(m))
        {
            Some("main") => true,
            Some(name) => declared.contains(&name),
            None => false,
        };
        if !known {
            stray.push(format!(
                "{}: not a module of tests/integration/main.rs, so it never runs",
                path.strip_prefix(ROOT).unwrap_or(&path).display()
            ));
        }
    }
    assert!(
        declared.len() > 1,
        "the check found no modules in tests/integration/main.rs"
    );
    assert!(stray.is_empty(), "\n{}", stray.join("\n"));
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
    ("serve", 7),
    ("app", 8),
];

/// The top-level module a file of the source belongs to (`None` for a crate root and
/// `main`).
fn layer_of(path: &Path) -> Option<&'static str> {
    let relative = source_dirs()
        .into_iter()
        .find_map(|dir| path.strip_prefix(dir).ok().map(Path::to_path_buf))?;
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
                // Items at the crate root (the `node_path!` macro) are not modules; the
                // core's modules are re-exported by the command-line crate.
                let is_module = source_dirs().iter().any(|src| {
                    src.join(format!("{used}.rs")).is_file() || src.join(&used).is_dir()
                });
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

/// The modules of the core crate; everything else (the reports, the questionnaire, the
/// service, the command line) lives in the command-line crate above it.
const CORE_MODULES: [&str; 6] = ["text", "error", "source", "rules", "engine", "letter"];

#[test]
fn the_core_crate_holds_only_the_core_and_never_names_the_outer_modules() {
    let core = Path::new(ROOT).join(CORE).join("src");
    let outer: Vec<&str> = LAYERS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !CORE_MODULES.contains(name))
        .collect();
    assert!(outer.contains(&"app"), "the outer modules: {outer:?}");
    let mut found = Vec::new();
    let mut checked = 0;
    for path in sources().iter().filter(|p| p.starts_with(&core)) {
        let shown = path
            .strip_prefix(ROOT)
            .unwrap_or(path)
            .display()
            .to_string();
        let top = path
            .strip_prefix(&core)
            .ok()
            .and_then(|p| p.components().next())
            .and_then(|c| c.as_os_str().to_str())
            .map(|name| name.strip_suffix(".rs").unwrap_or(name).to_string())
            .unwrap_or_default();
        if top != "lib" && !CORE_MODULES.contains(&top.as_str()) {
            found.push(format!(
                "{shown}: `{top}` is not a core module; it belongs in the command-line crate"
            ));
        }
        for (number, line) in code_lines(path) {
            if line.trim_start().starts_with("//") {
                continue;
            }
            checked += 1;
            let named = modules_named(&line)
                .into_iter()
                .find(|used| outer.contains(&used.as_str()));
            if let Some(used) = named {
                found.push(format!("{shown}:{number}: the core names `crate::{used}`"));
            }
            if line.contains("interview_advisor::") {
                found.push(format!(
                    "{shown}:{number}: the core names the command-line crate"
                ));
            }
        }
    }
    assert!(
        checked > 1000,
        "the check read only {checked} lines of the core"
    );
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}
