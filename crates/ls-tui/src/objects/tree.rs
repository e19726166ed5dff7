//! The objects tree: accounts → unit groups → units, and users. A flat vector of visible rows,
//! a wildcard mask, multi-select, and pending levels sent as one batch.
use crate::field;
use crate::levels::LevelList;
use crate::rows::RowCursor;
use crate::theme::Theme;
use crate::viewer::LevelRule;
use ls_core::api::{AccessEntry, Object};
use ls_core::domain::text::visible;
use ls_core::domain::wildcard::Mask;
use ls_core::domain::{effective_level, AccessLevel, LevelSource, Login, ObjectKind};
use ls_core::t;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use tui_input::Input;

/// Above this many objects the tree starts empty and asks for a mask (as the LS does).
pub const BIG: usize = 100;

pub use super::forest::{Forest, TreeRow};

pub use crate::levels::SetOutcome;

/// The line under a list with a mask: the mask being typed (with the cursor), or the applied
/// mask and the list's keys. `field` is the label, the input and whether it is being edited.
pub fn mask_bar(f: &mut Frame, bar: Rect, theme: &Theme, field: (&str, &Input, bool), applied: &str, keys: &str) {
    let (label, input, editing) = field;
    let line = if editing {
        Line::from(vec![
            Span::styled(format!("{label}: "), theme.header()),
            Span::styled(input.value().to_string(), theme.field_focused()),
        ])
    } else {
        // The keys give way from the least important (the help last), never cut mid-word.
        let head = format!("{label}: {applied}   ");
        let room = (bar.width as usize).saturating_sub(head.chars().count());
        let keys = crate::rows::fit_hints(keys, room, &["?", "F1"]);
        Line::from(Span::styled(
            crate::rows::cut(&format!("{head}{keys}"), bar.width as usize),
            theme.dim(),
        ))
    };
    f.render_widget(Paragraph::new(line), bar);
    if editing {
        let cx = (input.visual_cursor() + label.chars().count() + 2) as u16;
        f.set_cursor_position((bar.x + cx.min(bar.width.saturating_sub(1)), bar.y));
    }
}

pub struct ObjectTree {
    pub forest: Arc<Forest>,
    /// Whose levels are shown and set.
    pub target: Login,
    pub levels: HashMap<i64, AccessEntry>,
    pub levels_loaded: bool,
    pub pending: BTreeMap<i64, AccessLevel>,
    /// Levels asked for on objects the policy refused, and why: the plan lists them.
    pub skipped: BTreeMap<i64, (AccessLevel, String)>,
    pub selected: HashSet<i64>,
    pub mask: Input,
    pub editing: bool,
    pub applied: Option<String>,
    pub rows: Vec<TreeRow>,
    pub at: RowCursor,
    /// Whether the viewer may set the target's level on each object (the policy's answer).
    pub rule: LevelRule,
    pub explain: Option<String>,
    pub saving: bool,
    /// `C` on a unit group: the group whose units and accessors are being read for its copy.
    pub copying: Option<i64>,
    /// The group's copy planned and shown, sent when the plan is applied.
    pub group_copy: Option<ls_core::api::NewObject>,
    /// The keys line under the tree, made by the console from its key map.
    pub hint: String,
    /// Branches the viewer folded (true) or unfolded (false) by hand, by object id.
    pub folds: HashMap<i64, bool>,
    /// Read-only branches shown (the show/hide key); by default they are folded away when
    /// there is something changeable to put first.
    pub show_read_only: bool,
    /// Rows of read-only branches not shown now (the footer counts them).
    pub read_only_hidden: usize,
    /// The read-only branches among the matched rows, shown or not.
    pub(super) read_only_branches: Vec<i64>,
    /// Some matched row is changeable (else nothing is folded away).
    pub(super) any_changeable: bool,
    /// The masks applied before, for `↑`/`↓` in the mask field.
    pub history: super::history::MaskHistory,
}

/// What a kind of object is called in the tree.
pub fn kind_name(k: ObjectKind) -> String {
    match k {
        ObjectKind::Account => t!("kind-account"),
        ObjectKind::UnitGroup => t!("kind-group"),
        ObjectKind::Unit => t!("kind-unit"),
        ObjectKind::User => t!("kind-user"),
    }
}

pub fn tag(l: AccessLevel) -> &'static str {
    match l {
        AccessLevel::None => "[-]",
        AccessLevel::View => "[V]",
        AccessLevel::Execute => "[X]",
        AccessLevel::Edit => "[E]",
        AccessLevel::Manage => "[M]",
    }
}

