//! Hostile load against the real `lsc serve` (the release binary, its own process, loopback
//! only, bounded in time): memory and a signed-in user's latency under a flood of bad sign-ins,
//! guessing speed against one login, the service answering with 2,000 idle sockets open under
//! `ulimit -n 1024`, and the worst wildcard mask at the field limits. Prints figures; asserts no
//! time. Run: `cargo bench --bench abuse`; `cargo bench --bench abuse -- --test` is the quick
//! mode CI runs: every phase for a second or a handful of requests, where a phase that cannot run
//! or a request answered otherwise than the service must answer it fails the run.
use ls_console::domain::query::UserIndex;
use ls_console::domain::usr::{md5_hex, usr_header, usr_header_from_hashes};
use ls_console::domain::{Column, Login, Mask, Role, Source, User};
use ls_console::server::seed::{DEMO_AGGREGATOR, DEMO_MANAGER, DEMO_TEST4};
use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `lsc serve --seed demo` under `ulimit -n 1024`, on a free loopback port.
fn serve() -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("abuse.db");
    let script = format!(
        "ulimit -n 1024 && exec '{}' serve --seed demo --db '{}' --bind 127.0.0.1:0",
        env!("CARGO_BIN_EXE_lsc"),
        db.display()
    );
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .env("LSC_ADMIN_PASSWORD", "abuse-admin")
        .env("LSC_ADMIN_TOKEN", "abuse-token")
        .env("LSC_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("lsc serve starts");
    let out = child.stdout.take().expect("stdout");
    let mut url = String::new();
    for line in BufReader::new(out).lines().map_while(Result::ok) {
        if let Some(u) = line.strip_prefix("lsc serve: listening on ") {
            url = u.trim().to_string();
            break;
        }
    }
    assert!(!url.is_empty(), "the service printed its address");
    Server { child, url, _dir: dir }
}

