//! The CLI's writes: users created, updated, blocked and unblocked; levels set for many objects
//! or many users. Each builds a plan first — every row judged by `domain::policy` with the levels
//! the server reported to the caller, exactly as the console judges them — prints it, and unless
//! `--dry-run` writes the rows the policy allows (levels as one batch). Exit 3 when the policy
//! refused a row (the rest is still written).
use super::args::{UserFields, Write};
use super::{output, parse_login, Fail};
use crate::api::{AccessChange, AccessorChange, Client, UserQuery};
use crate::domain::policy::{Actor, Policy};
use crate::domain::{AccessLevel, Column, DealerTree, Language, Login, ObjectKind, Role, User, UserDraft};
use crate::plan::{Plan, Reported, Row};
use std::collections::HashMap;
use std::sync::Arc;

/// Which objects a level goes on: a mask over names, or ids.
pub enum Pick {
    Mask(String),
    Ids(Vec<i64>),
}

/// Whose level changes on one object: a mask over users, or logins.
pub enum Whom {
    Mask(String),
    Logins(Vec<Login>),
}

/// The caller as the policy's actor, with the dealers (and their account levels) it sees.
/// `read_only`: why this session may not write (the policy then refuses every row).
pub(super) async fn actor(c: &Client, read_only: Option<String>) -> Result<(Actor, Arc<DealerTree>), Fail> {
    let me = c.me().await?;
    let dealers = Arc::new(DealerTree::new(&c.dealers().await?));
    Ok((Actor::new(me.user, dealers.clone()).with_read_only(read_only), dealers))
}

fn user_label(u: &User) -> String {
    format!("user {} ({})", u.login, u.username)
}

/// Prints the plan; refused rows make the exit code 3 once the rest is done.
pub(super) fn finish(plan: &Plan, w: Write) -> Result<(), Fail> {
    output::plan(plan, w.format);
    if plan.counts.refused > 0 {
        return Err(Fail {
            code: 3,
            msg: format!(
                "the policy refused {} of {} rows{}",
                plan.counts.refused,
                plan.rows.len(),
                if plan.applied { " (the rest was written)" } else { "" }
            ),
        });
    }
    Ok(())
}

/// `draft`'s text field `name` (the flag's name with `_`).
fn field<'d>(d: &'d mut UserDraft, name: &str) -> Option<&'d mut String> {
    Some(match name {
        "username" => &mut d.username,
        "first_name" => &mut d.first_name,
        "last_name" => &mut d.last_name,
        "patronymic" => &mut d.patronymic,
        "position" => &mut d.position,
        "city" => &mut d.city,
        "country" => &mut d.country,
        "comments" => &mut d.comments,
        "email" => &mut d.email,
        "phone" => &mut d.phone,
        "mobile" => &mut d.mobile,
        _ => return None,
    })
}

fn set_field(d: &mut UserDraft, name: &str, to: String) {
    if let Some(f) = field(d, name) {
        *f = to;
    }
}

fn text_fields(f: &UserFields) -> Vec<(&'static str, &Option<String>)> {
    vec![
        ("username", &f.username),
        ("first_name", &f.first_name),
        ("last_name", &f.last_name),
        ("patronymic", &f.patronymic),
        ("position", &f.position),
        ("city", &f.city),
        ("country", &f.country),
        ("comments", &f.comments),
        ("email", &f.email),
        ("phone", &f.phone),
        ("mobile", &f.mobile),
    ]
}

pub(super) fn roles(v: &[String]) -> Result<Vec<Role>, Fail> {
    v.iter()
        .filter(|r| !r.trim().is_empty())
        .map(|r| r.trim().parse::<Role>().map_err(Fail::usage))
        .collect()
}

pub(super) fn rights(v: &[String]) -> Vec<String> {
    v.iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect()
}

fn language(s: &Option<String>) -> Result<Option<Language>, Fail> {
    s.as_deref()
        .map(|l| {
            l.parse::<Language>()
                .map_err(|e| Fail::usage(format!("--language: {e}")))
        })
        .transpose()
}

/// Invalid fields, each named, before anything is sent.
pub(super) fn validate(d: &UserDraft) -> Result<(), Fail> {
    let errs = d.validate();
    if errs.is_empty() {
        return Ok(());
    }
    let msg: Vec<String> = errs.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
    Err(Fail::usage(msg.join("; ")))
}

