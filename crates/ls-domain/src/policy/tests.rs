//! Unit tests of the policy: each rule and its refusal, the order of checks, and properties
//! over generated rights and levels.
use super::*;
use crate::{Dealer, Source, UserDraft};
use proptest::prelude::*;
use std::collections::HashMap;
use AccessLevel::{Edit, Execute, Manage, View};

const ALPHA: i64 = 1;
const NORTH: i64 = 2;
const BETA: i64 = 3;
const VENDOR: i64 = 9;

fn tree() -> Arc<DealerTree> {
    let d = |id, parent_id, account_id| Dealer {
        id,
        name: format!("D{id}"),
        parent_id,
        account_id: Some(account_id),
        level: None,
    };
    Arc::new(DealerTree::new(&[
        d(ALPHA, None, 10),
        d(NORTH, Some(ALPHA), 20),
        d(BETA, None, 30),
        d(VENDOR, None, 90),
    ]))
}

fn user(login: u16, dealer: i64, roles: &[Role], rights: &[&str]) -> User {
    User {
        login: Login::new(login).expect("login"),
        username: format!("u{login}"),
        first_name: "F".into(),
        last_name: "L".into(),
        patronymic: String::new(),
        position: String::new(),
        city: String::new(),
        country: String::new(),
        comments: String::new(),
        email: "a@b.cc".into(),
        phone: String::new(),
        mobile: String::new(),
        dealer_id: dealer,
        dealer: String::new(),
        roles: roles.to_vec(),
        rights: rights.iter().map(|r| r.to_string()).collect(),
        object_groups: vec![],
        login_allowed: true,
        source: Source::Ls,
        language: Default::default(),
        version: 1,
        created_at: String::new(),
        updated_at: String::new(),
        // A user's object id is 1000 + its login, in its dealer's account.
        object_id: 1000 + login as i64,
        level: None,
        last_sign_in: None,
    }
}

fn actor(u: &User) -> Actor {
    Actor::new(u.clone(), tree())
}

fn obj(id: i64, kind: ObjectKind, account: i64) -> Obj<'static> {
    Obj {
        id,
        kind,
        account_id: Some(account),
        name: "thing",
    }
}

const ALPHA_ACC: Obj = Obj {
    id: 10,
    kind: ObjectKind::Account,
    account_id: Some(10),
    name: "Alpha",
};

type Grants = HashMap<i64, AccessLevel>;

fn with<T>(a: &Actor, g: &Grants, f: impl FnOnce(&Policy<'_, dyn Levels + '_>) -> T) -> T {
    let levels = |id: i64| g.get(&id).copied().unwrap_or_default();
    let p: Policy<'_, dyn Levels> = Policy::new(a, &levels as &dyn Levels);
    f(&p)
}

fn reason(v: Verdict) -> Reason {
    v.expect_err("refused").reason
}

fn manager() -> User {
    user(2, ALPHA, &[Role::DealerManager], &["USERS_API_TOKEN"])
}

/// The manager's effective levels: manage on Alpha's and North's accounts, hence on their
/// objects (units 11 and 21, group 12, a group 13) and their users.
fn manager_grants() -> Grants {
    let mut g = HashMap::from([
        (10, Manage),
        (20, Manage),
        (11, Manage),
        (12, Manage),
        (13, Manage),
        (21, Manage),
    ]);
    for l in 1..100 {
        g.insert(1000 + l, Manage);
    }
    g
}

