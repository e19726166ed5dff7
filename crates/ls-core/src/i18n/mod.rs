//! The interface's words in English and Russian, with Project Fluent (`assets/i18n/{en,ru}/*.ftl`,
//! one file per part of the console). `t!("id")` or `t!("id", n = 5, login = "0004")` gives the
//! text in the language in effect.
//!
//! The language in effect belongs to the thread drawing the console: the app sets it from the
//! session (`--lang`, the config, else the viewer's own LS setting) at the start of every update
//! and draw, which never await, so everything they call — rooms, panes, status notes — speaks the
//! same language without passing it down. Tests in parallel threads each keep their own.
use crate::domain::Language;
use fluent_bundle::concurrent::FluentBundle;
pub use fluent_bundle::FluentArgs;
use fluent_bundle::FluentResource;
use std::cell::Cell;
use std::sync::OnceLock;

pub mod policy;
pub mod words;

/// Every part's words: (part, English, Russian). A test keeps the two sides' ids equal and every
/// id the code asks for present in both.
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "app",
        include_str!("../../../../assets/i18n/en/app.ftl"),
        include_str!("../../../../assets/i18n/ru/app.ftl"),
    ),
    (
        "users",
        include_str!("../../../../assets/i18n/en/users.ftl"),
        include_str!("../../../../assets/i18n/ru/users.ftl"),
    ),
    (
        "card",
        include_str!("../../../../assets/i18n/en/card.ftl"),
        include_str!("../../../../assets/i18n/ru/card.ftl"),
    ),
    (
        "objects",
        include_str!("../../../../assets/i18n/en/objects.ftl"),
        include_str!("../../../../assets/i18n/ru/objects.ftl"),
    ),
    (
        "object_card",
        include_str!("../../../../assets/i18n/en/object_card.ftl"),
        include_str!("../../../../assets/i18n/ru/object_card.ftl"),
    ),
    (
        "plan",
        include_str!("../../../../assets/i18n/en/plan.ftl"),
        include_str!("../../../../assets/i18n/ru/plan.ftl"),
    ),
    (
        "audit",
        include_str!("../../../../assets/i18n/en/audit.ftl"),
        include_str!("../../../../assets/i18n/ru/audit.ftl"),
    ),
    (
        "compare",
        include_str!("../../../../assets/i18n/en/compare.ftl"),
        include_str!("../../../../assets/i18n/ru/compare.ftl"),
    ),
    (
        "keys",
        include_str!("../../../../assets/i18n/en/keys.ftl"),
        include_str!("../../../../assets/i18n/ru/keys.ftl"),
    ),
    (
        "policy",
        include_str!("../../../../assets/i18n/en/policy.ftl"),
        include_str!("../../../../assets/i18n/ru/policy.ftl"),
    ),
    (
        "cli",
        include_str!("../../../../assets/i18n/en/cli.ftl"),
        include_str!("../../../../assets/i18n/ru/cli.ftl"),
    ),
];

thread_local! {
    static LANG: Cell<Language> = const { Cell::new(Language::En) };
}

/// The language this thread's console speaks from now on.
pub fn set(l: Language) {
    LANG.with(|c| c.set(l));
}

/// The language in effect on this thread.
pub fn current() -> Language {
    LANG.with(Cell::get)
}

struct Bundles {
    en: FluentBundle<FluentResource>,
    ru: FluentBundle<FluentResource>,
}

