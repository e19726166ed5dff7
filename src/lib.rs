//! ls-console: a terminal console for the Licensing System. The rules, the API client and the
//! service are crates of their own (`ls-domain` ← `ls-api` ← `ls-server`), re-exported here so
//! `ls_console::domain` and the like keep working.
pub use ls_api as api;
pub use ls_domain as domain;
pub use ls_server as server;

pub mod audit;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod connect;
pub mod copy;
pub mod embedded;
pub mod export;
pub mod i18n;
pub mod plan;
pub mod secrets;
pub mod signals;
pub mod tui;
