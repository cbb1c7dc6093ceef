//! Breaks cycles of directly nested types with `Box`, so that recursive schemas have a size.

use super::{TypeDef, TypeKind, TypeRef};

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The named type a field holds without indirection (`Vec` and maps already indirect).
fn direct(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Nullable(inner) => direct(inner),
        _ => None,
    }
}

/// Boxes every field (or union variant) that holds, without indirection, a type that leads
/// back to its own type: exactly the direct edges inside one strongly connected component of the
/// graph of direct containment. The components are found once (Tarjan's algorithm, iterative),
/// rather than with a search per field, which was quadratic on specs like Stripe's.
pub fn mark_boxes(types: &mut [TypeDef]) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, def) in types.iter().enumerate() {
        index.entry(def.name.as_str()).or_insert(i);
    }
    let of = |name: &str| index.get(name).copied();
    let mut graph: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    for def in types.iter() {
        let mut targets = Vec::new();
        match &def.kind {
            TypeKind::Struct(s) => targets.extend(s.fields.iter().filter_map(|f| direct(&f.ty))),
            TypeKind::Union(u) => targets.extend(u.variants.iter().filter_map(|v| direct(&v.ty))),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => targets.extend(direct(t)),
            TypeKind::Enum(_) => {}
        }
        if let Some(from) = of(&def.name) {
            graph[from].extend(targets.into_iter().filter_map(of));
        }
    }
    let component = components(&graph);
    // Owned names, so that the types can be updated while the index is read.
    let component_of: HashMap<String, usize> = index
        .into_iter()
        .map(|(name, i)| (name.to_owned(), component[i]))
        .collect();
    for def in types.iter_mut() {
        let Some(&own) = component_of.get(&def.name) else {
            continue;
        };
        // Boxed exactly when the held type is in the holder's component.
        let mark = |ty: &TypeRef, boxed: &mut bool| {
            if let Some(target) = direct(ty) {
                *boxed = component_of.get(target) == Some(&own);
            }
        };
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| mark(&f.ty, &mut f.boxed)),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .for_each(|v| mark(&v.ty, &mut v.boxed)),
            TypeKind::Alias(_) | TypeKind::Newtype(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// The strongly connected component of every node (Tarjan's algorithm, with an explicit stack
/// so that a long chain of types cannot overflow the thread's stack).
fn components(graph: &[Vec<usize>]) -> Vec<usize> {
    let mut walk = Tarjan {
        order: vec![UNSEEN; graph.len()],
        low: vec![0; graph.len()],
        on_stack: vec![false; graph.len()],
        component: vec![UNSEEN; graph.len()],
        stack: Vec::new(),
        next_order: 0,
    };
    let mut next_component = 0;
    let mut calls = Vec::<(usize, usize)>::new();
    for root in 0..graph.len() {
        if walk.order[root] != UNSEEN {
            continue;
        }
        walk.enter(root);
        calls.push((root, 0));
        while let Some(top) = calls.last_mut() {
            let v = top.0;
            if let Some(&w) = graph[v].get(top.1) {
                top.1 += 1;
                if walk.order[w] == UNSEEN {
                    walk.enter(w);
                    calls.push((w, 0));
                } else if walk.on_stack[w] {
                    walk.low[v] = walk.low[v].min(walk.order[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                walk.low[parent] = walk.low[parent].min(walk.low[v]);
            }
            if walk.low[v] == walk.order[v] {
                while let Some(w) = walk.stack.pop() {
                    walk.on_stack[w] = false;
                    walk.component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    walk.component
}

const UNSEEN: usize = usize::MAX;

/// The state of [`components`]' walk, per node: visit order, lowest order reachable, whether it
/// is on the stack of the component being built, and its component once known.
struct Tarjan {
    order: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    component: Vec<usize>,
    stack: Vec<usize>,
    next_order: usize,
}

impl Tarjan {
    fn enter(&mut self, v: usize) {
        self.order[v] = self.next_order;
        self.low[v] = self.next_order;
        self.next_order += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
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

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn components_group_exactly_the_nodes_on_a_common_cycle() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 leads into it; 4 points at itself; 5 is alone.
        let graph = vec![vec![1], vec![2], vec![0], vec![0], vec![4], vec![]];
        let c = components(&graph);
        assert!(c[0] == c[1] && c[1] == c[2]);
        let distinct = [c[0], c[3], c[4], c[5]];
        for (i, a) in distinct.iter().enumerate() {
            assert!(distinct[i + 1..].iter().all(|b| a != b), "{c:?}");
        }
    }

    #[test]
    fn a_long_chain_of_types_does_not_exhaust_the_stack() {
        // 200,000 types in one cycle: a recursive walk would overflow a thread's default stack.
        let n = 200_000;
        let graph: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let c = components(&graph);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
