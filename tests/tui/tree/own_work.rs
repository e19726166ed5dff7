//! Issue #30, "the tree puts the viewer's own work first": on Test4's card, viewed by the demo
//! manager, what Test4 may be given comes first and the sub-dealers' read-only branches fold
//! away; `←`/`→` fold; names sort naturally; masks are recalled after a restart.
use super::*;

/// The ids of the demo's two sub-dealer accounts (out of Test4's reach) and of Alpha Systems.
async fn accounts(ls: &Ls) -> (Vec<i64>, i64) {
    let all = ls
        .manager()
        .objects(Some(ObjectKind::Account), "", None)
        .await
        .expect("accounts")
        .objects;
    let id = |n: &str| all.iter().find(|o| o.name == n).map(|o| o.id).expect(n);
    (vec![id("Alpha North"), id("Alpha South")], id("Alpha Systems"))
}

/// Issue #30: with `Fuel*` on Test4's card (viewed by the manager), Test4's own dealer comes
/// first and the sub-dealers' read-only branches are folded away, counted in the footer; `R`
/// shows them, after everything changeable, and folds them away again.
#[tokio::test]
async fn the_viewers_own_work_comes_first_and_read_only_branches_fold_away() {
    let ls = demo().await;
    let (subs, alpha) = accounts(&ls).await;
    let mut d = card_tree(&ls, 40).await;
    mask(&mut d, "Fuel*").await;
    let t = tree(&d);
    let account = |t: &ObjectTree, r: &ls_console::tui::objects::tree::TreeRow| {
        t.forest.objects[r.idx].account_id.unwrap_or_default()
    };
    // The oracle: every matched row of a sub-dealer's account, as the forest walks them.
    let theirs = t
        .forest
        .rows(Some(&Mask::new("Fuel*")))
        .iter()
        .filter(|r| subs.contains(&account(t, r)))
        .count();
    assert!(theirs > 20, "the demo has sub-dealer fuel stations: {theirs}");
    assert_eq!(tree(&d).object(0).map(|o| o.id), Some(alpha), "own dealer first");
    assert!(
        t.rows.iter().all(|r| account(t, r) == alpha),
        "nothing of the sub-dealers shown"
    );
    assert!(
        t.rows
            .iter()
            .all(|r| t.rule.check(&t.forest, &t.forest.objects[r.idx]).is_ok()),
        "every row shown is Test4's to change"
    );
    let s = d.screen();
    assert!(!s.contains("(read-only)"), "{s}");
    assert!(s.contains(&format!("{theirs} read-only hidden")), "{s}");
    assert!(!s.contains("Alpha North") && !s.contains("Alpha South"), "{s}");
    // R: shown, after every row of Alpha Systems.
    let before = tree(&d).rows.len();
    d.key(KeyCode::Char('R')).await;
    assert!(d.status().contains("read-only branches shown"), "{}", d.status());
    let t = tree(&d);
    assert_eq!(t.rows.len(), before + theirs);
    let first_theirs = t
        .rows
        .iter()
        .position(|r| subs.contains(&account(t, r)))
        .expect("the sub-dealers' rows");
    assert_eq!(first_theirs, before, "every changeable row before them");
    assert!(!d.screen().contains("read-only hidden"));
    d.key(KeyCode::Char('G')).await;
    let s = d.screen();
    assert!(s.contains("(read-only)"), "at the end, gray and said: {s}");
    // R again: folded away, counted again.
    d.key(KeyCode::Char('R')).await;
    assert_eq!(tree(&d).rows.len(), before);
    let s = d.screen();
    assert!(s.contains(&format!("{theirs} read-only hidden")), "{s}");
    assert!(d.status().contains("read-only rows folded away"), "{}", d.status());
}

