//! Lazy page streams (`pages()` / `items()`) of list operations against loopback servers: one
//! page in memory at a time, errors that say where to resume, and servers that would otherwise
//! never end.

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;
use modelarts_data::runtime::paging::PagingErrorKind;
use modelarts_data::types::Sample;
use modelarts_data::Error;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SAMPLES_PATH: &str = r"^/v2/[^/]+/datasets/ds/data-annotations/samples$";

fn query(request: &Request, name: &str) -> Option<i64> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.parse().ok())
}

fn sample_id(i: usize) -> String {
    format!("s{i:04}")
}

/// A page of `samples` as ModelArts sends it.
fn page_body(ids: impl Iterator<Item = String>, total: Option<usize>) -> serde_json::Value {
    let samples: Vec<serde_json::Value> = ids
        .map(|id| serde_json::json!({ "sample_id": id }))
        .collect();
    let mut body = serde_json::json!({ "samples": samples });
    if let Some(total) = total {
        body["sample_count"] = total.into();
    }
    body
}

/// A dataset of `count` samples served page by page (`offset` is a page index), counting the
/// requests it answers.
async fn dataset(count: usize, requests: Arc<AtomicUsize>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(SAMPLES_PATH))
        .respond_with(move |request: &Request| {
            requests.fetch_add(1, Ordering::SeqCst);
            let limit = query(request, "limit").unwrap_or(10) as usize;
            let page = query(request, "offset").unwrap_or(0) as usize;
            let start = (page * limit).min(count);
            let end = (start + limit).min(count);
            ResponseTemplate::new(200)
                .set_body_json(page_body((start..end).map(sample_id), Some(count)))
        })
        .mount(&server)
        .await;
    server
}

fn id(sample: &Sample) -> String {
    sample.sample_id.clone().unwrap_or_default()
}

#[tokio::test]
async fn items_stream_over_1050_samples_never_holds_more_than_one_page() {
    let requests = Arc::new(AtomicUsize::new(0));
    let server = dataset(1050, requests.clone()).await;
    // No page size set: the stream asks for the spec's maximum, 100.
    let mut items = client(&server).list_samples("ds").items();
    assert_eq!(
        requests.load(Ordering::SeqCst),
        0,
        "nothing is fetched before the first poll"
    );

    let mut seen = Vec::new();
    let mut most_buffered = 0;
    while let Some(sample) = items.next().await {
        seen.push(id(&sample.expect("every page arrives")));
        most_buffered = most_buffered.max(items.buffered());
        // Pages are fetched only when the consumer gets to them.
        let consumed = seen.len() as u64;
        assert_eq!(
            items.pages_requested(),
            consumed.div_ceil(100),
            "after {consumed} items"
        );
        assert_eq!(
            requests.load(Ordering::SeqCst) as u64,
            consumed.div_ceil(100)
        );
        if consumed == 150 {
            assert_eq!(
                items.buffered(),
                50,
                "the rest of page 2, nothing of page 3"
            );
        }
    }
    assert_eq!(seen, (0..1050).map(sample_id).collect::<Vec<_>>());
    assert_eq!(
        most_buffered, 99,
        "at most one page minus the item handed out"
    );
    // 10 full pages and a short one: the stream stops without asking for page 12.
    assert_eq!(requests.load(Ordering::SeqCst), 11);
    let sent: Vec<(Option<i64>, Option<i64>)> = received(&server)
        .await
        .iter()
        .map(|r| (query(r, "offset"), query(r, "limit")))
        .collect();
    let expected: Vec<(Option<i64>, Option<i64>)> = (0..11).map(|p| (Some(p), Some(100))).collect();
    assert_eq!(sent, expected);
}

