//! Access levels on objects and the effective-level rule: groups and accounts only raise.
use crate::role::Role;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessLevel {
    #[default]
    None,
    View,
    Execute,
    Edit,
    Manage,
}

impl AccessLevel {
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::None,
        AccessLevel::View,
        AccessLevel::Execute,
        AccessLevel::Edit,
        AccessLevel::Manage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::None => "none",
            AccessLevel::View => "view",
            AccessLevel::Execute => "execute",
            AccessLevel::Edit => "edit",
            AccessLevel::Manage => "manage",
        }
    }

    /// `0`–`4`, as the console keys set them.
    pub fn from_digit(d: u8) -> Option<Self> {
        Self::ALL.get(d as usize).copied()
    }

    /// The level as it counts on an object of `kind`: `execute` means `view` on accounts and users.
    pub fn on(self, kind: ObjectKind) -> Self {
        match (self, kind) {
            (AccessLevel::Execute, ObjectKind::Account | ObjectKind::User) => AccessLevel::View,
            (l, _) => l,
        }
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AccessLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown access level '{s}' (none, view, execute, edit, manage)"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Account,
    UnitGroup,
    Unit,
    User,
}

impl ObjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Account => "account",
            ObjectKind::UnitGroup => "unit_group",
            ObjectKind::Unit => "unit",
            ObjectKind::User => "user",
        }
    }
}

impl FromStr for ObjectKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "account" => Ok(ObjectKind::Account),
            "unit_group" | "group" => Ok(ObjectKind::UnitGroup),
            "unit" => Ok(ObjectKind::Unit),
            "user" => Ok(ObjectKind::User),
            o => Err(format!("unknown object kind '{o}' (account, unit_group, unit, user)")),
        }
    }
}

/// Where an effective level comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LevelSource {
    Direct {
        object_id: i64,
    },
    Group {
        object_id: i64,
    },
    Account {
        object_id: i64,
    },
    /// A role of the user on the account `object_id` (a DEALER_MANAGER on its dealer's account
    /// and its sub-dealers'): never stored as a grant, so it comes and goes with the role.
    Role {
        role: Role,
        object_id: i64,
    },
    /// A group or an account the one asking may not see: the level is shown, its source is not.
    Hidden,
}

/// The levels a user holds by its roles, per account (the policy decides them:
/// `RoleLevels::of`). They reach what an account grant reaches: every object in the account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleLevels(HashMap<i64, (Role, AccessLevel)>);

impl RoleLevels {
    /// `role` gives `level` on `account`; of two roles on one account the higher level counts.
    pub fn give(&mut self, account: i64, role: Role, level: AccessLevel) {
        let e = self.0.entry(account).or_insert((role, level));
        if level > e.1 {
            *e = (role, level);
        }
    }