impl ObjectTree {
    pub fn new(forest: Arc<Forest>, target: Login) -> Self {
        let mut tree = ObjectTree {
            forest,
            target,
            levels: HashMap::new(),
            levels_loaded: false,
            pending: BTreeMap::new(),
            skipped: BTreeMap::new(),
            selected: HashSet::new(),
            mask: Input::default(),
            editing: false,
            applied: None,
            rows: Vec::new(),
            at: RowCursor::default(),
            rule: LevelRule::default(),
            explain: None,
            saving: false,
            copying: None,
            group_copy: None,
            hint: String::new(),
            folds: HashMap::new(),
            show_read_only: false,
            read_only_hidden: 0,
            read_only_branches: Vec::new(),
            any_changeable: false,
            history: Default::default(),
        };
        let _ = tree.refresh();
        tree
    }

    /// The row under the cursor.
    pub fn cursor(&self) -> usize {
        self.at.cursor
    }

    pub fn big(&self) -> bool {
        self.forest.len() > BIG
    }

    /// Recomputes the rows for the applied mask (a big tree with no mask shows nothing). A
    /// selected object the new rows no longer show is unselected, so a level key never reaches
    /// what is not on screen; the count of those is returned for the status line.
    pub fn refresh(&mut self) -> usize {
        let matched = match &self.applied {
            Some(m) if !m.is_empty() => self.forest.rows(Some(&Mask::new(m))),
            _ if self.big() => Vec::new(),
            _ => self.forest.rows(None),
        };
        let shaped = self.shaped(&matched);
        self.rows = shaped.rows;
        self.read_only_hidden = shaped.read_only_hidden;
        self.read_only_branches = shaped.read_only_branches;
        self.any_changeable = shaped.any_changeable;
        self.at.clamp(self.rows.len());
        if self.selected.is_empty() {
            return 0;
        }
        let shown: HashSet<i64> = self.rows.iter().map(|r| self.forest.objects[r.idx].id).collect();
        let before = self.selected.len();
        self.selected.retain(|id| shown.contains(id));
        before - self.selected.len()
    }

    /// New objects from the service (a group was created): the same mask on them.
    pub fn set_forest(&mut self, forest: Arc<Forest>) {
        if !Arc::ptr_eq(&self.forest, &forest) {
            self.forest = forest;
            let _ = self.reshape();
        }
    }

    /// Enter in the mask field: the rows it matches; says how many selected objects it hid
    /// (and so unselected).
    pub fn apply_mask(&mut self) -> Option<String> {
        self.history.push(self.mask.value());
        self.applied = Some(self.mask.value().to_string());
        self.editing = false;
        self.at.reset();
        match self.refresh() {
            0 => None,
            n => Some(t!("tree-unselected-hidden", n = n, left = self.selected.len())),
        }
    }

    /// Esc in the mask field: the mask applied before comes back.
    pub fn cancel_mask(&mut self) {
        self.history.stop();
        self.editing = false;
        self.mask = Input::new(self.applied.clone().unwrap_or_default());
    }

    pub fn edit_mask(&mut self, key: &KeyEvent) -> bool {
        self.history.stop();
        field::edit(&mut self.mask, key)
    }

    /// `↑` (`back`) or `↓` in the mask field: an earlier mask in place of the text.
    pub fn recall_mask(&mut self, back: bool) {
        if let Some(m) = self.history.recall(back, self.mask.value()) {
            self.mask = Input::new(m);
        }
    }

    pub fn set_levels(&mut self, entries: Vec<AccessEntry>) {
        self.levels = entries.into_iter().map(|e| (e.object_id, e)).collect();
        self.levels_loaded = true;
        // The levels come after the rule is given (a card gives it right after building the
        // tree): the order and folds are made again with it.
        let _ = self.reshape();
    }

    pub fn object(&self, row: usize) -> Option<&Object> {
        self.rows.get(row).map(|r| &self.forest.objects[r.idx])
    }

    pub fn effective(&self, id: i64) -> AccessLevel {
        self.levels.get(&id).map(|e| e.effective).unwrap_or_default()
    }

    /// The target's direct grant on `id` once the pending levels are saved.
    pub fn direct_after(&self, id: i64) -> AccessLevel {
        match self.pending.get(&id) {
            Some(l) => *l,
            None => self.levels.get(&id).map(|e| e.direct).unwrap_or_default(),
        }
    }

