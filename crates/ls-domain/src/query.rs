//! The users list's columns, per-column masks and sorting: one implementation for the server,
//! the CLI and the console, so they always show the same rows.
use super::role::roles_text;
use super::user::User;
use super::wildcard::{fold_str, Mask};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    #[default]
    Login,
    Username,
    Roles,
    Dealer,
    Email,
    Phone,
    Mobile,
    Source,
    /// The last successful sign-in (`never`); filtered by age with `>90d`, `<7d`.
    LastSignIn,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Login,
        Column::Username,
        Column::Roles,
        Column::Dealer,
        Column::Email,
        Column::Phone,
        Column::Mobile,
        Column::Source,
        Column::LastSignIn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Column::Login => "login",
            Column::Username => "username",
            Column::Roles => "roles",
            Column::Dealer => "dealer",
            Column::Email => "email",
            Column::Phone => "phone",
            Column::Mobile => "mobile",
            Column::Source => "source",
            Column::LastSignIn => "last_sign_in",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Column::Login => "Login",
            Column::Username => "Username",
            Column::Roles => "Roles",
            Column::Dealer => "Dealer",
            Column::Email => "Email",
            Column::Phone => "Phone",
            Column::Mobile => "Mobile",
            Column::Source => "Source",
            Column::LastSignIn => "Last sign-in",
        }
    }

    pub fn index(self) -> usize {
        Column::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// The cell text as shown and as masks see it.
    pub fn text(self, u: &User) -> String {
        match self {
            Column::Login => u.login.to_string(),
            Column::Username => u.username.clone(),
            Column::Roles => roles_text(&u.roles),
            Column::Dealer => u.dealer.clone(),
            Column::Email => u.email.clone(),
            Column::Phone => u.phone.clone(),
            Column::Mobile => u.mobile.clone(),
            Column::Source => u.source.as_str().to_string(),
            // `2026-11-23T10:00:05Z` as `2026-11-23 10:00`: what the age filters compare.
            Column::LastSignIn => match &u.last_sign_in {
                Some(t) => t.replace('T', " ").chars().take(16).collect(),
                None => "never".into(),
            },
        }
    }
}

impl FromStr for Column {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Column::ALL.into_iter().find(|c| c.key() == t).ok_or_else(|| {
            format!(
                "unknown column '{s}' (one of: {})",
                Column::ALL.map(|c| c.key()).join(", ")
            )
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    #[default]
    Asc,
    Desc,
}

impl FromStr for Order {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "asc" => Ok(Order::Asc),
            "desc" => Ok(Order::Desc),
            o => Err(format!("unknown order '{o}' (asc, desc)")),
        }
    }
}

/// Users with each column's folded text precomputed, so a keystroke only compares strings.
#[derive(Debug, Clone, Default)]
pub struct UserIndex {
    pub users: Vec<User>,
    folded: Vec<[String; Column::ALL.len()]>,
}

impl UserIndex {
    pub fn new(users: Vec<User>) -> Self {
        let folded = users
            .iter()
            .map(|u| Column::ALL.map(|c| fold_str(&c.text(u))))
            .collect();
        UserIndex { users, folded }
    }

