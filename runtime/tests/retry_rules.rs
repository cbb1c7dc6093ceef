//! The retry rules (`sdk_runtime::retry::decide`) as seen on a loopback server: what is sent
//! again and what is not.

mod common;

use std::time::{Duration, Instant};

use common::*;
use http::Method;
use sdk_runtime::{Client, Error, Request, TimeoutKind};

fn request(method: Method) -> Request {
    let r = Request::new("Op", method.clone(), format!("/v2/{PROJECT}/datasets/ds"));
    if method == Method::GET || method == Method::DELETE {
        r
    } else {
        r.json(&serde_json::json!({"name": "x"})).unwrap()
    }
}

fn client(server: &Server) -> Client {
    Client::new(builder(server).build().unwrap(), &SERVICE).unwrap()
}

#[tokio::test]
async fn gateway_errors_on_a_post_are_not_resent_but_on_a_get_they_are() {
    for status in [502, 503, 504] {
        let server = Server::start(move |_, _| json(status, "")).await;
        let c = client(&server);
        let err = c.send(request(Method::POST)).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.attempts(), Some(1));
        assert_eq!(server.count(), 1, "POST resent after {status}");
        // Control: the same answer to a GET is retried up to the policy's 3 attempts.
        let err = c.send(request(Method::GET)).await.unwrap_err();
        assert_eq!(err.attempts(), Some(3));
        assert_eq!(server.count(), 4, "GET not resent after {status}");
    }
}

#[tokio::test]
async fn put_and_delete_are_resent_after_a_gateway_error() {
    for method in [Method::PUT, Method::DELETE] {
        for status in [502, 503, 504] {
            let server = Server::start(move |n, _| {
                if n == 0 {
                    json(status, "")
                } else {
                    json(200, "{}")
                }
            })
            .await;
            let resp = client(&server).send(request(method.clone())).await;
            assert_eq!(resp.unwrap().status(), 200, "{method} after {status}");
            let reqs = server.requests();
            assert_eq!(reqs.len(), 2, "{method} after {status}");
            assert!(reqs.iter().all(|r| r.method == method.as_str()));
            assert_eq!(reqs[0].body, reqs[1].body, "the same body is sent again");
        }
    }
}

#[tokio::test]
async fn a_post_whose_response_was_truncated_is_not_resent() {
    let server = Server::start(|_, _| Action::Truncate(100, br#"{"partial":"#.to_vec())).await;
    let err = client(&server)
        .send(request(Method::POST))
        .await
        .unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("expected Transport, got {err:?}")
    };
    assert!(!t.is_connect());
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(server.count(), 1, "the POST may have been processed");
}

#[tokio::test]
async fn a_post_whose_response_stalled_is_not_resent() {
    let server = Server::start(|_, _| Action::HeadersThenStall(100)).await;
    let config = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = Client::new(config, &SERVICE)
        .unwrap()
        .send(request(Method::POST))
        .await
        .unwrap_err();
    let Error::Timeout(t) = &err else {
        panic!("expected Timeout, got {err:?}")
    };
    assert_eq!(t.kind(), TimeoutKind::Attempt);
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(server.count(), 1, "the POST may have been processed");
}

/// A loopback listener that never accepts and whose accept queue is full, so a new connection
/// attempt gets no answer at all (the kernel drops its SYN) and runs into the connect timeout.
fn full_listener() -> (tokio::net::TcpListener, Vec<std::net::TcpStream>) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    for _ in 0..16 {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(stream) => queued.push(stream),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => return (listener, queued),
            Err(e) => panic!("unexpected connect error: {e}"),
        }
    }
    panic!("the accept queue did not fill up");
}

#[tokio::test]
async fn a_connect_timeout_is_retried_even_for_a_post() {
    let (listener, _queued) = full_listener();
    let port = listener.local_addr().unwrap().port();
    let config = sdk_runtime::Config::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .allow_http(true)
        .credentials(sdk_runtime::Credentials::aksk(AK, SK))
        .connect_timeout(Duration::from_millis(100))
        .timeout(Duration::from_secs(5))
        .retry(fast_retry(3))
        .build()
        .unwrap();
    let start = Instant::now();
    let err = Client::new(config, &SERVICE)
        .unwrap()
        .send(request(Method::POST))
        .await
        .unwrap_err();
    let Error::Timeout(t) = &err else {
        panic!("expected a connect timeout, got {err:?}")
    };
    assert_eq!(t.kind(), TimeoutKind::Connect, "{err}");
    assert_eq!(err.attempts(), Some(3), "the request never left: resend it");
    assert!(err.is_retryable());
    assert!(
        start.elapsed() >= Duration::from_millis(300),
        "{:?}",
        start.elapsed()
    );
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
}
