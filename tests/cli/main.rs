//! The built `lsc` binary: usr, serve + users list, rights export, bad input; its writes
//! (`writes`) against the real server.
#[path = "../common/mod.rs"]
mod common;
mod dealers;
mod ergonomics;
mod login;
mod text;
mod writes;

use base64::Engine;
use md5::{Digest, Md5};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const LSC: &str = env!("CARGO_BIN_EXE_lsc");

/// A child `lsc serve` that is stopped (and reaped) however the test ends.
struct Proc(std::process::Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn md5(s: &str) -> String {
    Md5::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// `lsc` with a clean environment: no config, no server, data in a temp dir.
fn lsc(home: &std::path::Path) -> Command {
    let mut c = Command::new(LSC);
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    c
}

#[test]
fn usr_prints_the_spec_header_for_login_1() {
    let home = tempfile::tempdir().unwrap();
    let mut child = lsc(home.path())
        .args(["usr", "--login", "1", "--token", "T0k3n", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"p@ss word\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    // Computed independently: Base64("0001;" md5("0001"+password) ";" md5(token)).
    let expect =
        base64::engine::general_purpose::STANDARD.encode(format!("0001;{};{}", md5("0001p@ss word"), md5("T0k3n")));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), expect);
}

#[test]
fn bad_input_gives_usage_errors_not_panics() {
    let home = tempfile::tempdir().unwrap();
    for (args, needle) in [
        (
            vec!["usr", "--login", "12345", "--token", "t", "--password-stdin"],
            "out of range",
        ),
        (
            vec!["usr", "--login", "abc", "--token", "t", "--password-stdin"],
            "not a number",
        ),
        (vec!["users", "list", "--mask", "bogus=x"], "unknown column"),
        (vec!["users", "list", "--mask", "username"], "COLUMN=MASK"),
    ] {
        let out = lsc(home.path()).args(&args).stdin(Stdio::null()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn serve_demo_then_users_list_finds_test4() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("ls.db");
    let mut server = Proc(
        lsc(home.path())
            .args(["serve", "--seed", "demo", "--bind", "127.0.0.1:0", "--db"])
            .arg(&db)
            .env("LSC_ADMIN_PASSWORD", "admin-pw")
            .env("LSC_ADMIN_TOKEN", "admin-tok")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("server printed its address").unwrap();
        if let Some(u) = line.strip_prefix("lsc serve: listening on ") {
            break u.to_string();
        }
    };
    let run = |args: &[&str], login: &str, pw: &str, tok: &str| {
        lsc(home.path())
            .args(args)
            .env("LSC_SERVER", &url)
            .env("LSC_LOGIN", login)
            .env("LSC_PASSWORD", pw)
            .env("LSC_TOKEN", tok)
            .output()
            .unwrap()
    };
    let out = run(
        &["users", "list", "--mask", "username=Test4"],
        "2",
        "demo-manager",
        "demo-manager-token",
    );

    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        text.lines()
            .any(|l| l.starts_with("0004") && l.contains("Test4") && l.contains("DEALER_USER")),
        "{text}"
    );
    assert!(text.contains("1 of "), "{text}");
    assert!(text.lines().next().unwrap().starts_with("Login"));
    let out = run(
        &["objects", "list", "--kind", "unit_group", "--mask", "Omsk*"],
        "2",
        "demo-manager",
        "demo-manager-token",
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        text.lines()
            .skip(1)
            // The count line: "1 object", "3 objects".
            .filter(|l| !l.ends_with(" objects") && !l.ends_with(" object"))
            .all(|l| l.contains("unit_group") && l.contains("Omsk")),
        "{text}"
    );
    assert!(text.lines().count() >= 3, "{text}");
    let out = run(
        &["access", "show", "--user", "0004"],
        "2",
        "demo-manager",
        "demo-manager-token",
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.lines().any(|l| l.contains("group ")), "{text}");
    let out = run(
        &["token", "show", "--user", "3"],
        "3",
        "demo-aggregator",
        "demo-aggregator-token",
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "demo-aggregator-token");
    // The aggregator's card is an administrator's to edit, so its token is not the manager's.
    let out = run(
        &["token", "show", "--user", "3"],
        "2",
        "demo-manager",
        "demo-manager-token",
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "the manager may not edit the aggregator's card"
    );
    let out = run(
        &["token", "renew", "--user", "0003"],
        "3",
        "demo-aggregator",
        "demo-aggregator-token",
    );
    let new = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(new.len() >= 64 && new != "demo-aggregator-token", "{new}");
    let out = run(
        &["token", "show", "--user", "0004"],
        "2",
        "demo-manager",
        "demo-manager-token",
    );
    assert_eq!(out.status.code(), Some(3), "Test4 has no API role: forbidden");
    assert!(
        text.lines().any(|l| l.contains(" execute ") || l.contains(" edit ")),
        "{text}"
    );
}

#[test]
fn serve_checks_credentials_and_csv_json_formats() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("ls.db");
    let mut server = Proc(
        lsc(home.path())
            .args(["serve", "--seed", "demo", "--bind", "127.0.0.1:0", "--db"])
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines();
    let mut admin_line = String::new();
    let url = loop {
        let line = lines.next().expect("server output").unwrap();
        if line.starts_with("created admin 0001 — password:") {
            admin_line = line.clone();
        }
        if let Some(u) = line.strip_prefix("lsc serve: listening on ") {
            break u.to_string();
        }
    };
    // Generated admin credentials are printed once and work.
    let pw = admin_line
        .split("password: ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let tok = admin_line.split("API token: ").nth(1).unwrap().trim().to_string();
    let run = |args: &[&str], pw: &str| {
        lsc(home.path())
            .args(args)
            .env("LSC_SERVER", &url)
            .env("LSC_LOGIN", "0001")
            .env("LSC_PASSWORD", pw)
            .env("LSC_TOKEN", &tok)
            .output()
            .unwrap()
    };
    let out = run(&["users", "list", "--mask", "roles=ADMIN", "--format", "csv"], &pw);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        text.lines().next().unwrap(),
        "login,username,roles,dealer,email,phone,mobile,source,last_sign_in,blocked"
    );
    assert!(text.lines().nth(1).unwrap().starts_with("0001,admin,ADMIN,LS Vendor"));
    let out = run(&["users", "list", "--mask", "login=0004", "--format", "json"], &pw);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["users"][0]["username"], "Test4");
    // Wrong password: exit code 3 and the server's message.
    let out = run(&["users", "list"], "wrong");
    drop(server);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("authentication failed"));
}

#[test]
fn rights_export_reads_back() {
    use calamine::{open_workbook, Reader, Xlsx};
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("rights.xlsx");
    let out = lsc(home.path()).args(["rights", "export"]).arg(&file).output().unwrap();
    assert!(out.status.success());
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let range = wb.worksheet_range("Rights").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        vec![
            "Code",
            "Group",
            "Name (EN)",
            "Name (RU)",
            "Description (EN)",
            "Description (RU)"
        ]
    );
    let cat = ls_console::domain::rights::catalog();
    assert_eq!(rows.len(), cat.len() + 1);
    for (row, right) in rows[1..].iter().zip(cat) {
        assert_eq!(row[0], right.code);
        assert_eq!(row[4], right.comment.en);
        assert_eq!(row[5], right.comment.ru);
    }
}

