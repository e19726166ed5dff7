//! Two users side by side (`=` on a second user after marking a first, or `:compare A B`): roles,
//! rights with their source, object groups and levels with theirs; only the rows that differ
//! unless `a`. Selected rows are copied one way (`>` left → right, `<` right → left) through a
//! plan the policy judged.
use super::keymap::{Action, Context};
use super::request::{Compared, Reply, Req, ReqId};
use super::room::{Answer, Cx, Flow, Room};
use super::rows::RowCursor;
use super::session::Session;
use ls_core::copy::{self, Aspect, DiffApply, DiffRow, Side};
use ls_core::domain::{Login, User};
use ls_core::t;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::collections::BTreeSet;

pub struct CompareRoom {
    pub a: Login,
    pub b: Login,
    data: Option<Box<Compared>>,
    /// Every row; `shown` indexes those on screen (the differing ones unless `all`).
    pub rows: Vec<DiffRow>,
    pub shown: Vec<usize>,
    pub all: bool,
    pub at: RowCursor,
    /// Selected rows, as indices into `rows`.
    pub selected: BTreeSet<usize>,
    asked: Option<ReqId>,
    /// The writes of the plan on screen, sent when it is applied.
    planned: Option<DiffApply>,
    saving: bool,
}

impl CompareRoom {
    pub fn new(a: Login, b: Login) -> Self {
        CompareRoom {
            a,
            b,
            data: None,
            rows: Vec::new(),
            shown: Vec::new(),
            all: false,
            at: RowCursor::default(),
            selected: BTreeSet::new(),
            asked: None,
            planned: None,
            saving: false,
        }
    }

    fn sides(&self) -> Option<(Side<'_>, Side<'_>)> {
        let d = self.data.as_ref()?;
        Some((
            Side {
                user: &d.a.0,
                access: &d.a.1,
            },
            Side {
                user: &d.b.0,
                access: &d.b.1,
            },
        ))
    }

    /// Rebuilds the rows from the users and the objects known now.
    fn rebuild(&mut self, s: &Session) {
        let Some(forest) = s.forest.as_deref() else { return };
        let Some((a, b)) = self.sides() else { return };
        self.rows = copy::diff(a, b, forest);
        self.selected.clear();
        self.refilter();
    }

    fn refilter(&mut self) {
        self.shown = (0..self.rows.len())
            .filter(|i| self.all || self.rows[*i].differs())
            .collect();
        self.at.clamp(self.shown.len());
    }

    fn page(s: &Session) -> usize {
        (s.main_area().height as usize).saturating_sub(5).max(1)
    }

    /// `>` or `<`: the selected rows (or the one under the cursor) copied one way, as a plan.
    fn plan(&mut self, a_to_b: bool, cx: &mut Cx) {
        let picked: Vec<usize> = if self.selected.is_empty() {
            self.shown.get(self.at.cursor).copied().into_iter().collect()
        } else {
            self.selected.iter().copied().collect()
        };
        let rows: Vec<&DiffRow> = picked.iter().map(|i| &self.rows[*i]).collect();
        let (Some((a, b)), Some(forest)) = (self.sides(), cx.s.forest.as_deref()) else {
            return cx.error(t!("compare-still-loading"));
        };
        if rows.is_empty() {
            return cx.info(t!("compare-nothing-selected"));
        }
        let target = if a_to_b { b.user } else { a.user };
        let Some((v, k)) = cx.s.levels(Some(target)) else {
            return cx.error(ls_core::i18n::policy::not_yet());
        };
        let planned = copy::apply(&v.policy(&k), &rows, a_to_b, a, b, forest);
        let own = cx.s.me.as_ref().is_some_and(|m| m.user.login == target.login);
        let to = if a_to_b { b } else { a };
        // Everything the copy takes from the viewer itself, through the one rule: a group's or
        // an account's level lowered takes it from every unit under it too.
        let lowered = match planned.request.as_ref().filter(|_| own) {
            Some(d) => {
                let changes = d.levels.iter().map(|c| (c.object_id, c.level)).collect();
                super::objects::tree::lost_with(forest, to.access, &changes)
            }
            None => 0,
        };
        let warn = (lowered > 0).then(|| super::plan::lowers_own(lowered));
        self.planned = planned.request;
        // The rows name roles and rights as the wire does: shown in the viewer's words.
        super::plan::show(cx, ls_core::i18n::words::plan(planned.plan), warn);
    }

