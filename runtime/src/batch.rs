//! Batch operations: pairing per-item results with the items sent, and sending any number of
//! items in chunks.
//!
//! Several APIs answer a batch call with HTTP 200 and a body such as
//! `{"success": false, "results": [{"success": true}, {"success": false, "error_code": ..}]}`,
//! whose results follow the order of the request's items. Generated code (from the spec's
//! `x-batch` extension) turns such a body into a [`BatchOutcome`]: one [`ItemOutcome`] per item
//! sent, keyed by the item (a sample id, a label name, an e-mail address). Nothing is guessed:
//!
//! - an item whose result says `success: true` [`ItemOutcome::Succeeded`];
//! - `success: false` is [`ItemOutcome::Failed`] with the item's `error_code` / `error_msg`;
//! - a result without a `success` flag, results whose count differs from the items sent, or no
//!   results and a batch flag that is not `true` make the item [`ItemOutcome::Unknown`];
//! - no per-item results at all with `success: true` for the batch: every item succeeded, as the
//!   service says (this is the documented answer of a fully successful call).
//!
//! [`BatchOutcome::into_result`] (what a generated `send()` does) turns anything short of full
//! success (a batch flag that is not `true`, any failed or unknown item) into
//! [`crate::Error::Batch`], whose message names the failed and unknown items.
//!
//! [`run_bulk`] is the machinery behind generated `*_bulk` helpers: it splits items into chunks,
//! sends them with bounded concurrency and reports progress; a chunk is never sent twice.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::future::Future;

use crate::error::{Error, TimeoutKind};

/// Items per request used by bulk helpers unless set otherwise.
///
/// 100 keeps one request small (about 4 KB of sample ids), so it finishes far inside the default
/// per-attempt timeout, and bounds what a single failed or unknown request can affect to 100
/// items; larger chunks save little, because the service's time per request grows with its item
/// count.
pub const DEFAULT_CHUNK_SIZE: usize = 100;

/// Requests in flight at once used by bulk helpers unless set otherwise.
///
/// Four overlaps network latency well while staying modest towards the API gateway's per-user
/// rate limits (a 429 is retried after the wait the gateway asks for, which slows everything).
pub const DEFAULT_CONCURRENCY: usize = 4;

/// How many items a [`crate::Error::Batch`] message lists by name before summarising.
const LISTED_IN_MESSAGE: usize = 10;

/// What happened to one item of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemOutcome {
    /// The service reported success for the item.
    Succeeded,
    /// The service reported that the item failed.
    Failed {
        /// The item's error code, if the service gave one.
        error_code: Option<String>,
        /// The item's error message, if the service gave one.
        error_msg: Option<String>,
    },
    /// Whether the item was processed cannot be known (no result for it, a request that failed
    /// after it may have reached the service, ...). Never counted as a success.
    Unknown {
        /// Why the outcome is unknown.
        reason: String,
    },
}

impl ItemOutcome {
    /// True for [`ItemOutcome::Succeeded`].
    pub fn is_succeeded(&self) -> bool {
        matches!(self, ItemOutcome::Succeeded)
    }

    /// True for [`ItemOutcome::Failed`].
    pub fn is_failed(&self) -> bool {
        matches!(self, ItemOutcome::Failed { .. })
    }

    /// True for [`ItemOutcome::Unknown`].
    pub fn is_unknown(&self) -> bool {
        matches!(self, ItemOutcome::Unknown { .. })
    }

    fn unknown(reason: impl Into<String>) -> Self {
        ItemOutcome::Unknown {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ItemOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemOutcome::Succeeded => f.write_str("succeeded"),
            ItemOutcome::Failed {
                error_code,
                error_msg,
            } => {
                f.write_str("failed")?;
                match (error_code, error_msg) {
                    (Some(c), Some(m)) => write!(f, ": {c}: {m}"),
                    (Some(c), None) => write!(f, ": {c}"),
                    (None, Some(m)) => write!(f, ": {m}"),
                    (None, None) => Ok(()),
                }
            }
            ItemOutcome::Unknown { reason } => write!(f, "unknown: {reason}"),
        }
    }
}

