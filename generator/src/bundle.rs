//! Specs in several files: `$ref`s to other files (`schemas.yaml#/Owner`,
//! `./common.json#/components/schemas/Error`, `pet.yaml`) are gathered into one document before
//! the typed parse.
//!
//! - A reference is relative to the file that holds it, and is followed recursively (a
//!   `#/...` reference inside another file means that file).
//! - Specs are untrusted, so only files inside the root spec's directory (and its
//!   subdirectories) are read: absolute paths and paths that leave that directory (`../x.yaml`,
//!   or a symbolic link pointing out) are refused with an error. URLs are never fetched: such a
//!   `$ref` stays as it is and the model reads it as any JSON value, with a warning. At most
//!   [`MAX_FILES`] files and [`crate::load::MAX_SPEC_BYTES`] bytes are read in all.
//! - What a reference points to becomes a component of the main document, of the kind its
//!   place asks for (`#/components/schemas/Owner` for a schema, `.../parameters/X` for a
//!   parameter...), named after the pointer's last token (or the file's stem), with a number
//!   added when the name is taken; a component of the main document that is only such a
//!   reference receives the content itself, under its own name. Path items, which have no
//!   component kind in 3.0, are copied in place.
//! - A chain of references that never reaches content (`a.yaml#/X` -> `b.yaml#/Y` ->
//!   `a.yaml#/X`), or a path item that includes itself, is an error naming the files.
//! - Errors are located in the file that holds the fault: a missing file or a pointer to
//!   nothing at the `$ref` that names it, a syntax error in the file that has it.

use crate::error::{pointer, pointer_token, Error, Location};
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// Most files one spec may gather.
pub const MAX_FILES: usize = 1000;

/// Does the text hold a `$ref` whose value does not start with `#`? (A cheap scan: documents
/// without one are loaded as they are.)
pub fn has_external_refs(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"$ref").any(|i| {
        // `$ref` is ASCII, so the byte after it starts a character.
        let rest = &text[i + 4..];
        let value = rest
            .trim_start_matches(['"', '\''])
            .trim_start()
            .strip_prefix(':')
            .map(|v| v.trim_start().trim_start_matches(['"', '\'']));
        value.is_some_and(|value| !value.starts_with('#') && !value.is_empty())
    })
}

/// Component kinds (the keys of `components` a `$ref` can point into).
const COMPONENT_KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Keywords whose mapping's keys are names chosen by the spec (a property called `example`
/// is a schema, not an example), besides the [`COMPONENT_KINDS`].
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "definitions",
    "$defs",
    "pathItems",
    "paths",
    "webhooks",
    "content",
    "encoding",
    "variables",
    "mapping",
];

/// Whether the value under keyword `key` is data, not spec: an `example`, an Example object's
/// `value` (`in_example`: the mapping is an entry of `examples`), a 3.1 schema's list of
/// `examples`, an `enum`, a `default` or a `const`. A `$ref` inside data is a value like any
/// other and is never followed (GitHub Enterprise Cloud's spec has one in an example).
fn is_literal(key: &str, value: &Value, in_example: bool) -> bool {
    match key {
        "example" | "enum" | "default" | "const" => true,
        "value" => in_example,
        "examples" => value.is_sequence(),
        _ => false,
    }
}

/// One file read for the bundle.
struct File {
    /// How diagnostics name it (the root's display name, or a path beside it).
    display: String,
    text: String,
    value: Value,
}

/// A place in one file: the file's canonical path and a JSON pointer in it.
type Target = (PathBuf, String);

struct Bundler {
    root: PathBuf,
    root_dir: PathBuf,
    root_display: String,
    files: BTreeMap<PathBuf, File>,
    bytes: usize,
    /// Where each target went in the main document (`#/components/schemas/Owner`).
    placed: BTreeMap<Target, String>,
    /// Component names in use, per kind.
    taken: BTreeMap<String, BTreeSet<String>>,
    /// Components gathered from other files, in the order they were met.
    hoisted: Vec<(String, String, Value)>,
    /// Path items being copied (a path item that includes itself is refused).
    copying: Vec<Target>,
}

