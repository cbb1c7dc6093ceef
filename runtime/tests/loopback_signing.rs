//! Real requests through `Client::send`, verified on a loopback server by recomputing the
//! signature from what arrived on the wire.

mod common;

use common::*;
use http::Method;
use sdk_runtime::{encode_path_segment, Client, Credentials, Request, SigningAlgorithm};

#[tokio::test]
async fn signed_get_with_tricky_path_and_query() {
    let server = Server::start(|_, _| json(200, r#"{"ok":true}"#)).await;
    let client = Client::new(builder(&server).build().unwrap(), &SERVICE).unwrap();
    let id = "a%2Fb%c d";
    let path = format!("/v2/{PROJECT}/datasets/{}", encode_path_segment(id));
    let req = Request::new("ShowDataset", Method::GET, path)
        .query("limit", "10")
        .query("offset", "0")
        .query("tag", "zeta")
        .query("tag", "alpha")
        .query("search", "a&b=c+d e~é");
    let resp = client.send(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    let v: serde_json::Value = resp.json().unwrap();
    assert_eq!(v["ok"], true);

    let got = &server.requests()[0];
    let host = format!("127.0.0.1:{}", server.port);
    verify_signature(got, AK, SK, &host).unwrap();
    // The segment went on the wire encoded, so '%' and ' ' did not change the path...
    assert_eq!(
        got.path(),
        format!("/v2/{PROJECT}/datasets/a%252Fb%25c%20d")
    );
    // ...and it was signed like the official signer does: decoded once, split on '/', encoded,
    // so the literal text `%2F` stays one segment.
    let signed = sdk_runtime::sign::canonical_uri(got.path());
    assert_eq!(signed, format!("/v2/{PROJECT}/datasets/a%252Fb%25c%20d/"));
    // The wire query is the canonical (sorted, %20-encoded) query.
    assert_eq!(
        got.query(),
        "limit=10&offset=0&search=a%26b%3Dc%2Bd%20e~%C3%A9&tag=alpha&tag=zeta"
    );
    assert_eq!(got.header("X-Project-Id"), Some(PROJECT));
    assert!(got
        .header("User-Agent")
        .unwrap()
        .contains("modelarts-test/0.0.1"));
    assert!(
        got.header("Content-Type").is_none(),
        "no body, no Content-Type"
    );
    assert!(got.header("X-Auth-Token").is_none());
    let auth = got.header("Authorization").unwrap();
    assert!(
        auth.contains("SignedHeaders=host;user-agent;x-project-id;x-sdk-date,"),
        "{auth}"
    );
}

#[tokio::test]
async fn signed_post_json_with_security_token() {
    let server = Server::start(|_, _| json(200, "{}")).await;
    let config = builder(&server)
        .credentials(Credentials::aksk(AK, SK).with_security_token(SECURITY_TOKEN))
        .build()
        .unwrap();
    let client = Client::new(config, &SERVICE).unwrap();
    let body = serde_json::json!({"samples": ["图片-1", "b"], "delete_source": false});
    let req = Request::new(
        "DeleteSamples",
        Method::POST,
        format!("/v2/{PROJECT}/datasets/ds1/data-annotations/samples/delete"),
    )
    .json(&body)
    .unwrap()
    .header("X-Custom-Header", "  padded value  ");
    client.send(req).await.unwrap();

    let got = &server.requests()[0];
    verify_signature(got, AK, SK, &format!("127.0.0.1:{}", server.port)).unwrap();
    assert_eq!(got.header("X-Security-Token"), Some(SECURITY_TOKEN));
    assert_eq!(got.header("Content-Type"), Some("application/json"));
    assert_eq!(got.header("X-Custom-Header"), Some("padded value"));
    let auth = got.header("Authorization").unwrap();
    assert!(
        auth.contains("x-security-token"),
        "security token must be signed: {auth}"
    );
    assert!(auth.contains("content-type"), "{auth}");
    assert!(
        got.header("X-Sdk-Content-Sha256").is_none(),
        "JSON bodies are hashed"
    );
    // The bytes hashed are exactly the bytes sent.
    assert_eq!(got.body, serde_json::to_vec(&body).unwrap());
}

#[tokio::test]
async fn signed_binary_body_uses_unsigned_payload_like_official_sdk() {
    let server = Server::start(|_, _| json(200, "{}")).await;
    let client = Client::new(builder(&server).build().unwrap(), &SERVICE).unwrap();
    let req = Request::new("Upload", Method::PUT, "/v2/upload".into())
        .body("application/octet-stream", vec![0u8, 1, 2, 255]);
    client.send(req).await.unwrap();
    let got = &server.requests()[0];
    assert_eq!(got.header("X-Sdk-Content-Sha256"), Some("UNSIGNED-PAYLOAD"));
    assert_eq!(got.body, vec![0u8, 1, 2, 255]);
    verify_signature(got, AK, SK, &format!("127.0.0.1:{}", server.port)).unwrap();
}

#[tokio::test]
async fn token_auth_sends_x_auth_token_and_no_signature() {
    let server = Server::start(|_, _| json(200, "{}")).await;
    let config = builder(&server)
        .credentials(Credentials::token(AUTH_TOKEN))
        .build()
        .unwrap();
    let client = Client::new(config, &SERVICE).unwrap();
    client
        .send(Request::new(
            "ListDatasets",
            Method::GET,
            format!("/v2/{PROJECT}/datasets"),
        ))
        .await
        .unwrap();
    let got = &server.requests()[0];
    assert_eq!(got.header("X-Auth-Token"), Some(AUTH_TOKEN));
    assert!(got.header("Authorization").is_none());
    assert!(got.header("X-Security-Token").is_none());
    assert_eq!(got.header("X-Project-Id"), Some(PROJECT));
    assert_eq!(
        got.header("Host"),
        Some(format!("127.0.0.1:{}", server.port).as_str())
    );
}

#[tokio::test]
async fn per_call_project_id_override_and_request_errors() {
    let server = Server::start(|_, _| json(200, "{}")).await;
    let client = Client::new(builder(&server).build().unwrap(), &SERVICE).unwrap();
    assert_eq!(client.project_id(), Some(PROJECT));
    let other = "fedcba9876543210fedcba9876543210";
    let req = Request::new("ListDatasets", Method::GET, format!("/v2/{other}/datasets"))
        .project_id(other);
    client.send(req).await.unwrap();
    let got = &server.requests()[0];
    assert_eq!(got.header("X-Project-Id"), Some(other));
    verify_signature(got, AK, SK, &format!("127.0.0.1:{}", server.port)).unwrap();

    // Problems in a request are reported before anything is sent.
    let err = client
        .send(Request::new("Bad", Method::GET, "/v2/x".into()).header("Authorization", "x"))
        .await
        .unwrap_err();
    assert!(err.is_config(), "{err}");
    let err = client
        .send(Request::new(
            "Dots",
            Method::GET,
            format!("/v2/{}/x", encode_path_segment("..")),
        ))
        .await
        .unwrap_err();
    assert!(err.is_config(), "{err}");
    // An encoded '/' is signed as a separator and a decoding gateway routes it as one.
    for id in ["a/b", "../x"] {
        let err = client
            .send(Request::new(
                "Slash",
                Method::GET,
                format!("/v2/{}/x", encode_path_segment(id)),
            ))
            .await
            .unwrap_err();
        assert!(err.is_config(), "{err}");
        assert!(err.to_string().contains("encoded `/`"), "{err}");
    }
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn verifier_rejects_wrong_secret_or_tampering() {
    let server = Server::start(|_, _| json(200, "{}")).await;
    let client = Client::new(builder(&server).build().unwrap(), &SERVICE).unwrap();
    client
        .send(Request::new("ListDatasets", Method::GET, "/v2/x".into()).query("a", "1"))
        .await
        .unwrap();
    let got = server.requests()[0].clone();
    let host = format!("127.0.0.1:{}", server.port);
    verify_signature(&got, AK, SK, &host).unwrap();
    assert!(verify_signature(&got, AK, "wrong-secret", &host).is_err());
    let mut tampered = got.clone();
    tampered.target = "/v2/y?a=1".into();
    assert!(verify_signature(&tampered, AK, SK, &host).is_err());
    let mut tampered = got;
    tampered.body = b"x".to_vec();
    assert!(verify_signature(&tampered, AK, SK, &host).is_err());
}

#[tokio::test]
async fn sm3_signed_requests_verify() {
    let server = Server::start(|_, _| json(200, "{}")).await;
    let config = builder(&server)
        .signing_algorithm(SigningAlgorithm::HmacSm3)
        .build()
        .unwrap();
    assert_eq!(config.signing_algorithm(), SigningAlgorithm::HmacSm3);
    let client = Client::new(config, &SERVICE).unwrap();
    let host = format!("127.0.0.1:{}", server.port);

    // GET with a tricky query.
    client
        .send(
            Request::new(
                "ListDatasets",
                Method::GET,
                format!("/v2/{PROJECT}/datasets"),
            )
            .query("limit", "10")
            .query("search", "a b+é"),
        )
        .await
        .unwrap();
    // JSON body (hashed with SM3) and a security token.
    let config = builder(&server)
        .signing_algorithm(SigningAlgorithm::HmacSm3)
        .credentials(Credentials::aksk(AK, SK).with_security_token(SECURITY_TOKEN))
        .build()
        .unwrap();
    let client2 = Client::new(config, &SERVICE).unwrap();
    let body = serde_json::json!({"samples": ["图片-1"], "delete_source": false});
    client2
        .send(
            Request::new("DeleteSamples", Method::POST, format!("/v2/{PROJECT}/x"))
                .json(&body)
                .unwrap(),
        )
        .await
        .unwrap();
    // Binary body: X-Sdk-Content-Sm3: UNSIGNED-PAYLOAD.
    client
        .send(
            Request::new("Upload", Method::PUT, "/v2/upload".into())
                .body("application/octet-stream", vec![0u8, 1, 2, 255]),
        )
        .await
        .unwrap();

    let got = server.requests();
    assert_eq!(got.len(), 3);
    for r in &got {
        verify_signature_with(r, AK, SK, &host, Scheme::Sm3).unwrap();
        assert!(r
            .header("Authorization")
            .unwrap()
            .starts_with("SDK-HMAC-SM3 Access="));
        // The SHA-256 verifier must not accept it.
        assert!(verify_signature(r, AK, SK, &host).is_err());
        assert!(r.header("X-Sdk-Content-Sha256").is_none());
    }
    assert!(got[1]
        .header("Authorization")
        .unwrap()
        .contains("x-security-token"));
    assert_eq!(got[2].header("X-Sdk-Content-Sm3"), Some("UNSIGNED-PAYLOAD"));
    // Tampering is detected.
    let mut tampered = got[1].clone();
    tampered.body = b"{}".to_vec();
    assert!(verify_signature_with(&tampered, AK, SK, &host, Scheme::Sm3).is_err());
    assert!(verify_signature_with(&got[0], AK, "wrong", &host, Scheme::Sm3).is_err());
}

#[tokio::test]
async fn derived_v11_signed_requests_verify() {
    let server = Server::start(|_, _| json(200, "{}")).await;
    let host = format!("127.0.0.1:{}", server.port);
    // Fixed clock: the derivation date comes from X-Sdk-Date.
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_947_300);
    let config = builder(&server)
        .region("cn-north-4")
        .credentials(Credentials::aksk(AK, SK).with_derived_auth_service_name("modelarts"))
        .clock(move || at)
        .build()
        .unwrap();
    assert!(config.credentials().uses_derived_auth(&host));
    assert!(!config
        .credentials()
        .uses_derived_auth("modelarts.cn-north-4.myhuaweicloud.com"));
    let client = Client::new(config, &SERVICE).unwrap();
    client
        .send(
            Request::new(
                "ListDatasets",
                Method::GET,
                format!("/v2/{PROJECT}/datasets"),
            )
            .query("limit", "10"),
        )
        .await
        .unwrap();
    client
        .send(
            Request::new("DeleteSamples", Method::POST, format!("/v2/{PROJECT}/x"))
                .json(&serde_json::json!({"a": [1, 2]}))
                .unwrap(),
        )
        .await
        .unwrap();
    client
        .send(Request::new("Upload", Method::PUT, "/v2/upload".into()).body("text/plain", "hello"))
        .await
        .unwrap();
    let scheme = Scheme::Derived {
        region: "cn-north-4",
        service: "modelarts",
    };
    let got = server.requests();
    assert_eq!(got.len(), 3);
    for r in &got {
        assert_eq!(r.header("X-Sdk-Date"), Some("20261129T101500Z"));
        let auth = r.header("Authorization").unwrap();
        assert!(
            auth.starts_with(&format!(
                "V11-HMAC-SHA256 Credential={AK}/20261129/cn-north-4/modelarts, SignedHeaders="
            )),
            "{auth}"
        );
        verify_signature_with(r, AK, SK, &host, scheme).unwrap();
        assert!(verify_signature(r, AK, SK, &host).is_err());
        let wrong = Scheme::Derived {
            region: "cn-north-1",
            service: "modelarts",
        };
        assert!(verify_signature_with(r, AK, SK, &host, wrong).is_err());
    }
    assert_eq!(
        got[2].header("X-Sdk-Content-Sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    let mut tampered = got[1].clone();
    tampered.target = "/v2/other".into();
    assert!(verify_signature_with(&tampered, AK, SK, &host, scheme).is_err());
}

#[tokio::test]
async fn derived_signing_follows_the_predicate_and_wins_over_sm3() {
    let server = Server::start(|_, _| json(200, "{}")).await;
    let host = format!("127.0.0.1:{}", server.port);
    let scheme = Scheme::Derived {
        region: "eu-west-101",
        service: "modelarts",
    };
    // A predicate that refuses this host: the configured algorithm is used.
    let config = builder(&server)
        .region("eu-west-101")
        .signing_algorithm(SigningAlgorithm::HmacSm3)
        .credentials(
            Credentials::aksk(AK, SK)
                .with_derived_auth_service_name("modelarts")
                .with_derived_predicate(|host| !host.starts_with("127.")),
        )
        .build()
        .unwrap();
    let client = Client::new(config, &SERVICE).unwrap();
    client
        .send(Request::new("A", Method::GET, "/v1/a".into()))
        .await
        .unwrap();
    // Forced: derived signing, even though SM3 is configured (as the official SDK).
    let config = builder(&server)
        .region("eu-west-101")
        .signing_algorithm(SigningAlgorithm::HmacSm3)
        .credentials(
            Credentials::aksk(AK, SK)
                .with_derived_auth_service_name("modelarts")
                .with_derived_predicate(|_| true),
        )
        .build()
        .unwrap();
    let client = Client::new(config, &SERVICE).unwrap();
    client
        .send(Request::new("B", Method::GET, "/v1/b".into()))
        .await
        .unwrap();
    let got = server.requests();
    verify_signature_with(&got[0], AK, SK, &host, Scheme::Sm3).unwrap();
    verify_signature_with(&got[1], AK, SK, &host, scheme).unwrap();
}

/// Form and multipart bodies are encoded to bytes before signing: the signature the gateway
/// recomputes from the bytes that arrived matches, and the content type carries the boundary.
#[tokio::test]
async fn signed_form_and_multipart_bodies_cover_the_bytes_sent() {
    use sdk_runtime::{FilePart, Multipart};
    let server = Server::start(|_, _| json(200, "{}")).await;
    let client = Client::new(builder(&server).build().unwrap(), &SERVICE).unwrap();
    let host = format!("127.0.0.1:{}", server.port);

    let form = serde_json::json!({"name": "a b", "tags": ["x", "y"], "unset": null});
    let req = Request::new("Login", Method::POST, "/login".into())
        .form(&form)
        .unwrap();
    client.send(req).await.unwrap();
    let got = &server.requests()[0];
    verify_signature(got, AK, SK, &host).unwrap();
    assert_eq!(
        got.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(got.body, b"name=a+b&tags=x&tags=y");

    let parts = Multipart::new().text("caption", "hi").file(
        "photo",
        FilePart::new(vec![0u8, 0xff, b'\r', b'\n'])
            .filename("p.bin")
            .content_type("image/png"),
    );
    let req = Request::new("Upload", Method::POST, "/photos".into()).multipart(&parts);
    client.send(req).await.unwrap();
    let got = &server.requests()[1];
    verify_signature(got, AK, SK, &host).unwrap();
    let boundary = got
        .header("Content-Type")
        .and_then(|ct| ct.strip_prefix("multipart/form-data; boundary="))
        .expect("a boundary")
        .to_owned();
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhi\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.bin\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&[0, 0xff, b'\r', b'\n']);
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert_eq!(got.body, expected);

    // A part whose content type would inject a header is refused before anything is sent.
    let bad = Multipart::new().file("f", FilePart::new(vec![1]).content_type("a\r\nX: y"));
    let err = client
        .send(Request::new("Upload", Method::POST, "/photos".into()).multipart(&bad))
        .await
        .unwrap_err();
    assert!(err.is_config(), "{err}");
    assert_eq!(server.count(), 2);
}
