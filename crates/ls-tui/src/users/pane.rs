//! References › Users: the list with a search field under every column, sorting, and only the
//! visible rows rendered.
use crate::field;
use crate::theme::{Theme, BLOCKED_MARK};
use ls_core::domain::query::{Column, Order, UserIndex};
use ls_core::domain::text::visible;
use ls_core::domain::wildcard::Mask;
use ls_core::domain::{Login, User};
use ls_core::t;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;
use std::sync::Arc;
use tui_input::Input;

use super::columns::{self, NCOL, SPACING};

#[derive(Default)]
pub struct UsersPane {
    /// The users (shared with the session: other rooms read them too).
    pub index: Arc<UserIndex>,
    /// All users the viewer may see (the server's total).
    pub total: usize,
    /// Every user, in the current sort order.
    sorted: Vec<usize>,
    /// The rows shown: indices into `index.users`, in order.
    pub rows: Vec<usize>,
    pub inputs: [Input; NCOL],
    /// The masks the rows were computed with.
    applied: [String; NCOL],
    pub focus: usize,
    /// Why there are no rows at all (e.g. the server could not be reached), with what to do.
    pub note: Option<String>,
    pub sort: (Column, Order),
    pub selected: usize,
    pub offset: usize,
    pub loaded: bool,
    /// The width it was last laid out at: which columns are shown.
    pub width: u16,
    /// `:blocked`: only the users whose Login allowed is off.
    pub blocked_only: bool,
    /// The columns in the user's order (config `[users] columns`, the `c` chooser).
    pub order: Vec<Column>,
    /// Every column's wanted and longest cell widths.
    content: [(u16, u16); NCOL],
    /// The focused column when it does not fit at this width otherwise: moving the focus onto
    /// it (←/→, Tab) brings it into view, the least important shown one giving way, so every
    /// column can be searched and sorted at any width.
    reveal: Option<Column>,
}

/// Whether rows matching `new` are surely a subset of rows matching `old`, so the new filter
/// may start from the old result (typing one more character).
fn narrows(old: &str, new: &str) -> bool {
    if ls_core::domain::wildcard::is_age(new) || ls_core::domain::wildcard::is_age(old) {
        return false;
    }
    if old.is_empty() {
        return true;
    }
    new.starts_with(old) && (!old.contains(['*', '?']) || old.ends_with('*'))
}

impl UsersPane {
    pub fn new() -> Self {
        UsersPane {
            sort: (Column::Login, Order::Asc),
            order: Column::ALL.to_vec(),
            ..Default::default()
        }
    }

    /// Replaces the data, keeping the filter, the sort and (when it is still there) the selected user.
    pub fn set_users(&mut self, index: Arc<UserIndex>, total: usize) {
        let keep = self.selected_user().map(|u| u.login);
        self.content = columns::content_widths(&index);
        self.index = index;
        self.total = total;
        self.loaded = true;
        self.resort();
        if let Some(l) = keep {
            self.select_login(l);
        }
    }

    pub fn select_login(&mut self, l: Login) {
        if let Some(p) = self.rows.iter().position(|&i| self.index.users[i].login == l) {
            self.selected = p;
        }
    }

    fn masks(&self) -> Vec<(Column, Mask)> {
        Column::ALL
            .iter()
            .zip(&self.inputs)
            .map(|(c, i)| (*c, Mask::new(i.value())))
            .collect()
    }

    fn resort(&mut self) {
        let mut all: Vec<usize> = (0..self.index.len()).collect();
        self.index.sort(&mut all, self.sort.0, self.sort.1);
        self.sorted = all;
        self.refilter(true);
    }

