//! The console.
use crate::config::Config;

pub struct Options {
    pub server: Option<String>,
    pub login: Option<String>,
    pub demo: bool,
    pub lang: Option<String>,
    pub config: Config,
}

pub async fn run(_o: Options) -> Result<(), String> {
    Err("the console is not built yet".into())
}
