//! One pass over the YAML parser's events builds the positioned tree every later step
//! reads: deserialisation ([`super::de`]), and the places of problems found after it
//! ([`super::Positions`]). The same pass enforces the limits on a file's shape, each
//! problem placed where it is found, and collects every key repeated in a map.

use std::collections::HashMap;

use yaml_rust2::Event;
use yaml_rust2::parser::Parser;
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::path::{Seg, display_path};
use super::{MAX_ALIAS_VALUES, MAX_DEPTH, MAX_EXPANDED_BYTES, MAX_VALUES};

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Mark {
    pub line: usize,
    pub column: usize,
}

impl From<Marker> for Mark {
    fn from(marker: Marker) -> Self {
        Mark {
            line: marker.line(),
            column: marker.col() + 1,
        }
    }
}

/// One node of a YAML document, where it starts, and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub mark: Mark,
    pub kind: Kind,
    /// Whether this is a copy of an anchored node, made for an alias (`*name`) and placed
    /// at the alias. Its text is not written where it stands.
    pub alias: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A scalar's text after YAML's escapes and folding. `plain` when it was written
    /// without quotes or a block indicator (`|`, `>`), so that it may stand for a number,
    /// a boolean or null (see [`super::scalar`]).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    /// Keys and values in file order; a repeated key is kept (and reported).
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// A scalar node's text.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// For a map, the place of its first key, where a problem with the map is shown (a
    /// block map starts there; a flow map's first word is there). `None` for any other
    /// node, an empty map, and a copy made for an alias, whose keys are the anchor's:
    /// such a node is shown where it stands.
    pub fn first_key(&self) -> Option<Mark> {
        match &self.kind {
            Kind::Map(entries) if !self.alias => entries.first().map(|(key, _)| key.mark),
            _ => None,
        }
    }
}

/// A problem that stops the reading of a file, with its place when known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub message: String,
    pub mark: Option<Mark>,
}

impl Problem {
    fn at(mark: Marker, message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            mark: Some(mark.into()),
        }
    }
}

/// A map or list being read.
struct Open {
    mark: Marker,
    anchor: usize,
    /// The values in it so far, counting what aliases expand to.
    size: usize,
    /// The bytes of its text so far (one a node, and a scalar's text), counting what
    /// aliases expand to.
    bytes: usize,
    /// Its children; for a map, keys and values alternate.
    children: Vec<Node>,
    is_map: bool,
}

impl Open {
    /// The step into this node of the child being read now.
    fn step_to_next(&self) -> Seg {
        if self.is_map {
            let key = self.children.last().and_then(Node::text).unwrap_or("?");
            Seg::Key(key.to_string())
        } else {
            Seg::Index(self.children.len())
        }
    }

    fn close(self) -> Node {
        // The parser marks a block map after its first key (at the `:`); it starts at
        // the key.
        let mut mark = Mark::from(self.mark);
        if let Some(first) = self.children.first().filter(|_| self.is_map) {
            mark = mark.min(first.mark);
        }
        let kind = if self.is_map {
            let mut pairs = Vec::with_capacity(self.children.len() / 2);
            let mut children = self.children.into_iter();
            while let (Some(key), Some(value)) = (children.next(), children.next()) {
                pairs.push((key, value));
            }
            Kind::Map(pairs)
        } else {
            Kind::Seq(self.children)
        };
        Node {
            mark,
            kind,
            alias: false,
        }
    }
}

/// The tree of `text` and the keys repeated in it (each a message and a place, in file
/// order), or the first problem that stops the reading.
pub(crate) fn build(text: &str) -> Result<(Option<Node>, Vec<Problem>), Problem> {
    Builder {
        text_len: text.len(),
        ..Builder::default()
    }
    .run(&mut Parser::new_from_str(text))
}

#[derive(Default)]
struct Builder {
    text_len: usize,
    open: Vec<Open>,
    /// Each anchored node, with its values and bytes.
    anchors: HashMap<usize, (Node, usize, usize)>,
    root: Option<Node>,
    duplicates: Vec<Problem>,
    added_by_aliases: usize,
    bytes_added_by_aliases: usize,
    documents: usize,
    nodes: usize,
}