#[test]
fn reach_is_a_ceiling_on_levels() {
    let m = actor(&manager());
    let du = actor(&user(4, ALPHA, &[Role::DealerUser], &[]));
    let vsd = actor(&user(5, ALPHA, &[Role::DealerUser], &["SUBDEALER_VIEW"]));
    let all_manage: Grants = [(11, Manage), (21, Manage), (31, Manage)].into();
    for (a, alpha, north, beta) in [
        (&m, Manage, Manage, AccessLevel::None),
        (&du, Manage, AccessLevel::None, AccessLevel::None),
        (&vsd, Manage, Manage, AccessLevel::None),
    ] {
        with(a, &all_manage, |p| {
            assert_eq!(p.level(obj(11, ObjectKind::Unit, 10)), alpha);
            assert_eq!(p.level(obj(21, ObjectKind::Unit, 20)), north, "sub-dealer's unit");
            assert_eq!(
                p.level(obj(31, ObjectKind::Unit, 30)),
                beta,
                "another dealer's unit: a grant gives nothing"
            );
        });
    }
    let admin = actor(&user(1, VENDOR, &[Role::Admin], &[]));
    with(&admin, &Grants::new(), |p| {
        assert_eq!(p.level(obj(31, ObjectKind::Unit, 30)), Manage);
        assert_eq!(
            p.level(obj(99, ObjectKind::Unit, 777)),
            Manage,
            "the admin reaches everything"
        );
    });
    // execute counts as view on accounts and users.
    with(&du, &[(10, Execute)].into(), |p| assert_eq!(p.level(ALPHA_ACC), View));
}

#[test]
fn who_sees_whom() {
    let m = actor(&manager());
    let north_client = user(30, NORTH, &[Role::Client], &[]);
    let beta_user = user(40, BETA, &[Role::DealerUser], &[]);
    let g = Grants::new();
    with(&m, &g, |p| {
        assert!(
            p.see_user(&north_client).is_ok(),
            "a manager sees its sub-dealer's users"
        );
        assert_eq!(reason(p.see_user(&beta_user)), Reason::NoSuchUser(beta_user.login));
    });
    let client = actor(&user(6, ALPHA, &[Role::Client], &[]));
    with(&client, &g, |p| {
        assert!(p.see_user(&client.user).is_ok(), "itself");
        assert!(
            p.see_user(&user(7, ALPHA, &[Role::Client], &[])).is_err(),
            "no Users — view"
        );
    });
    let du = actor(&user(4, ALPHA, &[Role::DealerUser], &[]));
    with(&du, &g, |p| {
        assert!(p.see_user(&north_client).is_err(), "no View Sub-Dealer entities")
    });
    // A 404 names nothing but what was asked for.
    assert_eq!(Reason::NoSuchUser(beta_user.login).to_string(), "user 0040 not found");
    assert_eq!(Reason::NoSuchObject(31).to_string(), "object 31 not found");
    assert_eq!(Reason::NoSuchObject(31).kind(), DeniedKind::NotFound);
}

#[test]
fn setting_a_level_asks_in_order() {
    let target = user(7, ALPHA, &[Role::Client], &[]);
    let unit = obj(11, ObjectKind::Unit, 10);
    // Each step, from a manager that may do it, takes one thing away.
    let m = actor(&manager());
    let g = manager_grants();
    with(&m, &g, |p| assert_eq!(p.set_level(unit, &target), Ok(())));
    with(&m, &g, |p| {
        assert_eq!(
            reason(p.set_level(unit, &user(40, BETA, &[Role::Client], &[]))),
            Reason::NoSuchUser(Login::new(40).unwrap())
        );
        assert_eq!(
            reason(p.set_level(obj(31, ObjectKind::Unit, 30), &target)),
            Reason::NoSuchObject(31)
        );
    });
    let mut no_right = manager();
    no_right.roles = vec![Role::DealerUser];
    let a = actor(&no_right);
    with(&a, &g, |p| {
        assert!(matches!(
            reason(p.set_level(unit, &target)),
            Reason::LacksRight {
                right: "ACCESS_MANAGE",
                ..
            }
        ));
    });
    let mut g2 = g.clone();
    g2.insert(11, Edit);
    with(&m, &g2, |p| {
        assert!(matches!(
            reason(p.set_level(unit, &target)),
            Reason::Level {
                need: Manage,
                have: Edit,
                ..
            }
        ));
    });
    let mut g3 = g.clone();
    g3.insert(target.object_id, View);
    g3.insert(10, Edit);
    g3.insert(11, Manage);
    // Its role gives it edit on its dealer's users, never manage.
    with(&m, &g3, |p| match reason(p.set_level(unit, &target)) {
        Reason::Level { on, have: Edit, .. } => assert_eq!(on.to_string(), "user 0007"),
        r => panic!("{r:?}"),
    });
    // A grantee of Alpha cannot reach North's objects: the grant would give nothing.
    with(&m, &g, |p| {
        assert!(matches!(
            reason(p.set_level(obj(21, ObjectKind::Unit, 20), &target)),
            Reason::OutOfReach { .. }
        ));
        let vsd = user(8, ALPHA, &[Role::DealerUser], &["SUBDEALER_VIEW"]);
        assert_eq!(p.set_level(obj(21, ObjectKind::Unit, 20), &vsd), Ok(()));
    });
}

