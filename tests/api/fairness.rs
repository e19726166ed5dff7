//! Hostile insiders, part two (issue #31): a dealer's staff using what they are allowed to do
//! against the other dealers — reading a long log they mostly cannot see until the database is
//! theirs, creating users until no login is left, and watching tags and revisions to learn when
//! and how much another dealer writes. Each test plays the attack on the real server over
//! HTTP, then checks that the others are served, that answers stay right and nothing was lost.
use crate::bystander::Plan;
use crate::common::{login, ADMIN_PW, ADMIN_TOKEN};
use ls_console::api::{Client, Credentials, ObjectUpdate};
use ls_console::domain::usr::usr_header;
use ls_console::domain::{ObjectKind, Role, UserDraft};
use ls_console::server::seed::{self, AdminCredentials, DemoAccount, DEMO_BETA_MANAGER, DEMO_MANAGER};
use ls_console::server::{self, Db, Running, ServeOptions};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The demo over a real file, served without the per-login request budget: the attacks here
/// are about what one request holds, not how many a login may send.
struct World {
    _dir: tempfile::TempDir,
    db: Db,
    running: Running,
}

async fn world() -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("ls.db")).expect("open db");
    let admin = AdminCredentials {
        password: ADMIN_PW.into(),
        token: ADMIN_TOKEN.into(),
        generated: false,
    };
    seed::seed(&db, "demo", admin).expect("seed");
    let opts = ServeOptions {
        rate: None,
        ..Default::default()
    };
    let running = server::start_with(db.clone(), "127.0.0.1:0", opts)
        .await
        .expect("start");
    World { _dir: dir, db, running }
}

impl World {
    fn url(&self) -> String {
        self.running.url()
    }
    fn client(&self, a: &DemoAccount) -> Client {
        Client::new(&self.url(), Credentials::new(login(a.login), a.password, a.token)).expect("client")
    }
    fn admin(&self) -> Client {
        Client::new(&self.url(), Credentials::new(login(1), ADMIN_PW, ADMIN_TOKEN)).expect("client")
    }
}

fn usr(a: &DemoAccount) -> String {
    usr_header(login(a.login), a.password, a.token)
}

fn admin_usr() -> String {
    usr_header(login(1), ADMIN_PW, ADMIN_TOKEN)
}

async fn get(http: &reqwest::Client, url: &str, usr: &str, tag: Option<&str>) -> reqwest::Response {
    let mut r = http.get(url).header("usr", usr);
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

async fn put_quota(w: &World, usr: &str, dealer: i64, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .put(format!("{}/api/dealers/{dealer}", w.url()))
        .header("usr", usr)
        .json(&body)
        .send()
        .await
        .expect("answer");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn post_user(w: &World, usr: &str, d: &UserDraft) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/api/users", w.url()))
        .header("usr", usr)
        .json(d)
        .send()
        .await
        .expect("answer")
}

fn draft(name: &str, dealer_id: Option<i64>) -> UserDraft {
    UserDraft {
        username: name.into(),
        first_name: "Fair".into(),
        last_name: "Share".into(),
        email: format!("{name}@example.com"),
        roles: vec![Role::DealerUser],
        login_allowed: true,
        dealer_id,
        ..Default::default()
    }
}

/// The dealer `a` belongs to.
async fn dealer_of(w: &World, a: &DemoAccount) -> i64 {
    w.admin().user(login(a.login)).await.expect("the user").dealer_id
}

/// `GET /api/dealers` as `usr`: each dealer's row by id.
async fn dealers(w: &World, usr: &str) -> Vec<Value> {
    let r = get(&reqwest::Client::new(), &format!("{}/api/dealers", w.url()), usr, None).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    v.as_array().cloned().expect("a list")
}

fn row(list: &[Value], id: i64) -> Option<&Value> {
    list.iter().find(|d| d["id"] == json!(id))
}

fn p50(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The manager reading a card `n` times, one after another: how long each took.
async fn card_reads(c: &Client, n: usize) -> Vec<Duration> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let u = c.user(login(4)).await.expect("Test4's card");
        out.push(t.elapsed());
        assert_eq!(u.login, login(4));
    }
    out
}

