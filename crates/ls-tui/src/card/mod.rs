//! The user card room: six tabs over one draft; Ctrl-S saves with the version it was loaded at;
//! a conflict offers reload or keep; the tabs that set levels share the objects tree's keys.
pub mod api;
pub mod caps;
pub mod confirm;
pub mod find;
pub mod form;
pub mod groups;
mod keys;
pub mod tab;
pub mod view;

use super::keymap::{Action, Context};
use super::objects::tree::ObjectTree;
use super::objects::{tree_key, tree_reply};
use super::request::{Reply, Req, ReqId};
use super::room::{Answer, Choice, Cx, Flow, Layer, Room};
use super::session::Session;
use super::viewer::LevelRule;
use caps::Caps;
use confirm::Confirm;
use form::{CardPane, Tab};
use ls_core::api::{AccessEntry, ClientError, ErrorCode, UserCopy};
use ls_core::clipboard::CopyOutcome;
use ls_core::domain::{Login, Role, User};
use ls_core::t;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct CardRoom {
    pub pane: CardPane,
    /// What the viewer may change here: the policy's answers, asked when the user (or the viewer)
    /// arrives.
    pub caps: Caps,
    /// The reload whose answer replaces the user (a later one supersedes it).
    reloading: Option<ReqId>,
    saving: Option<ReqId>,
    /// The assessments were asked for when the card opened.
    started: bool,
    /// A new user copied from this one, with its access page: Ctrl-S plans the copy.
    copy: Option<(User, Vec<AccessEntry>)>,
    /// The copy planned and shown, sent when the plan is applied.
    copy_request: Option<UserCopy>,
    /// `C` asked for this user's access to open a copy of it.
    copying: Option<ReqId>,
    /// The save on its way is `b`'s (block or unblock): its answer says so.
    blocking: bool,
}

/// A new user's card like `src` (its roles and rights ticked, characteristics empty), in its
/// dealer if the viewer may create users there, else in the viewer's own.
pub fn copy_card(s: &Session, src: User, access: Vec<AccessEntry>) -> Result<CardRoom, String> {
    let (v, k) = s.levels(None).ok_or_else(ls_core::i18n::policy::not_yet)?;
    let p = v.policy(&k);
    let me = &v.0.user;
    let (dealer_id, dealer) = if p.create_users(src.dealer_id).is_ok() {
        (src.dealer_id, src.dealer.clone())
    } else {
        p.create_users(me.dealer_id)
            .map_err(|e| ls_core::i18n::policy::denied(&e))?;
        (me.dealer_id, me.dealer.clone())
    };
    let mut pane = CardPane::create(dealer_id, dealer, None);
    pane.roles = src.roles.clone();
    pane.rights = src.rights.clone();
    pane.language = src.language;
    pane.copy_of = Some(format!("{} {}", src.login, src.username));
    let mut card = CardRoom::with(pane);
    card.copy = Some((src, access));
    Ok(card)
}

/// `C` on a user: asks for it and its access; the answer opens the copy's card.
pub fn ask_copy(login: Login, cx: &mut Cx) -> ReqId {
    cx.want_objects();
    cx.progress(t!("card-copying-user", login = login.to_string()));
    cx.ask(Req::CopySource(login))
}

/// The answer to [`ask_copy`]: the copy's card in front, or why not.
pub fn open_copy(r: Result<(User, Vec<AccessEntry>), ClientError>, cx: &mut Cx) {
    match r
        .map_err(|e| ls_core::i18n::policy::client_error(&e))
        .and_then(|(u, a)| copy_card(cx.s, u, a))
    {
        Ok(card) => {
            cx.online();
            cx.info(t!("card-copy-opened"));
            cx.push(Layer::Card(Box::new(card)));
        }
        Err(e) => cx.error(t!("card-cannot-copy", error = e)),
    }
}

impl std::ops::Deref for CardRoom {
    type Target = CardPane;
    fn deref(&self) -> &CardPane {
        &self.pane
    }
}

impl std::ops::DerefMut for CardRoom {
    fn deref_mut(&mut self) -> &mut CardPane {
        &mut self.pane
    }
}

impl CardRoom {
    pub fn open(user: User) -> Self {
        Self::with(CardPane::open(user))
    }

    /// A blank card for a new user of the viewer's dealer.
    pub fn create(dealer_id: i64, dealer: String, role: Option<Role>) -> Self {
        Self::with(CardPane::create(dealer_id, dealer, role))
    }

    fn with(pane: CardPane) -> Self {
        CardRoom {
            pane,
            caps: Caps::default(),
            reloading: None,
            saving: None,
            started: false,
            copy: None,
            copy_request: None,
            copying: None,
            blocking: false,
        }
    }

