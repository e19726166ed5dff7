//! The console and the server agree on every capability: for each kind of actor, the real
//! console opens cards and trees against the real server, and every field, role, right, block
//! box, API tab, tree node and the new-user key it enables is accepted by the server, and
//! everything it greys out is refused. Changes that go through are undone at once; levels are
//! asked with their current value (a write the policy must still allow).
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::api::{AccessChange, Client, ClientError};
use ls_console::domain::{rights, AccessLevel, Language, Login, Role, User, UserDraft};
use ls_console::server::seed::{DEMO_AGGREGATOR, DEMO_BETA_MANAGER, DEMO_CLIENT, DEMO_TEST4};
use ls_console::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// What the server said: allowed, or refused as it should refuse (never a 5xx).
fn allowed<T>(r: Result<T, ClientError>) -> bool {
    match r {
        Ok(_) => true,
        Err(e) if matches!(e.status(), Some(400 | 403 | 404)) => false,
        Err(e) => panic!("unexpected answer: {e}"),
    }
}

struct Tally {
    checked: usize,
    cards: usize,
    nodes: usize,
    wrong: Vec<String>,
}

impl Tally {
    fn compare(&mut self, what: String, console: bool, server: bool) {
        self.checked += 1;
        if console != server {
            self.wrong.push(format!(
                "{what}: the console {} it, the server {} it",
                if console { "enables" } else { "greys out" },
                if server { "allows" } else { "refuses" }
            ));
        }
    }
}

/// Saves `change` over the user as it is now; on success, saves the user back as it was.
async fn try_change(c: &Client, admin: &Client, login: Login, change: impl Fn(&mut UserDraft)) -> bool {
    let now = admin.user(login).await.expect("the target");
    let mut d = UserDraft::from(&now);
    change(&mut d);
    if d.roles.is_empty() {
        return false;
    }
    let r = c.update_user(login, now.version, &d).await;
    let ok = allowed(r);
    if ok {
        let after = admin.user(login).await.expect("the target");
        admin
            .update_user(login, after.version, &UserDraft::from(&now))
            .await
            .expect("undone");
    }
    ok
}

async fn open_card(d: &mut Driver, login: Login) -> Option<User> {
    d.app.users_mut().select_login(login);
    if d.app.users().selected_user().map(|u| u.login) != Some(login) {
        return None;
    }
    d.key(KeyCode::Enter).await;
    d.app.card().and_then(|c| c.user.clone())
}

async fn close_card(d: &mut Driver) {
    d.key(KeyCode::Esc).await;
    if d.app.card().is_some() {
        d.key(KeyCode::Char('y')).await;
    }
}

/// The card of `target` as `actor` sees it in the console, against the server.
async fn card(t: &mut Tally, d: &mut Driver, me: &Client, admin: &Client, who: &str, target: Login, tree: bool) {
    let Some(user) = open_card(d, target).await else { return };
    t.cards += 1;
    let caps = d.app.card().expect("a card").caps.clone();
    assert!(caps.0.is_some(), "{who}: the console knows the viewer");
    let at = |what: &str| format!("{who} on {target}: {what}");
    let ok = try_change(me, admin, target, |d| d.city = format!("{}x", d.city)).await;
    t.compare(at("fields"), caps.fields().is_ok(), ok);
    let ok = try_change(me, admin, target, |d| d.login_allowed = !d.login_allowed).await;
    t.compare(at("Login allowed"), caps.block().is_ok(), ok);
    for r in Role::ALL {
        let had = user.roles.contains(&r);
        if had && user.roles.len() == 1 {
            continue; // a user keeps at least one role: that is validation, not access
        }
        let ok = try_change(me, admin, target, |d| {
            if had {
                d.roles.retain(|x| *x != r);
            } else {
                d.roles.push(r);
            }
        })
        .await;
        t.compare(at(&format!("role {r}")), caps.role(r).is_ok(), ok);
    }
    for right in rights::catalog() {
        let code = right.code.clone();
        let had = user.rights.contains(&code);
        let ok = try_change(me, admin, target, |d| {
            if had {
                d.rights.retain(|x| *x != code);
            } else {
                d.rights.push(code.clone());
            }
        })
        .await;
        t.compare(at(&format!("right {code}")), caps.right(&code).is_ok(), ok);
    }
    let api_tab = d.app.card().is_some_and(|c| c.api.visible);
    t.compare(at("API access tab"), api_tab, allowed(me.api_access(target).await));
    if tree {
        d.key_mod(KeyCode::Char('4'), KeyModifiers::ALT).await;
        let Some(tr) = d.app.card().and_then(|c| c.tree.as_ref()) else {
            panic!("{who} on {target}: the Access tab has a tree");
        };
        let forest = tr.forest.clone();
        let step = (forest.objects.len() / 40).max(1);
        let asked: Vec<(i64, String, bool, AccessLevel)> = forest
            .objects
            .iter()
            .step_by(step)
            .map(|o| {
                let direct = tr.levels.get(&o.id).map(|e| e.direct).unwrap_or_default();
                (o.id, o.name.clone(), tr.rule.check(&forest, o).is_ok(), direct)
            })
            .collect();
        for (id, name, console, direct) in asked {
            t.nodes += 1;
            let r = me
                .set_access(
                    target,
                    vec![AccessChange {
                        object_id: id,
                        level: direct,
                    }],
                )
                .await;
            t.compare(at(&format!("tree node {id} ({name})")), console, allowed(r));
        }
    }
    close_card(d).await;
}

