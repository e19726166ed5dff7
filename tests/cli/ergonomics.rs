//! The CLI's ergonomics through the built `lsc` (issue #30, item 6): a CSV from a Russian Excel
//! (`;`, a byte order mark) imports; `--lang`, the config and the user's card choose the words,
//! with Russian plurals; counts say what was done once applied; a field's problem names the field
//! once; level plans show the level in effect; a reader that goes away ends output quietly.
use crate::common::{demo, login, Ls, ADMIN_PW, ADMIN_TOKEN};
use ls_console::domain::{AccessLevel, LevelSource, ObjectKind};
use ls_console::server::seed::{DemoAccount, DEMO_MANAGER, DEMO_TEST4};
use serde_json::Value;
use std::process::{Command, Stdio};

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

fn who(a: &DemoAccount) -> Who {
    Who {
        login: a.login,
        password: a.password,
        token: a.token,
    }
}

/// The built `lsc` signed in as `w` on `ls`, with a clean environment.
fn command(ls: &Ls, w: Who, home: &std::path::Path, args: &[&str]) -> Command {
    let mut c = Command::new(LSC);
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("LSC_SERVER", ls.url())
        .env("LSC_LOGIN", w.login.to_string())
        .env("LSC_PASSWORD", w.password)
        .env("LSC_TOKEN", w.token)
        .args(args);
    c
}

