//! The audit log: one row per change, never a secret. The rows one write makes share a change
//! id (the id of its first row).
use crate::db::NOW;
use ls_domain::Login;
use rusqlite::{params, Connection, OptionalExtension};

/// What a row is about: a user (by login), an object (by id), a dealer, the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    User,
    Object,
    Dealer,
    Seed,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::User => "user",
            TargetKind::Object => "object",
            TargetKind::Dealer => "dealer",
            TargetKind::Seed => "seed",
        }
    }
}

/// One row to write. `detail` must never hold a secret.
pub struct NewRow<'a> {
    pub action: &'a str,
    pub kind: TargetKind,
    /// A login (`0042`), an object id, a dealer id.
    pub target: String,
    /// The target's name as it is after the change.
    pub name: &'a str,
    pub dealer_id: Option<i64>,
    /// The object the change touched (a level's object, or the target object), its name and its
    /// dealer.
    pub object: Option<(i64, &'a str, Option<i64>)>,
    pub detail: serde_json::Value,
}

impl<'a> NewRow<'a> {
    pub fn user(action: &'a str, login: Login, name: &'a str, dealer_id: i64, detail: serde_json::Value) -> Self {
        NewRow {
            action,
            kind: TargetKind::User,
            target: login.to_string(),
            name,
            dealer_id: Some(dealer_id),
            object: None,
            detail,
        }
    }
    pub fn object(action: &'a str, id: i64, name: &'a str, dealer_id: Option<i64>, detail: serde_json::Value) -> Self {
        NewRow {
            action,
            kind: TargetKind::Object,
            target: id.to_string(),
            name,
            dealer_id,
            object: Some((id, name, dealer_id)),
            detail,
        }
    }
}

/// Writes one row as part of change `change` (`None`: the row starts a change of its own) and
/// answers its id. `reverts`: the change this one undoes.
pub fn insert_audit(
    conn: &Connection,
    actor: Login,
    row: &NewRow,
    change: Option<i64>,
    reverts: Option<i64>,
) -> rusqlite::Result<i64> {
    let (oid, oname, odealer) = match row.object {
        Some((id, name, d)) => (Some(id), name, d),
        None => (None, "", None),
    };
    conn.prepare_cached(&format!(
        "INSERT INTO audit(at, actor, action, target, dealer_id, detail, change_id, target_kind, target_name, \
         object_id, object_name, object_dealer_id, reverts) \
         VALUES({NOW}, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    ))?
    .execute(params![
        actor.to_string(),
        row.action,
        row.target,
        row.dealer_id,
        row.detail.to_string(),
        change,
        row.kind.as_str(),
        row.name,
        oid,
        oname,
        odealer,
        reverts,
    ])?;
    let id = conn.last_insert_rowid();
    if change.is_none() {
        conn.prepare_cached("UPDATE audit SET change_id = id WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(id)
}

/// The newest row's id (0: none), where event streams start.
pub fn last_audit_id(c: &Connection) -> rusqlite::Result<i64> {
    c.query_row("SELECT COALESCE(MAX(id), 0) FROM audit", [], |r| r.get(0))
}

/// One audit row as stored.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub id: i64,
    pub change_id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub kind: String,
    pub target: String,
    pub target_name: String,
    pub dealer_id: Option<i64>,
    pub object_id: Option<i64>,
    pub object_name: String,
    pub object_dealer_id: Option<i64>,
    pub reverts: Option<i64>,
    pub detail: String,
}

/// What the SQL narrows by; the caller's visibility and name masks are applied on top.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub target: Option<String>,
    /// Rows about this object: the object itself, or a level on it.
    pub object: Option<i64>,
    /// Rows about users of this dealer, or objects of it.
    pub dealer: Option<i64>,
    /// An action (`user.block`) or a family of them (`user`).
    pub action: Option<String>,
    /// Times as stored (`2026-11-23T10:00:00Z`), since inclusive, until exclusive.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Only rows older than this id (the cursor), or newer than this id (a stream resuming).
    pub before: Option<i64>,
    pub after: Option<i64>,
    pub change: Option<i64>,
    /// Only rows of these dealers (`None`: every row). The caller's reach: rows of dealers it
    /// cannot see are never read, so a long log of others' rows costs it nothing.
    pub dealers: Option<Vec<i64>>,
}

const COLS: &str = "id, change_id, at, actor, action, target_kind, target, target_name, dealer_id, object_id, \
                    object_name, object_dealer_id, reverts, detail";

fn row(r: &rusqlite::Row) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        id: r.get(0)?,
        change_id: r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
        at: r.get(2)?,
        actor: r.get(3)?,
        action: r.get(4)?,
        kind: r.get(5)?,
        target: r.get(6)?,
        target_name: r.get(7)?,
        dealer_id: r.get(8)?,
        object_id: r.get(9)?,
        object_name: r.get(10)?,
        object_dealer_id: r.get(11)?,
        reverts: r.get(12)?,
        detail: r.get(13)?,
    })
}

