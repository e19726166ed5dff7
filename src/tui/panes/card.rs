//! The user card: General, Roles & rights (with the focused right's hint), Object groups,
//! Access to objects, Assessment, API access. Edits live in a draft until Ctrl-S.
use crate::api::Assessment;
use crate::domain::policy::{UserCaps, Verdict};
use crate::domain::role::{effective_rights, roles_text};
use crate::domain::{rights, FieldError, Language, Login, Role, User, UserDraft};
use crate::domain::{AccessLevel, LevelSource, ObjectKind};
use crate::tui::field;
use crate::tui::panes::tree::{tag, Forest, ObjectTree};
use crate::tui::theme::Theme;
use crate::tui::viewer::NOT_YET;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Tabs, Wrap};
use ratatui::Frame;
use tui_input::Input;

pub const TABS: [&str; 6] = [
    "General",
    "Roles & rights",
    "Object groups",
    "Access to objects",
    "Assessment",
    "API access",
];
/// The same tabs in fewer columns, for terminals too narrow for the full names (80×24 and less).
const SHORT_TABS: [&str; 6] = ["General", "Roles", "Groups", "Access", "Assessment", "API"];
pub const TAB_GENERAL: usize = 0;
pub const TAB_RIGHTS: usize = 1;
pub const TAB_GROUPS: usize = 2;
pub const TAB_ACCESS: usize = 3;
pub const TAB_ASSESSMENT: usize = 4;
pub const TAB_API: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Never editable here: shown gray.
    Gray,
    Check,
    Lang,
}

pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub kind: Kind,
    pub input: Input,
}

/// One focusable line of the Roles & rights tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RightsItem {
    Role(Role),
    Right(String),
}

/// A question the card is waiting on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Leave and drop the unsaved edits? (y/n)
    Discard,
    /// The server has a newer version: reload, or keep the draft on top of it.
    Conflict(String),
    /// Shown once after creating a user.
    Credentials { password: String, token: String },
    /// Issue a new API token? (y/n)
    Renew,
    /// A copy that could not be delivered: the text, for a manual copy.
    Manual(String),
}

pub struct CardPane {
    /// The user as loaded; `None` while creating a new one.
    pub user: Option<User>,
    pub fields: Vec<Field>,
    pub login_allowed: bool,
    pub language: Language,
    pub roles: Vec<Role>,
    pub rights: Vec<String>,
    pub dealer_id: i64,
    pub tab: usize,
    pub focus: [usize; 6],
    /// The server's last refusal, by field when it named one.
    pub server_error: Option<(Option<String>, String)>,
    pub assessments: Option<Result<Vec<Assessment>, String>>,
    pub confirm: Option<Confirm>,
    pub saving: bool,
    /// A reload is under way whose result must keep the draft (conflict → keep).
    pub rebase: bool,
    /// The Access to objects tree, built when that tab is first opened.
    pub tree: Option<ObjectTree>,
    /// The API access tab.
    pub api: super::api_tab::ApiTab,
    pub groups_focus: usize,
}

fn text_field(key: &'static str, label: &'static str, required: bool, v: &str) -> Field {
    Field {
        key,
        label,
        required,
        kind: Kind::Text,
        input: Input::new(v.to_string()),
    }
}

fn gray(key: &'static str, label: &'static str, v: String) -> Field {
    Field {
        key,
        label,
        required: false,
        kind: Kind::Gray,
        input: Input::new(v),
    }
}

