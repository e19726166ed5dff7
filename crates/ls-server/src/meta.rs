//! Health, the caller, the catalogs (rights, roles) and dealers.
use super::ctx::Session;
use super::error::{ApiError, ApiResult};
use super::fresh::{build_tag, IfNoneMatch, Tagged};
use super::json::JsonBody;
use super::json::PathParam;
use super::store;
use super::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ls_api::{Dealer, Health, Me, NewDealer, RoleInfo};
use ls_domain::{rights, Right, Role};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::json;

#[utoipa::path(get, path = "/api/health", tag = "meta", security(), responses((status = 200, description = "the service is up", body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

#[utoipa::path(get, path = "/api/me", tag = "meta", responses((status = 200, description = "the caller, its effective rights and the roles it may grant", body = Me)))]
pub async fn me(State(st): State<AppState>, session: Session, inm: IfNoneMatch) -> ApiResult<Tagged<Json<Me>>> {
    let me = st
        .read_tagged(session, inm, |_, ctx| {
            let a = &ctx.actor;
            Ok(Me {
                user: a.user.clone(),
                effective_rights: a.rights.iter().cloned().collect(),
                grantable_roles: a.grantable_roles(),
            })
        })
        .await?;
    Ok(me.map(Json))
}

#[utoipa::path(get, path = "/api/rights", tag = "meta", responses((status = 200, description = "the rights catalog, EN and RU", body = [Right])))]
pub async fn rights_list(_session: Session, inm: IfNoneMatch) -> ApiResult<Tagged<Json<Vec<Right>>>> {
    Tagged::check(&inm, Some(build_tag()), || Ok(Json(rights::catalog().to_vec())))
}

#[utoipa::path(get, path = "/api/roles", tag = "meta", responses((status = 200, description = "roles and their default rights", body = [RoleInfo])))]
pub async fn roles_list(_session: Session, inm: IfNoneMatch) -> ApiResult<Tagged<Json<Vec<RoleInfo>>>> {
    Tagged::check(&inm, Some(build_tag()), || Ok(roles()))
}

fn roles() -> Json<Vec<RoleInfo>> {
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

/// A dealer as `GET /api/dealers` shows it: with its user quota and how many users it has.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DealerInfo {
    #[serde(flatten)]
    pub dealer: Dealer,
    /// At most this many users of the dealer (null: no quota), set by the administrator.
    pub user_quota: Option<i64>,
    /// The dealer's users now; absent for a caller who may not list them (a count is what a
    /// list would tell).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<i64>,
}

fn info(d: Dealer, q: Option<&store::Quota>, counted: bool) -> DealerInfo {
    DealerInfo {
        user_quota: q.and_then(|q| q.quota),
        users: counted.then(|| q.map_or(0, |q| q.users)),
        dealer: d,
    }
}

#[utoipa::path(get, path = "/api/dealers", tag = "dealers", responses((status = 200, description = "dealers the caller sees, with their user quotas and users", body = [DealerInfo])))]
pub async fn dealers_list(
    State(st): State<AppState>,
    session: Session,
    inm: IfNoneMatch,
) -> ApiResult<Tagged<Json<Vec<DealerInfo>>>> {
    let list = st
        .read_tagged(session, inm, |c, ctx| {
            let p = ctx.policy();
            let quotas = store::quotas(c)?;
            let mut list: Vec<Dealer> = store::dealers(c)?.into_iter().filter(|d| p.see_dealer(d.id)).collect();
            // The caller's level on each account: what the console asks the policy with.
            for d in &mut list {
                d.level = d.account_id.and_then(|a| ctx.obj(a)).map(|o| p.level(o));
            }
            Ok(list
                .into_iter()
                .map(|d| {
                    let q = quotas.get(&d.id);
                    let counted = p.see_dealer_users(d.id);
                    info(d, q, counted)
                })
                .collect())
        })
        .await?;
    Ok(list.map(Json))
}

/// `PUT /api/dealers/{id}`: what the administrator changes on a dealer.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DealerUpdate {
    /// At most this many users of the dealer, 0 to 9,999; null: no quota. Required: an empty
    /// body clears nothing.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<u32>, required = true)]
    pub user_quota: Option<Option<u32>>,
}

/// A field sent, even as null (`Some(None)`), apart from one not sent (`None`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<u32>>, D::Error> {
    Option::<u32>::deserialize(d).map(Some)
}

#[utoipa::path(put, path = "/api/dealers/{id}", tag = "dealers", params(("id" = i64, Path, description = "the dealer's id", example = 3)), request_body = DealerUpdate, responses((status = 200, description = "saved (ADMIN only, audited): the dealer with its quota and users", body = DealerInfo)))]
pub async fn dealers_update(
    State(st): State<AppState>,
    session: Session,
    PathParam(id): PathParam<i64>,
    JsonBody(up): JsonBody<DealerUpdate>,
) -> ApiResult<Json<DealerInfo>> {
    let quota = up.user_quota.ok_or_else(|| {
        ApiError::validation("send user_quota: a number of users, or null for none").field("user_quota")
    })?;
    if quota.is_some_and(|q| q > u32::from(ls_domain::MAX_LOGIN)) {
        return Err(ApiError::validation(format!(
            "user_quota is at most {} (every login), or null for none",
            ls_domain::MAX_LOGIN
        ))
        .field("user_quota"));
    }
    let quota = quota.map(i64::from);
    let d = st
        .write(session, move |w, ctx| {
            let p = ctx.policy();
            // A dealer the caller does not see is not named, even to say it may not be changed.
            if !p.see_dealer(id) || !store::dealer_exists(w, id)? {
                return Err(ApiError::not_found(format!("dealer {id} not found")));
            }
            p.set_dealer_quota()?;
            let before = store::quota(w, id)?.ok_or_else(|| ApiError::not_found(format!("dealer {id} not found")))?;
            if before.quota != quota {
                store::set_quota(w, id, quota)?;
                w.audit(
                    ctx.actor.login(),
                    store::NewRow {
                        action: "dealer.quota",
                        kind: store::TargetKind::Dealer,
                        target: id.to_string(),
                        name: &before.name,
                        dealer_id: Some(id),
                        object: None,
                        detail: json!({"user_quota": {"old": before.quota, "new": quota}}),
                    },
                )?;
            }
            let dealer = store::dealers(w)?
                .into_iter()
                .find(|d| d.id == id)
                .ok_or_else(|| ApiError::internal("the dealer vanished"))?;
            let after = store::quota(w, id)?;
            Ok(info(dealer, after.as_ref(), true))
        })
        .await?;
    tracing::info!(dealer = id, quota = ?d.user_quota, "dealer quota set");
    Ok(Json(d))
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
            w.audit(
                actor,
                store::NewRow {
                    action: "dealer.create",
                    kind: store::TargetKind::Dealer,
                    target: d.id.to_string(),
                    name: &name,
                    dealer_id: Some(d.id),
                    object: None,
                    detail: json!({"name": {"old": "", "new": name}, "parent_id": nd.parent_id}),
                },
            )?;
            w.graph_changed();
            Ok(d)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(d)))
}
