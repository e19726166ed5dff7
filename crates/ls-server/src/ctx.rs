//! The caller as a request sees it: who it is (a `policy::Actor`) and its levels, loaded inside
//! the request's own transaction, so that a check and the write it guards see the same rows.
use super::error::{ApiError, ApiResult};
use super::store::{self, Cached};
use super::AppState;
use ls_domain::graph::Graph;
use ls_domain::policy::{self, Actor, Levels, Obj, Policy};
use ls_domain::{AccessLevel, DealerTree, Login, User};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::collections::HashMap;
use std::sync::Arc;

/// A signed-in caller: what the `usr` header proved. What it may do is loaded per request.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub login: Login,
}

/// What a signed-in request proved, kept to prove it again: a long-lived answer (the event
/// stream) re-checks it while it runs ([`AppState::while_signed_in`]).
#[derive(Clone)]
pub struct Proof {
    pub login: Login,
    /// The stored password hash the header's hPassword was verified against: while the stored
    /// one is this very hash, the header's password verifies as it did (argon2 would agree).
    pub pw_hash: String,
    /// The header's md5 of the API token, checked against the stored token afresh each time.
    pub h_token: String,
}

impl std::fmt::Debug for Proof {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secrets, even hashed: debug output reaches logs.
        f.debug_struct("Proof")
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

impl Proof {
    /// The checks of a fresh request, without argon2: the login exists and may sign in, its
    /// password hash is the one verified, and its token still matches the header.
    pub async fn check(&self, st: &AppState) -> ApiResult<()> {
        let login = self.login;
        let row = st.db.read(move |c| Ok(store::sign_in(c, login)?)).await?;
        let failed = || ApiError::unauthorized("authentication failed: the login, password or API token is wrong");
        let Some(row) = row else { return Err(failed()) };
        let same_password = row
            .pw_hash
            .as_deref()
            .is_some_and(|h| crate::auth::ct_eq(h.as_bytes(), self.pw_hash.as_bytes()));
        let same_token = row
            .token
            .as_deref()
            .is_some_and(|t| crate::auth::ct_eq(ls_domain::usr::md5_hex(t).as_bytes(), self.h_token.as_bytes()));
        if !(same_password && same_token) {
            return Err(failed());
        }
        if !row.login_allowed {
            return Err(policy::Denied::from(policy::Reason::Blocked(login)).into());
        }
        Ok(())
    }
}

/// How often a long-lived answer proves its caller again when nothing is written meanwhile
/// (a change made by another process, or by hand, is seen this late at most).
pub const RECHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

impl AppState {
    /// `stream`, for as long as `proof` holds: proved again at once after each write that
    /// audited (a renewal, a block) and every [`RECHECK_EVERY`] otherwise, so the answer ends
    /// within seconds of its credentials ceasing to work, whatever the reason.
    pub fn while_signed_in<S>(
        &self,
        proof: Proof,
        stream: S,
    ) -> impl futures_util::Stream<Item = S::Item> + Send + 'static
    where
        S: futures_util::Stream + Send + 'static,
    {
        let st = self.clone();
        let revoked = async move {
            let mut writes = st.events.subscribe();
            loop {
                if let Ok(Err(_)) = tokio::time::timeout(RECHECK_EVERY, writes.changed()).await {
                    // No more writes will be announced: the clock alone.
                    tokio::time::sleep(RECHECK_EVERY).await;
                }
                match proof.check(&st).await {
                    Ok(()) => {}
                    // The database busy for a moment proves nothing either way.
                    Err(e) if e.code == ls_api::ErrorCode::Unavailable => {}
                    Err(e) => {
                        tracing::info!(login = %proof.login, reason = %e.message, "a long-lived answer ended: its credentials no longer hold");
                        return;
                    }
                }
            }
        };
        futures_util::StreamExt::take_until(stream, revoked)
    }
}

/// What the service keeps in memory between requests, until a write changes it.
#[derive(Clone, Default)]
pub struct Caches {
    pub graph: Cached<Graph>,
    pub users: UsersCache,
    /// Each caller's actor and grants as of a revision: a request at the same revision (nothing
    /// written since) takes them from here instead of reading its user and grants again.
    actors: Arc<std::sync::Mutex<HashMap<Login, KeptActor>>>,
    /// The database's key for the numbers it hands out, read once.
    ids: Arc<std::sync::OnceLock<crate::opaque::Opaque>>,
}

impl Caches {
    fn ids(&self, c: &Connection) -> rusqlite::Result<crate::opaque::Opaque> {
        if let Some(o) = self.ids.get() {
            return Ok(o.clone());
        }
        let o = crate::opaque::Opaque::load(c)?;
        Ok(self.ids.get_or_init(|| o).clone())
    }
}

/// Every user, as of a revision: a read at a newer one re-reads only the users written since
/// (a card save costs one row, not 9,999), or all of them after a bulk change.
#[derive(Clone, Default)]
pub struct UsersCache(Arc<std::sync::Mutex<Option<UsersAt>>>);

/// The users list and the revision it shows (`None`: unpublished rows existed, so not reused).
type UsersAt = (Option<i64>, Arc<Vec<User>>);

/// A caller's actor and direct grants, and the revision they were read at.
type KeptActor = (i64, Actor, Arc<HashMap<i64, AccessLevel>>);

impl UsersCache {
    /// More users written than this since the list held: it is read whole again.
    const PATCH_AT_MOST: usize = 500;