fn out(c: &mut Command) -> (i32, String, String) {
    let o = c.output().expect("run lsc");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn completions_man_version_and_help_examples() {
    let home = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef lsc"),
        ("fish", "complete -c lsc"),
    ] {
        let (code, o, e) = out(lsc(home.path()).args(["completions", shell]));
        assert_eq!(code, 0, "{e}");
        assert!(o.contains(marker), "{shell}: {o:.200}");
        assert!(
            o.contains("serve") && o.contains("completions"),
            "{shell} lists subcommands"
        );
        for w in ["import", "unblock", "dry-run", "users-mask", "profile", "read-only"] {
            assert!(o.contains(w), "{shell} completes {w}");
        }
    }
    let (code, o, _) = out(lsc(home.path()).args(["completions", "tcsh-ish"]));
    assert_eq!(code, 2, "a bad shell is a usage error: {o}");
    let (code, man, _) = out(lsc(home.path()).arg("man"));
    assert_eq!(code, 0);
    assert!(man.starts_with(".ie") || man.contains(".TH lsc"), "{man:.200}");
    assert!(man.contains("Exit codes"), "the man page carries the exit codes");
    let (code, v, _) = out(lsc(home.path()).arg("--version"));
    assert_eq!(code, 0);
    let commit = v.split('(').nth(1).and_then(|s| s.strip_suffix(")\n")).unwrap_or("");
    assert!(v.starts_with("lsc 0.") && !commit.is_empty(), "{v}");
    for sub in [
        "serve",
        "usr",
        "token",
        "users",
        "objects",
        "access",
        "dealers",
        "rights",
        "completions",
        "man",
        "config",
    ] {
        let (code, h, _) = out(lsc(home.path()).args([sub, "--help"]));
        assert_eq!(code, 0);
        assert!(h.contains("Example"), "{sub} --help has examples: {h}");
    }
    // Every write has its own examples.
    for sub in [
        &["users", "create"][..],
        &["users", "update"],
        &["users", "block"],
        &["users", "unblock"],
        &["users", "import"],
        &["access", "set"],
    ] {
        let (code, h, _) = out(lsc(home.path()).args(sub).arg("--help"));
        assert_eq!(code, 0);
        assert!(
            h.contains("Example") && h.contains("lsc "),
            "{sub:?} --help has examples: {h}"
        );
    }
}

