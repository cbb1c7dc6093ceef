//! Generic credentials (bearer, basic, API key in a header or the query, none) on a loopback
//! server: each kind sends exactly its header or query parameter, nothing of AK/SK signing, and
//! every retry sends it again.

mod common;

use std::collections::BTreeSet;

use common::*;
use http::Method;
use percent_encoding::percent_decode_str;
use sdk_runtime::{Client, Config, Credentials, Request};

/// Headers that only AK/SK signing or token credentials produce.
const SIGNING_ARTIFACTS: [&str; 5] = [
    "x-sdk-date",
    "x-sdk-content-sha256",
    "x-sdk-content-sm3",
    "x-security-token",
    "x-auth-token",
];

fn names(r: &Received) -> BTreeSet<String> {
    r.headers
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .collect()
}

/// Sends one request (`method`, query `limit=10` plus `extra`) that first gets `first_status`
/// and then 200, and returns the two requests as received.
async fn exchange(
    creds: Credentials,
    method: Method,
    first_status: u16,
    edit: impl FnOnce(Request) -> Request,
) -> Vec<Received> {
    let server = Server::start(move |n, _| {
        if n == 0 {
            Action::Respond(first_status, vec![], b"busy".to_vec())
        } else {
            json(200, "{}")
        }
    })
    .await;
    let client = Client::new(
        builder(&server).credentials(creds).build().unwrap(),
        &SERVICE,
    )
    .unwrap();
    let req = edit(Request::new("ListThings", method, "/v1/things".into()).query("limit", "10"));
    let resp = client.send(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    let got = server.requests();
    assert_eq!(got.len(), 2, "one retry expected");
    got
}

/// Header names of an unauthenticated request (the baseline every kind adds to).
async fn baseline() -> BTreeSet<String> {
    let got = exchange(Credentials::none(), Method::GET, 503, |r| r).await;
    let base = names(&got[0]);
    assert_eq!(base, names(&got[1]));
    for artifact in SIGNING_ARTIFACTS.iter().chain(&["authorization"]) {
        assert!(
            !base.contains(*artifact),
            "{artifact} sent without credentials: {base:?}"
        );
    }
    assert_eq!(got[0].query(), "limit=10");
    base
}

/// Checks that every attempt added exactly `expected` (lower-case name, value) to the baseline
/// headers and has the wire query `query`.
fn check(got: &[Received], base: &BTreeSet<String>, expected: &[(&str, &str)], query: &str) {
    for (i, r) in got.iter().enumerate() {
        let extra: BTreeSet<String> = names(r).difference(base).cloned().collect();
        let want: BTreeSet<String> = expected.iter().map(|(k, _)| k.to_string()).collect();
        assert_eq!(extra, want, "attempt {i}: {:?}", r.headers);
        for (name, value) in expected {
            assert_eq!(r.header_count(name), 1, "attempt {i}: {name}");
            assert_eq!(r.header(name), Some(*value), "attempt {i}: {name}");
        }
        for artifact in SIGNING_ARTIFACTS {
            if !expected.iter().any(|(k, _)| *k == artifact) {
                assert!(r.header(artifact).is_none(), "attempt {i}: {artifact} sent");
            }
        }
        assert_eq!(r.query(), query, "attempt {i}");
    }
}

#[tokio::test]
async fn none_sends_no_authentication() {
    let base = baseline().await;
    // Only the client's own headers.
    for name in &base {
        assert!(
            ["host", "user-agent", "x-project-id", "accept"].contains(&name.as_str()),
            "unexpected header {name}"
        );
    }
}

#[tokio::test]
async fn bearer_sends_authorization_bearer_on_every_attempt() {
    let base = baseline().await;
    let got = exchange(
        Credentials::bearer("ghp_EXAMPLEbearer0123"),
        Method::GET,
        503,
        |r| r,
    )
    .await;
    check(
        &got,
        &base,
        &[("authorization", "Bearer ghp_EXAMPLEbearer0123")],
        "limit=10",
    );
    // A POST refused with 429 is retried with the header too.
    let got = exchange(
        Credentials::bearer("ghp_EXAMPLEbearer0123"),
        Method::POST,
        429,
        |r| r.json(&serde_json::json!({"a": 1})).unwrap(),
    )
    .await;
    for r in &got {
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.header("Authorization"),
            Some("Bearer ghp_EXAMPLEbearer0123")
        );
        assert!(r.header("X-Sdk-Date").is_none());
        assert_eq!(r.body, br#"{"a":1}"#);
    }
}

#[tokio::test]
async fn basic_sends_base64_user_and_password() {
    let base = baseline().await;
    let got = exchange(
        Credentials::basic("Aladdin", "open sesame"),
        Method::GET,
        503,
        |r| r,
    )
    .await;
    check(
        &got,
        &base,
        &[("authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")],
        "limit=10",
    );
    // Stripe style: the key as the user name, empty password; UTF-8 passwords.
    let got = exchange(Credentials::basic("sk_test_1", ""), Method::GET, 503, |r| r).await;
    check(
        &got,
        &base,
        &[("authorization", "Basic c2tfdGVzdF8xOg==")],
        "limit=10",
    );
    let got = exchange(Credentials::basic("test", "123£"), Method::GET, 503, |r| r).await;
    check(
        &got,
        &base,
        &[("authorization", "Basic dGVzdDoxMjPCow==")],
        "limit=10",
    );
}

#[tokio::test]
async fn token_is_unchanged() {
    let base = baseline().await;
    let got = exchange(Credentials::token(AUTH_TOKEN), Method::GET, 503, |r| r).await;
    check(&got, &base, &[("x-auth-token", AUTH_TOKEN)], "limit=10");
}

#[tokio::test]
async fn api_key_header_sends_only_that_header() {
    let base = baseline().await;
    let got = exchange(
        Credentials::api_key_header("X-Api-Key", "keyEXAMPLE-123"),
        Method::GET,
        503,
        |r| r,
    )
    .await;
    check(&got, &base, &[("x-api-key", "keyEXAMPLE-123")], "limit=10");
    assert!(got.iter().all(|r| r.header("Authorization").is_none()));

    // The key replaces a request header of the same name (any case).
    let got = exchange(
        Credentials::api_key_header("X-Api-Key", "keyEXAMPLE-123"),
        Method::GET,
        503,
        |r| r.header("x-api-key", "from-the-request"),
    )
    .await;
    check(&got, &base, &[("x-api-key", "keyEXAMPLE-123")], "limit=10");

    // `Authorization` may carry an API key (e.g. `token <pat>`).
    let got = exchange(
        Credentials::api_key_header("Authorization", "token pat-EXAMPLE"),
        Method::GET,
        503,
        |r| r,
    )
    .await;
    check(
        &got,
        &base,
        &[("authorization", "token pat-EXAMPLE")],
        "limit=10",
    );
}

#[tokio::test]
async fn api_key_query_is_part_of_the_canonical_wire_query() {
    let base = baseline().await;
    let key = "k+y/=é &x";
    let got = exchange(
        Credentials::api_key_query("api_key", key),
        Method::GET,
        503,
        |r| r.query("zeta", "last"),
    )
    .await;
    // Sorted in and encoded like any other parameter; no header at all.
    check(
        &got,
        &base,
        &[],
        "api_key=k%2By%2F%3D%C3%A9%20%26x&limit=10&zeta=last",
    );
    for r in &got {
        let pairs: Vec<(String, String)> = r
            .query()
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                let d = |s: &str| percent_decode_str(s).decode_utf8().unwrap().into_owned();
                (d(k), d(v))
            })
            .collect();
        assert_eq!(pairs[0], ("api_key".to_owned(), key.to_owned()));
        assert_eq!(
            sdk_runtime::sign::canonical_query(&pairs),
            r.query(),
            "wire query is canonical"
        );
    }

    // The key replaces a request parameter of the same name; a request without query gets
    // just the key.
    let got = exchange(
        Credentials::api_key_query("limit", "KEY"),
        Method::GET,
        503,
        |r| r.query("limit", "20"),
    )
    .await;
    check(&got, &base, &[], "limit=KEY");
}

