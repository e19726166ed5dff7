//! An object's card, shown over the tree: a unit's licenses and keys, a group's units, and the
//! users who reach it (Access for users / Accessors), where a manager sets levels for many
//! users at once the same way as in the tree.
use crate::field;
use crate::levels::LevelList;
use crate::objects::tree::{kind_name, mask_bar, tag, Forest, SetOutcome};
use crate::rows::RowCursor;
use crate::theme::Theme;
use crate::viewer::{obj, Known, Viewer};
use ls_core::api::{Accessor, Object, ObjectDetail};
use ls_core::domain::text::visible;
use ls_core::domain::wildcard::{fold_str, Mask};
use ls_core::domain::{AccessLevel, LevelSource, Login, ObjectKind, User};
use ls_core::t;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tui_input::Input;

/// One user in the card's list.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub login: Login,
    pub username: String,
    folded: String,
    pub direct: AccessLevel,
    pub effective: AccessLevel,
    pub source: Option<LevelSource>,
    /// Where the effective level comes from, in words ("from group «Moscow»").
    pub from: String,
    /// Why the viewer may not set this user's level (`None`: may).
    pub locked: Option<String>,
}

impl UserRow {
    /// Where the user's level stands, as the accessors answer said it (a plan's row says what a
    /// group or the account gives too).
    pub fn held(&self) -> Option<ls_core::plan::Held> {
        self.source.map(|s| ls_core::plan::Held {
            direct: self.direct,
            effective: self.effective,
            sources: vec![s],
        })
    }
}

/// Why the viewer may not set `u`'s level on `o` (`None`: it may): the policy's rule with the
/// levels the server reported to the viewer, the question the tree asks (`LevelRule::check`).
/// Its level on `u` is the viewer's objects' (`forest`) unless `u` was read with it.
fn lock_of(viewer: Option<&Viewer>, forest: Option<&Forest>, o: &Object, u: &User) -> Option<String> {
    let Some(v) = viewer else {
        return Some(ls_core::i18n::policy::not_yet());
    };
    let k = v.levels(Known { forest, user: Some(u) });
    v.policy(&k)
        .set_level(obj(o), u)
        .err()
        .map(|d| ls_core::i18n::policy::denied(&d))
}

fn name_of(forest: Option<&Forest>, id: i64) -> String {
    forest.map(|f| f.name(id)).unwrap_or_else(|| format!("#{id}"))
}

/// What a kind of object is called on the card ("unit group", where the tree says "group").
pub fn kind_word(k: ObjectKind) -> String {
    match k {
        ObjectKind::UnitGroup => t!("ocard-kind-unit-group"),
        k => kind_name(k),
    }
}

pub struct ObjectCard {
    pub detail: ObjectDetail,
    /// Unit names of a group, for the header.
    pub member_names: Vec<String>,
    pub rows: Vec<UserRow>,
    /// Indices into `rows` shown for the applied mask.
    pub shown: Vec<usize>,
    pub at: RowCursor,
    pub selected: BTreeSet<Login>,
    pub pending: BTreeMap<Login, AccessLevel>,
    pub mask: Input,
    pub editing: bool,
    pub applied: String,
    /// Why the viewer may not change who reaches this object (`None`: may).
    pub locked: Option<String>,
    /// The viewer's own row and the policy's answer for each level it could be set to (one's own
    /// levels only go down).
    own: Option<(Login, Vec<Result<(), String>>)>,
    pub saving: bool,
    /// Asked for the viewer's own levels, to count what a save lowering them takes away.
    pub checking: Option<crate::request::ReqId>,
    /// The keys line under the users, made by the console from its key map.
    pub hint: String,
    /// `TAB_DETAILS` (licenses and keys, or a group's units) or `TAB_ACCESS`.
    pub tab: usize,
    /// Scrolling of the details tab.
    pub details_at: RowCursor,
}

