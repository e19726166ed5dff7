//! Input (issue #29): a long paste is handled at once and cut at the field's limit; the sign-in
//! screen keeps the login it was given and asks for the API token when none is configured; a
//! refused USR password closes its prompt, so a `:` command typed next is a command.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::domain::Language;
use ls_console::server::seed::{DEMO_AGGREGATOR, DEMO_MANAGER};
use ls_console::tui::app::{App, Effect, Msg};
use ls_console::tui::card::form::Tab;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::VecDeque;

/// Feeds `events` as the runtime does once they are all delivered: every message drained before
/// the next frame, the effects run in between; no further key is needed to finish.
async fn burst(d: &mut Driver, events: Vec<Event>) {
    let mut q: VecDeque<Msg> = events.into_iter().flat_map(ls_console::tui::messages).collect();
    loop {
        let fx = ls_console::tui::drain(&mut d.app, &mut || q.pop_front());
        let done = q.is_empty();
        d.run(fx).await;
        if done {
            break;
        }
    }
}

fn chars(s: &str) -> Vec<Event> {
    s.chars()
        .map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
        .collect()
}

#[tokio::test]
async fn a_long_paste_into_the_search_is_typed_at_once_and_cut_at_the_mask_limit() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    d.key(KeyCode::Char('/')).await;
    assert!(d.app.searching());
    // Bracketed: one event.
    burst(&mut d, vec![Event::Paste("a".repeat(1_500))]).await;
    let focus = d.app.users().focus;
    assert_eq!(
        d.app.users().inputs[focus].value().chars().count(),
        256,
        "cut at the mask's limit"
    );
    assert!(d.status().contains("at most 256 characters"), "{}", d.status());
    assert!(d.app.searching(), "the rest ran as no command");
    // Not bracketed: 10 KB of keys in a burst, each handled before the next frame.
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    burst(&mut d, chars(&"b".repeat(10_240))).await;
    let focus = d.app.users().focus;
    assert_eq!(d.app.users().inputs[focus].value(), "b".repeat(256));
    assert!(d.status().contains("at most 256 characters"), "{}", d.status());
}

#[tokio::test]
async fn a_short_paste_is_typed_whole_and_a_line_break_is_no_enter() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    d.key(KeyCode::Char('/')).await;
    burst(&mut d, vec![Event::Paste("Test\n".into())]).await;
    let focus = d.app.users().focus;
    assert_eq!(d.app.users().inputs[focus].value(), "Test");
    assert!(d.app.searching(), "still typing: the line break was not Enter");
    assert!(!d.status().contains("at most"), "{}", d.status());
}

#[tokio::test]
async fn a_ten_kilobyte_paste_into_comments_is_cut_at_two_thousand() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    for _ in 0..20 {
        let c = d.app.card().expect("the card");
        if c.fields[c.focus[Tab::General.index()]].key == "comments" {
            break;
        }
        d.key(KeyCode::Down).await;
    }
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    burst(&mut d, vec![Event::Paste("c".repeat(10_240))]).await;
    let c = d.app.card().expect("the card");
    let f = &c.fields[c.focus[Tab::General.index()]];
    assert_eq!(f.key, "comments");
    assert_eq!(f.input.value().chars().count(), 2_000);
    assert!(d.status().contains("at most 2000 characters"), "{}", d.status());
}

/// `lsc --server URL --login 0002` with a wrong password: the screen opens with the login and
/// the cursor on the password, which is typed hidden.
#[tokio::test]
async fn a_refused_sign_in_keeps_the_login_and_the_password_is_typed_hidden() {
    let ls = demo().await;
    let wrong = ls.client(DEMO_MANAGER.login, "not-the-password", DEMO_MANAGER.token);
    let mut d = Driver::with(wrong.clone(), Some(Language::En), 100, 30, Theme::plain()).await;
    // As the runtime starts a console on these credentials.
    let (mut app, fx) = App::new(ls.url(), Some(Language::En), Theme::plain(), Rect::new(0, 0, 100, 30));
    ls_console::tui::remember_login(&mut app, &wrong);
    d.app = app;
    d.run(fx).await;
    let s = d.screen();
    assert!(s.contains("Sign in") && s.contains("cannot sign in"), "{s}");
    let login = format!("{:04}", DEMO_MANAGER.login);
    assert!(
        s.lines().any(|l| l.contains("Login") && l.contains(&login)),
        "the login given is filled in: {s}"
    );
    d.typ("typed-secret").await;
    let s = d.screen();
    assert!(!s.contains("typed-secret"), "typed into the hidden password: {s}");
    assert!(s.contains("••••••••••••"), "{s}");
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ(DEMO_MANAGER.password).await;
    d.key(KeyCode::Enter).await;
    let s = d.screen();
    assert!(!s.contains("Sign in") && !s.contains("not a number"), "{s}");
    assert!(d.app.session.viewer.is_some(), "signed in: {s}");
}

