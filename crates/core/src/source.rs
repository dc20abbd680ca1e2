//! Reading the user's files: size limit, UTF-8, byte-order mark, and YAML parsing with
//! positions. The one place that knows about serde_yaml and the YAML event parser.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, Error, Result};

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

/// Up to this many `[` and `{`, serde_yaml's parser is fast whatever their nesting.
const MAX_BRACKETS_FOR_SERDE: usize = 1_000;

/// A text the user gave us, with the name to use in messages.
#[derive(Debug, Clone)]
pub struct Source {
    /// `PATH`, `<stdin>` or `<built-in rules>`.
    pub name: String,
    /// The text, without a byte-order mark.
    pub text: String,
    /// Where each node is, worked out once when first needed.
    positions: OnceLock<Positions>,
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
            positions: OnceLock::new(),
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
        self.check_characters()?;
        if self.text.trim().is_empty() {
            return Err(Error::invalid(
                Diagnostic::new("the file is empty").in_file(&self.name),
            ));
        }
        // serde_yaml's parser slows down quadratically with nesting and expands aliases in
        // full: the shape is checked first, in one cheap pass, so that no file can hang it.
        let repeated_keys = self.check_shape()?;
        self.parse_checked(repeated_keys)
    }

    /// Parses a text that passed [`Source::check_shape`], which found `repeated_keys`.
    fn parse_checked<T: DeserializeOwned>(&self, repeated_keys: bool) -> Result<T> {
        let parsed = serde_yaml::from_str(&self.text);
        // serde refuses a repeated struct field or `Mapping` entry (placing it at the map, not
        // the repeat), but a map read into a map type (such as `points: { proceed: 1,
        // proceed: 5 }`) would silently keep the last value: so every repeated key is
        // reported here, where it is repeated.
        let check_duplicates = repeated_keys
            || parsed
                .as_ref()
                .is_err_and(|error| error.to_string().contains("duplicate"));
        if check_duplicates {
            let duplicates = self.duplicate_keys();
            if !duplicates.is_empty() {
                return Err(Error::Invalid(duplicates));
            }
        }
        parsed.map_err(|error| Error::invalid(self.yaml_error(&error)))
    }

    /// Like [`Source::parse`], but a text that is one JSON object is first read with
    /// serde_json, which takes a small fraction of the YAML path's time. If that fails for
    /// any reason, the YAML path reads the text and reports the problem, with its place and
    /// in its words. The same limits hold either way (JSON is YAML's flow style): the text
    /// is checked first, in one pass, before either parser reads it.
    ///
    /// Only for a `T` whose every map refuses a repeated key (a struct's fields and
    /// serde_yaml's `Mapping` do; a `BTreeMap` keeps the last value without a word): the
    /// YAML path finds repeated keys with a pass of its own, which this skips.
    pub fn parse_json_first<T: DeserializeOwned>(&self) -> Result<T> {
        if !self.text.trim_start().starts_with('{') {
            return self.parse();
        }
        self.check_characters()?;
        let repeated_keys = self.check_shape()?;
        match serde_json::from_str(&self.text) {
            Ok(value) => Ok(value),
            Err(_) => self.parse_checked(repeated_keys),
        }
    }

    /// Refuses a character that neither YAML nor JSON allows in a file (a NUL byte, the
    /// other control characters but tab and line breaks, U+FFFE and U+FFFF), placed where
    /// it is: such a file is binary, or was damaged.
    fn check_characters(&self) -> Result<()> {
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
        Err(Error::invalid(
            Diagnostic::new(format!(
                "the file holds the control character U+{:04X}, which a YAML or JSON file \
                 may not hold; is it the right file?",
                u32::from(found)
            ))
            .in_file(&self.name)
            .at(line, column),
        ))
    }

    /// Every key repeated in the same map, placed at its repeat, in file order.
    fn duplicate_keys(&self) -> Vec<Diagnostic> {
        self.positions()
            .duplicates
            .iter()
            .map(|(path, (line, column))| {
                let (key, parent) = match path.split_last() {
                    Some((Seg::Key(key), parent)) => (key.as_str(), parent),
                    _ => ("", &path[..]),
                };
                let message = format!("duplicate key `{key}`; a key may appear only once in a map");
                let message = if parent.is_empty() {
                    message
                } else {
                    format!("{}: {message}", display_path(parent))
                };
                Diagnostic::new(message)
                    .in_file(&self.name)
                    .at(*line, *column)
            })
            .collect()
    }

    /// Checks, in one pass over the YAML events and before serde_yaml reads the text, that
    /// the file is one document, nests at most [`MAX_DEPTH`] levels, holds some data, and
    /// that its aliases expand to at most [`MAX_ALIAS_VALUES`] values in all. The problem
    /// is placed where it is found. Also says whether some map may repeat a key (a key that
    /// is not plain text counts as a possible repeat), for [`Source::duplicate_keys`] to place.
    fn check_shape(&self) -> Result<bool> {
        use yaml_rust2::Event;
        use yaml_rust2::parser::Parser;

        let at = |message: &str, mark: &yaml_rust2::scanner::Marker| {
            Error::invalid(
                Diagnostic::new(message)
                    .in_file(&self.name)
                    .at(mark.line(), mark.col() + 1),
            )
        };
        let too_many_values = |mark: &yaml_rust2::scanner::Marker| {
            at(
                &format!("the file holds more than {MAX_VALUES} values; is it the right file?"),
                mark,
            )
        };
        /// A map or list being read.
        struct Open {
            /// Its anchor, 0 for none.
            anchor: usize,
            /// The values in it so far, counting what aliases expand to.
            size: usize,
            /// The bytes of its text so far (one a node, and a scalar's text), counting
            /// what aliases expand to.
            bytes: usize,
            /// For a map: where its keys start in `keys`, and how many nodes it holds so far
            /// (keys and values alternate).
            map: Option<(usize, usize)>,
        }
        let mut parser = Parser::new_from_str(&self.text);
        // Values and bytes in each anchored node, counting what its own aliases expand to.
        let mut sizes: HashMap<usize, (usize, usize)> = HashMap::new();
        let mut open: Vec<Open> = Vec::new();
        // The keys of the maps being read, innermost last.
        let mut keys: Vec<String> = Vec::new();
        let mut repeated_keys = false;
        let mut added_by_aliases = 0usize;
        let mut bytes_added_by_aliases = 0usize;
        let mut documents = 0usize;
        let mut nodes = 0usize;
        loop {
            let (event, mark) = match parser.next_token() {
                Ok(next) => next,
                Err(error) => return self.scan_error(&error).map(|()| repeated_keys),
            };
            // Is this node a key of the map being read?
            let is_key = match open.last_mut() {
                Some(Open {
                    map: Some((_, children)),
                    ..
                }) if matches!(
                    event,
                    Event::MappingStart(..)
                        | Event::SequenceStart(..)
                        | Event::Scalar(..)
                        | Event::Alias(..)
                ) =>
                {
                    *children += 1;
                    *children % 2 == 1
                }
                _ => false,
            };
            let values = match event {
                Event::StreamEnd => break,
                Event::DocumentStart => {
                    documents += 1;
                    if documents > 1 {
                        return Err(at(
                            "a second YAML document starts here (after a `---` line); \
                             a file holds one document: remove the `---` line or split the file",
                            &mark,
                        ));
                    }
                    continue;
                }
                Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                    if open.len() >= MAX_DEPTH {
                        return Err(at(
                            &format!("the file nests too deeply (more than {MAX_DEPTH} levels)"),
                            &mark,
                        ));
                    }
                    nodes += 1;
                    if nodes > MAX_VALUES {
                        return Err(too_many_values(&mark));
                    }
                    repeated_keys |= is_key;
                    let map = matches!(event, Event::MappingStart(..)).then_some((keys.len(), 0));
                    open.push(Open {
                        anchor,
                        size: 1,
                        bytes: 1,
                        map,
                    });
                    continue;
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    let Some(Open {
                        anchor,
                        size,
                        bytes,
                        map,
                    }) = open.pop()
                    else {
                        continue;
                    };
                    if let Some((from, _)) = map {
                        let own = &mut keys[from..];
                        own.sort_unstable();
                        repeated_keys |= own.windows(2).any(|pair| pair[0] == pair[1]);
                        keys.truncate(from);
                    }
                    if anchor != 0 {
                        sizes.insert(anchor, (size, bytes));
                    }
                    (size, bytes)
                }
                Event::Scalar(text, _, anchor, _) => {
                    nodes += 1;
                    if nodes > MAX_VALUES {
                        return Err(too_many_values(&mark));
                    }
                    // An escape in quotes (`"\e[2J"`) can write what the file itself may
                    // not hold; such text could act on a terminal it is shown on.
                    if let Some(control) = text
                        .chars()
                        .find(|&c| c.is_control() && c != '\n' && c != '\t')
                    {
                        return Err(at(
                            &format!(
                                "this text holds the control character U+{:04X} (written as an \
                                 escape); text may hold tabs and line breaks, but no other \
                                 control characters",
                                u32::from(control)
                            ),
                            &mark,
                        ));
                    }
                    let bytes = 1 + text.len();
                    if is_key {
                        keys.push(text);
                    }
                    if anchor != 0 {
                        sizes.insert(anchor, (1, bytes));
                    }
                    (1, bytes)
                }
                Event::Alias(anchor) => {
                    repeated_keys |= is_key;
                    nodes += 1;
                    let Some(&(size, bytes)) = sizes.get(&anchor) else {
                        if open.iter().any(|node| node.anchor == anchor) {
                            return Err(at(
                                "an alias (`*name`) here refers to a value that contains it",
                                &mark,
                            ));
                        }
                        // An unknown anchor: serde_yaml reports it.
                        continue;
                    };
                    added_by_aliases = added_by_aliases.saturating_add(size);
                    if added_by_aliases > MAX_ALIAS_VALUES {
                        return Err(at(
                            "the file expands too many aliases (`*name`); write the values out",
                            &mark,
                        ));
                    }
                    bytes_added_by_aliases = bytes_added_by_aliases.saturating_add(bytes);
                    if self.text.len().saturating_add(bytes_added_by_aliases) > MAX_EXPANDED_BYTES {
                        return Err(at(
                            &format!(
                                "the file's aliases (`*name`) make it larger than {} MiB \
                                 written out; write the values out, or shorten them",
                                MAX_EXPANDED_BYTES / (1024 * 1024)
                            ),
                            &mark,
                        ));
                    }
                    (size, bytes)
                }
                Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
            };
            let (values, bytes) = values;
            if let Some(parent) = open.last_mut() {
                parent.size = parent.size.saturating_add(values);
                parent.bytes = parent.bytes.saturating_add(bytes);
            }
        }
        if nodes == 0 {
            return Err(Error::invalid(
                Diagnostic::new("the file holds only comments; it has no data").in_file(&self.name),
            ));
        }
        Ok(repeated_keys)
    }

    /// A syntax error met while checking the shape. serde_yaml reports syntax errors in its
    /// own words, and usually at the same place; but its parser slows down quadratically
    /// with the nesting of `[` and `{`, so when the text has many of them it is not given
    /// the chance to: the error is reported here.
    fn scan_error(&self, error: &yaml_rust2::ScanError) -> Result<()> {
        let brackets = self
            .text
            .bytes()
            .filter(|b| matches!(b, b'[' | b'{'))
            .count();
        if brackets <= MAX_BRACKETS_FOR_SERDE {
            return Ok(());
        }
        let mark = error.marker();
        Err(Error::invalid(
            Diagnostic::new(plain_yaml_message(error.info()))
                .in_file(&self.name)
                .at(mark.line(), mark.col() + 1),
        ))
    }

    /// Turns a serde_yaml error into a placed diagnostic.
    fn yaml_error(&self, error: &serde_yaml::Error) -> Diagnostic {
        let mut message = error.to_string();
        // serde_yaml appends " at line L column C"; we put the place in front instead. A syntax
        // error may go on with where the construct it was reading began (", while scanning a
        // quoted scalar at line 3 column 12"): that is kept, as it often shows the real mistake.
        if let Some(cut) = message.find(" at line ") {
            let rest = &message[cut + " at line ".len()..];
            let context = rest
                .find(", ")
                .map(|i| rest[i..].replace(" at line ", " that started at line "))
                .unwrap_or_default();
            message.truncate(cut);
            message.push_str(&context);
        }
        let message = plain_yaml_message(&message);
        let diagnostic = Diagnostic::new(message).in_file(&self.name);
        match error.location() {
            Some(location) => diagnostic.at(location.line(), location.column()),
            None => diagnostic,
        }
    }

    /// Positions of the nodes of this YAML text, for placing problems found after parsing.
    pub fn positions(&self) -> &Positions {
        self.positions.get_or_init(|| Positions::index(&self.text))
    }
}

