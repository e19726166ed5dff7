//! API tokens, aggregator licenses and the White Server check, over HTTP.
mod common;
use common::*;
use ls_console::domain::{Login, Role, UserDraft};
use ls_console::server::seed::{DEMO_AGGREGATOR, DEMO_BETA_MANAGER, DEMO_CLIENT, DEMO_MANAGER, DEMO_TEST4};

fn l(n: u16) -> Login {
    Login::new(n).unwrap()
}

#[tokio::test]
async fn who_may_see_a_token() {
    let ls = demo().await;
    let m = ls.manager();
    // Self, with an API role.
    assert_eq!(m.api_access(l(2)).await.unwrap().token, DEMO_MANAGER.token);
    // A manager with the right sees its aggregator's token and licenses.
    let agg = m.api_access(l(DEMO_AGGREGATOR.login)).await.unwrap();
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
    // A manager without the right sees its own token only.
    let created = ls
        .admin()
        .create_user(&UserDraft {
            username: "plain.manager".into(),
            first_name: "P".into(),
            last_name: "M".into(),
            email: "pm@example.com".into(),
            roles: vec![Role::DealerManager],
            dealer_id: Some(m.me().await.unwrap().user.dealer_id),
            login_allowed: true,
            password: Some("plain-pass".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let pm = ls.client(created.user.login.get(), "plain-pass", &created.credentials.api_token);
    assert_eq!(
        pm.api_access(created.user.login).await.unwrap().token,
        created.credentials.api_token
    );
    let e = pm.api_access(l(3)).await.unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert!(e.to_string().contains("API access token generation"));
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
    // A manager with the right renews it too; the audit log says so without the token.
    let again = ls.manager().renew_token(l(3)).await.unwrap();
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
    let agg = ls.manager().api_access(l(3)).await.unwrap();
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
}
