//! Seeds: `empty` (the vendor and its admin `0001`) and `demo` (dealers, sub-dealers, an
//! aggregator and about 1,200 users), reproducible from a seed number.
use super::auth::hash_h_password;
use super::db::Db;
use super::error::ApiError;
use super::store::{self as db, insert_user};
use super::users::new_token;
use ls_domain::usr::password_hash;
use ls_domain::{Language, Login, Role, UserDraft};
use names::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection};

mod names;

/// Credentials of the seeded admin; `generated` says whether they must be shown to the operator.
pub struct AdminCredentials {
    pub password: String,
    pub token: String,
    pub generated: bool,
}

/// The demo's fixed sign-ins, documented in the README.
pub struct DemoAccount {
    pub login: u16,
    pub username: &'static str,
    pub password: &'static str,
    pub token: &'static str,
    pub role: Role,
}

pub const DEMO_MANAGER: DemoAccount = DemoAccount {
    login: 2,
    username: "demo.manager",
    password: "demo-manager",
    token: "demo-manager-token",
    role: Role::DealerManager,
};
pub const DEMO_AGGREGATOR: DemoAccount = DemoAccount {
    login: 3,
    username: "white.aggregator",
    password: "demo-aggregator",
    token: "demo-aggregator-token",
    role: Role::Aggregator,
};
pub const DEMO_TEST4: DemoAccount = DemoAccount {
    login: 4,
    username: "Test4",
    password: "demo-user",
    token: "demo-user-token",
    role: Role::DealerUser,
};
pub const DEMO_BETA_MANAGER: DemoAccount = DemoAccount {
    login: 5,
    username: "beta.manager",
    password: "demo-beta",
    token: "demo-beta-token",
    role: Role::DealerManager,
};
pub const DEMO_CLIENT: DemoAccount = DemoAccount {
    login: 6,
    username: "alpha.client",
    password: "demo-client",
    token: "demo-client-token",
    role: Role::Client,
};

/// Every fixed demo sign-in, as the README lists them.
pub const DEMO_ACCOUNTS: [&DemoAccount; 5] = [
    &DEMO_MANAGER,
    &DEMO_AGGREGATOR,
    &DEMO_TEST4,
    &DEMO_BETA_MANAGER,
    &DEMO_CLIENT,
];

/// Admin credentials from `LSC_ADMIN_PASSWORD` / `LSC_ADMIN_TOKEN`, or fresh random ones.
pub fn admin_credentials_from_env() -> AdminCredentials {
    let pw = std::env::var("LSC_ADMIN_PASSWORD").ok().filter(|s| !s.is_empty());
    let tok = std::env::var("LSC_ADMIN_TOKEN").ok().filter(|s| !s.is_empty());
    let generated = pw.is_none() || tok.is_none();
    AdminCredentials {
        password: pw.unwrap_or_else(super::users::new_password),
        token: tok.unwrap_or_else(new_token),
        generated,
    }
}

fn is_empty_db(c: &Connection) -> rusqlite::Result<bool> {
    c.query_row("SELECT NOT EXISTS(SELECT 1 FROM users)", [], |r| r.get(0))
}

fn draft(username: &str, first: &str, last: &str, email: &str, roles: Vec<Role>) -> UserDraft {
    UserDraft {
        username: username.into(),
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        roles,
        login_allowed: true,
        ..Default::default()
    }
}

/// Creates the vendor dealer and the admin `0001` on an empty database. Returns false if the
/// database already had users (nothing is changed then).
pub fn bootstrap(db: &Db, admin: &AdminCredentials) -> Result<bool, ApiError> {
    let hash = hash_h_password(&password_hash(
        Login::new(1).map_err(|e| ApiError::internal(e.to_string()))?,
        &admin.password,
    ))?;
    db.with(|c| {
        if !is_empty_db(c)? {
            return Ok(false);
        }
        let tx = c.transaction()?;
        let vendor = db::insert_dealer(&tx, "LS Vendor", None, None)?;
        let mut d = draft("admin", "Service", "Manager", "admin@ls.example.com", vec![Role::Admin]);
        d.position = "Service manager".into();
        insert_user(
            &tx,
            Login::new(1).map_err(|e| ApiError::internal(e.to_string()))?,
            &d,
            vendor.id,
            "LS",
            Some(&hash),
            &admin.token,
            None,
        )?;
        db::insert_audit(
            &tx,
            Login::new(1).map_err(|e| ApiError::internal(e.to_string()))?,
            &db::NewRow {
                action: "seed.bootstrap",
                kind: db::TargetKind::Seed,
                target: "0001".into(),
                name: "",
                dealer_id: Some(vendor.id),
                object: None,
                detail: serde_json::json!({}),
            },
            None,
            None,
        )?;
        crate::store::bump(&tx)?;
        tx.commit()?;
        Ok(true)
    })
}

