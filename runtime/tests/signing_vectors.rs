//! Checks `sdk_runtime::sign` against every case computed by the official SDK:
//! `SDK-HMAC-SHA256`, `SDK-HMAC-SM3` and derived `V11-HMAC-SHA256`.

use std::collections::BTreeMap;

use sdk_runtime::sign::{self, DerivedScope, SignInput, SignOptions, SigningAlgorithm};
use serde_json::Value;

const VECTORS: &str = include_str!("data/signing-vectors.json");

fn value_to_strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Number(n) => vec![n.to_string()],
        Value::Array(items) => items.iter().flat_map(value_to_strings).collect(),
        other => panic!("unexpected query value {other}"),
    }
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string {key}"))
}

fn header_map(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

/// The options a case asks for, after checking its derived info and key (V11 cases).
fn options_of<'c>(name: &str, case: &'c Value) -> SignOptions<'c> {
    match s(case, "algorithm") {
        sign::ALGORITHM => SignOptions::default(),
        sign::ALGORITHM_SM3 => SignOptions {
            algorithm: SigningAlgorithm::HmacSm3,
            derived: None,
        },
        sign::ALGORITHM_DERIVED => {
            let d = &case["derived"];
            let info = sign::derived_info(s(case, "x_sdk_date"), s(d, "region"), s(d, "service"));
            assert_eq!(info, s(d, "info"), "{name}: derived info");
            assert_eq!(
                sign::derive_signing_key(s(case, "ak"), s(case, "sk"), &info),
                s(d, "derived_key_hex_ascii"),
                "{name}: derived key"
            );
            SignOptions {
                algorithm: SigningAlgorithm::HmacSha256,
                derived: Some(DerivedScope {
                    region: s(d, "region"),
                    service: s(d, "service"),
                }),
            }
        }
        other => panic!("{name}: unknown algorithm {other}"),
    }
}

/// The query pairs of a case (a list value gives one pair per element).
fn query_of(case: &Value) -> Vec<(String, String)> {
    case["query_params"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|pair| {
            let k = pair[0].as_str().unwrap().to_owned();
            value_to_strings(&pair[1])
                .into_iter()
                .map(move |v| (k.clone(), v))
        })
        .collect()
}

/// The body bytes of a case (`body_hex` or `body` text), checked against `body_sha256`.
fn body_of(name: &str, case: &Value) -> Vec<u8> {
    let body: Vec<u8> = if let Some(h) = case.get("body_hex").and_then(Value::as_str) {
        hex::decode(h).unwrap()
    } else {
        case["body"]
            .as_str()
            .map(|b| b.as_bytes().to_vec())
            .unwrap_or_default()
    };
    if let Some(expected_sha) = case.get("body_sha256").and_then(Value::as_str) {
        assert_eq!(sign::sha256_hex(&body), expected_sha, "{name}: body bytes");
    }
    body
}

/// Every stage of `got` equals the official SDK's.
fn assert_every_stage(name: &str, case: &Value, got: &sign::Signed) {
    let exp = &case["expected"];
    let stages = [
        ("canonical_uri", &got.canonical_uri, "canonical_uri"),
        (
            "canonical query",
            &got.canonical_query,
            "canonical_query_string",
        ),
        (
            "canonical headers",
            &got.canonical_headers,
            "canonical_headers",
        ),
        ("signed headers", &got.signed_headers, "signed_headers"),
        ("payload hash", &got.payload_hash, "payload_hash"),
        (
            "canonical request",
            &got.canonical_request,
            "canonical_request",
        ),
        (
            "canonical request hash",
            &got.canonical_request_hash,
            "canonical_request_hash",
        ),
        ("string to sign", &got.string_to_sign, "string_to_sign"),
        ("signature", &got.signature, "signature"),
        ("authorization", &got.authorization, "authorization"),
    ];
    for (what, value, key) in stages {
        assert_eq!(value, s(exp, key), "{name}: {what}");
    }
    let added: BTreeMap<String, String> = got.added_headers.iter().cloned().collect();
    assert_eq!(
        added,
        header_map(&exp["added_headers"]),
        "{name}: added headers"
    );
    let sent: BTreeMap<String, String> = got.headers.iter().cloned().collect();
    assert_eq!(
        sent,
        header_map(&case["headers"]),
        "{name}: headers as sent"
    );
    // The wire query is the canonical query.
    assert_eq!(
        got.canonical_query,
        s(&case["url"], "query"),
        "{name}: wire query"
    );
    // Signing the path as it goes on the wire gives the same canonical URI.
    let wire = sign::canonical_uri(s(&case["url"], "path_on_wire"));
    assert_eq!(wire, got.canonical_uri, "{name}: wire path canonical uri");
}

