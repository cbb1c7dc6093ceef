//! The HTTP client: endpoint resolution, signing, sending, retries and timeouts.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, HeaderName, HeaderValue};
use percent_encoding::percent_decode_str;
use tracing::{debug, field, info_span, warn, Instrument, Span};
use url::Url;

use crate::error::{
    ApiError, ResponseTooLargeError, TimeoutError, TimeoutKind, TransportError, MAX_ERROR_BODY,
};
use crate::retry::{self, RetryDecision};
use crate::secret::SecretString;
use crate::service::parse_endpoint;
use crate::sign::{self, DerivedScope, SignInput, SignOptions};
use crate::{Config, Error, Reply, Request, Response, RetryPolicy, ServiceInfo};

/// The future of one operation call, as a generated `send` or `send_with_metadata` returns it:
/// boxed, `Send` and `'static` (it holds its own handle to the client), so it can be stored in a
/// struct, named in a signature or spawned as is. Nothing is sent until it is polled.
///
/// Generated operations return this instead of being `async fn`s: an `async fn` per operation
/// makes rustc type-check one state machine per operation (and, most likely, prove it `Send`),
/// which cost a tenth to a fifth of `cargo check` on generated crates (see `BENCHMARKS.md`).
/// The one allocation per call is nothing next to a network round trip.
pub type CallFuture<T> = crate::paging::BoxFuture<Result<T, Error>>;

/// `call`'s value without the response's metadata: what a generated `send` returns.
pub fn into_inner<T, F>(call: F) -> CallFuture<T>
where
    T: Send + 'static,
    F: std::future::Future<Output = Result<Reply<T>, Error>> + Send + 'static,
{
    Box::pin(async move { call.await.map(Reply::into_inner) })
}

/// Sends requests of one service. Cheap to clone (shared inner state).
///
/// `Debug` shows no secrets.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    service: &'static ServiceInfo,
    http: reqwest::Client,
    endpoint: Url,
    user_agent: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.name)
            .field("endpoint", &self.inner.endpoint.as_str())
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// The deadline of a whole operation.
#[derive(Clone, Copy)]
struct Deadline {
    at: Instant,
    total: Duration,
}

/// The time one attempt may take.
#[derive(Clone, Copy)]
struct Budget {
    time: Duration,
    /// The operation timeout, when the deadline rather than the attempt timeout sets `time`.
    limited_by_deadline: Option<Duration>,
}

impl Budget {
    /// The budget of an attempt starting now, or `None` when the deadline has passed.
    fn for_attempt(attempt_timeout: Duration, deadline: Option<Deadline>) -> Option<Budget> {
        let Some(deadline) = deadline else {
            return Some(Budget {
                time: attempt_timeout,
                limited_by_deadline: None,
            });
        };
        let left = deadline.at.saturating_duration_since(Instant::now());
        if left.is_zero() {
            None
        } else if left < attempt_timeout {
            Some(Budget {
                time: left,
                limited_by_deadline: Some(deadline.total),
            })
        } else {
            Some(Budget {
                time: attempt_timeout,
                limited_by_deadline: None,
            })
        }
    }

    /// The error of an attempt that used up this budget.
    fn elapsed(self) -> Error {
        let (kind, after) = match self.limited_by_deadline {
            Some(total) => (TimeoutKind::Operation, total),
            None => (TimeoutKind::Attempt, self.time),
        };
        timeout_error(kind, after)
    }
}

fn timeout_error(kind: TimeoutKind, after: Duration) -> Error {
    Error::Timeout(TimeoutError {
        kind,
        after,
        operation_id: "",
        attempts: 1,
    })
}

/// A response whose body has been read (up to its limit).
struct Received {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    /// The body was longer than its limit and was cut there (error responses only).
    truncated: bool,
}

