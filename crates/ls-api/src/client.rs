//! The LS API client: reqwest over rustls, timeouts, and the `usr` header on every request.
use super::types::*;
use ls_domain::usr::{md5_hex, password_hash, usr_header_from_hashes};
use ls_domain::Login;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;

// Requests by resource, each an `impl Client` of its own; their types keep their paths here.
mod audit;
mod events;
mod objects;
mod users;

pub use events::{Event, Events};
pub use users::UserQuery;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error body.
    #[error("{message}")]
    Api {
        status: u16,
        code: ErrorCode,
        message: String,
        field: Option<String>,
    },
    #[error("cannot reach the server: {0}")]
    Network(String),
    #[error("the server took too long to answer")]
    Timeout,
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
    #[error("{0}")]
    Config(String),
}

impl ClientError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api { code, .. } => Some(*code),
            _ => None,
        }
    }
    pub fn field(&self) -> Option<&str> {
        match self {
            ClientError::Api { field, .. } => field.as_deref(),
            _ => None,
        }
    }
    /// Whether the server was not reached at all (the draft certainly did not land).
    pub fn is_connection(&self) -> bool {
        matches!(self, ClientError::Network(_) | ClientError::Timeout)
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            ClientError::Timeout
        } else if e.is_decode() {
            ClientError::Decode(e.to_string())
        } else {
            // The innermost cause says what went wrong ("Connection refused"); reqwest's own
            // text is a long chain. Neither ever holds a header, so no secret leaks here.
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg = s.to_string();
                src = s.source();
            }
            ClientError::Network(msg)
        }
    }
}

/// What the client signs requests with. The password itself is hashed at once and dropped.
#[derive(Clone)]
pub struct Credentials {
    pub login: Login,
    h_password: String,
    h_token: String,
}

impl Credentials {
    pub fn new(login: Login, password: &str, token: &str) -> Self {
        Credentials {
            login,
            h_password: password_hash(login, password),
            h_token: md5_hex(token),
        }
    }
    pub fn header(&self) -> String {
        usr_header_from_hashes(self.login, &self.h_password, &self.h_token)
    }

    /// Another user's credentials with the same API token (a sign-in typed in the console).
    pub fn as_user(&self, login: Login, password: &str) -> Self {
        Credentials {
            login,
            h_password: password_hash(login, password),
            h_token: self.h_token.clone(),
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({}, ***)", self.login)
    }
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    /// For the event stream: silent for at most three of the server's 15 s keep-alives.
    stream: reqwest::Client,
    base: String,
    creds: Credentials,
    /// TLS certificates are not checked (`--insecure`, loopback only).
    insecure: bool,
    /// The last answer per URL with its tag: asked again with `If-None-Match`, an unchanged
    /// answer is a `304` with no body, and this one is used.
    cache: std::sync::Arc<std::sync::Mutex<Kept>>,
}

/// Bodies kept for conditional requests, packed (zstd) so the console's memory holds a tenth
/// of them, and bounded: the oldest go first.
#[derive(Default)]
struct Kept {
    /// Shared bytes: a request takes its copy of a kept answer without copying megabytes.
    by_url: std::collections::HashMap<String, (String, std::sync::Arc<[u8]>, u64)>,
    bytes: usize,
    tick: u64,
}

impl Kept {
    /// Packed bytes kept at most.
    const LIMIT: usize = 8 << 20;

