//! People's words (issue #30, item 5), over the demo data as the manager: the audit's rows, its
//! change popup and a revert's plan name a field by its label and its values in words; the
//! comparison names rights by their names and gives each column the room its text needs; no
//! name's quotes nest in another's; a new user's card says a field is required only once it was
//! typed into or Ctrl-S was pressed. In English and in Russian.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::domain::{Language, UserDraft};
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

async fn command(d: &mut Driver, cmd: &str) {
    d.key(KeyCode::Char(':')).await;
    d.typ(cmd).await;
    d.key(KeyCode::Enter).await;
}

/// The manager blocks Test4 and moves it to Omsk in one change, through the API.
async fn block_test4(ls: &Ls) {
    let m = ls.manager();
    let u = m.user(login(4)).await.expect("Test4");
    let mut d = UserDraft::from(&u);
    d.login_allowed = false;
    d.city = "Omsk".into();
    m.update_user(u.login, u.version, &d).await.expect("blocked");
}

/// The first line with a quote inside a quote of the same kind (`«Группа «Berlin» 2»`).
fn nested(screen: &str) -> Option<&str> {
    screen.lines().find(|l| {
        let mut depth = 0i32;
        l.chars().any(|c| {
            match c {
                '«' => depth += 1,
                '»' => depth -= 1,
                _ => {}
            }
            depth > 1
        })
    })
}

fn no_nested_quotes(screen: &str, room: &str) {
    if let Some(l) = nested(screen) {
        panic!("{room}: quotes nest in\n{l}\n{screen}");
    }
}

struct AuditWords {
    lang: Language,
    /// The row's What: the verb and the other field, by its label.
    row: &'static str,
    /// The change popup's line for blocking.
    popup: &'static str,
    /// The revert plan's row for blocking: target · field · from → to.
    plan: &'static str,
}

#[tokio::test]
async fn the_audit_and_its_revert_plan_say_fields_and_values_in_words() {
    let cases = [
        AuditWords {
            lang: Language::En,
            row: "blocked city",
            popup: "Login allowed: allowed → blocked",
            plan: "0004 Test4 · Login allowed · blocked → allowed",
        },
        AuditWords {
            lang: Language::Ru,
            row: "заблокирован город",
            popup: "Вход разрешён: разрешён → заблокирован",
            plan: "0004 Test4 · Вход разрешён · заблокирован → разрешён",
        },
    ];
    for c in cases {
        let ls = demo().await;
        block_test4(&ls).await;
        let mut d = Driver::with(ls.manager(), Some(c.lang), 140, 40, Theme::plain()).await;
        command(&mut d, "audit").await;
        let s = d.screen();
        let row = d
            .lines()
            .into_iter()
            .find(|l| l.contains("0004 Test4"))
            .unwrap_or_default();
        assert!(row.contains(c.row), "{:?}: {row}\n{s}", c.lang);
        no_nested_quotes(&s, "audit");
        // The newest row is the block: its fields.
        d.key(KeyCode::Enter).await;
        let s = d.screen();
        assert!(s.contains(c.popup), "{:?}: {s}", c.lang);
        for raw in ["login_allowed", "true → false"] {
            assert!(!s.contains(raw), "{:?}: {raw} in\n{s}", c.lang);
        }
        no_nested_quotes(&s, "the change popup");
        // R plans setting it back: the plan says it in the same words.
        d.key(KeyCode::Char('R')).await;
        let s = d.screen();
        assert!(s.contains(c.plan), "{:?}: {s}", c.lang);
        assert!(!s.contains("login_allowed") && !s.contains("false → true"), "{s}");
        no_nested_quotes(&s, "the revert plan");
        d.key(KeyCode::Esc).await;
        let city = ls.admin().user(login(4)).await.expect("t4").city;
        assert_eq!(city, "Omsk", "the plan dropped, nothing sent");
    }
}

#[tokio::test]
async fn compare_names_rights_and_gives_each_column_its_room() {
    // (language, a right by name, the word for a group, another right by name)
    let cases = [
        (Language::En, "right Users — view", "group", "Corporations — create"),
        (
            Language::Ru,
            "право Пользователи — просмотр",
            "группа",
            "Корпорации — создание",
        ),
    ];
    for (lang, users_view, group, corporations) in cases {
        let ls = demo().await;
        // Tall enough for the units a group gives their level.
        let mut d = Driver::with(ls.manager(), Some(lang), 160, 100, Theme::plain()).await;
        command(&mut d, "compare 0004 0006").await;
        let s = d.screen();
        assert!(s.contains("0004 Test4") && s.contains("0006"), "{s}");
        assert!(s.contains(users_view) && s.contains(corporations), "{lang:?}: {s}");
        for code in ["USERS_VIEW", "CORPORATIONS_CREATE"] {
            assert!(!s.contains(code), "{lang:?}: {code} on\n{s}");
        }
        no_nested_quotes(&s, "compare");
        // A level from a group whose name holds «»: its source whole, in the other quotes.
        let from_group = format!("({group} “Группа «");
        assert!(
            s.lines().any(|l| l.contains(&from_group) && l.contains("”)")),
            "{lang:?}: the source is cut or quoted inside quotes:\n{s}"
        );
    }
}

#[tokio::test]
async fn a_new_user_card_says_required_only_after_an_edit_or_ctrl_s() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.key(KeyCode::Char('n')).await;
    let s = d.screen();
    assert!(s.contains("New user"), "{s}");
    assert!(
        !s.contains("is required"),
        "nothing typed yet, nothing to warn of:\n{s}"
    );
    // Username has the focus: a letter typed and taken back warns of that field alone.
    d.typ("x").await;
    d.key(KeyCode::Backspace).await;
    let s = d.screen();
    assert!(s.contains("⚠ Username is required"), "{s}");
    assert_eq!(s.matches("is required").count(), 1, "{s}");
    // Ctrl-S: every required field left empty says so.
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let s = d.screen();
    for label in ["Username", "Last name", "First name", "Email"] {
        assert!(s.contains(&format!("⚠ {label} is required")), "{label}: {s}");
    }
}
