//! The audit log: one row per change, never a secret.
use crate::db::NOW;
use ls_domain::Login;
use rusqlite::{params, Connection};

/// Writes one audit row. `detail` must never hold a secret.
pub fn audit(
    conn: &Connection,
    actor: Login,
    action: &str,
    target: &str,
    dealer_id: Option<i64>,
    detail: &serde_json::Value,
) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO audit(at, actor, action, target, dealer_id, detail) VALUES({NOW}, ?1, ?2, ?3, ?4, ?5)"
    ))?
    .execute(params![
        actor.to_string(),
        action,
        target,
        dealer_id,
        detail.to_string()
    ])?;
    Ok(())
}

/// One audit row as stored.
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub dealer_id: Option<i64>,
    pub detail: String,
}

/// Audit rows newest first (about `target` when given), passed to `keep` until it says stop.
pub fn audit_rows(
    c: &Connection,
    target: Option<&str>,
    mut keep: impl FnMut(AuditRow) -> bool,
) -> rusqlite::Result<()> {
    let mut s = c.prepare_cached(
        "SELECT id, at, actor, action, target, dealer_id, detail FROM audit \
         WHERE (?1 IS NULL OR target = ?1) ORDER BY id DESC",
    )?;
    let rows = s.query_map([target], |r| {
        Ok(AuditRow {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            target: r.get(4)?,
            dealer_id: r.get(5)?,
            detail: r.get(6)?,
        })
    })?;
    for row in rows {
        if !keep(row?) {
            break;
        }
    }
    Ok(())
}
