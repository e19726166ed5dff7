//! The console's state and its one `update` function: messages in, effects out. No I/O here,
//! so tests drive it directly with key events.
use super::keymap::{self, Action, Context};
use super::panes::card::{Caps, CardPane};
use super::panes::object::ObjectCard;
use super::panes::tree::{Forest, ObjectTree};
use super::panes::users::UsersPane;
use super::theme::Theme;
use super::viewer::{Known, LevelRule, Viewer};
use crate::api::{
    AccessChange, AccessPage, Accessor, AccessorChange, Assessment, ClientError, CreatedUser, Dealer, Me, ObjectDetail,
    ObjectsPage, UsersPage,
};
use crate::domain::policy::Actor;
use crate::domain::{Language, Login, User, UserDraft};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use std::path::PathBuf;
use std::sync::Arc;
use tui_input::Input;

/// Everything that can happen to the console.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Animation tick; only sent while a request runs.
    Tick,
    /// A signal or a dead terminal: leave.
    Quit,
    Me(Result<Me, ClientError>),
    Users(Result<UsersPage, ClientError>),
    User(Result<User, ClientError>),
    Dealers(Result<Vec<Dealer>, ClientError>),
    Assessments(Login, Result<Vec<Assessment>, ClientError>),
    Saved(Result<User, ClientError>),
    Created(Result<CreatedUser, ClientError>),
    Objects(Result<ObjectsPage, ClientError>),
    Access(Login, Result<AccessPage, ClientError>),
    AccessSaved(Login, Result<AccessPage, ClientError>),
    ObjectCard(Result<(ObjectDetail, Vec<Accessor>), ClientError>),
    /// Levels set on an object for many users: the object and its accessors afterwards.
    AccessorsSaved(i64, Result<Vec<Accessor>, ClientError>),
    ApiAccess(Login, Result<crate::api::ApiAccess, ClientError>),
    Renewed(Login, Result<crate::api::NewToken, ClientError>),
    /// A copy went out (or not); the text comes back only for a manual-copy popup.
    Copied {
        what: String,
        outcome: crate::clipboard::CopyOutcome,
        text: String,
    },
    /// A file written: its path and what it holds ("12 users").
    Exported(Result<(PathBuf, String), String>),
}

