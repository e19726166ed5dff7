//! The whole interface in Russian: every pane drawn at 80×24 for a Russian-speaking viewer, and
//! no English word on any of them except the data (names, logins, codes the service holds) and
//! the names of keys and commands. Plurals follow Russian grammar.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::api::UserQuery;
use ls_console::domain::Language;
use ls_console::server::seed::DEMO_MANAGER;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::collections::HashSet;

/// What may stay in Latin letters on a Russian screen: the names of keys, of commands and of
/// the things of the trade that have no other name.
const LATIN: &[&str] = &[
    "Enter",
    "Esc",
    "Tab",
    "Shift",
    "Ctrl",
    "Alt",
    "PgUp",
    "PgDn",
    "Home",
    "End",
    "Space",
    "Backspace",
    "Delete",
    "Del",
    "USR",
    "API",
    "Base64",
    "MD5",
    "md5",
    "usr",
    "login",
    "password",
    "token",
    "lsc",
    "users",
    "user",
    "objects",
    "obj",
    "blocked",
    "audit",
    "compare",
    "reload",
    "profile",
    "write",
    "help",
    "read",
    "only",
    "White",
    "Server",
    "AggregatorAuthentication",
    "SOS",
    "OSC",
    "tmux",
    "xlsx",
    "csv",
    "demo",
    "test",
    "NAME",
    "LOGIN",
    "MASK",
    // What the test itself types at the command line.
    "nonsense",
];

/// Every string the service holds that the viewer may see (users, objects, dealers) and every
/// code of the catalogue: these are data, shown as they are in any language.
async fn data_words(ls: &Ls) -> HashSet<String> {
    let m = ls.manager();
    let mut strings = Vec::new();
    let mut walk = vec![
        serde_json::to_value(m.users(&UserQuery::default()).await.unwrap().users).unwrap(),
        serde_json::to_value(m.objects(None, "", None).await.unwrap().objects).unwrap(),
        serde_json::to_value(m.dealers().await.unwrap()).unwrap(),
        serde_json::to_value(ls_console::domain::Role::ALL).unwrap(),
        // Exams Test4 took (the card's Assessment tab).
        serde_json::to_value(m.assessments(ls_console::domain::Login::new(4).unwrap()).await.unwrap()).unwrap(),
    ];
    while let Some(v) = walk.pop() {
        match v {
            serde_json::Value::String(s) => strings.push(s),
            serde_json::Value::Array(a) => walk.extend(a),
            serde_json::Value::Object(o) => walk.extend(o.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    strings.extend(ls_console::domain::rights::catalog().iter().map(|r| r.code.clone()));
    // A cell cut at the column's edge shows the start of a word: each start counts as data.
    let mut out = HashSet::new();
    for w in strings.iter().flat_map(|s| words(s)) {
        for (i, _) in w.char_indices().skip(3) {
            out.insert(w[..i].to_string());
        }
        out.insert(w);
    }
    out
}

/// Runs of three or more Latin letters.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_string)
        .collect()
}

/// English words on the screen that are neither data nor key or command names.
fn english(screen: &str, data: &HashSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for line in screen.lines() {
        for w in words(line) {
            if !data.contains(&w) && !LATIN.contains(&w.as_str()) {
                out.push(format!("{w:?} in {:?}", line.trim()));
            }
        }
    }
    out
}

struct Check {
    data: HashSet<String>,
    found: Vec<String>,
    seen: usize,
}

impl Check {
    fn pane(&mut self, name: &str, d: &mut Driver) {
        let s = d.screen();
        assert!(
            s.chars()
                .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))),
            "{name}: no Russian at all:\n{s}"
        );
        self.seen += 1;
        self.found
            .extend(english(&s, &self.data).into_iter().map(|e| format!("{name}: {e}")));
    }
}

async fn command(d: &mut Driver, c: &str) {
    d.key(KeyCode::Char(':')).await;
    d.typ(c).await;
    d.key(KeyCode::Enter).await;
}

