//! Fairness between dealers when users are made (issue #31): the logins 0001–9999 are shared by
//! every dealer, so one dealer's manager creating users in a loop could take them all. A dealer
//! may have a user quota (set by the administrator, checked in the create transaction), and
//! users of one dealer are created at most [`PER_MINUTE`] a minute.
use crate::error::{ApiError, ApiResult};
use crate::store;
use rusqlite::Connection;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Creations one dealer's users may start a minute (the administrator's are not counted: it
/// sets the quotas, and imports for dealers).
pub const PER_MINUTE: usize = 60;
const WINDOW: Duration = Duration::from_secs(60);

/// Refuses a new user of `dealer_id` when the dealer holds its quota already (409 `limit`,
/// naming the dealer and its quota). Asked inside the create's transaction, after the policy:
/// only a caller who may create users of that dealer learns its quota.
pub fn within_quota(c: &Connection, dealer_id: i64) -> ApiResult<()> {
    match store::quota(c, dealer_id)? {
        Some(q) if q.full() => Err(ApiError::limit(format!(
            "dealer '{}' (id {}) has {} users and its quota is {}: the administrator may raise it; nothing was changed",
            ls_domain::text::visible(&q.name),
            q.dealer_id,
            q.users,
            q.quota.unwrap_or_default()
        ))
        .field("dealer_id")),
        _ => Ok(()),
    }
}

/// The creations each dealer started within the last minute.
#[derive(Default)]
pub struct Creations(Mutex<HashMap<i64, VecDeque<Instant>>>);

impl Creations {
    /// Counts one creation for `dealer_id`, or says how long until the oldest leaves the window.
    pub fn take(&self, dealer_id: i64) -> Result<(), Duration> {
        let now = Instant::now();
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let q = m.entry(dealer_id).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            q.pop_front();
        }
        if q.len() >= PER_MINUTE {
            let oldest = q.front().copied().unwrap_or(now);
            return Err(WINDOW.saturating_sub(now.duration_since(oldest)));
        }
        q.push_back(now);
        Ok(())
    }
}

/// The 429 of a dealer creating users faster than [`PER_MINUTE`] a minute.
pub fn too_fast(wait: Duration) -> ApiError {
    let secs = wait.as_secs().max(1);
    ApiError::too_many(format!(
        "users of one dealer are created at most {PER_MINUTE} a minute: try again in {secs} s; nothing was changed"
    ))
    .retry_after(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dealer_creates_at_most_per_minute_and_others_are_not_held() {
        let c = Creations::default();
        for _ in 0..PER_MINUTE {
            assert!(c.take(7).is_ok());
        }
        let wait = c.take(7).expect_err("the 61st within a minute");
        assert!(wait <= WINDOW && wait > Duration::from_secs(50), "{wait:?}");
        assert!(c.take(8).is_ok(), "another dealer is not held");
    }
}
