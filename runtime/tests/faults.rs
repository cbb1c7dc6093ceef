//! Fault injection on a raw loopback server: resets, 5xx, 429, Retry-After, timeouts, stalls,
//! truncated and invalid bodies, and re-signing of every retry.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use common::*;
use http::Method;
use sdk_runtime::{Client, Error, Request, RetryPolicy, TimeoutKind};

fn client(server: &Server) -> Client {
    Client::new(builder(server).build().unwrap(), &SERVICE).unwrap()
}

fn get() -> Request {
    Request::new(
        "ListDatasets",
        Method::GET,
        format!("/v2/{PROJECT}/datasets"),
    )
}

fn post() -> Request {
    Request::new(
        "CreateDataset",
        Method::POST,
        format!("/v2/{PROJECT}/datasets"),
    )
    .json(&serde_json::json!({"name": "x"}))
    .unwrap()
}

#[tokio::test]
async fn reset_get_is_retried_then_succeeds() {
    let server = Server::start(|n, _| {
        if n == 0 {
            Action::Reset
        } else {
            json(200, "{}")
        }
    })
    .await;
    let resp = client(&server).send(get()).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn reset_post_is_not_retried() {
    let server = Server::start(|_, _| Action::Reset).await;
    let err = client(&server).send(post()).await.unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("expected Transport, got {err:?}")
    };
    assert!(!t.is_connect());
    assert_eq!(err.attempts(), Some(1));
    assert!(err.is_retryable());
    assert_eq!(server.count(), 1, "POST must not be resent after a reset");
}

