//! Health, the caller, the catalogs (rights, roles) and dealers.
use super::ctx::Session;
use super::error::{ApiError, ApiResult};
use super::fresh::{build_tag, IfNoneMatch, Tagged};
use super::json::JsonBody;
use super::store;
use super::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ls_api::{Dealer, Health, Me, NewDealer, RoleInfo};
use ls_domain::{rights, Right, Role};
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

#[utoipa::path(get, path = "/api/dealers", tag = "dealers", responses((status = 200, description = "dealers the caller sees", body = [Dealer])))]
pub async fn dealers_list(
    State(st): State<AppState>,
    session: Session,
    inm: IfNoneMatch,
) -> ApiResult<Tagged<Json<Vec<Dealer>>>> {
    let list = st
        .read_tagged(session, inm, |c, ctx| {
            let p = ctx.policy();
            let mut list: Vec<Dealer> = store::dealers(c)?.into_iter().filter(|d| p.see_dealer(d.id)).collect();
            // The caller's level on each account: what the console asks the policy with.
            for d in &mut list {
                d.level = d.account_id.and_then(|a| ctx.obj(a)).map(|o| p.level(o));
            }
            Ok(list)
        })
        .await?;
    Ok(list.map(Json))
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
