//! A request as built by generated code.

use std::fmt;

use bytes::Bytes;
use http::Method;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::Error;

const SEGMENT_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment: everything except `A-Z a-z 0-9 - . _ ~` is encoded
/// (UTF-8, upper-case hex), so `/`, `?`, `#`, `%` and spaces cannot change the path.
///
/// A segment that is exactly `.` or `..` cannot be represented in a URL, and an encoded `/`
/// (`%2F`) is signed and routed as a separator; [`crate::Client::send`] rejects such paths with
/// [`Error::Config`]. Generated code uses [`path_param`], which refuses them earlier and names
/// the parameter.
pub fn encode_path_segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT_SET).to_string()
}

/// Encodes the value of path parameter `name` as one path segment (see [`encode_path_segment`]).
///
/// Refused with [`Error::Config`] naming the parameter, so nothing is sent:
/// - an empty value, `.` or `..`: each would make the path name another resource
///   (`/datasets//samples`, `/datasets/`);
/// - a value containing `/` (`a/b`, `../x`): it would go on the wire as `%2F`, but API Gateway
///   and the official signer decode the path before splitting it, so the signature covers it as
///   a separator, and a gateway or proxy that decodes it routes the request to another path
///   (`../x` to a parent resource). No identifier of the data management API contains `/`.
pub fn path_param(name: &str, value: &str) -> Result<String, Error> {
    match value {
        "" => Err(Error::config(format!("path parameter `{name}` is empty"))),
        "." | ".." => Err(Error::config(format!(
            "path parameter `{name}` is `{value}`, which cannot be sent as a path segment"
        ))),
        _ if value.contains('/') => Err(Error::config(format!(
            "path parameter `{name}` contains `/` ({value:?}): the gateway reads it as a path separator, so the request is not sent"
        ))),
        _ => Ok(encode_path_segment(value)),
    }
}

/// The text of a parameter value that has no plain string form (a `oneOf` of a number and a
/// string, say): a JSON string as it is, `null` as nothing, anything else as JSON prints it.
pub fn param_string<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) | Err(_) => String::new(),
        Ok(other) => other.to_string(),
    }
}

/// The top-level properties of an object-valued parameter as `(name, text)` pairs, for the
/// `form` and `deepObject` query styles. Absent (`null`) properties are left out; a value that is
/// not an object gives one pair with an empty name.
pub fn object_params<T: serde::Serialize + ?Sized>(value: &T) -> Vec<(String, String)> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k, param_string(&v)))
            .collect(),
        Ok(serde_json::Value::Null) | Err(_) => Vec::new(),
        Ok(other) => vec![(String::new(), param_string(&other))],
    }
}

/// Checks a project id given on a call like one from the configuration: letters, digits, `-`
/// and `_` only, not empty. Returns it unchanged.
pub fn check_project_id(value: &str) -> Result<&str, Error> {
    if !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(value)
    } else {
        Err(Error::config(format!("invalid project id {value:?}")))
    }
}

/// Per-call overrides of the client configuration, kept by generated request builders.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Replaces the configured per-attempt timeout.
    pub attempt_timeout: Option<std::time::Duration>,
    /// Replaces the configured deadline of the whole call.
    pub operation_timeout: Option<std::time::Duration>,
    /// Replaces the configured retry policy.
    pub retry: Option<crate::RetryPolicy>,
}

impl CallOptions {
    /// Applies the overrides that are set to `request`.
    pub fn apply(&self, mut request: Request) -> Request {
        if let Some(t) = self.attempt_timeout {
            request = request.attempt_timeout(t);
        }
        if let Some(t) = self.operation_timeout {
            request = request.operation_timeout(t);
        }
        if let Some(policy) = &self.retry {
            request = request.retry_policy(policy.clone());
        }
        request
    }
}

/// Writes the per-call override setters (`attempt_timeout`, `operation_timeout`,
/// `retry_policy`) on a request builder type that keeps its [`CallOptions`] in a field named
/// `call`. Generated crates invoke it once per operation builder: the three setters are the
/// same for every operation, so they are written once, here.
///
/// ```
/// #[derive(Default)]
/// pub struct ShowDatasetBuilder {
///     call: sdk_runtime::CallOptions,
/// }
/// sdk_runtime::call_option_setters!(ShowDatasetBuilder);
///
/// let builder = ShowDatasetBuilder::default()
///     .attempt_timeout(std::time::Duration::from_secs(5))
///     .retry_policy(sdk_runtime::RetryPolicy::none());
/// assert_eq!(builder.call.attempt_timeout, Some(std::time::Duration::from_secs(5)));
/// assert!(builder.call.operation_timeout.is_none());
/// ```
#[macro_export]
macro_rules! call_option_setters {
    ($builder:ident) => {
        impl $builder {
            /// Overrides the client's per-attempt timeout for this call.
            pub fn attempt_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.call.attempt_timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Overrides the client's deadline for the whole call (every attempt and wait).
            pub fn operation_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.call.operation_timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Overrides the client's retry policy for this call.
            pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
                self.call.retry = ::std::option::Option::Some(policy);
                self
            }
        }
    };
}