    /// The role and level held on `account`, if any.
    pub fn on(&self, account: i64) -> Option<(Role, AccessLevel)> {
        self.0.get(&account).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What reaches object `id` (of `kind`, under `account`): the role, the account it is held
    /// on and the level as the kind counts it. An account's is on itself, anything else's on
    /// its account, as an account grant reaches.
    pub fn reaching(&self, id: i64, kind: ObjectKind, account: Option<i64>) -> Option<(Role, i64, AccessLevel)> {
        let home = account.or((kind == ObjectKind::Account).then_some(id))?;
        self.on(home).map(|(r, l)| (r, home, l.on(kind)))
    }
}

/// Effective level of a unit: the max of the direct grant, each holding group's grant and the
/// account's grant. Ties go to the most specific source (direct, then group, then account).
pub fn effective_unit_level(
    unit_id: i64,
    direct: AccessLevel,
    groups: &[(i64, AccessLevel)],
    account: Option<(i64, AccessLevel)>,
) -> (AccessLevel, LevelSource) {
    let mut best = (direct, LevelSource::Direct { object_id: unit_id });
    for &(gid, l) in groups {
        if l > best.0 {
            best = (l, LevelSource::Group { object_id: gid });
        }
    }
    if let Some((aid, l)) = account {
        let l = l.on(ObjectKind::Account);
        if l > best.0 {
            best = (l, LevelSource::Account { object_id: aid });
        }
    }
    best
}

/// Calls `f` with every source that can reach object `id` and the level it gives there, counted
/// as the object's kind holds it, most specific first: the direct grant, each holding group's
/// (a unit only), the account's, the role's on that account.
fn each_source(
    id: i64,
    kind: ObjectKind,
    groups: &[i64],
    account: Option<i64>,
    direct: impl Fn(i64) -> AccessLevel,
    roles: &RoleLevels,
    mut f: impl FnMut(AccessLevel, LevelSource),
) {
    f(direct(id).on(kind), LevelSource::Direct { object_id: id });
    if kind == ObjectKind::Unit {
        for g in groups {
            f(direct(*g), LevelSource::Group { object_id: *g });
        }
    }
    if let Some(a) = account.filter(|a| *a != id) {
        f(
            direct(a).on(ObjectKind::Account).on(kind),
            LevelSource::Account { object_id: a },
        );
    }
    if let Some((role, a, l)) = roles.reaching(id, kind, account) {
        f(l, LevelSource::Role { role, object_id: a });
    }
}

/// The effective level of object `id` (of `kind`, in `groups`, under `account`) for a user whose
/// direct grants `direct` gives: a unit takes the highest of its own grant, its groups' and its
/// account's; any other object its own and its account's, as that kind can hold it. The one rule
/// the server's graph and the console's "what will this change do" both use. Levels from roles:
/// [`effective_level_with`].
pub fn effective_level(
    id: i64,
    kind: ObjectKind,
    groups: &[i64],
    account: Option<i64>,
    direct: impl Fn(i64) -> AccessLevel,
) -> (AccessLevel, LevelSource) {
    effective_level_with(id, kind, groups, account, direct, &RoleLevels::default())
}

/// [`effective_level`] with the levels the user's roles give (`roles`), which raise as an
/// account grant does. Ties go to the most specific source (direct, group, account, role).
pub fn effective_level_with(
    id: i64,
    kind: ObjectKind,
    groups: &[i64],
    account: Option<i64>,
    direct: impl Fn(i64) -> AccessLevel,
    roles: &RoleLevels,
) -> (AccessLevel, LevelSource) {
    let mut best: Option<(AccessLevel, LevelSource)> = None;
    each_source(id, kind, groups, account, direct, roles, |l, s| {
        if best.is_none_or(|b| l > b.0) {
            best = Some((l, s));
        }
    });
    best.unwrap_or((AccessLevel::None, LevelSource::Direct { object_id: id }))
}

/// The effective level and EVERY source that gives it (each one alone would keep it), most
/// specific first; none when nothing reaches the object. What `w` explains.
pub fn level_sources(
    id: i64,
    kind: ObjectKind,
    groups: &[i64],
    account: Option<i64>,
    direct: impl Fn(i64) -> AccessLevel,
    roles: &RoleLevels,
) -> (AccessLevel, Vec<LevelSource>) {
    let mut all = Vec::new();
    each_source(id, kind, groups, account, direct, roles, |l, s| all.push((l, s)));
    let level = all.iter().map(|(l, _)| *l).max().unwrap_or_default();
    if level == AccessLevel::None {
        return (level, Vec::new());
    }
    (
        level,
        all.into_iter().filter(|(l, _)| *l == level).map(|(_, s)| s).collect(),
    )
}

/// An object as the level rule places it: its kind, its unit groups (for a unit), its account.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    pub id: i64,
    pub kind: ObjectKind,
    pub groups: &'a [i64],
    pub account: Option<i64>,
}

