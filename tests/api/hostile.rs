//! Hostile insiders (issue #31): clients the service lets in, turned against everyone else — an
//! address holding idle connections, a neighbour failing sign-ins, a stream outliving its
//! credentials, trickled packed bodies, an observer of compressed answers, a crowd keeping
//! argon2 busy. Each test plays the attack while a signed-in manager reads a card beside it (from
//! an address of its own where the attack uses several), then checks that nothing was lost and
//! that every one of the manager's reads was served in time, and prints a line of figures.
use crate::bystander::Plan;
use crate::common;
use common::*;
use ls_console::api::{Client, CreatedUser, Credentials, Events, UserCopy};
use ls_console::domain::usr::{md5_hex, usr_header, usr_header_from_hashes};
use ls_console::domain::{Role, UserDraft};
use ls_console::server::listen::ConnLimits;
use ls_console::server::seed::{self, AdminCredentials, DemoAccount, DEMO_BETA_MANAGER, DEMO_MANAGER, DEMO_TEST4};
use ls_console::server::{self, Db, Running, ServeOptions};
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// The demo served with `opts`.
async fn demo_with(opts: ServeOptions) -> (tempfile::TempDir, Running) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("ls.db")).expect("open db");
    let admin = AdminCredentials {
        password: ADMIN_PW.into(),
        token: ADMIN_TOKEN.into(),
        generated: false,
    };
    seed::seed(&db, "demo", admin).expect("seed");
    let running = server::start_with(db, "127.0.0.1:0", opts).await.expect("start");
    (dir, running)
}

fn client_at(r: &Running, a: &DemoAccount) -> Client {
    Client::new(&r.url(), Credentials::new(login(a.login), a.password, a.token)).expect("client")
}

fn usr_of(a: &DemoAccount) -> String {
    usr_header(login(a.login), a.password, a.token)
}

/// A bare client whose connections come from `addr` (any 127.x.y.z is this machine).
fn from(addr: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from(addr))
        .build()
        .expect("client")
}

fn draft(name: &str) -> UserDraft {
    UserDraft {
        username: name.into(),
        first_name: "Hal".into(),
        last_name: "Ostile".into(),
        email: format!("{name}@example.com"),
        roles: vec![Role::DealerUser],
        login_allowed: true,
        ..Default::default()
    }
}

/// A new client, signed in as the demo manager, is answered.
async fn served(r: &Running) {
    let me = tokio::time::timeout(Duration::from_secs(10), client_at(r, &DEMO_MANAGER).me()).await;
    assert!(matches!(me, Ok(Ok(_))), "a signed-in user is served: {me:?}");
}

// ---------------------------------------------------------------- A: idle connections

async fn connect_from(addr: [u8; 4], to: SocketAddr) -> TcpStream {
    let s = TcpSocket::new_v4().expect("socket");
    s.bind(SocketAddr::new(IpAddr::from(addr), 0))
        .expect("a loopback address");
    s.connect(to).await.expect("connected")
}

