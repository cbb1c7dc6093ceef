//! Runtime for the Rust SDK crates that `openapi-rust-gen` generates from any OpenAPI 3.0 or 3.1
//! spec: generated code describes each operation, this crate sends it. Huawei Cloud AK/SK signing
//! is one credential kind among others (bearer tokens, basic auth, API keys, none); the ModelArts
//! SDK in this repository is the crate that uses it most.
//!
//! It provides:
//! - [`sign`]: `SDK-HMAC-SHA256`, `SDK-HMAC-SM3` and derived AK/SK (`V11-HMAC-SHA256`) signing,
//!   byte-compatible with the official SDKs;
//! - [`Credentials`]: AK/SK (optionally temporary, with a security token) or an IAM token
//!   (`X-Auth-Token`); for other APIs a bearer token, basic auth, an API key in a header or the
//!   query, or none;
//! - [`Config`] / [`ConfigBuilder`]: region or custom endpoint, project id, timeouts, retries,
//!   also from the official `HUAWEICLOUD_SDK_*` environment variables;
//! - [`Client`]: sends a [`Request`] with signing, retries ([`RetryPolicy`], the rule in
//!   [`retry::decide`]) and timeouts, reads response bodies up to a size limit
//!   ([`ConfigBuilder::max_response_body`]), and returns a [`Response`] or an [`Error`];
//! - [`batch`]: per-item outcomes of batch calls ([`BatchOutcome`], [`Error::Batch`]) and the
//!   chunking machinery of bulk helpers ([`batch::run_bulk`]);
//! - [`paging`]: lazy page and item streams for list operations, with resumable errors and caps;
//! - [`waiter`]: polling a status operation until an asynchronous job ends.
//!
//! Secrets are held in [`SecretString`] and never appear in `Debug`/`Display` output, errors or
//! logs. Every operation is traced with `tracing` spans `sdk_operation` (service, operation,
//! method, path, attempts, status, request id) and `sdk_attempt` (attempt number, status,
//! request id); headers are never logged.
//!
//! # How generated code uses it
//!
//! ```no_run
//! use sdk_runtime::{encode_path_segment, Client, Config, Credentials, Error, Request, ServiceInfo};
//!
//! static MODELARTS: ServiceInfo = ServiceInfo {
//!     name: "modelarts",
//!     endpoint_template: "https://modelarts.{region}.myhuaweicloud.com",
//!     region_endpoints: &[("ap-southeast-1", "https://modelarts.ap-southeast-1.myhuaweicloud.cn")],
//!     sdk_name: "modelarts-data",
//!     sdk_version: "0.1.0",
//! };
//!
//! # async fn demo() -> Result<(), Error> {
//! let config = Config::from_env()? // HUAWEICLOUD_SDK_AK / _SK / _PROJECT_ID / _REGION ...
//!     .region("cn-north-4")
//!     .build()?;
//! let client = Client::new(config, &MODELARTS)?;
//! let project = client.project_id().unwrap_or_default().to_owned();
//! let path = format!("/v2/{}/datasets/{}", encode_path_segment(&project), encode_path_segment("my dataset"));
//! let request = Request::new("ShowDataset", http::Method::GET, path).query("limit", "10");
//! match client.send(request).await {
//!     Ok(response) => {
//!         let body: serde_json::Value = response.json()?;
//!         println!("{body}");
//!     }
//!     Err(e) if e.status() == Some(404) => println!("not found (request id {:?})", e.request_id()),
//!     Err(e) => return Err(e),
//! }
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

pub mod batch;
pub mod body;
mod client;
mod config;
pub mod credentials;
pub mod de;
mod enums;
pub mod error;
pub mod paging;
mod request;
mod response;
pub mod retry;
pub mod secret;
pub mod ser;
mod service;
pub mod sign;
pub mod waiter;

