//! The app's own answers — who signs in, the dealers, the users list, the objects — and what a
//! read-only session lets out: the part of `App` that keeps the `Session` (rooms only read it).
use super::{App, Effect};
use crate::keymap::{Action, Context};
use crate::objects::tree::Forest;
use crate::request::{Reply, Req, ReqId};
use crate::room::{Conn, Layer};
use crate::status::reloading;
use crate::viewer::Viewer;
use ls_core::domain::policy::Actor;
use ls_core::domain::query::UserIndex;
use ls_core::domain::DealerTree;
use ratatui::crossterm::event::KeyEvent;
use std::sync::Arc;

impl App {
    /// A save, new or renew key in a read-only session that sent nothing says why, whatever
    /// the room said ("nothing to save" hides the reason).
    pub(super) fn say_why_read_only(&mut self, k: &KeyEvent, sent_nothing: bool) {
        let Some(why) = self.read_only_reason() else { return };
        if !sent_nothing || self.searching() {
            return;
        }
        let writes = self.front().contexts().into_iter().any(|c| {
            matches!(
                self.session.keys.lookup(c, k),
                Some(Action::Save | Action::New | Action::Renew)
            )
        });
        if writes {
            self.status.error(why);
            self.dirty = true;
        }
    }

    /// The policy's refusal of any write in this session, if it is read-only.
    pub(super) fn read_only_reason(&self) -> Option<String> {
        match &self.session.viewer {
            Some(v) => v.0.writable().err().map(|d| ls_core::i18n::policy::denied(&d)),
            // Before the sign-in answered: the same refusal the actor will carry.
            None => self
                .session
                .read_only
                .clone()
                .map(|why| ls_core::i18n::policy::reason(&ls_core::domain::policy::Reason::ReadOnly(why))),
        }
    }

    /// The answers to the app's own requests: the session's data.
    pub(super) fn session_reply(&mut self, id: ReqId, r: Reply) -> Vec<Effect> {
        let part = match &r {
            Reply::Me(_) => "me",
            Reply::Dealers(_) => "dealers",
            Reply::Users(_) => "users",
            Reply::Objects(_) => "objects",
            _ => "other",
        };
        if self.applied.get(part).is_some_and(|newest| *newest > id) {
            self.dirty = false;
            return vec![];
        }
        self.applied.insert(part, id);
        match r {
            Reply::Me(Ok(me)) => {
                self.status.conn = Conn::Online;
                self.session.me = Some(me);
                // The viewer's own language is known now: what follows speaks it.
                ls_core::i18n::set(self.session.viewer_lang());
                self.sign_in_error = None;
                self.retry_busy = false;
                // The credentials work, the token typed on the sign-in screen included.
                self.session.needs_token = false;
                let signing_in = self.layers.iter().any(|(_, l)| matches!(l, Layer::SignIn(_)));
                if signing_in {
                    self.layers.retain(|(_, l)| !matches!(l, Layer::SignIn(_)));
                    self.status.say(ls_core::t!("app-signed-in"));
                }
                self.build_viewer();
                // The sign-in works: now the rest of the session.
                let mut fx = Vec::new();
                if self.session.dealers.is_none() {
                    fx.push(self.ask(Req::Dealers));
                }
                if self.session.users_total.is_none() {
                    fx.push(self.ask(Req::Users));
                }
                fx.extend(self.session_changed());
                fx.extend(self.watch());
                fx
            }
            Reply::Dealers(Ok(d)) => {
                // The quotas set, for the card's Dealer line (`412 of 500 users`).
                self.session.quotas = d
                    .iter()
                    .filter_map(|i| i.user_quota.map(|q| (i.dealer.id, (i.users.unwrap_or(0), q))))
                    .collect();
                self.session.dealers = Some(d.into_iter().map(|i| i.dealer).collect());
                self.build_viewer();
                let mut fx = self.session_changed();
                fx.extend(self.watch());
                fx
            }
            Reply::Users(Ok(page)) => {
                self.status.conn = Conn::Online;
                let n = page.total;
                let delta = page.since.is_some();
                self.session.users_total = Some(page.total);
                self.session.users_revision = page.revision;
                // A delta is patched into the list held; a whole list replaces it.
                let older = match page.since {
                    Some(_) => self.session.users.users.clone(),
                    None => Vec::new(),
                };
                self.session.users = Arc::new(UserIndex::new(page.apply_to(older)));
                // A sign-in that failed stays on the line: the list loading is no answer to it.
                if let Some(e) = &self.sign_in_error {
                    self.status.error(e.clone());
                } else if self
                    .status
                    .message
                    .as_ref()
                    // A delta the event stream asked for says nothing over another message.
                    .is_some_and(|(m, err)| (*err && !delta) || *m == reloading())
                {
                    self.status.say(ls_core::t!("app-users-loaded", n = n));
                }
                self.session_changed()
            }
            Reply::Objects(Ok(page)) => {
                self.status.conn = Conn::Online;
                self.objects_asked = false;
                self.session.forest = Some(Arc::new(Forest::new(page.objects)));
                self.session_changed()
            }
            Reply::Me(Err(e)) => self.sign_in_failed(e),
            Reply::Dealers(Err(e)) => {
                let what = ls_core::t!("app-cannot-load-dealers");
                self.sign_in_error = Some(said(&what, &e));
                self.failed(&what, &e)
            }
            Reply::Users(Err(e)) => {
                self.note_no_users(&e);
                self.failed(&ls_core::t!("app-cannot-load-users"), &e)
            }
            Reply::Objects(Err(e)) => {
                self.objects_asked = false;
                self.failed(&ls_core::t!("app-cannot-load-objects"), &e)
            }
            _ => vec![],
        }
    }

