//! Retry policy: which failures are retried and how long to wait in between.
//!
//! The one rule of what is retried lives here: [`Failure`] says how an attempt ended (see
//! [`crate::Error::failure`]), [`decide`] turns it and the request's resend safety into a
//! [`RetryDecision`]. Both the client's send loop and [`crate::Error::is_retryable`] use it.

use std::time::Duration;

use rand::Rng;

/// Randomisation applied to the exponential backoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Jitter {
    /// Wait exactly the exponential backoff.
    None,
    /// Wait a uniformly random time in `[0, backoff]` (the default).
    Full,
    /// Wait `backoff / 2` plus a uniformly random time in `[0, backoff / 2]`.
    Equal,
}

/// How a failed attempt ended, as far as sending the request again is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Failure {
    /// The connection could not be established (refused, connect timeout, DNS or TLS failure):
    /// the request did not reach the server.
    NotSent,
    /// The server refused the request without processing it (HTTP 429).
    Refused,
    /// The request may have reached the server and had its effect: a reset or timeout after
    /// sending, a truncated or stalled response, HTTP 500, 502, 503 or 504.
    MaybeProcessed,
    /// Trying again cannot help: any other status, an invalid request or configuration, an
    /// undecodable or oversized response.
    Final,
}

impl Failure {
    /// The failure a non-2xx HTTP status means.
    pub fn of_status(status: u16) -> Failure {
        match status {
            429 => Failure::Refused,
            500 | 502 | 503 | 504 => Failure::MaybeProcessed,
            _ => Failure::Final,
        }
    }
}

/// Whether a failed attempt is sent again (see [`decide`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryDecision {
    /// Send it again, if the policy's attempts and the operation deadline allow.
    Retry,
    /// The request may have been processed and is not safe to send twice.
    UnsafeToResend,
    /// Trying again cannot help.
    Final,
}

/// The retry rule. `resend_safe` is true for idempotent methods (GET, HEAD, PUT, DELETE,
/// OPTIONS, TRACE) and requests marked [`crate::Request::retry_safe`]
/// (see [`crate::Request::may_resend`]).
///
/// - [`Failure::NotSent`] and [`Failure::Refused`]: retried for every method, POST included,
///   because the request had no effect;
/// - [`Failure::MaybeProcessed`]: retried only when `resend_safe`, so a POST that may have
///   created something is never sent twice;
/// - [`Failure::Final`]: never retried.
pub fn decide(failure: Failure, resend_safe: bool) -> RetryDecision {
    match failure {
        Failure::NotSent | Failure::Refused => RetryDecision::Retry,
        Failure::MaybeProcessed if resend_safe => RetryDecision::Retry,
        Failure::MaybeProcessed => RetryDecision::UnsafeToResend,
        Failure::Final => RetryDecision::Final,
    }
}