/// Rows matching `f`, newest first (oldest first when `f.after` is set), passed to `keep`
/// until it says stop.
pub fn audit_rows(c: &Connection, f: &AuditFilter, mut keep: impl FnMut(AuditRow) -> bool) -> rusqlite::Result<()> {
    use rusqlite::types::Value as V;
    let ascending = f.after.is_some();
    let order = if ascending { "ASC" } else { "DESC" };
    // Only the filters given are written: `(? IS NULL OR col = ?)` would keep SQLite from its
    // indexes and from the id range, and read the whole log for every page.
    let mut conds: Vec<&str> = Vec::new();
    let mut args: Vec<V> = Vec::new();
    let mut add = |cond: &'static str, v: Option<V>| {
        if let Some(v) = v {
            conds.push(cond);
            args.push(v);
        }
    };
    add("actor = ?", f.actor.clone().map(V::Text));
    add("target = ?", f.target.clone().map(V::Text));
    add("object_id = ?", f.object.map(V::Integer));
    add("id < ?", f.before.map(V::Integer));
    add("id > ?", f.after.map(V::Integer));
    add("change_id = ?", f.change.map(V::Integer));
    add("at >= ?", f.since.clone().map(V::Text));
    add("at < ?", f.until.clone().map(V::Text));
    if let Some(d) = f.dealer {
        conds.push("(dealer_id = ? OR object_dealer_id = ?)");
        args.extend([V::Integer(d), V::Integer(d)]);
    }
    if let Some(a) = &f.action {
        // The action, or its family (`user` → `user.*`); no LIKE, so `%` and `_` are literal.
        conds.push("(action = ? OR substr(action, 1, length(?) + 1) = ? || '.')");
        args.extend([V::Text(a.clone()), V::Text(a.clone()), V::Text(a.clone())]);
    }
    let Some(dealers) = &f.dealers else {
        let cond = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let sql = format!("SELECT {COLS} FROM audit {cond} ORDER BY id {order}");
        let mut s = c.prepare_cached(&sql)?;
        let rows = s.query_map(rusqlite::params_from_iter(args), row)?;
        for r in rows {
            if !keep(r?) {
                break;
            }
        }
        return Ok(());
    };
    // One walk per dealer down `audit_dealer (dealer_id, id)`, merged by id: each step reads a
    // row of a dealer the caller may see, however many rows of others lie in between.
    conds.insert(0, "dealer_id = ?");
    let sql = format!(
        "SELECT {COLS} FROM audit WHERE {} ORDER BY id {order}",
        conds.join(" AND ")
    );
    let mut stmts = Vec::with_capacity(dealers.len());
    for _ in dealers {
        stmts.push(c.prepare_cached(&sql)?);
    }
    let mut walks = Vec::with_capacity(dealers.len());
    for (s, d) in stmts.iter_mut().zip(dealers) {
        let params = std::iter::once(V::Integer(*d)).chain(args.iter().cloned());
        walks.push(s.query_map(rusqlite::params_from_iter(params), row)?);
    }
    let mut heads: Vec<Option<AuditRow>> = Vec::with_capacity(walks.len());
    for w in walks.iter_mut() {
        heads.push(w.next().transpose()?);
    }
    loop {
        // The walk whose next row comes first in the order asked.
        let mut best: Option<(usize, i64)> = None;
        for (i, h) in heads.iter().enumerate() {
            let Some(r) = h else { continue };
            let better = match best {
                None => true,
                Some((_, id)) if ascending => r.id < id,
                Some((_, id)) => r.id > id,
            };
            if better {
                best = Some((i, r.id));
            }
        }
        let Some((i, _)) = best else { return Ok(()) };
        let next = walks[i].next().transpose()?;
        let Some(r) = std::mem::replace(&mut heads[i], next) else {
            return Ok(());
        };
        if !keep(r) {
            return Ok(());
        }
    }
}

/// The rows of one change, in the order they were written.
pub fn change_rows(c: &Connection, change: i64) -> rusqlite::Result<Vec<AuditRow>> {
    let mut s = c.prepare_cached(&format!("SELECT {COLS} FROM audit WHERE change_id = ?1 ORDER BY id"))?;
    let rows = s.query_map([change], row)?;
    rows.collect()
}

/// The change that reverted `change`, if one did.
pub fn reverted_by(c: &Connection, change: i64) -> rusqlite::Result<Option<i64>> {
    c.query_row(
        "SELECT change_id FROM audit WHERE reverts = ?1 LIMIT 1",
        [change],
        |r| r.get(0),
    )
    .optional()
}

/// Records a successful sign-in. Not a change: no audit row, no version.
pub fn record_sign_in(c: &Connection, login: Login) -> rusqlite::Result<()> {
    // The row is marked for the next revision without publishing one: deltas carry it, and
    // tags do not move for every user's first request of a minute. Apart from `rev`, so the
    // write that publishes that revision (another dealer's, maybe) does not make it a change.
    c.prepare_cached(&format!(
        "UPDATE users SET last_sign_in = {NOW}, sign_rev = (SELECT n + 1 FROM revision) WHERE login = ?1"
    ))?
    .execute([login.get()])?;
    Ok(())
}
