//! The user card: General, Roles & rights (with the focused right's hint), Object groups,
//! Access to objects, Assessment, API access. Edits live in a draft until Ctrl-S.
use super::api::ApiTab;
use super::caps::Caps;
pub use super::tab::Tab;
use crate::field;
use crate::objects::tree::ObjectTree;
use ls_core::api::Assessment;
use ls_core::domain::{rights, FieldError, Language, Login, Role, User, UserDraft};
use ls_core::t;
use ratatui::crossterm::event::KeyEvent;
use std::sync::atomic::{AtomicBool, Ordering};
use tui_input::Input;

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
    pub required: bool,
    pub kind: Kind,
    pub input: Input,
    /// Typed into at least once: its warning that it is required shows from then on.
    pub touched: bool,
}

impl Field {
    /// The field's name on the General tab, in the language in effect: the same label the
    /// audit and the plans give the field (`i18n::words::field`).
    pub fn label(&self) -> String {
        match self.key {
            // A new user may ask for a login; empty takes the next free one.
            "login" if self.kind == Kind::Text => t!("card-field-login-new"),
            key => ls_core::i18n::words::field(key),
        }
    }
}

/// One focusable line of the Roles & rights tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RightsItem {
    Role(Role),
    Right(String),
}

/// The card's questions live in their own popups now; the name stays reachable from here.
pub use super::confirm::Confirm;

pub struct CardPane {
    /// The user as loaded; `None` while creating a new one.
    pub user: Option<User>,
    pub fields: Vec<Field>,
    pub login_allowed: bool,
    pub language: Language,
    pub roles: Vec<Role>,
    pub rights: Vec<String>,
    pub dealer_id: i64,
    /// A new user copied from this one (`login username`), for the title.
    pub copy_of: Option<String>,
    pub tab: Tab,
    /// The focused line of each tab (by `Tab::index`).
    pub focus: [usize; 6],
    /// The server's last refusal, by field when it named one.
    pub server_error: Option<(Option<String>, String)>,
    pub assessments: Option<Result<Vec<Assessment>, String>>,
    /// A text field is being edited (the card opens navigating: keys move, pick tabs, open the
    /// help; Enter or typing starts editing the focused field, Esc stops).
    pub editing: bool,
    pub saving: bool,
    /// A reload is under way whose result must keep the draft (conflict → keep).
    pub rebase: bool,
    /// The Access to objects tree, built when that tab is first opened.
    pub tree: Option<ObjectTree>,
    /// The API access tab.
    pub api: ApiTab,
    pub groups_focus: usize,
    /// `/` on the Roles & rights or Groups tab: the search being typed.
    pub find: Option<super::find::Find>,
    /// Ctrl-S was tried on this card: every warning shows from then on, not only those of the
    /// fields typed into. Set through `&self` (saving asks `errors`); atomic so the pane stays
    /// `Sync` like the rest of the app.
    save_tried: AtomicBool,
}

fn text_field(key: &'static str, required: bool, v: &str) -> Field {
    Field {
        key,
        required,
        kind: Kind::Text,
        input: Input::new(v.to_string()),
        touched: false,
    }
}

fn gray(key: &'static str, v: String) -> Field {
    Field {
        key,
        required: false,
        kind: Kind::Gray,
        input: Input::new(v),
        touched: false,
    }
}

/// The Dealer line: the dealer's name, and with a user quota its users against it
/// (`Alpha Systems (412 of 500 users)`).
pub fn dealer_line(name: &str, quota: Option<(i64, i64)>) -> String {
    match quota {
        Some((users, quota)) => t!("card-dealer-quota", dealer = name, users = users, quota = quota),
        None => name.to_string(),
    }
}

