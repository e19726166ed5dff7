//! Reverting a change: each of its rows set back where the target still holds what the change
//! wrote, judged by the policy as the same change made by hand would be.
use super::{visible, Users};
use crate::ctx::{Ctx, Write};
use crate::error::{ApiError, ApiResult};
use crate::grants;
use crate::store;
use ls_api::{RevertOutcome, RevertPlan, RevertRow};
use ls_domain::{AccessLevel, Login, ObjectKind, User, UserDraft};
use rusqlite::Connection;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// A user's card set back field by field.
struct UserFix {
    cur: User,
    draft: UserDraft,
    changed: bool,
}

#[derive(Default)]
struct GroupFix {
    add: Vec<i64>,
    remove: Vec<i64>,
    name: Option<String>,
}

/// What a revert would write, and the rows it shows.
#[derive(Default)]
pub struct Plan {
    rows: Vec<RevertRow>,
    users: BTreeMap<Login, UserFix>,
    levels: Vec<(Login, i64, AccessLevel)>,
    groups: BTreeMap<i64, GroupFix>,
}

fn set_field(d: &mut UserDraft, f: &str, v: &str) -> Option<()> {
    let list = |v: &str| {
        v.split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect::<Vec<_>>()
    };
    match f {
        "username" => d.username = v.into(),
        "first_name" => d.first_name = v.into(),
        "last_name" => d.last_name = v.into(),
        "patronymic" => d.patronymic = v.into(),
        "position" => d.position = v.into(),
        "city" => d.city = v.into(),
        "country" => d.country = v.into(),
        "comments" => d.comments = v.into(),
        "email" => d.email = v.into(),
        "phone" => d.phone = v.into(),
        "mobile" => d.mobile = v.into(),
        "roles" => d.roles = list(v).iter().map(|r| r.parse().ok()).collect::<Option<_>>()?,
        "rights" => d.rights = list(v),
        "login_allowed" => d.login_allowed = v == "true",
        "language" => d.language = v.parse().ok()?,
        _ => return None,
    }
    Some(())
}

fn row(target: &str, what: &str, from: &str, to: &str, outcome: RevertOutcome, reason: Option<String>) -> RevertRow {
    RevertRow {
        target: target.into(),
        what: what.into(),
        from: from.into(),
        to: to.into(),
        outcome,
        reason,
    }
}

/// How an item stands: set back if it still holds what the change wrote and the policy allows.
fn judge(
    now: &str,
    wrote: &str,
    back: &str,
    verdict: impl FnOnce() -> Result<(), String>,
) -> (RevertOutcome, Option<String>) {
    if now == back {
        (RevertOutcome::Same, None)
    } else if now != wrote {
        (
            RevertOutcome::Moved,
            Some(format!("changed since: now '{now}', the change wrote '{wrote}'")),
        )
    } else {
        match verdict() {
            Ok(()) => (RevertOutcome::Change, None),
            Err(why) => (RevertOutcome::Refused, Some(why)),
        }
    }
}

fn why(d: ls_domain::policy::Denied) -> String {
    d.to_string()
}

fn level(v: &Value) -> Option<AccessLevel> {
    serde_json::from_value(v.clone()).ok()
}

