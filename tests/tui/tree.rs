//! The objects tree in the user card and the Objects pane, driven with keys against the server.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::domain::{AccessLevel, Login, Mask, ObjectKind};
use ls_console::server::seed::DEMO_TEST4;
use ls_console::tui::objects::tree::ObjectTree;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::collections::HashSet;

/// Issue #30: the viewer's own work first, folds, natural order, the mask history.
mod own_work;

async fn card_tree(ls: &Ls, h: u16) -> Driver {
    card_tree_kept_in(ls, h, None).await
}

/// Test4's Access tab, the console keeping what it remembers in `data` (none: nothing kept).
async fn card_tree_kept_in(ls: &Ls, h: u16, data: Option<&std::path::Path>) -> Driver {
    let mut d = Driver::new(ls, 140, h, Theme::plain()).await;
    d.app.session.data_dir = data.map(|p| p.to_path_buf());
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.typ("Test4").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Enter).await;
    d.key_mod(KeyCode::Char('4'), KeyModifiers::ALT).await;
    d
}

fn tree(d: &Driver) -> &ObjectTree {
    d.app
        .card()
        .and_then(|c| c.tree.as_ref())
        .expect("the Access tab has a tree")
}

async fn mask(d: &mut Driver, m: &str) {
    d.key(KeyCode::Char('/')).await;
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ(m).await;
    d.key(KeyCode::Enter).await;
}

fn shown_names(t: &ObjectTree, kind: ObjectKind) -> HashSet<String> {
    t.rows
        .iter()
        .map(|r| &t.forest.objects[r.idx])
        .filter(|o| o.kind == kind)
        .map(|o| o.name.clone())
        .collect()
}

#[tokio::test]
async fn big_tree_starts_empty_then_a_wildcard_mask_fills_it_like_the_server() {
    let ls = demo().await;
    let mut d = card_tree(&ls, 40).await;
    let s = d.screen();
    assert!(s.contains("More than 100 objects"), "{s}");
    assert!(tree(&d).rows.is_empty());
    // The sub-dealers' objects are out of Test4's reach: shown, so every match is there.
    d.key(KeyCode::Char('R')).await;
    for m in ["Fuel Station ?????? #1*", "*кафе*", "pizza*#2?"] {
        mask(&mut d, m).await;
        let shown = shown_names(tree(&d), ObjectKind::Unit);
        let server: HashSet<String> = ls
            .manager()
            .objects(Some(ObjectKind::Unit), m, None)
            .await
            .unwrap()
            .objects
            .into_iter()
            .map(|o| o.name)
            .collect();
        assert!(!server.is_empty(), "{m}");
        assert_eq!(shown, server, "mask {m}: the tree and the server agree");
        let mk = Mask::new(m);
        assert!(shown.iter().all(|n| mk.matches(n)));
    }
    let s = d.screen();
    assert!(
        s.contains("[ ] [-] Пиццерия") || s.contains("Pizza") || s.contains("unit"),
        "{s}"
    );
}

#[tokio::test]
async fn star_on_a_branch_selects_its_children_and_shift_extends() {
    let ls = demo().await;
    let m = ls.manager();
    let g = m
        .objects(Some(ObjectKind::UnitGroup), "Omsk restaurants 9", None)
        .await
        .unwrap()
        .objects[0]
        .clone();
    let members = m.object(g.id).await.unwrap().members;
    let mut d = card_tree(&ls, 40).await;
    mask(&mut d, &g.name).await;
    // Rows: account, group, its units.
    d.key(KeyCode::Down).await;
    assert_eq!(tree(&d).object(tree(&d).cursor()).unwrap().id, g.id);
    d.key(KeyCode::Char('*')).await;
    let sel = &tree(&d).selected;
    assert_eq!(sel.len(), members.len() + 1);
    assert!(members.iter().all(|u| sel.contains(u)) && sel.contains(&g.id));
    // `*` again clears the branch; Esc clears the selection.
    d.key(KeyCode::Char('*')).await;
    assert!(tree(&d).selected.is_empty());
    d.key(KeyCode::Down).await;
    for _ in 0..4 {
        d.key_mod(KeyCode::Down, KeyModifiers::SHIFT).await;
    }
    assert_eq!(tree(&d).selected.len(), 5);
    assert!(d.screen().contains("5 selected"));
    d.key(KeyCode::Esc).await;
    assert!(tree(&d).selected.is_empty());
    assert!(d.app.card().is_some(), "Esc with a selection only clears it");
}

