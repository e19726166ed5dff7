//! API errors: one JSON shape, a fitting status, and a message a person can act on.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ls_api::{ErrorBody, ErrorCode, ErrorDetail};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
    /// Seconds to wait before trying again (a `Retry-After` header).
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            field: None,
            retry_after: None,
        }
    }
    pub fn new_status(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(status, code, message)
    }
    pub fn unauthorized(m: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, m)
    }
    pub fn forbidden(m: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, m)
    }
    pub fn not_found(m: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, m)
    }
    pub fn conflict(m: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, m)
    }
    pub fn validation(m: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::Validation, m)
    }
    pub fn field(mut self, f: impl Into<String>) -> Self {
        self.field = Some(f.into());
        self
    }
    pub fn limit(m: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Limit, m)
    }
    pub fn too_large(m: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge, m)
    }
    /// 429: too many attempts; `retry_after` says when to come back.
    pub fn too_many(m: impl Into<String>) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooMany, m)
    }
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }
    pub fn unavailable(m: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable, m)
    }
    pub fn internal(m: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, m)
    }
}

/// A refusal of the policy: 404 for what the caller may not see, 403 for what it may not do,
/// 400 for what cannot be done as asked, 401 for credentials that stopped working.
impl From<ls_domain::policy::Denied> for ApiError {
    fn from(d: ls_domain::policy::Denied) -> Self {
        use ls_domain::policy::DeniedKind::*;
        let (status, code) = match d.kind() {
            Unauthorized => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized),
            NotFound => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            Forbidden => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            Invalid => (StatusCode::BAD_REQUEST, ErrorCode::Validation),
        };
        ApiError {
            status,
            code,
            message: d.reason.to_string(),
            field: d.field.map(str::to_string),
            retry_after: None,
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => ApiError::unavailable("the database is busy; try again in a moment"),
            // Its request was dropped (the client left, or the deadline passed): nobody reads this.
            Some(OperationInterrupted) => ApiError::unavailable("the request was cut off; nothing was changed"),
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
                code: self.code,
                message: self.message,
                field: self.field,
            },
        };
        let mut r = (self.status, axum::Json(body)).into_response();
        if let Some(s) = self.retry_after {
            r.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(s));
        }
        r
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
