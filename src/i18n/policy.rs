//! The policy's refusals and the client's errors in the interface's language.
//!
//! The domain's `Reason` and the client's `ClientError` speak English in their `Display`: the
//! server and the CLI print that. The console says them here instead, in the language in effect
//! (`assets/i18n/{en,ru}/policy.ftl`); the English reads byte for byte as the `Display` does (the
//! tests below compare them for every kind of refusal and error).
//!
//! What a refusal carries as data stays as it is: logins, ids, names, right and role codes. The
//! free-text phrases the policy passes (`to: "editing other users"`, `what: "roles"`, the kind
//! in `unit 12 (Cafe #1)`) are matched to their words; a phrase with no words yet reads in
//! English. A server's own message (it answers in English) is shown as it came; what the
//! client itself says around it is translated.
use crate::api::{ClientError, ErrorCode};
use crate::domain::policy::{Denied, Reason};
use crate::domain::role::roles_text;
use crate::domain::{AccessLevel, Language};

/// A refusal, as the console says it.
pub fn denied(d: &Denied) -> String {
    reason(&d.reason)
}

/// Why the policy says no, in the language in effect; in English, its `Display`.
pub fn reason(r: &Reason) -> String {
    match r {
        Reason::ReadOnly(why) => crate::t!("policy-read-only", why = read_only_why(why)),
        Reason::NoSuchUser(l) => crate::t!("policy-no-such-user", login = l.to_string()),
        Reason::NoSuchObject(id) => crate::t!("policy-no-such-object", id = id.to_string()),
        Reason::Blocked(l) => crate::t!("policy-blocked", login = l.to_string()),
        Reason::LicenseRevoked => crate::t!("policy-license-revoked"),
        Reason::LacksRight { right, name, to } => crate::t!(
            "policy-lacks-right",
            to = purpose(to),
            name = right_name(right, name),
            right = *right,
        ),
        Reason::LacksRole { roles, to } => crate::t!("policy-lacks-role", to = purpose(to), roles = any_of(roles)),
        Reason::Level { need, have, on, to } => crate::t!(
            "policy-level",
            need = level(*need),
            on = label(on),
            to = purpose(to),
            have = level(*have),
        ),
        Reason::OwnCard { what } => match own(what) {
            Some(w) => crate::t!("policy-own-card", what = w),
            None => crate::t!("policy-own-card-other", what = *what),
        },
        Reason::Outranked { login, role } => {
            crate::t!("policy-outranked", login = login.to_string(), role = role.as_str())
        }
        Reason::RoleNotGrantable { role, grantable } if grantable.is_empty() => {
            crate::t!("policy-role-not-grantable-none", role = role.as_str())
        }
        Reason::RoleNotGrantable { role, grantable } => crate::t!(
            "policy-role-not-grantable-some",
            role = role.as_str(),
            grantable = roles_text(grantable),
        ),
        Reason::RightNotHeld { right } => crate::t!("policy-right-not-held", right = right.as_str()),
        Reason::OtherDealer => crate::t!("policy-other-dealer"),
        Reason::NoSuchDealer(id) => crate::t!("policy-no-such-dealer", id = id.to_string()),
        Reason::NoApiAccess(l) => crate::t!("policy-no-api-access", login = l.to_string()),
        Reason::Unsaved => crate::t!("policy-unsaved"),
        Reason::NotCreatable(k) => crate::t!("policy-not-creatable", kind = k.as_str()),
        Reason::NotAnAccount(id) => crate::t!("policy-not-an-account", id = id.to_string()),
        Reason::UnitHasNoMembers => crate::t!("policy-unit-has-no-members"),
        Reason::NotAGroup { on } => crate::t!("policy-not-a-group", on = label(on)),
        Reason::NotAUnit { on } => crate::t!("policy-not-a-unit", on = label(on)),
        Reason::OtherAccount { on } => crate::t!("policy-other-account", on = label(on)),
        // `rules.rs` names a grant on an object of no dealer so.
        Reason::OutOfReach { login, dealer } if dealer == "no dealer" => {
            crate::t!("policy-out-of-reach-no-dealer", login = login.to_string())
        }
        Reason::OutOfReach { login, dealer } => {
            crate::t!(
                "policy-out-of-reach",
                login = login.to_string(),
                dealer = dealer_name(dealer)
            )
        }
        Reason::Twice(what) => crate::t!("policy-twice", what = what.as_str()),
    }
}

