//! The authorization matrix: every endpoint × every role (and the right-dependent cases), across
//! two dealers (Alpha, Beta) and a sub-dealer (Alpha North), against the real server. Each cell
//! holds the expected status; the test prints how many cells it checked.
//!
//! Actors: `-` no header, `A` admin 0001, `M` Alpha's dealer manager 0002, `B` Beta's dealer
//! manager 0005, `U` Alpha dealer user 0004 (Test4), `C` Alpha client 0006, `G` aggregator 0003,
//! `S` a SUB_DEALER of Alpha North, `V` an Alpha dealer user holding *View Sub-Dealer entities*,
//! `T` an Alpha dealer user holding *API access token generation*.
use crate::common;
use common::*;
use ls_console::api::{CreatedUser, Dealer, ObjectsPage, UsersPage};
use ls_console::domain::usr::usr_header;
use ls_console::domain::{Login, User};
use ls_console::server::seed::{DEMO_AGGREGATOR, DEMO_BETA_MANAGER, DEMO_CLIENT, DEMO_MANAGER, DEMO_TEST4};
use serde_json::{json, Value};
use std::collections::HashMap;

const ACTORS: [char; 10] = ['-', 'A', 'M', 'B', 'U', 'C', 'G', 'S', 'V', 'T'];

struct World {
    ls: Ls,
    http: reqwest::Client,
    /// Each actor's login, password and token (tokens change when renewed).
    creds: HashMap<char, (Login, String, String)>,
    /// Named targets: logins and object ids, as path pieces.
    t: HashMap<&'static str, String>,
}

impl World {
    async fn call(&self, actor: char, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let url = format!("{}{}", self.ls.url(), path);
        let mut rq = match method {
            "GET" => self.http.get(&url),
            "POST" => self.http.post(&url),
            "PUT" => self.http.put(&url),
            other => panic!("{other}"),
        };
        if let Some(h) = self.usr(actor) {
            rq = rq.header("usr", h);
        }
        if let Some(b) = body {
            rq = rq.json(b);
        }
        let r = rq.send().await.expect("request");
        let status = r.status().as_u16();
        let v = r.json::<Value>().await.unwrap_or(Value::Null);
        (status, v)
    }

    async fn admin_get<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let (s, v) = self.call('A', "GET", path, None).await;
        assert_eq!(s, 200, "{path}: {v}");
        serde_json::from_value(v).expect("decode")
    }

    /// The actor's usr header (none for `-`).
    fn usr(&self, actor: char) -> Option<String> {
        self.creds.get(&actor).map(|(l, pw, tok)| usr_header(*l, pw, tok))
    }

    /// After a renewal: the renewed actor signs in with its new token.
    fn renewed(&mut self, login: &str, token: &str) {
        let hit = self
            .creds
            .iter()
            .find(|(_, c)| c.0.to_string() == login)
            .map(|(a, c)| (*a, c.clone()));
        if let Some((a, c)) = hit {
            self.creds.insert(a, (c.0, c.1, token.to_string()));
        }
    }

    /// Replaces `{name}` in a path or body text with the target's value.
    fn fill(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (k, v) in &self.t {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    }
}

fn l(n: u16) -> Login {
    Login::new(n).unwrap()
}

async fn make_user(
    w: &World,
    name: &str,
    dealer: i64,
    role: &str,
    rights: &[&str],
) -> (Login, (Login, String, String)) {
    let body = json!({
        "username": name, "first_name": "M", "last_name": "X", "email": format!("{name}@example.com"),
        "dealer_id": dealer, "roles": [role], "rights": rights, "login_allowed": true
    });
    let (s, v) = w.call('A', "POST", "/api/users", Some(&body)).await;
    assert_eq!(s, 201, "{v}");
    let c: CreatedUser = serde_json::from_value(v).unwrap();
    (
        c.user.login,
        (c.user.login, c.credentials.password, c.credentials.api_token),
    )
}

