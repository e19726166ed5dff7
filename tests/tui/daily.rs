//! The daily jobs of issue #29, driven with keys against the real server and its real event
//! stream: a new user's one-time password stays on screen through the reload the event about
//! that user brings; the card's questions are drawn; the card opens navigating (`?`, digits, F1);
//! a status message belongs to the screen that said it.
use crate::card::{set, status};
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::api::{Client, Credentials};
use ls_console::domain::{Language, Login, UserDraft};
use ls_console::tui::app::Msg;
use ls_console::tui::card::form::Tab;
use ls_console::tui::request::Req;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::time::Duration;

async fn command(d: &mut Driver, cmd: &str) {
    d.key(KeyCode::Char(':')).await;
    d.typ(cmd).await;
    d.key(KeyCode::Enter).await;
}

/// The login the status line says was created ("created user 0007").
fn created(d: &mut Driver) -> Login {
    let st = status(d);
    st.split("created user ")
        .nth(1)
        .and_then(|rest| rest.get(..4))
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| panic!("no user created: {st}"))
}

/// Feeds the real event stream to the console until the open card asked for `login` again:
/// the reload the event about the new user brings, as the runtime would deliver it.
async fn event_reloads_the_card(d: &mut Driver, login: Login) {
    let from = d.sent.len();
    let end = tokio::time::Instant::now() + Duration::from_secs(5);
    while !d.sent[from..].contains(&Req::User(login)) {
        let rx = d.live.as_mut().expect("the console follows the event stream");
        let l = tokio::time::timeout_at(end, rx.recv())
            .await
            .expect("the event about the new user within 5 s")
            .expect("the stream is open");
        let fx = d.app.update(Msg::Live(l));
        d.run(fx).await;
    }
}

/// The credentials popup is on screen; `p` and `t` copy what the service then takes.
async fn credentials_work(ls: &Ls, d: &mut Driver, login: Login) {
    let s = d.screen();
    assert!(
        s.contains("shown once") && s.contains("API token"),
        "the credentials popup stays after the reload: {s}"
    );
    d.key(KeyCode::Char('p')).await;
    let password = d.copied.last().cloned().expect("p copies the password");
    d.key(KeyCode::Char('t')).await;
    let token = d.copied.last().cloned().expect("t copies the token");
    assert_ne!(password, token);
    let as_new = Client::new(&ls.url(), Credentials::new(login, &password, &token)).expect("client");
    assert_eq!(as_new.me().await.expect("signs in").user.login, login);
    // A stray key does not lose them; Esc closes.
    d.key(KeyCode::Char('x')).await;
    assert!(d.screen().contains("shown once"), "x closes nothing: {}", d.screen());
    d.key(KeyCode::Esc).await;
    let s = d.screen();
    assert!(!s.contains("shown once") && s.contains(&format!("User {login}")), "{s}");
}

async fn fill(d: &mut Driver, name: &str) {
    set(d, "username", name).await;
    set(d, "last_name", "Test").await;
    set(d, "first_name", "Nu").await;
    set(d, "email", &format!("{name}@example.com")).await;
}

#[tokio::test]
async fn a_new_users_password_stays_through_the_event_about_it_and_p_copies_it() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    assert!(d.live_ready(Duration::from_secs(5)).await, "the event stream opened");
    d.key(KeyCode::Char('n')).await;
    fill(&mut d, "nu.test").await;
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let login = created(&mut d);
    event_reloads_the_card(&mut d, login).await;
    assert!(status(&mut d).contains("created user"), "{}", status(&mut d));
    credentials_work(&ls, &mut d, login).await;
}

#[tokio::test]
async fn a_copied_users_password_stays_through_the_event_about_it() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    assert!(d.live_ready(Duration::from_secs(5)).await, "the event stream opened");
    // The list's cursor on Test4 (a Username search, kept), then `C`.
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.typ("Test4").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Char('C')).await;
    assert!(d.screen().contains("copy of 0004 Test4"), "{}", d.screen());
    fill(&mut d, "nu.copy").await;
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    assert!(d.screen().contains("Plan: copy user 0004"), "{}", d.screen());
    d.key(KeyCode::Enter).await;
    let login = created(&mut d);
    event_reloads_the_card(&mut d, login).await;
    credentials_work(&ls, &mut d, login).await;
}