/// Why a session is read-only: `profile prod` (the console's and the CLI's words), else as given
/// (`--read-only`).
fn read_only_why(why: &str) -> String {
    match why.strip_prefix("profile ") {
        Some(name) => crate::t!("policy-profile", name = name),
        None => why.to_string(),
    }
}

/// What a right, a role or a level is needed for: every phrase `rules.rs` passes as `to` (a
/// test finds them there), else the phrase itself.
fn purpose(to: &str) -> String {
    match to {
        // Needing a right or a role: "{to} needs the right …".
        "editing other users" => crate::t!("policy-to-editing-other-users"),
        "blocking users" => crate::t!("policy-to-blocking-users"),
        "creating users" => crate::t!("policy-to-creating-users"),
        "reading or renewing API access tokens" => crate::t!("policy-to-reading-or-renewing-tokens"),
        "setting access levels" => crate::t!("policy-to-setting-access-levels"),
        "creating objects" => crate::t!("policy-to-creating-objects"),
        "changing objects" => crate::t!("policy-to-changing-objects"),
        "reading the audit log" => crate::t!("policy-to-reading-the-audit-log"),
        "creating dealers" => crate::t!("policy-to-creating-dealers"),
        "setting a dealer's user quota" => crate::t!("policy-to-setting-user-quota"),
        // Needing a level: "you need … on … to {to}".
        "edit the user" => crate::t!("policy-to-edit-the-user"),
        "create users in it" => crate::t!("policy-to-create-users-in-it"),
        "set its access" => crate::t!("policy-to-set-its-access"),
        "set access to it" => crate::t!("policy-to-set-access-to-it"),
        "create objects in it" => crate::t!("policy-to-create-objects-in-it"),
        "change it" => crate::t!("policy-to-change-it"),
        "put it in or take it out of a group" => crate::t!("policy-to-put-in-or-take-out-of-group"),
        other => other.to_string(),
    }
}

/// What of one's own card one may not change: every `what` the policy passes, `None` for one
/// with no words yet.
fn own(what: &str) -> Option<String> {
    Some(match what {
        "roles" => crate::t!("policy-own-roles"),
        "rights" => crate::t!("policy-own-rights"),
        "Login allowed" => crate::t!("policy-own-login-allowed"),
        "access levels upwards (you may lower them)" => crate::t!("policy-own-levels-upwards"),
        _ => return None,
    })
}

/// Role codes the policy joins with "or" (`ADMIN or DEALER_MANAGER`): the codes as they are.
fn any_of(roles: &str) -> String {
    let or = format!(" {} ", crate::t!("policy-or"));
    roles.split(" or ").collect::<Vec<_>>().join(&or)
}

/// A right's name in the catalogue (`assets/rights.toml`) in the language in effect; the name
/// the refusal carries (the English one, or the code) when the catalogue lacks the right.
fn right_name(code: &str, en: &str) -> String {
    match crate::i18n::current() {
        Language::En => en.to_string(),
        lang => crate::domain::rights::find(code)
            .map_or(en, |r| r.name.get(lang))
            .to_string(),
    }
}

fn level(l: AccessLevel) -> String {
    match l {
        AccessLevel::None => crate::t!("policy-level-none"),
        AccessLevel::View => crate::t!("policy-level-view"),
        AccessLevel::Execute => crate::t!("policy-level-execute"),
        AccessLevel::Edit => crate::t!("policy-level-edit"),
        AccessLevel::Manage => crate::t!("policy-level-manage"),
    }
}

/// How a refusal names an object (`Obj::label`: `unit group 5 (North cafes)`) or a user
/// (`user 0007`): its kind in words, the id and name as they are.
fn label(on: &str) -> String {
    // "unit group " before "unit ".
    let (kind, rest) = if let Some(rest) = on.strip_prefix("unit group ") {
        (crate::t!("policy-kind-unit-group"), rest)
    } else if let Some(rest) = on.strip_prefix("unit ") {
        (crate::t!("policy-kind-unit"), rest)
    } else if let Some(rest) = on.strip_prefix("account ") {
        (crate::t!("policy-kind-account"), rest)
    } else if let Some(rest) = on.strip_prefix("user ") {
        (crate::t!("policy-kind-user"), rest)
    } else {
        return on.to_string();
    };
    format!("{kind} {rest}")
}

