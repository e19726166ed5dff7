//! `lsc users import FILE.csv|FILE.xlsx`: one user a row, planned like every write — each row
//! created, skipped (already there, or named twice in the file) or refused (invalid fields, or
//! the policy), with the reason — then the planned rows created one by one.
use super::args::Write;
use super::write::{actor, finish, rights, roles};
use super::{output, parse_login, Fail};
use crate::api::{Client, CreatedUser, UserQuery};
use crate::domain::policy::Policy;
use crate::domain::text::{visible, LookAlike};
use crate::domain::{Language, UserDraft};
use crate::plan::{Outcome, Plan, Reported, Row};
use std::collections::HashMap;
use std::path::Path;

/// At most this many rows in one file: the work of one command stays bounded.
pub const MAX_ROWS: usize = 10_000;

const COLUMNS: [&str; 15] = [
    "login",
    "username",
    "first_name",
    "last_name",
    "patronymic",
    "position",
    "city",
    "country",
    "comments",
    "email",
    "phone",
    "mobile",
    "language",
    "roles",
    "rights",
];

/// `First name`, `first-name` and `first_name` are one column.
fn column(h: &str) -> String {
    h.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The file's rows as column → text, by its extension; the first row names the columns.
pub fn read(path: &Path) -> Result<Vec<HashMap<String, String>>, Fail> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    let table: Vec<Vec<String>> = match ext.as_str() {
        "csv" => {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_path(path)
                .map_err(|e| Fail::err(format!("cannot read {}: {e}", path.display())))?;
            let mut rows = Vec::new();
            for rec in r.records().take(MAX_ROWS + 2) {
                let rec = rec.map_err(|e| Fail::usage(format!("{}: {e}", path.display())))?;
                rows.push(rec.iter().map(str::to_string).collect());
            }
            rows
        }
        "xlsx" | "xls" | "ods" => {
            use calamine::Reader;
            let mut wb = calamine::open_workbook_auto(path)
                .map_err(|e| Fail::err(format!("cannot read {}: {e}", path.display())))?;
            let range = wb
                .worksheet_range_at(0)
                .ok_or_else(|| Fail::usage(format!("{}: no sheet", path.display())))?
                .map_err(|e| Fail::err(format!("cannot read {}: {e}", path.display())))?;
            range
                .rows()
                .take(MAX_ROWS + 2)
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect()
        }
        _ => return Err(Fail::usage(format!("{}: a .csv or .xlsx file, please", path.display()))),
    };
    let mut it = table.into_iter();
    let header: Vec<String> = it.next().unwrap_or_default().iter().map(|h| column(h)).collect();
    if let Some(h) = header.iter().find(|h| !h.is_empty() && !COLUMNS.contains(&h.as_str())) {
        return Err(Fail::usage(format!(
            "{}: unknown column '{}' (known: {})",
            path.display(),
            visible(h),
            COLUMNS.join(", ")
        )));
    }
    let rows: Vec<HashMap<String, String>> = it
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .map(|r| {
            header
                .iter()
                .zip(r)
                .filter(|(h, _)| !h.is_empty())
                .map(|(h, v)| (h.clone(), v.trim().to_string()))
                .collect()
        })
        .collect();
    if rows.len() > MAX_ROWS {
        return Err(Fail::usage(format!("{}: more than {MAX_ROWS} rows", path.display())));
    }
    Ok(rows)
}

/// A row as a draft; `Err` names what is wrong with it.
fn draft(row: &HashMap<String, String>, language: Language, dealer_id: i64) -> Result<UserDraft, String> {
    let get = |k: &str| row.get(k).cloned().unwrap_or_default();
    let list = |k: &str| -> Vec<String> { get(k).split([',', ';']).map(str::to_string).collect() };
    let d = UserDraft {
        login: match get("login").as_str() {
            "" => None,
            l => Some(parse_login(l).map_err(|f| f.msg)?),
        },
        username: get("username"),
        first_name: get("first_name"),
        last_name: get("last_name"),
        patronymic: get("patronymic"),
        position: get("position"),
        city: get("city"),
        country: get("country"),
        comments: get("comments"),
        email: get("email"),
        phone: get("phone"),
        mobile: get("mobile"),
        language: match get("language").as_str() {
            "" => language,
            l => l.parse()?,
        },
        roles: roles(&list("roles")).map_err(|f| f.msg)?,
        rights: rights(&list("rights")),
        dealer_id: Some(dealer_id),
        login_allowed: true,
        password: None,
    };
    let errs = d.validate();
    if let Some(e) = errs.first() {
        let more = if errs.len() > 1 {
            format!(" (and {} more)", errs.len() - 1)
        } else {
            String::new()
        };
        return Err(format!("{}: {}{more}", e.field, e.message));
    }
    Ok(d)
}

