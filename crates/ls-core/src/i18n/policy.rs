//! The policy's refusals and the client's errors in the interface's language.
//!
//! The domain's `Reason` and the client's `ClientError` speak English in their `Display`: the
//! server and the CLI print that. The console says them here instead, in the language in effect
//! (`assets/i18n/{en,ru}/policy.ftl`); the English reads byte for byte as the `Display` does (the
//! tests in `policy/tests.rs` and `policy/client.rs` compare them for every kind of refusal and
//! error).
//!
//! What a refusal carries as data stays as it is: logins, ids, names, right and role codes. Its
//! words are typed in the domain (`Purpose`, `LevelPurpose`, `OwnPart`, the kind in a `Target`)
//! and said here by exhaustive `match`es, so a variant added there without words here does not
//! compile. A server's own message (it answers in English) is shown as it came; what the client
//! itself says around it is translated (`client.rs`).
use crate::domain::policy::{DealerName, Denied, LevelPurpose, OwnPart, Purpose, Reason, Target};
use crate::domain::role::roles_text;
use crate::domain::{AccessLevel, Language, ObjectKind, Role};

mod client;
#[cfg(test)]
mod tests;

pub use client::client_error;

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
            to = purpose(*to),
            name = right_name(right, name),
            right = *right,
        ),
        Reason::LacksRole { roles, to } => crate::t!("policy-lacks-role", to = purpose(*to), roles = any_of(roles)),
        Reason::Level { need, have, on, to } => crate::t!(
            "policy-level",
            need = level(*need),
            on = target(on),
            to = level_purpose(*to),
            have = level(*have),
        ),
        Reason::OwnCard { what } => crate::t!("policy-own-card", what = own(*what)),
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
        Reason::NotAGroup { on } => crate::t!("policy-not-a-group", on = target(on)),
        Reason::NotAUnit { on } => crate::t!("policy-not-a-unit", on = target(on)),
        Reason::OtherAccount { on } => crate::t!("policy-other-account", on = target(on)),
        Reason::OutOfReach { login, dealer } => {
            let login = login.to_string();
            match dealer {
                DealerName::Named(name) => crate::t!("policy-out-of-reach", login = login, dealer = name.as_str()),
                DealerName::Id(id) => {
                    let dealer = crate::t!("policy-dealer-id", id = id.to_string());
                    crate::t!("policy-out-of-reach", login = login, dealer = dealer)
                }
                DealerName::NoDealer => crate::t!("policy-out-of-reach-no-dealer", login = login),
            }
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

/// What a right or a role is needed for: "{to} needs the right …".
fn purpose(to: Purpose) -> String {
    match to {
        Purpose::EditOtherUsers => crate::t!("policy-to-editing-other-users"),
        Purpose::BlockUsers => crate::t!("policy-to-blocking-users"),
        Purpose::CreateUsers => crate::t!("policy-to-creating-users"),
        Purpose::ReadOrRenewTokens => crate::t!("policy-to-reading-or-renewing-tokens"),
        Purpose::SetAccessLevels => crate::t!("policy-to-setting-access-levels"),
        Purpose::CreateObjects => crate::t!("policy-to-creating-objects"),
        Purpose::ChangeObjects => crate::t!("policy-to-changing-objects"),
        Purpose::ReadAudit => crate::t!("policy-to-reading-the-audit-log"),
        Purpose::CreateDealers => crate::t!("policy-to-creating-dealers"),
        Purpose::SetDealerQuota => crate::t!("policy-to-setting-user-quota"),
    }
}

/// What a level is needed for: "you need … on … to {to}".
fn level_purpose(to: LevelPurpose) -> String {
    match to {
        LevelPurpose::EditTheUser => crate::t!("policy-to-edit-the-user"),
        LevelPurpose::CreateUsersInIt => crate::t!("policy-to-create-users-in-it"),
        LevelPurpose::SetItsAccess => crate::t!("policy-to-set-its-access"),
        LevelPurpose::SetAccessToIt => crate::t!("policy-to-set-access-to-it"),
        LevelPurpose::CreateObjectsInIt => crate::t!("policy-to-create-objects-in-it"),
        LevelPurpose::ChangeIt => crate::t!("policy-to-change-it"),
        LevelPurpose::PutInOrTakeOutOfGroup => crate::t!("policy-to-put-in-or-take-out-of-group"),
    }
}

/// What of one's own card one may not change.
fn own(what: OwnPart) -> String {
    match what {
        OwnPart::Roles => crate::t!("policy-own-roles"),
        OwnPart::Rights => crate::t!("policy-own-rights"),
        OwnPart::LoginAllowed => crate::t!("policy-own-login-allowed"),
        OwnPart::LevelsUpwards => crate::t!("policy-own-levels-upwards"),
    }
}

/// Role codes any one of which would do (`ADMIN or DEALER_MANAGER`): the codes as they are.
fn any_of(roles: &[Role]) -> String {
    let or = format!(" {} ", crate::t!("policy-or"));
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(&or)
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

/// How a refusal names an object (`unit group 5 (North cafes)`) or a user (`user 0007`): its kind
/// in words, the id, login and name as they are.
fn target(on: &Target) -> String {
    match on {
        Target::Object { kind, id, name } => format!("{} {id} ({name})", kind_words(*kind)),
        Target::User(login) => format!("{} {login}", crate::t!("policy-kind-user")),
    }
}

/// The kind of an object, as a refusal names it before the id.
fn kind_words(kind: ObjectKind) -> String {
    match kind {
        ObjectKind::Account => crate::t!("policy-kind-account"),
        ObjectKind::UnitGroup => crate::t!("policy-kind-unit-group"),
        ObjectKind::Unit => crate::t!("policy-kind-unit"),
        ObjectKind::User => crate::t!("policy-kind-user"),
    }
}

/// Why nothing is enabled before the sign-in answered, in English (the TUI's viewer says it).
pub const NOT_YET: &str = "still signing in: the console does not know your rights yet";

/// Why nothing is enabled before the sign-in answered ([`NOT_YET`] in English).
pub fn not_yet() -> String {
    crate::t!("policy-not-yet")
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
