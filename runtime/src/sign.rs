//! Request signing compatible with Huawei Cloud API Gateway and the official SDKs
//! (`huaweicloudsdkcore` `Signer`, `SM3Signer`, `DerivationAKSKSigner`):
//! - `SDK-HMAC-SHA256` (the default, [`SigningAlgorithm::HmacSha256`]);
//! - `SDK-HMAC-SM3` ([`SigningAlgorithm::HmacSm3`]): SM3 instead of SHA-256 for the payload hash,
//!   the canonical request hash and the HMAC; content header `X-Sdk-Content-Sm3`;
//! - `V11-HMAC-SHA256`, derived (region- and service-scoped) AK/SK ([`SignOptions::derived`]):
//!   the HMAC key is HKDF-SHA256(salt = AK, ikm = SK, info = `YYYYMMDD/<region>/<service>`, 32
//!   bytes) written as 64 lower-case hex characters, whose ASCII bytes are the key; the info line
//!   is inserted into the string to sign after the date; the `Authorization` header reads
//!   `V11-HMAC-SHA256 Credential=<AK>/<info>, SignedHeaders=..., Signature=...`.
//!
//! Everything here is a pure function: given the method, path, query pairs, headers, body bytes,
//! `X-Sdk-Date`, AK and SK, [`sign`] (or [`sign_with`] for another algorithm) returns every
//! intermediate stage (canonical URI, canonical query, canonical headers, signed headers, payload
//! hash, canonical request, string to sign, signature) and the headers that must be added to the
//! request.
//!
//! Canonicalisation rules (matching the official signer byte for byte):
//! - canonical URI: percent-decode the path (invalid UTF-8 becomes U+FFFD), split on `/`, encode
//!   every segment with everything except `A-Z a-z 0-9 - . _ ~` percent-encoded (upper-case hex),
//!   join with `/` and append a trailing `/` if missing. A `%2F` inside a segment is therefore
//!   signed as a `/` separator.
//! - canonical query: `(key, value)` pairs sorted by their raw (decoded) strings (Unicode code
//!   point order, key then value), then each encoded like a path segment, joined as `k=v&k=v`.
//!   The official SDK sends this string as the query on the wire, and so does [`crate::Client`].
//! - headers: every header whose name contains no `_` is signed; names lower-cased and sorted;
//!   values trimmed like Python's `str.strip()` (inner whitespace kept).
//! - payload: hex SHA-256 (SM3 for `SDK-HMAC-SM3`) of the body bytes, or the value of the
//!   algorithm's content header `X-Sdk-Content-Sha256` (`X-Sdk-Content-Sm3`); an empty body always
//!   gives the hash of the empty string.
//!   When a `Content-Type` header (this exact spelling) does not start with `application/json`
//!   or `application/bson`, `<content header>: UNSIGNED-PAYLOAD` is added, as the official
//!   SDK does.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use sm3::Sm3;

/// The algorithm name written into the string to sign and the `Authorization` header
/// (`SDK-HMAC-SHA256`, the default algorithm).
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// Name of the SM3 algorithm ([`SigningAlgorithm::HmacSm3`]).
pub const ALGORITHM_SM3: &str = "SDK-HMAC-SM3";
/// Name of the derived AK/SK algorithm ([`SignOptions::derived`]).
pub const ALGORITHM_DERIVED: &str = "V11-HMAC-SHA256";
/// Hex SHA-256 of the empty string: the payload hash of a request without body.
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// Hex SM3 of the empty string: the `SDK-HMAC-SM3` payload hash of a request without body.
pub const EMPTY_SM3: &str = "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b";
/// Value of `X-Sdk-Content-Sha256` that tells the gateway the payload is not hashed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// Name of the date header.
pub const HEADER_SDK_DATE: &str = "X-Sdk-Date";
/// Name of the header that carries a precomputed payload hash.
pub const HEADER_CONTENT_SHA256: &str = "X-Sdk-Content-Sha256";
/// Name of the header that carries a precomputed SM3 payload hash (`SDK-HMAC-SM3`).
pub const HEADER_CONTENT_SM3: &str = "X-Sdk-Content-Sm3";
/// Name of the header carrying the security token of temporary credentials.
pub const HEADER_SECURITY_TOKEN: &str = "X-Security-Token";
/// Name of the project id header added for regional (project-scoped) credentials.
pub const HEADER_PROJECT_ID: &str = "X-Project-Id";