/// One GET /api/health on `s`, which stays open; the answer's first bytes.
async fn ask_health(s: &mut TcpStream) -> String {
    s.write_all(b"GET /api/health HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .expect("sent");
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
        .await
        .expect("answered")
        .expect("read");
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// How many of `conns` the server has kept open.
async fn still_open(conns: &mut [TcpStream]) -> usize {
    let reads = conns.iter_mut().map(|s| async move {
        let mut b = [0u8; 4096];
        for _ in 0..100 {
            match tokio::time::timeout(Duration::from_millis(500), s.read(&mut b)).await {
                Err(_) => return true,
                Ok(Ok(0)) | Ok(Err(_)) => return false,
                // The rest of an answer: read on.
                Ok(Ok(_)) => continue,
            }
        }
        true
    });
    futures::future::join_all(reads)
        .await
        .into_iter()
        .filter(|o| *o)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn idle_keep_alive_connections_cannot_lock_anyone_out() {
    let connections = ConnLimits {
        header_read: Duration::from_secs(30),
        max_connections: 64,
        per_address: 16,
    };
    let (_dir, running) = demo_with(ServeOptions {
        connections,
        ..Default::default()
    })
    .await;
    let m = client_at(&running, &DEMO_MANAGER);
    let u = m.user(login(DEMO_TEST4.login)).await.expect("signed in before");
    let bystander = Plan::manager([127, 0, 0, 9]).start(&running.url()).await;
    // One address opens as many connections as the service holds, asks once on each, keeps them.
    let mut held = Vec::new();
    for _ in 0..64 {
        let mut s = connect_from([127, 0, 0, 5], running.addr).await;
        let head = ask_health(&mut s).await;
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        held.push(s);
    }
    served(&running).await;
    let open = still_open(&mut held).await;
    assert!(open <= 16, "one address keeps its own cap at most: {open} open");
    // Many addresses, each under its cap, fill the service with idle connections.
    for i in 0..64u8 {
        let mut s = connect_from([127, 0, 1, 1 + i / 8], running.addr).await;
        let head = ask_health(&mut s).await;
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        held.push(s);
    }
    served(&running).await;
    let opened = held.len();
    let open = still_open(&mut held).await;
    let reads = bystander.stop().await;
    // Nothing lost: a save made now lands, and what was there is there.
    let mut d = UserDraft::from(&u);
    d.city = "Idle".into();
    m.update_user(u.login, u.version, &d).await.expect("saved");
    let city = m.user(u.login).await.expect("read").city;
    reads.report(
        "idle-keep-alive",
        format!("{open}/{}", connections.max_connections),
        format!("closed-for-room:{}/{opened}", opened - open),
        usize::from(city != "Idle"),
    );
    assert_eq!(city, "Idle");
}

// ---------------------------------------------------------------- B: the sign-in budget

/// `n` failed sign-ins for logins not the sender's, through `c`; how many were refused with 429.
async fn fail_sign_ins(c: &reqwest::Client, url: &str, n: u16, forwarded: impl Fn(u16) -> Option<String>) -> usize {
    let mut throttled = 0;
    for i in 0..n {
        let h = usr_header_from_hashes(login(100 + i * 7), &md5_hex("guess"), &md5_hex("t"));
        let mut req = c.get(url).header("usr", h);
        if let Some(f) = forwarded(i) {
            req = req.header("x-forwarded-for", f);
        }
        let status = req.send().await.expect("answer").status().as_u16();
        assert!(matches!(status, 401 | 429 | 503), "{status}");
        throttled += (status == 429) as usize;
    }
    throttled
}

#[tokio::test]
async fn strangers_failing_at_an_address_do_not_lock_out_a_login_known_there() {
    let ls = demo().await;
    let (admin, m) = (ls.admin(), ls.manager());
    m.me().await.expect("the manager signs in from 127.0.0.1");
    admin.me().await.expect("so does the admin");
    let me = format!("{}/api/me", ls.url());
    // The manager reads beside the strangers, at the address they fail from (the one it uses).
    let bystander = Plan::manager([127, 0, 0, 1]).start(&ls.url()).await;
    let throttled = fail_sign_ins(&ls.raw(), &me, 60, |_| None).await;
    // Stopped before its token is renewed below, which ends its header on purpose.
    let reads = bystander.stop().await;
    assert!(throttled > 0, "the address's shared allowance ran out");
    // A renewed token: the manager's new header was never verified, so it meets the budget.
    let fresh = admin.renew_token(login(DEMO_MANAGER.login)).await.expect("renewed");
    let m2 = ls.client(DEMO_MANAGER.login, DEMO_MANAGER.password, &fresh.token);
    let again = m2.me().await;
    // Lost: the known login locked out.
    reads.report(
        "strangers-failing-sign-ins",
        "-",
        format!("sign-ins:{throttled}/60"),
        usize::from(again.is_err()),
    );
    assert!(again.is_ok(), "the known login keeps its own allowance: {again:?}");
    // Its own failures still count.
    let mut own = Vec::new();
    for _ in 0..12 {
        let h = usr_header(login(DEMO_MANAGER.login), "not-the-password", &fresh.token);
        own.push(
            ls.raw()
                .get(&me)
                .header("usr", h)
                .send()
                .await
                .expect("answer")
                .status()
                .as_u16(),
        );
    }
    assert!(
        own.contains(&429),
        "guessing the known login runs its allowance out: {own:?}"
    );
    let users = m2.users(&Default::default()).await;
    assert!(users.is_ok_and(|p| p.total > 0), "the verified header is still served");
}

#[tokio::test]
async fn forwarded_for_counts_only_from_a_trusted_proxy() {
    let (_dir, running) = demo_with(ServeOptions {
        trusted_proxies: vec!["127.0.0.1/32".parse().expect("cidr")],
        ..Default::default()
    })
    .await;
    let me = format!("{}/api/me", running.url());
    let proxy = from([127, 0, 0, 1]);
    // The manager reads from an address of its own, neither the proxy nor the liar below.
    let bystander = Plan::manager([127, 0, 0, 4]).start(&running.url()).await;
    // Behind the proxy, one client fails 60 sign-ins: that client is throttled ...
    let proxied = fail_sign_ins(&proxy, &me, 60, |_| Some("203.0.113.7".into())).await;
    assert!(proxied > 0, "the client behind the proxy ran its allowance out");
    // ... and another client behind the same proxy signs in.
    let r = proxy
        .get(&me)
        .header("usr", usr_of(&DEMO_TEST4))
        .header("x-forwarded-for", "198.51.100.9, 127.0.0.1")
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 200, "another client behind the proxy is its own address");
    // A peer that is no proxy cannot dodge the budget by naming a new address each time.
    let liar = from([127, 0, 0, 3]);
    let lied = fail_sign_ins(&liar, &me, 60, |i| Some(format!("192.0.2.{}", 1 + i))).await;
    let reads = bystander.stop().await;
    // Lost: the other client behind the proxy refused (checked above).
    reads.report("forwarded-for", "-", format!("proxied:{proxied}/60,liar:{lied}/60"), 0);
    assert!(lied > 0, "X-Forwarded-For from an untrusted peer is ignored");
    served(&running).await;
}

// ---------------------------------------------------------------- C: the event stream

/// Whether the stream ended (closed by the server) within `limit`.
async fn ended_within(ev: &mut Events, limit: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, ev.next()).await {
            Err(_) => return false,
            Ok(Ok(None)) | Ok(Err(_)) => return true,
            Ok(Ok(Some(_))) => continue,
        }
    }
}

