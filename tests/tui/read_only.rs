//! Read-only mode: every key and command that would change something, walked in every room, sends
//! the service no write; `:write` (confirmed) lifts it and the same keys write again.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn status(d: &mut Driver) -> String {
    d.status()
}

async fn ctrl(d: &mut Driver, c: char) {
    d.key_mod(KeyCode::Char(c), KeyModifiers::CONTROL).await;
}

async fn alt(d: &mut Driver, c: char) {
    d.key_mod(KeyCode::Char(c), KeyModifiers::ALT).await;
}

async fn command(d: &mut Driver, cmd: &str) {
    d.key(KeyCode::Char(':')).await;
    d.typ(cmd).await;
    d.key(KeyCode::Enter).await;
}

/// Every key of the walk that would write, in every room. Returns the status lines seen after
/// each attempt to save.
async fn walk(d: &mut Driver) -> Vec<String> {
    let mut said = Vec::new();
    // A new user.
    d.key(KeyCode::Char('n')).await;
    said.push(status(d));
    d.typ("x").await;
    ctrl(d, 's').await;
    said.push(status(d));
    d.key(KeyCode::Esc).await; // stops editing the field typed into
    for _ in 0..2 {
        d.key(KeyCode::Esc).await;
        d.key(KeyCode::Char('y')).await;
    }
    // Test4's card: a field, login allowed, roles, rights, access levels, the token.
    d.open_user("Test4").await;
    d.key(KeyCode::Down).await;
    d.typ("z").await;
    ctrl(d, 's').await;
    said.push(status(d));
    alt(d, '2').await;
    // SUB_DEALER, a role the manager may give (Test4's own role stays).
    for _ in 0..4 {
        d.key(KeyCode::Down).await;
    }
    d.key(KeyCode::Char(' ')).await;
    ctrl(d, 's').await;
    said.push(status(d));
    alt(d, '4').await;
    for level in ['1', '2', '3', '5'] {
        d.key(KeyCode::Down).await;
        d.key(KeyCode::Char(' ')).await;
        d.key(KeyCode::Char(level)).await;
    }
    ctrl(d, 's').await;
    said.push(status(d));
    alt(d, '6').await;
    d.key(KeyCode::Char('R')).await;
    d.key(KeyCode::Char('y')).await;
    said.push(status(d));
    for _ in 0..3 {
        d.key(KeyCode::Esc).await;
        d.key(KeyCode::Char('y')).await;
    }
    // The Objects room and an object card over it.
    command(d, "objects").await;
    for _ in 0..3 {
        d.key(KeyCode::Down).await;
    }
    d.key(KeyCode::Char(' ')).await;
    d.key(KeyCode::Char('2')).await;
    ctrl(d, 's').await;
    said.push(status(d));
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Tab).await;
    for _ in 0..2 {
        d.key(KeyCode::Down).await;
        d.key(KeyCode::Char(' ')).await;
        d.key(KeyCode::Char('3')).await;
    }
    ctrl(d, 's').await;
    said.push(status(d));
    for _ in 0..3 {
        d.key(KeyCode::Esc).await;
        d.key(KeyCode::Char('y')).await;
    }
    command(d, "users").await;
    said
}

#[tokio::test]
async fn read_only_sends_no_write_from_any_room_and_write_lifts_it() {
    let ls = demo().await;
    let audit = || async { ls.admin().audit().await.expect("audit").entries.len() };
    let before = audit().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    let fx = d.app.set_read_only(Some("profile prod".into()));
    d.run(fx).await;
    assert!(status(&mut d).contains("READ-ONLY"), "{}", status(&mut d));

    let said = walk(&mut d).await;
    let writes: Vec<_> = d.sent.iter().filter(|r| r.writes()).collect();
    assert!(writes.is_empty(), "read-only sent {writes:?}");
    assert_eq!(audit().await, before, "the service wrote nothing");
    let why = said.iter().filter(|s| s.contains("read-only (profile prod)")).count();
    assert!(why >= 3, "the refusals say why: {said:#?}");

    // :write asks; anything but y keeps read-only.
    command(&mut d, "write").await;
    assert!(status(&mut d).contains("allow changes"), "{}", status(&mut d));
    d.key(KeyCode::Char('n')).await;
    assert!(status(&mut d).contains("still read-only"));
    walk(&mut d).await;
    assert!(d.sent.iter().all(|r| !r.writes()));
    assert_eq!(audit().await, before);

    // y lifts it: the same walk now writes.
    command(&mut d, "write").await;
    d.key(KeyCode::Char('y')).await;
    assert!(!status(&mut d).contains("READ-ONLY"), "{}", status(&mut d));
    let said = walk(&mut d).await;
    let writes = d.sent.iter().filter(|r| r.writes()).count();
    assert!(writes >= 3, "the walk writes once allowed ({writes} writes): {said:#?}");
    assert!(audit().await > before);
}

/// The profile's name stands on every screen, in its colour.
#[tokio::test]
async fn the_profile_is_named_on_every_screen_in_its_colour() {
    use ratatui::style::Color;
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    d.app.session.profile = Some(("prod".into(), Color::Red));
    let check = |d: &mut Driver, screen: &str| {
        let b = d.buffer();
        let y = b.area.height - 1;
        let line: String = (0..12).map(|x| b[(x, y)].symbol().to_string()).collect();
        assert!(line.starts_with(" prod "), "{screen}: {line:?}");
        assert_eq!(b[(1, y)].fg, Color::Red, "{screen}");
    };
    check(&mut d, "users");
    d.open_user("Test4").await;
    check(&mut d, "card");
    command(&mut d, "objects").await;
    check(&mut d, "objects");
    d.key(KeyCode::Char('?')).await;
    check(&mut d, "help");
}

/// Read-only set in the middle of an edit: the save is refused without leaving the card stuck,
/// and after `:write` the same draft saves.
#[tokio::test]
async fn read_only_set_mid_edit_refuses_the_save_and_write_saves_the_same_draft() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    d.key(KeyCode::Down).await;
    d.typ("q").await;
    // Off the text fields, where `:` opens the command line.
    alt(&mut d, '2').await;
    command(&mut d, "read-only").await;
    assert!(status(&mut d).contains("READ-ONLY"), "{}", status(&mut d));
    ctrl(&mut d, 's').await;
    assert!(
        status(&mut d).contains("read-only (chosen with :read-only)"),
        "{}",
        status(&mut d)
    );
    assert!(d.sent.iter().all(|r| !r.writes()));
    command(&mut d, "write").await;
    // The question stays on the line until answered.
    assert!(status(&mut d).contains("allow changes"), "{}", status(&mut d));
    d.key(KeyCode::Char('y')).await;
    ctrl(&mut d, 's').await;
    assert!(status(&mut d).contains("saved user 0004"), "{}", status(&mut d));
    assert_eq!(d.sent.iter().filter(|r| r.writes()).count(), 1);
    let t4 = ls.admin().user(login(4)).await.expect("Test4");
    assert!(t4.last_name.ends_with('q') || t4.first_name.ends_with('q'), "{t4:?}");
}
