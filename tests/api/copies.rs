//! Copies against the real server: a user's copy does exactly what its plan says for every demo
//! actor and source (every row the plan allows lands, every row it refuses is refused by the
//! server when sent, and a refusal creates nothing), a forged or stale copy is refused whole,
//! and a unit group's copy sets its accessors in the same transaction.
use crate::common::{demo, login, Ls, ADMIN_PW, ADMIN_TOKEN};
use ls_console::api::{AccessChange, AccessorChange, Client, ClientError, NewObject, UserCopy, UserQuery};
use ls_console::copy;
use ls_console::domain::policy::Actor;
use ls_console::domain::{AccessLevel, DealerTree, Login, ObjectKind, Role, UserDraft};
use ls_console::plan::Outcome;
use ls_console::server::seed::{DEMO_AGGREGATOR, DEMO_BETA_MANAGER, DEMO_CLIENT, DEMO_MANAGER, DEMO_TEST4};
use std::collections::BTreeMap;
use std::sync::Arc;

fn draft(name: &str) -> UserDraft {
    UserDraft {
        username: name.into(),
        first_name: "Copy".into(),
        last_name: "Test".into(),
        email: format!("{name}@copy.example"),
        login_allowed: true,
        ..Default::default()
    }
}

async fn actor_of(c: &Client) -> Actor {
    let me = c.me().await.expect("me");
    let dealers = Arc::new(DealerTree::new(&c.dealers().await.expect("dealers")));
    Actor::new(me.user, dealers)
}

async fn user_count(ls: &Ls) -> usize {
    ls.admin().users(&UserQuery::default()).await.expect("users").total
}

/// A user's direct grants, as the administrator reads them.
async fn direct(ls: &Ls, l: Login) -> BTreeMap<i64, AccessLevel> {
    ls.admin()
        .access(l, "")
        .await
        .expect("access")
        .entries
        .into_iter()
        .filter(|e| e.direct > AccessLevel::None)
        .map(|e| (e.object_id, e.direct))
        .collect()
}

fn refused(r: &Result<ls_console::api::CreatedUser, ClientError>) -> bool {
    matches!(r, Err(e) if matches!(e.status(), Some(400 | 403 | 404 | 409)))
}