impl Builder {
    fn run(
        mut self,
        parser: &mut Parser<std::str::Chars<'_>>,
    ) -> Result<(Option<Node>, Vec<Problem>), Problem> {
        loop {
            let (event, mark) = parser
                .next_token()
                .map_err(|error| Problem::at(*error.marker(), syntax_message(error.info())))?;
            let (node, size, bytes, anchor) = match event {
                Event::StreamEnd => break,
                Event::DocumentStart => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(Problem::at(
                            mark,
                            "a second YAML document starts here (after a `---` line); a file \
                             holds one document: remove the `---` line or split the file",
                        ));
                    }
                    continue;
                }
                Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                    self.start(mark, anchor, matches!(event, Event::MappingStart(..)))?;
                    continue;
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    let Some(open) = self.open.pop() else {
                        continue;
                    };
                    let (size, bytes, anchor) = (open.size, open.bytes, open.anchor);
                    let node = open.close();
                    if let Kind::Map(entries) = &node.kind {
                        self.find_duplicates(entries);
                    }
                    (node, size, bytes, anchor)
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let node = self.scalar(mark, text, style, tag.as_ref())?;
                    let bytes = 1 + node.text().map_or(0, str::len);
                    (node, 1, bytes, anchor)
                }
                Event::Alias(anchor) => {
                    let (node, size, bytes) = self.alias(mark, anchor)?;
                    (node, size, bytes, 0)
                }
                Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
            };
            if anchor != 0 {
                self.anchors.insert(anchor, (node.clone(), size, bytes));
            }
            self.add(node, size, bytes);
        }
        if self.nodes == 0 {
            return Err(Problem {
                message: "the file holds only comments; it has no data".to_string(),
                mark: None,
            });
        }
        self.duplicates.sort_by_key(|problem| problem.mark);
        Ok((self.root, self.duplicates))
    }

    fn count_node(&mut self, mark: Marker) -> Result<(), Problem> {
        self.nodes += 1;
        if self.nodes > MAX_VALUES {
            return Err(Problem::at(
                mark,
                format!("the file holds more than {MAX_VALUES} values; is it the right file?"),
            ));
        }
        Ok(())
    }

    fn start(&mut self, mark: Marker, anchor: usize, is_map: bool) -> Result<(), Problem> {
        if self.open.len() >= MAX_DEPTH {
            return Err(Problem::at(
                mark,
                format!("the file nests too deeply (more than {MAX_DEPTH} levels)"),
            ));
        }
        self.count_node(mark)?;
        self.open.push(Open {
            mark,
            anchor,
            size: 1,
            bytes: 1,
            children: Vec::new(),
            is_map,
        });
        Ok(())
    }

    fn scalar(
        &mut self,
        mark: Marker,
        text: String,
        style: TScalarStyle,
        tag: Option<&yaml_rust2::parser::Tag>,
    ) -> Result<Node, Problem> {
        self.count_node(mark)?;
        // An escape in quotes (`"\e[2J"`) can write what the file itself may not hold;
        // such text could act on a terminal it is shown on.
        if let Some(control) = text
            .chars()
            .find(|&c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(Problem::at(
                mark,
                format!(
                    "this text holds the control character U+{:04X} (written as an escape); \
                     text may hold tabs and line breaks, but no other control characters",
                    u32::from(control)
                ),
            ));
        }
        // `!!str 12` is text; any other tag is read past, as if it were not there.
        let text_tag = tag.is_some_and(|tag| tag.suffix == "str");
        let plain = style == TScalarStyle::Plain && !text_tag;
        Ok(Node {
            mark: mark.into(),
            kind: Kind::Scalar { text, plain },
            alias: false,
        })
    }

    /// A copy of the anchored node, placed at the alias, within the limits on what
    /// aliases may add to a file.
    fn alias(&mut self, mark: Marker, anchor: usize) -> Result<(Node, usize, usize), Problem> {
        self.nodes += 1;
        let Some((node, size, bytes)) = self.anchors.get(&anchor) else {
            // The parser refuses an unknown anchor, so this is one still being read.
            return Err(Problem::at(
                mark,
                "an alias (`*name`) here refers to a value that contains it",
            ));
        };
        let (size, bytes) = (*size, *bytes);
        self.added_by_aliases = self.added_by_aliases.saturating_add(size);
        if self.added_by_aliases > MAX_ALIAS_VALUES {
            return Err(Problem::at(
                mark,
                "the file expands too many aliases (`*name`); write the values out",
            ));
        }
        self.bytes_added_by_aliases = self.bytes_added_by_aliases.saturating_add(bytes);
        if self.text_len.saturating_add(self.bytes_added_by_aliases) > MAX_EXPANDED_BYTES {
            return Err(Problem::at(
                mark,
                format!(
                    "the file's aliases (`*name`) make it larger than {} MiB written out; \
                     write the values out, or shorten them",
                    MAX_EXPANDED_BYTES / (1024 * 1024)
                ),
            ));
        }
        let mut copy = node.clone();
        copy.mark = mark.into();
        copy.alias = true;
        Ok((copy, size, bytes))
    }

    fn add(&mut self, node: Node, size: usize, bytes: usize) {
        match self.open.last_mut() {
            Some(parent) => {
                parent.size = parent.size.saturating_add(size);
                parent.bytes = parent.bytes.saturating_add(bytes);
                parent.children.push(node);
            }
            None => self.root = Some(node),
        }
    }

    /// Records every key of `entries` (a map just read) that repeats an earlier one.
    fn find_duplicates(&mut self, entries: &[(Node, Node)]) {
        if entries.len() < 2 {
            return;
        }
        let mut keys: Vec<(&str, usize)> = entries
            .iter()
            .enumerate()
            .filter_map(|(index, (key, _))| key.text().map(|text| (text, index)))
            .collect();
        keys.sort_unstable();
        for pair in keys.windows(2) {
            let [(first, _), (repeat, index)] = pair else {
                continue;
            };
            if first != repeat {
                continue;
            }
            let path: Vec<Seg> = self.open.iter().map(Open::step_to_next).collect();
            let message = format!("duplicate key `{repeat}`; a key may appear only once in a map");
            let message = if path.is_empty() {
                message
            } else {
                format!("{}: {message}", display_path(&path))
            };
            self.duplicates.push(Problem {
                message,
                mark: Some(entries[*index].0.mark),
            });
        }
    }
}