    /// The sign-in failed: said until it succeeds. Refused credentials open the sign-in screen
    /// (type them again, no restart); a busy service (503, 429) is asked once more at once.
    pub(super) fn sign_in_failed(&mut self, e: ls_core::api::ClientError) -> Vec<Effect> {
        let what = ls_core::t!("app-cannot-sign-in");
        let msg = said(&what, &e);
        if matches!(e.status(), Some(503 | 429)) && !std::mem::replace(&mut self.retry_busy, true) {
            self.status.error(msg);
            return vec![self.ask(Req::Me)];
        }
        self.sign_in_error = Some(msg.clone());
        // Nothing else was asked: the empty list says what happened and what to do.
        if e.is_connection() {
            self.note_no_users(&e);
        }
        // Refused credentials open the screen; any failure while it is open is said there, so
        // it never waits for an answer that has come.
        let screen_open = self.layers.iter().any(|(_, l)| matches!(l, Layer::SignIn(_)));
        if matches!(e.status(), Some(401)) || screen_open {
            self.open_sign_in(None, Some(msg));
        }
        self.failed(&what, &e)
    }

    /// An empty users list says why it is empty and which key tries again.
    fn note_no_users(&mut self, e: &ls_core::api::ClientError) {
        if !self.session.users.is_empty() {
            return;
        }
        let key = self.session.keys.key_for(Context::Users, Action::Reload);
        self.users_mut().note = Some(ls_core::t!(
            "app-cannot-load-users-note",
            server = self.session.server_label.clone(),
            why = ls_core::i18n::policy::client_error(e),
            key = key
        ));
    }

    pub(super) fn failed(&mut self, what: &str, e: &ls_core::api::ClientError) -> Vec<Effect> {
        if e.is_connection() {
            self.status.conn = Conn::Offline;
        }
        self.status.error(said(what, e));
        vec![]
    }

    /// The viewer, once both the user and the dealers are in: from then on the console knows
    /// what it may do.
    pub(super) fn build_viewer(&mut self) {
        if let (Some(me), Some(d)) = (&self.session.me, &self.session.dealers) {
            let tree = Arc::new(DealerTree::new(d));
            let actor = Actor::new(me.user.clone(), tree).with_read_only(self.session.read_only.clone());
            self.session.viewer = Some(Viewer(Arc::new(actor)));
            self.sign_in_error = None;
        }
    }

    /// Opens (`Some(why)`) or lifts (`None`) read-only mode: the viewer is asked again, so every
    /// room greys out (or enables) its writes with the policy's reason.
    pub fn set_read_only(&mut self, why: Option<String>) -> Vec<Effect> {
        self.session.read_only = why;
        self.build_viewer();
        self.session_changed()
    }

    /// May a request go out? A write in a read-only session never does: the policy's refusal
    /// is said instead (a key the rooms did not grey out still cannot write).
    pub(super) fn refused(&self, r: &Req) -> Option<String> {
        if !r.writes() {
            return None;
        }
        self.read_only_reason()
    }
}

/// `what: why`, the error in the viewer's language.
fn said(what: &str, e: &ls_core::api::ClientError) -> String {
    format!("{what}: {}", ls_core::i18n::policy::client_error(e))
}
