//! Faults on the service's side: a locked or read-only database, `kill -9` in the middle of a
//! batch, eight writers on one user, and clients too slow to finish a request.
use crate::common;
use common::*;
use ls_console::api::{AccessChange, Client, ClientError, Credentials, ObjectsPage};
use ls_console::domain::{AccessLevel, ObjectKind, Role, UserDraft};
use ls_console::server::{self, seed, Db, ServeOptions};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

fn draft(name: &str) -> UserDraft {
    UserDraft {
        username: name.into(),
        first_name: "F".into(),
        last_name: "L".into(),
        email: format!("{name}@example.com"),
        roles: vec![Role::DealerUser],
        login_allowed: true,
        ..Default::default()
    }
}

fn status(e: &ClientError) -> (Option<u16>, String) {
    (e.status(), e.to_string())
}

#[tokio::test]
async fn a_locked_or_read_only_database_is_503_and_nothing_half_written() {
    let ls = demo().await;
    let m = ls.manager();
    let t4 = login(seed::DEMO_TEST4.login);
    let before = m.user(t4).await.unwrap();
    let mut d = UserDraft::from(&before);
    d.city = "Tula".into();

    // Another process holds the write lock (an exclusive transaction on the same file).
    let other = rusqlite::Connection::open(&ls.db_path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let e = m.update_user(t4, before.version, &d).await.unwrap_err();
    let (s, msg) = status(&e);
    assert_eq!(s, Some(503), "{msg}");
    assert!(msg.contains("busy"), "{msg}");
    other.execute_batch("ROLLBACK").unwrap();
    let now = m.user(t4).await.unwrap();
    assert_eq!((now.city.as_str(), now.version), (before.city.as_str(), before.version));

    // The database cannot be written: reads go on, writes are 503, nothing changes.
    ls.db.with(|c| c.pragma_update(None, "query_only", true)).unwrap();
    let e = m.update_user(t4, before.version, &d).await.unwrap_err();
    let (s, msg) = status(&e);
    assert_eq!(s, Some(503), "{msg}");
    assert!(msg.contains("nothing was changed"), "{msg}");
    let unit = m.objects(Some(ObjectKind::Unit), "", Some(3)).await.unwrap().objects;
    let e = m
        .set_access(
            t4,
            unit.iter()
                .map(|o| AccessChange {
                    object_id: o.id,
                    level: AccessLevel::Edit,
                })
                .collect(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(m.user(t4).await.unwrap().version, before.version, "reads still work");
    ls.db.with(|c| c.pragma_update(None, "query_only", false)).unwrap();
    // Once writable again, the same save goes through.
    assert_eq!(m.update_user(t4, before.version, &d).await.unwrap().city, "Tula");
}

#[tokio::test]
async fn eight_writers_lose_no_update() {
    let ls = demo().await;
    let target = ls.manager().create_user(&draft("contended")).await.unwrap().user.login;
    let mut tasks = Vec::new();
    for w in 0..8 {
        let c = ls.manager();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut conflicts) = (0, 0);
            for i in 0..5 {
                loop {
                    let u = c.user(target).await.unwrap();
                    let mut d = UserDraft::from(&u);
                    d.comments = format!("{} w{w}.{i}", u.comments).trim().to_string();
                    match c.update_user(target, u.version, &d).await {
                        Ok(_) => {
                            ok += 1;
                            break;
                        }
                        Err(e) if e.status() == Some(409) => conflicts += 1,
                        Err(e) => panic!("{e}"),
                    }
                }
            }
            (ok, conflicts)
        }));
    }
    let (mut ok, mut conflicts) = (0, 0);
    for t in tasks {
        let (o, c) = t.await.unwrap();
        ok += o;
        conflicts += c;
    }
    let u = ls.manager().user(target).await.unwrap();
    assert_eq!(ok, 40);
    assert_eq!(u.version, 1 + 40, "every save made one version");
    for w in 0..8 {
        for i in 0..5 {
            assert!(
                u.comments.contains(&format!("w{w}.{i}")),
                "w{w}.{i} was lost: {}",
                u.comments
            );
        }
    }
    println!("8 writers: 40 saves landed, {conflicts} stale versions refused with 409 and retried");
}

