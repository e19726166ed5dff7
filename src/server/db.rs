//! SQLite storage: one connection behind a mutex (one writer), WAL, versioned migrations.
use super::error::{ApiError, ApiResult};
use crate::api::Dealer;
use crate::domain::{Language, Login, Role, Source, User};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE dealers(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES dealers(id),
    account_id INTEGER
);
-- Every thing access can be granted on: accounts, unit groups, units and users.
CREATE TABLE objects(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK(kind IN ('account','unit_group','unit','user')),
    name TEXT NOT NULL,
    account_id INTEGER,
    created_by INTEGER,
    props TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX objects_kind ON objects(kind, account_id);
CREATE TABLE group_members(
    group_id INTEGER NOT NULL REFERENCES objects(id),
    unit_id INTEGER NOT NULL REFERENCES objects(id),
    PRIMARY KEY(group_id, unit_id)
);
CREATE INDEX group_members_unit ON group_members(unit_id);
CREATE TABLE users(
    login INTEGER PRIMARY KEY CHECK(login BETWEEN 1 AND 9999),
    object_id INTEGER NOT NULL REFERENCES objects(id),
    username TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    patronymic TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    comments TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    mobile TEXT NOT NULL DEFAULT '',
    dealer_id INTEGER NOT NULL REFERENCES dealers(id),
    roles TEXT NOT NULL,
    rights TEXT NOT NULL DEFAULT '',
    login_allowed INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL DEFAULT 'LS',
    language TEXT NOT NULL DEFAULT 'en',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- argon2 of lower(md5(login+password)); NULL: no password set, cannot sign in.
    pw_hash TEXT,
    api_token TEXT
);
CREATE INDEX users_dealer ON users(dealer_id);
CREATE TABLE grants(
    login INTEGER NOT NULL REFERENCES users(login),
    object_id INTEGER NOT NULL REFERENCES objects(id),
    level INTEGER NOT NULL CHECK(level BETWEEN 0 AND 4),
    PRIMARY KEY(login, object_id)
);
CREATE INDEX grants_object ON grants(object_id);
CREATE TABLE assessments(
    login INTEGER NOT NULL REFERENCES users(login),
    year INTEGER NOT NULL,
    date TEXT NOT NULL,
    score INTEGER NOT NULL CHECK(score BETWEEN 0 AND 100),
    passed INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY(login, year)
);
CREATE TABLE aggregator_licenses(
    id TEXT PRIMARY KEY,
    login INTEGER NOT NULL REFERENCES users(login),
    product TEXT NOT NULL,
    object_id INTEGER,
    object_name TEXT NOT NULL,
    expires TEXT NOT NULL
);
CREATE TABLE audit(
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    dealer_id INTEGER,
    detail TEXT NOT NULL
);
"#];

pub const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ','now')";

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    pub fn open(path: &Path) -> Result<Db, String> {
        let conn = Connection::open(path).map_err(|e| format!("cannot open database {}: {e}", path.display()))?;
        Self::init(conn).map_err(|e| format!("cannot prepare database {}: {e}", path.display()))
    }

    pub fn open_in_memory() -> Result<Db, String> {
        let conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
        Self::init(conn).map_err(|e| e.to_string())
    }

    fn init(mut conn: Connection) -> rusqlite::Result<Db> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` on the connection in the blocking pool, so the async workers never wait on disk.
    pub async fn call<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> ApiResult<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic elsewhere while holding the lock leaves SQLite consistent (transactions roll
            // back on drop), so a poisoned lock is safe to reuse.
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| ApiError::internal(format!("database task failed: {e}")))?
    }

    /// Synchronous access for seeding and the CLI.
    pub fn with<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let have: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(have as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

pub const USER_COLS: &str = "u.login, u.username, u.first_name, u.last_name, u.patronymic, u.position, \
u.city, u.country, u.comments, u.email, u.phone, u.mobile, u.dealer_id, d.name, u.roles, u.rights, \
u.login_allowed, u.source, u.language, u.version, u.created_at, u.updated_at, u.object_id";

pub const USER_FROM: &str = "users u JOIN dealers d ON d.id = u.dealer_id";

pub fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|x| !x.is_empty())
}

pub fn user_from_row(r: &Row) -> rusqlite::Result<User> {
    let login: i64 = r.get(0)?;
    let roles: String = r.get(14)?;
    let rights: String = r.get(15)?;
    let source: String = r.get(17)?;
    let lang: String = r.get(18)?;
    Ok(User {
        login: Login::new(login as u16)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Integer, Box::new(e)))?,
        username: r.get(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        patronymic: r.get(4)?,
        position: r.get(5)?,
        city: r.get(6)?,
        country: r.get(7)?,
        comments: r.get(8)?,
        email: r.get(9)?,
        phone: r.get(10)?,
        mobile: r.get(11)?,
        dealer_id: r.get(12)?,
        dealer: r.get(13)?,
        roles: split_list(&roles).filter_map(|x| x.parse::<Role>().ok()).collect(),
        rights: split_list(&rights).map(str::to_string).collect(),
        object_groups: Vec::new(),
        login_allowed: r.get::<_, i64>(16)? != 0,
        source: if source == "External" {
            Source::External
        } else {
            Source::Ls
        },
        language: lang.parse().unwrap_or(Language::En),
        version: r.get(19)?,
        created_at: r.get(20)?,
        updated_at: r.get(21)?,
        object_id: r.get::<_, Option<i64>>(22)?.unwrap_or_default(),
    })
}

/// Unit groups the user holds a direct grant on (the card's Object groups tab).
pub fn object_groups(conn: &Connection, login: Login) -> rusqlite::Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT g.object_id FROM grants g JOIN objects o ON o.id = g.object_id \
         WHERE g.login = ?1 AND o.kind = 'unit_group' AND g.level > 0 ORDER BY g.object_id",
    )?;
    let rows = st.query_map([login.get()], |r| r.get(0))?;
    rows.collect()
}

pub fn load_user(conn: &Connection, login: Login) -> rusqlite::Result<Option<User>> {
    let sql = format!("SELECT {USER_COLS} FROM {USER_FROM} WHERE u.login = ?1");
    let mut u = conn
        .prepare_cached(&sql)?
        .query_row([login.get()], user_from_row)
        .optional()?;
    if let Some(u) = u.as_mut() {
        u.object_groups = object_groups(conn, u.login)?;
    }
    Ok(u)
}

pub fn dealers(conn: &Connection) -> rusqlite::Result<Vec<Dealer>> {
    let mut st = conn.prepare_cached("SELECT id, name, parent_id, account_id FROM dealers ORDER BY id")?;
    let rows = st.query_map([], |r| {
        Ok(Dealer {
            id: r.get(0)?,
            name: r.get(1)?,
            parent_id: r.get(2)?,
            account_id: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// Writes one audit row. `detail` must never hold a secret.
pub fn audit(
    conn: &Connection,
    actor: Login,
    action: &str,
    target: &str,
    dealer_id: Option<i64>,
    detail: &serde_json::Value,
) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO audit(at, actor, action, target, dealer_id, detail) VALUES({NOW}, ?1, ?2, ?3, ?4, ?5)"
    ))?
    .execute(params![
        actor.to_string(),
        action,
        target,
        dealer_id,
        detail.to_string()
    ])?;
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
    })
}
