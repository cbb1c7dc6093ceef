//! Shared helpers for the hand-written end-to-end tests of the generated client: a loopback
//! configuration and a fake API gateway that checks `SDK-HMAC-SHA256` signatures.
//!
//! Every test file uses only part of this module.
#![allow(dead_code)]

pub mod raw;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use modelarts_data::runtime::sign;
use modelarts_data::{Client, Config, ConfigBuilder, Credentials, RetryPolicy};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// Access key id the tests sign with.
pub const AK: &str = "TESTAKEXAMPLE0000001";
/// Secret key the tests sign with (and the fake gateway verifies with).
pub const SK: &str = "TestSecretKeyExample/+=0123456789abcdefgh";
/// Project id configured on the client.
pub const PROJECT: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/// Fixed clock of the signed requests: 2026-11-29T10:15:00Z.
pub fn fixed_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_947_300)
}

/// `X-Sdk-Date` produced by [`fixed_time`].
pub const FIXED_SDK_DATE: &str = "20261129T101500Z";

/// Retries enabled (3 attempts) with backoffs of a millisecond, so retry tests are fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::new()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(2))
}

/// Configuration for `server` with AK/SK credentials, the default project, a fixed clock,
/// fast retries and short timeouts. Callers may override any setting.
pub fn config(server: &MockServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.uri())
        .allow_http(true)
        .credentials(Credentials::aksk(AK, SK))
        .project_id(PROJECT)
        .clock(fixed_time)
        .retry(fast_retries())
        .timeout(Duration::from_secs(5))
}

/// A client for `server` built from [`config`].
pub fn client(server: &MockServer) -> Client {
    Client::new(config(server).build().expect("valid config")).expect("client")
}

/// The requests the server received so far (request recording is on by default).
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// The single value of header `name`; panics if it is missing or repeated.
pub fn sent_header<'r>(request: &'r Request, name: &str) -> &'r str {
    let mut values = request.headers.get_all(name).iter();
    let value = values
        .next()
        .unwrap_or_else(|| panic!("header {name} missing"));
    assert!(values.next().is_none(), "header {name} sent more than once");
    value.to_str().expect("ASCII header value")
}

/// The parts of an `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`
/// header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub access: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Parses an `Authorization` header value written by the signer.
pub fn parse_authorization(value: &str) -> Result<Authorization, String> {
    let rest = value
        .strip_prefix(sign::ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| {
            format!(
                "Authorization does not start with `{} `: {value}",
                sign::ALGORITHM
            )
        })?;
    let mut access = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(", ") {
        let (key, val) = part
            .split_once('=')
            .ok_or_else(|| format!("malformed Authorization part {part:?}"))?;
        let slot = match key {
            "Access" => &mut access,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            other => return Err(format!("unexpected Authorization part {other:?}")),
        };
        if slot.replace(val.to_owned()).is_some() {
            return Err(format!("Authorization part {key} repeated"));
        }
    }
    let signed: String = signed.ok_or("SignedHeaders missing")?;
    Ok(Authorization {
        access: access.ok_or("Access missing")?,
        signed_headers: signed.split(';').map(str::to_owned).collect(),
        signature: signature.ok_or("Signature missing")?,
    })
}

/// Verifies the `SDK-HMAC-SHA256` signature of a received request the way a gateway does:
/// the canonical request is rebuilt from what arrived on the wire (method, raw path, decoded
/// query, the headers named in `SignedHeaders`, body bytes) with the runtime's public
/// building blocks, then signed with `sk` and compared with the `Signature` sent.
///
/// Returns the parsed `Authorization` on success and a description of the mismatch otherwise.
pub fn verify_signature(request: &Request, ak: &str, sk: &str) -> Result<Authorization, String> {
    let value = request
        .headers
        .get("authorization")
        .ok_or("no Authorization header")?
        .to_str()
        .map_err(|_| "Authorization is not ASCII")?;
    let auth = parse_authorization(value)?;
    if auth.access != ak {
        return Err(format!("Access={} but expected {ak}", auth.access));
    }
    let mut sorted = auth.signed_headers.clone();
    sorted.sort();
    sorted.dedup();
    if sorted != auth.signed_headers {
        return Err(format!(
            "SignedHeaders not sorted/unique: {:?}",
            auth.signed_headers
        ));
    }
    for required in ["host", "x-sdk-date"] {
        if !auth.signed_headers.iter().any(|h| h == required) {
            return Err(format!("`{required}` is not signed"));
        }
    }

    let mut canonical_headers = String::new();
    for name in &auth.signed_headers {
        if name.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(format!("signed header name {name:?} is not lower-case"));
        }
        let mut values = request.headers.get_all(name.as_str()).iter();
        let value = values
            .next()
            .ok_or_else(|| format!("signed header {name} was not received"))?;
        if values.next().is_some() {
            return Err(format!("signed header {name} received more than once"));
        }
        let value = value
            .to_str()
            .map_err(|_| format!("header {name} is not ASCII"))?;
        canonical_headers.push_str(&format!("{name}:{}\n", sign::trim_header_value(value)));
    }

    let date = request
        .headers
        .get(sign::HEADER_SDK_DATE)
        .ok_or("no X-Sdk-Date header")?
        .to_str()
        .map_err(|_| "X-Sdk-Date is not ASCII")?;

    let query: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let payload_hash = if request.body.is_empty() {
        sign::EMPTY_SHA256.to_owned()
    } else {
        match request.headers.get(sign::HEADER_CONTENT_SHA256) {
            Some(v) => v
                .to_str()
                .map_err(|_| "bad content hash header")?
                .to_owned(),
            None => sign::sha256_hex(&request.body),
        }
    };
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.as_str(),
        sign::canonical_uri(request.url.path()),
        sign::canonical_query(&query),
        canonical_headers,
        auth.signed_headers.join(";"),
        payload_hash
    );
    let string_to_sign = format!(
        "{}\n{date}\n{}",
        sign::ALGORITHM,
        sign::sha256_hex(canonical_request.as_bytes())
    );
    let expected = sign::hmac_sha256_hex(sk.as_bytes(), string_to_sign.as_bytes());
    if expected != auth.signature {
        return Err(format!(
            "signature mismatch: sent {} but recomputed {expected} from canonical request {canonical_request:?}",
            auth.signature
        ));
    }
    Ok(auth)
}

/// A fake API gateway: answers `ok` when the request carries a valid signature for `sk`, and
/// otherwise `401 {"error_code":"APIGW.0301","error_msg":<why>}` (as the real gateway does for
/// a bad signature), so a test that expects success fails with the reason.
pub struct SigningGateway {
    pub ak: &'static str,
    pub sk: &'static str,
    pub ok: ResponseTemplate,
}

impl Respond for SigningGateway {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match verify_signature(request, self.ak, self.sk) {
            Ok(_) => self.ok.clone(),
            Err(why) => ResponseTemplate::new(401)
                .insert_header("X-Request-Id", "gateway-rejected")
                .set_body_json(serde_json::json!({
                    "error_code": "APIGW.0301",
                    "error_msg": format!("Incorrect IAM authentication information: {why}"),
                })),
        }
    }
}

/// A client for a raw loopback server at `url`, configured like [`config`].
pub fn raw_client(url: &str) -> Client {
    let config = Config::builder()
        .endpoint(url)
        .allow_http(true)
        .credentials(Credentials::aksk(AK, SK))
        .project_id(PROJECT)
        .clock(fixed_time)
        .retry(fast_retries())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("valid config");
    Client::new(config).expect("client")
}
