//! Rust names for spec names: valid identifiers, no keywords, no collisions.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

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

/// Method names every value has through the std traits the generated types derive or that are
/// in the prelude (`Clone`, `Debug`, `PartialEq`, `ToOwned`, `Into`, ...). An inherent method
/// with one of these names would shadow the trait method the generated code calls.
const STD_METHODS: &[&str] = &[
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "eq",
    "fmt",
    "from",
    "into",
    "ne",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "type_id",
];

/// Names the generated crate defines itself or calls on its own types. The model claims every
/// spec-derived name around these lists, and the emitter prints only names the model decided,
/// so a spec name can never collide with one of them.
pub mod reserved {
    /// Methods of the generated `Client` (constructors, `runtime`, the `config_param` helper)
    /// and names kept free for it.
    pub const CLIENT_METHODS: &[&str] = &[
        "new",
        "from_env",
        "runtime",
        "config",
        "config_param",
        "project_id",
        "with_runtime",
    ];
    /// Fields and methods every request builder defines, and locals its `send` functions bind.
    pub const BUILDER_MEMBERS: &[&str] = &[
        "body",
        "client",
        "call",
        "send",
        "send_with_metadata",
        "send_all",
        "send_outcome",
        "send_unchecked",
        "batch_keys",
        "pages",
        "items",
        "starting_at",
        "into_waiter",
        "request",
        "response",
        "attempt_timeout",
        "operation_timeout",
        "retry_policy",
    ];
    /// The constructor of a generated struct that has required fields (it takes them, in spec
    /// order); the struct's optional fields get `with_` setters.
    pub const STRUCT_CONSTRUCTOR: &str = "new";
    /// The prefix of a generated struct's setters (`with_<field>`). No other inherent method of
    /// a generated struct, and no std trait method, starts with it, so a setter never shadows
    /// one.
    pub const SETTER_PREFIX: &str = "with_";
    /// The variant of enums and discriminated unions that keeps values the SDK does not know.
    pub const UNKNOWN_VARIANT: &str = "Unknown";
    /// The field of a struct that keeps undeclared properties (`additionalProperties`), and the
    /// name used when a declared property already takes it.
    pub const ADDITIONAL_FIELDS: [&str; 2] = ["additional_properties", "extra_properties"];
    /// Modules at the crate root.
    pub const ROOT_MODULES: &[&str] = &["types", "operations"];
    /// Locals the `send` functions bind besides the builder's fields (a parameter filled from
    /// configuration is bound to a local of its own name).
    pub const SEND_LOCALS: &[&str] = &[
        "path", "request", "response", "value", "item", "key", "flat", "body", "status", "missing",
    ];
}

/// The namespace of `Client` methods: the client's own, then std trait methods.
pub fn client_methods() -> Namespace {
    Namespace::with_preset(&[reserved::CLIENT_METHODS, STD_METHODS])
}

/// The namespace of a request builder's fields and setters.
pub fn builder_members() -> Namespace {
    Namespace::with_preset(&[reserved::BUILDER_MEMBERS, STD_METHODS])
}

/// The namespace of a generated struct's inherent methods: its constructor, then std trait
/// methods. Setters are claimed in it (see [`setter`]).
pub fn struct_methods() -> Namespace {
    Namespace::with_preset(&[&[reserved::STRUCT_CONSTRUCTOR], STD_METHODS])
}

/// The setter wanted for the struct field `field` (a name [`snake_ident`] made): `with_<field>`,
/// without the `_` that keeps a keyword apart (`type_` gives `with_type`) or a leading digit
/// (`_1st` gives `with_1st`).
pub fn setter(field: &str) -> String {
    let base = field.strip_suffix('_').filter(|b| KEYWORDS.contains(b));
    let base = base.unwrap_or(field).trim_start_matches('_');
    format!("{}{base}", reserved::SETTER_PREFIX)
}

/// The namespace of enum and union variants (`Unknown` is taken).
pub fn variants() -> Namespace {
    Namespace::with_preset(&[&[reserved::UNKNOWN_VARIANT]])
}

/// Whether `name` is a plain Rust identifier (ASCII, not a keyword, not raw): what
/// `x-rust-name` must be.
pub fn is_plain_ident(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !KEYWORDS.contains(&name)
}

/// Turns arbitrary text into an `UpperCamelCase` identifier (never empty, never a keyword).
pub fn type_ident(raw: &str) -> String {
    if is_upper_camel_already(raw) {
        return raw.to_owned();
    }
    remembered(&TYPE_IDENTS, raw, type_ident_of)
}

/// Whether [`type_ident_of`] gives `raw` back unchanged, decided without heck (which writes
/// one character at a time through `fmt`): ASCII, an uppercase letter first, and every other
/// uppercase letter right after a lowercase one. heck then splits a word before each uppercase
/// letter and each word is already capitalised; anything else (`A2B`, `HTTPCode`, `Self`)
/// takes the full path. Names made from names (a struct's name and a property's) are like this.
fn is_upper_camel_already(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let Some(first) = bytes.first() else {
        return false;
    };
    first.is_ascii_uppercase()
        && raw != "Self"
        && bytes.windows(2).all(|pair| match pair[1] {
            b'a'..=b'z' | b'0'..=b'9' => true,
            b'A'..=b'Z' => pair[0].is_ascii_lowercase(),
            _ => false,
        })
}