    fn cell(c: &copy::Cell) -> String {
        let value = shown_value(&c.value);
        if c.source.is_empty() {
            value
        } else {
            format!("{value} ({})", ls_core::i18n::words::source(&c.source))
        }
    }

    /// How wide the label and the two sides are: shared by what the shown rows hold, so a
    /// column that needs little gives the rest to one that needs more.
    fn widths(&self, w: usize, ha: &str, hb: &str) -> [usize; 3] {
        let count = |s: &str| ls_core::domain::text::visible(s).chars().count();
        let mut need = [0, 0, 0];
        for r in self.shown.iter().map(|i| &self.rows[*i]) {
            need[0] = need[0].max(count(&shown_label(r)));
            need[1] = need[1].max(count(&Self::cell(&r.a)));
            need[2] = need[2].max(count(&Self::cell(&r.b)));
        }
        // The mark (`[x]≠`) and two gaps of two.
        columns(need, [count(ha), count(hb)], w.saturating_sub(8))
    }
}

impl Room for CompareRoom {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Compare]
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        let page = Self::page(cx.s) as isize;
        let len = self.shown.len();
        let shift = k.modifiers.contains(KeyModifiers::SHIFT);
        let (shown, selected) = (&self.shown, &mut self.selected);
        let mut mv = |d: isize| {
            self.at.move_by(len, d, shift, |r| {
                selected.insert(shown[r]);
            })
        };
        match cx.s.keys.lookup(Context::Compare, k) {
            Some(Action::Up) => mv(-1),
            Some(Action::Down) => mv(1),
            Some(Action::PageUp) => mv(-page),
            Some(Action::PageDown) => mv(page),
            Some(Action::Top) => mv(isize::MIN / 2),
            Some(Action::Bottom) => mv(isize::MAX / 2),
            Some(Action::Toggle) => {
                if let Some(i) = self.shown.get(self.at.cursor).copied() {
                    if !self.selected.remove(&i) {
                        self.selected.insert(i);
                    }
                    self.at.move_by(len, 1, false, |_| {});
                }
            }
            Some(Action::SelectAll) => self.selected.extend(self.shown.iter().copied()),
            Some(Action::ShowAll) => {
                self.all = !self.all;
                self.refilter();
                cx.info(if self.all {
                    t!("compare-showing-all")
                } else {
                    t!("compare-showing-differences")
                });
            }
            Some(Action::CopyAToB) => self.plan(true, cx),
            Some(Action::CopyBToA) => self.plan(false, cx),
            Some(Action::Back) if !self.selected.is_empty() => {
                self.selected.clear();
                cx.info(t!("compare-selection-cleared"));
            }
            Some(Action::Back) => cx.pop(),
            Some(Action::Help | Action::CommandLine | Action::Quit | Action::ToggleMouse) => return Flow::Pass,
            _ => cx.quiet(),
        }
        self.at.scroll_into_view(Self::page(cx.s));
        Flow::Done
    }

    fn answered(&mut self, a: Answer, cx: &mut Cx) {
        match (a, self.planned.take()) {
            (Answer::Apply, Some(d)) if !self.saving => {
                self.saving = true;
                cx.info(t!("compare-applying"));
                cx.ask(Req::ApplyDiff(d));
            }
            _ => {}
        }
    }

    fn reply(&mut self, id: ReqId, r: Reply, cx: &mut Cx) {
        match r {
            Reply::Compare(Ok(c)) if self.asked == Some(id) => {
                cx.online();
                self.data = Some(c);
                self.rebuild(cx.s);
            }
            Reply::Compare(Err(e)) if self.asked == Some(id) => {
                cx.failed(&t!("compare-cannot-compare"), &e);
                if self.data.is_none() {
                    cx.pop();
                }
            }
            Reply::DiffApplied(l, r) => {
                self.saving = false;
                match r {
                    Ok(done) => {
                        // The rows copied are done: Esc now leaves, whether or not the reload is in.
                        self.selected.clear();
                        let what = match (done.card, done.levels) {
                            (true, 0) => t!("compare-copied-card"),
                            (false, n) => t!("compare-copied-levels", n = n),
                            (true, n) => t!("compare-copied-both", n = n),
                        };
                        cx.info(t!("compare-copied", what = what, login = l.to_string()));
                        cx.reload_users();
                        cx.levels_changed();
                        // Copied onto the viewer itself: what its tree may offer has moved.
                        if cx.s.me.as_ref().is_some_and(|m| m.user.login == l) {
                            cx.reload_objects();
                        }
                        self.asked = Some(cx.ask(Req::Compare(self.a, self.b)));
                    }
                    Err(e) => {
                        cx.failed(&t!("compare-not-applied"), &e);
                        // Part may have landed (the card before the levels): show what is there.
                        self.asked = Some(cx.ask(Req::Compare(self.a, self.b)));
                    }
                }
            }
            _ => cx.quiet(),
        }
    }

    fn session_changed(&mut self, cx: &mut Cx) {
        if self.asked.is_none() {
            self.asked = Some(cx.ask(Req::Compare(self.a, self.b)));
        }
        if cx.s.forest.is_none() {
            cx.want_objects();
        } else if self.rows.is_empty() {
            self.rebuild(cx.s);
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        let t = &s.theme;
        let who = |u: Option<&User>, l: Login| match u {
            // The username is the user's text: made visible (the title shows it whole).
            Some(u) => format!("{} {}", u.login, ls_core::domain::text::visible(&u.username)),
            None => l.to_string(),
        };
        let d = self.data.as_deref();
        let (ha, hb) = (who(d.map(|d| &d.a.0), self.a), who(d.map(|d| &d.b.0), self.b));
        let differ = self.rows.iter().filter(|r| r.differs()).count();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border())
            .title(Span::styled(
                format!(" {} ", t!("compare-title", a = ha.as_str(), b = hb.as_str())),
                t.title(),
            ))
            .title_bottom(
                Line::from(format!(
                    " {} ",
                    t!(
                        "compare-footer",
                        differ = differ,
                        total = self.rows.len(),
                        shown = self.shown.len(),
                        selected = self.selected.len()
                    )
                ))
                .right_aligned(),
            );
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        let [wl, wa, wb] = self.widths(inner.width as usize, &ha, &hb);
        let fit = super::rows::fit;
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(
                format!("    {}  {}  {}", fit("", wl), fit(&ha, wa), fit(&hb, wb)),
                t.header(),
            ))),
            head,
        );
        if d.is_none() || s.forest.is_none() {
            f.render_widget(Paragraph::new(t!("compare-loading")).style(t.dim()), body);
            return;
        }
        if self.shown.is_empty() {
            let msg = t!("compare-same");
            f.render_widget(Paragraph::new(msg).style(t.dim()), body);
            return;
        }
        let lines: Vec<Line> = self
            .shown
            .iter()
            .enumerate()
            .skip(self.at.offset)
            .take(body.height as usize)
            .map(|(pos, i)| {
                let r = &self.rows[*i];
                let mut style = if r.differs() { t.error() } else { t.dim() };
                if pos == self.at.cursor {
                    style = style.add_modifier(Modifier::REVERSED);
                }
                let sel = if self.selected.contains(i) { "[x]" } else { "[ ]" };
                let mark = if r.differs() { "≠" } else { " " };
                Line::from(vec![
                    Span::raw(format!("{sel}{mark}")),
                    Span::styled(
                        format!(
                            "{}  {}  {}",
                            fit(&shown_label(r), wl),
                            fit(&Self::cell(&r.a), wa),
                            fit(&Self::cell(&r.b), wb)
                        ),
                        style,
                    ),
                ])
            })
            .collect();
        f.render_widget(Paragraph::new(lines), body);
    }

    fn hints(&self, s: &Session) -> String {
        s.keys.hint(
            Context::Compare,
            &[
                (Some(Action::Toggle), t!("compare-hint-select")),
                (Some(Action::CopyAToB), t!("compare-hint-copy-a-to-b")),
                (Some(Action::CopyBToA), t!("compare-hint-copy-b-to-a")),
                (Some(Action::ShowAll), t!("compare-hint-all")),
                (Some(Action::Back), t!("compare-hint-back")),
            ],
            "  ",
        )
    }
}

