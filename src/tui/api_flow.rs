//! The API access tab's part of `App::update`: reveal, copy, renew, the USR form.
use super::app::{App, Conn, Effect};
use super::keymap::{Action, Context};
use super::panes::api_tab::{FOCUS_PASSWORD, FOCUS_TOKEN};
use super::panes::card::Confirm;
use crate::api::{ApiAccess, ClientError, NewToken};
use crate::clipboard::CopyOutcome;
use crate::domain::usr::usr_header;
use crate::domain::Login;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    pub(crate) fn api_loaded(&mut self, login: Login, r: Result<ApiAccess, ClientError>) -> Vec<Effect> {
        self.done();
        if let Some(c) = self.card.as_mut().filter(|c| c.login() == Some(login)) {
            c.api.data = Some(r.map_err(|e| format!("API access: {e}")));
        }
        vec![]
    }

    pub(crate) fn renewed(&mut self, login: Login, r: Result<NewToken, ClientError>) -> Vec<Effect> {
        self.done();
        match r {
            Ok(t) => {
                self.status.conn = Conn::Online;
                if let Some(Some(Ok(a))) = self
                    .card
                    .as_mut()
                    .filter(|c| c.login() == Some(login))
                    .map(|c| c.api.data.as_mut())
                {
                    a.token = t.token;
                }
                self.info(format!("new API token for {login}; the old one stopped working"));
            }
            Err(e) => self.failed("token not renewed", &e),
        }
        vec![]
    }

    pub(crate) fn copied(&mut self, what: String, outcome: CopyOutcome, text: String) -> Vec<Effect> {
        let how = outcome.describe();
        if outcome.needs_manual() {
            self.error(format!("{what} not copied: {how}"));
            if let Some(c) = self.card.as_mut() {
                c.confirm = Some(Confirm::Manual(text));
            }
        } else if outcome.unconfirmed() && !text.is_empty() {
            // OSC 52 never answers: keep the text so the show-copy key can show it for a copy by hand.
            let key = self.keys.key_for(Context::Api, Action::ShowCopy);
            self.info(format!("{what} copied {how} · {key} shows it to copy by hand"));
            if let Some(c) = self.card.as_mut() {
                c.api.last_copy = Some(text);
            }
        } else {
            self.info(format!("{what} copied {how}"));
        }
        vec![]
    }

    fn copy(&mut self, text: String, what: &str) -> Vec<Effect> {
        vec![Effect::Copy {
            text,
            what: what.to_string(),
        }]
    }

    /// Keys of the API tab; `None` when the card should handle the key.
    pub(crate) fn api_key(&mut self, k: KeyEvent) -> Option<Vec<Effect>> {
        let action = self.keys.lookup(Context::Api, &k);
        let card = self.card.as_mut()?;
        let login = card.login()?;
        let api = &mut card.api;
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let make_usr = |api: &mut super::panes::api_tab::ApiTab| -> Result<String, String> {
            let token = api.token().ok_or("the token is not loaded")?.to_string();
            if api.password.value().is_empty() {
                return Err("type the password first (↓ to the password field)".into());
            }
            let h = usr_header(login, api.password.value(), &token);
            // The password is not kept a moment longer than needed.
            api.password = tui_input::Input::default();
            api.header = Some(h.clone());
            Ok(h)
        };
        match k.code {
            KeyCode::Up => api.focus_by(-1),
            KeyCode::Down => api.focus_by(1),
            KeyCode::Enter if api.focus == FOCUS_PASSWORD => {
                return Some(match make_usr(api) {
                    Ok(h) => self.copy(h, "USR header"),
                    Err(m) => {
                        self.error(m);
                        vec![]
                    }
                });
            }
            KeyCode::Esc if api.focus == FOCUS_PASSWORD => api.focus = FOCUS_TOKEN,
            _ if api.focus == FOCUS_PASSWORD && !ctrl && super::field::edit(&mut api.password, &k) => {}
            _ if action == Some(Action::Reveal) => {
                api.reveal = !api.reveal;
            }
            _ if action == Some(Action::Copy) => {
                let (text, what) = match api.focused_license() {
                    Some(id) => (Some(id.to_string()), "license id"),
                    None => (api.token().map(str::to_string), "API token"),
                };
                return Some(match text {
                    Some(t) => self.copy(t, what),
                    None => vec![],
                });
            }
            _ if action == Some(Action::Usr) => {
                return Some(match make_usr(api) {
                    Ok(h) => self.copy(h, "USR header"),
                    Err(m) => {
                        api.focus = FOCUS_PASSWORD;
                        self.error(m);
                        vec![]
                    }
                });
            }
            _ if action == Some(Action::ShowCopy) => match api.last_copy.clone() {
                Some(t) => card.confirm = Some(Confirm::Manual(t)),
                None => self.info("nothing copied yet in this card"),
            },
            _ if action == Some(Action::Renew) => {
                card.confirm = Some(Confirm::Renew);
            }
            _ => return None,
        }
        Some(vec![])
    }
}