/// Esc on a new user's card (unsaved from the start) asks, and the question is drawn: in the
/// popup and its keys on the status line; `n` stays with the draft, `y` drops it.
#[tokio::test]
async fn esc_on_a_new_users_card_shows_its_question() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.key(KeyCode::Char('n')).await;
    d.key(KeyCode::Esc).await;
    let s = d.screen();
    assert!(
        s.contains("Unsaved changes") && s.contains("Drop your unsaved changes?"),
        "{s}"
    );
    assert!(status(&mut d).contains("y  drop them and leave"), "{}", status(&mut d));
    // Other keys leave it there; n closes it and the card stays.
    d.key(KeyCode::Char('z')).await;
    assert!(d.screen().contains("Drop your unsaved changes?"));
    d.key(KeyCode::Char('n')).await;
    assert!(!d.screen().contains("Drop your unsaved changes?"));
    assert!(d.app.card().is_some_and(|c| c.user.is_none()), "the new card stays");
    // Typed into a field: the first Esc stops editing, the second asks.
    set(&mut d, "username", "nu.draft").await;
    d.key(KeyCode::Esc).await;
    assert!(!d.screen().contains("Drop your unsaved changes?"), "{}", d.screen());
    assert!(d.app.card().is_some_and(|c| !c.pane.editing));
    d.key(KeyCode::Esc).await;
    assert!(d.screen().contains("Drop your unsaved changes?"), "{}", d.screen());
    d.key(KeyCode::Char('y')).await;
    assert!(d.app.card().is_none());
    assert!(status(&mut d).contains("edits dropped"), "{}", status(&mut d));
}

/// The card opens navigating: `?` is the help and digits pick tabs; typing (or Enter) edits the
/// focused field, where `?` and digits are typed; F1 is the help there too, and in a search.
#[tokio::test]
async fn the_card_opens_navigating_and_f1_is_the_help_everywhere() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    let value = |d: &Driver, key: &str| {
        let c = d.app.card().expect("card");
        c.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.input.value().to_string())
            .unwrap_or_default()
    };
    assert!(
        d.app.card().is_some_and(|c| !c.pane.editing),
        "no field is edited at first"
    );
    assert!(status(&mut d).contains("Enter edit"), "{}", status(&mut d));
    d.key(KeyCode::Char('?')).await;
    assert!(d.app.help_open(), "? opens the help: {}", d.screen());
    assert!(d.screen().contains("? / F1"), "{}", d.screen());
    assert_eq!(value(&d, "username"), "Test4", "nothing typed");
    d.key(KeyCode::Esc).await;
    assert!(!d.app.help_open());
    d.key(KeyCode::Char('2')).await;
    assert_eq!(d.app.card().expect("card").tab, Tab::Rights, "2 is the second tab");
    d.key_mod(KeyCode::Char('1'), KeyModifiers::ALT).await;
    assert_eq!(d.app.card().expect("card").tab, Tab::General);
    // End: the last field; Home: the first that can change.
    d.key(KeyCode::End).await;
    let focused = |d: &Driver| {
        let c = d.app.card().expect("card");
        c.fields[c.focus[Tab::General.index()]].key
    };
    assert_eq!(focused(&d), "login_allowed");
    d.key(KeyCode::Home).await;
    assert_eq!(focused(&d), "username");
    // Typing starts editing; then `?` and digits are the field's.
    d.typ("x?2").await;
    assert_eq!(value(&d, "username"), "Test4x?2");
    assert!(status(&mut d).contains("Esc done"), "{}", status(&mut d));
    assert_eq!(d.app.card().expect("card").tab, Tab::General);
    d.key(KeyCode::F(1)).await;
    assert!(d.app.help_open(), "F1 opens the help while editing: {}", d.screen());
    d.key(KeyCode::Esc).await;
    assert!(!d.app.help_open());
    assert_eq!(value(&d, "username"), "Test4x?2", "F1 typed nothing");
    // Esc stops editing; Enter starts it again (and types nothing).
    d.key(KeyCode::Esc).await;
    assert!(d.app.card().is_some_and(|c| !c.pane.editing && c.pane.dirty()));
    d.key(KeyCode::Enter).await;
    assert!(d.app.card().is_some_and(|c| c.pane.editing));
    d.typ("3").await;
    assert_eq!(value(&d, "username"), "Test4x?23");
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Char('y')).await;
    assert!(d.app.card().is_none(), "{}", d.screen());
    // In the list's search fields, F1 too.
    d.key(KeyCode::Char('/')).await;
    assert!(d.app.searching());
    d.key(KeyCode::F(1)).await;
    assert!(d.app.help_open(), "F1 in a search field: {}", d.screen());
}