async fn world() -> World {
    let ls = demo().await;
    let mut creds = HashMap::new();
    creds.insert('A', (l(1), ADMIN_PW.to_string(), ADMIN_TOKEN.to_string()));
    for (c, a) in [
        ('M', &DEMO_MANAGER),
        ('B', &DEMO_BETA_MANAGER),
        ('U', &DEMO_TEST4),
        ('C', &DEMO_CLIENT),
        ('G', &DEMO_AGGREGATOR),
    ] {
        creds.insert(c, (l(a.login), a.password.to_string(), a.token.to_string()));
    }
    let mut w = World {
        ls,
        http: reqwest::Client::new(),
        creds,
        t: HashMap::new(),
    };
    let dealers: Vec<Dealer> = w.admin_get("/api/dealers").await;
    let id = |n: &str| dealers.iter().find(|d| d.name == n).map(|d| d.id).expect(n);
    let alpha = id("Alpha Systems");
    let north = id("Alpha North");
    let beta = id("Beta Trade");
    let (sd, h) = make_user(&w, "matrix.sub", north, "SUB_DEALER", &[]).await;
    w.creds.insert('S', h);
    let (vsd, h) = make_user(&w, "matrix.vsd", alpha, "DEALER_USER", &["SUBDEALER_VIEW"]).await;
    w.creds.insert('V', h);
    let (tok, h) = make_user(&w, "matrix.tok", alpha, "DEALER_USER", &["USERS_API_TOKEN"]).await;
    w.creds.insert('T', h);
    let users: UsersPage = w.admin_get("/api/users").await;
    let first = |dealer: i64, role: &str, not: &[Login]| -> String {
        users
            .users
            .iter()
            .find(|u| u.dealer_id == dealer && u.roles.iter().any(|r| r.as_str() == role) && !not.contains(&u.login))
            .map(|u| u.login.to_string())
            .unwrap_or_else(|| panic!("a {role} of dealer {dealer}"))
    };
    let demo = [1, 2, 3, 4, 5, 6].map(l);
    w.t.insert("self_M", "0002".into());
    w.t.insert("self_U", "0004".into());
    w.t.insert("alpha_du", "0004".into());
    w.t.insert("alpha_client", "0006".into());
    w.t.insert("alpha_agg", "0003".into());
    w.t.insert("admin", "0001".into());
    w.t.insert("north_user", first(north, "CLIENT", &[sd]));
    w.t.insert("north_sd", sd.to_string());
    w.t.insert("beta_user", first(beta, "DEALER_USER", &demo));
    w.t.insert("beta_dm", "0005".into());
    w.t.insert("vsd", vsd.to_string());
    w.t.insert("tok", tok.to_string());
    // Objects: an Alpha unit the manager manages, Test4's view-only unit, a Beta unit, a North unit.
    let m_units: ObjectsPage = {
        let (_, v) = w.call('M', "GET", "/api/objects?kind=unit&limit=1", None).await;
        serde_json::from_value(v).unwrap()
    };
    let alpha_unit = m_units.objects[0].id;
    let t4: ObjectsPage = {
        let (_, v) = w.call('U', "GET", "/api/objects?kind=unit&limit=1", None).await;
        serde_json::from_value(v).unwrap()
    };
    let t4_unit = t4.objects[0].id;
    let b: ObjectsPage = {
        let (_, v) = w.call('B', "GET", "/api/objects?kind=unit&limit=1", None).await;
        serde_json::from_value(v).unwrap()
    };
    let beta_unit = b.objects[0].id;
    let all: ObjectsPage = w.admin_get("/api/objects?kind=account").await;
    let acc = |n: &str| all.objects.iter().find(|o| o.name == n).map(|o| o.id).expect(n);
    w.t.insert("alpha_unit", alpha_unit.to_string());
    w.t.insert("t4_unit", t4_unit.to_string());
    w.t.insert("beta_unit", beta_unit.to_string());
    w.t.insert("alpha_account", acc("Alpha Systems").to_string());
    w.t.insert("beta_account", acc("Beta Trade").to_string());
    w.t.insert("north_account", acc("Alpha North").to_string());
    w.t.insert("alpha_dealer", alpha.to_string());
    // Test4's group (edit), the client's own grant of edit on it, and T given manage on the
    // Alpha unit and on the client without the right to set levels.
    let t4_groups: ObjectsPage = {
        let (_, v) = w.call('U', "GET", "/api/objects?kind=unit_group", None).await;
        serde_json::from_value(v).unwrap()
    };
    let t4_group = t4_groups
        .objects
        .iter()
        .find(|o| o.level == ls_console::domain::AccessLevel::Edit)
        .expect("Test4's edit group")
        .id;
    w.t.insert("t4_group", t4_group.to_string());
    let client_obj: User = w.admin_get("/api/users/0006").await;
    let grant = |login: &str, changes: Value| {
        let path = format!("/api/users/{login}/access");
        let body = json!({ "changes": changes });
        (path, body)
    };
    for (path, body) in [
        grant("0006", json!([{"object_id": t4_group, "level": "edit"}])),
        grant(
            &tok.to_string(),
            json!([{"object_id": alpha_unit, "level": "manage"}, {"object_id": client_obj.object_id, "level": "manage"}]),
        ),
    ] {
        let (s, v) = w.call('A', "PUT", &path, Some(&body)).await;
        assert_eq!(s, 200, "{path}: {v}");
    }
    // A second dealer manager of Alpha: the peer whose card (and token) the manager may not touch.
    let (peer, _) = make_user(&w, "matrix.peer", alpha, "DEALER_MANAGER", &["USERS_API_TOKEN"]).await;
    w.t.insert("peer_dm", peer.to_string());
    w
}

