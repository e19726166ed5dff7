//! The card's tabs: order, numbers, names.

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

    pub fn title(self) -> &'static str {
        match self {
            Tab::General => "General",
            Tab::Rights => "Roles & rights",
            Tab::Groups => "Object groups",
            Tab::Access => "Access to objects",
            Tab::Assessment => "Assessment",
            Tab::Api => "API access",
        }
    }

    /// The name in fewer columns, for terminals too narrow for the full names (80×24 and less).
    pub fn short(self) -> &'static str {
        match self {
            Tab::General => "General",
            Tab::Rights => "Roles",
            Tab::Groups => "Groups",
            Tab::Access => "Access",
            Tab::Assessment => "Assessment",
            Tab::Api => "API",
        }
    }
}
