//! Safe bulk edits and the sign-in screen, driven with keys against the real service: what a
//! save will do is said before it is sent, lowering one's own access asks, a mask never leaves
//! hidden objects selected, and a refused sign-in is typed again in place.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::domain::{AccessLevel, Login, ObjectKind};
use ls_console::server::seed::{DEMO_MANAGER, DEMO_TEST4};
use ls_console::tui::objects::tree::ObjectTree;
use ls_console::tui::request::Req;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::collections::HashMap;

fn pane(d: &Driver) -> &ObjectTree {
    d.app.objects_pane().expect("the objects pane")
}

fn card_tree(d: &Driver) -> &ObjectTree {
    d.app
        .card()
        .and_then(|c| c.tree.as_ref())
        .expect("the Access tab's tree")
}

async fn command(d: &mut Driver, c: &str) {
    d.key(KeyCode::Char(':')).await;
    d.typ(c).await;
    d.key(KeyCode::Enter).await;
}

async fn mask(d: &mut Driver, m: &str) {
    d.key(KeyCode::Char('/')).await;
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ(m).await;
    d.key(KeyCode::Enter).await;
}

fn effective(p: &ls_console::api::AccessPage) -> HashMap<i64, AccessLevel> {
    p.entries.iter().map(|e| (e.object_id, e.effective)).collect()
}

/// The four keys: `:obj` on its own sub-dealer's account, Space, `1`, Ctrl-S. The plan
/// says how many of its own objects it loses — the number the server then really takes away —
/// and nothing is sent until `y`; afterwards the tree no longer offers what it lost.
/// A sub-dealer's account the manager manages through a direct grant (its `before` levels).
async fn managed_sub_account(m: &ls_console::api::Client, before: &ls_console::api::AccessPage) -> i64 {
    m.dealers()
        .await
        .unwrap()
        .into_iter()
        .filter(|d| d.parent_id.is_some())
        .filter_map(|d| d.account_id)
        .find(|a| {
            before
                .entries
                .iter()
                .any(|e| e.object_id == *a && e.direct == AccessLevel::Manage)
        })
        .expect("a sub-dealer account managed directly")
}

/// N in a plan's "this lowers your own access on N objects".
fn warned_count(screen: &str) -> usize {
    let warn = screen
        .lines()
        .find(|l| l.contains("this lowers your own access on"))
        .unwrap_or_else(|| panic!("a warning: {screen}"));
    warn.split("access on ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count in {warn}"))
}

/// The oracle: how many objects' effective level the server lowered between two readings.
fn lost_since(before: &ls_console::api::AccessPage, after: &ls_console::api::AccessPage) -> usize {
    let (b, a) = (effective(before), effective(after));
    b.iter()
        .filter(|(id, l)| a.get(id).copied().unwrap_or_default() < **l)
        .count()
}

