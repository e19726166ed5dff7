//! The sign-in screen: server, login and a hidden password (and a hidden API token when none is
//! configured), shown when the service refused the credentials (or none were given for a real
//! server). It opens with what is known filled in and the cursor on the first empty field, so
//! what is typed next is the password. Enter signs in again in place: the console's client is
//! rebuilt with what was typed and asked who it is, once; no restart.
use super::field;
use super::keymap::Context;
use super::msg::SignIn;
use super::room::{Cx, Flow, Room};
use super::session::Session;
use ls_core::domain::Login;
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use tui_input::Input;

/// The fields, top to bottom.
const SERVER: usize = 0;
const LOGIN: usize = 1;
const PASSWORD: usize = 2;
/// Shown only while the session says no token is configured.
const TOKEN: usize = 3;

pub struct SignInRoom {
    /// The server as it was shown: left as it is, the same server is kept.
    shown_server: String,
    fields: [Input; 4],
    focus: usize,
    /// Why the last attempt failed, or what is wrong with what was typed.
    pub error: Option<String>,
    /// Sent and not answered yet: Enter does nothing until the answer.
    pub waiting: bool,
}

impl SignInRoom {
    /// The screen with what is known filled in; the cursor on the first empty field.
    pub fn new(server: &str, login: Option<Login>, error: Option<String>) -> Self {
        let fields = [
            Input::new(server.to_string()),
            Input::new(login.map(|l| l.to_string()).unwrap_or_default()),
            Input::default(),
            Input::default(),
        ];
        let focus = fields[..=PASSWORD]
            .iter()
            .position(|f| f.value().is_empty())
            .unwrap_or(PASSWORD);
        SignInRoom {
            shown_server: server.to_string(),
            fields,
            focus,
            error,
            waiting: false,
        }
    }

    /// The service said no again: say why, empty the password, put the cursor there.
    pub fn failed(&mut self, why: String) {
        self.error = Some(why);
        self.waiting = false;
        self.fields[PASSWORD] = Input::default();
        self.focus = PASSWORD;
    }

    /// How many fields show: the token's only when the session has none.
    fn shown(s: &Session) -> usize {
        if s.needs_token {
            4
        } else {
            3
        }
    }

    /// What was typed, checked: a login of the LS's form, a password, and the token if asked.
    fn typed(&self, token: bool) -> Result<SignIn, (usize, String)> {
        let login: Login = self.fields[LOGIN]
            .value()
            .trim()
            .parse()
            .map_err(|e: ls_core::domain::LoginError| (LOGIN, t!("sign-in-bad-login", why = e.to_string())))?;
        let password = self.fields[PASSWORD].value();
        if password.is_empty() {
            return Err((PASSWORD, t!("sign-in-no-password")));
        }
        let token = match self.fields[TOKEN].value().trim() {
            "" if token => return Err((TOKEN, t!("sign-in-no-token"))),
            _ if !token => None,
            typed => Some(super::msg::Password(typed.to_string())),
        };
        let server = self.fields[SERVER].value().trim();
        let same = server.is_empty() || server == self.shown_server;
        Ok(SignIn {
            server: (!same).then(|| server.to_string()),
            login,
            password: super::msg::Password(password.to_string()),
            token,
        })
    }

    fn label(i: usize) -> String {
        match i {
            SERVER => t!("sign-in-server"),
            LOGIN => t!("sign-in-login"),
            PASSWORD => t!("sign-in-password"),
            _ => t!("sign-in-token"),
        }
    }
}

impl Room for SignInRoom {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Search]
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
            return Flow::Pass;
        }
        let n = Self::shown(cx.s);
        // The token's field may have gone (signed in with one since): never left focused.
        self.focus = self.focus.min(n - 1);
        match k.code {
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            KeyCode::Esc if cx.s.me.is_some() => cx.pop(),
            KeyCode::Esc => cx.info(t!("sign-in-esc")),
            KeyCode::Enter if self.waiting => cx.quiet(),
            KeyCode::Enter => match self.typed(n > TOKEN) {
                Ok(s) => {
                    self.error = None;
                    self.waiting = true;
                    cx.info(t!("sign-in-signing-in", login = s.login.to_string()));
                    cx.sign_in(s);
                }
                Err((at, why)) => {
                    self.focus = at;
                    self.error = Some(why);
                }
            },
            _ => {
                if !field::edit(&mut self.fields[self.focus], k) {
                    cx.quiet();
                }
            }
        }
        Flow::Done
    }

    fn popup(&self) -> bool {
        true
    }

    fn hints(&self, _s: &Session) -> String {
        t!("sign-in-hints")
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        let th = &s.theme;
        let n = Self::shown(s);
        let labels: Vec<String> = (0..n).map(Self::label).collect();
        let lw = labels.iter().map(|l| l.chars().count()).max().unwrap_or(8) + 2;
        let mut lines = vec![Line::from("")];
        let mut cursor = None;
        for (i, input) in self.fields.iter().enumerate().take(n) {
            // The password and the token are never shown, only counted.
            let shown = if i == PASSWORD || i == TOKEN {
                "•".repeat(input.value().chars().count())
            } else {
                input.value().to_string()
            };
            let style = if i == self.focus {
                th.field_focused()
            } else {
                th.field()
            };
            if i == self.focus {
                cursor = Some((lines.len(), lw + 2 + input.visual_cursor()));
            }
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<w$}", labels[i], w = lw), th.header()),
                Span::styled(format!("{shown} "), style),
            ]));
        }
        lines.push(Line::from(""));
        match (&self.error, self.waiting) {
            (_, true) => lines.push(Line::from(Span::styled(
                format!("  {}", t!("sign-in-waiting")),
                th.dim(),
            ))),
            // The server's words: made visible.
            (Some(e), false) => lines.push(Line::from(Span::styled(
                format!("  {}", ls_core::domain::text::visible(e)),
                th.error(),
            ))),
            (None, false) => {
                let intro = if n > TOKEN {
                    t!("sign-in-intro-token")
                } else {
                    t!("sign-in-intro")
                };
                lines.push(Line::from(Span::styled(format!("  {intro}"), th.dim())))
            }
        }
        lines.push(Line::from(Span::styled(format!("  {}", t!("sign-in-keys")), th.dim())));
        // Sized to what it says, within the screen; long errors wrap rather than run off.
        let want = lines.iter().map(|l| l.width()).max().unwrap_or(40).max(lw + 34) + 4;
        let w = (want as u16).min(area.width.saturating_sub(2)).max(20);
        let h = (lines.len() as u16 + 3).min(area.height);
        let r = area.centered(Constraint::Length(w), Constraint::Length(h));
        f.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border())
            .title(Span::styled(format!(" {} ", t!("sign-in-title")), th.title()));
        let inner = block.inner(r);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(block),
            r,
        );
        if let Some((row, col)) = cursor {
            let x = inner.x + (col as u16).min(inner.width.saturating_sub(1));
            f.set_cursor_position((x, inner.y + row as u16));
        }
    }
}
