//! The audit pane: who changed what, newest first, one line per row (`when · who · what ·
//! target`), a search field under every column, the change's fields on Enter, and `R` to revert
//! it through a plan. New rows arrive while it is open (the event stream).
use super::field;
use super::keymap::{Action, Context};
use super::plan;
use super::request::{Reply, Req, ReqId};
use super::room::{Answer, Cx, Flow, Room};
use super::rows::RowCursor;
use super::session::Session;
use ls_core::api::{AuditEntry, AuditQuery};
use ls_core::audit;
use ls_core::domain::text::visible;
use ls_core::domain::wildcard::Mask;
use ls_core::domain::Login;
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use tui_input::Input;

/// What the pane shows: every change the viewer may see, or one user's or object's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    /// A user, with its name when known.
    User(Login, String),
    /// An object, with its name.
    Object(i64, String),
}

impl Scope {
    fn query(&self) -> AuditQuery {
        match self {
            Scope::All => AuditQuery::default(),
            Scope::User(l, _) => AuditQuery {
                target: Some(l.to_string()),
                ..Default::default()
            },
            Scope::Object(id, _) => AuditQuery {
                object: Some(*id),
                ..Default::default()
            },
        }
    }

    /// Whether a row just made belongs here.
    fn holds(&self, e: &AuditEntry) -> bool {
        match self {
            Scope::All => true,
            Scope::User(l, _) => e.target_kind == "user" && e.target == l.to_string(),
            Scope::Object(id, _) => e.object_id == Some(*id),
        }
    }

    fn title(&self) -> String {
        match self {
            Scope::All => format!(" {} ", t!("audit-title-all")),
            Scope::User(l, n) => {
                format!(" {} ", t!("audit-title-user", login = l.to_string(), name = visible(n))).replace("  ", " ")
            }
            Scope::Object(id, n) => format!(" {} ", t!("audit-title-object", name = visible(n), id = id.to_string())),
        }
    }
}

/// How many columns (and search fields) a row has.
const NCOLS: usize = 4;

/// The columns' titles.
fn columns() -> [String; NCOLS] {
    [
        t!("audit-col-when"),
        t!("audit-col-who"),
        t!("audit-col-what"),
        t!("audit-col-target"),
    ]
}
const PAGE: u32 = 200;

/// A row's text in each column, as shown and searched.
fn cells(e: &AuditEntry) -> [String; 4] {
    let when = e.at.replace('T', " ").trim_end_matches('Z').chars().take(16).collect();
    // People read the pane: fields by their labels, in the viewer's language.
    let mut what = audit::what_words(e);
    if e.reverted_by.is_some() {
        what.push_str(" ↺");
    }
    [when, audit::who(e), what, audit::target(e)]
}

pub struct AuditRoom {
    pub scope: Scope,
    /// Rows read so far, newest first.
    pub entries: Vec<AuditEntry>,
    /// The shown rows: indices into `entries`.
    pub shown: Vec<usize>,
    inputs: [Input; 4],
    focus: usize,
    pub searching: bool,
    at: RowCursor,
    /// Older rows to read (the cursor), once the last row is reached.
    next: Option<i64>,
    loading: Option<ReqId>,
    /// The change opened with Enter: its rows, when read.
    pub detail: Option<(i64, Option<Vec<AuditEntry>>)>,
    detail_req: Option<ReqId>,
    /// The revert planned and shown: the change and the plan's name.
    planned: Option<(i64, String)>,
    planning: Option<ReqId>,
    reverting: bool,
    error: Option<String>,
}

impl AuditRoom {
    pub fn new(scope: Scope) -> Self {
        AuditRoom {
            scope,
            entries: Vec::new(),
            shown: Vec::new(),
            inputs: Default::default(),
            focus: 0,
            searching: false,
            at: RowCursor::default(),
            next: None,
            loading: None,
            detail: None,
            detail_req: None,
            planned: None,
            planning: None,
            reverting: false,
            error: None,
        }
    }