/// Gathers the files the spec at `path` refers to into one document; `None` when it refers to
/// no other file. `text` is the root file's text; `display` how diagnostics name it.
pub fn bundle(path: &Path, display: &str, text: &str) -> Result<Option<Value>, Error> {
    if !has_external_refs(text) {
        return Ok(None);
    }
    let root = path
        .canonicalize()
        .map_err(|e| Error::file(display, format!("cannot read the spec: {e}")))?;
    let root_dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut b = Bundler {
        root: root.clone(),
        root_dir,
        root_display: display.to_owned(),
        files: BTreeMap::new(),
        bytes: 0,
        placed: BTreeMap::new(),
        taken: BTreeMap::new(),
        hoisted: Vec::new(),
        copying: Vec::new(),
    };
    b.add_file(&root, display.to_owned(), text.to_owned())?;
    let mut doc = b.files[&root].value.clone();
    b.claim_root_components(&doc);
    b.walk(&mut doc, &root, &mut Vec::new(), &mut Vec::new())?;
    b.insert_hoisted(&mut doc);
    // Every `$ref` that looked external was data (an example's, say): the spec is one file
    // after all, and is loaded as it is (GitHub Enterprise Server's 63 MB dereferenced spec:
    // 6.4 s through the bundle's YAML text, 3.6 s read directly).
    if b.files.len() == 1 && doc == b.files[&root].value {
        return Ok(None);
    }
    Ok(Some(doc))
}

/// Parses a file's text as JSON or YAML (located errors name `display`).
fn parse_value(text: &str, display: &str) -> Result<Value, Error> {
    let located = |line_col: Option<(usize, usize)>, message: String| Error {
        message: format!(
            "not a valid JSON or YAML file: {}",
            // The location is reported separately.
            match message.rfind(" at line ") {
                Some(i) => &message[..i],
                None => &message,
            }
        ),
        location: Location {
            file: display.to_owned(),
            pointer: String::new(),
            line_col,
        },
    };
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| {
            let line_col = (e.line() > 0).then(|| (e.line(), e.column()));
            located(line_col, e.to_string())
        });
    }
    let mut value: Value = serde_yaml::from_str(text).map_err(|e| {
        let line_col = e.location().map(|l| (l.line(), l.column()));
        located(line_col, e.to_string())
    })?;
    value
        .apply_merge()
        .map_err(|e| Error::file(display, format!("cannot apply a YAML merge key: {e}")))?;
    Ok(value)
}

fn tokens_of(fragment: &str) -> Vec<String> {
    fragment
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn pointer_of(tokens: &[String]) -> String {
    tokens
        .iter()
        .map(|t| format!("/{}", pointer_token(t)))
        .collect()
}

fn child<'v>(value: &'v Value, token: &str) -> Option<&'v Value> {
    match value {
        Value::Mapping(map) => map.get(token),
        Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

/// `%7B` -> `{` in a reference's pointer part.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The component kind a `$ref` at `dest` (tokens in the main document) stands for; `None`
/// for a path item (copied in place).
fn kind_at(dest: &[String]) -> Option<&'static str> {
    let n = dest.len();
    let last = dest.last().map(String::as_str).unwrap_or("");
    let parent = if n >= 2 { dest[n - 2].as_str() } else { "" };
    if n == 3 && dest[0] == "components" {
        return COMPONENT_KINDS.iter().find(|k| **k == parent).copied();
    }
    if n == 2 && dest[0] == "paths" {
        return None;
    }
    if matches!(parent, "properties" | "allOf" | "anyOf" | "oneOf")
        || matches!(last, "schema" | "items" | "not" | "additionalProperties")
    {
        return Some("schemas");
    }
    match (parent, last) {
        ("parameters", _) => Some("parameters"),
        ("responses", _) => Some("responses"),
        (_, "requestBody") => Some("requestBodies"),
        ("headers", _) => Some("headers"),
        ("examples", _) => Some("examples"),
        ("links", _) => Some("links"),
        ("callbacks", _) => Some("callbacks"),
        _ => Some("schemas"),
    }
}

