//! The rules: one function per question, each answering allow or a typed refusal.
use super::refusal::deny;
use super::{
    has_api_role, right_name, Actor, DealerName, Denied, LevelPurpose, Levels, Obj, OwnPart, Purpose, Reach, Reason,
    Target, Verdict,
};
use crate::access::{AccessLevel, ObjectKind};
use crate::role::{effective_rights, Role};
use crate::{User, UserDraft};
use std::collections::BTreeSet;

/// What an audit row is about, as far as the policy needs to know.
#[derive(Debug, Clone, Copy)]
pub enum About<'a> {
    User(Option<&'a User>),
    Object(Option<Obj<'a>>),
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
    /// Renewing the token (a write).
    pub renew: Verdict,
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
    pub(super) levels: &'a L,
}

impl<'a, L: Levels + ?Sized> Policy<'a, L> {
    pub fn new(actor: &'a Actor, levels: &'a L) -> Self {
        Policy { actor, levels }
    }

    fn need_right(&self, right: &'static str, to: Purpose) -> Verdict {
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
        // A role raises as an account grant does; asked here, so every caller's levels (the
        // server's grants, the console's reported ones) get it the same way.
        let by_role = self
            .actor
            .role_levels
            .reaching(o.id, o.kind, o.account_id)
            .map_or(AccessLevel::None, |(_, _, l)| l);
        self.levels.granted(o.id).on(o.kind).max(by_role)
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

    fn need_level(&self, o: Obj, need: AccessLevel, to: LevelPurpose) -> Verdict {
        let have = self.level(o);
        if have >= need {
            return Ok(());
        }
        deny(Reason::Level {
            need,
            have,
            on: o.target(),
            to,
        })
    }

    /// The same for the object of user `u`, named by its login.
    fn need_user_level(&self, u: &User, need: AccessLevel, to: LevelPurpose) -> Verdict {
        let have = self.level(self.user_obj(u));
        if have >= need {
            return Ok(());
        }
        deny(Reason::Level {
            need,
            have,
            on: Target::User(u.login),
            to,
        })
    }

    // ---- seeing ----

    /// Whether the actor sees the object: `view` or more, and the right to view object cards.
    pub fn see_object(&self, o: Obj) -> Result<AccessLevel, Denied> {
        let l = self.level(o);
        // A user as an object is seen as the user is: its own, or others with Users — view.
        let user_hidden =
            o.kind == ObjectKind::User && o.id != self.actor.user.object_id && !self.actor.has("USERS_VIEW");
        if l == AccessLevel::None || !self.actor.has("OBJECTS_VIEW") || user_hidden {
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

    /// Whether the actor may list a dealer's users, and so learn how many it has: *Users —
    /// view* on a dealer it reaches, as for each of those users.
    pub fn see_dealer_users(&self, dealer_id: i64) -> bool {
        self.actor.has("USERS_VIEW") && self.actor.reach.contains(dealer_id)
    }

    pub fn see_dealer(&self, dealer_id: i64) -> bool {
        dealer_id == self.actor.user.dealer_id || self.actor.reach.contains(dealer_id)
    }

    /// May a delta tell the actor that a unit it no longer sees left `group` (so the console drops
    /// it)? Only when the actor sees that group: it saw the unit through it. A unit it never saw
    /// is never named, not even its id.
    pub fn told_of_leaving(&self, group: Obj) -> bool {
        self.see_object(group).is_ok()
    }

    // ---- users ----

    /// May the actor change the characteristics on `u`'s card (its own always)?
    pub fn edit_user(&self, u: &User) -> Verdict {
        self.see_user(u)?;
        self.actor.writable()?;
        self.may_edit_user(u)
    }

    /// [`edit_user`](Self::edit_user) in any session: what reading a token also asks.
    fn may_edit_user(&self, u: &User) -> Verdict {
        if u.login == self.actor.login() || self.actor.is_admin() {
            return Ok(());
        }
        if !self.actor.user.roles.contains(&Role::DealerManager) {
            return deny(Reason::LacksRole {
                roles: &[Role::DealerManager],
                to: Purpose::EditOtherUsers,
            });
        }
        self.need_right("USERS_EDIT", Purpose::EditOtherUsers)?;
        let grantable = self.actor.grantable_roles();
        if let Some(r) = u.roles.iter().find(|r| !grantable.contains(r)) {
            return deny(Reason::Outranked {
                login: u.login,
                role: *r,
            });
        }
        self.need_user_level(u, AccessLevel::Edit, LevelPurpose::EditTheUser)
    }

    /// May the actor tick or untick role `r` on `u`'s card?
    pub fn change_role(&self, u: &User, r: Role) -> Verdict {
        self.edit_user(u).map_err(|d| d.field("roles"))?;
        if u.login == self.actor.login() && !(self.actor.is_admin() && r != Role::Admin) {
            return Err(Denied::from(Reason::OwnCard { what: OwnPart::Roles }).field("roles"));
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
            return Err(Denied::from(Reason::OwnCard { what: OwnPart::Rights }).field("rights"));
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
            return Err(Denied::from(Reason::OwnCard {
                what: OwnPart::LoginAllowed,
            })
            .field("login_allowed"));
        }
        self.need_right("USERS_BLOCK", Purpose::BlockUsers)
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
        self.actor.writable()?;
        let to = Purpose::CreateUsers;
        if !self.actor.is_admin() && !self.actor.user.roles.contains(&Role::DealerManager) {
            return deny(Reason::LacksRole {
                roles: &[Role::DealerManager],
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
        self.need_level(acc, AccessLevel::Edit, LevelPurpose::CreateUsersInIt)
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
            rights: crate::rights::catalog()
                .iter()
                .map(|r| (r.code.clone(), self.change_right(u, &r.code)))
                .collect(),
            token: self.token(u),
            renew: self.renew_token(u),
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
            rights: crate::rights::catalog()
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
            renew: deny(Reason::Unsaved),
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
        self.need_right("USERS_API_TOKEN", Purpose::ReadOrRenewTokens)?;
        if u.login != self.actor.login() {
            self.may_edit_user(u)?;
        }
        Ok(())
    }

    /// May the actor renew `u`'s token (a write: the old one stops working)?
    pub fn renew_token(&self, u: &User) -> Verdict {
        self.token(u)?;
        self.actor.writable()
    }

    // ---- objects and levels ----

    /// May the actor set anyone's level on `o` at all (before asking user by user)?
    pub fn set_levels_on(&self, o: Obj) -> Verdict {
        self.see_object(o)?;
        self.actor.writable()?;
        self.need_right("ACCESS_MANAGE", Purpose::SetAccessLevels)?;
        self.need_level(o, AccessLevel::Manage, LevelPurpose::SetAccessToIt)
    }

    /// May the actor set `u`'s levels at all (before asking object by object)?
    pub fn set_levels_of(&self, u: &User) -> Verdict {
        self.levels_of(u).of_user()
    }

    /// May the actor set `u`'s level on object `o`? Manage on both, the right, a grantee that is
    /// no manager (unless the actor is the admin) and that can reach the object at all.
    pub fn set_level(&self, o: Obj, u: &User) -> Verdict {
        self.levels_of(u).check(o)
    }

    /// Setting `u`'s levels object by object: what does not depend on the object is asked once
    /// (a batch or a tree asks about thousands of objects).
    pub fn levels_of<'p>(&'p self, u: &'p User) -> LevelsOf<'p, 'a, L> {
        let grantee_rights: BTreeSet<String> = effective_rights(&u.roles, &u.rights).into_iter().collect();
        let own = u.login == self.actor.login();
        // A manager's or an administrator's levels are an administrator's to set, as their cards.
        let above = (!self.actor.is_admin() && !own)
            .then(|| u.roles.iter().find(|r| matches!(r, Role::Admin | Role::DealerManager)))
            .flatten();
        LevelsOf {
            policy: self,
            user: u,
            seen: self.see_user(u),
            right: self
                .actor
                .writable()
                .and_then(|()| self.need_right("ACCESS_MANAGE", Purpose::SetAccessLevels)),
            manage_user: match above {
                Some(r) => deny(Reason::Outranked {
                    login: u.login,
                    role: *r,
                }),
                None => self.need_user_level(u, AccessLevel::Manage, LevelPurpose::SetItsAccess),
            },
            own: own && !self.actor.is_admin(),
            reach: Reach::of(&u.roles, &grantee_rights, u.dealer_id, &self.actor.dealers),
        }
    }

    /// May the actor create an object of `kind` in `account` (`None`: no such object)?
    pub fn create_object(&self, kind: ObjectKind, account_id: i64, account: Option<Obj>) -> Verdict {
        self.actor.writable()?;
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
        self.need_right("OBJECTS_CREATE", Purpose::CreateObjects)?;
        self.need_level(acc, AccessLevel::Edit, LevelPurpose::CreateObjectsInIt)
    }

    /// May the actor rename `o` (or otherwise change its properties)?
    pub fn edit_object(&self, o: Obj) -> Verdict {
        self.actor.writable()?;
        self.see_object(o)?;
        self.need_right("OBJECTS_EDIT", Purpose::ChangeObjects)?;
        self.need_level(o, AccessLevel::Edit, LevelPurpose::ChangeIt)
    }

    /// May the actor put `unit` into, or take it out of, `group` (`None`: no such object)? The
    /// group must be one it may change; the unit a unit of the group's account that it manages.
    pub fn change_member(&self, group: Obj, unit_id: i64, unit: Option<Obj>) -> Verdict {
        self.actor.writable()?;
        let Some(u) = unit else {
            return Err(Denied::from(Reason::NoSuchObject(unit_id)).field("members"));
        };
        self.see_object(u).map_err(|d| d.field("members"))?;
        if u.kind != ObjectKind::Unit {
            return Err(Denied::from(Reason::NotAUnit { on: u.target() }).field("members"));
        }
        if u.account_id != group.account_id {
            return Err(Denied::from(Reason::OtherAccount { on: u.target() }).field("members"));
        }
        self.need_level(u, AccessLevel::Manage, LevelPurpose::PutInOrTakeOutOfGroup)
            .map_err(|d| d.field("members"))
    }

    /// May the actor change `group`'s members (each changed unit is asked on its own)?
    pub fn edit_members(&self, group: Obj) -> Verdict {
        self.actor.writable()?;
        self.edit_object(group)?;
        if group.kind != ObjectKind::UnitGroup {
            return Err(Denied::from(Reason::NotAGroup { on: group.target() }).field("members"));
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
            roles: &[Role::Admin, Role::DealerManager],
            to: Purpose::ReadAudit,
        })
    }

    /// One audit row, about something of `dealer_id` (`None`: of no dealer, admins only) and
    /// about these users and objects (`None`: gone, admins only): seen only if each is seen.
    pub fn see_audit_row(&self, dealer_id: Option<i64>, about: &[About]) -> bool {
        if self.read_audit().is_err() {
            return false;
        }
        if self.actor.is_admin() {
            return true;
        }
        dealer_id.is_some_and(|d| self.actor.reach.contains(d))
            && about.iter().all(|a| match a {
                About::User(u) => u.is_some_and(|u| self.see_user(u).is_ok()),
                About::Object(o) => o.is_some_and(|o| self.see_object(o).is_ok()),
            })
    }

    pub fn create_dealer(&self) -> Verdict {
        self.actor.writable()?;
        if self.actor.is_admin() {
            return Ok(());
        }
        deny(Reason::LacksRole {
            roles: &[Role::Admin],
            to: Purpose::CreateDealers,
        })
    }

    /// A dealer's user quota holds its own staff back: only the administrator sets it.
    pub fn set_dealer_quota(&self) -> Verdict {
        self.actor.writable()?;
        if self.actor.is_admin() {
            return Ok(());
        }
        deny(Reason::LacksRole {
            roles: &[Role::Admin],
            to: Purpose::SetDealerQuota,
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
    /// The actor's own levels (not an admin's): it may lower them, never raise them.
    own: bool,
    /// The dealers the grantee reaches: a grant beyond them would give nothing.
    reach: Reach,
}

impl<L: Levels + ?Sized> LevelsOf<'_, '_, L> {
    /// The part about the user alone: seen, the right, manage on it (and no manager above).
    pub fn of_user(&self) -> Verdict {
        self.seen.clone()?;
        self.right.clone()?;
        self.manage_user.clone()
    }

    /// May the actor set the user's level on `o`? In order: the user and the object are seen
    /// (404), the right, manage on the object and on the user (403), a grantee that reaches the
    /// object's dealer (400).
    pub fn check(&self, o: Obj) -> Verdict {
        self.seen.clone()?;
        self.policy.see_object(o)?;
        self.right.clone()?;
        self.policy
            .need_level(o, AccessLevel::Manage, LevelPurpose::SetAccessToIt)?;
        self.manage_user.clone()?;
        let dealers = &self.policy.actor.dealers;
        match o.account_id.and_then(|a| dealers.dealer_of_account(a)) {
            Some(d) if self.reach.contains(d) => Ok(()),
            None if self.reach == Reach::All => Ok(()),
            d => deny(Reason::OutOfReach {
                login: self.user.login,
                dealer: match d {
                    Some(d) => dealers
                        .get(d)
                        .map_or(DealerName::Id(d), |x| DealerName::Named(x.name.clone())),
                    None => DealerName::NoDealer,
                },
            }),
        }
    }

    /// May the actor change the user's direct level on `o` from `from` to `to`? As
    /// [`check`](Self::check), and one's own levels only go down: a grant one gave oneself would
    /// outlive the account or group grant it came from.
    pub fn check_change(&self, o: Obj, from: AccessLevel, to: AccessLevel) -> Verdict {
        self.check(o)?;
        if self.own && to > from {
            return deny(Reason::OwnCard {
                what: OwnPart::LevelsUpwards,
            });
        }
        Ok(())
    }
}