    fn load(&mut self, before: Option<i64>, cx: &mut Cx) {
        let q = AuditQuery {
            before,
            limit: Some(PAGE),
            ..self.scope.query()
        };
        self.loading = Some(cx.ask(Req::Audit(q)));
    }

    fn refilter(&mut self) {
        let keep = self.selected().map(|e| e.id);
        let masks: Vec<Mask> = self.inputs.iter().map(|i| Mask::new(i.value())).collect();
        self.shown = (0..self.entries.len())
            .filter(|i| {
                let c = cells(&self.entries[*i]);
                masks.iter().zip(&c).all(|(m, t)| m.matches(t))
            })
            .collect();
        if let Some(id) = keep {
            if let Some(p) = self.shown.iter().position(|i| self.entries[*i].id == id) {
                self.at.cursor = p;
            }
        }
        self.at.clamp(self.shown.len());
    }

    pub fn selected(&self) -> Option<&AuditEntry> {
        self.shown.get(self.at.cursor).map(|i| &self.entries[*i])
    }

    fn page(s: &Session, searching: bool) -> usize {
        (s.main_area().height as usize)
            .saturating_sub(if searching { 4 } else { 3 })
            .max(1)
    }

    fn open(&mut self, cx: &mut Cx) {
        let Some(e) = self.selected() else { return };
        let change = e.change_id;
        // The rows of the change already here; a batch is read whole.
        let here: Vec<AuditEntry> = self.entries.iter().filter(|x| x.change_id == change).cloned().collect();
        self.detail = Some((change, Some(here)));
        self.detail_req = Some(cx.ask(Req::Audit(AuditQuery {
            change: Some(change),
            limit: Some(1000),
            ..Default::default()
        })));
    }

    fn revert(&mut self, cx: &mut Cx) {
        let change = match (&self.detail, self.selected()) {
            (Some((c, _)), _) => *c,
            (None, Some(e)) => e.change_id,
            _ => return,
        };
        if self.reverting || self.planning.is_some() {
            cx.info(t!("audit-revert-busy"));
            return;
        }
        if let Some(why) = cx.s.viewer.as_ref().and_then(|v| v.0.writable().err()) {
            cx.error(ls_core::i18n::policy::denied(&why));
            return;
        }
        cx.progress(t!("audit-revert-planning", change = change.to_string()));
        self.planning = Some(cx.ask(Req::RevertPlan(change)));
    }

    fn search_key(&mut self, k: &KeyEvent) {
        match k.code {
            KeyCode::Enter => self.searching = false,
            KeyCode::Esc => {
                self.inputs = Default::default();
                self.searching = false;
                self.refilter();
            }
            KeyCode::Tab => self.focus = (self.focus + 1) % NCOLS,
            KeyCode::BackTab => self.focus = (self.focus + NCOLS - 1) % NCOLS,
            _ => {
                let before = self.inputs[self.focus].value().to_string();
                if field::edit(&mut self.inputs[self.focus], k) && self.inputs[self.focus].value() != before {
                    self.refilter();
                }
            }
        }
    }
}

