//! The levels a role gives, decided here once: how a DEALER_MANAGER comes to work with its
//! dealer's data without a grant (the seeds: it "can create Dealer user and Client users" and
//! "can view the objects, requests, and users of their sub-dealer").
use crate::access::{AccessLevel, RoleLevels};
use crate::dealer::DealerTree;
use crate::role::Role;

impl RoleLevels {
    /// The levels `roles` give a user of `dealer_id`:
    /// - DEALER_MANAGER: `edit` on its dealer's account — the least level that creates users
    ///   and objects in it and edits them (so every object and user of the dealer); `manage`
    ///   (setting others' access) stays a grant, the service manager's to give;
    /// - DEALER_MANAGER: `view` on the account of every dealer below its own (the seeds' "views
    ///   the objects, requests and users of its sub-dealers"; seeing, not changing).
    ///
    /// Never stored: taking the role takes them. ADMIN needs none (it manages everything).
    pub fn of(roles: &[Role], dealer_id: i64, tree: &DealerTree) -> RoleLevels {
        let mut r = RoleLevels::default();
        if !roles.contains(&Role::DealerManager) {
            return r;
        }
        for d in tree.below(dealer_id) {
            let Some(account) = tree.account_of(d) else { continue };
            let level = if d == dealer_id {
                AccessLevel::Edit
            } else {
                AccessLevel::View
            };
            r.give(account, Role::DealerManager, level);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dealer::Dealer;

    #[test]
    fn a_manager_edits_its_dealer_and_views_the_dealers_below() {
        let d = |id, parent_id, account_id| Dealer {
            id,
            name: format!("d{id}"),
            parent_id,
            account_id: Some(account_id),
            level: None,
        };
        let tree = DealerTree::new(&[d(1, None, 10), d(2, Some(1), 20), d(3, Some(2), 30), d(4, None, 40)]);
        let m = RoleLevels::of(&[Role::DealerManager], 1, &tree);
        assert_eq!(m.on(10), Some((Role::DealerManager, AccessLevel::Edit)));
        assert_eq!(m.on(20), Some((Role::DealerManager, AccessLevel::View)));
        assert_eq!(m.on(30), Some((Role::DealerManager, AccessLevel::View)));
        assert_eq!(m.on(40), None, "another dealer's account");
        let sub = RoleLevels::of(&[Role::DealerManager], 2, &tree);
        assert_eq!(sub.on(10), None, "not the dealer above");
        assert_eq!(sub.on(20), Some((Role::DealerManager, AccessLevel::Edit)));
        for roles in [
            vec![Role::DealerUser],
            vec![Role::Client, Role::SubDealer],
            vec![Role::Admin],
        ] {
            assert!(RoleLevels::of(&roles, 1, &tree).is_empty(), "{roles:?}");
        }
    }
}
