//! The console's state and its one `update` function: messages in, effects out. No I/O here,
//! so tests drive it directly with key events and hand-made answers.
//!
//! The app holds the session and a stack of rooms; the one in front gets the keys, each room
//! gets the answers to its own requests (an answer for a room that is gone is dropped), and the
//! app counts what is in flight.
use super::card::CardRoom;
use super::help::HelpRoom;
use super::keymap::{self, Action, Context};
pub use super::msg::{Effect, Msg};

mod answers;
use super::object_card::pane::ObjectCard;
use super::objects::tree::ObjectTree;
use super::objects::ObjectsRoom;
use super::request::{Req, ReqId};
use super::room::{Cx, Flow, Layer, Nav, Out};
use super::session::Session;
use super::status::{reloading, Status, Typed};
use super::theme::Theme;
use super::users::pane::UsersPane;
use crate::domain::Language;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;
use std::collections::HashMap;
use std::sync::Arc;

/// Who asked: the app itself (the session's data) or a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    App,
    Room(u64),
}

pub struct App {
    pub session: Session,
    /// The rooms, back to front, each with its id. The users list is always at the back.
    layers: Vec<(u64, Layer)>,
    next_layer: u64,
    next_req: ReqId,
    asked: HashMap<ReqId, Owner>,
    /// The newest answer applied to each part of the session: an older one arriving later (two
    /// reloads, answered out of order) is dropped.
    applied: HashMap<&'static str, ReqId>,
    objects_asked: bool,
    /// Why the sign-in failed, kept on the status line until it succeeds.
    sign_in_error: Option<String>,
    /// The sign-in met a busy service: ask again after the next answer.
    retry_busy: bool,
    /// The event stream is followed (asked once, when the viewer may read the log).
    watching: bool,
    /// Ctrl-C with unsaved changes on a card asked whether to leave.
    quit_asked: bool,
    /// A command that would leave unsaved work, waiting for y.
    command_asked: Option<String>,
    /// The command being run was confirmed: it may leave unsaved work.
    leave_confirmed: bool,
    pub status: Status,
    /// `:crash-test` panics on purpose (LSC_CRASH_TEST set), to test the crash path.
    pub crash_test: bool,
    pub mouse: bool,
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
}

impl App {
    /// A new console and the requests that fill it.
    pub fn new(server_label: String, lang: Option<Language>, theme: Theme, size: Rect) -> (App, Vec<Effect>) {
        let mut app = App {
            session: Session::new(server_label, lang, theme, size),
            layers: vec![(0, Layer::Users(Box::default()))],
            next_layer: 1,
            next_req: 0,
            asked: HashMap::new(),
            applied: HashMap::new(),
            objects_asked: false,
            sign_in_error: None,
            retry_busy: false,
            watching: false,
            quit_asked: false,
            command_asked: None,
            leave_confirmed: false,
            status: Status::new(),
            crash_test: false,
            mouse: false,
            quit: false,
            dirty: true,
        };
        // Who we are first, alone: a wrong password is one failed sign-in, not three, and the
        // dealers and users are asked once it is known to work.
        let fx = vec![app.ask(Req::Me)];
        (app, fx)
    }

    /// A console whose credentials are not known yet (a server named with no login or
    /// password): the sign-in screen, and nothing asked until it is filled in.
    pub fn signing_in(
        server_label: String,
        login: Option<crate::domain::Login>,
        lang: Option<Language>,
        theme: Theme,
        size: Rect,
    ) -> App {
        let (mut app, _) = App::new(server_label, lang, theme, size);
        app.asked.clear();
        app.open_sign_in(login, None);
        app
    }

