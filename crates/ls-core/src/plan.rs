//! A plan: what a change to many things will write, row by row (`target · what · from → to`),
//! each row as the policy judged it, shown before anything is sent. The CLI prints it for
//! `--dry-run` and applies the rows the policy allows as one batch without it.
use crate::api::{AccessEntry, Accessor};
use crate::domain::policy::Levels;
use crate::domain::{AccessLevel, DealerTree, LevelSource};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Will be written.
    Change,
    /// Already so: nothing to write.
    Same,
    /// The policy says no (the reason is in the row).
    Refused,
    /// A revert's item whose target changed since: left as it is now.
    Moved,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// What changes: `unit 12 (Cafe #1)` or `user 0042 (ivan.petrov)`.
    pub target: String,
    /// Whose level, or which field.
    pub what: String,
    pub from: String,
    pub to: String,
    /// The level that will take effect, where a group or an account may keep it above `to`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub then: Option<String>,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For scripts: the object and the user a level row is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
}

impl Row {
    /// A row judged by the policy: refused with its reason, else a change unless `from == to`.
    pub fn judged(
        target: String,
        what: impl Into<String>,
        from: String,
        to: String,
        verdict: Result<(), String>,
    ) -> Row {
        let (outcome, reason) = match verdict {
            Err(why) => (Outcome::Refused, Some(why)),
            Ok(()) if from == to => (Outcome::Same, None),
            Ok(()) => (Outcome::Change, None),
        };
        Row {
            target,
            what: what.into(),
            from,
            to,
            then: None,
            outcome,
            reason,
            object_id: None,
            login: None,
        }
    }

    /// The level that will take effect once the row is written.
    pub fn then(mut self, level: impl Into<String>) -> Row {
        self.then = Some(level.into());
        self
    }

    /// The row as a terminal may show it: every text made visible (`domain::text::visible`),
    /// since a target or a reason can carry a name or a cell of an imported file.
    pub fn visible(&self) -> Row {
        let v = |s: &str| crate::domain::text::visible(s).into_owned();
        Row {
            target: v(&self.target),
            what: v(&self.what),
            from: v(&self.from),
            to: v(&self.to),
            then: self.then.as_deref().map(v),
            outcome: self.outcome,
            reason: self.reason.as_deref().map(v),
            object_id: self.object_id,
            login: self.login.as_deref().map(v),
        }
    }

    /// The object and user a level row is about, for scripts.
    pub fn about(mut self, object_id: i64, login: impl ToString) -> Row {
        self.object_id = Some(object_id);
        self.login = Some(login.to_string());
        self
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub change: usize,
    pub same: usize,
    pub refused: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub moved: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What applying a plan does to its rows: the words its summary says once it is applied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Done {
    /// Levels, fields, blocks: `changed 2, already so 1, refused 1`.
    #[default]
    Changed,
    /// New users (an import): `created 2, skipped 4, refused 1`.
    Created,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    /// What is planned, in a few words (`level view for 0004 on 'Fuel*'`).
    pub action: String,
    pub rows: Vec<Row>,
    pub counts: Counts,
    /// Set once applied: false for a dry run.
    pub applied: bool,
    /// What applying does (JSON says it with `counts` and `applied`).
    #[serde(skip)]
    pub done: Done,
}

impl Plan {
    pub fn new(action: impl Into<String>, rows: Vec<Row>) -> Plan {
        let mut counts = Counts::default();
        for r in &rows {
            match r.outcome {
                Outcome::Change => counts.change += 1,
                Outcome::Same => counts.same += 1,
                Outcome::Refused => counts.refused += 1,
                Outcome::Moved => counts.moved += 1,
            }
        }
        Plan {
            action: action.into(),
            rows,
            counts,
            applied: false,
            done: Done::default(),
        }
    }

    /// The same plan saying `done` once applied.
    pub fn with_done(mut self, done: Done) -> Plan {
        self.done = done;
        self
    }

    /// The rows recounted after applying (a row whose write failed became refused); what it
    /// does stays.
    pub fn recounted(self) -> Plan {
        let done = self.done;
        Plan::new(self.action, self.rows).with_done(done)
    }

    /// The rows that will be written.
    pub fn changes(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.outcome == Outcome::Change)
    }

    /// `3 to change, 1 already so, 2 refused`.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let moved = if c.moved > 0 {
            crate::t!("plan-summary-moved", n = c.moved)
        } else {
            String::new()
        };
        crate::t!(
            "plan-summary",
            change = c.change,
            same = c.same,
            refused = c.refused,
            moved = moved
        )
    }

    /// What a plan says under its rows: before applying, what it would do ([`Plan::summary`]);
    /// after, what was done (`created 2, skipped 4, refused 1`): "2 to change" would read as if
    /// nothing had happened yet.
    pub fn outcome(&self) -> String {
        if !self.applied {
            return self.summary();
        }
        let c = &self.counts;
        match self.done {
            Done::Created => crate::t!(
                "cli-summary-created",
                change = c.change,
                same = c.same,
                refused = c.refused
            ),
            Done::Changed => {
                let moved = if c.moved > 0 {
                    crate::t!("plan-summary-moved", n = c.moved)
                } else {
                    String::new()
                };
                crate::t!(
                    "cli-summary-done",
                    change = c.change,
                    same = c.same,
                    refused = c.refused,
                    moved = moved
                )
            }
        }
    }
}

