//! Request bodies other than JSON: `application/x-www-form-urlencoded` pairs and
//! `multipart/form-data` with file parts.
//!
//! Both are encoded into bytes before the request is sent, so a signature that covers the body
//! (AK/SK signing hashes it) covers exactly what goes on the wire.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use rand::Rng;
use serde_json::Value;

use crate::request::param_string;
use crate::Error;

/// The `name=value` pairs of a form-urlencoded body: the top-level properties of `value` (an
/// object), in the order serialisation gives them. An absent (`null`) property is left out, a
/// list gives one pair per item (the `form` style, exploded), and any other value is spelled as
/// in a query parameter ([`param_string`]: strings as they are, objects as JSON text).
///
/// A value that is not an object is refused with [`Error::Config`].
pub fn form_pairs<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<(String, String)>, Error> {
    pairs_of(value).map_err(Error::config)
}

fn pairs_of<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<(String, String)>, String> {
    let map = match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => return Ok(Vec::new()),
        Ok(other) => {
            return Err(format!(
                "a form body must be an object, not {}",
                kind(&other)
            ))
        }
        Err(e) => return Err(format!("cannot serialise form body: {e}")),
    };
    let mut pairs = Vec::new();
    for (key, value) in map {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                for item in items.iter().filter(|i| !i.is_null()) {
                    pairs.push((key.clone(), param_string(item)));
                }
            }
            other => pairs.push((key, param_string(&other))),
        }
    }
    Ok(pairs)
}

/// `form_pairs` encoded as a body: `application/x-www-form-urlencoded` (spaces as `+`).
pub(crate) fn form_bytes<T: serde::Serialize + ?Sized>(value: &T) -> Result<Bytes, String> {
    let pairs = pairs_of(value)?;
    let mut encoder = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in &pairs {
        encoder.append_pair(key, value);
    }
    Ok(Bytes::from(encoder.finish()))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A file sent as one part of a `multipart/form-data` body: its bytes, and optionally a file
/// name and a content type (`application/octet-stream` unless set).
///
/// ```
/// use sdk_runtime::FilePart;
///
/// let photo = FilePart::new(vec![0x89, b'P', b'N', b'G'])
///     .filename("cat.png")
///     .content_type("image/png");
/// assert_eq!(photo.bytes().len(), 4);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    filename: Option<String>,
    content_type: Option<String>,
    bytes: Bytes,
}

impl FilePart {
    /// A file part holding `bytes` (a `Vec<u8>`, a `&'static [u8]`, [`Bytes`], ...).
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            filename: None,
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Sets the part's `Content-Type` (default `application/octet-stream`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name, if set.
    pub fn file_name(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// The content type, if set.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// One part of a [`Multipart`] body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    bytes: Bytes,
}

/// A `multipart/form-data` body: text, JSON and file parts in the order they are added.
///
/// ```
/// use sdk_runtime::{FilePart, Multipart, Request};
///
/// let form = Multipart::new()
///     .text("description", "a cat")
///     .file("photo", FilePart::new(b"...".to_vec()).filename("cat.png").content_type("image/png"));
/// let request = Request::new("UploadPhoto", http::Method::POST, "/photos".into()).multipart(&form);
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a text part.
    pub fn text(mut self, name: &str, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            filename: None,
            content_type: None,
            bytes: Bytes::from(value.into()),
        });
        self
    }

    /// Adds a file part.
    pub fn file(mut self, name: &str, file: FilePart) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            filename: file.filename,
            content_type: Some(
                file.content_type
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            bytes: file.bytes,
        });
        self
    }

    /// Adds the parts of a typed value, as OpenAPI describes form fields: nothing for `null`
    /// (an unset optional field), a text part for a string, number or boolean (strings as they
    /// are), one part per item for a list, and an `application/json` part for an object.
    pub fn value<T: serde::Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.json_value(name, value),
            // A value that does not serialise is sent as nothing rather than as something else.
            Err(_) => self,
        }
    }

    fn json_value(mut self, name: &str, value: Value) -> Self {
        match value {
            Value::Null => self,
            Value::Array(items) => {
                for item in items {
                    self = self.json_value(name, item);
                }
                self
            }
            Value::Object(_) => {
                self.parts.push(Part {
                    name: name.to_owned(),
                    filename: None,
                    content_type: Some("application/json".to_owned()),
                    bytes: Bytes::from(value.to_string()),
                });
                self
            }
            other => self.text(name, param_string(&other)),
        }
    }

    /// Number of parts.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// True when the form has no part.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Encodes the form with a random boundary that occurs in no part: returns the
    /// `Content-Type` (`multipart/form-data; boundary=...`) and the body.
    ///
    /// A content type that is not a valid header value (a line break, say) is refused with
    /// [`Error::Config`].
    pub fn encode(&self) -> Result<(String, Bytes), Error> {
        self.encoded().map_err(Error::config)
    }

    pub(crate) fn encoded(&self) -> Result<(String, Bytes), String> {
        for part in &self.parts {
            if let Some(ct) = &part.content_type {
                if http::HeaderValue::from_str(ct).is_err() || ct.contains(['\r', '\n']) {
                    return Err(format!(
                        "invalid content type {ct:?} for form part `{}`",
                        part.name
                    ));
                }
            }
        }
        let mut rng = rand::thread_rng();
        // 30 random alphanumerics: a collision with a part's bytes is checked for anyway.
        let boundary = loop {
            let candidate: String = (0..30)
                .map(|_| rng.sample(rand::distributions::Alphanumeric) as char)
                .collect();
            let boundary = format!("sdk-{candidate}");
            if !self
                .parts
                .iter()
                .any(|p| contains(&p.bytes, boundary.as_bytes()))
            {
                break boundary;
            }
        };
        Ok((
            format!("multipart/form-data; boundary={boundary}"),
            self.encode_with(&boundary),
        ))
    }

    /// The body with a given boundary (which must occur in no part).
    fn encode_with(&self, boundary: &str) -> Bytes {
        let size: usize = self.parts.iter().map(|p| p.bytes.len() + 160).sum();
        let mut out = BytesMut::with_capacity(size + boundary.len() + 8);
        for part in &self.parts {
            out.put_slice(b"--");
            out.put_slice(boundary.as_bytes());
            out.put_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.put_slice(quote_field(&part.name).as_bytes());
            out.put_slice(b"\"");
            if let Some(filename) = &part.filename {
                out.put_slice(b"; filename=\"");
                out.put_slice(quote_field(filename).as_bytes());
                out.put_slice(b"\"");
            }
            out.put_slice(b"\r\n");
            if let Some(ct) = &part.content_type {
                out.put_slice(b"Content-Type: ");
                out.put_slice(ct.as_bytes());
                out.put_slice(b"\r\n");
            }
            out.put_slice(b"\r\n");
            out.put_slice(&part.bytes);
            out.put_slice(b"\r\n");
        }
        out.put_slice(b"--");
        out.put_slice(boundary.as_bytes());
        out.put_slice(b"--\r\n");
        out.freeze()
    }
}

