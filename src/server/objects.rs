//! Objects and access: the tree's objects, their accessors, and users' levels (read and set as
//! one all-or-nothing batch). Setting a level needs manage on the object and on the user.
use super::authz::Caller;
use super::db;
use super::error::{ApiError, ApiResult};
use super::json::{JsonBody, PathParam, QueryParams};
use super::users::parse_login;
use super::AppState;
use crate::api::{
    AccessBatch, AccessEntry, AccessPage, Accessor, AccessorBatch, License, NewObject, Object, ObjectDetail,
    ObjectUpdate, ObjectsPage,
};
use crate::domain::graph::{Graph, Node};
use crate::domain::{AccessLevel, Login, Mask, ObjectKind};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

pub fn load_graph(c: &Connection) -> rusqlite::Result<Graph> {
    let mut st = c.prepare_cached("SELECT id, kind, name, account_id FROM objects ORDER BY id")?;
    let nodes = st
        .query_map([], |r| {
            let kind: String = r.get(1)?;
            Ok(Node {
                id: r.get(0)?,
                kind: kind.parse().unwrap_or(ObjectKind::Unit),
                name: r.get(2)?,
                account_id: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = c.prepare_cached("SELECT group_id, unit_id FROM group_members")?;
    let m = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(i64, i64)>>>()?;
    Ok(Graph::new(nodes, &m))
}

pub fn direct_of(c: &Connection, login: Login) -> rusqlite::Result<HashMap<i64, AccessLevel>> {
    let mut st = c.prepare_cached("SELECT object_id, level FROM grants WHERE login = ?1")?;
    let rows = st.query_map([login.get()], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u8>(1)?)))?;
    let mut m = HashMap::new();
    for r in rows {
        let (o, l) = r?;
        m.insert(o, AccessLevel::from_digit(l).unwrap_or_default());
    }
    Ok(m)
}

/// The objects graph, loaded once and kept until a write touches objects or memberships.
#[derive(Clone, Default)]
pub struct GraphCache(std::sync::Arc<std::sync::Mutex<Option<std::sync::Arc<Graph>>>>);

impl GraphCache {
    pub fn get(&self, c: &Connection) -> rusqlite::Result<std::sync::Arc<Graph>> {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(g) = g.as_ref() {
            return Ok(g.clone());
        }
        let fresh = std::sync::Arc::new(load_graph(c)?);
        *g = Some(fresh.clone());
        Ok(fresh)
    }
    pub fn invalidate(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// What the caller may do with objects: an administrator manages everything. Levels are
/// computed per object on demand from the caller's (few) direct grants.
pub struct Levels {
    admin: bool,
    graph: std::sync::Arc<Graph>,
    direct: HashMap<i64, AccessLevel>,
}

impl Levels {
    pub fn of(c: &Connection, g: &std::sync::Arc<Graph>, caller: &Caller) -> rusqlite::Result<Levels> {
        let admin = caller.is_admin();
        let direct = if admin {
            HashMap::new()
        } else {
            direct_of(c, caller.user.login)?
        };
        Ok(Levels {
            admin,
            graph: g.clone(),
            direct,
        })
    }
    pub fn level(&self, id: i64) -> AccessLevel {
        if self.admin {
            AccessLevel::Manage
        } else {
            self.graph.effective(id, &self.direct).0
        }
    }
}

fn user_object(c: &Connection, login: Login) -> rusqlite::Result<Option<i64>> {
    c.query_row("SELECT object_id FROM users WHERE login = ?1", [login.get()], |r| {
        r.get(0)
    })
    .optional()
}

fn wire(g: &Graph, n: &Node, level: AccessLevel) -> Object {
    Object {
        id: n.id,
        kind: n.kind,
        name: n.name.clone(),
        account_id: n.account_id,
        parent_ids: g.groups_of(n.id).to_vec(),
        level,
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub kind: Option<String>,
    pub mask: Option<String>,
    pub limit: Option<usize>,
}

#[utoipa::path(get, path = "/api/objects", tag = "objects", params(("kind" = Option<ObjectKind>, Query, description = "only this kind"), ("mask" = Option<String>, Query, description = "wildcard mask on the name"), ("limit" = Option<usize>, Query, description = "at most this many (total still counts all)")), responses((status = 200, description = "objects the caller has at least view on", body = ObjectsPage)))]
pub async fn list(
    State(st): State<AppState>,
    caller: Caller,
    QueryParams(q): QueryParams<ListQuery>,
) -> ApiResult<Json<ObjectsPage>> {
    let kind: Option<ObjectKind> = match &q.kind {
        Some(k) if !k.is_empty() => Some(k.parse().map_err(|e: String| ApiError::validation(e).field("kind"))?),
        _ => None,
    };
    let mask = Mask::new(q.mask.as_deref().unwrap_or(""));
    let limit = q.limit.unwrap_or(200_000).min(200_000);
    let gc = st.graph.clone();
    let page = st
        .db
        .call(move |c| {
            let g = gc.get(c)?;
            let lv = Levels::of(c, &g, &caller)?;
            let mut total = 0;
            let mut objects = Vec::new();
            for n in &g.nodes {
                let l = lv.level(n.id);
                if l == AccessLevel::None || kind.is_some_and(|k| k != n.kind) || !mask.matches(&n.name) {
                    continue;
                }
                total += 1;
                if objects.len() < limit {
                    objects.push(wire(&g, n, l));
                }
            }
            Ok(ObjectsPage { objects, total })
        })
        .await?;
    Ok(Json(page))
}

#[utoipa::path(get, path = "/api/objects/{id}", tag = "objects", params(("id" = i64, Path, description = "the object's id", example = 3)), responses((status = 200, description = "the object with licenses, keys and members", body = ObjectDetail)))]
pub async fn get(
    State(st): State<AppState>,
    caller: Caller,
    PathParam(id): PathParam<i64>,
) -> ApiResult<Json<ObjectDetail>> {
    let gc = st.graph.clone();
    let d = st
        .db
        .call(move |c| {
            let g = gc.get(c)?;
            let lv = Levels::of(c, &g, &caller)?;
            let l = lv.level(id);
            let Some(n) = g.get(id).filter(|_| l > AccessLevel::None) else {
                return Err(ApiError::not_found(format!("object {id} not found")));
            };
            let props: String = c.query_row("SELECT props FROM objects WHERE id = ?1", [id], |r| r.get(0))?;
            let p: serde_json::Value = serde_json::from_str(&props).unwrap_or(json!({}));
            let s = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let licenses: Vec<License> = p
                .get("licenses")
                .and_then(|v| serde_json::from_value(v.clone()).ok())
                .unwrap_or_default();
            Ok(ObjectDetail {
                object: wire(&g, n, l),
                code: s("code"),
                city: s("city"),
                corporation: s("corporation"),
                licenses,
                members: g.members.get(&id).cloned().unwrap_or_default(),
            })
        })
        .await?;
    Ok(Json(d))
}

/// Who reaches object `id` (users the caller may see), with direct and effective levels.
fn accessors_of(c: &Connection, g: &Graph, lv: &Levels, caller: &Caller, id: i64) -> ApiResult<Vec<Accessor>> {
    let Some(n) = g.get(id).filter(|_| lv.level(id) > AccessLevel::None) else {
        return Err(ApiError::not_found(format!("object {id} not found")));
    };
    // Grants that can reach this object: on it, its groups, its account.
    let mut ids = vec![id];
    ids.extend_from_slice(g.groups_of(id));
    ids.extend(n.account_id);
    let list = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let mut st = c.prepare(&format!(
        "SELECT login, object_id, level FROM grants WHERE object_id IN ({list})"
    ))?;
    let mut by_user: HashMap<i64, HashMap<i64, AccessLevel>> = HashMap::new();
    for r in st.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, u8>(2)?))
    })? {
        let (l, o, lv) = r?;
        by_user
            .entry(l)
            .or_default()
            .insert(o, AccessLevel::from_digit(lv).unwrap_or_default());
    }
    let mut out = Vec::new();
    for (login, direct) in by_user {
        let Some(u) = Login::new(login as u16)
            .ok()
            .and_then(|l| db::load_user(c, l).ok().flatten())
        else {
            continue;
        };
        if !caller.can_see_user(&u) {
            continue;
        }
        let (eff, source) = g.effective(id, &direct);
        if eff == AccessLevel::None && !direct.contains_key(&id) {
            continue;
        }
        out.push(Accessor {
            login: u.login,
            username: u.username,
            direct: direct.get(&id).copied().unwrap_or_default(),
            effective: eff,
            source,
        });
    }
    out.sort_by_key(|a| a.login);
    Ok(out)
}

#[utoipa::path(get, path = "/api/objects/{id}/accessors", tag = "access", params(("id" = i64, Path, description = "the object's id", example = 3)), responses((status = 200, description = "users who reach the object, with levels and sources", body = [Accessor])))]
pub async fn accessors(
    State(st): State<AppState>,
    caller: Caller,
    PathParam(id): PathParam<i64>,
) -> ApiResult<Json<Vec<Accessor>>> {
    let gc = st.graph.clone();
    let rows = st
        .db
        .call(move |c| {
            let g = gc.get(c)?;
            let lv = Levels::of(c, &g, &caller)?;
            accessors_of(c, &g, &lv, &caller, id)
        })
        .await?;
    Ok(Json(rows))
}

/// `PUT /api/objects/{id}/accessors`: levels for many users on one object, all or nothing. Needs
/// manage on the object and on every user.
#[utoipa::path(put, path = "/api/objects/{id}/accessors", tag = "access", params(("id" = i64, Path, description = "the object's id", example = 3)), request_body = AccessorBatch, responses((status = 200, description = "saved, all or nothing; the accessors afterwards", body = [Accessor])))]
pub async fn set_accessors(
    State(st): State<AppState>,
    caller: Caller,
    PathParam(id): PathParam<i64>,
    JsonBody(batch): JsonBody<AccessorBatch>,
) -> ApiResult<Json<Vec<Accessor>>> {
    if batch.changes.is_empty() {
        return Err(ApiError::validation("the batch has no changes").field("changes"));
    }
    let actor = caller.user.login;
    let gc = st.graph.clone();
    let uc = st.users.clone();
    let rows = st
        .db
        .call(move |c| {
            let g = gc.get(c)?;
            let lv = Levels::of(c, &g, &caller)?;
            let Some(n) = g.get(id).filter(|_| lv.level(id) > AccessLevel::None) else {
                return Err(ApiError::not_found(format!("object {id} not found")));
            };
            let ol = lv.level(id);
            if ol < AccessLevel::Manage {
                return Err(ApiError::forbidden(format!(
                    "you need manage on {} to set who reaches it (you have {ol})",
                    n.name
                )));
            }
            let mut targets = Vec::new();
            for ch in &batch.changes {
                let u = db::load_user(c, ch.login)?.filter(|u| caller.can_see_user(u));
                let Some(u) = u else {
                    return Err(ApiError::not_found(format!(
                        "user {} not found; nothing was changed",
                        ch.login
                    )));
                };
                let uo = user_object(c, ch.login)?.ok_or_else(|| ApiError::internal("user without object"))?;
                let ul = lv.level(uo);
                if ul < AccessLevel::Manage {
                    return Err(ApiError::forbidden(format!(
                        "you need manage on user {} to set its access (you have {ul}); nothing was changed",
                        ch.login
                    )));
                }
                targets.push((u, ch.level));
            }
            let tx = c.transaction()?;
            for (u, level) in &targets {
                let old: Option<u8> = tx
                    .query_row(
                        "SELECT level FROM grants WHERE login = ?1 AND object_id = ?2",
                        params![u.login.get(), id],
                        |r| r.get(0),
                    )
                    .optional()?;
                let old = old.and_then(AccessLevel::from_digit).unwrap_or_default();
                write_grant(&tx, actor, (u.login, u.dealer_id), n, old, *level)?;
            }
            tx.commit()?;
            uc.invalidate();
            accessors_of(c, &g, &lv, &caller, id)
        })
        .await?;
    Ok(Json(rows))
}

#[derive(Deserialize)]
pub struct AccessQuery {
    pub mask: Option<String>,
}

#[utoipa::path(get, path = "/api/users/{login}/access", tag = "access", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003"), ("mask" = Option<String>, Query, description = "wildcard mask on object names")), responses((status = 200, description = "direct and effective levels with their sources", body = AccessPage)))]
pub async fn user_access(
    State(st): State<AppState>,
    caller: Caller,
    PathParam(login): PathParam<String>,
    QueryParams(q): QueryParams<AccessQuery>,
) -> ApiResult<Json<AccessPage>> {
    let login = parse_login(&login)?;
    let mask = Mask::new(q.mask.as_deref().unwrap_or(""));
    let gc = st.graph.clone();
    let page = st
        .db
        .call(move |c| {
            let target = db::load_user(c, login)?.filter(|u| caller.can_see_user(u));
            if target.is_none() {
                return Err(ApiError::not_found(format!("user {login} not found")));
            }
            let g = gc.get(c)?;
            let lv = Levels::of(c, &g, &caller)?;
            let direct = direct_of(c, login)?;
            let mut entries = Vec::new();
            for n in &g.nodes {
                if lv.level(n.id) == AccessLevel::None || !mask.matches(&n.name) {
                    continue;
                }
                let (eff, source) = g.effective(n.id, &direct);
                let d = direct.get(&n.id).copied().unwrap_or_default();
                if eff > AccessLevel::None || d > AccessLevel::None {
                    entries.push(AccessEntry {
                        object_id: n.id,
                        direct: d,
                        effective: eff,
                        source,
                    });
                }
            }
            Ok(AccessPage { login, entries })
        })
        .await?;
    Ok(Json(page))
}

#[utoipa::path(put, path = "/api/users/{login}/access", tag = "access", params(("login" = String, Path, description = "the user's login, e.g. 0042", example = "0003")), request_body = AccessBatch, responses((status = 200, description = "saved, all or nothing; the changed entries", body = AccessPage)))]
pub async fn set_user_access(
    State(st): State<AppState>,
    caller: Caller,
    PathParam(login): PathParam<String>,
    JsonBody(batch): JsonBody<AccessBatch>,
) -> ApiResult<Json<AccessPage>> {
    let login = parse_login(&login)?;
    if batch.changes.is_empty() {
        return Err(ApiError::validation("the batch has no changes").field("changes"));
    }
    if batch.changes.len() > 200_000 {
        return Err(ApiError::too_large("at most 200,000 changes in one batch"));
    }
    let actor = caller.user.login;
    let gc = st.graph.clone();
    let uc = st.users.clone();
    let page = st
        .db
        .call(move |c| {
            let target = db::load_user(c, login)?.filter(|u| caller.can_see_user(u));
            let Some(target) = target else {
                return Err(ApiError::not_found(format!("user {login} not found")));
            };
            let g = gc.get(c)?;
            let lv = Levels::of(c, &g, &caller)?;
            let uobj = user_object(c, login)?.ok_or_else(|| ApiError::internal("user without object"))?;
            let ul = lv.level(uobj);
            if ul < AccessLevel::Manage {
                return Err(ApiError::forbidden(format!(
                    "you need manage on user {login} to set its access (you have {ul})"
                )));
            }
            // Check every item before writing any: all or nothing.
            for ch in &batch.changes {
                let Some(n) = g.get(ch.object_id) else {
                    return Err(
                        ApiError::validation(format!("object {} does not exist", ch.object_id)).field("changes")
                    );
                };
                let l = lv.level(n.id);
                if l < AccessLevel::Manage {
                    return Err(ApiError::forbidden(format!(
                        "you need manage on {} {} ({}) to set access to it (you have {l}); nothing was changed",
                        n.kind.as_str().replace('_', " "),
                        n.id,
                        n.name
                    )));
                }
            }
            let before = direct_of(c, login)?;
            let tx = c.transaction()?;
            for ch in &batch.changes {
                let old = before.get(&ch.object_id).copied().unwrap_or_default();
                // Every object was found in the check above.
                if let Some(n) = g.get(ch.object_id) {
                    write_grant(&tx, actor, (login, target.dealer_id), n, old, ch.level)?;
                }
            }
            tx.commit()?;
            uc.invalidate();
            let direct = direct_of(c, login)?;
            let entries = batch
                .changes
                .iter()
                .map(|ch| {
                    let (eff, source) = g.effective(ch.object_id, &direct);
                    AccessEntry {
                        object_id: ch.object_id,
                        direct: direct.get(&ch.object_id).copied().unwrap_or_default(),
                        effective: eff,
                        source,
                    }
                })
                .collect();
            Ok(AccessPage { login, entries })
        })
        .await?;
    tracing::info!(actor = %actor, login = %login, changes = page.entries.len(), "access changed");
    Ok(Json(page))
}

/// One grant inside a batch's transaction: `who` (login, dealer) gets `new` on `object`, `none`
/// removes the row, and the audit log records old and new. Unchanged levels write nothing. The
/// caller has checked the rights.
fn write_grant(
    tx: &Connection,
    actor: Login,
    who: (Login, i64),
    object: &Node,
    old: AccessLevel,
    new: AccessLevel,
) -> ApiResult<()> {
    if old == new {
        return Ok(());
    }
    let (login, dealer_id) = who;
    if new == AccessLevel::None {
        tx.prepare_cached("DELETE FROM grants WHERE login = ?1 AND object_id = ?2")?
            .execute(params![login.get(), object.id])?;
    } else {
        tx.prepare_cached("INSERT OR REPLACE INTO grants(login, object_id, level) VALUES(?1, ?2, ?3)")?
            .execute(params![login.get(), object.id, new as u8])?;
    }
    db::audit(
        tx,
        actor,
        "access.set",
        &login.to_string(),
        Some(dealer_id),
        &json!({"object_id": object.id, "object": object.name, "old": old, "new": new}),
    )?;
    Ok(())
}

fn check_members(g: &Graph, account_id: i64, members: &[i64]) -> ApiResult<()> {
    for m in members {
        match g.get(*m) {
            Some(n) if n.kind == ObjectKind::Unit && n.account_id == Some(account_id) => {}
            _ => {
                return Err(
                    ApiError::validation(format!("object {m} is not a unit of account {account_id}")).field("members"),
                )
            }
        }
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/objects", tag = "objects", request_body = NewObject, responses((status = 201, description = "created; the creator gets manage on it", body = Object)))]
pub async fn create(
    State(st): State<AppState>,
    caller: Caller,
    JsonBody(no): JsonBody<NewObject>,
) -> ApiResult<(StatusCode, Json<Object>)> {
    let name = no.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::validation("an object needs a name of 1 to 200 characters").field("name"));
    }
    if !matches!(no.kind, ObjectKind::Unit | ObjectKind::UnitGroup) {
        return Err(ApiError::validation("kind must be unit or unit_group").field("kind"));
    }
    let actor = caller.user.login;
    let gc = st.graph.clone();
    let o = st
        .db
        .call(move |c| {
            let g = gc.get(c)?;
            match g.get(no.account_id) {
                Some(n) if n.kind == ObjectKind::Account => {}
                _ => {
                    return Err(
                        ApiError::validation(format!("account {} does not exist", no.account_id)).field("account_id"),
                    )
                }
            }
            let lv = Levels::of(c, &g, &caller)?;
            if lv.level(no.account_id) < AccessLevel::Edit {
                return Err(ApiError::forbidden(format!(
                    "you need edit on account {} to create objects in it",
                    no.account_id
                )));
            }
            if no.kind == ObjectKind::UnitGroup {
                check_members(&g, no.account_id, &no.members)?;
            }
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO objects(kind, name, account_id, created_by) VALUES(?1, ?2, ?3, ?4)",
                params![no.kind.as_str(), name, no.account_id, actor.get()],
            )?;
            let id = tx.last_insert_rowid();
            for m in &no.members {
                tx.execute(
                    "INSERT OR IGNORE INTO group_members(group_id, unit_id) VALUES(?1, ?2)",
                    [id, *m],
                )?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO grants(login, object_id, level) VALUES(?1, ?2, 4)",
                params![actor.get(), id],
            )?;
            db::audit(
                &tx,
                actor,
                "object.create",
                &id.to_string(),
                None,
                &json!({"kind": no.kind, "name": name}),
            )?;
            tx.commit()?;
            gc.invalidate();
            Ok(Object {
                id,
                kind: no.kind,
                name,
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
    caller: Caller,
    PathParam(id): PathParam<i64>,
    JsonBody(up): JsonBody<ObjectUpdate>,
) -> ApiResult<Json<Object>> {
    let actor = caller.user.login;
    let gc = st.graph.clone();
    let o = st
        .db
        .call(move |c| {
            let g = gc.get(c)?;
            let lv = Levels::of(c, &g, &caller)?;
            let l = lv.level(id);
            let Some(n) = g.get(id).filter(|_| l > AccessLevel::None) else {
                return Err(ApiError::not_found(format!("object {id} not found")));
            };
            if l < AccessLevel::Edit {
                return Err(ApiError::forbidden(format!(
                    "you need edit on {} to change it (you have {l})",
                    n.name
                )));
            }
            let tx = c.transaction()?;
            if let Some(name) = &up.name {
                let name = name.trim();
                if name.is_empty() || name.chars().count() > 200 {
                    return Err(ApiError::validation("an object needs a name of 1 to 200 characters").field("name"));
                }
                tx.execute("UPDATE objects SET name = ?2 WHERE id = ?1", params![id, name])?;
            }
            if let Some(members) = &up.members {
                if n.kind != ObjectKind::UnitGroup {
                    return Err(ApiError::validation("only a unit group has members").field("members"));
                }
                check_members(&g, n.account_id.unwrap_or_default(), members)?;
                tx.execute("DELETE FROM group_members WHERE group_id = ?1", [id])?;
                for m in members {
                    tx.execute(
                        "INSERT OR IGNORE INTO group_members(group_id, unit_id) VALUES(?1, ?2)",
                        [id, *m],
                    )?;
                }
            }
            db::audit(
                &tx,
                actor,
                "object.update",
                &id.to_string(),
                None,
                &json!({"name": up.name, "members": up.members.as_ref().map(Vec::len)}),
            )?;
            tx.commit()?;
            gc.invalidate();
            let g = gc.get(c)?;
            let n = g.get(id).ok_or_else(|| ApiError::internal("object vanished"))?;
            Ok(wire(&g, n, l))
        })
        .await?;
    Ok(Json(o))
}
