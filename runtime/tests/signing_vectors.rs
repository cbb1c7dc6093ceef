//! Checks `sdk_runtime::sign` against every SDK-HMAC-SHA256 case computed by the official SDK.

use std::collections::BTreeMap;

use sdk_runtime::sign::{self, SignInput};
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

#[test]
fn all_hmac_sha256_vectors_match_every_stage() {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let expected_hmac = cases
        .iter()
        .filter(|c| c["algorithm"] == "SDK-HMAC-SHA256")
        .count();
    let mut matched = 0;
    let mut skipped = BTreeMap::<String, usize>::new();

    for case in cases {
        let name = s(case, "name");
        let algorithm = s(case, "algorithm");
        if algorithm != sign::ALGORITHM {
            *skipped.entry(algorithm.to_owned()).or_default() += 1;
            continue;
        }
        let query: Vec<(String, String)> = case["query_params"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|pair| {
                let k = pair[0].as_str().unwrap().to_owned();
                value_to_strings(&pair[1])
                    .into_iter()
                    .map(move |v| (k.clone(), v))
            })
            .collect();
        let headers: Vec<(String, String)> = header_map(&case["headers_in"]).into_iter().collect();
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
        let got = sign::sign(&input);
        let exp = &case["expected"];
        assert_eq!(
            got.canonical_uri,
            s(exp, "canonical_uri"),
            "{name}: canonical_uri"
        );
        assert_eq!(
            got.canonical_query,
            s(exp, "canonical_query_string"),
            "{name}: canonical query"
        );
        assert_eq!(
            got.canonical_headers,
            s(exp, "canonical_headers"),
            "{name}: canonical headers"
        );
        assert_eq!(
            got.signed_headers,
            s(exp, "signed_headers"),
            "{name}: signed headers"
        );
        assert_eq!(
            got.payload_hash,
            s(exp, "payload_hash"),
            "{name}: payload hash"
        );
        assert_eq!(
            got.canonical_request,
            s(exp, "canonical_request"),
            "{name}: canonical request"
        );
        assert_eq!(
            got.canonical_request_hash,
            s(exp, "canonical_request_hash"),
            "{name}: canonical request hash"
        );
        assert_eq!(
            got.string_to_sign,
            s(exp, "string_to_sign"),
            "{name}: string to sign"
        );
        assert_eq!(got.signature, s(exp, "signature"), "{name}: signature");
        assert_eq!(
            got.authorization,
            s(exp, "authorization"),
            "{name}: authorization"
        );
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
        matched += 1;
    }

    eprintln!("signing vectors: {matched}/{expected_hmac} SDK-HMAC-SHA256 cases matched; skipped other algorithms: {skipped:?}");
    assert_eq!(matched, expected_hmac);
    assert_eq!(matched, 52, "the vector file has 52 SDK-HMAC-SHA256 cases");
    assert_eq!(skipped.values().sum::<usize>(), cases.len() - matched);
}