    /// Recomputes the rows; from the previous rows when every field only narrowed.
    fn refilter(&mut self, full: bool) {
        let now: [String; NCOL] = std::array::from_fn(|i| self.inputs[i].value().to_string());
        let incremental = !full && self.applied.iter().zip(&now).all(|(o, n)| narrows(o, n));
        let masks = self.masks();
        self.rows = if incremental {
            self.index.refine(&self.rows, &masks)
        } else {
            self.index.refine(&self.sorted, &masks)
        };
        if self.blocked_only {
            let users = &self.index.users;
            self.rows.retain(|i| !users[*i].login_allowed);
        }
        self.applied = now;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// `:blocked`: only blocked users, or everyone again; says which.
    pub fn toggle_blocked(&mut self) -> bool {
        self.blocked_only = !self.blocked_only;
        self.refilter(true);
        self.blocked_only
    }

    pub fn filters_active(&self) -> bool {
        self.inputs.iter().any(|i| !i.value().is_empty())
    }

    /// An editing key in the focused search field; returns whether it was one.
    pub fn edit_filter(&mut self, key: &KeyEvent) -> bool {
        let before = self.inputs[self.focus].value().to_string();
        if !field::edit(&mut self.inputs[self.focus], key) {
            return false;
        }
        if self.inputs[self.focus].value() != before {
            self.selected = 0;
            self.offset = 0;
            self.refilter(false);
        }
        true
    }

    pub fn clear_field(&mut self) {
        self.inputs[self.focus] = Input::default();
        self.refilter(true);
    }

    /// Empties every search field; the user under the cursor stays under it.
    pub fn clear_filters(&mut self) {
        let keep = self.selected_user().map(|u| u.login);
        for i in &mut self.inputs {
            *i = Input::default();
        }
        self.refilter(true);
        if let Some(l) = keep {
            self.select_login(l);
        }
    }

    /// Moves the focus by `d` columns, over every column of the user's order (not only the
    /// ones shown): a column that does not fit comes into view while it has the focus. It stops
    /// at the first and the last (no wrapping round to the other end).
    pub fn focus_by(&mut self, d: isize) {
        if self.order.is_empty() {
            return;
        }
        let at = self.order.iter().position(|c| c.index() == self.focus).unwrap_or(0) as isize;
        let to = (at + d).clamp(0, self.order.len() as isize - 1) as usize;
        let c = self.order[to];
        self.focus = c.index();
        let fits = self.fits(&self.order, self.width).contains(&c);
        self.reveal = (!fits).then_some(c);
    }

    /// The columns shown at `width` (inside the border) and their widths.
    pub fn laid(&self, width: u16) -> Vec<(Column, u16)> {
        self.lay(&self.order, width, self.reveal.filter(|c| c.index() == self.focus))
    }

    /// The columns of `order` shown at `width` as things stand, but for one brought into view by
    /// the focus: what fits at this width (the column chooser marks the rest).
    pub fn fits(&self, order: &[Column], width: u16) -> Vec<Column> {
        self.lay(order, width, None).into_iter().map(|(c, _)| c).collect()
    }

    /// Searched columns, and `reveal`, are kept as the login is: before any other.
    fn lay(&self, order: &[Column], width: u16, reveal: Option<Column>) -> Vec<(Column, u16)> {
        let titles = Column::ALL.map(|c| column_title(c).chars().count() as u16);
        let kept: [bool; NCOL] =
            std::array::from_fn(|i| !self.inputs[i].value().is_empty() || reveal.is_some_and(|c| c.index() == i));
        columns::lay_out(order, &self.content, &titles, &kept, width)
    }

    /// Laid out at `width` (inside the border): a focus on a column no longer shown moves to
    /// the nearest one shown before it.
    pub fn set_width(&mut self, width: u16) {
        self.width = width;
        self.keep_focus_shown();
    }

    fn keep_focus_shown(&mut self) {
        let shown = self.laid(self.width);
        if shown.iter().any(|(c, _)| c.index() == self.focus) {
            return;
        }
        let at = self.order.iter().position(|c| c.index() == self.focus).unwrap_or(0);
        let before = self.order[..at.min(self.order.len())]
            .iter()
            .rev()
            .find(|c| shown.iter().any(|(s, _)| s == *c));
        self.focus = before.or(shown.first().map(|(c, _)| c)).map_or(0, |c| c.index());
        self.reveal = None;
    }

    /// The columns in a new order, some perhaps left out: a column left out loses its search.
    pub fn set_order(&mut self, order: Vec<Column>) {
        let mut order: Vec<Column> = order.into_iter().fold(Vec::new(), |mut v, c| {
            if !v.contains(&c) {
                v.push(c);
            }
            v
        });
        if !order.contains(&Column::Login) {
            order.insert(0, Column::Login);
        }
        let mut dropped = false;
        for c in Column::ALL {
            if !order.contains(&c) && !self.inputs[c.index()].value().is_empty() {
                self.inputs[c.index()] = Input::default();
                dropped = true;
            }
        }
        self.order = order;
        if dropped {
            self.refilter(true);
        }
        self.keep_focus_shown();
    }

    /// `s`: sort by the focused column; again on the same column reverses.
    pub fn toggle_sort(&mut self) {
        let col = Column::ALL[self.focus];
        self.sort = if self.sort.0 == col {
            (
                col,
                if self.sort.1 == Order::Asc {
                    Order::Desc
                } else {
                    Order::Asc
                },
            )
        } else {
            (col, Order::Asc)
        };
        let keep = self.selected_user().map(|u| u.login);
        self.resort();
        if let Some(l) = keep {
            self.select_login(l);
        }
    }

    pub fn move_by(&mut self, d: isize) {
        if self.rows.is_empty() {
            return;
        }
        let max = self.rows.len() as isize - 1;
        self.selected = (self.selected as isize + d).clamp(0, max) as usize;
    }

    /// A user just saved from the list (blocked or unblocked): its row shows it at once, before
    /// the list is read again. Only what `b` changes is taken, so the search index still holds.
    pub fn patch_user(&mut self, u: &User) {
        let Some(i) = self.index.users.iter().position(|x| x.login == u.login) else {
            return;
        };
        let mut index = UserIndex::clone(&self.index);
        let x = &mut index.users[i];
        x.login_allowed = u.login_allowed;
        x.version = u.version;
        x.updated_at = u.updated_at.clone();
        self.index = Arc::new(index);
    }

    pub fn select_row(&mut self, r: usize) {
        if r < self.rows.len() {
            self.selected = r;
        }
    }

    pub fn selected_user(&self) -> Option<&User> {
        self.rows.get(self.selected).map(|&i| &self.index.users[i])
    }

    pub fn shown_users(&self) -> Vec<&User> {
        self.rows.iter().map(|&i| &self.index.users[i]).collect()
    }

    /// Keeps the selection on screen for a list `height` rows tall.
    pub fn scroll_into_view(&mut self, height: usize) {
        let h = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        let max_off = self.rows.len().saturating_sub(h);
        self.offset = self.offset.min(max_off);
    }

    /// Rows of data that fit in `area` (borders and header lines taken off).
    pub fn body_height(&self, area: Rect, searching: bool) -> usize {
        let header = if searching || self.filters_active() { 2 } else { 1 };
        area.height.saturating_sub(2 + header) as usize
    }

    /// The screen row (0-based in the body) → row index, for mouse clicks.
    pub fn row_at(&self, area: Rect, searching: bool, y: u16) -> Option<usize> {
        let header = if searching || self.filters_active() { 2 } else { 1 };
        let top = area.y + 1 + header;
        if y < top || y >= area.y + area.height.saturating_sub(1) {
            return None;
        }
        let r = self.offset + (y - top) as usize;
        (r < self.rows.len()).then_some(r)
    }

    /// The column at screen column `x` of the list drawn in `area`.
    pub fn column_at(&self, area: Rect, x: u16) -> Option<Column> {
        let mut left = area.x + 1;
        for (c, w) in self.laid(area.width.saturating_sub(2)) {
            if x >= left && x < left + w {
                return Some(c);
            }
            left += w + SPACING;
        }
        None
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, searching: bool) {
        let show_filters = searching || self.filters_active();
        let footer = if self.loaded {
            let shown = t!("users-shown", shown = self.rows.len(), n = self.total);
            if self.blocked_only {
                format!(" {} · {} ", t!("users-blocked-only"), shown)
            } else {
                format!(" {shown} ")
            }
        } else if self.note.is_some() {
            // A failed load says so here too, not `loading…` under the error.
            format!(" {} ", t!("users-failed-short"))
        } else {
            format!(" {} ", t!("users-loading-short"))
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(format!(" {} ", t!("users-title")), theme.title()))
            .title_bottom(Line::from(footer).right_aligned());
        let inner = block.inner(area);
        f.render_widget(block, area);
        if !self.loaded {
            let (msg, style) = match &self.note {
                Some(n) => (visible(n).into_owned(), theme.error()),
                None => (t!("users-loading"), theme.dim()),
            };
            f.render_widget(
                Paragraph::new(msg)
                    .style(style)
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                inner,
            );
            return;
        }
        let laid = self.laid(inner.width);
        let header_cells = laid.iter().map(|&(c, w)| {
            let i = c.index();
            let w = w as usize;
            let arrow = if self.sort.0 == c {
                if self.sort.1 == Order::Asc {
                    " ▲"
                } else {
                    " ▼"
                }
            } else {
                ""
            };
            let style = if i == self.focus {
                theme.focused_header()
            } else {
                theme.header()
            };
            let title = crate::rows::cut(&column_title(c), w.saturating_sub(arrow.chars().count()).max(1));
            let mut lines = vec![Line::from(Span::styled(format!("{title}{arrow}"), style))];
            if show_filters {
                let v = self.inputs[i].value();
                let st = if searching && i == self.focus {
                    theme.field_focused()
                } else if searching {
                    theme.field()
                } else {
                    theme.dim()
                };
                let scroll = if searching && i == self.focus {
                    self.inputs[i].visual_scroll(w.saturating_sub(1))
                } else {
                    0
                };
                let shown: String = v.chars().skip(scroll).take(w).collect();
                lines.push(Line::from(Span::styled(format!("{shown:<w$}"), st)));
            }
            Cell::from(Text::from(lines))
        });
        let header = Row::new(header_cells).height(if show_filters { 2 } else { 1 });
        let body_h = inner.height.saturating_sub(if show_filters { 2 } else { 1 }) as usize;
        let masks = self.masks();
        let end = (self.offset + body_h).min(self.rows.len());
        // Only the visible slice becomes widgets: a frame costs the same for 10 or 9,999 users.
        let rows = (self.offset..end).map(|r| {
            let u = &self.index.users[self.rows[r]];
            let cells = laid.iter().map(|&(c, w)| {
                let ci = c.index();
                let mut text = c.text(u);
                if c == Column::Login {
                    text = if u.login_allowed {
                        format!(" {text}")
                    } else {
                        format!("{BLOCKED_MARK}{text}")
                    };
                }
                let m = &masks[ci].1;
                if m.is_empty() {
                    Cell::from(crate::rows::cut(&text, w as usize))
                } else {
                    let plain = c.text(u);
                    let shift = if c == Column::Login { 1 } else { 0 };
                    Cell::from(highlighted(&text, &m.highlight(&plain), shift, w as usize, theme))
                }
            });
            let mut style = if u.login_allowed {
                ratatui::style::Style::new()
            } else {
                theme.blocked()
            };
            if r == self.selected {
                style = style.patch(theme.selected());
            }
            Row::new(cells).style(style)
        });
        let table = Table::new(rows, laid.iter().map(|(_, w)| Constraint::Length(*w)))
            .header(header)
            .column_spacing(SPACING);
        f.render_widget(table, inner);
        if self.rows.is_empty() {
            let msg = match &self.note {
                Some(n) => visible(n).into_owned(),
                None if self.filters_active() => t!("users-none-match"),
                None => t!("users-none"),
            };
            let y = inner.y + if show_filters { 3 } else { 2 };
            if y < inner.y + inner.height {
                f.render_widget(Paragraph::new(msg).style(theme.dim()), Rect { y, height: 1, ..inner });
            }
        }
        if searching {
            let at = laid.iter().position(|(c, _)| c.index() == self.focus).unwrap_or(0);
            let x: u16 = inner.x + laid[..at].iter().map(|(_, w)| w).sum::<u16>() + SPACING * at as u16;
            let w = laid.get(at).map_or(1, |(_, w)| *w);
            let inp = &self.inputs[self.focus];
            let cx = (inp
                .visual_cursor()
                .saturating_sub(inp.visual_scroll((w as usize).saturating_sub(1)))) as u16;
            f.set_cursor_position((x + cx.min(w.saturating_sub(1)), inner.y + 1));
        }
    }
}

/// A column's title in the language in effect (the same words as `Column::title` in English).
pub fn column_title(c: Column) -> String {
    match c {
        Column::Login => t!("users-col-login"),
        Column::Username => t!("users-col-username"),
        Column::Roles => t!("users-col-roles"),
        Column::Dealer => t!("users-col-dealer"),
        Column::Email => t!("users-col-email"),
        Column::Phone => t!("users-col-phone"),
        Column::Mobile => t!("users-col-mobile"),
        Column::Source => t!("users-col-source"),
        Column::LastSignIn => t!("users-col-last-sign-in"),
    }
}

/// `text` cut to `w` with `…` (as `rows::cut`), the mask's matches in `spans` marked.
fn highlighted(text: &str, spans: &[(usize, usize)], shift: usize, w: usize, theme: &Theme) -> Line<'static> {
    // `spans` count the characters of the text as it is; the cell shows it made visible, where
    // one character may take several (`⟨U+200B⟩`, `\n`): each span is moved to where its
    // characters are shown, an escape inside a match marked whole.
    let mut at = Vec::with_capacity(text.len() + 1);
    at.push(0usize);
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let n = visible(c.encode_utf8(&mut buf)).chars().count();
        at.push(at[at.len() - 1] + n);
    }
    let place = |i: usize| at[i.min(at.len() - 1)];
    let spans: Vec<(usize, usize)> = spans
        .iter()
        .map(|&(a, b)| (place(a + shift), place(b + shift)))
        .collect();
    let text = crate::rows::cut(text, w);
    let cut = text.ends_with('…') && text.chars().count() == w;
    let chars: Vec<char> = text.chars().collect();
    // The `…` itself is never marked as a match.
    let end = if cut { chars.len() - 1 } else { chars.len() };
    let mut out = Vec::new();
    let mut pos = 0;
    for &(a, b) in &spans {
        let (a, b) = (a.min(end), b.min(end));
        if a >= b {
            continue;
        }
        if a > pos {
            out.push(Span::raw(chars[pos..a].iter().collect::<String>()));
        }
        out.push(Span::styled(chars[a..b].iter().collect::<String>(), theme.matched()));
        pos = b;
    }
    if pos < chars.len() {
        out.push(Span::raw(chars[pos..].iter().collect::<String>()));
    }
    Line::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_rule() {
        assert!(narrows("", "a"));
        assert!(narrows("ab", "abc"));
        assert!(narrows("ab", "ab*"));
        assert!(narrows("a*", "a*b"));
        assert!(!narrows("a?", "a?b"), "an anchored end may widen");
        assert!(!narrows("abc", "ab"));
    }
}
