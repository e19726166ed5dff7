//! The access policy: every question the product asks about who may do what, answered here and
//! nowhere else. Pure (no I/O, no HTTP): the server calls it inside the transaction of the write
//! it guards, and the console calls it to decide what to enable, so the two cannot drift apart.
//!
//! The rules, from the seeds (`access-rights.txt`, `users-reference-book.txt`) and SPEC §2:
//! - Five levels; `execute` counts as `view` on accounts and users. A user's level on a unit is
//!   the highest of its direct grant, the grants on the groups holding it and the grant on its
//!   account (groups and accounts only raise). The caller's [`Levels`] answers that part.
//! - A dealer's staff see their own dealer's data; a DEALER_MANAGER, or anyone holding
//!   *View Sub-Dealer entities*, also that of the dealers below. That reach is a ceiling on
//!   levels: a grant on an object of a dealer out of reach gives nothing. ADMIN reaches all.
//! - A right gates its action on top of the level: creating an object needs `OBJECTS_CREATE` and
//!   `edit` on the account, changing one `OBJECTS_EDIT` and `edit` on it, setting anyone's level
//!   `ACCESS_MANAGE` and `manage` both on the object and on the user. ADMIN holds every right.
//! - Refusals say 404 (`NotFound`) for what the actor may not see, so they never name it, and 403
//!   (`Forbidden`) for what it sees but may not change; checks run in that order.
use super::access::{AccessLevel, ObjectKind};
use super::dealer::DealerTree;
use super::role::{effective_rights, grantable_by, roles_text, Role};
use super::{Login, User, UserDraft};
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::hash::Hash;
use std::sync::Arc;

/// Roles whose users hold an API token (the API access tab).
pub const API_ROLES: [Role; 3] = [Role::Aggregator, Role::SubDealer, Role::DealerManager];

