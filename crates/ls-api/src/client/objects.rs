//! Objects and access: the tree's objects, their accessors, and users' levels on them.
use super::{Client, ClientError};
use crate::types::*;
use ls_domain::{Login, ObjectKind};

impl Client {
    /// What changed in the whole objects list after `revision`, as for users.
    pub async fn objects_since(&self, revision: i64) -> Result<ObjectsPage, ClientError> {
        self.send(self.http.get(self.url("/api/objects")).query(&[("since", revision)]))
            .await
    }
    pub async fn objects(
        &self,
        kind: Option<ObjectKind>,
        mask: &str,
        limit: Option<usize>,
    ) -> Result<ObjectsPage, ClientError> {
        let mut q: Vec<(&str, String)> = vec![("mask", mask.to_string())];
        if let Some(k) = kind {
            q.push(("kind", k.as_str().to_string()));
        }
        if let Some(l) = limit {
            q.push(("limit", l.to_string()));
        }
        self.send(self.http.get(self.url("/api/objects")).query(&q)).await
    }
    pub async fn object(&self, id: i64) -> Result<ObjectDetail, ClientError> {
        self.get(&format!("/api/objects/{id}")).await
    }
    pub async fn accessors(&self, id: i64) -> Result<Vec<Accessor>, ClientError> {
        self.get(&format!("/api/objects/{id}/accessors")).await
    }
    /// Sets many users' levels on one object as one all-or-nothing batch.
    pub async fn set_accessors(&self, id: i64, changes: Vec<AccessorChange>) -> Result<Vec<Accessor>, ClientError> {
        self.send(
            self.http
                .put(self.url(&format!("/api/objects/{id}/accessors")))
                .json(&AccessorBatch { changes }),
        )
        .await
    }
    pub async fn create_object(&self, o: &NewObject) -> Result<Object, ClientError> {
        self.post("/api/objects", o).await
    }
    pub async fn update_object(&self, id: i64, o: &ObjectUpdate) -> Result<Object, ClientError> {
        self.send(self.http.put(self.url(&format!("/api/objects/{id}"))).json(o))
            .await
    }
    pub async fn access(&self, login: Login, mask: &str) -> Result<AccessPage, ClientError> {
        self.send(
            self.http
                .get(self.url(&format!("/api/users/{login}/access")))
                .query(&[("mask", mask)]),
        )
        .await
    }
    /// Sets levels as one all-or-nothing batch.
    pub async fn set_access(&self, login: Login, changes: Vec<AccessChange>) -> Result<AccessPage, ClientError> {
        self.send(
            self.http
                .put(self.url(&format!("/api/users/{login}/access")))
                .json(&AccessBatch { changes }),
        )
        .await
    }
}
