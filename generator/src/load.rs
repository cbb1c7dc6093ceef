//! Stage 1, load: read a spec file (YAML or JSON) into an `openapiv3::OpenAPI` document.
//!
//! Errors name the file, the JSON pointer of the offending node and, for syntax errors, the
//! line and column. Inputs are bounded: a size cap here, and the parsers' own recursion and
//! alias-expansion limits.

use crate::error::{pointer_token, Error, Location};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Largest spec the loader accepts, in bytes.
pub const MAX_SPEC_BYTES: usize = 64 * 1024 * 1024;

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
}

/// Reads and parses the spec at `path`; `display_name` is how diagnostics name it.
pub fn load_file(path: &Path, display_name: &str) -> Result<Document, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::file(display_name, format!("cannot read the spec: {e}")))?;
    load_bytes(&bytes, display_name)
}

/// Parses a spec held in memory.
pub fn load_bytes(bytes: &[u8], file: &str) -> Result<Document, Error> {
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(Error::file(
            file,
            format!(
                "the spec is {} bytes; the limit is {MAX_SPEC_BYTES}",
                bytes.len()
            ),
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Error::file(file, format!("the spec is not valid UTF-8: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sha256 = hex::encode(Sha256::digest(bytes));
    let is_json = text.trim_start().starts_with('{');

    check_version(text, is_json, file).map_err(|mut e| {
        e.location.line_col = crate::source_map::locate(text, &e.location.pointer);
        e
    })?;
    // openapiv3 can panic on some malformed shapes (a repeated key, a bare scalar where a
    // schema-or-$ref is expected); such input is reported as an error, never as a crash.
    let parsed = std::panic::catch_unwind(|| parse(text, is_json, file));
    let openapi = parsed.unwrap_or_else(|_| {
        Err(match crate::source_map::duplicate_key(text) {
            Some((pointer, line_col)) => Error {
                message: "this key appears twice in the same mapping".to_owned(),
                location: Location {
                    file: file.to_owned(),
                    pointer,
                    line_col: Some(line_col),
                },
            },
            None => Error::file(
                file,
                "not a valid OpenAPI 3.0 document: a schema or $ref has an unexpected shape",
            ),
        })
    })?;
    Ok(Document {
        file: file.to_owned(),
        sha256,
        openapi,
        text: text.to_owned(),
    })
}

fn parse(text: &str, is_json: bool, file: &str) -> Result<openapiv3::OpenAPI, Error> {
    let openapi = if is_json {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let inner = e.into_inner();
            let line_col = (inner.line() > 0).then(|| (inner.line(), inner.column()));
            located(file, pointer, line_col, describe(&inner.to_string()))
        })?
    } else {
        // Through a `Value`: repeated keys are refused with their position, and YAML merge keys
        // (`<<: *base`) are applied before the document is read.
        let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
            let line_col = e.location().map(|l| (l.line(), l.column()));
            located(file, String::new(), line_col, describe(&e.to_string()))
        })?;
        value
            .apply_merge()
            .map_err(|e| Error::file(file, format!("cannot apply a YAML merge key: {e}")))?;
        serde_path_to_error::deserialize(value).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let line_col = crate::source_map::locate(text, &pointer);
            located(
                file,
                pointer,
                line_col,
                describe(&e.into_inner().to_string()),
            )
        })?
    };
    Ok(openapi)
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
/// OpenAPI 3.1 file gets a precise message instead of a confusing schema error.
fn check_version(text: &str, is_json: bool, file: &str) -> Result<(), Error> {
    #[derive(serde::Deserialize)]
    struct Head {
        openapi: Option<serde_json::Value>,
        swagger: Option<serde_json::Value>,
    }
    let head: Result<Head, String> = if is_json {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    };
    let head = match head {
        Ok(head) => head,
        Err(message) => {
            // A syntax error: report it with the full parser's location later.
            if let Some(rest) = message.strip_prefix("invalid type: ") {
                let found = rest.split(',').next().unwrap_or(rest);
                return Err(Error::file(
                    file,
                    format!("the top level must be a mapping, not a {found}"),
                ));
            }
            return Ok(());
        }
    };
    if let Some(v) = head.swagger {
        return Err(Error::at(
            file,
            "/swagger",
            format!(
                "Swagger {} documents are not supported; convert the spec to OpenAPI 3.0 first",
                plain(&v)
            ),
        ));
    }
    match head.openapi {
        None => Err(Error::at(
            file,
            "/openapi",
            "the `openapi` version field is missing",
        )),
        Some(serde_json::Value::String(v)) if v.starts_with("3.0") => Ok(()),
        Some(v) => Err(Error::at(
            file,
            "/openapi",
            format!(
                "OpenAPI version {} is not supported; this generator reads OpenAPI 3.0.x",
                plain(&v)
            ),
        )),
    }
}

fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&pointer_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
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
    fn openapi_3_1_is_refused() {
        let err = load_bytes(
            b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\n",
            "s.yaml",
        )
        .unwrap_err();
        assert!(err.message.contains("3.1.0"), "{err}");
    }

    #[test]
    fn a_bad_node_is_named_by_pointer_and_line() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: 5\n          content: 7\n";
        let err = load_bytes(yaml.as_bytes(), "p.yaml").unwrap_err();
        assert!(err.location.pointer.starts_with("/paths"), "{err}");
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
        assert!(load_bytes(bomb.as_bytes(), "bomb.yaml").is_err());
    }
}
