//! The JSON Schema of the rules-file format (draft-07, which editors' YAML language
//! servers read), generated from the types in [`super::raw`].
//!
//! Fields that the loader reads loosely (conditions, points, outcome names) get a precise
//! schema here, so an editor can check and complete them.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::raw::RawRuleSet;

/// The schema of a rules file, as pretty-printed JSON ending in a newline.
pub fn rules_schema_json() -> String {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawRuleSet>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

/// Schema of a condition: a map whose keys are question ids (or `any`, `all`, `not`).
pub struct ConditionSchema;

impl JsonSchema for ConditionSchema {
    fn schema_name() -> Cow<'static, str> {
        "Condition".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let condition = generator.subschema_for::<ConditionSchema>();
        json_schema!({
            "description": "A condition over answers: every entry must hold. A key is a question id, \
                whose value is one answer, a list meaning \"one of\", or { min, max } for a scale \
                or number; `any`, `all` (lists of conditions) and `not` (a condition) combine.",
            "type": "object",
            "minProperties": 1,
            "properties": {
                "any": { "type": "array", "minItems": 1, "items": condition },
                "all": { "type": "array", "minItems": 1, "items": condition },
                "not": condition
            },
            "additionalProperties": {
                "anyOf": [
                    { "type": ["string", "number", "boolean"] },
                    {
                        "type": "array",
                        "minItems": 1,
                        "items": { "type": ["string", "number", "boolean"] }
                    },
                    {
                        "type": "object",
                        "properties": {
                            "min": { "type": "integer" },
                            "max": { "type": "integer" }
                        },
                        "additionalProperties": false
                    }
                ]
            }
        })
    }
}

/// Schema of the points an answer gives each outcome.
pub struct PointsSchema;

impl JsonSchema for PointsSchema {
    fn schema_name() -> Cow<'static, str> {
        "Points".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Points for each outcome; an outcome left out gets 0.",
            "type": "object",
            "properties": {
                "decline": { "type": "number" },
                "postpone": { "type": "number" },
                "proceed": { "type": "number" }
            },
            "additionalProperties": false
        })
    }
}

/// Schema of an outcome name.
pub struct OutcomeSchema;

impl JsonSchema for OutcomeSchema {
    fn schema_name() -> Cow<'static, str> {
        "Outcome".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A course of action.",
            "enum": ["decline", "postpone", "proceed"]
        })
    }
}

/// Schema of a letter's channel.
pub struct ChannelSchema;

impl JsonSchema for ChannelSchema {
    fn schema_name() -> Cow<'static, str> {
        "Channel".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "How the message is delivered.",
            "enum": ["email", "phone"]
        })
    }
}

/// Schema of a single answer value (a default answer).
pub struct ScalarSchema;

impl JsonSchema for ScalarSchema {
    fn schema_name() -> Cow<'static, str> {
        "Answer".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "One answer: an option value, true/false, or a whole number.",
            "type": ["string", "integer", "boolean"]
        })
    }
}
