//! End-to-end tests of `Client::delete_samples`
//! (`POST /v2/{project_id}/datasets/{dataset_id}/data-annotations/samples/delete`) and, for
//! query-string signing, `Client::list_samples`, against loopback wiremock servers.
//!
//! They check what a user relies on: the request on the wire (method, path, headers, exact JSON
//! bytes, a signature a gateway accepts), the decoded answer, and the error values.

mod common;

use common::*;
use modelarts_data::types::{
    BatchResponse, DeleteSamplesRequest, DeleteSamplesResponse, ListSamplesResponse, Sample,
    SampleType, SortOrder,
};
use modelarts_data::{Client, Config, Credentials, Error};
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The wire path of DeleteSamples for an already-encoded project and dataset segment.
fn delete_path(project: &str, encoded_dataset: &str) -> String {
    format!("/v2/{project}/datasets/{encoded_dataset}/data-annotations/samples/delete")
}

fn body(delete_source: Option<bool>, samples: &[&str]) -> DeleteSamplesRequest {
    let mut body = DeleteSamplesRequest::default().with_samples(samples.iter().copied());
    body.delete_source = delete_source;
    body
}

/// A JSON response with the raw bytes given (no re-serialisation).
fn json_response(status: u16, raw: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(raw.as_bytes().to_vec(), "application/json")
}

fn expect_api(
    result: Result<DeleteSamplesResponse, Error>,
) -> Box<modelarts_data::runtime::ApiError> {
    match result {
        Err(Error::Api(api)) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn sends_signed_json_post_and_decodes_batch_result() {
    let server = MockServer::start().await;
    let answer = r#"{"success":false,"results":[{"success":true},{"success":false,"error_code":"ModelArts.4345","error_msg":"Sample b does not exist."}],"error_code":"ModelArts.4300","error_msg":"Some samples were not deleted.","not_in_spec":{"x":1}}"#;
    Mock::given(method("POST"))
        .and(path(delete_path(PROJECT, "ds-1")))
        .respond_with(json_response(200, answer).insert_header("X-Request-Id", "req-ok-1"))
        .expect(1)
        .mount(&server)
        .await;

    // `send()` would report the failed sample as an error (see tests/batch.rs); `send_outcome()`
    // keeps the decoded response.
    let out = client(&server)
        .delete_samples("ds-1", body(Some(true), &["a", "b"]))
        .send_outcome()
        .await
        .expect("200 decodes")
        .into_response()
        .into_inner();

    // The decoded answer: top-level fields and one BatchResponse per sample, in order; an
    // unknown field is ignored.
    assert_eq!(
        out,
        DeleteSamplesResponse::default()
            .with_success(false)
            .with_results([
                BatchResponse::default().with_success(true),
                BatchResponse::default()
                    .with_success(false)
                    .with_error_code("ModelArts.4345")
                    .with_error_msg("Sample b does not exist."),
            ])
            .with_error_code("ModelArts.4300")
            .with_error_msg("Some samples were not deleted.")
    );

    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 1);
    let req = &reqs[0];
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), delete_path(PROJECT, "ds-1"));
    assert_eq!(
        req.url.query(),
        None,
        "DeleteSamples has no query parameters"
    );
    // Exact bytes: declaration order of the fields, no whitespace.
    assert_eq!(
        std::str::from_utf8(&req.body).unwrap(),
        r#"{"delete_source":true,"samples":["a","b"]}"#
    );
    assert_eq!(sent_header(req, "Content-Type"), "application/json");
    assert_eq!(sent_header(req, "X-Project-Id"), PROJECT);
    assert_eq!(sent_header(req, "X-Sdk-Date"), FIXED_SDK_DATE);
    assert!(sent_header(req, "User-Agent").contains("modelarts-data/0.1.0"));
    assert!(req.headers.get("X-Auth-Token").is_none());

    let auth_value = sent_header(req, "Authorization");
    assert!(
        auth_value.starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")),
        "{auth_value}"
    );
    let auth = parse_authorization(auth_value).unwrap();
    for h in ["content-type", "host", "x-project-id", "x-sdk-date"] {
        assert!(
            auth.signed_headers.iter().any(|s| s == h),
            "{h} not signed: {auth_value}"
        );
    }
    assert_eq!(auth.signature.len(), 64);
    assert!(auth
        .signature
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    server.verify().await;
}

