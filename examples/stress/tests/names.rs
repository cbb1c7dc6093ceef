//! Spec names that equal names the generated crate uses itself get other names, and every
//! generated name still does its job.

use sdk_runtime::{Config, Credentials, RetryPolicy};
use stress_sdk::types::{Extras, FieldName, Fields, Shape, Square, Unknown, A, D};
use stress_sdk::Client;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let config = Config::builder()
        .endpoint(server.uri())
        .allow_http(true)
        .credentials(Credentials::token("t"))
        .project_id("p1")
        .retry(RetryPolicy::none())
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

#[test]
fn a_union_alternative_named_unknown_does_not_take_the_unknown_variant() {
    let known: Shape = serde_json::from_str(r#"{"kind":"Unknown","note":"n"}"#).expect("decodes");
    assert_eq!(
        known,
        Shape::Unknown2(Unknown::new("Unknown").with_note("n"))
    );
    let square: Shape = serde_json::from_str(r#"{"kind":"Square","side":2.0}"#).expect("decodes");
    assert_eq!(square, Shape::Square(Square::new("Square").with_side(2.0)));
    let other: Shape = serde_json::from_str(r#"{"kind":"Circle","r":1}"#).expect("decodes");
    assert_eq!(
        other,
        Shape::Unknown(serde_json::json!({"kind": "Circle", "r": 1}))
    );
}

#[test]
fn types_named_like_the_derives_own_names_decode_and_encode() {
    let json = r#"{"id":"1","next":{"id":"2","next":null}}"#;
    let d: D = serde_json::from_str(json).expect("decodes");
    assert_eq!(d, D::new("1").with_next(D::new("2")));
    let a: A = serde_json::from_str(r#"{"a":{"a":{}}}"#).expect("decodes");
    assert_eq!(a, A::default().with_a(A::default().with_a(A::default())));
    let fields: Fields =
        serde_json::from_str(r#"{"key":3,"map":"m","deserializer":true}"#).expect("decodes");
    assert_eq!(fields, Fields::new("m", 3).with_deserializer(true));
    let err = serde_json::from_str::<Fields>(r#"{"map":"m"}"#).unwrap_err();
    assert!(err.to_string().starts_with("missing field `key`"), "{err}");
    // With several required fields missing, the first in declaration order is named.
    let err = serde_json::from_str::<Fields>(r#"{"deserializer":true}"#).unwrap_err();
    assert!(err.to_string().starts_with("missing field `map`"), "{err}");
    let err = serde_json::from_str::<Fields>(r#"{"key":1,"map":"m","key":2}"#).unwrap_err();
    assert!(
        err.to_string().starts_with("duplicate field `key`"),
        "{err}"
    );
    // An optional field's key is refused the second time even when its first value was null.
    let err = serde_json::from_str::<Fields>(
        r#"{"key":1,"map":"m","deserializer":null,"deserializer":true}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("duplicate field `deserializer`"),
        "{err}"
    );
    let fields: Fields =
        serde_json::from_str(r#"{"key":1,"map":"m","deserializer":null}"#).expect("decodes");
    assert_eq!(fields, Fields::new("m", 1));
    let name: FieldName = serde_json::from_str(r#"{"value":"v"}"#).expect("decodes");
    assert_eq!(
        serde_json::to_string(&name).expect("encodes"),
        r#"{"value":"v"}"#
    );
}

#[test]
fn properties_named_like_the_additional_properties_field_keep_their_values() {
    let json = r#"{"additional_properties":"a","extra_properties":2,"x":true}"#;
    let extras: Extras = serde_json::from_str(json).expect("decodes");
    assert_eq!(extras.additional_properties.as_deref(), Some("a"));
    assert_eq!(extras.extra_properties, Some(2));
    assert_eq!(extras.extra_properties_2.get("x"), Some(&true));
    assert_eq!(
        serde_json::to_value(&extras).expect("encodes"),
        serde_json::from_str::<serde_json::Value>(json).expect("json")
    );
}

#[tokio::test]
async fn operations_named_config_param_and_clone_are_callable_and_the_helpers_still_work() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/projects/p1/collisions"))
        .and(query_param("send", "s"))
        .and(query_param("clone", "3"))
        .and(body_json(serde_json::json!({"extra_properties": 1})))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"kind":"Square"}"#))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/clone"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    let body = Extras::default().with_extra_properties(1);
    // `config_param_2` is the spec's `config_param`; the project comes from configuration
    // through the client's own `config_param` helper.
    let shape = client
        .config_param_2(body)
        .send_2("s")
        .clone_2(3)
        .send()
        .await
        .expect("the call succeeds");
    assert!(matches!(shape, Shape::Square(_)));
    // `clone_2` is the spec's `clone`; `Client::clone` is still `Clone::clone`.
    let copy: Client = client.clone();
    copy.clone_2().send().await.expect("the call succeeds");
}