impl Room for AuditRoom {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Audit, Context::Search]
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        if self.searching {
            self.search_key(k);
            self.at.scroll_into_view(Self::page(cx.s, true));
            return Flow::Done;
        }
        let len = self.shown.len();
        let page = Self::page(cx.s, false) as isize;
        let mut mv = |d: isize| self.at.move_by(len, d, false, |_| {});
        match cx.s.keys.lookup(Context::Audit, k) {
            Some(Action::Back) if self.detail.is_some() => {
                self.detail = None;
                self.detail_req = None;
            }
            Some(Action::Back) => {
                if self.inputs.iter().any(|i| !i.value().is_empty()) {
                    self.inputs = Default::default();
                    self.refilter();
                    cx.info(t!("audit-search-cleared"));
                } else {
                    cx.pop();
                }
            }
            Some(Action::Up) => mv(-1),
            Some(Action::Down) => mv(1),
            Some(Action::PageUp) => mv(-page),
            Some(Action::PageDown) => mv(page),
            Some(Action::Top) => mv(isize::MIN / 2),
            Some(Action::Bottom) => mv(isize::MAX / 2),
            Some(Action::Left) => self.focus = (self.focus + NCOLS - 1) % NCOLS,
            Some(Action::Right) => self.focus = (self.focus + 1) % NCOLS,
            Some(Action::Search) => self.searching = true,
            Some(Action::Open) => self.open(cx),
            Some(Action::Revert) => self.revert(cx),
            Some(Action::Reload) => {
                self.entries.clear();
                self.shown.clear();
                self.at.reset();
                self.load(None, cx);
                cx.info(t!("audit-reloading"));
            }
            Some(Action::Help | Action::CommandLine | Action::Quit | Action::ToggleMouse) => return Flow::Pass,
            _ => {
                cx.quiet();
                return Flow::Done;
            }
        }
        // At the last row, older rows are read.
        if self.at.cursor + 1 >= self.shown.len() && self.next.is_some() && self.loading.is_none() {
            let n = self.next;
            self.load(n, cx);
        }
        self.at.scroll_into_view(Self::page(cx.s, false));
        Flow::Done
    }

    fn reply(&mut self, id: ReqId, r: Reply, cx: &mut Cx) {
        match r {
            Reply::Audit(r) if self.loading == Some(id) => {
                self.loading = None;
                match r {
                    Ok(page) => {
                        cx.online();
                        self.error = None;
                        self.next = page.next;
                        for e in page.entries {
                            if !self.entries.iter().any(|x| x.id == e.id) {
                                self.entries.push(e);
                            }
                        }
                        self.refilter();
                    }
                    Err(e) => {
                        let what = t!("audit-cannot-read-log");
                        self.error = Some(format!("{what}: {}", ls_core::i18n::policy::client_error(&e)));
                        cx.failed(&what, &e);
                    }
                }
            }
            Reply::Audit(r) if self.detail_req == Some(id) => {
                self.detail_req = None;
                match (r, self.detail.as_mut()) {
                    (Ok(page), Some((_, rows))) => *rows = Some(page.entries.into_iter().rev().collect()),
                    (Err(e), _) => cx.failed(&t!("audit-cannot-read-change"), &e),
                    _ => {}
                }
            }
            Reply::RevertPlan(change, r) if self.planning == Some(id) => {
                self.planning = None;
                match r {
                    Ok(p) => {
                        cx.online();
                        // The plan in the viewer's words; the server's plan name (`p.plan`) is
                        // what is sent back, so the words change nothing it checks.
                        let shown = ls_core::i18n::words::plan(audit::revert_plan(&p));
                        if shown.counts.change == 0 {
                            cx.info(t!(
                                "audit-revert-nothing",
                                change = change.to_string(),
                                summary = shown.summary()
                            ));
                        }
                        self.planned = Some((change, p.plan));
                        plan::show(cx, shown, None);
                    }
                    Err(e) => cx.failed(&t!("audit-cannot-plan-revert"), &e),
                }
            }
            Reply::Reverted(change, r) => {
                self.reverting = false;
                match r {
                    Ok(done) => {
                        cx.online();
                        let n = done
                            .rows
                            .iter()
                            .filter(|r| r.outcome == ls_core::api::RevertOutcome::Change)
                            .count();
                        cx.info(t!("audit-reverted", change = change.to_string(), n = n));
                        self.detail = None;
                        // What the revert changed shows everywhere: the list, the trees.
                        cx.reload_users();
                        cx.levels_changed();
                        if let Some(e) = self.entries.iter_mut().find(|e| e.change_id == change) {
                            e.reverted_by = done.applied;
                        }
                        self.refilter();
                    }
                    Err(e) => cx.failed(&t!("audit-not-reverted"), &e),
                }
            }
            _ => cx.quiet(),
        }
    }

    fn answered(&mut self, a: Answer, cx: &mut Cx) {
        if let (Answer::Apply, Some((change, plan))) = (a, self.planned.take()) {
            self.reverting = true;
            cx.info(t!("audit-reverting", change = change.to_string()));
            cx.ask(Req::Revert { change, plan });
        }
    }

    fn live(&mut self, e: &AuditEntry, _cx: &mut Cx) {
        if !self.scope.holds(e) || self.entries.iter().any(|x| x.id == e.id) {
            return;
        }
        let was = self.at.cursor;
        self.entries.insert(0, e.clone());
        if let Some(r) = e.reverts {
            for x in self.entries.iter_mut().filter(|x| x.change_id == r) {
                x.reverted_by = Some(e.change_id);
            }
        }
        self.refilter();
        // The row under the cursor stays under it unless it was the newest.
        if was == 0 {
            self.at.cursor = 0;
        }
    }

    fn session_changed(&mut self, cx: &mut Cx) {
        if self.entries.is_empty() && self.loading.is_none() && self.error.is_none() {
            self.load(None, cx);
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        let t = &s.theme;
        let footer = match (self.loading.is_some(), self.next.is_some()) {
            (true, _) => format!(" {} ", t!("audit-loading")),
            (false, true) => format!(
                " {} ",
                t!(
                    "audit-footer-more",
                    shown = self.shown.len(),
                    total = self.entries.len()
                )
            ),
            (false, false) => format!(
                " {} ",
                t!("audit-footer", shown = self.shown.len(), total = self.entries.len())
            ),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border())
            .title(Span::styled(self.scope.title(), t.title()))
            .title_bottom(Line::from(footer).right_aligned());
        let inner = block.inner(area);
        f.render_widget(block, area);
        let show_filters = self.searching || self.inputs.iter().any(|i| !i.value().is_empty());
        let head_h = if show_filters { 2 } else { 1 };
        let [head, body] = Layout::vertical([Constraint::Length(head_h), Constraint::Min(1)]).areas(inner);
        let w = inner.width as usize;
        // When and who are short; the rest is shared, the target getting more.
        let widths = [16usize.min(w / 4), 14.min(w / 5), 0, 0];
        let rest = w.saturating_sub(widths[0] + widths[1] + 6);
        let widths = [widths[0], widths[1], rest * 2 / 5, rest - rest * 2 / 5];
        let fit = super::rows::fit;
        let mut heads = Vec::new();
        let mut fields = Vec::new();
        for (i, c) in columns().iter().enumerate() {
            let style = if i == self.focus {
                t.focused_header()
            } else {
                t.header()
            };
            heads.push(Span::styled(fit(c, widths[i]), style));
            heads.push(Span::raw("  "));
            let st = if self.searching && i == self.focus {
                t.field_focused()
            } else if self.searching {
                t.field()
            } else {
                t.dim()
            };
            fields.push(Span::styled(fit(self.inputs[i].value(), widths[i]), st));
            fields.push(Span::raw("  "));
        }
        let mut head_lines = vec![Line::from(heads)];
        if show_filters {
            head_lines.push(Line::from(fields));
        }
        f.render_widget(Paragraph::new(head_lines), head);
        if let Some(e) = &self.error {
            f.render_widget(
                Paragraph::new(visible(e)).style(t.error()).wrap(Wrap { trim: true }),
                body,
            );
            return;
        }
        if self.shown.is_empty() && self.loading.is_none() {
            f.render_widget(Paragraph::new(t!("audit-none")).style(t.dim()), body);
        }
        let lines: Vec<Line> = self
            .shown
            .iter()
            .enumerate()
            .skip(self.at.offset)
            .take(body.height as usize)
            .map(|(row, i)| {
                let e = &self.entries[*i];
                let c = cells(e);
                let mut spans = Vec::new();
                for (ci, text) in c.iter().enumerate() {
                    spans.push(Span::raw(fit(text, widths[ci])));
                    spans.push(Span::raw("  "));
                }
                let mut line = Line::from(spans);
                if row == self.at.cursor {
                    line = line.style(t.selected());
                } else if e.reverted_by.is_some() {
                    line = line.style(t.dim());
                }
                line
            })
            .collect();
        f.render_widget(Paragraph::new(lines), body);
        if let Some((change, rows)) = &self.detail {
            self.draw_detail(f, area, s, *change, rows.as_deref());
        }
    }

    fn hints(&self, s: &Session) -> String {
        if self.searching {
            return t!("audit-hint-searching");
        }
        if self.detail.is_some() {
            return s.keys.hint(
                Context::Audit,
                &[
                    (Some(Action::Revert), t!("audit-hint-revert")),
                    (Some(Action::Back), t!("audit-hint-close")),
                ],
                "  ",
            );
        }
        s.keys.hint(
            Context::Audit,
            &[
                (Some(Action::Search), t!("audit-hint-search")),
                (Some(Action::Open), t!("audit-hint-fields")),
                (Some(Action::Revert), t!("audit-hint-revert")),
                (Some(Action::Back), t!("audit-hint-back")),
                (Some(Action::Help), t!("audit-hint-help")),
            ],
            "  ",
        )
    }
}