pub async fn import(c: &Client, ro: Option<String>, path: &Path, w: Write) -> Result<(), Fail> {
    let rows = read(path)?;
    let (actor, dealers) = actor(c, ro).await?;
    let existing = c.users(&UserQuery::default()).await?.users;
    let by_name: HashMap<String, String> = existing
        .iter()
        .map(|u| (u.username.to_lowercase(), u.login.to_string()))
        .collect();
    let levels = Reported {
        levels: HashMap::new(),
        dealers,
    };
    let p = Policy::new(&actor, &levels);
    let dealer_id = actor.user.dealer_id;
    // The server refuses a name that looks like another of the dealer's (TS #39 skeletons):
    // the plan says so first. Both keys of every name are indexed: two names match on either.
    let mut looks: [HashMap<String, String>; 2] = Default::default();
    for u in existing.iter().filter(|u| u.dealer_id == dealer_id) {
        let key = LookAlike::of(&u.username);
        for (i, k) in key.keys().into_iter().enumerate() {
            looks[i]
                .entry(k.to_string())
                .or_insert_with(|| format!("user {}", u.login));
        }
    }
    let look_alike = |looks: &[HashMap<String, String>; 2], key: &LookAlike| {
        key.keys()
            .into_iter()
            .enumerate()
            .find_map(|(i, k)| looks[i].get(k).cloned())
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut plan_rows = Vec::new();
    let mut drafts = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        // The header is line 1.
        let line = i + 2;
        let name = row.get("username").cloned().unwrap_or_default();
        let target = format!("line {line} ({name})");
        let to = row.get("roles").cloned().unwrap_or_default();
        let d = draft(row, actor.user.language, dealer_id);
        let mut r = match &d {
            Err(why) => Row::judged(target, "create", String::new(), to, Err(format!("invalid: {why}"))),
            Ok(d) => Row::judged(
                target,
                "create",
                String::new(),
                to,
                p.create_user(d, dealer_id).map_err(|e| e.to_string()),
            ),
        };
        let key = name.to_lowercase();
        if r.outcome == Outcome::Change {
            if let Some(l) = by_name.get(&key) {
                r.outcome = Outcome::Same;
                r.reason = Some(format!("a user named {name} exists ({l}): skipped"));
            } else if let Some(first) = seen.get(&key) {
                r.outcome = Outcome::Same;
                r.reason = Some(format!("named on line {first} already: skipped"));
            } else {
                let like = LookAlike::of(&name);
                if let Some(other) = look_alike(&looks, &like) {
                    r.outcome = Outcome::Refused;
                    r.reason = Some(format!("username looks like that of {other}: refused"));
                } else {
                    // Later rows must not look like this one either.
                    for (i, k) in like.keys().into_iter().enumerate() {
                        looks[i].insert(k.to_string(), format!("line {line}"));
                    }
                }
            }
        }
        seen.entry(key).or_insert(line);
        drafts.push(d.ok().filter(|_| r.outcome == Outcome::Change));
        plan_rows.push(r);
    }
    let mut plan = Plan::new(
        format!("import {} users from {}", rows.len(), path.display()),
        plan_rows,
    );
    if w.dry_run || plan.counts.change == 0 {
        return finish(&plan, w);
    }
    let mut created: Vec<CreatedUser> = Vec::new();
    for (d, row) in drafts.iter().zip(plan.rows.iter_mut()) {
        let Some(d) = d else { continue };
        match c.create_user(d).await {
            Ok(u) => {
                row.to = format!("{} {}", u.user.login, row.to).trim().to_string();
                created.push(u);
            }
            Err(e) => {
                row.outcome = Outcome::Refused;
                row.reason = Some(format!("not created: {e}"));
            }
        }
    }
    plan = Plan::new(plan.action, plan.rows);
    plan.applied = !created.is_empty();
    output::imported(&plan, &created, w.format);
    if plan.counts.refused > 0 {
        return Err(Fail {
            code: 3,
            msg: format!("{} of {} rows were not created", plan.counts.refused, plan.rows.len()),
        });
    }
    Ok(())
}
