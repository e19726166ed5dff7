//! The console's requests over a slow link: the real server over the full-scale database, the
//! real client, and between them the link simulator of the tests (a userspace TCP proxy adding
//! the round trip and a bandwidth cap each way, counting the bytes). For each link and each
//! viewer (the Alpha manager, the administrator) it prints what the console waits for and the
//! bytes on the wire: launch → users shown, the objects tree's first open, a masked read, a card,
//! a one-field save (with the list brought up to date), a 500-change batch (with the levels read
//! again), an unchanged reload. "before" repeats the old way: plain JSON, whole lists each time.
//! Run: `cargo bench --bench link` (a few minutes: the "before" column moves megabytes at 5 Mbit/s).
//! `cargo bench --bench link -- --test` is the quick mode CI runs: the same seed, server, viewers
//! and rows over one fast link (2 ms / 1,000 Mbit/s), where any failed action fails the run.
#[path = "common/full.rs"]
mod full;
#[path = "../tests/common/link.rs"]
mod link;

use link::{Link, Shape};
use ls_console::api::{AccessChange, Client, Credentials, UserQuery};
use ls_console::domain::query::UserIndex;
use ls_console::domain::{AccessLevel, Login, ObjectKind, UserDraft};
use ls_console::server;
use ls_console::server::seed::DEMO_MANAGER;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Set once by `main` from `--test` (what `cargo bench -- --test` passes): the quick mode.
static QUICK: AtomicBool = AtomicBool::new(false);

fn quick() -> bool {
    QUICK.load(Ordering::Relaxed)
}

/// A step outside the measured actions: in quick mode its failure fails the run, in a full run
/// the rows that follow show it.
fn checked<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) if quick() => panic!("quick mode: {what}: {e}"),
        Err(_) => None,
    }
}

struct Who {
    name: &'static str,
    login: u16,
    password: &'static str,
    token: &'static str,
}

const WHO: [Who; 2] = [
    Who {
        name: "manager",
        login: 2,
        password: DEMO_MANAGER.password,
        token: DEMO_MANAGER.token,
    },
    Who {
        name: "admin",
        login: 1,
        password: full::ADMIN_PW,
        token: full::ADMIN_TOKEN,
    },
];

/// An action's outcome as `measure` takes it.
fn done<T>(_: T) -> Result<(), String> {
    Ok(())
}

fn fail<E: std::fmt::Display>(e: E) -> Result<(), String> {
    Err(e.to_string())
}

/// One action's wait and bytes (down, up), and its failure if it failed.
struct Took {
    wait: Duration,
    down: u64,
    up: u64,
    failed: Option<String>,
}

async fn measure<F: std::future::Future<Output = Result<(), String>>>(link: &Link, f: F) -> Took {
    let (d0, u0) = link.bytes.get();
    let t = Instant::now();
    let failed = f.await.err();
    let wait = t.elapsed();
    if let Some(e) = &failed {
        println!("  (failed: {e})");
    }
    // The counters move as bytes are delivered; the answer is in when the call returns.
    let (d1, u1) = link.bytes.get();
    Took {
        wait,
        down: d1 - d0,
        up: u1 - u0,
        failed,
    }
}

fn kb(b: u64) -> String {
    if b >= 1_000_000 {
        format!("{:.2} MB", b as f64 / 1e6)
    } else {
        format!("{:.1} KB", b as f64 / 1e3)
    }
}

fn row(what: &str, before: Option<&Took>, now: &Took) {
    let b = before.map_or("—".to_string(), |b| {
        format!("{:.2} s, {} ↓ {} ↑", b.wait.as_secs_f64(), kb(b.down), kb(b.up))
    });
    println!(
        "| {what:<40} | {b:<32} | {:.3} s, {} ↓ {} ↑ |",
        now.wait.as_secs_f64(),
        kb(now.down),
        kb(now.up)
    );
    if quick() {
        for (way, t) in [("before", before), ("now", Some(now))] {
            if let Some(e) = t.and_then(|t| t.failed.as_ref()) {
                panic!("quick mode: {what} ({way}) failed: {e}");
            }
        }
    }
}