/// When and how often a failed attempt is retried.
///
/// Every attempt is re-signed with a fresh `X-Sdk-Date`. What is retried is decided by
/// [`decide`]:
/// - connection failures, connect timeouts included (the request surely did not reach the
///   server): every method;
/// - HTTP 429: every method, POST included: the server refused the request without processing
///   it, so sending it again cannot duplicate an effect;
/// - read timeouts, resets, truncated or stalled responses and other transport failures after
///   the request may have been sent, and HTTP 500, 502, 503, 504: only idempotent methods (GET,
///   HEAD, PUT, DELETE, OPTIONS, TRACE) or requests marked [`crate::Request::retry_safe`];
/// - nothing else (other statuses, configuration errors, a response over the size limit).
///
/// The wait before retry `n` (1-based) is `min(max_backoff, initial_backoff * 2^(n-1))` with
/// [`Jitter`] applied; a `Retry-After` header (seconds or HTTP date) replaces it, capped at
/// `max_retry_after`. No retry is started when the wait would pass the operation deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: Jitter,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 200 ms initial backoff, 20 s max backoff, full jitter, `Retry-After` capped
    /// at 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            jitter: Jitter::Full,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy that never retries (one attempt).
    pub fn none() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Total number of attempts, first one included (minimum 1).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Backoff before the first retry.
    pub fn with_initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Upper bound of the exponential backoff.
    pub fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Jitter mode.
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// Upper bound applied to a server's `Retry-After`.
    pub fn with_max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Total number of attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Backoff before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// Upper bound of the exponential backoff.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Jitter mode.
    pub fn jitter(&self) -> Jitter {
        self.jitter
    }

    /// Upper bound applied to `Retry-After`.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The exponential backoff before retry `retry` (1-based), before jitter.
    pub fn base_backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1).min(31));
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// The wait before retry `retry` (1-based), jitter applied.
    pub fn backoff(&self, retry: u32) -> Duration {
        let base = self.base_backoff(retry);
        let mut rng = rand::thread_rng();
        let mut random_upto = |d: Duration| {
            let nanos = d.as_nanos().min(u64::MAX as u128) as u64;
            Duration::from_nanos(rng.gen_range(0..=nanos))
        };
        match self.jitter {
            Jitter::None => base,
            Jitter::Full => random_upto(base),
            Jitter::Equal => base / 2 + random_upto(base / 2),
        }
    }

    /// The wait requested by a `Retry-After` value (delay seconds or HTTP date), capped at
    /// `max_retry_after`. `None` if the value cannot be parsed.
    pub fn retry_after(&self, value: &str) -> Option<Duration> {
        let value = value.trim();
        let wait = if let Ok(secs) = value.parse::<u64>() {
            Duration::from_secs(secs)
        } else {
            let at = httpdate::parse_http_date(value).ok()?;
            at.duration_since(std::time::SystemTime::now())
                .unwrap_or(Duration::ZERO)
        };
        Some(wait.min(self.max_retry_after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retry_rule() {
        use RetryDecision::*;
        for safe in [false, true] {
            assert_eq!(decide(Failure::NotSent, safe), Retry);
            assert_eq!(decide(Failure::Refused, safe), Retry);
            assert_eq!(decide(Failure::Final, safe), Final);
        }
        assert_eq!(decide(Failure::MaybeProcessed, true), Retry);
        assert_eq!(decide(Failure::MaybeProcessed, false), UnsafeToResend);
        assert_eq!(Failure::of_status(429), Failure::Refused);
        for status in [500, 502, 503, 504] {
            assert_eq!(Failure::of_status(status), Failure::MaybeProcessed);
        }
        for status in [400, 401, 403, 404, 409, 413, 501, 505] {
            assert_eq!(Failure::of_status(status), Failure::Final);
        }
    }

    #[test]
    fn exponential_and_jitter_bounds() {
        let p = RetryPolicy::new()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(500));
        assert_eq!(p.base_backoff(1), Duration::from_millis(100));
        assert_eq!(p.base_backoff(3), Duration::from_millis(400));
        assert_eq!(p.base_backoff(4), Duration::from_millis(500));
        assert_eq!(p.base_backoff(100), Duration::from_millis(500));
        for _ in 0..100 {
            assert!(p.backoff(2) <= Duration::from_millis(200));
            let e = p.clone().with_jitter(Jitter::Equal).backoff(2);
            assert!(e >= Duration::from_millis(100) && e <= Duration::from_millis(200));
        }
        assert_eq!(
            p.clone().with_jitter(Jitter::None).backoff(2),
            Duration::from_millis(200)
        );
    }

    #[test]
    fn retry_after_parsing() {
        let p = RetryPolicy::new().with_max_retry_after(Duration::from_secs(5));
        assert_eq!(p.retry_after("1"), Some(Duration::from_secs(1)));
        assert_eq!(p.retry_after("3600"), Some(Duration::from_secs(5)));
        assert_eq!(
            p.retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let future = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3));
        let d = p.retry_after(&future).unwrap();
        assert!(
            d > Duration::from_secs(1) && d <= Duration::from_secs(3),
            "{d:?}"
        );
        assert_eq!(p.retry_after("soon"), None);
    }
}
