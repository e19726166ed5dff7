//! `/api/audit`: the log as each caller may see it (filters, a cursor, field-level changes), and
//! reverting a change through the same policy as any change.
use super::ctx::{Ctx, Session};
use super::error::{ApiError, ApiResult};
use super::json::{JsonBody, PathParam, QueryParams};
use super::store::{self, AuditFilter, AuditRow};
use super::AppState;
use axum::extract::State;
use axum::Json;
use ls_api::{AuditEntry, AuditPage, AuditQuery, FieldChange, RevertPlan, RevertRequest};
use ls_domain::policy::{About, Policy, Reach};
use ls_domain::wildcard::Mask;
use ls_domain::{Login, User};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

mod revert;

/// Rows one request reads at most while looking for rows the caller may see: a caller who sees
/// few rows of a long log gets a short page and a cursor instead of a scan of everything.
const SCAN: usize = 20_000;
pub const MAX_LIMIT: u32 = 1_000;

/// A time as stored (`2026-11-23T10:00:00Z`) from a time, a date or an age (`7d`, `12h`, `30m`).
fn moment(c: &Connection, s: &str, field: &'static str) -> ApiResult<String> {
    let s = s.trim();
    let bad = || {
        ApiError::validation(format!(
            "'{s}' is not a time: use 2026-11-23, 2026-11-23T10:00:00Z or an age such as 7d, 12h, 30m"
        ))
        .field(field)
    };
    if let Some(unit) = s.chars().last().filter(|u| matches!(u, 'd' | 'h' | 'm')) {
        // Ages past a century name no time the log holds (and SQLite's dates end at 9999).
        let n: u32 = s[..s.len() - 1]
            .parse()
            .ok()
            .filter(|n| *n <= 100 * 366 * 24 * 60)
            .ok_or_else(bad)?;
        let modifier = match unit {
            'd' => format!("-{n} days"),
            'h' => format!("-{n} hours"),
            _ => format!("-{n} minutes"),
        };
        let t: Option<String> = c.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ','now',?1)", [modifier], |r| {
            r.get(0)
        })?;
        // NULL: before the calendar SQLite knows.
        return t.ok_or_else(bad);
    }
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let date = b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    match b.len() {
        10 if date => Ok(format!("{s}T00:00:00Z")),
        20 if date
            && b[10] == b'T'
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19)
            && b[19] == b'Z' =>
        {
            Ok(s.to_string())
        }
        _ => Err(bad()),
    }
}

/// The users rows name, loaded once per request.
struct Users<'c> {
    c: &'c Connection,
    seen: HashMap<String, Option<User>>,
}

impl Users<'_> {
    fn get(&mut self, login: &str) -> Option<User> {
        let c = self.c;
        self.seen
            .entry(login.to_string())
            .or_insert_with(|| {
                let l: Login = login.parse().ok()?;
                store::load_user(c, l).ok().flatten()
            })
            .clone()
    }
}

/// Whether the caller may see row `r`: it must see what the row is about (its user, its
/// object) and the row's dealer. Rows from before targets were recorded fall back on the action.
fn visible(p: &Policy<'_, Ctx>, ctx: &Ctx, users: &mut Users, r: &AuditRow) -> bool {
    let kind = if r.kind.is_empty() {
        match r.action.split('.').next() {
            Some("user" | "token" | "access") => "user",
            Some("object") => "object",
            _ => "",
        }
    } else {
        r.kind.as_str()
    };
    let user = (kind == "user").then(|| users.get(&r.target));
    let object_id = r.object_id.or_else(|| {
        let d: Value = serde_json::from_str(&r.detail).ok()?;
        match kind {
            "object" => r.target.parse().ok(),
            _ => d["object_id"].as_i64(),
        }
    });
    let object = object_id.map(|id| About::Object(ctx.obj(id)));
    let about: Vec<About> = user
        .as_ref()
        .map(|u| About::User(u.as_ref()))
        .into_iter()
        .chain(object)
        .collect();
    p.see_audit_row(r.dealer_id, &about)
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(","),
        v => v.to_string(),
    }
}