/// Work for the runtime: requests, files, terminal modes.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadMe,
    LoadUsers,
    LoadUser(Login),
    LoadDealers,
    LoadAssessments(Login),
    SaveUser {
        login: Login,
        version: i64,
        draft: UserDraft,
    },
    CreateUser(UserDraft),
    ExportUsers {
        path: PathBuf,
        users: Vec<User>,
    },
    ExportRights {
        path: PathBuf,
    },
    LoadObjects,
    LoadAccess(Login),
    SaveAccess {
        login: Login,
        changes: Vec<AccessChange>,
    },
    LoadObjectCard(i64),
    SaveAccessors {
        object_id: i64,
        changes: Vec<AccessorChange>,
    },
    LoadApiAccess(Login),
    RenewToken(Login),
    /// Copy to the user's clipboard: run on the UI task, between draws.
    Copy {
        text: String,
        what: String,
    },
    SetMouse(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Search,
    Command,
    Help,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conn {
    Connecting,
    Online,
    Offline,
}

pub struct Status {
    pub conn: Conn,
    pub message: Option<(String, bool)>,
    pub pending: usize,
    pub spinner: usize,
}

const RELOADING: &str = "reloading…";

pub struct App {
    pub server_label: String,
    /// The interface language chosen by flag or config; else the viewer's own.
    pub lang: Option<Language>,
    pub theme: Theme,
    /// `:crash-test` panics on purpose (LSC_CRASH_TEST set), to test the crash path.
    pub crash_test: bool,
    /// TLS certificates are not checked (`--insecure`): the status line says so, always.
    pub insecure: bool,
    /// The key map in effect (built-in, with the user's keys.toml on top).
    pub keys: std::sync::Arc<keymap::KeyMap>,
    pub me: Option<Me>,
    pub users: UsersPane,
    pub card: Option<CardPane>,
    /// What the viewer may change on the open card.
    pub caps: Caps,
    pub dealers: Option<Vec<Dealer>>,
    /// The viewer as `domain::policy` knows it: the console greys out what the policy refuses.
    pub viewer: Option<Viewer>,
    /// The viewer's objects, loaded on first use of a tree.
    pub forest: Option<Arc<Forest>>,
    pub forest_loading: bool,
    pub(crate) want_objects_pane: bool,
    /// The standalone Objects pane (`:objects`).
    pub objects_pane: Option<ObjectTree>,
    /// An object's card (a popup over the tree).
    pub object_card: Option<ObjectCard>,
    pub mode: Mode,
    /// The first help line shown, when the help is taller than the screen.
    pub help_scroll: usize,
    pub command: Input,
    pub status: Status,
    pub size: Rect,
    pub mouse: bool,
    pub export_dir: Option<PathBuf>,
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
}

const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠇"];

impl App {
    /// A new console and the requests that fill it.
    pub fn new(server_label: String, lang: Option<Language>, theme: Theme, size: Rect) -> (App, Vec<Effect>) {
        let mut app = App {
            server_label,
            lang,
            theme,
            keys: keymap::KeyMap::defaults(),
            insecure: false,
            crash_test: false,
            me: None,
            users: UsersPane::new(),
            card: None,
            caps: Caps::default(),
            dealers: None,
            viewer: None,
            forest: None,
            forest_loading: false,
            want_objects_pane: false,
            objects_pane: None,
            object_card: None,
            mode: Mode::Normal,
            help_scroll: 0,
            command: Input::default(),
            status: Status {
                conn: Conn::Connecting,
                message: None,
                pending: 0,
                spinner: 0,
            },
            size,
            mouse: false,
            export_dir: None,
            quit: false,
            dirty: true,
        };
        let fx = vec![Effect::LoadMe, Effect::LoadDealers, Effect::LoadUsers];
        app.status.pending = fx.len();
        (app, fx)
    }

    pub fn busy(&self) -> bool {
        self.status.pending > 0
    }

    fn context(&self) -> Context {
        if self.object_card.is_some() {
            Context::ObjectCard
        } else if self.card.is_some() {
            Context::Card
        } else if self.objects_pane.is_some() {
            Context::Tree
        } else {
            Context::Users
        }
    }

    /// The keys line under a level list, for what the status line's hints leave out
    /// (Shift is not bindable, so the range key is fixed).
    pub(crate) fn level_list_hint(&self, context: Context) -> String {
        let mut h = String::from("Shift-↑↓ range · ");
        let mut pairs = vec![
            (Some(Action::SelectAll), "all"),
            (None, "level"),
            (Some(Action::Undo), "undo"),
        ];
        if context == Context::Tree {
            pairs.push((Some(Action::Explain), "why"));
        }
        h.push_str(&self.keys.hint(context, &pairs, " · "));
        h
    }

    pub(crate) fn request(&mut self, e: Effect) -> Vec<Effect> {
        self.status.pending += 1;
        vec![e]
    }

    /// The end of a list key: show the note it left (if any) and send the requests it asked for.
    pub(crate) fn note_and_request(&mut self, note: super::panes::levels::Note, fx: Vec<Effect>) -> Vec<Effect> {
        if note.is_some() {
            self.status.message = note;
        }
        let mut out = Vec::new();
        for e in fx {
            out.extend(self.request(e));
        }
        out
    }

    pub(crate) fn info(&mut self, m: impl Into<String>) {
        self.status.message = Some((m.into(), false));
    }

    pub(crate) fn error(&mut self, m: impl Into<String>) {
        self.status.message = Some((m.into(), true));
    }

    pub(crate) fn failed(&mut self, what: &str, e: &ClientError) {
        if e.is_connection() {
            self.status.conn = Conn::Offline;
        }
        self.error(format!("{what}: {e}"));
    }

    pub(crate) fn done(&mut self) {
        self.status.pending = self.status.pending.saturating_sub(1);
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        self.dirty = true;
        match msg {
            Msg::Key(k) if k.kind == KeyEventKind::Release => {
                self.dirty = false;
                vec![]
            }
            Msg::Key(k) => self.key(k),
            Msg::Mouse(m) => self.mouse_event(m),
            Msg::Resize(w, h) => {
                self.size = Rect::new(0, 0, w, h);
                self.keep_selection_visible();
                vec![]
            }
            Msg::Tick => {
                self.status.spinner = (self.status.spinner + 1) % SPINNER.len();
                self.dirty = self.busy();
                vec![]
            }
            Msg::Quit => {
                self.quit = true;
                vec![]
            }
            Msg::Me(r) => {
                self.done();
                match r {
                    Ok(me) => {
                        self.status.conn = Conn::Online;
                        self.me = Some(me);
                        self.build_caller();
                    }
                    Err(e) => self.failed("cannot sign in", &e),
                }
                vec![]
            }
            Msg::Dealers(r) => {
                self.done();
                match r {
                    Ok(d) => {
                        self.dealers = Some(d);
                        self.build_caller();
                    }
                    Err(e) => self.failed("cannot load dealers", &e),
                }
                vec![]
            }
            Msg::Users(r) => {
                self.done();
                match r {
                    Ok(page) => {
                        self.status.conn = Conn::Online;
                        let n = page.total;
                        self.users.note = None;
                        self.users.set_users(page.users, page.total);
                        self.keep_selection_visible();
                        if self
                            .status
                            .message
                            .as_ref()
                            .is_some_and(|(m, err)| *err || m == RELOADING)
                        {
                            self.info(format!("{n} users loaded"));
                        }
                    }
                    Err(e) => {
                        if self.users.index.is_empty() {
                            let r = self.keys.key_for(Context::Users, Action::Reload);
                            self.users.note = Some(format!(
                                "Cannot load the users from {}: {e}. Press {r} to try again.",
                                self.server_label
                            ));
                        }
                        self.failed("cannot load users", &e);
                    }
                }
                vec![]
            }
            Msg::User(r) => {
                self.done();
                match r {
                    Ok(u) => {
                        self.status.conn = Conn::Online;
                        match &mut self.card {
                            Some(c) if c.login() == Some(u.login) => {
                                let keep = c.rebase;
                                c.rebase = false;
                                let v = u.version;
                                c.reload(u, keep);
                                if keep {
                                    self.info(format!("your draft now sits on version {v}; Ctrl-S saves it"));
                                }
                            }
                            _ => {
                                let l = u.login;
                                self.card = Some(CardPane::open(u));
                                self.refresh_caps();
                                return self.request(Effect::LoadAssessments(l));
                            }
                        }
                        self.refresh_caps();
                    }
                    Err(e) => self.failed("cannot open the user", &e),
                }
                vec![]
            }
            Msg::Assessments(l, r) => {
                self.done();
                if let Some(c) = self.card.as_mut().filter(|c| c.login() == Some(l)) {
                    c.assessments = Some(r.map_err(|e| format!("cannot load assessments: {e}")));
                }
                vec![]
            }
            Msg::Saved(r) => self.saved(r),
            Msg::Objects(r) => self.objects_loaded(r),
            Msg::ApiAccess(l, r) => self.api_loaded(l, r),
            Msg::Renewed(l, r) => self.renewed(l, r),
            Msg::Copied { what, outcome, text } => self.copied(what, outcome, text),
            Msg::Access(l, r) => self.access_loaded(l, r),
            Msg::AccessSaved(l, r) => self.access_saved(l, r),
            Msg::ObjectCard(r) => self.object_card_loaded(r),
            Msg::AccessorsSaved(id, r) => self.accessors_saved(id, r),
            Msg::Created(r) => self.created(r),
            Msg::Exported(r) => {
                self.done();
                match r {
                    Ok((p, what)) => self.info(format!("exported {what} to {}", p.display())),
                    Err(e) => self.error(format!("export failed: {e}")),
                }
                vec![]
            }
        }
    }

    /// The interface language: the flag or config, else the viewer's own LS setting.
    pub fn viewer_lang(&self) -> Language {
        self.lang
            .or(self.me.as_ref().map(|m| m.user.language))
            .unwrap_or_default()
    }

    fn build_caller(&mut self) {
        if let (Some(me), Some(d)) = (&self.me, &self.dealers) {
            let tree = Arc::new(crate::domain::DealerTree::new(d));
            self.viewer = Some(Viewer(Arc::new(Actor::new(me.user.clone(), tree))));
            self.refresh_caps();
        }
    }

    /// Asks the policy what the viewer may do on the open card and in the open trees. Runs again
    /// when the viewer arrives: a card opened before the sign-in finished must not keep a stale
    /// view (e.g. a missing API access tab). Edits do not change the answers: they depend on the
    /// user as loaded, as the server's do.
    pub(crate) fn refresh_caps(&mut self) {
        let forest = self.forest.as_deref();
        self.caps = match (&mut self.card, &self.viewer) {
            (Some(c), Some(v)) => {
                let k = v.levels(Known {
                    forest,
                    user: c.user.as_ref(),
                });
                let p = v.policy(&k);
                let caps = match &c.user {
                    Some(u) => p.user_caps(u),
                    None => p.new_user_caps(c.dealer_id),
                };
                c.api.visible = caps.token.is_ok();
                c.tab_to(c.tab);
                Caps(Some(caps))
            }
            (Some(c), None) => {
                c.api.visible = false;
                c.tab_to(c.tab);
                Caps(None)
            }
            (None, _) => Caps(None),
        };
        // Trees opened before the viewer was known ask again.
        let viewer = self.viewer.clone();
        if let Some(c) = self.card.as_mut() {
            let target = c.user.clone();
            if let Some(t) = c.tree.as_mut() {
                t.rule = LevelRule::new(viewer.clone(), target);
            }
        }
        let me = self.me.as_ref().map(|m| m.user.clone());
        if let Some(t) = self.objects_pane.as_mut() {
            t.rule = LevelRule::new(viewer, me);
        }
    }

    fn list_area(&self) -> Rect {
        let [main, _] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(self.size);
        main
    }

    fn page(&self) -> usize {
        self.users
            .body_height(self.list_area(), self.mode == Mode::Search)
            .max(1)
    }

    fn keep_selection_visible(&mut self) {
        let h = self.page();
        self.users.scroll_into_view(h);
    }

    fn key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return vec![];
        }
        match self.mode {
            Mode::Help => {
                // A help taller than the screen scrolls with the arrows and pages; any other key
                // closes it and does nothing else.
                let rows = self.help_rows();
                let max = self.help_lines().len().saturating_sub(rows);
                let s = &mut self.help_scroll;
                match k.code {
                    KeyCode::Down | KeyCode::Char('j') if max > 0 => *s = (*s + 1).min(max),
                    KeyCode::Up | KeyCode::Char('k') if max > 0 => *s = s.saturating_sub(1),
                    KeyCode::PageDown | KeyCode::Char(' ') if max > 0 => *s = (*s + rows).min(max),
                    KeyCode::PageUp if max > 0 => *s = s.saturating_sub(rows),
                    _ => {
                        self.mode = Mode::Normal;
                        self.help_scroll = 0;
                    }
                }
                vec![]
            }
            Mode::Command => self.command_key(k),
            Mode::Search => self.search_key(k),
            Mode::Normal if self.object_card.is_some() => self.object_card_key(k),
            Mode::Normal if self.card.is_some() => self.card_key(k),
            Mode::Normal if self.objects_pane.is_some() => self.objects_pane_key(k),
            Mode::Normal => match self.keys.lookup(self.context(), &k) {
                Some(a) => self.action(a),
                None => {
                    self.dirty = false;
                    vec![]
                }
            },
        }
    }

    fn search_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        match k.code {
            KeyCode::Enter => self.mode = Mode::Normal,
            KeyCode::Esc => {
                self.users.clear_filters();
                self.mode = Mode::Normal;
            }
            KeyCode::Tab => self.users.focus_by(1),
            KeyCode::BackTab => self.users.focus_by(-1),
            KeyCode::Up => self.users.move_by(-1),
            KeyCode::Down => self.users.move_by(1),
            _ => {
                self.users.edit_filter(&k);
            }
        }
        self.keep_selection_visible();
        vec![]
    }

    fn command_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        match k.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                vec![]
            }
            KeyCode::Enter => {
                let cmd = self.command.value().trim().to_string();
                self.command = Input::default();
                self.mode = Mode::Normal;
                self.run_command(&cmd)
            }
            _ => {
                super::field::edit(&mut self.command, &k);
                vec![]
            }
        }
    }

    fn run_command(&mut self, cmd: &str) -> Vec<Effect> {
        match cmd {
            "" => vec![],
            "q" | "quit" | "q!" => {
                self.quit = true;
                vec![]
            }
            "users" | "u" => {
                self.card = None;
                self.objects_pane = None;
                vec![]
            }
            "objects" | "o" => self.open_objects_pane(),
            "help" | "h" => {
                self.mode = Mode::Help;
                vec![]
            }
            "reload" | "r" => self.action(Action::Reload),
            // Proves the crash path end to end (the tmux test); off unless LSC_CRASH_TEST is set.
            "crash-test" if self.crash_test => panic!("crash test requested with :crash-test"),
            other => {
                self.error(format!(
                    "unknown command ':{other}' (try :users, :objects, :reload, :help, :q)"
                ));
                vec![]
            }
        }
    }

    pub(crate) fn action(&mut self, a: Action) -> Vec<Effect> {
        match a {
            Action::Quit => {
                self.quit = true;
                vec![]
            }
            Action::Help => {
                self.mode = Mode::Help;
                vec![]
            }
            Action::CommandLine => {
                self.mode = Mode::Command;
                vec![]
            }
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.info(if self.mouse {
                    "mouse on: click a row to open it (Shift-drag selects text)"
                } else {
                    "mouse off: the terminal selects text as usual"
                });
                vec![Effect::SetMouse(self.mouse)]
            }
            Action::Reload => match self.card.as_ref().and_then(|c| c.login()) {
                Some(l) => self.request(Effect::LoadUser(l)),
                None if self.card.is_some() => vec![],
                None => {
                    let mut fx = Vec::new();
                    // A start against a dead server never signed in: try that again too.
                    if self.me.is_none() {
                        fx.extend(self.request(Effect::LoadMe));
                        fx.extend(self.request(Effect::LoadDealers));
                    }
                    fx.extend(self.request(Effect::LoadUsers));
                    self.info(RELOADING);
                    fx
                }
            },
            _ => self.list_action(a),
        }
    }

    fn list_action(&mut self, a: Action) -> Vec<Effect> {
        let page = self.page() as isize;
        match a {
            Action::Up => self.users.move_by(-1),
            Action::Down => self.users.move_by(1),
            Action::PageUp => self.users.move_by(-page),
            Action::PageDown => self.users.move_by(page),
            Action::Top => self.users.move_by(isize::MIN / 2),
            Action::Bottom => self.users.move_by(isize::MAX / 2),
            Action::Left => self.users.focus_by(-1),
            Action::Right => self.users.focus_by(1),
            Action::Search => self.mode = Mode::Search,
            Action::ClearFilters => {
                if self.users.filters_active() {
                    self.users.clear_filters();
                    self.info("search cleared");
                } else {
                    self.dirty = false;
                }
            }
            Action::Sort => self.users.toggle_sort(),
            Action::Open => {
                if let Some(u) = self.users.selected_user() {
                    let l = u.login;
                    return self.request(Effect::LoadUser(l));
                }
            }
            Action::New => return self.new_user(),
            Action::Export => {
                let users: Vec<User> = self.users.shown_users().into_iter().cloned().collect();
                let path = crate::export::export_path(self.export_dir.as_deref(), "users");
                self.info(format!("exporting {} users…", users.len()));
                return self.request(Effect::ExportUsers { path, users });
            }
            _ => {}
        }
        self.keep_selection_visible();
        vec![]
    }

    fn mouse_event(&mut self, m: MouseEvent) -> Vec<Effect> {
        // The mouse works the users list, and only while it is the pane in front.
        let list = self.context() == Context::Users && self.mode != Mode::Help;
        match m.kind {
            MouseEventKind::ScrollDown if list => self.users.move_by(3),
            MouseEventKind::ScrollUp if list => self.users.move_by(-3),
            MouseEventKind::Down(MouseButton::Left) if list => {
                let area = self.list_area();
                if let Some(r) = self.users.row_at(area, self.mode == Mode::Search, m.row) {
                    self.users.select_row(r);
                    // A click on the login opens the card, as in the LS web UI.
                    if m.column <= area.x + 1 + 7 {
                        return self.action(Action::Open);
                    }
                }
            }
            _ => {
                self.dirty = false;
                return vec![];
            }
        }
        self.keep_selection_visible();
        vec![]
    }

    pub fn draw(&self, f: &mut Frame) {
        let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(f.area());
        match (&self.card, &self.objects_pane) {
            (Some(c), _) => c.render(
                f,
                main,
                &self.theme,
                &self.caps,
                self.viewer_lang(),
                self.forest.as_deref(),
            ),
            (None, Some(t)) => t.render(f, main, &self.theme, "Objects — your access"),
            (None, None) => self.users.render(f, main, &self.theme, self.mode == Mode::Search),
        }
        if let Some(c) = &self.object_card {
            c.render(f, main, &self.theme);
        }
        self.draw_status(f, status);
        if self.mode == Mode::Help {
            self.draw_help(f, main);
        }
    }

    fn draw_status(&self, f: &mut Frame, area: Rect) {
        let t = &self.theme;
        if self.mode == Mode::Command {
            let v = self.command.value();
            f.render_widget(Paragraph::new(format!(":{v}")), area);
            let cx = self.command.visual_cursor() as u16 + 1;
            f.set_cursor_position((area.x + cx.min(area.width.saturating_sub(1)), area.y));
            return;
        }
        let mut spans = Vec::new();
        if self.insecure {
            spans.push(Span::styled(
                "⚠ INSECURE TLS ",
                t.error().add_modifier(ratatui::style::Modifier::REVERSED),
            ));
            spans.push(Span::raw(" "));
        }
        // The login shows once the viewer is complete (user and dealers): from then on the console
        // knows what this viewer may do, so tests and people can take it as "signed in".
        let who = self
            .viewer
            .as_ref()
            .map(|v| format!(" {}", v.0.login()))
            .unwrap_or_default();
        spans.push(match self.status.conn {
            Conn::Online => Span::styled(format!("● {}{who}", self.server_label), t.ok()),
            Conn::Connecting => Span::styled(format!("○ {} connecting", self.server_label), t.dim()),
            Conn::Offline => Span::styled(format!("✗ {} offline", self.server_label), t.error()),
        });
        if self.busy() {
            spans.push(Span::raw(format!(" {}", SPINNER[self.status.spinner])));
        }
        if let Some((m, err)) = &self.status.message {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(m.clone(), if *err { t.error() } else { Style::new() }));
        }
        let ctx = self.context();
        let hints = match self.mode {
            Mode::Search => "type to filter · Tab next field · Enter keep · Esc clear".to_string(),
            _ => {
                let pairs: &[(Option<Action>, &str)] = match ctx {
                    Context::Users => &[
                        (Some(Action::Search), "search"),
                        (Some(Action::Sort), "sort"),
                        (Some(Action::Open), "open"),
                        (Some(Action::Help), "help"),
                        (Some(Action::Quit), "quit"),
                    ],
                    Context::Tree | Context::ObjectCard => &[
                        (Some(Action::Search), "mask"),
                        (Some(Action::Toggle), "select"),
                        (Some(Action::Save), "save"),
                        (Some(Action::Back), "back"),
                        (Some(Action::Help), "help"),
                    ],
                    _ => &[
                        (Some(Action::NextTab), "tabs"),
                        (Some(Action::Save), "save"),
                        (Some(Action::Back), "back"),
                        (Some(Action::Help), "help"),
                    ],
                };
                self.keys.hint(ctx, pairs, "  ")
            }
        };
        let left = Line::from(spans);
        let lw = left.width() as u16;
        let hw = hints.chars().count() as u16;
        f.render_widget(Paragraph::new(left), area);
        if lw + hw + 2 <= area.width {
            let r = Rect {
                x: area.x + area.width - hw,
                width: hw,
                ..area
            };
            f.render_widget(Paragraph::new(Span::styled(hints, t.dim())), r);
        }
    }

    /// The help of the pane in front: its keys, the keys of what sits on it, then the global ones.
    fn help_lines(&self) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = Vec::new();
        let mut contexts = vec![self.context()];
        if self.context() == Context::Users {
            contexts.push(Context::Search);
        }
        if let Some(card) = self.card.as_ref().filter(|_| self.context() == Context::Card) {
            if card.tab == super::panes::card::TAB_API {
                contexts.push(Context::Api);
            } else if card.tree.is_some() {
                contexts.push(Context::Tree);
            }
        }
        contexts.push(Context::Global);
        for c in contexts {
            lines.push(Line::from(Span::styled(c.title(), self.theme.header())));
            for (k, h) in self.keys.help_lines(c) {
                lines.push(Line::from(format!("  {k:<16} {h}")));
            }
        }
        lines.push(Line::from(Span::styled("any key closes this help", self.theme.dim())));
        lines
    }

    /// Help lines that fit on screen at once (inside the popup's border).
    fn help_rows(&self) -> usize {
        self.list_area().height.saturating_sub(2).max(1) as usize
    }

    fn draw_help(&self, f: &mut Frame, area: Rect) {
        let lines = self.help_lines();
        let total = lines.len();
        let h = (total as u16 + 2).min(area.height);
        let w = 76.min(area.width);
        let r = Rect {
            x: area.x + (area.width - w) / 2,
            y: area.y + (area.height - h) / 2,
            width: w,
            height: h,
        };
        let rows = h.saturating_sub(2) as usize;
        let mut block = Block::default()
            .borders(Borders::ALL)
            .title(" Keys ")
            .border_style(self.theme.border());
        let top = self.help_scroll.min(total.saturating_sub(rows));
        if rows < total {
            // Taller than the screen: say where we are and how to see the rest.
            block = block
                .title(Line::from(" ↑↓ PgUp PgDn scroll ").right_aligned())
                .title_bottom(Line::from(format!(" {}–{} of {total} ", top + 1, top + rows)).right_aligned());
        }
        f.render_widget(Clear, r);
        f.render_widget(Paragraph::new(lines).block(block).scroll((top as u16, 0)), r);
    }
}

use ratatui::style::Style;
