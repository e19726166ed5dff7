//! `lsc` and its commands: each command resolves its inputs, connects the same way the console
//! does (`ls_core::connect`), asks the client, and prints. Exit codes: 0 ok, 1 error, 2 usage,
//! 3 authentication or permission, 4 not found.
pub mod args;
mod audit;
mod copy;
mod dealers;
mod import;
mod levels;
mod output;
mod serve;
mod write;

use args::{
    AccessCmd, AuditCmd, Cli, Cmd, ConfigCmd, DealersCmd, Filter, Format, Global, KeyringCmd, ObjectsCmd, RightsCmd,
    TokenCmd, UsersCmd,
};
use clap::CommandFactory;
use ls_core::api::{ClientError, UserQuery};
use ls_core::config::{self, Config};
use ls_core::connect::{self, ConnectError, Connected, Target};
use ls_core::domain::{rights, usr, AccessLevel, Column, Language, Login, LoginError, ObjectKind, Order};
use ls_core::export;
use ls_core::t;
use output::{say, Out};
use std::io::BufRead;
use std::io::Write as _;

/// Why a command stopped, and the exit code that says so.
#[derive(Debug)]
pub struct Fail {
    pub code: u8,
    pub msg: String,
}

impl Fail {
    fn usage(m: impl Into<String>) -> Self {
        Fail { code: 2, msg: m.into() }
    }
    pub fn err(m: impl Into<String>) -> Self {
        Fail { code: 1, msg: m.into() }
    }

    /// Standard output could not be written. A reader that went away (`lsc … | head`) is no
    /// error of ours: the command ends quietly (no message) with 141, what a shell reports for a
    /// process a closed pipe stopped, so `set -o pipefail` still learns the output was cut.
    pub fn write(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Fail {
                code: 141,
                msg: String::new(),
            }
        } else {
            Fail::err(format!("cannot write the output: {e}"))
        }
    }
}

impl From<ClientError> for Fail {
    fn from(e: ClientError) -> Self {
        let code = match e.status() {
            Some(401 | 403) => 3,
            Some(404) => 4,
            _ => 1,
        };
        Fail {
            code,
            // In the language in effect; the server's own message as it came.
            msg: ls_core::i18n::policy::client_error(&e),
        }
    }
}

impl From<ConnectError> for Fail {
    fn from(e: ConnectError) -> Self {
        match e {
            ConnectError::Usage(m) => Fail::usage(m),
            ConnectError::Client(e) => e.into(),
            ConnectError::Embedded(m) => Fail::err(m),
        }
    }
}

/// Where to connect: the flags, else the chosen profile (which beats the environment: a profile
/// named on screen must be the server in use), else the environment and the config.
fn target(g: &Global, cfg: &Config) -> Target {
    let p = cfg.chosen.as_ref();
    Target {
        server: g.server.clone().or_else(|| p.and_then(|p| p.server.clone())),
        login: g.login.clone().or_else(|| p.and_then(|p| p.login.clone())),
        demo: g.demo,
        insecure: g.insecure,
        no_prompt: false,
        password: None,
        sign_in_screen: false,
    }
}

/// Why this start may not write, if it may not: `--read-only`, or a read-only profile.
fn read_only(g: &Global, cfg: &Config) -> Option<String> {
    match &cfg.chosen {
        _ if g.read_only => Some("--read-only".into()),
        Some(p) if p.read_only => Some(format!("profile {}", p.name)),
        _ => None,
    }
}

/// Connects for a command; the embedded demo (if that is what runs) lives as long as the answer.
async fn connect(g: &Global, cfg: &Config) -> Result<Connected, Fail> {
    let mut t = target(g, cfg);
    if g.password_stdin {
        t.password = Some(read_password(true, cfg)?);
    }
    let c = connect::connect(cfg, &t).await?;
    if c.client.insecure() {
        let _ = writeln!(
            std::io::stderr(),
            "lsc: WARNING: TLS certificates are NOT checked (--insecure)"
        );
    }
    if chosen_language(g, cfg).is_none() && !g.machine {
        // Nothing chose a language: the signed-in user's card does, as in the console. A failed
        // answer is left to the command's own request to report.
        if let Ok(me) = c.client.me().await {
            ls_core::i18n::set(me.user.language);
        }
    }
    Ok(c)
}

