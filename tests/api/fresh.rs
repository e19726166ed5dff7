//! Asking for less over a real link: conditional reads (`ETag`, `If-None-Match`, `304`), deltas
//! (`?since=`) checked against a full reload over generated edit sequences, and compression both
//! ways (answers, request bodies, the body limits). All against the real server, partly through
//! the link simulator that counts the bytes on the wire.
use crate::common::link::{Link, Shape};
use crate::common::{demo, login, Ls};
use ls_console::api::{AccessChange, Client, ObjectUpdate, UserQuery};
use ls_console::domain::usr::usr_header;
use ls_console::domain::{AccessLevel, Login, ObjectKind, Role, UserDraft};
use ls_console::server::seed::{DEMO_BETA_MANAGER, DEMO_MANAGER};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;
use std::io::Write;

fn admin_usr() -> String {
    usr_header(login(1), crate::common::ADMIN_PW, crate::common::ADMIN_TOKEN)
}

async fn get(ls: &Ls, path: &str, usr: &str, tag: Option<&str>) -> reqwest::Response {
    let mut r = ls.raw().get(format!("{}{path}", ls.url())).header("usr", usr);
    if let Some(t) = tag {
        r = r.header("if-none-match", t);
    }
    r.send().await.expect("answer")
}

fn etag(r: &reqwest::Response) -> String {
    r.headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_string()
}

#[tokio::test]
async fn an_unchanged_reload_is_304_without_a_body_and_any_write_moves_the_tag() {
    let ls = demo().await;
    let usr = admin_usr();
    for path in [
        "/api/users",
        "/api/users/0004",
        "/api/objects",
        "/api/users/0004/access",
        "/api/dealers",
        "/api/me",
        "/api/rights",
    ] {
        let first = get(&ls, path, &usr, None).await;
        assert_eq!(first.status(), 200, "{path}");
        let tag = etag(&first);
        assert!(tag.starts_with('"') && tag.ends_with('"'), "a strong tag: {tag}");
        assert_eq!(
            first.headers().get("cache-control").and_then(|v| v.to_str().ok()),
            Some("private, no-cache"),
            "{path}"
        );
        let again = get(&ls, path, &usr, Some(&tag)).await;
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(etag(&again), tag);
        assert!(again.bytes().await.expect("body").is_empty(), "{path}: no body");
        // Another tag (or garbage) is answered in full.
        let other = get(&ls, path, &usr, Some("\"r1.0001.1\"")).await;
        assert_eq!(other.status(), 200, "{path}");
    }
    // Each caller has its own tag: the manager sending the admin's gets its own list.
    let admin_tag = etag(&get(&ls, "/api/users", &usr, None).await);
    let mgr_usr = usr_header(login(2), DEMO_MANAGER.password, DEMO_MANAGER.token);
    let mgr = get(&ls, "/api/users", &mgr_usr, Some(&admin_tag)).await;
    assert_eq!(mgr.status(), 200);
    assert_ne!(etag(&mgr), admin_tag);
    // A hidden user is 404 whatever tag comes: the tag is checked after the policy.
    let beta_usr = usr_header(
        Login::new(DEMO_BETA_MANAGER.login).expect("login"),
        DEMO_BETA_MANAGER.password,
        DEMO_BETA_MANAGER.token,
    );
    let beta_tag = etag(&get(&ls, "/api/users", &beta_usr, None).await);
    assert_eq!(
        get(&ls, "/api/users/0004", &beta_usr, Some(&beta_tag)).await.status(),
        404
    );
    // Another user signing in is no change: the tag stays.
    ls.as_account(&ls_console::server::seed::DEMO_TEST4)
        .me()
        .await
        .expect("Test4 signs in");
    assert_eq!(get(&ls, "/api/users", &usr, Some(&admin_tag)).await.status(), 304);
    // A write (one card field) moves the tag of every list: the next reload is full and new.
    let admin = ls.admin();
    let u = admin.user(login(4)).await.expect("Test4");
    let mut d = UserDraft::from(&u);
    d.city = "Tagged".into();
    admin.update_user(login(4), u.version, &d).await.expect("saved");
    let after = get(&ls, "/api/users", &usr, Some(&admin_tag)).await;
    assert_eq!(after.status(), 200);
    assert_ne!(etag(&after), admin_tag);
    assert!(after.text().await.expect("body").contains("Tagged"));
    // A refused write (a dry run, a 409) moves nothing.
    let tag = etag(&get(&ls, "/api/users", &usr, None).await);
    assert!(
        admin.update_user(login(4), u.version, &d).await.is_err(),
        "stale version"
    );
    assert_eq!(get(&ls, "/api/users", &usr, Some(&tag)).await.status(), 304);
}