/// Units named in a members change, by name where the caller sees them.
fn units(ctx: &Ctx, p: &Policy<'_, Ctx>, ids: &Value, sign: char) -> Vec<String> {
    let mut hidden = 0;
    let mut out: Vec<String> = ids
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .filter_map(|id| match ctx.obj(id).filter(|o| p.see_object(*o).is_ok()) {
            Some(o) => Some(format!("{sign}{}", o.name)),
            None => {
                hidden += 1;
                None
            }
        })
        .collect();
    if hidden > 0 {
        out.push(format!("{sign}{hidden} not shown"));
    }
    out
}

/// What changed, field by field, from a row's detail. Secrets never reach a detail: a token is
/// "renewed", a password "set".
fn changes(ctx: &Ctx, p: &Policy<'_, Ctx>, action: &str, d: &Value) -> Vec<FieldChange> {
    let fc = |field: &str, old: String, new: String| FieldChange {
        field: field.into(),
        old,
        new,
    };
    match action {
        "user.update" | "user.block" | "user.unblock" => d
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| fc(k, text(&v["old"]), text(&v["new"])))
            .collect(),
        "user.create" | "user.copy" => {
            let mut out = vec![
                fc("username", String::new(), text(&d["username"])),
                fc("roles", String::new(), text(&d["roles"])),
            ];
            if !text(&d["rights"]).is_empty() {
                out.push(fc("rights", String::new(), text(&d["rights"])));
            }
            if action == "user.copy" {
                out.push(fc("copy of", String::new(), text(&d["source"])));
            }
            out.push(fc("password", String::new(), "set".into()));
            out
        }
        "access.set" => vec![fc("level", text(&d["old"]), text(&d["new"]))],
        "token.renew" => vec![fc("api token", String::new(), "renewed".into())],
        "dealer.quota" => vec![fc(
            "user quota",
            text(&d["user_quota"]["old"]),
            text(&d["user_quota"]["new"]),
        )],
        "object.create" | "object.update" | "dealer.create" => {
            let mut out = Vec::new();
            match &d["name"] {
                Value::Object(n) => out.push(fc("name", text(&n["old"]), text(&n["new"]))),
                Value::String(n) => out.push(fc("name", String::new(), n.clone())),
                _ => {}
            }
            let mut m = units(ctx, p, &d["members_added"], '+');
            m.extend(units(ctx, p, &d["members_removed"], '−'));
            if !m.is_empty() {
                out.push(fc("members", String::new(), m.join(", ")));
            }
            out
        }
        _ => Vec::new(),
    }
}

/// A row's detail as the caller may read it: units it cannot see and a copy's source it cannot
/// see are taken out (their ids would tell what `changes` keeps hidden).
fn shown_detail(ctx: &Ctx, p: &Policy<'_, Ctx>, users: &mut Users, mut d: Value) -> Value {
    if let Some(m) = d.as_object_mut() {
        for k in ["members_added", "members_removed"] {
            if let Some(Value::Array(a)) = m.get_mut(k) {
                a.retain(|v| {
                    v.as_i64()
                        .and_then(|id| ctx.obj(id))
                        .is_some_and(|o| p.see_object(o).is_ok())
                });
            }
        }
        if let Some(src) = m.get("source").and_then(Value::as_str).map(String::from) {
            if users.get(&src).is_none_or(|u| p.see_user(&u).is_err()) {
                m.insert("source".into(), Value::String(String::new()));
            }
        }
    }
    d
}

/// A row as the caller is shown it.
fn entry(
    c: &Connection,
    ctx: &Ctx,
    p: &Policy<'_, Ctx>,
    users: &mut Users,
    r: AuditRow,
) -> rusqlite::Result<AuditEntry> {
    let raw: Value = serde_json::from_str(&r.detail).unwrap_or(Value::Null);
    let detail = shown_detail(ctx, p, users, raw);
    let changes = changes(ctx, p, &r.action, &detail);
    // A revert is named only when the caller sees some row of it.
    let reverted_by = match store::reverted_by(c, r.change_id)? {
        Some(by) => {
            let rows = store::change_rows(c, by)?;
            rows.iter().any(|x| visible(p, ctx, users, x)).then_some(by)
        }
        None => None,
    };
    let actor_name = users
        .get(&r.actor)
        .filter(|u| p.see_user(u).is_ok())
        .map(|u| u.username)
        .unwrap_or_default();
    // Ids leave hidden: counted in the open they would tell how many rows others wrote (#31).
    let hide = |n: i64| ctx.ids.audit(n);
    Ok(AuditEntry {
        id: hide(r.id),
        change_id: hide(r.change_id),
        changes,
        reverted_by: reverted_by.map(hide),
        at: r.at,
        actor: r.actor,
        actor_name,
        action: r.action,
        target_kind: r.kind,
        target: r.target,
        target_name: r.target_name,
        dealer_id: r.dealer_id,
        object_id: r.object_id,
        object_name: r.object_name,
        reverts: r.reverts.map(hide),
        detail,
    })
}