/// The language chosen before signing in: `--lang`, else the config's `language` (not for
/// JSON or CSV, which a script reads: only `--lang` changes their words).
fn chosen_language(g: &Global, cfg: &Config) -> Option<Language> {
    let explicit: Option<Language> = g.lang.as_deref().and_then(|l| l.parse().ok());
    let configured = || {
        cfg.language
            .as_deref()
            .and_then(|l| l.parse().ok())
            .filter(|_| !g.machine)
    };
    explicit.or_else(configured)
}

/// The format a command prints in (a table for the commands without `--format`).
fn format_of(cmd: &Cmd) -> Format {
    match cmd {
        Cmd::Users { cmd } => match cmd {
            UsersCmd::List { format, .. } | UsersCmd::Diff { format, .. } => *format,
            UsersCmd::Create { write, .. }
            | UsersCmd::Update { write, .. }
            | UsersCmd::Import { write, .. }
            | UsersCmd::Copy { write, .. }
            | UsersCmd::Block { write, .. }
            | UsersCmd::Unblock { write, .. } => write.format,
            UsersCmd::Export { .. } => Format::Table,
        },
        Cmd::Objects {
            cmd: ObjectsCmd::List { format, .. },
        }
        | Cmd::Access {
            cmd: AccessCmd::Show { format, .. },
        }
        | Cmd::Audit {
            cmd: AuditCmd::List { format, .. },
        }
        | Cmd::Dealers {
            cmd: DealersCmd::List { format },
        } => *format,
        Cmd::Access {
            cmd: AccessCmd::Set { write, .. },
        }
        | Cmd::Audit {
            cmd: AuditCmd::Revert { write, .. },
        }
        | Cmd::Dealers {
            cmd: DealersCmd::Quota { write, .. },
        } => write.format,
        _ => Format::Table,
    }
}

fn parse_login(s: &str) -> Result<Login, Fail> {
    s.parse().map_err(|e: LoginError| Fail::usage(e.to_string()))
}

fn load_config(g: &Global) -> Result<Config, Fail> {
    let (mut cfg, warnings) = config::load(g.config.as_deref()).map_err(Fail::usage)?;
    for w in warnings {
        // A warning may quote the config file: shown, not obeyed.
        let _ = writeln!(
            std::io::stderr(),
            "lsc: warning: {}",
            ls_core::domain::text::visible_lines(&w)
        );
    }
    cfg.chosen = cfg.choose(g.profile.as_deref()).map_err(Fail::usage)?;
    if let (Some(p), Some(_)) = (&cfg.chosen, &g.server) {
        return Err(Fail::usage(format!(
            "--server and profile '{}' name two servers: drop one",
            p.name
        )));
    }
    if let Some(l) = chosen_language(g, &cfg) {
        ls_core::i18n::set(l);
    }
    Ok(cfg)
}

