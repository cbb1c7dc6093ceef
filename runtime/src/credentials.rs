//! Credentials: permanent or temporary AK/SK (signed requests), an IAM token, or the generic
//! kinds of any HTTP API (bearer token, basic auth, API key in a header or the query, none).

use std::fmt;
use std::sync::Arc;

use crate::{Error, SecretString};

/// Environment variable with the access key id (official name).
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// Environment variable with the secret access key (official name).
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// Environment variable with the security token of temporary AK/SK (official name).
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// Environment variable with an IAM token sent as `X-Auth-Token`.
///
/// This name is specific to this Rust SDK (the official SDKs have no token credential).
pub const ENV_AUTH_TOKEN: &str = "HUAWEICLOUD_SDK_AUTH_TOKEN";

type HostPredicate = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// Derived AK/SK signing settings of AK/SK credentials.
#[derive(Clone, Default)]
struct Derived {
    service_name: Option<String>,
    /// `None`: the official default predicate ([`crate::sign::default_derived_predicate`]).
    predicate: Option<HostPredicate>,
}

#[derive(Clone)]
enum Kind {
    AkSk {
        ak: SecretString,
        sk: SecretString,
        security_token: Option<SecretString>,
        derived: Derived,
    },
    Token(SecretString),
    Bearer(SecretString),
    Basic {
        user: SecretString,
        password: SecretString,
    },
    ApiKeyHeader {
        name: String,
        value: SecretString,
    },
    ApiKeyQuery {
        name: String,
        value: SecretString,
    },
    None,
}

/// Headers an API key header may not be named: the client sets them itself (or the signer does).
/// `Authorization` and `X-Auth-Token` are allowed: with API key credentials only the key sets them.
const RESERVED_API_KEY_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "content-type",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
    "expect",
    "user-agent",
    "x-project-id",
    "x-sdk-date",
    "x-security-token",
    "x-sdk-content-sha256",
    "x-sdk-content-sm3",
];

/// How requests are authenticated.
///
/// - [`Credentials::aksk`]: requests are signed with `SDK-HMAC-SHA256`; with
///   [`Credentials::with_security_token`] (temporary credentials) `X-Security-Token` is sent and
///   signed too.
/// - [`Credentials::with_derived_auth_service_name`]: derived AK/SK signing
///   (`V11-HMAC-SHA256`, scoped to the configured region and this service name) for hosts that
///   are not standard Huawei Cloud endpoints, or per [`Credentials::with_derived_predicate`].
/// - [`Credentials::token`]: an IAM token is sent as `X-Auth-Token`; requests are not signed.
///
/// Generic kinds, for SDKs generated from any OpenAPI description (never signed, no
/// `X-Sdk-Date`):
///
/// - [`Credentials::bearer`]: `Authorization: Bearer <token>`;
/// - [`Credentials::basic`]: `Authorization: Basic base64(user:password)`;
/// - [`Credentials::api_key_header`]: a header `name: value`;
/// - [`Credentials::api_key_query`]: a query parameter `name=value`, added when the request is
///   sent;
/// - [`Credentials::none`]: no authentication at all (public APIs, tests).
///
/// Invalid values (an empty token, a header name the client manages, ...) are reported by
/// [`crate::ConfigBuilder::build`] as [`Error::Config`], without the secret values.
///
/// `Debug` never shows any of the values (not even the access key id, the basic-auth user name
/// or an API key); it shows the name of an API key header or query parameter.
#[derive(Clone)]
pub struct Credentials {
    kind: Kind,
}