/// What `changes` (object → its new direct level) take from a user whose direct grants `direct`
/// gives: every object among `objects` whose effective level drops, as `(id, now, after)`. A
/// group's or an account's grant reaches its units, so lowering one takes from each of them.
/// `floor(id)` is a level the change cannot move (one from an object not in the list).
/// The console asks before a save that takes anything from the viewer itself.
pub fn levels_lost<'a>(
    objects: impl IntoIterator<Item = Placed<'a>>,
    direct: impl Fn(i64) -> AccessLevel,
    changes: &std::collections::BTreeMap<i64, AccessLevel>,
    floor: impl Fn(i64) -> AccessLevel,
) -> Vec<(i64, AccessLevel, AccessLevel)> {
    if changes.is_empty() {
        return vec![];
    }
    let after = |id: i64| changes.get(&id).copied().unwrap_or_else(|| direct(id));
    objects
        .into_iter()
        .filter_map(|o| {
            let (now, _) = effective_level(o.id, o.kind, o.groups, o.account, &direct);
            let (then, _) = effective_level(o.id, o.kind, o.groups, o.account, after);
            let f = floor(o.id);
            let (now, then) = (now.max(f), then.max(f));
            (then < now).then_some((o.id, now, then))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use AccessLevel::*;

    #[test]
    fn order_and_names() {
        assert!(None < View && View < Execute && Execute < Edit && Edit < Manage);
        assert_eq!("EDIT".parse::<AccessLevel>(), Ok(Edit));
        assert!("bogus".parse::<AccessLevel>().is_err());
        assert_eq!(AccessLevel::from_digit(4), Some(Manage));
        assert_eq!(AccessLevel::from_digit(5), Option::None);
    }

    #[test]
    fn lowering_an_account_takes_from_everything_under_it() {
        use std::collections::BTreeMap;
        let g = [2i64];
        let objects = [
            Placed {
                id: 1,
                kind: ObjectKind::Account,
                groups: &[],
                account: Option::None,
            },
            Placed {
                id: 2,
                kind: ObjectKind::UnitGroup,
                groups: &[],
                account: Some(1),
            },
            Placed {
                id: 3,
                kind: ObjectKind::Unit,
                groups: &g,
                account: Some(1),
            },
            Placed {
                id: 4,
                kind: ObjectKind::Unit,
                groups: &[],
                account: Some(1),
            },
        ];
        let direct = |id: i64| match id {
            1 => Manage,
            3 => View,
            _ => None,
        };
        let change = |id, l| BTreeMap::from([(id, l)]);
        let lost = levels_lost(objects, direct, &change(1, View), |_| None);
        assert_eq!(lost.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert!(lost.iter().all(|(_, now, then)| *now == Manage && *then == View));
        // The account keeps giving manage: dropping a unit's own grant takes nothing.
        assert!(levels_lost(objects, direct, &change(3, None), |_| None).is_empty());
        // Raising takes nothing; a floor from elsewhere keeps a unit where it is.
        assert!(levels_lost(objects, direct, &change(2, Edit), |_| None).is_empty());
        let kept = levels_lost(
            objects,
            direct,
            &change(1, None),
            |id| if id == 4 { Manage } else { None },
        );
        assert_eq!(kept.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(kept[2], (3, Manage, View), "the unit keeps its own view");
    }

    #[test]
    fn execute_is_view_on_accounts_and_users() {
        assert_eq!(Execute.on(ObjectKind::Account), View);
        assert_eq!(Execute.on(ObjectKind::User), View);
        assert_eq!(Execute.on(ObjectKind::Unit), Execute);
        assert_eq!(Execute.on(ObjectKind::UnitGroup), Execute);
    }

    #[test]
    fn combinations() {
        assert_eq!(
            effective_unit_level(1, View, &[], Option::None),
            (View, LevelSource::Direct { object_id: 1 })
        );
        assert_eq!(
            effective_unit_level(1, View, &[(7, Edit), (8, Execute)], Option::None),
            (Edit, LevelSource::Group { object_id: 7 })
        );
        assert_eq!(
            effective_unit_level(1, Manage, &[(7, Edit)], Some((3, Edit))),
            (Manage, LevelSource::Direct { object_id: 1 })
        );
        assert_eq!(
            effective_unit_level(1, None, &[(7, View)], Some((3, Edit))),
            (Edit, LevelSource::Account { object_id: 3 })
        );
        // execute on an account counts as view
        assert_eq!(effective_unit_level(1, None, &[], Some((3, Execute))).0, View);
        // groups never lower
        assert_eq!(effective_unit_level(1, Edit, &[(7, None)], Some((3, View))).0, Edit);
    }

    #[test]
    fn every_source_of_the_level_is_named_and_roles_raise_as_accounts_do() {
        let direct = |id: i64| match id {
            1 => Edit,
            4 => Edit,
            5 => View,
            _ => None,
        };
        let none = RoleLevels::default();
        // A unit with a direct edit and a group's edit: both named, direct first.
        let (l, s) = level_sources(1, ObjectKind::Unit, &[4, 5], Some(9), direct, &none);
        assert_eq!(l, Edit);
        assert_eq!(
            s,
            [
                LevelSource::Direct { object_id: 1 },
                LevelSource::Group { object_id: 4 }
            ]
        );
        // A role's level on the account reaches the unit, the account itself and its users.
        let mut roles = RoleLevels::default();
        roles.give(9, crate::role::Role::DealerManager, Edit);
        let role = LevelSource::Role {
            role: crate::role::Role::DealerManager,
            object_id: 9,
        };
        let (l, s) = level_sources(1, ObjectKind::Unit, &[4, 5], Some(9), direct, &roles);
        assert_eq!((l, s.len(), s[2]), (Edit, 3, role));
        assert_eq!(
            effective_level_with(9, ObjectKind::Account, &[], Some(9), |_| None, &roles),
            (Edit, role)
        );
        assert_eq!(
            effective_level_with(7, ObjectKind::User, &[], Some(9), |_| None, &roles),
            (Edit, role)
        );
        // Without the role nothing reaches them; nothing named.
        assert_eq!(
            level_sources(7, ObjectKind::User, &[], Some(9), |_| None, &none),
            (None, vec![])
        );
        // A higher grant wins alone.
        let (l, s) = level_sources(9, ObjectKind::Account, &[], Some(9), |_| Manage, &roles);
        assert_eq!((l, s), (Manage, vec![LevelSource::Direct { object_id: 9 }]));
        // The wire form of a role source.
        assert_eq!(
            serde_json::to_value(role).ok(),
            Some(serde_json::json!({"kind": "role", "role": "DEALER_MANAGER", "object_id": 9}))
        );
    }

    fn level() -> impl Strategy<Value = AccessLevel> {
        (0u8..5).prop_map(|d| AccessLevel::from_digit(d).unwrap_or(None))
    }

    proptest! {
        #[test]
        fn grants_only_raise(d in level(), gs in proptest::collection::vec(level(), 0..5), a in proptest::option::of(level()), extra in level()) {
            let groups: Vec<(i64, AccessLevel)> = gs.iter().enumerate().map(|(i, l)| (i as i64 + 10, *l)).collect();
            let acc = a.map(|l| (99, l));
            let base = effective_unit_level(1, d, &groups, acc).0;
            prop_assert!(base >= d);
            let mut more = groups.clone();
            more.push((50, extra));
            prop_assert!(effective_unit_level(1, d, &more, acc).0 >= base);
            prop_assert!(effective_unit_level(1, d, &groups, Some((99, extra))).0 >= effective_unit_level(1, d, &groups, Option::None).0);
        }

        #[test]
        fn removing_direct_never_raises(d in level(), gs in proptest::collection::vec(level(), 0..5), a in proptest::option::of(level())) {
            let groups: Vec<(i64, AccessLevel)> = gs.iter().enumerate().map(|(i, l)| (i as i64 + 10, *l)).collect();
            let acc = a.map(|l| (99, l));
            prop_assert!(effective_unit_level(1, None, &groups, acc).0 <= effective_unit_level(1, d, &groups, acc).0);
        }
    }
}