/// Plans reverting `change` as the caller may: the rows it cannot see are not its to revert.
pub fn plan(c: &Connection, ctx: &Ctx, change: i64) -> ApiResult<Plan> {
    let p = ctx.policy();
    p.read_audit()?;
    let mut users = Users {
        c,
        seen: HashMap::new(),
    };
    let rows: Vec<_> = store::change_rows(c, change)?
        .into_iter()
        .filter(|r| visible(&p, ctx, &mut users, r))
        .collect();
    if rows.is_empty() {
        return Err(ApiError::not_found("no such change among those you may see"));
    }
    let mut plan = Plan::default();
    let mut direct: HashMap<Login, HashMap<i64, AccessLevel>> = HashMap::new();
    // The last row first: what a change did last is undone first.
    for r in rows.iter().rev() {
        let d: Value = serde_json::from_str(&r.detail).unwrap_or(Value::Null);
        let refuse = |why: &str| {
            row(
                &r.target_name,
                &r.action,
                "",
                "",
                RevertOutcome::Refused,
                Some(why.into()),
            )
        };
        match r.action.as_str() {
            "user.update" | "user.block" | "user.unblock" => {
                let Some(u) = users.get(&r.target) else {
                    plan.rows.push(refuse("the user is gone"));
                    continue;
                };
                let label = format!("{} {}", u.login, u.username);
                let fix = plan.users.entry(u.login).or_insert_with(|| UserFix {
                    draft: UserDraft::from(&u),
                    cur: u,
                    changed: false,
                });
                for (f, v) in d.as_object().into_iter().flatten() {
                    let (wrote, back) = (super::text(&v["new"]), super::text(&v["old"]));
                    let Some(now) = store::draft_field(&fix.draft, f) else {
                        continue;
                    };
                    let mut only = UserDraft::from(&fix.cur);
                    let settable = set_field(&mut only, f, &back).is_some();
                    let (outcome, reason) = judge(&now, &wrote, &back, || {
                        if !settable {
                            return Err("the old value is no longer a valid one".into());
                        }
                        // The old value must pass today's limits, as any typed value would.
                        if let Some(e) = only.validate().into_iter().find(|e| e.field == f.as_str()) {
                            return Err(format!("the old value is not valid now: {}", e.message));
                        }
                        p.update_user(&fix.cur, &only).map_err(why)
                    });
                    if outcome == RevertOutcome::Change {
                        set_field(&mut fix.draft, f, &back);
                        fix.changed = true;
                    }
                    plan.rows.push(row(&label, f, &now, &back, outcome, reason));
                }
            }
            "access.set" => {
                let (Some(u), Some(o)) = (users.get(&r.target), r.object_id.and_then(|id| ctx.obj(id))) else {
                    plan.rows.push(refuse("the user or the object is gone"));
                    continue;
                };
                let (Some(wrote), Some(back)) = (level(&d["new"]), level(&d["old"])) else {
                    plan.rows.push(refuse("the row names no levels"));
                    continue;
                };
                let now = match direct.entry(u.login) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => e.insert(store::direct_of(c, u.login)?),
                }
                .get(&o.id)
                .copied()
                .unwrap_or_default();
                let (outcome, reason) = judge(now.as_str(), wrote.as_str(), back.as_str(), || {
                    p.levels_of(&u).check_change(o, now, back).map_err(why)
                });
                if outcome == RevertOutcome::Change {
                    plan.levels.push((u.login, o.id, back));
                }
                plan.rows.push(row(
                    &format!("{} · {} {}", o.label(), u.login, u.username),
                    "level",
                    now.as_str(),
                    back.as_str(),
                    outcome,
                    reason,
                ));
            }
            "object.update" => {
                let Some(o) = r.target.parse().ok().and_then(|id| ctx.obj(id)) else {
                    plan.rows.push(refuse("the object is gone"));
                    continue;
                };
                let label = o.label();
                if let Value::Object(n) = &d["name"] {
                    let (wrote, back) = (super::text(&n["new"]), super::text(&n["old"]));
                    let (outcome, reason) = judge(o.name, &wrote, &back, || {
                        crate::objects::check_name(&back).map_err(|e| e.message)?;
                        if !matches!(o.kind, ObjectKind::Unit | ObjectKind::UnitGroup) {
                            return Err("only units and unit groups are renamed here".into());
                        }
                        p.edit_object(o).map_err(why)
                    });
                    if outcome == RevertOutcome::Change {
                        plan.groups.entry(o.id).or_default().name = Some(back.clone());
                    }
                    plan.rows.push(row(&label, "name", o.name, &back, outcome, reason));
                }
                let members = ctx.graph.members.get(&o.id).cloned().unwrap_or_default();
                for (key, was_added) in [("members_added", true), ("members_removed", false)] {
                    for unit in d[key].as_array().into_iter().flatten().filter_map(Value::as_i64) {
                        let uo = ctx.obj(unit);
                        // A unit the caller cannot see stays as it is, unnamed.
                        let Some(name) = uo.filter(|x| p.see_object(*x).is_ok()).map(|x| x.label()) else {
                            continue;
                        };
                        let inside = members.contains(&unit);
                        let (now, wrote, back) = match (inside, was_added) {
                            (true, true) => ("member", "member", "not a member"),
                            (false, true) => ("not a member", "member", "not a member"),
                            (true, false) => ("member", "not a member", "member"),
                            (false, false) => ("not a member", "not a member", "member"),
                        };
                        let (outcome, reason) = judge(now, wrote, back, || {
                            p.edit_members(o)
                                .and_then(|()| p.change_member(o, unit, uo))
                                .map_err(why)
                        });
                        if outcome == RevertOutcome::Change {
                            let g = plan.groups.entry(o.id).or_default();
                            if was_added {
                                g.remove.push(unit);
                            } else {
                                g.add.push(unit);
                            }
                        }
                        plan.rows.push(row(&label, &name, now, back, outcome, reason));
                    }
                }
            }
            "token.renew" => plan.rows.push(refuse(
                "a renewed token cannot be brought back: renew it again if needed",
            )),
            "user.create" | "user.copy" => plan.rows.push(refuse(
                "creating a user is not undone: block it instead (its levels are set back above)",
            )),
            "object.create" => plan.rows.push(refuse("creating an object is not undone here")),
            _ => plan.rows.push(refuse("this kind of change cannot be undone")),
        }
    }
    Ok(plan)
}