/// A message belongs to the screen that said it: an export's words do not follow onto a card,
/// a tree's "selection cleared" is not on a fresh tree, and "planning the revert…" leaves once
/// the plan is shown.
#[tokio::test]
async fn status_messages_stay_with_the_screen_that_said_them() {
    let ls = demo().await;
    let m = ls.manager();
    let u = m.user(login(4)).await.expect("test4");
    let mut draft = UserDraft::from(&u);
    draft.city = "Kazan".into();
    m.update_user(u.login, u.version, &draft).await.expect("saved");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut d = Driver::with(ls.admin(), Some(Language::En), 140, 40, Theme::plain()).await;
    d.app.session.export_dir = Some(dir.path().to_path_buf());
    d.key(KeyCode::Char('e')).await;
    assert!(status(&mut d).contains("exported"), "{}", status(&mut d));
    d.key(KeyCode::Enter).await;
    assert!(d.app.card().is_some(), "{}", d.screen());
    assert!(!status(&mut d).contains("exported"), "{}", status(&mut d));
    d.key(KeyCode::Esc).await;
    // A tree's selection cleared, then a fresh tree.
    command(&mut d, "obj Fuel*").await;
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Char(' ')).await;
    d.key(KeyCode::Esc).await;
    assert!(status(&mut d).contains("selection cleared"), "{}", status(&mut d));
    command(&mut d, "obj Fuel*").await;
    assert!(d.app.objects_pane().is_some());
    assert!(!status(&mut d).contains("selection cleared"), "{}", status(&mut d));
    // The revert's plan replaces "planning the revert…".
    command(&mut d, "audit").await;
    d.key(KeyCode::Char('R')).await;
    let s = d.screen();
    assert!(s.contains("revert change"), "the plan is shown: {s}");
    assert!(!status(&mut d).contains("planning the revert"), "{}", status(&mut d));
}

/// A plan longer than its frame says how many rows are below (found by a review: 17 of 18 rows
/// shown at 80×24 and nothing said of the 18th); scrolled to its end, the mark goes.
#[tokio::test]
async fn a_long_plan_says_how_many_rows_are_below() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 80, 24, Theme::plain()).await;
    command(&mut d, "user 0004").await;
    d.key_mod(KeyCode::Char('4'), KeyModifiers::ALT).await;
    d.key(KeyCode::Char('/')).await;
    d.typ("Fuel Station*").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Char('a')).await;
    d.key(KeyCode::Char('3')).await;
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let s = d.screen();
    // The summary counts every row; the rows drawn and the mark's count add up to it.
    let summary = s
        .lines()
        .find(|l| l.contains(" to change, "))
        .unwrap_or_else(|| panic!("a plan: {s}"));
    let nums: Vec<usize> = summary
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let total: usize = nums.iter().take(3).sum();
    let mark = s
        .lines()
        .find(|l| l.contains("more rows below") || l.contains("more row below"))
        .unwrap_or_else(|| panic!("no mark for the rows below: {s}"));
    let below: usize = mark
        .split(|c: char| !c.is_ascii_digit())
        .find_map(|n| n.parse().ok())
        .expect("a count");
    let drawn = s
        .lines()
        .filter(|l| {
            let inner = l.trim_start_matches(['│', ' ']);
            l.contains(" · 0004 · ") && !inner.is_empty()
        })
        .count();
    assert!(below > 0 && drawn > 0, "{s}");
    assert_eq!(drawn + below, total, "rows drawn + below = the plan's rows: {s}");
    d.key(KeyCode::End).await;
    let s = d.screen();
    assert!(
        !s.contains("more rows below") && !s.contains("more row below"),
        "at its end: {s}"
    );
}
