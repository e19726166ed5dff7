//! Objects and access: the tree's objects, their accessors, and users' levels (read and set as
//! one all-or-nothing batch). Handlers parse, have `grants` ask `domain::policy` and write inside
//! the write's transaction, and answer.
use super::ctx::{Ctx, Session};
use super::error::{ApiError, ApiResult};
use super::fresh::{IfNoneMatch, Tagged};
use super::grants;
use super::json::{JsonBody, PathParam, QueryParams};
use super::store;
use super::visible::{parse_login, visible_user};
use super::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use ls_api::{
    AccessBatch, AccessEntry, AccessPage, Accessor, AccessorBatch, NewObject, Object, ObjectDetail, ObjectUpdate,
    ObjectsPage,
};
use ls_domain::graph::Graph;
use ls_domain::policy::{self, Actor, Obj, Policy};
use ls_domain::{limits, AccessLevel, LevelSource, Login, Mask, ObjectKind, User};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

// Where it was before `grants` owned it.
pub use super::grants::MAX_BATCH;

/// An object on the wire: its groups only those the actor sees.
fn wire(ctx: &Ctx, p: &Policy<'_, Ctx>, o: Obj, level: AccessLevel) -> Object {
    Object {
        id: o.id,
        kind: o.kind,
        name: o.name.to_string(),
        account_id: o.account_id,
        parent_ids: seen(ctx, p, ctx.graph.groups_of(o.id)),
        level,
    }
}

/// The ids among `ids` the actor sees.
fn seen(ctx: &Ctx, p: &Policy<'_, Ctx>, ids: &[i64]) -> Vec<i64> {
    ids.iter()
        .copied()
        .filter(|id| ctx.obj(*id).is_some_and(|o| p.see_object(o).is_ok()))
        .collect()
}

/// Where a level comes from, as far as the actor may see: a group or an account it does not see
/// is not named.
fn shown_source(ctx: &Ctx, p: &Policy<'_, Ctx>, s: LevelSource) -> LevelSource {
    match s {
        LevelSource::Group { object_id } | LevelSource::Account { object_id } | LevelSource::Role { object_id, .. }
            if ctx.obj(object_id).is_none_or(|o| p.see_object(o).is_err()) =>
        {
            LevelSource::Hidden
        }
        s => s,
    }
}

/// Object `id` if the actor sees it, with the actor's level on it.
fn visible_obj(ctx: &Ctx, id: i64) -> ApiResult<(Obj<'_>, AccessLevel)> {
    let o = ctx
        .obj(id)
        .ok_or_else(|| ApiError::not_found(format!("object {id} not found")))?;
    let l = ctx.policy().see_object(o)?;
    Ok((o, l))
}

pub(crate) fn check_name(name: &str) -> ApiResult<String> {
    let name = name.trim();
    limits::text("the name", name, limits::OBJECT_NAME, true).map_err(|m| ApiError::validation(m).field("name"))?;
    Ok(name.to_string())
}

/// A `mask=` parameter, within the limits.
pub fn mask_param(m: Option<&str>) -> ApiResult<Mask> {
    let m = m.unwrap_or("");
    limits::mask(m).map_err(|e| ApiError::validation(e).field("mask"))?;
    Ok(Mask::new(m))
}