    /// Asks the policy what the viewer may do here, and gives the trees their rule.
    fn refresh_caps(&mut self, s: &Session) {
        self.caps = match s.levels(self.pane.user.as_ref()) {
            Some((v, k)) => {
                let p = v.policy(&k);
                Caps(Some(match &self.pane.user {
                    Some(u) => p.user_caps(u),
                    None => p.new_user_caps(self.pane.dealer_id),
                }))
            }
            None => Caps(None),
        };
        self.pane.api.visible = self.caps.0.as_ref().is_some_and(|c| c.token.is_ok());
        self.pane.show_dealer(s);
        let t = self.pane.tab;
        self.pane.tab_to(t);
        let target = self.pane.user.clone();
        if let Some(tree) = self.pane.tree.as_mut() {
            tree.rule = LevelRule::new(s.viewer.clone(), target);
        }
    }

    /// The tree the Access and Object groups tabs share, once the objects are there.
    fn ensure_tree(&mut self, cx: &mut Cx) {
        if !matches!(self.pane.tab, Tab::Access | Tab::Groups) || self.pane.tree.is_some() {
            return;
        }
        let Some(login) = self.pane.login() else { return };
        let Some(forest) = cx.s.forest.clone() else {
            cx.want_objects();
            return;
        };
        let mut t = ObjectTree::new(forest, login);
        t.hint = cx.s.level_list_hint(Context::Tree);
        t.rule = LevelRule::new(cx.s.viewer.clone(), self.pane.user.clone());
        self.pane.tree = Some(t);
        cx.ask(Req::Access(login));
    }

    /// What a tab needs the first time it shows.
    fn tab_opened(&mut self, cx: &mut Cx) {
        let login = self.pane.login();
        match (self.pane.tab, login) {
            (Tab::Assessment, Some(l)) if self.pane.assessments.is_none() => {
                cx.ask(Req::Assessments(l));
            }
            (Tab::Api, Some(l)) if self.pane.api.data.is_none() => {
                cx.ask(Req::ApiAccess(l));
            }
            _ => self.ensure_tree(cx),
        }
    }

    fn switch_tab(&mut self, f: impl FnOnce(&mut CardPane), cx: &mut Cx) -> Flow {
        // Another tab: whatever field was edited is left.
        self.pane.editing = false;
        f(&mut self.pane);
        self.tab_opened(cx);
        Flow::Done
    }

    fn leave(&mut self, cx: &mut Cx) {
        if self.pane.unsaved() {
            api::show(cx, Confirm::Discard);
        } else {
            cx.pop();
        }
    }

    /// `h`: this user's history, over the card.
    fn history(&self, cx: &mut Cx) {
        match self.pane.user.as_ref() {
            Some(u) => super::audit::history(super::audit::Scope::User(u.login, u.username.clone()), cx),
            None => cx.info(t!("card-no-history")),
        }
    }

    fn reload(&mut self, keep_draft: bool, cx: &mut Cx) {
        if let Some(l) = self.pane.login() {
            self.pane.rebase = keep_draft;
            self.reloading = Some(cx.ask(Req::User(l)));
        }
    }

    /// Ctrl-S: nothing invalid is sent; the draft stays until the server accepts it.
    fn save(&mut self, cx: &mut Cx) {
        let card = &mut self.pane;
        if card.saving {
            cx.info(t!("card-already-saving"));
            return;
        }
        let errors = card.errors();
        if let Some(first) = errors.first() {
            let n = errors.len();
            cx.error(t!("card-not-saved-fields", n = n, first = first.message.clone()));
            return;
        }
        if !card.dirty() {
            cx.info(t!("card-nothing-to-save"));
            return;
        }
        let draft = card.draft();
        if let (None, Some((src, access))) = (&card.user, &self.copy) {
            let (Some(forest), Some((v, k))) = (cx.s.forest.as_deref(), cx.s.levels(None)) else {
                cx.want_objects();
                cx.error(t!("card-objects-loading"));
                return;
            };
            let planned = ls_core::copy::user_copy(&v.policy(&k), src, access, forest, &draft);
            self.copy_request = planned.request;
            super::plan::show(cx, planned.plan, None);
            return;
        }
        card.saving = true;
        card.server_error = None;
        let r = match &card.user {
            Some(u) => Req::SaveUser {
                login: u.login,
                version: u.version,
                draft,
            },
            None => Req::CreateUser(draft),
        };
        cx.progress(t!("card-saving"));
        self.saving = Some(cx.ask(r));
    }

