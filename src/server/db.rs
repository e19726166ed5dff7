//! SQLite storage: one connection behind a mutex (one writer), WAL, versioned migrations.
use super::error::{ApiError, ApiResult};
use rusqlite::Connection;
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
