//! Test harness (shared by the api and tui test binaries): the real server on 127.0.0.1:0 over a real SQLite file in a temp dir.
#![allow(dead_code)]
pub mod driver;
pub mod link;
pub mod proxy;
pub mod snapshot;

use ls_console::api::{Client, Credentials};
use ls_console::domain::Login;
use ls_console::server::seed::{self, AdminCredentials, DemoAccount};
use ls_console::server::{self, Db, Running};
use std::path::PathBuf;

pub const ADMIN_PW: &str = "admin-password";
pub const ADMIN_TOKEN: &str = "admin-token";

pub struct Ls {
    pub dir: tempfile::TempDir,
    pub db_path: PathBuf,
    pub db: Db,
    pub running: Running,
}

fn admin() -> AdminCredentials {
    AdminCredentials {
        password: ADMIN_PW.into(),
        token: ADMIN_TOKEN.into(),
        generated: false,
    }
}

async fn start(kind: &str) -> Ls {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("ls.db");
    let db = Db::open(&db_path).expect("open db");
    seed::seed(&db, kind, admin()).expect("seed");
    let running = server::start(db.clone(), "127.0.0.1:0").await.expect("start server");
    Ls {
        dir,
        db_path,
        db,
        running,
    }
}

pub async fn demo() -> Ls {
    start("demo").await
}

pub async fn empty() -> Ls {
    start("empty").await
}

pub fn login(n: u16) -> Login {
    Login::new(n).expect("valid login")
}

impl Ls {
    pub fn url(&self) -> String {
        self.running.url()
    }
    pub fn client(&self, l: u16, password: &str, token: &str) -> Client {
        Client::new(&self.url(), Credentials::new(login(l), password, token)).expect("client")
    }
    pub fn as_account(&self, a: &DemoAccount) -> Client {
        self.client(a.login, a.password, a.token)
    }
    pub fn admin(&self) -> Client {
        self.client(1, ADMIN_PW, ADMIN_TOKEN)
    }
    pub fn manager(&self) -> Client {
        self.as_account(&seed::DEMO_MANAGER)
    }
    /// The admin grants `rights` on `login`'s card, on top of what it holds.
    pub async fn grant_rights(&self, login: Login, rights: &[&str]) {
        let a = self.admin();
        let u = a.user(login).await.expect("the user");
        let mut d = ls_console::domain::UserDraft::from(&u);
        d.rights.extend(rights.iter().map(|r| r.to_string()));
        a.update_user(login, u.version, &d).await.expect("rights granted");
    }
    /// The admin sets the demo manager's own level on its dealer's account (`edit`: it may still
    /// create users, but no longer manages the objects in it).
    pub async fn set_manager_account_level(&self, level: ls_console::domain::AccessLevel) {
        let admin = self.admin();
        let alpha = admin.user(login(2)).await.expect("manager").dealer_id;
        let account = admin
            .dealers()
            .await
            .expect("dealers")
            .into_iter()
            .find(|d| d.id == alpha)
            .and_then(|d| d.account_id)
            .expect("the manager's account");
        admin
            .set_access(
                login(2),
                vec![ls_console::api::AccessChange {
                    object_id: account,
                    level,
                }],
            )
            .await
            .expect("the manager's account level set");
    }
    /// A bare HTTP client for requests the typed client would never send.
    pub fn raw(&self) -> reqwest::Client {
        reqwest::Client::new()
    }
}
