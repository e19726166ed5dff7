//! What starting the console takes, so that the CLI can start it without knowing the TUI: the
//! `lsc` binary hands the CLI a [`Launch`] that runs the TUI.
use crate::config::Config;
use crate::connect::Target;
use futures::future::BoxFuture;

/// How the console starts.
pub struct Options {
    pub target: Target,
    pub lang: Option<String>,
    /// Why nothing may be written, if so (`--read-only`, a read-only profile).
    pub read_only: Option<String>,
    pub config: Config,
}

/// Runs the console until it is left; the error is said to the person who started it.
pub type Launch = Box<dyn FnOnce(Options) -> BoxFuture<'static, Result<(), String>> + Send>;
