//! Waiters: poll a status operation until an asynchronous job ends (the `x-waiter` extension of
//! a spec).
//!
//! Generated `client.wait_<name>(..)` methods return a [`Waiter`]. Await it (it implements
//! [`IntoFuture`]) or call [`Waiter::wait`]: it polls every [`Waiter::poll_interval`] until the
//! status the spec names reaches a terminal value, and returns the final response. A job that
//! ends in a failure state is [`Error::Wait`] with [`WaitErrorKind::Failed`]; running out of
//! time is [`WaitErrorKind::TimedOut`]; both carry the last state and response. Each poll is an
//! ordinary call, so transient failures (connection errors, 429, 5xx, timeouts of the GET) are
//! retried with the client's [`crate::RetryPolicy`]; an error that remains after those retries
//! ends the wait and is returned as is.
//!
//! ```no_run
//! # async fn demo(waiter: sdk_runtime::waiter::Waiter<serde_json::Value>) -> Result<(), sdk_runtime::Error> {
//! use std::time::Duration;
//! let last = waiter
//!     .poll_interval(Duration::from_secs(10))
//!     .timeout(Duration::from_secs(3600))
//!     .await?;
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::future::IntoFuture;
use std::time::{Duration, Instant};

use crate::paging::BoxFuture;
use crate::Error;

/// Default of [`Waiter::poll_interval`].
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// Default of [`Waiter::timeout`].
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// What one status response says about the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Still running (or a state the spec does not call terminal).
    Pending,
    /// Ended in one of the spec's success states.
    Succeeded,
    /// Ended in one of the spec's failure states.
    Failed,
}

/// The status read from one response: its wire value (if present) and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The status as it travels on the wire (`"COMPLETED"`, `"3"`), if the response has one.
    pub state: Option<String>,
    /// What it means.
    pub outcome: Outcome,
}

impl Observation {
    /// Builds an observation from the status value and its classification.
    pub fn new(state: Option<String>, terminal: bool, failed: bool) -> Self {
        let outcome = match (terminal, failed) {
            (_, true) => Outcome::Failed,
            (true, false) => Outcome::Succeeded,
            (false, false) => Outcome::Pending,
        };
        Observation { state, outcome }
    }
}

type Poll<T> = Box<dyn FnMut() -> BoxFuture<Result<T, Error>> + Send>;

/// Polls a status operation until the job it describes ends; see the [module docs](self).
#[must_use = "a waiter does nothing until it is awaited"]
pub struct Waiter<T> {
    name: &'static str,
    operation_id: &'static str,
    poll: Poll<T>,
    classify: fn(&T) -> Observation,
    poll_interval: Duration,
    timeout: Duration,
}

impl<T> fmt::Debug for Waiter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("name", &self.name)
            .field("operation_id", &self.operation_id)
            .field("poll_interval", &self.poll_interval)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<T> Waiter<T>
