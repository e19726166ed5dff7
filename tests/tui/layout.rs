//! Layout that never hides meaning: the users list's columns sized from their content, the least
//! important given up at 80 columns, `…` wherever a cell is cut, a column chooser kept in the
//! config; long messages wrap over more status rows; popups as big as what they say.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::domain::query::{Column, Order};
use ls_console::domain::{Language, Login, UserDraft};
use ls_console::server::seed::DEMO_TEST4;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// Every cell of every row on screen, read back by the columns the list says it shows, is the
/// user's whole value or a start of it ending in `…` (the oracle: the users the server sent).
fn every_cell_whole_or_marked(d: &mut Driver, width: u16) -> usize {
    let laid = d.app.users().laid(width - 2);
    let users = d.app.users().index.clone();
    let mut checked = 0;
    for line in d.rows() {
        let chars: Vec<char> = line.chars().skip(1).collect();
        let mut x = 0;
        let mut cells = Vec::new();
        for (c, w) in &laid {
            let cell: String = chars.iter().skip(x).take(*w as usize).collect();
            cells.push((*c, cell.trim_end().to_string()));
            x += *w as usize + 1;
        }
        let login = cells
            .iter()
            .find(|(c, _)| *c == Column::Login)
            .map(|(_, s)| s.trim_start_matches(['⊘', ' ']).to_string())
            .unwrap_or_default();
        let u = users
            .users
            .iter()
            .find(|u| u.login.to_string() == login)
            .unwrap_or_else(|| panic!("row of an unknown user: {line}"));
        for (c, shown) in cells {
            let full = c.text(u);
            let shown = if c == Column::Login {
                shown.trim_start_matches(['⊘', ' ']).to_string()
            } else {
                shown
            };
            let ok = shown == full.trim_end()
                || shown
                    .strip_suffix('…')
                    .is_some_and(|head| !head.is_empty() && full.starts_with(head.trim_end()));
            assert!(ok, "{c:?} of {login} at {width}: shown {shown:?}, is {full:?}\n{line}");
            checked += 1;
        }
    }
    checked
}

#[tokio::test]
async fn columns_fit_their_content_and_mark_every_cut() {
    let ls = demo().await;
    for (w, h) in [(80u16, 24u16), (120, 40), (200, 40)] {
        let mut d = Driver::with(ls.admin(), Some(Language::En), w, h, Theme::plain()).await;
        let n = every_cell_whole_or_marked(&mut d, w);
        assert!(n > 50, "{w}: only {n} cells checked");
        let shown: Vec<Column> = d.app.users().laid(w - 2).iter().map(|(c, _)| *c).collect();
        if w == 80 {
            // The least important give way; what is shown says enough of its values.
            assert!(shown.len() < Column::ALL.len(), "{shown:?}");
            for c in [Column::Login, Column::Username, Column::Dealer, Column::Email] {
                assert!(shown.contains(&c), "{c:?} at 80: {shown:?}");
            }
            let s = d.screen();
            assert!(s.contains("DEALER_MANAGER"), "the role is whole at 80:\n{s}");
        }
        if w == 120 {
            // Phone numbers are whole (a cut number says nothing).
            for c in [Column::Phone, Column::Mobile] {
                let width = d.app.users().laid(w - 2).iter().find(|(x, _)| *x == c).map(|(_, w)| *w);
                let longest = d
                    .app
                    .users()
                    .index
                    .users
                    .iter()
                    .map(|u| c.text(u).chars().count())
                    .max();
                assert!(
                    width.map(usize::from) >= longest,
                    "{c:?} at 120: {width:?} < {longest:?}"
                );
            }
        }
        if w == 200 {
            assert_eq!(shown.len(), Column::ALL.len(), "everything at 200");
        }
    }
}

