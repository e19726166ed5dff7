//! Objects and access levels over HTTP: visibility, the manage-on-both rule, batch atomicity,
//! groups and accounts that only raise, accessors, audit.
use crate::common;
use common::*;
use ls_console::api::{AccessChange, AccessEntry, AccessorChange, Client, ClientError, NewObject, UserQuery};
use ls_console::domain::{AccessLevel, LevelSource, Login, ObjectKind, Role, UserDraft};
use ls_console::server::seed::{DEMO_BETA_MANAGER, DEMO_CLIENT, DEMO_TEST4};

fn l(n: u16) -> Login {
    Login::new(n).unwrap()
}

fn ch(object_id: i64, level: AccessLevel) -> AccessChange {
    AccessChange { object_id, level }
}

/// What `login` has on object `id`, as the server reports it.
async fn entry(m: &Client, login: Login, id: i64) -> AccessEntry {
    let access = m.access(login, "").await.expect("the access list");
    access
        .entries
        .into_iter()
        .find(|e| e.object_id == id)
        .expect("an entry for the object")
}

async fn new_user(ls: &Ls, name: &str) -> Login {
    ls.manager()
        .create_user(&UserDraft {
            username: name.into(),
            first_name: "A".into(),
            last_name: "B".into(),
            email: format!("{name}@example.com"),
            roles: vec![Role::DealerUser],
            login_allowed: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .user
        .login
}

#[tokio::test]
async fn lists_show_only_objects_the_caller_sees() {
    let ls = demo().await;
    let m = ls.manager();
    let all = m.objects(None, "", None).await.unwrap();
    assert_eq!(all.total, all.objects.len());
    let accounts: Vec<_> = all
        .objects
        .iter()
        .filter(|o| o.kind == ObjectKind::Account)
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(accounts, vec!["Alpha Systems", "Alpha North", "Alpha South"]);
    assert!(all.objects.iter().filter(|o| o.kind == ObjectKind::Unit).count() >= 1800);
    assert!(all.objects.iter().all(|o| o.level == AccessLevel::Manage));
    // A mask with * and ? and a kind, as the console's matcher reads it.
    let fuel = m
        .objects(Some(ObjectKind::Unit), "Fuel Station *#?*", None)
        .await
        .unwrap();
    assert!(!fuel.objects.is_empty());
    assert!(fuel
        .objects
        .iter()
        .all(|o| o.name.starts_with("Fuel Station") && o.kind == ObjectKind::Unit));
    let ru = m.objects(None, "*кафе*", Some(5)).await.unwrap();
    assert_eq!(ru.objects.len(), 5);
    assert!(ru.total > 5, "total counts every match, limit cuts the list");
    // Test4 sees only what was granted: two groups, their units and three direct units.
    let t4 = ls.as_account(&DEMO_TEST4).objects(None, "", None).await.unwrap();
    assert!(t4.objects.iter().all(|o| o.kind != ObjectKind::Account));
    assert_eq!(t4.objects.iter().filter(|o| o.kind == ObjectKind::UnitGroup).count(), 2);
    assert!(t4.total < all.total / 5);
    // A client with no grants sees nothing.
    assert_eq!(
        ls.as_account(&DEMO_CLIENT).objects(None, "", None).await.unwrap().total,
        0
    );
    // A unit outside one's access is 404.
    let beta_unit = ls
        .admin()
        .objects(Some(ObjectKind::Unit), "", None)
        .await
        .unwrap()
        .objects
        .last()
        .unwrap()
        .id;
    assert_eq!(m.object(beta_unit).await.unwrap_err().status(), Some(404));
}

#[tokio::test]
async fn groups_and_accounts_raise_unit_levels() {
    let ls = demo().await;
    let m = ls.manager();
    let x = new_user(&ls, "grantee").await;
    let groups = m.objects(Some(ObjectKind::UnitGroup), "", None).await.unwrap().objects;
    let g = &groups[0];
    let detail = m.object(g.id).await.unwrap();
    let unit = detail.members[0];
    let account = g.account_id.unwrap();
    // view on the group: every unit in it gets view, from the group.
    m.set_access(x, vec![ch(g.id, AccessLevel::View)]).await.unwrap();
    let acc = m.access(x, "").await.unwrap();
    let e = acc.entries.iter().find(|e| e.object_id == unit).unwrap();
    assert_eq!(
        (e.direct, e.effective, e.source),
        (
            AccessLevel::None,
            AccessLevel::View,
            LevelSource::Group { object_id: g.id }
        )
    );
    // edit on the account raises it further.
    m.set_access(x, vec![ch(account, AccessLevel::Edit)]).await.unwrap();
    let e2 = entry(&m, x, unit).await;
    assert_eq!(
        (e2.effective, e2.source),
        (AccessLevel::Edit, LevelSource::Account { object_id: account })
    );
    // A direct grant below that changes nothing: groups and accounts never lower.
    m.set_access(x, vec![ch(unit, AccessLevel::View)]).await.unwrap();
    let e3 = entry(&m, x, unit).await;
    assert_eq!((e3.direct, e3.effective), (AccessLevel::View, AccessLevel::Edit));
    // execute on the account counts as view on it.
    m.set_access(x, vec![ch(account, AccessLevel::Execute)]).await.unwrap();
    let ea = entry(&m, x, account).await;
    assert_eq!((ea.direct, ea.effective), (AccessLevel::Execute, AccessLevel::View));
    // Accessors of the unit list the grantee with its effective level and source.
    let acc = m.accessors(unit).await.unwrap();
    let a = acc.iter().find(|a| a.login == x).unwrap();
    assert_eq!((a.direct, a.effective), (AccessLevel::View, AccessLevel::View));
    // The manager itself manages it through the account.
    assert!(acc
        .iter()
        .any(|a| a.login == l(2) && a.effective == AccessLevel::Manage));
    // Audit rows hold old and new levels.
    let audit = ls.admin().audit().await.unwrap().entries;
    let rows: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "access.set" && e.target == x.to_string())
        .collect();
    assert_eq!(rows.len(), 4);
    assert!(rows
        .iter()
        .any(|e| e.detail["object_id"] == account && e.detail["old"] == "edit" && e.detail["new"] == "execute"));
}

#[tokio::test]
async fn without_manage_on_the_object_the_whole_batch_is_refused() {
    let ls = demo().await;
    let m = ls.manager();
    let x = new_user(&ls, "target").await;
    let mine = m.objects(Some(ObjectKind::Unit), "", Some(2)).await.unwrap().objects;
    let beta_unit = ls
        .as_account(&DEMO_BETA_MANAGER)
        .objects(Some(ObjectKind::Unit), "", Some(1))
        .await
        .unwrap()
        .objects[0]
        .clone();
    let e = m
        .set_access(
            x,
            vec![
                ch(mine[0].id, AccessLevel::Edit),
                ch(beta_unit.id, AccessLevel::View),
                ch(mine[1].id, AccessLevel::View),
            ],
        )
        .await
        .unwrap_err();
    match &e {
        ClientError::Api { status, message, .. } => {
            // Another dealer's unit: not found, and the refusal names nothing but the id sent.
            assert_eq!(*status, 404);
            assert_eq!(
                message,
                &format!("object {} not found; nothing was changed", beta_unit.id)
            );
        }
        other => panic!("{other:?}"),
    }
    // Read back: nothing of the batch landed.
    let acc = m.access(x, "").await.unwrap();
    assert!(
        acc.entries
            .iter()
            .all(|e| e.object_id != mine[0].id && e.object_id != mine[1].id),
        "{:?}",
        acc.entries
    );
}

#[tokio::test]
async fn without_manage_on_the_user_it_is_refused() {
    let ls = demo().await;
    let admin = ls.admin();
    // Test4 gets manage on one unit and the right to set levels, but no manage on any user.
    ls.grant_rights(l(DEMO_TEST4.login), &["ACCESS_MANAGE"]).await;
    let unit = ls
        .manager()
        .objects(Some(ObjectKind::Unit), "", Some(1))
        .await
        .unwrap()
        .objects[0]
        .id;
    admin
        .set_access(l(DEMO_TEST4.login), vec![ch(unit, AccessLevel::Manage)])
        .await
        .unwrap();
    let t4 = ls.as_account(&DEMO_TEST4);
    let client = l(DEMO_CLIENT.login);
    let before = ls.manager().access(client, "").await.unwrap();
    let e = t4
        .set_access(client, vec![ch(unit, AccessLevel::View)])
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert!(e.to_string().contains("manage on user 0006"), "{e}");
    assert_eq!(ls.manager().access(client, "").await.unwrap(), before);
    // Objects: creator gets manage; a dealer user without edit on the account cannot create.
    let account = ls
        .manager()
        .objects(Some(ObjectKind::Account), "Alpha Systems", None)
        .await
        .unwrap()
        .objects[0]
        .id;
    let o = ls
        .manager()
        .create_object(&NewObject {
            kind: ObjectKind::Unit,
            name: "Новый ресторан".into(),
            account_id: account,
            members: vec![],
            accessors: vec![],
        })
        .await
        .unwrap();
    assert_eq!(o.level, AccessLevel::Manage);
    let e = t4
        .create_object(&NewObject {
            kind: ObjectKind::Unit,
            name: "x".into(),
            account_id: account,
            members: vec![],
            accessors: vec![],
        })
        .await
        .unwrap_err();
    // Test4 does not see the account at all: not found, not forbidden.
    assert_eq!(e.status(), Some(404), "{e}");
    let _ = ls.manager().users(&UserQuery::default()).await.unwrap();
}

fn ac(login: Login, level: AccessLevel) -> AccessorChange {
    AccessorChange { login, level }
}

#[tokio::test]
async fn levels_for_many_users_on_one_object_all_or_nothing() {
    let ls = demo().await;
    let m = ls.manager();
    let (a, b, c) = (
        new_user(&ls, "acc.a").await,
        new_user(&ls, "acc.b").await,
        new_user(&ls, "acc.c").await,
    );
    let group = m
        .objects(Some(ObjectKind::UnitGroup), "", Some(1))
        .await
        .unwrap()
        .objects[0]
        .clone();
    let unit = m.object(group.id).await.unwrap().members[0];
    let after = m
        .set_accessors(
            group.id,
            vec![
                ac(a, AccessLevel::View),
                ac(b, AccessLevel::Edit),
                ac(c, AccessLevel::Manage),
            ],
        )
        .await
        .unwrap();
    let lv = |who: Login| after.iter().find(|x| x.login == who).map(|x| (x.direct, x.effective));
    assert_eq!(lv(a), Some((AccessLevel::View, AccessLevel::View)));
    assert_eq!(lv(b), Some((AccessLevel::Edit, AccessLevel::Edit)));
    assert_eq!(lv(c), Some((AccessLevel::Manage, AccessLevel::Manage)));
    // The group's grant reaches its units, from the group.
    let e = entry(&m, b, unit).await;
    assert_eq!(
        (e.effective, e.source),
        (AccessLevel::Edit, LevelSource::Group { object_id: group.id })
    );
    // Level none takes a grant away.
    let after = m.set_accessors(group.id, vec![ac(a, AccessLevel::None)]).await.unwrap();
    assert!(after.iter().all(|x| x.login != a));
    let audit = ls.admin().audit().await.unwrap().entries;
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "access.set" && e.detail["object_id"] == group.id)
            .count(),
        4
    );

    // Test4: the right to set levels, manage on one unit and on user a, but not on the client 0006.
    let admin = ls.admin();
    let t4l = l(DEMO_TEST4.login);
    ls.grant_rights(t4l, &["ACCESS_MANAGE"]).await;
    let a_obj = m.user(a).await.unwrap().object_id;
    assert!(a_obj > 0, "the wire user carries its object id");
    admin
        .set_access(t4l, vec![ch(unit, AccessLevel::Manage), ch(a_obj, AccessLevel::Manage)])
        .await
        .unwrap();
    let t4 = ls.as_account(&DEMO_TEST4);
    let before = m.accessors(unit).await.unwrap();
    let e = t4
        .set_accessors(
            unit,
            vec![ac(a, AccessLevel::Edit), ac(l(DEMO_CLIENT.login), AccessLevel::View)],
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert!(
        e.to_string().contains("manage on user 0006") && e.to_string().contains("nothing was changed"),
        "{e}"
    );
    assert_eq!(m.accessors(unit).await.unwrap(), before, "nothing of the batch landed");
    // Without manage on the object: refused too.
    let other = m.object(group.id).await.unwrap().members[1];
    let e = t4
        .set_accessors(other, vec![ac(a, AccessLevel::View)])
        .await
        .unwrap_err();
    assert!(matches!(e.status(), Some(403) | Some(404)), "{e}");
    // The allowed part alone goes through.
    let after = t4.set_accessors(unit, vec![ac(a, AccessLevel::Edit)]).await.unwrap();
    assert!(after.iter().any(|x| x.login == a && x.direct == AccessLevel::Edit));
    // An empty batch is a clear 422.
    let e = m.set_accessors(unit, vec![]).await.unwrap_err();
    assert!(e.to_string().contains("no changes"), "{e}");
}