#[tokio::test]
async fn set_a_level_on_fifty_units_in_one_batch() {
    let ls = demo().await;
    let m = ls.manager();
    // A group of Test4's own dealer: objects of a sub-dealer are out of its reach.
    let alpha = m
        .objects(Some(ObjectKind::Account), "Alpha Systems", None)
        .await
        .unwrap()
        .objects[0]
        .id;
    let groups = m.objects(Some(ObjectKind::UnitGroup), "", None).await.unwrap().objects;
    let mut big = None;
    for g in groups.clone() {
        // Group names repeat across accounts; the mask must bring this one alone.
        if g.account_id != Some(alpha) || groups.iter().filter(|o| o.name == g.name).count() > 1 {
            continue;
        }
        let det = m.object(g.id).await.unwrap();
        if det.members.len() >= 50 {
            big = Some((g, det.members));
            break;
        }
    }
    let (g, _members) = big.expect("a group with 50 units");
    let mut d = card_tree(&ls, 100).await;
    mask(&mut d, &g.name).await;
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Down).await; // first unit of the group
    for _ in 0..49 {
        d.key_mod(KeyCode::Down, KeyModifiers::SHIFT).await;
    }
    let units: Vec<i64> = tree(&d).selected.iter().copied().collect();
    assert_eq!(units.len(), 50);
    d.key(KeyCode::Char('2')).await;
    assert_eq!(tree(&d).pending.len(), 50);
    assert!(d.lines().pop().unwrap().contains("execute pending on 50 objects"));
    let audit_before = ls.admin().audit().await.unwrap().entries.len();
    // Ctrl-S shows the plan first: nothing is sent until Enter, and Esc sends nothing.
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let s = d.screen();
    assert!(
        s.contains("Plan: access levels for user 0004") && s.contains("Enter applies 50 changes"),
        "{s}"
    );
    assert!(s.contains("none → execute"), "rows say from → to: {s}");
    d.key(KeyCode::Esc).await;
    assert!(d.lines().pop().unwrap().contains("plan dropped"));
    assert_eq!(
        ls.admin().audit().await.unwrap().entries.len(),
        audit_before,
        "Esc sends nothing"
    );
    assert_eq!(tree(&d).pending.len(), 50, "the pending levels stay");
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    d.key(KeyCode::Enter).await;
    assert!(
        d.lines().pop().unwrap().contains("saved 50 access changes"),
        "{}",
        d.lines().pop().unwrap()
    );
    assert_eq!(ls.admin().audit().await.unwrap().entries.len(), audit_before + 50);
    let acc = m.access(Login::new(DEMO_TEST4.login).unwrap(), "").await.unwrap();
    for u in &units {
        let e = acc.entries.iter().find(|e| e.object_id == *u).expect("granted");
        assert_eq!(e.direct, AccessLevel::Execute);
    }
    // After the reload the tags read [X] (or higher, where a group gives more).
    assert!(tree(&d).pending.is_empty());
    let s = d.screen();
    assert!(s.matches("[X]").count() >= 40, "{s}");
}

#[tokio::test]
async fn explain_says_from_group() {
    let ls = demo().await;
    let t4 = Login::new(DEMO_TEST4.login).unwrap();
    let acc = ls.manager().access(t4, "").await.unwrap();
    // A unit whose level comes from a group.
    let e = acc
        .entries
        .iter()
        .find(|e| matches!(e.source, ls_console::domain::LevelSource::Group { .. }))
        .expect("Test4 has group grants")
        .clone();
    let unit = ls.manager().object(e.object_id).await.unwrap();
    let ls_console::domain::LevelSource::Group { object_id: gid } = e.source else {
        unreachable!()
    };
    let group = ls.manager().object(gid).await.unwrap();
    let mut d = card_tree(&ls, 60).await;
    mask(&mut d, &unit.object.name).await;
    let pos = tree(&d)
        .rows
        .iter()
        .position(|r| tree(&d).forest.objects[r.idx].id == unit.object.id)
        .unwrap();
    for _ in 0..pos {
        d.key(KeyCode::Down).await;
    }
    d.key(KeyCode::Char('w')).await;
    let s = d.screen();
    assert!(s.contains("Why this level"), "{s}");
    assert!(s.contains(&format!("from group «{}»", group.object.name)), "{s}");
    assert!(s.contains(&format!("effective: {}", e.effective)));
    d.key(KeyCode::Char('x')).await;
    assert!(!d.screen().contains("Why this level"));
    // The Object groups tab lists the groups Test4 reaches.
    d.key_mod(KeyCode::Char('3'), KeyModifiers::ALT).await;
    assert!(d.screen().contains(&group.object.name));
}

