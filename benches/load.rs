//! Load test on loopback: 8 concurrent clients against the real server over the full-scale
//! database (9,999 users, ~100,000 units), next to a bare axum handler returning a fixed body on
//! the same machine in the same run (the ceiling). Bounded in requests and time; loopback only.
//! Run: `cargo bench --bench load`.
#[path = "common/full.rs"]
mod full;

use ls_console::api::{AccessChange, Client, Credentials, UserQuery};
use ls_console::domain::{AccessLevel, Login, ObjectKind};
use ls_console::server;
use ls_console::server::seed::DEMO_MANAGER;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CLIENTS: usize = 8;

struct Stats {
    rps: f64,
    p50: Duration,
    p99: Duration,
    errors: usize,
}

async fn run<F, Fut>(clients: usize, per_client: usize, f: F) -> Stats
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let f = Arc::new(f);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let f = f.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per_client);
            let mut errors = 0;
            for i in 0..per_client {
                let t = Instant::now();
                if !f(c, i).await {
                    errors += 1;
                }
                lat.push(t.elapsed());
            }
            (lat, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((l, e)) = t.await {
            all.extend(l);
            errors += e;
        }
    }
    let wall = start.elapsed();
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Stats {
        rps: all.len() as f64 / wall.as_secs_f64(),
        p50: pct(0.50),
        p99: pct(0.99),
        errors,
    }
}

fn row(name: &str, s: &Stats, ceiling: f64) {
    println!(
        "| {name:<44} | {:>9.0} | {:>8.2} | {:>8.2} | {:>6.3} | {:>3} |",
        s.rps,
        s.p50.as_secs_f64() * 1e3,
        s.p99.as_secs_f64() * 1e3,
        s.rps / ceiling,
        s.errors
    );
}

fn main() {
    // `cargo bench` passes flags like --bench; this harness takes none.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let t = Instant::now();
        let db = full::seeded(dir.path());
        println!("seeded the full-scale database in {:.1} s", t.elapsed().as_secs_f64());
        let running = server::start(db, "127.0.0.1:0").await.expect("server");
        let url = running.url();

        // The ceiling: a bare axum handler with a fixed body, same runtime, same machine.
        let bare = axum::Router::new().route("/fixed", axum::routing::get(|| async { r#"{"ok":true}"# }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let bare_url = format!("http://{}/fixed", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, bare).await;
        });

        let admin = Client::new(
            &url,
            Credentials::new(Login::new(1).expect("login"), full::ADMIN_PW, full::ADMIN_TOKEN),
        )
        .expect("client");
        let manager = Client::new(
            &url,
            Credentials::new(Login::new(2).expect("login"), DEMO_MANAGER.password, DEMO_MANAGER.token),
        )
        .expect("client");
        let total = admin.users(&UserQuery::default()).await.map(|p| p.total).unwrap_or(0);
        println!("users visible to the admin: {total}");

        let http = reqwest::Client::new();
        let b = bare_url.clone();
        let ceiling = run(CLIENTS, 500, move |_, _| {
            let http = http.clone();
            let b = b.clone();
            async move { http.get(&b).send().await.is_ok_and(|r| r.status().is_success()) }
        })
        .await;
        println!("| endpoint (8 clients) | req/s | p50 ms | p99 ms | ÷ ceiling | errors |");
        println!("|---|---|---|---|---|---|");
        row("bare axum fixed body (ceiling)", &ceiling, ceiling.rps);

        let a = admin.clone();
        let s = run(CLIENTS, 12, move |_, _| {
            let a = a.clone();
            async move {
                a.users(&UserQuery::default())
                    .await
                    .is_ok_and(|p| p.users.len() == 9999)
            }
        })
        .await;
        row("GET /api/users (9,999 users, admin)", &s, ceiling.rps);
        let a = admin.clone();
        let s = run(1, 20, move |_, _| {
            let a = a.clone();
            async move { a.users(&UserQuery::default()).await.is_ok() }
        })
        .await;
        row("GET /api/users (9,999 users), 1 client", &s, ceiling.rps);

        let a = admin.clone();
        let s = run(CLIENTS, 200, move |c, i| {
            let a = a.clone();
            async move {
                a.user(Login::new(((c * 997 + i * 31) % 9999 + 1) as u16).expect("login"))
                    .await
                    .is_ok()
            }
        })
        .await;
        row("GET /api/users/{login}", &s, ceiling.rps);

        let m = manager.clone();
        let s = run(CLIENTS, 10, move |_, i| {
            let m = m.clone();
            let mask = ["Fuel*#1?", "*кафе*", "Pizza Roma Kazan*"][i % 3];
            async move { m.objects(Some(ObjectKind::Unit), mask, None).await.is_ok() }
        })
        .await;
        row("GET /api/objects?mask= (manager)", &s, ceiling.rps);
        let m = manager.clone();
        let s = run(1, 10, move |_, _| {
            let m = m.clone();
            async move { m.objects(Some(ObjectKind::Unit), "Fuel*#1?", None).await.is_ok() }
        })
        .await;
        row("GET /api/objects?mask=, 1 client", &s, ceiling.rps);

        let units: Vec<i64> = manager
            .objects(Some(ObjectKind::Unit), "", Some(2000))
            .await
            .map(|p| p.objects.into_iter().map(|o| o.id).collect())
            .unwrap_or_default();
        let units = Arc::new(units);
        let m = manager.clone();
        let s = run(CLIENTS, 10, move |c, i| {
            let m = m.clone();
            let units = units.clone();
            async move {
                let id = units[(c * 100 + i) % units.len().max(1)];
                let level = if i % 2 == 0 {
                    AccessLevel::View
                } else {
                    AccessLevel::None
                };
                m.set_access(
                    Login::new(4).expect("login"),
                    vec![AccessChange { object_id: id, level }],
                )
                .await
                .is_ok()
            }
        })
        .await;
        row("PUT /api/users/{login}/access (1 change)", &s, ceiling.rps);
        running.stop().await;
    });
}
