//! The loop's vocabulary: what can happen to the console (`Msg`), and the work it hands the
//! runtime (`Effect`). `App::update` turns one into the other.
use super::request::{Live, Reply, Req, ReqId};
use ls_core::clipboard::CopyOutcome;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

/// Everything that can happen to the console. (An answer is the biggest; messages move once
/// through a channel, so boxing it would buy nothing.)
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Animation tick; only sent while a request runs.
    Tick,
    /// A signal or a dead terminal: leave.
    Quit,
    /// The answer to request `id`.
    Reply(ReqId, Reply),
    /// The service's event stream spoke.
    Live(Live),
    /// The runtime rebuilt the client for a sign-in typed on the sign-in screen: the server's
    /// address it now talks to, or why it could not.
    SignedIn(Result<String, String>),
    /// A copy went out (or not) for the room `to`; the text comes back only for a manual copy.
    Copied {
        to: u64,
        what: String,
        outcome: CopyOutcome,
        text: String,
    },
}

/// Work for the runtime.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Effect {
    Request(ReqId, Req),
    /// Copy to the user's clipboard for room `to`: run on the UI task, between draws.
    Copy {
        to: u64,
        text: String,
        what: String,
    },
    SetMouse(bool),
    /// `:profile NAME`: sign in to that profile's server and start afresh there.
    Switch(String),
    /// Follow the service's event stream (the viewer reads the audit log).
    Watch,
    /// Sign in again with what the sign-in screen took: the runtime rebuilds its client and
    /// answers [`Msg::SignedIn`].
    SignIn(SignIn),
}

/// A sign-in typed on the sign-in screen.
#[derive(Debug, Clone, PartialEq)]
pub struct SignIn {
    /// Another server's address, or `None` for the same one.
    pub server: Option<String>,
    pub login: ls_core::domain::Login,
    pub password: Password,
    /// The API token typed, when none was configured (the screen asked for it).
    pub token: Option<Password>,
}

/// A password on its way to the client: never printed, not even in a test's failure.
#[derive(Clone, PartialEq)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}