#[test]
fn editing_a_card() {
    let m = actor(&manager());
    let g = manager_grants();
    let client = user(7, ALPHA, &[Role::Client], &[]);
    let peer = user(8, ALPHA, &[Role::DealerManager], &[]);
    let agg = user(3, ALPHA, &[Role::Aggregator], &[]);
    with(&m, &g, |p| {
        assert_eq!(p.edit_user(&client), Ok(()));
        assert_eq!(
            reason(p.edit_user(&peer)),
            Reason::Outranked {
                login: peer.login,
                role: Role::DealerManager
            }
        );
        assert_eq!(
            reason(p.edit_user(&agg)),
            Reason::Outranked {
                login: agg.login,
                role: Role::Aggregator
            }
        );
        assert_eq!(p.edit_user(&m.user), Ok(()), "its own card");
        assert_eq!(
            reason(p.change_role(&m.user, Role::Client)),
            Reason::OwnCard { what: OwnPart::Roles }
        );
        assert_eq!(
            reason(p.block_user(&m.user)),
            Reason::OwnCard {
                what: OwnPart::LoginAllowed
            }
        );
        assert!(matches!(
            reason(p.change_role(&client, Role::Admin)),
            Reason::RoleNotGrantable { role: Role::Admin, .. }
        ));
        assert_eq!(p.change_role(&client, Role::SubDealer), Ok(()));
        assert_eq!(
            reason(p.change_right(&client, "AGGREGATOR_LICENSES")),
            Reason::RightNotHeld {
                right: "AGGREGATOR_LICENSES".into()
            }
        );
        assert_eq!(p.change_right(&client, "REPORTS_EXPIRING"), Ok(()));
        assert_eq!(p.block_user(&client), Ok(()));
    });
    // Without a grant its role edits its dealer's users; a sub-dealer's it only sees.
    let north_client = user(30, NORTH, &[Role::Client], &[]);
    let mut g2 = g.clone();
    g2.remove(&client.object_id);
    g2.remove(&north_client.object_id);
    g2.insert(10, View);
    g2.insert(20, View);
    with(&m, &g2, |p| {
        assert_eq!(p.edit_user(&client), Ok(()), "by its role");
        assert!(matches!(
            reason(p.edit_user(&north_client)),
            Reason::Level {
                need: Edit,
                have: View,
                ..
            }
        ))
    });
    // A dealer user edits itself only.
    let du = actor(&user(4, ALPHA, &[Role::DealerUser], &["USERS_EDIT"]));
    with(&du, &g, |p| {
        assert!(matches!(reason(p.edit_user(&client)), Reason::LacksRole { .. }));
        assert_eq!(p.edit_user(&du.user), Ok(()));
    });
    // The admin: everyone, but never blocks itself or drops its own ADMIN.
    let admin = actor(&user(1, VENDOR, &[Role::Admin], &[]));
    with(&admin, &Grants::new(), |p| {
        assert_eq!(p.edit_user(&peer), Ok(()));
        assert_eq!(p.change_role(&admin.user, Role::Client), Ok(()));
        assert_eq!(
            reason(p.change_role(&admin.user, Role::Admin)),
            Reason::OwnCard { what: OwnPart::Roles }
        );
        assert_eq!(
            reason(p.block_user(&admin.user)),
            Reason::OwnCard {
                what: OwnPart::LoginAllowed
            }
        );
    });
    // update_user asks each change: a field edit passes where a role change does not.
    with(&m, &g, |p| {
        let mut d = UserDraft::from(&client);
        d.city = "Omsk".into();
        assert_eq!(p.update_user(&client, &d), Ok(()));
        d.roles.push(Role::Admin);
        assert_eq!(p.update_user(&client, &d).unwrap_err().field, Some("roles"));
    });
}