// ------------------------------------------------- 1: one reader holding the database

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reader_of_a_long_log_it_cannot_see_slows_no_one_else() {
    let w = world().await;
    let alpha = dealer_of(&w, &DEMO_MANAGER).await;
    // Beta's manager writes one row it sees (its own card)…
    let beta = w.client(&DEMO_BETA_MANAGER);
    let me = beta.user(login(DEMO_BETA_MANAGER.login)).await.expect("own card");
    let mut d = UserDraft::from(&me);
    d.city = "Fairness".into();
    beta.update_user(me.login, me.version, &d).await.expect("saved");
    // …and then Alpha's log grows by 21,600 rows it cannot see, all newer than its own.
    const HIDDEN: i64 = 21_600;
    w.db.with(|c| {
        c.execute_batch(&format!(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {HIDDEN}) \
             INSERT INTO audit(at, actor, action, target, dealer_id, detail, target_kind, target_name, \
                               object_id, object_name, object_dealer_id) \
             SELECT strftime('%Y-%m-%dT%H:%M:%SZ','now'), '0002', 'object.update', 'x' || x, {alpha}, \
                    '{{\"name\":{{\"old\":\"a\",\"new\":\"b\"}}}}', 'object', 'Hidden ' || x, NULL, '', {alpha} FROM n; \
             UPDATE audit SET change_id = id WHERE change_id IS NULL;"
        ))
    })
    .expect("hidden rows written");

    let http = reqwest::Client::new();
    let audit_url = format!("{}/api/audit?limit=1", w.url());
    let beta_usr = usr(&DEMO_BETA_MANAGER);
    // What Beta's manager is answered: its own newest row, not a short page of nothing.
    let check = |v: &Value| {
        let e = &v["entries"];
        e.as_array().is_some_and(|a| a.len() == 1)
            && e[0]["target"] == json!("0005")
            && e[0]["action"] == json!("user.update")
    };
    let first: Value = get(&http, &audit_url, &beta_usr, None)
        .await
        .json()
        .await
        .expect("json");
    assert!(check(&first), "Beta's newest row under Alpha's long log: {first}");

    let manager = w.client(&DEMO_MANAGER);
    card_reads(&manager, 5).await;
    let quiet = p50(card_reads(&manager, 40).await);

    // Six loops of Beta's audit reads, as fast as they are answered.
    let stop = Arc::new(AtomicBool::new(false));
    let (answered, wrong) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let mut loops = Vec::new();
    for _ in 0..6 {
        let (stop, answered, wrong) = (stop.clone(), answered.clone(), wrong.clone());
        let (http, url, u) = (http.clone(), audit_url.clone(), beta_usr.clone());
        loops.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let r = get(&http, &url, &u, None).await;
                let ok = r.status() == 200 && r.json::<Value>().await.is_ok_and(|v| check(&v));
                if !ok {
                    wrong.fetch_add(1, Ordering::Relaxed);
                }
                answered.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    // The manager reads a card beside them throughout, from an address of its own (the loops
    // and the reads measured below come from 127.0.0.1): its p99 is the figure.
    let bystander = Plan::manager([127, 0, 0, 2]).start(&w.url()).await;
    // Let the loops fill every queue there is before measuring.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let loaded = p50(card_reads(&manager, 40).await);
    let reads = bystander.stop().await;
    stop.store(true, Ordering::Relaxed);
    for l in loops {
        l.await.expect("a loop");
    }
    let (answered, wrong) = (answered.load(Ordering::Relaxed), wrong.load(Ordering::Relaxed));
    let kept: i64 =
        w.db.with(|c| c.query_row("SELECT COUNT(*) FROM audit WHERE target LIKE 'x%'", [], |r| r.get(0)))
            .expect("count");
    // Lost, here: hidden rows gone, and answers to Beta that were not its own newest row.
    reads.report(
        "hidden-audit-scans",
        "-",
        format!("scans:0/{answered}"),
        HIDDEN.abs_diff(kept) as usize + wrong,
    );
    assert!(answered >= 6, "the loops were answered ({answered})");
    assert_eq!(
        wrong, 0,
        "every one of Beta's {answered} answers was its own newest row"
    );
    // A generous factor, with a floor for very fast machines: the card waits for no scan.
    let bound = quiet.max(Duration::from_millis(5)) * 8;
    assert!(
        loaded <= bound,
        "the manager's card read p50 went from {quiet:?} to {loaded:?} under Beta's audit loops (bound {bound:?})"
    );

    // Nothing was lost: the administrator still reads Alpha's rows, newest first.
    let newest: Value = get(
        &http,
        &format!("{}/api/audit?limit=2&dealer={alpha}", w.url()),
        &admin_usr(),
        None,
    )
    .await
    .json()
    .await
    .expect("json");
    assert_eq!(newest["entries"][0]["target"], json!(format!("x{HIDDEN}")), "{newest}");
    assert_eq!(newest["entries"][1]["target"], json!(format!("x{}", HIDDEN - 1)));
    assert_eq!(kept, HIDDEN);
    // And Beta pages through its own rows with a cursor as before: nothing of Alpha's.
    let all: Value = get(&http, &format!("{}/api/audit?limit=1000", w.url()), &beta_usr, None)
        .await
        .json()
        .await
        .expect("json");
    let entries = all["entries"].as_array().cloned().unwrap_or_default();
    assert!(!entries.is_empty());
    assert!(
        entries.iter().all(|e| e["dealer_id"] != json!(alpha)),
        "Beta sees none of Alpha's rows"
    );
}

