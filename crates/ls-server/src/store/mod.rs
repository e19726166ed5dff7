//! The SQL of the service, and nothing else: rows in, rows out. No access rules here (they are
//! `domain::policy`'s); handlers call these inside the transaction they opened.
//! One file per kind of row: users, the grant graph (objects, dealers, tokens and licenses),
//! and the audit log.
mod audit;
mod graph;
mod users;

pub use audit::*;
pub use graph::*;
pub use users::*;

use rusqlite::Connection;
use std::sync::{Arc, Mutex};

/// A value loaded once and shared until a write changes what it was loaded from.
pub struct Cached<T>(Arc<Mutex<Option<Arc<T>>>>);

impl<T> Clone for Cached<T> {
    fn clone(&self) -> Self {
        Cached(self.0.clone())
    }
}

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached(Arc::new(Mutex::new(None)))
    }
}

impl<T> Cached<T> {
    /// The shared value, loaded with `load` when there is none.
    pub fn get(&self, c: &Connection, load: fn(&Connection) -> rusqlite::Result<T>) -> rusqlite::Result<Arc<T>> {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = g.as_ref() {
            return Ok(v.clone());
        }
        let fresh = Arc::new(load(c)?);
        *g = Some(fresh.clone());
        Ok(fresh)
    }
    pub fn invalidate(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// The data's revision as the caller's reads see it: `None` while rows are written that no
/// commit has published yet (then nothing may be cached against it).
pub fn revision(c: &Connection) -> rusqlite::Result<Option<i64>> {
    c.prepare_cached("SELECT n, pending FROM revision WHERE id = 1")?
        .query_row([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
        .map(|(n, pending)| (pending == 0).then_some(n))
}

/// Publishes the rows written since the last bump as the next revision (nothing written: no
/// move). Called in the transaction that wrote them, just before it commits.
pub fn bump(c: &Connection) -> rusqlite::Result<()> {
    c.prepare_cached("UPDATE revision SET n = n + 1, pending = 0 WHERE pending = 1")?
        .execute([])?;
    Ok(())
}

/// When what `login` may see last changed (its roles, rights, blocking or grants).
pub fn auth_rev(c: &Connection, login: ls_domain::Login) -> rusqlite::Result<i64> {
    c.prepare_cached("SELECT auth_rev FROM users WHERE login = ?1")?
        .query_row([login.get()], |r| r.get(0))
}

/// Objects written after revision `since`, in id order.
pub fn objects_changed(c: &Connection, since: i64) -> rusqlite::Result<Vec<i64>> {
    c.prepare_cached("SELECT id FROM objects WHERE rev > ?1 ORDER BY id")?
        .query_map([since], |r| r.get(0))?
        .collect()
}

/// Users written after revision `since`, in login order.
pub fn users_changed(c: &Connection, since: i64) -> rusqlite::Result<Vec<i64>> {
    c.prepare_cached("SELECT login FROM users WHERE rev > ?1 ORDER BY login")?
        .query_map([since], |r| r.get(0))?
        .collect()
}

/// Units that left a group after revision `since`, with the group.
pub fn departures(c: &Connection, since: i64) -> rusqlite::Result<Vec<(i64, i64)>> {
    c.prepare_cached("SELECT unit_id, group_id FROM departures WHERE rev > ?1")?
        .query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// The revision user `login`'s row was last marked with.
pub fn user_rev(c: &Connection, login: ls_domain::Login) -> rusqlite::Result<i64> {
    c.prepare_cached("SELECT rev FROM users WHERE login = ?1")?
        .query_row([login.get()], |r| r.get(0))
}
