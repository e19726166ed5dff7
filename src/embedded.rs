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
    let db = open_demo_db(path)?;
    let running = server::start(db, "127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let m = &seed::DEMO_MANAGER;
    let login = Login::new(m.login).map_err(|e| e.to_string())?;
    let client =
        Client::new(&running.url(), Credentials::new(login, m.password, m.token)).map_err(|e| e.to_string())?;
    Ok((running, client))
}