impl Credentials {
    /// Permanent (or, with [`Credentials::with_security_token`], temporary) access key pair.
    pub fn aksk(ak: impl Into<String>, sk: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::AkSk {
                ak: SecretString::new(ak),
                sk: SecretString::new(sk),
                security_token: None,
                derived: Derived::default(),
            },
        }
    }

    /// Adds the security token of temporary AK/SK credentials. Has no effect on other
    /// credentials.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        if let Kind::AkSk { security_token, .. } = &mut self.kind {
            *security_token = Some(SecretString::new(token));
        }
        self
    }

    /// Enables derived AK/SK signing (`V11-HMAC-SHA256`) with this service name (e.g.
    /// `modelarts`); the region is the configured region ([`crate::ConfigBuilder::region`], which
    /// then becomes required).
    ///
    /// Like the official SDK, a request is signed this way only when the predicate accepts its
    /// host: by default only hosts that are **not** standard Huawei Cloud endpoints
    /// ([`crate::sign::default_derived_predicate`]); other requests are signed with the configured
    /// [`crate::sign::SigningAlgorithm`]. Use [`Credentials::with_derived_predicate`] to change
    /// that (e.g. `|_| true` to always derive). Has no effect on other credentials.
    pub fn with_derived_auth_service_name(mut self, service_name: impl Into<String>) -> Self {
        if let Kind::AkSk { derived, .. } = &mut self.kind {
            derived.service_name = Some(service_name.into());
        }
        self
    }

    /// Replaces the predicate deciding, from the request host (`host[:port]`, as in the `Host`
    /// header), whether derived AK/SK signing is used. It only matters together with
    /// [`Credentials::with_derived_auth_service_name`] (the configuration is rejected otherwise).
    /// Has no effect on other credentials.
    pub fn with_derived_predicate(
        mut self,
        predicate: impl Fn(&str) -> bool + Send + Sync + 'static,
    ) -> Self {
        if let Kind::AkSk { derived, .. } = &mut self.kind {
            derived.predicate = Some(Arc::new(predicate));
        }
        self
    }

    /// The derived auth service name, if derived AK/SK signing is enabled.
    pub fn derived_auth_service_name(&self) -> Option<&str> {
        match &self.kind {
            Kind::AkSk { derived, .. } => derived.service_name.as_deref(),
            _ => None,
        }
    }

    /// True when a custom derived predicate was set with [`Credentials::with_derived_predicate`].
    pub fn has_derived_predicate(&self) -> bool {
        matches!(&self.kind, Kind::AkSk { derived, .. } if derived.predicate.is_some())
    }

    /// Whether a request to `host` (`host[:port]`) is signed with derived AK/SK: a derived
    /// service name is set and the predicate (default
    /// [`crate::sign::default_derived_predicate`]) accepts the host.
    pub fn uses_derived_auth(&self, host: &str) -> bool {
        match &self.kind {
            Kind::AkSk { derived, .. } if derived.service_name.is_some() => {
                match &derived.predicate {
                    Some(p) => p(host),
                    None => crate::sign::default_derived_predicate(host),
                }
            }
            _ => false,
        }
    }

    /// An IAM token, sent as `X-Auth-Token` (no signing).
    pub fn token(token: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::Token(SecretString::new(token)),
        }
    }

    /// A bearer token (OAuth 2 access token, personal access token, JWT, ...), sent as
    /// `Authorization: Bearer <token>` on every attempt. Requests are not signed.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::Bearer(SecretString::new(token)),
        }
    }

    /// HTTP basic authentication (RFC 7617), sent as
    /// `Authorization: Basic base64(user ":" password)` (UTF-8) on every attempt. Requests are
    /// not signed. The user name must not contain `:`; the password may be empty (as for APIs
    /// that take an API key as the user name).
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::Basic {
                user: SecretString::new(user),
                password: SecretString::new(password),
            },
        }
    }

    /// An API key sent as the header `name: value` on every attempt (OpenAPI `apiKey` scheme
    /// `in: header`). Requests are not signed.
    ///
    /// `name` must be a valid header name and not one the client manages (`Host`,
    /// `Content-Length`, `Content-Type`, `User-Agent`, `X-Project-Id`, `X-Sdk-Date`, ...);
    /// `Authorization` is allowed. A header of the same name set with
    /// [`crate::Request::header`] is replaced by the key.
    pub fn api_key_header(name: impl Into<String>, value: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::ApiKeyHeader {
                name: name.into(),
                value: SecretString::new(value),
            },
        }
    }

    /// An API key sent as the query parameter `name=value` (OpenAPI `apiKey` scheme
    /// `in: query`). It is added when each attempt is sent, encoded and sorted with the other
    /// parameters like them (the canonical query is the wire query); a parameter of the same
    /// name set with [`crate::Request::query`] is replaced by the key. The request URL is never
    /// logged nor kept in errors, so the key does not appear there. Requests are not signed.
    pub fn api_key_query(name: impl Into<String>, value: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::ApiKeyQuery {
                name: name.into(),
                value: SecretString::new(value),
            },
        }
    }

    /// No credentials: requests carry no authentication header or parameter at all (public
    /// APIs, tests).
    pub fn none() -> Self {
        Credentials { kind: Kind::None }
    }

    /// Reads credentials from the environment:
    /// `HUAWEICLOUD_SDK_AK` + `HUAWEICLOUD_SDK_SK` (+ optional `HUAWEICLOUD_SDK_SECURITY_TOKEN`),
    /// else `HUAWEICLOUD_SDK_AUTH_TOKEN`. Empty values count as unset. AK without SK (or the
    /// reverse), or nothing at all, is an [`Error::Config`].
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }

    pub(crate) fn from_lookup(get: &dyn Fn(&str) -> Option<String>) -> Result<Self, Error> {
        match Self::try_from_lookup(get)? {
            Some(c) => Ok(c),
            None => Err(Error::config(format!(
                "no credentials in the environment: set {ENV_AK} and {ENV_SK} (optionally {ENV_SECURITY_TOKEN}), or {ENV_AUTH_TOKEN}"
            ))),
        }
    }

    /// `Ok(None)` when no credential variable is set at all.
    pub(crate) fn try_from_lookup(
        get: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, Error> {
        let var = |n: &str| get(n).filter(|v| !v.trim().is_empty());
        match (var(ENV_AK), var(ENV_SK)) {
            (Some(ak), Some(sk)) => {
                let mut c = Credentials::aksk(ak, sk);
                if let Some(t) = var(ENV_SECURITY_TOKEN) {
                    c = c.with_security_token(t);
                }
                Ok(Some(c))
            }
            (Some(_), None) => Err(Error::config(format!(
                "{ENV_AK} is set but {ENV_SK} is not"
            ))),
            (None, Some(_)) => Err(Error::config(format!(
                "{ENV_SK} is set but {ENV_AK} is not"
            ))),
            (None, None) => Ok(var(ENV_AUTH_TOKEN).map(Credentials::token)),
        }
    }

    /// True for IAM token credentials.
    pub fn is_token(&self) -> bool {
        matches!(self.kind, Kind::Token(_))
    }

    /// True for AK/SK credentials that carry a security token.
    pub fn has_security_token(&self) -> bool {
        matches!(
            self.kind,
            Kind::AkSk {
                security_token: Some(_),
                ..
            }
        )
    }

    /// Access key id, secret key and optional security token (AK/SK credentials only).
    pub fn aksk_parts(&self) -> Option<(&SecretString, &SecretString, Option<&SecretString>)> {
        match &self.kind {
            Kind::AkSk {
                ak,
                sk,
                security_token,
                ..
            } => Some((ak, sk, security_token.as_ref())),
            _ => None,
        }
    }

    /// The IAM token (token credentials only).
    pub fn auth_token(&self) -> Option<&SecretString> {
        match &self.kind {
            Kind::Token(t) => Some(t),
            _ => None,
        }
    }

    /// True for [`Credentials::none`].
    pub fn is_none(&self) -> bool {
        matches!(self.kind, Kind::None)
    }

    /// Short name of the kind: `aksk`, `token`, `bearer`, `basic`, `api_key_header`,
    /// `api_key_query` or `none`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::AkSk { .. } => "aksk",
            Kind::Token(_) => "token",
            Kind::Bearer(_) => "bearer",
            Kind::Basic { .. } => "basic",
            Kind::ApiKeyHeader { .. } => "api_key_header",
            Kind::ApiKeyQuery { .. } => "api_key_query",
            Kind::None => "none",
        }
    }

    /// Checks the generic kinds (called by [`crate::ConfigBuilder::build`]). Messages never
    /// contain secret values.
    pub(crate) fn validate_generic(&self) -> Result<(), Error> {
        let header_safe = |v: &SecretString| http::HeaderValue::from_str(v.expose_secret()).is_ok();
        match &self.kind {
            Kind::Bearer(t) if t.is_empty() => Err(Error::config("bearer token must not be empty")),
            Kind::Bearer(t) if !header_safe(t) => Err(Error::config(
                "bearer token contains characters not allowed in a header",
            )),
            Kind::Basic { user, .. } if user.expose_secret().contains(':') => {
                Err(Error::config("basic auth user name must not contain ':'"))
            }
            Kind::Basic { user, password } if user.is_empty() && password.is_empty() => Err(
                Error::config("basic auth user name and password are both empty"),
            ),
            Kind::ApiKeyHeader { name, value } => {
                if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
                    return Err(Error::config(format!(
                        "invalid API key header name {name:?}"
                    )));
                }
                if RESERVED_API_KEY_HEADERS
                    .iter()
                    .any(|r| name.eq_ignore_ascii_case(r))
                {
                    return Err(Error::config(format!(
                        "header {name:?} is managed by the client and cannot carry an API key"
                    )));
                }
                if value.is_empty() {
                    return Err(Error::config(format!(
                        "API key of header {name:?} must not be empty"
                    )));
                }
                if !header_safe(value) {
                    return Err(Error::config(format!(
                        "API key of header {name:?} contains characters not allowed in a header"
                    )));
                }
                Ok(())
            }
            Kind::ApiKeyQuery { name, value } => {
                if name.is_empty() {
                    return Err(Error::config(
                        "API key query parameter name must not be empty",
                    ));
                }
                if value.is_empty() {
                    return Err(Error::config(format!(
                        "API key of query parameter {name:?} must not be empty"
                    )));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The authentication header of the unsigned kinds (`X-Auth-Token`, `Authorization`, an API
    /// key header), as `(name, value)`. `None` for AK/SK (signed), query API keys and none.
    pub(crate) fn auth_header(&self) -> Option<(&str, SecretString)> {
        match &self.kind {
            Kind::Token(t) => Some(("X-Auth-Token", t.clone())),
            Kind::Bearer(t) => Some((
                "Authorization",
                SecretString::new(format!("Bearer {}", t.expose_secret())),
            )),
            Kind::Basic { user, password } => {
                let pair = SecretString::new(format!(
                    "{}:{}",
                    user.expose_secret(),
                    password.expose_secret()
                ));
                let value = SecretString::new(format!(
                    "Basic {}",
                    base64_encode(pair.expose_secret().as_bytes())
                ));
                Some(("Authorization", value))
            }
            Kind::ApiKeyHeader { name, value } => Some((name.as_str(), value.clone())),
            _ => None,
        }
    }

    /// The API key query parameter, as `(name, value)` ([`Credentials::api_key_query`] only).
    pub(crate) fn auth_query(&self) -> Option<(&str, &SecretString)> {
        match &self.kind {
            Kind::ApiKeyQuery { name, value } => Some((name.as_str(), value)),
            _ => None,
        }
    }
}

/// Standard base64 (RFC 4648, with padding).
fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::AkSk {
                security_token,
                derived,
                ..
            } => {
                let mut d = f.debug_struct("Credentials::AkSk");
                d.field("ak", &SecretString::REDACTED)
                    .field("sk", &SecretString::REDACTED)
                    .field(
                        "security_token",
                        &security_token.as_ref().map(|_| SecretString::REDACTED),
                    );
                if derived.service_name.is_some() || derived.predicate.is_some() {
                    d.field("derived_auth_service_name", &derived.service_name)
                        .field(
                            "derived_predicate",
                            &if derived.predicate.is_some() {
                                "custom"
                            } else {
                                "default"
                            },
                        );
                }
                d.finish()
            }
            Kind::Token(_) => f
                .debug_struct("Credentials::Token")
                .field("token", &SecretString::REDACTED)
                .finish(),
            Kind::Bearer(_) => f
                .debug_struct("Credentials::Bearer")
                .field("token", &SecretString::REDACTED)
                .finish(),
            Kind::Basic { .. } => f
                .debug_struct("Credentials::Basic")
                .field("user", &SecretString::REDACTED)
                .field("password", &SecretString::REDACTED)
                .finish(),
            Kind::ApiKeyHeader { name, .. } => f
                .debug_struct("Credentials::ApiKeyHeader")
                .field("name", name)
                .field("value", &SecretString::REDACTED)
                .finish(),
            Kind::ApiKeyQuery { name, .. } => f
                .debug_struct("Credentials::ApiKeyQuery")
                .field("name", name)
                .field("value", &SecretString::REDACTED)
                .finish(),
            Kind::None => f.write_str("Credentials::None"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_rfc4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ] {
            assert_eq!(base64_encode(input.as_bytes()), expected, "{input:?}");
        }
        assert_eq!(base64_encode(&[0xfb, 0xff, 0xbf]), "+/+/");
        assert_eq!(base64_encode("test:123£".as_bytes()), "dGVzdDoxMjPCow==");
    }

    #[test]
    fn basic_header_value() {
        let creds = Credentials::basic("Aladdin", "open sesame");
        let (name, value) = creds.auth_header().unwrap();
        assert_eq!(name, "Authorization");
        assert_eq!(value.expose_secret(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }
}