/// A YAML parser's message in the words of a YAML file's author.
fn plain_yaml_message(message: &str) -> String {
    let message = message
        .replace(
            "mapping values are not allowed in this context",
            "a `: ` inside a value starts a new key here; put the value in quotes",
        )
        .replace(
            "more than one document",
            "more than one YAML document (a `---` line)",
        )
        .replace(
            "recursion limit exceeded",
            "the file nests too deeply (more than 128 levels)",
        )
        .replace(
            "repetition limit exceeded",
            "the file expands too many aliases (`*name`); write the values out",
        );
    plain_type_names(&message)
}

/// serde's names for the expected types (`f64`, `struct RawQuestion`, `a sequence`) in the
/// words of a YAML file's author.
fn plain_type_names(message: &str) -> String {
    let message = out_of_range_numbers(message);
    let mut out = message
        .replace("expected f64", "expected a number")
        .replace("expected a sequence", "expected a list")
        .replace("expected a YAML mapping", "expected a map")
        .replace("expected any YAML value", "expected a value")
        .replace("invalid type: sequence", "invalid type: list");
    for whole in ["i64", "u64", "u32", "usize"] {
        out = out.replace(&format!("expected {whole}"), "expected a whole number");
    }
    // "expected struct RawConsideration" names a Rust type; the author wrote a map.
    if let Some(start) = out.find("expected struct ") {
        let end = out[start..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ' '))
            .map_or(out.len(), |i| start + i);
        out.replace_range(start..end, "expected a map of fields");
    }
    out
}