#[test]
fn all_vectors_match_every_stage() {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(
        doc["constants"]["empty_sha256"].as_str(),
        Some(sign::EMPTY_SHA256)
    );
    assert_eq!(
        doc["constants"]["empty_sm3"].as_str(),
        Some(sign::EMPTY_SM3)
    );
    let mut matched = BTreeMap::<String, usize>::new();

    for case in cases {
        let name = s(case, "name");
        let algorithm = s(case, "algorithm");
        let options = options_of(name, case);
        let query = query_of(case);
        let headers: Vec<(String, String)> = header_map(&case["headers_in"]).into_iter().collect();
        let body = body_of(name, case);
        let input = SignInput {
            method: s(case, "method"),
            host: s(&case["url"], "host"),
            path: s(&case["url"], "path"),
            query: &query,
            headers: &headers,
            body: &body,
            sdk_date: s(case, "x_sdk_date"),
            ak: s(case, "ak"),
            sk: s(case, "sk"),
            security_token: case.get("security_token").and_then(Value::as_str),
            project_id: case.get("project_id").and_then(Value::as_str),
        };
        let got = sign::sign_with(&input, &options);
        assert_eq!(got.algorithm, algorithm, "{name}: algorithm");
        assert_every_stage(name, case, &got);
        *matched.entry(algorithm.to_owned()).or_default() += 1;
    }

    let total: usize = matched.values().sum();
    eprintln!(
        "signing vectors: {total}/{} cases matched, none skipped: {matched:?}",
        cases.len()
    );
    assert_eq!(total, cases.len());
    assert_eq!(total, 56, "the vector file has 56 cases");
    assert_eq!(matched.get(sign::ALGORITHM), Some(&52));
    assert_eq!(matched.get(sign::ALGORITHM_SM3), Some(&2));
    assert_eq!(matched.get(sign::ALGORITHM_DERIVED), Some(&2));
}

#[test]
fn plain_sign_is_hmac_sha256() {
    let query = vec![("limit".to_owned(), "10".to_owned())];
    let headers = vec![("Content-Type".to_owned(), "text/plain".to_owned())];
    let input = SignInput {
        method: "PUT",
        host: "example.com",
        path: "/v1/x",
        query: &query,
        headers: &headers,
        body: b"abc",
        sdk_date: "20261129T101500Z",
        ak: "AK",
        sk: "SK",
        security_token: None,
        project_id: None,
    };
    let plain = sign::sign(&input);
    assert_eq!(plain, sign::sign_with(&input, &SignOptions::default()));
    assert_eq!(plain.algorithm, sign::ALGORITHM);
    assert!(plain
        .headers
        .contains(&("X-Sdk-Content-Sha256".into(), "UNSIGNED-PAYLOAD".into())));
    // SM3 uses its own content header, and a SHA-256 one is just another signed header.
    let sm3 = SignOptions {
        algorithm: SigningAlgorithm::HmacSm3,
        derived: None,
    };
    let signed = sign::sign_with(&input, &sm3);
    assert!(signed
        .headers
        .contains(&("X-Sdk-Content-Sm3".into(), "UNSIGNED-PAYLOAD".into())));
    assert!(!signed
        .headers
        .iter()
        .any(|(k, _)| k == "X-Sdk-Content-Sha256"));
    // Derived signing ignores the algorithm (SHA-256 based) and uses the SHA-256 content header.
    let scope = Some(DerivedScope {
        region: "eu-west-0",
        service: "modelarts",
    });
    let a = sign::sign_with(
        &input,
        &SignOptions {
            algorithm: SigningAlgorithm::HmacSm3,
            derived: scope,
        },
    );
    let b = sign::sign_with(
        &input,
        &SignOptions {
            algorithm: SigningAlgorithm::HmacSha256,
            derived: scope,
        },
    );
    assert_eq!(a, b);
    assert_eq!(a.canonical_request, plain.canonical_request);
    assert!(a
        .authorization
        .starts_with("V11-HMAC-SHA256 Credential=AK/20261129/eu-west-0/modelarts, SignedHeaders="));
}
