//! Authentication by the `usr` header. The server keeps only an argon2 hash of hPassword and
//! caches verified headers briefly so argon2 does not run on every request.
use super::authz::Caller;
use super::db;
use super::error::ApiError;
use super::AppState;
use crate::domain::usr::{md5_hex, parse_usr};
use crate::domain::Login;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rusqlite::OptionalExtension;
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

impl FromRequestParts<AppState> for Caller {
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
        let row = state
            .db
            .call(move |c| {
                let secrets: Option<(Option<String>, Option<String>)> = c
                    .query_row(
                        "SELECT pw_hash, api_token FROM users WHERE login = ?1",
                        [login.get()],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let Some(secrets) = secrets else {
                    return Ok(None);
                };
                let user = db::load_user(c, login)?;
                let dealers = db::dealers(c)?;
                Ok(user.map(|u| (u, secrets, dealers)))
            })
            .await?;
        let Some((user, (pw_hash, token), dealers)) = row else {
            tracing::warn!(login = %login, "sign-in failed: unknown login");
            return Err(ApiError::unauthorized(FAILED));
        };
        // Check both parts whatever the first gave, so timing does not tell which was wrong.
        let token_ok = token
            .as_deref()
            .map(|t| ct_eq(md5_hex(t).as_bytes(), p.h_token.as_bytes()))
            .unwrap_or(false);
        let pw_ok = match pw_hash {
            Some(stored) if state.auth_cache.hit(login, &p.h_password, &stored) => true,
            Some(stored) => {
                let hp = p.h_password.clone();
                let st = stored.clone();
                let ok = tokio::task::spawn_blocking(move || verify_h_password(&hp, &st))
                    .await
                    .unwrap_or(false);
                if ok {
                    state.auth_cache.put(login, &p.h_password, &stored);
                }
                ok
            }
            None => false,
        };
        if !(token_ok && pw_ok) {
            tracing::warn!(login = %login, "sign-in failed: wrong password or token");
            return Err(ApiError::unauthorized(FAILED));
        }
        if !user.login_allowed {
            return Err(ApiError::forbidden(format!(
                "user {login} is blocked: Login allowed is unchecked on the card"
            )));
        }
        Ok(Caller::new(user, &dealers))
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
