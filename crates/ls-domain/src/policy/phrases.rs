//! The words a refusal is made of, as types: what a right, a role or a level is needed for, what
//! of one's own card one may not change, what a refusal is about and whose objects a grantee
//! cannot reach. Each says its English here, in one `match` (the server prints that); the console
//! says each in its own words with a `match` of its own, so a variant added without words there
//! does not compile.
use crate::access::ObjectKind;
use crate::Login;
use std::fmt;

/// What a right or a role is needed for: "{purpose} needs the right …".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    EditOtherUsers,
    BlockUsers,
    CreateUsers,
    ReadOrRenewTokens,
    SetAccessLevels,
    CreateObjects,
    ChangeObjects,
    ReadAudit,
    CreateDealers,
    SetDealerQuota,
}

impl Purpose {
    /// Every purpose, in the order declared (a test keeps it whole).
    pub const ALL: [Purpose; 10] = [
        Purpose::EditOtherUsers,
        Purpose::BlockUsers,
        Purpose::CreateUsers,
        Purpose::ReadOrRenewTokens,
        Purpose::SetAccessLevels,
        Purpose::CreateObjects,
        Purpose::ChangeObjects,
        Purpose::ReadAudit,
        Purpose::CreateDealers,
        Purpose::SetDealerQuota,
    ];

    pub fn english(self) -> &'static str {
        match self {
            Purpose::EditOtherUsers => "editing other users",
            Purpose::BlockUsers => "blocking users",
            Purpose::CreateUsers => "creating users",
            Purpose::ReadOrRenewTokens => "reading or renewing API access tokens",
            Purpose::SetAccessLevels => "setting access levels",
            Purpose::CreateObjects => "creating objects",
            Purpose::ChangeObjects => "changing objects",
            Purpose::ReadAudit => "reading the audit log",
            Purpose::CreateDealers => "creating dealers",
            Purpose::SetDealerQuota => "setting a dealer's user quota",
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.english())
    }
}

/// What a level on a thing is needed for: "you need … on … to {purpose}".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LevelPurpose {
    EditTheUser,
    CreateUsersInIt,
    SetItsAccess,
    SetAccessToIt,
    CreateObjectsInIt,
    ChangeIt,
    PutInOrTakeOutOfGroup,
}

impl LevelPurpose {
    /// Every purpose, in the order declared (a test keeps it whole).
    pub const ALL: [LevelPurpose; 7] = [
        LevelPurpose::EditTheUser,
        LevelPurpose::CreateUsersInIt,
        LevelPurpose::SetItsAccess,
        LevelPurpose::SetAccessToIt,
        LevelPurpose::CreateObjectsInIt,
        LevelPurpose::ChangeIt,
        LevelPurpose::PutInOrTakeOutOfGroup,
    ];

    pub fn english(self) -> &'static str {
        match self {
            LevelPurpose::EditTheUser => "edit the user",
            LevelPurpose::CreateUsersInIt => "create users in it",
            LevelPurpose::SetItsAccess => "set its access",
            LevelPurpose::SetAccessToIt => "set access to it",
            LevelPurpose::CreateObjectsInIt => "create objects in it",
            LevelPurpose::ChangeIt => "change it",
            LevelPurpose::PutInOrTakeOutOfGroup => "put it in or take it out of a group",
        }
    }
}

impl fmt::Display for LevelPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.english())
    }
}

/// What of one's own card one may not change: "you cannot change your own {part}".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OwnPart {
    Roles,
    Rights,
    LoginAllowed,
    /// Raising one's own levels (lowering them is allowed).
    LevelsUpwards,
}

impl OwnPart {
    /// Every part, in the order declared (a test keeps it whole).
    pub const ALL: [OwnPart; 4] = [
        OwnPart::Roles,
        OwnPart::Rights,
        OwnPart::LoginAllowed,
        OwnPart::LevelsUpwards,
    ];

    pub fn english(self) -> &'static str {
        match self {
            OwnPart::Roles => "roles",
            OwnPart::Rights => "rights",
            OwnPart::LoginAllowed => "Login allowed",
            OwnPart::LevelsUpwards => "access levels upwards (you may lower them)",
        }
    }
}

impl fmt::Display for OwnPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.english())
    }
}

