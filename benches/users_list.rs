//! SPEC §6 budgets for the users list: a filter keystroke and a 200×50 frame over 9,999 users.
use criterion::{criterion_group, criterion_main, Criterion};
use ls_console::api::{Me, UsersPage};
use ls_console::domain::query::{Column, UserIndex};
use ls_console::domain::{Language, Login, Mask, Role, Source, User};
use ls_console::tui::app::{App, Effect, Msg};
use ls_console::tui::request::{Reply, Req};
use ls_console::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::hint::black_box;

const FIRST: &[&str] = &["Иван", "Мария", "Пётр", "Анна", "John", "Laura", "Michael", "Sofia"];
const LAST: &[&str] = &[
    "Иванов",
    "Петрова",
    "Сидоров",
    "Smith",
    "Miller",
    "Кузнецова",
    "Brown",
    "Волков",
];

/// 9,999 users with mixed Cyrillic and Latin names, reproducible.
fn users() -> Vec<User> {
    (1..=9999u16)
        .map(|n| {
            let f = FIRST[(n as usize * 7) % FIRST.len()];
            let l = LAST[(n as usize * 13) % LAST.len()];
            User {
                login: Login::new(n).unwrap(),
                username: format!("{l} {}.{n}", f.chars().next().unwrap()),
                first_name: f.into(),
                last_name: l.into(),
                patronymic: String::new(),
                position: String::new(),
                city: "Moscow".into(),
                country: String::new(),
                comments: String::new(),
                email: format!("user{n}@dealer{}.example.com", n % 7),
                phone: format!("+7 495 {:03}-{:02}-{:02}", n % 1000, n % 100, n % 37),
                mobile: format!("+7 (9{:02}) {:03}-00-00", n % 100, n % 1000),
                dealer_id: (n % 5) as i64,
                dealer: format!("Dealer {}", n % 5),
                roles: vec![[Role::DealerUser, Role::Client, Role::SubDealer][n as usize % 3]],
                rights: vec![],
                object_groups: vec![],
                login_allowed: n % 17 != 0,
                source: if n % 9 == 0 { Source::External } else { Source::Ls },
                language: Language::En,
                version: 1,
                created_at: String::new(),
                updated_at: String::new(),
                object_id: 0,
                level: None,
                last_sign_in: None,
            }
        })
        .collect()
}

fn filter(c: &mut Criterion) {
    let idx = UserIndex::new(users());
    let all: Vec<usize> = (0..idx.len()).collect();
    let mut g = c.benchmark_group("filter_keystroke_9999");
    for (name, col, mask) in [
        ("substring_username", Column::Username, "иван"),
        ("wildcard_email", Column::Email, "*@dealer3.*"),
        ("question_login", Column::Login, "0?4?"),
    ] {
        let masks = vec![(col, Mask::new(mask))];
        g.bench_function(name, |b| b.iter(|| black_box(idx.refine(black_box(&all), &masks))));
    }
    g.finish();
}

/// The id of the request for `want` among `fx`.
fn asked(fx: &[Effect], want: fn(&Req) -> bool) -> u64 {
    fx.iter()
        .find_map(|e| match e {
            Effect::Request(id, r) if want(r) => Some(*id),
            _ => None,
        })
        .expect("the request was made")
}

fn app_with_users() -> App {
    let us = users();
    let (mut app, fx) = App::new(
        "bench".into(),
        Some(Language::En),
        Theme::default_colours(),
        Rect::new(0, 0, 200, 50),
    );
    let me = Me {
        user: us[1].clone(),
        effective_rights: vec![],
        grantable_roles: vec![],
    };
    // The list is asked for once the sign-in answered (the console's start asks `me` first).
    let fx = app.update(Msg::Reply(asked(&fx, |r| *r == Req::Me), Reply::Me(Ok(me))));
    let total = us.len();
    let page = UsersPage {
        users: us,
        total,
        revision: None,
        since: None,
    };
    app.update(Msg::Reply(asked(&fx, |r| *r == Req::Users), Reply::Users(Ok(page))));
    app
}

fn render(c: &mut Criterion) {
    let mut app = app_with_users();
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("render_users_200x50_9999", |b| {
        b.iter(|| {
            term.draw(|f| app.draw(f)).unwrap();
        })
    });
    // A keystroke end to end: type one more character into the Username search, then draw.
    app.update(Msg::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE)));
    app.update(Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    c.bench_function("keystroke_type_and_draw_9999", |b| {
        b.iter(|| {
            app.update(Msg::Key(KeyEvent::new(KeyCode::Char('и'), KeyModifiers::NONE)));
            app.update(Msg::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)));
            term.draw(|f| app.draw(f)).unwrap();
        })
    });
}

fn card_and_json(c: &mut Criterion) {
    let mut app = app_with_users();
    let u = users().into_iter().nth(41).unwrap();
    app.users_mut().select_login(u.login);
    let fx = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    app.update(Msg::Reply(
        asked(&fx, |r| matches!(r, Req::User(_))),
        Reply::User(Ok(u)),
    ));
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("render_card_200x50", |b| {
        b.iter(|| {
            term.draw(|f| app.draw(f)).unwrap();
        })
    });
    let us = users();
    let json = serde_json::to_vec(&UsersPage {
        total: us.len(),
        users: us,
        revision: None,
        since: None,
    })
    .unwrap();
    c.bench_function("json_decode_users_9999", |b| {
        b.iter(|| {
            black_box(
                serde_json::from_slice::<UsersPage>(black_box(&json))
                    .unwrap()
                    .users
                    .len(),
            )
        })
    });
}

criterion_group!(benches, filter, render, card_and_json);
criterion_main!(benches);
