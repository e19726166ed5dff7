//! The LS API over HTTP: real server, real SQLite file, real client.
use crate::common;
use common::*;
use ls_console::api::{ClientError, UserQuery};
use ls_console::domain::query::compare;
use ls_console::domain::usr::{md5_hex, usr_header_from_hashes};
use ls_console::domain::{Column, Login, Mask, Order, Role, UserDraft};
use ls_console::server::seed::{self, DEMO_BETA_MANAGER, DEMO_CLIENT, DEMO_MANAGER, DEMO_TEST4};

fn new_user(name: &str, roles: Vec<Role>) -> UserDraft {
    UserDraft {
        username: name.into(),
        first_name: "Nina".into(),
        last_name: "Novak".into(),
        email: format!("{}@example.com", name.to_lowercase()),
        roles,
        login_allowed: true,
        password: Some("secret-pass".into()),
        ..Default::default()
    }
}

fn api_err(e: ClientError) -> (u16, String, String, Option<String>) {
    match e {
        ClientError::Api {
            status,
            code,
            message,
            field,
        } => (
            status,
            serde_json::to_value(code)
                .unwrap()
                .as_str()
                .unwrap_or_default()
                .to_string(),
            message,
            field,
        ),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn manager_lists_own_and_sub_dealers_users_only() {
    let ls = demo().await;
    let m = ls.manager();
    let me = m.me().await.unwrap();
    assert_eq!(me.user.login.to_string(), "0002");
    let dealers = m.dealers().await.unwrap();
    let names: Vec<_> = dealers.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, vec!["Alpha Systems", "Alpha North", "Alpha South"]);
    let page = m.users(&UserQuery::default()).await.unwrap();
    assert_eq!(page.total, page.users.len());
    assert!(
        page.total > 300,
        "the demo gives Alpha hundreds of users, got {}",
        page.total
    );
    let ids: Vec<i64> = dealers.iter().map(|d| d.id).collect();
    assert!(page.users.iter().all(|u| ids.contains(&u.dealer_id)));
    assert!(page.users.iter().any(|u| u.dealer == "Alpha North"));
    // Admin sees more: every dealer.
    let all = ls.admin().users(&UserQuery::default()).await.unwrap();
    assert!(all.total > page.total);
    assert!(all.users.iter().any(|u| u.dealer == "Beta Trade"));
}

#[tokio::test]
async fn dealer_user_sees_own_dealer_and_client_only_itself() {
    let ls = demo().await;
    let du = ls.as_account(&DEMO_TEST4);
    let page = du.users(&UserQuery::default()).await.unwrap();
    assert!(
        page.users.iter().all(|u| u.dealer == "Alpha Systems"),
        "no sub-dealer users without the right"
    );
    let c = ls.as_account(&DEMO_CLIENT);
    let page = c.users(&UserQuery::default()).await.unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.users[0].login.get(), DEMO_CLIENT.login);
    // Another user's card is hidden from a client: 404, not 403, so logins do not leak.
    let (status, code, ..) = api_err(c.user(Login::new(2).unwrap()).await.unwrap_err());
    assert_eq!((status, code.as_str()), (404, "not_found"));
    // A Beta manager cannot read an Alpha user.
    let beta = ls.as_account(&DEMO_BETA_MANAGER);
    assert_eq!(
        beta.user(Login::new(DEMO_TEST4.login).unwrap())
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );
}

#[tokio::test]
async fn view_sub_dealer_entities_right_widens_the_list() {
    let ls = demo().await;
    let m = ls.manager();
    let before = ls
        .as_account(&DEMO_TEST4)
        .users(&UserQuery::default())
        .await
        .unwrap()
        .total;
    // The admin grants Test4 the right (a manager cannot: it would be editing a peer's rights it holds, fine too).
    let admin = ls.admin();
    let t4 = admin.user(Login::new(DEMO_TEST4.login).unwrap()).await.unwrap();
    let mut d = UserDraft::from(&t4);
    d.rights.push("SUBDEALER_VIEW".into());
    admin.update_user(t4.login, t4.version, &d).await.unwrap();
    let after = ls.as_account(&DEMO_TEST4).users(&UserQuery::default()).await.unwrap();
    assert!(after.total > before);
    assert!(after.users.iter().any(|u| u.dealer == "Alpha South"));
    assert_eq!(after.total, m.users(&UserQuery::default()).await.unwrap().total);
}

