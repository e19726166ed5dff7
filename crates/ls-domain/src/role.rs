//! Roles: the access levels for dealers, their default rights, and who may grant which.
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    Admin,
    DealerManager,
    DealerUser,
    Client,
    SubDealer,
    Aggregator,
}

const SUB_DEALER_RIGHTS: &[&str] = &[
    "OBJECTS_VIEW",
    "DEALER_VIEW",
    "LICENSES_GENERATE",
    "REPORTS_EXPIRING",
    "REPORTS_CHECK_KEYS",
    "LICENSES_SOS",
];
const DEALER_USER_RIGHTS: &[&str] = &[
    "USERS_VIEW",
    "OBJECTS_VIEW",
    "OBJECTS_CREATE",
    "OBJECTS_EDIT",
    "CORPORATIONS_CREATE",
    "REPORTS_VIEW",
    "REPORTS_EXPIRING",
    "REPORTS_CHECK_KEYS",
    "KEYS_CHECK",
    "DEALER_VIEW",
];
const CLIENT_RIGHTS: &[&str] = &["OBJECTS_VIEW", "KEYS_CHECK"];
const MANAGER_OWN_RIGHTS: &[&str] = &[
    "USERS_CREATE",
    "USERS_EDIT",
    "USERS_BLOCK",
    "SUBDEALER_VIEW",
    "CONTRACTS_MANAGE",
    "ACCESS_MANAGE",
];
const AGGREGATOR_RIGHTS: &[&str] = &["OBJECTS_VIEW", "AGGREGATOR_LICENSES"];

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::DealerManager,
        Role::DealerUser,
        Role::Client,
        Role::SubDealer,
        Role::Aggregator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "ADMIN",
            Role::DealerManager => "DEALER_MANAGER",
            Role::DealerUser => "DEALER_USER",
            Role::Client => "CLIENT",
            Role::SubDealer => "SUB_DEALER",
            Role::Aggregator => "AGGREGATOR",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Role::Admin => "the vendor's service manager: everything, all dealers",
            Role::DealerManager => {
                "highest dealer level: all lower rights, creates users of its dealer, sees its sub-dealers"
            }
            Role::DealerUser => "creates objects and corporations, views reports; cannot create users",
            Role::Client => "views object cards and the status of keys and licenses only",
            Role::SubDealer => "views object cards and dealer data, generates licenses and SOS licenses, two reports",
            Role::Aggregator => "integrator through White Server: API access and aggregator licenses",
        }
    }

    /// The rights a role brings by default. `ADMIN` holds every right of the catalog.
    pub fn default_rights(self) -> Vec<&'static str> {
        match self {
            Role::Admin => super::rights::catalog().iter().map(|r| r.code.as_str()).collect(),
            Role::DealerManager => {
                let mut v: Vec<&'static str> = Vec::new();
                for r in DEALER_USER_RIGHTS
                    .iter()
                    .chain(CLIENT_RIGHTS)
                    .chain(SUB_DEALER_RIGHTS)
                    .chain(MANAGER_OWN_RIGHTS)
                {
                    if !v.contains(r) {
                        v.push(r);
                    }
                }
                v
            }
            Role::DealerUser => DEALER_USER_RIGHTS.to_vec(),
            Role::Client => CLIENT_RIGHTS.to_vec(),
            Role::SubDealer => SUB_DEALER_RIGHTS.to_vec(),
            Role::Aggregator => AGGREGATOR_RIGHTS.to_vec(),
        }
    }

    /// Roles a holder of `self` may give to users it creates or edits.
    pub fn grantable(self) -> &'static [Role] {
        match self {
            Role::Admin => &Role::ALL,
            Role::DealerManager => &[Role::DealerUser, Role::Client, Role::SubDealer],
            _ => &[],
        }
    }

    /// Whether a holder of this role may see other users' data at all: managers and admins.
    pub fn manages_users(self) -> bool {
        matches!(self, Role::Admin | Role::DealerManager)
    }
}

/// Roles any of `viewer_roles` may grant.
pub fn grantable_by(viewer_roles: &[Role]) -> Vec<Role> {
    let mut v: Vec<Role> = viewer_roles
        .iter()
        .flat_map(|r| r.grantable().iter().copied())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The effective rights: the union of the roles' defaults and the rights granted on the card.
pub fn effective_rights(roles: &[Role], granted: &[String]) -> Vec<String> {
    let mut v: Vec<String> = roles
        .iter()
        .flat_map(|r| r.default_rights())
        .map(str::to_string)
        .chain(granted.iter().cloned())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Roles joined for display and for the `roles` column's mask.
pub fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_uppercase().replace(['-', ' '], "_");
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == t)
            .ok_or_else(|| format!("unknown role '{s}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manager_has_all_lower_rights() {
        let m = Role::DealerManager.default_rights();
        for lower in [Role::DealerUser, Role::Client, Role::SubDealer] {
            for r in lower.default_rights() {
                assert!(m.contains(&r), "{r} of {lower} missing from DEALER_MANAGER");
            }
        }
        assert!(m.contains(&"USERS_CREATE"));
        assert!(!Role::DealerUser.default_rights().contains(&"USERS_CREATE"));
    }

    #[test]
    fn default_rights_exist_in_catalog() {
        for role in Role::ALL {
            for r in role.default_rights() {
                assert!(super::super::rights::is_known(r), "{role}: {r}");
            }
        }
        assert_eq!(
            Role::Admin.default_rights().len(),
            super::super::rights::catalog().len()
        );
    }

    #[test]
    fn grants() {
        assert_eq!(
            grantable_by(&[Role::DealerManager]),
            vec![Role::DealerUser, Role::Client, Role::SubDealer]
        );
        assert!(grantable_by(&[Role::DealerUser]).is_empty());
        assert_eq!(grantable_by(&[Role::Admin]).len(), 6);
    }

    #[test]
    fn parse_and_serde() {
        assert_eq!("dealer_manager".parse::<Role>(), Ok(Role::DealerManager));
        assert_eq!("Sub-Dealer".parse::<Role>(), Ok(Role::SubDealer));
        assert!("boss".parse::<Role>().is_err());
        assert_eq!(serde_json::to_string(&Role::SubDealer).unwrap(), "\"SUB_DEALER\"");
    }

    #[test]
    fn effective_union() {
        let e = effective_rights(&[Role::Client], &["REPORTS_EXPIRING".into()]);
        assert!(e.contains(&"KEYS_CHECK".to_string()) && e.contains(&"REPORTS_EXPIRING".to_string()));
    }
}
