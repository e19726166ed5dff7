//! Every pane drawn at every size from 1×1 up: a terminal that shrinks (a split tmux pane, a phone
//! over SSH) must never crash the console, and the status line keeps its place.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

const SIZES: [(u16, u16); 9] = [
    (1, 1),
    (2, 2),
    (10, 3),
    (20, 5),
    (30, 8),
    (40, 10),
    (60, 15),
    (79, 23),
    (300, 90),
];

/// Draws the current screen at each size and returns how many frames were drawn.
fn every_size(d: &mut Driver, what: &str) -> usize {
    let mut n = 0;
    for (w, h) in SIZES {
        d.resize(w, h);
        let lines = d.lines();
        assert_eq!(lines.len(), h as usize, "{what} at {w}×{h}");
        // The status line keeps the bottom rows (more than one for a long message): its first
        // row starts with the connection dot, or the command being typed.
        let rows = d.app.session.status_rows.max(1) as usize;
        let last = lines
            .get(lines.len().saturating_sub(rows))
            .map(|l| l.trim_start())
            .unwrap_or_default();
        if w >= 10 && h >= 2 {
            assert!(
                last.starts_with('●') || last.starts_with(':'),
                "{what} at {w}×{h}: {}",
                lines.join("\n")
            );
        }
        n += 1;
    }
    // Back to a normal size for the next step of the tour.
    d.resize(140, 40);
    n
}

#[tokio::test]
async fn every_pane_draws_at_every_size() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    let mut frames = every_size(&mut d, "users list");
    d.key(KeyCode::Char('/')).await;
    d.typ("0*").await;
    frames += every_size(&mut d, "users search");
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Char('?')).await;
    frames += every_size(&mut d, "help");
    d.key(KeyCode::Char('x')).await;
    // The manager's own card, every tab.
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.typ("demo.manager").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Enter).await;
    assert!(d.screen().contains("User 0002"));
    for tab in '1'..='6' {
        d.key_mod(KeyCode::Char(tab), KeyModifiers::ALT).await;
        frames += every_size(&mut d, &format!("card tab {tab}"));
    }
    d.key(KeyCode::Esc).await;
    // The Objects pane with a mask, and an object's card over it.
    d.key(KeyCode::Char(':')).await;
    d.typ("objects").await;
    d.key(KeyCode::Enter).await;
    frames += every_size(&mut d, "objects, empty");
    d.key(KeyCode::Char('/')).await;
    d.typ("*Omsk*").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Char('w')).await;
    frames += every_size(&mut d, "explain popup");
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Enter).await;
    assert!(d.app.object_card().is_some(), "{}", d.screen());
    frames += every_size(&mut d, "object card");
    d.key(KeyCode::Tab).await;
    frames += every_size(&mut d, "object card, users");
    // The command line.
    d.key(KeyCode::Char(':')).await;
    d.typ("users").await;
    frames += every_size(&mut d, "command line");
    println!("{frames} frames drawn at {} sizes, no panic", SIZES.len());
    assert_eq!(frames, SIZES.len() * 14, "14 screens");
}