/// A user of `dealer` made by `by`, with a password, and a client signed in as it.
async fn made(ls: &Ls, by: &Client, name: &str, role: Role, dealer: i64) -> (Login, Client) {
    let c = by
        .create_user(&UserDraft {
            username: name.into(),
            first_name: "A".into(),
            last_name: "B".into(),
            email: format!("{name}@example.com"),
            roles: vec![role],
            dealer_id: Some(dealer),
            login_allowed: true,
            password: Some("made-password".into()),
            ..Default::default()
        })
        .await
        .expect("created");
    let login = c.user.login;
    (login, ls.client(login.get(), "made-password", &c.credentials.api_token))
}

fn draft(name: &str, role: Role, dealer: Option<i64>) -> UserDraft {
    UserDraft {
        username: name.into(),
        first_name: "A".into(),
        last_name: "B".into(),
        email: format!("{name}@example.com"),
        roles: vec![role],
        dealer_id: dealer,
        login_allowed: true,
        ..Default::default()
    }
}

/// The seeds' rule: a dealer's DEALER_MANAGER creates its dealer's users with no grant. Its role
/// gives it edit on its dealer's account and view on its sub-dealers' (never stored: taking the
/// role takes them), and its access page names the role as the source.
#[tokio::test]
async fn a_new_dealers_manager_creates_its_users_by_its_role() {
    let ls = demo().await;
    let admin = ls.admin();
    let nd = |name: &str, parent_id| ls_console::api::NewDealer {
        name: name.into(),
        parent_id,
    };
    let omega = admin.create_dealer(&nd("Omega", None)).await.expect("dealer");
    let east = admin
        .create_dealer(&nd("Omega East", Some(omega.id)))
        .await
        .expect("sub-dealer");
    let (omega_acc, east_acc) = (omega.account_id.expect("account"), east.account_id.expect("account"));
    let (ml, m) = made(&ls, &admin, "omega.manager", Role::DealerManager, omega.id).await;

    // Its own dealer's users: a DEALER_USER (its dealer by default) and a CLIENT.
    let du = m
        .create_user(&draft("omega.user", Role::DealerUser, None))
        .await
        .expect("a dealer user");
    assert_eq!(du.user.dealer_id, omega.id);
    m.create_user(&draft("omega.client", Role::Client, Some(omega.id)))
        .await
        .expect("a client");
    // Not another dealer's, not its sub-dealer's, and no role above what it may grant.
    let alpha = admin.user(l(2)).await.expect("manager").dealer_id;
    for (name, role, dealer) in [
        ("omega.x1", Role::DealerUser, Some(alpha)),
        ("omega.x2", Role::Client, Some(east.id)),
        ("omega.x3", Role::Admin, None),
        ("omega.x4", Role::DealerManager, None),
    ] {
        let e = m.create_user(&draft(name, role, dealer)).await.expect_err(name);
        assert!(matches!(e.status(), Some(403 | 404)), "{name}: {e}");
    }

    // Its levels, and where they come from: the role, on its dealer's and sub-dealer's accounts.
    let role = |object_id| LevelSource::Role {
        role: Role::DealerManager,
        object_id,
    };
    let acc = m.access(ml, "").await.expect("its access");
    let at = |id: i64| acc.entries.iter().find(|e| e.object_id == id).cloned();
    let e = at(omega_acc).expect("its dealer's account");
    assert_eq!(
        (e.direct, e.effective, e.source, e.sources.clone()),
        (
            AccessLevel::None,
            AccessLevel::Edit,
            role(omega_acc),
            vec![role(omega_acc)]
        )
    );
    let e = at(east_acc).expect("its sub-dealer's account");
    assert_eq!(
        (e.effective, e.sources.clone()),
        (AccessLevel::View, vec![role(east_acc)])
    );
    // A user it created it manages as the creator; the role's edit is below that.
    let e = at(du.user.object_id).expect("its user");
    assert_eq!(
        (e.effective, e.sources.clone()),
        (
            AccessLevel::Manage,
            vec![LevelSource::Direct {
                object_id: du.user.object_id
            }]
        )
    );
    // An administrator reads the same.
    assert_eq!(admin.access(ml, "").await.expect("admin reads").entries, acc.entries);

    // The role taken away, its levels go with it.
    let u = admin.user(ml).await.expect("manager");
    let mut d = UserDraft::from(&u);
    d.roles = vec![Role::DealerUser];
    admin.update_user(ml, u.version, &d).await.expect("role taken");
    let e = m
        .create_user(&draft("omega.late", Role::Client, None))
        .await
        .expect_err("no longer");
    assert_eq!(e.status(), Some(403), "{e}");
    let acc = admin.access(ml, "").await.expect("its access");
    assert!(
        acc.entries
            .iter()
            .all(|e| e.object_id != omega_acc && e.object_id != east_acc),
        "{:?}",
        acc.entries
    );
}

