//! Users: their rows, sign-in secrets, drafts written and diffed, free logins, assessments.
use crate::db::NOW;
use crate::error::{ApiError, ApiResult};
use ls_api::Assessment;
use ls_domain::{Language, Login, Role, Source, User, UserDraft, MAX_LOGIN};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::json;
use std::collections::HashMap;

const USER_COLS: &str = "u.login, u.username, u.first_name, u.last_name, u.patronymic, u.position, \
u.city, u.country, u.comments, u.email, u.phone, u.mobile, u.dealer_id, d.name, u.roles, u.rights, \
u.login_allowed, u.source, u.language, u.version, u.created_at, u.updated_at, u.object_id, u.last_sign_in";

const USER_FROM: &str = "users u JOIN dealers d ON d.id = u.dealer_id";

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|x| !x.is_empty())
}

fn user_from_row(r: &Row) -> rusqlite::Result<User> {
    let login: i64 = r.get(0)?;
    let roles: String = r.get(14)?;
    let rights: String = r.get(15)?;
    let source: String = r.get(17)?;
    let lang: String = r.get(18)?;
    Ok(User {
        login: Login::new(login as u16)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Integer, Box::new(e)))?,
        username: r.get(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        patronymic: r.get(4)?,
        position: r.get(5)?,
        city: r.get(6)?,
        country: r.get(7)?,
        comments: r.get(8)?,
        email: r.get(9)?,
        phone: r.get(10)?,
        mobile: r.get(11)?,
        dealer_id: r.get(12)?,
        dealer: r.get(13)?,
        roles: split_list(&roles).filter_map(|x| x.parse::<Role>().ok()).collect(),
        rights: split_list(&rights).map(str::to_string).collect(),
        object_groups: Vec::new(),
        login_allowed: r.get::<_, i64>(16)? != 0,
        source: if source == "External" {
            Source::External
        } else {
            Source::Ls
        },
        language: lang.parse().unwrap_or(Language::En),
        version: r.get(19)?,
        created_at: r.get(20)?,
        updated_at: r.get(21)?,
        object_id: r.get::<_, Option<i64>>(22)?.unwrap_or_default(),
        level: None,
        last_sign_in: r.get(23)?,
    })
}

/// Unit groups the user holds a direct grant on (the card's Object groups tab).
fn object_groups(c: &Connection, login: Login) -> rusqlite::Result<Vec<i64>> {
    let mut st = c.prepare_cached(
        "SELECT g.object_id FROM grants g JOIN objects o ON o.id = g.object_id \
         WHERE g.login = ?1 AND o.kind = 'unit_group' AND g.level > 0 ORDER BY g.object_id",
    )?;
    let rows = st.query_map([login.get()], |r| r.get(0))?;
    rows.collect()
}

pub fn load_user(c: &Connection, login: Login) -> rusqlite::Result<Option<User>> {
    let sql = format!("SELECT {USER_COLS} FROM {USER_FROM} WHERE u.login = ?1");
    let mut u = c
        .prepare_cached(&sql)?
        .query_row([login.get()], user_from_row)
        .optional()?;
    if let Some(u) = u.as_mut() {
        u.object_groups = object_groups(c, u.login)?;
    }
    Ok(u)
}

