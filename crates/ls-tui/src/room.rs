//! Rooms: each screen of the console owns its state, its keys, its requests' answers and its
//! drawing behind one small trait. The app keeps them in a stack — what is in front, for keys,
//! drawing and help alike — and gives each a [`Cx`] to ask for things with.
use super::audit::AuditRoom;
use super::card::confirm::ConfirmRoom;
use super::card::CardRoom;
use super::command::CommandRoom;
use super::compare::CompareRoom;
use super::help::HelpRoom;
use super::keymap::{Action, Context};
use super::object_card::ObjectCardRoom;
use super::objects::ObjectsRoom;
use super::plan::PlanRoom;
use super::request::{Reply, Req, ReqId};
use super::session::Session;
use super::sign_in::SignInRoom;
use super::users::UsersRoom;
use ls_core::api::ClientError;
use ls_core::clipboard::CopyOutcome;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::Rect;
use ratatui::Frame;

/// What a room did with a key: used it, or passed it on to the app's own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Done,
    Pass,
}

/// What a room asks the app to do to the stack.
pub enum Nav {
    /// A new room in front.
    Push(Layer),
    /// This room leaves.
    Pop,
    /// This room (a popup) leaves, and answers the room below it.
    Answer(Answer),
    /// This room (a question) leaves, and tells the room below what was chosen.
    Choose(Choice),
}

/// What a popup answers the room that opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The plan shown is to be applied.
    Apply,
}

/// What a question in front of a card (or the users list) was answered: the room below
/// carries it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Drop the unsaved edits and leave.
    Discard,
    /// A conflict: reload the user, dropping the draft.
    Reload,
    /// A conflict: reload the user and keep the draft on top of it.
    KeepDraft,
    /// Issue a new API token.
    Renew,
    /// Block (or unblock) the user the question named.
    Block,
}

/// Whether the service could be reached, as the status line shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conn {
    Connecting,
    Online,
    Offline,
}

/// A room's way out: requests, notes for the status line, copies, changes to the stack. The
/// app carries them out after the room returns.
pub struct Cx<'a> {
    pub s: &'a Session,
    next_id: &'a mut ReqId,
    out: Out,
}

/// What a room's context collected, for the app to carry out.
#[derive(Default)]
pub(super) struct Out {
    pub asks: Vec<(ReqId, Req)>,
    pub copies: Vec<(String, String)>,
    pub note: Option<(String, bool)>,
    /// The note says something is under way: the room's next answer replaces it (or clears it).
    pub progress: bool,
    pub nav: Vec<Nav>,
    pub conn: Option<Conn>,
    pub objects: bool,
    pub actions: Vec<Action>,
    pub users: bool,
    pub levels: bool,
    /// Objects were created: the session's objects are read again.
    pub reload_objects: bool,
    /// Nothing changed on screen: no redraw.
    pub quiet: bool,
    /// Sign in again with what the sign-in screen took.
    pub sign_in: Option<super::msg::SignIn>,
}

impl<'a> Cx<'a> {
    pub(super) fn new(s: &'a Session, next_id: &'a mut ReqId) -> Self {
        Cx {
            s,
            next_id,
            out: Out::default(),
        }
    }

    /// What the room asked for, once it returned.
    pub(super) fn finish(self) -> Out {
        self.out
    }

    /// Asks the service; the answer comes back to this room's `reply` with the id returned.
    pub fn ask(&mut self, r: Req) -> ReqId {
        *self.next_id += 1;
        let id = *self.next_id;
        self.out.asks.push((id, r));
        id
    }

    pub fn info(&mut self, m: impl Into<String>) {
        self.out.note = Some((m.into(), false));
        self.out.progress = false;
    }

    /// A note that something is under way ("saving…"): the answer this room gets next replaces
    /// it, or takes it away when it says nothing (the plan it shows is the result).
    pub fn progress(&mut self, m: impl Into<String>) {
        self.out.note = Some((m.into(), false));
        self.out.progress = true;
    }

    pub fn error(&mut self, m: impl Into<String>) {
        self.out.note = Some((m.into(), true));
        self.out.progress = false;
    }

    /// A status line note as the level lists leave it.
    pub fn note(&mut self, n: Option<(String, bool)>) {
        if n.is_some() {
            self.out.note = n;
            self.out.progress = false;
        }
    }

    /// A request failed: say so, and mark the service offline when it was not reached.
    pub fn failed(&mut self, what: &str, e: &ClientError) {
        if e.is_connection() {
            self.out.conn = Some(Conn::Offline);
        }
        self.error(format!("{what}: {}", ls_core::i18n::policy::client_error(e)));
    }

    /// An answer came: the service is there.
    pub fn online(&mut self) {
        self.out.conn = Some(Conn::Online);
    }

    pub fn push(&mut self, l: Layer) {
        self.out.nav.push(Nav::Push(l));
    }

    pub fn pop(&mut self) {
        self.out.nav.push(Nav::Pop);
    }

    /// Leaves, answering the room below (the one that opened this popup).
    pub fn answer(&mut self, a: Answer) {
        self.out.nav.push(Nav::Answer(a));
    }

    /// Leaves (a question), telling the room below what was chosen.
    pub fn choose(&mut self, c: Choice) {
        self.out.nav.push(Nav::Choose(c));
    }

