//! `/api/users…`: list with masks and sort, read, create, update with optimistic concurrency.
//! Handlers parse, ask `domain::policy` inside the write's transaction, store, and answer.
use super::ctx::{Ctx, Session};
use super::error::{ApiError, ApiResult};
use super::fresh::{IfNoneMatch, Tagged};
use super::grants::{self, whole_batch};
use super::json::{JsonBody, PathParam, QueryParams};
use super::store;
use super::visible::{seen_groups, seen_object};
use super::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use ls_api::{AccessChange, Assessment, CreatedUser, NewCredentials, UserCopy, UsersPage};
use ls_domain::query::query;
use ls_domain::usr::password_hash;
use ls_domain::{Column, Login, Order, User, UserDraft};
use rand::distr::{Alphanumeric, SampleString};
use rand::RngCore;
use rusqlite::Connection;
use serde_json::json;
use std::borrow::Cow;
use std::collections::HashMap;

pub mod quota;

// Their path before `visible` held them (tokens.rs uses it).
pub use crate::visible::{parse_login, visible_user};

/// A random API token: 32 bytes of entropy as 64 hex digits. Marks the answer being made as
/// carrying a secret (never compressed).
pub fn new_token() -> String {
    crate::secret_made();
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A random password. Marks the answer being made as carrying a secret (never compressed).
pub fn new_password() -> String {
    crate::secret_made();
    Alphanumeric.sample_string(&mut rand::rng(), 14)
}

fn first_invalid(d: &UserDraft) -> ApiResult<()> {
    match d.validate().into_iter().next() {
        Some(e) => Err(ApiError::validation(e.message).field(e.field)),
        None => Ok(()),
    }
}

#[utoipa::path(get, path = "/api/users", tag = "users", params(("mask.login" = Option<String>, Query, description = "wildcard mask on login (* any run, ? one character, none: substring)", max_length = 256), ("mask.username" = Option<String>, Query, description = "wildcard mask on username (* any run, ? one character, none: substring)", max_length = 256), ("mask.roles" = Option<String>, Query, description = "wildcard mask on roles (* any run, ? one character, none: substring)", max_length = 256), ("mask.dealer" = Option<String>, Query, description = "wildcard mask on dealer (* any run, ? one character, none: substring)", max_length = 256), ("mask.email" = Option<String>, Query, description = "wildcard mask on email (* any run, ? one character, none: substring)", max_length = 256), ("mask.phone" = Option<String>, Query, description = "wildcard mask on phone (* any run, ? one character, none: substring)", max_length = 256), ("mask.mobile" = Option<String>, Query, description = "wildcard mask on mobile (* any run, ? one character, none: substring)", max_length = 256), ("mask.source" = Option<String>, Query, description = "wildcard mask on source (* any run, ? one character, none: substring)", max_length = 256), ("mask.last_sign_in" = Option<String>, Query, description = "on the last sign-in (2026-11-23 10:00, or never): >90d not since 90 days or never, <7d within 7 days (d, h, m), else a wildcard mask", max_length = 256), ("sort" = Option<String>, Query, description = "column to sort by"), ("order" = Option<String>, Query, description = "asc or desc"), ("since" = Option<i64>, Query, description = "only the users changed after this revision (an earlier answer's `revision`); not with masks", minimum = 0)), responses((status = 200, description = "the users the caller sees that match", body = UsersPage), (status = 304, description = "unchanged since the ETag sent in If-None-Match")))]
pub async fn list(
    State(st): State<AppState>,
    session: Session,
    inm: IfNoneMatch,
    QueryParams(params): QueryParams<HashMap<String, String>>,
) -> ApiResult<impl axum::response::IntoResponse> {
    let mut since: Option<i64> = None;
    let mut masks = Vec::new();
    let mut sort = Column::Login;
    let mut order = Order::Asc;
    for (k, v) in &params {
        if let Some(col) = k.strip_prefix("mask.") {
            let c: Column = col
                .parse()
                .map_err(|e: String| ApiError::validation(e).field(k.clone()))?;
            ls_domain::limits::mask(v).map_err(|e| ApiError::validation(e).field(k.clone()))?;
            masks.push((c, v.clone()));
        } else if k == "sort" {
            sort = v.parse().map_err(|e: String| ApiError::validation(e).field("sort"))?;
        } else if k == "order" {
            order = v.parse().map_err(|e: String| ApiError::validation(e).field("order"))?;
        } else if k == "since" {
            since = Some(
                v.parse::<i64>()
                    .ok()
                    .filter(|s| *s >= 0)
                    .ok_or_else(|| ApiError::validation("since is a revision: 0 or more").field("since"))?,
            );
        } else {
            return Err(ApiError::validation(format!(
                "unknown query parameter '{k}' (mask.<column>, sort, order, since)"
            ))
            .field(k.clone()));
        }
    }
    if since.is_some() && masks.iter().any(|(_, m)| !m.is_empty()) {
        return Err(ApiError::validation("since is for the whole list: not with masks").field("since"));
    }
    // An age mask's answer moves with the clock, not with the data: never answered as unchanged.
    let inm = if masks.iter().any(|(_, m)| ls_domain::wildcard::is_age(m)) {
        IfNoneMatch::default()
    } else {
        inm
    };
    let cache = st.caches.users.clone();
    // Who is visible is asked inside the read; filtering by masks, sorting and encoding run after
    // it, over borrowed users (the shared list is never copied).
    let read = st
        .read_tagged_list(session, inm, move |c, ctx| {
            let all = cache.get(c)?;
            let p = ctx.policy();
            let visible: Vec<usize> = (0..all.len()).filter(|i| p.see_user(&all[*i]).is_ok()).collect();
            // Users never change dealer: no one leaves the caller's view unless its own access
            // moved, and then the delta is the whole list.
            let delta = crate::fresh::delta_since(c, ctx, since)?;
            let total = visible.len();
            let rows: Vec<usize> = match delta {
                None => visible,
                Some(s) => store::users_changed(c, s)?
                    .into_iter()
                    .filter_map(|l| all.binary_search_by_key(&l, |u| u.login.get() as i64).ok())
                    .filter(|i| p.see_user(&all[*i]).is_ok())
                    .collect(),
            };
            // A user's object groups as far as the actor sees them (rarely fewer than all).
            let groups: HashMap<Login, Vec<i64>> = rows
                .iter()
                .map(|i| &all[*i])
                .filter(|u| u.object_groups.iter().any(|g| !seen_object(ctx, *g)))
                .map(|u| (u.login, seen_groups(ctx, &u.object_groups)))
                .collect();
            // Both as the caller is shown them (issue #31).
            let shown = (crate::fresh::shown_revision(ctx), delta.map(|s| ctx.ids.revision(s)));
            Ok((all, rows, groups, total, shown.0, shown.1))
        })
        .await?;
    let (tag, (all, rows, groups, total, revision, delta)) = match read {
        Tagged::Same(t) => return Ok(Tagged::Same(t)),
        Tagged::Fresh(t, v) => (t, v),
    };
    let body = tokio::task::spawn_blocking(move || {
        let visible: Vec<&User> = rows.iter().map(|i| &all[*i]).collect();
        let users = query(visible, &masks, sort, order)
            .into_iter()
            .map(|u| match groups.get(&u.login) {
                None => Cow::Borrowed(u),
                Some(g) => Cow::Owned(User {
                    object_groups: g.clone(),
                    ..u.clone()
                }),
            })
            .collect();
        serde_json::to_vec(&UsersPageRef {
            users,
            total,
            revision,
            since: delta,
        })
    })
    .await
    .map_err(|e| ApiError::internal(format!("list task failed: {e}")))?
    .map_err(|e| ApiError::internal(format!("cannot encode the list: {e}")))?;
    Ok(Tagged::Fresh(
        tag,
        ([(axum::http::header::CONTENT_TYPE, "application/json")], body),
    ))
}

/// `UsersPage` over borrowed users (the same JSON).
#[derive(serde::Serialize)]
struct UsersPageRef<'a> {
    users: Vec<Cow<'a, User>>,
    total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    revision: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<i64>,
}