    pub fn len(&self) -> usize {
        self.users.len()
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// Indices of the users every mask matches (AND over columns).
    pub fn filter(&self, masks: &[(Column, Mask)]) -> Vec<usize> {
        let active: Vec<&(Column, Mask)> = masks.iter().filter(|(_, m)| !m.is_empty()).collect();
        (0..self.users.len())
            .filter(|&i| active.iter().all(|(c, m)| m.matches_folded(&self.folded[i][c.index()])))
            .collect()
    }

    /// Narrows an earlier result when the masks only got stricter (the user typed one more
    /// character): the new set is a subset of the old one.
    pub fn refine(&self, prev: &[usize], masks: &[(Column, Mask)]) -> Vec<usize> {
        let active: Vec<&(Column, Mask)> = masks.iter().filter(|(_, m)| !m.is_empty()).collect();
        prev.iter()
            .copied()
            .filter(|&i| active.iter().all(|(c, m)| m.matches_folded(&self.folded[i][c.index()])))
            .collect()
    }

    /// Sorts row indices by a column; ties fall back to the login so the order is stable.
    pub fn sort(&self, rows: &mut [usize], col: Column, order: Order) {
        rows.sort_by(|&a, &b| {
            let ua = &self.users[a];
            let ub = &self.users[b];
            let o = match col {
                Column::Login => ua.login.cmp(&ub.login),
                c => self.folded[a][c.index()]
                    .cmp(&self.folded[b][c.index()])
                    .then_with(|| ua.login.cmp(&ub.login)),
            };
            match order {
                Order::Asc => o,
                Order::Desc => o.reverse(),
            }
        });
    }
}

/// Filters and sorts in one call: what `GET /api/users` and the CLI do.
pub fn query<U: std::borrow::Borrow<User>>(
    users: Vec<U>,
    masks: &[(Column, String)],
    sort: Column,
    order: Order,
) -> Vec<U> {
    // Only the columns a mask or the sort needs are folded: the common "no mask, by login" case
    // folds nothing.
    let compiled: Vec<(Column, Mask)> = masks
        .iter()
        .map(|(c, m)| (*c, Mask::new(m)))
        .filter(|(_, m)| !m.is_empty())
        .collect();
    let mut keep: Vec<(Option<String>, U)> = users
        .into_iter()
        .filter(|u| compiled.iter().all(|(c, m)| m.matches(&c.text(u.borrow()))))
        .map(|u| ((sort != Column::Login).then(|| fold_str(&sort.text(u.borrow()))), u))
        .collect();
    keep.sort_by(|(ka, a), (kb, b)| {
        let o = ka.cmp(kb).then_with(|| a.borrow().login.cmp(&b.borrow().login));
        match order {
            Order::Asc => o,
            Order::Desc => o.reverse(),
        }
    });
    keep.into_iter().map(|(_, u)| u).collect()
}

/// Compares two users by a column, as the sort does (for tests and callers without an index).
pub fn compare(a: &User, b: &User, col: Column) -> Ordering {
    match col {
        Column::Login => a.login.cmp(&b.login),
        c => fold_str(&c.text(a))
            .cmp(&fold_str(&c.text(b)))
            .then_with(|| a.login.cmp(&b.login)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Login, Role, Source};

    fn user(n: u16, name: &str, email: &str, roles: Vec<Role>) -> User {
        User {
            login: Login::new(n).unwrap(),
            username: name.into(),
            first_name: "F".into(),
            last_name: "L".into(),
            patronymic: String::new(),
            position: String::new(),
            city: String::new(),
            country: String::new(),
            comments: String::new(),
            email: email.into(),
            phone: String::new(),
            mobile: String::new(),
            dealer_id: 1,
            dealer: "Alpha".into(),
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
            level: None,
            last_sign_in: None,
        }
    }

    #[test]
    fn filter_and_sort() {
        let us = vec![
            user(3, "Test4", "t4@x.io", vec![Role::DealerUser]),
            user(1, "Иванов", "iv@x.io", vec![Role::Client]),
            user(2, "test40", "t40@y.io", vec![Role::DealerManager]),
        ];
        let r = query(
            us.clone(),
            &[(Column::Username, "test4".into())],
            Column::Login,
            Order::Asc,
        );
        assert_eq!(r.iter().map(|u| u.login.get()).collect::<Vec<_>>(), vec![2, 3]);
        let r = query(
            us.clone(),
            &[(Column::Username, "test4".into()), (Column::Email, "*@x.io".into())],
            Column::Login,
            Order::Asc,
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].username, "Test4");
        let r = query(us.clone(), &[], Column::Username, Order::Desc);
        assert_eq!(r[0].username, "Иванов");
        let r = query(
            us.clone(),
            &[(Column::Roles, "DEALER_*".into())],
            Column::Username,
            Order::Asc,
        );
        assert_eq!(r.len(), 2);
        let r = query(us, &[(Column::Login, "000?".into())], Column::Login, Order::Desc);
        assert_eq!(r.iter().map(|u| u.login.get()).collect::<Vec<_>>(), vec![3, 2, 1]);
    }

    #[test]
    fn refine_equals_filter() {
        let us: Vec<User> = (1..200)
            .map(|i| user(i, &format!("user{i}"), "a@b.cc", vec![Role::Client]))
            .collect();
        let idx = UserIndex::new(us);
        let m1 = vec![(Column::Username, Mask::new("user1"))];
        let m2 = vec![(Column::Username, Mask::new("user12"))];
        let first = idx.filter(&m1);
        assert_eq!(idx.refine(&first, &m2), idx.filter(&m2));
    }

    #[test]
    fn columns_parse() {
        assert_eq!("EMAIL".parse::<Column>(), Ok(Column::Email));
        assert!("bogus".parse::<Column>().unwrap_err().contains("login, username"));
    }
}
