//! A JSON body extractor whose rejections use the API's error shape, and which reads the body
//! the service's way: whole, within its deadline and the size limit as sent, and — when it came
//! packed — unpacked only then, a few at a time.
use super::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;

pub struct JsonBody<T>(pub T);

/// How a request body was packed (`Content-Encoding`). The edge takes it off the headers;
/// [`JsonBody`] unpacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    Gzip,
    Zstd,
}

impl std::fmt::Display for Packing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Packing::Gzip => "gzip",
            Packing::Zstd => "zstd",
        })
    }
}

impl Packing {
    /// `Ok(None)`: not packed (`identity`). `Err`: a packing the service does not read, as sent.
    pub fn from_header(v: &HeaderValue) -> Result<Option<Packing>, String> {
        let text = v.to_str().unwrap_or("").trim();
        if text.eq_ignore_ascii_case("identity") || text.is_empty() {
            Ok(None)
        } else if text.eq_ignore_ascii_case("gzip") || text.eq_ignore_ascii_case("x-gzip") {
            Ok(Some(Packing::Gzip))
        } else if text.eq_ignore_ascii_case("zstd") {
            Ok(Some(Packing::Zstd))
        } else {
            Err(String::from_utf8_lossy(v.as_bytes()).chars().take(40).collect())
        }
    }
}

/// When the request's body must have arrived whole (set at the edge from the head's arrival).
#[derive(Debug, Clone, Copy)]
pub struct BodyDeadline(pub tokio::time::Instant);

/// A body read without the edge in front (a router built by hand) waits this long at most.
const BODY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Unpacking permits, service-wide ([`crate::PACKED_AT_ONCE`]): each unpacking may hold 16 MiB.
static UNPACKING: Semaphore = Semaphore::const_new(crate::PACKED_AT_ONCE);

/// A zstd frame may ask for a window this big at most (16 MiB, as big as any body unpacks
/// to): a frame asking for more would make the decoder hold it before a byte came out.
const ZSTD_WINDOW_LOG: u32 = 24;

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let deadline = req
            .extensions()
            .get::<BodyDeadline>()
            .map_or_else(|| tokio::time::Instant::now() + BODY_WAIT, |d| d.0);
        let packing = req.extensions().get::<Packing>().copied();
        let (parts, body) = req.into_parts();
        // Whole first, holding nothing shared: a body trickled in waits only on itself.
        let raw = tokio::time::timeout_at(deadline, read_whole(body))
            .await
            .map_err(|_| body_late())??;
        // Then, when packed, a permit only while it is unpacked and read: work on bytes in
        // hand, never a wait on the network.
        let (bytes, _permit) = match packing {
            None => (raw, None),
            Some(p) => {
                let permit = UNPACKING
                    .acquire()
                    .await
                    .map_err(|_| ApiError::unavailable("the service is stopping; try again"))?;
                // The permit goes with the work: a request dropped meanwhile frees it only
                // when the unpacking is done.
                let (out, permit) = tokio::task::spawn_blocking(move || (unpack(p, &raw), permit))
                    .await
                    .map_err(|_| ApiError::internal("unpacking the request body failed"))?;
                (Bytes::from(out?), Some(permit))
            }
        };
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(JsonBody(v)),
            Err(rej) => Err(rejection(rej)),
        }
    }
}

/// The body as sent, at most [`crate::BODY_LIMIT`] bytes of it whether a length was announced
/// or not.
async fn read_whole(body: axum::body::Body) -> Result<Bytes, ApiError> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut buf: Vec<u8> = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::validation(format!("the request body could not be read: {e}")))?;
        if buf.len() + chunk.len() > crate::BODY_LIMIT {
            return Err(ApiError::too_large(crate::too_large_message()));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(buf))
}

fn body_late() -> ApiError {
    ApiError::new_status(
        StatusCode::REQUEST_TIMEOUT,
        ls_api::ErrorCode::Timeout,
        "the request body did not arrive in time and was cut off; nothing was changed",
    )
}

/// Unpacks `packed`, refusing past [`crate::UNPACKED_LIMIT`] bytes (a bomb stops there).
fn unpack(p: Packing, packed: &[u8]) -> Result<Vec<u8>, ApiError> {
    use std::io::Read;
    let cap = crate::UNPACKED_LIMIT as u64 + 1;
    let bad = |e: std::io::Error| ApiError::validation(format!("the request body is not valid {p}: {e}"));
    let mut out = Vec::new();
    match p {
        Packing::Gzip => flate2::read::MultiGzDecoder::new(packed)
            .take(cap)
            .read_to_end(&mut out)
            .map_err(&bad)?,
        Packing::Zstd => {
            let mut d = zstd::stream::read::Decoder::with_buffer(packed).map_err(&bad)?;
            d.window_log_max(ZSTD_WINDOW_LOG).map_err(&bad)?;
            d.take(cap).read_to_end(&mut out).map_err(&bad)?
        }
    };
    if out.len() > crate::UNPACKED_LIMIT {
        return Err(ApiError::too_large(crate::too_large_message()));
    }
    Ok(out)
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
