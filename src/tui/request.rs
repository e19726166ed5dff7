//! What the console asks of the outside world, and the answers. Each request carries an id the
//! app gave it; its answer comes back with the same id, to the room that asked (or nowhere, if
//! that room is gone). The runner performs them; nothing here decides anything.
use crate::api::{
    AccessChange, AccessPage, Accessor, AccessorChange, ApiAccess, Assessment, Client, ClientError, CreatedUser,
    Dealer, Me, NewToken, ObjectDetail, ObjectsPage, UserQuery, UsersPage,
};
use crate::domain::{Login, User, UserDraft};
use std::path::PathBuf;

/// A request's id: unique for the console's run.
pub type ReqId = u64;

/// Something to ask the service (or the disk).
#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    Me,
    Dealers,
    Users,
    User(Login),
    Assessments(Login),
    SaveUser {
        login: Login,
        version: i64,
        draft: UserDraft,
    },
    CreateUser(UserDraft),
    Objects,
    Access(Login),
    SaveAccess {
        login: Login,
        changes: Vec<AccessChange>,
    },
    ObjectCard(i64),
    SaveAccessors {
        object_id: i64,
        changes: Vec<AccessorChange>,
    },
    ApiAccess(Login),
    RenewToken(Login),
    ExportUsers {
        path: PathBuf,
        users: Vec<User>,
    },
    ExportRights {
        path: PathBuf,
    },
}

impl Req {
    /// The answer a write gets when it is not sent (`why`: the policy's refusal), as the room
    /// that asked would get a 403 from the service: its own error path clears its saving state.
    /// `None` for a read.
    pub fn refused(self, why: String) -> Option<Reply> {
        let e = || ClientError::Api {
            status: 403,
            code: crate::api::ErrorCode::Forbidden,
            message: why.clone(),
            field: None,
        };
        Some(match self {
            Req::SaveUser { .. } => Reply::Saved(Err(e())),
            Req::CreateUser(_) => Reply::Created(Err(e())),
            Req::SaveAccess { login, .. } => Reply::AccessSaved(login, Err(e())),
            Req::SaveAccessors { object_id, .. } => Reply::AccessorsSaved(object_id, Err(e())),
            Req::RenewToken(l) => Reply::Renewed(l, Err(e())),
            _ => return None,
        })
    }

    /// Whether sending it changes something on the service (a read-only session never does).
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Req::SaveUser { .. }
                | Req::CreateUser(_)
                | Req::SaveAccess { .. }
                | Req::SaveAccessors { .. }
                | Req::RenewToken(_)
        )
    }
}

/// The answer to a [`Req`].
#[derive(Debug)]
pub enum Reply {
    Me(Result<Me, ClientError>),
    Dealers(Result<Vec<Dealer>, ClientError>),
    Users(Result<UsersPage, ClientError>),
    User(Result<User, ClientError>),
    Assessments(Login, Result<Vec<Assessment>, ClientError>),
    Saved(Result<User, ClientError>),
    Created(Result<CreatedUser, ClientError>),
    Objects(Result<ObjectsPage, ClientError>),
    Access(Login, Result<AccessPage, ClientError>),
    AccessSaved(Login, Result<AccessPage, ClientError>),
    ObjectCard(Result<(ObjectDetail, Vec<Accessor>), ClientError>),
    AccessorsSaved(i64, Result<Vec<Accessor>, ClientError>),
    ApiAccess(Login, Result<ApiAccess, ClientError>),
    Renewed(Login, Result<NewToken, ClientError>),
    /// A file written: its path and what it holds ("12 users").
    Exported(Result<(PathBuf, String), String>),
}

/// Performs one request.
pub async fn perform(client: &Client, req: Req) -> Reply {
    match req {
        Req::Me => Reply::Me(client.me().await),
        Req::Dealers => Reply::Dealers(client.dealers().await),
        Req::Users => Reply::Users(client.users(&UserQuery::default()).await),
        Req::User(l) => Reply::User(client.user(l).await),
        Req::Assessments(l) => Reply::Assessments(l, client.assessments(l).await),
        Req::SaveUser { login, version, draft } => Reply::Saved(client.update_user(login, version, &draft).await),
        Req::CreateUser(draft) => Reply::Created(client.create_user(&draft).await),
        Req::Objects => Reply::Objects(client.objects(None, "", None).await),
        Req::Access(l) => Reply::Access(l, client.access(l, "").await),
        Req::SaveAccess { login, changes } => Reply::AccessSaved(login, client.set_access(login, changes).await),
        Req::ObjectCard(id) => {
            let r = match client.object(id).await {
                Ok(d) => client.accessors(id).await.map(|a| (d, a)),
                Err(e) => Err(e),
            };
            Reply::ObjectCard(r)
        }
        Req::SaveAccessors { object_id, changes } => {
            Reply::AccessorsSaved(object_id, client.set_accessors(object_id, changes).await)
        }
        Req::ApiAccess(l) => Reply::ApiAccess(l, client.api_access(l).await),
        Req::RenewToken(l) => Reply::Renewed(l, client.renew_token(l).await),
        Req::ExportRights { path } => {
            let r = tokio::task::spawn_blocking(move || {
                let cat = crate::domain::rights::catalog();
                crate::export::rights_xlsx(&path, cat)
                    .map(|_| (path, format!("{} rights", cat.len())))
                    .map_err(|e| e.to_string())
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            Reply::Exported(r)
        }
        Req::ExportUsers { path, users } => {
            let r = tokio::task::spawn_blocking(move || {
                let refs: Vec<_> = users.iter().collect();
                crate::export::users_xlsx(&path, &refs)
                    .map(|_| (path, format!("{} users", refs.len())))
                    .map_err(|e| e.to_string())
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            Reply::Exported(r)
        }
    }
}
