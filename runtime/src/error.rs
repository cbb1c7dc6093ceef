//! The single error type of the runtime and of generated SDK crates.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::HeaderMap;
use serde_json::Value;

pub use crate::paging::{PagingError, PagingErrorKind};
use crate::retry::{Failure, RetryDecision};
pub use crate::waiter::{WaitError, WaitErrorKind};

/// Number of body bytes shown in `Display` output.
const EXCERPT_LEN: usize = 300;

/// At most this many bytes of a non-2xx response body are read and kept in an [`ApiError`]
/// (64 KiB): service error bodies are a few hundred bytes, and a broken or hostile server must
/// not make every error hold megabytes. The rest is not read; [`ApiError::body_truncated`]
/// says when this happened.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// Any failure of a call: use the variant (or the accessors) to decide what to do.
///
/// - [`Error::Api`]: the service answered with a non-2xx status (after retries).
/// - [`Error::Timeout`]: connect, attempt or whole-operation timeout.
/// - [`Error::Transport`]: connection refused, reset, TLS failure, truncated body, ...
/// - [`Error::Decode`]: a response body could not be decoded into the expected type.
/// - [`Error::ResponseTooLarge`]: a 2xx response body was larger than
///   [`crate::ConfigBuilder::max_response_body`]; the request was processed, its result is
///   unknown.
/// - [`Error::Config`]: invalid configuration or request (nothing was sent).
/// - [`Error::Batch`]: a batch call answered, but not every item is known to have succeeded.
/// - [`Error::Paging`]: a page stream stopped (a failed page, a repeated page, a cap); it says
///   where to resume.
/// - [`Error::Wait`]: a waited-for job failed, or the wait timed out.
///
/// No variant ever contains an access key, secret key or token.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with a non-2xx status.
    Api(Box<ApiError>),
    /// A timeout elapsed.
    Timeout(TimeoutError),
    /// The request could not be sent or the response could not be received.
    Transport(TransportError),
    /// The response body could not be decoded.
    Decode(DecodeError),
    /// A successful response's body was larger than the configured limit; it was not read.
    ResponseTooLarge(Box<ResponseTooLargeError>),
    /// Invalid configuration or request; nothing was sent.
    Config(ConfigError),
    /// A batch call (or bulk run) in which some items failed or have an unknown outcome, or
    /// whose response does not say that the batch succeeded.
    Batch(Box<crate::batch::BatchError>),
    /// A page stream stopped; [`PagingError::position`] is the page to resume from. For a
    /// failed page request, [`Error::status`], [`Error::error_code`], [`Error::request_id`],
    /// [`Error::is_retryable`] and [`Error::attempts`] answer for that request.
    Paging(Box<PagingError>),
    /// A job a waiter polled ended in a failure state, or the wait timed out.
    Wait(Box<WaitError>),
}

