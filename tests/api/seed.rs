//! The data generator is reproducible from its seed number, and the full scale has its size.
use ls_console::server::seed::{seed_with, AdminCredentials};
use ls_console::server::Db;

fn admin() -> AdminCredentials {
    AdminCredentials {
        password: "admin-pw".into(),
        token: "admin-tok".into(),
        generated: false,
    }
}

fn snapshot(db: &Db) -> Vec<String> {
    db.with(|c| {
        let mut st = c
            .prepare("SELECT username || '|' || email || '|' || login_allowed FROM users ORDER BY login")
            .unwrap();
        let mut v: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        let mut st = c
            .prepare("SELECT kind || '|' || name FROM objects ORDER BY id")
            .unwrap();
        v.extend(st.query_map([], |r| r.get::<_, String>(0)).unwrap().map(|r| r.unwrap()));
        v
    })
}

#[test]
fn same_number_same_data_and_full_scale_counts() {
    let dir = tempfile::tempdir().unwrap();
    let open = |n: &str| Db::open(&dir.path().join(n)).unwrap();
    let (a, b, c) = (open("a.db"), open("b.db"), open("c.db"));
    seed_with(&a, "demo", admin(), 7).unwrap();
    seed_with(&b, "demo", admin(), 7).unwrap();
    seed_with(&c, "demo", admin(), 8).unwrap();
    assert_eq!(snapshot(&a), snapshot(&b));
    assert_ne!(snapshot(&a), snapshot(&c));
    let full = open("full.db");
    seed_with(&full, "full", admin(), 42).unwrap();
    let (users, units, groups, accounts): (i64, i64, i64, i64) = full.with(|c| {
        c.query_row(
            "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM objects WHERE kind='unit'), \
             (SELECT COUNT(*) FROM objects WHERE kind='unit_group'), (SELECT COUNT(*) FROM objects WHERE kind='account')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
    });
    assert_eq!(users, 9999);
    assert!((99_000..=101_000).contains(&units), "{units}");
    assert!((1_950..=2_050).contains(&groups), "{groups}");
    assert_eq!(accounts, 51, "50 dealer accounts and the vendor's");
    assert!(seed_with(&open("x.db"), "huge", admin(), 1).is_err());
}
