//! Copies: a new user with another's roles, rights and grants, or a new unit group with another's
//! units and accessors' levels. Every part is judged on its own, for a user or a group that does
//! not exist yet and that the actor will manage (the creator of an object manages it), so a copy
//! by an actor with less authority than the source is planned part by part.
use super::{Actor, Levels, Obj, Policy, Verdict};
use crate::access::{AccessLevel, ObjectKind};
use crate::role::Role;
use crate::{Login, User, UserDraft, MAX_LOGIN};

/// The id a user or group about to be created goes by until it exists (no stored object has a
/// negative id).
pub const NEW_ID: i64 = -1;

/// The actor's levels, and `manage` on the object it is about to create.
pub struct Creating<'l, L: Levels + ?Sized> {
    levels: &'l L,
}

impl<'l, L: Levels + ?Sized> Creating<'l, L> {
    pub fn new(levels: &'l L) -> Self {
        Creating { levels }
    }
}

impl<L: Levels + ?Sized> Levels for Creating<'_, L> {
    fn granted(&self, id: i64) -> AccessLevel {
        if id == NEW_ID {
            AccessLevel::Manage
        } else {
            self.levels.granted(id)
        }
    }
}

/// What of a user's copy the actor may make, part by part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCopyVerdicts {
    /// Creating a user in that dealer at all: when refused, nothing is copied.
    pub create: Verdict,
    /// Each role of the draft, in its order.
    pub roles: Vec<(Role, Verdict)>,
    /// Each right of the draft, in its order.
    pub rights: Vec<(String, Verdict)>,
    /// Each grant asked for, in its order.
    pub levels: Vec<Verdict>,
}

impl UserCopyVerdicts {
    /// The first refusal, if any: a copy is created whole or not at all.
    pub fn whole(&self) -> Verdict {
        self.create.clone()?;
        for (_, v) in &self.roles {
            v.clone()?;
        }
        for (_, v) in &self.rights {
            v.clone()?;
        }
        for v in &self.levels {
            v.clone()?;
        }
        Ok(())
    }
}

/// What of a unit group's copy the actor may make, part by part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCopyVerdicts {
    /// Creating a unit group in the source's account at all.
    pub create: Verdict,
    /// Each unit, in the order given.
    pub members: Vec<Verdict>,
    /// Each accessor's level, in the order given.
    pub accessors: Vec<Verdict>,
}

impl GroupCopyVerdicts {
    pub fn whole(&self) -> Verdict {
        self.create.clone()?;
        for v in self.members.iter().chain(&self.accessors) {
            v.clone()?;
        }
        Ok(())
    }
}

/// A login for a user not created yet: the one asked for, else one that is not the actor's (the
/// rules about one's own card must not apply to a new user).
fn login_to_be(actor: &Actor, wanted: Option<Login>) -> Login {
    let fallback = if actor.login().get() == MAX_LOGIN {
        MAX_LOGIN - 1
    } else {
        MAX_LOGIN
    };
    wanted.unwrap_or_else(|| Login::new(fallback).unwrap_or(actor.login()))
}

impl<L: Levels + ?Sized> Policy<'_, L> {
    /// May the actor create the user `d` in `dealer_id` with these grants (object, level)? The
    /// grants are judged for the user to be, holding the roles and rights the actor may give it,
    /// as `set_level` judges them (manage on the object, a grantee that reaches it; the actor
    /// will manage the new user).
    pub fn copy_user(&self, d: &UserDraft, dealer_id: i64, grants: &[(Obj, AccessLevel)]) -> UserCopyVerdicts {
        let create = self.create_users(dealer_id);
        let grantable = self.actor.grantable_roles();
        let roles: Vec<(Role, Verdict)> = d
            .roles
            .iter()
            .map(|r| {
                let v = if grantable.contains(r) {
                    create.clone()
                } else {
                    Err(super::Denied::from(super::Reason::RoleNotGrantable {
                        role: *r,
                        grantable: grantable.clone(),
                    })
                    .field("roles"))
                };
                (*r, v)
            })
            .collect();
        let rights: Vec<(String, Verdict)> = d
            .rights
            .iter()
            .map(|code| {
                let v = if self.actor.has(code) {
                    create.clone()
                } else {
                    Err(super::Denied::from(super::Reason::RightNotHeld { right: code.clone() }).field("rights"))
                };
                (code.clone(), v)
            })
            .collect();
        let to_be = User {
            login: login_to_be(self.actor, d.login),
            username: d.username.clone(),
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            patronymic: String::new(),
            position: String::new(),
            city: String::new(),
            country: String::new(),
            comments: String::new(),
            email: d.email.clone(),
            phone: String::new(),
            mobile: String::new(),
            dealer_id,
            dealer: String::new(),
            roles: roles.iter().filter(|(_, v)| v.is_ok()).map(|(r, _)| *r).collect(),
            rights: rights
                .iter()
                .filter(|(_, v)| v.is_ok())
                .map(|(r, _)| r.clone())
                .collect(),
            object_groups: vec![],
            login_allowed: d.login_allowed,
            source: Default::default(),
            language: d.language,
            version: 0,
            created_at: String::new(),
            updated_at: String::new(),
            object_id: NEW_ID,
            level: None,
            last_sign_in: None,
        };
        let creating = Creating::new(self.levels);
        let p = Policy::new(self.actor, &creating);
        let may = p.levels_of(&to_be);
        let levels = grants
            .iter()
            .map(|(o, l)| {
                create.clone()?;
                may.check_change(*o, AccessLevel::None, *l)
            })
            .collect();
        UserCopyVerdicts {
            create,
            roles,
            rights,
            levels,
        }
    }

    /// May the actor give `u` level `to` on `new`, an object it is creating (and will manage)?
    /// Its own level there it gets as the creator, never by a grant.
    pub fn grant_on_new(&self, new: Obj, u: &User, to: AccessLevel) -> Verdict {
        let creating = Creating::new(self.levels);
        let p = Policy::new(self.actor, &creating);
        let new = Obj { id: NEW_ID, ..new };
        p.levels_of(u).check_change(new, AccessLevel::None, to)
    }

    /// May the actor create a unit group like `source` (in its account, `account` as the actor
    /// sees it) holding these units and giving these users these levels?
    pub fn copy_group(
        &self,
        source: Obj,
        account: Option<Obj>,
        units: &[(i64, Option<Obj>)],
        accessors: &[(&User, AccessLevel)],
    ) -> GroupCopyVerdicts {
        let account_id = source.account_id.unwrap_or_default();
        let create = self
            .see_object(source)
            .map(|_| ())
            .and_then(|()| self.create_object(ObjectKind::UnitGroup, account_id, account));
        let group = Obj {
            id: NEW_ID,
            kind: ObjectKind::UnitGroup,
            account_id: source.account_id,
            name: source.name,
        };
        let members = units
            .iter()
            .map(|(id, u)| {
                create.clone()?;
                self.change_member(group, *id, *u)
            })
            .collect();
        let accessors = accessors
            .iter()
            .map(|(u, l)| {
                create.clone()?;
                self.grant_on_new(group, u, *l)
            })
            .collect();
        GroupCopyVerdicts {
            create,
            members,
            accessors,
        }
    }
}
