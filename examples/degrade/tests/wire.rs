//! What the degrade fixture's repaired operations put on the wire: a query string written into
//! the path key is sent as query parameters, its fixed pairs included, on the route before `?`.

use degrade_sdk::Client;
use sdk_runtime::{Config, Credentials, RetryPolicy};
use wiremock::matchers::{method, path, query_param};
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

#[tokio::test]
async fn a_query_string_in_the_path_key_is_sent_with_its_fixed_pairs() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .and(query_param("fixed", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"name":"orc"}"#))
        .mount(&server)
        .await;
    let monster = client(&server)
        .search()
        .q("orc & goblin")
        .page(2)
        .send()
        .await
        .expect("the route matched");
    assert_eq!(monster.name.as_deref(), Some("orc"));

    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1);
    let url = &received[0].url;
    assert_eq!(url.path(), "/search");
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    // The runtime sends the query in the canonical (sorted) order it signs.
    assert_eq!(
        pairs,
        [
            ("fixed".to_owned(), "1".to_owned()),
            ("page".to_owned(), "2".to_owned()),
            ("q".to_owned(), "orc & goblin".to_owned()),
        ]
    );
}
