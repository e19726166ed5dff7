//! The daily jobs on the built binary, in tmux, against a served demo: each journey types what the
//! README tells a person to type, reads the screen, and checks the server's state over HTTP.
//! Each runs in English and Russian, at 80×24 and 120×40.
use super::readme::{serve, Served};
use super::{require_tmux, Tmux, LSC};
use ls_console::domain::usr::usr_header;
use ls_console::domain::Login;
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// One way of running a journey: the interface language and the terminal's size.
#[derive(Clone, Copy, Debug)]
struct Look {
    lang: &'static str,
    cols: u16,
    rows: u16,
}

const LOOKS: [Look; 4] = [
    Look {
        lang: "en",
        cols: 80,
        rows: 24,
    },
    Look {
        lang: "ru",
        cols: 80,
        rows: 24,
    },
    Look {
        lang: "en",
        cols: 120,
        rows: 40,
    },
    Look {
        lang: "ru",
        cols: 120,
        rows: 40,
    },
];

/// Words the journeys wait for, in the language of the look.
fn w(look: Look, en: &'static str, ru: &'static str) -> &'static str {
    if look.lang == "ru" {
        ru
    } else {
        en
    }
}

/// The console in tmux, signed in to `url` as `login`, with the look's language and size.
fn console(home: &Path, look: Look, url: &str, login: &str, password: &str, token: &str) -> Tmux {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let t = Tmux {
        socket: format!("lsc-journey-{}-{n}", std::process::id()),
    };
    let env_password = if password.is_empty() {
        String::new()
    } else {
        format!("LSC_PASSWORD='{password}'")
    };
    let env_token = if token.is_empty() {
        String::new()
    } else {
        format!("LSC_TOKEN='{token}'")
    };
    let script = format!(
        "cd {home} && env -u LSC_PASSWORD -u LSC_TOKEN {env_password} {env_token} LSC_CLIPBOARD=tmux \
         XDG_DATA_HOME={home}/data XDG_CONFIG_HOME={home}/config HOME={home} TERM=xterm-256color \
         {LSC} --server {url} --login {login} --lang {lang}; echo LSC_EXIT=$?; sleep 120",
        home = home.display(),
        lang = look.lang,
    );
    t.cmd(&[
        "new-session",
        "-d",
        "-s",
        "lsc",
        "-x",
        &look.cols.to_string(),
        "-y",
        &look.rows.to_string(),
        "sh",
        "-c",
        &script,
    ]);
    t
}

