//! A serde deserializer over the positioned tree ([`super::tree`]). Each problem is placed
//! at the node it concerns and says, in a file author's words, what was found and what
//! was expected there (`questions[0].max: invalid type: floating point `4.5`, expected a
//! whole number`). Only serde's own messages about fields and variants (`unknown field`,
//! `missing field`, `unknown variant`) come from the derived code, placed the same way.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::scalar::{self, Scalar};
use super::tree::{Kind, Mark, Node};

/// A problem met while deserialising, with the node's place and path once known.
#[derive(Debug)]
pub(crate) struct DeError {
    pub message: String,
    pub mark: Option<Mark>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        DeError {
            message: message.to_string(),
            mark: None,
        }
    }
}

type Result<T> = std::result::Result<T, DeError>;

/// The path of the node being read, as messages write it (`questions[0].max`).
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// Deserialises `T` from the tree whose root is `root`.
pub(crate) fn from_tree<'de, T: de::Deserialize<'de>>(root: &'de Node) -> Result<T> {
    T::deserialize(De {
        node: root,
        path: Path::Root,
    })
}

struct De<'de, 'p> {
    node: &'de Node,
    path: Path<'p>,
}

impl De<'_, '_> {
    /// A problem at this node.
    fn fail(&self, message: impl fmt::Display) -> DeError {
        let message = match self.path {
            Path::Root => message.to_string(),
            path => format!("{path}: {message}"),
        };
        DeError {
            message,
            mark: Some(self.node.mark),
        }
    }

    /// Places a problem from a visitor (serde's `unknown field`, ...) at this node, unless
    /// a node within already placed it.
    fn place(&self, error: DeError) -> DeError {
        match error.mark {
            Some(_) => error,
            None => self.fail(error.message),
        }
    }

    fn placed<T>(&self, result: Result<T>) -> Result<T> {
        result.map_err(|error| self.place(error))
    }

    fn invalid(&self, expected: &str) -> DeError {
        self.fail(format_args!(
            "invalid type: {}, expected {expected}",
            found(self.node)
        ))
    }

    /// A plain scalar's text.
    fn plain(&self) -> Option<&str> {
        match &self.node.kind {
            Kind::Scalar { text, plain: true } => Some(text),
            _ => None,
        }
    }

    fn too_large(&self, text: &str) -> DeError {
        self.fail(format_args!("the number {text} is too large"))
    }

    /// A whole number from `min` to `max`.
    fn integer<'de, V: Visitor<'de>>(self, visitor: V, min: i128, max: i128) -> Result<V::Value> {
        let Some(text) = self.plain() else {
            return Err(self.invalid("a whole number"));
        };
        let n = match scalar::resolve(text) {
            Scalar::Int(n) => i128::from(n),
            Scalar::UInt(n) => i128::from(n),
            Scalar::TooLarge => return Err(self.too_large(text)),
            _ => return Err(self.invalid("a whole number")),
        };
        if !(min..=max).contains(&n) {
            return Err(self.fail(format_args!(
                "the number {text} is out of range; expected a whole number from {min} to {max}"
            )));
        }
        let result = match (i64::try_from(n), u64::try_from(n)) {
            (_, Ok(n)) => visitor.visit_u64(n),
            (Ok(n), _) => visitor.visit_i64(n),
            _ => return Err(self.too_large(text)),
        };
        self.placed(result)
    }

    /// An empty plain scalar (`key:` with nothing after it), read as an empty list or map.
    fn is_empty_plain(&self) -> bool {
        self.plain().is_some_and(str::is_empty)
    }
}

/// What a node is, for a message: `string "heavy"`, `integer `5``, `list`, ...
fn found(node: &Node) -> String {
    match &node.kind {
        Kind::Map(_) => "map".to_string(),
        Kind::Seq(_) => "list".to_string(),
        Kind::Scalar { text, plain: false } => format!("string {text:?}"),
        Kind::Scalar { text, plain: true } => match scalar::resolve(text) {
            Scalar::Null => "null".to_string(),
            Scalar::Bool(b) => format!("boolean `{b}`"),
            Scalar::Int(_) | Scalar::UInt(_) | Scalar::TooLarge => format!("integer `{text}`"),
            Scalar::Float(_) | Scalar::FloatTooLarge => format!("floating point `{text}`"),
            Scalar::Text => format!("string {text:?}"),
        },
    }
}

