//! SQLite storage: one writing connection behind a mutex, a few read-only connections beside it
//! (WAL lets them read while the writer writes), versioned migrations.
use super::error::{ApiError, ApiResult};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Read-only connections beside the writer: one slow reader holds one of them, not the
/// database (issue #31).
pub const READERS: usize = 4;

/// Migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    r#"
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
"#,
    r#"
-- Issue 17: every row names its change (the rows of one batch share it), its target with the
-- name it had then, the object it touched and that object's dealer, and what it reverts.
ALTER TABLE audit ADD COLUMN change_id INTEGER;
ALTER TABLE audit ADD COLUMN target_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN target_name TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN object_id INTEGER;
ALTER TABLE audit ADD COLUMN object_name TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN object_dealer_id INTEGER;
ALTER TABLE audit ADD COLUMN reverts INTEGER;
UPDATE audit SET change_id = id WHERE change_id IS NULL;
CREATE INDEX audit_change ON audit(change_id);
CREATE INDEX audit_target ON audit(target, id);
CREATE INDEX audit_actor ON audit(actor, id);
CREATE INDEX audit_object ON audit(object_id, id);
CREATE INDEX audit_reverts ON audit(reverts);
CREATE INDEX audit_dealer ON audit(dealer_id, id);
CREATE INDEX audit_object_dealer ON audit(object_dealer_id, id);
CREATE INDEX audit_at ON audit(at);
-- Written at most once a minute per user, on a successful sign-in.
ALTER TABLE users ADD COLUMN last_sign_in TEXT;
"#,
    r#"
-- Issue 20: the data's revision, for ETags and deltas. A row written gets the next revision
-- (`n + 1`) from a trigger, and `pending` says so; the write's commit moves `n` there
-- (`store::bump`), so every row of one write shares the revision its commit publishes.
CREATE TABLE revision(
    id INTEGER PRIMARY KEY CHECK(id = 1),
    n INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0
);
-- A random start: revisions of another database (a restored backup, a new demo) are not
-- mistaken for this one's by a client's tag or `since`.
INSERT INTO revision(id, n) VALUES(1, (abs(random()) % 1000000000) * 1000 + 1000);
ALTER TABLE users ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;
-- When what this user may see last changed (roles, rights, blocking, its grants): a delta the
-- user asks for from before that is answered in full.
ALTER TABLE users ADD COLUMN auth_rev INTEGER NOT NULL DEFAULT 1;
ALTER TABLE objects ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;
CREATE INDEX users_rev ON users(rev);
CREATE INDEX objects_rev ON objects(rev);
CREATE TRIGGER users_ins AFTER INSERT ON users BEGIN
    UPDATE users SET rev = (SELECT n + 1 FROM revision), auth_rev = (SELECT n + 1 FROM revision)
        WHERE login = NEW.login;
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
-- Not `last_sign_in`: a sign-in is no change to publish (`store::record_sign_in` marks the row
-- itself, and the next write publishes it), else every user's first request of a minute would
-- move every tag.
CREATE TRIGGER users_upd AFTER UPDATE OF username, first_name, last_name, patronymic, position, city,
    country, comments, email, phone, mobile, dealer_id, roles, rights, login_allowed, source, language,
    version, api_token, pw_hash ON users BEGIN
    UPDATE users SET rev = (SELECT n + 1 FROM revision) WHERE login = NEW.login;
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
CREATE TRIGGER users_auth AFTER UPDATE OF roles, rights, login_allowed, dealer_id ON users
    WHEN OLD.roles IS NOT NEW.roles OR OLD.rights IS NOT NEW.rights
        OR OLD.login_allowed IS NOT NEW.login_allowed OR OLD.dealer_id IS NOT NEW.dealer_id BEGIN
    UPDATE users SET auth_rev = (SELECT n + 1 FROM revision) WHERE login = NEW.login;
