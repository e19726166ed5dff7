//! The wire: serde types shared by the server and the client, and the HTTP `Client`.
pub mod client;
pub mod types;

pub use client::{Client, ClientError, Credentials, Event, Events, UserQuery};
pub use types::*;