/// A dealer as `DealerTree::name` gives it: its name, or `dealer 42` when the tree lacks it.
fn dealer_name(dealer: &str) -> String {
    match dealer.strip_prefix("dealer ") {
        Some(id) if is_number(id) => crate::t!("policy-dealer-id", id = id),
        _ => dealer.to_string(),
    }
}

fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Why nothing is enabled before the sign-in answered (`tui::viewer::NOT_YET` in English).
pub fn not_yet() -> String {
    crate::t!("policy-not-yet")
}

/// What the client's `Display` says before a non-API error page (`ls-api` `client.rs`).
const SERVER_ANSWERED: &str = "the server answered ";
/// The client's own `Config` errors (`Client::for_server`, `Client::build`, `pack`).
const INSECURE_REMOTE: &str =
    "--insecure is only allowed for a server on this machine (127.0.0.1, ::1, localhost), not ";
const BAD_ADDRESS: (&str, &str) = ("server address '", "' must start with http:// or https://");
const CANNOT_COMPRESS: &str = "cannot compress the request: ";

/// A request's failure, as the console says it; in English, the error's `Display`. The server's
/// own message (an `Api` error's) is kept as it came.
pub fn client_error(e: &ClientError) -> String {
    match e {
        // An answer that was not the API's (a proxy's page): the client put the words around it;
        // the API's own answer is the server's message, as it came.
        ClientError::Api { code, message, .. } => {
            match message
                .strip_prefix(SERVER_ANSWERED)
                .filter(|_| *code == ErrorCode::Other)
            {
                // The status ("502 Bad Gateway") holds no ": "; the page's text may.
                Some(rest) => match rest.split_once(": ") {
                    Some((status, text)) => {
                        crate::t!("policy-client-server-answered-text", status = status, text = text)
                    }
                    None => crate::t!("policy-client-server-answered", status = rest),
                },
                // The server speaks English; in another language the console says what the
                // answer's code means (a refusal's own words are the policy's, shown as sent).
                None => match (crate::i18n::current(), code) {
                    (Language::En, _) => message.clone(),
                    (_, ErrorCode::Unauthorized) => crate::t!("policy-client-unauthorized"),
                    (_, ErrorCode::Unavailable) => crate::t!("policy-client-unavailable"),
                    (_, ErrorCode::Timeout) => crate::t!("policy-client-server-timeout"),
                    (_, ErrorCode::Internal) => crate::t!("policy-client-internal"),
                    (_, ErrorCode::Limit) => crate::t!("policy-client-limit"),
                    (_, ErrorCode::TooLarge) => crate::t!("policy-client-too-large"),
                    _ => message.clone(),
                },
            }
        }
        ClientError::Network(detail) => crate::t!("policy-client-network", detail = detail.as_str()),
        ClientError::Timeout => crate::t!("policy-client-timeout"),
        ClientError::Decode(detail) => crate::t!("policy-client-decode", detail = decode_detail(detail)),
        ClientError::Config(m) => config(m),
    }
}

/// What did not parse: the client's own words translated, a parser's as they are.
fn decode_detail(m: &str) -> String {
    match m {
        "304 for an answer never asked" => crate::t!("policy-client-not-modified-unasked"),
        "an event larger than 1 MiB" => crate::t!("policy-client-event-too-large"),
        _ => match m.strip_prefix("the event stream answered ") {
            Some(status) => crate::t!("policy-client-stream-answered", status = status),
            None => m.to_string(),
        },
    }
}

/// A client that could not be made: the client's own words translated, others (the HTTP
/// library's) as they are.
fn config(m: &str) -> String {
    if let Some(base) = m.strip_prefix(INSECURE_REMOTE) {
        return crate::t!("policy-client-insecure-remote", base = base);
    }
    if let Some(base) = m
        .strip_prefix(BAD_ADDRESS.0)
        .and_then(|r| r.strip_suffix(BAD_ADDRESS.1))
    {
        return crate::t!("policy-client-bad-address", base = base);
    }
    if let Some(detail) = m.strip_prefix(CANNOT_COMPRESS) {
        return crate::t!("policy-client-cannot-compress", detail = detail);
    }
    m.to_string()
}

/// Where an effective level comes from, as `w` says it; `name` names an object by its id.
pub fn level_source(s: crate::domain::LevelSource, name: impl Fn(i64) -> String) -> String {
    use crate::domain::LevelSource as S;
    match s {
        S::Direct { .. } => crate::t!("tree-why-direct"),
        S::Group { object_id } => crate::t!("tree-why-group", name = crate::i18n::words::quoted(&name(object_id))),
        S::Account { object_id } => crate::t!("tree-why-account", name = crate::i18n::words::quoted(&name(object_id))),
        S::Role { role, object_id } => crate::t!(
            "tree-why-role",
            role = role.as_str(),
            name = crate::i18n::words::quoted(&name(object_id))
        ),
        S::Hidden => crate::t!("tree-why-hidden"),
    }
}