pub const TAB_DETAILS: usize = 0;
pub const TAB_ACCESS: usize = 1;

impl ObjectCard {
    /// `users` are the users the viewer sees; the levels come from the accessors list, and
    /// manage on each user from the viewer's own objects (`forest`).
    pub fn new(
        detail: ObjectDetail,
        accessors: Vec<Accessor>,
        users: &[User],
        forest: Option<&Forest>,
        viewer: Option<&Viewer>,
    ) -> Self {
        let o = &detail.object;
        let locked = match viewer {
            Some(v) => {
                let k = v.levels(Known { forest, user: None });
                v.policy(&k)
                    .set_levels_on(obj(o))
                    .err()
                    .map(|d| ls_core::i18n::policy::denied(&d))
            }
            None => Some(ls_core::i18n::policy::not_yet()),
        };
        let member_names = forest
            .map(|f| detail.members.iter().map(|id| f.name(*id)).collect())
            .unwrap_or_default();
        let mut c = ObjectCard {
            detail,
            member_names,
            rows: Vec::new(),
            shown: Vec::new(),
            at: RowCursor::default(),
            selected: BTreeSet::new(),
            pending: BTreeMap::new(),
            mask: Input::default(),
            editing: false,
            applied: String::new(),
            locked,
            own: None,
            saving: false,
            checking: None,
            tab: TAB_DETAILS,
            details_at: RowCursor::default(),
            hint: String::new(),
        };
        c.set_rows(accessors, users, forest, viewer);
        c
    }

    /// Asks the policy again for the object and every row (the viewer changed: signed in, or
    /// read-only set or lifted); levels and pending changes stay.
    pub fn relock(&mut self, users: &[User], forest: Option<&Forest>, viewer: Option<&Viewer>) {
        let o = &self.detail.object;
        self.locked = match viewer {
            Some(v) => {
                let k = v.levels(Known { forest, user: None });
                v.policy(&k)
                    .set_levels_on(obj(o))
                    .err()
                    .map(|d| ls_core::i18n::policy::denied(&d))
            }
            None => Some(ls_core::i18n::policy::not_yet()),
        };
        let by_login: HashMap<Login, &User> = users.iter().map(|u| (u.login, u)).collect();
        for r in &mut self.rows {
            r.locked = match (viewer, by_login.get(&r.login)) {
                // A user the list does not hold keeps what it was told.
                (Some(_), None) => r.locked.take(),
                (_, Some(u)) => lock_of(viewer, forest, o, u),
                (None, None) => Some(ls_core::i18n::policy::not_yet()),
            };
        }
    }

