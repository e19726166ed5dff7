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
    /// A mask with wildcards, matched against the whole text.
    Pattern(Box<Pattern>),
    /// `>90d`: a time (`2026-11-23 10:00`) older than 90 days, or `never`; `<7d`: a time within
    /// the last 7 days. `d`, `h`, `m` for days, hours, minutes. For date columns (last sign-in).
    Age {
        older: bool,
        cutoff: String,
    },
}

/// `>90d` / `<7d` as (older, seconds), if the mask is an age.
fn age(mask: &str) -> Option<(bool, i64)> {
    let m = mask.trim();
    let older = match m.chars().next()? {
        '>' => true,
        '<' => false,
        _ => return None,
    };
    let body = &m[1..];
    let unit = match body.chars().last()? {
        'd' | 'D' => 86_400,
        'h' | 'H' => 3_600,
        'm' | 'M' => 60,
        _ => return None,
    };
    let n: i64 = body[..body.len() - 1].parse().ok()?;
    Some((older, n.checked_mul(unit)?))
}

/// Whether a mask is an age (`>90d`): its rows are no subset of a shorter mask's.
pub fn is_age(mask: &str) -> bool {
    age(mask).is_some()
}

/// `secs` since the epoch as `2026-11-23 10:00` (UTC), the way date columns show times.
pub fn minute_text(secs: i64) -> String {
    let rem = secs.rem_euclid(86_400);
    format!("{} {:02}:{:02}", day_text(secs), rem / 3600, rem % 3600 / 60)
}

/// `secs` since the epoch as the day `2026-11-23` (UTC), the way license dates are written.
pub fn day_text(secs: i64) -> String {
    let (y, m, d) = civil_date(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 as a civil (year, month, day) (H. Hinnant's algorithm).
pub fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Whether `t` is a time as date columns show it.
fn is_minute_text(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 16 && b[4] == b'-' && b[7] == b'-' && b[10] == b' ' && b[13] == b':'
}

/// A wildcard mask split at its stars into literal segments (`?` fixed positions inside them):
/// the first is anchored at the start, the last at the end, the middle ones are found leftmost
/// in order. Each segment scans the text once (a bit-parallel search), so no mask, however
/// built, costs more than linear time per segment — unlike backtracking.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    /// No star at all: the whole text is this one segment.
    exact: bool,
    head: Segment,
    middle: Vec<Segment>,
    tail: Segment,
}

/// Folded characters; `None` is `?`.
#[derive(Debug, Clone, Default)]
struct Segment {
    toks: Vec<Option<char>>,
    find: Option<Bitap>,
    /// The segment's bytes when it has no `?`, with a substring finder built once: plain
    /// literals are found faster still (SIMD) in ASCII text.
    lit: Option<memchr::memmem::Finder<'static>>,
}

impl PartialEq for Segment {
    fn eq(&self, o: &Self) -> bool {
        self.toks == o.toks
    }
}

impl Eq for Segment {}

/// Shift-And search tables for one segment: for each character, the positions it may take.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bitap {
    words: usize,
    /// `ascii[c * words..][..words]`
    ascii: Vec<u64>,
    /// Non-ASCII characters of the segment and their masks (a mask holds few).
    other: Vec<(char, Vec<u64>)>,
    /// The positions of `?`: what any other character may take.
    any: Vec<u64>,
}

/// Longest segment searched bit-parallel; masks are bounded far below this (256).
const MAX_WORDS: usize = 8;

impl Bitap {
    fn new(toks: &[Option<char>]) -> Option<Bitap> {
        let words = toks.len().div_ceil(64);
        if words == 0 || words > MAX_WORDS {
            return None;
        }
        let mut any = vec![0u64; words];
        for (i, t) in toks.iter().enumerate() {
            if t.is_none() {
                any[i / 64] |= 1 << (i % 64);
            }
        }
        let mut ascii = Vec::with_capacity(128 * words);
        for _ in 0..128 {
            ascii.extend_from_slice(&any);
        }
        let mut other: Vec<(char, Vec<u64>)> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            let Some(c) = *t else { continue };
            let bit = 1 << (i % 64);
            if c.is_ascii() {
                ascii[c as usize * words + i / 64] |= bit;
            } else {
                match other.iter_mut().find(|(x, _)| *x == c) {
                    Some((_, m)) => m[i / 64] |= bit,
                    None => {
                        let mut m = any.clone();
                        m[i / 64] |= bit;
                        other.push((c, m));
                    }
                }
            }
        }
        Some(Bitap {
            words,
            ascii,
            other,
            any,
        })
    }

    #[inline]
    fn mask(&self, code: u32) -> &[u64] {
        if code < 128 {
            let at = code as usize * self.words;
            &self.ascii[at..at + self.words]
        } else {
            char::from_u32(code)
                .and_then(|c| self.other.iter().find(|(x, _)| *x == c))
                .map_or(&self.any[..], |(_, m)| &m[..])
        }
    }

    /// Where the leftmost match of a segment of `len` characters starts in `text`.
    fn find<S: Sym>(&self, len: usize, text: &[S]) -> Option<usize> {
        let mut d = [0u64; MAX_WORDS];
        let (last_word, last_bit) = ((len - 1) / 64, 1u64 << ((len - 1) % 64));
        for (i, s) in text.iter().enumerate() {
            let b = self.mask(s.code());
            let mut carry = 1u64;
            for (k, bk) in b.iter().enumerate() {
                let next = (d[k] << 1) | carry;
                carry = d[k] >> 63;
                d[k] = next & bk;
            }
            if d[last_word] & last_bit != 0 {
                return Some(i + 1 - len);
            }
        }
        None
    }
}