/// Characters that stay literal: `A-Z a-z 0-9 - . _ ~` (Python `quote(s, safe='~')`).
const ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes everything except `A-Z a-z 0-9 - . _ ~`, upper-case hex, UTF-8 based.
pub fn encode_component(s: &str) -> String {
    utf8_percent_encode(s, ENCODE_SET).to_string()
}

/// Canonical URI of a request path (see the module documentation).
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut out = decoded
        .split('/')
        .map(encode_component)
        .collect::<Vec<_>>()
        .join("/");
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Canonical query string of decoded `(key, value)` pairs (see the module documentation).
///
/// The result is also the query string to send on the wire.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut sorted: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    // `str` ordering compares UTF-8 bytes, which is the same as Unicode code point order.
    sorted.sort_unstable();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Trims a header value like Python's `str.strip()` (Unicode whitespace plus `\x1c`-`\x1f`).
pub fn trim_header_value(v: &str) -> &str {
    v.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// Hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Hex HMAC-SHA256 of `msg` with `key`.
pub fn hmac_sha256_hex(key: &[u8], msg: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(msg);
    hex::encode(mac.finalize().into_bytes())
}

/// Hex SM3 of `data`.
pub fn sm3_hex(data: &[u8]) -> String {
    hex::encode(Sm3::digest(data))
}

/// Hex HMAC-SM3 of `msg` with `key`.
pub fn hmac_sm3_hex(key: &[u8], msg: &[u8]) -> String {
    let mut mac = Hmac::<Sm3>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(msg);
    hex::encode(mac.finalize().into_bytes())
}

/// The derivation info of `V11-HMAC-SHA256`: `YYYYMMDD/<region>/<service>`, the date being the
/// first 8 characters of `sdk_date` (an `X-Sdk-Date` value such as `20261129T101500Z`).
pub fn derived_info(sdk_date: &str, region: &str, service: &str) -> String {
    let day = sdk_date.get(..8).unwrap_or(sdk_date);
    format!("{day}/{region}/{service}")
}

/// The `V11-HMAC-SHA256` signing key: HKDF-SHA256 with salt = `ak`, input key material = `sk`
/// and `info`, 32 bytes, as 64 lower-case hex characters. The ASCII bytes of the returned string
/// (not the 32 raw bytes) are the HMAC-SHA256 key, as in the official SDK.
pub fn derive_signing_key(ak: &str, sk: &str, info: &str) -> String {
    let mut okm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(ak.as_bytes()), sk.as_bytes())
        .expand(info.as_bytes(), &mut okm)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    hex::encode(okm)
}

/// True when `host` (`host[:port]`) matches the official SDK's pattern of standard Huawei Cloud
/// endpoint hosts, `^[a-z][a-z0-9-]+(\.[a-z]{2,}-[a-z]+-\d{1,2})?\.(my)?(huaweicloud|myhwclouds).(com|cn)`
/// (Python `re.match` semantics: anchored at the start only; the unescaped `.` before `com|cn`
/// matches any character), e.g. `modelarts.cn-north-4.myhuaweicloud.com`.
pub fn is_standard_huaweicloud_host(host: &str) -> bool {
    // `[a-z][a-z0-9-]+`: the run cannot contain '.', so it is exactly the first label.
    let b = host.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    let first_len = b
        .iter()
        .position(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-'))
        .unwrap_or(b.len());
    if first_len < 2 {
        return false;
    }
    let Some(rest) = host[first_len..].strip_prefix('.') else {
        return false;
    };
    // Optional `\.[a-z]{2,}-[a-z]+-\d{1,2}` followed by `\.`: a whole region label.
    let with_region = rest
        .split_once('.')
        .filter(|(label, _)| is_region_label(label))
        .is_some_and(|(_, tail)| standard_host_tail(tail));
    with_region || standard_host_tail(rest)
}

/// `[a-z]{2,}-[a-z]+-\d{1,2}` over a whole label.
fn is_region_label(label: &str) -> bool {
    let parts: Vec<&str> = label.split('-').collect();
    let letters = |s: &str, min: usize| s.len() >= min && s.bytes().all(|c| c.is_ascii_lowercase());
    parts.len() == 3
        && letters(parts[0], 2)
        && letters(parts[1], 1)
        && (1..=2).contains(&parts[2].len())
        && parts[2].bytes().all(|c| c.is_ascii_digit())
}

/// `(my)?(huaweicloud|myhwclouds).(com|cn)` at the start of `s`.
fn standard_host_tail(s: &str) -> bool {
    ["", "my"].iter().any(|my| {
        s.strip_prefix(my).is_some_and(|s| {
            ["huaweicloud", "myhwclouds"].iter().any(|d| {
                s.strip_prefix(d).is_some_and(|s| {
                    let mut chars = s.chars();
                    chars.next().is_some_and(|c| c != '\n')
                        && (chars.as_str().starts_with("com") || chars.as_str().starts_with("cn"))
                })
            })
        })
    })
}

/// The official SDK's default predicate for derived AK/SK signing: derive only for hosts that
/// are **not** standard Huawei Cloud endpoints (see [`is_standard_huaweicloud_host`]).
pub fn default_derived_predicate(host: &str) -> bool {
    !is_standard_huaweicloud_host(host)
}

/// Signing algorithm of requests made with AK/SK credentials (default `SDK-HMAC-SHA256`).
///
/// Derived AK/SK signing (`V11-HMAC-SHA256`, see [`SignOptions::derived`]) takes precedence over
/// this choice, as in the official SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// `SDK-HMAC-SHA256` (default).
    #[default]
    HmacSha256,
    /// `SDK-HMAC-SM3` (Chinese SM3 hash): content header `X-Sdk-Content-Sm3`.
    HmacSm3,
}