pub fn has_api_role(roles: &[Role]) -> bool {
    roles.iter().any(|r| API_ROLES.contains(r))
}

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
    NoSuchUser(Login),
    NoSuchObject(i64),
    Blocked(Login),
    LicenseRevoked,
    /// The actor lacks a right of the catalog.
    LacksRight {
        right: &'static str,
        name: &'static str,
        to: &'static str,
    },
    /// Only these roles may do it.
    LacksRole {
        roles: &'static str,
        to: &'static str,
    },
    /// The actor's level on a thing it sees is too low.
    Level {
        need: AccessLevel,
        have: AccessLevel,
        on: String,
        to: &'static str,
    },
    /// One's own roles, rights or Login allowed.
    OwnCard {
        what: &'static str,
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
        on: String,
    },
    NotAUnit {
        on: String,
    },
    OtherAccount {
        on: String,
    },
    /// The grantee's dealer does not reach the object's dealer: the grant would give nothing.
    OutOfReach {
        login: Login,
        dealer: String,
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
            Blocked(_)
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
            NoSuchUser(l) => write!(f, "user {l} not found"),
            NoSuchObject(id) => write!(f, "object {id} not found"),
            Blocked(l) => write!(f, "user {l} is blocked: Login allowed is unchecked on the card"),
            LicenseRevoked => {
                f.write_str("this aggregator license no longer works: its holder is blocked or is no aggregator")
            }
            LacksRight { right, name, to } => write!(f, "{to} needs the right {name} ({right})"),
            LacksRole { roles, to } => write!(f, "{to} needs the {roles} role"),
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
    fn field(mut self, f: &'static str) -> Self {
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

fn deny<T>(r: Reason) -> Result<T, Denied> {
    Err(r.into())
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
    pub dealers: Arc<DealerTree>,
}

impl Actor {
    pub fn new(user: User, dealers: Arc<DealerTree>) -> Self {
        let rights: BTreeSet<String> = effective_rights(&user.roles, &user.rights).into_iter().collect();
        let reach = Reach::of(&user.roles, &rights, user.dealer_id, &dealers);
        Actor {
            user,
            rights,
            reach,
            dealers,
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
        format!("{} {} ({})", self.kind.as_str().replace('_', " "), self.id, self.name)
    }
}

/// What the actor may change on one user card; the console enables exactly these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCaps {
    /// The characteristics (names, email, phones, language, …).
    pub fields: Verdict,
    pub block: Verdict,
    /// Each role, whether the actor may tick or untick it.
    pub roles: Vec<(Role, Verdict)>,
    /// Each right of the catalog, whether the actor may grant or take it on the card.
    pub rights: Vec<(String, Verdict)>,
    /// The API access tab (token, USR form, aggregator licenses).
    pub token: Verdict,
    /// Setting this user's levels on objects at all (each object is asked again).
    pub access: Verdict,
}

impl UserCaps {
    pub fn role(&self, r: Role) -> Verdict {
        self.roles
            .iter()
            .find(|(x, _)| *x == r)
            .map_or(Ok(()), |(_, v)| v.clone())
    }
    pub fn right(&self, code: &str) -> Verdict {
        self.rights
            .iter()
            .find(|(x, _)| x == code)
            .map_or(Ok(()), |(_, v)| v.clone())
    }
}

/// The policy for one actor, with its levels.
pub struct Policy<'a, L: Levels + ?Sized> {
    pub actor: &'a Actor,
    levels: &'a L,
}

impl<'a, L: Levels + ?Sized> Policy<'a, L> {
    pub fn new(actor: &'a Actor, levels: &'a L) -> Self {
        Policy { actor, levels }
    }

    fn need_right(&self, right: &'static str, to: &'static str) -> Verdict {
        if self.actor.has(right) {
            return Ok(());
        }
        let name = right_name(right);
        deny(Reason::LacksRight { right, name, to })
    }

    /// The actor's level on an object: its grants, under the ceiling of its reach.
    pub fn level(&self, o: Obj) -> AccessLevel {
        if !self.actor.reaches_account(o.account_id) {
            return AccessLevel::None;
        }
        if self.actor.is_admin() {
            return AccessLevel::Manage;
        }
        self.levels.granted(o.id).on(o.kind)
    }

    /// The object of user `u`, for levels on users.
    pub fn user_obj<'u>(&self, u: &'u User) -> Obj<'u> {
        Obj {
            id: u.object_id,
            kind: ObjectKind::User,
            account_id: self.actor.dealers.account_of(u.dealer_id),
            name: &u.username,
        }
    }

    fn need_level(&self, o: Obj, need: AccessLevel, to: &'static str) -> Verdict {
        let have = self.level(o);
        if have >= need {
            return Ok(());
        }
        deny(Reason::Level {
            need,
            have,
            on: o.label(),
            to,
        })
    }

    /// The same for the object of user `u`, named by its login.
    fn need_user_level(&self, u: &User, need: AccessLevel, to: &'static str) -> Verdict {
        let have = self.level(self.user_obj(u));
        if have >= need {
            return Ok(());
        }
        deny(Reason::Level {
            need,
            have,
            on: format!("user {}", u.login),
            to,
        })
    }

    // ---- seeing ----

    /// Whether the actor sees the object: `view` or more, and the right to view object cards.
    pub fn see_object(&self, o: Obj) -> Result<AccessLevel, Denied> {
        let l = self.level(o);
        if l == AccessLevel::None || !self.actor.has("OBJECTS_VIEW") {
            return deny(Reason::NoSuchObject(o.id));
        }
        Ok(l)
    }

    /// Itself always; other users of the dealers it reaches with *Users — view*.
    pub fn see_user(&self, u: &User) -> Verdict {
        if u.login == self.actor.login() || (self.actor.has("USERS_VIEW") && self.actor.reach.contains(u.dealer_id)) {
            return Ok(());
        }
        deny(Reason::NoSuchUser(u.login))
    }

    pub fn see_dealer(&self, dealer_id: i64) -> bool {
        dealer_id == self.actor.user.dealer_id || self.actor.reach.contains(dealer_id)
    }

    // ---- users ----

    /// May the actor change the characteristics on `u`'s card (its own always)?
    pub fn edit_user(&self, u: &User) -> Verdict {
        self.see_user(u)?;
        if u.login == self.actor.login() || self.actor.is_admin() {
            return Ok(());
        }
        if !self.actor.user.roles.contains(&Role::DealerManager) {
            return deny(Reason::LacksRole {
                roles: "DEALER_MANAGER",
                to: "editing other users",
            });
        }
        self.need_right("USERS_EDIT", "editing other users")?;
        let grantable = self.actor.grantable_roles();
        if let Some(r) = u.roles.iter().find(|r| !grantable.contains(r)) {
            return deny(Reason::Outranked {
                login: u.login,
                role: *r,
            });
        }
        self.need_user_level(u, AccessLevel::Edit, "edit the user")
    }

    /// May the actor tick or untick role `r` on `u`'s card?
    pub fn change_role(&self, u: &User, r: Role) -> Verdict {
        self.edit_user(u).map_err(|d| d.field("roles"))?;
        if u.login == self.actor.login() && !(self.actor.is_admin() && r != Role::Admin) {
            return Err(Denied::from(Reason::OwnCard { what: "roles" }).field("roles"));
        }
        let grantable = self.actor.grantable_roles();
        if !grantable.contains(&r) {
            return Err(Denied::from(Reason::RoleNotGrantable { role: r, grantable }).field("roles"));
        }
        Ok(())
    }

    /// May the actor grant or take right `code` on `u`'s card?
    pub fn change_right(&self, u: &User, code: &str) -> Verdict {
        self.edit_user(u).map_err(|d| d.field("rights"))?;
        if u.login == self.actor.login() && !self.actor.is_admin() {
            return Err(Denied::from(Reason::OwnCard { what: "rights" }).field("rights"));
        }
        if !self.actor.has(code) {
            return Err(Denied::from(Reason::RightNotHeld {
                right: code.to_string(),
            })
            .field("rights"));
        }
        Ok(())
    }

    /// May the actor block or unblock `u` (untick or tick Login allowed)?
    pub fn block_user(&self, u: &User) -> Verdict {
        self.edit_user(u).map_err(|d| d.field("login_allowed"))?;
        if u.login == self.actor.login() {
            return Err(Denied::from(Reason::OwnCard { what: "Login allowed" }).field("login_allowed"));
        }
        self.need_right("USERS_BLOCK", "blocking users")
            .map_err(|d| d.field("login_allowed"))
    }

    /// May the actor save `new` over `old`? Each change is asked on its own, as the card asks.
    pub fn update_user(&self, old: &User, new: &UserDraft) -> Verdict {
        self.edit_user(old)?;
        let (a, b): (BTreeSet<Role>, BTreeSet<Role>) =
            (old.roles.iter().copied().collect(), new.roles.iter().copied().collect());
        for r in a.symmetric_difference(&b) {
            self.change_role(old, *r)?;
        }
        let (a, b): (BTreeSet<&str>, BTreeSet<&str>) = (
            old.rights.iter().map(String::as_str).collect(),
            new.rights.iter().map(String::as_str).collect(),
        );
        for r in a.symmetric_difference(&b) {
            self.change_right(old, r)?;
        }
        if old.login_allowed != new.login_allowed {
            self.block_user(old)?;
        }
        Ok(())
    }

    /// May the actor create a user in `dealer_id` (regardless of its roles and rights)?
    pub fn create_users(&self, dealer_id: i64) -> Verdict {
        let to = "creating users";
        if !self.actor.is_admin() && !self.actor.user.roles.contains(&Role::DealerManager) {
            return deny(Reason::LacksRole {
                roles: "DEALER_MANAGER",
                to,
            });
        }
        self.need_right("USERS_CREATE", to)?;
        if !self.actor.is_admin() && dealer_id != self.actor.user.dealer_id {
            return Err(Denied::from(Reason::OtherDealer).field("dealer_id"));
        }
        let Some(dealer) = self.actor.dealers.get(dealer_id) else {
            return Err(Denied::from(Reason::NoSuchDealer(dealer_id)).field("dealer_id"));
        };
        let account = dealer.account_id;
        // Users are objects of their dealer's account: creating one needs edit on it.
        let acc = Obj {
            id: account.unwrap_or_default(),
            kind: ObjectKind::Account,
            account_id: account,
            name: &dealer.name,
        };
        self.need_level(acc, AccessLevel::Edit, "create users in it")
    }

    /// May the actor create this user in `dealer_id`?
    pub fn create_user(&self, d: &UserDraft, dealer_id: i64) -> Verdict {
        self.create_users(dealer_id)?;
        let grantable = self.actor.grantable_roles();
        if let Some(r) = d.roles.iter().find(|r| !grantable.contains(r)) {
            return Err(Denied::from(Reason::RoleNotGrantable { role: *r, grantable }).field("roles"));
        }
        if let Some(r) = d.rights.iter().find(|r| !self.actor.has(r)) {
            return Err(Denied::from(Reason::RightNotHeld { right: r.clone() }).field("rights"));
        }
        Ok(())
    }

    /// What the card of `u` lets the actor change.
    pub fn user_caps(&self, u: &User) -> UserCaps {
        UserCaps {
            fields: self.edit_user(u),
            block: self.block_user(u),
            roles: Role::ALL.iter().map(|r| (*r, self.change_role(u, *r))).collect(),
            rights: super::rights::catalog()
                .iter()
                .map(|r| (r.code.clone(), self.change_right(u, &r.code)))
                .collect(),
            token: self.token(u),
            access: self.set_levels_of(u),
        }
    }

    /// What a new-user card in `dealer_id` lets the actor fill in.
    pub fn new_user_caps(&self, dealer_id: i64) -> UserCaps {
        let base = self.create_users(dealer_id);
        let grantable = self.actor.grantable_roles();
        let no = |d: &Denied| Err(d.clone());
        UserCaps {
            fields: base.clone(),
            block: base.clone(),
            roles: Role::ALL
                .iter()
                .map(|r| {
                    let v = match &base {
                        Err(d) => no(d),
                        Ok(()) if grantable.contains(r) => Ok(()),
                        Ok(()) => Err(Denied::from(Reason::RoleNotGrantable {
                            role: *r,
                            grantable: grantable.clone(),
                        })
                        .field("roles")),
                    };
                    (*r, v)
                })
                .collect(),
            rights: super::rights::catalog()
                .iter()
                .map(|r| {
                    let v = match &base {
                        Err(d) => no(d),
                        Ok(()) if self.actor.has(&r.code) => Ok(()),
                        Ok(()) => Err(Denied::from(Reason::RightNotHeld { right: r.code.clone() }).field("rights")),
                    };
                    (r.code.clone(), v)
                })
                .collect(),
            token: deny(Reason::Unsaved),
            access: deny(Reason::Unsaved),
        }
    }

    /// May the actor see or renew `u`'s API token (and its aggregator licenses)? Only users with
    /// an API role have one; the actor needs *Users — API access token generation*, and for
    /// another user's token the right to edit that user's card.
    pub fn token(&self, u: &User) -> Verdict {
        self.see_user(u)?;
        if !has_api_role(&u.roles) {
            return deny(Reason::NoApiAccess(u.login));
        }
        self.need_right("USERS_API_TOKEN", "reading or renewing API access tokens")?;
        if u.login != self.actor.login() {
            self.edit_user(u)?;
        }
        Ok(())
    }

    // ---- objects and levels ----

    /// May the actor set anyone's level on `o` at all (before asking user by user)?
    pub fn set_levels_on(&self, o: Obj) -> Verdict {
        self.see_object(o)?;
        self.need_right("ACCESS_MANAGE", "setting access levels")?;
        self.need_level(o, AccessLevel::Manage, "set access to it")
    }

    /// May the actor set `u`'s levels at all (before asking object by object)?
    pub fn set_levels_of(&self, u: &User) -> Verdict {
        self.see_user(u)?;
        self.need_right("ACCESS_MANAGE", "setting access levels")?;
        self.need_user_level(u, AccessLevel::Manage, "set its access")
    }

    /// May the actor set `u`'s level on object `o`? Manage on both, the right, and a grantee
    /// that can reach the object at all.
    pub fn set_level(&self, o: Obj, u: &User) -> Verdict {
        self.levels_of(u).check(o)
    }

    /// Setting `u`'s levels object by object: what does not depend on the object is asked once
    /// (a batch or a tree asks about thousands of objects).
    pub fn levels_of<'p>(&'p self, u: &'p User) -> LevelsOf<'p, 'a, L> {
        let grantee_rights: BTreeSet<String> = effective_rights(&u.roles, &u.rights).into_iter().collect();
        LevelsOf {
            policy: self,
            user: u,
            seen: self.see_user(u),
            right: self.need_right("ACCESS_MANAGE", "setting access levels"),
            manage_user: self.need_user_level(u, AccessLevel::Manage, "set its access"),
            reach: Reach::of(&u.roles, &grantee_rights, u.dealer_id, &self.actor.dealers),
        }
    }

    /// May the actor create an object of `kind` in `account` (`None`: no such object)?
    pub fn create_object(&self, kind: ObjectKind, account_id: i64, account: Option<Obj>) -> Verdict {
        if !matches!(kind, ObjectKind::Unit | ObjectKind::UnitGroup) {
            return Err(Denied::from(Reason::NotCreatable(kind)).field("kind"));
        }
        let Some(acc) = account else {
            return Err(Denied::from(Reason::NoSuchObject(account_id)).field("account_id"));
        };
        self.see_object(acc).map_err(|d| d.field("account_id"))?;
        if acc.kind != ObjectKind::Account {
            return Err(Denied::from(Reason::NotAnAccount(acc.id)).field("account_id"));
        }
        self.need_right("OBJECTS_CREATE", "creating objects")?;
        self.need_level(acc, AccessLevel::Edit, "create objects in it")
    }

    /// May the actor rename `o` (or otherwise change its properties)?
    pub fn edit_object(&self, o: Obj) -> Verdict {
        self.see_object(o)?;
        self.need_right("OBJECTS_EDIT", "changing objects")?;
        self.need_level(o, AccessLevel::Edit, "change it")
    }

    /// May the actor put `unit` into, or take it out of, `group` (`None`: no such object)? The
    /// group must be one it may change; the unit a unit of the group's account that it manages.
    pub fn change_member(&self, group: Obj, unit_id: i64, unit: Option<Obj>) -> Verdict {
        let Some(u) = unit else {
            return Err(Denied::from(Reason::NoSuchObject(unit_id)).field("members"));
        };
        self.see_object(u).map_err(|d| d.field("members"))?;
        if u.kind != ObjectKind::Unit {
            return Err(Denied::from(Reason::NotAUnit { on: u.label() }).field("members"));
        }
        if u.account_id != group.account_id {
            return Err(Denied::from(Reason::OtherAccount { on: u.label() }).field("members"));
        }
        self.need_level(u, AccessLevel::Manage, "put it in or take it out of a group")
            .map_err(|d| d.field("members"))
    }

    /// May the actor change `group`'s members (each changed unit is asked on its own)?
    pub fn edit_members(&self, group: Obj) -> Verdict {
        self.edit_object(group)?;
        if group.kind != ObjectKind::UnitGroup {
            return Err(Denied::from(Reason::NotAGroup { on: group.label() }).field("members"));
        }
        Ok(())
    }

    // ---- the rest ----

    /// The audit log: administrators and dealer managers.
    pub fn read_audit(&self) -> Verdict {
        if self.actor.is_admin() || self.actor.user.roles.contains(&Role::DealerManager) {
            return Ok(());
        }
        deny(Reason::LacksRole {
            roles: "ADMIN or DEALER_MANAGER",
            to: "reading the audit log",
        })
    }

    /// One audit row, about something of `dealer_id` (`None`: of no dealer, admins only).
    pub fn see_audit_row(&self, dealer_id: Option<i64>) -> bool {
        self.read_audit().is_ok() && (self.actor.is_admin() || dealer_id.is_some_and(|d| self.actor.reach.contains(d)))
    }

    pub fn create_dealer(&self) -> Verdict {
        if self.actor.is_admin() {
            return Ok(());
        }
        deny(Reason::LacksRole {
            roles: "ADMIN",
            to: "creating dealers",
        })
    }
}

