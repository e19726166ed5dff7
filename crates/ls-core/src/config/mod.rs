//! Configuration: `config.toml` in the user's config dir, then environment, then flags.
use serde::Deserialize;
use std::path::{Path, PathBuf};
mod colour;
pub use colour::Colour;

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// LS API address; none: the embedded demo.
    pub server: Option<String>,
    pub login: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
    /// Interface language: `en` or `ru`.
    pub language: Option<String>,
    /// `auto`, `osc52`, `system`, `tmux` or `off`.
    pub clipboard: Option<String>,
    /// How OSC 52 is wrapped inside tmux: `raw` or `passthrough`.
    pub tmux_osc52: Option<String>,
    /// Capture the mouse at start (off by default: it blocks the terminal's own selection).
    pub mouse: Option<bool>,
    /// Where exports go; default: the download dir, else the current dir.
    pub export_dir: Option<PathBuf>,
    /// Log filter for the log file, e.g. `info` or `ls_console=debug`.
    pub log_level: Option<String>,
    /// Built-in theme: `default`, `256`, `high-contrast` or `mono`.
    pub theme: Option<String>,
    /// Single styles over the theme, e.g. `header = "yellow bold"`.
    #[serde(default)]
    pub colors: std::collections::BTreeMap<String, String>,
    /// A keys.toml over the built-in key map (default: keys.toml beside config.toml).
    pub keys: Option<PathBuf>,
    /// Named Licensing Systems: `[profiles.prod] server = "…" login = "0042" color = "red"
    /// read_only = true`, chosen with `--profile` or `LSC_PROFILE`.
    #[serde(default)]
    pub profiles: std::collections::BTreeMap<String, Profile>,
    /// The users list: `[users] columns = ["login", "username", …]`, its columns in order
    /// (those left out are hidden); written by the list's column chooser (`c`).
    #[serde(default)]
    pub users: UsersConfig,
    /// The profile this start chose (not read from the file).
    #[serde(skip)]
    pub chosen: Option<Chosen>,
    /// The file this config was read from (or would be, when there is none yet): where the
    /// console keeps what is chosen in it.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct UsersConfig {
    pub columns: Option<Vec<crate::domain::query::Column>>,
}

/// Keeps the users list's columns in the config file at `path` (through a symlink, the file it
/// names): only `[users] columns` changes, every other key, comment and layout stays
/// (`toml_edit`). The result is read back and must be the old config with only that key changed;
/// it replaces the file at once (a temporary file renamed over it, the file's permissions kept,
/// owner-only for a new one), so a crash never leaves half a config.
pub fn save_columns(path: &Path, columns: &[crate::domain::query::Column]) -> Result<(), String> {
    use toml_edit::{value, Array, DocumentMut, Item, Table};
    let shown = path.display().to_string();
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let (text, mode) = match std::fs::metadata(&path) {
        Ok(m) if !m.is_file() => return Err(format!("config {shown} is not a regular file: not changed")),
        Ok(m) => {
            let t = std::fs::read_to_string(&path).map_err(|e| format!("cannot read config {shown}: {e}"))?;
            (t, Some(m.permissions()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), None),
        Err(e) => return Err(format!("cannot read config {shown}: {e}")),
    };
    let mut want = parse(&text).map_err(|e| format!("config {shown}: {e}"))?;
    want.users.columns = Some(columns.to_vec());
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("config {shown}: {e}"))?;
    let list: Array = columns.iter().map(|c| c.key()).collect();
    match doc.get_mut("users") {
        None => {
            let mut t = Table::new();
            t["columns"] = value(list);
            doc["users"] = Item::Table(t);
        }
        Some(Item::Table(t)) => t["columns"] = value(list),
        Some(Item::Value(toml_edit::Value::InlineTable(t))) => {
            t.insert("columns", list.into());
        }
        Some(_) => return Err(format!("config {shown}: `users` is not a table: not changed")),
    }
    let out = doc.to_string();
    if parse(&out).ok().as_ref() != Some(&want) {
        return Err(format!("config {shown} would not read back as it was: not changed"));
    }
    if out == text {
        return Ok(());
    }
    let tmp = path.with_extension("lsc-new");
    write_private(&tmp, &out).map_err(|e| format!("cannot write config {shown}: {e}"))?;
    if let Some(p) = mode {
        // Set on the new file before it takes the old one's place.
        let _ = std::fs::set_permissions(&tmp, p);
    }
    std::fs::rename(&tmp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write config {shown}: {e}")
    })
}