/// Runs a command. The language is the calling thread's (`ls_core::i18n::set`): `block_on` polls
/// this future on the thread that called it, across every await, so it is set once.
/// `console` starts the console when no command is given (the binary hands in the TUI's).
pub async fn run(cli: Cli, console: ls_core::console::Launch) -> Result<(), Fail> {
    let mut g = cli.global.clone();
    if let Some(cmd) = &cli.cmd {
        g.machine = format_of(cmd) != Format::Table;
    }
    if let Some(l) = g.lang.as_deref().and_then(|l| l.parse::<Language>().ok()) {
        ls_core::i18n::set(l);
    }
    let Some(cmd) = cli.cmd else {
        let cfg = load_config(&g)?;
        let mut t = target(&g, &cfg);
        if g.password_stdin {
            t.password = Some(read_password(true, &cfg)?);
        }
        return console(ls_core::console::Options {
            target: ls_core::connect::Target {
                sign_in_screen: true,
                ..t
            },
            lang: g.lang.clone(),
            read_only: read_only(&g, &cfg),
            config: cfg,
        })
        .await
        .map_err(Fail::err);
    };
    match cmd {
        Cmd::Completions { shell } => {
            // Into memory first: the generator panics on a write error (`… | head`).
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "lsc", &mut buf);
            Out::stdout().bytes(&buf)
        }
        Cmd::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buf)
                .map_err(|e| Fail::err(format!("cannot write the man page: {e}")))?;
            Out::stdout().bytes(&buf)
        }
        Cmd::Config { cmd } => config_cmd(&g, cmd),
        Cmd::Serve {
            bind,
            db,
            seed,
            seed_number,
            trusted_proxy,
            rate,
        } => serve::serve(&bind, &db, seed, seed_number, trusted_proxy, rate).await,
        Cmd::Rights {
            cmd: RightsCmd::Export { file },
        } => {
            export::rights_xlsx(&file, rights::catalog())
                .map_err(|e| Fail::err(format!("cannot write {}: {e}", file.display())))?;
            let (n, file) = (rights::catalog().len(), file.display().to_string());
            say(t!("cli-rights-written", n = n, file = file))
        }
        Cmd::Usr { token, copy } => {
            let cfg = load_config(&g)?;
            let t = target(&g, &cfg);
            let login = connect::login(&cfg, t.login.clone())?;
            let password = read_password(g.password_stdin, &cfg)?;
            let token = usr_token(token, &cfg, &t, login, &password)?;
            let header = usr::usr_header(login, &password, &token);
            say(&header)?;
            if copy {
                copy_to_clipboard(&cfg, &header);
            }
            Ok(())
        }
        Cmd::Token { cmd } => token(&g, cmd).await,
        Cmd::Keyring { cmd } => keyring(&g, cmd),
        Cmd::Users { cmd } => users(&g, cmd).await,
        Cmd::Audit { cmd } => {
            let cfg = load_config(&g)?;
            let ro = read_only(&g, &cfg);
            let c = connect(&g, &cfg).await?;
            audit::run(&c.client, ro, cmd).await
        }
        Cmd::Dealers { cmd } => {
            let cfg = load_config(&g)?;
            let ro = read_only(&g, &cfg);
            let c = connect(&g, &cfg).await?;
            match cmd {
                DealersCmd::List { format } => dealers::list(&c.client, format).await,
                DealersCmd::Quota { id, quota, write } => dealers::quota(&c.client, ro, id, &quota, write).await,
            }
        }
        Cmd::Objects {
            cmd: ObjectsCmd::List { kind, mask, format },
        } => objects(&g, kind, &mask, format).await,
        Cmd::Access {
            cmd: AccessCmd::Show { user, mask, format },
        } => access(&g, &user, &mask, format).await,
        Cmd::Access {
            cmd:
                AccessCmd::Set {
                    user,
                    mask,
                    ids,
                    kind,
                    object,
                    users_mask,
                    users,
                    level,
                    write,
                },
        } => {
            let cfg = load_config(&g)?;
            let to: AccessLevel = level.parse().map_err(Fail::usage)?;
            let kind: Option<ObjectKind> = kind.map(|k| k.parse()).transpose().map_err(Fail::usage)?;
            let ro = read_only(&g, &cfg);
            let c = connect(&g, &cfg).await?;
            let pick = match (mask, ids) {
                (Some(m), None) => Some(levels::Pick::Mask(m)),
                (None, Some(ids)) => Some(levels::Pick::Ids(ids)),
                _ => None,
            };
            let whom = match (users_mask, users) {
                (Some(m), None) => Some(levels::Whom::Mask(m)),
                (None, Some(l)) => Some(levels::Whom::Logins(
                    l.iter().map(|l| parse_login(l)).collect::<Result<_, _>>()?,
                )),
                _ => None,
            };
            match (user, pick, object, whom) {
                (Some(u), Some(p), None, None) => levels::levels_for_user(&c.client, ro, &u, p, kind, to, write).await,
                (None, None, Some(o), Some(w)) => levels::levels_on_object(&c.client, ro, o, w, to, write).await,
                _ => Err(Fail::usage(
                    "give --user L with --mask M or --ids (one user, many objects), or --object ID with \
                     --users-mask M or --users (one object, many users)",
                )),
            }
        }
    }
}

async fn token(g: &Global, cmd: TokenCmd) -> Result<(), Fail> {
    let cfg = load_config(g)?;
    let (TokenCmd::Show { user } | TokenCmd::Renew { user }) = &cmd;
    let login = parse_login(user)?;
    if let (TokenCmd::Renew { .. }, Some(why)) = (&cmd, read_only(g, &cfg)) {
        return Err(Fail {
            code: 3,
            msg: ls_core::i18n::policy::reason(&ls_core::domain::policy::Reason::ReadOnly(why)),
        });
    }
    let c = connect(g, &cfg).await?;
    let token = match cmd {
        TokenCmd::Show { .. } => c.client.api_access(login).await?.token,
        TokenCmd::Renew { .. } => c.client.renew_token(login).await?.token,
    };
    // The server's text: a real token is plain ASCII and so printed as it is.
    say(ls_core::domain::text::visible(&token))
}

