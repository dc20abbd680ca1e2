//! Reading the user's files: size limit, UTF-8, byte-order mark, and YAML (or JSON, which
//! is YAML's flow style) with the place of every node. The one place that reads YAML.
//!
//! Each text is read once, by one pass over the events of the `yaml-rust2` parser
//! (`tree`), into a tree of our own whose every node knows its line and column. The
//! pass enforces the limits on a file's shape ([`MAX_DEPTH`], [`MAX_VALUES`], what
//! aliases may add), each problem placed where it is found, and finds every key repeated
//! in a map. A serde deserializer over the tree (`de`) then fills the advisor's types,
//! so that a wrong type is placed at the node itself and said in our own words; problems
//! found later, by the rule-set validator or the answer checks, are placed from the same
//! tree ([`Positions`]). The open-ended parts of a file (conditions, defaults, answers)
//! are read into [`Value`], the advisor's own value type.
//!
//! Why not a YAML serde crate alone: serde_yaml gives no place for a node once it is
//! read, so a validator's problem needed a second parse; its parser slows down
//! quadratically with nesting and writes aliases out in full, so a shape check had to
//! run first; and its messages name Rust types. serde-saphyr, which has budgets and
//! spans, reads scalars by YAML 1.1 rules unless told otherwise and would still need a
//! positioned tree of ours for the validator's paths; one event pass that builds that
//! tree does both jobs. serde_yaml stays for writing YAML (saved answers and weights)
//! and in the build script.

mod de;
mod path;
mod scalar;
mod tree;
mod value;

use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, Error, Result};

pub use path::{NodePath, Positions, Seg};
pub use value::{Mapping, Number, Value};

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Maps and lists nest at most this deep in a file.
pub const MAX_DEPTH: usize = 128;

/// A file holds at most this many values (scalars, maps and lists), far more than any rule
/// set or answers file needs: past it, the work of reading it would grow out of bounds.
pub const MAX_VALUES: usize = 20_000;

/// Aliases (`*name`) may add at most this many values to a file, in all.
pub const MAX_ALIAS_VALUES: usize = 100_000;

/// A file with its aliases (`*name`) written out may be at most this large, in bytes: a
/// few times [`MAX_FILE_BYTES`], so that a short file cannot stand for a huge one.
pub const MAX_EXPANDED_BYTES: usize = 4 * 1024 * 1024;

/// A text the user gave us, with the name to use in messages.
#[derive(Debug, Clone)]
pub struct Source {
    /// `PATH`, `<stdin>` or `<built-in rules>`.
    pub name: String,
    /// The text, without a byte-order mark.
    pub text: String,
    /// The text read into a tree, once, when first needed.
    parsed: OnceLock<Parsed>,
}

/// A text read into a tree: the tree, and the problems that stop it from being used.
#[derive(Debug, Clone)]
struct Parsed {
    positions: Positions,
    problems: Vec<Diagnostic>,
}

