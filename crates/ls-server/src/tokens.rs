//! API access: a user's token (see, renew), its aggregator licenses, and the White Server check
//! that answers the license behind an `AggregatorAuthentication` header.
use super::ctx::Session;
use super::error::{ApiError, ApiResult};
use super::json::PathParam;
use super::store;
use super::users::{new_token, parse_login, visible_user};
use super::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use ls_api::{AggregatorLicense, ApiAccess, NewToken};
use ls_domain::{policy, Role};
use serde_json::json;

#[utoipa::path(get, path = "/api/users/{login}/api-access", tag = "api access", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003")), responses((status = 200, description = "the API token and, for aggregators, their licenses", body = ApiAccess)))]
pub async fn get(
    State(st): State<AppState>,
    session: Session,
    PathParam(login): PathParam<String>,
) -> ApiResult<(axum::Extension<crate::Secret>, Json<ApiAccess>)> {
    let login = parse_login(&login)?;
    let a = st
        .read(session, move |c, ctx| {
            let u = visible_user(c, ctx, login)?;
            ctx.policy().token(&u)?;
            let lic = if u.roles.contains(&Role::Aggregator) {
                store::licenses(c, login)?
            } else {
                vec![]
            };
            Ok(ApiAccess {
                login,
                token: store::token(c, login)?.unwrap_or_default(),
                licenses: lic,
            })
        })
        .await?;
    Ok((axum::Extension(crate::Secret), Json(a)))
}

#[utoipa::path(post, path = "/api/users/{login}/api-token", tag = "api access", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003")), responses((status = 200, description = "a new token; the old one stops working at once", body = NewToken)))]
pub async fn renew(
    State(st): State<AppState>,
    session: Session,
    PathParam(login): PathParam<String>,
) -> ApiResult<(axum::Extension<crate::Secret>, Json<NewToken>)> {
    let login = parse_login(&login)?;
    let token = new_token();
    let t = token.clone();
    st.write(session, move |w, ctx| {
        let u = visible_user(w, ctx, login)?;
        ctx.policy().renew_token(&u)?;
        store::set_token(w, login, &t)?;
        // The token itself never goes to the audit log.
        w.audit(
            ctx.actor.login(),
            store::NewRow::user(
                "token.renew",
                login,
                &u.username,
                u.dealer_id,
                json!({"token": "renewed"}),
            ),
        )?;
        Ok(())
    })
    .await?;
    tracing::info!(login = %login, "API token renewed");
    Ok((axum::Extension(crate::Secret), Json(NewToken { login, token })))
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
    let found = st
        .db
        .call(move |c| {
            let Some((lic, holder)) = store::license(c, &id)? else {
                return Ok(None);
            };
            let holder = match holder {
                Some(l) => store::load_user(c, l)?,
                None => None,
            };
            Ok(Some((lic, holder)))
        })
        .await?;
    let Some((lic, holder)) = found else {
        return Err(ApiError::unauthorized("unknown aggregator license"));
    };
    // A blocked holder's licenses stop working at once, like its credentials.
    policy::license_works(holder.as_ref())?;
    if lic.expired {
        return Err(ApiError::unauthorized(format!(
            "aggregator license {} expired on {}",
            lic.id, lic.expires
        )));
    }
    Ok(Json(lic))
}
