//! Request-rate budgets (issue #31): every request spends from a token bucket of its client
//! address (as the accept loop resolved it, trusted proxies included) before any work, and a
//! signed-in one also from its login's bucket once the `usr` header is proved; scans — the lists
//! that walk every user, object or audit row — spend [`SCAN_COST`]. Over budget the answer is
//! `429 too_many` with `Retry-After`, at once and unchecked.
//!
//! Apart from the sign-in budget (`auth::Budget`), which counts failures only: this one counts
//! everything, so one address or one login cannot take the service's cores from everyone else,
//! signed in or not. The buckets are bounded in number: full ones are forgotten first (a full
//! bucket is the same as none), then the fuller half.
use super::error::ApiError;
use super::listen::ClientAddr;
use axum::extract::ConnectInfo;
use axum::http::{Extensions, Method};
use axum::response::{IntoResponse, Response};
use ls_domain::Login;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a scan costs against a plain request's 1.
pub const SCAN_COST: f64 = 5.0;
/// How many seconds of the sustained rate one address or login may spend at once.
pub const BURST_SECONDS: f64 = 30.0;
/// Cost units per second of `lsc serve` unless `--rate` says otherwise. Far above what a
/// console asks (a handful of requests per action, a delta per change seen), yet one address
/// or login cannot keep more than a fraction of a core busy with scans for long.
pub const DEFAULT_PER_SECOND: u32 = 100;
/// Buckets kept at most (addresses and logins together).
const MAX_KEYS: usize = 65_536;

/// One bucket's size and refill, the same for every address and every login.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    /// Cost units that come back each second (a plain request costs 1, a scan [`SCAN_COST`]).
    pub per_second: f64,
    /// Cost units that may be spent at once before the rate applies.
    pub burst: f64,
}

impl Rates {
    /// `n` units a second with [`BURST_SECONDS`] of them at once (`lsc serve --rate N`);
    /// `None` — no budget — for 0.
    pub fn per_second(n: u32) -> Option<Rates> {
        (n > 0).then(|| Rates {
            per_second: f64::from(n),
            burst: (f64::from(n) * BURST_SECONDS).max(SCAN_COST),
        })
    }
}

impl Default for Rates {
    fn default() -> Self {
        Rates {
            per_second: f64::from(DEFAULT_PER_SECOND),
            burst: f64::from(DEFAULT_PER_SECOND) * BURST_SECONDS,
        }
    }
}

/// What the request being answered costs, left in its extensions by [`edge`] so the sign-in
/// charges the login the same.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost(pub f64);

/// Scans cost [`SCAN_COST`]: the users, objects and audit lists (masks, sorting, deltas and
/// exports all go through them) and a user's levels over every object; anything else 1.
pub fn cost_of(method: &Method, path: &str) -> f64 {
    let user_access = path
        .strip_prefix("/api/users/")
        .and_then(|rest| rest.strip_suffix("/access"))
        .is_some_and(|login| !login.is_empty() && !login.contains('/'));
    let scan = matches!(path, "/api/users" | "/api/objects" | "/api/audit") || user_access;
    if *method == Method::GET && scan {
        SCAN_COST
    } else {
        1.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Addr(IpAddr),
    Login(Login),
}

/// The address a bucket is kept for: IPv6 by its /64, since one host is given a whole /64 and
/// could name a new address for every request.
fn addr_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
        v4 => v4,
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn level(&self, r: &Rates, now: Instant) -> f64 {
        (self.tokens + now.saturating_duration_since(self.at).as_secs_f64() * r.per_second).min(r.burst)
    }
}

/// Token buckets per client address and per signed-in login.
pub struct RateBudget {
    /// `None`: no budget (`--rate 0`, or a state no router set up).
    rates: Option<Rates>,
    buckets: Mutex<HashMap<Key, Bucket>>,
}