#[tokio::test]
async fn json_body_omits_absent_optional_fields_and_escapes_ids() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, r#"{"success":true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let out = client
        .delete_samples("ds", body(None, &["quote\"d", "图\\x"]))
        .send()
        .await
        .unwrap();
    assert_eq!(out.success, Some(true));
    assert_eq!(out.results, None);
    // A batch without samples is refused before anything is sent.
    let err = client
        .delete_samples("ds", DeleteSamplesRequest::default())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_config(), "{err:?}");

    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        std::str::from_utf8(&reqs[0].body).unwrap(),
        r#"{"samples":["quote\"d","图\\x"]}"#,
        "absent delete_source must not be sent (not even as null)"
    );
}

#[tokio::test]
async fn dataset_id_with_reserved_characters_stays_one_path_segment() {
    let server = MockServer::start().await;
    let wire_path = delete_path(PROJECT, "a%3Fb%23c%25d%20e%2Cf");
    Mock::given(method("POST"))
        .and(path(wire_path.clone()))
        .respond_with(json_response(200, r#"{"success":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .delete_samples("a?b#c%d e,f", body(None, &["s1"]))
        .send()
        .await
        .expect("the encoded path reached the mock");

    let reqs = received(&server).await;
    let url = &reqs[0].url;
    assert_eq!(url.path(), wire_path);
    assert_eq!(url.query(), None, "`?` in the id must not start a query");
    assert_eq!(
        url.fragment(),
        None,
        "`#` in the id must not start a fragment"
    );
    assert_eq!(
        std::str::from_utf8(&reqs[0].body).unwrap(),
        r#"{"samples":["s1"]}"#
    );
}

#[tokio::test]
async fn per_call_project_id_goes_into_path_and_header_without_leaking() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(SigningGateway {
            ak: AK,
            sk: SK,
            ok: json_response(200, r#"{"success":true}"#),
        })
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    client
        .delete_samples("ds-9", body(Some(false), &["x"]))
        .project_id("other-project_2")
        .send()
        .await
        .expect("signed for the overriding project");
    client
        .delete_samples("ds-9", body(Some(false), &["x"]))
        .send()
        .await
        .expect("signed for the configured project");

    let reqs = received(&server).await;
    assert_eq!(reqs[0].url.path(), delete_path("other-project_2", "ds-9"));
    assert_eq!(sent_header(&reqs[0], "X-Project-Id"), "other-project_2");
    let auth = parse_authorization(sent_header(&reqs[0], "Authorization")).unwrap();
    assert!(auth.signed_headers.iter().any(|h| h == "x-project-id"));
    // The override belonged to one call only: the next call uses the configured project.
    assert_eq!(reqs[1].url.path(), delete_path(PROJECT, "ds-9"));
    assert_eq!(sent_header(&reqs[1], "X-Project-Id"), PROJECT);
}

#[tokio::test]
async fn client_errors_keep_status_code_message_request_id_and_raw_body() {
    let server = MockServer::start().await;
    let cases = [
        (401u16, "ModelArts.4001", "The token is invalid.", "rid-401"),
        (
            403,
            "ModelArts.4003",
            "No permission to delete samples.",
            "rid-403",
        ),
        (
            404,
            "ModelArts.4352",
            "Dataset ds-404 does not exist.",
            "rid-404",
        ),
    ];
    for (status, code, msg, rid) in cases {
        let raw = format!(r#"{{"error_code":"{code}","error_msg":"{msg}"}}"#);
        Mock::given(method("POST"))
            .and(path(delete_path(PROJECT, &format!("ds-{status}"))))
            .respond_with(json_response(status, &raw).insert_header("X-Request-Id", rid))
            .expect(1)
            .named(format!("HTTP {status}"))
            .mount(&server)
            .await;
    }
    let client = client(&server);

    for (status, code, msg, rid) in cases {
        let err = client
            .delete_samples(format!("ds-{status}"), body(None, &["s"]))
            .send()
            .await
            .unwrap_err();
        // Through the `Error` accessors users match on...
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.error_code(), Some(code));
        assert_eq!(err.error_msg(), Some(msg));
        assert_eq!(err.request_id(), Some(rid));
        assert_eq!(err.attempts(), Some(1), "4xx is not retried");
        assert!(!err.is_retryable());
        // ...and the `ApiError` details.
        let api = expect_api(Err(err));
        assert_eq!(api.status(), status);
        assert_eq!(api.error_code(), Some(code));
        assert_eq!(api.error_msg(), Some(msg));
        assert_eq!(api.request_id(), Some(rid));
        assert_eq!(
            api.body(),
            format!(r#"{{"error_code":"{code}","error_msg":"{msg}"}}"#).as_bytes()
        );
        assert_eq!(api.operation_id(), "DeleteSamples");
        let shown = api.to_string();
        assert!(shown.contains(code) && shown.contains(rid), "{shown}");
    }
    assert_eq!(received(&server).await.len(), 3);
    server.verify().await;
}

#[tokio::test]
async fn server_error_with_html_body_is_api_error_and_post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(delete_path(PROJECT, "ds-500")))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_raw(b"<html>bad gateway</html>".to_vec(), "text/html")
                .insert_header("X-Request-Id", "rid-500"),
        )
        .expect(1)
        .mount(&server)
        .await;

    // Retries are on (3 attempts, see `fast_retries`), yet a POST must not be resent after a
    // 500: the first attempt may have deleted the samples already.
    let err = client(&server)
        .delete_samples("ds-500", body(Some(true), &["s"]))
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().expect("Error::Api");
    assert_eq!(api.status(), 500);
    assert_eq!(api.body(), b"<html>bad gateway</html>");
    assert_eq!(api.error_code(), None, "no code may be invented from HTML");
    assert_eq!(api.error_msg(), None);
    assert_eq!(api.request_id(), Some("rid-500"));
    assert_eq!(api.attempts(), 1);
    assert_eq!(err.attempts(), Some(1));
    assert!(err.is_retryable(), "a 500 is retryable in principle");
    assert!(
        err.to_string().contains("<html>bad gateway</html>"),
        "{err}"
    );
    server.verify().await;
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn post_is_retried_after_429_and_each_attempt_is_signed() {
    // Control for the test above: the same retry policy does resend a POST that the server
    // refused without processing it (429).
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(
            429,
            r#"{"error_code":"APIGW.0308","error_msg":"throttled"}"#,
        ))
        .up_to_n_times(1)
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(SigningGateway {
            ak: AK,
            sk: SK,
            ok: json_response(200, r#"{"success":true}"#),
        })
        .expect(1)
        .with_priority(2)
        .mount(&server)
        .await;

    let out = client(&server)
        .delete_samples("ds", body(None, &["s"]))
        .send()
        .await
        .expect("second attempt succeeds");
    assert_eq!(out.success, Some(true));
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].body, reqs[1].body, "the same body is resent");
    for r in &reqs {
        verify_signature(r, AK, SK).unwrap();
    }
}

