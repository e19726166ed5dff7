//! JSON bodies of the LS API (snake_case). Domain types travel as they are.
pub use ls_domain::Dealer;
use ls_domain::{AccessLevel, Language, LevelSource, Login, ObjectKind, Role, User};
use serde::{Deserialize, Serialize};

/// What kind of error an answer is: one list for the service and its clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Validation,
    /// The 9,999-user cap.
    Limit,
    TooLarge,
    /// Too many failed sign-ins: try again after `Retry-After`.
    TooMany,
    Timeout,
    Unavailable,
    Internal,
    /// An answer that is not the API's own (a proxy's page), or a code this client does not know.
    #[serde(other)]
    Other,
}

impl ErrorCode {
    /// The HTTP status the service answers with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict | ErrorCode::Limit => 409,
            ErrorCode::Validation => 400,
            ErrorCode::TooLarge => 413,
            ErrorCode::TooMany => 429,
            ErrorCode::Timeout => 408,
            ErrorCode::Unavailable => 503,
            ErrorCode::Internal | ErrorCode::Other => 500,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsersPage {
    /// All the users the caller sees that match; with `since`, only those changed after it.
    pub users: Vec<User>,
    pub total: usize,
    /// The data's revision this answer shows: ask `?since=` it next time for what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<i64>,
    /// Set when this is a delta: `users` are those changed after this revision (to put in place of
    /// the rows with their logins, or add); the rest stand. Absent: the whole list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<i64>,
}

impl UsersPage {
    /// `older` brought up to date by this answer: a delta patched in, a whole list taken as is.
    /// Rows stay in login order.
    pub fn apply_to(self, older: Vec<User>) -> Vec<User> {
        if self.since.is_none() {
            return self.users;
        }
        let mut all = older;
        for u in self.users {
            match all.binary_search_by_key(&u.login, |x| x.login) {
                Ok(i) => all[i] = u,
                Err(i) => all.insert(i, u),
            }
        }
        all
    }
}

/// Shown once, in the answer to `POST /api/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCredentials {
    pub password: String,
    pub api_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedUser {
    #[serde(flatten)]
    pub user: User,
    pub credentials: NewCredentials,
}

/// `GET /api/me`: the caller, with what it may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    #[serde(flatten)]
    pub user: User,
    pub effective_rights: Vec<String>,
    pub grantable_roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDealer {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]*$"
        )
    )]
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
}

/// A dealer as `GET /api/dealers` answers it, with its user quota and its users now (the
/// client's reading; the server's own type carries the schema).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealerInfo {
    #[serde(flatten)]
    pub dealer: Dealer,
    /// At most this many users of the dealer; `None`: no quota.
    #[serde(default)]
    pub user_quota: Option<i64>,
    /// The dealer's users now; `None` for a caller who may not list them.
    #[serde(default)]
    pub users: Option<i64>,
}

impl From<Dealer> for DealerInfo {
    fn from(dealer: Dealer) -> Self {
        DealerInfo {
            dealer,
            user_quota: None,
            users: None,
        }
    }
}

/// `PUT /api/dealers/{id}`: the dealer's user quota (`None`: no quota; sent as null).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealerQuota {
    pub user_quota: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleInfo {
    pub code: Role,
    pub description: String,
    pub default_rights: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    pub year: i32,
    pub date: String,
    pub score: u8,
    pub passed: bool,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// Shared by every row one write made (a batch): what a revert undoes.
    #[serde(default)]
    pub change_id: i64,
    pub at: String,
    /// The acting login.
    pub actor: String,
    /// The actor's username, when the caller sees that user.
    #[serde(default)]
    pub actor_name: String,
    /// `user.update`, `user.block`, `access.set`, `object.update`, `token.renew`, …
    pub action: String,
    /// `user`, `object`, `dealer` or `seed`.
    #[serde(default)]
    pub target_kind: String,
    /// A login (`0042`), an object id, a dealer id.
    pub target: String,
    /// The target's name when the change was made.
    #[serde(default)]
    pub target_name: String,
    #[serde(default)]
    pub dealer_id: Option<i64>,
    /// The object a level was set on (or the target object), with its name then.
    #[serde(default)]
    pub object_id: Option<i64>,
    #[serde(default)]
    pub object_name: String,
    /// What changed, field by field: never a secret ("renewed", "set").
    #[serde(default)]
    pub changes: Vec<FieldChange>,
    /// The change this one reverted.
    #[serde(default)]
    pub reverts: Option<i64>,
    /// The change that reverted this one.
    #[serde(default)]
    pub reverted_by: Option<i64>,
    pub detail: serde_json::Value,
}

/// One field of a change: `email: a@x → b@x`, `level: view → edit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; absent when there is none.
    #[serde(default)]
    pub next: Option<i64>,
}

/// `GET /api/audit`'s filters. Every one narrows; none set: the newest rows the caller sees.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// The acting login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The target: a login, an object id or a dealer id as rows name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Rows about this object: itself, or a level on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<i64>,
    /// Rows about this dealer's users or objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dealer: Option<i64>,
    /// An action (`user.block`) or its family (`user`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// A time (`2026-11-23`, `2026-11-23T10:00:00Z`) or an age (`7d`, `12h`, `30m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// A wildcard mask over the target's and the object's names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask: Option<String>,
    /// The cursor: rows older than this id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<i64>,
    /// Only the rows of this change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// How one item of a revert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum RevertOutcome {
    /// Will be set back.
    Change,
    /// Already back where it was: nothing to write.
    Same,
    /// The target moved on since the change: left as it is now.
    Moved,
    /// The policy says no, or the change cannot be undone (the reason says which).
    Refused,
}