#[tokio::test]
async fn lowering_ones_own_access_is_counted_and_asked_before_it_is_sent() {
    let ls = demo().await;
    let m = ls.manager();
    let me = Login::new(DEMO_MANAGER.login).unwrap();
    let before = m.access(me, "").await.unwrap();
    // A sub-dealer's account the manager manages through a direct grant.
    let acc = managed_sub_account(&m, &before).await;
    let name = m.object(acc).await.unwrap().object.name;
    let mut d = Driver::new(&ls, 120, 40, Theme::plain()).await;
    command(&mut d, &format!("obj {name}")).await;
    assert_eq!(
        pane(&d).object(0).map(|o| o.id),
        Some(acc),
        "the mask from :obj is applied"
    );
    d.key(KeyCode::Char(' ')).await;
    assert_eq!(pane(&d).selected.len(), 1, "Space selects the account alone");
    d.key(KeyCode::Char('1')).await;
    let audit_before = ls.admin().audit().await.unwrap().entries.len();
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let s = d.screen();
    let n = warned_count(&s);
    assert!(s.contains("manage → view"), "{s}");
    // Enter asks; any key but y keeps the plan and sends nothing.
    d.key(KeyCode::Enter).await;
    assert!(
        d.screen().contains("Lower your own access? y applies"),
        "{}",
        d.screen()
    );
    d.key(KeyCode::Char('n')).await;
    assert!(d.lines().pop().unwrap().contains("plan kept"));
    assert_eq!(
        ls.admin().audit().await.unwrap().entries.len(),
        audit_before,
        "nothing sent"
    );
    assert!(
        d.screen().contains("this lowers your own access"),
        "the plan is still there"
    );
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Char('y')).await;
    assert!(
        d.lines().pop().unwrap().contains("saved 1 access change"),
        "{}",
        d.lines().pop().unwrap()
    );
    // The oracle: what the server now says was lost.
    let lost = lost_since(&before, &m.access(me, "").await.unwrap());
    assert!(lost > 100, "the account's units went with it: {lost}");
    assert_eq!(n, lost, "the plan counted what the save took away");
    // The viewer's levels were read again: the account is no longer offered.
    let forest = d.app.session.forest.clone().expect("objects");
    assert_eq!(forest.level(acc), Some(AccessLevel::View));
    let row = d
        .lines()
        .into_iter()
        .find(|l| l.contains(&name))
        .expect("the account's row");
    assert!(row.contains("(read-only)"), "{row}");
}

/// Space takes a group alone (one grant its units inherit); `*` takes the group with its units
/// (each its own grant). A new mask unselects what it hides, and says so.
#[tokio::test]
async fn space_takes_a_node_alone_star_takes_its_branch_and_a_mask_unselects_what_it_hides() {
    let ls = demo().await;
    let m = ls.manager();
    let groups = m
        .objects(Some(ObjectKind::UnitGroup), "Omsk restaurants 9", None)
        .await
        .unwrap()
        .objects;
    let g = groups[0].clone();
    let members = m.object(g.id).await.unwrap().members;
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    d.key_mod(KeyCode::Char('4'), KeyModifiers::ALT).await;
    mask(&mut d, &g.name).await;
    d.key(KeyCode::Down).await;
    assert_eq!(card_tree(&d).object(card_tree(&d).cursor()).unwrap().id, g.id);
    d.key(KeyCode::Char(' ')).await;
    assert_eq!(card_tree(&d).selected.iter().copied().collect::<Vec<_>>(), [g.id]);
    d.key(KeyCode::Char(' ')).await;
    assert!(card_tree(&d).selected.is_empty());
    d.key(KeyCode::Char('*')).await;
    let sel = &card_tree(&d).selected;
    assert_eq!(sel.len(), members.len() + 1);
    assert!(members.iter().all(|u| sel.contains(u)));
    // Another group's mask hides all of them: unselected, and the status line says how many.
    let all = m.objects(Some(ObjectKind::UnitGroup), "", None).await.unwrap().objects;
    let other = all
        .into_iter()
        .find(|o| o.account_id == g.account_id && o.name != g.name && !o.name.starts_with(&g.name))
        .expect("another group of the account");
    mask(&mut d, &other.name).await;
    assert!(card_tree(&d).selected.is_empty(), "nothing hidden stays selected");
    let last = d.lines().pop().unwrap();
    assert!(
        last.contains(&format!("the mask hides {} selected objects", members.len() + 1)),
        "{last}"
    );
    // A level key now reaches the cursor's node only (the group under the account).
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Char('2')).await;
    // (A sub-dealer's group: refused for Test4, and named — the one node, nothing hidden.)
    let t = card_tree(&d);
    assert_eq!(t.pending.len() + t.skipped.len(), 1, "{}", d.lines().pop().unwrap());
}

