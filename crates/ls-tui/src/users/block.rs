//! `b`: block or unblock a user, from the users list or from its card. The policy is asked
//! first, so a refusal is said at once and nothing is asked; then a question naming the user
//! (y/n), a popup in front as the card's questions are; `y` saves the user with Login allowed
//! flipped (the same PUT with If-Match the card's Ctrl-S sends) and the status line says what
//! became of it.
use crate::card::api::show;
use crate::card::confirm::Confirm;
use crate::request::{Req, ReqId};
use crate::room::Cx;
use ls_core::api::{ClientError, ErrorCode};
use ls_core::domain::policy::Reason;
use ls_core::domain::{User, UserDraft};
use ls_core::t;

use super::pane::UsersPane;

/// How the question and the status line name a user: "0004 Test4".
pub fn named(u: &User) -> String {
    format!("{} {}", u.login, ls_core::domain::text::visible(&u.username))
}

/// The save that blocks (`block`) or unblocks `u`: the user as read, only Login allowed changed,
/// with the version it was read at (someone else's change meanwhile is a conflict, not lost).
pub fn request(u: &User, block: bool) -> Req {
    Req::SaveUser {
        login: u.login,
        version: u.version,
        draft: UserDraft {
            login_allowed: !block,
            ..UserDraft::from(u)
        },
    }
}

/// The policy's refusal, said at once: "cannot block 0003 white.aggregator: …".
pub fn refused(user: &str, block: bool, why: &str) -> String {
    if block {
        t!("users-block-refused", user = user, why = why)
    } else {
        t!("users-unblock-refused", user = user, why = why)
    }
}

/// The question's popup: its title and lines.
pub fn question(user: &str, block: bool) -> (String, Vec<String>) {
    if block {
        (
            t!("users-block-title"),
            vec![
                t!("users-block-question", user = user),
                t!("users-block-what"),
                String::new(),
                keys(true),
            ],
        )
    } else {
        (
            t!("users-unblock-title"),
            vec![
                t!("users-unblock-question", user = user),
                t!("users-unblock-what"),
                String::new(),
                keys(false),
            ],
        )
    }
}

/// The question's keys, for the popup and the hint line.
pub fn keys(block: bool) -> String {
    if block {
        t!("users-block-keys")
    } else {
        t!("users-unblock-keys")
    }
}

/// "blocking 0004 Test4…", while the save is on its way.
pub fn sending(user: &str, block: bool) -> String {
    if block {
        t!("users-blocking", user = user)
    } else {
        t!("users-unblocking", user = user)
    }
}

/// What the save did, from the user the service answered with.
pub fn done(u: &User) -> String {
    if u.login_allowed {
        t!("users-unblocked", user = named(u))
    } else {
        t!("users-blocked", user = named(u))
    }
}

/// What a failed save was: "could not block 0004 Test4" (the error follows).
pub fn failed(user: &str, block: bool) -> String {
    if block {
        t!("users-block-failed", user = user)
    } else {
        t!("users-unblock-failed", user = user)
    }
}

/// Whether the viewer may block or unblock `u`, as the policy answers over what the console
/// knows. `Err(None)`: a level the list does not carry decides it (a user in the list has no
/// `level`; the one read alone has): read the user first (unless it was `read`), then ask again.
fn may(u: &User, read: bool, cx: &Cx) -> Result<(), Option<String>> {
    let Some((v, k)) = cx.s.levels(Some(u)) else {
        return Err(Some(ls_core::i18n::policy::not_yet()));
    };
    match v.policy(&k).block_user(u) {
        Ok(()) => Ok(()),
        Err(d) if matches!(d.reason, Reason::Level { .. }) && u.level.is_none() && !read => Err(None),
        Err(d) => Err(Some(ls_core::i18n::policy::denied(&d))),
    }
}

/// The users list's side of `b`: the user asked about, the save on its way.
#[derive(Default)]
pub struct ListBlock {
    /// The user the question in front names, as it was when asked (blocked when asked → the
    /// answer unblocks).
    asked: Option<User>,
    /// `b` on a user whose level only the service knows: the user is read first.
    pub reading: Option<ReqId>,
    /// The save sent after `y`: its id, the user named, whether it blocks.
    sent: Option<(ReqId, String, bool)>,
}

impl ListBlock {
    /// `b` on `u`: refused at once, or the question in front of the list.
    pub fn ask(&mut self, u: &User, cx: &mut Cx) {
        self.ask_about(u, false, cx);
    }

    /// `read`: `u` is the service's answer, with the viewer's level on it (never read twice).
    fn ask_about(&mut self, u: &User, read: bool, cx: &mut Cx) {
        let block = u.login_allowed;
        match may(u, read, cx) {
            Ok(()) => {
                self.asked = Some(u.clone());
                show(cx, Confirm::Block { user: named(u), block });
            }
            Err(Some(why)) => cx.error(refused(&named(u), block, &why)),
            Err(None) => self.reading = Some(cx.ask(Req::User(u.login))),
        }
    }

    /// The user read for `b` (with the viewer's level on it): ask again, now knowing.
    pub fn read(&mut self, r: Result<User, ClientError>, cx: &mut Cx) {
        self.reading = None;
        match r {
            Ok(u) => {
                cx.online();
                self.ask_about(&u, true, cx);
            }
            Err(e) => cx.failed(&t!("users-cannot-open"), &e),
        }
    }

    /// `y`: the save. The list's own copy of the user when it is newer than the one asked about
    /// (the list was read again meanwhile), so its version is the latest the console knows.
    pub fn chosen(&mut self, pane: &UsersPane, cx: &mut Cx) {
        let Some(asked) = self.asked.take() else {
            return cx.quiet();
        };
        let block = asked.login_allowed;
        let newer = pane
            .index
            .users
            .iter()
            .find(|u| u.login == asked.login && u.version > asked.version);
        let u = newer.unwrap_or(&asked);
        let user = named(u);
        cx.progress(sending(&user, block));
        let id = cx.ask(request(u, block));
        self.sent = Some((id, user, block));
    }

    /// Whether `id` is the save this sent.
    pub fn is_sent(&self, id: ReqId) -> bool {
        self.sent.as_ref().is_some_and(|(s, _, _)| *s == id)
    }

    /// The service's answer to the save: the row shows it at once, the list is read again.
    pub fn saved(&mut self, r: Result<User, ClientError>, pane: &mut UsersPane, cx: &mut Cx) {
        let Some((_, user, block)) = self.sent.take() else {
            return cx.quiet();
        };
        match r {
            Ok(u) => {
                cx.online();
                pane.patch_user(&u);
                cx.info(done(&u));
                cx.reload_users();
            }
            Err(e) => {
                // Someone changed the user meanwhile: the list is read again, so `b` once more
                // starts from the version now on the service.
                if e.code() == Some(ErrorCode::Conflict) {
                    cx.reload_users();
                }
                cx.failed(&failed(&user, block), &e);
            }
        }
    }
}
