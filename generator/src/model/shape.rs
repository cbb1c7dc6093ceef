//! Step one of schema lowering: whatever keywords spell a schema (a typed `type:` schema, a
//! bare `allOf`/`oneOf`, or the catch-all form that openapiv3 reads when keywords mix), it is
//! read once into a [`Shape`]. Lowering then handles each shape in one place.

use super::{EnumRepr, TypeRef};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

/// Properties of an object schema, as read from the spec.
pub type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The parts of a schema that make an object: its own properties and its `allOf` parts.
#[derive(Clone, Copy)]
pub struct ObjectParts<'s> {
    /// Declared properties (`None`: none).
    pub properties: Option<&'s Properties>,
    /// Names listed in `required`.
    pub required: &'s [String],
    /// `additionalProperties`.
    pub additional: Option<&'s AdditionalProperties>,
    /// `allOf` parts, merged before the own properties.
    pub all_of: &'s [ReferenceOr<Schema>],
}

impl ObjectParts<'_> {
    /// Whether the schema declares no property of its own.
    pub fn no_properties(&self) -> bool {
        self.properties.is_none_or(IndexMap::is_empty)
    }
}

/// What a schema is.
pub enum Shape<'s> {
    /// A type expression with no name of its own (`String`, `i64`, any JSON value, ...).
    Scalar(TypeRef),
    /// A closed set of values.
    Enum(EnumRepr, Vec<String>),
    /// A list (`None`: items of any kind).
    Array(Option<&'s ReferenceOr<Box<Schema>>>),
    /// An object, possibly merged from `allOf` parts.
    Object(ObjectParts<'s>),
    /// `oneOf` / `anyOf` (the keyword is kept for pointers and warnings).
    Union(&'s [ReferenceOr<Schema>], &'static str),
}

/// A note about something the shape leaves out, for the caller to report as a warning.
pub type Note = String;

/// Reads `s` into its shape.
pub fn normalise(s: &Schema) -> (Shape<'_>, Option<Note>) {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            let values: Vec<String> = t.enumeration.iter().flatten().cloned().collect();
            (enum_or(EnumRepr::String, values, TypeRef::String), None)
        }
        SchemaKind::Type(Type::Integer(t)) => {
            let values = t.enumeration.iter().flatten().map(i64::to_string).collect();
            let ty = integer_type(typed_int_format(&t.format));
            (enum_or(EnumRepr::Integer, values, ty), None)
        }
        SchemaKind::Type(Type::Number(_)) => (Shape::Scalar(TypeRef::F64), None),
        SchemaKind::Type(Type::Boolean(_)) => (Shape::Scalar(TypeRef::Bool), None),
        SchemaKind::Type(Type::Array(a)) => (Shape::Array(a.items.as_ref()), None),
        SchemaKind::Type(Type::Object(o)) => (
            Shape::Object(ObjectParts {
                properties: Some(&o.properties),
                required: &o.required,
                additional: o.additional_properties.as_ref(),
                all_of: &[],
            }),
            None,
        ),
        SchemaKind::OneOf { one_of } => (Shape::Union(one_of, "oneOf"), None),
        SchemaKind::AnyOf { any_of } => (Shape::Union(any_of, "anyOf"), None),
        SchemaKind::AllOf { all_of } => (
            Shape::Object(ObjectParts {
                properties: None,
                required: &[],
                additional: None,
                all_of,
            }),
            None,
        ),
        SchemaKind::Not { .. } => (
            Shape::Scalar(TypeRef::Any),
            Some("`not` cannot be expressed in Rust types; any JSON value is accepted".into()),
        ),
        SchemaKind::Any(a) => normalise_any(a),
    }
}