impl CardPane {
    fn build(u: Option<&User>, d: &UserDraft, dealer: String) -> Vec<Field> {
        let login = match u {
            Some(u) => gray("login", "Login", u.login.to_string()),
            // A new user may ask for a login; empty takes the next free one.
            None => text_field("login", "Login (empty: next free)", false, ""),
        };
        vec![
            login,
            text_field("username", "Username", true, &d.username),
            text_field("last_name", "Last name", true, &d.last_name),
            text_field("first_name", "First name", true, &d.first_name),
            text_field("patronymic", "Patronymic", false, &d.patronymic),
            text_field("email", "Email", true, &d.email),
            text_field("phone", "Phone", false, &d.phone),
            text_field("mobile", "Mobile phone", false, &d.mobile),
            text_field("position", "Position", false, &d.position),
            text_field("city", "City", false, &d.city),
            text_field("country", "Country", false, &d.country),
            text_field("comments", "Comments", false, &d.comments),
            gray("dealer", "Dealer", dealer),
            gray(
                "source",
                "Source",
                u.map(|u| u.source.as_str()).unwrap_or("LS").to_string(),
            ),
            Field {
                key: "language",
                label: "Interface language",
                required: false,
                kind: Kind::Lang,
                input: Input::default(),
            },
            Field {
                key: "login_allowed",
                label: "Login allowed",
                required: false,
                kind: Kind::Check,
                input: Input::default(),
            },
        ]
    }

    pub fn open(user: User) -> Self {
        let d = UserDraft::from(&user);
        let fields = Self::build(Some(&user), &d, user.dealer.clone());
        CardPane {
            fields,
            login_allowed: d.login_allowed,
            language: d.language,
            roles: d.roles.clone(),
            rights: d.rights.clone(),
            dealer_id: user.dealer_id,
            user: Some(user),
            tab: 0,
            focus: [1, 0, 0, 0, 0, 0],
            server_error: None,
            assessments: None,
            confirm: None,
            saving: false,
            rebase: false,
            tree: None,
            api: Default::default(),
            groups_focus: 0,
        }
    }

    /// A blank card for a new user of the viewer's dealer.
    pub fn create(dealer_id: i64, dealer: String, role: Option<Role>) -> Self {
        let d = UserDraft {
            roles: role.into_iter().collect(),
            login_allowed: true,
            ..Default::default()
        };
        CardPane {
            fields: Self::build(None, &d, dealer),
            login_allowed: true,
            language: Language::En,
            roles: d.roles,
            rights: vec![],
            dealer_id,
            user: None,
            tab: 0,
            focus: [0; 6],
            server_error: None,
            assessments: Some(Ok(vec![])),
            confirm: None,
            saving: false,
            rebase: false,
            tree: None,
            api: Default::default(),
            groups_focus: 0,
        }
    }

    pub fn login(&self) -> Option<Login> {
        self.user.as_ref().map(|u| u.login)
    }