impl Source {
    /// A text held in memory.
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text: String = text.into();
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        Source {
            name: name.into(),
            text,
            parsed: OnceLock::new(),
        }
    }
    /// Reads a file (or standard input for `-`), refusing files over [`MAX_FILE_BYTES`].
    pub fn read(path: &Path) -> Result<Self> {
        if path.as_os_str() == "-" {
            let stdin = std::io::stdin();
            let bytes = read_limited(stdin.lock(), "<stdin>", path)?;
            return Self::from_bytes("<stdin>".to_string(), bytes);
        }
        let name = path.display().to_string();
        let io_error = |source| Error::Io {
            action: "cannot read",
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io_error)?;
        if meta.is_dir() {
            return Err(io_error(std::io::Error::from(
                std::io::ErrorKind::IsADirectory,
            )));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_large(&name));
        }
        let file = std::fs::File::open(path).map_err(io_error)?;
        let bytes = read_limited(file, &name, path)?;
        Self::from_bytes(name, bytes)
    }

    fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Self> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Self::from_text(name, text)),
            Err(error) => {
                let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
                let before = String::from_utf8_lossy(valid);
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                Err(Error::invalid(
                    Diagnostic::new(
                        "the file is not valid UTF-8 text; save it as UTF-8 and try again",
                    )
                    .in_file(&name)
                    .at(line, column),
                ))
            }
        }
    }

    /// Parses the text as one YAML (or JSON) document into `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        let parsed = self.parsed()?;
        let Some(root) = parsed.positions.root() else {
            return Err(Error::invalid(
                Diagnostic::new("the file is empty").in_file(&self.name),
            ));
        };
        de::from_tree(root).map_err(|error| {
            Error::invalid(match error.mark {
                Some(mark) => self.placed(error.message, mark.line, mark.column),
                None => Diagnostic::new(error.message).in_file(&self.name),
            })
        })
    }

    /// The text read into a tree (once), or the problems that stop it from being read:
    /// a character no YAML file may hold, a syntax error, a limit passed, repeated keys.
    fn parsed(&self) -> Result<&Parsed> {
        let parsed = self.parsed.get_or_init(|| self.read_tree());
        if parsed.problems.is_empty() {
            Ok(parsed)
        } else {
            Err(Error::Invalid(parsed.problems.clone()))
        }
    }

    fn read_tree(&self) -> Parsed {
        let failed = |problem: Diagnostic| Parsed {
            positions: Positions::new(None),
            problems: vec![problem],
        };
        if let Err(problem) = self.check_characters() {
            return failed(problem);
        }
        if self.text.trim().is_empty() {
            return failed(Diagnostic::new("the file is empty").in_file(&self.name));
        }
        let as_diagnostic = |problem: tree::Problem| match problem.mark {
            Some(mark) => self.placed(problem.message, mark.line, mark.column),
            None => Diagnostic::new(problem.message).in_file(&self.name),
        };
        match tree::build(&self.text) {
            Ok((root, duplicates)) => Parsed {
                positions: Positions::new(root),
                problems: duplicates.into_iter().map(as_diagnostic).collect(),
            },
            Err(problem) => failed(as_diagnostic(problem)),
        }
    }

    /// A problem at `line` and `column` of this text, with that line quoted.
    pub fn placed(&self, message: impl Into<String>, line: usize, column: usize) -> Diagnostic {
        Diagnostic::new(message)
            .in_file(&self.name)
            .at(line, column)
            .quoting(&self.text)
    }

    /// Refuses a character that neither YAML nor JSON allows in a file (a NUL byte, the
    /// other control characters but tab and line breaks, U+FFFE and U+FFFF), placed where
    /// it is: such a file is binary, or was damaged.
    fn check_characters(&self) -> std::result::Result<(), Diagnostic> {
        let allowed = |c: char| {
            matches!(c, '\t' | '\n' | '\r' | '\u{85}')
                || !(c.is_control() || c == '\u{fffe}' || c == '\u{ffff}')
        };
        let Some(index) = self.text.find(|c: char| !allowed(c)) else {
            return Ok(());
        };
        let before = &self.text[..index];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let found = self.text[index..].chars().next().unwrap_or_default();
        Err(self.placed(
            format!(
                "the file holds the control character U+{:04X}, which a YAML or JSON file \
                 may not hold; is it the right file?",
                u32::from(found)
            ),
            line,
            column,
        ))
    }

    /// Positions of the nodes of this YAML text, for placing problems found after parsing
    /// (none when the text cannot be read).
    pub fn positions(&self) -> &Positions {
        &self.parsed.get_or_init(|| self.read_tree()).positions
    }
}

