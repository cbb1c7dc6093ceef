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
