//! ls-console: a terminal console for the Licensing System. Its parts are crates of their own,
//! following the dependency direction — `ls-domain` ← `ls-api` ← `ls-server` below, and
//! `ls-core` ← `ls-tui` / `ls-cli` above — re-exported here so `ls_console::domain`,
//! `ls_console::tui` and the like name what they always named.
pub use ls_api as api;
pub use ls_cli as cli;
pub use ls_core::{
    audit, clipboard, config, connect, console, copy, embedded, export, i18n, plan, secrets, signals, t,
};
pub use ls_domain as domain;
pub use ls_server as server;
pub use ls_tui as tui;
