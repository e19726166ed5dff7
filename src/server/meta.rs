//! Health, the caller, the catalogs (rights, roles), dealers and the audit log.
use super::authz::Caller;
use super::db;
use super::error::{ApiError, ApiResult};
use super::json::{JsonBody, QueryParams};
use super::AppState;
use crate::api::{AuditEntry, AuditPage, Dealer, Health, Me, NewDealer, RoleInfo};
use crate::domain::role::effective_rights;
use crate::domain::{rights, Right, Role};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

#[utoipa::path(get, path = "/api/health", tag = "meta", security(), responses((status = 200, description = "the service is up", body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

#[utoipa::path(get, path = "/api/me", tag = "meta", responses((status = 200, description = "the caller, its effective rights and the roles it may grant", body = Me)))]
pub async fn me(caller: Caller) -> Json<Me> {
    let grantable_roles = caller.grantable_roles();
    let effective = effective_rights(&caller.user.roles, &caller.user.rights);
    Json(Me {
        user: caller.user,
        effective_rights: effective,
        grantable_roles,
    })
}

#[utoipa::path(get, path = "/api/rights", tag = "meta", responses((status = 200, description = "the rights catalog, EN and RU", body = [Right])))]
pub async fn rights_list(_caller: Caller) -> Json<Vec<Right>> {
    Json(rights::catalog().to_vec())
}

#[utoipa::path(get, path = "/api/roles", tag = "meta", responses((status = 200, description = "roles and their default rights", body = [RoleInfo])))]
pub async fn roles_list(_caller: Caller) -> Json<Vec<RoleInfo>> {
    Json(
        Role::ALL
            .iter()
            .map(|r| RoleInfo {
                code: *r,
                description: r.description().into(),
                default_rights: r.default_rights().into_iter().map(String::from).collect(),
            })
            .collect(),
    )
}

#[utoipa::path(get, path = "/api/dealers", tag = "dealers", responses((status = 200, description = "dealers the caller sees", body = [Dealer])))]
pub async fn dealers_list(State(st): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<Dealer>>> {
    let all = st.db.call(|c| Ok(db::dealers(c)?)).await?;
    let own = caller.user.dealer_id;
    Ok(Json(
        all.into_iter()
            .filter(|d| d.id == own || caller.dealers.contains(&d.id))
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/dealers", tag = "dealers", request_body = NewDealer, responses((status = 201, description = "created", body = Dealer)))]
pub async fn dealers_create(
    State(st): State<AppState>,
    caller: Caller,
    JsonBody(nd): JsonBody<NewDealer>,
) -> ApiResult<(StatusCode, Json<Dealer>)> {
    if !caller.is_admin() {
        return Err(ApiError::forbidden("only an administrator creates dealers"));
    }
    let name = nd.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::validation("a dealer needs a name of 1 to 200 characters").field("name"));
    }
    let actor = caller.user.login;
    let gc = st.graph.clone();
    let d = st
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            if let Some(p) = nd.parent_id {
                let ok: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM dealers WHERE id = ?1)", [p], |r| r.get(0))?;
                if !ok {
                    return Err(ApiError::validation(format!("parent dealer {p} does not exist")).field("parent_id"));
                }
            }
            let taken: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM dealers WHERE name = ?1)", [&name], |r| {
                r.get(0)
            })?;
            if taken {
                return Err(ApiError::conflict(format!("a dealer named '{name}' exists")).field("name"));
            }
            let d = db::insert_dealer(&tx, &name, nd.parent_id, Some(actor))?;
            db::audit(
                &tx,
                actor,
                "dealer.create",
                &name,
                Some(d.id),
                &json!({"parent_id": nd.parent_id}),
            )?;
            tx.commit()?;
            gc.invalidate();
            Ok(d)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[derive(Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/audit", tag = "audit", params(("target" = Option<String>, Query, description = "only rows about this target (a login or an object)"), ("limit" = Option<u32>, Query, description = "at most this many rows, newest first (default 500, at most 10,000)")), responses((status = 200, description = "audit rows, newest first", body = AuditPage)))]
pub async fn audit(
    State(st): State<AppState>,
    caller: Caller,
    QueryParams(q): QueryParams<AuditQuery>,
) -> ApiResult<Json<AuditPage>> {
    if !caller.is_admin() && !caller.user.roles.contains(&Role::DealerManager) {
        return Err(ApiError::forbidden(
            "the audit log is open to administrators and dealer managers",
        ));
    }
    let limit = q.limit.unwrap_or(500).min(10_000);
    let admin = caller.is_admin();
    let dealers: Vec<i64> = caller.dealers.iter().copied().collect();
    let entries = st
        .db
        .call(move |c| {
            let mut s = c.prepare_cached(
                "SELECT id, at, actor, action, target, dealer_id, detail FROM audit \
                 WHERE (?1 IS NULL OR target = ?1) ORDER BY id DESC",
            )?;
            let mut out = Vec::new();
            let rows = s.query_map([q.target.as_deref()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?;
            for row in rows {
                let (id, at, actor, action, target, dealer, detail) = row?;
                if !admin && !dealer.is_some_and(|d| dealers.contains(&d)) {
                    continue;
                }
                out.push(AuditEntry {
                    id,
                    at,
                    actor,
                    action,
                    target,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                });
                if out.len() >= limit as usize {
                    break;
                }
            }
            Ok(out)
        })
        .await?;
    Ok(Json(AuditPage { entries }))
}
