//! Numbers the service hands out that count service-wide writes — revisions (in `revision`, tags
//! and row marks) and audit ids (rows, changes, the event stream, the audit cursor) — leave the
//! service only through a keyed permutation. Counted in the open, one dealer reads another's
//! activity from the gap between two of its own numbers: its write took revision 1,000, its next
//! 1,040, so others wrote 39 times in between, and when (issue #31). Permuted, two numbers say
//! nothing about each other; clients only hold them and send them back.
//!
//! The permutation is a six-round Feistel network over 52 bits (JSON-safe integers) whose round
//! function is SipHash keyed with the database's own secret, so numbers survive a restart and
//! another database's numbers do not decode.
use rusqlite::Connection;
use siphasher::sip::SipHasher24;
use std::hash::Hasher;

/// Which counter a number comes from: the same count hides as different numbers in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Revision = 1,
    Audit = 2,
}

const HALF: u32 = 26;
const HALF_MASK: u64 = (1 << HALF) - 1;
/// Numbers at or above this are not ours (52 bits).
const LIMIT: i64 = 1 << (2 * HALF);
const ROUNDS: u8 = 6;

/// The key numbers are hidden with.
#[derive(Clone)]
pub struct Opaque {
    key: [u8; 16],
}

impl std::fmt::Debug for Opaque {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Opaque(..)")
    }
}

impl Opaque {
    /// The database's key (made by its migration, never shown).
    pub fn load(c: &Connection) -> rusqlite::Result<Opaque> {
        let k: Vec<u8> = c
            .prepare_cached("SELECT k FROM id_key WHERE id = 1")?
            .query_row([], |r| r.get(0))?;
        let mut key = [0u8; 16];
        for (d, s) in key.iter_mut().zip(k) {
            *d = s;
        }
        Ok(Opaque { key })
    }

    #[cfg(test)]
    fn with_key(key: [u8; 16]) -> Opaque {
        Opaque { key }
    }

    fn round(&self, kind: Kind, round: u8, half: u64) -> u64 {
        let mut h = SipHasher24::new_with_key(&self.key);
        h.write_u8(kind as u8);
        h.write_u8(round);
        h.write_u64(half);
        h.finish() & HALF_MASK
    }

    /// `n` as it is shown. Every count the service keeps is far below 2^52; one that is not (never
    /// expected) is shown as it is rather than folded onto another's number.
    pub fn hide(&self, kind: Kind, n: i64) -> i64 {
        if !(0..LIMIT).contains(&n) {
            return n;
        }
        let (mut l, mut r) = ((n as u64) >> HALF, (n as u64) & HALF_MASK);
        for i in 0..ROUNDS {
            (l, r) = (r, l ^ self.round(kind, i, r));
        }
        ((l << HALF) | r) as i64
    }

    /// The count behind a shown number; `None` for a number that is not one of ours.
    pub fn show(&self, kind: Kind, x: i64) -> Option<i64> {
        if !(0..LIMIT).contains(&x) {
            return None;
        }
        let (mut l, mut r) = ((x as u64) >> HALF, (x as u64) & HALF_MASK);
        for i in (0..ROUNDS).rev() {
            (l, r) = (r ^ self.round(kind, i, l), l);
        }
        Some(((l << HALF) | r) as i64)
    }

    pub fn revision(&self, n: i64) -> i64 {
        self.hide(Kind::Revision, n)
    }
    pub fn audit(&self, n: i64) -> i64 {
        self.hide(Kind::Audit, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_number_comes_back(n in 0i64..LIMIT, key in any::<[u8; 16]>()) {
            let o = Opaque::with_key(key);
            for k in [Kind::Revision, Kind::Audit] {
                let x = o.hide(k, n);
                prop_assert!((0..LIMIT).contains(&x));
                prop_assert_eq!(o.show(k, x), Some(n));
            }
        }
    }

    #[test]
    fn neighbours_say_nothing_about_each_other() {
        let o = Opaque::with_key(*b"0123456789abcdef");
        let shown: Vec<i64> = (1_000_000..1_000_050).map(|n| o.revision(n)).collect();
        // Consecutive counts land far apart and out of order: no gap to read.
        let rising = shown.windows(2).filter(|w| w[1] > w[0]).count();
        assert!((10..40).contains(&rising), "order leaks: {rising} of 49 pairs rise");
        assert!(shown.windows(2).all(|w| (w[1] - w[0]).abs() > 1_000));
        // Another key, other numbers; another kind, other numbers.
        let other = Opaque::with_key(*b"fedcba9876543210");
        assert_ne!(other.revision(1_000_000), o.revision(1_000_000));
        assert_ne!(o.audit(1_000_000), o.revision(1_000_000));
        assert_eq!(o.show(Kind::Revision, -1), None);
        assert_eq!(o.show(Kind::Revision, LIMIT), None);
    }
}
