//! Terminal set-up and a restore that cannot panic (the SSH peer may be gone).
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use ratatui::prelude::CrosstermBackend;
use ratatui::Terminal;
use std::io::{stdout, Stdout, Write};
use std::path::PathBuf;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

pub fn enter(mouse: bool) -> std::io::Result<Term> {
    enable_raw_mode()?;
    let mut out = stdout();
    // A paste then comes whole, as one event, instead of as keys the terminal may split.
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Terminal::new(CrosstermBackend::new(out))
}

/// Leaves raw mode and the alternate screen; every step ignores errors, so it is safe from a
/// panic hook, a signal, or a terminal that vanished.
pub fn restore() {
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

pub fn set_mouse(on: bool) {
    let mut out = stdout();
    let _ = if on {
        execute!(out, EnableMouseCapture)
    } else {
        execute!(out, DisableMouseCapture)
    };
}

/// Restores the terminal before the default panic message, and points to the log.
pub fn install_panic_hook(log: PathBuf) {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!(panic = %info, "lsc crashed");
        eprintln!(
            "lsc crashed; the terminal was restored. Details are in {}",
            log.display()
        );
        prev(info);
    }));
}

/// Draws one frame inside a synchronized update, so terminals paint it at once.
pub fn draw(term: &mut Term, f: impl FnOnce(&mut ratatui::Frame)) -> std::io::Result<()> {
    let _ = execute!(stdout(), BeginSynchronizedUpdate);
    let r = term.draw(f).map(|_| ());
    let _ = execute!(stdout(), EndSynchronizedUpdate);
    r
}
