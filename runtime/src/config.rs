//! Client configuration.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::credentials::Credentials;
use crate::retry::RetryPolicy;
use crate::service::parse_endpoint;
use crate::sign::SigningAlgorithm;
use crate::Error;

/// Environment variable with the region id, e.g. `cn-north-4` (specific to this Rust SDK).
pub const ENV_REGION: &str = "HUAWEICLOUD_SDK_REGION";
/// Environment variable with a custom endpoint URL (specific to this Rust SDK).
pub const ENV_ENDPOINT: &str = "HUAWEICLOUD_SDK_ENDPOINT";
/// Environment variable with the project id (official name).
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";

/// Default connect timeout: 10 s.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default per-attempt timeout (request sent and whole response read): 60 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Default limit of a successful response body: 64 MiB.
///
/// The client reads a response whole before decoding it, so without a limit a broken or hostile
/// server could make it hold any amount of memory (an endless body, or a huge `Content-Length`).
/// 64 MiB is far above the largest real response of the data management API (a page of at most
/// a few hundred samples or datasets with their metadata, kilobytes to a few megabytes) while
/// still bounding memory. Raise it with [`ConfigBuilder::max_response_body`] for an API that
/// returns larger documents. Error bodies are capped smaller, at
/// [`crate::error::MAX_ERROR_BODY`].
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Configuration of a [`crate::Client`]. Build it with [`Config::builder`] or [`Config::from_env`].
///
/// `Debug` shows no secrets.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    endpoint: Option<String>,
    credentials: Credentials,
    project_id: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    operation_timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: Option<String>,
    allow_http: bool,
    signing_algorithm: SigningAlgorithm,
    max_response_body: usize,
    clock: Clock,
}

impl Config {
    /// An empty builder.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder pre-filled from the environment: credentials (see [`Credentials::from_env`];
    /// missing credentials are not an error here, [`ConfigBuilder::build`] reports them),
    /// `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_REGION` and `HUAWEICLOUD_SDK_ENDPOINT`.
    /// Settings made on the returned builder override the environment.
    pub fn from_env() -> Result<ConfigBuilder, Error> {
        ConfigBuilder::from_lookup(&|name| std::env::var(name).ok())
    }

    /// Region id, if configured.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
    /// Custom endpoint, if configured (otherwise the endpoint comes from the region).
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }
    /// Credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }
    /// Default project id of the calls, if configured.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }
    /// Connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }
    /// Per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
    /// Deadline of a whole operation, retries included, if any.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }
    /// Retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }
    /// Extra `User-Agent` text, if configured.
    pub fn user_agent(&self) -> Option<&str> {
        self.user_agent.as_deref()
    }
    /// Whether plain `http` endpoints are allowed.
    pub fn allow_http(&self) -> bool {
        self.allow_http
    }
    /// Signing algorithm of AK/SK requests (default [`SigningAlgorithm::HmacSha256`]); derived
    /// AK/SK signing (see [`Credentials::with_derived_auth_service_name`]) takes precedence.
    pub fn signing_algorithm(&self) -> SigningAlgorithm {
        self.signing_algorithm
    }
    /// Largest successful response body the client reads, in bytes (see
    /// [`ConfigBuilder::max_response_body`]).
    pub fn max_response_body(&self) -> usize {
        self.max_response_body
    }
    /// Current time according to the configured clock (used for `X-Sdk-Date`).
    pub fn now(&self) -> SystemTime {
        (self.clock)()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("project_id", &self.project_id)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("allow_http", &self.allow_http)
            .field("signing_algorithm", &self.signing_algorithm)
            .field("max_response_body", &self.max_response_body)
            .finish_non_exhaustive()
    }
}

