//! Copies and comparisons, planned row by row with `domain::policy`: a new user like another, a
//! new unit group like another, and the differences between two users applied one way. The CLI
//! and the console build the same plans from the same answers; nothing here decides access — each
//! row carries the policy's verdict.
use crate::api::{AccessChange, AccessEntry, AccessorChange, NewObject, UserCopy};
use crate::domain::policy::{Levels, Obj, Policy};
use crate::domain::role::effective_rights;
use crate::domain::{AccessLevel, LevelSource, Login, ObjectKind, Role, User, UserDraft};
use crate::i18n::words::quoted;
use crate::plan::{in_effect, Held, Outcome, Plan, Row};
use serde::Serialize;
use std::collections::BTreeSet;

/// The objects the caller sees, by id (the console's forest, or the CLI's list).
pub trait Objects {
    fn obj(&self, id: i64) -> Option<Obj<'_>>;
    /// `group «Fuel»` (`group “Группа «Berlin» 4”`: quotes never nest), or the id when unknown.
    fn label(&self, id: i64) -> String {
        match self.obj(id) {
            Some(o) => format!("{} {}", kind_word(o.kind), quoted(o.name)),
            None => crate::t!("copy-object-id", id = id),
        }
    }
}

/// A kind of object as the interface in effect names it (English for the CLI).
pub fn kind_word(k: ObjectKind) -> String {
    match k {
        ObjectKind::Account => crate::t!("kind-account"),
        ObjectKind::UnitGroup => crate::t!("kind-group"),
        ObjectKind::Unit => crate::t!("kind-unit"),
        ObjectKind::User => crate::t!("kind-user"),
    }
}

impl Objects for std::collections::HashMap<i64, crate::api::Object> {
    fn obj(&self, id: i64) -> Option<Obj<'_>> {
        self.get(&id).map(|o| o.obj())
    }
}

/// A planned copy: what to show, and the request that makes it (`None`: nothing may be made).
pub struct Planned<T> {
    pub plan: Plan,
    pub request: Option<T>,
}

fn verdict(v: crate::domain::policy::Verdict) -> Result<(), String> {
    v.map_err(|d| crate::i18n::policy::denied(&d))
}

/// A new user like `source`: `draft` holds the characteristics typed for it and the roles and
/// rights to copy (the source's, or fewer); `access` is the source's access page. The source's direct grants are
/// copied where the policy lets the actor give them; levels that come from a group or an account
/// come with that grant.
pub fn user_copy<L: Levels + ?Sized>(
    p: &Policy<'_, L>,
    source: &User,
    access: &[AccessEntry],
    objects: &dyn Objects,
    draft: &UserDraft,
) -> Planned<UserCopy> {
    let dealer_id = draft.dealer_id.unwrap_or(source.dealer_id);
    let grants: Vec<(Obj, AccessLevel)> = access
        .iter()
        .filter(|e| e.direct > AccessLevel::None)
        .filter_map(|e| objects.obj(e.object_id).map(|o| (o, e.direct)))
        .collect();
    let d = UserDraft {
        dealer_id: Some(dealer_id),
        ..draft.clone()
    };
    let v = p.copy_user(&d, dealer_id, &grants);
    // Targets, reasons and titles in the language in effect (the CLI's is English); what a row
    // is about (`role X`, `right X`) and its values stay as the wire names them: scripts read
    // them, and the console puts them in words (`i18n::words::plan`).
    let who = crate::t!("plan-new-user", name = d.username.trim());
    let yes = || "yes".to_string();
    let mut rows = vec![Row::judged(
        who.clone(),
        crate::t!("plan-created-in"),
        String::new(),
        p.actor.dealers.name(dealer_id),
        verdict(v.create.clone()),
    )];
    for (r, ok) in &v.roles {
        rows.push(Row::judged(
            who.clone(),
            format!("role {}", r.as_str()),
            String::new(),
            yes(),
            verdict(ok.clone()),
        ));
    }
    for (r, ok) in &v.rights {
        rows.push(Row::judged(
            who.clone(),
            format!("right {r}"),
            String::new(),
            yes(),
            verdict(ok.clone()),
        ));
    }
    for ((o, l), ok) in grants.iter().zip(&v.levels) {
        rows.push(
            Row::judged(
                objects.label(o.id),
                who.clone(),
                AccessLevel::None.to_string(),
                l.to_string(),
                verdict(ok.clone()),
            )
            .about(o.id, "new"),
        );
    }
    // A user needs a role: with none of the source's to give, there is no copy to make.
    let no_role = v.create.is_ok() && !v.roles.iter().any(|(_, ok)| ok.is_ok());
    if no_role {
        rows[0].outcome = Outcome::Refused;
        rows[0].reason = Some(crate::t!("plan-no-role"));
    }
    let plan = Plan::new(
        crate::t!(
            "plan-copy-user",
            login = source.login.to_string(),
            name = source.username.as_str()
        ),
        rows,
    );
    let request = (v.create.is_ok() && !no_role).then(|| UserCopy {
        user: UserDraft {
            roles: v.roles.iter().filter(|(_, ok)| ok.is_ok()).map(|(r, _)| *r).collect(),
            rights: v
                .rights
                .iter()
                .filter(|(_, ok)| ok.is_ok())
                .map(|(r, _)| r.clone())
                .collect(),
            ..d.clone()
        },
        levels: grants
            .iter()
            .zip(&v.levels)
            .filter(|(_, ok)| ok.is_ok())
            .map(|((o, l), _)| AccessChange {
                object_id: o.id,
                level: *l,
            })
            .collect(),
    });
    Planned { plan, request }
}

