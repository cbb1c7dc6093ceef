//! Lazy page streams over list operations (the `x-pagination` extension of a spec).
//!
//! Generated list builders return a [`Pages`] from `pages()`: a [`Stream`] of whole pages that
//! asks for the next page only when the consumer asks for the next element, so a listing of a
//! million items never sits in memory. [`Pages::items`] turns it into an [`Items`] stream of the
//! items themselves, holding at most one page.
//!
//! Every error in these streams is an [`Error::Paging`] carrying the [`PagePosition`] of the
//! page that failed: give it to the builder's `starting_at(..)` to resume there. A stream stops
//! with an error (instead of running forever) when the server sends the same page twice in a
//! row (a server that ignores the page parameter), or when the listing passes the
//! [`PagingLimits`] (a server that never ends).
//!
//! ```no_run
//! # async fn demo(pages: sdk_runtime::paging::Pages<Vec<u32>, u32>) -> Result<(), sdk_runtime::Error> {
//! let mut items = pages.max_items(50_000).items();
//! while let Some(item) = items.next().await {
//!     let item = item?; // on error: `err.page_position()` says where to resume
//!     println!("{item}");
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::hash::{DefaultHasher, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::Error;

/// A boxed, sendable future, as the page and poll closures of generated code return.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Default of [`PagingLimits::max_pages`].
pub const DEFAULT_MAX_PAGES: u64 = 100_000;
/// Default of [`PagingLimits::max_items`].
pub const DEFAULT_MAX_ITEMS: u64 = 10_000_000;

/// Where a page sits in a listing: what to pass to a builder's `starting_at(..)` to fetch it
/// (and everything after it) again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PagePosition {
    /// The value of the page parameter for this page: a zero-based page index for page-index
    /// APIs (such as ModelArts' `offset`), else the number of items before it.
    pub offset: i64,
    /// The page size asked for (`None` when the spec gives no maximum and the caller set none,
    /// so the service's default applies).
    pub limit: Option<i64>,
    /// Zero-based number of this page within the stream that reported it.
    pub index: u64,
    /// Items that stream had received before this page.
    pub items_before: u64,
}

impl fmt::Display for PagePosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "page {} of the stream (offset {}",
            self.index, self.offset
        )?;
        if let Some(limit) = self.limit {
            write!(f, ", limit {limit}")?;
        }
        write!(f, ", {} items before it)", self.items_before)
    }
}

/// Caps that stop a listing that does not end: a server that ignores the page parameter and
/// keeps answering, or one that never sends a last page. Passing a cap is an error
/// ([`PagingErrorKind::TooManyPages`] / [`PagingErrorKind::TooManyItems`]), never a silent
/// truncation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagingLimits {
    max_pages: u64,
    max_items: u64,
}

impl Default for PagingLimits {
    /// [`DEFAULT_MAX_PAGES`] pages and [`DEFAULT_MAX_ITEMS`] items.
    fn default() -> Self {
        PagingLimits {
            max_pages: DEFAULT_MAX_PAGES,
            max_items: DEFAULT_MAX_ITEMS,
        }
    }
}

impl PagingLimits {
    /// The default caps.
    pub fn new() -> Self {
        Self::default()
    }
    /// At most `n` pages are fetched (minimum 1).
    pub fn with_max_pages(mut self, n: u64) -> Self {
        self.max_pages = n.max(1);
        self
    }
    /// At most `n` items are received.
    pub fn with_max_items(mut self, n: u64) -> Self {
        self.max_items = n;
        self
    }
    /// The page cap.
    pub fn max_pages(&self) -> u64 {
        self.max_pages
    }
    /// The item cap.
    pub fn max_items(&self) -> u64 {
        self.max_items
    }
}

/// How a list operation pages, as its `x-pagination` extension and its `limit` parameter's
/// bounds declare; generated code fills it from the builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagingSpec {
    /// `true`: the page parameter is a zero-based page index; `false`: it counts items.
    pub page_index: bool,
    /// Value of the page parameter for the first page.
    pub start: i64,
    /// Page size the caller asked for, if any.
    pub limit: Option<i64>,
    /// The spec's `minimum` for the page size, if any.
    pub min_limit: Option<i64>,
    /// The spec's `maximum` for the page size, if any.
    pub max_limit: Option<i64>,
}

