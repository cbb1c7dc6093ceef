//! Lowering of JSON schemas to named Rust types and type expressions.

use super::all_of::AllOfMerge;
use super::names::{self, snake_ident, type_ident, Namespace};
use super::shape::{self, ObjectParts, Shape};
use super::{
    Additional, Enum, EnumRepr, EnumVariant, Field, Struct, TypeDef, TypeKind, TypeRef, Union,
    UnionVariant,
};
use crate::error::{pointer, Error, Location, Warning};
use crate::load::Document;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Inline schemas nested deeper than this are read as any JSON value, with a warning (a guard
/// against hostile input that still generates real specs' deep trees).
pub(super) const MAX_DEPTH: usize = 64;

/// Where a schema's Rust name comes from.
#[derive(Clone)]
enum Slot {
    /// A component: the name is already claimed; the key is the component's.
    Fixed(String, String),
    /// An inline schema: claim a name made from this hint if a named type is needed.
    Hint(String),
}

/// An object's properties after merging its `allOf` parts: wire name -> (schema, pointer).
type MergedProperties<'s> = IndexMap<String, (Cow<'s, ReferenceOr<Box<Schema>>>, String)>;

/// Schema lowering state shared by components and operations.
pub struct Lowerer<'a> {
    pub(super) doc: &'a Document,
    pub(super) type_names: Namespace,
    component_names: BTreeMap<String, String>,
    defs: Vec<TypeDef>,
    /// Where each name of `defs` sits, for [`Lowerer::find_def`] (batch and paging detection
    /// look an operation's body types up by name).
    def_index: foldhash::HashMap<String, usize>,
    warnings: Vec<Warning>,
    depth: usize,
    /// Set when a schema nests past [`MAX_DEPTH`]: the rest of the outermost schema being
    /// lowered is read as any JSON value, so that a deep (or endlessly re-inlined) tree costs
    /// one descent, not one per branch.
    too_deep: bool,
    /// Component keys whose schema is `nullable: true`.
    nullable_components: std::collections::BTreeSet<String>,
    /// The document as JSON, for `$ref`s that are not `#/components/<kind>/<name>`.
    doc_json: Option<serde_json::Value>,
    /// Types of schemas reached by such references.
    pointer_types: BTreeMap<String, TypeRef>,
    pointers_in_progress: std::collections::BTreeSet<String>,
}

