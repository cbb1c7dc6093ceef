//! Loopback HTTP/1.1 test server (raw TCP, so faults can be injected) and a signature verifier
//! that recomputes the signature from what arrived on the wire.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use percent_encoding::percent_decode_str;
use sdk_runtime::{sign, Config, ConfigBuilder, Credentials, RetryPolicy, ServiceInfo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const AK: &str = "AKTESTEXAMPLE0000001";
pub const SK: &str = "skTestSecretValue00000000000000000000001";
pub const SECURITY_TOKEN: &str = "secTokEXAMPLE+/=security-token-value";
pub const AUTH_TOKEN: &str = "MIIauthTokenEXAMPLEvalue000000";
pub const PROJECT: &str = "0123456789abcdef0123456789abcdef";

pub static SERVICE: ServiceInfo = ServiceInfo {
    name: "modelarts",
    endpoint_template: "https://modelarts.{region}.myhuaweicloud.com",
    region_endpoints: &[(
        "ap-southeast-1",
        "https://modelarts.ap-southeast-1.myhuaweicloud.cn",
    )],
    sdk_name: "modelarts-test",
    sdk_version: "0.0.1",
};

/// A request as received by the server.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn header_count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .count()
    }
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap()
    }
    pub fn query(&self) -> &str {
        self.target.split_once('?').map(|(_, q)| q).unwrap_or("")
    }
}

/// What the server does with request number `n` (0-based).
#[derive(Debug, Clone)]
pub enum Action {
    /// Answer with status, extra headers and body.
    Respond(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// Reset the connection (RST) without answering.
    Reset,
    /// Wait this long before answering 200 `{}`.
    Delay(Duration),
    /// Send headers announcing `content_length` bytes, then stall forever.
    HeadersThenStall(usize),
    /// Announce `content_length` bytes but send only `body`, then close.
    Truncate(usize, Vec<u8>),
    /// Answer with this status and a body that never ends (until the client goes away), with
    /// this `Content-Length` header if given (else the body runs until the connection closes).
    Endless(u16, Option<u64>),
}

pub fn json(status: u16, body: &str) -> Action {
    Action::Respond(
        status,
        vec![("Content-Type", "application/json".into())],
        body.as_bytes().to_vec(),
    )
}

pub struct Server {
    pub port: u16,
    pub received: Arc<Mutex<Vec<Received>>>,
    count: Arc<AtomicUsize>,
}

impl Server {
    pub async fn start<F>(script: F) -> Server
    where
        F: Fn(usize, &Received) -> Action + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let count = Arc::new(AtomicUsize::new(0));
        let script = Arc::new(script);
        let (rec, cnt) = (received.clone(), count.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (rec, cnt, script) = (rec.clone(), cnt.clone(), script.clone());
                tokio::spawn(async move {
                    handle(stream, rec, cnt, script).await;
                });
            }
        });
        Server {
            port,
            received,
            count,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?;
    let mut parts = request_line.split(' ');
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Received {
        method,
        target,
        headers,
        body,
        at: Instant::now(),
    })
}

async fn handle<F>(
    mut stream: TcpStream,
    rec: Arc<Mutex<Vec<Received>>>,
    cnt: Arc<AtomicUsize>,
    script: Arc<F>,
) where
    F: Fn(usize, &Received) -> Action + Send + Sync + 'static,
{
    let Some(req) = read_request(&mut stream).await else {
        return;
    };
    let n = cnt.fetch_add(1, Ordering::SeqCst);
    let action = script(n, &req);
    rec.lock().unwrap().push(req);
    match action {
        Action::Respond(status, headers, body) => {
            write_response(&mut stream, status, &headers, &body).await
        }
        Action::Reset => {
            let _ = stream.set_zero_linger();
            drop(stream);
        }
        Action::Delay(d) => {
            tokio::time::sleep(d).await;
            write_response(&mut stream, 200, &[], b"{}").await;
        }
        Action::HeadersThenStall(len) => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n{{");
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        Action::Endless(status, content_length) => {
            let mut head = format!("HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n");
            if let Some(len) = content_length {
                head.push_str(&format!("Content-Length: {len}\r\n"));
            }
            head.push_str("Connection: close\r\n\r\n");
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b' '; 16 * 1024];
            while stream.write_all(&chunk).await.is_ok() {}
        }
        Action::Truncate(len, body) => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
    }
}

async fn write_response(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&'static str, String)],
    body: &[u8],
) {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body).await;
    let _ = stream.shutdown().await;
}

