//! A cursor over a list of rows, shared by the objects tree and the object card: moving with
//! an optional range selection, and keeping the cursor on screen; and the cells' text.
use ls_core::domain::text::visible;

/// The cursor, the first row on screen, and where a Shift-selection started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowCursor {
    pub cursor: usize,
    pub offset: usize,
    anchor: Option<usize>,
}

impl RowCursor {
    /// Moves by `d` within `len` rows. With `extend` (Shift held), every row between where the
    /// range started and the new cursor is passed to `select`.
    pub fn move_by(&mut self, len: usize, d: isize, extend: bool, mut select: impl FnMut(usize)) {
        if len == 0 {
            return;
        }
        if extend {
            self.anchor.get_or_insert(self.cursor);
        } else {
            self.anchor = None;
        }
        self.cursor = (self.cursor as isize + d).clamp(0, len as isize - 1) as usize;
        if let Some(a) = self.anchor {
            for row in a.min(self.cursor)..=a.max(self.cursor) {
                select(row);
            }
        }
    }

    /// After the rows changed: stay inside them and forget a half-made range.
    pub fn clamp(&mut self, len: usize) {
        self.cursor = self.cursor.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.cursor);
        self.anchor = None;
    }

    pub fn reset(&mut self) {
        *self = RowCursor::default();
    }

    /// Scrolls so the cursor is among the `h` rows shown.
    pub fn scroll_into_view(&mut self, h: usize) {
        let h = h.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + h {
            self.offset = self.cursor + 1 - h;
        }
    }
}

/// `s` padded to `n` characters, or cut to `n` with `…` where it does not fit (made visible as
/// [`cut`] makes it).
pub fn fit(s: &str, n: usize) -> String {
    format!("{:<n$}", cut(s, n))
}

/// `s` in lines of at most `n` characters, broken between words (a word longer than a line is
/// broken inside it); each word made visible as [`cut`] makes it.
pub fn wrap_words(s: &str, n: usize) -> Vec<String> {
    wrap_in(s, n, n)
}

