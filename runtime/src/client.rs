//! The HTTP client: endpoint resolution, signing, sending, retries and timeouts.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use percent_encoding::percent_decode_str;
use tracing::{debug, field, info_span, warn, Instrument};
use url::Url;

use crate::error::{ApiError, TimeoutError, TimeoutKind, TransportError};
use crate::service::parse_endpoint;
use crate::sign::{self, DerivedScope, SignInput, SignOptions};
use crate::{Config, Error, Request, Response, ServiceInfo};

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

/// Outcome of one attempt that did not succeed.
struct Failure {
    error: Error,
    retry: bool,
    retry_after: Option<Duration>,
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

    fn build_url(&self, request: &Request) -> Result<Url, Error> {
        for segment in request.path.split('/') {
            let decoded = percent_decode_str(segment).decode_utf8_lossy();
            if decoded == "." || decoded == ".." {
                return Err(Error::config(format!(
                    "{}: path segment {segment:?} would be removed by URL normalisation",
                    request.operation_id
                )));
            }
        }
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

    async fn send_with_retries(&self, request: &Request, url: &Url) -> Result<Response, Error> {
        let cfg = &self.inner.config;
        // A call may override the configured policy and timeouts.
        let policy = request.retry.as_ref().unwrap_or(cfg.retry());
        let attempt_timeout = request.attempt_timeout.unwrap_or(cfg.timeout());
        let start = Instant::now();
        let deadline = request
            .operation_timeout
            .or(cfg.operation_timeout())
            .map(|d| (start + d, d));
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let span = tracing::Span::current();
            // Time budget of this attempt.
            let (budget, limited_by_deadline) = match deadline {
                Some((at, total)) => {
                    let left = at.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        let mut e = Error::Timeout(TimeoutError {
                            kind: TimeoutKind::Operation,
                            after: total,
                            operation_id: "",
                            attempts: 0,
                        });
                        span.record("attempts", attempt - 1);
                        e.set_context(request.operation_id, attempt - 1);
                        return Err(e);
                    }
                    if left < attempt_timeout {
                        (left, true)
                    } else {
                        (attempt_timeout, false)
                    }
                }
                None => (attempt_timeout, false),
            };
            let attempt_span = info_span!(
                "sdk_attempt",
                operation = request.operation_id,
                attempt,
                status = field::Empty,
                request_id = field::Empty
            );
            let result = self
                .attempt(
                    request,
                    url,
                    budget,
                    limited_by_deadline,
                    deadline.map(|d| d.1),
                )
                .instrument(attempt_span.clone())
                .await;
            let failure = match result {
                Ok(resp) => {
                    span.record("attempts", attempt);
                    span.record("status", resp.status);
                    if let Some(rid) = resp.request_id() {
                        span.record("request_id", rid);
                    }
                    return Ok(resp);
                }
                Err(f) => f,
            };
            let mut error = failure.error;
            error.set_context(request.operation_id, attempt);
            let give_up = |error: Error, why: &str| {
                span.record("attempts", attempt);
                if let Some(status) = error.status() {
                    span.record("status", status);
                }
                if let Some(rid) = error.request_id() {
                    span.record("request_id", rid);
                }
                debug!(parent: &attempt_span, error = %error, "operation failed ({why})");
                Err(error)
            };
            if !failure.retry {
                return give_up(error, "not retryable");
            }
            if attempt >= policy.max_attempts() {
                return give_up(error, "attempts exhausted");
            }
            let delay = failure
                .retry_after
                .unwrap_or_else(|| policy.backoff(attempt));
            if let Some((at, _)) = deadline {
                if Instant::now() + delay >= at {
                    return give_up(
                        error,
                        "the wait before a retry would pass the operation deadline",
                    );
                }
            }
            warn!(parent: &attempt_span, error = %error, delay_ms = delay.as_millis() as u64, "attempt failed; retrying");
            tokio::time::sleep(delay).await;
        }
    }

    /// Builds the headers of one attempt, signing if AK/SK credentials are used, else adding the
    /// authentication header of the credentials (if any).
    fn attempt_headers(
        &self,
        request: &Request,
        url: &Url,
        body: &[u8],
    ) -> Result<HeaderMap, Error> {
        let cfg = &self.inner.config;
        let mut headers: Vec<(String, String)> = Vec::with_capacity(8);
        let has = |name: &str| {
            request
                .headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case(name))
        };
        if !has("User-Agent") {
            headers.push(("User-Agent".into(), self.inner.user_agent.clone()));
        }
        if let Some((ct, _)) = &request.body {
            headers.push(("Content-Type".into(), ct.clone()));
        }
        if !has("X-Project-Id") {
            if let Some(p) = request.project_id.as_deref().or(cfg.project_id()) {
                headers.push(("X-Project-Id".into(), p.to_owned()));
            }
        }
        let creds = cfg.credentials();
        let auth_header = creds.auth_header();
        match &auth_header {
            // An API key header replaces a request header of the same name.
            Some((name, _)) => headers.extend(
                request
                    .headers
                    .iter()
                    .filter(|(k, _)| !k.eq_ignore_ascii_case(name))
                    .cloned(),
            ),
            None => headers.extend(request.headers.iter().cloned()),
        }
        let host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_owned(),
        };
        let final_headers = if let Some((ak, sk, token)) = creds.aksk_parts() {
            let date = sign::format_sdk_date(cfg.now());
            let derived = match (creds.derived_auth_service_name(), cfg.region()) {
                (Some(service), Some(region)) if creds.uses_derived_auth(&host) => {
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
                host: &host,
                path: url.path(),
                query: &request.query,
                headers: &headers,
                body,
                sdk_date: &date,
                ak: ak.expose_secret(),
                sk: sk.expose_secret(),
                security_token: token.map(|t| t.expose_secret()),
                project_id: None,
            };
            sign::sign_with(&input, &options).headers
        } else {
            headers.push(("Host".into(), host));
            headers
        };
        // Unsigned kinds: the header of the token, bearer, basic or API key credentials.
        let auth_header = match auth_header {
            Some((name, value)) => {
                let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    Error::config(format!(
                        "{}: invalid header name {name:?}",
                        request.operation_id
                    ))
                })?;
                let mut header_value = HeaderValue::from_bytes(value.expose_secret().as_bytes())
                    .map_err(|_| {
                        Error::config(format!(
                            "{}: invalid value for header {name:?}",
                            request.operation_id
                        ))
                    })?;
                header_value.set_sensitive(true);
                Some((header_name, header_value))
            }
            None => None,
        };
        let mut map = HeaderMap::with_capacity(final_headers.len());
        for (k, v) in final_headers {
            let name = HeaderName::from_bytes(k.as_bytes()).map_err(|_| {
                Error::config(format!(
                    "{}: invalid header name {k:?}",
                    request.operation_id
                ))
            })?;
            let mut value = HeaderValue::from_bytes(v.as_bytes()).map_err(|_| {
                Error::config(format!(
                    "{}: invalid value for header {k:?}",
                    request.operation_id
                ))
            })?;
            if sign::is_sensitive_header(&k) {
                value.set_sensitive(true);
            }
            map.append(name, value);
        }
        if let Some((name, value)) = auth_header {
            map.append(name, value);
        }
        Ok(map)
    }

    async fn attempt(
        &self,
        request: &Request,
        url: &Url,
        budget: Duration,
        limited_by_deadline: bool,
        operation_timeout: Option<Duration>,
    ) -> Result<Response, Failure> {
        let body: Bytes = match &request.body {
            Some((_, b)) => b.clone(),
            None => Bytes::new(),
        };
        let headers = self
            .attempt_headers(request, url, &body)
            .map_err(|error| Failure {
                error,
                retry: false,
                retry_after: None,
            })?;
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
        let exchange = async {
            let resp = builder.send().await?;
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let body = resp.bytes().await?;
            Ok::<_, reqwest::Error>((status, headers, body))
        };
        let may_resend = request.may_resend();
        let outcome = match tokio::time::timeout(budget, exchange).await {
            Ok(r) => r,
            Err(_) => {
                let (kind, after) = if limited_by_deadline {
                    (TimeoutKind::Operation, operation_timeout.unwrap_or(budget))
                } else {
                    (TimeoutKind::Attempt, budget)
                };
                debug!(timeout_ms = budget.as_millis() as u64, "attempt timed out");
                return Err(Failure {
                    error: Error::Timeout(TimeoutError {
                        kind,
                        after,
                        operation_id: "",
                        attempts: 1,
                    }),
                    retry: may_resend && kind == TimeoutKind::Attempt,
                    retry_after: None,
                });
            }
        };
        let (status, headers, body) = match outcome {
            Ok(parts) => parts,
            Err(e) => return Err(self.transport_failure(e, may_resend)),
        };
        let current = tracing::Span::current();
        current.record("status", status);
        let request_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(rid) = &request_id {
            current.record("request_id", rid.as_str());
        }
        debug!(
            status,
            request_id = request_id.as_deref().unwrap_or(""),
            body_len = body.len(),
            "response received"
        );
        if (200..300).contains(&status) {
            return Ok(Response {
                status,
                headers,
                body,
                operation_id: request.operation_id,
            });
        }
        let retry = status == 429 || (may_resend && matches!(status, 500 | 502 | 503 | 504));
        let retry_after = if retry {
            headers
                .get(http::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    let policy = request.retry.as_ref().unwrap_or(self.inner.config.retry());
                    policy.retry_after(v)
                })
        } else {
            None
        };
        Err(Failure {
            error: ApiError::from_parts(status, headers, body).into(),
            retry,
            retry_after,
        })
    }

    fn transport_failure(&self, e: reqwest::Error, may_resend: bool) -> Failure {
        let connect = e.is_connect();
        if connect && e.is_timeout() {
            return Failure {
                error: Error::Timeout(TimeoutError {
                    kind: TimeoutKind::Connect,
                    after: self.inner.config.connect_timeout(),
                    operation_id: "",
                    attempts: 1,
                }),
                retry: true,
                retry_after: None,
            };
        }
        let message = if connect {
            "cannot connect to the endpoint"
        } else if e.is_body() || e.is_decode() {
            "failed to read the response body"
        } else {
            "request failed (connection closed or reset)"
        };
        let e = e.without_url();
        Failure {
            error: Error::Transport(TransportError {
                message: message.to_owned(),
                connect,
                source: Some(Box::new(e)),
                operation_id: "",
                attempts: 1,
            }),
            retry: connect || may_resend,
            retry_after: None,
        }
    }
}