impl Error {
    /// A configuration error with the given message.
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config(ConfigError {
            message: message.into(),
        })
    }

    /// HTTP status of an [`Error::Api`] (or of the response a [`Error::Decode`] or
    /// [`Error::ResponseTooLarge`] came from).
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => e.status,
            Error::ResponseTooLarge(e) => Some(e.status),
            Error::Paging(e) => e.cause().and_then(Error::status),
            _ => None,
        }
    }

    /// Service error code (e.g. `ModelArts.4204`, `APIGW.0301`) of an [`Error::Api`], or the
    /// batch-level code of an [`Error::Batch`].
    pub fn error_code(&self) -> Option<&str> {
        match self {
            Error::Batch(e) => e.error_code(),
            _ => self.as_api().and_then(ApiError::error_code),
        }
    }

    /// Service error message of an [`Error::Api`], or the batch-level message of an
    /// [`Error::Batch`].
    pub fn error_msg(&self) -> Option<&str> {
        match self {
            Error::Batch(e) => e.error_msg(),
            _ => self.as_api().and_then(ApiError::error_msg),
        }
    }

    /// Request id of an [`Error::Api`] (`X-Request-Id` header, else body `request_id`), of an
    /// [`Error::ResponseTooLarge`] (`X-Request-Id` header), or of the response of an
    /// [`Error::Batch`].
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id(),
            Error::ResponseTooLarge(e) => e.request_id(),
            Error::Batch(e) => e.request_id(),
            _ => None,
        }
    }

    /// The per-item details, if this is an [`Error::Batch`].
    pub fn as_batch(&self) -> Option<&crate::batch::BatchError> {
        match self {
            Error::Batch(e) => Some(e),
            _ => None,
        }
    }

    /// The typed error of one operation (a generated `<Operation>Error` enum), decoded from
    /// the body of an [`Error::Api`] by the status the spec documents; `None` for any other
    /// kind of failure. See [`OperationError`].
    pub fn typed<E: OperationError>(&self) -> Option<E> {
        self.as_api().map(E::from_api)
    }

    /// True for [`Error::Batch`].
    pub fn is_batch(&self) -> bool {
        matches!(self, Error::Batch(_))
    }

    /// The API error details, if this is an [`Error::Api`].
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            Error::Paging(e) => e.cause().and_then(Error::as_api),
            _ => None,
        }
    }

    /// Raw response body of an [`Error::Api`] or [`Error::Decode`].
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(e) => Some(&e.body),
            Error::Decode(e) => Some(&e.body),
            Error::Paging(e) => e.cause().and_then(Error::body),
            _ => None,
        }
    }

    /// How the call failed, as far as sending it again is concerned (the input of
    /// [`crate::retry::decide`]): connection failures and connect timeouts were
    /// [`Failure::NotSent`], HTTP 429 [`Failure::Refused`], other timeouts, other transport
    /// failures and HTTP 500, 502, 503, 504 [`Failure::MaybeProcessed`], everything else
    /// [`Failure::Final`].
    pub fn failure(&self) -> Failure {
        match self {
            Error::Api(e) => Failure::of_status(e.status),
            Error::Timeout(e) if e.kind == TimeoutKind::Connect => Failure::NotSent,
            Error::Transport(e) if e.connect => Failure::NotSent,
            Error::Timeout(_) | Error::Transport(_) => Failure::MaybeProcessed,
            // Resending a whole batch could repeat the items that succeeded.
            Error::Decode(_) | Error::ResponseTooLarge(_) | Error::Config(_) | Error::Batch(_) => {
                Failure::Final
            }
            Error::Paging(e) => e.cause().map_or(Failure::Final, Error::failure),
            Error::Wait(_) => Failure::Final,
        }
    }

    /// True for failures that may succeed when the request is sent again: timeouts, transport
    /// failures and HTTP 429, 500, 502, 503, 504, i.e. what [`crate::retry::decide`] retries for
    /// a request that is safe to resend. The client itself resends a request that may have been
    /// processed (a timeout, reset or 5xx) only when its method is idempotent or it is marked
    /// [`crate::Request::retry_safe`]; see [`crate::RetryPolicy`].
    pub fn is_retryable(&self) -> bool {
        crate::retry::decide(self.failure(), true) == RetryDecision::Retry
    }

    /// True for [`Error::ResponseTooLarge`].
    pub fn is_response_too_large(&self) -> bool {
        matches!(self, Error::ResponseTooLarge(_))
    }

    /// True for [`Error::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// True for [`Error::Transport`].
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport(_))
    }

    /// True for [`Error::Api`].
    pub fn is_api(&self) -> bool {
        matches!(self, Error::Api(_))
    }

    /// True for [`Error::Decode`].
    pub fn is_decode(&self) -> bool {
        matches!(self, Error::Decode(_))
    }

    /// True for [`Error::Config`].
    pub fn is_config(&self) -> bool {
        matches!(self, Error::Config(_))
    }

    /// Number of attempts made before this error was returned (when known).
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Api(e) => Some(e.attempts),
            Error::Timeout(e) => Some(e.attempts),
            Error::Transport(e) => Some(e.attempts),
            Error::ResponseTooLarge(e) => Some(e.attempts),
            Error::Paging(e) => e.cause().and_then(Error::attempts),
            _ => None,
        }
    }

    /// True for [`Error::Paging`].
    pub fn is_paging(&self) -> bool {
        matches!(self, Error::Paging(_))
    }

    /// True for [`Error::Wait`].
    pub fn is_wait(&self) -> bool {
        matches!(self, Error::Wait(_))
    }

    /// The details of an [`Error::Paging`].
    pub fn as_paging(&self) -> Option<&PagingError> {
        match self {
            Error::Paging(e) => Some(e),
            _ => None,
        }
    }

    /// The details of an [`Error::Wait`].
    pub fn as_wait(&self) -> Option<&WaitError> {
        match self {
            Error::Wait(e) => Some(e),
            _ => None,
        }
    }

    /// For an [`Error::Paging`]: the page to resume from (pass it to the list builder's
    /// `starting_at`).
    pub fn page_position(&self) -> Option<crate::paging::PagePosition> {
        self.as_paging().map(PagingError::position)
    }

    pub(crate) fn set_context(&mut self, operation_id: &'static str, attempts: u32) {
        match self {
            Error::Api(e) => {
                e.operation_id = operation_id;
                e.attempts = attempts;
            }
            Error::Timeout(e) => {
                e.operation_id = operation_id;
                e.attempts = attempts;
            }
            Error::Transport(e) => {
                e.operation_id = operation_id;
                e.attempts = attempts;
            }
            Error::ResponseTooLarge(e) => {
                e.operation_id = operation_id;
                e.attempts = attempts;
            }
            Error::Decode(e) => e.operation_id = operation_id,
            Error::Config(_) | Error::Batch(_) | Error::Paging(_) | Error::Wait(_) => {}
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::Timeout(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::ResponseTooLarge(e) => e.fmt(f),
            Error::Config(e) => e.fmt(f),
            Error::Batch(e) => e.fmt(f),
            Error::Paging(e) => e.fmt(f),
            Error::Wait(e) => e.fmt(f),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Transport(e) => e.source.as_deref().map(|s| s as &(dyn StdError + 'static)),
            Error::Decode(e) => e.source.as_ref().map(|s| s as &(dyn StdError + 'static)),
            Error::Paging(e) => e.cause().map(|s| s as &(dyn StdError + 'static)),
            _ => None,
        }
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

fn attempts_suffix(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

fn op_prefix(f: &mut fmt::Formatter<'_>, operation_id: &str) -> fmt::Result {
    if operation_id.is_empty() {
        Ok(())
    } else {
        write!(f, "{operation_id}: ")
    }
}

/// Text excerpt of a body for messages: lossy UTF-8, at most [`EXCERPT_LEN`] bytes, trimmed.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let cut = body.len().min(EXCERPT_LEN);
    let text = String::from_utf8_lossy(&body[..cut]);
    let mut s: String = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.len() > EXCERPT_LEN {
        s.push_str("...");
    }
    s
}

/// A non-2xx answer from the service.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: u16,
    error_code: Option<String>,
    error_msg: Option<String>,
    request_id: Option<String>,
    encoded_authorization_message: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    body_truncated: bool,
    operation_id: &'static str,
    attempts: u32,
}

impl ApiError {
    /// Builds an API error from a response, parsing the body like the official SDK:
    /// the first of (`error_code`,`error_msg`), (`errorCode`,`errorMsg`), (`code`,`message`)
    /// found in the JSON object, recursing into nested objects. A body that is not JSON (or has
    /// none of these fields) leaves `error_code` and `error_msg` as `None`; the raw body is kept.
    /// The request id is the `X-Request-Id` header, else a `request_id` field of the body.
    pub fn from_parts(status: u16, headers: HeaderMap, body: Bytes) -> Self {
        let json: Option<Value> = serde_json::from_slice(&body).ok();
        let (error_code, error_msg) = json
            .as_ref()
            .and_then(find_error_fields)
            .unwrap_or((None, None));
        let header_rid = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let body_rid = || {
            let obj = json.as_ref()?.as_object()?;
            ["request_id", "requestId"]
                .iter()
                .find_map(|k| scalar_string(obj.get(*k)?))
        };
        let request_id = header_rid.or_else(body_rid);
        let encoded_authorization_message = json
            .as_ref()
            .and_then(|j| j.as_object())
            .and_then(|o| o.get("encoded_authorization_message"))
            .and_then(scalar_string);
        ApiError {
            status,
            error_code,
            error_msg,
            request_id,
            encoded_authorization_message,
            headers,
            body,
            body_truncated: false,
            operation_id: "",
            attempts: 1,
        }
    }

    /// Marks the body as cut short: the response had more than these bytes (see
    /// [`MAX_ERROR_BODY`]).
    pub(crate) fn with_truncated_body(mut self) -> Self {
        self.body_truncated = true;
        self
    }

    /// HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }
    /// Service error code from the body, if any.
    pub fn error_code(&self) -> Option<&str> {
        self.error_code.as_deref()
    }
    /// Service error message from the body, if any.
    pub fn error_msg(&self) -> Option<&str> {
        self.error_msg.as_deref()
    }
    /// Request id (`X-Request-Id` header, else body `request_id`): quote it to support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// `encoded_authorization_message` from the body (IAM permission failures), if any.
    pub fn encoded_authorization_message(&self) -> Option<&str> {
        self.encoded_authorization_message.as_deref()
    }
    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// Raw response body: its first [`MAX_ERROR_BODY`] bytes at most (see
    /// [`ApiError::body_truncated`]).
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// True when the response body was longer than [`MAX_ERROR_BODY`]: [`ApiError::body`] holds
    /// its beginning and the rest was not read.
    pub fn body_truncated(&self) -> bool {
        self.body_truncated
    }
    /// Response body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
    /// Decodes the kept body as JSON (the error schema a spec documents for this status).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
    /// The typed error of one operation decoded from this answer (see [`OperationError`]).
    pub fn typed<E: OperationError>(&self) -> E {
        E::from_api(self)
    }
    /// Operation id of the failed call (empty when unknown).
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }
    /// Number of attempts made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// The errors one operation documents, as a generated enum (`GetPetError`, say): one variant
/// per documented non-2xx status (`404`, a `4XX` range, `default`) holding the decoded error
/// schema, and `Unknown` for a status the spec does not document or a body that does not match
/// its schema.
///
/// Calls keep returning the uniform [`Error`], so `?` works everywhere; the typed error is
/// decoded on demand from the body the [`ApiError`] kept:
///
/// ```
/// use sdk_runtime::{ApiError, Error, OperationError};
///
/// #[derive(Debug, PartialEq)]
/// enum GetPetError {
///     NotFound(serde_json::Value),
///     Unknown,
/// }
///
/// impl OperationError for GetPetError {
///     fn from_api(api: &ApiError) -> Self {
///         match api.status() {
///             404 => api.json().map(GetPetError::NotFound),
///             _ => Ok(GetPetError::Unknown),
///         }
///         .unwrap_or(GetPetError::Unknown)
///     }
/// }
///
/// let err: Error = ApiError::from_parts(404, Default::default(), r#"{"code":7}"#.into()).into();
/// assert_eq!(
///     err.typed::<GetPetError>(),
///     Some(GetPetError::NotFound(serde_json::json!({"code": 7})))
/// );
/// ```
pub trait OperationError: Sized {
    /// Decodes the operation's error from a non-2xx answer.
    fn from_api(api: &ApiError) -> Self;

    /// Decodes the operation's error from `err`: `None` unless it is an [`Error::Api`] (or a
    /// page stream that stopped on one).
    fn from_error(err: &Error) -> Option<Self> {
        err.typed()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        op_prefix(f, self.operation_id)?;
        write!(f, "HTTP {}", self.status)?;
        if let Some(reason) = http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        match (&self.error_code, &self.error_msg) {
            (Some(c), Some(m)) => write!(f, ": {c}: {m}")?,
            (Some(c), None) => write!(f, ": {c}")?,
            (None, Some(m)) => write!(f, ": {m}")?,
            (None, None) if !self.body.is_empty() => write!(f, ": body: {}", excerpt(&self.body))?,
            (None, None) => {}
        }
        if self.body_truncated {
            write!(f, " (body cut at {} bytes)", self.body.len())?;
        }
        match &self.request_id {
            Some(rid) => write!(f, " (request id {rid})")?,
            None => write!(f, " (no request id)")?,
        }
        f.write_str(&attempts_suffix(self.attempts))
    }
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

type CodeMsg = (Option<String>, Option<String>);

fn find_error_fields(v: &Value) -> Option<CodeMsg> {
    let obj = v.as_object()?;
    for (code_key, msg_key) in [
        ("error_code", "error_msg"),
        ("errorCode", "errorMsg"),
        ("code", "message"),
    ] {
        if obj.contains_key(code_key) && obj.contains_key(msg_key) {
            let code = obj.get(code_key).and_then(scalar_string);
            let msg = obj.get(msg_key).and_then(scalar_string);
            return Some((code, msg));
        }
    }
    for value in obj.values() {
        if value.is_object() {
            if let Some(found) = find_error_fields(value) {
                return Some(found);
            }
        }
    }
    // Last resort: a lone code or message field at this level.
    for (code_key, msg_key) in [("error_code", "error_msg"), ("errorCode", "errorMsg")] {
        let code = obj.get(code_key).and_then(scalar_string);
        let msg = obj.get(msg_key).and_then(scalar_string);
        if code.is_some() || msg.is_some() {
            return Some((code, msg));
        }
    }
    None
}

/// Which timeout elapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// The TCP/TLS connection could not be established in time (`connect_timeout`).
    Connect,
    /// One attempt (send + full response) took longer than the per-attempt `timeout`.
    Attempt,
    /// The whole operation, retries included, exceeded `operation_timeout`.
    Operation,
}

/// Details of [`Error::Timeout`].
#[derive(Debug, Clone)]
pub struct TimeoutError {
    pub(crate) kind: TimeoutKind,
    pub(crate) after: Duration,
    pub(crate) operation_id: &'static str,
    pub(crate) attempts: u32,
}

impl TimeoutError {
    /// Which timeout elapsed.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }
    /// The configured duration that elapsed.
    pub fn after(&self) -> Duration {
        self.after
    }
    /// Operation id of the failed call.
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }
    /// Number of attempts made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        op_prefix(f, self.operation_id)?;
        let what = match self.kind {
            TimeoutKind::Connect => "connect timeout",
            TimeoutKind::Attempt => "request timeout",
            TimeoutKind::Operation => "operation timeout",
        };
        write!(
            f,
            "{what} after {:?}{}",
            self.after,
            attempts_suffix(self.attempts)
        )
    }
}

/// Details of [`Error::Transport`].
#[derive(Debug)]
pub struct TransportError {
    pub(crate) message: String,
    pub(crate) connect: bool,
    pub(crate) source: Option<Box<dyn StdError + Send + Sync>>,
    pub(crate) operation_id: &'static str,
    pub(crate) attempts: u32,
}

impl TransportError {
    /// Short description of the failure.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// True when the connection could not be established, so the request surely did not
    /// reach the server.
    pub fn is_connect(&self) -> bool {
        self.connect
    }
    /// Operation id of the failed call.
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }
    /// Number of attempts made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        op_prefix(f, self.operation_id)?;
        f.write_str(&self.message)?;
        let mut src = self
            .source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static));
        while let Some(s) = src {
            write!(f, ": {s}")?;
            src = s.source();
        }
        f.write_str(&attempts_suffix(self.attempts))
    }
}

/// Details of [`Error::Decode`]: the full body is kept, `Display` shows an excerpt.
#[derive(Debug)]
pub struct DecodeError {
    pub(crate) message: String,
    pub(crate) status: Option<u16>,
    pub(crate) body: Bytes,
    pub(crate) source: Option<serde_json::Error>,
    pub(crate) operation_id: &'static str,
}

impl DecodeError {
    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// HTTP status of the response, if the body came from one.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
    /// The full body that failed to decode.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// Excerpt of the body as shown in `Display`.
    pub fn body_excerpt(&self) -> String {
        excerpt(&self.body)
    }
    /// Operation id of the call (empty when unknown).
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        op_prefix(f, self.operation_id)?;
        write!(f, "cannot decode response body")?;
        if let Some(s) = self.status {
            write!(f, " (HTTP {s})")?;
        }
        write!(
            f,
            ": {}; body ({} bytes): {}",
            self.message,
            self.body.len(),
            excerpt(&self.body)
        )
    }
}