pub use batch::{
    BatchError, BatchOutcome, BatchReport, BulkOptions, BulkReport, ItemOutcome, ItemReport,
    ItemResult, Progress,
};
pub use body::{FilePart, Multipart};
/// Re-export of `bytes::Bytes`, the type of binary bodies.
pub use bytes::Bytes;
pub use client::{into_inner, CallFuture, Client};
pub use config::{
    Config, ConfigBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BODY, DEFAULT_TIMEOUT,
    ENV_ENDPOINT, ENV_PROJECT_ID, ENV_REGION,
};
pub use credentials::Credentials;
pub use error::{ApiError, Error, OperationError, TimeoutKind};
/// Re-export of `http::Method` (the method type of [`Request::new`]).
pub use http::Method;
pub use request::{
    check_project_id, encode_path_segment, object_params, param_string, path_param, CallOptions,
    Request,
};
pub use response::{header_value, Reply, Response, ResponseHeaders};
pub use retry::{Jitter, RetryPolicy};
/// Derives a `with_<field>` setter for each `Option` field of a struct: generated types use it
/// instead of writing hundreds of identical setters into every crate.
///
/// A setter takes anything that converts into the field's value (a list takes any iterable of
/// such items), stores it as `Some(..)` and returns the struct, for chaining.
/// `#[setter(NAME)]` on a field names its setter and `#[setter(skip)]` writes none; fields that
/// are not `Option`s get none.
///
/// ```
/// #[derive(Debug, Default, sdk_runtime::Setters)]
/// pub struct Dataset {
///     /// Required: set directly.
///     pub id: String,
///     /// Optional.
///     pub name: Option<String>,
///     /// A list takes any iterable.
///     pub tags: Option<Vec<String>>,
///     /// A boxed (recursive) field takes the value itself.
///     pub parent: Option<Box<Dataset>>,
///     /// Named by the attribute (`type` is a keyword).
///     #[setter(with_type)]
///     pub type_: Option<i32>,
///     /// No setter.
///     #[setter(skip)]
///     pub internal: Option<u8>,
/// }
///
/// let d = Dataset::default()
///     .with_name("images")
///     .with_tags(["cat", "dog"])
///     .with_parent(Dataset::default().with_name("all"))
///     .with_type(1);
/// assert_eq!(d.name.as_deref(), Some("images"));
/// assert_eq!(d.tags, Some(vec!["cat".to_owned(), "dog".to_owned()]));
/// assert_eq!(d.parent.and_then(|p| p.name).as_deref(), Some("all"));
/// assert_eq!(d.type_, Some(1));
/// assert!(d.internal.is_none());
/// ```
///
/// Only structs with named fields can derive it:
///
/// ```compile_fail
/// #[derive(sdk_runtime::Setters)]
/// pub enum Kind {
///     Image,
/// }
/// ```
pub use sdk_runtime_macros::Setters;

/// Derives `serde::Deserialize` for a generated struct with named fields: one `match` on each
/// key of the JSON object, with the shared work in [`de`]. It expands to a small fraction of
/// what serde's derive writes (no field enum, no positional reader), which is most of what
/// compiling a large generated crate costs, and reads objects the same way for the field
/// attributes generated code uses (`rename`, `default`): unknown keys are skipped, a repeated
/// key is an error, a field without a default must be present, a missing `Option` is `None`.
/// An array in place of an object is an error. Any other `serde` attribute is a compile error.
///
/// ```
/// #[derive(Debug, PartialEq, serde::Serialize, sdk_runtime::Deserialize)]
/// pub struct Sample {
///     #[serde(rename = "sample_id")]
///     pub id: String,
///     #[serde(default, skip_serializing_if = "Option::is_none")]
///     pub labels: Option<Vec<String>>,
///     #[serde(default)]
///     pub score: f64,
/// }
///
/// let s: Sample = serde_json::from_str(r#"{"sample_id": "s1", "new_field": [1, 2]}"#).unwrap();
/// assert_eq!(s, Sample { id: "s1".into(), labels: None, score: 0.0 });
/// let err = serde_json::from_str::<Sample>(r#"{"labels": []}"#).unwrap_err();
/// assert!(err.to_string().starts_with("missing field `sample_id`"));
/// // Objects only: an array is refused, from text as from a `serde_json::Value`.
/// let err = serde_json::from_str::<Sample>(r#"["s1", null, 0.5]"#).unwrap_err();
/// assert!(err.to_string().starts_with("invalid type: sequence, expected struct Sample"));
/// let err = serde_json::from_value::<Sample>(serde_json::json!(["s1"])).unwrap_err();
/// assert!(err.to_string().starts_with("invalid type: sequence, expected struct Sample"));
/// ```
///
/// A container attribute, or a field attribute it does not read the way serde does, does not
/// compile:
///
/// ```compile_fail
/// #[derive(sdk_runtime::Deserialize)]
/// pub struct Extra {
///     #[serde(flatten)]
///     pub rest: std::collections::BTreeMap<String, String>,
/// }
/// ```
pub use sdk_runtime_macros::Deserialize;

/// Derives `serde::Serialize` for a generated struct with named fields, through [`ser`]: the
/// same JSON as serde's derive (fields in declaration order, `rename`, optional fields left out
/// when `None` with `skip_serializing_if = "Option::is_none"`), in far less expanded code. Any
/// other `serde` attribute is a compile error.
///
/// ```
/// #[derive(sdk_runtime::Serialize)]
/// pub struct Label {
///     pub name: String,
///     #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
///     pub kind: Option<i32>,
///     #[serde(default, skip_serializing_if = "Option::is_none")]
///     pub color: Option<String>,
/// }
///
/// let label = Label { name: "cat".into(), kind: Some(0), color: None };
/// assert_eq!(serde_json::to_string(&label).unwrap(), r#"{"name":"cat","type":0}"#);
/// ```
///
/// ```compile_fail
/// #[derive(sdk_runtime::Serialize)]
/// pub struct Odd {
///     #[serde(skip_serializing_if = "String::is_empty")]
///     pub name: String,
/// }
/// ```
pub use sdk_runtime_macros::Serialize;
pub use secret::SecretString;
pub use service::ServiceInfo;
pub use sign::SigningAlgorithm;
