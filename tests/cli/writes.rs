//! The CLI's writes against the real server: every plan row the CLI prints agrees with what the
//! server does when that one change is sent (generated cases over actors, targets, masks and
//! levels), and applying a plan writes exactly the rows the policy allowed.
use crate::common::{demo, login, Ls, ADMIN_PW, ADMIN_TOKEN};
use ls_console::api::{AccessChange, AccessorChange, Client};
use ls_console::domain::{AccessLevel, ObjectKind};
use ls_console::server::seed::{DEMO_AGGREGATOR, DEMO_BETA_MANAGER, DEMO_CLIENT, DEMO_MANAGER, DEMO_TEST4};
use serde_json::Value;
use std::process::Command;

const LSC: &str = env!("CARGO_BIN_EXE_lsc");

#[derive(Clone, Copy)]
struct Who {
    login: u16,
    password: &'static str,
    token: &'static str,
}

const ADMIN: Who = Who {
    login: 1,
    password: ADMIN_PW,
    token: ADMIN_TOKEN,
};

fn who(a: &ls_console::server::seed::DemoAccount) -> Who {
    Who {
        login: a.login,
        password: a.password,
        token: a.token,
    }
}

fn actors() -> [Who; 6] {
    [
        ADMIN,
        who(&DEMO_MANAGER),
        who(&DEMO_TEST4),
        who(&DEMO_BETA_MANAGER),
        who(&DEMO_CLIENT),
        who(&DEMO_AGGREGATOR),
    ]
}

fn client(ls: &Ls, w: Who) -> Client {
    ls.client(w.login, w.password, w.token)
}

/// Runs the built `lsc` as `w` against `ls`; its exit code, stdout and stderr.
async fn lsc(ls: &Ls, w: Who, args: &[&str]) -> (Option<i32>, String, String) {
    lsc_with(ls, w, args, &[]).await
}

