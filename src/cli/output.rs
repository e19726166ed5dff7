//! What the commands print: a table for people, CSV and JSON for scripts. Every text that
//! came from outside goes through `domain::text` on its way out: tables show control, bidi and
//! invisible characters as escapes, CSV cells neither run formulas nor carry them, JSON
//! escapes them (and stays lossless).
use super::args::Format;
use crate::api::{AccessPage, CreatedUser, ObjectsPage, UsersPage};
use crate::domain::text::{self, visible};
use crate::domain::{Column, LevelSource};
use crate::plan::{Outcome, Plan};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

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

pub fn users(page: &UsersPage, format: Format) {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let _ = writeln!(out, "{}", json(page));
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
                    let mut r: Vec<String> = Column::ALL.iter().map(|c| visible(&c.text(u)).into_owned()).collect();
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

pub fn objects(page: &ObjectsPage, format: Format) {
    match format {
        Format::Json => println!("{}", json(page)),
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
                    visible(&o.name)
                );
            }
            println!("{} objects", page.total);
        }
    }
}

/// A user's levels; `names` are the objects' names by id.
pub fn access(page: &AccessPage, names: &HashMap<i64, String>, format: Format) {
    if format == Format::Json {
        println!("{}", json(page));
        return;
    }
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
                visible(&name(e.object_id))
            );
        }
    }
}

/// A plan: a row per change (`target · what · from → to`), what the policy refused and why, the
/// counts; JSON and CSV carry the same rows for scripts.
pub fn plan(p: &Plan, format: Format) {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let _ = writeln!(out, "{}", json(p));
        }
        Format::Csv => {
            let _ = writeln!(out, "target,what,from,to,outcome,reason");
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
                let _ = writeln!(out, "{}", cells.join(","));
            }
        }
        Format::Table => {
            let head = if p.applied { "applied" } else { "plan" };
            let _ = writeln!(out, "{head}: {}", visible(&p.action));
            // Escaped before the widths are measured: the columns line up on what is shown.
            let rows: Vec<crate::plan::Row> = p.rows.iter().map(crate::plan::Row::visible).collect();
            let w = |f: fn(&crate::plan::Row) -> &str| rows.iter().map(|r| f(r).chars().count()).max().unwrap_or(0);
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
                    (Some(why), Outcome::Refused) => line.push_str(&format!("   refused: {why}")),
                    (Some(why), _) => line.push_str(&format!("   {why}")),
                    (None, _) => {}
                }
                let _ = writeln!(out, "{}", line.trim_end());
            }
            let _ = writeln!(out, "{}", p.summary());
        }
    }
}

/// A new user's login and its one-time credentials (shown once: the service keeps only hashes),
/// after the plan that made it; JSON is one document (`plan`, `created`), CSV the credentials.
pub fn created(p: &Plan, c: &CreatedUser, format: Format) {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let doc = serde_json::json!({ "plan": p, "created": c });
            let _ = writeln!(out, "{}", json(&doc));
        }
        Format::Csv => {
            let _ = writeln!(out, "login,password,api_token");
            let (pw, tok) = (
                csv_secret(&c.credentials.password),
                csv_secret(&c.credentials.api_token),
            );
            let _ = writeln!(out, "{},{pw},{tok}", c.user.login);
        }
        Format::Table => {
            drop(out);
            plan(p, format);
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "created {} ({})", c.user.login, visible(&c.user.username));
            let _ = writeln!(out, "password  {}", c.credentials.password);
            let _ = writeln!(out, "api token {}", c.credentials.api_token);
            let _ = writeln!(out, "(shown once: pass them on now)");
        }
    }
}

/// An import: the plan, then each created user's one-time credentials (JSON: one document).
pub fn imported(p: &Plan, created: &[CreatedUser], format: Format) {
    match format {
        Format::Json => {
            let doc = serde_json::json!({ "plan": p, "created": created });
            println!("{}", json(&doc));
        }
        Format::Csv => {
            println!("login,username,password,api_token");
            for c in created {
                let (pw, tok) = (
                    csv_secret(&c.credentials.password),
                    csv_secret(&c.credentials.api_token),
                );
                println!("{},{},{pw},{tok}", c.user.login, csv_field(&c.user.username));
            }
        }
        Format::Table => {
            plan(p, format);
            if !created.is_empty() {
                println!("\ncreated (credentials shown once: pass them on now):");
                for c in created {
                    println!(
                        "{}  {:<24}  password {}  api token {}",
                        c.user.login,
                        visible(&c.user.username),
                        c.credentials.password,
                        c.credentials.api_token
                    );
                }
            }
        }
    }
}