    fn get(&self, url: &str) -> Option<(String, std::sync::Arc<[u8]>)> {
        let (tag, packed, _) = self.by_url.get(url)?;
        Some((tag.clone(), packed.clone()))
    }
    fn put(&mut self, url: String, tag: String, packed: std::sync::Arc<[u8]>) {
        self.forget(&url);
        if packed.len() > Self::LIMIT {
            return;
        }
        self.tick += 1;
        self.bytes += packed.len();
        self.by_url.insert(url, (tag, packed, self.tick));
        while self.bytes > Self::LIMIT {
            let Some(oldest) = self.by_url.iter().min_by_key(|(_, (.., t))| *t).map(|(u, _)| u.clone()) else {
                break;
            };
            self.forget(&oldest);
        }
    }
    fn forget(&mut self, url: &str) {
        if let Some((_, p, _)) = self.by_url.remove(url) {
            self.bytes -= p.len();
        }
    }
}

/// Request bodies larger than this go compressed (zstd): batches of thousands of levels.
const PACK_ABOVE: usize = 16 << 10;

/// A body bigger than [`PACK_ABOVE`] goes zstd-compressed (`Content-Encoding: zstd`): the
/// server's body limit counts what is sent, so a batch of 200,000 levels fits it.
fn pack(mut req: reqwest::Request) -> Result<reqwest::Request, ClientError> {
    let Some(raw) = req.body().and_then(|b| b.as_bytes()) else {
        return Ok(req);
    };
    if raw.len() <= PACK_ABOVE {
        return Ok(req);
    }
    let packed =
        zstd::encode_all(raw, 3).map_err(|e| ClientError::Config(format!("cannot compress the request: {e}")))?;
    let h = req.headers_mut();
    h.insert(
        reqwest::header::CONTENT_ENCODING,
        reqwest::header::HeaderValue::from_static("zstd"),
    );
    h.remove(reqwest::header::CONTENT_LENGTH);
    *req.body_mut() = Some(packed.into());
    Ok(req)
}

/// Whether `url` names this machine.
pub fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split('/').next().unwrap_or("");
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host),
    };
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Client({}, {:?})", self.base, self.creds)
    }
}

impl Client {
    /// A client for `base` (e.g. `http://127.0.0.1:8080`). TLS goes through rustls with the
    /// platform's root certificates checked.
    pub fn new(base: &str, creds: Credentials) -> Result<Self, ClientError> {
        Self::with_timeout(base, creds, Duration::from_secs(15))
    }

    pub fn with_timeout(base: &str, creds: Credentials, timeout: Duration) -> Result<Self, ClientError> {
        Self::build(base, creds, timeout, false, !is_loopback(base))
    }

    /// A client that packs what it sends and asks for packed answers even on loopback: for a
    /// link simulator on this machine standing in for a remote service.
    pub fn over_link(base: &str, creds: Credentials) -> Result<Self, ClientError> {
        Self::build(base, creds, Duration::from_secs(15), false, true)
    }

    /// The client for a configured server. `insecure` (`--insecure`) accepts any TLS certificate,
    /// and only for a server on this machine (a test instance with a self-signed certificate).
    pub fn for_server(base: &str, creds: Credentials, insecure: bool) -> Result<Self, ClientError> {
        if insecure && !is_loopback(base) {
            return Err(ClientError::Config(format!(
                "--insecure is only allowed for a server on this machine (127.0.0.1, ::1, localhost), not {base}"
            )));
        }
        Self::build(base, creds, Duration::from_secs(15), insecure, !is_loopback(base))
    }

    /// The same API token signed in as `login` with `password`, at `server` (or this client's
    /// own): nothing of this client's kept answers goes along.
    ///
    /// Another server typed by hand gets neither the configured API token (it is this server's:
    /// its hash in a header another server saw could be replayed here) nor anything over plain
    /// HTTP off this machine (the header would cross the network readable).
    pub fn sign_in(&self, server: Option<&str>, login: Login, password: &str) -> Result<Self, ClientError> {
        let base = server.map(|s| s.trim().trim_end_matches('/')).filter(|s| !s.is_empty());
        match base {
            Some(b) if b != self.base => {
                if !b.starts_with("https://") && !is_loopback(b) {
                    return Err(ClientError::Config(format!(
                        "{b}: a server typed here must be https:// (or on this machine), or the password would cross the network readable"
                    )));
                }
                Self::for_server(b, Credentials::new(login, password, ""), self.insecure)
            }
            _ => Ok(Client {
                creds: self.creds.as_user(login, password),
                cache: Default::default(),
                ..self.clone()
            }),
        }
    }

