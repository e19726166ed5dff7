//! Pure `update` tests: the real `App` fed fixture messages in the orders a slow or reordering
//! link delivers them — late answers, superseded answers, answers for rooms that are gone.
//! Nothing runs: the effects `update` returns are the requests, and the test answers them.

use super::app::{App, Effect, Msg};
use super::request::{Reply, Req, ReqId};
use super::theme::Theme;
use ls_core::api::{Me, UsersPage};
use ls_core::domain::{Dealer, Language, Login, Role, User};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use serde_json::json;

fn user(login: u16, version: i64, first: &str, roles: &[Role]) -> User {
    let v = json!({
        "login": format!("{login:04}"), "username": format!("u{login}"), "first_name": first,
        "last_name": "Tester", "email": format!("u{login}@dealer1.test"), "dealer_id": 1,
        "dealer": "Dealer 1", "roles": roles, "login_allowed": true, "version": version,
        "object_id": 1000 + i64::from(login), "level": "manage",
    });
    serde_json::from_value(v).expect("user fixture")
}

fn admin() -> Me {
    let roles = [
        Role::Admin,
        Role::DealerManager,
        Role::DealerUser,
        Role::Client,
        Role::SubDealer,
        Role::Aggregator,
    ];
    let mut rights: Vec<String> = ls_core::domain::rights::catalog()
        .iter()
        .map(|r| r.code.to_string())
        .collect();
    rights.sort();
    Me {
        user: user(1, 1, "Ada", &[Role::Admin]),
        effective_rights: rights,
        grantable_roles: roles.to_vec(),
    }
}

fn dealers() -> Vec<Dealer> {
    vec![Dealer {
        id: 1,
        name: "Dealer 1".into(),
        parent_id: None,
        account_id: Some(1),
        level: Some(ls_core::domain::AccessLevel::Manage),
    }]
}

fn page(first_of_4: &str) -> UsersPage {
    let users = vec![
        user(1, 1, "Ada", &[Role::Admin]),
        user(4, 1, first_of_4, &[Role::DealerUser]),
        user(7, 1, "Gus", &[Role::Client]),
    ];
    UsersPage {
        total: users.len(),
        users,
        revision: None,
        since: None,
    }
}

/// The requests among `fx`.
fn asks(fx: &[Effect]) -> Vec<(ReqId, Req)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Request(id, r) => Some((*id, r.clone())),
            _ => None,
        })
        .collect()
}

/// The id of the one request in `fx` that `pick` matches.
fn asked(fx: &[Effect], pick: impl Fn(&Req) -> bool) -> ReqId {
    let hits: Vec<ReqId> = asks(fx).into_iter().filter(|(_, r)| pick(r)).map(|(i, _)| i).collect();
    assert_eq!(hits.len(), 1, "expected one such request in {fx:?}");
    hits[0]
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn alt(app: &mut App, c: char) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)))
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// A console just started (English, 100×30) and what it asks first.
fn fresh() -> (App, Vec<Effect>) {
    App::new(
        "fixture".into(),
        Some(Language::En),
        Theme::plain(),
        Rect::new(0, 0, 100, 30),
    )
}

/// The service's answer `status` with `code` and `message`.
fn api_err(status: u16, code: ls_core::api::ErrorCode, message: &str) -> ls_core::api::ClientError {
    ls_core::api::ClientError::Api {
        status,
        code,
        message: message.into(),
        field: None,
    }
}

/// A console signed in as the admin with the list loaded; the effects of that are dropped.
fn signed_in() -> App {
    let (mut app, fx) = fresh();
    // Who we are first; the dealers and the users once that answered.
    let mut q = asks(&fx);
    while let Some((id, r)) = q.pop() {
        let reply = match r {
            Req::Me => Reply::Me(Ok(admin())),
            Req::Dealers => Reply::Dealers(Ok(dealers().into_iter().map(Into::into).collect())),
            Req::Users => Reply::Users(Ok(page("Dora"))),
            other => panic!("unexpected first request {other:?}"),
        };
        q.extend(asks(&app.update(Msg::Reply(id, reply))));
    }
    assert!(app.session.viewer.is_some(), "the fixture signs in");
    assert!(!app.busy(), "nothing in flight after the first answers");
    app
}