fn bundle(
    lang: &str,
    pick: fn(&(&'static str, &'static str, &'static str)) -> &'static str,
) -> FluentBundle<FluentResource> {
    let id = lang.parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks (U+2068/U+2069) around arguments would show as stray cells in a terminal.
    b.set_use_isolating(false);
    for f in FILES {
        // The files are compiled in and a test parses each one; a broken entry is skipped here
        // (its id then reads as itself) rather than taking the console down.
        let res = match FluentResource::try_new(pick(f).to_string()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        let _ = b.add_resource(res);
    }
    b
}

fn bundles() -> &'static Bundles {
    static B: OnceLock<Bundles> = OnceLock::new();
    B.get_or_init(|| Bundles {
        en: bundle("en", |f| f.1),
        ru: bundle("ru", |f| f.2),
    })
}

/// The text of `id` in `lang`, English when Russian lacks it, the id itself when both do.
pub fn text_in(lang: Language, id: &str, args: Option<&FluentArgs>) -> String {
    let b = bundles();
    let first = match lang {
        Language::Ru => &b.ru,
        Language::En => &b.en,
    };
    for bundle in [first, &b.en] {
        if let Some(p) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = vec![];
            return bundle.format_pattern(p, args, &mut errors).into_owned();
        }
    }
    id.to_string()
}

/// The text of `id` in the language in effect.
pub fn text(id: &str, args: Option<&FluentArgs>) -> String {
    text_in(current(), id, args)
}

/// Text in the language in effect: `t!("id")`, `t!("id", n = count, login = l.to_string())`.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::text($id, None)
    };
    ($id:literal, $($k:ident = $v:expr),+ $(,)?) => {{
        let mut a = $crate::i18n::FluentArgs::new();
        $( a.set(stringify!($k), $v); )+
        $crate::i18n::text($id, Some(&a))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;
    use std::collections::BTreeSet;

    fn ids(src: &str) -> BTreeSet<String> {
        let res = match FluentResource::try_new(src.to_string()) {
            Ok(r) => r,
            Err((_, e)) => panic!("a Fluent file does not parse: {e:?}"),
        };
        res.entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_words() {
        for (part, en, ru) in FILES {
            let (e, r) = (ids(en), ids(ru));
            let only_en: Vec<_> = e.difference(&r).collect();
            let only_ru: Vec<_> = r.difference(&e).collect();
            assert!(only_en.is_empty(), "{part}: not in Russian: {only_en:?}");
            assert!(only_ru.is_empty(), "{part}: not in English: {only_ru:?}");
        }
    }

    #[test]
    fn no_id_is_defined_twice() {
        let mut seen = BTreeSet::new();
        for (part, en, _) in FILES {
            for id in ids(en) {
                assert!(seen.insert(id.clone()), "{part}: {id} is defined in two files");
            }
        }
    }

    /// Every `t!("id"…)` in the sources names a word both languages have.
    #[test]
    fn every_id_the_code_asks_for_exists() {
        let mut all = BTreeSet::new();
        for (_, en, _) in FILES {
            all.extend(ids(en));
        }
        let mut missing = vec![];
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(p) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&p) else { continue };
            for e in rd.flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "rs") && !path.ends_with("i18n/mod.rs") {
                    let src = std::fs::read_to_string(&path).unwrap_or_default();
                    for (i, _) in src.match_indices("t!(") {
                        // `t!`, not `format!` or `print!`.
                        let before = src[..i].chars().next_back().unwrap_or(' ');
                        if before.is_alphanumeric() || before == '_' {
                            continue;
                        }
                        // rustfmt may put the id on the next line.
                        let rest = src[i + 3..].trim_start();
                        let Some(rest) = rest.strip_prefix('"') else { continue };
                        let id = rest.split('"').next().unwrap_or_default();
                        if id != "id" && !all.contains(id) {
                            missing.push(format!("{}: {id}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "ids with no words: {missing:#?}");
    }

    #[test]
    fn russian_plurals_follow_the_number() {
        let n = |k: i64| {
            let mut a = FluentArgs::new();
            a.set("n", k);
            text_in(Language::Ru, "users-count", Some(&a))
        };
        assert_eq!(n(1), "1 пользователь");
        assert_eq!(n(2), "2 пользователя");
        assert_eq!(n(5), "5 пользователей");
        assert_eq!(n(21), "21 пользователь");
        assert_eq!(n(12), "12 пользователей");
        let mut a = FluentArgs::new();
        a.set("n", 1);
        assert_eq!(text_in(Language::En, "users-count", Some(&a)), "1 user");
        a.set("n", 3);
        assert_eq!(text_in(Language::En, "users-count", Some(&a)), "3 users");
    }
}