/// Headers the client manages itself; setting them with [`Request::header`] is an error.
const RESERVED: &[&str] = &[
    "host",
    "authorization",
    "x-sdk-date",
    "x-auth-token",
    "x-security-token",
    "x-sdk-content-sha256",
    "content-length",
    "content-type",
    "transfer-encoding",
    "connection",
];

/// One API call: operation id, method, path, query, headers and body.
///
/// Builder methods never fail; a problem (for example an invalid header) is remembered and
/// reported as [`Error::Config`] by [`crate::Client::send`], before anything is sent.
#[derive(Clone)]
pub struct Request {
    pub(crate) operation_id: &'static str,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<(String, Bytes)>,
    pub(crate) retry_safe: bool,
    pub(crate) project_id: Option<String>,
    pub(crate) problem: Option<String>,
    pub(crate) attempt_timeout: Option<std::time::Duration>,
    pub(crate) operation_timeout: Option<std::time::Duration>,
    pub(crate) retry: Option<crate::RetryPolicy>,
}

impl Request {
    /// A request for `operation_id` (used in logs and errors). `path` must start with `/` and
    /// be percent-encoded already (use [`encode_path_segment`] for parameters).
    pub fn new(operation_id: &'static str, method: Method, path: String) -> Self {
        let problem =
            (!path.starts_with('/')).then(|| format!("request path {path:?} must start with '/'"));
        Request {
            operation_id,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            retry_safe: false,
            project_id: None,
            problem,
            attempt_timeout: None,
            operation_timeout: None,
            retry: None,
        }
    }

    /// Adds a query parameter (decoded key and value; repeated keys allowed). The client
    /// encodes and sorts the pairs (the canonical query of the signature is sent on the wire).
    pub fn query(mut self, key: &str, value: impl Into<String>) -> Self {
        self.query.push((key.to_owned(), value.into()));
        self
    }