impl<'a> Lowerer<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Lowerer {
            doc,
            type_names: Namespace::for_types(),
            component_names: BTreeMap::new(),
            defs: Vec::new(),
            def_index: Default::default(),
            warnings: Vec::new(),
            depth: 0,
            too_deep: false,
            nullable_components: Default::default(),
            doc_json: None,
            pointer_types: BTreeMap::new(),
            pointers_in_progress: Default::default(),
        }
    }

    /// A named type lowered so far.
    pub(super) fn find_def(&self, name: &str) -> Option<&TypeDef> {
        self.def_index.get(name).map(|&at| &self.defs[at])
    }

    /// Adds a named type; a name seen before keeps pointing at its first type.
    fn push_def(&mut self, def: TypeDef) {
        self.def_index
            .entry(def.name.clone())
            .or_insert(self.defs.len());
        self.defs.push(def);
    }

    /// The named types and the warnings collected so far. A type defined at a component's own
    /// pointer learns the component's key.
    pub fn finish(mut self) -> (Vec<TypeDef>, Vec<Warning>) {
        let keys: BTreeMap<String, &String> = self
            .component_names
            .keys()
            .map(|key| (pointer("/components/schemas", &[key]), key))
            .collect();
        for def in &mut self.defs {
            def.spec_name = keys.get(&def.origin).map(|key| (*key).clone());
        }
        (self.defs, self.warnings)
    }

    pub(super) fn error(&self, at: &str, message: impl Into<String>) -> Error {
        Error::at(&self.doc.file, at, message)
    }

    pub(super) fn warn(&mut self, at: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            message: message.into(),
            location: Location {
                file: self.doc.file.clone(),
                pointer: at.to_owned(),
                line_col: None,
            },
        });
    }

    /// Names every component schema first (so that they win over inline names), then lowers them.
    pub fn lower_components(&mut self) -> Result<(), Error> {
        let Some(components) = &self.doc.openapi.components else {
            return Ok(());
        };
        for (key, schema) in &components.schemas {
            let wanted = match schema {
                ReferenceOr::Item(s) => rust_name_ext(
                    self,
                    &s.schema_data.extensions,
                    &pointer("/components/schemas", &[key]),
                )?,
                ReferenceOr::Reference { .. } => None,
            }
            .unwrap_or_else(|| type_ident(key));
            let name = self.type_names.claim(&wanted);
            self.component_names.insert(key.clone(), name);
            if matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable) {
                self.nullable_components.insert(key.clone());
            }
        }
        for (key, schema) in &components.schemas {
            let at = pointer("/components/schemas", &[key]);
            let name = self.component_names.get(key).cloned().unwrap_or_default();
            let ty = match schema {
                ReferenceOr::Reference { reference } => self.resolve_ref(reference, &at)?,
                ReferenceOr::Item(s) => {
                    self.lower_schema(s, Slot::Fixed(name.clone(), key.clone()), &at)?
                }
            };
            // `nullable: true` on a named schema: the type itself stays as it is (fields that use it
            // are `Option`s anyway); an alias `X = Option<X>` would be a cycle.
            let is_self = match &ty {
                TypeRef::Named(n) => *n == name,
                TypeRef::Nullable(inner) => **inner == TypeRef::Named(name.clone()),
                _ => false,
            };
            if !is_self {
                let docs = match schema {
                    ReferenceOr::Item(s) => docs_of(s),
                    ReferenceOr::Reference { .. } => None,
                };
                self.push_def(TypeDef {
                    name,
                    docs,
                    kind: TypeKind::Alias(ty),
                    origin: at,
                    spec_name: None,
                    module: String::new(),
                });
            }
        }
        Ok(())
    }

    /// Lowers a schema or reference met inside an operation or another schema.
    pub fn lower_inline(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        at: &str,
    ) -> Result<TypeRef, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_ref(reference, at),
            ReferenceOr::Item(s) => self.lower_schema(s, Slot::Hint(hint.to_owned()), at),
        }
    }

    fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        at: &str,
    ) -> Result<TypeRef, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_ref(reference, at),
            ReferenceOr::Item(s) => self.lower_schema(s, Slot::Hint(hint.to_owned()), at),
        }
    }

    /// `#/components/schemas/Name` -> the component's type.
    pub(super) fn resolve_ref(&mut self, reference: &str, at: &str) -> Result<TypeRef, Error> {
        let Some(key) = schema_ref_key(reference) else {
            return self.resolve_pointer_schema(reference, at);
        };
        match self.component_names.get(&key) {
            // A component marked `nullable` may be `null` wherever it is used.
            Some(name) if self.nullable_components.contains(&key) => {
                Ok(TypeRef::Nullable(Box::new(TypeRef::Named(name.clone()))))
            }
            Some(name) => Ok(TypeRef::Named(name.clone())),
            None => Ok(self.degrade(
                at,
                &format!("$ref `{reference}` points to a schema that does not exist"),
            )),
        }
    }

    /// What cannot be lowered is read as any JSON value, with a warning at its place.
    pub(super) fn degrade(&mut self, at: &str, why: &str) -> TypeRef {
        self.warn(at, format!("{why}; any JSON value is accepted here"));
        TypeRef::Any
    }

    /// A `$ref` to a schema elsewhere in the document (`#/paths/...`, a property of a component):
    /// lowered once, as an inline schema named after the pointer's last token.
    fn resolve_pointer_schema(&mut self, reference: &str, at: &str) -> Result<TypeRef, Error> {
        if let Some(ty) = self.pointer_types.get(reference) {
            return Ok(ty.clone());
        }
        if !self.pointers_in_progress.insert(reference.to_owned()) {
            let why = format!(
                "$ref `{reference}` refers to itself; only a component can be a recursive type"
            );
            return Ok(self.degrade(at, &why));
        }
        let schema: ReferenceOr<Schema> = match self.resolve_pointer(reference, at) {
            Ok(schema) => schema,
            Err(e) => {
                self.pointers_in_progress.remove(reference);
                return Ok(self.degrade(at, &e.message));
            }
        };
        let target = reference.trim_start_matches('#').to_owned();
        let hint = target
            .rsplit('/')
            .next()
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .unwrap_or_default();
        let ty = self.lower_inline(&schema, &hint, &target);
        self.pointers_in_progress.remove(reference);
        let ty = ty?;
        self.pointer_types.insert(reference.to_owned(), ty.clone());
        Ok(ty)
    }

    /// Reads the object at a local `$ref` (`#/json/pointer`) as a `T`.
    pub(super) fn resolve_pointer<T: serde::de::DeserializeOwned>(
        &mut self,
        reference: &str,
        at: &str,
    ) -> Result<T, Error> {
        let Some(pointer) = reference.strip_prefix('#').map(percent_decode) else {
            return Err(self.error(
                at,
                format!("$ref `{reference}` points outside this file; only local references (`#/...`) are supported"),
            ));
        };
        if self.doc_json.is_none() {
            self.doc_json = Some(serde_json::to_value(&self.doc.openapi).unwrap_or_default());
        }
        let value = self
            .doc_json
            .as_ref()
            .and_then(|json| json.pointer(&pointer))
            .cloned()
            .ok_or_else(|| self.error(at, format!("$ref `{reference}` points to nothing")))?;
        // openapiv3 can panic on odd shapes; such a target is an error, not a crash.
        let parsed = std::panic::catch_unwind(|| serde_json::from_value::<T>(value));
        match parsed {
            Ok(Ok(item)) => Ok(item),
            Ok(Err(e)) => Err(self.error(
                at,
                format!("$ref `{reference}` points to something of another kind: {e}"),
            )),
            Err(_) => Err(self.error(
                at,
                format!("$ref `{reference}` points to something of another kind"),
            )),
        }
    }

    fn claim(&mut self, slot: &Slot) -> String {
        match slot {
            Slot::Fixed(name, _) => name.clone(),
            Slot::Hint(hint) => self.type_names.claim(&type_ident(hint)),
        }
    }

    fn lower_schema(&mut self, s: &Schema, slot: Slot, at: &str) -> Result<TypeRef, Error> {
        if self.too_deep {
            return Ok(TypeRef::Any);
        }
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            let why = format!("schemas are nested more than {MAX_DEPTH} levels deep");
            return Ok(self.degrade(at, &why));
        }
        self.depth += 1;
        let result = self.lower_schema_inner(s, slot, at);
        self.depth -= 1;
        if self.depth == 0 {
            self.too_deep = false;
        }
        let ty = result?;
        Ok(
            if s.schema_data.nullable && !matches!(ty, TypeRef::Nullable(_) | TypeRef::Any) {
                TypeRef::Nullable(Box::new(ty))
            } else {
                ty
            },
        )
    }

    fn lower_schema_inner(&mut self, s: &Schema, slot: Slot, at: &str) -> Result<TypeRef, Error> {
        if let Some((i, part)) = shape::sole_all_of_part(s) {
            if self.is_not_object(part) {
                // `allOf: [{$ref: Name}, {description}]` where `Name` is a string, list, enum or
                // union: the schema is that type (merging it as an object would drop it).
                let part_at = pointer(at, &["allOf", &i.to_string()]);
                return match part {
                    ReferenceOr::Reference { reference } => self.resolve_ref(reference, &part_at),
                    ReferenceOr::Item(p) => self.lower_schema(p, slot, &part_at),
                };
            }
        }
        let (shape, note) = shape::normalise(s);
        if let Some(note) = note {
            self.warn(at, note);
        }
        match shape {
            Shape::Scalar(ty) => Ok(ty),
            Shape::Enum(repr, values) => Ok(self.define_enum(s, slot, repr, values, at)),
            Shape::Array(items) => {
                let item = match items {
                    Some(items) => {
                        let hint = format!("{}Item", slot_hint(&slot));
                        self.lower_boxed(items, &hint, &pointer(at, &["items"]))?
                    }
                    None => TypeRef::Any,
                };
                Ok(TypeRef::Array(Box::new(item)))
            }
            Shape::Object(parts) => self.lower_object(s, slot, parts, at),
            Shape::Union(alternatives, keyword) => {
                self.lower_union(s, slot, alternatives, keyword, at)
            }
        }
    }

    /// True when `part` (following component `$ref`s, a few at most) is a schema whose shape is
    /// not an object: the sole typed part of an `allOf` that then stands for the whole schema.
    /// An object part keeps the usual merge, so an `allOf` cycle is still found there.
    fn is_not_object(&self, part: &ReferenceOr<Schema>) -> bool {
        let mut current = part;
        for _ in 0..8 {
            match current {
                ReferenceOr::Item(s) => {
                    return !matches!(shape::normalise(s).0, Shape::Object(_));
                }
                ReferenceOr::Reference { reference } => {
                    let target = schema_ref_key(reference)
                        .and_then(|key| self.doc.openapi.components.as_ref()?.schemas.get(&key));
                    match target {
                        Some(t) => current = t,
                        None => return false,
                    }
                }
            }
        }
        false
    }

    fn define_enum(
        &mut self,
        s: &Schema,
        slot: Slot,
        repr: EnumRepr,
        values: Vec<String>,
        at: &str,
    ) -> TypeRef {
        let name = self.claim(&slot);
        let explicit: Vec<String> = s
            .schema_data
            .extensions
            .get("x-enum-varnames")
            .or_else(|| s.schema_data.extensions.get("x-enumNames"))
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let use_explicit = explicit.len() == values.len();
        if !explicit.is_empty() && !use_explicit {
            self.warn(
                at,
                "x-enum-varnames has a different length than enum; it is ignored",
            );
        }
        let descriptions: Vec<String> = s
            .schema_data
            .extensions
            .get("x-enum-descriptions")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let mut ns = names::variants();
        let mut seen = std::collections::BTreeSet::new();
        let mut variants = Vec::new();
        for (i, value) in values.into_iter().enumerate() {
            if !seen.insert(value.clone()) {
                continue;
            }
            let wanted = match explicit.get(i) {
                Some(n) if use_explicit => type_ident(n),
                _ => match repr {
                    EnumRepr::String => type_ident(&spell_sign(&value)),
                    EnumRepr::Integer => match value.strip_prefix('-') {
                        Some(abs) => format!("ValueMinus{abs}"),
                        None => format!("Value{value}"),
                    },
                },
            };
            let docs = descriptions.get(i).filter(|d| !d.is_empty()).cloned();
            variants.push(EnumVariant {
                name: ns.claim(&wanted),
                value,
                docs,
            });
        }
        self.push_def(TypeDef {
            name: name.clone(),
            docs: docs_of(s),
            kind: TypeKind::Enum(Enum { repr, variants }),
            origin: at.to_owned(),
            spec_name: None,
            module: String::new(),
        });
        TypeRef::Named(name)
    }

    fn lower_object(
        &mut self,
        s: &Schema,
        slot: Slot,
        parts: ObjectParts<'_>,
        at: &str,
    ) -> Result<TypeRef, Error> {
        // `allOf: [one schema]` (often used to add a description to a $ref) is that schema.
        if parts.no_properties() && parts.all_of.len() == 1 {
            let only_at = pointer(at, &["allOf", "0"]);
            return match &parts.all_of[0] {
                ReferenceOr::Reference { reference } => self.resolve_ref(reference, &only_at),
                ReferenceOr::Item(inner) => self.lower_schema(inner, slot, &only_at),
            };
        }
        // A component's own parts must not lead back to it.
        let own_key = match &slot {
            Slot::Fixed(_, key) => Some(key.clone()),
            Slot::Hint(_) => None,
        };
        let mut merge = AllOfMerge::new(parts, own_key);
        for (i, part) in parts.all_of.iter().enumerate() {
            let part_at = pointer(at, &["allOf", &i.to_string()]);
            merge.part(self, part, &part_at, 0)?;
        }
        for (wire, schema) in parts.properties.into_iter().flatten() {
            let p = pointer(at, &["properties", wire]);
            merge.props.push((wire.clone(), Cow::Borrowed(schema), p));
        }
        let AllOfMerge {
            props,
            required,
            additional,
            ..
        } = merge;
        // A later declaration of a property replaces an earlier one, keeping its position.
        let mut merged = MergedProperties::new();
        for (wire, schema, p) in props {
            if let Some((earlier, _)) = merged.get(&wire) {
                if *earlier != schema {
                    self.warn(&p, format!("property `{wire}` is declared again with another schema; the last declaration is used"));
                }
            }
            merged.insert(wire, (schema, p));
        }

        if merged.is_empty() && parts.all_of.is_empty() {
            match &additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let hint = format!("{}Value", slot_hint(&slot));
                    let value_ty =
                        self.lower_inline(value, &hint, &pointer(at, &["additionalProperties"]))?;
                    return Ok(TypeRef::Map(Box::new(value_ty)));
                }
                Some(AdditionalProperties::Any(false)) => {}
                _ => return Ok(TypeRef::Map(Box::new(TypeRef::Any))),
            }
        }
        let name = self.claim(&slot);
        let fields = self.define_struct(&name, &merged, &required, additional.as_ref(), at)?;
        self.push_def(TypeDef {
            name: name.clone(),
            docs: docs_of(s),
            kind: TypeKind::Struct(fields),
            origin: at.to_owned(),
            spec_name: None,
            module: String::new(),
        });
        Ok(TypeRef::Named(name))
    }

    /// The fields of struct `name`: one per merged property, then the one that keeps
    /// undeclared properties.
    fn define_struct(
        &mut self,
        name: &str,
        merged: &MergedProperties<'_>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        at: &str,
    ) -> Result<Struct, Error> {
        let mut field_names = Namespace::default();
        let mut methods = names::struct_methods();
        let mut fields = Vec::new();
        for (wire, (schema, p)) in merged {
            let schema: &ReferenceOr<Box<Schema>> = schema;
            let ty = match schema {
                // A reference names its type; no hint is needed.
                ReferenceOr::Reference { reference } => self.resolve_ref(reference, p)?,
                ReferenceOr::Item(_) => {
                    let hint = format!("{name}{}", type_ident(wire));
                    self.lower_boxed(schema, &hint, p)?
                }
            };
            let docs = match schema {
                ReferenceOr::Item(inner) => docs_of(inner),
                ReferenceOr::Reference { .. } => None,
            };
            let name = field_names.claim(&snake_ident(wire));
            let required = required.contains(wire);
            // A required field with no empty value is a constructor argument; every other
            // field starts as `None` and has a setter.
            let setter = (!required || matches!(ty, TypeRef::Nullable(_)))
                .then(|| methods.claim(&names::setter(&name)));
            fields.push(Field {
                name,
                wire_name: wire.clone(),
                ty,
                required,
                boxed: false,
                docs,
                setter,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let hint = format!("{name}Value");
                Some(self.lower_inline(value, &hint, &pointer(at, &["additionalProperties"]))?)
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            _ => None,
        }
        .map(|ty| {
            let [first, second] = names::reserved::ADDITIONAL_FIELDS;
            let wanted = if field_names.is_taken(first) {
                second
            } else {
                first
            };
            Additional {
                field: field_names.claim(wanted),
                ty,
            }
        });
        let defaultable = !fields.iter().any(Field::is_constructor_arg);
        Ok(Struct {
            fields,
            additional,
            defaultable,
        })
    }

    fn lower_union(
        &mut self,
        s: &Schema,
        slot: Slot,
        alternatives: &[ReferenceOr<Schema>],
        keyword: &str,
        at: &str,
    ) -> Result<TypeRef, Error> {
        if alternatives.len() == 1 {
            let only_at = pointer(at, &[keyword, "0"]);
            return match &alternatives[0] {
                ReferenceOr::Reference { reference } => self.resolve_ref(reference, &only_at),
                ReferenceOr::Item(inner) => self.lower_schema(inner, slot, &only_at),
            };
        }
        let name = self.claim(&slot);
        let discriminator = s.schema_data.discriminator.as_ref();
        let mut variant_names = names::variants();
        let mut variants = Vec::new();
        for (i, alt) in alternatives.iter().enumerate() {
            let alt_at = pointer(at, &[keyword, &i.to_string()]);
            let (ty, wanted, key) = match alt {
                ReferenceOr::Reference { reference } => {
                    let ty = self.resolve_ref(reference, &alt_at)?;
                    let key = schema_ref_key(reference);
                    let wanted = match &ty {
                        TypeRef::Named(n) => n.clone(),
                        _ => format!("Variant{i}"),
                    };
                    (ty, wanted, key)
                }
                ReferenceOr::Item(inner) => {
                    let ty =
                        self.lower_schema(inner, Slot::Hint(format!("{name}Variant{i}")), &alt_at)?;
                    let wanted = match &ty {
                        TypeRef::Named(n) => n
                            .strip_prefix(&name)
                            .filter(|r| !r.is_empty())
                            .unwrap_or(n)
                            .to_owned(),
                        TypeRef::String => "String".to_owned(),
                        TypeRef::I32 | TypeRef::I64 => "Integer".to_owned(),
                        TypeRef::F64 => "Number".to_owned(),
                        TypeRef::Bool => "Boolean".to_owned(),
                        TypeRef::Array(_) => "Array".to_owned(),
                        TypeRef::Map(_) => "Map".to_owned(),
                        _ => format!("Variant{i}"),
                    };
                    (ty, wanted, None)
                }
            };
            let mut tags = Vec::new();
            if let (Some(d), Some(key)) = (discriminator, &key) {
                for (tag, target) in &d.mapping {
                    if schema_ref_key(target).as_deref() == Some(key.as_str()) || target == key {
                        tags.push(tag.clone());
                    }
                }
                if tags.is_empty() {
                    tags.push(key.clone());
                }
            }
            variants.push(UnionVariant {
                name: variant_names.claim(&type_ident(&wanted)),
                ty,
                tags,
                boxed: false,
            });
        }
        if discriminator.is_some() {
            self.drop_repeated_tags(&mut variants, at);
        }
        let mut discriminator = discriminator.map(|d| d.property_name.clone());
        if discriminator.is_some() && variants.iter().any(|v| v.tags.is_empty()) {
            self.warn(at, "the discriminator is ignored: an inline alternative has no mapping; alternatives are tried in order");
            discriminator = None;
        }
        if discriminator.is_none() && keyword == "anyOf" {
            self.warn(at, "anyOf is decoded as the first alternative that matches");
        }
        self.push_def(TypeDef {
            name: name.clone(),
            docs: docs_of(s),
            kind: TypeKind::Union(Union {
                variants,
                discriminator,
            }),
            origin: at.to_owned(),
            spec_name: None,
            module: String::new(),
        });
        Ok(TypeRef::Named(name))
    }
}

impl Lowerer<'_> {
    /// A discriminator value decodes into the first alternative it maps to: later alternatives
    /// lose it, and one left with no value of its own (the same schema listed twice) is left
    /// out with a warning, so no match arm is unreachable.
    fn drop_repeated_tags(&mut self, variants: &mut Vec<UnionVariant>, at: &str) {
        let mut seen = std::collections::BTreeSet::new();
        let mut kept = Vec::with_capacity(variants.len());
        for (i, mut variant) in std::mem::take(variants).into_iter().enumerate() {
            let had_tags = !variant.tags.is_empty();
            variant.tags.retain(|tag| seen.insert(tag.clone()));
            if had_tags && variant.tags.is_empty() {
                self.warn(
                    at,
                    format!(
                        "alternative {i} has only discriminator values an earlier alternative \
                         already has; it is left out"
                    ),
                );
                continue;
            }
            kept.push(variant);
        }
        *variants = kept;
    }
}