fn feminine(last: &str) -> String {
    // Russian surnames in -ов/-ев/-ёв/-ин take -а for women.
    if last.ends_with("ов") || last.ends_with("ев") || last.ends_with("ёв") || last.ends_with("ин") {
        format!("{last}а")
    } else {
        last.to_string()
    }
}

fn phone(rng: &mut StdRng) -> String {
    format!(
        "+7 ({}) {}-{:02}-{:02}",
        rng.random_range(900..1000),
        rng.random_range(100..1000),
        rng.random_range(0..100),
        rng.random_range(0..100)
    )
}

/// A fixed demo sign-in with password and token.
fn insert_account(
    tx: &Connection,
    a: &DemoAccount,
    dealer_id: i64,
    first: &str,
    last: &str,
    rights: &[&str],
    lang: Language,
) -> Result<(), ApiError> {
    let login = Login::new(a.login).map_err(|e| ApiError::internal(e.to_string()))?;
    let hash = hash_h_password(&password_hash(login, a.password))?;
    let mut d = draft(
        a.username,
        first,
        last,
        &format!("{}@demo.example.com", a.username),
        vec![a.role],
    );
    d.rights = rights.iter().map(|s| s.to_string()).collect();
    d.language = lang;
    d.city = "Moscow".into();
    d.mobile = "+7 (912) 000-00-0".to_string() + &a.login.to_string();
    insert_user(
        tx,
        login,
        &d,
        dealer_id,
        "LS",
        Some(&hash),
        a.token,
        Some(Login::new(1).map_err(|e| ApiError::internal(e.to_string()))?),
    )?;
    Ok(())
}

