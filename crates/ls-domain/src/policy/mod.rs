//! The access policy: every question the product asks about who may do what, answered here and
//! nowhere else. Pure (no I/O, no HTTP): the server calls it inside the transaction of the write
//! it guards, and the console calls it to decide what to enable, so the two cannot drift apart.
//!
//! The rules, from the seeds (`access-rights.txt`, `users-reference-book.txt`) and SPEC §2:
//! - Five levels; `execute` counts as `view` on accounts and users. A user's level on a unit is
//!   the highest of its direct grant, the grants on the groups holding it and the grant on its
//!   account (groups and accounts only raise). The caller's [`Levels`] answers that part.
//! - A role raises levels as an account grant does, never stored: a DEALER_MANAGER holds `edit`
//!   on its dealer's account and `view` on its sub-dealers' ([`RoleLevels::of`]), so it creates
//!   and edits its dealer's users and objects, and sees its sub-dealers', without a grant.
//! - A dealer's staff see their own dealer's data; a DEALER_MANAGER, or anyone holding
//!   *View Sub-Dealer entities*, also that of the dealers below. That reach is a ceiling on
//!   levels: a grant on an object of a dealer out of reach gives nothing. ADMIN reaches all.
//! - A right gates its action on top of the level: creating an object needs `OBJECTS_CREATE` and
//!   `edit` on the account, changing one `OBJECTS_EDIT` and `edit` on it, setting anyone's level
//!   `ACCESS_MANAGE` and `manage` both on the object and on the user. ADMIN holds every right.
//! - Refusals say 404 (`NotFound`) for what the actor may not see, so they never name it, and 403
//!   (`Forbidden`) for what it sees but may not change; checks run in that order.
mod copy;
mod phrases;
mod refusal;
mod role_levels;
mod rules;
#[cfg(test)]
mod tests;

pub use copy::{Creating, GroupCopyVerdicts, UserCopyVerdicts, NEW_ID};
pub use phrases::{DealerName, LevelPurpose, OwnPart, Purpose, Target};
pub use refusal::{Denied, DeniedKind, Reason, Verdict};
pub use rules::{About, LevelsOf, Policy, UserCaps};

use super::access::{AccessLevel, ObjectKind, RoleLevels};
use super::dealer::DealerTree;
use super::role::{effective_rights, grantable_by, Role};
use super::{Login, User};
use refusal::deny;
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::hash::Hash;
use std::sync::Arc;

/// Roles whose users hold an API token (the API access tab).
pub const API_ROLES: [Role; 3] = [Role::Aggregator, Role::SubDealer, Role::DealerManager];

pub fn has_api_role(roles: &[Role]) -> bool {
    roles.iter().any(|r| API_ROLES.contains(r))
}

/// Whose data an actor may see: every dealer, or these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    All,
    Dealers(HashSet<i64>),
}

impl Reach {
    pub fn contains(&self, dealer: i64) -> bool {
        match self {
            Reach::All => true,
            Reach::Dealers(d) => d.contains(&dealer),
        }
    }

    /// Own dealer; with DEALER_MANAGER or *View Sub-Dealer entities* the dealers below too;
    /// ADMIN everything.
    pub fn of(roles: &[Role], rights: &BTreeSet<String>, dealer_id: i64, tree: &DealerTree) -> Reach {
        if roles.contains(&Role::Admin) {
            Reach::All
        } else if roles.contains(&Role::DealerManager) || rights.contains("SUBDEALER_VIEW") {
            Reach::Dealers(tree.below(dealer_id))
        } else {
            Reach::Dealers(HashSet::from([dealer_id]))
        }
    }
}

/// The one who acts: its roles, effective rights and reach, with the dealer tree they refer to.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: User,
    pub rights: BTreeSet<String>,
    pub reach: Reach,
    /// The levels its roles give it, per account ([`RoleLevels::of`]): its levels are its
    /// grants raised by these.
    pub role_levels: RoleLevels,
    pub dealers: Arc<DealerTree>,
    /// A session opened read-only, and why (`profile prod`, `--read-only`): every write is
    /// refused whatever the rights. The service never sets it; the console and the CLI do.
    pub read_only: Option<String>,
}

