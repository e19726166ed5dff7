//! Property-based fuzzing of everything that reads outside input: the wildcard matcher, the usr
//! header parser, config, keys and colour files, and the JSON request bodies and query strings
//! of every endpoint (against the real server: never a 5xx). Each test prints how many cases ran.
use crate::common;
use common::*;
use ls_console::domain::usr::{parse_usr, usr_header};
use ls_console::domain::wildcard::{fold_str, Mask};
use ls_console::domain::Login;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use std::time::Instant;

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Text that stresses the matcher: wildcards, Cyrillic, case, long runs.
fn mask_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[*?aAбБ ]{0,24}",
        "\\PC{0,40}",
        Just("*a*a*a*a*a*a*a*a*b".to_string()),
        Just("?".repeat(300)),
    ]
}

#[test]
fn wildcard_matcher_never_panics_or_hangs() {
    let mut r = runner(4000);
    let started = Instant::now();
    r.run(
        &(mask_text(), prop_oneof!["\\PC{0,60}", Just("a".repeat(5000))]),
        |(m, t)| {
            let mask = Mask::new(&m);
            let a = mask.matches(&t);
            // The folded fast path agrees with the plain one.
            prop_assert_eq!(a, mask.matches_folded(&fold_str(&t)));
            // A mask made from the text itself always matches it.
            prop_assert!(Mask::new(&t.replace(['*', '?'], "")).matches(&t.replace(['*', '?'], "")));
            Ok(())
        },
    )
    .unwrap();
    println!("fuzz wildcard: 4000 cases in {:?}", started.elapsed());
}

#[test]
fn usr_parser_never_panics_and_round_trips() {
    use base64::Engine;
    fn b64() -> base64::engine::GeneralPurpose {
        base64::engine::general_purpose::STANDARD
    }
    let mut r = runner(3000);
    r.run(
        &prop_oneof![
            "\\PC{0,80}".prop_map(|s| s),
            proptest::collection::vec(any::<u8>(), 0..120).prop_map(|b| b64().encode(b)),
            ("[0-9]{0,6}", "[0-9a-fA-F;]{0,40}", "[0-9a-fA-F]{0,40}")
                .prop_map(|(l, p, t)| b64().encode(format!("{l};{p};{t}"))),
        ],
        |s| {
            let _ = parse_usr(&s);
            Ok(())
        },
    )
    .unwrap();
    let mut r = runner(1000);
    r.run(&(1u16..=9999, "\\PC{0,20}", "\\PC{0,40}"), |(l, pw, tok)| {
        let login = Login::new(l).unwrap();
        let p = parse_usr(&usr_header(login, &pw, &tok)).expect("a made header parses");
        prop_assert_eq!(p.login, login);
        Ok(())
    })
    .unwrap();
    println!("fuzz usr header: 4000 cases");
}

/// TOML-ish text: real keys and sections mixed with noise.
fn tomlish() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "\\PC{0,30}",
        "(server|login|token|clipboard|theme|keys|mouse|bogus) = (\"[a-z:/.0-9]{0,12}\"|[0-9]{1,3}|true|\\[\\])",
        "\\[(colors|users|tree|card|global|api|nowhere)\\]",
        "(up|down|search|header|level_view|quit) = (\\[\"[A-Za-z-]{0,8}\"\\]|\"[a-z #0-9]{0,16}\")",
    ];
    proptest::collection::vec(line, 0..8).prop_map(|v| v.join("\n"))
}

#[test]
fn config_keys_and_colour_parsers_never_panic() {
    let mut r = runner(3000);
    r.run(&tomlish(), |text| {
        let _ = ls_console::config::parse(&text);
        let _ = ls_console::tui::keymap::KeyMap::with_overrides(&text, "fuzz.toml");
        for w in text.split('\n') {
            let _ = ls_console::tui::theme::parse_style(w);
        }
        Ok(())
    })
    .unwrap();
    // Valid entries do get through (the parsers are not refusing everything).
    assert!(ls_console::tui::keymap::KeyMap::with_overrides("[users]\nup = [\"k\"]", "x").is_ok());
    assert!(ls_console::config::parse("theme = \"256\"").is_ok());
    println!("fuzz config/keys/colours: 3000 cases");
}

/// Any JSON value, nested a little.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::String),
        prop_oneof![
            Just("view"),
            Just("manage"),
            Just("unit"),
            Just("DEALER_USER"),
            Just("0004"),
            Just("a@b.c")
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    "[a-z_]{1,10}",
                    Just("username".to_string()),
                    Just("email".to_string()),
                    Just("roles".to_string()),
                    Just("changes".to_string()),
                    Just("object_id".to_string()),
                    Just("level".to_string()),
                    Just("login".to_string()),
                    Just("name".to_string()),
                    Just("kind".to_string()),
                    Just("account_id".to_string()),
                    Just("members".to_string()),
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn every_endpoint_survives_arbitrary_bodies_and_queries() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let ls = rt.block_on(demo());
    let http = reqwest::Client::new();
    let usr = usr_header(Login::new(1).unwrap(), ADMIN_PW, ADMIN_TOKEN);
    let base = ls.url();
    let targets = [
        ("POST", "/api/dealers"),
        ("POST", "/api/users"),
        ("PUT", "/api/users/0004"),
        ("PUT", "/api/users/0004/access"),
        ("POST", "/api/objects"),
        ("PUT", "/api/objects/1"),
        ("PUT", "/api/objects/1/accessors"),
    ];
    let mut total = 0;
    let statuses = std::cell::RefCell::new(std::collections::BTreeMap::<u16, u32>::new());
    for (method, path) in targets {
        let mut r = runner(60);
        r.run(&(json(), any::<bool>()), |(body, if_match)| {
            let url = format!("{base}{path}");
            let rq = if method == "POST" {
                http.post(&url)
            } else {
                http.put(&url)
            };
            let mut rq = rq.header("usr", &usr).json(&body);
            if if_match {
                rq = rq.header("If-Match", "1");
            }
            let s = rt
                .block_on(async { rq.send().await.map(|r| r.status().as_u16()) })
                .expect("an answer");
            *statuses.borrow_mut().entry(s).or_insert(0) += 1;
            prop_assert!(s < 500, "{method} {path} with {body} → {s}");
            Ok(())
        })
        .unwrap();
        total += 60;
    }
    let gets = [
        "/api/users?",
        "/api/objects?",
        "/api/users/0004/access?",
        "/api/audit?",
        "/api/users/",
        "/api/objects/",
    ];
    for path in gets {
        let mut r = runner(60);
        r.run(&"\\PC{0,30}", |q| {
            let url = format!("{base}{path}{}", urlencode(&q));
            let s = rt
                .block_on(async {
                    http.get(&url)
                        .header("usr", &usr)
                        .send()
                        .await
                        .map(|r| r.status().as_u16())
                })
                .expect("an answer");
            *statuses.borrow_mut().entry(s).or_insert(0) += 1;
            prop_assert!(s < 500, "GET {url} → {s}");
            Ok(())
        })
        .unwrap();
        total += 60;
    }
    println!(
        "fuzz endpoints: {total} requests, statuses {:?}, no 5xx",
        statuses.borrow()
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'=' | b'&' | b'.' | b'*' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
