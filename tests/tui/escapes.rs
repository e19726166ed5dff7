//! Untrusted text on the console's screen (issue #31 item 7): names and values holding terminal
//! sequences, bidi controls and invisible characters — put into the database by hand, as the
//! service's validation refuses them now — reach no cell raw; each shows as its visible escape
//! (`⟨U+001B⟩`) in the users list, a card's title, the objects tree, its explain popup, the plan
//! popup and the audit change popup.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::domain::text::hazard;
use ls_console::domain::{AccessLevel, Language, ObjectKind, UserDraft};
use ls_console::tui::objects::tree::ObjectTree;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::time::Duration;

/// Test4's username: clears the screen, reverses what follows, hides a character.
const USERNAME: &str = "Test4\u{1b}[2J\u{202E}\u{200B}";
const USERNAME_SHOWN: &str = "Test4⟨U+001B⟩[2J⟨U+202E⟩⟨U+200B⟩";
/// A unit's name: writes the clipboard (OSC 52), then isolates what follows.
const UNIT: &str = "Zzhostile\u{1b}]52;c;ZXZpbA==\u{7}\u{2066}A";
const UNIT_SHOWN: &str = "Zzhostile⟨U+001B⟩]52;c;ZXZpbA==⟨U+0007⟩⟨U+2066⟩A";
/// A second unit under the same mask (a plan needs two changes).
const OTHER_UNIT: &str = "Zzhostile plain B";
/// A city as an audit row holds it (JSON escapes in the stored detail): sets the window title.
const CITY_JSON: &str = r"Ka\u001b]0;pwned\u0007\u202ezan";
const CITY_SHOWN: &str = "Ka⟨U+001B⟩]0;pwned⟨U+0007⟩⟨U+202E⟩zan";

/// The screen, after asserting that no cell holds a character a terminal would obey or hide.
fn clean(d: &mut Driver, at: &str) -> String {
    let b = d.buffer();
    for cell in b.content() {
        let sym = cell.symbol();
        assert!(
            sym.chars().all(|c| hazard(c).is_none()),
            "{at}: {sym:?} reached the screen raw:\n{}",
            d.screen()
        );
    }
    d.screen()
}

fn card_tree(d: &Driver) -> &ObjectTree {
    d.app
        .card()
        .and_then(|c| c.tree.as_ref())
        .expect("the Access tab has a tree")
}

/// Rewrites rows by hand, through a connection of its own (the service's caches see another
/// writer and drop what they hold).
fn by_hand(ls: &Ls, sql: &str, params: &[&str]) {
    let c = rusqlite::Connection::open(&ls.db_path).expect("db");
    c.busy_timeout(Duration::from_secs(5)).expect("timeout");
    let n = c
        .execute(sql, rusqlite::params_from_iter(params.iter()))
        .expect("written by hand");
    assert!(n > 0, "{sql}: no row changed");
}

