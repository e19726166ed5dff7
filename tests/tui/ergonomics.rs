//! Ergonomics, driven with keys against the real server: the comparison's names whole at 80
//! columns when the values are short; an object card's plan says the level a group already
//! gives, as the CLI does, in English and Russian; the object card lets a manager set `manage`
//! on a user it created after the console read its objects, as the server and the user's tree do.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::api::{AccessChange, NewObject};
use ls_console::domain::{AccessLevel, Language, LevelSource, Login, ObjectKind, Role, UserDraft};
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

async fn command(d: &mut Driver, cmd: &str) {
    d.key(KeyCode::Char(':')).await;
    d.typ(cmd).await;
    d.key(KeyCode::Enter).await;
}

/// `:obj NAME`, the cursor on object `id`, Enter: its card, on the tab of who reaches it.
async fn open_card(d: &mut Driver, id: i64, name: &str) {
    command(d, &format!("obj {name}")).await;
    for _ in 0..50 {
        let t = d.app.objects_pane().expect("the objects pane");
        if t.object(t.cursor()).is_some_and(|o| o.id == id) {
            break;
        }
        d.key(KeyCode::Down).await;
    }
    let on = d
        .app
        .objects_pane()
        .and_then(|t| t.object(t.cursor()))
        .is_some_and(|o| o.id == id);
    assert!(on, "object {id} not reached: {}", d.screen());
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Tab).await;
    assert!(d.app.object_card().is_some(), "{}", d.screen());
}

/// The object card's cursor on user `l`, and Space: selected.
async fn pick(d: &mut Driver, l: Login) {
    let at = {
        let c = d.app.object_card().expect("the object card");
        c.shown
            .iter()
            .position(|&i| c.rows[i].login == l)
            .unwrap_or_else(|| panic!("{l} is not listed"))
    };
    while d.app.object_card().expect("the object card").at.cursor < at {
        d.key(KeyCode::Down).await;
    }
    while d.app.object_card().expect("the object card").at.cursor > at {
        d.key(KeyCode::Up).await;
    }
    d.key(KeyCode::Char(' ')).await;
}

fn draft(username: &str, dealer_id: Option<i64>) -> UserDraft {
    UserDraft {
        username: username.into(),
        first_name: "Erg".into(),
        last_name: "Onomics".into(),
        email: format!("{username}@example.com"),
        roles: vec![Role::DealerUser],
        dealer_id,
        login_allowed: true,
        ..Default::default()
    }
}

/// At 80 columns a long object name and short values: the name whole. A long username over the
/// short side took the room the name needed, and cut it with `…`.
#[tokio::test]
async fn compare_at_80_columns_shows_a_long_name_whole_beside_short_values() {
    let ls = demo().await;
    let admin = ls.admin();
    let alpha = admin.user(login(2)).await.expect("the manager").dealer_id;
    let account = admin
        .dealers()
        .await
        .expect("dealers")
        .into_iter()
        .find(|d| d.id == alpha)
        .and_then(|d| d.account_id)
        .expect("Alpha's account");
    let name = "North-west regional restaurants";
    let group = admin
        .create_object(&NewObject {
            kind: ObjectKind::UnitGroup,
            name: name.into(),
            account_id: account,
            members: vec![],
            accessors: vec![],
        })
        .await
        .expect("the group");
    let a = admin
        .create_user(&draft("cmp.view", Some(alpha)))
        .await
        .expect("a")
        .user
        .login;
    let b = admin
        .create_user(&draft("konstantin.konstantinopolsky", Some(alpha)))
        .await
        .expect("b")
        .user
        .login;
    admin
        .set_access(
            a,
            vec![AccessChange {
                object_id: group.id,
                level: AccessLevel::View,
            }],
        )
        .await
        .expect("view on the group");
    let mut d = Driver::new(&ls, 80, 24, Theme::plain()).await;
    command(&mut d, &format!("compare {a} {b}")).await;
    let s = d.screen();
    assert!(s.contains("view (granted directly)"), "the row is shown: {s}");
    assert!(
        s.contains(&format!("group «{name}»")),
        "the name whole at 80 columns:\n{s}"
    );
}

