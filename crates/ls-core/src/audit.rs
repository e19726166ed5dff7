//! The audit log as the console and the CLI show it: one line per change, its fields, and a
//! revert's plan in the shape every plan has.
use crate::api::{AuditEntry, RevertOutcome, RevertPlan};
use crate::i18n::words;
use crate::plan::{Outcome, Plan, Row};
use crate::t;

/// What an action did, in a word or two: `blocked`, `level`, `renewed token`; an action with
/// no words yet as it came.
pub fn verb(action: &str) -> String {
    match action {
        "user.create" | "object.create" => t!("audit-did-created"),
        "user.copy" => t!("audit-did-copied"),
        "user.update" | "object.update" => t!("audit-did-changed"),
        "user.block" => t!("audit-did-blocked"),
        "user.unblock" => t!("audit-did-unblocked"),
        "access.set" => t!("audit-did-level"),
        "token.renew" => t!("audit-did-renewed-token"),
        "dealer.create" => t!("audit-did-created-dealer"),
        other => other.to_string(),
    }
}

/// What a row did, in a few words: `blocked`, `level`, `members`, `renewed token`, then the
/// user's fields as the wire names them (`changed first_name`): what the CLI prints.
pub fn what(e: &AuditEntry) -> String {
    what_with(e, str::to_string)
}

/// The same in people's words: the fields by their labels (`changed first name`, `изменён
/// имя пользователя`), as the console shows it.
pub fn what_words(e: &AuditEntry) -> String {
    what_with(e, words::field_in_line)
}

fn what_with(e: &AuditEntry, name: impl Fn(&str) -> String) -> String {
    let verb = verb(&e.action);
    let mut s = if e.reverts.is_some() {
        t!("audit-did-reverted", what = verb)
    } else {
        verb
    };
    if e.action.starts_with("user.") && !matches!(e.action.as_str(), "user.create" | "user.copy") {
        // Blocking is said by the verb: the field would only repeat it.
        let fields: Vec<String> = e
            .changes
            .iter()
            .map(|c| c.field.as_str())
            .filter(|f| *f != "login_allowed")
            .map(&name)
            .collect();
        if !fields.is_empty() {
            s.push(' ');
            s.push_str(&fields.join(", "));
        }
    }
    s
}

/// The target as a line names it: `0004 Test4`, `Fuel 12 · 0004 Test4` for a level.
pub fn target(e: &AuditEntry) -> String {
    let base = match e.target_kind.as_str() {
        "user" => format!("{} {}", e.target, e.target_name),
        "object" | "dealer" => e.target_name.clone(),
        _ => e.target.clone(),
    };
    match (e.action.as_str(), e.object_name.is_empty()) {
        ("access.set", false) => format!("{} · {}", e.object_name, base),
        _ => base.trim().to_string(),
    }
}

/// Who: `0002 Manager`, or the login alone when the viewer does not see that user.
pub fn who(e: &AuditEntry) -> String {
    if e.actor_name.is_empty() {
        e.actor.clone()
    } else {
        format!("{} {}", e.actor, e.actor_name)
    }
}

/// The fields of a row as the wire names them: `email: a@x → b@x`, `login_allowed: true →
/// false` (the CLI's table and CSV).
pub fn diff_lines(e: &AuditEntry) -> Vec<String> {
    lines(e, str::to_string, |_, v| v.to_string())
}

/// The fields of a row in people's words: `Email: a@x → b@x`, `Login allowed: allowed →
/// blocked`, rights and levels by their names (the console's change popup).
pub fn diff_words(e: &AuditEntry) -> Vec<String> {
    lines(e, words::field, words::value)
}

fn lines(e: &AuditEntry, name: impl Fn(&str) -> String, value: impl Fn(&str, &str) -> String) -> Vec<String> {
    e.changes
        .iter()
        .map(|c| {
            let field = c.field.as_str();
            let (f, old, new) = (name(field), value(field, c.old.as_str()), value(field, c.new.as_str()));
            match (c.old.is_empty(), c.new.is_empty()) {
                (true, _) => format!("{f}: {new}"),
                (false, true) => format!("{f}: {old} → {}", t!("audit-empty")),
                (false, false) => format!("{f}: {old} → {new}"),
            }
        })
        .collect()
}

/// A revert's plan as a plan: every row with its outcome and reason, its fields and values as
/// the wire names them (`crate::i18n::words::plan` puts them in people's words).
pub fn revert_plan(r: &RevertPlan) -> Plan {
    let rows = r
        .rows
        .iter()
        .map(|x| Row {
            target: x.target.clone(),
            what: x.what.clone(),
            from: x.from.clone(),
            to: x.to.clone(),
            then: None,
            outcome: match x.outcome {
                RevertOutcome::Change => Outcome::Change,
                RevertOutcome::Same => Outcome::Same,
                RevertOutcome::Moved => Outcome::Moved,
                RevertOutcome::Refused => Outcome::Refused,
            },
            reason: x.reason.clone(),
            object_id: None,
            login: None,
        })
        .collect();
    let mut p = Plan::new(t!("audit-plan-revert", change = r.change_id.to_string()), rows);
    p.applied = r.applied.is_some();
    p
}