#[tokio::test]
async fn reset_post_marked_retry_safe_is_retried() {
    let server = Server::start(|n, _| {
        if n == 0 {
            Action::Reset
        } else {
            json(200, "{}")
        }
    })
    .await;
    client(&server).send(post().retry_safe(true)).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn server_error_then_success_get_retried_post_not() {
    let server = Server::start(|n, _| {
        if n % 2 == 0 {
            json(500, r#"{"error_code":"MA.500","error_msg":"boom"}"#)
        } else {
            json(200, "{}")
        }
    })
    .await;
    let c = client(&server);
    c.send(get()).await.unwrap();
    assert_eq!(server.count(), 2);
    // Request #2 gets a 500 again: the POST is not retried.
    let err = c.send(post()).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.error_code(), Some("MA.500"));
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured_and_retry_is_resigned() {
    let server = Server::start(|n, _| {
        if n == 0 {
            Action::Respond(503, vec![("Retry-After", "1".into())], b"busy".to_vec())
        } else {
            json(200, "{}")
        }
    })
    .await;
    let start = Instant::now();
    client(&server).send(get()).await.unwrap();
    let elapsed = start.elapsed();
    assert!(
        elapsed >= Duration::from_millis(950),
        "Retry-After ignored: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let host = format!("127.0.0.1:{}", server.port);
    for r in &reqs {
        verify_signature(r, AK, SK, &host).unwrap();
    }
    assert_ne!(
        reqs[0].header("X-Sdk-Date"),
        reqs[1].header("X-Sdk-Date"),
        "retry must be re-signed with a fresh date"
    );
    assert_ne!(
        reqs[0].header("Authorization"),
        reqs[1].header("Authorization")
    );
}

#[tokio::test]
async fn retry_after_is_honoured_up_to_the_cap() {
    // Retry-After asks for an hour, the cap is 300 ms and the backoff alone would be 1 ms: the
    // wait shows the header was read (>= 300 ms) and capped (far below an hour).
    let server = Server::start(|n, _| {
        if n == 0 {
            Action::Respond(429, vec![("Retry-After", "3600".into())], vec![])
        } else {
            json(200, "{}")
        }
    })
    .await;
    let policy = RetryPolicy::new()
        .with_max_attempts(2)
        .with_initial_backoff(Duration::from_millis(1))
        .with_jitter(sdk_runtime::Jitter::None)
        .with_max_retry_after(Duration::from_millis(300));
    let c = Client::new(builder(&server).retry(policy).build().unwrap(), &SERVICE).unwrap();
    let start = Instant::now();
    tokio::time::timeout(Duration::from_secs(10), c.send(get()))
        .await
        .expect("Retry-After was not capped")
        .unwrap();
    let elapsed = start.elapsed();
    assert!(
        elapsed >= Duration::from_millis(300),
        "Retry-After ignored: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let gap = reqs[1].at - reqs[0].at;
    assert!(gap >= Duration::from_millis(300), "{gap:?}");
}

#[tokio::test]
async fn every_attempt_is_resigned_with_the_injected_clock() {
    let server = Server::start(|n, _| {
        if n < 2 {
            json(502, "")
        } else {
            json(200, "{}")
        }
    })
    .await;
    let tick = Arc::new(AtomicU64::new(1_795_947_300));
    let t = tick.clone();
    let config = builder(&server)
        .clock(move || UNIX_EPOCH + Duration::from_secs(t.fetch_add(60, Ordering::SeqCst)))
        .build()
        .unwrap();
    Client::new(config, &SERVICE)
        .unwrap()
        .send(get())
        .await
        .unwrap();
    let dates: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("X-Sdk-Date").unwrap().to_owned())
        .collect();
    assert_eq!(
        dates,
        ["20261129T101500Z", "20261129T101600Z", "20261129T101700Z"]
    );
    let host = format!("127.0.0.1:{}", server.port);
    for r in server.requests() {
        verify_signature(&r, AK, SK, &host).unwrap();
    }
}

#[tokio::test]
async fn too_many_requests_keeps_body_code_and_request_id() {
    let server = Server::start(|_, _| {
        Action::Respond(
            429,
            vec![("Content-Type", "application/json".into()), ("X-Request-Id", "req-429-abc".into())],
            br#"{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached","request_id":"body-rid"}"#.to_vec(),
        )
    })
    .await;
    // POST too: a 429 means the request was not processed.
    let err = client(&server).send(post()).await.unwrap_err();
    assert_eq!(server.count(), 3);
    assert_eq!(err.attempts(), Some(3));
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.error_code(), Some("APIGW.0308"));
    assert_eq!(
        err.error_msg(),
        Some("The throttling threshold has been reached")
    );
    assert_eq!(err.request_id(), Some("req-429-abc"));
    assert!(err.body().unwrap().starts_with(b"{\"error_code\""));
    assert!(err.is_retryable());
    let text = err.to_string();
    for part in [
        "CreateDataset",
        "429",
        "APIGW.0308",
        "throttling",
        "req-429-abc",
        "3 attempts",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
}

#[tokio::test]
async fn request_id_falls_back_to_body() {
    let server = Server::start(|_, _| json(401, r#"{"error_msg":"Incorrect IAM authentication information","error_code":"APIGW.0301","request_id":"rid-in-body"}"#)).await;
    let err = client(&server).send(get()).await.unwrap_err();
    assert_eq!(server.count(), 1, "401 is not retried");
    assert_eq!(err.request_id(), Some("rid-in-body"));
    assert_eq!(err.error_code(), Some("APIGW.0301"));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn slow_response_times_out() {
    let server = Server::start(|_, _| Action::Delay(Duration::from_secs(5))).await;
    let config = builder(&server)
        .timeout(Duration::from_millis(200))
        .retry(fast_retry(2))
        .build()
        .unwrap();
    let start = Instant::now();
    let err = Client::new(config, &SERVICE)
        .unwrap()
        .send(get())
        .await
        .unwrap_err();
    let Error::Timeout(t) = &err else {
        panic!("expected Timeout, got {err:?}")
    };
    assert_eq!(t.kind(), TimeoutKind::Attempt);
    assert_eq!(err.attempts(), Some(2));
    assert_eq!(server.count(), 2, "GET is retried after a timeout");
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn slow_post_times_out_without_retry() {
    let server = Server::start(|_, _| Action::Delay(Duration::from_secs(5))).await;
    let config = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = Client::new(config, &SERVICE)
        .unwrap()
        .send(post())
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn stalled_body_times_out() {
    let server = Server::start(|_, _| Action::HeadersThenStall(100)).await;
    let config = builder(&server)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let start = Instant::now();
    let err = Client::new(config, &SERVICE)
        .unwrap()
        .send(get())
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn operation_deadline_bounds_everything() {
    let server = Server::start(|_, _| Action::Delay(Duration::from_secs(10))).await;
    let config = builder(&server)
        .timeout(Duration::from_secs(5))
        .operation_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let start = Instant::now();
    let err = Client::new(config, &SERVICE)
        .unwrap()
        .send(get())
        .await
        .unwrap_err();
    let Error::Timeout(t) = &err else {
        panic!("expected Timeout, got {err:?}")
    };
    assert_eq!(t.kind(), TimeoutKind::Operation);
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn truncated_body_is_an_error() {
    let server = Server::start(|_, _| Action::Truncate(100, br#"{"partial":"#.to_vec())).await;
    let err = client(&server).send(get()).await.unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("expected Transport, got {err:?}")
    };
    assert!(!t.is_connect());
    assert_eq!(server.count(), 3, "GET retried up to max attempts");
}

#[tokio::test]
async fn invalid_json_in_success_is_a_decode_error_with_body() {
    let server = Server::start(|_, _| json(200, "{not json at all")).await;
    let resp = client(&server).send(get()).await.unwrap();
    let err = resp.json::<serde_json::Value>().unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("expected Decode, got {err:?}")
    };
    assert_eq!(d.body(), b"{not json at all");
    assert_eq!(err.status(), Some(200));
    assert!(err.to_string().contains("{not json at all"), "{err}");
    assert!(err.to_string().contains("ListDatasets"), "{err}");
    assert!(!err.is_retryable());
    // Empty body decodes as null for unit / Option types.
    let server = Server::start(|_, _| Action::Respond(204, vec![], vec![])).await;
    let resp = client(&server).send(get()).await.unwrap();
    resp.json::<()>().unwrap();
    assert_eq!(resp.json::<Option<u32>>().unwrap(), None);
}

#[tokio::test]
async fn non_json_server_error_keeps_raw_body() {
    let server = Server::start(|_, _| {
        Action::Respond(
            500,
            vec![("Content-Type", "text/html".into())],
            b"<html>Internal Error</html>".to_vec(),
        )
    })
    .await;
    let err = client(&server).send(post()).await.unwrap_err();
    let api = err.as_api().expect("Api error");
    assert_eq!(api.status(), 500);
    assert_eq!(api.error_code(), None, "no invented error code");
    assert_eq!(api.error_msg(), None);
    assert_eq!(api.body(), b"<html>Internal Error</html>");
    assert_eq!(api.headers().get("content-type").unwrap(), "text/html");
    assert!(
        err.to_string().contains("<html>Internal Error</html>"),
        "{err}"
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn connection_refused_is_retried_for_every_method() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let config = sdk_runtime::Config::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .allow_http(true)
        .credentials(sdk_runtime::Credentials::aksk(AK, SK))
        .retry(fast_retry(3))
        .build()
        .unwrap();
    let c = Client::new(config, &SERVICE).unwrap();
    for req in [get(), post()] {
        let err = c.send(req).await.unwrap_err();
        let Error::Transport(t) = &err else {
            panic!("expected Transport, got {err:?}")
        };
        assert!(t.is_connect(), "{err}");
        assert_eq!(
            err.attempts(),
            Some(3),
            "connect failures are retried even for POST"
        );
    }
}
