//! Rust names for spec names: valid identifiers, no keywords, no collisions.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust keywords (strict and reserved) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code uses unqualified; spec types may not take them.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "BTreeMap",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Display",
    "PartialEq",
    "Eq",
    "Hash",
    "From",
    "Into",
    "Send",
    "Sync",
    "Sized",
    "ToString",
    "ToOwned",
    "Iterator",
    "Self",
    "Value",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "Formatter",
    "Client",
    "Error",
    "Config",
    "Credentials",
];

/// Turns arbitrary text into an `UpperCamelCase` identifier (never empty, never a keyword).
pub fn type_ident(raw: &str) -> String {
    let raw = deunicode::deunicode(raw);
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = cleaned.to_upper_camel_case();
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

/// Turns arbitrary text into a `snake_case` identifier (never empty, never a keyword).
pub fn snake_ident(raw: &str) -> String {
    let raw = deunicode::deunicode(raw);
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = cleaned.to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Hands out unique names within one namespace, in the order they are asked for.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where the generated code's own type names are already taken.
    pub fn for_types() -> Self {
        Namespace {
            taken: RESERVED_TYPES.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Marks `name` as used by something outside the spec.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// `wanted` if free, else `wanted2`, `wanted3`, ... (`wanted_2` for snake case).
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let sep = if wanted.ends_with('_') {
            ""
        } else if wanted.contains('_') || wanted.chars().all(|c| !c.is_ascii_uppercase()) {
            "_"
        } else {
            ""
        };
        let mut n = 2usize;
        loop {
            let candidate = format!("{wanted}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid() {
        assert_eq!(type_ident("dataset-version"), "DatasetVersion");
        assert_eq!(type_ident("200 response"), "V200Response");
        assert_eq!(type_ident("€"), "Eur");
        assert_eq!(type_ident("!"), "Unnamed");
        assert_eq!(snake_ident("type"), "type_");
        assert_eq!(snake_ident("DescDataset"), "desc_dataset");
        assert_eq!(snake_ident("X-Request-Id"), "x_request_id");
        assert_eq!(snake_ident("1st"), "_1st");
        assert_eq!(snake_ident(""), "value");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("naïve"), "naive");
        assert_eq!(type_ident("über"), "Uber");
        assert_eq!(type_ident("+1"), "V1");
    }

    #[test]
    fn claims_never_collide() {
        let mut ns = Namespace::for_types();
        assert_eq!(ns.claim("Pet"), "Pet");
        assert_eq!(ns.claim("Pet"), "Pet2");
        assert_eq!(ns.claim("Option"), "Option2");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("a_b"), "a_b");
        assert_eq!(fields.claim("a_b"), "a_b_2");
    }
}
