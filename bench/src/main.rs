//! Per-request overhead of the generated client, against a hand-written reqwest call doing the
//! same work (sign, send, receive, decode into the same types), both against one loopback
//! server; plus signing alone and decoding a 100-item sample page alone.
//!
//! `cargo run --release -p sdk-bench` prints a Markdown section (used by
//! `cargo xtask bench --client`). It is a measurement, never a test.

use std::time::{Duration, Instant, SystemTime};

use modelarts_data::{types, Client, Config, Credentials};
use sdk_runtime::sign;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const AK: &str = "BENCHAKEXAMPLE000001";
const SK: &str = "BenchSecretKeyExample/+=0123456789abcdef";
const PROJECT: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const DATASET: &str = "WxCREuCkBSAlQr9xrde";
/// Rounds of requests. Within a round the two clients take turns request by request (which
/// goes first alternates), so that load from other processes falls on both alike; each request
/// is timed on its own.
const ROUNDS: usize = 30;
/// Requests per client per round.
const PER_ROUND: usize = 100;

/// A page of 100 samples shaped like the reference's example listing.
fn sample_page() -> String {
    let samples: Vec<serde_json::Value> = (0..100)
        .map(|i| {
            serde_json::json!({
                "sample_id": format!("{i:032x}"),
                "sample_type": 0,
                "labels": [
                    {"name": "cat", "type": 0, "id": "1", "score": 1.0},
                    {"name": "dog", "type": 0, "id": "2", "score": 0.8}
                ],
                "source": format!("obs://bucket/dataset/input/image_{i}.jpg"),
                "metadata": {"@modelarts:import_origin": 0, "@modelarts:hard": false},
                "sample_time": 1_606_000_000_000_i64 + i,
                "sample_status": "__ALL__",
                "sample_size": 4096 + i,
                "labelers": [],
                "deletion_reasons": []
            })
        })
        .collect();
    serde_json::json!({"sample_count": 100, "samples": samples}).to_string()
}

/// A keep-alive HTTP/1.1 server that answers every request with `body`.
async fn serve(listener: TcpListener, body: &'static str) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        tokio::spawn(connection(stream, body));
    }
}