#[utoipa::path(get, path = "/api/users/{login}", tag = "users", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003")), responses((status = 200, description = "the user", body = User)))]
pub async fn get(
    State(st): State<AppState>,
    session: Session,
    inm: IfNoneMatch,
    PathParam(login): PathParam<String>,
) -> ApiResult<Tagged<Json<User>>> {
    let login = parse_login(&login)?;
    let u = st
        .read(session, move |c, ctx| {
            let u = visible_user(c, ctx, login)?;
            let tag = crate::fresh::tag_marked(ctx, Some(store::sign_in_mark(c, login)?));
            Tagged::check(&inm, tag, || Ok(u))
        })
        .await?;
    Ok(u.map(Json))
}

#[utoipa::path(get, path = "/api/users/{login}/assessments", tag = "users", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003")), responses((status = 200, description = "annual results, newest first", body = [Assessment])))]
pub async fn assessments(
    State(st): State<AppState>,
    session: Session,
    PathParam(login): PathParam<String>,
) -> ApiResult<Json<Vec<Assessment>>> {
    let login = parse_login(&login)?;
    let rows = st
        .read(session, move |c, ctx| {
            visible_user(c, ctx, login)?;
            Ok(store::assessments(c, login)?)
        })
        .await?;
    Ok(Json(rows))
}

