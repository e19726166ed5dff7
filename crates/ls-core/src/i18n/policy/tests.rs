//! The refusals said in English (as the domain's `Display`) and in Russian (only their data in
//! Latin letters), for every kind of refusal and every word the policy's types hold.
use super::*;
use crate::domain::policy::DeniedKind;
use crate::domain::{Login, ObjectKind, Role};
use crate::i18n::set;
use std::collections::BTreeSet;

/// Runs of four or more ASCII letters left in `text` once the data passed in (codes, logins,
/// names, the server's words) is taken out: English that should have been Russian.
pub(super) fn english_words(text: &str, data: &[String]) -> Vec<String> {
    let mut data: Vec<&String> = data.iter().filter(|d| !d.is_empty()).collect();
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    let mut t = text.to_string();
    for d in data {
        t = t.replace(d.as_str(), " ");
    }
    let mut out = vec![];
    let mut run = String::new();
    for c in t.chars().chain([' ']) {
        if c.is_ascii_alphabetic() {
            run.push(c);
        } else {
            if run.len() >= 4 {
                out.push(run.clone());
            }
            run.clear();
        }
    }
    out
}

pub(super) fn has_cyrillic(s: &str) -> bool {
    s.chars()
        .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)) || c == 'ё')
}

pub(super) fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_english_check_can_fail() {
    assert_eq!(
        english_words("пользователь user 0004 не найден", &strs(&["0004"])),
        ["user"]
    );
    assert_eq!(english_words("нужно право USERS_VIEW", &[]), ["USERS", "VIEW"]);
    assert!(english_words("нужно право USERS_VIEW", &strs(&["USERS_VIEW"])).is_empty());
    assert_eq!(english_words("для creating users нужно", &[]), ["creating", "users"]);
    assert_eq!(english_words("вход (Cafe #1): edit", &strs(&["Cafe #1"])), ["edit"]);
    // Three letters pass (API, SOS); the end of the text counts.
    assert!(english_words("доступ к API", &[]).is_empty());
    assert_eq!(english_words("уровень view", &[]), ["view"]);
    assert!(has_cyrillic("Вход") && !has_cyrillic("view"));
}

/// The role sets the policy names in `LacksRole` (`ADMIN or DEALER_MANAGER`).
const ROLE_SETS: [&[Role]; 3] = [
    &[Role::DealerManager],
    &[Role::Admin, Role::DealerManager],
    &[Role::Admin],
];

/// Every kind of object a refusal names.
const KINDS: [ObjectKind; 4] = [
    ObjectKind::Account,
    ObjectKind::UnitGroup,
    ObjectKind::Unit,
    ObjectKind::User,
];

#[test]
fn every_phrase_the_policy_passes_has_words() {
    for p in Purpose::ALL {
        set(Language::En);
        assert_eq!(purpose(p), p.english());
        set(Language::Ru);
        let ru = purpose(p);
        assert!(english_words(&ru, &[]).is_empty(), "{p:?} → `{ru}`");
    }
    for p in LevelPurpose::ALL {
        set(Language::En);
        assert_eq!(level_purpose(p), p.english());
        set(Language::Ru);
        let ru = level_purpose(p);
        assert!(english_words(&ru, &[]).is_empty(), "{p:?} → `{ru}`");
    }
    for w in OwnPart::ALL {
        set(Language::En);
        assert_eq!(own(w), w.english());
        set(Language::Ru);
        let ru = own(w);
        assert!(
            has_cyrillic(&ru) && english_words(&ru, &[]).is_empty(),
            "{w:?} → `{ru}`"
        );
    }
    let codes: Vec<String> = Role::ALL.iter().map(|r| r.as_str().to_string()).collect();
    for r in ROLE_SETS {
        let en = r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or ");
        set(Language::En);
        assert_eq!(any_of(r), en);
        set(Language::Ru);
        let ru = any_of(r);
        assert!(english_words(&ru, &codes).is_empty(), "`{en}` → `{ru}`");
    }
}

/// Every variant of the policy's words has Russian words of its own: one added with an English
/// id only (Fluent falls back to English) fails here.
#[test]
fn every_word_of_the_policy_differs_in_russian() {
    fn both(say: impl Fn() -> String) -> (String, String) {
        set(Language::En);
        let en = say();
        set(Language::Ru);
        (en, say())
    }
    let mut same = vec![];
    for p in Purpose::ALL {
        let (en, ru) = both(|| purpose(p));
        if en == ru {
            same.push(format!("{p:?}: {en}"));
        }
    }
    for p in LevelPurpose::ALL {
        let (en, ru) = both(|| level_purpose(p));
        if en == ru {
            same.push(format!("{p:?}: {en}"));
        }
    }
    for w in OwnPart::ALL {
        let (en, ru) = both(|| own(w));
        if en == ru {
            same.push(format!("{w:?}: {en}"));
        }
    }
    for k in KINDS {
        let (en, ru) = both(|| kind_words(k));
        if en == ru {
            same.push(format!("{k:?}: {en}"));
        }
    }
    assert!(same.is_empty(), "no Russian words in policy.ftl for: {same:#?}");
}

