//! A cursor over a list of rows, shared by the objects tree and the object card: moving with
//! an optional range selection, and keeping the cursor on screen; and the cells' text.
use crate::domain::text::visible;

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
    let n = n.max(1);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let mut word: Vec<char> = visible(word).chars().collect();
        loop {
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