    /// Copies `text` to the user's clipboard (on the UI task, between draws).
    pub fn copy(&mut self, text: String, what: &str) {
        self.out.copies.push((text, what.to_string()));
    }

    /// The viewer's objects are needed (loaded once; rooms hear of them in `session_changed`).
    pub fn want_objects(&mut self) {
        self.out.objects = true;
    }

    /// One of the app's own actions (help, the command line, quit, the mouse, reload).
    pub fn action(&mut self, a: Action) {
        self.out.actions.push(a);
    }

    /// The users list is stale (a user was saved or created): read it again, quietly.
    pub fn reload_users(&mut self) {
        self.out.users = true;
    }

    /// Levels changed on the service (an object card saved): every tree reads its levels again.
    pub fn levels_changed(&mut self) {
        self.out.levels = true;
    }

    /// Objects were created or changed on the service: every tree gets them again.
    pub fn reload_objects(&mut self) {
        self.out.reload_objects = true;
    }

    /// Sign in again as the sign-in screen says (the app starts over as that user).
    pub fn sign_in(&mut self, s: super::msg::SignIn) {
        self.out.sign_in = Some(s);
    }

    /// The key changed nothing on screen.
    pub fn quiet(&mut self) {
        self.out.quiet = true;
    }
}

pub trait Room {
    /// Its sections of the key map, most specific first: the help lists them in this order.
    fn contexts(&self) -> Vec<Context>;
    /// A key. `Flow::Pass` lets the app try its own keys.
    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow;
    /// The answer to a request this room made.
    fn reply(&mut self, _id: ReqId, _r: Reply, _cx: &mut Cx) {}
    /// What became of a copy this room asked for.
    fn copied(&mut self, _what: String, _outcome: CopyOutcome, _text: String, _cx: &mut Cx) {}
    /// The session changed (the viewer became known, the objects loaded, the users reloaded).
    fn session_changed(&mut self, _cx: &mut Cx) {}
    /// Levels changed on the service: a tree reads its levels again.
    fn levels_changed(&mut self, _cx: &mut Cx) {}
    /// The popup this room opened answered (a plan to apply).
    fn answered(&mut self, _a: Answer, _cx: &mut Cx) {}
    /// The question this room put in front of itself was answered.
    fn chose(&mut self, _c: Choice, _cx: &mut Cx) {}
    /// A change someone (maybe the viewer) just made, from the event stream.
    fn live(&mut self, _e: &ls_core::api::AuditEntry, _cx: &mut Cx) {}
    /// Another room went in front of this one: stop waiting to open something.
    fn covered(&mut self) {}
    /// Work that leaving would lose (a card's draft, pending levels): leaving asks first.
    fn unsaved(&self) -> bool {
        false
    }
    fn draw(&self, f: &mut Frame, area: Rect, s: &Session);
    /// Drawn over the room below it (a popup), rather than instead of it.
    fn popup(&self) -> bool {
        false
    }
    /// The keys the status line names while this room is in front.
    fn hints(&self, s: &Session) -> String;
    fn mouse(&mut self, _m: &MouseEvent, _cx: &mut Cx) -> Flow {
        Flow::Pass
    }
    /// The screen was resized.
    fn resized(&mut self, _s: &Session) {}
}

/// Every kind of room: one enum routes keys, answers and drawing to the one in front.
pub enum Layer {
    Users(Box<UsersRoom>),
    Card(Box<CardRoom>),
    Objects(Box<ObjectsRoom>),
    ObjectCard(Box<ObjectCardRoom>),
    Help(HelpRoom),
    /// The `lsc` command for a pending change.
    Command(CommandRoom),
    /// A plan before a change to many things.
    Plan(Box<PlanRoom>),
    /// Two users side by side.
    Compare(Box<CompareRoom>),
    /// The audit log (all of it, or one user's or object's history).
    Audit(Box<AuditRoom>),
    /// Server, login and password, after the service refused them.
    SignIn(Box<SignInRoom>),
    /// A card's question or the new user's credentials, in front of the card: a layer of its
    /// own, so nothing that replaces the card's contents takes it away.
    Confirm(Box<ConfirmRoom>),
}

impl Layer {
    pub fn room(&self) -> &dyn Room {
        match self {
            Layer::Users(r) => r.as_ref(),
            Layer::Card(r) => r.as_ref(),
            Layer::Objects(r) => r.as_ref(),
            Layer::ObjectCard(r) => r.as_ref(),
            Layer::Help(r) => r,
            Layer::Command(r) => r,
            Layer::Plan(r) => r.as_ref(),
            Layer::Compare(r) => r.as_ref(),
            Layer::Audit(r) => r.as_ref(),
            Layer::SignIn(r) => r.as_ref(),
            Layer::Confirm(r) => r.as_ref(),
        }
    }

    pub fn room_mut(&mut self) -> &mut dyn Room {
        match self {
            Layer::Users(r) => r.as_mut(),
            Layer::Card(r) => r.as_mut(),
            Layer::Objects(r) => r.as_mut(),
            Layer::ObjectCard(r) => r.as_mut(),
            Layer::Help(r) => r,
            Layer::Command(r) => r,
            Layer::Plan(r) => r.as_mut(),
            Layer::Compare(r) => r.as_mut(),
            Layer::Audit(r) => r.as_mut(),
            Layer::SignIn(r) => r.as_mut(),
            Layer::Confirm(r) => r.as_mut(),
        }
    }
}
