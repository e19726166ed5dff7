//! Refusals: why the policy says no, as a type, and how each kind answers.
use super::phrases::{DealerName, LevelPurpose, OwnPart, Purpose, Target};
use crate::access::{AccessLevel, ObjectKind};
use crate::role::{roles_text, Role};
use crate::Login;
use std::fmt;

/// How a refusal answers: the HTTP status it maps to, and whether the console may say more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeniedKind {
    /// Credentials that do not (or no longer) work: 401.
    Unauthorized,
    /// The actor may not see it: 404, and the message names nothing it could not see.
    NotFound,
    /// The actor sees it but may not do this: 403.
    Forbidden,
    /// The request cannot be carried out as asked: 400.
    Invalid,
}

/// Why something is refused. Each reason names only what the actor may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The session was opened read-only (`--read-only`, or a profile's `read_only`): why, e.g.
    /// `profile prod`.
    ReadOnly(String),
    NoSuchUser(Login),
    NoSuchObject(i64),
    Blocked(Login),
    LicenseRevoked,
    /// The actor lacks a right of the catalog.
    LacksRight {
        right: &'static str,
        name: &'static str,
        to: Purpose,
    },
    /// Only these roles may do it (any one of them).
    LacksRole {
        roles: &'static [Role],
        to: Purpose,
    },
    /// The actor's level on a thing it sees is too low.
    Level {
        need: AccessLevel,
        have: AccessLevel,
        on: Target,
        to: LevelPurpose,
    },
    /// One's own roles, rights, Login allowed or levels upwards.
    OwnCard {
        what: OwnPart,
    },
    /// The target holds a role the actor may not manage (a peer or a superior).
    Outranked {
        login: Login,
        role: Role,
    },
    RoleNotGrantable {
        role: Role,
        grantable: Vec<Role>,
    },
    RightNotHeld {
        right: String,
    },
    /// A dealer manager works within its own dealer.
    OtherDealer,
    NoSuchDealer(i64),
    NoApiAccess(Login),
    /// A card not saved yet has no token or levels.
    Unsaved,
    NotCreatable(ObjectKind),
    NotAnAccount(i64),
    UnitHasNoMembers,
    NotAGroup {
        on: Target,
    },
    NotAUnit {
        on: Target,
    },
    OtherAccount {
        on: Target,
    },
    /// The grantee's dealer does not reach the object's dealer: the grant would give nothing.
    OutOfReach {
        login: Login,
        dealer: DealerName,
    },
    /// One batch names the same thing twice.
    Twice(String),
}

impl Reason {
    pub fn kind(&self) -> DeniedKind {
        use Reason::*;
        match self {
            LicenseRevoked => DeniedKind::Unauthorized,
            NoSuchUser(_) | NoSuchObject(_) => DeniedKind::NotFound,
            ReadOnly(_)
            | Blocked(_)
            | LacksRight { .. }
            | LacksRole { .. }
            | Level { .. }
            | OwnCard { .. }
            | Outranked { .. }
            | RoleNotGrantable { .. }
            | RightNotHeld { .. }
            | OtherDealer
            | NoApiAccess(_) => DeniedKind::Forbidden,
            NoSuchDealer(_)
            | Unsaved
            | NotCreatable(_)
            | NotAnAccount(_)
            | UnitHasNoMembers
            | NotAGroup { .. }
            | NotAUnit { .. }
            | OtherAccount { .. }
            | OutOfReach { .. }
            | Twice(_) => DeniedKind::Invalid,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Reason::*;
        match self {
            ReadOnly(why) => write!(
                f,
                "read-only ({why}): nothing is written; :write allows changes for this session"
            ),
            NoSuchUser(l) => write!(f, "user {l} not found"),
            NoSuchObject(id) => write!(f, "object {id} not found"),
            Blocked(l) => write!(f, "user {l} is blocked: Login allowed is unchecked on the card"),
            LicenseRevoked => {
                f.write_str("this aggregator license no longer works: its holder is blocked or is no aggregator")
            }
            LacksRight { right, name, to } => write!(f, "{to} needs the right {name} ({right})"),
            LacksRole { roles, to } => write!(f, "{to} needs the {} role", any_of(roles)),
            Level { need, have, on, to } => write!(f, "you need {need} on {on} to {to} (you have {have})"),
            OwnCard { what } => write!(f, "you cannot change your own {what}"),
            Outranked { login, role } => write!(
                f,
                "user {login} holds the role {role}, which you may not manage (only an administrator does)"
            ),
            RoleNotGrantable { role, grantable } => {
                write!(f, "you cannot give or take the role {role}")?;
                if grantable.is_empty() {
                    f.write_str(": you may not grant roles")
                } else {
                    write!(f, " (you may grant {})", roles_text(grantable))
                }
            }
            RightNotHeld { right } => write!(f, "you cannot grant or take the right {right}: you do not hold it"),
            OtherDealer => f.write_str("a dealer manager creates users of its own dealer only"),
            NoSuchDealer(id) => write!(f, "dealer {id} does not exist"),
            NoApiAccess(l) => write!(
                f,
                "user {l} has no API access: it is for AGGREGATOR, SUB_DEALER and DEALER_MANAGER users"
            ),
            Unsaved => f.write_str("save the new user first"),
            NotCreatable(k) => write!(
                f,
                "a {} cannot be created here: kind must be unit or unit_group",
                k.as_str()
            ),
            NotAnAccount(id) => write!(f, "object {id} is not an account"),
            UnitHasNoMembers => f.write_str("a unit has no members: only a unit group holds units"),
            NotAGroup { on } => write!(f, "{on} is not a unit group: only a unit group has members"),
            NotAUnit { on } => write!(f, "{on} is not a unit: a group holds units only"),
            OtherAccount { on } => write!(f, "{on} belongs to another account than the group"),
            OutOfReach { login, dealer } => write!(
                f,
                "user {login} cannot reach objects of {dealer}: its dealer does not see that dealer's data \
                 (a grant there would give nothing)"
            ),
            Twice(what) => write!(f, "{what} is named twice in one batch; name each once"),
        }
    }
}

/// Role codes, any one of which would do: `ADMIN or DEALER_MANAGER`.
fn any_of(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or ")
}

/// A refusal: why, and which field of the request it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Denied {
    pub reason: Reason,
    pub field: Option<&'static str>,
}

impl Denied {
    pub fn kind(&self) -> DeniedKind {
        self.reason.kind()
    }
    pub(super) fn field(mut self, f: &'static str) -> Self {
        self.field = Some(f);
        self
    }
}

impl From<Reason> for Denied {
    fn from(reason: Reason) -> Self {
        Denied { reason, field: None }
    }
}

pub type Verdict = Result<(), Denied>;

pub(super) fn deny<T>(r: Reason) -> Result<T, Denied> {
    Err(r.into())
}
