//! A raw-TCP loopback HTTP/1.1 server whose answer is chosen per request by a handler, so a
//! test can reset one connection among many concurrent ones (which wiremock cannot do), and
//! which records every request it received.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Largest request head or body the server reads (requests beyond it are dropped).
const MAX_REQUEST: usize = 16 * 1024 * 1024;

/// A request as received.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// `POST`, `GET`, ...
    pub method: String,
    /// Path and query as sent.
    pub target: String,
    /// Body bytes.
    pub body: Vec<u8>,
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum RawReply {
    /// Answer with this status and JSON body.
    Json(u16, String),
    /// Reset the connection (RST) without answering.
    Reset,
}

type Handler = dyn Fn(&RawRequest) -> RawReply + Send + Sync;

/// The server; it runs until the test's runtime stops.
pub struct RawServer {
    url: String,
    received: Arc<Mutex<Vec<RawRequest>>>,
}

impl RawServer {
    /// Starts a server that waits `delay` before each answer.
    pub async fn start(
        delay: Duration,
        handler: impl Fn(&RawRequest) -> RawReply + Send + Sync + 'static,
    ) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = handler.clone();
                let log = log.clone();
                tokio::spawn(serve(stream, handler, log, delay));
            }
        });
        RawServer { url, received }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.received.lock().expect("log").clone()
    }

    /// Number of requests received so far.
    pub fn count(&self) -> usize {
        self.received.lock().expect("log").len()
    }
}

/// Serves the requests of one keep-alive connection.
async fn serve(
    mut stream: TcpStream,
    handler: Arc<Handler>,
    log: Arc<Mutex<Vec<RawRequest>>>,
    delay: Duration,
) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let reply = handler(&request);
        log.lock().expect("log").push(request);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        match reply {
            RawReply::Reset => {
                let _ = stream.set_zero_linger();
                return;
            }
            RawReply::Json(status, body) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Request-Id: raw-{status}\r\n\r\n",
                    body.len()
                );
                // One write: a head and a body in two small writes meet Nagle's algorithm and
                // the client's delayed ACK, which adds ~40 ms to every answer.
                let mut answer = head.into_bytes();
                answer.extend_from_slice(body.as_bytes());
                if stream.write_all(&answer).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Reads one request (head and `Content-Length` body); `None` at end of stream or on garbage.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<RawRequest> {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_REQUEST {
            return None;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let length: usize = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    if length > MAX_REQUEST {
        return None;
    }
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 65536];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(RawRequest {
        method,
        target,
        body,
    })
}
