//! The console's users list, driven with key events against the real server; assertions on
//! the rendered ratatui buffer.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::api::UserQuery;
use ls_console::domain::{Column, Mask, Order};
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::{Color, Modifier};

async fn all_users(ls: &Ls) -> Vec<ls_console::domain::User> {
    ls.manager().users(&UserQuery::default()).await.unwrap().users
}

#[tokio::test]
async fn filter_one_column_shows_test4_and_the_count() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    let total = all_users(&ls).await.len();
    assert_eq!(d.footer_counts(), (total, total));
    d.key(KeyCode::Char('/')).await;
    // The cursor starts in the Login field; Tab moves to Username.
    d.key(KeyCode::Tab).await;
    d.typ("test4").await;
    let rows = d.rows();
    assert_eq!(rows.len(), 1, "{}", d.screen());
    assert!(rows[0].contains("0004") && rows[0].contains("Test4"));
    assert_eq!(d.footer_counts(), (1, total));
    // Enter keeps the filter and returns to the rows; the filter line stays visible.
    d.key(KeyCode::Enter).await;
    assert_eq!(d.footer_counts(), (1, total));
    assert!(d.screen().contains("test4"));
    // Esc clears it.
    d.key(KeyCode::Esc).await;
    assert_eq!(d.footer_counts(), (total, total));
}

#[tokio::test]
async fn two_columns_combine_and_match_the_server() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 160, 50, Theme::plain()).await;
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.key(KeyCode::Tab).await; // Roles
    d.typ("client").await;
    for _ in 0..5 {
        d.key(KeyCode::Tab).await; // → Source
    }
    d.typ("ext").await;
    d.key(KeyCode::Enter).await;
    let q = UserQuery {
        masks: vec![(Column::Roles, "client".into()), (Column::Source, "ext".into())],
        ..Default::default()
    };
    let server = ls.manager().users(&q).await.unwrap();
    assert!(!server.users.is_empty());
    assert_eq!(d.footer_counts(), (server.users.len(), server.total));
    for r in d.rows() {
        assert!(r.contains("CLIENT") && r.contains("External"), "{r}");
    }
}

#[tokio::test]
async fn wildcards_and_cyrillic_with_highlight() {
    let ls = demo().await;
    let all = all_users(&ls).await;
    let mut d = Driver::new(&ls, 160, 50, Theme::default_colours()).await;
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    for (mask, must) in [
        ("T?st4", Some("Test4")),
        ("t*4", Some("Test4")),
        ("?est", None),
        ("*ова*", None),
    ] {
        d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
        d.typ(mask).await;
        let m = Mask::new(mask);
        let expect = all.iter().filter(|u| m.matches(&u.username)).count();
        assert_eq!(d.footer_counts().0, expect, "mask {mask}");
        if let Some(name) = must {
            assert!(d.rows().iter().any(|r| r.contains(name)), "mask {mask}");
        }
    }
    assert_eq!(
        d.footer_counts().0,
        all.iter().filter(|u| u.username.to_lowercase().contains("ова")).count()
    );
    // Cyrillic typed in lower case finds capitalised names and highlights the match.
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ("иванов").await;
    let rows = d.rows();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.contains("Иванов")), "{rows:?}");
    let buf = d.buffer();
    let lines = d.lines();
    let (y, line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("Иванов") && !l.contains("иванов"))
        .unwrap();
    let x = line.chars().position(|c| c == 'И').unwrap() as u16;
    assert!(
        buf[(x, y as u16)].modifier.contains(Modifier::UNDERLINED),
        "the matched part is highlighted"
    );
}

#[tokio::test]
async fn sort_both_ways_on_every_column() {
    let ls = demo().await;
    let all = all_users(&ls).await;
    let mut d = Driver::new(&ls, 200, 50, Theme::plain()).await;
    for (i, col) in Column::ALL.iter().enumerate() {
        // The list starts sorted by Login ascending, so there `s` first reverses it.
        let orders = if i == 0 {
            [Order::Desc, Order::Asc]
        } else {
            [Order::Asc, Order::Desc]
        };
        for order in orders {
            d.key(KeyCode::Char('s')).await;
            let expect = ls_console::domain::query::query(all.clone(), &[], *col, order);
            let header = d.lines().into_iter().find(|l| l.contains("Login")).unwrap();
            let arrow = if order == Order::Asc { "▲" } else { "▼" };
            assert!(
                header.contains(&format!("{} {arrow}", col.title())),
                "{col:?} {order:?}: {header}"
            );
            // The selected user stays selected (and so on screen) across a sort.
            let rows = d.rows();
            assert!(rows.len() > 20);
            let off = d.app.users().offset;
            for (r, u) in rows.iter().zip(expect.iter().skip(off)) {
                assert!(
                    r.contains(&u.login.to_string()),
                    "{col:?} {order:?}: {r} vs {}",
                    u.login
                );
            }
        }
        if i + 1 < Column::ALL.len() {
            d.key(KeyCode::Right).await;
        }
    }
}

