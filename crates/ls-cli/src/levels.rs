//! `lsc access set`: one level for many objects of one user, or for many users on one object,
//! planned row by row as the console plans it — the policy's verdict and the level in effect —
//! then written as one batch unless `--dry-run`.
use super::args::Write;
use super::write::{actor, finish, refusal};
use super::{parse_login, Fail};
use ls_core::api::{AccessChange, AccessorChange, Client, UserQuery};
use ls_core::domain::policy::Policy;
use ls_core::domain::{AccessLevel, Column, LevelSource, Login, ObjectKind};
use ls_core::plan::{in_effect, Held, Outcome, Plan, Reported, Row};
use ls_core::t;
use std::collections::HashMap;

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

/// The level as the console names it (`view`, `просмотр`).
fn level_name(l: AccessLevel) -> String {
    ls_core::i18n::words::level(l)
}

fn source_object(s: &LevelSource) -> Option<i64> {
    match s {
        LevelSource::Group { object_id } | LevelSource::Account { object_id } | LevelSource::Role { object_id, .. } => {
            Some(*object_id)
        }
        LevelSource::Direct { .. } | LevelSource::Hidden => None,
    }
}

/// `known` with the names of the objects the levels in `held` come from; asked for (every
/// object the caller sees, once) only when one is missing. A failed answer leaves ids (`#12`):
/// names only explain.
async fn with_source_names<'h>(
    c: &Client,
    held: impl Iterator<Item = &'h Held>,
    mut known: HashMap<i64, String>,
) -> HashMap<i64, String> {
    let missing = held
        .flat_map(|h| h.sources.iter().filter_map(source_object))
        .any(|id| !known.contains_key(&id));
    if missing {
        if let Ok(page) = c.objects(None, "", None).await {
            known.extend(page.objects.into_iter().map(|o| (o.id, o.name)));
        }
    }
    known
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
    let named = matches!(pick, Pick::Ids(_));
    if let Pick::Ids(ids) = &pick {
        objects.retain(|o| ids.contains(&o.id));
        if let Some(id) = ids.iter().find(|id| !objects.iter().any(|o| o.id == **id)) {
            return Err(Fail {
                code: 4,
                msg: t!("cli-no-object", id = *id),
            });
        }
    }
    let mask = mask.as_str();
    let held: HashMap<i64, Held> = c
        .access(login, mask)
        .await?
        .entries
        .into_iter()
        .map(|e| (e.object_id, Held::of_entry(&e)))
        .collect();
    let names = objects.iter().map(|o| (o.id, o.name.clone())).collect();
    let names = with_source_names(c, held.values(), names).await;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
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
            let h = held.get(&o.id);
            let from = h.map(|h| h.direct).unwrap_or_default();
            let verdict = may.check_change(o.obj(), from, to).map_err(refusal);
            let row = Row::judged(
                o.obj().label(),
                login.to_string(),
                from.to_string(),
                to.to_string(),
                verdict,
            )
            .about(o.id, login);
            in_effect(row, h, to, named, &name)
        })
        .collect();
    let action = match &pick {
        Pick::Mask(_) => t!(
            "cli-action-levels-for",
            level = level_name(to),
            login = u.login.to_string(),
            mask = mask
        ),
        // By ids the mask is empty: how many objects says more than `on ''`.
        Pick::Ids(ids) => t!(
            "cli-action-levels-ids",
            level = level_name(to),
            login = u.login.to_string(),
            n = ids.len()
        ),
    };
    let mut plan = Plan::new(action, rows);
    if !w.dry_run && plan.counts.change > 0 {
        let changes: Vec<AccessChange> = objects
            .iter()
            .zip(&plan.rows)
            .filter(|(_, r)| r.outcome == Outcome::Change)
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
    let named = matches!(whom, Whom::Logins(_));
    if let Whom::Logins(logins) = &whom {
        users.retain(|u| logins.contains(&u.login));
        if let Some(l) = logins.iter().find(|l| !users.iter().any(|u| u.login == **l)) {
            return Err(Fail {
                code: 4,
                msg: t!("cli-no-user", login = l.to_string()),
            });
        }
    }
    let users_mask = users_mask.as_str();
    let held: HashMap<Login, Held> = c
        .accessors(object)
        .await?
        .into_iter()
        .map(|a| (a.login, Held::of_accessor(&a)))
        .collect();
    let names = with_source_names(c, held.values(), HashMap::from([(o.id, o.name.clone())])).await;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
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
            let h = held.get(&u.login);
            let from = h.map(|h| h.direct).unwrap_or_default();
            let verdict = p.levels_of(u).check_change(o.obj(), from, to).map_err(refusal);
            let row = Row::judged(
                o.obj().label(),
                u.login.to_string(),
                from.to_string(),
                to.to_string(),
                verdict,
            )
            .about(o.id, u.login);
            in_effect(row, h, to, named, &name)
        })
        .collect();
    let action = t!(
        "cli-action-levels-on",
        level = level_name(to),
        object = o.obj().label(),
        mask = users_mask
    );
    let mut plan = Plan::new(action, rows);
    if !w.dry_run && plan.counts.change > 0 {
        let changes: Vec<AccessorChange> = users
            .iter()
            .zip(&plan.rows)
            .filter(|(_, r)| r.outcome == Outcome::Change)
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