impl Segment {
    fn new(toks: Vec<Option<char>>, searched: bool) -> Segment {
        let find = if searched { Bitap::new(&toks) } else { None };
        let lit = toks
            .iter()
            .copied()
            .collect::<Option<String>>()
            .map(|s| memchr::memmem::Finder::new(s.as_bytes()).into_owned());
        Segment { toks, find, lit }
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    /// Whether the segment matches `text` at `at` (the caller checked the length).
    #[inline]
    fn at<S: Sym>(&self, text: &[S], at: usize) -> bool {
        self.toks
            .iter()
            .zip(&text[at..at + self.len()])
            .all(|(t, s)| t.is_none_or(|c| s.is(c)))
    }

    /// Where it first matches in `text`.
    fn find<S: Sym>(&self, text: &[S]) -> Option<usize> {
        if self.toks.is_empty() {
            return Some(0);
        }
        if text.len() < self.len() {
            return None;
        }
        match &self.find {
            Some(b) => b.find(self.len(), text),
            // Longer than any mask the service accepts: a plain scan.
            None => (0..=text.len() - self.len()).find(|i| self.at(text, *i)),
        }
    }
}

impl Pattern {
    fn new(mask: &str) -> Pattern {
        let mut parts: Vec<Vec<Option<char>>> = vec![Vec::new()];
        for c in mask.chars() {
            match c {
                '*' => parts.push(Vec::new()),
                '?' => parts.last_mut().into_iter().for_each(|p| p.push(None)),
                c => parts.last_mut().into_iter().for_each(|p| p.push(Some(fold(c)))),
            }
        }
        let exact = parts.len() == 1;
        let head = Segment::new(parts.remove(0), false);
        let tail = if exact {
            Segment::default()
        } else {
            Segment::new(parts.pop().unwrap_or_default(), false)
        };
        // Runs of `*` leave empty segments, which match anywhere: drop them.
        let middle = parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .map(|p| Segment::new(p, true))
            .collect();
        Pattern {
            exact,
            head,
            middle,
            tail,
        }
    }

    /// Matches `text`, telling `hit` where each segment matched.
    fn walk<'s, S: Sym>(&'s self, text: &[S], mut hit: impl FnMut(usize, &'s Segment)) -> bool {
        if self.exact {
            let ok = text.len() == self.head.len() && self.head.at(text, 0);
            if ok {
                hit(0, &self.head);
            }
            return ok;
        }
        let fixed = self.head.len() + self.tail.len();
        if text.len() < fixed || !self.head.at(text, 0) {
            return false;
        }
        let end = text.len() - self.tail.len();
        if !self.tail.at(text, end) {
            return false;
        }
        hit(0, &self.head);
        let mut pos = self.head.len();
        for seg in &self.middle {
            let Some(i) = seg.find(&text[pos..end]) else {
                return false;
            };
            hit(pos + i, seg);
            pos += i + seg.len();
        }
        hit(end, &self.tail);
        true
    }

    /// The spans of each segment's match, or `None` when the text does not match.
    fn find<S: Sym>(&self, text: &[S]) -> Option<Vec<(usize, &Segment)>> {
        let mut hits = Vec::new();
        self.walk(text, |at, seg| hits.push((at, seg))).then_some(hits)
    }

    fn matches<S: Sym>(&self, text: &[S]) -> bool {
        self.walk(text, |_, _| {})
    }