/// Moves the list's selection to `login`.
fn select(app: &mut App, login: u16) {
    for _ in 0..10 {
        if app.users().selected_user().map(|u| u.login.get()) == Some(login) {
            return;
        }
        key(app, KeyCode::Down);
    }
    panic!("user {login} not in the list");
}

fn l(n: u16) -> Login {
    Login::new(n).expect("login")
}

#[test]
fn a_slow_open_does_not_replace_a_new_user_draft() {
    let mut app = signed_in();
    select(&mut app, 4);
    let fx = key(&mut app, KeyCode::Enter);
    let open = asked(&fx, |r| *r == Req::User(l(4)));
    assert!(app.card().is_none(), "the card waits for its user");
    assert!(app.busy());

    // Before the answer: `n`, and the new user's name typed.
    key(&mut app, KeyCode::Char('n'));
    assert!(app.card().is_some_and(|c| c.user.is_none()), "a blank card is in front");
    key(&mut app, KeyCode::Enter); // login (empty: next free) → username
    typed(&mut app, "zed");
    assert_eq!(app.card().map(|c| c.draft().username), Some("zed".to_string()));

    // The late answer arrives: it opened nothing, the draft is intact, nothing was asked.
    let fx = app.update(Msg::Reply(
        open,
        Reply::User(Ok(user(4, 1, "Dora", &[Role::DealerUser]))),
    ));
    assert!(asks(&fx).is_empty());
    let card = app.card().expect("the new-user card is still there");
    assert!(card.user.is_none(), "the late user did not take the new card's place");
    assert_eq!(card.draft().username, "zed");
    assert!(!app.busy(), "the late answer was counted as in");
}

#[test]
fn a_superseded_card_reload_is_dropped_whichever_order_answers_come() {
    for newest_first in [true, false] {
        let mut app = signed_in();
        select(&mut app, 4);
        let fx = key(&mut app, KeyCode::Enter);
        let open = asked(&fx, |r| *r == Req::User(l(4)));
        let fx = app.update(Msg::Reply(
            open,
            Reply::User(Ok(user(4, 1, "Dora", &[Role::DealerUser]))),
        ));
        let assess = asked(&fx, |r| *r == Req::Assessments(l(4)));
        app.update(Msg::Reply(assess, Reply::Assessments(l(4), Ok(vec![]))));

        // To a tab without fields, then `r` twice: two reloads in flight.
        alt(&mut app, '5');
        let first = asked(&key(&mut app, KeyCode::Char('r')), |r| *r == Req::User(l(4)));
        let second = asked(&key(&mut app, KeyCode::Char('r')), |r| *r == Req::User(l(4)));
        assert_ne!(first, second);

        let old = Reply::User(Ok(user(4, 2, "Old", &[Role::DealerUser])));
        let new = Reply::User(Ok(user(4, 3, "New", &[Role::DealerUser])));
        if newest_first {
            app.update(Msg::Reply(second, new));
            app.update(Msg::Reply(first, old));
        } else {
            app.update(Msg::Reply(first, old));
            app.update(Msg::Reply(second, new));
        }
        let u = app.card().and_then(|c| c.user.clone()).expect("card open");
        assert_eq!(
            (u.version, u.first_name.as_str()),
            (3, "New"),
            "newest_first={newest_first}: the later reload wins"
        );
        assert!(!app.busy());
    }
}