/// Where a user's level on an object stands now, as the service answered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub direct: AccessLevel,
    pub effective: AccessLevel,
    /// Every source giving the effective level (one, from an older server or the accessors).
    pub sources: Vec<LevelSource>,
}

impl Held {
    /// A user's access entry (`GET /api/users/{login}/access`).
    pub fn of_entry(e: &AccessEntry) -> Held {
        Held {
            direct: e.direct,
            effective: e.effective,
            sources: if e.sources.is_empty() {
                vec![e.source]
            } else {
                e.sources.clone()
            },
        }
    }

    /// An object's accessor (`GET /api/objects/{id}/accessors`): its one source.
    pub fn of_accessor(a: &Accessor) -> Held {
        Held {
            direct: a.direct,
            effective: a.effective,
            sources: vec![a.source],
        }
    }

    /// The objects the level comes from other than the direct grant.
    fn others(&self) -> Vec<LevelSource> {
        self.sources
            .iter()
            .filter(|s| !matches!(s, LevelSource::Direct { .. }))
            .copied()
            .collect()
    }
}

/// A level row with the level in effect where a group, an account or a role gives it (the CLI's
/// and the console's plans alike; `name` names an object by its id). Raising the direct grant to
/// a level already in effect from elsewhere:
/// - not `named` (picked by a mask), it is already so (`=`) and not written: it would change
///   nothing now, and would silently outlive the group or account that gives it;
/// - `named` one by one (`--ids`, `--users`, the console's rows), it is written as named, the
///   row saying what is in effect.
///
/// A lowering those keep above `to` is written and says what stays in effect. Refused rows stay
/// as the policy said.
pub fn in_effect(row: Row, held: Option<&Held>, to: AccessLevel, named: bool, name: &dyn Fn(i64) -> String) -> Row {
    let Some(h) = held.filter(|_| row.outcome == Outcome::Change) else {
        return row;
    };
    let others = h.others();
    if others.is_empty() {
        return row;
    }
    let from = crate::i18n::policy::level_sources(&others, None, name);
    let level = crate::i18n::words::level(h.effective);
    if to > h.direct && h.effective >= to {
        let mut row = row.then(h.effective.as_str());
        if !named {
            row.outcome = Outcome::Same;
        }
        row.reason = Some(crate::t!("cli-in-effect-already", level = level, from = from));
        row
    } else if to < h.direct && h.effective > to {
        let mut row = row.then(h.effective.as_str());
        row.reason = Some(crate::t!("cli-in-effect-still", level = level, from = from));
        row
    } else {
        row
    }
}

/// The caller's levels as the server reported them (on the objects it listed, the users it
/// answered, and the dealers' accounts), as the policy takes them.
pub struct Reported {
    pub levels: HashMap<i64, AccessLevel>,
    pub dealers: Arc<DealerTree>,
}

impl Levels for Reported {
    fn granted(&self, id: i64) -> AccessLevel {
        if let Some(l) = self.levels.get(&id) {
            return *l;
        }
        self.dealers
            .dealer_of_account(id)
            .and_then(|d| self.dealers.get(d))
            .and_then(|d| d.level)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_counted_by_what_the_policy_said() {
        let r = |from: &str, to: &str, v: Result<(), String>| {
            Row::judged("unit 1 (a)".into(), "0004", from.into(), to.into(), v)
        };
        let p = Plan::new(
            "x",
            vec![
                r("none", "view", Ok(())),
                r("view", "view", Ok(())),
                r("none", "view", Err("no".into())),
                r("view", "view", Err("no".into())),
            ],
        );
        assert_eq!(
            p.counts,
            Counts {
                change: 1,
                same: 1,
                refused: 2,
                moved: 0
            }
        );
        assert_eq!(p.changes().count(), 1);
        assert_eq!(p.summary(), "1 to change, 1 already so, 2 refused");
        assert_eq!(p.rows[2].reason.as_deref(), Some("no"));
        // Once applied it says what was done, in the words of what it does.
        let mut applied = p.clone();
        applied.applied = true;
        assert_eq!(applied.outcome(), "changed 1, already so 1, refused 2");
        let created = applied.with_done(Done::Created);
        assert_eq!(created.outcome(), "created 1, skipped 1, refused 2");
        assert_eq!(created.recounted().done, Done::Created);
    }

    #[test]
    fn a_row_is_shown_without_terminal_sequences() {
        let r = Row::judged(
            "line 2 (x\u{1b}]0;title\u{7})".into(),
            "create",
            String::new(),
            "CLIENT".into(),
            Err("invalid: username holds a control character (U+001B)\u{1b}[8m".into()),
        )
        .visible();
        assert_eq!(r.target, "line 2 (x⟨U+001B⟩]0;title⟨U+0007⟩)");
        assert!(r.reason.as_deref().is_some_and(|w| !w.contains('\u{1b}')));
        assert_eq!(r.outcome, Outcome::Refused);
    }
}
