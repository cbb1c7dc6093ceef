//! Secrets never appear in Debug/Display output, errors or logs.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use http::Method;
use sdk_runtime::sign::{self, SignInput};
use sdk_runtime::{Client, Config, Credentials, Error, Request, SecretString};

const SECRETS: [&str; 4] = [AK, SK, SECURITY_TOKEN, AUTH_TOKEN];

fn assert_clean(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} leaks a secret ({s}):\n{text}");
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn debug_and_display_of_values_hide_secrets() {
    let s = SecretString::new(SK);
    assert_clean("SecretString Debug", &format!("{s:?}"));
    assert_clean("SecretString Display", &format!("{s}"));
    let aksk = Credentials::aksk(AK, SK)
        .with_security_token(SECURITY_TOKEN)
        .with_derived_auth_service_name("modelarts");
    let token = Credentials::token(AUTH_TOKEN);
    assert_clean("Credentials Debug", &format!("{aksk:?} {token:?}"));
    let builder = Config::builder()
        .credentials(aksk.clone())
        .region("cn-north-4")
        .project_id(PROJECT);
    assert_clean("ConfigBuilder Debug", &format!("{builder:?}"));
    let config = builder.build().unwrap();
    assert_clean("Config Debug", &format!("{config:?}"));
    let client = Client::new(config, &SERVICE).unwrap();
    assert_clean("Client Debug", &format!("{client:?}"));
    let token_client = Client::new(
        Config::builder()
            .credentials(token)
            .region("cn-north-4")
            .build()
            .unwrap(),
        &SERVICE,
    )
    .unwrap();
    assert_clean("Client Debug", &format!("{token_client:?}"));

    let headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    let input = SignInput {
        method: "GET",
        host: "h",
        path: "/",
        query: &[],
        headers: &headers,
        body: b"",
        sdk_date: "20261129T101500Z",
        ak: AK,
        sk: SK,
        security_token: Some(SECURITY_TOKEN),
        project_id: None,
    };
    assert_clean("SignInput Debug", &format!("{input:?}"));
    let signed = sign::sign(&input);
    assert_clean("Signed Debug", &format!("{signed:?}"));
    // The signature authorises a replay of the request while its date is fresh.
    let debug = format!("{signed:?}");
    assert_eq!(signed.signature.len(), 64);
    assert!(
        !debug.contains(&signed.signature),
        "Signed Debug prints the signature:\n{debug}"
    );
    assert!(debug.contains("signature: \"<redacted>\""), "{debug}");

    // Config errors mention variable names, never values.
    let err = Config::builder()
        .credentials(Credentials::aksk(AK, ""))
        .build()
        .unwrap_err();
    assert_clean("Config error", &format!("{err} {err:?}"));
}

#[tokio::test]
async fn errors_and_logs_hide_secrets() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = Server::start(|n, _| match n {
        0 => Action::Reset,
        1 => Action::Respond(500, vec![("X-Request-Id", "rid-500".into())], b"oops".to_vec()),
        2 => json(200, "{}"),
        _ => Action::Respond(
            403,
            vec![("X-Request-Id", "rid-403".into())],
            br#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#.to_vec(),
        ),
    })
    .await;
    let mut errors: Vec<Error> = Vec::new();
    for creds in [
        Credentials::aksk(AK, SK).with_security_token(SECURITY_TOKEN),
        Credentials::token(AUTH_TOKEN),
    ] {
        let client = Client::new(
            builder(&server).credentials(creds).build().unwrap(),
            &SERVICE,
        )
        .unwrap();
        let req = Request::new(
            "ListDatasets",
            Method::GET,
            format!("/v2/{PROJECT}/datasets"),
        )
        .query("limit", "1");
        let _ = client.send(req.clone()).await;
        errors.push(client.send(req).await.unwrap_err());
    }
    // Transport and timeout errors.
    let refused = Client::new(
        Config::builder()
            .endpoint("http://127.0.0.1:1")
            .allow_http(true)
            .credentials(Credentials::aksk(AK, SK))
            .retry(fast_retry(1))
            .build()
            .unwrap(),
        &SERVICE,
    )
    .unwrap();
    errors.push(
        refused
            .send(Request::new("Op", Method::GET, "/".into()))
            .await
            .unwrap_err(),
    );
    for e in &errors {
        assert_clean(
            "Error",
            &format!("{e} {e:?} {:?}", std::error::Error::source(e)),
        );
    }
    assert!(
        errors[0].is_api() && errors[1].is_api() && errors[2].is_transport(),
        "{errors:?}"
    );

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    if std::env::var_os("SHOW_LOGS").is_some() {
        eprintln!("{logs}");
    }
    assert_clean("tracing output", &logs);
    // The spans carry operation, attempt, status and request id.
    for part in [
        "sdk_operation",
        "operation=\"ListDatasets\"",
        "sdk_attempt",
        "attempt=2",
        "status=500",
        "rid-500",
        "rid-403",
        "retrying",
    ] {
        assert!(logs.contains(part), "{part} missing from logs:\n{logs}");
    }
    assert!(
        !logs.to_ascii_lowercase().contains("sdk-hmac-sha256 access"),
        "Authorization logged:\n{logs}"
    );
}

