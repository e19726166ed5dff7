//! The user card, driven with keys against the real server.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::api::Client;
use ls_console::domain::{Language, Login, Role, UserDraft};
use ls_console::server::seed::{DEMO_CLIENT, DEMO_MANAGER, DEMO_TEST4};
use ls_console::tui::card::form::Tab;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;

/// Moves the General tab's focus onto the field `key`.
async fn goto(d: &mut Driver, key: &str) {
    for _ in 0..20 {
        d.key(KeyCode::Up).await;
    }
    for _ in 0..20 {
        let c = d.app.card().unwrap();
        if c.fields[c.focus[Tab::General.index()]].key == key {
            return;
        }
        d.key(KeyCode::Down).await;
    }
    panic!("field {key} not reachable");
}

pub(crate) async fn set(d: &mut Driver, key: &str, value: &str) {
    goto(d, key).await;
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ(value).await;
}

async fn save(d: &mut Driver) {
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
}

pub(crate) fn status(d: &mut Driver) -> String {
    d.status()
}

async fn audit_count(ls: &Ls, target: &str) -> usize {
    ls.admin()
        .audit()
        .await
        .unwrap()
        .entries
        .iter()
        .filter(|e| e.target == target)
        .count()
}

fn test4() -> Login {
    Login::new(DEMO_TEST4.login).unwrap()
}

#[tokio::test]
async fn edit_and_save_every_editable_field() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    let values = [
        ("username", "Test4b"),
        ("last_name", "Петрова"),
        ("first_name", "Ирина"),
        ("patronymic", "Сергеевна"),
        ("email", "irina@example.com"),
        ("phone", "+7 495 123-45-67"),
        ("mobile", "+7 (912) 765-43-21"),
        ("position", "Engineer"),
        ("city", "Kazan"),
        ("country", "Russia"),
        ("comments", "moved to the north office"),
    ];
    for (k, v) in values {
        set(&mut d, k, v).await;
    }
    goto(&mut d, "language").await;
    d.key(KeyCode::Char(' ')).await;
    assert!(d.screen().contains("● modified"));
    save(&mut d).await;
    assert!(
        status(&mut d).contains("saved user 0004 (version 2)"),
        "{}",
        status(&mut d)
    );
    let u = ls.manager().user(test4()).await.unwrap();
    assert_eq!(
        (
            u.username.as_str(),
            u.last_name.as_str(),
            u.first_name.as_str(),
            u.patronymic.as_str()
        ),
        ("Test4b", "Петрова", "Ирина", "Сергеевна")
    );
    assert_eq!(
        (u.email.as_str(), u.phone.as_str(), u.mobile.as_str()),
        ("irina@example.com", "+7 495 123-45-67", "+7 (912) 765-43-21")
    );
    assert_eq!(
        (u.position.as_str(), u.city.as_str(), u.country.as_str()),
        ("Engineer", "Kazan", "Russia")
    );
    assert_eq!(u.comments, "moved to the north office");
    assert_eq!(u.language, Language::En, "Test4 was ru; Space switched it");
    assert_eq!(u.version, 2);
    assert!(!d.screen().contains("● modified"), "the card is clean after saving");
}

#[tokio::test]
async fn invalid_and_required_fields_are_shown_and_nothing_is_sent() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    let before = audit_count(&ls, "0004").await;
    set(&mut d, "email", "").await;
    set(&mut d, "mobile", "12ab").await;
    let s = d.screen();
    assert!(s.contains("⚠ Email is required"), "{s}");
    assert!(s.contains("⚠ mobile may hold only digits"), "{s}");
    save(&mut d).await;
    assert!(
        status(&mut d).contains("not saved: 2 fields to fix"),
        "{}",
        status(&mut d)
    );
    set(&mut d, "email", "no-at-sign").await;
    assert!(d.screen().contains("⚠ email is not a valid address"));
    save(&mut d).await;
    assert_eq!(audit_count(&ls, "0004").await, before, "nothing reached the server");
    assert_eq!(ls.manager().user(test4()).await.unwrap().version, 1);
    // The draft is still there.
    assert!(d.screen().contains("no-at-sign"));
}

