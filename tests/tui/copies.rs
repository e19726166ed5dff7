//! Copying and comparing in the console, driven with keys against the real server: a user's
//! copy from the list (whole, and partial for a manager with less authority than the source), two
//! users compared and a row copied across, a unit group's copy, and the plan's warning before the
//! viewer lowers its own access.
use crate::card::{set, status};
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::domain::{AccessLevel, Login, ObjectKind, Role};
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::collections::BTreeMap;

/// Puts the list's cursor on the user named `name` (a Username search, kept).
async fn select(d: &mut Driver, name: &str) {
    d.key(KeyCode::Esc).await;
    for _ in 0..8 {
        if d.app.users().focus == 0 {
            break;
        }
        d.key(KeyCode::Left).await;
    }
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.typ(name).await;
    d.key(KeyCode::Enter).await;
}

async fn direct(ls: &Ls, l: Login) -> BTreeMap<i64, AccessLevel> {
    ls.admin()
        .access(l, "")
        .await
        .unwrap()
        .entries
        .into_iter()
        .filter(|e| e.direct > AccessLevel::None)
        .map(|e| (e.object_id, e.direct))
        .collect()
}

async fn copy_test4(d: &mut Driver, name: &str) {
    select(d, "Test4").await;
    d.key(KeyCode::Char('C')).await;
    let s = d.screen();
    assert!(s.contains("New user — copy of 0004 Test4"), "{s}");
    set(d, "username", name).await;
    set(d, "last_name", "Copy").await;
    set(d, "first_name", "Anna").await;
    set(d, "email", &format!("{name}@example.com")).await;
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
}

#[tokio::test]
async fn a_copy_from_the_list_plans_then_creates_the_user_with_its_grants() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    let before = ls.admin().users(&Default::default()).await.unwrap().total;
    copy_test4(&mut d, "anna.copy").await;
    let s = d.screen();
    assert!(s.contains("Plan: copy user 0004 (Test4)"), "{s}");
    assert!(s.contains("role DEALER_USER") && s.contains("none → edit"), "{s}");
    assert_eq!(
        ls.admin().users(&Default::default()).await.unwrap().total,
        before,
        "nothing is sent before Enter"
    );
    d.key(KeyCode::Enter).await;
    let s = d.screen();
    assert!(
        s.contains("shown once") && s.contains("API token"),
        "credentials as for a new user: {s}"
    );
    let st = status(&mut d);
    let new: Login = st.split("created user ").nth(1).expect(&st).trim()[..4]
        .parse()
        .unwrap();
    let u = ls.admin().user(new).await.unwrap();
    assert_eq!(
        (u.username.as_str(), u.roles.clone()),
        ("anna.copy", vec![Role::DealerUser])
    );
    assert_eq!(
        direct(&ls, new).await,
        direct(&ls, login(4)).await,
        "every grant of Test4's"
    );
}

#[tokio::test]
async fn a_manager_with_less_authority_copies_only_what_the_policy_allows_and_is_told_what_not() {
    let ls = demo().await;
    ls.grant_rights(login(4), &["AGGREGATOR_LICENSES"]).await;
    ls.set_manager_account_level(AccessLevel::Edit).await;
    let mut d = Driver::new(&ls, 160, 40, Theme::plain()).await;
    copy_test4(&mut d, "bob.copy").await;
    let s = d.screen();
    assert!(s.contains("✗ "), "refused rows are marked: {s}");
    assert!(
        // The plan names the right as people read it; the refusal names its code.
        s.contains("right Aggregator licenses — view ·  → yes   you cannot grant or take the right AGGREGATOR_LICENSES: you do not hold it"),
        "{s}"
    );
    assert!(
        s.contains("you need manage on unit"),
        "a grant on an object it only edits: {s}"
    );
    let refused = s.matches("✗ ").count();
    assert!(refused >= 2, "{s}");
    d.key(KeyCode::Enter).await;
    let st = status(&mut d);
    let new: Login = st.split("created user ").nth(1).expect(&st).trim()[..4]
        .parse()
        .unwrap();
    let u = ls.admin().user(new).await.unwrap();
    assert_eq!(u.roles, vec![Role::DealerUser]);
    assert!(
        u.rights.is_empty(),
        "the right it does not hold is left out: {:?}",
        u.rights
    );
    assert!(direct(&ls, new).await.is_empty(), "no grant it does not manage");
}