impl Client {
    /// Creates a client for `service`.
    ///
    /// Endpoint: the configured endpoint if any; otherwise, for the configured region, the
    /// environment override `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` (first of a comma
    /// list), else the service's per-region table, else its template. Plain `http` needs
    /// [`crate::ConfigBuilder::allow_http`].
    pub fn new(config: Config, service: &'static ServiceInfo) -> Result<Client, Error> {
        let raw = match (config.endpoint(), config.region()) {
            (Some(e), _) => e.to_owned(),
            (None, Some(region)) => std::env::var(service.endpoint_env_var(region))
                .ok()
                .and_then(|v| v.split(',').map(str::trim).find(|s| !s.is_empty()).map(str::to_owned))
                .unwrap_or_else(|| service.endpoint_for_region(region)),
            (None, None) if !service.needs_region() => service.endpoint_template.to_owned(),
            (None, None) => {
                return Err(Error::config(format!(
                    "no region or endpoint configured for service {}: set ConfigBuilder::region (or HUAWEICLOUD_SDK_REGION) or ConfigBuilder::endpoint",
                    service.name
                )))
            }
        };
        let endpoint = parse_endpoint(&raw, config.allow_http())?;
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(config.connect_timeout())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::config(format!("cannot create HTTP client: {e}")))?;
        let mut user_agent = format!(
            "huaweicloud-usdk-rust/{}; {}/{}",
            env!("CARGO_PKG_VERSION"),
            service.sdk_name,
            service.sdk_version
        );
        if let Some(extra) = config.user_agent() {
            user_agent.push_str("; ");
            user_agent.push_str(extra);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                service,
                http,
                endpoint,
                user_agent,
            }),
        })
    }

    /// The configured default project id.
    pub fn project_id(&self) -> Option<&str> {
        self.inner.config.project_id()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The resolved endpoint base URL.
    pub fn endpoint(&self) -> &Url {
        &self.inner.endpoint
    }

    /// The service this client talks to.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// Sends `request` with retries (see [`crate::RetryPolicy`]) and timeouts. Every attempt is
    /// signed right before it is sent, with a fresh `X-Sdk-Date`, using the configured
    /// [`crate::sign::SigningAlgorithm`], or `V11-HMAC-SHA256` when the credentials enable
    /// derived AK/SK signing for the endpoint's host. Other credentials add their header (or
    /// query parameter) to every attempt, unsigned.
    ///
    /// Returns `Ok` only for a 2xx status; any other status becomes [`Error::Api`] once the
    /// retries are exhausted.
    pub async fn send(&self, request: Request) -> Result<Response, Error> {
        if let Some(problem) = &request.problem {
            return Err(Error::config(problem.clone()));
        }
        let url = self.build_url(&request)?;
        let span = info_span!(
            "sdk_operation",
            service = self.inner.service.name,
            operation = request.operation_id,
            method = %request.method,
            path = url.path(),
            attempts = field::Empty,
            status = field::Empty,
            request_id = field::Empty,
        );
        self.send_with_retries(&request, &url)
            .instrument(span)
            .await
    }

    /// Sends `request` (or, when building it failed, returns that error without sending
    /// anything) like [`Client::send`], then turns the 2xx response into a value with `decode`;
    /// the [`Reply`] keeps the status, the request id and the headers. This is what a generated
    /// `send_with_metadata` returns.
    pub fn call<T, D>(&self, request: Result<Request, Error>, decode: D) -> CallFuture<Reply<T>>
    where
        T: Send + 'static,
        D: FnOnce(&Response) -> Result<T, Error> + Send + 'static,
    {
        let client = self.clone();
        Box::pin(async move {
            let response = client.send(request?).await?;
            let value = decode(&response)?;
            Ok(Reply::new(value, &response))
        })
    }

    fn build_url(&self, request: &Request) -> Result<Url, Error> {
        check_path(request)?;
        let base = self.inner.endpoint.as_str().trim_end_matches('/');
        let mut url = Url::parse(&format!("{base}{}", request.path)).map_err(|e| {
            Error::config(format!(
                "{}: invalid request path: {e}",
                request.operation_id
            ))
        })?;
        let query = match self.inner.config.credentials().auth_query() {
            Some((name, value)) => {
                // The key replaces a parameter of the same name and is sorted in like the others.
                let mut pairs: Vec<(String, String)> = request
                    .query
                    .iter()
                    .filter(|(k, _)| k != name)
                    .cloned()
                    .collect();
                pairs.push((name.to_owned(), value.expose_secret().to_owned()));
                sign::canonical_query(&pairs)
            }
            None => sign::canonical_query(&request.query),
        };
        url.set_query((!query.is_empty()).then_some(query.as_str()));
        url.set_fragment(None);
        Ok(url)
    }

    /// The attempt loop: sends, and on failure waits and sends again as long as
    /// [`retry::decide`], the policy's attempts and the deadline allow.
    async fn send_with_retries(&self, request: &Request, url: &Url) -> Result<Response, Error> {
        let cfg = &self.inner.config;
        // A call may override the configured policy and timeouts.
        let policy = request.retry.as_ref().unwrap_or(cfg.retry());
        let attempt_timeout = request.attempt_timeout.unwrap_or(cfg.timeout());
        let deadline = request
            .operation_timeout
            .or(cfg.operation_timeout())
            .map(|total| Deadline {
                at: Instant::now() + total,
                total,
            });
        let span = Span::current();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let Some(budget) = Budget::for_attempt(attempt_timeout, deadline) else {
                let total = deadline.map_or(attempt_timeout, |d| d.total);
                let mut error = timeout_error(TimeoutKind::Operation, total);
                error.set_context(request.operation_id, attempt - 1);
                record_failure(&span, attempt - 1, &error);
                return Err(error);
            };
            let attempt_span = info_span!(
                "sdk_attempt",
                operation = request.operation_id,
                attempt,
                status = field::Empty,
                request_id = field::Empty
            );
            let result = self
                .attempt(request, url, budget)
                .instrument(attempt_span.clone())
                .await;
            let mut error = match result {
                Ok(response) => {
                    record_success(&span, attempt, &response);
                    return Ok(response);
                }
                Err(error) => error,
            };
            error.set_context(request.operation_id, attempt);
            match next_wait(&error, request, policy, attempt, deadline) {
                Ok(delay) => {
                    warn!(parent: &attempt_span, error = %error, delay_ms = delay.as_millis() as u64, "attempt failed; retrying");
                    tokio::time::sleep(delay).await;
                }
                Err(why) => {
                    record_failure(&span, attempt, &error);
                    debug!(parent: &attempt_span, error = %error, "operation failed ({why})");
                    return Err(error);
                }
            }
        }
    }

    /// One attempt: sign, send, read the response within `budget`.
    async fn attempt(
        &self,
        request: &Request,
        url: &Url,
        budget: Budget,
    ) -> Result<Response, Error> {
        let body: Bytes = match &request.body {
            Some((_, b)) => b.clone(),
            None => Bytes::new(),
        };
        let headers = self.attempt_headers(request, url, &body)?;
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url.clone())
            .headers(headers);
        if request.body.is_some()
            || !matches!(request.method, http::Method::GET | http::Method::HEAD)
        {
            builder = builder.body(body);
        }
        debug!("sending request");
        let received = match tokio::time::timeout(budget.time, self.exchange(builder)).await {
            Ok(received) => received?,
            Err(_) => {
                debug!(
                    timeout_ms = budget.time.as_millis() as u64,
                    "attempt timed out"
                );
                return Err(budget.elapsed());
            }
        };
        record_response(&received);
        if (200..300).contains(&received.status) {
            return Ok(Response {
                status: received.status,
                headers: received.headers,
                body: received.body,
                operation_id: request.operation_id,
            });
        }
        let error = ApiError::from_parts(received.status, received.headers, received.body);
        Err(match received.truncated {
            true => error.with_truncated_body(),
            false => error,
        }
        .into())
    }

    /// Sends the request and reads the response body chunk by chunk, up to the limit: the
    /// configured [`Config::max_response_body`] for 2xx (past it the call fails), the smaller
    /// [`MAX_ERROR_BODY`] for other statuses (past it the body is cut).
    async fn exchange(&self, builder: reqwest::RequestBuilder) -> Result<Received, Error> {
        let mut response = builder.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let max = self.inner.config.max_response_body();
        let success = (200..300).contains(&status);
        let limit = if success {
            max
        } else {
            max.min(MAX_ERROR_BODY)
        };
        let declared = response.content_length();
        let too_large = |headers: HeaderMap| {
            Error::ResponseTooLarge(Box::new(ResponseTooLargeError {
                status,
                limit,
                content_length: declared,
                headers,
                operation_id: "",
                attempts: 1,
            }))
        };
        if success && declared.is_some_and(|n| n > limit as u64) {
            return Err(too_large(headers));
        }
        let expected = declared.map_or(0, |n| n.min(limit as u64) as usize);
        let mut body = BytesMut::with_capacity(expected.min(1024 * 1024));
        let mut truncated = false;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(e))?
        {
            let room = limit - body.len();
            if chunk.len() > room {
                if success {
                    return Err(too_large(headers));
                }
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Received {
            status,
            headers,
            body: body.freeze(),
            truncated,
        })
    }

    /// Builds the headers of one attempt: the request's, signed if AK/SK credentials are used,
    /// else with the authentication header of the credentials (if any).
    fn attempt_headers(
        &self,
        request: &Request,
        url: &Url,
        body: &[u8],
    ) -> Result<HeaderMap, Error> {
        let creds = self.inner.config.credentials();
        let auth_header = creds.auth_header();
        let mut headers = self.request_headers(request, auth_header.as_ref().map(|(n, _)| *n));
        let host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_owned(),
        };
        let headers = match creds.aksk_parts() {
            Some(keys) => self.sign(request, url, &host, &headers, body, keys),
            None => {
                headers.push(("Host".into(), host));
                headers
            }
        };
        let op = request.operation_id;
        let mut map = HeaderMap::with_capacity(headers.len() + 1);
        for (name, value) in &headers {
            let (name, value) = header_pair(name, value, sign::is_sensitive_header(name), op)?;
            map.append(name, value);
        }
        // Unsigned kinds: the header of the token, bearer, basic or API key credentials.
        if let Some((name, value)) = auth_header {
            let (name, value) = header_pair(name, value.expose_secret(), true, op)?;
            map.append(name, value);
        }
        Ok(map)
    }

    /// The headers every attempt sends before authentication: `User-Agent`, `Content-Type`,
    /// `X-Project-Id` and the request's own, except one named like the credentials' header
    /// `replaced_by_auth` (an API key header replaces a request header of that name).
    fn request_headers(
        &self,
        request: &Request,
        replaced_by_auth: Option<&str>,
    ) -> Vec<(String, String)> {
        let has = |name: &str| {
            request
                .headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case(name))
        };
        let mut headers: Vec<(String, String)> = Vec::with_capacity(8);
        if !has("User-Agent") {
            headers.push(("User-Agent".into(), self.inner.user_agent.clone()));
        }
        if let Some((ct, _)) = &request.body {
            headers.push(("Content-Type".into(), ct.clone()));
        }
        if !has("X-Project-Id") {
            let project = request.project_id.as_deref();
            if let Some(p) = project.or(self.inner.config.project_id()) {
                headers.push(("X-Project-Id".into(), p.to_owned()));
            }
        }
        headers.extend(
            request
                .headers
                .iter()
                .filter(|(k, _)| replaced_by_auth.is_none_or(|name| !k.eq_ignore_ascii_case(name)))
                .cloned(),
        );
        headers
    }

    /// Signs with AK/SK: the configured algorithm, or `V11-HMAC-SHA256` when the credentials
    /// derive keys for `host`. Returns all headers to send.
    fn sign(
        &self,
        request: &Request,
        url: &Url,
        host: &str,
        headers: &[(String, String)],
        body: &[u8],
        (ak, sk, token): (&SecretString, &SecretString, Option<&SecretString>),
    ) -> Vec<(String, String)> {
        let cfg = &self.inner.config;
        let creds = cfg.credentials();
        let date = sign::format_sdk_date(cfg.now());
        let derived = match (creds.derived_auth_service_name(), cfg.region()) {
            (Some(service), Some(region)) if creds.uses_derived_auth(host) => {
                Some(DerivedScope { region, service })
            }
            _ => None,
        };
        let options = SignOptions {
            algorithm: cfg.signing_algorithm(),
            derived,
        };
        let input = SignInput {
            method: request.method.as_str(),
            host,
            path: url.path(),
            query: &request.query,
            headers,
            body,
            sdk_date: &date,
            ak: ak.expose_secret(),
            sk: sk.expose_secret(),
            security_token: token.map(|t| t.expose_secret()),
            project_id: None,
        };
        sign::sign_with(&input, &options).headers
    }

    fn transport_error(&self, e: reqwest::Error) -> Error {
        let connect = e.is_connect();
        if connect && e.is_timeout() {
            return timeout_error(TimeoutKind::Connect, self.inner.config.connect_timeout());
        }
        let message = if connect {
            "cannot connect to the endpoint"
        } else if e.is_body() || e.is_decode() {
            "failed to read the response body"
        } else {
            "request failed (connection closed or reset)"
        };
        Error::Transport(TransportError {
            message: message.to_owned(),
            connect,
            source: Some(Box::new(e.without_url())),
            operation_id: "",
            attempts: 1,
        })
    }
}