/// The old way: no compression, no tags, whole lists.
struct Plain {
    http: reqwest::Client,
    base: String,
    usr: String,
}

impl Plain {
    async fn get(&self, path: &str) -> Result<Vec<u8>, String> {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .header("usr", &self.usr)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let s = r.status();
        let b = r.bytes().await.map_err(|e| e.to_string())?;
        if !s.is_success() {
            return Err(format!("{s}"));
        }
        Ok(b.to_vec())
    }
    async fn users(&self) -> Result<(), String> {
        let b = self.get("/api/users").await?;
        let p: ls_console::api::UsersPage = serde_json::from_slice(&b).map_err(|e| e.to_string())?;
        drop(UserIndex::new(p.users));
        Ok(())
    }
}

async fn one(server: std::net::SocketAddr, shape: Shape, who: &Who, target: Login, batch: &[i64]) {
    let link = Link::start(server, shape).await;
    let login = Login::new(who.login).expect("login");
    let creds = || Credentials::new(login, who.password, who.token);
    let plain = Plain {
        http: reqwest::Client::builder().no_gzip().no_zstd().build().expect("http"),
        base: link.url(),
        usr: ls_console::domain::usr::usr_header(login, who.password, who.token),
    };
    println!();
    println!("### {} over {shape}", who.name);
    println!();
    println!("| action | before (plain, whole lists) | now |");
    println!("|---|---|---|");

    // Launch: who am I, the dealers and the users, at once on a new connection.
    let b = measure(&link, async {
        let (a, b, c) = tokio::join!(plain.get("/api/me"), plain.get("/api/dealers"), plain.users());
        a.and(b).map(|_| ()).and(c)
    })
    .await;
    let client = Client::over_link(&link.url(), creds()).expect("client");
    let mut rev = None;
    let n = measure(&link, async {
        let all = UserQuery::default();
        let (a, b, c) = tokio::join!(client.me(), client.dealers(), client.users(&all));
        a.map_err(|e| e.to_string())?;
        b.map_err(|e| e.to_string())?;
        let page = c.map_err(|e| e.to_string())?;
        rev = page.revision;
        drop(UserIndex::new(page.users));
        Ok(())
    })
    .await;
    row("launch → users shown", Some(&b), &n);

    let b = measure(&link, async { plain.get("/api/objects").await.map(|_| ()) }).await;
    let n = measure(&link, async {
        client.objects(None, "", None).await.map_or_else(fail, done)
    })
    .await;
    row("objects tree, first open (every object)", Some(&b), &n);
    let b = measure(&link, async { plain.get("/api/objects?mask=Fuel*1").await.map(|_| ()) }).await;
    let n = measure(&link, async {
        client.objects(None, "Fuel*1", None).await.map_or_else(fail, done)
    })
    .await;
    row("masked objects from the server (Fuel*1)", Some(&b), &n);

    let path = format!("/api/users/{target}");
    let b = measure(&link, async { plain.get(&path).await.map(|_| ()) }).await;
    let n = measure(&link, async { client.user(target).await.map_or_else(fail, done) }).await;
    row("card open", Some(&b), &n);

    // One field saved, then the list brought up to date (the old way: read whole again).
    let save = |city: &'static str| {
        let client = client.clone();
        async move {
            let u = client.user(target).await.map_err(|e| e.to_string())?;
            let mut d = UserDraft::from(&u);
            d.city = city.into();
            client.update_user(target, u.version, &d).await.map_or_else(fail, done)
        }
    };
    checked(save("Warm").await, "the warm-up save");
    let b = measure(&link, async {
        let u = client.user(target).await.map_err(|e| e.to_string())?;
        let mut d = UserDraft::from(&u);
        d.city = "Before".into();
        client
            .update_user(target, u.version, &d)
            .await
            .map_err(|e| e.to_string())?;
        plain.users().await
    })
    .await;
    let latest =
        checked(client.users(&UserQuery::default()).await, "the users list after a save").and_then(|p| p.revision);
    rev = latest.or(rev);
    let u = client.user(target).await.expect("target");
    let n = measure(&link, async {
        let mut d = UserDraft::from(&u);
        d.city = "After".into();
        client
            .update_user(target, u.version, &d)
            .await
            .map_err(|e| e.to_string())?;
        let delta = client.users_since(rev.unwrap_or(0)).await.map_err(|e| e.to_string())?;
        rev = delta.revision;
        Ok(())
    })
    .await;
    row("one-field save + list up to date", Some(&b), &n);

    // 500 levels in one batch, then the target's levels read again (as the card does).
    let changes = |level| {
        batch
            .iter()
            .map(|id| AccessChange { object_id: *id, level })
            .collect::<Vec<_>>()
    };
    let access = format!("/api/users/{target}/access");
    let b = measure(&link, async {
        client
            .set_access(target, changes(AccessLevel::View))
            .await
            .map_err(|e| e.to_string())?;
        plain.get(&access).await.map(|_| ())
    })
    .await;
    let n = measure(&link, async {
        client
            .set_access(target, changes(AccessLevel::Execute))
            .await
            .map_err(|e| e.to_string())?;
        client.access(target, "").await.map_or_else(fail, done)
    })
    .await;
    row(
        &format!("{}-change batch + levels read again", batch.len()),
        Some(&b),
        &n,
    );

    // Nothing changed: the list asked again.
    let b = measure(&link, plain.users()).await;
    let n = measure(&link, async {
        let d = client.users_since(rev.unwrap_or(0)).await.map_err(|e| e.to_string())?;
        rev = d.revision;
        Ok(())
    })
    .await;
    row("unchanged reload (users list)", Some(&b), &n);
    checked(
        client.objects(None, "", None).await,
        "the objects tree before its reload",
    );
    let b = measure(&link, async { plain.get("/api/objects").await.map(|_| ()) }).await;
    let n = measure(&link, async {
        client.objects(None, "", None).await.map_or_else(fail, done)
    })
    .await;
    row("unchanged reload (objects tree, 304)", Some(&b), &n);
}