    /// Adds a header. Leading/trailing whitespace of the value is removed (as the official SDK
    /// does). Headers managed by the client (Host, Authorization, X-Sdk-Date, X-Auth-Token,
    /// X-Security-Token, Content-Type, Content-Length, ...) are refused; use [`Request::body`]
    /// for the content type. A header given here replaces the client's `User-Agent` or
    /// `X-Project-Id` default.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        let value = crate::sign::trim_header_value(&value.into()).to_owned();
        if RESERVED.iter().any(|r| name.eq_ignore_ascii_case(r)) {
            self.remember(format!(
                "header {name:?} is managed by the client and cannot be set on a request"
            ));
        } else if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
            self.remember(format!("invalid header name {name:?}"));
        } else if http::HeaderValue::from_bytes(value.as_bytes()).is_err() {
            self.remember(format!("invalid value for header {name:?}"));
        } else {
            self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
            self.headers.push((name.to_owned(), value));
        }
        self
    }

    /// Sets the body and its content type. The bytes are hashed for the signature exactly as
    /// sent.
    pub fn body(mut self, content_type: &str, bytes: impl Into<Bytes>) -> Self {
        if http::HeaderValue::from_str(content_type).is_err() {
            self.remember(format!("invalid content type {content_type:?}"));
        }
        self.body = Some((content_type.to_owned(), bytes.into()));
        self
    }

    /// Serialises `value` as the JSON body (`application/json`).
    pub fn json<T: serde::Serialize + ?Sized>(self, value: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(value).map_err(|e| {
            Error::config(format!(
                "{}: cannot serialise request body: {e}",
                self.operation_id
            ))
        })?;
        Ok(self.body("application/json", bytes))
    }

    /// Sends `value` (an object) as an `application/x-www-form-urlencoded` body: one
    /// `name=value` pair per property that is set (see [`crate::body::form_pairs`]).
    pub fn form<T: serde::Serialize + ?Sized>(self, value: &T) -> Result<Self, Error> {
        let bytes = crate::body::form_bytes(value)
            .map_err(|e| Error::config(format!("{}: {e}", self.operation_id)))?;
        Ok(self.body("application/x-www-form-urlencoded", bytes))
    }

    /// Sends `form` as a `multipart/form-data` body. The parts are encoded into bytes here (with
    /// a fresh boundary), so the signature covers the body as sent; a part with an invalid
    /// content type is reported by [`crate::Client::send`] before anything is sent.
    pub fn multipart(mut self, form: &crate::Multipart) -> Self {
        match form.encoded() {
            Ok((content_type, bytes)) => self.body(&content_type, bytes),
            Err(e) => {
                self.remember(e);
                self
            }
        }
    }

    /// Marks a non-idempotent request (POST, PATCH) as safe to retry after 5xx, timeouts and
    /// resets (set by generated code from an OpenAPI `x-` extension).
    pub fn retry_safe(mut self, yes: bool) -> Self {
        self.retry_safe = yes;
        self
    }

    /// Overrides the configured per-attempt timeout for this call.
    pub fn attempt_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Overrides the configured deadline of the whole call (all attempts and waits).
    pub fn operation_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Overrides the configured retry policy for this call.
    pub fn retry_policy(mut self, policy: crate::RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Overrides the `X-Project-Id` header for this call (when generated code uses another
    /// project id than the configured one in the path).
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        let p = project_id.into();
        if http::HeaderValue::from_str(&p).is_err() {
            self.remember(format!("invalid project id {p:?}"));
        }
        self.project_id = Some(p);
        self
    }

    /// Operation id.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Path (percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Query pairs as added.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// True when the method is idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE).
    pub fn is_idempotent(&self) -> bool {
        matches!(
            self.method,
            Method::GET
                | Method::HEAD
                | Method::PUT
                | Method::DELETE
                | Method::OPTIONS
                | Method::TRACE
        )
    }

    /// True when 5xx/timeouts/resets may be retried: idempotent method or marked retry-safe.
    pub fn may_resend(&self) -> bool {
        self.retry_safe || self.is_idempotent()
    }

    fn remember(&mut self, problem: String) {
        if self.problem.is_none() {
            self.problem = Some(format!("{}: {problem}", self.operation_id));
        }
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("content_type", &self.body.as_ref().map(|(ct, _)| ct))
            .field("body_len", &self.body.as_ref().map(|(_, b)| b.len()))
            .field("retry_safe", &self.retry_safe)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod param_tests {
    use super::*;

    #[test]
    fn parameter_texts() {
        assert_eq!(param_string(&serde_json::json!("ci.yml")), "ci.yml");
        assert_eq!(param_string(&serde_json::json!(42)), "42");
        assert_eq!(param_string(&serde_json::json!(null)), "");
        assert_eq!(param_string(&serde_json::json!([1, "a"])), r#"[1,"a"]"#);
        let pairs = object_params(&serde_json::json!({"name": "x", "n": 2, "gone": null}));
        assert_eq!(
            pairs,
            [
                ("n".to_owned(), "2".to_owned()),
                ("name".to_owned(), "x".to_owned())
            ]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_encoding() {
        assert_eq!(
            encode_path_segment("a/b%c d?e#f~g.h-i_j"),
            "a%2Fb%25c%20d%3Fe%23f~g.h-i_j"
        );
        assert_eq!(encode_path_segment("图"), "%E5%9B%BE");
    }

    #[test]
    fn path_params_that_would_change_the_path_are_refused() {
        for (value, why) in [
            ("", "is empty"),
            (".", "cannot be sent"),
            ("..", "cannot be sent"),
            ("a/b", "contains `/`"),
            ("../x", "contains `/`"),
            ("/", "contains `/`"),
        ] {
            let err = path_param("dataset_id", value).unwrap_err();
            assert!(err.is_config(), "{value:?}: {err}");
            let text = err.to_string();
            assert!(
                text.contains("`dataset_id`") && text.contains(why),
                "{value:?}: {text}"
            );
        }
        assert_eq!(
            path_param("dataset_id", "a%2Fb?c#d e..").unwrap(),
            "a%252Fb%3Fc%23d%20e.."
        );
    }

    #[test]
    fn reserved_headers_refused() {
        let r = Request::new("Op", Method::GET, "/x".into()).header("Authorization", "x");
        assert!(r.problem.is_some());
        let r = Request::new("Op", Method::GET, "x".into());
        assert!(r.problem.is_some());
    }
}
