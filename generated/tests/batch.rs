//! Batch calls against loopback servers: a partial failure inside a 200 reaches the caller's
//! `?` with the failed items named, missing flags are unknown (never success), empty batches
//! are refused before sending, and the bulk helper accounts for every item exactly once
//! without resending a chunk that may have been processed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::raw::{RawReply, RawRequest, RawServer};
use common::*;
use modelarts_data::runtime::{BatchOutcome, BulkReport, ItemOutcome, Progress, Reply};
use modelarts_data::types::{DeleteSamplesRequest, DeleteSamplesResponse, Label};
use modelarts_data::{Client, Error};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn samples(ids: &[&str]) -> DeleteSamplesRequest {
    DeleteSamplesRequest::default().with_samples(ids.iter().copied())
}

async fn answering(raw: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-batch-1")
                .set_body_raw(raw.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

/// What a user writes: `?` on the call.
async fn delete(client: &Client, ids: &[&str]) -> Result<DeleteSamplesResponse, Error> {
    let out = client.delete_samples("ds-1", samples(ids)).send().await?;
    Ok(out)
}

#[tokio::test]
async fn mixed_results_in_a_200_are_an_error_naming_the_failed_ids() {
    let server = answering(
        r#"{"success":false,"error_code":"ModelArts.4300","error_msg":"partly failed","results":[
            {"success":true},
            {"success":false,"error_code":"ModelArts.4345","error_msg":"Sample b does not exist."},
            {"success":true},
            {"success":false,"error_code":"ModelArts.4346","error_msg":"Sample d is locked."}]}"#,
    )
    .await;
    let client = client(&server);

    let err = delete(&client, &["a", "b", "c", "d"]).await.unwrap_err();
    assert!(err.is_batch(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("DeleteSamples: 2 of 4 items succeeded; 2 failed"),
        "{text}"
    );
    assert!(
        text.contains(r#""b": failed: ModelArts.4345: Sample b does not exist."#),
        "{text}"
    );
    assert!(
        text.contains(r#""d": failed: ModelArts.4346: Sample d is locked."#),
        "{text}"
    );
    assert!(
        !text.contains(r#""a""#) && !text.contains(r#""c""#),
        "{text}"
    );
    assert!(text.ends_with("(request id req-batch-1)"), "{text}");
    assert_eq!(err.request_id(), Some("req-batch-1"));
    assert_eq!(err.error_code(), Some("ModelArts.4300"));
    assert!(!err.is_retryable());

    let batch = err.as_batch().unwrap();
    let failed: Vec<&str> = batch.failed().iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(failed, ["b", "d"]);
    assert_eq!(batch.succeeded_count(), 2);
    assert!(batch.unknown().is_empty());
    // The typed outcome and the decoded response stay reachable from the error.
    let outcome = batch
        .outcome::<BatchOutcome<String, Reply<DeleteSamplesResponse>>>()
        .expect("typed outcome");
    assert_eq!(outcome.response().status(), 200);
    assert_eq!(outcome.response().value().success, Some(false));
    assert_eq!(outcome.succeeded().collect::<Vec<_>>(), ["a", "c"]);

    // send_outcome: the same pairing without an error.
    let outcome = client
        .delete_samples("ds-1", samples(&["a", "b", "c", "d"]))
        .send_outcome()
        .await
        .expect("a 200 is an outcome");
    let items: Vec<(&str, &ItemOutcome)> = outcome
        .items()
        .iter()
        .map(|i| (i.key.as_str(), &i.outcome))
        .collect();
    assert_eq!(items[0], ("a", &ItemOutcome::Succeeded));
    assert_eq!(
        items[1],
        (
            "b",
            &ItemOutcome::Failed {
                error_code: Some("ModelArts.4345".into()),
                error_msg: Some("Sample b does not exist.".into())
            }
        )
    );
    assert!(!outcome.is_complete_success());
    assert_eq!(outcome.batch_success(), Some(false));
    assert_eq!(outcome.request_id(), Some("req-batch-1"));
}

#[tokio::test]
async fn a_missing_success_flag_is_unknown_never_success() {
    for body in ["{}", "", r#"{"results":[{"success":true}]}"#] {
        let server = answering(body).await;
        let client = client(&server);
        let err = delete(&client, &["a"]).await.unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("DeleteSamples: "), "{body}: {text}");
        let outcome = client
            .delete_samples("ds-1", samples(&["a"]))
            .send_outcome()
            .await
            .unwrap();
        assert!(!outcome.is_complete_success(), "{body}");
        assert_eq!(outcome.batch_success(), None);
        if body.contains("results") {
            // The item says it succeeded, but the batch flag is missing: still an error.
            assert!(text.contains("no `success` flag for the batch"), "{text}");
        } else {
            assert_eq!(outcome.unknown().count(), 1, "{body}");
            assert!(text.contains("1 unknown [\"a\": the response has neither a `success` flag nor per-item results]"), "{text}");
        }
    }
}

#[tokio::test]
async fn results_that_cannot_be_paired_and_items_without_flags_are_unknown() {
    let server = answering(r#"{"success":true,"results":[{"success":true}]}"#).await;
    let err = delete(&client(&server), &["a", "b"]).await.unwrap_err();
    let batch = err.as_batch().unwrap();
    assert_eq!(batch.unknown().len(), 2, "{err}");
    assert!(
        err.to_string().contains("returned 1 results for 2 items"),
        "{err}"
    );

    let server = answering(r#"{"success":true,"results":[{"success":true},{}]}"#).await;
    let err = delete(&client(&server), &["a", "b"]).await.unwrap_err();
    let unknown: Vec<&str> = err
        .as_batch()
        .unwrap()
        .unknown()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(unknown, ["b"], "{err}");
}

#[tokio::test]
async fn a_whole_batch_success_without_per_item_results_is_success() {
    // The documented answer of a fully successful call is `{"success": true}` alone.
    let server = answering(r#"{"success":true}"#).await;
    let out = delete(&client(&server), &["a", "b"])
        .await
        .expect("success");
    assert_eq!(out.success, Some(true));
    let reply = client(&server)
        .delete_samples("ds-1", samples(&["a"]))
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(reply.request_id(), Some("req-batch-1"));
}

#[tokio::test]
async fn an_empty_batch_is_refused_before_sending() {
    let server = answering(r#"{"success":true}"#).await;
    let client = client(&server);
    for body in [samples(&[]), DeleteSamplesRequest::default()] {
        let err = client
            .delete_samples("ds-1", body)
            .send()
            .await
            .unwrap_err();
        assert!(err.is_config(), "{err:?}");
        assert!(err.to_string().contains("`samples` is empty"), "{err}");
    }
    let err = client
        .delete_labels("ds-1", Default::default())
        .send_outcome()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("`labels` is empty"), "{err}");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn label_batches_name_items_by_their_name_or_position() {
    let server = answering(
        r#"{"success":false,"results":[{"success":false,"error_code":"ModelArts.4402","error_msg":"in use"},{"success":false}]}"#,
    )
    .await;
    let labels = vec![Label::default().with_name("cat"), Label::default()];
    let err = client(&server)
        .delete_labels(
            "ds-1",
            modelarts_data::types::DeleteLabelsRequest::default().with_labels(labels),
        )
        .send()
        .await
        .unwrap_err();
    let failed: Vec<&str> = err
        .as_batch()
        .unwrap()
        .failed()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(failed, ["cat", "#1"], "{err}");
}

/// Ids in a request body sent by the bulk helper.
fn ids_of(request: &RawRequest) -> Vec<String> {
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    body["samples"]
        .as_array()
        .expect("samples")
        .iter()
        .map(|v| v.as_str().expect("string id").to_owned())
        .collect()
}

/// Deterministic "random" failures: about one id in seven.
fn fails(id: &str) -> bool {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    hash % 7 == 0
}

/// The reply of the fake service to one chunk: reset for the chunk holding `reset_id`, else
/// per-item results with the ids that [`fails`] picks failed.
fn service(reset_id: &'static str) -> impl Fn(&RawRequest) -> RawReply + Send + Sync + 'static {
    move |request| {
        let ids = ids_of(request);
        if ids.iter().any(|id| id == reset_id) {
            return RawReply::Reset;
        }
        let results: Vec<serde_json::Value> = ids
            .iter()
            .map(|id| {
                if fails(id) {
                    serde_json::json!({"success": false, "error_code": "ModelArts.4345", "error_msg": format!("{id} is gone")})
                } else {
                    serde_json::json!({"success": true})
                }
            })
            .collect();
        let all_ok = results.iter().all(|r| r["success"] == true);
        RawReply::Json(
            200,
            serde_json::json!({"success": all_ok, "results": results}).to_string(),
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_accounts_for_every_id_once_and_never_resends_a_reset_chunk() {
    let server = RawServer::start(Duration::ZERO, service("id-05020")).await;
    let ids: Vec<String> = (0..10_050).map(|i| format!("id-{i:05}")).collect();
    let progress: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let seen = progress.clone();

    let report: BulkReport<String> = raw_client(server.url())
        .delete_samples_bulk("ds-1", ids.clone())
        .chunk_size(100)
        .concurrency(8)
        .on_progress(move |p| seen.lock().unwrap().push(*p))
        .send_report()
        .await;

    // One outcome per id, in input order.
    let keys: Vec<&String> = report.items().iter().map(|i| &i.key).collect();
    assert_eq!(keys, ids.iter().collect::<Vec<_>>());
    // The chunk holding id-05020 is ids 5000..5100: unknown, never deleted.
    for (i, item) in report.items().iter().enumerate() {
        let expected = if (5000..5100).contains(&i) {
            "unknown"
        } else if fails(&item.key) {
            "failed"
        } else {
            "succeeded"
        };
        let got = match &item.outcome {
            ItemOutcome::Succeeded => "succeeded",
            ItemOutcome::Failed { error_code, .. } => {
                assert_eq!(error_code.as_deref(), Some("ModelArts.4345"));
                "failed"
            }
            ItemOutcome::Unknown { reason } => {
                assert!(reason.contains("may have reached the service"), "{reason}");
                "unknown"
            }
        };
        assert_eq!(got, expected, "{}", item.key);
    }
    let (succeeded, failed, unknown) = report.counts();
    assert_eq!(unknown, 100);
    assert_eq!(succeeded + failed + unknown, 10_050);
    assert!(failed > 1000 && failed < 2000, "{failed}");

    // 101 requests, each id sent exactly once: the reset chunk was not resent.
    let requests = server.requests();
    assert_eq!(requests.len(), 101);
    assert_eq!(report.requests(), 101);
    let mut sent: BTreeMap<String, usize> = BTreeMap::new();
    for request in &requests {
        assert_eq!(request.method, "POST");
        let chunk = ids_of(request);
        assert!(chunk.len() <= 100);
        for id in chunk {
            *sent.entry(id).or_default() += 1;
        }
    }
    assert_eq!(sent.len(), 10_050);
    assert!(sent.values().all(|&n| n == 1));

    // Progress: once per chunk, ending at the report's counts.
    let progress = progress.lock().unwrap().clone();
    assert_eq!(progress.len(), 101);
    let last = progress.last().unwrap();
    assert_eq!(
        (
            last.items_done,
            last.succeeded,
            last.failed,
            last.unknown,
            last.chunks_done
        ),
        (10_050, succeeded, failed, unknown, 101)
    );
    assert!(progress
        .windows(2)
        .all(|w| w[0].items_done < w[1].items_done));

    // `send` turns the same run into an error naming the ids, keeping the report.
    let err = raw_client(server.url())
        .delete_samples_bulk("ds-1", ids.clone())
        .chunk_size(100)
        .concurrency(8)
        .send()
        .await
        .unwrap_err();
    let batch = err.as_batch().unwrap();
    assert_eq!(batch.unknown().len(), 100);
    assert_eq!(batch.failed().len(), failed);
    assert!(err.to_string().contains("and 90 more"), "{err}");
    let unknown_ids: BTreeSet<&str> = batch.unknown().iter().map(|(k, _)| k.as_str()).collect();
    assert!(unknown_ids.contains("id-05020"));
    assert_eq!(
        batch.outcome::<BulkReport<String>>().unwrap().items().len(),
        10_050
    );
}

#[tokio::test]
async fn bulk_with_no_ids_sends_nothing_and_options_reach_every_chunk() {
    let server = RawServer::start(Duration::ZERO, service("never")).await;
    let client = raw_client(server.url());
    let report = client
        .delete_samples_bulk("ds-1", Vec::<String>::new())
        .send()
        .await
        .expect("nothing to do is success");
    assert!(report.items().is_empty());
    assert_eq!(server.count(), 0);

    let report = client
        .delete_samples_bulk("ds-1", ["a", "b", "c"])
        .chunk_size(2)
        .delete_source(true)
        .project_id("fedcba9876543210fedcba9876543210")
        .send_report()
        .await;
    assert_eq!(report.items().len(), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert!(request
            .target
            .starts_with("/v2/fedcba9876543210fedcba9876543210/datasets/ds-1/"));
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["delete_source"], true);
    }
}

#[tokio::test]
async fn a_refused_chunk_is_failed_and_a_server_error_is_unknown() {
    let server = RawServer::start(Duration::ZERO, |request: &RawRequest| {
        if ids_of(request).contains(&"a".to_owned()) {
            RawReply::Json(
                404,
                r#"{"error_code":"ModelArts.4352","error_msg":"no such dataset"}"#.into(),
            )
        } else {
            RawReply::Json(
                503,
                r#"{"error_code":"ModelArts.0001","error_msg":"busy"}"#.into(),
            )
        }
    })
    .await;
    let report = raw_client(server.url())
        .delete_samples_bulk("ds-1", ["a", "b"])
        .chunk_size(1)
        .send_report()
        .await;
    assert_eq!(
        report.items()[0].outcome,
        ItemOutcome::Failed {
            error_code: Some("ModelArts.4352".into()),
            error_msg: Some("no such dataset".into())
        }
    );
    assert!(report.items()[1].outcome.is_unknown());
    // The 503 on a POST is not retried.
    assert_eq!(server.count(), 2);
}