#[tokio::test]
async fn page_size_is_kept_within_the_spec_bounds() {
    let requests = Arc::new(AtomicUsize::new(0));
    let server = dataset(30, requests.clone()).await;
    // The spec allows 1..=100: 5000 is sent as 100, and one page brings all 30 samples.
    let mut pages = client(&server).list_samples("ds").limit(5000).pages();
    let first = pages.next().await.expect("a page").expect("ok");
    assert_eq!(first.samples.map(|s| s.len()), Some(30));
    assert!(pages.next().await.is_none(), "a short page is the last");
    assert_eq!(query(&received(&server).await[0], "limit"), Some(100));
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_error_on_page_4_is_resumed_from_its_position() {
    let broken = Arc::new(AtomicBool::new(true));
    let requests = Arc::new(AtomicUsize::new(0));
    let server = MockServer::start().await;
    {
        let (broken, requests) = (broken.clone(), requests.clone());
        Mock::given(method("GET"))
            .and(path_regex(SAMPLES_PATH))
            .respond_with(move |request: &Request| {
                requests.fetch_add(1, Ordering::SeqCst);
                let page = query(request, "offset").unwrap_or(0) as usize;
                if page == 3 && broken.load(Ordering::SeqCst) {
                    return ResponseTemplate::new(500).set_body_string(
                        r#"{"error_code":"ModelArts.0001","error_msg":"backend busy"}"#,
                    );
                }
                let start = (page * 10).min(55);
                let end = (start + 10).min(55);
                ResponseTemplate::new(200)
                    .set_body_json(page_body((start..end).map(sample_id), Some(55)))
            })
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let mut items = client.list_samples("ds").limit(10).items();
    let mut seen = Vec::new();
    let err = loop {
        match items.next().await.expect("the stream fails before it ends") {
            Ok(sample) => seen.push(id(&sample)),
            Err(e) => break e,
        }
    };
    assert!(items.next().await.is_none(), "a failed stream ends");
    assert_eq!(seen.len(), 30, "pages 0, 1 and 2 arrived");
    // The page request itself was retried with the client's policy (3 attempts) first.
    assert_eq!(requests.load(Ordering::SeqCst), 3 + 3);
    let Error::Paging(paging) = &err else {
        panic!("expected Error::Paging, got {err:?}");
    };
    assert_eq!(paging.kind(), PagingErrorKind::PageFailed);
    assert_eq!(
        (err.status(), err.error_code()),
        (Some(500), Some("ModelArts.0001"))
    );
    assert_eq!(err.attempts(), Some(3));
    let position = err.page_position().expect("a position");
    assert_eq!(
        (
            position.offset,
            position.limit,
            position.index,
            position.items_before
        ),
        (3, Some(10), 3, 30)
    );
    assert!(err.to_string().contains("offset 3"), "{err}");

    broken.store(false, Ordering::SeqCst);
    let rest = client
        .list_samples("ds")
        .starting_at(position)
        .send_all()
        .await
        .expect("the resumed listing");
    seen.extend(rest.iter().map(id));
    assert_eq!(seen, (0..55).map(sample_id).collect::<Vec<_>>());
    let last_requests = received(&server).await;
    let resumed_first = &last_requests[6];
    assert_eq!(
        (
            query(resumed_first, "offset"),
            query(resumed_first, "limit")
        ),
        (Some(3), Some(10))
    );
}

#[tokio::test]
async fn a_server_that_repeats_one_page_is_stopped() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(SAMPLES_PATH))
        // Ignores `offset`: the same full page forever, and no total.
        .respond_with(
            ResponseTemplate::new(200).set_body_json(page_body((0..10).map(sample_id), None)),
        )
        .mount(&server)
        .await;
    let mut pages = client(&server).list_samples("ds").limit(10).pages();
    assert!(pages.next().await.expect("page 0").is_ok());
    let err = pages
        .next()
        .await
        .expect("page 1")
        .expect_err("a repeated page");
    let paging = err.as_paging().expect("Error::Paging");
    assert_eq!(paging.kind(), PagingErrorKind::RepeatedPage);
    assert_eq!(paging.position().index, 1);
    assert!(pages.next().await.is_none());
    assert_eq!(received(&server).await.len(), 2);

    // `send_all` is bounded by the same rules: an error, not an endless loop.
    let err = client(&server)
        .list_samples("ds")
        .limit(10)
        .send_all()
        .await
        .unwrap_err();
    assert_eq!(
        err.as_paging().map(|p| p.kind()),
        Some(PagingErrorKind::RepeatedPage)
    );
}

#[tokio::test]
async fn a_listing_that_never_ends_is_stopped_by_the_caps() {
    let server = MockServer::start().await;
    let counter = Arc::new(AtomicUsize::new(0));
    {
        let counter = counter.clone();
        Mock::given(method("GET"))
            .and(path_regex(SAMPLES_PATH))
            // A new full page every time, never a short one, no total.
            .respond_with(move |_: &Request| {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                ResponseTemplate::new(200)
                    .set_body_json(page_body((n * 10..n * 10 + 10).map(sample_id), None))
            })
            .mount(&server)
            .await;
    }
    let mut pages = client(&server)
        .list_samples("ds")
        .limit(10)
        .pages()
        .max_pages(5);
    for _ in 0..5 {
        assert!(pages.next().await.expect("a page").is_ok());
    }
    let err = pages.next().await.expect("the cap").expect_err("capped");
    let paging = err.as_paging().expect("Error::Paging");
    assert_eq!(paging.kind(), PagingErrorKind::TooManyPages { max: 5 });
    assert_eq!(
        paging.position().offset,
        5,
        "resume point: the page it did not fetch"
    );
    assert_eq!(
        counter.load(Ordering::SeqCst),
        5,
        "the sixth page is never asked for"
    );

    let err = client(&server)
        .list_samples("ds")
        .limit(10)
        .pages()
        .max_items(25)
        .items()
        .try_collect()
        .await
        .unwrap_err();
    assert_eq!(
        err.as_paging().map(|p| p.kind()),
        Some(PagingErrorKind::TooManyItems { max: 25 })
    );
    assert_eq!(
        counter.load(Ordering::SeqCst),
        8,
        "three more pages: the third passes the cap"
    );
}
