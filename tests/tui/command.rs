//! `!`/F2 shows the `lsc` command for a pending change; `c` copies it; and that command, run by
//! a shell against the same server, makes exactly that change.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::domain::{AccessLevel, Login};
use ls_console::server::seed::DEMO_MANAGER;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::collections::BTreeMap;

const LSC: &str = env!("CARGO_BIN_EXE_lsc");

/// Runs the shown lines with `sh`, the built `lsc` first on PATH, as the demo manager.
async fn run(lines: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("dir");
    let bin = std::path::Path::new(LSC).parent().expect("bin dir").to_path_buf();
    let mut c = std::process::Command::new("sh");
    c.arg("-ec")
        .arg(lines)
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("LSC_PASSWORD", DEMO_MANAGER.password)
        .env("LSC_TOKEN", DEMO_MANAGER.token)
        .env("LSC_LOGIN", DEMO_MANAGER.login.to_string());
    let out = tokio::task::spawn_blocking(move || c.output())
        .await
        .expect("join")
        .expect("sh runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// Copies what the popup shows with `c`, and closes it.
async fn copy_shown(d: &mut Driver) -> String {
    let n = d.copied.len();
    d.key(KeyCode::Char('c')).await;
    assert_eq!(d.copied.len(), n + 1, "c copied");
    d.key(KeyCode::Esc).await;
    d.copied.last().cloned().expect("copied")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shown_command_makes_the_same_change() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 160, 40, Theme::plain()).await;
    d.app.session.server_label = ls.url();
    d.open_user("Test4").await;

    // A card's edits: F2 works while typing in a field.
    d.key(KeyCode::Down).await;
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ("Ivanov-Petrov's").await;
    d.key(KeyCode::F(2)).await;
    let screen = d.screen();
    assert!(screen.contains("The same change from the command line"), "{screen}");
    let shown = copy_shown(&mut d).await;
    assert!(
        shown.starts_with(&format!("lsc --server {} users update 0004 --", ls.url())),
        "{shown}"
    );
    let want = d.app.card().expect("card").pane.draft();
    let (code, out) = run(&shown).await;
    assert_eq!(code, Some(0), "{shown}\n{out}");
    let now = ls.admin().user(login(4)).await.expect("Test4");
    assert_eq!(
        (now.first_name.as_str(), now.last_name.as_str()),
        (want.first_name.as_str(), want.last_name.as_str())
    );
    assert!(now.last_name.contains("Ivanov-Petrov's") || now.first_name.contains("Ivanov-Petrov's"));
    // The draft is now what the server holds: nothing left to show.
    d.key(KeyCode::Char('r')).await;

    // Levels pending in the card's tree: one line per level, by ids.
    d.key_mod(KeyCode::Char('4'), KeyModifiers::ALT).await;
    d.key(KeyCode::Char('/')).await;
    d.typ("Fuel Station Kazan*").await;
    d.key(KeyCode::Enter).await;
    for (down, level) in [(1, '1'), (2, '3')] {
        for _ in 0..down {
            d.key(KeyCode::Down).await;
        }
        d.key(KeyCode::Char(' ')).await;
        d.key(KeyCode::Char(level)).await;
        d.key(KeyCode::Char(' ')).await;
    }
    let pending: BTreeMap<i64, AccessLevel> = d
        .app
        .card()
        .and_then(|c| c.pane.tree.as_ref())
        .map(|t| t.pending.clone())
        .unwrap_or_default();
    assert!(!pending.is_empty(), "{}", d.screen());
    d.key(KeyCode::Char('!')).await;
    let shown = copy_shown(&mut d).await;
    assert!(shown.contains("access set --user 0004 --ids "), "{shown}");
    let (code, out) = run(&shown).await;
    assert_eq!(code, Some(0), "{shown}\n{out}");
    let access = ls.admin().access(login(4), "").await.expect("access").entries;
    for (id, level) in &pending {
        let direct = access
            .iter()
            .find(|e| e.object_id == *id)
            .map(|e| e.direct)
            .unwrap_or_default();
        assert_eq!(direct, *level, "object {id}");
    }

    // An object card's pending levels, by logins.
    d.key(KeyCode::Char('u')).await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Tab).await;
    d.key(KeyCode::Char('/')).await;
    d.typ("*Test*").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Char(' ')).await;
    d.key(KeyCode::Char('2')).await;
    let (object, pending): (i64, BTreeMap<Login, AccessLevel>) = {
        let c = d.app.object_card().expect("object card");
        (c.detail.object.id, c.pending.clone())
    };
    assert!(!pending.is_empty(), "{}", d.screen());
    d.key(KeyCode::Char('!')).await;
    let shown = copy_shown(&mut d).await;
    assert!(
        shown.contains(&format!("access set --object {object} --users ")),
        "{shown}"
    );
    let (code, out) = run(&shown).await;
    assert_eq!(code, Some(0), "{shown}\n{out}");
    let accessors = ls.admin().accessors(object).await.expect("accessors");
    for (l, level) in &pending {
        let direct = accessors
            .iter()
            .find(|a| a.login == *l)
            .map(|a| a.direct)
            .unwrap_or_default();
        assert_eq!(direct, *level, "user {l}");
    }
}
