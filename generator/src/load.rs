//! Stage 1, load: read a spec file (YAML or JSON) into an `openapiv3::OpenAPI` document.
//!
//! Every document is first read as a tree of values. OpenAPI 3.1 documents are rewritten into
//! the 3.0 shape there ([`crate::normalize`]); then the tree is parsed into `openapiv3` types one
//! schema at a time ([`crate::parse`]), so that the work stays linear in the document's size.
//! Pointers in errors name the original file's nodes.
//!
//! Errors name the file, the JSON pointer of the offending node and, for syntax errors, the
//! line and column. Inputs are bounded: a size cap here, and the parsers' own recursion and
//! alias-expansion limits.

mod json;

use crate::error::{Error, Location, Warning};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Largest spec the loader accepts, in bytes.
pub const MAX_SPEC_BYTES: usize = 64 * 1024 * 1024;

/// The error for YAML whose aliases expand past the parser's limit.
pub const ALIAS_BOMB: &str =
    "the YAML's aliases expand to more nodes than the parser allows (an alias bomb?)";

/// A loaded spec.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name used in diagnostics and in generated headers.
    pub file: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The parsed document.
    pub openapi: openapiv3::OpenAPI,
    /// The spec's text, for locating diagnostics.
    pub text: String,
    /// What reading the document approximated (3.1 keywords without a 3.0 form, say).
    pub warnings: Vec<Warning>,
}

/// The OpenAPI versions the loader reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V3_0,
    V3_1,
}

/// Reads and parses the spec at `path`; `display_name` is how diagnostics name it.
/// A spec whose `$ref`s name other files is first gathered into one document
/// ([`crate::bundle`]).
pub fn load_file(path: &Path, display_name: &str) -> Result<Document, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::file(display_name, format!("cannot read the spec: {e}")))?;
    let text = spec_text(bytes, display_name)?;
    if let Some(bundled) = crate::bundle::bundle(path, display_name, &text)? {
        return load_bundled(&bundled, text, display_name);
    }
    load_text(text, display_name)
}

/// Loads a document gathered from several files. Pointers into the root file are unchanged
/// by the gathering, so the root's text still locates diagnostics.
fn load_bundled(
    bundled: &serde_yaml::Value,
    root_text: String,
    file: &str,
) -> Result<Document, Error> {
    let yaml = serde_yaml::to_string(bundled)
        .map_err(|e| Error::file(file, format!("cannot gather the spec's files: {e}")))?;
    let mut doc = load_text(spec_text(yaml.into_bytes(), file)?, file).map_err(|mut e| {
        e.location.line_col = crate::source_map::locate(&root_text, &e.location.pointer);
        e
    })?;
    doc.text = root_text;
    Ok(doc)
}

/// Parses a spec held in memory.
pub fn load_bytes(bytes: &[u8], file: &str) -> Result<Document, Error> {
    crate::on_big_stack(|| load_bytes_here(bytes, file))
}

fn load_bytes_here(bytes: &[u8], file: &str) -> Result<Document, Error> {
    // Refused before it is copied when too large.
    check_size(bytes.len(), file)?;
    load_text(spec_text(bytes.to_vec(), file)?, file)
}

fn check_size(len: usize, file: &str) -> Result<(), Error> {
    if len > MAX_SPEC_BYTES {
        return Err(Error::file(
            file,
            format!("the spec is {len} bytes; the limit is {MAX_SPEC_BYTES}"),
        ));
    }
    Ok(())
}

/// A spec's bytes as text, refused when over [`MAX_SPEC_BYTES`] or not UTF-8.
fn spec_text(bytes: Vec<u8>, file: &str) -> Result<String, Error> {
    check_size(bytes.len(), file)?;
    String::from_utf8(bytes).map_err(|e| {
        Error::file(
            file,
            format!("the spec is not valid UTF-8: {}", e.utf8_error()),
        )
    })
}

/// Parses a spec's text. The text is taken, not copied, to keep in the [`Document`]: GitHub's
/// spec is 13 MB.
fn load_text(whole: String, file: &str) -> Result<Document, Error> {
    let bom = if whole.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let (sha256, parsed) = std::thread::scope(|scope| {
        // The header's hash of a large spec is taken on another core while the parse starts
        // (7.5 ms for GitHub's 13 MB, beside a parse whose first pass is serial); for a small
        // one, starting a thread would cost more than the hash.
        let hasher = (whole.len() >= HASH_BESIDE_FROM_BYTES)
            .then(|| {
                std::thread::Builder::new()
                    .name("openapi-rust-gen-hash".into())
                    .spawn_scoped(scope, || sha256_hex(&whole))
                    .ok()
            })
            .flatten();
        let parsed = parse_text(&whole[bom..], file);
        let sha256 = match hasher.map(|h| h.join()) {
            Some(Ok(sha256)) => sha256,
            _ => sha256_hex(&whole),
        };
        (sha256, parsed)
    });
    let (openapi, warnings) = parsed?;
    let mut text = whole;
    text.drain(..bom);
    Ok(Document {
        file: file.to_owned(),
        sha256,
        openapi,
        text,
        warnings,
    })
}

