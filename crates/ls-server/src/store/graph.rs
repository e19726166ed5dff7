//! Tokens and licenses, dealers and objects (the grants between users and objects: `grants.rs`).
use ls_api::{AggregatorLicense, License};
use ls_domain::graph::{Graph, Node};
use ls_domain::{Dealer, Login, ObjectKind};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::json;
use std::collections::HashMap;

pub fn token(c: &Connection, login: Login) -> rusqlite::Result<Option<String>> {
    c.query_row("SELECT api_token FROM users WHERE login = ?1", [login.get()], |r| {
        r.get(0)
    })
}

pub fn set_token(c: &Connection, login: Login, token: &str) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE users SET api_token = ?2 WHERE login = ?1",
        params![login.get(), token],
    )?;
    Ok(())
}

const LICENSE_COLS: &str = "id, product, object_name, expires, expires < date('now'), login";

fn license_from_row(r: &Row) -> rusqlite::Result<(AggregatorLicense, i64)> {
    Ok((
        AggregatorLicense {
            id: r.get(0)?,
            product: r.get(1)?,
            object: r.get(2)?,
            expires: r.get(3)?,
            expired: r.get::<_, i64>(4)? != 0,
        },
        r.get(5)?,
    ))
}

pub fn licenses(c: &Connection, login: Login) -> rusqlite::Result<Vec<AggregatorLicense>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {LICENSE_COLS} FROM aggregator_licenses WHERE login = ?1 ORDER BY expires DESC"
    ))?;
    let rows = st.query_map([login.get()], license_from_row)?;
    rows.map(|r| r.map(|(l, _)| l)).collect()
}

/// A license by its id, with its holder's login.
pub fn license(c: &Connection, id: &str) -> rusqlite::Result<Option<(AggregatorLicense, Option<Login>)>> {
    c.prepare_cached(&format!("SELECT {LICENSE_COLS} FROM aggregator_licenses WHERE id = ?1"))?
        .query_row([id], license_from_row)
        .optional()
        .map(|o| o.map(|(l, login)| (l, u16::try_from(login).ok().and_then(|n| Login::new(n).ok()))))
}

// ---- dealers ----

pub fn dealers(c: &Connection) -> rusqlite::Result<Vec<Dealer>> {
    let mut st = c.prepare_cached("SELECT id, name, parent_id, account_id FROM dealers ORDER BY id")?;
    let rows = st.query_map([], |r| {
        Ok(Dealer {
            id: r.get(0)?,
            name: r.get(1)?,
            parent_id: r.get(2)?,
            account_id: r.get(3)?,
            level: None,
        })
    })?;
    rows.collect()
}

pub fn dealer_exists(c: &Connection, id: i64) -> rusqlite::Result<bool> {
    c.query_row("SELECT EXISTS(SELECT 1 FROM dealers WHERE id = ?1)", [id], |r| r.get(0))
}

pub fn dealer_name_taken(c: &Connection, name: &str) -> rusqlite::Result<bool> {
    c.query_row("SELECT EXISTS(SELECT 1 FROM dealers WHERE name = ?1)", [name], |r| {
        r.get(0)
    })
}

/// A dealer's user quota and how many users it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    pub dealer_id: i64,
    pub name: String,
    /// At most this many users (`None`: no quota).
    pub quota: Option<i64>,
    pub users: i64,
}

impl Quota {
    /// Whether one more user would go over the quota.
    pub fn full(&self) -> bool {
        self.quota.is_some_and(|q| self.users >= q)
    }
}

/// Every dealer's quota and user count, by dealer id.
pub fn quotas(c: &Connection) -> rusqlite::Result<HashMap<i64, Quota>> {
    let mut st = c.prepare_cached(
        "SELECT d.id, d.name, d.user_quota, (SELECT COUNT(*) FROM users u WHERE u.dealer_id = d.id) FROM dealers d",
    )?;
    let rows = st.query_map([], quota_row)?;
    rows.map(|r| r.map(|q| (q.dealer_id, q))).collect()
}

/// One dealer's quota and user count (`None`: no such dealer).
pub fn quota(c: &Connection, dealer_id: i64) -> rusqlite::Result<Option<Quota>> {
    c.prepare_cached(
        "SELECT d.id, d.name, d.user_quota, (SELECT COUNT(*) FROM users u WHERE u.dealer_id = d.id) \
         FROM dealers d WHERE d.id = ?1",
    )?
    .query_row([dealer_id], quota_row)
    .optional()
}

fn quota_row(r: &Row) -> rusqlite::Result<Quota> {
    Ok(Quota {
        dealer_id: r.get(0)?,
        name: r.get(1)?,
        quota: r.get(2)?,
        users: r.get(3)?,
    })
}

/// Sets a dealer's user quota (`None`: none).
pub fn set_quota(c: &Connection, dealer_id: i64, quota: Option<i64>) -> rusqlite::Result<()> {
    c.prepare_cached("UPDATE dealers SET user_quota = ?2 WHERE id = ?1")?
        .execute(params![dealer_id, quota])?;
    Ok(())
}

/// Creates a dealer with its account object.
pub fn insert_dealer(
    conn: &Connection,
    name: &str,
    parent_id: Option<i64>,
    creator: Option<Login>,
) -> rusqlite::Result<Dealer> {
    conn.execute(
        "INSERT INTO objects(kind, name, created_by) VALUES('account', ?1, ?2)",
        params![name, creator.map(|l| l.get())],
    )?;
    let account_id = conn.last_insert_rowid();
    conn.execute("UPDATE objects SET account_id = id WHERE id = ?1", [account_id])?;
    conn.execute(
        "INSERT INTO dealers(name, parent_id, account_id) VALUES(?1, ?2, ?3)",
        params![name, parent_id, account_id],
    )?;
    Ok(Dealer {
        id: conn.last_insert_rowid(),
        name: name.to_string(),
        parent_id,
        account_id: Some(account_id),
        level: None,
    })
}

// ---- objects ----

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

/// An object's properties (a unit's code, city, corporation and licenses).
pub fn object_props(c: &Connection, id: i64) -> rusqlite::Result<(String, String, String, Vec<License>)> {
    let props: String = c.query_row("SELECT props FROM objects WHERE id = ?1", [id], |r| r.get(0))?;
    let p: serde_json::Value = serde_json::from_str(&props).unwrap_or(json!({}));
    let s = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let licenses: Vec<License> = p
        .get("licenses")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default();
    Ok((s("code"), s("city"), s("corporation"), licenses))
}

pub fn insert_object(
    c: &Connection,
    kind: ObjectKind,
    name: &str,
    account_id: i64,
    creator: Login,
) -> rusqlite::Result<i64> {
    c.execute(
        "INSERT INTO objects(kind, name, account_id, created_by) VALUES(?1, ?2, ?3, ?4)",
        params![kind.as_str(), name, account_id, creator.get()],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn rename_object(c: &Connection, id: i64, name: &str) -> rusqlite::Result<()> {
    c.execute("UPDATE objects SET name = ?2 WHERE id = ?1", params![id, name])?;
    Ok(())
}