where
    T: serde::Serialize + Send + 'static,
{
    /// A waiter named `name` that calls `poll` (operation `operation_id`) and reads each
    /// response with `classify`.
    pub fn new(
        name: &'static str,
        operation_id: &'static str,
        poll: impl FnMut() -> BoxFuture<Result<T, Error>> + Send + 'static,
        classify: fn(&T) -> Observation,
    ) -> Self {
        Waiter {
            name,
            operation_id,
            poll: Box::new(poll),
            classify,
            poll_interval: DEFAULT_POLL_INTERVAL,
            timeout: DEFAULT_WAIT_TIMEOUT,
        }
    }

    /// Time between the end of one poll and the start of the next (default 5 s).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// Longest time to wait, polls included (default 30 min). A poll in flight when it passes
    /// is abandoned.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Polls until the job ends and returns the final response.
    pub async fn wait(mut self) -> Result<T, Error> {
        let start = Instant::now();
        let deadline = start + self.timeout;
        let mut polls: u32 = 0;
        let mut last: Option<(Observation, T)> = None;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            polls += 1;
            let value = match tokio::time::timeout(remaining, (self.poll)()).await {
                Ok(Ok(value)) => value,
                Ok(Err(e)) => return Err(e),
                Err(_) => {
                    return Err(self.error(WaitErrorKind::TimedOut, polls, start, last));
                }
            };
            let seen = (self.classify)(&value);
            match seen.outcome {
                Outcome::Succeeded => return Ok(value),
                Outcome::Failed => {
                    return Err(self.error(
                        WaitErrorKind::Failed,
                        polls,
                        start,
                        Some((seen, value)),
                    ))
                }
                Outcome::Pending => {}
            }
            last = Some((seen, value));
            if Instant::now() + self.poll_interval >= deadline {
                return Err(self.error(WaitErrorKind::TimedOut, polls, start, last));
            }
            tokio::time::sleep(self.poll_interval).await;
        }
    }

    fn error(
        &self,
        kind: WaitErrorKind,
        polls: u32,
        start: Instant,
        last: Option<(Observation, T)>,
    ) -> Error {
        let (state, response) = match last {
            Some((seen, value)) => (seen.state, serde_json::to_value(&value).ok()),
            None => (None, None),
        };
        Error::Wait(Box::new(WaitError {
            kind,
            waiter: self.name,
            operation_id: self.operation_id,
            state,
            response,
            polls,
            elapsed: start.elapsed(),
            timeout: self.timeout,
        }))
    }
}

impl<T> IntoFuture for Waiter<T>
where
    T: serde::Serialize + Send + 'static,
{
    type Output = Result<T, Error>;
    type IntoFuture = BoxFuture<Result<T, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.wait())
    }
}

/// How a wait ended without success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitErrorKind {
    /// The job reached one of the spec's failure states.
    Failed,
    /// The timeout passed before the job reached a terminal state.
    TimedOut,
}

/// Details of [`Error::Wait`]: the last state seen and the response it came in.
#[derive(Debug, Clone)]
pub struct WaitError {
    pub(crate) kind: WaitErrorKind,
    pub(crate) waiter: &'static str,
    pub(crate) operation_id: &'static str,
    pub(crate) state: Option<String>,
    pub(crate) response: Option<serde_json::Value>,
    pub(crate) polls: u32,
    pub(crate) elapsed: Duration,
    pub(crate) timeout: Duration,
}

impl WaitError {
    /// Failed job or timeout.
    pub fn kind(&self) -> WaitErrorKind {
        self.kind
    }
    /// The waiter's name (`import_task`, ...).
    pub fn waiter(&self) -> &str {
        self.waiter
    }
    /// Operation id of the status operation.
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }
    /// The last status seen, as on the wire (`None` if no response arrived or it had none).
    pub fn state(&self) -> Option<&str> {
        self.state.as_deref()
    }
    /// The last response, as JSON.
    pub fn response(&self) -> Option<&serde_json::Value> {
        self.response.as_ref()
    }
    /// The last response decoded into `R` (the status operation's response type), if any.
    pub fn response_as<R: serde::de::DeserializeOwned>(
        &self,
    ) -> Option<Result<R, serde_json::Error>> {
        let value = self.response.clone()?;
        Some(serde_json::from_value(value))
    }
    /// Number of polls made.
    pub fn polls(&self) -> u32 {
        self.polls
    }
    /// Time spent waiting.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
    /// The configured timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "waiter {} ({}): ", self.waiter, self.operation_id)?;
        let state = self.state.as_deref().unwrap_or("unknown");
        match self.kind {
            WaitErrorKind::Failed => write!(f, "the job ended in failure state {state}")?,
            WaitErrorKind::TimedOut => write!(
                f,
                "timed out after {:?} (timeout {:?}); last state {state}",
                self.elapsed, self.timeout
            )?,
        }
        write!(f, " ({} polls)", self.polls)
    }
}