END;
-- A grant changes the user's groups (its row) and what it may see (its authority).
CREATE TRIGGER grants_ins AFTER INSERT ON grants BEGIN
    UPDATE users SET rev = (SELECT n + 1 FROM revision), auth_rev = (SELECT n + 1 FROM revision)
        WHERE login = NEW.login AND auth_rev <> (SELECT n + 1 FROM revision);
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
CREATE TRIGGER grants_upd AFTER UPDATE ON grants BEGIN
    UPDATE users SET rev = (SELECT n + 1 FROM revision), auth_rev = (SELECT n + 1 FROM revision)
        WHERE login = NEW.login AND auth_rev <> (SELECT n + 1 FROM revision);
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
CREATE TRIGGER grants_del AFTER DELETE ON grants BEGIN
    UPDATE users SET rev = (SELECT n + 1 FROM revision), auth_rev = (SELECT n + 1 FROM revision)
        WHERE login = OLD.login AND auth_rev <> (SELECT n + 1 FROM revision);
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
CREATE TRIGGER objects_ins AFTER INSERT ON objects BEGIN
    UPDATE objects SET rev = (SELECT n + 1 FROM revision) WHERE id = NEW.id;
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
CREATE TRIGGER objects_upd AFTER UPDATE OF kind, name, account_id, props ON objects BEGIN
    UPDATE objects SET rev = (SELECT n + 1 FROM revision) WHERE id = NEW.id;
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
-- A unit's groups are part of it (`parent_ids`).
CREATE TRIGGER members_ins AFTER INSERT ON group_members BEGIN
    UPDATE objects SET rev = (SELECT n + 1 FROM revision) WHERE id IN (NEW.unit_id, NEW.group_id);
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
-- A unit leaving a group may leave the view of those who saw it through that group: a delta
-- names it to them, and only to them (`policy::told_of_leaving`).
CREATE TABLE departures(unit_id INTEGER NOT NULL, group_id INTEGER NOT NULL, rev INTEGER NOT NULL);
CREATE INDEX departures_rev ON departures(rev);
CREATE TRIGGER members_del AFTER DELETE ON group_members BEGIN
    UPDATE objects SET rev = (SELECT n + 1 FROM revision) WHERE id IN (OLD.unit_id, OLD.group_id);
    INSERT INTO departures(unit_id, group_id, rev) VALUES(OLD.unit_id, OLD.group_id, (SELECT n + 1 FROM revision));
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
CREATE TRIGGER dealers_ins AFTER INSERT ON dealers BEGIN
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
-- Changes no endpoint makes (a hand edit) still move every tag.
CREATE TRIGGER dealers_upd AFTER UPDATE ON dealers BEGIN
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
CREATE TRIGGER dealers_del AFTER DELETE ON dealers BEGIN
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
CREATE TRIGGER users_del AFTER DELETE ON users BEGIN
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
CREATE TRIGGER objects_del AFTER DELETE ON objects BEGIN
    UPDATE revision SET pending = 1 WHERE pending = 0;
END;
"#,
    r#"
-- Issue 31: hostile insiders.
-- A dealer's user quota (NULL: none), set by the administrator and checked in the create
-- transaction, so one dealer cannot take every free login.
ALTER TABLE dealers ADD COLUMN user_quota INTEGER CHECK(user_quota IS NULL OR user_quota >= 0);
-- Dealers carry the revision that wrote them like users and objects: a caller's tags are the
-- newest revision among the rows it may see, so another dealer's writes do not move them.
ALTER TABLE dealers ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER dealers_rev_ins AFTER INSERT ON dealers BEGIN
    UPDATE dealers SET rev = (SELECT n + 1 FROM revision) WHERE id = NEW.id;
END;
CREATE TRIGGER dealers_rev_upd AFTER UPDATE OF name, parent_id, account_id, user_quota ON dealers BEGIN
    UPDATE dealers SET rev = (SELECT n + 1 FROM revision) WHERE id = NEW.id;