/// [`Policy::set_level`] for one user and many objects.
pub struct LevelsOf<'p, 'a, L: Levels + ?Sized> {
    policy: &'p Policy<'a, L>,
    user: &'p User,
    seen: Verdict,
    right: Verdict,
    manage_user: Verdict,
    /// The dealers the grantee reaches: a grant beyond them would give nothing.
    reach: Reach,
}

impl<L: Levels + ?Sized> LevelsOf<'_, '_, L> {
    /// May the actor set the user's level on `o`? In order: the user and the object are seen
    /// (404), the right, manage on the object and on the user (403), a grantee that reaches the
    /// object's dealer (400).
    pub fn check(&self, o: Obj) -> Verdict {
        self.seen.clone()?;
        self.policy.see_object(o)?;
        self.right.clone()?;
        self.policy.need_level(o, AccessLevel::Manage, "set access to it")?;
        self.manage_user.clone()?;
        let dealers = &self.policy.actor.dealers;
        match o.account_id.and_then(|a| dealers.dealer_of_account(a)) {
            Some(d) if self.reach.contains(d) => Ok(()),
            None if self.reach == Reach::All => Ok(()),
            d => deny(Reason::OutOfReach {
                login: self.user.login,
                dealer: d.map_or_else(|| "no dealer".to_string(), |d| dealers.name(d)),
            }),
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
fn right_name(code: &'static str) -> &'static str {
    super::rights::catalog()
        .iter()
        .find(|r| r.code == code)
        .map(|r| r.name.en.as_str())
        .unwrap_or(code)
}