#[test]
fn config_init_path_show() {
    let home = tempfile::tempdir().unwrap();
    let (code, p, _) = out(lsc(home.path()).args(["config", "path"]));
    assert_eq!(code, 0);
    let path = std::path::PathBuf::from(p.trim());
    assert!(path.starts_with(home.path()), "{p}");
    let (code, o, e) = out(lsc(home.path()).args(["config", "init"]));
    assert_eq!(code, 0, "{e}");
    assert!(o.contains("0600"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("# ") && text.contains("clipboard = \"auto\""));
    // No language is written: the console follows the viewer's own until one is chosen.
    let (code, o, e) = out(lsc(home.path()).args(["config", "show"]));
    assert_eq!(code, 0, "{e}");
    assert!(o.contains("language = # (unset)"), "{o}");
    // A second init refuses to overwrite.
    let (code, _, e) = out(lsc(home.path()).args(["config", "init"]));
    assert_eq!(code, 2);
    assert!(e.contains("--force"), "{e}");
    // show: secrets masked, environment applied.
    std::fs::write(&path, format!("{text}\ntoken = \"very-secret-token\"\n")).unwrap();
    let (code, o, e) = out(lsc(home.path())
        .args(["config", "show"])
        .env("LSC_SERVER", "http://ls.example:9"));
    assert_eq!(code, 0, "{e}");
    assert!(
        !o.contains("very-secret-token") && o.contains("token = \"•••••• (set)\""),
        "{o}"
    );
    assert!(o.contains("server = \"http://ls.example:9\""), "{o}");
}

#[test]
fn a_broken_keys_file_or_theme_is_named_before_the_console_starts() {
    let home = tempfile::tempdir().unwrap();
    let keys = home.path().join("keys.toml");
    std::fs::write(&keys, "[users]\n\nsearch = [\"Ctlr-F\"]\n").unwrap();
    let cfg = home.path().join("config.toml");
    std::fs::write(&cfg, format!("keys = {:?}\n", keys.display().to_string())).unwrap();
    let (code, _, e) = out(lsc(home.path()).arg("--config").arg(&cfg));
    assert_ne!(code, 0);
    assert!(
        e.contains("keys.toml, line 3") && e.contains("unknown key 'Ctlr-F'"),
        "{e}"
    );
    std::fs::write(&cfg, "theme = \"neon\"\n").unwrap();
    let (code, _, e) = out(lsc(home.path()).arg("--config").arg(&cfg));
    assert_ne!(code, 0);
    assert!(e.contains("unknown theme 'neon'") && e.contains("high-contrast"), "{e}");
    std::fs::write(&cfg, "[colors]\nheader = \"yelow\"\n").unwrap();
    let (_, _, e) = out(lsc(home.path()).arg("--config").arg(&cfg));
    assert!(e.contains("colors.header") && e.contains("yelow"), "{e}");
}

#[test]
fn the_service_log_holds_no_secret() {
    use ls_console::domain::usr::{md5_hex, password_hash, usr_header};
    use ls_console::domain::Login;
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("ls.db");
    let log = std::fs::File::create(home.path().join("serve.log")).unwrap();
    let mut server = Proc(
        lsc(home.path())
            .args(["serve", "--seed", "demo", "--bind", "127.0.0.1:0", "--db"])
            .arg(&db)
            .env("LSC_ADMIN_PASSWORD", "admin-pw-secret")
            .env("LSC_ADMIN_TOKEN", "admin-tok-secret")
            .env("LSC_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("address").unwrap();
        if let Some(u) = line.strip_prefix("lsc serve: listening on ") {
            break u.to_string();
        }
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let secrets = rt.block_on(async {
        use ls_console::api::{Client, Credentials};
        let admin = Client::new(
            &url,
            Credentials::new(Login::new(1).unwrap(), "admin-pw-secret", "admin-tok-secret"),
        )
        .unwrap();
        // A wrong password, a created user (its password and token come back once), a renewal.
        let bad = Client::new(
            &url,
            Credentials::new(Login::new(2).unwrap(), "wrong-pw-secret", "demo-manager-token"),
        )
        .unwrap();
        assert_eq!(bad.me().await.unwrap_err().status(), Some(401));
        let created = admin
            .create_user(&ls_console::domain::UserDraft {
                username: "log.check".into(),
                first_name: "L".into(),
                last_name: "C".into(),
                email: "log@example.com".into(),
                roles: vec![ls_console::domain::Role::Aggregator],
                login_allowed: true,
                ..Default::default()
            })
            .await
            .unwrap();
        let l = created.user.login;
        let renewed = admin.renew_token(l).await.unwrap();
        let a = Login::new(1).unwrap();
        vec![
            "admin-pw-secret".to_string(),
            "admin-tok-secret".to_string(),
            "wrong-pw-secret".to_string(),
            created.credentials.password.clone(),
            created.credentials.api_token.clone(),
            renewed.token.clone(),
            password_hash(a, "admin-pw-secret"),
            md5_hex("admin-tok-secret"),
            usr_header(a, "admin-pw-secret", "admin-tok-secret"),
            usr_header(l, &created.credentials.password, &renewed.token),
        ]
    });
    drop(server);
    let text = std::fs::read_to_string(home.path().join("serve.log")).unwrap();
    assert!(text.contains("sign-in failed"), "failures are logged: {text}");
    for s in &secrets {
        assert!(!text.contains(s.as_str()), "the log holds a secret ({s})");
    }
    println!(
        "service log: {} lines at debug, {} secrets absent",
        text.lines().count(),
        secrets.len()
    );
}

#[test]
fn insecure_is_refused_for_a_remote_server() {
    let home = tempfile::tempdir().unwrap();
    let o = lsc(home.path())
        .args([
            "--insecure",
            "--server",
            "https://ls.example.com",
            "--login",
            "2",
            "users",
            "list",
        ])
        .env("LSC_PASSWORD", "x")
        .env("LSC_TOKEN", "y")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("only allowed for a server on this machine"), "{e}");
}

/// `lsc serve` on an empty database, started as `nohup` starts it (SIGHUP ignored); the child
/// and its address.
#[cfg(unix)]
fn serve_nohup(home: &std::path::Path) -> (Proc, String) {
    use std::os::unix::process::CommandExt;
    let mut cmd = lsc(home);
    cmd.args(["serve", "--seed", "empty", "--bind", "127.0.0.1:0", "--db"])
        .arg(home.join("ls.db"))
        .env("LSC_ADMIN_PASSWORD", "admin-pw")
        .env("LSC_ADMIN_TOKEN", "admin-tok")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    // SAFETY: only async-signal-safe work between fork and exec: one signal() call.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGHUP, libc::SIG_IGN);
            Ok(())
        });
    }
    let mut server = Proc(cmd.spawn().unwrap());
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("server printed its address").unwrap();
        if let Some(u) = line.strip_prefix("lsc serve: listening on ") {
            break u.to_string();
        }
    };
    (server, url)
}