/// A new unit group like `source` (named `name`): its units, and its accessors' direct levels
/// (`(user, level)`), where the policy lets the actor. The actor's own level comes with creating it.
pub fn group_copy<L: Levels + ?Sized>(
    p: &Policy<'_, L>,
    source: Obj,
    account: Option<Obj>,
    units: &[(i64, Option<Obj>)],
    accessors: &[(&User, AccessLevel)],
    name: &str,
) -> Planned<NewObject> {
    let me = p.actor.login();
    let others: Vec<(&User, AccessLevel)> = accessors
        .iter()
        .filter(|(u, l)| u.login != me && *l > AccessLevel::None)
        .copied()
        .collect();
    let v = p.copy_group(source, account, units, &others);
    let target = crate::t!("plan-new-group", name = quoted(name));
    let mut rows = vec![Row::judged(
        target.clone(),
        crate::t!("plan-created-in"),
        String::new(),
        account.map_or_else(|| "?".into(), |a| a.name.to_string()),
        verdict(v.create.clone()),
    )];
    for ((id, u), ok) in units.iter().zip(&v.members) {
        let unit = kind_word(ObjectKind::Unit);
        let what = u.map_or_else(|| format!("{unit} {id}"), |u| format!("{unit} {}", quoted(u.name)));
        rows.push(Row::judged(
            target.clone(),
            what,
            "no".into(),
            "member".into(),
            verdict(ok.clone()),
        ));
    }
    for ((u, l), ok) in others.iter().zip(&v.accessors) {
        rows.push(
            Row::judged(
                target.clone(),
                format!("{} ({})", u.login, u.username),
                AccessLevel::None.to_string(),
                l.to_string(),
                verdict(ok.clone()),
            )
            .about(crate::domain::policy::NEW_ID, u.login),
        );
    }
    if accessors.iter().any(|(u, _)| u.login == me) {
        let mut r = Row::judged(
            target.clone(),
            crate::t!("plan-you", login = me.to_string()),
            AccessLevel::None.to_string(),
            AccessLevel::Manage.to_string(),
            Ok(()),
        );
        r.outcome = Outcome::Same;
        r.reason = Some(crate::t!("plan-creator-manage"));
        rows.push(r);
    }
    let plan = Plan::new(
        crate::t!("plan-copy-group", source = quoted(source.name), name = quoted(name)),
        rows,
    );
    let request = v.create.is_ok().then(|| NewObject {
        kind: ObjectKind::UnitGroup,
        name: name.to_string(),
        account_id: source.account_id.unwrap_or_default(),
        members: units
            .iter()
            .zip(&v.members)
            .filter(|(_, ok)| ok.is_ok())
            .map(|((id, _), _)| *id)
            .collect(),
        accessors: others
            .iter()
            .zip(&v.accessors)
            .filter(|(_, ok)| ok.is_ok())
            .map(|((u, l), _)| AccessorChange {
                login: u.login,
                level: *l,
            })
            .collect(),
    });
    Planned { plan, request }
}