    /// The target's effective level on `id` once the pending levels are saved: the domain's
    /// rule over the direct grants with the pending ones on top. A level that comes from a group
    /// or account the viewer does not see stays as a floor (the console cannot know it moves).
    pub fn after(&self, id: i64) -> AccessLevel {
        let Some(o) = self.forest.index.get(&id).map(|i| &self.forest.objects[*i]) else {
            return self.direct_after(id);
        };
        let (l, _) = effective_level(id, o.kind, &o.parent_ids, o.account_id, |x| self.direct_after(x));
        l.max(self.hidden_floor(id))
    }

    /// The target's effective level on `id` if its direct grant there became `level` (the other
    /// pending levels on top).
    fn after_with(&self, id: i64, level: AccessLevel) -> AccessLevel {
        let Some(o) = self.forest.index.get(&id).map(|i| &self.forest.objects[*i]) else {
            return level;
        };
        let direct = |x: i64| if x == id { level } else { self.direct_after(x) };
        let (l, _) = effective_level(id, o.kind, &o.parent_ids, o.account_id, direct);
        l.max(self.hidden_floor(id))
    }

    /// Why a direct `level` on `id` changes nothing in effect: what it stays, and through what.
    fn no_effect(&self, id: i64, level: AccessLevel) -> String {
        let name = crate::levels::level_name;
        let from = match self.levels.get(&id).map(|e| e.source) {
            Some(LevelSource::Group { object_id }) => t!(
                "tree-why-group",
                name = ls_core::i18n::words::quoted(&self.shown_name(object_id))
            ),
            Some(LevelSource::Account { object_id }) => t!(
                "tree-why-account",
                name = ls_core::i18n::words::quoted(&self.shown_name(object_id))
            ),
            Some(LevelSource::Hidden) => t!("tree-why-hidden"),
            Some(LevelSource::Role { role, object_id }) => {
                t!(
                    "tree-why-role",
                    role = role.as_str(),
                    name = ls_core::i18n::words::quoted(&self.shown_name(object_id))
                )
            }
            Some(LevelSource::Direct { .. }) => t!("tree-why-direct"),
            None => t!("tree-why-none"),
        };
        t!(
            "levels-no-effect",
            name = ls_core::i18n::words::quoted(&self.shown_name(id)),
            now = name(self.after(id)),
            from = from,
            level = name(level)
        )
    }

    /// The name of object `id` as a message may show it (made visible: it is a dealer's text).
    fn shown_name(&self, id: i64) -> String {
        visible(&self.forest.name(id)).into_owned()
    }

    /// Objects whose effective level the pending levels lower, as `(id, now, after)`: what a
    /// save takes away (from the viewer itself, when the tree is its own).
    pub fn lowered(&self) -> Vec<(i64, AccessLevel, AccessLevel)> {
        let direct = |id: i64| self.levels.get(&id).map(|e| e.direct).unwrap_or_default();
        ls_core::domain::levels_lost(placed(&self.forest), direct, &self.pending, |id| self.hidden_floor(id))
    }

    /// A level from a group or account the viewer does not see, or from the target's role: the
    /// console cannot know it moves, and no grant takes it.
    fn hidden_floor(&self, id: i64) -> AccessLevel {
        match self.levels.get(&id) {
            Some(e) if kept(e) => e.effective,
            _ => AccessLevel::None,
        }
    }

    /// `w`: why the node under the cursor has its level.
    pub fn explain_cursor(&mut self) {
        let Some(o) = self.object(self.at.cursor) else {
            return;
        };
        let e = self.levels.get(&o.id);
        let (eff, direct) = e.map(|e| (e.effective, e.direct)).unwrap_or_default();
        // Every source that gives the level (a direct grant and a group's alike).
        let from = match e {
            None => t!("tree-why-none"),
            Some(e) => ls_core::i18n::policy::level_sources(&e.sources, Some(e.source), |id| self.shown_name(id)),
        };
        let name = crate::levels::level_name;
        let mut text = format!(
            "{}\n\n{}\n{}",
            visible(&o.name),
            t!("tree-why-effective", level = name(eff), from = from),
            t!("tree-why-direct-level", level = name(direct))
        );
        if let Some(p) = self.pending.get(&o.id) {
            text.push('\n');
            text.push_str(&t!("tree-why-pending", level = name(*p), then = name(self.after(o.id))));
        }
        if let Err(why) = self.rule.check(&self.forest, o) {
            text.push('\n');
            text.push_str(&t!("tree-why-read-only", why = why));
        }
        self.explain = Some(text);
    }

