//! `lsc dealers list` and `lsc dealers quota`: the dealers the caller sees with their users and
//! user quotas (issue #31); the administrator sets a dealer's quota as every write goes: a plan
//! line judged first, printed, then applied unless `--dry-run`.
use super::args::{Format, Write};
use super::output::{csv_field, json, Out};
use super::write::{actor, finish, refusal};
use super::Fail;
use ls_core::api::{Client, DealerInfo};
use ls_core::domain::policy::{Denied, Purpose, Reason};
use ls_core::domain::text::visible;
use ls_core::domain::{Role, MAX_LOGIN};
use ls_core::plan::{Plan, Row};
use ls_core::t;
use std::collections::HashMap;

/// `N` (0 to 9,999) or `none`.
pub fn parse_quota(s: &str) -> Result<Option<u32>, Fail> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match s.parse::<u32>() {
        Ok(n) if n <= u32::from(MAX_LOGIN) => Ok(Some(n)),
        _ => Err(Fail::usage(t!("cli-quota-bad", value = s, max = u32::from(MAX_LOGIN)))),
    }
}

/// A quota as a plan and a table show it: the number, or `none`.
fn shown(q: Option<i64>) -> String {
    q.map_or_else(|| "none".to_string(), |q| q.to_string())
}

/// `lsc dealers list`: id, name, parent, users, quota; JSON and CSV carry the same for scripts.
pub async fn list(c: &Client, format: Format) -> Result<(), Fail> {
    let mut ds: Vec<DealerInfo> = c.dealers_info().await?;
    ds.sort_by_key(|d| d.dealer.id);
    let mut out = Out::stdout();
    match format {
        Format::Json => out.line(json(&ds))?,
        Format::Csv => {
            out.line("id,name,parent_id,users,user_quota")?;
            for d in &ds {
                out.line(format!(
                    "{},{},{},{},{}",
                    d.dealer.id,
                    csv_field(&d.dealer.name),
                    d.dealer.parent_id.map(|p| p.to_string()).unwrap_or_default(),
                    d.users.map(|n| n.to_string()).unwrap_or_default(),
                    d.user_quota.map(|q| q.to_string()).unwrap_or_default()
                ))?;
            }
        }
        Format::Table => {
            let names: HashMap<i64, String> = ds
                .iter()
                .map(|d| (d.dealer.id, visible(&d.dealer.name).into_owned()))
                .collect();
            // Each row as shown: the parent by its name when the caller sees it, else its id.
            let rows: Vec<(i64, String, String, String, String)> = ds
                .iter()
                .map(|d| {
                    let name = names.get(&d.dealer.id).cloned().unwrap_or_default();
                    let parent = match d.dealer.parent_id {
                        Some(p) => names.get(&p).cloned().unwrap_or_else(|| format!("#{p}")),
                        None => "—".to_string(),
                    };
                    let quota = d.user_quota.map_or_else(|| "—".to_string(), |q| q.to_string());
                    // A dealer whose users the caller may not list shows no count.
                    let users = d.users.map_or_else(|| "—".to_string(), |n| n.to_string());
                    (d.dealer.id, name, parent, users, quota)
                })
                .collect();
            let len = |s: &str| s.chars().count();
            let wn = rows
                .iter()
                .map(|r| len(r.1.as_str()))
                .max()
                .unwrap_or(0)
                .max(len("name"));
            let wp = rows
                .iter()
                .map(|r| len(r.2.as_str()))
                .max()
                .unwrap_or(0)
                .max(len("parent"));
            let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(len(s))));
            out.line(format!(
                "{:>5}  {}  {}  {:>5}  {:>5}",
                "id",
                pad("name", wn),
                pad("parent", wp),
                "users",
                "quota"
            ))?;
            for (id, name, parent, users, quota) in &rows {
                let line = format!(
                    "{id:>5}  {}  {}  {users:>5}  {quota:>5}",
                    pad(name.as_str(), wn),
                    pad(parent.as_str(), wp)
                );
                out.line(line.trim_end())?;
            }
            out.line(t!("cli-dealers-count", n = ds.len()))?;
        }
    }
    Ok(())
}

/// `lsc dealers quota ID N|none`: one plan row (`dealer 3 (Alpha Systems) · user quota · 500 →
/// 450`) judged for the caller (only the administrator sets a quota), then applied.
pub async fn quota(c: &Client, ro: Option<String>, id: i64, value: &str, w: Write) -> Result<(), Fail> {
    let to = parse_quota(value)?;
    let (actor, _) = actor(c, ro).await?;
    let ds = c.dealers_info().await?;
    // A dealer the caller does not see is not named, as the server answers.
    let Some(d) = ds.iter().find(|d| d.dealer.id == id) else {
        return Err(Fail {
            code: 4,
            msg: t!("cli-dealer-not-found", id = id),
        });
    };
    let verdict = actor.writable().map_err(refusal).and_then(|()| {
        if actor.is_admin() {
            Ok(())
        } else {
            Err(refusal(Denied::from(Reason::LacksRole {
                roles: &[Role::Admin],
                to: Purpose::SetDealerQuota,
            })))
        }
    });
    let target = format!("dealer {} ({})", d.dealer.id, d.dealer.name);
    let row = Row::judged(
        target.clone(),
        "user quota",
        shown(d.user_quota),
        shown(to.map(i64::from)),
        verdict,
    );
    let mut plan = Plan::new(t!("cli-action-quota", target = target.as_str()), vec![row]);
    if !w.dry_run && plan.counts.change > 0 {
        c.set_dealer_quota(id, to).await?;
        plan.applied = true;
    }
    finish(&plan, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quota_is_a_number_up_to_every_login_or_none() {
        assert_eq!(parse_quota("500").ok(), Some(Some(500)));
        assert_eq!(parse_quota(" none ").ok(), Some(None));
        assert_eq!(parse_quota("NONE").ok(), Some(None));
        assert_eq!(parse_quota("9999").ok(), Some(Some(9999)));
        for bad in ["10000", "-1", "", "five"] {
            assert_eq!(parse_quota(bad).err().map(|f| f.code), Some(2), "{bad}");
        }
    }
}
