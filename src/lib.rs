//! ls-console: a terminal console for the Licensing System, its API service and client.
pub mod api;
pub mod clipboard;
pub mod config;
pub mod domain;
pub mod embedded;
pub mod export;
pub mod server;
pub mod tui;