    fn value(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.input.value().to_string())
            .unwrap_or_default()
    }

    /// The draft as the fields stand now.
    pub fn draft(&self) -> UserDraft {
        let v = |k| self.value(k);
        UserDraft {
            login: match &self.user {
                Some(u) => Some(u.login),
                None => v("login").parse().ok(),
            },
            username: v("username"),
            first_name: v("first_name"),
            last_name: v("last_name"),
            patronymic: v("patronymic"),
            position: v("position"),
            city: v("city"),
            country: v("country"),
            comments: v("comments"),
            email: v("email"),
            phone: v("phone"),
            mobile: v("mobile"),
            dealer_id: Some(self.dealer_id),
            roles: self.roles.clone(),
            rights: self.rights.clone(),
            login_allowed: self.login_allowed,
            language: self.language,
            password: None,
        }
    }

    pub fn dirty(&self) -> bool {
        match &self.user {
            Some(u) => {
                let mut a = self.draft();
                let mut b = UserDraft::from(u);
                for d in [&mut a, &mut b] {
                    d.roles.sort();
                    d.rights.sort();
                }
                a != b
            }
            None => true,
        }
    }

    /// Edits of any kind not yet saved: fields, or pending access levels.
    pub fn unsaved(&self) -> bool {
        self.dirty() || self.tree.as_ref().is_some_and(|t| !t.pending.is_empty())
    }

    /// Client-side problems, field by field (the same rules the server applies).
    pub fn errors(&self) -> Vec<FieldError> {
        let mut e = self.draft().validate();
        if self.user.is_none() {
            let l = self.value("login");
            if !l.trim().is_empty() {
                if let Err(m) = l.parse::<Login>() {
                    e.insert(
                        0,
                        FieldError {
                            field: "login",
                            message: m.to_string(),
                        },
                    );
                }
            }
        }
        e
    }

    /// Replaces the loaded user. With `keep_draft`, the fields this card changed are carried
    /// onto the new version (a three-way merge), so someone else's other changes are kept.
    pub fn reload(&mut self, user: User, keep_draft: bool) {
        let tab = self.tab;
        let focus = self.focus;
        let assessments = self.assessments.take();
        let tree = self.tree.take();
        let api = std::mem::take(&mut self.api);
        let base = self.user.as_ref().map(UserDraft::from);
        let mine: Vec<(&'static str, String)> = self
            .fields
            .iter()
            .map(|f| (f.key, f.input.value().to_string()))
            .collect();
        let (roles, rights, allowed, lang) = (
            self.roles.clone(),
            self.rights.clone(),
            self.login_allowed,
            self.language,
        );
        let mut next = CardPane::open(user);
        if let (true, Some(base)) = (keep_draft, base) {
            let old = CardPane::build(None, &base, String::new());
            for (key, value) in mine {
                let was = old.iter().find(|f| f.key == key).map(|f| f.input.value().to_string());
                if key != "login" && was.as_deref() != Some(value.as_str()) {
                    if let Some(f) = next.fields.iter_mut().find(|f| f.key == key && f.kind == Kind::Text) {
                        f.input = Input::new(value);
                    }
                }
            }
            if roles != base.roles {
                next.roles = roles;
            }
            if rights != base.rights {
                next.rights = rights;
            }
            if allowed != base.login_allowed {
                next.login_allowed = allowed;
            }
            if lang != base.language {
                next.language = lang;
            }
        }
        *self = next;
        self.tab = tab;
        self.focus = focus;
        self.assessments = assessments;
        self.tree = tree;
        self.api = api;
    }

    pub fn rights_items(&self) -> Vec<RightsItem> {
        Role::ALL
            .iter()
            .map(|r| RightsItem::Role(*r))
            .chain(rights::catalog().iter().map(|r| RightsItem::Right(r.code.clone())))
            .collect()
    }

    pub fn items(&self) -> usize {
        match self.tab {
            TAB_GENERAL => self.fields.len(),
            TAB_RIGHTS => self.rights_items().len(),
            _ => 0,
        }
    }

    /// Tabs shown: API access only where the rules allow it.
    pub fn tab_count(&self) -> usize {
        if self.api.visible {
            TABS.len()
        } else {
            TABS.len() - 1
        }
    }

    pub fn tab_to(&mut self, t: usize) {
        self.tab = t.min(self.tab_count() - 1);
    }

    pub fn tab_by(&mut self, d: isize) {
        self.tab = (self.tab as isize + d).rem_euclid(self.tab_count() as isize) as usize;
    }

    /// Moves the focus, skipping gray fields on the General tab.
    pub fn focus_by(&mut self, d: isize) {
        let n = self.items();
        if n == 0 {
            return;
        }
        let mut i = self.focus[self.tab] as isize;
        for _ in 0..n {
            i = (i + d).clamp(0, n as isize - 1);
            if self.tab != TAB_GENERAL || self.fields[i as usize].kind != Kind::Gray {
                self.focus[self.tab] = i as usize;
                return;
            }
            if i == 0 || i == n as isize - 1 {
                return;
            }
        }
    }

    pub fn focused_field(&self) -> Option<&Field> {
        (self.tab == TAB_GENERAL)
            .then(|| self.fields.get(self.focus[TAB_GENERAL]))
            .flatten()
    }

    /// Whether keys should type into a text field now.
    pub fn typing(&self, caps: &Caps) -> bool {
        self.focused_field()
            .is_some_and(|f| f.kind == Kind::Text && caps.fields().is_ok())
    }

    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let i = self.focus[TAB_GENERAL];
        match self.fields.get_mut(i) {
            Some(f) if f.kind == Kind::Text && self.tab == TAB_GENERAL => {
                let changed = field::edit(&mut f.input, key);
                if changed {
                    self.server_error = None;
                }
                changed
            }
            _ => false,
        }
    }

    /// Space on a check box, a role or a right. Returns a refusal to show, if any.
    pub fn toggle(&mut self, caps: &Caps) -> Result<bool, String> {
        match self.tab {
            TAB_GENERAL => match self.focused_field().map(|f| f.kind) {
                Some(Kind::Check) => {
                    caps.block()?;
                    self.login_allowed = !self.login_allowed;
                    Ok(true)
                }
                Some(Kind::Lang) => {
                    caps.fields()?;
                    self.language = if self.language == Language::En {
                        Language::Ru
                    } else {
                        Language::En
                    };
                    Ok(true)
                }
                _ => Ok(false),
            },
            TAB_RIGHTS => {
                let items = self.rights_items();
                match items.get(self.focus[TAB_RIGHTS]) {
                    Some(RightsItem::Role(r)) => {
                        caps.role(*r)?;
                        if let Some(p) = self.roles.iter().position(|x| x == r) {
                            self.roles.remove(p);
                        } else {
                            self.roles.push(*r);
                        }
                        Ok(true)
                    }
                    Some(RightsItem::Right(code)) => {
                        let from_role = self.roles.iter().any(|r| r.default_rights().contains(&code.as_str()));
                        if from_role {
                            return Err(format!("{code} comes with a role; change the roles to remove it"));
                        }
                        caps.right(code)?;
                        if let Some(p) = self.rights.iter().position(|x| x == code) {
                            self.rights.remove(p);
                        } else {
                            self.rights.push(code.clone());
                        }
                        Ok(true)
                    }
                    None => Ok(false),
                }
            }
            _ => Ok(false),
        }
    }

    pub fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        theme: &Theme,
        caps: &Caps,
        lang: Language,
        forest: Option<&Forest>,
    ) {
        let title = match &self.user {
            Some(u) => format!(
                " User {} · {}{} ",
                u.login,
                u.username,
                if self.dirty() { " ● modified" } else { "" }
            ),
            None => " New user ● unsaved ".to_string(),
        };
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(title, theme.title()));
        if let (Err(why), Some(_)) = (caps.fields(), &self.user) {
            block = block
                .title_bottom(Line::from(Span::styled(format!(" read-only: {why} "), theme.dim())).right_aligned());
        } else {
            block = block.title_bottom(Line::from(" Ctrl-S save · Esc back ").right_aligned());
        }
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [tabs_area, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
        let titles = |names: &[&str]| -> Vec<String> {
            names
                .iter()
                .take(self.tab_count())
                .enumerate()
                .map(|(i, t)| format!("{} {t}", i + 1))
                .collect()
        };
        let mut names = titles(&TABS);
        // Each tab takes its title, a space either side and a divider.
        let width: usize = names
            .iter()
            .map(|t| t.chars().count() + 3)
            .sum::<usize>()
            .saturating_sub(1);
        if width > tabs_area.width as usize {
            names = titles(&SHORT_TABS);
        }
        f.render_widget(
            Tabs::new(names)
                .select(self.tab)
                .highlight_style(theme.focused_header()),
            tabs_area,
        );
        match self.tab {
            TAB_GENERAL => self.render_general(f, body, theme, caps),
            TAB_RIGHTS => self.render_rights(f, body, theme, caps, lang),
            TAB_GROUPS => self.render_groups(f, body, theme, forest),
            TAB_ACCESS => match &self.tree {
                Some(t) => t.render(f, body, theme, "Access to objects"),
                None => f.render_widget(Paragraph::new("Loading objects…").style(theme.dim()), body),
            },
            TAB_ASSESSMENT => self.render_assessment(f, body, theme),
            _ => self.api.render(f, body, theme, self.user.as_ref().map(|u| u.login)),
        }
        if let Some(c) = &self.confirm {
            render_confirm(f, area, theme, c);
        }
    }

    fn render_general(&self, f: &mut Frame, area: Rect, theme: &Theme, caps: &Caps) {
        let errors = self.errors();
        let label_w = 26usize;
        let value_w = (area.width as usize).saturating_sub(label_w + 2).min(40);
        let focus = self.focus[TAB_GENERAL];
        let top = focus.saturating_sub(area.height.saturating_sub(1) as usize);
        let mut lines = Vec::new();
        let mut cursor = None;
        for (i, fl) in self.fields.iter().enumerate().skip(top) {
            let editable = match fl.kind {
                Kind::Gray => false,
                Kind::Check => caps.block().is_ok(),
                _ => caps.fields().is_ok(),
            };
            let focused = i == focus;
            let label = format!("{}{}", fl.label, if fl.required { " *" } else { "" });
            let label_style = if !editable {
                theme.dim()
            } else if focused {
                theme.focused_header()
            } else {
                theme.header()
            };
            let value = match fl.kind {
                Kind::Check => {
                    if self.login_allowed {
                        "[x] yes".to_string()
                    } else {
                        "[ ] no: blocked".to_string()
                    }
                }
                Kind::Lang => format!("‹ {} ›", self.language.as_str()),
                _ => fl.input.value().to_string(),
            };
            let vstyle = if !editable {
                theme.dim()
            } else if focused {
                theme.field_focused()
            } else {
                theme.field()
            };
            let scroll = if focused && fl.kind == Kind::Text {
                fl.input.visual_scroll(value_w.saturating_sub(1))
            } else {
                0
            };
            let shown: String = value.chars().skip(scroll).collect();
            let mut spans = vec![
                Span::styled(format!("{:<w$}", label, w = label_w), label_style),
                Span::styled(format!("{shown:<value_w$}"), vstyle),
            ];
            let server = self
                .server_error
                .as_ref()
                .filter(|(fld, _)| fld.as_deref() == Some(fl.key))
                .map(|(_, m)| m.clone());
            if let Some(m) = errors
                .iter()
                .find(|e| e.field == fl.key)
                .map(|e| e.message.clone())
                .or(server)
            {
                spans.push(Span::styled(format!(" ⚠ {m}"), theme.error()));
            }
            if focused && fl.kind == Kind::Text && editable {
                let cx = fl.input.visual_cursor().saturating_sub(scroll) as u16;
                cursor = Some((
                    area.x + label_w as u16 + cx.min(value_w as u16),
                    area.y + (i - top) as u16,
                ));
            }
            lines.push(Line::from(spans));
        }
        f.render_widget(Paragraph::new(lines), area);
        if let Some(c) = cursor {
            if c.1 < area.y + area.height {
                f.set_cursor_position(c);
            }
        }
    }

    fn render_rights(&self, f: &mut Frame, area: Rect, theme: &Theme, caps: &Caps, lang: Language) {
        let [list, hint] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
        let eff = effective_rights(&self.roles, &self.rights);
        let items = self.rights_items();
        let focus = self.focus[TAB_RIGHTS];
        let mut lines: Vec<(usize, Line)> = Vec::new();
        lines.push((usize::MAX, Line::from(Span::styled("Roles", theme.header()))));
        let mut group = "";
        for (i, it) in items.iter().enumerate() {
            let (checked, text, enabled, mark) = match it {
                RightsItem::Role(r) => (
                    self.roles.contains(r),
                    r.as_str().to_string(),
                    caps.role(*r).is_ok(),
                    "",
                ),
                RightsItem::Right(code) => {
                    let r = rights::find(code);
                    if let Some(r) = r {
                        if r.group != group {
                            group = &r.group;
                            lines.push((
                                usize::MAX,
                                Line::from(Span::styled(format!("Rights — {group}"), theme.header())),
                            ));
                        }
                    }
                    let from_role = self.roles.iter().any(|ro| ro.default_rights().contains(&code.as_str()));
                    let name = r.map(|r| r.name.get(lang).to_string()).unwrap_or(code.clone());
                    let mark = if from_role {
                        "  (from role)"
                    } else if self.rights.contains(code) {
                        "  (granted on the card)"
                    } else {
                        ""
                    };
                    (eff.contains(code), name, caps.right(code).is_ok() && !from_role, mark)
                }
            };
            let style = if i == focus {
                theme.selected()
            } else if !enabled {
                theme.dim()
            } else {
                Style::new()
            };
            lines.push((
                i,
                Line::from(vec![
                    Span::styled(format!("{} {text}", if checked { "[x]" } else { "[ ]" }), style),
                    Span::styled(mark, theme.dim()),
                ]),
            ));
        }
        // Scroll so the focused line stays visible.
        let h = list.height as usize;
        let pos = lines.iter().position(|(i, _)| *i == focus).unwrap_or(0);
        let top = pos.saturating_sub(h.saturating_sub(2));
        let shown: Vec<Line> = lines.into_iter().skip(top).take(h).map(|(_, l)| l).collect();
        f.render_widget(Paragraph::new(shown), list);
        let (title, body) = match items.get(focus) {
            Some(RightsItem::Right(code)) => match rights::find(code) {
                Some(r) => (r.name.get(lang).to_string(), r.comment.get(lang).to_string()),
                None => (code.clone(), String::new()),
            },
            Some(RightsItem::Role(r)) => (r.as_str().to_string(), r.description().to_string()),
            None => (String::new(), String::new()),
        };
        let hint_text = vec![
            Line::from(Span::styled(title, theme.title())),
            Line::from(""),
            Line::from(body),
            Line::from(""),
            Line::from(Span::styled(format!("roles: {}", roles_text(&self.roles)), theme.dim())),
            Line::from(Span::styled("x exports every right to .xlsx", theme.dim())),
        ];
        f.render_widget(
            Paragraph::new(hint_text).wrap(Wrap { trim: true }).block(
                Block::default()
                    .borders(Borders::LEFT)
                    .title(" Hint ")
                    .border_style(theme.border()),
            ),
            hint,
        );
    }

    /// The Object groups tab's list: groups the user reaches first, then the others the viewer sees.
    pub fn groups_list(&self, forest: &Forest) -> Vec<i64> {
        let Some(t) = &self.tree else { return vec![] };
        let mut v: Vec<(bool, String, i64)> = forest
            .objects
            .iter()
            .filter(|o| o.kind == ObjectKind::UnitGroup)
            .map(|o| (t.effective(o.id) == AccessLevel::None, o.name.clone(), o.id))
            .collect();
        v.sort();
        v.into_iter().map(|x| x.2).collect()
    }

    fn render_groups(&self, f: &mut Frame, area: Rect, theme: &Theme, forest: Option<&Forest>) {
        let (Some(t), Some(forest)) = (&self.tree, forest) else {
            f.render_widget(Paragraph::new("Loading object groups…").style(theme.dim()), area);
            return;
        };
        let mut lines = vec![Line::from(Span::styled(
            "Unit groups: Space gives or takes view on a group you manage · Ctrl-S saves · finer levels on tab 4",
            theme.dim(),
        ))];
        let list = self.groups_list(forest);
        let h = area.height.saturating_sub(1) as usize;
        let top = self.groups_focus.saturating_sub(h.saturating_sub(1));
        for (i, id) in list.iter().enumerate().skip(top).take(h) {
            let Some(&oi) = forest.index.get(id) else { continue };
            let o = &forest.objects[oi];
            let eff = t.effective(*id);
            let pending = t.pending.get(id);
            let shown = pending.copied().unwrap_or(eff);
            let from = match t.levels.get(id).map(|e| e.source) {
                Some(LevelSource::Direct { .. }) => "direct".to_string(),
                Some(LevelSource::Group { object_id }) | Some(LevelSource::Account { object_id }) => {
                    format!("from {}", forest.name(object_id))
                }
                Some(LevelSource::Hidden) => "from a group or account you do not see".to_string(),
                None => String::new(),
            };
            let mut st = if t.rule.check(forest, o).is_err() {
                theme.dim()
            } else {
                Style::new()
            };
            if i == self.groups_focus {
                st = st.patch(theme.selected());
            }
            let mark = if shown > AccessLevel::None { "[x]" } else { "[ ]" };
            let mut spans = vec![
                Span::styled(format!("{mark} {} {}", tag(shown), o.name), st),
                Span::styled(format!("  {from}"), theme.dim()),
            ];
            if pending.is_some() {
                spans.push(Span::styled(" *pending", theme.error()));
            }
            lines.push(Line::from(spans));
        }
        if list.is_empty() && t.levels_loaded {
            lines.push(Line::from("No unit groups you can see."));
        }
        f.render_widget(Paragraph::new(lines), area);
    }

    fn render_assessment(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        match &self.assessments {
            None => f.render_widget(Paragraph::new("Loading…").style(theme.dim()), area),
            Some(Err(e)) => f.render_widget(Paragraph::new(e.clone()).style(theme.error()), area),
            Some(Ok(a)) if a.is_empty() => f.render_widget(
                Paragraph::new("No annual assessment on record.").style(theme.dim()),
                area,
            ),
            Some(Ok(a)) => {
                let rows = a.iter().map(|x| {
                    let res = if x.passed { "passed" } else { "failed" };
                    let st = if x.passed { theme.ok() } else { theme.error() };
                    Row::new(vec![
                        Cell::from(x.year.to_string()),
                        Cell::from(x.date.clone()),
                        Cell::from(x.score.to_string()),
                        Cell::from(Span::styled(res, st)),
                        Cell::from(x.comment.clone()),
                    ])
                });
                let t = Table::new(
                    rows,
                    [
                        Constraint::Length(6),
                        Constraint::Length(12),
                        Constraint::Length(6),
                        Constraint::Length(8),
                        Constraint::Min(10),
                    ],
                )
                .header(Row::new(["Year", "Date", "Score", "Result", "Examiner comment"]).style(theme.header()))
                .column_spacing(1);
                f.render_widget(t, area);
            }
        }
    }
}

