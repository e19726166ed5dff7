//! `lsc`: the console, the LS API service and a few scriptable commands.
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use ls_console::api::{Client, ClientError, Credentials, UserQuery};
use ls_console::config::{self, Config};
use ls_console::domain::{rights, usr, Column, Login, Order};
use ls_console::server::{self, seed, Db};
use ls_console::{embedded, export};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("LSC_GIT_COMMIT"), ")");

const MAIN_HELP: &str = "Examples:
  lsc                                   the console on the embedded demo (no server configured)
  lsc --server https://ls.example.com --login 0042
                                        the console on a real LS (asks for the password)
  lsc serve --seed demo --db ls.db      run the LS API service
  lsc users list --mask username='Test*'
  lsc completions bash > ~/.local/share/bash-completion/completions/lsc

Exit codes: 0 ok, 1 error, 2 usage, 3 authentication or permission refused, 4 not found.";

#[derive(Parser)]
#[command(
    name = "lsc",
    version = VERSION,
    about = "A keyboard-driven console for the Licensing System",
    after_help = MAIN_HELP
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    cmd: Option<Cmd>,
}

#[derive(Args, Clone)]
struct Global {
    /// LS API address (env LSC_SERVER); without one the embedded demo runs.
    #[arg(long, global = true)]
    server: Option<String>,
    /// Your 4-digit login (env LSC_LOGIN).
    #[arg(long, global = true)]
    login: Option<String>,
    /// Config file (default: the user's config dir).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Use the embedded demo even if a server is configured.
    #[arg(long, global = true)]
    demo: bool,
    /// Interface language.
    #[arg(long, global = true, value_parser = ["en", "ru"])]
    lang: Option<String>,
    /// Do not check the server's TLS certificate. Only for a server on this machine (a test
    /// instance with a self-signed certificate); refused for any other address.
    #[arg(long, global = true)]
    insecure: bool,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the LS API service.
    #[command(after_help = "Examples:
  lsc serve --seed demo --db ls.db --bind 127.0.0.1:8080
  LSC_ADMIN_PASSWORD=... LSC_ADMIN_TOKEN=... lsc serve --seed empty --db prod.db
  lsc serve --seed full --seed-number 7 --db big.db      9,999 users, 100,000 units")]
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// SQLite database file (created if missing).
        #[arg(long, default_value = "lsc.db")]
        db: PathBuf,
        /// What a new database starts with.
        #[arg(long, value_enum, default_value_t = SeedKind::Empty)]
        seed: SeedKind,
        /// The generator's seed number: the same number gives the same demo data.
        #[arg(long, default_value_t = 42)]
        seed_number: u64,
    },
    /// Print the usr header for a login, password and API token.
    /// (takes the global --login, or LSC_LOGIN)
    #[command(after_help = "Examples:
  lsc usr --login 0042 --token \"$TOKEN\"              asks for the password, hidden
  printf '%s' \"$PW\" | lsc usr --login 0042 --token T --password-stdin --copy")]
    Usr {
        /// Read the password from standard input (else LSC_PASSWORD, else a hidden prompt).
        #[arg(long)]
        password_stdin: bool,
        /// The API token (else LSC_TOKEN).
        #[arg(long)]
        token: Option<String>,
        /// Also copy the header to the clipboard (OSC 52 over SSH).
        #[arg(long)]
        copy: bool,
    },
    /// A user's API token.
    #[command(after_help = "Examples:
  lsc token show --user 0042
  lsc token renew --user 0042          the old token stops working at once")]
    Token {
        #[command(subcommand)]
        cmd: TokenCmd,
    },
    /// Users of the Licensing System.
    #[command(after_help = "Examples:
  lsc users list --mask email='*@dealer3.*' --sort username
  lsc users list --format csv > users.csv
  lsc users export users.xlsx --mask roles=DEALER_MANAGER")]
    Users {
        #[command(subcommand)]
        cmd: UsersCmd,
    },
    /// Objects of the access tree (accounts, unit groups, units, users) you can see.
    #[command(after_help = "Examples:
  lsc objects list --kind unit --mask '*кафе*'
  lsc objects list --kind unit_group --format json")]
    Objects {
        #[command(subcommand)]
        cmd: ObjectsCmd,
    },
    /// Users' access levels on objects.
    #[command(after_help = "Examples:
  lsc access show --user 0004
  lsc access show --user 0004 --mask 'Fuel*' --format csv")]
    Access {
        #[command(subcommand)]
        cmd: AccessCmd,
    },
    /// The rights catalog.
    #[command(after_help = "Example:
  lsc rights export rights.xlsx")]
    Rights {
        #[command(subcommand)]
        cmd: RightsCmd,
    },
    /// Shell completions on standard output.
    #[command(after_help = "Examples:
  lsc completions bash > ~/.local/share/bash-completion/completions/lsc
  lsc completions zsh > \"${fpath[1]}/_lsc\"
  lsc completions fish > ~/.config/fish/completions/lsc.fish")]
    Completions { shell: clap_complete::Shell },
    /// The man page (roff) on standard output.
    #[command(after_help = "Example:
  lsc man > ~/.local/share/man/man1/lsc.1 && man lsc")]
    Man,
    /// The config file: where it is, what is in effect, a commented starter.
    #[command(after_help = "Examples:
  lsc config path
  lsc config init                      writes a commented config.toml, mode 0600
  lsc config show                      the settings in effect, secrets masked")]
    Config {
        #[command(subcommand)]
        cmd: ConfigCmd,
    },
}

