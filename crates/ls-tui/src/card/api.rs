//! The card's API access tab: the token (masked; `v` reveals), copy, renew, the Generate USR
//! form, and for aggregators their licenses (each id is an AggregatorAuthentication token).
use super::confirm::{Confirm, ConfirmRoom};
use super::form::CardPane;
use crate::field;
use crate::keymap::{Action, Context};
use crate::msg::Password;
use crate::request::Req;
use crate::room::{Cx, Flow, Layer};
use crate::theme::Theme;
use ls_core::api::{ApiAccess, ClientError, NewToken};
use ls_core::clipboard::CopyOutcome;
use ls_core::domain::Login;
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;
use tui_input::Input;

/// Focusable lines: the token, the password field, then license rows.
pub const FOCUS_TOKEN: usize = 0;
pub const FOCUS_PASSWORD: usize = 1;

#[derive(Default)]
pub struct ApiTab {
    /// Whether the tab is shown for this card at all.
    pub visible: bool,
    pub data: Option<Result<ApiAccess, String>>,
    pub reveal: bool,
    pub focus: usize,
    /// Typed for the USR form only; cleared as soon as the header is made.
    pub password: Input,
    pub header: Option<String>,
    /// The last text sent by OSC 52 (unconfirmed), for `P`.
    pub last_copy: Option<String>,
}

pub fn mask_token(t: &str) -> String {
    let n = t.chars().count();
    let tail: String = t.chars().skip(n.saturating_sub(4)).collect();
    format!("{}{tail}", "•".repeat(n.saturating_sub(4).min(20)))
}

impl ApiTab {
    pub fn items(&self) -> usize {
        2 + self.licenses_len()
    }

    fn licenses_len(&self) -> usize {
        match &self.data {
            Some(Ok(a)) => a.licenses.len(),
            _ => 0,
        }
    }

    pub fn token(&self) -> Option<&str> {
        match &self.data {
            Some(Ok(a)) => Some(&a.token),
            _ => None,
        }
    }

    /// The license id under the focus, if the focus is on a license row.
    pub fn focused_license(&self) -> Option<&str> {
        match &self.data {
            Some(Ok(a)) if self.focus >= 2 => a.licenses.get(self.focus - 2).map(|l| l.id.as_str()),
            _ => None,
        }
    }

    /// The license under the focus, whole (its expiry with it).
    pub fn focused_license_row(&self) -> Option<&ls_core::api::AggregatorLicense> {
        match &self.data {
            Some(Ok(a)) if self.focus >= 2 => a.licenses.get(self.focus - 2),
            _ => None,
        }
    }