fn slot_hint(slot: &Slot) -> String {
    match slot {
        Slot::Fixed(n, _) | Slot::Hint(n) => n.clone(),
    }
}

/// `x-rust-name` on a schema or operation (`at` is that object's pointer): a plain Rust
/// identifier, or a located error.
pub(super) fn rust_name_ext(
    lw: &Lowerer<'_>,
    ext: &IndexMap<String, serde_json::Value>,
    at: &str,
) -> Result<Option<String>, Error> {
    let Some(value) = ext.get("x-rust-name") else {
        return Ok(None);
    };
    let at = pointer(at, &["x-rust-name"]);
    match value.as_str() {
        Some(name) if names::is_plain_ident(name) => Ok(Some(name.to_owned())),
        Some(name) => Err(lw.error(
            &at,
            format!(
                "x-rust-name `{}` is not a plain Rust identifier (ASCII letters, digits and `_`, \
                 not starting with a digit, not a keyword, not a raw identifier)",
                name.escape_debug()
            ),
        )),
        None => Err(lw.error(&at, format!("x-rust-name must be a string, not `{value}`"))),
    }
}

/// The documentation of a schema: its description, else its title.
pub(super) fn docs_of(s: &Schema) -> Option<String> {
    s.schema_data
        .description
        .clone()
        .or_else(|| s.schema_data.title.clone())
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
}

/// Undoes the percent-encoding of a URI fragment (RFC 6901 section 6); invalid escapes and
/// invalid UTF-8 are kept as they are.
pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// The component key of a local schema reference, with pointer escapes undone.
pub(super) fn schema_ref_key(reference: &str) -> Option<String> {
    let reference = percent_decode(reference);
    let rest = reference.strip_prefix("#/components/schemas/")?;
    if rest.contains('/') {
        return None;
    }
    Some(rest.replace("~1", "/").replace("~0", "~"))
}

/// `+1` -> `plus 1`, `-1` -> `minus 1`, so signed values get distinct variant names.
fn spell_sign(value: &str) -> String {
    if let Some(rest) = value.strip_prefix('+') {
        format!("plus {rest}")
    } else if let Some(rest) = value
        .strip_prefix('-')
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        format!("minus {rest}")
    } else {
        value.to_owned()
    }
}