/// Refuses a path that URL normalisation would change (`.` and `..` segments) or whose
/// encoded `/` (`%2F`) the signer and the gateway read as a separator (see
/// [`crate::path_param`]).
fn check_path(request: &Request) -> Result<(), Error> {
    for segment in request.path.split('/') {
        let decoded = percent_decode_str(segment).decode_utf8_lossy();
        let problem = if decoded == "." || decoded == ".." {
            "would be removed by URL normalisation"
        } else if decoded.contains('/') {
            "holds an encoded `/`, which the gateway reads as a path separator"
        } else {
            continue;
        };
        return Err(Error::config(format!(
            "{}: path segment {segment:?} {problem}",
            request.operation_id
        )));
    }
    Ok(())
}

/// The wait before the next attempt after `error`, or why there is none.
fn next_wait(
    error: &Error,
    request: &Request,
    policy: &RetryPolicy,
    attempt: u32,
    deadline: Option<Deadline>,
) -> Result<Duration, &'static str> {
    match retry::decide(error.failure(), request.may_resend()) {
        RetryDecision::Retry => {}
        RetryDecision::UnsafeToResend => {
            return Err("it may have been processed and is not safe to resend")
        }
        _ => return Err("not retryable"),
    }
    if attempt >= policy.max_attempts() {
        return Err("attempts exhausted");
    }
    let retry_after = error
        .as_api()
        .and_then(|api| api.headers().get(http::header::RETRY_AFTER))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| policy.retry_after(v));
    let delay = retry_after.unwrap_or_else(|| policy.backoff(attempt));
    if deadline.is_some_and(|d| Instant::now() + delay >= d.at) {
        return Err("the wait before a retry would pass the operation deadline");
    }
    Ok(delay)
}

