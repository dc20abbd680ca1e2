//! Paths into a document (`questions[2].options[0].points`), and the places of the nodes
//! they lead to, for problems found after a file was read.

use super::tree::{Kind, Node};

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

/// A path as messages write it: `questions[0].yes`.
pub(crate) fn display_path(path: &[Seg]) -> String {
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

/// Where a walk down a path stopped: the node, its place (line, column), and how many
/// steps of the path led to it.
type Walked<'a> = (&'a Node, Option<(usize, usize)>, usize);

/// The places of the nodes of a document, read from its tree.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    root: Option<Node>,
}

impl Positions {
    pub(crate) fn new(root: Option<Node>) -> Self {
        Positions { root }
    }

    pub(crate) fn root(&self) -> Option<&Node> {
        self.root.as_ref()
    }

    /// The deepest node on `path` that exists, how many steps of `path` lead to it, and
    /// the place to show for it: a map entry at its key (or at the first key of a map it
    /// holds), a list item where it starts, the whole document at its first key (none
    /// when it is not a map with keys).
    fn walk(&self, path: &[Seg]) -> Option<Walked<'_>> {
        let root = self.root.as_ref()?;
        let at = |mark: super::tree::Mark| (mark.line, mark.column);
        let mut node = root;
        let mut place = root.first_key().map(at);
        for (depth, seg) in path.iter().enumerate() {
            let next = match (&node.kind, seg) {
                (Kind::Map(entries), Seg::Key(key)) => entries
                    .iter()
                    // A key that is not text (`? [a, b]`) goes by the empty name.
                    .find(|(k, _)| k.text().unwrap_or_default() == key.as_str())
                    .map(|(k, value)| (value, value.first_key().unwrap_or(k.mark))),
                (Kind::Seq(items), Seg::Index(index)) => items
                    .get(*index)
                    .map(|item| (item, item.first_key().unwrap_or(item.mark))),
                _ => None,
            };
            let Some((child, shown)) = next else {
                return Some((node, place, depth));
            };
            node = child;
            place = Some(at(shown));
        }
        Some((node, place, path.len()))
    }

    /// The value at `path` as written, when it is a plain (unquoted) scalar: `0x1F` stays
    /// `0x1F`, where YAML reads the number 31.
    pub fn plain_text(&self, path: &[Seg]) -> Option<&str> {
        match self.walk(path)? {
            (
                Node {
                    kind: Kind::Scalar { text, plain: true },
                    alias: false,
                    ..
                },
                _,
                depth,
            ) if depth == path.len() => Some(text),
            _ => None,
        }
    }

    /// The line and column of the value at `path` when it is a scalar written there (the
    /// `7` of `interest: 7`), where a wrong value is best shown; otherwise as [`Self::find`].
    pub fn find_value(&self, path: &[Seg]) -> Option<(usize, usize)> {
        match self.walk(path)? {
            (
                Node {
                    kind: Kind::Scalar { .. },
                    alias: false,
                    mark,
                },
                _,
                depth,
            ) if depth == path.len() => Some((mark.line, mark.column)),
            (_, place, _) => place,
        }
    }

    /// The line and column of the node at `path`, or of its nearest ancestor that is known.
    pub fn find(&self, path: &[Seg]) -> Option<(usize, usize)> {
        self.walk(path).and_then(|(_, place, _)| place)
    }
}