#[tokio::test]
async fn test4_found_by_mask_and_every_column_filters_and_sorts() {
    let ls = demo().await;
    let m = ls.manager();
    let q = UserQuery {
        masks: vec![(Column::Username, "test4".into())],
        ..Default::default()
    };
    let page = m.users(&q).await.unwrap();
    assert_eq!(page.users.len(), 1);
    assert_eq!(page.users[0].username, "Test4");
    assert_eq!(page.users[0].login.to_string(), "0004");

    let all = m.users(&UserQuery::default()).await.unwrap().users;
    for col in Column::ALL {
        // Masks: a plain piece of a real cell, and a wildcard form of it.
        let sample = all
            .iter()
            .map(|u| col.text(u))
            .find(|t| t.chars().count() >= 3)
            .unwrap();
        let piece: String = sample.chars().skip(1).take(2).collect();
        for mask in [
            piece.clone(),
            format!("*{piece}*"),
            format!("{}*", sample.chars().next().unwrap()),
        ] {
            let q = UserQuery {
                masks: vec![(col, mask.clone())],
                ..Default::default()
            };
            let got = m.users(&q).await.unwrap();
            let m2 = Mask::new(&mask);
            let expect = all.iter().filter(|u| m2.matches(&col.text(u))).count();
            assert!(expect > 0, "{col:?} {mask}");
            assert_eq!(got.users.len(), expect, "column {col:?} mask {mask}");
            assert_eq!(got.total, all.len(), "total counts all visible users");
            assert!(got.users.iter().all(|u| m2.matches(&col.text(u))));
        }
        for order in [Order::Asc, Order::Desc] {
            let q = UserQuery {
                sort: Some(col),
                order: Some(order),
                ..Default::default()
            };
            let got = m.users(&q).await.unwrap().users;
            assert_eq!(got.len(), all.len());
            for w in got.windows(2) {
                let o = compare(&w[0], &w[1], col);
                let ok = match order {
                    Order::Asc => o.is_le(),
                    Order::Desc => o.is_ge(),
                };
                assert!(ok, "{col:?} {order:?}: {} before {}", col.text(&w[0]), col.text(&w[1]));
            }
        }
    }
    // Two columns combine with AND.
    let q = UserQuery {
        masks: vec![(Column::Roles, "*CLIENT*".into()), (Column::Source, "External".into())],
        ..Default::default()
    };
    let got = m.users(&q).await.unwrap().users;
    assert!(!got.is_empty());
    assert!(got
        .iter()
        .all(|u| u.roles.contains(&Role::Client) && u.source.as_str() == "External"));
    // Cyrillic, case-folded.
    let q = UserQuery {
        masks: vec![(Column::Username, "иванов*".into())],
        ..Default::default()
    };
    let got = m.users(&q).await.unwrap().users;
    assert!(!got.is_empty());
    assert!(got.iter().all(|u| u.username.to_lowercase().starts_with("иванов")));
}

#[tokio::test]
async fn unknown_column_sort_and_param_are_400() {
    let ls = demo().await;
    let raw = ls.raw();
    let usr =
        ls_console::api::Credentials::new(Login::new(2).unwrap(), DEMO_MANAGER.password, DEMO_MANAGER.token).header();
    for q in ["mask.bogus=x", "sort=nope", "order=up", "colour=red"] {
        let r = raw
            .get(format!("{}/api/users?{q}", ls.url()))
            .header("usr", &usr)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{q}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "validation", "{q}");
        assert!(body["error"]["message"].as_str().unwrap().len() > 10);
    }
    for bad in ["12345", "abc", "0"] {
        let r = raw
            .get(format!("{}/api/users/{bad}", ls.url()))
            .header("usr", &usr)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["field"], "login");
    }
}

