//! The console's state and its one `update` function: messages in, effects out. No I/O here,
//! so tests drive it directly with key events and hand-made answers.
//!
//! The app holds the session and a stack of rooms; the one in front gets the keys, each room
//! gets the answers to its own requests (an answer for a room that is gone is dropped), and the
//! app counts what is in flight.
use super::help::HelpRoom;
use super::keymap::{self, Action, Context};
pub use super::msg::{Effect, Msg};

mod answers;
mod commands;
mod live;
mod read;
mod said;
use super::request::{Req, ReqId};
use super::room::{Cx, Flow, Layer, Nav, Out};
use super::session::Session;
use super::status::{reloading, Status, Typed};
use super::theme::Theme;
use ls_core::domain::Language;
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
    /// The screen (the front-most room that is not a popup) the status line last spoke for.
    screen: u64,
    /// What rooms behind the screen in front said meanwhile: shown when each is in front again.
    parked: HashMap<u64, (String, bool)>,
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
            screen: 0,
            parked: HashMap::new(),
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
        login: Option<ls_core::domain::Login>,
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
    pub(super) fn open_sign_in(&mut self, login: Option<ls_core::domain::Login>, why: Option<String>) {
        let open = self.layers.iter_mut().find_map(|(_, l)| match l {
            Layer::SignIn(r) => Some(r),
            _ => None,
        });
        match (open, why) {
            (Some(r), Some(why)) => r.failed(why),
            (Some(_), None) => {}
            (None, why) => {
                // The login it was given, so what is typed next is the password (issue #29).
                let login = login.or(self.session.login);
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
        fresh.data_dir = self.session.data_dir.take();
        fresh.read_only = self.session.read_only.take();
        fresh.profile = self.session.profile.take();
        // Until the service takes them: the login tried, and whether a token must be typed (a
        // mistyped one is asked again, not dropped).
        fresh.login = Some(s.login);
        fresh.needs_token = self.session.needs_token;
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

    fn front(&self) -> &dyn super::room::Room {
        self.layers
            .last()
            .map_or_else(|| unreachable!("never empty"), |(_, l)| l.room())
    }

    // ---- update ----

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        ls_core::i18n::set(self.session.viewer_lang());
        // Several messages may be handled before one frame (a paste, answers arriving together):
        // a message that changes nothing must not take back an earlier one's need to draw.
        let was_dirty = self.dirty;
        self.dirty = true;
        let said = self.status.said;
        let fx = self.handle(msg);
        self.dirty |= was_dirty;
        // A key past a field's limit typed nothing (a long paste is cut there): said, not silent.
        if let Some(max) = super::field::take_cut() {
            self.status.error(ls_core::t!("field-cut", max = max));
        }
        self.screen_changed(said);
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
                Some(Owner::Room(room)) => {
                    let said = self.status.said;
                    let fx = self.in_room(room, |rm, cx| rm.reply(id, r, cx));
                    self.answered_progress(room, said);
                    fx
                }
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

    fn key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let ctrl_c = k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
        if std::mem::take(&mut self.quit_asked) {
            self.status.asking = None;
            // Ctrl-C twice, or y: leave; anything else stays with the draft.
            if ctrl_c || matches!(k.code, KeyCode::Char('y' | 'Y' | 'н' | 'Н')) {
                self.quit = true;
            } else {
                self.status.say(ls_core::t!("app-quit-cancelled"));
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
            self.status.say(ls_core::t!("app-command-cancelled"));
            return vec![];
        }
        if ctrl_c {
            // Unsaved work (a card's draft, pending levels) asks first: it would be lost.
            if self.unsaved() {
                self.quit_asked = true;
                self.status.asking = Some(ls_core::t!("app-quit-unsaved"));
                return vec![];
            }
            self.quit = true;
            return vec![];
        }
        if self.status.asking.take().is_some() {
            if matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                self.status.say(ls_core::t!("app-changes-allowed"));
                return self.set_read_only(None);
            }
            self.status.say(ls_core::t!("app-still-read-only"));
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
        // F1 is the help everywhere, also where characters are typed (a field, a search); the
        // help itself takes it as any other key, to close.
        let typed =
            matches!(k.code, KeyCode::Char(_)) && !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if !typed && !self.help_open() && self.session.keys.lookup(Context::Global, &k) == Some(Action::Help) {
            return self.action(Action::Help);
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
        // The note belongs to the screen the room is on; said as the room opens a screen, to
        // that one ("copy opened: fill the fields"), once it is there.
        let screen = self.screen_of(room);
        let opens = out.nav.iter().any(|n| matches!(n, Nav::Push(l) if !l.room().popup()));
        let progress = out.progress;
        let mut note = out.note.map(|(text, error)| (text, error, progress));
        if !opens {
            if let Some((text, error, progress)) = note.take() {
                self.note(screen, room, text, error, progress);
            }
        }
        let mut pushed = None;
        for (id, a) in answers {
            fx.extend(self.in_room(room, |r, cx| r.reply(id, a, cx)));
        }
        if let Some(why) = refusal {
            self.status.error(ls_core::t!("app-not-sent", why = why));
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
                Nav::Push(l) => {
                    if !l.room().popup() {
                        pushed = Some(self.next_layer);
                    }
                    fx.extend(self.push(l));
                }
                Nav::Pop => {
                    if let Some(pos) = self.layers.iter().position(|(i, _)| *i == room) {
                        if pos > 0 {
                            self.layers.remove(pos);
                        }
                    }
                }
                Nav::Answer(a) => {
                    if let Some(below) = self.remove_popup(room) {
                        fx.extend(self.in_room(below, |r, cx| r.answered(a, cx)));
                    }
                }
                Nav::Choose(c) => {
                    if let Some(below) = self.remove_popup(room) {
                        fx.extend(self.in_room(below, |r, cx| r.chose(c, cx)));
                    }
                }
            }
        }
        if let Some((text, error, progress)) = note {
            self.note(pushed.unwrap_or(screen), room, text, error, progress);
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
    fn open_user(&mut self, l: ls_core::domain::Login) -> Vec<Effect> {
        let (id, layer) = &mut self.layers[0];
        let id = *id;
        let Layer::Users(u) = layer else {
            return vec![];
        };
        let mut cx = Cx::new(&self.session, &mut self.next_req);
        let found = u.open_login(l, &mut cx);
        let out = cx.finish();
        if !found {
            self.status
                .error(ls_core::t!("app-no-such-user", login = l.to_string()));
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
                // A popup's keys are the app's own: the global section once.
                if !contexts.contains(&Context::Global) {
                    contexts.push(Context::Global);
                }
                return self.push(Layer::Help(HelpRoom::new(contexts)));
            }
            Action::CommandLine => self.status.open_command(),
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.status.say(if self.mouse {
                    ls_core::t!("app-mouse-on")
                } else {
                    ls_core::t!("app-mouse-off")
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

    // ---- drawing ----

    pub fn draw(&self, f: &mut Frame) {
        ls_core::i18n::set(self.session.viewer_lang());
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