impl RateBudget {
    /// Rates that cannot work (not above 0, not finite) mean no budget rather than a panic.
    pub fn new(rates: Option<Rates>) -> RateBudget {
        let rates = rates.filter(|r| r.per_second.is_finite() && r.per_second > 0.0 && r.burst.is_finite());
        RateBudget {
            rates: rates.map(|r| Rates {
                burst: r.burst.max(1.0),
                ..r
            }),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn off() -> RateBudget {
        RateBudget::new(None)
    }

    pub fn rates(&self) -> Option<Rates> {
        self.rates
    }

    /// Spends `cost` from the address's bucket, or says how long until it holds that much.
    pub fn take_addr(&self, ip: IpAddr, cost: f64) -> Result<(), Duration> {
        self.take(Key::Addr(addr_key(ip)), cost)
    }

    /// Spends `cost` from the login's bucket, or says how long until it holds that much.
    pub fn take_login(&self, login: Login, cost: f64) -> Result<(), Duration> {
        self.take(Key::Login(login), cost)
    }

    /// Atomic: parallel requests cannot all pass the check before any is charged. A refused
    /// request spends nothing, so a client that waits as told is served.
    fn take(&self, key: Key, cost: f64) -> Result<(), Duration> {
        let Some(r) = self.rates else { return Ok(()) };
        let now = Instant::now();
        // More than the whole burst could never be paid: it takes the whole burst instead.
        let cost = cost.clamp(0.0, r.burst);
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let level = map.get(&key).map_or(r.burst, |b| b.level(&r, now));
        if level < cost {
            let wait = (cost - level) / r.per_second;
            return Err(Duration::try_from_secs_f64(wait).unwrap_or(Duration::from_secs(3600)));
        }
        if map.len() >= MAX_KEYS && !map.contains_key(&key) {
            evict(&mut map, &r, now);
        }
        map.insert(
            key,
            Bucket {
                tokens: level - cost,
                at: now,
            },
        );
        Ok(())
    }
}

/// Makes room: full buckets go (the same as none); if every bucket is spending (very many
/// addresses at once), the fuller half goes and those that spent most are kept.
fn evict(map: &mut HashMap<Key, Bucket>, r: &Rates, now: Instant) {
    map.retain(|_, b| b.level(r, now) < r.burst);
    let keep = MAX_KEYS / 2;
    if map.len() <= keep {
        return;
    }
    let mut by_level: Vec<(f64, Key)> = map.iter().map(|(k, b)| (b.level(r, now), *k)).collect();
    by_level.select_nth_unstable_by(keep, |a, b| a.0.total_cmp(&b.0));
    for (_, k) in &by_level[keep..] {
        map.remove(k);
    }
}

/// The 429 a spent budget answers, naming whose budget and when to come back.
pub fn refusal(whose: &str, wait: Duration) -> ApiError {
    // Whole seconds, rounded up: a client that waits as told finds the budget back.
    let secs = (wait.as_secs_f64().ceil() as u64).max(1);
    ApiError::too_many(format!(
        "too many requests from {whose}: its request budget is spent; try again in {secs} s"
    ))
    .retry_after(secs)
}

/// The address a request counts as: the accept loop's (a trusted proxy's `X-Forwarded-For`
/// resolved), else the peer. `None` for a request with neither (handed to the router in
/// process): there is no address to count it against.
pub fn client_of(ext: &Extensions) -> Option<IpAddr> {
    ext.get::<ClientAddr>()
        .map(|c| c.0)
        .or_else(|| ext.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()))
}

/// The router's edge: prices the request, charges its address before any other work (sign-in
/// included), and leaves the price for the login's charge once the caller is proved.
pub async fn edge(budget: Arc<RateBudget>, mut req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let cost = cost_of(req.method(), req.uri().path());
    req.extensions_mut().insert(Cost(cost));
    if let Some(ip) = client_of(req.extensions()) {
        if let Err(wait) = budget.take_addr(ip, cost) {
            // Debug, not warn: a flood would write a line per refused request.
            tracing::debug!(addr = %ip, "request refused: the address's request budget is spent");
            return refusal(&format!("address {ip}"), wait).into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> RateBudget {
        RateBudget::new(Some(Rates {
            per_second: 1.0,
            burst: 10.0,
        }))
    }

    #[test]
    fn a_bucket_spends_its_burst_then_waits_and_refusals_cost_nothing() {
        let b = small();
        let a = IpAddr::from([10, 0, 0, 1]);
        assert!((0..10).all(|_| b.take_addr(a, 1.0).is_ok()));
        let wait = b.take_addr(a, 1.0).expect_err("spent");
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(1), "{wait:?}");
        assert!(b.take_addr(a, SCAN_COST).is_err(), "a scan waits longer");
        assert!(
            b.take_addr(IpAddr::from([10, 0, 0, 2]), SCAN_COST).is_ok(),
            "another address"
        );
        let l = Login::new(7).expect("login");
        assert!(b.take_login(l, 10.0).is_ok() && b.take_login(l, 1.0).is_err());
        assert!(
            b.take_login(Login::new(8).expect("login"), 1.0).is_ok(),
            "another login"
        );
    }

    #[test]
    fn no_budget_refuses_nothing_and_bad_rates_mean_none() {
        let off = RateBudget::off();
        assert!((0..10_000).all(|_| off.take_addr(IpAddr::from([10, 0, 0, 1]), SCAN_COST).is_ok()));
        let zero = RateBudget::new(Some(Rates {
            per_second: 0.0,
            burst: 5.0,
        }));
        assert!(zero.rates().is_none());
        assert_eq!(Rates::per_second(0), None);
        assert_eq!(Rates::per_second(2).map(|r| r.burst), Some(60.0));
    }

    #[test]
    fn ipv6_counts_by_its_64_and_mapped_ipv4_as_ipv4() {
        let b = small();
        let one: IpAddr = "2001:db8:1:2::1".parse().expect("ip");
        let same: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("ip");
        let other: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert!(b.take_addr(one, 10.0).is_ok());
        assert!(b.take_addr(same, 1.0).is_err(), "the same /64");
        assert!(b.take_addr(other, 1.0).is_ok(), "another /64");
        let v4 = IpAddr::from([192, 0, 2, 1]);
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().expect("ip");
        assert!(b.take_addr(v4, 10.0).is_ok());
        assert!(b.take_addr(mapped, 1.0).is_err(), "an IPv4-mapped address is its IPv4");
    }

    #[test]
    fn scans_cost_more() {
        assert_eq!(cost_of(&Method::GET, "/api/users"), SCAN_COST);
        assert_eq!(cost_of(&Method::GET, "/api/objects"), SCAN_COST);
        assert_eq!(cost_of(&Method::GET, "/api/audit"), SCAN_COST);
        assert_eq!(cost_of(&Method::GET, "/api/users/0004/access"), SCAN_COST);
        assert_eq!(cost_of(&Method::PUT, "/api/users/0004/access"), 1.0);
        assert_eq!(cost_of(&Method::GET, "/api/users/0004"), 1.0);
        assert_eq!(cost_of(&Method::GET, "/api/health"), 1.0);
        assert_eq!(cost_of(&Method::POST, "/api/users"), 1.0);
    }

    #[test]
    fn the_buckets_stay_bounded() {
        let b = small();
        for i in 0..(MAX_KEYS as u32 + 1_000) {
            let _ = b.take_addr(IpAddr::from(i.to_be_bytes()), 5.0);
        }
        let n = b.buckets.lock().map(|m| m.len()).unwrap_or(usize::MAX);
        assert!(n <= MAX_KEYS, "{n} buckets");
    }
}
