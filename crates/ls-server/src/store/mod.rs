//! The SQL of the service, and nothing else: rows in, rows out. No access rules here (they are
//! `domain::policy`'s); handlers call these inside the transaction they opened.
//! One file per kind of row: users, the grant graph (objects, dealers, tokens and licenses),
//! and the audit log.
mod audit;
mod graph;
mod users;

pub use audit::*;
pub use graph::*;
pub use users::*;

use rusqlite::Connection;
use std::sync::{Arc, Mutex};

/// A value loaded once and shared until a write changes what it was loaded from.
pub struct Cached<T>(Arc<Mutex<Option<Arc<T>>>>);

impl<T> Clone for Cached<T> {
    fn clone(&self) -> Self {
        Cached(self.0.clone())
    }
}

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached(Arc::new(Mutex::new(None)))
    }
}

impl<T> Cached<T> {
    /// The shared value, loaded with `load` when there is none.
    pub fn get(&self, c: &Connection, load: fn(&Connection) -> rusqlite::Result<T>) -> rusqlite::Result<Arc<T>> {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = g.as_ref() {
            return Ok(v.clone());
        }
        let fresh = Arc::new(load(c)?);
        *g = Some(fresh.clone());
        Ok(fresh)
    }
    pub fn invalidate(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}
