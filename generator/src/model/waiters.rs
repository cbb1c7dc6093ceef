//! Lowering of the `x-waiter` extension: a status operation that a generated waiter polls until
//! the job it describes ends.
//!
//! ```yaml
//! x-waiter:
//!   name: import_task          # -> Client::wait_import_task(..)
//!   status: status             # dotted path of property names in the response
//!   success: [COMPLETED]       # values of the status enum that end the wait with the response
//!   failure: [FAILED]          # values that end it with an error
//! ```
//!
//! Unlike `x-pagination` (a hint that can be dropped), a waiter is an API promise: anything that
//! does not fit is an error naming the place in the spec.

use super::{BodyEncoding, EnumRepr, Operation, Output, ResponseBody, TypeDef, TypeKind, TypeRef};
use crate::error::{pointer, Error};
use crate::load::Document;
use std::collections::BTreeMap;

/// A waiter: `Client::<fn_name>` polls `operation` until `status_enum` is terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// The name from the spec (`import_task`).
    pub name: String,
    /// Client method name (`wait_import_task`).
    pub fn_name: String,
    /// Client method of the status operation.
    pub operation: String,
    /// Its request builder type.
    pub builder: String,
    /// Its operation id.
    pub operation_id: String,
    /// Its response type.
    pub response: String,
    /// The status path as written (`status`, `result.status`).
    pub status_path: String,
    /// How to reach the status from the response, one property at a time.
    pub steps: Vec<StatusStep>,
    /// The enum type of the status.
    pub status_enum: String,
    /// Wire values that end the wait successfully.
    pub success: Vec<String>,
    /// Wire values that end the wait with an error.
    pub failure: Vec<String>,
    /// JSON pointer of the extension.
    pub origin: String,
}

/// One property on the way from a response to its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusStep {
    /// Rust field name.
    pub field: String,
    /// The field is an `Option` (not required, or nullable).
    pub optional: bool,
    /// The field is boxed.
    pub boxed: bool,
}

/// An enum that waiters read: which of its variants end a wait, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEnum {
    /// The enum type.
    pub name: String,
    /// Variant names (Rust) of the success values.
    pub success: Vec<String>,
    /// Variant names (Rust) of the failure values.
    pub failure: Vec<String>,
    /// Wire values of the success values, for docs.
    pub success_values: Vec<String>,
    /// Wire values of the failure values, for docs.
    pub failure_values: Vec<String>,
}

const KEYS: &[&str] = &["name", "status", "success", "failure"];

/// Finds every `x-waiter` of the document and checks it against its operation and the types.
/// Waiters come out sorted by name; status enums by type name.
pub(super) fn lower_waiters(
    doc: &Document,
    types: &[TypeDef],
    operations: &[Operation],
) -> Result<(Vec<Waiter>, Vec<StatusEnum>), Error> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let cx = Cx {
        file: &doc.file,
        types: &by_name,
    };
    let mut waiters: Vec<Waiter> = Vec::new();
    let mut enums: BTreeMap<String, (StatusEnum, String)> = BTreeMap::new();
    for (path, item) in &doc.openapi.paths.paths {
        let openapiv3::ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let Some(ext) = op.extensions.get("x-waiter") else {
                continue;
            };
            let op_at = pointer("/paths", &[path, method]);
            let at = pointer(&op_at, &["x-waiter"]);
            let Some(operation) = operations.iter().find(|o| o.origin == op_at) else {
                return Err(cx.error(&at, "x-waiter: its operation was not generated"));
            };
            let (waiter, status) = cx.waiter(ext, operation, &at)?;
            if let Some(other) = waiters.iter().find(|w| w.fn_name == waiter.fn_name) {
                return Err(cx.error(
                    &pointer(&at, &["name"]),
                    format!(
                        "x-waiter: the name `{}` is already used by the waiter at {}",
                        waiter.name, other.origin
                    ),
                ));
            }
            if let Some(other) = waiters.iter().find(|w| w.operation == waiter.operation) {
                return Err(cx.error(
                    &at,
                    format!(
                        "x-waiter: `{}` already has the waiter `{}`; an operation has at most one",
                        operation.id, other.name
                    ),
                ));
            }
            if let Some(op) = operations.iter().find(|o| o.fn_name == waiter.fn_name) {
                return Err(cx.error(
                    &pointer(&at, &["name"]),
                    format!(
                        "x-waiter: `Client::{}` would collide with the method of operation `{}`",
                        waiter.fn_name, op.id
                    ),
                ));
            }
            match enums.get(&status.name) {
                Some((known, origin)) if *known != status => {
                    return Err(cx.error(
                        &at,
                        format!(
                            "x-waiter: enum `{}` is already read by the waiter at {origin} with other terminal values ({} / {}); a status enum has one meaning",
                            status.name,
                            known.success_values.join(", "),
                            known.failure_values.join(", ")
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    enums.insert(status.name.clone(), (status, at.clone()));
                }
            }
            waiters.push(waiter);
        }
    }
    waiters.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((waiters, enums.into_values().map(|(e, _)| e).collect()))
}

struct Cx<'a> {
    file: &'a str,
    types: &'a BTreeMap<&'a str, &'a TypeDef>,
}