#[tokio::test]
async fn blocked_rows_are_orange_and_marked() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 40, Theme::default_colours()).await;
    // Jump through pages until a blocked row shows.
    let mut found = None;
    for _ in 0..40 {
        let lines = d.lines();
        if let Some((y, l)) = lines.iter().enumerate().find(|(_, l)| l.chars().nth(1) == Some('⊘')) {
            found = Some((y as u16, l.clone()));
            break;
        }
        d.key(KeyCode::PageDown).await;
    }
    let (y, _) = found.expect("the demo has blocked users");
    let buf = d.buffer();
    assert_eq!(buf[(3, y)].fg, Color::Yellow);
    // A normal row is not.
    let lines = d.lines();
    let (ny, _) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.chars().nth(1) == Some(' ') && l.chars().nth(2).is_some_and(|c| c.is_ascii_digit()))
        .unwrap();
    assert_ne!(buf[(3, ny as u16)].fg, Color::Yellow);
}

#[tokio::test]
async fn help_resize_and_card() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 40, Theme::plain()).await;
    d.key(KeyCode::Char('?')).await;
    let s = d.screen();
    assert!(
        s.contains("Keys") && s.contains("sort by the focused column") && s.contains("Ctrl-C"),
        "{s}"
    );
    d.key(KeyCode::Char('x')).await;
    assert!(!d.screen().contains("sort by the focused column"));
    // Resize to 80×24: the list, the footer and the status line still fit.
    d.resize(80, 24);
    let lines = d.lines();
    assert_eq!(lines.len(), 24);
    assert!(lines[22].contains("users ┘"), "{}", lines.join("\n"));
    assert!(lines[23].contains("demo") || lines[23].contains("test"));
    assert_eq!(d.rows().len(), 24 - 4);
    // Scrolling to the end keeps the selection on screen.
    d.key(KeyCode::Char('G')).await;
    let last = all_users(&ls).await.last().unwrap().login.to_string();
    assert!(d.rows().last().unwrap().contains(&last));
    // Enter on Test4 opens the card.
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.typ("Test4").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Enter).await;
    let s = d.screen();
    assert!(s.contains("User 0004 · Test4") && s.contains("Petrov"), "{s}");
    d.key(KeyCode::Esc).await;
    assert!(d.screen().contains("References › Users"));
}

/// At 80×24 the help is taller than the screen: it says so, scrolls to its end, and reads in a
/// sensible order (moving keys before the rest, quitting last). The card's tabs use short names.
#[tokio::test]
async fn at_80x24_the_help_scrolls_and_the_card_tabs_fit() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 80, 24, Theme::plain()).await;
    d.key(KeyCode::Char('?')).await;
    let s = d.screen();
    assert!(s.contains("↑↓ PgUp PgDn scroll") && s.contains(" 1–21 of "), "{s}");
    assert!(!s.contains("Everywhere"), "the global keys are below the fold: {s}");
    let at = |s: &str, what: &str| s.find(what).unwrap_or_else(|| panic!("{what:?} in {s}"));
    assert!(at(&s, "previous row") < at(&s, "next row"), "{s}");
    assert!(at(&s, "next row") < at(&s, "sort by the focused column"), "{s}");
    // Quitting is last: below the fold of the first page, after the list's other keys.
    assert!(!s.contains("  q  "), "{s}");
    // PgDn twice reaches the end; the help stays open while it scrolls.
    d.key(KeyCode::PageDown).await;
    let s = d.screen();
    assert!(at(&s, "new user") < at(&s, "  q "), "{s}");
    d.key(KeyCode::PageDown).await;
    let s = d.screen();
    assert!(
        s.contains("Everywhere") && s.contains("Ctrl-C") && s.contains("any key closes this help"),
        "{s}"
    );
    d.key(KeyCode::Up).await;
    assert!(!d.screen().contains("any key closes this help"), "one line back up");
    // Any other key closes it; opened again, it starts at the top.
    d.key(KeyCode::Char('x')).await;
    assert!(!d.screen().contains("Keys"));
    d.key(KeyCode::Char('?')).await;
    assert!(d.screen().contains(" 1–21 of "));
    d.key(KeyCode::Esc).await;
    // The manager's own card: six tabs, all on one line at 80 columns.
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.typ("demo.manager").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Enter).await;
    let tabs = d.lines()[1].clone();
    assert!(
        tabs.contains("1 General") && tabs.contains("5 Assessment") && tabs.contains("6 API"),
        "{tabs}"
    );
    // Wide enough, the full names.
    d.resize(140, 40);
    let tabs = d.lines()[1].clone();
    assert!(
        tabs.contains("2 Roles & rights") && tabs.contains("6 API access"),
        "{tabs}"
    );
}