async fn users(g: &Global, cmd: UsersCmd) -> Result<(), Fail> {
    let cfg = load_config(g)?;
    let (filter, export_to, format) = match cmd {
        UsersCmd::List { filter, format } => (filter, None, format),
        UsersCmd::Export { file, filter } => (filter, Some(file), Format::Table),
        UsersCmd::Create {
            fields,
            new_login,
            dealer,
            write,
        } => {
            let c = connect(g, &cfg).await?;
            return write::create(&c.client, read_only(g, &cfg), *fields, new_login, dealer, write).await;
        }
        UsersCmd::Update { user, fields, write } => {
            let c = connect(g, &cfg).await?;
            return write::update(&c.client, read_only(g, &cfg), &user, *fields, write).await;
        }
        UsersCmd::Import { file, separator, write } => {
            // The file is read first: a file that cannot be read needs no sign-in.
            let rows = import::read(&file, separator)?;
            let c = connect(g, &cfg).await?;
            return import::import(&c.client, read_only(g, &cfg), &file, rows, write).await;
        }
        UsersCmd::Copy {
            source,
            username,
            first_name,
            last_name,
            email,
            new_login,
            dealer,
            write,
        } => {
            let c = connect(g, &cfg).await?;
            let d = ls_core::domain::UserDraft {
                login: new_login.as_deref().map(parse_login).transpose()?,
                username,
                first_name,
                last_name,
                email,
                dealer_id: dealer,
                login_allowed: true,
                ..Default::default()
            };
            return copy::user(&c.client, read_only(g, &cfg), &source, d, write).await;
        }
        UsersCmd::Diff { a, b, all, format } => {
            let c = connect(g, &cfg).await?;
            return copy::diff(&c.client, &a, &b, all, format).await;
        }
        UsersCmd::Block { users, write } => {
            let c = connect(g, &cfg).await?;
            return write::block(&c.client, read_only(g, &cfg), &users, false, write).await;
        }
        UsersCmd::Unblock { users, write } => {
            let c = connect(g, &cfg).await?;
            return write::block(&c.client, read_only(g, &cfg), &users, true, write).await;
        }
    };
    let q = user_query(&filter)?;
    let c = connect(g, &cfg).await?;
    let page = c.client.users(&q).await?;
    match export_to {
        None => output::users(&page, format),
        Some(file) => {
            let refs: Vec<_> = page.users.iter().collect();
            export::users_xlsx(&file, &refs).map_err(|e| Fail::err(format!("cannot write {}: {e}", file.display())))?;
            let (n, file) = (refs.len(), file.display().to_string());
            say(t!("cli-users-written", n = n, file = file))
        }
    }
}

async fn objects(g: &Global, kind: Option<String>, mask: &str, format: Format) -> Result<(), Fail> {
    let cfg = load_config(g)?;
    let kind: Option<ObjectKind> = kind.map(|k| k.parse()).transpose().map_err(Fail::usage)?;
    let c = connect(g, &cfg).await?;
    output::objects(&c.client.objects(kind, mask, None).await?, format)
}

async fn access(g: &Global, user: &str, mask: &str, format: Format) -> Result<(), Fail> {
    let cfg = load_config(g)?;
    let login = parse_login(user)?;
    let c = connect(g, &cfg).await?;
    let page = c.client.access(login, mask).await?;
    // The names of the objects the levels are on (JSON carries ids only).
    let names = if format == Format::Json {
        Default::default()
    } else {
        let objects = c.client.objects(None, "", None).await?.objects;
        objects.into_iter().map(|o| (o.id, o.name)).collect()
    };
    output::access(&page, &names, format)
}

fn keyring(g: &Global, cmd: KeyringCmd) -> Result<(), Fail> {
    let cfg = load_config(g)?;
    let t = target(g, &cfg);
    let conn = config::Connection::resolve(&cfg, t.server.clone(), t.login.clone());
    let server = conn
        .server
        .ok_or_else(|| Fail::usage("no server: the embedded demo needs no password (pass --server or --profile)"))?;
    let login = connect::login(&cfg, t.login)?.to_string();
    let kr = |e: ls_core::secrets::KeyringError| Fail::err(e.to_string());
    match cmd {
        KeyringCmd::Set => {
            let password = if g.password_stdin {
                read_password(true, &cfg)?
            } else {
                rpassword::prompt_password(format!("Password for {login} at {server}: "))
                    .map_err(|e| Fail::usage(format!("no password: use --password-stdin ({e})")))?
            };
            ls_core::secrets::set(&login, &server, &password).map_err(kr)?;
            say(format!("stored the password for {login} at {server} in the OS keyring"))
        }
        KeyringCmd::Status => match ls_core::secrets::get(&login, &server).map_err(kr)? {
            Some(_) => say(format!("a password for {login} at {server} is stored")),
            None => say(format!("no password for {login} at {server} is stored")),
        },
        KeyringCmd::Delete => {
            let gone = ls_core::secrets::delete(&login, &server).map_err(kr)?;
            say(if gone { "forgotten" } else { "there was none" })
        }
    }
}

