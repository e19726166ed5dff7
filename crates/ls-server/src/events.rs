//! `GET /api/events`: the audit rows the caller may see, as server-sent events, while the
//! stream is open. Each event's id is the row's id, so a client that reconnects with
//! `Last-Event-ID` misses nothing. Every read loads the caller afresh: a caller blocked or
//! demoted meanwhile sees no more. And the credentials the stream was opened with are proved
//! again at each write and every few seconds ([`AppState::while_signed_in`]): a renewed
//! token, a changed password or a block ends the stream within seconds.
use super::audit::{page, Page};
use super::ctx::{Proof, Session};
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
/// Event streams one login may hold at once (a console or two, a script): one login cannot take
/// every stream of the service.
pub const PER_LOGIN: usize = 4;
/// A stream ends after this long; the client reconnects with `Last-Event-ID` and misses nothing.
/// (Credentials are re-checked far more often than this: see [`AppState::while_signed_in`].)
const LIFETIME: Duration = Duration::from_secs(30 * 60);
/// A quiet stream reads again this often, which asks who the caller is now.
const RECHECK: Duration = Duration::from_secs(60);
/// Rows sent per read; a stream resuming far back catches up page by page.
const BATCH: usize = 200;

/// One of a login's streams; given back when the stream ends.
struct Slot {
    streams: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<ls_domain::Login, usize>>>,
    login: ls_domain::Login,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut m = self.streams.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = m.get_mut(&self.login) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                m.remove(&self.login);
            }
        }
    }
}

struct Feed {
    st: AppState,
    session: Session,
    from: i64,
    rx: tokio::sync::watch::Receiver<i64>,
    queue: VecDeque<AuditEntry>,
    ends: tokio::time::Instant,
    _permit: tokio::sync::OwnedSemaphorePermit,
    _slot: Slot,
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
            if tokio::time::Instant::now() >= self.ends {
                return None;
            }
            // Nothing new: wait for a write that audited (a write made meanwhile counts), or
            // read again after a while, which asks who the caller is now.
            if let Ok(changed) = tokio::time::timeout(RECHECK, self.rx.changed()).await {
                changed.ok()?;
            }
        }
    }
}

#[utoipa::path(get, path = "/api/events", tag = "audit", params(("Last-Event-ID" = Option<String>, Header, description = "the last event received: the stream resumes after it")), responses((status = 200, description = "server-sent events: `audit` events carrying audit rows the caller may see", content_type = "text/event-stream", body = String)))]
pub async fn events(
    State(st): State<AppState>,
    session: Session,
    proof: Option<axum::Extension<Proof>>,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    // Left by the sign-in that made `session`: what the stream proves again as it runs.
    let proof = proof
        .map(|p| p.0)
        .ok_or_else(|| ApiError::unauthorized("the event stream needs a usr header signed in with a password"))?;
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
    // Subscribed before the start is read: a write from here on is not missed.
    let rx = st.events.subscribe();
    // Who may read the log is asked before any stream is held.
    let (newest, resume) = st
        .read(session, move |c, ctx| {
            ctx.policy().read_audit()?;
            // Ids go out hidden (`opaque.rs`); the one sent back is the row's again.
            let resume = match resume {
                Some(shown) => Some(
                    ctx.ids
                        .show(crate::opaque::Kind::Audit, shown)
                        .ok_or_else(|| ApiError::validation("Last-Event-ID must be an event id the stream sent"))?,
                ),
                None => None,
            };
            Ok((store::last_audit_id(c)?, resume))
        })
        .await?;
    let slot = {
        let mut m = st.stream_logins.lock().unwrap_or_else(|p| p.into_inner());
        let n = m.entry(session.login).or_insert(0);
        if *n >= PER_LOGIN {
            return Err(ApiError::too_many(format!(
                "{PER_LOGIN} event streams are open for {} already; close one first",
                session.login
            ))
            .retry_after(5));
        }
        *n += 1;
        Slot {
            streams: st.stream_logins.clone(),
            login: session.login,
        }
    };
    let permit = st
        .streams
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::unavailable("too many event streams are open; try again later").retry_after(5))?;
    let st_for_guard = st.clone();
    let feed = Feed {
        st,
        session,
        from: resume.unwrap_or(newest).min(newest),
        rx,
        queue: VecDeque::new(),
        ends: tokio::time::Instant::now() + LIFETIME,
        _permit: permit,
        _slot: slot,
    };
    let stream = st_for_guard.while_signed_in(proof, futures_util::stream::unfold(feed, Feed::next));
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
