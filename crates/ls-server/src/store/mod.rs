//! The SQL of the service, and nothing else: rows in, rows out. No access rules here (they are
//! `domain::policy`'s); handlers call these inside the transaction they opened.
//! One file per kind of row: users, the grant graph (objects, dealers, tokens and licenses),
//! the grants and group members, and the audit log.
mod audit;
mod grants;
mod graph;
mod users;

pub use audit::*;
pub use grants::*;
pub use graph::*;
pub use users::*;

use rusqlite::{Connection, OptionalExtension};
use std::sync::{Arc, Mutex};

/// A value loaded once and shared until what it was loaded from moves: it is kept with the key
/// it was loaded at (a counter the database keeps), so a connection reading an older snapshot
/// never serves its older value to one reading a newer one.
pub struct Cached<T>(Arc<Mutex<Option<Keyed<T>>>>);

/// A cached value and the counter it was loaded at.
type Keyed<T> = (i64, Arc<T>);

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
    /// The shared value as of `key`, loaded with `load` when the one held is of another key.
    /// Loaded under the lock: readers wanting the same value wait for one load instead of
    /// each making their own.
    pub fn get(
        &self,
        c: &Connection,
        key: i64,
        load: fn(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Arc<T>> {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((k, v)) = g.as_ref() {
            if *k == key {
                return Ok(v.clone());
            }
        }
        let fresh = Arc::new(load(c)?);
        // An older snapshot's value is used by its reader, not kept over a newer one.
        if g.as_ref().is_none_or(|(k, _)| *k <= key) {
            *g = Some((key, fresh.clone()));
        }
        Ok(fresh)
    }
    pub fn invalidate(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// The counter the objects graph is cached against: triggers move it with every change to
/// objects or group members, whichever connection or process made it.
pub fn graph_revision(c: &Connection) -> rusqlite::Result<i64> {
    c.prepare_cached("SELECT graph FROM revision WHERE id = 1")?
        .query_row([], |r| r.get(0))
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

/// Users written after revision `since`, or signed in since, in login order.
pub fn users_changed(c: &Connection, since: i64) -> rusqlite::Result<Vec<i64>> {
    c.prepare_cached("SELECT login FROM users WHERE rev > ?1 OR sign_rev > ?1 ORDER BY login")?
        .query_map([since], |r| r.get(0))?
        .collect()
}

/// Units that left a group after revision `since`, with the group.
pub fn departures(c: &Connection, since: i64) -> rusqlite::Result<Vec<(i64, i64)>> {
    c.prepare_cached("SELECT unit_id, group_id FROM departures WHERE rev > ?1")?
        .query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// When user `login` last signed in, in seconds (0: never): the mark of its card's tag, which
/// shows that time. A time, not a revision: a revision would tell the reader how many writes
/// the whole service saw.
pub fn sign_in_mark(c: &Connection, login: ls_domain::Login) -> rusqlite::Result<i64> {
    c.prepare_cached("SELECT COALESCE(CAST(strftime('%s', last_sign_in) AS INTEGER), 0) FROM users WHERE login = ?1")?
        .query_row([login.get()], |r| r.get(0))
}

/// The newest revision among every user, object and dealer row (0: none).
pub fn newest_rev(c: &Connection) -> rusqlite::Result<i64> {
    // Three single-step index reads: `MAX` alone per table keeps SQLite's min/max shortcut.
    let mut newest = 0;
    for sql in [
        "SELECT MAX(rev) FROM users",
        "SELECT MAX(rev) FROM objects",
        "SELECT MAX(rev) FROM dealers",
    ] {
        let r: Option<i64> = c.prepare_cached(sql)?.query_row([], |r| r.get(0))?;
        newest = newest.max(r.unwrap_or(0));
    }
    Ok(newest)
}

/// The newest revision among the rows of `dealers`: their own rows, their users and the objects
/// of `accounts` (0: none). One index step per dealer and per account.
pub fn newest_rev_of(
    c: &Connection,
    dealers: impl IntoIterator<Item = i64>,
    accounts: impl IntoIterator<Item = i64>,
) -> rusqlite::Result<i64> {
    let mut newest = 0;
    let mut users = c.prepare_cached("SELECT MAX(rev) FROM users WHERE dealer_id = ?1")?;
    let mut own = c.prepare_cached("SELECT rev FROM dealers WHERE id = ?1")?;
    for d in dealers {
        let u: Option<i64> = users.query_row([d], |r| r.get(0))?;
        let o: Option<i64> = own.query_row([d], |r| r.get(0)).optional()?;
        newest = newest.max(u.unwrap_or(0)).max(o.unwrap_or(0));
    }
    let mut objects = c.prepare_cached("SELECT MAX(rev) FROM objects WHERE account_id = ?1")?;
    for a in accounts {
        let o: Option<i64> = objects.query_row([a], |r| r.get(0))?;
        newest = newest.max(o.unwrap_or(0));
    }
    Ok(newest)
}
