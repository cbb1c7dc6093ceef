//! Places each named type in a `types` submodule: the module of the only operation group
//! that uses it, or `common` when several groups (or none) do.

use super::{Features, Group, Operation, Output, TypeDef, TypeKind};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Module for types shared by several groups.
pub const COMMON_MODULE: &str = "common";

fn refs_of(def: &TypeDef) -> Vec<String> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                f.ty.named(&mut out);
            }
            if let Some(a) = &s.additional {
                a.ty.named(&mut out);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| v.ty.named(&mut out)),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => t.named(&mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// Named types an operation mentions directly.
pub fn roots_of(op: &Operation) -> Vec<String> {
    let mut out = Vec::new();
    for p in &op.params {
        p.ty.named(&mut out);
    }
    if let Some(b) = &op.body {
        b.ty.named(&mut out);
        for part in b.form.iter().flat_map(|f| &f.parts) {
            if let super::PartKind::Value(ty) = &part.kind {
                ty.named(&mut out);
            }
        }
    }
    for v in op.errors.iter().flat_map(|e| &e.variants) {
        if let Some(b) = &v.body {
            b.ty.named(&mut out);
        }
    }
    for h in op.headers.iter().flat_map(|h| &h.fields) {
        h.ty.named(&mut out);
    }
    match &op.output {
        Output::Empty => {}
        Output::Single(b) => b.ty.named(&mut out),
        Output::Multi { variants, .. } => {
            for v in variants {
                if let Some(b) = &v.body {
                    b.ty.named(&mut out);
                }
            }
        }
    }
    out
}

/// Places every type, and returns, per type name, the modules of the operations that reach it.
///
/// Reachability is walked once per module (from the union of its operations' roots), not once
/// per operation: on a spec whose types are all connected (Stripe's) the per-operation walk
/// was a quarter of the whole generation.
pub fn assign(
    types: &mut [TypeDef],
    operations: &[Operation],
) -> BTreeMap<String, BTreeSet<String>> {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.as_str(), i))
        .collect();
    let resolve = |names: Vec<String>| -> Vec<usize> {
        names
            .iter()
            .filter_map(|n| index.get(n.as_str()).copied())
            .collect()
    };
    let graph: Vec<Vec<usize>> = types.iter().map(|d| resolve(refs_of(d))).collect();
    let mut roots: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for op in operations {
        roots
            .entry(op.module.as_str())
            .or_default()
            .extend(resolve(roots_of(op)));
    }
    let mut reached_by: Vec<BTreeSet<String>> = vec![BTreeSet::new(); types.len()];
    let mut seen = vec![false; types.len()];
    for (module, mut stack) in roots {
        seen.iter_mut().for_each(|s| *s = false);
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut seen[i], true) {
                reached_by[i].insert(module.to_owned());
                stack.extend(graph[i].iter().copied());
            }
        }
    }
    let mut users = BTreeMap::new();
    for (def, modules) in types.iter_mut().zip(reached_by) {
        def.module = match modules.len() {
            1 => modules.iter().next().cloned().unwrap_or_default(),
            _ => COMMON_MODULE.to_owned(),
        };
        if !modules.is_empty() {
            users.insert(def.name.clone(), modules);
        }
    }
    users
}

/// One cargo feature per group, named after its module (`tag-` in front of a module that would
/// take the name of `default`, of [`Features::ALL`] or of [`Features::EXTRA_TYPES`]); each type
/// is compiled by the features of the groups whose operations reach it.
pub fn features(
    groups: &[Group],
    types: &[TypeDef],
    users: &BTreeMap<String, BTreeSet<String>>,
) -> Features {
    let by_module: BTreeMap<String, String> = groups
        .iter()
        .map(|g| {
            let feature =
                if ["default", Features::ALL, Features::EXTRA_TYPES].contains(&g.module.as_str()) {
                    format!("tag-{}", g.module)
                } else {
                    g.module.clone()
                };
            (g.module.clone(), feature)
        })
        .collect();
    let for_extra = reached_from_unused(types, users);
    let by_type = types
        .iter()
        .zip(for_extra)
        .map(|(def, for_extra)| {
            let mut features: Vec<String> = users
                .get(&def.name)
                .into_iter()
                .flatten()
                .filter_map(|module| by_module.get(module).cloned())
                .collect();
            // A type some operation uses that a type no operation uses refers to: `extra_types`
            // compiles it too. (A type no operation uses keeps an empty list.)
            if for_extra && !features.is_empty() {
                features.push(Features::EXTRA_TYPES.to_owned());
            }
            features.sort();
            features.dedup();
            (def.name.clone(), features)
        })
        .collect();
    Features { by_module, by_type }
}

/// For each type, whether a type no operation uses reaches it (itself included): what
/// [`Features::EXTRA_TYPES`] must compile. Webhook payloads in GitHub's spec refer to
/// `repository`, `simple-user` and other types that operations use.
fn reached_from_unused(types: &[TypeDef], users: &BTreeMap<String, BTreeSet<String>>) -> Vec<bool> {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.as_str(), i))
        .collect();
    let mut stack: Vec<usize> = types
        .iter()
        .enumerate()
        .filter(|(_, d)| !users.contains_key(&d.name))
        .map(|(i, _)| i)
        .collect();
    let mut reached = vec![false; types.len()];
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut reached[i], true) {
            stack.extend(
                refs_of(&types[i])
                    .iter()
                    .filter_map(|name| index.get(name.as_str()).copied()),
            );
        }
    }
    reached
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(module: &str) -> Group {
        Group {
            module: module.to_owned(),
            tag: module.to_owned(),
            docs: None,
        }
    }

    /// A tag whose module would take the name of a feature the crate defines itself gets
    /// `tag-` in front; the others keep their module's name.
    #[test]
    fn tags_named_like_the_crate_features_are_renamed() {
        let groups = [
            group("default"),
            group("full"),
            group("extra_types"),
            group("pets"),
        ];
        let features = features(&groups, &[], &BTreeMap::new());
        let names: Vec<&str> = features.by_module.values().map(String::as_str).collect();
        assert_eq!(
            names,
            ["tag-default", "tag-extra_types", "tag-full", "pets"]
        );
    }
}