/// As [`wrap_words`], the first line `first` wide and the others `rest`.
fn wrap_in(s: &str, first: usize, rest: usize) -> Vec<String> {
    let (first, rest) = (first.max(1), rest.max(1));
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let mut word: Vec<char> = visible(word).chars().collect();
        loop {
            let n = if out.is_empty() { first } else { rest };
            let used = line.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + word.len() <= n {
                if gap == 1 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if used > 0 {
                out.push(std::mem::take(&mut line));
                continue;
            }
            line = word.drain(..n).collect();
            out.push(std::mem::take(&mut line));
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    // No orphan: a last line of one short word (`tab 4` → a lone `4`) takes the word before it
    // along, where that still fits.
    if let [.., prev, last] = out.as_mut_slice() {
        if last.chars().count() <= 3 && !last.contains(' ') {
            let split = prev.rsplit_once(' ').map(|(h, w)| (h.to_string(), w.to_string()));
            if let Some((head, word)) = split {
                if word.chars().count() + 1 + last.chars().count() <= rest && !head.is_empty() {
                    *last = format!("{word} {last}");
                    *prev = head;
                }
            }
        }
    }
    out
}

/// `s` cut to `n` characters, its last one `…` when anything was cut. Every cell of the console
/// passes here, so this is where untrusted text is made visible for the screen: control, bidi
/// and invisible characters shown as `\n` or `⟨U+200B⟩` (`domain::text::visible`), before the
/// cut, so the width counted is the width shown.
pub fn cut(s: &str, n: usize) -> String {
    let s = visible(s);
    if s.chars().count() <= n {
        s.into_owned()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A block's title or bottom text (a notice such as the card's read-only one) for a block
/// `outer` columns wide: `s` padded with a space each side, its beginning kept and `…` at its
/// end where it does not fit between the corners (ratatui would cut a right-aligned one from
/// the left, losing what it says first).
pub fn notice(s: &str, outer: u16) -> String {
    let room = (outer as usize).saturating_sub(4);
    if room == 0 {
        return String::new();
    }
    format!(" {} ", cut(s, room))
}

/// A hint line's "key word" pieces, and what joins them (` · ` or two spaces).
pub fn hint_pieces(s: &str) -> (Vec<&str>, &'static str) {
    let sep = if s.contains(" · ") { " · " } else { "  " };
    let pieces = s.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
    (pieces, sep)
}

/// A hint line in `n` columns: whole when it fits; else the least important pieces give way —
/// the last first, a piece starting with one of `keep` (the help keys: where every other key
/// is listed) last of all — and `…` at the end says some are left out. Nothing fits: the line cut.
pub fn fit_hints(s: &str, n: usize, keep: &[&str]) -> String {
    let len = |x: &str| x.chars().count();
    if len(s) <= n {
        return s.to_string();
    }
    let (pieces, sep) = hint_pieces(s);
    let kept_last = |p: &str| keep.iter().any(|k| !k.is_empty() && p.starts_with(&format!("{k} ")));
    // The order pieces give way in: from the end, the help key's last.
    let mut order: Vec<usize> = (0..pieces.len()).rev().filter(|i| !kept_last(pieces[*i])).collect();
    order.extend((0..pieces.len()).rev().filter(|i| kept_last(pieces[*i])));
    let mut shown = vec![true; pieces.len()];
    for i in order {
        shown[i] = false;
        let kept: Vec<&str> = pieces
            .iter()
            .zip(&shown)
            .filter(|(_, s)| **s)
            .map(|(p, _)| *p)
            .collect();
        if kept.is_empty() {
            break;
        }
        let line = format!("{}{sep}…", kept.join(sep));
        if len(&line) <= n {
            return line;
        }
    }
    if n >= 2 {
        cut(s, n)
    } else {
        String::new()
    }
}

/// A line of spans cut to `n` columns, its last one `…` where anything was cut (the spans keep
/// their styles; the text is taken as it is, so make it visible first).
pub fn cut_line(line: ratatui::text::Line<'static>, n: usize) -> ratatui::text::Line<'static> {
    use ratatui::text::Span;
    let total: usize = line.spans.iter().map(|s| s.content.chars().count()).sum();
    if total <= n {
        return line;
    }
    let mut left = n.saturating_sub(1);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut last_style = ratatui::style::Style::new();
    for sp in line.spans {
        if left == 0 {
            break;
        }
        let take: String = sp.content.chars().take(left).collect();
        left -= take.chars().count();
        last_style = sp.style;
        spans.push(Span::styled(take, sp.style));
    }
    if n > 0 {
        spans.push(Span::styled("…", last_style));
    }
    let mut out = ratatui::text::Line::from(spans);
    out.style = line.style;
    out.alignment = line.alignment;
    out
}

/// `s` wrapped in `n` columns, the lines after the first indented by `indent` spaces (a help
/// row's description under its own column).
pub fn wrap_hanging(s: &str, n: usize, indent: usize) -> Vec<String> {
    if indent + 1 >= n {
        return wrap_words(s, n);
    }
    let mut out = wrap_in(s, n, n - indent);
    for l in out.iter_mut().skip(1) {
        *l = format!("{}{l}", " ".repeat(indent));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_selection_and_scrolling() {
        let mut c = RowCursor::default();
        let mut picked = Vec::new();
        c.move_by(10, 2, false, |r| picked.push(r));
        assert!(picked.is_empty());
        c.move_by(10, 3, true, |r| picked.push(r));
        assert_eq!((c.cursor, picked), (5, vec![2, 3, 4, 5]));
        c.move_by(10, 100, false, |_| {});
        assert_eq!(c.cursor, 9);
        c.scroll_into_view(4);
        assert_eq!(c.offset, 6);
        c.clamp(3);
        assert_eq!((c.cursor, c.offset), (2, 2));
    }

    #[test]
    fn words_wrap_between_words_and_nothing_is_lost() {
        let s = "the first name may hold letters, spaces and hyphens only";
        for n in [5usize, 12, 20, 80] {
            let lines = wrap_words(s, n);
            assert!(lines.iter().all(|l| l.chars().count() <= n), "{n}: {lines:?}");
            assert_eq!(
                lines.join(" ").split_whitespace().collect::<String>(),
                s.split_whitespace().collect::<String>()
            );
        }
        assert_eq!(wrap_words("ab cd", 4), ["ab", "cd"]);
        assert_eq!(wrap_words("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(cut("Test4@demo.example", 12), "Test4@demo.…");
        assert_eq!(cut("short", 12), "short");
        assert_eq!(cut("Иванов", 6), "Иванов");
        assert_eq!(cut("Иванова", 6), "Ивано…");
        // No lone short word on the last line.
        assert_eq!(wrap_words("finer levels on tab 4", 19), ["finer levels on", "tab 4"]);
    }

    #[test]
    fn notices_keep_their_start_and_hints_give_way_one_by_one() {
        assert_eq!(notice("read-only: the viewer holds a role", 20), " read-only: the … ");
        assert_eq!(notice("short", 40), " short ");
        let h = "/ search  s sort  Enter open  ? help  q quit";
        assert_eq!(fit_hints(h, 80, &["?"]), h);
        assert_eq!(fit_hints(h, 39, &["?"]), "/ search  s sort  Enter open  ? help  …");
        assert_eq!(fit_hints(h, 38, &["?"]), "/ search  s sort  ? help  …");
        assert_eq!(fit_hints(h, 30, &["?"]), "/ search  s sort  ? help  …");
        assert_eq!(fit_hints(h, 14, &["?"]), "? help  …");
        assert_eq!(fit_hints("a b · c d", 7, &[]), "a b · …");
        let l = ratatui::text::Line::from(vec![ratatui::text::Span::raw("abc"), ratatui::text::Span::raw("defgh")]);
        let c = cut_line(l, 6);
        assert_eq!(c.to_string(), "abcde…");
        assert_eq!(
            wrap_hanging("one two three four", 12, 4),
            ["one two", "    three", "    four"]
        );
    }

    #[test]
    fn cells_show_terminal_sequences_instead_of_obeying_them() {
        assert_eq!(cut("a\u{1b}[2Jb", 40), "a⟨U+001B⟩[2Jb");
        assert_eq!(cut("one\ntwo", 40), "one\\ntwo");
        assert_eq!(cut("x\u{202E}y", 5), "x⟨U+…");
        assert_eq!(fit("\u{200B}", 10), "⟨U+200B⟩  ");
        assert_eq!(
            wrap_words("bad\u{1b}]0;t\u{7} word", 40),
            ["bad⟨U+001B⟩]0;t⟨U+0007⟩ word"]
        );
    }
}