/// One Licensing System the user works against.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub server: Option<String>,
    pub login: Option<String>,
    /// Only if asked for: secrets are better typed, piped or taken from the environment.
    pub password: Option<String>,
    pub token: Option<String>,
    /// The colour its name is shown in on every screen, e.g. `red`, `#ff8800`, `208`.
    pub color: Option<String>,
    /// Nothing is written unless `:write` is confirmed (the console) — the CLI refuses writes.
    #[serde(default)]
    pub read_only: bool,
}

/// The profile a start asked for, as it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub name: String,
    pub color: Colour,
    pub read_only: bool,
    pub server: Option<String>,
    pub login: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
}

impl Config {
    /// The profile `name` (from `--profile`, else `LSC_PROFILE`), its secrets moved into the
    /// config; `None` when none was asked for. An unknown name lists the known ones.
    pub fn choose(&mut self, name: Option<&str>) -> Result<Option<Chosen>, String> {
        let Some(name) = name.map(str::to_string).or_else(|| env("LSC_PROFILE")) else {
            return Ok(None);
        };
        let Some(p) = self.profiles.get(&name).cloned() else {
            let known: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
            return Err(if known.is_empty() {
                format!("no profile '{name}': the config has no [profiles.NAME] sections")
            } else {
                format!("no profile '{name}' (the config has: {})", known.join(", "))
            });
        };
        if p.server.is_none() {
            // A name on screen must be the server in use, never whatever the environment says.
            return Err(format!("profile '{name}' has no server: add server = \"https://…\""));
        }
        let color = match &p.color {
            None => Colour::Cyan,
            Some(c) => c
                .parse()
                .map_err(|_| format!("profile '{name}': unknown color '{c}' (a name, #rrggbb or 0–255)"))?,
        };
        Ok(Some(Chosen {
            name,
            color,
            read_only: p.read_only,
            server: p.server,
            login: p.login,
            password: p.password,
            token: p.token,
        }))
    }
}

/// The commented starter written by `lsc config init` (the same file as `config.example.toml`).
pub const EXAMPLE: &str = include_str!("../../../../config.example.toml");

/// The settings in effect as TOML, with environment overrides applied and secrets masked.
pub fn show(cfg: &Config) -> String {
    let conn = Connection::resolve(cfg, None, None);
    let mask = |v: &Option<String>| v.as_ref().map(|_| "•••••• (set)".to_string());
    let q = |v: &Option<String>| match v {
        Some(v) => format!("{v:?}"),
        None => "# (unset)".into(),
    };
    let mut out = String::new();
    if let Some(p) = &cfg.chosen {
        out.push_str(&format!(
            "# profile {} ({}){}\n",
            p.name,
            p.color,
            if p.read_only { ", read-only" } else { "" }
        ));
    }
    out.push_str(&format!("server = {}\n", q(&conn.server)));
    out.push_str(&format!("login = {}\n", q(&conn.login)));
    out.push_str(&format!("password = {}\n", q(&mask(&conn.password))));
    out.push_str(&format!("token = {}\n", q(&mask(&conn.token))));
    out.push_str(&format!("language = {}\n", q(&cfg.language)));
    out.push_str(&format!("clipboard = {}\n", q(&clipboard(cfg))));
    out.push_str(&format!("tmux_osc52 = {}\n", q(&cfg.tmux_osc52)));
    out.push_str(&format!("mouse = {}\n", cfg.mouse.unwrap_or(false)));
    out.push_str(&format!(
        "export_dir = {}\n",
        q(&cfg.export_dir.as_ref().map(|p| p.display().to_string()))
    ));
    out.push_str(&format!("log_level = {}\n", q(&cfg.log_level)));
    out.push_str(&format!("theme = {}\n", q(&cfg.theme)));
    out.push_str(&format!(
        "keys = {}\n",
        q(&cfg.keys.as_ref().map(|p| p.display().to_string()))
    ));
    if !cfg.colors.is_empty() {
        out.push_str("\n[colors]\n");
        for (k, v) in &cfg.colors {
            out.push_str(&format!("{k} = {v:?}\n"));
        }
    }
    if let Some(cols) = &cfg.users.columns {
        let names: Vec<String> = cols.iter().map(|c| format!("{:?}", c.key())).collect();
        out.push_str(&format!("\n[users]\ncolumns = [{}]\n", names.join(", ")));
    }
    out
}