#[tokio::test]
async fn slow_clients_time_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("ls.db")).unwrap();
    seed::seed(
        &db,
        "empty",
        seed::AdminCredentials {
            password: ADMIN_PW.into(),
            token: ADMIN_TOKEN.into(),
            generated: false,
        },
    )
    .unwrap();
    let opts = ServeOptions {
        request_timeout: Duration::from_millis(800),
        ..Default::default()
    };
    let running = server::start_with(db, "127.0.0.1:0", opts).await.unwrap();
    // Headers promise 200 bytes of body; only one arrives.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(running.addr).await.unwrap();
    let usr = ls_console::domain::usr::usr_header(login(1), ADMIN_PW, ADMIN_TOKEN);
    let head = format!(
        "POST /api/dealers HTTP/1.1\r\nhost: x\r\nusr: {usr}\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{{"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf))
        .await
        .expect("the server answers instead of waiting forever")
        .unwrap();
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(
        text.contains(r#""code":"timeout""#) && text.contains("cut off"),
        "{text}"
    );
}

/// Runs `lsc serve` as a real process on `db`, returning it and its URL.
fn spawn_serve(db: &std::path::Path) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lsc"))
        .args(["serve", "--seed", "demo", "--bind", "127.0.0.1:0", "--db"])
        .arg(db)
        .env("LSC_ADMIN_PASSWORD", ADMIN_PW)
        .env("LSC_ADMIN_TOKEN", ADMIN_TOKEN)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("address line").unwrap();
        if let Some(u) = line.strip_prefix("lsc serve: listening on ") {
            break u.to_string();
        }
    };
    (child, url)
}

#[tokio::test]
async fn kill_9_during_a_batch_leaves_all_of_it_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("ls.db");
    let (mut all, mut none) = (0, 0);
    let levels = [
        AccessLevel::View,
        AccessLevel::Execute,
        AccessLevel::Edit,
        AccessLevel::Manage,
        AccessLevel::View,
        AccessLevel::Edit,
    ];
    let mut target = None;
    let mut units: Vec<i64> = Vec::new();
    for (round, level) in levels.iter().enumerate() {
        let (mut child, url) = spawn_serve(&db_path);
        let m = Client::new(
            &url,
            Credentials::new(
                login(seed::DEMO_MANAGER.login),
                seed::DEMO_MANAGER.password,
                seed::DEMO_MANAGER.token,
            ),
        )
        .unwrap();
        if target.is_none() {
            target = Some(m.create_user(&draft("killed")).await.unwrap().user.login);
            let page: ObjectsPage = m.objects(Some(ObjectKind::Unit), "", None).await.unwrap();
            units = page.objects.iter().map(|o| o.id).collect();
        }
        let t = target.unwrap();
        let changes: Vec<AccessChange> = units
            .iter()
            .map(|id| AccessChange {
                object_id: *id,
                level: *level,
            })
            .collect();
        let snapshot = || {
            let c = rusqlite::Connection::open(&db_path).unwrap();
            let mut st = c
                .prepare("SELECT object_id, level FROM grants WHERE login = ?1")
                .unwrap();
            st.query_map([t.get()], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u8>(1)?)))
                .unwrap()
                .map(|r| r.unwrap())
                .collect::<std::collections::BTreeMap<i64, u8>>()
        };
        let full: std::collections::BTreeMap<i64, u8> = units.iter().map(|id| (*id, *level as u8)).collect();
        let n = changes.len();
        let before = snapshot();
        let send = tokio::spawn(async move { m.set_access(t, changes).await });
        // Kill at a different moment each round: before, during and after the write.
        tokio::time::sleep(Duration::from_millis(5 + 40 * round as u64)).await;
        child.kill().unwrap(); // SIGKILL
        let _ = child.wait();
        let _ = send.await;
        // Read the file directly, as the next start would: the batch is all there or not at all.
        let after = snapshot();
        if after == full && before != full {
            all += 1;
        } else if after == before {
            none += 1;
        } else {
            let changed = after.iter().filter(|(k, v)| before.get(k) != Some(v)).count();
            panic!("round {round}: {changed} of {n} grants changed: half a batch");
        }
    }
    println!(
        "kill -9 during a {}-change batch: {all} rounds kept all of it, {none} none",
        units.len()
    );
    assert_eq!(all + none, levels.len());
}