impl PagingSpec {
    /// The page size to send: the caller's, kept within the spec's bounds; the spec's maximum
    /// (fewest calls) when the caller set none; nothing when neither is known.
    pub fn page_size(&self) -> Option<i64> {
        let wanted = self.limit.or(self.max_limit)?;
        let wanted = match self.max_limit {
            Some(max) => wanted.min(max),
            None => wanted,
        };
        Some(wanted.max(self.min_limit.unwrap_or(1)))
    }
}

/// What one call of the page closure is asked to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Value for the page parameter.
    pub offset: i64,
    /// Value for the page-size parameter (`None`: send none).
    pub limit: Option<i64>,
}

/// Accessors of a page type, written by generated code for each list operation.
pub struct PageShape<P, T> {
    /// Number of items on the page.
    pub len: fn(&P) -> usize,
    /// The total the page announces, if it has such a field.
    pub total: fn(&P) -> Option<i64>,
    /// The page's items, consuming it.
    pub into_items: fn(P) -> Vec<T>,
}

impl<P, T> Clone for PageShape<P, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, T> Copy for PageShape<P, T> {}

/// Converts a page parameter to the integer type of the generated builder, failing with
/// [`Error::Config`] (nothing sent) when it does not fit.
pub fn page_param<N: TryFrom<i64>>(name: &str, value: i64) -> Result<N, Error> {
    N::try_from(value)
        .map_err(|_| Error::config(format!("page parameter `{name}` = {value} is out of range")))
}

type FetchPage<P> = Box<dyn FnMut(PageRequest) -> BoxFuture<Result<P, Error>> + Send>;

/// A lazy stream of the pages of a listing: each page is fetched when the consumer asks for
/// it, never earlier. Use [`Pages::next`] (or the [`Stream`] implementation), or
/// [`Pages::items`] for the items one by one.
///
/// The stream ends after the last page: an empty page, a page shorter than the page size, or
/// once the announced total has arrived. After an error it ends too; resume from
/// [`Error::page_position`].
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<P, T> {
    operation_id: &'static str,
    fetch: FetchPage<P>,
    shape: PageShape<P, T>,
    page_index: bool,
    limits: PagingLimits,
    next: Option<PagePosition>,
    /// Items that lie before the first page (they count towards an announced total).
    skipped: i64,
    received: u64,
    requested: u64,
    last_fingerprint: Option<u64>,
    in_flight: Option<(PagePosition, BoxFuture<Result<P, Error>>)>,
    fingerprint: fn(&P) -> Option<u64>,
}

// Nothing is pinned structurally: the in-flight future is boxed.
impl<P, T> Unpin for Pages<P, T> {}

impl<P, T> fmt::Debug for Pages<P, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("operation_id", &self.operation_id)
            .field("next", &self.next)
            .field("received", &self.received)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// A fingerprint of a page's JSON form, to notice a server that sends the same page again.
/// `None` when the page cannot be serialised (then repeats go unnoticed; the caps still apply).
fn fingerprint_of<P: serde::Serialize>(page: &P) -> Option<u64> {
    let bytes = serde_json::to_vec(page).ok()?;
    let mut hasher = DefaultHasher::new();
    hasher.write(&bytes);
    Some(hasher.finish())
}

impl<P, T> Pages<P, T>
where
    P: serde::Serialize + Send + 'static,
{
    /// A stream that fetches pages with `fetch`, starting as `spec` says.
    pub fn new(
        operation_id: &'static str,
        spec: PagingSpec,
        fetch: impl FnMut(PageRequest) -> BoxFuture<Result<P, Error>> + Send + 'static,
        shape: PageShape<P, T>,
    ) -> Self {
        let limit = spec.page_size();
        let skipped = match (spec.page_index, limit) {
            (true, Some(limit)) => spec.start.saturating_mul(limit),
            (true, None) => 0,
            (false, _) => spec.start,
        };
        Pages {
            operation_id,
            fetch: Box::new(fetch),
            shape,
            page_index: spec.page_index,
            limits: PagingLimits::default(),
            next: Some(PagePosition {
                offset: spec.start,
                limit,
                index: 0,
                items_before: 0,
            }),
            skipped,
            received: 0,
            requested: 0,
            last_fingerprint: None,
            in_flight: None,
            fingerprint: fingerprint_of::<P>,
        }
    }
}

