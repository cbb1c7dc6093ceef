//! Benchmark (ignored by `cargo test`; a measurement, not a timed test) of the bulk helper:
//! 100,000 ids against a loopback server that takes 20 ms per request, chunks of 100,
//! concurrency 8. Prints the wall time next to the ideal (chunks / concurrency) x 20 ms and
//! the process's peak resident memory (`VmHWM`, which includes the in-process server).
//!
//! ```text
//! cargo test --release -p modelarts-data --test bulk_bench -- --ignored --nocapture
//! ```

mod common;

use std::time::{Duration, Instant};

use common::raw::{RawReply, RawRequest, RawServer};
use common::raw_client;

const IDS: usize = 100_000;
const CHUNK: usize = 100;
const CONCURRENCY: usize = 8;
const DELAY: Duration = Duration::from_millis(20);

/// `VmHWM` (peak resident set) of this process in KiB, from `/proc/self/status` (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Every item succeeds; the answer names no ids, so the server does no per-id work.
fn answer(request: &RawRequest) -> RawReply {
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
    let n = body["samples"].as_array().map_or(0, Vec::len);
    let results = vec![r#"{"success":true}"#; n].join(",");
    RawReply::Json(200, format!(r#"{{"success":true,"results":[{results}]}}"#))
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn bulk_delete_100k_ids() {
    let server = RawServer::start(DELAY, answer).await;
    let ids: Vec<String> = (0..IDS).map(|i| format!("{i:032x}")).collect();
    let before = peak_rss_kib();
    let started = Instant::now();

    // What a user writes:
    let report = raw_client(server.url())
        .delete_samples_bulk("dataset-id", ids)
        .chunk_size(CHUNK)
        .concurrency(CONCURRENCY)
        .send()
        .await
        .expect("every id deleted");

    let wall = started.elapsed();
    let chunks = IDS.div_ceil(CHUNK);
    let ideal = DELAY * (chunks.div_ceil(CONCURRENCY) as u32);
    assert_eq!(report.items().len(), IDS);
    assert_eq!(server.count(), chunks);
    println!(
        "{IDS} ids, {chunks} requests of {CHUNK}, concurrency {CONCURRENCY}, {} ms per request",
        DELAY.as_millis()
    );
    println!(
        "wall time {:.3} s; ideal (chunks / concurrency) x delay = {:.3} s; ratio {:.3}",
        wall.as_secs_f64(),
        ideal.as_secs_f64(),
        wall.as_secs_f64() / ideal.as_secs_f64()
    );
    match (before, peak_rss_kib()) {
        (Some(before), Some(after)) => println!(
            "peak RSS (VmHWM, client and server in one process): {:.1} MiB (before the run: {:.1} MiB)",
            after as f64 / 1024.0,
            before as f64 / 1024.0
        ),
        _ => println!("peak RSS: /proc/self/status not available"),
    }
}