/// No API token configured: the console opens its sign-in screen with a masked token field
/// instead of exiting, and the token typed there signs in.
#[tokio::test]
async fn no_configured_token_is_asked_on_the_sign_in_screen() {
    if std::env::var_os("LSC_TOKEN").is_some() {
        return; // the environment holds one: nothing to ask
    }
    let ls = demo().await;
    let target = ls_console::connect::Target {
        server: Some(ls.url()),
        login: Some(format!("{:04}", DEMO_MANAGER.login)),
        sign_in_screen: true,
        ..Default::default()
    };
    let cfg = ls_console::config::Config::default();
    let conn = ls_console::connect::connect(&cfg, &target)
        .await
        .expect("no exit: the sign-in screen asks for the token");
    let ask = conn.sign_in.expect("the sign-in screen");
    assert!(ask.token, "the token is asked");
    assert_eq!(ask.login, Some(login(DEMO_MANAGER.login)));
    let mut d = Driver::with(conn.client.clone(), Some(Language::En), 100, 30, Theme::plain()).await;
    d.app = ls_console::tui::signing_in(
        conn.label.clone(),
        ask,
        Some(Language::En),
        Theme::plain(),
        Rect::new(0, 0, 100, 30),
    );
    d.sent.clear();
    let s = d.screen();
    assert!(
        s.contains("API token") && s.contains("No API token is configured"),
        "{s}"
    );
    d.typ(DEMO_MANAGER.password).await;
    d.key(KeyCode::Enter).await;
    assert!(d.status().contains("type the API token") || d.screen().contains("type the API token"));
    assert!(d.sent.is_empty(), "nothing sent without the token");
    d.typ(DEMO_MANAGER.token).await;
    assert!(!d.screen().contains(DEMO_MANAGER.token), "the token is masked");
    let fx = d
        .app
        .update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let si = fx
        .iter()
        .find_map(|e| match e {
            Effect::SignIn(si) => Some(si.clone()),
            _ => None,
        })
        .expect("a sign-in");
    assert_eq!(si.token.as_ref().map(|t| t.0.as_str()), Some(DEMO_MANAGER.token));
    let client = ls_console::tui::signed_in_client(&d.client, &si).expect("a client");
    client.me().await.expect("the typed token signs in");
    d.client = client;
    let fx = d.app.update(Msg::SignedIn(Ok(conn.label.clone())));
    d.run(fx).await;
    assert!(!d.screen().contains("Sign in"), "{}", d.screen());
    assert!(d.app.session.viewer.is_some());
}

/// A refused USR password closes the prompt: `:` typed next opens the command line instead of
/// becoming a password; `u` asks for the password again.
#[tokio::test]
async fn a_refused_usr_password_closes_its_prompt() {
    let ls = demo().await;
    let mut d = Driver::with(
        ls.as_account(&DEMO_AGGREGATOR),
        Some(Language::En),
        140,
        40,
        Theme::plain(),
    )
    .await;
    d.open_user("white.aggregator").await;
    d.key_mod(KeyCode::Char('6'), KeyModifiers::ALT).await;
    d.key(KeyCode::Down).await; // the password field
    d.typ("not-the-password").await;
    d.key(KeyCode::Enter).await;
    assert!(d.status().contains("refused this login and password"), "{}", d.status());
    assert!(d.status().contains("u types the password again"), "{}", d.status());
    assert_ne!(d.app.card().unwrap().api.focus, 1, "the prompt closed");
    d.key(KeyCode::Char(':')).await;
    assert!(d.app.status.typing(), "`:` opens the command line");
    d.typ("user").await;
    assert_eq!(d.app.card().unwrap().api.password.value(), "", "nothing swallowed");
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Char('u')).await;
    assert_eq!(d.app.card().unwrap().api.focus, 1, "u asks for the password again");
}