impl SigningAlgorithm {
    /// The name written into the string to sign and the `Authorization` header.
    pub fn name(self) -> &'static str {
        match self {
            SigningAlgorithm::HmacSha256 => ALGORITHM,
            SigningAlgorithm::HmacSm3 => ALGORITHM_SM3,
        }
    }

    /// The header carrying a precomputed payload hash (or `UNSIGNED-PAYLOAD`).
    pub fn content_header(self) -> &'static str {
        match self {
            SigningAlgorithm::HmacSha256 => HEADER_CONTENT_SHA256,
            SigningAlgorithm::HmacSm3 => HEADER_CONTENT_SM3,
        }
    }

    /// Hex hash of the empty string.
    pub fn empty_hash(self) -> &'static str {
        match self {
            SigningAlgorithm::HmacSha256 => EMPTY_SHA256,
            SigningAlgorithm::HmacSm3 => EMPTY_SM3,
        }
    }

    /// Hex hash of `data`.
    pub fn hash_hex(self, data: &[u8]) -> String {
        match self {
            SigningAlgorithm::HmacSha256 => sha256_hex(data),
            SigningAlgorithm::HmacSm3 => sm3_hex(data),
        }
    }

    /// Hex HMAC of `msg` with `key`.
    pub fn hmac_hex(self, key: &[u8], msg: &[u8]) -> String {
        match self {
            SigningAlgorithm::HmacSha256 => hmac_sha256_hex(key, msg),
            SigningAlgorithm::HmacSm3 => hmac_sm3_hex(key, msg),
        }
    }
}

impl fmt::Display for SigningAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Scope of derived AK/SK signing (`V11-HMAC-SHA256`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DerivedScope<'a> {
    /// Region id, e.g. `cn-north-4`.
    pub region: &'a str,
    /// Derived auth service name, e.g. `modelarts`.
    pub service: &'a str,
}

/// Which algorithm [`sign_with`] uses. The default is `SDK-HMAC-SHA256` without derivation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignOptions<'a> {
    /// Algorithm used when `derived` is `None`.
    pub algorithm: SigningAlgorithm,
    /// When set, sign with `V11-HMAC-SHA256` (derived AK/SK) for this region and service;
    /// `algorithm` is then ignored.
    pub derived: Option<DerivedScope<'a>>,
}

/// Formats a time as `X-Sdk-Date` (`%Y%m%dT%H%M%SZ`, UTC, whole seconds).
///
/// Times before 1970 are clamped to the epoch.
pub fn format_sdk_date(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Everything the signer needs. Build it with a struct literal.
///
/// `Debug` redacts `sk` and `security_token`.
#[derive(Clone, Copy)]
pub struct SignInput<'a> {
    /// HTTP method, any case (upper-cased for signing).
    pub method: &'a str,
    /// `host[:port]` of the endpoint, used for the `Host` header unless `headers` has one.
    pub host: &'a str,
    /// Request path as sent (percent-encoded), e.g. `/v2/{project}/datasets/a%2Fb`.
    pub path: &'a str,
    /// Decoded query pairs; repeated keys allowed.
    pub query: &'a [(String, String)],
    /// Headers to send, before signing.
    pub headers: &'a [(String, String)],
    /// Body bytes exactly as sent (empty slice for no body).
    pub body: &'a [u8],
    /// `X-Sdk-Date` value (`%Y%m%dT%H%M%SZ`); ignored when `headers` already has `X-Sdk-Date`.
    pub sdk_date: &'a str,
    /// Access key id.
    pub ak: &'a str,
    /// Secret access key.
    pub sk: &'a str,
    /// Security token of temporary credentials: sent (and signed) as `X-Security-Token`.
    pub security_token: Option<&'a str>,
    /// Project id: sent (and signed) as `X-Project-Id` when given.
    pub project_id: Option<&'a str>,
}