/// A unit Test4 views through a group, with no grant of its own.
async fn viewed_through_a_group(ls: &Ls) -> (i64, String) {
    let m = ls.manager();
    let acc = m.access(login(4), "").await.expect("Test4's levels");
    let id = acc
        .entries
        .iter()
        .find(|e| {
            e.direct == AccessLevel::None
                && e.effective == AccessLevel::View
                && matches!(e.source, LevelSource::Group { .. })
        })
        .map(|e| e.object_id)
        .expect("a unit Test4 views through a group");
    (id, m.object(id).await.expect("the unit").object.name)
}

/// `view` for Test4 and alpha.client on a unit a group already gives Test4 `view`: the plan's
/// row for Test4 says so, in the CLI's words (`in effect: view already, from group «…»`).
#[tokio::test]
async fn an_object_cards_plan_says_the_level_a_group_already_gives() {
    let cases = [
        (Language::En, "none → view", "in effect: view already, from group "),
        (Language::Ru, "нет → просмотр", "уже действует «просмотр» (от группы "),
    ];
    for (lang, change, said) in cases {
        let ls = demo().await;
        let (id, name) = viewed_through_a_group(&ls).await;
        let mut d = Driver::with(ls.manager(), Some(lang), 200, 50, Theme::plain()).await;
        open_card(&mut d, id, &name).await;
        pick(&mut d, login(4)).await;
        pick(&mut d, login(6)).await;
        d.key(KeyCode::Char('1')).await;
        let pending = d.app.object_card().expect("the object card").pending.len();
        assert_eq!(pending, 2, "{lang:?}: {}", d.screen());
        d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
        let s = d.screen();
        let row = s
            .lines()
            .find(|l| l.contains("0004 (Test4)"))
            .unwrap_or_else(|| panic!("{lang:?}: no plan row for Test4:\n{s}"));
        assert!(row.contains(change) && row.contains(said), "{lang:?}: {row}\n{s}");
        // alpha.client reaches nothing there: its row says nothing more.
        let other = s
            .lines()
            .find(|l| l.contains("0006 (alpha.client)"))
            .unwrap_or_default();
        assert!(!other.contains(said.trim_end()), "{lang:?}: {other}");
        d.key(KeyCode::Esc).await;
    }
}

/// The manager creates a user after the console read its objects: the server gives the creator
/// `manage` on it, and the object card lets the manager raise it to `manage` (it judged the
/// manager's level on the user by its role alone, `edit`, and refused).
#[tokio::test]
async fn the_object_card_lets_a_manager_set_manage_on_a_user_it_created_since() {
    let ls = demo().await;
    let m = ls.manager();
    let unit = m
        .objects(Some(ObjectKind::Unit), "", Some(1))
        .await
        .expect("units")
        .objects[0]
        .clone();
    let mut d = Driver::new(&ls, 140, 50, Theme::plain()).await;
    command(&mut d, &format!("obj {}", unit.name)).await;
    assert!(d.app.session.forest.is_some(), "the objects are read");
    let made = m.create_user(&draft("fresh.one", None)).await.expect("created").user;
    assert_eq!(
        m.user(made.login).await.expect("the new user").level,
        Some(AccessLevel::Manage),
        "the server: its creator manages it"
    );
    // The users list read again; the objects as they were read before.
    command(&mut d, "r").await;
    let stale = d.app.session.forest.as_ref().expect("objects").level(made.object_id);
    assert_eq!(stale, None, "the objects predate the user");
    open_card(&mut d, unit.id, &unit.name).await;
    d.key(KeyCode::Char('/')).await;
    d.typ("*fresh.one*").await;
    d.key(KeyCode::Enter).await;
    let shown = d.app.object_card().expect("the object card").shown.len();
    assert_eq!(shown, 1, "{}", d.screen());
    d.key(KeyCode::Char('4')).await;
    let pending = d
        .app
        .object_card()
        .expect("the object card")
        .pending
        .get(&made.login)
        .copied();
    let st = d.status();
    assert_eq!(pending, Some(AccessLevel::Manage), "{st}\n{}", d.screen());
    // One change: sent at once, and the server takes it.
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let acc = m.accessors(unit.id).await.expect("accessors");
    let a = acc.iter().find(|a| a.login == made.login).expect("granted");
    assert_eq!(a.direct, AccessLevel::Manage, "{}", d.status());
}
