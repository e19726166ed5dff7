//! `/api/users…`: list with masks and sort, read, create, update with optimistic concurrency.
use super::auth::hash_h_password;
use super::authz::Caller;
use super::db::{self, NOW, USER_COLS, USER_FROM};
use super::error::{ApiError, ApiResult};
use super::json::{JsonBody, PathParam, QueryParams};
use super::AppState;
use crate::api::{Assessment, CreatedUser, NewCredentials, UsersPage};
use crate::domain::query::query;
use crate::domain::usr::password_hash;
use crate::domain::{Column, Login, Order, User, UserDraft, MAX_LOGIN};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use rand::distr::{Alphanumeric, SampleString};
use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;
use std::collections::HashMap;

pub fn parse_login(s: &str) -> ApiResult<Login> {
    s.parse()
        .map_err(|e: crate::domain::LoginError| ApiError::validation(e.to_string()).field("login"))
}

/// A random API token: 32 bytes of entropy as 64 hex digits.
pub fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn new_password() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 14)
}

fn first_invalid(d: &UserDraft) -> ApiResult<()> {
    match d.validate().into_iter().next() {
        Some(e) => Err(ApiError::validation(e.message).field(e.field)),
        None => Ok(()),
    }
}

/// Every user with its object groups, loaded once and kept until a user or a grant changes:
/// the users list is the hottest read and 9,999 rows need not come from disk each time.
#[derive(Clone, Default)]
pub struct UsersCache(std::sync::Arc<std::sync::Mutex<Option<std::sync::Arc<Vec<User>>>>>);

impl UsersCache {
    pub fn get(&self, c: &Connection) -> rusqlite::Result<std::sync::Arc<Vec<User>>> {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(u) = g.as_ref() {
            return Ok(u.clone());
        }
        let fresh = std::sync::Arc::new(all_users(c)?);
        *g = Some(fresh.clone());
        Ok(fresh)
    }
    pub fn invalidate(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

fn all_users(c: &Connection) -> rusqlite::Result<Vec<User>> {
    let sql = format!("SELECT {USER_COLS} FROM {USER_FROM} ORDER BY u.login");
    let mut st = c.prepare(&sql)?;
    let mut users: Vec<User> = st.query_map([], db::user_from_row)?.collect::<rusqlite::Result<_>>()?;
    // Object groups in one pass rather than a query per user.
    let mut groups: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut st = c.prepare_cached(
        "SELECT g.login, g.object_id FROM grants g JOIN objects o ON o.id = g.object_id \
         WHERE o.kind = 'unit_group' AND g.level > 0 ORDER BY g.object_id",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for r in rows {
        let (l, g) = r?;
        groups.entry(l).or_default().push(g);
    }
    for u in &mut users {
        if let Some(g) = groups.remove(&(u.login.get() as i64)) {
            u.object_groups = g;
        }
    }
    Ok(users)
}

#[utoipa::path(get, path = "/api/users", tag = "users", params(("mask.login" = Option<String>, Query, description = "wildcard mask on login (* any run, ? one character, none: substring)"), ("mask.username" = Option<String>, Query, description = "wildcard mask on username (* any run, ? one character, none: substring)"), ("mask.roles" = Option<String>, Query, description = "wildcard mask on roles (* any run, ? one character, none: substring)"), ("mask.dealer" = Option<String>, Query, description = "wildcard mask on dealer (* any run, ? one character, none: substring)"), ("mask.email" = Option<String>, Query, description = "wildcard mask on email (* any run, ? one character, none: substring)"), ("mask.phone" = Option<String>, Query, description = "wildcard mask on phone (* any run, ? one character, none: substring)"), ("mask.mobile" = Option<String>, Query, description = "wildcard mask on mobile (* any run, ? one character, none: substring)"), ("mask.source" = Option<String>, Query, description = "wildcard mask on source (* any run, ? one character, none: substring)"), ("sort" = Option<String>, Query, description = "column to sort by"), ("order" = Option<String>, Query, description = "asc or desc")), responses((status = 200, description = "the users the caller sees that match", body = UsersPage)))]
pub async fn list(
    State(st): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<HashMap<String, String>>,
) -> ApiResult<impl axum::response::IntoResponse> {
    let mut masks = Vec::new();
    let mut sort = Column::Login;
    let mut order = Order::Asc;
    for (k, v) in &params {
        if let Some(col) = k.strip_prefix("mask.") {
            let c: Column = col
                .parse()
                .map_err(|e: String| ApiError::validation(e).field(k.clone()))?;
            masks.push((c, v.clone()));
        } else if k == "sort" {
            sort = v.parse().map_err(|e: String| ApiError::validation(e).field("sort"))?;
        } else if k == "order" {
            order = v.parse().map_err(|e: String| ApiError::validation(e).field("order"))?;
        } else {
            return Err(
                ApiError::validation(format!("unknown query parameter '{k}' (mask.<column>, sort, order)"))
                    .field(k.clone()),
            );
        }
    }
    let cache = st.users.clone();
    let all = st.db.call(move |c| Ok(cache.get(c)?)).await?;
    // Filter, sort and serialize borrowed users: the shared list is never copied.
    let body = tokio::task::spawn_blocking(move || {
        let visible: Vec<&User> = all.iter().filter(|u| caller.can_see_user(u)).collect();
        let total = visible.len();
        let users = query(visible, &masks, sort, order);
        serde_json::to_vec(&UsersPageRef { users, total })
    })
    .await
    .map_err(|e| ApiError::internal(format!("list task failed: {e}")))?
    .map_err(|e| ApiError::internal(format!("cannot encode the list: {e}")))?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], body))
}