fn main() {
    // `cargo bench` passes --bench; `cargo bench -- --test` (criterion's test mode, what CI runs)
    // asks for the quick mode.
    QUICK.store(std::env::args().skip(1).any(|a| a == "--test"), Ordering::Relaxed);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = full::seeded(dir.path());
        let running = server::start(db, "127.0.0.1:0").await.expect("server");
        let url = running.url();
        let manager = Client::new(
            &url,
            Credentials::new(Login::new(2).expect("login"), DEMO_MANAGER.password, DEMO_MANAGER.token),
        )
        .expect("client");
        // A user of the manager's dealer, and 500 units the manager manages, for both viewers.
        let alpha = manager.me().await.expect("me").user.dealer_id;
        let target = manager
            .users(&UserQuery::default())
            .await
            .expect("users")
            .users
            .into_iter()
            .find(|u| u.dealer_id == alpha && u.roles == [ls_console::domain::Role::DealerUser])
            .expect("a user of the manager's dealer")
            .login;
        let batch: Vec<i64> = manager
            .objects(Some(ObjectKind::Unit), "", Some(5_000))
            .await
            .expect("units")
            .objects
            .into_iter()
            .filter(|o| o.level >= AccessLevel::Manage)
            .take(500)
            .map(|o| o.id)
            .collect();
        println!("full scale; target user {target}; batch of {} units", batch.len());
        if quick() {
            assert!(!batch.is_empty(), "quick mode: no unit the manager manages");
            println!("quick mode (--test): one fast link instead of the slow ones; the figures mean nothing");
        }
        let shapes = if quick() {
            vec![Shape::new(2, 1000)]
        } else {
            vec![Shape::new(40, 20), Shape::new(100, 5)]
        };
        for shape in shapes {
            for who in &WHO {
                one(running.addr, shape, who, target, &batch).await;
            }
        }
        if quick() {
            println!();
            println!("quick mode: targets not judged");
        }
    });
}
