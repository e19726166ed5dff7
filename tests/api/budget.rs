//! The request budget (issue #31): every request spends from its client address's bucket and a
//! signed-in one from its login's too, scans five times as much; over budget, 429 `too_many`
//! with Retry-After. Each test hammers a server with a small budget from loopback addresses of
//! its own (any 127.x.y.z is this machine) and checks that the hammering is refused while
//! everyone else is served: among them a signed-in bystander reading a card from an address of
//! its own throughout, whose reads' p50 and p99 each test prints in its line of figures.
use crate::bystander::{Bystander, Plan};
use crate::common;
use common::*;
use ls_console::domain::usr::usr_header;
use ls_console::server::budget::Rates;
use ls_console::server::seed::{self, AdminCredentials, DemoAccount, DEMO_BETA_MANAGER, DEMO_MANAGER, DEMO_TEST4};
use ls_console::server::{self, Db, Running, ServeOptions};
use std::net::IpAddr;
use std::time::Duration;

/// 20 units at once, one a second back: five scans, or twenty plain requests.
fn tight() -> ServeOptions {
    ServeOptions {
        rate: Some(Rates {
            per_second: 1.0,
            burst: 20.0,
        }),
        ..Default::default()
    }
}

async fn demo_with(opts: ServeOptions) -> (tempfile::TempDir, Running) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("ls.db")).expect("open db");
    let admin = AdminCredentials {
        password: ADMIN_PW.into(),
        token: ADMIN_TOKEN.into(),
        generated: false,
    };
    seed::seed(&db, "demo", admin).expect("seed");
    let running = server::start_with(db, "127.0.0.1:0", opts).await.expect("start");
    (dir, running)
}

/// A bystander reading a card from `addr` while the attack runs: `a` (a manager) reading its own
/// card when the attack spends the demo manager's login, else the demo manager reading Test4's.
/// Its own budget is tight too: one unmeasured read, then at most 15 (16 of the 20 units its
/// address and its login hold), 40 ms apart.
async fn start_bystander(r: &Running, addr: [u8; 4], a: Option<&DemoAccount>) -> Bystander {
    let plan = Plan::manager(addr).at_most(15, Duration::from_millis(40));
    let plan = match a {
        Some(a) => plan.reader(a, a.login),
        None => plan,
    };
    plan.start(&r.url()).await
}

/// A bare client whose connections come from `addr`.
fn from(addr: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from(addr))
        .build()
        .expect("client")
}

fn usr_of(a: &DemoAccount) -> String {
    usr_header(login(a.login), a.password, a.token)
}

fn admin_usr() -> String {
    usr_header(login(1), ADMIN_PW, ADMIN_TOKEN)
}

/// Sends what `req` builds until it is refused with 429, at most `max` times: how many were
/// served (200), and the refusal.
async fn until_refused(max: usize, req: impl Fn() -> reqwest::RequestBuilder) -> (usize, Option<reqwest::Response>) {
    let mut served = 0;
    for _ in 0..max {
        let r = req().send().await.expect("an answer");
        match r.status().as_u16() {
            200 => served += 1,
            429 => return (served, Some(r)),
            s => panic!("answered {s}: {}", r.text().await.unwrap_or_default()),
        }
    }
    (served, None)
}

/// A refusal of the request budget: 429 in the API's error shape, naming whose budget, with
/// Retry-After.
async fn is_budget_refusal(r: Option<reqwest::Response>, whose: &str) {
    let r = r.unwrap_or_else(|| panic!("{whose} was never refused"));
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    assert!(retry.is_some_and(|s| s >= 1), "Retry-After says when: {retry:?}");
    let b: serde_json::Value = r.json().await.expect("the API's error shape");
    assert_eq!(b["error"]["code"], "too_many", "{b}");
    let m = b["error"]["message"].as_str().unwrap_or_default();
    assert!(m.contains("request budget") && m.contains(whose), "{m}");
}

/// `usr` at `addr` gets 200 for `path`.
async fn served_at(r: &Running, addr: [u8; 4], usr: &str, path: &str) {
    let got = from(addr)
        .get(format!("{}{path}", r.url()))
        .header("usr", usr)
        .send()
        .await
        .expect("an answer");
    assert_eq!(got.status(), 200, "{path} from {addr:?}: {:?}", got.text().await);
}