/// Every source of a level, as far as the actor may see (two hidden ones are said once).
fn shown_sources(ctx: &Ctx, p: &Policy<'_, Ctx>, all: Vec<LevelSource>) -> Vec<LevelSource> {
    let mut out: Vec<LevelSource> = Vec::with_capacity(all.len());
    for s in all {
        let s = shown_source(ctx, p, s);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// A user's levels as the policy counts them: its grants, raised by groups, accounts and its
/// roles, under the ceiling of the dealers it reaches.
struct Grantee {
    actor: Actor,
    direct: HashMap<i64, AccessLevel>,
}

impl Grantee {
    fn new(ctx: &Ctx, u: User, direct: HashMap<i64, AccessLevel>) -> Self {
        Grantee {
            actor: Actor::new(u, ctx.actor.dealers.clone()),
            direct,
        }
    }
    fn effective(&self, g: &Graph, o: Obj) -> (AccessLevel, LevelSource) {
        let (l, s) = g.effective_with(o.id, &self.direct, &self.actor.role_levels);
        (if self.actor.reaches(&o) { l } else { AccessLevel::None }, s)
    }

    /// The effective level with every source giving it (none beyond its reach).
    fn sources(&self, g: &Graph, o: Obj) -> (AccessLevel, LevelSource, Vec<LevelSource>) {
        let (l, all) = g.sources(o.id, &self.direct, &self.actor.role_levels);
        if !self.actor.reaches(&o) {
            return (AccessLevel::None, LevelSource::Direct { object_id: o.id }, Vec::new());
        }
        let first = all.first().copied().unwrap_or(LevelSource::Direct { object_id: o.id });
        (l, first, all)
    }

    /// The access entry of `o`, its sources as far as the actor may see.
    fn entry(&self, ctx: &Ctx, p: &Policy<'_, Ctx>, o: Obj) -> AccessEntry {
        let (effective, source, all) = self.sources(&ctx.graph, o);
        AccessEntry {
            object_id: o.id,
            direct: self.direct.get(&o.id).copied().unwrap_or_default(),
            effective,
            source: shown_source(ctx, p, source),
            sources: shown_sources(ctx, p, all),
        }
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub kind: Option<String>,
    pub mask: Option<String>,
    pub limit: Option<usize>,
    pub since: Option<i64>,
}

#[utoipa::path(get, path = "/api/objects", tag = "objects", params(("kind" = Option<ObjectKind>, Query, description = "only this kind"), ("mask" = Option<String>, Query, description = "wildcard mask on the name", max_length = 256), ("limit" = Option<usize>, Query, description = "at most this many (total still counts all)"), ("since" = Option<i64>, Query, description = "only what changed after this revision (an earlier answer's `revision`), and `removed`; not with kind, mask or limit", minimum = 0)), responses((status = 200, description = "objects the caller has at least view on", body = ObjectsPage), (status = 304, description = "unchanged since the ETag sent in If-None-Match")))]
pub async fn list(
    State(st): State<AppState>,
    session: Session,
    inm: IfNoneMatch,
    QueryParams(q): QueryParams<ListQuery>,
) -> ApiResult<Tagged<Json<ObjectsPage>>> {
    let kind: Option<ObjectKind> = match &q.kind {
        Some(k) if !k.is_empty() => Some(k.parse().map_err(|e: String| ApiError::validation(e).field("kind"))?),
        _ => None,
    };
    let mask = mask_param(q.mask.as_deref())?;
    let limit = q.limit.unwrap_or(MAX_BATCH).min(MAX_BATCH);
    let since = match q.since {
        Some(s) if s < 0 => return Err(ApiError::validation("since is a revision: 0 or more").field("since")),
        Some(_) if kind.is_some() || !q.mask.as_deref().unwrap_or("").is_empty() || q.limit.is_some() => {
            return Err(
                ApiError::validation("since is for the whole list: not with kind, mask or limit").field("since"),
            )
        }
        s => s,
    };
    let page = st
        .read_tagged_list(session, inm, move |c, ctx| {
            let p = ctx.policy();
            let revision = crate::fresh::shown_revision(ctx);
            let delta = crate::fresh::delta_since(c, ctx, since)?;
            let mut total = 0;
            let mut objects = Vec::new();
            let mut removed = Vec::new();
            if let Some(s) = delta {
                total = ctx
                    .graph
                    .nodes
                    .iter()
                    .filter(|n| ctx.obj(n.id).is_some_and(|o| p.see_object(o).is_ok()))
                    .count();
                for id in store::objects_changed(c, s)? {
                    let Some(o) = ctx.obj(id) else { continue };
                    if let Ok(l) = p.see_object(o) {
                        objects.push(wire(ctx, &p, o, l));
                    }
                }
                // Objects never go away and only a unit leaving a group can leave a view the
                // caller's own access did not change: those it saw through that group.
                let mut gone = std::collections::BTreeSet::new();
                for (unit, group) in store::departures(c, s)? {
                    let (Some(u), Some(g)) = (ctx.obj(unit), ctx.obj(group)) else {
                        continue;
                    };
                    if p.see_object(u).is_err() && p.told_of_leaving(g) {
                        gone.insert(unit);
                    }
                }
                removed = gone.into_iter().collect();
            } else {
                for n in &ctx.graph.nodes {
                    if kind.is_some_and(|k| k != n.kind) || !mask.matches(&n.name) {
                        continue;
                    }
                    let Some(o) = ctx.obj(n.id) else { continue };
                    let Ok(l) = p.see_object(o) else { continue };
                    total += 1;
                    if objects.len() < limit {
                        objects.push(wire(ctx, &p, o, l));
                    }
                }
            }
            Ok(Json(ObjectsPage {
                objects,
                total,
                revision,
                since: delta.map(|s| ctx.ids.revision(s)),
                removed,
            }))
        })
        .await?;
    Ok(page)
}

#[utoipa::path(get, path = "/api/objects/{id}", tag = "objects", params(("id" = i64, Path, description = "the object's id", example = 3)), responses((status = 200, description = "the object with licenses, keys and members", body = ObjectDetail)))]
pub async fn get(
    State(st): State<AppState>,
    session: Session,
    inm: IfNoneMatch,
    PathParam(id): PathParam<i64>,
) -> ApiResult<Tagged<Json<ObjectDetail>>> {
    let d = st
        .read_tagged(session, inm, move |c, ctx| {
            let (o, l) = visible_obj(ctx, id)?;
            let p = ctx.policy();
            let (code, city, corporation, licenses) = store::object_props(c, id)?;
            Ok(ObjectDetail {
                object: wire(ctx, &p, o, l),
                code,
                city,
                corporation,
                licenses,
                members: seen(ctx, &p, ctx.graph.members.get(&id).map_or(&[], Vec::as_slice)),
            })
        })
        .await?;
    Ok(d.map(Json))
}

/// Who reaches object `id` (users the actor may see), with direct and effective levels.
fn accessors_of(c: &Connection, ctx: &Ctx, id: i64) -> ApiResult<Vec<Accessor>> {
    let (o, _) = visible_obj(ctx, id)?;
    let p = ctx.policy();
    // Grants that can reach this object: on it, its groups, its account.
    let mut ids = vec![id];
    ids.extend_from_slice(ctx.graph.groups_of(id));
    ids.extend(o.account_id.filter(|a| *a != id));
    let mut out = Vec::new();
    for (login, direct) in store::grants_on(c, &ids)? {
        let Some(u) = Login::new(login as u16)
            .ok()
            .and_then(|l| store::load_user(c, l).ok().flatten())
        else {
            continue;
        };
        if p.see_user(&u).is_err() {
            continue;
        }
        let (login, username) = (u.login, u.username.clone());
        let d = direct.get(&id).copied().unwrap_or_default();
        let (eff, source) = Grantee::new(ctx, u, direct).effective(&ctx.graph, o);
        if eff == AccessLevel::None && d == AccessLevel::None {
            continue;
        }
        out.push(Accessor {
            login,
            username,
            direct: d,
            effective: eff,
            source: shown_source(ctx, &p, source),
        });
    }
    out.sort_by_key(|a| a.login);
    Ok(out)
}

#[utoipa::path(get, path = "/api/objects/{id}/accessors", tag = "access", params(("id" = i64, Path, description = "the object's id", example = 3)), responses((status = 200, description = "users who reach the object, with levels and sources", body = [Accessor])))]
pub async fn accessors(
    State(st): State<AppState>,
    session: Session,
    inm: IfNoneMatch,
    PathParam(id): PathParam<i64>,
) -> ApiResult<Tagged<Json<Vec<Accessor>>>> {
    let a = st
        .read_tagged(session, inm, move |c, ctx| accessors_of(c, ctx, id))
        .await?;
    Ok(a.map(Json))
}

/// `PUT /api/objects/{id}/accessors`: levels for many users on one object, all or nothing.
#[utoipa::path(put, path = "/api/objects/{id}/accessors", tag = "access", params(("id" = i64, Path, description = "the object's id", example = 3)), request_body = AccessorBatch, responses((status = 200, description = "saved, all or nothing; the accessors afterwards", body = [Accessor])))]
pub async fn set_accessors(
    State(st): State<AppState>,
    session: Session,
    PathParam(id): PathParam<i64>,
    JsonBody(batch): JsonBody<AccessorBatch>,
) -> ApiResult<Json<Vec<Accessor>>> {
    if batch.changes.is_empty() {
        return Err(ApiError::validation("the batch has no changes").field("changes"));
    }
    if batch.changes.len() > ls_domain::MAX_LOGIN as usize {
        return Err(ApiError::too_large("at most one change per user, 9,999 in one batch"));
    }
    policy::each_once(batch.changes.iter().map(|c| c.login), "changes")?;
    let rows = st
        .write(session, move |w, ctx| {
            let (o, _) = visible_obj(ctx, id)?;
            grants::set_accessors(w, ctx, o, &batch.changes)?;
            accessors_of(w, ctx, id)
        })
        .await?;
    Ok(Json(rows))
}

#[derive(Deserialize)]
pub struct AccessQuery {
    pub mask: Option<String>,
}

#[utoipa::path(get, path = "/api/users/{login}/access", tag = "access", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003"), ("mask" = Option<String>, Query, description = "wildcard mask on object names", max_length = 256)), responses((status = 200, description = "direct and effective levels with their sources", body = AccessPage)))]
pub async fn user_access(
    State(st): State<AppState>,
    session: Session,
    inm: IfNoneMatch,
    PathParam(login): PathParam<String>,
    QueryParams(q): QueryParams<AccessQuery>,
) -> ApiResult<Tagged<Json<AccessPage>>> {
    let login = parse_login(&login)?;
    let mask = mask_param(q.mask.as_deref())?;
    let page = st
        .read_tagged(session, inm, move |c, ctx| {
            let target = visible_user(c, ctx, login)?;
            let grantee = Grantee::new(ctx, target, store::direct_of(c, login)?);
            let p = ctx.policy();
            let mut entries = Vec::new();
            for n in &ctx.graph.nodes {
                if !mask.matches(&n.name) {
                    continue;
                }
                let Some(o) = ctx.obj(n.id) else { continue };
                if p.see_object(o).is_err() {
                    continue;
                }
                let e = grantee.entry(ctx, &p, o);
                if e.effective > AccessLevel::None || e.direct > AccessLevel::None {
                    entries.push(e);
                }
            }
            Ok(AccessPage { login, entries })
        })
        .await?;
    Ok(page.map(Json))
}

#[utoipa::path(put, path = "/api/users/{login}/access", tag = "access", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003")), request_body = AccessBatch, responses((status = 200, description = "saved, all or nothing; the changed entries", body = AccessPage)))]
pub async fn set_user_access(
    State(st): State<AppState>,
    session: Session,
    PathParam(login): PathParam<String>,
    JsonBody(batch): JsonBody<AccessBatch>,
) -> ApiResult<Json<AccessPage>> {
    let login = parse_login(&login)?;
    if batch.changes.is_empty() {
        return Err(ApiError::validation("the batch has no changes").field("changes"));
    }
    if batch.changes.len() > MAX_BATCH {
        return Err(ApiError::too_large("at most 200,000 changes in one batch"));
    }
    policy::each_once(batch.changes.iter().map(|c| c.object_id), "changes")?;
    let page = st
        .write(session, move |w, ctx| {
            let target = visible_user(w, ctx, login)?;
            grants::set_levels_of(w, ctx, &target, &batch.changes)?;
            let p = ctx.policy();
            let grantee = Grantee::new(ctx, target, store::direct_of(w, login)?);
            let entries = batch
                .changes
                .iter()
                .filter_map(|ch| ctx.obj(ch.object_id))
                .map(|o| grantee.entry(ctx, &p, o))
                .collect();
            Ok(AccessPage { login, entries })
        })
        .await?;
    tracing::info!(login = %login, changes = page.entries.len(), "access changed");
    Ok(Json(page))
}

#[utoipa::path(post, path = "/api/objects", tag = "objects", request_body = NewObject, responses((status = 201, description = "created; the creator gets manage on it", body = Object)))]
pub async fn create(
    State(st): State<AppState>,
    session: Session,
    JsonBody(no): JsonBody<NewObject>,
) -> ApiResult<(StatusCode, Json<Object>)> {
    let name = check_name(&no.name)?;
    if !no.members.is_empty() {
        policy::may_hold_members(no.kind)?;
    }
    let o = st
        .write(session, move |w, ctx| {
            let p = ctx.policy();
            p.create_object(no.kind, no.account_id, ctx.obj(no.account_id))?;
            // The group to be, as the policy asks about its members.
            let group = Obj {
                id: 0,
                kind: no.kind,
                account_id: Some(no.account_id),
                name: &name,
            };
            let (add, _) = grants::check_members(&p, ctx, group, &no.members, &[])?;
            let accessors = grants::ask_on_new(w, ctx, group, &no.accessors)?;
            let actor = ctx.actor.login();
            let id = store::insert_object(w, no.kind, &name, no.account_id, actor)?;
            grants::add_members(w, id, &add)?;
            accessors.write(w, ctx, actor, Obj { id, ..group })?;
            w.audit(
                actor,
                store::NewRow::object(
                    "object.create",
                    id,
                    &name,
                    ctx.dealer_of(&group),
                    json!({"kind": no.kind, "name": name, "account_id": no.account_id, "members_added": add,
                            "accessors": no.accessors.len()}),
                ),
            )?;
            w.graph_changed();
            Ok(Object {
                id,
                kind: no.kind,
                name: name.clone(),
                account_id: Some(no.account_id),
                parent_ids: vec![],
                level: AccessLevel::Manage,
            })
        })
        .await?;
    Ok((StatusCode::CREATED, Json(o)))
}

#[utoipa::path(put, path = "/api/objects/{id}", tag = "objects", params(("id" = i64, Path, description = "the object's id", example = 3)), request_body = ObjectUpdate, responses((status = 200, description = "saved", body = Object)))]
pub async fn update(
    State(st): State<AppState>,
    session: Session,
    PathParam(id): PathParam<i64>,
    JsonBody(up): JsonBody<ObjectUpdate>,
) -> ApiResult<Json<Object>> {
    let name = up.name.as_deref().map(check_name).transpose()?;
    let o = st
        .write(session, move |w, ctx| {
            let (o, l) = visible_obj(ctx, id)?;
            let p = ctx.policy();
            if name.is_none() && up.members.is_none() {
                return Err(ApiError::validation("send a new name, members, or both").field("name"));
            }
            if name.is_some() && !matches!(o.kind, ObjectKind::Unit | ObjectKind::UnitGroup) {
                return Err(ApiError::validation(
                    "only units and unit groups are renamed here: a user is renamed on its card, an account with its dealer",
                )
                .field("name"));
            }
            p.edit_object(o)?;
            let members = match &up.members {
                Some(members) => {
                    p.edit_members(o)?;
                    let current = ctx.graph.members.get(&id).cloned().unwrap_or_default();
                    Some(grants::check_members(&p, ctx, o, members, &current)?)
                }
                None => None,
            };
            let moved = members.as_ref().map(|(a, r)| (a.as_slice(), r.as_slice()));
            grants::update_group(w, ctx, o, moved, name.as_deref())?;
            // Only a group's members changed, and a group is in no group: its own parents stand.
            let fresh = Obj {
                name: name.as_deref().unwrap_or(o.name),
                ..o
            };
            Ok(wire(ctx, &p, fresh, l))
        })
        .await?;
    Ok(Json(o))
}