pub async fn create(
    c: &Client,
    ro: Option<String>,
    f: UserFields,
    new_login: Option<String>,
    dealer: Option<i64>,
    w: Write,
) -> Result<(), Fail> {
    let (actor, dealers) = actor(c, ro).await?;
    let mut d = UserDraft {
        // The new user's own flag (`--new-login`): the global --login is who signs in.
        login: new_login.as_deref().map(parse_login).transpose()?,
        roles: roles(f.roles.as_deref().unwrap_or_default())?,
        rights: rights(f.rights.as_deref().unwrap_or_default()),
        login_allowed: true,
        language: language(&f.language)?.unwrap_or(actor.user.language),
        dealer_id: Some(dealer.unwrap_or(actor.user.dealer_id)),
        ..Default::default()
    };
    for (name, v) in text_fields(&f) {
        if let Some(v) = v {
            set_field(&mut d, name, v.clone());
        }
    }
    validate(&d)?;
    let dealer_id = d.dealer_id.unwrap_or(actor.user.dealer_id);
    let levels = Reported {
        levels: HashMap::new(),
        dealers,
    };
    // A user is created whole or not at all: one verdict for every row.
    let verdict = Policy::new(&actor, &levels)
        .create_user(&d, dealer_id)
        .map_err(|e| e.to_string());
    let target = format!(
        "new user {}",
        d.login
            .map(|l| l.to_string())
            .unwrap_or_else(|| "(next free login)".into())
    );
    let mut rows: Vec<Row> = text_fields(&f)
        .into_iter()
        .filter_map(|(name, v)| v.as_ref().map(|v| (name, v)))
        .map(|(name, v)| Row::judged(target.clone(), name, String::new(), v.clone(), verdict.clone()))
        .collect();
    let list = |v: Vec<String>| v.join(",");
    rows.push(Row::judged(
        target.clone(),
        "roles",
        String::new(),
        list(d.roles.iter().map(|r| r.as_str().to_string()).collect()),
        verdict.clone(),
    ));
    if !d.rights.is_empty() {
        rows.push(Row::judged(
            target.clone(),
            "rights",
            String::new(),
            list(d.rights.clone()),
            verdict.clone(),
        ));
    }
    let mut plan = Plan::new(format!("create a user in dealer {dealer_id}"), rows);
    if w.dry_run || verdict.is_err() {
        return finish(&plan, w);
    }
    let created = c.create_user(&d).await?;
    plan.applied = true;
    output::created(&plan, &created, w.format);
    Ok(())
}

pub async fn update(c: &Client, ro: Option<String>, user: &str, f: UserFields, w: Write) -> Result<(), Fail> {
    let login = parse_login(user)?;
    let (actor, dealers) = actor(c, ro).await?;
    let u = c.user(login).await?;
    let levels = Reported {
        levels: u.level.map(|l| (u.object_id, l)).into_iter().collect(),
        dealers,
    };
    let p = Policy::new(&actor, &levels);
    let target = user_label(&u);
    let old = UserDraft::from(&u);
    // What the policy allows of the wanted change, field by field.
    let mut next = old.clone();
    let mut rows = Vec::new();
    let edit = p.edit_user(&u).map_err(|e| e.to_string());
    for (name, v) in text_fields(&f) {
        let Some(to) = v.clone() else { continue };
        let from = field(&mut old.clone(), name).map(|f| f.clone()).unwrap_or_default();
        let row = Row::judged(target.clone(), name, from, to.clone(), edit.clone());
        if row.outcome == crate::plan::Outcome::Change {
            set_field(&mut next, name, to);
        }
        rows.push(row);
    }
    if let Some(lang) = language(&f.language)? {
        let row = Row::judged(
            target.clone(),
            "language",
            old.language.as_str().into(),
            lang.as_str().into(),
            edit.clone(),
        );
        if row.outcome == crate::plan::Outcome::Change {
            next.language = lang;
        }
        rows.push(row);
    }
    if let Some(want) = &f.roles {
        let want = roles(want)?;
        for r in &Role::ALL {
            let (had, has) = (old.roles.contains(r), want.contains(r));
            if had == has {
                continue;
            }
            let row = Row::judged(
                target.clone(),
                format!("role {}", r.as_str()),
                yes_no(had),
                yes_no(has),
                p.change_role(&u, *r).map_err(|e| e.to_string()),
            );
            if row.outcome == crate::plan::Outcome::Change {
                next.roles.retain(|x| x != r);
                if has {
                    next.roles.push(*r);
                }
            }
            rows.push(row);
        }
    }
    if let Some(want) = &f.rights {
        let want = rights(want);
        let mut all: Vec<&String> = old.rights.iter().chain(want.iter()).collect();
        all.sort();
        all.dedup();
        for code in all {
            let (had, has) = (old.rights.contains(code), want.contains(code));
            if had == has {
                continue;
            }
            let row = Row::judged(
                target.clone(),
                format!("right {code}"),
                yes_no(had),
                yes_no(has),
                p.change_right(&u, code).map_err(|e| e.to_string()),
            );
            if row.outcome == crate::plan::Outcome::Change {
                next.rights.retain(|x| x != code);
                if has {
                    next.rights.push(code.clone());
                }
            }
            rows.push(row);
        }
    }
    let given = text_fields(&f).iter().any(|(_, v)| v.is_some())
        || f.language.is_some()
        || f.roles.is_some()
        || f.rights.is_some();
    if !given {
        return Err(Fail::usage("nothing to change: give at least one field"));
    }
    // What is already so is an empty plan, not an error: a script may run this again.
    if plan_changes(&rows) {
        validate(&next)?;
    }
    let mut plan = Plan::new(format!("update {target}"), rows);
    if !w.dry_run && plan.counts.change > 0 {
        c.update_user(login, u.version, &next).await?;
        plan.applied = true;
    }
    finish(&plan, w)
}