#[tokio::test]
async fn gray_fields_cannot_be_focused_or_edited() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    goto(&mut d, "username").await;
    d.key(KeyCode::Up).await;
    let c = d.app.card().unwrap();
    assert_eq!(
        c.fields[c.focus[Tab::General.index()]].key,
        "username",
        "Login is gray: the focus skips it"
    );
    goto(&mut d, "comments").await;
    d.key(KeyCode::Down).await;
    let c = d.app.card().unwrap();
    assert_eq!(
        c.fields[c.focus[Tab::General.index()]].key,
        "language",
        "Dealer and Source are skipped"
    );
    let s = d.screen();
    assert!(s.contains("Username *") && s.contains("Email *") && !s.contains("Phone *"));
}

#[tokio::test]
async fn dealer_user_sees_a_read_only_card_and_the_server_agrees() {
    let ls = demo().await;
    let mut d = Driver::with(
        ls.as_account(&DEMO_TEST4),
        Some(ls_console::domain::Language::En),
        140,
        40,
        Theme::plain(),
    )
    .await;
    d.open_user("alpha.client").await;
    assert!(d.screen().contains("read-only"), "{}", d.screen());
    d.key(KeyCode::Char('z')).await;
    assert!(
        status(&mut d).contains("editing other users needs the DEALER_MANAGER role"),
        "{}",
        status(&mut d)
    );
    d.key(KeyCode::Char('2')).await;
    d.key(KeyCode::Char(' ')).await; // first role: ADMIN
    assert!(
        status(&mut d).contains("editing other users needs the DEALER_MANAGER role"),
        "{}",
        status(&mut d)
    );
    assert!(!d.screen().contains("● modified"));
    // The server refuses the same change.
    let du = ls.as_account(&DEMO_TEST4);
    let u = du.user(Login::new(DEMO_CLIENT.login).unwrap()).await.unwrap();
    let mut draft = UserDraft::from(&u);
    draft.roles.push(Role::DealerUser);
    assert_eq!(
        du.update_user(u.login, u.version, &draft).await.unwrap_err().status(),
        Some(403)
    );
}

#[tokio::test]
async fn hint_is_in_the_viewers_language() {
    let ls = demo().await;
    let first = &ls_console::domain::rights::catalog()[0];
    for (client, ru) in [(ls.as_account(&DEMO_TEST4), true), (ls.manager(), false)] {
        let mut d = Driver::with(client, None, 160, 40, Theme::plain()).await;
        d.open_user("Test4").await;
        d.key(KeyCode::Tab).await;
        for _ in 0..6 {
            d.key(KeyCode::Down).await; // past the six roles
        }
        let s = d.screen();
        let (want, not) = if ru {
            (&first.comment.ru, &first.comment.en)
        } else {
            (&first.comment.en, &first.comment.ru)
        };
        let probe: String = want.chars().take(20).collect();
        let other: String = not.chars().take(20).collect();
        assert!(s.contains(&probe), "hint should read {probe:?}: {s}");
        assert!(!s.contains(&other));
    }
}

