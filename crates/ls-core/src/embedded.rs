//! The embedded default: with no server configured, run the LS service in-process on loopback
//! over a demo database in the user's data dir (created and seeded on first use).
use crate::api::{Client, Credentials};
use crate::domain::Login;
use crate::server::{self, seed, Db, Running};
use std::path::{Path, PathBuf};

pub fn data_dir() -> PathBuf {
    crate::config::project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".lsc"))
}

/// `LSC_DEMO_SIZE=full` picks the full-scale demo (9,999 users, ~100,000 units) in its own file.
pub fn demo_size() -> &'static str {
    match std::env::var("LSC_DEMO_SIZE").as_deref() {
        Ok("full") => "full",
        _ => "demo",
    }
}

pub fn demo_db_path() -> PathBuf {
    data_dir().join(if demo_size() == "full" {
        "demo-full.db"
    } else {
        "demo.db"
    })
}

/// Opens the demo database, seeding it on first use.
pub fn open_demo_db(path: &Path) -> Result<Db, String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let db = Db::open(path)?;
    seed::seed(&db, demo_size(), seed::admin_credentials_from_env()).map_err(|e| e.message)?;
    Ok(db)
}

/// Starts the demo server and returns it with a client signed in as the demo dealer manager.
pub async fn start_demo(path: &Path) -> Result<(Running, Client), String> {
    start_demo_as(path, None).await.map_err(|e| e.to_string())
}

/// Why the embedded demo did not start for a sign-in.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// `--login` names no demo sign-in (a usage error).
    #[error("login {login} is no sign-in of the embedded demo; its sign-ins are {known} (or pass --server)")]
    NotASignIn { login: Login, known: String },
    #[error("{0}")]
    Start(String),
}

/// Starts the demo server with a client signed in as `login` (`--login`), one of the demo's
/// sign-ins (their passwords and tokens are the seed's, public in the README); the demo dealer
/// manager when `None`. Any other login is refused, saying which there are.
pub async fn start_demo_as(path: &Path, login: Option<Login>) -> Result<(Running, Client), DemoError> {
    let account = demo_account(login)?;
    let start = |e: String| DemoError::Start(e);
    let db = open_demo_db(path).map_err(start)?;
    let running = server::start(db, "127.0.0.1:0")
        .await
        .map_err(|e| start(e.to_string()))?;
    let login = Login::new(account.login).map_err(|e| start(e.to_string()))?;
    let client = Client::new(&running.url(), Credentials::new(login, account.password, account.token))
        .map_err(|e| start(e.to_string()))?;
    Ok((running, client))
}

/// The demo sign-in `login` names (the manager when none).
fn demo_account(login: Option<Login>) -> Result<&'static seed::DemoAccount, DemoError> {
    let Some(l) = login else {
        return Ok(&seed::DEMO_MANAGER);
    };
    seed::DEMO_ACCOUNTS
        .iter()
        .copied()
        .find(|a| a.login == l.get())
        .ok_or_else(|| DemoError::NotASignIn {
            login: l,
            known: seed::DEMO_ACCOUNTS
                .iter()
                .map(|a| format!("{:04} ({})", a.login, a.username))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// The demo's own API token for a demo sign-in: `login` with the password the README lists for
/// it (the demo's tokens are public too). `None` for anyone else.
pub fn demo_token(login: Login, password: &str) -> Option<&'static str> {
    seed::DEMO_ACCOUNTS
        .iter()
        .find(|a| a.login == login.get() && a.password == password)
        .map(|a| a.token)
}