/// `UsersPage` over borrowed users (the same JSON).
#[derive(serde::Serialize)]
struct UsersPageRef<'a> {
    users: Vec<&'a User>,
    total: usize,
}

async fn load_visible(st: &AppState, caller: &Caller, login: Login) -> ApiResult<User> {
    let u = st.db.call(move |c| Ok(db::load_user(c, login)?)).await?;
    match u {
        Some(u) if caller.can_see_user(&u) => Ok(u),
        // Not found and not visible look the same, so logins of other dealers do not leak.
        _ => Err(ApiError::not_found(format!("user {login} not found"))),
    }
}

#[utoipa::path(get, path = "/api/users/{login}", tag = "users", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003")), responses((status = 200, description = "the user", body = User)))]
pub async fn get(
    State(st): State<AppState>,
    caller: Caller,
    PathParam(login): PathParam<String>,
) -> ApiResult<Json<User>> {
    let login = parse_login(&login)?;
    Ok(Json(load_visible(&st, &caller, login).await?))
}

#[utoipa::path(get, path = "/api/users/{login}/assessments", tag = "users", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003")), responses((status = 200, description = "annual results, newest first", body = [Assessment])))]
pub async fn assessments(
    State(st): State<AppState>,
    caller: Caller,
    PathParam(login): PathParam<String>,
) -> ApiResult<Json<Vec<Assessment>>> {
    let login = parse_login(&login)?;
    load_visible(&st, &caller, login).await?;
    let rows = st
        .db
        .call(move |c| {
            let mut s = c.prepare_cached(
                "SELECT year, date, score, passed, comment FROM assessments WHERE login = ?1 ORDER BY year DESC",
            )?;
            let r = s
                .query_map([login.get()], |r| {
                    Ok(Assessment {
                        year: r.get(0)?,
                        date: r.get(1)?,
                        score: r.get::<_, i64>(2)?.clamp(0, 100) as u8,
                        passed: r.get::<_, i64>(3)? != 0,
                        comment: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(r)
        })
        .await?;
    Ok(Json(rows))
}

fn join_roles(d: &UserDraft) -> String {
    let mut r = d.roles.clone();
    r.sort();
    r.dedup();
    r.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(",")
}

fn join_rights(d: &UserDraft) -> String {
    let mut r = d.rights.clone();
    r.sort();
    r.dedup();
    r.join(",")
}

/// Inserts a user row with its object; the creator gets `manage` on it. Used by the API and seeds.
#[allow(clippy::too_many_arguments)]
pub fn insert_user(
    c: &Connection,
    login: Login,
    d: &UserDraft,
    dealer_id: i64,
    source: &str,
    pw_hash: Option<&str>,
    token: &str,
    creator: Option<Login>,
) -> rusqlite::Result<()> {
    let account: Option<i64> = c
        .query_row("SELECT account_id FROM dealers WHERE id = ?1", [dealer_id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    c.prepare_cached("INSERT INTO objects(kind, name, account_id, created_by) VALUES('user', ?1, ?2, ?3)")?
        .execute(params![d.username.trim(), account, creator.map(|l| l.get())])?;
    let object_id = c.last_insert_rowid();
    c.prepare_cached(&format!(
        "INSERT INTO users(login, object_id, username, first_name, last_name, patronymic, position, city, \
         country, comments, email, phone, mobile, dealer_id, roles, rights, login_allowed, source, language, \
         version, created_at, updated_at, pw_hash, api_token) \
         VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,1,{NOW},{NOW},?20,?21)"
    ))?
    .execute(params![
        login.get(),
        object_id,
        d.username.trim(),
        d.first_name.trim(),
        d.last_name.trim(),
        d.patronymic.trim(),
        d.position.trim(),
        d.city.trim(),
        d.country.trim(),
        d.comments,
        d.email.trim(),
        d.phone.trim(),
        d.mobile.trim(),
        dealer_id,
        join_roles(d),
        join_rights(d),
        d.login_allowed as i64,
        source,
        d.language.as_str(),
        pw_hash,
        token,
    ])?;
    if let Some(cr) = creator {
        c.prepare_cached("INSERT OR REPLACE INTO grants(login, object_id, level) VALUES(?1, ?2, 4)")?
            .execute(params![cr.get(), object_id])?;
    }
    Ok(())
}

/// The login to use: the wanted one if free, else the lowest free one.
pub fn pick_login(c: &Connection, wanted: Option<Login>) -> ApiResult<Login> {
    let count: i64 = c.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?;
    if count >= MAX_LOGIN as i64 {
        return Err(ApiError::limit(
            "the Licensing System holds at most 9,999 users and all logins 0001–9999 are taken",
        ));
    }
    if let Some(w) = wanted {
        let taken: bool = c.query_row("SELECT EXISTS(SELECT 1 FROM users WHERE login = ?1)", [w.get()], |r| {
            r.get(0)
        })?;
        if taken {
            return Err(ApiError::conflict(format!("login {w} is taken")).field("login"));
        }
        return Ok(w);
    }
    let free: i64 = c.query_row(
        "SELECT CASE WHEN NOT EXISTS(SELECT 1 FROM users WHERE login = 1) THEN 1 ELSE \
         (SELECT MIN(u.login) + 1 FROM users u WHERE u.login < 9999 AND NOT EXISTS \
          (SELECT 1 FROM users v WHERE v.login = u.login + 1)) END",
        [],
        |r| r.get(0),
    )?;
    Login::new(free as u16).map_err(|_| ApiError::limit("no free login left"))
}

#[utoipa::path(post, path = "/api/users", tag = "users", request_body = UserDraft, responses((status = 201, description = "created, with its one-time password and API token", body = CreatedUser)))]
pub async fn create(
    State(st): State<AppState>,
    caller: Caller,
    JsonBody(d): JsonBody<UserDraft>,
) -> ApiResult<(StatusCode, Json<CreatedUser>)> {
    first_invalid(&d)?;
    let dealer_id = d.dealer_id.unwrap_or(caller.user.dealer_id);
    caller.check_create(&d, dealer_id)?;
    let password = d.password.clone().unwrap_or_else(new_password);
    let token = new_token();
    // The final login is only known inside the transaction, and the hash covers it; hash for the
    // wanted login up front and re-hash in the rare case the server picks one.
    let wanted = d.login;
    let actor = caller.user.login;
    let (pw_hash_for, pw_hash) = match wanted {
        Some(l) => (Some(l), Some(hash_h_password(&password_hash(l, &password))?)),
        None => (None, None),
    };
    let tok = token.clone();
    let pw = password.clone();
    let gc = st.graph.clone();
    let uc = st.users.clone();
    let user = st
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let exists: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM dealers WHERE id = ?1)", [dealer_id], |r| {
                    r.get(0)
                })?;
            if !exists {
                return Err(ApiError::validation(format!("dealer {dealer_id} does not exist")).field("dealer_id"));
            }
            let login = pick_login(&tx, wanted)?;
            let hash = match (pw_hash_for, pw_hash) {
                (Some(l), Some(h)) if l == login => h,
                _ => hash_h_password(&password_hash(login, &pw))?,
            };
            insert_user(&tx, login, &d, dealer_id, "LS", Some(&hash), &tok, Some(actor))?;
            db::audit(
                &tx,
                actor,
                "user.create",
                &login.to_string(),
                Some(dealer_id),
                &json!({"username": d.username, "roles": join_roles(&d), "dealer_id": dealer_id}),
            )?;
            let u = db::load_user(&tx, login)?;
            tx.commit()?;
            gc.invalidate();
            uc.invalidate();
            u.ok_or_else(|| ApiError::internal("created user vanished"))
        })
        .await?;
    tracing::info!(actor = %actor, login = %user.login, "user created");
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

fn diff(old: &User, new: &UserDraft) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    let mut put = |k: &str, a: String, b: String| {
        if a != b {
            m.insert(k.into(), json!({"old": a, "new": b}));
        }
    };
    put("username", old.username.clone(), new.username.trim().into());
    put("first_name", old.first_name.clone(), new.first_name.trim().into());
    put("last_name", old.last_name.clone(), new.last_name.trim().into());
    put("patronymic", old.patronymic.clone(), new.patronymic.trim().into());
    put("position", old.position.clone(), new.position.trim().into());
    put("city", old.city.clone(), new.city.trim().into());
    put("country", old.country.clone(), new.country.trim().into());
    put("comments", old.comments.clone(), new.comments.clone());
    put("email", old.email.clone(), new.email.trim().into());
    put("phone", old.phone.clone(), new.phone.trim().into());
    put("mobile", old.mobile.clone(), new.mobile.trim().into());
    let mut or = old.roles.clone();
    or.sort();
    put(
        "roles",
        or.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","),
        join_roles(new),
    );
    let mut ori = old.rights.clone();
    ori.sort();
    put("rights", ori.join(","), join_rights(new));
    put(
        "login_allowed",
        old.login_allowed.to_string(),
        new.login_allowed.to_string(),
    );
    put("language", old.language.as_str().into(), new.language.as_str().into());
    serde_json::Value::Object(m)
}

