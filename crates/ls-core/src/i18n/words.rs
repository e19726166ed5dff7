//! People's words for what the wire names (issue #30, "People's words"): a user's field by its
//! label on the card (`login_allowed` → `Login allowed`), a field's value in words (`false` →
//! `blocked`), a right by its name in the rights catalog, a level by its name, and a name in
//! quotes that never nest. All in the language in effect (`super::current`).
//!
//! What the server and the CLI's scripts read keeps the wire's names; the console turns them
//! into these words where people read them: the audit's rows and change popup, the plans, the
//! comparison.
use crate::domain::{rights, AccessLevel, Role};
use crate::plan::{Plan, Row};
use crate::t;

/// The label of a field the wire names, when there is one: a user's fields as the card labels
/// them, and the other things the audit log names (`level`, `members`, `api token`, …).
pub fn known_field(wire: &str) -> Option<String> {
    Some(match wire {
        "login" => t!("card-field-login"),
        "username" => t!("card-field-username"),
        "last_name" => t!("card-field-last-name"),
        "first_name" => t!("card-field-first-name"),
        "patronymic" => t!("card-field-patronymic"),
        "email" => t!("card-field-email"),
        "phone" => t!("card-field-phone"),
        "mobile" => t!("card-field-mobile"),
        "position" => t!("card-field-position"),
        "city" => t!("card-field-city"),
        "country" => t!("card-field-country"),
        "comments" => t!("card-field-comments"),
        "dealer" | "dealer_id" => t!("card-field-dealer"),
        "source" => t!("card-field-source"),
        "language" => t!("card-field-language"),
        "login_allowed" => t!("card-field-login-allowed"),
        "roles" => t!("card-rights-roles"),
        "rights" => t!("audit-field-rights"),
        "password" => t!("audit-field-password"),
        "copy of" => t!("audit-field-copy-of"),
        "level" => t!("audit-field-level"),
        "api token" => t!("card-api-token"),
        "user quota" => t!("audit-field-user-quota"),
        "name" => t!("audit-field-name"),
        "members" => t!("audit-field-members"),
        _ => return None,
    })
}

/// A field the wire names (`login_allowed`), by its label (`Login allowed`, `Вход разрешён`);
/// a name with no label as it came.
pub fn field(wire: &str) -> String {
    known_field(wire).unwrap_or_else(|| wire.to_string())
}

/// The same label inside a sentence (`changed city, first name`): its first letter small,
/// unless the label starts with an abbreviation (`API token`).
pub fn field_in_line(wire: &str) -> String {
    let label = field(wire);
    let mut cs = label.chars();
    match (cs.next(), cs.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label,
    }
}

/// A value of the field `wire` in words: `login_allowed`'s `true`/`false` as allowed/blocked, a
/// language by its name, rights by their names, a level by its name; any other as it came.
pub fn value(wire: &str, v: &str) -> String {
    match (wire, v) {
        ("login_allowed", "true") => t!("audit-value-allowed"),
        ("login_allowed", "false") => t!("audit-value-blocked"),
        ("language", "en") => t!("audit-value-english"),
        ("language", "ru") => t!("audit-value-russian"),
        ("password", "set") => t!("audit-value-set"),
        ("api token", "renewed") => t!("audit-value-renewed"),
        ("rights", list) => rights_list(list),
        ("level", l) => level_or_text(l),
        _ => v.to_string(),
    }
}

/// A right by its name in the catalog, in the language in effect; the code when the catalog
/// lacks it.
pub fn right(code: &str) -> String {
    match rights::find(code) {
        Some(r) => r.name.get(super::current()).to_string(),
        None => code.to_string(),
    }
}

