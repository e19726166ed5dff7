//! The Licensing System API service: axum over SQLite. `lsc serve` runs it; the console runs it
//! in-process as the embedded default.
pub mod audit;
pub mod auth;
pub mod budget;
pub mod ctx;
pub mod db;
pub mod error;
pub mod events;
pub mod fresh;
pub mod grants;
pub mod hashing;
pub mod json;
pub mod listen;
pub mod meta;
pub mod objects;
pub mod opaque;
pub mod openapi;
pub mod seed;
pub mod store;
pub mod tokens;
pub mod users;
pub mod visible;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use db::Db;

/// Largest request body accepted, as sent (compressed or not).
pub const BODY_LIMIT: usize = 1 << 20;
/// Largest request body once unpacked (`Content-Encoding: zstd` or `gzip`): the biggest batch
/// the service allows fits, and a small bomb stops here.
pub const UNPACKED_LIMIT: usize = 16 << 20;
/// Answers smaller than this go as they are: compressing them saves less than it costs.
pub const COMPRESS_ABOVE: u16 = 1024;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub auth_cache: Arc<auth::AuthCache>,
    /// Failed sign-ins allowed per login and address, and per address.
    pub budget: Arc<auth::Budget>,
    /// Argon2's own threads.
    pub hashes: Arc<auth::HashPool>,
    /// Requests allowed per client address and per signed-in login (set by [`router_with`]).
    pub rates: Arc<budget::RateBudget>,
    /// The objects graph and the users, shared by requests until a write changes them.
    pub caches: ctx::Caches,
    /// The newest audit row's id, moved after each write that audited: event streams wait on it.
    pub events: Arc<tokio::sync::watch::Sender<i64>>,
    /// When each login's sign-in was last recorded, so it is written once a minute at most.
    pub sign_ins: Arc<std::sync::Mutex<std::collections::HashMap<ls_domain::Login, std::time::Instant>>>,
    /// Open event streams, each holding a permit: bounded per service.
    pub streams: Arc<tokio::sync::Semaphore>,
    /// Open event streams per login: bounded per login too.
    pub stream_logins: Arc<std::sync::Mutex<std::collections::HashMap<ls_domain::Login, usize>>>,
    /// Users created per dealer within the last minute: one dealer cannot take every login.
    pub creations: Arc<users::quota::Creations>,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        AppState {
            db,
            auth_cache: Arc::new(auth::AuthCache::default()),
            budget: Arc::new(auth::Budget::default()),
            hashes: Arc::new(auth::HashPool::for_this_machine()),
            rates: Arc::new(budget::RateBudget::off()),
            caches: ctx::Caches::default(),
            events: Arc::new(tokio::sync::watch::Sender::new(0)),
            sign_ins: Arc::default(),
            streams: Arc::new(tokio::sync::Semaphore::new(events::MAX_STREAMS)),
            stream_logins: Arc::default(),
            creations: Arc::default(),
        }
    }
}

async fn not_found() -> error::ApiError {
    error::ApiError::not_found("no such endpoint")
}

/// The routes with their OpenAPI description, both from the handlers' annotations.
pub fn routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    use utoipa::{Modify, OpenApi};
    use utoipa_axum::router::OpenApiRouter;
    use utoipa_axum::routes;
    let (router, mut doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(meta::health))
        .routes(routes!(meta::me))
        .routes(routes!(meta::rights_list))
        .routes(routes!(meta::roles_list))
        .routes(routes!(meta::dealers_list, meta::dealers_create))
        .routes(routes!(meta::dealers_update))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::get, users::update))
        .routes(routes!(users::assessments))
        .routes(routes!(users::copy))
        .routes(routes!(objects::user_access, objects::set_user_access))
        .routes(routes!(objects::list, objects::create))
        .routes(routes!(objects::get, objects::update))
        .routes(routes!(objects::accessors, objects::set_accessors))
        .routes(routes!(tokens::get))
        .routes(routes!(tokens::renew))
        .routes(routes!(tokens::ws_current))
        .routes(routes!(audit::list))
        .routes(routes!(audit::revert))
        .routes(routes!(events::events))
        .split_for_parts();
    openapi::Errors.modify(&mut doc);
    (router, doc)
}