impl CardPane {
    fn build(u: Option<&User>, d: &UserDraft, dealer: String) -> Vec<Field> {
        let login = match u {
            Some(u) => gray("login", u.login.to_string()),
            // A new user may ask for a login; empty takes the next free one.
            None => text_field("login", false, ""),
        };
        vec![
            login,
            text_field("username", true, &d.username),
            text_field("last_name", true, &d.last_name),
            text_field("first_name", true, &d.first_name),
            text_field("patronymic", false, &d.patronymic),
            text_field("email", true, &d.email),
            text_field("phone", false, &d.phone),
            text_field("mobile", false, &d.mobile),
            text_field("position", false, &d.position),
            text_field("city", false, &d.city),
            text_field("country", false, &d.country),
            text_field("comments", false, &d.comments),
            gray("dealer", dealer),
            gray("source", u.map(|u| u.source.as_str()).unwrap_or("LS").to_string()),
            Field {
                key: "language",
                required: false,
                kind: Kind::Lang,
                input: Input::default(),
                touched: false,
            },
            Field {
                key: "login_allowed",
                required: false,
                kind: Kind::Check,
                input: Input::default(),
                touched: false,
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
            copy_of: None,
            user: Some(user),
            tab: Tab::General,
            focus: [1, 0, 0, 0, 0, 0],
            server_error: None,
            assessments: None,
            editing: false,
            saving: false,
            rebase: false,
            tree: None,
            api: Default::default(),
            groups_focus: 0,
            find: None,
            save_tried: AtomicBool::new(false),
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
            copy_of: None,
            user: None,
            tab: Tab::General,
            // On Username, the first field to fill: the login may stay empty (the next free).
            focus: [1, 0, 0, 0, 0, 0],
            server_error: None,
            assessments: Some(Ok(vec![])),
            editing: false,
            saving: false,
            rebase: false,
            tree: None,
            api: Default::default(),
            groups_focus: 0,
            find: None,
            save_tried: AtomicBool::new(false),
        }
    }

    /// The Dealer line with the dealer's quota as the session knows it (the name alone when
    /// no quota is set).
    pub fn show_dealer(&mut self, s: &crate::session::Session) {
        let name = match &self.user {
            Some(u) => Some(u.dealer.clone()),
            None => s
                .dealers
                .as_ref()
                .and_then(|ds| ds.iter().find(|d| d.id == self.dealer_id))
                .map(|d| d.name.clone()),
        };
        let Some(name) = name else { return };
        let line = dealer_line(&name, s.quotas.get(&self.dealer_id).copied());
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == "dealer") {
            if f.input.value() != line {
                f.input = Input::new(line);
            }
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

    /// Client-side problems, field by field (the same rules the server applies). Saving asks
    /// for them: from then on the card shows every warning (`warnings`).
    pub fn errors(&self) -> Vec<FieldError> {
        self.save_tried.store(true, Ordering::Relaxed);
        self.problems()
    }

    /// The problems shown beside the fields: a field left empty says it is required only once
    /// it was typed into or a save was tried, so a new card does not greet with four `⚠ … is
    /// required` before anything is typed. A value that is there and wrong shows at once.
    pub fn warnings(&self) -> Vec<FieldError> {
        let tried = self.save_tried.load(Ordering::Relaxed);
        let shows = |e: &FieldError| {
            tried
                || self
                    .fields
                    .iter()
                    .any(|f| f.key == e.field && (f.touched || !f.input.value().trim().is_empty()))
        };
        self.problems().into_iter().filter(|e| shows(e)).collect()
    }

    fn problems(&self) -> Vec<FieldError> {
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
        let editing = self.editing;
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
        self.editing = editing;
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
            Tab::General => self.fields.len(),
            Tab::Rights => self.rights_items().len(),
            _ => 0,
        }
    }

    /// Tabs shown: API access only where the rules allow it.
    pub fn tab_count(&self) -> usize {
        if self.api.visible {
            Tab::ALL.len()
        } else {
            Tab::ALL.len() - 1
        }
    }

    /// The tabs shown.
    pub fn tabs(&self) -> &'static [Tab] {
        &Tab::ALL[..self.tab_count()]
    }

    /// To tab `t`; a tab not shown here leaves the card on the last one shown.
    pub fn tab_to(&mut self, t: Tab) {
        self.tab = Tab::ALL[t.index().min(self.tab_count() - 1)];
    }

    pub fn tab_by(&mut self, d: isize) {
        let i = (self.tab.index() as isize + d).rem_euclid(self.tab_count() as isize) as usize;
        self.tab = Tab::ALL[i];
    }

    /// Moves the focus, skipping gray fields on the General tab.
    pub fn focus_by(&mut self, d: isize) {
        let n = self.items();
        if n == 0 {
            return;
        }
        let mut i = self.focus[self.tab.index()] as isize;
        for _ in 0..n {
            i = (i + d).clamp(0, n as isize - 1);
            if self.tab != Tab::General || self.fields[i as usize].kind != Kind::Gray {
                self.focus[self.tab.index()] = i as usize;
                return;
            }
            if i == 0 || i == n as isize - 1 {
                return;
            }
        }
    }

    pub fn focused_field(&self) -> Option<&Field> {
        (self.tab == Tab::General)
            .then(|| self.fields.get(self.focus[Tab::General.index()]))
            .flatten()
    }

    /// Whether the focused field is text the viewer may change (editing may start there).
    pub fn on_text(&self, caps: &Caps) -> bool {
        self.focused_field()
            .is_some_and(|f| f.kind == Kind::Text && caps.fields().is_ok())
    }

    /// Whether keys type into a text field now.
    pub fn typing(&self, caps: &Caps) -> bool {
        self.editing && self.on_text(caps)
    }

    /// To the first (`Home`) or last (`End`) line of the tab, skipping gray fields.
    pub fn focus_end(&mut self, last: bool) {
        let n = self.items();
        if n == 0 {
            return;
        }
        let i = self.tab.index();
        self.focus[i] = if last { n - 1 } else { 0 };
        let gray = |p: &CardPane| p.tab == Tab::General && p.fields[p.focus[i]].kind == Kind::Gray;
        if gray(self) {
            self.focus_by(if last { -1 } else { 1 });
        }
    }

    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let i = self.focus[Tab::General.index()];
        match self.fields.get_mut(i) {
            Some(f) if f.kind == Kind::Text && self.tab == Tab::General => {
                let changed = field::edit_within(&mut f.input, key, field::limit_for(f.key));
                if changed {
                    f.touched = true;
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
            Tab::General => match self.focused_field().map(|f| f.kind) {
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
            Tab::Rights => {
                let items = self.rights_items();
                match items.get(self.focus[Tab::Rights.index()]) {
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
                            return Err(t!("card-right-from-role", code = code.clone()));
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
}