impl Bundler {
    fn located(&self, file: &Path, src: &[String], message: String) -> Error {
        let (display, line_col) = match self.files.get(file) {
            Some(f) => (
                f.display.clone(),
                crate::source_map::locate(&f.text, &pointer_of(src)),
            ),
            None => (self.root_display.clone(), None),
        };
        Error {
            message,
            location: Location {
                file: display,
                pointer: pointer_of(src),
                line_col,
            },
        }
    }

    fn display_of(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.root_dir).unwrap_or(path);
        let base = Path::new(&self.root_display)
            .parent()
            .unwrap_or(Path::new(""));
        base.join(relative).to_string_lossy().replace('\\', "/")
    }

    fn add_file(&mut self, path: &Path, display: String, text: String) -> Result<(), Error> {
        if self.files.len() >= MAX_FILES {
            return Err(Error::file(
                &self.root_display,
                format!("the spec refers to more than {MAX_FILES} files"),
            ));
        }
        self.bytes += text.len();
        if self.bytes > crate::load::MAX_SPEC_BYTES {
            return Err(Error::file(
                &self.root_display,
                format!(
                    "the spec's files hold more than {} bytes in all",
                    crate::load::MAX_SPEC_BYTES
                ),
            ));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        let value = parse_value(&text, &display)?;
        self.files.insert(
            path.to_path_buf(),
            File {
                display,
                text,
                value,
            },
        );
        Ok(())
    }

    /// The file a reference names, relative to `from`; read on first use. Refuses what the
    /// safety rule refuses (see the module docs).
    fn file_for(
        &mut self,
        reference: &str,
        relative: &str,
        from: &Path,
        src: &[String],
    ) -> Result<PathBuf, Error> {
        let refuse = |b: &Self, why: &str| {
            b.located(
                from,
                src,
                format!("$ref `{reference}` {why}; only files beside the spec (in its directory or below) are read"),
            )
        };
        let relative = percent_decode(relative);
        let rel = Path::new(&relative);
        if rel.is_absolute() || relative.starts_with('\\') || relative.contains(':') {
            return Err(refuse(self, "names an absolute path"));
        }
        let mut joined = from.parent().map(Path::to_path_buf).unwrap_or_default();
        for part in rel.components() {
            match part {
                Component::Normal(p) => joined.push(p),
                Component::ParentDir => {
                    joined.pop();
                }
                Component::CurDir => {}
                _ => return Err(refuse(self, "names an absolute path")),
            }
        }
        if !joined.starts_with(&self.root_dir) {
            return Err(refuse(self, "leaves the spec's directory"));
        }
        let canonical = joined.canonicalize().map_err(|e| {
            self.located(
                from,
                src,
                format!("$ref `{reference}` names a file that cannot be read: {e}"),
            )
        })?;
        if !canonical.starts_with(&self.root_dir) {
            return Err(refuse(
                self,
                "leads (through a link) out of the spec's directory",
            ));
        }
        if !self.files.contains_key(&canonical) {
            let text = std::fs::read(&canonical)
                .map_err(|e| e.to_string())
                .and_then(|b| String::from_utf8(b).map_err(|_| "it is not UTF-8".to_owned()))
                .map_err(|e| {
                    self.located(
                        from,
                        src,
                        format!("$ref `{reference}` names a file that cannot be read: {e}"),
                    )
                })?;
            let display = self.display_of(&canonical);
            self.add_file(&canonical, display, text)?;
        }
        Ok(canonical)
    }

    /// Where a `$ref` found in `from` (at `src`) points: `None` for a URL or for a local
    /// reference of the root file (both stay as they are).
    fn target_of(
        &mut self,
        reference: &str,
        from: &Path,
        src: &[String],
    ) -> Result<Option<Target>, Error> {
        if reference.contains("://") || reference.starts_with("//") {
            return Ok(None);
        }
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = percent_decode(fragment);
        if file_part.is_empty() {
            if from == self.root {
                return Ok(None);
            }
            return Ok(Some((from.to_path_buf(), fragment)));
        }
        let file = self.file_for(reference, file_part, from, src)?;
        Ok(Some((file, fragment)))
    }

    /// The content at `target`, following references that are nothing but a reference. A
    /// reference that leads back into the root file is returned as that local reference.
    fn content(
        &mut self,
        reference: &str,
        target: Target,
        from: &Path,
        src: &[String],
    ) -> Result<(Value, Target), Error> {
        let mut chain = vec![target.clone()];
        let (mut current, mut reference, mut from, mut src) = (
            target,
            reference.to_owned(),
            from.to_path_buf(),
            src.to_vec(),
        );
        loop {
            let (file, fragment) = &current;
            let node = self
                .files
                .get(file)
                .and_then(|f| {
                    tokens_of(fragment)
                        .iter()
                        .try_fold(&f.value, |v, t| child(v, t))
                })
                .cloned()
                .ok_or_else(|| {
                    let name = self
                        .files
                        .get(file)
                        .map(|f| f.display.clone())
                        .unwrap_or_default();
                    self.located(
                        &from,
                        &src,
                        format!("$ref `{reference}` points to nothing in {name}"),
                    )
                })?;
            let next_ref = match &node {
                Value::Mapping(map) if map.len() == 1 => {
                    map.get("$ref").and_then(Value::as_str).map(str::to_owned)
                }
                _ => None,
            };
            let Some(next_ref) = next_ref else {
                return Ok((node, current));
            };
            let next_src = {
                let mut s = tokens_of(fragment);
                s.push("$ref".to_owned());
                s
            };
            let next = match self.target_of(&next_ref, file, &next_src)? {
                // Into the root file (whose pointers stay) or a URL: the reference is the
                // content, rewritten where it lands.
                Some(next) if next.0 != self.root => next,
                _ => return Ok((node, current)),
            };
            if chain.contains(&next) {
                chain.push(next);
                let names: Vec<String> = chain
                    .iter()
                    .map(|(f, p)| {
                        let name = self
                            .files
                            .get(f)
                            .map(|x| x.display.clone())
                            .unwrap_or_default();
                        format!("{name}#{p}")
                    })
                    .collect();
                return Err(self.located(
                    file,
                    &next_src,
                    format!("$refs form a cycle across files: {}", names.join(" -> ")),
                ));
            }
            chain.push(next.clone());
            (reference, from, src) = (next_ref, file.clone(), next_src);
            current = next;
        }
    }

    /// Components of the root that are only a reference to another file receive that content
    /// under their own name.
    fn claim_root_components(&mut self, doc: &Value) {
        let Some(components) = child(doc, "components").and_then(Value::as_mapping) else {
            return;
        };
        for (kind, entries) in components {
            let (Some(kind), Some(entries)) = (kind.as_str(), entries.as_mapping()) else {
                continue;
            };
            for (name, node) in entries {
                let Some(name) = name.as_str() else { continue };
                self.taken
                    .entry(kind.to_owned())
                    .or_default()
                    .insert(name.to_owned());
                let reference = match node {
                    Value::Mapping(map) => map.get("$ref").and_then(Value::as_str),
                    _ => None,
                };
                let Some(reference) = reference.filter(|r| !r.starts_with('#')) else {
                    continue;
                };
                let src = vec!["components".to_owned(), kind.to_owned(), name.to_owned()];
                let root = self.root.clone();
                if let Ok(Some(target)) = self.target_of(reference, &root, &src) {
                    self.placed
                        .entry(target)
                        .or_insert_with(|| format!("#{}", pointer("/components", &[kind, name])));
                }
            }
        }
    }

    /// A free component name for `wanted` in `kind`.
    fn claim_name(&mut self, kind: &str, wanted: &str) -> String {
        let taken = self.taken.entry(kind.to_owned()).or_default();
        let base: String = wanted
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let base = if base.is_empty() {
            "Ref".to_owned()
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.insert(name.clone());
        name
    }

    /// Rewrites every reference to another file under `node` (which comes from `file`, at
    /// `src` there, and goes to `dest` in the main document).
    fn walk(
        &mut self,
        node: &mut Value,
        file: &Path,
        src: &mut Vec<String>,
        dest: &mut Vec<String>,
    ) -> Result<(), Error> {
        let reference = match node {
            Value::Mapping(map) => map.get("$ref").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        };
        if let Some(reference) = reference {
            return self.follow(node, &reference, file, src, dest);
        }
        match node {
            Value::Mapping(map) => {
                let holds_names = src.last().is_some_and(|k| {
                    NAME_MAPS.contains(&k.as_str()) || COMPONENT_KINDS.contains(&k.as_str())
                });
                let is_example = src.len() >= 2 && src[src.len() - 2] == "examples";
                for (key, value) in map.iter_mut() {
                    let key = match key {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => continue,
                    };
                    if !holds_names && is_literal(&key, value, is_example) {
                        continue;
                    }
                    src.push(key.clone());
                    dest.push(key);
                    let result = self.walk(value, file, src, dest);
                    src.pop();
                    dest.pop();
                    result?;
                }
            }
            Value::Sequence(items) => {
                for (i, value) in items.iter_mut().enumerate() {
                    src.push(i.to_string());
                    dest.push(i.to_string());
                    let result = self.walk(value, file, src, dest);
                    src.pop();
                    dest.pop();
                    result?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// One `$ref` node: pointed at the component that holds its target (gathered on first
    /// use), or replaced by the path item it names.
    fn follow(
        &mut self,
        node: &mut Value,
        reference: &str,
        file: &Path,
        src: &[String],
        dest: &mut Vec<String>,
    ) -> Result<(), Error> {
        let mut ref_src = src.to_vec();
        ref_src.push("$ref".to_owned());
        let src = &ref_src;
        let Some(target) = self.target_of(reference, file, src)? else {
            return Ok(());
        };
        if target.0 == self.root {
            // The root's own nodes keep their pointers in the gathered document.
            set_ref(node, &format!("#{}", pointer_of(&tokens_of(&target.1))));
            return Ok(());
        }
        let here = format!("#{}", pointer_of(dest));
        let Some(kind) = kind_at(dest) else {
            return self.copy_in_place(node, reference, target, file, src, dest);
        };
        if let Some(local) = self.placed.get(&target).cloned() {
            if local != here {
                set_ref(node, &local);
                return Ok(());
            }
            // A root component that is only this reference: its content goes here.
            let (mut content, origin) = self.content(reference, target, file, src)?;
            let mut origin_src = tokens_of(&origin.1);
            self.walk(&mut content, &origin.0, &mut origin_src, dest)?;
            *node = content;
            return Ok(());
        }
        let (mut content, origin) = self.content(reference, target.clone(), file, src)?;
        let wanted = tokens_of(&origin.1)
            .last()
            .cloned()
            .or_else(|| {
                origin
                    .0
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
            })
            .unwrap_or_default();
        let name = self.claim_name(kind, &wanted);
        let local = format!("#{}", pointer("/components", &[kind, &name]));
        self.placed.insert(target, local.clone());
        self.placed.entry(origin.clone()).or_insert(local.clone());
        let mut origin_src = tokens_of(&origin.1);
        let mut new_dest = vec!["components".to_owned(), kind.to_owned(), name.clone()];
        // Its place first, so that components come in the order they are met.
        let slot = self.hoisted.len();
        self.hoisted.push((kind.to_owned(), name, Value::Null));
        self.walk(&mut content, &origin.0, &mut origin_src, &mut new_dest)?;
        self.hoisted[slot].2 = content;
        set_ref(node, &local);
        Ok(())
    }

    /// A path item from another file, copied where its reference was.
    fn copy_in_place(
        &mut self,
        node: &mut Value,
        reference: &str,
        target: Target,
        file: &Path,
        src: &[String],
        dest: &mut Vec<String>,
    ) -> Result<(), Error> {
        if self.copying.contains(&target) {
            let from = self
                .files
                .get(file)
                .map(|f| f.display.clone())
                .unwrap_or_default();
            let to = self
                .files
                .get(&target.0)
                .map(|f| f.display.clone())
                .unwrap_or_default();
            return Err(self.located(
                file,
                src,
                format!(
                    "$ref `{reference}` forms a cycle across files: {from} includes {to}#{} again",
                    target.1
                ),
            ));
        }
        let (mut content, origin) = self.content(reference, target.clone(), file, src)?;
        self.copying.push(target);
        let mut origin_src = tokens_of(&origin.1);
        let result = self.walk(&mut content, &origin.0, &mut origin_src, dest);
        self.copying.pop();
        result?;
        *node = content;
        Ok(())
    }

    /// Adds the gathered components to the main document.
    fn insert_hoisted(&mut self, doc: &mut Value) {
        if self.hoisted.is_empty() {
            return;
        }
        let Some(root) = doc.as_mapping_mut() else {
            return;
        };
        let components = root
            .entry("components".into())
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        if !components.is_mapping() {
            *components = Value::Mapping(Mapping::new());
        }
        let Some(components) = components.as_mapping_mut() else {
            return;
        };
        for (kind, name, content) in std::mem::take(&mut self.hoisted) {
            let entries = components
                .entry(kind.into())
                .or_insert_with(|| Value::Mapping(Mapping::new()));
            if let Some(entries) = entries.as_mapping_mut() {
                entries.insert(name.into(), content);
            }
        }
    }
}

/// Points a `$ref` node at a local component (its sibling keywords stay).
fn set_ref(node: &mut Value, local: &str) {
    if let Some(map) = node.as_mapping_mut() {
        map.insert("$ref".into(), local.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_refs_are_spotted_in_json_and_yaml() {
        assert!(has_external_refs("a:\n  $ref: 'pet.yaml#/Pet'\n"));
        assert!(has_external_refs("a:\n  $ref: pet.yaml\n"));
        assert!(has_external_refs(r#"{"a":{"$ref":"./common.json#/X"}}"#));
        assert!(!has_external_refs(
            r##"{"a":{"$ref":"#/components/schemas/X"}}"##
        ));
        assert!(!has_external_refs("a:\n  $ref: '#/components/schemas/X'\n"));
        assert!(!has_external_refs("description: the $ref keyword\n"));
    }

    #[test]
    fn kinds_follow_the_place() {
        let t = |s: &str| tokens_of(s);
        assert_eq!(
            kind_at(&t("/paths/~1a/get/parameters/0")),
            Some("parameters")
        );
        assert_eq!(
            kind_at(&t("/paths/~1a/get/responses/200")),
            Some("responses")
        );
        assert_eq!(
            kind_at(&t("/paths/~1a/get/responses/200/content/a~1json/schema")),
            Some("schemas")
        );
        assert_eq!(
            kind_at(&t("/paths/~1a/post/requestBody")),
            Some("requestBodies")
        );
        assert_eq!(kind_at(&t("/paths/~1a")), None);
        assert_eq!(
            kind_at(&t("/components/schemas/A/properties/responses")),
            Some("schemas")
        );
        assert_eq!(kind_at(&t("/components/parameters/P")), Some("parameters"));
    }
}
