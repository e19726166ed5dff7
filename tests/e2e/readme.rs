//! The README and the docs as an executable contract.
//!
//! - every `lsc …` line in an `sh` block of README.md and docs/*.md runs against a served demo
//!   (the README's own `lsc serve` line, on a free port) and exits as its comment says (`exit N`,
//!   else 0);
//! - every row of the README's key tables is pressed in the room it names, in the built console
//!   in tmux, and must do what the row says (each row has a check below; a row without one, or a
//!   check without a row, fails);
//! - every key the console's help (`?`) shows in those rooms is in the README's table for that room.
use super::{require_tmux, start_with, Tmux, LSC};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md first, then docs/*.md in name order.
fn documents() -> Vec<(String, String)> {
    let mut docs = vec![(
        "README.md".to_string(),
        std::fs::read_to_string(root().join("README.md")).expect("README.md"),
    )];
    let mut names: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    for p in names {
        let text = std::fs::read_to_string(&p).expect("a doc");
        docs.push((
            format!("docs/{}", p.file_name().unwrap_or_default().to_string_lossy()),
            text,
        ));
    }
    docs
}

/// The lines of every ```sh block.
fn sh_lines(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in md.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            inside = !inside && t.trim_end() == "```sh";
            continue;
        }
        if inside {
            out.push(line.to_string());
        }
    }
    out
}

/// A line split into the command and its comment (` # …` outside quotes).
fn split_comment(line: &str) -> (String, String) {
    let (mut single, mut double) = (false, false);
    let bytes: Vec<char> = line.chars().collect();
    for (i, c) in bytes.iter().enumerate() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && i > 0 && bytes[i - 1].is_whitespace() => {
                let cmd: String = bytes[..i].iter().collect();
                let comment: String = bytes[i + 1..].iter().collect();
                return (cmd.trim().to_string(), comment.trim().to_string());
            }
            _ => {}
        }
    }
    (line.trim().to_string(), String::new())
}

/// `exit N` in a comment, else 0.
fn expected_exit(comment: &str) -> i32 {
    comment
        .split("exit ")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

pub(super) struct Served {
    pub(super) child: std::process::Child,
    pub(super) url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lsc_env(cmd: &mut Command, home: &Path) {
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("LSC_CLIPBOARD", "off")
        .env("PATH", path_with_lsc());
}

/// PATH with the built `lsc` first, so the documented lines run it by name.
fn path_with_lsc() -> String {
    let dir = Path::new(LSC)
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

/// The README's `lsc serve` line, on a free loopback port instead of the documented one.
pub(super) fn serve(line: &str, home: &Path) -> Served {
    let args: Vec<String> = line
        .split_whitespace()
        .skip(1)
        .map(|a| {
            if a.starts_with("127.0.0.1:") {
                "127.0.0.1:0".to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    let mut cmd = Command::new(LSC);
    lsc_env(&mut cmd, home);
    let mut child = cmd
        .args(&args)
        .current_dir(home)
        .env("LSC_ADMIN_PASSWORD", "admin-password")
        .env("LSC_ADMIN_TOKEN", "admin-token")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("lsc serve");
    let out = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(out).lines();
    let url = loop {
        let line = lines.next().expect("lsc serve printed its address").expect("a line");
        if let Some(u) = line.strip_prefix("lsc serve: listening on ") {
            break u.to_string();
        }
    };
    Served { child, url }
}

#[test]
fn readme_every_documented_command_runs_as_documented() {
    let home = tempfile::tempdir().expect("tempdir");
    let docs = documents();
    let readme_serve = sh_lines(&docs[0].1)
        .into_iter()
        .map(|l| split_comment(&l).0)
        .find(|l| l.starts_with("lsc serve "))
        .expect("the README shows how to serve the demo");
    assert!(readme_serve.contains("--seed demo"), "{readme_serve}");
    let served = serve(&readme_serve, home.path());
    let work = home.path().join("work");
    std::fs::create_dir_all(&work).expect("work dir");
    let mut ran = 0;
    let mut failures = Vec::new();
    for (doc, text) in &docs {
        for line in sh_lines(text) {
            let (cmd, comment) = split_comment(&line);
            if !cmd.starts_with("lsc ") || cmd.starts_with("lsc serve ") {
                // `cargo …` lines are what CI runs; the serve line is running above.
                continue;
            }
            let want = expected_exit(&comment);
            let mut sh = Command::new("sh");
            lsc_env(&mut sh, home.path());
            let mut child = sh
                .arg("-c")
                .arg(&cmd)
                .current_dir(&work)
                .env("LSC_SERVER", &served.url)
                .env("LSC_LOGIN", "0002")
                .env("LSC_PASSWORD", "demo-manager")
                .env("LSC_TOKEN", "demo-manager-token")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("sh");
            // `--password-stdin` reads the signed-in manager's password.
            if let Some(mut stdin) = child.stdin.take() {
                let _ = stdin.write_all(b"demo-manager\n");
            }
            let out = child.wait_with_output().expect("the line ran");
            ran += 1;
            let code = out.status.code().unwrap_or(-1);
            let stderr = String::from_utf8_lossy(&out.stderr);
            if code != want || stderr.contains("panicked") {
                failures.push(format!(
                    "{doc}: `{cmd}` exited {code}, the doc says {want}\n  stderr: {}",
                    stderr.trim()
                ));
            }
        }
    }
    assert!(ran >= 20, "only {ran} documented lsc lines ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One documented key table row: the room (the table's header), the key cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    room: String,
    keys: String,
}

/// The README's key tables: `| key | <room> |` headers, then their rows.
fn key_rows(md: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut room: Option<String> = None;
    for line in md.lines() {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        if !line.trim_start().starts_with('|') {
            room = None;
            continue;
        }
        if cells.first() == Some(&"key") && cells.len() >= 2 {
            room = Some(cells[1].to_string());
            continue;
        }
        if cells.first().is_some_and(|c| c.starts_with("---")) {
            continue;
        }
        if let Some(r) = &room {
            rows.push(Row {
                room: r.clone(),
                keys: cells[0].to_string(),
            });
        }
    }
    rows
}

/// The keys written in backticks in a cell (`Tab` / `Shift-Tab` → Tab, Shift-Tab).
fn cell_keys(cell: &str) -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = cell.split('`').skip(1).step_by(2).map(str::to_string).collect();
    // Words written out stand for what the help calls them.
    if cell.contains("typing") {
        keys.insert("type".to_string());
        keys.insert("typing".to_string());
    }
    // The help writes a modifier on any move key in words.
    if cell.contains("`Shift-↑`") {
        keys.insert("Shift + a move key".to_string());
    }
    keys
}

#[derive(Debug, Clone, Copy)]
enum Step {
    /// tmux key names, space separated (`Down Enter`, `M-6`, `C-s`).
    Keys(&'static str),
    /// Literal text.
    Text(&'static str),
    /// Wait until the screen shows it.
    Wait(&'static str),
    /// After the screen settles, it must not show it.
    Absent(&'static str),
    /// The footer counts every user (`N of N users`).
    AllUsers,
    /// The footer counts fewer than all (`M of N users`, M < N).
    FewerUsers,
    /// The tmux buffer holds it.
    Buffer(&'static str),
}

use Step::*;

/// How each room is entered from a fresh console (signed in as 0002 on the embedded demo).
fn entry(room: &str) -> Vec<Step> {
    let mut steps = vec![Wait("● demo 0002"), Wait(" users ┘")];
    match room {
        "in the users list" | "everywhere" => {}
        "on the user card" => steps.extend([Keys(":"), Text("user 0004"), Keys("Enter"), Wait("User 0004")]),
        "on the API access tab" => steps.extend([
            Keys(":"),
            Text("user 0002"),
            Keys("Enter"),
            Wait("6 API"),
            Keys("M-6"),
            Wait("API token"),
            Wait("••••"),
        ]),
        "in the objects tree" => steps.extend([
            Keys(":"),
            Text("user 0004"),
            Keys("Enter"),
            Wait("User 0004"),
            Keys("M-4"),
            Wait("too many to list"),
            Keys("/"),
            Text("Fuel Station Kazan*"),
            Keys("Enter"),
            Wait("Fuel Station Kazan"),
        ]),
        "in the audit (`:audit`)" => steps.extend([Keys(":"), Text("audit"), Keys("Enter"), Wait("Audit")]),
        other => panic!("the README has a key table for a room the contract does not know: {other}"),
    }
    steps
}

/// What each README row must do, from the room's entry. Every row has one.
fn checks() -> BTreeMap<(&'static str, &'static str), Vec<Step>> {
    let list = "in the users list";
    let card = "on the user card";
    let api = "on the API access tab";
    let tree = "in the objects tree";
    let audit = "in the audit (`:audit`)";
    let all = "everywhere";
    let mut m: BTreeMap<(&'static str, &'static str), Vec<Step>> = BTreeMap::new();
    // Users list.
    m.insert(
        (list, "`/`"),
        vec![Keys("/"), Wait("type to filter"), Text("Test4"), FewerUsers],
    );
    m.insert(
        (list, "`Tab` / `Shift-Tab`"),
        // Tab reaches Username (Test4 matches), Shift-Tab is back in Login (where nothing matches it).
        vec![
            Keys("/ Tab"),
            Text("Test4"),
            Wait(" 1 of "),
            Keys("C-u BTab"),
            Text("Test4"),
            Wait(" 0 of "),
        ],
    );
    m.insert(
        (list, "`Esc`"),
        vec![Keys("/"), Text("zzzz"), Wait(" 0 of "), Keys("Escape"), AllUsers],
    );
    m.insert(
        (list, "`←` `→` `l`"),
        // Then on to Source, which does not fit at 100 columns: focused, it comes into view.
        vec![
            Keys("Right s"),
            Wait("Username ▲"),
            Keys("Left s"),
            Wait("Login ▲"),
            Keys("l s"),
            Wait("Username ▲"),
            Keys("l l l l l l s"),
            Wait("Source ▲"),
        ],
    );
    m.insert((list, "`s`"), vec![Keys("s"), Wait("Login ▼")]);
    m.insert(
        (list, "`↑` `↓` `j` `k` `PgUp` `PgDn` `g` `G` `Home` `End`"),
        vec![
            Keys("Down Enter"),
            Wait("User 0003"),
            Keys("Escape j j k Enter"),
            Wait("User 0004"),
            Keys("Escape Up Enter"),
            Wait("User 0003"),
            Keys("Escape g PgDn PgUp Enter"),
            Wait("User 0002"),
            Keys("Escape g PgDn Enter"),
            Wait("User "),
            Absent("User 0002"),
            Absent("User 0003"),
            Keys("Escape G g Enter"),
            Wait("User 0002"),
            Keys("Escape End Home Enter"),
            Wait("User 0002"),
            Keys("Escape End Enter"),
            Wait("User "),
            Absent("User 0002"),
        ],
    );
    m.insert((list, "`Enter`"), vec![Keys("Enter"), Wait("User 0002 · demo.manager")]);
    m.insert((list, "`h`"), vec![Keys("h"), Wait("Audit · user 0002")]);
    m.insert((list, "`n`"), vec![Keys("n"), Wait("New user")]);
    m.insert((list, "`C`"), vec![Keys("Down Down C"), Wait("copy of 0004")]);
    m.insert(
        (list, "`=`"),
        vec![Keys("Down Down = Down ="), Wait("0004"), Wait("0006"), Wait("Compare")],
    );
    m.insert(
        (list, "`b`"),
        // 0020 john.wright20, a dealer user of the manager's own dealer: blocked, then unblocked.
        vec![
            Keys("/"),
            Text("0020"),
            Keys("Enter"),
            Wait(" 1 of "),
            Keys("b"),
            Wait("Block 0020 john.wright20? y/n"),
            Keys("y"),
            Wait("⊘0020"),
            Wait("blocked 0020 john.wright20"),
            Keys("b"),
            Wait("Unblock 0020 john.wright20? y/n"),
            Keys("y"),
            Wait("unblocked 0020 john.wright20"),
            Absent("⊘0020"),
        ],
    );
    m.insert((list, "`e`"), vec![Keys("e"), Wait(".xlsx")]);
    m.insert((list, "`c`"), vec![Keys("c"), Wait("Columns"), Keys("Escape")]);
    m.insert((list, "`r`"), vec![Keys("r"), Wait("users")]);
    m.insert(
        (list, "typing"),
        vec![Keys("/ Tab"), Text("Test"), FewerUsers, Wait("Test4")],
    );
    m.insert(
        (list, "`Ctrl-U`"),
        vec![Keys("/"), Text("zzzz"), Wait(" 0 of "), Keys("C-u"), AllUsers],
    );
    m.insert((list, "`q`"), vec![Keys("q"), Wait("LSC_EXIT=0")]);
    // The user card (Test4, 0004).
    m.insert(
        (card, "`Tab` / `Shift-Tab`, `Alt-1–6`, `1–6`"),
        vec![
            Keys("Tab"),
            Wait("from role"),
            Keys("BTab"),
            Wait("Username"),
            Keys("M-5"),
            Wait("Examiner comment"),
            Keys("M-1"),
            Wait("Username"),
            Keys("2"),
            Wait("from role"),
            Keys("5"),
            Wait("Examiner comment"),
        ],
    );
    m.insert(
        (card, "`↑` `↓` `Home` `End`"),
        vec![
            Keys("End Space"),
            Wait("[ ] no: blocked"),
            Keys("Home"),
            Text("Z"),
            Wait("Test4Z"),
            Keys("Escape Down"),
            Text("Y"),
            Wait("PetrovY"),
            Keys("Escape Up"),
            Text("X"),
            Wait("Test4ZX"),
        ],
    );
    m.insert(
        (card, "typing, `Enter`"),
        vec![
            Keys("Down Down Down Down Down Down Down Down"),
            Text("Kazan"),
            Wait("MoscowKazan"),
            Wait("● modified"),
            Keys("Escape Up Enter"),
            Text("?1"),
            Wait("Position            ?1"),
        ],
    );
    m.insert((card, "`Space`"), vec![Keys("End Space"), Wait("[ ] no: blocked")]);
    m.insert(
        (card, "`Ctrl-S`"),
        vec![
            Keys("End Space C-s"),
            Wait("saved"),
            Keys("Escape"),
            Wait("⊘0004"),
            Keys(":"),
            Text("user 0004"),
            Keys("Enter End Space C-s"),
            Wait("saved"),
        ],
    );
    m.insert(
        (card, "`b` `Alt-b`"),
        // `b` on Login allowed blocks Test4 after `y`; `Alt-b` on Username (a text field) unblocks.
        vec![
            Keys("End b"),
            Wait("Block 0004 Test4? y/n"),
            Keys("y"),
            Wait("blocked 0004 Test4"),
            Wait("[ ] no: blocked"),
            Keys("Home M-b"),
            Wait("Unblock 0004 Test4? y/n"),
            Keys("y"),
            Wait("unblocked 0004 Test4"),
            Absent("[ ] no: blocked"),
        ],
    );
    m.insert((card, "`/`"), vec![Keys("Tab /"), Text("export"), Wait("match")]);
    m.insert((card, "`x`"), vec![Keys("Tab x"), Wait(".xlsx")]);
    m.insert(
        (card, "`h` `Alt-h`"),
        vec![
            Keys("End h"),
            Wait("Audit · user 0004"),
            Keys("Escape Home M-h"),
            Wait("Audit · user 0004"),
        ],
    );
    m.insert(
        (card, "`F2` `!`"),
        vec![
            Keys("Down Down Down Down Down Down Down Down"),
            Text("Kazan"),
            Keys("F2"),
            Wait("users update 0004"),
            Keys("Escape Escape End !"),
            Wait("users update 0004"),
        ],
    );
    m.insert((card, "`C`"), vec![Keys("End C"), Wait("copy of")]);
    m.insert(
        (card, "`r`"),
        vec![
            Keys("Home"),
            Text("Z"),
            Keys("Escape End r"),
            Wait("unsaved edits"),
            Wait("Test4Z"),
        ],
    );
    m.insert(
        (card, "`Esc` / `q`"),
        vec![
            Keys("Escape"),
            Wait(" users ┘"),
            Keys(":"),
            Text("user 0004"),
            Keys("Enter"),
            Wait("User 0004"),
            Keys("End q"),
            Wait(" users ┘"),
        ],
    );
    // The API access tab (0002's own card).
    m.insert((api, "`v`"), vec![Keys("v"), Wait("demo-manager-token")]);
    m.insert(
        (api, "`c`"),
        vec![Keys("c"), Wait("copied"), Buffer("demo-manager-token")],
    );
    m.insert(
        (api, "`u`"),
        vec![
            Keys("u"),
            Text("demo-manager"),
            Keys("Enter"),
            Wait("USR header copied"),
        ],
    );
    m.insert((api, "`R`"), vec![Keys("R"), Wait("Renew")]);
    m.insert(
        (api, "`P`"),
        vec![Keys("c"), Wait("copied"), Keys("P"), Wait("The last copy")],
    );
    // The objects tree (Test4's card, Access to objects, mask `Fuel Station Kazan*`).
    m.insert(
        (tree, "`/`"),
        // Then `↑` `↑` in the field: the mask before last (the entry's) comes back.
        vec![
            Keys("/ C-u"),
            Text("Fuel Station Omsk*"),
            Keys("Enter"),
            Wait("Fuel Station Omsk"),
            Absent("Fuel Station Kazan"),
            Keys("/ C-u Up Up"),
            Wait("mask: Fuel Station Kazan*"),
            Keys("Enter"),
            Wait("Fuel Station Kazan #870"),
        ],
    );
    m.insert(
        (tree, "`←` `→` `h` `l`"),
        // The fourth row is the group «Omsk restaurants 9», holding Kazan #1006 alone.
        vec![
            Keys("Down Down Down Left"),
            Absent("Kazan #1006"),
            Keys("Right"),
            Wait("Kazan #1006"),
            Keys("h"),
            Absent("Kazan #1006"),
            Keys("l"),
            Wait("Kazan #1006"),
        ],
    );
    m.insert(
        (tree, "`R`"),
        // With `Fuel Station Omsk*` the sub-dealers' accounts (out of Test4's reach) fold away.
        vec![
            Keys("/ C-u"),
            Text("Fuel Station Omsk*"),
            Keys("Enter"),
            Wait("read-only hidden"),
            Absent("Omsk #44"),
            Keys("R"),
            Wait("read-only branches shown"),
            Keys("G"),
            Wait("Fuel Station Omsk #44"),
            Keys("R"),
            Absent("Omsk #44"),
            Wait("read-only hidden"),
        ],
    );
    m.insert(
        (tree, "`Space` / `*` / `a`"),
        vec![
            Keys("Space"),
            Wait("1 selected"),
            Keys("a"),
            Wait("selected"),
            Absent("1 selected"),
        ],
    );
    m.insert(
        (tree, "`Shift-↑` `Shift-↓`"),
        vec![Keys("S-Down S-Down"), Wait("3 selected")],
    );
    m.insert((tree, "`0` `1` `2` `3` `4`"), vec![Keys("Space 3"), Wait("→ [E]*")]);
    m.insert(
        (tree, "`u`"),
        vec![Keys("Space 3"), Wait("→ [E]*"), Keys("u"), Absent("→ [E]*")],
    );
    m.insert(
        (tree, "`Ctrl-S`"),
        // A group with its unit: two changes, so a plan first.
        vec![
            Keys("Down * 3 C-s"),
            Wait("Plan: "),
            Wait("object · user · from → to"),
            Keys("Enter"),
            Wait("saved 2 access changes for user 0004"),
        ],
    );
    m.insert(
        (tree, "`↑` `↓` `j` `k` `PgUp` `PgDn` `g` `G` `Home` `End`"),
        vec![
            Keys("G Enter"),
            Wait("unit · Fuel Station Kazan #870"),
            Keys("Escape g j Enter"),
            Wait("unit group · Moscow restaurants 1"),
            Keys("Escape Down Down Up Enter"),
            Wait("unit · Fuel Station Kazan #246"),
            Keys("Escape End k Enter"),
            Wait("unit · Fuel Station Kazan #723"),
            Keys("Escape Home PgDn PgUp Space"),
            Wait("▾ [x]"),
        ],
    );
    m.insert((tree, "`C`"), vec![Keys("Down C"), Wait("Moscow restaurants 1 (copy)")]);
    m.insert(
        (tree, "`F2` `!`"),
        vec![
            Keys("Down Down Down Space 3 F2"),
            Wait("access set"),
            Keys("Escape !"),
            Wait("access set"),
        ],
    );
    m.insert((tree, "`w`"), vec![Keys("w"), Wait("Why")]);
    m.insert((tree, "`Enter`"), vec![Keys("Enter"), Wait("Access for users")]);
    m.insert((tree, "`H`"), vec![Keys("H"), Wait("Audit · ")]);
    m.insert(
        (tree, "`Esc` / `q`"),
        vec![
            Keys("Space"),
            Wait("1 selected"),
            Keys("Escape"),
            Absent("1 selected"),
            Keys("q"),
            Wait(" users ┘"),
        ],
    );
    // The audit: block Test4 first so there is a change to read and revert.
    let block = [
        Keys("Escape"),
        Keys(":"),
        Text("user 0004"),
        Keys("Enter End Space C-s"),
        Wait("saved"),
        Keys("Escape"),
        Keys(":"),
        Text("audit"),
        Keys("Enter"),
        Wait("Test4"),
    ];
    m.insert(
        (audit, "`Enter`"),
        [&block[..], &[Keys("Enter"), Wait("allowed → blocked")]].concat(),
    );
    m.insert(
        (audit, "`R`"),
        [&block[..], &[Keys("R"), Wait("revert"), Keys("Enter"), Wait("↺")]].concat(),
    );
    m.insert(
        (audit, "`↑` `↓` `j` `k` `PgUp` `PgDn` `g` `G` `Home` `End`"),
        [
            &block[..],
            &block[..],
            &[
                Keys("G Enter"),
                Wait("allowed → blocked"),
                Keys("Escape g Enter"),
                Wait("blocked → allowed"),
                Keys("Escape j k j Enter"),
                Wait("allowed → blocked"),
                Keys("Escape Up Enter"),
                Wait("blocked → allowed"),
                Keys("Escape End Home PgDn PgUp Enter"),
                Wait("blocked → allowed"),
            ],
        ]
        .concat(),
    );
    m.insert(
        (audit, "`←` `→`"),
        vec![Keys("Right /"), Text("zzzz"), Wait(" 0 of "), Keys("Escape Left Right")],
    );
    m.insert((audit, "`/`"), vec![Keys("/"), Wait("type to filter")]);
    m.insert((audit, "`r`"), vec![Keys("r"), Wait("changes")]);
    m.insert((audit, "`Esc` / `q`"), vec![Keys("Escape"), Wait(" users ┘")]);
    // Everywhere (from the list).
    m.insert(
        (all, "`?` `F1`"),
        vec![
            Keys("?"),
            Wait("Keys"),
            Keys("Escape"),
            Absent("any key closes"),
            Keys("F1"),
            Wait("Keys"),
        ],
    );
    m.insert(
        (all, "`:`"),
        vec![Keys(":"), Text("user 0004"), Keys("Enter"), Wait("User 0004")],
    );
    m.insert((all, "`M`"), vec![Keys("M"), Wait("mouse")]);
    m.insert((all, "`Ctrl-C`"), vec![Keys("C-c"), Wait("LSC_EXIT=0")]);
    m
}

fn total_users(screen: &str) -> Option<(usize, usize)> {
    let line = screen.lines().find(|l| l.contains(" users ┘"))?;
    let mut it = line.split(" of ");
    let shown = it.next()?.split_whitespace().last()?.parse().ok()?;
    let total = it.next()?.split_whitespace().next()?.parse().ok()?;
    Some((shown, total))
}

fn run_steps(t: &Tmux, steps: &[Step], what: &str) {
    for step in steps {
        match *step {
            Keys(keys) => {
                for k in keys.split_whitespace() {
                    t.cmd(&["send-keys", "-t", "lsc", k]);
                    std::thread::sleep(Duration::from_millis(40));
                }
            }
            Text(s) => {
                t.cmd(&["send-keys", "-t", "lsc", "-l", s]);
            }
            Wait(s) => {
                wait(t, what, |screen| screen.contains(s), &format!("{s:?}"));
            }
            Absent(s) => {
                std::thread::sleep(Duration::from_millis(400));
                let screen = t.capture();
                assert!(!screen.contains(s), "{what}: the screen still shows {s:?}:\n{screen}");
            }
            AllUsers => wait(t, what, |s| total_users(s).is_some_and(|(a, b)| a == b), "every user"),
            FewerUsers => wait(t, what, |s| total_users(s).is_some_and(|(a, b)| a < b), "fewer users"),
            Buffer(s) => {
                let start = Instant::now();
                while t.cmd(&["show-buffer"]) != s {
                    assert!(
                        start.elapsed() < Duration::from_secs(10),
                        "{what}: the tmux buffer never held {s:?}"
                    );
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
    }
}

thread_local! {
    /// The console's log of the room being pressed, shown when a wait times out.
    static LOG: std::cell::RefCell<Option<PathBuf>> = const { std::cell::RefCell::new(None) };
}

fn log_tail() -> String {
    LOG.with(|l| {
        l.borrow()
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|s| {
                s.lines()
                    .rev()
                    .take(15)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    })
}

fn wait(t: &Tmux, what: &str, ok: impl Fn(&str) -> bool, label: &str) {
    let start = Instant::now();
    loop {
        let s = t.capture();
        if ok(&s) {
            return;
        }
        // Generous: the suite runs many consoles at once on two cores.
        assert!(
            start.elapsed() < Duration::from_secs(40),
            "{what}: timed out waiting for {label}; screen:\n{s}\nlog:\n{}",
            log_tail()
        );
        std::thread::sleep(Duration::from_millis(80));
    }
}

/// Every row of one README room, each from a fresh console over one demo database.
fn press_room(room: &str) {
    if !require_tmux() {
        return;
    }
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let rows: Vec<Row> = key_rows(&readme).into_iter().filter(|r| r.room == room).collect();
    assert!(!rows.is_empty(), "the README has no key table {room:?}");
    let checks = checks();
    let home = tempfile::tempdir().expect("tempdir");
    let config = home.path().join("config/ls-console");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(config.join("config.toml"), "log_level = \"debug\"\n").expect("config");
    LOG.with(|l| *l.borrow_mut() = Some(home.path().join("data/ls-console/lsc.log")));
    for row in rows {
        let steps = checks.get(&(room, row.keys.as_str())).unwrap_or_else(|| {
            panic!(
                "README row {:?} {:?} has no check in tests/e2e/readme.rs",
                row.room, row.keys
            )
        });
        // The API tab copies through OSC 52 alone (tmux takes it into its buffer), which cannot
        // confirm delivery: `P` then has the last copy to show.
        let env = if room == "on the API access tab" {
            "-u TMUX LSC_CLIPBOARD=osc52"
        } else {
            "LSC_CLIPBOARD=tmux"
        };
        let t = start_with(home.path(), 100, 30, env);
        t.cmd(&["set-option", "-s", "set-clipboard", "on"]);
        let what = format!("README {room:?} row {}", row.keys);
        run_steps(&t, &entry(room), &what);
        run_steps(&t, steps, &what);
    }
}

#[test]
fn readme_keys_every_check_has_its_row() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let rows: BTreeSet<(String, String)> = key_rows(&readme).into_iter().map(|r| (r.room, r.keys)).collect();
    for (room, keys) in checks().keys() {
        assert!(
            rows.contains(&(room.to_string(), keys.to_string())),
            "a check for {room:?} {keys:?}, which the README no longer documents"
        );
    }
}

#[test]
fn readme_keys_users_list() {
    press_room("in the users list");
}

#[test]
fn readme_keys_user_card() {
    press_room("on the user card");
}

#[test]
fn readme_keys_api_tab() {
    press_room("on the API access tab");
}

#[test]
fn readme_keys_objects_tree() {
    press_room("in the objects tree");
}

#[test]
fn readme_keys_audit() {
    press_room("in the audit (`:audit`)");
}

#[test]
fn readme_keys_everywhere() {
    press_room("everywhere");
}

/// The help's section titles and the README table that must document their keys.
const HELP_SECTIONS: &[(&str, &str)] = &[
    ("Users list", "in the users list"),
    ("Search fields", "in the users list"),
    ("User card", "on the user card"),
    ("API access tab", "on the API access tab"),
    ("Objects tree", "in the objects tree"),
    ("Audit log", "in the audit (`:audit`)"),
    ("Everywhere", "everywhere"),
];

/// The help's rows, section by section: `  keys   what` under a section title, read inside the
/// help popup's frame (found by its `┌ Keys` corner).
fn help_keys(screen: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let Some((top, col)) = lines.iter().enumerate().find_map(|(i, l)| {
        let text: String = l.iter().collect();
        let at = text.find("┌ Keys")?;
        Some((i, text[..at].chars().count()))
    }) else {
        return out;
    };
    let mut section: Option<String> = None;
    for l in &lines[top + 1..] {
        if l.get(col) != Some(&'│') {
            break;
        }
        let inner: String = l[col + 1..].iter().take_while(|c| **c != '│').collect();
        if let Some((title, _)) = HELP_SECTIONS.iter().find(|(t, _)| inner.trim() == *t) {
            section = Some(title.to_string());
            continue;
        }
        let Some(sec) = &section else { continue };
        let Some(row) = inner.strip_prefix("  ") else {
            section = None;
            continue;
        };
        // The keys column ends at the first run of two spaces; a key written in words may run
        // into its description.
        let keys = row.split("  ").next().unwrap_or("").trim();
        let keys = if keys.starts_with("Shift + a move key") {
            "Shift + a move key"
        } else {
            keys
        };
        for k in keys.split(" / ") {
            if !k.is_empty() {
                out.entry(sec.clone()).or_default().insert(k.trim().to_string());
            }
        }
    }
    out
}

/// The console's help in each room, read whole in a tall window: every key it shows is in the
/// README's table for that room (or the table of keys that work everywhere).
#[test]
fn readme_documents_every_key_the_help_shows() {
    if !require_tmux() {
        return;
    }
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let rows = key_rows(&readme);
    let documented = |room: &str| -> BTreeSet<String> {
        rows.iter()
            .filter(|r| r.room == room || r.room == "everywhere")
            .flat_map(|r| cell_keys(&r.keys))
            .flat_map(|k| {
                // `Shift-↑` also documents the arrow's name as the help writes it.
                [k.clone(), k.replace('↑', "Up").replace('↓', "Down")]
            })
            .collect()
    };
    let home = tempfile::tempdir().expect("tempdir");
    let mut missing = Vec::new();
    let mut seen_sections = BTreeSet::new();
    for room in [
        "in the users list",
        "on the user card",
        "on the API access tab",
        "in the objects tree",
        "in the audit (`:audit`)",
    ] {
        let t = start_with(home.path(), 160, 100, "-u TMUX");
        run_steps(&t, &entry(room), room);
        run_steps(&t, &[Keys("F1"), Wait("Keys")], room);
        let screen = t.capture();
        for (section, keys) in help_keys(&screen) {
            let table = HELP_SECTIONS
                .iter()
                .find(|(s, _)| *s == section)
                .map(|(_, r)| *r)
                .unwrap_or("");
            seen_sections.insert(section.clone());
            let doc = documented(table);
            for k in keys {
                if !doc.contains(&k) {
                    missing.push(format!("{section}: {k} (README table {table:?})"));
                }
            }
        }
    }
    for (section, _) in HELP_SECTIONS {
        assert!(
            seen_sections.contains(*section),
            "the help never showed the section {section:?}"
        );
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "keys the help shows but the README does not document:\n{}",
        missing.join("\n")
    );
}