#[tokio::test]
async fn a_non_manager_sees_grey_nodes_and_the_refusal() {
    let ls = demo().await;
    let mut d = Driver::with(
        ls.as_account(&DEMO_TEST4),
        Some(ls_console::domain::Language::En),
        140,
        40,
        Theme::plain(),
    )
    .await;
    objects_pane(&mut d).await;
    let t = d.app.objects_pane().expect("objects pane");
    assert!(t.forest.len() > 100);
    mask(&mut d, "*").await;
    let s = d.screen();
    assert!(s.contains("(read-only)"), "{s}");
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Char('3')).await;
    let st = d.lines().pop().unwrap();
    assert!(st.contains("not changed") && st.contains("ACCESS_MANAGE"), "{st}");
    assert!(d.app.objects_pane().unwrap().pending.is_empty());
    // Enter opens the object's card with its licenses.
    d.key(KeyCode::Enter).await;
    let s = d.screen();
    assert!(s.contains("Licenses") || s.contains("Accessors"), "{s}");
}

#[tokio::test]
async fn object_groups_tab_adds_and_removes_groups() {
    let ls = demo().await;
    let t4 = Login::new(DEMO_TEST4.login).unwrap();
    let mut d = card_tree(&ls, 60).await;
    d.key_mod(KeyCode::Char('3'), KeyModifiers::ALT).await;
    let groups = |ls: &Ls| {
        let m = ls.manager();
        async move {
            let acc = m.access(t4, "").await.unwrap();
            let gs: HashSet<i64> = m
                .objects(Some(ObjectKind::UnitGroup), "", None)
                .await
                .unwrap()
                .objects
                .into_iter()
                .map(|o| o.id)
                .collect();
            acc.entries
                .into_iter()
                .filter(|e| gs.contains(&e.object_id) && e.direct > AccessLevel::None)
                .map(|e| e.object_id)
                .collect::<HashSet<i64>>()
        }
    };
    let before = groups(&ls).await;
    assert_eq!(before.len(), 2);
    let s = d.screen();
    assert_eq!(s.matches("[x]").count(), 2, "{s}");
    // The third line is the first group Test4 does not reach: add it.
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Char(' ')).await;
    // The first one: take it away.
    d.key(KeyCode::Up).await;
    d.key(KeyCode::Up).await;
    d.key(KeyCode::Char(' ')).await;
    assert_eq!(d.screen().matches("*pending").count(), 2);
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let after = groups(&ls).await;
    assert_eq!(after.len(), 2);
    assert_eq!(after.intersection(&before).count(), 1, "one removed, one added");
}

/// `:objects`: the Objects pane.
async fn objects_pane(d: &mut Driver) {
    d.key(KeyCode::Char(':')).await;
    d.typ("objects").await;
    d.key(KeyCode::Enter).await;
}

/// Moves the Objects pane's cursor onto the object named `name`.
async fn cursor_to(d: &mut Driver, name: &str) {
    for _ in 0..50 {
        let t = d.app.objects_pane().expect("objects pane");
        if t.object(t.cursor()).is_some_and(|o| o.name == name) {
            return;
        }
        d.key(KeyCode::Down).await;
    }
    panic!("{name} not reached");
}

