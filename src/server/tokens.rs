//! API access: a user's token (see, renew), its aggregator licenses, and the White Server check
//! that answers the license behind an `AggregatorAuthentication` header.
use super::authz::Caller;
use super::db;
use super::error::{ApiError, ApiResult};
use super::json::PathParam;
use super::objects::{GraphCache, Levels};
use super::users::{new_token, parse_login};
use super::AppState;
use crate::api::{AggregatorLicense, ApiAccess, NewToken};
use crate::domain::{AccessLevel, Login, Role, User};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

/// Roles whose users may hold an API token.
pub const API_ROLES: [Role; 3] = [Role::Aggregator, Role::SubDealer, Role::DealerManager];

pub fn has_api_role(u: &User) -> bool {
    u.roles.iter().any(|r| API_ROLES.contains(r))
}

/// Self, or a holder of *Users — API access token generation* who manages the user.
fn check(c: &Connection, gc: &GraphCache, caller: &Caller, target: &User) -> ApiResult<()> {
    if !has_api_role(target) {
        return Err(ApiError::forbidden(format!(
            "user {} has no API access: it is for AGGREGATOR, SUB_DEALER and DEALER_MANAGER users",
            target.login
        )));
    }
    if target.login == caller.user.login {
        return Ok(());
    }
    if !caller.has("USERS_API_TOKEN") {
        return Err(ApiError::forbidden(
            "seeing or renewing other users' tokens needs the right Users — API access token generation",
        ));
    }
    let obj: Option<i64> = c
        .query_row(
            "SELECT object_id FROM users WHERE login = ?1",
            [target.login.get()],
            |r| r.get(0),
        )
        .optional()?;
    let g = gc.get(c)?;
    let lv = Levels::of(c, &g, caller)?;
    if obj.map(|o| lv.level(o)).unwrap_or_default() < AccessLevel::Manage {
        return Err(ApiError::forbidden(format!(
            "you need manage on user {} to see its API token",
            target.login
        )));
    }
    Ok(())
}

fn licenses(c: &Connection, login: Login) -> rusqlite::Result<Vec<AggregatorLicense>> {
    let mut st = c.prepare_cached(
        "SELECT id, product, object_name, expires, expires < date('now') FROM aggregator_licenses WHERE login = ?1 ORDER BY expires DESC",
    )?;
    let rows = st.query_map([login.get()], |r| {
        Ok(AggregatorLicense {
            id: r.get(0)?,
            product: r.get(1)?,
            object: r.get(2)?,
            expires: r.get(3)?,
            expired: r.get::<_, i64>(4)? != 0,
        })
    })?;
    rows.collect()
}

fn load_target(c: &Connection, caller: &Caller, login: Login) -> ApiResult<User> {
    match db::load_user(c, login)? {
        Some(u) if caller.can_see_user(&u) => Ok(u),
        _ => Err(ApiError::not_found(format!("user {login} not found"))),
    }
}

#[utoipa::path(get, path = "/api/users/{login}/api-access", tag = "api access", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003")), responses((status = 200, description = "the API token and, for aggregators, their licenses", body = ApiAccess)))]
pub async fn get(
    State(st): State<AppState>,
    caller: Caller,
    PathParam(login): PathParam<String>,
) -> ApiResult<Json<ApiAccess>> {
    let login = parse_login(&login)?;
    let gc = st.graph.clone();
    let a = st
        .db
        .call(move |c| {
            let u = load_target(c, &caller, login)?;
            check(c, &gc, &caller, &u)?;
            let token: Option<String> =
                c.query_row("SELECT api_token FROM users WHERE login = ?1", [login.get()], |r| {
                    r.get(0)
                })?;
            let lic = if u.roles.contains(&Role::Aggregator) {
                licenses(c, login)?
            } else {
                vec![]
            };
            Ok(ApiAccess {
                login,
                token: token.unwrap_or_default(),
                licenses: lic,
            })
        })
        .await?;
    Ok(Json(a))
}

#[utoipa::path(post, path = "/api/users/{login}/api-token", tag = "api access", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003")), responses((status = 200, description = "a new token; the old one stops working at once", body = NewToken)))]
pub async fn renew(
    State(st): State<AppState>,
    caller: Caller,
    PathParam(login): PathParam<String>,
) -> ApiResult<Json<NewToken>> {
    let login = parse_login(&login)?;
    let actor = caller.user.login;
    let token = new_token();
    let t = token.clone();
    let gc = st.graph.clone();
    st.db
        .call(move |c| {
            let u = load_target(c, &caller, login)?;
            check(c, &gc, &caller, &u)?;
            let tx = c.transaction()?;
            tx.execute(
                "UPDATE users SET api_token = ?2 WHERE login = ?1",
                params![login.get(), t],
            )?;
            // The token itself never goes to the audit log.
            db::audit(
                &tx,
                actor,
                "token.renew",
                &login.to_string(),
                Some(u.dealer_id),
                &json!({}),
            )?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    tracing::info!(actor = %actor, login = %login, "API token renewed");
    Ok(Json(NewToken { login, token }))
}

/// `GET /ws/v1/licenses/current`: the license whose id is the AggregatorAuthentication token.
#[utoipa::path(get, path = "/ws/v1/licenses/current", tag = "white server", security(("aggregator" = [])), responses((status = 200, description = "the license", body = AggregatorLicense)))]
pub async fn ws_current(State(st): State<AppState>, headers: HeaderMap) -> ApiResult<Json<AggregatorLicense>> {
    let raw = headers
        .get("AggregatorAuthentication")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::unauthorized("missing AggregatorAuthentication header (the aggregator license id)"))?;
    let id = raw
        .trim()
        .strip_prefix("Token ")
        .unwrap_or(raw.trim())
        .trim()
        .to_string();
    let lic = st
        .db
        .call(move |c| {
            Ok(c.query_row(
                "SELECT id, product, object_name, expires, expires < date('now') FROM aggregator_licenses WHERE id = ?1",
                [&id],
                |r| Ok(AggregatorLicense { id: r.get(0)?, product: r.get(1)?, object: r.get(2)?, expires: r.get(3)?, expired: r.get::<_, i64>(4)? != 0 }),
            )
            .optional()?)
        })
        .await?;
    match lic {
        Some(l) if !l.expired => Ok(Json(l)),
        Some(l) => Err(ApiError::unauthorized(format!(
            "aggregator license {} expired on {}",
            l.id, l.expires
        ))),
        None => Err(ApiError::unauthorized("unknown aggregator license")),
    }
}
