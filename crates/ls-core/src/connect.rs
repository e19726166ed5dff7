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
    /// The console asks a missing login or password on its sign-in screen instead of the
    /// terminal's prompt.
    pub sign_in_screen: bool,
}

pub struct Connected {
    pub client: Client,
    /// The server's URL, or "demo".
    pub label: String,
    /// The embedded service, when it runs in-process: it stops when this is dropped.
    pub embedded: Option<Running>,
    /// The password (and maybe the login, or the API token) is still to be typed on the
    /// console's sign-in screen.
    pub sign_in: Option<SignInAsk>,
}

/// What the console's sign-in screen is to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInAsk {
    /// The login given (by flag, environment or config); `None`: typed there too.
    pub login: Option<Login>,
    /// No API token is configured: typed there (masked) too.
    pub token: bool,
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
        // `--login` (or the profile's) picks one of the demo's sign-ins.
        let who = t
            .login
            .as_deref()
            .map(str::parse::<Login>)
            .transpose()
            .map_err(|e| ConnectError::Usage(e.to_string()))?;
        let (running, client) = crate::embedded::start_demo_as(&crate::embedded::demo_db_path(), who)
            .await
            .map_err(|e| match e {
                crate::embedded::DemoError::NotASignIn { .. } => ConnectError::Usage(e.to_string()),
                crate::embedded::DemoError::Start(m) => ConnectError::Embedded(m),
            })?;
        return Ok(Connected {
            client,
            label: "demo".into(),
            embedded: Some(running),
            sign_in: None,
        });
    };
    let token = match conn.token {
        Some(token) => token,
        // The console asks for it on its sign-in screen (with the password) rather than exit.
        None if t.sign_in_screen => {
            let login = login(cfg, t.login.clone()).ok();
            return for_sign_in(&url, login, None, t.insecure);
        }
        None => {
            return Err(ConnectError::Usage(
                "no API token: set LSC_TOKEN or token in the config".into(),
            ))
        }
    };
    let login = match login(cfg, t.login.clone()) {
        Ok(l) => l,
        // Typed on the sign-in screen; the client waits with a placeholder no request uses.
        Err(_) if t.sign_in_screen => return for_sign_in(&url, None, Some(&token), t.insecure),
        Err(e) => return Err(e),
    };
    // The keyring, when nothing else holds the password (an unreachable one is no error here:
    // the prompt follows).
    let stored = match t.password.clone().or(conn.password) {
        Some(p) => Some(p),
        None => crate::secrets::get(&login.to_string(), &url).ok().flatten(),
    };
    let password = match stored {
        Some(p) => p,
        None if t.sign_in_screen => return for_sign_in(&url, Some(login), Some(&token), t.insecure),
        None if t.no_prompt => {
            return Err(ConnectError::Usage(format!(
                "no password for {login} at {url}: put it in the profile or LSC_PASSWORD"
            )))
        }
        None => rpassword::prompt_password(format!("Password for {login} at {url}: "))
            .map_err(|e| ConnectError::Usage(format!("no password: set LSC_PASSWORD or answer the prompt ({e})")))?,
    };
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
        sign_in: None,
    })
}

/// A client for `url` whose credentials the sign-in screen will give (the token too, when
/// `token` is `None`).
fn for_sign_in(
    url: &str,
    login: Option<Login>,
    token: Option<&str>,
    insecure: bool,
) -> Result<Connected, ConnectError> {
    let placeholder = login
        .or_else(|| Login::new(1).ok())
        .ok_or_else(|| ConnectError::Usage("no login".into()))?;
    let creds = Credentials::new(placeholder, "", token.unwrap_or_default());
    let client = Client::for_server(url, creds, insecure)?;
    Ok(Connected {
        client,
        label: url.to_string(),
        embedded: None,
        sign_in: Some(SignInAsk {
            login,
            token: token.is_none(),
        }),
    })
}