    /// [`matches`](Self::matches) for folded ASCII text: plain middle segments go to
    /// `str::find` (Two-Way), the rest to the bit-parallel search.
    fn matches_ascii(&self, text: &str) -> bool {
        // Only ASCII text comes here: bytes are characters.
        let bytes = text.as_bytes();
        if self.exact {
            return bytes.len() == self.head.len() && self.head.at(bytes, 0);
        }
        if self.middle.iter().any(|s| s.lit.is_none()) {
            return self.matches(bytes);
        }
        let fixed = self.head.len() + self.tail.len();
        if bytes.len() < fixed || !self.head.at(bytes, 0) {
            return false;
        }
        let end = bytes.len() - self.tail.len();
        if !self.tail.at(bytes, end) {
            return false;
        }
        let mut pos = self.head.len();
        for seg in &self.middle {
            let Some(i) = seg.lit.as_ref().and_then(|f| f.find(&bytes[pos..end])) else {
                return false;
            };
            pos += i + seg.len();
        }
        true
    }
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
        if let Some((older, secs)) = age(mask) {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            return Mask {
                kind: Kind::Age {
                    older,
                    cutoff: minute_text(now.saturating_sub(secs)),
                },
            };
        }
        if !mask.contains(['*', '?']) {
            return Mask {
                kind: Kind::Substring(fold_str(mask)),
            };
        }
        Mask {
            kind: Kind::Pattern(Box::new(Pattern::new(mask))),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self.kind, Kind::All)
    }

    /// Whether `text` matches. Folds `text` on the fly, into a buffer reused per thread.
    pub fn matches(&self, text: &str) -> bool {
        match &self.kind {
            Kind::All => true,
            _ => FOLDED.with(|b| {
                let mut b = b.borrow_mut();
                b.clear();
                b.extend(text.chars().map(fold));
                self.matches_folded(&b)
            }),
        }
    }

    /// Whether an already folded text (see [`fold_str`]) matches: the fast path for lists that
    /// keep a folded copy of each cell.
    pub fn matches_folded(&self, folded: &str) -> bool {
        match &self.kind {
            Kind::All => true,
            Kind::Age { older: true, cutoff } => {
                folded == "never" || (is_minute_text(folded) && folded < cutoff.as_str())
            }
            Kind::Age { older: false, cutoff } => is_minute_text(folded) && folded >= cutoff.as_str(),
            // Two-Way search: linear in the text.
            Kind::Substring(n) => folded.contains(n.as_str()),
            Kind::Pattern(p) => {
                if folded.is_ascii() {
                    p.matches_ascii(folded)
                } else {
                    // Reuse one buffer per thread: no allocation per row on the hot path.
                    BUF.with(|b| {
                        let mut b = b.borrow_mut();
                        b.clear();
                        b.extend(folded.chars());
                        p.matches(&b[..])
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
            Kind::All | Kind::Age { .. } => vec![],
            Kind::Substring(n) => {
                let needle: Vec<Option<char>> = n.chars().map(Some).collect();
                let len = needle.len();
                Segment::new(needle, true)
                    .find(&chars[..])
                    .map(|i| vec![(i, i + len)])
                    .unwrap_or_default()
            }
            Kind::Pattern(p) => {
                let Some(hits) = p.find(&chars[..]) else {
                    return vec![];
                };
                let mut spans: Vec<(usize, usize)> = Vec::new();
                for (at, seg) in hits {
                    for (i, t) in seg.toks.iter().enumerate() {
                        if t.is_none() {
                            continue;
                        }
                        let i = at + i;
                        match spans.last_mut() {
                            Some(last) if last.1 == i => last.1 = i + 1,
                            _ => spans.push((i, i + 1)),
                        }
                    }
                }
                spans
            }
        }
    }
}

/// Convenience: does `mask` match `text`?
pub fn matches(mask: &str, text: &str) -> bool {
    Mask::new(mask).matches(text)
}

thread_local! {
    static BUF: std::cell::RefCell<Vec<char>> = const { std::cell::RefCell::new(Vec::new()) };
    static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A text symbol the matcher compares with a mask character: a byte of ASCII text, or a char.
trait Sym: Copy {
    fn is(self, c: char) -> bool;
    fn code(self) -> u32;
}

impl Sym for u8 {
    #[inline]
    fn is(self, c: char) -> bool {
        self as u32 == c as u32
    }
    #[inline]
    fn code(self) -> u32 {
        self as u32
    }
}

impl Sym for char {
    #[inline]
    fn is(self, c: char) -> bool {
        self == c
    }
    #[inline]
    fn code(self) -> u32 {
        self as u32
    }
}

#[cfg(test)]
mod tests;