async fn set_city(c: &Client, city: &str) {
    let u = c.user(login(DEMO_TEST4.login)).await.expect("test4");
    let mut d = UserDraft::from(&u);
    d.city = city.into();
    c.update_user(u.login, u.version, &d).await.expect("saved");
}

#[tokio::test]
async fn an_event_stream_ends_soon_after_its_credentials_stop_working() {
    let ls = demo().await;
    let admin = ls.admin();
    let mut ev = ls.manager().events(None).await.expect("stream");
    set_city(&admin, "Before").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while ev.last.is_none() && tokio::time::Instant::now() < deadline {
        let _ = tokio::time::timeout_at(deadline, ev.next()).await;
    }
    assert!(ev.last.is_some(), "the stream delivered the first change");
    // The manager's own credentials are what this attack ends: Beta's manager reads its card
    // beside it.
    let bystander = Plan::manager([127, 0, 0, 1])
        .reader(&DEMO_BETA_MANAGER, DEMO_BETA_MANAGER.login)
        .start(&ls.url())
        .await;
    // The token is renewed: the old header stops working, and so does the stream.
    let renewed = admin.renew_token(login(DEMO_MANAGER.login)).await.expect("renewed");
    let t = tokio::time::Instant::now();
    assert!(
        ended_within(&mut ev, Duration::from_secs(10)).await,
        "the stream ended once its token was renewed"
    );
    let after_renewal = t.elapsed();
    assert_eq!(ls.manager().me().await.err().and_then(|e| e.status()), Some(401));
    // Nothing lost: the new header resumes after the last event and sees what came meanwhile.
    set_city(&admin, "After").await;
    let m = ls.client(DEMO_MANAGER.login, DEMO_MANAGER.password, &renewed.token);
    let mut again = m.events(ev.last).await.expect("resumed");
    let mut seen = false;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !seen && tokio::time::Instant::now() < deadline {
        if let Ok(Ok(Some(ls_console::api::Event::Audit(e)))) = tokio::time::timeout_at(deadline, again.next()).await {
            seen = serde_json::to_string(&e).expect("json").contains("After");
        }
    }
    assert!(seen, "the change made while the stream was closed arrived on resuming");
    // A password changed by another hand writes no event: the clock finds it.
    let other = rusqlite::Connection::open(&ls.db_path).expect("db");
    other.busy_timeout(Duration::from_secs(5)).expect("timeout");
    other
        .execute(
            "UPDATE users SET pw_hash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$changedbyhand' WHERE login = ?1",
            [DEMO_MANAGER.login],
        )
        .expect("changed");
    let t = tokio::time::Instant::now();
    assert!(
        ended_within(&mut again, Duration::from_secs(10)).await,
        "the stream ended once its password was changed"
    );
    let after_change = t.elapsed();
    let reads = bystander.stop().await;
    // Lost: the change made while the stream was closed is checked above.
    reads.report(
        "event-stream-after-credentials",
        "1/-",
        format!(
            "stream-ended-after-s:renewed:{:.1},changed-by-hand:{:.1}",
            after_renewal.as_secs_f64(),
            after_change.as_secs_f64()
        ),
        0,
    );
    assert!(admin.me().await.is_ok(), "others are still served");
}