#[tokio::test]
async fn one_address_hammering_is_refused_while_another_is_served() {
    let (_dir, running) = demo_with(tight()).await;
    let url = running.url();
    let hammer = from([127, 0, 0, 21]);
    let m = usr_of(&DEMO_MANAGER);
    // The hammer spends the manager's login too: Beta's manager is the bystander.
    let bystander = start_bystander(&running, [127, 0, 0, 23], Some(&DEMO_BETA_MANAGER)).await;
    // Scans as fast as they are answered: the burst holds four, then 429 at once.
    let (scans, refused) = until_refused(100, || hammer.get(format!("{url}/api/users")).header("usr", &m)).await;
    assert!((1..=6).contains(&scans), "{scans} scans served before the refusal");
    is_budget_refusal(refused, "address 127.0.0.21").await;
    // The cheapest request, without credentials, is counted per address too.
    let (health, refused) = until_refused(50, || hammer.get(format!("{url}/api/health"))).await;
    let reads = bystander.stop().await;
    reads.report(
        "one-address-hammering",
        "-",
        format!(
            "scans:1/{},health:{}/{}",
            scans + 1,
            usize::from(refused.is_some()),
            health + usize::from(refused.is_some())
        ),
        0,
    );
    is_budget_refusal(refused, "address 127.0.0.21").await;
    // Another address's users are served meanwhile.
    served_at(&running, [127, 0, 0, 22], &usr_of(&DEMO_TEST4), "/api/users").await;
    served_at(&running, [127, 0, 0, 22], &admin_usr(), "/api/me").await;
}

#[tokio::test]
async fn one_login_hammering_from_many_addresses_is_refused() {
    let (_dir, running) = demo_with(tight()).await;
    let url = running.url();
    let m = usr_of(&DEMO_MANAGER);
    // The hammer is the manager's login: Beta's manager is the bystander.
    let bystander = start_bystander(&running, [127, 0, 5, 1], Some(&DEMO_BETA_MANAGER)).await;
    // Three requests from each address: no address comes near its own budget of twenty.
    let mut refusal = None;
    let (mut served, mut addresses) = (0, 0);
    for i in 0..40u8 {
        addresses += 1;
        let c = from([127, 0, 1, 1 + i]);
        let (n, refused) = until_refused(3, || c.get(format!("{url}/api/users/0004")).header("usr", &m)).await;
        served += n;
        if refused.is_some() {
            refusal = refused;
            break;
        }
    }
    let reads = bystander.stop().await;
    reads.report(
        "one-login-many-addresses",
        "-",
        format!(
            "requests:{}/{},from-addresses:{addresses}",
            usize::from(refusal.is_some()),
            served + usize::from(refusal.is_some())
        ),
        0,
    );
    assert!(served >= 15, "the login's burst was served first: {served}");
    is_budget_refusal(refusal, "login 0002").await;
    // The addresses it used still serve others, and other logins are served.
    served_at(&running, [127, 0, 1, 1], &usr_of(&DEMO_TEST4), "/api/me").await;
    served_at(&running, [127, 0, 1, 90], &admin_usr(), "/api/users").await;
}

#[tokio::test]
async fn a_scan_costs_five_plain_requests() {
    let (_dir, running) = demo_with(tight()).await;
    let url = running.url();
    let (x, y) = (from([127, 0, 2, 1]), from([127, 0, 2, 2]));
    let t4 = usr_of(&DEMO_TEST4);
    // Test4's and the admin's logins are spent below, not the manager's.
    let bystander = start_bystander(&running, [127, 0, 2, 3], None).await;
    let (scans, refused) = until_refused(40, || x.get(format!("{url}/api/users")).header("usr", &t4)).await;
    is_budget_refusal(refused, "").await;
    let admin = admin_usr();
    let (plain, refused) = until_refused(100, || y.get(format!("{url}/api/me")).header("usr", &admin)).await;
    let reads = bystander.stop().await;
    reads.report(
        "scans-cost-five",
        "-",
        format!(
            "scans:1/{},plain:{}/{}",
            scans + 1,
            usize::from(refused.is_some()),
            plain + usize::from(refused.is_some())
        ),
        0,
    );
    is_budget_refusal(refused, "").await;
    assert!(
        scans <= 6 && plain >= 15 && plain >= 3 * scans,
        "{scans} scans against {plain} plain requests from the same budget"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_budget() {
    let (_dir, running) = demo_with(ServeOptions {
        trusted_proxies: vec!["127.0.0.1/32".parse().expect("cidr")],
        ..tight()
    })
    .await;
    let url = running.url();
    let proxy = from([127, 0, 0, 1]);
    // The manager reads from an address of its own, not the proxy's.
    let bystander = start_bystander(&running, [127, 0, 0, 24], None).await;
    let (proxied, refused) = until_refused(100, || {
        proxy
            .get(format!("{url}/api/health"))
            .header("x-forwarded-for", "203.0.113.7")
    })
    .await;
    is_budget_refusal(refused, "address 203.0.113.7").await;
    // Another client behind the same proxy is its own address.
    let r = proxy
        .get(format!("{url}/api/me"))
        .header("usr", usr_of(&DEMO_TEST4))
        .header("x-forwarded-for", "198.51.100.9")
        .send()
        .await
        .expect("an answer");
    let reads = bystander.stop().await;
    // Lost, here: the other client behind the proxy refused.
    reads.report(
        "proxied-client-budget",
        "-",
        format!("proxied:1/{}", proxied + 1),
        usize::from(r.status() != 200),
    );
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
}
