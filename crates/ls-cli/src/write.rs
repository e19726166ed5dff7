//! The CLI's writes: users created, updated, blocked and unblocked (levels for many objects or
//! many users: `levels`). Each builds a plan first — every row judged by `domain::policy` with
//! the levels the server reported to the caller, exactly as the console judges them — prints it,
//! and unless `--dry-run` writes the rows the policy allows (levels as one batch). Exit 3 when the
//! policy refused a row (the rest is still written).
use super::args::{UserFields, Write};
use super::{output, parse_login, Fail};
use ls_core::api::Client;
use ls_core::domain::policy::{Actor, Denied, Policy};
use ls_core::domain::{DealerTree, FieldError, Language, Login, Role, User, UserDraft};
use ls_core::plan::{Outcome, Plan, Reported, Row};
use ls_core::t;
use std::collections::HashMap;
use std::sync::Arc;

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

/// A refusal in the language in effect (in English, the policy's own words).
pub(super) fn refusal(d: Denied) -> String {
    ls_core::i18n::policy::denied(&d)
}

/// Prints the plan; refused rows make the exit code 3 once the rest is done.
pub(super) fn finish(plan: &Plan, w: Write) -> Result<(), Fail> {
    output::plan(plan, w.format)?;
    if plan.counts.refused > 0 {
        let (n, total) = (plan.counts.refused, plan.rows.len());
        return Err(Fail {
            code: 3,
            msg: if plan.applied {
                t!("cli-refused-rows-written", n = n, total = total)
            } else {
                t!("cli-refused-rows", n = n, total = total)
            },
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

/// A field's problem, its field named once: `email is not a valid address` as it is, `a user
/// needs at least one role` as `roles: a user needs at least one role`.
pub(super) fn field_message(e: &FieldError) -> String {
    let m = e.message.to_lowercase();
    let named = [e.field.to_string(), e.field.replace('_', " ")]
        .iter()
        .any(|f| m.starts_with(&format!("{f} ")) || m.starts_with(&format!("{f}:")));
    if named {
        e.message.clone()
    } else {
        format!("{}: {}", e.field, e.message)
    }
}

/// Invalid fields, each named, before anything is sent.
pub(super) fn validate(d: &UserDraft) -> Result<(), Fail> {
    let errs = d.validate();
    if errs.is_empty() {
        return Ok(());
    }
    let msg: Vec<String> = errs.iter().map(field_message).collect();
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
    let verdict = Policy::new(&actor, &levels).create_user(&d, dealer_id).map_err(refusal);
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
    let mut plan = Plan::new(t!("cli-action-create", dealer = dealer_id), rows);
    if w.dry_run || verdict.is_err() {
        return finish(&plan, w);
    }
    let created = c.create_user(&d).await?;
    plan.applied = true;
    output::created(&plan, &created, w.format)
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
    let edit = p.edit_user(&u).map_err(refusal);
    for (name, v) in text_fields(&f) {
        let Some(to) = v.clone() else { continue };
        let from = field(&mut old.clone(), name).map(|f| f.clone()).unwrap_or_default();
        let row = Row::judged(target.clone(), name, from, to.clone(), edit.clone());
        if row.outcome == Outcome::Change {
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
        if row.outcome == Outcome::Change {
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
                p.change_role(&u, *r).map_err(refusal),
            );
            if row.outcome == Outcome::Change {
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
                p.change_right(&u, code).map_err(refusal),
            );
            if row.outcome == Outcome::Change {
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
    let mut plan = Plan::new(t!("cli-action-update", target = target.as_str()), rows);
    if !w.dry_run && plan.counts.change > 0 {
        c.update_user(login, u.version, &next).await?;
        plan.applied = true;
    }
    finish(&plan, w)
}

fn plan_changes(rows: &[Row]) -> bool {
    rows.iter().any(|r| r.outcome == Outcome::Change)
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// Blocks (`allow` false) or unblocks users. There is no batch for users: each allowed one is
/// saved on its own, in order; the plan says which.
pub async fn block(c: &Client, ro: Option<String>, users: &[String], allow: bool, w: Write) -> Result<(), Fail> {
    let logins: Vec<Login> = users.iter().map(|u| parse_login(u)).collect::<Result<_, _>>()?;
    ls_core::domain::policy::each_once(logins.iter().copied(), "users").map_err(|e| Fail::usage(e.to_string()))?;
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
                Err(ls_core::i18n::policy::client_error(&e)),
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
                p.block_user(u).map_err(refusal),
            )
        })
        .collect();
    let n = users.len();
    let action = if allow {
        t!("cli-action-unblock", n = n)
    } else {
        t!("cli-action-block", n = n)
    };
    let mut plan = Plan::new(action, rows.into_iter().chain(unseen).collect());
    if !w.dry_run {
        // One save per user: one that fails (someone saved it meanwhile) is marked in its row and
        // the rest still go, so the printed plan says what happened to each.
        let mut failed = 0;
        // The found users' rows come first, in order.
        for (u, row) in found.iter().zip(plan.rows.iter_mut()) {
            if row.outcome != Outcome::Change {
                continue;
            }
            let mut d = UserDraft::from(u);
            d.login_allowed = allow;
            if let Err(e) = c.update_user(u.login, u.version, &d).await {
                failed += 1;
                row.outcome = Outcome::Refused;
                row.reason = Some(format!("not saved: {}", ls_core::i18n::policy::client_error(&e)));
            }
        }
        plan = plan.recounted();
        plan.applied = plan.counts.change > 0;
        if failed > 0 {
            output::plan(&plan, w.format)?;
            return Err(Fail::err(t!("cli-not-saved", n = failed)));
        }
    }
    finish(&plan, w)
}