/// Every source of a level, joined (`sources` of an access entry; `first` when a server sent
/// none). Empty sources and none reaching: "no grant reaches it".
pub fn level_sources(
    sources: &[crate::domain::LevelSource],
    first: Option<crate::domain::LevelSource>,
    name: impl Fn(i64) -> String,
) -> String {
    let all: Vec<crate::domain::LevelSource> = match (sources, first) {
        ([], Some(f)) => vec![f],
        (s, _) => s.to_vec(),
    };
    if all.is_empty() {
        return crate::t!("tree-why-none");
    }
    all.into_iter()
        .map(|s| level_source(s, &name))
        .collect::<Vec<_>>()
        .join(crate::t!("tree-why-and").as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::DeniedKind;
    use crate::domain::{Login, ObjectKind, Role};
    use crate::i18n::set;
    use std::collections::BTreeSet;

    /// Runs of four or more ASCII letters left in `text` once the data passed in (codes, logins,
    /// names, the server's words) is taken out: English that should have been Russian.
    fn english_words(text: &str, data: &[String]) -> Vec<String> {
        let mut data: Vec<&String> = data.iter().filter(|d| !d.is_empty()).collect();
        data.sort_by_key(|d| std::cmp::Reverse(d.len()));
        let mut t = text.to_string();
        for d in data {
            t = t.replace(d.as_str(), " ");
        }
        let mut out = vec![];
        let mut run = String::new();
        for c in t.chars().chain([' ']) {
            if c.is_ascii_alphabetic() {
                run.push(c);
            } else {
                if run.len() >= 4 {
                    out.push(run.clone());
                }
                run.clear();
            }
        }
        out
    }

    fn has_cyrillic(s: &str) -> bool {
        s.chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)) || c == 'ё')
    }

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_english_check_can_fail() {
        assert_eq!(
            english_words("пользователь user 0004 не найден", &strs(&["0004"])),
            ["user"]
        );
        assert_eq!(english_words("нужно право USERS_VIEW", &[]), ["USERS", "VIEW"]);
        assert!(english_words("нужно право USERS_VIEW", &strs(&["USERS_VIEW"])).is_empty());
        assert_eq!(english_words("для creating users нужно", &[]), ["creating", "users"]);
        assert_eq!(english_words("вход (Cafe #1): edit", &strs(&["Cafe #1"])), ["edit"]);
        // Three letters pass (API, SOS); the end of the text counts.
        assert!(english_words("доступ к API", &[]).is_empty());
        assert_eq!(english_words("уровень view", &[]), ["view"]);
        assert!(has_cyrillic("Вход") && !has_cyrillic("view"));
    }

    /// The policy's sources (not its tests), where every phrase it passes is written.
    fn domain_src() -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/ls-domain/src/policy");
        let mut src = String::new();
        for e in std::fs::read_dir(dir).expect("the policy's sources").flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("tests.rs") {
                src.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
                src.push('\n');
            }
        }
        assert!(
            src.contains("fn need_right"),
            "the policy's sources were not read from {dir}"
        );
        src
    }

    /// The literal right after each `marker` that ends in a quote (`to: "`).
    fn literals(src: &str, marker: &str) -> BTreeSet<String> {
        src.match_indices(marker)
            .filter_map(|(i, _)| src[i + marker.len()..].split('"').next())
            .map(str::to_string)
            .collect()
    }

    /// The last argument of each call `marker` (`need_level(`) when it is a literal
    /// (`need_right("USERS_CREATE", to)` passes a variable: not one).
    fn last_arguments(src: &str, marker: &str) -> BTreeSet<String> {
        src.match_indices(marker)
            .filter_map(|(i, _)| {
                let args = src[i + marker.len()..].split(')').next()?;
                let args = args.trim_end().trim_end_matches(',').trim_end();
                let inner = args.strip_suffix('"')?;
                let start = inner.rfind('"')?;
                Some(inner[start + 1..].to_string())
            })
            .collect()
    }

    /// Every `to` phrase the policy passes: to `LacksRight` and `LacksRole` (`to: "…"`, `let to
    /// = "…"`, `need_right(code, "…")`) and to `Level` (`need_level(…, "…")`).
    fn purposes(src: &str) -> BTreeSet<String> {
        let mut s = literals(src, "to: \"");
        s.extend(literals(src, "let to = \""));
        for call in ["need_right(", "need_level(", "need_user_level("] {
            s.extend(last_arguments(src, call));
        }
        s
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_string().into_boxed_str())
    }

    #[test]
    fn every_phrase_the_policy_passes_has_words() {
        let src = domain_src();
        let tos = purposes(&src);
        assert!(
            tos.len() >= 16,
            "found too few `to` phrases, is the search broken? {tos:?}"
        );
        let whats = literals(&src, "what: \"");
        assert!(whats.len() >= 4, "found too few `what` phrases: {whats:?}");
        let roles = literals(&src, "roles: \"");
        assert!(roles.len() >= 3, "found too few `roles`: {roles:?}");
        for p in &tos {
            set(Language::En);
            assert_eq!(purpose(p), *p);
            set(Language::Ru);
            let ru = purpose(p);
            assert_ne!(ru, *p, "`{p}` has no Russian words in policy.ftl (add it to `purpose`)");
            assert!(english_words(&ru, &[]).is_empty(), "`{p}` → `{ru}`");
        }
        for w in &whats {
            set(Language::En);
            assert_eq!(
                own(w).as_deref(),
                Some(w.as_str()),
                "`{w}` has no words (add it to `own`)"
            );
            set(Language::Ru);
            let ru = own(w).unwrap_or_default();
            assert!(
                has_cyrillic(&ru) && english_words(&ru, &[]).is_empty(),
                "`{w}` → `{ru}`"
            );
        }
        for r in &roles {
            let codes: Vec<String> = Role::ALL.iter().map(|r| r.as_str().to_string()).collect();
            set(Language::En);
            assert_eq!(any_of(r), *r);
            set(Language::Ru);
            let ru = any_of(r);
            assert!(english_words(&ru, &codes).is_empty(), "`{r}` → `{ru}`");
        }
    }

    /// Which variant: a new one does not compile here until it is counted (and covered below).
    fn variant(r: &Reason) -> usize {
        match r {
            Reason::ReadOnly(_) => 0,
            Reason::NoSuchUser(_) => 1,
            Reason::NoSuchObject(_) => 2,
            Reason::Blocked(_) => 3,
            Reason::LicenseRevoked => 4,
            Reason::LacksRight { .. } => 5,
            Reason::LacksRole { .. } => 6,
            Reason::Level { .. } => 7,
            Reason::OwnCard { .. } => 8,
            Reason::Outranked { .. } => 9,
            Reason::RoleNotGrantable { .. } => 10,
            Reason::RightNotHeld { .. } => 11,
            Reason::OtherDealer => 12,
            Reason::NoSuchDealer(_) => 13,
            Reason::NoApiAccess(_) => 14,
            Reason::Unsaved => 15,
            Reason::NotCreatable(_) => 16,
            Reason::NotAnAccount(_) => 17,
            Reason::UnitHasNoMembers => 18,
            Reason::NotAGroup { .. } => 19,
            Reason::NotAUnit { .. } => 20,
            Reason::OtherAccount { .. } => 21,
            Reason::OutOfReach { .. } => 22,
            Reason::Twice(_) => 23,
        }
    }
    const REASONS: usize = 24;

    /// Every kind of refusal, with every phrase the policy passes, every right of the catalogue,
    /// every role, level and object kind; each with the data it carries (what Russian keeps).
    fn cases() -> Vec<(Reason, Vec<String>)> {
        let src = domain_src();
        let tos: Vec<&'static str> = purposes(&src).iter().map(|s| leak(s)).collect();
        let whats: Vec<&'static str> = literals(&src, "what: \"").iter().map(|s| leak(s)).collect();
        let role_sets: Vec<&'static str> = literals(&src, "roles: \"").iter().map(|s| leak(s)).collect();
        let role_codes: Vec<String> = Role::ALL.iter().map(|r| r.as_str().to_string()).collect();
        let l = Login::new(4).unwrap();
        let login = || strs(&["0004"]);
        // (label, its data): as `Obj::label` and `need_user_level` write them.
        let labels: Vec<(String, Vec<String>)> = vec![
            ("account 3 (Dealer North)".into(), strs(&["Dealer North"])),
            ("unit group 5 (North cafes)".into(), strs(&["North cafes"])),
            (
                "unit group -1 (Copy of North cafes)".into(),
                strs(&["Copy of North cafes"]),
            ),
            ("unit 12 (Cafe #1)".into(), strs(&["Cafe #1"])),
            ("user 7 (Ivan Petrov)".into(), strs(&["Ivan Petrov"])),
            ("user 0007".into(), vec![]),
        ];
        let catalog = crate::domain::rights::catalog();
        assert!(!catalog.is_empty());
        let mut v: Vec<(Reason, Vec<String>)> = vec![
            (Reason::ReadOnly("profile prod".into()), strs(&[":write", "prod"])),
            (Reason::ReadOnly("--read-only".into()), strs(&[":write", "--read-only"])),
            (Reason::NoSuchUser(l), login()),
            (Reason::NoSuchObject(31), vec![]),
            (Reason::Blocked(l), login()),
            (Reason::LicenseRevoked, vec![]),
            (Reason::OtherDealer, vec![]),
            (Reason::NoSuchDealer(77), vec![]),
            (Reason::NoApiAccess(l), [login(), role_codes.clone()].concat()),
            (Reason::Unsaved, vec![]),
            (Reason::NotAnAccount(11), vec![]),
            (Reason::UnitHasNoMembers, vec![]),
            (Reason::Twice("0004".into()), login()),
            (Reason::Twice("Cafe #1".into()), strs(&["Cafe #1"])),
        ];
        for r in catalog {
            let code: &'static str = r.code.as_str();
            let name: &'static str = r.name.en.as_str();
            for &to in &tos {
                // The English name is not data: Russian says the catalogue's Russian one.
                v.push((Reason::LacksRight { right: code, name, to }, strs(&[code])));
            }
            v.push((Reason::RightNotHeld { right: code.into() }, strs(&[code])));
        }
        // A right the catalogue lacks is named by its code.
        v.push((
            Reason::LacksRight {
                right: "FUTURE_RIGHT",
                name: "FUTURE_RIGHT",
                to: "blocking users",
            },
            strs(&["FUTURE_RIGHT"]),
        ));
        for &roles in &role_sets {
            for &to in &tos {
                v.push((Reason::LacksRole { roles, to }, role_codes.clone()));
            }
        }
        for need in AccessLevel::ALL {
            for have in AccessLevel::ALL {
                let (on, data) = &labels[3];
                v.push((
                    Reason::Level {
                        need,
                        have,
                        on: on.clone(),
                        to: "edit the user",
                    },
                    data.clone(),
                ));
            }
        }
        for &to in &tos {
            for (on, data) in &labels {
                v.push((
                    Reason::Level {
                        need: AccessLevel::Manage,
                        have: AccessLevel::View,
                        on: on.clone(),
                        to,
                    },
                    data.clone(),
                ));
            }
        }
        for &what in &whats {
            v.push((Reason::OwnCard { what }, vec![]));
        }
        let grantable = vec![Role::DealerUser, Role::Client, Role::SubDealer];
        for role in Role::ALL {
            v.push((
                Reason::Outranked { login: l, role },
                [login(), role_codes.clone()].concat(),
            ));
            for g in [vec![], grantable.clone()] {
                v.push((Reason::RoleNotGrantable { role, grantable: g }, role_codes.clone()));
            }
        }
        for k in [
            ObjectKind::Account,
            ObjectKind::UnitGroup,
            ObjectKind::Unit,
            ObjectKind::User,
        ] {
            v.push((Reason::NotCreatable(k), vec![]));
        }
        for (on, data) in &labels {
            v.push((Reason::NotAGroup { on: on.clone() }, data.clone()));
            v.push((Reason::NotAUnit { on: on.clone() }, data.clone()));
            v.push((Reason::OtherAccount { on: on.clone() }, data.clone()));
        }
        // A dealer by name, one the tree lacks (`DealerTree::name`), and none (`rules.rs`).
        for (dealer, data) in [
            ("Dealer South", strs(&["Dealer South"])),
            ("dealer 42", vec![]),
            ("no dealer", vec![]),
        ] {
            v.push((
                Reason::OutOfReach {
                    login: l,
                    dealer: dealer.into(),
                },
                [login(), data].concat(),
            ));
        }
        v
    }

    #[test]
    fn the_cases_cover_every_reason() {
        let seen: BTreeSet<usize> = cases().iter().map(|(r, _)| variant(r)).collect();
        let all: BTreeSet<usize> = (0..REASONS).collect();
        assert_eq!(seen, all, "a kind of refusal has no case");
    }

    #[test]
    fn refusals_in_english_read_as_the_policy_writes_them() {
        set(Language::En);
        for (r, _) in cases() {
            // The field does not show.
            let d = Denied {
                reason: r.clone(),
                field: Some("roles"),
            };
            assert_eq!(denied(&d), r.to_string(), "{r:?}");
            assert_eq!(reason(&r), d.to_string());
        }
        // Phrases with no words yet read as the policy wrote them.
        let odd = [
            Reason::OwnCard {
                what: "favourite colour",
            },
            Reason::LacksRight {
                right: "USERS_VIEW",
                name: "Users — view",
                to: "juggling",
            },
            Reason::Level {
                need: AccessLevel::Edit,
                have: AccessLevel::None,
                on: "corporation 5 (Acme)".into(),
                to: "juggle it",
            },
            Reason::ReadOnly("a reason of its own".into()),
            Reason::OutOfReach {
                login: Login::new(9).unwrap(),
                dealer: "dealer of the year".into(),
            },
        ];
        for r in odd {
            assert_eq!(reason(&r), r.to_string());
        }
    }

    #[test]
    fn refusals_in_russian_keep_only_their_data_in_latin_letters() {
        set(Language::Ru);
        let mut bad = vec![];
        for (r, data) in cases() {
            let ru = denied(&Denied::from(r.clone()));
            let en = r.to_string();
            let left = english_words(&ru, &data);
            if !left.is_empty() || !has_cyrillic(&ru) || ru == en || ru.contains('{') {
                bad.push(format!("{r:?}\n  → {ru}\n  English left: {left:?}"));
            }
        }
        assert!(
            bad.is_empty(),
            "{} refusals are not Russian:\n{}",
            bad.len(),
            bad.join("\n")
        );
    }

    #[test]
    fn russian_names_the_right_and_the_object_kind() {
        set(Language::Ru);
        let r = Reason::LacksRight {
            right: "USERS_BLOCK",
            name: "Users — block",
            to: "blocking users",
        };
        assert_eq!(
            reason(&r),
            "для блокировки пользователей нужно право «Пользователи — блокировка» (USERS_BLOCK)"
        );
        let r = Reason::Level {
            need: AccessLevel::Manage,
            have: AccessLevel::View,
            on: "unit group 5 (North cafes)".into(),
            to: "set access to it",
        };
        assert_eq!(
            reason(&r),
            "группа объектов 5 (North cafes): нужен уровень «управление», чтобы задавать здесь уровни доступа \
             (у вас «просмотр»)"
        );
        let r = Reason::LacksRole {
            roles: "ADMIN or DEALER_MANAGER",
            to: "reading the audit log",
        };
        assert_eq!(
            reason(&r),
            "для чтения журнала изменений нужна роль ADMIN или DEALER_MANAGER"
        );
        assert_eq!(
            reason(&Reason::NotCreatable(ObjectKind::Account)),
            "учётную запись здесь создать нельзя: создавать можно только объекты и группы объектов"
        );
        assert_eq!(
            reason(&Reason::ReadOnly("profile prod".into())),
            "только чтение (профиль prod): ничего не записывается; :write разрешает изменения в этом сеансе"
        );
        // The kind of refusal does not change with the language.
        assert_eq!(Denied::from(r).kind(), DeniedKind::Forbidden);
    }

    #[test]
    fn not_yet_is_the_viewers_words() {
        set(Language::En);
        assert_eq!(not_yet(), crate::tui::viewer::NOT_YET);
        set(Language::Ru);
        assert!(has_cyrillic(&not_yet()) && english_words(&not_yet(), &[]).is_empty());
    }

    /// Which variant: a new one does not compile here until it is counted (and covered below).
    fn client_variant(e: &ClientError) -> usize {
        match e {
            ClientError::Api { .. } => 0,
            ClientError::Network(_) => 1,
            ClientError::Timeout => 2,
            ClientError::Decode(_) => 3,
            ClientError::Config(_) => 4,
        }
    }
    const CLIENT_ERRORS: usize = 5;

    /// Every kind of client error: (error, its data, whether the console's own words frame it).
    fn client_cases() -> Vec<(ClientError, Vec<String>, bool)> {
        let api = |status: u16, code: ErrorCode, message: &str| ClientError::Api {
            status,
            code,
            message: message.to_string(),
            field: None,
        };
        let gateway = "502 Bad Gateway";
        let page = "<html><body>upstream is down</body></html>";
        vec![
            // The server's own words: kept as they came, nothing around them.
            (
                api(404, ErrorCode::NotFound, "user 0040 not found"),
                strs(&["user 0040 not found"]),
                false,
            ),
            (
                api(409, ErrorCode::Conflict, "user 0004 was changed by someone else"),
                strs(&["user 0004 was changed by someone else"]),
                false,
            ),
            (
                api(418, ErrorCode::Other, "a teapot of its own"),
                strs(&["a teapot of its own"]),
                false,
            ),
            // A page that was not the API's: the client's framing.
            (
                api(502, ErrorCode::Other, &format!("the server answered {gateway}")),
                strs(&[gateway]),
                true,
            ),
            (
                api(502, ErrorCode::Other, &format!("the server answered {gateway}: {page}")),
                strs(&[gateway, page]),
                true,
            ),
            (
                ClientError::Network("Connection refused (os error 111)".into()),
                strs(&["Connection refused (os error 111)"]),
                true,
            ),
            (ClientError::Timeout, vec![], true),
            (
                ClientError::Decode("expected value at line 1 column 1".into()),
                strs(&["expected value at line 1 column 1"]),
                true,
            ),
            (
                ClientError::Decode("304 for an answer never asked".into()),
                vec![],
                true,
            ),
            (
                ClientError::Decode(format!("the event stream answered {gateway}")),
                strs(&[gateway]),
                true,
            ),
            (ClientError::Decode("an event larger than 1 MiB".into()), vec![], true),
            (
                ClientError::Config(INSECURE_REMOTE.to_string() + "https://ls.example.com"),
                strs(&["--insecure", "localhost", "https://ls.example.com"]),
                true,
            ),
            (
                ClientError::Config("server address 'ls.example.com' must start with http:// or https://".into()),
                strs(&["ls.example.com", "http://", "https://"]),
                true,
            ),
            (
                ClientError::Config("cannot compress the request: out of memory".into()),
                strs(&["out of memory"]),
                true,
            ),
            // The HTTP library's words.
            (
                ClientError::Config("builder error: unknown proxy scheme".into()),
                strs(&["builder error: unknown proxy scheme"]),
                false,
            ),
        ]
    }

    #[test]
    fn the_client_cases_cover_every_error() {
        let seen: BTreeSet<usize> = client_cases().iter().map(|(e, ..)| client_variant(e)).collect();
        assert_eq!(seen, (0..CLIENT_ERRORS).collect::<BTreeSet<_>>());
    }

    #[test]
    fn client_errors_in_english_read_as_the_client_writes_them() {
        set(Language::En);
        for (e, ..) in client_cases() {
            assert_eq!(client_error(&e), e.to_string(), "{e:?}");
        }
    }

    #[test]
    fn client_errors_in_russian_keep_only_their_data_in_latin_letters() {
        set(Language::Ru);
        let mut bad = vec![];
        for (e, data, framed) in client_cases() {
            let ru = client_error(&e);
            let left = english_words(&ru, &data);
            let framing_said = !framed || (has_cyrillic(&ru) && ru != e.to_string());
            if !left.is_empty() || !framing_said || ru.contains('{') {
                bad.push(format!("{e:?}\n  → {ru}\n  English left: {left:?}"));
            }
            // A refusal's words (not found, forbidden, invalid) are shown whole; an answer
            // whose code says it all is said by its code.
            if let ClientError::Api { code, message, .. } = &e {
                let by_code = matches!(
                    code,
                    ErrorCode::Unauthorized
                        | ErrorCode::Unavailable
                        | ErrorCode::Timeout
                        | ErrorCode::Internal
                        | ErrorCode::Limit
                        | ErrorCode::TooLarge
                );
                if by_code {
                    assert!(has_cyrillic(&ru) && ru != *message, "{ru}");
                } else if *code != ErrorCode::Other || !message.starts_with(SERVER_ANSWERED) {
                    assert_eq!(&ru, message);
                }
            }
        }
        assert!(
            bad.is_empty(),
            "{} errors are not Russian:\n{}",
            bad.len(),
            bad.join("\n")
        );
        assert_eq!(
            client_error(&ClientError::Network("Connection refused (os error 111)".into())),
            "не удаётся связаться с сервером: Connection refused (os error 111)"
        );
    }
}
