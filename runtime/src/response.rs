//! A successful (2xx) response.

use bytes::Bytes;
use http::HeaderMap;

use crate::error::DecodeError;
use crate::Error;

/// A 2xx response with its body fully read (at most [`crate::Config::max_response_body`] bytes).
#[derive(Debug, Clone)]
pub struct Response {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) operation_id: &'static str,
}

impl Response {
    /// Builds a response (useful in tests of generated code).
    pub fn new(status: u16, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Response {
            status,
            headers,
            body: body.into(),
            operation_id: "",
        }
    }

    /// HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as [`Bytes`] (shares the buffer; no copy).
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// Consumes the response, returning the body.
    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// The `X-Request-Id` header, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// Decodes the JSON body. An empty body decodes as JSON `null` (so `()` and `Option<T>`
    /// work), or else as `{}` (so an object whose fields are all optional comes out empty).
    /// Failure gives [`Error::Decode`] holding the full body.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        let is_blank = self.body.iter().all(u8::is_ascii_whitespace);
        let result = if is_blank {
            serde_json::from_slice(b"null")
                .or_else(|e| serde_json::from_slice(b"{}").map_err(|_| e))
        } else {
            serde_json::from_slice(&self.body)
        };
        result.map_err(|e| {
            Error::Decode(DecodeError {
                message: e.to_string(),
                status: Some(self.status),
                body: self.body.clone(),
                source: Some(e),
                operation_id: self.operation_id,
            })
        })
    }
    /// The body as UTF-8 text. Bytes that are not UTF-8 give [`Error::Decode`] holding the full
    /// body, rather than text with replaced characters.
    pub fn text(&self) -> Result<String, Error> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => Ok(text.to_owned()),
            Err(e) => Err(Error::Decode(DecodeError {
                message: format!("the body is not UTF-8 text: {e}"),
                status: Some(self.status),
                body: self.body.clone(),
                source: None,
                operation_id: self.operation_id,
            })),
        }
    }
}

/// The response headers one operation documents, as a generated struct (`GetPetHeaders`, say)
/// with one optional field per header; read it from a reply with [`Reply::typed_headers`].
pub trait ResponseHeaders: Sized {
    /// Reads the documented headers from `headers`.
    fn from_headers(headers: &HeaderMap) -> Self;
}

/// The value of header `name` as `T`: a string-like `T` (a `String`, a string enum) takes the
/// text as it is, anything else (numbers, booleans) parses it as JSON. `None` when the header is
/// absent, not text, or does not parse; [`Reply::headers`] still has it as sent.
pub fn header_value<T: serde::de::DeserializeOwned>(headers: &HeaderMap, name: &str) -> Option<T> {
    let text = headers.get(name)?.to_str().ok()?.trim();
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .ok()
        .or_else(|| serde_json::from_str(text).ok())
}

/// A decoded successful response with what a support ticket or a conditional request needs:
/// the status, the request id and the headers.
#[derive(Debug, Clone)]
pub struct Reply<T> {
    value: T,
    status: u16,
    request_id: Option<String>,
    headers: HeaderMap,
}

impl<T> Reply<T> {
    /// Wraps `value`, decoded from `response`.
    pub fn new(value: T, response: &Response) -> Self {
        Reply {
            value,
            status: response.status,
            request_id: response.request_id().map(str::to_owned),
            headers: response.headers.clone(),
        }
    }

    /// The decoded body.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded body, consuming the reply.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `X-Request-Id` header: quote it when asking the service's support about this call.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers the operation documents, typed (a generated `<Operation>Headers`).
    pub fn typed_headers<H: ResponseHeaders>(&self) -> H {
        H::from_headers(&self.headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_parse_by_type() {
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit", " 42 ".parse().expect("value"));
        headers.insert("x-flag", "true".parse().expect("value"));
        assert_eq!(header_value::<i64>(&headers, "X-Rate-Limit"), Some(42));
        assert_eq!(
            header_value::<String>(&headers, "x-rate-limit"),
            Some("42".into())
        );
        assert_eq!(header_value::<bool>(&headers, "x-flag"), Some(true));
        assert_eq!(header_value::<i64>(&headers, "x-flag"), None);
        assert_eq!(header_value::<String>(&headers, "x-absent"), None);
    }

    #[test]
    fn text_bodies_must_be_utf8() {
        let ok = Response::new(200, HeaderMap::new(), "héllo");
        assert_eq!(ok.text().expect("utf-8"), "héllo");
        let bad = Response::new(200, HeaderMap::new(), vec![0xff, b'a']);
        let err = bad.text().unwrap_err();
        assert!(err.is_decode(), "{err}");
        assert_eq!(err.body(), Some(&[0xff, b'a'][..]));
    }
}