#[test]
fn tokens_follow_the_card() {
    let m = actor(&manager());
    let g = manager_grants();
    let sd = user(9, ALPHA, &[Role::SubDealer], &[]);
    let peer = user(8, ALPHA, &[Role::DealerManager], &["USERS_API_TOKEN"]);
    let du = user(4, ALPHA, &[Role::DealerUser], &[]);
    with(&m, &g, |p| {
        assert_eq!(p.token(&m.user), Ok(()));
        assert_eq!(p.token(&sd), Ok(()));
        assert!(matches!(reason(p.token(&peer)), Reason::Outranked { .. }));
        assert_eq!(reason(p.token(&du)), Reason::NoApiAccess(du.login));
    });
    let plain = actor(&user(11, ALPHA, &[Role::DealerManager], &[]));
    with(&plain, &g, |p| {
        assert!(matches!(
            reason(p.token(&plain.user)),
            Reason::LacksRight {
                right: "USERS_API_TOKEN",
                ..
            }
        ));
    });
}

/// A read-only session refuses every change the same actor could otherwise make, with one
/// reason, and keeps every read.
#[test]
fn a_read_only_session_refuses_every_write_and_keeps_the_reads() {
    let admin = user(1, VENDOR, &[Role::Admin], &[]);
    let sd = user(9, ALPHA, &[Role::SubDealer], &[]);
    let g = manager_grants();
    for who in [manager(), admin] {
        let rw = actor(&who);
        let ro = actor(&who).with_read_only(Some("profile prod".into()));
        let ro_reason = Reason::ReadOnly("profile prod".into());
        let writes = |p: &Policy<'_, dyn Levels + '_>| -> Vec<Verdict> {
            let unit = obj(11, ObjectKind::Unit, 10);
            let group = obj(12, ObjectKind::UnitGroup, 10);
            vec![
                p.edit_user(&sd),
                p.change_role(&sd, Role::Client),
                p.change_right(&sd, "USERS_VIEW"),
                p.block_user(&sd),
                p.create_users(ALPHA),
                p.renew_token(&sd),
                p.set_levels_on(unit),
                p.set_level(unit, &sd),
                p.levels_of(&sd).check_change(unit, AccessLevel::None, View),
                p.create_object(ObjectKind::Unit, 10, Some(ALPHA_ACC)),
                p.edit_object(unit),
                p.change_member(group, 11, Some(unit)),
                p.edit_members(group),
            ]
        };
        let allowed = with(&rw, &g, |p| writes(p));
        let refused = with(&ro, &g, |p| writes(p));
        for (i, (a, r)) in allowed.iter().zip(&refused).enumerate() {
            if a.is_ok() {
                assert_eq!(
                    r.clone().map_err(|d| d.reason),
                    Err(ro_reason.clone()),
                    "write {i} of {}",
                    who.login
                );
            } else {
                assert!(r.is_err(), "write {i}");
            }
        }
        assert!(
            allowed.iter().filter(|v| v.is_ok()).count() >= 8,
            "the writes were the actor's to make"
        );
        with(&ro, &g, |p| {
            assert_eq!(p.see_user(&sd), Ok(()));
            assert_eq!(p.token(&sd), Ok(()), "reading a token is no write");
        });
    }
}