impl AuditRoom {
    /// The change over the list: each row's target and its fields `old → new`.
    fn draw_detail(&self, f: &mut Frame, area: Rect, s: &Session, change: i64, rows: Option<&[AuditEntry]>) {
        let t = &s.theme;
        let mut lines: Vec<Line> = Vec::new();
        let rows = rows.unwrap_or_default();
        if let Some(first) = rows.first() {
            // Who, what, the target and the values are the log's text: each made visible.
            let mut head = format!("{} · {}", visible(&cells(first)[0]), visible(&audit::who(first)));
            if let Some(r) = first.reverts {
                head.push_str(&format!(" · {}", t!("audit-reverts", change = r.to_string())));
            }
            if let Some(by) = first.reverted_by {
                head.push_str(&format!(" · {}", t!("audit-reverted-by", change = by.to_string())));
            }
            lines.push(Line::from(Span::styled(head, t.dim())));
        }
        for e in rows {
            lines.push(Line::from(Span::styled(
                format!("{} · {}", visible(&audit::what_words(e)), visible(&audit::target(e))),
                t.header(),
            )));
            for d in audit::diff_words(e) {
                lines.push(Line::from(format!("  {}", visible(&d))));
            }
        }
        if rows.is_empty() {
            lines.push(Line::from(Span::styled(t!("audit-loading"), t.dim())));
        }
        let title = t!("audit-change-title", change = change.to_string());
        super::popup::draw(f, area, &title, t.border(), Paragraph::new(lines));
    }
}

/// `h`: the history of a user or an object, in front of the room that asked — if the viewer
/// reads the log at all (the policy says why not).
pub fn history(scope: Scope, cx: &mut Cx) {
    match refusal(cx.s) {
        Err(why) => cx.error(why),
        Ok(()) => cx.push(super::room::Layer::Audit(Box::new(AuditRoom::new(scope)))),
    }
}

/// Why the viewer may not read the log (the policy's reason, or that it is not known yet).
pub fn refusal(s: &Session) -> Result<(), String> {
    let (v, k) = s.levels(None).ok_or_else(ls_core::i18n::policy::not_yet)?;
    v.policy(&k).read_audit().map_err(|d| ls_core::i18n::policy::denied(&d))
}

/// Whether a row changed a user's card (what its list row and an open card show).
pub fn changes_card(e: &AuditEntry) -> bool {
    e.target_kind == "user" && e.action.starts_with("user.")
}