/// The catch-all form: keywords decide, in this order: `allOf`, `oneOf`, `anyOf`, `type`,
/// object keywords, `items`, `enum`.
fn normalise_any(a: &openapiv3::AnySchema) -> (Shape<'_>, Option<Note>) {
    let object = |all_of| {
        Shape::Object(ObjectParts {
            properties: Some(&a.properties),
            required: &a.required,
            additional: a.additional_properties.as_ref(),
            all_of,
        })
    };
    if !a.all_of.is_empty() {
        return (object(&a.all_of), None);
    }
    if !a.one_of.is_empty() {
        return (Shape::Union(&a.one_of, "oneOf"), None);
    }
    if !a.any_of.is_empty() {
        return (Shape::Union(&a.any_of, "anyOf"), None);
    }
    let has_object_parts = !a.properties.is_empty() || a.additional_properties.is_some();
    let non_null: Vec<&serde_json::Value> = a.enumeration.iter().filter(|v| !v.is_null()).collect();
    let strings = || -> Vec<String> {
        non_null
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let integers = || -> Vec<String> {
        non_null
            .iter()
            .filter_map(|v| v.as_i64().map(|n| n.to_string()))
            .collect()
    };
    match a.typ.as_deref() {
        Some("object") => (object(&[]), None),
        None if has_object_parts => (object(&[]), None),
        Some("array") | None if a.items.is_some() => (Shape::Array(a.items.as_ref()), None),
        Some("array") => (Shape::Array(None), None),
        Some("string") => {
            let values = strings();
            let note = (values.len() < non_null.len()).then(|| {
                "enum values that are not strings are left out of this string enum".into()
            });
            (enum_or(EnumRepr::String, values, TypeRef::String), note)
        }
        Some("integer") => {
            let ty = integer_type(a.format.as_deref());
            (enum_or(EnumRepr::Integer, integers(), ty), None)
        }
        Some("number") => (Shape::Scalar(TypeRef::F64), None),
        Some("boolean") => (Shape::Scalar(TypeRef::Bool), None),
        None if !a.enumeration.is_empty() => {
            if !non_null.is_empty() && non_null.iter().all(|v| v.is_string()) {
                (Shape::Enum(EnumRepr::String, strings()), None)
            } else if !non_null.is_empty() && non_null.iter().all(|v| v.is_i64()) {
                (Shape::Enum(EnumRepr::Integer, integers()), None)
            } else {
                (
                    Shape::Scalar(TypeRef::Any),
                    Some("an enum of mixed value types is read as any JSON value".into()),
                )
            }
        }
        None => (Shape::Scalar(TypeRef::Any), None),
        Some(other) => (
            Shape::Scalar(TypeRef::Any),
            Some(format!(
                "unknown schema type `{other}`; any JSON value is accepted"
            )),
        ),
    }
}

/// The OpenAPI 3.0 idiom that gives a `$ref` sibling keywords, `allOf: [{$ref: X}, {description:
/// ..}]`: the one part that carries a type, with its index, when every other part only annotates
/// (docs, examples, string or number constraints) and the schema itself adds nothing an object
/// merge would need (no properties, no `required`, no `type`).
pub fn sole_all_of_part(s: &Schema) -> Option<(usize, &ReferenceOr<Schema>)> {
    let all_of = match &s.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a) if adds_no_type(a) => &a.all_of,
        _ => return None,
    };
    let mut typed = all_of.iter().enumerate().filter(|(_, part)| match part {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(p) => {
            !matches!(&p.schema_kind, SchemaKind::Any(a) if adds_no_type(a) && a.all_of.is_empty())
        }
    });
    let sole = typed.next()?;
    typed.next().is_none().then_some(sole)
}

/// True when the catch-all form holds no keyword that shapes a type (constraints and docs may
/// be there; `allOf` is the caller's business).
fn adds_no_type(a: &openapiv3::AnySchema) -> bool {
    a.typ.is_none()
        && a.properties.is_empty()
        && a.required.is_empty()
        && a.additional_properties.is_none()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.one_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

/// The object parts of an `allOf` part: typed objects, bare `allOf`s and the catch-all form
/// contribute; anything else (a string, say) does not.
pub fn all_of_part(s: &Schema) -> Option<ObjectParts<'_>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(ObjectParts {
            properties: Some(&o.properties),
            required: &o.required,
            additional: o.additional_properties.as_ref(),
            all_of: &[],
        }),
        SchemaKind::AllOf { all_of } => Some(ObjectParts {
            properties: None,
            required: &[],
            additional: None,
            all_of,
        }),
        SchemaKind::Any(a) => Some(ObjectParts {
            properties: Some(&a.properties),
            required: &a.required,
            additional: a.additional_properties.as_ref(),
            all_of: &a.all_of,
        }),
        _ => None,
    }
}

fn enum_or(repr: EnumRepr, values: Vec<String>, plain: TypeRef) -> Shape<'static> {
    if values.is_empty() {
        Shape::Scalar(plain)
    } else {
        Shape::Enum(repr, values)
    }
}

fn integer_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("int32") => TypeRef::I32,
        _ => TypeRef::I64,
    }
}

fn typed_int_format(
    f: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>,
) -> Option<&str> {
    match f {
        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Some("int32"),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(u) if u == "int32" => Some("int32"),
        _ => None,
    }
}
