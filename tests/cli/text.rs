//! Untrusted text through the built `lsc` (issue #31): an import's dry run shows a file's escape
//! sequences instead of obeying them, a comment's line breaks cannot forge rows of the audit
//! list, and CSV cells never start a formula.
use crate::common::{demo, Ls};
use ls_console::domain::UserDraft;
use ls_console::server::seed::DEMO_MANAGER;
use serde_json::Value;
use std::process::Command;

const LSC: &str = env!("CARGO_BIN_EXE_lsc");

/// Runs the built `lsc` as the demo manager against `ls`; its exit code, stdout and stderr.
async fn lsc(ls: &Ls, args: &[&str]) -> (Option<i32>, String, String) {
    let home = tempfile::tempdir().expect("home");
    let mut c = Command::new(LSC);
    c.env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("LSC_SERVER", ls.url())
        .env("LSC_LOGIN", DEMO_MANAGER.login.to_string())
        .env("LSC_PASSWORD", DEMO_MANAGER.password)
        .env("LSC_TOKEN", DEMO_MANAGER.token)
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

/// The characters a terminal would obey or hide, none of which may reach it raw.
const RAW: [char; 7] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202E}', '\u{200B}', '\u{E0041}', '\r'];

fn assert_shown(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|c| RAW.contains(c)) {
        panic!("{what}: U+{:04X} reached the terminal raw:\n{text:?}", c as u32);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_dry_run_shows_escape_sequences_instead_of_obeying_them() {
    let ls = demo().await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("hostile.csv");
    let names = [
        "clip\u{1b}]52;c;ZXZpbA==\u{7}",
        "wipe\u{1b}[2J\u{1b}[H",
        "title\u{1b}]0;owned\u{7}",
        "hide\u{1b}[8m",
        "turn\u{202E}nrut",
        "c1\u{9b}2J",
        "demo.manager\u{200B}",
        "demo.manager\u{E0041}",
    ];
    let mut csv = String::from("username,first_name,last_name,email,roles\n");
    for (i, n) in names.iter().enumerate() {
        csv.push_str(&format!("\"{n}\",Eve,Row{i},eve{i}@d.example,DEALER_USER\n"));
    }
    std::fs::write(&file, csv).expect("csv");
    let path = file.to_str().expect("path");

    let (code, out, err) = lsc(&ls, &["users", "import", path, "--dry-run"]).await;
    assert_eq!(code, Some(3), "every row is refused: {out}{err}");
    assert_shown("table", &out);
    assert_shown("stderr", &err);
    assert!(out.contains("⟨U+001B⟩]52;c;"), "the sequence is shown: {out}");
    // The concealed row still says why it was refused, on its own line.
    let hidden = out
        .lines()
        .find(|l| l.contains("hide⟨U+001B⟩[8m"))
        .expect("the hiding row");
    assert!(hidden.contains("refused:") && hidden.contains("U+001B"), "{hidden}");
    assert_eq!(
        out.lines().filter(|l| l.contains("refused:")).count(),
        names.len(),
        "one line per row: {out}"
    );

    let (_, out, err) = lsc(&ls, &["users", "import", path, "--dry-run", "--format", "csv"]).await;
    assert_shown("csv", &out);
    assert_shown("csv stderr", &err);
    assert_eq!(
        out.lines().count(),
        names.len() + 1,
        "a header and a line per row: {out}"
    );

    let (_, out, _) = lsc(&ls, &["users", "import", path, "--dry-run", "--format", "json"]).await;
    assert_shown("json", &out);
    // JSON escapes them and stays lossless: the rows name the cells exactly.
    let plan: Value = serde_json::from_str(&out).expect("json");
    let rows = plan["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), names.len());
    for (i, (row, name)) in rows.iter().zip(names).enumerate() {
        let target = format!("line {} ({name})", i + 2);
        assert_eq!(row["target"].as_str(), Some(target.as_str()), "{row}");
        assert_eq!(row["outcome"], "refused", "{row}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_with_line_breaks_cannot_forge_audit_rows() {
    let ls = demo().await;
    let m = ls.manager();
    let t4 = m.user(crate::common::login(4)).await.expect("Test4");
    let mut d = UserDraft::from(&t4);
    d.comments = "note\n999999  2026-01-01 00:00  0001 admin  blocked  FORGED\r\n          roles: ADMIN\ttab".into();
    m.update_user(t4.login, t4.version, &d)
        .await
        .expect("a comment may hold line breaks");

    let args = ["audit", "list", "--target", "0004", "--limit", "20"];
    let (code, table, err) = lsc(&ls, &args).await;
    assert_eq!(code, Some(0), "{err}");
    assert_shown("audit", &table);
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (_, json, _) = lsc(&ls, &json_args).await;
    let entries: Vec<Value> = serde_json::from_str(&json).expect("json");
    assert!(!entries.is_empty(), "the update is logged");
    let changes: usize = entries
        .iter()
        .map(|e| e["changes"].as_array().map_or(0, Vec::len))
        .sum();
    // A line per row and a line per changed field: the comment adds none of its own.
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), entries.len() + changes, "{table}");
    let rows = lines.iter().filter(|l| !l.starts_with("          ")).count();
    assert_eq!(rows, entries.len(), "{table}");
    let forged: Vec<&&str> = lines.iter().filter(|l| l.contains("FORGED")).collect();
    assert_eq!(forged.len(), 1, "{table}");
    assert!(
        forged[0].starts_with("          comments: ") && forged[0].contains("note\\n999999"),
        "the comment is one diff line: {table}"
    );
    let kept = entries
        .iter()
        .flat_map(|e| e["changes"].as_array().into_iter().flatten())
        .any(|c| c["field"] == "comments" && c["new"].as_str() == Some(d.comments.as_str()));
    assert!(kept, "JSON keeps the comment whole: {json}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_list_csv_cells_never_start_a_formula() {
    let ls = demo().await;
    let m = ls.manager();
    let made = m
        .create_user(&UserDraft {
            username: "=HYPERLINK(\"http://evil.example\",\"click\")".into(),
            first_name: "Eve".into(),
            last_name: "Formula".into(),
            email: "+cmd@evil.example".into(),
            phone: "-1 234 5678".into(),
            mobile: "+7 912 000".into(),
            roles: vec![ls_console::domain::Role::DealerUser],
            login_allowed: true,
            ..Default::default()
        })
        .await
        .expect("such a name is valid text");
    let login = made.user.login.to_string();
    let mask = format!("login={login}");
    let (code, out, err) = lsc(&ls, &["users", "list", "--mask", &mask, "--format", "csv"]).await;
    assert_eq!(code, Some(0), "{err}");
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().expect("header").iter().map(str::to_string).collect();
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("records");
    assert_eq!(rows.len(), 1, "{out}");
    let cell = |k: &str| {
        let i = header.iter().position(|h| h == k).expect("column");
        rows[0].get(i).unwrap_or_default().to_string()
    };
    assert_eq!(cell("login"), login);
    assert_eq!(cell("username"), "'=HYPERLINK(\"http://evil.example\",\"click\")");
    assert_eq!(cell("email"), "'+cmd@evil.example");
    assert_eq!(cell("phone"), "'-1 234 5678");
    assert_eq!(cell("mobile"), "'+7 912 000");
    for row in &rows {
        for c in row.iter() {
            assert!(
                !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell starts a formula: {c:?}"
            );
        }
    }
    // The table shows the name as it is (it is text, not a sequence).
    let (_, table, _) = lsc(&ls, &["users", "list", "--mask", &mask]).await;
    assert!(table.contains("=HYPERLINK("), "{table}");
}
