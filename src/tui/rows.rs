//! A cursor over a list of rows, shared by the objects tree and the object card: moving with
//! an optional range selection, and keeping the cursor on screen.

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

/// `s` padded to `n` characters, or cut to `n` with `…` where it does not fit.
pub fn fit(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        format!("{s:<n$}")
    } else {
        let cut: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{cut}…")
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
}
