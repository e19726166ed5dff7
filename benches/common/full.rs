//! The full-scale database the load and link benches run the real server over (9,999 users,
//! ~100,000 units), with the administrator's password and token.
use ls_console::server::seed::{self, AdminCredentials};
use ls_console::server::Db;

pub const ADMIN_PW: &str = "admin-pw";
pub const ADMIN_TOKEN: &str = "admin-tok";

/// Seeds a full-scale database in `dir`.
pub fn seeded(dir: &std::path::Path) -> Db {
    let db = Db::open(&dir.join("full.db")).expect("db");
    seed::seed(
        &db,
        "full",
        AdminCredentials {
            password: ADMIN_PW.into(),
            token: ADMIN_TOKEN.into(),
            generated: false,
        },
    )
    .expect("seed");
    db
}