/// A unit in a group that gives Test4 more: the tree and the plan say the level that will take
/// effect, not only the grant written.
#[tokio::test]
async fn the_plan_and_the_tree_say_the_level_that_will_take_effect() {
    let ls = demo().await;
    let m = ls.manager();
    let t4 = Login::new(DEMO_TEST4.login).unwrap();
    let acc = m.access(t4, "").await.unwrap();
    // Units that take edit from a group and have no grant of their own: two of one group.
    let mut by_group: HashMap<i64, Vec<i64>> = HashMap::new();
    for e in &acc.entries {
        if let ls_console::domain::LevelSource::Group { object_id } = e.source {
            if e.effective == AccessLevel::Edit && e.direct == AccessLevel::None {
                by_group.entry(object_id).or_default().push(e.object_id);
            }
        }
    }
    let (gid, units) = by_group
        .into_iter()
        .find(|(_, u)| u.len() >= 2)
        .expect("a group giving Test4 edit on two units");
    let g = m.object(gid).await.unwrap();
    let plain: Vec<i64> = units.into_iter().take(2).collect();
    let mut d = Driver::new(&ls, 140, 60, Theme::plain()).await;
    d.open_user("Test4").await;
    d.key_mod(KeyCode::Char('4'), KeyModifiers::ALT).await;
    mask(&mut d, &g.object.name).await;
    let mut rows: Vec<usize> = plain
        .iter()
        .map(|id| {
            (0..card_tree(&d).rows.len())
                .find(|r| card_tree(&d).object(*r).map(|o| o.id) == Some(*id))
                .expect("the unit is shown")
        })
        .collect();
    rows.sort();
    for row in rows {
        while card_tree(&d).cursor() < row {
            d.key(KeyCode::Down).await;
        }
        d.key(KeyCode::Char(' ')).await;
    }
    d.key(KeyCode::Char('1')).await;
    assert_eq!(card_tree(&d).pending.len(), 2);
    assert!(d.screen().contains("[E] → [E]* (direct [V])"), "{}", d.screen());
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let s = d.screen();
    assert!(s.contains("none → view  (in effect: edit)"), "{s}");
    assert!(!s.contains("lowers your own"), "not the viewer's own access: {s}");
}

/// A wrong password: one request, one failure, the sign-in screen (no `loading…` forever);
/// the password typed there signs in without a restart.
#[tokio::test]
async fn a_refused_sign_in_is_typed_again_on_the_sign_in_screen() {
    let ls = demo().await;
    let wrong = ls.client(DEMO_MANAGER.login, "not-the-password", DEMO_MANAGER.token);
    let mut d = Driver::with(wrong, Some(ls_console::domain::Language::En), 100, 30, Theme::plain()).await;
    assert_eq!(d.sent, [Req::Me], "one start is one sign-in attempt");
    let s = d.screen();
    assert!(s.contains("Sign in") && s.contains("Password"), "{s}");
    assert!(s.contains("cannot sign in"), "{s}");
    d.typ(&format!("{:04}", DEMO_MANAGER.login)).await;
    d.key(KeyCode::Tab).await;
    d.typ("wrong-again").await;
    assert!(!d.screen().contains("wrong-again"), "the password is hidden");
    d.key(KeyCode::Enter).await;
    assert_eq!(d.sent.iter().filter(|r| **r == Req::Me).count(), 2, "one more attempt");
    assert!(d.screen().contains("Sign in"), "still refused: {}", d.screen());
    d.typ(DEMO_MANAGER.password).await;
    d.key(KeyCode::Enter).await;
    let s = d.screen();
    assert!(!s.contains("Sign in"), "{s}");
    assert!(s.contains("Test4"), "the users list is there: {s}");
    assert!(d.app.session.viewer.is_some());
}

