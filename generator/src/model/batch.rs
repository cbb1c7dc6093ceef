//! The `x-batch` operation extension: a batch call whose success response reports a
//! batch-level flag and per-item results in the order of a request array.
//!
//! ```yaml
//! x-batch:
//!   success: success     # boolean property of the 200 body: the batch succeeded
//!   results: results     # array property of the 200 body: one result per item, in order
//!   items: samples       # array property of the request body: the items sent
//!   item-key: name       # for arrays of objects: the string property that names an item
//! ```
//!
//! Each result is an object with a boolean `success` and, optionally, string `error_code` and
//! `error_msg` properties. Anything that does not fit is an error naming the place in the spec:
//! the extension is a promise about outcomes, and generating code on a broken promise would
//! report outcomes nobody can trust.

use super::names::{snake_ident, Namespace};
use super::schema::Lowerer;
use super::{Body, BodyEncoding, EnumRepr, Operation, Output, ResponseBody, TypeKind, TypeRef};
use crate::error::{pointer, Error};

/// Locals of the generated bulk runner; an operation with a parameter of one of these names
/// gets no bulk helper (a rare clash, not worth renamed fields).
const BULK_LOCALS: &[&str] = &[
    "client", "items", "options", "progress", "chunk", "body", "call", "outcome", "item", "index",
    "value",
];

/// The keys `x-batch` accepts.
const KEYS: &[&str] = &["success", "results", "items", "item-key"];

/// How a batch operation's outcome is read, from `x-batch`.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// The request body's type.
    pub body_ty: String,
    /// The success response's type.
    pub response_ty: String,
    /// The batch flag on the response.
    pub success: FieldAccess,
    /// The per-item results array on the response.
    pub results: FieldAccess,
    /// The result item's `success` flag.
    pub item_success: FieldAccess,
    /// The result item's `error_code`, if its type has one.
    pub item_error_code: Option<FieldAccess>,
    /// The result item's `error_msg`, if its type has one.
    pub item_error_msg: Option<FieldAccess>,
    /// The response's batch-level `error_code`, if any.
    pub error_code: Option<FieldAccess>,
    /// The response's batch-level `error_msg`, if any.
    pub error_msg: Option<FieldAccess>,
    /// The items array on the request body.
    pub items: FieldAccess,
    /// The type of one item.
    pub item_ty: TypeRef,
    /// How an item is named in reports.
    pub key: BatchKey,
    /// The bulk helper, when one can be generated.
    pub bulk: Option<Bulk>,
}

/// A property of a generated struct and how to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldAccess {
    /// Rust field name.
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Whether the Rust field is an `Option` (not required, or nullable).
    pub optional: bool,
}

/// How an item of a batch is named in outcomes and error messages.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchKey {
    /// The item is a string and names itself (a sample id, an e-mail address).
    Itself,
    /// A string property of the item object (`item-key`).
    Field(FieldAccess),
    /// No name: the item's position, `#0`, `#1`, ...
    Position,
}

/// A generated `<operation>_bulk` helper that sends any number of items in chunks.
#[derive(Debug, Clone, PartialEq)]
pub struct Bulk {
    /// Client method name.
    pub fn_name: String,
    /// Builder type name.
    pub builder_name: String,
    /// The request body's other (optional) properties; each chunk's body carries the values set
    /// on the builder.
    pub other_fields: Vec<BulkField>,
}

/// An optional property of a bulk request body other than the items.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkField {
    /// Rust field name in the body struct.
    pub field: String,
    /// Setter name on the bulk builder.
    pub setter: String,
    /// Its type, without `Option`.
    pub ty: TypeRef,
    /// Whether the Rust type is `Copy` (then it is copied, not cloned, into each chunk).
    pub copy: bool,
}

/// Reads and checks `x-batch` on an operation. `at` points at the extension.
pub(super) fn lower_batch(
    lw: &mut Lowerer<'_>,
    ext: &serde_json::Value,
    body: Option<&Body>,
    output: &Output,
    at: &str,
) -> Result<Batch, Error> {
    let keys = read_keys(lw, ext, at)?;
    let response = response_side(lw, &keys, output, at)?;
    let request = request_side(lw, &keys, body, at)?;
    Ok(Batch {
        body_ty: request.body_ty,
        response_ty: response.response_ty,
        success: response.success,
        results: response.results,
        item_success: response.item_success,
        item_error_code: response.item_error_code,
        item_error_msg: response.item_error_msg,
        error_code: response.error_code,
        error_msg: response.error_msg,
        items: request.items,
        item_ty: request.item_ty,
        key: request.key,
        bulk: request.bulk,
    })
}

