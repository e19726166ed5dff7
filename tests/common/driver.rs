//! Drives the real console `App` with key events against a real server: the harness's
//! `Script`, plus what the tests read off the screen.
use super::snapshot::Script;
use super::Ls;
use ls_console::api::Client;
use ls_console::domain::Language;
use ls_console::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::ops::{Deref, DerefMut};

pub struct Driver(Script);

impl Deref for Driver {
    type Target = Script;
    fn deref(&self) -> &Script {
        &self.0
    }
}

impl DerefMut for Driver {
    fn deref_mut(&mut self) -> &mut Script {
        &mut self.0
    }
}

impl Driver {
    pub async fn new(ls: &Ls, w: u16, h: u16, theme: Theme) -> Driver {
        Self::with(ls.manager(), Some(Language::En), w, h, theme).await
    }

    /// A console signed in with `client`; `lang` None: the viewer's own language.
    pub async fn with(client: Client, lang: Option<Language>, w: u16, h: u16, theme: Theme) -> Driver {
        Driver(Script::new(client, lang, theme, w, h).await.expect("a test terminal"))
    }

    /// The terminal changes size, as after a resize event.
    pub fn resize(&mut self, w: u16, h: u16) {
        self.0.term.backend_mut().resize(w, h);
        self.0.app.update(ls_console::tui::app::Msg::Resize(w, h));
    }

    /// From the users list: search the Username column for `username` and open the first
    /// match's card (asserts it opened).
    pub async fn open_user(&mut self, username: &str) {
        self.key(KeyCode::Esc).await; // clears an earlier search
                                      // Step left until the Login column has the focus.
        for _ in 0..8 {
            if self.0.app.users().focus == 0 {
                break;
            }
            self.key(KeyCode::Left).await;
        }
        self.key(KeyCode::Char('/')).await;
        self.key(KeyCode::Tab).await;
        self.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
        self.typ(username).await;
        self.key(KeyCode::Enter).await;
        self.key(KeyCode::Enter).await;
        let s = self.screen();
        assert!(s.contains(&format!("· {username}")), "card did not open: {s}");
    }

    pub fn buffer(&mut self) -> Buffer {
        self.0.buffer().expect("draw")
    }

    pub fn lines(&mut self) -> Vec<String> {
        let b = self.buffer();
        (0..b.area.height)
            .map(|y| {
                (0..b.area.width)
                    .map(|x| b[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect()
    }

    /// The status line: its last row, or every row of a message too long for one, joined.
    pub fn status(&mut self) -> String {
        let lines = self.lines();
        let rows = self.0.app.session.status_rows.max(1) as usize;
        let from = lines.len().saturating_sub(rows);
        lines[from..].iter().map(|l| l.trim_end()).collect::<Vec<_>>().join(" ")
    }

    pub fn screen(&mut self) -> String {
        self.lines().join("\n")
    }

    /// Data rows on screen (lines that start with a login cell).
    pub fn rows(&mut self) -> Vec<String> {
        self.lines()
            .into_iter()
            .filter(|l| {
                let t: String = l.chars().skip(1).take(5).collect();
                t.len() >= 5 && t.chars().skip(t.chars().count() - 4).all(|c| c.is_ascii_digit())
            })
            .collect()
    }

    pub fn footer_counts(&mut self) -> (usize, usize) {
        let s = self.screen();
        let i = s.find(" users ┘").expect("footer");
        let head = &s[..i];
        let part = head.rsplit('┘').next().unwrap_or(head);
        let part = part.rsplit('─').next().unwrap().trim();
        let mut it = part.split(" of ");
        (
            it.next().unwrap().trim().parse().unwrap(),
            it.next().unwrap().trim().parse().unwrap(),
        )
    }
}