    /// Rebuilds the list: users who reach the object first, then everyone else, by login.
    pub fn set_rows(
        &mut self,
        accessors: Vec<Accessor>,
        users: &[User],
        forest: Option<&Forest>,
        viewer: Option<&Viewer>,
    ) {
        let mut by_login: HashMap<Login, Accessor> = accessors.into_iter().map(|a| (a.login, a)).collect();
        let from = |s: Option<LevelSource>| match s {
            None => String::new(),
            Some(LevelSource::Direct { .. }) => t!("ocard-from-direct"),
            Some(LevelSource::Group { object_id }) => t!(
                "tree-why-group",
                name = ls_core::i18n::words::quoted(&name_of(forest, object_id))
            ),
            Some(LevelSource::Account { object_id }) => t!(
                "tree-why-account",
                name = ls_core::i18n::words::quoted(&name_of(forest, object_id))
            ),
            Some(LevelSource::Role { role, object_id }) => {
                t!(
                    "tree-why-role",
                    role = role.as_str(),
                    name = ls_core::i18n::words::quoted(&name_of(forest, object_id))
                )
            }
            Some(LevelSource::Hidden) => t!("tree-why-hidden"),
        };
        let object = &self.detail.object;
        let mut rows: Vec<UserRow> = users
            .iter()
            .map(|u| {
                let a = by_login.remove(&u.login);
                let source = a.as_ref().map(|a| a.source);
                UserRow {
                    login: u.login,
                    username: u.username.clone(),
                    folded: fold_str(&format!("{} {}", u.login, u.username)),
                    direct: a.as_ref().map(|a| a.direct).unwrap_or_default(),
                    effective: a.as_ref().map(|a| a.effective).unwrap_or_default(),
                    source,
                    from: from(source),
                    locked: lock_of(viewer, forest, object, u),
                }
            })
            .collect();
        // Accessors the users list did not hold (e.g. loaded before a user was created).
        rows.extend(by_login.into_values().map(|a| UserRow {
            login: a.login,
            folded: fold_str(&format!("{} {}", a.login, a.username)),
            username: a.username,
            direct: a.direct,
            effective: a.effective,
            source: Some(a.source),
            from: from(Some(a.source)),
            locked: Some(t!("ocard-not-in-list", login = a.login.to_string())),
        }));
        rows.sort_by_key(|r| {
            (
                r.effective == AccessLevel::None && r.direct == AccessLevel::None,
                r.login,
            )
        });
        // The viewer's own row: each level asked of the policy now, with the object's levels.
        self.own = viewer.and_then(|v| {
            let me = users.iter().find(|u| u.login == v.0.login())?;
            let direct = rows.iter().find(|r| r.login == me.login)?.direct;
            let k = v.levels(Known { forest, user: Some(me) });
            let p = v.policy(&k);
            let may = p.levels_of(me);
            let answers = AccessLevel::ALL
                .iter()
                .map(|to| {
                    may.check_change(obj(object), direct, *to)
                        .map_err(|d| ls_core::i18n::policy::denied(&d))
                })
                .collect();
            Some((me.login, answers))
        });
        self.rows = rows;
        self.refresh();
    }