    fn save_failed(&mut self, e: ClientError, cx: &mut Cx) {
        let card = &mut self.pane;
        card.saving = false;
        if e.code() == Some(ErrorCode::Conflict) && card.user.is_some() {
            api::show(cx, Confirm::Conflict(ls_core::i18n::policy::client_error(&e)));
            cx.error(t!("card-not-saved-conflict"));
            return;
        }
        card.server_error = Some((e.field().map(str::to_string), ls_core::i18n::policy::client_error(&e)));
        if e.is_connection() {
            cx.failed(&t!("card-not-saved"), &e);
            cx.error(t!(
                "card-not-saved-offline",
                error = ls_core::i18n::policy::client_error(&e)
            ));
        } else {
            cx.error(t!(
                "card-not-saved-because",
                error = ls_core::i18n::policy::client_error(&e)
            ));
        }
    }

    /// `!`/F2: the `lsc` lines that would save this draft.
    fn show_command(&mut self, cx: &mut Cx) {
        let lines = super::command::user(cx.s, self.pane.user.as_ref(), &self.pane.draft());
        if lines.is_empty() {
            cx.info(t!("card-no-command"));
        } else {
            crate::command::show(cx, lines);
        }
    }

    fn user_reply(&mut self, id: ReqId, r: Result<User, ClientError>, cx: &mut Cx) {
        if self.reloading != Some(id) {
            return cx.quiet();
        }
        self.reloading = None;
        match r {
            Ok(u) => {
                cx.online();
                let keep = self.pane.rebase;
                self.pane.rebase = false;
                let v = u.version;
                self.pane.reload(u, keep);
                if keep {
                    cx.info(t!("card-draft-rebased", version = v.to_string()));
                }
                self.refresh_caps(cx.s);
            }
            Err(e) => cx.failed(&t!("card-cannot-reload"), &e),
        }
    }
}

impl Room for CardRoom {
    fn unsaved(&self) -> bool {
        self.pane.unsaved()
    }

    fn contexts(&self) -> Vec<Context> {
        match self.pane.tab {
            Tab::Api => vec![Context::Card, Context::Api],
            Tab::Access | Tab::Groups if self.pane.tree.is_some() => vec![Context::Card, Context::Tree],
            _ => vec![Context::Card],
        }
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        if self.pane.find.is_some() {
            let lang = cx.s.viewer_lang();
            self.pane.find_key(k, lang, cx.s.forest.as_deref());
            return Flow::Done;
        }
        if self.pane.can_find() && cx.s.keys.lookup(Context::Card, k) == Some(Action::Search) {
            self.pane.open_find();
            return Flow::Done;
        }
        let page = (cx.s.size.height as usize).saturating_sub(8).max(1);
        let flow = match self.pane.tab {
            Tab::Access => match self.pane.tree.as_mut() {
                Some(t) => tree_key(t, k, page, cx),
                None => Flow::Pass,
            },
            Tab::Groups => groups::groups_key(&mut self.pane, k, cx),
            Tab::Api => api::api_key(&mut self.pane, &self.caps, k, cx),
            _ => Flow::Pass,
        };
        match flow {
            Flow::Done => Flow::Done,
            Flow::Pass => self.form_key(k, cx),
        }
    }

    fn reply(&mut self, id: ReqId, r: Reply, cx: &mut Cx) {
        let login = self.pane.login();
        let r = match self.pane.tree.as_mut() {
            Some(t) => match tree_reply(t, r, cx) {
                None => return,
                Some(r) => r,
            },
            None => r,
        };
        match r {
            Reply::User(r) => self.user_reply(id, r, cx),
            Reply::Assessments(l, r) if Some(l) == login => {
                self.pane.assessments = Some(r.map_err(|e| {
                    t!(
                        "card-assessments-failed",
                        error = ls_core::i18n::policy::client_error(&e)
                    )
                }));
            }
            Reply::UsrChecked(l, r) if Some(l) == login => api::usr_checked(&mut self.pane, r, cx),
            Reply::ApiAccess(l, r) if Some(l) == login => {
                self.pane.api.data =
                    Some(r.map_err(|e| t!("card-api-failed", error = ls_core::i18n::policy::client_error(&e))));
            }
            Reply::Renewed(l, r) if Some(l) == login => api::renewed(&mut self.pane, l, r, cx),
            Reply::Saved(r) if self.saving == Some(id) => {
                self.saving = None;
                let blocking = std::mem::take(&mut self.blocking);
                match r {
                    Ok(u) => {
                        cx.online();
                        let msg = if blocking {
                            super::users::block::done(&u)
                        } else {
                            t!(
                                "card-saved",
                                login = u.login.to_string(),
                                version = u.version.to_string()
                            )
                        };
                        self.pane.reload(u, false);
                        self.refresh_caps(cx.s);
                        cx.info(msg);
                        // The list shows the change (e.g. a blocked row turns orange).
                        cx.reload_users();
                    }
                    Err(e) => self.save_failed(e, cx),
                }
            }
            Reply::Created(r) if self.saving == Some(id) => {
                self.saving = None;
                match r {
                    Ok(cu) => {
                        cx.online();
                        self.copy = None;
                        let login = cu.user.login;
                        self.pane = CardPane::open(cu.user);
                        // In front of the card, on the stack: an event that reloads the card
                        // (the one about this very user comes at once) leaves it there.
                        api::show(
                            cx,
                            Confirm::Credentials {
                                password: cu.credentials.password,
                                token: cu.credentials.api_token,
                            },
                        );
                        self.refresh_caps(cx.s);
                        cx.reload_users();
                        cx.info(t!("card-created", login = login.to_string()));
                        cx.ask(Req::Assessments(login));
                    }
                    Err(e) => self.save_failed(e, cx),
                }
            }
            Reply::Exported(Ok((p, n))) => cx.info(t!("card-exported", n = n, path = p.display().to_string())),
            Reply::Exported(Err(e)) => cx.error(t!("card-export-failed", error = e)),
            Reply::CopySource(_, r) if self.copying == Some(id) => {
                self.copying = None;
                open_copy(r, cx);
            }
            _ => cx.quiet(),
        }
    }

