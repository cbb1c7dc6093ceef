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
            TypeKind::Alias(t) | TypeKind::Newtype(t) => {
                targets.extend(direct(t).map(str::to_owned))
            }
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
            TypeKind::Alias(_) | TypeKind::Newtype(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// An alias that reaches itself through other aliases cannot be a Rust `type`. Through a list
/// or map it becomes a [`TypeKind::Newtype`]; a loop of bare references names no type at all
/// and is an error (its pointer is returned).
pub fn fix_alias_cycles(types: &mut [TypeDef]) -> Result<(), String> {
    let aliases: BTreeMap<String, TypeRef> = types
        .iter()
        .filter_map(|d| match &d.kind {
            TypeKind::Alias(t) => Some((d.name.clone(), t.clone())),
            _ => None,
        })
        .collect();
    let mut wrap = Vec::new();
    for (name, ty) in &aliases {
        // Follow every name the alias mentions, through aliases only.
        let mut seen = BTreeSet::new();
        let mut stack = Vec::new();
        ty.named(&mut stack);
        let mut cyclic = false;
        while let Some(next) = stack.pop() {
            if next == *name {
                cyclic = true;
                break;
            }
            if seen.insert(next.clone()) {
                if let Some(t) = aliases.get(&next) {
                    t.named(&mut stack);
                }
            }
        }
        if cyclic {
            if direct(ty).is_some() {
                let origin = types
                    .iter()
                    .find(|d| d.name == *name)
                    .map(|d| d.origin.clone())
                    .unwrap_or_default();
                return Err(origin);
            }
            wrap.push(name.clone());
        }
    }
    for def in types.iter_mut() {
        if wrap.contains(&def.name) {
            if let TypeKind::Alias(t) = &def.kind {
                def.kind = TypeKind::Newtype(t.clone());
            }
        }
    }
    Ok(())
}
