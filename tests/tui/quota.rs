//! A dealer's user quota (issue #31) on the card: the Dealer line says how many users the dealer
//! has of how many it may have, when a quota is set.
use crate::common;
use common::driver::Driver;
use common::*;
use ls_console::tui::theme::Theme;

#[tokio::test]
async fn the_cards_dealer_line_shows_the_quota() {
    let ls = demo().await;
    let admin = ls.admin();
    let alpha = admin
        .dealers_info()
        .await
        .expect("dealers")
        .into_iter()
        .find(|d| d.dealer.name == "Alpha Systems")
        .expect("Alpha Systems is a demo dealer");
    assert_eq!(alpha.user_quota, None, "no quota at first");
    let users = alpha.users.expect("the administrator gets the count");
    assert!(users > 0);
    // No quota: the name alone.
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("demo.manager").await;
    let s = d.screen();
    assert!(s.contains("Alpha Systems") && !s.contains("Alpha Systems ("), "{s}");
    // A quota set: the users against it.
    admin
        .set_dealer_quota(alpha.dealer.id, Some(500))
        .await
        .expect("the administrator sets a quota");
    let mut d = Driver::new(&ls, 140, 40, Theme::plain()).await;
    d.open_user("demo.manager").await;
    let want = format!("Alpha Systems ({users} of 500 users)");
    let s = d.screen();
    assert!(s.contains(&want), "{want}: {s}");
}