    pub fn scroll_into_view(&mut self, h: usize) {
        // Rows folded away below the view pull it back, so it stays full.
        self.at.offset = self.at.offset.min(self.rows.len().saturating_sub(h.max(1)));
        self.at.scroll_into_view(h);
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, title: &str) {
        let [body, bar] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(format!(" {title} "), theme.title()))
            .title_bottom(Line::from(format!(" {} ", self.counts())).right_aligned());
        let inner = block.inner(body);
        f.render_widget(block, body);
        let h = inner.height as usize;
        let mut lines = Vec::new();
        if self.rows.is_empty() {
            let msg = if self.applied.as_deref().is_some_and(|m| !m.is_empty()) {
                t!("tree-no-match")
            } else {
                t!("tree-too-many", big = BIG, n = self.forest.len())
            };
            lines.extend(
                msg.lines()
                    .map(|l| Line::from(Span::styled(l.to_string(), theme.dim()))),
            );
        }
        for (r, row) in self.rows.iter().enumerate().skip(self.at.offset).take(h) {
            let o = &self.forest.objects[row.idx];
            // The leading tag and colour are the level in effect now (as the README says); what
            // a save would make of it follows the arrow.
            let eff = self.effective(o.id);
            let pending = self.pending.get(&o.id);
            let mut style = theme.level(eff);
            let locked = self.rule.check(&self.forest, o).is_err();
            if locked {
                style = theme.dim();
            }
            if r == self.at.cursor {
                style = style.add_modifier(Modifier::REVERSED);
            }
            let kind = kind_name(o.kind);
            let mut spans = vec![
                Span::raw("  ".repeat(row.depth as usize)),
                Span::raw(match (row.branch, row.folded) {
                    (true, true) => "▸ ",
                    (true, false) => "▾ ",
                    _ => "  ",
                }),
                Span::raw(if self.selected.contains(&o.id) { "[x] " } else { "[ ] " }),
                Span::styled(format!("{} {}", tag(eff), visible(&o.name)), style),
                Span::styled(format!("  {kind}"), theme.dim()),
            ];
            // What a save will do here: the effective level after it, and the direct grant
            // when that is not what takes effect (a group or account gives more).
            let after = self.after(o.id);
            if let Some(p) = pending {
                let mut m = format!("  {} → {}*", tag(eff), tag(after));
                if after != *p {
                    m.push_str(&format!(" ({})", t!("tree-direct-tag", tag = tag(*p))));
                }
                spans.push(Span::styled(m, theme.error()));
            } else if after != eff {
                spans.push(Span::styled(
                    format!("  {} → {} ({})", tag(eff), tag(after), t!("tree-inherited-change")),
                    theme.error(),
                ));
            }
            if locked {
                spans.push(Span::styled(format!("  ({})", t!("tree-read-only")), theme.dim()));
            }
            lines.push(Line::from(spans));
        }
        f.render_widget(Paragraph::new(lines), inner);
        mask_bar(
            f,
            bar,
            theme,
            (&t!("tree-mask"), &self.mask, self.editing),
            self.applied.as_deref().unwrap_or(""),
            &self.hint,
        );
        if let Some(text) = &self.explain {
            // Names are made visible where the text is made; a reason may quote one too.
            let lines: Vec<Line> = text.lines().map(|l| Line::from(visible(l).into_owned())).collect();
            crate::popup::draw(f, area, &t!("tree-why-title"), theme.border(), Paragraph::new(lines));
        }
    }
}

impl LevelList for ObjectTree {
    const NOUN: &'static str = "object";

    fn move_by(&mut self, d: isize, extend: bool) {
        let (rows, forest, selected) = (&self.rows, &self.forest, &mut self.selected);
        self.at.move_by(rows.len(), d, extend, |r| {
            selected.insert(forest.objects[rows[r].idx].id);
        });
    }

    /// Space: the node alone (a group's level then reaches its units by inheritance).
    fn toggle(&mut self) {
        let Some(id) = self.object(self.at.cursor).map(|o| o.id) else {
            return;
        };
        if !self.selected.remove(&id) {
            self.selected.insert(id);
        }
    }

    /// `*`: the node and everything shown under it, so each gets its own level.
    fn toggle_branch(&mut self) {
        let Some(row) = self.rows.get(self.at.cursor).copied() else {
            return;
        };
        let mut ids = vec![self.forest.objects[row.idx].id];
        for r in &self.rows[self.at.cursor + 1..] {
            if r.depth <= row.depth {
                break;
            }
            ids.push(self.forest.objects[r.idx].id);
        }
        let on = !self.selected.contains(&ids[0]);
        for id in ids {
            if on {
                self.selected.insert(id);
            } else {
                self.selected.remove(&id);
            }
        }
    }