impl Cx<'_> {
    fn error(&self, at: &str, message: impl Into<String>) -> Error {
        Error::at(self.file, at, message)
    }

    /// Follows aliases from `ty` to a named struct or enum.
    fn resolve(&self, ty: &TypeRef) -> Option<&TypeDef> {
        let mut current = ty;
        for _ in 0..64 {
            let TypeRef::Named(name) = current else {
                return None;
            };
            let def = self.types.get(name.as_str())?;
            match &def.kind {
                TypeKind::Alias(inner) => current = inner,
                _ => return Some(def),
            }
        }
        None
    }

    fn waiter(
        &self,
        ext: &serde_json::Value,
        op: &Operation,
        at: &str,
    ) -> Result<(Waiter, StatusEnum), Error> {
        let Some(map) = ext.as_object() else {
            return Err(self.error(
                at,
                "x-waiter must be a mapping with `name`, `status`, `success` and `failure`",
            ));
        };
        if let Some(key) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(self.error(
                &pointer(at, &[key]),
                format!(
                    "x-waiter: unknown key `{key}` (expected one of: {})",
                    KEYS.join(", ")
                ),
            ));
        }
        let text = |key: &str| -> Result<&str, Error> {
            match map.get(key) {
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Ok(s.as_str()),
                Some(_) => Err(self.error(
                    &pointer(at, &[key]),
                    format!("x-waiter: `{key}` must be a non-empty string"),
                )),
                None => Err(self.error(at, format!("x-waiter: `{key}` is missing"))),
            }
        };
        let name = text("name")?;
        check_name(self, name, at)?;
        let response = self.polled_response(op, at)?;
        let status_path = text("status")?;
        let (steps, status_def) =
            self.status_path(response, status_path, &pointer(at, &["status"]))?;
        let TypeKind::Enum(status_enum) = &status_def.kind else {
            return Err(self.error(&pointer(at, &["status"]), "x-waiter: internal error"));
        };
        let success = self.values(
            map.get("success"),
            status_def,
            status_enum,
            &pointer(at, &["success"]),
            true,
        )?;
        let failure = self.values(
            map.get("failure"),
            status_def,
            status_enum,
            &pointer(at, &["failure"]),
            false,
        )?;
        if let Some((value, _)) = success.iter().find(|s| failure.contains(s)) {
            return Err(self.error(
                &pointer(at, &["failure"]),
                format!("x-waiter: `{value}` is listed both as success and as failure"),
            ));
        }
        let status = StatusEnum {
            name: status_def.name.clone(),
            success: success.iter().map(|(_, v)| v.clone()).collect(),
            failure: failure.iter().map(|(_, v)| v.clone()).collect(),
            success_values: success.iter().map(|(w, _)| w.clone()).collect(),
            failure_values: failure.iter().map(|(w, _)| w.clone()).collect(),
        };
        let waiter = Waiter {
            name: name.to_owned(),
            fn_name: format!("wait_{name}"),
            operation: op.fn_name.clone(),
            builder: op.builder_name.clone(),
            operation_id: op.id.clone(),
            response: response.name.clone(),
            status_path: status_path.to_owned(),
            steps,
            status_enum: status_def.name.clone(),
            success: status.success_values.clone(),
            failure: status.failure_values.clone(),
            origin: at.to_owned(),
        };
        Ok((waiter, status))
    }

    /// The operation a waiter polls: safe to call again and again, no request body, and one
    /// JSON object type as its answer (returned).
    fn polled_response(&self, op: &Operation, at: &str) -> Result<&TypeDef, Error> {
        if !(op.method == "GET" || op.retry_safe) {
            return Err(self.error(
                at,
                format!(
                    "x-waiter: a waiter calls its operation again and again, so it must be a GET (or marked x-retry-safe); `{}` is a {}",
                    op.id, op.method
                ),
            ));
        }
        if op.body.as_ref().is_some_and(|b| b.required) {
            return Err(self.error(
                at,
                format!(
                    "x-waiter: `{}` needs a request body; a waiter only passes parameters",
                    op.id
                ),
            ));
        }
        if let Some(p) = op.required_setters().next() {
            return Err(self.error(
                at,
                format!(
                    "x-waiter: `{}` needs the {} parameter `{}`; a waiter's `wait_` method only passes path parameters",
                    op.id,
                    match p.location {
                        crate::model::ParamLocation::Header => "header",
                        _ => "query",
                    },
                    p.wire_name
                ),
            ));
        }
        let response = match &op.output {
            Output::Single(ResponseBody {
                encoding: BodyEncoding::Json,
                ty,
            }) => self
                .resolve(ty)
                .filter(|d| matches!(d.kind, TypeKind::Struct(_))),
            _ => None,
        };
        response.ok_or_else(|| {
            self.error(
                at,
                format!(
                    "x-waiter: `{}` must answer with one JSON object type",
                    op.id
                ),
            )
        })
    }

    /// Walks `path` (dotted property names) from `response` to an enum.
    fn status_path<'t>(
        &'t self,
        response: &'t TypeDef,
        path: &str,
        at: &str,
    ) -> Result<(Vec<StatusStep>, &'t TypeDef), Error> {
        let mut steps = Vec::new();
        let mut current = response;
        for segment in path.split('.') {
            let TypeKind::Struct(s) = &current.kind else {
                return Err(self.error(
                    at,
                    format!(
                        "x-waiter: `{}` is not an object, so it has no property `{segment}`",
                        current.name
                    ),
                ));
            };
            let Some(field) = s.fields.iter().find(|f| f.wire_name == segment) else {
                let known: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
                return Err(self.error(
                    at,
                    format!(
                        "x-waiter: `{}` has no property `{segment}` (it has: {})",
                        current.name,
                        known.join(", ")
                    ),
                ));
            };
            let (ty, nullable) = match &field.ty {
                TypeRef::Nullable(inner) => (inner.as_ref(), true),
                other => (other, false),
            };
            let next = self
                .resolve(ty)
                .filter(|d| matches!(d.kind, TypeKind::Struct(_) | TypeKind::Enum(_)));
            let Some(next) = next else {
                return Err(self.error(
                    at,
                    format!(
                        "x-waiter: property `{segment}` of `{}` must be an object or an enum (with `enum` values in the spec)",
                        current.name
                    ),
                ));
            };
            steps.push(StatusStep {
                field: field.name.clone(),
                optional: nullable || !field.required,
                boxed: field.boxed,
            });
            current = next;
        }
        if !matches!(current.kind, TypeKind::Enum(_)) {
            return Err(self.error(
                at,
                format!(
                    "x-waiter: `{path}` leads to the object `{}`, not to an enum",
                    current.name
                ),
            ));
        }
        Ok((steps, current))
    }

    /// Matches the listed values to the enum's variants: `(wire value, variant name)` pairs.
    fn values(
        &self,
        list: Option<&serde_json::Value>,
        def: &TypeDef,
        e: &super::Enum,
        at: &str,
        required: bool,
    ) -> Result<Vec<(String, String)>, Error> {
        let items = match list {
            Some(serde_json::Value::Array(items)) => items.as_slice(),
            None if !required => &[],
            Some(_) | None => {
                return Err(self.error(
                    at,
                    if required {
                        "x-waiter: a non-empty list of status values is required"
                    } else {
                        "x-waiter: must be a list of status values"
                    },
                ))
            }
        };
        if required && items.is_empty() {
            return Err(self.error(
                at,
                "x-waiter: a non-empty list of status values is required",
            ));
        }
        let mut out: Vec<(String, String)> = Vec::new();
        for (i, value) in items.iter().enumerate() {
            let wire = match (e.repr, value) {
                (EnumRepr::String, serde_json::Value::String(s)) => Some(s.clone()),
                (EnumRepr::Integer, serde_json::Value::Number(n)) if n.is_i64() => {
                    Some(n.to_string())
                }
                _ => None,
            };
            let variant = wire
                .as_ref()
                .and_then(|w| e.variants.iter().find(|v| &v.value == w));
            let Some(variant) = variant else {
                let known: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
                return Err(self.error(
                    &pointer(at, &[&i.to_string()]),
                    format!(
                        "x-waiter: {value} is not a value of enum `{}` ({}: {})",
                        def.name,
                        match e.repr {
                            EnumRepr::String => "strings",
                            EnumRepr::Integer => "integers",
                        },
                        known.join(", ")
                    ),
                ));
            };
            if !out.iter().any(|(w, _)| *w == variant.value) {
                out.push((variant.value.clone(), variant.name.clone()));
            }
        }
        Ok(out)
    }
}

/// A waiter's name becomes part of a method name: snake_case only.
fn check_name(lw: &Cx<'_>, name: &str, at: &str) -> Result<(), Error> {
    let snake = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !snake {
        return Err(lw.error(
            &pointer(at, &["name"]),
            format!(
                "x-waiter: name `{name}` must be snake_case (a-z, 0-9, _), starting with a letter"
            ),
        ));
    }
    Ok(())
}