/// Runs `lsc` as `w`; its exit code, stdout and stderr.
async fn lsc(ls: &Ls, w: Who, args: &[&str]) -> (Option<i32>, String, String) {
    let home = tempfile::tempdir().expect("home");
    let mut c = command(ls, w, home.path(), args);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_semicolon_csv_with_a_byte_order_mark_imports_and_says_what_was_done() {
    let ls = demo().await;
    let m = who(&DEMO_MANAGER);
    let dir = tempfile::tempdir().expect("dir");
    // What Excel writes as "CSV UTF-8" in a Russian locale: a BOM, `;`, CRLF.
    let semi = dir.path().join("excel-ru.csv");
    std::fs::write(
        &semi,
        "\u{feff}Username;First name;Last name;Email;Roles\r\n\
         semi.one;Semi;One;semi.one@d.example;DEALER_USER\r\n\
         bad.mail;Bad;Mail;not-an-email;DEALER_USER\r\n",
    )
    .expect("csv");
    let file = semi.to_str().expect("path");

    let (code, out, err) = lsc(&ls, m, &["users", "import", file, "--dry-run", "--format", "json"]).await;
    assert_eq!(code, Some(3), "the bad row is refused: {out}{err}");
    let plan: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let rows = plan["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{out}");
    assert_eq!(rows[0]["outcome"], "change", "{out}");
    assert_eq!(rows[0]["target"], "line 2 (semi.one)", "{out}");
    // The field is named once.
    assert_eq!(rows[1]["reason"], "invalid: email is not a valid address", "{out}");

    // The separator named outright reads the same; a wrong one says which would.
    let (code, out, _) = lsc(&ls, m, &["users", "import", file, "--separator", ";", "--dry-run"]).await;
    assert_eq!(code, Some(3), "{out}");
    let (code, _, err) = lsc(&ls, m, &["users", "import", file, "--separator", ",", "--dry-run"]).await;
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("unknown column") && err.contains("--separator ';'"),
        "{err}"
    );

    // A tab-separated file, found from its header or named.
    let tabs = dir.path().join("tabs.csv");
    std::fs::write(
        &tabs,
        "username\tfirst_name\tlast_name\temail\troles\ntab.one\tTab\tOne\ttab.one@d.example\tCLIENT\n",
    )
    .expect("csv");
    let tab_file = tabs.to_str().expect("path");
    let extras: [&[&str]; 2] = [&[], &["--separator", "tab"]];
    for extra in extras {
        let mut args = vec!["users", "import", tab_file, "--dry-run", "--format", "json"];
        args.extend(extra);
        let (code, out, err) = lsc(&ls, m, &args).await;
        assert_eq!(code, Some(0), "{args:?}: {out}{err}");
        let plan: Value = serde_json::from_str(&out).expect("json");
        assert_eq!(plan["rows"][0]["outcome"], "change", "{out}");
    }

    // A new user's row reads `— → …`, not a blank; once applied the counts say what was done.
    let (code, out, err) = lsc(&ls, m, &["users", "import", file]).await;
    assert_eq!(code, Some(3), "{out}{err}");
    let row = out.lines().find(|l| l.contains("semi.one")).expect("the row");
    assert!(row.contains("· — → "), "{out}");
    assert!(out.contains("applied: import 2 users from"), "{out}");
    assert!(out.contains("created 1, skipped 0, refused 1"), "{out}");
    assert!(!out.contains("to change"), "{out}");
    assert!(err.contains("1 of 2 rows were not created"), "{err}");
    let made = ls.admin().users(&Default::default()).await.expect("users").users;
    assert!(made.iter().any(|u| u.username == "semi.one"), "created");

    // In Russian, with the plural the number wants.
    let (_, out, _) = lsc(&ls, m, &["--lang", "ru", "users", "import", file, "--dry-run"]).await;
    assert!(out.contains("план: импортировать 2 пользователей из"), "{out}");
    assert!(out.contains("неверно: email is not a valid address"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_comes_from_lang_the_config_or_the_card_with_plurals() {
    let ls = demo().await;
    let (m, t4) = (who(&DEMO_MANAGER), who(&DEMO_TEST4));

    // English, counted right.
    let (code, out, err) = lsc(&ls, m, &["users", "block", "0004", "--dry-run"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("plan: block 1 user\n"), "{out}");
    // --lang ru: the header, the summary, with Russian plurals.
    let (code, out, err) = lsc(&ls, m, &["--lang", "ru", "users", "block", "0004", "--dry-run"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("план: заблокировать 1 пользователя\n"), "{out}");
    assert!(out.contains("к изменению: 1"), "{out}");
    let (_, out, _) = lsc(&ls, m, &["users", "block", "0004", "0006", "--dry-run", "--lang", "ru"]).await;
    assert!(out.starts_with("план: заблокировать 2 пользователей\n"), "{out}");
    let (code, out, err) = lsc(&ls, m, &["--lang", "ru", "users", "list", "--mask", "username=Test4"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.lines().last().is_some_and(|l| l.starts_with("1 из ")), "{out}");

    // Test4's card says Russian: the CLI speaks it, refusals and counts too.
    let (code, out, err) = lsc(&ls, t4, &["users", "block", "0006", "--dry-run"]).await;
    assert_eq!(code, Some(3), "a dealer user blocks no one: {out}{err}");
    assert!(out.starts_with("план: заблокировать 1 пользователя\n"), "{out}");
    assert!(out.contains("✗") && out.contains("отказано: "), "{out}");
    assert!(err.contains("политика отказала в 1 из 1 строки"), "{err}");
    // JSON is for scripts: only --lang changes its words.
    let (_, out, _) = lsc(&ls, t4, &["users", "block", "0006", "--dry-run", "--format", "json"]).await;
    let plan: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(plan["action"], "block 1 user", "{out}");
    // The config's language comes before the card's, --lang before both.
    let home = tempfile::tempdir().expect("home");
    let cfg = home.path().join("config.toml");
    std::fs::write(&cfg, "language = \"en\"\n").expect("config");
    let cfg = cfg.to_str().expect("path");
    let (_, out, _) = lsc(&ls, t4, &["--config", cfg, "users", "block", "0006", "--dry-run"]).await;
    assert!(out.starts_with("plan: block 1 user\n"), "{out}");
    let args = ["--config", cfg, "--lang", "ru", "users", "block", "0006", "--dry-run"];
    let (_, out, _) = lsc(&ls, t4, &args).await;
    assert!(out.starts_with("план: "), "{out}");

    // Applied: the header and the counts say it is done.
    let (code, out, err) = lsc(&ls, m, &["users", "block", "0004"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("applied: block 1 user\n"), "{out}");
    assert!(out.contains("changed 1, already so 0, refused 0"), "{out}");
    let (code, _, _) = lsc(&ls, m, &["users", "unblock", "0004"]).await;
    assert_eq!(code, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_problem_names_the_field_once() {
    let ls = demo().await;
    let args = [
        "users",
        "create",
        "--username",
        "x.y",
        "--first-name",
        "X",
        "--last-name",
        "Y",
        "--email",
        "not-an-email",
        "--roles",
        "DEALER_USER",
        "--dry-run",
    ];
    let (code, _, err) = lsc(&ls, who(&DEMO_MANAGER), &args).await;
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("lsc: email is not a valid address"), "{err}");
    assert!(!err.contains("email: email"), "{err}");
}

/// A unit of Test4's whose level comes from a group and not from a direct grant: its id, name
/// and the level in effect.
async fn through_a_group(ls: &Ls, n: usize) -> Vec<(i64, String, AccessLevel)> {
    let admin = ls.admin();
    let entries = admin.access(login(4), "").await.expect("access").entries;
    let units = admin
        .objects(Some(ObjectKind::Unit), "", None)
        .await
        .expect("units")
        .objects;
    entries
        .iter()
        .filter(|e| e.direct == AccessLevel::None && e.effective >= AccessLevel::View)
        .filter(|e| {
            let sources = if e.sources.is_empty() {
                std::slice::from_ref(&e.source)
            } else {
                &e.sources[..]
            };
            sources.iter().any(|s| matches!(s, LevelSource::Group { .. }))
        })
        .filter_map(|e| {
            let o = units.iter().find(|o| o.id == e.object_id)?;
            Some((e.object_id, o.name.clone(), e.effective))
        })
        .take(n)
        .collect()
}

fn row_of(plan: &Value, id: i64) -> Value {
    plan["rows"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["object_id"].as_i64() == Some(id)))
        .cloned()
        .unwrap_or_else(|| panic!("no row for {id}: {plan}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_level_already_in_effect_through_a_group_is_planned_as_already_so() {
    let ls = demo().await;
    let found = through_a_group(&ls, 2).await;
    assert!(!found.is_empty(), "the demo gives Test4 levels through groups");
    for (id, name, effective) in &found {
        // Picked by a mask: already so (`=`), with where the level comes from.
        let set = [
            "access", "set", "--user", "0004", "--kind", "unit", "--mask", name, "--level", "view",
        ];
        let mut dry = set.to_vec();
        dry.extend(["--dry-run", "--format", "json"]);
        let (_, out, err) = lsc(&ls, ADMIN, &dry).await;
        let plan: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        let row = row_of(&plan, *id);
        assert_eq!(row["outcome"], "same", "{row}");
        assert_eq!(row["then"], effective.as_str(), "{row}");
        let want = format!("in effect: {} already, from group «", effective.as_str());
        assert!(row["reason"].as_str().unwrap_or("").starts_with(&want), "{row}");
        // The table marks it `=`; applying does not write it.
        let mut table = set.to_vec();
        table.push("--dry-run");
        let (_, out, _) = lsc(&ls, ADMIN, &table).await;
        let line = out
            .lines()
            .find(|l| l.contains(&format!("unit {id} (")))
            .expect("the row");
        assert!(line.starts_with("= ") && line.contains("in effect: "), "{out}");
        let _ = lsc(&ls, ADMIN, &set).await;
        let after = ls.admin().access(login(4), "").await.expect("access").entries;
        let direct = after.iter().find(|e| e.object_id == *id).map(|e| e.direct);
        assert_eq!(direct, Some(AccessLevel::None), "object {id} got no direct grant");
    }
    // Named by id (what the console's `!` writes): written as named, saying what is in effect.
    let ids = found
        .iter()
        .map(|(id, _, _)| id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let args = [
        "access",
        "set",
        "--user",
        "0004",
        "--ids",
        &ids,
        "--level",
        "view",
        "--dry-run",
        "--format",
        "json",
    ];
    let (code, out, err) = lsc(&ls, ADMIN, &args).await;
    assert_eq!(code, Some(0), "{out}{err}");
    let plan: Value = serde_json::from_str(&out).expect("json");
    for (id, _, effective) in &found {
        let row = row_of(&plan, *id);
        assert_eq!(row["outcome"], "change", "{row}");
        assert_eq!(row["then"], effective.as_str(), "{row}");
        assert!(row["reason"].as_str().unwrap_or("").starts_with("in effect: "), "{row}");
    }
}

/// `lsc … | head`: the reader goes away before the output is written. The command ends
/// quietly — exit 141, as a shell reports a process a closed pipe stopped — never with a panic.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_to_a_closed_pipe_ends_quietly() {
    let ls = demo().await;
    let m = who(&DEMO_MANAGER);
    for args in [
        &["access", "show", "--user", "0004"][..],
        &["objects", "list"],
        &["users", "list", "--format", "csv"],
        &["audit", "list"],
    ] {
        let home = tempfile::tempdir().expect("home");
        let mut c = command(&ls, m, home.path(), args);
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let out = tokio::task::spawn_blocking(move || {
            let mut child = c.spawn().expect("lsc runs");
            // Closed before the command has signed in, let alone printed.
            drop(child.stdout.take());
            child.wait_with_output()
        })
        .await
        .expect("join")
        .expect("lsc ends");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert_eq!(out.status.code(), Some(141), "{args:?}: {err}");
        assert!(err.trim().is_empty(), "{args:?}: {err}");
    }
}
