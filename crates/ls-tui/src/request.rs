//! What the console asks of the outside world, and the answers. Each request carries an id the
//! app gave it; its answer comes back with the same id, to the room that asked (or nowhere, if
//! that room is gone). The runner performs them; nothing here decides anything.
use ls_core::api::{
    AccessChange, AccessEntry, AccessPage, Accessor, AccessorChange, ApiAccess, Assessment, AuditEntry, AuditPage,
    AuditQuery, Client, ClientError, CreatedUser, DealerInfo, Me, NewObject, NewToken, Object, ObjectDetail,
    ObjectsPage, RevertPlan, UserCopy, UserQuery, UsersPage,
};
use ls_core::copy::DiffApply;
use ls_core::domain::{Login, User, UserDraft};
use std::path::PathBuf;

/// A request's id: unique for the console's run.
pub type ReqId = u64;

/// Something to ask the service (or the disk).
#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    Me,
    Dealers,
    Users,
    /// What changed in the users list after a revision (or the whole list if the server says).
    UsersSince(i64),
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
    /// Signs in as `login` with `password` and `token` (never printed): a USR header made from
    /// them is handed out only when the service takes them.
    CheckUsr {
        login: Login,
        password: super::msg::Password,
        token: super::msg::Password,
    },
    ExportUsers {
        path: PathBuf,
        users: Vec<User>,
    },
    ExportRights {
        path: PathBuf,
    },
    /// A user to copy, with its access page.
    CopySource(Login),
    /// A new user like `source`, with the grants planned.
    CopyUser {
        source: Login,
        copy: UserCopy,
    },
    /// Two users to compare, each with its access page.
    Compare(Login, Login),
    /// A diff applied to one user: its card, then its levels.
    ApplyDiff(DiffApply),
    /// A unit group's copy.
    CreateObject(NewObject),
    /// A page of the audit log.
    Audit(AuditQuery),
    /// The plan of reverting a change (nothing written).
    RevertPlan(i64),
    /// A change reverted, as the plan shown named it.
    Revert {
        change: i64,
        plan: String,
    },
}

impl Req {
    /// The answer a write gets when it is not sent (`why`: the policy's refusal), as the room
    /// that asked would get a 403 from the service: its own error path clears its saving state.
    /// `None` for a read.
    pub fn refused(self, why: String) -> Option<Reply> {
        let e = || ClientError::Api {
            status: 403,
            code: ls_core::api::ErrorCode::Forbidden,
            message: why.clone(),
            field: None,
        };
        Some(match self {
            Req::SaveUser { .. } => Reply::Saved(Err(e())),
            Req::CreateUser(_) => Reply::Created(Err(e())),
            Req::SaveAccess { login, .. } => Reply::AccessSaved(login, Err(e())),
            Req::SaveAccessors { object_id, .. } => Reply::AccessorsSaved(object_id, Err(e())),
            Req::RenewToken(l) => Reply::Renewed(l, Err(e())),
            Req::CopyUser { .. } => Reply::Created(Err(e())),
            Req::ApplyDiff(d) => Reply::DiffApplied(d.login, Err(e())),
            Req::CreateObject(_) => Reply::ObjectCreated(Err(e())),
            Req::Revert { change, .. } => Reply::Reverted(change, Err(e())),
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
                | Req::CopyUser { .. }
                | Req::ApplyDiff(_)
                | Req::CreateObject(_)
                | Req::Revert { .. }
        )
    }
}

/// The answer to a [`Req`].
#[derive(Debug)]
pub enum Reply {
    Me(Result<Me, ClientError>),
    /// The dealers, each with its user quota and its users.
    Dealers(Result<Vec<DealerInfo>, ClientError>),
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
    /// The USR header for `login`, once the service took its credentials.
    UsrChecked(Login, Result<super::msg::Password, ClientError>),
    /// A file written: its path and what it holds ("12 users").
    Exported(Result<(PathBuf, usize), String>),
    CopySource(Login, Result<(User, Vec<AccessEntry>), ClientError>),
    Compare(Result<Box<Compared>, ClientError>),
    /// What was written ("3 roles and rights, 5 levels").
    DiffApplied(Login, Result<Applied, ClientError>),
    ObjectCreated(Result<Object, ClientError>),
    Audit(Result<AuditPage, ClientError>),
    RevertPlan(i64, Result<RevertPlan, ClientError>),
    Reverted(i64, Result<RevertPlan, ClientError>),
}

/// Two users and their access pages, as compared.
#[derive(Debug)]
pub struct Compared {
    pub a: (User, Vec<AccessEntry>),
    pub b: (User, Vec<AccessEntry>),
}

async fn with_access(client: &Client, l: Login) -> Result<(User, Vec<AccessEntry>), ClientError> {
    let u = client.user(l).await?;
    Ok((u, client.access(l, "").await?.entries))
}

/// What a diff applied copied (the room says it in the language in effect).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// Roles and rights were copied onto the card.
    pub card: bool,
    /// Levels set.
    pub levels: usize,
}

