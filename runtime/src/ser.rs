//! What `#[derive(sdk_runtime::Serialize)]` expands to calls: writing a generated struct as a
//! JSON object, field by field in declaration order, leaving out optional fields that are
//! `None` (`#[serde(skip_serializing_if = "Option::is_none")]`).
//!
//! The output is the same as serde's derive for the attributes generated code uses; the
//! expansion is one line per field instead of a branch and a counting expression per optional
//! field.

#[doc(hidden)]
pub use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Writes the optional field `name` when it holds a value, and skips it otherwise.
pub fn optional_field<S, T>(
    state: &mut S,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error>
where
    S: SerializeStruct,
    T: Serialize,
{
    match value {
        // The `Option` itself, as serde's derive writes it (for JSON, the same as the value).
        Some(_) => state.serialize_field(name, value),
        None => state.skip_field(name),
    }
}