const BEARER: &str = "bearerEXAMPLEtoken0000000001";
const BASIC_USER: &str = "basicUserEXAMPLE01";
const BASIC_PASSWORD: &str = "basicPassEXAMPLE01";
/// base64 of `basicUserEXAMPLE01:basicPassEXAMPLE01` (what goes on the wire).
const BASIC_ENCODED: &str = "YmFzaWNVc2VyRVhBTVBMRTAxOmJhc2ljUGFzc0VYQU1QTEUwMQ";
const HEADER_KEY: &str = "headerKeyEXAMPLE0000001";
/// Needs encoding in a query, so the encoded form is checked too.
const QUERY_KEY: &str = "queryKey/EXAMPLE+0001";
const QUERY_KEY_ENCODED: &str = "queryKey%2FEXAMPLE%2B0001";
const GENERIC_SECRETS: [&str; 7] = [
    BEARER,
    BASIC_USER,
    BASIC_PASSWORD,
    BASIC_ENCODED,
    HEADER_KEY,
    QUERY_KEY,
    QUERY_KEY_ENCODED,
];

fn assert_generic_clean(what: &str, text: &str) {
    for s in GENERIC_SECRETS {
        assert!(!text.contains(s), "{what} leaks a secret ({s}):\n{text}");
    }
}

fn generic_kinds() -> Vec<Credentials> {
    vec![
        Credentials::bearer(BEARER),
        Credentials::basic(BASIC_USER, BASIC_PASSWORD),
        Credentials::api_key_header("X-Api-Key", HEADER_KEY),
        Credentials::api_key_query("api_key", QUERY_KEY),
    ]
}

#[test]
fn generic_kinds_hide_secrets_in_debug() {
    for creds in generic_kinds() {
        assert_generic_clean("Credentials Debug", &format!("{creds:?}"));
        let builder = Config::builder()
            .endpoint("https://api.example.com")
            .credentials(creds);
        assert_generic_clean("ConfigBuilder Debug", &format!("{builder:?}"));
        let config = builder.build().unwrap();
        assert_generic_clean("Config Debug", &format!("{config:?}"));
        let client = Client::new(config, &SERVICE).unwrap();
        assert_generic_clean("Client Debug", &format!("{client:?}"));
    }
    // Rejected values do not show up in the configuration error either.
    for creds in [
        Credentials::bearer(format!("{BEARER}\n")),
        Credentials::basic(format!("{BASIC_USER}:"), BASIC_PASSWORD),
        Credentials::api_key_header("Host", HEADER_KEY),
        Credentials::api_key_header("X-Api-Key", format!("{HEADER_KEY}\r\n")),
        Credentials::api_key_query("", QUERY_KEY),
    ] {
        let err = Config::builder()
            .endpoint("https://api.example.com")
            .credentials(creds)
            .build()
            .unwrap_err();
        assert_generic_clean("Config error", &format!("{err} {err:?}"));
    }
}