#[test]
fn objects_and_members() {
    let m = actor(&manager());
    let g = manager_grants();
    let group = obj(12, ObjectKind::UnitGroup, 10);
    with(&m, &g, |p| {
        assert_eq!(p.create_object(ObjectKind::UnitGroup, 10, Some(ALPHA_ACC)), Ok(()));
        assert_eq!(
            reason(p.create_object(ObjectKind::User, 10, Some(ALPHA_ACC))),
            Reason::NotCreatable(ObjectKind::User)
        );
        assert_eq!(
            reason(p.create_object(ObjectKind::Unit, 30, Some(obj(30, ObjectKind::Account, 30)))),
            Reason::NoSuchObject(30)
        );
        assert_eq!(
            reason(p.create_object(ObjectKind::Unit, 11, Some(obj(11, ObjectKind::Unit, 10)))),
            Reason::NotAnAccount(11)
        );
        assert_eq!(p.change_member(group, 11, Some(obj(11, ObjectKind::Unit, 10))), Ok(()));
        assert_eq!(
            reason(p.change_member(group, 31, Some(obj(31, ObjectKind::Unit, 30)))),
            Reason::NoSuchObject(31)
        );
        assert_eq!(reason(p.change_member(group, 404, None)), Reason::NoSuchObject(404));
        assert!(matches!(
            reason(p.change_member(group, 21, Some(obj(21, ObjectKind::Unit, 20)))),
            Reason::OtherAccount { .. }
        ));
        assert!(matches!(
            reason(p.change_member(group, 13, Some(obj(13, ObjectKind::UnitGroup, 10)))),
            Reason::NotAUnit { .. }
        ));
        assert!(matches!(
            reason(p.edit_members(obj(11, ObjectKind::Unit, 10))),
            Reason::NotAGroup { .. }
        ));
    });
    assert_eq!(
        may_hold_members(ObjectKind::Unit).unwrap_err().reason,
        Reason::UnitHasNoMembers
    );
    // A dealer user with edit on a group: may rename it, may not put in a unit it only sees.
    let du = actor(&user(4, ALPHA, &[Role::DealerUser], &[]));
    let g: Grants = [(12, Edit), (11, Edit)].into();
    with(&du, &g, |p| {
        assert_eq!(p.edit_members(group), Ok(()));
        assert!(matches!(
            reason(p.change_member(group, 11, Some(obj(11, ObjectKind::Unit, 10)))),
            Reason::Level { need: Manage, .. }
        ));
        assert!(matches!(
            reason(p.create_object(ObjectKind::Unit, 10, Some(ALPHA_ACC))),
            Reason::NoSuchObject(10)
        ));
    });
    // A client with edit on a group: the level alone does not let it change the group.
    let c = actor(&user(6, ALPHA, &[Role::Client], &[]));
    with(&c, &[(12, Edit)].into(), |p| {
        assert!(matches!(
            reason(p.edit_object(group)),
            Reason::LacksRight {
                right: "OBJECTS_EDIT",
                ..
            }
        ));
    });
}

#[test]
fn creating_users() {
    let m = actor(&manager());
    let g = manager_grants();
    let mut d = UserDraft {
        roles: vec![Role::Client],
        ..Default::default()
    };
    with(&m, &g, |p| {
        assert_eq!(p.create_user(&d, ALPHA), Ok(()));
        assert_eq!(reason(p.create_user(&d, NORTH)), Reason::OtherDealer);
        assert_eq!(reason(p.create_user(&d, BETA)), Reason::OtherDealer);
        d.rights = vec!["AGGREGATOR_LICENSES".into()];
        assert!(matches!(reason(p.create_user(&d, ALPHA)), Reason::RightNotHeld { .. }));
    });
    with(&m, &Grants::new(), |p| {
        d.rights.clear();
        // The seeds' rule: a manager creates its dealer's users without any grant (its role
        // gives it edit on the dealer's account), and sees its sub-dealer's objects.
        assert_eq!(p.create_user(&d, ALPHA), Ok(()), "by its role");
        assert_eq!(p.level(ALPHA_ACC), Edit);
        assert_eq!(p.level(obj(11, ObjectKind::Unit, 10)), Edit);
        assert_eq!(p.level(obj(21, ObjectKind::Unit, 20)), View, "a sub-dealer's unit");
        assert_eq!(p.level(obj(31, ObjectKind::Unit, 30)), AccessLevel::None);
        assert_eq!(reason(p.create_user(&d, NORTH)), Reason::OtherDealer);
    });
    // The role taken, its levels go with it.
    let mut was = manager();
    was.roles = vec![Role::DealerUser];
    with(&actor(&was), &Grants::new(), |p| {
        assert_eq!(p.level(ALPHA_ACC), AccessLevel::None);
        assert!(matches!(reason(p.create_user(&d, ALPHA)), Reason::LacksRole { .. }));
    });
    let admin = actor(&user(1, VENDOR, &[Role::Admin], &[]));
    with(&admin, &Grants::new(), |p| {
        assert_eq!(p.create_user(&d, BETA), Ok(()));
        assert_eq!(reason(p.create_user(&d, 77)), Reason::NoSuchDealer(77));
    });
}

