//! The Licensing System API service: axum over SQLite. `lsc serve` runs it; the console runs it
//! in-process as the embedded default.
pub mod auth;
pub mod authz;
pub mod db;
pub mod error;
pub mod json;
pub mod meta;
pub mod objects;
pub mod seed;
pub mod tokens;
pub mod users;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use db::Db;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 1 << 20;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub auth_cache: Arc<auth::AuthCache>,
    /// The objects graph, shared by every request until a write changes objects.
    pub graph: objects::GraphCache,
    /// All users, shared by list requests until a user or a grant changes.
    pub users: users::UsersCache,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        AppState {
            db,
            auth_cache: Arc::new(auth::AuthCache::default()),
            graph: objects::GraphCache::default(),
            users: users::UsersCache::default(),
        }
    }
}

async fn not_found() -> error::ApiError {
    error::ApiError::not_found("no such endpoint")
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/health", get(meta::health))
        .route("/api/me", get(meta::me))
        .route("/api/rights", get(meta::rights_list))
        .route("/api/roles", get(meta::roles_list))
        .route("/api/dealers", get(meta::dealers_list).post(meta::dealers_create))
        .route("/api/users", get(users::list).post(users::create))
        .route("/api/users/{login}", get(users::get).put(users::update))
        .route("/api/users/{login}/assessments", get(users::assessments))
        .route(
            "/api/users/{login}/access",
            get(objects::user_access).put(objects::set_user_access),
        )
        .route("/api/objects", get(objects::list).post(objects::create))
        .route("/api/objects/{id}", get(objects::get).put(objects::update))
        .route("/api/objects/{id}/accessors", get(objects::accessors))
        .route("/api/users/{login}/api-access", get(tokens::get))
        .route("/api/users/{login}/api-token", axum::routing::post(tokens::renew))
        .route("/ws/v1/licenses/current", get(tokens::ws_current))
        .route("/api/audit", get(meta::audit))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
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
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let app = router(AppState::new(db));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let r = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
        if let Err(e) = r {
            tracing::error!(error = %e, "server stopped");
        }
    });
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