macro_rules! integers {
    ($($method:ident: $type:ty),*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                self.integer(visitor, i128::from(<$type>::MIN), i128::from(<$type>::MAX))
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for De<'de, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let result = match &self.node.kind {
            Kind::Map(entries) => visitor.visit_map(Entries::new(entries, &self.path)),
            Kind::Seq(items) => visitor.visit_seq(Items::new(items, &self.path)),
            Kind::Scalar { text, plain: false } => visitor.visit_borrowed_str(text),
            Kind::Scalar { text, plain: true } => match scalar::resolve(text) {
                Scalar::Null => visitor.visit_unit(),
                Scalar::Bool(b) => visitor.visit_bool(b),
                Scalar::Int(n) => visitor.visit_i64(n),
                Scalar::UInt(n) => visitor.visit_u64(n),
                Scalar::TooLarge => return Err(self.too_large(text)),
                Scalar::Float(x) => visitor.visit_f64(x),
                // Too large for a float: kept as written, as YAML does.
                Scalar::FloatTooLarge | Scalar::Text => visitor.visit_borrowed_str(text),
            },
        };
        self.placed(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.plain().and_then(scalar::bool_of) {
            Some(b) => self.placed(visitor.visit_bool(b)),
            None => Err(self.invalid("true or false")),
        }
    }

    integers!(
        deserialize_i8: i8, deserialize_i16: i16, deserialize_i32: i32, deserialize_i64: i64,
        deserialize_u8: u8, deserialize_u16: u16, deserialize_u32: u32, deserialize_u64: u64
    );

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let Some(text) = self.plain() else {
            return Err(self.invalid("a number"));
        };
        let number = scalar::float(text).or(match scalar::resolve(text) {
            Scalar::Int(n) => Some(n as f64),
            Scalar::UInt(n) => Some(n as f64),
            Scalar::TooLarge | Scalar::FloatTooLarge => return Err(self.too_large(text)),
            _ => None,
        });
        match number {
            Some(x) => self.placed(visitor.visit_f64(x)),
            None => Err(self.invalid("a number")),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// Any scalar is text as written: `3.10` stays `3.10`.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.node.kind {
            Kind::Scalar { text, .. } => self.placed(visitor.visit_borrowed_str(text)),
            _ => Err(self.invalid("text")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.plain().is_some_and(scalar::is_null) {
            return self.placed(visitor.visit_none());
        }
        let path = self.path;
        let node = self.node;
        visitor
            .visit_some(self)
            .map_err(|error| De { node, path }.place(error))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.plain().is_some_and(scalar::is_null) {
            self.placed(visitor.visit_unit())
        } else {
            Err(self.invalid("null"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        let (node, path) = (self.node, self.path);
        visitor
            .visit_newtype_struct(self)
            .map_err(|error| De { node, path }.place(error))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let items: &[Node] = match &self.node.kind {
            Kind::Seq(items) => items,
            _ if self.is_empty_plain() => &[],
            _ => return Err(self.invalid("a list")),
        };
        self.placed(visitor.visit_seq(Items::new(items, &self.path)))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.map(visitor, "a map")
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.map(visitor, "a map of fields")
    }

    /// An enum of names (`type: scale`): the variant is the scalar's text.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match &self.node.kind {
            Kind::Scalar { text, .. } => {
                let variant: de::value::StrDeserializer<'_, DeError> =
                    text.as_str().into_deserializer();
                self.placed(visitor.visit_enum(variant))
            }
            _ => {
                let names: Vec<String> = variants.iter().map(|v| format!("`{v}`")).collect();
                Err(self.invalid(&format!("one of {}", names.join(", "))))
            }
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
}

impl<'de> De<'de, '_> {
    fn map<V: Visitor<'de>>(self, visitor: V, expected: &str) -> Result<V::Value> {
        let entries: &[(Node, Node)] = match &self.node.kind {
            Kind::Map(entries) => entries,
            _ if self.is_empty_plain() => &[],
            _ => return Err(self.invalid(expected)),
        };
        self.placed(visitor.visit_map(Entries::new(entries, &self.path)))
    }
}

/// The items of a list, each read at its index.
struct Items<'de, 'p> {
    items: &'de [Node],
    next: usize,
    path: &'p Path<'p>,
}

impl<'de, 'p> Items<'de, 'p> {
    fn new(items: &'de [Node], path: &'p Path<'p>) -> Self {
        Items {
            items,
            next: 0,
            path,
        }
    }
}

impl<'de> SeqAccess<'de> for Items<'de, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let Some(node) = self.items.get(self.next) else {
            return Ok(None);
        };
        let index = self.next;
        self.next += 1;
        seed.deserialize(De {
            node,
            path: Path::Index(self.path, index),
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

/// The entries of a map: each key read at the map's path, each value at the key's.
struct Entries<'de, 'p> {
    entries: &'de [(Node, Node)],
    next: usize,
    path: &'p Path<'p>,
}

impl<'de, 'p> Entries<'de, 'p> {
    fn new(entries: &'de [(Node, Node)], path: &'p Path<'p>) -> Self {
        Entries {
            entries,
            next: 0,
            path,
        }
    }
}

impl<'de> MapAccess<'de> for Entries<'de, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((key, _)) = self.entries.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize(De {
            node: key,
            path: *self.path,
        })
        .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let Some((key, value)) = self.entries.get(self.next) else {
            return Err(de::Error::custom("a map's value was read before its key"));
        };
        self.next += 1;
        seed.deserialize(De {
            node: value,
            path: Path::Key(self.path, key.text().unwrap_or("?")),
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}