impl<P, T> Pages<P, T> {
    /// Replaces the caps (see [`PagingLimits`]).
    pub fn limits(mut self, limits: PagingLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Stops with [`PagingErrorKind::TooManyPages`] rather than fetch more than `n` pages.
    pub fn max_pages(mut self, n: u64) -> Self {
        self.limits = self.limits.with_max_pages(n);
        self
    }

    /// Stops with [`PagingErrorKind::TooManyItems`] rather than receive more than `n` items.
    pub fn max_items(mut self, n: u64) -> Self {
        self.limits = self.limits.with_max_items(n);
        self
    }

    /// The position of the next page to fetch, or `None` once the listing has ended (or
    /// failed).
    pub fn next_position(&self) -> Option<PagePosition> {
        self.next
    }

    /// Pages fetched (or being fetched) so far.
    pub fn pages_requested(&self) -> u64 {
        self.requested
    }

    /// Items received so far.
    pub fn items_received(&self) -> u64 {
        self.received
    }

    /// The next page, or `None` after the last one.
    pub async fn next(&mut self) -> Option<Result<P, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining page, in order (bounded by the caps); the first error ends it.
    pub async fn try_collect(mut self) -> Result<Vec<P>, Error> {
        let mut all = Vec::new();
        while let Some(page) = self.next().await {
            all.push(page?);
        }
        Ok(all)
    }

    /// A stream of the items of the remaining pages, holding at most one page.
    pub fn items(self) -> Items<P, T> {
        Items {
            pages: self,
            buffer: VecDeque::new(),
        }
    }

    fn fail(
        &mut self,
        kind: PagingErrorKind,
        position: PagePosition,
        source: Option<Error>,
    ) -> Error {
        self.next = None;
        self.in_flight = None;
        Error::Paging(Box::new(PagingError {
            kind,
            position,
            operation_id: self.operation_id,
            source,
        }))
    }

    /// Checks a received page and decides what comes next.
    fn accept(&mut self, position: PagePosition, page: &P) -> Result<(), Error> {
        let len = (self.shape.len)(page) as u64;
        let fingerprint = (self.fingerprint)(page);
        if len > 0 && fingerprint.is_some() && self.last_fingerprint == fingerprint {
            return Err(self.fail(PagingErrorKind::RepeatedPage, position, None));
        }
        self.last_fingerprint = fingerprint;
        let received = self.received.saturating_add(len);
        if received > self.limits.max_items {
            let max = self.limits.max_items;
            return Err(self.fail(PagingErrorKind::TooManyItems { max }, position, None));
        }
        self.received = received;
        let short = position.limit.is_some_and(|limit| (len as i64) < limit);
        let total_reached = (self.shape.total)(page).is_some_and(|total| {
            self.skipped
                .saturating_add(i64::try_from(received).unwrap_or(i64::MAX))
                >= total
        });
        self.next = if len == 0 || short || total_reached {
            None
        } else {
            let step = if self.page_index {
                1
            } else {
                i64::try_from(len).unwrap_or(i64::MAX)
            };
            Some(PagePosition {
                offset: position.offset.saturating_add(step),
                limit: position.limit,
                index: position.index + 1,
                items_before: received,
            })
        };
        Ok(())
    }
}

impl<P, T> Stream for Pages<P, T> {
    type Item = Result<P, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.in_flight.is_none() {
            let Some(position) = this.next else {
                return Poll::Ready(None);
            };
            if position.index >= this.limits.max_pages {
                let max = this.limits.max_pages;
                let e = this.fail(PagingErrorKind::TooManyPages { max }, position, None);
                return Poll::Ready(Some(Err(e)));
            }
            let request = PageRequest {
                offset: position.offset,
                limit: position.limit,
            };
            this.requested += 1;
            this.in_flight = Some((position, (this.fetch)(request)));
        }
        let Some((position, future)) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let position = *position;
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        Poll::Ready(Some(match result {
            Err(e) => Err(this.fail(PagingErrorKind::PageFailed, position, Some(e))),
            Ok(page) => this.accept(position, &page).map(|()| page),
        }))
    }
}