/// A compared value as the interface says it: the comparison keeps the words it computes with
/// (`yes`, `no`, a level's code), the screen says them in the viewer's language.
fn shown_value(v: &str) -> String {
    match v {
        "yes" => t!("compare-yes"),
        "no" => t!("compare-no"),
        v => match v.parse::<ls_core::domain::AccessLevel>() {
            Ok(l) => ls_core::i18n::words::level(l),
            Err(_) => v.to_string(),
        },
    }
}

/// A row's label in the viewer's language: a role by its code (as the card shows it), a right
/// by its name in the catalog, an object as the comparison named it (`group «Fuel»`).
fn shown_label(r: &DiffRow) -> String {
    match &r.aspect {
        Aspect::Role { role } => t!("compare-label-role", role = role.as_str()),
        Aspect::Right { code } => t!("compare-label-right", right = ls_core::i18n::words::right(code)),
        Aspect::Level { .. } => r.label.clone(),
    }
}

/// The label and the two sides' widths from what the rows hold (`need`): a side needs only its
/// longest cell, so the names take what the values leave and are cut only when the rows do not
/// fit at all. A side's header (a username, whole in the title) takes only room the rows leave:
/// counted in the need, a long username cut the names while its column stood half empty.
pub fn columns(need: [usize; 3], heads: [usize; 2], total: usize) -> [usize; 3] {
    if need.iter().sum::<usize>() > total {
        return share(need, total);
    }
    let mut out = need;
    let mut left = total - need.iter().sum::<usize>();
    for (i, head) in [(1, heads[0]), (2, heads[1])] {
        let more = head.saturating_sub(out[i]).min(left);
        out[i] += more;
        left -= more;
    }
    out[2] += left;
    out
}