    pub fn reaching(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.effective > AccessLevel::None || r.direct > AccessLevel::None)
            .count()
    }

    /// The rows the mask shows; a selected user it hides is unselected (a level key never
    /// reaches a row that is not on screen).
    fn refresh(&mut self) {
        let m = Mask::new(&self.applied);
        self.shown = (0..self.rows.len())
            .filter(|&i| self.applied.is_empty() || m.matches_folded(&self.rows[i].folded))
            .collect();
        self.at.clamp(self.shown.len());
        let (rows, shown) = (&self.rows, &self.shown);
        self.selected.retain(|l| shown.iter().any(|&i| rows[i].login == *l));
    }

    pub fn apply_mask(&mut self) {
        self.applied = self.mask.value().to_string();
        self.editing = false;
        self.at.reset();
        self.refresh();
    }

    pub fn cancel_mask(&mut self) {
        self.editing = false;
        self.mask = Input::new(self.applied.clone());
    }

    pub fn edit_mask(&mut self, key: &KeyEvent) -> bool {
        field::edit(&mut self.mask, key)
    }

    fn row(&self, at: usize) -> Option<&UserRow> {
        self.shown.get(at).map(|&i| &self.rows[i])
    }

    pub fn scroll_into_view(&mut self, h: usize) {
        self.at.scroll_into_view(h);
    }

    /// Rows of a tab's list at a screen height (what PgUp/PgDn move by).
    pub fn list_height(&self, screen_height: u16) -> usize {
        (screen_height.saturating_sub(9)).max(1) as usize
    }

    /// The two tabs' names for this kind of object.
    pub fn tab_names(&self) -> [String; 2] {
        match self.detail.object.kind {
            ObjectKind::Unit => [t!("ocard-tab-licenses"), t!("ocard-tab-access")],
            ObjectKind::UnitGroup => [t!("ocard-tab-units"), t!("ocard-tab-accessors")],
            _ => [t!("ocard-tab-details"), t!("ocard-tab-access")],
        }
    }

    pub fn switch_tab(&mut self) {
        self.tab = if self.tab == TAB_DETAILS {
            TAB_ACCESS
        } else {
            TAB_DETAILS
        };
    }

    /// The details tab: a unit's code, city, corporation, licenses and keys; a group's units.
    pub fn details_lines(&self) -> Vec<(String, bool)> {
        let d = &self.detail;
        let mut out = Vec::new();
        match d.object.kind {
            ObjectKind::Unit => {
                out.push((
                    t!(
                        "ocard-unit-line",
                        code = d.code.as_str(),
                        city = d.city.as_str(),
                        corporation = d.corporation.as_str()
                    ),
                    false,
                ));
                out.push((String::new(), false));
                out.push((t!("ocard-licenses"), true));
                if d.licenses.is_empty() {
                    out.push((format!("  {}", t!("ocard-licenses-none")), false));
                }
                let today = today();
                for l in &d.licenses {
                    // ISO dates compare as text; a license that ended before today says so.
                    let until = if l.expires.as_str() < today.as_str() {
                        t!("ocard-expired", date = l.expires.as_str())
                    } else {
                        t!("ocard-until", date = l.expires.as_str())
                    };
                    out.push((format!("  {:<16} ×{:<3} {until}", l.product, l.quantity), false));
                    out.push((format!("      {}", t!("ocard-keys", keys = l.keys.join(", "))), false));
                }
            }
            ObjectKind::UnitGroup => {
                out.push((
                    t!(
                        "ocard-group-units",
                        n = d.members.len(),
                        tab = t!("ocard-tab-accessors")
                    ),
                    true,
                ));
                out.extend(self.member_names.iter().map(|n| (format!("  {n}"), false)));
            }
            k => out.push((format!("{} #{}", kind_word(k), d.object.id), false)),
        }
        out
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        let o = &self.detail.object;
        let w = area.width.saturating_sub(4).min(110);
        let hh = area.height.saturating_sub(2);
        let r = area.centered(Constraint::Length(w), Constraint::Length(hh));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} · {} ", kind_word(o.kind), visible(&o.name)))
            .title_bottom(
                Line::from(format!(
                    " {} ",
                    t!(
                        "ocard-counts",
                        reach = self.reaching(),
                        shown = self.shown.len(),
                        selected = self.selected.len(),
                        pending = self.pending.len()
                    )
                ))
                .right_aligned(),
            )
            .border_style(theme.border());
        f.render_widget(Clear, r);
        let inner = block.inner(r);
        f.render_widget(block, r);
        let [tabs, title, list, bar] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let mut spans = Vec::new();
        for (i, name) in self.tab_names().iter().enumerate() {
            let st = if i == self.tab {
                theme.focused_header()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(format!(" {name} "), st));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(t!("ocard-tab-switches"), theme.dim()));
        f.render_widget(Paragraph::new(Line::from(spans)), tabs);
        if self.tab == TAB_DETAILS {
            let rows: Vec<Line> = self
                .details_lines()
                .into_iter()
                .skip(self.details_at.offset)
                .take(list.height as usize + 1)
                .map(|(t, head)| {
                    // Codes, cities, products, keys and unit names are the dealers' text.
                    let t = visible(&t).into_owned();
                    if head {
                        Line::from(Span::styled(t, theme.header()))
                    } else {
                        Line::from(t)
                    }
                })
                .collect();
            let area = Rect {
                height: list.height + 1,
                ..title
            };
            f.render_widget(Paragraph::new(rows), area);
            f.render_widget(Paragraph::new(Span::styled(t!("ocard-details-keys"), theme.dim())), bar);
            return;
        }
        let mut t = vec![];
        if let Some(why) = &self.locked {
            t.push(Span::styled(t!("tree-why-read-only", why = visible(why)), theme.dim()));
        }
        f.render_widget(Paragraph::new(Line::from(t)), title);
        let mut lines = Vec::new();
        if self.shown.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("  {}", t!("ocard-no-match")),
                theme.dim(),
            )));
        }
        for (at, &i) in self
            .shown
            .iter()
            .enumerate()
            .skip(self.at.offset)
            .take(list.height as usize)
        {
            let u = &self.rows[i];
            let pending = self.pending.get(&u.login);
            let shown = pending.copied().unwrap_or(u.effective);
            let mut style = theme.level(shown);
            if u.locked.is_some() || self.locked.is_some() {
                style = theme.dim();
            }
            if at == self.at.cursor {
                style = style.add_modifier(Modifier::REVERSED);
            }
            let mut spans = vec![
                Span::raw(if self.selected.contains(&u.login) {
                    "[x] "
                } else {
                    "[ ] "
                }),
                Span::styled(
                    format!("{} {} {:<24}", tag(shown), u.login, visible(&u.username)),
                    style,
                ),
                Span::styled(format!("  {}", visible(&u.from)), theme.dim()),
            ];
            if let Some(p) = pending {
                spans.push(Span::styled(
                    format!("  {} → {}*", tag(u.direct), tag(*p)),
                    theme.error(),
                ));
            }
            if u.locked.is_some() {
                spans.push(Span::styled(format!("  ({})", t!("tree-read-only")), theme.dim()));
            }
            lines.push(Line::from(spans));
        }
        f.render_widget(Paragraph::new(lines), list);
        mask_bar(
            f,
            bar,
            theme,
            (&t!("ocard-mask"), &self.mask, self.editing),
            &self.applied,
            &self.hint,
        );
    }
}

