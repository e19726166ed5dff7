//! The failure budget: token buckets of failed sign-ins, taken before a header is checked and
//! given back when it was right.
use ls_domain::Login;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed sign-ins allowed per login and address before guessing is throttled, and how fast
/// the allowance comes back.
const PAIR_BURST: f64 = 10.0;
const PAIR_PER_SEC: f64 = 0.5;
/// Across logins from one address (spraying one password over many logins).
const ADDR_BURST: f64 = 40.0;
const ADDR_PER_SEC: f64 = 4.0;
/// Against one login from all addresses it never signed in from (guessing from many places).
const LOGIN_BURST: f64 = 20.0;
const LOGIN_PER_SEC: f64 = 0.5;
/// Entries kept at most; full buckets and the oldest known addresses are forgotten first.
const MAX_BUCKETS: usize = 100_000;
/// How long an address a login signed in from counts as its own.
const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 3600);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Pair(Login, IpAddr),
    Addr(IpAddr),
    Login(Login),
}

impl Key {
    fn burst_and_rate(self) -> (f64, f64) {
        match self {
            Key::Pair(..) => (PAIR_BURST, PAIR_PER_SEC),
            Key::Addr(_) => (ADDR_BURST, ADDR_PER_SEC),
            Key::Login(_) => (LOGIN_BURST, LOGIN_PER_SEC),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn level(&self, k: Key, now: Instant) -> f64 {
        let (burst, rate) = k.burst_and_rate();
        (self.tokens + now.duration_since(self.at).as_secs_f64() * rate).min(burst)
    }
}

#[derive(Default)]
struct BudgetState {
    buckets: HashMap<Key, Bucket>,
    /// (login, address) pairs that signed in: their own failures still count, strangers' not.
    known: HashMap<(Login, IpAddr), Instant>,
}

/// Token buckets of failed sign-ins: per login and address, per address, and per login for
/// addresses it never signed in from — so neither one place nor many can guess fast, and the
/// real user's own address is not locked out by strangers.
#[derive(Default)]
pub struct Budget {
    state: Mutex<BudgetState>,
}

/// What one attempt was charged to, to give back when it was right.
#[derive(Debug)]
pub struct Charge {
    keys: Vec<Key>,
    login: Login,
    addr: IpAddr,
}

impl Budget {
    fn level(map: &HashMap<Key, Bucket>, k: Key, now: Instant) -> f64 {
        map.get(&k).map_or(k.burst_and_rate().0, |b| b.level(k, now))
    }

    /// Takes one attempt from every bucket it counts against, or says how long until one is
    /// back. Atomic: parallel guesses cannot all pass the check before any is charged.
    ///
    /// A pair that signed in before counts against its own bucket only: the address's and the
    /// login's shared buckets are what strangers spend, so they cannot lock it out — while its
    /// own failures (someone guessing that login from that address) still run it out.
    pub fn take(&self, login: Login, addr: IpAddr) -> Result<Charge, Duration> {
        let now = Instant::now();
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let known = st.known.get(&(login, addr)).is_some_and(|at| at.elapsed() < KNOWN_FOR);
        let mut keys = vec![Key::Pair(login, addr)];
        if !known {
            keys.extend([Key::Addr(addr), Key::Login(login)]);
        }
        let levels: Vec<f64> = keys.iter().map(|k| Self::level(&st.buckets, *k, now)).collect();
        if let Some((k, l)) = keys.iter().zip(&levels).find(|(_, l)| **l < 1.0) {
            let rate = k.burst_and_rate().1;
            return Err(Duration::from_secs_f64((1.0 - l) / rate).max(Duration::from_secs(1)));
        }
        if st.buckets.len() >= MAX_BUCKETS {
            // A full bucket is the same as none.
            st.buckets.retain(|k, b| b.level(*k, now) < k.burst_and_rate().0);
        }
        for (k, l) in keys.iter().zip(levels) {
            st.buckets.insert(
                *k,
                Bucket {
                    tokens: l - 1.0,
                    at: now,
                },
            );
        }
        Ok(Charge { keys, login, addr })
    }

    /// The header was right: the attempt is given back, and the address is the login's own.
    pub fn refund(&self, c: Charge) {
        let now = Instant::now();
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        for k in c.keys {
            let l = Self::level(&st.buckets, k, now);
            st.buckets.insert(
                k,
                Bucket {
                    tokens: l + 1.0,
                    at: now,
                },
            );
        }
        if st.known.len() >= MAX_BUCKETS {
            st.known.retain(|_, at| at.elapsed() < KNOWN_FOR / 30);
        }
        st.known.insert((c.login, c.addr), Instant::now());
    }

    /// Whether the login signed in from this address before.
    pub fn known(&self, login: Login, addr: IpAddr) -> bool {
        let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.known.get(&(login, addr)).is_some_and(|at| at.elapsed() < KNOWN_FOR)
    }

    /// Nothing was checked (the service was busy): the attempt is given back, nothing learnt.
    pub fn unspend(&self, c: Charge) {
        let now = Instant::now();
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        for k in c.keys {
            let l = Self::level(&st.buckets, k, now);
            st.buckets.insert(
                k,
                Bucket {
                    tokens: l + 1.0,
                    at: now,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_per_login_and_address() {
        let b = Budget::default();
        let l = Login::new(4).unwrap();
        let (a, other) = (IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 2]));
        for _ in 0..10 {
            assert!(b.take(l, a).is_ok());
        }
        let wait = b.take(l, a).unwrap_err();
        assert!(wait >= Duration::from_secs(1), "{wait:?}");
        assert!(b.take(l, other).is_ok(), "another address has its own budget");
        assert!(
            b.take(Login::new(5).unwrap(), a).is_ok(),
            "another login from the same address too"
        );
        // A right header gives its attempt back.
        let c = b.take(l, other).unwrap();
        b.refund(c);
        // Many addresses against one login: 20 attempts in all, then none — but the address the
        // user signed in from keeps its own allowance.
        let many = (1..=40u8)
            .filter(|i| b.take(l, IpAddr::from([10, 1, 0, *i])).is_ok())
            .count();
        assert_eq!(
            many,
            20 - 11,
            "the login's shared budget: eleven failures already counted"
        );
        assert!(
            b.take(l, other).is_ok(),
            "the user's own address is not locked out by strangers"
        );
        // Spraying many logins from one address runs out too.
        let sprayer = IpAddr::from([10, 0, 0, 3]);
        let refused = (100..=160)
            .filter(|n| b.take(Login::new(*n).unwrap(), sprayer).is_err())
            .count();
        assert_eq!(refused, 21, "40 attempts across logins, then none");
    }

    #[test]
    fn strangers_at_a_known_address_do_not_spend_its_allowance() {
        let b = Budget::default();
        let (user, a) = (Login::new(2).unwrap(), IpAddr::from([10, 0, 0, 9]));
        b.refund(b.take(user, a).unwrap());
        let refused = (100..=160)
            .filter(|n| b.take(Login::new(*n).unwrap(), a).is_err())
            .count();
        assert!(refused > 0, "the address's shared budget ran out");
        assert!(b.take(user, a).is_ok(), "the user's own allowance is untouched");
        let own = (0..20).filter(|_| b.take(user, a).is_ok()).count();
        assert_eq!(own, 9, "its own failures still count: ten in all, one taken above");
    }
}