/// Details of [`Error::ResponseTooLarge`]: a 2xx response announced or sent more body bytes
/// than [`crate::ConfigBuilder::max_response_body`] allows. Reading stopped at the limit (or
/// before the first byte when `Content-Length` was already too large). The service processed
/// the request, so its effect may have happened; only its result is unknown.
#[derive(Debug, Clone)]
pub struct ResponseTooLargeError {
    pub(crate) status: u16,
    pub(crate) limit: usize,
    pub(crate) content_length: Option<u64>,
    pub(crate) headers: HeaderMap,
    pub(crate) operation_id: &'static str,
    pub(crate) attempts: u32,
}

impl ResponseTooLargeError {
    /// HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }
    /// The configured limit in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }
    /// The `Content-Length` the server announced, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }
    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// The `X-Request-Id` header, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }
    /// Operation id of the call (empty when unknown).
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }
    /// Number of attempts made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for ResponseTooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        op_prefix(f, self.operation_id)?;
        write!(f, "HTTP {} response body ", self.status)?;
        match self.content_length {
            Some(n) if n > self.limit as u64 => write!(f, "of {n} bytes (Content-Length)")?,
            _ => f.write_str("longer than the limit")?,
        }
        write!(
            f,
            " exceeds the limit of {} bytes (ConfigBuilder::max_response_body); the request was processed but its result is unknown",
            self.limit
        )?;
        if let Some(rid) = self.request_id() {
            write!(f, " (request id {rid})")?;
        }
        f.write_str(&attempts_suffix(self.attempts))
    }
}