/// `total` columns shared among columns that need `need`: each gets what it needs when all fit;
/// else the columns needing less than an even share keep their need and the rest share what is
/// left evenly (max-min fairness), so no column is cut while another stands half empty. Room
/// left over goes to the last column.
pub fn share<const N: usize>(need: [usize; N], total: usize) -> [usize; N] {
    let mut out = [0usize; N];
    let mut open: Vec<usize> = (0..N).collect();
    let mut left = total;
    // Each round settles the columns that need no more than an even share of what is left.
    while !open.is_empty() {
        let even = left / open.len();
        let (fits, cut): (Vec<usize>, Vec<usize>) = open.iter().partition(|i| need[**i] <= even);
        if fits.is_empty() {
            // None fits: the rest share evenly, the first ones taking the odd columns.
            let extra = left % open.len();
            for (k, i) in open.iter().enumerate() {
                out[*i] = even + usize::from(k < extra);
            }
            return out;
        }
        for i in fits {
            out[i] = need[i];
            left -= need[i];
        }
        open = cut;
    }
    if N > 0 {
        out[N - 1] += left;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{columns, share};

    #[test]
    fn columns_are_shared_by_what_they_hold() {
        // All fit: each its need, the rest to the last.
        assert_eq!(share([10, 20, 5], 50), [10, 20, 20]);
        // The short column keeps its need; the two long ones share the rest.
        assert_eq!(share([40, 60, 10], 90), [40, 40, 10]);
        assert_eq!(share([70, 70, 10], 90), [40, 40, 10]);
        // Nothing fits an even share: even shares.
        assert_eq!(share([50, 50, 50], 91), [31, 30, 30]);
        assert_eq!(share([5, 5, 5], 0), [0, 0, 0]);
    }

    #[test]
    fn names_take_what_short_values_leave_and_headers_what_is_over() {
        // A 39-wide name, values of 23 and 4, a 33-wide username over the short side: the
        // name whole, the header given what is over.
        assert_eq!(columns([39, 23, 4], [10, 33], 70), [39, 23, 8]);
        // Room enough for the headers too: the rest to the last side.
        assert_eq!(columns([20, 10, 4], [12, 8], 70), [20, 12, 38]);
        // The rows do not fit: shared as before, headers not counted.
        assert_eq!(columns([60, 23, 4], [10, 33], 70), [43, 23, 4]);
    }
}