#[test]
fn invalid_generic_credentials_are_config_errors_without_values() {
    const SECRET: &str = "SeCrEtVaLuE\n";
    let build = |c: Credentials| {
        Config::builder()
            .endpoint("https://api.example.com")
            .credentials(c)
            .build()
    };
    let bad = [
        Credentials::bearer(""),
        Credentials::bearer(SECRET),
        Credentials::basic("user:x", SECRET),
        Credentials::basic("", ""),
        Credentials::api_key_header("Host", SECRET),
        Credentials::api_key_header("content-length", SECRET),
        Credentials::api_key_header("Content-Type", SECRET),
        Credentials::api_key_header("X-Sdk-Date", SECRET),
        Credentials::api_key_header("User-Agent", SECRET),
        Credentials::api_key_header("bad name", SECRET),
        Credentials::api_key_header("", SECRET),
        Credentials::api_key_header("X-Api-Key", ""),
        Credentials::api_key_header("X-Api-Key", SECRET),
        Credentials::api_key_query("", SECRET),
        Credentials::api_key_query("api_key", ""),
    ];
    for creds in bad {
        let what = format!("{creds:?}");
        let err = build(creds).expect_err(&what);
        assert!(err.is_config(), "{what}: {err:?}");
        let text = format!("{err} {err:?}");
        assert!(!text.contains("SeCrEtVaLuE"), "{what}: {text}");
    }
    for good in [
        Credentials::none(),
        Credentials::bearer("t"),
        Credentials::basic("sk_test", ""),
        Credentials::basic("", "password-only"),
        Credentials::api_key_header("Authorization", "token x"),
        Credentials::api_key_header("X-Auth-Token", "x"),
        Credentials::api_key_query("key", "any value & all"),
    ] {
        let what = format!("{good:?}");
        build(good).expect(&what);
    }
    // Still required: no credentials at all is an error, `none()` must be explicit.
    let err = Config::builder()
        .endpoint("https://api.example.com")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("no credentials"), "{err}");
}

