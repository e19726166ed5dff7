//! The audit log: rows read and changes reverted.
use super::{Client, ClientError};
use crate::types::*;

impl Client {
    /// The newest audit rows the caller sees.
    pub async fn audit(&self) -> Result<AuditPage, ClientError> {
        self.get("/api/audit").await
    }
    /// Audit rows matching `q`, newest first; `next` goes on as `q.before`.
    pub async fn audit_query(&self, q: &AuditQuery) -> Result<AuditPage, ClientError> {
        self.send(self.http.get(self.url("/api/audit")).query(q)).await
    }
    /// The plan of reverting `change` (`dry_run`), or the revert applied; `plan` names the plan
    /// shown, so that a target that moved since makes it 409 instead of a different revert.
    pub async fn revert(&self, change: i64, dry_run: bool, plan: Option<String>) -> Result<RevertPlan, ClientError> {
        let req = self
            .http
            .post(self.url(&format!("/api/audit/{change}/revert")))
            .query(&[("dry_run", dry_run)])
            .json(&RevertRequest { plan });
        self.send(req).await
    }
}
