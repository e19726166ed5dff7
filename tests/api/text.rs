//! Untrusted text at the service (issue #31): a name holding a control, bidi, format or
//! default-ignorable character is refused with the field and the character named; a username
//! whose TS #39 skeleton is another user's of the same dealer is refused naming that user,
//! while the same name in another dealer is allowed.
use crate::common::*;
use ls_console::api::{Client, ClientError};
use ls_console::domain::{Role, UserDraft};
use ls_console::server::seed::DEMO_BETA_MANAGER;

fn draft(name: &str, email: &str) -> UserDraft {
    UserDraft {
        username: name.into(),
        first_name: "Nina".into(),
        last_name: "Novak".into(),
        email: email.into(),
        roles: vec![Role::DealerUser],
        login_allowed: true,
        password: Some("secret-pass".into()),
        ..Default::default()
    }
}

/// Status, field and message of an API refusal.
fn refusal(e: ClientError) -> (u16, Option<String>, String) {
    match e {
        ClientError::Api {
            status, message, field, ..
        } => (status, field, message),
        other => panic!("expected an API error, got {other:?}"),
    }
}

async fn total(c: &Client) -> usize {
    c.users(&Default::default()).await.expect("users").total
}

#[tokio::test]
async fn look_alike_names_are_refused_naming_the_field_and_the_character() {
    let ls = demo().await;
    let m = ls.manager();
    let before = total(&m).await;
    type Set = fn(&mut UserDraft);
    let cases: [(&str, &str, Set); 12] = [
        ("username", "U+200B", |d| d.username = "demo.manager\u{200B}".into()),
        ("username", "U+2060", |d| d.username = "demo.manager\u{2060}".into()),
        ("username", "U+FEFF", |d| d.username = "demo.manager\u{FEFF}".into()),
        ("username", "U+E0041", |d| d.username = "demo.manager\u{E0041}".into()),
        ("username", "U+00AD", |d| d.username = "demo.man\u{AD}ager".into()),
        ("username", "U+001B", |d| {
            d.username = "x\u{1b}]52;c;ZXZpbA==\u{7}".into()
        }),
        ("first_name", "U+200D", |d| d.first_name = "Ni\u{200D}na".into()),
        ("last_name", "U+202E", |d| d.last_name = "\u{202E}kavoN".into()),
        ("patronymic", "U+001B", |d| d.patronymic = "x\u{1b}[8m".into()),
        ("position", "U+E0001", |d| d.position = "boss\u{E0001}".into()),
        ("city", "U+2066", |d| d.city = "Omsk\u{2066}".into()),
        ("country", "U+FEFF", |d| d.country = "RU\u{FEFF}".into()),
    ];
    for (i, (field, code, set)) in cases.iter().enumerate() {
        let mut d = draft(&format!("look.alike{i}"), &format!("look{i}@example.com"));
        set(&mut d);
        let (status, f, msg) = refusal(m.create_user(&d).await.expect_err("refused"));
        assert_eq!((status, f.as_deref()), (400, Some(*field)), "{field} {code}: {msg}");
        assert!(msg.contains(code), "{field}: the character is named: {msg}");
    }
    assert_eq!(total(&m).await, before, "nothing was created");

    // A rename is held to the same rules.
    let t4 = m.user(login(4)).await.expect("Test4");
    let mut d = UserDraft::from(&t4);
    d.username = "Test4\u{200B}".into();
    let (status, f, msg) = refusal(m.update_user(t4.login, t4.version, &d).await.expect_err("refused"));
    assert_eq!((status, f.as_deref()), (400, Some("username")), "{msg}");
    assert!(msg.contains("U+200B"), "{msg}");
}

#[tokio::test]
async fn skeleton_twins_are_refused_in_the_same_dealer_and_allowed_in_another() {
    let ls = demo().await;
    let m = ls.manager();
    // `demo.manager` is 0002, of Alpha Systems, the manager's own dealer.
    for (i, twin) in ["demo.rnanager", "Demo.Manager", "DEM0.manager", "demo.manager"]
        .iter()
        .enumerate()
    {
        let (status, f, msg) = refusal(
            m.create_user(&draft(twin, &format!("twin{i}@example.com")))
                .await
                .expect_err("a twin is refused"),
        );
        assert_eq!((status, f.as_deref()), (400, Some("username")), "{twin}: {msg}");
        assert!(msg.contains("0002"), "{twin}: the look-alike's login is named: {msg}");
    }
    // The same name in another dealer passes for no one there.
    let beta = ls.as_account(&DEMO_BETA_MANAGER);
    let made = beta
        .create_user(&draft("demo.rnanager", "beta.twin@example.com"))
        .await
        .expect("another dealer's twin is allowed");
    assert_eq!(made.user.username, "demo.rnanager");
    // A plain new name is fine, and a second one like it is not.
    let nina = m
        .create_user(&draft("nina.clear", "nina.clear@example.com"))
        .await
        .expect("a name like no other");
    let (status, _, msg) = refusal(
        m.create_user(&draft("nina.cIear", "nina.c2@example.com"))
            .await
            .expect_err("I for l"),
    );
    assert_eq!(status, 400, "{msg}");
    assert!(msg.contains(&nina.user.login.to_string()), "{msg}");

    // A rename into a twin is refused; a rename of a user to its own name in other case is not.
    let t4 = m.user(login(4)).await.expect("Test4");
    let mut d = UserDraft::from(&t4);
    d.username = "dem0.manager".into();
    let (status, f, msg) = refusal(m.update_user(t4.login, t4.version, &d).await.expect_err("refused"));
    assert_eq!((status, f.as_deref()), (400, Some("username")), "{msg}");
    assert!(msg.contains("0002"), "{msg}");
    d.username = "TEST4".into();
    let renamed = m
        .update_user(t4.login, t4.version, &d)
        .await
        .expect("its own name, other case");
    assert_eq!(renamed.username, "TEST4");
    // Other edits of a user whose name has a twin from before keep working.
    let mut d = UserDraft::from(&renamed);
    d.position = "Engineer".into();
    m.update_user(renamed.login, renamed.version, &d)
        .await
        .expect("no rename: no check");
}
