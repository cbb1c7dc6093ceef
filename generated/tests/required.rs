//! Required means required: a request body cannot be built without its required fields, and
//! an operation's required query parameters are named, checked before anything is sent.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{client, received, PROJECT};
use modelarts_data::Error;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const METRICS: &str = r#"{"metrics":{"labeled":{"1700000000000":3}}}"#;

async fn metrics_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(METRICS, "application/json"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_missing_required_query_parameter_is_named_and_nothing_is_sent() {
    let server = metrics_server().await;
    let err = client(&server)
        .get_dataset_metrics("ds-1")
        .end_time(1_700_000_600_000)
        .send()
        .await
        .expect_err("start_time is required");
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("GetDatasetMetrics"), "{message}");
    assert!(message.contains("`start_time`"), "{message}");
    assert!(
        !message.contains("`end_time`"),
        "end_time was set: {message}"
    );
    assert!(message.contains("nothing was sent"), "{message}");

    // Both missing: both are named in one error.
    let err = client(&server)
        .get_dataset_metrics("ds-1")
        .send()
        .await
        .expect_err("both are required");
    let message = err.to_string();
    assert!(
        message.contains("`end_time`") && message.contains("`start_time`"),
        "{message}"
    );
    assert!(received(&server).await.is_empty(), "a request was sent");
}

/// `send` returns a named, `Send + 'static` future: it can be stored and spawned as is, and
/// nothing goes out until it is polled.
#[tokio::test]
async fn a_call_future_is_lazy_and_can_be_spawned() {
    let server = metrics_server().await;
    let call: modelarts_data::runtime::CallFuture<
        modelarts_data::types::GetDatasetMetricsResponse,
    > = client(&server)
        .get_dataset_metrics("ds-1")
        .start_time(1_700_000_000_000)
        .end_time(1_700_000_600_000)
        .send();
    tokio::task::yield_now().await;
    assert!(
        received(&server).await.is_empty(),
        "sent before it was polled"
    );
    let metrics = tokio::spawn(call).await.expect("joins").expect("decodes");
    assert!(metrics.metrics.is_some(), "{metrics:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn named_required_parameters_travel_under_their_own_names() {
    let server = metrics_server().await;
    let (start, end) = (1_700_000_000_000_i64, 1_700_000_600_000_i64);
    // Set in the "wrong" order on purpose: names, not positions, decide.
    let metrics = client(&server)
        .get_dataset_metrics("ds-1")
        .end_time(end)
        .start_time(start)
        .send()
        .await
        .expect("200 decodes");
    let labeled = &metrics.metrics.expect("metrics decoded")["labeled"];
    assert_eq!(labeled.get("1700000000000"), Some(&3));
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].url.path(),
        format!("/v2/{PROJECT}/datasets/ds-1/metrics")
    );
    let mut query: Vec<(String, String)> = reqs[0].url.query_pairs().into_owned().collect();
    query.sort();
    assert_eq!(
        query,
        [
            ("end_time".to_owned(), end.to_string()),
            ("start_time".to_owned(), start.to_string()),
        ]
    );
}

/// `target/<profile>/deps`, where cargo put this test and the crates it links.
fn deps_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.parent().expect("deps directory").to_path_buf()
}

/// The `modelarts_data` library this test was built against: the newest one in `deps`.
fn sdk_rlib(deps: &Path) -> PathBuf {
    std::fs::read_dir(deps)
        .expect("deps directory is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libmodelarts_data-") && n.ends_with(".rlib"))
        })
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .expect("cargo built libmodelarts_data-*.rlib next to this test")
}

/// Type-checks `source` as a crate using the SDK; `Ok` if it compiles, else the compiler's
/// diagnostics.
fn check(name: &str, source: &str) -> Result<(), String> {
    let deps = deps_dir();
    let rlib = sdk_rlib(&deps);
    let dir = std::env::temp_dir().join(format!("required-check-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("user.rs");
    std::fs::write(&file, source).expect("write snippet");
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--emit",
            "metadata",
        ])
        .arg("--crate-name")
        .arg(format!("user_{name}"))
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg("--extern")
        .arg(format!("modelarts_data={}", rlib.display()))
        .arg("--out-dir")
        .arg(&dir)
        .arg(&file)
        .output()
        .expect("rustc runs");
    let _ = std::fs::remove_dir_all(&dir);
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Asserts that `source` fails to compile with error `code` and a message containing `text`.
fn assert_rejected(name: &str, source: &str, code: &str, text: &str) {
    let diagnostics = check(name, source).expect_err("the snippet must not compile");
    assert!(
        diagnostics.contains(&format!("error[{code}]")) && diagnostics.contains(text),
        "{name}: expected {code} mentioning {text:?}, got:\n{diagnostics}"
    );
}

#[test]
fn a_body_with_required_fields_cannot_be_built_without_them() {
    // The control: the same crate setup compiles the right way of writing it, so the failures
    // below come from the API, not from the harness.
    check(
        "control",
        r#"
        use modelarts_data::types::{BatchDeleteWorkersRequest, SendEmailsRequest};
        pub fn bodies() -> (SendEmailsRequest, BatchDeleteWorkersRequest) {
            let mut emails = SendEmailsRequest::new(["ann@example.com"]);
            emails.emails.push("bob@example.com".to_owned());
            (emails, BatchDeleteWorkersRequest::new(vec!["w-1".to_owned()]))
        }
        pub fn metrics(client: &modelarts_data::Client) {
            let _ = client.get_dataset_metrics("ds").start_time(1).end_time(2);
        }
        "#,
    )
    .expect("the documented way compiles");

    // No `Default` that would send an empty required list.
    assert_rejected(
        "no_default",
        "pub fn f() { let _ = modelarts_data::types::SendEmailsRequest::default(); }",
        "E0599",
        "default",
    );
    // `new` takes every required field.
    assert_rejected(
        "new_needs_fields",
        "pub fn f() { let _ = modelarts_data::types::BatchDeleteWorkersRequest::new(); }",
        "E0061",
        "argument",
    );
    // Struct literals are refused: they would break when the API adds a field.
    assert_rejected(
        "no_literal",
        "pub fn f() { let _ = modelarts_data::types::SendEmailsRequest { emails: Vec::new() }; }",
        "E0639",
        "non-exhaustive",
    );
    // The two times are no longer positional arguments that could be swapped.
    assert_rejected(
        "no_positional_times",
        "pub fn f(c: &modelarts_data::Client) { let _ = c.get_dataset_metrics(\"ds\", 2, 1); }",
        "E0061",
        "argument",
    );
}