#[utoipa::path(post, path = "/api/users", tag = "users", request_body = UserDraft, responses((status = 201, description = "created, with its one-time password and API token", body = CreatedUser)))]
pub async fn create(
    State(st): State<AppState>,
    session: Session,
    JsonBody(d): JsonBody<UserDraft>,
) -> ApiResult<(StatusCode, Json<CreatedUser>)> {
    make_user(st, session, d, None).await
}

#[utoipa::path(post, path = "/api/users/{login}/copy", tag = "users", params(("login" = String, Path, description = "the source user's login", example = "0003")), request_body = UserCopy, responses((status = 201, description = "created with the grants copied, all or nothing; its one-time password and API token", body = CreatedUser)))]
pub async fn copy(
    State(st): State<AppState>,
    session: Session,
    PathParam(login): PathParam<String>,
    JsonBody(c): JsonBody<UserCopy>,
) -> ApiResult<(StatusCode, Json<CreatedUser>)> {
    let source = parse_login(&login)?;
    if c.levels.len() > grants::MAX_BATCH {
        return Err(ApiError::too_large("at most 200,000 grants in one copy"));
    }
    ls_domain::policy::each_once(c.levels.iter().map(|l| l.object_id), "levels")?;
    if c.levels.iter().any(|l| l.level == ls_domain::AccessLevel::None) {
        return Err(ApiError::validation("a copied grant is above none").field("levels"));
    }
    make_user(st, session, c.user, Some((source, c.levels))).await
}

/// [`judge_rules`], then the dealer's quota: what the create's transaction asks.
fn judge_new(
    c: &Connection,
    ctx: &Ctx,
    d: &UserDraft,
    login: Option<Login>,
    copy: Option<&(Login, Vec<AccessChange>)>,
) -> ApiResult<()> {
    judge_rules(c, ctx, d, login, copy)?;
    quota::within_quota(c, d.dealer_id.unwrap_or(ctx.actor.user.dealer_id))
}

