//! Access is written here and nowhere else in the service: users' direct levels on objects
//! (each audited as `access.set`) and unit groups' members. Each entry point asks the policy
//! inside the write's transaction, or names the caller that asked it in that same transaction;
//! then it stores, audits, and marks the graph stale where members moved. The SQL is
//! `store::grants`.
use crate::ctx::{Ctx, Write};
use crate::error::{ApiError, ApiResult};
use crate::store;
use crate::visible::visible_user;
use ls_api::{AccessChange, AccessorChange};
use ls_domain::policy::{self, Obj, Policy};
use ls_domain::{AccessLevel, Login, User};
use rusqlite::Connection;
use serde_json::json;
use std::collections::BTreeSet;

/// Largest batch of level changes in one request.
pub const MAX_BATCH: usize = 200_000;

/// A refusal inside a batch says that nothing of it was applied.
pub(crate) fn whole_batch(e: impl Into<ApiError>) -> ApiError {
    let mut e = e.into();
    if !e.message.contains("nothing was changed") {
        e.message.push_str("; nothing was changed");
    }
    e
}

/// Sets `u`'s level on `o` and audits it (old and new, the object's name and dealer). Unchanged
/// levels write nothing. The policy has allowed it: private, so only the entry points below,
/// which ask it or say who did, come here.
fn write_level(w: &Write, ctx: &Ctx, u: &User, o: Obj, level: AccessLevel) -> ApiResult<()> {
    let old = store::set_grant(w, u.login, o.id, level)?;
    if old != level {
        let dealer = ctx.dealer_of(&o);
        let mut row = store::NewRow::user(
            "access.set",
            u.login,
            &u.username,
            u.dealer_id,
            json!({"object_id": o.id, "object": o.name, "object_dealer_id": dealer, "old": old, "new": level}),
        );
        row.object = Some((o.id, o.name, dealer));
        w.audit(ctx.actor.login(), row)?;
    }
    Ok(())
}

/// `target`'s levels on many objects (`PUT /api/users/{login}/access`). Every change is asked
/// before any is written: all or nothing.
pub(crate) fn set_levels_of(w: &Write, ctx: &Ctx, target: &User, changes: &[AccessChange]) -> ApiResult<()> {
    let p = ctx.policy();
    let may = p.levels_of(target);
    let before = store::direct_of(w, target.login)?;
    for ch in changes {
        let o = ctx
            .obj(ch.object_id)
            .ok_or_else(|| ApiError::not_found(format!("object {} not found; nothing was changed", ch.object_id)))?;
        let from = before.get(&o.id).copied().unwrap_or_default();
        may.check_change(o, from, ch.level).map_err(whole_batch)?;
    }
    for ch in changes {
        if let Some(o) = ctx.obj(ch.object_id) {
            write_level(w, ctx, target, o, ch.level)?;
        }
    }
    Ok(())
}

/// Many users' levels on `o` (`PUT /api/objects/{id}/accessors`). Every change is asked before
/// any is written: all or nothing.
pub(crate) fn set_accessors(w: &Write, ctx: &Ctx, o: Obj, changes: &[AccessorChange]) -> ApiResult<()> {
    let p = ctx.policy();
    let mut targets = Vec::with_capacity(changes.len());
    for ch in changes {
        let u = store::load_user(w, ch.login)?
            .ok_or_else(|| ApiError::not_found(format!("user {} not found; nothing was changed", ch.login)))?;
        let from = store::grant_of(w, u.login, o.id)?;
        p.levels_of(&u).check_change(o, from, ch.level).map_err(whole_batch)?;
        targets.push((u, ch.level));
    }
    for (u, level) in &targets {
        write_level(w, ctx, u, o, *level)?;
    }
    Ok(())
}

/// The levels of an object being created, asked before it exists ([`ask_on_new`]) and written
/// once it does ([`NewAccessors::write`]).
pub(crate) struct NewAccessors(Vec<(User, AccessLevel)>);

/// Asks the policy about each accessor of `new`, an object the actor is creating (and will
/// manage): each user named once, seen, and given a level above none.
pub(crate) fn ask_on_new(c: &Connection, ctx: &Ctx, new: Obj, accessors: &[AccessorChange]) -> ApiResult<NewAccessors> {
    let p = ctx.policy();
    policy::each_once(accessors.iter().map(|a| a.login), "accessors")?;
    if accessors.iter().any(|a| a.level == AccessLevel::None) {
        return Err(ApiError::validation("an accessor's level on a new object is above none").field("accessors"));
    }
    let mut out = Vec::with_capacity(accessors.len());
    for ch in accessors {
        let u = visible_user(c, ctx, ch.login).map_err(|e| whole_batch(e).field("accessors"))?;
        p.grant_on_new(new, &u, ch.level).map_err(whole_batch)?;
        out.push((u, ch.level));
    }
    Ok(NewAccessors(out))
}