// ---------------------------------------------------------------- D, F: request bodies

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).expect("gzip");
    e.finish().expect("gzip")
}

/// A packed PUT whose body comes a byte at a time; the answer's first bytes ("" if none).
async fn trickle(to: SocketAddr, usr: String) -> String {
    let (mut rd, mut wr) = TcpStream::connect(to).await.expect("connect").into_split();
    let mut head = format!(
        "PUT /api/users/0004 HTTP/1.1\r\nhost: x\r\nusr: {usr}\r\ncontent-type: application/json\r\n\
         content-encoding: gzip\r\nif-match: 1\r\ntransfer-encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    head.extend_from_slice(b"2\r\n\x1f\x8b\r\n");
    wr.write_all(&head).await.expect("head sent");
    let writer = tokio::spawn(async move {
        for _ in 0..60 {
            tokio::time::sleep(Duration::from_millis(250)).await;
            if wr.write_all(b"1\r\n\x00\r\n").await.is_err() {
                break;
            }
        }
    });
    let mut buf = vec![0u8; 2048];
    let n = tokio::time::timeout(Duration::from_secs(15), rd.read(&mut buf)).await;
    writer.abort();
    match n {
        Ok(Ok(n)) => String::from_utf8_lossy(&buf[..n]).into_owned(),
        _ => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn trickled_packed_bodies_stall_no_one_else() {
    let (_dir, running) = demo_with(ServeOptions {
        body_timeout: Duration::from_secs(3),
        ..Default::default()
    })
    .await;
    // Any signed-in user: test4, its header verified once so the tricklers skip argon2.
    client_at(&running, &DEMO_TEST4).me().await.expect("test4 signs in");
    // The manager reads from an address of its own; the tricklers come from 127.0.0.1.
    let bystander = Plan::manager([127, 0, 0, 2]).start(&running.url()).await;
    let tricklers: Vec<_> = (0..6)
        .map(|_| tokio::spawn(trickle(running.addr, usr_of(&DEMO_TEST4))))
        .collect();
    tokio::time::sleep(Duration::from_millis(600)).await;
    // The manager's small packed save is answered at once, not after the tricklers.
    let m = client_at(&running, &DEMO_MANAGER);
    let u = m.user(login(DEMO_TEST4.login)).await.expect("test4");
    let mut d = UserDraft::from(&u);
    d.city = "Trickle".into();
    let put = reqwest::Client::new()
        .put(format!("{}/api/users/0004", running.url()))
        .header("usr", usr_of(&DEMO_MANAGER))
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .header("if-match", u.version.to_string())
        .body(gzip(&serde_json::to_vec(&d).expect("json")))
        .send();
    let r = tokio::time::timeout(Duration::from_secs(5), put)
        .await
        .expect("the packed save is not held behind trickled bodies")
        .expect("answer");
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let city = m.user(u.login).await.expect("read").city;
    // The tricklers are cut off by the body deadline.
    let mut heads = Vec::new();
    for t in tricklers {
        heads.push(t.await.expect("trickler"));
    }
    let reads = bystander.stop().await;
    let cut = heads.iter().filter(|h| h.starts_with("HTTP/1.1 408")).count();
    reads.report(
        "trickled-packed-bodies",
        format!("{}/{}", heads.len(), ConnLimits::default().max_connections),
        format!("trickled:{cut}/{}", heads.len()),
        usize::from(city != "Trickle"),
    );
    assert_eq!(city, "Trickle", "saved");
    for head in &heads {
        assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    }
    served(&running).await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_sent_with_or_without_a_length() {
    let ls = demo().await;
    let url = format!("{}/api/dealers", ls.url());
    let before = ls.admin().dealers().await.expect("dealers").len();
    let bystander = Plan::manager([127, 0, 0, 2]).start(&ls.url()).await;
    // 17 chunks of 64 KiB: past 1 MiB, no length announced.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..17).map(|_| Ok(vec![b' '; 64 << 10])).collect();
    let r = ls
        .raw()
        .post(&url)
        .header("usr", usr_header(login(1), ADMIN_PW, ADMIN_TOKEN))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .expect("answer");
    let reads = bystander.stop().await;
    let status = r.status();
    let after = ls.admin().dealers().await.expect("dealers").len();
    // Lost, here: anything made from the refused body.
    reads.report(
        "chunked-over-1mib",
        "-",
        format!("oversized:{}/1", usize::from(status == 413)),
        after.abs_diff(before),
    );
    assert_eq!(status, 413);
    let b: serde_json::Value = r.json().await.expect("the API's error shape");
    assert_eq!(b["error"]["code"], "too_large", "{b}");
    assert_eq!(after, before, "nothing made");
}

// ---------------------------------------------------------------- E: one-time credentials

/// One request on a fresh connection; the answer's status, headers (names lower-case) and body.
async fn exchange(to: SocketAddr, head: String, body: &[u8]) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut s = TcpStream::connect(to).await.expect("connect");
    s.write_all(head.as_bytes()).await.expect("head");
    s.write_all(body).await.expect("body");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut raw))
        .await
        .expect("answered")
        .expect("read");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let text = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = text.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut rest = &raw[split + 4..];
    let mut body = Vec::new();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        for _ in 0..10_000 {
            let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") else {
                break;
            };
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..eol]).trim(), 16).unwrap_or(0);
            if size == 0 || rest.len() < eol + 2 + size {
                break;
            }
            body.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
            rest = &rest[(eol + 4 + size).min(rest.len())..];
        }
    } else {
        body = rest.to_vec();
    }
    (status, headers, body)
}