#[tokio::test]
async fn object_card_sets_a_level_for_many_users_at_once() {
    let ls = demo().await;
    let m = ls.manager();
    let mut made = Vec::new();
    for name in ["multi.one", "multi.two", "multi.three"] {
        let u = m
            .create_user(&ls_console::domain::UserDraft {
                username: name.into(),
                first_name: "M".into(),
                last_name: "U".into(),
                email: format!("{name}@example.com"),
                roles: vec![ls_console::domain::Role::DealerUser],
                login_allowed: true,
                ..Default::default()
            })
            .await
            .unwrap();
        made.push(u.user.login);
    }
    let unit = m.objects(Some(ObjectKind::Unit), "", Some(1)).await.unwrap().objects[0].clone();
    let mut d = Driver::new(&ls, 140, 50, Theme::plain()).await;
    objects_pane(&mut d).await;
    mask(&mut d, &unit.name).await;
    cursor_to(&mut d, &unit.name).await;
    d.key(KeyCode::Enter).await;
    // First tab: licenses and keys; Tab: who has access.
    let s = d.screen();
    assert!(
        s.contains("Licenses & keys") && s.contains("Access for users") && s.contains("keys "),
        "{s}"
    );
    assert!(!s.contains("multi.one"));
    d.key(KeyCode::Char('2')).await;
    assert!(d
        .lines()
        .pop()
        .unwrap()
        .contains("levels are set on the Access for users tab"));
    d.key(KeyCode::Tab).await;
    let s = d.screen();
    assert!(s.contains("multi.one"), "every user the viewer sees is listed: {s}");
    // Narrow to the three, select them all, execute, one batch.
    d.key(KeyCode::Char('/')).await;
    d.typ("*multi.*").await;
    d.key(KeyCode::Enter).await;
    assert_eq!(d.app.object_card().unwrap().shown.len(), 3);
    d.key(KeyCode::Char('a')).await;
    d.key(KeyCode::Char('2')).await;
    assert_eq!(d.screen().matches("[-] → [X]*").count(), 3, "{}", d.screen());
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    let s = d.screen();
    assert!(
        s.contains("Enter applies 3 changes") && s.contains("none → execute"),
        "{s}"
    );
    d.key(KeyCode::Enter).await;
    let st = d.lines().pop().unwrap();
    assert!(st.contains("saved 3 levels"), "{st}");
    let acc = m.accessors(unit.id).await.unwrap();
    for l in &made {
        let a = acc.iter().find(|a| a.login == *l).expect("granted");
        assert_eq!((a.direct, a.effective), (AccessLevel::Execute, AccessLevel::Execute));
    }
    let s = d.screen();
    assert_eq!(s.matches("[X] ").count(), 3, "tags after the reload: {s}");
    assert!(
        s.contains("0 selected") && s.contains("0 pending"),
        "a save clears both: {s}"
    );
    // Shift range: the first two back to none.
    d.key(KeyCode::Char('g')).await;
    d.key_mod(KeyCode::Down, KeyModifiers::SHIFT).await;
    d.key(KeyCode::Char('0')).await;
    assert_eq!(d.app.object_card().unwrap().pending.len(), 2);
    // Esc with pending levels does not drop them.
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Esc).await;
    assert!(d.app.object_card().is_some());
    assert!(d.lines().pop().unwrap().contains("pending levels"));
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    d.key(KeyCode::Enter).await;
    let acc = m.accessors(unit.id).await.unwrap();
    assert_eq!(made.iter().filter(|l| acc.iter().any(|a| a.login == **l)).count(), 1);
    d.key(KeyCode::Esc).await;
    assert!(d.app.object_card().is_none());
}

#[tokio::test]
async fn object_card_is_read_only_without_manage() {
    let ls = demo().await;
    let mut d = Driver::with(
        ls.as_account(&DEMO_TEST4),
        Some(ls_console::domain::Language::En),
        140,
        40,
        Theme::plain(),
    )
    .await;
    objects_pane(&mut d).await;
    let unit = ls
        .as_account(&DEMO_TEST4)
        .objects(Some(ObjectKind::Unit), "", Some(1))
        .await
        .unwrap()
        .objects[0]
        .clone();
    assert!(unit.level < AccessLevel::Manage);
    mask(&mut d, &unit.name).await;
    cursor_to(&mut d, &unit.name).await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Tab).await;
    assert!(
        d.screen().contains("read-only: setting access levels needs the right"),
        "{}",
        d.screen()
    );
    d.key(KeyCode::Char('3')).await;
    let st = d.lines().pop().unwrap();
    assert!(st.contains("not changed") && st.contains("ACCESS_MANAGE"), "{st}");
    assert!(d.app.object_card().unwrap().pending.is_empty());
}