#[tokio::test]
async fn block_then_the_user_gets_403_and_is_orange_in_the_list() {
    let ls = demo().await;
    let m = ls.manager();
    let created = m
        .create_user(&UserDraft {
            username: "ToBlock".into(),
            first_name: "To".into(),
            last_name: "Block".into(),
            email: "to.block@example.com".into(),
            roles: vec![Role::Client],
            login_allowed: true,
            password: Some("block-me-1".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let victim: Client = ls.client(created.user.login.get(), "block-me-1", &created.credentials.api_token);
    assert!(victim.me().await.is_ok());
    let mut d = Driver::new(&ls, 140, 40, Theme::default_colours()).await;
    d.key(KeyCode::Char('r')).await;
    d.open_user("ToBlock").await;
    goto(&mut d, "login_allowed").await;
    d.key(KeyCode::Char(' ')).await;
    assert!(d.screen().contains("[ ] no: blocked"));
    save(&mut d).await;
    assert!(status(&mut d).contains("saved"), "{}", status(&mut d));
    let e = victim.me().await.unwrap_err();
    assert_eq!(e.status(), Some(403));
    d.key(KeyCode::Esc).await;
    let lines = d.lines();
    let login = created.user.login.to_string();
    let y = lines
        .iter()
        .position(|l| l.contains("ToBlock") && l.contains(&login))
        .expect("row shown");
    assert!(lines[y].contains(&format!("⊘{}", created.user.login)));
    let buf = d.buffer();
    assert_eq!(buf[(3, y as u16)].fg, Color::Yellow);
}

#[tokio::test]
async fn conflict_keeps_the_draft_and_merges_onto_the_new_version() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    set(&mut d, "city", "Kazan").await;
    // Someone else saves first.
    let admin = ls.admin();
    let u = admin.user(test4()).await.unwrap();
    let mut other = UserDraft::from(&u);
    other.position = "Set by admin".into();
    admin.update_user(u.login, u.version, &other).await.unwrap();
    save(&mut d).await;
    let s = d.screen();
    assert!(
        s.contains("Changed by someone else") && s.contains("changed by someone else"),
        "{s}"
    );
    assert!(s.contains("Kazan"), "the draft is kept");
    d.key(KeyCode::Char('k')).await;
    assert!(status(&mut d).contains("version 2"), "{}", status(&mut d));
    save(&mut d).await;
    let now = ls.manager().user(test4()).await.unwrap();
    assert_eq!(
        (now.city.as_str(), now.position.as_str(), now.version),
        ("Kazan", "Set by admin", 3)
    );
    // Reload instead drops the edits.
    set(&mut d, "city", "Omsk").await;
    let u = admin.user(test4()).await.unwrap();
    admin
        .update_user(u.login, u.version, &UserDraft::from(&u))
        .await
        .unwrap(); // no-op: same version
    let mut o = UserDraft::from(&u);
    o.country = "KZ".into();
    admin.update_user(u.login, u.version, &o).await.unwrap();
    save(&mut d).await;
    d.key(KeyCode::Char('r')).await;
    let s = d.screen();
    assert!(!s.contains("Omsk") && s.contains("KZ"), "{s}");
}

#[tokio::test]
async fn a_dead_server_during_save_keeps_the_draft() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    set(&mut d, "city", "Tver").await;
    let Ls { running, db, dir, .. } = ls;
    let addr = running.addr;
    running.stop().await;
    save(&mut d).await;
    let st = status(&mut d);
    assert!(
        st.contains("not saved") && st.contains("edits are kept") && st.contains("offline"),
        "{st}"
    );
    let s = d.screen();
    assert!(s.contains("Tver") && s.contains("● modified"), "{s}");
    // The server comes back on the same address: the same Ctrl-S now saves, exactly once.
    let again = ls_console::server::start(db.clone(), &addr.to_string())
        .await
        .expect("restart on the same port");
    save(&mut d).await;
    assert!(status(&mut d).contains("saved user 0004"), "{}", status(&mut d));
    let admin = Client::new(
        &again.url(),
        ls_console::api::Credentials::new(Login::new(1).unwrap(), ADMIN_PW, ADMIN_TOKEN),
    )
    .unwrap();
    assert_eq!(admin.user(test4()).await.unwrap().city, "Tver");
    let updates = admin
        .audit()
        .await
        .unwrap()
        .entries
        .iter()
        .filter(|e| e.target == "0004" && e.action == "user.update")
        .count();
    assert_eq!(updates, 1, "one change in the audit log");
    drop(dir);
}

#[tokio::test]
async fn esc_with_edits_asks_first() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    set(&mut d, "city", "Perm").await;
    // The first Esc stops editing the field; the next leaves, asking first.
    d.key(KeyCode::Esc).await;
    assert!(!d.screen().contains("Drop your unsaved changes?"));
    d.key(KeyCode::Esc).await;
    assert!(d.screen().contains("Drop your unsaved changes?"));
    d.key(KeyCode::Char('n')).await;
    assert!(d.screen().contains("Perm"));
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Char('y')).await;
    assert!(d.screen().contains("References › Users"));
    assert_eq!(ls.manager().user(test4()).await.unwrap().city, "Moscow");
}

/// Ctrl-C on a card with unsaved changes asks; n keeps the draft, Ctrl-C twice leaves.
#[tokio::test]
async fn ctrl_c_with_edits_asks_first() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    let ctrl_c = |d: &mut Driver| {
        d.app.update(ls_console::tui::app::Msg::Key(
            ratatui::crossterm::event::KeyEvent::new(
                KeyCode::Char('c'),
                ratatui::crossterm::event::KeyModifiers::CONTROL,
            ),
        ))
    };
    set(&mut d, "city", "Perm").await;
    ctrl_c(&mut d);
    assert!(!d.app.quit, "asked, not gone");
    assert!(status(&mut d).contains("quit and lose them? y/n"), "{}", status(&mut d));
    d.key(KeyCode::Char('n')).await;
    assert!(!d.app.quit && d.screen().contains("Perm"), "the draft stays");
    ctrl_c(&mut d);
    ctrl_c(&mut d);
    assert!(d.app.quit, "Ctrl-C twice leaves");
}