/// Every object the caller sees, by id, with its levels on them as the server reported them.
pub async fn fetch_objects(
    c: &crate::api::Client,
) -> Result<std::collections::HashMap<i64, crate::api::Object>, crate::api::ClientError> {
    Ok(c.objects(None, "", None)
        .await?
        .objects
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// Fetches what a copy of `source` is planned from (the user, its access page, the objects the
/// caller sees) and plans it for `actor`. `d`: the new user's characteristics; its dealer, when
/// not given, is the source's if the actor may create users there, else the actor's own.
pub async fn fetch_user_copy(
    c: &crate::api::Client,
    actor: &crate::domain::policy::Actor,
    source: Login,
    mut d: UserDraft,
) -> Result<Planned<UserCopy>, crate::api::ClientError> {
    let src = c.user(source).await?;
    let access = c.access(source, "").await?.entries;
    let objects = fetch_objects(c).await?;
    let mut levels: std::collections::HashMap<i64, AccessLevel> =
        objects.iter().map(|(id, o)| (*id, o.level)).collect();
    if let Some(l) = src.level {
        levels.insert(src.object_id, l);
    }
    let reported = crate::plan::Reported {
        levels,
        dealers: actor.dealers.clone(),
    };
    let p = Policy::new(actor, &reported);
    d.dealer_id = Some(d.dealer_id.unwrap_or(if p.create_users(src.dealer_id).is_ok() {
        src.dealer_id
    } else {
        actor.user.dealer_id
    }));
    d.language = src.language;
    d.roles = src.roles.clone();
    d.rights = src.rights.clone();
    Ok(user_copy(&p, &src, &access, &objects, &d))
}

// ---- comparing two users ----

/// One thing two users are compared on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Aspect {
    Role {
        role: Role,
    },
    Right {
        code: String,
    },
    /// A level on an object (unit groups first: the user's object groups).
    Level {
        object_id: i64,
    },
}

/// One side of a row: the value, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// `yes`/`no` for roles and rights, the effective level for objects.
    pub value: String,
    /// `card`, `role DEALER_USER`, `direct`, `group «Fuel»`, `account «Alpha»`; empty for no.
    pub source: String,
    /// For levels: the direct grant (what a copy sets).
    #[serde(skip)]
    pub direct: AccessLevel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRow {
    #[serde(flatten)]
    pub aspect: Aspect,
    /// `role DEALER_USER`, `right USERS_VIEW`, `group «Fuel»`.
    pub label: String,
    pub a: Cell,
    pub b: Cell,
}

impl DiffRow {
    pub fn differs(&self) -> bool {
        self.a.value != self.b.value || self.a.direct != self.b.direct
    }
}

/// A user and its access page, as compared.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub user: &'a User,
    pub access: &'a [AccessEntry],
}

/// The source of a level from a group or an account the caller does not see.
pub const HIDDEN: &str = "a group or account you do not see";

fn right_cell(u: &User, code: &str) -> Cell {
    let (value, source) = if u.rights.iter().any(|r| r == code) {
        ("yes", "card".to_string())
    } else if let Some(r) = u.roles.iter().find(|r| r.default_rights().contains(&code)) {
        ("yes", format!("role {}", r.as_str()))
    } else if u.roles.contains(&Role::Admin) {
        ("yes", "role ADMIN".to_string())
    } else {
        ("no", String::new())
    };
    Cell {
        value: value.into(),
        source,
        direct: AccessLevel::None,
    }
}