END;
-- A sign-in's mark, apart from `rev`: it rides along in deltas (`rev > s OR sign_rev > s`) but
-- is no change a tag shows, so the write that next publishes a revision (another dealer's) does
-- not turn it into one.
ALTER TABLE users ADD COLUMN sign_rev INTEGER NOT NULL DEFAULT 0;
CREATE INDEX users_sign_rev ON users(sign_rev);
UPDATE users SET sign_rev = rev WHERE rev > (SELECT n FROM revision);
UPDATE revision SET n = n + 1 WHERE EXISTS(SELECT 1 FROM users WHERE rev > (SELECT n FROM revision));
-- The newest revision among one dealer's users, one account's objects: one index step each.
CREATE INDEX users_dealer_rev ON users(dealer_id, rev);
CREATE INDEX objects_account_rev ON objects(account_id, rev);
-- What the objects graph was loaded from moved: a counter every connection (and process) reads
-- alike, so a graph cached by one reader is known stale by all.
ALTER TABLE revision ADD COLUMN graph INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER graph_objects_ins AFTER INSERT ON objects BEGIN
    UPDATE revision SET graph = graph + 1;
END;
CREATE TRIGGER graph_objects_upd AFTER UPDATE OF kind, name, account_id ON objects BEGIN
    UPDATE revision SET graph = graph + 1;
END;
CREATE TRIGGER graph_objects_del AFTER DELETE ON objects BEGIN
    UPDATE revision SET graph = graph + 1;
END;
CREATE TRIGGER graph_members_ins AFTER INSERT ON group_members BEGIN
    UPDATE revision SET graph = graph + 1;
END;
CREATE TRIGGER graph_members_del AFTER DELETE ON group_members BEGIN
    UPDATE revision SET graph = graph + 1;
END;
"#,
    r#"
-- Issue 31: the key that hides revisions and audit ids as they leave the service
-- (`opaque.rs`), kept with the data so the numbers clients hold survive a restart.
CREATE TABLE id_key(id INTEGER PRIMARY KEY CHECK (id = 1), k BLOB NOT NULL);
INSERT INTO id_key(id, k) VALUES(1, randomblob(16));
"#,
];

pub const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ','now')";

/// One connection, and who is using it.
struct Slot {
    conn: Mutex<Connection>,
    /// Stops the statement running on the connection (a request whose client left).
    interrupt: rusqlite::InterruptHandle,
    /// Which call holds the connection now (0: none), so only its own statement is stopped.
    running: Mutex<u64>,
}

impl Slot {
    fn new(conn: Connection) -> Arc<Slot> {
        Arc::new(Slot {
            interrupt: conn.get_interrupt_handle(),
            conn: Mutex::new(conn),
            running: Mutex::new(0),
        })
    }
}

/// The read-only connections and which of them are free. A permit is held per connection in
/// use, so a reader waits its turn in order (tokio's semaphore is fair) rather than spinning.
struct Readers {
    slots: Vec<Arc<Slot>>,
    free: Mutex<Vec<usize>>,
    permits: Arc<tokio::sync::Semaphore>,
}

/// A reader's connection, given back when its call is done (not when its request is dropped:
/// the statement may still be stopping).
struct Lease {
    readers: Arc<Readers>,
    index: usize,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.readers
            .free
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(self.index);
    }
}

#[derive(Clone)]
pub struct Db {
    writer: Arc<Slot>,
    /// No connections for an in-memory database (its connections cannot share it): reads use the writer.
    readers: Arc<Readers>,
    next: Arc<std::sync::atomic::AtomicU64>,
}

/// Held by a waiting call: dropped before the call finished (the request was dropped — its
/// client left or its deadline passed), it interrupts the call's statement, so abandoned work
/// stops and a write rolls back.
struct Abandon {
    id: u64,
    slot: Arc<Slot>,
    finished: bool,
}

impl Drop for Abandon {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // Under the lock the call cannot finish and another begin: only this call is hit.
        let running = self.slot.running.lock().unwrap_or_else(|p| p.into_inner());
        if *running == self.id {
            self.slot.interrupt.interrupt();
            tracing::debug!(call = self.id, "abandoned database work interrupted");
        }
    }
}

/// A read-only connection to the database the writer prepared (WAL is the file's own mode).
fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    c.busy_timeout(std::time::Duration::from_secs(5))?;
    // A read handler that tried to write would fail here, not take the writer's place.
    c.pragma_update(None, "query_only", true)?;
    Ok(c)
}