#[tokio::test]
async fn create_update_block_and_audit() {
    let ls = demo().await;
    let m = ls.manager();
    let created = m
        .create_user(&new_user("Fresh1", vec![Role::DealerUser]))
        .await
        .unwrap();
    let u = created.user;
    assert_eq!(u.dealer, "Alpha Systems");
    assert_eq!(u.version, 1);
    assert_eq!(created.credentials.password, "secret-pass");
    assert!(created.credentials.api_token.len() >= 64);
    // The lowest free login was taken (demo fixed logins are 1..6, filler from 10).
    assert_eq!(u.login.to_string(), "0007");
    // The new user can sign in with what was shown once.
    let nu = ls.client(
        u.login.get(),
        &created.credentials.password,
        &created.credentials.api_token,
    );
    assert_eq!(nu.me().await.unwrap().user.username, "Fresh1");

    // Update with the right version.
    let mut d = UserDraft::from(&u);
    d.city = "Kazan".into();
    d.mobile = "+7 (900) 123-45-67".into();
    let u2 = m.update_user(u.login, u.version, &d).await.unwrap();
    assert_eq!((u2.city.as_str(), u2.version), ("Kazan", 2));
    // Stale version: 409 with a message that says what to do.
    d.city = "Omsk".into();
    let (status, code, msg, _) = api_err(m.update_user(u.login, 1, &d).await.unwrap_err());
    assert_eq!((status, code.as_str()), (409, "conflict"));
    assert!(msg.contains("changed by someone else"), "{msg}");
    assert_eq!(
        m.user(u.login).await.unwrap().city,
        "Kazan",
        "the stale write changed nothing"
    );

    // Block: the user is refused with 403 from then on.
    let mut d = UserDraft::from(&u2);
    d.login_allowed = false;
    let u3 = m.update_user(u.login, u2.version, &d).await.unwrap();
    assert!(!u3.login_allowed);
    let (status, code, msg, _) = api_err(nu.me().await.unwrap_err());
    assert_eq!((status, code.as_str()), (403, "forbidden"));
    assert!(msg.contains("blocked"), "{msg}");

    // Audit: create, update, block, with the actor and the old/new values.
    let audit = ls.admin().audit().await.unwrap().entries;
    let mine: Vec<_> = audit.iter().filter(|e| e.target == u.login.to_string()).collect();
    let actions: Vec<&str> = mine.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["user.create", "user.update", "user.block"]);
    assert!(mine.iter().all(|e| e.actor == "0002"));
    let upd = mine.iter().find(|e| e.action == "user.update").unwrap();
    assert_eq!(upd.detail["city"]["new"], "Kazan");
    assert!(
        !serde_json::to_string(&audit).unwrap().contains("secret-pass"),
        "no password in the audit log"
    );
    // The manager sees its own dealer's audit; a dealer user does not see the log at all.
    assert!(m
        .audit()
        .await
        .unwrap()
        .entries
        .iter()
        .any(|e| e.target == u.login.to_string()));
    assert_eq!(
        ls.as_account(&DEMO_TEST4).audit().await.unwrap_err().status(),
        Some(403)
    );
}

#[tokio::test]
async fn role_rules_on_create_and_update() {
    let ls = demo().await;
    let m = ls.manager();
    // A manager may not create a manager, nor a user of another dealer.
    let (s, code, msg, field) = api_err(
        m.create_user(&new_user("Boss", vec![Role::DealerManager]))
            .await
            .unwrap_err(),
    );
    assert_eq!((s, code.as_str(), field.as_deref()), (403, "forbidden", Some("roles")));
    assert!(msg.contains("DEALER_MANAGER"), "{msg}");
    let beta_id = ls
        .admin()
        .dealers()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.name == "Beta Trade")
        .unwrap()
        .id;
    let mut d = new_user("Elsewhere", vec![Role::Client]);
    d.dealer_id = Some(beta_id);
    assert_eq!(m.create_user(&d).await.unwrap_err().status(), Some(403));
    // A dealer user cannot create users at all.
    let (s, _, msg, _) = api_err(
        ls.as_account(&DEMO_TEST4)
            .create_user(&new_user("Nope", vec![Role::Client]))
            .await
            .unwrap_err(),
    );
    assert_eq!(s, 403);
    assert!(msg.contains("creating users needs the DEALER_MANAGER role"), "{msg}");
    // A sub-dealer user can be created by a manager.
    let sd = m
        .create_user(&new_user("SubOne", vec![Role::SubDealer]))
        .await
        .unwrap()
        .user;
    assert_eq!(sd.roles, vec![Role::SubDealer]);
    // A dealer user edits its own characteristics but not its roles.
    let du = ls.as_account(&DEMO_TEST4);
    let me = du.me().await.unwrap().user;
    let mut d = UserDraft::from(&me);
    d.position = "Engineer".into();
    let me2 = du.update_user(me.login, me.version, &d).await.unwrap();
    assert_eq!(me2.position, "Engineer");
    d.roles.push(Role::DealerManager);
    assert_eq!(
        du.update_user(me.login, me2.version, &d).await.unwrap_err().status(),
        Some(403)
    );
    // ... nor another user's card.
    let mut d = UserDraft::from(&sd);
    d.city = "Riga".into();
    assert_eq!(
        du.update_user(sd.login, sd.version, &d).await.unwrap_err().status(),
        Some(403)
    );
    // Only an admin creates dealers.
    let nd = ls_console::api::NewDealer {
        name: "Delta".into(),
        parent_id: None,
    };
    assert_eq!(m.create_dealer(&nd).await.unwrap_err().status(), Some(403));
    let delta = ls.admin().create_dealer(&nd).await.unwrap();
    assert_eq!(delta.name, "Delta");
}

