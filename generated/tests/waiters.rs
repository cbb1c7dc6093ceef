//! Waiters (`x-waiter` in the spec) against loopback servers: a job that completes, one that
//! fails, one that never ends, and a poll that hangs.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use modelarts_data::runtime::waiter::WaitErrorKind;
use modelarts_data::types::{ImportTask, ProcessorTaskStatus, QueuedTaskStatus};
use modelarts_data::Error;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const IMPORT_TASK_PATH: &str = r"^/v2/[^/]+/datasets/ds/import-tasks/task-1$";
const FAST: Duration = Duration::from_millis(5);

/// A server whose import task answers the given responses in turn, then repeats the last.
async fn import_task(answers: Vec<ResponseTemplate>) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let polls = Arc::new(AtomicUsize::new(0));
    let counter = polls.clone();
    Mock::given(method("GET"))
        .and(path_regex(IMPORT_TASK_PATH))
        .respond_with(move |_: &Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            answers[n.min(answers.len() - 1)].clone()
        })
        .mount(&server)
        .await;
    (server, polls)
}

fn state(status: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "task_id": "task-1",
        "status": status,
        "imported_sample_count": 20,
    }))
}

#[tokio::test]
async fn a_waiter_returns_the_final_state_and_rides_out_a_transient_error() {
    let (server, polls) = import_task(vec![
        state("QUEUING"),
        state("RUNNING"),
        // Transient: the GET is retried with the client's policy, the wait goes on.
        ResponseTemplate::new(503).set_body_string("busy"),
        state("RUNNING"),
        state("COMPLETED"),
    ])
    .await;
    let task: ImportTask = client(&server)
        .wait_import_task("ds", "task-1")
        .poll_interval(FAST)
        .timeout(Duration::from_secs(10))
        .await
        .expect("the job completes");
    assert_eq!(task.status, Some(QueuedTaskStatus::Completed));
    assert_eq!(task.imported_sample_count, Some(20));
    assert_eq!(polls.load(Ordering::SeqCst), 5);
    assert!(
        QueuedTaskStatus::Completed.is_terminal() && QueuedTaskStatus::Completed.is_succeeded()
    );
    assert!(!QueuedTaskStatus::Running.is_terminal());
    assert!(QueuedTaskStatus::NotExist.is_failed());
    assert!(!QueuedTaskStatus::Unknown("PAUSED".into()).is_terminal());
}

#[tokio::test]
async fn a_failed_job_is_an_error_carrying_its_final_state() {
    let (server, polls) = import_task(vec![state("RUNNING"), state("FAILED")]).await;
    let err = client(&server)
        .wait_import_task("ds", "task-1")
        .poll_interval(FAST)
        .await
        .expect_err("the job failed");
    let Error::Wait(wait) = &err else {
        panic!("expected Error::Wait, got {err:?}");
    };
    assert_eq!(wait.kind(), WaitErrorKind::Failed);
    assert_eq!(
        (wait.waiter(), wait.state(), wait.polls()),
        ("import_task", Some("FAILED"), 2)
    );
    let last: ImportTask = wait.response_as().expect("a response").expect("decodes");
    assert_eq!(last.status, Some(QueuedTaskStatus::Failed));
    assert!(err.to_string().contains("failure state FAILED"), "{err}");
    assert_eq!(
        polls.load(Ordering::SeqCst),
        2,
        "no poll after a terminal state"
    );
}

#[tokio::test]
async fn a_job_that_never_ends_times_out_with_its_last_state() {
    let (server, polls) = import_task(vec![state("RUNNING")]).await;
    let started = Instant::now();
    let err = client(&server)
        .wait_import_task("ds", "task-1")
        .poll_interval(Duration::from_millis(20))
        .timeout(Duration::from_millis(200))
        .await
        .expect_err("times out");
    let wait = err.as_wait().expect("Error::Wait");
    assert_eq!(wait.kind(), WaitErrorKind::TimedOut);
    assert_eq!(wait.state(), Some("RUNNING"));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // Polls started: the last one may be abandoned at the deadline before it reaches the server.
    let n = polls.load(Ordering::SeqCst) as u32;
    assert!(
        n >= 2 && (wait.polls() == n || wait.polls() == n + 1),
        "{n} polls answered, error says {}",
        wait.polls()
    );
}

#[tokio::test]
async fn a_poll_that_hangs_is_abandoned_at_the_timeout() {
    let (server, _) = import_task(vec![state("RUNNING").set_delay(Duration::from_secs(30))]).await;
    let started = Instant::now();
    let err = client(&server)
        .wait_import_task("ds", "task-1")
        .timeout(Duration::from_millis(300))
        .await
        .expect_err("times out");
    assert_eq!(
        err.as_wait().map(|w| w.kind()),
        Some(WaitErrorKind::TimedOut)
    );
    assert_eq!(
        err.as_wait().and_then(|w| w.state()),
        None,
        "no response ever arrived"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_integer_status_waiter_reads_its_enum() {
    let server = MockServer::start().await;
    let polls = Arc::new(AtomicUsize::new(0));
    let counter = polls.clone();
    Mock::given(method("GET"))
        .and(path_regex(r"^/v2/[^/]+/processor-tasks/p-1$"))
        .respond_with(move |_: &Request| {
            let status = if counter.fetch_add(1, Ordering::SeqCst) < 2 {
                1
            } else {
                2
            };
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "task_id": "p-1", "status": status }))
        })
        .mount(&server)
        .await;
    let task = client(&server)
        .describe_processor_task("p-1")
        .into_waiter()
        .poll_interval(FAST)
        .wait()
        .await
        .expect("completes");
    assert_eq!(task.status, Some(ProcessorTaskStatus::Completed));
    assert_eq!(polls.load(Ordering::SeqCst), 3);
    assert!(ProcessorTaskStatus::Stopped.is_failed() && ProcessorTaskStatus::Stopped.is_terminal());
}
