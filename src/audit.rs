//! The audit log as the console and the CLI show it: one line per change, its fields, and a
//! revert's plan in the shape every plan has.
use crate::api::{AuditEntry, RevertOutcome, RevertPlan};
use crate::plan::{Outcome, Plan, Row};
use crate::t;

/// What a row did, in a few words: `blocked`, `level`, `members`, `renewed token`.
pub fn what(e: &AuditEntry) -> String {
    let verb = match e.action.as_str() {
        "user.create" | "object.create" => t!("audit-did-created"),
        "user.copy" => t!("audit-did-copied"),
        "user.update" | "object.update" => t!("audit-did-changed"),
        "user.block" => t!("audit-did-blocked"),
        "user.unblock" => t!("audit-did-unblocked"),
        "access.set" => t!("audit-did-level"),
        "token.renew" => t!("audit-did-renewed-token"),
        "dealer.create" => t!("audit-did-created-dealer"),
        other => other.to_string(),
    };
    let mut s = if e.reverts.is_some() {
        t!("audit-did-reverted", what = verb)
    } else {
        verb
    };
    if e.action.starts_with("user.") && !matches!(e.action.as_str(), "user.create" | "user.copy") {
        let fields: Vec<&str> = e
            .changes
            .iter()
            .map(|c| c.field.as_str())
            .filter(|f| *f != "login_allowed")
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

/// The fields of a row: `email: a@x → b@x`.
pub fn diff_lines(e: &AuditEntry) -> Vec<String> {
    e.changes
        .iter()
        .map(|c| match (c.old.is_empty(), c.new.is_empty()) {
            (true, _) => format!("{}: {}", c.field, c.new),
            (false, true) => format!("{}: {} → {}", c.field, c.old, t!("audit-empty")),
            (false, false) => format!("{}: {} → {}", c.field, c.old, c.new),
        })
        .collect()
}

/// A revert's plan as a plan: every row with its outcome and reason.
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