impl fmt::Debug for SignInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInput")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &redact_headers(self.headers))
            .field("body_len", &self.body.len())
            .field("sdk_date", &self.sdk_date)
            .field("ak", &crate::SecretString::REDACTED)
            .field("sk", &crate::SecretString::REDACTED)
            .field(
                "security_token",
                &self.security_token.map(|_| crate::SecretString::REDACTED),
            )
            .field("project_id", &self.project_id)
            .finish()
    }
}

/// Result of [`sign`]: every stage of the computation and the headers to send.
///
/// `Debug` redacts the signature, the `Authorization` value and secret headers: a signature
/// lets anyone replay the request while its `X-Sdk-Date` is fresh (15 minutes at API Gateway).
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    /// Canonical URI (always ends with `/`).
    pub canonical_uri: String,
    /// Canonical query string (also the query to send on the wire).
    pub canonical_query: String,
    /// Canonical headers, each `name:value\n`.
    pub canonical_headers: String,
    /// Signed header names joined by `;`.
    pub signed_headers: String,
    /// Hex hash of the body (or the value of the algorithm's content header).
    pub payload_hash: String,
    /// The canonical request.
    pub canonical_request: String,
    /// Hex hash (SHA-256, or SM3 for `SDK-HMAC-SM3`) of the canonical request.
    pub canonical_request_hash: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Hex HMAC signature.
    pub signature: String,
    /// Algorithm name (`SDK-HMAC-SHA256`, `SDK-HMAC-SM3` or `V11-HMAC-SHA256`).
    pub algorithm: &'static str,
    /// Value of the `Authorization` header.
    pub authorization: String,
    /// The `X-Sdk-Date` value that was signed.
    pub sdk_date: String,
    /// Headers added by the signer, in the order added (e.g. `X-Sdk-Date`, `Host`, `Authorization`).
    pub added_headers: Vec<(String, String)>,
    /// All headers to send: the input headers (values trimmed) followed by `added_headers`.
    pub headers: Vec<(String, String)>,
}

impl fmt::Debug for Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("algorithm", &self.algorithm)
            .field("canonical_uri", &self.canonical_uri)
            .field("canonical_query", &self.canonical_query)
            .field("signed_headers", &self.signed_headers)
            .field("payload_hash", &self.payload_hash)
            .field("sdk_date", &self.sdk_date)
            .field("signature", &crate::SecretString::REDACTED)
            .field("headers", &redact_headers(&self.headers))
            .finish_non_exhaustive()
    }
}

/// True for header names whose values must never be logged or printed.
pub fn is_sensitive_header(name: &str) -> bool {
    [
        "authorization",
        "x-auth-token",
        "x-security-token",
        "x-subject-token",
        "proxy-authorization",
        "cookie",
    ]
    .iter()
    .any(|s| name.eq_ignore_ascii_case(s))
}

fn redact_headers(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(k, v)| {
            if is_sensitive_header(k) {
                (k.as_str(), crate::SecretString::REDACTED)
            } else {
                (k.as_str(), v.as_str())
            }
        })
        .collect()
}

fn find_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Signs a request with `SDK-HMAC-SHA256`; same as [`sign_with`] with default options.
pub fn sign(input: &SignInput<'_>) -> Signed {
    sign_with(input, &SignOptions::default())
}