    fn answered(&mut self, a: Answer, cx: &mut Cx) {
        let Answer::Apply = a;
        if let (Some(req), Some((src, _))) = (self.copy_request.take(), &self.copy) {
            let source = src.login;
            self.pane.saving = true;
            self.pane.server_error = None;
            cx.progress(t!("card-copying"));
            self.saving = Some(cx.ask(Req::CopyUser { source, copy: req }));
            return;
        }
        if self.copy.is_some() {
            return cx.error(t!("card-copy-refused"));
        }
        if let Some(t) = self.pane.tree.as_mut() {
            super::objects::tree_answered(t, cx);
        }
    }

    fn chose(&mut self, c: Choice, cx: &mut Cx) {
        match (c, self.pane.login()) {
            (Choice::Discard, _) => {
                cx.info(t!("card-edits-dropped"));
                cx.pop();
            }
            (Choice::Reload, _) => self.reload(false, cx),
            (Choice::KeepDraft, _) => self.reload(true, cx),
            (Choice::Renew, Some(l)) => {
                cx.ask(Req::RenewToken(l));
            }
            (Choice::Renew, None) => cx.quiet(),
            (Choice::Block, _) => self.block(cx),
        }
    }

    fn covered(&mut self) {
        self.copying = None;
    }

    fn copied(&mut self, what: String, outcome: CopyOutcome, text: String, cx: &mut Cx) {
        api::copied(&mut self.pane, what, outcome, text, cx);
    }

    fn session_changed(&mut self, cx: &mut Cx) {
        self.refresh_caps(cx.s);
        // A card opened on a user asks for its assessments at once.
        if let (Some(l), None, false) = (self.pane.login(), &self.pane.assessments, self.started) {
            cx.ask(Req::Assessments(l));
        }
        self.started = true;
        if let (Some(t), Some(f)) = (self.pane.tree.as_mut(), cx.s.forest.clone()) {
            t.set_forest(f);
        }
        self.ensure_tree(cx);
    }

    fn levels_changed(&mut self, cx: &mut Cx) {
        if let Some(t) = &self.pane.tree {
            cx.ask(Req::Access(t.target));
        }
    }

    /// Someone changed this user: a card without edits shows it at once; a card with edits
    /// keeps them and says so (saving then meets the conflict dialog, which offers to keep them).
    fn live(&mut self, e: &ls_core::api::AuditEntry, cx: &mut Cx) {
        let Some(u) = self.pane.user.as_ref() else { return };
        if e.target_kind != "user" || e.target != u.login.to_string() || self.saving.is_some() {
            return;
        }
        let me = cx.s.me.as_ref().map(|m| m.user.login.to_string());
        let other = me.as_deref() != Some(e.actor.as_str());
        // In people's words, as the audit pane says it (fields by their labels).
        let what = ls_core::audit::what_words(e);
        let who = ls_core::audit::who(e);
        if self.pane.dirty() {
            cx.error(t!(
                "card-changed-meanwhile",
                who = who.to_string(),
                what = what.to_string()
            ));
        } else {
            self.reload(false, cx);
            if other {
                cx.info(t!("card-changed-shown", who = who.to_string(), what = what.to_string()));
            }
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        self.pane
            .render(f, area, &s.theme, &self.caps, s.viewer_lang(), s.forest.as_deref());
    }

    fn hints(&self, s: &Session) -> String {
        if self.pane.tab == Tab::Access && self.pane.tree.is_some() {
            return super::objects::tree_hints(s);
        }
        self.card_hints(s)
    }
}