fn plan_changes(rows: &[Row]) -> bool {
    rows.iter().any(|r| r.outcome == crate::plan::Outcome::Change)
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// Blocks (`allow` false) or unblocks users. There is no batch for users: each allowed one is
/// saved on its own, in order; the plan says which.
pub async fn block(c: &Client, ro: Option<String>, users: &[String], allow: bool, w: Write) -> Result<(), Fail> {
    let logins: Vec<Login> = users.iter().map(|u| parse_login(u)).collect::<Result<_, _>>()?;
    crate::domain::policy::each_once(logins.iter().copied(), "users").map_err(|e| Fail::usage(e.to_string()))?;
    let (actor, dealers) = actor(c, ro).await?;
    // A user the caller cannot see is a refused row, not the end of the command.
    let mut found = Vec::new();
    let mut unseen = Vec::new();
    for l in logins {
        match c.user(l).await {
            Ok(u) => found.push(u),
            Err(e) if e.status() == Some(404) => unseen.push(Row::judged(
                format!("user {l}"),
                "login allowed",
                String::new(),
                yes_no(allow),
                Err(e.to_string()),
            )),
            Err(e) => return Err(e.into()),
        }
    }
    let levels = Reported {
        levels: found.iter().filter_map(|u| u.level.map(|l| (u.object_id, l))).collect(),
        dealers,
    };
    let p = Policy::new(&actor, &levels);
    let rows: Vec<Row> = found
        .iter()
        .map(|u| {
            Row::judged(
                user_label(u),
                "login allowed",
                yes_no(u.login_allowed),
                yes_no(allow),
                p.block_user(u).map_err(|e| e.to_string()),
            )
        })
        .collect();
    let verb = if allow { "unblock" } else { "block" };
    let n = users.len();
    let mut plan = Plan::new(format!("{verb} {n} users"), rows.into_iter().chain(unseen).collect());
    if !w.dry_run {
        // One save per user: one that fails (someone saved it meanwhile) is marked in its row and
        // the rest still go, so the printed plan says what happened to each.
        let mut failed = 0;
        // The found users' rows come first, in order.
        for (u, row) in found.iter().zip(plan.rows.iter_mut()) {
            if row.outcome != crate::plan::Outcome::Change {
                continue;
            }
            let mut d = UserDraft::from(u);
            d.login_allowed = allow;
            if let Err(e) = c.update_user(u.login, u.version, &d).await {
                failed += 1;
                row.outcome = crate::plan::Outcome::Refused;
                row.reason = Some(format!("not saved: {e}"));
            }
        }
        plan = Plan::new(plan.action, plan.rows);
        plan.applied = plan.counts.change > 0;
        if failed > 0 {
            output::plan(&plan, w.format);
            return Err(Fail::err(format!("{failed} users were not saved")));
        }
    }
    finish(&plan, w)
}

/// `lsc access set --user L --mask M --level X [--kind K]`: one user's level on many objects.
pub async fn levels_for_user(
    c: &Client,
    ro: Option<String>,
    user: &str,
    pick: Pick,
    kind: Option<ObjectKind>,
    to: AccessLevel,
    w: Write,
) -> Result<(), Fail> {
    let login = parse_login(user)?;
    let (actor, dealers) = actor(c, ro).await?;
    let u = c.user(login).await?;
    let mask = match &pick {
        Pick::Mask(m) => m.clone(),
        Pick::Ids(_) => String::new(),
    };
    let mut objects = c.objects(kind, &mask, None).await?.objects;
    if let Pick::Ids(ids) = &pick {
        objects.retain(|o| ids.contains(&o.id));
        if let Some(id) = ids.iter().find(|id| !objects.iter().any(|o| o.id == **id)) {
            return Err(Fail {
                code: 4,
                msg: format!("no object {id} you can see"),
            });
        }
    }
    let mask = mask.as_str();
    let direct: HashMap<i64, AccessLevel> = c
        .access(login, mask)
        .await?
        .entries
        .into_iter()
        .map(|e| (e.object_id, e.direct))
        .collect();
    let mut known: HashMap<i64, AccessLevel> = objects.iter().map(|o| (o.id, o.level)).collect();
    if let Some(l) = u.level {
        known.insert(u.object_id, l);
    }
    let levels = Reported { levels: known, dealers };
    let p = Policy::new(&actor, &levels);
    let may = p.levels_of(&u);
    let rows: Vec<Row> = objects
        .iter()
        .map(|o| {
            let from = direct.get(&o.id).copied().unwrap_or_default();
            let verdict = may.check_change(o.obj(), from, to).map_err(|e| e.to_string());
            Row::judged(
                o.obj().label(),
                login.to_string(),
                from.to_string(),
                to.to_string(),
                verdict,
            )
            .about(o.id, login)
        })
        .collect();
    let mut plan = Plan::new(format!("level {to} for {} on '{mask}'", u.login), rows);
    if !w.dry_run && plan.counts.change > 0 {
        let changes: Vec<AccessChange> = objects
            .iter()
            .zip(&plan.rows)
            .filter(|(_, r)| r.outcome == crate::plan::Outcome::Change)
            .map(|(o, _)| AccessChange {
                object_id: o.id,
                level: to,
            })
            .collect();
        c.set_access(login, changes).await?;
        plan.applied = true;
    }
    finish(&plan, w)
}

/// `lsc access set --object ID --users-mask M --level X`: many users' level on one object.
pub async fn levels_on_object(
    c: &Client,
    ro: Option<String>,
    object: i64,
    whom: Whom,
    to: AccessLevel,
    w: Write,
) -> Result<(), Fail> {
    let (actor, dealers) = actor(c, ro).await?;
    let o = c.object(object).await?.object;
    let mut q = UserQuery::default();
    let users_mask = match &whom {
        Whom::Mask(m) => m.clone(),
        Whom::Logins(l) => l.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(","),
    };
    if let Whom::Mask(m) = &whom {
        match m.split_once('=') {
            Some((col, m)) => q
                .masks
                .push((col.parse::<Column>().map_err(Fail::usage)?, m.to_string())),
            None => q.masks.push((Column::Username, m.clone())),
        }
    }
    let mut users = c.users(&q).await?.users;
    if let Whom::Logins(logins) = &whom {
        users.retain(|u| logins.contains(&u.login));
        if let Some(l) = logins.iter().find(|l| !users.iter().any(|u| u.login == **l)) {
            return Err(Fail {
                code: 4,
                msg: format!("no user {l} you can see"),
            });
        }
    }
    let users_mask = users_mask.as_str();
    let direct: HashMap<Login, AccessLevel> = c
        .accessors(object)
        .await?
        .into_iter()
        .map(|a| (a.login, a.direct))
        .collect();
    // The caller's levels on the users as objects, and on this object.
    let mut known: HashMap<i64, AccessLevel> = c
        .objects(Some(ObjectKind::User), "", None)
        .await?
        .objects
        .into_iter()
        .map(|u| (u.id, u.level))
        .collect();
    known.insert(o.id, o.level);
    let levels = Reported { levels: known, dealers };
    let p = Policy::new(&actor, &levels);
    let rows: Vec<Row> = users
        .iter()
        .map(|u| {
            let from = direct.get(&u.login).copied().unwrap_or_default();
            let verdict = p
                .levels_of(u)
                .check_change(o.obj(), from, to)
                .map_err(|e| e.to_string());
            Row::judged(
                o.obj().label(),
                u.login.to_string(),
                from.to_string(),
                to.to_string(),
                verdict,
            )
            .about(o.id, u.login)
        })
        .collect();
    let mut plan = Plan::new(format!("level {to} on {} for '{users_mask}'", o.obj().label()), rows);
    if !w.dry_run && plan.counts.change > 0 {
        let changes: Vec<AccessorChange> = users
            .iter()
            .zip(&plan.rows)
            .filter(|(_, r)| r.outcome == crate::plan::Outcome::Change)
            .map(|(u, _)| AccessorChange {
                login: u.login,
                level: to,
            })
            .collect();
        c.set_accessors(object, changes).await?;
        plan.applied = true;
    }
    finish(&plan, w)
}