/// The clipboard strategy asked for: `LSC_CLIPBOARD`, else the config.
pub fn clipboard(cfg: &Config) -> Option<String> {
    env("LSC_CLIPBOARD").or_else(|| cfg.clipboard.clone())
}

/// The user's keys.toml: the configured file (which must exist), else the one beside the
/// default config (if there). Returns its path and text.
pub fn keys_file(cfg: &Config) -> Result<Option<(PathBuf, String)>, String> {
    if let Some(p) = &cfg.keys {
        return std::fs::read_to_string(p)
            .map(|t| Some((p.clone(), t)))
            .map_err(|e| format!("cannot read keys file {}: {e}", p.display()));
    }
    let Some(p) = project_dirs().map(|d| d.config_dir().join("keys.toml")) else {
        return Ok(None);
    };
    match std::fs::read_to_string(&p) {
        Ok(t) => Ok(Some((p, t))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read keys file {}: {e}", p.display())),
    }
}

pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "ls-console")
}

pub fn default_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Parses config text; errors name the line.
pub fn parse(text: &str) -> Result<Config, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

/// Loads the config at `path` (or the default one). A missing file is an empty config. Returns
/// warnings to show, e.g. a file holding secrets that others can read.
pub fn load(path: Option<&Path>) -> Result<(Config, Vec<String>), String> {
    let Some(p) = path.map(Path::to_path_buf).or_else(default_path) else {
        return Ok((Config::default(), vec![]));
    };
    let text = match std::fs::read_to_string(&p) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.is_none() => {
            let cfg = Config {
                path: Some(p),
                ..Config::default()
            };
            return Ok((cfg, vec![]));
        }
        Err(e) => return Err(format!("cannot read config {}: {e}", p.display())),
    };
    let mut cfg = parse(&text).map_err(|e| format!("config {}: {e}", p.display()))?;
    cfg.path = Some(p.clone());
    let mut warnings = Vec::new();
    let secrets = cfg.password.is_some()
        || cfg.token.is_some()
        || cfg.profiles.values().any(|p| p.password.is_some() || p.token.is_some());
    if secrets && readable_by_others(&p) {
        warnings.push(format!(
            "config {} holds secrets and is readable by others: run chmod 600 on it",
            p.display()
        ));
    }
    Ok((cfg, warnings))
}

#[cfg(unix)]
fn readable_by_others(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .map(|m| m.permissions().mode() & 0o077 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn readable_by_others(_p: &Path) -> bool {
    false
}

/// Writes a file only its owner can read (config files may hold secrets).
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        f.write_all(text.as_bytes())
    }
    #[cfg(not(unix))]
    {
        std::fs::write(path, text)
    }
}

/// Where connection settings come from, resolved: flag, then env, then config.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    pub server: Option<String>,
    pub login: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
}

fn env(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.is_empty())
}