impl Plan {
    /// The rows and the name of this exact plan (what an apply must match).
    pub fn shown(&self, change: i64) -> RevertPlan {
        let text = serde_json::to_string(&self.rows).unwrap_or_default();
        RevertPlan {
            change_id: change,
            rows: self.rows.clone(),
            plan: ls_domain::usr::md5_hex(&text),
            applied: None,
        }
    }

    /// Writes the plan in `w` (whose rows are audited as reverting the change) and answers the
    /// revert's own change id. The policy judged every item in the same transaction.
    pub fn apply(self, w: &mut Write, ctx: &Ctx) -> ApiResult<Option<i64>> {
        if !self.rows.iter().any(|r| r.outcome == RevertOutcome::Change) {
            return Err(ApiError::conflict(
                "nothing to revert: every item has moved on since, is back already, or is not yours to change",
            ));
        }
        let actor = ctx.actor.login();
        let p = ctx.policy();
        for (login, fix) in self.users.into_iter().filter(|(_, f)| f.changed) {
            p.update_user(&fix.cur, &fix.draft)?;
            if let Some(e) = fix.draft.validate().into_iter().next() {
                return Err(ApiError::validation(format!("{}: {}", e.field, e.message)).field(e.field));
            }
            let diff = store::user_diff(&fix.cur, &fix.draft);
            store::update_user(w, login, &fix.draft)?;
            let action = match (fix.cur.login_allowed, fix.draft.login_allowed) {
                (true, false) => "user.block",
                (false, true) => "user.unblock",
                _ => "user.update",
            };
            let name = fix.draft.username.trim().to_string();
            w.audit(
                actor,
                store::NewRow::user(action, login, &name, fix.cur.dealer_id, diff),
            )?;
        }
        for (login, id, level) in self.levels {
            grants::revert_level(w, ctx, login, id, level)?;
        }
        for (id, g) in self.groups {
            let Some(o) = ctx.obj(id) else { continue };
            // Members named in the row only when some move.
            let moved = (!g.add.is_empty() || !g.remove.is_empty()).then_some((g.add.as_slice(), g.remove.as_slice()));
            grants::update_group(w, ctx, o, moved, g.name.as_deref())?;
        }
        w.graph_changed();
        Ok(w.change_id())
    }
}
