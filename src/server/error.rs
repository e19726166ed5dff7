//! API errors: one JSON shape, a fitting status, and a message a person can act on.
use crate::api::{ErrorBody, ErrorDetail};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }
    pub fn new_status(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(status, code, message)
    }
    pub fn unauthorized(m: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", m)
    }
    pub fn forbidden(m: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", m)
    }
    pub fn not_found(m: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", m)
    }
    pub fn conflict(m: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", m)
    }
    pub fn validation(m: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "validation", m)
    }
    pub fn field(mut self, f: impl Into<String>) -> Self {
        self.field = Some(f.into());
        self
    }
    pub fn limit(m: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "limit", m)
    }
    pub fn too_large(m: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", m)
    }
    pub fn unavailable(m: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", m)
    }
    pub fn internal(m: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", m)
    }
}

/// A refusal of the policy: 404 for what the caller may not see, 403 for what it may not do,
/// 400 for what cannot be done as asked, 401 for credentials that stopped working.
impl From<crate::domain::policy::Denied> for ApiError {
    fn from(d: crate::domain::policy::Denied) -> Self {
        use crate::domain::policy::DeniedKind::*;
        let (status, code) = match d.kind() {
            Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            Invalid => (StatusCode::BAD_REQUEST, "validation"),
        };
        ApiError {
            status,
            code,
            message: d.reason.to_string(),
            field: d.field.map(str::to_string),
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => ApiError::unavailable("the database is busy; try again in a moment"),
            Some(ReadOnly | CannotOpen | DiskFull | SystemIoFailure) => {
                tracing::error!(error = %e, "database not writable");
                ApiError::unavailable("the database cannot be written right now; nothing was changed")
            }
            _ => {
                tracing::error!(error = %e, "database error");
                ApiError::internal("internal database error; see the server log")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
                field: self.field,
            },
        };
        (self.status, axum::Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
