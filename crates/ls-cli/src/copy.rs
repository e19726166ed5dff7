//! `lsc users copy` and `lsc users diff`: the plans of `ls_core::copy`, over the real service.
use super::args::{Format, Write};
use super::output::{self, Out};
use super::write::{actor, finish, validate};
use super::{parse_login, Fail};
use ls_core::api::Client;
use ls_core::copy::{self, Side};
use ls_core::domain::UserDraft;
use ls_core::t;

pub async fn user(c: &Client, ro: Option<String>, source: &str, d: UserDraft, w: Write) -> Result<(), Fail> {
    let login = parse_login(source)?;
    let (actor, _) = actor(c, ro).await?;
    // The roles are the source's: checked with the rest of the plan.
    validate(&UserDraft {
        roles: vec![ls_core::domain::Role::Client],
        ..d.clone()
    })?;
    let planned = copy::fetch_user_copy(c, &actor, login, d).await?;
    let mut plan = planned.plan;
    let Some(req) = planned.request.filter(|_| !w.dry_run) else {
        return finish(&plan, w);
    };
    let created = c.copy_user(login, &req).await?;
    plan.applied = true;
    output::created(&plan, &created, w.format)?;
    if plan.counts.refused > 0 {
        return Err(Fail {
            code: 3,
            msg: t!(
                "cli-copy-left-out",
                login = created.user.login.to_string(),
                n = plan.counts.refused,
                total = plan.rows.len()
            ),
        });
    }
    Ok(())
}

pub async fn diff(c: &Client, a: &str, b: &str, all: bool, format: Format) -> Result<(), Fail> {
    let (la, lb) = (parse_login(a)?, parse_login(b)?);
    let (ua, ub) = (c.user(la).await?, c.user(lb).await?);
    let (pa, pb) = (c.access(la, "").await?.entries, c.access(lb, "").await?.entries);
    let objects = copy::fetch_objects(c).await?;
    let rows: Vec<copy::DiffRow> = copy::diff(
        Side { user: &ua, access: &pa },
        Side { user: &ub, access: &pb },
        &objects,
    )
    .into_iter()
    .filter(|r| all || r.differs())
    .collect();
    let mut out = Out::stdout();
    let cell = |c: &copy::Cell| {
        if c.source.is_empty() {
            c.value.clone()
        } else {
            format!("{} ({})", c.value, c.source)
        }
    };
    // The table shows names and values made visible (the CSV cells are, through `csv_field`).
    let shown = |s: &str| ls_core::domain::text::visible(s).into_owned();
    match format {
        Format::Json => {
            let doc = serde_json::json!({"a": la.to_string(), "b": lb.to_string(), "rows": rows});
            out.line(output::json(&doc))?;
        }
        Format::Csv => {
            out.line(format!("what,{la},{lb}"))?;
            for r in &rows {
                let cells = [r.label.clone(), cell(&r.a), cell(&r.b)];
                let cells: Vec<String> = cells.iter().map(|x| output::csv_field(x)).collect();
                out.line(cells.join(","))?;
            }
        }
        Format::Table => {
            let wl = rows
                .iter()
                .map(|r| shown(&r.label).chars().count())
                .max()
                .unwrap_or(4)
                .clamp(4, 48);
            let wa = rows
                .iter()
                .map(|r| shown(&cell(&r.a)).chars().count())
                .max()
                .unwrap_or(4)
                .clamp(4, 40);
            let (ha, hb) = (
                format!("{la} {}", shown(&ua.username)),
                format!("{lb} {}", shown(&ub.username)),
            );
            out.line(format!("{:<wl$}   {:<wa$}   {}", "", ha, hb))?;
            for r in &rows {
                let mark = if r.differs() { "≠" } else { " " };
                out.line(format!(
                    "{:<wl$} {mark} {:<wa$}   {}",
                    shown(&r.label),
                    shown(&cell(&r.a)),
                    shown(&cell(&r.b))
                ))?;
            }
            if rows.is_empty() {
                out.line(t!("cli-diff-same", a = la.to_string(), b = lb.to_string()))?;
            }
        }
    }
    Ok(())
}