/// Four failures of a call with `creds`: an API error after retries (reset, 500, 403), a reset,
/// a refused connection and an attempt timeout.
async fn failures_with(creds: &Credentials) -> Vec<Error> {
    let kind = creds.kind_name();
    let req = || {
        Request::new("ListThings", Method::GET, "/v1/things".into())
            .query("limit", "1")
            .header("X-Trace", "t")
    };
    let mut errors = Vec::new();
    // Reset, 500, then 403: an API error after retries (with the attempts logged).
    let server = Server::start(|n, _| match n {
        0 => Action::Reset,
        1 => Action::Respond(
            500,
            vec![("X-Request-Id", "rid-500".into())],
            b"oops".to_vec(),
        ),
        _ => Action::Respond(
            403,
            vec![("X-Request-Id", "rid-403".into())],
            br#"{"code":"Forbidden","message":"bad credentials"}"#.to_vec(),
        ),
    })
    .await;
    let client = Client::new(
        builder(&server).credentials(creds.clone()).build().unwrap(),
        &SERVICE,
    )
    .unwrap();
    let e = client.send(req()).await.unwrap_err();
    assert!(e.is_api() && e.attempts() == Some(3), "{kind}: {e:?}");
    // Every attempt carried the credentials.
    let got = server.requests();
    assert_eq!(got.len(), 3);
    for r in &got {
        let carried = r.header("Authorization").is_some()
            || r.header("X-Api-Key") == Some(HEADER_KEY)
            || r.query().contains(QUERY_KEY_ENCODED);
        assert!(carried, "{kind}: {r:?}");
    }
    errors.push(e);

    // Reset after the request was sent: a transport error with a reqwest source.
    let server = Server::start(|_, _| Action::Reset).await;
    let client = Client::new(
        builder(&server)
            .credentials(creds.clone())
            .retry(fast_retry(1))
            .build()
            .unwrap(),
        &SERVICE,
    )
    .unwrap();
    let e = client.send(req()).await.unwrap_err();
    assert!(e.is_transport(), "{kind}: {e:?}");
    errors.push(e);

    // Connection refused.
    let refused = Client::new(
        Config::builder()
            .endpoint("http://127.0.0.1:1")
            .allow_http(true)
            .credentials(creds.clone())
            .retry(fast_retry(1))
            .build()
            .unwrap(),
        &SERVICE,
    )
    .unwrap();
    let e = refused.send(req()).await.unwrap_err();
    assert!(e.is_transport(), "{kind}: {e:?}");
    errors.push(e);

    // Attempt timeout.
    let server = Server::start(|_, _| Action::Delay(std::time::Duration::from_secs(5))).await;
    let client = Client::new(
        builder(&server)
            .credentials(creds.clone())
            .timeout(std::time::Duration::from_millis(100))
            .retry(fast_retry(1))
            .build()
            .unwrap(),
        &SERVICE,
    )
    .unwrap();
    let e = client.send(req()).await.unwrap_err();
    assert!(e.is_timeout(), "{kind}: {e:?}");
    errors.push(e);
    errors
}

#[tokio::test]
async fn generic_kinds_hide_secrets_in_errors_and_logs() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut errors: Vec<(&'static str, Error)> = Vec::new();
    for creds in generic_kinds() {
        for e in failures_with(&creds).await {
            errors.push((creds.kind_name(), e));
        }
    }
    for (kind, e) in &errors {
        let text = format!("{e} {e:?} {:?}", std::error::Error::source(e));
        assert_generic_clean(kind, &text);
        // No URL with its query is kept in any error.
        assert!(!text.contains("api_key="), "{kind}: {text}");
        assert!(!text.contains("limit=1"), "{kind}: {text}");
    }

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    if std::env::var_os("SHOW_LOGS").is_some() {
        eprintln!("{logs}");
    }
    assert_generic_clean("tracing output", &logs);
    assert!(!logs.contains("api_key="), "query logged:\n{logs}");
    for part in [
        "sdk_operation",
        "operation=\"ListThings\"",
        "attempt=3",
        "rid-403",
        "retrying",
    ] {
        assert!(logs.contains(part), "{part} missing from logs:\n{logs}");
    }
}