fn level_cell(s: &Side, id: i64, objects: &dyn Objects) -> Cell {
    match s.access.iter().find(|e| e.object_id == id) {
        None => Cell {
            value: AccessLevel::None.to_string(),
            source: String::new(),
            direct: AccessLevel::None,
        },
        Some(e) => Cell {
            value: e.effective.to_string(),
            source: match e.source {
                LevelSource::Direct { .. } => "direct".into(),
                LevelSource::Group { object_id } | LevelSource::Account { object_id } => objects.label(object_id),
                LevelSource::Role { role, object_id } => format!("role {role} of {}", objects.label(object_id)),
                LevelSource::Hidden => HIDDEN.into(),
            },
            direct: e.direct,
        },
    }
}

/// Every row two users are compared on (`differs()` says which differ): roles, rights with their
/// source, object groups and levels on objects with theirs.
pub fn diff(a: Side, b: Side, objects: &dyn Objects) -> Vec<DiffRow> {
    let mut rows = Vec::new();
    for r in Role::ALL {
        let cell = |u: &User| Cell {
            value: if u.roles.contains(&r) { "yes" } else { "no" }.into(),
            source: String::new(),
            direct: AccessLevel::None,
        };
        rows.push(DiffRow {
            aspect: Aspect::Role { role: r },
            label: format!("role {}", r.as_str()),
            a: cell(a.user),
            b: cell(b.user),
        });
    }
    let rights: BTreeSet<String> = effective_rights(&a.user.roles, &a.user.rights)
        .into_iter()
        .chain(effective_rights(&b.user.roles, &b.user.rights))
        .chain(a.user.rights.iter().cloned())
        .chain(b.user.rights.iter().cloned())
        .collect();
    for code in rights {
        rows.push(DiffRow {
            label: format!("right {code}"),
            a: right_cell(a.user, &code),
            b: right_cell(b.user, &code),
            aspect: Aspect::Right { code },
        });
    }
    let ids: BTreeSet<i64> = a.access.iter().chain(b.access).map(|e| e.object_id).collect();
    let mut levels: Vec<DiffRow> = ids
        .into_iter()
        .map(|id| DiffRow {
            aspect: Aspect::Level { object_id: id },
            label: objects.label(id),
            a: level_cell(&a, id, objects),
            b: level_cell(&b, id, objects),
        })
        .collect();
    let rank = |r: &DiffRow| match &r.aspect {
        Aspect::Level { object_id } => match objects.obj(*object_id).map(|o| o.kind) {
            Some(ObjectKind::UnitGroup) => 0,
            Some(ObjectKind::Account) => 1,
            Some(ObjectKind::Unit) => 2,
            _ => 3,
        },
        _ => 0,
    };
    levels.sort_by(|x, y| rank(x).cmp(&rank(y)).then_with(|| x.label.cmp(&y.label)));
    rows.extend(levels);
    rows
}

/// The writes a diff applied to one user makes: its card (roles and rights) and its levels.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffApply {
    pub login: Login,
    /// The card's new roles and rights, when any changes (saved with the version it was read at).
    pub card: Option<(i64, UserDraft)>,
    pub levels: Vec<AccessChange>,
}

