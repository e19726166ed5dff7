//! Who signs in and whose login a new user gets: the global `--login` (LSC_LOGIN) is always the
//! one signing in, on a server and on the embedded demo; a new user's is `--new-login`; `lsc usr`
//! finds a demo sign-in's token by itself.
use crate::common::{demo, login, Ls};
use ls_console::server::seed::{DEMO_MANAGER, DEMO_TEST4};
use std::io::Write;
use std::process::{Command, Stdio};

const LSC: &str = env!("CARGO_BIN_EXE_lsc");

/// `lsc` with a clean environment in `home` (no config, no server unless `env` names one).
fn lsc(home: &std::path::Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut c = Command::new(LSC);
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .args(args)
        .stdin(Stdio::null());
    c
}

/// Runs it off the async runtime: (exit code, stdout, stderr).
async fn run(mut c: Command) -> (Option<i32>, String, String) {
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

/// The environment signing in on `ls` as `who` (login, password, token).
fn signed_in<'a>(url: &'a str, who: (&'a str, &'a str, &'a str)) -> Vec<(&'static str, &'a str)> {
    vec![
        ("LSC_SERVER", url),
        ("LSC_LOGIN", who.0),
        ("LSC_PASSWORD", who.1),
        ("LSC_TOKEN", who.2),
    ]
}

const MANAGER: (&str, &str, &str) = ("0002", DEMO_MANAGER.password, DEMO_MANAGER.token);
const TEST4: (&str, &str, &str) = ("0004", DEMO_TEST4.password, DEMO_TEST4.token);

async fn login_of(ls: &Ls, username: &str) -> Option<u16> {
    let page = ls.admin().users(&Default::default()).await.expect("users");
    page.users
        .iter()
        .find(|u| u.username == username)
        .map(|u| u.login.get())
}

#[tokio::test]
async fn the_global_login_signs_in_and_new_login_names_the_new_user() {
    let ls = demo().await;
    let url = ls.url();
    let home = tempfile::tempdir().expect("home");
    let create = [
        "users",
        "create",
        "--username",
        "cli.n1",
        "--first-name",
        "Ivan",
        "--last-name",
        "Petrov",
        "--email",
        "cli.n1@example.com",
        "--roles",
        "DEALER_USER",
        "--dry-run",
    ];
    // `--login 0002` before the command is who signs in, not the new user's login.
    let mut args = vec!["--login", "0002"];
    args.extend(create);
    let (code, out, err) = run(lsc(home.path(), &signed_in(&url, MANAGER), &args)).await;
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("new user (next free login)"), "{out}");
    assert!(!out.contains("new user 0002"), "{out}");
    // The new user's own flag.
    let mut args = create.to_vec();
    args.extend(["--new-login", "0421"]);
    let (code, out, err) = run(lsc(home.path(), &signed_in(&url, MANAGER), &args)).await;
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("new user 0421"), "{out}");
    // With LSC_LOGIN=0002 (and Test4's password and token), `--login 0004` after the command
    // still signs in as Test4: a dealer user, which may not create users.
    let env = vec![
        ("LSC_SERVER", url.as_str()),
        ("LSC_LOGIN", "0002"),
        ("LSC_PASSWORD", TEST4.1),
        ("LSC_TOKEN", TEST4.2),
    ];
    let mut args = create.to_vec();
    args.extend(["--login", "0004"]);
    let (code, out, err) = run(lsc(home.path(), &env, &args)).await;
    assert_eq!(code, Some(3), "{out}{err}");
    assert!(
        out.contains("DEALER_MANAGER") && out.contains("new user (next free login)"),
        "{out}{err}"
    );

    // A copy: `--login 0002` signs in; the copy gets the next free login, or `--new-login`'s.
    let copy = |name: &'static str| {
        vec![
            "users",
            "copy",
            "0004",
            "--username",
            name,
            "--first-name",
            "Anna",
            "--last-name",
            "Orlova",
            "--email",
            if name == "cli.c1" {
                "cli.c1@example.com"
            } else {
                "cli.c2@example.com"
            },
        ]
    };
    let mut args = vec!["--login", "0002"];
    args.extend(copy("cli.c1"));
    let (code, out, err) = run(lsc(home.path(), &signed_in(&url, MANAGER), &args)).await;
    assert!(matches!(code, Some(0 | 3)), "{out}{err}");
    assert!(!err.contains("taken"), "{err}");
    let made = login_of(&ls, "cli.c1").await.expect("the copy was made");
    assert_ne!(made, 2);
    let mut args = copy("cli.c2");
    args.extend(["--new-login", "1500"]);
    let (code, out, err) = run(lsc(home.path(), &signed_in(&url, MANAGER), &args)).await;
    assert!(matches!(code, Some(0 | 3)), "{out}{err}");
    assert_eq!(login_of(&ls, "cli.c2").await, Some(1500));
    let u = ls.admin().user(login(1500)).await.expect("the copy");
    assert_eq!(u.username, "cli.c2");
}

/// The documented line `lsc usr --login 2 --password-stdin --copy` works with no token given:
/// a demo sign-in's token is the demo's own, and the header opens a served demo.
#[tokio::test]
async fn usr_finds_a_demo_sign_ins_token_and_the_header_signs_in() {
    let home = tempfile::tempdir().expect("home");
    let mut c = lsc(home.path(), &[], &["usr", "--login", "2", "--password-stdin", "--copy"]);
    c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let out = tokio::task::spawn_blocking(move || {
        let mut child = c.spawn().expect("lsc runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{}\n", DEMO_MANAGER.password).as_bytes())
            .expect("password sent");
        child.wait_with_output().expect("lsc ends")
    })
    .await
    .expect("join");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let header = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(
        header,
        ls_console::domain::usr::usr_header(login(2), DEMO_MANAGER.password, DEMO_MANAGER.token)
    );
    let ls = demo().await;
    let r = ls
        .raw()
        .get(format!("{}/api/me", ls.url()))
        .header("usr", &header)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 200, "the header signs in");
}

/// On the embedded demo `--login` signs in as that demo user; a login that is none of its
/// sign-ins is a usage error naming them.
#[tokio::test]
async fn login_on_the_embedded_demo_signs_in_as_that_demo_user() {
    let home = tempfile::tempdir().expect("home");
    let (code, out, err) = run(lsc(
        home.path(),
        &[],
        &["--login", "0003", "users", "list", "--format", "csv"],
    ))
    .await;
    assert_eq!(code, Some(0), "{err}");
    // The aggregator sees itself only (no Users — view); the manager would see hundreds.
    let logins: Vec<&str> = out.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
    assert_eq!(logins, ["0003"], "{out}");
    let (code, _, err) = run(lsc(home.path(), &[], &["--login", "0042", "users", "list"])).await;
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("no sign-in of the embedded demo") && err.contains("0002 (demo.manager)"),
        "{err}"
    );
}
