//! A JSON body extractor whose rejections use the API's error shape.
use super::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(JsonBody(v)),
            Err(rej) => Err(rejection(rej)),
        }
    }
}

fn rejection(rej: JsonRejection) -> ApiError {
    if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::too_large(crate::too_large_message());
    }
    match rej {
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::validation("send the body as JSON with Content-Type: application/json")
        }
        JsonRejection::JsonSyntaxError(e) => ApiError::validation(format!("malformed JSON: {}", e.body_text())),
        JsonRejection::JsonDataError(e) => ApiError::validation(format!("invalid request body: {}", e.body_text())),
        other => ApiError::validation(other.body_text()),
    }
}

/// A path parameter whose rejection is the API's JSON error (400), not axum's plain text.
pub struct PathParam<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for PathParam<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(PathParam(v)),
            Err(rej) => Err(ApiError::validation(format!("bad path: {}", rej.body_text()))),
        }
    }
}

/// Query parameters whose rejection is the API's JSON error (400).
pub struct QueryParams<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for QueryParams<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(QueryParams(v)),
            Err(rej) => Err(ApiError::validation(format!("bad query: {}", rej.body_text()))),
        }
    }
}