#[tokio::test]
async fn every_pane_at_80x24_speaks_russian() {
    let ls = demo().await;
    let mut c = Check {
        data: data_words(&ls).await,
        found: vec![],
        seen: 0,
    };
    let mut d = Driver::with(ls.manager(), Some(Language::Ru), 80, 24, Theme::plain()).await;
    c.pane("users list", &mut d);
    d.key(KeyCode::Char('/')).await;
    c.pane("search fields", &mut d);
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Char('?')).await;
    c.pane("help, users", &mut d);
    d.key(KeyCode::Esc).await;
    command(&mut d, "blocked").await;
    c.pane(":blocked", &mut d);
    command(&mut d, "blocked").await;
    command(&mut d, "nonsense").await;
    c.pane("unknown command", &mut d);
    command(&mut d, "user 0004").await;
    for tab in '1'..='6' {
        d.key_mod(KeyCode::Char(tab), KeyModifiers::ALT).await;
        c.pane(&format!("card tab {tab}"), &mut d);
    }
    // On a tab with no text field, `?` is the help (on a field it is a character).
    d.key(KeyCode::Char('?')).await;
    c.pane("help, card", &mut d);
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Esc).await;
    assert!(d.app.card().is_none(), "back to the list:\n{}", d.screen());
    command(&mut d, "obj Fuel*").await;
    c.pane("objects tree", &mut d);
    d.key(KeyCode::Char('w')).await;
    c.pane("why this level", &mut d);
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Char('*')).await;
    d.key(KeyCode::Char('2')).await;
    c.pane("pending levels", &mut d);
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    c.pane("plan", &mut d);
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Char('u')).await;
    d.key(KeyCode::Enter).await;
    c.pane("object card", &mut d);
    d.key(KeyCode::Esc).await;
    command(&mut d, "audit").await;
    c.pane("audit", &mut d);
    command(&mut d, "compare 0004 0006").await;
    c.pane("compare", &mut d);
    command(&mut d, "users").await;
    // A wrong password: the sign-in screen.
    let wrong = ls.client(DEMO_MANAGER.login, "wrong", DEMO_MANAGER.token);
    let mut s = Driver::with(wrong, Some(Language::Ru), 80, 24, Theme::plain()).await;
    c.pane("sign-in", &mut s);
    assert!(c.seen >= 20, "{} panes", c.seen);
    assert!(
        c.found.is_empty(),
        "English left on Russian screens:\n{}",
        c.found.join("\n")
    );
}

/// The check itself: the same panes in English are caught.
#[tokio::test]
async fn the_check_catches_english() {
    let ls = demo().await;
    let data = data_words(&ls).await;
    let mut d = Driver::with(ls.manager(), Some(Language::En), 80, 24, Theme::plain()).await;
    let found = english(&d.screen(), &data);
    assert!(found.len() >= 3, "{found:?}");
}

/// A Russian viewer with no language chosen gets Russian; the same console for an English
/// viewer stays English; counts take the right plural.
#[tokio::test]
async fn the_viewers_own_language_is_the_interface_and_plurals_agree() {
    let ls = demo().await;
    let mut ru = Driver::with(
        ls.as_account(&ls_console::server::seed::DEMO_TEST4),
        None,
        100,
        30,
        Theme::plain(),
    )
    .await;
    let s = ru.screen();
    assert!(s.contains("Пользователи"), "{s}");
    let mut en = Driver::with(ls.manager(), None, 100, 30, Theme::plain()).await;
    assert!(en.screen().contains("Users"), "{}", en.screen());
    let n = |k: i64, lang: Language| {
        let mut a = ls_console::i18n::FluentArgs::new();
        a.set("n", k);
        ls_console::i18n::text_in(lang, "users-count", Some(&a))
    };
    assert_eq!(
        [n(1, Language::Ru), n(2, Language::Ru), n(5, Language::Ru)],
        ["1 пользователь", "2 пользователя", "5 пользователей"]
    );
}

/// What a request task reports (an export's count, a copy's parts) is said in the viewer's
/// language, with Russian plurals, not in the task's English.
#[tokio::test]
async fn what_requests_report_is_said_in_russian() {
    let ls = demo().await;
    let data = data_words(&ls).await;
    let mut d = Driver::with(ls.manager(), Some(Language::Ru), 120, 30, Theme::plain()).await;
    let dir = tempfile::tempdir().expect("dir");
    d.app.session.export_dir = Some(dir.path().to_path_buf());
    d.key(KeyCode::Char('e')).await;
    let s = d.status();
    let n = d.app.users().rows.len();
    assert!(s.contains(&format!("выгружено {n} пользовател")), "{s}");
    // The file's path is the system's, not the interface's words.
    let said = s.split(&dir.path().display().to_string()).next().unwrap_or_default();
    let left = english(said, &data);
    assert!(left.is_empty(), "English in {said:?}: {left:?}");
}