/// serde's words for a number that does not fit (`invalid type: integer `1e30` as u128`,
/// `invalid value: integer `-1`, expected u32`, or `1e400` read as a string) as a plain
/// "out of range", keeping what comes before (the path of the value).
fn out_of_range_numbers(message: &str) -> String {
    let split = |marker: &str| {
        let start = message.find(marker)?;
        let rest = &message[start + marker.len()..];
        let end = rest.find(['`', '"'])?;
        Some((&message[..start], &rest[..end], &rest[end + 1..]))
    };
    if let Some((before, number, rest)) = split("invalid type: integer `")
        && (rest.starts_with(" as u128") || rest.starts_with(" as i128"))
    {
        return format!("{before}the number {number} is too large");
    }
    let wrong = split("invalid value: integer `").or_else(|| split("invalid type: integer `"));
    if let Some((before, number, rest)) = wrong {
        let range = [
            ("u32", u64::from(u32::MAX)),
            ("u64", u64::MAX),
            ("usize", u64::MAX),
        ]
        .into_iter()
        .find(|(name, _)| rest == format!(", expected {name}"));
        if let Some((_, max)) = range {
            return format!(
                "{before}the number {number} is out of range; expected a whole number from 0 to {max}"
            );
        }
    }
    if let Some((before, text, rest)) = split("invalid type: string \"")
        && text.parse::<f64>().is_ok_and(f64::is_infinite)
        && rest.starts_with(", expected f64")
    {
        return format!("{before}the number {text} is too large");
    }
    message.to_string()
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

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A map key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// A path into a YAML document, such as `questions[2].options[0].points`.
pub type NodePath = Vec<Seg>;

/// Builds a path from `"questions"`, `2usize`, ... pieces.
#[macro_export]
#[doc(hidden)]
macro_rules! node_path {
    ($($seg:expr),* $(,)?) => {
        vec![$($crate::source::Seg::from($seg)),*]
    };
}

impl From<&str> for Seg {
    fn from(key: &str) -> Self {
        Seg::Key(key.to_string())
    }
}

impl From<&String> for Seg {
    fn from(key: &String) -> Self {
        Seg::Key(key.clone())
    }
}

impl From<usize> for Seg {
    fn from(index: usize) -> Self {
        Seg::Index(index)
    }
}

/// A path as serde writes it in messages: `questions[0].yes`.
fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Seg::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// Line and column of every node of a YAML document, keyed by path, and the text of
/// every plain (unquoted) scalar value as written.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    map: HashMap<NodePath, (usize, usize)>,
    /// Plain scalar values as written (`0x1F`, `3.10`, `True`), before YAML reads them as
    /// numbers, booleans or null.
    plain: HashMap<NodePath, String>,
    /// Keys that appear a second time in the same map: their path and place, in file order.
    duplicates: Vec<(NodePath, (usize, usize))>,
}