/// Specs from this size on are hashed on a thread of their own, beside the parse.
const HASH_BESIDE_FROM_BYTES: usize = 1 << 20;

/// The SHA-256 of a spec's text, in lowercase hex.
fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Parses a spec's text (without its byte order mark) into the typed document and the
/// warnings of the 3.1 rewrite and of repairs.
fn parse_text(text: &str, file: &str) -> Result<(openapiv3::OpenAPI, Vec<Warning>), Error> {
    let is_json = text.trim_start().starts_with('{');

    // The tree is read once: the version check and the typed parse both work on it.
    let value = read_value(text, is_json, file)?;
    let version = check_version(&value, file).map_err(|mut e| {
        e.location.line_col = crate::source_map::locate(text, &e.location.pointer);
        e
    })?;
    // openapiv3 can panic on some malformed shapes (a repeated key, a bare scalar where a
    // schema-or-$ref is expected); such input is reported as an error, never as a crash.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match version {
        Version::V3_0 => typed(value, text, file).map(|doc| (doc, Vec::new())),
        Version::V3_1 => parse_3_1(value, text, file),
    }))
    .map(|parsed| parsed.or_else(|error| parse_repaired(text, is_json, file, version, error)));
    parsed.unwrap_or_else(|_| {
        Err(repeated_key(text, file).unwrap_or_else(|| {
            Error::file(
                file,
                "not a valid OpenAPI 3.0 document: a schema or $ref has an unexpected shape",
            )
        }))
    })
}

/// A 3.1 document: read as values, rewritten into the 3.0 shape, then parsed as 3.0.
fn parse_3_1(
    mut value: serde_yaml::Value,
    text: &str,
    file: &str,
) -> Result<(openapiv3::OpenAPI, Vec<Warning>), Error> {
    let warnings = crate::normalize::normalize_3_1(&mut value, file);
    Ok((typed(value, text, file)?, warnings))
}

/// A document the typed parse refused (`error`): repaired node by node where a repair applies
/// ([`crate::repair`]), each repair a warning; otherwise the error stands.
fn parse_repaired(
    text: &str,
    is_json: bool,
    file: &str,
    version: Version,
    error: Error,
) -> Result<(openapiv3::OpenAPI, Vec<Warning>), Error> {
    let Ok(mut value) = read_value(text, is_json, file) else {
        return Err(error);
    };
    let mut warnings = match version {
        Version::V3_0 => Vec::new(),
        Version::V3_1 => crate::normalize::normalize_3_1(&mut value, file),
    };
    let parse = |value| {
        std::panic::catch_unwind(|| typed(value, text, file)).unwrap_or_else(|_| {
            Err(Error::file(
                file,
                "not a valid OpenAPI 3.0 document: a schema or $ref has an unexpected shape",
            ))
        })
    };
    let (openapi, repairs) = crate::repair::repair(value, file, error, parse)?;
    warnings.extend(repairs);
    Ok((openapi, warnings))
}

/// The document as a tree of values (key order kept). For YAML, repeated keys are refused with
/// their position and merge keys (`<<: *base`) are applied.
fn read_value(text: &str, is_json: bool, file: &str) -> Result<serde_yaml::Value, Error> {
    if is_json {
        if text.len() >= json::SPLIT_FROM_BYTES {
            if let Some(value) = json::read(text, crate::cores()) {
                return Ok(value);
            }
        }
        return serde_json::from_str(text).map_err(|e| {
            let message = e.to_string();
            if message.starts_with("duplicate entry") {
                if let Some(error) = repeated_key(text, file) {
                    return error;
                }
            }
            let line_col = (e.line() > 0).then(|| (e.line(), e.column()));
            located(file, String::new(), line_col, describe(&message))
        });
    }
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let line_col = e.location().map(|l| (l.line(), l.column()));
        let message = e.to_string();
        if line_col.is_none() && message.starts_with("repetition limit exceeded") {
            // The parser does not say where; the problem is the document as a whole.
            return Error::file(file, ALIAS_BOMB);
        }
        located(file, String::new(), line_col, describe(&message))
    })?;
    value
        .apply_merge()
        .map_err(|e| Error::file(file, format!("cannot apply a YAML merge key: {e}")))?;
    Ok(value)
}

