//! The console: one task owns the state; terminal input and HTTP results arrive as messages.
pub mod app;
pub mod audit;
pub mod card;
pub mod command;
pub mod compare;
pub mod complete;
pub mod field;
pub mod help;
pub mod keymap;
pub mod levels;
pub mod msg;
pub mod object_card;
pub mod objects;
pub mod plan;
pub mod popup;
pub mod request;
pub mod room;
pub mod rows;
pub mod session;
pub mod sign_in;
pub mod status;
pub mod terminal;
pub mod theme;
#[cfg(test)]
mod update_tests;
pub mod users;
pub mod viewer;

use crate::api::Client;
use crate::config::{self, Config};
use crate::domain::Language;
use app::{App, Effect, Msg};
use futures::StreamExt;
use ratatui::crossterm::event::{Event, EventStream};
use ratatui::layout::Rect;
use std::time::Duration;

pub struct Options {
    pub target: crate::connect::Target,
    pub lang: Option<String>,
    /// Why nothing may be written, if so (`--read-only`, a read-only profile).
    pub read_only: Option<String>,
    pub config: Config,
}

/// Starts file logging in the data dir; the guard must live as long as the console.
fn init_logging(cfg: &Config) -> (Option<tracing_appender::non_blocking::WorkerGuard>, std::path::PathBuf) {
    let dir = crate::embedded::data_dir();
    let path = dir.join("lsc.log");
    if std::fs::create_dir_all(&dir).is_err() {
        return (None, path);
    }
    let appender = tracing_appender::rolling::never(&dir, "lsc.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_new(cfg.log_level.as_deref().unwrap_or("info"))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    (Some(guard), path)
}

/// What building a console for a server takes, kept for `:profile` to build the next one.
struct Start {
    config: Config,
    lang: Option<Language>,
    theme: theme::Theme,
    keys: std::sync::Arc<keymap::KeyMap>,
    mouse: bool,
    insecure: bool,
}

impl Start {
    /// A fresh console on `client` (nothing of an earlier server kept), and its first requests.
    fn app(&self, label: String, client: &Client, read_only: Option<String>, size: Rect) -> (App, Vec<Effect>) {
        let (mut app, first) = App::new(label, self.lang, self.theme, size);
        let fx = self.dress(&mut app, client, read_only, first);
        (app, fx)
    }

    /// A console on a server whose credentials are to be typed on the sign-in screen.
    fn signing_in(
        &self,
        label: String,
        login: Option<crate::domain::Login>,
        client: &Client,
        read_only: Option<String>,
        size: Rect,
    ) -> (App, Vec<Effect>) {
        let mut app = App::signing_in(label, login, self.lang, self.theme, size);
        let fx = self.dress(&mut app, client, read_only, vec![]);
        (app, fx)
    }

    fn dress(&self, app: &mut App, client: &Client, read_only: Option<String>, first: Vec<Effect>) -> Vec<Effect> {
        app.set_keys(self.keys.clone());
        app.status.insecure = client.insecure();
        app.crash_test = std::env::var_os("LSC_CRASH_TEST").is_some();
        app.mouse = self.mouse;
        app.session.export_dir = self.config.export_dir.clone();
        app.session.config_path = self.config.path.clone();
        if let Some(cols) = &self.config.users.columns {
            app.users_mut().set_order(cols.clone());
        }
        app.session.profile = self.config.chosen.as_ref().map(|p| (p.name.clone(), p.color));
        let more = app.set_read_only(read_only);
        [first, more].concat()
    }

    /// Signs in with profile `name`, without prompting (the terminal belongs to the console):
    /// the profile or the environment must hold the secrets.
    /// `lang`: the language the read-only reason is said in.
    async fn switch(
        &mut self,
        name: &str,
        lang: Language,
    ) -> Result<(crate::connect::Connected, Option<String>), String> {
        let mut cfg = self.config.clone();
        cfg.chosen = cfg.choose(Some(name))?;
        let p = cfg.chosen.clone().ok_or_else(|| format!("no profile '{name}'"))?;
        let target = crate::connect::Target {
            server: p.server.clone(),
            login: p.login.clone(),
            demo: false,
            insecure: self.insecure,
            no_prompt: true,
            password: None,
            sign_in_screen: false,
        };
        let conn = crate::connect::connect(&cfg, &target)
            .await
            .map_err(|e| e.to_string())?;
        // The new server's answer to who we are comes with the first requests; a wrong password
        // shows there, as at start.
        self.config = cfg;
        // After the awaits this task may be on another thread: its language again.
        crate::i18n::set(lang);
        let why = p
            .read_only
            .then(|| crate::t!("app-read-only-profile", name = p.name.clone()));
        Ok((conn, why))
    }
}

/// Runs the console until the user quits.
pub async fn run(o: Options) -> Result<(), String> {
    let (_guard, log_path) = init_logging(&o.config);
    // A broken theme or keys file is reported before anything starts.
    let (theme, keys) = look_and_keys(&o.config)?;
    let lang: Option<Language> = o
        .lang
        .clone()
        .or(o.config.language.clone())
        .and_then(|l| l.parse().ok());
    // Connect before the terminal switches, so prompts and errors read normally.
    let conn = crate::connect::connect(&o.config, &o.target)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(server = %conn.client.base_url(), login = %conn.client.login(), "console starting");

    terminal::install_panic_hook(log_path);
    let mouse = o.config.mouse.unwrap_or(false);
    let mut term = terminal::enter(mouse).map_err(|e| {
        terminal::restore();
        format!("cannot open the terminal: {e}")
    })?;
    let size = term
        .size()
        .map(|s| Rect::new(0, 0, s.width, s.height))
        .unwrap_or(Rect::new(0, 0, 80, 24));
    let clipboard = crate::clipboard::Clipboard::from_config(&o.config);
    let start = Start {
        config: o.config,
        lang,
        theme,
        keys,
        mouse,
        insecure: o.target.insecure,
    };
    let result = event_loop(&mut term, start, conn, o.read_only, size, clipboard).await;
    terminal::restore();
    tracing::info!("console stopped");
    result
}

/// The theme and key map the config asks for; a broken keys file or colour names the problem.
pub fn look_and_keys(cfg: &Config) -> Result<(theme::Theme, std::sync::Arc<keymap::KeyMap>), String> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = theme::Theme::named(cfg.theme.as_deref().unwrap_or("default"), &cfg.colors, no_color)
        .map_err(|e| format!("config: {e}"))?;
    let keys = match config::keys_file(cfg)? {
        Some((path, text)) => std::sync::Arc::new(keymap::KeyMap::with_overrides(&text, &path.display().to_string())?),
        None => keymap::KeyMap::defaults(),
    };
    Ok((theme, keys))
}