/// The property names an `x-batch` extension gives.
struct Keys {
    success: String,
    results: String,
    items: String,
    item_key: Option<String>,
}

/// What the success response holds: the batch flag, the per-item results and their fields.
struct ResponseSide {
    response_ty: String,
    success: FieldAccess,
    results: FieldAccess,
    item_success: FieldAccess,
    item_error_code: Option<FieldAccess>,
    item_error_msg: Option<FieldAccess>,
    error_code: Option<FieldAccess>,
    error_msg: Option<FieldAccess>,
}

/// What the request body holds: the items array, how an item is named, and the bulk plan.
struct RequestSide {
    body_ty: String,
    items: FieldAccess,
    item_ty: TypeRef,
    key: BatchKey,
    bulk: Option<Bulk>,
}

/// Reads the extension's keys, refusing unknown, missing and non-string ones.
fn read_keys(lw: &Lowerer<'_>, ext: &serde_json::Value, at: &str) -> Result<Keys, Error> {
    let Some(map) = ext.as_object() else {
        return Err(lw.error(
            at,
            "x-batch must be a mapping with `success`, `results` and `items`",
        ));
    };
    for key in map.keys() {
        if !KEYS.contains(&key.as_str()) {
            return Err(lw.error(
                &pointer(at, &[key]),
                format!(
                    "x-batch: unknown key `{key}` (expected one of: {})",
                    KEYS.join(", ")
                ),
            ));
        }
    }
    let text = |key: &str| -> Result<Option<String>, Error> {
        match map.get(key) {
            None => Ok(None),
            Some(serde_json::Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
            Some(_) => Err(lw.error(
                &pointer(at, &[key]),
                format!("x-batch: `{key}` must be the name of a property"),
            )),
        }
    };
    let required = |key: &str, value: Option<String>| {
        value.ok_or_else(|| lw.error(at, format!("x-batch: `{key}` is missing")))
    };
    Ok(Keys {
        success: required("success", text("success")?)?,
        results: required("results", text("results")?)?,
        items: required("items", text("items")?)?,
        item_key: text("item-key")?,
    })
}

/// Checks the success response against the extension.
fn response_side(
    lw: &mut Lowerer<'_>,
    keys: &Keys,
    output: &Output,
    at: &str,
) -> Result<ResponseSide, Error> {
    let (success_name, results_name) = (&keys.success, &keys.results);
    let response_ty =
        match output {
            Output::Single(ResponseBody {
                encoding: BodyEncoding::Json,
                ty: TypeRef::Named(name),
            }) => name.clone(),
            _ => return Err(lw.error(
                at,
                "x-batch: the operation's success responses must all be the same JSON object type",
            )),
        };
    let (response_ty, response) = struct_fields(lw, &response_ty, at, "the success response")?;
    let success = find_field(
        lw,
        &response,
        success_name,
        at,
        "success",
        "the success response",
    )?;
    if strip(&success.1) != &TypeRef::Bool {
        return Err(lw.error(
            &pointer(at, &["success"]),
            format!("x-batch: `{success_name}` of the success response must be a boolean"),
        ));
    }
    let results = find_field(
        lw,
        &response,
        results_name,
        at,
        "results",
        "the success response",
    )?;
    let Some(result_item) = array_item(&results.1) else {
        return Err(lw.error(
            &pointer(at, &["results"]),
            format!("x-batch: `{results_name}` of the success response must be an array"),
        ));
    };
    let TypeRef::Named(result_ty) = result_item else {
        return Err(lw.error(
            &pointer(at, &["results"]),
            format!(
                "x-batch: the items of `{results_name}` must be objects with a boolean `success`"
            ),
        ));
    };
    let (_, result_fields) = struct_fields(lw, result_ty, &pointer(at, &["results"]), "a result")?;
    let item_success = result_fields
        .iter()
        .find(|(f, ty)| f.wire_name == "success" && strip(ty) == &TypeRef::Bool)
        .ok_or_else(|| {
            lw.error(
                &pointer(at, &["results"]),
                format!("x-batch: the items of `{results_name}` must be objects with a boolean `success`"),
            )
        })?;
    Ok(ResponseSide {
        response_ty,
        success: success.0,
        results: results.0,
        item_success: item_success.0.clone(),
        item_error_code: string_field(&result_fields, "error_code"),
        item_error_msg: string_field(&result_fields, "error_msg"),
        error_code: string_field(&response, "error_code"),
        error_msg: string_field(&response, "error_msg"),
    })
}

/// Checks the request body against the extension and decides how items are named.
fn request_side(
    lw: &mut Lowerer<'_>,
    keys: &Keys,
    body: Option<&Body>,
    at: &str,
) -> Result<RequestSide, Error> {
    let (items_name, key_name) = (&keys.items, &keys.item_key);
    let body_ty = match body {
        Some(Body {
            encoding: BodyEncoding::Json,
            ty: TypeRef::Named(name),
            ..
        }) => name.clone(),
        _ => {
            return Err(lw.error(
                at,
                "x-batch: the operation must have a JSON object request body",
            ))
        }
    };
    let (body_ty, body_fields) = struct_fields(lw, &body_ty, at, "the request body")?;
    let items = find_field(
        lw,
        &body_fields,
        items_name,
        at,
        "items",
        "the request body",
    )?;
    let Some(item_ty) = array_item(&items.1).cloned() else {
        return Err(lw.error(
            &pointer(at, &["items"]),
            format!("x-batch: `{items_name}` of the request body must be an array"),
        ));
    };
    let key = match (&key_name, &item_ty) {
        (None, TypeRef::String) => BatchKey::Itself,
        (None, _) => BatchKey::Position,
        (Some(k), TypeRef::Named(name)) => {
            let (_, item_fields) = struct_fields(lw, name, &pointer(at, &["item-key"]), "an item")?;
            let (field, ty) = find_field(lw, &item_fields, k, at, "item-key", "an item")?;
            if strip(&ty) != &TypeRef::String {
                return Err(lw.error(
                    &pointer(at, &["item-key"]),
                    format!("x-batch: `item-key` must name a string property; `{k}` is not one"),
                ));
            }
            BatchKey::Field(field)
        }
        (Some(_), _) => {
            return Err(lw.error(
                &pointer(at, &["item-key"]),
                format!("x-batch: `item-key` needs the items of `{items_name}` to be objects"),
            ))
        }
    };
    let bulk = bulk_plan(lw, &body_ty, &body_fields, &items.0, at);
    Ok(RequestSide {
        body_ty,
        items: items.0,
        item_ty,
        key,
        bulk,
    })
}

/// The bulk helper's plan: every other body property is copied into each chunk. None when a
/// chunk could not be built from the items alone (another required property, or undeclared
/// properties kept in the body).
fn bulk_plan(
    lw: &mut Lowerer<'_>,
    body_ty: &str,
    body_fields: &[(FieldAccess, TypeRef)],
    items: &FieldAccess,
    at: &str,
) -> Option<Bulk> {
    let mut other_fields = Vec::new();
    let mut bulk_ok = true;
    for (field, ty) in body_fields {
        if field.name == items.name {
            continue;
        }
        if !field.optional {
            lw.warn(
                at,
                format!(
                    "x-batch: the request body's required property `{}` is not the items array; \
                     no bulk helper is generated",
                    field.wire_name
                ),
            );
            bulk_ok = false;
        }
        let copy = is_copy(lw, strip(ty));
        other_fields.push(BulkField {
            field: field.name.clone(),
            setter: String::new(),
            ty: strip(ty).clone(),
            copy,
        });
    }
    if has_additional(lw, body_ty) {
        lw.warn(
            at,
            "x-batch: the request body keeps undeclared properties; no bulk helper is generated",
        );
        bulk_ok = false;
    }
    bulk_ok.then(|| Bulk {
        fn_name: String::new(),
        builder_name: String::new(),
        other_fields,
    })
}

/// The string property `wire` of a struct, if it has one.
fn string_field(fields: &[(FieldAccess, TypeRef)], wire: &str) -> Option<FieldAccess> {
    fields
        .iter()
        .find(|(f, ty)| f.wire_name == wire && strip(ty) == &TypeRef::String)
        .map(|(f, _)| f.clone())
}

/// Methods and fields of a bulk builder besides the parameters' and body properties' setters.
const BULK_BUILDER_METHODS: [&str; 8] = [
    "chunk_size",
    "concurrency",
    "on_progress",
    "send",
    "send_report",
    "project_id",
    "call",
    "client",
];

/// Names the bulk helpers once every operation has its own names, so that an operation never
/// loses its name to a helper. Setter names avoid the builder's own methods.
pub(super) fn name_bulk_helpers(
    operations: &mut [Operation],
    fn_names: &mut Namespace,
    builder_names: &mut Namespace,
) {
    for op in operations {
        // The bulk runner binds the operation's parameters as locals beside its own.
        // A required parameter set by name is forwarded by a setter of the same name, which
        // must not take one of the bulk builder's own.
        let clash = op
            .params
            .iter()
            .any(|p| BULK_LOCALS.contains(&p.name.as_str()))
            || op
                .required_setters()
                .any(|p| BULK_BUILDER_METHODS.contains(&p.name.as_str()));
        let Some(batch) = op.batch.as_mut() else {
            continue;
        };
        if clash {
            batch.bulk = None;
        }
        let Some(bulk) = batch.bulk.as_mut() else {
            continue;
        };
        bulk.fn_name = fn_names.claim(&format!("{}_bulk", op.fn_name));
        bulk.builder_name = builder_names.claim(&format!(
            "{}Bulk",
            op.builder_name.trim_end_matches("Builder")
        ));
        let mut setters = Namespace::default();
        for reserved in BULK_BUILDER_METHODS {
            setters.reserve(reserved);
        }
        for p in &op.params {
            setters.reserve(&p.name);
        }
        for other in &mut bulk.other_fields {
            other.setter = setters.claim(&snake_ident(&other.field));
        }
    }
}

/// Whether the Rust type of `ty` is `Copy`: numbers, booleans and integer enums.
fn is_copy(lw: &Lowerer<'_>, ty: &TypeRef) -> bool {
    let mut current = ty.clone();
    for _ in 0..16 {
        match current {
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => return true,
            TypeRef::Named(name) => match lw.find_def(&name).map(|d| &d.kind) {
                Some(TypeKind::Enum(e)) => return e.repr == EnumRepr::Integer,
                Some(TypeKind::Alias(next)) => current = next.clone(),
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// `T` of `T`, `Option<T>`-like nullable `T`.
fn strip(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Nullable(inner) => inner,
        other => other,
    }
}

fn array_item(ty: &TypeRef) -> Option<&TypeRef> {
    match strip(ty) {
        TypeRef::Array(item) => Some(item),
        _ => None,
    }
}

/// Follows aliases from a named type to a struct and returns its name and fields.
fn struct_fields(
    lw: &Lowerer<'_>,
    name: &str,
    at: &str,
    what: &str,
) -> Result<(String, Vec<(FieldAccess, TypeRef)>), Error> {
    let mut current = name.to_owned();
    for _ in 0..16 {
        match lw.find_def(&current).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => {
                let fields = s
                    .fields
                    .iter()
                    .map(|f| {
                        (
                            FieldAccess {
                                name: f.name.clone(),
                                wire_name: f.wire_name.clone(),
                                optional: !f.required || matches!(f.ty, TypeRef::Nullable(_)),
                            },
                            f.ty.clone(),
                        )
                    })
                    .collect();
                return Ok((current, fields));
            }
            Some(TypeKind::Alias(TypeRef::Named(next))) => current = next.clone(),
            _ => break,
        }
    }
    Err(lw.error(
        at,
        format!("x-batch: {what} must be an object type with declared properties"),
    ))
}

fn has_additional(lw: &Lowerer<'_>, name: &str) -> bool {
    matches!(
        lw.find_def(name).map(|d| &d.kind),
        Some(TypeKind::Struct(s)) if s.additional.is_some()
    )
}

fn find_field(
    lw: &Lowerer<'_>,
    fields: &[(FieldAccess, TypeRef)],
    wire: &str,
    at: &str,
    key: &str,
    what: &str,
) -> Result<(FieldAccess, TypeRef), Error> {
    fields
        .iter()
        .find(|(f, _)| f.wire_name == wire)
        .cloned()
        .ok_or_else(|| {
            let known: Vec<&str> = fields.iter().map(|(f, _)| f.wire_name.as_str()).collect();
            lw.error(
                &pointer(at, &[key]),
                format!(
                    "x-batch: {what} has no property `{wire}` (it has: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ),
            )
        })
}