/// Signs a request with the algorithm chosen by `options`: `SDK-HMAC-SHA256`, `SDK-HMAC-SM3`,
/// or `V11-HMAC-SHA256` (derived AK/SK) when [`SignOptions::derived`] is set.
pub fn sign_with(input: &SignInput<'_>, options: &SignOptions<'_>) -> Signed {
    // V11 derived signing is SHA-256 based whatever `algorithm` says.
    let hash_alg = match options.derived {
        Some(_) => SigningAlgorithm::HmacSha256,
        None => options.algorithm,
    };
    let HeadersToSign {
        mut headers,
        mut added,
        sdk_date,
    } = headers_to_sign(input, hash_alg.content_header());
    let (canonical_headers, signed_headers) = canonical_headers(&headers);
    let payload_hash = payload_hash(input.body, &headers, hash_alg);
    let canonical_uri = canonical_uri(input.path);
    let canonical_query = canonical_query(input.query);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        input.method.to_ascii_uppercase(),
        canonical_uri,
        canonical_query,
        canonical_headers,
        signed_headers,
        payload_hash
    );
    let canonical_request_hash = hash_alg.hash_hex(canonical_request.as_bytes());
    let Authorization {
        algorithm,
        string_to_sign,
        signature,
        header: authorization,
    } = authorize(
        input,
        options.derived,
        hash_alg,
        &sdk_date,
        &signed_headers,
        &canonical_request_hash,
    );
    let header = ("Authorization".to_owned(), authorization.clone());
    headers.push(header.clone());
    added.push(header);
    Signed {
        canonical_uri,
        canonical_query,
        canonical_headers,
        signed_headers,
        payload_hash,
        canonical_request,
        canonical_request_hash,
        string_to_sign,
        signature,
        algorithm,
        authorization,
        sdk_date,
        added_headers: added,
        headers,
    }
}

/// The headers of a request before its `Authorization` header is computed.
struct HeadersToSign {
    /// The input headers (values trimmed) followed by `added`.
    headers: Vec<(String, String)>,
    /// The headers the signer added.
    added: Vec<(String, String)>,
    /// The `X-Sdk-Date` value that is signed.
    sdk_date: String,
}

/// Adds what the official signer adds before signing, unless the request already has it: the
/// credentials-level headers (`X-Project-Id`, `X-Security-Token`), the content header
/// (`UNSIGNED-PAYLOAD` for a non-JSON `Content-Type`), `X-Sdk-Date` and `Host`.
fn headers_to_sign(input: &SignInput<'_>, content_header: &str) -> HeadersToSign {
    let mut headers: Vec<(String, String)> = input
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), trim_header_value(v).to_owned()))
        .collect();
    let mut added: Vec<(String, String)> = Vec::new();
    let mut add_missing = |headers: &mut Vec<(String, String)>, k: &str, v: &str| {
        if find_header(headers, k).is_none() {
            headers.push((k.to_owned(), v.to_owned()));
            added.push((k.to_owned(), v.to_owned()));
        }
    };
    // Credentials-level headers (official `BasicCredentials.sign_request`).
    if let Some(project_id) = input.project_id {
        add_missing(
            &mut headers,
            HEADER_PROJECT_ID,
            trim_header_value(project_id),
        );
    }
    if let Some(token) = input.security_token {
        add_missing(
            &mut headers,
            HEADER_SECURITY_TOKEN,
            trim_header_value(token),
        );
    }
    // Content header: exact `Content-Type` key, case-sensitive value prefix (as the official SDK).
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "Content-Type")
        .map(|(_, v)| v.clone());
    if let Some(ct) = content_type {
        if !ct.starts_with("application/json") && !ct.starts_with("application/bson") {
            add_missing(&mut headers, content_header, UNSIGNED_PAYLOAD);
        }
    }
    let sdk_date = find_header(&headers, HEADER_SDK_DATE)
        .unwrap_or(input.sdk_date)
        .to_owned();
    add_missing(&mut headers, HEADER_SDK_DATE, input.sdk_date);
    add_missing(&mut headers, "Host", input.host);
    HeadersToSign {
        headers,
        added,
        sdk_date,
    }
}

/// The canonical headers (`name:value\n` each) and the signed header names joined by `;`:
/// every header whose name has no `_`, names lower-cased and sorted.
fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let mut signed: Vec<(String, &str)> = headers
        .iter()
        .filter(|(k, _)| !k.contains('_'))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.as_str()))
        .collect();
    signed.sort_by(|a, b| a.0.cmp(&b.0));
    let canonical = signed.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let names = signed
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    (canonical, names)
}

/// The payload hash: the empty hash for an empty body (even with the content header present),
/// else the content header's value if present, else the hash of the body.
fn payload_hash(body: &[u8], headers: &[(String, String)], alg: SigningAlgorithm) -> String {
    if body.is_empty() {
        alg.empty_hash().to_owned()
    } else {
        match find_header(headers, alg.content_header()) {
            Some(v) => v.to_owned(),
            None => alg.hash_hex(body),
        }
    }
}

/// The last stages of signing.
struct Authorization {
    algorithm: &'static str,
    string_to_sign: String,
    signature: String,
    header: String,
}