/// A field or file name inside a quoted `Content-Disposition` parameter: `"`, CR and LF are
/// percent-encoded (as browsers do), so a name cannot end the header or add another.
fn quote_field(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_pairs_follow_the_form_style() {
        let pairs = form_pairs(&serde_json::json!({
            "name": "a b&c",
            "tags": ["x", "y"],
            "age": 3,
            "gone": null,
            "nested": {"k": 1}
        }))
        .expect("an object");
        assert_eq!(
            pairs,
            [
                ("age".to_owned(), "3".to_owned()),
                ("name".to_owned(), "a b&c".to_owned()),
                ("nested".to_owned(), r#"{"k":1}"#.to_owned()),
                ("tags".to_owned(), "x".to_owned()),
                ("tags".to_owned(), "y".to_owned()),
            ]
        );
        let bytes = form_bytes(&serde_json::json!({"name": "a b&c", "n": 1})).expect("encodes");
        assert_eq!(&bytes[..], b"n=1&name=a+b%26c");
        assert!(form_pairs(&serde_json::json!([1])).unwrap_err().is_config());
    }

    #[test]
    fn multipart_layout() {
        let form = Multipart::new()
            .text("description", "a \"cat\"")
            .value("count", &Some(2))
            .value("unset", &Option::<String>::None)
            .value("meta", &serde_json::json!({"k": "v"}))
            .value("tags", &["a", "b"])
            .file(
                "photo",
                FilePart::new(&b"\x00\x01"[..])
                    .filename("we\"ird\r\n.png")
                    .content_type("image/png"),
            )
            .file("raw", FilePart::new(&b"z"[..]));
        assert_eq!(form.len(), 7);
        let body = form.encode_with("BOUNDARY");
        let expected: &[u8] = b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\na \"cat\"\r\n\
--BOUNDARY\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n2\r\n\
--BOUNDARY\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"k\":\"v\"}\r\n\
--BOUNDARY\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
--BOUNDARY\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
--BOUNDARY\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"we%22ird%0D%0A.png\"\r\nContent-Type: image/png\r\n\r\n\x00\x01\r\n\
--BOUNDARY\r\nContent-Disposition: form-data; name=\"raw\"\r\nContent-Type: application/octet-stream\r\n\r\nz\r\n\
--BOUNDARY--\r\n";
        assert_eq!(&body[..], expected);
    }

    #[test]
    fn the_boundary_occurs_in_no_part_and_bad_content_types_are_refused() {
        let form = Multipart::new().text("a", "--sdk-");
        let (ct, body) = form.encode().expect("encodes");
        let boundary = ct
            .strip_prefix("multipart/form-data; boundary=")
            .expect("a boundary");
        assert_eq!(boundary.len(), 34);
        assert!(body.starts_with(format!("--{boundary}\r\n").as_bytes()));
        assert!(body.ends_with(format!("--{boundary}--\r\n").as_bytes()));
        let bad = Multipart::new().file("f", FilePart::new(vec![1]).content_type("a\r\nX-Evil: 1"));
        assert!(bad.encode().unwrap_err().is_config());
    }
}
