//! Hand-written runtime for the generated Huawei Cloud SDK crates (ModelArts and others).
//!
//! It provides:
//! - [`sign`]: `SDK-HMAC-SHA256` signing, byte-compatible with the official SDKs;
//! - [`Credentials`]: AK/SK (optionally temporary, with a security token) or an IAM token
//!   (`X-Auth-Token`);
//! - [`Config`] / [`ConfigBuilder`]: region or custom endpoint, project id, timeouts, retries,
//!   also from the official `HUAWEICLOUD_SDK_*` environment variables;
//! - [`Client`]: sends a [`Request`] with signing, retries ([`RetryPolicy`]) and timeouts, and
//!   returns a [`Response`] or an [`Error`].
//!
//! Secrets are held in [`SecretString`] and never appear in `Debug`/`Display` output, errors or
//! logs. Every operation is traced with `tracing` spans `sdk_operation` (service, operation,
//! method, path, attempts, status, request id) and `sdk_attempt` (attempt number, status,
//! request id); headers are never logged.
#![warn(missing_docs)]

mod client;
mod config;
pub mod credentials;
pub mod error;
mod request;
mod response;
pub mod retry;
pub mod secret;
mod service;
pub mod sign;

pub use client::Client;
pub use config::{
    Config, ConfigBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, ENV_ENDPOINT, ENV_PROJECT_ID,
    ENV_REGION,
};
pub use credentials::Credentials;
pub use error::{ApiError, Error, TimeoutKind};
pub use request::{encode_path_segment, Request};
pub use response::Response;
pub use retry::{Jitter, RetryPolicy};
pub use secret::SecretString;
pub use service::ServiceInfo;