/// Fast retry policy for tests.
pub fn fast_retry(attempts: u32) -> RetryPolicy {
    RetryPolicy::new()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
}

pub fn builder(server: &Server) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.url())
        .allow_http(true)
        .credentials(Credentials::aksk(AK, SK))
        .project_id(PROJECT)
        .timeout(Duration::from_secs(5))
        .retry(fast_retry(3))
}

/// Which algorithm the verifier expects.
#[derive(Debug, Clone, Copy)]
pub enum Scheme<'a> {
    /// `SDK-HMAC-SHA256`.
    Sha256,
    /// `SDK-HMAC-SM3`.
    Sm3,
    /// `V11-HMAC-SHA256` derived AK/SK for this region and service.
    Derived { region: &'a str, service: &'a str },
}

/// Recomputes the SDK-HMAC-SHA256 signature from the request as received, like API Gateway.
pub fn verify_signature(req: &Received, ak: &str, sk: &str, host: &str) -> Result<(), String> {
    verify_signature_with(req, ak, sk, host, Scheme::Sha256)
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(msg);
    hex::encode(mac.finalize().into_bytes())
}

fn hmac_sm3(key: &[u8], msg: &[u8]) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sm3::Sm3>::new_from_slice(key).unwrap();
    mac.update(msg);
    hex::encode(mac.finalize().into_bytes())
}

/// Recomputes the signature of `scheme` from the request as received, like API Gateway, with
/// hash/HMAC/HKDF computed here (not by the signer under test).
pub fn verify_signature_with(
    req: &Received,
    ak: &str,
    sk: &str,
    host: &str,
    scheme: Scheme<'_>,
) -> Result<(), String> {
    use sha2::Digest as _;
    let sha256 = |d: &[u8]| hex::encode(sha2::Sha256::digest(d));
    let sm3 = |d: &[u8]| hex::encode(sm3::Sm3::digest(d));
    type HashFn<'f> = &'f dyn Fn(&[u8]) -> String;
    let (hash, content_header): (HashFn<'_>, &str) = match scheme {
        Scheme::Sha256 => (&sha256, "X-Sdk-Content-Sha256"),
        Scheme::Sm3 => (&sm3, "X-Sdk-Content-Sm3"),
        Scheme::Derived { .. } => (&sha256, "X-Sdk-Content-Sha256"),
    };
    let auth = parse_authorization(req, scheme)?;
    let date = req.header("X-Sdk-Date").ok_or("no X-Sdk-Date")?;
    let info = check_access(auth.access, ak, date, scheme)?;
    let canonical_headers = received_canonical_headers(req, auth.signed_headers, host)?;
    let canonical_query = received_canonical_query(req)?;
    let payload_hash = match req.header(content_header) {
        Some(v) if !req.body.is_empty() => v.to_owned(),
        _ => hash(&req.body),
    };
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        sign::canonical_uri(req.path()),
        canonical_query,
        canonical_headers,
        auth.signed_headers,
        payload_hash
    );
    let cr_hash = hash(canonical_request.as_bytes());
    let expected = expected_signature(scheme, info.as_deref(), ak, sk, date, &cr_hash);
    if expected != auth.signature {
        return Err(format!(
            "signature mismatch; canonical request was:\n{canonical_request}"
        ));
    }
    Ok(())
}

