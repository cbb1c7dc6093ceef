//! Breaks cycles of directly nested types with `Box`, so that recursive schemas have a size.

use super::{TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The named type a field holds without indirection (`Vec` and maps already indirect).
fn direct(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Nullable(inner) => direct(inner),
        _ => None,
    }
}

pub fn mark_boxes(types: &mut [TypeDef]) {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for def in types.iter() {
        let targets = edges.entry(def.name.clone()).or_default();
        match &def.kind {
            TypeKind::Struct(s) => targets.extend(
                s.fields
                    .iter()
                    .filter_map(|f| direct(&f.ty))
                    .map(str::to_owned),
            ),
            TypeKind::Union(u) => targets.extend(
                u.variants
                    .iter()
                    .filter_map(|v| direct(&v.ty))
                    .map(str::to_owned),
            ),
            TypeKind::Alias(t) => targets.extend(direct(t).map(str::to_owned)),
            TypeKind::Enum(_) => {}
        }
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                if let Some(next) = edges.get(&node) {
                    stack.extend(next.iter().cloned());
                }
            }
        }
        false
    };
    for def in types.iter_mut() {
        let name = def.name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = direct(&field.ty) {
                        field.boxed = reaches(target, &name);
                    }
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    if let Some(target) = direct(&variant.ty) {
                        variant.boxed = reaches(target, &name);
                    }
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}
