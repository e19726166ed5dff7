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
    pub users: Vec<User>,
    pub total: usize,
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
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
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
    pub objects: Vec<Object>,
    pub total: usize,
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
    pub source: LevelSource,
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
