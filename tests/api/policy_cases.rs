//! The attacks that once worked, each tried again against the real server: refused with the
//! right status, and nothing written (objects, members, levels, audit rows read back).
use crate::common;
use common::*;
use ls_console::api::{AccessChange, Client, NewObject, ObjectUpdate};
use ls_console::domain::{AccessLevel, Login, ObjectKind, Role, UserDraft};
use ls_console::server::seed::{DEMO_BETA_MANAGER, DEMO_CLIENT, DEMO_TEST4};
use std::collections::BTreeSet;

fn l(n: u16) -> Login {
    Login::new(n).unwrap()
}

/// Everything the refusals could have changed, as the administrator reads it.
#[derive(Debug, PartialEq)]
struct Snapshot {
    objects: Vec<(i64, String, Vec<i64>)>,
    audit_rows: usize,
}

async fn snapshot(ls: &Ls) -> Snapshot {
    let a = ls.admin();
    let page = a.objects(None, "", None).await.unwrap();
    Snapshot {
        objects: page.objects.into_iter().map(|o| (o.id, o.name, o.parent_ids)).collect(),
        audit_rows: a.audit().await.unwrap().entries.len(),
    }
}

async fn account(c: &Client, name: &str) -> i64 {
    c.objects(Some(ObjectKind::Account), name, None).await.unwrap().objects[0].id
}

fn status(e: &ls_console::api::ClientError) -> u16 {
    e.status().unwrap_or(0)
}

#[tokio::test]
async fn another_dealers_units_cannot_be_taken_over() {
    let ls = demo().await;
    let beta = ls.as_account(&DEMO_BETA_MANAGER);
    let beta_account = account(&beta, "Beta Trade").await;
    let alpha_units: Vec<i64> = ls
        .manager()
        .objects(Some(ObjectKind::Unit), "", Some(20))
        .await
        .unwrap()
        .objects
        .iter()
        .map(|o| o.id)
        .collect();
    let before = snapshot(&ls).await;
    // The "unit" that was treated as a group holding the units, with manage for its creator.
    let e = beta
        .create_object(&NewObject {
            kind: ObjectKind::Unit,
            name: "t".into(),
            account_id: beta_account,
            members: alpha_units.clone(),
            accessors: vec![],
        })
        .await
        .unwrap_err();
    assert_eq!(status(&e), 400, "{e}");
    assert!(e.to_string().contains("a unit has no members"), "{e}");
    // The same as a group: the units are not Beta's to see.
    let e = beta
        .create_object(&NewObject {
            kind: ObjectKind::UnitGroup,
            name: "t".into(),
            account_id: beta_account,
            members: alpha_units.clone(),
            accessors: vec![],
        })
        .await
        .unwrap_err();
    assert_eq!(status(&e), 404, "{e}");
    assert_eq!(e.to_string().matches("not found").count(), 1);
    assert!(!e.to_string().contains('('), "names nothing: {e}");
    assert_eq!(snapshot(&ls).await, before, "nothing written");
    for u in &alpha_units[..3] {
        assert_eq!(status(&beta.object(*u).await.unwrap_err()), 404);
    }
}