/// Which variant: a new one does not compile here until it is counted (and covered below).
fn variant(r: &Reason) -> usize {
    match r {
        Reason::ReadOnly(_) => 0,
        Reason::NoSuchUser(_) => 1,
        Reason::NoSuchObject(_) => 2,
        Reason::Blocked(_) => 3,
        Reason::LicenseRevoked => 4,
        Reason::LacksRight { .. } => 5,
        Reason::LacksRole { .. } => 6,
        Reason::Level { .. } => 7,
        Reason::OwnCard { .. } => 8,
        Reason::Outranked { .. } => 9,
        Reason::RoleNotGrantable { .. } => 10,
        Reason::RightNotHeld { .. } => 11,
        Reason::OtherDealer => 12,
        Reason::NoSuchDealer(_) => 13,
        Reason::NoApiAccess(_) => 14,
        Reason::Unsaved => 15,
        Reason::NotCreatable(_) => 16,
        Reason::NotAnAccount(_) => 17,
        Reason::UnitHasNoMembers => 18,
        Reason::NotAGroup { .. } => 19,
        Reason::NotAUnit { .. } => 20,
        Reason::OtherAccount { .. } => 21,
        Reason::OutOfReach { .. } => 22,
        Reason::Twice(_) => 23,
    }
}
const REASONS: usize = 24;

/// Every kind of refusal, with every word the policy's types hold, every right of the catalogue,
/// every role, level and object kind; each with the data it carries (what Russian keeps).
fn cases() -> Vec<(Reason, Vec<String>)> {
    let role_codes: Vec<String> = Role::ALL.iter().map(|r| r.as_str().to_string()).collect();
    let l = Login::new(4).unwrap();
    let login = || strs(&["0004"]);
    let obj = |kind: ObjectKind, id: i64, name: &str| Target::Object {
        kind,
        id,
        name: name.to_string(),
    };
    // (target, its data): as `Obj::target` and `need_user_level` name them.
    let labels: Vec<(Target, Vec<String>)> = vec![
        (obj(ObjectKind::Account, 3, "Dealer North"), strs(&["Dealer North"])),
        (obj(ObjectKind::UnitGroup, 5, "North cafes"), strs(&["North cafes"])),
        (
            obj(ObjectKind::UnitGroup, -1, "Copy of North cafes"),
            strs(&["Copy of North cafes"]),
        ),
        (obj(ObjectKind::Unit, 12, "Cafe #1"), strs(&["Cafe #1"])),
        (obj(ObjectKind::User, 7, "Ivan Petrov"), strs(&["Ivan Petrov"])),
        (Target::User(Login::new(7).unwrap()), vec![]),
    ];
    let catalog = crate::domain::rights::catalog();
    assert!(!catalog.is_empty());
    let mut v: Vec<(Reason, Vec<String>)> = vec![
        (Reason::ReadOnly("profile prod".into()), strs(&[":write", "prod"])),
        (Reason::ReadOnly("--read-only".into()), strs(&[":write", "--read-only"])),
        (Reason::NoSuchUser(l), login()),
        (Reason::NoSuchObject(31), vec![]),
        (Reason::Blocked(l), login()),
        (Reason::LicenseRevoked, vec![]),
        (Reason::OtherDealer, vec![]),
        (Reason::NoSuchDealer(77), vec![]),
        (Reason::NoApiAccess(l), [login(), role_codes.clone()].concat()),
        (Reason::Unsaved, vec![]),
        (Reason::NotAnAccount(11), vec![]),
        (Reason::UnitHasNoMembers, vec![]),
        (Reason::Twice("0004".into()), login()),
        (Reason::Twice("Cafe #1".into()), strs(&["Cafe #1"])),
    ];
    for r in catalog {
        let code: &'static str = r.code.as_str();
        let name: &'static str = r.name.en.as_str();
        for to in Purpose::ALL {
            // The English name is not data: Russian says the catalogue's Russian one.
            v.push((Reason::LacksRight { right: code, name, to }, strs(&[code])));
        }
        v.push((Reason::RightNotHeld { right: code.into() }, strs(&[code])));
    }
    // A right the catalogue lacks is named by its code.
    v.push((
        Reason::LacksRight {
            right: "FUTURE_RIGHT",
            name: "FUTURE_RIGHT",
            to: Purpose::BlockUsers,
        },
        strs(&["FUTURE_RIGHT"]),
    ));
    for roles in ROLE_SETS {
        for to in Purpose::ALL {
            v.push((Reason::LacksRole { roles, to }, role_codes.clone()));
        }
    }
    for need in AccessLevel::ALL {
        for have in AccessLevel::ALL {
            let (on, data) = &labels[3];
            v.push((
                Reason::Level {
                    need,
                    have,
                    on: on.clone(),
                    to: LevelPurpose::EditTheUser,
                },
                data.clone(),
            ));
        }
    }
    for to in LevelPurpose::ALL {
        for (on, data) in &labels {
            v.push((
                Reason::Level {
                    need: AccessLevel::Manage,
                    have: AccessLevel::View,
                    on: on.clone(),
                    to,
                },
                data.clone(),
            ));
        }
    }
    for what in OwnPart::ALL {
        v.push((Reason::OwnCard { what }, vec![]));
    }
    let grantable = vec![Role::DealerUser, Role::Client, Role::SubDealer];
    for role in Role::ALL {
        v.push((
            Reason::Outranked { login: l, role },
            [login(), role_codes.clone()].concat(),
        ));
        for g in [vec![], grantable.clone()] {
            v.push((Reason::RoleNotGrantable { role, grantable: g }, role_codes.clone()));
        }
    }
    for k in KINDS {
        v.push((Reason::NotCreatable(k), vec![]));
    }
    for (on, data) in &labels {
        v.push((Reason::NotAGroup { on: on.clone() }, data.clone()));
        v.push((Reason::NotAUnit { on: on.clone() }, data.clone()));
        v.push((Reason::OtherAccount { on: on.clone() }, data.clone()));
    }
    // A dealer by name, one the tree lacks, and none.
    for (dealer, data) in [
        (DealerName::Named("Dealer South".into()), strs(&["Dealer South"])),
        (DealerName::Id(42), vec![]),
        (DealerName::NoDealer, vec![]),
    ] {
        v.push((Reason::OutOfReach { login: l, dealer }, [login(), data].concat()));
    }
    v
}