impl LevelList for ObjectCard {
    const NOUN: &'static str = "user";

    fn move_by(&mut self, d: isize, extend: bool) {
        let (rows, shown, selected) = (&self.rows, &self.shown, &mut self.selected);
        self.at.move_by(shown.len(), d, extend, |at| {
            selected.insert(rows[shown[at]].login);
        });
    }

    fn toggle(&mut self) {
        if let Some(l) = self.row(self.at.cursor).map(|r| r.login) {
            if !self.selected.remove(&l) {
                self.selected.insert(l);
            }
        }
    }

    fn select_all_shown(&mut self) {
        for &i in &self.shown {
            self.selected.insert(self.rows[i].login);
        }
    }

    /// `0`–`4`: a pending level for the selected users (or the one under the cursor).
    fn set_level(&mut self, level: AccessLevel) -> SetOutcome {
        let mut out = SetOutcome::default();
        if let Some(why) = &self.locked {
            out.refused.push(why.clone());
            return out;
        }
        let logins: Vec<Login> = if self.selected.is_empty() {
            self.row(self.at.cursor).map(|r| r.login).into_iter().collect()
        } else {
            self.selected.iter().copied().collect()
        };
        for l in logins {
            let Some(r) = self.rows.iter().find(|r| r.login == l) else {
                continue;
            };
            if let Some(why) = &r.locked {
                out.refused.push(why.clone());
                continue;
            }
            if let Some((_, answers)) = self.own.as_ref().filter(|(me, _)| *me == l) {
                if let Some(Err(why)) = answers.get(level as usize) {
                    out.refused.push(why.clone());
                    continue;
                }
            }
            // Already so: nothing becomes pending, and the key says so (issue #29).
            if r.direct == level {
                self.pending.remove(&l);
                let level = crate::levels::level_name(level);
                out.unchanged.push(t!(
                    "levels-already",
                    name = ls_core::i18n::words::quoted(&l.to_string()),
                    level = level
                ));
                continue;
            }
            self.pending.insert(l, level);
            out.set += 1;
        }
        out
    }

    fn undo_pending(&mut self) -> usize {
        let n = self.pending.len();
        self.pending.clear();
        n
    }
}

/// Today's date (UTC) as `2026-11-23`, the form license dates take.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    ls_core::domain::wildcard::day_text(secs as i64)
}
