//! The command line: flags, commands and their examples (clap derive).
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("LSC_GIT_COMMIT"), ")");

const MAIN_HELP: &str = "Examples:
  lsc                                   the console on the embedded demo (no server configured)
  lsc --server https://ls.example.com --login 0042
                                        the console on a real LS (asks for the password)
  lsc serve --seed demo --db ls.db      run the LS API service
  lsc users list --mask username='Test*'
  lsc completions bash > ~/.local/share/bash-completion/completions/lsc

Exit codes: 0 ok, 1 error, 2 usage, 3 authentication or permission refused, 4 not found,
141 the reader of the output went away (`lsc … | head`: it ends quietly).
The language: --lang, else the config's `language`, else your card's (JSON and CSV: --lang only).";

#[derive(Parser)]
#[command(
    name = "lsc",
    version = VERSION,
    about = "A keyboard-driven console for the Licensing System",
    after_help = MAIN_HELP
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub cmd: Option<Cmd>,
}

#[derive(Args, Clone)]
pub struct Global {
    /// LS API address (env LSC_SERVER); without one the embedded demo runs.
    #[arg(long, global = true)]
    pub server: Option<String>,
    /// Your 4-digit login, who signs in (env LSC_LOGIN), wherever it stands on the line; a new
    /// user's login is `--new-login`. On the embedded demo: one of the demo's sign-ins.
    #[arg(long, global = true)]
    pub login: Option<String>,
    /// Config file (default: the user's config dir).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Use the embedded demo even if a server is configured.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Interface language, the console's and the commands' (else the config's `language`, else
    /// your own card's; JSON and CSV output: English unless given).
    #[arg(long, global = true, value_parser = ["en", "ru"])]
    pub lang: Option<String>,
    /// Read the password from standard input, one line (before the profile's, the environment's,
    /// the keyring's or a prompt).
    #[arg(long, global = true)]
    pub password_stdin: bool,
    /// A profile of the config ([profiles.NAME]: server, login, colour, read-only); env LSC_PROFILE.
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Change nothing: the console greys out every write (`:write` lifts it after asking), the
    /// CLI refuses them (`--dry-run` still plans).
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Do not check the server's TLS certificate. Only for a server on this machine (a test
    /// instance with a self-signed certificate); refused for any other address.
    #[arg(long, global = true)]
    pub insecure: bool,
    /// Not a flag: set by `cli::run` when the command prints JSON or CSV, which a script reads,
    /// so only `--lang` changes their words (not the config's language or the user's card).
    #[arg(skip)]
    pub machine: bool,
}

#[derive(Subcommand)]
pub enum Cmd {
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
        /// Proxies (address blocks, e.g. 10.0.0.0/8) whose X-Forwarded-For names the client;
        /// the right-most hop that is not one of them counts. Ignored from any other peer.
        #[arg(long = "trusted-proxy", value_name = "CIDR", num_args = 1..)]
        trusted_proxy: Vec<ls_core::server::listen::Cidr>,
        /// Requests per second each client address and each signed-in login may make, with 30 s
        /// of them at once; a list (users, objects, audit) counts as 5. Beyond: 429. 0: no limit.
        #[arg(long, value_name = "PER_SECOND", default_value_t = ls_core::server::budget::DEFAULT_PER_SECOND)]
        rate: u32,
    },
    /// Print the usr header for a login, password and API token.
    /// (takes the global --login, or LSC_LOGIN)
    #[command(after_help = "Examples:
  lsc usr --login 0042 --token \"$TOKEN\"              asks for the password, hidden
  printf '%s' \"$PW\" | lsc usr --login 0042 --token T --password-stdin --copy
  lsc usr --login 2 --password-stdin --copy         the token from LSC_TOKEN, the profile or
                                                    config; for a demo sign-in the demo's own