#[tokio::test]
async fn manager_creates_a_user_and_a_dealer_user_cannot() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.key(KeyCode::Char('n')).await;
    assert!(d.screen().contains("New user"));
    set(&mut d, "username", "Newbie").await;
    set(&mut d, "last_name", "Новиков").await;
    set(&mut d, "first_name", "Олег").await;
    set(&mut d, "email", "newbie@example.com").await;
    save(&mut d).await;
    let s = d.screen();
    assert!(s.contains("shown once") && s.contains("API token"), "{s}");
    let st = status(&mut d);
    let login: Login = st.split("created user ").nth(1).unwrap().trim()[..4].parse().unwrap();
    let u = ls.manager().user(login).await.unwrap();
    assert_eq!(
        (u.username.as_str(), u.roles.clone()),
        ("Newbie", vec![Role::DealerUser])
    );
    // Shown once, each can be copied; the copies are what the service then takes.
    d.key(KeyCode::Char('p')).await;
    let password = d.copied.last().cloned().expect("the password copied");
    assert!(d.screen().contains("shown once"), "the popup stays");
    d.key(KeyCode::Char('t')).await;
    let token = d.copied.last().cloned().expect("the token copied");
    assert_ne!(password, token);
    let as_new = Client::new(&ls.url(), ls_console::api::Credentials::new(login, &password, &token)).expect("client");
    assert_eq!(as_new.me().await.expect("signs in").user.login, login);
    d.key(KeyCode::Char('x')).await;
    assert!(d.screen().contains("shown once"), "a stray key does not lose them");
    d.key(KeyCode::Esc).await; // closes the credentials popup
    let s = d.screen();
    assert!(
        !s.contains("shown once") && s.contains(&format!("User {login} · Newbie")),
        "{s}"
    );

    let mut du = Driver::with(
        ls.as_account(&DEMO_TEST4),
        Some(ls_console::domain::Language::En),
        140,
        40,
        Theme::plain(),
    )
    .await;
    du.key(KeyCode::Char('n')).await;
    assert!(
        status(&mut du).contains("creating users needs the DEALER_MANAGER role"),
        "{}",
        status(&mut du)
    );
    assert!(!du.screen().contains("New user"));
}

#[tokio::test]
async fn assessment_tab_newest_first_and_rights_export() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    let dir = tempfile::tempdir().unwrap();
    d.app.session.export_dir = Some(dir.path().to_path_buf());
    d.open_user("Test4").await;
    d.key_mod(KeyCode::Char('5'), KeyModifiers::ALT).await;
    let lines = d.lines();
    let years: Vec<usize> = ["2025", "2024", "2023"]
        .iter()
        .map(|y| {
            lines
                .iter()
                .position(|l| l.contains(&format!("│{y} ")))
                .unwrap_or_else(|| panic!("{y}: {}", lines.join("\n")))
        })
        .collect();
    assert!(years[0] < years[1] && years[1] < years[2]);
    assert!(lines[years[1]].contains("failed") && lines[years[0]].contains("passed"));
    d.key(KeyCode::Char('x')).await;
    assert!(status(&mut d).contains(&format!(
        "exported {} rights",
        ls_console::domain::rights::catalog().len()
    )));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let _ = DEMO_MANAGER.login;
}

/// The field limits of the server are the console's inline errors: an invisible username, a
/// text-direction override, a phone too long are named beside their fields and nothing is sent.
#[tokio::test]
async fn hostile_text_is_named_inline_and_not_sent() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    let before = audit_count(&ls, "0004").await;
    set(&mut d, "username", "\u{200B}\u{200B}").await;
    assert!(d.screen().contains("username shows nothing"), "{}", d.screen());
    set(&mut d, "username", "Test4").await;
    set(&mut d, "city", "Omsk\u{202E}ksmO").await;
    assert!(
        d.screen().contains("city holds a text-direction control"),
        "{}",
        d.screen()
    );
    // A field takes no more than its limit: the 31st character is not typed, and that is said.
    set(&mut d, "mobile", &"1".repeat(31)).await;
    assert!(
        d.screen().contains("the field takes at most 30 characters"),
        "{}",
        d.screen()
    );
    assert!(
        d.screen().contains("mobile must have 5 to 20 digits (has 30)"),
        "{}",
        d.screen()
    );
    save(&mut d).await;
    assert!(
        status(&mut d).contains("not saved: 2 fields to fix"),
        "{}",
        status(&mut d)
    );
    assert_eq!(audit_count(&ls, "0004").await, before, "nothing was sent");
}