/// Whether [`snake_ident_of`] gives `raw` back unchanged: lowercase ASCII words of letters and
/// digits joined by single underscores, a letter first, and not a keyword.
fn is_snake_already(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    first.is_ascii_lowercase()
        && *last != b'_'
        && !raw.contains("__")
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
        && !KEYWORDS.contains(&raw)
}

fn type_ident_of(raw: &str) -> String {
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
    if is_snake_already(raw) {
        return raw.to_owned();
    }
    remembered(&SNAKE_IDENTS, raw, snake_ident_of)
}

fn snake_ident_of(raw: &str) -> String {
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

thread_local! {
    /// [`type_ident`]'s answers on this thread: large specs ask for the same few hundred names
    /// (`id`, `url`, `created_at`, ...) tens of thousands of times, and transliterating and
    /// re-casing a name costs thousands of instructions.
    static TYPE_IDENTS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    /// [`snake_ident`]'s answers on this thread (see [`TYPE_IDENTS`]).
    static SNAKE_IDENTS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// Entries a name cache holds at most; past that it starts again, so memory stays bounded on
/// any spec.
const REMEMBERED_NAMES: usize = 1 << 16;

/// `make(raw)`, from `cache` when it was asked before on this thread.
fn remembered(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, String>>>,
    raw: &str,
    make: fn(&str) -> String,
) -> String {
    cache.with(|cache| {
        if let Some(name) = cache.borrow().get(raw) {
            return name.clone();
        }
        let name = make(raw);
        let mut cache = cache.borrow_mut();
        if cache.len() >= REMEMBERED_NAMES {
            cache.clear();
        }
        cache.insert(raw.to_owned(), name.clone());
        name
    })
}

/// Hands out unique names within one namespace, in the order they are asked for.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
    /// Names taken from the start, shared by every namespace of a kind (a struct's methods,
    /// say) instead of copied into each: GitHub's spec makes over 100,000 such copies.
    preset: &'static [&'static [&'static str]],
}

impl Namespace {
    /// A namespace where the names in `preset` are already taken.
    fn with_preset(preset: &'static [&'static [&'static str]]) -> Self {
        Namespace {
            taken: BTreeSet::new(),
            preset,
        }
    }

    fn in_preset(&self, name: &str) -> bool {
        self.preset.iter().any(|names| names.contains(&name))
    }

    /// Takes `name` if it is free.
    fn take(&mut self, name: &str) -> bool {
        !self.in_preset(name) && self.taken.insert(name.to_owned())
    }

    /// A namespace where the generated code's own type names are already taken.
    pub fn for_types() -> Self {
        Namespace {
            taken: RESERVED_TYPES.iter().map(|s| (*s).to_owned()).collect(),
            preset: &[],
        }
    }

    /// Marks `name` as used by something outside the spec.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Whether `name` is already used.
    pub fn is_taken(&self, name: &str) -> bool {
        self.in_preset(name) || self.taken.contains(name)
    }

    /// `wanted` if free, else `wanted2`, `wanted3`, ... (`wanted_2` for snake case).
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.take(wanted) {
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
            if self.take(&candidate) {
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
    fn the_shortcuts_agree_with_heck() {
        // Every string of up to 4 characters from an alphabet that has each case heck tells
        // apart: the shortcut either declines or gives what the full path gives.
        let alphabet = ['a', 'b', 'A', 'B', '1', '_', '-', ' '];
        let mut words = vec![String::new()];
        let (mut camel, mut snake) = (0, 0);
        for _ in 0..4 {
            words = words
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            for w in &words {
                if is_upper_camel_already(w) {
                    camel += 1;
                    assert_eq!(type_ident_of(w), *w, "type_ident of {w:?}");
                }
                if is_snake_already(w) {
                    snake += 1;
                    assert_eq!(snake_ident_of(w), *w, "snake_ident of {w:?}");
                }
            }
        }
        assert!(camel > 50 && snake > 50, "{camel} {snake}");
        for declined in ["A2B", "HTTPCode", "Self", "V2Beta", "ABC"] {
            assert!(!is_upper_camel_already(declined), "{declined}");
        }
        for declined in ["type", "self", "_a", "a_", "a__b", "1a", "aB"] {
            assert!(!is_snake_already(declined), "{declined}");
        }
        for (name, expected) in [
            ("A2B", "A2b"),
            ("HTTPCode", "HttpCode"),
            ("Self", "SelfValue"),
        ] {
            assert_eq!(type_ident(name), expected);
        }
    }

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
        assert_eq!(setter("type_"), "with_type");
        assert_eq!(setter("sample_"), "with_sample_");
        assert_eq!(setter("name"), "with_name");
        assert_eq!(setter("_1st"), "with_1st");
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
