//! Authentication by the `usr` header. The server keeps only an argon2 hash of hPassword.
//!
//! What an attacker meets: argon2 runs on a few threads of its own (sized from the machine and a
//! memory ceiling), so a flood of bad headers costs bounded memory and never queues the
//! database; beyond what those threads can take the answer is 503 at once. Failures spend a
//! budget per login and client address, and per address, taken before any work and given back
//! when the header was right: once spent, guesses get 429 without being checked. A login that
//! signed in from an address keeps an allowance of its own there, which strangers' failures at
//! that address do not spend. A header verified before is recognised from a cache without
//! argon2 or budget — keyed by the whole header, so a right password with a wrong token costs
//! as much as any failure. The same header arriving while it is being verified waits for that
//! answer instead of a run of its own. A signed-in request leaves a [`Proof`] in its extensions,
//! which a long-lived answer checks again while it runs, and spends its login's request budget
//! ([`crate::budget`]).
use super::budget::{self, Cost};
use super::ctx::{Proof, Session};
use super::error::ApiError;
pub use super::hashing::{Busy, HashPool, Work};
use super::listen::ClientAddr;
use super::store;
use super::AppState;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use ls_domain::usr::{md5_hex, parse_usr, UsrParts};
use ls_domain::{policy, Login};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::watch;

// The failure budget, in its own file; its items keep their paths here.
mod failures;
pub use failures::{Budget, Charge};

const CACHE_TTL: Duration = Duration::from_secs(300);
const FAILED: &str = "authentication failed: the login, password or API token is wrong";

/// argon2 hash of hPassword (`lower(md5(login+password))`). Runs argon2: call it through the
/// [`HashPool`].
pub fn hash_h_password(h_password: &str) -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let salt = SaltString::encode_b64(&bytes).map_err(|e| ApiError::internal(format!("cannot make a salt: {e}")))?;
    Argon2::default()
        .hash_password(h_password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::internal(format!("cannot hash password: {e}")))
}

fn verify_h_password(h_password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| Argon2::default().verify_password(h_password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// Compares without an early exit, so timing does not tell how much of a secret matched.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

// ---------------------------------------------------------------- verified headers

/// The secrets a cached header was verified against: it stays good only while they do.
#[derive(Clone, PartialEq, Eq)]
struct Verified {
    pw_hash: String,
    token: String,
    at: Instant,
}

/// Verified headers: (login, hPassword, hToken) → the stored secrets they matched, and when.
#[derive(Default)]
pub struct AuthCache {
    map: Mutex<HashMap<(Login, String, String), Verified>>,
    /// Headers being verified now.
    verifying: Verifying,
}

impl AuthCache {
    fn hit(&self, login: Login, hp: &str, ht: &str, pw_hash: &str, token: &str) -> bool {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&(login, hp.to_string(), ht.to_string()))
            .is_some_and(|v| v.pw_hash == pw_hash && v.token == token && v.at.elapsed() < CACHE_TTL)
    }
    fn put(&self, login: Login, hp: &str, ht: &str, pw_hash: &str, token: &str) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, v| v.at.elapsed() < CACHE_TTL);
        }
        map.insert(
            (login, hp.to_string(), ht.to_string()),
            Verified {
                pw_hash: pw_hash.to_string(),
                token: token.to_string(),
                at: Instant::now(),
            },
        );
    }
}

// ---------------------------------------------------------------- verifications under way

type HeaderKey = (Login, String, String);

/// How a verification ended, for the same header arriving meanwhile (`None`: not yet). `Ok`:
/// the header is right and remembered in the [`AuthCache`]; `Err`: the answer it got.
type Outcome = Option<Result<(), ApiError>>;

/// Headers being verified now. The same header arriving meanwhile — a console's first requests
/// in parallel, several clients of one login starting together — waits for that answer instead
/// of spending the failure budget and an argon2 run again: with the hashing pool's few places
/// (three on two cores) eight such requests at once had five answered 503 (issue #31's load
/// bench: 50 of 80 failed). Entries live only while their verification runs.
#[derive(Default)]
struct Verifying {
    map: Mutex<HashMap<HeaderKey, watch::Receiver<Outcome>>>,
}

enum Turn<'a> {
    Lead(Leading<'a>),
    Follow(watch::Receiver<Outcome>),
}

/// The first request with a header: verifies it and tells the others. Dropped unfinished (its
/// client left), the others are told nothing and verify for themselves.
struct Leading<'a> {
    owner: &'a Verifying,
    key: HeaderKey,
    tx: watch::Sender<Outcome>,
}