/// A lazy stream of the items of a listing, holding at most one page of them (see
/// [`Items::buffered`]). Errors carry the position of the page to resume from.
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<P, T> {
    pages: Pages<P, T>,
    buffer: VecDeque<T>,
}

impl<P, T> Unpin for Items<P, T> {}

impl<P, T> fmt::Debug for Items<P, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<P, T> Items<P, T> {
    /// Items received but not yet handed out (at most one page).
    pub fn buffered(&self) -> usize {
        self.buffer.len()
    }

    /// Pages fetched (or being fetched) so far.
    pub fn pages_requested(&self) -> u64 {
        self.pages.pages_requested()
    }

    /// Items received from the service so far (handed out or buffered).
    pub fn items_received(&self) -> u64 {
        self.pages.items_received()
    }

    /// The next item, or `None` after the last one.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining item, in order (bounded by the caps); the first error ends it.
    pub async fn try_collect(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }

    /// Up to `n` next items (at least one), or `None` after the last one; an error ends the
    /// chunk (the items before it are lost only if the caller drops them: they were handed out
    /// in earlier chunks).
    pub async fn next_chunk(&mut self, n: usize) -> Option<Result<Vec<T>, Error>> {
        let mut chunk = Vec::with_capacity(n.clamp(1, 1024));
        while chunk.len() < n.max(1) {
            match self.next().await {
                Some(Ok(item)) => chunk.push(item),
                Some(Err(e)) => return Some(Err(e)),
                None => break,
            }
        }
        (!chunk.is_empty()).then_some(Ok(chunk))
    }
}

impl<P, T> Stream for Items<P, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => {
                    this.buffer = (this.pages.shape.into_items)(page).into();
                }
            }
        }
    }
}

/// Why a page stream stopped with an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingErrorKind {
    /// Fetching the page failed; [`PagingError::cause`] says why.
    PageFailed,
    /// The server sent the same page as the one before (it ignores the page parameter).
    RepeatedPage,
    /// The listing needed more pages than allowed.
    TooManyPages {
        /// The cap.
        max: u64,
    },
    /// The listing brought more items than allowed.
    TooManyItems {
        /// The cap.
        max: u64,
    },
}

/// Details of [`Error::Paging`]: what went wrong, and at which page to resume.
#[derive(Debug)]
pub struct PagingError {
    pub(crate) kind: PagingErrorKind,
    pub(crate) position: PagePosition,
    pub(crate) operation_id: &'static str,
    pub(crate) source: Option<Error>,
}

impl PagingError {
    /// What went wrong.
    pub fn kind(&self) -> PagingErrorKind {
        self.kind
    }
    /// The page that failed (or that would have passed a cap): pass it to the builder's
    /// `starting_at(..)` to resume there.
    pub fn position(&self) -> PagePosition {
        self.position
    }
    /// The error of the failed page request ([`PagingErrorKind::PageFailed`]).
    pub fn cause(&self) -> Option<&Error> {
        self.source.as_ref()
    }
    /// The error of the failed page request, consuming this one.
    pub fn into_cause(self) -> Option<Error> {
        self.source
    }
    /// Operation id of the listing.
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A failed request names its operation itself.
        if !self.operation_id.is_empty() && self.source.is_none() {
            write!(f, "{}: ", self.operation_id)?;
        }
        let at = self.position;
        match self.kind {
            PagingErrorKind::PageFailed => write!(f, "{at} failed")?,
            PagingErrorKind::RepeatedPage => write!(
                f,
                "{at} is the same as the page before: the server ignores the page parameter"
            )?,
            PagingErrorKind::TooManyPages { max } => write!(
                f,
                "stopped before {at}: the listing passed the cap of {max} pages"
            )?,
            PagingErrorKind::TooManyItems { max } => write!(
                f,
                "stopped at {at}: the listing passed the cap of {max} items"
            )?,
        }
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}
