//! Natural order of names: runs of digits compare by their value, so `Omsk #72` comes before
//! `Omsk #202` (plain string order puts `#202` first). No crate in the lock file does this, and
//! it is a dozen lines.
use std::cmp::Ordering;

/// `a` against `b`: digit runs by value, everything else character by character (case as given:
/// the forest compares folded names, so the order is case-blind there). Names equal in that
/// order fall back to plain string order, so sorting stays total and deterministic.
pub fn cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        let (Some(c), Some(d)) = (x.chars().next(), y.chars().next()) else {
            // One ran out: the shorter first; both: the tie is broken by plain order.
            return x.len().cmp(&y.len()).then_with(|| a.cmp(b));
        };
        if c.is_ascii_digit() && d.is_ascii_digit() {
            let (n, rest_x) = digits(x);
            let (m, rest_y) = digits(y);
            match by_value(n, m) {
                Ordering::Equal => (x, y) = (rest_x, rest_y),
                o => return o,
            }
        } else {
            match c.cmp(&d) {
                Ordering::Equal => (x, y) = (&x[c.len_utf8()..], &y[d.len_utf8()..]),
                o => return o,
            }
        }
    }
}

/// The leading run of ASCII digits of `s`, and the rest.
fn digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

/// Two runs of digits by the numbers they write (any length: no overflow), leading zeros aside.
fn by_value(n: &str, m: &str) -> Ordering {
    let (n, m) = (n.trim_start_matches('0'), m.trim_start_matches('0'));
    n.len().cmp(&m.len()).then_with(|| n.cmp(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_by_value() {
        let mut v = vec!["Omsk #202", "Omsk #315", "Omsk #602", "Omsk #72", "Omsk #809"];
        v.sort_by(|a, b| cmp(a, b));
        assert_eq!(v, ["Omsk #72", "Omsk #202", "Omsk #315", "Omsk #602", "Omsk #809"]);
        let mut g = vec!["Группа 12", "Группа 2", "Moscow restaurants 11", "Moscow restaurants 1"];
        g.sort_by(|a, b| cmp(a, b));
        assert_eq!(
            g,
            ["Moscow restaurants 1", "Moscow restaurants 11", "Группа 2", "Группа 12"]
        );
    }

    #[test]
    fn total_and_deterministic() {
        assert_eq!(cmp("a007", "a7"), Ordering::Less, "equal values: plain order decides");
        assert_eq!(cmp("a7", "a7"), Ordering::Equal);
        assert_eq!(cmp("a", "a1"), Ordering::Less);
        assert_eq!(
            cmp("99999999999999999999999", "100000000000000000000000"),
            Ordering::Less
        );
    }
}