/// A field of `/proc/PID/status` in MB.
fn proc_mb(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok()))
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn client_from(addr: IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(addr)
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v.get(((v.len() as f64 * p) as usize).min(v.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

/// 128 clients, each from its own loopback address, sending wrong passwords for random logins
/// (and unknown logins) for `secs`, while a signed-in manager reads a user over and over, and a
/// user who signed in from its address before signs in again with a header not yet verified
/// (a quarter into the flood). In quick mode anything but 401/429/503 to the flood, a failed read
/// of the manager's or the returning user refused fails the run.
async fn flood(s: &Server, pid: u32, secs: u64, quick: bool) {
    let manager = usr_header(
        Login::new(DEMO_MANAGER.login).expect("login"),
        DEMO_MANAGER.password,
        DEMO_MANAGER.token,
    );
    let local = client_from(IpAddr::from([127, 0, 0, 1]));
    let agg = usr_header(
        Login::new(DEMO_AGGREGATOR.login).expect("login"),
        DEMO_AGGREGATOR.password,
        DEMO_AGGREGATOR.token,
    );
    // Signed in before the flood, as the user of a console is.
    for h in [&manager, &agg] {
        let r = local.get(format!("{}/api/me", s.url)).header("usr", h).send().await;
        assert!(r.is_ok_and(|r| r.status() == 200), "signed in before the flood");
    }
    let before = proc_mb(pid, "VmRSS");
    let stop = Arc::new(AtomicBool::new(false));
    let counts: Arc<[AtomicUsize; 4]> = Arc::new(Default::default());
    let mut tasks = Vec::new();
    for i in 0..128u16 {
        let (url, stop, counts) = (s.url.clone(), stop.clone(), counts.clone());
        tasks.push(tokio::spawn(async move {
            let c = client_from(IpAddr::from([127, 0, 1 + (i / 250) as u8, 1 + (i % 250) as u8]));
            let mut n = 0u16;
            while !stop.load(Ordering::Relaxed) {
                n = n.wrapping_add(1);
                let login = Login::new(1 + (i * 37 + n) % 9000).unwrap_or(Login::new(1).expect("login"));
                let h = usr_header_from_hashes(login, &md5_hex(&format!("guess{n}")), &md5_hex("t"));
                let st = match c.get(format!("{url}/api/me")).header("usr", h).send().await {
                    Ok(r) => match r.status().as_u16() {
                        401 => 0,
                        429 => 1,
                        503 => 2,
                        _ => 3,
                    },
                    Err(_) => 3,
                };
                counts[st].fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let real = {
        let (url, stop) = (s.url.clone(), stop.clone());
        tokio::spawn(async move {
            let c = client_from(IpAddr::from([127, 0, 0, 1]));
            let h = manager;
            let mut lat = Vec::new();
            let mut failed = 0;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let ok = c
                    .get(format!("{url}/api/users/0004"))
                    .header("usr", &h)
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 200);
                lat.push(t.elapsed());
                failed += !ok as usize;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (lat, failed)
        })
    };
    let mut peak_now = 0.0f64;
    let t0 = Instant::now();
    let mut returning = None;
    let renew_at = Duration::from_secs(secs) / 4;
    // Until the end, and never before the returning user has tried.
    while t0.elapsed() < Duration::from_secs(secs) || returning.is_none() {
        tokio::time::sleep(Duration::from_millis(100)).await;
        peak_now = peak_now.max(proc_mb(pid, "VmRSS"));
        if returning.is_none() && t0.elapsed() > renew_at {
            // The aggregator renews its token mid-flood and signs in with the new header: argon2
            // is needed, and the place kept for known addresses lets it through.
            let renewed: serde_json::Value = match local
                .post(format!("{}/api/users/0003/api-token", s.url))
                .header("usr", &agg)
                .send()
                .await
            {
                Ok(r) => r.json().await.unwrap_or_default(),
                Err(_) => Default::default(),
            };
            let token = renewed["token"].as_str().unwrap_or_default().to_string();
            let fresh = usr_header(
                Login::new(DEMO_AGGREGATOR.login).expect("login"),
                DEMO_AGGREGATOR.password,
                &token,
            );
            let t = Instant::now();
            let mut tries = 0;
            let mut ok = false;
            while !ok && tries < 20 {
                tries += 1;
                ok = local
                    .get(format!("{}/api/me", s.url))
                    .header("usr", &fresh)
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 200);
            }
            returning = Some((ok, tries, t.elapsed()));
        }
    }
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    let (mut lat, failed) = real.await.unwrap_or_default();
    let c: Vec<usize> = counts.iter().map(|a| a.load(Ordering::Relaxed)).collect();
    println!(
        "flood: 128 concurrent bad sign-ins from 128 addresses for {secs} s: {} answered 401 (checked), {} 429 (budget spent), {} 503 (hashing full), {} other",
        c[0], c[1], c[2], c[3]
    );
    println!(
        "flood: server RSS {before:.0} MB before, peak {:.0} MB (VmHWM {:.0} MB)",
        peak_now,
        proc_mb(pid, "VmHWM")
    );
    if let Some((ok, tries, took)) = returning {
        println!(
            "flood: a user signing in again from its own address with a new token: {} after {tries} attempt(s), {:.0} ms",
            if ok { "in" } else { "refused" },
            took.as_secs_f64() * 1e3
        );
    }
    println!(
        "flood: a signed-in manager's GET /api/users/0004 meanwhile: {} requests, {failed} failed, p50 {:.1} ms, p99 {:.1} ms",
        lat.len(),
        pct(&mut lat, 0.50).as_secs_f64() * 1e3,
        pct(&mut lat, 0.99).as_secs_f64() * 1e3
    );
    if quick {
        assert!(c[0] + c[1] + c[2] > 0, "quick mode: the flood got no answer");
        assert_eq!(
            c[3], 0,
            "quick mode: flood requests answered other than 401/429/503 or not at all"
        );
        assert!(
            returning.is_some_and(|(ok, _, _)| ok),
            "quick mode: the user renewing its token mid-flood was refused"
        );
        assert!(!lat.is_empty(), "quick mode: the manager read nothing during the flood");
        assert_eq!(
            failed, 0,
            "quick mode: the signed-in manager's reads failed during the flood"
        );
    }
}

/// 32 parallel guessers against Test4's password for `secs` seconds, from one address and
/// then from 32: how many guesses the service checks per second once the first are spent. In
/// quick mode a guess answered otherwise than 401/429/503 (or not at all) fails the run.
async fn guessing(s: &Server, secs: u64, base: [u8; 3], spread: bool, quick: bool) {
    let checked = Arc::new(AtomicUsize::new(0));
    let late = Arc::new(AtomicUsize::new(0));
    // Guesses answered anything but 401, 429 or 503, or not answered.
    let other = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    // The steady state: the second half of the run.
    let half = Duration::from_secs(secs) / 2;
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..32u8 {
        let (url, checked, late, other, stop) = (
            s.url.clone(),
            checked.clone(),
            late.clone(),
            other.clone(),
            stop.clone(),
        );
        let addr = IpAddr::from([base[0], base[1], base[2], if spread { 1 + i } else { 1 }]);
        tasks.push(tokio::spawn(async move {
            let c = client_from(addr);
            let l = Login::new(DEMO_TEST4.login).expect("login");
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let h = usr_header_from_hashes(l, &md5_hex(&format!("0004guess{i}.{n}")), &md5_hex(DEMO_TEST4.token));
                match c.get(format!("{url}/api/me")).header("usr", h).send().await {
                    Ok(r) if r.status() == 401 => {
                        checked.fetch_add(1, Ordering::Relaxed);
                        if t0.elapsed() > half {
                            late.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Ok(r) if r.status() == 429 || r.status() == 503 => {}
                    _ => {
                        other.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(secs)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    let other = other.load(Ordering::Relaxed);
    println!(
        "guessing: 32 parallel clients from {} for {secs} s: {} guesses checked in all, {:.2} per second in the second half, {other} answered otherwise",
        if spread { "32 addresses" } else { "one address" },
        checked.load(Ordering::Relaxed),
        late.load(Ordering::Relaxed) as f64 / half.as_secs_f64()
    );
    if quick {
        assert_eq!(
            other, 0,
            "quick mode: guesses answered other than 401/429/503 or not at all"
        );
    }
}

/// How long each kind of failed sign-in takes, `per_kind` times each from a fresh address (no
/// budget in play). In quick mode an answer other than 401 fails the run.
async fn failure_timing(s: &Server, per_kind: u8, quick: bool) {
    let l = Login::new(DEMO_TEST4.login).expect("login");
    let kinds = [
        (
            "wrong password",
            usr_header_from_hashes(l, &md5_hex("0004nope"), &md5_hex(DEMO_TEST4.token)),
        ),
        (
            "right password, wrong token",
            usr_header_from_hashes(l, &md5_hex(&format!("0004{}", DEMO_TEST4.password)), &md5_hex("nope")),
        ),
        (
            "unknown login",
            usr_header_from_hashes(Login::new(9876).expect("login"), &md5_hex("x"), &md5_hex("y")),
        ),
    ];
    // The right header once, so a cache could remember the password (it must not help).
    let right = usr_header(l, DEMO_TEST4.password, DEMO_TEST4.token);
    let _ = client_from(IpAddr::from([127, 0, 5, 1]))
        .get(format!("{}/api/me", s.url))
        .header("usr", right)
        .send()
        .await;
    for (k, (name, h)) in kinds.iter().enumerate() {
        let mut lat = Vec::new();
        for i in 0..per_kind {
            let c = client_from(IpAddr::from([127, 0, 6 + k as u8, 1 + i]));
            let t = Instant::now();
            let r = c.get(format!("{}/api/me", s.url)).header("usr", h).send().await;
            lat.push(t.elapsed());
            if quick {
                let status = r.map(|r| r.status().as_u16());
                assert!(
                    matches!(status, Ok(401)),
                    "quick mode: failure timing, {name}: answered {status:?}, not 401"
                );
            }
        }
        println!(
            "failure timing: {name}: median {:.1} ms",
            pct(&mut lat, 0.5).as_secs_f64() * 1e3
        );
    }
}

/// 2,000 sockets that never send a byte, then `checks` health checks (in quick mode each must
/// be answered).
async fn idle_sockets(s: &Server, pid: u32, checks: usize, quick: bool) {
    #[cfg(target_os = "linux")]
    // SAFETY: setrlimit with a valid struct; only this process's own limit changes.
    unsafe {
        let mut r = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) == 0 {
            r.rlim_cur = r.rlim_max.min(8192);
            libc::setrlimit(libc::RLIMIT_NOFILE, &r);
        }
    }
    let addr = s.url.trim_start_matches("http://").to_string();
    let mut socks = Vec::new();
    for _ in 0..2000 {
        match tokio::time::timeout(Duration::from_secs(2), tokio::net::TcpStream::connect(&addr)).await {
            Ok(Ok(c)) => socks.push(c),
            Ok(Err(e)) => {
                // This process ran out of descriptors (its hard limit is low): a few back, so
                // the health checks below can connect.
                println!("idle sockets: connecting stopped after {}: {e}", socks.len());
                socks.truncate(socks.len().saturating_sub(32));
                break;
            }
            Err(_) => break,
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count());
    let c = client_from(IpAddr::from([127, 0, 0, 1]));
    let mut lat = Vec::new();
    let mut ok = 0;
    for _ in 0..checks {
        let t = Instant::now();
        if c.get(format!("{}/api/health", s.url))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            ok += 1;
        }
        lat.push(t.elapsed());
    }
    println!(
        "idle sockets: {} open and silent, the service (ulimit -n 1024) holding {fds} descriptors: /api/health {ok}/{checks} answered, p50 {:.1} ms, max {:.1} ms",
        socks.len(),
        pct(&mut lat, 0.5).as_secs_f64() * 1e3,
        pct(&mut lat, 1.0).as_secs_f64() * 1e3
    );
    if quick {
        assert_eq!(
            ok, checks,
            "quick mode: /api/health went unanswered with idle sockets open"
        );
    }
}

fn user_at_limits(n: u16) -> User {
    let long = |c: char, len: usize| std::iter::repeat_n(c, len).collect::<String>();
    User {
        login: Login::new(n).expect("login"),
        username: long('a', 200),
        first_name: long('a', 200),
        last_name: long('a', 200),
        patronymic: String::new(),
        position: long('a', 200),
        city: long('a', 200),
        country: long('a', 200),
        comments: long('a', 2000),
        email: format!("{}@{}.ru", long('a', 120), long('a', 128)),
        phone: "+7 (999) 999 99 99 99 99 999".into(),
        mobile: "+7 (999) 999 99 99 99 99 999".into(),
        dealer_id: 1,
        dealer: long('a', 200),
        roles: vec![Role::Client],
        rights: vec![],
        object_groups: vec![],
        login_allowed: true,
        source: Source::Ls,
        language: Default::default(),
        version: 1,
        created_at: String::new(),
        updated_at: String::new(),
        object_id: 0,
        level: None,
        last_sign_in: None,
    }
}

/// The filter a list runs per keystroke, over 9,999 users whose fields are at the limits, with
/// masks of 256 characters built to hurt a backtracking matcher, each timed `reps` times.
fn worst_masks(reps: usize) {
    let idx = UserIndex::new((1..=9999).map(user_at_limits).collect());
    let masks = [
        (
            "*a*a*…*a* (128 stars, every segment searched)",
            format!("{}*", "*a".repeat(127)),
        ),
        (
            "*a*a*…*a*b (128 stars, the last never found)",
            format!("{}*b", "*a".repeat(127)),
        ),
        (
            "*a?a?…a?b* (one segment of 253, no match)",
            format!("*{}b*", "a?".repeat(126)),
        ),
        (
            "a…ab (255 literal characters, no match)",
            format!("{}b", "a".repeat(254)),
        ),
        ("*?…?* (254 ?)", format!("*{}*", "?".repeat(254))),
    ];
    for (name, m) in masks {
        assert!(m.chars().count() <= 256);
        for col in [Column::Email, Column::Username] {
            let compiled = vec![(col, Mask::new(&m))];
            let mut times = Vec::new();
            for _ in 0..reps {
                let t = Instant::now();
                let rows = idx.filter(&compiled);
                times.push(t.elapsed());
                std::hint::black_box(rows);
            }
            println!(
                "worst mask: {name} on {col:?} over 9,999 users at the field limits: median {:.2} ms",
                pct(&mut times, 0.5).as_secs_f64() * 1e3
            );
        }
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo bench -- --test` (criterion's test mode, what CI runs)
    // asks for the quick mode: every phase, for a second or a handful of requests.
    let quick = std::env::args().skip(1).any(|a| a == "--test");
    if quick {
        println!("quick mode (--test): every phase for a second or a handful of requests; the figures mean nothing");
    }
    let secs = |full: u64| if quick { 1 } else { full };
    worst_masks(if quick { 1 } else { 5 });
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let s = serve();
    let pid = s.child.id();
    rt.block_on(async {
        failure_timing(&s, if quick { 3 } else { 9 }, quick).await;
        flood(&s, pid, secs(8), quick).await;
        guessing(&s, secs(20), [127, 0, 2], false, quick).await;
        guessing(&s, secs(20), [127, 0, 3], true, quick).await;
        idle_sockets(&s, pid, if quick { 3 } else { 20 }, quick).await;
    });
    if quick {
        println!("quick mode: targets not judged");
    }
}