#[tokio::test]
async fn the_column_chooser_hides_and_moves_columns_and_keeps_them_in_the_config() {
    let ls = demo().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "# mine\ntheme = \"mono\"\n").expect("config");
    let mut d = Driver::with(ls.admin(), Some(Language::En), 120, 30, Theme::plain()).await;
    d.app.session.config_path = Some(path.clone());
    d.key(KeyCode::Char('c')).await;
    assert!(
        d.screen().contains("Columns") && d.screen().contains("[x] Username"),
        "{}",
        d.screen()
    );
    // Hide Username; move Email up above Roles and Dealer.
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Char(' ')).await;
    for _ in 0..3 {
        d.key(KeyCode::Down).await;
    }
    d.key_mod(KeyCode::Up, KeyModifiers::SHIFT).await;
    d.key(KeyCode::Char('K')).await;
    d.key(KeyCode::Enter).await;
    let header = d.lines()[1].clone();
    assert!(!header.contains("Username"), "{header}");
    let (login, email, roles) = (
        header.find("Login").expect("login"),
        header.find("Email").expect("email"),
        header.find("Roles").expect("roles"),
    );
    assert!(login < email && email < roles, "{header}");
    assert!(d.status().contains("columns kept in"), "{}", d.status());
    let (cfg, _) = ls_console::config::load(Some(&path)).expect("config reads back");
    let order = cfg.users.columns.expect("columns kept");
    assert_eq!(order[..3], [Column::Login, Column::Email, Column::Roles]);
    assert!(!order.contains(&Column::Username));
    assert_eq!(cfg.theme.as_deref(), Some("mono"), "the rest of the file stays");
    assert!(std::fs::read_to_string(&path).expect("text").starts_with("# mine\n"));
    // A new console started with that config shows the same columns.
    let mut again = Driver::with(ls.admin(), Some(Language::En), 120, 30, Theme::plain()).await;
    again.app.users_mut().set_order(order);
    assert_eq!(again.lines()[1], header);
    // Esc leaves the columns as they were.
    again.key(KeyCode::Char('c')).await;
    again.key(KeyCode::Char(' ')).await;
    again.key(KeyCode::Down).await;
    again.key(KeyCode::Char(' ')).await;
    again.key(KeyCode::Esc).await;
    assert_eq!(again.lines()[1], header);
    // The login cannot be hidden.
    again.key(KeyCode::Char('c')).await;
    again.key(KeyCode::Char(' ')).await;
    assert!(
        again.screen().contains("the login is always shown"),
        "{}",
        again.screen()
    );
}

#[tokio::test]
async fn a_message_longer_than_the_status_line_is_shown_whole() {
    let ls = demo().await;
    let mut d = Driver::with(ls.admin(), Some(Language::En), 80, 24, Theme::plain()).await;
    d.key(KeyCode::Char(':')).await;
    d.typ("frobnicate").await;
    d.key(KeyCode::Enter).await;
    let rows = d.app.session.status_rows;
    assert!(rows > 1, "{}", d.screen());
    let s = d.status();
    for part in ["unknown command ':frobnicate'", ":compare A B", ":help, :q)"] {
        assert!(s.contains(part), "{part:?} not in {s:?}");
    }
    // The list gave up the rows (its frame still closes above the message); the next short
    // message gives them back.
    let lines = d.lines();
    let rows = d.app.session.status_rows as usize;
    assert!(lines[24 - rows - 1].starts_with('└'), "{}", lines.join("\n"));
    d.key(KeyCode::Char(':')).await;
    d.typ("blocked").await;
    d.key(KeyCode::Enter).await;
    let rows = d.app.session.status_rows;
    assert_eq!(rows, 1, "{}", d.screen());
    assert!(d.lines()[22].starts_with('└'), "{}", d.screen());
}

#[tokio::test]
async fn the_conflict_popup_shows_keep_your_draft_at_80_and_120() {
    let ls = demo().await;
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut d = Driver::new(&ls, w, h, Theme::plain()).await;
        d.open_user("Test4").await;
        crate::card::set(&mut d, "city", &format!("City{w}")).await;
        let admin = ls.admin();
        let t4 = Login::new(DEMO_TEST4.login).expect("login");
        let u = admin.user(t4).await.expect("test4");
        let mut other = UserDraft::from(&u);
        other.position = format!("Set at {w}");
        admin.update_user(u.login, u.version, &other).await.expect("saved");
        d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
        let s = d.screen();
        assert!(s.contains("Changed by someone else"), "{w}:\n{s}");
        assert!(s.contains("k  keep your draft"), "{w}:\n{s}");
        assert!(s.contains("r  reload"), "{w}:\n{s}");
    }
}