impl Actor {
    pub fn new(user: User, dealers: Arc<DealerTree>) -> Self {
        let rights: BTreeSet<String> = effective_rights(&user.roles, &user.rights).into_iter().collect();
        let reach = Reach::of(&user.roles, &rights, user.dealer_id, &dealers);
        let role_levels = RoleLevels::of(&user.roles, user.dealer_id, &dealers);
        Actor {
            user,
            rights,
            reach,
            role_levels,
            dealers,
            read_only: None,
        }
    }

    /// The same actor in a read-only session (`why`: `profile prod`), or writable again (`None`).
    pub fn with_read_only(mut self, why: Option<String>) -> Self {
        self.read_only = why;
        self
    }

    /// May this session write at all? Asked first by every rule about a change.
    pub fn writable(&self) -> Verdict {
        match &self.read_only {
            Some(why) => deny(Reason::ReadOnly(why.clone())),
            None => Ok(()),
        }
    }

    pub fn login(&self) -> Login {
        self.user.login
    }

    pub fn is_admin(&self) -> bool {
        self.user.roles.contains(&Role::Admin)
    }

    pub fn has(&self, right: &str) -> bool {
        self.is_admin() || self.rights.contains(right)
    }

    /// Roles this actor may give or take.
    pub fn grantable_roles(&self) -> Vec<Role> {
        grantable_by(&self.user.roles)
    }

    /// Whether the actor reaches the dealer of object `o` at all (the ceiling on its levels).
    pub fn reaches(&self, o: &Obj) -> bool {
        self.reaches_account(o.account_id)
    }

    /// Whether the actor reaches the data of the dealer owning `account_id`.
    fn reaches_account(&self, account_id: Option<i64>) -> bool {
        match self.reach {
            Reach::All => true,
            Reach::Dealers(_) => account_id
                .and_then(|a| self.dealers.dealer_of_account(a))
                .is_some_and(|d| self.reach.contains(d)),
        }
    }
}

/// The actor's levels from its grants alone (direct, raised by groups and the account). The
/// server computes them from the grants table, the console takes them from the server's answers.
pub trait Levels {
    fn granted(&self, object_id: i64) -> AccessLevel;
}

impl<F: Fn(i64) -> AccessLevel> Levels for F {
    fn granted(&self, object_id: i64) -> AccessLevel {
        self(object_id)
    }
}

/// An object as the policy needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Obj<'a> {
    pub id: i64,
    pub kind: ObjectKind,
    pub account_id: Option<i64>,
    pub name: &'a str,
}

impl Obj<'_> {
    /// How a message names it: `unit 12 (Cafe #1)`.
    pub fn label(&self) -> String {
        self.target().to_string()
    }

    /// The same as a refusal carries it (the console says the kind in its own words).
    pub fn target(&self) -> Target {
        Target::Object {
            kind: self.kind,
            id: self.id,
            name: self.name.to_string(),
        }
    }
}

/// Whether `u` may sign in at all: a blocked user's credentials stop working at once.
pub fn sign_in(u: &User) -> Verdict {
    if u.login_allowed {
        Ok(())
    } else {
        deny(Reason::Blocked(u.login))
    }
}

/// Whether an aggregator license still opens White Server: its holder must be an unblocked
/// aggregator (expiry is the caller's to check, with the date it trusts).
pub fn license_works(holder: Option<&User>) -> Verdict {
    match holder {
        Some(u) if u.login_allowed && u.roles.contains(&Role::Aggregator) => Ok(()),
        _ => deny(Reason::LicenseRevoked),
    }
}

/// May a new object of `kind` hold members at all? Only a unit group does.
pub fn may_hold_members(kind: ObjectKind) -> Verdict {
    match kind {
        ObjectKind::UnitGroup => Ok(()),
        _ => Err(Denied::from(Reason::UnitHasNoMembers).field("members")),
    }
}

/// A batch names each thing once: applying one twice has no single meaning.
pub fn each_once<T: Eq + Hash + fmt::Display>(items: impl IntoIterator<Item = T>, field: &'static str) -> Verdict {
    let mut seen = HashSet::new();
    for i in items {
        let label = i.to_string();
        if !seen.insert(i) {
            return Err(Denied::from(Reason::Twice(label)).field(field));
        }
    }
    Ok(())
}

/// The English name of a right, for refusals (the code when unknown).
pub(super) fn right_name(code: &'static str) -> &'static str {
    crate::rights::catalog()
        .iter()
        .find(|r| r.code == code)
        .map(|r| r.name.en.as_str())
        .unwrap_or(code)
}
