//! The audit pane driven with keys against the real server: rows and a change's fields, `h` for
//! one user's history, a revert through the plan, a change made in one console arriving in
//! another's pane (and its users list and open card) over the event stream, and a user who may
//! not read the log told so.
use crate::card::{set, status};
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::api::AuditEntry;
use ls_console::domain::{Language, UserDraft};
use ls_console::server::seed::DEMO_TEST4;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::time::Duration;

async fn command(d: &mut Driver, cmd: &str) {
    d.key(KeyCode::Char(':')).await;
    d.typ(cmd).await;
    d.key(KeyCode::Enter).await;
}

/// The admin's console, a user's card changed by the manager through the API.
async fn changed_city(ls: &Ls, city: &str) -> String {
    let m = ls.manager();
    let u = m.user(login(4)).await.expect("test4");
    let before = u.city.clone();
    let mut d = UserDraft::from(&u);
    d.city = city.into();
    m.update_user(u.login, u.version, &d).await.expect("saved");
    before
}

#[tokio::test]
async fn the_pane_lists_changes_shows_their_fields_and_reverts_through_a_plan() {
    let ls = demo().await;
    let before = changed_city(&ls, "Kazan").await;
    let mut d = Driver::with(ls.admin(), Some(Language::En), 120, 30, Theme::plain()).await;
    command(&mut d, "audit").await;
    let s = d.screen();
    assert!(s.contains("Audit · every change you may see"), "{s}");
    let row = d
        .lines()
        .into_iter()
        .find(|l| l.contains("changed city"))
        .unwrap_or_default();
    assert!(
        row.contains("0002") && row.contains("0004 Test4"),
        "when · who · what · target: {s}"
    );
    // The newest row is the manager's change: its fields.
    d.key(KeyCode::Enter).await;
    let s = d.screen();
    assert!(s.contains(&format!("City: {before} → Kazan")), "{s}");
    // R plans the revert; nothing is sent before Enter.
    d.key(KeyCode::Char('R')).await;
    let s = d.screen();
    assert!(s.contains("revert change") && s.contains("Kazan → "), "{s}");
    assert_eq!(ls.admin().user(login(4)).await.expect("t4").city, "Kazan");
    d.key(KeyCode::Enter).await;
    assert_eq!(ls.admin().user(login(4)).await.expect("t4").city, before, "set back");
    assert!(
        status(&mut d).contains("reverted: 1 item set back"),
        "{}",
        status(&mut d)
    );
    // The revert itself is a change, audited as reverting the first.
    let rows = ls.admin().audit().await.expect("audit").entries;
    assert!(rows[0]
        .reverts
        .is_some_and(|r| rows.iter().any(|e| e.change_id == r && e.action == "user.update")));
}

#[tokio::test]
async fn h_on_a_user_shows_its_history_and_the_search_narrows_it() {
    let ls = demo().await;
    changed_city(&ls, "Omsk").await;
    // Another user's change, which Test4's history must not show.
    let a = ls.admin();
    let u = a.user(login(3)).await.expect("aggregator");
    let mut dr = UserDraft::from(&u);
    dr.city = "Tomsk".into();
    a.update_user(u.login, u.version, &dr).await.expect("saved");
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    // On the card, Alt-h works even while a text field has the keys (h types there).
    d.open_user("Test4").await;
    d.key_mod(KeyCode::Char('h'), KeyModifiers::ALT).await;
    assert!(d.screen().contains("Audit · user 0004 Test4"), "{}", d.screen());
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Esc).await;
    assert!(d.app.audit().is_none() && d.app.card().is_none(), "back on the list");
    // From the list, h on the selected row.
    d.key(KeyCode::Char('h')).await;
    let s = d.screen();
    assert!(s.contains("Audit · user 0004 Test4"), "{s}");
    assert!(s.contains("changed city"), "{s}");
    assert!(!s.contains("0003"), "only Test4's rows: {s}");
    let room = d.app.audit().expect("the pane");
    assert!(room.shown.iter().all(|i| room.entries[*i].target == "0004"));
    // A search field under the What column: `block` keeps no row.
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.key(KeyCode::Tab).await;
    d.typ("block*").await;
    d.key(KeyCode::Enter).await;
    assert!(d.app.audit().expect("pane").shown.is_empty());
    assert!(d.screen().contains("no changes you may see here"));
    d.key(KeyCode::Esc).await;
    assert!(!d.app.audit().expect("pane").shown.is_empty(), "Esc clears the search");
    d.key(KeyCode::Esc).await;
    assert!(d.app.audit().is_none(), "a second Esc leaves");
}