async fn connection(mut stream: TcpStream, body: &'static str) {
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: bench\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut buf = Vec::with_capacity(8192);
    let mut chunk = [0_u8; 8192];
    loop {
        // One request: headers up to the blank line, then Content-Length bytes of body.
        let head_end = loop {
            if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..head_end + length);
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// The hand-written equivalent of `client.list_samples(DATASET).limit(100).send()`.
async fn hand_written(http: &reqwest::Client, host: &str) -> types::ListSamplesResponse {
    let path = format!("/v2/{PROJECT}/datasets/{DATASET}/data-annotations/samples");
    let query = vec![("limit".to_owned(), "100".to_owned())];
    let date = sign::format_sdk_date(SystemTime::now());
    let headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    let signed = sign::sign(&sign::SignInput {
        method: "GET",
        host,
        path: &path,
        query: &query,
        headers: &headers,
        body: b"",
        sdk_date: &date,
        ak: AK,
        sk: SK,
        security_token: None,
        project_id: Some(PROJECT),
    });
    let url = format!("http://{host}{path}?{}", signed.canonical_query);
    let mut request = http.get(url);
    for (name, value) in &signed.headers {
        if !name.eq_ignore_ascii_case("host") {
            request = request.header(name, value);
        }
    }
    let response = request.send().await.expect("loopback answers");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("page decodes")
}

fn per_op(total: Duration, count: usize) -> Duration {
    total / u32::try_from(count).unwrap_or(u32::MAX)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn show(d: Duration) -> String {
    let ns = d.as_nanos();
    if ns >= 10_000 {
        format!("{:.1} µs", ns as f64 / 1000.0)
    } else {
        format!("{ns} ns")
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let body: &'static str = Box::leak(sample_page().into_boxed_str());
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(serve(listener, body));
    let host = address.to_string();

    let config = Config::builder()
        .endpoint(format!("http://{host}"))
        .allow_http(true)
        .credentials(Credentials::aksk(AK, SK))
        .project_id(PROJECT)
        .build()
        .expect("config");
    let client = Client::new(config).expect("client");
    let http = reqwest::Client::builder().build().expect("reqwest");

    // Both must produce the same value before anything is timed.
    let ours = client
        .list_samples(DATASET)
        .limit(100)
        .send()
        .await
        .expect("generated client");
    let theirs = hand_written(&http, &host).await;
    assert_eq!(ours, theirs);
    assert_eq!(ours.samples.as_ref().map(Vec::len), Some(100));

    let mut generated = Vec::new();
    let mut manual = Vec::new();
    let mut round_ratios = Vec::new();
    for round in 0..ROUNDS {
        let mut ours = Vec::with_capacity(PER_ROUND);
        let mut theirs = Vec::with_capacity(PER_ROUND);
        for i in 0..PER_ROUND {
            let generated_first = (round + i) % 2 == 0;
            for turn in 0..2 {
                let started = Instant::now();
                if (turn == 0) == generated_first {
                    let page = client.list_samples(DATASET).limit(100).send().await;
                    std::hint::black_box(page.expect("generated client"));
                    ours.push(started.elapsed());
                } else {
                    std::hint::black_box(hand_written(&http, &host).await);
                    theirs.push(started.elapsed());
                }
            }
        }
        round_ratios
            .push(median(ours.clone()).as_secs_f64() / median(theirs.clone()).as_secs_f64());
        generated.extend(ours);
        manual.extend(theirs);
    }
    let generated = median(generated);
    let manual = median(manual);
    round_ratios.sort_by(f64::total_cmp);
    let quartiles = (round_ratios[ROUNDS / 4], round_ratios[ROUNDS * 3 / 4]);

    let signing = {
        let path = format!("/v2/{PROJECT}/datasets/{DATASET}/data-annotations/samples");
        let query = vec![("limit".to_owned(), "100".to_owned())];
        let headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        let count = 20_000;
        let started = Instant::now();
        for _ in 0..count {
            std::hint::black_box(sign::sign(&sign::SignInput {
                method: "GET",
                host: &host,
                path: &path,
                query: &query,
                headers: &headers,
                body: b"",
                sdk_date: "20261202T060000Z",
                ak: AK,
                sk: SK,
                security_token: None,
                project_id: Some(PROJECT),
            }));
        }
        per_op(started.elapsed(), count)
    };
    let decoding = {
        let count = 2_000;
        let started = Instant::now();
        for _ in 0..count {
            let page: types::ListSamplesResponse =
                serde_json::from_str(body).expect("page decodes");
            std::hint::black_box(page);
        }
        per_op(started.elapsed(), count)
    };

    let ratio = generated.as_secs_f64() / manual.as_secs_f64();
    println!("## Client overhead\n");
    println!(
        "One `list_samples(..).limit(100).send()` (build, sign with AK/SK, send, receive a {} KB \
         page of 100 samples, decode) against a hand-written reqwest call doing the same work \
         with the same signer and types, on one loopback keep-alive connection. The two take \
         turns request by request ({ROUNDS} rounds of {PER_ROUND} requests each); every request \
         is timed on its own and the table gives medians. The ratio's spread is the middle half \
         of the {ROUNDS} per-round ratios.\n",
        body.len() / 1024
    );
    println!("| measurement | per request |\n|---|---:|");
    println!("| generated client | {} |", show(generated));
    println!("| hand-written reqwest | {} |", show(manual));
    println!(
        "| ratio generated / hand-written | {ratio:.2}x (middle half of rounds {:.2}x-{:.2}x; target: 1.10x or less) |",
        quartiles.0, quartiles.1
    );
    println!("| signing alone (SDK-HMAC-SHA256) | {} |", show(signing));
    println!("| decoding a 100-sample page alone | {} |", show(decoding));
}