/// [`lsc`] with more environment (set after the defaults, so it can replace them).
async fn lsc_with(ls: &Ls, w: Who, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let home = tempfile::tempdir().expect("home");
    let mut c = Command::new(LSC);
    c.env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("LSC_SERVER", ls.url())
        .env("LSC_LOGIN", w.login.to_string())
        .env("LSC_PASSWORD", w.password)
        .env("LSC_TOKEN", w.token)
        .envs(env.iter().copied())
        .args(args);
    let out = tokio::task::spawn_blocking(move || c.output())
        .await
        .expect("join")
        .expect("lsc runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A small deterministic generator, so a failing case can be replayed.
struct Lcg(u64);
impl Lcg {
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        xs[(self.0 >> 33) as usize % xs.len()]
    }
}

fn level(v: &Value, k: &str) -> AccessLevel {
    v[k].as_str().and_then(|s| s.parse().ok()).expect("a level")
}

#[derive(Default)]
struct Tally {
    plans: usize,
    rows: usize,
    checked: usize,
    refused: usize,
    changed: usize,
}

/// Sends each sampled row of `plan` on its own as `w`, undoing what lands: the server must
/// refuse exactly the rows the plan refused.
async fn agree(ls: &Ls, w: Who, plan: &Value, send: impl AsyncSend, t: &mut Tally, case: &str) {
    let rows = plan["rows"].as_array().expect("rows");
    t.plans += 1;
    t.rows += rows.len();
    let step = (rows.len() / 20).max(1);
    let c = client(ls, w);
    for row in rows.iter().step_by(step) {
        let (from, to) = (level(row, "from"), level(row, "to"));
        let outcome = row["outcome"].as_str().unwrap_or("");
        let id = row["object_id"].as_i64().expect("object id");
        let target: u16 = row["login"].as_str().and_then(|l| l.parse().ok()).expect("login");
        let r = send.send(&c, id, target, to).await;
        t.checked += 1;
        match outcome {
            "refused" => {
                t.refused += 1;
                let status = r.as_ref().err().and_then(|e| e.status());
                assert!(
                    matches!(status, Some(400 | 403 | 404)),
                    "{case}: the plan refused {row} but the server said {r:?}"
                );
                // The same policy, the same words (a 404 names nothing but the id).
                if status != Some(404) {
                    let said = r.as_ref().err().map(|e| e.to_string()).unwrap_or_default();
                    let reason = row["reason"].as_str().unwrap_or("");
                    assert!(said.starts_with(reason), "{case}: plan {reason:?}, server {said:?}");
                }
            }
            _ => {
                t.changed += 1;
                assert!(r.is_ok(), "{case}: the plan allowed {row} but the server said {r:?}");
                if from != to {
                    let _ = send.send(&c, id, target, from).await;
                }
            }
        }
    }
}

/// One change sent the way the command would send it.
trait AsyncSend {
    async fn send(
        &self,
        c: &Client,
        object: i64,
        target: u16,
        to: AccessLevel,
    ) -> Result<(), ls_console::api::ClientError>;
}

struct ByUser;
impl AsyncSend for ByUser {
    async fn send(
        &self,
        c: &Client,
        object: i64,
        target: u16,
        to: AccessLevel,
    ) -> Result<(), ls_console::api::ClientError> {
        let ch = vec![AccessChange {
            object_id: object,
            level: to,
        }];
        c.set_access(login(target), ch).await.map(|_| ())
    }
}

struct ByObject;
impl AsyncSend for ByObject {
    async fn send(
        &self,
        c: &Client,
        object: i64,
        target: u16,
        to: AccessLevel,
    ) -> Result<(), ls_console::api::ClientError> {
        let ch = vec![AccessorChange {
            login: login(target),
            level: to,
        }];
        c.set_accessors(object, ch).await.map(|_| ())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_set_plans_agree_with_the_server_row_by_row() {
    let ls = demo().await;
    let mut g = Lcg(7);
    let mut t = Tally::default();
    // Objects to aim the --object form at: units and groups of several dealers.
    let all = client(&ls, ADMIN)
        .objects(None, "", None)
        .await
        .expect("objects")
        .objects;
    let aims: Vec<i64> = all
        .iter()
        .filter(|o| matches!(o.kind, ObjectKind::Unit | ObjectKind::UnitGroup))
        .step_by(97)
        .map(|o| o.id)
        .collect();
    let targets = ["0002", "0004", "0005", "0006", "0003"];
    let masks = ["*Kazan*", "Fuel Station*", "*#1?", "Группа*"];
    let users_masks = ["Test*", "*demo*", "email=*@dealer1.*", "*.white*"];
    let levels = ["view", "edit", "manage", "none"];
    for case in 0..48 {
        let w = g.pick(&actors());
        let lv = g.pick(&levels);
        let by_user = case % 2 == 0;
        let (target, object) = (g.pick(&targets), g.pick(&aims));
        let args: Vec<String> = if by_user {
            if target.parse::<u16>().ok() == Some(w.login) {
                continue; // one's own levels only go down: not undone one by one here
            }
            let mask = g.pick(&masks);
            let a = ["access", "set", "--user", target, "--mask", mask, "--level", lv];
            a.iter().map(|s| s.to_string()).collect()
        } else {
            let (o, m) = (object.to_string(), g.pick(&users_masks));
            let a = ["access", "set", "--object", &o, "--users-mask", m, "--level", lv];
            a.iter().map(|s| s.to_string()).collect()
        };
        let mut dry: Vec<&str> = args.iter().map(String::as_str).collect();
        dry.extend(["--dry-run", "--format", "json"]);
        let (code, out, err) = lsc(&ls, w, &dry).await;
        let case = format!("case {case} as {:04}: {}", w.login, args.join(" "));
        if code == Some(4) {
            // The user or object is not the actor's to see; the server agrees.
            let c = client(&ls, w);
            let seen = if by_user {
                c.user(login(target.parse().expect("login"))).await.map(|_| ())
            } else {
                c.object(object).await.map(|_| ())
            };
            assert_eq!(seen.err().and_then(|e| e.status()), Some(404), "{case}: {err}");
            t.plans += 1;
            continue;
        }
        if code == Some(3) && out.trim().is_empty() {
            // Refused before any plan (the actor may not read what the plan needs).
            assert!(err.contains("lsc: "), "{case}: {err}");
            t.plans += 1;
            continue;
        }
        let plan: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{case}: {e}: {out} {err}"));
        let refused = plan["counts"]["refused"].as_u64().unwrap_or(0);
        assert_eq!(code, Some(if refused > 0 { 3 } else { 0 }), "{case}: {err}");
        if by_user {
            agree(&ls, w, &plan, ByUser, &mut t, &case).await;
        } else {
            agree(&ls, w, &plan, ByObject, &mut t, &case).await;
        }
    }
    println!(
        "CLI plans vs server: {} plans, {} rows, {} sent one by one ({} refused, {} allowed), 0 disagreements",
        t.plans, t.rows, t.checked, t.refused, t.changed
    );
    assert!(t.refused > 10 && t.changed > 10, "both kinds of row were exercised");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applying_a_plan_writes_exactly_the_rows_the_policy_allowed() {
    let ls = demo().await;
    let admin = client(&ls, ADMIN);
    let mask = "Fuel Station*";
    let before = admin.access(login(4), mask).await.expect("access").entries;
    let args = [
        "access", "set", "--user", "0004", "--mask", mask, "--level", "view", "--format", "json",
    ];
    let (code, out, err) = lsc(&ls, who(&DEMO_MANAGER), &args).await;
    assert_eq!(code, Some(3), "some rows are another dealer's: {err}");
    assert!(err.contains("the rest was written"), "{err}");
    let plan: Value = serde_json::from_str(&out).expect("json plan");
    assert_eq!(plan["applied"], true);
    let after = admin.access(login(4), mask).await.expect("access").entries;
    let direct = |es: &[ls_console::api::AccessEntry], id: i64| {
        es.iter()
            .find(|e| e.object_id == id)
            .map(|e| e.direct)
            .unwrap_or_default()
    };
    let (mut changed, mut kept) = (0, 0);
    for row in plan["rows"].as_array().expect("rows") {
        let id = row["object_id"].as_i64().expect("id");
        match row["outcome"].as_str() {
            Some("change") => {
                changed += 1;
                assert_eq!(direct(&after, id), AccessLevel::View, "{row}");
            }
            _ => {
                kept += 1;
                assert_eq!(direct(&after, id), direct(&before, id), "{row}");
            }
        }
    }
    assert!(changed > 0 && kept > 0, "{changed} changed, {kept} kept");

    // A dry run writes nothing.
    let (code, _, _) = lsc(
        &ls,
        who(&DEMO_MANAGER),
        &[
            "access",
            "set",
            "--user",
            "0004",
            "--mask",
            mask,
            "--level",
            "none",
            "--dry-run",
        ],
    )
    .await;
    assert_eq!(code, Some(3));
    assert_eq!(admin.access(login(4), mask).await.expect("access").entries, after);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_update_block_and_create_apply_what_is_allowed_and_say_what_is_not() {
    let ls = demo().await;
    let admin = client(&ls, ADMIN);
    let m = who(&DEMO_MANAGER);
    let t4 = admin.user(login(4)).await.expect("Test4");

    // Update: the email is the manager's to change, the ADMIN role is not.
    let (code, out, err) = lsc(
        &ls,
        m,
        &[
            "users",
            "update",
            "0004",
            "--email",
            "t4@new.example",
            "--roles",
            "DEALER_USER,ADMIN",
        ],
    )
    .await;
    assert_eq!(code, Some(3), "{out}{err}");
    assert!(
        out.contains("✗") && out.contains("role ADMIN") && out.contains("refused: "),
        "{out}"
    );
    let now = admin.user(login(4)).await.expect("Test4");
    assert_eq!(now.email, "t4@new.example");
    assert_eq!(now.roles, t4.roles, "the refused role was left out");

    // A dry run changes nothing, and says so in CSV too.
    let (code, out, _) = lsc(
        &ls,
        m,
        &[
            "users",
            "update",
            "0004",
            "--city",
            "Omsk",
            "--dry-run",
            "--format",
            "csv",
        ],
    )
    .await;
    assert_eq!(code, Some(0));
    assert!(out.starts_with("target,what,from,to,outcome,reason\n"), "{out}");
    assert!(out.contains(",city,") && out.contains(",Omsk,change,"), "{out}");
    assert_eq!(admin.user(login(4)).await.expect("Test4").version, now.version);

    // Block: Test4 yes; oneself and a user of another dealer no.
    let (code, out, err) = lsc(&ls, m, &["users", "block", "0004", "0002", "0005", "--format", "json"]).await;
    assert_eq!(code, Some(3), "{err}");
    let plan: Value = serde_json::from_str(&out).expect("json");
    let outcome = |l: &str| {
        plan["rows"]
            .as_array()
            .and_then(|rs| rs.iter().find(|r| r["target"].as_str().is_some_and(|t| t.contains(l))))
            .map(|r| r["outcome"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(outcome("0004").as_deref(), Some("change"));
    assert_eq!(outcome("0002").as_deref(), Some("refused"));
    assert_eq!(outcome("0005").as_deref(), Some("refused"));
    assert!(!admin.user(login(4)).await.expect("Test4").login_allowed);
    assert!(admin.user(login(2)).await.expect("manager").login_allowed);
    assert!(admin.user(login(5)).await.expect("beta").login_allowed);
    let (code, _, _) = lsc(&ls, m, &["users", "unblock", "0004"]).await;
    assert_eq!(code, Some(0));
    assert!(admin.user(login(4)).await.expect("Test4").login_allowed);

    // Create: invalid fields are named and nothing is sent; a role the manager may not give is
    // refused whole; a valid one prints credentials that work.
    let count = || async { admin.users(&Default::default()).await.expect("users").users.len() };
    let n = count().await;
    let base = [
        "users",
        "create",
        "--username",
        "new.one",
        "--first-name",
        "New",
        "--last-name",
        "One",
    ];
    let (code, _, err) = lsc(
        &ls,
        m,
        &[&base[..], &["--email", "not-an-email", "--roles", "DEALER_USER"]].concat(),
    )
    .await;
    assert_eq!(code, Some(2));
    assert!(err.contains("email"), "{err}");
    let (code, out, _) = lsc(
        &ls,
        m,
        &[&base[..], &["--email", "n@d.example", "--roles", "ADMIN"]].concat(),
    )
    .await;
    assert_eq!(code, Some(3));
    assert!(out.contains("refused"), "{out}");
    assert_eq!(count().await, n);
    let (code, out, err) = lsc(
        &ls,
        m,
        &[
            &base[..],
            &["--email", "n@d.example", "--roles", "DEALER_USER", "--format", "json"],
        ]
        .concat(),
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(doc["plan"]["applied"], true);
    let created = &doc["created"];
    let new_login: u16 = created["login"].as_str().and_then(|l| l.parse().ok()).expect("login");
    let pw = created["credentials"]["password"].as_str().expect("password");
    let tok = created["credentials"]["api_token"].as_str().expect("token");
    let me = ls
        .client(new_login, pw, tok)
        .me()
        .await
        .expect("the one-time credentials work");
    assert_eq!(me.user.username, "new.one");
    assert_eq!(count().await, n + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_pick_the_server_and_a_read_only_one_writes_nothing() {
    let ls = demo().await;
    let admin = client(&ls, ADMIN);
    let dir = tempfile::tempdir().expect("dir");
    let cfg = dir.path().join("config.toml");
    let url = ls.url();
    std::fs::write(
        &cfg,
        format!(
            "[profiles.prod]\nserver = \"{url}\"\nlogin = \"0002\"\ncolor = \"red\"\nread_only = true\n\n\
             [profiles.test]\nserver = \"{url}\"\nlogin = \"0002\"\ncolor = \"#00aa00\"\n"
        ),
    )
    .expect("config");
    let cfg = cfg.to_str().expect("utf-8 path");
    let m = who(&DEMO_MANAGER);
    // The profile's server beats LSC_SERVER: the name on screen is the server in use.
    let dead = [("LSC_SERVER", "http://127.0.0.1:9")];
    let run = |args: Vec<&'static str>| {
        let mut a = vec!["--config", cfg];
        a.extend(args);
        a
    };

    let (code, out, err) = lsc_with(
        &ls,
        m,
        &run(vec!["--profile", "prod", "users", "list", "--mask", "username=Test4"]),
        &dead,
    )
    .await;
    assert_eq!(code, Some(0), "reads work read-only: {err}");
    assert!(out.contains("Test4"), "{out}");

    let (code, out, err) = lsc_with(&ls, m, &run(vec!["--profile", "prod", "users", "block", "0004"]), &dead).await;
    assert_eq!(code, Some(3), "{err}");
    assert!(out.contains("refused: read-only (profile prod)"), "{out}");
    assert!(
        admin.user(login(4)).await.expect("Test4").login_allowed,
        "nothing written"
    );

    let env = [("LSC_SERVER", "http://127.0.0.1:9"), ("LSC_PROFILE", "prod")];
    let (code, _, err) = lsc_with(&ls, m, &run(vec!["token", "renew", "--user", "0002"]), &env).await;
    assert_eq!(code, Some(3));
    assert!(err.contains("read-only (profile prod)"), "{err}");
    let (code, _, err) = lsc_with(
        &ls,
        m,
        &run(vec![
            "access", "set", "--user", "0004", "--mask", "*Kazan*", "--level", "view",
        ]),
        &env,
    )
    .await;
    assert_eq!(code, Some(3), "{err}");

    // The test profile writes; --read-only on the command line stops it again.
    let (code, out, _) = lsc_with(
        &ls,
        m,
        &run(vec!["--profile", "test", "users", "block", "0004", "--dry-run"]),
        &dead,
    )
    .await;
    assert_eq!(code, Some(0), "{out}");
    let (code, out, _) = lsc_with(
        &ls,
        m,
        &run(vec!["--profile", "test", "--read-only", "users", "block", "0004"]),
        &dead,
    )
    .await;
    assert_eq!(code, Some(3));
    assert!(out.contains("read-only (--read-only)"), "{out}");
    let (code, _, _) = lsc_with(&ls, m, &run(vec!["--profile", "test", "users", "block", "0004"]), &dead).await;
    assert_eq!(code, Some(0));
    assert!(!admin.user(login(4)).await.expect("Test4").login_allowed);

    // A login twice is a usage error, not two saves; asking for what is already so is fine.
    let (code, _, err) = lsc_with(
        &ls,
        m,
        &run(vec!["--profile", "test", "users", "unblock", "0004", "0004"]),
        &dead,
    )
    .await;
    assert_eq!(code, Some(2), "{err}");
    let (code, out, err) = lsc_with(&ls, m, &run(vec!["--profile", "test", "users", "block", "0004"]), &dead).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("0 to change, 1 already so"), "{out}");
    let (code, _, err) = lsc_with(
        &ls,
        m,
        &run(vec!["--profile", "test", "--server", "http://x", "users", "list"]),
        &[],
    )
    .await;
    assert_eq!(code, Some(2));
    assert!(err.contains("name two servers"), "{err}");

    let (code, _, err) = lsc_with(&ls, m, &run(vec!["--profile", "nope", "users", "list"]), &dead).await;
    assert_eq!(code, Some(2));
    assert!(err.contains("no profile 'nope' (the config has: prod, test)"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_import_creates_skips_and_refuses_each_row_with_its_reason() {
    let ls = demo().await;
    let admin = client(&ls, ADMIN);
    let m = who(&DEMO_MANAGER);
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Username,First name,Last name,Email,Roles\n\
         anna.new,Anna,New,anna@d.example,DEALER_USER\n\
         Test4,Ivan,Petrov,t4@d.example,DEALER_USER\n\
         bad.mail,Bad,Mail,not-an-email,DEALER_USER\n\
         boss,Big,Boss,boss@d.example,ADMIN\n\
         anna.new,Anna,Again,anna2@d.example,DEALER_USER\n\
         \"semi, colon\",Semi,Colon,semi@d.example,DEALER_USER;SUB_DEALER\n",
    )
    .expect("csv");
    let file = csv.to_str().expect("path");
    let count = || async { admin.users(&Default::default()).await.expect("users").users.len() };
    let n = count().await;

    let (code, out, err) = lsc(&ls, m, &["users", "import", file, "--dry-run", "--format", "json"]).await;
    assert_eq!(code, Some(3), "{err}");
    let plan: Value = serde_json::from_str(&out).expect("json");
    let rows = plan["rows"].as_array().expect("rows");
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["outcome"].as_str().unwrap_or(""), r["reason"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(got[0], ("change", ""));
    assert!(got[1].0 == "same" && got[1].1.contains("exists (0004)"), "{got:?}");
    assert!(got[2].0 == "refused" && got[2].1.contains("email"), "{got:?}");
    assert!(got[3].0 == "refused" && got[3].1.contains("ADMIN"), "{got:?}");
    assert!(got[4].0 == "same" && got[4].1.contains("line 2"), "{got:?}");
    assert_eq!(got[5], ("change", ""));
    assert_eq!(count().await, n, "a dry run creates nothing");

    let (code, out, _) = lsc(&ls, m, &["users", "import", file, "--format", "json"]).await;
    assert_eq!(code, Some(3));
    let doc: Value = serde_json::from_str(&out).expect("json");
    let created = doc["created"].as_array().expect("created");
    assert_eq!(created.len(), 2);
    assert_eq!(count().await, n + 2);
    let semi = created
        .iter()
        .find(|c| c["username"] == "semi, colon")
        .expect("the quoted name");
    assert_eq!(semi["roles"], serde_json::json!(["DEALER_USER", "SUB_DEALER"]));
    let (l, pw, tok) = (
        semi["login"].as_str().and_then(|l| l.parse().ok()).expect("login"),
        semi["credentials"]["password"].as_str().expect("password"),
        semi["credentials"]["api_token"].as_str().expect("token"),
    );
    ls.client(l, pw, tok).me().await.expect("the credentials work");

    // Again: everything is there already.
    let (code, out, _) = lsc(&ls, m, &["users", "import", file]).await;
    assert_eq!(code, Some(3), "the refused rows are still refused: {out}");
    assert!(out.contains("0 to change, 4 already so, 2 refused"), "{out}");
    assert_eq!(count().await, n + 2);

    // An .xlsx with the same columns; an unknown column is named.
    let xlsx = dir.path().join("people.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["username", "first_name", "last_name", "email", "roles"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("cell");
    }
    for (c, v) in ["xl.user", "Excel", "User", "xl@d.example", "CLIENT"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *v).expect("cell");
    }
    wb.save(&xlsx).expect("xlsx");
    let (code, out, err) = lsc(&ls, m, &["users", "import", xlsx.to_str().expect("path")]).await;
    assert_eq!(code, Some(0), "{out}{err}");
    // Applied: the counts say what was done.
    assert!(
        out.contains("created 1, skipped 0, refused 0") && out.contains("xl.user"),
        "{out}"
    );
    assert_eq!(count().await, n + 3);
    std::fs::write(&csv, "username,shoe_size\nx,42\n").expect("csv");
    let (code, _, err) = lsc(&ls, m, &["users", "import", file]).await;
    assert_eq!(code, Some(2));
    assert!(err.contains("unknown column 'shoe_size'"), "{err}");
}

/// The keyring: where one is reachable a stored password signs in without any other source;
/// where none is (a container, a daemon's SSH session) the command says so and exits 1.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyring_stores_a_password_or_says_it_cannot() {
    let ls = demo().await;
    let m = who(&DEMO_MANAGER);
    let no_pw = [("LSC_PASSWORD", "")];
    let set = {
        let home = tempfile::tempdir().expect("home");
        let mut c = Command::new(LSC);
        c.env_clear()
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("LSC_SERVER", ls.url())
            .env("LSC_LOGIN", "0002")
            .args(["keyring", "set", "--password-stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().expect("lsc");
        use std::io::Write as _;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(m.password.as_bytes())
            .expect("write");
        tokio::task::spawn_blocking(move || child.wait_with_output())
            .await
            .expect("join")
            .expect("output")
    };
    let err = String::from_utf8_lossy(&set.stderr);
    if set.status.code() == Some(1) {
        assert!(err.contains("no OS keyring is reachable here"), "{err}");
        println!("keyring: none reachable here, and it says so");
        return;
    }
    assert_eq!(set.status.code(), Some(0), "{err}");
    let (code, out, err) = lsc_with(&ls, m, &["keyring", "status"], &no_pw).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("is stored"), "{out}");
    let (code, out, err) = lsc_with(&ls, m, &["users", "list", "--mask", "username=Test4"], &no_pw).await;
    assert_eq!(code, Some(0), "signed in with the stored password: {err}");
    assert!(out.contains("Test4"));
    let (code, out, _) = lsc_with(&ls, m, &["keyring", "delete"], &no_pw).await;
    assert_eq!((code, out.trim()), (Some(0), "forgotten"));
    println!("keyring: stored, used and forgotten");
}

/// `--password-stdin` works for every command that signs in, before the environment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_stdin_signs_in_any_command() {
    let ls = demo().await;
    let run = |pw: &'static str| {
        let url = ls.url();
        async move {
            let home = tempfile::tempdir().expect("home");
            let mut c = Command::new(LSC);
            c.env_clear()
                .env("HOME", home.path())
                .env("XDG_CONFIG_HOME", home.path().join("config"))
                .env("LSC_SERVER", url)
                .env("LSC_LOGIN", "0002")
                .env("LSC_TOKEN", DEMO_MANAGER.token)
                // The environment's password is wrong: stdin's must win.
                .env("LSC_PASSWORD", "wrong-password")
                .args(["users", "list", "--mask", "username=Test4", "--password-stdin"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            let mut child = c.spawn().expect("lsc");
            use std::io::Write as _;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(format!("{pw}\n").as_bytes())
                .expect("write");
            let out = tokio::task::spawn_blocking(move || child.wait_with_output())
                .await
                .expect("join")
                .expect("output");
            (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
        }
    };
    let (code, out) = run(DEMO_MANAGER.password).await;
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Test4"));
    let (code, _) = run("not-it").await;
    assert_eq!(code, Some(3));
}

#[tokio::test]
async fn users_copy_and_diff_plan_apply_and_say_what_was_left_out() {
    let ls = demo().await;
    let m = who(&DEMO_MANAGER);
    let args = |name: &str| {
        vec![
            "users".to_string(),
            "copy".into(),
            "0004".into(),
            "--username".into(),
            name.to_string(),
            "--first-name".into(),
            "Anna".into(),
            "--last-name".into(),
            "K".into(),
            "--email".into(),
            format!("{name}@copy.example"),
        ]
    };
    let run = |extra: &[&str], name: &str| {
        let mut a = args(name);
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    // The dry run prints the plan and writes nothing.
    let before = client(&ls, ADMIN).users(&Default::default()).await.unwrap().total;
    let a = run(&["--dry-run", "--format", "json"], "anna.cli");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let (code, out, err) = lsc(&ls, m, &a).await;
    assert_eq!(code, Some(0), "{err}");
    let plan: Value = serde_json::from_str(&out).expect("json plan");
    let grants = plan["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["object_id"].is_i64())
        .count();
    assert!(grants >= 3, "Test4's grants are planned: {out}");
    assert_eq!(
        client(&ls, ADMIN).users(&Default::default()).await.unwrap().total,
        before
    );
    // Applied: prints the new login; the new user holds Test4's grants.
    let a = run(&[], "anna.cli");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let (code, out, err) = lsc(&ls, m, &a).await;
    assert_eq!(code, Some(0), "{out}{err}");
    let new: u16 = out
        .lines()
        .find_map(|l| l.strip_prefix("created "))
        .and_then(|l| l.get(..4))
        .and_then(|l| l.parse().ok())
        .expect(&out);
    let acc = client(&ls, ADMIN).access(login(new), "").await.unwrap();
    assert_eq!(
        acc.entries.iter().filter(|e| e.direct > AccessLevel::None).count(),
        grants
    );
    // A right the manager does not hold is left out, said, and exit 3.
    ls.grant_rights(login(4), &["AGGREGATOR_LICENSES"]).await;
    let a = run(&[], "bob.cli");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let (code, out, err) = lsc(&ls, m, &a).await;
    assert_eq!(code, Some(3), "{out}{err}");
    assert!(
        out.lines().any(|l| l.starts_with("✗ new user (bob.cli)")
            && l.contains("right AGGREGATOR_LICENSES")
            && l.contains("you do not hold it")),
        "{out}"
    );
    assert!(err.contains("left out 1"), "{err}");
    // The diff names each difference with its source.
    let (code, out, err) = lsc(&ls, m, &["users", "diff", "0004", "0006", "--format", "json"]).await;
    assert_eq!(code, Some(0), "{err}");
    let d: Value = serde_json::from_str(&out).expect("json diff");
    let rows = d["rows"].as_array().unwrap();
    let role = rows
        .iter()
        .find(|r| r["kind"] == "role" && r["role"] == "DEALER_USER")
        .expect("the role differs");
    assert_eq!(
        (role["a"]["value"].as_str(), role["b"]["value"].as_str()),
        (Some("yes"), Some("no"))
    );
    let right = rows
        .iter()
        .find(|r| r["code"] == "USERS_VIEW")
        .expect("a right from the role");
    assert_eq!(right["a"]["source"], "role DEALER_USER");
    assert!(rows
        .iter()
        .any(|r| r["kind"] == "level" && r["a"]["source"] == "direct"));
    let (code, table, _) = lsc(&ls, m, &["users", "diff", "0004", "0004"]).await;
    assert_eq!(code, Some(0));
    assert!(table.contains("have the same roles, rights and levels"), "{table}");
}

/// `lsc audit list` shows a change field by field in each format; `lsc audit revert` prints
/// the plan on a dry run, then sets the change back, and says so when nothing is left.
#[tokio::test]
async fn audit_list_and_revert() {
    let ls = demo().await;
    let m = who(&DEMO_MANAGER);
    let admin = client(&ls, ADMIN);
    let u = admin.user(login(4)).await.expect("test4");
    let mut d = ls_console::domain::UserDraft::from(&u);
    d.city = "Samara".into();
    d.login_allowed = false;
    client(&ls, m).update_user(u.login, u.version, &d).await.expect("saved");

    let (code, out, err) = lsc(&ls, m, &["audit", "list", "--target", "4", "--since", "1d"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("blocked city") && out.contains("0004 Test4"), "{out}");
    assert!(out.contains(&format!("city: {} → Samara", u.city)), "{out}");
    let (code, out, _) = lsc(&ls, m, &["audit", "list", "--actor", "0002", "--format", "json"]).await;
    assert_eq!(code, Some(0));
    let rows: Value = serde_json::from_str(&out).expect("json");
    let change = rows[0]["change_id"].as_i64().expect("a change id");
    assert_eq!(rows[0]["action"], "user.block");
    let (_, csv, _) = lsc(&ls, m, &["audit", "list", "--actor", "0002", "--format", "csv"]).await;
    assert!(csv.starts_with("id,change_id,at,actor,action"), "{csv}");
    assert!(csv.contains("login_allowed: true → false"), "{csv}");
    // Others see nothing of it.
    let (code, out, _) = lsc(&ls, who(&DEMO_BETA_MANAGER), &["audit", "list", "--target", "0004"]).await;
    assert_eq!(code, Some(0));
    assert!(out.contains("no changes you may see match"), "{out}");

    let id = change.to_string();
    let (code, out, err) = lsc(&ls, m, &["audit", "revert", &id, "--dry-run"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("plan: revert change") && out.contains("Samara → "),
        "{out}"
    );
    assert_eq!(
        admin.user(login(4)).await.expect("t4").city,
        "Samara",
        "a dry run writes nothing"
    );
    let (code, out, err) = lsc(&ls, m, &["audit", "revert", &id]).await;
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("applied: revert change"), "{out}");
    let back = admin.user(login(4)).await.expect("t4");
    assert_eq!((back.city.as_str(), back.login_allowed), (u.city.as_str(), true));
    let (code, _, err) = lsc(&ls, m, &["audit", "revert", &id]).await;
    assert_eq!(code, Some(3), "nothing left: {err}");
    assert!(err.contains("nothing to revert"), "{err}");
}