    /// The sign-in screen in front (or the one open told why the last attempt failed).
    pub(super) fn open_sign_in(&mut self, login: Option<crate::domain::Login>, why: Option<String>) {
        let open = self.layers.iter_mut().find_map(|(_, l)| match l {
            Layer::SignIn(r) => Some(r),
            _ => None,
        });
        match (open, why) {
            (Some(r), Some(why)) => r.failed(why),
            (Some(_), None) => {}
            (None, why) => {
                let room = super::sign_in::SignInRoom::new(&self.session.server_label, login, why);
                let id = self.next_layer;
                self.next_layer += 1;
                self.layers.push((id, Layer::SignIn(Box::new(room))));
            }
        }
        self.dirty = true;
    }

    /// The sign-in screen took new credentials: everything of the last viewer is dropped (an
    /// answer still on its way for it is ignored), and the runtime rebuilds the client.
    fn start_sign_in(&mut self, s: super::msg::SignIn) -> Vec<Effect> {
        self.asked.clear();
        self.applied.clear();
        self.objects_asked = false;
        self.watching = false;
        self.sign_in_error = None;
        self.retry_busy = false;
        self.layers.retain(|(id, l)| *id == 0 || matches!(l, Layer::SignIn(_)));
        let keep = (
            self.session.server_label.clone(),
            self.session.lang,
            self.session.theme,
            self.session.size,
        );
        let mut fresh = Session::new(keep.0, keep.1, keep.2, keep.3);
        fresh.keys = self.session.keys.clone();
        fresh.export_dir = self.session.export_dir.take();
        fresh.config_path = self.session.config_path.take();
        fresh.read_only = self.session.read_only.take();
        fresh.profile = self.session.profile.take();
        self.session = fresh;
        let order = self.users().order.clone();
        self.layers[0].1 = Layer::Users(Box::default());
        self.users_mut().set_order(order);
        vec![Effect::SignIn(s)]
    }

    /// The runtime's answer to a sign-in: ask who we are now, or say why it could not.
    fn signed_in(&mut self, r: Result<String, String>) -> Vec<Effect> {
        match r {
            Ok(label) => {
                if label != self.session.server_label {
                    // A server typed by hand is no profile's.
                    self.session.profile = None;
                    self.session.server_label = label;
                }
                vec![self.ask(Req::Me)]
            }
            Err(why) => {
                self.open_sign_in(None, Some(why));
                vec![]
            }
        }
    }

    /// The app's own request (the session's data).
    fn ask(&mut self, r: Req) -> Effect {
        self.next_req += 1;
        self.asked.insert(self.next_req, Owner::App);
        Effect::Request(self.next_req, r)
    }

    /// Requests in flight: the spinner turns while there are any.
    pub fn busy(&self) -> bool {
        !self.asked.is_empty()
    }

    // ---- what tests and the tour read ----

    pub fn users(&self) -> &UsersPane {
        match &self.layers[0].1 {
            Layer::Users(u) => &u.pane,
            _ => unreachable!("the users list is always at the back"),
        }
    }

    pub fn users_mut(&mut self) -> &mut UsersPane {
        match &mut self.layers[0].1 {
            Layer::Users(u) => &mut u.pane,
            _ => unreachable!("the users list is always at the back"),
        }
    }

    /// The user card, if one is open.
    pub fn card(&self) -> Option<&CardRoom> {
        self.layers.iter().rev().find_map(|(_, l)| match l {
            Layer::Card(c) => Some(c.as_ref()),
            _ => None,
        })
    }

    /// The Objects pane's tree, if it is open.
    pub fn objects_pane(&self) -> Option<&ObjectTree> {
        self.layers.iter().rev().find_map(|(_, l)| match l {
            Layer::Objects(o) => o.tree.as_ref(),
            _ => None,
        })
    }

    pub fn object_card(&self) -> Option<&ObjectCard> {
        self.layers.iter().rev().find_map(|(_, l)| match l {
            Layer::ObjectCard(o) => o.card.as_ref(),
            _ => None,
        })
    }