/// Judges a new user (with the grants of a copy) for the actor: the plain rule for a creation,
/// every part of a copy for a copy. `login`: the one it will get.
fn judge_rules(
    c: &Connection,
    ctx: &Ctx,
    d: &UserDraft,
    login: Option<Login>,
    copy: Option<&(Login, Vec<AccessChange>)>,
) -> ApiResult<()> {
    let dealer_id = d.dealer_id.unwrap_or(ctx.actor.user.dealer_id);
    let p = ctx.policy();
    let Some((source, levels)) = copy else {
        p.create_user(d, dealer_id)?;
        return unlike_others(c, dealer_id, &d.username, None);
    };
    // Who may create users at all is asked first: the objects named below then tell nothing
    // to a caller that could not copy anyway.
    p.create_users(dealer_id).map_err(whole_batch)?;
    visible_user(c, ctx, *source)?;
    // A copy copies the source's grants as they are now, not as they were planned.
    let have = store::direct_of(c, *source)?;
    let mut grants = Vec::with_capacity(levels.len());
    for ch in levels {
        // Missing and unseen objects answer alike, so ids of other dealers' objects stay unknown.
        let o = ctx
            .obj(ch.object_id)
            .filter(|o| p.see_object(*o).is_ok())
            .ok_or_else(|| {
                ApiError::not_found(format!("object {} not found; nothing was changed", ch.object_id)).field("levels")
            })?;
        let now = have.get(&o.id).copied().unwrap_or_default();
        if now != ch.level {
            return Err(ApiError::conflict(format!(
                "user {source} has {now} on {}, not {}: plan the copy again; nothing was changed",
                o.label(),
                ch.level
            ))
            .field("levels"));
        }
        grants.push((o, ch.level));
    }
    let d = UserDraft { login, ..d.clone() };
    p.copy_user(&d, dealer_id, &grants).whole().map_err(whole_batch)?;
    unlike_others(c, dealer_id, &d.username, None)
}