#[utoipa::path(put, path = "/api/users/{login}", tag = "users", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003"), ("If-Match" = String, Header, description = "the version the edit started from")), request_body = UserDraft, responses((status = 200, description = "saved; the new version", body = User)))]
pub async fn update(
    State(st): State<AppState>,
    caller: Caller,
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
    let old = load_visible(&st, &caller, login).await?;
    caller.check_update(&old, &d)?;
    let actor = caller.user.login;
    let gc = st.graph.clone();
    let uc = st.users.clone();
    let user = st
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            // Re-read inside the transaction: the version check and the write are one step.
            let cur = db::load_user(&tx, login)?.ok_or_else(|| ApiError::not_found(format!("user {login} not found")))?;
            if cur.version != version {
                return Err(ApiError::conflict(format!(
                    "user {login} was changed by someone else (now version {}, your edit started from {version}); reload it or keep your draft and try again",
                    cur.version
                )));
            }
            let changes = diff(&cur, &d);
            if changes.as_object().is_some_and(|m| m.is_empty()) {
                return Ok(cur);
            }
            tx.prepare_cached(&format!(
                "UPDATE users SET username=?2, first_name=?3, last_name=?4, patronymic=?5, position=?6, city=?7, \
                 country=?8, comments=?9, email=?10, phone=?11, mobile=?12, roles=?13, rights=?14, login_allowed=?15, \
                 language=?16, version=version+1, updated_at={NOW} WHERE login=?1"
            ))?
            .execute(params![
                login.get(),
                d.username.trim(),
                d.first_name.trim(),
                d.last_name.trim(),
                d.patronymic.trim(),
                d.position.trim(),
                d.city.trim(),
                d.country.trim(),
                d.comments,
                d.email.trim(),
                d.phone.trim(),
                d.mobile.trim(),
                join_roles(&d),
                join_rights(&d),
                d.login_allowed as i64,
                d.language.as_str(),
            ])?;
            tx.execute("UPDATE objects SET name = ?2 WHERE id = (SELECT object_id FROM users WHERE login = ?1)", params![login.get(), d.username.trim()])?;
            let action = match (cur.login_allowed, d.login_allowed) {
                (true, false) => "user.block",
                (false, true) => "user.unblock",
                _ => "user.update",
            };
            db::audit(&tx, actor, action, &login.to_string(), Some(cur.dealer_id), &changes)?;
            let u = db::load_user(&tx, login)?;
            tx.commit()?;
            gc.invalidate();
            uc.invalidate();
            u.ok_or_else(|| ApiError::internal("updated user vanished"))
        })
        .await?;
    tracing::info!(actor = %actor, login = %login, version = user.version, "user updated");
    Ok(Json(user))
}
