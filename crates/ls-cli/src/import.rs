//! `lsc users import FILE.csv|FILE.xlsx`: one user a row, planned like every write — each row
//! created, skipped (already there, or named twice in the file) or refused (invalid fields, or
//! the policy), with the reason — then the planned rows created one by one.
//!
//! A CSV file may be separated by `,`, `;` (what Excel writes where the decimal mark is a comma,
//! as in a Russian locale) or tab: the header line tells which, unless `--separator` says.
use super::args::Write;
use super::write::{actor, field_message, finish, rights, roles};
use super::{output, parse_login, Fail};
use ls_core::api::{Client, CreatedUser, UserQuery};
use ls_core::domain::policy::Policy;
use ls_core::domain::text::{visible, LookAlike};
use ls_core::domain::{Language, UserDraft};
use ls_core::plan::{Done, Outcome, Plan, Reported, Row};
use ls_core::t;
use std::collections::HashMap;
use std::io::{BufRead, Read};
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

/// The UTF-8 byte order mark Excel puts before a "CSV UTF-8" file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The separator of a CSV file whose first line is `header`: of `,`, `;` and tab, the one
/// found most often outside quotes (`,` when none is, or on a tie with it: one column).
pub fn sniff_separator(header: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in header {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(c) = counts.iter_mut().find(|(s, _)| *s == b) {
                c.1 += 1;
            }
        }
    }
    // The first of the most frequent: `,` wins a tie.
    counts
        .iter()
        .fold((b',', 0), |best, &(s, n)| if n > best.1 { (s, n) } else { best })
        .0
}

/// How a separator is named on the command line.
fn separator_name(s: u8) -> &'static str {
    match s {
        b';' => ";",
        b'\t' => "tab",
        _ => ",",
    }
}

/// A CSV file's records as text: the BOM skipped, the separator `sep` or the header's.
fn read_csv(path: &Path, sep: Option<u8>) -> Result<(Vec<Vec<String>>, u8), Fail> {
    let cannot = |e: std::io::Error| Fail::err(format!("cannot read {}: {e}", path.display()));
    let mut file = std::io::BufReader::new(std::fs::File::open(path).map_err(cannot)?);
    // The header line decides; the rest streams behind it. A header longer than 64 KiB is no
    // list of columns: what was read is sniffed, the rest still parsed.
    let mut header = Vec::new();
    file.by_ref()
        .take(64 * 1024)
        .read_until(b'\n', &mut header)
        .map_err(cannot)?;
    let header = header.strip_prefix(BOM).map(<[u8]>::to_vec).unwrap_or(header);
    let sep = sep.unwrap_or_else(|| sniff_separator(&header));
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(std::io::Cursor::new(header).chain(file));
    let mut rows = Vec::new();
    for rec in r.records().take(MAX_ROWS + 2) {
        let rec = rec.map_err(|e| match e.kind() {
            // Excel's plain "CSV" in a Russian locale is Windows-1251: say what to do.
            csv::ErrorKind::Utf8 { pos, .. } => Fail::usage(t!(
                "cli-import-not-utf8",
                file = path.display().to_string(),
                line = pos.as_ref().map_or(0, |p| p.line())
            )),
            _ => Fail::usage(format!("{}: {e}", path.display())),
        })?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok((rows, sep))
}

/// The file's rows as column → text, by its extension; the first row names the columns.
/// `sep`: the CSV separator (`--separator`), else the header line's.
pub fn read(path: &Path, sep: Option<u8>) -> Result<Vec<HashMap<String, String>>, Fail> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    if sep.is_some() && ext != "csv" {
        return Err(Fail::usage(t!(
            "cli-import-separator-csv",
            file = path.display().to_string()
        )));
    }
    let mut used = b',';
    let table: Vec<Vec<String>> = match ext.as_str() {
        "csv" => {
            let (rows, s) = read_csv(path, sep)?;
            used = s;
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
        let mut msg = t!(
            "cli-import-unknown-column",
            file = path.display().to_string(),
            column = visible(h).into_owned(),
            known = COLUMNS.join(", ")
        );
        // `--separator ,` over a `;` file: one column named `username;first_name;…`.
        if let Some(other) = [b';', b'\t', b',']
            .into_iter()
            .find(|s| *s != used && h.as_bytes().contains(s))
        {
            msg.push_str(&t!("cli-import-separator-hint", sep = separator_name(other)));
        }
        return Err(Fail::usage(msg));
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
        let why = field_message(e);
        return Err(match errs.len() {
            1 => why,
            n => t!("cli-import-more", why = why, n = n - 1),
        });
    }
    Ok(d)
}

/// Plans `rows` (read from `path`), then creates the rows the plan allows unless `--dry-run`.
pub async fn import(
    c: &Client,
    ro: Option<String>,
    path: &Path,
    rows: Vec<HashMap<String, String>>,
    w: Write,
) -> Result<(), Fail> {
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
                .or_insert_with(|| t!("cli-import-like-user", login = u.login.to_string()));
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
        // `from` is empty: a new user has nothing before (the table shows `—`).
        let mut r = match &d {
            Err(why) => Row::judged(
                target,
                "create",
                String::new(),
                to,
                Err(t!("cli-import-invalid", why = why.as_str())),
            ),
            Ok(d) => Row::judged(
                target,
                "create",
                String::new(),
                to,
                p.create_user(d, dealer_id)
                    .map_err(|e| ls_core::i18n::policy::denied(&e)),
            ),
        };
        let key = name.to_lowercase();
        if r.outcome == Outcome::Change {
            if let Some(l) = by_name.get(&key) {
                r.outcome = Outcome::Same;
                r.reason = Some(t!("cli-import-exists", name = name.as_str(), login = l.as_str()));
            } else if let Some(first) = seen.get(&key) {
                r.outcome = Outcome::Same;
                r.reason = Some(t!("cli-import-twice", line = *first));
            } else {
                let like = LookAlike::of(&name);
                if let Some(other) = look_alike(&looks, &like) {
                    // `other` is the whole sentence: a user's or a line's.
                    r.outcome = Outcome::Refused;
                    r.reason = Some(other);
                } else {
                    // Later rows must not look like this one either.
                    for (i, k) in like.keys().into_iter().enumerate() {
                        looks[i].insert(k.to_string(), t!("cli-import-like-line", line = line));
                    }
                }
            }
        }
        seen.entry(key).or_insert(line);
        drafts.push(d.ok().filter(|_| r.outcome == Outcome::Change));
        plan_rows.push(r);
    }
    let action = t!("cli-action-import", n = rows.len(), file = path.display().to_string());
    let mut plan = Plan::new(action, plan_rows).with_done(Done::Created);
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
                let why = ls_core::i18n::policy::client_error(&e);
                row.reason = Some(t!("cli-import-failed", why = why));
            }
        }
    }
    plan = plan.recounted();
    plan.applied = !created.is_empty();
    output::imported(&plan, &created, w.format)?;
    if plan.counts.refused > 0 {
        return Err(Fail {
            code: 3,
            msg: t!("cli-not-created", n = plan.counts.refused, total = plan.rows.len()),
        });
    }
    Ok(())
}