impl Positions {
    fn index(text: &str) -> Positions {
        use yaml_rust2::Event;
        use yaml_rust2::parser::{MarkedEventReceiver, Parser};
        use yaml_rust2::scanner::Marker;

        enum Frame {
            Map {
                next_is_key: bool,
                key: Option<String>,
                first: bool,
            },
            Seq {
                next: usize,
            },
        }

        struct Sink {
            stack: Vec<Frame>,
            path: NodePath,
            map: HashMap<NodePath, (usize, usize)>,
            plain: HashMap<NodePath, String>,
            duplicates: Vec<(NodePath, (usize, usize))>,
        }

        impl Sink {
            /// Called when a value node (scalar, map or list) starts; returns false for a map key.
            fn enter_node(&mut self, event: &Event, mark: Marker) -> bool {
                match self.stack.last_mut() {
                    Some(Frame::Map {
                        next_is_key,
                        key,
                        first,
                    }) => {
                        if *next_is_key {
                            *next_is_key = false;
                            if *first {
                                // A map starts where its first key does.
                                *first = false;
                                self.map
                                    .insert(self.path.clone(), (mark.line(), mark.col() + 1));
                            }
                            if let Event::Scalar(text, ..) = event {
                                *key = Some(text.clone());
                            } else {
                                *key = Some(String::new());
                            }
                            let mut path = self.path.clone();
                            path.push(Seg::Key(key.clone().unwrap_or_default()));
                            let place = (mark.line(), mark.col() + 1);
                            if matches!(event, Event::Scalar(..)) && self.map.contains_key(&path) {
                                self.duplicates.push((path, place));
                            } else {
                                self.map.entry(path).or_insert(place);
                            }
                            return false;
                        }
                        *next_is_key = true;
                        self.path.push(Seg::Key(key.take().unwrap_or_default()));
                    }
                    Some(Frame::Seq { next }) => {
                        self.path.push(Seg::Index(*next));
                        *next += 1;
                        self.map
                            .entry(self.path.clone())
                            .or_insert((mark.line(), mark.col() + 1));
                    }
                    None => {}
                }
                true
            }

            fn leave_node(&mut self) {
                if !self.stack.is_empty() {
                    self.path.pop();
                }
            }
        }

        impl MarkedEventReceiver for Sink {
            fn on_event(&mut self, event: Event, mark: Marker) {
                match &event {
                    Event::Scalar(text, style, ..) if self.enter_node(&event, mark) => {
                        if *style == yaml_rust2::scanner::TScalarStyle::Plain {
                            self.plain.insert(self.path.clone(), text.clone());
                        }
                        self.leave_node();
                    }
                    Event::Alias(..) if self.enter_node(&event, mark) => {
                        self.leave_node();
                    }
                    Event::MappingStart(..) => {
                        self.enter_node(&event, mark);
                        self.stack.push(Frame::Map {
                            next_is_key: true,
                            key: None,
                            first: true,
                        });
                    }
                    Event::SequenceStart(..) => {
                        self.enter_node(&event, mark);
                        self.stack.push(Frame::Seq { next: 0 });
                    }
                    Event::MappingEnd | Event::SequenceEnd => {
                        self.stack.pop();
                        self.leave_node();
                    }
                    _ => {}
                }
            }
        }

        let mut sink = Sink {
            stack: Vec::new(),
            path: Vec::new(),
            map: HashMap::new(),
            plain: HashMap::new(),
            duplicates: Vec::new(),
        };
        let mut parser = Parser::new_from_str(text);
        // A syntax error here was already reported by serde_yaml; positions found so far still help.
        let _ = parser.load(&mut sink, false);
        Positions {
            map: sink.map,
            plain: sink.plain,
            duplicates: sink.duplicates,
        }
    }

