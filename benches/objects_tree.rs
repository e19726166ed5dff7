//! SPEC §6: the objects tree mask over 100,000 objects (≤ 20 ms), and effective levels for one
//! user over all of them.
use criterion::{criterion_group, criterion_main, Criterion};
use ls_console::api::Object;
use ls_console::domain::graph::{Graph, Node};
use ls_console::domain::Login;
use ls_console::domain::{AccessLevel, Mask, ObjectKind};
use ls_console::tui::objects::tree::{Forest, ObjectTree};
use ls_console::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::collections::HashMap;
use std::hint::black_box;

const NAMES: &[&str] = &[
    "Fuel Station",
    "Burger Hut",
    "Ресторан «Берёза»",
    "Кафе «Уют»",
    "Pizza Roma",
    "Кофейня «Зерно»",
];
const CITIES: &[&str] = &["Moscow", "Kazan", "Riga", "Berlin", "Омск", "Prague"];

/// 50 accounts, 2,000 groups, 97,950 units: 100,000 objects, every unit in one group.
fn objects() -> (Vec<Object>, Vec<(i64, i64)>) {
    let mut out = Vec::with_capacity(100_000);
    let mut members = Vec::new();
    for a in 0..50i64 {
        out.push(Object {
            id: a + 1,
            kind: ObjectKind::Account,
            name: format!("Dealer {a}"),
            account_id: Some(a + 1),
            parent_ids: vec![],
            level: AccessLevel::Manage,
        });
    }
    for g in 0..2000i64 {
        let id = 1000 + g;
        out.push(Object {
            id,
            kind: ObjectKind::UnitGroup,
            name: format!("{} group {g}", CITIES[g as usize % 6]),
            account_id: Some(g % 50 + 1),
            parent_ids: vec![],
            level: AccessLevel::Manage,
        });
    }
    let mut id = 10_000i64;
    while out.len() < 100_000 {
        let g = (id % 2000) + 1000;
        out.push(Object {
            id,
            kind: ObjectKind::Unit,
            name: format!("{} {} #{}", NAMES[id as usize % 6], CITIES[(id / 7) as usize % 6], id),
            account_id: Some((g - 1000) % 50 + 1),
            parent_ids: vec![g],
            level: AccessLevel::Manage,
        });
        members.push((g, id));
        id += 1;
    }
    (out, members)
}

fn tree(c: &mut Criterion) {
    let (objs, members) = objects();
    let forest = Forest::new(objs.clone());
    let mut g = c.benchmark_group("tree_mask_100k");
    for m in ["Fuel*#1?", "*кафе*", "berlin"] {
        let mask = Mask::new(m);
        g.bench_function(m, |b| b.iter(|| black_box(forest.rows(Some(&mask)).len())));
    }
    g.finish();
    let graph = Graph::new(
        objs.iter()
            .map(|o| Node {
                id: o.id,
                kind: o.kind,
                name: o.name.clone(),
                account_id: o.account_id,
            })
            .collect(),
        &members,
    );
    let direct: HashMap<i64, AccessLevel> = (0..200)
        .map(|i| (1000 + i * 10, AccessLevel::View))
        .chain([(3, AccessLevel::Edit)])
        .collect();
    c.bench_function("effective_levels_100k", |b| {
        b.iter(|| black_box(graph.effective_all(&direct).len()))
    });
}

fn render(c: &mut Criterion) {
    let (objs, _) = objects();
    let forest = std::sync::Arc::new(Forest::new(objs));
    let mut t = ObjectTree::new(forest, Login::new(4).unwrap());
    t.mask = tui_input::Input::new("Fuel*".into());
    t.apply_mask();
    let theme = Theme::default_colours();
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("render_tree_200x50_100k", |b| {
        b.iter(|| {
            term.draw(|f| t.render(f, f.area(), &theme, "Objects")).unwrap();
        })
    });
}

criterion_group!(benches, tree, render);
criterion_main!(benches);