    fn select_all_shown(&mut self) {
        for r in &self.rows {
            self.selected.insert(self.forest.objects[r.idx].id);
        }
    }

    /// `0`–`4`: a pending level for the selection (or the node under the cursor). Objects the
    /// viewer does not manage are skipped and named.
    fn set_level(&mut self, level: AccessLevel) -> SetOutcome {
        // Before the levels are in, nothing can say what a change takes away.
        if !self.levels_loaded {
            return SetOutcome {
                refused: vec![t!("tree-levels-loading")],
                ..SetOutcome::default()
            };
        }
        let mut ids: Vec<i64> = self.selected.iter().copied().collect();
        if ids.is_empty() {
            ids.extend(self.object(self.at.cursor).map(|o| o.id));
        }
        ids.sort();
        let mut out = SetOutcome::default();
        let (forest, levels) = (&self.forest, &self.levels);
        let changes = ids.iter().filter_map(|id| {
            let o = &forest.objects[*forest.index.get(id)?];
            Some((o, levels.get(id).map(|e| e.direct).unwrap_or_default(), level))
        });
        let verdicts = match self.rule.check_all(forest, changes) {
            Ok(v) => v,
            Err(why) => {
                out.refused.push(why);
                return out;
            }
        };
        for (id, verdict) in verdicts {
            let current = self.levels.get(&id).map(|e| e.direct).unwrap_or_default();
            if current == level {
                // Already so: a pending change here is dropped, nothing new is pending. A level
                // in effect from elsewhere (`0` on a unit the account gives `manage`) is named.
                self.pending.remove(&id);
                self.skipped.remove(&id);
                let why = if self.after(id) != level {
                    self.no_effect(id, level)
                } else {
                    let level = crate::levels::level_name(level);
                    t!(
                        "levels-already",
                        name = ls_core::i18n::words::quoted(&self.shown_name(id)),
                        level = level
                    )
                };
                out.unchanged.push(why);
                continue;
            }
            if verdict.is_err() && self.after_with(id, level) == self.after(id) {
                // Refused, but it would change nothing in effect anyway (a direct `view` on a
                // unit the account gives `manage`): that is what to say, not the refusal.
                self.pending.remove(&id);
                self.skipped.remove(&id);
                out.unchanged.push(self.no_effect(id, level));
                continue;
            }
            if let Err(why) = verdict {
                let why = ls_core::i18n::policy::denied(&why);
                out.refused.push(format!("{} ({why})", self.shown_name(id)));
                self.skipped.insert(id, (level, why));
                self.pending.remove(&id);
                continue;
            }
            self.skipped.remove(&id);
            self.pending.insert(id, level);
            out.set += 1;
        }
        out
    }

    fn undo_pending(&mut self) -> usize {
        let n = self.pending.len();
        self.pending.clear();
        self.skipped.clear();
        n
    }
}

/// How many of `forest`'s objects a user whose levels the service listed as `entries` loses
/// through `changes` (object → new direct level): the domain's `levels_lost` over them, a level
/// from an object the viewer does not see kept as a floor.
pub fn lost_with(forest: &Forest, entries: &[AccessEntry], changes: &BTreeMap<i64, AccessLevel>) -> usize {
    let by_id: HashMap<i64, &AccessEntry> = entries.iter().map(|e| (e.object_id, e)).collect();
    let direct = |id: i64| by_id.get(&id).map(|e| e.direct).unwrap_or_default();
    let floor = |id: i64| match by_id.get(&id) {
        Some(e) if kept(e) => e.effective,
        _ => AccessLevel::None,
    };
    ls_core::domain::levels_lost(placed(forest), direct, changes, floor).len()
}

/// The forest's objects as the level rule places them (for `levels_lost`).
pub fn placed(forest: &Forest) -> impl Iterator<Item = ls_core::domain::Placed<'_>> {
    forest.objects.iter().map(|o| ls_core::domain::Placed {
        id: o.id,
        kind: o.kind,
        groups: &o.parent_ids,
        account: o.account_id,
    })
}

/// Whether an entry's level stays whatever grants change: one of its sources is hidden from the
/// viewer or is a role.
fn kept(e: &AccessEntry) -> bool {
    let fixed = |s: &LevelSource| matches!(s, LevelSource::Hidden | LevelSource::Role { .. });
    fixed(&e.source) || e.sources.iter().any(fixed)
}