/// A diff applied: the card first (roles and rights), then the levels as one batch.
async fn apply_diff(client: &Client, d: DiffApply) -> Result<Applied, ClientError> {
    let mut done = Applied { card: false, levels: 0 };
    if let Some((version, draft)) = &d.card {
        client.update_user(d.login, *version, draft).await?;
        done.card = true;
    }
    if !d.levels.is_empty() {
        let n = d.levels.len();
        client.set_access(d.login, d.levels).await?;
        done.levels = n;
    }
    Ok(done)
}

/// Performs one request.
pub async fn perform(client: &Client, req: Req) -> Reply {
    match req {
        Req::Me => Reply::Me(client.me().await),
        Req::Dealers => Reply::Dealers(client.dealers_info().await),
        Req::Users => Reply::Users(client.users(&UserQuery::default()).await),
        Req::UsersSince(r) => Reply::Users(client.users_since(r).await),
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
        Req::CopySource(l) => Reply::CopySource(l, with_access(client, l).await),
        Req::CopyUser { source, copy } => Reply::Created(client.copy_user(source, &copy).await),
        Req::Compare(a, b) => {
            let r = match with_access(client, a).await {
                Ok(a) => with_access(client, b).await.map(|b| Box::new(Compared { a, b })),
                Err(e) => Err(e),
            };
            Reply::Compare(r)
        }
        Req::ApplyDiff(d) => {
            let l = d.login;
            Reply::DiffApplied(l, apply_diff(client, d).await)
        }
        Req::CreateObject(o) => Reply::ObjectCreated(client.create_object(&o).await),
        Req::Audit(q) => Reply::Audit(client.audit_query(&q).await),
        Req::RevertPlan(c) => Reply::RevertPlan(c, client.revert(c, true, None).await),
        Req::Revert { change, plan } => Reply::Reverted(change, client.revert(change, false, Some(plan)).await),
        Req::RenewToken(l) => Reply::Renewed(l, client.renew_token(l).await),
        Req::CheckUsr { login, password, token } => {
            let creds = ls_core::api::Credentials::new(login, &password.0, &token.0);
            let header = creds.header();
            let r = client
                .with_credentials(creds)
                .me()
                .await
                .map(|_| super::msg::Password(header));
            Reply::UsrChecked(login, r)
        }
        Req::ExportRights { path } => {
            let r = tokio::task::spawn_blocking(move || {
                let cat = ls_core::domain::rights::catalog();
                ls_core::export::rights_xlsx(&path, cat)
                    .map(|_| (path, cat.len()))
                    .map_err(|e| e.to_string())
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            Reply::Exported(r)
        }
        Req::ExportUsers { path, users } => {
            let r = tokio::task::spawn_blocking(move || {
                let refs: Vec<_> = users.iter().collect();
                ls_core::export::users_xlsx(&path, &refs)
                    .map(|_| (path, refs.len()))
                    .map_err(|e| e.to_string())
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            Reply::Exported(r)
        }
    }
}

/// What the event stream tells the console.
#[derive(Debug, Clone, PartialEq)]
pub enum Live {
    /// A change the viewer may see, just made (by anyone).
    Audit(Box<AuditEntry>),
    /// The stream is open: changes from here on arrive.
    Up,
    /// The stream was lost; it is being opened again.
    Lost(String),
}

/// Follows the service's event stream for as long as `send` takes events: reconnects after a
/// loss (resuming after the last event, so nothing is missed), gives up when the viewer may not
/// read the log at all. A link that is silent past the service's keep-alive is taken as lost.
pub async fn watch(client: Client, mut send: impl FnMut(Live) -> bool) {
    use ls_core::api::Event;
    use std::time::Duration;
    let mut last = None;
    let mut wait = Duration::from_secs(1);
    loop {
        let why = match client.events(last).await {
            Ok(mut ev) => {
                wait = Duration::from_secs(1);
                if !send(Live::Up) {
                    return;
                }
                loop {
                    match tokio::time::timeout(Duration::from_secs(45), ev.next()).await {
                        Ok(Ok(Some(Event::Audit(e)))) => {
                            last = ev.last;
                            if !send(Live::Audit(e)) {
                                return;
                            }
                        }
                        Ok(Ok(Some(Event::Alive))) => last = ev.last.or(last),
                        Ok(Ok(None)) => break "the service closed the event stream".to_string(),
                        Ok(Err(e)) => break e.to_string(),
                        Err(_) => break "no word from the service for 45 s".to_string(),
                    }
                }
            }
            Err(e) if matches!(e.status(), Some(401 | 403)) => return,
            Err(e) => e.to_string(),
        };
        if !send(Live::Lost(why)) {
            return;
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(30));
    }
}
