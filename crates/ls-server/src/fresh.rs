//! Conditional reads: a read's strong `ETag` names the data's revision as far as the caller may
//! see it (the newest revision among the rows in its reach: every written row is marked with the
//! revision of the write), the caller and the day, so that "nothing changed" costs a few small
//! queries and a `304` with no body instead of reading and sending megabytes again. Another
//! dealer's writes move no tag and no `revision` of the caller's: they would tell it how many
//! writes that dealer makes, and when (issue #31).
use super::ctx::{Ctx, Session};
use super::error::ApiResult;
use super::AppState;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ls_domain::policy::Reach;
use rusqlite::Connection;

/// What the request's `If-None-Match` named (`None`: nothing, or not a tag of ours).
#[derive(Debug, Clone, Default)]
pub struct IfNoneMatch(Option<String>);

impl IfNoneMatch {
    pub fn of(h: &HeaderMap) -> IfNoneMatch {
        IfNoneMatch(
            h.get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                // A tag of ours is short; anything longer is not worth comparing.
                .filter(|v| v.len() <= 64)
                .map(str::to_string),
        )
    }
    fn names(&self, tag: &str) -> bool {
        self.0
            .as_deref()
            .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"))
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for IfNoneMatch {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(IfNoneMatch::of(&parts.headers))
    }
}

/// The revision of what `ctx`'s caller may see: the newest among the users, objects and dealers
/// of the dealers it reaches (every row for the administrator), and when its own access last
/// moved. `None` while rows are written that no commit has published.
///
/// The reach is the policy's ceiling on what the caller sees, so every row it sees is counted
/// (a change it sees always moves it), and rows of dealers beyond it never are. It never goes
/// back for the caller while its access stands: rows only take newer revisions. Deltas from it
/// hold: a row written later takes a revision above every published one, a row it comes to see
/// without a write is one its own access let in, and then the whole list is answered.
pub fn seen_revision(c: &Connection, ctx: &Ctx) -> rusqlite::Result<Option<i64>> {
    let Some(published) = ctx.revision else {
        return Ok(None);
    };
    let newest = match &ctx.actor.reach {
        Reach::All => super::store::newest_rev(c)?,
        Reach::Dealers(dealers) => {
            let accounts: Vec<i64> = dealers
                .iter()
                .filter_map(|d| ctx.actor.dealers.account_of(*d))
                .collect();
            super::store::newest_rev_of(c, dealers.iter().copied(), accounts)?
        }
    };
    let own = super::store::auth_rev(c, ctx.actor.login())?;
    // Never above the published revision: a delta from it must not skip the next write's rows.
    Ok(Some(newest.max(own).min(published)))
}

/// The tag of what `ctx`'s caller reads now: the revision it was loaded at, its login (each
/// caller sees its own rows) and the day (licenses expire, ages grow). `None` while rows are
/// written that no commit has published: then nothing is cached.
pub fn tag(ctx: &Ctx) -> Option<String> {
    tag_marked(ctx, None)
}

/// [`tag`], also naming one row's own mark (a sign-in marks a user's row without publishing a
/// revision, and the card shows its time).
pub fn tag_marked(ctx: &Ctx, mark: Option<i64>) -> Option<String> {
    let day = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    let mark = mark.map(|m| format!(".{m}")).unwrap_or_default();
    // Hidden: counted in the open it would say how many writes others made (issue #31).
    ctx.revision
        .map(|r| format!("\"r{}.{}.{day}{mark}\"", ctx.ids.revision(r), ctx.actor.login()))
}

/// The revision a delta asked from (`?since=`, as [`shown_revision`] gave it) holds for: `None`
/// (answer the whole list) when none was asked, when the caller's own access moved since (any
/// row may have entered or left its view), or when it is ahead of the data or not one of ours
/// (another database, a restored backup).
pub fn delta_since(c: &Connection, ctx: &Ctx, since: Option<i64>) -> ApiResult<Option<i64>> {
    let since = since.and_then(|s| ctx.ids.show(crate::opaque::Kind::Revision, s));
    Ok(match (since, ctx.revision) {
        (Some(s), Some(r)) if s <= r && super::store::auth_rev(c, ctx.actor.login())? <= s => Some(s),
        _ => None,
    })
}

/// The caller's revision as an answer's `revision` shows it: hidden, so that two of them say
/// nothing about the writes between (issue #31).
pub fn shown_revision(ctx: &Ctx) -> Option<i64> {
    ctx.revision.map(|r| ctx.ids.revision(r))
}

/// A tag for what never changes while this build runs (the rights catalogue, the roles).
pub fn build_tag() -> String {
    format!("\"v{}\"", env!("CARGO_PKG_VERSION"))
}

/// A read's answer: unchanged since the tag the client holds, or fresh with its tag.
pub enum Tagged<T> {
    Same(String),
    Fresh(Option<String>, T),
}

impl<T> Tagged<T> {
    /// `Fresh` when the caller's tag is not `tag`; `Same` (no work) when it is.
    pub fn check(inm: &IfNoneMatch, tag: Option<String>, fresh: impl FnOnce() -> ApiResult<T>) -> ApiResult<Tagged<T>> {
        match tag {
            Some(t) if inm.names(&t) => Ok(Tagged::Same(t)),
            t => Ok(Tagged::Fresh(t, fresh()?)),
        }
    }
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Tagged<U> {
        match self {
            Tagged::Same(t) => Tagged::Same(t),
            Tagged::Fresh(t, v) => Tagged::Fresh(t, f(v)),
        }
    }
}

fn headers(r: &mut Response, tag: Option<&str>) {
    let h = r.headers_mut();
    if let Some(v) = tag.and_then(|t| HeaderValue::from_str(t).ok()) {
        h.insert(header::ETAG, v);
    }
    // Each caller sees its own rows: no shared cache may keep them, and the client asks again
    // (with the tag) each time.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    h.insert(header::VARY, HeaderValue::from_static("usr, accept-encoding"));
}

impl<T: IntoResponse> IntoResponse for Tagged<T> {
    fn into_response(self) -> Response {
        match self {
            Tagged::Same(t) => {
                let mut r = StatusCode::NOT_MODIFIED.into_response();
                headers(&mut r, Some(&t));
                r
            }
            Tagged::Fresh(t, v) => {
                let mut r = v.into_response();
                if r.status().is_success() {
                    headers(&mut r, t.as_deref());
                }
                r
            }
        }
    }
}

impl AppState {
    /// [`read`](AppState::read) with the answer's tag: `Same` (no body) when the caller's tag is
    /// still the data's. `f` runs first, so what it refuses (a hidden user: 404) is refused
    /// whatever tag comes.
    pub async fn read_tagged<T, F>(&self, s: Session, inm: IfNoneMatch, f: F) -> ApiResult<Tagged<T>>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &Ctx) -> ApiResult<T> + Send + 'static,
    {
        self.read(s, move |c, ctx| {
            let v = f(c, ctx)?;
            Tagged::check(&inm, tag(ctx), || Ok(v))
        })
        .await
    }

    /// For a list, which refuses no signed-in caller and only filters: `Same` without running
    /// `f` at all, so an unchanged reload costs a few small queries.
    pub async fn read_tagged_list<T, F>(&self, s: Session, inm: IfNoneMatch, f: F) -> ApiResult<Tagged<T>>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &Ctx) -> ApiResult<T> + Send + 'static,
    {
        self.read(s, move |c, ctx| Tagged::check(&inm, tag(ctx), || f(c, ctx)))
            .await
    }
}