impl Verifying {
    fn join(&self, key: HeaderKey) -> Turn<'_> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(rx) = map.get(&key) {
            return Turn::Follow(rx.clone());
        }
        let (tx, rx) = watch::channel(None);
        map.insert(key.clone(), rx);
        Turn::Lead(Leading { owner: self, key, tx })
    }
}

impl Leading<'_> {
    fn finish(self, r: &Result<(), ApiError>) {
        self.tx.send_replace(Some(r.clone()));
    }
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        // Only the leader inserts under its key while it runs, so the entry is its own.
        self.owner
            .map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.key);
    }
}

/// What the leader's verification ended in; `None` when it went away unfinished.
async fn outcome_of(mut rx: watch::Receiver<Outcome>) -> Outcome {
    match rx.wait_for(|o| o.is_some()).await {
        Ok(v) => (*v).clone(),
        Err(_) => None,
    }
}

/// An argon2 hash of nothing anyone sends, checked when the login is unknown or has no
/// password, so such answers take as long as a wrong password.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_h_password("no such user").unwrap_or_default())
}

/// The stored sign-in secrets of a login, as read for this request.
struct Stored {
    exists: bool,
    pw_hash: Option<String>,
    token: Option<String>,
}

/// Checks a header that is not remembered: the failure budget first, then the token and argon2
/// (even for an unknown login or one without a password, so timing tells nothing); a right
/// header gives its attempt back and is remembered. `Ok`: the header is right (whether the
/// login may sign in is the caller's to check).
async fn verify(state: &AppState, p: &UsrParts, addr: IpAddr, s: &Stored) -> Result<(), ApiError> {
    let login = p.login;
    let charge = match state.budget.take(login, addr) {
        Ok(c) => c,
        Err(wait) => {
            tracing::warn!(login = %login, %addr, "sign-in refused unchecked: failure budget spent");
            let secs = wait.as_secs().max(1);
            return Err(
                ApiError::too_many(format!("too many failed sign-ins for {login}: try again in {secs} s"))
                    .retry_after(secs),
            );
        }
    };
    // Check both parts whatever the first gave, and run argon2 even for an unknown login or
    // one without a password, so timing does not tell which part was wrong or who exists.
    let token_ok = s
        .token
        .as_deref()
        .map(|t| ct_eq(md5_hex(t).as_bytes(), p.h_token.as_bytes()))
        .unwrap_or(false);
    let hp = p.h_password.clone();
    let stored = s.pw_hash.clone().unwrap_or_else(|| dummy_hash().to_string());
    let known = state.budget.known(login, addr);
    let pw_ok = match state
        .hashes
        .run_as(Work::SignIn, known, move || verify_h_password(&hp, &stored))
        .await
    {
        Ok(ok) => ok && s.pw_hash.is_some(),
        Err(busy) => {
            // Not a guess: nothing was checked.
            state.budget.unspend(charge);
            return Err(busy.into());
        }
    };
    if !(s.exists && token_ok && pw_ok) {
        tracing::warn!(login = %login, %addr, "sign-in failed");
        return Err(ApiError::unauthorized(FAILED));
    }
    state.budget.refund(charge);
    if let (Some(pw), Some(tok)) = (&s.pw_hash, &s.token) {
        state.auth_cache.put(login, &p.h_password, &p.h_token, pw, tok);
    }
    Ok(())
}

