//! Credentials: permanent or temporary AK/SK (signed requests) or an IAM token.

use std::fmt;

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

#[derive(Clone)]
enum Kind {
    AkSk {
        ak: SecretString,
        sk: SecretString,
        security_token: Option<SecretString>,
    },
    Token(SecretString),
}

/// How requests are authenticated.
///
/// - [`Credentials::aksk`]: requests are signed with `SDK-HMAC-SHA256`; with
///   [`Credentials::with_security_token`] (temporary credentials) `X-Security-Token` is sent and
///   signed too.
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
            Kind::AkSk { security_token, .. } => f
                .debug_struct("Credentials::AkSk")
                .field("ak", &SecretString::REDACTED)
                .field("sk", &SecretString::REDACTED)
                .field(
                    "security_token",
                    &security_token.as_ref().map(|_| SecretString::REDACTED),
                )
                .finish(),
            Kind::Token(_) => f
                .debug_struct("Credentials::Token")
                .field("token", &SecretString::REDACTED)
                .finish(),
        }
    }
}