/// A field's warning takes a line of its own below it at 80 columns; the focused field stays in
/// view however many warnings are above it.
#[tokio::test]
async fn warnings_below_fields_never_push_the_focused_field_out() {
    let ls = demo().await;
    let mut d = Driver::new(&ls, 80, 16, Theme::plain()).await;
    d.open_user("Test4").await;
    crate::card::set(&mut d, "first_name", "").await;
    crate::card::set(&mut d, "email", "not an address").await;
    let s = d.screen();
    assert!(
        s.contains("⚠ email is not a valid address"),
        "whole, on its own line:\n{s}"
    );
    for _ in 0..12 {
        d.key(KeyCode::Down).await;
    }
    let s = d.screen();
    let card = d.app.card().expect("card");
    let label = card.fields[card.focus[ls_console::tui::card::form::Tab::General.index()]].label();
    assert!(s.contains(&label), "the focused field {label:?} is in view:\n{s}");
}

/// Every column can be reached at any width: moving the focus onto one that does not fit
/// brings it into view (the least important shown one gives way), so Source, which does not fit
/// at 80 by default, is searched and sorted there (and at 120); the column chooser says which
/// ticked columns do not fit.
#[tokio::test]
async fn a_column_that_does_not_fit_comes_into_view_when_focused() {
    let ls = demo().await;
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut d = Driver::new(&ls, w, h, Theme::plain()).await;
        let header = |d: &mut Driver| d.lines()[1].clone();
        if w == 80 {
            assert!(!header(&mut d).contains("Source"), "{}", d.screen());
        }
        // → from Login to Source (the eighth column of the default order).
        for _ in 0..7 {
            d.key(KeyCode::Right).await;
        }
        let focus = d.app.users().focus;
        assert_eq!(focus, Column::Source.index(), "{w}: {}", d.screen());
        assert!(header(&mut d).contains("Source"), "{w}: {}", d.screen());
        assert!(every_cell_whole_or_marked(&mut d, w) > 20, "{w}");
        // `/` opens its field: typing there searches it, as the service does.
        d.key(KeyCode::Char('/')).await;
        d.typ("ext").await;
        d.key(KeyCode::Enter).await;
        let q = ls_console::api::UserQuery {
            masks: vec![(Column::Source, "ext".into())],
            ..Default::default()
        };
        let server = ls.manager().users(&q).await.expect("users");
        assert!(!server.users.is_empty());
        assert_eq!(d.footer_counts(), (server.users.len(), server.total), "{w}");
        for r in d.rows() {
            assert!(r.contains("External"), "{w}: {r}");
        }
        // Cleared, the focused column stays in view; `s` sorts by it, both ways, the rows in
        // the service's order.
        d.key(KeyCode::Esc).await;
        let all = ls.manager().users(&Default::default()).await.expect("users").users;
        for (order, arrow) in [(Order::Asc, "Source ▲"), (Order::Desc, "Source ▼")] {
            d.key(KeyCode::Char('s')).await;
            assert!(header(&mut d).contains(arrow), "{w}: {}", d.screen());
            let expect = ls_console::domain::query::query(all.clone(), &[], Column::Source, order);
            let off = d.app.users().offset;
            let rows = d.rows();
            assert!(rows.len() > 10, "{w}: {}", d.screen());
            for (r, u) in rows.iter().zip(expect.iter().skip(off)) {
                assert!(r.contains(&u.login.to_string()), "{w} {order:?}: {r} vs {}", u.login);
            }
        }
        // ← moves on: Source gives its room back where it does not fit.
        d.key(KeyCode::Left).await;
        if w == 80 {
            assert!(!header(&mut d).contains("Source"), "{}", d.screen());
            // The chooser marks the ticked columns that do not fit, and only those.
            d.key(KeyCode::Char('c')).await;
            let s = d.screen();
            assert!(s.contains("[x] Source (does not fit at this width)"), "{s}");
            assert!(s.contains("[x] Login") && !s.contains("Login (does not fit"), "{s}");
            assert!(!s.contains("Username (does not fit"), "{s}");
            // Unticked, a column is not said not to fit (Source is the eighth row).
            for _ in 0..7 {
                d.key(KeyCode::Down).await;
            }
            d.key(KeyCode::Char(' ')).await;
            let s = d.screen();
            assert!(s.contains("[ ] Source") && !s.contains("Source (does not fit"), "{s}");
            d.key(KeyCode::Esc).await;
        }
    }
}
