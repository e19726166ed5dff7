//! Copying to the clipboard of the machine the user sits at: the system clipboard (arboard) on
//! a desktop, OSC 52 over SSH (the terminal sets its own clipboard), tmux's buffer inside tmux.
use base64::Engine;
use std::io::Write;
use std::process::{Command, Stdio};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    Auto,
    Osc52,
    System,
    Tmux,
    Off,
}

impl std::str::FromStr for Strategy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Strategy::Auto),
            "osc52" => Ok(Strategy::Osc52),
            "system" => Ok(Strategy::System),
            "tmux" => Ok(Strategy::Tmux),
            "off" => Ok(Strategy::Off),
            o => Err(format!("unknown clipboard '{o}' (auto, osc52, system, tmux, off)")),
        }
    }
}

/// How OSC 52 is wrapped inside tmux.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TmuxMode {
    /// Plain OSC 52: tmux takes it with `set -g set-clipboard on` and passes it on.
    Raw,
    /// DCS passthrough: needs `set -g allow-passthrough on`; reaches the outer terminal directly.
    Passthrough,
}

/// What the environment says about where we run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Env {
    pub ssh: bool,
    pub tmux: bool,
    pub display: bool,
}

impl Env {
    pub fn from_process() -> Self {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        Env {
            // tmux does not pass SSH_TTY on, but SSH_CONNECTION / SSH_CLIENT usually survive.
            ssh: set("SSH_TTY") || set("SSH_CONNECTION") || set("SSH_CLIENT"),
            tmux: set("TMUX"),
            display: set("DISPLAY") || set("WAYLAND_DISPLAY"),
        }
    }
}

/// Where a copy goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// OSC 52 to the terminal; inside tmux also into tmux's buffer.
    Osc52 {
        tmux: bool,
    },
    /// The system clipboard, falling back to OSC 52 when it fails.
    System,
    TmuxBuffer,
    Off,
}

/// Picks the route. Over SSH or without a display the system clipboard is never touched: arboard
/// would wait for an X11 timeout and the clipboard it reaches is the server's, not the user's.
pub fn choose(strategy: Strategy, env: Env) -> Route {
    match strategy {
        Strategy::Off => Route::Off,
        Strategy::Osc52 => Route::Osc52 { tmux: env.tmux },
        Strategy::System => Route::System,
        Strategy::Tmux => Route::TmuxBuffer,
        Strategy::Auto if env.ssh || !env.display => Route::Osc52 { tmux: env.tmux },
        Strategy::Auto => Route::System,
    }
}

/// The OSC 52 bytes that set the clipboard to `text`, plain or wrapped for tmux passthrough.
pub fn osc52(text: &str, wrap: Option<TmuxMode>) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let plain = format!("\x1b]52;c;{b64}\x07");
    match wrap {
        None | Some(TmuxMode::Raw) => plain.into_bytes(),
        // Inside a DCS every ESC of the payload is doubled.
        Some(TmuxMode::Passthrough) => format!("\x1bPtmux;{}\x1b\\", plain.replace('\x1b', "\x1b\x1b")).into_bytes(),
    }
}

/// How a copy went, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyOutcome {
    /// The system clipboard took it (confirmed).
    System,
    /// Sent to the terminal; it cannot confirm delivery.
    Osc52 {
        tmux_buffer: bool,
    },
    TmuxBuffer,
    Off,
    Failed(String),
}

impl CopyOutcome {
    pub fn describe(&self) -> String {
        match self {
            CopyOutcome::System => crate::t!("clip-system"),
            CopyOutcome::Osc52 { tmux_buffer: true } => crate::t!("clip-osc52-tmux"),
            CopyOutcome::Osc52 { tmux_buffer: false } => crate::t!("clip-osc52"),
            CopyOutcome::TmuxBuffer => crate::t!("clip-tmux"),
            CopyOutcome::Off => crate::t!("clip-off"),
            CopyOutcome::Failed(e) => crate::t!("clip-failed", error = e.as_str()),
        }
    }
    /// Whether the copy went out with no way to know it arrived (OSC 52 has no answer).
    pub fn unconfirmed(&self) -> bool {
        matches!(self, CopyOutcome::Osc52 { .. })
    }
    /// Whether the user should be shown the text to copy by hand.
    pub fn needs_manual(&self) -> bool {
        matches!(self, CopyOutcome::Off | CopyOutcome::Failed(_))
    }
}