#[tokio::test]
async fn every_copy_does_what_its_plan_says() {
    let ls = demo().await;
    // Test4 gets a right on its card that a dealer manager does not hold, so a manager's copy
    // of it is partial.
    ls.grant_rights(login(4), &["AGGREGATOR_LICENSES"]).await;
    // And the manager keeps only edit on its dealer's account: it may create users, but no
    // longer manages the objects Test4 has grants on.
    ls.set_manager_account_level(AccessLevel::Edit).await;
    let actors = [
        ls.admin(),
        ls.as_account(&DEMO_MANAGER),
        ls.as_account(&DEMO_TEST4),
        ls.as_account(&DEMO_BETA_MANAGER),
        ls.as_account(&DEMO_CLIENT),
        ls.as_account(&DEMO_AGGREGATOR),
    ];
    let sources = [2u16, 3, 4, 6, 11, 12, 14];
    let (mut made, mut partial, mut none, mut rows_checked, mut level_rows) = (0, 0, 0, 0, 0);
    for (ai, c) in actors.iter().enumerate() {
        let actor = actor_of(c).await;
        for (si, s) in sources.iter().enumerate() {
            let name = format!("copy{ai}x{si}");
            let planned = match copy::fetch_user_copy(c, &actor, login(*s), draft(&name)).await {
                Ok(p) => p,
                // A source the actor does not see: the server says so, and so does a copy.
                Err(e) if e.status() == Some(404) => {
                    let r = c
                        .copy_user(
                            login(*s),
                            &UserCopy {
                                user: UserDraft {
                                    roles: vec![Role::Client],
                                    ..draft(&name)
                                },
                                levels: vec![],
                            },
                        )
                        .await;
                    assert!(refused(&r), "a copy of an unseen user is refused: {r:?}");
                    none += 1;
                    continue;
                }
                Err(e) => panic!("planning {name}: {e}"),
            };
            let before = user_count(&ls).await;
            let Some(req) = planned.request.clone() else {
                // Nothing may be made: the source's roles sent whole are refused, and nothing is created.
                let src = ls.admin().user(login(*s)).await.expect("source");
                let r = c
                    .copy_user(
                        login(*s),
                        &UserCopy {
                            user: UserDraft {
                                roles: src.roles.clone(),
                                dealer_id: Some(actor.user.dealer_id),
                                ..draft(&name)
                            },
                            levels: vec![],
                        },
                    )
                    .await;
                assert!(refused(&r), "{name}: the plan made nothing, the server made {r:?}");
                assert_eq!(user_count(&ls).await, before, "{name}: nothing created");
                none += 1;
                continue;
            };
            // Each refused grant or role, added to what is allowed, is refused whole.
            for (i, row) in planned
                .plan
                .rows
                .iter()
                .filter(|r| r.outcome == Outcome::Refused)
                .enumerate()
                .take(3)
            {
                let mut more = req.clone();
                if let Some(id) = row.object_id {
                    level_rows += 1;
                    let src = direct(&ls, login(*s)).await;
                    more.levels.push(AccessChange {
                        object_id: id,
                        level: src[&id],
                    });
                } else if let Some(r) = row.what.strip_prefix("role ") {
                    more.user.roles.push(r.parse().expect("a role"));
                } else if let Some(r) = row.what.strip_prefix("right ") {
                    more.user.rights.push(r.to_string());
                } else {
                    continue;
                }
                more.user.username = format!("{name}r{i}");
                let r = c.copy_user(login(*s), &more).await;
                assert!(
                    refused(&r),
                    "{name}: the plan refused '{}', the server made {r:?}",
                    row.what
                );
                assert_eq!(user_count(&ls).await, before, "{name}: a refused copy creates nothing");
                rows_checked += 1;
            }
            let created = c.copy_user(login(*s), &req).await.unwrap_or_else(|e| {
                panic!(
                    "{name}: the plan allowed {:?}, the server said {e}",
                    planned.plan.summary()
                )
            });
            let mut roles = created.user.roles.clone();
            roles.sort();
            let mut want = req.user.roles.clone();
            want.sort();
            assert_eq!(roles, want, "{name}: the roles the plan allowed");
            let mut rights = created.user.rights.clone();
            rights.sort();
            let mut want = req.user.rights.clone();
            want.sort();
            assert_eq!(rights, want, "{name}: the rights the plan allowed");
            let got = direct(&ls, created.user.login).await;
            let want: BTreeMap<i64, AccessLevel> = req.levels.iter().map(|c| (c.object_id, c.level)).collect();
            assert_eq!(got, want, "{name}: exactly the grants the plan allowed");
            let src = direct(&ls, login(*s)).await;
            for (id, l) in &got {
                assert_eq!(src.get(id), Some(l), "{name}: a copied grant is the source's");
            }
            made += 1;
            eprintln!("{name}: {}", planned.plan.summary());
            if planned.plan.counts.refused > 0 {
                partial += 1;
            }
        }
    }
    assert!(
        made >= 4 && partial >= 1 && none >= 10,
        "made {made}, partial {partial}, none {none}"
    );
    assert!(
        rows_checked >= 3 && level_rows >= 1,
        "refused rows sent: {rows_checked}, of them grants: {level_rows}"
    );
}