    /// The value at `path` as written, when it is a plain (unquoted) scalar: `0x1F` stays
    /// `0x1F`, where YAML reads the number 31.
    pub fn plain_text(&self, path: &[Seg]) -> Option<&str> {
        self.plain.get(path).map(String::as_str)
    }

    /// The line and column of the node at `path`, or of its nearest ancestor that is known.
    pub fn find(&self, path: &[Seg]) -> Option<(usize, usize)> {
        (0..=path.len())
            .rev()
            .find_map(|len| self.map.get(&path[..len]).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn a_key_repeated_in_one_map_is_a_duplicate() {
        let text = "a:\n  - p: { x: 1, x: 2 }\n    q: 1\nb:\n  q: 1\n";
        let source = Source::from_text("t", text);
        let positions = source.positions();
        assert_eq!(
            positions.duplicates,
            vec![(node_path!["a", 0usize, "p", "x"], (2, 16))]
        );
        let text = "p:\n  x: 1\n  x: 2\n";
        let error = Source::from_text("t", text)
            .parse::<std::collections::BTreeMap<String, std::collections::BTreeMap<String, i64>>>()
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("t:3:3: p: duplicate key `x`; a key may appear only once in a map")
        );
    }

    #[test]
    fn the_shape_check_flags_a_key_repeated_in_one_map_only() {
        let repeated = |text: &str| Source::from_text("t", text).check_shape().ok();
        // The same key in different maps, at different depths, or as a value: no repeat.
        let clean =
            "a:\n  x: 1\n  y: { x: 2, z: x }\n  z: 3\nb:\n  x: 1\n  l: [ { x: 1 }, { x: 2 } ]\n";
        assert_eq!(repeated(clean), Some(false));
        // A key repeated after a nested map closes, in a flow map, and at the top level.
        assert_eq!(repeated("a:\n  x: 1\n  y: { x: 2 }\n  x: 3\n"), Some(true));
        assert_eq!(repeated("a: { p: 1, q: 2, p: 3 }\n"), Some(true));
        assert_eq!(repeated("a: 1\nb: 2\na: 3\n"), Some(true));
        // A key that is not plain text is counted as a possible repeat.
        assert_eq!(repeated("? [1, 2]\n: 1\n"), Some(true));
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let source = Source::from_text("t", "\u{feff}a: 1");
        assert_eq!(source.text, "a: 1");
    }
}