/// The rows matching `f` that the caller sees, at most `limit`.
pub struct Page {
    pub entries: Vec<AuditEntry>,
    /// The last row read (seen or not): where to go on from.
    pub last: Option<i64>,
    /// Rows were left unread (the limit or the scan bound was reached).
    pub more: bool,
}

pub fn page(c: &Connection, ctx: &Ctx, f: &AuditFilter, mask: Option<&Mask>, limit: usize) -> ApiResult<Page> {
    let p = ctx.policy();
    p.read_audit()?;
    let mut users = Users {
        c,
        seen: HashMap::new(),
    };
    let mut kept: Vec<AuditRow> = Vec::new();
    let (mut scanned, mut read, mut more) = (0usize, None, false);
    // Rows of dealers beyond the caller's reach are never seen (`see_audit_row`): the scan does
    // not read them at all, so others' long logs cost a caller nothing (issue #31).
    let f = &AuditFilter {
        dealers: match &ctx.actor.reach {
            Reach::All => None,
            Reach::Dealers(d) => {
                let mut d: Vec<i64> = d.iter().copied().collect();
                d.sort_unstable();
                Some(d)
            }
        },
        ..f.clone()
    };
    store::audit_rows(c, f, |r| {
        if scanned >= SCAN {
            more = true;
            return false;
        }
        scanned += 1;
        let named = mask.is_none_or(|m| m.matches(&r.target_name) || m.matches(&r.object_name));
        let seen = named && visible(&p, ctx, &mut users, &r);
        if kept.len() >= limit {
            // More only if another row *it sees* follows: hidden rows leave no trace.
            if seen {
                more = true;
                return false;
            }
        } else if seen {
            kept.push(r.clone());
        }
        read = Some(r.id);
        true
    })?;
    // Where to go on from: after the last row given when a page is full, else after the last
    // row read (hidden ones are skipped for good).
    let last = match (more && kept.len() >= limit, kept.last()) {
        (true, Some(k)) => Some(k.id),
        _ => read,
    };
    let mut out = Vec::with_capacity(kept.len());
    for r in kept {
        out.push(entry(c, ctx, &p, &mut users, r)?);
    }
    Ok(Page {
        entries: out,
        last,
        more,
    })
}

/// An audit id as the caller was shown it, back to the row's (`field` names it when it is not one).
pub fn audit_id(ctx: &Ctx, shown: i64, field: &'static str) -> ApiResult<i64> {
    ctx.ids
        .show(crate::opaque::Kind::Audit, shown)
        .ok_or_else(|| ApiError::validation(format!("{field} is not an id this service gave")).field(field))
}

fn filter(c: &Connection, ctx: &Ctx, q: &AuditQuery) -> ApiResult<AuditFilter> {
    let t = |v: &Option<String>, f| v.as_deref().map(|s| moment(c, s, f)).transpose();
    for (v, f) in [(&q.actor, "actor"), (&q.target, "target"), (&q.action, "action")] {
        if v.as_ref().is_some_and(|s| s.len() > 64) {
            return Err(ApiError::validation(format!("{f} is longer than 64 characters")).field(f));
        }
    }
    Ok(AuditFilter {
        actor: q.actor.clone(),
        target: q.target.clone(),
        object: q.object,
        dealer: q.dealer,
        action: q.action.clone(),
        since: t(&q.since, "since")?,
        until: t(&q.until, "until")?,
        before: q.before.map(|b| audit_id(ctx, b, "before")).transpose()?,
        after: None,
        change: q.change.map(|b| audit_id(ctx, b, "change")).transpose()?,
        dealers: None,
    })
}