fn config_cmd(g: &Global, cmd: ConfigCmd) -> Result<(), Fail> {
    let path = g
        .config
        .clone()
        .or_else(config::default_path)
        .ok_or_else(|| Fail::err("no config dir on this system: pass --config FILE"))?;
    match cmd {
        ConfigCmd::Path => say(path.display()),
        ConfigCmd::Show => {
            let cfg = load_config(g)?;
            let exists = path.exists();
            let mut out = Out::stdout();
            out.line(format!(
                "# {}{}",
                path.display(),
                if exists { "" } else { " (not there: defaults)" }
            ))?;
            out.bytes(config::show(&cfg).as_bytes())
        }
        ConfigCmd::Init { force } => {
            if path.exists() && !force {
                return Err(Fail::usage(format!("{} exists; --force overwrites it", path.display())));
            }
            config::write_private(&path, config::EXAMPLE)
                .map_err(|e| Fail::err(format!("cannot write {}: {e}", path.display())))?;
            say(format!("wrote {} (mode 0600)", path.display()))
        }
    }
}

/// Copies for the CLI: OSC 52 goes to the controlling terminal, not into piped output.
fn copy_to_clipboard(cfg: &Config, text: &str) {
    let mut clip = ls_core::clipboard::Clipboard::from_config(cfg);
    let outcome = match std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        Ok(mut tty) => clip.copy(text, &mut tty),
        Err(_) => clip.copy(text, &mut std::io::stderr()),
    };
    let _ = writeln!(std::io::stderr(), "lsc: copied {}", outcome.describe());
}

/// The API token `lsc usr` hashes: `--token`, else where a connection takes it (the profile,
/// LSC_TOKEN, the config), else the demo's own for a demo sign-in (the login with the password
/// the README lists; the demo's tokens are as public), else asked for on the terminal, hidden.
/// The server cannot hand it out for the password alone: the header proves both.
fn usr_token(flag: Option<String>, cfg: &Config, t: &Target, login: Login, password: &str) -> Result<String, Fail> {
    let known = flag.or_else(|| config::Connection::resolve(cfg, t.server.clone(), t.login.clone()).token);
    if let Some(token) = known.filter(|k| !k.is_empty()) {
        return Ok(token);
    }
    if let Some(token) = ls_core::embedded::demo_token(login, password) {
        return Ok(token.to_string());
    }
    let none = |why: String| {
        Fail::usage(format!(
            "no API token: pass --token, set LSC_TOKEN or token in the config{why}"
        ))
    };
    let typed = rpassword::prompt_password(format!("API token for {login}: ")).map_err(|e| none(format!(" ({e})")))?;
    let typed = typed.trim().to_string();
    if typed.is_empty() {
        return Err(none(String::new()));
    }
    Ok(typed)
}

fn read_password(from_stdin: bool, cfg: &Config) -> Result<String, Fail> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Fail::err(format!("cannot read the password from stdin: {e}")))?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_string());
    }
    if let Some(p) = std::env::var("LSC_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
        .or(cfg.password.clone())
    {
        return Ok(p);
    }
    rpassword::prompt_password("Password: ")
        .map_err(|e| Fail::usage(format!("no password: use --password-stdin or LSC_PASSWORD ({e})")))
}

fn user_query(f: &Filter) -> Result<UserQuery, Fail> {
    let mut q = UserQuery::default();
    for m in &f.masks {
        let (c, v) = m
            .split_once('=')
            .ok_or_else(|| Fail::usage(format!("--mask '{m}' must be COLUMN=MASK")))?;
        let col: Column = c.parse().map_err(Fail::usage)?;
        q.masks.push((col, v.to_string()));
    }
    if let Some(s) = &f.sort {
        q.sort = Some(s.parse().map_err(Fail::usage)?);
    }
    if let Some(o) = &f.order {
        q.order = Some(o.parse::<Order>().map_err(Fail::usage)?);
    }
    Ok(q)
}
