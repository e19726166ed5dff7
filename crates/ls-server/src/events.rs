//! `GET /api/events`: the audit rows the caller may see, as server-sent events, while the
//! stream is open. Each event's id is the row's id, so a client that reconnects with
//! `Last-Event-ID` misses nothing. Every read loads the caller afresh: a caller blocked or
//! demoted meanwhile sees no more.
use super::audit::{page, Page};
use super::ctx::Session;
use super::error::{ApiError, ApiResult};
use super::store::{self, AuditFilter};
use super::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::Stream;
use ls_api::AuditEntry;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

/// Event streams open at once, across the service: each holds a connection and, while rows
/// arrive, database reads.
pub const MAX_STREAMS: usize = 64;
/// Rows sent per read; a stream resuming far back catches up page by page.
const BATCH: usize = 200;

struct Feed {
    st: AppState,
    session: Session,
    from: i64,
    rx: tokio::sync::watch::Receiver<i64>,
    queue: VecDeque<AuditEntry>,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl Feed {
    /// Reads the rows after `from` the caller sees. `None`: the caller may no longer read.
    async fn fill(&mut self) -> Option<bool> {
        let from = self.from;
        let read = self
            .st
            .read(self.session, move |c, ctx| {
                let f = AuditFilter {
                    after: Some(from),
                    ..Default::default()
                };
                page(c, ctx, &f, None, BATCH)
            })
            .await;
        let Page { entries, last, more } = read.ok()?;
        if let Some(l) = last {
            self.from = l;
        }
        self.queue.extend(entries);
        Some(more)
    }

    async fn next(mut self) -> Option<(Result<Event, Infallible>, Feed)> {
        loop {
            if let Some(e) = self.queue.pop_front() {
                let ev = Event::default()
                    .id(e.id.to_string())
                    .event("audit")
                    .json_data(&e)
                    .unwrap_or_else(|_| Event::default().comment("an unreadable row"));
                return Some((Ok(ev), self));
            }
            let more = self.fill().await?;
            if more || !self.queue.is_empty() {
                continue;
            }
            // Nothing new: wait for a write that audited (a write made meanwhile counts).
            self.rx.changed().await.ok()?;
        }
    }
}

#[utoipa::path(get, path = "/api/events", tag = "audit", params(("Last-Event-ID" = Option<String>, Header, description = "the last event received: the stream resumes after it")), responses((status = 200, description = "server-sent events: `audit` events carrying audit rows the caller may see", content_type = "text/event-stream", body = String)))]
pub async fn events(
    State(st): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let resume = match headers.get("last-event-id") {
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|s| s.trim().parse::<i64>().ok())
                .filter(|n| *n >= 0)
                .ok_or_else(|| ApiError::validation("Last-Event-ID must be an event id the stream sent"))?,
        ),
        None => None,
    };
    let permit = st
        .streams
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::unavailable("too many event streams are open; try again later").retry_after(5))?;
    // Subscribed before the start is read: a write from here on is not missed.
    let rx = st.events.subscribe();
    let newest = st
        .read(session, |c, ctx| {
            ctx.policy().read_audit()?;
            Ok(store::last_audit_id(c)?)
        })
        .await?;
    let feed = Feed {
        st,
        session,
        from: resume.unwrap_or(newest).min(newest),
        rx,
        queue: VecDeque::new(),
        _permit: permit,
    };
    let stream = futures_util::stream::unfold(feed, Feed::next);
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
