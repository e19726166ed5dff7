//! Hostile load and hostile input against the real server: what is refused or bounded, and that
//! real users get through. Figures (memory, latency, rates) are in `benches/abuse.rs`; nothing
//! here asserts a time.
use crate::common;
use common::*;
use ls_console::api::{NewObject, ObjectUpdate};
use ls_console::domain::usr::{md5_hex, usr_header, usr_header_from_hashes};
use ls_console::domain::{Login, ObjectKind, Role, UserDraft};
use ls_console::server::listen::ConnLimits;
use ls_console::server::seed::{self, AdminCredentials, DEMO_MANAGER};
use ls_console::server::{self, Db, ServeOptions};
use std::net::IpAddr;
use std::time::Duration;
use tokio::io::AsyncReadExt;

fn from(addr: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from(addr))
        .build()
        .expect("client")
}

#[tokio::test]
async fn silent_sockets_cannot_keep_clients_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("ls.db")).unwrap();
    seed::seed(
        &db,
        "empty",
        AdminCredentials {
            password: ADMIN_PW.into(),
            token: ADMIN_TOKEN.into(),
            generated: false,
        },
    )
    .unwrap();
    let opts = ServeOptions {
        connections: ConnLimits {
            header_read: Duration::from_millis(800),
            max_connections: 16,
            ..Default::default()
        },
        ..Default::default()
    };
    let running = server::start_with(db, "127.0.0.1:0", opts).await.unwrap();
    // Far more silent sockets than the cap.
    let mut silent = Vec::new();
    for _ in 0..100 {
        silent.push(tokio::net::TcpStream::connect(running.addr).await.unwrap());
    }
    // Real clients still get answers: silent sockets make room for them.
    let c = reqwest::Client::new();
    for _ in 0..10 {
        let r = c.get(format!("{}/api/health", running.url())).send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    // A socket that never sends is closed by the server (made room for, or timed out).
    let mut buf = [0u8; 16];
    let mut closed = 0;
    for s in silent.iter_mut().take(20) {
        if let Ok(Ok(0)) = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await {
            closed += 1;
        }
    }
    assert_eq!(closed, 20, "every silent socket was closed by the server");
    // An idle keep-alive connection is closed too, after its last answer.
    let mut s = tokio::net::TcpStream::connect(running.addr).await.unwrap();
    use tokio::io::AsyncWriteExt;
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut got = Vec::new();
    let end = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut got)).await;
    assert!(end.is_ok(), "the idle connection was closed");
    assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn hostile_input_is_refused_with_the_field_named() {
    let ls = demo().await;
    let m = ls.manager();
    let base = || UserDraft {
        username: "fine.name".into(),
        first_name: "A".into(),
        last_name: "B".into(),
        email: "fine@example.com".into(),
        roles: vec![Role::Client],
        login_allowed: true,
        ..Default::default()
    };
    let megabyte = format!("{}@example.com", "a".repeat(1_000_000));
    type Change = Box<dyn Fn(&mut UserDraft)>;
    let cases: Vec<(&str, Change)> = vec![
        ("email", Box::new(|d| d.email = "nul\u{0}@example.com".into())),
        ("email", Box::new(|d| d.email = "esc\u{1b}[31m@example.com".into())),
        ("email", Box::new(move |d| d.email = megabyte.clone())),
        ("username", Box::new(|d| d.username = "\u{200B}".into())),
        ("username", Box::new(|d| d.username = "admin\u{202E}nimda".into())),
        ("phone", Box::new(|d| d.phone = format!("1{}", " ".repeat(300_000)))),
        (
            "mobile",
            Box::new(|d| d.mobile = "+7 (999) 123 45 67 89 01 23 45 6".into()),
        ),
        ("comments", Box::new(|d| d.comments = "x".repeat(2_001))),
        ("password", Box::new(|d| d.password = Some("      ".into()))),
        ("password", Box::new(|d| d.password = Some("        ".into()))),
        ("password", Box::new(|d| d.password = Some("short".into()))),
    ];
    let before = m.users(&Default::default()).await.unwrap().total;
    for (field, change) in &cases {
        let mut d = base();
        change(&mut d);
        let e = m.create_user(&d).await.unwrap_err();
        assert_eq!(e.status(), Some(400), "{field}: {e}");
        assert_eq!(e.field(), Some(*field), "{e}");
    }
    assert_eq!(
        m.users(&Default::default()).await.unwrap().total,
        before,
        "nothing created"
    );
    // Object names.
    let acc = m
        .objects(Some(ObjectKind::Account), "Alpha Systems", None)
        .await
        .unwrap()
        .objects[0]
        .id;
    for name in ["bell\u{7}", "\u{2066}hidden", "\u{FEFF}\u{200D}", &"x".repeat(201)] {
        let e = m
            .create_object(&NewObject {
                kind: ObjectKind::Unit,
                name: name.into(),
                account_id: acc,
                members: vec![],
                accessors: vec![],
            })
            .await
            .unwrap_err();
        assert_eq!((e.status(), e.field()), (Some(400), Some("name")), "{name:?}: {e}");
    }
    let unit = m.objects(Some(ObjectKind::Unit), "", Some(1)).await.unwrap().objects[0].id;
    let e = m
        .update_object(
            unit,
            &ObjectUpdate {
                name: Some("tab\tname".into()),
                members: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(400));
    // Masks: at most 256 characters, none of them control characters.
    let raw = ls.raw();
    let h = usr_header(Login::new(2).unwrap(), DEMO_MANAGER.password, DEMO_MANAGER.token);
    for (path, mask) in [
        ("/api/users?mask.email=", "*a".repeat(129)),
        ("/api/objects?mask=", "?".repeat(257)),
        ("/api/users/0004/access?mask=", "a%00b".to_string()),
    ] {
        let r = raw
            .get(format!("{}{path}{mask}", ls.url()))
            .header("usr", &h)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{path}");
    }
    let ok = raw
        .get(format!("{}/api/users?mask.email={}", ls.url(), "*a".repeat(128)))
        .header("usr", &h)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200, "256 characters are allowed");
}

/// More bad sign-ins at once than the hashing threads take: the surplus is answered 503 with
/// Retry-After at once (no queue), while a signed-in user keeps working.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_bad_sign_ins_is_answered_not_queued() {
    let ls = demo().await;
    let m = ls.manager();
    assert!(m.me().await.is_ok(), "signed in before the flood");
    let url = format!("{}/api/me", ls.url());
    let mut tasks = Vec::new();
    for i in 0..48u8 {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let c = from([127, 0, 9, 1 + i]);
            let h = usr_header_from_hashes(Login::new(100 + i as u16).unwrap(), &md5_hex("x"), &md5_hex("y"));
            let r = c.get(url).header("usr", h).send().await.unwrap();
            (r.status().as_u16(), r.headers().get("retry-after").is_some())
        }));
    }
    let during = m.users(&Default::default()).await;
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    assert!(during.is_ok(), "the signed-in manager was answered during the flood");
    assert!(answers.iter().all(|(s, _)| matches!(s, 401 | 503)), "{answers:?}");
    let busy: Vec<_> = answers.iter().filter(|(s, _)| *s == 503).collect();
    assert!(
        !busy.is_empty(),
        "48 at once exceed the hashing threads and their queue: {answers:?}"
    );
    assert!(busy.iter().all(|(_, retry)| *retry), "503 says when to come back");
}