#[tokio::test]
async fn two_users_compared_and_a_role_copied_across() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 160, 50, Theme::plain()).await;
    // = marks Test4, = on alpha.client compares the two.
    select(&mut d, "Test4").await;
    d.key(KeyCode::Char('=')).await;
    assert!(status(&mut d).contains("0004 marked"));
    select(&mut d, "alpha.client").await;
    d.key(KeyCode::Char('=')).await;
    let s = d.screen();
    assert!(s.contains("Compare 0004 Test4 ↔ 0006 alpha.client"), "{s}");
    assert!(
        s.contains("role DEALER_USER") && s.contains("(role DEALER_USER)"),
        "rights with their source: {s}"
    );
    assert!(!s.contains("role ADMIN"), "only the differences: {s}");
    let shown = d.app.compare().unwrap().shown.len();
    d.key(KeyCode::Char('a')).await;
    assert!(d.screen().contains("role ADMIN"), "a shows every row");
    assert!(d.app.compare().unwrap().shown.len() > shown);
    d.key(KeyCode::Char('a')).await;
    // The role row first: select it and copy left → right.
    d.key(KeyCode::Char('g')).await;
    let s = d.screen();
    assert!(s.lines().any(|l| l.contains("[ ]≠role DEALER_USER")), "{s}");
    d.key(KeyCode::Char(' ')).await;
    d.key(KeyCode::Char('>')).await;
    let s = d.screen();
    assert!(
        s.contains("Plan: copy 1 rows from 0004 to 0006") && s.contains("no → yes"),
        "{s}"
    );
    d.key(KeyCode::Enter).await;
    assert!(
        status(&mut d).contains("copied roles and rights to user 0006"),
        "{}",
        status(&mut d)
    );
    let u = ls.admin().user(login(6)).await.unwrap();
    assert!(u.roles.contains(&Role::DealerUser), "{:?}", u.roles);
    // The comparison reloads: the role row is the same now.
    assert!(!d.screen().contains("≠role DEALER_USER"));
    // :compare with one login is a usage error, not a crash.
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Char(':')).await;
    d.typ("compare 0004").await;
    d.key(KeyCode::Enter).await;
    assert!(status(&mut d).contains("usage: :compare"));
}

#[tokio::test]
async fn a_group_copy_has_the_same_units_and_accessors() {
    let ls = demo().await;
    let m = ls.manager();
    let groups = m.objects(Some(ObjectKind::UnitGroup), "", None).await.unwrap().objects;
    let g = groups
        .iter()
        .find(|g| g.level == AccessLevel::Manage && groups.iter().filter(|o| o.name == g.name).count() == 1)
        .expect("a group the manager manages")
        .clone();
    let members = m.object(g.id).await.unwrap().members;
    let accessors = m.accessors(g.id).await.unwrap();
    let mut d = Driver::new(&ls, 160, 50, Theme::plain()).await;
    d.key(KeyCode::Char(':')).await;
    d.typ("objects").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Char('/')).await;
    d.typ(&g.name).await;
    d.key(KeyCode::Enter).await;
    for _ in 0..5 {
        let t = d.app.objects_pane().unwrap();
        if t.object(t.cursor()).is_some_and(|o| o.id == g.id) {
            break;
        }
        d.key(KeyCode::Down).await;
    }
    d.key(KeyCode::Char('C')).await;
    let s = d.screen();
    assert!(s.contains(&format!("Plan: copy group «{}»", g.name)), "{s}");
    assert!(s.contains("no → member"), "its units: {s}");
    d.key(KeyCode::Enter).await;
    assert!(status(&mut d).contains("(copy)"), "{}", status(&mut d));
    let copy = m
        .objects(Some(ObjectKind::UnitGroup), &format!("{} (copy)", g.name), None)
        .await
        .unwrap()
        .objects;
    assert_eq!(copy.len(), 1);
    let mut got = m.object(copy[0].id).await.unwrap().members;
    let mut want = members.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want, "the same units");
    let copied = m.accessors(copy[0].id).await.unwrap();
    for a in accessors.iter().filter(|a| a.direct > AccessLevel::None) {
        let c = copied
            .iter()
            .find(|c| c.login == a.login)
            .expect("each accessor copied");
        assert_eq!(c.direct, a.direct, "{}", a.login);
    }
    // The new group shows in the tree (the objects were read again).
    d.key(KeyCode::Char('/')).await;
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ("*(copy)").await;
    d.key(KeyCode::Enter).await;
    assert!(d.screen().contains(&format!("{} (copy)", g.name)));
}

#[tokio::test]
async fn lowering_your_own_access_is_planned_with_a_warning() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 160, 40, Theme::plain()).await;
    d.key(KeyCode::Char(':')).await;
    d.typ("objects").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Char('/')).await;
    d.typ("Alpha Systems").await;
    d.key(KeyCode::Enter).await;
    // The account alone (the cursor's row), down to view.
    d.key(KeyCode::Char('1')).await;
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let s = d.screen();
    assert!(s.contains("⚠ this lowers your own access"), "{s}");
    assert!(s.contains("manage → view"), "{s}");
    d.key(KeyCode::Esc).await;
    let me = ls.manager().access(login(2), "Alpha Systems").await.unwrap();
    assert!(
        me.entries.iter().any(|e| e.direct == AccessLevel::Manage),
        "nothing was sent"
    );
}

#[tokio::test]
async fn copying_a_lower_level_onto_yourself_warns_first() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 160, 50, Theme::plain()).await;
    d.key(KeyCode::Char(':')).await;
    d.typ("compare 0004 0002").await;
    d.key(KeyCode::Enter).await;
    assert!(d.screen().contains("Compare 0004 Test4 ↔ 0002 demo.manager"));
    // The manager's own account: managed directly, Test4 has nothing there.
    let mut found = false;
    for _ in 0..200 {
        let c = d.app.compare().unwrap();
        let r = &c.rows[c.shown[c.at.cursor]];
        if r.label.starts_with("account «Alpha Systems»") {
            found = true;
            break;
        }
        d.key(KeyCode::Down).await;
    }
    assert!(found, "{}", d.screen());
    d.key(KeyCode::Char('>')).await;
    let s = d.screen();
    assert!(s.contains("manage → none"), "{s}");
    assert!(s.contains("⚠ this lowers your own access"), "{s}");
    d.key(KeyCode::Esc).await;
}