#[test]
fn answers_for_a_closed_card_change_nothing() {
    let mut app = signed_in();
    select(&mut app, 4);
    let fx = key(&mut app, KeyCode::Enter);
    let open = asked(&fx, |r| *r == Req::User(l(4)));
    let fx = app.update(Msg::Reply(
        open,
        Reply::User(Ok(user(4, 1, "Dora", &[Role::SubDealer]))),
    ));
    let assess = asked(&fx, |r| *r == Req::Assessments(l(4)));
    // The API tab asks for its data when it opens (an admin may see the token).
    let api = asked(&alt(&mut app, '6'), |r| *r == Req::ApiAccess(l(4)));
    let reload = asked(&key(&mut app, KeyCode::Char('r')), |r| *r == Req::User(l(4)));
    assert!(app.busy());

    key(&mut app, KeyCode::Esc);
    assert!(app.card().is_none(), "Esc closed the unchanged card");
    let message = app.status.message.clone();

    let late = [
        (assess, Reply::Assessments(l(4), Ok(vec![]))),
        (reload, Reply::User(Ok(user(4, 9, "Ghost", &[Role::SubDealer])))),
        (api, Reply::ApiAccess(l(4), Err(ls_core::api::ClientError::Timeout))),
    ];
    for (id, r) in late {
        // The frame after the last change was drawn (the event loop clears `dirty` then).
        app.dirty = false;
        let fx = app.update(Msg::Reply(id, r));
        assert!(fx.is_empty(), "a gone room asks nothing");
        assert!(!app.dirty, "nothing to redraw for a gone room's answer");
    }
    assert!(app.card().is_none(), "no card came back");
    assert_eq!(app.status.message, message, "the status line did not change");
    assert!(!app.busy(), "answers for gone rooms still count as in");
}

#[test]
fn the_in_flight_count_follows_requests_and_an_unknown_id_is_ignored() {
    let mut app = signed_in();
    let fx = key(&mut app, KeyCode::Char('r'));
    let reloads = asks(&fx);
    assert_eq!(reloads.len(), 1, "a signed-in reload asks for the users only");
    assert!(app.busy());
    // An id nobody asked for (or asked twice) is dropped without touching the count.
    let fx = app.update(Msg::Reply(9_999, Reply::Users(Ok(page("Nobody")))));
    assert!(fx.is_empty());
    assert!(app.busy(), "the real reload is still out");
    assert_eq!(
        app.users().selected_user().map(|u| u.first_name.clone()),
        Some("Ada".into())
    );
    app.update(Msg::Reply(reloads[0].0, Reply::Users(Ok(page("Dina")))));
    assert!(!app.busy());
    app.update(Msg::Reply(reloads[0].0, Reply::Users(Ok(page("Twice")))));
    let names: Vec<String> = app.users().shown_users().iter().map(|u| u.first_name.clone()).collect();
    assert!(
        names.contains(&"Dina".to_string()) && !names.contains(&"Twice".to_string()),
        "{names:?}"
    );
}

#[test]
fn an_older_users_answer_after_a_newer_one_is_dropped() {
    let mut app = signed_in();
    let first = asked(&key(&mut app, KeyCode::Char('r')), |r| *r == Req::Users);
    let second = asked(&key(&mut app, KeyCode::Char('r')), |r| *r == Req::Users);
    app.update(Msg::Reply(second, Reply::Users(Ok(page("Newer")))));
    app.update(Msg::Reply(first, Reply::Users(Ok(page("Older")))));
    let names: Vec<String> = app.users().shown_users().iter().map(|u| u.first_name.clone()).collect();
    assert!(names.contains(&"Newer".to_string()), "{names:?}");
    assert!(
        !names.contains(&"Older".to_string()),
        "the older list came late and was dropped: {names:?}"
    );
    assert!(!app.busy());
}

/// Read-only mode drops writes before they are sent and answers the room with the refusal:
/// every write request has that answer, and no read is taken for a write.
#[test]
fn every_write_request_has_a_refusal_answer_and_no_read_does() {
    let l = Login::new(4).expect("login");
    let writes = vec![
        Req::SaveUser {
            login: l,
            version: 1,
            draft: Default::default(),
        },
        Req::CreateUser(Default::default()),
        Req::SaveAccess {
            login: l,
            changes: vec![],
        },
        Req::SaveAccessors {
            object_id: 1,
            changes: vec![],
        },
        Req::RenewToken(l),
    ];
    for r in writes {
        assert!(r.writes(), "{r:?}");
        assert!(r.clone().refused("why".into()).is_some(), "{r:?}");
    }
    let reads = vec![
        Req::Me,
        Req::Dealers,
        Req::Users,
        Req::User(l),
        Req::Assessments(l),
        Req::Objects,
        Req::Access(l),
        Req::ObjectCard(1),
        Req::ApiAccess(l),
    ];
    for r in reads {
        assert!(!r.writes(), "{r:?}");
        assert!(r.refused("why".into()).is_none());
    }
}