#[tokio::test]
async fn a_copy_is_audited_and_a_forged_or_stale_one_creates_nothing() {
    let ls = demo().await;
    let m = ls.manager();
    let actor = actor_of(&m).await;
    let planned = copy::fetch_user_copy(&m, &actor, login(4), draft("anna.copy"))
        .await
        .expect("plan");
    let req = planned.request.expect("the manager may copy Test4");
    assert!(!req.levels.is_empty(), "Test4 has grants to copy");
    let before = user_count(&ls).await;
    // A grant Test4 does not have is not a copy: refused whole.
    let mut forged = req.clone();
    forged.levels[0].level = AccessLevel::Manage;
    let e = m.copy_user(login(4), &forged).await.expect_err("forged");
    assert_eq!(e.status(), Some(409), "{e}");
    assert!(e.to_string().contains("nothing was changed"), "{e}");
    // Test4's grant changes after the plan: the copy is refused, nothing is created.
    let first = req.levels[0].clone();
    ls.admin()
        .set_access(
            login(4),
            vec![AccessChange {
                object_id: first.object_id,
                level: AccessLevel::None,
            }],
        )
        .await
        .expect("admin changes Test4");
    let e = m.copy_user(login(4), &req).await.expect_err("stale");
    assert_eq!(e.status(), Some(409), "{e}");
    assert!(e.to_string().contains("plan the copy again"), "{e}");
    assert_eq!(user_count(&ls).await, before);
    // Planned again, it lands, and the audit says it is a copy of 0004.
    let planned = copy::fetch_user_copy(&m, &actor, login(4), draft("anna.copy"))
        .await
        .expect("plan");
    let created = m
        .copy_user(login(4), &planned.request.expect("copy"))
        .await
        .expect("copied");
    assert_eq!(
        created.credentials.password.len(),
        14,
        "one-time credentials as for a new user"
    );
    let audit = ls.admin().audit().await.expect("audit");
    let row = audit
        .entries
        .iter()
        .find(|e| e.action == "user.copy")
        .expect("a user.copy row");
    assert_eq!(row.target, created.user.login.to_string());
    assert_eq!(row.detail["source"], "0004");
    assert!(
        !row.detail.to_string().contains(&created.credentials.password),
        "no secret in the audit"
    );
}

#[tokio::test]
async fn a_group_copy_sets_its_accessors_in_the_same_transaction() {
    let ls = demo().await;
    let m = ls.manager();
    // A group of the manager's, with two units and a viewer.
    let objs = m
        .objects(Some(ObjectKind::Unit), "", None)
        .await
        .expect("units")
        .objects;
    let mine: Vec<_> = objs
        .iter()
        .filter(|o| o.level == AccessLevel::Manage && o.account_id == objs[0].account_id)
        .take(2)
        .collect();
    assert_eq!(mine.len(), 2, "the manager manages units");
    let account = mine[0].account_id.expect("account");
    let before = m.objects(None, "", None).await.expect("objects").total;
    // An accessor the manager cannot see makes the whole creation fail.
    let e = m
        .create_object(&NewObject {
            kind: ObjectKind::UnitGroup,
            name: "Copied group".into(),
            account_id: account,
            members: mine.iter().map(|o| o.id).collect(),
            accessors: vec![
                AccessorChange {
                    login: login(4),
                    level: AccessLevel::View,
                },
                AccessorChange {
                    login: login(5),
                    level: AccessLevel::View,
                },
            ],
        })
        .await
        .expect_err("beta's manager is not the manager's to see");
    assert_eq!(e.status(), Some(404), "{e}");
    assert_eq!(
        m.objects(None, "", None).await.expect("objects").total,
        before,
        "nothing created"
    );
    let g = m
        .create_object(&NewObject {
            kind: ObjectKind::UnitGroup,
            name: "Copied group".into(),
            account_id: account,
            members: mine.iter().map(|o| o.id).collect(),
            accessors: vec![AccessorChange {
                login: login(4),
                level: AccessLevel::View,
            }],
        })
        .await
        .expect("created");
    let acc = m.accessors(g.id).await.expect("accessors");
    let test4 = acc.iter().find(|a| a.login == login(4)).expect("Test4 has access");
    assert_eq!(test4.direct, AccessLevel::View);
    let me = acc.iter().find(|a| a.login == login(2)).expect("the creator");
    assert_eq!(me.direct, AccessLevel::Manage);
    // Its own level it gets as the creator, never by a grant in the same request.
    let admin = ls.client(1, ADMIN_PW, ADMIN_TOKEN);
    let e = m
        .create_object(&NewObject {
            kind: ObjectKind::UnitGroup,
            name: "Again".into(),
            account_id: account,
            members: vec![],
            accessors: vec![AccessorChange {
                login: login(2),
                level: AccessLevel::Manage,
            }],
        })
        .await
        .expect_err("own level upwards");
    assert_eq!(e.status(), Some(403), "{e}");
    drop(admin);
}

