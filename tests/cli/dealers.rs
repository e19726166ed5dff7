//! `lsc dealers`: the dealers with their users and user quotas, and the administrator's quota
//! as every write goes (a plan line, `--dry-run`, then applied; refused for a manager).
use crate::common::{demo, Ls, ADMIN_PW, ADMIN_TOKEN};
use ls_console::server::seed::DEMO_MANAGER;
use serde_json::Value;
use std::process::Command;

const LSC: &str = env!("CARGO_BIN_EXE_lsc");

type Who = (u16, &'static str, &'static str);

const ADMIN: Who = (1, ADMIN_PW, ADMIN_TOKEN);
const MANAGER: Who = (DEMO_MANAGER.login, DEMO_MANAGER.password, DEMO_MANAGER.token);

/// Runs the built `lsc` as `w` against `ls`, in English; its exit code, stdout and stderr.
async fn lsc(ls: &Ls, w: Who, args: &[&str]) -> (Option<i32>, String, String) {
    let home = tempfile::tempdir().expect("home");
    let mut c = Command::new(LSC);
    c.env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("LSC_SERVER", ls.url())
        .env("LSC_LOGIN", w.0.to_string())
        .env("LSC_PASSWORD", w.1)
        .env("LSC_TOKEN", w.2)
        .args(["--lang", "en"])
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

/// The dealer's quota as the administrator reads it.
async fn quota_of(ls: &Ls, id: i64) -> Option<i64> {
    ls.admin()
        .dealers_info()
        .await
        .expect("dealers")
        .into_iter()
        .find(|d| d.dealer.id == id)
        .and_then(|d| d.user_quota)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dealers_list_their_users_and_the_administrator_sets_a_quota() {
    let ls = demo().await;
    // A manager lists the dealers it sees: id, name, parent, users, quota.
    let (code, out, err) = lsc(&ls, MANAGER, &["dealers", "list"]).await;
    assert_eq!(code, Some(0), "{err}");
    let head = out.lines().next().unwrap_or_default();
    for col in ["id", "name", "parent", "users", "quota"] {
        assert!(head.contains(col), "{col}: {head}");
    }
    assert!(out.contains("Alpha Systems"), "{out}");
    let (code, out, err) = lsc(&ls, MANAGER, &["dealers", "list", "--format", "json"]).await;
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let alpha = v
        .as_array()
        .and_then(|a| a.iter().find(|d| d["name"] == "Alpha Systems"))
        .cloned()
        .expect("Alpha Systems listed");
    let id = alpha["id"].as_i64().expect("an id");
    assert!(alpha["users"].as_i64().unwrap_or_default() > 0, "{alpha}");
    assert_eq!(alpha["user_quota"], Value::Null, "no quota at first");
    let ids = id.to_string();

    // The manager may not set it: the plan line says why, exit 3, nothing written.
    let (code, out, _) = lsc(&ls, MANAGER, &["dealers", "quota", &ids, "500"]).await;
    assert_eq!(code, Some(3), "{out}");
    assert!(
        out.contains("user quota") && out.contains("none → 500") && out.contains("refused") && out.contains("ADMIN"),
        "{out}"
    );
    assert_eq!(quota_of(&ls, id).await, None);

    // The administrator: the plan alone with --dry-run, then applied.
    let (code, out, err) = lsc(&ls, ADMIN, &["dealers", "quota", &ids, "500", "--dry-run"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("plan:") && out.contains("none → 500"), "{out}");
    assert_eq!(quota_of(&ls, id).await, None, "a dry run writes nothing");
    let (code, out, err) = lsc(&ls, ADMIN, &["dealers", "quota", &ids, "500"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("applied:") && out.contains("none → 500"), "{out}");
    assert_eq!(quota_of(&ls, id).await, Some(500));
    let (_, out, _) = lsc(&ls, MANAGER, &["dealers", "list"]).await;
    let row = out.lines().find(|l| l.contains("Alpha Systems")).unwrap_or_default();
    assert!(row.trim_end().ends_with(" 500"), "{row}");

    // `none` clears it; a quota past every login is a usage error; an unknown dealer is not found.
    let (code, out, err) = lsc(&ls, ADMIN, &["dealers", "quota", &ids, "none"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("500 → none"), "{out}");
    assert_eq!(quota_of(&ls, id).await, None);
    let (code, _, err) = lsc(&ls, ADMIN, &["dealers", "quota", &ids, "10000"]).await;
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = lsc(&ls, ADMIN, &["dealers", "quota", "999999", "5"]).await;
    assert_eq!(code, Some(4), "{err}");
}