/// A header for the wire; `sensitive` values are marked so that `http` never prints them.
fn header_pair(
    name: &str,
    value: &str,
    sensitive: bool,
    operation_id: &str,
) -> Result<(HeaderName, HeaderValue), Error> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::config(format!("{operation_id}: invalid header name {name:?}")))?;
    let mut header_value = HeaderValue::from_bytes(value.as_bytes())
        .map_err(|_| Error::config(format!("{operation_id}: invalid value for header {name:?}")))?;
    header_value.set_sensitive(sensitive);
    Ok((header_name, header_value))
}

/// Records the status and request id of a response on the attempt's span.
fn record_response(received: &Received) {
    let current = Span::current();
    current.record("status", received.status);
    let request_id = received
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok());
    if let Some(rid) = request_id {
        current.record("request_id", rid);
    }
    debug!(
        status = received.status,
        request_id = request_id.unwrap_or(""),
        body_len = received.body.len(),
        body_truncated = received.truncated,
        "response received"
    );
}

fn record_success(span: &Span, attempts: u32, response: &Response) {
    span.record("attempts", attempts);
    span.record("status", response.status);
    if let Some(rid) = response.request_id() {
        span.record("request_id", rid);
    }
}

fn record_failure(span: &Span, attempts: u32, error: &Error) {
    span.record("attempts", attempts);
    if let Some(status) = error.status() {
        span.record("status", status);
    }
    if let Some(rid) = error.request_id() {
        span.record("request_id", rid);
    }
}