#[tokio::test]
async fn a_change_in_one_console_reaches_the_others_pane_list_and_card_live() {
    let ls = demo().await;
    let mut watcher = Driver::with(ls.admin(), Some(Language::En), 120, 30, Theme::plain()).await;
    assert!(
        watcher.live_ready(Duration::from_secs(5)).await,
        "the event stream opened"
    );
    command(&mut watcher, "audit").await;
    let had = watcher.app.audit().expect("pane").entries.len();
    // Another console (the manager's) saves Test4's card.
    let mut editor = Driver::new(&ls, 120, 30, Theme::plain()).await;
    editor.open_user("Test4").await;
    set(&mut editor, "city", "Vologda").await;
    editor.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    assert!(
        status(&mut editor).contains("saved user 0004"),
        "{}",
        status(&mut editor)
    );
    let arrived = |e: &AuditEntry| e.target == "0004" && e.changes.iter().any(|c| c.new == "Vologda");
    let live = watcher
        .live_until(Duration::from_secs(2), |app| {
            app.audit().is_some_and(|a| a.entries.iter().any(arrived))
        })
        .await;
    assert!(live, "the change reached the other console within 2 s");
    assert_eq!(watcher.app.audit().expect("pane").entries.len(), had + 1);
    let s = watcher.screen();
    assert!(s.contains("changed city") && s.contains("0004 Test4"), "{s}");
    // Its users list has the row again, as the server has it now.
    let row = watcher
        .app
        .users()
        .index
        .users
        .iter()
        .find(|u| u.login == login(4))
        .expect("row")
        .city
        .clone();
    assert_eq!(row, "Vologda");

    // A card open without edits shows another's change; one with edits keeps them.
    watcher.key(KeyCode::Esc).await;
    watcher.open_user("Test4").await;
    let m = ls.manager();
    let u = m.user(login(4)).await.expect("t4");
    let mut dr = UserDraft::from(&u);
    dr.city = "Kirov".into();
    m.update_user(u.login, u.version, &dr).await.expect("saved");
    let shown = watcher
        .live_until(Duration::from_secs(2), |app| {
            app.card()
                .is_some_and(|c| c.pane.user.as_ref().is_some_and(|u| u.city == "Kirov"))
        })
        .await;
    assert!(shown, "the open card shows the new city");
    assert!(
        status(&mut watcher).contains("changed this user"),
        "{}",
        status(&mut watcher)
    );
    set(&mut watcher, "email", "mine@example.com").await;
    let u = m.user(login(4)).await.expect("t4");
    let mut dr = UserDraft::from(&u);
    dr.city = "Kursk".into();
    m.update_user(u.login, u.version, &dr).await.expect("saved");
    watcher
        .live_until(Duration::from_secs(2), |app| {
            app.status.message.as_ref().is_some_and(|m| m.0.contains("meanwhile"))
        })
        .await;
    assert!(
        status(&mut watcher).contains("your edits stay"),
        "{}",
        status(&mut watcher)
    );
    let c = watcher.app.card().expect("card");
    assert!(c.pane.dirty(), "the draft is kept");
}

#[tokio::test]
async fn a_user_who_may_not_read_the_log_is_told_why() {
    let ls = demo().await;
    let mut d = Driver::with(ls.as_account(&DEMO_TEST4), Some(Language::En), 100, 30, Theme::plain()).await;
    command(&mut d, "audit").await;
    assert!(d.app.audit().is_none());
    assert!(status(&mut d).contains("ADMIN or DEALER_MANAGER"), "{}", status(&mut d));
    assert!(d.live.is_none(), "no event stream for it");
}

/// The users list shows the last sign-in on a wide screen, and `>90d` in its search field finds
/// the dormant accounts (here: those that never signed in), `<1d` the ones active today.
#[tokio::test]
async fn the_last_sign_in_column_finds_dormant_accounts() {
    let ls = demo().await;
    let mut d = Driver::with(ls.admin(), Some(Language::En), 200, 30, Theme::plain()).await;
    // The manager signs in now; Test4 never has.
    ls.manager().me().await.expect("signed in");
    d.key(KeyCode::Char('r')).await;
    assert!(d.screen().contains("Last sign-in"), "{}", d.screen());
    let logins = |d: &mut Driver| -> Vec<String> {
        d.rows()
            .iter()
            .map(|r| r.chars().skip(1).take(5).collect::<String>().trim().to_string())
            .collect()
    };
    d.key(KeyCode::Char('/')).await;
    while d.app.users().focus != 8 {
        d.key(KeyCode::Tab).await;
    }
    d.typ(">90d").await;
    d.key(KeyCode::Enter).await;
    let dormant = logins(&mut d);
    assert!(dormant.contains(&"0004".to_string()), "{dormant:?}");
    assert!(
        !dormant.contains(&"0002".to_string()) && !dormant.contains(&"0001".to_string()),
        "{dormant:?}"
    );
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Char('/')).await;
    assert_eq!(d.app.users().focus, 8, "the focus stayed on the column");
    d.typ("<1d").await;
    d.key(KeyCode::Enter).await;
    let active = logins(&mut d);
    assert!(
        active.contains(&"0002".to_string()) && active.contains(&"0001".to_string()),
        "{active:?}"
    );
    assert!(!active.contains(&"0004".to_string()), "{active:?}");
    // At 100 columns the searched column stays (a search never works from a column no one
    // sees); cleared, it gives its room to the more important ones and the focus skips it.
    d.resize(100, 30);
    assert!(d.screen().contains("Last sign-in"), "{}", d.screen());
    d.key(KeyCode::Esc).await;
    assert!(!d.screen().contains("Last sign-in"), "{}", d.screen());
    for _ in 0..10 {
        d.key(KeyCode::Right).await;
    }
    let last = d.app.users().laid(98).last().map(|(c, _)| c.index());
    assert_eq!(
        Some(d.app.users().focus),
        last,
        "Right on the last column shown stays there (no wrap)"
    );
}