    pub fn focus_by(&mut self, d: isize) {
        let n = self.items() as isize;
        self.focus = (self.focus as isize + d).clamp(0, n - 1) as usize;
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, login: Option<Login>) {
        let a = match &self.data {
            None => {
                f.render_widget(Paragraph::new(t!("card-api-loading")).style(theme.dim()), area);
                return;
            }
            Some(Err(e)) => {
                f.render_widget(
                    Paragraph::new(ls_core::domain::text::visible(e).into_owned())
                        .style(theme.error())
                        .wrap(Wrap { trim: true }),
                    area,
                );
                return;
            }
            Some(Ok(a)) => a,
        };
        let sel = |i: usize| {
            if self.focus == i {
                theme.selected()
            } else {
                Style::new()
            }
        };
        let token = if self.reveal {
            a.token.clone()
        } else {
            mask_token(&a.token)
        };
        let pw: String = "•".repeat(self.password.value().chars().count());
        // The form's names line up; the password field starts after the longest (at least 8).
        let (l_login, l_password, l_token) = (t!("card-usr-login"), t!("card-usr-password"), t!("card-usr-token"));
        let lw = [&l_login, &l_password, &l_token]
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
            .max(8)
            + 2;
        let mut lines = vec![
            Line::from(vec![
                Span::styled(format!("{:<12}", t!("card-api-token")), theme.header()),
                Span::styled(token, sel(FOCUS_TOKEN)),
            ]),
            Line::from(Span::styled(
                format!("{:12}{}", "", t!("card-api-token-keys")),
                theme.dim(),
            )),
            Line::from(""),
            Line::from(Span::styled(t!("card-usr-title"), theme.title())),
            Line::from(format!(
                "  {l_login:<lw$}{}",
                login.map(|l| l.to_string()).unwrap_or_default()
            )),
            Line::from(vec![
                Span::raw(format!("  {l_password:<lw$}")),
                Span::styled(
                    format!("{pw:<24}"),
                    if self.focus == FOCUS_PASSWORD {
                        theme.field_focused()
                    } else {
                        theme.field()
                    },
                ),
                Span::styled(format!("  {}", t!("card-usr-never-stored")), theme.dim()),
            ]),
            Line::from(format!(
                "  {l_token:<lw$}{}",
                if self.reveal {
                    a.token.clone()
                } else {
                    mask_token(&a.token)
                }
            )),
            Line::from(Span::styled(
                "  usr = Base64(login + \";\" + md5(login + password) + \";\" + md5(token))",
                theme.dim(),
            )),
            Line::from(Span::styled(format!("  {}", t!("card-usr-make")), theme.dim())),
        ];
        if let Some(h) = &self.header {
            lines.push(Line::from(vec![
                Span::styled("  usr: ", theme.header()),
                Span::raw(h.clone()),
            ]));
        }
        let top = lines.len() as u16 + 1;
        // Every line in the tab's width, `…` where one is cut (the USR header is copied whole).
        let lines: Vec<Line> = lines
            .into_iter()
            .map(|l| crate::rows::cut_line(l, area.width as usize))
            .collect();
        f.render_widget(Paragraph::new(lines), area);
        if self.focus == FOCUS_PASSWORD {
            let cx = self.password.visual_cursor() as u16;
            f.set_cursor_position((area.x + 2 + lw as u16 + cx.min(23), area.y + 5));
        }
        if a.licenses.is_empty() || area.height <= top + 2 {
            return;
        }
        // The id and the expiry (with its `expired`) whole; product and object share the rest
        // and show where they are cut.
        let expires = |l: &ls_core::api::AggregatorLicense| {
            if l.expired {
                t!(
                    "card-license-expired",
                    date = ls_core::domain::text::visible(&l.expires)
                )
            } else {
                ls_core::domain::text::visible(&l.expires).into_owned()
            }
        };
        let titles = [
            t!("card-license-id"),
            t!("card-license-product"),
            t!("card-license-object"),
            t!("card-license-expires"),
        ];
        let len = |s: &str| s.chars().count() as u16;
        let id_w = a
            .licenses
            .iter()
            .map(|l| len(&l.id))
            .max()
            .unwrap_or(0)
            .max(len(&titles[0]));
        let exp_w = a
            .licenses
            .iter()
            .map(|l| len(&expires(l)))
            .max()
            .unwrap_or(0)
            .max(len(&titles[3]));
        let rest = area.width.saturating_sub(id_w + exp_w + 3);
        let (prod_w, obj_w) = (rest / 2, rest - rest / 2);
        let cut = |s: &str, w: u16| crate::rows::cut(s, w as usize);
        let rows = a.licenses.iter().enumerate().map(|(i, l)| {
            let st = if l.expired { theme.dim() } else { Style::new() };
            let st = if self.focus == i + 2 {
                st.patch(theme.selected())
            } else {
                st
            };
            Row::new(vec![
                Cell::from(cut(&l.id, id_w)),
                Cell::from(cut(&l.product, prod_w)),
                Cell::from(cut(&l.object, obj_w)),
                Cell::from(expires(l)),
            ])
            .style(st)
        });
        let t = Table::new(
            rows,
            [
                Constraint::Length(id_w),
                Constraint::Length(prod_w),
                Constraint::Length(obj_w),
                Constraint::Length(exp_w),
            ],
        )
        .header(
            Row::new([
                cut(&titles[0], id_w),
                cut(&titles[1], prod_w),
                cut(&titles[2], obj_w),
                titles[3].clone(),
            ])
            .style(theme.header()),
        )
        .column_spacing(1);
        f.render_widget(
            t,
            Rect {
                y: area.y + top,
                height: area.height - top,
                ..area
            },
        );
    }
}

