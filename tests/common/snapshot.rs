//! Screenshots from the real app: a scripted session against the demo service, each screen's
//! ratatui buffer written as SVG. `cargo run --example screenshots` regenerates the README's
//! images, so they always show what the console really draws. Test harness only: the tests
//! and the example include this file; the console does not ship it.
use ls_console::api::Client;
use ls_console::clipboard::CopyOutcome;
use ls_console::domain::Language;
use ls_console::tui::app::{App, Effect, Msg};
use ls_console::tui::request::{perform, Live, Req};
use ls_console::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
pub const FG: &str = "#d4d4d4";
pub const BG: &str = "#1e1e1e";

fn ansi(i: u8) -> &'static str {
    [
        "#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5", "#666666", "#f14c4c",
        "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
    ][i as usize & 15]
}

/// A colour as CSS; `None` for the terminal's default.
pub fn css(c: Color) -> Option<String> {
    Some(match c {
        Color::Reset => return None,
        Color::Black => ansi(0).into(),
        Color::Red => ansi(1).into(),
        Color::Green => ansi(2).into(),
        Color::Yellow => ansi(3).into(),
        Color::Blue => ansi(4).into(),
        Color::Magenta => ansi(5).into(),
        Color::Cyan => ansi(6).into(),
        Color::Gray => ansi(7).into(),
        Color::DarkGray => ansi(8).into(),
        Color::LightRed => ansi(9).into(),
        Color::LightGreen => ansi(10).into(),
        Color::LightYellow => ansi(11).into(),
        Color::LightBlue => ansi(12).into(),
        Color::LightMagenta => ansi(13).into(),
        Color::LightCyan => ansi(14).into(),
        Color::White => ansi(15).into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) if i < 16 => ansi(i).into(),
        Color::Indexed(i) if i < 232 => {
            // The xterm 6×6×6 cube.
            let n = i - 16;
            let v = |x: u8| if x == 0 { 0 } else { 55 + x * 40 };
            format!("#{:02x}{:02x}{:02x}", v(n / 36), v(n / 6 % 6), v(n % 6))
        }
        Color::Indexed(i) => {
            let g = 8 + (i - 232) * 10;
            format!("#{g:02x}{g:02x}{g:02x}")
        }
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// One cell's look, as the SVG needs it.
#[derive(PartialEq, Clone)]
struct Look {
    fg: String,
    bg: Option<String>,
    bold: bool,
    underline: bool,
    dim: bool,
}

fn look(cell: &ratatui::buffer::Cell) -> Look {
    let m = cell.modifier;
    let (mut fg, mut bg) = (css(cell.fg), css(cell.bg));
    if m.contains(Modifier::REVERSED) {
        let f = fg.take().unwrap_or_else(|| FG.into());
        fg = Some(bg.take().unwrap_or_else(|| BG.into()));
        bg = Some(f);
    }
    Look {
        fg: fg.unwrap_or_else(|| FG.into()),
        bg,
        bold: m.contains(Modifier::BOLD),
        underline: m.contains(Modifier::UNDERLINED),
        dim: m.contains(Modifier::DIM),
    }
}

/// The buffer as an SVG image: a dark terminal, monospace text, colours and modifiers.
pub fn to_svg(buf: &Buffer) -> String {
    let a = buf.area;
    let (w, h) = (a.width as f32 * CELL_W, a.height as f32 * CELL_H);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="{BG}"/>"#);
    for y in 0..a.height {
        let mut x = 0;
        while x < a.width {
            let first = look(&buf[(a.x + x, a.y + y)]);
            let mut text = String::new();
            let start = x;
            while x < a.width {
                let c = &buf[(a.x + x, a.y + y)];
                if look(c) != first {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            let (px, py) = (start as f32 * CELL_W, y as f32 * CELL_H);
            let width = (x - start) as f32 * CELL_W;
            if let Some(bg) = &first.bg {
                let _ = writeln!(
                    s,
                    r#"<rect x="{px:.1}" y="{py:.1}" width="{width:.1}" height="{CELL_H}" fill="{bg}"/>"#
                );
            }
            if text.trim().is_empty() {
                continue;
            }
            let mut attrs = format!(r#"fill="{}""#, first.fg);
            if first.bold {
                attrs.push_str(r#" font-weight="bold""#);
            }
            if first.underline {
                attrs.push_str(r#" text-decoration="underline""#);
            }
            if first.dim {
                attrs.push_str(r#" opacity="0.6""#);
            }
            let _ = writeln!(
                s,
                r#"<text x="{px:.1}" y="{:.1}" textLength="{width:.1}" lengthAdjust="spacingAndGlyphs" xml:space="preserve" {attrs}>{}</text>"#,
                py + CELL_H * 0.78,
                escape(&text)
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

/// Runs effects one after another, feeding each result back into `app`, until none are left:
/// a scripted session, where the console itself runs them concurrently. Copies go to
/// `copied`, reported as OSC 52 (which never confirms, as over SSH).
/// Every request performed is logged in `sent`. Answers whether the console asked to follow
/// the event stream (the caller starts it: a scripted session has no runtime of its own).
pub async fn settle(
    app: &mut App,
    client: &mut Client,
    fx: Vec<Effect>,
    copied: &mut Vec<String>,
    sent: &mut Vec<Req>,
) -> bool {
    let mut watch = false;
    let mut q: std::collections::VecDeque<Effect> = fx.into();
    while let Some(e) = q.pop_front() {
        match e {
            Effect::Copy { to, text, what } => {
                copied.push(text.clone());
                let outcome = CopyOutcome::Osc52 { tmux_buffer: false };
                q.extend(app.update(Msg::Copied {
                    to,
                    what,
                    outcome,
                    text,
                }));
            }
            Effect::Request(id, req) => {
                sent.push(req.clone());
                let reply = perform(client, req).await;
                q.extend(app.update(Msg::Reply(id, reply)));
            }
            Effect::Watch => watch = true,
            // As the runtime does: the client signed in again with what was typed.
            Effect::SignIn(si) => {
                let label = si.server.clone().unwrap_or_else(|| app.session.server_label.clone());
                let r = match client.sign_in(si.server.as_deref(), si.login, &si.password.0) {
                    Ok(c) => {
                        *client = c;
                        Ok(label)
                    }
                    Err(e) => Err(e.to_string()),
                };
                q.extend(app.update(Msg::SignedIn(r)));
            }
            // A scripted session has one server; switching profiles is the runtime's (tmux test).
            Effect::SetMouse(_) | Effect::Switch(_) => {}
        }
    }
    watch
}

/// A scripted console: the real `App`, its effects run against a real service (the tour here,
/// and the tests' driver).
pub struct Script {
    pub app: App,
    pub client: Client,
    pub term: Terminal<TestBackend>,
    /// What the console asked to copy (the OS clipboard is the edge replaced here).
    pub copied: Vec<String>,
    /// Every request the console sent to the service, in order.
    pub sent: Vec<Req>,
    /// The event stream, once the console asked to follow it: the real stream from the real
    /// service, fed to the app by [`Script::live_until`].
    pub live: Option<tokio::sync::mpsc::UnboundedReceiver<Live>>,
    /// The stream said it is open: changes from then on arrive.
    pub live_up: bool,
}

impl Script {
    /// A console signed in with `client`; `lang` None: the viewer's own language.
    pub async fn new(client: Client, lang: Option<Language>, theme: Theme, w: u16, h: u16) -> Result<Script, String> {
        let (app, fx) = App::new("test".into(), lang, theme, Rect::new(0, 0, w, h));
        let term = Terminal::new(TestBackend::new(w, h)).map_err(|e| e.to_string())?;
        let mut s = Script {
            app,
            client,
            term,
            copied: Vec::new(),
            sent: Vec::new(),
            live: None,
            live_up: false,
        };
        s.run(fx).await;
        Ok(s)
    }

    /// Performs effects one by one, feeding results back until none are left.
    pub async fn run(&mut self, fx: Vec<Effect>) {
        let watch = settle(&mut self.app, &mut self.client, fx, &mut self.copied, &mut self.sent).await;
        if watch && self.live.is_none() {
            let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
            tokio::spawn(ls_console::tui::request::watch(self.client.clone(), move |l| {
                tx.send(l).is_ok()
            }));
            self.live = Some(rx);
        }
    }

    /// Feeds what the event stream says into the app until `done` holds (true) or `within`
    /// passes (false).
    pub async fn live_until(&mut self, within: std::time::Duration, done: impl Fn(&App) -> bool) -> bool {
        let end = tokio::time::Instant::now() + within;
        while !done(&self.app) {
            let Some(rx) = self.live.as_mut() else { return false };
            match tokio::time::timeout_at(end, rx.recv()).await {
                Ok(Some(l)) => {
                    self.live_up |= l == Live::Up;
                    let fx = self.app.update(Msg::Live(l));
                    self.run(fx).await;
                }
                _ => return false,
            }
        }
        true
    }

    /// Waits (at most `within`) until the event stream is open.
    pub async fn live_ready(&mut self, within: std::time::Duration) -> bool {
        let end = tokio::time::Instant::now() + within;
        while !self.live_up {
            let Some(rx) = self.live.as_mut() else { return false };
            match tokio::time::timeout_at(end, rx.recv()).await {
                Ok(Some(l)) => {
                    self.live_up |= l == Live::Up;
                    let fx = self.app.update(Msg::Live(l));
                    self.run(fx).await;
                }
                _ => return false,
            }
        }
        true
    }

    pub async fn key_mod(&mut self, code: KeyCode, m: KeyModifiers) {
        let fx = self.app.update(Msg::Key(KeyEvent::new(code, m)));
        self.run(fx).await;
    }

    pub async fn key(&mut self, code: KeyCode) {
        self.key_mod(code, KeyModifiers::NONE).await
    }

    pub async fn typ(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c)).await;
        }
    }

    /// Draws the app and returns what is on the screen.
    pub fn buffer(&mut self) -> Result<Buffer, String> {
        let app = &self.app;
        self.term.draw(|f| app.draw(f)).map_err(|e| e.to_string())?;
        Ok(self.term.backend().buffer().clone())
    }

    fn save(&mut self, dir: &Path, name: &str, out: &mut Vec<PathBuf>) -> Result<(), String> {
        let p = dir.join(format!("{name}.svg"));
        std::fs::write(&p, to_svg(&self.buffer()?)).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        out.push(p);
        Ok(())
    }
}

/// From the users list: search the Username column for `name` and open the first match.
async fn open_user(s: &mut Script, name: &str) {
    s.key(KeyCode::Esc).await; // clears an earlier search
                               // Step left until the Login column has the focus.
    for _ in 0..8 {
        if s.app.users().focus == 0 {
            break;
        }
        s.key(KeyCode::Left).await;
    }
    s.key(KeyCode::Char('/')).await;
    s.key(KeyCode::Tab).await;
    s.typ(name).await;
    s.key(KeyCode::Enter).await;
    s.key(KeyCode::Enter).await;
}

/// Runs the scripted tour over a fresh demo database in `work` and writes one SVG per pane
/// into `dir`: the users list with a column search, a user card, roles and rights with a
/// hint, the objects tree with a selection, an object card, and API access.
pub async fn tour(work: &Path, dir: &Path) -> Result<Vec<PathBuf>, String> {
    use KeyCode::*;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let (server, client) = ls_console::embedded::start_demo(&work.join("demo.db")).await?;
    let mut out = Vec::new();
    let ru_client = client.clone();
    let mut s = Script::new(client, Some(Language::En), Theme::default_colours(), 120, 34).await?;
    s.app.session.server_label = "demo".into();
    let alt = KeyModifiers::ALT;

    // Users list: a search in the Username and Email columns.
    s.key(Char('/')).await;
    s.key(Tab).await;
    s.typ("*ова*").await;
    for _ in 0..3 {
        s.key(Tab).await;
    }
    s.typ("*dealer1*").await;
    s.key(Enter).await;
    s.save(dir, "users-search", &mut out)?;
    s.key(Esc).await;

    // Test4's card.
    open_user(&mut s, "Test4").await;
    s.save(dir, "user-card", &mut out)?;

    // Roles & rights with the focused right's hint.
    s.key_mod(Char('2'), alt).await;
    for _ in 0..8 {
        s.key(Down).await;
    }
    s.save(dir, "rights-hint", &mut out)?;

    // Access to objects: a mask, a branch selected, a pending level.
    s.key_mod(Char('4'), alt).await;
    s.key(Char('/')).await;
    s.typ("Fuel Station*").await;
    s.key(Enter).await;
    // Test4's own dealer: the sub-dealers' objects listed first are out of its reach.
    for _ in 0..400 {
        let at = s
            .app
            .card()
            .and_then(|c| c.tree.as_ref())
            .and_then(|t| t.object(t.cursor()));
        if at.is_none_or(|o| o.name == "Alpha Systems") {
            break;
        }
        s.key(Down).await;
    }
    s.key(Down).await;
    s.key(Char(' ')).await;
    s.key(Char('3')).await;
    s.save(dir, "objects-tree", &mut out)?;
    s.key(Char('u')).await;

    // An object card: who reaches it.
    for _ in 0..2 {
        s.key(Down).await;
    }
    s.key(Enter).await;
    s.key(Tab).await;
    s.save(dir, "object-card", &mut out)?;
    s.key(Esc).await;
    s.key(Esc).await;
    s.key(Esc).await;

    // Two users compared, only what differs; then a plan to copy two rows across.
    s.key(Char(':')).await;
    s.typ("compare 0004 0006").await;
    s.key(Enter).await;
    s.save(dir, "compare", &mut out)?;
    s.key(Char(' ')).await;
    for _ in 0..4 {
        s.key(Down).await;
    }
    s.key(Char(' ')).await;
    let last = s.app.compare().map_or(0, |c| c.shown.len());
    for _ in 0..last {
        s.key(Down).await;
    }
    s.key(Char(' ')).await;
    s.key(Char('>')).await;
    s.save(dir, "plan", &mut out)?;
    s.key(Esc).await;
    s.key(Esc).await;
    s.key(Esc).await;

    // API access of the aggregator, on its own card (an aggregator's card is an administrator's
    // to edit, so its token is not the dealer manager's to see): the token masked, licenses.
    let a = &ls_console::server::seed::DEMO_AGGREGATOR;
    let login = ls_console::domain::Login::new(a.login).map_err(|e| e.to_string())?;
    let agg = ls_console::api::Client::new(
        &server.url(),
        ls_console::api::Credentials::new(login, a.password, a.token),
    )
    .map_err(|e| e.to_string())?;
    let mut s = Script::new(agg, Some(Language::En), Theme::default_colours(), 120, 34).await?;
    s.app.session.server_label = "demo".into();
    open_user(&mut s, a.username).await;
    s.key_mod(Char('6'), alt).await;
    s.save(dir, "api-access", &mut out)?;

    // The same console for a Russian-speaking viewer: the list and Test4's card.
    let mut s = Script::new(ru_client, Some(Language::Ru), Theme::default_colours(), 120, 34).await?;
    s.app.session.server_label = "demo".into();
    s.key(Char('/')).await;
    s.key(Tab).await;
    s.typ("*ова*").await;
    s.key(Enter).await;
    s.save(dir, "users-search-ru", &mut out)?;
    s.key(Esc).await;
    open_user(&mut s, "Test4").await;
    s.key_mod(Char('2'), alt).await;
    s.save(dir, "rights-hint-ru", &mut out)?;
    Ok(out)
}