/// `:user 0004` opens the card from anywhere; `:blocked` lists only blocked users.
#[tokio::test]
async fn the_command_line_jumps_to_a_user_and_lists_the_blocked() {
    let ls = demo().await;
    // Test4 blocked, so the list has at least one.
    let m = ls.manager();
    let t4 = Login::new(DEMO_TEST4.login).unwrap();
    let u = m.user(t4).await.unwrap();
    let mut draft = ls_console::domain::UserDraft::from(&u);
    draft.login_allowed = false;
    m.update_user(t4, u.version, &draft).await.unwrap();
    let mut d = Driver::new(&ls, 120, 40, Theme::plain()).await;
    command(&mut d, "user 0004").await;
    let c = d.app.card().expect("the card opened");
    assert_eq!(c.pane.user.as_ref().map(|u| u.login.get()), Some(DEMO_TEST4.login));
    d.key(KeyCode::Esc).await;
    command(&mut d, "user 9998").await;
    assert!(
        d.lines().pop().unwrap().contains("no user 9998"),
        "{}",
        d.lines().pop().unwrap()
    );
    command(&mut d, "blocked").await;
    let shown = d.app.users().shown_users();
    assert!(!shown.is_empty() && shown.iter().all(|u| !u.login_allowed));
    let all = d.app.session.users.users.iter().filter(|u| !u.login_allowed).count();
    assert_eq!(shown.len(), all);
    assert!(d.screen().contains("blocked only"));
    command(&mut d, "blocked").await;
    assert_eq!(d.app.users().shown_users().len(), d.app.session.users.users.len());
}

/// Esc clearing the search keeps the user under the cursor; h/l stop at the ends.
#[tokio::test]
async fn clearing_the_search_keeps_the_cursor_and_columns_do_not_wrap() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 40, Theme::plain()).await;
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.typ("Test4").await;
    d.key(KeyCode::Enter).await;
    assert_eq!(
        d.app.users().selected_user().map(|u| u.login.get()),
        Some(DEMO_TEST4.login)
    );
    d.key(KeyCode::Esc).await;
    assert!(!d.app.users().filters_active());
    assert_eq!(
        d.app.users().selected_user().map(|u| u.login.get()),
        Some(DEMO_TEST4.login),
        "the cursor stayed on Test4"
    );
    for _ in 0..12 {
        d.key(KeyCode::Left).await;
    }
    assert_eq!(d.app.users().focus, 0);
    d.key(KeyCode::Left).await;
    assert_eq!(d.app.users().focus, 0, "no wrap to the last column");
}

/// The object card counts what lowering the viewer's own grant takes exactly as the tree does
/// (an account's grant reaches every unit under it): the plan's N equals what the server then
/// takes away, and the viewer's objects are read again after the save.
#[tokio::test]
async fn the_object_card_counts_everything_lowering_ones_own_grant_takes() {
    let ls = demo().await;
    let m = ls.manager();
    let me = Login::new(DEMO_MANAGER.login).unwrap();
    let before = m.access(me, "").await.unwrap();
    let acc = managed_sub_account(&m, &before).await;
    let name = m.object(acc).await.unwrap().object.name;
    let mut d = Driver::new(&ls, 120, 40, Theme::plain()).await;
    command(&mut d, &format!("obj {name}")).await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Tab).await;
    d.key(KeyCode::Char('/')).await;
    d.typ("demo.manager").await;
    d.key(KeyCode::Enter).await;
    assert_eq!(d.app.object_card().expect("card").shown.len(), 1, "{}", d.screen());
    d.key(KeyCode::Char('1')).await;
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let s = d.screen();
    let n = warned_count(&s);
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Char('y')).await;
    assert!(d.status().contains("saved"), "{}", d.status());
    let lost = lost_since(&before, &m.access(me, "").await.unwrap());
    assert!(lost > 100, "the account's units went with it: {lost}");
    assert_eq!(n, lost, "the plan counted what the save took away");
    let forest = d.app.session.forest.clone().expect("objects");
    assert_eq!(
        forest.level(acc),
        Some(AccessLevel::View),
        "the viewer's objects were read again"
    );
}