impl Connection {
    /// Flags first, then the chosen profile (it beats the environment: the name on screen is the
    /// server in use, with that profile's own secrets if it has them), then the environment, then
    /// the config's top level.
    pub fn resolve(cfg: &Config, server_flag: Option<String>, login_flag: Option<String>) -> Self {
        let p = cfg.chosen.as_ref();
        let from_profile = |f: fn(&Chosen) -> &Option<String>| p.and_then(|p| f(p).clone());
        Connection {
            server: server_flag
                .or_else(|| from_profile(|p| &p.server))
                .or_else(|| env("LSC_SERVER"))
                .or_else(|| cfg.server.clone()),
            login: login_flag
                .or_else(|| from_profile(|p| &p.login))
                .or_else(|| env("LSC_LOGIN"))
                .or_else(|| cfg.login.clone()),
            password: from_profile(|p| &p.password)
                .or_else(|| env("LSC_PASSWORD"))
                .or_else(|| cfg.password.clone()),
            token: from_profile(|p| &p.token)
                .or_else(|| env("LSC_TOKEN"))
                .or_else(|| cfg.token.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_config_parses() {
        let c = parse(EXAMPLE).expect("config.example.toml parses");
        assert_eq!(c.clipboard.as_deref(), Some("auto"));
    }

    #[test]
    fn unknown_key_names_line() {
        let e = parse("server = \"http://x\"\nbogus = 1\n").unwrap_err();
        assert!(e.contains("bogus") && e.contains("line 2"), "{e}");
    }

    #[test]
    fn private_file_and_warning() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/config.toml");
        write_private(&p, "token = \"t\"\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
            let (_, w) = load(Some(&p)).unwrap();
            assert!(w.is_empty());
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
            let (_, w) = load(Some(&p)).unwrap();
            assert!(w[0].contains("chmod 600"));
        }
        assert!(load(Some(&dir.path().join("missing.toml"))).is_err());
    }

    #[test]
    fn chosen_columns_are_kept_and_nothing_else_changes() {
        use crate::domain::query::Column;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        // A new file: only the table, owner-only.
        save_columns(&p, &[Column::Login, Column::Email]).unwrap();
        let (c, _) = load(Some(&p)).unwrap();
        assert_eq!(c.users.columns, Some(vec![Column::Login, Column::Email]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        }
        // The starter file: its comments stay, the table is added, then its line replaced.
        std::fs::write(&p, EXAMPLE).unwrap();
        save_columns(&p, &[Column::Login, Column::Phone]).unwrap();
        save_columns(&p, &[Column::Login, Column::Dealer, Column::Username]).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        // Every line of the starter stays, in order; the only lines added are the table's.
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && *l != "[users]" && !l.starts_with("columns ="))
            .collect();
        let was: Vec<&str> = EXAMPLE.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(kept, was, "{text}");
        assert_eq!(text.lines().filter(|l| l.starts_with("columns =")).count(), 1, "{text}");
        let (c, _) = load(Some(&p)).unwrap();
        assert_eq!(
            c.users.columns,
            Some(vec![Column::Login, Column::Dealer, Column::Username])
        );
        assert_eq!(c.clipboard.as_deref(), Some("auto"));
        // A [users] table followed by another keeps the other table's keys.
        std::fs::write(&p, "[users]\n# mine\n\n[colors]\nheader = \"red\"\n").unwrap();
        save_columns(&p, &[Column::Login]).unwrap();
        let (c, _) = load(Some(&p)).unwrap();
        assert_eq!(c.users.columns, Some(vec![Column::Login]));
        assert_eq!(c.colors.get("header").map(String::as_str), Some("red"));
        assert!(std::fs::read_to_string(&p).unwrap().contains("# mine"));
        // Tables written other ways are found too; what is not a table is refused, unchanged.
        for text in [
            "[users] # the list\ncolumns = [\"login\"]\n",
            "users.columns = [\n  \"login\",\n]\ntheme = \"mono\"\n",
            "users = { columns = [\"login\"] }\n",
        ] {
            std::fs::write(&p, text).unwrap();
            save_columns(&p, &[Column::Login, Column::Email]).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            let (c, _) = load(Some(&p)).unwrap();
            assert_eq!(c.users.columns, Some(vec![Column::Login, Column::Email]), "{text:?}");
        }
        std::fs::write(&p, "users = 3\n").unwrap();
        assert!(save_columns(&p, &[Column::Login]).is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "users = 3\n", "unchanged");
        // Through a symlink the file it names changes, and the link stays a link.
        #[cfg(unix)]
        {
            let real = dir.path().join("real.toml");
            std::fs::write(&real, "theme = \"mono\"\n").unwrap();
            let link = dir.path().join("link.toml");
            std::os::unix::fs::symlink(&real, &link).unwrap();
            save_columns(&link, &[Column::Login]).unwrap();
            assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
            assert!(std::fs::read_to_string(&real).unwrap().contains("columns"));
        }
        // A directory (or a pipe) is not a config to rewrite.
        assert!(save_columns(dir.path(), &[Column::Login]).is_err());
    }
}