/// The typed parse of a tree of values, one schema at a time ([`crate::parse`]); errors are
/// located in the original text.
fn typed(value: serde_yaml::Value, text: &str, file: &str) -> Result<openapiv3::OpenAPI, Error> {
    crate::parse::openapi(value).map_err(|failure| {
        let line_col = crate::source_map::locate(text, &failure.pointer);
        located(file, failure.pointer, line_col, describe(&failure.message))
    })
}

/// The first key repeated inside one mapping, as an error at its second occurrence.
fn repeated_key(text: &str, file: &str) -> Option<Error> {
    let (pointer, line_col) = crate::source_map::duplicate_key(text)?;
    Some(Error {
        message: "this key appears twice in the same mapping".to_owned(),
        location: Location {
            file: file.to_owned(),
            pointer,
            line_col: Some(line_col),
        },
    })
}

fn located(
    file: &str,
    pointer: String,
    line_col: Option<(usize, usize)>,
    message: String,
) -> Error {
    Error {
        message,
        location: Location {
            file: file.to_owned(),
            pointer,
            line_col,
        },
    }
}

fn describe(message: &str) -> String {
    // The location is reported separately; drop the parser's own copy of it.
    let message = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    };
    format!("not a valid OpenAPI 3.0 document: {message}")
}

/// Looks at the `openapi` / `swagger` field before the full parse, so that a Swagger 2.0 or
/// OpenAPI 4 file gets a precise message instead of a confusing schema error, and a 3.1 file is
/// normalised first.
fn check_version(value: &serde_yaml::Value, file: &str) -> Result<Version, Error> {
    use serde_yaml::Value;
    let Value::Mapping(top) = value else {
        let found = match value {
            Value::Null => "empty (null)".to_owned(),
            Value::Bool(b) => format!("a boolean ({b})"),
            Value::Number(n) => format!("a number ({n})"),
            Value::String(s) => format!("a string ({s:?})"),
            Value::Sequence(_) => "a sequence".to_owned(),
            Value::Tagged(_) => "a tagged value".to_owned(),
            Value::Mapping(_) => "a mapping".to_owned(),
        };
        return Err(Error::file(
            file,
            format!("the top level must be a mapping; this document is {found}"),
        ));
    };
    if let Some(v) = top.get("swagger") {
        return Err(Error::at(
            file,
            "/swagger",
            format!(
                "Swagger {} documents are not supported; convert the spec to OpenAPI 3.0 first",
                plain(v)
            ),
        ));
    }
    match top.get("openapi") {
        None => Err(Error::at(
            file,
            "/openapi",
            "the `openapi` version field is missing",
        )),
        Some(Value::String(v)) if v.starts_with("3.0") => Ok(Version::V3_0),
        Some(Value::String(v)) if v.starts_with("3.1") => Ok(Version::V3_1),
        Some(v) => Err(Error::at(
            file,
            "/openapi",
            format!(
                "OpenAPI version {} is not supported; this generator reads OpenAPI 3.0.x and 3.1.x",
                plain(v)
            ),
        )),
    }
}