/// In a text field a digit is typed (phones are digits), the hints say the tabs are Alt-digits
/// there, and a tab this card does not have is said, not typed and not another tab.
#[tokio::test]
async fn digits_type_in_fields_and_a_missing_tab_is_said() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 80, 24, Theme::plain()).await;
    d.open_user("Test4").await;
    set(&mut d, "phone", "+7 495 1").await;
    d.typ("6").await;
    let phone = |d: &Driver| {
        let c = d.app.card().expect("card");
        c.fields
            .iter()
            .find(|f| f.key == "phone")
            .map(|f| f.input.value().to_string())
    };
    assert_eq!(phone(&d).as_deref(), Some("+7 495 16"));
    assert!(d.status().contains("Alt-1…5 tab"), "{}", d.status());
    d.key_mod(KeyCode::Char('6'), KeyModifiers::ALT).await;
    assert_eq!(phone(&d).as_deref(), Some("+7 495 16"), "Alt-6 typed nothing");
    assert_eq!(d.app.card().expect("card").tab, Tab::General, "and opened no other tab");
    assert!(d.status().contains("no tab 6 (tabs 1–5)"), "{}", d.status());
    d.key_mod(KeyCode::Char('2'), KeyModifiers::ALT).await;
    assert_eq!(d.app.card().expect("card").tab, Tab::Rights);
    d.key(KeyCode::Char('6')).await;
    assert_eq!(d.app.card().expect("card").tab, Tab::Rights);
    assert!(d.status().contains("no tab 6"), "{}", d.status());
}

/// `/` on the Roles & rights and Groups tabs jumps to the items whose names hold the text; Down
/// the next; Esc back to where the search began, Enter stays.
#[tokio::test]
async fn slash_searches_the_rights_and_groups_lists() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    d.key_mod(KeyCode::Char('2'), KeyModifiers::ALT).await;
    let focus = |d: &Driver| {
        d.app
            .card()
            .map(|c| c.pane.focus[Tab::Rights.index()])
            .unwrap_or_default()
    };
    let start = focus(&d);
    d.key(KeyCode::Char('/')).await;
    d.typ("BLOCK").await;
    let names = |d: &Driver| {
        let c = d.app.card().expect("card");
        match c.pane.rights_items().get(c.pane.focus[Tab::Rights.index()]) {
            Some(ls_console::tui::card::form::RightsItem::Right(code)) => ls_console::domain::rights::find(code)
                .map(|r| r.name.en.clone())
                .unwrap_or_default(),
            other => format!("{other:?}"),
        }
    };
    let first = names(&d);
    assert!(first.to_lowercase().contains("block"), "{first}");
    let line = d
        .lines()
        .into_iter()
        .find(|l| l.contains("/BLOCK"))
        .expect("the search line");
    assert!(line.contains("match"), "{line}");
    d.key(KeyCode::Down).await;
    let second = names(&d);
    if !line.contains(" 1 match") {
        assert!(second.to_lowercase().contains("block") && second != first, "{second}");
    }
    d.key(KeyCode::Esc).await;
    assert_eq!(focus(&d), start, "Esc goes back");
    d.key(KeyCode::Char('/')).await;
    d.typ("block").await;
    d.key(KeyCode::Enter).await;
    assert_eq!(names(&d), first, "Enter stays");
    assert!(!d.screen().contains("/block"), "the search line is gone");
    // The groups tab.
    d.key_mod(KeyCode::Char('3'), KeyModifiers::ALT).await;
    d.key(KeyCode::Char('/')).await;
    d.typ("omsk rest").await;
    let c = d.app.card().expect("card");
    let forest = d.app.session.forest.clone().expect("objects");
    let list = c.pane.groups_list(&forest);
    let at = list
        .get(c.pane.groups_focus)
        .copied()
        .expect("a group under the cursor");
    assert!(
        forest.label(at).to_lowercase().contains("omsk rest"),
        "{}",
        forest.label(at)
    );
}