/// The start asks who we are alone (a wrong password is one failed sign-in, not three); a
/// "busy" answer is said and asked again once, then the dealers and users follow the sign-in.
#[test]
fn the_start_signs_in_once_and_a_busy_answer_is_asked_again_once() {
    let (mut app, fx) = fresh();
    assert_eq!(asks(&fx).iter().map(|(_, r)| r.clone()).collect::<Vec<_>>(), [Req::Me]);
    let me = asked(&fx, |r| *r == Req::Me);
    let busy = || api_err(503, ls_core::api::ErrorCode::Unavailable, "the service is busy");
    let fx = app.update(Msg::Reply(me, Reply::Me(Err(busy()))));
    let (msg, err) = app.status.message.clone().expect("a message");
    assert!(err && msg.starts_with("cannot sign in: "), "{msg}");
    let again = asked(&fx, |r| *r == Req::Me);
    assert_eq!(asks(&fx).len(), 1, "only who we are: {fx:?}");
    // A second busy answer is not retried forever.
    assert!(asks(&app.update(Msg::Reply(again, Reply::Me(Err(busy()))))).is_empty());
    assert!(!app.busy());
    // `r` tries again; once it answers, the dealers and the users are asked.
    let fx = key(&mut app, KeyCode::Char('r'));
    let third = asked(&fx, |r| *r == Req::Me);
    let fx = app.update(Msg::Reply(third, Reply::Me(Ok(admin()))));
    let rest: Vec<Req> = asks(&fx).into_iter().map(|(_, r)| r).collect();
    assert!(rest.contains(&Req::Dealers) && rest.contains(&Req::Users), "{rest:?}");
    for (id, r) in asks(&fx) {
        let reply = match r {
            Req::Dealers => Reply::Dealers(Ok(dealers().into_iter().map(Into::into).collect())),
            _ => Reply::Users(Ok(page("Dora"))),
        };
        app.update(Msg::Reply(id, reply));
    }
    assert!(app.session.viewer.is_some(), "signed in on the third try");
}

/// Refused credentials open the sign-in screen; what is typed there signs in again in place
/// (the runtime's rebuilt client answers `SignedIn`), once per Enter, and a success closes it.
#[test]
fn a_refused_sign_in_opens_the_sign_in_screen_and_retries_in_place() {
    let (mut app, fx) = fresh();
    let me = asked(&fx, |r| *r == Req::Me);
    let refused = || api_err(401, ls_core::api::ErrorCode::Unauthorized, "wrong login or password");
    assert!(asks(&app.update(Msg::Reply(me, Reply::Me(Err(refused()))))).is_empty());
    assert_eq!(
        app.context(),
        crate::keymap::Context::Search,
        "the sign-in screen is in front"
    );
    typed(&mut app, "0001");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "secret");
    let fx = key(&mut app, KeyCode::Enter);
    let sent: Vec<&Effect> = fx.iter().filter(|e| matches!(e, Effect::SignIn(_))).collect();
    assert_eq!(sent.len(), 1, "{fx:?}");
    let Effect::SignIn(si) = sent[0] else { unreachable!() };
    assert_eq!(
        (si.login.get(), si.password.0.as_str(), si.server.as_deref()),
        (1, "secret", None)
    );
    assert!(!format!("{fx:?}").contains("secret"), "a password is never printed");
    // Enter again while waiting sends nothing.
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    let fx = app.update(Msg::SignedIn(Ok("fixture".into())));
    let me = asked(&fx, |r| *r == Req::Me);
    // Refused again: the screen says why and empties the password; nothing else is asked.
    assert!(asks(&app.update(Msg::Reply(me, Reply::Me(Err(refused()))))).is_empty());
    assert_eq!(app.context(), crate::keymap::Context::Search);
    let fx = key(&mut app, KeyCode::Enter);
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::SignIn(_))),
        "no password typed: not sent"
    );
    typed(&mut app, "right");
    let fx = key(&mut app, KeyCode::Enter);
    assert!(fx.iter().any(|e| matches!(e, Effect::SignIn(_))));
    let fx = app.update(Msg::SignedIn(Ok("fixture".into())));
    let me = asked(&fx, |r| *r == Req::Me);
    let fx = app.update(Msg::Reply(me, Reply::Me(Ok(admin()))));
    assert_ne!(app.context(), crate::keymap::Context::Search, "the screen closed");
    assert!(asks(&fx).iter().any(|(_, r)| *r == Req::Users));
}