#[test]
fn the_cases_cover_every_reason() {
    let seen: BTreeSet<usize> = cases().iter().map(|(r, _)| variant(r)).collect();
    let all: BTreeSet<usize> = (0..REASONS).collect();
    assert_eq!(seen, all, "a kind of refusal has no case");
}

#[test]
fn refusals_in_english_read_as_the_policy_writes_them() {
    set(Language::En);
    for (r, _) in cases() {
        // The field does not show.
        let d = Denied {
            reason: r.clone(),
            field: Some("roles"),
        };
        assert_eq!(denied(&d), r.to_string(), "{r:?}");
        assert_eq!(reason(&r), d.to_string());
    }
    // What the console has no words for (a caller's own reason, a dealer's name) reads as given.
    let odd = [
        Reason::ReadOnly("a reason of its own".into()),
        Reason::OutOfReach {
            login: Login::new(9).unwrap(),
            dealer: DealerName::Named("dealer of the year".into()),
        },
    ];
    for r in odd {
        assert_eq!(reason(&r), r.to_string());
    }
}

#[test]
fn refusals_in_russian_keep_only_their_data_in_latin_letters() {
    set(Language::Ru);
    let mut bad = vec![];
    for (r, data) in cases() {
        let ru = denied(&Denied::from(r.clone()));
        let en = r.to_string();
        let left = english_words(&ru, &data);
        if !left.is_empty() || !has_cyrillic(&ru) || ru == en || ru.contains('{') {
            bad.push(format!("{r:?}\n  → {ru}\n  English left: {left:?}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} refusals are not Russian:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn russian_names_the_right_and_the_object_kind() {
    set(Language::Ru);
    let r = Reason::LacksRight {
        right: "USERS_BLOCK",
        name: "Users — block",
        to: Purpose::BlockUsers,
    };
    assert_eq!(
        reason(&r),
        "для блокировки пользователей нужно право «Пользователи — блокировка» (USERS_BLOCK)"
    );
    let r = Reason::Level {
        need: AccessLevel::Manage,
        have: AccessLevel::View,
        on: Target::Object {
            kind: ObjectKind::UnitGroup,
            id: 5,
            name: "North cafes".into(),
        },
        to: LevelPurpose::SetAccessToIt,
    };
    assert_eq!(
        reason(&r),
        "группа объектов 5 (North cafes): нужен уровень «управление», чтобы задавать здесь уровни доступа \
         (у вас «просмотр»)"
    );
    let r = Reason::LacksRole {
        roles: &[Role::Admin, Role::DealerManager],
        to: Purpose::ReadAudit,
    };
    assert_eq!(
        reason(&r),
        "для чтения журнала изменений нужна роль ADMIN или DEALER_MANAGER"
    );
    assert_eq!(
        reason(&Reason::NotCreatable(ObjectKind::Account)),
        "учётную запись здесь создать нельзя: создавать можно только объекты и группы объектов"
    );
    assert_eq!(
        reason(&Reason::ReadOnly("profile prod".into())),
        "только чтение (профиль prod): ничего не записывается; :write разрешает изменения в этом сеансе"
    );
    // The kind of refusal does not change with the language.
    assert_eq!(Denied::from(r).kind(), DeniedKind::Forbidden);
}

#[test]
fn not_yet_is_the_viewers_words() {
    set(Language::En);
    assert_eq!(not_yet(), super::NOT_YET);
    set(Language::Ru);
    assert!(has_cyrillic(&not_yet()) && english_words(&not_yet(), &[]).is_empty());
}