impl NewAccessors {
    /// Gives `creator` manage on `made` (no row of its own: the creation's row says it), then
    /// the accessors their levels, each audited.
    pub(crate) fn write(self, w: &Write, ctx: &Ctx, creator: Login, made: Obj) -> ApiResult<()> {
        store::set_grant(w, creator, made.id, AccessLevel::Manage)?;
        for (u, level) in &self.0 {
            write_level(w, ctx, u, made, *level)?;
        }
        Ok(())
    }
}

/// A copy's levels on the new user `u`, asked with the copy (`Policy::copy_user`, in
/// `users::judge_new`) earlier in the same transaction.
pub(crate) fn copy_levels(w: &Write, ctx: &Ctx, u: &User, levels: &[AccessChange]) -> ApiResult<()> {
    for ch in levels {
        if let Some(o) = ctx.obj(ch.object_id) {
            write_level(w, ctx, u, o, ch.level)?;
        }
    }
    Ok(())
}

/// `login`'s level on object `id` set back by a revert, as its plan asked the policy in the same
/// transaction. A user or object gone since is left alone.
pub(crate) fn revert_level(w: &Write, ctx: &Ctx, login: Login, id: i64, level: AccessLevel) -> ApiResult<()> {
    let (Some(u), Some(o)) = (store::load_user(w, login)?, ctx.obj(id)) else {
        return Ok(());
    };
    write_level(w, ctx, &u, o, level)
}

/// Asks the policy about each unit a group's members change touches: every unit named must be
/// one the actor sees (so naming one tells nothing), every unit added or removed one it manages.
pub(crate) fn check_members(
    p: &Policy<'_, Ctx>,
    ctx: &Ctx,
    group: Obj,
    named: &[i64],
    current: &[i64],
) -> ApiResult<(Vec<i64>, Vec<i64>)> {
    policy::each_once(named.iter().copied(), "members")?;
    for id in named {
        let o = ctx
            .obj(*id)
            .ok_or_else(|| ApiError::not_found(format!("object {id} not found")).field("members"))?;
        p.see_object(o).map_err(|d| ApiError::from(d).field("members"))?;
    }
    let cur: BTreeSet<i64> = current.iter().copied().collect();
    let want: BTreeSet<i64> = named.iter().copied().collect();
    let add: Vec<i64> = named.iter().copied().filter(|m| !cur.contains(m)).collect();
    // Members the actor cannot see stay: it cannot take out what it cannot see. By id, so the
    // first refusal is always the same one.
    let remove: Vec<i64> = cur
        .iter()
        .copied()
        .filter(|m| !want.contains(m) && ctx.obj(*m).is_some_and(|o| p.see_object(o).is_ok()))
        .collect();
    for id in add.iter().chain(&remove) {
        p.change_member(group, *id, ctx.obj(*id))?;
    }
    Ok((add, remove))
}

/// The first members of group `group`, just created (its `object.create` row names them), as
/// [`check_members`] allowed.
pub(crate) fn add_members(w: &mut Write, group: i64, add: &[i64]) -> ApiResult<()> {
    for m in add {
        store::add_member(w, group, *m)?;
    }
    w.graph_changed();
    Ok(())
}

/// Group `o`'s members (`added`, `removed`) and name changed, as one `object.update` row: an
/// edit ([`check_members`] asked) or a revert (its plan asked). `members`: `None` leaves them,
/// and out of the row.
pub(crate) fn update_group(
    w: &mut Write,
    ctx: &Ctx,
    o: Obj,
    members: Option<(&[i64], &[i64])>,
    name: Option<&str>,
) -> ApiResult<()> {
    let mut detail = serde_json::Map::new();
    if let Some((add, remove)) = members {
        for m in add {
            store::add_member(w, o.id, *m)?;
        }
        for m in remove {
            store::remove_member(w, o.id, *m)?;
        }
        detail.insert("members_added".into(), json!(add));
        detail.insert("members_removed".into(), json!(remove));
    }
    if let Some(n) = name {
        store::rename_object(w, o.id, n)?;
        detail.insert("name".into(), json!({"old": o.name, "new": n}));
    }
    w.audit(
        ctx.actor.login(),
        store::NewRow::object(
            "object.update",
            o.id,
            name.unwrap_or(o.name),
            ctx.dealer_of(&o),
            serde_json::Value::Object(detail),
        ),
    )?;
    w.graph_changed();
    Ok(())
}