#[tokio::test]
async fn hostile_names_and_values_show_as_escapes_on_every_screen() {
    let ls = demo().await;
    let m = ls.manager();
    // An audited change first (through the API, with plain text), its values made hostile after.
    let u = m.user(login(4)).await.expect("test4");
    let mut draft = UserDraft::from(&u);
    draft.city = "Kazan".into();
    m.update_user(u.login, u.version, &draft).await.expect("saved");
    // Two units of the manager's own account, which it may set Test4's levels on.
    let alpha = m
        .objects(Some(ObjectKind::Account), "Alpha Systems", None)
        .await
        .expect("accounts")
        .objects[0]
        .id;
    let units: Vec<i64> = m
        .objects(Some(ObjectKind::Unit), "", None)
        .await
        .expect("units")
        .objects
        .into_iter()
        .filter(|o| o.account_id == Some(alpha))
        .map(|o| o.id)
        .take(2)
        .collect();
    assert_eq!(units.len(), 2, "two units of Alpha");
    by_hand(&ls, "UPDATE users SET username = ?1 WHERE login = 4", &[USERNAME]);
    by_hand(
        &ls,
        "UPDATE objects SET name = ?1 WHERE id = (SELECT object_id FROM users WHERE login = 4)",
        &[USERNAME],
    );
    let (ua, ub) = (units[0].to_string(), units[1].to_string());
    by_hand(&ls, "UPDATE objects SET name = ?1 WHERE id = ?2", &[UNIT, ua.as_str()]);
    by_hand(
        &ls,
        "UPDATE objects SET name = ?1 WHERE id = ?2",
        &[OTHER_UNIT, ub.as_str()],
    );
    by_hand(
        &ls,
        "UPDATE audit SET target_name = ?1, detail = replace(detail, 'Kazan', ?2) \
         WHERE action = 'user.update' AND target = '0004' AND detail LIKE '%Kazan%'",
        &[USERNAME, CITY_JSON],
    );

    // The users list, searched by the username (the match marked over the escapes).
    let mut d = Driver::new(&ls, 160, 45, Theme::plain()).await;
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.typ("Test4").await;
    d.key(KeyCode::Enter).await;
    let s = clean(&mut d, "users list");
    // The column may cut the cell: its start is enough to tell the escape is there.
    assert!(s.contains("Test4⟨U+"), "the list shows the escape: {s}");
    // The card: its title names the user.
    d.key(KeyCode::Enter).await;
    let s = clean(&mut d, "card");
    assert!(
        s.contains(&format!("User 0004 · {USERNAME_SHOWN}")),
        "the card's title: {s}"
    );
    // The objects tree of the Access tab.
    d.key_mod(KeyCode::Char('4'), KeyModifiers::ALT).await;
    d.key(KeyCode::Char('/')).await;
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ("Zzhostile*").await;
    d.key(KeyCode::Enter).await;
    let s = clean(&mut d, "tree");
    assert!(s.contains(UNIT_SHOWN), "the tree's row: {s}");
    assert!(s.contains(OTHER_UNIT), "{s}");
    let t = card_tree(&d);
    let at = |id: i64| {
        t.rows
            .iter()
            .position(|r| t.forest.objects[r.idx].id == id)
            .expect("the unit is shown")
    };
    let (pa, pb) = (at(units[0]), at(units[1]));
    let direct = |id: i64| t.levels.get(&id).map(|e| e.direct).unwrap_or_default();
    let (da, db) = (direct(units[0]), direct(units[1]));
    let (key, word) = [
        (AccessLevel::Execute, '2', "execute"),
        (AccessLevel::Edit, '3', "edit"),
        (AccessLevel::View, '1', "view"),
    ]
    .into_iter()
    .find(|(l, _, _)| *l != da && *l != db)
    .map(|(_, k, w)| (k, w))
    .expect("a level neither unit has");
    // `w` on the hostile unit: the explain popup names it.
    for _ in 0..pa {
        d.key(KeyCode::Down).await;
    }
    d.key(KeyCode::Char('w')).await;
    let s = clean(&mut d, "explain popup");
    // The popup's first line (inside its border and padding) is the name.
    assert!(
        s.contains("Why this level") && s.contains(&format!("│ {UNIT_SHOWN}")),
        "{s}"
    );
    d.key(KeyCode::Char('x')).await;
    // Both units selected and given a level: Ctrl-S shows the plan, a row per unit.
    d.key(KeyCode::Char(' ')).await;
    for _ in 0..(pb as isize - pa as isize).unsigned_abs() {
        d.key(if pb > pa { KeyCode::Down } else { KeyCode::Up }).await;
    }
    d.key(KeyCode::Char(' ')).await;
    d.key(KeyCode::Char(key)).await;
    let pending = card_tree(&d).pending.len();
    assert_eq!(pending, 2, "both units pending: {}", d.status());
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let s = clean(&mut d, "plan popup");
    assert!(s.contains("Plan:"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.contains(UNIT_SHOWN) && l.contains(&format!("→ {word}"))),
        "the plan's row names the unit made visible: {s}"
    );
    d.key(KeyCode::Esc).await;
    clean(&mut d, "plan dropped");

    // The audit pane and the change's popup, in the admin's console.
    let mut a = Driver::with(ls.admin(), Some(Language::En), 160, 45, Theme::plain()).await;
    a.key(KeyCode::Char(':')).await;
    a.typ("audit").await;
    a.key(KeyCode::Enter).await;
    let s = clean(&mut a, "audit pane");
    assert!(s.contains("changed city"), "{s}");
    a.key(KeyCode::Enter).await;
    let s = clean(&mut a, "audit change popup");
    assert!(s.contains(&format!("→ {CITY_SHOWN}")), "the change's fields: {s}");
    assert!(
        s.contains(&format!("0004 {USERNAME_SHOWN}")),
        "the change's target: {s}"
    );
}