/// Keys of the API tab; `Pass` for the card's own.
pub fn api_key(card: &mut CardPane, caps: &super::caps::Caps, k: &KeyEvent, cx: &mut Cx) -> Flow {
    let action = cx.s.keys.lookup(Context::Api, k);
    let Some(login) = card.login() else { return Flow::Pass };
    let api = &mut card.api;
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    // The header is made only from credentials the service takes: a mistyped password makes
    // none (and is said), rather than a header that fails wherever it is pasted.
    let make_usr = |api: &mut ApiTab| -> Result<Req, String> {
        let token = api.token().ok_or_else(|| t!("card-usr-no-token"))?.to_string();
        if api.password.value().is_empty() {
            return Err(t!("card-usr-no-password"));
        }
        let password = Password(api.password.value().to_string());
        // The password is not kept a moment longer than needed.
        api.password = Input::default();
        api.header = None;
        Ok(Req::CheckUsr {
            login,
            password,
            token: Password(token),
        })
    };
    match k.code {
        KeyCode::Up => api.focus_by(-1),
        KeyCode::Down => api.focus_by(1),
        KeyCode::Enter if api.focus == FOCUS_PASSWORD => match make_usr(api) {
            Ok(req) => {
                cx.ask(req);
                cx.progress(t!("card-usr-checking"));
            }
            Err(m) => cx.error(m),
        },
        KeyCode::Esc if api.focus == FOCUS_PASSWORD => api.focus = FOCUS_TOKEN,
        _ if api.focus == FOCUS_PASSWORD && !ctrl && field::edit(&mut api.password, k) => {}
        _ if action == Some(Action::Reveal) => api.reveal = !api.reveal,
        _ if action == Some(Action::Copy) => {
            // An expired license still copies, but the White Server refuses it: said with it.
            let (text, what) = match api.focused_license_row() {
                Some(l) if l.expired => (
                    Some(l.id.clone()),
                    t!(
                        "card-what-license-id-expired",
                        date = ls_core::domain::text::visible(&l.expires)
                    ),
                ),
                Some(l) => (Some(l.id.clone()), t!("card-what-license-id")),
                None => (api.token().map(str::to_string), t!("card-what-token")),
            };
            if let Some(text) = text {
                cx.copy(text, &what);
            }
        }
        _ if action == Some(Action::Usr) => match make_usr(api) {
            Ok(req) => {
                cx.ask(req);
                cx.progress(t!("card-usr-checking"));
            }
            Err(m) => {
                api.focus = FOCUS_PASSWORD;
                cx.error(m);
            }
        },
        _ if action == Some(Action::ShowCopy) => match api.last_copy.clone() {
            Some(text) => show(cx, Confirm::Manual { text, failed: false }),
            None => cx.info(t!("card-nothing-copied")),
        },
        _ if action == Some(Action::Renew) => match caps.renew() {
            Ok(()) => show(cx, Confirm::Renew),
            Err(why) => cx.error(t!("card-cannot-renew", why = why)),
        },
        _ => return Flow::Pass,
    }
    Flow::Done
}

/// The service's word on a USR header's credentials: taken, it is shown and copied; refused, the
/// password is asked again.
pub fn usr_checked(card: &mut CardPane, r: Result<Password, ClientError>, cx: &mut Cx) {
    match r {
        Ok(Password(h)) => {
            cx.online();
            card.api.header = Some(h.clone());
            cx.copy(h, &t!("card-what-usr"));
        }
        // The prompt closes (the focus back on the token line): what is typed next is a key or
        // a command again, never a second password typed unknowingly; `u` asks again.
        Err(ClientError::Api { status: 401, .. }) => {
            card.api.focus = FOCUS_TOKEN;
            card.api.password = Input::default();
            cx.error(t!("card-usr-refused"));
        }
        Err(e) => cx.failed(&t!("card-usr-not-checked"), &e),
    }
}

/// A renewed token: shown at once; the old one stopped working.
pub fn renewed(card: &mut CardPane, login: Login, r: Result<NewToken, ClientError>, cx: &mut Cx) {
    match r {
        Ok(t) => {
            cx.online();
            if let Some(Ok(a)) = card.api.data.as_mut() {
                a.token = t.token;
            }
            cx.info(t!("card-token-renewed", login = login.to_string()));
        }
        Err(e) => cx.failed(&t!("card-token-not-renewed"), &e),
    }
}

/// What became of a copy: said on the status line; OSC 52 cannot confirm, so the text is kept
/// for a copy by hand, and a copy that could not be tried at all opens it at once.
pub fn copied(card: &mut CardPane, what: String, outcome: CopyOutcome, text: String, cx: &mut Cx) {
    let how = outcome.describe();
    if outcome.needs_manual() {
        cx.error(t!("card-not-copied", what = what, how = how));
        show(cx, Confirm::Manual { text, failed: true });
    } else if outcome.unconfirmed() && !text.is_empty() {
        let key = cx.s.keys.key_for(Context::Api, Action::ShowCopy);
        cx.info(t!("card-copied-unconfirmed", what = what, how = how, key = key));
        card.api.last_copy = Some(text);
    } else {
        cx.info(t!("card-copied", what = what, how = how));
    }
}

/// One of the card's popups in front of it: a layer of its own, so a reload of the card under
/// it (an event, an answer) cannot take it away.
pub fn show(cx: &mut Cx, c: Confirm) {
    cx.push(Layer::Confirm(Box::new(ConfirmRoom::new(c))));
}