/// One item of a revert: `0004 Test4 · email: b@x → a@x`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevertRow {
    pub target: String,
    pub what: String,
    /// The value now.
    pub from: String,
    /// The value it is set back to.
    pub to: String,
    pub outcome: RevertOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /api/audit/{change_id}/revert`: the plan (with `?dry_run=true`), or what was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevertPlan {
    pub change_id: i64,
    pub rows: Vec<RevertRow>,
    /// Names this plan: send it back to apply exactly this plan (409 if the state moved).
    pub plan: String,
    /// The revert's own change id, once applied.
    #[serde(default)]
    pub applied: Option<i64>,
}

/// The body of a revert that applies: the plan it was shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevertRequest {
    #[serde(default)]
    pub plan: Option<String>,
}

/// An object of the access-rights tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Object {
    pub id: i64,
    pub kind: ObjectKind,
    pub name: String,
    pub account_id: Option<i64>,
    /// For units: the unit groups holding it.
    #[serde(default)]
    pub parent_ids: Vec<i64>,
    /// The caller's own effective level on it.
    #[serde(default)]
    pub level: AccessLevel,
}

impl Object {
    /// The object as the policy takes it.
    pub fn obj(&self) -> ls_domain::policy::Obj<'_> {
        ls_domain::policy::Obj {
            id: self.id,
            kind: self.kind,
            account_id: self.account_id,
            name: &self.name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectsPage {
    /// The objects the caller sees that match; with `since`, only those changed after it.
    pub objects: Vec<Object>,
    pub total: usize,
    /// The data's revision this answer shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<i64>,
    /// Set when this is a delta: `objects` changed after this revision, `removed` are ids the
    /// caller no longer sees; the rest stand. Absent: the whole list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<i64>,
}

impl ObjectsPage {
    /// `older` brought up to date by this answer, in id order.
    pub fn apply_to(self, older: Vec<Object>) -> Vec<Object> {
        if self.since.is_none() {
            return self.objects;
        }
        let mut all = older;
        all.retain(|o| self.removed.binary_search(&o.id).is_err());
        for o in self.objects {
            match all.binary_search_by_key(&o.id, |x| x.id) {
                Ok(i) => all[i] = o,
                Err(i) => all.insert(i, o),
            }
        }
        all
    }
}

/// A unit's license and its keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct License {
    pub product: String,
    pub expires: String,
    pub quantity: u32,
    #[serde(default)]
    pub keys: Vec<String>,
}

/// `GET /api/objects/{id}`: the object with its properties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectDetail {
    #[serde(flatten)]
    pub object: Object,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub corporation: String,
    #[serde(default)]
    pub licenses: Vec<License>,
    /// For a unit group: its units.
    #[serde(default)]
    pub members: Vec<i64>,
}

/// One user's level on one object, with where the effective level comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessEntry {
    pub object_id: i64,
    pub direct: AccessLevel,
    pub effective: AccessLevel,
    /// The most specific source of the effective level (kept for older clients: `sources`
    /// names them all).
    pub source: LevelSource,
    /// Every source giving the effective level (direct, each group, the account, a role), most
    /// specific first; empty when nothing reaches the object.
    #[serde(default)]
    pub sources: Vec<LevelSource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessPage {
    pub login: Login,
    pub entries: Vec<AccessEntry>,
}

/// `GET /api/objects/{id}/accessors`: who has access to an object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accessor {
    pub login: Login,
    pub username: String,
    pub direct: AccessLevel,
    pub effective: AccessLevel,
    pub source: LevelSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessBatch {
    pub changes: Vec<AccessChange>,
}

/// One user's new level on an object (`PUT /api/objects/{id}/accessors`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessorChange {
    pub login: Login,
    pub level: AccessLevel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessorBatch {
    pub changes: Vec<AccessorChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewObject {
    pub kind: ObjectKind,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]*$"
        )
    )]
    pub name: String,
    pub account_id: i64,
    #[serde(default)]
    pub members: Vec<i64>,
    /// Levels for users on the new object, set in the same transaction (a group's copy). The
    /// creator gets `manage` without asking.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accessors: Vec<AccessorChange>,
}

/// `POST /api/users/{login}/copy`: a new user like `login`, created with its grants in one
/// transaction, all or nothing. The draft carries the characteristics and the roles and rights
/// chosen from the source's; `levels` the source's direct grants to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserCopy {
    #[serde(flatten)]
    pub user: ls_domain::UserDraft,
    #[serde(default)]
    pub levels: Vec<AccessChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectUpdate {
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]*$"
        )
    )]
    pub name: Option<String>,
    #[serde(default)]
    pub members: Option<Vec<i64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessChange {
    pub object_id: i64,
    pub level: AccessLevel,
}

/// A user's own login and interface language, for clients that only need to know who they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Whoami {
    pub login: Login,
    pub language: Language,
}

/// An aggregator license: its id is the White Server `AggregatorAuthentication` token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AggregatorLicense {
    pub id: String,
    pub product: String,
    pub object: String,
    pub expires: String,
    #[serde(default)]
    pub expired: bool,
}

/// `GET /api/users/{login}/api-access`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiAccess {
    pub login: Login,
    pub token: String,
    #[serde(default)]
    pub licenses: Vec<AggregatorLicense>,
}

impl std::fmt::Debug for ApiAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ApiAccess({}, token ***, {} licenses)",
            self.login,
            self.licenses.len()
        )
    }
}

/// `POST /api/users/{login}/api-token`: the new token (the old one stops working at once).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewToken {
    pub login: Login,
    pub token: String,
}

impl std::fmt::Debug for NewToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NewToken({}, ***)", self.login)
    }
}
