//! Drives the real console `App` with key events, performing its effects against a real server.
use super::Ls;
use ls_console::api::Client;
use ls_console::domain::Language;
use ls_console::tui::app::{App, Effect, Msg};
use ls_console::tui::effects::perform;
use ls_console::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::collections::VecDeque;

pub struct Driver {
    pub app: App,
    pub client: Client,
    pub term: Terminal<TestBackend>,
    /// What the console asked to copy (the OS clipboard is the one edge replaced here).
    pub copied: Vec<String>,
}

impl Driver {
    pub async fn new(ls: &Ls, w: u16, h: u16, theme: Theme) -> Driver {
        Self::with(ls.manager(), Some(Language::En), w, h, theme).await
    }

    /// A console signed in with `client`; `lang` None: the viewer's own language.
    pub async fn with(client: Client, lang: Option<Language>, w: u16, h: u16, theme: Theme) -> Driver {
        let (app, fx) = App::new("test".into(), lang, theme, Rect::new(0, 0, w, h));
        let mut d = Driver {
            app,
            client,
            term: Terminal::new(TestBackend::new(w, h)).unwrap(),
            copied: Vec::new(),
        };
        d.run(fx).await;
        d
    }

    /// Performs effects the way the runtime does, feeding results back until none are left.
    pub async fn run(&mut self, fx: Vec<Effect>) {
        let mut q: VecDeque<Effect> = fx.into();
        while let Some(e) = q.pop_front() {
            if let Effect::Copy { text, what } = e {
                self.copied.push(text);
                let outcome = ls_console::clipboard::CopyOutcome::Osc52 { tmux_buffer: false };
                q.extend(self.app.update(Msg::Copied {
                    what,
                    outcome,
                    text: String::new(),
                }));
                continue;
            }
            if let Some(m) = perform(&self.client, e).await {
                q.extend(self.app.update(m));
            }
        }
    }

    pub async fn key(&mut self, code: KeyCode) {
        self.key_mod(code, KeyModifiers::NONE).await
    }

    pub async fn key_mod(&mut self, code: KeyCode, m: KeyModifiers) {
        let fx = self.app.update(Msg::Key(KeyEvent::new(code, m)));
        self.run(fx).await;
    }

    pub async fn typ(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c)).await;
        }
    }

    pub fn buffer(&mut self) -> Buffer {
        self.term.draw(|f| self.app.draw(f)).unwrap();
        self.term.backend().buffer().clone()
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