/// Rights as the log joins them (`KEYS_CHECK,USERS_VIEW`), each by its name.
fn rights_list(list: &str) -> String {
    list.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(right)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A level by its name (`manage`, `управление`).
pub fn level(l: AccessLevel) -> String {
    match l {
        AccessLevel::None => t!("level-none"),
        AccessLevel::View => t!("level-view"),
        AccessLevel::Execute => t!("level-execute"),
        AccessLevel::Edit => t!("level-edit"),
        AccessLevel::Manage => t!("level-manage"),
    }
}

/// A level's code (`view`) by its name; any other text as it is.
fn level_or_text(v: &str) -> String {
    match v.parse::<AccessLevel>() {
        Ok(l) => level(l),
        Err(_) => v.to_string(),
    }
}

/// A name in quotes: `«Fuel»`. A name that holds «» itself (`Группа «Berlin» 4`) gets the other
/// quotes outside (`“Группа «Berlin» 4”`), so quotes never nest into `«Группа «Berlin» 4»`;
/// one holding both kinds is shown bare rather than in quotes that would mislead.
pub fn quoted(name: &str) -> String {
    let holds = |q: [char; 2]| name.chars().any(|c| q.contains(&c));
    if !holds(['«', '»']) {
        format!("«{name}»")
    } else if !holds(['“', '”']) {
        format!("“{name}”")
    } else {
        name.to_string()
    }
}

/// Where a compared value comes from (`Cell::source`: `card`, `direct`, `role X`, `role X of
/// group «Fuel»`, a group's or an account's label) in the language in effect.
pub fn source(s: &str) -> String {
    match s {
        "card" => t!("compare-from-card"),
        "direct" => t!("tree-why-direct"),
        crate::copy::HIDDEN => t!("tree-why-hidden"),
        s => match s.strip_prefix("role ") {
            // A role's code holds no space: the first ` of ` ends it.
            Some(rest) => match rest.split_once(" of ") {
                Some((role, name)) => t!("compare-from-role-of", role = role, name = name),
                None => t!("compare-from-role", role = rest),
            },
            None => s.to_string(),
        },
    }
}

/// A role by its name on the card (the card shows roles by their codes).
pub fn role(r: Role) -> String {
    r.as_str().to_string()
}

/// A plan in people's words: each row's field by its label and its values in words (a revert
/// names fields as the wire does), `role X` and `right X` rows by name, levels, `yes`/`no` and
/// membership in words. Applying it twice changes nothing more; the counts stay.
pub fn plan(mut p: Plan) -> Plan {
    for r in &mut p.rows {
        *r = row(r);
    }
    p
}

fn row(r: &Row) -> Row {
    let (what, from, to) = match known_field(&r.what) {
        Some(label) => (label, value(&r.what, &r.from), value(&r.what, &r.to)),
        None => (thing(&r.what), any_value(&r.from), any_value(&r.to)),
    };
    Row {
        what,
        from,
        to,
        then: r.then.as_deref().map(any_value),
        ..r.clone()
    }
}

/// What a plan row is about, when it is not a field: `role X`, `right X`, or an action the
/// server could not set back (`token.renew`).
fn thing(what: &str) -> String {
    if let Some(code) = what.strip_prefix("right ").filter(|c| rights::is_known(c)) {
        return t!("compare-label-right", right = right(code));
    }
    if let Some(r) = what.strip_prefix("role ").and_then(|r| r.parse::<Role>().ok()) {
        return t!("compare-label-role", role = role(r));
    }
    if what.contains('.') && !what.contains(' ') {
        return crate::audit::verb(what);
    }
    what.to_string()
}

/// A value of a row that names no field: the words plans use (`yes`, `member`) and levels.
fn any_value(v: &str) -> String {
    match v {
        "yes" => t!("compare-yes"),
        "no" => t!("compare-no"),
        "member" => t!("plan-member"),
        "not a member" => t!("plan-not-member"),
        v => level_or_text(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Language;

    fn in_lang<T>(l: Language, f: impl FnOnce() -> T) -> T {
        let was = super::super::current();
        super::super::set(l);
        let out = f();
        super::super::set(was);
        out
    }

    #[test]
    fn fields_read_as_the_card_labels_them() {
        in_lang(Language::En, || {
            assert_eq!(field("login_allowed"), "Login allowed");
            assert_eq!(field_in_line("first_name"), "first name");
            assert_eq!(field_in_line("api token"), "API token");
            assert_eq!(field("no_such"), "no_such");
            assert_eq!(value("login_allowed", "false"), "blocked");
            assert_eq!(value("rights", "USERS_VIEW"), "Users — view");
        });
        in_lang(Language::Ru, || {
            assert_eq!(field("username"), "Имя пользователя");
            assert_eq!(value("login_allowed", "true"), "разрешён");
            assert_eq!(right("USERS_VIEW"), "Пользователи — просмотр");
        });
    }

    #[test]
    fn quotes_never_nest() {
        assert_eq!(quoted("Fuel"), "«Fuel»");
        assert_eq!(quoted("Группа «Berlin» 4"), "“Группа «Berlin» 4”");
        assert_eq!(quoted("«a» “b”"), "«a» “b”");
    }

    #[test]
    fn a_plan_in_words_twice_is_the_same() {
        in_lang(Language::Ru, || {
            let r = Row::judged(
                "0004 Test4".into(),
                "login_allowed",
                "false".into(),
                "true".into(),
                Ok(()),
            );
            let p = plan(Plan::new("x", vec![r]));
            assert_eq!(
                (p.rows[0].what.as_str(), p.rows[0].from.as_str(), p.rows[0].to.as_str()),
                ("Вход разрешён", "заблокирован", "разрешён")
            );
            let again = plan(p.clone());
            assert_eq!(again.rows, p.rows);
        });
    }
}
