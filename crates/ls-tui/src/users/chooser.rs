//! `c` on the users list: which columns it shows and in what order. A popup the users room
//! owns; Enter applies the choice and keeps it in the config (`[users] columns`).
use super::pane::{column_title, UsersPane};
use crate::theme::Theme;
use ls_core::domain::query::Column;
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub struct Chooser {
    /// Every column, the shown ones first in their order, each with whether it is shown.
    rows: Vec<(Column, bool)>,
    cursor: usize,
    /// Why the last key did nothing (the login cannot be hidden).
    pub note: Option<String>,
}

/// What a key did in the chooser.
pub enum Chose {
    Stay,
    Cancel,
    Apply(Vec<Column>),
}

impl Chooser {
    pub fn new(order: &[Column]) -> Self {
        let mut rows: Vec<(Column, bool)> = order.iter().map(|c| (*c, true)).collect();
        rows.extend(Column::ALL.iter().filter(|c| !order.contains(c)).map(|c| (*c, false)));
        Chooser {
            rows,
            cursor: 0,
            note: None,
        }
    }

    fn order(&self) -> Vec<Column> {
        self.rows.iter().filter(|(_, on)| *on).map(|(c, _)| *c).collect()
    }

    pub fn key(&mut self, k: &KeyEvent) -> Chose {
        self.note = None;
        let last = self.rows.len() - 1;
        let shift = k.modifiers.contains(KeyModifiers::SHIFT);
        match k.code {
            KeyCode::Esc => return Chose::Cancel,
            KeyCode::Enter => return Chose::Apply(self.order()),
            KeyCode::Up if shift => self.shift_by(-1),
            KeyCode::Down if shift => self.shift_by(1),
            KeyCode::Char('K') => self.shift_by(-1),
            KeyCode::Char('J') => self.shift_by(1),
            KeyCode::Up | KeyCode::Char('k') => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.cursor = (self.cursor + 1).min(last),
            KeyCode::Char(' ') => {
                let (c, on) = &mut self.rows[self.cursor];
                if *c == Column::Login {
                    self.note = Some(t!("users-columns-login-stays"));
                } else {
                    *on = !*on;
                }
            }
            _ => {}
        }
        Chose::Stay
    }

    /// Moves the column under the cursor up or down (the cursor goes with it).
    fn shift_by(&mut self, d: isize) {
        let to = self.cursor as isize + d;
        if to < 0 || to >= self.rows.len() as isize {
            return;
        }
        self.rows.swap(self.cursor, to as usize);
        self.cursor = to as usize;
    }

    pub fn hints() -> String {
        t!("users-columns-hints")
    }

    /// Drawn over `pane`: a ticked column that does not fit at the list's width (as the choice
    /// stands) says so; ←/→ onto it in the list still brings it into view.
    pub fn draw(&self, f: &mut Frame, area: Rect, theme: &Theme, pane: &UsersPane) {
        let fits = pane.fits(&self.order(), pane.width);
        let mut lines: Vec<Line> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, (c, on))| {
                let mark = if *on { "[x]" } else { "[ ]" };
                let st = if i == self.cursor {
                    theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                let mut text = format!("{mark} {}", column_title(*c));
                if *on && !fits.contains(c) {
                    text.push(' ');
                    text.push_str(&t!("users-columns-no-fit"));
                }
                Line::from(Span::styled(text, st))
            })
            .collect();
        lines.push(Line::from(""));
        match &self.note {
            Some(n) => lines.push(Line::from(Span::styled(n.clone(), theme.error()))),
            None => lines.push(Line::from(Span::styled(t!("users-columns-keys"), theme.dim()))),
        }
        crate::popup::draw(
            f,
            area,
            &t!("users-columns-title"),
            theme.border(),
            Paragraph::new(lines),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn hides_and_moves_columns_but_never_the_login() {
        let mut ch = Chooser::new(&Column::ALL);
        ch.key(&key(KeyCode::Char(' ')));
        assert!(ch.note.is_some(), "the login cannot be hidden");
        ch.key(&key(KeyCode::Down));
        ch.key(&key(KeyCode::Char(' ')));
        ch.key(&key(KeyCode::Down));
        ch.key(&key(KeyCode::Char('K')));
        let Chose::Apply(order) = ch.key(&key(KeyCode::Enter)) else {
            panic!("Enter applies");
        };
        assert_eq!(order[..2], [Column::Login, Column::Roles]);
        assert!(!order.contains(&Column::Username));
        assert_eq!(order.len(), Column::ALL.len() - 1);
        assert!(matches!(Chooser::new(&order).key(&key(KeyCode::Esc)), Chose::Cancel));
    }
}
