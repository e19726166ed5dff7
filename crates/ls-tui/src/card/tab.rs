//! The card's tabs: order, numbers, names.
use ls_core::t;

/// The card's tabs, in the order they are shown and numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    General,
    Rights,
    Groups,
    Access,
    Assessment,
    Api,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::General,
        Tab::Rights,
        Tab::Groups,
        Tab::Access,
        Tab::Assessment,
        Tab::Api,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The tab numbered `n` (from 1), as the digit keys reach them.
    pub fn numbered(n: usize) -> Option<Tab> {
        n.checked_sub(1).and_then(|i| Self::ALL.get(i).copied())
    }

    pub fn title(self) -> String {
        match self {
            Tab::General => t!("card-tab-general"),
            Tab::Rights => t!("card-tab-rights"),
            Tab::Groups => t!("card-tab-groups"),
            Tab::Access => t!("card-tab-access"),
            Tab::Assessment => t!("card-tab-assessment"),
            Tab::Api => t!("card-tab-api"),
        }
    }

    /// The name in fewer columns, for terminals too narrow for the full names (80×24 and less).
    pub fn short(self) -> String {
        match self {
            Tab::General => t!("card-tab-general-short"),
            Tab::Rights => t!("card-tab-rights-short"),
            Tab::Groups => t!("card-tab-groups-short"),
            Tab::Access => t!("card-tab-access-short"),
            Tab::Assessment => t!("card-tab-assessment-short"),
            Tab::Api => t!("card-tab-api-short"),
        }
    }
}