#[tokio::test]
async fn a_stopped_server_shows_an_error_not_a_panic() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    let before = d.footer_counts();
    let Ls { running, .. } = ls;
    running.stop().await;
    d.key(KeyCode::Char('r')).await;
    let status = d.lines().pop().unwrap();
    assert!(
        status.contains("offline") && status.contains("cannot load users"),
        "{status}"
    );
    // The rows already loaded stay.
    assert_eq!(d.footer_counts(), before);
    d.key(KeyCode::Enter).await;
    assert!(d.lines().pop().unwrap().contains("cannot open the user"));
}

#[tokio::test]
async fn export_writes_the_rows_shown_in_order() {
    use calamine::{open_workbook, Reader, Xlsx};
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    let dir = tempfile::tempdir().unwrap();
    d.app.session.export_dir = Some(dir.path().to_path_buf());
    d.key(KeyCode::Char('/')).await;
    d.key(KeyCode::Tab).await;
    d.typ("*ов*").await;
    d.key(KeyCode::Enter).await;
    // The search's focus (Username) is the column focus too.
    d.key(KeyCode::Char('s')).await;
    d.key(KeyCode::Char('s')).await; // descending
    d.key(KeyCode::Char('e')).await;
    let status = d.lines().pop().unwrap();
    assert!(status.contains("exported"), "{status}");
    let path = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    assert!(status.contains(&path.file_name().unwrap().to_string_lossy().to_string()));
    let shown = d.app.users().shown_users().into_iter().cloned().collect::<Vec<_>>();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range("Users").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        vec![
            "Login",
            "Username",
            "Roles",
            "Dealer",
            "Email",
            "Phone",
            "Mobile",
            "Source",
            "Last sign-in",
            "Blocked"
        ]
    );
    assert_eq!(rows.len(), shown.len() + 1);
    let mut names: Vec<String> = rows[1..].iter().map(|r| r[1].clone()).collect();
    assert!(names.iter().all(|n| n.contains("ов")));
    for (r, u) in rows[1..].iter().zip(&shown) {
        assert_eq!(r[0], u.login.to_string());
        assert_eq!(r[4], u.email);
        assert_eq!(r[8], Column::LastSignIn.text(u));
        assert_eq!(r[9], if u.login_allowed { "" } else { "yes" });
    }
    let sorted = {
        names.sort_by_key(|n| std::cmp::Reverse(n.to_lowercase()));
        names
    };
    assert_eq!(rows[1..].iter().map(|r| r[1].clone()).collect::<Vec<_>>(), sorted);
}

#[tokio::test]
async fn a_key_map_override_changes_behaviour_and_help() {
    use ls_console::tui::keymap::KeyMap;
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 40, Theme::plain()).await;
    let keys = "[users]\nsearch = [\"f\", \"Ctrl-F\"]\ndown = [\"Down\", \"n\"]\n";
    d.app.session.keys = std::sync::Arc::new(KeyMap::with_overrides(keys, "keys.toml").unwrap());
    // `/` no longer searches; `f` does.
    d.key(KeyCode::Char('/')).await;
    assert!(!d.app.searching());
    d.key(KeyCode::Char('f')).await;
    assert!(d.app.searching());
    d.key(KeyCode::Esc).await;
    // `n` moves down now (it was "new user").
    let before = d.app.users().selected;
    d.key(KeyCode::Char('n')).await;
    assert_eq!(d.app.users().selected, before + 1);
    assert!(d.app.card().is_none());
    // The help and the hint line say so.
    let hint = d.lines().pop().unwrap();
    assert!(hint.contains("f search"), "{hint}");
    d.key(KeyCode::Char('?')).await;
    let s = d.screen();
    assert!(
        s.contains("f / Ctrl-F") && s.contains("search: a field under every column"),
        "{s}"
    );
    assert!(s.contains("↓ / n"), "{s}");
    assert!(!s.contains("new user (managers)"), "n is no longer bound to new: {s}");
}

