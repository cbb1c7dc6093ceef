//! What the stress fixture's odd shapes do on the wire and when decoding.

use sdk_runtime::{Config, Credentials, RetryPolicy};
use stress_sdk::types::{Animal, Filter, GetWorkflowWorkflowId, ListOfSelf, Share, Tree};
use stress_sdk::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let config = Config::builder()
        .endpoint(server.uri())
        .allow_http(true)
        .credentials(Credentials::token("t"))
        .retry(RetryPolicy::none())
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

async fn last_request(server: &MockServer) -> wiremock::Request {
    let mut received = server.received_requests().await.expect("recording is on");
    received.pop().expect("a request arrived")
}

#[tokio::test]
async fn query_styles_follow_the_spec() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"kind":"cat","lives":9}"#))
        .mount(&server)
        .await;
    let animal = client(&server)
        .search()
        .tags(vec!["a".into(), "b c".into()])
        .ids(vec![1, 2])
        .filter(Filter::default().with_name("x").with_min(1))
        .page(Filter::default().with_min(2))
        .share(Share::Plus1)
        .send()
        .await
        .expect("decodes");
    assert!(
        matches!(animal, Animal::Cat(ref cat) if cat.lives == Some(9)),
        "{animal:?}"
    );
    let request = last_request(&server).await;
    // explode: false joins lists (comma for form, `|` for pipeDelimited); deepObject spells
    // `filter[key]`; an exploded form object sends each property; absent properties are left out.
    assert_eq!(
        request.url.query(),
        Some("filter%5Bmin%5D=1&filter%5Bname%5D=x&ids=1%7C2&min=2&share=%2B1&tags=a%2Cb%20c")
    );
}

#[tokio::test]
async fn a_one_of_path_parameter_is_sent_as_its_plain_value() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("null"))
        .mount(&server)
        .await;
    let c = client(&server);
    // The response schema is a nullable component: a `null` body is `None`.
    let owner = c
        .get_workflow(GetWorkflowWorkflowId::String("ci.yml".into()))
        .send()
        .await
        .expect("ok");
    assert_eq!(owner, None);
    assert_eq!(last_request(&server).await.url.path(), "/workflows/ci.yml");
    c.get_workflow(GetWorkflowWorkflowId::Integer(7))
        .send()
        .await
        .expect("ok");
    assert_eq!(last_request(&server).await.url.path(), "/workflows/7");
}

#[tokio::test]
async fn several_success_statuses_decode_by_status_including_binary_bodies() {
    let server = MockServer::start().await;
    Mock::given(path("/thumb"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0x89, b'P', b'N', b'G']))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/thumb"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    let c = client(&server);
    let first = c.get_thumb().send().await.expect("200");
    assert_eq!(
        first,
        stress_sdk::operations::default::GetThumbOutput::Ok(sdk_runtime::Bytes::from_static(&[
            0x89, b'P', b'N', b'G'
        ]))
    );
    let second = c.get_thumb().send().await.expect("202");
    assert_eq!(
        second,
        stress_sdk::operations::default::GetThumbOutput::Accepted
    );
}

#[test]
fn unknown_discriminators_recursive_aliases_and_odd_enum_values_decode() {
    let unknown: Animal = serde_json::from_str(r#"{"kind":"axolotl","gills":6}"#).expect("kept");
    assert_eq!(
        unknown,
        Animal::Unknown(serde_json::json!({"kind":"axolotl","gills":6}))
    );
    assert_eq!(
        serde_json::to_string(&unknown).expect("encodes"),
        r#"{"gills":6,"kind":"axolotl"}"#
    );

    let nested: ListOfSelf = serde_json::from_str("[[], [[]]]").expect("list of itself");
    assert_eq!(
        nested,
        ListOfSelf(vec![
            ListOfSelf(vec![]),
            ListOfSelf(vec![ListOfSelf(vec![])])
        ])
    );
    let tree: Tree = serde_json::from_str(r#"{"a":{"b":{}}}"#).expect("map of itself");
    assert_eq!(
        serde_json::to_string(&tree).expect("encodes"),
        r#"{"a":{"b":{}}}"#
    );

    let values: Vec<Share> =
        serde_json::from_str(r#"["+1","-1","Unknown","self","new"]"#).expect("enum");
    assert_eq!(
        values,
        [
            Share::Plus1,
            Share::Minus1,
            Share::Unknown2,
            Share::SelfValue,
            Share::Unknown("new".into())
        ]
    );
}
