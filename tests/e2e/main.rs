//! End to end: the built `lsc` in tmux on the embedded default; type a search, read the screen,
//! quit, and check the terminal was restored.
mod journeys;
mod readme;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const LSC: &str = env!("CARGO_BIN_EXE_lsc");

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).to_string()
    }
    fn capture(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "lsc"])
    }
    fn wait_for(&self, what: &str, secs: u64) -> String {
        let start = Instant::now();
        loop {
            let s = self.capture();
            if s.contains(what) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(secs) {
                panic!("timed out waiting for {what:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Tmux {
    /// From the users list: search the Username column and open the match's card.
    fn open_card(&self, username: &str, title: &str) {
        // Signed in: the status line names the viewer once the console knows its rights.
        self.wait_for("● demo 0002", 20);
        self.cmd(&["send-keys", "-t", "lsc", "/"]);
        self.cmd(&["send-keys", "-t", "lsc", "Tab"]);
        self.cmd(&["send-keys", "-t", "lsc", "-l", username]);
        self.cmd(&["send-keys", "-t", "lsc", "Enter"]);
        self.cmd(&["send-keys", "-t", "lsc", "Enter"]);
        self.wait_for(title, 20);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn start(home: &Path, cols: u16, rows: u16) -> Tmux {
    start_with(home, cols, rows, "")
}

fn start_with(home: &Path, cols: u16, rows: u16, env: &str) -> Tmux {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let t = Tmux {
        socket: format!("lsc-e2e-{}-{n}", std::process::id()),
    };
    let script = format!(
        "cd {home} && env -u LSC_SERVER {env} XDG_DATA_HOME={home}/data XDG_CONFIG_HOME={home}/config HOME={home} TERM=xterm-256color {LSC}; \
         echo LSC_EXIT=$?; stty -a | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo; sleep 120",
        home = home.display()
    );
    t.cmd(&[
        "new-session",
        "-d",
        "-s",
        "lsc",
        "-x",
        &cols.to_string(),
        "-y",
        &rows.to_string(),
        "sh",
        "-c",
        &script,
    ]);
    t
}

#[test]
fn search_in_the_built_console_then_quit_restores_the_terminal() {
    if !require_tmux() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let t = start(home.path(), 120, 30);
    // First start seeds the demo database.
    let screen = t.wait_for(" users ┘", 60);
    let footer = screen.lines().find(|l| l.contains(" users ┘")).unwrap().to_string();
    let total: usize = footer
        .split(" of ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("footer has a total");
    assert!(total > 100, "{footer}");
    t.cmd(&["send-keys", "-t", "lsc", "/"]);
    t.cmd(&["send-keys", "-t", "lsc", "Tab"]);
    t.cmd(&["send-keys", "-t", "lsc", "-l", "Test4"]);
    t.cmd(&["send-keys", "-t", "lsc", "Enter"]);
    let screen = t.wait_for(&format!("1 of {total} users"), 10);
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("0004")).collect();
    assert_eq!(rows.len(), 1, "{screen}");
    assert!(rows[0].contains("Test4") && rows[0].contains("DEALER_USER"), "{screen}");
    t.cmd(&["send-keys", "-t", "lsc", "q"]);
    let screen = t.wait_for("LSC_EXIT=", 10);
    assert!(screen.contains("LSC_EXIT=0"), "{screen}");
    // Raw mode is off again: canonical input and echo are back, and the list is gone.
    assert_restored(&screen);
}

#[test]
fn copying_a_token_reaches_tmux_through_osc52() {
    if !require_tmux() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    // OSC 52 only: tmux with set-clipboard on takes it into its buffer.
    // TMUX unset: lsc cannot use `tmux load-buffer`, so only the OSC 52 sequence can fill the buffer.
    // Debug logging, so the log holds as much as it ever would (requests, responses, sign-ins).
    std::fs::create_dir_all(home.path().join("config/ls-console")).unwrap();
    std::fs::write(
        home.path().join("config/ls-console/config.toml"),
        "log_level = \"debug\"\n",
    )
    .unwrap();
    let t = start_with(home.path(), 140, 40, "-u TMUX LSC_CLIPBOARD=osc52");
    t.cmd(&["set-option", "-s", "set-clipboard", "on"]);
    t.wait_for(" users ┘", 60);
    t.open_card("demo.manager", "User 0002");
    // The tab shows once the console knows who signed in (start-up requests run concurrently).
    t.wait_for("6 API access", 20);
    t.cmd(&["send-keys", "-t", "lsc", "M-6"]);
    t.wait_for("API token", 20);
    t.cmd(&["send-keys", "-t", "lsc", "c"]);
    t.wait_for("API token copied via OSC 52", 20);
    let start = Instant::now();
    loop {
        let buf = t.cmd(&["show-buffer"]);
        if buf == "demo-manager-token" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "tmux buffer holds {buf:?}; screen:\n{}",
            t.capture()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The USR form: the password typed (never shown), Enter makes and copies the header.
    t.cmd(&["send-keys", "-t", "lsc", "Down"]);
    t.cmd(&["send-keys", "-t", "lsc", "-l", "demo-manager"]);
    let screen = t.capture();
    assert!(
        !screen.contains("demo-manager "),
        "the password is not echoed: {screen}"
    );
    t.cmd(&["send-keys", "-t", "lsc", "Enter"]);
    t.wait_for("USR header copied", 20);
    t.cmd(&["send-keys", "-t", "lsc", "C-c"]);
    let screen = t.wait_for("LSC_EXIT=", 10);
    assert!(screen.contains("LSC_EXIT=0"), "{screen}");
    assert_restored(&screen);
    // The log of the whole session holds none of the secrets that went through it.
    let log = std::fs::read_to_string(home.path().join("data/ls-console/lsc.log")).expect("the log file");
    assert!(log.contains("console starting"), "{log}");
    let login = ls_console::domain::Login::new(2).unwrap();
    let secrets = [
        "demo-manager-token".to_string(),
        "demo-manager".to_string(),
        ls_console::domain::usr::password_hash(login, "demo-manager"),
        ls_console::domain::usr::md5_hex("demo-manager-token"),
        ls_console::domain::usr::usr_header(login, "demo-manager", "demo-manager-token"),
    ];
    for s in &secrets {
        assert!(!log.contains(s.as_str()), "the log holds a secret ({s}):\n{log}");
    }
    println!(
        "log checked: {} lines, {} secrets absent",
        log.lines().count(),
        secrets.len()
    );
}

/// CPU ticks (user + system) of a process, from /proc.
fn cpu_ticks(pid: &str) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit(')').next().unwrap_or_default();
    let f: Vec<&str> = rest.split_whitespace().collect();
    f.get(11).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0)
        + f.get(12).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0)
}

#[test]
fn idle_draws_nothing_and_a_scroll_step_writes_only_changed_cells() {
    if !require_tmux() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("pane.out");
    let t = start(home.path(), 140, 40);
    t.cmd(&["pipe-pane", "-o", "-t", "lsc", &format!("cat >> {}", out.display())]);
    t.wait_for(" users ┘", 60);
    std::thread::sleep(Duration::from_millis(500));
    let size = || std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let full_frame = size();
    assert!(full_frame > 2000, "the first frames were captured ({full_frame} bytes)");
    let shell = t
        .cmd(&["display-message", "-p", "-t", "lsc", "#{pane_pid}"])
        .trim()
        .to_string();
    let pid = String::from_utf8_lossy(&Command::new("pgrep").args(["-P", &shell]).output().unwrap().stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(!pid.is_empty(), "lsc runs under the pane's shell");
    let (bytes0, cpu0) = (size(), cpu_ticks(&pid));
    std::thread::sleep(Duration::from_secs(10));
    let (bytes1, cpu1) = (size(), cpu_ticks(&pid));
    println!(
        "idle 10 s: {} bytes written, {} CPU ticks",
        bytes1 - bytes0,
        cpu1 - cpu0
    );
    assert_eq!(
        bytes1, bytes0,
        "no frame drawn while idle (each frame writes at least the sync markers)"
    );
    assert!(cpu1 - cpu0 <= 2, "idle CPU: {} ticks in 10 s", cpu1 - cpu0);
    // One step down rewrites two rows, not the screen.
    t.cmd(&["send-keys", "-t", "lsc", "j"]);
    std::thread::sleep(Duration::from_millis(500));
    let step = size() - bytes1;
    println!("one scroll step: {step} bytes (first screen: {full_frame} bytes)");
    assert!(
        step > 0 && step * 5 < full_frame,
        "a scroll step writes {step} bytes of {full_frame}"
    );
    t.cmd(&["send-keys", "-t", "lsc", "q"]);
    t.wait_for("LSC_EXIT=0", 10);
}

/// The pid of `lsc` running in the session's pane.
fn lsc_pid(t: &Tmux) -> String {
    let sh = t
        .cmd(&["list-panes", "-t", "lsc", "-F", "#{pane_pid}"])
        .trim()
        .to_string();
    let out = Command::new("pgrep").args(["-P", &sh]).output().expect("pgrep");
    let pid = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    assert!(!pid.is_empty(), "lsc runs under sh {sh}");
    pid
}

/// After lsc is gone: the shell's terminal is sane again (canonical input, echo, main screen).
fn assert_restored(screen: &str) {
    let stty = screen.lines().find(|l| l.contains("icanon")).unwrap_or_default();
    assert!(stty.contains("icanon") && !stty.contains("-icanon"), "{screen}");
    assert!(stty.split_whitespace().any(|w| w == "echo"), "{screen}");
    assert!(
        !screen.contains("References › Users"),
        "the alternate screen was left: {screen}"
    );
}

fn require_tmux() -> bool {
    if tmux_available() {
        return true;
    }
    if std::env::var_os("LSC_REQUIRE_TMUX").is_some() {
        panic!("tmux is required here (LSC_REQUIRE_TMUX is set) but was not found");
    }
    eprintln!("SKIPPED: tmux is not installed; install tmux to run the end-to-end tests");
    false
}

#[test]
fn sigterm_and_sighup_mid_edit_restore_the_terminal() {
    if !require_tmux() {
        return;
    }
    for sig in ["TERM", "HUP"] {
        let home = tempfile::tempdir().unwrap();
        let t = start(home.path(), 120, 30);
        t.wait_for(" users ┘", 60);
        // Open Test4's card and start typing in a field: an edit in progress.
        t.open_card("Test4", "User 0004");
        t.cmd(&["send-keys", "-t", "lsc", "-l", "xyz"]);
        t.wait_for("modified", 10);
        let pid = lsc_pid(&t);
        let ok = Command::new("kill").args([&format!("-{sig}"), &pid]).status().unwrap();
        assert!(ok.success());
        let screen = t.wait_for("LSC_EXIT=", 10);
        assert_restored(&screen);
        // The shell takes commands again.
        t.cmd(&["send-keys", "-t", "lsc", "C-c"]);
    }
}

#[test]
fn a_panic_restores_the_terminal_and_points_to_the_log() {
    if !require_tmux() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let t = start_with(home.path(), 120, 30, "-u RUST_BACKTRACE LSC_CRASH_TEST=1");
    t.wait_for(" users ┘", 60);
    t.cmd(&["send-keys", "-t", "lsc", ":"]);
    t.cmd(&["send-keys", "-t", "lsc", "-l", "crash-test"]);
    t.cmd(&["send-keys", "-t", "lsc", "Enter"]);
    let screen = t.wait_for("LSC_EXIT=", 10);
    assert!(!screen.contains("LSC_EXIT=0"), "a crash is not a clean exit: {screen}");
    assert!(
        screen.contains("lsc crashed; the terminal was restored") && screen.contains("lsc.log"),
        "{screen}"
    );
    assert_restored(&screen);
    let log = std::fs::read_to_string(home.path().join("data/ls-console/lsc.log")).unwrap();
    assert!(
        log.contains("lsc crashed") && log.contains("crash test requested"),
        "{log}"
    );
}

/// `:profile NAME` signs in to another profile's server in place: the status line names the new
/// profile and login, a read-only profile says so, and an unknown name is an error that keeps
/// the console where it was.
#[test]
fn profile_switches_in_place() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::PermissionsExt;
    if !require_tmux() {
        return;
    }
    let home = tempfile::tempdir().expect("home");
    let mut server = Command::new(LSC)
        .args(["serve", "--seed", "demo", "--bind", "127.0.0.1:0", "--db"])
        .arg(home.path().join("ls.db"))
        .env("LSC_ADMIN_PASSWORD", "admin-pw")
        .env("LSC_ADMIN_TOKEN", "admin-tok")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("lsc serve");
    let mut lines = BufReader::new(server.stdout.take().expect("stdout")).lines();
    let url = loop {
        let line = lines.next().expect("the address").expect("a line");
        if let Some(u) = line.strip_prefix("lsc serve: listening on ") {
            break u.to_string();
        }
    };
    let dir = home.path().join("config").join("ls-console");
    std::fs::create_dir_all(&dir).expect("config dir");
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[profiles.alpha]\nserver = \"{url}\"\nlogin = \"0002\"\npassword = \"demo-manager\"\n\
             token = \"demo-manager-token\"\ncolor = \"green\"\n\n\
             [profiles.test4]\nserver = \"{url}\"\nlogin = \"0004\"\npassword = \"demo-user\"\n\
             token = \"demo-user-token\"\ncolor = \"red\"\nread_only = true\n"
        ),
    )
    .expect("config");
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).expect("0600");
    let t = start_with(home.path(), 140, 30, "LSC_PROFILE=alpha");
    // The status line is the last line with text; the list above shows logins too.
    let status_when = |want: &dyn Fn(&str) -> bool| {
        let start = Instant::now();
        loop {
            let screen = t.capture();
            let status = screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("").to_string();
            if want(&status) {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out; status: {status}\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    let status = status_when(&|s| s.contains(" 0002"));
    assert!(status.starts_with(" alpha "), "{status}");

    t.cmd(&["send-keys", "-t", "lsc", ":"]);
    t.cmd(&["send-keys", "-t", "lsc", "-l", "profile test4"]);
    t.cmd(&["send-keys", "-t", "lsc", "Enter"]);
    let status = status_when(&|s| s.contains(" 0004"));
    assert!(
        // Test4 reads Russian: the interface follows the viewer's own language.
        status.starts_with(" test4 ") && status.contains("ТОЛЬКО ЧТЕНИЕ") && !status.contains("0002"),
        "{status}"
    );

    t.cmd(&["send-keys", "-t", "lsc", ":"]);
    t.cmd(&["send-keys", "-t", "lsc", "-l", "profile nope"]);
    t.cmd(&["send-keys", "-t", "lsc", "Enter"]);
    let status = status_when(&|s| s.contains("no profile 'nope'"));
    assert!(
        status.contains(" 0004") && status.starts_with(" test4 "),
        "still as before: {status}"
    );

    t.cmd(&["send-keys", "-t", "lsc", "C-c"]);
    let screen = t.wait_for("LSC_EXIT=", 10);
    assert!(screen.contains("LSC_EXIT=0"), "{screen}");
    let _ = server.kill();
    let _ = server.wait();
}

/// Over tmux, on the embedded demo: `:compare` shows two users side by side, a row selected and
/// copied across goes through the plan, and Enter applies it; `C` opens a copy's card.
#[test]
fn compare_copy_a_row_through_the_plan_and_open_a_copy() {
    if !require_tmux() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let t = start(home.path(), 140, 40);
    t.wait_for("● demo 0002", 60);
    t.cmd(&["send-keys", "-t", "lsc", ":"]);
    t.cmd(&["send-keys", "-t", "lsc", "-l", "compare 0004 0006"]);
    t.cmd(&["send-keys", "-t", "lsc", "Enter"]);
    let s = t.wait_for("≠role DEALER_USER", 20);
    assert!(s.contains("Compare 0004 Test4 ↔ 0006 alpha.client"), "{s}");
    t.cmd(&["send-keys", "-t", "lsc", "Space"]);
    t.cmd(&["send-keys", "-t", "lsc", "-l", ">"]);
    let s = t.wait_for("Plan: copy 1 rows from 0004 to 0006", 10);
    assert!(s.contains("role DEALER_USER · no → yes"), "{s}");
    t.cmd(&["send-keys", "-t", "lsc", "Enter"]);
    t.wait_for("copied roles and rights to user 0006", 10);
    t.cmd(&["send-keys", "-t", "lsc", "Escape"]);
    t.wait_for(" users ┘", 10);
    t.cmd(&["send-keys", "-t", "lsc", "-l", "C"]);
    t.wait_for("New user — copy of", 10);
    // The copy's card is a draft: Ctrl-C asks, a second Ctrl-C leaves.
    t.cmd(&["send-keys", "-t", "lsc", "C-c"]);
    t.wait_for("quit and lose them?", 10);
    t.cmd(&["send-keys", "-t", "lsc", "C-c"]);
    let screen = t.wait_for("LSC_EXIT=", 10);
    assert_restored(&screen);
}
