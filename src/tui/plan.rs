//! The plan popup: before a change to many things is sent, each row (`object · user · from → to`)
//! as the policy judged it, the counts, and what is refused and why. Enter answers the room that
//! opened it, which sends its batch; Esc drops the plan and sends nothing.
use super::keymap::{Action, Context};
use super::room::{Answer, Cx, Flow, Room};
use super::session::Session;
use crate::plan::{Outcome, Plan};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub struct PlanRoom {
    pub plan: Plan,
    /// A warning above the rows (the change lowers the viewer's own access).
    pub warn: Option<String>,
    offset: usize,
}

impl PlanRoom {
    pub fn new(plan: Plan) -> Self {
        PlanRoom {
            plan,
            warn: None,
            offset: 0,
        }
    }

    pub fn warn(mut self, w: Option<String>) -> Self {
        self.warn = w;
        self
    }

    fn page(s: &Session) -> usize {
        (s.main_area().height as usize).saturating_sub(8).max(1)
    }

    /// The rows worth reading first: changes and refusals, then what is already so.
    fn order(&self) -> Vec<usize> {
        let rank = |o: Outcome| match o {
            Outcome::Change => 0,
            Outcome::Refused | Outcome::Moved => 1,
            Outcome::Same => 2,
        };
        let mut idx: Vec<usize> = (0..self.plan.rows.len()).collect();
        idx.sort_by_key(|i| rank(self.plan.rows[*i].outcome));
        idx
    }
}

/// The warning over a plan that lowers the viewer's own access.
pub const LOWERS_OWN: &str = "this lowers your own access: you cannot raise it again yourself";

/// Opens a plan over the room that asked; its `answered` hears Enter.
pub fn show(cx: &mut Cx, plan: Plan, warn: Option<String>) {
    cx.push(super::room::Layer::Plan(Box::new(PlanRoom::new(plan).warn(warn))));
}

impl Room for PlanRoom {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Plan]
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        let page = Self::page(cx.s);
        let last = self.plan.rows.len().saturating_sub(1);
        match cx.s.keys.lookup(Context::Plan, k) {
            Some(Action::Up) => self.offset = self.offset.saturating_sub(1),
            Some(Action::Down) => self.offset = (self.offset + 1).min(last),
            Some(Action::PageUp) => self.offset = self.offset.saturating_sub(page),
            Some(Action::PageDown) => self.offset = (self.offset + page).min(last),
            Some(Action::Top) => self.offset = 0,
            Some(Action::Bottom) => self.offset = last,
            Some(Action::Apply) if self.plan.counts.change == 0 => {
                cx.error("nothing in this plan may be applied: Esc drops it");
            }
            Some(Action::Apply) => cx.answer(Answer::Apply),
            Some(Action::Back) => {
                cx.info("plan dropped: nothing was sent");
                cx.pop();
            }
            Some(Action::Help | Action::CommandLine | Action::Quit | Action::ToggleMouse) => return Flow::Pass,
            _ => cx.quiet(),
        }
        Flow::Done
    }

    fn popup(&self) -> bool {
        true
    }

    fn hints(&self, s: &Session) -> String {
        s.keys.hint(
            Context::Plan,
            &[
                (Some(Action::Apply), "apply"),
                (Some(Action::Back), "drop"),
                (Some(Action::Down), "scroll"),
            ],
            "  ",
        )
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        let t = &s.theme;
        let r = area.centered(
            Constraint::Length(area.width.saturating_sub(2).max(20)),
            Constraint::Length(area.height.saturating_sub(2).max(6)),
        );
        f.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border())
            .title(Span::styled(format!(" Plan: {} ", self.plan.action), t.title()))
            .title_bottom(Line::from(format!(" {} ", self.plan.summary())).right_aligned());
        let inner = block.inner(r);
        f.render_widget(block, r);
        let head = 1 + u16::from(self.warn.is_some());
        let [top, body, foot] =
            Layout::vertical([Constraint::Length(head), Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let mut lines = vec![Line::from(Span::styled(
            "object · user · from → to   (✗ refused, = already so)",
            t.dim(),
        ))];
        if let Some(w) = &self.warn {
            lines.insert(0, Line::from(Span::styled(format!("⚠ {w}"), t.error())));
        }
        f.render_widget(Paragraph::new(lines), top);
        let rows: Vec<Line> = self
            .order()
            .into_iter()
            .skip(self.offset)
            .take(body.height as usize)
            .map(|i| {
                let r = &self.plan.rows[i];
                let (mark, style) = match r.outcome {
                    Outcome::Change => ("  ", t.level(crate::domain::AccessLevel::Manage)),
                    Outcome::Same => ("= ", t.dim()),
                    Outcome::Refused => ("✗ ", t.error()),
                    Outcome::Moved => ("≠ ", t.dim()),
                };
                let mut spans = vec![
                    Span::styled(mark, style),
                    Span::raw(format!("{} · {} · ", r.target, r.what)),
                    Span::styled(format!("{} → {}", r.from, r.to), style),
                ];
                if let Some(why) = &r.reason {
                    spans.push(Span::styled(format!("   {why}"), t.dim()));
                }
                Line::from(spans)
            })
            .collect();
        f.render_widget(Paragraph::new(rows), body);
        let n = self.plan.counts.change;
        let foot_text = if n == 0 {
            "nothing to apply · Esc drops the plan".to_string()
        } else {
            format!(
                "Enter applies {n} change{} as one batch · Esc drops the plan",
                if n == 1 { "" } else { "s" }
            )
        };
        f.render_widget(Paragraph::new(Span::styled(foot_text, t.header())), foot);
    }
}