/// A request that takes longer than `limit` (reading its body included) gets 408 in the API's
/// error shape; the handler future is dropped, so a slow client holds nothing.
async fn request_timeout(
    limit: Duration,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => error::ApiError::new_status(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            ls_api::ErrorCode::Timeout,
            format!(
                "the request took longer than {} s and was cut off; reload to see whether it was applied",
                limit.as_secs_f32()
            ),
        )
        .into_response(),
    }
}

/// The edge of every request's body: one announced bigger than the service reads gets 413 at
/// once (one sent without a length is counted by [`json::JsonBody`] as it comes); its packing
/// (`Content-Encoding`) is taken off the headers and left to [`json::JsonBody`], which unpacks
/// it once it arrived whole and the caller signed in; and it gets its deadline.
async fn body_edge(
    body_timeout: Duration,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::header::{CONTENT_ENCODING, CONTENT_LENGTH};
    use axum::response::IntoResponse;
    let announced = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > BODY_LIMIT as u64) {
        return error::ApiError::too_large(too_large_message()).into_response();
    }
    if let Some(v) = req.headers().get(CONTENT_ENCODING) {
        match json::Packing::from_header(v) {
            Ok(packing) => {
                req.headers_mut().remove(CONTENT_ENCODING);
                if let Some(p) = packing {
                    req.extensions_mut().insert(p);
                }
            }
            Err(unknown) => {
                return error::ApiError::new_status(
                    axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ls_api::ErrorCode::Validation,
                    format!("the body's Content-Encoding '{unknown}' is not one the service reads: send it plain, gzip or zstd"),
                )
                .into_response();
            }
        }
    }
    req.extensions_mut()
        .insert(json::BodyDeadline(tokio::time::Instant::now() + body_timeout));
    next.run(req).await
}

/// Marks an answer that carries a secret (a token, a license id): never compressed, so its
/// size cannot tell an observer of the link anything about it (BREACH).
#[derive(Debug, Clone, Copy)]
pub struct Secret;

tokio::task_local! {
    /// Set while a request is handled: whether a one-time credential was made for its answer.
    static SECRET_MADE: Arc<std::sync::atomic::AtomicBool>;
}

/// Says that the answer being made carries a secret (a new password or token): it will be
/// neither compressed (its size would tell an observer of the link about it: BREACH) nor
/// cached. Call it where the secret is made, on the request's own task (not inside a database
/// call); outside a request it does nothing.
pub fn secret_made() {
    let _ = SECRET_MADE.try_with(|f| f.store(true, std::sync::atomic::Ordering::Relaxed));
}

/// Marks every answer that carries a secret — made during the request ([`secret_made`]) or
/// marked by its handler ([`Secret`]) — so the compression layer outside leaves it alone.
async fn mark_secrets(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let made = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut r = SECRET_MADE.scope(made.clone(), next.run(req)).await;
    if made.load(std::sync::atomic::Ordering::Relaxed) || r.extensions().get::<Secret>().is_some() {
        r.extensions_mut().insert(Secret);
        r.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    r
}

/// Packed request bodies unpacked (and read into values) at once, service-wide: each may unpack
/// to 16 MiB. Held only while the bytes, all arrived, are unpacked.
pub const PACKED_AT_ONCE: usize = 4;

/// What a refused body is told.
pub fn too_large_message() -> String {
    format!(
        "the request body is larger than the server accepts ({} MiB as sent, {} MiB unpacked); send big batches compressed or in parts",
        BODY_LIMIT >> 20,
        UNPACKED_LIMIT >> 20
    )
}

/// Limits the service applies to every request and connection.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// A request (including reading its body) that takes longer gets 408: slow clients do not
    /// hold a connection and the writer forever.
    pub request_timeout: Duration,
    /// A request's body must have arrived whole this long after its head, or 408: a body
    /// trickled in holds nothing shared meanwhile, and not for long.
    pub body_timeout: Duration,
    pub connections: listen::ConnLimits,
    /// Proxies whose `X-Forwarded-For` names the client (`lsc serve --trusted-proxy`); from any
    /// other peer the header is ignored.
    pub trusted_proxies: Vec<listen::Cidr>,
    /// The request budget per client address and per signed-in login. `None` (the default in
    /// process: the console's embedded server has one client, and the test suites drive the
    /// service at hundreds of requests a second from one address); `lsc serve` sets one unless
    /// `--rate 0`.
    pub rate: Option<budget::Rates>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            request_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(15),
            connections: listen::ConnLimits::default(),
            trusted_proxies: Vec::new(),
            rate: None,
        }
    }
}