/// One item of a batch (identified by its key) with its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemResult<K> {
    /// The item, as the caller named it (a sample id, a label name, ...).
    pub key: K,
    /// What happened to it.
    pub outcome: ItemOutcome,
}

/// The batch-level part of a response, as generated code reads it from the typed body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// The batch's `success` flag (`None` when the body has none).
    pub success: Option<bool>,
    /// The batch's error code, if any.
    pub error_code: Option<String>,
    /// The batch's error message, if any.
    pub error_msg: Option<String>,
    /// The per-item results in request order (`None` when the body has none).
    pub results: Option<Vec<ItemReport>>,
}

/// One per-item result as the service sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemReport {
    /// The item's `success` flag (`None` when missing).
    pub success: Option<bool>,
    /// The item's error code, if any.
    pub error_code: Option<String>,
    /// The item's error message, if any.
    pub error_msg: Option<String>,
}

/// The accessors [`BatchOutcome`] and [`BulkReport`] share over their `items` field: one
/// definition, so the two cannot drift apart.
macro_rules! item_accessors {
    () => {
        /// Every item, in the order sent, with its outcome.
        pub fn items(&self) -> &[ItemResult<K>] {
            &self.items
        }

        /// The items with their outcomes, consuming `self`.
        pub fn into_items(self) -> Vec<ItemResult<K>> {
            self.items
        }

        /// Items the service reported as succeeded.
        pub fn succeeded(&self) -> impl Iterator<Item = &K> {
            self.items
                .iter()
                .filter(|i| i.outcome.is_succeeded())
                .map(|i| &i.key)
        }

        /// Items the service reported as failed, with their outcome.
        pub fn failed(&self) -> impl Iterator<Item = &ItemResult<K>> {
            self.items.iter().filter(|i| i.outcome.is_failed())
        }

        /// Items whose outcome cannot be known, with the reason.
        pub fn unknown(&self) -> impl Iterator<Item = &ItemResult<K>> {
            self.items.iter().filter(|i| i.outcome.is_unknown())
        }

        /// `(succeeded, failed, unknown)` counts.
        pub fn counts(&self) -> (usize, usize, usize) {
            let mut counts = (0, 0, 0);
            for item in &self.items {
                match item.outcome {
                    ItemOutcome::Succeeded => counts.0 += 1,
                    ItemOutcome::Failed { .. } => counts.1 += 1,
                    ItemOutcome::Unknown { .. } => counts.2 += 1,
                }
            }
            counts
        }
    };
}

/// Every item of one batch call paired with its outcome, plus the response it came from.
///
/// `R` is the response as the generated method returns it (for example
/// `Reply<DeleteSamplesResponse>`, which also holds the status, request id and headers).
#[derive(Debug, Clone)]
pub struct BatchOutcome<K, R> {
    operation_id: &'static str,
    items: Vec<ItemResult<K>>,
    batch: BatchReport,
    problem: Option<String>,
    request_id: Option<String>,
    response: R,
}

impl<K, R> BatchOutcome<K, R> {
    /// Pairs `keys` (the items sent, in order) with the results in `batch`, following the rules
    /// in the [module docs](self). `request_id` is the response's request id.
    pub fn new(
        operation_id: &'static str,
        keys: Vec<K>,
        batch: BatchReport,
        request_id: Option<String>,
        response: R,
    ) -> Self {
        let (outcomes, problem) = pair_results(keys.len(), &batch);
        let items = keys
            .into_iter()
            .zip(outcomes)
            .map(|(key, outcome)| ItemResult { key, outcome })
            .collect();
        BatchOutcome {
            operation_id,
            items,
            batch,
            problem,
            request_id,
            response,
        }
    }