#[tokio::test]
async fn object_ids_named_in_a_copy_tell_nothing_and_none_is_not_a_grant() {
    let ls = demo().await;
    let m = ls.manager();
    // An object of another dealer (Beta's manager sees it, Alpha's does not) and an id nobody has.
    let beta = ls.as_account(&DEMO_BETA_MANAGER);
    let hidden = beta.objects(Some(ObjectKind::Unit), "", Some(1)).await.unwrap().objects[0].id;
    assert!(m.object(hidden).await.is_err(), "Alpha's manager does not see it");
    let ask = |id: i64, level: AccessLevel| UserCopy {
        user: UserDraft {
            roles: vec![Role::DealerUser],
            ..draft("probe")
        },
        levels: vec![AccessChange { object_id: id, level }],
    };
    let a = m
        .copy_user(login(4), &ask(hidden, AccessLevel::View))
        .await
        .expect_err("hidden");
    let b = m
        .copy_user(login(4), &ask(9_999_999, AccessLevel::View))
        .await
        .expect_err("missing");
    assert_eq!((a.status(), b.status()), (Some(404), Some(404)));
    assert_eq!(
        a.to_string().replace(&hidden.to_string(), "N"),
        b.to_string().replace("9999999", "N"),
        "the same answer for a hidden and a missing object"
    );
    // A client (no right to create users) learns nothing at all about ids.
    let c = ls.as_account(&DEMO_CLIENT);
    let e = c
        .copy_user(login(6), &ask(hidden, AccessLevel::View))
        .await
        .expect_err("client");
    assert_eq!(e.status(), Some(403), "{e}");
    assert!(!e.to_string().contains(&hidden.to_string()), "{e}");
    // `none` is no grant to copy or give.
    let e = m
        .copy_user(login(4), &ask(hidden, AccessLevel::None))
        .await
        .expect_err("none");
    assert_eq!(e.status(), Some(400), "{e}");
}

#[tokio::test]
async fn a_copy_names_each_object_once_and_two_copies_cannot_take_one_login() {
    let ls = demo().await;
    let m = ls.manager();
    let actor = actor_of(&m).await;
    let req = copy::fetch_user_copy(&m, &actor, login(4), draft("twin"))
        .await
        .expect("plan")
        .request
        .expect("copy");
    let mut twice = req.clone();
    twice.levels.push(twice.levels[0].clone());
    let e = m.copy_user(login(4), &twice).await.expect_err("twice");
    assert_eq!(e.status(), Some(400), "{e}");
    // The same wanted login, at once: one is created, the other is told the login is taken.
    let before = user_count(&ls).await;
    let mut a = req.clone();
    a.user.login = Some(login(4321));
    let mut b = a.clone();
    b.user.username = "twin2".into();
    let (ra, rb) = tokio::join!(m.copy_user(login(4), &a), m.copy_user(login(4), &b));
    let ok = [&ra, &rb].iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{ra:?} {rb:?}");
    let err = [ra, rb].into_iter().find_map(|r| r.err()).expect("one refused");
    assert_eq!(err.status(), Some(409), "{err}");
    assert_eq!(user_count(&ls).await, before + 1);
    assert_eq!(direct(&ls, login(4321)).await, direct(&ls, login(4)).await);
}

/// One rule for the next free login: a creation and a copy both take the lowest free one, in
/// whatever order they come (the demo's fixed logins are 0001–0006, its filler 0010–1209).
#[tokio::test]
async fn a_copy_and_a_creation_take_the_lowest_free_login_alike() {
    let ls = demo().await;
    let m = ls.manager();
    let actor = actor_of(&m).await;
    let new = |name: &str| UserDraft {
        roles: vec![Role::DealerUser],
        ..draft(name)
    };
    let copy_of_test4 = |name: &'static str| {
        let (m, actor) = (m.clone(), actor.clone());
        async move {
            let req = copy::fetch_user_copy(&m, &actor, login(4), draft(name))
                .await
                .expect("plan")
                .request
                .expect("the manager may copy Test4");
            m.copy_user(login(4), &req).await.expect("copied").user.login
        }
    };
    let first = m.create_user(&new("lowest.one")).await.expect("created").user.login;
    assert_eq!(first, login(7));
    assert_eq!(
        copy_of_test4("lowest.two").await,
        login(8),
        "a copy takes the lowest free login too"
    );
    let third = m.create_user(&new("lowest.three")).await.expect("created").user.login;
    assert_eq!(third, login(9));
    // 0001–1209 taken now: the next of either kind takes 1210, then 1211.
    assert_eq!(copy_of_test4("lowest.four").await, login(1210));
    let fifth = m.create_user(&new("lowest.five")).await.expect("created").user.login;
    assert_eq!(fifth, login(1211));
}