#[tokio::test]
async fn the_client_sends_its_tag_and_an_unchanged_reload_costs_a_few_hundred_bytes() {
    let ls = demo().await;
    let link = Link::start(ls.running.addr, Shape::new(1, 1000)).await;
    let admin = Client::over_link(
        &link.url(),
        ls_console::api::Credentials::new(login(1), crate::common::ADMIN_PW, crate::common::ADMIN_TOKEN),
    )
    .expect("client");
    let first = admin.users(&UserQuery::default()).await.expect("users");
    let (down0, _) = link.bytes.get();
    let again = admin.users(&UserQuery::default()).await.expect("users again");
    let (down1, _) = link.bytes.get();
    assert_eq!(first, again, "the kept answer is the same list");
    assert!(down1 - down0 < 600, "an unchanged reload took {} bytes", down1 - down0);
    // A change elsewhere: the same call brings the new list in full.
    let other = ls.admin();
    let u = other.user(login(4)).await.expect("Test4");
    let mut d = UserDraft::from(&u);
    d.city = "Moved on".into();
    other.update_user(login(4), u.version, &d).await.expect("saved");
    let fresh = admin.users(&UserQuery::default()).await.expect("users after");
    let t4 = fresh.users.iter().find(|x| x.login == login(4)).expect("Test4");
    assert_eq!(t4.city, "Moved on");
    // Revisions are opaque (#31): it moved, in no particular direction.
    assert!(
        fresh.revision.is_some() && fresh.revision != first.revision,
        "{:?} → {:?}",
        first.revision,
        fresh.revision
    );
}

/// Everything a reader sees, as a full read gives it.
async fn full(c: &Client) -> (ls_console::api::UsersPage, ls_console::api::ObjectsPage) {
    (
        c.users(&UserQuery::default()).await.expect("users"),
        c.objects(None, "", None).await.expect("objects"),
    )
}

