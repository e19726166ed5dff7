//! Everything fits or says it does not: every room and popup, in English and Russian, at 80×24,
//! 100×30 and 120×40 over the demo data. A text known to be drawn (a help row from the key map,
//! a card's label, a hint) is whole on screen or a start of it ending in `…` — never a start
//! stopped by a border or the screen's edge; no title or notice touches a corner (cut by the
//! border, from either end); a padded popup's text never touches its right border; the status
//! line's hints give way one by one and say so with `…`.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::domain::Language;
use ls_console::i18n::text_in;
use ls_console::tui::keymap::{Action, Context};
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (120, 40)];
const CORNERS: [char; 4] = ['┌', '┐', '└', '┘'];
const BORDERS: [char; 11] = ['│', '─', '┌', '┐', '└', '┘', '├', '┤', '┬', '┴', '┼'];

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Rows with borders as spaces, each ending in a mark no text holds (the screen's edge).
fn flat_rows(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| {
            let t: String = l.chars().map(|c| if BORDERS.contains(&c) { ' ' } else { c }).collect();
            format!("{} ¶", norm(&t))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `full` whole in `hay`, or a start of it followed by `…` (or ending `hay`): Ok(true); not there:
/// Ok(false); a start of it stopped by anything else: Err.
fn whole_or_marked(hay: &str, full: &str) -> Result<bool, String> {
    let full = norm(full);
    if full.is_empty() || hay.contains(&full) {
        return Ok(true);
    }
    let chars: Vec<char> = full.chars().collect();
    let min = chars.len().min((chars.len() / 3).max(10));
    let mut seen = None;
    for k in (min..chars.len()).rev() {
        let head: String = chars[..k].iter().collect();
        for (at, _) in hay.match_indices(&head) {
            // Followed by `…`; or by nothing (the last row of a popup scrolled on).
            let rest = &hay[at + head.len()..];
            if rest.starts_with('…') || rest.trim().is_empty() {
                return Ok(true);
            }
            seen.get_or_insert_with(|| hay[at..].chars().take(k + 3).collect::<String>());
        }
    }
    match seen {
        Some(shown) => Err(format!("{full:?} cut without …: {shown:?}")),
        None => Ok(false),
    }
}

/// No letter or digit next to a corner: a title or notice cut by the border shows as `└ds…`
/// or `…roles┐`.
fn corners_clean(lines: &[String]) -> Result<(), String> {
    for l in lines {
        let c: Vec<char> = l.chars().collect();
        for i in 0..c.len() {
            if !CORNERS.contains(&c[i]) {
                continue;
            }
            // Only the side the border runs to: a letter on the other side is the screen behind
            // a popup.
            let inner = match c[i] {
                '┌' | '└' => c.get(i + 1).copied(),
                _ => i.checked_sub(1).map(|j| c[j]),
            };
            if inner.is_some_and(|x| x.is_alphanumeric()) {
                return Err(format!("a title cut by the border: {l:?}"));
            }
        }
    }
    Ok(())
}

/// The inside of the box whose top border holds `title` (rows as they are, borders dropped).
fn region(lines: &[String], title: &str) -> Option<Vec<String>> {
    let y = lines
        .iter()
        .position(|l| l.contains(&format!(" {title}")) && l.contains('┌'))?;
    let top: Vec<char> = lines[y].chars().collect();
    // The corner just before the title (a popup's top line can run over the frame behind it).
    let title_at = lines[y].find(&format!(" {title}"))?;
    let title_col = lines[y][..title_at].chars().count();
    let at = top[..title_col].iter().rposition(|c| *c == '┌')?;
    let right = at + 1 + top[at + 1..].iter().position(|c| *c == '┐')?;
    let mut out = Vec::new();
    for l in &lines[y + 1..] {
        let c: Vec<char> = l.chars().collect();
        if c.get(at) == Some(&'└') {
            return Some(out);
        }
        out.push(c.get(at + 1..right).map(|s| s.iter().collect()).unwrap_or_default());
    }
    Some(out)
}

/// A padded popup: its last column inside is blank on every row (text stops before it).
fn padded(rows: &[String], what: &str) -> Result<(), String> {
    for r in rows {
        if r.chars().last().is_some_and(|c| c != ' ') {
            return Err(format!("{what}: text touches the border: {r:?}"));
        }
    }
    Ok(())
}

struct Check {
    lang: Language,
    failures: Vec<String>,
    checked: usize,
}

impl Check {
    fn t(&self, id: &str) -> String {
        text_in(self.lang, id, None)
    }

    fn fail(&mut self, where_: &str, e: String, screen: &str) {
        if self.failures.len() < 12 {
            self.failures.push(format!("{:?} {where_}: {e}\n{screen}", self.lang));
        }
    }

    /// Each of `texts` whole or marked in `hay`; `need`: each must be there at least in part.
    fn texts(&mut self, where_: &str, hay: &str, texts: &[String], need: bool, screen: &str) {
        for t in texts {
            match whole_or_marked(hay, t) {
                Ok(true) => self.checked += 1,
                Ok(false) if need => self.fail(where_, format!("{t:?} not on screen"), screen),
                Ok(false) => {}
                Err(e) => self.fail(where_, e, screen),
            }
        }
    }

    /// The status line: the hint pieces of `hints` shown are whole; any given up, it ends in `…`;
    /// at least one is shown at these sizes.
    fn hints(&mut self, where_: &str, status: &str, hints: &str, screen: &str) {
        let sep = if hints.contains(" · ") { " · " } else { "  " };
        let pieces: Vec<&str> = hints.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
        let shown = pieces.iter().filter(|p| status.contains(**p)).count();
        if shown == 0 {
            self.fail(where_, format!("no hint at all of {hints:?}: {status:?}"), screen);
        } else if shown < pieces.len() && !status.trim_end().ends_with('…') {
            self.fail(where_, format!("hints given up without …: {status:?}"), screen);
        } else {
            self.checked += 1;
        }
    }

    /// What holds on every screen: corners clean, and the popups named by `boxes` padded.
    fn screen(&mut self, d: &mut Driver, where_: &str, boxes: &[String]) -> (Vec<String>, String) {
        let lines = d.lines();
        let screen = lines.join("\n");
        if let Err(e) = corners_clean(&lines) {
            self.fail(where_, e, &screen);
        }
        for b in boxes {
            match region(&lines, b) {
                Some(rows) => {
                    if let Err(e) = padded(&rows, b) {
                        self.fail(where_, e, &screen);
                    }
                }
                None => self.fail(where_, format!("no popup titled {b:?}"), &screen),
            }
        }
        self.checked += 1;
        (lines, screen)
    }
}

/// Each size in turn: the screen drawn at it, and `texts` on it whole or marked.
fn at_sizes(d: &mut Driver, c: &mut Check, what: &str, boxes: &[String], texts: &[String]) {
    for (w, h) in SIZES {
        d.resize(w, h);
        let where_ = format!("{what} at {w}×{h}");
        let (lines, screen) = c.screen(d, &where_, boxes);
        c.texts(&where_, &flat_rows(&lines), texts, false, &screen);
    }
}

async fn command(d: &mut Driver, s: &str) {
    d.key(KeyCode::Char(':')).await;
    d.typ(s).await;
    d.key(KeyCode::Enter).await;
}

async fn tour(ls: &Ls, lang: Language) -> Check {
    let mut c = Check {
        lang,
        failures: vec![],
        checked: 0,
    };
    let mut d = Driver::with(ls.manager(), Some(lang), 80, 24, Theme::plain()).await;
    let keys = d.app.session.keys.clone();
    // The users list: its hints give way one by one.
    let pair = |a: Action, id: &str| format!("{} {}", keys.key_for(Context::Users, a), text_in(lang, id, None));
    let users_hints = [
        pair(Action::Search, "users-hint-search"),
        pair(Action::Sort, "users-hint-sort"),
        pair(Action::Open, "users-hint-open"),
        pair(Action::Help, "users-hint-help"),
        pair(Action::Quit, "users-hint-quit"),
    ]
    .join("  ");
    for (w, h) in SIZES {
        d.resize(w, h);
        let where_ = format!("users list at {w}×{h}");
        let (_, screen) = c.screen(&mut d, &where_, &[]);
        let status = d.status();
        c.hints(&where_, &status, &users_hints, &screen);
    }
    d.key(KeyCode::Char('/')).await;
    at_sizes(&mut d, &mut c, "search", &[], &[]);
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Esc).await;
    // The help: every row of the key map whole (wrapped under itself) or ending in `…`.
    d.key(KeyCode::Char('?')).await;
    let title = c.t("keys-help-title");
    for (w, h) in SIZES {
        d.resize(w, h);
        let where_ = format!("help at {w}×{h}");
        let (lines, screen) = c.screen(&mut d, &where_, std::slice::from_ref(&title));
        let inside = region(&lines, &title).unwrap_or_default().join(" ");
        let mut rows: Vec<String> = Vec::new();
        for ctx in [Context::Users, Context::Global] {
            rows.push(ctx.title());
            rows.extend(keys.help_lines(ctx).into_iter().map(|(k, h)| format!("{k} {h}")));
        }
        c.texts(&where_, &norm(&inside), &rows, false, &screen);
        // The first rows are always in view.
        c.texts(&where_, &norm(&inside), &rows[..3], true, &screen);
        let status = d.status();
        let hint = c.t("keys-help-hint");
        c.hints(&where_, &status, &hint, &screen);
    }
    d.key(KeyCode::Char('x')).await;
    // The column chooser.
    d.key(KeyCode::Char('c')).await;
    let columns = c.t("users-columns-title");
    at_sizes(&mut d, &mut c, "column chooser", std::slice::from_ref(&columns), &[]);
    d.key(KeyCode::Esc).await;
    // A card the manager may only read (the aggregator's): its notice keeps its start.
    command(&mut d, "user 0003").await;
    for tab in '1'..='6' {
        d.key_mod(KeyCode::Char(tab), KeyModifiers::ALT).await;
        let labels: Vec<String> = match d.app.card() {
            Some(card) if tab == '1' => card.fields.iter().map(|f| f.label()).collect(),
            _ => vec![],
        };
        at_sizes(&mut d, &mut c, &format!("card 0003 tab {tab}"), &[], &labels);
    }
    d.key(KeyCode::Esc).await;
    // The manager's own card, every tab; the groups help whole or wrapped, never a lone word.
    command(&mut d, "user 0002").await;
    for tab in '1'..='6' {
        d.key_mod(KeyCode::Char(tab), KeyModifiers::ALT).await;
        let texts = if tab == '3' {
            vec![c.t("card-groups-help")]
        } else {
            vec![]
        };
        at_sizes(&mut d, &mut c, &format!("card 0002 tab {tab}"), &[], &[]);
        for (w, h) in SIZES {
            d.resize(w, h);
            let lines = d.lines();
            let screen = lines.join("\n");
            let where_ = format!("card 0002 tab {tab} at {w}×{h}");
            // Borders out, rows joined: a wrapped text reads on from one row to the next.
            let inner: Vec<String> = lines
                .iter()
                .map(|l| l.chars().map(|c| if BORDERS.contains(&c) { ' ' } else { c }).collect())
                .collect();
            c.texts(&where_, &norm(&inner.join(" ")), &texts, true, &screen);
            let lone = |l: &String| {
                let t = l.trim_matches(|c: char| c == '│' || c == ' ');
                t.chars().count() == 1 && t.chars().all(char::is_alphanumeric)
            };
            if tab == '3' && lines.iter().any(lone) {
                c.fail(&where_, "a lone character on a line".into(), &screen);
            }
        }
    }
    d.key(KeyCode::Esc).await;
    // The objects tree, why a level, a plan, an object's card.
    command(&mut d, "obj Fuel*").await;
    at_sizes(&mut d, &mut c, "objects tree", &[], &[]);
    let tree_hint = d.app.session.level_list_hint(Context::Tree);
    for (w, h) in SIZES {
        d.resize(w, h);
        let lines = d.lines();
        let screen = lines.join("\n");
        let bar = lines.iter().rev().nth(1).cloned().unwrap_or_default();
        c.hints(&format!("tree keys at {w}×{h}"), &bar, &tree_hint, &screen);
    }
    d.key(KeyCode::Char('w')).await;
    let why = c.t("tree-why-title");
    at_sizes(&mut d, &mut c, "why this level", std::slice::from_ref(&why), &[]);
    d.key(KeyCode::Esc).await;
    // A plan: edit on a group and its units for Test4 (the manager's own levels would be a
    // lowering, or change nothing).
    command(&mut d, "user 0004").await;
    d.key_mod(KeyCode::Char('4'), KeyModifiers::ALT).await;
    d.key(KeyCode::Char('/')).await;
    d.typ("Fuel*").await;
    d.key(KeyCode::Enter).await;
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Char('*')).await;
    d.key(KeyCode::Char('3')).await;
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    for (w, h) in SIZES {
        d.resize(w, h);
        let where_ = format!("plan at {w}×{h}");
        let (lines, screen) = c.screen(&mut d, &where_, &[]);
        // A plan row stops at its frame only with `…`.
        let head = if lang == Language::Ru { "План" } else { "Plan" };
        match region(&lines, head) {
            Some(rows) => {
                for r in rows {
                    let last = r.chars().last();
                    if last.is_some_and(|x| x != ' ' && x != '…') {
                        c.fail(&where_, format!("a plan row cut without …: {r:?}"), &screen);
                    }
                }
            }
            None => c.fail(&where_, "no plan".into(), &screen),
        }
    }
    d.key(KeyCode::Esc).await;
    d.key(KeyCode::Char('u')).await;
    command(&mut d, "obj Fuel*").await;
    d.key(KeyCode::Down).await;
    d.key(KeyCode::Enter).await;
    at_sizes(&mut d, &mut c, "object card", &[], &[]);
    d.key(KeyCode::Tab).await;
    at_sizes(&mut d, &mut c, "object card, users", &[], &[]);
    d.key(KeyCode::Esc).await;
    command(&mut d, "audit").await;
    at_sizes(&mut d, &mut c, "audit", &[], &[]);
    command(&mut d, "compare 0004 0006").await;
    at_sizes(&mut d, &mut c, "compare", &[], &[]);
    command(&mut d, "users").await;
    d.key(KeyCode::Char(':')).await;
    d.typ("user").await;
    at_sizes(&mut d, &mut c, "command line", &[], &[]);
    d.key(KeyCode::Esc).await;
    // A new user's credentials, shown once.
    d.key(KeyCode::Char('n')).await;
    let name = format!("Fit{}", if lang == Language::Ru { "Ru" } else { "En" });
    crate::card::set(&mut d, "username", &name).await;
    crate::card::set(&mut d, "last_name", "Новиков").await;
    crate::card::set(&mut d, "first_name", "Олег").await;
    crate::card::set(&mut d, "email", &format!("{}@example.com", name.to_lowercase())).await;
    d.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    at_sizes(&mut d, &mut c, "credentials", &[], &[]);
    c
}

#[tokio::test]
async fn every_room_fits_or_says_it_does_not_in_both_languages() {
    let ls = demo().await;
    let mut failures = Vec::new();
    for lang in [Language::En, Language::Ru] {
        let c = tour(&ls, lang).await;
        assert!(c.checked > 150, "{lang:?}: only {} checks", c.checked);
        failures.extend(c.failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_check_catches_a_cut_without_its_mark() {
    let full = "copy the user: a new user with its roles, rights and groups";
    assert_eq!(
        whole_or_marked("x copy the user: a new user with its roles, rights and groups y", full),
        Ok(true)
    );
    assert_eq!(whole_or_marked("copy the user: a new user with its…", full), Ok(true));
    assert!(whole_or_marked("copy the user: a new user with its roles, rights and gr ¶", full).is_err());
    assert_eq!(whole_or_marked("nothing of it", full), Ok(false));
    let lines = vec!["└ds the role AGGREGATOR┘".to_string()];
    assert!(corners_clean(&lines).is_err());
    assert!(corners_clean(&["└─ read-only: … ┘".to_string()]).is_ok());
    let boxed = vec![
        "┌ Keys ──────┐".to_string(),
        "│ a b c      │".to_string(),
        "│ long text g│".to_string(),
        "└────────────┘".to_string(),
    ];
    let inside = region(&boxed, "Keys").expect("the box");
    assert_eq!(inside.len(), 2);
    assert!(padded(&inside, "Keys").is_err());
}
