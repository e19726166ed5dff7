//! Faults between the console and the service, with the real server and a TCP fault injector
//! in between: a dead server at start, slow answers, malformed and truncated bodies.
use crate::common;
use common::driver::Driver;
use common::proxy::{Fault, Proxy};
use common::*;
use ls_console::api::{Client, Credentials};
use ls_console::server::seed::DEMO_MANAGER;
use ls_console::tui::app::{App, Effect, Msg};
use ls_console::tui::request::perform;
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::time::Duration;

fn manager_via(url: &str, timeout: Duration) -> Client {
    Client::with_timeout(
        url,
        Credentials::new(login(DEMO_MANAGER.login), DEMO_MANAGER.password, DEMO_MANAGER.token),
        timeout,
    )
    .unwrap()
}

#[tokio::test]
async fn a_dead_server_at_start_says_so_and_r_retries() {
    let ls = demo().await;
    let proxy = Proxy::start(ls.running.addr).await;
    proxy.set(Fault::Cut);
    let client = manager_via(&proxy.url(), Duration::from_secs(5));
    let mut d = Driver::with(client, None, 120, 30, Theme::plain()).await;
    let s = d.screen();
    assert!(
        s.contains("Cannot load the users from test") && s.contains("Press r to try"),
        "{s}"
    );
    assert!(d.lines().pop().unwrap().contains("offline"));
    // The server is reachable again: r signs in and loads the list.
    proxy.set(Fault::Pass);
    d.key(KeyCode::Char('r')).await;
    let (shown, total) = d.footer_counts();
    assert!(shown > 100 && shown == total, "{shown} of {total}");
    assert!(d.app.session.me.is_some(), "signed in on the retry");
    assert!(!d.screen().contains("Cannot load"));
}

#[tokio::test]
async fn malformed_and_truncated_answers_are_errors_not_panics() {
    let ls = demo().await;
    let proxy = Proxy::start(ls.running.addr).await;
    let client = manager_via(&proxy.url(), Duration::from_secs(5));
    let mut d = Driver::with(client, None, 120, 30, Theme::plain()).await;
    let before = d.footer_counts();
    for (fault, says) in [
        (Fault::Garbage, "unexpected answer"),
        (Fault::Truncate, "cannot load users"),
    ] {
        proxy.set(fault);
        d.key(KeyCode::Char('r')).await;
        let st = d.lines().pop().unwrap();
        assert!(st.contains(says), "{fault:?}: {st}");
        assert_eq!(d.footer_counts(), before, "{fault:?}: the rows already loaded stay");
        // A card cannot open either, and says why.
        d.key(KeyCode::Enter).await;
        assert!(d.lines().pop().unwrap().contains("cannot open the user"));
    }
    proxy.set(Fault::Pass);
    d.key(KeyCode::Char('r')).await;
    assert!(d.lines().pop().unwrap().contains("users loaded"));
}

/// The runtime's shape without a terminal: effects run as tasks, results come back as messages,
/// and keys are handled while requests are still out.
#[tokio::test]
async fn slow_answers_show_a_spinner_keys_still_work_then_a_timeout() {
    let ls = demo().await;
    let proxy = Proxy::start(ls.running.addr).await;
    proxy.set(Fault::Stall);
    let client = manager_via(&proxy.url(), Duration::from_millis(1500));
    let (mut app, first) = App::new("slow".into(), None, Theme::plain(), Rect::new(0, 0, 100, 30));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Msg>();
    let spawn = |fx: Vec<Effect>| {
        for e in fx {
            let (c, tx) = (client.clone(), tx.clone());
            if let Effect::Request(id, r) = e {
                tokio::spawn(async move {
                    let _ = tx.send(Msg::Reply(id, perform(&c, r).await));
                });
            }
        }
    };
    spawn(first);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    let status = |term: &mut ratatui::Terminal<ratatui::backend::TestBackend>, app: &App| {
        term.draw(|f| app.draw(f)).unwrap();
        let b = term.backend().buffer();
        (0..b.area.width)
            .map(|x| b[(x, b.area.height - 1)].symbol().to_string())
            .collect::<String>()
    };
    // While the requests hang: the spinner turns and keys are answered at once.
    assert!(app.busy());
    let s1 = status(&mut term, &app);
    app.update(Msg::Tick);
    let s2 = status(&mut term, &app);
    assert_ne!(s1, s2, "the spinner moves: {s1} / {s2}");
    assert!(s1.contains("connecting"), "{s1}");
    app.update(Msg::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)));
    assert!(app.help_open());
    app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert!(!app.help_open());
    // Then the client gives up with a message, and nothing is left running.
    let mut got = 0;
    while app.busy() {
        let m = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("an answer within the timeout")
            .expect("channel open");
        spawn(app.update(m));
        got += 1;
    }
    assert!(got >= 1);
    let st = status(&mut term, &app);
    assert!(st.contains("took too long") && st.contains("offline"), "{st}");
}

/// The connection state follows the event stream: a lost stream shows the service offline at
/// once (not at the next request), and the stream open again shows it back.
#[tokio::test]
async fn the_status_follows_the_event_stream() {
    use ls_console::tui::request::Live;
    let ls = demo().await;
    let mut d = Driver::new(&ls, 120, 30, Theme::plain()).await;
    assert!(d.live_ready(Duration::from_secs(5)).await, "the event stream opened");
    let st = d.status();
    assert!(st.contains('●') && !st.contains("offline"), "signed in: {st}");
    d.app.update(Msg::Live(Live::Lost("connection refused".into())));
    let st = d.status();
    assert!(st.contains("offline") && !st.contains('●'), "lost: {st}");
    d.app.update(Msg::Live(Live::Lost("connection refused".into())));
    assert!(d.status().contains("offline"), "still lost while it reconnects");
    d.app.update(Msg::Live(Live::Up));
    let st = d.status();
    assert!(st.contains('●') && !st.contains("offline"), "back: {st}");
}

/// A failed start leaves no `loading…` in the users list's footer: it says the load failed.
#[tokio::test]
async fn a_failed_start_says_so_in_the_list_footer() {
    let ls = demo().await;
    let proxy = Proxy::start(ls.running.addr).await;
    proxy.set(Fault::Cut);
    let client = manager_via(&proxy.url(), Duration::from_secs(5));
    let mut d = Driver::with(client, None, 120, 30, Theme::plain()).await;
    let s = d.screen();
    assert!(s.contains("Cannot load the users"), "{s}");
    assert!(!s.contains("loading…"), "{s}");
    assert!(s.contains(" load failed "), "the footer says it failed: {s}");
    // Loaded on the retry: the counts, not the failure.
    proxy.set(Fault::Pass);
    d.key(KeyCode::Char('r')).await;
    assert!(!d.screen().contains("load failed"), "{}", d.screen());
}