/// Once the list has a revision, a reload asks only what changed after it and patches the rows
/// it names into the list; a later answer that is a whole list replaces it.
#[test]
fn a_reload_asks_for_the_delta_and_patches_it_in() {
    let mut app = signed_in();
    let r = asked(&key(&mut app, KeyCode::Char('r')), |r| *r == Req::Users);
    let mut whole = page("Dina");
    whole.revision = Some(40);
    app.update(Msg::Reply(r, Reply::Users(Ok(whole))));
    let d = asked(&key(&mut app, KeyCode::Char('r')), |r| *r == Req::UsersSince(40));
    // Test4 changed, 0009 is new; Ada and Gus stand as they were.
    let delta = UsersPage {
        users: vec![
            user(4, 2, "Dora", &[Role::DealerUser]),
            user(9, 1, "Nina", &[Role::DealerUser]),
        ],
        total: 4,
        revision: Some(43),
        since: Some(40),
    };
    app.update(Msg::Reply(d, Reply::Users(Ok(delta))));
    let names: Vec<String> = app.users().shown_users().iter().map(|u| u.first_name.clone()).collect();
    assert_eq!(names, ["Ada", "Dora", "Gus", "Nina"]);
    // The next reload goes on from the delta's revision.
    asked(&key(&mut app, KeyCode::Char('r')), |r| *r == Req::UsersSince(43));
}

/// Any failure of a sign-in typed on the screen is said there (a blocked user's 403, a dead
/// server): the screen never waits for an answer that has come, and the next Enter tries again.
#[test]
fn every_failure_of_a_typed_sign_in_is_said_on_the_screen() {
    let (mut app, fx) = fresh();
    let me = asked(&fx, |r| *r == Req::Me);
    app.update(Msg::Reply(
        me,
        Reply::Me(Err(api_err(401, ls_core::api::ErrorCode::Unauthorized, "no"))),
    ));
    for failure in [
        api_err(403, ls_core::api::ErrorCode::Forbidden, "user 0001 is blocked"),
        ls_core::api::ClientError::Timeout,
    ] {
        typed(&mut app, "0001");
        key(&mut app, KeyCode::Tab);
        typed(&mut app, "pw");
        let fx = key(&mut app, KeyCode::Enter);
        assert!(fx.iter().any(|e| matches!(e, Effect::SignIn(_))), "{fx:?}");
        let fx = app.update(Msg::SignedIn(Ok("fixture".into())));
        let me = asked(&fx, |r| *r == Req::Me);
        app.update(Msg::Reply(me, Reply::Me(Err(failure))));
        assert_eq!(app.context(), crate::keymap::Context::Search, "the screen stays");
        // Back to the login field for the next round.
        key(&mut app, KeyCode::BackTab);
        key(&mut app, KeyCode::End);
        for _ in 0..4 {
            key(&mut app, KeyCode::Backspace);
        }
    }
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("a test terminal");
    t.draw(|f| app.draw(f)).expect("draw");
    let screen: String = t.backend().buffer().content().iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("cannot sign in"), "the last failure is on the screen");
}

/// Messages handled together before one frame (the event loop drains what arrived): one that
/// changes nothing (the event stream coming up) must not take back an earlier one's frame. It
/// did, and the list stayed at "Loading users…" with the users already in.
#[test]
fn a_message_that_changes_nothing_keeps_an_earlier_ones_frame() {
    let mut app = signed_in();
    app.dirty = false;
    let _ = app.update(Msg::Resize(100, 30));
    let _ = app.update(Msg::Live(super::request::Live::Up));
    assert!(app.dirty, "the resize still has to be drawn");
    app.dirty = false;
    let _ = app.update(Msg::Live(super::request::Live::Up));
    assert!(!app.dirty, "alone, it draws nothing (idle stays idle)");
}