/// The YAML parser's words for a syntax error, in the words of a file's author where the
/// error is a common one.
fn syntax_message(info: &str) -> String {
    let plain = match info {
        "mapping values are not allowed in this context" => {
            "a `: ` inside a value starts a new key here; put the value in quotes"
        }
        "while parsing a flow sequence, expected ',' or ']'" => {
            "a list in `[ ]` is not closed: a `,` or `]` was expected here"
        }
        "while parsing a flow mapping, did not find expected ',' or '}'" => {
            "a map in `{ }` is not closed: a `,` or `}` was expected here"
        }
        "invalid indentation in quoted scalar"
        | "while scanning a quoted scalar, found unexpected end of stream" => {
            "the quoted text that starts here has no closing quote (or its next line is not \
             indented); close the quote"
        }
        "while parsing a block mapping, did not find expected key" => {
            "this line is not indented like the other keys of its map; check its indentation"
        }
        "while parsing node, found unknown anchor" => {
            "this alias (`*name`) refers to no anchor (`&name`) written before it"
        }
        "tabs disallowed within this context (block indentation)" => {
            "a tab indents this line; indent with spaces"
        }
        "recursion limit exceeded" => {
            return format!("the file nests too deeply (more than {MAX_DEPTH} levels)");
        }
        other => return other.to_string(),
    };
    plain.to_string()
}