impl Db {
    pub fn open(path: &Path) -> Result<Db, String> {
        let conn = Connection::open(path).map_err(|e| format!("cannot open database {}: {e}", path.display()))?;
        let mut db = Self::init(conn).map_err(|e| format!("cannot prepare database {}: {e}", path.display()))?;
        let mut slots = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let c = open_reader(path).map_err(|e| format!("cannot open database {} to read: {e}", path.display()))?;
            slots.push(Slot::new(c));
        }
        db.readers = Arc::new(Readers {
            free: Mutex::new((0..slots.len()).collect()),
            permits: Arc::new(tokio::sync::Semaphore::new(slots.len())),
            slots,
        });
        Ok(db)
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
        // Writes made without a commit that publishes them (an older binary, a manual edit).
        super::store::bump(&conn)?;
        Ok(Db {
            writer: Slot::new(conn),
            readers: Arc::new(Readers {
                slots: Vec::new(),
                free: Mutex::new(Vec::new()),
                permits: Arc::new(tokio::sync::Semaphore::new(0)),
            }),
            next: Arc::new(std::sync::atomic::AtomicU64::new(1)),
        })
    }

    /// Runs `f` on the writing connection in the blocking pool, so the async workers never wait
    /// on disk. If the caller stops waiting (the request is dropped), the statement running is
    /// interrupted.
    pub async fn call<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> ApiResult<T> + Send + 'static,
    {
        self.run(self.writer.clone(), None, f).await
    }

    /// Runs `f` on a read-only connection (the writer's, for an in-memory database): reads do
    /// not queue behind writes or behind each other, a slow one holds one connection of
    /// [`READERS`]. `f` cannot write (`PRAGMA query_only`).
    pub async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> ApiResult<T> + Send + 'static,
    {
        if self.readers.slots.is_empty() {
            return self.call(f).await;
        }
        let permit = self
            .readers
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::unavailable("the database is closing"))?;
        let index = self.readers.free.lock().unwrap_or_else(|p| p.into_inner()).pop();
        // A permit is a free connection; without one (it cannot happen) the writer serves.
        let Some(index) = index else {
            drop(permit);
            return self.call(f).await;
        };
        let lease = Lease {
            readers: self.readers.clone(),
            index,
            _permit: permit,
        };
        let slot = self.readers.slots[index].clone();
        self.run(slot, Some(lease), f).await
    }

    async fn run<T, F>(&self, slot: Arc<Slot>, lease: Option<Lease>, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> ApiResult<T> + Send + 'static,
    {
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut abandon = Abandon {
            id,
            slot: slot.clone(),
            finished: false,
        };
        let r = tokio::task::spawn_blocking(move || {
            // Given back after the connection's lock (declared first, dropped last).
            let _lease = lease;
            // A panic elsewhere while holding the lock leaves SQLite consistent (transactions roll
            // back on drop), so a poisoned lock is safe to reuse.
            let mut guard = slot.conn.lock().unwrap_or_else(|p| p.into_inner());
            *slot.running.lock().unwrap_or_else(|p| p.into_inner()) = id;
            let r = f(&mut guard);
            *slot.running.lock().unwrap_or_else(|p| p.into_inner()) = 0;
            r
        })
        .await;
        abandon.finished = true;
        r.map_err(|e| ApiError::internal(format!("database task failed: {e}")))?
    }

    /// Synchronous access for seeding and the CLI.
    pub fn with<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self.writer.conn.lock().unwrap_or_else(|p| p.into_inner());
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// A request dropped while its statement runs stops that statement: the connection is free
    /// for the next request at once, instead of after the abandoned work.
    #[tokio::test]
    async fn abandoned_work_is_interrupted() {
        let db = Db::open_in_memory().expect("db");
        let endless = db.call(|c| {
            Ok(c.query_row(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n",
                [],
                |r| r.get::<_, i64>(0),
            )?)
        });
        assert!(tokio::time::timeout(Duration::from_millis(200), endless).await.is_err());
        let started = Instant::now();
        let one: i64 = tokio::time::timeout(
            Duration::from_secs(10),
            db.call(|c| Ok(c.query_row("SELECT 1", [], |r| r.get(0))?)),
        )
        .await
        .expect("the connection came free")
        .expect("a result");
        assert_eq!(one, 1);
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    }

    /// A read is served on its own connection while the writer is busy, and cannot write.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_go_on_beside_a_busy_writer_and_cannot_write() {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::open(&dir.path().join("t.db")).expect("db");
        let w = db.clone();
        let held = tokio::spawn(async move {
            let endless = w.call(|c| {
                Ok(c.query_row(
                    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n",
                    [],
                    |r| r.get::<_, i64>(0),
                )?)
            });
            let _ = tokio::time::timeout(Duration::from_millis(1500), endless).await;
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        let started = Instant::now();
        let dealers: i64 = db
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM dealers", [], |r| r.get(0))?))
            .await
            .expect("a read beside the writer");
        assert_eq!(dealers, 0);
        assert!(
            started.elapsed() < Duration::from_millis(1000),
            "{:?}",
            started.elapsed()
        );
        let wrote = db
            .read(|c| Ok(c.execute("INSERT INTO dealers(name) VALUES('x')", [])?))
            .await;
        assert!(wrote.is_err(), "a read-only connection wrote");
        held.await.expect("the writer's task");
    }
}