#[tokio::test]
async fn invalid_json_in_200_is_decode_error_keeping_the_body() {
    let server = MockServer::start().await;
    let raw = r#"{"success": tru, "results": ["#;
    Mock::given(method("POST"))
        .respond_with(json_response(200, raw))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .delete_samples("ds", body(None, &["s"]))
        .send()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(decode.body(), raw.as_bytes());
    assert_eq!(decode.status(), Some(200));
    assert_eq!(decode.operation_id(), "DeleteSamples");
    assert_eq!(err.body(), Some(raw.as_bytes()));
    assert!(!err.is_retryable());
    server.verify().await;
}

#[tokio::test]
async fn token_credentials_send_x_auth_token_and_no_signature() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(delete_path(PROJECT, "ds-t")))
        .and(header("X-Auth-Token", "MIIT-example-token"))
        .respond_with(json_response(200, r#"{"success":true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let config = config(&server)
        .credentials(Credentials::token("MIIT-example-token"))
        .build()
        .unwrap();

    let out = Client::new(config)
        .unwrap()
        .delete_samples("ds-t", body(Some(true), &["a"]))
        .send()
        .await
        .unwrap();
    assert_eq!(out.success, Some(true));

    let reqs = received(&server).await;
    let req = &reqs[0];
    assert_eq!(sent_header(req, "X-Auth-Token"), "MIIT-example-token");
    assert!(req.headers.get("Authorization").is_none());
    assert!(req.headers.get("X-Sdk-Date").is_none(), "nothing is signed");
    assert_eq!(sent_header(req, "X-Project-Id"), PROJECT);
    assert_eq!(sent_header(req, "Content-Type"), "application/json");
    assert_eq!(
        std::str::from_utf8(&req.body).unwrap(),
        r#"{"delete_source":true,"samples":["a"]}"#
    );
}

#[tokio::test]
async fn gateway_accepts_signature_of_delete_with_tricky_dataset_id() {
    let server = MockServer::start().await;
    // '?', '#', '%', space, '+', '~', '.', non-ASCII: one segment on the wire.
    let id = "a?b#c%d e+f~g.h图";
    let wire_path = delete_path(PROJECT, "a%3Fb%23c%25d%20e%2Bf~g.h%E5%9B%BE");
    Mock::given(method("POST"))
        .and(path(wire_path.clone()))
        .respond_with(SigningGateway {
            ak: AK,
            sk: SK,
            ok: json_response(200, r#"{"success":true,"results":[{"success":true}]}"#),
        })
        .expect(1)
        .mount(&server)
        .await;

    let out = client(&server)
        .delete_samples(id, body(Some(true), &["9cb9bc9b34bf53b6ec9a84998b1711bf"]))
        .send()
        .await
        .expect("the gateway accepts the signature");
    assert_eq!(
        out.results,
        Some(vec![BatchResponse::default().with_success(true)])
    );
    let reqs = received(&server).await;
    assert_eq!(reqs[0].url.path(), wire_path);
    let auth = verify_signature(&reqs[0], AK, SK).unwrap();
    assert!(auth.signed_headers.iter().any(|h| h == "content-type"));
}

#[tokio::test]
async fn gateway_accepts_signature_of_list_samples_with_query() {
    let server = MockServer::start().await;
    let answer = r#"{"sample_count":2,"samples":[{"sample_id":"s1","sample_type":0},{"sample_id":"s2","sample_type":1}]}"#;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v2/{PROJECT}/datasets/ds%201/data-annotations/samples"
        )))
        .respond_with(SigningGateway {
            ak: AK,
            sk: SK,
            ok: json_response(200, answer),
        })
        .expect(1)
        .mount(&server)
        .await;

    let out = client(&server)
        .list_samples("ds 1")
        .sample_type(SampleType::Image)
        .order(SortOrder::Asc)
        .offset(2)
        .limit(5)
        .label_name("cat & dog/é=1+2")
        .send()
        .await
        .expect("the gateway accepts the signature");
    assert_eq!(
        out,
        ListSamplesResponse::default()
            .with_sample_count(2)
            .with_samples([
                Sample::default()
                    .with_sample_id("s1")
                    .with_sample_type(SampleType::Image),
                Sample::default()
                    .with_sample_id("s2")
                    .with_sample_type(SampleType::Text),
            ])
    );

    let reqs = received(&server).await;
    let req = &reqs[0];
    // Sorted by key, every reserved character percent-encoded, enums as their wire values.
    assert_eq!(
        req.url.query(),
        Some(
            "label_name=cat%20%26%20dog%2F%C3%A9%3D1%2B2&limit=5&offset=2&order=asc&sample_type=0"
        )
    );
    assert!(req.body.is_empty());
    assert!(
        req.headers.get("Content-Type").is_none(),
        "a GET has no body"
    );
    assert_eq!(sent_header(req, "X-Project-Id"), PROJECT);
    verify_signature(req, AK, SK).unwrap();
}