/// The parts of an `Authorization` header.
struct AuthParts<'a> {
    access: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization<'r>(req: &'r Received, scheme: Scheme<'_>) -> Result<AuthParts<'r>, String> {
    let (prefix, access_key) = match scheme {
        Scheme::Sha256 => ("SDK-HMAC-SHA256 ", "Access"),
        Scheme::Sm3 => ("SDK-HMAC-SM3 ", "Access"),
        Scheme::Derived { .. } => ("V11-HMAC-SHA256 ", "Credential"),
    };
    let auth = req
        .header("Authorization")
        .ok_or("no Authorization header")?;
    let rest = auth
        .strip_prefix(prefix)
        .ok_or_else(|| format!("wrong algorithm: {auth}"))?;
    let mut access = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(", ") {
        let (k, v) = part.split_once('=').ok_or("malformed Authorization")?;
        match k {
            k if k == access_key => access = Some(v),
            "SignedHeaders" => signed_headers = Some(v),
            "Signature" => signature = Some(v),
            _ => return Err(format!("unexpected Authorization part {k}")),
        }
    }
    Ok(AuthParts {
        access: access.ok_or("no Access/Credential")?,
        signed_headers: signed_headers.ok_or("no SignedHeaders")?,
        signature: signature.ok_or("no Signature")?,
    })
}

/// Checks the access key (or the V11 credential scope); returns the V11 derivation info.
fn check_access(
    access: &str,
    ak: &str,
    date: &str,
    scheme: Scheme<'_>,
) -> Result<Option<String>, String> {
    match scheme {
        Scheme::Derived { region, service } => {
            let info = format!("{}/{region}/{service}", &date[..8]);
            if access != format!("{ak}/{info}") {
                return Err(format!("wrong credential {access}"));
            }
            Ok(Some(info))
        }
        _ if access != ak => Err("wrong access key".into()),
        _ => Ok(None),
    }
}

/// The canonical headers of the signed header names, from the headers that arrived.
fn received_canonical_headers(
    req: &Received,
    signed_headers: &str,
    host: &str,
) -> Result<String, String> {
    let names: Vec<&str> = signed_headers.split(';').collect();
    for required in ["host", "x-sdk-date"] {
        if !names.contains(&required) {
            return Err(format!("{required} not signed"));
        }
    }
    if req.header("Host") != Some(host) {
        return Err(format!("Host header {:?} != {host}", req.header("Host")));
    }
    let mut canonical_headers = String::new();
    for name in &names {
        if req.header_count(name) != 1 {
            return Err(format!(
                "signed header {name} appears {} times",
                req.header_count(name)
            ));
        }
        let v = req.header(name).unwrap();
        canonical_headers.push_str(&format!("{name}:{}\n", sign::trim_header_value(v)));
    }
    Ok(canonical_headers)
}

/// Decodes the query pairs that arrived and canonicalises them again; the wire query must
/// already be canonical.
fn received_canonical_query(req: &Received) -> Result<String, String> {
    let pairs: Vec<(String, String)> = if req.query().is_empty() {
        vec![]
    } else {
        req.query()
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                let d = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
                (d(k), d(v))
            })
            .collect()
    };
    let canonical_query = sign::canonical_query(&pairs);
    if canonical_query != req.query() {
        return Err(format!(
            "wire query {:?} is not canonical {canonical_query:?}",
            req.query()
        ));
    }
    Ok(canonical_query)
}

/// The signature `scheme` gives for the canonical request hash `cr_hash`.
fn expected_signature(
    scheme: Scheme<'_>,
    info: Option<&str>,
    ak: &str,
    sk: &str,
    date: &str,
    cr_hash: &str,
) -> String {
    match (scheme, info) {
        (Scheme::Sha256, _) => hmac_sha256(
            sk.as_bytes(),
            format!("SDK-HMAC-SHA256\n{date}\n{cr_hash}").as_bytes(),
        ),
        (Scheme::Sm3, _) => hmac_sm3(
            sk.as_bytes(),
            format!("SDK-HMAC-SM3\n{date}\n{cr_hash}").as_bytes(),
        ),
        (Scheme::Derived { .. }, Some(info)) => {
            let mut okm = [0u8; 32];
            hkdf::Hkdf::<sha2::Sha256>::new(Some(ak.as_bytes()), sk.as_bytes())
                .expand(info.as_bytes(), &mut okm)
                .unwrap();
            let key = hex::encode(okm);
            hmac_sha256(
                key.as_bytes(),
                format!("V11-HMAC-SHA256\n{date}\n{info}\n{cr_hash}").as_bytes(),
            )
        }
        (Scheme::Derived { .. }, None) => unreachable!("check_access gives derived info"),
    }
}
