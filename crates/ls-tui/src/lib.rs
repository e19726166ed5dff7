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

use app::{App, Effect, Msg};
use ls_core::api::Client;
use ls_core::config::{self, Config};
use ls_core::domain::Language;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::VecDeque;
use std::time::Duration;
use tokio::sync::mpsc::error::TryRecvError;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

pub use ls_core::console::Options;

/// Starts file logging in the data dir; the guard must live as long as the console.
fn init_logging(cfg: &Config) -> (Option<tracing_appender::non_blocking::WorkerGuard>, std::path::PathBuf) {
    let dir = ls_core::embedded::data_dir();
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
        remember_login(&mut app, client);
        let fx = self.dress(&mut app, client, read_only, first);
        (app, fx)
    }

    /// A console on a server whose credentials are to be typed on the sign-in screen.
    fn signing_in(
        &self,
        label: String,
        ask: ls_core::connect::SignInAsk,
        client: &Client,
        read_only: Option<String>,
        size: Rect,
    ) -> (App, Vec<Effect>) {
        let mut app = signing_in(label, ask, self.lang, self.theme, size);
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
        app.session.data_dir = Some(ls_core::embedded::data_dir());
        if let Some(cols) = &self.config.users.columns {
            app.users_mut().set_order(cols.clone());
        }
        app.session.profile = self
            .config
            .chosen
            .as_ref()
            .map(|p| (p.name.clone(), theme::colour(p.color)));
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
    ) -> Result<(ls_core::connect::Connected, Option<String>), String> {
        let mut cfg = self.config.clone();
        cfg.chosen = cfg.choose(Some(name))?;
        let p = cfg.chosen.clone().ok_or_else(|| format!("no profile '{name}'"))?;
        let target = ls_core::connect::Target {
            server: p.server.clone(),
            login: p.login.clone(),
            demo: false,
            insecure: self.insecure,
            no_prompt: true,
            password: None,
            sign_in_screen: false,
        };
        let conn = ls_core::connect::connect(&cfg, &target)
            .await
            .map_err(|e| e.to_string())?;
        // The new server's answer to who we are comes with the first requests; a wrong password
        // shows there, as at start.
        self.config = cfg;
        // After the awaits this task may be on another thread: its language again.
        ls_core::i18n::set(lang);
        let why = p
            .read_only
            .then(|| ls_core::t!("app-read-only-profile", name = p.name.clone()));
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
    let conn = ls_core::connect::connect(&o.config, &o.target)
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
    let clipboard = ls_core::clipboard::Clipboard::from_config(&o.config);
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

/// A console whose sign-in screen asks what `ask` says: the login given filled in (the cursor
/// on the password), and the API token when none is configured.
pub fn signing_in(
    label: String,
    ask: ls_core::connect::SignInAsk,
    lang: Option<Language>,
    theme: theme::Theme,
    size: Rect,
) -> App {
    let mut app = App::signing_in(label, ask.login, lang, theme, size);
    app.session.login = ask.login;
    app.session.needs_token = ask.token;
    app
}

/// The login `client` signs in with, for the sign-in screen should the service refuse it: the
/// screen then opens with it filled in and the cursor on the password.
pub fn remember_login(app: &mut App, client: &Client) {
    app.session.login = Some(client.login());
}

/// The client a sign-in typed on the sign-in screen makes: the same token signed in again, or —
/// when the screen asked for the token (none was configured) — a client with the token typed.
pub fn signed_in_client(client: &Client, si: &msg::SignIn) -> Result<Client, ls_core::api::ClientError> {
    match &si.token {
        Some(token) => {
            let url = si
                .server
                .as_deref()
                .map(|s| s.trim().trim_end_matches('/'))
                .filter(|s| !s.is_empty())
                .unwrap_or(client.base_url())
                .to_string();
            let creds = ls_core::api::Credentials::new(si.login, &si.password.0, &token.0);
            Client::for_server(&url, creds, client.insecure())
        }
        None => client.sign_in(si.server.as_deref(), si.login, &si.password.0),
    }
}

/// What the terminal said, as the console's messages. A paste becomes the keys that type it, so
/// every field takes it as typing, within its limit: line breaks and tabs become spaces (a pasted
/// line break is no Enter), other control characters are dropped.
pub fn messages(ev: Event) -> Vec<Msg> {
    match ev {
        Event::Key(k) => vec![Msg::Key(k)],
        Event::Mouse(m) => vec![Msg::Mouse(m)],
        Event::Resize(w, h) => vec![Msg::Resize(w, h)],
        Event::Paste(text) => text
            .trim_end_matches(['\n', '\r'])
            .chars()
            .filter_map(|c| match c {
                '\n' | '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .map(|c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
            .collect(),
        _ => vec![],
    }
}

/// Handles every message `ready` already holds, in order, without waiting and without drawing;
/// returns the effects asked for. It stops early at a message that asks the runtime for work
/// (those effects run before the next message) or that makes the console quit.
///
/// The event loop calls this before each frame. Handling one event per wake-up and drawing after
/// each left a long paste typed a chunk at a time (issue #29).
pub fn drain(app: &mut App, ready: &mut dyn FnMut() -> Option<Msg>) -> Vec<Effect> {
    while let Some(m) = ready() {
        let fx = app.update(m);
        if !fx.is_empty() || app.quit {
            return fx;
        }
    }
    vec![]
}

/// The terminal's events, read on a thread of their own: a blocking read hands over every byte
/// the terminal delivered as soon as it is there (with crossterm's `use-dev-tty` source, which
/// polls level-triggered; the default source leaves bytes past its 1 KB read in the kernel until
/// the next key).
struct TermInput {
    rx: UnboundedReceiver<std::io::Result<Event>>,
    /// Messages made from events taken but not handled yet (a paste's keys).
    queue: VecDeque<Msg>,
}

impl TermInput {
    fn spawn() -> Self {
        let (tx, rx) = unbounded_channel();
        // Blocks in the read; the process's end ends it (a console replaced by `:profile` keeps it).
        std::thread::spawn(move || loop {
            let ev = ratatui::crossterm::event::read();
            let failed = ev.is_err();
            if tx.send(ev).is_err() || failed {
                break;
            }
        });
        TermInput {
            rx,
            queue: VecDeque::new(),
        }
    }

    /// A message already delivered, without waiting. A read error means the terminal is gone
    /// (e.g. the SSH session dropped): quit.
    fn ready(&mut self) -> Option<Msg> {
        loop {
            if let Some(m) = self.queue.pop_front() {
                return Some(m);
            }
            match self.rx.try_recv() {
                Ok(Ok(ev)) => self.queue.extend(messages(ev)),
                Ok(Err(_)) | Err(TryRecvError::Disconnected) => return Some(Msg::Quit),
                Err(TryRecvError::Empty) => return None,
            }
        }
    }

    /// The next message, waiting for one. Cancel-safe: nothing is awaited after an event is taken.
    async fn next(&mut self) -> Msg {
        loop {
            if let Some(m) = self.ready() {
                return m;
            }
            match self.rx.recv().await {
                Some(Ok(ev)) => self.queue.extend(messages(ev)),
                Some(Err(_)) | None => return Msg::Quit,
            }
        }
    }
}

async fn event_loop(
    term: &mut terminal::Term,
    mut start: Start,
    conn: ls_core::connect::Connected,
    read_only: Option<String>,
    size: Rect,
    clipboard: ls_core::clipboard::Clipboard,
) -> Result<(), String> {
    let mut client = conn.client;
    // The embedded service (if that is what runs) lives as long as its console.
    let mut _embedded = conn.embedded;
    let (mut app, first) = if let Some(ask) = conn.sign_in {
        start.signing_in(conn.label, ask, &client, read_only, size)
    } else {
        start.app(conn.label, &client, read_only, size)
    };
    // One channel per console: answers for a console replaced by `:profile` go nowhere.
    let (mut tx, mut rx) = unbounded_channel::<Msg>();
    let mut clip = clipboard;
    let mut pending = first;
    let mut input = TermInput::spawn();
    let mut signals = ls_core::signals::Stop::console();
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
                    ls_core::i18n::set(app.session.viewer_lang());
                    let r = match signed_in_client(&client, &si) {
                        Ok(c) => {
                            tracing::info!(server = %c.base_url(), login = %si.login, "signing in again");
                            client = c;
                            app.session.login = Some(si.login);
                            // A typed token is asked again until the service takes it (a
                            // mistyped one must stay correctable): `me` answering clears it.
                            // Answers still coming for the old credentials go nowhere.
                            (tx, rx) = unbounded_channel::<Msg>();
                            Ok(label)
                        }
                        Err(e) => Err(ls_core::i18n::policy::client_error(&e)),
                    };
                    pending.extend(app.update(Msg::SignedIn(r)));
                }
                Effect::Switch(name) => match start.switch(&name, app.session.viewer_lang()).await {
                    Ok((conn, ro)) => {
                        // After an await this task may be on another thread: its language again.
                        ls_core::i18n::set(app.session.viewer_lang());
                        tracing::info!(profile = %name, server = %conn.client.base_url(), "profile switched");
                        let size = app.session.size;
                        let (next, first) = start.app(conn.label, &conn.client, ro, size);
                        app = next;
                        app.status
                            .say(ls_core::t!("app-profile-switched", name = name.as_str()));
                        client = conn.client;
                        _embedded = conn.embedded;
                        (tx, rx) = unbounded_channel::<Msg>();
                        pending.extend(first);
                    }
                    Err(e) => {
                        ls_core::i18n::set(app.session.viewer_lang());
                        app.status
                            .error(ls_core::t!("app-profile-failed", name = name.as_str(), error = e));
                        app.dirty = true;
                    }
                },
            }
        }
        if !pending.is_empty() {
            continue;
        }
        // Everything already delivered is handled before a frame is drawn: the terminal's keys
        // first (a paste is thousands of them), then the service's answers.
        pending = {
            let mut ready = || input.ready().or_else(|| rx.try_recv().ok());
            drain(&mut app, &mut ready)
        };
        if app.quit {
            return Ok(());
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
            m = input.next() => m,
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