#[tokio::test]
async fn signature_check_rejects_a_wrong_secret_key() {
    // Control for the signature tests: the fake gateway is not satisfied by any signature.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(SigningGateway {
            ak: AK,
            sk: SK,
            ok: json_response(200, r#"{"success":true}"#),
        })
        .expect(1)
        .mount(&server)
        .await;
    let config = config(&server)
        .credentials(Credentials::aksk(AK, "not-the-secret-key"))
        .build()
        .unwrap();

    let result = Client::new(config)
        .unwrap()
        .delete_samples("ds", body(None, &["s"]))
        .send()
        .await;
    let api = expect_api(result);
    assert_eq!(api.status(), 401);
    assert_eq!(api.error_code(), Some("APIGW.0301"));
    assert!(
        api.error_msg().unwrap().contains("signature mismatch"),
        "{:?}",
        api.error_msg()
    );
    assert_eq!(api.request_id(), Some("gateway-rejected"));
}

#[tokio::test]
async fn missing_project_id_is_config_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(200, r#"{"success":true}"#))
        .expect(0)
        .mount(&server)
        .await;
    let config = Config::builder()
        .endpoint(server.uri())
        .allow_http(true)
        .credentials(Credentials::aksk(AK, SK))
        .retry(fast_retries())
        .build()
        .unwrap();
    let client = Client::new(config).unwrap();

    let err = client
        .delete_samples("ds", body(Some(true), &["s"]))
        .send()
        .await
        .unwrap_err();
    let Error::Config(config_error) = &err else {
        panic!("expected Error::Config, got {err:?}");
    };
    assert!(
        config_error.message().contains("project_id"),
        "{}",
        config_error.message()
    );
    assert_eq!(err.status(), None);
    assert!(!err.is_retryable());

    // The same for a GET operation.
    let err = client.list_samples("ds").limit(1).send().await.unwrap_err();
    assert!(err.is_config(), "{err:?}");

    assert!(received(&server).await.is_empty());
    server.verify().await;
}