/// POSTs `body` as `a`, asking for every compression there is.
async fn post_asking_compression(
    to: SocketAddr,
    path: &str,
    a: &DemoAccount,
    body: &[u8],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\nusr: {}\r\ncontent-type: application/json\r\n\
         accept-encoding: gzip, br, zstd\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        usr_of(a),
        body.len()
    );
    exchange(to, head, body).await
}

#[tokio::test]
async fn answers_carrying_new_credentials_are_never_compressed() {
    let ls = demo().await;
    let addr = ls.running.addr;
    let long = "x".repeat(1500);
    let made = UserDraft {
        comments: long.clone(),
        ..draft("fresh.secret")
    };
    let copied = UserCopy {
        user: UserDraft {
            comments: long,
            ..draft("copied.secret")
        },
        levels: vec![],
    };
    let bystander = Plan::manager([127, 0, 0, 2]).start(&ls.url()).await;
    let (mut sent, mut compressed, mut lost) = (0, 0, 0);
    for (path, body) in [
        ("/api/users".to_string(), serde_json::to_vec(&made).expect("json")),
        (
            format!("/api/users/{}/copy", login(DEMO_TEST4.login)),
            serde_json::to_vec(&copied).expect("json"),
        ),
    ] {
        let (status, headers, body) = post_asking_compression(addr, &path, &DEMO_MANAGER, &body).await;
        let text = String::from_utf8_lossy(&body).into_owned();
        assert_eq!(status, 201, "{path}: {text}");
        assert!(body.len() > 1024, "{path}: an answer the size rule would compress");
        let encoding = headers.iter().find(|(k, _)| k == "content-encoding");
        sent += 1;
        compressed += usize::from(encoding.is_some());
        assert!(
            encoding.is_none(),
            "{path}: new credentials went compressed ({encoding:?})"
        );
        let no_store = headers
            .iter()
            .any(|(k, v)| k == "cache-control" && v.contains("no-store"));
        assert!(no_store, "{path}: nor are they kept by caches");
        // Nothing lost: the credentials shown once work.
        let c: CreatedUser = serde_json::from_slice(&body).expect("a created user");
        let them = ls.client(c.user.login.get(), &c.credentials.password, &c.credentials.api_token);
        let signed_in = them.me().await.is_ok();
        lost += usize::from(!signed_in);
        assert!(signed_in, "{path}: the new user signs in");
    }
    let reads = bystander.stop().await;
    // Lost, here: new users whose credentials, shown once, did not work.
    reads.report(
        "credentials-compressed",
        "-",
        format!("compressed:{compressed}/{sent}"),
        lost,
    );
    // Answers without a secret are still compressed when asked.
    let head = format!(
        "GET /api/users HTTP/1.1\r\nhost: x\r\nusr: {}\r\naccept-encoding: gzip\r\nconnection: close\r\n\r\n",
        usr_of(&DEMO_MANAGER)
    );
    let (status, headers, _) = exchange(addr, head, b"").await;
    assert_eq!(status, 200);
    assert!(headers.iter().any(|(k, v)| k == "content-encoding" && v == "gzip"));
}

