//! The card's questions (leave with edits? a conflict, renew the token?) and what it shows once
//! (the new user's credentials, a copy's text): popups of their own on the room stack, in front
//! of the card. The card can be reloaded under them (an event, an answer) without taking them
//! away; each leaves only by its own keys and tells the card below what was chosen.
use crate::keymap::Context;
use crate::room::{Choice, Cx, Flow, Room};
use crate::session::Session;
use ls_core::clipboard::CopyOutcome;
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// A question the card is waiting on, or something it shows once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Leave and drop the unsaved edits? (y/n)
    Discard,
    /// The server has a newer version: reload, or keep the draft on top of it.
    Conflict(String),
    /// Shown once after creating a user.
    Credentials { password: String, token: String },
    /// Issue a new API token? (y/n)
    Renew,
    /// A copy's text, for a copy by hand: one that could not be delivered (`failed`), or the
    /// last one sent where the terminal cannot confirm it arrived (`P`).
    Manual { text: String, failed: bool },
    /// Block (`block`) or unblock the user named ("0004 Test4")? (y/n) Asked by the card and by
    /// the users list alike.
    Block { user: String, block: bool },
}

/// One of the card's popups, in front of it.
pub struct ConfirmRoom {
    pub confirm: Confirm,
}

impl ConfirmRoom {
    pub fn new(confirm: Confirm) -> Self {
        ConfirmRoom { confirm }
    }
}

/// `y` on an English or a Russian keyboard layout (the same key).
fn yes(k: &KeyEvent) -> bool {
    matches!(k.code, KeyCode::Char('y' | 'Y' | 'н' | 'Н'))
}

/// `n` on either layout, or Esc.
fn no(k: &KeyEvent) -> bool {
    matches!(k.code, KeyCode::Char('n' | 'N' | 'т' | 'Т') | KeyCode::Esc)
}

impl Room for ConfirmRoom {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Global]
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        match &self.confirm {
            Confirm::Discard if yes(k) => cx.choose(Choice::Discard),
            Confirm::Renew if yes(k) => cx.choose(Choice::Renew),
            Confirm::Block { .. } if yes(k) => cx.choose(Choice::Block),
            Confirm::Discard | Confirm::Renew | Confirm::Block { .. } if no(k) => cx.pop(),
            Confirm::Conflict(_) => match k.code {
                KeyCode::Char('r' | 'R' | 'к' | 'К') => cx.choose(Choice::Reload),
                KeyCode::Char('k' | 'K' | 'л' | 'Л') | KeyCode::Esc => cx.choose(Choice::KeepDraft),
                _ => cx.quiet(),
            },
            // Shown once: a stray key must not lose them, so only Esc or Enter closes.
            Confirm::Credentials { password, token } => match k.code {
                KeyCode::Char('p' | 'з') => cx.copy(password.clone(), &t!("card-credentials-password")),
                KeyCode::Char('t' | 'е') => cx.copy(token.clone(), &t!("card-credentials-token")),
                KeyCode::Esc | KeyCode::Enter => cx.pop(),
                _ => cx.quiet(),
            },
            Confirm::Manual { .. } => cx.pop(),
            _ => cx.quiet(),
        }
        Flow::Done
    }

    /// The credentials' copies: said on the status line. The text stays in the popup, where it
    /// can be selected by hand whatever became of the copy.
    fn copied(&mut self, what: String, outcome: CopyOutcome, _text: String, cx: &mut Cx) {
        let how = outcome.describe();
        if outcome.needs_manual() {
            cx.error(t!("card-not-copied", what = what, how = how));
        } else {
            cx.info(t!("card-copied", what = what, how = how));
        }
    }

    fn popup(&self) -> bool {
        true
    }

    fn hints(&self, _s: &Session) -> String {
        match &self.confirm {
            Confirm::Discard => t!("card-discard-keys"),
            Confirm::Conflict(_) => format!("{}  {}", t!("card-conflict-reload"), t!("card-conflict-keep")),
            Confirm::Renew => t!("card-renew-keys"),
            Confirm::Credentials { .. } => t!("card-credentials-hints"),
            Confirm::Manual { .. } => t!("card-any-key-closes"),
            Confirm::Block { block, .. } => crate::users::block::keys(*block),
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        let (title, lines): (String, Vec<String>) = match &self.confirm {
            Confirm::Discard => (
                t!("card-discard-title"),
                vec![t!("card-discard-question"), String::new(), t!("card-discard-keys")],
            ),
            Confirm::Conflict(m) => (
                t!("card-conflict-title"),
                vec![
                    m.clone(),
                    String::new(),
                    t!("card-conflict-reload"),
                    t!("card-conflict-keep"),
                ],
            ),
            Confirm::Renew => (
                t!("card-renew-title"),
                vec![t!("card-renew-question"), String::new(), t!("card-renew-keys")],
            ),
            Confirm::Block { user, block } => crate::users::block::question(user, *block),
            Confirm::Manual { text, failed } => (
                if *failed {
                    t!("card-manual-title")
                } else {
                    t!("card-last-copy-title")
                },
                vec![
                    if *failed {
                        t!("card-manual-text")
                    } else {
                        t!("card-last-copy-text")
                    },
                    String::new(),
                    text.clone(),
                    String::new(),
                    t!("card-any-key-closes"),
                ],
            ),
            Confirm::Credentials { password, token } => {
                let (pw, tk) = (t!("card-credentials-password"), t!("card-credentials-token"));
                // The two values line up after the longer name and two spaces.
                let w = pw.chars().count().max(tk.chars().count()) + 2;
                (
                    t!("card-credentials-title"),
                    vec![
                        format!("{pw:<w$}{password}"),
                        format!("{tk:<w$}{token}"),
                        String::new(),
                        t!("card-credentials-closing"),
                    ],
                )
            }
        };
        // A conflict carries the server's words, a manual copy the user's fields: each line made
        // visible (a text to copy by hand keeps its line breaks as lines).
        let text: Vec<Line> = lines
            .iter()
            .flat_map(|l| l.split('\n'))
            .map(|l| Line::from(ls_core::domain::text::visible(l.strip_suffix('\r').unwrap_or(l)).into_owned()))
            .collect();
        crate::popup::draw(f, area, &title, s.theme.error(), Paragraph::new(text));
    }
}
