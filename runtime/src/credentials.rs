//! Credentials: permanent or temporary AK/SK (signed requests) or an IAM token.

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
}

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
/// `Debug` never shows any of the values (not even the access key id).
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

    /// Adds the security token of temporary AK/SK credentials. Has no effect on token
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
    /// that (e.g. `|_| true` to always derive). Has no effect on token credentials.
    pub fn with_derived_auth_service_name(mut self, service_name: impl Into<String>) -> Self {
        if let Kind::AkSk { derived, .. } = &mut self.kind {
            derived.service_name = Some(service_name.into());
        }
        self
    }

    /// Replaces the predicate deciding, from the request host (`host[:port]`, as in the `Host`
    /// header), whether derived AK/SK signing is used. It only matters together with
    /// [`Credentials::with_derived_auth_service_name`] (the configuration is rejected otherwise).
    /// Has no effect on token credentials.
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
            Kind::Token(_) => None,
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
            Kind::Token(_) => None,
        }
    }

    /// The IAM token (token credentials only).
    pub fn auth_token(&self) -> Option<&SecretString> {
        match &self.kind {
            Kind::Token(t) => Some(t),
            Kind::AkSk { .. } => None,
        }
    }
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
        }
    }
}