fn plain(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        other => serde_json::to_string(other).unwrap_or_else(|_| format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_load_alike() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let json = r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}"#;
        let a = load_bytes(yaml.as_bytes(), "a.yaml").expect("yaml loads");
        let b = load_bytes(json.as_bytes(), "b.json").expect("json loads");
        assert_eq!(a.openapi, b.openapi);
        assert_eq!(a.sha256.len(), 64);
    }

    #[test]
    fn a_file_is_loaded_as_its_bytes_are_and_a_byte_order_mark_is_skipped() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let dir = tempfile::tempdir().expect("temp dir");
        let plain = dir.path().join("plain.yaml");
        let marked = dir.path().join("marked.yaml");
        std::fs::write(&plain, yaml).expect("write");
        std::fs::write(&marked, format!("\u{feff}{yaml}")).expect("write");
        let a = load_file(&plain, "plain.yaml").expect("loads");
        let b = load_file(&marked, "marked.yaml").expect("loads");
        let c = load_bytes(format!("\u{feff}{yaml}").as_bytes(), "m.yaml").expect("loads");
        assert_eq!(a.openapi, b.openapi);
        // The text kept for diagnostics is the spec's, without the mark...
        assert_eq!(a.text, yaml);
        assert_eq!(b.text, yaml);
        assert_eq!(c.text, yaml);
        // ...and the digest is the file's, with it.
        assert_eq!(a.sha256, hex::encode(Sha256::digest(yaml.as_bytes())));
        assert_ne!(a.sha256, b.sha256);
        assert_eq!(b.sha256, c.sha256);
        // Bytes that are not UTF-8 are refused by name.
        std::fs::write(&plain, b"openapi: \xff\n").expect("write");
        let err = load_file(&plain, "plain.yaml").unwrap_err();
        assert!(err.message.contains("not valid UTF-8"), "{err}");
    }

    #[test]
    fn a_large_spec_is_hashed_beside_the_parse_to_the_same_digest() {
        // Over the size from which the hash runs on its own thread, with a byte order mark, as
        // JSON: the digest is still the file's, and a parse error still wins over it.
        let padding = "x".repeat(HASH_BESIDE_FROM_BYTES);
        let json = format!(
            "\u{feff}{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"t\",\"version\":\"1\",\"description\":\"{padding}\"}},\"paths\":{{}}}}"
        );
        assert!(json.len() > HASH_BESIDE_FROM_BYTES);
        let doc = load_bytes(json.as_bytes(), "big.json").expect("loads");
        assert_eq!(doc.sha256, hex::encode(Sha256::digest(json.as_bytes())));
        assert_eq!(doc.text, json['\u{feff}'.len_utf8()..]);
        let broken = json.replace("\"paths\":{}", "\"paths\":[]");
        let err = load_bytes(broken.as_bytes(), "big.json").unwrap_err();
        assert!(err.to_string().contains("big.json"), "{err}");
    }

    #[test]
    fn swagger_2_is_refused_with_a_pointer() {
        let err = load_bytes(
            b"swagger: '2.0'\ninfo: {title: t, version: '1'}\n",
            "s.yaml",
        )
        .unwrap_err();
        assert_eq!(err.location.pointer, "/swagger");
        assert!(err.message.contains("Swagger 2.0"), "{err}");
    }

    #[test]
    fn other_versions_are_refused() {
        let err = load_bytes(
            b"openapi: 4.0.0\ninfo: {title: t, version: '1'}\n",
            "s.yaml",
        )
        .unwrap_err();
        assert!(err.message.contains("4.0.0"), "{err}");
    }

    #[test]
    fn openapi_3_1_is_read_with_warnings_and_errors_in_the_original_file() {
        let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  ping: {}\ncomponents:\n  schemas:\n    A: {type: [string, 'null']}\n";
        let doc = load_bytes(yaml.as_bytes(), "a.yaml").expect("3.1 loads");
        assert_eq!(doc.warnings.len(), 1);
        assert_eq!(doc.warnings[0].location.pointer, "/webhooks");
        let json = r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{}}"#;
        assert!(load_bytes(json.as_bytes(), "a.json").is_ok());

        let bad = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: 5\n          content: 7\n";
        // What cannot be read is left out with a warning at its place in the original file.
        let doc = load_bytes(bad.as_bytes(), "b.yaml").expect("degrades");
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        assert_eq!(doc.warnings[0].location.pointer, "/paths/~1a/get");
        assert!(doc.openapi.paths.paths["/a"].as_item().is_some());
        let bad_schema = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        p: {type: [string], minLength: x}\n";
        let doc = load_bytes(bad_schema.as_bytes(), "c.yaml").expect("degrades");
        assert_eq!(
            doc.warnings[0].to_string(),
            "warning: c.yaml at /components/schemas/A/properties/p: this schema cannot be read \
             (invalid type: string \"x\", expected usize); any JSON value is accepted here"
        );
        // A fault no repair covers stays an error, located in the original text.
        let bad_info = "openapi: 3.1.0\ninfo: {title: [t], version: '1'}\n";
        let err = load_bytes(bad_info.as_bytes(), "d.yaml").unwrap_err();
        assert!(err.to_string().starts_with("d.yaml:2:"), "{err}");
        assert_eq!(err.location.pointer, "/info/title", "{err}");
    }

    #[test]
    fn a_bad_node_is_named_by_pointer_and_line() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: 5.5}\npaths: {}\n";
        let err = load_bytes(yaml.as_bytes(), "p.yaml").unwrap_err();
        assert_eq!(err.location.pointer, "/info/version", "{err}");
        assert!(!err.message.contains(" at line "), "{err}");
        assert!(err.location.line_col.is_some(), "{err}");
    }

    #[test]
    fn syntax_errors_and_garbage_do_not_panic() {
        for input in [
            &b""[..],
            b"[1,2",
            b"{",
            b"\xff\xfe",
            b"- a\n- b\n",
            b"openapi: [\n",
            b"a: &a [*a]",
        ] {
            assert!(load_bytes(input, "x").is_err());
        }
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut bomb = String::from("openapi: 3.0.3\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
        let mut prev = "a".to_string();
        for i in 0..9 {
            let name = format!("b{i}");
            bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = name;
        }
        let err = load_bytes(bomb.as_bytes(), "bomb.yaml").expect_err("refused");
        assert_eq!(err.to_string(), format!("bomb.yaml: {ALIAS_BOMB}"));
    }
}
