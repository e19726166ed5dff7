//! The event stream: every room hears a change; the users list reads what changed. And the
//! audit pane, which follows it.
use super::{App, Effect};
use crate::room::{Conn, Layer};

impl App {
    /// The event stream: every room hears the change; a user's row in the list is read again.
    pub(super) fn live(&mut self, l: crate::request::Live) -> Vec<Effect> {
        let e = match l {
            crate::request::Live::Audit(e) => e,
            crate::request::Live::Lost(why) => {
                tracing::info!(%why, "event stream lost; reconnecting");
                // The stream is the console's line to the service: lost, the service is taken
                // as gone now, not at the next request.
                self.dirty = self.status.conn != Conn::Offline;
                self.status.conn = Conn::Offline;
                return vec![];
            }
            crate::request::Live::Up => {
                self.dirty = self.status.conn != Conn::Online;
                self.status.conn = Conn::Online;
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
        if crate::audit::changes_card(&e) {
            fx.push(self.ask(self.users_req()));
        }
        self.dirty = true;
        fx
    }

    /// Follows the event stream once the viewer is known to read the log.
    pub(super) fn watch(&mut self) -> Vec<Effect> {
        if crate::audit::refusal(&self.session).is_ok() && !self.watching {
            self.watching = true;
            return vec![Effect::Watch];
        }
        vec![]
    }

    /// The audit pane, in front of the users list: everything, or one user's or object's history.
    pub fn open_audit(&mut self, scope: crate::audit::Scope) -> Vec<Effect> {
        match crate::audit::refusal(&self.session) {
            Err(why) => {
                self.status.error(why);
                vec![]
            }
            Ok(()) => self.push(Layer::Audit(Box::new(crate::audit::AuditRoom::new(scope)))),
        }
    }
}
