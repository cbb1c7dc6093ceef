//! Inline schemas that a spec repeats word for word (same shape, same docs, same field docs)
//! are emitted once: every repetition becomes a `type` alias of one of them, so the names the
//! operations use stay and the code is not emitted twice. GitHub's spec repeats some shapes
//! hundreds of times (a `read`/`write` permission enum, a webhook's `sender` object).

use super::{TypeDef, TypeKind, TypeRef};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Turns each repeated inline type into an alias of its canonical copy: a component if one
/// has the same shape and docs, else the shortest name (then the first in name order).
/// Components are never turned into aliases (their names are the spec's), nor are aliases.
/// Types that differ only in types that are themselves repeats are repeats too, so this runs
/// until nothing changes. Returns how many types became aliases.
pub fn alias_repeats(types: &mut [TypeDef]) -> usize {
    let mut merged: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let canonical = |name: &str| -> String {
            let mut current = name;
            while let Some(next) = merged.get(current) {
                current = next;
            }
            current.to_owned()
        };
        // Keyed by the docs and the shape itself (the shape with its references already merged).
        // Hashing every shape is most of the work here; foldhash is several times faster than
        // std's SipHash and still seeded per process.
        let mut groups: foldhash::HashMap<(Option<&str>, Cow<TypeKind>), Vec<usize>> =
            foldhash::HashMap::default();
        for (i, def) in types.iter().enumerate() {
            if merged.contains_key(&def.name) || matches!(def.kind, TypeKind::Alias(_)) {
                continue;
            }
            // Only a shape that mentions a merged type needs a renamed copy.
            let kind = if mentions(&def.kind, &|name| merged.contains_key(name)) {
                let mut kind = def.kind.clone();
                rename_refs(&mut kind, &canonical);
                Cow::Owned(kind)
            } else {
                Cow::Borrowed(&def.kind)
            };
            groups
                .entry((def.docs.as_deref(), kind))
                .or_default()
                .push(i);
        }
        let mut found = Vec::new();
        for members in groups.values().filter(|m| m.len() > 1) {
            let rank = |&i: &usize| {
                let def = &types[i];
                (def.spec_name.is_none(), def.name.len(), def.name.as_str())
            };
            let Some(&keep) = members.iter().min_by_key(|i| rank(i)) else {
                continue;
            };
            for &i in members {
                if i != keep && types[i].spec_name.is_none() {
                    found.push((types[i].name.clone(), types[keep].name.clone()));
                }
            }
        }
        if found.is_empty() {
            break;
        }
        merged.extend(found);
    }
    for def in types.iter_mut() {
        if merged.contains_key(&def.name) {
            let mut target = def.name.as_str();
            while let Some(next) = merged.get(target) {
                target = next;
            }
            if def.docs.is_none() {
                def.docs = Some(format!(
                    "The spec repeats this schema: the same type as `{target}`."
                ));
            }
            def.kind = TypeKind::Alias(TypeRef::Named(target.to_owned()));
        }
    }
    merged.len()
}

/// Rewrites every named type that `kind` mentions through `rename`.
fn rename_refs(kind: &mut TypeKind, rename: &impl Fn(&str) -> String) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                rename_ref(&mut field.ty, rename);
            }
            if let Some(additional) = &mut s.additional {
                rename_ref(&mut additional.ty, rename);
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                rename_ref(&mut variant.ty, rename);
            }
        }
        TypeKind::Alias(t) | TypeKind::Newtype(t) => rename_ref(t, rename),
        TypeKind::Enum(_) => {}
    }
}

/// Whether `kind` mentions a named type for which `hit` holds.
fn mentions(kind: &TypeKind, hit: &impl Fn(&str) -> bool) -> bool {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| f.ty.name().is_some_and(hit))
                || s.additional
                    .as_ref()
                    .is_some_and(|a| a.ty.name().is_some_and(hit))
        }
        TypeKind::Union(u) => u.variants.iter().any(|v| v.ty.name().is_some_and(hit)),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => t.name().is_some_and(hit),
        TypeKind::Enum(_) => false,
    }
}

fn rename_ref(ty: &mut TypeRef, rename: &impl Fn(&str) -> String) {
    match ty {
        TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => rename_ref(t, rename),
        TypeRef::Named(n) => *n = rename(n),
        _ => {}
    }
}