/// `rows` (chosen from `diff(a, b)`) applied one way: `a_to_b` copies A's side onto B, else B's
/// onto A. The target gets the source's roles, its rights (on the card, unless a role it gets
/// brings them) and its direct grants. Each row is judged by the policy as a change to the target.
pub fn apply<L: Levels + ?Sized>(
    p: &Policy<'_, L>,
    rows: &[&DiffRow],
    a_to_b: bool,
    a: Side,
    b: Side,
    objects: &dyn Objects,
) -> Planned<DiffApply> {
    let (from, to) = if a_to_b { (a, b) } else { (b, a) };
    let target = to.user;
    let who = format!("{} {} ({})", kind_word(ObjectKind::User), target.login, target.username);
    let mut plan_rows = Vec::new();
    let mut roles: Vec<Role> = target.roles.clone();
    let src = |r: &DiffRow| if a_to_b { r.a.clone() } else { r.b.clone() };
    for r in rows {
        let Aspect::Role { role } = &r.aspect else { continue };
        let want = from.user.roles.contains(role);
        let had = target.roles.contains(role);
        let row = Row::judged(
            who.clone(),
            r.label.clone(),
            yes_no(had),
            yes_no(want),
            verdict(p.change_role(target, *role)),
        );
        if row.outcome == Outcome::Change {
            roles.retain(|x| x != role);
            if want {
                roles.push(*role);
            }
        }
        plan_rows.push(row);
    }
    let mut rights: Vec<String> = target.rights.clone();
    for r in rows {
        let Aspect::Right { code } = &r.aspect else { continue };
        let want = src(r).value == "yes";
        let on_card = target.rights.contains(code);
        let by_roles = effective_rights(&roles, &[]).contains(code) || roles.contains(&Role::Admin);
        let has = on_card || by_roles;
        let (to_card, note) = match (want, on_card, by_roles) {
            (true, _, true) | (false, false, false) => (on_card, None),
            (true, _, false) => (true, None),
            (false, true, _) => (false, None),
            (false, false, true) => (false, Some(crate::t!("plan-right-from-role"))),
        };
        let mut row = Row::judged(
            who.clone(),
            r.label.clone(),
            yes_no(has),
            yes_no(want),
            if to_card != on_card {
                verdict(p.change_right(target, code))
            } else {
                Ok(())
            },
        );
        if to_card == on_card && has == want {
            row.outcome = Outcome::Same;
        }
        if let Some(n) = note {
            row.outcome = Outcome::Refused;
            row.reason = Some(n);
        }
        if row.outcome == Outcome::Change {
            rights.retain(|x| x != code);
            if to_card {
                rights.push(code.clone());
            }
        }
        plan_rows.push(row);
    }
    let may = p.levels_of(target);
    let object_name = |id: i64| objects.obj(id).map_or_else(|| format!("#{id}"), |o| o.name.to_string());
    let mut levels = Vec::new();
    for r in rows {
        let Aspect::Level { object_id } = &r.aspect else {
            continue;
        };
        let src = src(r);
        let (want, now) = (
            src.direct,
            to.access
                .iter()
                .find(|e| e.object_id == *object_id)
                .map(|e| e.direct)
                .unwrap_or_default(),
        );
        let v = match objects.obj(*object_id) {
            Some(o) => verdict(may.check_change(o, now, want)),
            None => Err(crate::t!("plan-object-unseen", id = *object_id)),
        };
        let row = Row::judged(r.label.clone(), who.clone(), now.to_string(), want.to_string(), v)
            .about(*object_id, target.login);
        // What a group or an account of the target's gives there too, as every level plan says.
        let held = to.access.iter().find(|e| e.object_id == *object_id).map(Held::of_entry);
        let mut row = in_effect(row, held.as_ref(), want, true, &object_name);
        if want == now
            && row.outcome != Outcome::Refused
            && src.value != AccessLevel::None.to_string()
            && src.source != "direct"
        {
            row.reason = Some(crate::t!(
                "plan-comes-from",
                source = crate::i18n::words::source(&src.source)
            ));
        }
        if row.outcome == Outcome::Change {
            levels.push(AccessChange {
                object_id: *object_id,
                level: want,
            });
        }
        plan_rows.push(row);
    }
    let card_changed = {
        let (mut a, mut b) = (roles.clone(), target.roles.clone());
        a.sort();
        b.sort();
        let (mut c, mut d) = (rights.clone(), target.rights.clone());
        c.sort();
        d.sort();
        a != b || c != d
    };
    let card = card_changed.then(|| {
        (
            target.version,
            UserDraft {
                roles,
                rights,
                ..UserDraft::from(target)
            },
        )
    });
    let plan = Plan::new(
        crate::t!(
            "plan-copy-rows",
            n = rows.len(),
            from = from.user.login.to_string(),
            to = target.login.to_string()
        ),
        plan_rows,
    );
    let request = (card.is_some() || !levels.is_empty()).then_some(DiffApply {
        login: target.login,
        card,
        levels,
    });
    Planned { plan, request }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}