// ---------------------------------------------------------------- F: a busy answer names it

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_create_refused_while_argon2_is_busy_says_what_is_busy() {
    let ls = demo().await;
    let m = ls.manager();
    let before = m.users(&Default::default()).await.expect("signed in").total;
    // The manager reads from an address of its own; its creates below come from 127.0.0.1.
    let bystander = Plan::manager([127, 0, 0, 2]).start(&ls.url()).await;
    // 48 addresses fail sign-ins as fast as they are answered: argon2 stays busy.
    let stop = Arc::new(AtomicBool::new(false));
    let me = format!("{}/api/me", ls.url());
    let flood: Vec<_> = (0..48u16)
        .map(|i| {
            let (me, stop) = (me.clone(), stop.clone());
            tokio::spawn(async move {
                let c = from([127, 0, 3, 1 + i as u8]);
                for n in 0..400u16 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let l = login(100 + (i * 131 + n * 7) % 9000);
                    let h = usr_header_from_hashes(l, &md5_hex(&format!("g{n}")), &md5_hex("t"));
                    let _ = c.get(&me).header("usr", h).send().await;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let url = format!("{}/api/users", ls.url());
    let (mut made, mut busy) = (0, None);
    for k in 0..40 {
        let r = ls
            .raw()
            .post(&url)
            .header("usr", usr_of(&DEMO_MANAGER))
            .json(&draft(&format!("busy.{k}")))
            .send()
            .await
            .expect("answer");
        match r.status().as_u16() {
            201 => made += 1,
            503 => {
                let retry = r.headers().get("retry-after").is_some();
                let b: serde_json::Value = r.json().await.expect("the API's error shape");
                busy = Some((retry, b["error"]["message"].as_str().unwrap_or_default().to_string()));
                break;
            }
            s => panic!("a create answered {s}"),
        }
    }
    stop.store(true, Ordering::Relaxed);
    for t in flood {
        let _ = t.await;
    }
    let reads = bystander.stop().await;
    let total = m.users(&Default::default()).await.expect("users").total;
    // Lost, here: rows half-made by the refused creates.
    let refused = usize::from(busy.is_some());
    reads.report(
        "argon2-busy",
        "-",
        format!("creates:{refused}/{}", made + refused),
        total.abs_diff(before + made),
    );
    let (retry, message) = busy.expect("argon2 kept busy: a create was refused");
    assert!(retry, "503 says when to come back");
    assert!(
        message.contains("hashing the new user's password") && !message.contains("sign-in"),
        "the refusal names what is busy: {message}"
    );
    // Nothing half-made; once argon2 is free the same create goes through.
    assert_eq!(total, before + made);
    let mut after = None;
    for _ in 0..20 {
        match m.create_user(&draft("busy.after")).await {
            Ok(c) => {
                after = Some(c);
                break;
            }
            Err(e) if e.status() == Some(503) => tokio::time::sleep(Duration::from_millis(250)).await,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(after.is_some(), "created once argon2 was free");
}