#[test]
fn batches_licenses_and_sign_in() {
    assert_eq!(each_once([1, 2, 3], "changes"), Ok(()));
    let e = each_once([1, 2, 1], "changes").unwrap_err();
    assert_eq!((e.reason, e.field), (Reason::Twice("1".into()), Some("changes")));
    let mut agg = user(3, ALPHA, &[Role::Aggregator], &[]);
    assert_eq!(license_works(Some(&agg)), Ok(()));
    agg.login_allowed = false;
    assert_eq!(license_works(Some(&agg)).unwrap_err().kind(), DeniedKind::Unauthorized);
    assert_eq!(reason(sign_in(&agg)), Reason::Blocked(agg.login));
    assert!(license_works(None).is_err());
    assert!(
        license_works(Some(&user(4, ALPHA, &[Role::DealerUser], &[]))).is_err(),
        "not an aggregator"
    );
}

fn level() -> impl Strategy<Value = AccessLevel> {
    (0u8..5).prop_map(|d| AccessLevel::from_digit(d).unwrap_or_default())
}

const SOME_RIGHTS: [&str; 6] = [
    "ACCESS_MANAGE",
    "OBJECTS_EDIT",
    "OBJECTS_CREATE",
    "USERS_EDIT",
    "USERS_BLOCK",
    "SUBDEALER_VIEW",
];

proptest! {
    /// Whatever the rights and levels, setting a level is allowed only with the right and
    /// manage on both the object and the user; and raising a grant never takes an allowed
    /// action away.
    #[test]
    fn a_right_gates_on_top_of_the_level(
        role in prop::sample::select(vec![Role::DealerManager, Role::DealerUser, Role::Client, Role::SubDealer]),
        rights in prop::sample::subsequence(SOME_RIGHTS.to_vec(), 0..=SOME_RIGHTS.len()),
        on_unit in level(), on_account in level(), on_user in level(), extra in level(),
    ) {
        let me = user(2, ALPHA, &[role], &rights);
        let a = actor(&me);
        let target = user(7, ALPHA, &[Role::Client], &[]);
        let unit = obj(11, ObjectKind::Unit, 10);
        // Levels are effective levels: the account's grant raises the unit's, and a manager's
        // role gives it edit on its dealer's account.
        let by_role = if role == Role::DealerManager { Edit } else { AccessLevel::None };
        let eff_unit = on_unit.max(on_account.on(ObjectKind::Account));
        let g: Grants = [(11, eff_unit), (10, on_account), (target.object_id, on_user)].into();
        let allowed = with(&a, &g, |p| p.set_level(unit, &target).is_ok());
        let has = |r: &str| a.has(r);
        prop_assert_eq!(allowed, has("ACCESS_MANAGE") && has("USERS_VIEW") && eff_unit == Manage && on_user == Manage);
        let renamable = with(&a, &g, |p| p.edit_object(unit).is_ok());
        prop_assert_eq!(renamable, has("OBJECTS_EDIT") && eff_unit.max(by_role) >= Edit);
        // Monotone: more levels never refuse what was allowed.
        let mut more = g.clone();
        for v in more.values_mut() {
            *v = (*v).max(extra);
        }
        if allowed {
            prop_assert!(with(&a, &more, |p| p.set_level(unit, &target).is_ok()));
        }
        if renamable {
            prop_assert!(with(&a, &more, |p| p.edit_object(unit).is_ok()));
        }
    }
}

