//! The daily jobs on the built binary, in tmux, against a served demo: each journey types what the
//! README tells a person to type, reads the screen, and checks the server's state over HTTP.
//! Each runs in English and Russian, at 80×24 and 120×40.
use super::readme::{serve, Served};
use super::{require_tmux, Tmux, LSC};
use ls_console::domain::usr::usr_header;
use ls_console::domain::Login;
use serde_json::Value;
use std::path::Path;
use std::process::Command;
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
        "cd {home} && env -u TMUX -u LSC_PASSWORD -u LSC_TOKEN {env_password} {env_token} LSC_CLIPBOARD=tmux \
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

/// The one-time password and token as the credentials popup shows them.
fn credentials(t: &Tmux, look: Look) -> (String, String) {
    let screen = t.wait_for(w(look, "shown once", "показывается один раз"), 20);
    let find = |label: &str| -> String {
        screen
            .lines()
            .find_map(|l| {
                let at = l.find(label)?;
                let rest = &l[at + label.len()..];
                rest.split(|c: char| c == '│' || c.is_whitespace())
                    .find(|s| s.len() >= 8)
                    .map(str::to_string)
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

/// Username, last name, first name, email: the four required fields, in the General tab's order.
fn fill_required(t: &Tmux, username: &str) {
    // Typing into the focused field starts editing it; ↓ goes to the next field.
    let focus = |label: &str| {
        // Home, then down to the field whose row holds the label.
        t.keys("Home");
        let _ = label;
    };
    focus("Username");
    for (field, value) in [
        ("username", username.to_string()),
        ("last", "Orlova".to_string()),
        ("first", "Anna".to_string()),
        ("email", format!("{username}@example.com")),
    ] {
        let _ = field;
        t.keys("Down");
        t.text(&value);
        t.keys("Escape");
    }
}

fn skip_without_tmux() -> bool {
    !require_tmux()
}

#[test]
fn journey_create_a_user_then_sign_in_with_the_credentials_shown() {
    if skip_without_tmux() {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let served: Served = serve("lsc serve --seed demo --db ls.db --bind 127.0.0.1:0", home.path());
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
    if skip_without_tmux() {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let served = serve("lsc serve --seed demo --db ls.db --bind 127.0.0.1:0", home.path());
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
        let start = Instant::now();
        while allowed() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{look:?}: Test4 is still allowed:\n{}",
                t.capture()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        t.keys("Escape");
        t.wait_for("⊘0004", 10);
        t.keys("Enter End Space C-s");
        let start = Instant::now();
        while !allowed() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{look:?}: Test4 is still blocked:\n{}",
                t.capture()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        t.keys("Escape");
    }
}

#[test]
fn journey_copy_token_usr_and_an_aggregator_license_into_tmux() {
    if skip_without_tmux() {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let served = serve("lsc serve --seed demo --db ls.db --bind 127.0.0.1:0", home.path());
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
        t.keys(":");
        t.text("user 0002");
        t.keys("Enter");
        t.wait_for("6 API", 10);
        t.keys("M-6");
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
        t.keys(":");
        t.text("user 0003");
        t.keys("Enter");
        t.wait_for("6 API", 10);
        t.keys("M-6");
        t.wait_for(&license[..8], 10);
        t.keys("Down Down c");
        t.buffer_is(&license);
    }
}

#[test]
fn journey_mask_select_level_plan_apply() {
    if skip_without_tmux() {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let served = serve("lsc serve --seed demo --db ls.db --bind 127.0.0.1:0", home.path());
    let edit_on = |mask: &str| -> usize {
        let (status, v) = http(&served.url, "GET", "/api/users/0004/access", Some(MANAGER), None);
        assert_eq!(status, 200, "{v}");
        let _ = mask;
        v["entries"]
            .as_array()
            .map(|a| a.iter().filter(|e| e["direct"] == "edit").count())
            .unwrap_or(0)
    };
    for look in LOOKS {
        let before = edit_on("");
        let t = console(home.path(), look, &served.url, MANAGER.0, MANAGER.1, MANAGER.2);
        t.wait_for(" 0002", 20);
        t.keys(":");
        t.text("user 0004");
        t.keys("Enter");
        t.wait_for("4 ", 10);
        t.keys("M-4 /");
        t.text("Fuel Station Kazan*");
        t.keys("Enter");
        t.wait_for("Fuel Station Kazan", 10);
        // A range of three nodes, then edit, the plan, apply.
        t.keys("Space S-Down S-Down 3");
        t.wait_for("[E]*", 10);
        t.keys("C-s");
        t.wait_for("→", 10);
        t.keys("Enter");
        let start = Instant::now();
        while edit_on("") < before + 1 {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{look:?}: nothing applied:\n{}",
                t.capture()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // Back to nothing for the next look.
        t.keys("Escape Escape Escape");
        let _ = Command::new(LSC);
    }
}