/// Details of [`Error::Config`].
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub(crate) message: String,
}

impl ConfigError {
    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid configuration: {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(body: &str) -> ApiError {
        ApiError::from_parts(400, HeaderMap::new(), Bytes::from(body.to_owned()))
    }

    #[test]
    fn parses_error_shapes() {
        let e = api(r#"{"error_code":"ModelArts.4204","error_msg":"not found","request_id":"r1"}"#);
        assert_eq!(
            (e.error_code(), e.error_msg(), e.request_id()),
            (Some("ModelArts.4204"), Some("not found"), Some("r1"))
        );
        let e = api(r#"{"errorCode":"X.1","errorMsg":"m"}"#);
        assert_eq!((e.error_code(), e.error_msg()), (Some("X.1"), Some("m")));
        let e = api(r#"{"error":{"code":"E1","message":"nested"}}"#);
        assert_eq!(
            (e.error_code(), e.error_msg()),
            (Some("E1"), Some("nested"))
        );
        let e = api(r#"{"code":404,"message":"num"}"#);
        assert_eq!((e.error_code(), e.error_msg()), (Some("404"), Some("num")));
        let e = api("<html>Bad Gateway</html>");
        assert_eq!(
            (e.error_code(), e.error_msg(), e.request_id()),
            (None, None, None)
        );
        assert!(e.to_string().contains("<html>Bad Gateway</html>"), "{e}");
    }

    #[test]
    fn header_request_id_wins() {
        let mut h = HeaderMap::new();
        h.insert("X-Request-Id", "hdr".parse().unwrap());
        let e = ApiError::from_parts(500, h, Bytes::from_static(br#"{"request_id":"body"}"#));
        assert_eq!(e.request_id(), Some("hdr"));
        assert!(e.to_string().contains("HTTP 500 Internal Server Error"));
    }
}
