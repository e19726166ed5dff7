//! Wildcard masks: `*` any run, `?` one character, everything else literal; case-insensitive
//! and Unicode-aware. A mask with a wildcard must match the whole text; one without matches a
//! substring, so typing narrows as you go. The same matcher serves the console, the CLI and the
//! server, so they always agree.

/// A compiled mask. Compile once per keystroke, then test many texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mask {
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    All,
    /// Lower-cased needle for a substring search.
    Substring(String),
    /// Lower-cased tokens of a mask with wildcards, matched against the whole text.
    Pattern(Vec<Token>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Lit(char),
    One,
    Any,
}

/// Lower-cases one character the way the matcher compares it (full Unicode lowercase; the rare
/// characters whose lowercase is several characters keep their first one, so positions stay 1:1).
#[inline]
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// The text folded as the matcher sees it. Precompute this for hot lists.
pub fn fold_str(s: &str) -> String {
    s.chars().map(fold).collect()
}

impl Mask {
    pub fn new(mask: &str) -> Self {
        if mask.is_empty() {
            return Mask { kind: Kind::All };
        }
        if !mask.contains(['*', '?']) {
            return Mask {
                kind: Kind::Substring(fold_str(mask)),
            };
        }
        let mut toks = Vec::with_capacity(mask.len());
        for c in mask.chars() {
            match c {
                '*' => {
                    // Runs of `*` mean the same as one.
                    if toks.last() != Some(&Token::Any) {
                        toks.push(Token::Any)
                    }
                }
                '?' => toks.push(Token::One),
                c => toks.push(Token::Lit(fold(c))),
            }
        }
        Mask {
            kind: Kind::Pattern(toks),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self.kind, Kind::All)
    }

    /// Whether `text` matches. Folds `text` on the fly.
    pub fn matches(&self, text: &str) -> bool {
        match &self.kind {
            Kind::All => true,
            Kind::Substring(n) => {
                if text.is_ascii() && n.is_ascii() {
                    ascii_contains_ci(text.as_bytes(), n.as_bytes())
                } else {
                    fold_str(text).contains(n.as_str())
                }
            }
            Kind::Pattern(t) => BUF.with(|b| {
                let mut b = b.borrow_mut();
                b.clear();
                b.extend(text.chars().map(fold));
                glob(t, &b[..])
            }),
        }
    }

    /// Whether an already folded text (see [`fold_str`]) matches: the fast path for lists that
    /// keep a folded copy of each cell.
    pub fn matches_folded(&self, folded: &str) -> bool {
        match &self.kind {
            Kind::All => true,
            Kind::Substring(n) => folded.contains(n.as_str()),
            Kind::Pattern(t) => {
                if folded.is_ascii() {
                    glob(t, folded.as_bytes())
                } else {
                    // Reuse one buffer per thread: no allocation per row on the hot path.
                    BUF.with(|b| {
                        let mut b = b.borrow_mut();
                        b.clear();
                        b.extend(folded.chars());
                        glob(t, &b[..])
                    })
                }
            }
        }
    }

    /// The char ranges of `text` that the mask matched, for highlighting: the substring for a
    /// plain mask, the literal runs for a wildcard mask, nothing for an empty mask or no match.
    pub fn highlight(&self, text: &str) -> Vec<(usize, usize)> {
        let chars: Vec<char> = text.chars().map(fold).collect();
        match &self.kind {
            Kind::All => vec![],
            Kind::Substring(n) => {
                let needle: Vec<char> = n.chars().collect();
                if needle.is_empty() || needle.len() > chars.len() {
                    return vec![];
                }
                (0..=chars.len() - needle.len())
                    .find(|&i| chars[i..i + needle.len()] == needle[..])
                    .map(|i| vec![(i, i + needle.len())])
                    .unwrap_or_default()
            }
            Kind::Pattern(t) => glob_spans(t, &chars).unwrap_or_default(),
        }
    }
}

/// Convenience: does `mask` match `text`?
pub fn matches(mask: &str, text: &str) -> bool {
    Mask::new(mask).matches(text)
}

fn ascii_contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() {
        return true;
    }
    if needle.len() > hay.len() {
        return false;
    }
    hay.windows(needle.len())
        .any(|w| w.iter().zip(needle).all(|(a, b)| a.to_ascii_lowercase() == *b))
}

thread_local! {
    static BUF: std::cell::RefCell<Vec<char>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A text symbol the glob compares with a mask character: a byte of ASCII text, or a char.
trait Sym: Copy {
    fn is(self, c: char) -> bool;
}

impl Sym for u8 {
    #[inline]
    fn is(self, c: char) -> bool {
        self as u32 == c as u32
    }
}

impl Sym for char {
    #[inline]
    fn is(self, c: char) -> bool {
        self == c
    }
}

/// Iterative glob with single-star backtracking: linear in practice, never exponential.
fn glob<S: Sym>(toks: &[Token], text: &[S]) -> bool {
    let (mut t, mut s) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while s < text.len() {
        match toks.get(t) {
            Some(Token::Any) => {
                star = Some((t, s));
                t += 1;
            }
            Some(Token::One) => {
                t += 1;
                s += 1;
            }
            Some(Token::Lit(c)) if text[s].is(*c) => {
                t += 1;
                s += 1;
            }
            _ => match star {
                Some((st, ss)) => {
                    t = st + 1;
                    s = ss + 1;
                    star = Some((st, ss + 1));
                }
                None => return false,
            },
        }
    }
    toks[t..].iter().all(|k| *k == Token::Any)
}

/// Like [`glob`] but records where each literal matched; returns merged spans.
fn glob_spans(toks: &[Token], text: &[char]) -> Option<Vec<(usize, usize)>> {
    let (mut t, mut s) = (0usize, 0usize);
    let mut star: Option<(usize, usize, usize)> = None;
    let mut hits: Vec<usize> = Vec::new();
    while s < text.len() {
        match toks.get(t) {
            Some(Token::Any) => {
                star = Some((t, s, hits.len()));
                t += 1;
            }
            Some(Token::One) => {
                t += 1;
                s += 1;
            }
            Some(Token::Lit(c)) if *c == text[s] => {
                hits.push(s);
                t += 1;
                s += 1;
            }
            _ => match star {
                Some((st, ss, h)) => {
                    hits.truncate(h);
                    t = st + 1;
                    s = ss + 1;
                    star = Some((st, ss + 1, h));
                }
                None => return None,
            },
        }
    }
    if !toks[t..].iter().all(|k| *k == Token::Any) {
        return None;
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for i in hits {
        match spans.last_mut() {
            Some(last) if last.1 == i => last.1 = i + 1,
            _ => spans.push((i, i + 1)),
        }
    }
    Some(spans)
}

#[cfg(test)]
mod tests {
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

        #[test]
        fn never_panics(m in ".{0,30}", t in ".{0,60}") {
            let mask = Mask::new(&m);
            let _ = mask.matches(&t);
            let _ = mask.highlight(&t);
        }
    }
}