#[tokio::test]
async fn insecure_tls_is_always_on_the_status_line() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    assert!(!d.lines().pop().unwrap().contains("INSECURE"));
    d.app.status.insecure = true;
    d.key(KeyCode::Down).await;
    assert!(d.lines().pop().unwrap().starts_with("⚠ INSECURE TLS"));
}

/// With mouse capture on (`M`), a click on a row's login opens its card, a click elsewhere on the
/// row selects it, the wheel scrolls; and the mouse never works a list hidden behind another pane.
#[tokio::test]
async fn a_click_on_the_login_opens_the_card() {
    use ls_console::tui::app::{Effect, Msg};
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    let fx = d.app.update(Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('M'),
        KeyModifiers::NONE,
    )));
    assert_eq!(fx, vec![Effect::SetMouse(true)], "M turns mouse capture on");
    let click = |column: u16, row: u16, kind: MouseEventKind| {
        Msg::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let left = MouseEventKind::Down(MouseButton::Left);
    // The fourth data row on screen: its y and login.
    let lines = d.lines();
    let rows: Vec<(u16, String)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| row_login(l).is_some())
        .map(|(y, l)| (y as u16, row_login(l).unwrap()))
        .collect();
    let (y, login) = rows[3].clone();
    // A click on the email column selects the row and opens nothing.
    let fx = d.app.update(click(60, y, left));
    d.run(fx).await;
    assert!(d.app.card().is_none());
    assert_eq!(
        d.app.users().selected_user().map(|u| u.login.to_string()),
        Some(login.clone())
    );
    // The wheel moves the selection by three rows.
    let fx = d.app.update(click(60, y, MouseEventKind::ScrollDown));
    d.run(fx).await;
    assert_eq!(
        d.app.users().selected_user().map(|u| u.login.to_string()),
        Some(rows[6].1.clone())
    );
    // A click on the login opens that user's card.
    let fx = d.app.update(click(3, y, left));
    d.run(fx).await;
    assert!(d.screen().contains(&format!("User {login}")), "{}", d.screen());
    d.key(KeyCode::Esc).await;
    // Behind the Objects pane, the same click does nothing to the hidden list.
    d.key(KeyCode::Char(':')).await;
    d.typ("objects").await;
    d.key(KeyCode::Enter).await;
    let fx = d.app.update(click(3, rows[0].0, left));
    d.run(fx).await;
    assert!(d.app.card().is_none(), "no card opened from under the Objects pane");
    assert!(d.screen().contains("Objects — your access"));
}

/// The login of a data row of the users list (`│ 0004 …` or `│⊘0025 …`), if the line is one.
fn row_login(line: &str) -> Option<String> {
    let t: String = line.chars().skip(2).take(4).collect();
    (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit())).then_some(t)
}

/// Selects `username` in the list: searched under Username, the search kept, the cursor on the
/// first match (asserts it is that user).
async fn select(d: &mut Driver, username: &str) {
    d.key(KeyCode::Esc).await; // clears an earlier search
    while d.app.users().focus > Column::Username.index() {
        d.key(KeyCode::Left).await;
    }
    d.key(KeyCode::Char('/')).await;
    if d.app.users().focus == Column::Login.index() {
        d.key(KeyCode::Tab).await;
    }
    d.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL).await;
    d.typ(username).await;
    d.key(KeyCode::Enter).await;
    assert_eq!(
        d.app.users().selected_user().map(|u| u.username.clone()),
        Some(username.to_string()),
        "{}",
        d.screen()
    );
}

/// Whether the service has `l` blocked (Login allowed unticked).
async fn blocked_on_server(ls: &Ls, l: u16) -> bool {
    !ls.admin().user(login(l)).await.expect("the user").login_allowed
}