#[test]
fn kinds_and_debug() {
    let all = [
        (Credentials::aksk(AK, SK), "aksk"),
        (Credentials::token(AUTH_TOKEN), "token"),
        (Credentials::bearer("b"), "bearer"),
        (Credentials::basic("u", "p"), "basic"),
        (
            Credentials::api_key_header("X-Api-Key", "v"),
            "api_key_header",
        ),
        (Credentials::api_key_query("api_key", "v"), "api_key_query"),
        (Credentials::none(), "none"),
    ];
    for (c, kind) in &all {
        assert_eq!(c.kind_name(), *kind);
        assert_eq!(c.is_none(), *kind == "none");
        assert_eq!(c.is_token(), *kind == "token");
        assert_eq!(c.aksk_parts().is_some(), *kind == "aksk");
        assert_eq!(c.auth_token().is_some(), *kind == "token");
        assert!(c.derived_auth_service_name().is_none());
    }
    // Derived-signing settings are ignored by the generic kinds.
    let b = Credentials::bearer("b")
        .with_security_token("t")
        .with_derived_auth_service_name("svc");
    assert!(!b.has_security_token() && b.derived_auth_service_name().is_none());
    assert_eq!(
        format!("{:?}", Credentials::api_key_header("X-Api-Key", "v")),
        "Credentials::ApiKeyHeader { name: \"X-Api-Key\", value: \"<redacted>\" }"
    );
    assert_eq!(format!("{:?}", Credentials::none()), "Credentials::None");
}