/// String to sign, signature and `Authorization` value, with the plain key (`SDK-HMAC-*`) or
/// a key derived for `derived` (`V11-HMAC-SHA256`).
fn authorize(
    input: &SignInput<'_>,
    derived: Option<DerivedScope<'_>>,
    hash_alg: SigningAlgorithm,
    sdk_date: &str,
    signed_headers: &str,
    canonical_request_hash: &str,
) -> Authorization {
    let ak = input.ak;
    match derived {
        None => {
            let name = hash_alg.name();
            let string_to_sign = format!("{name}\n{sdk_date}\n{canonical_request_hash}");
            let signature = hash_alg.hmac_hex(input.sk.as_bytes(), string_to_sign.as_bytes());
            Authorization {
                algorithm: name,
                header: format!(
                    "{name} Access={ak}, SignedHeaders={signed_headers}, Signature={signature}"
                ),
                string_to_sign,
                signature,
            }
        }
        Some(scope) => {
            let info = derived_info(sdk_date, scope.region, scope.service);
            let string_to_sign =
                format!("{ALGORITHM_DERIVED}\n{sdk_date}\n{info}\n{canonical_request_hash}");
            let key = derive_signing_key(ak, input.sk, &info);
            let signature = hmac_sha256_hex(key.as_bytes(), string_to_sign.as_bytes());
            Authorization {
                algorithm: ALGORITHM_DERIVED,
                header: format!(
                    "{ALGORITHM_DERIVED} Credential={ak}/{info}, SignedHeaders={signed_headers}, Signature={signature}"
                ),
                string_to_sign,
                signature,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn date_format() {
        let t = UNIX_EPOCH + Duration::from_secs(1_795_947_300);
        assert_eq!(format_sdk_date(t), "20261129T101500Z");
        assert_eq!(format_sdk_date(UNIX_EPOCH), "19700101T000000Z");
        // leap day
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(format_sdk_date(t), "20000229T000000Z");
    }

    #[test]
    fn path_rules() {
        assert_eq!(canonical_uri("/a%2Fb"), "/a/b/");
        assert_eq!(canonical_uri("/a%zz"), "/a%25zz/");
        assert_eq!(canonical_uri("/a%7e"), "/a~/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/a+b"), "/a%2Bb/");
    }

    #[test]
    fn hash_constants() {
        assert_eq!(sha256_hex(b""), EMPTY_SHA256);
        assert_eq!(sm3_hex(b""), EMPTY_SM3);
        // GB/T 32905-2016 example 1.
        assert_eq!(
            sm3_hex(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    #[test]
    fn standard_hosts() {
        for host in [
            "modelarts.cn-north-4.myhuaweicloud.com",
            "modelarts.ap-southeast-1.myhuaweicloud.cn",
            "iam.myhuaweicloud.com",
            "iam.huaweicloud.com",
            "obs.cn-southwest-2.myhwclouds.com",
            "modelarts.cn-north-4.myhuaweicloud.com:443",
            "ecs.la-south-2.myhuaweicloud.com.example.org",
            // The unescaped '.' of the official pattern matches any character.
            "ecs.cn-north-4.myhuaweicloud-com",
        ] {
            assert!(is_standard_huaweicloud_host(host), "{host}");
            assert!(!default_derived_predicate(host), "{host}");
        }
        for host in [
            "127.0.0.1:8080",
            "localhost",
            "modelarts.eu-de.otc.t-systems.com",
            "Modelarts.cn-north-4.myhuaweicloud.com",
            "m.cn-north-4.myhuaweicloud.com",
            "modelarts.cn-north-123.myhuaweicloud.com",
            "modelarts.cn-north-4.example.com",
            "modelarts.cn-north-4.huaweicloud.org",
            "apig.example.myhuaweicloud.com",
            "",
        ] {
            assert!(!is_standard_huaweicloud_host(host), "{host}");
            assert!(default_derived_predicate(host), "{host}");
        }
    }

    #[test]
    fn derived_key() {
        let info = derived_info("20261129T101500Z", "cn-north-4", "modelarts");
        assert_eq!(info, "20261129/cn-north-4/modelarts");
        let key = derive_signing_key(
            "HPUAEXAMPLEAK0000001",
            "exampleSecretKey0000000000000000000000001",
            &info,
        );
        assert_eq!(
            key,
            "b4a5eea3390cb8d89ca004700c61003a57133a6b0b948459a315daba1e50ab53"
        );
    }
}