#[utoipa::path(get, path = "/api/audit", tag = "audit", params(
    ("actor" = Option<String>, Query, description = "the acting login"),
    ("target" = Option<String>, Query, description = "the target as rows name it: a login, an object id"),
    ("object" = Option<i64>, Query, description = "rows about this object: itself, or a level on it"),
    ("dealer" = Option<i64>, Query, description = "rows about this dealer's users or objects"),
    ("action" = Option<String>, Query, description = "an action (user.block) or its family (user)"),
    ("since" = Option<String>, Query, description = "from this time (2026-11-23, 2026-11-23T10:00:00Z) or age (7d, 12h, 30m)"),
    ("until" = Option<String>, Query, description = "before this time or age"),
    ("mask" = Option<String>, Query, description = "wildcard mask over the target's and the object's names", max_length = 256),
    ("before" = Option<i64>, Query, description = "the cursor: rows older than this id (the previous page's next)"),
    ("change" = Option<i64>, Query, description = "only the rows of this change"),
    ("limit" = Option<u32>, Query, description = "at most this many rows, newest first (default 200, at most 1,000)")),
    responses((status = 200, description = "audit rows the caller sees, newest first, with the cursor for more", body = AuditPage)))]
pub async fn list(
    State(st): State<AppState>,
    session: Session,
    QueryParams(q): QueryParams<AuditQuery>,
) -> ApiResult<Json<AuditPage>> {
    let limit = q.limit.unwrap_or(200).clamp(1, MAX_LIMIT) as usize;
    let mask = match q.mask.as_deref() {
        Some(m) => {
            ls_domain::limits::mask(m).map_err(|e| ApiError::validation(e).field("mask"))?;
            Some(Mask::new(m))
        }
        None => None,
    };
    let page = st
        .read(session, move |c, ctx| {
            let f = filter(c, ctx, &q)?;
            let page = page(c, ctx, &f, mask.as_ref(), limit)?;
            Ok(AuditPage {
                next: if page.more {
                    page.last.map(|l| ctx.ids.audit(l))
                } else {
                    None
                },
                entries: page.entries,
            })
        })
        .await?;
    Ok(Json(page))
}

#[derive(Deserialize)]
pub struct DryRun {
    #[serde(default)]
    pub dry_run: bool,
}

#[utoipa::path(post, path = "/api/audit/{change_id}/revert", tag = "audit", params(
    ("change_id" = i64, Path, description = "the change to undo"),
    ("dry_run" = Option<bool>, Query, description = "answer the plan, write nothing")),
    request_body = RevertRequest,
    responses((status = 200, description = "the plan (dry run), or what was set back and the revert's change id", body = RevertPlan)))]
pub async fn revert(
    State(st): State<AppState>,
    session: Session,
    PathParam(change): PathParam<i64>,
    QueryParams(q): QueryParams<DryRun>,
    JsonBody(body): JsonBody<RevertRequest>,
) -> ApiResult<Json<RevertPlan>> {
    let want = body.plan;
    if !q.dry_run && want.is_none() {
        return Err(ApiError::validation(
            "send the plan to apply (`plan` from a dry run): a revert applies only the plan that was shown",
        )
        .field("plan"));
    }
    // The change as the caller was shown it; a number that is not one of ours names no row,
    // and is answered as any change the caller cannot see.
    let row = move |ctx: &Ctx| ctx.ids.show(crate::opaque::Kind::Audit, change).unwrap_or(-1);
    if q.dry_run {
        let plan = st.read(session, move |c, ctx| revert::plan(c, ctx, row(ctx))).await?;
        return Ok(Json(plan.shown(change)));
    }
    let done = st
        .write(session, move |w, ctx| {
            // Planned again inside the write: the policy and the state it judges are the ones
            // the write changes.
            let raw = row(ctx);
            let plan = revert::plan(w, ctx, raw)?;
            let shown = plan.shown(change);
            if want.as_ref() != Some(&shown.plan) {
                return Err(ApiError::conflict(
                    "the change's targets moved since the plan was made: plan the revert again; nothing was changed",
                ));
            }
            w.reverts = Some(raw);
            let applied = plan.apply(w, ctx)?.map(|a| ctx.ids.audit(a));
            Ok(RevertPlan { applied, ..shown })
        })
        .await?;
    tracing::info!(change, applied = ?done.applied, "change reverted");
    Ok(Json(done))
}