    pub fn get(&self, c: &Connection) -> rusqlite::Result<Arc<Vec<User>>> {
        let now = store::revision(c)?;
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let (Some((Some(at), list)), Some(r)) = (g.as_ref(), now) {
            if *at == r {
                return Ok(list.clone());
            }
            let changed = store::users_changed(c, *at)?;
            if changed.len() <= Self::PATCH_AT_MOST {
                // Patched in place unless a request still holds this list (then copied).
                let mut all = list.clone();
                *g = None;
                let list = Arc::make_mut(&mut all);
                for l in changed {
                    let Some(u) = ls_domain::Login::new(l as u16)
                        .ok()
                        .and_then(|l| store::load_user(c, l).transpose())
                    else {
                        continue;
                    };
                    let u = u?;
                    match list.binary_search_by_key(&u.login, |x| x.login) {
                        Ok(i) => list[i] = u,
                        Err(i) => list.insert(i, u),
                    }
                }
                *g = Some((now, all.clone()));
                return Ok(all);
            }
        }
        let all = Arc::new(store::all_users(c)?);
        *g = Some((now, all.clone()));
        Ok(all)
    }

    pub fn invalidate(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Re-reads one user into the list held, at the same revision (a sign-in: no change
    /// published, but the list shows its time).
    pub fn refresh(&self, c: &Connection, login: ls_domain::Login) -> rusqlite::Result<()> {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let Some((_, all)) = g.as_mut() else { return Ok(()) };
        if let Some(u) = store::load_user(c, login)? {
            let list = Arc::make_mut(all);
            if let Ok(i) = list.binary_search_by_key(&login, |x| x.login) {
                list[i] = u;
            }
        }
        Ok(())
    }
}

/// The actor and its levels, as of the transaction they were loaded in.
pub struct Ctx {
    pub actor: Actor,
    pub graph: Arc<Graph>,
    /// The actor's direct grants (none for an administrator, who manages everything).
    direct: Arc<HashMap<i64, AccessLevel>>,
    /// The data's revision this caller was loaded at (`None`: unpublished rows exist); in a
    /// read, the newest revision among the rows the caller may see.
    pub revision: Option<i64>,
    /// Hides revisions and audit ids as they leave (`opaque.rs`).
    pub ids: crate::opaque::Opaque,
}

impl Levels for Ctx {
    fn granted(&self, id: i64) -> AccessLevel {
        self.graph.effective(id, &self.direct).0
    }
}

impl Ctx {
    pub fn load(c: &Connection, caches: &Caches, login: Login) -> ApiResult<Ctx> {
        // The revision first: a commit by another process in between makes the caches newer
        // than the tag (answered again next time), never older. Each cache is keyed by a
        // counter in the database, so another connection's or process's commits are seen too.
        let revision = store::revision(c)?;
        let graph = caches.graph.get(c, store::graph_revision(c)?, store::load_graph)?;
        let hit = revision.and_then(|r| {
            let m = caches.actors.lock().unwrap_or_else(|p| p.into_inner());
            m.get(&login)
                .filter(|(at, ..)| *at == r)
                .map(|(_, a, d)| (a.clone(), d.clone()))
        });
        let (actor, direct) = match hit {
            Some(v) => v,
            None => {
                let user = store::load_user(c, login)?.ok_or_else(|| {
                    ApiError::unauthorized("authentication failed: the login, password or API token is wrong")
                })?;
                let dealers = Arc::new(DealerTree::new(&store::dealers(c)?));
                let actor = Actor::new(user, dealers);
                let direct = Arc::new(if actor.is_admin() {
                    HashMap::new()
                } else {
                    store::direct_of(c, login)?
                });
                if let Some(r) = revision {
                    let mut m = caches.actors.lock().unwrap_or_else(|p| p.into_inner());
                    // Entries of older revisions are useless: dropped as a new one comes.
                    m.retain(|_, (at, ..)| *at == r);
                    m.insert(login, (r, actor.clone(), direct.clone()));
                }
                (actor, direct)
            }
        };
        policy::sign_in(&actor.user)?;
        Ok(Ctx {
            actor,
            graph,
            direct,
            revision,
            ids: caches.ids(c)?,
        })
    }

    pub fn policy(&self) -> Policy<'_, Ctx> {
        Policy::new(&self.actor, self)
    }

    /// Object `id` as the policy takes it (`None`: no such object).
    pub fn obj(&self, id: i64) -> Option<Obj<'_>> {
        self.graph.get(id).map(|n| Obj {
            id: n.id,
            kind: n.kind,
            account_id: n.account_id,
            name: &n.name,
        })
    }