#[tokio::test]
async fn dot_segment_dataset_ids_are_refused_before_sending() {
    // `..` would be removed by URL normalisation and the POST would hit another resource.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(200, r#"{"success":true}"#))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);
    for id in ["..", "."] {
        let err = client
            .delete_samples(id, body(None, &["s"]))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_config(), "{id:?}: {err:?}");
    }
    // A project id override is a path segment too.
    let err = client
        .delete_samples("ds", body(None, &["s"]))
        .project_id("..")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_config(), "{err:?}");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn dataset_ids_with_a_slash_are_refused_before_sending() {
    // On the wire `a/b` would be `a%2Fb`, but the gateway decodes the path before splitting it
    // (the signature covers `/` as a separator), so `../x` could reach another resource.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(200, r#"{"success":true}"#))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);
    for id in ["../x", "a/b", "/", "x/.."] {
        let err = client
            .delete_samples(id, body(None, &["s"]))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_config(), "{id:?}: {err:?}");
        let text = err.to_string();
        assert!(
            text.contains("`dataset_id`") && text.contains("contains `/`"),
            "{id:?}: {text}"
        );
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn signature_check_detects_any_tampering_with_a_signed_request() {
    // Control for the signature tests: a genuine signed request verifies, and changing any
    // signed part of it (method, path, query, a signed header, the body) makes it fail.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(200, r#"{"success":true}"#))
        .mount(&server)
        .await;
    client(&server)
        .delete_samples("a%b c", body(Some(true), &["s1", "s2"]))
        .send()
        .await
        .unwrap();
    let genuine = received(&server).await.remove(0);
    verify_signature(&genuine, AK, SK).expect("genuine request verifies");

    let mut tampered = Vec::new();
    let mut r = genuine.clone();
    r.method = http::Method::PUT;
    tampered.push(("method", r));
    let mut r = genuine.clone();
    r.url.set_path(&delete_path(PROJECT, "a%25b%20d"));
    tampered.push(("path", r));
    let mut r = genuine.clone();
    r.url.set_query(Some("limit=1"));
    tampered.push(("query", r));
    let mut r = genuine.clone();
    r.headers.insert(
        "x-project-id",
        http::HeaderValue::from_static("someone-else"),
    );
    tampered.push(("x-project-id", r));
    let mut r = genuine.clone();
    r.headers.insert(
        "x-sdk-date",
        http::HeaderValue::from_static("20261129T101501Z"),
    );
    tampered.push(("x-sdk-date", r));
    let mut r = genuine.clone();
    r.body = br#"{"delete_source":true,"samples":["s1"]}"#.to_vec();
    tampered.push(("body", r));
    for (what, request) in tampered {
        let outcome = verify_signature(&request, AK, SK);
        assert!(
            outcome
                .as_ref()
                .is_err_and(|e| e.contains("signature mismatch")),
            "tampered {what} was not detected: {outcome:?}"
        );
    }
    assert!(verify_signature(&genuine, "OTHERAK", SK).is_err());
}

#[tokio::test]
async fn empty_path_values_and_bad_project_overrides_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(200, r#"{"success":true}"#))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);

    // An empty dataset id would turn `/datasets/{id}/...` into `/datasets//...`.
    let err = client
        .delete_samples("", body(None, &["s"]))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_config(), "{err:?}");
    assert!(err.to_string().contains("dataset_id"), "{err}");

    // A per-call project id is checked like a configured one, so path and header agree.
    for bad in ["", " p1 ", "p/1", "p1?x"] {
        let err = client
            .delete_samples("ds", body(None, &["s"]))
            .project_id(bad)
            .send()
            .await
            .unwrap_err();
        assert!(err.is_config(), "{bad:?}: {err:?}");
    }
    assert!(received(&server).await.is_empty());
    server.verify().await;
}