// ------------------------------------------------- 2: one dealer taking every login

#[tokio::test]
async fn a_dealer_quota_keeps_one_dealer_from_taking_every_login() {
    let w = world().await;
    let (alpha, beta) = (
        dealer_of(&w, &DEMO_MANAGER).await,
        dealer_of(&w, &DEMO_BETA_MANAGER).await,
    );
    let (mgr_usr, beta_usr) = (usr(&DEMO_MANAGER), usr(&DEMO_BETA_MANAGER));
    let list = dealers(&w, &admin_usr()).await;
    let before = row(&list, alpha).expect("Alpha listed").clone();
    assert_eq!(before["user_quota"], Value::Null, "no quota at first");
    let users = before["users"].as_i64().expect("a count of users");
    assert!(users > 0);

    // Only the administrator sets a quota: a dealer's manager may not, not even its own, and
    // another dealer's is not even named to it.
    assert_eq!(
        put_quota(&w, &mgr_usr, alpha, json!({"user_quota": 99_999})).await.0,
        400
    );
    assert_eq!(
        put_quota(&w, &mgr_usr, alpha, json!({"user_quota": 9_999})).await.0,
        403
    );
    assert_eq!(put_quota(&w, &beta_usr, alpha, json!({"user_quota": 1})).await.0, 404);
    assert_eq!(
        put_quota(&w, &admin_usr(), alpha, json!({})).await.0,
        400,
        "the quota must be sent"
    );
    assert_eq!(
        put_quota(&w, &admin_usr(), 999_999, json!({"user_quota": 1})).await.0,
        404
    );

    let (status, body) = put_quota(&w, &admin_usr(), alpha, json!({"user_quota": users + 1})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user_quota"], json!(users + 1));
    assert_eq!(body["users"], json!(users));

    // Alpha's manager creates users in a loop: the quota stops it, naming the dealer and quota.
    let first = post_user(&w, &mgr_usr, &draft("quota.one", None)).await;
    assert_eq!(first.status(), 201);
    let refused = post_user(&w, &mgr_usr, &draft("quota.two", None)).await;
    assert_eq!(refused.status(), 409);
    let e: Value = refused.json().await.expect("json");
    assert_eq!(e["error"]["code"], json!("limit"), "{e}");
    let msg = e["error"]["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("Alpha Systems") && msg.contains(&(users + 1).to_string()),
        "{msg}"
    );
    // A copy is a creation too.
    let mut body = serde_json::to_value(draft("quota.copy", None)).expect("a draft");
    body["levels"] = json!([]);
    let copy = reqwest::Client::new()
        .post(format!("{}/api/users/0004/copy", w.url()))
        .header("usr", &mgr_usr)
        .json(&body)
        .send()
        .await
        .expect("answer");
    assert_eq!(copy.status(), 409, "a copy over the quota");

    // Beta is not held by Alpha's quota.
    let b = post_user(&w, &beta_usr, &draft("beta.fair", None)).await;
    assert_eq!(b.status(), 201);
    let after = dealers(&w, &beta_usr).await;
    assert!(row(&after, alpha).is_none(), "Beta's manager does not see Alpha");
    assert_eq!(row(&after, beta).expect("Beta listed")["user_quota"], Value::Null);

    // The administrator raises it: Alpha creates again.
    assert_eq!(
        put_quota(&w, &admin_usr(), alpha, json!({"user_quota": users + 2}))
            .await
            .0,
        200
    );
    let again = post_user(&w, &mgr_usr, &draft("quota.two", None)).await;
    assert_eq!(again.status(), 201);

    // Nothing lost: both of Alpha's new users are there, the count says so, and both quota
    // changes are in the log with their old and new values.
    let list = dealers(&w, &admin_usr()).await;
    assert_eq!(row(&list, alpha).expect("Alpha")["users"], json!(users + 2));
    let all = w.admin().users(&Default::default()).await.expect("users");
    for name in ["quota.one", "quota.two", "beta.fair"] {
        assert!(all.users.iter().any(|u| u.username == name), "{name} kept");
    }
    let log: Value = get(
        &reqwest::Client::new(),
        &format!("{}/api/audit?action=dealer.quota", w.url()),
        &admin_usr(),
        None,
    )
    .await
    .json()
    .await
    .expect("json");
    let rows = log["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 2, "{log}");
    assert_eq!(rows[0]["changes"][0]["new"], json!((users + 2).to_string()));
    assert_eq!(rows[1]["changes"][0]["old"], json!(""));
    // Cleared: no quota again.
    let (status, body) = put_quota(&w, &admin_usr(), alpha, json!({"user_quota": null})).await;
    assert_eq!((status, body["user_quota"].clone()), (200, Value::Null));
}

#[tokio::test]
async fn one_dealers_creations_are_bounded_per_minute_and_no_other_dealer_waits() {
    let w = world().await;
    let alpha = dealer_of(&w, &DEMO_MANAGER).await;
    let users = row(&dealers(&w, &admin_usr()).await, alpha).expect("Alpha")["users"]
        .as_i64()
        .expect("count");
    // A full quota keeps the attempts cheap (no password hashed); they count all the same.
    assert_eq!(
        put_quota(&w, &admin_usr(), alpha, json!({"user_quota": users})).await.0,
        200
    );
    let mgr_usr = usr(&DEMO_MANAGER);
    let per_minute = ls_console::server::users::quota::PER_MINUTE;
    for i in 0..per_minute {
        let r = post_user(&w, &mgr_usr, &draft(&format!("loop.{i}"), None)).await;
        assert_eq!(r.status(), 409, "attempt {i}: the quota");
    }
    let r = post_user(&w, &mgr_usr, &draft("loop.over", None)).await;
    assert_eq!(r.status(), 429, "past {per_minute} a minute");
    let wait: u64 = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&wait), "{wait}");
    let e: Value = r.json().await.expect("json");
    assert_eq!(e["error"]["code"], json!("too_many"), "{e}");
    // Another dealer creates at once; a refused caller spends no dealer's allowance.
    let beta = post_user(&w, &usr(&DEMO_BETA_MANAGER), &draft("beta.unheld", None)).await;
    assert_eq!(beta.status(), 201);
    let foreign = post_user(&w, &usr(&DEMO_BETA_MANAGER), &draft("beta.into.alpha", Some(alpha))).await;
    assert!(matches!(foreign.status().as_u16(), 403 | 404), "{}", foreign.status());
    // The administrator is not counted: it is told the quota, not to wait.
    let admin = post_user(&w, &admin_usr(), &draft("admin.for.alpha", Some(alpha))).await;
    assert_eq!(admin.status(), 409);
    // Nothing was created for Alpha meanwhile, and Beta's user is there.
    let list = dealers(&w, &admin_usr()).await;
    assert_eq!(row(&list, alpha).expect("Alpha")["users"], json!(users));
    let all = w.admin().users(&Default::default()).await.expect("users");
    assert!(all.users.iter().any(|u| u.username == "beta.unheld"));
    assert!(!all.users.iter().any(|u| u.username.starts_with("loop.")));
}