/// Issue #30: `←`/`→` and `h`/`l` fold and unfold the branch under the cursor; on a unit `←`
/// goes to its group.
#[tokio::test]
async fn left_and_right_fold_and_unfold_a_branch() {
    let ls = demo().await;
    let m = ls.manager();
    let g = m
        .objects(Some(ObjectKind::UnitGroup), "Omsk restaurants 9", None)
        .await
        .unwrap()
        .objects[0]
        .clone();
    let members = m.object(g.id).await.unwrap().members.len();
    let mut d = card_tree(&ls, 120).await;
    mask(&mut d, &g.name).await;
    // Rows: the account, the group, its units.
    d.key(KeyCode::Down).await;
    assert_eq!(tree(&d).object(tree(&d).cursor()).map(|o| o.id), Some(g.id));
    let open = tree(&d).rows.len();
    assert_eq!(open, members + 2);
    // Tree rows read `[ ] [tag] name  kind`.
    let unit_rows = |d: &mut Driver| {
        d.lines()
            .iter()
            .filter(|l| l.contains("[ ] [") && l.contains("  unit"))
            .count()
    };
    assert_eq!(unit_rows(&mut d), members);
    for (fold, unfold) in [
        (KeyCode::Left, KeyCode::Right),
        (KeyCode::Char('h'), KeyCode::Char('l')),
    ] {
        d.key(fold).await;
        assert_eq!(tree(&d).rows.len(), 2, "folded: its units are gone");
        assert_eq!(unit_rows(&mut d), 0, "{}", d.screen());
        assert!(
            d.screen().contains("▸ [ ]"),
            "a folded branch is marked: {}",
            d.screen()
        );
        assert!(d.app.card().is_some(), "h folds here; it opens no history");
        d.key(unfold).await;
        assert_eq!(tree(&d).rows.len(), open, "unfolded");
        assert_eq!(unit_rows(&mut d), members);
    }
    // → on the open group: its first unit; ← there: back to the group, nothing folded.
    d.key(KeyCode::Right).await;
    assert_eq!(tree(&d).cursor(), 2);
    d.key(KeyCode::Left).await;
    assert_eq!(tree(&d).cursor(), 1);
    assert_eq!(tree(&d).rows.len(), open);
    // H: the object's history (h was it before).
    d.key(KeyCode::Char('H')).await;
    assert!(d.screen().contains("Audit · "), "{}", d.screen());
}

/// Issue #30: numbers in names sort by value: `Omsk #72` before `Omsk #202`.
#[tokio::test]
async fn names_sort_in_natural_order() {
    let ls = demo().await;
    let (_, alpha) = accounts(&ls).await;
    let mut d = card_tree(&ls, 60).await;
    mask(&mut d, "Fuel Station Omsk*").await;
    // The units right under Alpha Systems (in no group), in the order shown.
    let t = tree(&d);
    let names: Vec<String> = t
        .rows
        .iter()
        .map(|r| (r, &t.forest.objects[r.idx]))
        .filter(|(r, o)| r.depth == 1 && o.kind == ObjectKind::Unit && o.account_id == Some(alpha))
        .map(|(_, o)| o.name.clone())
        .collect();
    let number = |n: &String| -> u64 { n.rsplit('#').next().and_then(|x| x.parse().ok()).expect("a number") };
    let numbers: Vec<u64> = names.iter().map(number).collect();
    let mut by_value = numbers.clone();
    by_value.sort();
    assert_eq!(numbers, by_value, "{names:?}");
    let mut as_text = names.clone();
    as_text.sort();
    assert_ne!(as_text, names, "the demo has numbers plain order gets wrong: {names:?}");
    // On screen too: #72 above #202.
    let lines = d.lines();
    let at = |n: &str| {
        lines
            .iter()
            .position(|l| l.contains(&format!("Fuel Station Omsk {n}  unit")))
            .unwrap_or_else(|| panic!("{n} shown"))
    };
    assert!(at("#72") < at("#202"), "{}", d.screen());
}

/// Issue #30: `↑`/`↓` in the mask field recall the masks applied before, in a console started
/// afterwards over the same data dir; `↓` past the newest gives back what was typed.
#[tokio::test]
async fn mask_history_is_recalled_after_a_restart() {
    let ls = demo().await;
    let data = tempfile::tempdir().expect("temp dir");
    let mut d = card_tree_kept_in(&ls, 40, Some(data.path())).await;
    mask(&mut d, "Fuel Station Omsk*").await;
    mask(&mut d, "Fuel Station Kazan*").await;
    mask(&mut d, "Fuel Station Omsk*").await;
    drop(d);
    assert!(
        data.path().join(ls_console::tui::objects::history::FILE).exists(),
        "kept in the data dir"
    );
    let mut d = card_tree_kept_in(&ls, 40, Some(data.path())).await;
    d.key(KeyCode::Char('/')).await;
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ("Pizza").await;
    d.key(KeyCode::Up).await;
    assert!(
        d.screen().contains("mask: Fuel Station Omsk*"),
        "newest first: {}",
        d.screen()
    );
    d.key(KeyCode::Up).await;
    assert!(
        d.screen().contains("mask: Fuel Station Kazan*"),
        "once each: {}",
        d.screen()
    );
    d.key(KeyCode::Up).await;
    assert!(
        d.screen().contains("mask: Fuel Station Kazan*"),
        "the oldest stays: {}",
        d.screen()
    );
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Down).await;
    assert!(d.screen().contains("mask: Pizza"), "what was typed: {}", d.screen());
    d.key(KeyCode::Up).await;
    d.key(KeyCode::Up).await;
    d.key(KeyCode::Enter).await;
    assert_eq!(tree(&d).applied.as_deref(), Some("Fuel Station Kazan*"));
    assert!(d.screen().contains("Fuel Station Kazan #870"), "{}", d.screen());
    // A console with no data dir keeps nothing and recalls nothing from the disk.
    let mut d = card_tree(&ls, 40).await;
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Up).await;
    assert!(!d.screen().contains("mask: Fuel"), "{}", d.screen());
}