    item_accessors!();

    /// The batch's `success` flag as received (`None` when the body has none).
    pub fn batch_success(&self) -> Option<bool> {
        self.batch.success
    }

    /// The batch-level error code and message, if the service gave them.
    pub fn batch_error(&self) -> (Option<&str>, Option<&str>) {
        (
            self.batch.error_code.as_deref(),
            self.batch.error_msg.as_deref(),
        )
    }

    /// True when the batch flag is `true` and every item succeeded.
    pub fn is_complete_success(&self) -> bool {
        self.batch.success == Some(true)
            && self.problem.is_none()
            && self.items.iter().all(|i| i.outcome.is_succeeded())
    }

    /// The response the outcome was read from.
    pub fn response(&self) -> &R {
        &self.response
    }

    /// The response, consuming the outcome.
    pub fn into_response(self) -> R {
        self.response
    }

    /// The request id of the response (quote it to support).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl<K: fmt::Display, R: Send + Sync + 'static> BatchOutcome<K, R> {
    /// The response when every item succeeded; otherwise [`Error::Batch`], whose message names
    /// the failed and unknown items and which keeps this outcome (see [`BatchError::outcome`]).
    pub fn into_result(self) -> Result<R, Error>
    where
        K: Send + Sync + 'static,
    {
        if self.is_complete_success() {
            return Ok(self.response);
        }
        let mut error = BatchError::from_items(self.operation_id, &self.items);
        error.batch_success = Some(self.batch.success);
        error.batch_error_code = self.batch.error_code.clone();
        error.batch_error_msg = self.batch.error_msg.clone();
        error.problem = self.problem.clone();
        error.request_id = self.request_id.clone();
        error.outcome = Some(Box::new(self));
        Err(Error::Batch(Box::new(error)))
    }
}

/// One outcome per item: see the [module docs](self) for the rules. The second value explains a
/// problem of the response as a whole (for the error message), if there is one.
fn pair_results(count: usize, batch: &BatchReport) -> (Vec<ItemOutcome>, Option<String>) {
    let batch_words = || match (&batch.error_code, &batch.error_msg) {
        (Some(c), Some(m)) => format!(" ({c}: {m})"),
        (Some(c), None) => format!(" ({c})"),
        (None, Some(m)) => format!(" ({m})"),
        (None, None) => String::new(),
    };
    match &batch.results {
        Some(results) if results.len() == count => {
            let outcomes = results
                .iter()
                .map(|r| match r.success {
                    Some(true) => ItemOutcome::Succeeded,
                    Some(false) => ItemOutcome::Failed {
                        error_code: r.error_code.clone(),
                        error_msg: r.error_msg.clone(),
                    },
                    None => ItemOutcome::unknown("the item's result has no `success` flag"),
                })
                .collect();
            let problem = match batch.success {
                Some(true) => None,
                Some(false) => Some(format!(
                    "the service reported the batch as failed{}",
                    batch_words()
                )),
                None => Some("the response has no `success` flag for the batch".to_owned()),
            };
            (outcomes, problem)
        }
        Some(results) => {
            let why = format!(
                "the service returned {} results for {count} items, so they cannot be paired",
                results.len()
            );
            (vec![ItemOutcome::unknown(why.clone()); count], Some(why))
        }
        None => match batch.success {
            Some(true) => (vec![ItemOutcome::Succeeded; count], None),
            Some(false) => {
                let why = format!(
                    "the service reported the batch as failed{} without per-item results",
                    batch_words()
                );
                (vec![ItemOutcome::unknown(why.clone()); count], Some(why))
            }
            None => {
                let why = "the response has neither a `success` flag nor per-item results";
                (vec![ItemOutcome::unknown(why); count], Some(why.to_owned()))
            }
        },
    }
}

