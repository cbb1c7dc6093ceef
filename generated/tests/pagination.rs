//! `send_all()` walks the pages of a list operation (`x-pagination` in the spec: `offset` is a
//! zero-based page index on these ModelArts APIs).

mod common;

use common::*;
use wiremock::matchers::{method, path_regex, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn page(ids: &[&str], total: Option<usize>) -> ResponseTemplate {
    let samples: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| serde_json::json!({"sample_id": id}))
        .collect();
    let mut body = serde_json::json!({ "samples": samples });
    if let Some(total) = total {
        body["sample_count"] = total.into();
    }
    ResponseTemplate::new(200).set_body_json(body)
}

async fn mount_page(server: &MockServer, offset: &str, response: ResponseTemplate, expected: u64) {
    Mock::given(method("GET"))
        .and(path_regex(
            r"^/v2/[^/]+/datasets/ds/data-annotations/samples$",
        ))
        .and(query_param("offset", offset))
        .and(query_param("limit", "2"))
        .respond_with(response)
        .expect(expected)
        .mount(server)
        .await;
}

fn ids(samples: &[modelarts_data::types::Sample]) -> Vec<String> {
    samples
        .iter()
        .map(|s| s.sample_id.clone().unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn send_all_asks_page_after_page_until_a_short_page() {
    let server = MockServer::start().await;
    mount_page(&server, "0", page(&["a", "b"], None), 1).await;
    mount_page(&server, "1", page(&["c", "d"], None), 1).await;
    mount_page(&server, "2", page(&["e"], None), 1).await;
    mount_page(&server, "3", page(&[], None), 0).await;

    let all = client(&server)
        .list_samples("ds")
        .limit(2)
        .send_all()
        .await
        .expect("all pages");
    assert_eq!(ids(&all), ["a", "b", "c", "d", "e"]);
    server.verify().await;
}

#[tokio::test]
async fn send_all_stops_once_the_total_has_arrived_and_starts_at_the_given_page() {
    let server = MockServer::start().await;
    mount_page(&server, "1", page(&["c", "d"], Some(4)), 1).await;
    mount_page(&server, "2", page(&["x", "y"], Some(4)), 0).await;

    // Page 1 of 2-item pages: 2 items lie before it, so its 2 items reach the total of 4 and
    // page 2 is never asked for.
    let all = client(&server)
        .list_samples("ds")
        .limit(2)
        .offset(1)
        .send_all()
        .await;
    assert_eq!(ids(&all.expect("pages")), ["c", "d"]);
    server.verify().await;
}

#[tokio::test]
async fn send_all_returns_the_error_of_a_failing_page() {
    let server = MockServer::start().await;
    mount_page(&server, "0", page(&["a", "b"], Some(10)), 1).await;
    mount_page(
        &server,
        "1",
        ResponseTemplate::new(404)
            .set_body_string(r#"{"error_code":"ModelArts.4352","error_msg":"gone"}"#),
        1,
    )
    .await;
    let err = client(&server)
        .list_samples("ds")
        .limit(2)
        .send_all()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.error_code(), Some("ModelArts.4352"));
    server.verify().await;
}