#[derive(Subcommand)]
enum ConfigCmd {
    /// Print the config file's path.
    Path,
    /// Print the settings in effect (file, then environment), secrets masked.
    Show,
    /// Write a commented config.toml (mode 0600: it may hold secrets).
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SeedKind {
    Empty,
    Demo,
    /// The full scale: 9,999 users, ~100,000 units, ~2,000 groups, 50 accounts.
    Full,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Args)]
struct Filter {
    /// COLUMN=MASK, e.g. username=Test4 or email=*@example.com (repeatable; all must match).
    #[arg(long = "mask", value_name = "COLUMN=MASK")]
    masks: Vec<String>,
    /// Column to sort by.
    #[arg(long)]
    sort: Option<String>,
    /// asc or desc.
    #[arg(long)]
    order: Option<String>,
}

#[derive(Subcommand)]
enum UsersCmd {
    /// List users (filtered on the server with the console's wildcard rules).
    List {
        #[command(flatten)]
        filter: Filter,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Export users to an .xlsx file.
    Export {
        file: PathBuf,
        #[command(flatten)]
        filter: Filter,
    },
}

#[derive(Subcommand)]
enum ObjectsCmd {
    /// List objects; the mask uses the console's wildcards.
    List {
        /// account, unit_group, unit or user.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value = "")]
        mask: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum AccessCmd {
    /// A user's direct and effective levels, with where each comes from.
    Show {
        /// Whose access (the global --login is who signs in).
        #[arg(long)]
        user: String,
        #[arg(long, default_value = "")]
        mask: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum TokenCmd {
    /// Print the token (yours, or one you may see).
    Show {
        #[arg(long)]
        user: String,
    },
    /// Issue a new token; the old one stops working at once.
    Renew {
        #[arg(long)]
        user: String,
    },
}

#[derive(Subcommand)]
enum RightsCmd {
    /// Export every right with its descriptions to an .xlsx file.
    Export { file: PathBuf },
}

/// Exit codes: 0 ok, 1 error, 2 usage, 3 authentication or permission, 4 not found.
struct Fail {
    code: u8,
    msg: String,
}

impl Fail {
    fn usage(m: impl Into<String>) -> Self {
        Fail { code: 2, msg: m.into() }
    }
    fn err(m: impl Into<String>) -> Self {
        Fail { code: 1, msg: m.into() }
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
            msg: e.to_string(),
        }
    }
}

/// glibc gives every thread that allocates its own arena, and after the first large free it
/// raises its mmap threshold, so argon2's 19 MiB working memory and big JSON buffers stay resident
/// once freed. Two arenas and a fixed 1 MiB threshold keep the resident size near what is live.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; it is called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = Cli::parse();
    let result = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt.block_on(run(cli)),
        Err(e) => Err(Fail::err(format!("cannot start the runtime: {e}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("lsc: {}", f.msg);
            ExitCode::from(f.code)
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
        ConfigCmd::Path => println!("{}", path.display()),
        ConfigCmd::Show => {
            let cfg = load_config(g)?;
            let exists = path.exists();
            println!(
                "# {}{}",
                path.display(),
                if exists { "" } else { " (not there: defaults)" }
            );
            print!("{}", config::show(&cfg));
        }
        ConfigCmd::Init { force } => {
            if path.exists() && !force {
                return Err(Fail::usage(format!("{} exists; --force overwrites it", path.display())));
            }
            config::write_private(&path, config::EXAMPLE)
                .map_err(|e| Fail::err(format!("cannot write {}: {e}", path.display())))?;
            println!("wrote {} (mode 0600)", path.display());
        }
    }
    Ok(())
}

fn load_config(g: &Global) -> Result<Config, Fail> {
    let (cfg, warnings) = config::load(g.config.as_deref()).map_err(Fail::usage)?;
    for w in warnings {
        eprintln!("lsc: warning: {w}");
    }
    Ok(cfg)
}

async fn run(cli: Cli) -> Result<(), Fail> {
    let g = cli.global.clone();
    match cli.cmd {
        None => {
            let cfg = load_config(&g)?;
            ls_console::tui::run(ls_console::tui::Options {
                server: g.server,
                login: g.login,
                demo: g.demo,
                lang: g.lang,
                insecure: g.insecure,
                config: cfg,
            })
            .await
            .map_err(Fail::err)
        }
        Some(Cmd::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "lsc", &mut std::io::stdout());
            Ok(())
        }
        Some(Cmd::Man) => clap_mangen::Man::new(Cli::command())
            .render(&mut std::io::stdout())
            .map_err(|e| Fail::err(format!("cannot write the man page: {e}"))),
        Some(Cmd::Config { cmd }) => config_cmd(&g, cmd),
        Some(Cmd::Serve {
            bind,
            db,
            seed: kind,
            seed_number,
        }) => serve(&bind, &db, kind, seed_number).await,
        Some(Cmd::Token { cmd }) => {
            let cfg = load_config(&g)?;
            let (TokenCmd::Show { user } | TokenCmd::Renew { user }) = &cmd;
            let login: Login = user
                .parse()
                .map_err(|e: ls_console::domain::LoginError| Fail::usage(e.to_string()))?;
            let (_server, client) = connect(&g, &cfg).await?;
            match cmd {
                TokenCmd::Show { .. } => println!("{}", client.api_access(login).await?.token),
                TokenCmd::Renew { .. } => println!("{}", client.renew_token(login).await?.token),
            }
            Ok(())
        }
        Some(Cmd::Usr {
            password_stdin,
            token,
            copy,
        }) => {
            let cfg = load_config(&g)?;
            let login: Login = config::Connection::resolve(&cfg, None, g.login.clone())
                .login
                .ok_or_else(|| Fail::usage("no login: pass --login or set LSC_LOGIN"))?
                .parse()
                .map_err(|e: ls_console::domain::LoginError| Fail::usage(e.to_string()))?;
            let password = read_password(password_stdin, &cfg)?;
            let token = token
                .or_else(|| std::env::var("LSC_TOKEN").ok())
                .or(cfg.token.clone())
                .ok_or_else(|| Fail::usage("no API token: pass --token or set LSC_TOKEN"))?;
            let header = usr::usr_header(login, &password, &token);
            println!("{header}");
            if copy {
                copy_to_clipboard(&cfg, &header);
            }
            Ok(())
        }
        Some(Cmd::Users { cmd }) => {
            let cfg = load_config(&g)?;
            let (_server, client) = connect(&g, &cfg).await?;
            match cmd {
                UsersCmd::List { filter, format } => {
                    let page = client.users(&user_query(&filter)?).await?;
                    print_users(&page, format);
                    Ok(())
                }
                UsersCmd::Export { file, filter } => {
                    let page = client.users(&user_query(&filter)?).await?;
                    let refs: Vec<_> = page.users.iter().collect();
                    export::users_xlsx(&file, &refs)
                        .map_err(|e| Fail::err(format!("cannot write {}: {e}", file.display())))?;
                    println!("{} users written to {}", refs.len(), file.display());
                    Ok(())
                }
            }
        }
        Some(Cmd::Objects {
            cmd: ObjectsCmd::List { kind, mask, format },
        }) => {
            let cfg = load_config(&g)?;
            let kind: Option<ls_console::domain::ObjectKind> = match kind {
                Some(k) => Some(k.parse().map_err(Fail::usage)?),
                None => None,
            };
            let (_server, client) = connect(&g, &cfg).await?;
            let page = client.objects(kind, &mask, None).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&page).unwrap_or_default()),
                Format::Csv => {
                    println!("id,kind,name,account_id,level");
                    for o in &page.objects {
                        println!(
                            "{},{},{},{},{}",
                            o.id,
                            o.kind.as_str(),
                            csv_field(&o.name),
                            o.account_id.unwrap_or_default(),
                            o.level
                        );
                    }
                }
                Format::Table => {
                    println!("{:>7}  {:<10}  {:<8}  name", "id", "kind", "level");
                    for o in &page.objects {
                        println!(
                            "{:>7}  {:<10}  {:<8}  {}",
                            o.id,
                            o.kind.as_str(),
                            o.level.as_str(),
                            o.name
                        );
                    }
                    println!("{} objects", page.total);
                }
            }
            Ok(())
        }
        Some(Cmd::Access {
            cmd: AccessCmd::Show { user, mask, format },
        }) => {
            let cfg = load_config(&g)?;
            let login: Login = user
                .parse()
                .map_err(|e: ls_console::domain::LoginError| Fail::usage(e.to_string()))?;
            let (_server, client) = connect(&g, &cfg).await?;
            let page = client.access(login, &mask).await?;
            if format == Format::Json {
                println!("{}", serde_json::to_string_pretty(&page).unwrap_or_default());
                return Ok(());
            }
            let names: std::collections::HashMap<i64, String> = client
                .objects(None, "", None)
                .await?
                .objects
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
            if format == Format::Csv {
                println!("object_id,object,direct,effective,source");
            } else {
                println!(
                    "{:>7}  {:<8}  {:<9}  {:<40}  from",
                    "id", "direct", "effective", "object"
                );
            }
            for e in &page.entries {
                let from = match e.source {
                    ls_console::domain::LevelSource::Direct { .. } => "direct".to_string(),
                    ls_console::domain::LevelSource::Group { object_id } => format!("group {}", name(object_id)),
                    ls_console::domain::LevelSource::Account { object_id } => format!("account {}", name(object_id)),
                    ls_console::domain::LevelSource::Hidden => "a group or account you do not see".to_string(),
                };
                if format == Format::Csv {
                    println!(
                        "{},{},{},{},{}",
                        e.object_id,
                        csv_field(&name(e.object_id)),
                        e.direct,
                        e.effective,
                        csv_field(&from)
                    );
                } else {
                    println!(
                        "{:>7}  {:<8}  {:<9}  {:<40}  {from}",
                        e.object_id,
                        e.direct.as_str(),
                        e.effective.as_str(),
                        name(e.object_id)
                    );
                }
            }
            Ok(())
        }
        Some(Cmd::Rights {
            cmd: RightsCmd::Export { file },
        }) => {
            export::rights_xlsx(&file, rights::catalog())
                .map_err(|e| Fail::err(format!("cannot write {}: {e}", file.display())))?;
            println!("{} rights written to {}", rights::catalog().len(), file.display());
            Ok(())
        }
    }
}

/// Copies for the CLI: OSC 52 goes to the controlling terminal, not into piped output.
fn copy_to_clipboard(cfg: &Config, text: &str) {
    let mut clip = ls_console::clipboard::Clipboard::from_config(cfg);
    let outcome = match std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        Ok(mut tty) => clip.copy(text, &mut tty),
        Err(_) => clip.copy(text, &mut std::io::stderr()),
    };
    eprintln!("lsc: copied {}", outcome.describe());
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

/// A client for the configured server, or the embedded demo when none is configured.
async fn connect(g: &Global, cfg: &Config) -> Result<(Option<server::Running>, Client), Fail> {
    let conn = config::Connection::resolve(cfg, g.server.clone(), g.login.clone());
    match conn.server {
        Some(url) if !g.demo => {
            let login: Login = conn
                .login
                .ok_or_else(|| Fail::usage("no login: pass --login or set LSC_LOGIN"))?
                .parse()
                .map_err(|e: ls_console::domain::LoginError| Fail::usage(e.to_string()))?;
            let password = match conn.password {
                Some(p) => p,
                None => read_password(false, cfg)?,
            };
            let token = conn
                .token
                .ok_or_else(|| Fail::usage("no API token: set LSC_TOKEN or token in the config"))?;
            let creds = Credentials::new(login, &password, &token);
            // With --insecure a refused address is a usage error (the flag does not fit it).
            let client = Client::for_server(&url, creds, g.insecure).map_err(|e| {
                if g.insecure {
                    Fail::usage(e.to_string())
                } else {
                    Fail::from(e)
                }
            })?;
            if client.insecure() {
                eprintln!("lsc: WARNING: TLS certificates are NOT checked (--insecure)");
            }
            Ok((None, client))
        }
        _ => {
            let (running, client) = embedded::start_demo(&embedded::demo_db_path())
                .await
                .map_err(Fail::err)?;
            Ok((Some(running), client))
        }
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn print_users(page: &ls_console::api::UsersPage, format: Format) {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(page).unwrap_or_default());
        }
        Format::Csv => {
            let _ = writeln!(out, "{},blocked", Column::ALL.map(|c| c.key()).join(","));
            for u in &page.users {
                let cells: Vec<String> = Column::ALL.iter().map(|c| csv_field(&c.text(u))).collect();
                let _ = writeln!(out, "{},{}", cells.join(","), !u.login_allowed);
            }
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = page
                .users
                .iter()
                .map(|u| {
                    let mut r: Vec<String> = Column::ALL.iter().map(|c| c.text(u)).collect();
                    if !u.login_allowed {
                        r[0].push_str(" (blocked)");
                    }
                    r
                })
                .collect();
            let mut widths: Vec<usize> = Column::ALL.iter().map(|c| c.title().chars().count()).collect();
            for r in &rows {
                for (i, c) in r.iter().enumerate() {
                    widths[i] = widths[i].max(c.chars().count()).min(40);
                }
            }
            let line = |cells: Vec<String>| {
                cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let t: String = c.chars().take(40).collect();
                        format!("{t:<w$}", w = widths[i])
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            let _ = writeln!(
                out,
                "{}",
                line(Column::ALL.iter().map(|c| c.title().to_string()).collect())
            );
            for r in rows {
                let _ = writeln!(out, "{}", line(r));
            }
            let _ = writeln!(out, "{} of {} users", page.users.len(), page.total);
        }
    }
}

async fn serve(bind: &str, path: &std::path::Path, kind: SeedKind, number: u64) -> Result<(), Fail> {
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("LSC_LOG").unwrap_or_else(|_| "info,tower_http=warn".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    let db = Db::open(path).map_err(Fail::err)?;
    let kind = match kind {
        SeedKind::Empty => "empty",
        SeedKind::Demo => "demo",
        SeedKind::Full => "full",
    };
    if let Some(admin) =
        seed::seed_with(&db, kind, seed::admin_credentials_from_env(), number).map_err(|e| Fail::err(e.message))?
    {
        if admin.generated {
            // Printed once, to the operator's terminal, never to the log.
            println!(
                "created admin 0001 — password: {}  API token: {}",
                admin.password, admin.token
            );
            println!("(shown once; set LSC_ADMIN_PASSWORD and LSC_ADMIN_TOKEN to choose them)");
        } else {
            println!("created admin 0001 with the password and token from LSC_ADMIN_PASSWORD / LSC_ADMIN_TOKEN");
        }
    }
    // The demo's sign-ins are printed in the README: such a database stays on loopback.
    let demo_token = db.with(|c| {
        let l = ls_console::domain::Login::new(seed::DEMO_MANAGER.login).ok()?;
        server::store::token(c, l).ok().flatten()
    });
    if demo_token.as_deref() == Some(seed::DEMO_MANAGER.token) && !ls_console::api::client::is_loopback(bind) {
        return Err(Fail::err(format!(
            "{} holds the demo's public sign-ins (README): serve it on loopback only (--bind 127.0.0.1:PORT), \
             or serve a database made with --seed empty",
            path.display()
        )));
    }
    let running = server::start(db, bind)
        .await
        .map_err(|e| Fail::err(format!("cannot listen on {bind}: {e}")))?;
    println!("lsc serve: listening on {}", running.url());
    let _ = std::io::stdout().flush();
    shutdown_signal().await;
    running.stop().await;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