/// `w` names every source reaching a level: a direct edit and a group's edit both.
#[tokio::test]
async fn every_source_of_a_level_is_named_on_the_server_and_in_the_popup() {
    use common::driver::Driver;
    use ls_console::tui::objects::tree::ObjectTree;
    use ls_console::tui::theme::Theme;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    let ls = demo().await;
    let m = ls.manager();
    let t4 = l(DEMO_TEST4.login);
    // Test4's group with edit (the demo gives it one), and a unit of it.
    let mut group = None;
    for e in m.access(t4, "").await.expect("access").entries {
        if e.direct == AccessLevel::Edit
            && m.object(e.object_id).await.expect("object").object.kind == ObjectKind::UnitGroup
        {
            group = Some(e.object_id);
        }
    }
    let gid = group.expect("Test4 holds edit on a group");
    let g = m.object(gid).await.expect("group");
    let unit = g.members[0];
    m.set_access(t4, vec![ch(unit, AccessLevel::Edit)])
        .await
        .expect("direct edit");
    let e = entry(&m, t4, unit).await;
    assert_eq!(e.effective, AccessLevel::Edit);
    assert_eq!(
        e.source,
        LevelSource::Direct { object_id: unit },
        "the most specific first"
    );
    assert_eq!(e.sources.first(), Some(&LevelSource::Direct { object_id: unit }));
    assert!(
        e.sources.contains(&LevelSource::Group { object_id: gid }),
        "{:?}",
        e.sources
    );

    // The console's `w` on that unit lists both.
    let mut d = Driver::new(&ls, 140, 60, Theme::plain()).await;
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.typ("Test4").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Enter).await;
    d.key_mod(KeyCode::Char('4'), KeyModifiers::ALT).await;
    let name = m.object(unit).await.expect("unit").object.name;
    d.key(KeyCode::Char('/')).await;
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ(&name).await;
    d.key(KeyCode::Enter).await;
    fn tree(d: &Driver) -> &ObjectTree {
        d.app
            .card()
            .and_then(|c| c.tree.as_ref())
            .expect("the Access tab has a tree")
    }
    let pos = tree(&d)
        .rows
        .iter()
        .position(|r| tree(&d).forest.objects[r.idx].id == unit)
        .expect("the unit is listed");
    for _ in 0..pos {
        d.key(KeyCode::Down).await;
    }
    d.key(KeyCode::Char('w')).await;
    let s = d.screen();
    assert!(s.contains("Why this level"), "{s}");
    let why = tree(&d).explain.clone().expect("explained");
    assert!(why.contains("granted directly"), "{why}");
    assert!(
        why.contains(&format!(
            "from group {}",
            ls_console::i18n::words::quoted(&g.object.name)
        )),
        "{why}"
    );
}
