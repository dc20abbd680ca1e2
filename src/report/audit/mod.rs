//! The `rules audit` report, one file per format.

mod json;
mod text;

pub use json::audit_json;
pub use text::audit_text;