#[tokio::test]
async fn a_delta_applied_to_the_old_list_equals_a_full_reload_over_generated_edits() {
    let ls = demo().await;
    let admin = ls.admin();
    let mut rng = StdRng::seed_from_u64(20);
    let dealers = admin.dealers().await.expect("dealers");
    let alpha = admin.user(login(2)).await.expect("manager").dealer_id;
    let groups: Vec<ls_console::api::Object> = admin
        .objects(Some(ObjectKind::UnitGroup), "", None)
        .await
        .expect("groups")
        .objects;
    let units: Vec<ls_console::api::Object> = admin
        .objects(Some(ObjectKind::Unit), "", None)
        .await
        .expect("units")
        .objects;
    // A reader that sees units only through one group: members leaving it leave its view.
    let watched = groups
        .iter()
        .find(|g| dealers.iter().any(|d| d.id == alpha && d.account_id == g.account_id))
        .expect("an Alpha group")
        .clone();
    let made = admin
        .create_user(&UserDraft {
            username: "GroupWatcher".into(),
            first_name: "G".into(),
            last_name: "W".into(),
            email: "gw@example.com".into(),
            roles: vec![Role::DealerUser],
            rights: vec!["OBJECTS_VIEW".into(), "USERS_VIEW".into()],
            dealer_id: Some(alpha),
            login_allowed: true,
            password: Some("group-watcher-pw".into()),
            ..Default::default()
        })
        .await
        .expect("watcher");
    admin
        .set_access(
            made.user.login,
            vec![AccessChange {
                object_id: watched.id,
                level: AccessLevel::View,
            }],
        )
        .await
        .expect("the watcher's group");
    let readers = [
        ("admin", ls.admin()),
        ("Alpha manager", ls.manager()),
        ("Beta manager", ls.as_account(&DEMO_BETA_MANAGER)),
        (
            "group watcher",
            ls.client(
                made.user.login.get(),
                &made.credentials.password,
                &made.credentials.api_token,
            ),
        ),
    ];
    let mut held = Vec::new();
    for (_, r) in &readers {
        held.push(full(r).await);
    }
    // The readers' own cards are left alone (blocking one would end its reads).
    let reading = [1, 2, DEMO_BETA_MANAGER.login, made.user.login.get()];
    let users: Vec<Login> = held[0]
        .0
        .users
        .iter()
        .map(|u| u.login)
        .filter(|l| !reading.contains(&l.get()))
        .collect();
    let (mut deltas, mut removed_seen, mut rounds, mut applied) = (0, 0, 0, 0);
    for step in 0..48 {
        let r = match rng.random_range(0..6) {
            0 => {
                let l = users[rng.random_range(0..users.len())];
                let cur = admin.user(l).await.expect("user");
                let mut d = UserDraft::from(&cur);
                d.city = format!("Step {step}");
                d.login_allowed = rng.random_bool(0.8);
                admin.update_user(l, cur.version, &d).await.map(|_| ())
            }
            1 => {
                let l = users[rng.random_range(0..users.len())];
                let o = if rng.random_bool(0.5) {
                    groups[rng.random_range(0..groups.len())].id
                } else {
                    units[rng.random_range(0..units.len())].id
                };
                let level = [AccessLevel::None, AccessLevel::View, AccessLevel::Edit][rng.random_range(0..3)];
                admin
                    .set_access(l, vec![AccessChange { object_id: o, level }])
                    .await
                    .map(|_| ())
            }
            2 => {
                let u = &units[rng.random_range(0..units.len())];
                admin
                    .update_object(
                        u.id,
                        &ObjectUpdate {
                            name: Some(format!("{} {step}", u.name.split(' ').next().unwrap_or("Unit"))),
                            members: None,
                        },
                    )
                    .await
                    .map(|_| ())
            }
            3 | 4 => {
                // Toggle a unit of its account in a group, the watched one half the time.
                let g = if rng.random_bool(0.5) {
                    watched.clone()
                } else {
                    groups[rng.random_range(0..groups.len())].clone()
                };
                let detail = admin.object(g.id).await.expect("group");
                let mut members: BTreeSet<i64> = detail.members.iter().copied().collect();
                let same: Vec<&ls_console::api::Object> =
                    units.iter().filter(|u| u.account_id == g.account_id).collect();
                if same.is_empty() {
                    continue;
                }
                let u = same[rng.random_range(0..same.len())].id;
                if !members.remove(&u) {
                    members.insert(u);
                }
                admin
                    .update_object(
                        g.id,
                        &ObjectUpdate {
                            name: None,
                            members: Some(members.into_iter().collect()),
                        },
                    )
                    .await
                    .map(|_| ())
            }
            _ => {
                let l = users[rng.random_range(0..users.len())];
                admin.renew_token(l).await.map(|_| ())
            }
        };
        // Some edits are refused by the policy (a grant across dealers): nothing changes then.
        applied += r.is_ok() as usize;
        if step % 3 != 2 {
            continue;
        }
        rounds += 1;
        for (i, (who, c)) in readers.iter().enumerate() {
            let (old_users, old_objects) = &held[i];
            let du = c
                .users_since(old_users.revision.expect("a revision"))
                .await
                .expect("users delta");
            let dob = c
                .objects_since(old_objects.revision.expect("a revision"))
                .await
                .expect("objects delta");
            let now = full(c).await;
            deltas += du.since.is_some() as usize + dob.since.is_some() as usize;
            if du.since.is_some() {
                assert!(
                    du.users.len() < now.0.users.len() || now.0.users.len() < 4,
                    "{who}: a delta carries the changed rows only"
                );
            }
            // Only what the reader saw may be named as gone: no id of a unit it never saw.
            for id in &dob.removed {
                removed_seen += 1;
                assert!(
                    old_objects.objects.iter().any(|o| o.id == *id),
                    "{who}: a delta named object {id}, which it never saw"
                );
            }
            assert_eq!(du.total, now.0.total, "{who}, step {step}");
            assert_eq!(dob.total, now.1.total, "{who}, step {step}");
            let users = du.clone().apply_to(old_users.users.clone());
            assert_eq!(users, now.0.users, "{who}: users after step {step}");
            let objects = dob.clone().apply_to(old_objects.objects.clone());
            assert_eq!(objects, now.1.objects, "{who}: objects after step {step}");
            // Go on from the delta (as the console does), not from the full read.
            held[i] = (
                ls_console::api::UsersPage {
                    users,
                    total: du.total,
                    revision: du.revision,
                    since: None,
                },
                ls_console::api::ObjectsPage {
                    objects,
                    total: dob.total,
                    revision: dob.revision,
                    since: None,
                    removed: vec![],
                },
            );
        }
    }
    assert!(
        deltas >= rounds * readers.len(),
        "most answers were deltas ({deltas} of {})",
        rounds * 8
    );
    assert!(removed_seen > 0, "some unit left the watcher's view through its group");
    assert!(applied >= 30, "the edits were mostly applied ({applied})");
}