/// A command that closes the rooms (`:user`, `:obj`, `:blocked`, `:q` …) asks before it drops a
/// card's draft or pending levels; so does Ctrl-C for pending levels, not only for a draft.
#[tokio::test]
async fn commands_and_ctrl_c_ask_before_dropping_unsaved_work() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 40, Theme::plain()).await;
    d.open_user("Test4").await;
    crate::card::set(&mut d, "city", "Perm").await;
    // In a text field `:` is typed; on the rights tab it opens the command line.
    d.key_mod(KeyCode::Char('2'), KeyModifiers::ALT).await;
    command(&mut d, "user 0002").await;
    assert!(
        d.status().contains(":user 0002 leaves unsaved changes"),
        "{}",
        d.status()
    );
    d.key(KeyCode::Char('n')).await;
    assert!(d.status().contains("stayed"), "{}", d.status());
    assert!(d.app.card().is_some_and(|c| c.pane.dirty()), "the draft stays");
    command(&mut d, "blocked").await;
    d.key(KeyCode::Char('y')).await;
    assert!(d.app.card().is_none(), "y goes on and drops the draft");
    assert!(d.app.users().blocked_only);
    // Pending levels in the objects tree.
    command(&mut d, "blocked").await;
    command(&mut d, "obj Omsk restaurants 9").await;
    d.key(KeyCode::Char(' ')).await;
    d.key(KeyCode::Char('1')).await;
    assert_eq!(pane(&d).pending.len(), 1, "{}", d.screen());
    command(&mut d, "q").await;
    assert!(!d.app.quit, "asked, not gone");
    d.key(KeyCode::Esc).await;
    assert_eq!(pane(&d).pending.len(), 1, "still pending");
    d.key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL).await;
    assert!(!d.app.quit);
    assert!(d.status().contains("quit and lose them? y/n"), "{}", d.status());
    d.key(KeyCode::Char('n')).await;
    command(&mut d, "q!").await;
    assert!(d.app.quit, ":q! does not ask");
}

/// Tab completes commands, users (by login or the start of their name) and objects; Tab again
/// walks the candidates; Up and Down walk the commands run before.
#[tokio::test]
async fn the_command_line_completes_and_remembers() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 40, Theme::plain()).await;
    let line = |d: &mut Driver| d.lines().pop().unwrap_or_default();
    d.key(KeyCode::Char(':')).await;
    d.typ("bl").await;
    d.key(KeyCode::Tab).await;
    assert!(line(&mut d).starts_with(":blocked"), "{}", line(&mut d));
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ("us").await;
    d.key(KeyCode::Tab).await;
    assert!(line(&mut d).starts_with(":users   1/2"), "{}", line(&mut d));
    d.key(KeyCode::Tab).await;
    assert!(line(&mut d).starts_with(":user    2/2"), "{}", line(&mut d));
    // A user by the start of the name: the login goes on the line, the name beside it.
    d.typ("tes").await;
    d.key(KeyCode::Tab).await;
    let l = line(&mut d);
    assert!(l.starts_with(":user 0004") && l.contains("Test4"), "{l}");
    d.key(KeyCode::Enter).await;
    assert_eq!(
        d.app.card().and_then(|c| c.pane.login()).map(|l| l.to_string()),
        Some("0004".into())
    );
    d.key(KeyCode::Esc).await;
    // Objects by the start of the name.
    d.key(KeyCode::Char(':')).await;
    d.typ("obj omsk restaurants ").await;
    d.key(KeyCode::Tab).await;
    assert!(line(&mut d).contains("reading the objects"), "{}", line(&mut d));
    d.key(KeyCode::Tab).await;
    assert!(line(&mut d).starts_with(":obj Omsk restaurants "), "{}", line(&mut d));
    d.key(KeyCode::Esc).await;
    // Nothing to complete is said.
    d.key(KeyCode::Char(':')).await;
    d.typ("user zzzz").await;
    d.key(KeyCode::Tab).await;
    assert!(line(&mut d).contains("nothing to complete"), "{}", line(&mut d));
    d.key(KeyCode::Esc).await;
    // History: Up brings back the last command run, Down returns to what was typed.
    d.key(KeyCode::Char(':')).await;
    d.typ("bl").await;
    d.key(KeyCode::Up).await;
    assert!(line(&mut d).starts_with(":user 0004"), "{}", line(&mut d));
    d.key(KeyCode::Down).await;
    assert!(line(&mut d).starts_with(":bl"), "{}", line(&mut d));
}