#[test]
fn copying_a_user_is_judged_part_by_part() {
    let m = actor(&manager());
    let mut g = manager_grants();
    g.insert(14, View);
    let d = UserDraft {
        username: "copy".into(),
        roles: vec![Role::DealerUser, Role::Admin],
        rights: vec!["USERS_API_TOKEN".into(), "AGGREGATOR_LICENSES".into()],
        ..Default::default()
    };
    let unit = obj(11, ObjectKind::Unit, 10);
    let viewed = obj(14, ObjectKind::Unit, 10);
    let beta_unit = obj(31, ObjectKind::Unit, 30);
    let grants = [(unit, Edit), (viewed, View), (beta_unit, View)];
    with(&m, &g, |p| {
        let v = p.copy_user(&d, ALPHA, &grants);
        assert_eq!(v.create, Ok(()));
        assert_eq!(v.roles[0], (Role::DealerUser, Ok(())));
        assert!(matches!(reason(v.roles[1].1.clone()), Reason::RoleNotGrantable { .. }));
        assert_eq!(v.rights[0].1, Ok(()));
        assert!(matches!(reason(v.rights[1].1.clone()), Reason::RightNotHeld { .. }));
        assert_eq!(v.levels[0], Ok(()), "the new user is the manager's to manage");
        assert!(
            matches!(reason(v.levels[1].clone()), Reason::Level { need: Manage, .. }),
            "an object the actor only views"
        );
        assert_eq!(
            reason(v.levels[2].clone()),
            Reason::NoSuchObject(31),
            "another dealer's object"
        );
        assert!(v.whole().is_err());
        // In a dealer it may not create users in, nothing is copied.
        let v = p.copy_user(&d, BETA, &grants);
        assert_eq!(reason(v.create.clone()), Reason::OtherDealer);
        assert!(v
            .levels
            .iter()
            .chain(v.roles.iter().map(|(_, v)| v))
            .all(|v| v.is_err()));
        // What the actor may give, it may give whole.
        let ok = UserDraft {
            roles: vec![Role::DealerUser],
            rights: vec!["USERS_API_TOKEN".into()],
            ..d.clone()
        };
        assert_eq!(p.copy_user(&ok, ALPHA, &grants[..1]).whole(), Ok(()));
    });
    // A read-only session copies nothing.
    let ro = actor(&manager()).with_read_only(Some("test".into()));
    with(&ro, &g, |p| {
        assert!(matches!(
            reason(p.copy_user(&d, ALPHA, &grants).create),
            Reason::ReadOnly(_)
        ))
    });
}

#[test]
fn copying_a_group_is_judged_part_by_part() {
    let m = actor(&manager());
    let mut g = manager_grants();
    g.insert(14, View);
    let group = obj(12, ObjectKind::UnitGroup, 10);
    let units = [
        (11, Some(obj(11, ObjectKind::Unit, 10))),
        (14, Some(obj(14, ObjectKind::Unit, 10))),
    ];
    let client = user(5, ALPHA, &[Role::Client], &[]);
    let beta_user = user(7, BETA, &[Role::Client], &[]);
    let me = manager();
    let accessors = [(&client, View), (&beta_user, View), (&me, Manage)];
    with(&m, &g, |p| {
        let v = p.copy_group(group, Some(ALPHA_ACC), &units, &accessors);
        assert_eq!(v.create, Ok(()));
        assert_eq!(v.members[0], Ok(()));
        assert!(matches!(reason(v.members[1].clone()), Reason::Level { .. }));
        assert_eq!(v.accessors[0], Ok(()), "the new group is the creator's to manage");
        assert_eq!(reason(v.accessors[1].clone()), Reason::NoSuchUser(beta_user.login));
        assert!(
            matches!(reason(v.accessors[2].clone()), Reason::OwnCard { .. }),
            "its own level it gets as the creator, never by a grant"
        );
    });
    // Without edit on the account, no group at all (a dealer user: a manager's role edits it).
    let mut g2 = g.clone();
    g2.insert(10, View);
    let du = actor(&user(4, ALPHA, &[Role::DealerUser], &[]));
    with(&du, &g2, |p| {
        let v = p.copy_group(group, Some(ALPHA_ACC), &units, &accessors);
        assert!(v.create.is_err());
        assert!(v.members.iter().chain(&v.accessors).all(|v| v.is_err()));
    });
}