async fn event_loop(
    term: &mut terminal::Term,
    mut start: Start,
    conn: crate::connect::Connected,
    read_only: Option<String>,
    size: Rect,
    clipboard: crate::clipboard::Clipboard,
) -> Result<(), String> {
    let mut client = conn.client;
    // The embedded service (if that is what runs) lives as long as its console.
    let mut _embedded = conn.embedded;
    let (mut app, first) = if let Some(login) = conn.sign_in {
        start.signing_in(conn.label, login, &client, read_only, size)
    } else {
        start.app(conn.label, &client, read_only, size)
    };
    // One channel per console: answers for a console replaced by `:profile` go nowhere.
    let (mut tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Msg>();
    let mut clip = clipboard;
    let mut pending = first;
    let mut events = EventStream::new();
    let mut signals = crate::signals::Stop::console();
    loop {
        for e in std::mem::take(&mut pending) {
            match e {
                Effect::SetMouse(on) => terminal::set_mouse(on),
                // Terminal writes happen here, on the UI task between draws, never mid-frame.
                Effect::Copy { to, text, what } => {
                    let outcome = clip.copy(&text, &mut std::io::stdout());
                    let keep = outcome.needs_manual() || outcome.unconfirmed();
                    let text = if keep { text } else { String::new() };
                    let _ = tx.send(Msg::Copied {
                        to,
                        what,
                        outcome,
                        text,
                    });
                }
                Effect::Request(id, req) => {
                    let c = client.clone();
                    let tx = tx.clone();
                    tokio::spawn(async move {
                        let reply = request::perform(&c, req).await;
                        let _ = tx.send(Msg::Reply(id, reply));
                    });
                }
                Effect::Watch => {
                    let (c, tx) = (client.clone(), tx.clone());
                    // Ends when the console's channel does (it quit, or `:profile` replaced it).
                    tokio::spawn(request::watch(c, move |l| tx.send(Msg::Live(l)).is_ok()));
                }
                Effect::SignIn(si) => {
                    let label = match &si.server {
                        Some(url) => url.trim().trim_end_matches('/').to_string(),
                        None => app.session.server_label.clone(),
                    };
                    crate::i18n::set(app.session.viewer_lang());
                    let r = client.sign_in(si.server.as_deref(), si.login, &si.password.0);
                    let r = match r {
                        Ok(c) => {
                            tracing::info!(server = %c.base_url(), login = %si.login, "signing in again");
                            client = c;
                            // Answers still coming for the old credentials go nowhere.
                            (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Msg>();
                            Ok(label)
                        }
                        Err(e) => Err(crate::i18n::policy::client_error(&e)),
                    };
                    pending.extend(app.update(Msg::SignedIn(r)));
                }
                Effect::Switch(name) => match start.switch(&name, app.session.viewer_lang()).await {
                    Ok((conn, ro)) => {
                        // After an await this task may be on another thread: its language again.
                        crate::i18n::set(app.session.viewer_lang());
                        tracing::info!(profile = %name, server = %conn.client.base_url(), "profile switched");
                        let size = app.session.size;
                        let (next, first) = start.app(conn.label, &conn.client, ro, size);
                        app = next;
                        app.status.say(crate::t!("app-profile-switched", name = name.as_str()));
                        client = conn.client;
                        _embedded = conn.embedded;
                        (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Msg>();
                        pending.extend(first);
                    }
                    Err(e) => {
                        crate::i18n::set(app.session.viewer_lang());
                        app.status
                            .error(crate::t!("app-profile-failed", name = name.as_str(), error = e));
                        app.dirty = true;
                    }
                },
            }
        }
        if !pending.is_empty() {
            continue;
        }
        if app.dirty {
            terminal::draw(term, |f| app.draw(f)).map_err(|e| format!("cannot draw: {e}"))?;
            app.dirty = false;
        }
        let busy = app.busy();
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Msg::Key(k),
                Some(Ok(Event::Mouse(m))) => Msg::Mouse(m),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(_)) => continue,
                // The terminal is gone (e.g. the SSH session dropped).
                Some(Err(_)) | None => Msg::Quit,
            },
            Some(m) = rx.recv() => m,
            _ = tokio::time::sleep(Duration::from_millis(100)), if busy => Msg::Tick,
            _ = signals.recv() => Msg::Quit,
        };
        pending = app.update(msg);
        if app.quit {
            return Ok(());
        }
    }
}