/// One row: a request and the expected status for each actor, in `ACTORS` order.
struct Row {
    what: &'static str,
    method: &'static str,
    path: &'static str,
    body: Option<&'static str>,
    expect: [u16; 10],
}

const fn r(what: &'static str, method: &'static str, path: &'static str, expect: [u16; 10]) -> Row {
    Row {
        what,
        method,
        path,
        body: None,
        expect,
    }
}

const fn rb(
    what: &'static str,
    method: &'static str,
    path: &'static str,
    body: &'static str,
    expect: [u16; 10],
) -> Row {
    Row {
        what,
        method,
        path,
        body: Some(body),
        expect,
    }
}

#[tokio::test]
async fn every_endpoint_by_every_role() {
    let mut w = world().await;
    let print = std::env::var_os("LSC_MATRIX_PRINT").is_some();
    //                                                                        -    A    M    B    U    C    G    S    V    T
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        r("health", "GET", "/api/health", [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        r("openapi", "GET", "/api/openapi.json", [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        r("me", "GET", "/api/me", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        r("rights", "GET", "/api/rights", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        r("roles", "GET", "/api/roles", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        r("dealers", "GET", "/api/dealers", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        rb("new dealer", "POST", "/api/dealers", r#"{"name":"Matrix Dealer {actor}"}"#, [401, 201, 403, 403, 403, 403, 403, 403, 403, 403]),
        r("users", "GET", "/api/users", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        r("user: Alpha DM", "GET", "/api/users/{self_M}", [401, 200, 200, 404, 200, 404, 404, 404, 200, 200]),
        r("user: Alpha client", "GET", "/api/users/{alpha_client}", [401, 200, 200, 404, 200, 200, 404, 404, 200, 200]),
        r("user: North client", "GET", "/api/users/{north_user}", [401, 200, 200, 404, 404, 404, 404, 404, 200, 404]),
        r("user: Beta user", "GET", "/api/users/{beta_user}", [401, 200, 404, 200, 404, 404, 404, 404, 404, 404]),
        r("user: admin", "GET", "/api/users/{admin}", [401, 200, 404, 404, 404, 404, 404, 404, 404, 404]),
        r("assessments: Alpha user", "GET", "/api/users/{alpha_du}/assessments", [401, 200, 200, 404, 200, 404, 404, 404, 200, 200]),
        r("assessments: Beta user", "GET", "/api/users/{beta_user}/assessments", [401, 200, 404, 200, 404, 404, 404, 404, 404, 404]),
        rb("create DEALER_USER", "POST", "/api/users", r#"{"username":"mx.{actor}","first_name":"A","last_name":"B","email":"mx{actor}@example.com","roles":["DEALER_USER"]}"#, [401, 201, 201, 201, 403, 403, 403, 403, 403, 403]),
        rb("create ADMIN", "POST", "/api/users", r#"{"username":"mxa.{actor}","first_name":"A","last_name":"B","email":"mxa{actor}@example.com","roles":["ADMIN"]}"#, [401, 201, 403, 403, 403, 403, 403, 403, 403, 403]),
        rb("create a client in Alpha", "POST", "/api/users", r#"{"username":"mxd.{actor}","first_name":"A","last_name":"B","email":"mxd{actor}@example.com","roles":["CLIENT"],"dealer_id":{alpha_dealer}}"#, [401, 201, 201, 403, 403, 403, 403, 403, 403, 403]),
        rb("edit: Alpha client", "PUT", "/api/users/{alpha_client}", "USER", [401, 200, 200, 404, 403, 200, 404, 404, 403, 403]),
        rb("edit: Beta user", "PUT", "/api/users/{beta_user}", "USER", [401, 200, 404, 200, 404, 404, 404, 404, 404, 404]),
        rb("edit: North client", "PUT", "/api/users/{north_user}", "USER", [401, 200, 200, 404, 404, 404, 404, 404, 403, 404]),
        rb("edit: peer manager", "PUT", "/api/users/{peer_dm}", "USER", [401, 200, 403, 404, 403, 404, 404, 404, 403, 403]),
        r("access: Alpha user", "GET", "/api/users/{alpha_du}/access", [401, 200, 200, 404, 200, 404, 404, 404, 200, 200]),
        r("access: Beta user", "GET", "/api/users/{beta_user}/access", [401, 200, 404, 200, 404, 404, 404, 404, 404, 404]),
        // T manages the unit and the client but lacks Access rights — manage: 403.
        rb("grant: Alpha unit to Alpha client", "PUT", "/api/users/{alpha_client}/access", r#"{"changes":[{"object_id":{alpha_unit},"level":"view"}]}"#, [401, 200, 200, 404, 404, 403, 404, 404, 404, 403]),
        // Another dealer's grant to an Alpha user would give nothing: refused, even to the admin.
        rb("grant: Beta unit to Alpha client", "PUT", "/api/users/{alpha_client}/access", r#"{"changes":[{"object_id":{beta_unit},"level":"view"}]}"#, [401, 400, 404, 404, 404, 404, 404, 404, 404, 404]),
        rb("grant: Alpha unit to Beta user", "PUT", "/api/users/{beta_user}/access", r#"{"changes":[{"object_id":{alpha_unit},"level":"view"}]}"#, [401, 400, 404, 404, 404, 404, 404, 404, 404, 404]),
        // A peer manager's levels are the admin's to set, as its card.
        rb("grant: to a peer manager", "PUT", "/api/users/{peer_dm}/access", r#"{"changes":[{"object_id":{alpha_unit},"level":"view"}]}"#, [401, 200, 403, 404, 404, 404, 404, 404, 404, 403]),
        // One's own levels only go down: a grant one gave oneself would outlive the account's.
        rb("grant: own level up", "PUT", "/api/users/{self}/access", r#"{"changes":[{"object_id":{alpha_unit},"level":"manage"}]}"#, [401, 200, 403, 404, 404, 403, 404, 404, 404, 403]),
        rb("grant: one object twice", "PUT", "/api/users/{alpha_client}/access", r#"{"changes":[{"object_id":{alpha_unit},"level":"view"},{"object_id":{alpha_unit},"level":"edit"}]}"#, [401, 400, 400, 400, 400, 400, 400, 400, 400, 400]),
        r("objects", "GET", "/api/objects", [401, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        r("object: Alpha unit", "GET", "/api/objects/{alpha_unit}", [401, 200, 200, 404, 404, 200, 404, 404, 404, 200]),
        r("object: Test4's unit", "GET", "/api/objects/{t4_unit}", [401, 200, 200, 404, 200, 404, 200, 404, 404, 404]),
        r("object: Beta unit", "GET", "/api/objects/{beta_unit}", [401, 200, 404, 200, 404, 404, 404, 404, 404, 404]),
        rb("new unit in Alpha", "POST", "/api/objects", r#"{"kind":"unit","name":"Matrix unit {actor}","account_id":{alpha_account}}"#, [401, 201, 201, 404, 404, 404, 404, 404, 404, 404]),
        rb("new unit in Beta", "POST", "/api/objects", r#"{"kind":"unit","name":"Matrix unit {actor}","account_id":{beta_account}}"#, [401, 201, 404, 201, 404, 404, 404, 404, 404, 404]),
        // The takeover: a "unit" holding another dealer's units; a group in one's own account
        // holding them.
        rb("new unit with members", "POST", "/api/objects", r#"{"kind":"unit","name":"Grab {actor}","account_id":{beta_account},"members":[{alpha_unit}]}"#, [401, 400, 400, 400, 400, 400, 400, 400, 400, 400]),
        rb("new Beta group with an Alpha unit", "POST", "/api/objects", r#"{"kind":"unit_group","name":"Grab {actor}","account_id":{beta_account},"members":[{alpha_unit}]}"#, [401, 400, 404, 404, 404, 404, 404, 404, 404, 404]),
        rb("Test4's group takes a Beta unit", "PUT", "/api/objects/{t4_group}", r#"{"members":[{beta_unit}]}"#, [401, 400, 404, 404, 404, 403, 404, 404, 404, 404]),
        rb("rename Alpha unit", "PUT", "/api/objects/{alpha_unit}", "SAME_NAME", [401, 200, 200, 404, 404, 403, 404, 404, 404, 200]),
        rb("rename Test4's unit", "PUT", "/api/objects/{t4_unit}", "SAME_NAME", [401, 200, 200, 404, 200, 404, 403, 404, 404, 404]),
        // The client holds edit on Test4's group but not Objects — edit: 403.
        rb("rename Test4's group", "PUT", "/api/objects/{t4_group}", "SAME_NAME", [401, 200, 200, 404, 200, 403, 404, 404, 404, 404]),
        r("accessors: Alpha unit", "GET", "/api/objects/{alpha_unit}/accessors", [401, 200, 200, 404, 404, 200, 404, 404, 404, 200]),
        rb("set accessors: Alpha unit", "PUT", "/api/objects/{alpha_unit}/accessors", r#"{"changes":[{"login":"{alpha_client}","level":"view"}]}"#, [401, 200, 200, 404, 404, 403, 404, 404, 404, 403]),
        rb("set accessors: Test4's unit", "PUT", "/api/objects/{t4_unit}/accessors", r#"{"changes":[{"login":"{alpha_client}","level":"view"}]}"#, [401, 200, 200, 404, 403, 403, 404, 404, 404, 404]),
        rb("set accessors: one user twice", "PUT", "/api/objects/{alpha_unit}/accessors", r#"{"changes":[{"login":"{alpha_client}","level":"view"},{"login":"{alpha_client}","level":"none"}]}"#, [401, 400, 400, 400, 400, 400, 400, 400, 400, 400]),
        // Another user's token only for one who may edit that user's card.
        r("api access: aggregator", "GET", "/api/users/{alpha_agg}/api-access", [401, 200, 403, 404, 403, 404, 200, 404, 403, 403]),
        r("api access: Alpha DM", "GET", "/api/users/{self_M}/api-access", [401, 200, 200, 404, 403, 404, 404, 404, 403, 403]),
        r("api access: peer manager", "GET", "/api/users/{peer_dm}/api-access", [401, 200, 403, 404, 403, 404, 404, 404, 403, 403]),
        r("api access: Alpha DU (no API role)", "GET", "/api/users/{alpha_du}/api-access", [401, 403, 403, 404, 403, 404, 404, 404, 403, 403]),
        r("api access: North sub-dealer", "GET", "/api/users/{north_sd}/api-access", [401, 200, 200, 404, 404, 404, 404, 403, 403, 404]),
        r("audit", "GET", "/api/audit", [401, 200, 200, 200, 403, 403, 403, 403, 403, 403]),
        r("white server: no license", "GET", "/ws/v1/licenses/current", [401, 401, 401, 401, 401, 401, 401, 401, 401, 401]),
        // Renewals last: they end the renewed user's credentials.
        // After each renewal the console's own credentials are refreshed from the answer.
        r("renew: peer manager", "POST", "/api/users/{peer_dm}/api-token", [401, 200, 403, 404, 403, 404, 404, 404, 403, 403]),
        r("renew: North sub-dealer", "POST", "/api/users/{north_sd}/api-token", [401, 200, 200, 404, 404, 404, 404, 403, 403, 404]),
        r("renew: aggregator", "POST", "/api/users/{alpha_agg}/api-token", [401, 200, 403, 404, 403, 404, 200, 404, 403, 403]),
        r("renew: own token", "POST", "/api/users/{self}/api-token", [401, 403, 200, 200, 403, 403, 200, 403, 403, 403]),
    ];
    let mut cells = 0;
    let mut wrong = Vec::new();
    let mut table = String::new();
    for row in &rows {
        let mut line = format!("{:<36}", row.what);
        for (i, actor) in ACTORS.iter().enumerate() {
            let me = w
                .creds
                .get(actor)
                .map(|c| c.0.to_string())
                .unwrap_or_else(|| "0002".into());
            let path = w.fill(&row.path.replace("{self}", &me));
            let body: Option<Value> = match row.body {
                None => None,
                Some("USER") => {
                    let login = path.rsplit('/').next().unwrap_or_default().to_string();
                    let u: User = w.admin_get(&format!("/api/users/{login}")).await;
                    Some(
                        json!({"username": u.username, "first_name": u.first_name, "last_name": u.last_name,
                        "email": u.email, "roles": u.roles, "rights": u.rights, "login_allowed": u.login_allowed,
                        "phone": u.phone, "mobile": u.mobile, "version": u.version, "_v": u.version}),
                    )
                }
                Some("SAME_NAME") => {
                    let id = path.rsplit('/').next().unwrap_or_default().to_string();
                    let o: Value = w.admin_get(&format!("/api/objects/{id}")).await;
                    Some(json!({"name": o["name"]}))
                }
                Some(b) => {
                    let text = w.fill(b).replace("{actor}", &format!("{}", *actor as u32));
                    Some(serde_json::from_str(&text).expect("body json"))
                }
            };
            let (status, v) = if row.body == Some("USER") {
                // PUT with If-Match: the version as loaded just now.
                let b = body.unwrap();
                let url = format!("{}{}", w.ls.url(), path);
                let mut rq = w.http.put(&url).header("If-Match", b["_v"].to_string()).json(&b);
                if let Some(h) = w.usr(*actor) {
                    rq = rq.header("usr", h);
                }
                let resp = rq.send().await.unwrap();
                let s = resp.status().as_u16();
                (s, resp.json::<Value>().await.unwrap_or(Value::Null))
            } else {
                w.call(*actor, row.method, &path, body.as_ref()).await
            };
            if status == 200 && path.ends_with("/api-token") {
                let login = v["login"].as_str().unwrap_or_default().to_string();
                w.renewed(&login, v["token"].as_str().unwrap_or_default());
            }
            cells += 1;
            line.push_str(&format!(" {status:>4}"));
            if status != row.expect[i] {
                wrong.push(format!(
                    "{} by {actor}: got {status}, expected {} — {}",
                    row.what, row.expect[i], v["error"]["message"]
                ));
            }
            // A refusal for what the actor may not see names nothing but the id it sent.
            if status == 404 {
                let m = v["error"]["message"].as_str().unwrap_or_default();
                let plain = (m.starts_with("user ") || m.starts_with("object ") || m == "no such endpoint")
                    && !m.contains('(')
                    && !m.contains('«');
                assert!(
                    plain,
                    "{} by {actor}: a 404 that says more than 'not found': {m}",
                    row.what
                );
            }
            // Error answers always carry a message a person can act on.
            if status >= 400 {
                assert!(
                    v["error"]["message"].as_str().is_some_and(|m| m.len() > 8),
                    "{} by {actor}: {v}",
                    row.what
                );
            }
        }
        table.push_str(&line);
        table.push('\n');
    }
    if print || !wrong.is_empty() {
        println!(
            "{:<36} {}",
            "",
            ACTORS.iter().map(|a| format!("{a:>4}")).collect::<String>()
        );
        print!("{table}");
    }
    println!(
        "authorization matrix: {cells} cells checked ({} endpoints' rows × {} actors)",
        rows.len(),
        ACTORS.len()
    );
    assert!(wrong.is_empty(), "{} cells differ:\n{}", wrong.len(), wrong.join("\n"));
    // Nothing crossed dealers: Beta's manager's list holds no Alpha user, and the reverse.
    let (_, v) = w.call('B', "GET", "/api/users", None).await;
    let bl: UsersPage = serde_json::from_value(v).unwrap();
    assert!(bl
        .users
        .iter()
        .all(|u| u.dealer != "Alpha Systems" && u.dealer != "Alpha North"));
    let (_, v) = w.call('M', "GET", "/api/users", None).await;
    let ml: UsersPage = serde_json::from_value(v).unwrap();
    assert!(ml.users.iter().all(|u| u.dealer != "Beta Trade"));
}