#[tokio::test]
async fn a_change_to_the_readers_own_access_answers_the_whole_list() {
    let ls = demo().await;
    let mgr = ls.manager();
    let (users, objects) = full(&mgr).await;
    // Unchanged: a delta with nothing in it but the reader's own row, marked by its sign-in
    // (a sign-in publishes no revision; its row rides along until the next write).
    let d = mgr.users_since(users.revision.expect("rev")).await.expect("delta");
    assert_eq!(d.since, users.revision);
    assert!(d.users.iter().all(|u| u.login == login(2)), "{:?}", d.users.len());
    // The admin lowers the manager's account level: what it sees may all have moved.
    ls.set_manager_account_level(AccessLevel::Edit).await;
    let d = mgr.objects_since(objects.revision.expect("rev")).await.expect("delta");
    assert_eq!(d.since, None, "answered in full");
    assert_eq!(d.objects, mgr.objects(None, "", None).await.expect("all").objects);
    let d = mgr.users_since(users.revision.expect("rev")).await.expect("delta");
    assert_eq!(d.since, None, "answered in full");
    // Bad revisions and mixing with masks are refused; a revision from the future is full.
    for q in ["since=-1", "since=x", "since=1&mask.login=00*"] {
        let r = ls
            .raw()
            .get(format!("{}/api/users?{q}", ls.url()))
            .header("usr", admin_usr())
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 400, "{q}");
    }
    for q in ["since=1&mask=Fuel*", "since=1&kind=unit", "since=1&limit=3"] {
        let r = ls
            .raw()
            .get(format!("{}/api/objects?{q}", ls.url()))
            .header("usr", admin_usr())
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 400, "{q}");
    }
    let d = mgr.users_since(i64::MAX / 2).await.expect("future");
    assert_eq!(d.since, None);
}

#[tokio::test]
async fn answers_are_compressed_when_asked_except_the_event_stream_and_small_ones() {
    let ls = demo().await;
    let usr = admin_usr();
    // A client that shows the encoding as it came (the shared one unpacks on its own).
    let raw = reqwest::Client::builder().no_gzip().no_zstd().build().expect("raw");
    for enc in ["zstd", "gzip"] {
        let r = raw
            .get(format!("{}/api/users", ls.url()))
            .header("usr", &usr)
            .header("accept-encoding", enc)
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 200);
        assert_eq!(
            r.headers().get("content-encoding").and_then(|v| v.to_str().ok()),
            Some(enc)
        );
        let packed = r.bytes().await.expect("body").len();
        let plain = get(&ls, "/api/users", &usr, None)
            .await
            .bytes()
            .await
            .expect("body")
            .len();
        assert!(packed * 4 < plain, "{enc}: {packed} of {plain} bytes");
    }
    let small = raw
        .get(format!("{}/api/health", ls.url()))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("health");
    assert!(
        small.headers().get("content-encoding").is_none(),
        "a tiny answer goes as it is"
    );
    let events = raw
        .get(format!("{}/api/events", ls.url()))
        .header("usr", &usr)
        .header("accept-encoding", "gzip, zstd")
        .send()
        .await
        .expect("stream");
    assert_eq!(events.status(), 200);
    assert!(
        events.headers().get("content-encoding").is_none(),
        "the event stream is never packed"
    );
}

