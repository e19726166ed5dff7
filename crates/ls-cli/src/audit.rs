//! `lsc audit list` and `lsc audit revert`.
use super::args::{AuditCmd, Format};
use super::output::{csv_field, json, Out};
use super::write::finish;
use super::Fail;
use ls_core::api::{AuditEntry, AuditQuery, Client};
use ls_core::audit;
use ls_core::domain::text::visible;
use ls_core::t;

pub async fn run(c: &Client, ro: Option<String>, cmd: AuditCmd) -> Result<(), Fail> {
    match cmd {
        AuditCmd::List {
            actor,
            target,
            object,
            action,
            since,
            until,
            mask,
            limit,
            format,
        } => {
            let mut q = AuditQuery {
                actor: actor.map(|a| normal_login(&a)),
                target: target.map(|t| normal_login(&t)),
                object,
                action,
                since,
                until,
                mask,
                limit: Some(limit.clamp(1, 1000) as u32),
                ..Default::default()
            };
            // Pages through the cursor until `limit` rows.
            let mut rows: Vec<AuditEntry> = Vec::new();
            while rows.len() < limit {
                let page = c.audit_query(&q).await?;
                rows.extend(page.entries);
                match page.next {
                    Some(n) => q.before = Some(n),
                    None => break,
                }
            }
            rows.truncate(limit);
            print(&rows, format)
        }
        AuditCmd::Revert { change, write } => {
            let planned = c.revert(change, true, None).await?;
            let plan = audit::revert_plan(&planned);
            if write.dry_run || plan.counts.change == 0 {
                return finish(&plan, write).and_then(|()| {
                    if plan.counts.change == 0 && !write.dry_run {
                        Err(Fail {
                            code: 3,
                            msg: t!("cli-nothing-to-revert"),
                        })
                    } else {
                        Ok(())
                    }
                });
            }
            if let Some(why) = ro {
                return Err(Fail {
                    code: 3,
                    msg: ls_core::i18n::policy::reason(&ls_core::domain::policy::Reason::ReadOnly(why)),
                });
            }
            // The plan printed is the one applied: a target that moved meanwhile makes it 409.
            let done = c.revert(change, false, Some(planned.plan)).await?;
            finish(&audit::revert_plan(&done), write)
        }
    }
}

/// `4` → `0004`: logins are written with four digits in the log.
fn normal_login(s: &str) -> String {
    match s.trim().parse::<u16>() {
        Ok(n) if s.trim().len() < 4 => format!("{n:04}"),
        _ => s.trim().to_string(),
    }
}

fn print(rows: &[AuditEntry], format: Format) -> Result<(), Fail> {
    let mut out = Out::stdout();
    match format {
        Format::Json => out.line(json(rows))?,
        Format::Csv => {
            out.line("id,change_id,at,actor,action,target,target_name,object_id,object_name,changes")?;
            for e in rows {
                out.line(format!(
                    "{},{},{},{},{},{},{},{},{},{}",
                    e.id,
                    e.change_id,
                    csv_field(&e.at),
                    csv_field(&e.actor),
                    csv_field(&e.action),
                    csv_field(&e.target),
                    csv_field(&e.target_name),
                    e.object_id.map(|o| o.to_string()).unwrap_or_default(),
                    csv_field(&e.object_name),
                    csv_field(&audit::diff_lines(e).join("; "))
                ))?;
            }
        }
        Format::Table => {
            // One line per row and per changed field, whatever the texts hold: a comment's
            // line breaks are shown as `\n`, so no text can print a row of its own.
            for e in rows {
                let mark = if e.reverted_by.is_some() { " (reverted)" } else { "" };
                out.line(format!(
                    "{:>6}  {}  {}  {}  {}{mark}",
                    e.change_id,
                    visible(&e.at),
                    visible(&audit::who(e)),
                    visible(&audit::what(e)),
                    visible(&audit::target(e))
                ))?;
                for l in audit::diff_lines(e) {
                    out.line(format!("          {}", visible(&l)))?;
                }
            }
            if rows.is_empty() {
                out.line(t!("cli-audit-none"))?;
            }
        }
    }
    Ok(())
}
