//! `?`: every key of what is in front, generated from the key map in effect; scrolls when taller
//! than the screen; any other key closes it.
use super::keymap::Context;
use super::room::{Cx, Flow, Room};
use super::rows::{cut, notice, wrap_hanging, wrap_words};
use super::session::Session;
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph};
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

    /// The lines at `width` columns of text: a description too long for its row wraps under
    /// itself (the keys keep their column), a title too long is cut with `…`.
    fn lines(&self, s: &Session, width: usize) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = Vec::new();
        for c in &self.contexts {
            lines.push(Line::from(Span::styled(cut(&c.title(), width), s.theme.header())));
            for (k, h) in s.keys.help_lines(*c) {
                let head = format!("  {k:<KEYS$} ");
                let indent = head.chars().count();
                if indent + 12 <= width {
                    for (i, part) in wrap_words(&h, width - indent).into_iter().enumerate() {
                        let lead = if i == 0 { head.clone() } else { " ".repeat(indent) };
                        lines.push(Line::from(format!("{lead}{part}")));
                    }
                } else {
                    // Too narrow for the keys' column: the key and what it does, wrapped.
                    let text = format!("{} {h}", k.trim());
                    for part in wrap_hanging(&text, width.saturating_sub(2).max(1), 2) {
                        lines.push(Line::from(format!("  {part}")));
                    }
                }
            }
        }
        for part in wrap_words(&t!("keys-help-close"), width) {
            lines.push(Line::from(Span::styled(part, s.theme.dim())));
        }
        lines
    }

    /// Where the help goes in `area` and its lines: as wide as its longest row allows on the
    /// screen (a margin of two columns either side), as tall as its lines or the screen.
    fn layout(&self, s: &Session, area: Rect) -> (Rect, Vec<Line<'static>>) {
        let max = area.width.saturating_sub(4).max(area.width.min(24));
        let mut natural = t!("keys-help-title").chars().count() + t!("keys-help-scroll").chars().count() + 6;
        for c in &self.contexts {
            natural = natural.max(c.title().chars().count());
            for (k, h) in s.keys.help_lines(*c) {
                natural = natural.max(3 + k.chars().count().max(KEYS) + h.chars().count());
            }
        }
        let w = ((natural + SIDES as usize) as u16).min(max);
        let lines = self.lines(s, w.saturating_sub(SIDES).max(1) as usize);
        let h = (lines.len() as u16 + 2).min(area.height);
        (area.centered(Constraint::Length(w), Constraint::Length(h)), lines)
    }

    /// Lines that fit on screen at once (inside the popup's border).
    fn rows(r: Rect) -> usize {
        r.height.saturating_sub(2).max(1) as usize
    }
}

/// The keys' column (wider keys push their description along).
const KEYS: usize = 16;
/// The columns the block takes: two borders and a column of padding each side.
const SIDES: u16 = 4;

impl Room for HelpRoom {
    fn contexts(&self) -> Vec<Context> {
        self.contexts.clone()
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        let (r, lines) = self.layout(cx.s, cx.s.main_area());
        let rows = Self::rows(r);
        let max = lines.len().saturating_sub(rows);
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
        let (r, lines) = self.layout(s, area);
        let total = lines.len();
        let rows = Self::rows(r);
        let title = notice(&t!("keys-help-title"), r.width);
        let mut block = Block::default()
            .borders(Borders::ALL)
            .title(title.clone())
            .border_style(s.theme.border())
            .padding(Padding::horizontal(1));
        let top = self.scroll.min(total.saturating_sub(rows));
        if rows < total {
            // Taller than the screen: say where we are and how to see the rest (the scroll keys
            // beside the title where both fit; the status line names them too).
            let scroll = format!(" {} ", t!("keys-help-scroll"));
            let both = title.chars().count() + scroll.chars().count() + 2;
            if both <= r.width as usize {
                block = block.title(Line::from(scroll).right_aligned());
            }
            let at = t!("keys-help-position", from = top + 1, to = top + rows, total = total);
            block = block.title_bottom(Line::from(notice(&at, r.width)).right_aligned());
        }
        f.render_widget(Clear, r);
        f.render_widget(Paragraph::new(lines).block(block).scroll((top as u16, 0)), r);
    }
}
