//! Tests of `wildcard`, and the brute-force reference its matcher is checked against.

/// Dates as date columns show them, and ages over them: `>90d` finds the dormant (and the
/// never signed in), `<7d` the recent; both follow the clock, so no fixed "now" is assumed.
#[test]
fn age_masks_compare_times() {
    assert_eq!(minute_text(0), "1970-01-01 00:00");
    assert_eq!(minute_text(951_782_400 + 3_600 + 120), "2000-02-29 01:02", "a leap day");
    assert_eq!(minute_text(1_795_392_000), "2026-11-23 00:00");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64;
    let days_ago = |d: i64| minute_text(now - d * 86_400);
    let dormant = Mask::new(">90d");
    assert!(dormant.matches("never"));
    assert!(dormant.matches(&days_ago(91)));
    assert!(!dormant.matches(&days_ago(89)));
    assert!(!dormant.matches("Test4"), "text that is no time never matches an age");
    let recent = Mask::new("<7d");
    assert!(recent.matches(&days_ago(0)) && recent.matches(&days_ago(6)));
    assert!(!recent.matches(&days_ago(8)) && !recent.matches("never"));
    assert!(Mask::new(">12h").matches(&minute_text(now - 13 * 3_600)));
    assert!(!Mask::new(">12h").matches(&minute_text(now - 11 * 3_600)));
    // Not an age: the usual substring search.
    assert!(Mask::new(">9").matches("a>9b"));
    assert!(
        Mask::new(">99999999999999999999d").matches("x>99999999999999999999dx"),
        "overflow is no age"
    );
}

use super::*;
use proptest::prelude::*;

#[test]
fn semantics() {
    assert!(matches("", "anything"));
    assert!(matches("test4", "Test4"));
    assert!(matches("est", "Test4"), "plain masks match substrings");
    assert!(matches("Fuel*", "Fuel Station"));
    assert!(!matches("Fuel*", "Main Fuel"), "wildcard masks are anchored");
    assert!(matches("*Fuel*", "Main Fuel"));
    assert!(matches("T?st4", "test4"));
    assert!(!matches("T?st4", "Tst4"));
    assert!(matches("*", ""));
    assert!(!matches("?", ""));
    assert!(matches("a*b*c", "aXXbYYc"));
    assert!(!matches("a*b*c", "aXXbYY"));
    assert!(matches("[x].", "a[X]."), "brackets and dots are literal");
    assert!(!matches("[x]*", "x"));
}

#[test]
fn cyrillic() {
    assert!(matches("иван*", "Иванов"));
    assert!(matches("ПЕТР", "Петров Иван"));
    assert!(matches("?етров", "Петров"));
    assert!(!matches("Сидор*", "Петров"));
}

#[test]
fn folded_agrees() {
    for (m, t) in [("*ВАН*", "Иванов"), ("a?c", "ABC"), ("x", "yXy"), ("*z", "abc")] {
        let mask = Mask::new(m);
        assert_eq!(mask.matches(t), mask.matches_folded(&fold_str(t)), "{m} {t}");
    }
}

#[test]
fn highlight_spans() {
    assert_eq!(Mask::new("est").highlight("Test4"), vec![(1, 4)]);
    assert_eq!(Mask::new("T*4").highlight("Test4"), vec![(0, 1), (4, 5)]);
    assert_eq!(Mask::new("zz").highlight("Test4"), vec![]);
    assert_eq!(Mask::new("*es?4").highlight("Test4"), vec![(1, 3), (4, 5)]);
    assert_eq!(Mask::new("иван*").highlight("Иванов"), vec![(0, 4)]);
}

#[test]
fn adversarial_masks_are_linear() {
    // What once took the backtracking matcher quadratic time: many stars, a text of one
    // letter, a literal at the end that never comes.
    let text = "a".repeat(254);
    let mask = format!("{}b", "*a".repeat(120));
    assert!(!matches(&mask, &text));
    let mask = format!("*{}?b*", "a?".repeat(60));
    assert!(!matches(&mask, &text));
    assert!(matches(&format!("*{}*", "a".repeat(200)), &text));
}

fn escape_free() -> impl Strategy<Value = String> {
    "[a-zA-Zа-яА-ЯёЁ0-9 .\\[\\]_-]{0,24}"
}

proptest! {
    #[test]
    fn text_matches_itself(s in escape_free()) {
        prop_assert!(matches(&s, &s));
    }

    #[test]
    fn star_matches_everything(s in ".{0,40}") {
        prop_assert!(matches("*", &s));
    }

    #[test]
    fn case_is_folded(s in escape_free()) {
        prop_assert!(matches(&s.to_uppercase(), &s.to_lowercase())
            || s.to_uppercase().chars().count() != s.chars().count());
        prop_assert!(matches(&s.to_lowercase(), &s.to_uppercase())
            || s.to_uppercase().chars().count() != s.chars().count());
    }

    #[test]
    fn question_marks_match_length(s in escape_free()) {
        let m: String = "?".repeat(s.chars().count());
        prop_assert!(matches(&m, &s) || s.is_empty());
    }

    #[test]
    fn prefix_star(s in escape_free(), tail in ".{0,10}") {
        prop_assume!(!s.is_empty());
        let m = format!("{s}*");
        let t = format!("{s}{tail}");
        prop_assert!(matches(&m, &t));
    }

    /// The segment matcher agrees with a brute-force matcher on masks and texts drawn from a
    /// small alphabet (where stars and question marks interact the most).
    #[test]
    fn agrees_with_brute_force(m in "[ab?*Яя]{0,12}", t in "[abAБЯя]{0,20}") {
        prop_assert_eq!(matches(&m, &t), naive(&m, &t), "mask {:?} text {:?}", m, t);
        let folded = fold_str(&t);
        prop_assert_eq!(Mask::new(&m).matches_folded(&folded), naive(&m, &t));
    }

    /// Long segments (several 64-bit words) find the same as a plain scan.
    #[test]
    fn long_segments(a in "[ab]{60,140}", pre in "[ab]{0,80}", post in "[ab]{0,80}") {
        let text = format!("{pre}{a}{post}");
        let mask = format!("*{}*", a.replace('a', "?"));
        prop_assert!(matches(&mask, &text));
        prop_assert_eq!(matches(&format!("*{a}b*"), &text), naive(&format!("*{a}b*"), &text));
    }

    #[test]
    fn never_panics(m in ".{0,30}", t in ".{0,60}") {
        let mask = Mask::new(&m);
        let _ = mask.matches(&t);
        let _ = mask.highlight(&t);
    }
}

/// The reference semantics, by brute force: for the property tests only.
fn naive(mask: &str, text: &str) -> bool {
    if mask.is_empty() {
        return true;
    }
    let t: Vec<char> = text.chars().map(fold).collect();
    if !mask.contains(['*', '?']) {
        return fold_str(text).contains(&fold_str(mask));
    }
    let m: Vec<char> = mask.chars().collect();
    // dp[i][j]: mask[..i] matches text[..j]
    let mut dp = vec![vec![false; t.len() + 1]; m.len() + 1];
    dp[0][0] = true;
    for i in 1..=m.len() {
        for j in 0..=t.len() {
            dp[i][j] = match m[i - 1] {
                '*' => dp[i - 1][j] || (j > 0 && dp[i][j - 1]),
                '?' => j > 0 && dp[i - 1][j - 1],
                c => j > 0 && dp[i - 1][j - 1] && fold(c) == t[j - 1],
            };
        }
    }
    dp[m.len()][t.len()]
}
