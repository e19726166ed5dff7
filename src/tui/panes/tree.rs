//! The objects tree: accounts → unit groups → units, and users. A flat vector of visible rows,
//! a wildcard mask, multi-select, and pending levels sent as one batch.
use crate::api::{AccessEntry, Object};
use crate::domain::wildcard::{fold_str, Mask};
use crate::domain::{AccessLevel, LevelSource, Login, ObjectKind};
use crate::tui::field;
use crate::tui::theme::Theme;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use tui_input::Input;

/// Above this many objects the tree starts empty and asks for a mask (as the LS does).
pub const BIG: usize = 100;

/// The viewer's objects arranged as a forest; built once per load and shared.
#[derive(Debug, Default)]
pub struct Forest {
    pub objects: Vec<Object>,
    pub index: HashMap<i64, usize>,
    folded: Vec<String>,
    roots: Vec<usize>,
    children: Vec<Vec<usize>>,
}

impl Forest {
    pub fn new(objects: Vec<Object>) -> Self {
        let index: HashMap<i64, usize> = objects.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        let folded = objects.iter().map(|o| fold_str(&o.name)).collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); objects.len()];
        let mut roots = Vec::new();
        let by_name = |v: &mut Vec<usize>, objs: &[Object]| {
            v.sort_by(|a, b| {
                (kind_rank(objs[*a].kind), &objs[*a].name).cmp(&(kind_rank(objs[*b].kind), &objs[*b].name))
            })
        };
        for (i, o) in objects.iter().enumerate() {
            let account = o.account_id.filter(|a| *a != o.id).and_then(|a| index.get(&a).copied());
            match o.kind {
                ObjectKind::Account => roots.push(i),
                ObjectKind::Unit => {
                    let groups: Vec<usize> = o.parent_ids.iter().filter_map(|g| index.get(g).copied()).collect();
                    if !groups.is_empty() {
                        for g in groups {
                            children[g].push(i);
                        }
                    } else if let Some(a) = account {
                        children[a].push(i);
                    } else {
                        roots.push(i);
                    }
                }
                _ => match account {
                    Some(a) => children[a].push(i),
                    None => roots.push(i),
                },
            }
        }
        for c in &mut children {
            by_name(c, &objects);
        }
        by_name(&mut roots, &objects);
        Forest {
            objects,
            index,
            folded,
            roots,
            children,
        }
    }

    pub fn name(&self, id: i64) -> String {
        self.index
            .get(&id)
            .map(|&i| self.objects[i].name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// The rows shown for a mask: matches, their ancestors, and everything under a match.
    pub fn rows(&self, mask: Option<&Mask>) -> Vec<TreeRow> {
        let mut out = Vec::new();
        for &r in &self.roots {
            self.walk(r, 0, mask, false, &mut out);
        }
        out
    }

    fn walk(&self, i: usize, depth: u16, mask: Option<&Mask>, under_match: bool, out: &mut Vec<TreeRow>) -> bool {
        let me = under_match || mask.is_none_or(|m| m.matches_folded(&self.folded[i]));
        let pos = out.len();
        out.push(TreeRow {
            idx: i,
            depth,
            branch: !self.children[i].is_empty(),
        });
        let mut any = me;
        for &c in &self.children[i] {
            any |= self.walk(c, depth + 1, mask, me, out);
        }
        if !any {
            out.truncate(pos);
        }
        any
    }
}

fn kind_rank(k: ObjectKind) -> u8 {
    match k {
        ObjectKind::Account => 0,
        ObjectKind::UnitGroup => 1,
        ObjectKind::Unit => 2,
        ObjectKind::User => 3,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRow {
    pub idx: usize,
    pub depth: u16,
    pub branch: bool,
}

/// What a level key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetOutcome {
    pub set: usize,
    pub refused: Vec<String>,
}

pub struct ObjectTree {
    pub forest: Arc<Forest>,
    /// Whose levels are shown and set.
    pub target: Login,
    pub levels: HashMap<i64, AccessEntry>,
    pub levels_loaded: bool,
    pub pending: BTreeMap<i64, AccessLevel>,
    pub selected: HashSet<i64>,
    pub mask: Input,
    pub editing: bool,
    pub applied: Option<String>,
    pub rows: Vec<TreeRow>,
    pub cursor: usize,
    pub offset: usize,
    anchor: Option<usize>,
    /// Whether the viewer may set this user's access at all (manage on the user).
    pub may_manage_user: bool,
    pub why_not_user: String,
    pub explain: Option<String>,
    pub saving: bool,
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

fn level_color(l: AccessLevel) -> Option<Color> {
    match l {
        AccessLevel::None => None,
        AccessLevel::View => Some(Color::Cyan),
        AccessLevel::Execute => Some(Color::Blue),
        AccessLevel::Edit => Some(Color::Green),
        AccessLevel::Manage => Some(Color::Magenta),
    }
}

impl ObjectTree {
    pub fn new(forest: Arc<Forest>, target: Login) -> Self {
        let mut t = ObjectTree {
            forest,
            target,
            levels: HashMap::new(),
            levels_loaded: false,
            pending: BTreeMap::new(),
            selected: HashSet::new(),
            mask: Input::default(),
            editing: false,
            applied: None,
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
            anchor: None,
            may_manage_user: true,
            why_not_user: String::new(),
            explain: None,
            saving: false,
        };
        t.refresh();
        t
    }

    pub fn big(&self) -> bool {
        self.forest.len() > BIG
    }

    /// Recomputes the rows for the applied mask (a big tree with no mask shows nothing).
    pub fn refresh(&mut self) {
        self.rows = match &self.applied {
            Some(m) if !m.is_empty() => self.forest.rows(Some(&Mask::new(m))),
            _ if self.big() => Vec::new(),
            _ => self.forest.rows(None),
        };
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        self.offset = self.offset.min(self.cursor);
        self.anchor = None;
    }

    pub fn apply_mask(&mut self) {
        self.applied = Some(self.mask.value().to_string());
        self.editing = false;
        self.cursor = 0;
        self.offset = 0;
        self.refresh();
    }

    pub fn edit_mask(&mut self, key: &KeyEvent) -> bool {
        field::edit(&mut self.mask, key)
    }

    pub fn set_levels(&mut self, entries: Vec<AccessEntry>) {
        self.levels = entries.into_iter().map(|e| (e.object_id, e)).collect();
        self.levels_loaded = true;
    }

    pub fn object(&self, row: usize) -> Option<&Object> {
        self.rows.get(row).map(|r| &self.forest.objects[r.idx])
    }

    pub fn effective(&self, id: i64) -> AccessLevel {
        self.levels.get(&id).map(|e| e.effective).unwrap_or_default()
    }

    pub fn move_by(&mut self, d: isize, extend: bool) {
        if self.rows.is_empty() {
            return;
        }
        if extend {
            self.anchor.get_or_insert(self.cursor);
        } else {
            self.anchor = None;
        }
        let max = self.rows.len() as isize - 1;
        self.cursor = (self.cursor as isize + d).clamp(0, max) as usize;
        if let Some(a) = self.anchor {
            let (lo, hi) = if a <= self.cursor {
                (a, self.cursor)
            } else {
                (self.cursor, a)
            };
            for r in lo..=hi {
                let id = self.forest.objects[self.rows[r].idx].id;
                self.selected.insert(id);
            }
        }
    }

    /// Space: the node, and on a branch everything shown under it.
    pub fn toggle(&mut self) {
        let Some(row) = self.rows.get(self.cursor).copied() else {
            return;
        };
        let mut ids = vec![self.forest.objects[row.idx].id];
        for r in &self.rows[self.cursor + 1..] {
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

    pub fn select_all_shown(&mut self) {
        for r in &self.rows {
            self.selected.insert(self.forest.objects[r.idx].id);
        }
    }

    /// `0`–`4`: a pending level for the selection (or the node under the cursor). Objects the
    /// viewer does not manage are skipped and named.
    pub fn set_level(&mut self, level: AccessLevel) -> SetOutcome {
        let mut ids: Vec<i64> = self.selected.iter().copied().collect();
        if ids.is_empty() {
            ids.extend(self.object(self.cursor).map(|o| o.id));
        }
        ids.sort();
        let mut out = SetOutcome {
            set: 0,
            refused: vec![],
        };
        if !self.may_manage_user {
            out.refused.push(self.why_not_user.clone());
            return out;
        }
        for id in ids {
            let Some(&i) = self.forest.index.get(&id) else {
                continue;
            };
            let o = &self.forest.objects[i];
            if o.level < AccessLevel::Manage {
                out.refused.push(format!("{} (you have {})", o.name, o.level));
                continue;
            }
            let current = self.levels.get(&id).map(|e| e.direct).unwrap_or_default();
            if current == level {
                self.pending.remove(&id);
            } else {
                self.pending.insert(id, level);
            }
            out.set += 1;
        }
        out
    }

    /// `w`: why the node under the cursor has its level.
    pub fn explain_cursor(&mut self) {
        let Some(o) = self.object(self.cursor) else {
            return;
        };
        let e = self.levels.get(&o.id);
        let (eff, direct) = e.map(|e| (e.effective, e.direct)).unwrap_or_default();
        let from = match e.map(|e| e.source) {
            None => "no grant reaches it".to_string(),
            Some(LevelSource::Direct { .. }) => "granted directly".to_string(),
            Some(LevelSource::Group { object_id }) => {
                format!("from group «{}»", self.forest.name(object_id))
            }
            Some(LevelSource::Account { object_id }) => {
                format!("from account «{}»", self.forest.name(object_id))
            }
        };
        let mut text = format!("{}\n\neffective: {eff} — {from}\ndirect: {direct}", o.name);
        if let Some(p) = self.pending.get(&o.id) {
            text.push_str(&format!("\npending: {p} (Ctrl-S saves)"));
        }
        if o.level < AccessLevel::Manage {
            text.push_str(&format!("\nyou have {} on it: you cannot change its access", o.level));
        }
        self.explain = Some(text);
    }

    pub fn scroll_into_view(&mut self, h: usize) {
        let h = h.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + h {
            self.offset = self.cursor + 1 - h;
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, title: &str) {
        let [body, bar] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(format!(" {title} "), theme.title()))
            .title_bottom(
                Line::from(format!(
                    " {} shown · {} selected · {} pending ",
                    self.rows.len(),
                    self.selected.len(),
                    self.pending.len()
                ))
                .right_aligned(),
            );
        let inner = block.inner(body);
        f.render_widget(block, body);
        let h = inner.height as usize;
        let mut lines = Vec::new();
        if self.rows.is_empty() {
            let msg = if self.applied.as_deref().is_some_and(|m| !m.is_empty()) {
                "No object matches the mask.".to_string()
            } else {
                format!(
                    "More than {BIG} objects ({}): type / and a mask (* any run, ? one character), then Enter.",
                    self.forest.len()
                )
            };
            lines.push(Line::from(Span::styled(msg, theme.dim())));
        }
        for (r, row) in self.rows.iter().enumerate().skip(self.offset).take(h) {
            let o = &self.forest.objects[row.idx];
            let eff = self.effective(o.id);
            let pending = self.pending.get(&o.id);
            let shown = pending.copied().unwrap_or(eff);
            let mut style = match level_color(shown) {
                Some(c) if theme.color => Style::new().fg(c),
                _ => Style::new(),
            };
            if o.level < AccessLevel::Manage {
                style = theme.dim();
            }
            if r == self.cursor {
                style = style.add_modifier(Modifier::REVERSED);
            }
            let kind = match o.kind {
                ObjectKind::Account => "account",
                ObjectKind::UnitGroup => "group",
                ObjectKind::Unit => "unit",
                ObjectKind::User => "user",
            };
            let mut spans = vec![
                Span::raw("  ".repeat(row.depth as usize)),
                Span::raw(if row.branch { "▾ " } else { "  " }),
                Span::raw(if self.selected.contains(&o.id) { "[x] " } else { "[ ] " }),
                Span::styled(format!("{} {}", tag(shown), o.name), style),
                Span::styled(format!("  {kind}"), theme.dim()),
            ];
            if let Some(p) = pending {
                spans.push(Span::styled(format!("  {} → {}*", tag(eff), tag(*p)), theme.error()));
            }
            if o.level < AccessLevel::Manage {
                spans.push(Span::styled("  (read-only)", theme.dim()));
            }
            lines.push(Line::from(spans));
        }
        f.render_widget(Paragraph::new(lines), inner);
        let bar_text = if self.editing {
            Line::from(vec![
                Span::styled("mask: ", theme.header()),
                Span::styled(self.mask.value().to_string(), theme.field_focused()),
            ])
        } else {
            Line::from(Span::styled(
                format!(
                    "mask: {}   / mask · Space select · Shift-↑↓ range · a all · 0–4 none/view/execute/edit/manage · w why · Ctrl-S save",
                    self.applied.as_deref().unwrap_or("")
                ),
                theme.dim(),
            ))
        };
        f.render_widget(Paragraph::new(bar_text), bar);
        if self.editing {
            let cx = self.mask.visual_cursor() as u16 + 6;
            f.set_cursor_position((bar.x + cx.min(bar.width.saturating_sub(1)), bar.y));
        }
        if let Some(text) = &self.explain {
            let lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_string())).collect();
            let w = (lines.iter().map(|l| l.width()).max().unwrap_or(20) as u16 + 4).min(area.width);
            let hh = (lines.len() as u16 + 2).min(area.height);
            let r = Rect {
                x: area.x + (area.width - w) / 2,
                y: area.y + (area.height - hh) / 2,
                width: w,
                height: hh,
            };
            f.render_widget(ratatui::widgets::Clear, r);
            f.render_widget(
                Paragraph::new(lines).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(" Why this level ")
                        .border_style(theme.border()),
                ),
                r,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(id: i64, kind: ObjectKind, name: &str, account: i64, parents: Vec<i64>) -> Object {
        Object {
            id,
            kind,
            name: name.into(),
            account_id: Some(account),
            parent_ids: parents,
            level: AccessLevel::Manage,
        }
    }

    #[test]
    fn forest_and_mask() {
        let f = Forest::new(vec![
            o(1, ObjectKind::Account, "Alpha", 1, vec![]),
            o(2, ObjectKind::UnitGroup, "Fuel group", 1, vec![]),
            o(3, ObjectKind::Unit, "Fuel Station 1", 1, vec![2]),
            o(4, ObjectKind::Unit, "Cafe", 1, vec![]),
            o(5, ObjectKind::User, "ivan", 1, vec![]),
        ]);
        let all = f.rows(None);
        let names: Vec<_> = all.iter().map(|r| (r.depth, f.objects[r.idx].name.as_str())).collect();
        assert_eq!(
            names,
            vec![
                (0, "Alpha"),
                (1, "Fuel group"),
                (2, "Fuel Station 1"),
                (1, "Cafe"),
                (1, "ivan")
            ]
        );
        let m = Mask::new("cafe");
        let names: Vec<_> = f.rows(Some(&m)).iter().map(|r| f.objects[r.idx].name.clone()).collect();
        assert_eq!(names, vec!["Alpha", "Cafe"], "a match brings its ancestors");
        let m = Mask::new("Fuel g*");
        let names: Vec<_> = f.rows(Some(&m)).iter().map(|r| f.objects[r.idx].name.clone()).collect();
        assert_eq!(
            names,
            vec!["Alpha", "Fuel group", "Fuel Station 1"],
            "a matching branch shows its children"
        );
    }
}
