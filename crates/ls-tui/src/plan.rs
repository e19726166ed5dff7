//! The plan popup: before a change to many things is sent, each row (`object · user · from → to`)
//! as the policy judged it, the counts, and what is refused and why. Enter answers the room that
//! opened it, which sends its batch; Esc drops the plan and sends nothing.
use super::keymap::{Action, Context};
use super::room::{Answer, Cx, Flow, Room};
use super::rows::{cut_line, notice, wrap_words};
use super::session::Session;
use ls_core::domain::text::visible;
use ls_core::plan::{Outcome, Plan};
use ls_core::t;
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

/// Opens a plan over the room that asked; its `answered` hears Enter. Every plan is shown in
/// people's words (fields by label, rights by name); what is sent is the asking room's own.
pub fn show(cx: &mut Cx, plan: Plan, warn: Option<String>) {
    let plan = ls_core::i18n::words::plan(plan);
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
        // The title and the counts keep their beginning, `…` where cut.
        let title = notice(&t!("plan-title", action = visible(&self.plan.action)), r.width);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border())
            .title(Span::styled(title, t.title()))
            .title_bottom(Line::from(notice(&self.plan.summary(), r.width)).right_aligned());
        let inner = block.inner(r);
        f.render_widget(block, r);
        let w = inner.width as usize;
        // The warning and the columns' legend wrap; the rows below keep at least one line.
        let mut head: Vec<Line> = Vec::new();
        if let Some(warn) = &self.warn {
            for part in wrap_words(&format!("⚠ {warn}"), w) {
                head.push(Line::from(Span::styled(part, t.error())));
            }
        }
        for part in wrap_words(&t!("plan-head"), w) {
            head.push(Line::from(Span::styled(part, t.dim())));
        }
        let n = self.plan.counts.change;
        let foot_text = if self.confirming {
            t!("plan-confirm")
        } else if n == 0 {
            t!("plan-nothing")
        } else {
            t!("plan-applies", n = n)
        };
        let foot_style = if self.confirming { t.error() } else { t.header() };
        let foot: Vec<Line> = wrap_words(&foot_text, w)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, foot_style)))
            .collect();
        let foot_h = (foot.len() as u16).min(inner.height.saturating_sub(2).max(1));
        let head_h = (head.len() as u16).min(inner.height.saturating_sub(foot_h + 1));
        let [top, body, bottom] = Layout::vertical([
            Constraint::Length(head_h),
            Constraint::Min(1),
            Constraint::Length(foot_h),
        ])
        .areas(inner);
        f.render_widget(Paragraph::new(head), top);
        let mut lines: Vec<Line> = Vec::new();
        let order = self.order();
        // The line each drawn row starts on: what is below the frame is counted, not hidden.
        let mut starts: Vec<usize> = Vec::new();
        for &i in order.iter().skip(self.offset) {
            if lines.len() >= body.height as usize {
                break;
            }
            starts.push(lines.len());
            // Targets and reasons carry names and cells of imported files: made visible.
            let r = &self.plan.rows[i].visible();
            let (mark, style) = match r.outcome {
                Outcome::Change => ("  ", t.level(ls_core::domain::AccessLevel::Manage)),
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
            let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
            match &r.reason {
                // Why the policy refuses: beside the row where it fits, else wrapped under it.
                Some(why) if used + 3 + why.chars().count() <= w => {
                    spans.push(Span::styled(format!("   {why}"), t.dim()));
                    lines.push(Line::from(spans));
                }
                Some(why) => {
                    lines.push(cut_line(Line::from(spans), w));
                    for part in wrap_words(why, w.saturating_sub(4).max(1)) {
                        lines.push(Line::from(Span::styled(format!("    {part}"), t.dim())));
                    }
                }
                None => lines.push(cut_line(Line::from(spans), w)),
            }
        }
        let room = body.height as usize;
        // Row k runs from starts[k] to the next row's start (or the last line).
        let end = |k: usize| starts.get(k + 1).copied().unwrap_or(lines.len());
        let all_fit = starts.len() == order.len() - self.offset && lines.len() <= room;
        if !all_fit && room > 1 {
            // The last line says how many rows are below (a row cut in two counts as below).
            let keep = room - 1;
            let whole = (0..starts.len()).take_while(|&k| end(k) <= keep).count();
            let below = order.len() - self.offset - whole;
            lines.truncate(if whole == 0 { 0 } else { end(whole - 1) });
            lines.push(Line::from(Span::styled(
                t!("plan-more-below", n = below as u64),
                t.header(),
            )));
        } else {
            lines.truncate(room);
        }
        f.render_widget(Paragraph::new(lines), body);
        f.render_widget(Paragraph::new(foot), bottom);
    }
}
