//! Users: the list, cards, creation and copies, assessments and API access.
use super::{Client, ClientError};
use crate::types::*;
use ls_domain::{Column, Login, Order, User, UserDraft};

/// Masks and sort for `GET /api/users`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserQuery {
    pub masks: Vec<(Column, String)>,
    pub sort: Option<Column>,
    pub order: Option<Order>,
}

impl UserQuery {
    fn params(&self) -> Vec<(String, String)> {
        let mut p: Vec<(String, String)> = self
            .masks
            .iter()
            .filter(|(_, m)| !m.is_empty())
            .map(|(c, m)| (format!("mask.{}", c.key()), m.clone()))
            .collect();
        if let Some(s) = self.sort {
            p.push(("sort".into(), s.key().into()));
        }
        if let Some(o) = self.order {
            p.push((
                "order".into(),
                match o {
                    Order::Asc => "asc",
                    Order::Desc => "desc",
                }
                .into(),
            ));
        }
        p
    }
}

impl Client {
    pub async fn users(&self, q: &UserQuery) -> Result<UsersPage, ClientError> {
        self.send(self.http.get(self.url("/api/users")).query(&q.params()))
            .await
    }
    /// What changed in the whole users list after `revision` (`UsersPage::since` set), or the
    /// whole list when the server cannot tell (then `since` is absent): `apply_to` does either.
    pub async fn users_since(&self, revision: i64) -> Result<UsersPage, ClientError> {
        self.send(self.http.get(self.url("/api/users")).query(&[("since", revision)]))
            .await
    }
    pub async fn user(&self, login: Login) -> Result<User, ClientError> {
        self.get(&format!("/api/users/{login}")).await
    }
    pub async fn create_user(&self, d: &UserDraft) -> Result<CreatedUser, ClientError> {
        self.post("/api/users", d).await
    }
    /// Creates a user like `source` with the grants chosen from its own, all or nothing.
    pub async fn copy_user(&self, source: Login, c: &UserCopy) -> Result<CreatedUser, ClientError> {
        self.post(&format!("/api/users/{source}/copy"), c).await
    }
    /// Saves a user; `version` is the one the draft was made from (409 when someone saved since).
    pub async fn update_user(&self, login: Login, version: i64, d: &UserDraft) -> Result<User, ClientError> {
        self.send(
            self.http
                .put(self.url(&format!("/api/users/{login}")))
                .header("If-Match", version.to_string())
                .json(d),
        )
        .await
    }
    pub async fn assessments(&self, login: Login) -> Result<Vec<Assessment>, ClientError> {
        self.get(&format!("/api/users/{login}/assessments")).await
    }
    pub async fn api_access(&self, login: Login) -> Result<ApiAccess, ClientError> {
        self.get(&format!("/api/users/{login}/api-access")).await
    }
    pub async fn renew_token(&self, login: Login) -> Result<NewToken, ClientError> {
        self.send(self.http.post(self.url(&format!("/api/users/{login}/api-token"))))
            .await
    }
}