/// A new or renamed username must not look like another user's of the same dealer (TS #39
/// skeletons, `ls_domain::text::LookAlike`): it would pass for that user in every list and log.
/// Asked after the policy, inside the write's transaction; `except`: the user being renamed.
fn unlike_others(c: &Connection, dealer_id: i64, name: &str, except: Option<Login>) -> ApiResult<()> {
    let mut q = c.prepare_cached("SELECT login, username FROM users WHERE dealer_id = ?1 AND login <> ?2")?;
    let others = q
        .query_map(
            rusqlite::params![dealer_id, except.map_or(0, |l| i64::from(l.get()))],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    match ls_domain::text::look_alike(name, others.iter().map(|(l, n)| (*l, n.as_str()))) {
        Some((login, other)) => Err(ApiError::validation(format!(
            "username looks like that of user {login:04} ({}): choose one that cannot pass for it",
            ls_domain::text::visible(other)
        ))
        .field("username")),
        None => Ok(()),
    }
}

/// Creates a user, or a copy of `copy.0` with the grants `copy.1`, all in one transaction.
async fn make_user(
    st: AppState,
    session: Session,
    d: UserDraft,
    copy: Option<(Login, Vec<AccessChange>)>,
) -> ApiResult<(StatusCode, Json<CreatedUser>)> {
    first_invalid(&d)?;
    let password = d.password.clone().unwrap_or_else(new_password);
    let token = new_token();
    let copy = std::sync::Arc::new(copy);
    // Refused before any hashing: argon2 is not spent on requests the policy turns down.
    let (draft, cp) = (d.clone(), copy.clone());
    let (dealer_id, counted, within) = st
        .read(session, move |c, ctx| {
            judge_rules(c, ctx, &draft, draft.login, cp.as_ref().as_ref())?;
            let dealer_id = draft.dealer_id.unwrap_or(ctx.actor.user.dealer_id);
            Ok((dealer_id, !ctx.actor.is_admin(), quota::within_quota(c, dealer_id)))
        })
        .await?;
    // Counted once the policy allowed it (a caller refused spends no dealer's allowance) and
    // before the quota: a loop against a full quota is slowed like any other.
    if counted {
        st.creations.take(dealer_id).map_err(quota::too_fast)?;
    }
    within?;
    // The hash covers the login, known for sure only inside the write: hash for the login free
    // now, on the hashing threads (never holding the database), and try again in the rare case
    // another creation took it meanwhile.
    let wanted = d.login;
    let mut tries = 0;
    let user = loop {
        tries += 1;
        let candidate = match wanted {
            Some(l) => l,
            None => st.db.read(|c| store::pick_login(c, None)).await?,
        };
        let hash = st.hashes.hash(password_hash(candidate, &password)).await?;
        let (d, tok, cp) = (d.clone(), token.clone(), copy.clone());
        let made = st
            .write(session, move |w, ctx| {
                let actor = ctx.actor.login();
                let dealer_id = d.dealer_id.unwrap_or(ctx.actor.user.dealer_id);
                let login = store::pick_login(w, wanted)?;
                if login != candidate {
                    return Ok(None);
                }
                // The check and the write see the same rows: one transaction.
                judge_new(w, ctx, &d, Some(login), cp.as_ref().as_ref())?;
                store::insert_user(w, login, &d, dealer_id, "LS", Some(&hash), &tok, Some(actor))?;
                let mut u = store::load_user(w, login)?.ok_or_else(|| ApiError::internal("created user vanished"))?;
                match cp.as_ref() {
                    None => w.audit(
                        actor,
                        store::NewRow::user(
                            "user.create",
                            login,
                            &u.username,
                            dealer_id,
                            json!({"username": u.username, "roles": d.roles, "rights": d.rights, "dealer_id": dealer_id}),
                        ),
                    )?,
                    Some((source, levels)) => {
                        w.audit(
                            actor,
                            store::NewRow::user(
                                "user.copy",
                                login,
                                &u.username,
                                dealer_id,
                                json!({"source": source.to_string(), "username": u.username, "roles": d.roles,
                                        "rights": d.rights, "dealer_id": dealer_id, "levels": levels.len()}),
                            ),
                        )?;
                        grants::copy_levels(w, ctx, &u, levels)?;
                        u = store::load_user(w, login)?.ok_or_else(|| ApiError::internal("created user vanished"))?;
                    }
                }
                w.graph_changed();
                u.level = Some(ls_domain::AccessLevel::Manage);
                Ok(Some(u))
            })
            .await?;
        match made {
            Some(u) => break u,
            None if tries < 5 => continue,
            None => return Err(ApiError::unavailable("logins are being taken quickly; try again").retry_after(1)),
        }
    };
    tracing::info!(login = %user.login, copy = copy.is_some(), "user created");
    Ok((
        StatusCode::CREATED,
        Json(CreatedUser {
            user,
            credentials: NewCredentials {
                password,
                api_token: token,
            },
        }),
    ))
}

#[utoipa::path(put, path = "/api/users/{login}", tag = "users", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003"), ("If-Match" = String, Header, description = "the version the edit started from")), request_body = UserDraft, responses((status = 200, description = "saved; the new version", body = User)))]
pub async fn update(
    State(st): State<AppState>,
    session: Session,
    PathParam(login): PathParam<String>,
    headers: HeaderMap,
    JsonBody(d): JsonBody<UserDraft>,
) -> ApiResult<Json<User>> {
    let login = parse_login(&login)?;
    let version: i64 = headers
        .get("if-match")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().trim_matches('"'))
        .ok_or_else(|| {
            ApiError::validation("send If-Match: <version> with the version the edit started from").field("version")
        })?
        .parse()
        .map_err(|_| ApiError::validation("If-Match must be the user's version number").field("version"))?;
    first_invalid(&d)?;
    let user = st
        .write(session, move |w, ctx| {
            // The check and the write see the same row: one transaction.
            let cur = visible_user(w, ctx, login)?;
            ctx.policy().update_user(&cur, &d)?;
            if cur.version != version {
                return Err(ApiError::conflict(format!(
                    "user {login} was changed by someone else (now version {}, your edit started from {version}); reload it or keep your draft and try again",
                    cur.version
                )));
            }
            if d.username.trim() != cur.username {
                unlike_others(w, cur.dealer_id, &d.username, Some(login))?;
            }
            let changes = store::user_diff(&cur, &d);
            if changes.as_object().is_some_and(|m| m.is_empty()) {
                return Ok(cur);
            }
            store::update_user(w, login, &d)?;
            let action = match (cur.login_allowed, d.login_allowed) {
                (true, false) => "user.block",
                (false, true) => "user.unblock",
                _ => "user.update",
            };
            let after = visible_user(w, ctx, login)?;
            w.audit(
                ctx.actor.login(),
                store::NewRow::user(action, login, &after.username, cur.dealer_id, changes),
            )?;
            // The user's object carries its name: only a new name changes the objects graph
            // (whose reload is 100,000 rows).
            if after.username != cur.username {
                w.graph_changed();
            }
            Ok(after)
        })
        .await?;
    tracing::info!(login = %login, version = user.version, "user updated");
    Ok(Json(user))
}