#[tokio::test]
async fn a_dealer_user_cannot_widen_its_group() {
    let ls = demo().await;
    let t4 = ls.as_account(&DEMO_TEST4);
    let m = ls.manager();
    let group = t4
        .objects(Some(ObjectKind::UnitGroup), "", None)
        .await
        .unwrap()
        .objects
        .into_iter()
        .find(|o| o.level == AccessLevel::Edit)
        .expect("Test4's edit group");
    let members = m.object(group.id).await.unwrap().members;
    let seen: BTreeSet<i64> = t4
        .objects(Some(ObjectKind::Unit), "", None)
        .await
        .unwrap()
        .objects
        .iter()
        .map(|o| o.id)
        .collect();
    let alpha = account(&m, "Alpha Systems").await;
    let every_unit: Vec<i64> = m
        .objects(Some(ObjectKind::Unit), "", None)
        .await
        .unwrap()
        .objects
        .iter()
        .filter(|o| o.account_id == Some(alpha))
        .map(|o| o.id)
        .collect();
    let before = snapshot(&ls).await;
    // Every unit of the account: most of them Test4 does not see.
    let e = t4
        .update_object(
            group.id,
            &ObjectUpdate {
                name: None,
                members: Some(every_unit.clone()),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(status(&e), 404, "{e}");
    // Units it sees (through its other groups) but does not manage: forbidden.
    let seen_not_member: Vec<i64> = seen.iter().copied().filter(|u| !members.contains(u)).collect();
    assert!(!seen_not_member.is_empty());
    let mut wider = members.clone();
    wider.push(seen_not_member[0]);
    let e = t4
        .update_object(
            group.id,
            &ObjectUpdate {
                name: None,
                members: Some(wider),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(status(&e), 403, "{e}");
    assert!(e.to_string().contains("you need manage on unit"), "{e}");
    // Taking its own group's units out is refused too: Test4 does not manage them.
    let e = t4
        .update_object(
            group.id,
            &ObjectUpdate {
                name: None,
                members: Some(vec![]),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(status(&e), 403, "{e}");
    assert_eq!(snapshot(&ls).await, before, "nothing written");
    assert_eq!(m.object(group.id).await.unwrap().members, members);
    // Test4 may still rename it: it has edit, and Objects — edit.
    let renamed = t4
        .update_object(
            group.id,
            &ObjectUpdate {
                name: Some(format!("{} (T4)", group.name)),
                members: None,
            },
        )
        .await
        .unwrap();
    assert!(renamed.name.ends_with("(T4)"));
}

#[tokio::test]
async fn the_catalog_rights_gate_their_actions() {
    let ls = demo().await;
    let admin = ls.admin();
    let m = ls.manager();
    let group = m
        .objects(Some(ObjectKind::UnitGroup), "", Some(1))
        .await
        .unwrap()
        .objects[0]
        .clone();
    let client = l(DEMO_CLIENT.login);
    admin
        .set_access(
            client,
            vec![AccessChange {
                object_id: group.id,
                level: AccessLevel::Edit,
            }],
        )
        .await
        .unwrap();
    let before = snapshot(&ls).await;
    // A client given edit on a group: the level is there, Objects — edit is not.
    let e = ls
        .as_account(&DEMO_CLIENT)
        .update_object(
            group.id,
            &ObjectUpdate {
                name: Some("mine now".into()),
                members: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(status(&e), 403);
    assert!(e.to_string().contains("OBJECTS_EDIT"), "{e}");
    // A dealer user with manage on a unit and on a user, without Access rights — manage.
    let unit = m.objects(Some(ObjectKind::Unit), "", Some(1)).await.unwrap().objects[0].id;
    let client_obj = m.user(client).await.unwrap().object_id;
    let t4 = l(DEMO_TEST4.login);
    admin
        .set_access(
            t4,
            vec![
                AccessChange {
                    object_id: unit,
                    level: AccessLevel::Manage,
                },
                AccessChange {
                    object_id: client_obj,
                    level: AccessLevel::Manage,
                },
            ],
        )
        .await
        .unwrap();
    let before_levels = m.access(client, "").await.unwrap();
    let e = ls
        .as_account(&DEMO_TEST4)
        .set_access(
            client,
            vec![AccessChange {
                object_id: unit,
                level: AccessLevel::Edit,
            }],
        )
        .await
        .unwrap_err();
    assert_eq!(status(&e), 403);
    assert!(e.to_string().contains("ACCESS_MANAGE"), "{e}");
    assert_eq!(m.access(client, "").await.unwrap(), before_levels);
    let after = snapshot(&ls).await;
    assert_eq!(after.objects, before.objects);
    assert_eq!(
        after.audit_rows,
        before.audit_rows + 2,
        "only the admin's two grants were written"
    );
}

#[tokio::test]
async fn a_batch_naming_an_object_twice_is_refused_whole() {
    let ls = demo().await;
    let m = ls.manager();
    let client = l(DEMO_CLIENT.login);
    let units = m.objects(Some(ObjectKind::Unit), "", Some(2)).await.unwrap().objects;
    let before = snapshot(&ls).await;
    let levels = m.access(client, "").await.unwrap();
    let e = m
        .set_access(
            client,
            vec![
                AccessChange {
                    object_id: units[0].id,
                    level: AccessLevel::View,
                },
                AccessChange {
                    object_id: units[1].id,
                    level: AccessLevel::Edit,
                },
                AccessChange {
                    object_id: units[0].id,
                    level: AccessLevel::Manage,
                },
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(status(&e), 400);
    assert!(e.to_string().contains("named twice"), "{e}");
    assert_eq!(m.access(client, "").await.unwrap(), levels);
    assert_eq!(snapshot(&ls).await, before);
}

/// A manager's save racing an administrator who makes the user a DEALER_MANAGER (a card the
/// manager may not edit). The check and the write are one transaction, so the manager's write
/// never lands on such a version: no manager audit row ever resets the roles.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_save_racing_a_role_change_never_lands_on_a_card_it_may_not_edit() {
    let ls = demo().await;
    let admin = ls.admin();
    let m = ls.manager();
    let target = admin
        .create_user(&UserDraft {
            username: "raced".into(),
            first_name: "R".into(),
            last_name: "C".into(),
            email: "raced@example.com".into(),
            roles: vec![Role::Client],
            dealer_id: Some(m.me().await.unwrap().user.dealer_id),
            login_allowed: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .user
        .login;
    let rounds = 60;
    let flipper = {
        let admin = admin.clone();
        tokio::spawn(async move {
            for i in 0..rounds {
                let u = admin.user(target).await.unwrap();
                let mut d = UserDraft::from(&u);
                d.roles = vec![if i % 2 == 0 { Role::DealerManager } else { Role::Client }];
                let _ = admin.update_user(target, u.version, &d).await;
            }
        })
    };
    let mut outcomes = std::collections::BTreeMap::new();
    for i in 0..rounds * 2 {
        let Ok(u) = m.user(target).await else { continue };
        let mut d = UserDraft::from(&u);
        d.roles = vec![Role::Client];
        d.city = format!("City {i}");
        // Guess the version the administrator is about to write, to land right after it.
        let r = m.update_user(target, u.version + (i % 2) as i64, &d).await;
        *outcomes
            .entry(r.err().and_then(|e| e.status()).unwrap_or(200))
            .or_insert(0) += 1;
    }
    flipper.await.unwrap();
    println!("manager's saves while racing: {outcomes:?}");
    let audit = admin.audit().await.unwrap().entries;
    let bad: Vec<_> = audit
        .iter()
        .filter(|e| e.actor == "0002" && e.target == target.to_string() && e.detail.get("roles").is_some())
        .collect();
    assert!(
        bad.is_empty(),
        "the manager changed roles of a card it may not edit: {bad:?}"
    );
    assert!(
        outcomes.get(&200).copied().unwrap_or(0) > 0,
        "some saves landed: {outcomes:?}"
    );
}

#[tokio::test]
async fn answers_name_only_what_the_caller_sees() {
    let ls = demo().await;
    let admin = ls.admin();
    let m = ls.manager();
    // A dealer manager of another dealer with no grants: its role shows it its own dealer's
    // objects (and its sub-dealers'), never Alpha's.
    let beta = admin
        .dealers()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.name == "Beta Trade")
        .expect("Beta")
        .id;
    let plain = admin
        .create_user(&UserDraft {
            username: "plain.dm".into(),
            first_name: "P".into(),
            last_name: "D".into(),
            email: "plain.dm@example.com".into(),
            roles: vec![Role::DealerManager],
            dealer_id: Some(beta),
            login_allowed: true,
            password: Some("plain-pass".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let plain = ls.client(plain.user.login.get(), "plain-pass", &plain.credentials.api_token);
    // The demo manager makes an object and grants a level: both audited.
    let acc = account(&m, "Alpha Systems").await;
    let unit = m
        .create_object(&NewObject {
            kind: ObjectKind::Unit,
            name: "Audited unit".into(),
            account_id: acc,
            members: vec![],
            accessors: vec![],
        })
        .await
        .unwrap();
    m.set_access(
        l(DEMO_CLIENT.login),
        vec![AccessChange {
            object_id: unit.id,
            level: AccessLevel::View,
        }],
    )
    .await
    .unwrap();
    let about_unit = |rows: &[ls_console::api::AuditEntry]| {
        rows.iter()
            .filter(|e| e.target == unit.id.to_string() || e.detail["object_id"] == unit.id)
            .count()
    };
    assert_eq!(
        about_unit(&m.audit().await.unwrap().entries),
        2,
        "the manager sees its own changes"
    );
    let seen = plain.audit().await.unwrap().entries;
    assert_eq!(about_unit(&seen), 0, "rows about objects it does not see are not shown");
    assert!(seen.iter().all(|e| !e.detail.to_string().contains("Audited unit")));
    // A client sees itself, not its dealer's other users, as objects either.
    let c = ls.as_account(&DEMO_CLIENT);
    let me = c.me().await.unwrap().user;
    let users = c.objects(Some(ObjectKind::User), "", None).await.unwrap().objects;
    assert!(users.iter().all(|o| o.id == me.object_id), "{users:?}");
    // Groups holding a unit, and users' groups, are named only when seen.
    let t4 = ls.as_account(&DEMO_TEST4);
    let every_group: BTreeSet<i64> = admin
        .objects(Some(ObjectKind::UnitGroup), "", None)
        .await
        .unwrap()
        .objects
        .iter()
        .map(|o| o.id)
        .collect();
    let t4_groups: BTreeSet<i64> = t4
        .objects(Some(ObjectKind::UnitGroup), "", None)
        .await
        .unwrap()
        .objects
        .iter()
        .map(|o| o.id)
        .collect();
    for u in t4.objects(Some(ObjectKind::Unit), "", None).await.unwrap().objects {
        assert!(u.parent_ids.iter().all(|g| t4_groups.contains(g)), "{u:?}");
        let full = admin.object(u.id).await.unwrap().object.parent_ids;
        assert!(full.iter().all(|g| every_group.contains(g)));
    }
    let agg = t4.user(l(3)).await.unwrap();
    assert!(agg.object_groups.iter().all(|g| t4_groups.contains(g)), "{agg:?}");
    assert!(!admin.user(l(3)).await.unwrap().object_groups.is_empty());
}

#[tokio::test]
async fn ones_own_levels_only_go_down() {
    let ls = demo().await;
    let m = ls.manager();
    let me = l(2);
    let unit = m.objects(Some(ObjectKind::Unit), "", Some(1)).await.unwrap().objects[0].id;
    ls.admin()
        .set_access(
            me,
            vec![AccessChange {
                object_id: unit,
                level: AccessLevel::Edit,
            }],
        )
        .await
        .unwrap();
    let set = |level| {
        let m = m.clone();
        async move { m.set_access(me, vec![AccessChange { object_id: unit, level }]).await }
    };
    let e = set(AccessLevel::Manage).await.unwrap_err();
    assert_eq!(status(&e), 403);
    assert!(e.to_string().contains("your own access levels upwards"), "{e}");
    set(AccessLevel::View).await.unwrap();
    set(AccessLevel::None).await.unwrap();
    assert_eq!(
        status(&set(AccessLevel::View).await.unwrap_err()),
        403,
        "not back up either"
    );
}