    /// The dealer owning the account an object sits in.
    pub fn dealer_of(&self, o: &Obj) -> Option<i64> {
        o.account_id.and_then(|a| self.actor.dealers.dealer_of_account(a))
    }
}

/// A write transaction, and which caches its commit makes stale.
pub struct Write<'c> {
    pub tx: Transaction<'c>,
    graph: bool,
    /// The change id of this write's audit rows: the first row's id.
    change: std::cell::Cell<Option<i64>>,
    /// The change this write undoes, recorded on each of its rows.
    pub reverts: Option<i64>,
}

impl Write<'_> {
    /// Writes an audit row of this write's change, by `actor`.
    pub fn audit(&self, actor: Login, row: store::NewRow) -> rusqlite::Result<()> {
        let id = store::insert_audit(&self.tx, actor, &row, self.change.get(), self.reverts)?;
        if self.change.get().is_none() {
            self.change.set(Some(id));
        }
        Ok(())
    }
    /// The change id of the rows written so far (`None`: nothing audited yet).
    pub fn change_id(&self) -> Option<i64> {
        self.change.get()
    }
    /// Objects or group members changed: the graph is read again.
    pub fn graph_changed(&mut self) {
        self.graph = true;
    }
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl AppState {
    /// Runs a read for `s` with its actor loaded, on one of the read-only connections, in one
    /// snapshot (the writer commits beside it). Its `revision` is the caller's own: the newest
    /// among the rows it may see ([`crate::fresh::seen_revision`]).
    pub async fn read<T, F>(&self, s: Session, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &Ctx) -> ApiResult<T> + Send + 'static,
    {
        let caches = self.caches.clone();
        self.db
            .read(move |c| {
                let tx = c.transaction()?;
                let mut ctx = Ctx::load(&tx, &caches, s.login)?;
                ctx.revision = crate::fresh::seen_revision(&tx, &ctx)?;
                f(&tx, &ctx)
            })
            .await
    }

    /// Runs a write for `s` in one immediate transaction: the actor, the policy's checks and the
    /// write all see the same rows, and a refusal writes nothing.
    pub async fn write<T, F>(&self, s: Session, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Write, &Ctx) -> ApiResult<T> + Send + 'static,
    {
        let caches = self.caches.clone();
        let events = self.events.clone();
        self.db
            .call(move |c| {
                let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let ctx = Ctx::load(&tx, &caches, s.login)?;
                let mut w = Write {
                    tx,
                    graph: false,
                    change: Default::default(),
                    reverts: None,
                };
                let out = f(&mut w, &ctx)?;
                let Write { tx, graph, change, .. } = w;
                // Read in the transaction: its rows are the newest until it commits.
                let last = match change.get() {
                    Some(_) => Some(store::last_audit_id(&tx)?),
                    None => None,
                };
                store::bump(&tx)?;
                tx.commit()?;
                if let Some(last) = last {
                    // Event streams read what was written from here.
                    events.send_replace(last);
                }
                if graph {
                    caches.graph.invalidate();
                }
                Ok(out)
            })
            .await
    }
}