/// What a refusal is about: an object (`unit 12 (Cafe #1)`) or a user by its login (`user 0007`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Object { kind: ObjectKind, id: i64, name: String },
    User(Login),
}

impl Target {
    /// How a refusal names a kind of object before its id.
    pub fn kind_english(kind: ObjectKind) -> &'static str {
        match kind {
            ObjectKind::Account => "account",
            ObjectKind::UnitGroup => "unit group",
            ObjectKind::Unit => "unit",
            ObjectKind::User => "user",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Object { kind, id, name } => write!(f, "{} {id} ({name})", Target::kind_english(*kind)),
            Target::User(login) => write!(f, "user {login}"),
        }
    }
}

/// Whose objects a grantee cannot reach: a dealer by its name, one the tree lacks (by its id), or
/// none (an object of no dealer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DealerName {
    Named(String),
    Id(i64),
    NoDealer,
}

impl fmt::Display for DealerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DealerName::Named(name) => f.write_str(name),
            // As `DealerTree::name` says a dealer it lacks.
            DealerName::Id(id) => write!(f, "dealer {id}"),
            DealerName::NoDealer => f.write_str("no dealer"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    // Each variant's place in `ALL`. The matches are exhaustive: a variant added to an enum does
    // not compile here until it is given its place, and the test below fails until `ALL` holds
    // it there.

    fn purpose_place(p: Purpose) -> usize {
        match p {
            Purpose::EditOtherUsers => 0,
            Purpose::BlockUsers => 1,
            Purpose::CreateUsers => 2,
            Purpose::ReadOrRenewTokens => 3,
            Purpose::SetAccessLevels => 4,
            Purpose::CreateObjects => 5,
            Purpose::ChangeObjects => 6,
            Purpose::ReadAudit => 7,
            Purpose::CreateDealers => 8,
            Purpose::SetDealerQuota => 9,
        }
    }

    fn level_purpose_place(p: LevelPurpose) -> usize {
        match p {
            LevelPurpose::EditTheUser => 0,
            LevelPurpose::CreateUsersInIt => 1,
            LevelPurpose::SetItsAccess => 2,
            LevelPurpose::SetAccessToIt => 3,
            LevelPurpose::CreateObjectsInIt => 4,
            LevelPurpose::ChangeIt => 5,
            LevelPurpose::PutInOrTakeOutOfGroup => 6,
        }
    }

    fn own_part_place(p: OwnPart) -> usize {
        match p {
            OwnPart::Roles => 0,
            OwnPart::Rights => 1,
            OwnPart::LoginAllowed => 2,
            OwnPart::LevelsUpwards => 3,
        }
    }

    /// `all` lists every variant once, each at its place and in the order declared (`declared`:
    /// the variant's discriminant), and no two read the same in English.
    fn holds_every<T: Copy + fmt::Debug + fmt::Display>(all: &[T], place: fn(T) -> usize, declared: fn(T) -> usize) {
        for (i, &p) in all.iter().enumerate() {
            assert_eq!(place(p), i, "{p:?} is not at its place in ALL");
            assert_eq!(declared(p), i, "ALL lists {p:?} out of the order declared");
        }
        let words: BTreeSet<String> = all.iter().map(|p| p.to_string()).collect();
        assert_eq!(words.len(), all.len(), "two variants read the same");
    }

    #[test]
    fn all_holds_every_variant() {
        holds_every(&Purpose::ALL[..], purpose_place, |p: Purpose| p as usize);
        holds_every(&LevelPurpose::ALL[..], level_purpose_place, |p: LevelPurpose| {
            p as usize
        });
        holds_every(&OwnPart::ALL[..], own_part_place, |p: OwnPart| p as usize);
    }

    #[test]
    fn targets_and_dealers_read_as_before() {
        let unit = Target::Object {
            kind: ObjectKind::UnitGroup,
            id: 5,
            name: "North cafes".into(),
        };
        assert_eq!(unit.to_string(), "unit group 5 (North cafes)");
        let login = Login::new(7).expect("login");
        assert_eq!(Target::User(login).to_string(), "user 0007");
        assert_eq!(DealerName::Id(42).to_string(), "dealer 42");
        assert_eq!(DealerName::NoDealer.to_string(), "no dealer");
        assert_eq!(DealerName::Named("Dealer South".into()).to_string(), "Dealer South");
    }
}
