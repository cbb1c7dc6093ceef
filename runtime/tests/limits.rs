//! Limits against broken or hostile servers: response bodies are read chunk by chunk up to a
//! configured size, error bodies kept in `Error` are capped smaller, and path parameters that
//! would change the path are refused before anything is sent.

mod common;

use std::time::{Duration, Instant};

use common::*;
use http::Method;
use sdk_runtime::error::MAX_ERROR_BODY;
use sdk_runtime::{
    encode_path_segment, path_param, Client, Config, Error, Request, DEFAULT_MAX_RESPONSE_BODY,
};

fn get() -> Request {
    Request::new(
        "ListDatasets",
        Method::GET,
        format!("/v2/{PROJECT}/datasets"),
    )
}

#[tokio::test]
async fn an_endless_success_body_fails_at_the_limit_and_is_not_retried() {
    let server = Server::start(|_, _| Action::Endless(200, None)).await;
    let config = builder(&server)
        .max_response_body(256 * 1024)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let start = Instant::now();
    let err = Client::new(config, &SERVICE)
        .unwrap()
        .send(get())
        .await
        .unwrap_err();
    let Error::ResponseTooLarge(e) = &err else {
        panic!("expected ResponseTooLarge, got {err:?}")
    };
    assert_eq!(e.status(), 200);
    assert_eq!(e.limit(), 256 * 1024);
    assert_eq!(e.content_length(), None);
    assert_eq!(err.status(), Some(200));
    assert!(err.is_response_too_large());
    assert!(!err.is_retryable(), "the same body would come again");
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(server.count(), 1, "a GET over the limit is not resent");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let text = err.to_string();
    for part in [
        "ListDatasets",
        "HTTP 200",
        "262144 bytes",
        "max_response_body",
        "unknown",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
}

#[tokio::test]
async fn a_content_length_above_the_default_limit_fails_before_the_body_is_read() {
    // The server announces 10 GiB and sends nothing more: the call must not wait for it.
    let announced = 10 * 1024 * 1024 * 1024u64;
    let server = Server::start(move |_, _| Action::Endless(200, Some(announced))).await;
    let config = builder(&server)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    assert_eq!(config.max_response_body(), DEFAULT_MAX_RESPONSE_BODY);
    assert_eq!(DEFAULT_MAX_RESPONSE_BODY, 64 * 1024 * 1024);
    let start = Instant::now();
    let err = Client::new(config, &SERVICE)
        .unwrap()
        .send(get())
        .await
        .unwrap_err();
    let Error::ResponseTooLarge(e) = &err else {
        panic!("expected ResponseTooLarge, got {err:?}")
    };
    assert_eq!(e.content_length(), Some(announced));
    assert_eq!(e.limit(), DEFAULT_MAX_RESPONSE_BODY);
    assert!(
        err.to_string()
            .contains("10737418240 bytes (Content-Length)"),
        "{err}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_refused() {
    let limit = 100_000;
    for (len, fits) in [(limit, true), (limit + 1, false)] {
        let server = Server::start(move |_, _| json(200, &" ".repeat(len))).await;
        let config = builder(&server).max_response_body(limit).build().unwrap();
        let result = Client::new(config, &SERVICE).unwrap().send(get()).await;
        match (result, fits) {
            (Ok(resp), true) => assert_eq!(resp.body().len(), limit),
            (Err(err), false) => assert!(err.is_response_too_large(), "{err:?}"),
            (other, _) => panic!("{len} bytes: {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_endless_error_body_is_cut_at_64_kib() {
    let server = Server::start(|_, _| Action::Endless(400, None)).await;
    let config = builder(&server)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let start = Instant::now();
    let err = Client::new(config, &SERVICE)
        .unwrap()
        .send(get())
        .await
        .unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status(), 400);
    assert_eq!(MAX_ERROR_BODY, 64 * 1024);
    assert_eq!(api.body().len(), MAX_ERROR_BODY);
    assert!(api.body_truncated());
    assert!(
        err.to_string().contains("(body cut at 65536 bytes)"),
        "{err}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn a_short_error_body_is_kept_whole() {
    let body = r#"{"error_code":"ModelArts.4204","error_msg":"gone"}"#;
    let server = Server::start(move |_, _| json(404, body)).await;
    let err = Client::new(builder(&server).build().unwrap(), &SERVICE)
        .unwrap()
        .send(get())
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.body(), body.as_bytes());
    assert!(!api.body_truncated());
    assert!(!err.to_string().contains("cut at"), "{err}");
}

#[test]
fn a_zero_body_limit_is_a_configuration_error() {
    let err = Config::builder()
        .credentials(sdk_runtime::Credentials::none())
        .max_response_body(0)
        .build()
        .unwrap_err();
    assert!(err.is_config());
    assert!(err.to_string().contains("max_response_body"), "{err}");
}

#[tokio::test]
async fn path_parameters_with_a_slash_are_refused_and_nothing_is_sent() {
    let server = Server::start(|_, _| json(200, "{}")).await;
    let client = Client::new(builder(&server).build().unwrap(), &SERVICE).unwrap();
    for value in ["../x", "a/b", "x/..", "/"] {
        // What generated code does: the parameter is refused, naming it.
        let err = path_param("dataset_id", value).unwrap_err();
        assert!(err.is_config(), "{value:?}: {err}");
        assert!(err.to_string().contains("`dataset_id`"), "{err}");
        // A path built by hand with the encoded value is refused by the client.
        let path = format!("/v2/{PROJECT}/datasets/{}", encode_path_segment(value));
        let err = client
            .send(Request::new("ShowDataset", Method::GET, path))
            .await
            .unwrap_err();
        assert!(err.is_config(), "{value:?}: {err}");
    }
    assert_eq!(server.count(), 0, "nothing reached the server");
    // Values without '/' still work, `%2F` as text included (it is encoded as `%252F`).
    let value = "a%2Fb..c";
    let path = format!(
        "/v2/{PROJECT}/datasets/{}",
        path_param("dataset_id", value).unwrap()
    );
    client
        .send(Request::new("ShowDataset", Method::GET, path))
        .await
        .unwrap();
    let got = &server.requests()[0];
    assert_eq!(got.path(), format!("/v2/{PROJECT}/datasets/a%252Fb..c"));
    verify_signature(got, AK, SK, &format!("127.0.0.1:{}", server.port)).unwrap();
}