// ------------------------------------------------- 3: tags telling of others' writes

#[tokio::test]
async fn another_dealers_writes_move_none_of_my_tags_and_mine_still_do() {
    let w = world().await;
    let http = reqwest::Client::new();
    let beta_usr = usr(&DEMO_BETA_MANAGER);
    let alpha = dealer_of(&w, &DEMO_MANAGER).await;
    let url = |p: &str| format!("{}{p}", w.url());
    let paths = ["/api/me", "/api/users", "/api/objects", "/api/dealers"];
    let mut tags = Vec::new();
    for p in paths {
        let r = get(&http, &url(p), &beta_usr, None).await;
        assert_eq!(r.status(), 200, "{p}");
        tags.push(etag(&r));
    }
    let beta = w.client(&DEMO_BETA_MANAGER);
    let users = beta.users(&Default::default()).await.expect("users");
    let objects = beta.objects(None, "", None).await.expect("objects");
    let (users_rev, objects_rev) = (
        users.revision.expect("a users revision"),
        objects.revision.expect("an objects revision"),
    );

    // Alpha writes: renames a unit, creates a user, edits a card; the administrator sets
    // Alpha's quota. None of it is Beta's to see.
    let mgr = w.client(&DEMO_MANAGER);
    let unit = mgr
        .objects(Some(ObjectKind::Unit), "", Some(1))
        .await
        .expect("Alpha's units")
        .objects
        .into_iter()
        .next()
        .expect("a unit");
    mgr.update_object(
        unit.id,
        &ObjectUpdate {
            name: Some("Renamed by Alpha".into()),
            members: None,
        },
    )
    .await
    .expect("renamed");
    mgr.create_user(&draft("alpha.secret", None)).await.expect("created");
    let test4 = mgr.user(login(4)).await.expect("Test4");
    let mut d = UserDraft::from(&test4);
    d.city = "Quietly".into();
    mgr.update_user(login(4), test4.version, &d).await.expect("saved");
    assert_eq!(
        put_quota(&w, &admin_usr(), alpha, json!({"user_quota": 5000})).await.0,
        200
    );

    for (p, t) in paths.iter().zip(&tags) {
        let r = get(&http, &url(p), &beta_usr, Some(t)).await;
        assert_eq!(r.status(), 304, "{p}: Alpha's writes do not move Beta's tag");
    }
    let same = beta.objects(None, "", None).await.expect("objects");
    assert_eq!(same.revision, Some(objects_rev), "nor its objects revision");
    assert_eq!(same.objects, objects.objects, "and nothing of Alpha's is in it");
    let same = beta.users(&Default::default()).await.expect("users");
    assert_eq!(same.revision, Some(users_rev));
    let delta = beta.objects_since(objects_rev).await.expect("delta");
    assert_eq!(delta.since, Some(objects_rev));
    assert!(
        delta.objects.is_empty(),
        "nothing of Alpha's in a delta: {:?}",
        delta.objects
    );

    // Writes Beta sees move them: a Beta unit renamed, a Beta user made by the administrator,
    // its own card edited.
    let bunit = objects
        .objects
        .iter()
        .find(|o| o.kind == ObjectKind::Unit)
        .expect("a Beta unit")
        .clone();
    w.admin()
        .update_object(
            bunit.id,
            &ObjectUpdate {
                name: Some("Renamed for Beta".into()),
                members: None,
            },
        )
        .await
        .expect("renamed");
    let beta_dealer = dealer_of(&w, &DEMO_BETA_MANAGER).await;
    let made = w
        .admin()
        .create_user(&draft("beta.newcomer", Some(beta_dealer)))
        .await
        .expect("created");
    for (p, t) in paths.iter().zip(&tags) {
        let r = get(&http, &url(p), &beta_usr, Some(t)).await;
        assert_eq!(r.status(), 200, "{p}: a write Beta sees moves its tag");
    }
    let moved = beta.objects(None, "", None).await.expect("objects");
    assert!(moved.revision.is_some_and(|r| r != objects_rev), "{:?}", moved.revision);
    // Deltas deliver Beta's changes, and only them.
    let delta = beta.objects_since(objects_rev).await.expect("delta");
    assert_eq!(delta.since, Some(objects_rev));
    assert!(delta
        .objects
        .iter()
        .any(|o| o.id == bunit.id && o.name == "Renamed for Beta"));
    assert!(delta.objects.iter().all(|o| o.id != unit.id));
    let delta = beta.users_since(users_rev).await.expect("delta");
    assert_eq!(delta.since, Some(users_rev));
    assert!(
        delta.users.iter().any(|u| u.login == made.user.login),
        "the newcomer is delivered"
    );
    assert!(delta.users.iter().all(|u| u.username != "alpha.secret"));
    // Applied to the old list, the delta gives the whole list.
    let full = beta.users(&Default::default()).await.expect("users");
    let mut patched = users.users.clone();
    for u in delta.users {
        match patched.iter_mut().find(|x| x.login == u.login) {
            Some(x) => *x = u,
            None => patched.push(u),
        }
    }
    patched.sort_by_key(|u| u.login);
    let mut whole = full.users.clone();
    whole.sort_by_key(|u| u.login);
    let logins = |l: &[ls_console::domain::User]| l.iter().map(|u| u.login).collect::<Vec<_>>();
    assert_eq!(logins(&patched), logins(&whole));
    // Beta's old revision stays a base for deltas (revisions are opaque, #31: no order to read).
    assert!(full.revision.is_some());
    assert_eq!(beta.users_since(users_rev).await.expect("delta").since, Some(users_rev));
}

