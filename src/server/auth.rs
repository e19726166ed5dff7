//! Authentication by the `usr` header. The server keeps only an argon2 hash of hPassword and
//! caches verified headers briefly so argon2 does not run on every request.
use super::ctx::Session;
use super::error::ApiError;
use super::store;
use super::AppState;
use crate::domain::usr::{md5_hex, parse_usr};
use crate::domain::{policy, Login};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const CACHE_TTL: Duration = Duration::from_secs(300);
const FAILED: &str = "authentication failed: the login, password or API token is wrong";

/// argon2 hash of hPassword (`lower(md5(login+password))`).
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

/// Failed sign-ins in a row per login. From the fifth on, every answer for that login (right or
/// wrong) waits, doubling up to a few seconds, so guessing is slow; a success clears it. The wait
/// is per login, so one attacker cannot slow down everyone.
#[derive(Default)]
pub struct FailureLimiter {
    map: Mutex<HashMap<Login, (u32, Instant)>>,
}

/// Failures before answers slow down, and how long a streak is remembered.
const FREE_FAILURES: u32 = 4;
const STREAK_TTL: Duration = Duration::from_secs(900);

impl FailureLimiter {
    /// How long to wait before answering for `login`.
    pub fn delay(&self, login: Login) -> Duration {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(&login) {
            Some((n, at)) if *n > FREE_FAILURES && at.elapsed() < STREAK_TTL => {
                let steps = (*n - FREE_FAILURES - 1).min(4);
                Duration::from_millis(250 << steps)
            }
            _ => Duration::ZERO,
        }
    }
    pub fn failed(&self, login: Login) -> u32 {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, (_, at)| at.elapsed() < STREAK_TTL);
        }
        let e = map.entry(login).or_insert((0, Instant::now()));
        if e.1.elapsed() >= STREAK_TTL {
            e.0 = 0;
        }
        e.0 += 1;
        e.1 = Instant::now();
        e.0
    }
    pub fn succeeded(&self, login: Login) {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).remove(&login);
    }
}

/// An argon2 hash of nothing anyone sends, checked when the login is unknown or has no
/// password, so such answers take as long as a wrong password.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_h_password("no such user").unwrap_or_default())
}

/// Verified (login, hPassword) pairs → the stored hash they were checked against, and when.
#[derive(Default)]
pub struct AuthCache {
    map: Mutex<HashMap<(Login, String), (String, Instant)>>,
}

impl AuthCache {
    fn hit(&self, login: Login, hp: &str, stored: &str) -> bool {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&(login, hp.to_string()))
            .is_some_and(|(s, at)| s == stored && at.elapsed() < CACHE_TTL)
    }
    fn put(&self, login: Login, hp: &str, stored: &str) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, (_, at)| at.elapsed() < CACHE_TTL);
        }
        map.insert((login, hp.to_string()), (stored.to_string(), Instant::now()));
    }
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
        let wait = state.failures.delay(login);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        let refuse = |state: &AppState, why: &str| {
            let n = state.failures.failed(login);
            if n > FREE_FAILURES {
                tracing::warn!(login = %login, failures = n, "sign-in failed ({why}); answers for this login are slowed down");
                ApiError::unauthorized(format!(
                    "{FAILED} ({n} failed sign-ins for {login} in a row: answers are slowed down)"
                ))
            } else {
                tracing::warn!(login = %login, failures = n, "sign-in failed ({why})");
                ApiError::unauthorized(FAILED)
            }
        };
        let row = state.db.call(move |c| Ok(store::sign_in(c, login)?)).await?;
        let (known, pw_hash, token, allowed) = match row {
            Some(s) => (true, s.pw_hash, s.token, s.login_allowed),
            None => (false, None, None, false),
        };
        // Check both parts whatever the first gave, and run argon2 even for an unknown login or
        // one without a password, so timing does not tell which part was wrong or who exists.
        let token_ok = token
            .as_deref()
            .map(|t| ct_eq(md5_hex(t).as_bytes(), p.h_token.as_bytes()))
            .unwrap_or(false);
        let pw_ok = match pw_hash {
            Some(stored) if state.auth_cache.hit(login, &p.h_password, &stored) => true,
            stored => {
                let hp = p.h_password.clone();
                let real = stored.is_some();
                let st = stored.clone().unwrap_or_else(|| dummy_hash().to_string());
                let ok = tokio::task::spawn_blocking(move || verify_h_password(&hp, &st))
                    .await
                    .unwrap_or(false)
                    && real;
                if let (true, Some(stored)) = (ok, stored) {
                    state.auth_cache.put(login, &p.h_password, &stored);
                }
                ok
            }
        };
        if !known {
            return Err(refuse(state, "unknown login"));
        }
        if !(token_ok && pw_ok) {
            return Err(refuse(state, "wrong password or token"));
        }
        state.failures.succeeded(login);
        if !allowed {
            return Err(ApiError::from(policy::Denied::from(policy::Reason::Blocked(login))));
        }
        Ok(Session { login })
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
}