#[tokio::test]
async fn a_group_card_lists_its_units_then_its_accessors() {
    let ls = demo().await;
    let m = ls.manager();
    // A group whose name no other object shares, so the mask and the cursor find just it.
    let everything = m.objects(None, "", None).await.unwrap().objects;
    let group = everything
        .iter()
        .filter(|o| o.kind == ObjectKind::UnitGroup)
        .find(|g| everything.iter().filter(|o| o.name.contains(&g.name)).count() == 1)
        .expect("a uniquely named group")
        .clone();
    let detail = m.object(group.id).await.unwrap();
    let all = m.objects(Some(ObjectKind::Unit), "", None).await.unwrap().objects;
    let first_unit = all.iter().find(|o| o.id == detail.members[0]).unwrap().name.clone();
    let mut d = Driver::new(&ls, 140, 50, Theme::plain()).await;
    objects_pane(&mut d).await;
    mask(&mut d, &group.name).await;
    cursor_to(&mut d, &group.name).await;
    d.key(KeyCode::Enter).await;
    let s = d.screen();
    assert!(
        s.contains(&format!(
            "{} units; a level set on the Accessors tab",
            detail.members.len()
        )),
        "{s}"
    );
    assert!(s.contains(&first_unit), "{s}");
    d.key(KeyCode::Tab).await;
    let s = d.screen();
    assert!(s.contains("0002 demo.manager") && s.contains("reach it"), "{s}");
}

/// The keys line under the tree comes from the key map: rebinding the level keys changes both what
/// the keys do and what the line says; at 80 columns the empty tree's hint still reads whole.
#[tokio::test]
async fn rebound_level_keys_change_the_tree_and_its_key_line() {
    use ls_console::tui::keymap::KeyMap;
    let ls = demo().await;
    let mut d = Driver::new(&ls, 80, 24, Theme::plain()).await;
    let keys = "[tree]\nlevel_none = [\"F1\"]\nlevel_view = [\"F2\"]\nlevel_execute = [\"F3\"]\n\
                level_edit = [\"F4\"]\nlevel_manage = [\"F5\"]\n";
    d.app.session.keys = std::sync::Arc::new(KeyMap::with_overrides(keys, "keys.toml").unwrap());
    d.key(KeyCode::Char(':')).await;
    d.typ("objects").await;
    d.key(KeyCode::Enter).await;
    let s = d.screen();
    assert!(s.contains("More than 100 objects") && s.contains("then Enter."), "{s}");
    let bar = d.lines()[22].clone();
    assert!(bar.contains("F1/F2/F3/F4/F5 level") && !bar.contains("0–4"), "{bar}");
    mask(&mut d, "Fuel Station Omsk*").await;
    let t = d.app.objects_pane().expect("the Objects pane");
    let id = t.forest.objects[t.rows[t.cursor()].idx].id;
    d.key(KeyCode::Char('2')).await;
    assert!(
        d.app.objects_pane().unwrap().pending.is_empty(),
        "2 no longer sets view"
    );
    d.key(KeyCode::F(2)).await;
    let t = d.app.objects_pane().unwrap();
    assert_eq!(t.pending.get(&id), Some(&AccessLevel::View), "F2 does");
    // The defaults say 0–4.
    let mut d = Driver::new(&ls, 140, 30, Theme::plain()).await;
    d.key(KeyCode::Char(':')).await;
    d.typ("objects").await;
    d.key(KeyCode::Enter).await;
    let bar = d.lines()[28].clone();
    assert!(bar.contains("0–4 level") && bar.contains("w why"), "{bar}");
}

