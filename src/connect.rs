//! One way to reach the Licensing System, for the console and the CLI alike: the server, login,
//! password and token from flags, the environment and the config (in that order), or the
//! embedded demo when no server is configured.

use crate::api::{Client, ClientError, Credentials};
use crate::config::{Config, Connection};
use crate::domain::{Login, LoginError};
use crate::server::Running;

/// What the command line says about where to connect.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub server: Option<String>,
    pub login: Option<String>,
    /// `--demo`: the embedded demo even when a server is configured.
    pub demo: bool,
    /// `--insecure`: TLS certificates not checked (loopback only).
    pub insecure: bool,
    /// Never prompt for the password (the console is on screen): a missing one is an error.
    pub no_prompt: bool,
    /// `--password-stdin`: read before anything else is asked.
    pub password: Option<String>,
}

pub struct Connected {
    pub client: Client,
    /// The server's URL, or "demo".
    pub label: String,
    /// The embedded service, when it runs in-process: it stops when this is dropped.
    pub embedded: Option<Running>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// Something the user must add or fix on the command line or in the config.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error("{0}")]
    Embedded(String),
}

/// The login the flags, environment or config name.
pub fn login(cfg: &Config, flag: Option<String>) -> Result<Login, ConnectError> {
    Connection::resolve(cfg, None, flag)
        .login
        .ok_or_else(|| ConnectError::Usage("no login: pass --login or set LSC_LOGIN".into()))?
        .parse()
        .map_err(|e: LoginError| ConnectError::Usage(e.to_string()))
}

pub async fn connect(cfg: &Config, t: &Target) -> Result<Connected, ConnectError> {
    let conn = Connection::resolve(cfg, t.server.clone(), t.login.clone());
    let Some(url) = conn.server.filter(|_| !t.demo) else {
        let (running, client) = crate::embedded::start_demo(&crate::embedded::demo_db_path())
            .await
            .map_err(ConnectError::Embedded)?;
        return Ok(Connected {
            client,
            label: "demo".into(),
            embedded: Some(running),
        });
    };
    let login = login(cfg, t.login.clone())?;
    // The keyring, when nothing else holds the password (an unreachable one is no error here:
    // the prompt follows).
    let stored = match t.password.clone().or(conn.password) {
        Some(p) => Some(p),
        None => crate::secrets::get(&login.to_string(), &url).ok().flatten(),
    };
    let password = match stored {
        Some(p) => p,
        None if t.no_prompt => {
            return Err(ConnectError::Usage(format!(
                "no password for {login} at {url}: put it in the profile or LSC_PASSWORD"
            )))
        }
        None => rpassword::prompt_password(format!("Password for {login} at {url}: "))
            .map_err(|e| ConnectError::Usage(format!("no password: set LSC_PASSWORD or answer the prompt ({e})")))?,
    };
    let token = conn
        .token
        .ok_or_else(|| ConnectError::Usage("no API token: set LSC_TOKEN or token in the config".into()))?;
    let creds = Credentials::new(login, &password, &token);
    let client = Client::for_server(&url, creds, t.insecure).map_err(|e| {
        // With --insecure a refused address is a usage error (the flag does not fit it).
        if t.insecure {
            ConnectError::Usage(e.to_string())
        } else {
            ConnectError::Client(e)
        }
    })?;
    Ok(Connected {
        client,
        label: url,
        embedded: None,
    })
}
