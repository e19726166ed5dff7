//! What the commands print: a table for people, CSV and JSON for scripts. Every text that
//! came from outside goes through `domain::text` on its way out: tables show control, bidi and
//! invisible characters as escapes, CSV cells neither run formulas nor carry them, JSON
//! escapes them (and stays lossless).
use super::args::Format;
use super::Fail;
use ls_core::api::{AccessPage, CreatedUser, ObjectsPage, UsersPage};
use ls_core::domain::text::{self, visible};
use ls_core::domain::{Column, LevelSource};
use ls_core::plan::{Outcome, Plan};
use ls_core::t;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

/// A command's standard output. Every line is checked: a reader that went away (`lsc … | head`)
/// ends the command quietly through [`Fail::write`] instead of a panic, and no more is sent.
pub struct Out(std::io::StdoutLock<'static>);

impl Out {
    pub fn stdout() -> Out {
        Out(std::io::stdout().lock())
    }

    /// One line.
    pub fn line(&mut self, s: impl std::fmt::Display) -> Result<(), Fail> {
        writeln!(self.0, "{s}").map_err(Fail::write)
    }

    /// Bytes as they are (a man page, completions), flushed.
    pub fn bytes(&mut self, b: &[u8]) -> Result<(), Fail> {
        self.0.write_all(b).and_then(|()| self.0.flush()).map_err(Fail::write)
    }
}

/// One line on standard output, checked (see [`Out`]): for the commands' few single lines.
pub fn say(s: impl std::fmt::Display) -> Result<(), Fail> {
    Out::stdout().line(s)
}

/// One CSV cell of untrusted text: shown, neutralized, quoted (see `text::csv_cell`). The one
/// CSV writer: users, objects, access, plans, imports, the audit.
pub fn csv_field(s: &str) -> String {
    text::csv_cell(s)
}

/// A credential as a CSV cell: quoted where needed, never rewritten (a `'` before a password
/// starting with `-` would make it another password). Credentials hold no control characters.
fn csv_secret(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `v` as pretty JSON whose strings carry no raw control, bidi or invisible character.
pub fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string_pretty(v)
        .map(|s| text::json(&s).into_owned())
        .unwrap_or_default()
}

pub fn users(page: &UsersPage, format: Format) -> Result<(), Fail> {
    let mut out = Out::stdout();
    match format {
        Format::Json => out.line(json(page))?,
        Format::Csv => {
            out.line(format!("{},blocked", Column::ALL.map(|c| c.key()).join(",")))?;
            for u in &page.users {
                let cells: Vec<String> = Column::ALL.iter().map(|c| csv_field(&c.text(u))).collect();
                out.line(format!("{},{}", cells.join(","), !u.login_allowed))?;
            }
        }
        Format::Table => {
            let blocked = format!(" ({})", t!("cli-blocked"));
            let rows: Vec<Vec<String>> = page
                .users
                .iter()
                .map(|u| {
                    let mut r: Vec<String> = Column::ALL.iter().map(|c| visible(&c.text(u)).into_owned()).collect();
                    if !u.login_allowed {
                        r[0].push_str(&blocked);
                    }
                    r
                })
                .collect();
            // The column titles stay as they are: they are the names `--mask` and `--sort` take.
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
            out.line(line(Column::ALL.iter().map(|c| c.title().to_string()).collect()))?;
            for r in rows {
                out.line(line(r))?;
            }
            out.line(t!("cli-users-shown", n = page.users.len(), total = page.total))?;
        }
    }
    Ok(())
}

pub fn objects(page: &ObjectsPage, format: Format) -> Result<(), Fail> {
    let mut out = Out::stdout();
    match format {
        Format::Json => out.line(json(page))?,
        Format::Csv => {
            out.line("id,kind,name,account_id,level")?;
            for o in &page.objects {
                out.line(format!(
                    "{},{},{},{},{}",
                    o.id,
                    o.kind.as_str(),
                    csv_field(&o.name),
                    o.account_id.unwrap_or_default(),
                    o.level
                ))?;
            }
        }
        Format::Table => {
            out.line(format!("{:>7}  {:<10}  {:<8}  name", "id", "kind", "level"))?;
            for o in &page.objects {
                out.line(format!(
                    "{:>7}  {:<10}  {:<8}  {}",
                    o.id,
                    o.kind.as_str(),
                    o.level.as_str(),
                    visible(&o.name)
                ))?;
            }
            out.line(t!("cli-objects-count", n = page.total))?;
        }
    }
    Ok(())
}

/// A user's levels; `names` are the objects' names by id.
pub fn access(page: &AccessPage, names: &HashMap<i64, String>, format: Format) -> Result<(), Fail> {
    let mut out = Out::stdout();
    if format == Format::Json {
        return out.line(json(page));
    }
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    if format == Format::Csv {
        out.line("object_id,object,direct,effective,source")?;
    } else {
        out.line(format!(
            "{:>7}  {:<8}  {:<9}  {:<40}  from",
            "id", "direct", "effective", "object"
        ))?;
    }
    for e in &page.entries {
        // Every source giving the level (an older server sends only the first).
        let one = |s: &LevelSource| match *s {
            LevelSource::Direct { .. } => "direct".to_string(),
            LevelSource::Group { object_id } => format!("group {}", name(object_id)),
            LevelSource::Account { object_id } => format!("account {}", name(object_id)),
            LevelSource::Role { role, object_id } => format!("role {role} of {}", name(object_id)),
            LevelSource::Hidden => "a group or account you do not see".to_string(),
        };
        let from = if e.sources.is_empty() {
            one(&e.source)
        } else {
            e.sources.iter().map(one).collect::<Vec<_>>().join("; ")
        };
        let from = visible(&from);
        if format == Format::Csv {
            out.line(format!(
                "{},{},{},{},{}",
                e.object_id,
                csv_field(&name(e.object_id)),
                e.direct,
                e.effective,
                csv_field(&from)
            ))?;
        } else {
            out.line(format!(
                "{:>7}  {:<8}  {:<9}  {:<40}  {from}",
                e.object_id,
                e.direct.as_str(),
                e.effective.as_str(),
                visible(&name(e.object_id))
            ))?;
        }
    }
    Ok(())
}

/// A plan: a row per change (`target · what · from → to`), what the policy refused and why, the
/// counts (once applied: what was done); JSON and CSV carry the same rows for scripts.
pub fn plan(p: &Plan, format: Format) -> Result<(), Fail> {
    let mut out = Out::stdout();
    match format {
        Format::Json => out.line(json(p))?,
        Format::Csv => {
            out.line("target,what,from,to,outcome,reason")?;
            for r in &p.rows {
                let outcome = serde_json::to_value(r.outcome)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let cells = [
                    &r.target,
                    &r.what,
                    &r.from,
                    &r.to,
                    &outcome,
                    r.reason.as_deref().unwrap_or(""),
                ];
                let cells: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
                out.line(cells.join(","))?;
            }
        }
        Format::Table => {
            let action = visible(&p.action).into_owned();
            out.line(if p.applied {
                t!("cli-applied", action = action)
            } else {
                t!("cli-plan", action = action)
            })?;
            // Escaped before the widths are measured: the columns line up on what is shown. A
            // row with nothing before it (a new user's field) shows `—`, not a blank.
            let rows: Vec<ls_core::plan::Row> = p
                .rows
                .iter()
                .map(|r| {
                    let mut r = r.visible();
                    if r.from.is_empty() {
                        r.from = "—".into();
                    }
                    r
                })
                .collect();
            let w = |f: fn(&ls_core::plan::Row) -> &str| rows.iter().map(|r| f(r).chars().count()).max().unwrap_or(0);
            let (wt, ww, wf) = (w(|r| &r.target).min(48), w(|r| &r.what).min(24), w(|r| &r.from).min(24));
            for r in &rows {
                let mark = match r.outcome {
                    Outcome::Change => "  ",
                    Outcome::Same => "= ",
                    Outcome::Refused => "✗ ",
                    Outcome::Moved => "≠ ",
                };
                let mut line = format!("{mark}{:<wt$} · {:<ww$} · {:>wf$} → {}", r.target, r.what, r.from, r.to);
                match (&r.reason, r.outcome) {
                    (Some(why), Outcome::Refused) => {
                        line.push_str("   ");
                        line.push_str(&t!("cli-refused", why = why.as_str()));
                    }
                    (Some(why), _) => {
                        line.push_str("   ");
                        line.push_str(why);
                    }
                    (None, _) => {}
                }
                out.line(line.trim_end())?;
            }
            out.line(p.outcome())?;
        }
    }
    Ok(())
}

/// A new user's login and its one-time credentials (shown once: the service keeps only hashes),
/// after the plan that made it; JSON is one document (`plan`, `created`), CSV the credentials.
pub fn created(p: &Plan, c: &CreatedUser, format: Format) -> Result<(), Fail> {
    match format {
        Format::Json => {
            let doc = serde_json::json!({ "plan": p, "created": c });
            say(json(&doc))
        }
        Format::Csv => {
            let mut out = Out::stdout();
            out.line("login,password,api_token")?;
            let (pw, tok) = (
                csv_secret(&c.credentials.password),
                csv_secret(&c.credentials.api_token),
            );
            out.line(format!("{},{pw},{tok}", c.user.login))
        }
        Format::Table => {
            plan(p, format)?;
            let mut out = Out::stdout();
            out.line(t!(
                "cli-created",
                login = c.user.login.to_string(),
                name = visible(&c.user.username).into_owned()
            ))?;
            out.line(format!("{:<9} {}", t!("cli-password"), c.credentials.password))?;
            out.line(format!("{:<9} {}", t!("cli-api-token"), c.credentials.api_token))?;
            out.line(t!("cli-shown-once"))
        }
    }
}

/// An import: the plan, then each created user's one-time credentials (JSON: one document).
pub fn imported(p: &Plan, created: &[CreatedUser], format: Format) -> Result<(), Fail> {
    match format {
        Format::Json => {
            let doc = serde_json::json!({ "plan": p, "created": created });
            say(json(&doc))
        }
        Format::Csv => {
            let mut out = Out::stdout();
            out.line("login,username,password,api_token")?;
            for c in created {
                let (pw, tok) = (
                    csv_secret(&c.credentials.password),
                    csv_secret(&c.credentials.api_token),
                );
                out.line(format!("{},{},{pw},{tok}", c.user.login, csv_field(&c.user.username)))?;
            }
            Ok(())
        }
        Format::Table => {
            plan(p, format)?;
            if created.is_empty() {
                return Ok(());
            }
            let mut out = Out::stdout();
            out.line(format!("\n{}", t!("cli-created-list")))?;
            for c in created {
                out.line(format!(
                    "{}  {:<24}  {} {}  {} {}",
                    c.user.login,
                    visible(&c.user.username),
                    t!("cli-password"),
                    c.credentials.password,
                    t!("cli-api-token"),
                    c.credentials.api_token
                ))?;
            }
            Ok(())
        }
    }
}