    /// The same service signed in with other credentials (to check a USR header before it is
    /// handed out): nothing of this client's kept answers goes along.
    pub fn with_credentials(&self, creds: Credentials) -> Self {
        Client {
            creds,
            cache: Default::default(),
            ..self.clone()
        }
    }

    /// `pack`: ask for compressed answers (off on loopback, where packing costs more than the
    /// bytes it saves; the embedded demo).
    fn build(
        base: &str,
        creds: Credentials,
        timeout: Duration,
        insecure: bool,
        pack: bool,
    ) -> Result<Self, ClientError> {
        let base = base.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ClientError::Config(format!(
                "server address '{base}' must start with http:// or https://"
            )));
        }
        // rustls with the platform's roots; certificates are checked unless asked otherwise.
        // `read_timeout`: no byte for that long is a dead link; a big answer arriving slowly
        // over a thin link is not (a whole-request limit would cut it off every time).
        let mut http = reqwest::Client::builder();
        if !pack {
            http = http.no_gzip().no_zstd();
        }
        let http = http
            .danger_accept_invalid_certs(insecure)
            .connect_timeout(Duration::from_secs(5))
            .read_timeout(timeout)
            // A server trickling a byte at a time still ends: no answer takes 10 minutes.
            .timeout(Duration::from_secs(600))
            .user_agent(concat!("lsc/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Config(e.to_string()))?;
        let stream = reqwest::Client::builder()
            .danger_accept_invalid_certs(insecure)
            .connect_timeout(Duration::from_secs(5))
            .read_timeout(Duration::from_secs(45))
            .user_agent(concat!("lsc/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Config(e.to_string()))?;
        Ok(Client {
            http,
            stream,
            base,
            creds,
            insecure,
            cache: Default::default(),
        })
    }

    pub fn insecure(&self) -> bool {
        self.insecure
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn login(&self) -> Login {
        self.creds.login
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    async fn send<T: DeserializeOwned>(&self, req: reqwest::RequestBuilder) -> Result<T, ClientError> {
        let req = req.header("usr", self.creds.header()).build()?;
        let req = pack(req)?;
        // Deltas (`since=`) differ each time: not worth keeping, and they would push the whole
        // lists out.
        let url = (req.method() == reqwest::Method::GET && !req.url().query().is_some_and(|q| q.contains("since=")))
            .then(|| req.url().to_string());
        self.execute(req, url).await
    }

    /// Sends `req`; a GET (`url`) goes with the tag of the answer kept for it, and a `304`
    /// takes that answer.
    async fn execute<T: DeserializeOwned>(
        &self,
        mut req: reqwest::Request,
        url: Option<String>,
    ) -> Result<T, ClientError> {
        let kept = url.as_ref().and_then(|u| self.kept().get(u));
        if let Some((tag, _)) = &kept {
            if let Ok(v) = reqwest::header::HeaderValue::from_str(tag) {
                req.headers_mut().insert(reqwest::header::IF_NONE_MATCH, v);
            }
        }
        let resp = self.http.execute(req).await?;
        let status = resp.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            let (_, packed) = kept.ok_or_else(|| ClientError::Decode("304 for an answer never asked".into()))?;
            let bytes = zstd::decode_all(&packed[..]).map_err(|e| ClientError::Decode(e.to_string()))?;
            return serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode(e.to_string()));
        }
        let tag = resp
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = resp.bytes().await?;
        if let Some(u) = url {
            match tag.filter(|_| status.is_success()) {
                Some(t) => {
                    // Level 1: packing costs a few ms a megabyte, and keeps a tenth of it.
                    if let Ok(p) = zstd::encode_all(bytes.as_ref(), 1) {
                        self.kept().put(u, t, p.into());
                    }
                }
                None => self.kept().forget(&u),
            }
        }
        if status.is_success() {
            serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode(e.to_string()))
        } else {
            Err(match serde_json::from_slice::<ErrorBody>(&bytes) {
                Ok(b) => ClientError::Api {
                    status: status.as_u16(),
                    code: b.error.code,
                    message: b.error.message,
                    field: b.error.field,
                },
                Err(_) => {
                    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
                        .trim()
                        .to_string();
                    ClientError::Api {
                        status: status.as_u16(),
                        code: ErrorCode::Other,
                        message: if text.is_empty() {
                            format!("the server answered {status}")
                        } else {
                            format!("the server answered {status}: {text}")
                        },
                        field: None,
                    }
                }
            })
        }
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        self.send(self.http.get(self.url(path))).await
    }

    async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ClientError> {
        self.send(self.http.post(self.url(path)).json(body)).await
    }

    pub async fn health(&self) -> Result<Health, ClientError> {
        self.get("/api/health").await
    }
    pub async fn me(&self) -> Result<Me, ClientError> {
        self.get("/api/me").await
    }
    pub async fn rights(&self) -> Result<Vec<ls_domain::Right>, ClientError> {
        self.get("/api/rights").await
    }
    pub async fn roles(&self) -> Result<Vec<RoleInfo>, ClientError> {
        self.get("/api/roles").await
    }
    pub async fn dealers(&self) -> Result<Vec<Dealer>, ClientError> {
        self.get("/api/dealers").await
    }
    /// The dealers the caller sees, each with its user quota and its users now.
    pub async fn dealers_info(&self) -> Result<Vec<DealerInfo>, ClientError> {
        self.get("/api/dealers").await
    }
    /// Sets a dealer's user quota (`None`: no quota); ADMIN only.
    pub async fn set_dealer_quota(&self, id: i64, quota: Option<u32>) -> Result<DealerInfo, ClientError> {
        self.send(
            self.http
                .put(self.url(&format!("/api/dealers/{id}")))
                .json(&DealerQuota { user_quota: quota }),
        )
        .await
    }
    pub async fn create_dealer(&self, d: &NewDealer) -> Result<Dealer, ClientError> {
        self.post("/api/dealers", d).await
    }
    /// White Server: the license behind an AggregatorAuthentication token (no usr header needed).
    pub async fn ws_license(&self, license_id: &str) -> Result<AggregatorLicense, ClientError> {
        self.send(
            self.http
                .get(self.url("/ws/v1/licenses/current"))
                .header("AggregatorAuthentication", license_id),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_server_gets_no_token_and_no_plain_http() {
        let c = Client::for_server(
            "https://ls.example.com",
            Credentials::new(Login::new(2).unwrap(), "p", "tok"),
            false,
        )
        .unwrap();
        let l = Login::new(2).unwrap();
        assert!(c.sign_in(Some("http://other.example.com"), l, "pw").is_err());
        let other = c.sign_in(Some("https://other.example.com/"), l, "pw").unwrap();
        assert_eq!(
            other.creds.h_token,
            md5_hex(""),
            "the configured token stays with its server"
        );
        let same = c.sign_in(Some("https://ls.example.com"), l, "pw").unwrap();
        assert_eq!(same.creds.h_token, md5_hex("tok"));
        assert!(
            c.sign_in(Some("http://127.0.0.1:9"), l, "pw").is_ok(),
            "loopback may be plain"
        );
    }

    #[test]
    fn insecure_only_for_loopback() {
        for u in [
            "https://127.0.0.1:8443",
            "https://localhost",
            "https://[::1]:9/x",
            "http://127.0.0.2",
        ] {
            assert!(is_loopback(u), "{u}");
        }
        for u in [
            "https://ls.example.com",
            "https://10.0.0.1:443",
            "https://127.0.0.1.evil.com",
            "https://[2001:db8::1]",
        ] {
            assert!(!is_loopback(u), "{u}");
        }
        let c = || Credentials::new(Login::new(1).unwrap(), "p", "t");
        assert!(Client::for_server("https://ls.example.com", c(), true).is_err());
        let ok = Client::for_server("https://127.0.0.1:8443", c(), true).unwrap();
        assert!(ok.insecure());
        assert!(!Client::for_server("https://ls.example.com", c(), false)
            .unwrap()
            .insecure());
    }
}
