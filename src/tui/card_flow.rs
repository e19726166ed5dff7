//! The card's part of `App::update`: keys, saving, conflicts and creating users.
use super::app::{App, Conn, Effect, Mode};
use super::keymap::{Action, Context};
use super::panes::card::{CardPane, Confirm, TAB_ACCESS, TAB_API, TAB_ASSESSMENT, TAB_GROUPS};
use super::viewer::{Known, NOT_YET};
use crate::api::{ClientError, CreatedUser};
use crate::domain::{Role, User};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    pub(crate) fn card_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let Some(card) = self.card.as_mut() else {
            return vec![];
        };
        if let Some(c) = card.confirm.clone() {
            return self.confirm_key(c, k);
        }
        let tab = card.tab;
        if tab == TAB_ACCESS {
            if let Some(fx) = self.tree_key(k) {
                return fx;
            }
        }
        if tab == TAB_GROUPS {
            if let Some(fx) = self.groups_key(k) {
                return fx;
            }
        }
        if tab == TAB_API {
            if let Some(fx) = self.api_key(k) {
                return fx;
            }
        }
        let Some(card) = self.card.as_mut() else {
            return vec![];
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        // Keys that work even while typing in a field: the map's non-text keys (Ctrl-S, Tab,
        // arrows, Esc), Enter to the next field, and Alt-digits for tabs.
        let plain_char = matches!(k.code, KeyCode::Char(_)) && !ctrl && !alt;
        let early = if plain_char {
            None
        } else {
            self.keys.lookup(Context::Card, &k)
        };
        match (early, k.code) {
            (Some(Action::Save), _) => return self.save(),
            (Some(Action::Back), _) => return self.leave_card(),
            (Some(Action::NextTab), _) => return self.switch_tab(|c| c.tab_by(1)),
            (Some(Action::PrevTab), _) => return self.switch_tab(|c| c.tab_by(-1)),
            (_, KeyCode::Char(d @ '1'..='6')) if alt => {
                return self.switch_tab(|c| c.tab_to(d as usize - '1' as usize))
            }
            (Some(Action::Up), _) => {
                card.focus_by(-1);
                return vec![];
            }
            (Some(Action::Down), _) | (_, KeyCode::Enter) => {
                card.focus_by(1);
                return vec![];
            }
            _ => {}
        }
        if card.typing(&self.caps) {
            if !card.edit(&k) {
                self.dirty = false;
            }
            return vec![];
        }
        if let KeyCode::Char(d @ '1'..='6') = k.code {
            if !ctrl {
                return self.switch_tab(|c| c.tab_to(d as usize - '1' as usize));
            }
        }
        match self.keys.lookup(Context::Card, &k) {
            Some(Action::Toggle) => {
                let caps = self.caps.clone();
                if let Some(card) = self.card.as_mut() {
                    if let Err(why) = card.toggle(&caps) {
                        self.error(why);
                    }
                }
                vec![]
            }
            Some(Action::Back) => self.leave_card(),
            Some(Action::ExportRights) => {
                let path = crate::export::export_path(self.export_dir.as_deref(), "rights");
                self.request(Effect::ExportRights { path })
            }
            Some(a @ (Action::Reload | Action::Help | Action::CommandLine | Action::Quit | Action::ToggleMouse)) => {
                self.action(a)
            }
            Some(_) => vec![],
            None => {
                if let Some(f) = self.card.as_ref().and_then(|c| c.focused_field()) {
                    if matches!(k.code, KeyCode::Char(_)) && !ctrl {
                        let why = if f.kind == super::panes::card::Kind::Gray {
                            format!("{} cannot be changed", f.label)
                        } else {
                            self.caps.fields().err().unwrap_or_default()
                        };
                        self.error(why);
                        return vec![];
                    }
                }
                self.dirty = false;
                vec![]
            }
        }
    }

    fn switch_tab(&mut self, f: impl FnOnce(&mut CardPane)) -> Vec<Effect> {
        let Some(card) = self.card.as_mut() else {
            return vec![];
        };
        f(card);
        if card.tab == TAB_ASSESSMENT && card.assessments.is_none() {
            if let Some(l) = card.login() {
                return self.request(Effect::LoadAssessments(l));
            }
        }
        if card.tab == TAB_API && card.api.data.is_none() {
            if let Some(l) = card.login() {
                return self.request(Effect::LoadApiAccess(l));
            }
        }
        self.ensure_card_tree()
    }

    fn leave_card(&mut self) -> Vec<Effect> {
        match self.card.as_mut() {
            Some(c) if c.unsaved() => {
                c.confirm = Some(Confirm::Discard);
            }
            _ => {
                self.card = None;
                self.refresh_caps();
            }
        }
        vec![]
    }

    fn confirm_key(&mut self, c: Confirm, k: KeyEvent) -> Vec<Effect> {
        let Some(card) = self.card.as_mut() else {
            return vec![];
        };
        match c {
            Confirm::Discard => match k.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    self.card = None;
                    self.refresh_caps();
                    self.info("edits dropped");
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => card.confirm = None,
                _ => self.dirty = false,
            },
            Confirm::Conflict(_) => match (k.code, card.login()) {
                (KeyCode::Char('r'), Some(l)) => {
                    card.confirm = None;
                    card.rebase = false;
                    return self.request(Effect::LoadUser(l));
                }
                (KeyCode::Char('k'), Some(l)) | (KeyCode::Esc, Some(l)) => {
                    card.confirm = None;
                    card.rebase = true;
                    return self.request(Effect::LoadUser(l));
                }
                _ => self.dirty = false,
            },
            Confirm::Credentials { .. } | Confirm::Manual(_) => card.confirm = None,
            Confirm::Renew => match (k.code, card.login()) {
                (KeyCode::Char('y') | KeyCode::Char('Y'), Some(l)) => {
                    card.confirm = None;
                    return self.request(Effect::RenewToken(l));
                }
                (KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc, _) => card.confirm = None,
                _ => self.dirty = false,
            },
        }
        vec![]
    }

    /// Ctrl-S: nothing invalid is sent; the draft stays until the server accepts it.
    fn save(&mut self) -> Vec<Effect> {
        let Some(card) = self.card.as_mut() else {
            return vec![];
        };
        if card.saving {
            self.info("already saving…");
            return vec![];
        }
        let errors = card.errors();
        if let Some(first) = errors.first() {
            let n = errors.len();
            self.error(format!(
                "not saved: {n} field{} to fix ({})",
                if n == 1 { "" } else { "s" },
                first.message
            ));
            return vec![];
        }
        if !card.dirty() {
            self.info("nothing to save");
            return vec![];
        }
        let draft = card.draft();
        card.saving = true;
        card.server_error = None;
        let e = match &card.user {
            Some(u) => Effect::SaveUser {
                login: u.login,
                version: u.version,
                draft,
            },
            None => Effect::CreateUser(draft),
        };
        self.info("saving…");
        self.request(e)
    }

    fn save_failed(&mut self, e: ClientError) {
        let Some(card) = self.card.as_mut() else {
            return;
        };
        card.saving = false;
        if e.code() == Some(crate::api::ErrorCode::Conflict) && card.user.is_some() {
            card.confirm = Some(Confirm::Conflict(e.to_string()));
            self.error("not saved: someone else changed this user; your draft is kept");
            return;
        }
        card.server_error = Some((e.field().map(str::to_string), e.to_string()));
        if e.is_connection() {
            self.status.conn = Conn::Offline;
            self.error(format!("not saved: {e}; your edits are kept, Ctrl-S retries"));
        } else {
            self.error(format!("not saved: {e}"));
        }
    }

    pub(crate) fn saved(&mut self, r: Result<User, ClientError>) -> Vec<Effect> {
        self.done();
        match r {
            Ok(u) => {
                self.status.conn = Conn::Online;
                let msg = format!("saved user {} (version {})", u.login, u.version);
                if let Some(c) = self.card.as_mut() {
                    c.reload(u, false);
                }
                self.refresh_caps();
                self.info(msg);
                // The list shows the change (e.g. a blocked row turns orange).
                self.request(Effect::LoadUsers)
            }
            Err(e) => {
                self.save_failed(e);
                vec![]
            }
        }
    }

    pub(crate) fn created(&mut self, r: Result<CreatedUser, ClientError>) -> Vec<Effect> {
        self.done();
        match r {
            Ok(cu) => {
                self.status.conn = Conn::Online;
                let login = cu.user.login;
                let mut card = CardPane::open(cu.user);
                card.confirm = Some(Confirm::Credentials {
                    password: cu.credentials.password,
                    token: cu.credentials.api_token,
                });
                self.card = Some(card);
                self.refresh_caps();
                self.info(format!("created user {login}"));
                let mut fx = self.request(Effect::LoadUsers);
                fx.extend(self.request(Effect::LoadAssessments(login)));
                fx
            }
            Err(e) => {
                self.save_failed(e);
                vec![]
            }
        }
    }

    /// `n` in the list: a blank card, if the viewer may create users at all.
    pub(crate) fn new_user(&mut self) -> Vec<Effect> {
        let Some(v) = &self.viewer else {
            self.error(NOT_YET);
            return vec![];
        };
        let a = &v.0;
        let k = v.levels(Known {
            forest: self.forest.as_deref(),
            user: None,
        });
        if let Err(e) = v.policy(&k).create_users(a.user.dealer_id) {
            self.error(e.to_string());
            return vec![];
        }
        let roles = a.grantable_roles();
        let role = [Role::DealerUser, Role::Client, Role::SubDealer]
            .into_iter()
            .find(|r| roles.contains(r))
            .or(roles.first().copied());
        self.card = Some(CardPane::create(a.user.dealer_id, a.user.dealer.clone(), role));
        self.mode = Mode::Normal;
        self.refresh_caps();
        vec![]
    }
}