async fn actor(t: &mut Tally, ls: &Ls, who: &str, me: Client) {
    let admin = ls.admin();
    let my = me.me().await.expect("signs in").user.login;
    let mut d = Driver::with(me.clone(), Some(Language::En), 160, 50, Theme::plain()).await;
    // Self, then one visible user of each role.
    let users: Vec<User> = d.app.users().index.users.clone();
    let mut targets = vec![my];
    for r in Role::ALL {
        if let Some(u) = users.iter().find(|u| u.login != my && u.roles.contains(&r)) {
            targets.push(u.login);
        }
    }
    // Cards first, before any tree loads the objects: the console must know the viewer's level
    // on each user from the user's own answer. Then trees (and cards again, with the objects).
    for target in &targets {
        card(t, &mut d, &me, &admin, who, *target, false).await;
    }
    let others = targets.iter().skip(1).take(1);
    for target in std::iter::once(&my).chain(others) {
        card(t, &mut d, &me, &admin, who, *target, true).await;
    }
    // `n`: a new-user card opens exactly when the server would create one.
    d.key(KeyCode::Char('n')).await;
    let console = d.app.card().is_some_and(|c| c.user.is_none());
    let role = d
        .app
        .session
        .viewer
        .as_ref()
        .and_then(|v| v.0.grantable_roles().first().copied())
        .unwrap_or(Role::Client);
    let n = t.checked;
    let r = me
        .create_user(&UserDraft {
            username: format!("agree{n}"),
            first_name: "A".into(),
            last_name: "B".into(),
            email: format!("agree{n}@example.com"),
            roles: vec![role],
            login_allowed: true,
            ..Default::default()
        })
        .await;
    t.compare(format!("{who}: n (new user)"), console, allowed(r));
}

#[tokio::test]
async fn nothing_the_console_enables_is_refused() {
    let ls = demo().await;
    let admin = ls.admin();
    let dealers = admin.dealers().await.unwrap();
    let id = |n: &str| dealers.iter().find(|d| d.name == n).map(|d| d.id).expect(n);
    let make = |name: &'static str, dealer: i64, role: Role, rights: &'static [&'static str]| {
        let admin = admin.clone();
        let ls = &ls;
        async move {
            let c = admin
                .create_user(&UserDraft {
                    username: name.into(),
                    first_name: "A".into(),
                    last_name: "B".into(),
                    email: format!("{name}@example.com"),
                    roles: vec![role],
                    rights: rights.iter().map(|r| r.to_string()).collect(),
                    dealer_id: Some(dealer),
                    login_allowed: true,
                    password: Some("agree-pass".into()),
                    ..Default::default()
                })
                .await
                .unwrap();
            ls.client(c.user.login.get(), "agree-pass", &c.credentials.api_token)
        }
    };
    let vsd = make(
        "agree.vsd",
        id("Alpha Systems"),
        Role::DealerUser,
        &["SUBDEALER_VIEW", "ACCESS_MANAGE"],
    )
    .await;
    let sub = make("agree.sub", id("Alpha North"), Role::SubDealer, &["USERS_API_TOKEN"]).await;
    let plain = make("agree.plain", id("Alpha Systems"), Role::DealerManager, &[]).await;
    let mut t = Tally {
        checked: 0,
        cards: 0,
        nodes: 0,
        wrong: Vec::new(),
    };
    for (who, c) in [
        ("admin", ls.admin()),
        ("manager", ls.manager()),
        ("beta manager", ls.as_account(&DEMO_BETA_MANAGER)),
        ("dealer user", ls.as_account(&DEMO_TEST4)),
        ("client", ls.as_account(&DEMO_CLIENT)),
        ("aggregator", ls.as_account(&DEMO_AGGREGATOR)),
        ("dealer user with sub-dealers and access", vsd),
        ("sub-dealer", sub),
        ("manager without levels", plain),
    ] {
        actor(&mut t, &ls, who, c).await;
    }
    println!(
        "console/server agreement: {} capabilities checked on {} cards ({} tree nodes), {} disagreements",
        t.checked,
        t.cards,
        t.nodes,
        t.wrong.len()
    );
    assert!(t.wrong.is_empty(), "{}", t.wrong.join("\n"));
    assert!(t.cards >= 30 && t.nodes >= 300, "the walk covered too little");
}
