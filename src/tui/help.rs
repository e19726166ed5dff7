//! `?`: every key of what is in front, generated from the key map in effect; scrolls when taller
//! than the screen; any other key closes it.
use super::keymap::Context;
use super::room::{Cx, Flow, Room};
use super::session::Session;
use crate::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub struct HelpRoom {
    /// The key map sections shown, the room's own first, `Global` last.
    contexts: Vec<Context>,
    /// The first line shown.
    pub scroll: usize,
}

impl HelpRoom {
    pub fn new(contexts: Vec<Context>) -> Self {
        HelpRoom { contexts, scroll: 0 }
    }

    fn lines(&self, s: &Session) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = Vec::new();
        for c in &self.contexts {
            lines.push(Line::from(Span::styled(c.title(), s.theme.header())));
            for (k, h) in s.keys.help_lines(*c) {
                lines.push(Line::from(format!("  {k:<16} {h}")));
            }
        }
        lines.push(Line::from(Span::styled(t!("keys-help-close"), s.theme.dim())));
        lines
    }

    /// Lines that fit on screen at once (inside the popup's border).
    fn rows(s: &Session) -> usize {
        s.main_area().height.saturating_sub(2).max(1) as usize
    }
}

impl Room for HelpRoom {
    fn contexts(&self) -> Vec<Context> {
        self.contexts.clone()
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        let rows = Self::rows(cx.s);
        let max = self.lines(cx.s).len().saturating_sub(rows);
        let s = &mut self.scroll;
        match k.code {
            KeyCode::Down | KeyCode::Char('j') if max > 0 => *s = (*s + 1).min(max),
            KeyCode::Up | KeyCode::Char('k') if max > 0 => *s = s.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') if max > 0 => *s = (*s + rows).min(max),
            KeyCode::PageUp if max > 0 => *s = s.saturating_sub(rows),
            // Any other key closes the help and does nothing else.
            _ => cx.pop(),
        }
        Flow::Done
    }

    fn popup(&self) -> bool {
        true
    }

    fn hints(&self, _s: &Session) -> String {
        t!("keys-help-hint")
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        let lines = self.lines(s);
        let total = lines.len();
        let h = (total as u16 + 2).min(area.height);
        let w = 76.min(area.width);
        let r = area.centered(Constraint::Length(w), Constraint::Length(h));
        let rows = h.saturating_sub(2) as usize;
        let mut block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", t!("keys-help-title")))
            .border_style(s.theme.border());
        let top = self.scroll.min(total.saturating_sub(rows));
        if rows < total {
            // Taller than the screen: say where we are and how to see the rest.
            block = block
                .title(Line::from(format!(" {} ", t!("keys-help-scroll"))).right_aligned())
                .title_bottom(
                    Line::from(format!(
                        " {} ",
                        t!("keys-help-position", from = top + 1, to = top + rows, total = total)
                    ))
                    .right_aligned(),
                );
        }
        f.render_widget(Clear, r);
        f.render_widget(Paragraph::new(lines).block(block).scroll((top as u16, 0)), r);
    }
}
