//! Inline schemas that a spec repeats (same shape, same field and value docs) are emitted once:
//! every repetition becomes a `type` alias of one of them, so the names the operations use stay
//! and the code is not emitted twice. GitHub's spec repeats some shapes hundreds of times (a
//! `read`/`write` permission enum, a webhook's `sender` object).
//!
//! A repetition's own description (the schema's top-level `description`) is not part of what
//! must match: the alias keeps it as its rustdoc, so nothing the spec says is lost. GitHub's
//! spec words one `open`/`closed` enum in several ways (95 inline copies); matching
//! descriptions too left 229 more enums and 43 more structs in its crate.

use super::{EnumRepr, TypeDef, TypeKind, TypeRef};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Turns each repeated inline type into an alias of its canonical copy: a component if one
/// has the same shape, else the shortest name (then the first in name order).
/// Components are never turned into aliases (their names are the spec's), nor are aliases.
/// Types named in `apart` take no part at all, neither as repeats nor as copies: a waiter's
/// status enum carries that waiter's terminal values, which another enum of the same shape
/// need not share. Types that differ only in types that are themselves repeats are repeats too,
/// so this runs until nothing changes. Returns how many types became aliases.
///
/// A repeated inline enum of two or three string values is then named after its values
/// (`BotOrUserOrOrganization`), when no type has that name: its copies come from many places,
/// and the shortest of their names (`WebhooksUserType`, for 315 copies in GitHub's spec) says
/// where one copy sits, not what the values are. Every copy, the former canonical one
/// included, becomes an alias of the new type and keeps its own docs. A component stays the
/// canonical copy: its name is the spec's.
pub fn alias_repeats(types: &mut Vec<TypeDef>, apart: &BTreeSet<String>) -> usize {
    let mut merged = find_repeats(types, apart);
    name_enums_by_values(types, &mut merged);
    for def in types.iter_mut() {
        if merged.contains_key(&def.name) {
            let target = canonical(&merged, &def.name);
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

/// Most values an enum may have to be named after them.
const MAX_NAMED_VALUES: usize = 3;

/// Longest name made of values.
const MAX_VALUE_NAME: usize = 40;

/// Adds a type named after its values for each repeated inline enum of string values that
/// qualifies (see [`alias_repeats`]), and merges its former canonical copy into it.
fn name_enums_by_values(types: &mut Vec<TypeDef>, merged: &mut BTreeMap<String, String>) {
    let mut copies: BTreeMap<String, usize> = BTreeMap::new();
    for name in merged.keys() {
        *copies
            .entry(canonical(merged, name).to_owned())
            .or_default() += 1;
    }
    let mut taken: BTreeSet<String> = types.iter().map(|t| t.name.clone()).collect();
    let mut added = Vec::new();
    for def in types.iter() {
        let Some(&count) = copies.get(&def.name) else {
            continue;
        };
        if def.spec_name.is_some() {
            continue;
        }
        let TypeKind::Enum(e) = &def.kind else {
            continue;
        };
        if e.repr != EnumRepr::String || !(2..=MAX_NAMED_VALUES).contains(&e.variants.len()) {
            continue;
        }
        let name = e
            .variants
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>()
            .join("Or");
        if name.len() > MAX_VALUE_NAME || !taken.insert(name.clone()) {
            continue;
        }
        let values = e
            .variants
            .iter()
            .map(|v| {
                // A value with a backtick in it needs a longer fence.
                let fence = if v.value.contains('`') { "``" } else { "`" };
                format!("{fence}{}{fence}", v.value)
            })
            .collect::<Vec<_>>();
        let listed = match values.as_slice() {
            [a, b] => format!("{a} or {b}"),
            [first @ .., last] => format!("{}, or {last}", first.join(", ")),
            [] => String::new(),
        };
        added.push(TypeDef {
            name: name.clone(),
            docs: Some(format!(
                "One of {listed}. The spec repeats this enum in {} places, each an alias of \
                 this type.",
                count + 1
            )),
            kind: def.kind.clone(),
            origin: def.origin.clone(),
            spec_name: None,
            module: def.module.clone(),
        });
        merged.insert(def.name.clone(), name);
    }
    types.extend(added);
}

/// Where `name` ends after following merges.
fn canonical<'m>(merged: &'m BTreeMap<String, String>, name: &'m str) -> &'m str {
    let mut current = name;
    while let Some(next) = merged.get(current) {
        current = next;
    }
    current
}

/// A type's group key: its shape (field docs included), with the types it mentions merged.
type Key<'t> = Cow<'t, TypeKind>;

/// Every repeated type's name -> the type it repeats (possibly itself a repeat, in a chain).
///
/// Types are grouped by [`Key`]; each round merges the repeats in every group, and the next
/// round regroups only the types that mention a name whose canonical type changed (their keys
/// are the only ones that change). Hashing every shape once per round was most of the work on
/// GitHub's spec, which takes six rounds.
fn find_repeats(types: &[TypeDef], apart: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut merged: BTreeMap<String, String> = BTreeMap::new();
    let mut groups = Groups {
        ids: foldhash::HashMap::default(),
        members: Vec::new(),
        group_of: vec![None; types.len()],
    };
    for (i, def) in types.iter().enumerate() {
        if !matches!(def.kind, TypeKind::Alias(_)) && !apart.contains(&def.name) {
            groups.place(i, Cow::Borrowed(&def.kind));
        }
    }
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, def)| (def.name.as_str(), i))
        .collect();
    loop {
        let mut found = Vec::new();
        for group in groups.members.iter().filter(|m| m.len() > 1) {
            let rank = |&i: &usize| {
                let def = &types[i];
                (def.spec_name.is_none(), def.name.len(), def.name.as_str())
            };
            let Some(&keep) = group.iter().min_by_key(|i| rank(i)) else {
                continue;
            };
            for &i in group {
                if i != keep && types[i].spec_name.is_none() {
                    found.push((types[i].name.clone(), types[keep].name.clone()));
                }
            }
        }
        if found.is_empty() {
            break;
        }
        let before: Vec<(String, String)> = merged
            .keys()
            .map(|name| (name.clone(), canonical(&merged, name).to_owned()))
            .collect();
        // Merged types leave their groups.
        for (name, _) in &found {
            groups.remove(index[name.as_str()]);
        }
        let mut changed: BTreeSet<String> = found.iter().map(|(name, _)| name.clone()).collect();
        merged.extend(found);
        changed.extend(
            before
                .into_iter()
                .filter(|(name, target)| canonical(&merged, name) != target)
                .map(|(name, _)| name),
        );
        // Regroup the types whose key changed, in index order.
        for (i, def) in types.iter().enumerate() {
            if groups.group_of[i].is_none() {
                continue;
            }
            if !mentions(&def.kind, &|name| changed.contains(name)) {
                continue;
            }
            let mut kind = def.kind.clone();
            rename_refs(&mut kind, &|name| canonical(&merged, name).to_owned());
            groups.remove(i);
            groups.place(i, Cow::Owned(kind));
        }
    }
    merged
}

/// Types grouped by key: `members[id]` holds exactly the types whose current key is the one
/// `ids` maps to `id` (a key whose types all left keeps an empty group).
struct Groups<'t> {
    ids: foldhash::HashMap<Key<'t>, usize>,
    members: Vec<Vec<usize>>,
    /// Each type's group; `None` for aliases and merged types.
    group_of: Vec<Option<usize>>,
}

impl<'t> Groups<'t> {
    fn place(&mut self, i: usize, key: Key<'t>) {
        let members = &mut self.members;
        let id = *self.ids.entry(key).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[id].push(i);
        self.group_of[i] = Some(id);
    }

    fn remove(&mut self, i: usize) {
        if let Some(id) = self.group_of[i].take() {
            self.members[id].retain(|&m| m != i);
        }
    }
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