/// Details of [`Error::Batch`]: a batch call (or a bulk run) in which not every item is known to
/// have succeeded.
///
/// `Display` names up to ten failed and ten unknown items with their reasons; [`Self::failed`]
/// and [`Self::unknown`] list them all, and [`Self::outcome`] gives back the typed
/// [`BatchOutcome`] (or [`BulkReport`]) with the decoded response.
pub struct BatchError {
    operation_id: &'static str,
    total: usize,
    succeeded: usize,
    failed: Vec<(String, ItemOutcome)>,
    unknown: Vec<(String, ItemOutcome)>,
    batch_success: Option<Option<bool>>,
    batch_error_code: Option<String>,
    batch_error_msg: Option<String>,
    problem: Option<String>,
    request_id: Option<String>,
    outcome: Option<Box<dyn Any + Send + Sync>>,
}

impl BatchError {
    fn from_items<K: fmt::Display>(operation_id: &'static str, items: &[ItemResult<K>]) -> Self {
        let mut error = BatchError {
            operation_id,
            total: items.len(),
            succeeded: 0,
            failed: Vec::new(),
            unknown: Vec::new(),
            batch_success: None,
            batch_error_code: None,
            batch_error_msg: None,
            problem: None,
            request_id: None,
            outcome: None,
        };
        for item in items {
            match &item.outcome {
                ItemOutcome::Succeeded => error.succeeded += 1,
                ItemOutcome::Failed { .. } => error
                    .failed
                    .push((item.key.to_string(), item.outcome.clone())),
                ItemOutcome::Unknown { .. } => error
                    .unknown
                    .push((item.key.to_string(), item.outcome.clone())),
            }
        }
        error
    }

    /// Operation id of the call (empty when unknown).
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }

    /// Number of items sent.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Number of items that succeeded.
    pub fn succeeded_count(&self) -> usize {
        self.succeeded
    }

    /// Failed items (their key as text) with their outcome.
    pub fn failed(&self) -> &[(String, ItemOutcome)] {
        &self.failed
    }

    /// Items whose outcome is unknown (their key as text) with the reason.
    pub fn unknown(&self) -> &[(String, ItemOutcome)] {
        &self.unknown
    }

    /// The batch's `success` flag as received; `None` for a bulk run (many responses).
    pub fn batch_success(&self) -> Option<Option<bool>> {
        self.batch_success
    }

    /// The batch-level error code, if the service gave one.
    pub fn error_code(&self) -> Option<&str> {
        self.batch_error_code.as_deref()
    }

    /// The batch-level error message, if the service gave one.
    pub fn error_msg(&self) -> Option<&str> {
        self.batch_error_msg.as_deref()
    }

    /// Request id of the response (single calls only).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The full typed outcome: `BatchOutcome<String, Reply<Response>>` for a single call,
    /// `BulkReport<String>` for a bulk run. `None` if `T` is not its type.
    pub fn outcome<T: 'static>(&self) -> Option<&T> {
        self.outcome.as_ref()?.downcast_ref::<T>()
    }
}

impl fmt::Debug for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchError")
            .field("operation_id", &self.operation_id)
            .field("total", &self.total)
            .field("succeeded", &self.succeeded)
            .field("failed", &self.failed)
            .field("unknown", &self.unknown)
            .field("batch_success", &self.batch_success)
            .field("batch_error_code", &self.batch_error_code)
            .field("batch_error_msg", &self.batch_error_msg)
            .field("problem", &self.problem)
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

