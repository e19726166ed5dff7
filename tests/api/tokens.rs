//! API tokens, aggregator licenses and the White Server check, over HTTP.
use crate::common;
use common::*;
use ls_console::domain::{Login, Role, UserDraft};
use ls_console::server::seed::{DEMO_AGGREGATOR, DEMO_BETA_MANAGER, DEMO_CLIENT, DEMO_MANAGER, DEMO_TEST4};

fn l(n: u16) -> Login {
    Login::new(n).unwrap()
}

async fn make(ls: &Ls, name: &str, role: Role, rights: &[&str]) -> (Login, ls_console::api::Client) {
    let dealer = ls.manager().me().await.unwrap().user.dealer_id;
    let created = ls
        .admin()
        .create_user(&UserDraft {
            username: name.into(),
            first_name: "P".into(),
            last_name: "M".into(),
            email: format!("{name}@example.com"),
            roles: vec![role],
            rights: rights.iter().map(|r| r.to_string()).collect(),
            dealer_id: Some(dealer),
            login_allowed: true,
            password: Some("plain-pass".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let login = created.user.login;
    (
        login,
        ls.client(login.get(), "plain-pass", &created.credentials.api_token),
    )
}

#[tokio::test]
async fn who_may_see_a_token() {
    let ls = demo().await;
    let m = ls.manager();
    // Self, with an API role and the right.
    assert_eq!(m.api_access(l(2)).await.unwrap().token, DEMO_MANAGER.token);
    // Another user's token only for one who may edit that user's card: the manager edits its
    // sub-dealer users, not the aggregator (a role only an administrator manages).
    let (sd, _) = make(&ls, "token.sub", Role::SubDealer, &[]).await;
    assert!(m.api_access(sd).await.unwrap().token.len() >= 64);
    let e = m.api_access(l(DEMO_AGGREGATOR.login)).await.unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert!(e.to_string().contains("AGGREGATOR, which you may not manage"), "{e}");
    let agg = ls.admin().api_access(l(DEMO_AGGREGATOR.login)).await.unwrap();
    assert_eq!(agg.token, DEMO_AGGREGATOR.token);
    assert_eq!(agg.licenses.len(), 3);
    assert_eq!(agg.licenses.iter().filter(|x| x.expired).count(), 1);
    // No API role: refused even for oneself.
    let e = ls
        .as_account(&DEMO_TEST4)
        .api_access(l(DEMO_TEST4.login))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert!(e.to_string().contains("AGGREGATOR, SUB_DEALER and DEALER_MANAGER"));
    // Other dealers and clients do not even see the user.
    assert_eq!(
        ls.as_account(&DEMO_BETA_MANAGER)
            .api_access(l(3))
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );
    assert_eq!(
        ls.as_account(&DEMO_CLIENT).api_access(l(3)).await.unwrap_err().status(),
        Some(404)
    );
    // The tab needs the right, for one's own token too (the seeds: "if there is the right").
    let (pl, pm) = make(&ls, "plain.manager", Role::DealerManager, &[]).await;
    let e = pm.api_access(pl).await.unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert!(e.to_string().contains("API access token generation"), "{e}");
    // A peer manager's token is not the manager's to read or renew, right or not.
    let (peer, peer_client) = make(&ls, "peer.manager", Role::DealerManager, &["USERS_API_TOKEN"]).await;
    for e in [
        m.api_access(peer).await.unwrap_err(),
        m.renew_token(peer).await.unwrap_err(),
    ] {
        assert_eq!(e.status(), Some(403));
        assert!(
            e.to_string().contains("DEALER_MANAGER, which you may not manage"),
            "{e}"
        );
    }
    assert!(peer_client.me().await.is_ok(), "the peer's credentials still work");
}

#[tokio::test]
async fn renewal_invalidates_the_old_token_at_once() {
    let ls = demo().await;
    let agg = ls.as_account(&DEMO_AGGREGATOR);
    assert!(agg.me().await.is_ok());
    let new = agg.renew_token(l(3)).await.unwrap();
    assert_ne!(new.token, DEMO_AGGREGATOR.token);
    assert!(new.token.len() >= 64);
    assert_eq!(
        agg.me().await.unwrap_err().status(),
        Some(401),
        "a USR built from the old token is refused"
    );
    let fresh = ls.client(3, DEMO_AGGREGATOR.password, &new.token);
    assert_eq!(fresh.me().await.unwrap().user.login, l(3));
    // The administrator renews it too; the audit log says so without the token.
    let again = ls.admin().renew_token(l(3)).await.unwrap();
    assert_eq!(fresh.me().await.unwrap_err().status(), Some(401));
    let audit = serde_json::to_string(&ls.admin().audit().await.unwrap()).unwrap();
    assert!(audit.contains("token.renew"));
    assert!(!audit.contains(&again.token) && !audit.contains(&new.token));
    // A dealer user cannot renew anyone's.
    let e = ls.as_account(&DEMO_TEST4).renew_token(l(3)).await.unwrap_err();
    assert!(matches!(e.status(), Some(403)), "{e}");
}

#[tokio::test]
async fn white_server_check() {
    let ls = demo().await;
    let agg = ls.admin().api_access(l(3)).await.unwrap();
    let valid = agg.licenses.iter().find(|x| !x.expired).unwrap();
    let expired = agg.licenses.iter().find(|x| x.expired).unwrap();
    let c = ls.manager();
    let got = c.ws_license(&valid.id).await.unwrap();
    assert_eq!(
        (got.product.as_str(), got.object.as_str()),
        (valid.product.as_str(), valid.object.as_str())
    );
    assert_eq!(c.ws_license(&format!("Token {}", valid.id)).await.unwrap().id, valid.id);
    let e = c.ws_license("00000000-0000-0000-0000-000000000000").await.unwrap_err();
    assert_eq!(e.status(), Some(401));
    assert!(e.to_string().contains("unknown aggregator license"));
    let e = c.ws_license(&expired.id).await.unwrap_err();
    assert_eq!(e.status(), Some(401));
    assert!(e.to_string().contains("expired"));
    // No usr header is needed for White Server calls.
    let r = ls
        .raw()
        .get(format!("{}/ws/v1/licenses/current", ls.url()))
        .header("AggregatorAuthentication", &valid.id)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Blocking the aggregator ends its licenses at once; unblocking brings them back.
    let admin = ls.admin();
    let set_allowed = |allowed: bool| {
        let admin = admin.clone();
        async move {
            let u = admin.user(l(3)).await.unwrap();
            let mut d = UserDraft::from(&u);
            d.login_allowed = allowed;
            admin.update_user(l(3), u.version, &d).await.unwrap();
        }
    };
    set_allowed(false).await;
    let e = c.ws_license(&valid.id).await.unwrap_err();
    assert_eq!(e.status(), Some(401));
    assert!(e.to_string().contains("no longer works"), "{e}");
    set_allowed(true).await;
    assert_eq!(c.ws_license(&valid.id).await.unwrap().id, valid.id);
}