/// Adds the demo on top of a bootstrapped database: dealers, sub-dealers, the fixed sign-ins and
/// `filler` generated users. Deterministic for a given `seed`.
pub fn demo(db: &Db, seed: u64, filler: u16) -> Result<(), ApiError> {
    let mut rng = StdRng::seed_from_u64(seed);
    db.with(|c| {
        let tx = c.transaction()?;
        let alpha = db::insert_dealer(&tx, "Alpha Systems", None, None)?;
        let north = db::insert_dealer(&tx, "Alpha North", Some(alpha.id), None)?;
        let south = db::insert_dealer(&tx, "Alpha South", Some(alpha.id), None)?;
        let beta = db::insert_dealer(&tx, "Beta Trade", None, None)?;
        let gamma = db::insert_dealer(&tx, "Gamma Service", None, None)?;
        let dealers = [alpha.id, alpha.id, north.id, south.id, beta.id, gamma.id];

        insert_account(&tx, &DEMO_MANAGER, alpha.id, "Demo", "Manager", &["USERS_API_TOKEN"], Language::En)?;
        insert_account(&tx, &DEMO_AGGREGATOR, alpha.id, "White", "Aggregator", &["USERS_API_TOKEN"], Language::En)?;
        insert_account(&tx, &DEMO_TEST4, alpha.id, "Ivan", "Petrov", &[], Language::Ru)?;
        insert_account(&tx, &DEMO_BETA_MANAGER, beta.id, "Bruno", "Becker", &["USERS_API_TOKEN"], Language::En)?;
        insert_account(&tx, &DEMO_CLIENT, alpha.id, "Clara", "Client", &[], Language::En)?;

        let roles = [
            (Role::DealerUser, 40),
            (Role::Client, 30),
            (Role::SubDealer, 15),
            (Role::DealerManager, 8),
            (Role::Aggregator, 7),
        ];
        let pick_role = |rng: &mut StdRng| {
            let mut x = rng.random_range(0..100);
            for (r, w) in roles {
                if x < w {
                    return r;
                }
                x -= w;
            }
            Role::Client
        };
        let mut assess = tx.prepare("INSERT INTO assessments(login, year, date, score, passed, comment) VALUES(?1,?2,?3,?4,?5,?6)")?;
        for i in 0..filler {
            let login_n = 10 + i;
            if login_n > ls_domain::MAX_LOGIN {
                break;
            }
            let login = Login::new(login_n).map_err(|e| ApiError::internal(e.to_string()))?;
            let cyr = rng.random_bool(0.5);
            let fi = rng.random_range(0..20);
            let li = rng.random_range(0..20);
            let (first, last, username, email) = if cyr {
                let woman = fi % 2 == 1;
                let last = if woman { feminine(CYR_LAST[li]) } else { CYR_LAST[li].to_string() };
                let first = CYR_FIRST[fi].to_string();
                let initial = first.chars().next().unwrap_or('И');
                (first, last.clone(), format!("{last} {initial}."), format!("{}{}@dealer{}.example.ru", CYR_TRANSLIT[li], login_n, rng.random_range(1..6)))
            } else {
                let first = LATIN_FIRST[fi].to_string();
                let last = LATIN_LAST[li].to_string();
                let u = format!("{}.{}{}", first.to_lowercase(), last.to_lowercase(), login_n);
                let e = format!("{u}@dealer{}.example.com", rng.random_range(1..6));
                (first, last, u, e)
            };
            let mut role = pick_role(&mut rng);
            let dealer = dealers[rng.random_range(0..dealers.len())];
            if dealer == north.id || dealer == south.id {
                // Sub-dealers' staff are mostly SUB_DEALER users.
                if rng.random_bool(0.6) {
                    role = Role::SubDealer;
                }
            }
            let mut d = draft(&username, &first, &last, &email, vec![role]);
            if rng.random_bool(0.08) {
                d.roles.push(Role::Client);
            }
            if rng.random_bool(0.7) {
                d.mobile = phone(&mut rng);
            }
            if rng.random_bool(0.4) {
                d.phone = format!("+7 495 {}-{:02}-{:02}", rng.random_range(100..1000), rng.random_range(0..100), rng.random_range(0..100));
            }
            d.city = CITIES[rng.random_range(0..CITIES.len())].into();
            d.login_allowed = !rng.random_bool(0.06);
            d.language = if cyr { Language::Ru } else { Language::En };
            if rng.random_bool(0.1) {
                d.rights.push("SUBDEALER_VIEW".into());
            }
            let source = if rng.random_bool(0.12) { "External" } else { "LS" };
            insert_user(&tx, login, &d, dealer, source, None, &format!("{:064x}", rng.random::<u128>()), Some(Login::new(1).map_err(|e| ApiError::internal(e.to_string()))?))?;
            if rng.random_bool(0.4) {
                for year in 2022..=2025 {
                    let score: i64 = rng.random_range(35..101);
                    assess.execute(params![
                        login.get(),
                        year,
                        format!("{year}-{:02}-{:02}", rng.random_range(1..13), rng.random_range(1..29)),
                        score,
                        (score >= 60) as i64,
                        if score >= 60 { "Passed the annual check" } else { "Needs a retake" },
                    ])?;
                }
            }
        }
        for (year, score) in [(2023, 88), (2024, 54), (2025, 91)] {
            assess.execute(params![DEMO_TEST4.login, year, format!("{year}-03-15"), score, (score >= 60) as i64, "Annual licensing-system exam"])?;
        }
        drop(assess);
        for (i, (product, days)) in [("Store Pro", 365), ("Store Lite", 30), ("Kiosk", -10)].iter().enumerate() {
            tx.execute(
                &format!("INSERT INTO aggregator_licenses(id, login, product, object_name, expires) VALUES(?1, ?2, ?3, ?4, date('now', '{days:+} days'))"),
                params![format!("5f0c{:04x}-1d2e-4c3b-9a8f-0000000000{:02}", i + 1, i + 1), DEMO_AGGREGATOR.login, product, format!("Cafe #{}", i + 1)],
            )?;
        }
        let accounts = [(alpha.account_id, 1200, 12), (north.account_id, 300, 4), (south.account_id, 300, 4), (beta.account_id, 800, 8), (gamma.account_id, 400, 4)];
        let mut groups_by_account = Vec::new();
        for (acc, units, groups) in accounts {
            let acc = acc.unwrap_or_default();
            groups_by_account.push((acc, demo_objects(&tx, &mut rng, acc, units, groups)?));
        }
        // Managers manage their dealer's accounts (and so its objects and users).
        let grant = |login: u16, object: i64, level: u8| tx.execute("INSERT OR REPLACE INTO grants(login, object_id, level) VALUES(?1, ?2, ?3)", params![login, object, level]);
        for acc in [alpha.account_id, north.account_id, south.account_id].into_iter().flatten() {
            grant(DEMO_MANAGER.login, acc, 4)?;
        }
        if let Some(b) = beta.account_id {
            grant(DEMO_BETA_MANAGER.login, b, 4)?;
        }
        let alpha_groups = &groups_by_account[0].1;
        grant(DEMO_TEST4.login, alpha_groups[0], 1)?;
        grant(DEMO_TEST4.login, alpha_groups[1], 3)?;
        grant(DEMO_AGGREGATOR.login, alpha_groups[2], 1)?;
        let some_units: Vec<i64> = tx
            .prepare("SELECT unit_id FROM group_members WHERE group_id = ?1 ORDER BY unit_id LIMIT 3")?
            .query_map([alpha_groups[0]], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for (i, u) in some_units.iter().enumerate() {
            grant(DEMO_TEST4.login, *u, if i == 0 { 3 } else { 2 })?;
        }
        db::insert_audit(
            &tx,
            Login::new(1).map_err(|e| ApiError::internal(e.to_string()))?,
            &db::NewRow {
                action: "seed.demo",
                kind: db::TargetKind::Seed,
                target: "*".into(),
                name: "",
                dealer_id: None,
                object: None,
                detail: serde_json::json!({"seed": seed, "users": filler}),
            },
            None,
            None,
        )?;
        crate::store::bump(&tx)?;
        tx.commit()?;
        Ok(())
    })
}

/// Units and unit groups of one account; returns the group ids.
fn demo_objects(
    tx: &Connection,
    rng: &mut StdRng,
    account: i64,
    units: u32,
    groups: u32,
) -> Result<Vec<i64>, ApiError> {
    let mut unit_ids = Vec::with_capacity(units as usize);
    let mut ins =
        tx.prepare("INSERT INTO objects(kind, name, account_id, created_by, props) VALUES(?1, ?2, ?3, 1, ?4)")?;
    for n in 0..units {
        let city = CITIES[rng.random_range(0..CITIES.len())];
        let name = if rng.random_bool(0.5) {
            format!("{} {city} #{}", BRANDS_RU[rng.random_range(0..BRANDS_RU.len())], n + 1)
        } else {
            format!("{} {city} #{}", BRANDS[rng.random_range(0..BRANDS.len())], n + 1)
        };
        let corp = 10000 + (account as u32 * 37 + n / 25) % 90000;
        let licenses: Vec<serde_json::Value> = (0..rng.random_range(1..4))
            .map(|_| {
                serde_json::json!({
                    "product": PRODUCTS[rng.random_range(0..PRODUCTS.len())],
                    "expires": format!("20{}-{:02}-{:02}", rng.random_range(25..29), rng.random_range(1..13), rng.random_range(1..29)),
                    "quantity": rng.random_range(1..6),
                    "keys": [format!("{:04X}-{:04X}-{:04X}", rng.random::<u16>(), rng.random::<u16>(), rng.random::<u16>())],
                })
            })
            .collect();
        let props = serde_json::json!({
            "code": format!("{corp:05}{:04}", n % 10000),
            "city": city,
            "corporation": format!("Corp {corp:05}"),
            "licenses": licenses,
        });
        ins.execute(params!["unit", name, account, props.to_string()])?;
        unit_ids.push(tx.last_insert_rowid());
    }
    let mut gids = Vec::new();
    for gi in 0..groups {
        let city = CITIES[gi as usize % CITIES.len()];
        let name = if gi % 2 == 0 {
            format!("{city} restaurants {}", gi + 1)
        } else {
            format!("Группа «{city}» {}", gi + 1)
        };
        ins.execute(params!["unit_group", name, account, "{}"])?;
        let gid = tx.last_insert_rowid();
        let size = rng.random_range(20..80).min(unit_ids.len());
        let start = rng.random_range(0..unit_ids.len().saturating_sub(size).max(1));
        for u in &unit_ids[start..start + size] {
            tx.execute(
                "INSERT OR IGNORE INTO group_members(group_id, unit_id) VALUES(?1, ?2)",
                [gid, *u],
            )?;
        }
        gids.push(gid);
    }
    Ok(gids)
}

/// Adds `n` users without passwords to `dealer_id`, from login `from` on: for tests and benches.
pub fn bulk_users(db: &Db, dealer_id: i64, from: u16, n: u16) -> Result<(), ApiError> {
    db.with(|c| {
        let tx = c.transaction()?;
        for i in 0..n {
            let l = Login::new(from + i).map_err(|e| ApiError::internal(e.to_string()))?;
            let d = draft(
                &format!("bulk{}", l),
                "Bulk",
                "User",
                &format!("bulk{l}@example.com"),
                vec![Role::Client],
            );
            insert_user(&tx, l, &d, dealer_id, "LS", None, &format!("bulk-token-{l}"), None)?;
        }
        crate::store::bump(&tx)?;
        tx.commit()?;
        Ok(())
    })
}

/// Bootstraps and, for `demo`, seeds. Returns the admin credentials when they were created.
pub fn seed(db: &Db, kind: &str, admin: AdminCredentials) -> Result<Option<AdminCredentials>, ApiError> {
    seed_with(db, kind, admin, 42)
}

/// As [`seed`], with the generator's seed number: the same number gives the same data.
pub fn seed_with(
    db: &Db,
    kind: &str,
    admin: AdminCredentials,
    number: u64,
) -> Result<Option<AdminCredentials>, ApiError> {
    if !["empty", "demo", "full"].contains(&kind) {
        return Err(ApiError::validation(format!(
            "unknown seed '{kind}' (demo, full, empty)"
        )));
    }
    if !bootstrap(db, &admin)? {
        return Ok(None);
    }
    match kind {
        "empty" => {}
        "demo" => demo(db, number, 1200)?,
        "full" => full(db, number)?,
        o => return Err(ApiError::validation(format!("unknown seed '{o}' (demo, full, empty)"))),
    }
    Ok(Some(admin))
}

/// The full scale of SPEC §6 on top of the demo: 9,999 users, about 100,000 units in about
/// 2,000 groups over 50 accounts. Reproducible from `seed`.
pub fn full(db: &Db, seed: u64) -> Result<(), ApiError> {
    demo(db, seed, 9990)?;
    let mut rng = StdRng::seed_from_u64(seed.wrapping_add(1));
    db.with(|c| {
        let tx = c.transaction()?;
        let dealer: i64 = tx.query_row("SELECT id FROM dealers WHERE name = 'Gamma Service'", [], |r| r.get(0))?;
        for l in 7u16..=9 {
            let login = Login::new(l).map_err(|e| ApiError::internal(e.to_string()))?;
            let d = draft(
                &format!("spare{l}"),
                "Spare",
                "User",
                &format!("spare{l}@example.com"),
                vec![Role::Client],
            );
            insert_user(&tx, login, &d, dealer, "LS", None, &new_token(), None)?;
        }
        for i in 0..45 {
            let d = db::insert_dealer(&tx, &format!("Dealer {:02}", i + 6), None, None)?;
            demo_objects(&tx, &mut rng, d.account_id.unwrap_or_default(), 2156, 44)?;
        }
        crate::store::bump(&tx)?;
        tx.commit()?;
        Ok(())
    })
}