fn render_confirm(f: &mut Frame, area: Rect, theme: &Theme, c: &Confirm) {
    let (title, lines): (&str, Vec<String>) = match c {
        Confirm::Discard => (
            " Unsaved changes ",
            vec![
                "Drop your unsaved changes?".into(),
                String::new(),
                "y  drop them and leave    n  stay".into(),
            ],
        ),
        Confirm::Conflict(m) => (
            " Changed by someone else ",
            vec![
                m.clone(),
                String::new(),
                "r  reload (drops your edits)".into(),
                "k  keep your draft on top of the new version; Ctrl-S saves it".into(),
            ],
        ),
        Confirm::Renew => (
            " Renew the API token ",
            vec![
                "Issue a new token? The old one stops working at once.".into(),
                String::new(),
                "y  renew    n  keep the old one".into(),
            ],
        ),
        Confirm::Manual(text) => (
            " Copy by hand ",
            vec![
                "The clipboard could not be reached; select the text below:".into(),
                String::new(),
                text.clone(),
                String::new(),
                "any key closes".into(),
            ],
        ),
        Confirm::Credentials { password, token } => (
            " New user: shown once ",
            vec![
                format!("password   {password}"),
                format!("API token  {token}"),
                String::new(),
                "The LS emails the login and password to the user. Any key closes this.".into(),
            ],
        ),
    };
    let w = (lines.iter().map(|l| l.chars().count()).max().unwrap_or(20) as u16 + 4).min(area.width);
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(ratatui::widgets::Clear, r);
    f.render_widget(
        Paragraph::new(lines.into_iter().map(Line::from).collect::<Vec<_>>())
            .wrap(Wrap { trim: false })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(title)
                    .border_style(theme.error()),
            ),
        r,
    );
}

/// What the viewer may change on this card: `domain::policy`'s answers, the same the server
/// gives (nothing before the viewer is known).
#[derive(Debug, Clone, Default)]
pub struct Caps(pub Option<UserCaps>);

fn said(v: Option<&Verdict>) -> Result<(), String> {
    match v {
        None => Err(NOT_YET.to_string()),
        Some(v) => v.clone().map_err(|d| d.to_string()),
    }
}

impl Caps {
    /// The characteristics.
    pub fn fields(&self) -> Result<(), String> {
        said(self.0.as_ref().map(|c| &c.fields))
    }
    pub fn block(&self) -> Result<(), String> {
        said(self.0.as_ref().map(|c| &c.block))
    }
    pub fn role(&self, r: Role) -> Result<(), String> {
        said(self.0.as_ref().map(|c| c.role(r)).as_ref())
    }
    pub fn right(&self, code: &str) -> Result<(), String> {
        said(self.0.as_ref().map(|c| c.right(code)).as_ref())
    }
}
