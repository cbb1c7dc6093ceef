//! Merging `allOf` parts into one object. Each component is expanded at most once per merge
//! (a diamond, where two parts share a base, costs no more than a chain), a component that
//! includes itself is a cycle, and a long chain of legitimate parts is neither.

use super::schema::{schema_ref_key, Lowerer};
use super::shape::{self, ObjectParts};
use crate::error::{pointer, Error};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// How deep `allOf` parts may nest (components included), a guard for the stack.
pub const MAX_ALL_OF_DEPTH: usize = 256;

/// A property contributed by some part: wire name, schema, pointer. The schema is borrowed
/// from the document (or the merged schema) where it can be: copying every property's schema,
/// nested schemas and all, was a tenth of lowering GitHub's spec.
pub type PartProperty<'s> = (String, Cow<'s, ReferenceOr<Box<Schema>>>, String);

/// The object being merged.
pub struct AllOfMerge<'s> {
    /// Properties in the order the parts declare them (later ones may repeat earlier ones).
    pub props: Vec<PartProperty<'s>>,
    /// Every part's `required` names.
    pub required: Vec<String>,
    /// The last `additionalProperties` any part states.
    pub additional: Option<AdditionalProperties>,
    /// Components on the path from the merged schema to the current part.
    visiting: Vec<String>,
    /// Components already expanded into this merge.
    expanded: BTreeSet<String>,
}

impl<'s> AllOfMerge<'s> {
    /// Starts from the merged schema's own `required` and `additionalProperties`; `component`
    /// is its key when the merged schema is a component.
    pub fn new(own: ObjectParts<'_>, component: Option<String>) -> Self {
        AllOfMerge {
            props: Vec::new(),
            required: own.required.to_vec(),
            additional: own.additional.cloned(),
            visiting: component.into_iter().collect(),
            expanded: BTreeSet::new(),
        }
    }

    /// Adds the properties `part` contributes, following `$ref`s and nested `allOf`s.
    pub fn part<'d: 's>(
        &mut self,
        lw: &mut Lowerer<'d>,
        part: &'s ReferenceOr<Schema>,
        at: &str,
        depth: usize,
    ) -> Result<(), Error> {
        if depth >= MAX_ALL_OF_DEPTH {
            return Err(lw.error(
                at,
                format!(
                    "allOf parts nest more than {MAX_ALL_OF_DEPTH} levels deep (or loop through \
                     $refs that are not components)"
                ),
            ));
        }
        let reference = match part {
            ReferenceOr::Item(s) => return self.schema(lw, s, at, at, depth),
            ReferenceOr::Reference { reference } => reference,
        };
        let Some(key) = schema_ref_key(reference) else {
            // A part elsewhere in the document (`#/paths/.../allOf/1`).
            let target: ReferenceOr<Schema> = match lw.resolve_pointer(reference, at) {
                Ok(target) => target,
                Err(e) => {
                    lw.warn(at, format!("{}; this allOf part is left out", e.message));
                    return Ok(());
                }
            };
            return self.owned_part(lw, &target, at, depth + 1);
        };
        if self.visiting.contains(&key) {
            return Err(lw.error(
                at,
                format!("allOf references form a cycle: `{reference}` includes itself"),
            ));
        }
        if !self.expanded.insert(key.clone()) {
            // Already merged through another part (a diamond): its properties are in.
            return Ok(());
        }
        let doc: &'d crate::load::Document = lw.doc;
        let Some(target) = doc
            .openapi
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(&key))
        else {
            lw.warn(
                at,
                format!(
                    "$ref `{reference}` points to a schema that does not exist; this allOf part \
                     is left out"
                ),
            );
            return Ok(());
        };
        let base = pointer("/components/schemas", &[&key]);
        self.visiting.push(key);
        let result = match target {
            ReferenceOr::Item(s) => self.schema(lw, s, at, &base, depth),
            ReferenceOr::Reference { .. } => self.part(lw, target, &base, depth + 1),
        };
        self.visiting.pop();
        result
    }

    /// [`AllOfMerge::part`] for a part that lives only as long as this call (one found by a
    /// JSON pointer): its properties are copied.
    fn owned_part(
        &mut self,
        lw: &mut Lowerer<'_>,
        part: &ReferenceOr<Schema>,
        at: &str,
        depth: usize,
    ) -> Result<(), Error> {
        let mut inner = AllOfMerge {
            props: Vec::new(),
            required: Vec::new(),
            additional: None,
            visiting: std::mem::take(&mut self.visiting),
            expanded: std::mem::take(&mut self.expanded),
        };
        let result = inner.part(lw, part, at, depth);
        self.visiting = inner.visiting;
        self.expanded = inner.expanded;
        result?;
        self.props.extend(
            inner
                .props
                .into_iter()
                .map(|(wire, s, p)| (wire, Cow::Owned(s.into_owned()), p)),
        );
        self.required.extend(inner.required);
        if inner.additional.is_some() {
            self.additional = inner.additional;
        }
        Ok(())
    }

    /// Adds the properties of one schema; `base` is its own pointer.
    fn schema<'d: 's>(
        &mut self,
        lw: &mut Lowerer<'d>,
        s: &'s Schema,
        at: &str,
        base: &str,
        depth: usize,
    ) -> Result<(), Error> {
        let Some(parts) = shape::all_of_part(s) else {
            lw.warn(at, "an allOf part that is not an object is ignored");
            return Ok(());
        };
        for (i, nested) in parts.all_of.iter().enumerate() {
            let n_at = pointer(base, &["allOf", &i.to_string()]);
            self.part(lw, nested, &n_at, depth + 1)?;
        }
        for (wire, s) in parts.properties.into_iter().flatten() {
            let p = pointer(base, &["properties", wire]);
            self.props.push((wire.clone(), Cow::Borrowed(s), p));
        }
        self.required.extend(parts.required.iter().cloned());
        if parts.additional.is_some() {
            self.additional = parts.additional.cloned();
        }
        Ok(())
    }
}
