//! Health, the caller, the catalogs (rights, roles), dealers and the audit log.
use super::ctx::Session;
use super::error::{ApiError, ApiResult};
use super::json::{JsonBody, QueryParams};
use super::store;
use super::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ls_api::{AuditEntry, AuditPage, Dealer, Health, Me, NewDealer, RoleInfo};
use ls_domain::policy::About;
use ls_domain::{rights, Right, Role, User};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

#[utoipa::path(get, path = "/api/health", tag = "meta", security(), responses((status = 200, description = "the service is up", body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

#[utoipa::path(get, path = "/api/me", tag = "meta", responses((status = 200, description = "the caller, its effective rights and the roles it may grant", body = Me)))]
pub async fn me(State(st): State<AppState>, session: Session) -> ApiResult<Json<Me>> {
    let me = st
        .read(session, |_, ctx| {
            let a = &ctx.actor;
            Ok(Me {
                user: a.user.clone(),
                effective_rights: a.rights.iter().cloned().collect(),
                grantable_roles: a.grantable_roles(),
            })
        })
        .await?;
    Ok(Json(me))
}

#[utoipa::path(get, path = "/api/rights", tag = "meta", responses((status = 200, description = "the rights catalog, EN and RU", body = [Right])))]
pub async fn rights_list(_session: Session) -> Json<Vec<Right>> {
    Json(rights::catalog().to_vec())
}

#[utoipa::path(get, path = "/api/roles", tag = "meta", responses((status = 200, description = "roles and their default rights", body = [RoleInfo])))]
pub async fn roles_list(_session: Session) -> Json<Vec<RoleInfo>> {
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
pub async fn dealers_list(State(st): State<AppState>, session: Session) -> ApiResult<Json<Vec<Dealer>>> {
    let list = st
        .read(session, |c, ctx| {
            let p = ctx.policy();
            let mut list: Vec<Dealer> = store::dealers(c)?.into_iter().filter(|d| p.see_dealer(d.id)).collect();
            // The caller's level on each account: what the console asks the policy with.
            for d in &mut list {
                d.level = d.account_id.and_then(|a| ctx.obj(a)).map(|o| p.level(o));
            }
            Ok(list)
        })
        .await?;
    Ok(Json(list))
}

#[utoipa::path(post, path = "/api/dealers", tag = "dealers", request_body = NewDealer, responses((status = 201, description = "created", body = Dealer)))]
pub async fn dealers_create(
    State(st): State<AppState>,
    session: Session,
    JsonBody(nd): JsonBody<NewDealer>,
) -> ApiResult<(StatusCode, Json<Dealer>)> {
    let name = nd.name.trim().to_string();
    ls_domain::limits::text("the name", &name, ls_domain::limits::OBJECT_NAME, true)
        .map_err(|m| ApiError::validation(m).field("name"))?;
    let d = st
        .write(session, move |w, ctx| {
            ctx.policy().create_dealer()?;
            if let Some(p) = nd.parent_id {
                if !store::dealer_exists(w, p)? {
                    return Err(ApiError::validation(format!("parent dealer {p} does not exist")).field("parent_id"));
                }
            }
            if store::dealer_name_taken(w, &name)? {
                return Err(ApiError::conflict(format!("a dealer named '{name}' exists")).field("name"));
            }
            let actor = ctx.actor.login();
            let d = store::insert_dealer(w, &name, nd.parent_id, Some(actor))?;
            store::audit(
                w,
                actor,
                "dealer.create",
                &name,
                Some(d.id),
                &json!({"parent_id": nd.parent_id}),
            )?;
            w.graph_changed();
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
    session: Session,
    QueryParams(q): QueryParams<AuditQuery>,
) -> ApiResult<Json<AuditPage>> {
    let limit = q.limit.unwrap_or(500).min(10_000) as usize;
    let entries = st
        .read(session, move |c, ctx| {
            let p = ctx.policy();
            p.read_audit()?;
            let mut out = Vec::new();
            let mut users: HashMap<String, Option<User>> = HashMap::new();
            let mut user = |login: &str| -> Option<User> {
                users
                    .entry(login.to_string())
                    .or_insert_with(|| {
                        let l = login.parse().ok()?;
                        store::load_user(c, l).ok().flatten()
                    })
                    .clone()
            };
            store::audit_rows(c, q.target.as_deref(), |r| {
                let detail: serde_json::Value = serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::Null);
                let object = |id: Option<i64>| About::Object(id.and_then(|id| ctx.obj(id)));
                // Each row is seen only if what it is about is seen: its user, its object.
                let (u, o) = match r.action.split('.').next() {
                    Some("user" | "token") => (Some(user(&r.target)), None),
                    Some("access") => (Some(user(&r.target)), Some(object(detail["object_id"].as_i64()))),
                    Some("object") => (None, Some(object(r.target.parse().ok()))),
                    _ => (None, None),
                };
                let about: Vec<About> = u
                    .as_ref()
                    .map(|u| About::User(u.as_ref()))
                    .into_iter()
                    .chain(o)
                    .collect();
                if p.see_audit_row(r.dealer_id, &about) {
                    out.push(AuditEntry {
                        id: r.id,
                        at: r.at,
                        actor: r.actor,
                        action: r.action,
                        target: r.target,
                        detail,
                    });
                }
                out.len() < limit
            })?;
            Ok(out)
        })
        .await?;
    Ok(Json(AuditPage { entries }))
}
