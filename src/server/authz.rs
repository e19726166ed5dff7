//! Who may do what with users: the server-side rules, as pure functions over the caller.
use super::error::ApiError;
use crate::api::Dealer;
use crate::domain::role::{effective_rights, grantable_by};
use crate::domain::{Role, User, UserDraft};
use std::collections::HashSet;

/// The authenticated caller, with what it may see.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub rights: HashSet<String>,
    /// Dealers whose users the caller may see (empty: only itself).
    pub dealers: HashSet<i64>,
}

/// `id` and all dealers below it.
pub fn descendants(all: &[Dealer], id: i64) -> HashSet<i64> {
    let mut out = HashSet::from([id]);
    loop {
        let before = out.len();
        for d in all {
            if d.parent_id.is_some_and(|p| out.contains(&p)) {
                out.insert(d.id);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

impl Caller {
    pub fn new(user: User, all_dealers: &[Dealer]) -> Self {
        let rights: HashSet<String> = effective_rights(&user.roles, &user.rights).into_iter().collect();
        let dealers = if user.roles.contains(&Role::Admin) {
            all_dealers.iter().map(|d| d.id).collect()
        } else if rights.contains("USERS_VIEW") {
            // A dealer manager sees its sub-dealers; others only with *View Sub-Dealer entities*.
            if user.roles.contains(&Role::DealerManager) || rights.contains("SUBDEALER_VIEW") {
                descendants(all_dealers, user.dealer_id)
            } else {
                HashSet::from([user.dealer_id])
            }
        } else {
            HashSet::new()
        };
        Caller { user, rights, dealers }
    }

    pub fn is_admin(&self) -> bool {
        self.user.roles.contains(&Role::Admin)
    }

    pub fn has(&self, right: &str) -> bool {
        self.rights.contains(right)
    }

    pub fn can_see_user(&self, u: &User) -> bool {
        u.login == self.user.login || self.dealers.contains(&u.dealer_id)
    }

    pub fn grantable_roles(&self) -> Vec<Role> {
        grantable_by(&self.user.roles)
    }

    fn check_rights_grantable(&self, rights: &[String], old: &[String]) -> Result<(), ApiError> {
        if self.is_admin() {
            return Ok(());
        }
        for r in rights.iter().filter(|r| !old.contains(r)) {
            if !self.has(r) {
                return Err(
                    ApiError::forbidden(format!("you cannot grant the right {r}: you do not hold it")).field("rights"),
                );
            }
        }
        for r in old.iter().filter(|r| !rights.contains(r)) {
            if !self.has(r) {
                return Err(
                    ApiError::forbidden(format!("you cannot take away the right {r}: you do not hold it"))
                        .field("rights"),
                );
            }
        }
        Ok(())
    }

    fn check_roles_grantable(&self, new: &[Role], old: &[Role]) -> Result<(), ApiError> {
        let g = self.grantable_roles();
        for r in new.iter().chain(old).filter(|r| new.contains(r) != old.contains(r)) {
            if !g.contains(r) {
                return Err(ApiError::forbidden(format!(
                    "you cannot give or take the role {r}{}",
                    if g.is_empty() {
                        String::new()
                    } else {
                        format!(" (you may grant {})", crate::domain::role::roles_text(&g))
                    }
                ))
                .field("roles"));
            }
        }
        Ok(())
    }

    /// May the caller create this user in this dealer?
    pub fn check_create(&self, d: &UserDraft, dealer_id: i64) -> Result<(), ApiError> {
        if !(self.is_admin() || self.user.roles.contains(&Role::DealerManager)) || !self.has("USERS_CREATE") {
            return Err(ApiError::forbidden(
                "you may not create users: that needs the DEALER_MANAGER role and the right Users — create",
            ));
        }
        if !self.is_admin() && dealer_id != self.user.dealer_id {
            return Err(
                ApiError::forbidden("a dealer manager creates users of its own dealer only").field("dealer_id"),
            );
        }
        self.check_roles_grantable(&d.roles, &[])?;
        self.check_rights_grantable(&d.rights, &[])
    }

    /// May the caller save `new` over `old`?
    pub fn check_update(&self, old: &User, new: &UserDraft) -> Result<(), ApiError> {
        let roles_changed = {
            let mut a = old.roles.clone();
            let mut b = new.roles.clone();
            a.sort();
            b.sort();
            b.dedup();
            a != b
        };
        let rights_changed = {
            let a: HashSet<&String> = old.rights.iter().collect();
            let b: HashSet<&String> = new.rights.iter().collect();
            a != b
        };
        let block_changed = old.login_allowed != new.login_allowed;
        if self.is_admin() {
            if old.login == self.user.login && (block_changed || (roles_changed && !new.roles.contains(&Role::Admin))) {
                return Err(ApiError::forbidden(
                    "you cannot block yourself or drop your own ADMIN role",
                ));
            }
            return Ok(());
        }
        if old.login == self.user.login {
            // Everyone may fix their own characteristics, but not raise their own power.
            if roles_changed || rights_changed || block_changed {
                return Err(ApiError::forbidden(
                    "you cannot change your own roles, rights or Login allowed",
                ));
            }
            return Ok(());
        }
        if !self.user.roles.contains(&Role::DealerManager) || !self.has("USERS_EDIT") {
            return Err(ApiError::forbidden(format!(
                "you may not edit user {}: that needs the DEALER_MANAGER role and the right Users — edit",
                old.login
            )));
        }
        if !self.dealers.contains(&old.dealer_id) {
            return Err(ApiError::forbidden(format!(
                "user {} belongs to another dealer",
                old.login
            )));
        }
        let g = self.grantable_roles();
        if let Some(r) = old.roles.iter().find(|r| !g.contains(r)) {
            return Err(ApiError::forbidden(format!(
                "user {} holds the role {r}, which only an administrator manages",
                old.login
            )));
        }
        if block_changed && !self.has("USERS_BLOCK") {
            return Err(ApiError::forbidden("blocking needs the right Users — block").field("login_allowed"));
        }
        self.check_roles_grantable(&new.roles, &old.roles)?;
        self.check_rights_grantable(&new.rights, &old.rights)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Login, Source};

    fn dealers() -> Vec<Dealer> {
        let d = |id, parent_id| Dealer {
            id,
            name: format!("d{id}"),
            parent_id,
            account_id: None,
        };
        vec![d(1, None), d(2, None), d(3, Some(2)), d(4, Some(3)), d(5, None)]
    }

    fn user(login: u16, dealer_id: i64, roles: Vec<Role>) -> User {
        User {
            login: Login::new(login).unwrap(),
            username: "u".into(),
            first_name: "f".into(),
            last_name: "l".into(),
            patronymic: String::new(),
            position: String::new(),
            city: String::new(),
            country: String::new(),
            comments: String::new(),
            email: "a@b.cc".into(),
            phone: String::new(),
            mobile: String::new(),
            dealer_id,
            dealer: String::new(),
            roles,
            rights: vec![],
            object_groups: vec![],
            login_allowed: true,
            source: Source::Ls,
            language: Default::default(),
            version: 1,
            created_at: String::new(),
            updated_at: String::new(),
            object_id: 0,
        }
    }

    #[test]
    fn visibility() {
        let all = dealers();
        assert_eq!(descendants(&all, 2), HashSet::from([2, 3, 4]));
        let m = Caller::new(user(2, 2, vec![Role::DealerManager]), &all);
        assert_eq!(m.dealers, HashSet::from([2, 3, 4]));
        let du = Caller::new(user(3, 2, vec![Role::DealerUser]), &all);
        assert_eq!(du.dealers, HashSet::from([2]));
        let mut u = user(4, 2, vec![Role::DealerUser]);
        u.rights = vec!["SUBDEALER_VIEW".into()];
        assert_eq!(Caller::new(u, &all).dealers, HashSet::from([2, 3, 4]));
        let c = Caller::new(user(5, 2, vec![Role::Client]), &all);
        assert!(c.dealers.is_empty());
        assert!(c.can_see_user(&user(5, 2, vec![Role::Client])));
        assert!(!c.can_see_user(&user(6, 2, vec![Role::Client])));
    }

    #[test]
    fn manager_creates_lower_roles_of_own_dealer() {
        let all = dealers();
        let m = Caller::new(user(2, 2, vec![Role::DealerManager]), &all);
        let mut d = UserDraft {
            roles: vec![Role::Client],
            ..Default::default()
        };
        assert!(m.check_create(&d, 2).is_ok());
        assert_eq!(m.check_create(&d, 3).unwrap_err().status.as_u16(), 403);
        d.roles = vec![Role::DealerManager];
        assert!(m.check_create(&d, 2).unwrap_err().message.contains("DEALER_MANAGER"));
        let du = Caller::new(user(3, 2, vec![Role::DealerUser]), &all);
        d.roles = vec![Role::Client];
        assert!(du.check_create(&d, 2).is_err());
    }

    #[test]
    fn updates() {
        let all = dealers();
        let m = Caller::new(user(2, 2, vec![Role::DealerManager]), &all);
        let target = user(10, 3, vec![Role::DealerUser]);
        let mut d = UserDraft::from(&target);
        d.first_name = "New".into();
        assert!(m.check_update(&target, &d).is_ok(), "manager edits a sub-dealer's user");
        d.login_allowed = false;
        assert!(m.check_update(&target, &d).is_ok(), "manager blocks");
        d.roles = vec![Role::Admin];
        assert!(m.check_update(&target, &d).is_err());
        let other = user(11, 5, vec![Role::DealerUser]);
        assert!(m.check_update(&other, &UserDraft::from(&other)).is_err());
        // self edit: characteristics yes, roles no
        let me = m.user.clone();
        let mut sd = UserDraft::from(&me);
        sd.city = "Omsk".into();
        assert!(m.check_update(&me, &sd).is_ok());
        sd.roles.push(Role::Admin);
        assert!(m.check_update(&me, &sd).is_err());
        // a dealer user cannot edit others
        let du = Caller::new(user(3, 2, vec![Role::DealerUser]), &all);
        assert!(du.check_update(&target, &UserDraft::from(&target)).is_err());
    }
}