impl Tmux {
    fn keys(&self, keys: &str) {
        for k in keys.split_whitespace() {
            self.cmd(&["send-keys", "-t", "lsc", k]);
            std::thread::sleep(Duration::from_millis(30));
        }
    }
    fn text(&self, s: &str) {
        self.cmd(&["send-keys", "-t", "lsc", "-l", s]);
    }
    /// Waits up to 10 s for `done`, checking every 100 ms; says `what` and the screen if it never is.
    fn until(&self, what: &str, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(start.elapsed() < Duration::from_secs(10), "{what}:\n{}", self.capture());
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    /// `:` and a command line, then Enter.
    fn command(&self, line: &str) {
        self.keys(":");
        self.text(line);
        self.keys("Enter");
    }
    fn buffer_is(&self, want: &str) {
        let start = Instant::now();
        loop {
            let buf = self.cmd(&["show-buffer"]);
            if buf == want {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "the tmux buffer holds {buf:?}, not {want:?}; screen:\n{}",
                self.capture()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// A blocking HTTP call to the served demo, signed in with a usr header (or none).
fn http(url: &str, method: &str, path: &str, who: Option<(&str, &str, &str)>, body: Option<Value>) -> (u16, Value) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let client = reqwest::Client::new();
        let mut req = client.request(method.parse().expect("method"), format!("{url}{path}"));
        if let Some((login, password, token)) = who {
            let login = login.parse::<Login>().expect("a login");
            req = req.header("usr", usr_header(login, password, token));
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("the server answers");
        let status = resp.status().as_u16();
        let v = resp.json::<Value>().await.unwrap_or(Value::Null);
        (status, v)
    })
}

const MANAGER: (&str, &str, &str) = ("0002", "demo-manager", "demo-manager-token");

/// The one-time password and token as the credentials popup shows them: after their label, or
/// on the next line when the popup is too narrow for both.
fn credentials(t: &Tmux, look: Look) -> (String, String) {
    let screen = t.wait_for(w(look, "shown once", "показывается один раз"), 20);
    let lines: Vec<&str> = screen.lines().collect();
    let long = |text: &str| -> Option<String> {
        text.split(|c: char| c == '│' || c.is_whitespace())
            .find(|s| s.len() >= 8)
            .map(str::to_string)
    };
    let find = |label: &str| -> String {
        lines
            .iter()
            .enumerate()
            .find_map(|(i, l)| {
                let at = l.find(label)?;
                long(&l[at + label.len()..]).or_else(|| lines.get(i + 1).and_then(|n| long(n)))
            })
            .unwrap_or_else(|| panic!("no {label} in the popup:\n{screen}"))
    };
    let pw = find(w(look, "password", "пароль"));
    let token = find(w(look, "API token", "API-токен"));
    (pw, token)
}

fn new_user_card(t: &Tmux, look: Look, username: &str) {
    t.keys("n");
    t.wait_for(w(look, "New user", "Новый пользователь"), 10);
    fill_required(t, username);
}

/// Username, last name, first name, email: the four required fields, in the General tab's order
/// (the new card opens on Username; typing edits, Enter goes on to the next field).
fn fill_required(t: &Tmux, username: &str) {
    t.text(username);
    t.keys("Enter");
    t.text("Orlova");
    t.keys("Enter");
    t.text("Anna");
    // Patronymic stays empty.
    t.keys("Enter Enter");
    t.text(&format!("{username}@example.com"));
    t.keys("Escape");
}

/// A served demo (the README's own `lsc serve` line) in a fresh home, when tmux is there to drive
/// the console against it.
fn demo_served() -> Option<(tempfile::TempDir, Served)> {
    if !require_tmux() {
        return None;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let served = serve("lsc serve --seed demo --db ls.db --bind 127.0.0.1:0", home.path());
    Some((home, served))
}

#[test]
fn journey_create_a_user_then_sign_in_with_the_credentials_shown() {
    let Some((home, served)) = demo_served() else { return };
    for (i, look) in LOOKS.into_iter().enumerate() {
        let t = console(home.path(), look, &served.url, MANAGER.0, MANAGER.1, MANAGER.2);
        t.wait_for(" 0002", 20);
        let username = format!("nu.test{i}");
        new_user_card(&t, look, &username);
        t.keys("C-s");
        let (pw, token) = credentials(&t, look);
        // p copies the password into tmux's buffer; the popup stays until Esc.
        t.keys("p");
        t.buffer_is(&pw);
        t.keys("t");
        t.buffer_is(&token);
        let login = {
            let (status, v) = http(
                &served.url,
                "GET",
                &format!("/api/users?mask.username={username}"),
                Some(MANAGER),
                None,
            );
            assert_eq!(status, 200, "{v}");
            v["users"][0]["login"]
                .as_str()
                .expect("the new user is listed")
                .to_string()
        };
        let (status, me) = http(&served.url, "GET", "/api/me", Some((&login, &pw, &token)), None);
        assert_eq!(
            status, 200,
            "{look:?}: the new user signs in with what the popup showed: {me}"
        );
        t.keys("Escape");
    }
}

#[test]
fn journey_block_and_unblock_test4() {
    let Some((home, served)) = demo_served() else { return };
    let allowed = || {
        let (status, v) = http(&served.url, "GET", "/api/users/0004", Some(MANAGER), None);
        assert_eq!(status, 200, "{v}");
        v["login_allowed"].as_bool().expect("login_allowed")
    };
    for look in LOOKS {
        let t = console(home.path(), look, &served.url, MANAGER.0, MANAGER.1, MANAGER.2);
        t.wait_for(" 0002", 20);
        // The README's way: search, open, End, Space, Ctrl-S.
        t.keys("/ Tab");
        t.text("Test4");
        t.keys("Enter Enter");
        t.wait_for(w(look, "User 0004", "Пользователь 0004"), 10);
        t.keys("End Space C-s");
        t.until(&format!("{look:?}: Test4 is still allowed"), || !allowed());
        t.keys("Escape");
        t.wait_for("⊘0004", 10);
        t.keys("Enter End Space C-s");
        t.until(&format!("{look:?}: Test4 is still blocked"), allowed);
        t.keys("Escape");
    }
}

#[test]
fn journey_copy_token_usr_and_an_aggregator_license_into_tmux() {
    let Some((home, served)) = demo_served() else { return };
    let aggregator = ("0003", "demo-aggregator", "demo-aggregator-token");
    let (status, access) = http(&served.url, "GET", "/api/users/0003/api-access", Some(aggregator), None);
    assert_eq!(status, 200, "{access}");
    let license = access["licenses"][0]["id"]
        .as_str()
        .expect("the aggregator holds a license")
        .to_string();
    for look in LOOKS {
        let t = console(home.path(), look, &served.url, MANAGER.0, MANAGER.1, MANAGER.2);
        t.wait_for(" 0002", 20);
        t.command("user 0002");
        t.wait_for(w(look, "6 API", "6 "), 10);
        t.keys("M-6");
        // The masked token is there once the tab has read it.
        t.wait_for("••••", 10);
        t.keys("c");
        t.buffer_is("demo-manager-token");
        t.keys("u");
        t.text("demo-manager");
        t.keys("Enter");
        t.buffer_is(&usr_header(
            "0002".parse::<Login>().expect("login"),
            "demo-manager",
            "demo-manager-token",
        ));
        t.keys("C-c");
        t.wait_for("LSC_EXIT=", 10);
        // The aggregator copies its license id from its own card.
        let t = console(home.path(), look, &served.url, aggregator.0, aggregator.1, aggregator.2);
        t.wait_for(" 0003", 20);
        t.command("user 0003");
        t.wait_for(w(look, "6 API", "6 "), 10);
        t.keys("M-6");
        t.wait_for(&license[..8], 10);
        t.keys("Down Down c");
        t.buffer_is(&license);
    }
}

#[test]
fn journey_mask_select_level_plan_apply() {
    let Some((home, served)) = demo_served() else { return };
    let direct_edits = || -> usize {
        let (status, v) = http(&served.url, "GET", "/api/users/0004/access", Some(MANAGER), None);
        assert_eq!(status, 200, "{v}");
        v["entries"]
            .as_array()
            .map(|a| a.iter().filter(|e| e["direct"] == "edit").count())
            .unwrap_or(0)
    };
    for (look, mask) in LOOKS.into_iter().zip([
        "Fuel Station Omsk*",
        "Fuel Station Riga*",
        "Fuel Station Berlin*",
        "Fuel Station Minsk*",
    ]) {
        let before = direct_edits();
        let t = console(home.path(), look, &served.url, MANAGER.0, MANAGER.1, MANAGER.2);
        t.wait_for(" 0002", 20);
        t.command("user 0004");
        t.wait_for("0004", 10);
        t.keys("M-4");
        // The tree asks for a mask once it knows how many objects there are.
        t.wait_for(w(look, "too many to list", "слишком много"), 10);
        t.keys("/ C-u");
        t.text(mask);
        t.keys("Enter");
        t.wait_for(&mask[..mask.len() - 1], 10);
        // The last three rows (units), edit, the plan, apply.
        t.keys("G Space S-Up S-Up 3");
        t.wait_for("[E]*", 10);
        t.keys("C-s");
        t.wait_for("→", 10);
        t.keys("Enter");
        t.until(&format!("{look:?}: not applied"), || direct_edits() >= before + 2);
        // The tree reads the levels again: the three rows now show edit, nothing pending.
        t.wait_for(w(look, "0 pending", "ждёт 0"), 10);
    }
}

#[test]
fn journey_copy_a_user_then_sign_in_as_the_copy() {
    let Some((home, served)) = demo_served() else { return };
    for (i, look) in LOOKS.into_iter().enumerate() {
        let t = console(home.path(), look, &served.url, MANAGER.0, MANAGER.1, MANAGER.2);
        t.wait_for(" 0002", 20);
        // `C` on Test4 in the list: a new card with its roles and rights, the four fields, the plan.
        t.keys("/ Tab");
        t.text("Test4");
        t.keys("Enter C");
        t.wait_for(w(look, "copy of", "копия"), 10);
        let username = format!("copy.test{i}");
        fill_required(&t, &username);
        t.keys("C-s");
        t.wait_for("→", 10);
        t.keys("Enter");
        let (pw, token) = credentials(&t, look);
        let (status, v) = http(
            &served.url,
            "GET",
            &format!("/api/users?mask.username={username}"),
            Some(MANAGER),
            None,
        );
        assert_eq!(status, 200, "{v}");
        let copy = &v["users"][0];
        let login = copy["login"].as_str().expect("the copy is listed").to_string();
        assert_eq!(
            copy["roles"],
            serde_json::json!(["DEALER_USER"]),
            "{look:?}: the copy has Test4's role"
        );
        let (status, me) = http(&served.url, "GET", "/api/me", Some((&login, &pw, &token)), None);
        assert_eq!(
            status, 200,
            "{look:?}: the copy signs in with what the popup showed: {me}"
        );
        t.keys("Escape");
    }
}

#[test]
fn journey_a_new_dealers_manager_creates_its_staff() {
    let Some((home, served)) = demo_served() else { return };
    let admin = ("0001", "admin-password", "admin-token");
    for (i, look) in LOOKS.into_iter().enumerate() {
        // The administrator makes a dealer and its manager, and grants nothing more.
        let (status, dealer) = http(
            &served.url,
            "POST",
            "/api/dealers",
            Some(admin),
            Some(serde_json::json!({"name": format!("Delta {i}"), "parent_id": null})),
        );
        assert_eq!(status, 201, "{dealer}");
        let (status, made) = http(
            &served.url,
            "POST",
            "/api/users",
            Some(admin),
            Some(serde_json::json!({
                "username": format!("delta{i}.manager"), "first_name": "D", "last_name": "M",
                "email": format!("delta{i}.manager@example.com"), "roles": ["DEALER_MANAGER"],
                "dealer_id": dealer["id"], "login_allowed": true, "password": "delta-manager-pw",
                "language": look.lang,
            })),
        );
        assert_eq!(status, 201, "{made}");
        let manager = made["login"].as_str().expect("login").to_string();
        let token = made["credentials"]["api_token"].as_str().expect("token").to_string();
        let t = console(home.path(), look, &served.url, &manager, "delta-manager-pw", &token);
        t.wait_for(&format!(" {manager}"), 20);
        let username = format!("delta{i}.cashier");
        new_user_card(&t, look, &username);
        t.keys("C-s");
        let (pw, tok) = credentials(&t, look);
        let (status, v) = http(
            &served.url,
            "GET",
            &format!("/api/users?mask.username={username}"),
            Some(admin),
            None,
        );
        assert_eq!(status, 200, "{v}");
        let staff = &v["users"][0];
        assert_eq!(
            staff["dealer_id"], dealer["id"],
            "{look:?}: made in the manager's own dealer: {staff}"
        );
        let login = staff["login"].as_str().expect("login").to_string();
        let (status, _) = http(&served.url, "GET", "/api/me", Some((&login, &pw, &tok)), None);
        assert_eq!(status, 200, "{look:?}: the new staff member signs in");
        t.keys("Escape");
    }
}

#[test]
fn journey_a_wrong_password_then_the_right_one() {
    let Some((home, served)) = demo_served() else { return };
    let client = ("0006", "demo-client", "demo-client-token");
    for look in LOOKS {
        let t = console(home.path(), look, &served.url, client.0, "not-the-password", client.2);
        // The sign-in screen keeps the server and the login; the cursor waits in the password.
        let screen = t.wait_for(w(look, "Password", "Пароль"), 20);
        assert!(screen.contains("0006"), "{look:?}: the login is kept:\n{screen}");
        t.text("demo-client");
        let screen = t.capture();
        assert!(
            !screen.contains("demo-client"),
            "{look:?}: the password is not shown:\n{screen}"
        );
        t.keys("Enter");
        t.wait_for(" 0006", 20);
        t.wait_for(w(look, " users ┘", " пользовател"), 20);
        let (status, v) = http(&served.url, "GET", "/api/users/0006", Some(MANAGER), None);
        assert_eq!(status, 200, "{v}");
        t.keys("C-c");
        t.wait_for("LSC_EXIT=0", 10);
    }
}

#[test]
fn journey_a_10kb_paste_into_a_search_field_and_a_comment() {
    let Some((home, served)) = demo_served() else { return };
    let text: String = "Test4 ".repeat(1707);
    assert!(text.len() > 10_000);
    for look in LOOKS {
        let t = console(home.path(), look, &served.url, MANAGER.0, MANAGER.1, MANAGER.2);
        t.wait_for(" 0002", 20);
        t.cmd(&["set-buffer", "-b", "big", &text]);
        // The search field takes its 256 characters at once and says the rest was not typed.
        t.keys("/ Tab");
        t.cmd(&["paste-buffer", "-p", "-b", "big", "-t", "lsc"]);
        t.wait_for("256", 10);
        // Nothing is left queued behind: the next key acts at once.
        t.keys("Escape");
        t.wait_for(w(look, " users ┘", "пользовател"), 5);
        // A comment takes 2,000.
        t.command("user 0004");
        t.wait_for("0004", 10);
        t.keys("End Up Up Enter C-u");
        t.cmd(&["paste-buffer", "-p", "-b", "big", "-t", "lsc"]);
        t.wait_for("2000", 10);
        t.keys("Escape C-s");
        let start = Instant::now();
        loop {
            let (status, v) = http(&served.url, "GET", "/api/users/0004", Some(MANAGER), None);
            assert_eq!(status, 200, "{v}");
            let comments = v["comments"].as_str().unwrap_or("").to_string();
            if comments.chars().count() == 2000 {
                assert!(comments.starts_with("Test4 Test4"), "{comments}");
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{look:?}: the comment was not saved:\n{}",
                t.capture()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        t.keys("Escape");
    }
}

/// Against a served demo with no token configured, the sign-in screen asks for it; a mistyped one
/// is refused and the token field stays, so the right one can be typed without a restart.
#[test]
fn journey_a_mistyped_token_then_the_right_one() {
    let Some((home, served)) = demo_served() else { return };
    for look in LOOKS {
        let t = console(home.path(), look, &served.url, "0006", "", "");
        let token_label = w(look, "API token", "API-токен");
        t.wait_for(token_label, 20);
        t.text("demo-client");
        t.keys("Tab");
        t.text("typo-token");
        t.keys("Enter");
        t.wait_for(w(look, "wrong", "неверн"), 20);
        let screen = t.capture();
        assert!(
            screen.contains(token_label),
            "{look:?}: the token field stays:\n{screen}"
        );
        // The password again, then the token, corrected.
        t.keys("C-u");
        t.text("demo-client");
        t.keys("Tab C-u");
        t.text("demo-client-token");
        t.keys("Enter");
        t.wait_for(w(look, " users ┘", "пользовател"), 20);
        t.keys("C-c");
        t.wait_for("LSC_EXIT=0", 10);
    }
}