/// A dealer's user count is what a list of its users would tell: only a caller who may list
/// them gets it (found by a review: a CLIENT read its dealer's 404 users from `/api/dealers`).
#[tokio::test]
async fn a_dealers_user_count_is_shown_only_to_who_may_list_its_users() {
    let ls = crate::common::demo().await;
    let client = ls.client(6, "demo-client", "demo-client-token");
    let seen = client.dealers_info().await.expect("the client's dealers");
    assert!(!seen.is_empty(), "it sees its own dealer");
    assert!(
        seen.iter().all(|d| d.users.is_none()),
        "no count for a client: {seen:?}"
    );
    let seen = ls.manager().dealers_info().await.expect("the manager's dealers");
    assert!(
        seen.iter().all(|d| d.users.is_some()) && seen.iter().any(|d| d.users.is_some_and(|n| n > 0)),
        "the manager lists its dealers' users, so it gets their counts: {seen:?}"
    );
}

/// Beta's own writes tell it nothing of how many writes others made in between (#31): the raw
/// counters (read here from the database) step by one per write service-wide, so a revision or
/// an audit id shown in the open would give Alpha's count away as the gap between two of Beta's.
#[tokio::test]
async fn the_gap_between_my_own_writes_says_nothing_of_others_writes() {
    let w = world().await;
    let beta = w.client(&DEMO_BETA_MANAGER);
    let mgr = w.client(&DEMO_MANAGER);
    let me = login(DEMO_BETA_MANAGER.login);
    let raw_rev = || {
        w.db.with(|c| {
            c.query_row("SELECT n FROM revision", [], |r| r.get::<_, i64>(0))
                .expect("n")
        })
    };
    let mut seen: Vec<(i64, i64)> = Vec::new();
    for round in 0..12u32 {
        // Alpha writes a few times (0 to 3) between two of Beta's writes.
        for i in 0..round % 4 {
            let t4 = mgr.user(login(4)).await.expect("Test4");
            let mut d = UserDraft::from(&t4);
            d.city = format!("Alpha {round}.{i}");
            mgr.update_user(login(4), t4.version, &d).await.expect("Alpha's write");
        }
        let u = beta.user(me).await.expect("own card");
        let mut d = UserDraft::from(&u);
        d.city = format!("Beta {round}");
        beta.update_user(me, u.version, &d).await.expect("Beta's write");
        let shown = beta
            .users(&Default::default())
            .await
            .expect("users")
            .revision
            .expect("a revision");
        seen.push((raw_rev(), shown));
    }
    // The attack works on the raw counter: each gap is one of Beta's writes plus Alpha's.
    let raw_gaps: Vec<i64> = seen.windows(2).map(|p| p[1].0 - p[0].0).collect();
    assert_eq!(raw_gaps, (1..12).map(|r| 1 + i64::from(r % 4)).collect::<Vec<_>>());
    // Shown, the same gaps read as nothing: not one equals the raw gap, and the numbers do not
    // even rise with time.
    let shown_gaps: Vec<i64> = seen.windows(2).map(|p| p[1].1 - p[0].1).collect();
    assert!(shown_gaps.iter().zip(&raw_gaps).all(|(s, r)| s != r), "{seen:?}");
    let rising = shown_gaps.iter().filter(|g| **g > 0).count();
    assert!(
        (1..11).contains(&rising),
        "shown revisions keep the writes' order: {seen:?}"
    );
    // Every shown revision stays a base for deltas.
    for (_, shown) in &seen {
        assert_eq!(beta.users_since(*shown).await.expect("delta").since, Some(*shown));
    }

    // Audit ids: Beta's own rows, newest first, with ids that neither count nor order.
    let rows = beta
        .audit_query(&ls_console::api::AuditQuery {
            actor: Some(me.to_string()),
            ..Default::default()
        })
        .await
        .expect("Beta's log")
        .entries;
    assert!(rows.len() >= 12, "{}", rows.len());
    let raw_ids: Vec<i64> = w.db.with(|c| {
        let mut s = c
            .prepare("SELECT id FROM audit WHERE actor = ?1 ORDER BY id DESC")
            .expect("query");
        s.query_map([me.to_string()], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("ids")
    });
    let shown_ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    assert_eq!(shown_ids.len(), raw_ids.len());
    let gaps = |v: &[i64]| v.windows(2).map(|p| p[0] - p[1]).collect::<Vec<_>>();
    assert!(
        gaps(&shown_ids).iter().zip(gaps(&raw_ids)).all(|(s, r)| *s != r),
        "{shown_ids:?}"
    );
    // A shown id is a cursor and a revert target as it is.
    let older = beta
        .audit_query(&ls_console::api::AuditQuery {
            actor: Some(me.to_string()),
            before: Some(shown_ids[0]),
            ..Default::default()
        })
        .await
        .expect("older rows");
    assert_eq!(older.entries.first().map(|r| r.id), Some(shown_ids[1]));
    let plan = beta.revert(rows[0].change_id, true, None).await.expect("revert plan");
    assert_eq!(plan.change_id, rows[0].change_id);
}