/// Charges a proved login its share of the request budget: what the edge priced the request at.
fn spend(state: &AppState, parts: &Parts, login: Login) -> Result<(), ApiError> {
    let cost = parts.extensions.get::<Cost>().map_or(1.0, |c| c.0);
    state.rates.take_login(login, cost).map_err(|wait| {
        // Debug, not warn: a flood would write a line per refused request.
        tracing::debug!(login = %login, "request refused: the login's request budget is spent");
        budget::refusal(&format!("login {login}"), wait)
    })
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get("usr") else {
            return Err(ApiError::unauthorized(
                "missing usr header: send usr = Base64(login;md5(login+password);md5(token))",
            ));
        };
        let value = value
            .to_str()
            .map_err(|_| ApiError::unauthorized("the usr header is not ASCII text"))?;
        let p = parse_usr(value).map_err(|e| ApiError::unauthorized(e.to_string()))?;
        if p.user_name != p.login.to_string() {
            return Err(ApiError::unauthorized(format!(
                "the usr header's user name must be the 4-digit login '{}', not '{}'",
                p.login, p.user_name
            )));
        }
        let login = p.login;
        // The client as the accept loop resolved it (a trusted proxy's X-Forwarded-For), else
        // the peer.
        let addr = match parts.extensions.get::<ClientAddr>() {
            Some(c) => c.0,
            None => parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip()),
        };
        // On a read connection: every request signs in, and none should wait behind a write.
        let row = state.db.read(move |c| Ok(store::sign_in(c, login)?)).await?;
        let stored = Stored {
            exists: row.is_some(),
            pw_hash: row.as_ref().and_then(|s| s.pw_hash.clone()),
            token: row.as_ref().and_then(|s| s.token.clone()),
        };
        let allowed = row.as_ref().is_some_and(|s| s.login_allowed);
        // A header verified before, against the secrets stored now: no argon2, no budget.
        let remembered = || match (&stored.pw_hash, &stored.token) {
            (Some(pw), Some(tok)) => state.auth_cache.hit(login, &p.h_password, &p.h_token, pw, tok),
            _ => false,
        };
        if !remembered() {
            match state
                .auth_cache
                .verifying
                .join((login, p.h_password.clone(), p.h_token.clone()))
            {
                Turn::Lead(lead) => {
                    let r = verify(state, &p, addr, &stored).await;
                    lead.finish(&r);
                    r?;
                }
                Turn::Follow(rx) => match outcome_of(rx).await {
                    // The same header, the same answer: no second guess is counted.
                    Some(Err(e)) => return Err(e),
                    Some(Ok(())) if remembered() => {}
                    // The leader went away unfinished, or the secrets changed meanwhile.
                    _ => verify(state, &p, addr, &stored).await?,
                },
            }
        }
        if !allowed {
            return Err(ApiError::from(policy::Denied::from(policy::Reason::Blocked(login))));
        }
        // What a long-lived answer re-checks: the header's secrets against the stored ones.
        if let Some(pw) = &stored.pw_hash {
            parts.extensions.insert(Proof {
                login,
                pw_hash: pw.clone(),
                h_token: p.h_token.clone(),
            });
        }
        spend(state, parts, login)?;
        note_sign_in(state, login).await;
        Ok(Session { login })
    }
}

/// How often a login's sign-in is written at most: every request signs in, and a write per
/// request would make reads into writes.
const SIGN_IN_EVERY: Duration = Duration::from_secs(60);

/// Records `login`'s successful sign-in, unless it was recorded within the last minute.
async fn note_sign_in(state: &AppState, login: Login) {
    let now = Instant::now();
    {
        let mut seen = state.sign_ins.lock().unwrap_or_else(|p| p.into_inner());
        if seen.get(&login).is_some_and(|t| now.duration_since(*t) < SIGN_IN_EVERY) {
            return;
        }
        seen.insert(login, now);
        if seen.len() > 2 * ls_domain::MAX_LOGIN as usize {
            seen.retain(|_, t| now.duration_since(*t) < SIGN_IN_EVERY);
        }
    }
    let users = state.caches.users.clone();
    let recorded = state
        .db
        .call(move |c| {
            store::record_sign_in(c, login)?;
            Ok(users.refresh(c, login)?)
        })
        .await;
    if let Err(e) = recorded {
        tracing::warn!(login = %login, error = %e.message, "cannot record a sign-in");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon_round_trip() {
        let h = hash_h_password("abc").unwrap();
        assert!(h.starts_with("$argon2"));
        assert!(verify_h_password("abc", &h));
        assert!(!verify_h_password("abd", &h));
        assert!(!verify_h_password("abc", "garbage"));
    }

    #[test]
    fn constant_time_eq() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }

    #[tokio::test]
    async fn the_same_header_at_once_is_verified_once() {
        let v = Verifying::default();
        let key = || (Login::new(4).unwrap(), "hp".to_string(), "ht".to_string());
        let Turn::Lead(lead) = v.join(key()) else {
            panic!("the first request leads")
        };
        let Turn::Follow(rx) = v.join(key()) else {
            panic!("the same header meanwhile follows")
        };
        let other = v.join((Login::new(5).unwrap(), "hp".into(), "ht".into()));
        assert!(matches!(other, Turn::Lead(_)), "another header has its own turn");
        lead.finish(&Err(ApiError::unauthorized("no")));
        let got = outcome_of(rx).await;
        assert!(matches!(got, Some(Err(e)) if e.code == ls_api::ErrorCode::Unauthorized));
        assert!(
            matches!(v.join(key()), Turn::Lead(_)),
            "done: the next one verifies afresh"
        );
        // A leader gone unfinished (its client left) tells its followers nothing.
        let Turn::Lead(gone) = v.join(key()) else {
            panic!("leads")
        };
        let Turn::Follow(rx) = v.join(key()) else {
            panic!("follows")
        };
        drop(gone);
        assert!(outcome_of(rx).await.is_none());
    }
}