fn list_items(f: &mut fmt::Formatter<'_>, items: &[(String, ItemOutcome)]) -> fmt::Result {
    for (i, (key, outcome)) in items.iter().take(LISTED_IN_MESSAGE).enumerate() {
        let sep = if i == 0 { "" } else { "; " };
        match outcome {
            ItemOutcome::Unknown { reason } => write!(f, "{sep}{key:?}: {reason}")?,
            other => write!(f, "{sep}{key:?}: {other}")?,
        }
    }
    if items.len() > LISTED_IN_MESSAGE {
        write!(f, "; and {} more", items.len() - LISTED_IN_MESSAGE)?;
    }
    Ok(())
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.operation_id.is_empty() {
            write!(f, "{}: ", self.operation_id)?;
        }
        write!(f, "{} of {} items succeeded", self.succeeded, self.total)?;
        if !self.failed.is_empty() {
            write!(f, "; {} failed [", self.failed.len())?;
            list_items(f, &self.failed)?;
            f.write_str("]")?;
        }
        if !self.unknown.is_empty() {
            write!(f, "; {} unknown [", self.unknown.len())?;
            list_items(f, &self.unknown)?;
            f.write_str("]")?;
        }
        if let Some(problem) = &self.problem {
            write!(f, "; {problem}")?;
        }
        if let Some(rid) = &self.request_id {
            write!(f, " (request id {rid})")?;
        }
        Ok(())
    }
}

impl std::error::Error for BatchError {}

/// How far a bulk run has got; passed to the progress callback after each chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Items given.
    pub items_total: usize,
    /// Items whose chunk has finished.
    pub items_done: usize,
    /// Items that succeeded so far.
    pub succeeded: usize,
    /// Items that failed so far.
    pub failed: usize,
    /// Items whose outcome is unknown so far.
    pub unknown: usize,
    /// Chunks (requests) in the run.
    pub chunks_total: usize,
    /// Chunks finished.
    pub chunks_done: usize,
}

/// Chunking and concurrency of a bulk run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkOptions {
    /// Items per request (at least 1).
    pub chunk_size: usize,
    /// Requests in flight at once (at least 1).
    pub concurrency: usize,
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            chunk_size: DEFAULT_CHUNK_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// A progress callback of a bulk run.
pub type ProgressFn = Box<dyn FnMut(&Progress) + Send>;

/// The result of a bulk run: exactly one outcome per item given, in the order given.
#[derive(Debug, Clone)]
pub struct BulkReport<K> {
    operation_id: &'static str,
    items: Vec<ItemResult<K>>,
    requests: usize,
}

impl<K> BulkReport<K> {
    item_accessors!();

    /// Requests sent (one per chunk; a chunk is never sent twice, though the runtime may retry
    /// a request that certainly did not reach the service, or was answered 429).
    pub fn requests(&self) -> usize {
        self.requests
    }

    /// True when every item succeeded.
    pub fn is_complete_success(&self) -> bool {
        self.items.iter().all(|i| i.outcome.is_succeeded())
    }
}

impl<K: fmt::Display + Send + Sync + 'static> BulkReport<K> {
    /// The report when every item succeeded; otherwise [`Error::Batch`] naming the failed and
    /// unknown items, which keeps this report (see [`BatchError::outcome`]).
    pub fn into_result(self) -> Result<Self, Error> {
        if self.is_complete_success() {
            return Ok(self);
        }
        let mut error = BatchError::from_items(self.operation_id, &self.items);
        error.outcome = Some(Box::new(self));
        Err(Error::Batch(Box::new(error)))
    }
}

/// The outcome of every item of a chunk whose request failed with `error`.
///
/// Nothing reached the service (configuration errors, a connection that could not be opened)
/// or the service refused the request (4xx, including 429 after retries): the items failed.
/// The request may have been processed (5xx, a reset or timeout after sending, a 2xx whose body
/// cannot be read): the items are unknown.
pub fn outcome_of_failed_request(error: &Error) -> ItemOutcome {
    match error {
        Error::Config(e) => ItemOutcome::Failed {
            error_code: None,
            error_msg: Some(format!("not sent: {}", e.message())),
        },
        Error::Transport(e) if e.is_connect() => ItemOutcome::Failed {
            error_code: None,
            error_msg: Some(format!("not sent: {error}")),
        },
        Error::Timeout(e) if e.kind() == TimeoutKind::Connect => ItemOutcome::Failed {
            error_code: None,
            error_msg: Some(format!("not sent: {error}")),
        },
        Error::Api(api) if (400..500).contains(&api.status()) => ItemOutcome::Failed {
            error_code: api
                .error_code()
                .map(str::to_owned)
                .or_else(|| Some(api.status().to_string())),
            error_msg: api.error_msg().map(str::to_owned),
        },
        other => ItemOutcome::unknown(format!(
            "the request failed after it may have reached the service, and was not resent: {other}"
        )),
    }
}