/// Every user with its object groups, by login.
pub fn all_users(c: &Connection) -> rusqlite::Result<Vec<User>> {
    let sql = format!("SELECT {USER_COLS} FROM {USER_FROM} ORDER BY u.login");
    let mut st = c.prepare(&sql)?;
    let mut users: Vec<User> = st.query_map([], user_from_row)?.collect::<rusqlite::Result<_>>()?;
    // Object groups in one pass rather than a query per user.
    let mut groups: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut st = c.prepare_cached(
        "SELECT g.login, g.object_id FROM grants g JOIN objects o ON o.id = g.object_id \
         WHERE o.kind = 'unit_group' AND g.level > 0 ORDER BY g.object_id",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for r in rows {
        let (l, g) = r?;
        groups.entry(l).or_default().push(g);
    }
    for u in &mut users {
        if let Some(g) = groups.remove(&(u.login.get() as i64)) {
            u.object_groups = g;
        }
    }
    Ok(users)
}

/// The secrets a sign-in is checked against, and whether the user may sign in: `None` for an
/// unknown login.
pub struct SignIn {
    pub pw_hash: Option<String>,
    pub token: Option<String>,
    pub login_allowed: bool,
}

pub fn sign_in(c: &Connection, login: Login) -> rusqlite::Result<Option<SignIn>> {
    c.prepare_cached("SELECT pw_hash, api_token, login_allowed FROM users WHERE login = ?1")?
        .query_row([login.get()], |r| {
            Ok(SignIn {
                pw_hash: r.get(0)?,
                token: r.get(1)?,
                login_allowed: r.get::<_, i64>(2)? != 0,
            })
        })
        .optional()
}

fn join_roles(d: &UserDraft) -> String {
    let mut r = d.roles.clone();
    r.sort();
    r.dedup();
    r.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(",")
}

fn join_rights(d: &UserDraft) -> String {
    let mut r = d.rights.clone();
    r.sort();
    r.dedup();
    r.join(",")
}

/// Inserts a user row with its object; the creator gets `manage` on it. Used by the API and seeds.
#[allow(clippy::too_many_arguments)]
pub fn insert_user(
    c: &Connection,
    login: Login,
    d: &UserDraft,
    dealer_id: i64,
    source: &str,
    pw_hash: Option<&str>,
    token: &str,
    creator: Option<Login>,
) -> rusqlite::Result<()> {
    let account: Option<i64> = c
        .query_row("SELECT account_id FROM dealers WHERE id = ?1", [dealer_id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    c.prepare_cached("INSERT INTO objects(kind, name, account_id, created_by) VALUES('user', ?1, ?2, ?3)")?
        .execute(params![d.username.trim(), account, creator.map(|l| l.get())])?;
    let object_id = c.last_insert_rowid();
    c.prepare_cached(&format!(
        "INSERT INTO users(login, object_id, username, first_name, last_name, patronymic, position, city, \
         country, comments, email, phone, mobile, dealer_id, roles, rights, login_allowed, source, language, \
         version, created_at, updated_at, pw_hash, api_token) \
         VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,1,{NOW},{NOW},?20,?21)"
    ))?
    .execute(params![
        login.get(),
        object_id,
        d.username.trim(),
        d.first_name.trim(),
        d.last_name.trim(),
        d.patronymic.trim(),
        d.position.trim(),
        d.city.trim(),
        d.country.trim(),
        d.comments,
        d.email.trim(),
        d.phone.trim(),
        d.mobile.trim(),
        dealer_id,
        join_roles(d),
        join_rights(d),
        d.login_allowed as i64,
        source,
        d.language.as_str(),
        pw_hash,
        token,
    ])?;
    if let Some(cr) = creator {
        super::grants::set_grant(c, cr, object_id, ls_domain::AccessLevel::Manage)?;
    }
    Ok(())
}

/// Writes the editable fields of `d` over user `login` and bumps its version.
pub fn update_user(c: &Connection, login: Login, d: &UserDraft) -> rusqlite::Result<()> {
    c.prepare_cached(&format!(
        "UPDATE users SET username=?2, first_name=?3, last_name=?4, patronymic=?5, position=?6, city=?7, \
         country=?8, comments=?9, email=?10, phone=?11, mobile=?12, roles=?13, rights=?14, login_allowed=?15, \
         language=?16, version=version+1, updated_at={NOW} WHERE login=?1"
    ))?
    .execute(params![
        login.get(),
        d.username.trim(),
        d.first_name.trim(),
        d.last_name.trim(),
        d.patronymic.trim(),
        d.position.trim(),
        d.city.trim(),
        d.country.trim(),
        d.comments,
        d.email.trim(),
        d.phone.trim(),
        d.mobile.trim(),
        join_roles(d),
        join_rights(d),
        d.login_allowed as i64,
        d.language.as_str(),
    ])?;
    // Only a new name is written: the object's revision moves only when it changed.
    c.prepare_cached(
        "UPDATE objects SET name = ?2 WHERE id = (SELECT object_id FROM users WHERE login = ?1) AND name <> ?2",
    )?
    .execute(params![login.get(), d.username.trim()])?;
    Ok(())
}

/// The card fields the audit log records, in the order it records them.
const DIFF_FIELDS: [&str; 15] = [
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
    "roles",
    "rights",
    "login_allowed",
    "language",
];

/// A card field as the audit log records it: what a diff writes and a revert compares, from
/// one place so the two always agree.
pub fn draft_field(u: &UserDraft, f: &str) -> Option<String> {
    Some(match f {
        "username" => u.username.trim().into(),
        "first_name" => u.first_name.trim().into(),
        "last_name" => u.last_name.trim().into(),
        "patronymic" => u.patronymic.trim().into(),
        "position" => u.position.trim().into(),
        "city" => u.city.trim().into(),
        "country" => u.country.trim().into(),
        "comments" => u.comments.clone(),
        "email" => u.email.trim().into(),
        "phone" => u.phone.trim().into(),
        "mobile" => u.mobile.trim().into(),
        "roles" => join_roles(u),
        "rights" => join_rights(u),
        "login_allowed" => u.login_allowed.to_string(),
        "language" => u.language.as_str().into(),
        _ => return None,
    })
}

/// What changed between a user and a draft, field by field, for the audit log.
pub fn user_diff(old: &User, new: &UserDraft) -> serde_json::Value {
    let old = UserDraft::from(old);
    let mut m = serde_json::Map::new();
    for f in DIFF_FIELDS {
        let (a, b) = (draft_field(&old, f), draft_field(new, f));
        if a != b {
            m.insert(f.into(), json!({"old": a, "new": b}));
        }
    }
    serde_json::Value::Object(m)
}

/// The login to use: the wanted one if free, else the lowest free one.
pub fn pick_login(c: &Connection, wanted: Option<Login>) -> ApiResult<Login> {
    let count: i64 = c.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?;
    if count >= MAX_LOGIN as i64 {
        return Err(ApiError::limit(
            "the Licensing System holds at most 9,999 users and all logins 0001–9999 are taken",
        ));
    }
    if let Some(w) = wanted {
        let taken: bool = c.query_row("SELECT EXISTS(SELECT 1 FROM users WHERE login = ?1)", [w.get()], |r| {
            r.get(0)
        })?;
        if taken {
            return Err(ApiError::conflict(format!("login {w} is taken")).field("login"));
        }
        return Ok(w);
    }
    let free: i64 = c.query_row(
        "SELECT CASE WHEN NOT EXISTS(SELECT 1 FROM users WHERE login = 1) THEN 1 ELSE \
         (SELECT MIN(u.login) + 1 FROM users u WHERE u.login < 9999 AND NOT EXISTS \
          (SELECT 1 FROM users v WHERE v.login = u.login + 1)) END",
        [],
        |r| r.get(0),
    )?;
    Login::new(free as u16).map_err(|_| ApiError::limit("no free login left"))
}

pub fn assessments(c: &Connection, login: Login) -> rusqlite::Result<Vec<Assessment>> {
    let mut s = c.prepare_cached(
        "SELECT year, date, score, passed, comment FROM assessments WHERE login = ?1 ORDER BY year DESC",
    )?;
    let r = s.query_map([login.get()], |r| {
        Ok(Assessment {
            year: r.get(0)?,
            date: r.get(1)?,
            score: r.get::<_, i64>(2)?.clamp(0, 100) as u8,
            passed: r.get::<_, i64>(3)? != 0,
            comment: r.get(4)?,
        })
    })?;
    r.collect()
}