/// `b` on a user asks first, naming the user; `y` blocks it on the service, the row turns ⊘ at
/// once and the status line says so; on a blocked user `b` unblocks (`n` keeps it as it is). A
/// user the manager may not manage (an aggregator outranks it) is refused at once: no question,
/// nothing sent.
#[tokio::test]
async fn b_blocks_and_unblocks_from_the_list_after_asking() {
    use ls_console::server::seed::{DEMO_AGGREGATOR, DEMO_TEST4};
    let ls = demo().await;
    let t4 = DEMO_TEST4.login;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    select(&mut d, "Test4").await;
    d.key(KeyCode::Char('b')).await;
    let s = d.screen();
    assert!(s.contains("Block 0004 Test4? y/n"), "{s}");
    assert!(!blocked_on_server(&ls, t4).await, "nothing is sent before y");
    d.key(KeyCode::Char('y')).await;
    assert!(blocked_on_server(&ls, t4).await, "blocked on the service");
    assert!(d.status().contains("blocked 0004 Test4"), "{}", d.status());
    assert!(!d.screen().contains("? y/n"), "the question is gone: {}", d.screen());
    let rows = d.rows();
    assert!(rows.iter().any(|r| r.contains("⊘0004")), "{rows:?}");
    // Blocked, `b` asks to unblock; `n` keeps it blocked and sends nothing.
    d.key(KeyCode::Char('b')).await;
    assert!(d.screen().contains("Unblock 0004 Test4? y/n"), "{}", d.screen());
    d.key(KeyCode::Char('n')).await;
    assert!(!d.screen().contains("? y/n"), "{}", d.screen());
    assert!(blocked_on_server(&ls, t4).await, "n sends nothing");
    d.key(KeyCode::Char('b')).await;
    d.key(KeyCode::Char('y')).await;
    assert!(!blocked_on_server(&ls, t4).await, "unblocked on the service");
    assert!(d.status().contains("unblocked 0004 Test4"), "{}", d.status());
    let rows = d.rows();
    assert!(
        rows.iter().any(|r| r.contains(" 0004")) && !rows.iter().any(|r| r.contains("⊘0004")),
        "{rows:?}"
    );
    // An aggregator: refused at once, with the policy's reason.
    select(&mut d, "white.aggregator").await;
    let sent = d.sent.len();
    d.key(KeyCode::Char('b')).await;
    let status = d.status();
    assert!(
        status.contains("cannot block 0003 white.aggregator") && status.contains("AGGREGATOR"),
        "{status}"
    );
    assert!(!d.screen().contains("? y/n"), "{}", d.screen());
    assert_eq!(d.sent.len(), sent, "nothing sent");
    assert!(!blocked_on_server(&ls, DEMO_AGGREGATOR.login).await);
}

/// On the card: `Alt-b` anywhere, `b` off the text fields (on one it is typed), the same
/// question; `y` saves the user with Login allowed flipped and the card shows it saved. A card
/// with unsaved edits is not blocked under them; a user the viewer may not block is refused.
#[tokio::test]
async fn b_and_alt_b_block_and_unblock_from_the_card() {
    use ls_console::server::seed::DEMO_TEST4;
    let ls = demo().await;
    let t4 = DEMO_TEST4.login;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    d.open_user("Test4").await;
    // The card opens on Username, a text field: Alt-b asks there.
    d.key_mod(KeyCode::Char('b'), KeyModifiers::ALT).await;
    assert!(d.screen().contains("Block 0004 Test4? y/n"), "{}", d.screen());
    d.key(KeyCode::Char('y')).await;
    assert!(blocked_on_server(&ls, t4).await, "blocked on the service");
    assert!(d.status().contains("blocked 0004 Test4"), "{}", d.status());
    assert!(d.screen().contains("[ ] no: blocked"), "{}", d.screen());
    assert!(
        !d.app.card().expect("the card").pane.dirty(),
        "the card holds what was saved"
    );
    // On Login allowed (a check box) plain `b` asks to unblock.
    d.key(KeyCode::End).await;
    d.key(KeyCode::Char('b')).await;
    assert!(d.screen().contains("Unblock 0004 Test4? y/n"), "{}", d.screen());
    d.key(KeyCode::Char('y')).await;
    assert!(!blocked_on_server(&ls, t4).await, "unblocked on the service");
    assert!(d.status().contains("unblocked 0004 Test4"), "{}", d.status());
    // On a text field `b` is typed; with that edit unsaved, Alt-b says so and sends nothing.
    d.key(KeyCode::Home).await;
    d.key(KeyCode::Char('b')).await;
    assert!(d.screen().contains("Test4b"), "{}", d.screen());
    assert!(!d.screen().contains("? y/n"), "{}", d.screen());
    d.key_mod(KeyCode::Char('b'), KeyModifiers::ALT).await;
    assert!(d.status().contains("unsaved edits"), "{}", d.status());
    assert!(!d.screen().contains("? y/n"), "{}", d.screen());
    assert!(!blocked_on_server(&ls, t4).await);
    // Leave, dropping the edit; an aggregator's card refuses at once.
    d.key(KeyCode::Esc).await; // stops editing
    d.key(KeyCode::Esc).await; // asks before dropping the edit
    d.key(KeyCode::Char('y')).await;
    d.open_user("white.aggregator").await;
    d.key(KeyCode::End).await;
    d.key(KeyCode::Char('b')).await;
    let status = d.status();
    assert!(status.contains("cannot block 0003 white.aggregator"), "{status}");
    assert!(!d.screen().contains("? y/n"), "{}", d.screen());
}