/// Sends `items` in chunks of `options.chunk_size`, at most `options.concurrency` requests at a
/// time, and returns one outcome per item in the order given. `key` names each item in the
/// report; `send_chunk` sends one chunk and returns one outcome per item of it (in order).
///
/// Each chunk is sent once: a failed request marks its items with
/// [`outcome_of_failed_request`], and it is not sent again. No items: nothing is sent.
/// `progress` is called after each chunk from the task awaiting this future.
///
/// Chunks run as tokio tasks (so the call needs a tokio runtime, as the client does).
pub async fn run_bulk<T, K, F, Fut>(
    operation_id: &'static str,
    items: Vec<T>,
    key: impl Fn(usize, &T) -> K,
    options: BulkOptions,
    mut progress: Option<ProgressFn>,
    send_chunk: F,
) -> BulkReport<K>
where
    F: Fn(Vec<T>) -> Fut,
    Fut: Future<Output = Result<Vec<ItemOutcome>, Error>> + Send + 'static,
{
    let chunk_size = options.chunk_size.max(1);
    let concurrency = options.concurrency.max(1);
    let keys: Vec<K> = items.iter().enumerate().map(|(i, t)| key(i, t)).collect();
    let mut outcomes: Vec<Option<ItemOutcome>> = vec![None; items.len()];
    let mut state = Progress {
        items_total: items.len(),
        chunks_total: items.len().div_ceil(chunk_size),
        ..Progress::default()
    };
    let mut pending = items.into_iter();
    let mut next_start = 0usize;
    // Task id -> (first item index, item count) of the chunk it sends.
    let mut running: HashMap<tokio::task::Id, (usize, usize)> = HashMap::new();
    let mut tasks = tokio::task::JoinSet::new();
    let mut requests = 0usize;
    loop {
        while running.len() < concurrency {
            let chunk: Vec<T> = pending.by_ref().take(chunk_size).collect();
            if chunk.is_empty() {
                break;
            }
            let len = chunk.len();
            let handle = tasks.spawn(send_chunk(chunk));
            running.insert(handle.id(), (next_start, len));
            next_start += len;
            requests += 1;
        }
        let Some(joined) = tasks.join_next_with_id().await else {
            break;
        };
        let (id, result) = match joined {
            Ok((id, result)) => (id, Some(result)),
            Err(e) => (e.id(), None),
        };
        let Some((start, len)) = running.remove(&id) else {
            continue;
        };
        let chunk_outcomes = match result {
            Some(Ok(list)) if list.len() == len => list,
            Some(Ok(list)) => vec![
                ItemOutcome::unknown(format!(
                    "{} outcomes were returned for {len} items",
                    list.len()
                ));
                len
            ],
            Some(Err(e)) => vec![outcome_of_failed_request(&e); len],
            None => vec![
                ItemOutcome::unknown(
                    "the task sending this chunk panicked or was cancelled; its request may have been sent"
                );
                len
            ],
        };
        for (slot, outcome) in outcomes[start..start + len].iter_mut().zip(chunk_outcomes) {
            match outcome {
                ItemOutcome::Succeeded => state.succeeded += 1,
                ItemOutcome::Failed { .. } => state.failed += 1,
                ItemOutcome::Unknown { .. } => state.unknown += 1,
            }
            *slot = Some(outcome);
        }
        state.items_done += len;
        state.chunks_done += 1;
        if let Some(callback) = progress.as_mut() {
            callback(&state);
        }
    }
    let items = keys
        .into_iter()
        .zip(outcomes)
        .map(|(key, outcome)| ItemResult {
            key,
            outcome: outcome.unwrap_or_else(|| ItemOutcome::unknown("no outcome was recorded")),
        })
        .collect();
    BulkReport {
        operation_id,
        items,
        requests,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(success: Option<bool>, results: Option<Vec<Option<bool>>>) -> BatchReport {
        BatchReport {
            success,
            error_code: None,
            error_msg: None,
            results: results.map(|r| {
                r.into_iter()
                    .map(|s| ItemReport {
                        success: s,
                        error_code: s.is_some_and(|s| !s).then(|| "E.1".to_owned()),
                        error_msg: None,
                    })
                    .collect()
            }),
        }
    }

    fn outcome(batch: BatchReport) -> BatchOutcome<String, ()> {
        let keys = vec!["a".to_owned(), "b".to_owned()];
        BatchOutcome::new("Op", keys, batch, None, ())
    }

    #[test]
    fn pairing_follows_the_rules() {
        let all_ok = outcome(report(Some(true), Some(vec![Some(true), Some(true)])));
        assert!(all_ok.is_complete_success());
        let flag_only = outcome(report(Some(true), None));
        assert!(flag_only.is_complete_success());
        let mixed = outcome(report(Some(false), Some(vec![Some(true), Some(false)])));
        assert_eq!(mixed.succeeded().collect::<Vec<_>>(), ["a"]);
        assert_eq!(mixed.failed().next().unwrap().key, "b");
        assert_eq!(mixed.counts(), (1, 1, 0));
        let no_flag = outcome(report(None, None));
        assert_eq!(no_flag.unknown().count(), 2);
        assert_eq!(no_flag.counts(), (0, 0, 2));
        let item_without_flag = outcome(report(Some(true), Some(vec![Some(true), None])));
        assert!(!item_without_flag.is_complete_success());
        assert_eq!(item_without_flag.unknown().next().unwrap().key, "b");
        let short = outcome(report(Some(true), Some(vec![Some(true)])));
        assert_eq!(short.unknown().count(), 2);
        let failed_without_results = outcome(report(Some(false), None));
        assert_eq!(failed_without_results.unknown().count(), 2);
        let consistent_items_but_flag_missing =
            outcome(report(None, Some(vec![Some(true), Some(true)])));
        assert!(!consistent_items_but_flag_missing.is_complete_success());
    }

    #[test]
    fn the_error_names_failed_and_unknown_items() {
        let mixed = outcome(report(Some(false), Some(vec![None, Some(false)])));
        let err = mixed.into_result().unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("Op: 0 of 2 items succeeded"), "{text}");
        assert!(text.contains("1 failed [\"b\": failed: E.1]"), "{text}");
        assert!(
            text.contains("1 unknown [\"a\": the item's result"),
            "{text}"
        );
        let batch = err.as_batch().unwrap();
        assert_eq!(batch.failed()[0].0, "b");
        let typed = batch.outcome::<BatchOutcome<String, ()>>().unwrap();
        assert_eq!(typed.items().len(), 2);
    }

    #[test]
    fn failed_requests_are_failed_only_when_nothing_was_processed() {
        assert!(outcome_of_failed_request(&Error::config("bad")).is_failed());
        let api = |status| {
            Error::from(crate::ApiError::from_parts(
                status,
                http::HeaderMap::new(),
                bytes::Bytes::from_static(b"{\"error_code\":\"X.1\",\"error_msg\":\"m\"}"),
            ))
        };
        assert_eq!(
            outcome_of_failed_request(&api(404)),
            ItemOutcome::Failed {
                error_code: Some("X.1".into()),
                error_msg: Some("m".into())
            }
        );
        assert!(outcome_of_failed_request(&api(503)).is_unknown());
    }
}