#[tokio::test]
async fn an_empty_success_body_decodes_but_its_samples_are_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;
    let outcome = client(&server)
        .delete_samples("ds", body(None, &["s"]))
        .send_outcome()
        .await
        .expect("an empty 200 body is an empty result, not a decode error");
    assert_eq!(
        outcome.response().value(),
        &DeleteSamplesResponse::default()
    );
    assert_eq!(outcome.unknown().count(), 1);
    // Nothing says the sample was deleted: `send()` does not pretend it was.
    let err = client(&server)
        .delete_samples("ds", body(None, &["s"]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.as_batch().map(|b| b.unknown().len()), Some(1), "{err}");
}

#[tokio::test]
async fn send_with_metadata_keeps_the_request_id_of_a_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-ok-1")
                .set_body_string(r#"{"success":true}"#),
        )
        .expect(1)
        .mount(&server)
        .await;
    let reply = client(&server)
        .delete_samples("ds", body(None, &["s"]))
        .send_with_metadata()
        .await
        .expect("success");
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.request_id(), Some("req-ok-1"));
    assert_eq!(reply.value().success, Some(true));
    assert_eq!(reply.into_inner().success, Some(true));
}

#[tokio::test]
async fn a_call_can_override_the_retry_policy_and_the_attempt_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    // The client retries GETs 3 times; this call asks for one attempt only.
    let err = client(&server)
        .list_samples("ds")
        .retry_policy(sdk_runtime::RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.attempts(), Some(1));
    server.verify().await;

    let slow = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(r#"{"samples":[]}"#)
                .set_delay(std::time::Duration::from_millis(400)),
        )
        .mount(&slow)
        .await;
    let err = client(&slow)
        .list_samples("ds")
        .attempt_timeout(std::time::Duration::from_millis(50))
        .retry_policy(sdk_runtime::RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}