/// Builder of [`Config`].
#[derive(Clone, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint: Option<String>,
    credentials: Option<Credentials>,
    project_id: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    allow_http: bool,
    signing_algorithm: Option<SigningAlgorithm>,
    max_response_body: Option<usize>,
    clock: Option<Clock>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("project_id", &self.project_id)
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    pub(crate) fn from_lookup(
        get: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ConfigBuilder, Error> {
        let var = |n: &str| {
            get(n)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Ok(ConfigBuilder {
            credentials: Credentials::try_from_lookup(get)?,
            project_id: var(ENV_PROJECT_ID),
            region: var(ENV_REGION),
            endpoint: var(ENV_ENDPOINT),
            ..ConfigBuilder::default()
        })
    }

    /// Region id, e.g. `cn-north-4`; the endpoint is derived from it (see [`crate::ServiceInfo`]).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Custom endpoint URL (another cloud such as Open Telekom Cloud, a proxy, a test server);
    /// takes precedence over the region. A missing scheme means `https://`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Credentials (required; [`Credentials::none`] for unauthenticated requests).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Default project id: used in paths by generated code and sent as `X-Project-Id`.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Connect timeout (default 10 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = Some(d);
        self
    }

    /// Per-attempt timeout: sending the request and reading the whole response (default 60 s).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// Deadline of a whole operation, retries and backoff included (default: none).
    pub fn operation_timeout(mut self, d: Duration) -> Self {
        self.operation_timeout = Some(d);
        self
    }

    /// Retry policy (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Text appended to the `User-Agent` header.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Allow plain `http://` endpoints (default false: they are a configuration error).
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Signing algorithm of AK/SK requests: [`SigningAlgorithm::HmacSha256`] (default,
    /// `SDK-HMAC-SHA256`) or [`SigningAlgorithm::HmacSm3`] (`SDK-HMAC-SM3`). Requests that use
    /// derived AK/SK signing ([`Credentials::with_derived_auth_service_name`]) are signed with
    /// `V11-HMAC-SHA256` instead, as in the official SDK.
    pub fn signing_algorithm(mut self, algorithm: SigningAlgorithm) -> Self {
        self.signing_algorithm = Some(algorithm);
        self
    }

    /// Largest successful (2xx) response body the client reads, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BODY`], 64 MiB; must be greater than zero).
    ///
    /// Bodies are read chunk by chunk and reading stops at the limit: a longer body, or a
    /// `Content-Length` above it, fails the call with [`Error::ResponseTooLarge`] without the
    /// rest being read into memory. Error bodies kept in [`crate::ApiError`] are capped at
    /// `min(limit, `[`crate::error::MAX_ERROR_BODY`]`)`.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = Some(bytes);
        self
    }

    /// Replaces the clock used for `X-Sdk-Date` (default `SystemTime::now`). Useful for tests or
    /// to correct a known local clock skew (API Gateway rejects more than 15 minutes).
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Checks the settings and builds the [`Config`].
    pub fn build(self) -> Result<Config, Error> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::config("no credentials: use ConfigBuilder::credentials (Credentials::none() for none) or set HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK")
        })?;
        check_credentials(&credentials)?;
        let region = self
            .region
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        if let Some(r) = &region {
            if !r
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(Error::config(format!(
                    "invalid region id {r:?}: expected e.g. cn-north-4"
                )));
            }
        }
        if credentials.derived_auth_service_name().is_some() && region.is_none() {
            return Err(Error::config(
                "derived AK/SK signing needs a region (ConfigBuilder::region or HUAWEICLOUD_SDK_REGION), also with a custom endpoint",
            ));
        }
        if let Some(e) = &self.endpoint {
            parse_endpoint(e, self.allow_http)?;
        }
        let project_id = self
            .project_id
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty());
        if let Some(p) = &project_id {
            crate::request::check_project_id(p)?;
        }
        if let Some(ua) = &self.user_agent {
            if http::HeaderValue::from_str(ua).is_err() {
                return Err(Error::config(
                    "user agent contains characters not allowed in a header",
                ));
            }
        }
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if connect_timeout.is_zero()
            || timeout.is_zero()
            || self.operation_timeout.is_some_and(|d| d.is_zero())
        {
            return Err(Error::config("timeouts must be greater than zero"));
        }
        let max_response_body = self.max_response_body.unwrap_or(DEFAULT_MAX_RESPONSE_BODY);
        if max_response_body == 0 {
            return Err(Error::config("max_response_body must be greater than zero"));
        }
        Ok(Config {
            region,
            endpoint: self.endpoint,
            credentials,
            project_id,
            connect_timeout,
            timeout,
            operation_timeout: self.operation_timeout,
            retry: self.retry.unwrap_or_default(),
            user_agent: self.user_agent,
            allow_http: self.allow_http,
            signing_algorithm: self.signing_algorithm.unwrap_or_default(),
            max_response_body,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemTime::now)),
        })
    }
}

/// The checks of [`ConfigBuilder::build`] that depend on the credentials alone.
fn check_credentials(credentials: &Credentials) -> Result<(), Error> {
    credentials.validate_generic()?;
    if let Some((ak, sk, _)) = credentials.aksk_parts() {
        if ak.is_empty() || sk.is_empty() {
            return Err(Error::config("access key and secret key must not be empty"));
        }
    }
    if let Some(service) = credentials.derived_auth_service_name() {
        if service.is_empty() || service.contains('/') || service.trim() != service {
            return Err(Error::config(format!(
                "invalid derived auth service name {service:?}: expected e.g. modelarts"
            )));
        }
    } else if credentials.has_derived_predicate() {
        return Err(Error::config(
            "a derived predicate is set but no derived auth service name: use Credentials::with_derived_auth_service_name",
        ));
    }
    if credentials.auth_token().is_some_and(|t| t.is_empty()) {
        return Err(Error::config("auth token must not be empty"));
    }
    Ok(())
}
