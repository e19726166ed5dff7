//! What the caller sees of users and objects: a login named in a path, and the user or object
//! it names if seen (missing and unseen answer alike). Shared by the handlers and `grants`, so
//! none of them imports another for it.
use crate::ctx::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::store;
use ls_domain::{Login, User};
use rusqlite::Connection;

pub fn parse_login(s: &str) -> ApiResult<Login> {
    s.parse()
        .map_err(|e: ls_domain::LoginError| ApiError::validation(e.to_string()).field("login"))
}

pub(crate) fn seen_object(ctx: &Ctx, id: i64) -> bool {
    ctx.obj(id).is_some_and(|o| ctx.policy().see_object(o).is_ok())
}

/// The groups among `ids` the actor sees: a user's grants on others are not shown.
pub(crate) fn seen_groups(ctx: &Ctx, ids: &[i64]) -> Vec<i64> {
    ids.iter().copied().filter(|g| seen_object(ctx, *g)).collect()
}

/// User `login` if the actor sees it (not found and not visible look the same, so logins of
/// other dealers do not leak), with the actor's level on it.
pub fn visible_user(c: &Connection, ctx: &Ctx, login: Login) -> ApiResult<User> {
    let p = ctx.policy();
    let mut u = store::load_user(c, login)?.ok_or_else(|| ApiError::not_found(format!("user {login} not found")))?;
    p.see_user(&u)?;
    u.level = Some(p.level(p.user_obj(&u)));
    u.object_groups = seen_groups(ctx, &u.object_groups);
    Ok(u)
}