/// `GET /api/health` answers 200 (plain HTTP/1.1 over a socket: the test needs no client).
fn healthy(url: &str) -> bool {
    use std::io::Read;
    let addr = url.trim_start_matches("http://");
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(5)));
    let req = format!("GET /api/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200")
}

/// Waits up to 10 s for the child to exit; its exit code.
fn exit_code(p: &mut Proc) -> Option<i32> {
    for _ in 0..200 {
        if let Ok(Some(st)) = p.0.try_wait() {
            return st.code();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    None
}

#[test]
#[cfg(unix)]
fn serve_stops_cleanly_on_sigterm_and_sigint_and_a_nohup_service_outlives_a_hangup() {
    for (sig, name) in [(libc::SIGTERM, "SIGTERM"), (libc::SIGINT, "SIGINT")] {
        let home = tempfile::tempdir().unwrap();
        let (mut server, url) = serve_nohup(home.path());
        assert!(healthy(&url), "{name}: up before the signal");
        // Under nohup a hangup (the operator's SSH session ended) leaves the service running:
        // the service does not take SIGHUP over.
        // SAFETY: kill only sends a signal to our own child.
        unsafe { libc::kill(server.0.id() as i32, libc::SIGHUP) };
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(healthy(&url), "{name}: still serving after SIGHUP");
        unsafe { libc::kill(server.0.id() as i32, sig) };
        assert_eq!(exit_code(&mut server), Some(0), "{name}: a clean stop, exit 0");
        assert!(!healthy(&url), "{name}: nothing listens after the stop");
    }
}