/// `n` level changes on objects that do not exist, so the batch is read and then refused
/// (400/404), never applied: what matters is whether its size was accepted.
fn batch_json(n: usize) -> Vec<u8> {
    let changes: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"object_id": 10_000_000 + (i * 7919) % 9_000_000, "level": "view"}))
        .collect();
    serde_json::to_vec(&serde_json::json!({ "changes": changes })).expect("json")
}

fn zstd(b: &[u8]) -> Vec<u8> {
    zstd::encode_all(b, 3).expect("zstd")
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).expect("gzip");
    e.finish().expect("gzip")
}

#[tokio::test]
async fn big_batches_go_compressed_within_the_limit_and_bombs_are_refused() {
    let ls = demo().await;
    let url = format!("{}/api/users/0004/access", ls.url());
    let put = |body: Vec<u8>, enc: Option<&'static str>| {
        let mut r = ls
            .raw()
            .put(&url)
            .header("usr", admin_usr())
            .header("content-type", "application/json");
        if let Some(e) = enc {
            r = r.header("content-encoding", e);
        }
        r.body(body).send()
    };
    // The largest batch the service allows is over the limit as it is, and fits packed.
    let biggest = batch_json(200_000);
    assert!(biggest.len() > 1 << 20, "{} bytes plain", biggest.len());
    let r = put(biggest.clone(), None).await.expect("answer");
    assert_eq!(r.status(), 413);
    let body: serde_json::Value = r.json().await.expect("the API's error shape");
    assert_eq!(body["error"]["code"], "too_large");
    for (enc, packed) in [("zstd", zstd(&biggest)), ("gzip", gzip(&biggest))] {
        assert!(packed.len() < 1 << 20, "{enc}: {} bytes", packed.len());
        let r = put(packed, Some(enc)).await.expect("answer");
        let status = r.status();
        let text = r.text().await.expect("body");
        assert_ne!(status, 413, "{enc}: {text}");
        assert!(
            status == 400 || status == 404,
            "{enc}: read and refused on its content: {status} {text}"
        );
    }
    // One change past the batch limit is refused for its count, not its bytes.
    let r = put(zstd(&batch_json(200_001)), Some("zstd")).await.expect("answer");
    let text = r.text().await.expect("body");
    assert!(text.contains("200000") || text.contains("200,000"), "{text}");
    // 40 MiB of spaces packed into a few KB: stopped at the unpacked limit.
    let bomb = zstd(&vec![b' '; 40 << 20]);
    assert!(bomb.len() < 64 << 10);
    let r = put(bomb, Some("zstd")).await.expect("answer");
    assert_eq!(r.status(), 413);
    // An encoding the service does not read.
    let r = put(b"{}".to_vec(), Some("br")).await.expect("answer");
    assert_eq!(r.status(), 415);
    // Through the client: a 40,000-change batch (1.5 MB plain) goes packed, so it is read
    // (and refused for its unknown objects, not for its size).
    let changes: Vec<AccessChange> = (0..40_000)
        .map(|i| AccessChange {
            object_id: 10_000_000 + i,
            level: AccessLevel::View,
        })
        .collect();
    assert!(serde_json::to_vec(&changes).expect("json").len() > 1 << 20);
    let e = ls
        .admin()
        .set_access(login(4), changes)
        .await
        .expect_err("unknown objects");
    assert_eq!(e.status(), Some(404), "{e}");
}
