//! The OS keyring as a password source: a password stored with `lsc keyring set` is found by
//! login and server, so neither the config nor the environment has to hold it. Where no keyring
//! is reachable (a container, some SSH sessions) the commands say so, and sign-in falls back to
//! the prompt.
const SERVICE: &str = "ls-console";

/// Why the keyring cannot be used here, or what went wrong in it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct KeyringError(String);

fn entry(login: &str, server: &str) -> Result<keyring::Entry, KeyringError> {
    keyring::Entry::new(SERVICE, &format!("{login}@{server}")).map_err(explain)
}

fn explain(e: keyring::Error) -> KeyringError {
    KeyringError(match e {
        keyring::Error::NoStorageAccess(why) => format!("no OS keyring is reachable here ({why})"),
        keyring::Error::PlatformFailure(why) => format!("the OS keyring failed ({why})"),
        other => format!("the OS keyring: {other}"),
    })
}

/// The stored password for `login` at `server`; `Ok(None)` when none is stored.
pub fn get(login: &str, server: &str) -> Result<Option<String>, KeyringError> {
    match entry(login, server)?.get_password() {
        Ok(p) => Ok(Some(p)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(explain(e)),
    }
}

pub fn set(login: &str, server: &str, password: &str) -> Result<(), KeyringError> {
    match entry(login, server)?.set_password(password) {
        Ok(()) => Ok(()),
        // Linux: the process has no session keyring to store into (a daemon, a container, some
        // SSH logins).
        Err(keyring::Error::NoEntry) => Err(KeyringError(
            "no OS keyring is reachable here (no session keyring); use LSC_PASSWORD, \
             --password-stdin or the prompt"
                .into(),
        )),
        Err(e) => Err(explain(e)),
    }
}

/// Forgets the stored password; `Ok(false)` when there was none.
pub fn delete(login: &str, server: &str) -> Result<bool, KeyringError> {
    match entry(login, server)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(explain(e)),
    }
}