pub fn router(state: AppState) -> Router {
    router_with(state, ServeOptions::default())
}

pub fn router_with(mut state: AppState, opts: ServeOptions) -> Router {
    // Closures below take copies: the options themselves are not `Copy`.
    let (deadline, body_deadline) = (opts.request_timeout, opts.body_timeout);
    // One budget for the edge (addresses) and the sign-in (logins).
    state.rates = Arc::new(budget::RateBudget::new(opts.rate));
    let rates = state.rates.clone();
    let (api, doc) = routes();
    // Kept as the JSON text it is served as: a fraction of the document's in-memory tree.
    let doc: Arc<str> = Arc::from(doc.to_json().unwrap_or_default());
    api.route(
        "/api/openapi.json",
        get(move || {
            let d = doc.clone();
            async move { ([(axum::http::header::CONTENT_TYPE, "application/json")], d.to_string()) }
        }),
    )
    .fallback(not_found)
    // What `JsonBody` hands to axum's reader: the body as it was unpacked.
    .layer(DefaultBodyLimit::max(UNPACKED_LIMIT))
    .layer(axum::middleware::from_fn(move |req, next| {
        body_edge(body_deadline, req, next)
    }))
    .layer(axum::middleware::from_fn(mark_secrets))
    // Not the event stream (it is never done, so never compressed whole) nor small answers.
    .layer(
        CompressionLayer::new().gzip(true).zstd(true).compress_when(
            SizeAbove::new(COMPRESS_ABOVE)
                .and(NotForContentType::GRPC)
                .and(NotForContentType::IMAGES)
                .and(NotForContentType::SSE)
                .and(
                    |_: axum::http::StatusCode,
                     _: axum::http::Version,
                     _: &axum::http::HeaderMap,
                     ext: &axum::http::Extensions| ext.get::<Secret>().is_none(),
                ),
        ),
    )
    .layer(axum::middleware::from_fn(move |req, next| {
        request_timeout(deadline, req, next)
    }))
    // Outside the rest: a request over budget costs nothing more (no deadline, no body read).
    .layer(axum::middleware::from_fn(move |req, next| {
        budget::edge(rates.clone(), req, next)
    }))
    .layer(TraceLayer::new_for_http())
    .with_state(state)
}

/// A running server: its address, and a handle that stops it when dropped or asked.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    pub task: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// Stops accepting and ends the server task.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `db` on `bind` in this process (use `127.0.0.1:0` for a free port).
pub async fn start(db: Db, bind: &str) -> std::io::Result<Running> {
    start_with(db, bind, ServeOptions::default()).await
}

pub async fn start_with(db: Db, bind: &str, opts: ServeOptions) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let limits = opts.connections;
    let proxies: Arc<[listen::Cidr]> = Arc::from(opts.trusted_proxies.clone());
    let app = router_with(AppState::new(db), opts);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(listen::serve(listener, app, limits, proxies, rx));
    Ok(Running {
        addr,
        shutdown: Some(tx),
        task,
    })
}

/// Opens (creating if needed) the database at `path` and serves it on loopback.
pub async fn start_on_file(path: &Path) -> Result<Running, String> {
    let db = Db::open(path)?;
    start(db, "127.0.0.1:0").await.map_err(|e| e.to_string())
}
