//! The plan popup: before a change to many things is sent, each row (`object · user · from → to`)
//! as the policy judged it, the counts, and what is refused and why. Enter answers the room that
//! opened it, which sends its batch; Esc drops the plan and sends nothing.
use super::keymap::{Action, Context};
use super::room::{Answer, Cx, Flow, Room};
use super::session::Session;
use crate::domain::text::visible;
use crate::plan::{Outcome, Plan};
use crate::t;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub struct PlanRoom {
    pub plan: Plan,
    /// A warning above the rows (the change lowers the viewer's own access): Enter then asks
    /// once more before the plan answers.
    pub warn: Option<String>,
    /// Enter was pressed on a warned plan: `y` applies, any other key keeps the plan.
    pub confirming: bool,
    offset: usize,
}

impl PlanRoom {
    pub fn new(plan: Plan) -> Self {
        PlanRoom {
            plan,
            warn: None,
            confirming: false,
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

/// The warning over a plan that lowers the viewer's own access on `n` objects.
pub fn lowers_own(n: usize) -> String {
    t!("plan-lowers-own", n = n)
}

/// Opens a plan over the room that asked; its `answered` hears Enter.
pub fn show(cx: &mut Cx, plan: Plan, warn: Option<String>) {
    cx.push(super::room::Layer::Plan(Box::new(PlanRoom::new(plan).warn(warn))));
}

impl Room for PlanRoom {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Plan]
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        if self.confirming {
            self.confirming = false;
            if matches!(k.code, ratatui::crossterm::event::KeyCode::Char('y' | 'Y' | 'н' | 'Н')) {
                cx.answer(Answer::Apply);
            } else {
                cx.info(t!("plan-kept"));
            }
            return Flow::Done;
        }
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
                cx.error(t!("plan-nothing-allowed"));
            }
            Some(Action::Apply) if self.warn.is_some() => self.confirming = true,
            Some(Action::Apply) => cx.answer(Answer::Apply),
            Some(Action::Back) => {
                cx.info(t!("plan-dropped"));
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
                (Some(Action::Apply), t!("plan-hint-apply")),
                (Some(Action::Back), t!("plan-hint-drop")),
                (Some(Action::Down), t!("plan-hint-scroll")),
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
            .title(Span::styled(
                format!(" {} ", t!("plan-title", action = visible(&self.plan.action))),
                t.title(),
            ))
            .title_bottom(Line::from(format!(" {} ", self.plan.summary())).right_aligned());
        let inner = block.inner(r);
        f.render_widget(block, r);
        let head = 1 + u16::from(self.warn.is_some());
        let [top, body, foot] =
            Layout::vertical([Constraint::Length(head), Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let mut lines = vec![Line::from(Span::styled(t!("plan-head"), t.dim()))];
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
                // Targets and reasons carry names and cells of imported files: made visible.
                let r = &self.plan.rows[i].visible();
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
                if let Some(then) = r.then.as_ref().filter(|then| **then != r.to) {
                    spans.push(Span::styled(
                        format!("  ({})", t!("plan-then", level = then.as_str())),
                        t.header(),
                    ));
                }
                if let Some(why) = &r.reason {
                    spans.push(Span::styled(format!("   {why}"), t.dim()));
                }
                Line::from(spans)
            })
            .collect();
        f.render_widget(Paragraph::new(rows), body);
        let n = self.plan.counts.change;
        let foot_text = if self.confirming {
            t!("plan-confirm")
        } else if n == 0 {
            t!("plan-nothing")
        } else {
            t!("plan-applies", n = n)
        };
        let foot_style = if self.confirming { t.error() } else { t.header() };
        f.render_widget(Paragraph::new(Span::styled(foot_text, foot_style)), foot);
    }
}