/// A unit's card marks a license that has ended as expired, and one still running with its end
/// date (the oracle: the server's license dates against today's date).
#[tokio::test]
async fn expired_licenses_are_marked_on_the_object_card() {
    let ls = demo().await;
    let m = ls.manager();
    let today = {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs();
        let (y, mo, d) = ls_console::domain::wildcard::civil_date((secs / 86_400) as i64);
        format!("{y:04}-{mo:02}-{d:02}")
    };
    let units = m
        .objects(Some(ObjectKind::Unit), "", Some(1))
        .await
        .expect("units")
        .objects;
    let mut found = None;
    for u in units.iter().take(200) {
        let detail = m.object(u.id).await.expect("detail");
        let old = detail.licenses.iter().find(|l| l.expires < today);
        let live = detail.licenses.iter().find(|l| l.expires >= today);
        if let (Some(old), Some(live)) = (old, live) {
            found = Some((u.name.clone(), old.expires.clone(), live.expires.clone()));
            break;
        }
    }
    let (name, old, live) = found.expect("a unit with one expired and one running license");
    let mut d = Driver::new(&ls, 100, 40, Theme::plain()).await;
    objects_pane(&mut d).await;
    mask(&mut d, &name).await;
    cursor_to(&mut d, &name).await;
    d.key(KeyCode::Enter).await;
    let s = d.screen();
    assert!(s.contains(&format!("expired {old}")), "{s}");
    assert!(s.contains(&format!("until {live}")), "{s}");
    assert!(!s.contains(&format!("until {old}")), "{s}");
}

/// Issue #29: in one's own Objects pane a row's leading tag is the level in effect (the pending
/// one follows the arrow); a level key that changes nothing says "nothing to change", as Ctrl-S
/// does; a direct level below what the account gives says it changes nothing in effect, rather
/// than that one's own levels cannot go up.
#[tokio::test]
async fn own_levels_say_what_really_changes() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 140, 30, Theme::plain()).await;
    objects_pane(&mut d).await;
    // A unit the manager reaches with manage and holds no direct grant on.
    let t = d.app.objects_pane().expect("the Objects pane");
    let unit = t
        .forest
        .objects
        .iter()
        .find(|o| {
            o.kind == ObjectKind::Unit
                && t.effective(o.id) == AccessLevel::Manage
                && t.levels.get(&o.id).is_some_and(|e| e.direct == AccessLevel::None)
                && !o.name.contains(['*', '?'])
        })
        .map(|o| o.name.clone())
        .expect("a unit managed through the account");
    let name = unit;
    mask(&mut d, &name).await;
    cursor_to(&mut d, &name).await;
    // `1`: a direct view under manage changes nothing in effect.
    d.key(KeyCode::Char('1')).await;
    let s = d.status();
    assert!(
        s.contains("nothing to change") && s.contains("changes nothing in effect"),
        "{s}"
    );
    assert!(!s.contains("upwards"), "{s}");
    assert!(d.app.objects_pane().unwrap().pending.is_empty());
    // `0`: already none directly; nothing pending, and said so.
    d.key(KeyCode::Char('0')).await;
    let s = d.status();
    assert!(s.contains("nothing to change") && !s.contains("pending on"), "{s}");
    assert!(d.app.objects_pane().unwrap().pending.is_empty());
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    assert!(d.status().contains("nothing to change"), "{}", d.status());
    // A pending level lower than the one in effect: the row still leads with the effective tag.
    let t = d.app.objects_pane().unwrap();
    let lower = t
        .forest
        .objects
        .iter()
        .find(|o| {
            o.kind == ObjectKind::Unit
                && t.levels.get(&o.id).is_some_and(|e| e.direct == AccessLevel::Manage)
                && !o.name.contains(['*', '?'])
        })
        .map(|o| o.name.clone());
    if let Some(name) = lower {
        mask(&mut d, &name).await;
        cursor_to(&mut d, &name).await;
        d.key(KeyCode::Char('1')).await;
        assert_eq!(d.app.objects_pane().unwrap().pending.len(), 1, "{}", d.status());
        let row = d.lines().into_iter().find(|l| l.contains(&name)).expect("the row");
        assert!(row.contains(&format!("[M] {name}")), "effective first: {row}");
        assert!(
            row.contains("[M] →") || row.contains("→ [V]*"),
            "pending after the arrow: {row}"
        );
    }
}