The token: --token, LSC_TOKEN, the profile's or config's, the demo's for a demo sign-in (login and
password as the demo documents them), else asked for on the terminal, hidden.")]
    Usr {
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
    /// The audit log: who changed what, field by field; reverting a change.
    #[command(after_help = "Examples:
  lsc audit list --target 0004 --since 7d
  lsc audit list --actor 0002 --action user.block --format csv
  lsc audit revert 812 --dry-run          what would be set back, what moved on since, what is refused
  lsc audit revert 812")]
    Audit {
        #[command(subcommand)]
        cmd: AuditCmd,
    },
    /// Your password in the OS keyring, for the server and login in effect (flags, profile,
    /// environment, config): sign-in takes it from there when nothing else gives one.
    #[command(after_help = "Examples:
  lsc --profile prod keyring set          asks for the password, hidden, and stores it
  printf '%s' \"$PW\" | lsc keyring set --password-stdin
  lsc --profile prod keyring status       stored or not, and whether a keyring is reachable
  lsc --profile prod keyring delete")]
    Keyring {
        #[command(subcommand)]
        cmd: KeyringCmd,
    },
    /// Dealers: who is below whom, their users and user quotas; the administrator sets a quota.
    #[command(after_help = "Examples:
  lsc dealers list
  lsc dealers list --format csv
  lsc dealers quota 3 500 --dry-run       the plan only: nothing is written
  lsc dealers quota 3 none                no quota (ADMIN)")]
    Dealers {
        #[command(subcommand)]
        cmd: DealersCmd,
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
pub enum ConfigCmd {
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
pub enum SeedKind {
    Empty,
    Demo,
    /// The full scale: 9,999 users, ~100,000 units, ~2,000 groups, 50 accounts.
    Full,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Args)]
pub struct Filter {
    /// COLUMN=MASK, e.g. username=Test4 or email=*@example.com (repeatable; all must match).
    #[arg(long = "mask", value_name = "COLUMN=MASK")]
    pub masks: Vec<String>,
    /// Column to sort by.
    #[arg(long)]
    pub sort: Option<String>,
    /// asc or desc.
    #[arg(long)]
    pub order: Option<String>,
}

#[derive(Subcommand)]
pub enum AuditCmd {
    /// Changes you may see, newest first: when, who, what, target, fields.
    List {
        /// Only changes by this login.
        #[arg(long)]
        actor: Option<String>,
        /// Only changes to this user (a login) or object (an id).
        #[arg(long)]
        target: Option<String>,
        /// Only changes touching this object (itself, or a level on it).
        #[arg(long)]
        object: Option<i64>,
        /// An action (user.block) or its family (user, access, object, token).
        #[arg(long)]
        action: Option<String>,
        /// From this age (7d, 12h, 30m) or time (2026-11-23, 2026-11-23T10:00:00Z).
        #[arg(long)]
        since: Option<String>,
        /// Before this age or time.
        #[arg(long)]
        until: Option<String>,
        /// A wildcard mask over the target's and the object's names.
        #[arg(long)]
        mask: Option<String>,
        /// At most this many changes' rows.
        #[arg(long, default_value_t = 200)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Undo a change: what still holds what it wrote is set back, as the policy allows.
    Revert {
        /// The change id (`lsc audit list` shows it).
        change: i64,
        #[command(flatten)]
        write: Write,
    },
}

#[derive(Subcommand)]
pub enum UsersCmd {
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
    /// Create a user; prints the new login and its one-time credentials.
    #[command(after_help = "Examples:
  lsc users create --username ivan.petrov --first-name Ivan --last-name Petrov \\
      --email ivan@dealer1.example --role DEALER_USER
  lsc users create ... --new-login 0420 --dry-run      the plan only: nothing is written
The new user's login is --new-login; the global --login (LSC_LOGIN) is always who signs in.")]
    Create {
        #[command(flatten)]
        fields: Box<UserFields>,
        /// The new user's login (the lowest free one when absent). Not --login: that one is
        /// always who signs in.
        #[arg(long = "new-login", value_name = "NNNN")]
        new_login: Option<String>,
        /// The dealer (default: your own).
        #[arg(long)]
        dealer: Option<i64>,
        #[command(flatten)]
        write: Write,
    },
    /// Change fields of a user; only the fields given change.
    #[command(after_help = "Examples:
  lsc users update 0042 --email new@dealer1.example --phone '+7 900 000 00 00'
  lsc users update 0042 --roles DEALER_USER,SUB_DEALER --dry-run")]
    Update {
        user: String,
        #[command(flatten)]
        fields: Box<UserFields>,
        #[command(flatten)]
        write: Write,
    },
    /// Create users from a .csv or .xlsx file: one user a row, the first row naming the columns
    /// (login, username, first_name, last_name, patronymic, position, city, country, comments,
    /// email, phone, mobile, language, roles, rights; roles and rights separated by , or ;).
    #[command(after_help = "Examples:
  lsc users import people.csv --dry-run           what would be created, skipped or refused, and why
  lsc users import people.xlsx --format csv > credentials.csv
  lsc users import excel-ru.csv --separator ';'   the separator is found from the header anyway
A user whose username exists is skipped, so running it again creates nothing twice. A UTF-8 byte
order mark (Excel's \"CSV UTF-8\") is skipped.")]
    Import {
        file: PathBuf,
        /// The CSV separator: ';', ',' or tab (default: read from the header line, so a file
        /// Excel saved in a Russian locale, with ';', reads as it is).
        #[arg(long, value_name = "SEP", value_parser = separator)]
        separator: Option<u8>,
        #[command(flatten)]
        write: Write,
    },
    /// Create a user like another: its roles, rights and direct grants, where you may give them
    /// (the plan says what is left out and why); prints the new login and its credentials.
    #[command(after_help = "Examples:
  lsc users copy 0042 --username anna.k --first-name Anna --last-name K --email anna@dealer1.example --dry-run
  lsc users copy 0042 --username anna.k --first-name Anna --last-name K --email anna@dealer1.example --new-login 0420
The new user's login is --new-login; the global --login (LSC_LOGIN) is always who signs in.")]
    Copy {
        /// The user to copy.
        source: String,
        #[arg(long)]
        username: String,
        #[arg(long)]
        first_name: String,
        #[arg(long)]
        last_name: String,
        #[arg(long)]
        email: String,
        /// The new user's login (the lowest free one when absent). Not --login: that one is
        /// always who signs in.
        #[arg(long = "new-login", value_name = "NNNN")]
        new_login: Option<String>,
        /// The dealer (default: the source's, when you may create users there; else your own).
        #[arg(long)]
        dealer: Option<i64>,
        #[command(flatten)]
        write: Write,
    },
    /// Compare two users: roles, rights (with their source), object groups and levels on objects
    /// (with theirs); only what differs unless --all.
    #[command(after_help = "Examples:
  lsc users diff 0042 0043
  lsc users diff 0042 0043 --all --format json")]
    Diff {
        a: String,
        b: String,
        /// Every row, also those that are the same.
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Block users: their credentials stop working at once.
    #[command(after_help = "Example:
  lsc users block 0042 0043 --dry-run")]
    Block {
        #[arg(required = true)]
        users: Vec<String>,
        #[command(flatten)]
        write: Write,
    },
    /// Unblock users.
    #[command(after_help = "Example:
  lsc users unblock 0042")]
    Unblock {
        #[arg(required = true)]
        users: Vec<String>,
        #[command(flatten)]
        write: Write,
    },
}

/// `--separator`: one of the separators a spreadsheet writes.
fn separator(s: &str) -> Result<u8, String> {
    match s {
        ";" | "semicolon" => Ok(b';'),
        "," | "comma" => Ok(b','),
        "tab" | "\t" | "\\t" => Ok(b'\t'),
        _ => Err(format!("'{s}': the separator is ';', ',' or tab")),
    }
}

/// A user's fields as flags; on update only those given change.
#[derive(Args, Default)]
pub struct UserFields {
    #[arg(long)]
    pub username: Option<String>,
    #[arg(long)]
    pub first_name: Option<String>,
    #[arg(long)]
    pub last_name: Option<String>,
    #[arg(long)]
    pub patronymic: Option<String>,
    #[arg(long)]
    pub position: Option<String>,
    #[arg(long)]
    pub city: Option<String>,
    #[arg(long)]
    pub country: Option<String>,
    #[arg(long)]
    pub comments: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub mobile: Option<String>,
    /// en or ru.
    #[arg(long)]
    pub language: Option<String>,
    /// The roles, comma-separated (replaces them all), e.g. DEALER_USER,SUB_DEALER.
    #[arg(long, value_delimiter = ',', alias = "role")]
    pub roles: Option<Vec<String>>,
    /// Rights on top of the roles', by code, comma-separated (replaces them all; "" for none).
    #[arg(long, value_delimiter = ',', alias = "right")]
    pub rights: Option<Vec<String>>,
}

#[derive(Subcommand)]
pub enum DealersCmd {
    /// The dealers you see: id, name, parent, users and user quota.
    #[command(after_help = "Examples:
  lsc dealers list
  lsc dealers list --format json")]
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Set a dealer's user quota (ADMIN only): at most N users, or none. Prints the plan line,
    /// then applies it.
    #[command(after_help = "Examples:
  lsc dealers quota 3 500 --dry-run       the plan only: nothing is written
  lsc dealers quota 3 500
  lsc dealers quota 3 none                no quota")]
    Quota {
        /// The dealer's id (`lsc dealers list` shows them).
        id: i64,
        /// At most this many users (0–9999), or `none`.
        #[arg(value_name = "N|none")]
        quota: String,
        #[command(flatten)]
        write: Write,
    },
}

/// What every write takes.
#[derive(Args, Clone, Copy)]
pub struct Write {
    /// Print the plan (what would change, what the policy refuses and why) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Subcommand)]
pub enum ObjectsCmd {
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
pub enum AccessCmd {
    /// Set one level for many objects (of one user) or many users (on one object), as one batch.
    #[command(after_help = "Examples:
  lsc access set --user 0004 --mask 'Fuel Station*' --level view --kind unit --dry-run
  lsc access set --object 120 --users-mask 'Test*' --level edit
Objects or users the policy refuses are left out, each with the reason; the rest is one batch.")]
    Set {
        /// Whose levels: with --mask over object names, or --ids.
        #[arg(long, conflicts_with_all = ["object", "users_mask", "users"])]
        user: Option<String>,
        /// Which objects (the console's wildcards over names).
        #[arg(long, conflicts_with = "ids")]
        mask: Option<String>,
        /// Which objects, by id (comma-separated): what the console's `!` writes.
        #[arg(long, value_delimiter = ',')]
        ids: Option<Vec<i64>>,
        /// Only objects of this kind: account, unit_group, unit.
        #[arg(long)]
        kind: Option<String>,
        /// Which object: with --users-mask over usernames (or COLUMN=MASK), or --users.
        #[arg(long)]
        object: Option<i64>,
        #[arg(long, conflicts_with = "users")]
        users_mask: Option<String>,
        /// Which users, by login (comma-separated).
        #[arg(long, value_delimiter = ',')]
        users: Option<Vec<String>>,
        /// none, view, execute, edit or manage.
        #[arg(long)]
        level: String,
        #[command(flatten)]
        write: Write,
    },
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
pub enum TokenCmd {
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
pub enum RightsCmd {
    /// Export every right with its descriptions to an .xlsx file.
    Export { file: PathBuf },
}

#[derive(Subcommand)]
pub enum KeyringCmd {
    /// Store the password (a hidden prompt, else --password-stdin).
    Set,
    /// Whether a password is stored, and whether a keyring is reachable here.
    Status,
    /// Forget the stored password.
    Delete,
}