    pub fn audit(&self) -> Option<&super::audit::AuditRoom> {
        self.layers.iter().rev().find_map(|(_, l)| match l {
            Layer::Audit(a) => Some(a.as_ref()),
            _ => None,
        })
    }

    pub fn compare(&self) -> Option<&super::compare::CompareRoom> {
        self.layers.iter().rev().find_map(|(_, l)| match l {
            Layer::Compare(c) => Some(c.as_ref()),
            _ => None,
        })
    }

    /// Whether the help is in front.
    pub fn help_open(&self) -> bool {
        matches!(self.layers.last(), Some((_, Layer::Help(_))))
    }

    /// Whether the users list's search fields have the keys.
    pub fn searching(&self) -> bool {
        matches!(self.layers.last(), Some((_, Layer::Users(u))) if u.searching)
    }

    /// What is in front: its key map section.
    pub fn context(&self) -> Context {
        self.front().contexts().first().copied().unwrap_or(Context::Global)
    }

    fn front(&self) -> &dyn super::room::Room {
        self.layers
            .last()
            .map_or_else(|| unreachable!("never empty"), |(_, l)| l.room())
    }

    // ---- update ----

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        crate::i18n::set(self.session.viewer_lang());
        self.dirty = true;
        let fx = self.handle(msg);
        // A message too long for one row takes more: the rooms lay out in what is left.
        let rows = self.status.rows(&self.session, self.busy(), self.session.size.width);
        if rows != self.session.status_rows {
            self.session.status_rows = rows;
            for (_, l) in &mut self.layers {
                l.room_mut().resized(&self.session);
            }
        }
        fx
    }

    fn handle(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(k) if k.kind == KeyEventKind::Release => {
                self.dirty = false;
                vec![]
            }
            Msg::Key(k) => self.key(k),
            Msg::Mouse(m) => self.in_front(|r, cx| {
                if r.mouse(&m, cx) == Flow::Pass {
                    cx.quiet();
                }
            }),
            Msg::Resize(w, h) => {
                self.session.size = Rect::new(0, 0, w, h);
                for (_, l) in &mut self.layers {
                    l.room_mut().resized(&self.session);
                }
                vec![]
            }
            Msg::Tick => {
                self.status.tick();
                self.dirty = self.busy();
                vec![]
            }
            Msg::Quit => {
                self.quit = true;
                vec![]
            }
            Msg::Reply(id, r) => match self.asked.remove(&id) {
                Some(Owner::App) => self.session_reply(id, r),
                Some(Owner::Room(room)) => self.in_room(room, |rm, cx| rm.reply(id, r, cx)),
                // Not asked (or asked by a room that is gone): dropped.
                None => vec![],
            },
            Msg::Copied {
                to,
                what,
                outcome,
                text,
            } => self.in_room(to, |r, cx| r.copied(what, outcome, text, cx)),
            Msg::Live(l) => self.live(l),
            Msg::SignedIn(r) => self.signed_in(r),
        }
    }

    /// The event stream: every room hears the change; a user's row in the list is read again.
    fn live(&mut self, l: super::request::Live) -> Vec<Effect> {
        let e = match l {
            super::request::Live::Audit(e) => e,
            super::request::Live::Lost(why) => {
                tracing::info!(%why, "event stream lost; reconnecting");
                self.dirty = false;
                return vec![];
            }
            super::request::Live::Up => {
                self.dirty = false;
                return vec![];
            }
        };
        let ids: Vec<u64> = self.layers.iter().map(|(i, _)| *i).collect();
        let mut fx = Vec::new();
        for id in ids {
            fx.extend(self.in_room(id, |r, cx| r.live(&e, cx)));
        }
        // Only a card's change (or a new user) moves the list; a batch of levels (one row per
        // object) asks nothing. What changed comes as a delta: the rows written since the list's
        // revision, a few hundred bytes instead of the whole list.
        if super::audit::changes_card(&e) {
            fx.push(self.ask(self.users_req()));
        }
        self.dirty = true;
        fx
    }

    /// Follows the event stream once the viewer is known to read the log.
    pub(super) fn watch(&mut self) -> Vec<Effect> {
        if super::audit::refusal(&self.session).is_ok() && !self.watching {
            self.watching = true;
            return vec![Effect::Watch];
        }
        vec![]
    }

    /// The audit pane, in front of the users list: everything, or one user's or object's history.
    pub fn open_audit(&mut self, scope: super::audit::Scope) -> Vec<Effect> {
        match super::audit::refusal(&self.session) {
            Err(why) => {
                self.status.error(why);
                vec![]
            }
            Ok(()) => self.push(Layer::Audit(Box::new(super::audit::AuditRoom::new(scope)))),
        }
    }

    fn key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let ctrl_c = k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
        if std::mem::take(&mut self.quit_asked) {
            self.status.asking = None;
            // Ctrl-C twice, or y: leave; anything else stays with the draft.
            if ctrl_c || matches!(k.code, KeyCode::Char('y' | 'Y' | 'н' | 'Н')) {
                self.quit = true;
            } else {
                self.status.say(crate::t!("app-quit-cancelled"));
            }
            return vec![];
        }
        if let Some(cmd) = self.command_asked.take() {
            self.status.asking = None;
            if matches!(k.code, KeyCode::Char('y' | 'Y' | 'н' | 'Н')) {
                self.leave_confirmed = true;
                let fx = self.run_command(&cmd);
                self.leave_confirmed = false;
                return fx;
            }
            self.status.say(crate::t!("app-command-cancelled"));
            return vec![];
        }
        if ctrl_c {
            // Unsaved work (a card's draft, pending levels) asks first: it would be lost.
            if self.unsaved() {
                self.quit_asked = true;
                self.status.asking = Some(crate::t!("app-quit-unsaved"));
                return vec![];
            }
            self.quit = true;
            return vec![];
        }
        if self.status.asking.take().is_some() {
            if matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                self.status.say(crate::t!("app-changes-allowed"));
                return self.set_read_only(None);
            }
            self.status.say(crate::t!("app-still-read-only"));
            return vec![];
        }
        if self.status.typing() {
            let (users, forest) = (self.session.users.clone(), self.session.forest.clone());
            let mut wants_objects = false;
            let complete = |line: &str| {
                let c = super::complete::candidates(line, &users, forest.as_deref());
                wants_objects = forest.is_none() && matches!(line.split_whitespace().next(), Some("obj" | "objects"));
                c
            };
            let typed = self.status.command_key(&k, complete);
            // `:obj …` Tab before the objects were ever read: read them for the next Tab.
            if wants_objects && !self.objects_asked && self.session.me.is_some() {
                self.objects_asked = true;
                return vec![self.ask(Req::Objects)];
            }
            return match typed {
                Typed::Run(cmd) => self.run_command(&cmd),
                Typed::Editing | Typed::Cancelled => vec![],
            };
        }
        let context = self.context();
        let fx = self.in_front(|r, cx| {
            if r.key(&k, cx) == Flow::Pass {
                // The app's own keys, as the room in front binds them.
                match cx.s.keys.lookup(context, &k) {
                    Some(a @ (Action::Quit | Action::Help | Action::CommandLine | Action::ToggleMouse)) => cx.action(a),
                    _ => cx.quiet(),
                }
            }
        });
        self.say_why_read_only(&k, fx.is_empty());
        fx
    }

    /// Runs `f` on the room in front with a fresh context, then carries out what it asked.
    fn in_front(&mut self, f: impl FnOnce(&mut dyn super::room::Room, &mut Cx)) -> Vec<Effect> {
        let id = self.layers.last().map_or(0, |(id, _)| *id);
        self.in_room(id, f)
    }

    /// Runs `f` on room `id` (if it is still there).
    fn in_room(&mut self, id: u64, f: impl FnOnce(&mut dyn super::room::Room, &mut Cx)) -> Vec<Effect> {
        let Some(pos) = self.layers.iter().position(|(i, _)| *i == id) else {
            self.dirty = false;
            return vec![];
        };
        let mut cx = Cx::new(&self.session, &mut self.next_req);
        f(self.layers[pos].1.room_mut(), &mut cx);
        let out = cx.finish();
        self.apply(id, out)
    }

    /// Carries out what a room asked: requests, copies, notes, the stack, the app's actions.
    fn apply(&mut self, room: u64, out: Out) -> Vec<Effect> {
        let mut fx = Vec::new();
        let mut refusal = None;
        let mut answers = Vec::new();
        for (id, r) in out.asks {
            if let Some(why) = self.refused(&r) {
                // Not sent: the room hears the refusal as its answer, so nothing waits forever.
                answers.extend(r.refused(why.clone()).map(|a| (id, a)));
                refusal = Some(why);
                continue;
            }
            self.asked.insert(id, Owner::Room(room));
            fx.push(Effect::Request(id, r));
        }
        for (text, what) in out.copies {
            fx.push(Effect::Copy { to: room, text, what });
        }
        if let Some(n) = out.note {
            self.status.message = Some(n);
        }
        for (id, a) in answers {
            fx.extend(self.in_room(room, |r, cx| r.reply(id, a, cx)));
        }
        if let Some(why) = refusal {
            self.status.error(crate::t!("app-not-sent", why = why));
        }
        if let Some(c) = out.conn {
            self.status.conn = c;
        }
        if out.quiet
            && fx.is_empty()
            && out.nav.is_empty()
            && out.actions.is_empty()
            && !out.users
            && !out.levels
            && !out.reload_objects
        {
            self.dirty = false;
        }
        if out.users {
            fx.push(self.ask(self.users_req()));
        }
        if out.levels {
            let ids: Vec<u64> = self.layers.iter().map(|(i, _)| *i).filter(|i| *i != room).collect();
            for id in ids {
                fx.extend(self.in_room(id, |r, cx| r.levels_changed(cx)));
            }
        }
        for n in out.nav {
            match n {
                Nav::Push(l) => fx.extend(self.push(l)),
                Nav::Pop => {
                    if let Some(pos) = self.layers.iter().position(|(i, _)| *i == room) {
                        if pos > 0 {
                            self.layers.remove(pos);
                        }
                    }
                }
                Nav::Answer(a) => {
                    if let Some(pos) = self.layers.iter().position(|(i, _)| *i == room) {
                        if pos > 0 {
                            self.layers.remove(pos);
                            let below = self.layers[pos - 1].0;
                            fx.extend(self.in_room(below, |r, cx| r.answered(a, cx)));
                        }
                    }
                }
            }
        }
        if let Some(si) = out.sign_in {
            return self.start_sign_in(si);
        }
        if out.reload_objects && !self.objects_asked {
            self.objects_asked = true;
            fx.push(self.ask(Req::Objects));
        }
        if out.objects && self.session.forest.is_none() && !self.objects_asked {
            self.objects_asked = true;
            fx.push(self.ask(Req::Objects));
        }
        for a in out.actions {
            fx.extend(self.action(a));
        }
        fx
    }

    /// `:user LOGIN`: the users list selects it and opens its card.
    fn open_user(&mut self, l: crate::domain::Login) -> Vec<Effect> {
        let (id, layer) = &mut self.layers[0];
        let id = *id;
        let Layer::Users(u) = layer else {
            return vec![];
        };
        let mut cx = Cx::new(&self.session, &mut self.next_req);
        let found = u.open_login(l, &mut cx);
        let out = cx.finish();
        if !found {
            self.status.error(crate::t!("app-no-such-user", login = l.to_string()));
            return vec![];
        }
        self.apply(id, out)
    }

    /// The users list again: only what changed, once a revision is known.
    fn users_req(&self) -> Req {
        match self.session.users_revision {
            Some(r) if !self.session.users.is_empty() => Req::UsersSince(r),
            _ => Req::Users,
        }
    }

    fn push(&mut self, l: Layer) -> Vec<Effect> {
        if !l.room().popup() {
            for (_, below) in &mut self.layers {
                below.room_mut().covered();
            }
        }
        let id = self.next_layer;
        self.next_layer += 1;
        self.layers.push((id, l));
        // A new room may need what the session already has (the viewer, the objects).
        self.in_room(id, |r, cx| r.session_changed(cx))
    }

    /// Tells every room the session changed.
    fn session_changed(&mut self) -> Vec<Effect> {
        let ids: Vec<u64> = self.layers.iter().map(|(i, _)| *i).collect();
        let mut fx = Vec::new();
        for id in ids {
            fx.extend(self.in_room(id, |r, cx| r.session_changed(cx)));
        }
        self.dirty = true;
        fx
    }

    /// The app's own actions.
    fn action(&mut self, a: Action) -> Vec<Effect> {
        match a {
            Action::Quit => self.quit = true,
            Action::Help => {
                let mut contexts = self.front().contexts();
                contexts.push(Context::Global);
                return self.push(Layer::Help(HelpRoom::new(contexts)));
            }
            Action::CommandLine => self.status.open_command(),
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.status.say(if self.mouse {
                    crate::t!("app-mouse-on")
                } else {
                    crate::t!("app-mouse-off")
                });
                return vec![Effect::SetMouse(self.mouse)];
            }
            Action::Reload => {
                let mut fx = Vec::new();
                // A start against a dead server never signed in: try that again too.
                if self.session.me.is_none() {
                    // The users and dealers follow the answer to who we are.
                    fx.push(self.ask(Req::Me));
                    self.status.say(reloading());
                    return fx;
                }
                // A dealers answer that failed after the sign-in: asked again, or nothing may
                // ever be written.
                if self.session.dealers.is_none() {
                    fx.push(self.ask(Req::Dealers));
                }
                fx.push(self.ask(self.users_req()));
                self.status.say(reloading());
                return fx;
            }
            _ => {}
        }
        vec![]
    }

    /// Whether any room holds work that leaving it would lose.
    pub fn unsaved(&self) -> bool {
        self.layers.iter().any(|(_, l)| l.room().unsaved())
    }

    fn run_command(&mut self, cmd: &str) -> Vec<Effect> {
        // Commands that close the rooms over the list (or the whole console) ask before they
        // drop a draft or pending levels.
        let word = cmd.split_whitespace().next().unwrap_or_default();
        let leaves = matches!(
            word,
            "q" | "quit" | "users" | "u" | "objects" | "o" | "obj" | "user" | "blocked" | "compare" | "audit"
        ) || (word == "profile" && cmd.split_whitespace().nth(1).is_some());
        if leaves && !self.leave_confirmed && self.unsaved() {
            self.command_asked = Some(cmd.to_string());
            self.status.asking = Some(crate::t!("app-command-unsaved", command = cmd));
            return vec![];
        }
        match cmd {
            "" => vec![],
            "q" | "quit" | "q!" => {
                self.quit = true;
                vec![]
            }
            "users" | "u" => {
                self.layers.truncate(1);
                vec![]
            }
            c if matches!(c.split_whitespace().next(), Some("objects" | "o" | "obj")) => {
                if self.session.me.is_none() {
                    self.status.error(crate::t!("app-still-signing-in"));
                    return vec![];
                }
                // `:obj Fuel*`: the tree opens with that mask applied.
                let mask = c
                    .split_once(' ')
                    .map(|(_, m)| m.trim().to_string())
                    .filter(|m| !m.is_empty());
                self.layers.truncate(1);
                self.push(Layer::Objects(Box::new(ObjectsRoom::with_mask(mask))))
            }
            c if matches!(c.split_whitespace().next(), Some("user")) => {
                let arg = c.trim_start_matches("user").trim();
                let Ok(l) = arg.parse::<crate::domain::Login>() else {
                    self.status.error(crate::t!("app-usage-user"));
                    return vec![];
                };
                self.layers.truncate(1);
                self.open_user(l)
            }
            "blocked" => {
                self.layers.truncate(1);
                let on = self.users_mut().toggle_blocked();
                self.status.say(if on {
                    crate::t!("users-blocked-on")
                } else {
                    crate::t!("users-blocked-off")
                });
                vec![]
            }
            "write" => match self.session.read_only.clone() {
                None => {
                    self.status.say(crate::t!("app-changes-allowed-already"));
                    vec![]
                }
                Some(why) => {
                    self.status.asking = Some(crate::t!("app-allow-changes", why = why));
                    vec![]
                }
            },
            p if p == "profile" || p.starts_with("profile ") => {
                let name = p.trim_start_matches("profile").trim();
                if name.is_empty() {
                    let now = match self.session.profile.as_ref() {
                        Some((n, _)) => n.clone(),
                        None => crate::t!("app-profile-none"),
                    };
                    self.status.say(crate::t!("app-profile-now", name = now));
                    return vec![];
                }
                self.status.say(crate::t!("app-profile-switching", name = name));
                vec![Effect::Switch(name.to_string())]
            }
            c if c.starts_with("compare") => {
                let logins: Vec<_> = c
                    .split_whitespace()
                    .skip(1)
                    .map(|w| w.parse::<crate::domain::Login>())
                    .collect();
                match logins.as_slice() {
                    [Ok(a), Ok(b)] if a != b => {
                        self.layers.truncate(1);
                        self.push(Layer::Compare(Box::new(super::compare::CompareRoom::new(*a, *b))))
                    }
                    _ => {
                        self.status.error(crate::t!("app-usage-compare"));
                        vec![]
                    }
                }
            }
            c if c == "audit" || c.starts_with("audit ") => {
                let arg = c.trim_start_matches("audit").trim();
                let scope = if arg.is_empty() {
                    super::audit::Scope::All
                } else if let Ok(l) = arg.parse::<crate::domain::Login>() {
                    super::audit::Scope::User(l, String::new())
                } else {
                    self.status.error(crate::t!("app-usage-audit"));
                    return vec![];
                };
                self.layers.truncate(1);
                self.open_audit(scope)
            }
            "read-only" | "readonly" => {
                self.status.say(crate::t!("app-read-only-now"));
                self.set_read_only(Some(crate::t!("app-read-only-chosen")))
            }
            "help" | "h" => self.action(Action::Help),
            "reload" | "r" => self.action(Action::Reload),
            // Proves the crash path end to end (the tmux test); off unless LSC_CRASH_TEST is set.
            "crash-test" if self.crash_test => panic!("crash test requested with :crash-test"),
            other => {
                self.status.error(crate::t!("app-unknown-command", command = other));
                vec![]
            }
        }
    }

    // ---- drawing ----

    pub fn draw(&self, f: &mut Frame) {
        crate::i18n::set(self.session.viewer_lang());
        let rows = self.status.rows(&self.session, self.busy(), f.area().width);
        let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(rows)]).areas(f.area());
        // The front-most full-screen room, and the popups in front of it.
        let base = self.layers.iter().rposition(|(_, l)| !l.room().popup()).unwrap_or(0);
        for (_, l) in &self.layers[base..] {
            l.room().draw(f, main, &self.session);
        }
        let hints = self.front().hints(&self.session);
        self.status.draw(f, status, &self.session, self.busy(), &hints);
    }

    /// Builds a fresh key map for the session (a user's keys.toml).
    pub fn set_keys(&mut self, keys: Arc<keymap::KeyMap>) {
        self.session.keys = keys;
    }
}