fn too_large(name: &str) -> Error {
    Error::invalid(
        Diagnostic::new(format!(
            "the file is larger than the {} MiB limit; is it the right file?",
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .in_file(name),
    )
}

fn read_limited(reader: impl Read, name: &str, path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            action: "cannot read",
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node_path;
    use std::collections::BTreeMap;

    #[test]
    fn positions_find_keys_and_list_items() {
        let text = "questions:\n  - id: a\n    options:\n      - value: x\n      - value: y\n";
        let source = Source::from_text("t", text);
        let positions = source.positions();
        assert_eq!(positions.find(&node_path!["questions"][..]), Some((1, 1)));
        assert_eq!(
            positions.find(&node_path!["questions", 0usize, "id"][..]),
            Some((2, 5))
        );
        assert_eq!(
            positions.find(&node_path!["questions", 0usize, "options", 1usize][..]),
            Some((5, 9))
        );
        // An unknown child falls back to its parent.
        assert_eq!(
            positions.find(&node_path!["questions", 0usize, "options", 1usize, "nope"][..]),
            Some((5, 9))
        );
        // A map under a key is placed at its first key; a flow map too.
        let source = Source::from_text("t", "a:\n  b: 1\nc: { d: 2 }\n");
        assert_eq!(source.positions().find(&node_path!["a"][..]), Some((2, 3)));
        assert_eq!(source.positions().find(&node_path!["c"][..]), Some((3, 6)));
        assert_eq!(
            source.positions().plain_text(&node_path!["c", "d"][..]),
            Some("2")
        );
    }

    fn problems(text: &str) -> Vec<String> {
        match Source::from_text("t", text).parse::<BTreeMap<String, Value>>() {
            Ok(_) => Vec::new(),
            Err(Error::Invalid(problems)) => problems.iter().map(ToString::to_string).collect(),
            Err(other) => vec![other.to_string()],
        }
    }

    #[test]
    fn every_key_repeated_in_one_map_is_placed_at_its_repeat() {
        assert_eq!(
            problems("a:\n  - p: { x: 1, x: 2 }\n    q: 1\nb:\n  q: 1\n  q: 2\n"),
            [
                "t:2:16: a[0].p: duplicate key `x`; a key may appear only once in a map",
                "t:6:3: b: duplicate key `q`; a key may appear only once in a map",
            ]
        );
        let text = "p:\n  x: 1\n  x: 2\n";
        let error = Source::from_text("t", text)
            .parse::<BTreeMap<String, BTreeMap<String, i64>>>()
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("t:3:3: p: duplicate key `x`; a key may appear only once in a map")
        );
    }

    #[test]
    fn the_same_key_in_different_maps_is_no_repeat() {
        let clean =
            "a:\n  x: 1\n  y: { x: 2, z: x }\n  z: 3\nb:\n  x: 1\n  l: [ { x: 1 }, { x: 2 } ]\n";
        assert_eq!(problems(clean), Vec::<String>::new());
        assert_eq!(problems("a: 1\nb: 2\na: 3\n").len(), 1);
    }

    #[test]
    fn a_type_error_is_placed_at_the_node_in_plain_words() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            n: u32,
            x: f64,
        }
        let error = |text: &str| {
            Source::from_text("t", text)
                .parse::<BTreeMap<String, Vec<Item>>>()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            error("l:\n  - { n: 1, x: 2 }\n  - { n: 1, x: [1] }\n"),
            "t:3:16: l[1].x: invalid type: list, expected a number"
        );
        assert_eq!(
            error("l:\n  - n: -1\n    x: 1\n"),
            "t:2:8: l[0].n: the number -1 is out of range; expected a whole number from 0 to 4294967295"
        );
        assert_eq!(error("l:\n  - n: 1\n"), "t:2:5: l[0]: missing field `x`");
        assert_eq!(
            error("l: [ { n: 1, x: 1e400 } ]"),
            "t:1:17: l[0].x: the number 1e400 is too large"
        );
    }

    #[test]
    fn plain_scalars_are_read_as_yaml_reads_them_and_quoted_ones_as_text() {
        let text = "a: [true, ~, '', 12, 0x1F, 2.5, .inf, yes, '12', 0123, \"true\"]\n";
        let value: BTreeMap<String, Value> =
            Source::from_text("t", text).parse().unwrap_or_default();
        let expected = Value::Sequence(vec![
            Value::Bool(true),
            Value::Null,
            Value::from(""),
            Value::from(12),
            Value::from(31),
            Value::from(2.5),
            Value::from(f64::INFINITY),
            Value::from("yes"),
            Value::from("12"),
            Value::from("0123"),
            Value::from("true"),
        ]);
        assert_eq!(value.get("a"), Some(&expected));
    }

    #[test]
    fn an_alias_is_read_as_a_copy_of_its_anchor_placed_at_the_alias() {
        let text = "a: &x { p: 1 }\nb: *x\n";
        let source = Source::from_text("t", text);
        let value: BTreeMap<String, Value> = source.parse().unwrap_or_default();
        assert_eq!(value.get("a"), value.get("b"));
        assert_eq!(source.positions().find(&node_path!["b"][..]), Some((2, 1)));
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let source = Source::from_text("t", "\u{feff}a: 1");
        assert_eq!(source.text, "a: 1");
    }
}