/// The system clipboard, as the edge tests replace it.
pub trait SystemClipboard: Send {
    fn set(&mut self, text: &str) -> Result<(), String>;
}

/// arboard behind one long-lived instance (X11 clipboards live as long as their owner).
#[derive(Default)]
pub struct Arboard(Option<arboard::Clipboard>);

impl SystemClipboard for Arboard {
    fn set(&mut self, text: &str) -> Result<(), String> {
        if self.0.is_none() {
            self.0 = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        match self.0.as_mut() {
            Some(c) => c.set_text(text.to_string()).map_err(|e| e.to_string()),
            None => Err("no system clipboard".into()),
        }
    }
}

/// tmux's `set-clipboard` (`on`, `external`, `off`), as `tmux show -sv set-clipboard` answers.
fn tmux_set_clipboard() -> Option<String> {
    let out = Command::new("tmux")
        .args(["show", "-sv", "set-clipboard"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn tmux_load_buffer(text: &str) -> Result<(), String> {
    let mut child = Command::new("tmux")
        .args(["load-buffer", "-w", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("tmux: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes()).map_err(|e| format!("tmux: {e}"))?;
    }
    match child.wait() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("tmux load-buffer failed ({s})")),
        Err(e) => Err(format!("tmux: {e}")),
    }
}

pub struct Clipboard {
    pub route: Route,
    pub tmux_mode: TmuxMode,
    system: Box<dyn SystemClipboard>,
    /// Runs `tmux load-buffer`; replaced in tests.
    tmux: fn(&str) -> Result<(), String>,
    /// Asks tmux's `set-clipboard`; replaced in tests.
    set_clipboard: fn() -> Option<String>,
    /// Whether tmux itself makes a buffer of the plain OSC 52 sent to it: asked once.
    tmux_takes_osc52: Option<bool>,
}

impl Clipboard {
    /// The clipboard as config and `LSC_CLIPBOARD` choose it, for this process's environment.
    pub fn from_config(cfg: &crate::config::Config) -> Clipboard {
        let strategy = crate::config::clipboard(cfg)
            .and_then(|s| s.parse::<Strategy>().ok())
            .unwrap_or(Strategy::Auto);
        let mode = match cfg.tmux_osc52.as_deref() {
            Some("passthrough") => TmuxMode::Passthrough,
            _ => TmuxMode::Raw,
        };
        Clipboard::new(choose(strategy, Env::from_process()), mode)
    }

    pub fn new(route: Route, tmux_mode: TmuxMode) -> Self {
        Clipboard {
            route,
            tmux_mode,
            system: Box::new(Arboard::default()),
            tmux: tmux_load_buffer,
            set_clipboard: tmux_set_clipboard,
            tmux_takes_osc52: None,
        }
    }

    /// How tmux's `set-clipboard` is found out (tests answer it themselves).
    pub fn with_set_clipboard(mut self, ask: fn() -> Option<String>) -> Self {
        self.set_clipboard = ask;
        self.tmux_takes_osc52 = None;
        self
    }

    pub fn with_parts(
        route: Route,
        tmux_mode: TmuxMode,
        system: Box<dyn SystemClipboard>,
        tmux: fn(&str) -> Result<(), String>,
    ) -> Self {
        Clipboard {
            route,
            tmux_mode,
            system,
            tmux,
            // Unknown unless a test says: the buffer is loaded, as when tmux's answer is unknown.
            set_clipboard: || None,
            tmux_takes_osc52: None,
        }
    }

    /// Copies `text`, writing any escape sequence to `out` (the terminal). Never logs the text.
    pub fn copy(&mut self, text: &str, out: &mut dyn Write) -> CopyOutcome {
        match self.route {
            Route::Off => CopyOutcome::Off,
            Route::TmuxBuffer => match (self.tmux)(text) {
                Ok(()) => CopyOutcome::TmuxBuffer,
                Err(e) => CopyOutcome::Failed(e),
            },
            Route::System => match self.system.set(text) {
                Ok(()) => CopyOutcome::System,
                Err(e) => {
                    tracing::warn!(error = %e, "system clipboard failed; falling back to OSC 52");
                    self.osc52(text, false, out)
                }
            },
            Route::Osc52 { tmux } => self.osc52(text, tmux, out),
        }
    }

    fn osc52(&mut self, text: &str, in_tmux: bool, out: &mut dyn Write) -> CopyOutcome {
        let seq = osc52(text, in_tmux.then_some(self.tmux_mode));
        if let Err(e) = out.write_all(&seq).and_then(|_| out.flush()) {
            return CopyOutcome::Failed(format!("cannot write to the terminal: {e}"));
        }
        if !in_tmux {
            return CopyOutcome::Osc52 { tmux_buffer: false };
        }
        // One buffer per copy: tmux with `set-clipboard on` makes one of the plain OSC 52 it
        // passes on, so `load-buffer` would make a second, identical one. Wrapped for
        // passthrough, or with `set-clipboard` off or external, tmux makes none: it is loaded.
        if self.tmux_mode == TmuxMode::Raw && self.tmux_takes_osc52() {
            return CopyOutcome::Osc52 { tmux_buffer: true };
        }
        let buffered = (self.tmux)(text).is_ok();
        CopyOutcome::Osc52 { tmux_buffer: buffered }
    }

    fn tmux_takes_osc52(&mut self) -> bool {
        let ask = self.set_clipboard;
        *self
            .tmux_takes_osc52
            .get_or_insert_with(|| ask().is_some_and(|v| v == "on"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_bytes_exact() {
        assert_eq!(osc52("hi", None), b"\x1b]52;c;aGk=\x07".to_vec());
        // Non-ASCII goes as UTF-8 bytes in Base64.
        assert_eq!(osc52("ключ", None), b"\x1b]52;c;0LrQu9GO0Yc=\x07".to_vec());
        assert_eq!(osc52("hi", Some(TmuxMode::Raw)), b"\x1b]52;c;aGk=\x07".to_vec());
        assert_eq!(
            osc52("hi", Some(TmuxMode::Passthrough)),
            b"\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\".to_vec()
        );
        assert_eq!(
            osc52("ключ", Some(TmuxMode::Passthrough)),
            b"\x1bPtmux;\x1b\x1b]52;c;0LrQu9GO0Yc=\x07\x1b\\".to_vec()
        );
    }

    #[test]
    fn strategy_for_each_environment() {
        let e = |ssh, tmux, display| Env { ssh, tmux, display };
        use Route::*;
        assert_eq!(choose(Strategy::Auto, e(false, false, true)), System, "desktop");
        assert_eq!(
            choose(Strategy::Auto, e(true, false, true)),
            Osc52 { tmux: false },
            "ssh with X forwarding"
        );
        assert_eq!(
            choose(Strategy::Auto, e(true, true, false)),
            Osc52 { tmux: true },
            "ssh + tmux"
        );
        assert_eq!(
            choose(Strategy::Auto, e(false, false, false)),
            Osc52 { tmux: false },
            "no display"
        );
        assert_eq!(
            choose(Strategy::Auto, e(false, true, false)),
            Osc52 { tmux: true },
            "tmux on a console"
        );
        assert_eq!(
            choose(Strategy::Auto, e(false, true, true)),
            System,
            "tmux on a desktop"
        );
        assert_eq!(choose(Strategy::Osc52, e(false, false, true)), Osc52 { tmux: false });
        assert_eq!(choose(Strategy::System, e(true, true, false)), System);
        assert_eq!(choose(Strategy::Tmux, e(true, true, false)), TmuxBuffer);
        assert_eq!(choose(Strategy::Off, e(true, true, true)), Off);
        assert_eq!("OSC52".parse::<Strategy>(), Ok(Strategy::Osc52));
        assert!("x".parse::<Strategy>().is_err());
    }

    struct Broken;
    impl SystemClipboard for Broken {
        fn set(&mut self, _: &str) -> Result<(), String> {
            Err("X11 server not reachable".into())
        }
    }
    struct Works(std::sync::Arc<std::sync::Mutex<String>>);
    impl SystemClipboard for Works {
        fn set(&mut self, t: &str) -> Result<(), String> {
            *self.0.lock().unwrap() = t.into();
            Ok(())
        }
    }
    fn no_tmux(_: &str) -> Result<(), String> {
        Err("no tmux".into())
    }
    fn ok_tmux(_: &str) -> Result<(), String> {
        Ok(())
    }

    #[test]
    fn system_failure_falls_back_to_osc52() {
        let mut out = Vec::new();
        let mut c = Clipboard::with_parts(Route::System, TmuxMode::Raw, Box::new(Broken), no_tmux);
        assert_eq!(c.copy("tok", &mut out), CopyOutcome::Osc52 { tmux_buffer: false });
        assert_eq!(out, osc52("tok", None));
        let got = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut out = Vec::new();
        let mut c = Clipboard::with_parts(Route::System, TmuxMode::Raw, Box::new(Works(got.clone())), no_tmux);
        assert_eq!(c.copy("tok", &mut out), CopyOutcome::System);
        assert_eq!(*got.lock().unwrap(), "tok");
        assert!(out.is_empty(), "no escape sequence when the system clipboard took it");
    }

    static LOADED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    fn counting_tmux(_: &str) -> Result<(), String> {
        LOADED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    /// One tmux buffer per copy: with `set-clipboard on` tmux makes it of the OSC 52 itself, so
    /// no `load-buffer`; with it off (or unknown), or wrapped for passthrough, `load-buffer` makes it.
    #[test]
    fn one_tmux_buffer_per_copy() {
        use std::sync::atomic::Ordering::SeqCst;
        fn copy(mode: TmuxMode, answer: fn() -> Option<String>) -> (CopyOutcome, usize) {
            let before = LOADED.load(SeqCst);
            let mut out = Vec::new();
            let mut c = Clipboard::with_parts(Route::Osc52 { tmux: true }, mode, Box::new(Broken), counting_tmux)
                .with_set_clipboard(answer);
            let first = c.copy("ключ", &mut out);
            let second = c.copy("ключ", &mut out);
            assert_eq!(first, second);
            assert_eq!(out, [osc52("ключ", Some(mode)), osc52("ключ", Some(mode))].concat());
            (first, LOADED.load(SeqCst) - before)
        }
        fn on() -> Option<String> {
            Some("on".into())
        }
        fn external() -> Option<String> {
            Some("external".into())
        }
        fn unknown() -> Option<String> {
            None
        }
        assert_eq!(
            copy(TmuxMode::Raw, on),
            (CopyOutcome::Osc52 { tmux_buffer: true }, 0),
            "tmux buffers the OSC 52 it passes on"
        );
        assert_eq!(
            copy(TmuxMode::Raw, external),
            (CopyOutcome::Osc52 { tmux_buffer: true }, 2)
        );
        assert_eq!(
            copy(TmuxMode::Raw, unknown),
            (CopyOutcome::Osc52 { tmux_buffer: true }, 2)
        );
        assert_eq!(
            copy(TmuxMode::Passthrough, on),
            (CopyOutcome::Osc52 { tmux_buffer: true }, 2),
            "passthrough goes past tmux: it makes no buffer of it"
        );
    }

    #[test]
    fn tmux_gets_wrapped_sequence_and_buffer() {
        let mut out = Vec::new();
        let mut c = Clipboard::with_parts(
            Route::Osc52 { tmux: true },
            TmuxMode::Passthrough,
            Box::new(Broken),
            ok_tmux,
        );
        assert_eq!(c.copy("ключ", &mut out), CopyOutcome::Osc52 { tmux_buffer: true });
        assert_eq!(out, osc52("ключ", Some(TmuxMode::Passthrough)));
        let mut c = Clipboard::with_parts(Route::Off, TmuxMode::Raw, Box::new(Broken), ok_tmux);
        let o = c.copy("x", &mut out);
        assert!(o.needs_manual());
    }
}
