//! ls-core: what the console's two faces share — connecting (the embedded demo included),
//! the config and its secrets, copy and compare planning, plans, export, the clipboard and the
//! words of both languages. It knows no terminal and parses no command line: the TUI
//! (`ls-tui`) and the CLI (`ls-cli`) stand on it, and the `lsc` binary wires them.
pub use ls_api as api;
pub use ls_domain as domain;
pub use ls_server as server;

pub mod audit;
pub mod clipboard;
pub mod config;
pub mod connect;
pub mod console;
pub mod copy;
pub mod embedded;
pub mod export;
pub mod i18n;
pub mod plan;
pub mod secrets;
pub mod signals;