#[tokio::test]
async fn validation_errors_name_the_field_and_change_nothing() {
    let ls = demo().await;
    let m = ls.manager();
    let audit_before = ls.admin().audit().await.unwrap().entries.len();
    let mut d = new_user("Bad", vec![Role::Client]);
    d.email = "not-an-email".into();
    let (s, code, msg, field) = api_err(m.create_user(&d).await.unwrap_err());
    assert_eq!((s, code.as_str(), field.as_deref()), (400, "validation", Some("email")));
    assert_eq!(msg, "email is not a valid address");
    let mut d = new_user("Bad", vec![Role::Client]);
    d.mobile = "12ab".into();
    assert_eq!(
        api_err(m.create_user(&d).await.unwrap_err()).3.as_deref(),
        Some("mobile")
    );
    let mut d = new_user("", vec![]);
    d.username.clear();
    assert_eq!(
        api_err(m.create_user(&d).await.unwrap_err()).3.as_deref(),
        Some("username")
    );
    assert_eq!(
        ls.admin().audit().await.unwrap().entries.len(),
        audit_before,
        "nothing was written"
    );

    // Malformed JSON and missing If-Match.
    let usr =
        ls_console::api::Credentials::new(Login::new(2).unwrap(), DEMO_MANAGER.password, DEMO_MANAGER.token).header();
    let r = ls
        .raw()
        .post(format!("{}/api/users", ls.url()))
        .header("usr", &usr)
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let b: serde_json::Value = r.json().await.unwrap();
    assert!(
        b["error"]["message"].as_str().unwrap().contains("malformed JSON"),
        "{b}"
    );
    let r = ls
        .raw()
        .put(format!("{}/api/users/0004", ls.url()))
        .header("usr", &usr)
        .json(&new_user("X", vec![Role::Client]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let b: serde_json::Value = r.json().await.unwrap();
    assert!(b["error"]["message"].as_str().unwrap().contains("If-Match"), "{b}");
    // An oversized body is refused with 413.
    let big = "x".repeat(2 << 20);
    let r = ls
        .raw()
        .post(format!("{}/api/users", ls.url()))
        .header("usr", &usr)
        .header("content-type", "application/json")
        .body(format!("{{\"comments\":\"{big}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let b: serde_json::Value = r.json().await.unwrap();
    assert_eq!(b["error"]["code"], "too_large");
}

#[tokio::test]
async fn authentication_failures_are_401_with_clear_messages() {
    let ls = demo().await;
    let url = format!("{}/api/me", ls.url());
    let raw = ls.raw();
    let status_msg = status_and_message;
    let (s, m) = status_msg(raw.get(&url).send().await.unwrap()).await;
    assert_eq!(s, 401);
    assert!(m.contains("missing usr header"), "{m}");
    let (s, m) = status_msg(raw.get(&url).header("usr", "%%%notbase64").send().await.unwrap()).await;
    assert_eq!(s, 401);
    assert!(m.contains("Base64"), "{m}");
    let l = Login::new(2).unwrap();
    let wrong_pw = usr_header_from_hashes(l, &md5_hex("0002nope"), &md5_hex(DEMO_MANAGER.token));
    let wrong_tok = usr_header_from_hashes(l, &md5_hex(&format!("0002{}", DEMO_MANAGER.password)), &md5_hex("nope"));
    for h in [wrong_pw, wrong_tok] {
        let (s, m) = status_msg(raw.get(&url).header("usr", h).send().await.unwrap()).await;
        assert_eq!(s, 401);
        assert_eq!(m, "authentication failed: the login, password or API token is wrong");
    }
    // Upper-case hex parts are accepted.
    let upper = usr_header_from_hashes(
        l,
        &md5_hex(&format!("0002{}", DEMO_MANAGER.password)).to_uppercase(),
        &md5_hex(DEMO_MANAGER.token).to_uppercase(),
    );
    assert_eq!(raw.get(&url).header("usr", upper).send().await.unwrap().status(), 200);
    // An unpadded user name is refused with a hint.
    use base64::Engine;
    let unpadded = base64::engine::general_purpose::STANDARD.encode(format!(
        "2;{};{}",
        md5_hex(&format!("2{}", DEMO_MANAGER.password)),
        md5_hex(DEMO_MANAGER.token)
    ));
    let (s, m) = status_msg(raw.get(&url).header("usr", unpadded).send().await.unwrap()).await;
    assert_eq!(s, 401);
    assert!(m.contains("'0002'"), "{m}");
    // Health needs no header.
    assert_eq!(
        raw.get(format!("{}/api/health", ls.url()))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // Seeded filler users have no password and cannot sign in.
    let filler = ls.client(10, "", "x");
    assert_eq!(filler.me().await.unwrap_err().status(), Some(401));
}

#[tokio::test]
async fn the_ten_thousandth_user_is_refused() {
    let ls = empty().await;
    // Admin is 0001; fill 0002..9999 directly, then ask the API for one more.
    seed::bulk_users(&ls.db, 1, 2, 9998).unwrap();
    let admin = ls.admin();
    assert_eq!(admin.users(&UserQuery::default()).await.unwrap().total, 9999);
    let (s, code, msg, _) = api_err(
        admin
            .create_user(&new_user("TooMany", vec![Role::Client]))
            .await
            .unwrap_err(),
    );
    assert_eq!((s, code.as_str()), (409, "limit"));
    assert!(msg.contains("9,999"), "{msg}");
}

#[tokio::test]
async fn wanted_login_is_used_or_refused_when_taken() {
    let ls = demo().await;
    let m = ls.manager();
    let mut d = new_user("Wanted", vec![Role::Client]);
    d.login = Some(Login::new(4242).unwrap());
    let u = m.create_user(&d).await.unwrap().user;
    assert_eq!(u.login.to_string(), "4242");
    // Another name (the same one would be refused first as a look-alike of the user just made).
    d.username = "Wanted2".into();
    let (s, code, _, field) = api_err(m.create_user(&d).await.unwrap_err());
    assert_eq!((s, code.as_str(), field.as_deref()), (409, "conflict", Some("login")));
}

#[tokio::test]
async fn assessments_newest_first_and_catalogs() {
    let ls = demo().await;
    let m = ls.manager();
    let a = m.assessments(Login::new(DEMO_TEST4.login).unwrap()).await.unwrap();
    assert_eq!(a.iter().map(|x| x.year).collect::<Vec<_>>(), vec![2025, 2024, 2023]);
    assert!(!a[1].passed && a[0].passed);
    let rights = m.rights().await.unwrap();
    assert_eq!(rights.len(), ls_console::domain::rights::catalog().len());
    let roles = m.roles().await.unwrap();
    assert_eq!(roles.len(), 6);
    assert!(roles
        .iter()
        .find(|r| r.code == Role::DealerManager)
        .unwrap()
        .default_rights
        .contains(&"USERS_CREATE".to_string()));
}

#[tokio::test]
async fn openapi_document_describes_every_endpoint_and_the_usr_scheme() {
    let ls = demo().await;
    let doc: serde_json::Value = ls
        .raw()
        .get(format!("{}/api/openapi.json", ls.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().expect("paths");
    for p in [
        "/api/health",
        "/api/me",
        "/api/users",
        "/api/users/{login}",
        "/api/users/{login}/access",
        "/api/objects/{id}/accessors",
        "/api/users/{login}/api-token",
        "/ws/v1/licenses/current",
        "/api/audit",
    ] {
        assert!(paths.contains_key(p), "{p} is documented");
    }
    assert_eq!(doc["components"]["securitySchemes"]["usr"]["name"], "usr");
    // Every operation behind the usr header documents the error shape for 401 and 403.
    let mut ops = 0;
    for (p, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            if p == "/api/health" {
                continue;
            }
            ops += 1;
            for code in ["400", "401", "403", "404"] {
                assert!(
                    op["responses"][code]["content"]["application/json"]["schema"].is_object(),
                    "{method} {p} documents {code}"
                );
            }
        }
    }
    assert!(ops >= 22, "{ops} operations");
    // The JSON error shape also covers bad path parameters (not axum's plain text).
    let r = ls
        .raw()
        .get(format!("{}/api/objects/not-a-number", ls.url()))
        .header(
            "usr",
            ls_console::domain::usr::usr_header(login(2), "demo-manager", "demo-manager-token"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation");
}

#[tokio::test]
async fn failed_sign_ins_spend_a_budget_the_real_user_never_waits_for() {
    let ls = demo().await;
    let url = format!("{}/api/me", ls.url());
    let raw = ls.raw();
    let msg = |c: &reqwest::Client, h: String| {
        let rq = c.get(&url).header("usr", h);
        async move {
            let r = rq.send().await.unwrap();
            let retry = r
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let (s, m) = status_and_message(r).await;
            (s, m, retry)
        }
    };
    // Missing parts.
    use base64::Engine;
    let short = base64::engine::general_purpose::STANDARD.encode("0002;abc");
    let (s, m, _) = msg(&raw, short).await;
    assert_eq!(s, 401);
    assert!(m.contains("three parts"), "{m}");
    // An unknown login answers exactly like a wrong password.
    let unknown = usr_header_from_hashes(Login::new(9876).unwrap(), &md5_hex("x"), &md5_hex("y"));
    let (s, m, _) = msg(&raw, unknown).await;
    assert_eq!(
        (s, m.as_str()),
        (401, "authentication failed: the login, password or API token is wrong")
    );
    // The real Test4 signs in once from this address: its header is remembered.
    let l = Login::new(DEMO_TEST4.login).unwrap();
    let right = usr_header_from_hashes(
        l,
        &md5_hex(&format!("0004{}", DEMO_TEST4.password)),
        &md5_hex(DEMO_TEST4.token),
    );
    assert_eq!(msg(&raw, right.clone()).await.0, 200);
    // Guesses at Test4's password: ten are checked (401), the rest refused unchecked (429).
    let wrong = usr_header_from_hashes(l, &md5_hex("0004nope"), &md5_hex(DEMO_TEST4.token));
    let mut statuses = Vec::new();
    for _ in 0..13 {
        let (s, m, retry) = msg(&raw, wrong.clone()).await;
        if s == 429 {
            assert!(m.contains("too many failed sign-ins for 0004"), "{m}");
            assert!(retry.is_some_and(|r| r.parse::<u64>().is_ok_and(|n| n >= 1)));
        }
        statuses.push(s);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 10, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 3, "{statuses:?}");
    // The real user's remembered header works at once.
    let started = std::time::Instant::now();
    assert_eq!(msg(&raw, right).await.0, 200);
    // The client 0006 never signed in: once its budget from this address is spent, even its
    // right header goes unchecked here — and works at once from another address.
    let c = Login::new(DEMO_CLIENT.login).unwrap();
    let c_wrong = usr_header_from_hashes(c, &md5_hex("0006nope"), &md5_hex(DEMO_CLIENT.token));
    for _ in 0..10 {
        assert_eq!(msg(&raw, c_wrong.clone()).await.0, 401);
    }
    let c_right = usr_header_from_hashes(
        c,
        &md5_hex(&format!("0006{}", DEMO_CLIENT.password)),
        &md5_hex(DEMO_CLIENT.token),
    );
    assert_eq!(
        msg(&raw, c_right.clone()).await.0,
        429,
        "unchecked: guesses learn nothing"
    );
    let elsewhere = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    assert_eq!(msg(&elsewhere, c_right).await.0, 200);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "no one waits");
    // Other logins are not affected.
    assert_eq!(ls.manager().me().await.unwrap().user.login.get(), 2);
}

/// An answer's status and its error message.
async fn status_and_message(r: reqwest::Response) -> (u16, String) {
    let s = r.status().as_u16();
    let b: serde_json::Value = r.json().await.unwrap();
    (s, b["error"]["message"].as_str().unwrap_or_default().to_string())
}
